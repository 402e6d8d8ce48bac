//! Making untrusted text (names and titles from spreadsheets) safe in each output format.

use std::borrow::Cow;

use orggap_model::is_invisible;

/// A CSV cell that a spreadsheet will not run as a formula: a cell starting with `=`, `+`,
/// `-`, `@`, tab or carriage return gets a leading `'` (OWASP's CSV-injection rule).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Text for a Markdown table cell or paragraph: Markdown punctuation is backslash-escaped,
/// HTML is entity-escaped, and line breaks become spaces, so a name cannot become a link,
/// markup or a new table row.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// JSON text with every invisible or direction-changing character written as a `\uXXXX`
/// escape: the same JSON value (a parser reads back the exact name), but bytes that can
/// neither drive a terminal (C1 controls, `DEL`) nor reorder what a reader sees (bidi
/// overrides, line separators). Such characters only occur inside JSON strings, where
/// serde_json writes them raw; the line feeds between values are kept.
pub fn json_invisible(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| is_invisible(c) && c != '\n';
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(bad), format!("'{bad}"));
        }
        assert_eq!(csv_cell("Ada"), "Ada");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn json_keeps_values_but_escapes_invisible_characters() {
        let value = serde_json::json!({"name": "Eve\u{202e}liM\u{2028}\u{9b}\u{7f}"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_invisible(&text);
        assert_eq!(
            safe,
            "{\n  \"name\": \"Eve\\u202eliM\\u2028\\u009b\\u007f\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn markdown_cannot_break_out() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
        assert_eq!(markdown("[x](http://y)"), "\\[x\\](http://y)");
    }
}
