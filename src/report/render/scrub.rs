//! Personal data out of open answers: e-mail addresses, phone numbers, IBANs and Dutch
//! postcodes with house numbers are replaced before a comment reaches a report.

use std::sync::LazyLock;

use regex::Regex;

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // e-mail
        r"(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}",
        // IBAN: country code, check digits, 10–30 alphanumerics, optionally in groups of four
        r"(?i)\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?\b",
        // Dutch postcode with house number: 1234 AB 12, 1234AB 12a
        r"(?i)\b\d{4}\s?[a-z]{2}\s*,?\s*\d{1,5}[a-z]?\b",
        // phone numbers: +31 6 12345678, 0031 20 1234567, 06-12345678, 020 123 4567, 0612345678
        r"(?:\+|00)\d{2}[\s\-]?(?:\(0\)[\s\-]?)?\d(?:[\s\-]?\d){7,9}\b",
        r"\b0\d{1,3}(?:[\s\-]?\d){6,8}\b",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("scrub patterns are valid"))
    .collect()
});

/// Replace personal data in `text` with `replacement`.
pub fn scrub(text: &str, replacement: &str) -> String {
    let mut out = text.to_string();
    for re in PATTERNS.iter() {
        out = re.replace_all(&out, replacement).into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::scrub;

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
    fn grades_and_years_stay() {
        let t = "Ik geef een 7, al sinds 2019 klant, wachttijd 45 minuten.";
        assert_eq!(s(t), t);
    }
}
