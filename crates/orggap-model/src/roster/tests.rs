//! The roster's unit tests.

use super::*;
use crate::Level;

fn person<'a>(name: &'a str, team: &'a str) -> PersonFields<'a> {
    PersonFields {
        name,
        team,
        ..PersonFields::default()
    }
}

#[test]
fn columns_extend_across_blocks_as_pushing_one_by_one_does() {
    // From empty, from inside a block, up to a block's end exactly, and on a copy that
    // shares its blocks (which must not change).
    for start in [0, 5, BLOCK_ROWS - 3, BLOCK_ROWS] {
        for more in [0, 3, BLOCK_ROWS, 2 * BLOCK_ROWS + 7] {
            let mut pushed = Column::default();
            let mut extended = Column::default();
            for i in 0..start {
                pushed.push(i as u32);
                extended.push(i as u32);
            }
            let copy = extended.clone();
            let values = (start..start + more).map(|i| i as u32);
            values.clone().for_each(|v| pushed.push(v));
            extended.extend(values);
            assert_eq!(extended.len(), start + more);
            assert!(extended.values().eq(pushed.values()), "{start} + {more}");
            assert!(copy.values().copied().eq(0..start as u32));
            let mut resized = copy.clone();
            resized.resize(start + more, 9);
            assert_eq!(resized.len(), start + more);
            assert!(resized.values().skip(start).all(|&v| v == 9));
        }
    }
}

#[test]
fn copies_keep_their_values_as_the_original_grows_and_changes() {
    // The original's open block fills and closes after the copy is taken, and people
    // in a shared block, in the closed block and in the new open block change.
    let mut texts = Texts::default();
    let mut column = Column::default();
    let before = BLOCK_ROWS - 2;
    for i in 0..before {
        texts.push(&format!("t{i}"));
        column.push(i as u32);
    }
    let (texts_copy, column_copy) = (texts.clone(), column.clone());
    let after = BLOCK_ROWS + 3;
    for i in before..after {
        texts.push(&format!("t{i}"));
        column.push(i as u32);
    }
    for i in [0, before - 1, after - 2] {
        column.set(i, 7);
    }
    assert_eq!((texts.len(), column.len()), (after, after));
    assert!((0..after).all(|i| texts.get(i) == format!("t{i}")));
    let changed = |i: usize| [0, before - 1, after - 2].contains(&i);
    assert!((0..after).all(|i| column.get(i) == Some(&if changed(i) { 7 } else { i as u32 })));
    assert_eq!((texts_copy.len(), column_copy.len()), (before, before));
    assert!((0..before).all(|i| texts_copy.get(i) == format!("t{i}")));
    assert!(column_copy.values().copied().eq(0..before as u32));
    assert_eq!(column_copy.get(before), None);
}

#[test]
fn rows_differing_are_found_in_shared_and_open_blocks() {
    // A copy changed in a block it shares and in its own open block, then grown.
    let mut base = Roster::new(3);
    for i in 0..BLOCK_ROWS + 10 {
        base.add_person(person(&format!("P{i}"), ""));
    }
    let mut copy = base.clone();
    let changed = [PersonIdx(5), PersonIdx::from_usize(BLOCK_ROWS + 2)];
    for p in changed {
        copy.set_level(p, SkillIdx(1), Level(3));
    }
    copy.add_person(person("New", ""));
    assert_eq!(copy.rows_differing_from(&base), changed);
    assert_eq!(base.rows_differing_from(&copy), changed);
    assert_eq!(base.level(changed[1], SkillIdx(1)), Level(0));
    assert_eq!(copy.level(changed[1], SkillIdx(1)), Level(3));
}

