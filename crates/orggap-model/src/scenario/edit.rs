//! The rules of an edit: one change made to a scenario as written ([`ScenarioDoc`]) — someone
//! leaves, a level, a hire, an owner, a what-if on a duty — checked against the roster the
//! scenario makes, so that the next edit sees the last one's hires. The workspace makes its
//! edits through these; a scenario file written by hand says the same things.

use super::doc::{ChangeDoc, HireDoc, LevelValue, Levels, RequirementDoc, ScenarioDoc};
use crate::{Catalogue, Lookup, PersonIdx, RespIdx, Roster};

/// An edit of a scenario. People are named as a scenario names them (an id, or a name that
/// is one person's); skills and duties by id or name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Someone leaves (a hire who leaves is simply not hired).
    Leave(String),
    /// Someone the scenario said leaves stays after all.
    Stay(String),
    /// A level of someone's, or (`None`) not assessed: unknown.
    Level {
        /// Who.
        person: String,
        /// The skill.
        skill: String,
        /// The level; `None`: not assessed.
        level: Option<u8>,
    },
    /// Someone moves to another team.
    Team {
        /// Who.
        person: String,
        /// The new team.
        team: String,
    },
    /// Someone's capacity (how many duties they can own).
    Capacity {
        /// Who.
        person: String,
        /// The new capacity.
        capacity: u32,
    },
    /// Someone's job title.
    Title {
        /// Who.
        person: String,
        /// The new title.
        title: String,
    },
    /// Someone joins.
    Hire {
        /// The hire's name.
        name: String,
        /// Job title (empty: none given).
        title: String,
        /// Team (empty: none given).
        team: String,
        /// Whom the hire reports to, someone on the roster (empty: nobody said).
        manager: String,
        /// Levels, `skill = level`.
        levels: Vec<(String, u8)>,
    },
    /// A duty changes hands: everyone who owns it gives it up, `person` takes it.
    Owner {
        /// The duty.
        duty: String,
        /// Its new owner.
        person: String,
    },
    /// What if a duty asked for something else: its requirements (`skill = level`s) and
    /// `min_owners`, each replaced when given; neither given takes the what-if back.
    Requirement {
        /// The duty.
        duty: String,
        /// Its requirements, when they change.
        requires: Option<Vec<(String, u8)>>,
        /// How many qualified people it needs, when that changes.
        min_owners: Option<u32>,
    },
    /// Back to no change at all.
    Clear,
}

/// Why an edit was refused, said for the person who made it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EditRefused(pub String);

