//! The two survey files, `customers.csv` and `employees.csv`: what their rows share (the
//! respondent id and department, the weight, the overall grade, the aspect scores and their
//! importance) read once here, and what each adds.

use std::borrow::Cow;
use std::collections::HashMap;

use super::identity::Identity;
use super::weights::WeightColumn;
use super::{Column, FileKind, Row, Sink, Table, cells, questionnaire};
use crate::config::Config;
use crate::config::ingest::normalize;
use crate::model::{CustomerResponse, ENABLEMENT_ITEMS, EmployeeResponse, Organization};

/// The columns and checks every survey row goes through, looked up once per file.
struct Survey<'a> {
    config: &'a Config,
    ident: Identity<'a>,
    weights: WeightColumn,
    overall: Column,
    scores: Vec<Column>,
    importances: Vec<Column>,
}

/// What a survey row shares with the other kind, filled again for every line.
struct Shared<'r> {
    respondent_id: &'r mut String,
    department: &'r mut Option<String>,
    overall: &'r mut Option<f64>,
    scores: &'r mut Vec<Option<f64>>,
    importance: &'r mut Vec<Option<f64>>,
    weight: &'r mut Option<f64>,
}

/// The [`Shared`] fields of a customer or employee row `$r`.
macro_rules! shared_of {
    ($r:ident) => {
        Shared {
            respondent_id: &mut $r.respondent_id,
            department: &mut $r.department,
            overall: &mut $r.overall,
            scores: &mut $r.scores,
            importance: &mut $r.importance,
            weight: &mut $r.weight,
        }
    };
}

impl<'a> Survey<'a> {
    /// Note the header's mismatches with the questionnaire and look the shared columns up.
    fn of(config: &'a Config, org: &'a Organization, table: &mut Table, kind: FileKind) -> Self {
        questionnaire::check_header(table, config, kind);
        let aspects = &config.questionnaire.aspects;
        let ids: Vec<String> = aspects.iter().map(|a| a.id.clone()).collect();
        let imp: Vec<String> = aspects.iter().map(|a| format!("imp_{}", a.id)).collect();
        Survey {
            config,
            weights: WeightColumn::of(table, config, kind),
            ident: Identity::of(org, table),
            overall: table.column("overall"),
            scores: columns(table, &ids),
            importances: columns(table, &imp),
        }
    }

    /// Check the row's respondent id, then `check` (what the kind requires more, rejecting
    /// the row when it is not met), then its weight; with all three passed, fill the id, the
    /// department and the weight into `into`. `None` when the row was rejected.
    fn admit<T>(
        &mut self,
        row: &mut Row<'_>,
        check: impl FnOnce(&mut Row<'_>) -> Option<T>,
        into: &mut Shared<'_>,
    ) -> Option<T> {
        let respondent_id = self.ident.respondent(row)?;
        let checked = check(row)?;
        *into.weight = self.weights.read(row).ok()?;
        set_text(into.respondent_id, &respondent_id);
        set_optional(into.department, self.ident.department_ref(row));
        Some(checked)
    }

    /// Fill the overall grade, the aspect scores and their importance into `into`.
    fn grades(&self, row: &mut Row<'_>, into: &mut Shared<'_>) {
        let scales = &self.config.scales;
        *into.overall = row.number_at(&self.overall, &scales.rating);
        into.scores.clear();
        let scores = self.scores.iter();
        into.scores
            .extend(scores.map(|c| row.number_at(c, &scales.rating)));
        into.importance.clear();
        let importances = self.importances.iter();
        into.importance
            .extend(importances.map(|c| row.number_at(c, &scales.importance)));
    }

    /// After the last row: the notes on the weights.
    fn finish(self, table: &mut Table) {
        self.weights.finish(table);
    }
}

/// The rows of `customers.csv`.
pub(super) fn read_customers(
    config: &Config,
    org: &Organization,
    table: &mut Table,
    sink: &mut impl Sink,
) {
    let mut survey = Survey::of(config, org, table, FileKind::Customers);
    let rating = &config.scales.rating;
    let [complaint, resolved, complaint_score, repeat, comment] = [
        "complaint",
        "complaint_resolved",
        "complaint_score",
        "complaint_repeat",
        "comment",
    ]
    .map(|c| table.column(c));
    // One row, filled again for every line and lent to the sink.
    let mut r = CustomerResponse::default();
    table.for_each_row(|row| {
        let mut shared = shared_of!(r);
        if survey.admit(row, |_| Some(()), &mut shared).is_none() {
            return false;
        }
        survey.grades(row, &mut shared);
        r.complaint = row.boolean_at(&complaint);
        r.complaint_resolved = row.boolean_at(&resolved);
        r.complaint_score = row.number_at(&complaint_score, rating);
        r.complaint_repeat = row.boolean_at(&repeat);
        set_optional(&mut r.comment, row.text_at(&comment));
        sink.customer(&r);
        true
    });
    survey.finish(table);
}

/// The rows of `employees.csv`.
pub(super) fn read_employees(
    config: &Config,
    org: &Organization,
    table: &mut Table,
    sink: &mut impl Sink,
) {
    let mut survey = Survey::of(config, org, table, FileKind::Employees);
    let scales = &config.scales;
    let layers = layer_lookup(config);
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
    .map(|c| table.column(c));
    let enablement = ENABLEMENT_ITEMS.map(|c| table.column(c));
    // One row, filled again for every line and lent to the sink.
    let mut r = EmployeeResponse::default();
    table.for_each_row(|row| {
        let mut shared = shared_of!(r);
        let layer = |row: &mut Row<'_>| layer_of(config, &layers, row);
        let Some(layer) = survey.admit(row, layer, &mut shared) else {
            return false;
        };
        // The order of the reads is the order of a row's findings.
        let customer_contact = row.boolean_at(&contact);
        survey.grades(row, &mut shared);
        r.layer = layer;
        r.customer_contact = customer_contact;
        r.self_orientation = row.number_at(&self_o, &scales.orientation);
        r.department_orientation = row.number_at(&department_o, &scales.orientation);
        r.organization_orientation = row.number_at(&organization_o, &scales.orientation);
        for (value, c) in r.enablement.iter_mut().zip(&enablement) {
            *value = row.number_at(c, &scales.enablement);
        }
        r.complaint_score = row.number_at(&complaint_score, &scales.rating);
        set_optional(&mut r.frustrations, row.text_at(&frustrations));
        set_optional(&mut r.strategies, row.text_at(&strategies));
        sink.employee(&r);
        true
    });
    survey.finish(table);
}

/// The layer of an employee row (its id or label, in either language); an empty or unknown
/// layer rejects the row.
fn layer_of(config: &Config, layers: &HashMap<String, usize>, row: &mut Row<'_>) -> Option<usize> {
    let layer_text = row.text_ref("layer").unwrap_or_default();
    if let Some(&layer) = layers.get(cells::normalized(&layer_text).as_ref()) {
        return Some(layer);
    }
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
    None
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