#[test]
fn lookups_agree_with_and_without_the_index() {
    let mut roster = Roster::new(1);
    for (name, id) in [("Ada", "E1"), ("Bo", "E2"), ("Ada", "E3"), ("Zoë", "E4")] {
        let fields = PersonFields {
            name,
            id: Some(id),
            ..PersonFields::default()
        };
        roster.add_person(fields);
    }
    let texts = ["E3", "Ada", "Bo", "ada", "zoë", "Nobody", "E9"];
    let names = ["Ada", "Cy"];
    let scanned = roster.lookup_many_and_names(&texts, &names);
    assert_eq!(
        scanned.0,
        [
            Lookup::Found(PersonIdx(2)),
            Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)]),
            Lookup::Found(PersonIdx(1)),
            Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)]),
            Lookup::Found(PersonIdx(3)),
            Lookup::Missing,
            Lookup::Missing,
        ]
    );
    roster.index_people();
    assert_eq!(roster.lookup_many_and_names(&texts, &names), scanned);
    // A copy shares the index; adding someone drops it, and lookups stay right.
    let mut copy = roster.clone();
    copy.add_person(person("Cy", ""));
    let (_, named) = copy.lookup_many_and_names(&[], &names);
    assert_eq!(
        named,
        [vec![PersonIdx(0), PersonIdx(2)], vec![PersonIdx(4)]]
    );
}

#[test]
fn people_keep_names_teams_and_levels() {
    let mut roster = Roster::new(3);
    let ada = roster.add_person(person("Ada", "Product"));
    let bob = roster.add_person(person("Bob", ""));
    let cy = roster.add_person(person("Cy", "Product"));
    roster.set_level(bob, SkillIdx(2), Level::EXPERT);
    assert_eq!(roster.len(), 3);
    assert_eq!(
        [roster.name(ada), roster.name(bob), roster.name(cy)],
        ["Ada", "Bob", "Cy"]
    );
    assert_eq!(roster.team(cy), "Product");
    assert_eq!(roster.team(bob), "");
    assert_eq!(roster.teams().len(), 2);
    assert_eq!(roster.row(bob).iter().collect::<Vec<_>>(), [0, 0, 5]);
    let mut unpacked = [9; 3];
    roster.row(bob).unpack_into(&mut unpacked);
    assert_eq!(unpacked, [0, 0, 5]);
    assert_eq!(roster.level(ada, SkillIdx(2)), Level::NONE);
    assert_eq!(roster.find_person("Cy"), Some(cy));
    assert_eq!(roster.find_person("cy"), None);
}

#[test]
fn appending_equals_pushing_in_one_go() {
    let skills = 5;
    let person_at = |i: usize| {
        let team = ["", "Product", "Sales", "Data"][i % 4];
        let title = ["Lead", "", "Analyst"][i % 3];
        (format!("P{}", i % 1000), title, team)
    };
    let fill = |builder: &mut RosterBuilder, range: std::ops::Range<usize>| {
        for i in range {
            let (name, title, team) = person_at(i);
            // Ids from the first person on, some empty; names repeat every 1,000 people.
            let id = format!("E{i}");
            let fields = PersonFields {
                name: &name,
                id: (i % 9 != 4).then_some(id.as_str()),
                title,
                team,
                capacity: (i % 7 == 0).then_some(i as u32 % 4),
            };
            let p = builder.push_person(fields);
            let roster = builder.roster_mut();
            roster.set_level(p, SkillIdx((i % skills) as u16), Level((i % 6) as u8));
            if i % 5 == 0 {
                roster.add_owner(p, RespIdx((i % 3) as u16));
            }
            if i % 11 == 0 {
                roster.set_leaves(p, crate::Day::from_yyyymmdd(20_270_101 + i as u32 % 28));
            }
        }
    };
    let total = BLOCK_ROWS + BLOCK_ROWS / 2 + 17;
    let mut whole = RosterBuilder::new(skills);
    fill(&mut whole, 0..total);
    // Splits inside a block, at a block boundary and with an empty part.
    for split in [1, 1000, BLOCK_ROWS, BLOCK_ROWS + 3, total] {
        let mut first = RosterBuilder::new(skills);
        fill(&mut first, 0..split);
        let mut second = RosterBuilder::new(skills);
        fill(&mut second, split..total);
        first.append(second);
        assert_eq!(first.roster(), whole.roster(), "split at {split}");
    }
}

