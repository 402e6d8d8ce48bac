//! A plan to close every gap and at-risk duty: train the nearest people first, hire for what
//! training cannot reasonably close.
//!
//! Training: open duties are taken gaps first, then at-risk ones, each in catalogue order.
//! Each missing qualified person is found as the one whose *marginal* cost — the level steps
//! still needed after the training already planned — is smallest, so one person's training
//! is reused across duties and the total number of steps stays low; among equals, the one
//! carrying the fewest duties (qualified plus planned), then roster order. The untrained are
//! ranked for every open duty at once by columns (as the nearest candidates are); only the
//! few people already in the plan are weighed one by one.
//! A candidate who would need more than `max_steps` steps is not trained; the duty goes to
//! hiring.
//!
//! Hiring: per role, a greedy set cover. The open duty that needs the most hires seeds a
//! profile; the role's other open duties join it, in catalogue order, while the profile asks
//! for at most [`MAX_PROFILE_SKILLS`] skills (one believable person). The profile asks for the
//! highest level any of its duties asks, and is hired as many times as its neediest duty
//! needs. Repeat until every duty is covered.

use std::collections::{BTreeMap, HashMap};

use orggap_model::{
    Catalogue, Interest, Level, PersonFields, PersonIdx, RespIdx, RoleIdx, Roster, SkillIdx,
};

use crate::coverage::{Analysis, Status};
use crate::nearest::{BLOCK, Rank, nearest_in_blocks};

/// The most skills one hire profile asks for.
pub const MAX_PROFILE_SKILLS: usize = 6;

/// One person's training.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upskill {
    /// Who.
    pub person: PersonIdx,
    /// Skill steps: (skill, from, to).
    pub steps: Vec<(SkillIdx, u8, u8)>,
    /// The open duties this training makes them qualified for, in catalogue order.
    pub closes: Vec<RespIdx>,
}

impl Upskill {
    /// Level steps in total.
    pub fn total_steps(&self) -> u32 {
        self.steps
            .iter()
            .map(|&(_, from, to)| u32::from(to - from))
            .sum()
    }
}

/// A profile to hire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hire {
    /// The role whose duties it closes.
    pub role: RoleIdx,
    /// How many people of this profile.
    pub count: u32,
    /// How many of them must be hired (0 or 1): the first hire for a duty nobody holds even
    /// after the training. The rest of `count` are bench hires, who bring a duty someone
    /// already holds up to its `min_owners`.
    pub must: u32,
    /// Skills and minimum levels, in catalogue skill order.
    pub requires: Vec<(SkillIdx, u8)>,
    /// The duties it closes, in catalogue order.
    pub closes: Vec<RespIdx>,
}

/// Training first, then hiring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Training, in roster order.
    pub upskill: Vec<Upskill>,
    /// Hires, by role in catalogue order.
    pub hires: Vec<Hire>,
    /// The step limit used.
    pub max_steps: u32,
    /// Whether the plan is proved the cheapest: no plan with fewer hires, or as few and
    /// fewer level steps, or as many and fewer people trained.
    pub optimal: bool,
    /// A proven lower bound on the level steps of any plan (equal to the plan's steps when
    /// it is optimal).
    pub bound: u32,
    /// The assessments to make first: who to ask about which skills, to settle the
    /// unassessed duties (the plan itself reads an unknown level as 0).
    pub assess: Vec<(PersonIdx, Vec<orggap_model::SkillIdx>)>,
}

/// The people the plan trains, with their levels after the training planned so far, kept by
/// columns (one skill's levels of every trained person together) so that a duty weighs them
/// all in one loop per requirement.
struct Trained<'a> {
    roster: &'a Roster,
    catalogue: &'a Catalogue,
    /// Who, in the order they were first trained.
    people: Vec<PersonIdx>,
    /// Where each trained person is in `people`.
    index: HashMap<PersonIdx, usize>,
    /// Per skill, each trained person's level after training.
    columns: Vec<Vec<u8>>,
    /// The open duties each is trained for.
    chosen: BTreeMap<PersonIdx, Vec<RespIdx>>,
    /// Each trained person's steps still needed for the duty at hand, reused.
    steps: Vec<u32>,
}

