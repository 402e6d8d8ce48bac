//! A roster while an importer reads it: what only reading needs (growing row by row,
//! interning titles and teams, joining parts read in parallel, finishing), so that
//! [`Roster`]'s own API is the finished roster and the edits a scenario makes.

use std::sync::Arc;

use super::blocks::{Column, Texts};
use super::unknown::UnknownCells;
use super::{Interner, NO_MANAGER, PersonFields, Roster, SharedNames};
use crate::PersonIdx;

/// A roster being read: people pushed in roster order, optional columns declared, then
/// [`RosterBuilder::finish`]. [`RosterBuilder::roster_mut`] reaches the edits every roster has
/// (levels, owners, leaving dates, managers).
#[derive(Debug)]
pub struct RosterBuilder {
    pub(super) roster: Roster,
    interner: Interner,
}

impl RosterBuilder {
    /// An empty roster for a catalogue with `skill_count` skills.
    pub fn new(skill_count: usize) -> RosterBuilder {
        RosterBuilder {
            roster: Roster::new(skill_count),
            interner: Interner::default(),
        }
    }

    /// The roster as read so far.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The roster as read so far, for the edits every roster has.
    pub fn roster_mut(&mut self) -> &mut Roster {
        &mut self.roster
    }

    /// The roster, read: which people share a name (with ids) is `shared`, as
    /// [`Roster::shared_names`] or [`Roster::shared_names_of`] found it.
    pub fn finish(mut self, shared: SharedNames) -> Roster {
        self.roster.set_shared_names(shared);
        self.roster
    }

    /// Appends a person with every level 0 and returns their index.
    ///
    /// # Panics
    /// When the roster would exceed `u32::MAX` people or 4 GiB of names; importers refuse
    /// such input before calling this.
    pub fn push_person(&mut self, fields: PersonFields<'_>) -> PersonIdx {
        self.roster.push_with(fields, &mut self.interner)
    }

    /// Marks the roster as one with ids (an id column), before or after people are added;
    /// people added without one have an empty id.
    pub fn use_ids(&mut self) {
        let len = self.roster.len();
        let ids = self.roster.ids.get_or_insert_with(Texts::default);
        while ids.len() < len {
            ids.push("");
        }
    }

    /// Makes room for `people` more people, so that a large import allocates once instead of
    /// doubling (and copying) as it grows; names and levels grow block by block anyway.
    pub fn reserve(&mut self, people: usize) {
        self.roster.title_of.reserve(people);
        self.roster.team_of.reserve(people);
    }

