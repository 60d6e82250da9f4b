//! CSV files of a wave → typed responses, with every rejected row and unusable value
//! accounted for.
//!
//! Layers: [`source`] turns bytes into a UTF-8 CSV stream (encoding, delimiter); `records`
//! splits it into records of fields with their lines, following the CSV grammar once;
//! [`Table`] reads the header and accounts for every row; [`Row`] (`table::row`, with
//! `cells` for numbers and tokens) gives typed, checked access through the column mapping,
//! each problem a [`Finding`] (`findings`); this module knows the files of a wave and reads
//! each through one frame (open, required columns, rows, accounting): the survey files' rows
//! in `survey`, the optional files' in `optional`.

mod cells;
mod findings;
mod hashers;
mod identity;
mod optional;
mod questionnaire;
mod records;
mod seen;
mod source;
mod spss;
mod survey;
mod table;
mod weights;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::model::schema::{ColumnType, FileKind, ScaleId, canonical_columns};
pub use findings::{Effect, FileStats, Finding, Location, strict_error};
use identity::Identity;
pub use optional::OPTIONAL_FILES;
pub use source::{SNIFF_LIMIT, detect_encoding};
pub use spss::{is_spss, variable_labels};
pub use table::{Column, ReadOptions, Row, Table};

use crate::config::{Config, Ingest, Policy};
use crate::error::SourceError;
use crate::model::{
    ComplaintRecord, CustomerResponse, EmployeeResponse, Interaction, MoodEntry, Organization, Wave,
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

impl DataQuality {
    /// Whether the wave had a file of `kind` (as CSV or SPSS).
    pub fn has_file(&self, kind: FileKind) -> bool {
        kind.file_names()
            .iter()
            .any(|n| self.files.contains_key(*n))
    }
}

/// Receives rows as they are read, so metrics can be accumulated without holding a whole
/// file in memory. [`WaveData`] is the sink that simply keeps every row.
///
/// Customer and employee rows are lent: the reader fills one row again and again, so a sink
/// that only accumulates allocates nothing per row; a sink that keeps rows clones them.
pub trait Sink {
    /// A customer row that passed the checks.
    fn customer(&mut self, row: &CustomerResponse);
    /// An employee row that passed the checks.
    fn employee(&mut self, row: &EmployeeResponse);
    /// A row of `interactions.csv` that passed the checks. The default ignores it.
    fn interaction(&mut self, _row: Interaction) {}
    /// A row of `mood.csv` that passed the checks. The default ignores it.
    fn mood(&mut self, _row: MoodEntry) {}
    /// A row of `complaints.csv` that passed the checks. The default ignores it.
    fn complaint(&mut self, _row: ComplaintRecord) {}
}

impl Sink for WaveData {
    fn customer(&mut self, row: &CustomerResponse) {
        self.customers.push(row.clone());
    }
    fn employee(&mut self, row: &EmployeeResponse) {
        self.employees.push(row.clone());
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
///
/// Fails (for this organization only) when a required file is missing, empty or lacks a
/// required column, when a file cannot be read to its end, when the organization's `ingest`
/// override is invalid, and under the strict policy at the first finding.
pub fn read_wave_into(
    config: &Config,
    org: &Organization,
    wave: &Wave,
    sink: &mut impl Sink,
) -> Result<DataQuality, SourceError> {
    let ingest = settings(config, org)?;
    let mut quality = DataQuality::default();
    for kind in [FileKind::Customers, FileKind::Employees] {
        let path = required(&wave.dir, kind)?;
        read_file(config, org, &path, kind, &ingest, &mut quality, sink)?;
    }
    for kind in [FileKind::Interactions, FileKind::Mood, FileKind::Complaints] {
        if let Some(path) = locate(&wave.dir, kind)? {
            read_file(config, org, &path, kind, &ingest, &mut quality, sink)?;
        }
    }
    // Whatever read a file, strict means no finding passes.
    if ingest.policy == Some(Policy::Strict)
        && let Some(f) = quality.findings.first()
    {
        return Err(strict_error(f));
    }
    Ok(quality)
}

/// The `ingest` settings of `org`: the configuration's, with the `ingest:` section of its
/// `org.yaml` laid over them. An invalid override is an error of the organization, pointing
/// at its `org.yaml`.
pub fn settings(config: &Config, org: &Organization) -> Result<Ingest, SourceError> {
    let merged = config.ingest.merged(&org.meta.ingest);
    merged
        .check(config)
        .map_err(|msg| SourceError::io(&org.dir.join("org.yaml"), msg))?;
    Ok(merged)
}

/// How to read the file `kind` of `org` (for readers of the optional files:
/// `Table::open_with(&path, &read_options(config, org, FileKind::Mood)?)`).
pub fn read_options(
    config: &Config,
    org: &Organization,
    kind: FileKind,
) -> Result<ReadOptions, SourceError> {
    Ok(settings(config, org)?.read_options(kind, config))
}

/// The weight column of `kind` (customers and employees only), when configured.
pub fn weight_column(config: &Config, kind: FileKind) -> Option<String> {
    match kind {
        FileKind::Customers => config.weights.customers.clone(),
        FileKind::Employees => config.weights.employees.clone(),
        _ => None,
    }
}

/// The file of `kind` in `dir`: `customers.csv`, `customers.sav` or `customers.zsav`
/// (likewise for the other kinds), whichever exists; `None` when none does. Two of them is an
/// error: which one holds the wave's data would be a guess.
pub fn locate(dir: &Path, kind: FileKind) -> Result<Option<PathBuf>, SourceError> {
    let found: Vec<PathBuf> = kind
        .file_names()
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        [first, ..] => {
            let names: Vec<String> = found
                .iter()
                .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                .collect();
            Err(SourceError::io(
                first,
                format!(
                    "the wave has {}: keep one of them, it is not clear which one holds the data",
                    names.join(" and ")
                ),
            ))
        }
    }
}

/// The located file of a required kind; its CSV name when none exists (opening it then says
/// so, naming the other names too).
fn required(dir: &Path, kind: FileKind) -> Result<PathBuf, SourceError> {
    Ok(locate(dir, kind)?.unwrap_or_else(|| dir.join(kind.file_name())))
}

/// Read the file of `kind` at `path` into `sink`: open it, check that it has the columns
/// the kind requires, go through its rows, then put its accounting and findings into
/// `quality`.
fn read_file(
    config: &Config,
    org: &Organization,
    path: &Path,
    kind: FileKind,
    ingest: &Ingest,
    quality: &mut DataQuality,
    sink: &mut impl Sink,
) -> Result<(), SourceError> {
    let mut table = open_table(path, kind, config, &ingest.read_options(kind, config))?;
    table.require(kind.required_columns())?;
    let t = &mut table;
    match kind {
        FileKind::Customers => survey::read_customers(config, org, t, sink),
        FileKind::Employees => survey::read_employees(config, org, t, sink),
        FileKind::Interactions => optional::read_interactions(config, org, t, sink),
        FileKind::Mood => optional::read_mood(org, t, sink),
        FileKind::Complaints => optional::read_complaints(org, t, sink),
    }
    finish(table, quality)
}

/// Open a file of `kind`: CSV, or an SPSS `.sav`/`.zsav` file by its extension.
fn open_table(
    path: &Path,
    kind: FileKind,
    config: &Config,
    options: &ReadOptions,
) -> Result<Table, SourceError> {
    if spss::is_spss(path) {
        return spss::open(path, kind, config, options);
    }
    Table::open_with(path, options).map_err(|mut e| {
        if e.message == "the file does not exist" {
            let [_, sav, zsav] = kind.file_names();
            e.message = format!("the file does not exist (nor {sav} or {zsav})");
        }
        e
    })
}

/// Put a read file's accounting and findings into `quality`; fails when the file could not
/// be read to its end or, under the strict policy, at its first finding.
fn finish(mut table: Table, quality: &mut DataQuality) -> Result<(), SourceError> {
    if let Some(lines) = table.case_lines.take() {
        let header = table.header().to_vec();
        let result = table.finish_checked();
        let (path, stats, mut findings) = result.map_err(|mut e| {
            spss::relocate_error(&mut e, &lines);
            e
        })?;
        spss::relocate(&mut findings, &header, &lines);
        return finish_parts(path, stats, findings, quality);
    }
    let (path, stats, findings) = table.finish_checked()?;
    finish_parts(path, stats, findings, quality)
}

fn finish_parts(
    path: PathBuf,
    stats: FileStats,
    findings: Vec<Finding>,
    quality: &mut DataQuality,
) -> Result<(), SourceError> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    quality.files.insert(name, stats);
    quality.findings.extend(findings);
    Ok(())
}