impl Trained<'_> {
    fn contains(&self, p: PersonIdx) -> bool {
        self.index.contains_key(&p)
    }

    /// The level steps every trained person still needs for `r`, into `steps`.
    fn weigh(&mut self, r: RespIdx) {
        self.steps.clear();
        self.steps.resize(self.people.len(), 0);
        for q in &self.catalogue.responsibility(r).requires {
            let need = q.level.get();
            for (steps, &level) in self.steps.iter_mut().zip(&self.columns[q.skill.index()]) {
                *steps += u32::from(need.saturating_sub(level));
            }
        }
    }

    /// The level steps an untrained person needs for `r`.
    fn untrained_steps(&self, p: PersonIdx, r: RespIdx) -> u32 {
        let row = self.roster.row(p);
        self.catalogue
            .responsibility(r)
            .requires
            .iter()
            .map(|q| u32::from(q.level.get().saturating_sub(row.get(q.skill.index()))))
            .sum()
    }

    /// What training `p` for `r` would teach them: whether a skill they marked `none` is
    /// among it, and their interest in those skills, summed (a skill they say nothing of
    /// counts 0).
    fn interest(&self, p: PersonIdx, r: RespIdx) -> (bool, u32) {
        let (mut none, mut score) = (false, 0);
        for q in &self.catalogue.responsibility(r).requires {
            let now = match self.index.get(&p) {
                Some(&t) => self.columns[q.skill.index()][t],
                None => self.roster.row(p).get(q.skill.index()),
            };
            if now < q.level.get() {
                match self.roster.interest(p, q.skill) {
                    Some(Interest::None) => none = true,
                    Some(i) => score += i.score(),
                    None => {}
                }
            }
        }
        (none, score)
    }

    /// Plans the training that makes `p` qualified for `r`.
    fn train(&mut self, p: PersonIdx, r: RespIdx) {
        let t = match self.index.get(&p) {
            Some(&t) => t,
            None => {
                let row = self.roster.row(p);
                for (s, column) in self.columns.iter_mut().enumerate() {
                    column.push(row.get(s));
                }
                self.people.push(p);
                self.index.insert(p, self.people.len() - 1);
                self.people.len() - 1
            }
        };
        for q in &self.catalogue.responsibility(r).requires {
            let level = &mut self.columns[q.skill.index()][t];
            *level = (*level).max(q.level.get());
        }
        self.chosen.entry(p).or_default().push(r);
    }
}

/// Candidates beyond the `min_owners` a duty needs, found by columns for every open duty
/// at once: enough that people trained for earlier duties rarely exhaust them.
const SPARE_CANDIDATES: usize = 8;

/// Plans training and hiring for every gap and at-risk duty of `analysis`: the exact plan
/// of [`crate::plan_with`], searched for at most two seconds.
pub fn plan(catalogue: &Catalogue, roster: &Roster, analysis: &Analysis, max_steps: u32) -> Plan {
    let options = crate::PlanOptions {
        max_steps,
        ..crate::PlanOptions::default()
    };
    crate::plan_with(catalogue, roster, analysis, options)
}

/// The greedy plan (see the module's documentation): the exact plan's starting point.
#[cfg(test)]
pub(crate) fn plan_greedy(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
) -> Plan {
    plan_with_spare(catalogue, roster, analysis, max_steps, SPARE_CANDIDATES).0
}

/// Each duty the greedy plan looked at, with its nearest people and their shortfall,
/// nearest first.
pub(crate) type Nearest = Vec<(RespIdx, Vec<(PersonIdx, u32)>)>;

/// [`plan_greedy`], with the nearest people it found for each duty it looked at (up to the
/// most any duty needs and [`SPARE_CANDIDATES`] more, with their shortfall, nearest
/// first): each duty's cheapest candidates, which bound the steps of any plan.
pub(crate) fn plan_greedy_nearest(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
) -> (Plan, Nearest) {
    plan_with_spare(catalogue, roster, analysis, max_steps, SPARE_CANDIDATES)
}

