//! Finishing a roster: reporting lines, shared names, skills without a column, warnings.

use orggap_model::{PersonFields, PersonIdx, Roster, SkillIdx};

use crate::error::{ImportError, Problems};
use crate::header::{ColumnKind, Field, Form};
use crate::managers::{self, Issue};
use crate::{Imported, SourceInfo};
use orggap_model::quoted;

use super::{Builder, CYCLE_NAMES, MAX_WARNINGS};

impl<'c> Builder<'c> {
    /// Whether the roster has a manager column.
    pub(super) fn has_managers(&self) -> bool {
        self.fields.get(&Field::Manager).is_some()
    }

    /// The imported roster described by `info`, or every problem found.
    pub(crate) fn into_imported(
        self,
        origin: &str,
        info: SourceInfo,
    ) -> Result<Imported, ImportError> {
        let (roster, warnings, problems) = self.finish();
        if !problems.is_empty() {
            return Err(problems.into_error(origin));
        }
        Ok(Imported {
            roster,
            warnings,
            info,
        })
    }

    /// Keeps a person's manager cell until every person is known.
    pub(super) fn push_manager(&mut self, text: &str) {
        if self.fields.get(&Field::Manager).is_none() {
            return;
        }
        self.cells.push(managers::identity(&self.hasher, text));
        self.long_cells.push(text);
    }

    /// Keeps each person's manager as resolved from their manager cell; unknown managers
    /// are warnings (problems with `--strict`), shared names and cycles problems.
    pub(super) fn report_managers(&mut self, managers: &[u32], issues: Vec<Issue>) {
        let column = self.fields.get(&Field::Manager).copied();
        let who = |roster: &Roster, p: PersonIdx| match roster.id(p) {
            Some(id) => format!("'{}' ({})", quoted(roster.name(p)), quoted(id)),
            None => format!("'{}'", quoted(roster.name(p))),
        };
        for issue in issues {
            match issue {
                Issue::Unknown { person, text } => {
                    self.unknown_value(self.rows.get(person), Field::Manager, "manager", &text);
                }
                Issue::Shared {
                    person,
                    text,
                    people,
                } => {
                    let ids: Vec<&str> = people
                        .iter()
                        .filter_map(|&p| self.roster.roster().id(p))
                        .collect();
                    let message = format!(
                        "manager '{}' is the name of {} people (ids {}); give the manager's id",
                        quoted(&text),
                        people.len(),
                        quoted(&ids.join(", "))
                    );
                    self.problem(self.rows.get(person), column, message);
                }
                Issue::Cycle { people } => {
                    let row = self.rows.get(people[0].index());
                    let message = match people.as_slice() {
                        [p] => format!("{} is their own manager", who(self.roster.roster(), *p)),
                        _ => {
                            let shown = people.len().min(CYCLE_NAMES);
                            let mut chain: Vec<String> = people[..shown]
                                .iter()
                                .map(|&p| who(self.roster.roster(), p))
                                .collect();
                            match people.len() - shown {
                                0 => chain.push(who(self.roster.roster(), people[0])),
                                more => chain.push(format!("… {more} more")),
                            }
                            format!(
                                "reporting lines go round in a circle: {}",
                                chain.join(" → ")
                            )
                        }
                    };
                    self.problem(row, column, message);
                }
            }
        }
        let manager = |&m: &u32| (m != managers::TOP).then_some(PersonIdx(m));
        self.roster
            .roster_mut()
            .set_managers(managers.iter().map(manager));
    }

    /// The catalogue's skills that no column gives (long form: that no row names).
    pub(super) fn skills_without_column(&self) -> Vec<SkillIdx> {
        let mut given = match self.layout.form {
            Form::Long => self.named_skills.clone(),
            Form::Wide => vec![false; self.catalogue.skills().len()],
        };
        for c in &self.layout.columns {
            if let ColumnKind::Skill(s) | ColumnKind::Rating(s, _) = c.kind {
                given[s.index()] = true;
            }
        }
        let missing = given.iter().enumerate().filter(|(_, given)| !**given);
        missing.map(|(s, _)| SkillIdx::from_usize(s)).collect()
    }

