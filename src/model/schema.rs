//! The canonical data format of docs/data-format.md as data: which files exist, which columns each has
//! and on which answer scale a numeric column lies. The column mapping and the value labels
//! of the configuration are checked against it.

use serde::{Deserialize, Serialize};

use crate::config::{Config, Scale, Scales};
use crate::model::ENABLEMENT_ITEMS;

/// The CSV files of a wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// `customers.csv` (required).
    Customers,
    /// `employees.csv` (required).
    Employees,
    /// `interactions.csv` (optional).
    Interactions,
    /// `mood.csv` (optional).
    Mood,
    /// `complaints.csv` (optional).
    Complaints,
}

impl FileKind {
    /// Every kind, in the order files are read.
    pub const ALL: [FileKind; 5] = [
        FileKind::Customers,
        FileKind::Employees,
        FileKind::Interactions,
        FileKind::Mood,
        FileKind::Complaints,
    ];

    /// The name used in the configuration (`customers`, ...).
    pub fn key(self) -> &'static str {
        match self {
            FileKind::Customers => "customers",
            FileKind::Employees => "employees",
            FileKind::Interactions => "interactions",
            FileKind::Mood => "mood",
            FileKind::Complaints => "complaints",
        }
    }

    /// The names the file may have in a wave folder: CSV, SPSS, SPSS zlib-compressed.
    pub fn file_names(self) -> [&'static str; 3] {
        match self {
            FileKind::Customers => ["customers.csv", "customers.sav", "customers.zsav"],
            FileKind::Employees => ["employees.csv", "employees.sav", "employees.zsav"],
            FileKind::Interactions => ["interactions.csv", "interactions.sav", "interactions.zsav"],
            FileKind::Mood => ["mood.csv", "mood.sav", "mood.zsav"],
            FileKind::Complaints => ["complaints.csv", "complaints.sav", "complaints.zsav"],
        }
    }

    /// The file name in a wave folder (`customers.csv`, ...).
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Customers => "customers.csv",
            FileKind::Employees => "employees.csv",
            FileKind::Interactions => "interactions.csv",
            FileKind::Mood => "mood.csv",
            FileKind::Complaints => "complaints.csv",
        }
    }

    /// The columns a file of this kind cannot do without, in the order a message lists them
    /// (docs/data-format.md).
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            FileKind::Customers => &["respondent_id", "overall"],
            FileKind::Employees => &["respondent_id", "layer"],
            FileKind::Interactions => &["interaction_id", "employee_rating", "customer_rating"],
            FileKind::Mood => &["date", "mood"],
            FileKind::Complaints => &["complaint_id", "received", "resolved"],
        }
    }
}

/// One of the configured answer scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleId {
    /// `scales.rating`: grades, overall, complaint score, interaction ratings.
    Rating,
    /// `scales.importance`: stated and predicted importance.
    Importance,
    /// `scales.orientation`: the three orientation items.
    Orientation,
    /// `scales.enablement`: the five enablement items.
    Enablement,
}

impl ScaleId {
    /// Every scale.
    pub const ALL: [ScaleId; 4] = [
        ScaleId::Rating,
        ScaleId::Importance,
        ScaleId::Orientation,
        ScaleId::Enablement,
    ];

    /// Its name in the configuration.
    pub fn name(self) -> &'static str {
        match self {
            ScaleId::Rating => "rating",
            ScaleId::Importance => "importance",
            ScaleId::Orientation => "orientation",
            ScaleId::Enablement => "enablement",
        }
    }

    /// The scale by its configuration name.
    pub fn from_name(name: &str) -> Option<ScaleId> {
        ScaleId::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The configured scale.
    pub fn of(self, scales: &Scales) -> &Scale {
        match self {
            ScaleId::Rating => &scales.rating,
            ScaleId::Importance => &scales.importance,
            ScaleId::Orientation => &scales.orientation,
            ScaleId::Enablement => &scales.enablement,
        }
    }
}

/// What a canonical column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Free text, ids, dates, categories.
    Text,
    /// Yes/no.
    Boolean,
    /// A number on a configured scale.
    Number(ScaleId),
}

/// The canonical columns of `kind` for the questionnaire of `config`, in the order
/// docs/data-format.md lists them.
pub fn canonical_columns(kind: FileKind, config: &Config) -> Vec<(String, ColumnType)> {
    columns(kind, &config.aspect_ids())
}

