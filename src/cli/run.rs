//! `spiegel run`: compute metrics and render the reports of every organization that changed.

use std::path::PathBuf;

use clap::Args;

use super::Global;
use crate::batch::pipeline::{self, RunOptions, WaveChoice};
use crate::batch::shard::Shard;
use crate::config::Config;
use crate::error::Hinted;

/// Arguments of `spiegel run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Only this organization (repeatable).
    #[arg(long = "org")]
    orgs: Vec<String>,
    /// Report this wave instead of the latest (organizations without it are skipped).
    #[arg(long, conflicts_with = "all_waves")]
    wave: Option<String>,
    /// Report every wave, not only the latest.
    #[arg(long)]
    all_waves: bool,
    /// Rebuild even reports whose inputs did not change.
    #[arg(long)]
    force: bool,
    /// Only say what would be built; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Only the organizations of shard K of N (0-based K, e.g. `--shard
    /// $JOB_COMPLETION_INDEX/4`); writes `manifest.shard-K-of-N.json`.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Data folder (overrides `paths.data`).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder (overrides `paths.output`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads and the most typst processes at once (default: number of cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// The identity of a sharded run, the same for every shard (e.g. the scheduler's job
    /// id); `merge-manifests` merges only shards of one identity. Default: the hashes of the
    /// configuration and the program plus the day.
    #[arg(long, value_name = "ID")]
    run_id: Option<String>,
    /// After the run, e-mail new and changed reports to the account managers (as `spiegel
    /// deliver`; not with `--shard`: deliver after `merge-manifests`).
    #[arg(long, conflicts_with_all = ["shard", "dry_run"])]
    deliver: bool,
}

/// Run the batch job; the exit code says whether every report was delivered.
pub fn run(global: &Global, args: RunArgs) -> anyhow::Result<u8> {
    let RunArgs {
        orgs,
        wave,
        all_waves,
        force,
        dry_run,
        shard,
        data,
        out,
        jobs,
        run_id,
        deliver,
    } = args;
    let mut config = Config::load(&global.config)?;
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
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
        run_id,
    };
    let result = pipeline::batch(&config, &opts, global.log_format)?;
    if dry_run {
        for r in &result.manifest.reports {
            let why = r.reason.as_deref().unwrap_or("");
            println!("{:<11} {} {why}", r.status.as_str(), r.id);
        }
    }
    if deliver {
        let delivered = crate::batch::deliver::deliver(&config, &Default::default())?;
        super::deliver::print(&delivered);
        return Ok(result.exit_code().max(delivered.exit_code()));
    }
    Ok(result.exit_code())
}
