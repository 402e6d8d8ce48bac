//! How old ratings are: the people whose ratings are older than a limit (stale), and how
//! many of each duty's qualified people rest on such ratings.

use jiff::ToSpan;
use jiff::civil::Date;
use orggap_model::{PersonIdx, Roster};

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
        match unit {
            "d" => Ok(MaxAge::Days(n)),
            "mo" => Ok(MaxAge::Months(n)),
            "y" => Ok(MaxAge::Years(n)),
            _ => Err(format!("'{text}' is not an age like 540d, 18mo or 2y")),
        }
    }

    /// The oldest day (`yyyymmdd`) whose ratings are fresh as of `day`; `None` when the
    /// subtraction leaves the calendar (nothing is then stale).
    fn oldest_fresh(self, day: u32) -> Option<u32> {
        let date = Date::new(
            i16::try_from(day / 10_000).ok()?,
            i8::try_from(day / 100 % 100).ok()?,
            i8::try_from(day % 100).ok()?,
        )
        .ok()?;
        let span = match self {
            MaxAge::Days(n) => i64::from(n).days(),
            MaxAge::Months(n) => i64::from(n).months(),
            MaxAge::Years(n) => i64::from(n).years(),
        };
        let oldest = date.checked_sub(span).ok()?;
        let year = u32::try_from(oldest.year()).ok()?;
        Some(year * 10_000 + u32::from(oldest.month() as u8) * 100 + u32::from(oldest.day() as u8))
    }
}

/// The people whose ratings are older than `max_age` as of `as_of` (`yyyymmdd`), else as of
/// the newest rating date of the roster (so the same file always gives the same answer), in
/// roster order. People without a date are not stale.
pub fn stale_people(roster: &Roster, max_age: MaxAge, as_of: Option<u32>) -> Vec<PersonIdx> {
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

/// For each duty (in catalogue order), how many of its qualified people are among `stale`.
pub fn stale_qualified(analysis: &Analysis, stale: &[PersonIdx]) -> Vec<usize> {
    let mut counts = vec![0; analysis.responsibilities.len()];
    for &p in stale.iter().filter(|p| analysis.active[p.index()]) {
        for r in analysis.qualified.duties(p) {
            counts[r.index()] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_parse_and_count_back_on_the_calendar() {
        assert_eq!(MaxAge::parse("540d"), Ok(MaxAge::Days(540)));
        assert_eq!(MaxAge::parse("18mo"), Ok(MaxAge::Months(18)));
        assert_eq!(MaxAge::parse(" 2y "), Ok(MaxAge::Years(2)));
        for bad in ["", "y", "18", "18m", "-2y", "1.5y", "2 y"] {
            assert!(MaxAge::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(MaxAge::Months(18).oldest_fresh(20270101), Some(20250701));
        assert_eq!(MaxAge::Days(31).oldest_fresh(20260301), Some(20260129));
        // The end of February, a year back, stays in February.
        assert_eq!(MaxAge::Years(1).oldest_fresh(20240229), Some(20230228));
    }
}
