//! The organisation's shape from its reporting lines, as org designers measure it: layers,
//! spans of control, managers with too many or a single report, and which top-level units
//! each duty's qualified people sit in.
//!
//! People left out of the analysis (leavers) hand their reports up to their own manager
//! (or, at the top, make them top people). Every pass is linear in the people.

use std::collections::HashSet;

use orggap_model::{PersonIdx, Roster};

use crate::Analysis;

/// The shape of the organisation of the people analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgShape {
    /// People analysed.
    pub people: usize,
    /// People with at least one direct report.
    pub managers: usize,
    /// The longest reporting chain from a top person, counting the top person as layer 1
    /// (0 for nobody).
    pub layers: u32,
    /// How many people sit in each layer, from the top.
    pub layer_sizes: Vec<usize>,
    /// The median span of control (direct reports per manager; the lower middle value of
    /// an even count), 0 without managers.
    pub span_median: u32,
    /// The widest span of control.
    pub span_max: u32,
    /// Every manager with their direct reports, in roster order.
    pub spans: Vec<(PersonIdx, u32)>,
    /// Managers with more than the widest span asked for: most reports first, ties in
    /// roster order.
    pub wide: Vec<(PersonIdx, u32)>,
    /// Managers with exactly one report, in roster order.
    pub narrow: Vec<PersonIdx>,
    /// For each duty in catalogue order, the units its qualified people sit in, each named
    /// by its head, in the order their first qualified person appears in the roster.
    pub duty_units: Vec<Vec<PersonIdx>>,
    /// Each person's manager once leavers have handed their reports up (`None` for a top
    /// person, and for people left out).
    pub manager: Vec<Option<PersonIdx>>,
    /// Each analysed person's unit: the head of their top-level unit (a top person heads
    /// their own), indexed by person; `None` for people left out.
    pub unit: Vec<Option<PersonIdx>>,
}

/// Beyond this many duty × unit pairs, which units a duty already has is kept in a hash set
/// rather than a bit per pair.
const MAX_PAIR_BITS: usize = 1 << 28;

/// The shape of the organisation of `analysis`'s people (the roster less those left out),
/// with `max_span` the widest span of control that is not `wide`.
pub fn org_shape(roster: &Roster, analysis: &Analysis, max_span: u32) -> OrgShape {
    let n = roster.len();
    let active = |p: usize| analysis.active[p];
    let manager = effective_managers(roster, &analysis.active);
    // Each step keeps only what the next needs, so that a roster of a million people (a
    // chain a million deep, say) holds a few numbers a person at a time.
    let (layer_sizes, unit) = layers_and_units(n, active, &manager);
    let layers = layer_sizes.len() as u32;
    let spans: Vec<(PersonIdx, u32)> = {
        let mut reports = vec![0u32; n];
        for m in manager.iter().flatten() {
            reports[m.index()] += 1;
        }
        (0..n)
            .filter(|&p| reports[p] > 0)
            .map(|p| (PersonIdx::from_usize(p), reports[p]))
            .collect()
    };
    let (span_median, span_max) = {
        let mut sorted: Vec<u32> = spans.iter().map(|&(_, r)| r).collect();
        sorted.sort_unstable();
        let median = match sorted.len() {
            0 => 0,
            len => sorted[(len - 1) / 2],
        };
        (median, sorted.last().copied().unwrap_or(0))
    };
    let mut wide: Vec<(PersonIdx, u32)> = spans
        .iter()
        .copied()
        .filter(|&(_, r)| r > max_span)
        .collect();
    wide.sort_by_key(|&(p, r)| (std::cmp::Reverse(r), p));
    let narrow = spans
        .iter()
        .filter(|&&(_, r)| r == 1)
        .map(|&(p, _)| p)
        .collect();
    OrgShape {
        people: analysis.people,
        managers: spans.len(),
        layers,
        layer_sizes,
        span_median,
        span_max,
        wide,
        narrow,
        duty_units: duty_units(analysis, &unit),
        spans,
        manager,
        unit,
    }
}

/// How many analysed people each layer has (the top people are the first), and each
/// analysed person's unit head: the person under a top person their line goes through (a
/// top person heads their own). Each person's depth is found once: a walk up to the first
/// person already known, then filled in on the way back.
fn layers_and_units(
    n: usize,
    active: impl Fn(usize) -> bool,
    manager: &[Option<PersonIdx>],
) -> (Vec<usize>, Vec<Option<PersonIdx>>) {
    let mut depth = vec![0u32; n];
    let mut unit: Vec<Option<PersonIdx>> = vec![None; n];
    let mut path: Vec<u32> = Vec::new();
    for start in (0..n).filter(|&p| active(p)) {
        let mut p = start;
        path.clear();
        while depth[p] == 0 {
            path.push(p as u32);
            match manager[p] {
                Some(m) => p = m.index(),
                None => break,
            }
        }
        for &q in path.iter().rev() {
            let q = q as usize;
            match manager[q] {
                None => {
                    depth[q] = 1;
                    unit[q] = Some(PersonIdx::from_usize(q));
                }
                Some(m) => {
                    let m = m.index();
                    depth[q] = depth[m] + 1;
                    unit[q] = match depth[m] {
                        1 => Some(PersonIdx::from_usize(q)),
                        _ => unit[m],
                    };
                }
            }
        }
    }
    let layers = depth.iter().copied().max().unwrap_or(0);
    let mut layer_sizes = vec![0usize; layers as usize];
    for &d in depth.iter().filter(|&&d| d > 0) {
        layer_sizes[d as usize - 1] += 1;
    }
    (layer_sizes, unit)
}