#[test]
fn ids_tell_shared_names_apart() {
    let mut roster = Roster::new(0);
    for (name, id) in [
        ("John Smith", "E1"),
        ("Ada", "E2"),
        ("John Smith", "E3"),
        ("ada", "E4"),
    ] {
        let fields = PersonFields {
            name,
            id: Some(id),
            ..PersonFields::default()
        };
        roster.add_person(fields);
    }
    roster.find_shared_names();
    let labels: Vec<String> = roster.people().map(|p| roster.label(p).into()).collect();
    assert_eq!(labels, ["John Smith (E1)", "Ada", "John Smith (E3)", "ada"]);
    assert_eq!(roster.lookup("E3"), Lookup::Found(PersonIdx(2)));
    assert_eq!(roster.lookup("Ada"), Lookup::Found(PersonIdx(1)));
    assert_eq!(
        roster.lookup("John Smith"),
        Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)])
    );
    // Ignoring case only when nobody has the exact name, and then only one person.
    assert_eq!(
        roster.lookup("ADA"),
        Lookup::Shared(vec![PersonIdx(1), PersonIdx(3)])
    );
    assert_eq!(
        roster.lookup("john SMITH"),
        Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)])
    );
    assert_eq!(roster.lookup("Grace"), Lookup::Missing);
}

proptest::proptest! {
    #[test]
    fn name_candidates_are_every_half_met_twice(
        halves in proptest::collection::vec(0u64..64, 0..400),
        low in proptest::collection::vec(proptest::num::u64::ANY, 400),
        split in 0usize..400,
    ) {
        // Upper halves from a few values (spread over the top bits, so that the first
        // pass keeps some and drops others), any lower halves: the candidates are the
        // people whose upper half someone else's equals, by half then roster order,
        // however the hashes are split into parts.
        let hashes: Vec<u64> = halves
            .iter()
            .zip(&low)
            .map(|(&h, &l)| h.wrapping_mul(0x9E37_79B9_7F4A_7C15) & !0xFFFF_FFFF | l >> 32)
            .collect();
        let mut truth: Vec<(u64, u32)> = (0..hashes.len())
            .filter(|&p| (0..hashes.len()).any(|q| q != p && hashes[q] >> 32 == hashes[p] >> 32))
            .map(|p| (hashes[p] >> 32, p as u32))
            .collect();
        truth.sort_unstable();
        let split = split.min(hashes.len());
        let halves: Vec<u32> = hashes.iter().map(|&h| NameCandidates::half(h)).collect();
        let candidates = NameCandidates::new(&[&halves[..split], &halves[split..]]);
        proptest::prop_assert_eq!(candidates.0, truth);
    }
}

#[test]
fn shared_names_are_found_by_their_text_whatever_the_hashes() {
    let names = ["Ana", "Bo", "Ana", "Cy", "Bo", "Di", "Ana", "ana"];
    let mut roster = Roster::new(0);
    for (i, name) in names.iter().enumerate() {
        let id = format!("E{i}");
        let fields = PersonFields {
            name,
            id: Some(&id),
            ..PersonFields::default()
        };
        roster.add_person(fields);
    }
    let truth = roster.shared_names();
    let people: Vec<u32> = truth.0.iter().map(|p| p.0).collect();
    assert_eq!(people, [0, 1, 2, 4, 6]);
    // Equal names hash alike; every name alike, or alike in the upper half only, or
    // apart in the top bits that place them: the names tell them apart, the same answer.
    let kind = |name: &str| {
        ["Ana", "Bo", "Cy", "Di", "ana"]
            .iter()
            .position(|&k| k == name)
    };
    let kinds: Vec<u64> = names.iter().map(|n| kind(n).unwrap() as u64).collect();
    for hashes in [
        vec![7u64; names.len()],
        kinds.iter().map(|k| 0xABCD_0000_0000_0000 | k).collect(),
        kinds.iter().map(|k| k << 60).collect(),
    ] {
        let halves: Vec<u32> = hashes.iter().map(|&h| NameCandidates::half(h)).collect();
        let candidates = NameCandidates::new(&[halves]);
        assert_eq!(roster.shared_names_of(candidates), truth, "{hashes:x?}");
    }
}

