//! What is asked and of whom: the layers of an organization, the questionnaire's service
//! aspects, an organization's changes to them (`questionnaire:` in `org.yaml`) and the rules
//! an aspect id must follow.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Config, Ingest, Label, RESERVED_COLUMNS, ingest};

/// A layer of the organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Identifier used in `employees.csv`.
    pub id: String,
    /// Display name.
    pub label: Label,
    /// Management or board: the layer whose knowledge of the customer is set against the
    /// frontline's (the first layer), and whose view of importance is checked.
    #[serde(default)]
    pub leadership: bool,
}

/// The questionnaire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// The service aspects, in questionnaire order.
    pub aspects: Vec<Aspect>,
}

/// An organization's changes to the configured questionnaire (`questionnaire:` in
/// `org.yaml`), applied in this order: drop, add, relabel.
///
/// ```yaml
/// questionnaire:
///   drop: [privacy]
///   add:
///     - id: digitaal
///       label: { nl: Digitale dienstverlening, en: Digital services }
///       category: functional
///   relabel:
///     wachttijd: { nl: Wachten aan de balie, en: Waiting at the desk }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionnaireOverride {
    /// Aspect ids of the configuration this organization does not ask about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
    /// Aspects only this organization asks about, after the configured ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<Aspect>,
    /// New display names of aspects, by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub relabel: BTreeMap<String, Label>,
    /// Variable labels of the organization's SPSS files, by lowercase variable name: the
    /// label of an aspect that has none in the configuration. Read from the data, not
    /// written in `org.yaml`.
    #[serde(skip)]
    pub variable_labels: BTreeMap<String, String>,
}

impl QuestionnaireOverride {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self == &QuestionnaireOverride::default()
    }
}

/// One service aspect customers rate and staff predict.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Column name in the CSV files (and `imp_<id>` for importance).
    pub id: String,
    /// Display name. May be left out: then the variable label of the organization's SPSS
    /// file is used, else the id.
    #[serde(default, skip_serializing_if = "Label::is_empty")]
    pub label: Label,
    /// `human` (bejegening, hostmanship) or `functional` (waiting time, reachability, ...).
    pub category: Category,
    /// A legal duty or safety matter (privacy, safety): the report never advises giving it
    /// less attention.
    #[serde(default)]
    pub protected: bool,
}

/// Aspect category.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Bejegening / hostmanship.
    Human,
    /// Waiting times, reachability, procedures.
    Functional,
}

impl Config {
    /// dropped, added (after the configured ones) and relabelled; aspects without a label get
    /// the variable label of its SPSS files (`ingest` is its `ingest:` override, for the
    /// column mapping), else their id. Fails with a sentence when
    /// the changes name an aspect that does not exist, add one twice, or leave none.
    pub fn with_questionnaire(
        &self,
        changes: &QuestionnaireOverride,
        ingest: &Ingest,
    ) -> Result<Config, String> {
        let mut config = self.clone();
        let aspects = &mut config.questionnaire.aspects;
        for id in &changes.drop {
            let Some(i) = aspects.iter().position(|a| &a.id == id) else {
                return Err(format!(
                    "questionnaire.drop: '{id}' is not an aspect of the configuration (it has \
                     {})",
                    ids_of(aspects)
                ));
            };
            aspects.remove(i);
        }
        aspects.extend(changes.add.iter().cloned());
        for (id, label) in &changes.relabel {
            let Some(a) = aspects.iter_mut().find(|a| &a.id == id) else {
                return Err(format!(
                    "questionnaire.relabel: '{id}' is not an aspect of this organization's \
                     questionnaire (it has {})",
                    ids_of(aspects)
                ));
            };
            a.label = label.clone();
        }
        if aspects.is_empty() {
            return Err("questionnaire.drop leaves no aspects".into());
        }
        // Aspects without a label: the SPSS variable label (through the column mapping of
        // customers), else the id.
        let merged = self.ingest.merged(ingest);
        let mapping = &merged.files.customers.columns;
        for a in aspects.iter_mut().filter(|a| a.label.is_empty()) {
            let variable = mapping.get(&a.id).unwrap_or(&a.id);
            let text = changes.variable_labels.get(&ingest::normalize(variable));
            a.label = Label::both(text.unwrap_or(&a.id));
        }
        check_aspects(aspects).map_err(|e| format!("questionnaire.add: {e}"))?;
        Ok(config)
    }
}

fn ids_of(aspects: &[Aspect]) -> String {
    let ids: Vec<&str> = aspects.iter().map(|a| a.id.as_str()).collect();
    ids.join(", ")
}

/// Aspect ids: unique, identifiers, not a column of the data format.
pub(super) fn check_aspects(aspects: &[Aspect]) -> Result<(), String> {
    unique_ids("aspect", aspects.iter().map(|a| a.id.as_str()))?;
    for aspect in aspects {
        if !is_identifier(&aspect.id) {
            return Err(format!(
                "aspect id '{}' may only contain lowercase letters, digits and '_'",
                aspect.id
            ));
        }
        if RESERVED_COLUMNS.contains(&aspect.id.as_str()) {
            return Err(format!(
                "aspect id '{}' is already a column of the data format",
                aspect.id
            ));
        }
    }
    Ok(())
}

pub(super) fn unique_ids<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{what} id '{id}' appears twice"));
        }
    }
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
