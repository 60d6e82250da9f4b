//! `spiegel deliver`: e-mail each account manager their organizations' new and changed
//! reports (docs/delivery.md).

use std::path::PathBuf;

use clap::Args;

use super::Global;
use crate::batch::deliver::{self, DeliverOptions, DeliveryResult};
use crate::config::Config;

/// Arguments of `spiegel deliver`.
#[derive(Debug, Args)]
pub struct DeliverArgs {
    /// Write the messages as .eml files (into `--outbox`) instead of sending them; nothing
    /// is recorded as delivered.
    #[arg(long, conflicts_with = "mark_delivered")]
    dry_run: bool,
    /// Record every pending report as delivered without sending anything: for starting
    /// delivery on an output folder whose reports the account managers already have.
    #[arg(long)]
    mark_delivered: bool,
    /// Folder for the .eml files of a dry run (default: `<output>/outbox`).
    #[arg(long, requires = "dry_run")]
    outbox: Option<PathBuf>,
    /// Data folder (overrides `paths.data`): where the account managers are read.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Output folder (overrides `paths.output`).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Deliver what is pending; exit code 1 when a message failed (it is retried next time).
pub fn run(global: &Global, args: DeliverArgs) -> anyhow::Result<u8> {
    let mut config = Config::load(&global.config)?;
    if let Some(d) = args.data {
        config.paths.data = d;
    }
    if let Some(o) = args.out {
        config.paths.output = o;
    }
    let opts = DeliverOptions {
        dry_run: args.dry_run,
        outbox: args.outbox,
        mark_delivered: args.mark_delivered,
    };
    let result = deliver::deliver(&config, &opts)?;
    print(&result);
    Ok(result.exit_code())
}

/// One line per message on stdout: status, recipient, number of reports, error or file.
pub fn print(result: &DeliveryResult) {
    if result.records.is_empty() {
        println!("nothing to deliver");
    }
    for r in &result.records {
        let detail = r.error.as_deref().or(r.file.as_deref()).unwrap_or("");
        let to = if r.to.is_empty() { "-" } else { &r.to };
        println!(
            "{:<8} {to} ({} report(s)) {detail}",
            r.status,
            r.reports.len()
        );
    }
}
