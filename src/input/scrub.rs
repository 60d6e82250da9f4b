//! Personal data out of anything that came from the data: e-mail addresses (also written
//! as `jan [at] example [dot] nl`), phone numbers (Dutch and international forms), IBANs,
//! Dutch postcodes (with or without house number) and BSN numbers (nine digits passing the
//! eleven-test) are replaced before a text reaches any output — a report, the workbook,
//! `metrics.json`, the manifest or the log.
//!
//! Every string from data goes through here: open answers when they are quoted, complaint
//! categories and department names as they are read, and every finding message when it is
//! recorded. Findings name the column and the kind of problem, and show a value only when
//! [`shown_value`] finds it short and impersonal.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// What replaces personal data in data-derived texts that are not yet in a report language
/// (findings, categories); reports use their own translated word.
pub const REPLACEMENT: &str = "[…]";

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // e-mail
        r"(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}",
        // obfuscated e-mail: jan [at] example [dot] nl, jan(at)example.nl, jan at example dot
        // nl (a dot before a space ends a sentence, not a domain: "at noon. The" stays)
        concat!(
            r"(?i)[a-z0-9._%+\-]+",
            r"(?:\s*[\[({]\s*(?:at|@)\s*[\])}]\s*|\s+(?:at|apenstaartje)\s+)",
            r"[a-z0-9\-]+",
            r"(?:(?:\.|\s*[\[({]\s*(?:dot|punt)\s*[\])}]\s*|\s+(?:dot|punt)\s+)[a-z0-9\-]+)*",
            r"(?:\.|\s*[\[({]\s*(?:dot|punt)\s*[\])}]\s*|\s+(?:dot|punt)\s+)[a-z]{2,}\b",
        ),
        // IBAN: country code, check digits, 10–30 alphanumerics, optionally in groups of four
        r"(?i)\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?\b",
        // Dutch postcode with house number: 1234 AB 12, 1234AB 12a
        r"(?i)\b\d{4}\s?[a-z]{2}\s*,?\s*\d{1,5}[a-z]?\b",
        // Dutch postcode alone, in capitals (1234 AB, 1234AB; SA, SD and SS are not issued),
        // so that "sinds 2019 en" stays
        r"\b[1-9]\d{3}\s?(?:[A-RT-Z][A-Z]|S[BCE-RT-Z])\b",
        // phone numbers: +31 6 12345678, +31 (0)6-1234 5678, 0031 20 1234567, 06-12345678,
        // 020 123 4567, (020) 123 45 67, 0612345678
        r"(?:\+|\b00)\d{2}[\s\-]?(?:\(0\)[\s\-]?)?\d(?:[\s\-]?\d){7,9}\b",
        r"\(0\d{1,3}\)[\s\-]?\d(?:[\s\-]?\d){5,7}\b",
        r"\b0\d{1,3}(?:[\s\-]?\d){6,8}\b",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("scrub patterns are valid"))
    .collect()
});

/// Nine digits, optionally grouped with dots or spaces (123456782, 1234.56.782, 123 456 782).
static BSN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d(?:[.\s]?\d){7,8}\b").expect("the BSN pattern is valid"));

/// Whether `digits` (8 or 9) pass the BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0
/// (mod 11), not all zero. Eight digits are read with a leading zero.
pub fn is_bsn(digits: &str) -> bool {
    let d: Vec<i64> = digits
        .chars()
        .filter_map(|c| c.to_digit(10).map(i64::from))
        .collect();
    let d: Vec<i64> = match d.len() {
        9 => d,
        8 => std::iter::once(0).chain(d).collect(),
        _ => return false,
    };
    if d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, x)| (9 - i as i64) * x)
        .sum::<i64>()
        - d[8];
    sum % 11 == 0
}

