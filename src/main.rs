//! The `spiegel` binary: parse arguments, call the library, print errors, set the exit code
//! (0 all good, 1 some reports failed or problems found, 2 configuration or usage error).

use std::process::ExitCode;

use clap::Parser;

use spiegel::cli::{Cli, Command};
use spiegel::config::Config;
use spiegel::error::Hinted;
use spiegel::pipeline::{self, RunOptions, WaveChoice};
use spiegel::{generate, log, manifest, publish, validate};

fn main() -> ExitCode {
    let cli = Cli::parse();
    log::init(cli.log_format);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            match e.downcast_ref::<Hinted>() {
                Some(h) => {
                    eprintln!("error: {}", h.message);
                    eprintln!("hint: {}", h.hint);
                }
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Generate {
            orgs,
            waves,
            seed,
            customers,
            employees,
            interactions,
            mood_days,
            out,
        } => {
            let config = Config::load(&cli.config)?;
            let aspects: Vec<&str> = config
                .questionnaire
                .aspects
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            let layers: Vec<&str> = config.layers.iter().map(|l| l.id.as_str()).collect();
            let q = generate::Questionnaire {
                aspects: &aspects,
                layers: &layers,
            };
            let opts = generate::GenerateOptions {
                orgs,
                waves,
                seed,
                customers_per_wave: customers,
                employees_per_wave: employees,
                interactions_per_wave: interactions,
                mood_days,
            };
            let r = generate::generate(&q, &opts, &out)?;
            tracing::info!(
                "wrote {} organizations × {} waves: {} files, {} rows into {}",
                r.organizations,
                waves,
                r.files,
                r.rows,
                out.display()
            );
            Ok(0)
        }
        Command::Validate { data } => {
            let mut config = match Config::load(&cli.config) {
                Ok(c) => c,
                // A broken configuration is a finding of `validate`, not a usage error.
                Err(e) if cli.config.is_file() => {
                    println!("{e}");
                    eprintln!("1 problem (in the configuration; the data was not checked)");
                    return Ok(1);
                }
                Err(e) => return Err(e.into()),
            };
            if let Some(d) = data {
                config.paths.data = d;
            }
            let report = validate::validate(&config)?;
            for problem in &report.problems {
                println!("{problem}");
            }
            eprintln!("{}", report.summary());
            Ok(u8::from(!report.problems.is_empty()))
        }
        Command::MergeManifests { out, shards } => {
            let config = Config::load(&cli.config)?;
            let out = out.unwrap_or_else(|| config.paths.output.clone());
            let _lock = spiegel::lock::acquire(&out, spiegel::lock::Mode::Exclusive)
                .map_err(|e| Hinted::new(e.to_string(), e.hint()))?;
            let merged = manifest::merge(&out, shards)?;
            publish::after_publish(&config, &out, &merged.manifest)?;
            let m = &merged.manifest;
            if !m.run.missing_shards.is_empty() {
                tracing::error!(
                    missing_shards = ?m.run.missing_shards,
                    "shard(s) {:?} wrote no manifest: their organizations are missing from {}",
                    m.run.missing_shards,
                    merged.path.display()
                );
            }
            log::summary(m, Some(&merged.path), false);
            Ok(u8::from(
                !m.run.missing_shards.is_empty() || m.totals.failed > 0,
            ))
        }
        Command::Run {
            orgs,
            wave,
            all_waves,
            force,
            dry_run,
            shard,
            data,
            out,
            jobs,
            deliver,
        } => {
            let mut config = Config::load(&cli.config)?;
            if let Some(d) = data {
                config.paths.data = d;
            }
            if let Some(o) = out {
                config.paths.output = o;
            }
            if deliver && config.delivery.is_none() {
                return Err(Hinted::new(
                    "--deliver needs a delivery: section in the configuration",
                    "add delivery: { smtp: { host, port, tls }, from } (docs/delivery.md)",
                )
                .into());
            }
            let opts = RunOptions {
                orgs,
                waves: match (wave, all_waves) {
                    (Some(w), _) => WaveChoice::One(w),
                    (None, true) => WaveChoice::All,
                    (None, false) => WaveChoice::Latest,
                },
                force,
                dry_run,
                shard,
                jobs: jobs.map(usize::from),
            };
            let result = pipeline::batch(&config, &opts, cli.log_format)?;
            if dry_run {
                for r in &result.manifest.reports {
                    let why = r.reason.as_deref().unwrap_or("");
                    println!("{:<11} {} {why}", r.status.as_str(), r.id);
                }
            }
            if deliver {
                let delivered = spiegel::deliver::deliver(&config, &Default::default())?;
                print_deliveries(&delivered);
                return Ok(result.exit_code().max(delivered.exit_code()));
            }
            Ok(result.exit_code())
        }
        Command::Deliver {
            dry_run,
            outbox,
            data,
            out,
        } => {
            let mut config = Config::load(&cli.config)?;
            if let Some(d) = data {
                config.paths.data = d;
            }
            if let Some(o) = out {
                config.paths.output = o;
            }
            let opts = spiegel::deliver::DeliverOptions { dry_run, outbox };
            let delivered = spiegel::deliver::deliver(&config, &opts)?;
            print_deliveries(&delivered);
            Ok(delivered.exit_code())
        }
    }
}

/// One line per message on stdout: status, recipient, reports.
fn print_deliveries(result: &spiegel::deliver::DeliveryResult) {
    if result.records.is_empty() {
        println!("nothing to deliver");
    }
    for r in &result.records {
        let detail = r.error.as_deref().or(r.file.as_deref()).unwrap_or("");
        println!(
            "{:<8} {} ({} report(s)) {detail}",
            r.status,
            if r.to.is_empty() { "-" } else { &r.to },
            r.reports.len()
        );
    }
}
