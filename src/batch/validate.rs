//! `spiegel validate`: read the configuration and every wave of every organization, collect
//! each problem with file, line and column, render nothing.
//!
//! What counts as a problem is exactly what a run would report: organization folders that
//! cannot be read (`org.yaml`, `wave.yaml`, no waves), files that stop an organization
//! (missing file or required column) and every data finding (out-of-range value, unknown
//! department or layer, duplicate respondent, ...), which a run handles by its policy.

use rayon::prelude::*;

use crate::config::Config;
use crate::input::ingest::read_wave;

/// What `validate` found.
#[derive(Debug, Default)]
pub struct Validation {
    /// Organizations found (readable or not).
    pub organizations: usize,
    /// Waves read.
    pub waves: usize,
    /// Every problem as `file:line:column: message`, organizations in id order, then waves
    /// oldest first, then files and lines in order.
    pub problems: Vec<String>,
}

impl Validation {
    /// One line for the end of the output.
    pub fn summary(&self) -> String {
        format!(
            "{} organization(s), {} wave(s) checked: {} problem(s)",
            self.organizations,
            self.waves,
            self.problems.len()
        )
    }
}

/// Check all data of `config.paths.data`. `Err` only when the data folder cannot be read at
/// all.
pub fn validate(config: &Config) -> anyhow::Result<Validation> {
    let found = crate::input::discover::discover_limited(&config.paths.data, &config.limits)?;
    let mut per_org: Vec<(String, Vec<String>, usize)> = found
        .failures
        .iter()
        .map(|(id, e)| (id.clone(), vec![e.to_string()], 0))
        .collect();
    per_org.par_extend(found.organizations.par_iter().map(|org| {
        let mut problems = Vec::new();
        let config = match org.config(config) {
            Ok(c) => c,
            Err(e) => return (org.id.clone(), vec![e.to_string()], org.waves.len()),
        };
        for wave in &org.waves {
            match read_wave(&config, org, wave) {
                Ok(data) => problems.extend(data.quality.findings.iter().map(|f| f.to_string())),
                Err(e) => problems.push(e.to_string()),
            }
        }
        (org.id.clone(), problems, org.waves.len())
    }));
    per_org.sort_by(|a, b| a.0.cmp(&b.0));
    let mut problems: Vec<String> = Vec::new();
    // A run would refuse to start: the output folder overlaps the data.
    if let Err(e) = crate::batch::paths::check_separate(&config.paths.data, &config.paths.output) {
        problems.push(format!("paths.output: {e}"));
    }
    problems.extend(per_org.iter().flat_map(|o| o.1.iter().cloned()));
    Ok(Validation {
        organizations: per_org.len(),
        waves: per_org.iter().map(|o| o.2).sum(),
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::write;
    use std::path::Path;

    fn config(data: &Path) -> Config {
        let mut c = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        c.paths.data = data.to_path_buf();
        c.paths.output = data.with_file_name("validate-out");
        c
    }

    #[test]
    fn every_problem_names_file_line_and_column() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path();
        write(&data.join("bad-yaml/org.yaml"), "name: X\ncolour: red\n");
        write(&data.join("good/org.yaml"), "name: Good\n");
        write(
            &data.join("good/2026-Q1/customers.csv"),
            "respondent_id,overall\nc1,7\nc2,11\nc1,6\n",
        );
        write(
            &data.join("good/2026-Q1/employees.csv"),
            "respondent_id,layer\ne1,frontline\ne2,janitor\n",
        );
        write(&data.join("no-files/org.yaml"), "name: Empty\n");
        std::fs::create_dir_all(data.join("no-files/2026-Q1")).unwrap();
        let v = validate(&config(data)).unwrap();
        assert_eq!(v.organizations, 3);
        let all = v.problems.join("\n");
        assert!(all.contains("bad-yaml/org.yaml:2:1:"), "{all}");
        assert!(all.contains("customers.csv:3:2:"), "out of range: {all}");
        assert!(all.contains("customers.csv:4:"), "duplicate: {all}");
        assert!(all.contains("employees.csv:3:"), "unknown layer: {all}");
        assert!(all.contains("no-files/2026-Q1/customers.csv"), "{all}");
        // Organizations in id order.
        let first = |needle: &str| all.find(needle).unwrap();
        assert!(first("bad-yaml") < first("good/") && first("good/") < first("no-files"));
    }

    #[test]
    fn clean_data_has_no_problems() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("a/org.yaml"), "name: A\n");
        write(
            &tmp.path().join("a/2026-Q1/customers.csv"),
            "respondent_id,overall\nc1,7\n",
        );
        write(
            &tmp.path().join("a/2026-Q1/employees.csv"),
            "respondent_id,layer\ne1,frontline\n",
        );
        let v = validate(&config(tmp.path())).unwrap();
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!((v.organizations, v.waves), (1, 1));
    }
}
