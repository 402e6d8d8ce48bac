//! The exact plan: the training that closes the open duties in the fewest level steps, then
//! with the fewest people, proved by an integer program (good_lp on the pure-Rust microlp);
//! the hires as the fewest people in the fewest profiles, by an exact set partition.
//!
//! The model. An open duty `r` (gap or at risk) lacks `need(r)` qualified people. Its
//! candidates are the active people not qualified for it whose levels are at most
//! `max_steps` steps short of it (from their levels today); training closes `min(need,
//! candidates)` of the need, hiring the rest. Variables: `x[p][r]` (train `p` for `r`),
//! `z[p][s][k]` for each level `k` some candidate duty asks of `p`'s skill `s` (reached; in
//! `[0, 1]`, integral wherever the `x` are, each level after the one below: `z[p][s][k'] ≤
//! z[p][s][k]` for the next asked level `k'`) and `y[p]` (`p` is trained). Each duty gets its
//! trainees (`Σp x[p][r] = train(r)`); a trainee's skills reach what the duty asks
//! (`x[p][r] ≤ z[p][s][level(r, s)]`); `y[p] ≥ x[p][r]`. The steps are `Σ (k − k_prev) ·
//! z[p][s][k]` (from the person's level to the first asked level, then between asked levels).
//! A model too large for that (see [`MAX_LEVEL_VARS`]) counts one number of steps per skill
//! instead, `u[p][s] ≥ (level(r, s) − level(p, s)) · x[p][r]`: smaller, but weaker. The
//! objective, `(P + 1) · steps + Σ y` with `P` the number of candidates, puts steps first and
//! people second exactly. The greedy plan is the solver's starting point, so the answer is never
//! worse; a second solve with steps and people fixed breaks ties: each duty a person is
//! trained for costs their rank (interest in what they would learn, then the duties they
//! carry, then roster order), so duties go to the interested and the less loaded.
//!
//! Under a time limit the best plan found is kept with the proven lower bound on its steps.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use good_lp::{
    Expression, ProblemVariables, SolverModel, Variable, WithInitialSolution, WithTimeLimit,
    constraint, microlp, variable,
};
use orggap_model::{Catalogue, Interest, PersonIdx, RespIdx, Roster, SkillIdx};

use crate::coverage::Analysis;
use crate::plan::{Plan, Upskill, plan_greedy_nearest};
use crate::plan_bound::{lower_bound, nearest_bound};
use crate::plan_hires::exact_hires;
use crate::plan_model::{Model, Steps, start_from};
use crate::qualify::shortfall;

/// How hard to look for the exact plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    /// The most level steps one person may take for one duty.
    pub max_steps: u32,
    /// How long the solver may search (the greedy plan stands when it finds nothing better).
    pub time_limit: Duration,
    /// How many branch & bound nodes the search may take: the same roster then gives the
    /// same plan on any machine and under any load (the workspace, whose plan steps are
    /// clicked by number). `time_limit` still bounds it: a search cut by time gives the
    /// greedy plan, not proved, which does not depend on the machine either.
    pub node_limit: Option<u64>,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions {
            max_steps: 3,
            time_limit: Duration::from_secs(2),
            node_limit: None,
        }
    }
}

/// Above this many (person, open duty) looks, candidates are not searched for.
const MAX_LOOKS: usize = 20_000_000;

/// Above this many (person, duty) pairs the model is not built: the greedy plan stands,
/// with a simple lower bound.
const MAX_PAIRS: usize = 60_000;

/// Pairs of a person and a duty the search is given per second of `--plan-time`; past that
/// the greedy plan stands at once, with the cheap bound. Measured with the default 2 s:
/// every model of more than 2,000 pairs returned the greedy plan unchanged after the whole
/// time (generated rosters of 80 to 2,000 people with `--max-steps 99`, 2,200 to 18,000
/// pairs; 10,000 people on a 2,000-duty catalogue, 33,000), while those that were proved
/// had fewer than 1,000; twice that margin is kept.
const PAIRS_PER_SECOND: f64 = 4_000.0;

/// Branch & bound nodes for breaking ties among optimal plans.
const TIE_NODES: u64 = 30;

