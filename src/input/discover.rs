//! Walk the data folder: organizations (folders with an `org.yaml`) and their waves
//! (subfolders), oldest wave first.
//!
//! What is found here becomes paths in the output folder, so it is checked here, once:
//! every organization, wave and department id follows the id rule of [`crate::config::ids`],
//! ids that collide (equal ignoring case) are an error naming both, duplicate department ids
//! are an error, `org.yaml` and `wave.yaml` are bounded in size and in the length of their
//! texts, and symbolic links are never followed: an organization with a link in its folder
//! (or a linked organization folder) fails with the link named, so no file from outside the
//! data folder — another client's, `/etc/passwd` — is ever read.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{Limits, ids};
use std::collections::BTreeMap;

use super::ingest::{FileKind, is_spss, locate, variable_labels};
use super::meta::{read_org_meta, read_wave_meta};
use crate::error::SourceError;
use crate::model::{OrgMeta, Organization, Wave, WaveMeta};

/// What was found in the data folder.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Organizations that could be read, sorted by id.
    pub organizations: Vec<Organization>,
    /// Organization folders that could not be read, with the reason.
    pub failures: Vec<(String, SourceError)>,
}

/// Find every organization below `data`, with the default [`Limits`].
pub fn discover(data: &Path) -> anyhow::Result<Discovery> {
    discover_limited(data, &Limits::default())
}

/// Find every organization below `data`; `org.yaml` and `wave.yaml` are bounded by `limits`.
pub fn discover_limited(data: &Path, limits: &Limits) -> anyhow::Result<Discovery> {
    if !data.is_dir() {
        anyhow::bail!("the data folder {} does not exist", data.display());
    }
    let mut found = Discovery::default();
    let org_dirs = WalkDir::new(data)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| (e.file_type().is_dir() || e.path_is_symlink()) && !is_hidden(e.path()));
    for entry in org_dirs {
        let entry = entry?;
        let id = entry.file_name().to_string_lossy().into_owned();
        if entry.path_is_symlink() {
            if entry.path().is_dir() {
                found.failures.push((id, symlink_error(entry.path())));
            }
            continue;
        }
        let result = ids::check_id("organization", &id)
            .map_err(|msg| SourceError::io(entry.path(), msg))
            .and_then(|()| read_organization(&id, entry.path(), limits));
        match result {
            Ok(org) => found.organizations.push(org),
            Err(e) => found.failures.push((ids::printable(&id), e)),
        }
    }
    // Two organizations whose ids differ only in case would share a folder on some file
    // systems (and look like one client to a reader): neither is built.
    let all: Vec<String> = found
        .organizations
        .iter()
        .map(|o| o.id.clone())
        .chain(found.failures.iter().map(|f| f.0.clone()))
        .collect();
    for (first, other) in ids::collisions(all.iter().map(String::as_str)) {
        for id in [first, other] {
            let message = format!(
                "organization ids '{first}' and '{other}' differ only in case; rename one of \
                 the folders"
            );
            if let Some(i) = found.organizations.iter().position(|o| o.id == id) {
                let org = found.organizations.remove(i);
                found
                    .failures
                    .push((id.to_string(), SourceError::io(&org.dir, message)));
            } else if let Some(f) = found.failures.iter_mut().find(|f| f.0 == id) {
                f.1 = SourceError::io(&data.join(id), message);
            }
        }
    }
    found.failures.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

fn symlink_error(path: &Path) -> SourceError {
    SourceError::io(
        path,
        "is a symbolic link; spiegel does not follow links in the data folder (they could \
         lead outside it): put the file or folder itself there",
    )
}

