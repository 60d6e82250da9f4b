//! The identifying columns of a row: the respondent id (empty or repeated rejects the row,
//! checked against every id of the file in a compact table) and the department (an id or
//! name from `org.yaml`; unknown becomes missing).

use std::borrow::Cow;
use std::collections::HashMap;

use super::seen::SeenIds;
use super::{Column, Row, Table, cells};
use crate::config::ingest::normalize;
use crate::model::Organization;

/// Shared checks of the identifying columns: a duplicate id rejects the row, an unknown
/// department becomes missing.
pub(super) struct Identity<'a> {
    org: &'a Organization,
    /// Department id or name, normalized → id.
    departments: HashMap<String, String, super::hashers::Fnv>,
    /// Each respondent id seen → its line, as a 64-bit fingerprint (`seen.rs`) instead of
    /// the id: about 13 bytes a respondent on files of millions of rows (a false duplicate
    /// among a million ids has a chance of about 3 in 10^8).
    seen: SeenIds,
    /// The id and department columns, when looked up once for the file ([`Identity::of`]).
    columns: Option<[Column; 2]>,
}

impl<'a> Identity<'a> {
    /// [`Identity::new`] with the columns of `table` looked up once.
    pub(super) fn of(org: &'a Organization, table: &Table) -> Self {
        Identity {
            columns: Some(["respondent_id", "department"].map(|c| table.column(c))),
            ..Identity::new(org)
        }
    }

    pub(super) fn new(org: &'a Organization) -> Self {
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
    pub(super) fn respondent<'r>(&mut self, row: &mut Row<'r>) -> Option<Cow<'r, str>> {
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
        if self.seen.wants_room() {
            // The table would double about ten times more: make room once.
            self.seen.reserve(row.estimated_rows());
        }
        if let Some(first) = self.seen.first_or_insert(&id, row.line()) {
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
    pub(super) fn department(&self, row: &mut Row<'_>) -> Option<String> {
        self.department_ref(row).map(Cow::into_owned)
    }

    /// [`Identity::department`], borrowing the id from `org.yaml`.
    pub(super) fn department_ref(&self, row: &mut Row<'_>) -> Option<Cow<'_, str>> {
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
