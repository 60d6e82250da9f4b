//! `spiegel merge-manifests`: merge the shard manifests of a sharded run.

use std::path::PathBuf;

use clap::Args;

use super::Global;
use crate::batch::{lock, log, manifest, portfolio_rows};
use crate::config::Config;
use crate::error::Hinted;

/// Arguments of `spiegel merge-manifests`.
#[derive(Debug, Args)]
pub struct MergeManifestsArgs {
    /// Output folder the shards wrote to (default: `paths.output`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The number of shards N (default: the N of the newest shard manifest).
    #[arg(long, value_name = "N")]
    shards: Option<u32>,
}

/// Merge, publish the portfolio page, and say which shards are missing (exit code 1).
pub fn run(global: &Global, args: MergeManifestsArgs) -> anyhow::Result<u8> {
    let config = Config::load(&global.config)?;
    let out = args.out.unwrap_or_else(|| config.paths.output.clone());
    let _lock = lock::acquire(&out, lock::Mode::Exclusive)
        .map_err(|e| Hinted::new(e.to_string(), e.hint()))?;
    let merged = manifest::merge(&out, args.shards)?;
    // The merged manifest is written: from here on a problem is exit 1, not 2.
    let portfolio = portfolio_rows::publish_portfolio(&config, &out, &merged.manifest, &[]);
    if let Err(e) = &portfolio {
        tracing::error!("the portfolio page could not be written: {e:#}");
    }
    let m = &merged.manifest;
    for foreign in &m.run.foreign_shards {
        tracing::error!("{foreign} is from another run and was not merged; rerun that shard");
    }
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
        !m.run.missing_shards.is_empty() || m.totals.failed > 0 || portfolio.is_err(),
    ))
}
