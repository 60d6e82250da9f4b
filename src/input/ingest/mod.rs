//! CSV files of a wave → typed responses, with every rejected row and unusable value
//! accounted for.
//!
//! Layers: [`source`] turns bytes into a UTF-8 CSV stream (encoding, delimiter); `records`
//! splits it into records of fields with their lines, following the CSV grammar once;
//! [`Table`] reads the header and accounts for every row; [`Row`] (`row`, with `cells` for
//! numbers and tokens) gives typed, checked access through the column mapping, each problem
//! a [`Finding`] (`findings`); this module knows the files of a wave and what a customer and
//! an employee row hold.

mod cells;
mod findings;
mod hashers;
mod identity;
mod optional;
mod questionnaire;
mod records;
mod row;
mod source;
mod spss;
mod table;
mod weights;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::model::schema::{ColumnType, FileKind, ScaleId, canonical_columns};
pub use findings::{Effect, FileStats, Finding, Location, strict_error};
use identity::Identity;
pub use optional::OPTIONAL_FILES;
pub use row::Column;
pub use row::Row;
pub use source::{SNIFF_LIMIT, detect_encoding};
pub use spss::{is_spss, variable_labels};
pub use table::{ReadOptions, Table};
use weights::WeightColumn;

use crate::config::ingest::normalize;
use crate::config::{Config, Ingest, Policy};
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
    let path = |kind: FileKind| required(&wave.dir, kind);
    let options = |kind| ingest.read_options(kind, config);
    read_customers(
        config,
        org,
        &path(FileKind::Customers)?,
        &options(FileKind::Customers),
        &mut quality,
        sink,
    )?;
    read_employees(
        config,
        org,
        &path(FileKind::Employees)?,
        &options(FileKind::Employees),
        &mut quality,
        sink,
    )?;
    optional::read_optional(config, org, &wave.dir, &ingest, &mut quality, sink)?;
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

fn aspect_columns(config: &Config) -> (Vec<String>, Vec<String>) {
    let aspects = &config.questionnaire.aspects;
    let ids = aspects.iter().map(|a| a.id.clone()).collect();
    let imp = aspects.iter().map(|a| format!("imp_{}", a.id)).collect();
    (ids, imp)
}

/// Layer ids and their labels in both languages, normalized → layer index.
fn layer_lookup(config: &Config) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, l) in config.layers.iter().enumerate() {
        map.insert(normalize(&l.label.nl), i);
        map.insert(normalize(&l.label.en), i);
    }
    for (i, l) in config.layers.iter().enumerate() {
        map.insert(normalize(&l.id), i);
    }
    map
}

fn read_customers(
    config: &Config,
    org: &Organization,
    path: &Path,
    options: &ReadOptions,
    quality: &mut DataQuality,
    sink: &mut impl Sink,
) -> Result<(), SourceError> {
    let mut table = open_table(path, FileKind::Customers, config, options)?;
    table.require(&["respondent_id", "overall"])?;
    questionnaire::check_header(&mut table, config, FileKind::Customers);
    let mut weights = WeightColumn::of(&table, config, FileKind::Customers);
    let (aspects, importance) = aspect_columns(config);
    let scales = &config.scales;
    let mut ident = Identity::of(org, &table);
    // The columns of every row, looked up once.
    let col = |c: &str| table.column(c);
    let (overall, scores) = (col("overall"), columns(&table, &aspects));
    let importances = columns(&table, &importance);
    let [complaint, resolved, complaint_score, repeat, comment] = [
        "complaint",
        "complaint_resolved",
        "complaint_score",
        "complaint_repeat",
        "comment",
    ]
    .map(col);
    // One row, filled again for every line and lent to the sink.
    let mut r = CustomerResponse::default();
    table.for_each_row(|row| {
        let Some(respondent_id) = ident.respondent(row) else {
            return false;
        };
        let Ok(weight) = weights.read(row) else {
            return false;
        };
        set_text(&mut r.respondent_id, &respondent_id);
        set_optional(&mut r.department, ident.department_ref(row));
        r.overall = row.number_at(&overall, &scales.rating);
        r.scores.clear();
        r.scores
            .extend(scores.iter().map(|c| row.number_at(c, &scales.rating)));
        r.importance.clear();
        r.importance.extend(
            importances
                .iter()
                .map(|c| row.number_at(c, &scales.importance)),
        );
        r.complaint = row.boolean_at(&complaint);
        r.complaint_resolved = row.boolean_at(&resolved);
        r.complaint_score = row.number_at(&complaint_score, &scales.rating);
        r.complaint_repeat = row.boolean_at(&repeat);
        set_optional(&mut r.comment, row.text_at(&comment));
        r.weight = weight;
        sink.customer(&r);
        true
    });
    weights.finish(&mut table);
    finish(table, quality)
}