/// Each analysed person's manager once the people left out have handed their reports up:
/// the nearest analysed person above them.
fn effective_managers(roster: &Roster, active: &[bool]) -> Vec<Option<PersonIdx>> {
    let n = roster.len();
    // Where a left-out person's reports go, found once per left-out person.
    let mut up: Vec<Option<Option<PersonIdx>>> = vec![None; n];
    let mut chain = Vec::new();
    let mut above = |p: Option<PersonIdx>| -> Option<PersonIdx> {
        let mut at = p;
        chain.clear();
        let found = loop {
            match at {
                None => break None,
                Some(m) if active[m.index()] => break Some(m),
                Some(m) => match up[m.index()] {
                    Some(known) => break known,
                    None => {
                        chain.push(m.index());
                        at = roster.manager(m);
                    }
                },
            }
        };
        for &m in &chain {
            up[m] = Some(found);
        }
        found
    };
    (0..n)
        .map(|p| match active[p] {
            true => above(roster.manager(PersonIdx::from_usize(p))),
            false => None,
        })
        .collect()
}

/// For each duty, the units of its qualified people in the order of their first qualified
/// person in the roster.
fn duty_units(analysis: &Analysis, unit: &[Option<PersonIdx>]) -> Vec<Vec<PersonIdx>> {
    let duties = analysis.responsibilities.len();
    // Units numbered densely by first appearance, so that a duty × unit pair is one bit.
    let mut number = vec![u32::MAX; unit.len()];
    let mut heads = 0u32;
    for u in unit.iter().flatten() {
        if number[u.index()] == u32::MAX {
            number[u.index()] = heads;
            heads += 1;
        }
    }
    let mut units: Vec<Vec<PersonIdx>> = vec![Vec::new(); duties];
    let mut seen = Seen::new(duties, heads as usize);
    for (p, u) in unit.iter().enumerate() {
        let Some(u) = *u else { continue };
        let k = number[u.index()] as usize;
        for r in analysis.qualified.duties(PersonIdx::from_usize(p)) {
            if seen.insert(r.index(), k) {
                units[r.index()].push(u);
            }
        }
    }
    units
}

/// Which duty × unit pairs have been seen: a bit each where that is small, else a set.
enum Seen {
    Bits { bits: Vec<u64>, units: usize },
    Set(HashSet<(usize, usize)>),
}

impl Seen {
    fn new(duties: usize, units: usize) -> Seen {
        match duties.checked_mul(units) {
            Some(pairs) if pairs <= MAX_PAIR_BITS => Seen::Bits {
                bits: vec![0; pairs.div_ceil(64)],
                units,
            },
            _ => Seen::Set(HashSet::new()),
        }
    }

    /// Marks the pair; whether it was new.
    fn insert(&mut self, duty: usize, unit: usize) -> bool {
        match self {
            Seen::Bits { bits, units } => {
                let at = duty * *units + unit;
                let (word, bit) = (at / 64, 1u64 << (at % 64));
                let new = bits[word] & bit == 0;
                bits[word] |= bit;
                new
            }
            Seen::Set(set) => set.insert((duty, unit)),
        }
    }
}

#[cfg(test)]
mod tests {
    use orggap_model::{Catalogue, Level, PersonFields, SkillIdx};

    use super::*;
    use crate::{Limits, analyse};

    const CATALOGUE: &str = r#"
[[skills]]
id = "a"
name = "A"
[[roles]]
id = "x"
name = "X"
[[responsibilities]]
id = "x.a"
role = "x"
title = "Needs a"
requires = { a = 1 }
[[responsibilities]]
id = "x.free"
role = "x"
title = "Needs nothing"
"#;

    /// A roster drawn as `name manager level` lines (`-` for no manager), the shape of its
    /// organisation with `left` people left out, and the catalogue.
    fn shape(lines: &[&str], left: &[&str], max_span: u32) -> (Roster, OrgShape) {
        let catalogue = Catalogue::from_toml(CATALOGUE, "test").unwrap();
        let mut roster = Roster::new(1);
        let parsed: Vec<Vec<&str>> = lines.iter().map(|l| l.split(' ').collect()).collect();
        for cells in &parsed {
            let fields = PersonFields {
                name: cells[0],
                ..PersonFields::default()
            };
            let p = roster.add_person(fields);
            roster.set_level(
                p,
                SkillIdx(0),
                Level::new(cells[2].parse().unwrap()).unwrap(),
            );
        }
        let managers: Vec<Option<PersonIdx>> = parsed
            .iter()
            .map(|cells| roster.people().find(|&p| roster.name(p) == cells[1]))
            .collect();
        roster.set_managers(managers);
        let without: Vec<PersonIdx> = left
            .iter()
            .map(|name| roster.people().find(|&p| roster.name(p) == *name).unwrap())
            .collect();
        let analysis = analyse(&catalogue, &roster, &without, Limits::default());
        let shape = org_shape(&roster, &analysis, max_span);
        (roster, shape)
    }

