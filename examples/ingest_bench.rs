//! Streams a large `customers.csv` through the reader into a sink that only counts, and
//! reports rows, time and the process's peak memory (VmHWM). See `docs/ingest.md`.
//!
//! ```text
//! cargo run --release --example ingest_bench -- generate DIR MEGABYTES [excel|long]
//! cargo run --release --example ingest_bench -- read DIR
//! cargo run --release --example ingest_bench -- groupby DATA_DIR [JOBS]
//! ```
//!
//! `groupby` is spiegel's side of `bench/ingest_vs_polars.sh`: every wave of DATA_DIR read
//! through the reader into a sink that does the yardstick's work (`bench/ingest_yardstick.py`):
//! count, mean and variance of `overall` and of every aspect score and importance per
//! department (customers and employees), per layer and per department × layer (employees), and
//! the correlation of every aspect with `overall`. One organization per worker (rayon).
//!
//! `generate` writes `DIR/org/wave/{customers,employees}.csv` with the aspects of
//! `config/spiegel.yaml`: plain UTF-8 with `,`, or with `excel` Windows-1252, `;`, decimal
//! commas and CRLF; with `long` every row has a comment of about 1.5 KB (few respondents,
//! many bytes). Every fifth comment has quotes, delimiters and a line break; one row in
//! a thousand has a bad value, so the findings cap is exercised too.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::input::ingest::{Sink, read_wave_into};
use spiegel::model::{CustomerResponse, EmployeeResponse, OrgMeta, Organization, Wave};

/// Counts rows and sums one value, so the optimizer cannot drop the parsing.
#[derive(Default)]
struct Counter {
    customers: u64,
    employees: u64,
    overall_sum: f64,
}

impl Sink for Counter {
    fn customer(&mut self, row: &CustomerResponse) {
        self.customers += 1;
        self.overall_sum += row.overall.unwrap_or(0.0);
    }
    fn employee(&mut self, _row: &EmployeeResponse) {
        self.employees += 1;
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::load(Path::new("config/spiegel.yaml"))?;
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, mb, rest @ ..] => {
            let excel = rest.first() == Some(&"excel");
            let long = rest.first() == Some(&"long");
            generate(&config, &PathBuf::from(dir), mb.parse()?, excel, long)
        }
        ["read", dir] => read(&config, &PathBuf::from(dir)),
        ["groupby", dir, rest @ ..] => {
            if let Some(jobs) = rest.first() {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(jobs.parse().context("JOBS must be a number")?)
                    .build_global()?;
            }
            groupby(&config, &PathBuf::from(dir))
        }
        _ => bail!(
            "usage: ingest_bench generate DIR MEGABYTES [excel|long] | read DIR | groupby DATA_DIR [JOBS]"
        ),
    }
}

fn generate(config: &Config, dir: &Path, megabytes: u64, excel: bool, long: bool) -> Result<()> {
    let wave = dir.join("org/wave");
    std::fs::create_dir_all(&wave)?;
    std::fs::write(dir.join("org/org.yaml"), "name: Bench\n")?;
    let (d, nl) = if excel { (";", "\r\n") } else { (",", "\n") };
    let aspects = config.aspect_ids();
    let header =
        spiegel::model::schema::header(spiegel::input::ingest::FileKind::Customers, &aspects);
    let path = wave.join("customers.csv");
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    out.write_all((header.join(d) + nl).as_bytes())?;
    let mut text = String::new();
    let limit = megabytes << 20;
    let mut written = 0u64;
    let mut seed = 2026u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut i = 0u64;
    while written < limit {
        i += 1;
        let mut row = vec![
            format!("K{i:08}"),
            ["balie", "post", "web"][next(3) as usize].into(),
        ];
        let overall = 4.0 + next(13) as f64 / 2.0;
        let overall = if excel {
            overall.to_string().replace('.', ",")
        } else {
            overall.to_string()
        };
        row.push(if i.is_multiple_of(1000) {
            "elf".into()
        } else {
            overall
        });
        row.extend(aspects.iter().map(|_| (1 + next(10)).to_string()));
        row.extend(aspects.iter().map(|_| (1 + next(5)).to_string()));
        let complaint = next(4) == 0;
        row.push(if complaint { "1" } else { "0" }.into());
        row.push(if complaint { "1".into() } else { String::new() });
        row.push(if complaint {
            (1 + next(10)).to_string()
        } else {
            String::new()
        });
        row.push(if complaint { "0".into() } else { String::new() });
        row.push(match i % 5 {
            _ if long => format!(
                "\"{}\"",
                "Lang verhaal, met komma's en \"\"quotes\"\". ".repeat(40)
            ),
            0 => format!("\"Goed geholpen{d} maar \"\"wachten\"\" duurde lang.{nl}Café dicht.\""),
            1 => "Prima".into(),
            _ => String::new(),
        });
        text.clear();
        text.push_str(&row.join(d));
        text.push_str(nl);
        let bytes = if excel {
            encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
        } else {
            text.as_bytes().to_vec()
        };
        out.write_all(&bytes)?;
        written += bytes.len() as u64;
    }
    out.flush()?;
    std::fs::write(
        wave.join("employees.csv"),
        "respondent_id,layer,overall\nM1,frontline,7\n",
    )?;
    println!(
        "wrote {} ({} rows, {} MiB)",
        path.display(),
        i,
        written >> 20
    );
    Ok(())
}

