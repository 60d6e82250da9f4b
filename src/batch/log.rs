//! The log on stderr: short human lines (`error: …`, `warning: …`) with a progress bar when
//! stderr is a terminal, or one JSON object per line for schedulers (`--log-format json`),
//! with the fields of each event (`report`, `status`, `duration`, …) at the top level.
//! `SPIEGEL_LOG` sets the filter (default `info`).

use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::registry::LookupSpan;

use crate::batch::manifest::{Manifest, ReportEntry, Status};

/// How the log is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people; a progress bar on a terminal.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
}

/// The progress bar in use, if any: log lines are printed above it.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Set up the global logger.
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SPIEGEL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    // `try_init`: tests may set up logging more than once in a process.
    let _ = match format {
        LogFormat::Human => builder
            .event_format(HumanFormat)
            .with_writer(AboveTheBar)
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_target(false)
            .with_current_span(false)
            .with_writer(std::io::stderr)
            .try_init(),
    };
}

/// A progress bar over `len` items, shown only for the human log on a terminal.
pub fn progress(format: LogFormat, len: u64, unit: &'static str) -> Progress {
    if format != LogFormat::Human || !std::io::stderr().is_terminal() {
        return Progress { bar: None };
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(&format!(
        "{{bar:32.cyan/blue}} {{pos}}/{{len}} {unit} · {{elapsed}} · eta {{eta}} {{wide_msg}}"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
    Progress { bar: Some(bar) }
}

/// A progress bar, or nothing when there is no terminal.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// One more item done; `msg` names it.
    pub fn inc(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.to_string());
            bar.inc(1);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

/// Writes to stderr, hiding the progress bar while it does.
struct AboveTheBar;

impl<'a> MakeWriter<'a> for AboveTheBar {
    type Writer = AboveTheBar;
    fn make_writer(&'a self) -> AboveTheBar {
        AboveTheBar
    }
}

impl Write for AboveTheBar {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = BAR.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// `error: message` / `warning: message` / `message`: the fields are for the JSON log.
struct HumanFormat;

impl<S, N> FormatEvent<S, N> for HumanFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        match *event.metadata().level() {
            Level::ERROR => write!(writer, "error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            Level::INFO => {}
            Level::DEBUG => write!(writer, "debug: ")?,
            Level::TRACE => write!(writer, "trace: ")?,
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        writeln!(writer, "{}", message.0)
    }
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_string();
        }
    }
}

/// Log what became of one report: a line for people, fields for the JSON log.
pub fn report(e: &ReportEntry) {
    let status = e.status.as_str();
    let detail = match e.status {
        Status::Failed => e.error.as_deref(),
        _ => e.reason.as_deref(),
    }
    .unwrap_or("");
    match e.status {
        Status::Failed => tracing::error!(
            report = %e.id,
            status,
            error = detail,
            "{}: {detail}",
            e.id
        ),
        Status::Skipped => tracing::warn!(
            report = %e.id,
            status,
            reason = detail,
            "{} skipped: {detail}",
            e.id
        ),
        Status::Built | Status::WouldBuild => tracing::info!(
            report = %e.id,
            status,
            reason = detail,
            duration = e.duration,
            typst = e.typst,
            findings = e.findings,
            "{status:<9} {} ({detail}{})",
            e.id,
            if e.status == Status::Built {
                format!("; {:.2} s", e.duration)
            } else {
                String::new()
            }
        ),
        Status::Unchanged => tracing::debug!(report = %e.id, status, "unchanged {}", e.id),
    }
    for w in &e.warnings {
        if e.status == Status::Built {
            tracing::warn!(report = %e.id, warning = %w, "{}: {w}", e.id);
        }
    }
}

/// The one-line summary at the end of a run.
pub fn summary(m: &Manifest, path: Option<&Path>, dry_run: bool) {
    let t = &m.totals;
    let counts = if dry_run {
        let would = m
            .reports
            .iter()
            .filter(|r| r.status == Status::WouldBuild)
            .count();
        format!("{would} would be built, {} unchanged", t.unchanged)
    } else {
        format!(
            "{} built, {} unchanged, {} skipped, {} failed",
            t.built, t.unchanged, t.skipped, t.failed
        )
    };
    let manifest = path.map_or_else(String::new, |p| format!("; manifest: {}", p.display()));
    let line = format!(
        "{} reports of {} organizations: {counts} in {:.1} s{manifest}",
        t.reports, t.organizations, m.run.duration
    );
    tracing::info!(
        summary = true,
        reports = t.reports,
        built = t.built,
        unchanged = t.unchanged,
        skipped = t.skipped,
        failed = t.failed,
        duration = m.run.duration,
        "{line}"
    );
}
