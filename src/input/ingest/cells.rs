//! One cell's text → a value: numbers with a decimal point or comma, missing-value and
//! yes/no tokens matched ignoring case and spacing, without allocating for the usual cell.

use crate::config::ingest::normalize;

/// Normalized tokens (missing-value or yes/no answers) with the lengths they have, so most
/// cells are found to be none of them without a comparison.
#[derive(Debug, Clone, Default)]
pub(super) struct Tokens {
    tokens: Vec<String>,
    /// Bit `n` is set when a token has `n` bytes (`n` < 63), bit 63 for longer tokens.
    lengths: u64,
    /// The length of the longest token in bytes.
    longest: usize,
}

impl Tokens {
    pub(super) fn new(tokens: &[String]) -> Self {
        let lengths = tokens.iter().fold(0, |m, t| m | Self::bit(t.len()));
        Tokens {
            tokens: tokens.to_vec(),
            lengths,
            longest: tokens.iter().map(String::len).max().unwrap_or(0),
        }
    }

    #[inline]
    fn bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    /// Whether `raw` (trimmed) is one of the tokens; an empty cell always is.
    #[inline]
    pub(super) fn matches(&self, raw: &str) -> bool {
        if raw.is_empty() {
            return true;
        }
        // A short ASCII answer without spaces is compared as it is: no token has its
        // length, or one is equal ignoring case. (A long text, say a comment, goes to
        // `is_among`, which gives up after a few characters instead of reading it whole.)
        let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace();
        if raw.len() < 64 && raw.bytes().all(|b| plain(&b)) {
            return self.lengths & Self::bit(raw.len()) != 0
                && self.tokens.iter().any(|t| t.eq_ignore_ascii_case(raw));
        }
        is_among(raw, &self.tokens, self.longest)
    }
}

/// Whether `raw` (trimmed, not empty) is one of the normalized `tokens`, `longest` being the
/// longest token's length in bytes.
fn is_among(raw: &str, tokens: &[String], longest: usize) -> bool {
    // Every character but whitespace stays at least one byte when normalized: a text with
    // more of them than the longest token has bytes is none of them (say, a comment).
    if raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .nth(longest)
        .is_some()
    {
        return false;
    }
    let n = normalized(raw);
    tokens.iter().any(|t| *t == n.as_ref())
}

/// [`normalize`] without an allocation when `text` is normalized already (ASCII, lowercase,
/// single spaces between words), as most cells are.
#[inline]
pub(crate) fn normalized(text: &str) -> std::borrow::Cow<'_, str> {
    // One pass: ASCII, no uppercase, no control character, no space at either end or next
    // to another.
    let mut plain = true;
    let mut after_space = true;
    for &c in text.as_bytes() {
        let space = c == b' ';
        plain &= c.is_ascii() && c >= b' ' && !c.is_ascii_uppercase() && !(space && after_space);
        after_space = space;
    }
    if plain && (!after_space || text.is_empty()) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(normalize(text))
    }
}

/// Parse `7.5`, the Dutch `7,5`, `-1`, `+3`, `.5`; nothing else (no exponents, no
/// thousands separators, no `NaN`).
///
/// Up to 15 digits the number is computed directly: the digits as an integer, which is
/// exact below 2^53, divided by a power of ten, which is exact up to 10^22. One correctly
/// rounded division of two exact values gives the same double as `str::parse`.
#[inline]
pub(crate) fn parse_number(raw: &str) -> Option<f64> {
    // Most answers are grades of one or two digits: no loop, no division.
    match *raw.as_bytes() {
        [d @ b'0'..=b'9'] => Some(f64::from(d - b'0')),
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(f64::from((a - b'0') * 10 + (b - b'0'))),
        _ => parse_general(raw),
    }
}

/// [`parse_number`] of any text.
fn parse_general(raw: &str) -> Option<f64> {
    let (negative, digits) = match raw.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    let mut separators = 0;
    let mut any_digit = false;
    let mut mantissa = 0u64;
    let mut scale = 0;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            }
            b'.' | b',' => {
                separators += 1;
                scale = digits.len() - 1 - i;
            }
            _ => return None,
        }
    }
    if !any_digit || separators > 1 {
        return None;
    }
    if digits.len() <= 15 {
        const POW10: [f64; 16] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        // An integer (most answers) needs no division; dividing by 1 would change nothing.
        let x = if scale == 0 {
            mantissa as f64
        } else {
            mantissa as f64 / POW10[scale]
        };
        return Some(if negative { -x } else { x });
    }
    let x = if raw.contains(',') {
        raw.replace(',', ".").parse::<f64>().ok()?
    } else {
        raw.parse::<f64>().ok()?
    };
    x.is_finite().then_some(x)
}

pub(super) fn fmt_plain(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ingest::ReadOptions;

    #[test]
    fn the_short_path_parses_exactly_like_the_general_parser() {
        for text in [
            "0",
            "7",
            "10",
            "99",
            "07",
            "7.5",
            "7,5",
            "-1",
            "+3",
            ".5",
            ",5",
            "5.",
            "-0",
            "0.1",
            "0.3",
            "9.99",
            "123456789012345",
            "1234567890123.5",
            "1234567890123456",
            "12345678901234.56",
            "0.0000000000001",
            "-2.675",
            "1.005",
        ] {
            let general = text.replace(',', ".").parse::<f64>().unwrap();
            assert_eq!(
                parse_number(text).map(f64::to_bits),
                Some(general.to_bits()),
                "{text}"
            );
        }
    }

    #[test]
    fn long_texts_are_no_tokens_whatever_their_case_and_spacing() {
        let tokens = Tokens::new(&["weet niet".to_string(), "nvt".to_string()]);
        assert!(tokens.matches("  Weet \t  NIET "));
        assert!(tokens.matches("WEET\u{a0}niet"));
        assert!(!tokens.matches("weet niet of het goed was"));
        assert!(!tokens.matches("Ik weet niet"));
    }

    #[test]
    fn normalized_borrows_only_what_is_normalized_already() {
        for text in [
            "weet niet",
            "Weet niet",
            " nvt",
            "nvt ",
            "weet  niet",
            "a\tb",
            "a\u{b}b",
            "Ünï",
            "n.v.t.",
            "",
        ] {
            let n = normalized(text);
            assert_eq!(n, normalize(text), "{text:?}");
            assert_eq!(
                matches!(n, std::borrow::Cow::Borrowed(_)),
                normalize(text) == text && text.is_ascii()
            );
        }
    }

    #[test]
    fn decimal_comma_and_point_both_parse() {
        assert_eq!(parse_number("7,5"), Some(7.5));
        assert_eq!(parse_number("7.5"), Some(7.5));
        assert_eq!(parse_number("-1"), Some(-1.0));
        assert_eq!(parse_number(",5"), Some(0.5));
        for bad in ["elf", "NaN", "inf", "1e3", "1.234,5", ".", "-", "7 5", ""] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn missing_tokens_are_recognised_ignoring_case_and_spacing() {
        let tokens = ReadOptions::default().missing;
        let set = Tokens::new(&tokens);
        for t in ["", "NA", "n.v.t.", "Weet niet", "weet   NIET", "N/A", "-"] {
            assert!(set.matches(t), "{t}");
        }
        for t in ["7", "nee", "weetniet", "NAN", "--", "nvt."] {
            assert!(!set.matches(t), "{t}");
        }
        let long = Tokens::new(&["x".repeat(70)]);
        assert!(long.matches(&"X".repeat(70)));
        assert!(!long.matches(&"x".repeat(69)));
    }
}