/// The names of the canonical columns of `kind` for these aspect ids: a file's header.
pub fn header(kind: FileKind, aspects: &[&str]) -> Vec<String> {
    columns(kind, aspects).into_iter().map(|(c, _)| c).collect()
}

/// The canonical columns of `kind` for these aspect ids.
pub fn columns(kind: FileKind, aspects: &[&str]) -> Vec<(String, ColumnType)> {
    use ColumnType::{Boolean, Number, Text};
    use ScaleId::{Enablement, Importance, Orientation, Rating};
    let fixed = |cols: &[(&str, ColumnType)]| -> Vec<(String, ColumnType)> {
        cols.iter().map(|(c, t)| (c.to_string(), *t)).collect()
    };
    let scores = || aspects.iter().map(|a| (a.to_string(), Number(Rating)));
    let importance = || {
        aspects
            .iter()
            .map(|a| (format!("imp_{a}"), Number(Importance)))
    };
    match kind {
        FileKind::Customers => {
            let mut c = fixed(&[
                ("respondent_id", Text),
                ("department", Text),
                ("overall", Number(Rating)),
            ]);
            c.extend(scores());
            c.extend(importance());
            c.extend(fixed(&[
                ("complaint", Boolean),
                ("complaint_resolved", Boolean),
                ("complaint_score", Number(Rating)),
                ("complaint_repeat", Boolean),
                ("comment", Text),
            ]));
            c
        }
        FileKind::Employees => {
            let mut c = fixed(&[
                ("respondent_id", Text),
                ("department", Text),
                ("layer", Text),
                ("customer_contact", Boolean),
                ("overall", Number(Rating)),
            ]);
            c.extend(scores());
            c.extend(importance());
            c.extend(fixed(&[
                ("self_orientation", Number(Orientation)),
                ("department_orientation", Number(Orientation)),
                ("organization_orientation", Number(Orientation)),
            ]));
            c.extend(
                ENABLEMENT_ITEMS
                    .iter()
                    .map(|e| (e.to_string(), Number(Enablement))),
            );
            c.extend(fixed(&[
                ("complaint_score", Number(Rating)),
                ("frustrations", Text),
                ("strategies", Text),
            ]));
            c
        }
        FileKind::Interactions => fixed(&[
            ("interaction_id", Text),
            ("date", Text),
            ("department", Text),
            ("employee_id", Text),
            ("channel", Text),
            ("employee_rating", Number(Rating)),
            ("customer_rating", Number(Rating)),
        ]),
        FileKind::Mood => fixed(&[
            ("date", Text),
            ("department", Text),
            ("employee_id", Text),
            ("mood", Boolean),
        ]),
        FileKind::Complaints => fixed(&[
            ("complaint_id", Text),
            ("department", Text),
            ("category", Text),
            ("received", Text),
            ("resolved", Text),
            ("repeat_of", Text),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A required column is one of the canonical columns of its file.
    #[test]
    fn required_columns_are_canonical_columns() {
        for kind in FileKind::ALL {
            let header = header(kind, &["wachttijd"]);
            for c in kind.required_columns() {
                assert!(header.iter().any(|h| h == c), "{c} in {}", kind.file_name());
            }
        }
    }

    /// The columns that are not aspects, of customers and employees.
    fn fixed_columns() -> std::collections::BTreeSet<String> {
        [FileKind::Customers, FileKind::Employees]
            .into_iter()
            .flat_map(|k| header(k, &[]))
            .collect()
    }

    #[test]
    fn aspect_ids_may_not_shadow_a_column_of_the_format() {
        let reserved: std::collections::BTreeSet<String> = crate::config::RESERVED_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect();
        // ENABLEMENT_ITEMS are columns too; an aspect named like one is caught by the
        // duplicate-column check of the header.
        let fixed: std::collections::BTreeSet<String> = fixed_columns()
            .into_iter()
            .filter(|c| !ENABLEMENT_ITEMS.contains(&c.as_str()))
            .collect();
        assert_eq!(reserved, fixed);
    }

    #[test]
    fn the_data_format_page_names_every_column() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/data-format.md"),
        )
        .unwrap();
        for kind in FileKind::ALL {
            for column in header(kind, &[]) {
                assert!(
                    doc.contains(&format!("`{column}`")),
                    "docs/data-format.md does not name column `{column}` of {}",
                    kind.file_name()
                );
            }
        }
    }
}
