//! The one place where text from data or config is made inert for Typst.
//!
//! Tera autoescapes every `{{ value }}` in a `.typ` template with [`escape_markup`], so an
//! organization name like `#read("/etc/passwd")` or `]` `#set page(...)` prints as text.
//! Templates put data only in markup; the few string arguments Typst needs (image `alt`
//! texts) go through the `typst_str` filter, which uses [`escape_string`]. The deck's XML parts
//! and the e-mail's HTML use [`xml_escape`] and [`html_escape`].

use std::io::Write;

/// Characters with a meaning in Typst markup, escaped with a backslash (`\` + any character
/// is a literal in Typst markup).
const MARKUP_SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '=', '-', '+', '/', '~', '\'', '"',
    ':', '.', '{', '}', '(', ')', ';', '^', '&', '%', '!', '?', '|',
];

/// Escape `text` for Typst markup: special characters get a backslash, every run of
/// whitespace (newlines included) becomes one space, control characters are dropped.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if c.is_control() {
            continue;
        }
        if MARKUP_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape `text` as the body of a Typst string literal (`"…"`).
pub fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Tera's escape function for `.typ` templates.
pub fn tera_escape(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
    output.write_all(escape_markup(input).as_bytes())
}

/// Escape text for XML character data and attribute values (the deck's parts). Characters
/// XML 1.0 forbids (control characters other than tab, newline and carriage return) are
/// dropped.
pub fn xml_escape(text: &str) -> String {
    escape_angle_brackets(text, "&apos;", true)
}

/// Escape text for HTML element content and attribute values (the e-mail's HTML part).
pub fn html_escape(text: &str) -> String {
    escape_angle_brackets(text, "&#39;", false)
}

fn escape_angle_brackets(text: &str, apostrophe: &str, drop_controls: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            '\t' | '\n' | '\r' => out.push(c),
            c if drop_controls && ((c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A relative path as a URL path: each `/`-separated segment percent-encoded, only RFC 3986's
/// unreserved characters left as they are (the portfolio's links, the e-mail's report links).
pub fn url_path(path: &str) -> String {
    let encoded: Vec<String> = path
        .split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        })
        .collect();
    encoded.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_specials_get_a_backslash() {
        assert_eq!(
            escape_markup("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(escape_markup("a]b"), "a\\]b");
        assert_eq!(escape_markup("\\"), "\\\\");
        assert_eq!(escape_markup("7,4"), "7,4");
    }

    #[test]
    fn newlines_cannot_start_a_heading_or_list() {
        assert_eq!(escape_markup("x\n= Kop\n- item"), "x \\= Kop \\- item");
    }

    #[test]
    fn string_escape_keeps_the_literal_closed() {
        assert_eq!(escape_string("a\"b\\c\nd"), "a\\\"b\\\\c d");
    }
}
