//! `spiegel init`: a commented configuration and one example organization for a new agency,
//! so that a first `spiegel validate` and `spiegel run` work before any client data exists.
//! Nothing is overwritten: when one of the files exists, nothing is written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::config::{Config, Language};
use crate::error::Hinted;
use crate::input::ingest::{ColumnType, FileKind, canonical_columns};

const CONFIG: &str = include_str!("init/spiegel.yaml");
const ORG: &str = include_str!("init/org.yaml");

/// Arguments of `spiegel init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write into (default: the current folder).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Report language of the example organization: `nl` or `en`.
    #[arg(long, default_value = "nl", value_parser = parse_language)]
    language: Language,
}

/// Write the files and say what was written and what to do next.
pub fn run(args: InitArgs) -> anyhow::Result<u8> {
    for path in init(&args.dir, args.language)? {
        println!("wrote {}", path.display());
    }
    println!(
        "next: `spiegel validate`, then `spiegel run` (in {})",
        args.dir.display()
    );
    Ok(0)
}

fn parse_language(s: &str) -> Result<Language, String> {
    match s.to_ascii_lowercase().as_str() {
        "nl" | "nederlands" | "dutch" => Ok(Language::Nl),
        "en" | "engels" | "english" => Ok(Language::En),
        _ => Err(format!("'{s}' is not a report language; expected nl or en")),
    }
}

