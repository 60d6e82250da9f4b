//! Command-line interface: the global options and one file per subcommand, each with its
//! arguments (the doc comments are the `--help` text) and the function that runs it. `main.rs`
//! only parses and dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::batch::log::LogFormat;

pub mod deliver;
pub mod generate;
pub mod init;
pub mod merge_manifests;
pub mod run;
pub mod validate;

/// spiegel — mirror-survey (spiegelonderzoek) reports: customers' ratings set against how
/// staff think customers rate them, per organization, as PDF reports with charts.
#[derive(Debug, Parser)]
#[command(name = "spiegel", version, about, long_about = None)]
pub struct Cli {
    /// Options of every subcommand.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every subcommand.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Configuration file.
    #[arg(long, short, global = true, default_value = "config/spiegel.yaml")]
    pub config: PathBuf,
    /// Log format on stderr: `human` (with a progress bar on a terminal) or `json` (one
    /// object per line, for schedulers).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute metrics and render the reports of every organization that changed.
    ///
    /// Exit status: 0 all reports delivered or up to date, 1 some failed (the others were
    /// delivered), 2 configuration or usage error (nothing was run).
    Run(run::RunArgs),
    /// Check the configuration and all data without rendering; print every problem with
    /// file, line and column. Exit status 0 when there is none, 1 otherwise.
    Validate(validate::ValidateArgs),
    /// Merge the manifests of a sharded run (`manifest.shard-K-of-N.json`) into
    /// `manifest.json`. Exit status 1 when a shard is missing or a report failed.
    MergeManifests(merge_manifests::MergeManifestsArgs),
    /// Write realistic synthetic survey data with planted effects.
    Generate(generate::GenerateArgs),
    /// Start a new agency folder: a commented `config/spiegel.yaml` and one example
    /// organization with one wave under `data/`. Never overwrites: when one of the files
    /// exists, nothing is written (exit status 2).
    Init(init::InitArgs),
    /// E-mail each account manager one message with their organizations' new and changed
    /// reports (settings: `delivery:` in the configuration; docs/delivery.md). Every report
    /// version is delivered once; a failed send is retried by the next run.
    ///
    /// Exit status: 0 all messages accepted (or nothing to send), 1 some failed (they are
    /// retried next time), 2 configuration or usage error.
    Deliver(deliver::DeliverArgs),
}

impl Command {
    /// Run the subcommand; the exit code it returns is the process's (an error is exit 2).
    pub fn run(self, global: &Global) -> anyhow::Result<u8> {
        match self {
            Command::Run(args) => run::run(global, args),
            Command::Validate(args) => validate::run(global, args),
            Command::MergeManifests(args) => merge_manifests::run(global, args),
            Command::Generate(args) => generate::run(global, args),
            Command::Init(args) => init::run(args),
            Command::Deliver(args) => deliver::run(global, args),
        }
    }
}
