//! The optional files of a wave: `interactions.csv`, `mood.csv` and `complaints.csv`
//! (docs/data-format.md). Each is read row by row through the same [`Table`]/[`Row`] API as the survey
//! files, so every row is used or rejected with a reason and every unusable value is a
//! finding. A file that does not exist is not an error: that family is simply absent.

use std::collections::HashSet;

use super::{Identity, Row, Sink, Table};
use crate::config::Config;
use crate::model::{ComplaintRecord, Date, Interaction, MoodEntry, Organization, Resolution};

/// File names of the optional families, in the order they are read (each may also be an
/// SPSS file: `interactions.sav`, …).
pub const OPTIONAL_FILES: [&str; 3] = ["interactions.csv", "mood.csv", "complaints.csv"];

/// What a date cell holds.
enum DateCell {
    /// Empty cell (or no such column).
    Empty,
    /// A valid ISO date.
    Valid(Date),
    /// Something that is not a `YYYY-MM-DD` date; a finding was recorded.
    Invalid,
}

impl DateCell {
    /// The date, when the cell holds a valid one.
    fn valid(self) -> Option<Date> {
        match self {
            DateCell::Valid(d) => Some(d),
            DateCell::Empty | DateCell::Invalid => None,
        }
    }
}

fn date(row: &mut Row<'_>, column: &str) -> DateCell {
    let Some(raw) = row.text(column) else {
        return DateCell::Empty;
    };
    match Date::parse_iso(&raw) {
        Some(d) => DateCell::Valid(d),
        None => {
            let idx = row.column_index(column).unwrap_or(0);
            let msg = format!("'{raw}' is not a date YYYY-MM-DD (column '{column}')");
            row.value_problem(idx, "not_a_date", msg);
            DateCell::Invalid
        }
    }
}

/// A required, unique id per row: an empty or repeated id rejects the row.
fn unique_id(row: &mut Row<'_>, seen: &mut HashSet<String>, column: &str) -> Option<String> {
    let Some(id) = row.text(column) else {
        row.reject(Some(column), "missing_id", format!("{column} is empty"));
        return None;
    };
    if !seen.insert(id.clone()) {
        let msg = format!("duplicate {column} '{id}'; the first row with it is used");
        row.reject(Some(column), "duplicate_id", msg);
        return None;
    }
    Some(id)
}

/// The rows of `interactions.csv`.
pub(super) fn read_interactions(
    config: &Config,
    org: &Organization,
    table: &mut Table,
    sink: &mut impl Sink,
) {
    let ident = Identity::new(org);
    let mut seen = HashSet::new();
    let rating = &config.scales.rating;
    table.for_each_row(|row| {
        let Some(interaction_id) = unique_id(row, &mut seen, "interaction_id") else {
            return false;
        };
        let date = date(row, "date").valid();
        sink.interaction(Interaction {
            interaction_id,
            date,
            department: ident.department(row),
            employee_id: row.text("employee_id"),
            // Free text every interactions chart prints: scrubbed as it is read.
            channel: row
                .text("channel")
                .map(|c| crate::input::scrub::scrub(&c, crate::input::scrub::REPLACEMENT)),
            employee_rating: row.number("employee_rating", rating),
            customer_rating: row.number("customer_rating", rating),
        });
        true
    });
}

/// The rows of `mood.csv`.
pub(super) fn read_mood(org: &Organization, table: &mut Table, sink: &mut impl Sink) {
    let ident = Identity::new(org);
    table.for_each_row(|row| {
        // A smiley without a day cannot be placed in a week, and the smiley is the only
        // measurement of the row: either missing rejects the row.
        let date = match date(row, "date") {
            DateCell::Valid(d) => d,
            DateCell::Empty => {
                row.reject(Some("date"), "missing_date", "date is empty".into());
                return false;
            }
            DateCell::Invalid => {
                row.reject(
                    Some("date"),
                    "not_a_date",
                    "the row has no usable date".into(),
                );
                return false;
            }
        };
        let Some(happy) = row.boolean("mood") else {
            row.reject(Some("mood"), "missing_mood", "mood is not 1 or 0".into());
            return false;
        };
        sink.mood(MoodEntry {
            date,
            department: ident.department(row),
            employee_id: row.text("employee_id"),
            happy,
        });
        true
    });
}

