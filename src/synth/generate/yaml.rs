//! `org.yaml` and `wave.yaml` of a generated organization, in the layout a person would write
//! them: names double-quoted, departments as an indented block list, the fieldwork dates as one
//! flow mapping `{ start: …, end: … }`.
//!
//! `org.yaml` is written by serde. `wave.yaml` is one line of text: serde-saphyr would write
//! the flow mapping as `{start: "2026-09-03", …}` (no inner spaces, dates quoted as YAML 1.1
//! timestamps), which reads the same but would change every wave file of the sample in `data/`.

use anyhow::{Context, Result};
use serde::Serialize;
use serde_saphyr::{DoubleQuoted, FlowMap, SerializerOptions};

use super::org::{Org, WavePlan};

/// `org.yaml` (see `input::meta` for how it is read).
#[derive(Serialize)]
struct OrgYaml<'a> {
    name: DoubleQuoted<&'a str>,
    language: &'a str,
    account_manager: FlowMap<AccountManagerYaml<'a>>,
    departments: Vec<DepartmentYaml<'a>>,
}

/// The account manager with a made-up address on a reserved example domain.
#[derive(Serialize)]
struct AccountManagerYaml<'a> {
    name: DoubleQuoted<&'a str>,
    email: DoubleQuoted<String>,
}

#[derive(Serialize)]
struct DepartmentYaml<'a> {
    id: &'a str,
    name: DoubleQuoted<&'a str>,
}

impl Org<'_> {
    pub(super) fn org_yaml(&self) -> Result<String> {
        let p = &self.profile;
        let yaml = to_yaml(&OrgYaml {
            name: DoubleQuoted(&p.name),
            language: p.language,
            account_manager: FlowMap(AccountManagerYaml {
                name: DoubleQuoted(p.account_manager),
                email: DoubleQuoted(example_address(p.account_manager)),
            }),
            departments: p
                .departments
                .iter()
                .map(|d| DepartmentYaml {
                    id: &d.id,
                    name: DoubleQuoted(&d.name),
                })
                .collect(),
        })?;
        Ok(format!(
            "# Synthetic data written by `spiegel generate` (seed {}). Not real survey data.\n{yaml}",
            self.opts.seed
        ))
    }

    pub(super) fn wave_yaml(&self, wave: &WavePlan) -> String {
        let (start, end) = match (wave.days.first(), wave.days.last()) {
            (Some(s), Some(e)) => (*s, *e),
            _ => (wave.quarter.first_day(), wave.quarter.last_day()),
        };
        format!(
            "label: {}\nfieldwork: {{ start: {start}, end: {end} }}\n",
            double_quoted(&wave.quarter.label(self.profile.language))
        )
    }
}

fn to_yaml(value: &impl Serialize) -> Result<String> {
    let mut options = SerializerOptions::default();
    options.compact_list_indent = false;
    serde_saphyr::to_string_with_options(value, options).context("writing YAML")
}

/// A made-up address for a synthetic account manager, on a reserved example domain.
fn example_address(name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("{local}@spiegelbeeld.example")
}

/// `s` as a YAML double-quoted scalar.
fn double_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_yaml_quotes_names_and_indents_departments() {
        let yaml = to_yaml(&OrgYaml {
            name: DoubleQuoted(r#"Stichting "Het Anker" \ Zuid"#),
            language: "nl",
            account_manager: FlowMap(AccountManagerYaml {
                name: DoubleQuoted("Sanne de Vries"),
                email: DoubleQuoted(example_address("Sanne de Vries")),
            }),
            departments: vec![DepartmentYaml {
                id: "kcc",
                name: DoubleQuoted("Klantcontactcentrum"),
            }],
        })
        .unwrap();
        assert_eq!(
            yaml,
            "name: \"Stichting \\\"Het Anker\\\" \\\\ Zuid\"\nlanguage: nl\n\
             account_manager: {name: \"Sanne de Vries\", email: \"sanne.de.vries@spiegelbeeld.example\"}\n\
             departments:\n  - id: kcc\n    \
             name: \"Klantcontactcentrum\"\n"
        );
        #[derive(serde::Deserialize)]
        struct Name {
            name: String,
        }
        let back: Name = serde_saphyr::from_str(yaml.lines().next().unwrap()).unwrap();
        assert_eq!(back.name, r#"Stichting "Het Anker" \ Zuid"#);
    }

    #[test]
    fn wave_labels_are_quoted_like_names() {
        assert_eq!(double_quoted(r#"Q3 "najaar" \"#), r#""Q3 \"najaar\" \\""#);
    }
}