fn read(config: &Config, dir: &Path) -> Result<()> {
    let org_dir = dir.join("org");
    let meta: OrgMeta =
        serde_saphyr::from_str(&std::fs::read_to_string(org_dir.join("org.yaml"))?)?;
    let org = Organization {
        id: "org".into(),
        dir: org_dir.clone(),
        meta,
        waves: Vec::new(),
    };
    let wave = Wave {
        id: "wave".into(),
        dir: org_dir.join("wave"),
        meta: Default::default(),
    };
    let size = std::fs::metadata(wave.dir.join("customers.csv"))?.len();
    let start = Instant::now();
    let mut sink = Counter::default();
    let quality = read_wave_into(config, &org, &wave, &mut sink)?;
    let secs = start.elapsed().as_secs_f64();
    let stats = &quality.files["customers.csv"];
    println!(
        "customers.csv: {:.0} MiB, {} encoding, delimiter {}",
        size as f64 / 1048576.0,
        stats.encoding,
        stats.delimiter
    );
    println!(
        "rows read {}, used {}, rejected {}; values missing {}; findings listed {}, not listed {}",
        stats.rows_read,
        stats.rows_used,
        stats.rejected(),
        stats.values_missing.values().sum::<u64>(),
        quality.findings.len(),
        stats.findings_not_listed
    );
    println!(
        "{:.2} s, {:.0} MiB/s, {:.0} rows/s; mean overall {:.3}",
        secs,
        size as f64 / 1048576.0 / secs,
        sink.customers as f64 / secs,
        sink.overall_sum / sink.customers.max(1) as f64
    );
    println!(
        "peak RSS (VmHWM): {}",
        peak_rss().context("reading /proc/self/status")?
    );
    Ok(())
}

/// Count, mean and sum of squared deviations (Welford) of each value column.
#[derive(Clone, Default)]
struct Moments {
    n: Vec<u64>,
    mean: Vec<f64>,
    m2: Vec<f64>,
}

impl Moments {
    fn push(&mut self, values: &[Option<f64>]) {
        if self.n.is_empty() {
            *self = Moments {
                n: vec![0; values.len()],
                mean: vec![0.0; values.len()],
                m2: vec![0.0; values.len()],
            };
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(x) = v {
                self.n[i] += 1;
                let d = x - self.mean[i];
                self.mean[i] += d / self.n[i] as f64;
                self.m2[i] += d * (x - self.mean[i]);
            }
        }
    }

    /// Result cells: a count, and per value column its count, mean and variance.
    fn cells(&self) -> usize {
        1 + 3 * self.n.len()
    }
}

/// Pearson correlation of each aspect with `overall`, from running co-moments.
#[derive(Default)]
struct Correlations(Vec<[f64; 6]>); // n, sx, sy, sxx, syy, sxy