/// What `init` writes, per language.
struct Example {
    agency: &'static str,
    folder: &'static str,
    name: &'static str,
    account_manager: &'static str,
    wave_label: &'static str,
    comments: [&'static str; 4],
}

fn example(language: Language) -> Example {
    match language {
        Language::Nl => Example {
            agency: "Uw Onderzoeksbureau B.V.",
            folder: "voorbeeldgemeente",
            name: "Gemeente Voorbeeld",
            account_manager: "Sanne de Vries",
            wave_label: "Voorjaar 2026",
            comments: [
                "Vriendelijk geholpen, maar het duurde lang.",
                "Ik moest drie keer bellen voordat iemand terugbelde.",
                "Duidelijke uitleg aan de balie.",
                "",
            ],
        },
        Language::En => Example {
            agency: "Your Research Agency Ltd",
            folder: "example-council",
            name: "Example Council",
            account_manager: "Sam Taylor",
            wave_label: "Spring 2026",
            comments: [
                "Friendly help, but it took long.",
                "I had to call three times before anyone called back.",
                "Clear explanation at the desk.",
                "",
            ],
        },
    }
}

/// Write the configuration (`config/spiegel.yaml`) and an example organization with one
/// wave under `dir`; returns the files written. Fails, writing nothing, when one exists.
pub fn init(dir: &Path, language: Language) -> anyhow::Result<Vec<PathBuf>> {
    let ex = example(language);
    let config_text = CONFIG
        .replace("{agency}", ex.agency)
        .replace("{example}", ex.folder);
    let config = Config::parse(Path::new("config/spiegel.yaml"), &config_text)?;
    let org_text = ORG
        .replace("{example}", ex.folder)
        .replace("{name}", ex.name)
        .replace("{language}", language.code())
        .replace("{account_manager}", ex.account_manager);
    let wave = format!(
        "label: \"{}\"\nfieldwork: {{ start: 2026-03-02, end: 2026-03-27 }}\n",
        ex.wave_label
    );
    let org_dir = Path::new("data").join(ex.folder);
    let files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from("config/spiegel.yaml"), config_text.clone()),
        (org_dir.join("org.yaml"), org_text),
        (org_dir.join("2026-Q1/wave.yaml"), wave),
        (
            org_dir.join("2026-Q1/customers.csv"),
            example_csv(&config, FileKind::Customers, 40, &ex),
        ),
        (
            org_dir.join("2026-Q1/employees.csv"),
            example_csv(&config, FileKind::Employees, 16, &ex),
        ),
    ];
    let existing: Vec<String> = files
        .iter()
        .map(|(p, _)| dir.join(p))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Hinted::new(
            format!("not overwriting {}", existing.join(", ")),
            "spiegel init only starts a new folder; run it in an empty folder, or move those files",
        )
        .into());
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // create_new: a file that appeared since the check is still not overwritten.
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        f.write_all(text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// A small example file of `kind` with `n` rows, its columns from the data format itself.
fn example_csv(config: &Config, kind: FileKind, n: usize, ex: &Example) -> String {
    let columns = canonical_columns(kind, config);
    let mut out = String::new();
    let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
    out.push_str(&names.join(","));
    out.push('\n');
    let layers = config.layer_ids();
    for i in 0..n {
        let complained = kind == FileKind::Customers && i % 5 == 1;
        let cells: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(k, (name, ty))| match (name.as_str(), ty) {
                ("respondent_id", _) => match kind {
                    FileKind::Customers => format!("K{:03}", i + 1),
                    _ => format!("M{:03}", i + 1),
                },
                ("department", _) => ["Klantcontactcentrum", "burgerzaken"][i % 2].to_string(),
                // Half the staff in the frontline, the rest spread over the other layers.
                ("layer", _) => {
                    let l = if i % 2 == 0 {
                        0
                    } else {
                        1 + (i / 2) % (layers.len() - 1)
                    };
                    layers[l].to_string()
                }
                ("comment", _) => csv_text(ex.comments[i % ex.comments.len()]),
                (c, _) if c.starts_with("complaint_") && kind == FileKind::Customers => {
                    match (complained, c) {
                        (false, _) => String::new(),
                        (true, "complaint_score") => (3 + i % 5).to_string(),
                        (true, _) => ["ja", "nee"][i % 2].to_string(),
                    }
                }
                ("complaint", _) => if complained { "ja" } else { "nee" }.to_string(),
                (_, ColumnType::Boolean) => ["ja", "nee"][(i + k) % 2].to_string(),
                (_, ColumnType::Number(scale)) => {
                    let s = scale.of(&config.scales);
                    let span = (s.max - s.min) as usize;
                    // Mostly the upper half of the scale, a spread that differs per column.
                    let x = s.min as usize + span / 2 + (i * 7 + k * 5) % (span / 2 + 1);
                    x.to_string()
                }
                (_, ColumnType::Text) => String::new(),
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join(","));
    }
    out
}

fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_validates_cleanly_and_init_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let written = init(tmp.path(), Language::Nl).unwrap();
        assert_eq!(written.len(), 5);
        let mut config = Config::load(&tmp.path().join("config/spiegel.yaml")).unwrap();
        config.paths.data = tmp.path().join("data");
        assert_eq!(config.agency.name, "Uw Onderzoeksbureau B.V.");
        let v = crate::batch::validate::validate(&config).unwrap();
        assert_eq!((v.organizations, v.waves), (1, 1));
        assert!(v.problems.is_empty(), "{:#?}", v.problems);
        let found = crate::input::discover::discover(&config.paths.data).unwrap();
        let org = &found.organizations[0];
        assert_eq!(org.meta.language, Language::Nl);
        assert_eq!(org.meta.departments[0].id, "klantcontactcentrum");
        // The example gives figures: customers and employees on every aspect.
        let m = crate::analysis::metrics::measure(&config, org, &org.waves[0])
            .unwrap()
            .metrics;
        assert_eq!((m.n.customers, m.n.employees), (40, 16));
        assert!(m.figures.aspects.iter().all(|a| a.comparison.gap.is_some()));

        // A second init refuses and leaves the files as they were.
        let config_path = tmp.path().join("config/spiegel.yaml");
        std::fs::write(&config_path, "# edited\n").unwrap();
        let err = init(tmp.path(), Language::Nl).unwrap_err().to_string();
        assert!(
            err.contains("not overwriting") && err.contains("spiegel.yaml"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&config_path).unwrap(), "# edited\n");
    }

    #[test]
    fn english_example_reports_in_english() {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), Language::En).unwrap();
        let text =
            std::fs::read_to_string(tmp.path().join("data/example-council/org.yaml")).unwrap();
        assert!(text.contains("language: en"), "{text}");
    }
}