impl ScenarioDoc {
    /// The scenario with `edit` made, on `roster` (the roster as read, without the
    /// scenario) and `catalogue`; refused whole, leaving nothing half made. A scenario
    /// that no longer fits the roster is edited as if it made no hires.
    pub fn edited(
        self,
        edit: Edit,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<ScenarioDoc, EditRefused> {
        let made = match self.resolve("scenario", roster, catalogue) {
            Ok(scenario) => scenario.apply(roster),
            Err(_) => roster.clone(),
        };
        self.edited_on(edit, roster, &made, catalogue)
            .map_err(EditRefused)
    }

    fn edited_on(
        self,
        edit: Edit,
        baseline: &Roster,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<ScenarioDoc, String> {
        let mut doc = self;
        // Whom a text names on the roster the scenario makes (hires included).
        let find = |text: &str| -> Result<PersonIdx, String> {
            match roster.lookup_many(&[text.trim()]).pop() {
                Some(Lookup::Found(p)) => Ok(p),
                Some(Lookup::Shared(_)) => Err(format!(
                    "'{}' is the name of several people; give an id",
                    text.trim()
                )),
                _ => Err(format!("'{}' is not on the roster", text.trim())),
            }
        };
        let base_len = baseline.len();
        match edit {
            Edit::Clear => doc = ScenarioDoc::default(),
            Edit::Leave(text) => {
                let p = find(&text)?;
                match p.index().checked_sub(base_len) {
                    // A hire who leaves is simply not hired.
                    Some(h) => {
                        doc.hire.remove(h);
                    }
                    None => {
                        let who = roster.reference(p).to_owned();
                        doc.change.retain(|c| find(&c.person).ok() != Some(p));
                        if !doc.leave.iter().any(|l| find(l).ok() == Some(p)) {
                            doc.leave.push(who);
                        }
                    }
                }
            }
            Edit::Stay(text) => {
                let p = baseline.lookup_many(&[text.trim()]).pop();
                if let Some(Lookup::Found(p)) = p {
                    doc.leave.retain(|l| {
                        !matches!(baseline.lookup_many(&[l.trim()]).pop(), Some(Lookup::Found(q)) if q == p)
                    });
                }
            }
            Edit::Level {
                person,
                skill,
                level,
            } => {
                let p = find(&person)?;
                let s = catalogue
                    .find_skill(&skill)
                    .ok_or_else(|| format!("'{skill}' is not a skill of the catalogue"))?;
                let id = catalogue.skill(s).id.clone();
                let levels = levels_of(&mut doc, roster, p, base_len, &find);
                set_level(levels, catalogue, &id, level);
            }
            Edit::Team { person, team } => {
                let p = find(&person)?;
                match p.index().checked_sub(base_len) {
                    Some(h) => doc.hire[h].team = Some(team),
                    None => change_of(&mut doc, roster, p, &find).team = Some(team),
                }
            }
            Edit::Capacity { person, capacity } => {
                let p = find(&person)?;
                match p.index().checked_sub(base_len) {
                    Some(h) => doc.hire[h].capacity = Some(u64::from(capacity)),
                    None => {
                        change_of(&mut doc, roster, p, &find).capacity = Some(u64::from(capacity))
                    }
                }
            }
            Edit::Title { person, title } => {
                let p = find(&person)?;
                match p.index().checked_sub(base_len) {
                    Some(h) => doc.hire[h].title = Some(title),
                    None => change_of(&mut doc, roster, p, &find).title = Some(title),
                }
            }
            Edit::Hire {
                name,
                title,
                team,
                manager,
                levels,
            } => {
                // The manager is someone on the roster (a scenario's hire reports to them).
                let manager = match manager.trim() {
                    "" => None,
                    text => {
                        let m = find(text)?;
                        if m.index() >= base_len {
                            return Err(format!(
                                "'{text}' is a hire; a hire reports to someone on the roster"
                            ));
                        }
                        Some(roster.reference(m).to_owned())
                    }
                };
                let mut hire = HireDoc {
                    name,
                    title: (!title.trim().is_empty()).then_some(title),
                    team: (!team.trim().is_empty()).then_some(team),
                    manager,
                    ..HireDoc::default()
                };
                for (skill, level) in levels {
                    set_level(&mut hire.levels, catalogue, &skill, Some(level));
                }
                doc.hire.push(hire);
            }
            Edit::Owner { duty, person } => {
                let r = catalogue
                    .find_responsibility(&duty)
                    .ok_or_else(|| format!("'{duty}' is not a responsibility of the catalogue"))?;
                let p = find(&person)?;
                // Everyone who owns the duty now gives it up; the new owner takes it.
                let owners: Vec<PersonIdx> = roster
                    .owns()
                    .iter()
                    .filter(|&&(_, d)| d == r)
                    .map(|&(q, _)| q)
                    .filter(|&q| q != p)
                    .collect();
                for q in owners {
                    let kept: Vec<RespIdx> = roster.owned_by(q).filter(|&d| d != r).collect();
                    set_owns(&mut doc, roster, q, base_len, &find, catalogue, kept);
                }
                let mut mine: Vec<RespIdx> = roster.owned_by(p).collect();
                if !mine.contains(&r) {
                    mine.push(r);
                }
                set_owns(&mut doc, roster, p, base_len, &find, catalogue, mine);
            }
            Edit::Requirement {
                duty,
                requires,
                min_owners,
            } => {
                let r = catalogue
                    .find_responsibility(duty.trim())
                    .ok_or_else(|| format!("'{duty}' is not a responsibility of the catalogue"))?;
                let id = catalogue.responsibility(r).id.clone();
                doc.requirement.retain(|q| q.duty != id);
                if requires.is_some() || min_owners.is_some() {
                    doc.requirement.push(RequirementDoc {
                        duty: id,
                        requires: requires.map(|levels| {
                            Levels(
                                levels
                                    .into_iter()
                                    .map(|(s, l)| (s, LevelValue::Number(f64::from(l))))
                                    .collect(),
                            )
                        }),
                        min_owners: min_owners.map(u64::from),
                    });
                }
            }
        }
        Ok(doc)
    }
}

/// The levels table the scenario gives `p`: their hire entry, or their change.
fn levels_of<'d>(
    doc: &'d mut ScenarioDoc,
    roster: &Roster,
    p: PersonIdx,
    base_len: usize,
    find: &dyn Fn(&str) -> Result<PersonIdx, String>,
) -> &'d mut Levels {
    match p.index().checked_sub(base_len) {
        Some(h) => &mut doc.hire[h].levels,
        None => &mut change_of(doc, roster, p, find).levels,
    }
}

