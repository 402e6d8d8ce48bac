//! Coverage of every responsibility, role summaries, key people: the analysis behind `check`.

use std::cmp::Reverse;

use orggap_model::{Catalogue, PersonIdx, RespIdx, RoleIdx, Roster};

use crate::qualify::{Qualified, QualifiedBase};
use crate::top::TopK;

/// How well a responsibility is covered: one type from the analysis to every output, written
/// as its [`Status::as_str`] word (serde uses the same words).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Nobody is qualified.
    Gap,
    /// Fewer people are qualified than `min_owners`.
    AtRisk,
    /// At least `min_owners` people are qualified.
    Covered,
    /// A gap or at-risk duty the organisation accepts on purpose (a policy says why).
    Accepted,
    /// The worst and best cases differ: the roster's missing assessments decide it.
    Unassessed,
}

impl Status {
    /// The status for `qualified` people against `min_owners`.
    pub fn of(qualified: usize, min_owners: u32) -> Status {
        if qualified == 0 {
            Status::Gap
        } else if qualified < min_owners as usize {
            Status::AtRisk
        } else {
            Status::Covered
        }
    }

    /// The word used in every output: `gap`, `at-risk`, `covered`, `accepted`,
    /// `unassessed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Gap => "gap",
            Status::AtRisk => "at-risk",
            Status::Covered => "covered",
            Status::Accepted => "accepted",
            Status::Unassessed => "unassessed",
        }
    }

    /// The word for people to read: `at risk` instead of `at-risk`.
    pub fn label(self) -> &'static str {
        match self {
            Status::AtRisk => "at risk",
            other => other.as_str(),
        }
    }

    /// The status of a duty whose worst and best cases are these: the one they agree on,
    /// else [`Status::Unassessed`].
    pub fn proven(worst: Status, best: Status) -> Status {
        if worst == best {
            worst
        } else {
            Status::Unassessed
        }
    }
}

impl std::fmt::Display for Status {
    /// The [`Status::as_str`] word, padded as the formatter asks.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// How much of the answer to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Qualified people kept per responsibility (the count is always exact).
    pub max_names: usize,
    /// Nearest unqualified people kept per gap or at-risk responsibility.
    pub nearest: usize,
    /// Candidates kept per role.
    pub candidates: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_names: 20,
            nearest: 3,
            candidates: 3,
        }
    }
}

/// The coverage of one responsibility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Which responsibility.
    pub responsibility: RespIdx,
    /// Gap, at risk or covered where the worst and best cases agree (or accepted), else
    /// unassessed.
    pub status: Status,
    /// The status of the people proven qualified (every unknown level read as too low).
    pub worst: Status,
    /// The status if every unassessed person turned out qualified.
    pub best: Status,
    /// Exactly how many people are qualified.
    pub qualified_count: usize,
    /// Exactly how many people are unassessed: no known shortfall, some level unknown.
    pub unassessed_count: usize,
    /// The first [`Limits::max_names`] unassessed people, in roster order.
    pub unassessed: Vec<PersonIdx>,
    /// The first [`Limits::max_names`] qualified people, in roster order.
    pub qualified: Vec<PersonIdx>,
    /// Declared owners, in roster order.
    pub owners: Vec<PersonIdx>,
    /// Declared owners who are proven not qualified — not even with every unknown level at
    /// the top (an owner whose levels are unknown is not said to be unqualified) — in
    /// roster order.
    pub unqualified_owners: Vec<PersonIdx>,
    /// For gaps and at-risk duties: the unqualified people with the smallest shortfall,
    /// smallest first, ties in roster order.
    pub nearest: Vec<(PersonIdx, u32)>,
}

impl Coverage {
    /// Whether the duty needs someone trained or hired in the worst case: a gap or at risk
    /// when every unknown level is too low, and not accepted by the policy.
    pub fn needs_owners(&self) -> bool {
        self.status != Status::Accepted && matches!(self.worst, Status::Gap | Status::AtRisk)
    }
}

/// The coverage of one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleCoverage {
    /// Which role.
    pub role: RoleIdx,
    /// How many responsibilities the role has.
    pub responsibilities: usize,
    /// How many are covered.
    pub covered: usize,
    /// How many are at risk.
    pub at_risk: usize,
    /// How many are gaps.
    pub gap: usize,
    /// How many gaps or at-risk duties are accepted.
    pub accepted: usize,
    /// How many are unassessed.
    pub unassessed: usize,
    /// The people with the highest role fit (at least 1), ties in roster order.
    pub candidates: Vec<(PersonIdx, u32)>,
}

