//! Translation tables (`templates/lang/*.yaml`): every fixed text of a report, per language.

use std::collections::BTreeMap;

use crate::config::Language;

const NL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/lang/nl.yaml"
));
const EN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/lang/en.yaml"
));

/// The texts of one language.
#[derive(Debug, Clone)]
pub struct Texts {
    lang: Language,
    map: BTreeMap<String, String>,
}

impl Texts {
    /// The built-in table of `lang`.
    pub fn load(lang: Language) -> anyhow::Result<Texts> {
        let (name, text) = match lang {
            Language::Nl => ("templates/lang/nl.yaml", NL),
            Language::En => ("templates/lang/en.yaml", EN),
        };
        let map = serde_saphyr::from_str(text)
            .map_err(|e| anyhow::anyhow!(crate::config::yaml_error(name.as_ref(), &e)))?;
        Ok(Texts { lang, map })
    }

    /// The language of the table.
    pub fn lang(&self) -> Language {
        self.lang
    }

    /// A text; a missing key is a bug caught by the tests, shown as `[key]`.
    pub fn get(&self, key: &str) -> String {
        self.map
            .get(key)
            .cloned()
            .unwrap_or_else(|| format!("[{key}]"))
    }

    /// Whether the table has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A text with its `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// The whole table, for the template context.
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_have_the_same_keys() {
        let nl = Texts::load(Language::Nl).unwrap();
        let en = Texts::load(Language::En).unwrap();
        let a: Vec<_> = nl.all().keys().collect();
        let b: Vec<_> = en.all().keys().collect();
        assert_eq!(a, b);
    }

    #[test]
    fn placeholders_are_filled() {
        let nl = Texts::load(Language::Nl).unwrap();
        let s = nl.fill(
            "cover_respondents",
            &[("customers", "200"), ("employees", "60")],
        );
        assert_eq!(s, "200 klanten en 60 medewerkers");
    }
}
