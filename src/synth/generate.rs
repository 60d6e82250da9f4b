//! Deterministic synthetic survey data with planted effects (`spiegel generate`).
//!
//! Writes the canonical input format (docs/data-format.md) for any number of organizations and waves:
//! `<out>/<org-id>/org.yaml` and per wave `wave.yaml`, `customers.csv`, `employees.csv`,
//! `interactions.csv`, `mood.csv` and `complaints.csv`.
//!
//! The same seed and options give byte-identical files on every platform: the random numbers
//! come from a small PRNG in this module (the `rng` submodule), every organization draws from streams
//! derived from `(seed, organization index, wave, purpose)`, so generating 1000 organizations
//! starts with exactly the files of generating 3, and changing one count (say, customers per
//! wave) does not reshuffle anything else.
//!
//! The planted effects are what the reports must find (docs/definitions.md, and the articles the product is based on):
//! staff overestimate `afspraken_nakomen` (blind spot) and underestimate `inleving` and the other
//! human aspects (hidden strength); customers find the human aspects most important while
//! management and board think `privacy` and `afspraken_nakomen` matter most (misplaced
//! priority); the frontline knows the customer best and the board least; orientation falls from
//! self to department to organization; one weak enablement item per organization; complaint
//! handling around the 5.9 benchmark; employees rate interactions higher than customers; daily
//! mood around 75% happy; and an overall grade that is driven by the aspects (human ones weigh
//! most) and follows a per-organization trend over the waves.
//!
//! The bundled sample in `data/` is [`SAMPLE_COMMAND`]; `examples/generate_sample.rs` produces
//! it with [`sample_options`] and the questionnaire of `config/spiegel.yaml`.
mod calendar;
mod cells;
mod customers;
mod employees;
mod logs;
mod options;
mod org;
mod profile;
mod rng;
mod text;
mod yaml;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use self::options::validate;
pub use self::options::{
    GenerateOptions, GenerateReport, Questionnaire, SAMPLE_COMMAND, sample_options,
};
use self::org::{Org, layer_models};
use self::profile::AspectProfile;
pub use self::profile::{Effect, Scenario};

/// Writes `opts.orgs` organizations with `opts.waves` waves each under `out` (created when
/// missing; existing files of the same names are overwritten, nothing else is removed).
pub fn generate(q: &Questionnaire, opts: &GenerateOptions, out: &Path) -> Result<GenerateReport> {
    validate(q, opts)?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let aspects: Vec<AspectProfile> = q.aspects.iter().map(|a| AspectProfile::for_id(a)).collect();
    let layers = layer_models(q.layers);
    let mut report = GenerateReport {
        waves: opts.waves,
        ..GenerateReport::default()
    };
    let mut taken = BTreeSet::new();
    for index in 0..opts.orgs {
        let profile = match opts.scenario {
            Scenario::Realistic => profile::org_profile(index, opts.seed, &mut taken),
            scenario => profile::calibration_profile(index, opts.seed, scenario, &mut taken),
        };
        let org = Org::new(index, profile, &aspects, &layers, opts);
        org.write(q, &mut report, out)?;
        report.organizations += 1;
    }
    Ok(report)
}
/// Random-stream purposes (the last part of a derived seed).
mod stream {
    pub const ORG_DETAIL: u64 = 3;
    pub const WAVE: u64 = 10;
    pub const CUSTOMERS: u64 = 11;
    pub const EMPLOYEES: u64 = 12;
    pub const INTERACTIONS: u64 = 13;
    pub const MOOD: u64 = 14;
    pub const COMPLAINTS: u64 = 15;
    /// Organization-level streams use this in the wave slot.
    pub const NO_WAVE: u64 = u64::MAX;
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::sync::LazyLock;

    use crate::config::Config;

    /// The shipped configuration, whose questionnaire `spiegel generate` writes by default.
    static SHIPPED: LazyLock<Config> =
        LazyLock::new(|| Config::load(Path::new("config/spiegel.yaml")).unwrap());
    static ASPECTS: LazyLock<Vec<&str>> = LazyLock::new(|| SHIPPED.aspect_ids());
    static LAYERS: LazyLock<Vec<&str>> = LazyLock::new(|| SHIPPED.layer_ids());

