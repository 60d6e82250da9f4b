//! The batch job: which reports to build, which are up to date, and building the rest —
//! organizations in parallel, at most `--jobs` typst processes at once.
//!
//! Per organization, in order:
//! 1. **lock** the organization (`out/.spiegel/orgs/<org>.lock`; another run has it →
//!    `skipped`);
//! 2. **fingerprint** its data folder plus the run-wide config, template, font and program
//!    hashes ([`crate::hash`]);
//! 3. **plan** every wave folder: the reports asked for (a *report job* = organization × wave
//!    × kind, where kind is the organization report or a department report) plus the reports
//!    the folder already holds (a published report is kept up to date); a folder whose stamp
//!    matches the fingerprint and whose files exist is left alone (`unchanged`);
//! 4. if any folder must be rebuilt: **ingest** every wave and compute its **metrics** (trends
//!    need all waves), then per stale wave folder **render** and **typst**-compile its reports
//!    into a staging folder and **publish** it with one atomic swap ([`crate::publish`]).
//!
//! A failure (unreadable data, a typst error) fails the reports of that organization or wave
//! folder, is logged and lands in the manifest with its file and line; every other
//! organization goes on. A wave folder is published only when all its reports were built:
//! otherwise its previous version stays, whole, and the next run tries again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;

use crate::analysis::WaveAnalysis;
use crate::config::Config;
use crate::error::Hinted;
use crate::hash::{self, Fingerprint};
use crate::lock;
use crate::log::{self, LogFormat};
use crate::manifest::{self, Manifest, ReportEntry, RunInfo, RunOptionsRecord, Status};
use crate::metrics::WaveMetrics;
use crate::model::{Date, Organization, Wave};
use crate::publish::{self, STAMP_FORMAT, Staging, Stamp, StampedReport, json_bytes};
use crate::recommend::{Recommendation, recommend};
use crate::render::{Renderer, format};
use crate::report::deliverables;
use crate::report::json::MetricsJson;
use crate::shard::Shard;
use crate::typst::{self, Typst};
use crate::workbook;

/// How the reason of a department report withheld for anonymity begins, in the manifest (the
/// portfolio counts these).
pub const ANONYMITY: &str = "anonymity";

/// Which waves get a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WaveChoice {
    /// The latest wave of each organization.
    #[default]
    Latest,
    /// This wave (organizations without it are skipped).
    One(String),
    /// Every wave.
    All,
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Only these organization ids (all when empty).
    pub orgs: Vec<String>,
    /// Which waves get a report.
    pub waves: WaveChoice,
    /// Rebuild even what is up to date.
    pub force: bool,
    /// Only say what would be built.
    pub dry_run: bool,
    /// Only this shard's organizations.
    pub shard: Option<Shard>,
    /// Worker threads = the most typst processes at once (default: the number of cores).
    pub jobs: Option<usize>,
    /// The identity shared by every shard of one run (`--run-id`), see [`BatchResult`].
    pub run_id: Option<String>,
}

/// The kind of a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportKind {
    /// The report of the whole organization.
    Organization,
    /// The report of one department (by id).
    Department(String),
}

impl ReportKind {
    /// `organization` or `department/<id>`: the key in stamps and report ids.
    pub fn key(&self) -> String {
        match self {
            ReportKind::Organization => "organization".into(),
            ReportKind::Department(id) => format!("department/{id}"),
        }
    }

    /// The inverse of [`ReportKind::key`].
    pub fn from_key(key: &str) -> Option<ReportKind> {
        match key.split_once('/') {
            None if key == "organization" => Some(ReportKind::Organization),
            Some(("department", id)) if !id.is_empty() => Some(ReportKind::Department(id.into())),
            _ => None,
        }
    }

    /// Its folder inside the wave folder (`""` for the organization report).
    pub fn subdir(&self) -> PathBuf {
        match self {
            ReportKind::Organization => PathBuf::new(),
            ReportKind::Department(id) => Path::new("departments").join(id),
        }
    }
}