/// A person who alone is qualified for something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPerson {
    /// Who.
    pub person: PersonIdx,
    /// The responsibilities only they are qualified for, in catalogue order.
    pub sole_qualified_for: Vec<RespIdx>,
    /// Whether unassessed people could share one of those duties (so unknown levels could
    /// make this person no key person).
    pub provisional: bool,
}

/// Counts of responsibilities by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Covered responsibilities.
    pub covered: usize,
    /// At-risk responsibilities.
    pub at_risk: usize,
    /// Gaps.
    pub gap: usize,
    /// Gaps and at-risk duties accepted on purpose.
    pub accepted: usize,
    /// Duties the missing assessments decide.
    pub unassessed: usize,
}

impl Summary {
    fn add(&mut self, status: Status) {
        match status {
            Status::Gap => self.gap += 1,
            Status::AtRisk => self.at_risk += 1,
            Status::Covered => self.covered += 1,
            Status::Accepted => self.accepted += 1,
            Status::Unassessed => self.unassessed += 1,
        }
    }
}

/// The whole analysis of a roster against a catalogue.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// How many people were analysed (the roster less those left out).
    pub people: usize,
    /// Which people were analysed, indexed by person.
    pub active: Vec<bool>,
    /// Counts by status.
    pub summary: Summary,
    /// Every responsibility, in catalogue order.
    pub responsibilities: Vec<Coverage>,
    /// Every role, in catalogue order.
    pub roles: Vec<RoleCoverage>,
    /// Key people: most responsibilities first, ties in roster order.
    pub key_people: Vec<KeyPerson>,
    /// Who is qualified for what (proven: every unknown level read as too low).
    pub qualified: Qualified,
    /// Who would be qualified if every unknown level were high enough, when the roster has
    /// unknown levels: the qualified and the unassessed together.
    pub best: Option<Qualified>,
}

impl Analysis {
    /// The coverage of `r`.
    pub fn coverage(&self, r: RespIdx) -> &Coverage {
        &self.responsibilities[r.index()]
    }

    /// Marks the gaps and at-risk duties among `accepted` as accepted, and recounts.
    pub fn accept(&mut self, catalogue: &Catalogue, accepted: &[RespIdx]) {
        for &r in accepted {
            let coverage = &mut self.responsibilities[r.index()];
            if coverage.needs_owners() {
                coverage.status = Status::Accepted;
            }
        }
        let mut summary = Summary::default();
        for c in &self.responsibilities {
            summary.add(c.status);
        }
        self.summary = summary;
        for role in &mut self.roles {
            let mut counts = Summary::default();
            for &r in catalogue.responsibilities_of(role.role) {
                counts.add(self.responsibilities[r.index()].status);
            }
            (role.covered, role.at_risk, role.gap, role.accepted) =
                (counts.covered, counts.at_risk, counts.gap, counts.accepted);
            role.unassessed = counts.unassessed;
        }
    }
}

/// What a stretch of the roster adds to the analysis.
struct Tally {
    /// Qualified people per responsibility.
    counts: Vec<usize>,
    /// The first [`Limits::max_names`] of them.
    named: Vec<Vec<PersonIdx>>,
    /// The first of them.
    first: Vec<Option<PersonIdx>>,
    /// The best-fitting people per role.
    candidates: Vec<TopK<Reverse<u32>, PersonIdx>>,
}

impl Tally {
    fn of(
        people: std::ops::Range<usize>,
        active: &[bool],
        qualified: &Qualified,
        role_of: &[usize],
        roles: usize,
        limits: Limits,
    ) -> Tally {
        let resp_count = role_of.len();
        let mut t = Tally {
            counts: vec![0; resp_count],
            named: vec![Vec::new(); resp_count],
            first: vec![None; resp_count],
            candidates: (0..roles).map(|_| TopK::new(limits.candidates)).collect(),
        };
        // A person's fit per role, counted from their duties (roles they fit none of are
        // never touched, so a catalogue of hundreds of roles costs what people hold).
        let mut fit = vec![0u32; roles];
        let mut touched: Vec<usize> = Vec::new();
        for p in people.map(PersonIdx::from_usize) {
            if !active[p.index()] {
                continue;
            }
            for r in qualified.duties(p).map(RespIdx::index) {
                t.counts[r] += 1;
                t.first[r].get_or_insert(p);
                if t.named[r].len() < limits.max_names {
                    t.named[r].push(p);
                }
                let role = role_of[r];
                if fit[role] == 0 {
                    touched.push(role);
                }
                fit[role] += 1;
            }
            for role in touched.drain(..) {
                let top = &mut t.candidates[role];
                if top.admits(Reverse(fit[role])) {
                    top.push(Reverse(fit[role]), p);
                }
                fit[role] = 0;
            }
        }
        t
    }