/// The change entry of `p` in `doc`, made when there is none.
fn change_of<'d>(
    doc: &'d mut ScenarioDoc,
    roster: &Roster,
    p: PersonIdx,
    find: &dyn Fn(&str) -> Result<PersonIdx, String>,
) -> &'d mut ChangeDoc {
    let at = doc
        .change
        .iter()
        .position(|c| find(&c.person).ok() == Some(p));
    let i = at.unwrap_or_else(|| {
        doc.change.push(ChangeDoc {
            person: roster.reference(p).to_owned(),
            ..ChangeDoc::default()
        });
        doc.change.len() - 1
    });
    &mut doc.change[i]
}

/// Sets the duties `p` owns in `doc` (a hire's own entry, or a change).
fn set_owns(
    doc: &mut ScenarioDoc,
    roster: &Roster,
    p: PersonIdx,
    base_len: usize,
    find: &dyn Fn(&str) -> Result<PersonIdx, String>,
    catalogue: &Catalogue,
    duties: Vec<RespIdx>,
) {
    let ids: Vec<String> = duties
        .iter()
        .map(|&r| catalogue.responsibility(r).id.clone())
        .collect();
    match p.index().checked_sub(base_len) {
        Some(h) => doc.hire[h].owns = Some(ids),
        None => change_of(doc, roster, p, find).owns = Some(ids),
    }
}

