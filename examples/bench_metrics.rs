//! Throughput and peak memory of ingest + metrics on a large synthetic data set (not a timed
//! test; the figures go into `docs/benchmarks-metrics.md`).
//!
//! ```text
//! cargo run --release --example bench_metrics -- generate DIR [ORGS] [CUSTOMERS] [EMPLOYEES] [INTERACTIONS]
//! cargo run --release --example bench_metrics -- run DIR [JOBS]
//! ```
//!
//! `generate` writes ORGS organizations × 1 wave with the given mean counts per wave (default
//! 10 × 400 000 customers, 100 000 employees, 500 000 interactions: about 10 million survey
//! rows). `run` is a separate process so its peak RSS is that of ingest + metrics only: it
//! streams every organization through `metrics::measure` in parallel (rayon, one organization
//! per worker, like `spiegel run`), then prints rows, seconds, rows/s and the peak RSS
//! (`VmHWM` of /proc/self/status).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use spiegel::analysis::metrics;
use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::synth::generate::{self, GenerateOptions, Questionnaire};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: usize| -> Result<usize> {
        args.get(i).map_or(Ok(default), |s| {
            s.parse().context("a count must be a number")
        })
    };
    let dir = PathBuf::from(args.get(1).map_or("target/bench-data", String::as_str));
    let config = Config::load(Path::new("config/spiegel.yaml"))?;
    match args.first().map(String::as_str) {
        Some("generate") => {
            let (aspects, layers) = (config.aspect_ids(), config.layer_ids());
            let opts = GenerateOptions {
                orgs: arg(2, 10)?,
                waves: 1,
                customers_per_wave: arg(3, 400_000)?,
                employees_per_wave: arg(4, 100_000)?,
                interactions_per_wave: arg(5, 500_000)?,
                mood_days: 5,
                ..GenerateOptions::default()
            };
            let start = Instant::now();
            let q = Questionnaire {
                aspects: &aspects,
                layers: &layers,
            };
            let report = generate::generate(&q, &opts, &dir)?;
            eprintln!(
                "generated {} organizations, {} rows in {:.1} s",
                report.organizations,
                report.rows,
                start.elapsed().as_secs_f64()
            );
        }
        Some("run") => {
            if let Some(jobs) = args.get(2) {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(jobs.parse().context("JOBS must be a number")?)
                    .build_global()?;
            }
            let found = discover(&dir)?;
            let start = Instant::now();
            let counts: Vec<[u64; 5]> = found
                .organizations
                .par_iter()
                .map(|org| -> Result<[u64; 5]> {
                    let mut rows = [0u64; 5];
                    for wave in &org.waves {
                        let m = metrics::measure(&config, org, wave)?;
                        let files = &m.metrics.data_quality.files;
                        for (i, name) in [
                            "customers.csv",
                            "employees.csv",
                            "interactions.csv",
                            "mood.csv",
                            "complaints.csv",
                        ]
                        .iter()
                        .enumerate()
                        {
                            rows[i] += files.get(*name).map_or(0, |f| f.rows_read);
                        }
                    }
                    Ok(rows)
                })
                .collect::<Result<_>>()?;
            let secs = start.elapsed().as_secs_f64();
            let total = counts.iter().fold([0u64; 5], |mut acc, r| {
                for i in 0..5 {
                    acc[i] += r[i];
                }
                acc
            });
            let survey = total[0] + total[1] + total[2];
            println!(
                "organizations: {}\nrows: customers {} + employees {} + interactions {} = {} survey rows (+ mood {}, complaints {})",
                found.organizations.len(),
                total[0],
                total[1],
                total[2],
                survey,
                total[3],
                total[4]
            );
            println!(
                "ingest + metrics: {secs:.2} s, {:.0} survey rows/s, {} worker threads",
                survey as f64 / secs,
                rayon::current_num_threads()
            );
            println!("peak RSS (VmHWM): {} MB", peak_rss_kb()? / 1024);
        }
        _ => bail!(
            "usage: bench_metrics generate DIR [ORGS] [CUSTOMERS] [EMPLOYEES] [INTERACTIONS] | run DIR [JOBS]"
        ),
    }
    Ok(())
}

/// Peak resident set size of this process, in kB.
fn peak_rss_kb() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM in /proc/self/status")
}