    /// Adds the tally of the people after these, as if counted in one pass.
    fn join(&mut self, later: Tally, limits: Limits) {
        for (count, more) in self.counts.iter_mut().zip(later.counts) {
            *count += more;
        }
        for (named, more) in self.named.iter_mut().zip(later.named) {
            let room = limits.max_names - named.len();
            named.extend(more.into_iter().take(room));
        }
        for (first, more) in self.first.iter_mut().zip(later.first) {
            *first = first.or(more);
        }
        // Ties stay in arrival order, so offering the later best in order keeps one pass's result.
        for (top, more) in self.candidates.iter_mut().zip(later.candidates) {
            for (fit, p) in more.into_sorted() {
                top.push(fit, p);
            }
        }
    }
}

/// [`analyse`], with the duties `policy` accepts marked accepted (the catalogue is the
/// policy's, its `min_owners` already applied).
pub fn analyse_under(
    catalogue: &Catalogue,
    policy: &orggap_model::Policy,
    roster: &Roster,
    without: &[PersonIdx],
    limits: Limits,
) -> Analysis {
    analyse_under_from(catalogue, policy, roster, without, limits, None)
}

/// [`analyse_under`], with the qualifications of a roster `roster` was copied from (see
/// [`Qualified::compute_from`]) when there is one: the same analysis, sooner.
pub fn analyse_under_from(
    catalogue: &Catalogue,
    policy: &orggap_model::Policy,
    roster: &Roster,
    without: &[PersonIdx],
    limits: Limits,
    base: Option<&QualifiedBase>,
) -> Analysis {
    let mut analysis = analyse_from(catalogue, roster, without, limits, base);
    let accepted: Vec<RespIdx> = policy.accepted.iter().map(|&(r, _)| r).collect();
    analysis.accept(catalogue, &accepted);
    analysis
}

/// Analyses `roster` against `catalogue` as if the people in `without` had left.
pub fn analyse(
    catalogue: &Catalogue,
    roster: &Roster,
    without: &[PersonIdx],
    limits: Limits,
) -> Analysis {
    analyse_from(catalogue, roster, without, limits, None)
}

fn analyse_from(
    catalogue: &Catalogue,
    roster: &Roster,
    without: &[PersonIdx],
    limits: Limits,
    base: Option<&QualifiedBase>,
) -> Analysis {
    let mut active = vec![true; roster.len()];
    for p in without {
        active[p.index()] = false;
    }
    let qualified = match base {
        Some(base) => Qualified::compute_from(catalogue, roster, &active, base),
        None => Qualified::compute(catalogue, roster, &active),
    };
    let resp_count = catalogue.responsibilities().len();
    // The best case: every unknown level raised to the top, only those people qualified
    // again (the rest keep their proven qualifications).
    let raised = roster.raised(catalogue.scale().top());
    let best = raised.as_ref().map(|raised| {
        let base = QualifiedBase::of(roster, &qualified);
        Qualified::compute_from(catalogue, raised, &active, &base)
    });
    let (unassessed_counts, mut unassessed_named) = match &best {
        Some(best) => unassessed(roster, &active, &qualified, best, resp_count, limits),
        None => (vec![0; resp_count], vec![Vec::new(); resp_count]),
    };

    let role_of: Vec<usize> = catalogue
        .responsibilities()
        .iter()
        .map(|r| r.role.index())
        .collect();
    let roles = catalogue.roles().len();
    // Two halves of the roster on two threads, joined in roster order.
    let half = roster.len().div_ceil(2);
    let tally = |people: std::ops::Range<usize>| {
        Tally::of(people, &active, &qualified, &role_of, roles, limits)
    };
    let Tally {
        counts,
        mut named,
        first,
        candidates,
    } = std::thread::scope(|scope| {
        let later = scope.spawn(|| tally(half..roster.len()));
        let mut tally = tally(0..half);
        tally.join(
            later.join().expect("the tally thread does not panic"),
            limits,
        );
        tally
    });

    let mut responsibilities = Vec::with_capacity(resp_count);
    let mut summary = Summary::default();
    for (i, resp) in catalogue.responsibilities().iter().enumerate() {
        let r = RespIdx::from_usize(i);
        let worst = Status::of(counts[i], resp.min_owners);
        let best = Status::of(counts[i] + unassessed_counts[i], resp.min_owners);
        let status = Status::proven(worst, best);
        summary.add(status);
        responsibilities.push(Coverage {
            responsibility: r,
            status,
            worst,
            best,
            qualified_count: counts[i],
            unassessed_count: unassessed_counts[i],
            unassessed: std::mem::take(&mut unassessed_named[i]),
            qualified: std::mem::take(&mut named[i]),
            owners: Vec::new(),
            unqualified_owners: Vec::new(),
            nearest: Vec::new(),
        });
    }
    for &(p, r) in roster.owns() {
        if active[p.index()] {
            let coverage = &mut responsibilities[r.index()];
            coverage.owners.push(p);
            if !best.as_ref().unwrap_or(&qualified).is(p, r) {
                coverage.unqualified_owners.push(p);
            }
        }
    }
    fill_nearest(
        catalogue,
        raised.as_ref().unwrap_or(roster),
        &active,
        limits.nearest,
        &mut responsibilities,
    );

    let roles = catalogue
        .roles()
        .iter()
        .enumerate()
        .zip(candidates)
        .map(|((i, _), top)| {
            let role = RoleIdx::from_usize(i);
            let mut counts = Summary::default();
            for &r in catalogue.responsibilities_of(role) {
                counts.add(responsibilities[r.index()].status);
            }
            RoleCoverage {
                role,
                responsibilities: catalogue.responsibilities_of(role).len(),
                covered: counts.covered,
                at_risk: counts.at_risk,
                gap: counts.gap,
                accepted: counts.accepted,
                unassessed: counts.unassessed,
                candidates: top
                    .into_sorted()
                    .into_iter()
                    .map(|(Reverse(fit), p)| (p, fit))
                    .collect(),
            }
        })
        .collect();

    let key_people = key_people(&counts, &first, &unassessed_counts);
    Analysis {
        people: active.iter().filter(|&&a| a).count(),
        active,
        summary,
        responsibilities,
        roles,
        key_people,
        qualified,
        best,
    }
}

