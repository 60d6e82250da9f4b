//! The `spiegel` binary: parse arguments, call the library, print errors, set the exit code
//! (0 all good, 1 some organizations failed, 2 configuration or usage error).

use std::process::ExitCode;

use clap::Parser;

use spiegel::cli::{Cli, Command};
use spiegel::config::Config;
use spiegel::{generate, pipeline, typst};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SPIEGEL_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Generate {
            orgs,
            waves,
            seed,
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
                ..Default::default()
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
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { data } => {
            let mut config = Config::load(&cli.config)?;
            if let Some(d) = data {
                config.paths.data = d;
            }
            let problems = spiegel::validate::validate(&config)?;
            Ok(if problems == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Run {
            orgs,
            wave,
            data,
            out,
            jobs,
        } => {
            let mut config = Config::load(&cli.config)?;
            if let Some(d) = data {
                config.paths.data = d;
            }
            if let Some(o) = out {
                config.paths.output = o;
            }
            if let Some(j) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(j.max(1))
                    .build_global()?;
            }
            let fonts =
                spiegel::assets::install_fonts(&config.paths.output.join(".spiegel/fonts"))?;
            let typst = match typst::Typst::locate(config.typst.binary.as_deref(), fonts) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("hint: {}", typst::install_hint());
                    return Ok(ExitCode::from(2));
                }
            };
            let outcomes = pipeline::run(&config, &typst, &pipeline::RunOptions { orgs, wave })?;
            let mut failed = 0;
            for o in &outcomes {
                match (&o.report, &o.error) {
                    (Some(pdf), _) => tracing::info!(
                        "{}: {} ({} data findings, {:.2} s)",
                        o.org,
                        pdf.display(),
                        o.findings,
                        o.duration.as_secs_f64()
                    ),
                    (None, Some(e)) => {
                        failed += 1;
                        tracing::error!("{}: {e}", o.org);
                    }
                    (None, None) => {}
                }
                for w in &o.warnings {
                    tracing::warn!("{}: {w}", o.org);
                }
            }
            let built = outcomes.len() - failed;
            tracing::info!("{built} report(s) built, {failed} failed");
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