/// The reports an organization has per wave. Department reports slot in here: one
/// `ReportKind::Department(id)` per department of `org.yaml`, rendered in `build_report`
/// into `departments/<id>/` of the wave folder. A department that must not get a report
/// (too few respondents) is declined there (`Outcome::Skipped`): `skipped` with the reason,
/// without holding up the rest of the wave.
pub fn report_kinds(config: &Config, org: &Organization) -> Vec<ReportKind> {
    let departments = if config.reports.departments {
        &org.meta.departments[..]
    } else {
        &[]
    };
    std::iter::once(ReportKind::Organization)
        .chain(
            departments
                .iter()
                .map(|d| ReportKind::Department(d.id.clone())),
        )
        .collect()
}

/// One report job: the unit of the manifest and of typst scheduling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportJob {
    /// Organization id.
    pub org: String,
    /// Wave id; `None` when the organization could not be read at all.
    pub wave: Option<String>,
    /// Organization or department report.
    pub kind: ReportKind,
}

impl ReportJob {
    /// `org/wave/organization`, `org/wave/department/<id>`, or `org/organization`.
    pub fn id(&self) -> String {
        match &self.wave {
            Some(w) => format!("{}/{w}/{}", self.org, self.kind.key()),
            None => format!("{}/{}", self.org, self.kind.key()),
        }
    }

    /// A manifest entry for this job with `status` and nothing else filled in.
    fn entry(&self, status: Status) -> ReportEntry {
        let (kind, department) = match &self.kind {
            ReportKind::Organization => ("organization".to_string(), None),
            ReportKind::Department(id) => ("department".to_string(), Some(id.clone())),
        };
        let path = self.wave.as_ref().map(|w| {
            let p = Path::new(&self.org).join(w);
            match self.kind {
                ReportKind::Organization => slash(&p),
                ReportKind::Department(_) => slash(&p.join(self.kind.subdir())),
            }
        });
        ReportEntry {
            id: self.id(),
            org: self.org.clone(),
            wave: self.wave.clone(),
            kind,
            department,
            status,
            reason: None,
            error: None,
            input_hash: None,
            duration: 0.0,
            typst: 0.0,
            warnings: Vec::new(),
            findings: 0,
            path,
            files: Vec::new(),
        }
    }
}

/// What became of one report job in a build.
enum Outcome {
    /// Rendered, compiled and checked; published with its wave folder.
    Built(Built),
    /// Deliberately not built, e.g. a department below the anonymity threshold: `skipped`
    /// with this reason, the rest of its wave folder is published, and it is not tried again
    /// until the inputs change.
    Skipped(String),
    /// It failed; its wave folder is not published.
    Failed(anyhow::Error),
}

impl Outcome {
    fn from_result(r: anyhow::Result<Built>) -> Outcome {
        match r {
            Ok(b) => Outcome::Built(b),
            Err(e) => Outcome::Failed(e),
        }
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// Everything the workers share.
struct Ctx<'a> {
    config: &'a Config,
    typst: Option<&'a Typst>,
    renderer: &'a Renderer,
    common: &'a hash::Common,
    opts: &'a RunOptions,
    out: &'a Path,
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
    let reports = match pool.install(|| run(config, typst.as_ref(), opts, log_format)) {
        Ok(reports) => reports,
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
    let manifest = Manifest::new(run_info, reports);
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
            if let Err(e) = publish::after_publish(config, out, &manifest) {
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
) -> anyhow::Result<Vec<ReportEntry>> {
    let found = crate::discover::discover_limited(&config.paths.data, &config.limits)?;
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
    let built: Vec<Vec<ReportEntry>> = orgs
        .par_iter()
        .map(|org| {
            // A bug that panics while building one organization fails that organization's
            // reports; the others go on and the manifest is still written.
            let entries =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_org(&ctx, org)))
                    .unwrap_or_else(|panic| {
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
            entries
        })
        .collect();
    drop(progress);
    reports.extend(built.into_iter().flatten());
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(reports)
}

/// One wave folder of an organization: what is asked of it and whether it is up to date.
struct WavePlan<'o> {
    wave: &'o Wave,
    /// The reports asked for in this run.
    requested: Vec<ReportKind>,
    /// The reports the folder will hold when rebuilt: requested ones plus the ones it holds.
    kinds: Vec<ReportKind>,
    stamp: Option<Stamp>,
    /// Why the folder must be rebuilt; `None`: up to date.
    rebuild: Option<String>,
}

fn requested_waves<'o>(org: &'o Organization, choice: &WaveChoice) -> Option<Vec<&'o Wave>> {
    match choice {
        WaveChoice::Latest => Some(org.waves.last().into_iter().collect()),
        WaveChoice::All => Some(org.waves.iter().collect()),
        WaveChoice::One(id) => org.waves.iter().find(|w| &w.id == id).map(|w| vec![w]),
    }
}

