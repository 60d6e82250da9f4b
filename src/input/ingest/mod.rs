//! CSV files of a wave → typed responses, with every rejected row and unusable value
//! accounted for.
//!
//! Layers: [`source`] turns bytes into a UTF-8 CSV stream (encoding, delimiter, record
//! lines); [`Table`] reads rows with typed, checked accessors through the column mapping;
//! this module knows the files of a wave and what a customer and an employee row hold.

mod cells;
mod findings;
mod optional;
mod questionnaire;
mod records;
mod row;
mod source;
mod spss;
mod table;
mod weights;

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::model::schema::{ColumnType, FileKind, ScaleId, canonical_columns};
pub use findings::{Effect, FileStats, Finding, Location, strict_error};
pub use optional::OPTIONAL_FILES;
pub use row::Row;
pub use source::{SNIFF_LIMIT, detect_encoding};
pub use spss::{is_spss, variable_labels};
pub use table::{Column, ReadOptions, Table};
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

/// Shared checks of the identifying columns: a duplicate id rejects the row, an unknown
/// department becomes missing.
struct Identity<'a> {
    org: &'a Organization,
    /// Department id or name, normalized → id.
    departments: HashMap<String, String, table::Fnv>,
    /// Hash of each respondent id seen → its line. A 64-bit hash instead of the id keeps
    /// memory at about 13 bytes a respondent on files of millions of rows (a false duplicate
    /// among a million ids has a chance of about 3 in 10^8).
    seen: SeenIds,
    /// The id and department columns, when looked up once for the file ([`Identity::of`]).
    columns: Option<[Column; 2]>,
}

impl<'a> Identity<'a> {
    /// [`Identity::new`] with the columns of `table` looked up once.
    fn of(org: &'a Organization, table: &Table) -> Self {
        Identity {
            columns: Some(["respondent_id", "department"].map(|c| table.column(c))),
            ..Identity::new(org)
        }
    }

    fn new(org: &'a Organization) -> Self {
        let mut departments = HashMap::default();
        for d in &org.meta.departments {
            departments.insert(normalize(&d.name), d.id.clone());
        }
        // Ids win over names when one department's name is another's id.
        for d in &org.meta.departments {
            departments.insert(normalize(&d.id), d.id.clone());
        }
        Identity {
            org,
            departments,
            seen: SeenIds::default(),
            columns: None,
        }
    }

    /// The respondent id, or `None` when the row was rejected.
    fn respondent<'r>(&mut self, row: &mut Row<'r>) -> Option<Cow<'r, str>> {
        let id = match &self.columns {
            Some([id, _]) => row.text_at(id),
            None => row.text_ref("respondent_id"),
        };
        let Some(id) = id else {
            let msg = format!(
                "the respondent id is empty (column {})",
                row.describe("respondent_id")
            );
            row.reject(Some("respondent_id"), "missing_id", msg);
            return None;
        };
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let key = h.finish();
        if self.seen.in_table() == 1000
            && let Some(rows) = row.estimated_rows()
        {
            // The table would double about ten times more: make room once.
            self.seen.reserve(rows);
        }
        if let Some(first) = self.seen.first_or_insert(key, row.line()) {
            let msg = format!(
                "duplicate respondent id {}: line {first} has it too; only that row is used",
                crate::input::scrub::shown_value(&id)
            );
            row.reject(Some("respondent_id"), "duplicate_id", msg);
            return None;
        }
        Some(id)
    }

    /// The department id of the row: its id or display name from `org.yaml`.
    fn department(&self, row: &mut Row<'_>) -> Option<String> {
        self.department_ref(row).map(Cow::into_owned)
    }

    /// [`Identity::department`], borrowing the id from `org.yaml`.
    fn department_ref(&self, row: &mut Row<'_>) -> Option<Cow<'_, str>> {
        let dept = match &self.columns {
            Some([_, department]) => row.text_at(department),
            None => row.text_ref("department"),
        }?;
        if self.org.meta.departments.is_empty() {
            // Free text from the data that the reports show: scrubbed like an open answer.
            return Some(Cow::Owned(crate::input::scrub::scrub(
                &dept,
                crate::input::scrub::REPLACEMENT,
            )));
        }
        if let Some(id) = self.departments.get(cells::normalized(&dept).as_ref()) {
            return Some(Cow::Borrowed(id));
        }
        let known: Vec<&str> = self
            .org
            .meta
            .departments
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        let msg = format!(
            "unknown department {} (org.yaml lists {})",
            crate::input::scrub::shown_value(&dept),
            known.join(", ")
        );
        let idx = row.column_index("department").unwrap_or(0);
        row.value_problem(idx, "unknown_department", msg);
        None
    }
}

