//! CSV files of a wave → typed responses, with every rejected row and unusable value
//! accounted for.

mod optional;
mod table;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

pub use optional::OPTIONAL_FILES;
pub use table::{Effect, FileStats, Finding, Location, Row, Table};

use crate::config::Config;
use crate::error::SourceError;
use crate::model::{
    ComplaintRecord, CustomerResponse, ENABLEMENT_ITEMS, EmployeeResponse, Interaction, MoodEntry,
    Organization, Wave,
};

/// Everything read from one wave folder.
#[derive(Debug, Default)]
pub struct WaveData {
    /// Customer respondents that were used.
    pub customers: Vec<CustomerResponse>,
    /// Employee respondents that were used.
    pub employees: Vec<EmployeeResponse>,
    /// Logged interactions (`interactions.csv`; empty when the file is absent).
    pub interactions: Vec<Interaction>,
    /// Daily mood smileys (`mood.csv`; empty when the file is absent).
    pub mood: Vec<MoodEntry>,
    /// The complaint log (`complaints.csv`; empty when the file is absent).
    pub complaints: Vec<ComplaintRecord>,
    /// Row accounting and findings.
    pub quality: DataQuality,
}

/// Data quality of a wave: per file the row accounting, and every finding.
#[derive(Debug, Default, Clone, Serialize)]
pub struct DataQuality {
    /// Per file name (e.g. `customers.csv`).
    pub files: BTreeMap<String, FileStats>,
    /// Every problem, in file and line order.
    pub findings: Vec<Finding>,
}

/// Receives rows as they are read, so metrics can be accumulated without holding a whole
/// file in memory. [`WaveData`] is the sink that simply keeps every row.
pub trait Sink {
    /// A customer row that passed the checks.
    fn customer(&mut self, row: CustomerResponse);
    /// An employee row that passed the checks.
    fn employee(&mut self, row: EmployeeResponse);
    /// A row of `interactions.csv` that passed the checks. The default ignores it.
    fn interaction(&mut self, _row: Interaction) {}
    /// A row of `mood.csv` that passed the checks. The default ignores it.
    fn mood(&mut self, _row: MoodEntry) {}
    /// A row of `complaints.csv` that passed the checks. The default ignores it.
    fn complaint(&mut self, _row: ComplaintRecord) {}
}

impl Sink for WaveData {
    fn customer(&mut self, row: CustomerResponse) {
        self.customers.push(row);
    }
    fn employee(&mut self, row: EmployeeResponse) {
        self.employees.push(row);
    }
    fn interaction(&mut self, row: Interaction) {
        self.interactions.push(row);
    }
    fn mood(&mut self, row: MoodEntry) {
        self.mood.push(row);
    }
    fn complaint(&mut self, row: ComplaintRecord) {
        self.complaints.push(row);
    }
}

/// Read the files of `wave` and keep every row.
pub fn read_wave(
    config: &Config,
    org: &Organization,
    wave: &Wave,
) -> Result<WaveData, SourceError> {
    let mut data = WaveData::default();
    data.quality = read_wave_into(config, org, wave, &mut data)?;
    Ok(data)
}

/// Stream the files of `wave` into `sink`; returns the row accounting and findings.
/// The optional files (interactions, mood, complaint log) are read when they exist.
pub fn read_wave_into(
    config: &Config,
    org: &Organization,
    wave: &Wave,
    sink: &mut impl Sink,
) -> Result<DataQuality, SourceError> {
    let mut quality = DataQuality::default();
    read_customers(
        config,
        org,
        &wave.dir.join("customers.csv"),
        &mut quality,
        sink,
    )?;
    read_employees(
        config,
        org,
        &wave.dir.join("employees.csv"),
        &mut quality,
        sink,
    )?;
    optional::read_optional(config, org, &wave.dir, &mut quality, sink)?;
    Ok(quality)
}

fn aspect_columns(config: &Config) -> (Vec<String>, Vec<String>) {
    let aspects = &config.questionnaire.aspects;
    let ids = aspects.iter().map(|a| a.id.clone()).collect();
    let imp = aspects.iter().map(|a| format!("imp_{}", a.id)).collect();
    (ids, imp)
}

/// Shared checks of the identifying columns: a duplicate id rejects the row, an unknown
/// department becomes missing.
struct Identity<'a> {
    org: &'a Organization,
    seen: HashSet<String>,
}

