//! Report languages, and texts given in both of them (layer and aspect names).

use serde::{Deserialize, Serialize};

/// A text in both report languages.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Label {
    /// The same text in both languages.
    pub fn both(text: &str) -> Label {
        Label {
            nl: text.to_string(),
            en: text.to_string(),
        }
    }

    /// Whether neither language has a text (the label was left out).
    pub fn is_empty(&self) -> bool {
        self.nl.is_empty() && self.en.is_empty()
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }
}

/// A report language.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch (the default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Language {
    /// The ISO code, as used by typst's `lang`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}
