//! `spiegel validate`: check the configuration and all data without rendering.

use std::path::PathBuf;

use clap::Args;

use super::Global;
use crate::batch::validate;
use crate::config::Config;

/// Arguments of `spiegel validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Data folder (overrides `paths.data`).
    #[arg(long)]
    data: Option<PathBuf>,
}

/// Print every problem; exit code 1 when there is one.
pub fn run(global: &Global, args: ValidateArgs) -> anyhow::Result<u8> {
    let mut config = match Config::load(&global.config) {
        Ok(c) => c,
        // A broken configuration is a finding of `validate`, not a usage error.
        Err(e) if global.config.is_file() => {
            println!("{e}");
            eprintln!("1 problem (in the configuration; the data was not checked)");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    for w in &config.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(d) = args.data {
        config.paths.data = d;
    }
    let report = validate::validate(&config)?;
    for problem in &report.problems {
        println!("{problem}");
    }
    eprintln!("{}", report.summary());
    Ok(u8::from(!report.problems.is_empty()))
}
