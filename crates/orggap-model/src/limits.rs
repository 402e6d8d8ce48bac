//! Limits on the TOML files orggap reads (catalogues, policies), checked before parsing so
//! that no file, however large or deeply repetitive, makes the parser allocate without
//! bound: a 10 MB array of numbers would otherwise become a gigabyte of parsed values.

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

use crate::{CatalogueError, CatalogueProblem};

/// The largest TOML file read: a catalogue of a whole job architecture (thousands of
/// duties) is a few megabytes.
pub const MAX_TOML_BYTES: usize = 16 << 20;
/// The most keys, values, arrays and tables a TOML file may hold; every one of them becomes
/// a parsed value. A catalogue of 10,000 duties holds about 200,000.
pub const MAX_TOML_VALUES: usize = 1_000_000;

/// Checks `text` against [`MAX_TOML_BYTES`] and [`MAX_TOML_VALUES`]; the error names the
/// limit and, for the values, the line where it was passed.
pub fn check_toml_size(text: &str, origin: &str, what: &str) -> Result<(), CatalogueError> {
    let refuse = |line: Option<usize>, message: String| CatalogueError {
        origin: origin.to_owned(),
        problems: vec![CatalogueProblem {
            line,
            entry: String::new(),
            message,
        }],
    };
    if text.len() > MAX_TOML_BYTES {
        return Err(refuse(None, too_large(what, &text.len().to_string())));
    }
    let mut values = 0usize;
    for token in Source::new(text).lex() {
        let counts = matches!(
            token.kind(),
            TokenKind::Atom
                | TokenKind::BasicString
                | TokenKind::LiteralString
                | TokenKind::MlBasicString
                | TokenKind::MlLiteralString
                | TokenKind::LeftSquareBracket
                | TokenKind::LeftCurlyBracket
        );
        values += usize::from(counts);
        if values > MAX_TOML_VALUES {
            let line = line_of(text, token.span().start());
            return Err(refuse(
                Some(line),
                format!(
                    "more than {MAX_TOML_VALUES} keys and values; a {what} holds at most that many"
                ),
            ));
        }
    }
    Ok(())
}

/// Why a TOML file of `size` bytes (a number, or "more than N") is refused.
pub fn too_large(what: &str, size: &str) -> String {
    format!(
        "the {what} is {size} bytes; a {what} may be at most {MAX_TOML_BYTES} bytes ({} MiB)",
        MAX_TOML_BYTES >> 20
    )
}

/// The 1-based line of byte `offset` in `text`, for one message; to name the lines of many
/// entries, count once with [`Lines`].
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where a text's lines end, counted once: the line of any offset is then a binary search,
/// so naming the line of each of a file's entries costs a search each, never a count from
/// the start (which made a scenario of 100,000 entries quadratic).
#[derive(Debug)]
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    /// The line ends (line feeds) of `text`.
    pub(crate) fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&end| end < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_array_is_refused_at_its_line_before_parsing() {
        let mut text = String::from("# a catalogue\n\nx = [");
        text.push_str(&"1,".repeat(MAX_TOML_VALUES + 5));
        text.push_str("]\n");
        let error = check_toml_size(&text, "big.toml", "catalogue").unwrap_err();
        assert_eq!(
            error.to_string(),
            "big.toml: line 3: more than 1000000 keys and values; a catalogue holds at most that many"
        );
        assert!(check_toml_size("a = [1, 2]\n[b]\nc = 'd'\n", "ok.toml", "catalogue").is_ok());
    }

    #[test]
    fn lines_are_found_by_search_as_by_counting() {
        let text = "a\n\nbé\nc";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            let counted = text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            assert_eq!(lines.line(offset), counted, "offset {offset}");
            assert_eq!(line_of(text, offset), counted, "offset {offset}");
        }
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused() {
        let text = format!("# {}\n", "x".repeat(MAX_TOML_BYTES));
        let error = check_toml_size(&text, "big.toml", "policy").unwrap_err();
        assert_eq!(
            error.to_string(),
            "big.toml: the policy is 16777219 bytes; a policy may be at most 16777216 bytes (16 MiB)"
        );
    }
}
