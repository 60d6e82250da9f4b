//! The streaming side of the metrics: a [`Sink`] that folds every row into small mergeable
//! accumulators per group (department, department × layer), so a wave of any size is measured
//! without holding its rows. Memory grows with the number of groups (departments, layers, ISO
//! weeks, complaint categories, distinct days to resolve, interaction and mood pseudonyms), not
//! with the number of rows.
//!
//! Figures of a larger group are merges of its parts: an organization's customers are the merge
//! of its departments' customers, a layer the merge of its department × layer cells. That is
//! what makes "the organization's figure equals the combination of its departments'" hold by
//! construction.
//!
//! The only raw rows kept are a bounded selection of open answers for the report's quotes
//! ([`QuoteSample`]): the same ones `render::voices` would choose from all rows.

use std::collections::{BinaryHeap, HashMap};

use super::complaints::{LogAcc, SurveyAcc};
use super::interactions::InteractionAcc;
use super::mood::MoodAcc;
use crate::analysis::quotes::{quotable, selection_key};
use crate::analysis::stats::{PairSummary, Summary};
use crate::config::Config;
use crate::input::ingest::{DataQuality, Sink, WaveData};
use crate::model::{
    ComplaintRecord, CustomerResponse, Date, EmployeeResponse, Interaction, MoodEntry,
};

/// One employee's layer and predicted aspect scores.
#[derive(Debug, Clone, PartialEq)]
pub struct EmployeeRow {
    /// Respondent id: rows are put in id order, so nothing depends on the order they came in.
    pub id: String,
    /// Layer index.
    pub layer: usize,
    /// Predicted score per aspect.
    pub scores: Vec<Option<f64>>,
}

/// Customer answers of one group, mergeable.
#[derive(Debug, Clone, Default)]
pub struct CustomerAcc {
    /// Respondents in the group.
    pub respondents: u64,
    /// The respondents' weights (values 0): their sum and Kish's effective n.
    pub weights: Summary,
    /// Overall grade.
    pub overall: Summary,
    /// Performance score per aspect.
    pub scores: Vec<Summary>,
    /// Stated importance per aspect.
    pub importance: Vec<Summary>,
    /// (aspect score, overall grade) per aspect, for derived importance.
    pub derived: Vec<PairSummary>,
    /// Complaint questions.
    pub complaints: SurveyAcc,
}

impl CustomerAcc {
    fn with_aspects(k: usize) -> Self {
        CustomerAcc {
            scores: vec![Summary::new(); k],
            importance: vec![Summary::new(); k],
            derived: vec![PairSummary::new(); k],
            ..CustomerAcc::default()
        }
    }

    /// Add one respondent.
    pub fn push(&mut self, r: &CustomerResponse) {
        let w = r.weight.unwrap_or(1.0);
        self.respondents += 1;
        self.weights.push_weighted(0.0, w);
        self.overall.push_weighted_opt(r.overall, w);
        for (i, score) in r.scores.iter().enumerate().take(self.scores.len()) {
            self.scores[i].push_weighted_opt(*score, w);
            if let (Some(x), Some(y)) = (*score, r.overall) {
                self.derived[i].push(x, y);
            }
        }
        for (acc, x) in self.importance.iter_mut().zip(&r.importance) {
            acc.push_weighted_opt(*x, w);
        }
        self.complaints.push(r);
    }

    /// Combine `other` into `self`.
    pub fn merge(&mut self, other: &CustomerAcc) {
        self.respondents += other.respondents;
        self.weights.merge(&other.weights);
        self.overall.merge(&other.overall);
        merge_all(&mut self.scores, &other.scores, Summary::merge);
        merge_all(&mut self.importance, &other.importance, Summary::merge);
        merge_all(&mut self.derived, &other.derived, PairSummary::merge);
        self.complaints.merge(&other.complaints);
    }
}

