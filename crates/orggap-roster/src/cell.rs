//! Parsing one roster cell: levels, capacities, names and ownership lists.

use orggap_model::{Day, Level, Scale, quoted};

/// A level byte that marks an unknown level in a row being parsed (no level is this high).
pub(crate) const UNKNOWN: u8 = 0x0f;

/// The words of a cell whose level is unknown (not assessed), in any case.
const NOT_ASSESSED: [&str; 6] = Level::NOT_ASSESSED;

/// The level a cell holds on `scale`: `Ok(None)` where it is unknown.
///
/// Accepted: empty (0, or unknown with `blank_unknown`), an ASCII whole number 0..top with
/// optional surrounding spaces and leading zeros (`03`), the same written with a zero
/// fraction as spreadsheets export it (`3.0`), a word of the scale in any case, and `N/A`,
/// `NA`, `?`, `-`, `not assessed` or `unknown` for a level not assessed. Anything else is an
/// error message saying what was found and what was expected.
#[inline]
pub fn parse_level(
    cell: &[u8],
    scale: &Scale,
    blank_unknown: bool,
) -> Result<Option<Level>, String> {
    // Fast paths: the common empty cell and single digit.
    match cell {
        [] => return Ok((!blank_unknown).then_some(Level::NONE)),
        b"N/A" | b"n/a" | b"?" | b"-" => return Ok(None),
        [d @ b'0'..=b'9'] if d - b'0' <= scale.top().get() => return Ok(Level::new(d - b'0')),
        _ => {}
    }
    let text = std::str::from_utf8(cell).map_err(|_| "is not valid UTF-8".to_owned())?;
    parse_level_text(text, scale, blank_unknown)
}

fn parse_level_text(
    text: &str,
    scale: &Scale,
    blank_unknown: bool,
) -> Result<Option<Level>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok((!blank_unknown).then_some(Level::NONE));
    }
    if NOT_ASSESSED.iter().any(|w| w.eq_ignore_ascii_case(trimmed)) {
        return Ok(None);
    }
    if let Some(level) = scale.read(trimmed) {
        return Ok(Some(level));
    }
    let range = scale.range();
    match whole_number(trimmed) {
        Some(n) if n <= u64::from(scale.top().get()) => Ok(Level::new(n as u8)),
        Some(_) => Err(format!(
            "level '{}' is not {range} or a level word",
            quoted(trimmed)
        )),
        None if trimmed.parse::<f64>().is_ok() => Err(format!(
            "level '{}' is not a whole number {range} or a level word",
            quoted(trimmed)
        )),
        None => Err(format!(
            "level '{}' is not {range} or a level word ({})",
            quoted(trimmed),
            scale.words()
        )),
    }
}

/// A whole number written with ASCII digits, optionally followed by a zero fraction (`3.00`).
pub fn whole_number(text: &str) -> Option<u64> {
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(frac) = frac
        && (frac.is_empty() || !frac.bytes().all(|b| b == b'0'))
    {
        return None;
    }
    int.parse().ok()
}

/// The capacity a cell holds: empty for "use the default", else a whole number ≥ 0.
pub fn parse_capacity(text: &str) -> Result<Option<u32>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match whole_number(trimmed).map(u32::try_from) {
        Some(Ok(n)) => Ok(Some(n)),
        Some(Err(_)) => Err(too_large(trimmed)),
        // Digits too many for any number are too large, not "not a number".
        None if is_whole_number_text(trimmed) => Err(too_large(trimmed)),
        None => Err(format!(
            "capacity '{}' is not a whole number ≥ 0",
            quoted(trimmed)
        )),
    }
}

fn too_large(text: &str) -> String {
    format!(
        "capacity '{}' is too large; at most {}",
        quoted(text),
        u32::MAX
    )
}

/// Whether `text` is written like a whole number (ASCII digits, optionally a zero
/// fraction), whatever its size.
fn is_whole_number_text(text: &str) -> bool {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b == b'0')
}

/// A date cell, `YYYY-MM-DD`; empty for none.
pub fn parse_date(text: &str) -> Result<Option<Day>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let date: jiff::civil::Date = trimmed.parse().map_err(|_| {
        format!(
            "date '{}' is not a date written YYYY-MM-DD",
            quoted(trimmed)
        )
    })?;
    Day::from_date(date)
        .map(Some)
        .ok_or_else(|| format!("date '{}' is before the year 0", quoted(trimmed)))
}

