//! Domain types: organizations, waves and the typed survey responses read from them.

mod date;
pub mod schema;

pub use date::{Date, IsoWeek};

use std::borrow::Cow;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::{Config, Ingest, Language, QuestionnaireOverride, Weights};
use crate::error::SourceError;

/// `org.yaml`: what we know of a client organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrgMeta {
    /// Display name of the organization.
    pub name: String,
    /// Report language.
    #[serde(default)]
    pub language: Language,
    /// The agency's account manager for this client: a name, or `{ name, email }` (the
    /// address receives the reports, see docs/delivery.md).
    #[serde(default)]
    pub account_manager: Option<AccountManager>,
    /// Departments; the CSV files may use the id or the name.
    #[serde(default)]
    pub departments: Vec<Department>,
    /// How this organization's exports are read, laid over the configuration's `ingest:`
    /// section (same fields; what is set here wins).
    #[serde(default, skip_serializing_if = "Ingest::is_empty")]
    pub ingest: Ingest,
    /// This organization's changes to the configured questionnaire.
    #[serde(default, skip_serializing_if = "QuestionnaireOverride::is_empty")]
    pub questionnaire: QuestionnaireOverride,
    /// This organization's weight columns, replacing the configuration's `weights:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
    /// The client's brand on its reports.
    #[serde(default)]
    pub brand: Brand,
}

/// `org.yaml` `brand:`: the client's logo and colour on the cover and headings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Logo file (SVG or PNG), relative to the organization folder and inside it.
    #[serde(default)]
    pub logo: Option<PathBuf>,
    /// Brand colour `#rrggbb`; used only when white text on it is readable.
    #[serde(default)]
    pub color: Option<String>,
}

/// The agency's account manager of a client. `org.yaml` may give a plain name
/// (`account_manager: "Pieter Bakker"`) or a name and an e-mail address
/// (`account_manager: { name: "Pieter Bakker", email: "pieter@bureau.nl" }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(from = "AccountManagerForm")]
pub struct AccountManager {
    /// Display name.
    pub name: String,
    /// Where the reports are sent, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The two ways `org.yaml` writes an account manager.
#[derive(Deserialize)]
#[serde(untagged)]
enum AccountManagerForm {
    Name(String),
    Full(FullAccountManager),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FullAccountManager {
    name: String,
    #[serde(default)]
    email: Option<String>,
}

impl From<AccountManagerForm> for AccountManager {
    fn from(form: AccountManagerForm) -> Self {
        match form {
            AccountManagerForm::Name(name) => AccountManager { name, email: None },
            AccountManagerForm::Full(f) => AccountManager {
                name: f.name,
                email: f.email,
            },
        }
    }
}

/// A department of an organization. In `org.yaml` either a mapping `{ id: kcc, name:
/// Klantcontactcentrum }` or just the name (`- Klantcontactcentrum`), whose id is then
/// [`slug`] of the name (`klantcontactcentrum`); a mapping without `id` gets the same.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Department {
    /// Identifier used in the CSV files.
    pub id: String,
    /// Display name.
    pub name: String,
}

impl Department {
    /// The department called `name`, with the id [`slug`] of it.
    pub fn named(name: &str) -> Department {
        Department {
            id: slug(name),
            name: name.trim().to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for Department {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            #[serde(default)]
            id: Option<String>,
            name: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Name(String),
            Full(Full),
        }
        let expected = "a department: its name (`- Klantcontactcentrum`) or an id and a name \
                        (`- { id: kcc, name: Klantcontactcentrum }`)";
        let either = Either::deserialize(d).map_err(|_| serde::de::Error::custom(expected))?;
        let dept = match either {
            Either::Name(name) => Department::named(&name),
            Either::Full(Full { id: None, name }) => Department::named(&name),
            Either::Full(Full { id: Some(id), name }) => Department { id, name },
        };
        if dept.id.trim().is_empty() || dept.name.trim().is_empty() {
            return Err(serde::de::Error::custom(format!(
                "a department needs a name with at least one letter or digit; {expected}"
            )));
        }
        Ok(dept)
    }
}

/// The id made from a display name: lowercase ASCII letters and digits, other runs of
/// characters become one `-`, accents are dropped (`Zorg & Welzijn` → `zorg-welzijn`,
/// `Cliëntenraad` → `clientenraad`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The unaccented letter of the Latin-1 and Latin Extended-A letters Dutch names use.
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        c => c,
    }
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

/// Fieldwork period of a wave, checked on load: real days, the end not before the start.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fieldwork {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl<'de> Deserialize<'de> for Fieldwork {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            start: Date,
            end: Date,
        }
        let Raw { start, end } = Raw::deserialize(d)?;
        if end < start {
            return Err(serde::de::Error::custom(format!(
                "the fieldwork ends ({end}) before it starts ({start})"
            )));
        }
        Ok(Fieldwork { start, end })
    }
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

