//! Making untrusted text (names and titles from spreadsheets) safe in each output format.

use std::borrow::Cow;
use std::io::{self, Write};

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

/// A writer of JSON text that writes every invisible or direction-changing character as a
/// `\uXXXX` escape: the same JSON value (a parser reads back the exact name), but no byte
/// that can drive a terminal (C1 controls, `DEL`) or reorder what a reader sees (bidi
/// overrides, line separators). Such characters only occur inside JSON strings, where
/// serde_json writes them raw; the line feeds between values are kept. A character cut
/// between two writes is completed by the next; bytes that are not UTF-8 pass unchanged.
#[derive(Debug)]
pub struct JsonInvisible<W: Write> {
    inner: W,
    /// The first bytes of a character the last write cut (at most three).
    cut: Vec<u8>,
}

impl<W: Write> JsonInvisible<W> {
    /// Escapes into `inner`.
    pub fn new(inner: W) -> JsonInvisible<W> {
        JsonInvisible {
            inner,
            cut: Vec::new(),
        }
    }

    /// The writer, once any cut character's bytes are written as they came.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.inner.write_all(&self.cut)?;
        Ok(self.inner)
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        let bytes = text.as_bytes();
        let (mut start, mut at) = (0, 0);
        // Visible ASCII and line feeds, nearly all of any JSON, are skipped a byte at a time;
        // the first other byte starts a character, which is looked at.
        let plain = |b: &u8| (0x20..0x7f).contains(b) || *b == b'\n';
        while let Some(skip) = bytes[at..].iter().position(|b| !plain(b)) {
            let i = at + skip;
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            at = i + c.len_utf8();
            if is_invisible(c) {
                self.inner.write_all(&bytes[start..i])?;
                write!(self.inner, "\\u{:04x}", u32::from(c))?;
                start = at;
            }
        }
        self.inner.write_all(&bytes[start..])
    }

    /// Writes `bytes`, the ones that are UTF-8 through [`Self::write_text`]; keeps a
    /// character cut at the end for the next write.
    fn write_bytes(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        loop {
            let error = match std::str::from_utf8(bytes) {
                Ok(text) => return self.write_text(text),
                Err(error) => error,
            };
            let (valid, after) = bytes.split_at(error.valid_up_to());
            if let Ok(text) = std::str::from_utf8(valid) {
                self.write_text(text)?;
            }
            match error.error_len() {
                None => {
                    self.cut.extend_from_slice(after);
                    return Ok(());
                }
                Some(bad) => {
                    self.inner.write_all(&after[..bad])?;
                    bytes = &after[bad..];
                }
            }
        }
    }
}

impl<W: Write> Write for JsonInvisible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        if let Some(&lead) = self.cut.first() {
            let width = match lead {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let take = (width - self.cut.len()).min(rest.len());
            self.cut.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.cut.len() < width {
                return Ok(buf.len());
            }
            let character = std::mem::take(&mut self.cut);
            self.write_bytes(&character)?;
        }
        self.write_bytes(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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

    fn escaped(writes: &[&[u8]]) -> Vec<u8> {
        let mut out = JsonInvisible::new(Vec::new());
        for bytes in writes {
            out.write_all(bytes).unwrap();
        }
        out.into_inner().unwrap()
    }

    #[test]
    fn json_keeps_values_but_escapes_invisible_characters() {
        let value = serde_json::json!({"name": "Eve\u{202e}liM\u{2028}\u{9b}\u{7f} Zoë 李"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let expected = "{\n  \"name\": \"Eve\\u202eliM\\u2028\\u009b\\u007f Zoë 李\"\n}";
        assert_eq!(escaped(&[text.as_bytes()]), expected.as_bytes());
        let back: serde_json::Value = serde_json::from_slice(&escaped(&[text.as_bytes()])).unwrap();
        assert_eq!(back, value);
        // Cut anywhere, even inside a character, the text is escaped the same.
        let bytes = text.as_bytes();
        for at in 0..=bytes.len() {
            let (a, b) = bytes.split_at(at);
            assert_eq!(escaped(&[a, b]), expected.as_bytes(), "cut at {at}");
        }
        let one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(escaped(&one_by_one), expected.as_bytes());
    }

    #[test]
    fn json_escaping_passes_bytes_that_are_not_utf8() {
        assert_eq!(escaped(&[b"a\xffb\xe2\x80"]), b"a\xffb\xe2\x80");
        assert_eq!(escaped(&[b"\xe2\x80", b"\xae!"]), b"\\u202e!");
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
