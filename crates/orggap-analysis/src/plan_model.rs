//! How the exact plan's integer program counts level steps ([`Model`], [`Steps`]), and the
//! greedy plan as its starting point ([`start_from`]). See `plan_exact.rs` for the model.

use std::collections::BTreeMap;

use good_lp::{Expression, Variable, constraint};
use orggap_model::{PersonIdx, RespIdx, SkillIdx};

use crate::plan::Upskill;
use crate::plan_exact::Open;

/// How the model counts a person's level steps in a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Model {
    /// A variable per level some duty asks (reached or not), each after the one below:
    /// the tight model (see the module's documentation).
    Levels,
    /// One number of steps per skill, at least what each chosen duty asks: smaller, with a
    /// weaker relaxation.
    Steps,
}

/// The most level variables for the [`Model::Levels`] model. It proves far sooner (thirty
/// people with every duty within reach: in under a second where the other took 20 s), but
/// each of its relaxations is slower to solve; past this size the solver (microlp) may not
/// finish the first one in the default 2 s, where the smaller model still finds and bounds
/// a plan. Counted, not timed, so the choice is the same on every machine.
pub(crate) const MAX_LEVEL_VARS: usize = 4_000;

impl Model {
    /// The model for `vars` level variables and candidate pairs (as the
    /// [`Model::Levels`] model counts them): that one unless it would be too large.
    pub(crate) fn for_size(vars: usize) -> Model {
        match vars > MAX_LEVEL_VARS {
            true => Model::Steps,
            false => Model::Levels,
        }
    }
}

/// The greedy plan as a starting point of the model: the values of `x`, `u`, `y` where the
/// greedy training fits the model (every pair a candidate), and its steps.
pub(crate) struct Start {
    pub(crate) values: Vec<(Variable, f64)>,
    pub(crate) steps: Option<f64>,
}

/// The levels one person's skill may be raised to in the model, from `have`. In the
/// [`Model::Levels`] model `vars[i]` is 1 when it reaches `levels[i]` (ascending, each asked
/// by some duty); in the [`Model::Steps`] model `vars[0]` is the number of steps, up to the
/// highest level asked, `levels[0]`.
pub(crate) struct Steps {
    pub(crate) have: u8,
    pub(crate) levels: Vec<u8>,
    pub(crate) vars: Vec<Variable>,
    pub(crate) model: Model,
}

impl Steps {
    /// That a trainee (`x`) reaches `level`.
    pub(crate) fn reach(&self, level: u8, x: Variable) -> good_lp::Constraint {
        match self.model {
            Model::Levels => {
                let at = self.levels.binary_search(&level).expect("an asked level");
                constraint!(x <= self.vars[at])
            }
            Model::Steps => constraint!(self.vars[0] >= f64::from(level - self.have) * x),
        }
    }

    /// The level steps, as an expression of the variables.
    pub(crate) fn cost(&self) -> Expression {
        if self.model == Model::Steps {
            return Expression::from(self.vars[0]);
        }
        let mut below = self.have;
        let mut cost = Expression::from(0.0);
        for (&level, &v) in self.levels.iter().zip(&self.vars) {
            cost += f64::from(level - below) * v;
            below = level;
        }
        cost
    }

    /// The variables' values when `added` steps are taken.
    pub(crate) fn values(&self, added: u8) -> impl Iterator<Item = (Variable, f64)> + '_ {
        let reached = u32::from(self.have) + u32::from(added);
        self.levels.iter().zip(&self.vars).map(move |(&level, &v)| {
            let value = match self.model {
                Model::Levels => f64::from(u8::from(reached >= u32::from(level))),
                Model::Steps => f64::from(added.min(level - self.have)),
            };
            (v, value)
        })
    }
}

/// The greedy plan's `upskill` as a point of the model whose variables are `x` (per
/// trainable duty, per candidate), `y` (per person of `people`) and `u` (see [`Start`]).
pub(crate) fn start_from(
    upskill: &[Upskill],
    trainable: &[&Open],
    people: &[PersonIdx],
    x: &[Vec<Variable>],
    y: &[Variable],
    u: &BTreeMap<(usize, SkillIdx), Steps>,
) -> Start {
    // The greedy's training is a point of the model only when each pair it trains is a
    // candidate pair and every duty gets exactly its trainees.
    let closes = |p: PersonIdx, r: RespIdx| {
        upskill
            .iter()
            .any(|t| t.person == p && t.closes.contains(&r))
    };
    let mut values = Vec::new();
    for (o, xs) in trainable.iter().zip(x) {
        let train = o.need.min(o.candidates.len() as u32) as usize;
        let mut given = 0;
        for (&(p, _), &v) in o.candidates.iter().zip(xs) {
            let on = closes(p, o.duty);
            given += usize::from(on);
            values.push((v, f64::from(u8::from(on))));
        }
        let trainees = upskill
            .iter()
            .filter(|t| t.closes.contains(&o.duty))
            .count();
        if given < train || trainees != given {
            return Start {
                values: Vec::new(),
                steps: None,
            };
        }
    }
    for (i, &p) in people.iter().enumerate() {
        let trained = upskill.iter().find(|t| t.person == p);
        values.push((y[i], f64::from(u8::from(trained.is_some()))));
    }
    for (&(i, skill), steps) in u {
        let added = upskill
            .iter()
            .find(|t| t.person == people[i])
            .and_then(|t| t.steps.iter().find(|&&(s, _, _)| s == skill))
            .map_or(0, |&(_, from, to)| to - from);
        values.extend(steps.values(added));
    }
    let steps = upskill.iter().map(|t| f64::from(t.total_steps())).sum();
    Start {
        values,
        steps: Some(steps),
    }
}