/// Employee answers of one group (a department × layer cell, or a merge of cells), mergeable.
#[derive(Debug, Clone, Default)]
pub struct EmployeeAcc {
    /// Respondents in the group.
    pub respondents: u64,
    /// The respondents' weights (values 0): their sum and Kish's effective n.
    pub weights: Summary,
    /// Predicted overall grade.
    pub overall: Summary,
    /// Predicted score per aspect.
    pub scores: Vec<Summary>,
    /// Predicted importance per aspect.
    pub importance: Vec<Summary>,
    /// Self, department and organization orientation.
    pub orientation: [Summary; 3],
    /// The five enablement items.
    pub enablement: [Summary; 5],
    /// Predicted satisfaction with complaint handling.
    pub complaint_score: Summary,
}

impl EmployeeAcc {
    fn with_aspects(k: usize) -> Self {
        EmployeeAcc {
            scores: vec![Summary::new(); k],
            importance: vec![Summary::new(); k],
            ..EmployeeAcc::default()
        }
    }

    /// Add one respondent.
    pub fn push(&mut self, r: &EmployeeResponse) {
        let w = r.weight.unwrap_or(1.0);
        self.respondents += 1;
        self.weights.push_weighted(0.0, w);
        self.overall.push_weighted_opt(r.overall, w);
        for (acc, x) in self.scores.iter_mut().zip(&r.scores) {
            acc.push_weighted_opt(*x, w);
        }
        for (acc, x) in self.importance.iter_mut().zip(&r.importance) {
            acc.push_weighted_opt(*x, w);
        }
        let ladder = [
            r.self_orientation,
            r.department_orientation,
            r.organization_orientation,
        ];
        for (acc, x) in self.orientation.iter_mut().zip(ladder) {
            acc.push_weighted_opt(x, w);
        }
        for (acc, x) in self.enablement.iter_mut().zip(r.enablement) {
            acc.push_weighted_opt(x, w);
        }
        self.complaint_score.push_weighted_opt(r.complaint_score, w);
    }

    /// Combine `other` into `self`.
    pub fn merge(&mut self, other: &EmployeeAcc) {
        self.respondents += other.respondents;
        self.weights.merge(&other.weights);
        self.overall.merge(&other.overall);
        merge_all(&mut self.scores, &other.scores, Summary::merge);
        merge_all(&mut self.importance, &other.importance, Summary::merge);
        merge_all(&mut self.orientation, &other.orientation, Summary::merge);
        merge_all(&mut self.enablement, &other.enablement, Summary::merge);
        self.complaint_score.merge(&other.complaint_score);
    }
}

fn merge_all<T>(into: &mut [T], from: &[T], merge: fn(&mut T, &T)) {
    for (a, b) in into.iter_mut().zip(from) {
        merge(a, b);
    }
}

/// Department ids seen while streaming, each with a slot; slot 0 collects the rows without a
/// (known) department.
#[derive(Debug, Clone, Default)]
pub struct Departments {
    ids: Vec<String>,
    index: HashMap<String, usize>,
}

impl Departments {
    /// The slot of a department (0 for none), adding it when new.
    pub fn slot(&mut self, id: Option<&str>) -> usize {
        let Some(id) = id else {
            return 0;
        };
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.ids.push(id.to_string());
        let slot = self.ids.len();
        self.index.insert(id.to_string(), slot);
        slot
    }

    /// Number of slots, including slot 0.
    pub fn slots(&self) -> usize {
        self.ids.len() + 1
    }

    /// Renumber the slots so department `ids` come in the order of `key` (slot 0 stays);
    /// returns `new_slot[old_slot]`.
    fn reorder<K: Ord>(&mut self, key: impl Fn(&str) -> K) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by(|&a, &b| {
            key(&self.ids[a])
                .cmp(&key(&self.ids[b]))
                .then_with(|| self.ids[a].cmp(&self.ids[b]))
        });
        let mut new_slot = vec![0; self.ids.len() + 1];
        for (new, &old) in order.iter().enumerate() {
            new_slot[old + 1] = new + 1;
        }
        self.ids = order.iter().map(|&i| self.ids[i].clone()).collect();
        self.index = self
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i + 1))
            .collect();
        new_slot
    }

    /// The department id of a slot (`None` for slot 0).
    pub fn id(&self, slot: usize) -> Option<&str> {
        slot.checked_sub(1).map(|i| self.ids[i].as_str())
    }
}

