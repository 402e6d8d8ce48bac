//! Showing untrusted text (names from spreadsheets) safely in a terminal or a message.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Text with invisible and direction-changing characters shown as `\u{…}` escapes, for
/// messages and terminal output where such characters would hide or reorder text.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// The most characters of a value quoted in a message.
const QUOTED_CHARS: usize = 120;

/// A value for a message: [`visible`], and cut with an ellipsis after 120 characters, so
/// that a megabyte-long cell makes a one-line message.
pub fn quoted(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => visible(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", visible(&text[..cut]))),
    }
}

/// A whole output made safe for a terminal: every control character but line feed and tab,
/// every invisible or direction-changing character, and the line and paragraph separators
/// are shown as `\u{…}` escapes, so that no name or title can move the cursor, retitle the
/// window, write the clipboard (OSC 52) or reset the terminal. With `keep_sgr`, the colour
/// sequences (`ESC [ digits ; … m`) that orggap itself writes are kept; nothing else that
/// starts with `ESC` is.
pub fn terminal_safe(text: &str, keep_sgr: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_invisible(c) && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if keep_sgr && c == '\x1b' {
            let sgr = sgr_len(rest);
            if sgr > 0 {
                out.push_str(&rest[..sgr]);
                rest = &rest[sgr..];
                continue;
            }
        }
        if unsafe_char(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the colour sequence `ESC [ (digit | ;)* m` at the start of `text`, or 0.
fn sgr_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes.starts_with(b"\x1b[") {
        return 0;
    }
    let params = bytes[2..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b';')
        .count();
    match bytes.get(2 + params) {
        Some(b'm') => 3 + params,
        _ => 0,
    }
}

fn push_visible(out: &mut String, c: char) {
    if is_invisible(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Control characters, zero-width characters, bidirectional marks, overrides and isolates,
/// and the line and paragraph separators (which some terminals and editors break lines at):
/// the characters [`visible`] escapes.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// A name as the roster keeps it: trimmed and in Unicode NFC, so that the same name typed
/// with composed or decomposed accents is one person.
pub fn normalize_name(name: &str) -> Cow<'_, str> {
    let trimmed = name.trim();
    if trimmed.is_ascii() || is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{terminal_safe, visible};

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(visible("Ev\u{202e}il"), "Ev\\u{202e}il");
        assert_eq!(visible("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(visible("tab\there"), "tab\\u{9}here");
        assert_eq!(visible("line\u{2028}sep"), "line\\u{2028}sep");
        assert_eq!(visible("Zoë"), "Zoë");
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        assert_eq!(super::quoted("short"), "short");
        let long = "é".repeat(500);
        assert_eq!(super::quoted(&long), format!("{}…", "é".repeat(120)));
        assert_eq!(super::quoted("a\u{1b}b"), "a\\u{1b}b");
    }

    fn check(text: &str, keep_sgr: bool, expected: &str) {
        assert_eq!(terminal_safe(text, keep_sgr), expected, "{text:?}");
    }

    #[test]
    fn terminal_output_keeps_lines_tabs_and_only_colour_sequences() {
        check("a\tb\nc\n", false, "a\tb\nc\n");
        // OSC 52 (clipboard write), a reset and a carriage return are shown, not obeyed.
        check("\x1b]52;c;aGk=\x07x", true, "\\u{1b}]52;c;aGk=\\u{7}x");
        check("\x1bc\r", false, "\\u{1b}c\\u{d}");
        check("\u{9b}31m", true, "\\u{9b}31m");
        check("\x1b[1;31mgap\x1b[0m", true, "\x1b[1;31mgap\x1b[0m");
        check("\x1b[1;31mgap", false, "\\u{1b}[1;31mgap");
        check("\x1b[2J", true, "\\u{1b}[2J");
        check("p\u{2029}q \u{202e}", false, "p\\u{2029}q \\u{202e}");
    }
}