/// The share of the time left that breaking ties may take: the solver looks at the clock
/// only between nodes, and one node of a large model can take a good part of a second, so
/// the rest is kept for it to notice.
const TIE_SHARE: f64 = 0.5;

/// The open duties and what they lack.
pub(crate) struct Open {
    pub(crate) duty: RespIdx,
    pub(crate) need: u32,
    /// Candidates with their shortfall from today's levels, in roster order.
    pub(crate) candidates: Vec<(PersonIdx, u32)>,
    /// For each candidate, empty when they are within `max_steps` of the duty today; else
    /// the open duties whose training brings them within it (they are a candidate only
    /// when trained for one of those too).
    pub(crate) via: Vec<Vec<RespIdx>>,
    /// For each candidate, whether training them would teach a skill they marked `none`
    /// (empty: nobody); they get at most what the others cannot close.
    pub(crate) refusing: Vec<bool>,
}

/// The plan for every gap and at-risk duty of `analysis`, proved optimal where the solver
/// finishes within the time limit (see the module's documentation).
pub fn plan(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    options: PlanOptions,
) -> Plan {
    let mut plan = plan_training(catalogue, roster, analysis, options);
    plan.assess = crate::assessments(catalogue, roster, analysis);
    plan
}

/// [`plan`] without the assessments.
fn plan_training(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    options: PlanOptions,
) -> Plan {
    let start = Instant::now();
    let (greedy, nearest) = plan_greedy_nearest(catalogue, roster, analysis, options.max_steps);
    // The greedy plan, with a proven lower bound on the steps of any plan. It is not said to
    // be optimal unless it is empty: meeting the bound on steps, it may still train more
    // people than another plan of as many steps.
    let fallback = |mut greedy: Plan, bound: u32| {
        greedy.bound = bound.min(greedy.total_steps());
        greedy.optimal = greedy.total_steps() == 0 && greedy.hires.is_empty();
        greedy
    };
    // Finding every candidate looks at each person for each open duty: past a budget (a
    // large job architecture), or with no time to search, the greedy plan stands.
    let mut open = open_duties(catalogue, analysis);
    let active = analysis.active.iter().filter(|&&a| a).count();
    if options.time_limit.is_zero() {
        return fallback(greedy, 0);
    }
    if active.saturating_mul(open.len()) > MAX_LOOKS {
        return fallback(greedy, nearest_bound(catalogue, &mut open, nearest));
    }
    find_candidates(catalogue, roster, analysis, options.max_steps, &mut open);
    if roster.has_interest() {
        spare_refusals(catalogue, roster, &mut open);
    }
    let pairs: usize = open.iter().map(|o| o.candidates.len()).sum();
    let bound = lower_bound(catalogue, roster, &open);
    let searchable = PAIRS_PER_SECOND * options.time_limit.as_secs_f64();
    if pairs > MAX_PAIRS || pairs as f64 > searchable {
        return fallback(greedy, bound);
    }
    let deadline = start + options.time_limit;
    let limit = match options.node_limit {
        Some(nodes) => Limit::Nodes(nodes, deadline),
        None => Limit::Until(deadline),
    };
    let Some(mut trained) = solve_training(catalogue, roster, analysis, &open, &greedy, limit)
    else {
        return fallback(greedy, bound);
    };
    trained.bound = trained.bound.max(bound.min(trained_steps(&trained)));
    let mut hire_need = vec![0u32; catalogue.responsibilities().len()];
    for o in &open {
        hire_need[o.duty.index()] = o.need.saturating_sub(o.candidates.len() as u32);
    }
    let (hires, hires_exact) = exact_hires(catalogue, &hire_need);
    let exact = Plan {
        upskill: trained.upskill,
        hires,
        max_steps: options.max_steps,
        optimal: trained.optimal && hires_exact,
        bound: trained.bound,
        assess: Vec::new(),
    };
    // The greedy plan may still win where training it planned beyond the model (a person
    // whose earlier training brought a far duty within reach) saves a hire.
    let cost = |p: &Plan| {
        (
            p.hires.iter().map(|h| h.count).sum::<u32>(),
            p.total_steps(),
            p.upskill.len(),
        )
    };
    match cost(&greedy) < cost(&exact) {
        true => fallback(greedy, exact.bound),
        false => exact,
    }
}