impl Correlations {
    fn push(&mut self, overall: Option<f64>, scores: &[Option<f64>]) {
        let Some(y) = overall else { return };
        self.0.resize(scores.len(), [0.0; 6]);
        for (c, x) in self.0.iter_mut().zip(scores) {
            if let Some(x) = *x {
                *c = [
                    c[0] + 1.0,
                    c[1] + x,
                    c[2] + y,
                    c[3] + x * x,
                    c[4] + y * y,
                    c[5] + x * y,
                ];
            }
        }
    }

    fn values(&self) -> Vec<f64> {
        self.0
            .iter()
            .map(|[n, sx, sy, sxx, syy, sxy]| {
                (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).sqrt()
            })
            .collect()
    }
}

/// The yardstick's group-by, fed row by row.
#[derive(Default)]
struct GroupBy {
    values: Vec<Option<f64>>,
    customer_departments: HashMap<String, Moments>,
    employee_departments: HashMap<String, Moments>,
    layers: HashMap<usize, Moments>,
    /// Layer → department → moments.
    department_layers: HashMap<usize, HashMap<String, Moments>>,
    customer_correlations: Correlations,
    employee_correlations: Correlations,
    rows: u64,
}

impl GroupBy {
    fn fill(&mut self, overall: Option<f64>, scores: &[Option<f64>], importance: &[Option<f64>]) {
        self.values.clear();
        self.values.push(overall);
        self.values.extend_from_slice(scores);
        self.values.extend_from_slice(importance);
        self.rows += 1;
    }

    fn cells(&self) -> usize {
        let sum = |m: &mut dyn Iterator<Item = &Moments>| m.map(Moments::cells).sum::<usize>();
        sum(&mut self.customer_departments.values())
            + sum(&mut self.employee_departments.values())
            + sum(&mut self.layers.values())
            + sum(&mut self.department_layers.values().flat_map(HashMap::values))
            + self.customer_correlations.values().len()
            + self.employee_correlations.values().len()
    }
}

/// The moments of group `key`, made on its first row; looked up by `&str`, so a row costs no
/// allocation.
fn group<'m>(groups: &'m mut HashMap<String, Moments>, key: &str) -> &'m mut Moments {
    if !groups.contains_key(key) {
        groups.insert(key.to_string(), Moments::default());
    }
    groups.get_mut(key).expect("inserted above")
}

impl Sink for GroupBy {
    fn customer(&mut self, row: &CustomerResponse) {
        self.fill(row.overall, &row.scores, &row.importance);
        let key = row.department.as_deref().unwrap_or_default();
        let values = std::mem::take(&mut self.values);
        group(&mut self.customer_departments, key).push(&values);
        self.values = values;
        self.customer_correlations.push(row.overall, &row.scores);
    }
    fn employee(&mut self, row: &EmployeeResponse) {
        self.fill(row.overall, &row.scores, &row.importance);
        let key = row.department.as_deref().unwrap_or_default();
        let values = std::mem::take(&mut self.values);
        self.layers.entry(row.layer).or_default().push(&values);
        group(self.department_layers.entry(row.layer).or_default(), key).push(&values);
        group(&mut self.employee_departments, key).push(&values);
        self.values = values;
        self.employee_correlations.push(row.overall, &row.scores);
    }
}

fn groupby(config: &Config, dir: &Path) -> Result<()> {
    let found = discover(dir)?;
    let start = Instant::now();
    let done: Vec<(u64, usize)> = found
        .organizations
        .par_iter()
        .map(|org| -> Result<(u64, usize)> {
            let mut total = (0, 0);
            for wave in &org.waves {
                let mut sink = GroupBy::default();
                read_wave_into(config, org, wave, &mut sink)?;
                total.0 += sink.rows;
                total.1 += sink.cells();
            }
            Ok(total)
        })
        .collect::<Result<_>>()?;
    let secs = start.elapsed().as_secs_f64();
    let rows: u64 = done.iter().map(|d| d.0).sum();
    let cells: usize = done.iter().map(|d| d.1).sum();
    println!(
        "spiegel: {rows} rows read, {cells} result cells; {secs:.2} s, {:.0} rows/s, {} worker threads",
        rows as f64 / secs,
        rayon::current_num_threads()
    );
    println!(
        "peak RSS (VmHWM): {}",
        peak_rss().context("reading /proc/self/status")?
    );
    Ok(())
}

fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