fn read_organization(id: &str, dir: &Path, limits: &Limits) -> Result<Organization, SourceError> {
    // No link anywhere in the organization's folder: everything read is really inside it.
    for entry in WalkDir::new(dir).min_depth(1).max_depth(3) {
        let entry = entry.map_err(|e| SourceError::io(dir, e.to_string()))?;
        if entry.path_is_symlink() {
            return Err(symlink_error(entry.path()));
        }
    }
    let meta_path = dir.join("org.yaml");
    check_yaml_size(&meta_path, limits)?;
    let meta = read_org_meta(&meta_path)?;
    check_org_meta(&meta_path, &meta, limits)?;
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
        let id = entry.file_name().to_string_lossy().into_owned();
        ids::check_id("wave", &id).map_err(|msg| SourceError::io(&wave_dir, msg))?;
        let wave_yaml = wave_dir.join("wave.yaml");
        let meta = if wave_yaml.exists() {
            check_yaml_size(&wave_yaml, limits)?;
            read_wave_meta(&wave_yaml)?
        } else {
            WaveMeta::default()
        };
        if let Some(label) = &meta.label {
            check_text(&wave_yaml, "label", label, limits)?;
        }
        waves.push(Wave {
            id,
            dir: wave_dir,
            meta,
        });
    }
    if let Some((first, other)) = ids::collisions(waves.iter().map(|w| w.id.as_str())).first() {
        return Err(SourceError::io(
            dir,
            format!("wave folders '{first}' and '{other}' differ only in case; rename one"),
        ));
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

/// Department ids become report folders: each follows the id rule, and no two are the same
/// (ignoring case). Texts are bounded.
fn check_org_meta(path: &Path, meta: &OrgMeta, limits: &Limits) -> Result<(), SourceError> {
    check_text(path, "name", &meta.name, limits)?;
    if let Some(am) = &meta.account_manager {
        check_text(path, "account_manager.name", &am.name, limits)?;
        if let Some(email) = &am.email {
            check_text(path, "account_manager.email", email, limits)?;
        }
    }
    for d in &meta.departments {
        ids::check_id("department", &d.id).map_err(|msg| SourceError::io(path, msg))?;
        check_text(path, "departments.name", &d.name, limits)?;
    }
    let dept_ids = meta.departments.iter().map(|d| d.id.as_str());
    if let Some((first, other)) = ids::collisions(dept_ids).first() {
        let message = if first == other {
            format!("department id '{first}' appears twice; each department needs its own id")
        } else {
            format!("department ids '{first}' and '{other}' differ only in case; rename one")
        };
        return Err(SourceError::io(path, message));
    }
    Ok(())
}

fn check_text(path: &Path, field: &str, text: &str, limits: &Limits) -> Result<(), SourceError> {
    let n = text.chars().count();
    if n > limits.yaml_text_chars {
        return Err(SourceError::io(
            path,
            format!(
                "{field} is {n} characters long; at most {} are allowed (limits.yaml_text_chars)",
                limits.yaml_text_chars
            ),
        ));
    }
    Ok(())
}

/// A YAML file larger than `limits.yaml_bytes` is refused before it is parsed.
fn check_yaml_size(path: &Path, limits: &Limits) -> Result<(), SourceError> {
    let size = std::fs::metadata(path)
        .map_err(|e| SourceError::io(path, format!("cannot read: {e}")))?
        .len();
    if size > limits.yaml_bytes {
        return Err(SourceError::io(
            path,
            format!(
                "the file is {size} bytes; at most {} are read (limits.yaml_bytes)",
                limits.yaml_bytes
            ),
        ));
    }
    Ok(())
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
    use crate::model::testing::write;

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

    #[test]
    fn ids_that_are_no_safe_path_component_fail_their_organization() {
        let tmp = tempfile::tempdir().unwrap();
        let dept = |id: &str| format!("name: X\ndepartments:\n  - {{ id: \"{id}\", name: D }}\n");
        for (org, yaml) in [
            ("traversal", dept("../../../other-org/2026-Q3")),
            ("dotdot", dept("..")),
            ("absolute", dept("/tmp/x")),
            (
                "twice",
                "name: X\ndepartments:\n  - { id: kc, name: A }\n  - { id: kc, name: B }\n".into(),
            ),
            (
                "case",
                "name: X\ndepartments:\n  - { id: kc, name: A }\n  - { id: KC, name: B }\n".into(),
            ),
        ] {
            write(&tmp.path().join(org).join("org.yaml"), &yaml);
            std::fs::create_dir_all(tmp.path().join(org).join("2026-Q1")).unwrap();
        }
        write(&tmp.path().join("bad wave/org.yaml"), "name: X\n");
        write(&tmp.path().join("okorg/org.yaml"), "name: X\n");
        std::fs::create_dir_all(tmp.path().join("okorg/2026 Q1")).unwrap();
        let d = discover(tmp.path()).unwrap();
        assert!(d.organizations.is_empty(), "{:?}", d.organizations);
        let all: Vec<String> = d
            .failures
            .iter()
            .map(|f| format!("{}: {}", f.0, f.1))
            .collect();
        let all = all.join("\n");
        for needle in [
            "department id '../../../other-org/2026-Q3' is not allowed",
            "department id '..' is not allowed",
            "department id '/tmp/x' is not allowed",
            "department id 'kc' appears twice",
            "department ids 'kc' and 'KC' differ only in case",
            "organization id 'bad wave' is not allowed",
            "wave id '2026 Q1' is not allowed",
        ] {
            assert!(all.contains(needle), "{needle} not in\n{all}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_and_name_the_link_not_the_content() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        write(&data.join("acme/org.yaml"), "name: Acme\n");
        std::fs::create_dir_all(data.join("acme/2026-Q1")).unwrap();
        write(&tmp.path().join("secret.csv"), "root:x:0:0\n");
        std::os::unix::fs::symlink(
            tmp.path().join("secret.csv"),
            data.join("acme/2026-Q1/customers.csv"),
        )
        .unwrap();
        write(&tmp.path().join("elsewhere/org.yaml"), "name: E\n");
        std::fs::create_dir_all(tmp.path().join("elsewhere/2026-Q1")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), data.join("linked")).unwrap();
        let d = discover(&data).unwrap();
        assert!(d.organizations.is_empty());
        let all: Vec<String> = d.failures.iter().map(|f| f.1.to_string()).collect();
        let all = all.join("\n");
        assert!(all.contains("customers.csv: is a symbolic link"), "{all}");
        assert!(all.contains("linked: is a symbolic link"), "{all}");
        assert!(!all.contains("root:x"), "{all}");
    }

    #[test]
    fn organizations_differing_only_in_case_both_fail_naming_each_other() {
        let tmp = tempfile::tempdir().unwrap();
        for org in ["Acme", "acme"] {
            write(&tmp.path().join(org).join("org.yaml"), "name: A\n");
            std::fs::create_dir_all(tmp.path().join(org).join("2026-Q1")).unwrap();
        }
        let d = discover(tmp.path()).unwrap();
        assert!(d.organizations.is_empty());
        assert_eq!(d.failures.len(), 2);
        for f in &d.failures {
            assert!(
                f.1.message
                    .contains("'Acme' and 'acme' differ only in case"),
                "{}",
                f.1
            );
        }
    }

    #[test]
    fn oversized_yaml_and_texts_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            &tmp.path().join("big/org.yaml"),
            &format!("name: X\naccount_manager: {}\n", "woord ".repeat(300_000)),
        );
        std::fs::create_dir_all(tmp.path().join("big/2026-Q1")).unwrap();
        write(
            &tmp.path().join("long/org.yaml"),
            &format!("name: {}\n", "x".repeat(300)),
        );
        std::fs::create_dir_all(tmp.path().join("long/2026-Q1")).unwrap();
        let d = discover(tmp.path()).unwrap();
        let all: Vec<String> = d.failures.iter().map(|f| f.1.to_string()).collect();
        let all = all.join("\n");
        assert!(all.contains("big/org.yaml: the file is"), "{all}");
        assert!(
            all.contains("long/org.yaml: name is 300 characters"),
            "{all}"
        );
    }
}