    fn questionnaire() -> Questionnaire<'static> {
        Questionnaire {
            aspects: &ASPECTS,
            layers: &LAYERS,
        }
    }

    fn small(orgs: usize) -> GenerateOptions {
        GenerateOptions {
            orgs,
            waves: 2,
            seed: 7,
            customers_per_wave: 40,
            employees_per_wave: 20,
            interactions_per_wave: 30,
            mood_days: 5,
            scenario: Scenario::Realistic,
        }
    }

    /// All files under `dir`, relative path → bytes.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path.strip_prefix(root).unwrap().to_path_buf();
                    out.insert(rel, fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(dir, dir, &mut out);
        out
    }

    #[test]
    fn same_seed_gives_identical_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let ra = generate(&questionnaire(), &small(4), a.path()).unwrap();
        generate(&questionnaire(), &small(4), b.path()).unwrap();
        let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
        assert_eq!(sa.len(), ra.files);
        assert_eq!(ra.files, 4 * (1 + 2 * 6));
        assert!(sa == sb, "two runs with seed 7 differ");

        let c = tempfile::tempdir().unwrap();
        let other = GenerateOptions {
            seed: 8,
            ..small(4)
        };
        generate(&questionnaire(), &other, c.path()).unwrap();
        assert!(
            snapshot(c.path()) != sa,
            "seed 8 gave the same data as seed 7"
        );
    }

    #[test]
    fn more_organizations_extend_fewer_without_changing_them() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&questionnaire(), &small(2), a.path()).unwrap();
        generate(&questionnaire(), &small(5), b.path()).unwrap();
        let (few, many) = (snapshot(a.path()), snapshot(b.path()));
        for (path, bytes) in &few {
            assert_eq!(many.get(path), Some(bytes), "{} changed", path.display());
        }
        assert!(many.len() > few.len());
    }

    #[test]
    fn csv_headers_match_the_canonical_format() {
        let dir = tempfile::tempdir().unwrap();
        let q = Questionnaire {
            aspects: &["afspraken_nakomen", "inleving"],
            layers: &LAYERS,
        };
        generate(&q, &small(1), dir.path()).unwrap();
        let wave = dir.path().join("woonstichting-de-linie").join("2026-Q3");
        let header = |file: &str| {
            let text = fs::read_to_string(wave.join(file)).unwrap();
            text.lines().next().unwrap().to_string()
        };
        assert_eq!(
            header("customers.csv"),
            "respondent_id,department,overall,afspraken_nakomen,inleving,\
             imp_afspraken_nakomen,imp_inleving,complaint,complaint_resolved,complaint_score,\
             complaint_repeat,comment"
        );
        assert_eq!(
            header("employees.csv"),
            "respondent_id,department,layer,customer_contact,overall,afspraken_nakomen,inleving,\
             imp_afspraken_nakomen,imp_inleving,self_orientation,department_orientation,\
             organization_orientation,enable_tools,enable_training,enable_processes,\
             enable_information,enable_support,complaint_score,frustrations,strategies"
        );
        assert_eq!(
            header("interactions.csv"),
            "interaction_id,date,department,employee_id,channel,employee_rating,customer_rating"
        );
        assert_eq!(header("mood.csv"), "date,department,employee_id,mood");
        assert_eq!(
            header("complaints.csv"),
            "complaint_id,department,category,received,resolved,repeat_of"
        );
        let wave_yaml = fs::read_to_string(wave.join("wave.yaml")).unwrap();
        assert!(wave_yaml.starts_with("label: \"Najaar 2026\"\nfieldwork: { start: 2026-09-"));
        assert!(dir.path().join("woonstichting-de-linie/2026-Q2").is_dir());
    }

    /// Mean of a numeric column over non-empty cells.
    fn column_mean(path: &Path, column: &str) -> (f64, usize) {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let idx = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == column)
            .unwrap();
        let values: Vec<f64> = reader
            .records()
            .filter_map(|r| r.unwrap().get(idx).and_then(|v| v.parse().ok()))
            .collect();
        (
            values.iter().sum::<f64>() / values.len() as f64,
            values.len(),
        )
    }

    #[test]
    fn staff_overestimate_keeping_appointments_and_underestimate_empathy() {
        let dir = tempfile::tempdir().unwrap();
        let opts = GenerateOptions {
            orgs: 3,
            waves: 1,
            ..GenerateOptions::default()
        };
        generate(&questionnaire(), &opts, dir.path()).unwrap();
        for org in [
            "woonstichting-de-linie",
            "gemeente-zuiderveen",
            "zorgverzekeraar-anker",
        ] {
            let wave = dir.path().join(org).join("2026-Q3");
            let gap = |aspect: &str| {
                let (staff, ns) = column_mean(&wave.join("employees.csv"), aspect);
                let (customers, nc) = column_mean(&wave.join("customers.csv"), aspect);
                assert!(ns >= 40 && nc >= 150, "{org}: too few answers");
                staff - customers
            };
            let blind_spot = gap("afspraken_nakomen");
            assert!(
                (0.8..=2.0).contains(&blind_spot),
                "{org}: afspraken_nakomen gap {blind_spot:.2}"
            );
            let hidden_strength = gap("inleving");
            assert!(
                hidden_strength < -0.4,
                "{org}: inleving gap {hidden_strength:.2}"
            );
        }
    }

    #[test]
    fn any_questionnaire_works_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let q = Questionnaire {
            aspects: &["snelheid", "meedenken"],
            layers: &["balie", "staf"],
        };
        let report = generate(&q, &small(4), dir.path()).unwrap();
        assert_eq!(report.organizations, 4);
        let empty = Questionnaire {
            aspects: &[],
            layers: &["frontline"],
        };
        generate(&empty, &small(1), dir.path()).unwrap();

        let twice = Questionnaire {
            aspects: &["inleving", "inleving"],
            layers: &LAYERS,
        };
        assert!(generate(&twice, &small(1), dir.path()).is_err());
        let clash = Questionnaire {
            aspects: &["comment"],
            layers: &LAYERS,
        };
        assert!(generate(&clash, &small(1), dir.path()).is_err());
        let no_layers = Questionnaire {
            aspects: &ASPECTS,
            layers: &[],
        };
        assert!(generate(&no_layers, &small(1), dir.path()).is_err());
        let no_waves = GenerateOptions {
            waves: 0,
            ..small(1)
        };
        assert!(generate(&questionnaire(), &no_waves, dir.path()).is_err());
    }
}
