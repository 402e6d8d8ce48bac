//! The edits the page makes to the scenario, and their rules: each edit changes the
//! scenario as written (`ScenarioDoc`), checked against the roster the scenario makes.

use orggap_model::{
    Catalogue, ChangeDoc, HireDoc, LevelValue, Levels, Lookup, PersonIdx, RespIdx, Roster,
    ScenarioDoc,
};

use crate::state::Workspace;

/// An edit of the scenario made on the page.
#[derive(Clone, Debug)]
pub(crate) enum Edit {
    Leave(String),
    Stay(String),
    /// A level; `None`: not assessed (unknown).
    Level {
        person: String,
        skill: String,
        level: Option<u8>,
    },
    Team {
        person: String,
        team: String,
    },
    Capacity {
        person: String,
        capacity: u32,
    },
    Title {
        person: String,
        title: String,
    },
    Hire {
        name: String,
        title: String,
        team: String,
        /// Whom the hire reports to (empty: nobody said).
        manager: String,
        levels: Vec<(String, u8)>,
    },
    Owner {
        duty: String,
        person: String,
    },
    /// What if a duty asked for something else: its requirements (`skill = level`s) and
    /// `min_owners`, each replaced when given; neither given takes the what-if back.
    Requirement {
        duty: String,
        requires: Option<Vec<(String, u8)>>,
        min_owners: Option<u32>,
    },
    Clear,
}

impl Workspace {
    /// `doc` with `edit` made, on the roster as it is.
    pub(crate) fn edited(&self, mut doc: ScenarioDoc, edit: Edit) -> Result<ScenarioDoc, String> {
        let view = self.view_of(crate::scenarios::Named {
            name: String::new(),
            file: None,
            doc: doc.clone(),
        });
        let roster = &view.roster;
        let catalogue = &self.config.catalogue;
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
        let base_len = view.baseline_roster.len();
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
                let p = view.baseline_roster.lookup_many(&[text.trim()]).pop();
                if let Some(Lookup::Found(p)) = p {
                    doc.leave.retain(|l| {
                        !matches!(view.baseline_roster.lookup_many(&[l.trim()]).pop(), Some(Lookup::Found(q)) if q == p)
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
                let levels = self.levels_of(&mut doc, roster, p, base_len, &find)?;
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
                    doc.requirement.push(orggap_model::RequirementDoc {
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

    /// The levels table the scenario gives `p`: their hire entry, or their change.
    fn levels_of<'d>(
        &self,
        doc: &'d mut ScenarioDoc,
        roster: &Roster,
        p: PersonIdx,
        base_len: usize,
        find: &dyn Fn(&str) -> Result<PersonIdx, String>,
    ) -> Result<&'d mut Levels, String> {
        Ok(match p.index().checked_sub(base_len) {
            Some(h) => &mut doc.hire[h].levels,
            None => &mut change_of(doc, roster, p, find).levels,
        })
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
