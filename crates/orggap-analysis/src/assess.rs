//! The assessments that could settle the unassessed duties: who to ask about which skills
//! before anyone is trained or hired.

use std::collections::BTreeMap;

use orggap_model::{Catalogue, PersonIdx, SkillIdx};

use crate::coverage::{Analysis, Status};

/// For every unassessed duty, its unassessed people (the first [`crate::Limits::max_names`]
/// the analysis kept) and the duty's required skills unknown for them; merged per person, in
/// roster order, each person's skills in catalogue order.
pub fn assessments(
    catalogue: &Catalogue,
    roster: &orggap_model::Roster,
    analysis: &Analysis,
) -> Vec<(PersonIdx, Vec<SkillIdx>)> {
    let mut asks: BTreeMap<PersonIdx, Vec<SkillIdx>> = BTreeMap::new();
    let unassessed = analysis
        .responsibilities
        .iter()
        .filter(|c| c.status == Status::Unassessed);
    for c in unassessed {
        let duty = catalogue.responsibility(c.responsibility);
        for &p in &c.unassessed {
            let skills = asks.entry(p).or_default();
            let unknown = duty
                .requires
                .iter()
                .filter(|q| q.level.get() > 0 && !roster.is_known(p, q.skill))
                .map(|q| q.skill);
            skills.extend(unknown);
        }
    }
    asks.into_iter()
        .map(|(p, mut skills)| {
            skills.sort_unstable();
            skills.dedup();
            (p, skills)
        })
        .collect()
}