/// A vector indexed by department slot that grows on demand with copies of an empty item.
#[derive(Debug, Clone)]
pub struct BySlot<T> {
    items: Vec<T>,
    empty: T,
}

impl<T: Clone> BySlot<T> {
    fn new(empty: T) -> Self {
        BySlot {
            items: Vec::new(),
            empty,
        }
    }

    /// The item of `slot`, created when missing.
    pub fn at(&mut self, slot: usize) -> &mut T {
        if self.items.len() <= slot {
            self.items.resize(slot + 1, self.empty.clone());
        }
        &mut self.items[slot]
    }

    /// Move every item to its new slot (`new_slot[old]`).
    fn renumber(&mut self, new_slot: &[usize]) {
        let mut items = vec![self.empty.clone(); new_slot.len()];
        for (old, item) in std::mem::take(&mut self.items).into_iter().enumerate() {
            items[new_slot[old]] = item;
        }
        self.items = items;
    }

    /// The item of `slot` (the empty item when never touched).
    pub fn get(&self, slot: usize) -> &T {
        self.items.get(slot).unwrap_or(&self.empty)
    }
}

/// Open answers kept per kind (and for customers per department) for the report's quotes.
pub const QUOTES_KEPT: usize = 64;

/// A bounded selection of quotable open answers: per kind the [`QUOTES_KEPT`] with the
/// smallest [`selection_key`], which are the ones the report's selection considers first.
/// Customers' comments are kept per department so department reports can quote their own.
#[derive(Debug, Default)]
pub struct QuoteSample {
    comments: HashMap<usize, BinaryHeap<Keyed<CustomerResponse>>>,
    frustrations: BinaryHeap<Keyed<EmployeeResponse>>,
    strategies: BinaryHeap<Keyed<EmployeeResponse>>,
}

/// A row ordered by its selection key only.
#[derive(Debug)]
struct Keyed<T>([u8; 32], T);

impl<T> PartialEq for Keyed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T> Eq for Keyed<T> {}
impl<T> PartialOrd for Keyed<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Keyed<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

/// Keep `make()` in the max-heap `heap` when its key is among the `QUOTES_KEPT` smallest.
fn keep<T>(heap: &mut BinaryHeap<Keyed<T>>, key: [u8; 32], make: impl FnOnce() -> T) {
    if heap.len() >= QUOTES_KEPT && heap.peek().is_some_and(|top| top.0 <= key) {
        return;
    }
    heap.push(Keyed(key, make()));
    if heap.len() > QUOTES_KEPT {
        heap.pop();
    }
}

impl QuoteSample {
    fn customer(&mut self, slot: usize, r: &CustomerResponse) {
        let Some(comment) = r.comment.as_deref().filter(|t| quotable(t)) else {
            return;
        };
        let key = selection_key(&r.respondent_id);
        keep(self.comments.entry(slot).or_default(), key, || {
            CustomerResponse {
                respondent_id: r.respondent_id.clone(),
                department: r.department.clone(),
                comment: Some(comment.to_string()),
                ..CustomerResponse::default()
            }
        });
    }

    fn employee(&mut self, r: &EmployeeResponse) {
        let key = selection_key(&r.respondent_id);
        if let Some(text) = r.frustrations.as_deref().filter(|t| quotable(t)) {
            keep(&mut self.frustrations, key, || EmployeeResponse {
                respondent_id: r.respondent_id.clone(),
                frustrations: Some(text.to_string()),
                ..EmployeeResponse::default()
            });
        }
        if let Some(text) = r.strategies.as_deref().filter(|t| quotable(t)) {
            keep(&mut self.strategies, key, || EmployeeResponse {
                respondent_id: r.respondent_id.clone(),
                strategies: Some(text.to_string()),
                ..EmployeeResponse::default()
            });
        }
    }