    /// Appends every person of `other` (built for the same catalogue) after this roster's
    /// people, as if they had been pushed one by one: titles and teams are re-interned, so
    /// the result equals the roster built in one go. Used to join parts read in parallel.
    /// Managers of `other` are its own people, shifted along; which names are shared is
    /// found when the roster is finished.
    ///
    /// # Panics
    /// When the skill counts differ or the roster would exceed `u32::MAX` people.
    pub fn append(&mut self, other: RosterBuilder) {
        let (this, mut other, interner) = (&mut self.roster, other.roster, &mut self.interner);
        assert_eq!(this.skill_count, other.skill_count, "same catalogue");
        this.forget_index();
        let offset = u32::try_from(this.len()).expect("fewer than 4 billion people");
        let people = other.len();
        let shift = |p: PersonIdx| PersonIdx(p.0 + offset);
        // Each of `other`'s blocks is freed once copied (taken out of it), so that the join
        // holds little of a part twice.
        let titles: Vec<u32> = other
            .titles
            .iter()
            .map(|t| interner.title(&mut this.titles, t))
            .collect();
        let teams: Vec<u32> = other
            .teams
            .iter()
            .map(|t| interner.team(&mut this.teams, t))
            .collect();
        this.title_of
            .append_map(std::mem::take(&mut other.title_of), |t| titles[t as usize]);
        this.team_of
            .append_map(std::mem::take(&mut other.team_of), |t| teams[t as usize]);
        if other.ids.is_some() {
            this.ids.get_or_insert_with(Texts::default);
        }
        this.names.append(std::mem::take(&mut other.names));
        match (&mut this.ids, other.ids.take()) {
            (Some(mine), Some(theirs)) => mine.append(theirs),
            (Some(mine), None) => (0..people).for_each(|_| mine.push("")),
            _ => {}
        }
        if this.managers.is_some() || other.managers.is_some() {
            let (before, after) = (this.len() - people, this.len());
            let mine = this.managers.get_or_insert_with(Column::default);
            mine.resize(before, NO_MANAGER);
            let shifted = move |m: u32| if m == NO_MANAGER { m } else { m + offset };
            match other.managers.take() {
                Some(theirs) => mine.append_map(theirs, shifted),
                None => mine.resize(after, NO_MANAGER),
            }
        }
        // Names may be shared across the two: found again once the roster is whole.
        this.shared = Arc::default();
        for block in std::mem::take(&mut other.levels) {
            this.push_levels(&block);
        }
        this.push_levels(&other.open_levels);
        if this.unknown.is_some() || other.unknown.is_some() {
            let before = this.len() - people;
            let skills = this.skill_count;
            this.unknown
                .get_or_insert_with(|| UnknownCells::new(before, skills))
                .append(other.unknown.as_ref(), people);
        }
        Arc::make_mut(&mut this.capacity)
            .extend(other.capacity.iter().map(|&(p, c)| (shift(p), c)));
        Arc::make_mut(&mut this.owns).extend(other.owns.iter().map(|&(p, r)| (shift(p), r)));
        Arc::make_mut(&mut this.leaves).extend(other.leaves.iter().map(|&(p, d)| (shift(p), d)));
        if !other.legal.is_empty() {
            Arc::make_mut(&mut this.legal).append(&other.legal, offset);
        }
        if !other.rating_dates.is_empty() {
            Arc::make_mut(&mut this.rating_dates)
                .extend(other.rating_dates.iter().map(|&(p, s, d)| (shift(p), s, d)));
        }
        if let Some(theirs) = &other.interest {
            let mine = Arc::make_mut(this.interest.get_or_insert_default());
            mine.extend(theirs.iter().map(|&(p, s, i)| (shift(p), s, i)));
        }
        if let Some(theirs) = &other.assessed {
            let mine = Arc::make_mut(this.assessed.get_or_insert_default());
            mine.extend(theirs.iter().map(|&(p, d)| (shift(p), d)));
        }
        if let Some(theirs) = &other.calibration {
            let mine = Arc::make_mut(this.calibration.get_or_insert_default());
            mine.extend(
                theirs
                    .iter()
                    .map(|&(p, s, own, manager)| (shift(p), s, own, manager)),
            );
        }
    }
}

impl Roster {
    pub(super) fn push_with(
        &mut self,
        fields: PersonFields<'_>,
        interner: &mut Interner,
    ) -> PersonIdx {
        let p = PersonIdx::from_usize(self.len());
        self.forget_index();
        if fields.id.is_some() && self.ids.is_none() {
            self.ids = Some(Texts::default());
        }
        if let Some(ids) = &mut self.ids {
            ids.push(fields.id.unwrap_or_default());
        }
        self.names.push(fields.name);
        if let Some(managers) = &mut self.managers {
            managers.push(NO_MANAGER);
        }
        self.title_of
            .push(interner.title(&mut self.titles, fields.title));
        self.team_of
            .push(interner.team(&mut self.teams, fields.team));
        if let Some(capacity) = fields.capacity {
            Arc::make_mut(&mut self.capacity).push((p, capacity));
        }
        let zeros = [0; 64];
        let bytes = self.row_bytes();
        if bytes <= zeros.len() {
            self.push_levels(&zeros[..bytes]);
        } else {
            self.push_levels(&vec![0; bytes]);
        }
        if let Some(unknown) = &mut self.unknown {
            unknown.push_people(1);
        }
        p
    }
}