fn run_org(ctx: &Ctx, org: &Organization) -> Vec<ReportEntry> {
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
        .map(|wave| plan_wave(ctx, org, wave, &wanted, &kinds, &fingerprint))
        .collect();
    if plans.iter().all(|p| p.rebuild.is_none()) || ctx.opts.dry_run {
        return plans
            .iter()
            .flat_map(|p| planned_entries(ctx, org, p, &fingerprint))
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
                    None => planned_entries(ctx, org, p, &fingerprint),
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
    let entries = plans
        .iter()
        .zip(&analysed)
        .flat_map(|(plan, a)| match &plan.rebuild {
            None => planned_entries(ctx, org, plan, &fingerprint),
            Some(_) => build_wave(ctx, org, plan, a, &fingerprint),
        })
        .collect();
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

/// The jobs a wave plan will build: requested ones, then the kept ones.
fn jobs_of<'p>(org: &'p Organization, plan: &'p WavePlan) -> impl Iterator<Item = ReportJob> + 'p {
    plan.kinds.iter().map(move |k| ReportJob {
        org: org.id.clone(),
        wave: Some(plan.wave.id.clone()),
        kind: k.clone(),
    })
}

fn plan_wave<'o>(
    ctx: &Ctx,
    org: &Organization,
    wave: &'o Wave,
    wanted: &[&Wave],
    kinds: &[ReportKind],
    fingerprint: &Fingerprint,
) -> WavePlan<'o> {
    let dir = publish::wave_dir(ctx.out, &org.id, &wave.id);
    let stamp = publish::read_stamp(&dir);
    let requested: Vec<ReportKind> = if wanted.iter().any(|w| w.id == wave.id) {
        kinds.to_vec()
    } else {
        Vec::new()
    };
    let mut all: Vec<ReportKind> = requested.clone();
    if let Some(s) = &stamp {
        for kind in s.reports.keys().filter_map(|k| ReportKind::from_key(k)) {
            if kinds.contains(&kind) && !all.contains(&kind) {
                all.push(kind);
            }
        }
    }
    let rebuild = why_rebuild(
        ctx.opts.force,
        stamp.as_ref(),
        fingerprint,
        &dir,
        &requested,
    );
    WavePlan {
        wave,
        requested,
        kinds: all,
        stamp,
        rebuild,
    }
}

/// Why a wave folder must be rebuilt, or `None` when it is up to date.
fn why_rebuild(
    force: bool,
    stamp: Option<&Stamp>,
    fingerprint: &Fingerprint,
    dir: &Path,
    requested: &[ReportKind],
) -> Option<String> {
    if force {
        return Some("forced (--force)".into());
    }
    let Some(stamp) = stamp else {
        return Some(if dir.exists() {
            "not built completely before".into()
        } else {
            "new".into()
        });
    };
    let changed = fingerprint.changed_since(&stamp.fingerprint);
    if !changed.is_empty() || stamp.input_hash != fingerprint.combined() {
        return Some(format!("inputs changed: {}", changed.join(", ")));
    }
    if !dir.join("metrics.json").is_file() {
        return Some("output missing: metrics.json".into());
    }
    for kind in requested {
        let Some(report) = stamp.reports.get(&kind.key()) else {
            return Some("not built before".into());
        };
        if let Some(missing) = report.files.keys().find(|f| !dir.join(f).is_file()) {
            return Some(format!("output missing: {missing}"));
        }
    }
    // Every file is what the stamp says it was when published: a report truncated or
    // replaced by hand (or by a disk error) is rebuilt, not called unchanged forever.
    let altered =
        |file: &str, hash: &str| publish::file_hash(&dir.join(file)).map_or(true, |h| h != hash);
    if altered("metrics.json", &stamp.metrics) {
        return Some("output altered: metrics.json".into());
    }
    for kind in requested {
        if let Some(report) = stamp.reports.get(&kind.key())
            && let Some((file, _)) = report.files.iter().find(|(f, h)| altered(f, h))
        {
            return Some(format!("output altered: {file}"));
        }
    }
    None
}