impl Identity<'_> {
    /// The respondent id, or `None` when the row was rejected.
    fn respondent(&mut self, row: &mut Row<'_>) -> Option<String> {
        let Some(id) = row.text("respondent_id") else {
            row.reject(
                Some("respondent_id"),
                "missing_id",
                "respondent_id is empty".into(),
            );
            return None;
        };
        if !self.seen.insert(id.clone()) {
            let msg = format!("duplicate respondent_id '{id}'; the first row with it is used");
            row.reject(Some("respondent_id"), "duplicate_id", msg);
            return None;
        }
        Some(id)
    }

    fn department(&self, row: &mut Row<'_>) -> Option<String> {
        let dept = row.text("department")?;
        let known = &self.org.meta.departments;
        if known.is_empty() || known.iter().any(|d| d.id == dept) {
            return Some(dept);
        }
        let msg = format!("unknown department '{dept}' (not in org.yaml)");
        let idx = row.column_index("department").unwrap_or(0);
        row.value_problem(idx, "unknown_department", msg);
        None
    }
}

fn read_customers(
    config: &Config,
    org: &Organization,
    path: &Path,
    quality: &mut DataQuality,
    sink: &mut impl Sink,
) -> Result<(), SourceError> {
    let mut table = Table::open(path)?;
    table.require(&["respondent_id", "overall"])?;
    let (aspects, importance) = aspect_columns(config);
    let scales = &config.scales;
    let mut ident = Identity {
        org,
        seen: HashSet::new(),
    };
    table.for_each_row(|row| {
        let Some(respondent_id) = ident.respondent(row) else {
            return false;
        };
        let department = ident.department(row);
        let r = CustomerResponse {
            respondent_id,
            department,
            overall: row.number("overall", &scales.rating),
            scores: aspects
                .iter()
                .map(|c| row.number(c, &scales.rating))
                .collect(),
            importance: importance
                .iter()
                .map(|c| row.number(c, &scales.importance))
                .collect(),
            complaint: row.boolean("complaint"),
            complaint_resolved: row.boolean("complaint_resolved"),
            complaint_score: row.number("complaint_score", &scales.rating),
            complaint_repeat: row.boolean("complaint_repeat"),
            comment: row.text("comment"),
        };
        sink.customer(r);
        true
    });
    finish(table, quality);
    Ok(())
}

fn read_employees(
    config: &Config,
    org: &Organization,
    path: &Path,
    quality: &mut DataQuality,
    sink: &mut impl Sink,
) -> Result<(), SourceError> {
    let mut table = Table::open(path)?;
    table.require(&["respondent_id", "layer"])?;
    let (aspects, importance) = aspect_columns(config);
    let scales = &config.scales;
    let mut ident = Identity {
        org,
        seen: HashSet::new(),
    };
    table.for_each_row(|row| {
        let Some(respondent_id) = ident.respondent(row) else {
            return false;
        };
        let layer_text = row.text("layer").unwrap_or_default();
        let Some(layer) = config.layer_index(&layer_text) else {
            let known: Vec<&str> = config.layers.iter().map(|l| l.id.as_str()).collect();
            let msg = format!(
                "unknown layer '{layer_text}' (expected one of {})",
                known.join(", ")
            );
            row.reject(Some("layer"), "unknown_layer", msg);
            return false;
        };
        let department = ident.department(row);
        let r = EmployeeResponse {
            respondent_id,
            department,
            layer,
            customer_contact: row.boolean("customer_contact"),
            overall: row.number("overall", &scales.rating),
            scores: aspects
                .iter()
                .map(|c| row.number(c, &scales.rating))
                .collect(),
            importance: importance
                .iter()
                .map(|c| row.number(c, &scales.importance))
                .collect(),
            self_orientation: row.number("self_orientation", &scales.orientation),
            department_orientation: row.number("department_orientation", &scales.orientation),
            organization_orientation: row.number("organization_orientation", &scales.orientation),
            enablement: ENABLEMENT_ITEMS.map(|c| row.number(c, &scales.enablement)),
            complaint_score: row.number("complaint_score", &scales.rating),
            frustrations: row.text("frustrations"),
            strategies: row.text("strategies"),
        };
        sink.employee(r);
        true
    });
    finish(table, quality);
    Ok(())
}

fn finish(table: Table, quality: &mut DataQuality) {
    let (path, stats, findings) = table.finish();
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    quality.files.insert(name, stats);
    quality.findings.extend(findings);
}