/// For each duty, how many active people are unassessed (qualified in the `best` case but
/// not proven), and the first [`Limits::max_names`] of them in roster order: only the people
/// with an unknown level can be.
fn unassessed(
    roster: &Roster,
    active: &[bool],
    qualified: &Qualified,
    best: &Qualified,
    duties: usize,
    limits: Limits,
) -> (Vec<usize>, Vec<Vec<PersonIdx>>) {
    let mut counts = vec![0; duties];
    let mut named = vec![Vec::new(); duties];
    for p in roster.people_with_unknown() {
        if !active[p.index()] {
            continue;
        }
        for r in best.duties(p).filter(|&r| !qualified.is(p, r)) {
            counts[r.index()] += 1;
            if named[r.index()].len() < limits.max_names {
                named[r.index()].push(p);
            }
        }
    }
    (counts, named)
}

/// The nearest unqualified people for every gap and at-risk responsibility. On a roster with
/// unknown levels this is the best case's roster, so only people ruled out by a known level
/// are near, by their known shortfall.
fn fill_nearest(
    catalogue: &Catalogue,
    roster: &Roster,
    active: &[bool],
    k: usize,
    responsibilities: &mut [Coverage],
) {
    let open: Vec<RespIdx> = responsibilities
        .iter()
        .filter(|c| !matches!(c.status, Status::Covered | Status::Unassessed))
        .map(|c| c.responsibility)
        .collect();
    let found = crate::nearest::nearest(catalogue, roster, active, &open, k);
    for (r, nearest) in open.into_iter().zip(found) {
        responsibilities[r.index()].nearest = nearest;
    }
}

/// Key people from the qualified counts and the first qualified person of each duty.
fn key_people(
    counts: &[usize],
    first: &[Option<PersonIdx>],
    unassessed: &[usize],
) -> Vec<KeyPerson> {
    let mut sole: Vec<(PersonIdx, RespIdx)> = counts
        .iter()
        .zip(first)
        .enumerate()
        .filter(|(_, (count, _))| **count == 1)
        .filter_map(|(r, (_, p))| p.map(|p| (p, RespIdx::from_usize(r))))
        .collect();
    sole.sort_unstable();
    let mut people: Vec<KeyPerson> = Vec::new();
    for (p, r) in sole {
        match people.last_mut() {
            Some(last) if last.person == p => last.sole_qualified_for.push(r),
            _ => people.push(KeyPerson {
                person: p,
                sole_qualified_for: vec![r],
                provisional: false,
            }),
        }
    }
    for k in &mut people {
        k.provisional = k
            .sole_qualified_for
            .iter()
            .any(|r| unassessed[r.index()] > 0);
    }
    // Stable: ties stay in roster order.
    people.sort_by_key(|k| Reverse(k.sole_qualified_for.len()));
    people
}