/// Entries of a wave folder that is not built in this run: `unchanged` for requested
/// reports of an up-to-date folder, `would build` in a dry run.
fn planned_entries(
    ctx: &Ctx,
    org: &Organization,
    plan: &WavePlan,
    fingerprint: &Fingerprint,
) -> Vec<ReportEntry> {
    let wave_path = Path::new(&org.id).join(&plan.wave.id);
    match &plan.rebuild {
        None => plan
            .requested
            .iter()
            .map(|kind| {
                let job = ReportJob {
                    org: org.id.clone(),
                    wave: Some(plan.wave.id.clone()),
                    kind: kind.clone(),
                };
                let mut entry = job.entry(Status::Unchanged);
                if let Some(stamp) = &plan.stamp {
                    entry.input_hash = Some(stamp.input_hash.clone());
                    entry.findings = stamp.findings;
                    if let Some(why) = stamp
                        .reports
                        .get(&kind.key())
                        .and_then(|r| r.skipped.clone())
                    {
                        entry.status = Status::Skipped;
                        entry.reason = Some(why);
                    } else if let Some(r) = stamp.reports.get(&kind.key()) {
                        entry.warnings.clone_from(&r.warnings);
                        entry.files = r.files.keys().map(|f| slash(&wave_path.join(f))).collect();
                    }
                }
                entry
            })
            .collect(),
        Some(reason) => {
            debug_assert!(ctx.opts.dry_run);
            jobs_of(org, plan)
                .map(|job| {
                    let mut entry = job.entry(Status::WouldBuild);
                    entry.reason = Some(kept_reason(plan, &job.kind, reason));
                    entry.input_hash = Some(fingerprint.combined());
                    entry
                })
                .collect()
        }
    }
}

/// The reason a report is built: the folder's reason, marked when the report was not asked
/// for but is kept up to date because the folder already held it.
fn kept_reason(plan: &WavePlan, kind: &ReportKind, reason: &str) -> String {
    if plan.requested.contains(kind) {
        reason.to_string()
    } else {
        format!("kept up to date: {reason}")
    }
}

/// What building one report produced.
struct Built {
    files: Vec<String>,
    warnings: Vec<String>,
    duration: Duration,
    typst: Duration,
}