    /// The roster and warnings, or every problem found.
    pub(super) fn finish(mut self) -> (Roster, Vec<String>, Problems) {
        if self.layout.form == Form::Long {
            for person in std::mem::take(&mut self.long) {
                self.rows
                    .push(u32::try_from(person.row).unwrap_or(u32::MAX));
                self.push_manager(person.manager.as_ref().map_or("", |m| m.0.as_str()));
                let fields = PersonFields {
                    name: &person.name,
                    id: person.id.as_deref(),
                    title: person.title.as_ref().map_or("", |t| t.0.as_str()),
                    team: person.team.as_ref().map_or("", |t| t.0.as_str()),
                    capacity: person.capacity.map(|c| c.0),
                };
                let p = self.roster.push_person(fields);
                self.long_levels(p, person.levels);
                if let Some(date) = person.assessed {
                    self.roster.set_assessed(p, date);
                }
                for r in person.owns {
                    self.roster.roster_mut().add_owner(p, r);
                }
                if let Some(date) = person.leaves {
                    self.roster.roster_mut().set_leaves(p, date);
                }
            }
        }
        if self.id_col.is_some() {
            self.roster.use_ids();
        }
        let without_column = self.skills_without_column();
        self.roster.set_skills_without_column(&without_column);
        // Shared names and reporting lines are independent: found side by side, from the
        // work done on the parts' hashes when the file was read in parts (which covers
        // everybody: the parts were joined in order, and their manager cells' identities
        // went with that work, so it must be used).
        let with_managers = self.has_managers();
        let (candidates, probed) = match self.prepared.take() {
            Some(prepared) => {
                debug_assert_eq!(
                    prepared.people,
                    self.roster.roster().len(),
                    "the parts' people"
                );
                (prepared.names, prepared.managers)
            }
            None => (None, None),
        };
        let cells = std::mem::take(&mut self.cells);
        let (roster, long) = (self.roster.roster(), &self.long_cells);
        let hasher = &self.hasher;
        let (shared, resolved) = rayon::join(
            || match candidates {
                Some(candidates) => roster.shared_names_of(candidates),
                None => roster.shared_names(),
            },
            || {
                with_managers.then(|| match probed {
                    Some(probed) => managers::resolve_probed(roster, long, hasher, probed),
                    // Read in one go: the cells' identities are still here.
                    None => managers::resolve(roster, cells, long, hasher),
                })
            },
        );
        if let Some((managers, issues)) = resolved {
            self.report_managers(&managers, issues);
        }
        for ((kind, value), (row, count)) in std::mem::take(&mut self.unknown) {
            let times = if count > 1 {
                format!(" ({count} rows)")
            } else {
                String::new()
            };
            let at = format!("{} {row}{times}", self.row_word());
            self.warnings.push(match kind {
                "owns" => format!(
                    "{at}: owns '{}', which is not a responsibility of the catalogue",
                    quoted(&value)
                ),
                "manager" => format!(
                    "{at}: manager '{}' is not on the roster, so the person is taken as a top person",
                    quoted(&value)
                ),
                _ => format!(
                    "{at}: skill '{}' matches no skill of the catalogue",
                    quoted(&value)
                ),
            });
        }
        if self.unknown_more > 0 {
            self.warnings.push(format!(
                "… and {} more rows with other unknown owns ids or skills",
                self.unknown_more
            ));
        }
        if self.warnings.len() > MAX_WARNINGS {
            let more = self.warnings.len() - MAX_WARNINGS;
            self.warnings.truncate(MAX_WARNINGS);
            self.warnings.push(format!("… and {more} more warnings"));
        }
        (self.roster.finish(shared), self.warnings, self.problems)
    }
}
