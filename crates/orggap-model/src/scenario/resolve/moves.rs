//! Manager moves of a scenario: the circles they would close in the reporting lines.

use std::collections::HashMap;

use super::Resolver;
use crate::scenario::Change;
use crate::{PersonIdx, Roster, quoted};

impl Resolver<'_> {
    /// A problem for every move (`manager`) that would make reporting lines go round in a
    /// circle. The roster's own lines have no circle, so a circle passes through moved
    /// people: each moved person's new manager is followed up the roster's lines to the next
    /// moved person once (memoised, so every person is walked at most once however deep the
    /// chain), and circles are found among the moved people alone.
    pub(super) fn check_moves(&mut self, changes: &[Change], changed: &HashMap<PersonIdx, usize>) {
        let moved: HashMap<PersonIdx, Option<PersonIdx>> = changes
            .iter()
            .filter_map(|c| c.manager.map(|m| (c.person, m)))
            .collect();
        if moved.is_empty() {
            return;
        }
        let mut above = Above::new(self.roster, &moved);
        // Each moved person's next moved person up, and the steps to them.
        let next: HashMap<PersonIdx, (PersonIdx, usize)> = moved
            .iter()
            .filter_map(|(&p, &m)| {
                let (up, steps) = above.moved_at_or_above(m?)?;
                Some((p, (up, steps + 1)))
            })
            .collect();
        for change in changes {
            let start = change.person;
            if !matches!(change.manager, Some(Some(_))) {
                continue;
            }
            // Around the circle through `start`, if there is one: at most one step a moved
            // person.
            let (mut at, mut length) = (start, 0);
            let mut circle = false;
            for _ in 0..=moved.len() {
                let Some(&(up, steps)) = next.get(&at) else {
                    break;
                };
                length += steps;
                at = up;
                if at == start {
                    circle = true;
                    break;
                }
            }
            if !circle {
                continue;
            }
            let manager_of = |p: PersonIdx| match moved.get(&p) {
                Some(&m) => m,
                None => self.roster.manager(p),
            };
            let label = |p: PersonIdx| format!("'{}'", quoted(&self.roster.label(p)));
            let message = match length {
                1 => format!("{} would be their own manager", label(start)),
                _ => {
                    let mut names = vec![label(start)];
                    let mut p = start;
                    for _ in 1..length.min(CIRCLE_NAMES) {
                        p = manager_of(p).expect("a circle goes on");
                        names.push(label(p));
                    }
                    if length > CIRCLE_NAMES {
                        names.push(format!("… ({length} people in all)"));
                    }
                    names.push(label(start));
                    format!(
                        "reporting lines would go round in a circle: {}",
                        names.join(" → ")
                    )
                }
            };
            let i = changed.get(&start).copied().unwrap_or_default();
            self.problem(&format!("change[{i}].manager"), message);
        }
    }
}

/// How many people a circle of reporting lines names before "… (N people in all)".
const CIRCLE_NAMES: usize = 10;

/// For people on the roster's own reporting lines: the first moved person at or above each,
/// and how many steps up, each person worked out once.
struct Above<'a> {
    roster: &'a Roster,
    moved: &'a HashMap<PersonIdx, Option<PersonIdx>>,
    /// Per person: not yet worked out, a top with no moved person above, or (moved, steps).
    known: Vec<Option<Option<(PersonIdx, usize)>>>,
}

impl<'a> Above<'a> {
    fn new(roster: &'a Roster, moved: &'a HashMap<PersonIdx, Option<PersonIdx>>) -> Above<'a> {
        Above {
            roster,
            moved,
            known: vec![None; roster.len()],
        }
    }

    /// The first moved person at or above `from` (`from` itself when moved), and the steps.
    fn moved_at_or_above(&mut self, from: PersonIdx) -> Option<(PersonIdx, usize)> {
        let mut path = Vec::new();
        let mut at = from;
        let found = loop {
            if self.moved.contains_key(&at) {
                break Some((at, 0));
            }
            if let Some(known) = self.known[at.index()] {
                break known;
            }
            path.push(at);
            match self.roster.manager(at) {
                Some(m) => at = m,
                None => break None,
            }
        };
        for (k, p) in path.iter().rev().enumerate() {
            self.known[p.index()] = Some(found.map(|(m, steps)| (m, steps + k + 1)));
        }
        match path.first() {
            Some(first) => self.known[first.index()].flatten(),
            None => found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::Catalogue;
    use crate::{BUILTIN_TOML, PersonFields};
    use crate::{Scenario, ScenarioDoc};

    /// People `P0`, `P1`, … each reporting to the one before (`P0` at the top), then `X`
    /// and `Y` at the top.
    fn chain(length: usize) -> Roster {
        let mut roster = Roster::new(
            Catalogue::from_toml(BUILTIN_TOML, "b")
                .unwrap()
                .skills()
                .len(),
        );
        let names: Vec<String> = (0..length)
            .map(|i| format!("P{i}"))
            .chain(["X".into(), "Y".into()])
            .collect();
        for name in &names {
            roster.add_person(PersonFields {
                name,
                ..PersonFields::default()
            });
        }
        let managers =
            (0..names.len()).map(|i| (i > 0 && i < length).then(|| PersonIdx::from_usize(i - 1)));
        roster.set_managers(managers);
        roster
    }

    fn moves(roster: &Roster, moves: &[(&str, &str)]) -> Result<Scenario, String> {
        let text: String = moves
            .iter()
            .map(|(p, m)| format!("[[change]]\nperson = \"{p}\"\nmanager = \"{m}\"\n"))
            .collect();
        let catalogue = Catalogue::from_toml(BUILTIN_TOML, "b").unwrap();
        ScenarioDoc::from_toml(&text, "s.toml", roster, &catalogue)
            .map(|(_, scenario)| scenario)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn moves_that_close_a_circle_are_refused_each() {
        let roster = chain(3);
        assert_eq!(
            moves(&roster, &[("P0", "P2")]).unwrap_err(),
            "s.toml: line 3: change 1 ('P0'): reporting lines would go round in a circle: \
             'P0' → 'P2' → 'P1' → 'P0'"
        );
        assert_eq!(
            moves(&roster, &[("P1", "P1")]).unwrap_err(),
            "s.toml: line 3: change 1 ('P1'): 'P1' would be their own manager"
        );
        // A circle of two moves is refused at both.
        let error = moves(&roster, &[("X", "Y"), ("Y", "X")]).unwrap_err();
        assert!(
            error.contains(
                "change 1 ('X'): reporting lines would go round in a circle: 'X' → 'Y' → 'X'"
            ),
            "{error}"
        );
        assert!(
            error.contains(
                "change 2 ('Y'): reporting lines would go round in a circle: 'Y' → 'X' → 'Y'"
            ),
            "{error}"
        );
        // Moves that leave no circle, also onto a moved person, are fine.
        assert!(moves(&roster, &[("P2", "X"), ("X", "P1"), ("P0", "Y")]).is_ok());
    }

    #[test]
    fn a_long_circle_is_named_in_part() {
        let roster = chain(30);
        let error = moves(&roster, &[("P0", "P29")]).unwrap_err();
        assert!(
            error.ends_with("'P0' → 'P29' → 'P28' → 'P27' → 'P26' → 'P25' → 'P24' → 'P23' → 'P22' → 'P21' → … (30 people in all) → 'P0'"),
            "{error}"
        );
    }
}
