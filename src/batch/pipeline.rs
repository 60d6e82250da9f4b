//! The batch job: which reports to build, which are up to date, and building the rest —
//! organizations in parallel, at most `--jobs` typst processes at once.
//!
//! Per organization, in order:
//! 1. **lock** the organization (`out/.spiegel/orgs/<org>.lock`; another run has it →
//!    `skipped`);
//! 2. **fingerprint** its data folder plus the run-wide config, template, font and program
//!    hashes ([`crate::batch::hash`]);
//! 3. **plan** every wave folder ([`crate::batch::plan`]): the reports asked for (a *report
//!    job* = organization × wave × kind, where kind is the organization report or a
//!    department report) plus the reports the folder already holds (a published report is
//!    kept up to date); a folder whose stamp matches the fingerprint and whose files exist is
//!    left alone (`unchanged`);
//! 4. if any folder must be rebuilt: **ingest** every wave and compute its **metrics** (trends
//!    need all waves), then per stale wave folder **render** and **typst**-compile its reports
//!    (`build`) into a staging folder and **publish** it with one atomic swap (`stage`,
//!    [`crate::batch::publish`]).
//!
//! A failure (unreadable data, a typst error) fails the reports of that organization or wave
//! folder, is logged and lands in the manifest with its file and line; every other
//! organization goes on. A wave folder is published only when all its reports were built:
//! otherwise its previous version stays, whole, and the next run tries again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;

use crate::batch::build::{Ctx, secs};
use crate::batch::hash;
use crate::batch::lock;
use crate::batch::log::{self, LogFormat};
use crate::batch::manifest::{self, Manifest, ReportEntry, RunInfo, RunOptionsRecord, Status};
use crate::batch::plan::{WavePlan, jobs_of, plan_wave, planned_entries, requested_waves};
use crate::batch::portfolio_rows::publish_portfolio;
use crate::batch::publish;
use crate::batch::stage::build_wave;
use crate::config::{Config, Language};
use crate::error::Hinted;
use crate::model::Organization;
use crate::report::document::Renderer;
use crate::report::portfolio::PortfolioFigures;
use crate::report::typst::{self, Typst};

pub use crate::batch::build::ANONYMITY;
pub use crate::batch::plan::{ReportJob, ReportKind, RunOptions, WaveChoice, report_kinds};

/// What building the selected organizations gave.
#[derive(Debug, Default)]
pub struct Ran {
    /// One manifest entry per report job, by id.
    pub reports: Vec<ReportEntry>,
    /// The portfolio's figures of every wave folder published in this run (the others are
    /// read back from their `metrics.json`).
    pub figures: Vec<PortfolioFigures>,
}

/// What a whole `spiegel run` ended with.
#[derive(Debug)]
pub struct BatchResult {
    /// The manifest (also written to disk, except for a dry run).
    pub manifest: Manifest,
    /// Where it was written.
    pub manifest_path: Option<PathBuf>,
    /// What went wrong after the reports were built (writing the manifest or the portfolio
    /// page), each naming its file; already logged.
    pub errors: Vec<String>,
}

impl BatchResult {
    /// 0 when nothing failed; 1 when some report failed (the rest were delivered) or the
    /// manifest or portfolio could not be written.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.manifest.totals.failed > 0 || !self.errors.is_empty())
    }
}

/// `out/.spiegel/running.json`: present while a run is under way. A run that finds it (and
/// holds the lock, so its writer is gone) knows the previous run was interrupted.
const RUNNING: &str = ".spiegel/running.json";