/// The respondent-id hashes seen in a file, each with its line. A hash table takes about
/// 17 bytes an id at rest and three times that while it doubles: a file of four million
/// respondents held 200 MB. So beyond [`SeenIds::SMALL`] ids the hashes are spread over 2^16
/// small sorted shards by their top bits (an insert moves a few dozen entries; no shard ever
/// doubles much memory), keys and lines in separate vectors, a line as `u32` (a larger line
/// in a side map): about 13 bytes an id.
#[derive(Default)]
struct SeenIds {
    small: HashMap<u64, u64, KeyHash>,
    shards: Vec<Shard>,
    far_lines: HashMap<u64, u64, KeyHash>,
}

/// The keys of [`SeenIds`] are SipHash values already: hashing them again only costs time.
type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

/// The hasher behind [`KeyHash`]: a `u64` key is its own hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; anything else is folded in all the same.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// One shard of [`SeenIds`]: sorted keys and their lines.
#[derive(Clone, Default)]
struct Shard {
    keys: Vec<u64>,
    lines: Vec<u32>,
}

impl SeenIds {
    /// Up to this many ids a plain hash table (at most 36 MB, and faster); beyond, the shards.
    const SMALL: usize = 1 << 20;

    /// How many ids the hash table holds (none once the shards took over).
    fn in_table(&self) -> usize {
        self.small.len()
    }

    /// Make room for `total` ids in the hash table (no more than it holds before the
    /// shards take over).
    fn reserve(&mut self, total: u64) {
        let total = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .min(Self::SMALL);
        if self.shards.is_empty() {
            self.small.reserve(total.saturating_sub(self.small.len()));
        }
    }

    /// The line where `key` was first seen; when it was not, `None`, and it is remembered as
    /// seen on `line`.
    fn first_or_insert(&mut self, key: u64, line: u64) -> Option<u64> {
        if self.shards.is_empty() {
            // One probe of the table, which is larger than the caches: look up and insert.
            match self.small.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => return Some(*first.get()),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
            if self.small.len() >= Self::SMALL {
                self.shards = vec![Shard::default(); 1 << 16];
                let mut small: Vec<(u64, u64)> =
                    std::mem::take(&mut self.small).into_iter().collect();
                small.sort_unstable();
                for (key, line) in small {
                    self.first_or_insert(key, line);
                }
            }
            return None;
        }
        let shard = &mut self.shards[(key >> 48) as usize];
        let i = match shard.keys.binary_search(&key) {
            Ok(i) => {
                return match shard.lines[i] {
                    u32::MAX => self.far_lines.get(&key).copied(),
                    line => Some(u64::from(line)),
                };
            }
            Err(i) => i,
        };
        if shard.keys.len() == shard.keys.capacity() {
            // Grow by a quarter: little slack at rest, a small copy when growing.
            let more = (shard.keys.len() / 4).max(4);
            shard.keys.reserve_exact(more);
            shard.lines.reserve_exact(more);
        }
        shard.keys.insert(i, key);
        let short = u32::try_from(line).ok().filter(|l| *l != u32::MAX);
        shard.lines.insert(i, short.unwrap_or(u32::MAX));
        if short.is_none() {
            self.far_lines.insert(key, line);
        }
        None
    }
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

#[cfg(test)]
mod tests {
    use super::SeenIds;

    #[test]
    fn seen_ids_keep_the_first_line_in_the_table_and_in_the_shards() {
        let mut seen = SeenIds::default();
        // Room made ahead changes nothing but speed (and is capped at the table's limit).
        seen.reserve(u64::MAX);
        assert!(seen.small.capacity() >= SeenIds::SMALL);
        let mut rng = 0x2026_u64;
        let mut keys = Vec::new();
        let line_of = |i: u64| {
            if i == 7 {
                u64::from(u32::MAX) + 5
            } else {
                i + 2
            }
        };
        for i in 0..(SeenIds::SMALL as u64 + (1 << 17)) {
            rng = rng
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            keys.push(rng);
            // Line 7 is beyond u32: it goes to the side map.
            assert_eq!(seen.first_or_insert(rng, line_of(i)), None);
            assert_eq!(seen.first_or_insert(rng, 1), Some(line_of(i)));
            if i == 100 {
                assert!(seen.shards.is_empty(), "still the small table");
            }
        }
        assert!(!seen.shards.is_empty(), "moved to the shards");
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(seen.first_or_insert(*key, 1), Some(line_of(i as u64)));
        }
        assert_eq!(seen.first_or_insert(12345, 9), None);
        assert_eq!(seen.first_or_insert(12345, 10), Some(9));
    }
}