    fn names(roster: &Roster, people: &[PersonIdx]) -> Vec<String> {
        people.iter().map(|&p| roster.name(p).to_owned()).collect()
    }

    #[test]
    fn a_chain_has_a_layer_per_person_and_spans_of_one() {
        let (roster, org) = shape(&["d c 0", "a - 1", "c b 1", "b a 0"], &[], 10);
        assert_eq!((org.people, org.managers, org.layers), (4, 3, 4));
        assert_eq!(org.layer_sizes, [1, 1, 1, 1]);
        assert_eq!((org.span_median, org.span_max), (1, 1));
        assert_eq!(names(&roster, &org.narrow), ["a", "c", "b"]);
        assert!(org.wide.is_empty());
        // One top person, a unit of their own; below them, the chain is the unit of b, the
        // top's report. Units come in the order of their first qualified person: for x.a
        // a (line 2) then c (line 3, unit b); for x.free d (line 1, unit b) first.
        assert_eq!(names(&roster, &org.duty_units[0]), ["a", "b"]);
        assert_eq!(names(&roster, &org.duty_units[1]), ["b", "a"]);
    }

    #[test]
    fn a_star_has_two_layers_and_one_wide_manager() {
        let lines = [
            "boss - 0",
            "r1 boss 1",
            "r2 boss 0",
            "r3 boss 1",
            "r4 boss 0",
        ];
        let (roster, org) = shape(&lines, &[], 3);
        assert_eq!(
            (org.managers, org.layers, org.layer_sizes.clone()),
            (1, 2, vec![1, 4])
        );
        assert_eq!((org.span_median, org.span_max), (4, 4));
        assert_eq!(org.wide, [(PersonIdx(0), 4)]);
        assert!(org.narrow.is_empty());
        assert_eq!(names(&roster, &org.duty_units[0]), ["r1", "r3"]);
        // Not wide at the default of 10.
        assert!(shape(&lines, &[], 10).1.wide.is_empty());
    }

    #[test]
    fn a_forest_has_a_unit_per_top_report_and_per_lone_top_person() {
        // Two trees and a person on their own.
        let lines = [
            "t1 - 0", "t2 - 0", "x t1 1", "y t1 0", "z y 1", "u t2 0", "v u 1", "w u 1", "solo - 1",
        ];
        let (roster, org) = shape(&lines, &[], 10);
        assert_eq!((org.people, org.managers, org.layers), (9, 4, 3));
        assert_eq!(org.layer_sizes, [3, 3, 3]);
        // Spans 2 (t1), 1 (t2), 1 (y), 2 (u): lower middle of [1, 1, 2, 2] is 1.
        assert_eq!((org.span_median, org.span_max), (1, 2));
        assert_eq!(names(&roster, &org.narrow), ["t2", "y"]);
        // Qualified for x.a: x (unit x), z (unit y), v and w (unit u), solo (own unit).
        assert_eq!(names(&roster, &org.duty_units[0]), ["x", "y", "u", "solo"]);
        let units: Vec<String> = (0..9)
            .map(|p| org.unit[p].map_or("-".into(), |u| roster.name(u).to_owned()))
            .collect();
        assert_eq!(units, ["t1", "t2", "x", "y", "y", "u", "u", "u", "solo"]);
    }

    #[test]
    fn a_leaver_in_the_middle_hands_their_reports_up() {
        // a → b → c → {d, e}; b and c leave: d and e report to a.
        let lines = ["a - 0", "b a 1", "c b 1", "d c 1", "e c 0", "f e 1"];
        let (roster, org) = shape(&lines, &["b", "c"], 10);
        let managers: Vec<String> = (0..6)
            .map(|p| org.manager[p].map_or("-".into(), |m| roster.name(m).to_owned()))
            .collect();
        assert_eq!(managers, ["-", "-", "-", "a", "a", "e"]);
        assert_eq!((org.people, org.managers, org.layers), (4, 2, 3));
        assert_eq!(org.spans, [(PersonIdx(0), 2), (PersonIdx(4), 1)]);
        assert_eq!(names(&roster, &org.duty_units[0]), ["d", "e"]);
        // The top person leaving makes their reports top people, each a unit of their own.
        let (roster, org) = shape(&lines, &["a"], 10);
        assert_eq!((org.layers, org.managers), (4, 3));
        assert_eq!(names(&roster, &org.duty_units[0]), ["b", "c"]);
    }
}