/// Build a wave folder in staging and publish it when every report in it was built.
fn build_wave(
    ctx: &Ctx,
    org: &Organization,
    plan: &WavePlan,
    analysis: &WaveAnalysis,
    fingerprint: &Fingerprint,
) -> Vec<ReportEntry> {
    let metrics = &analysis.metrics;
    let reason = plan.rebuild.as_deref().unwrap_or_default();
    let input_hash = fingerprint.combined();
    let findings = metrics.data_quality.findings.len();
    let jobs: Vec<ReportJob> = jobs_of(org, plan).collect();
    let fail = |error: &str| -> Vec<ReportEntry> {
        jobs.iter()
            .map(|job| {
                let mut e = job.entry(Status::Failed);
                e.error = Some(error.to_string());
                e.input_hash = Some(input_hash.clone());
                e.findings = findings;
                e
            })
            .collect()
    };
    let metrics_json = match json_bytes(&MetricsJson::of(analysis)) {
        Ok(bytes) => bytes,
        Err(e) => return fail(&format!("{e:#}")),
    };
    if jobs.is_empty() {
        match restamp_unchanged_metrics(ctx.out, org, plan, &metrics_json, fingerprint, findings) {
            Ok(true) => return Vec::new(),
            Ok(false) => {}
            Err(e) => tracing::debug!("{}/{}: {e:#}", org.id, plan.wave.id),
        }
    }
    let staging = match Staging::create(ctx.out, &org.id, &plan.wave.id).and_then(|s| {
        let path = s.path().join("metrics.json");
        std::fs::write(&path, &metrics_json)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(s)
    }) {
        Ok(s) => s,
        Err(e) => return fail(&format!("{e:#}")),
    };
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| build_report(ctx, org, plan.wave, analysis, &job.kind, staging.path()))
        .collect();
    let first_failure = jobs
        .iter()
        .zip(&results)
        .find(|(_, r)| matches!(r, Outcome::Failed(_)))
        .map(|(job, _)| job.id());
    // Errors name files in staging; after the build they are in the `.failed` folder.
    let staging_path = staging.path().to_string_lossy().into_owned();
    let mut failed_path = None;
    let published = match &first_failure {
        Some(_) => {
            failed_path = staging.keep_failed().ok();
            Err(String::new())
        }
        None => stamp_of(staging.path(), fingerprint, findings, &jobs, &results)
            .and_then(|stamp| staging.commit(&stamp))
            .map_err(|e| format!("{e:#}")),
    };
    let relocate = |e: String| match &failed_path {
        Some(p) => e.replace(&staging_path, &p.to_string_lossy()),
        None => e,
    };
    let wave_path = Path::new(&org.id).join(&plan.wave.id);
    jobs.iter()
        .zip(results)
        .map(|(job, result)| {
            let mut entry = job.entry(Status::Built);
            entry.input_hash = Some(input_hash.clone());
            entry.findings = findings;
            entry.reason = Some(kept_reason(plan, &job.kind, reason));
            match (result, &published, &first_failure) {
                (Outcome::Skipped(why), _, _) => {
                    entry.status = Status::Skipped;
                    entry.reason = Some(why);
                }
                (Outcome::Failed(e), _, _) => {
                    entry.status = Status::Failed;
                    entry.error = Some(relocate(format!("{e:#}")));
                }
                (Outcome::Built(b), Ok(()), _) => {
                    entry.duration = secs(b.duration);
                    entry.typst = secs(b.typst);
                    entry.warnings = b.warnings;
                    entry.files = b.files.iter().map(|f| slash(&wave_path.join(f))).collect();
                }
                (Outcome::Built(b), Err(e), failed) => {
                    entry.status = Status::Failed;
                    entry.duration = secs(b.duration);
                    entry.typst = secs(b.typst);
                    entry.error = Some(match failed {
                        Some(other) => format!(
                            "built but not published: {other} of the same wave failed; \
                             the previous version of the folder stays"
                        ),
                        None => e.clone(),
                    });
                }
            }
            entry
        })
        .collect()
}

/// A wave folder without reports whose `metrics.json` came out byte-identical (typically an
/// older wave when only the latest one's data changed): only its stamp is replaced, with one
/// atomic rename — the folder's one other file is already what the new stamp vouches for.
/// `Ok(false)` when the shortcut does not apply.
fn restamp_unchanged_metrics(
    out: &Path,
    org: &Organization,
    plan: &WavePlan,
    metrics_json: &[u8],
    fingerprint: &Fingerprint,
    findings: usize,
) -> anyhow::Result<bool> {
    let Some(old) = &plan.stamp else {
        return Ok(false);
    };
    let dir = publish::wave_dir(out, &org.id, &plan.wave.id);
    let live = dir.join("metrics.json");
    if !old.reports.is_empty() || std::fs::read(&live).ok().as_deref() != Some(metrics_json) {
        return Ok(false);
    }
    let stamp = Stamp {
        format: STAMP_FORMAT,
        input_hash: fingerprint.combined(),
        fingerprint: fingerprint.clone(),
        findings,
        metrics: blake3::hash(metrics_json).to_hex().to_string(),
        reports: Default::default(),
    };
    publish::write_atomic(&dir.join(publish::STAMP), &json_bytes(&stamp)?)?;
    Ok(true)
}