fn read_employees(
    config: &Config,
    org: &Organization,
    path: &Path,
    options: &ReadOptions,
    quality: &mut DataQuality,
    sink: &mut impl Sink,
) -> Result<(), SourceError> {
    let mut table = open_table(path, FileKind::Employees, config, options)?;
    table.require(&["respondent_id", "layer"])?;
    questionnaire::check_header(&mut table, config, FileKind::Employees);
    let mut weights = WeightColumn::of(&table, config, FileKind::Employees);
    let (aspects, importance) = aspect_columns(config);
    let scales = &config.scales;
    let layers = layer_lookup(config);
    let mut ident = Identity::of(org, &table);
    // The columns of every row, looked up once.
    let col = |c: &str| table.column(c);
    let (overall, scores) = (col("overall"), columns(&table, &aspects));
    let importances = columns(&table, &importance);
    let [
        contact,
        self_o,
        department_o,
        organization_o,
        complaint_score,
        frustrations,
        strategies,
    ] = [
        "customer_contact",
        "self_orientation",
        "department_orientation",
        "organization_orientation",
        "complaint_score",
        "frustrations",
        "strategies",
    ]
    .map(col);
    let enablement = ENABLEMENT_ITEMS.map(col);
    // One row, filled again for every line and lent to the sink.
    let mut r = EmployeeResponse::default();
    table.for_each_row(|row| {
        let Some(respondent_id) = ident.respondent(row) else {
            return false;
        };
        let layer_text = row.text_ref("layer").unwrap_or_default();
        let Some(&layer) = layers.get(cells::normalized(&layer_text).as_ref()) else {
            let known: Vec<&str> = config.layers.iter().map(|l| l.id.as_str()).collect();
            let msg = if layer_text.is_empty() {
                format!("the layer is empty (expected one of {})", known.join(", "))
            } else {
                format!(
                    "unknown layer '{layer_text}' (expected one of {})",
                    known.join(", ")
                )
            };
            row.reject(Some("layer"), "unknown_layer", msg);
            return false;
        };
        let Ok(weight) = weights.read(row) else {
            return false;
        };
        set_text(&mut r.respondent_id, &respondent_id);
        set_optional(&mut r.department, ident.department_ref(row));
        r.layer = layer;
        r.customer_contact = row.boolean_at(&contact);
        r.overall = row.number_at(&overall, &scales.rating);
        r.scores.clear();
        r.scores
            .extend(scores.iter().map(|c| row.number_at(c, &scales.rating)));
        r.importance.clear();
        r.importance.extend(
            importances
                .iter()
                .map(|c| row.number_at(c, &scales.importance)),
        );
        r.self_orientation = row.number_at(&self_o, &scales.orientation);
        r.department_orientation = row.number_at(&department_o, &scales.orientation);
        r.organization_orientation = row.number_at(&organization_o, &scales.orientation);
        for (value, c) in r.enablement.iter_mut().zip(&enablement) {
            *value = row.number_at(c, &scales.enablement);
        }
        r.complaint_score = row.number_at(&complaint_score, &scales.rating);
        set_optional(&mut r.frustrations, row.text_at(&frustrations));
        set_optional(&mut r.strategies, row.text_at(&strategies));
        r.weight = weight;
        sink.employee(&r);
        true
    });
    weights.finish(&mut table);
    finish(table, quality)
}

/// The columns `names`, each looked up once.
fn columns(table: &Table, names: &[String]) -> Vec<Column> {
    names.iter().map(|c| table.column(c)).collect()
}

/// Put `value` into `slot`, reusing its allocation.
fn set_text(slot: &mut String, value: &str) {
    slot.clear();
    slot.push_str(value);
}

/// Put `value` into `slot`, reusing its allocation when both hold a text.
fn set_optional(slot: &mut Option<String>, value: Option<Cow<'_, str>>) {
    match (slot.as_mut(), value) {
        (Some(text), Some(value)) => set_text(text, &value),
        (_, value) => *slot = value.map(Cow::into_owned),
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
