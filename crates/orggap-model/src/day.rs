//! A day of the calendar as rosters and scenarios write it (`YYYY-MM-DD`), kept as the number
//! `yyyymmdd` so that days compare as numbers.

use std::fmt;

/// A day, as `yyyymmdd` (2027-01-31 is 20270131): ordered like the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(u32);

impl Day {
    /// The day `yyyymmdd` stands for (not checked against the calendar: importers parse
    /// and check a date before they keep it as a number).
    pub const fn from_yyyymmdd(yyyymmdd: u32) -> Day {
        Day(yyyymmdd)
    }

    /// The day as `yyyymmdd`.
    pub const fn yyyymmdd(self) -> u32 {
        self.0
    }

    /// The year, month and day.
    pub const fn parts(self) -> (u32, u32, u32) {
        (self.0 / 10_000, self.0 / 100 % 100, self.0 % 100)
    }

    /// The day `text` writes as `YYYY-MM-DD` (spaces around ignored); `None` for anything
    /// else, a day the calendar does not have, or one before the year 0.
    ///
    /// ```
    /// use orggap_model::Day;
    /// assert_eq!(Day::parse(" 2027-01-31 "), Some(Day::from_yyyymmdd(20270131)));
    /// assert_eq!(Day::parse("2027-02-30"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Day> {
        text.trim()
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(Day::from_date)
    }

    /// The day of a calendar date; `None` before the year 0.
    pub fn from_date(date: jiff::civil::Date) -> Option<Day> {
        let year = u32::try_from(date.year()).ok()?;
        Some(Day(year * 10_000
            + u32::from(date.month() as u8) * 100
            + u32::from(date.day() as u8)))
    }

    /// The calendar date of this day; `None` for a number that is not one.
    pub fn to_date(self) -> Option<jiff::civil::Date> {
        let (year, month, day) = self.parts();
        jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.parts();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_and_compare_as_the_calendar() {
        let day = Day::from_yyyymmdd(20270131);
        assert_eq!(day.to_string(), "2027-01-31");
        assert_eq!(day.parts(), (2027, 1, 31));
        assert!(day < Day::from_yyyymmdd(20270201));
        assert_eq!(Day::from_yyyymmdd(90102).to_string(), "0009-01-02");
    }
}
