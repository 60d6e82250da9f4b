//! Domain types: organizations, waves and the typed survey responses read from them.

pub mod schema;

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

/// A calendar date (proleptic Gregorian), read from ISO `YYYY-MM-DD`. Only what the metrics
/// need: day differences and ISO weeks. Kept here instead of pulling in a date crate, because
/// that is all the data format uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// An ISO 8601 week: the week-numbering year and the week (1–53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    /// ISO week-numbering year (may differ from the calendar year around New Year).
    pub year: i32,
    /// Week number, 1–53.
    pub week: u32,
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl Date {
    /// Parse exactly `YYYY-MM-DD` (a real day: month 1–12, day within the month).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date::from_civil(y, m, d))
    }

    /// The date of year `y`, month `m` (1–12), day `d`; Howard Hinnant's `days_from_civil`.
    fn from_civil(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date {
            days: era * 146_097 + doe - 719_468,
        }
    }

    /// (year, month, day); Hinnant's `civil_from_days`.
    fn civil(self) -> (i64, i64, i64) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.days
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday (3).
        (self.days + 3).rem_euclid(7)
    }

    /// The ISO 8601 week: the week (Monday–Sunday) belongs to the year of its Thursday.
    pub fn iso_week(self) -> IsoWeek {
        let thursday = Date {
            days: self.days - self.weekday() + 3,
        };
        let (year, _, _) = thursday.civil();
        let jan1 = Date::from_civil(year, 1, 1);
        let week = jan1.days_until(thursday) / 7 + 1;
        IsoWeek {
            year: year as i32,
            week: week as u32,
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a date; expected year-month-day, e.g. 2026-03-02"
            ))
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

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
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_strictly() {
        assert_eq!(
            Date::parse_iso("2026-03-04").unwrap().to_string(),
            "2026-03-04"
        );
        assert_eq!(
            Date::parse_iso("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-3-4",
            "04-03-2026",
            "2026-03-04x",
            "",
            "2026-00-10",
            "2026-04-31",
            "+026-03-04",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_differences_cross_months_and_leap_days() {
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(d("2024-02-28").days_until(d("2024-03-01")), 2);
        assert_eq!(d("2026-02-28").days_until(d("2026-03-01")), 1);
        assert_eq!(d("2026-03-16").days_until(d("2026-03-04")), -12);
        assert_eq!(d("1970-01-01").days_until(d("2000-01-01")), 10_957);
        assert_eq!(d("2024-02-28").add_days(2), d("2024-03-01"));
    }

    #[test]
    fn iso_weeks_belong_to_the_year_of_their_thursday() {
        let w = |s| Date::parse_iso(s).unwrap().iso_week().to_string();
        // 2026-01-01 is a Thursday: week 1 of 2026 runs from Monday 2025-12-29.
        assert_eq!(w("2025-12-29"), "2026-W01");
        assert_eq!(w("2026-01-04"), "2026-W01");
        assert_eq!(w("2026-01-05"), "2026-W02");
        // 2021-01-03 (Sunday) still belongs to 2020's week 53.
        assert_eq!(w("2021-01-03"), "2020-W53");
        assert_eq!(w("2021-01-04"), "2021-W01");
        // 2024-12-30 (Monday) is in week 1 of 2025.
        assert_eq!(w("2024-12-30"), "2025-W01");
        assert_eq!(w("2026-03-04"), "2026-W10");
        assert_eq!(Date::parse_iso("2026-03-04").unwrap().weekday(), 2);
    }
}

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