/// `spiegel run`: check the folders, lock the output folder, find typst, build what is
/// stale, write the manifest and the portfolio page and log a summary. An `Err` means
/// nothing was run (exit status 2); once reports are being built, every problem ends in the
/// manifest and the exit status 1 instead.
pub fn batch(
    config: &Config,
    opts: &RunOptions,
    log_format: LogFormat,
) -> anyhow::Result<BatchResult> {
    let started = manifest::utc_now();
    let clock = Instant::now();
    let out = &config.paths.output;
    // Before anything is written: the output folder must be apart from the data.
    crate::batch::paths::check_separate(&config.paths.data, out)
        .map_err(|e| Hinted::new(e, "choose an output folder outside the data folder (paths.output or --out), e.g. `out` next to `data`"))?;
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Lock before touching anything in out/ (the fonts too).
    let _lock = if opts.dry_run {
        None
    } else {
        let mode = match opts.shard {
            Some(s) => lock::Mode::Shard(s),
            None => lock::Mode::Exclusive,
        };
        Some(lock::acquire(out, mode).map_err(|e| Hinted::new(e.to_string(), e.hint()))?)
    };
    let typst = if opts.dry_run {
        None
    } else {
        let fonts = super::fonts::install_fonts(&out.join(".spiegel/fonts"))?;
        let t = Typst::locate(
            config.typst.binary.as_deref(),
            fonts,
            config.typst.timeout(),
        )
        .map_err(|e| Hinted::new(e.to_string(), typst::install_hint()))?;
        Some(t.with_limit(jobs).with_max_pages(config.limits.max_pages))
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting the worker threads")?;
    // What a killed run left at the top of out/: temporary manifest files, and the marker
    // saying it was running. Shards share the folder, so only a plain run tidies it.
    let mut interrupted = None;
    if !opts.dry_run && opts.shard.is_none() {
        interrupted = std::fs::read(out.join(RUNNING)).ok().map(|b| {
            String::from_utf8_lossy(&b)
                .trim()
                .chars()
                .take(200)
                .collect::<String>()
        });
        publish::clean_tmp_files(out);
        let marker = serde_json::json!({ "started": started, "pid": std::process::id() });
        publish::write_atomic(&out.join(RUNNING), marker.to_string().as_bytes())?;
    }
    let ran = match pool.install(|| run(config, typst.as_ref(), opts, log_format)) {
        Ok(ran) => ran,
        Err(e) => {
            // A usage error found before any work: nothing ran, nothing was interrupted.
            if !opts.dry_run && opts.shard.is_none() {
                let _ = std::fs::remove_file(out.join(RUNNING));
            }
            return Err(e);
        }
    };

    let run_info = RunInfo {
        started,
        duration: secs(clock.elapsed()),
        jobs,
        shard: opts.shard.map(|s| s.to_string()),
        merged_from: Vec::new(),
        missing_shards: Vec::new(),
        options: RunOptionsRecord {
            orgs: opts.orgs.clone(),
            wave: match &opts.waves {
                WaveChoice::One(w) => Some(w.clone()),
                _ => None,
            },
            all_waves: opts.waves == WaveChoice::All,
            force: opts.force,
        },
        identity: match opts.shard {
            Some(_) => Some(run_identity(config, opts)?),
            None => opts.run_id.clone(),
        },
        interrupted_before: interrupted,
        foreign_shards: Vec::new(),
    };
    let manifest = Manifest::new(run_info, ran.reports);
    let mut errors = Vec::new();
    let manifest_path = if opts.dry_run {
        None
    } else {
        let path = manifest::path(out, opts.shard);
        if let Err(e) = manifest.write(&path) {
            errors.push(format!(
                "the manifest {} could not be written: {e:#}",
                path.display()
            ));
        }
        if opts.shard.is_none() {
            if let Err(e) = publish_portfolio(config, out, &manifest, &ran.figures) {
                errors.push(format!("the portfolio page could not be written: {e:#}"));
            }
            let _ = std::fs::remove_file(out.join(RUNNING));
        }
        Some(path)
    };
    for e in &errors {
        tracing::error!("{e}");
    }
    log::summary(&manifest, manifest_path.as_deref(), opts.dry_run);
    Ok(BatchResult {
        manifest,
        manifest_path,
        errors,
    })
}

/// The identity every shard of one run shares: `--run-id` when given, else the hashes of
/// the configuration and the program plus the day the run started (UTC). `merge-manifests`
/// only merges shards of one identity.
fn run_identity(config: &Config, opts: &RunOptions) -> anyhow::Result<String> {
    if let Some(id) = &opts.run_id {
        return Ok(id.clone());
    }
    let common = hash::Common::compute(config)?;
    let fp = common.with_data(String::new());
    let day = manifest::utc_now();
    Ok(format!(
        "config {} program {} day {}",
        fp.config.get(..12).unwrap_or_default(),
        fp.program.get(..12).unwrap_or_default(),
        day.get(..10).unwrap_or_default()
    ))
}

/// Plan and build every selected organization on the current rayon pool. `Err` only for a
/// usage error found before any work (an unknown `--org`, no data folder).
pub fn run(
    config: &Config,
    typst: Option<&Typst>,
    opts: &RunOptions,
    log_format: LogFormat,
) -> anyhow::Result<Ran> {
    let found = crate::input::discover::discover_limited(&config.paths.data, &config.limits)?;
    let known: BTreeSet<&str> = found
        .organizations
        .iter()
        .map(|o| o.id.as_str())
        .chain(found.failures.iter().map(|f| f.0.as_str()))
        .collect();
    if let Some(unknown) = opts.orgs.iter().find(|o| !known.contains(o.as_str())) {
        return Err(Hinted::new(
            format!(
                "no organization '{unknown}' in {}",
                config.paths.data.display()
            ),
            "an organization is a folder with an org.yaml in the data folder; \
             `spiegel validate` lists what it finds",
        )
        .into());
    }
    let selected = |id: &str| {
        (opts.orgs.is_empty() || opts.orgs.iter().any(|o| o == id))
            && opts.shard.is_none_or(|s| s.contains(id))
    };
    let orgs: Vec<&Organization> = found
        .organizations
        .iter()
        .filter(|o| selected(&o.id))
        .collect();
    let failures: Vec<_> = found
        .failures
        .iter()
        .filter(|(id, _)| selected(id))
        .collect();
    let renderer = Renderer::new()?;
    let common = hash::Common::compute(config)?;
    let ctx = Ctx {
        config,
        typst,
        renderer: &renderer,
        common: &common,
        opts,
        out: &config.paths.output,
    };
    let progress = log::progress(
        log_format,
        (orgs.len() + failures.len()) as u64,
        "organizations",
    );
    let mut reports: Vec<ReportEntry> = failures
        .iter()
        .map(|(id, e)| {
            let mut entry = ReportJob {
                org: id.clone(),
                wave: None,
                kind: ReportKind::Organization,
            }
            .entry(Status::Failed);
            entry.error = Some(e.to_string());
            log::report(&entry);
            progress.inc(id);
            entry
        })
        .collect();
    let built: Vec<(Vec<ReportEntry>, Vec<PortfolioFigures>)> = orgs
        .par_iter()
        .map(|org| {
            // A bug that panics while building one organization fails that organization's
            // reports; the others go on and the manifest is still written.
            let mut figures = Vec::new();
            let run = std::panic::AssertUnwindSafe(|| run_org(&ctx, org, &mut figures));
            let entries = std::panic::catch_unwind(run).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let mut entry = ReportJob {
                    org: org.id.clone(),
                    wave: None,
                    kind: ReportKind::Organization,
                }
                .entry(Status::Failed);
                entry.error = Some(format!("internal error (please report it): {what}"));
                vec![entry]
            });
            entries.iter().for_each(log::report);
            progress.inc(&org.id);
            (entries, figures)
        })
        .collect();
    drop(progress);
    let mut figures = Vec::new();
    for (entries, f) in built {
        reports.extend(entries);
        figures.extend(f);
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Ran { reports, figures })
}