/// [`plan`], finding `spare` candidates per duty beyond the most any duty needs; also the
/// nearest people of each duty (see [`plan_greedy_nearest`]).
pub(crate) fn plan_with_spare(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
    spare: usize,
) -> (Plan, Nearest) {
    let mut open: Vec<RespIdx> = catalogue
        .responsibility_indices()
        .filter(|&r| analysis.coverage(r).needs_owners())
        .collect();
    open.sort_by_key(|&r| (analysis.coverage(r).worst != Status::Gap, r));
    // How many duties each person is qualified for: among people as near, the one carrying
    // fewer is trained, so that training does not pile more onto the key people.
    let holds: Vec<u32> = roster
        .people()
        .map(|p| analysis.qualified.count(p))
        .collect();
    let depth = open
        .iter()
        .map(|&r| catalogue.responsibility(r).min_owners as usize)
        .max()
        .unwrap_or(0)
        .saturating_add(spare);
    let rank = Rank {
        max_shortfall: max_steps,
        tie: Some(&holds),
    };
    let nearest = nearest_in_blocks(
        catalogue,
        roster,
        &analysis.active,
        &open,
        depth,
        rank,
        BLOCK,
    );
    let mut trained = Trained {
        roster,
        catalogue,
        people: Vec::new(),
        index: HashMap::new(),
        columns: vec![Vec::new(); roster.skill_count()],
        chosen: BTreeMap::new(),
        steps: Vec::new(),
    };
    let mut hire_need: Vec<u32> = vec![0; catalogue.responsibilities().len()];
    for (&r, near) in open.iter().zip(&nearest) {
        trained.weigh(r);
        let newly = trained
            .people
            .iter()
            .zip(&trained.steps)
            .filter(|&(&p, &m)| m == 0 && !analysis.qualified.is(p, r))
            .count();
        let have = analysis.coverage(r).qualified_count + newly;
        let mut need = (catalogue.responsibility(r).min_owners as usize).saturating_sub(have);
        let mut next = 0;
        while need > 0 {
            let load = |p: PersonIdx| {
                holds[p.index()] as usize + trained.chosen.get(&p).map_or(0, Vec::len)
            };
            // The fewest steps; among equals, the person carrying the fewest duties, then
            // roster order. People trained already are weighed with their training. Where
            // the roster says who is interested in what: nobody is trained in a skill they
            // marked `none` while someone else can close the duty, and among equal steps the
            // more interested person goes first.
            let with_interest = roster.has_interest();
            let key = |m: u32, p: PersonIdx| {
                let (none, score) = match with_interest {
                    true => trained.interest(p, r),
                    false => (false, 0),
                };
                (none, m, std::cmp::Reverse(score), load(p), p)
            };
            let again = trained
                .people
                .iter()
                .zip(&trained.steps)
                .filter(|&(_, &m)| m > 0 && m <= max_steps)
                .map(|(&p, &m)| key(m, p))
                .min();
            while near.get(next).is_some_and(|&(p, _)| trained.contains(p)) {
                next += 1;
            }
            let fresh = match near.get(next) {
                // Without interest the first untrained candidate is the best of them.
                Some(&(p, m)) if !with_interest => Some(key(m, p)),
                Some(_) => near[next..]
                    .iter()
                    .filter(|&&(p, _)| !trained.contains(p))
                    .map(|&(p, m)| key(m, p))
                    .min(),
                // Every candidate found was trained since: look at everyone (rare).
                None if near.len() == depth => {
                    untrained_best(&trained, analysis, r, max_steps, &holds)
                        .map(|(m, _, p)| key(m, p))
                }
                None => None,
            };
            match again.into_iter().chain(fresh).min() {
                Some((_, _, _, _, p)) => {
                    trained.train(p, r);
                    trained.weigh(r);
                    need -= 1;
                }
                None => break,
            }
        }
        hire_need[r.index()] = need as u32;
    }

    let Trained {
        chosen,
        columns,
        index,
        ..
    } = trained;
    let upskill = chosen
        .into_iter()
        .map(|(person, mut closes)| {
            closes.sort_unstable();
            let (base, t) = (roster.row(person), index[&person]);
            let steps = columns
                .iter()
                .enumerate()
                .filter(|&(s, column)| column[t] > base.get(s))
                .map(|(s, column)| (SkillIdx::from_usize(s), base.get(s), column[t]))
                .collect();
            Upskill {
                person,
                steps,
                closes,
            }
        })
        .collect();
    let plan = Plan {
        upskill,
        hires: greedy_hires(catalogue, &mut hire_need),
        max_steps,
        optimal: false,
        bound: 0,
        assess: Vec::new(),
    };
    (plan, open.into_iter().zip(nearest).collect())
}

