//! The codebook for open answers: themes with a label per language and the words that code an
//! answer into them. `themes:` in the configuration replaces the default customer-service
//! codebook (docs/report.md describes the format).

use serde::{Deserialize, Serialize};

use super::Label;

/// A theme of the codebook.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Identifier, in `metrics.json` and the workbook.
    pub id: String,
    /// Shown in the report.
    pub label: Label,
    /// Lowercase words; a word ending in `*` matches every word that starts with it
    /// (`bereikba*` matches "bereikbaar" and "bereikbaarheid").
    pub patterns: Vec<String>,
}

fn theme(id: &str, nl: &str, en: &str, patterns: &[&str]) -> Theme {
    Theme {
        id: id.to_string(),
        label: Label {
            nl: nl.to_string(),
            en: en.to_string(),
        },
        patterns: patterns.iter().map(|p| p.to_string()).collect(),
    }
}

/// The default codebook: the themes customers of a customer-service organization write about.
pub fn default_codebook() -> Vec<Theme> {
    vec![
        theme(
            "bereikbaarheid",
            "Bereikbaarheid",
            "Reachability",
            &[
                "bereikba*",
                "onbereikba*",
                "telefo*",
                "bellen",
                "gebeld",
                "terugbel*",
                "teruggebeld",
                "wachtrij",
                "opgenomen",
                "bereik*",
            ],
        ),
        theme(
            "wachttijd",
            "Wachttijd",
            "Waiting time",
            &[
                "wacht*",
                "lang",
                "lange",
                "langer",
                "traag",
                "snel*",
                "doorlooptijd",
                "weken",
                "maanden",
                "duurt",
                "duurde",
                "stil",
            ],
        ),
        theme(
            "bejegening",
            "Bejegening",
            "Treatment",
            &[
                "vriendelijk*",
                "onvriendelijk*",
                "beleefd*",
                "respect*",
                "bejegen*",
                "aardig*",
                "behulpza*",
                "empathi*",
                "begrip*",
                "serieus",
                "luister*",
                "geduld*",
            ],
        ),
        theme(
            "deskundigheid",
            "Deskundigheid",
            "Expertise",
            &[
                "deskundig*",
                "kennis",
                "vakkundig*",
                "competent*",
                "expert*",
                "kundig*",
                "verstand",
                "antwoord*",
            ],
        ),
        theme(
            "communicatie",
            "Communicatie en brieven",
            "Communication and letters",
            &[
                "brief",
                "brieven",
                "communica*",
                "informatie",
                "geïnformeerd",
                "duidelijk*",
                "onduidelijk*",
                "mail*",
                "e-mail*",
                "uitleg*",
                "status",
            ],
        ),
        theme(
            "online",
            "Online systeem",
            "Online system",
            &[
                "website",
                "site",
                "online",
                "app",
                "portaal",
                "inlog*",
                "digitaal",
                "digitale",
                "systeem",
                "formulier*",
                "digid",
                "gegevens",
            ],
        ),
        theme(
            "afspraken",
            "Afspraken nakomen",
            "Keeping appointments",
            &[
                "afspra*",
                "nagekomen",
                "nakom*",
                "beloof*",
                "beloofd",
                "belooft",
                "terugkoppel*",
                "aanspreekpunt",
            ],
        ),
        theme(
            "klachten",
            "Klachten",
            "Complaints",
            &["klacht*", "klagen", "geklaagd", "ontevreden*"],
        ),
    ]
}

/// Checks a codebook: unique ids, at least one pattern per theme, patterns one lowercase word
/// (with an optional trailing `*`).
pub fn validate(themes: &[Theme]) -> Result<(), String> {
    for (i, t) in themes.iter().enumerate() {
        if t.id.trim().is_empty() {
            return Err(format!("themes[{i}]: the id is empty"));
        }
        if themes[..i].iter().any(|o| o.id == t.id) {
            return Err(format!("themes: the id '{}' is used twice", t.id));
        }
        if t.patterns.is_empty() {
            return Err(format!("themes.{}: no patterns", t.id));
        }
        for p in &t.patterns {
            let word = p.strip_suffix('*').unwrap_or(p);
            if word.is_empty()
                || word
                    .chars()
                    .any(|c| c.is_whitespace() || c == '*' || c.is_uppercase())
            {
                return Err(format!(
                    "themes.{}: pattern '{p}' must be one lowercase word, optionally ending in *",
                    t.id
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_codebook_is_valid_and_has_the_customer_service_themes() {
        let book = default_codebook();
        validate(&book).unwrap();
        let ids: Vec<&str> = book.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "bereikbaarheid",
                "wachttijd",
                "bejegening",
                "deskundigheid",
                "communicatie",
                "online",
                "afspraken",
                "klachten"
            ]
        );
    }

    #[test]
    fn bad_codebooks_are_refused() {
        let mut book = default_codebook();
        book[1].id = "bereikbaarheid".into();
        assert!(validate(&book).unwrap_err().contains("used twice"));
        let mut book = default_codebook();
        book[0].patterns = vec!["Bellen".into()];
        assert!(validate(&book).is_err());
        book[0].patterns = vec!["twee woorden".into()];
        assert!(validate(&book).is_err());
        book[0].patterns = vec![];
        assert!(validate(&book).is_err());
    }
}