/// Build one organization: its manifest entries, and in `figures` the portfolio's figures of
/// every wave folder it published.
fn run_org(ctx: &Ctx, org: &Organization, figures: &mut Vec<PortfolioFigures>) -> Vec<ReportEntry> {
    // Everything about the organization uses its own questionnaire and weight columns.
    let org_config = org.config(ctx.config);
    let ctx = &Ctx {
        config: org_config.as_deref().unwrap_or(ctx.config),
        ..*ctx
    };
    let kinds = report_kinds(ctx.config, org);
    let Some(wanted) = requested_waves(org, &ctx.opts.waves) else {
        let WaveChoice::One(id) = &ctx.opts.waves else {
            unreachable!("only a named wave can be missing")
        };
        let job = ReportJob {
            org: org.id.clone(),
            wave: Some(id.clone()),
            kind: ReportKind::Organization,
        };
        let mut entry = job.entry(Status::Skipped);
        entry.reason = Some(format!("the organization has no wave '{id}'"));
        return vec![entry];
    };
    let requested_jobs = || {
        wanted.iter().flat_map(|w| {
            kinds.iter().map(|k| ReportJob {
                org: org.id.clone(),
                wave: Some(w.id.clone()),
                kind: k.clone(),
            })
        })
    };
    let fail_all = |error: String| -> Vec<ReportEntry> {
        requested_jobs()
            .map(|job| {
                let mut e = job.entry(Status::Failed);
                e.error = Some(error.clone());
                e
            })
            .collect()
    };
    // 1. lock
    let _org_lock = if ctx.opts.dry_run {
        None
    } else {
        match lock::organization(ctx.out, &org.id) {
            Ok(Some(l)) => Some(l),
            Ok(None) => {
                return requested_jobs()
                    .map(|job| {
                        let mut e = job.entry(Status::Skipped);
                        e.reason = Some("another run is building this organization".into());
                        e
                    })
                    .collect();
            }
            Err(e) => return fail_all(e.to_string()),
        }
    };
    if let Err(e) = &org_config {
        return fail_all(e.to_string());
    }
    let cleaned = match ctx.opts.dry_run {
        true => Ok(()),
        false => publish::clean_leftovers(&ctx.out.join(&org.id)),
    };
    if let Err(e) = cleaned {
        return fail_all(format!("{e:#}"));
    }
    // 2. fingerprint
    let clock = Instant::now();
    let fingerprint = match hash::org_data(&org.dir) {
        Ok(data) => ctx.common.with_data(data),
        Err(e) => return fail_all(format!("{e:#}")),
    };
    // 3. plan
    let plans: Vec<WavePlan> = org
        .waves
        .iter()
        .map(|wave| {
            plan_wave(
                ctx.out,
                ctx.opts.force,
                org,
                wave,
                &wanted,
                &kinds,
                &fingerprint,
            )
        })
        .collect();
    if plans.iter().all(|p| p.rebuild.is_none()) || ctx.opts.dry_run {
        return plans
            .iter()
            .flat_map(|p| planned_entries(org, p, &fingerprint))
            .collect();
    }
    let fingerprinted = clock.elapsed();
    // 4. ingest and analyse every wave: rows are streamed into accumulators; only a
    // bounded selection of open answers (the quotes a report may show) is kept per wave.
    let analysed = match crate::analysis::analyze_org(ctx.config, org) {
        Ok(a) => a,
        Err(e) => {
            return plans
                .iter()
                .flat_map(|p| match &p.rebuild {
                    None => planned_entries(org, p, &fingerprint),
                    Some(_) => jobs_of(org, p)
                        .map(|job| {
                            let mut entry = job.entry(Status::Failed);
                            entry.error = Some(e.to_string());
                            entry.input_hash = Some(fingerprint.combined());
                            entry
                        })
                        .collect(),
                })
                .collect();
        }
    };
    let analysed_at = clock.elapsed();
    // 5. render, compile and publish each stale wave folder
    let page = ctx.renderer.texts(Language::default());
    let mut entries = Vec::new();
    for (plan, a) in plans.iter().zip(&analysed) {
        match &plan.rebuild {
            None => entries.extend(planned_entries(org, plan, &fingerprint)),
            Some(_) => {
                let wave = build_wave(ctx, org, plan, a, &fingerprint);
                if wave.published {
                    figures.push(PortfolioFigures::from_analysis(ctx.config, a, page));
                }
                entries.extend(wave.entries);
            }
        }
    }
    let ms = |d: Duration| (d.as_secs_f64() * 1e4).round() / 10.0;
    tracing::debug!(
        org = %org.id,
        fingerprint = ms(fingerprinted),
        analysis = ms(analysed_at - fingerprinted),
        build = ms(clock.elapsed() - analysed_at),
        "{}: fingerprint {} ms, analysis (ingest, metrics, trends, actions) {} ms, \
         render + typst + publish {} ms",
        org.id,
        ms(fingerprinted),
        ms(analysed_at - fingerprinted),
        ms(clock.elapsed() - analysed_at),
    );
    entries
}
