//! `spiegel validate`: read the configuration and every wave of every organization, print
//! each problem with file, line and column, render nothing.

use crate::config::Config;
use crate::discover::discover;
use crate::ingest::read_wave;

/// Check all data; returns the number of problems printed.
pub fn validate(config: &Config) -> anyhow::Result<usize> {
    let found = discover(&config.paths.data)?;
    let mut problems = 0;
    for (_, e) in &found.failures {
        println!("{e}");
        problems += 1;
    }
    for org in &found.organizations {
        for wave in &org.waves {
            match read_wave(config, org, wave) {
                Ok(data) => {
                    for f in &data.quality.findings {
                        println!("{f}");
                        problems += 1;
                    }
                }
                Err(e) => {
                    println!("{e}");
                    problems += 1;
                }
            }
        }
    }
    let n = found.organizations.len();
    eprintln!("{n} organization(s) checked, {problems} problem(s)");
    Ok(problems)
}
