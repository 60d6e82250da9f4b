//! Domain types: organizations, waves and the typed survey responses read from them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::{Ingest, Language};

/// `org.yaml`: what we know of a client organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrgMeta {
    /// Display name of the organization.
    pub name: String,
    /// Report language.
    #[serde(default)]
    pub language: Language,
    /// The agency's account manager for this client.
    #[serde(default)]
    pub account_manager: Option<String>,
    /// Departments; the CSV files may use the id or the name.
    #[serde(default)]
    pub departments: Vec<Department>,
    /// How this organization's exports are read, laid over the configuration's `ingest:`
    /// section (same fields; what is set here wins).
    #[serde(default, skip_serializing_if = "Ingest::is_empty")]
    pub ingest: Ingest,
}

/// A department of an organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Identifier used in the CSV files.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// `wave.yaml`: optional description of a survey wave.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WaveMeta {
    /// Display label, e.g. "Voorjaar 2026".
    #[serde(default)]
    pub label: Option<String>,
    /// Fieldwork period.
    #[serde(default)]
    pub fieldwork: Option<Fieldwork>,
}

/// Fieldwork period of a wave (ISO dates).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fieldwork {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
}

/// An organization found in the data folder.
#[derive(Debug, Clone)]
pub struct Organization {
    /// Folder name, the stable id.
    pub id: String,
    /// Its folder.
    pub dir: PathBuf,
    /// Contents of `org.yaml`.
    pub meta: OrgMeta,
    /// Its waves, oldest first.
    pub waves: Vec<Wave>,
}

impl Organization {
    /// Display name of a department id (the id itself when unknown).
    pub fn department_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.meta
            .departments
            .iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.name.as_str())
    }
}

/// A survey wave of an organization.
#[derive(Debug, Clone)]
pub struct Wave {
    /// Folder name, e.g. `2026-Q1`.
    pub id: String,
    /// Its folder.
    pub dir: PathBuf,
    /// Contents of `wave.yaml`, when present.
    pub meta: WaveMeta,
}

impl Wave {
    /// The label to show: `wave.yaml`'s label, else the id.
    pub fn label(&self) -> &str {
        self.meta.label.as_deref().unwrap_or(&self.id)
    }

    /// The key waves are ordered by: fieldwork start when known, then the id.
    pub fn sort_key(&self) -> (Option<&str>, &str) {
        (
            self.meta.fieldwork.as_ref().map(|f| f.start.as_str()),
            &self.id,
        )
    }
}

/// One customer respondent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerResponse {
    /// Respondent id from the file.
    pub respondent_id: String,
    /// Department that served the customer, when known.
    pub department: Option<String>,
    /// Overall grade.
    pub overall: Option<f64>,
    /// Performance score per aspect, in questionnaire order.
    pub scores: Vec<Option<f64>>,
    /// Stated importance per aspect, in questionnaire order.
    pub importance: Vec<Option<f64>>,
    /// Complained this period.
    pub complaint: Option<bool>,
    /// The complaint was resolved.
    pub complaint_resolved: Option<bool>,
    /// Satisfaction with the complaint handling.
    pub complaint_score: Option<f64>,
    /// The same problem happened before.
    pub complaint_repeat: Option<bool>,
    /// Open comment.
    pub comment: Option<String>,
}

/// One employee respondent: the mirror.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmployeeResponse {
    /// Respondent id from the file.
    pub respondent_id: String,
    /// Department.
    pub department: Option<String>,
    /// Index into the configured layers.
    pub layer: usize,
    /// Has direct customer contact.
    pub customer_contact: Option<bool>,
    /// Predicted customer overall grade.
    pub overall: Option<f64>,
    /// Predicted customer score per aspect.
    pub scores: Vec<Option<f64>>,
    /// Predicted customer importance per aspect.
    pub importance: Vec<Option<f64>>,
    /// How customer-oriented am I.
    pub self_orientation: Option<f64>,
    /// How customer-oriented is my department.
    pub department_orientation: Option<f64>,
    /// How customer-oriented is the organization.
    pub organization_orientation: Option<f64>,
    /// Enablement items: tools, training, processes, information, support.
    pub enablement: [Option<f64>; 5],
    /// Predicted customer satisfaction with complaint handling.
    pub complaint_score: Option<f64>,
    /// Open: what frustrates customers.
    pub frustrations: Option<String>,
    /// Open: what works for you.
    pub strategies: Option<String>,
}

/// Column names of the five enablement items, in [`EmployeeResponse::enablement`] order.
pub const ENABLEMENT_ITEMS: [&str; 5] = [
    "enable_tools",
    "enable_training",
    "enable_processes",
    "enable_information",
    "enable_support",
];
