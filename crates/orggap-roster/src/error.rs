//! Import errors: every problem of a file, each with its line (or sheet row) and column.

use std::fmt;

use orggap_model::{quoted, visible};

/// How many problems are kept in full; the rest are only counted.
pub const MAX_PROBLEMS: usize = 50;

/// Why a roster could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read at all.
    #[error("{origin}: cannot read")]
    Io {
        /// The file.
        origin: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The file was read and has problems; all of them are listed.
    #[error("{}", render(origin, problems, *more))]
    Invalid {
        /// The file.
        origin: String,
        /// The first [`MAX_PROBLEMS`] problems, in line order.
        problems: Vec<Problem>,
        /// How many more problems were found but not kept.
        more: usize,
    },
}

impl ImportError {
    /// The problems, empty for an I/O error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Io { .. } => &[],
            ImportError::Invalid { problems, .. } => problems,
        }
    }
}

/// Where in the file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line of a text file (1-based), optionally a column given by its header.
    Line {
        /// 1-based line where the record starts.
        line: usize,
        /// Header of the column, when the problem is in one cell.
        column: Option<String>,
    },
    /// A row of a spreadsheet (1-based), optionally a column given by index and header.
    Cell {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// 0-based column index and header, when the problem is in one cell.
        column: Option<(usize, String)>,
    },
}

/// One problem found in a roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What was found and what was expected, e.g. `level '7' is not 0..5 or a level word`.
    pub message: String,
}

/// The spreadsheet letters of a 0-based column index (0 → `A`, 26 → `AA`).
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Line { line, column } => {
                write!(f, "line {line}: ")?;
                match column {
                    Some(c) => write!(f, "column '{}': ", quoted(c)),
                    None => Ok(()),
                }
            }
            Place::Cell { sheet, row, column } => {
                write!(f, "sheet '{}': row {row}: ", quoted(sheet))?;
                match column {
                    Some((i, c)) => write!(f, "column {} '{}': ", column_letters(*i), quoted(c)),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.place, self.message)
    }
}

/// One line per problem, each starting with the file; anything that would break a line
/// (a library's message quoting a name, say) is shown as an escape.
fn render(origin: &str, problems: &[Problem], more: usize) -> String {
    let origin = quoted(origin);
    let mut lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{origin}: {}", visible(&p.to_string())))
        .collect();
    if more > 0 {
        lines.push(format!("{origin}: … and {more} more problems"));
    }
    lines.join("\n")
}

/// Collects problems in the order found, keeping the first [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Problems {
    pub(crate) kept: Vec<Problem>,
    pub(crate) more: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, place: Place, message: String) {
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(Problem { place, message });
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    pub(crate) fn into_error(mut self, origin: &str) -> ImportError {
        // Problems are found in line order except those found at the end (duplicates across
        // the file); a stable sort keeps each line's problems in column order.
        self.kept.sort_by_key(|p| match &p.place {
            Place::File => 0,
            Place::Line { line, .. } => *line,
            Place::Cell { row, .. } => *row,
        });
        ImportError::Invalid {
            origin: origin.to_owned(),
            problems: self.kept,
            more: self.more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn messages_compose_with_origin_place_and_count() {
        let mut problems = Problems::default();
        for line in 2..=MAX_PROBLEMS + 4 {
            let column = Some("Budgeting".to_owned());
            problems.push(Place::Line { line, column }, "level '7' is not 0..5".into());
        }
        let text = problems.into_error("r.csv").to_string();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "r.csv: line 2: column 'Budgeting': level '7' is not 0..5"
        );
        assert_eq!(text.lines().last().unwrap(), "r.csv: … and 3 more problems");
    }
}
