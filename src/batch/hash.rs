//! Fingerprints for incremental runs: blake3 hashes of everything a report is made from.
//!
//! A report is rebuilt when any of five things changed since it was built:
//!
//! | part        | what is hashed                                                          |
//! |-------------|-------------------------------------------------------------------------|
//! | `data`      | every file below `data/<org>/` (relative path, length, bytes), sorted   |
//! | `config`    | the parsed configuration, as sorted JSON, without `paths.output`,       |
//! |             | `typst.timeout` and `limits.max_pages` (they change no report)          |
//! | `templates` | the bytes of every template and translation table built into the binary |
//! | `fonts`     | the bytes of the bundled fonts                                          |
//! | `program`   | spiegel's version, the pinned typst version and the executable's bytes  |
//!
//! The configuration is hashed after parsing, so a comment or re-indentation in the YAML
//! does not rebuild anything, while any setting that reaches a report does. Hashing the
//! executable makes every new build of spiegel a new program: code changes alter reports
//! without a version bump, and a nightly job after a deploy must not keep stale reports.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::batch::json::json_bytes;
use crate::config::Config;
use crate::report::assets;

include!(concat!(env!("OUT_DIR"), "/template_files.rs"));

/// The hashes of the five parts (hex), for one organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// The organization's data folder.
    pub data: String,
    /// The configuration.
    pub config: String,
    /// The built-in templates and translation tables.
    pub templates: String,
    /// The built-in fonts.
    pub fonts: String,
    /// spiegel and typst.
    pub program: String,
}

impl Fingerprint {
    /// One hash over all parts: the `input_hash` of the manifest.
    pub fn combined(&self) -> String {
        let mut h = blake3::Hasher::new();
        for part in self.parts() {
            h.update(part.1.as_bytes());
            h.update(b"\n");
        }
        h.finalize().to_hex().to_string()
    }

    /// The names of the parts that differ from `old`, in table order.
    pub fn changed_since(&self, old: &Fingerprint) -> Vec<&'static str> {
        self.parts()
            .iter()
            .zip(old.parts())
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, _)| a.0)
            .collect()
    }

    fn parts(&self) -> [(&'static str, &str); 5] {
        [
            ("data", &self.data),
            ("config", &self.config),
            ("templates", &self.templates),
            ("fonts", &self.fonts),
            ("program", &self.program),
        ]
    }
}

/// The parts shared by every organization of a run, computed once.
#[derive(Debug, Clone)]
pub struct Common {
    config: String,
    templates: String,
    fonts: String,
    program: String,
}

impl Common {
    /// Hash the configuration, templates, fonts and program.
    pub fn compute(config: &Config) -> anyhow::Result<Common> {
        let mut config = config.clone();
        // Where the reports go, how long typst may take and how many pages are accepted do
        // not change what is in them.
        config.paths.output = Default::default();
        config.typst.timeout = crate::config::TypstSettings::default().timeout;
        config.limits.max_pages = crate::config::Limits::default().max_pages;
        let config = blake3::hash(&json_bytes(&config)?).to_hex().to_string();
        Ok(Common {
            config,
            templates: hash_named(TEMPLATE_FILES),
            fonts: hash_named(assets::FONTS),
            program: program_hash()?,
        })
    }

    /// The fingerprint of an organization whose data hashes to `data`.
    pub fn with_data(&self, data: String) -> Fingerprint {
        Fingerprint {
            data,
            config: self.config.clone(),
            templates: self.templates.clone(),
            fonts: self.fonts.clone(),
            program: self.program.clone(),
        }
    }
}

fn hash_named(files: &[(&str, &[u8])]) -> String {
    let mut h = blake3::Hasher::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize().to_hex().to_string()
}