/// Sets `skill` to `level` in `levels`, replacing the skill under any of its names.
fn set_level(levels: &mut Levels, catalogue: &Catalogue, skill: &str, level: Option<u8>) {
    let value = match level {
        Some(level) => LevelValue::Number(f64::from(level)),
        None => LevelValue::Word("?".into()),
    };
    let wanted = catalogue.find_skill(skill);
    match levels
        .0
        .iter_mut()
        .find(|(key, _)| key == skill || (wanted.is_some() && catalogue.find_skill(key) == wanted))
    {
        Some(entry) => entry.1 = value,
        None => levels.0.push((skill.to_owned(), value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Level, PersonFields};

    /// Ana (id A1, owns cpo.budget), Bo and a second Bo (ids B1, B2).
    fn roster(catalogue: &Catalogue) -> Roster {
        let mut roster = Roster::new(catalogue.skills().len());
        for (name, id) in [("Ana", "A1"), ("Bo", "B1"), ("Bo", "B2")] {
            roster.add_person(PersonFields {
                name,
                id: Some(id),
                ..PersonFields::default()
            });
        }
        let budget = catalogue.find_responsibility("cpo.budget").unwrap();
        roster.set_owned(PersonIdx::from_usize(0), &[budget]);
        roster.find_shared_names();
        roster
    }

    /// `edits` made one after another from an empty scenario.
    fn edit(edits: Vec<Edit>) -> Result<ScenarioDoc, EditRefused> {
        let catalogue = Catalogue::builtin();
        let roster = roster(&catalogue);
        edits
            .into_iter()
            .try_fold(ScenarioDoc::default(), |doc, e| {
                doc.edited(e, &roster, &catalogue)
            })
    }

    /// The roster `doc` makes.
    fn made(doc: &ScenarioDoc) -> Roster {
        let catalogue = Catalogue::builtin();
        let roster = roster(&catalogue);
        doc.resolve("s", &roster, &catalogue)
            .unwrap()
            .apply(&roster)
    }

    fn hire(name: &str, manager: &str) -> Edit {
        Edit::Hire {
            name: name.into(),
            title: String::new(),
            team: String::new(),
            manager: manager.into(),
            levels: vec![("marketing".into(), 4)],
        }
    }

    #[test]
    fn someone_who_leaves_is_listed_once_and_loses_their_changes() {
        let capacity = Edit::Capacity {
            person: "Ana".into(),
            capacity: 3,
        };
        let doc = edit(vec![
            capacity,
            Edit::Leave("Ana".into()),
            Edit::Leave("A1".into()),
        ])
        .unwrap();
        assert_eq!(doc.leave, ["A1"]);
        assert!(doc.change.is_empty());
        // Stay takes it back, under another of the person's names.
        let doc = edit(vec![Edit::Leave("Ana".into()), Edit::Stay("A1".into())]).unwrap();
        assert!(doc.leave.is_empty());
        // A hire who leaves is not hired.
        let doc = edit(vec![hire("Cy", ""), Edit::Leave("Cy".into())]).unwrap();
        assert!(doc.hire.is_empty() && doc.leave.is_empty());
    }

    #[test]
    fn a_level_set_twice_is_one_entry_and_may_be_unknown() {
        let catalogue = Catalogue::builtin();
        let skill = catalogue.find_skill("marketing").unwrap();
        let level = |level| Edit::Level {
            person: "Ana".into(),
            skill: "Marketing".into(),
            level,
        };
        let doc = edit(vec![level(Some(2)), level(Some(5))]).unwrap();
        assert_eq!(doc.change[0].levels.0.len(), 1);
        assert_eq!(made(&doc).level(PersonIdx::from_usize(0), skill), Level(5));
        let doc = edit(vec![level(Some(2)), level(None)]).unwrap();
        assert!(!made(&doc).is_known(PersonIdx::from_usize(0), skill));
        // A hire's level goes into the hire's own entry.
        let doc = edit(vec![
            hire("Cy", ""),
            Edit::Level {
                person: "Cy".into(),
                skill: "marketing".into(),
                level: Some(1),
            },
        ])
        .unwrap();
        assert!(doc.change.is_empty());
        assert_eq!(made(&doc).level(PersonIdx::from_usize(3), skill), Level(1));
    }

    #[test]
    fn a_duty_changes_hands_whole() {
        let doc = edit(vec![Edit::Owner {
            duty: "cpo.budget".into(),
            person: "B2".into(),
        }])
        .unwrap();
        let roster = made(&doc);
        let owners: Vec<usize> = roster.owns().iter().map(|&(p, _)| p.index()).collect();
        assert_eq!(owners, [2]);
    }

    #[test]
    fn an_edit_that_names_nobody_or_several_or_a_hire_as_manager_is_refused() {
        let refused = |edits| edit(edits).unwrap_err().0;
        assert_eq!(
            refused(vec![Edit::Leave("Bo".into())]),
            "'Bo' is the name of several people; give an id"
        );
        assert_eq!(
            refused(vec![Edit::Leave("Zed".into())]),
            "'Zed' is not on the roster"
        );
        assert_eq!(
            refused(vec![hire("Cy", ""), hire("Di", "Cy")]),
            "'Cy' is a hire; a hire reports to someone on the roster"
        );
        let doc = edit(vec![hire("Cy", "B1")]).unwrap();
        assert_eq!(doc.hire[0].manager.as_deref(), Some("B1"));
    }

    #[test]
    fn a_what_if_on_a_duty_is_replaced_and_taken_back() {
        let ask = |min_owners| Edit::Requirement {
            duty: "cpo.budget".into(),
            requires: None,
            min_owners,
        };
        let doc = edit(vec![ask(Some(3)), ask(Some(1))]).unwrap();
        assert_eq!(doc.requirement.len(), 1);
        assert_eq!(doc.requirement[0].min_owners, Some(1));
        let doc = edit(vec![ask(Some(3)), ask(None)]).unwrap();
        assert!(doc.requirement.is_empty());
        assert!(
            edit(vec![Edit::Requirement {
                duty: "cpo.nothing".into(),
                requires: None,
                min_owners: Some(1),
            }])
            .is_err()
        );
    }
}