/// The rows of `complaints.csv`.
pub(super) fn read_complaints(org: &Organization, table: &mut Table, sink: &mut impl Sink) {
    let ident = Identity::new(org);
    let mut seen = HashSet::new();
    table.for_each_row(|row| {
        let Some(complaint_id) = unique_id(row, &mut seen, "complaint_id") else {
            return false;
        };
        let received = date(row, "received").valid();
        let mut resolution = match date(row, "resolved") {
            DateCell::Empty => Resolution::Open,
            DateCell::Valid(d) => Resolution::Resolved(d),
            DateCell::Invalid => Resolution::Unknown,
        };
        if let (Some(r), Resolution::Resolved(d)) = (received, resolution)
            && d < r
        {
            let idx = row.column_index("resolved").unwrap_or(0);
            let msg = format!("resolved {d} is before received {r}");
            row.value_problem(idx, "resolved_before_received", msg);
            resolution = Resolution::Unknown;
        }
        let mut repeat_of = row.text("repeat_of");
        if repeat_of.as_deref() == Some(complaint_id.as_str()) {
            let idx = row.column_index("repeat_of").unwrap_or(0);
            let msg = "the complaint names itself as the one it repeats".to_string();
            row.value_problem(idx, "repeat_of_itself", msg);
            repeat_of = None;
        }
        // Categories are free text that every report prints: scrubbed as they are read.
        let category = row
            .text("category")
            .map(|c| crate::input::scrub::scrub(&c, crate::input::scrub::REPLACEMENT));
        sink.complaint(ComplaintRecord {
            complaint_id,
            department: ident.department(row),
            category,
            received,
            resolution,
            repeat_of,
        });
        true
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::ingest::{Effect, WaveData};
    use crate::model::{OrgMeta, Wave, WaveMeta};

    fn org(dir: &Path) -> Organization {
        Organization {
            id: "acme".into(),
            dir: dir.to_path_buf(),
            meta: OrgMeta {
                name: "Acme".into(),
                language: Default::default(),
                account_manager: None,
                departments: vec![crate::model::Department {
                    id: "kcc".into(),
                    name: "KCC".into(),
                }],
                ingest: Default::default(),
                brand: Default::default(),
                questionnaire: Default::default(),
                weights: None,
            },
            waves: Vec::new(),
        }
    }

    fn read(files: &[(&str, &str)]) -> WaveData {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2026-Q1");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("customers.csv"), "respondent_id,overall\nc1,7\n").unwrap();
        std::fs::write(
            dir.join("employees.csv"),
            "respondent_id,layer,overall\ne1,frontline,8\n",
        )
        .unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let config = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        let wave = Wave {
            id: "2026-Q1".into(),
            dir,
            meta: WaveMeta::default(),
        };
        crate::input::ingest::read_wave(&config, &org(tmp.path()), &wave).unwrap()
    }

    #[test]
    fn missing_optional_files_are_absent_not_an_error() {
        let data = read(&[]);
        assert!(data.interactions.is_empty() && data.mood.is_empty());
        for f in OPTIONAL_FILES {
            assert!(!data.quality.files.contains_key(f), "{f}");
        }
    }

    #[test]
    fn every_interaction_row_is_used_or_rejected_with_a_reason() {
        let data = read(&[(
            "interactions.csv",
            "interaction_id,date,department,employee_id,channel,employee_rating,customer_rating\n\
             i1,2026-03-04,kcc,mw-1,chat,8,\n\
             i1,2026-03-04,kcc,mw-1,chat,8,6\n\
             i2,04-03-2026,kcc,mw-2,chat,7,4\n\
             i3,2026-03-05,kcc,mw-2,chat,12,5\n",
        )]);
        let stats = &data.quality.files["interactions.csv"];
        assert_eq!(
            (stats.rows_read, stats.rows_used, stats.rejected()),
            (4, 3, 1)
        );
        assert_eq!(stats.rows_rejected["duplicate_id"], 1);
        assert_eq!(stats.values_missing["not_a_date"], 1);
        assert_eq!(stats.values_missing["out_of_range"], 1);
        assert_eq!(data.interactions[0].customer_rating, None);
        assert_eq!(data.interactions[1].date, None);
        assert_eq!(data.interactions[1].customer_rating, Some(4.0));
        assert_eq!(data.interactions[2].employee_rating, None);
        let bad_date = data
            .quality
            .findings
            .iter()
            .find(|f| f.reason == "not_a_date")
            .unwrap();
        assert_eq!((bad_date.at.line, bad_date.at.column), (4, 2));
    }

    #[test]
    fn a_mood_row_without_a_date_or_smiley_is_rejected() {
        let data = read(&[(
            "mood.csv",
            "date,department,employee_id,mood\n\
             2026-03-04,kcc,mw-1,1\n\
             2026-3-4,kcc,mw-1,1\n\
             2026-03-05,kcc,mw-1,misschien\n\
             2026-03-05,onbekend,mw-2,0\n",
        )]);
        let stats = &data.quality.files["mood.csv"];
        assert_eq!((stats.rows_read, stats.rows_used), (4, 2));
        assert_eq!(stats.rows_rejected["not_a_date"], 1);
        assert_eq!(stats.rows_rejected["missing_mood"], 1);
        assert_eq!(stats.values_missing["unknown_department"], 1);
        assert!(data.mood[0].happy && !data.mood[1].happy);
        assert_eq!(data.mood[1].department, None);
    }

    #[test]
    fn complaint_resolved_before_received_is_a_finding_and_unknown() {
        let data = read(&[(
            "complaints.csv",
            "complaint_id,department,category,received,resolved,repeat_of\n\
             k1,kcc,Bejegening,2026-03-04,2026-03-10,\n\
             k2,kcc,Bejegening,2026-03-05,,k1\n\
             k3,kcc,Wachttijd,2026-03-06,2026-03-01,\n\
             k4,kcc,Wachttijd,2026-03-06,gisteren,\n\
             ,kcc,Wachttijd,2026-03-06,,\n",
        )]);
        let c = &data.complaints;
        assert_eq!(c.len(), 4);
        assert_eq!(
            c[0].resolution,
            Resolution::Resolved(Date::parse_iso("2026-03-10").unwrap())
        );
        assert_eq!(c[1].resolution, Resolution::Open);
        assert_eq!(c[1].repeat_of.as_deref(), Some("k1"));
        assert_eq!(c[2].resolution, Resolution::Unknown);
        assert_eq!(c[3].resolution, Resolution::Unknown);
        let stats = &data.quality.files["complaints.csv"];
        assert_eq!(stats.rows_rejected["missing_id"], 1);
        assert_eq!(stats.values_missing["resolved_before_received"], 1);
        assert_eq!(stats.values_missing["not_a_date"], 1);
        assert!(
            data.quality
                .findings
                .iter()
                .all(|f| f.effect == Effect::ValueMissing || f.reason == "missing_id")
        );
    }
}
