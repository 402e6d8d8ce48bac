//! How old ratings are: the people whose ratings are older than a limit (stale), and how
//! many of each duty's qualified people rest on such ratings.

use orggap_model::{Catalogue, Day, PersonIdx, Roster, SkillIdx};

use crate::coverage::Analysis;

/// How old a rating may be before it is stale: `540d`, `18mo`, `2y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxAge {
    /// Days.
    Days(u32),
    /// Months.
    Months(u32),
    /// Years.
    Years(u32),
}

impl MaxAge {
    /// Reads `540d`, `18mo`, `2y` (a whole number and a unit).
    pub fn parse(text: &str) -> Result<MaxAge, String> {
        let text = text.trim();
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits);
        let n: u32 = number
            .parse()
            .map_err(|_| format!("'{text}' is not an age like 540d, 18mo or 2y"))?;
        let age = match unit {
            "d" => MaxAge::Days(n),
            "mo" => MaxAge::Months(n),
            "y" => MaxAge::Years(n),
            _ => return Err(format!("'{text}' is not an age like 540d, 18mo or 2y")),
        };
        // The calendar counts back at most 10,000 years (jiff's spans end there).
        match age.span() {
            Some(_) => Ok(age),
            None => Err(format!(
                "'{text}' is longer than the calendar: at most 7304484d, 239976mo or 19998y"
            )),
        }
    }

    /// The age as a calendar span; `None` past what a span can hold.
    fn span(self) -> Option<jiff::Span> {
        let span = jiff::Span::new();
        match self {
            MaxAge::Days(n) => span.try_days(i64::from(n)),
            MaxAge::Months(n) => span.try_months(i64::from(n)),
            MaxAge::Years(n) => span.try_years(i64::from(n)),
        }
        .ok()
    }

    /// The oldest day whose ratings are fresh as of `day`; `None` when the subtraction
    /// leaves the calendar (nothing is then stale).
    fn oldest_fresh(self, day: Day) -> Option<Day> {
        let date = day.to_date()?;
        Day::from_date(date.checked_sub(self.span()?).ok()?)
    }
}

/// The people whose ratings are older than `max_age` as of `as_of`, else as of
/// the newest rating date of the roster (so the same file always gives the same answer), in
/// roster order. People without a date are not stale.
pub fn stale_people(roster: &Roster, max_age: MaxAge, as_of: Option<Day>) -> Vec<PersonIdx> {
    let newest = roster.assessed().iter().map(|&(_, d)| d).max();
    let Some(oldest) = as_of.or(newest).and_then(|day| max_age.oldest_fresh(day)) else {
        return Vec::new();
    };
    roster
        .assessed()
        .iter()
        .filter(|&&(_, date)| date < oldest)
        .map(|&(p, _)| p)
        .collect()
}

/// What is stale: whole people (a wide roster dates each person's ratings together) and
/// single ratings (a long roster dates each row).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// People all of whose ratings are stale, in roster order.
    pub people: Vec<PersonIdx>,
    /// Single stale ratings (person, skill), in roster then catalogue order.
    pub ratings: Vec<(PersonIdx, SkillIdx)>,
}

impl Staleness {
    /// The ratings older than `max_age` as of `as_of`, else as of the newest date of the
    /// roster: per rating where the roster dates each (long form), else per person.
    pub fn of(roster: &Roster, max_age: MaxAge, as_of: Option<Day>) -> Staleness {
        if roster.rating_dates().is_empty() {
            return Staleness {
                people: stale_people(roster, max_age, as_of),
                ratings: Vec::new(),
            };
        }
        let newest = roster.assessed().iter().map(|&(_, d)| d).max();
        let Some(oldest) = as_of.or(newest).and_then(|day| max_age.oldest_fresh(day)) else {
            return Staleness::default();
        };
        Staleness {
            people: Vec::new(),
            ratings: roster
                .rating_dates()
                .iter()
                .filter(|&&(_, _, date)| date < oldest)
                .map(|&(p, s, _)| (p, s))
                .collect(),
        }
    }

    /// `roster` with every stale rating read as level 0 (`--stale ignore`).
    pub fn ignored(&self, roster: &Roster) -> Roster {
        let mut copy = roster.clone();
        let zeros = vec![0u8; roster.skill_count()];
        for &p in &self.people {
            copy.set_row(p, &zeros);
        }
        for &(p, s) in &self.ratings {
            copy.set_level(p, s, orggap_model::Level::NONE);
        }
        copy
    }

    /// Whether nothing is stale.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.ratings.is_empty()
    }
}

/// For each duty (in catalogue order), how many of its qualified people are qualified
/// through a stale rating: all their ratings are stale, or one of the skills the duty
/// requires rests on a stale rating.
pub fn stale_qualified(
    analysis: &Analysis,
    catalogue: &Catalogue,
    stale: &Staleness,
) -> Vec<usize> {
    let mut counts = vec![0; analysis.responsibilities.len()];
    for &p in stale.people.iter().filter(|p| analysis.active[p.index()]) {
        for r in analysis.qualified.duties(p) {
            counts[r.index()] += 1;
        }
    }
    for person in stale.ratings.chunk_by(|a, b| a.0 == b.0) {
        let p = person[0].0;
        if !analysis.active[p.index()] || stale.people.contains(&p) {
            continue;
        }
        for r in analysis.qualified.duties(p) {
            let requires = &catalogue.responsibility(r).requires;
            if requires
                .iter()
                .any(|q| person.iter().any(|&(_, s)| s == q.skill))
            {
                counts[r.index()] += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(yyyymmdd: u32) -> Day {
        Day::from_yyyymmdd(yyyymmdd)
    }

    #[test]
    fn ages_parse_and_count_back_on_the_calendar() {
        assert_eq!(MaxAge::parse("540d"), Ok(MaxAge::Days(540)));
        assert_eq!(MaxAge::parse("18mo"), Ok(MaxAge::Months(18)));
        assert_eq!(MaxAge::parse(" 2y "), Ok(MaxAge::Years(2)));
        // The longest ages a calendar holds count back without a panic.
        assert_eq!(MaxAge::parse("19998y"), Ok(MaxAge::Years(19998)));
        assert_eq!(
            MaxAge::parse("19998y").unwrap().oldest_fresh(day(20270101)),
            None
        );
        assert_eq!(
            MaxAge::parse("7304484d")
                .unwrap()
                .oldest_fresh(day(20270101)),
            None
        );
        for bad in [
            "", "y", "18", "18m", "-2y", "1.5y", "2 y", "20000y", "7304485d", "239977mo",
        ] {
            assert!(MaxAge::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            MaxAge::Months(18).oldest_fresh(day(20270101)),
            Some(day(20250701))
        );
        assert_eq!(
            MaxAge::Days(31).oldest_fresh(day(20260301)),
            Some(day(20260129))
        );
        // The end of February, a year back, stays in February.
        assert_eq!(
            MaxAge::Years(1).oldest_fresh(day(20240229)),
            Some(day(20230228))
        );
    }
}