#[test]
fn managers_survive_appending() {
    let build = |names: &[&str], managers: &[Option<u32>]| {
        let mut builder = RosterBuilder::new(0);
        for name in names {
            builder.push_person(person(name, ""));
        }
        let managers: Vec<Option<PersonIdx>> = managers.iter().map(|m| m.map(PersonIdx)).collect();
        builder.roster_mut().set_managers(managers);
        builder
    };
    let mut first = build(&["A", "B"], &[None, Some(0)]);
    first.append(build(&["C", "D"], &[None, Some(0)]));
    let first = first.finish(SharedNames::default());
    let got: Vec<Option<PersonIdx>> = first.people().map(|p| first.manager(p)).collect();
    assert_eq!(got, [None, Some(PersonIdx(0)), None, Some(PersonIdx(2))]);
    assert!(first.has_managers());
    // A roster without reporting lines has none, and says so.
    let mut plain = Roster::new(0);
    plain.add_person(person("A", ""));
    assert!(!plain.has_managers() && plain.manager(PersonIdx(0)).is_none());
}

#[test]
fn a_catalogue_without_skills_has_empty_rows() {
    let mut builder = RosterBuilder::new(0);
    let a = builder.push_person(person("A", ""));
    builder.roster_mut().set_row(a, &[]);
    assert!(builder.roster().row(a).is_empty());
    assert_eq!(builder.roster().row(a).packed(), &[] as &[u8]);
    let mut more = RosterBuilder::new(0);
    more.push_person(person("B", ""));
    builder.append(more);
    let roster = builder.roster();
    assert_eq!(roster.len(), 2);
    assert!(roster.row(PersonIdx(1)).is_empty());
}

#[test]
fn ownership_is_sorted_and_unique() {
    let mut roster = Roster::new(0);
    let a = roster.add_person(person("A", ""));
    let b = roster.add_person(person("B", ""));
    roster.add_owner(a, RespIdx(3));
    roster.add_owner(a, RespIdx(1));
    roster.add_owner(a, RespIdx(3));
    roster.add_owner(a, RespIdx(2));
    roster.add_owner(a, RespIdx(1));
    roster.add_owner(b, RespIdx(0));
    assert_eq!(
        roster.owned_by(a).collect::<Vec<_>>(),
        [RespIdx(1), RespIdx(2), RespIdx(3)]
    );
    assert_eq!(roster.owned_by(b).collect::<Vec<_>>(), [RespIdx(0)]);
}

#[test]
fn indexes_widen_when_one_does_not_fit_in_two_bytes() {
    // Widened by a push, by a set (on a copy, which must not change the original), and by
    // appending a column whose mapped values are large, narrow or wide in turn.
    let values = |n: usize| (0..n).map(|i| (i % 60_000) as u32);
    let mut narrow = Indexes::default();
    values(BLOCK_ROWS + 5).for_each(|v| narrow.push(v));
    assert!(matches!(narrow, Indexes::Narrow(_)));
    let mut pushed = narrow.clone();
    pushed.push(70_000);
    assert!(matches!(pushed, Indexes::Wide(_)));
    let expected: Vec<u32> = values(BLOCK_ROWS + 5).chain([70_000]).collect();
    assert!((0..expected.len()).all(|i| pushed.get(i) == Some(expected[i])));
    let mut set = narrow.clone();
    set.set(3, u32::MAX - 1);
    assert_eq!(
        (set.get(3), set.get(4), narrow.get(3)),
        (Some(u32::MAX - 1), Some(4), Some(3))
    );
    for (theirs, shift) in [
        (narrow.clone(), 0),
        (narrow.clone(), 10_000),
        (pushed.clone(), 1),
    ] {
        let mut mine = narrow.clone();
        let largest = theirs.get(BLOCK_ROWS + 5).unwrap_or(59_999) + shift;
        mine.append_map(theirs.clone(), |v| v + shift);
        assert_eq!(
            matches!(mine, Indexes::Wide(_)),
            largest > u32::from(u16::MAX)
        );
        let len = BLOCK_ROWS + 5;
        assert!((0..len).all(|i| mine.get(i) == narrow.get(i)));
        assert!((0..len).all(|i| mine.get(len + i) == theirs.get(i).map(|v| v + shift)));
    }
}