    /// The kept answers as a [`WaveData`] that holds only those rows (and only their id,
    /// department and open-answer fields), in selection order.
    pub fn into_wave_data(self, quality: DataQuality) -> WaveData {
        let mut customers: Vec<Keyed<CustomerResponse>> =
            self.comments.into_values().flatten().collect();
        customers.sort();
        let mut employees: Vec<Keyed<EmployeeResponse>> = self
            .frustrations
            .into_iter()
            .chain(self.strategies)
            .collect();
        employees.sort();
        WaveData {
            customers: customers.into_iter().map(|k| k.1).collect(),
            employees: employees.into_iter().map(|k| k.1).collect(),
            quality,
            ..WaveData::default()
        }
    }
}

/// Everything of one wave, folded per group as the rows stream by.
#[derive(Debug)]
pub struct WaveAccumulator {
    /// Aspects in the questionnaire.
    pub(crate) aspects: usize,
    /// Department slots.
    pub(crate) departments: Departments,
    /// Customers per department slot.
    pub(crate) customers: BySlot<CustomerAcc>,
    /// Employees per department slot, per layer.
    pub(crate) employees: BySlot<Vec<EmployeeAcc>>,
    /// Interactions per department slot.
    pub(crate) interactions: BySlot<InteractionAcc>,
    /// Mood per department slot and ISO week.
    pub(crate) mood: MoodAcc,
    /// Complaint log per department slot.
    pub(crate) complaint_log: BySlot<LogAcc>,
    /// Open answers for the report.
    pub(crate) quotes: QuoteSample,
    /// Open answers coded into themes.
    pub(crate) themes: super::themes::ThemeAcc,
    codebook: Vec<crate::config::themes::Theme>,
    /// Every employee's layer and predicted aspect scores, for the layer comparison's
    /// permutation test and bootstrap (employees are few: this grows with them, customers are
    /// never kept).
    pub(crate) employee_rows: Vec<EmployeeRow>,
    /// The latest date in the wave's dated records (interactions, mood, complaints received):
    /// the report's date when `wave.yaml` gives no fieldwork period.
    pub(crate) last_date: Option<Date>,
    layers: usize,
    pass_mark: f64,
}

impl WaveAccumulator {
    /// An empty accumulator for the questionnaire and layers of `config`.
    pub fn new(config: &Config) -> Self {
        let k = config.questionnaire.aspects.len();
        let layers = config.layers.len();
        WaveAccumulator {
            aspects: k,
            departments: Departments::default(),
            customers: BySlot::new(CustomerAcc::with_aspects(k)),
            employees: BySlot::new(vec![EmployeeAcc::with_aspects(k); layers]),
            interactions: BySlot::new(InteractionAcc::default()),
            mood: MoodAcc::default(),
            complaint_log: BySlot::new(LogAcc::default()),
            quotes: QuoteSample::default(),
            themes: super::themes::ThemeAcc::default(),
            codebook: config.themes.clone(),
            employee_rows: Vec::new(),
            last_date: None,
            layers,
            pass_mark: config.pass_mark(),
        }
    }

    /// Fold in a customer row.
    pub fn add_customer(&mut self, r: &CustomerResponse) {
        let slot = self.departments.slot(r.department.as_deref());
        self.customers.at(slot).push(r);
        self.quotes.customer(slot, r);
        self.themes
            .customer(&self.codebook, &r.respondent_id, r.comment.as_deref());
    }

    /// Fold in an employee row.
    pub fn add_employee(&mut self, r: &EmployeeResponse) {
        let slot = self.departments.slot(r.department.as_deref());
        if let Some(cell) = self.employees.at(slot).get_mut(r.layer) {
            cell.push(r);
            self.employee_rows.push(EmployeeRow {
                id: r.respondent_id.clone(),
                layer: r.layer,
                scores: r.scores.iter().take(self.aspects).copied().collect(),
            });
        }
        self.quotes.employee(r);
        self.themes.employee(
            &self.codebook,
            [r.frustrations.as_deref(), r.strategies.as_deref()],
        );
    }