/// The training steps of `trained`.
fn trained_steps(trained: &Trained) -> u32 {
    trained.upskill.iter().map(Upskill::total_steps).sum()
}

/// The gaps and duties at risk that lack someone, without candidates yet.
pub(crate) fn open_duties(catalogue: &Catalogue, analysis: &Analysis) -> Vec<Open> {
    catalogue
        .responsibility_indices()
        .filter(|&r| analysis.coverage(r).needs_owners())
        .map(|r| Open {
            duty: r,
            need: catalogue
                .responsibility(r)
                .min_owners
                .saturating_sub(analysis.coverage(r).qualified_count as u32),
            candidates: Vec::new(),
            via: Vec::new(),
            refusing: Vec::new(),
        })
        .filter(|o| o.need > 0)
        .collect()
}

/// Each open duty's candidates: the active people within `max_steps` of it, and those
/// within it once trained for another open duty.
pub(crate) fn find_candidates(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
    open: &mut [Open],
) {
    let mut row = vec![0u8; roster.skill_count()];
    let mut near: BTreeMap<PersonIdx, Vec<usize>> = BTreeMap::new();
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        let levels = roster.row(p);
        for (s, level) in row.iter_mut().enumerate() {
            *level = levels.get(s);
        }
        for (i, o) in open.iter_mut().enumerate() {
            let m = shortfall(catalogue, &row, o.duty);
            if m > 0 && m <= max_steps {
                o.candidates.push((p, m));
                o.via.push(Vec::new());
                near.entry(p).or_default().push(i);
            }
        }
    }
    // Candidates through other training: someone trained for one open duty may then be
    // within `max_steps` of another. Skipped where the model would be too big anyway.
    let pairs: usize = open.iter().map(|o| o.candidates.len()).sum();
    if pairs > MAX_PAIRS || pairs.saturating_mul(open.len()) > MAX_PAIRS * 64 {
        return;
    }
    let mut extra: BTreeMap<(usize, PersonIdx), Vec<RespIdx>> = BTreeMap::new();
    for (&p, duties) in &near {
        let levels = roster.row(p);
        for &i in duties {
            for (s, level) in row.iter_mut().enumerate() {
                *level = levels.get(s);
            }
            for q in &catalogue.responsibility(open[i].duty).requires {
                let level = &mut row[q.skill.index()];
                *level = (*level).max(q.level.get());
            }
            for (j, o) in open.iter().enumerate() {
                if duties.contains(&j) || analysis.qualified.is(p, o.duty) {
                    continue;
                }
                if shortfall(catalogue, &row, o.duty) <= max_steps {
                    extra.entry((j, p)).or_default().push(open[i].duty);
                }
            }
        }
    }
    for ((j, p), via) in extra {
        let levels: Vec<u8> = roster.row(p).iter().collect();
        let m = shortfall(catalogue, &levels, open[j].duty);
        let o = &mut open[j];
        let at = o.candidates.partition_point(|&(q, _)| q < p);
        o.candidates.insert(at, (p, m));
        o.via.insert(at, via);
    }
}

/// Nobody is trained in a skill they marked `none` while another person can close the
/// duty: such candidates are dropped from a duty that has enough candidates without them,
/// and elsewhere marked, so that they only fill what the others cannot.
fn spare_refusals(catalogue: &Catalogue, roster: &Roster, open: &mut [Open]) {
    for o in open.iter_mut() {
        let refuses = |p: PersonIdx| {
            let row = roster.row(p);
            catalogue.responsibility(o.duty).requires.iter().any(|q| {
                row.get(q.skill.index()) < q.level.get()
                    && roster.interest(p, q.skill) == Some(Interest::None)
            })
        };
        let refusing: Vec<bool> = o.candidates.iter().map(|&(p, _)| refuses(p)).collect();
        let willing = refusing.iter().filter(|&&r| !r).count();
        if willing >= o.need as usize {
            let mut keep = refusing.iter().map(|&r| !r);
            o.candidates.retain(|_| keep.next().unwrap_or(true));
            let mut keep = refusing.iter().map(|&r| !r);
            o.via.retain(|_| keep.next().unwrap_or(true));
        } else {
            o.refusing = refusing;
        }
    }
}

