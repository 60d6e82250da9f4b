//! Builders of small hand-made organizations, waves and respondents for the unit tests of
//! every layer above the model (one place to change when a model type gains a field).

use std::path::{Path, PathBuf};

use super::{CustomerResponse, EmployeeResponse, OrgMeta, Organization, Wave};

/// Write `text` to `path`, creating its folders: for data folders made up by a test.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The name of the last component of `dir`, as discovery names an organization or wave.
fn folder_name(dir: &str) -> String {
    PathBuf::from(dir)
        .file_name()
        .unwrap_or_else(|| panic!("{dir:?} names no folder"))
        .to_string_lossy()
        .into_owned()
}

/// The organization `name` in the folder `dir` (its id the folder's name): Dutch, no
/// departments, no waves, every other `org.yaml` setting at its default.
pub fn organization(dir: &str, name: &str) -> Organization {
    Organization {
        id: folder_name(dir),
        dir: PathBuf::from(dir),
        meta: OrgMeta {
            name: name.into(),
            language: Default::default(),
            account_manager: None,
            departments: vec![],
            ingest: Default::default(),
            brand: Default::default(),
            questionnaire: Default::default(),
            weights: None,
        },
        waves: vec![],
    }
}

/// The wave in the folder `dir` (its id the folder's name), without `wave.yaml`.
pub fn wave(dir: &str) -> Wave {
    Wave {
        id: folder_name(dir),
        dir: PathBuf::from(dir),
        meta: Default::default(),
    }
}

/// A customer with an overall grade and a score and importance on each of two aspects.
pub fn customer(id: &str, overall: f64, scores: [f64; 2], imp: [f64; 2]) -> CustomerResponse {
    CustomerResponse {
        respondent_id: id.into(),
        overall: Some(overall),
        scores: scores.map(Some).to_vec(),
        importance: imp.map(Some).to_vec(),
        ..Default::default()
    }
}

/// An employee of `layer` predicting the overall grade (when given) and a score and
/// importance on each of two aspects.
pub fn employee(
    id: &str,
    layer: usize,
    overall: Option<f64>,
    scores: [f64; 2],
    imp: [f64; 2],
) -> EmployeeResponse {
    EmployeeResponse {
        respondent_id: id.into(),
        layer,
        overall,
        scores: scores.map(Some).to_vec(),
        importance: imp.map(Some).to_vec(),
        ..Default::default()
    }
}