/// The responsibility ids an `owns` cell lists, separated by `;` or `|`.
pub fn owns_ids(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub use orggap_model::normalize_name;

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cell: &str, expected: Result<u8, &str>) {
        let got = parse_level(cell.as_bytes(), &Scale::dreyfus(), false)
            .map(|l| l.map_or(UNKNOWN, Level::get));
        assert_eq!(got, expected.map_err(str::to_owned), "cell {cell:?}");
    }

    #[test]
    fn levels() {
        check("", Ok(0));
        check("0", Ok(0));
        check("5", Ok(5));
        check(" 3 ", Ok(3));
        check("03", Ok(3));
        check("3.0", Ok(3));
        check("4.00", Ok(4));
        check("Expert", Ok(5));
        check("advanced BEGINNER", Ok(2));
        check("N/A", Ok(UNKNOWN));
        check("na", Ok(UNKNOWN));
        check("-", Ok(UNKNOWN));
        check("?", Ok(UNKNOWN));
        check(" Not Assessed ", Ok(UNKNOWN));
        check("UNKNOWN", Ok(UNKNOWN));
        check("basic", Ok(1));
        check("Intermediate", Ok(3));
        check("advanced", Ok(4));
        let scale = Scale::dreyfus();
        assert_eq!(parse_level(b"", &scale, true), Ok(None));
        assert_eq!(parse_level(b"  ", &scale, true), Ok(None));
        assert_eq!(parse_level(b"0", &scale, true), Ok(Some(Level::NONE)));
        let names = [
            "none",
            "awareness",
            "working",
            "practitioner",
            "expert",
            "lead",
            "head",
        ];
        let sfia = Scale::named(names.map(str::to_owned).to_vec()).unwrap();
        assert_eq!(parse_level(b"6", &sfia, false), Ok(Level::new(6)));
        assert_eq!(
            parse_level(b"Practitioner", &sfia, false),
            Ok(Level::new(3))
        );
        assert_eq!(
            parse_level(b"7", &sfia, false),
            Err("level '7' is not 0..6 or a level word".into())
        );
        assert_eq!(
            parse_level(b"competent", &sfia, false),
            Err("level 'competent' is not 0..6 or a level word (none, awareness, working, practitioner, expert, lead, head)".into())
        );
        check("6", Err("level '6' is not 0..5 or a level word"));
        check(
            "-1",
            Err("level '-1' is not a whole number 0..5 or a level word"),
        );
        check(
            "3.5",
            Err("level '3.5' is not a whole number 0..5 or a level word"),
        );
        check(
            "3.",
            Err("level '3.' is not a whole number 0..5 or a level word"),
        );
        check(
            "abc",
            Err(
                "level 'abc' is not 0..5 or a level word (none, novice, advanced beginner, competent, proficient, expert)",
            ),
        );
        check(
            "\u{663}",
            Err(
                "level '\u{663}' is not 0..5 or a level word (none, novice, advanced beginner, competent, proficient, expert)",
            ),
        );
    }

    #[test]
    fn capacities() {
        assert_eq!(parse_capacity(""), Ok(None));
        assert_eq!(parse_capacity(" 4 "), Ok(Some(4)));
        assert_eq!(parse_capacity("0"), Ok(Some(0)));
        assert_eq!(parse_capacity("2.0"), Ok(Some(2)));
        assert_eq!(
            parse_capacity("2.5"),
            Err("capacity '2.5' is not a whole number ≥ 0".to_owned())
        );
        assert_eq!(
            parse_capacity("-1"),
            Err("capacity '-1' is not a whole number ≥ 0".to_owned())
        );
        for big in ["4294967296", "99999999999999999999999", "5000000000.00"] {
            assert_eq!(
                parse_capacity(big),
                Err(format!("capacity '{big}' is too large; at most 4294967295"))
            );
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date(" 2027-02-28 "),
            Ok(Some(Day::from_yyyymmdd(20_270_228)))
        );
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(
            parse_date("2027-02-30"),
            Err("date '2027-02-30' is not a date written YYYY-MM-DD".to_owned())
        );
        assert!(parse_date("28/02/2027").is_err());
    }

    #[test]
    fn owns_lists() {
        let ids: Vec<_> = owns_ids(" cpo.budget; cmo.launches | ;pm.x ").collect();
        assert_eq!(ids, ["cpo.budget", "cmo.launches", "pm.x"]);
    }

    #[test]
    fn names_are_nfc_and_trimmed() {
        assert_eq!(normalize_name(" Zo\u{0065}\u{0308} "), "Zo\u{00eb}");
        assert!(matches!(
            normalize_name("Ada"),
            std::borrow::Cow::Borrowed("Ada")
        ));
    }
}