/// What bounds the solver's search.
#[derive(Clone, Copy, Debug)]
enum Limit {
    /// Every solve ends by this instant: the search, and the tie-breaking after it.
    Until(Instant),
    /// A search of at most this many nodes, so that its answer does not depend on the
    /// machine; cut by the instant (a model too large for its nodes to be quick), the greedy
    /// plan stands, which does not depend on the machine either.
    Nodes(u64, Instant),
}

/// The share of the time left that the search is given: the solver looks at the clock
/// between pieces of work, and overruns its limit by up to about a fifth on large models
/// (measured: 1 s given, 1.15 s taken), so the command keeps `--plan-time` with this margin.
const SEARCH_SHARE: f64 = 0.8;

impl Limit {
    /// The time from now until the limit's deadline (zero once past it).
    fn left(self) -> Duration {
        let (Limit::Until(deadline) | Limit::Nodes(_, deadline)) = self;
        deadline.saturating_duration_since(Instant::now())
    }
}

/// The training part of the plan, and whether it is proved optimal, with the lower bound
/// on its steps.
struct Trained {
    upskill: Vec<Upskill>,
    optimal: bool,
    bound: u32,
}

fn solve_training(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    open: &[Open],
    greedy: &Plan,
    limit: Limit,
) -> Option<Trained> {
    let trainable: Vec<&Open> = open.iter().filter(|o| !o.candidates.is_empty()).collect();
    if trainable.is_empty() {
        return Some(Trained {
            upskill: Vec::new(),
            optimal: true,
            bound: 0,
        });
    }
    // The people and skills of the model.
    let mut people: Vec<PersonIdx> = trainable
        .iter()
        .flat_map(|o| o.candidates.iter().map(|&(p, _)| p))
        .collect();
    people.sort_unstable();
    people.dedup();
    let at = |p: PersonIdx| people.binary_search(&p).expect("a candidate");
    let weight = people.len() as f64 + 1.0;

    // Variables, with the order they were made in (the solver's own numbering).
    let mut vars = ProblemVariables::new();
    let mut made = 0usize;
    let mut add = |vars: &mut ProblemVariables, definition| {
        made += 1;
        (vars.add(definition), made - 1)
    };
    let y: Vec<Variable> = people
        .iter()
        .map(|_| add(&mut vars, variable().binary()).0)
        .collect();
    // The levels candidate duties ask of each (person, skill) the person falls short in.
    let mut asked: BTreeMap<(usize, SkillIdx), (u8, Vec<u8>)> = BTreeMap::new();
    let mut x: Vec<Vec<Variable>> = Vec::with_capacity(trainable.len());
    let mut x_order: Vec<Vec<usize>> = Vec::with_capacity(trainable.len());
    for o in &trainable {
        let (xs, order) = o
            .candidates
            .iter()
            .map(|_| add(&mut vars, variable().binary()))
            .unzip();
        x.push(xs);
        x_order.push(order);
        for &(p, _) in &o.candidates {
            let row = roster.row(p);
            for q in &catalogue.responsibility(o.duty).requires {
                let have = row.get(q.skill.index());
                if have < q.level.get() {
                    let entry = asked.entry((at(p), q.skill)).or_insert((have, Vec::new()));
                    entry.1.push(q.level.get());
                }
            }
        }
    }
    // For each (person, skill), one variable per level some duty asks (the skill raised to
    // at least that level), each reached only after the one below; a duty asking for a level
    // needs that one. Tighter than one number of steps per skill: the relaxation pays for the
    // steps below a level as well, so the bound is stronger and the search far shorter.
    for (_, levels) in asked.values_mut() {
        levels.sort_unstable();
        levels.dedup();
    }
    let level_vars: usize = x.iter().map(Vec::len).sum::<usize>()
        + asked
            .values()
            .map(|(_, levels)| levels.len())
            .sum::<usize>();
    let model_kind = Model::for_size(level_vars);
    let mut u: BTreeMap<(usize, SkillIdx), Steps> = BTreeMap::new();
    for (key, (have, mut levels)) in asked {
        let top = levels.last().copied().unwrap_or(have);
        let vars_of = match model_kind {
            Model::Levels => levels
                .iter()
                .map(|_| add(&mut vars, variable().min(0).max(1)).0)
                .collect(),
            Model::Steps => {
                levels = vec![top];
                vec![add(&mut vars, variable().min(0).max(top - have)).0]
            }
        };
        u.insert(
            key,
            Steps {
                have,
                levels,
                vars: vars_of,
                model: model_kind,
            },
        );
    }
    let pair: std::collections::HashMap<(RespIdx, PersonIdx), Variable> =
        pairs(&trainable, &x).map(|(r, p, v)| ((r, p), v)).collect();
    let steps: Expression = u.values().map(Steps::cost).sum();
    let trained: Expression = y.iter().sum();
    let greedy_start = start_from(&greedy.upskill, &trainable, &people, &x, &y, &u);
    let build = |vars: ProblemVariables, objective: Expression| {
        let mut model = vars.minimise(objective).using(microlp);
        for (o, xs) in trainable.iter().zip(&x) {
            let train = f64::from(o.need.min(o.candidates.len() as u32));
            let chosen: Expression = xs.iter().sum();
            model.add_constraint(constraint!(chosen >= train));
            if o.refusing.iter().any(|&r| r) {
                let willing = o.refusing.iter().filter(|&&r| !r).count() as f64;
                let refusing: Expression = xs
                    .iter()
                    .zip(&o.refusing)
                    .filter(|&(_, &r)| r)
                    .map(|(&v, _)| v)
                    .sum();
                model.add_constraint(constraint!(refusing <= (train - willing).max(0.0)));
            }
            for ((&(p, _), &xv), via) in o.candidates.iter().zip(xs).zip(&o.via) {
                let i = at(p);
                model.add_constraint(constraint!(y[i] >= xv));
                if !via.is_empty() {
                    let enabling: Expression = via.iter().filter_map(|&r| pair.get(&(r, p))).sum();
                    model.add_constraint(constraint!(xv <= enabling));
                }
                let row = roster.row(p);
                for q in &catalogue.responsibility(o.duty).requires {
                    if row.get(q.skill.index()) < q.level.get() {
                        model.add_constraint(u[&(i, q.skill)].reach(q.level.get(), xv));
                    }
                }
            }
        }
        for steps in u.values() {
            for pair in steps.vars.windows(2) {
                model.add_constraint(constraint!(pair[1] <= pair[0]));
            }
        }
        model
    };
    // Steps first, then people.
    let mut model = build(vars.clone(), weight * steps.clone() + trained.clone());
    if let Some(upper) = greedy_start.steps {
        model.add_constraint(constraint!(steps.clone() <= upper));
    }
    let first: ::microlp::Solution = match limit {
        Limit::Until(_) => match greedy_start.values.is_empty() {
            true => model,
            false => model.with_initial_solution(greedy_start.values.iter().copied()),
        }
        .with_time_limit(SEARCH_SHARE * limit.left().as_secs_f64().max(0.01))
        .solve()
        .ok()?
        .into_inner(),
        Limit::Nodes(nodes, _) => {
            let mut options = ::microlp::SolveOptions::default();
            options.node_limit = Some(nodes);
            options.time_limit = Some(limit.left().mul_f64(SEARCH_SHARE));
            let solution = model
                .as_inner()
                .solve_with(options)
                .ok()?
                .into_solution()
                .ok()?;
            if solution.termination_reason() == ::microlp::TerminationReason::TimeLimit {
                return None;
            }
            solution
        }
    };
    // Which candidates a solution trains, duty by duty.
    let chosen_in = |solution: &::microlp::Solution| -> Vec<Vec<bool>> {
        let values: Vec<f64> = solution.iter().map(|(_, v)| v).collect();
        let chosen = |order: &Vec<usize>| order.iter().map(|&i| values[i] > 0.5).collect();
        x_order.iter().map(chosen).collect()
    };
    let chosen_x = chosen_in(&first);
    let found = upskill_of(catalogue, roster, &trainable, &chosen_x);
    let step_total = f64::from(found.iter().map(Upskill::total_steps).sum::<u32>());
    let people_total = found.len() as f64;
    let proved = first.termination_reason() == ::microlp::TerminationReason::ProvenOptimal;
    let bound = match proved {
        true => step_total as u32,
        false => first.stats().best_bound.map_or(0.0, |b| {
            ((b - people.len() as f64) / weight).ceil().max(0.0)
        }) as u32,
    };
    let mut chosen = chosen_x;
    // Ties: the same steps and people, each person weighed by rank; a search bounded by
    // nodes, so that the answer does not depend on the machine, and by the deadline, which
    // it keeps (cut short, the best tie-break found stands; none found, the first).
    let time_left = limit.left();
    if proved && !time_left.is_zero() {
        let ranks = ranks(catalogue, roster, analysis, &trainable, &people);
        // Each duty given to a person costs their rank: duties go to the better ranked.
        let by_rank: Expression = pairs(&trainable, &x)
            .map(|(_, p, v)| ranks[at(p)] as f64 * v)
            .sum();
        let mut model = build(vars, by_rank);
        model.add_constraint(constraint!(steps == step_total));
        model.add_constraint(constraint!(trained == people_total));
        let mut options = ::microlp::SolveOptions::default();
        options.node_limit = Some(TIE_NODES);
        options.time_limit = Some(time_left.mul_f64(TIE_SHARE));
        let solved = model
            .as_inner()
            .solve_with(options)
            .ok()
            .and_then(|outcome| outcome.into_solution().ok());
        if let Some(solution) = solved {
            chosen = chosen_in(&solution);
        }
    }
    Some(Trained {
        upskill: upskill_of(catalogue, roster, &trainable, &chosen),
        optimal: proved,
        bound,
    })
}

