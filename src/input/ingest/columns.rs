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

/// The canonical columns of `kind`, in the order docs/data-format.md lists them.
pub fn canonical_columns(kind: FileKind, config: &Config) -> Vec<(String, ColumnType)> {
    use ColumnType::{Boolean, Number, Text};
    use ScaleId::{Enablement, Importance, Orientation, Rating};
    let fixed = |cols: &[(&str, ColumnType)]| -> Vec<(String, ColumnType)> {
        cols.iter().map(|(c, t)| (c.to_string(), *t)).collect()
    };
    let aspects = &config.questionnaire.aspects;
    let scores = || aspects.iter().map(|a| (a.id.clone(), Number(Rating)));
    let importance = || {
        aspects
            .iter()
            .map(|a| (format!("imp_{}", a.id), Number(Importance)))
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