/// The best untrained person for `r` by a look at everyone: (steps, load, person).
fn untrained_best(
    trained: &Trained<'_>,
    analysis: &Analysis,
    r: RespIdx,
    max_steps: u32,
    holds: &[u32],
) -> Option<(u32, usize, PersonIdx)> {
    trained
        .roster
        .people()
        .filter(|&p| analysis.active[p.index()] && !trained.contains(p))
        .map(|p| (trained.untrained_steps(p, r), holds[p.index()] as usize, p))
        .filter(|&(m, _, _)| m > 0 && m <= max_steps)
        .min()
}

/// Hire profiles for `need` (per duty), grown greedily per role.
pub(crate) fn greedy_hires(catalogue: &Catalogue, need: &mut [u32]) -> Vec<Hire> {
    let mut out = Vec::new();
    for role in (0..catalogue.roles().len()).map(RoleIdx::from_usize) {
        loop {
            let remaining = still_needed(catalogue, role, need);
            let Some(&seed) = remaining
                .iter()
                .max_by_key(|r| (need[r.index()], std::cmp::Reverse(**r)))
            else {
                break;
            };
            let mut requires: BTreeMap<SkillIdx, u8> = BTreeMap::new();
            let mut closes = Vec::new();
            for r in std::iter::once(seed).chain(remaining.into_iter().filter(|&r| r != seed)) {
                let mut merged = requires.clone();
                raise_for(catalogue, r, &mut merged);
                if merged.len() <= MAX_PROFILE_SKILLS || closes.is_empty() {
                    requires = merged;
                    closes.push(r);
                }
            }
            let count = need[seed.index()];
            let must = must_hire(catalogue, &closes, need);
            for &r in &closes {
                need[r.index()] = need[r.index()].saturating_sub(count);
            }
            closes.sort_unstable();
            out.push(Hire {
                role,
                count,
                must,
                requires: requires.into_iter().collect(),
                closes,
            });
        }
    }
    out
}

/// The duties of `role` that `need` (per duty) still asks hires for, in catalogue order.
pub(crate) fn still_needed(catalogue: &Catalogue, role: RoleIdx, need: &[u32]) -> Vec<RespIdx> {
    let duties = catalogue.responsibilities_of(role).iter().copied();
    duties.filter(|r| need[r.index()] > 0).collect()
}

/// Raises the hire profile `requires` (skill → level) to what duty `r` asks: each of its
/// skills at the higher of the two levels.
pub(crate) fn raise_for(catalogue: &Catalogue, r: RespIdx, requires: &mut BTreeMap<SkillIdx, u8>) {
    for q in &catalogue.responsibility(r).requires {
        let level = requires.entry(q.skill).or_insert(0);
        *level = (*level).max(q.level.get());
    }
}

/// 1 when one of `closes` still needs as many owners as its `min_owners` (nobody holds it
/// after the training and no earlier profile was hired for it), else 0.
pub(crate) fn must_hire(catalogue: &Catalogue, closes: &[RespIdx], need: &[u32]) -> u32 {
    let unheld = |r: &RespIdx| need[r.index()] >= catalogue.responsibility(*r).min_owners;
    u32::from(closes.iter().any(unheld))
}

impl Plan {
    /// People to hire: must-hires and bench hires together.
    pub fn hire_count(&self) -> u32 {
        self.hires.iter().map(|h| h.count).sum()
    }

    /// Must-hires: a first hire for a duty nobody holds even after the training.
    pub fn must_hire_count(&self) -> u32 {
        self.hires.iter().map(|h| h.must).sum()
    }

    /// The roster as it would be after the plan: levels raised, hires added (named
    /// `Hire N (role)`).
    pub fn apply(&self, catalogue: &Catalogue, roster: &Roster) -> Roster {
        let mut after = roster.clone();
        for u in &self.upskill {
            for &(s, _, to) in &u.steps {
                after.set_level(u.person, s, Level::new(to).unwrap_or(Level::EXPERT));
            }
        }
        let mut n = 0;
        for h in &self.hires {
            for _ in 0..h.count {
                n += 1;
                let name = format!("Hire {n} ({})", catalogue.role(h.role).id);
                let fields = PersonFields {
                    name: &name,
                    ..PersonFields::default()
                };
                let p = after.add_person(fields);
                for &(s, level) in &h.requires {
                    after.set_level(p, s, Level::new(level).unwrap_or(Level::EXPERT));
                }
            }
        }
        after
    }

    /// Level steps of training in total.
    pub fn total_steps(&self) -> u32 {
        self.upskill.iter().map(Upskill::total_steps).sum()
    }
}