impl OrgMeta {
    /// Checks of meaning serde cannot express; on failure the top-level key at fault and
    /// the message.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.departments {
            if !seen.insert(d.id.as_str()) {
                return Err((
                    "departments",
                    format!(
                        "department id '{}' appears twice (ids made from names ignore case, \
                         accents and punctuation)",
                        d.id
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Organization {
    /// The configuration as it holds for this organization: its own questionnaire (the
    /// configured one with `org.yaml`'s drops, additions and labels) and weight columns.
    /// Everything done for the organization — reading, metrics, reports — uses this.
    pub fn config<'c>(&self, base: &'c Config) -> Result<Cow<'c, Config>, SourceError> {
        let unchanged = self.meta.questionnaire.is_empty() && self.meta.weights.is_none();
        if unchanged && !base.has_unlabelled_aspects() {
            return Ok(Cow::Borrowed(base));
        }
        let mut config = base
            .with_questionnaire(&self.meta.questionnaire, &self.meta.ingest)
            .map_err(|msg| self.questionnaire_error(msg))?;
        if let Some(w) = &self.meta.weights {
            config.weights = w.clone();
        }
        Ok(Cow::Owned(config))
    }

    /// An error in the `questionnaire:` section of `org.yaml`, at the line and column of the
    /// aspect id it names (quoted in `msg`), with an example of the section.
    fn questionnaire_error(&self, msg: String) -> SourceError {
        let path = self.dir.join("org.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let id = msg.split('\'').nth(1).unwrap_or_default();
        let found = (!id.is_empty())
            .then(|| {
                text.lines().enumerate().find_map(|(i, line)| {
                    let col = line.match_indices(id).find(|(at, _)| {
                        let before = line[..*at].chars().next_back();
                        let after = line[at + id.len()..].chars().next();
                        let word =
                            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                        !word(before) && !word(after)
                    })?;
                    Some((i as u64 + 1, col.0 as u64 + 1))
                })
            })
            .flatten();
        let (line, column) = found.unwrap_or((0, 0));
        let example = "questionnaire: { drop: [privacy], relabel: { wachttijd: { nl: Wachten, en: \
                       Waiting } } }";
        SourceError::at(&path, line, column, format!("{msg}\n  example:  {example}"))
    }

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
    pub fn sort_key(&self) -> (Option<Date>, &str) {
        (self.meta.fieldwork.as_ref().map(|f| f.start), &self.id)
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
    /// Survey weight from the configured weight column; `None` counts as 1.
    pub weight: Option<f64>,
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
    /// Survey weight from the configured weight column; `None` counts as 1.
    pub weight: Option<f64>,
}

/// Column names of the five enablement items, in [`EmployeeResponse::enablement`] order.
pub const ENABLEMENT_ITEMS: [&str; 5] = [
    "enable_tools",
    "enable_training",
    "enable_processes",
    "enable_information",
    "enable_support",
];

/// One logged customer contact (`interactions.csv`): the employee's estimate of the customer's
/// satisfaction right after the contact, and the customer's own rating when they responded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interaction {
    /// Interaction id from the file.
    pub interaction_id: String,
    /// Day of the contact, when readable.
    pub date: Option<Date>,
    /// Department of the employee.
    pub department: Option<String>,
    /// Pseudonym of the employee.
    pub employee_id: Option<String>,
    /// Contact channel (telefoon, chat, balie, ...).
    pub channel: Option<String>,
    /// The employee's estimate of the customer's satisfaction.
    pub employee_rating: Option<f64>,
    /// The customer's rating; `None` when the customer did not respond.
    pub customer_rating: Option<f64>,
}

/// One daily mood smiley of an employee (`mood.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct MoodEntry {
    /// The day.
    pub date: Date,
    /// Department of the employee.
    pub department: Option<String>,
    /// Pseudonym of the employee.
    pub employee_id: Option<String>,
    /// Happy smiley (1) or unhappy (0).
    pub happy: bool,
}

/// Whether and when a logged complaint was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Still open: the `resolved` cell is empty.
    Open,
    /// Resolved on this day.
    Resolved(Date),
    /// The `resolved` cell could not be used (a finding says why): neither open nor timed.
    Unknown,
}

/// One complaint from the complaint log (`complaints.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRecord {
    /// Complaint id from the file.
    pub complaint_id: String,
    /// Department the complaint is about.
    pub department: Option<String>,
    /// Category (free text from the complaint system).
    pub category: Option<String>,
    /// Day it was received, when readable.
    pub received: Option<Date>,
    /// Open, resolved (when), or unknown.
    pub resolution: Resolution,
    /// An earlier complaint about the same problem.
    pub repeat_of: Option<String>,
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod account_manager_tests {
    use super::*;

    #[test]
    fn an_account_manager_is_a_name_or_a_name_with_an_address() {
        let plain: OrgMeta =
            serde_saphyr::from_str("name: A\naccount_manager: \"Pieter\"\n").unwrap();
        let am = plain.account_manager.unwrap();
        assert_eq!((am.name.as_str(), am.email), ("Pieter", None));
        let full: OrgMeta = serde_saphyr::from_str(
            "name: A\naccount_manager: { name: Pieter, email: p@bureau.nl }\nbrand: { color: \"#0B6E4F\" }\n",
        )
        .unwrap();
        let am = full.account_manager.unwrap();
        assert_eq!(am.email.as_deref(), Some("p@bureau.nl"));
        assert_eq!(full.brand.color.as_deref(), Some("#0B6E4F"));
        let typo = "name: A\naccount_manager: { name: Pieter, mail: p@bureau.nl }\n";
        assert!(serde_saphyr::from_str::<OrgMeta>(typo).is_err());
    }
}