#[test]
fn a_roster_of_many_teams_keeps_each_persons_team_however_it_was_joined() {
    let count = 70_000;
    let team = |i: usize| format!("team {i}");
    let mut whole = RosterBuilder::new(1);
    let (mut first, mut second) = (RosterBuilder::new(1), RosterBuilder::new(1));
    for i in 0..count {
        let (name, team) = (format!("p{i}"), team(i));
        whole.push_person(person(&name, &team));
        let part = if i < count / 2 {
            &mut first
        } else {
            &mut second
        };
        part.push_person(person(&name, &team));
    }
    first.append(second);
    for roster in [whole.roster(), first.roster()] {
        assert!((0..count).all(|i| roster.team(PersonIdx::from_usize(i)) == team(i)));
    }
    assert_eq!(whole.roster(), first.roster());
}

#[test]
fn texts_of_one_width_and_of_many_read_back_however_they_were_joined() {
    // Ids of one width (ends not kept), one of another width in the middle of a block and
    // at a block's start, empty texts (people without an id), and names of every width;
    // pushed one by one, or in two parts split anywhere and appended.
    let width_breaks = |i: usize| match i {
        10 | 65_536 => format!("X{i}"),
        _ if i > 100_000 => String::new(),
        _ => format!("E{i:07}"),
    };
    let names = |i: usize| "n".repeat(i % 13);
    let ids = |i: usize| format!("E{i:07}");
    for text in [&width_breaks as &dyn Fn(usize) -> String, &names, &ids] {
        let count = 2 * BLOCK_ROWS + 100;
        let mut pushed = Texts::default();
        (0..count).for_each(|i| pushed.push(&text(i)));
        assert!((0..count).all(|i| pushed.get(i) == text(i)));
        for split in [0, 5, 10, 11, BLOCK_ROWS, BLOCK_ROWS + 3, count] {
            let (mut first, mut second) = (Texts::default(), Texts::default());
            (0..split).for_each(|i| first.push(&text(i)));
            (split..count).for_each(|i| second.push(&text(i)));
            first.append(second);
            assert_eq!(first, pushed, "split at {split}");
        }
    }
    let mut even = Texts::default();
    (0..100).for_each(|i| even.push(&ids(i)));
    let mut varied = even.clone();
    varied.push("E1");
    assert_eq!((even.len(), even.get(99)), (100, "E0000099"));
    assert_eq!((varied.get(99), varied.get(100)), ("E0000099", "E1"));
}

#[test]
fn owners_stay_sorted_and_single_however_they_are_added() {
    // As a roster is read (each person's duties in any order, some twice), then as a
    // scenario changes them (anyone, out of order): always the sorted set of pairs.
    let mut roster = Roster::new(1);
    let mut truth = std::collections::BTreeSet::new();
    let mut add = |roster: &mut Roster, p: u32, r: u16| {
        roster.add_owner(PersonIdx(p), RespIdx(r));
        truth.insert((PersonIdx(p), RespIdx(r)));
        assert!(roster.owns().iter().eq(truth.iter()), "after ({p}, {r})");
    };
    for p in 0..50u32 {
        roster.add_person(person(&format!("p{p}"), ""));
        for k in 0..(p % 5) {
            add(&mut roster, p, ((p * 7 + k * 13) % 9) as u16);
        }
        add(&mut roster, p, (p % 3) as u16);
    }
    for (p, r) in [(0, 8), (49, 0), (17, 4), (17, 4), (3, 0), (48, 8)] {
        add(&mut roster, p, r);
    }
}