/// The stamp of a fully built staging folder: inputs, and the hash of every file.
fn stamp_of(
    staging: &Path,
    fingerprint: &Fingerprint,
    findings: usize,
    jobs: &[ReportJob],
    results: &[Outcome],
) -> anyhow::Result<Stamp> {
    let mut reports = std::collections::BTreeMap::new();
    for (job, built) in jobs.iter().zip(results) {
        let b = match built {
            Outcome::Built(b) => b,
            Outcome::Skipped(why) => {
                let skipped = StampedReport {
                    files: Default::default(),
                    warnings: Vec::new(),
                    skipped: Some(why.clone()),
                };
                reports.insert(job.kind.key(), skipped);
                continue;
            }
            Outcome::Failed(_) => continue,
        };
        let files = b
            .files
            .iter()
            .map(|f| Ok((f.clone(), publish::file_hash(&staging.join(f))?)))
            .collect::<anyhow::Result<_>>()?;
        let warnings = b.warnings.clone();
        let skipped = None;
        reports.insert(
            job.kind.key(),
            StampedReport {
                files,
                warnings,
                skipped,
            },
        );
    }
    Ok(Stamp {
        format: STAMP_FORMAT,
        input_hash: fingerprint.combined(),
        fingerprint: fingerprint.clone(),
        findings,
        metrics: publish::file_hash(&staging.join("metrics.json"))?,
        reports,
    })
}

/// Render one report into its folder inside the staging folder and compile it — or decline
/// it when a department may not get a report.
fn build_report(
    ctx: &Ctx,
    org: &Organization,
    wave: &Wave,
    analysis: &WaveAnalysis,
    kind: &ReportKind,
    staging: &Path,
) -> Outcome {
    let metrics = &analysis.metrics;
    let dept_metrics = match kind {
        ReportKind::Organization => None,
        ReportKind::Department(id) => {
            let Some(dept) = metrics.departments.iter().find(|d| &d.id == id) else {
                return Outcome::Skipped(format!("no respondents of department '{id}'"));
            };
            if let Some(reason) = crate::metrics::departments::single_department_reason(metrics) {
                return Outcome::Skipped(reason);
            }
            if let Some(reason) = dept.report_skip_reason(ctx.config) {
                return Outcome::Skipped(format!("{ANONYMITY}: {reason}"));
            }
            let Some(m) = dept.as_wave(metrics) else {
                return Outcome::Skipped(format!("{ANONYMITY}: the department is hidden"));
            };
            let actions = recommend(&m, ctx.config);
            Some((id.as_str(), m, actions))
        }
    };
    Outcome::from_result(render_and_compile(
        ctx,
        org,
        wave,
        analysis,
        kind,
        dept_metrics
            .as_ref()
            .map(|(id, m, actions)| (*id, m, actions.as_slice())),
        staging,
    ))
}

/// Render a report that is to be built, write its files and compile its PDF.
fn render_and_compile(
    ctx: &Ctx,
    org: &Organization,
    wave: &Wave,
    analysis: &WaveAnalysis,
    kind: &ReportKind,
    department: Option<(&str, &WaveMetrics, &[Recommendation])>,
    staging: &Path,
) -> anyhow::Result<Built> {
    let (metrics, data) = (&analysis.metrics, &analysis.quotes);
    let start = Instant::now();
    // Without respondents on both sides there is no mirror to draw: say so about the data,
    // not about a chart.
    for (n, file, who) in [
        (metrics.n.customers, "customers.csv", "customer"),
        (metrics.n.employees, "employees.csv", "employee"),
    ] {
        if n == 0 {
            anyhow::bail!(
                "{}: no {who} respondents could be used (the file has no data rows, or every \
                 row was rejected); a report needs the answers of customers and employees",
                wave.dir.join(file).display()
            );
        }
    }
    let sub = kind.subdir();
    let dir = staging.join(&sub);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let (date, timestamp) = report_date(wave, metrics.last_date);
    let date = date
        .as_deref()
        .and_then(|d| format::date(d, metrics.language));
    let report = match department {
        None => ctx.renderer.organization_report(
            ctx.config,
            org,
            wave,
            metrics,
            &analysis.actions,
            data,
            date,
        )?,
        Some((id, dept_metrics, dept_actions)) => ctx.renderer.department_report(
            ctx.config,
            org,
            wave,
            metrics,
            (id, org.department_name(id)),
            (dept_metrics, dept_actions),
            data,
            date,
        )?,
    };
    let report_metrics = department.map(|d| d.1);
    let report_actions = department.map_or(analysis.actions.as_slice(), |d| d.2);
    // Inside staging nothing is visible yet: plain writes suffice.
    let mut files = vec![
        slash(&sub.join("report.pdf")),
        slash(&sub.join("report.typ")),
        slash(&sub.join("report.xlsx")),
    ];
    let texts = ctx.renderer.texts(metrics.language);
    let xlsx = workbook::workbook(
        ctx.config,
        report_metrics.unwrap_or(metrics),
        report_actions,
        texts,
    )?;
    std::fs::write(dir.join("report.xlsx"), xlsx)
        .with_context(|| format!("writing {}", dir.join("report.xlsx").display()))?;
    let department = match kind {
        ReportKind::Organization => None,
        ReportKind::Department(id) => Some(org.department_name(id)),
    };
    let for_report = report_metrics.unwrap_or(metrics);
    let extras = deliverables::write(
        ctx.config, org, for_report, &report, texts, department, &dir, &sub,
    );
    files.extend(extras?);
    for (name, svg) in &report.charts {
        std::fs::write(dir.join(name), svg)
            .with_context(|| format!("writing {}", dir.join(name).display()))?;
        files.push(slash(&sub.join(name)));
    }
    std::fs::write(dir.join("report.typ"), &report.typ)
        .with_context(|| format!("writing {}", dir.join("report.typ").display()))?;
    let typst = ctx
        .typst
        .context("typst is needed to build a report (not available in a dry run)")?;
    let compiled = typst.compile(&dir, "report.typ", "report.pdf", timestamp)?;
    files.sort();
    Ok(Built {
        files,
        warnings: compiled.warnings,
        duration: start.elapsed(),
        typst: compiled.duration,
    })
}

