//! Walk the data folder: organizations (folders with an `org.yaml`) and their waves
//! (subfolders), oldest wave first.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use std::collections::BTreeMap;

use super::ingest::{FileKind, is_spss, locate, variable_labels};
use super::meta::{read_org_meta, read_wave_meta};
use crate::error::SourceError;
use crate::model::{Organization, Wave, WaveMeta};

/// What was found in the data folder.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Organizations that could be read, sorted by id.
    pub organizations: Vec<Organization>,
    /// Organization folders that could not be read, with the reason.
    pub failures: Vec<(String, SourceError)>,
}

/// Find every organization below `data`.
pub fn discover(data: &Path) -> anyhow::Result<Discovery> {
    if !data.is_dir() {
        anyhow::bail!("the data folder {} does not exist", data.display());
    }
    let mut found = Discovery::default();
    let org_dirs = WalkDir::new(data)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_type().is_dir() && !is_hidden(e.path()));
    for entry in org_dirs {
        let entry = entry?;
        let id = entry.file_name().to_string_lossy().into_owned();
        match read_organization(&id, entry.path()) {
            Ok(org) => found.organizations.push(org),
            Err(e) => found.failures.push((id, e)),
        }
    }
    Ok(found)
}

fn read_organization(id: &str, dir: &Path) -> Result<Organization, SourceError> {
    let meta_path = dir.join("org.yaml");
    let meta = read_org_meta(&meta_path)?;
    let mut waves = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| SourceError::io(dir, e.to_string()))?;
        if !entry.file_type().is_dir() || is_hidden(entry.path()) {
            continue;
        }
        let wave_dir = entry.path().to_path_buf();
        let wave_yaml = wave_dir.join("wave.yaml");
        let meta = if wave_yaml.exists() {
            read_wave_meta(&wave_yaml)?
        } else {
            WaveMeta::default()
        };
        let id = entry.file_name().to_string_lossy().into_owned();
        waves.push(Wave {
            id,
            dir: wave_dir,
            meta,
        });
    }
    waves.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if waves.is_empty() {
        return Err(SourceError::io(dir, "the organization has no wave folders"));
    }
    let mut meta = meta;
    meta.questionnaire.variable_labels = spss_variable_labels(&waves);
    Ok(Organization {
        id: id.to_string(),
        dir: PathBuf::from(dir),
        meta,
        waves,
    })
}

/// The variable labels of the newest wave's SPSS customers (else employees) file: default
/// aspect labels. A file that cannot be read gives none here; reading the wave reports it.
fn spss_variable_labels(waves: &[Wave]) -> BTreeMap<String, String> {
    for wave in waves.iter().rev() {
        for kind in [FileKind::Customers, FileKind::Employees] {
            if let Ok(Some(path)) = locate(&wave.dir, kind)
                && is_spss(&path)
            {
                return variable_labels(&path)
                    .map(|l| l.into_iter().collect())
                    .unwrap_or_default();
            }
        }
    }
    BTreeMap::new()
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn waves_are_ordered_by_fieldwork_date_then_id() {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("acme");
        write(&org.join("org.yaml"), "name: Acme\n");
        write(
            &org.join("b-late/wave.yaml"),
            "fieldwork: { start: 2026-09-01, end: 2026-09-20 }\n",
        );
        write(
            &org.join("a-early/wave.yaml"),
            "fieldwork: { start: 2026-03-01, end: 2026-03-20 }\n",
        );
        std::fs::create_dir_all(org.join("2026-Q1")).unwrap();
        let d = discover(tmp.path()).unwrap();
        let ids: Vec<_> = d.organizations[0]
            .waves
            .iter()
            .map(|w| w.id.as_str())
            .collect();
        // A wave without a date sorts before dated ones (None < Some), then by id.
        assert_eq!(ids, ["2026-Q1", "a-early", "b-late"]);
    }

    #[test]
    fn broken_org_yaml_is_reported_and_others_are_found() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("good/org.yaml"), "name: Good\n");
        std::fs::create_dir_all(tmp.path().join("good/2026-Q1")).unwrap();
        write(&tmp.path().join("bad/org.yaml"), "name: Bad\ncolour: red\n");
        let d = discover(tmp.path()).unwrap();
        assert_eq!(d.organizations.len(), 1);
        assert_eq!(d.failures.len(), 1);
        let msg = d.failures[0].1.to_string();
        assert!(msg.contains("org.yaml:2:1"), "{msg}");
    }
}