    /// Fold in a logged interaction.
    pub fn add_interaction(&mut self, r: &Interaction) {
        self.note_date(r.date);
        let slot = self.departments.slot(r.department.as_deref());
        self.interactions.at(slot).push(r, self.pass_mark);
    }

    /// Fold in a mood smiley.
    pub fn add_mood(&mut self, r: &MoodEntry) {
        self.note_date(Some(r.date));
        let slot = self.departments.slot(r.department.as_deref());
        self.mood.push(slot, r);
    }

    /// Fold in a logged complaint.
    pub fn add_complaint(&mut self, r: &ComplaintRecord) {
        self.note_date(r.received);
        let slot = self.departments.slot(r.department.as_deref());
        self.complaint_log.at(slot).push(r);
    }

    fn note_date(&mut self, date: Option<Date>) {
        if date.is_some() && date > self.last_date {
            self.last_date = date;
        }
    }

    /// Put the department slots in a canonical order — `key` of the department id, then the
    /// id — so nothing downstream (tie-breaks in suppression, the order of departments)
    /// depends on the order the rows came in.
    pub fn canonicalize<K: Ord>(&mut self, key: impl Fn(&str) -> K) {
        let new_slot = self.departments.reorder(key);
        self.customers.renumber(&new_slot);
        self.employees.renumber(&new_slot);
        self.interactions.renumber(&new_slot);
        self.complaint_log.renumber(&new_slot);
        self.mood.cells = std::mem::take(&mut self.mood.cells)
            .into_iter()
            .map(|((slot, week), cell)| ((new_slot[slot], week), cell))
            .collect();
    }

    /// Fold in every row of `data` (the collecting sink's rows).
    pub fn add_all(&mut self, data: &WaveData) {
        data.customers.iter().for_each(|r| self.add_customer(r));
        data.employees.iter().for_each(|r| self.add_employee(r));
        data.interactions
            .iter()
            .for_each(|r| self.add_interaction(r));
        data.mood.iter().for_each(|r| self.add_mood(r));
        data.complaints.iter().for_each(|r| self.add_complaint(r));
    }

    /// Number of configured layers.
    pub fn layers(&self) -> usize {
        self.layers
    }

    /// All customers of the wave.
    pub fn all_customers(&self) -> CustomerAcc {
        let mut all = CustomerAcc::with_aspects(self.aspects);
        for slot in 0..self.departments.slots() {
            all.merge(self.customers.get(slot));
        }
        all
    }

    /// The employee cell of a department slot and layer (empty when never touched).
    pub fn cell(&self, slot: usize, layer: usize) -> EmployeeAcc {
        self.employees.get(slot)[layer].clone()
    }

    /// Employees of a department slot, all layers.
    pub fn department_employees(&self, slot: usize) -> EmployeeAcc {
        let mut all = EmployeeAcc::with_aspects(self.aspects);
        for l in 0..self.layers {
            all.merge(&self.cell(slot, l));
        }
        all
    }

    /// Employees of a layer, all departments.
    pub fn layer_employees(&self, layer: usize) -> EmployeeAcc {
        let mut all = EmployeeAcc::with_aspects(self.aspects);
        for slot in 0..self.departments.slots() {
            all.merge(&self.cell(slot, layer));
        }
        all
    }

    /// An empty customer group of this questionnaire.
    pub fn empty_customers(&self) -> CustomerAcc {
        CustomerAcc::with_aspects(self.aspects)
    }

    /// An empty employee group of this questionnaire.
    pub fn empty_employees(&self) -> EmployeeAcc {
        EmployeeAcc::with_aspects(self.aspects)
    }
}

impl Sink for WaveAccumulator {
    fn customer(&mut self, row: &CustomerResponse) {
        self.add_customer(row);
    }
    fn employee(&mut self, row: &EmployeeResponse) {
        self.add_employee(row);
    }
    fn interaction(&mut self, row: Interaction) {
        self.add_interaction(&row);
    }
    fn mood(&mut self, row: MoodEntry) {
        self.add_mood(&row);
    }
    fn complaint(&mut self, row: ComplaintRecord) {
        self.add_complaint(&row);
    }
}