/// The report's date and the PDF's creation timestamp: `SOURCE_DATE_EPOCH` when set, else the
/// end of the fieldwork in `wave.yaml`, else the latest date in the wave's dated records, else
/// 2000-01-01 (no date printed) — always from the input, so equal inputs give equal bytes.
fn report_date(wave: &Wave, last_record: Option<Date>) -> (Option<String>, i64) {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        return (
            Some(Date::from_days(epoch.div_euclid(86_400)).to_string()),
            epoch,
        );
    }
    if let Some(end) = wave.meta.fieldwork.as_ref().map(|f| f.end) {
        return (Some(end.to_string()), end.days() * 86_400);
    }
    if let Some(last) = last_record {
        return (Some(last.to_string()), last.days() * 86_400);
    }
    (None, 946_684_800) // 2000-01-01T00:00:00Z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_fieldwork_the_report_is_dated_by_its_last_record() {
        let wave = Wave {
            id: "2026-Q1".into(),
            dir: PathBuf::from("x"),
            meta: Default::default(),
        };
        let last = Date::parse_iso("2026-03-27");
        assert_eq!(
            report_date(&wave, last),
            (Some("2026-03-27".into()), 20_539 * 86_400)
        );
        assert_eq!(report_date(&wave, None), (None, 946_684_800));
    }

    #[test]
    fn civil_dates_round_trip() {
        let days = |iso| Date::parse_iso(iso).map(Date::days);
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-01-01"), Some(10_957));
        assert_eq!(Date::from_days(20_539).to_string(), "2026-03-27");
        assert_eq!(days("2026-03-27"), Some(20_539));
    }

    #[test]
    fn report_kinds_round_trip_through_their_keys() {
        for kind in [
            ReportKind::Organization,
            ReportKind::Department("klantcontact".into()),
        ] {
            assert_eq!(ReportKind::from_key(&kind.key()), Some(kind));
        }
        assert_eq!(ReportKind::from_key("department/"), None);
        assert_eq!(ReportKind::from_key("other"), None);
    }

    #[test]
    fn job_ids_and_folders() {
        let job = ReportJob {
            org: "acme".into(),
            wave: Some("2026-Q3".into()),
            kind: ReportKind::Department("kc".into()),
        };
        assert_eq!(job.id(), "acme/2026-Q3/department/kc");
        let e = job.entry(Status::Built);
        assert_eq!(e.path.as_deref(), Some("acme/2026-Q3/departments/kc"));
        assert_eq!(e.kind, "department");
    }

    #[test]
    fn a_skipped_report_does_not_block_its_wave_and_stays_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let config = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        let org = Organization {
            id: "acme".into(),
            dir: tmp.path().join("data/acme"),
            meta: serde_saphyr::from_str("name: Acme\n").unwrap(),
            waves: vec![Wave {
                id: "2026-Q1".into(),
                dir: tmp.path().join("data/acme/2026-Q1"),
                meta: Default::default(),
            }],
        };
        let renderer = Renderer::new().unwrap();
        let common = hash::Common::compute(&config).unwrap();
        let opts = RunOptions::default();
        let ctx = Ctx {
            config: &config,
            typst: None,
            renderer: &renderer,
            common: &common,
            opts: &opts,
            out: &out,
        };
        let fingerprint = common.with_data("d".into());
        let kinds = [ReportKind::Department("kc".into())];
        let wanted = [&org.waves[0]];
        let plan = plan_wave(&ctx, &org, &org.waves[0], &wanted, &kinds, &fingerprint);
        assert_eq!(plan.rebuild.as_deref(), Some("new"));
        let data = crate::ingest::WaveData::default();
        let analysis = WaveAnalysis {
            metrics: crate::metrics::compute(&config, &org, &org.waves[0], &data),
            actions: Vec::new(),
            quotes: data,
        };
        let entries = build_wave(&ctx, &org, &plan, &analysis, &fingerprint);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].status, Status::Skipped);
        assert!(entries[0].reason.as_deref().unwrap().contains("'kc'"));
        // The wave folder was published all the same, and the skip is remembered.
        let dir = publish::wave_dir(&out, "acme", "2026-Q1");
        assert!(dir.join("metrics.json").is_file());
        let again = plan_wave(&ctx, &org, &org.waves[0], &wanted, &kinds, &fingerprint);
        assert_eq!(again.rebuild, None);
        let entries = planned_entries(&ctx, &org, &again, &fingerprint);
        assert_eq!(entries[0].status, Status::Skipped);
    }

    fn fp(data: &str) -> Fingerprint {
        Fingerprint {
            data: data.into(),
            config: "c".into(),
            templates: "t".into(),
            fonts: "f".into(),
            program: "p".into(),
        }
    }

    #[test]
    fn a_folder_is_rebuilt_for_each_reason_and_otherwise_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("metrics.json"), "{}").unwrap();
        std::fs::write(dir.join("report.pdf"), "%PDF").unwrap();
        let hash = |f: &str| publish::file_hash(&dir.join(f)).unwrap();
        let now = fp("d");
        let mut stamp = Stamp {
            format: STAMP_FORMAT,
            input_hash: now.combined(),
            fingerprint: now.clone(),
            findings: 0,
            metrics: hash("metrics.json"),
            reports: [(
                "organization".to_string(),
                StampedReport {
                    files: [("report.pdf".to_string(), hash("report.pdf"))].into(),
                    warnings: vec![],
                    skipped: None,
                },
            )]
            .into(),
        };
        let org = [ReportKind::Organization];
        assert_eq!(why_rebuild(false, Some(&stamp), &now, dir, &org), None);
        assert_eq!(why_rebuild(false, Some(&stamp), &now, dir, &[]), None);
        assert_eq!(
            why_rebuild(true, Some(&stamp), &now, dir, &org).as_deref(),
            Some("forced (--force)")
        );
        assert_eq!(
            why_rebuild(false, Some(&stamp), &fp("e"), dir, &org).as_deref(),
            Some("inputs changed: data")
        );
        let dept = [ReportKind::Department("kc".into())];
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &dept).as_deref(),
            Some("not built before")
        );
        assert_eq!(
            why_rebuild(false, None, &now, dir, &org).as_deref(),
            Some("not built completely before")
        );
        // A published file altered by hand (truncated, replaced) is rebuilt.
        std::fs::write(dir.join("report.pdf"), "%PD").unwrap();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output altered: report.pdf")
        );
        std::fs::write(dir.join("metrics.json"), "{ broken").unwrap();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output altered: metrics.json")
        );
        stamp.reports.get_mut("organization").unwrap().files =
            [("gone.svg".to_string(), "h".to_string())].into();
        assert_eq!(
            why_rebuild(false, Some(&stamp), &now, dir, &org).as_deref(),
            Some("output missing: gone.svg")
        );
    }
}