/// Replace personal data in `text` with `replacement`.
pub fn scrub(text: &str, replacement: &str) -> String {
    let mut out = text.to_string();
    for re in PATTERNS.iter() {
        if re.is_match(&out) {
            out = re.replace_all(&out, replacement).into_owned();
        }
    }
    if BSN.is_match(&out) {
        out = BSN
            .replace_all(&out, |c: &Captures| {
                if is_bsn(&c[0]) {
                    replacement.to_string()
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
    }
    out
}

/// A text for a message: scrubbed, control characters (NUL bytes of a misread UTF-16 file,
/// terminal escapes) dropped, whitespace runs made one space.
pub fn for_message(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let words: Vec<&str> = clean.split(' ').filter(|w| !w.is_empty()).collect();
    scrub(&words.join(" "), REPLACEMENT)
}

/// A cell value as a finding may show it: itself when it is short (at most 16 characters),
/// has few digits (at most 4) and nothing the scrubber would remove, like `elf`, `7,5,` or
/// `#BAD[`;
/// else a description (`a text of 43 characters`), so a finding never carries a phone
/// number, an e-mail address or a name someone typed into a number field.
pub fn shown_value(raw: &str) -> String {
    let chars = raw.chars().count();
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let printable = !raw.chars().any(char::is_control);
    if chars <= 16 && digits <= 4 && printable && !raw.contains('@') && scrub(raw, "") == raw {
        format!("'{raw}'")
    } else {
        format!("a text of {chars} characters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> String {
        scrub(t, "[X]")
    }

    #[test]
    fn email_addresses_are_removed() {
        assert_eq!(s("mail jan.jansen@example.nl aub"), "mail [X] aub");
    }

    #[test]
    fn phone_numbers_are_removed() {
        assert_eq!(s("bel 06-12345678 of 020 123 4567"), "bel [X] of [X]");
        assert_eq!(s("bel +31 6 12345678."), "bel [X].");
    }

    #[test]
    fn ibans_are_removed() {
        assert_eq!(
            s("rekening NL91 ABNA 0417 1643 00 klopt niet"),
            "rekening [X] klopt niet"
        );
        assert_eq!(s("NL91ABNA0417164300"), "[X]");
    }

    #[test]
    fn postcode_with_house_number_is_removed() {
        assert_eq!(s("ik woon op 1234 AB 12 en"), "ik woon op [X] en");
    }

    #[test]
    fn postcodes_alone_bsn_and_obfuscated_email_are_removed() {
        assert_eq!(s("ik woon in 1234 AB Utrecht"), "ik woon in [X] Utrecht");
        assert_eq!(s("postcode 1234AB."), "postcode [X].");
        assert_eq!(s("mijn bsn is 111222333 hoor"), "mijn bsn is [X] hoor");
        assert_eq!(s("bsn 1112.22.333"), "bsn [X]");
        // Nine digits that fail the eleven-test are not a BSN.
        assert_eq!(s("ordernummer 123456789"), "ordernummer 123456789");
        for email in [
            "jan [at] example [dot] nl",
            "jan(at)example.nl",
            "jan at example dot nl",
            "jan [@] voorbeeld.nl",
        ] {
            assert_eq!(s(&format!("mail {email} aub")), "mail [X] aub", "{email}");
        }
    }

    #[test]
    fn phone_forms_are_removed() {
        for phone in [
            "+31 (0)6 1234 5678",
            "+31-6-12345678",
            "0031612345678",
            "(020) 123 45 67",
            "06 123 456 78",
        ] {
            assert_eq!(s(&format!("bel {phone} nu")), "bel [X] nu", "{phone}");
        }
    }

    #[test]
    fn eleven_test() {
        assert!(is_bsn("111222333"));
        assert!(is_bsn("123456782"));
        assert!(!is_bsn("123456789"));
        assert!(!is_bsn("000000000"));
    }

    #[test]
    fn values_are_shown_only_when_short_and_impersonal() {
        assert_eq!(shown_value("elf"), "'elf'");
        let english = "We arrived at noon. The staff was kind, at least. Good at it.";
        assert_eq!(s(english), english);
        assert_eq!(shown_value("7,5,"), "'7,5,'");
        assert_eq!(shown_value("#BAD["), "'#BAD['");
        assert_eq!(
            shown_value("bel me 0612345678 of mail jan@example.nl"),
            "a text of 40 characters"
        );
        assert_eq!(shown_value("0612345678"), "a text of 10 characters");
        assert_eq!(shown_value("1234 AB"), "a text of 7 characters");
        assert_eq!(for_message("a\0b\u{1b}[31m c\n d"), "ab[31m c d");
    }

    #[test]
    fn grades_and_years_stay() {
        let t = "Ik geef een 7, al sinds 2019 klant, wachttijd 45 minuten.";
        assert_eq!(s(t), t);
    }
}
