//! The `spiegel` binary: parse arguments, dispatch to the subcommand (`spiegel::cli`), print
//! errors, set the exit code (0 all good, 1 some reports failed or problems found, 2
//! configuration or usage error).

use std::process::ExitCode;

use clap::Parser;

use spiegel::batch::log;
use spiegel::cli::Cli;
use spiegel::error::Hinted;

fn main() -> ExitCode {
    let cli = Cli::parse();
    log::init(cli.global.log_format);
    match cli.command.run(&cli.global) {
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
