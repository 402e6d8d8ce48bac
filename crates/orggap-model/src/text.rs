//! Showing untrusted text (names from spreadsheets) safely in a terminal or a message.

use std::borrow::Cow;

/// Text with invisible and direction-changing characters shown as `\u{…}` escapes, for
/// messages and terminal output where such characters would hide or reorder text.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters, zero-width characters and bidirectional overrides and isolates.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(visible("Ev\u{202e}il"), "Ev\\u{202e}il");
        assert_eq!(visible("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(visible("tab\there"), "tab\\u{9}here");
        assert_eq!(visible("Zoë"), "Zoë");
    }
}