fn program_hash() -> anyhow::Result<String> {
    let mut h = blake3::Hasher::new();
    h.update(concat!("spiegel ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
    h.update(format!("typst {}\n", crate::report::typst::TYPST_VERSION).as_bytes());
    let exe = std::env::current_exe().context("finding the spiegel executable")?;
    let mut file =
        std::fs::File::open(&exe).with_context(|| format!("reading {}", exe.display()))?;
    std::io::copy(&mut file, &mut h).with_context(|| format!("reading {}", exe.display()))?;
    Ok(h.finalize().to_hex().to_string())
}

/// Hash every file below an organization's folder: relative path, length and bytes, in
/// sorted order. Hidden files and folders (`.git`, `.DS_Store`) are left out, as discovery
/// leaves them out. Files are streamed through the hasher, never held whole in memory; a
/// symbolic link is hashed as its target path (discovery refuses organizations with links).
pub fn org_data(dir: &Path) -> anyhow::Result<String> {
    let mut h = blake3::Hasher::new();
    let walk = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            h.update(b"link\0");
            h.update(name.as_bytes());
            h.update(b"\0");
            h.update(target.to_string_lossy().as_bytes());
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let mut file = std::fs::File::open(entry.path())
            .with_context(|| format!("reading {}", entry.path().display()))?;
        let len = file
            .metadata()
            .with_context(|| format!("reading {}", entry.path().display()))?
            .len();
        h.update(name.as_bytes());
        h.update(b"\0");
        h.update(&len.to_le_bytes());
        // Exactly `len` bytes: a file growing while it is read cannot shift the next entry.
        let copied = std::io::copy(&mut (&mut file).take(len), &mut h)
            .with_context(|| format!("reading {}", entry.path().display()))?;
        if copied != len {
            anyhow::bail!("{} changed while it was read", entry.path().display());
        }
    }
    Ok(h.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Fingerprint {
        Fingerprint {
            data: "d".into(),
            config: "c".into(),
            templates: "t".into(),
            fonts: "f".into(),
            program: "p".into(),
        }
    }

    #[test]
    fn every_part_changes_the_combined_hash_and_is_named() {
        let base = fp();
        for part in ["data", "config", "templates", "fonts", "program"] {
            let mut other = fp();
            match part {
                "data" => other.data = "x".into(),
                "config" => other.config = "x".into(),
                "templates" => other.templates = "x".into(),
                "fonts" => other.fonts = "x".into(),
                _ => other.program = "x".into(),
            }
            assert_ne!(base.combined(), other.combined(), "{part}");
            assert_eq!(other.changed_since(&base), [part]);
        }
        assert!(fp().changed_since(&base).is_empty());
    }

    #[test]
    fn templates_include_the_report_and_the_translation_tables() {
        let names: Vec<&str> = TEMPLATE_FILES.iter().map(|f| f.0).collect();
        for name in ["report.typ", "lang/nl.yaml", "lang/en.yaml"] {
            assert!(names.contains(&name), "{name} not embedded: {names:?}");
        }
        let report = TEMPLATE_FILES.iter().find(|f| f.0 == "report.typ").unwrap();
        assert_eq!(report.1, assets::REPORT_TEMPLATE.1.as_bytes());
    }

    #[test]
    fn data_hash_sees_content_and_names_but_not_hidden_files() {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path();
        std::fs::create_dir_all(org.join("2026-Q1")).unwrap();
        std::fs::write(org.join("org.yaml"), "name: A\n").unwrap();
        std::fs::write(org.join("2026-Q1/customers.csv"), "a\n1\n").unwrap();
        let first = org_data(org).unwrap();
        std::fs::write(org.join(".DS_Store"), "junk").unwrap();
        assert_eq!(org_data(org).unwrap(), first);
        std::fs::write(org.join("2026-Q1/customers.csv"), "a\n2\n").unwrap();
        let changed = org_data(org).unwrap();
        assert_ne!(changed, first);
        std::fs::rename(
            org.join("2026-Q1/customers.csv"),
            org.join("2026-Q1/employees.csv"),
        )
        .unwrap();
        assert_ne!(org_data(org).unwrap(), changed);
    }
}