/// Every (duty, candidate) pair of the model with its variable.
fn pairs<'a>(
    trainable: &'a [&Open],
    x: &'a [Vec<Variable>],
) -> impl Iterator<Item = (RespIdx, PersonIdx, Variable)> + 'a {
    trainable.iter().zip(x).flat_map(|(o, xs)| {
        o.candidates
            .iter()
            .zip(xs)
            .map(|(&(p, _), &v)| (o.duty, p, v))
    })
}

/// Each model person's rank for ties: those who marked a skill they would learn `none`
/// last, then more interest first, then fewer duties held, then roster order.
fn ranks(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    trainable: &[&Open],
    people: &[PersonIdx],
) -> Vec<usize> {
    let keys: Vec<(bool, std::cmp::Reverse<u32>, u32, PersonIdx)> = people
        .iter()
        .map(|&p| {
            let (mut none, mut score) = (false, 0u32);
            if roster.has_interest() {
                let row = roster.row(p);
                for o in trainable
                    .iter()
                    .filter(|o| o.candidates.iter().any(|&(q, _)| q == p))
                {
                    for q in &catalogue.responsibility(o.duty).requires {
                        if row.get(q.skill.index()) < q.level.get() {
                            match roster.interest(p, q.skill) {
                                Some(Interest::None) => none = true,
                                Some(i) => score += i.score(),
                                None => {}
                            }
                        }
                    }
                }
            }
            (
                none,
                std::cmp::Reverse(score),
                analysis.qualified.count(p),
                p,
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    let mut rank = vec![0; people.len()];
    for (position, i) in order.into_iter().enumerate() {
        rank[i] = position + 1;
    }
    rank
}

/// The training chosen, person by person in roster order.
fn upskill_of(
    catalogue: &Catalogue,
    roster: &Roster,
    trainable: &[&Open],
    chosen: &[Vec<bool>],
) -> Vec<Upskill> {
    let mut by_person: BTreeMap<PersonIdx, (BTreeMap<SkillIdx, u8>, Vec<RespIdx>)> =
        BTreeMap::new();
    for (o, on) in trainable.iter().zip(chosen) {
        for (&(p, _), _) in o.candidates.iter().zip(on).filter(|(_, on)| **on) {
            let (targets, closes) = by_person.entry(p).or_default();
            closes.push(o.duty);
            for q in &catalogue.responsibility(o.duty).requires {
                let target = targets.entry(q.skill).or_insert(0);
                *target = (*target).max(q.level.get());
            }
        }
    }
    by_person
        .into_iter()
        .map(|(person, (targets, mut closes))| {
            closes.sort_unstable();
            let row = roster.row(person);
            let steps = targets
                .into_iter()
                .filter(|&(s, to)| to > row.get(s.index()))
                .map(|(s, to)| (s, row.get(s.index()), to))
                .collect();
            Upskill {
                person,
                steps,
                closes,
            }
        })
        .collect()
}
