//! `spiegel deliver`: one e-mail per account manager with their organizations' new and
//! changed reports, each report version delivered exactly once (docs/delivery.md).
//!
//! What is delivered is decided from the output folder alone, not from the last run: every
//! published report (its wave folder's stamp lists its files with their hashes) has a
//! *version*, the hash of its deliverable files. The delivery log
//! (`out/.spiegel/deliveries.json`) holds per report the version last delivered. A report
//! whose version differs from the log's is pending. So:
//! - an unchanged rerun finds nothing pending and sends nothing;
//! - a send that fails (server down, recipient refused, connection dropped) records nothing:
//!   the reports stay pending and the next run sends them;
//! - a report rebuilt twice before a delivery is pending once, in the version the folder
//!   holds now: the newest.
//!
//! The log is written (atomically) right after each accepted message, so one account
//! manager's failure never undoes another's delivery. The one window left is a crash
//! between the server's acceptance and that write: the message is then sent again by the
//! next run — at least once, never lost.

mod message;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::batch::json::json_bytes;
use crate::batch::lock;
use crate::batch::manifest::{self, DeliveryRecord, Manifest};
use crate::batch::plan::ReportKind;
use crate::batch::publish::{self, write_atomic};
use crate::config::{Config, Delivery, Tls};
use crate::error::Hinted;
use crate::input::discover::discover;
use crate::model::Organization;
use crate::report::deliverables::{self, DECK, Summary};

pub use message::{Attachment, Message, compose};

/// The delivery log, inside the output folder.
pub const LOG: &str = ".spiegel/deliveries.json";
/// Layout version of the delivery log.
pub const LOG_FORMAT: u32 = 1;

/// `out/.spiegel/deliveries.json`: per report, the version delivered last.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeliveryLog {
    /// [`LOG_FORMAT`].
    pub format: u32,
    /// By report id (`org/wave/organization`, `org/wave/department/<id>`).
    pub reports: BTreeMap<String, Delivered>,
}

/// One delivered report version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivered {
    /// The report version ([`report_version`]).
    pub version: String,
    /// When the server accepted the message, UTC.
    pub at: String,
    /// The address it went to.
    pub to: String,
}

impl DeliveryLog {
    /// Read the log of `out`; an absent log is empty. A log that cannot be read is an error:
    /// starting over would send everything again.
    pub fn read(out: &Path) -> anyhow::Result<DeliveryLog> {
        let path = out.join(LOG);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let log: DeliveryLog = serde_json::from_slice(&bytes)
                    .with_context(|| format!("parsing the delivery log {}", path.display()))?;
                anyhow::ensure!(
                    log.format == LOG_FORMAT,
                    "{}: delivery log format {} is not {LOG_FORMAT}",
                    path.display(),
                    log.format
                );
                Ok(log)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DeliveryLog {
                format: LOG_FORMAT,
                reports: BTreeMap::new(),
            }),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    fn write(&self, out: &Path) -> anyhow::Result<()> {
        write_atomic(&out.join(LOG), &json_bytes(self)?)
    }
}

/// How to deliver.
#[derive(Debug, Clone, Default)]
pub struct DeliverOptions {
    /// Write the messages as `.eml` files into `outbox` instead of sending; the log is not
    /// touched.
    pub dry_run: bool,
    /// Where a dry run writes (default `<out>/outbox`).
    pub outbox: Option<PathBuf>,
    /// Record every pending report as delivered without sending anything (when delivery
    /// starts on an output folder that already holds reports the managers have).
    pub mark_delivered: bool,
}

/// A report waiting for delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// Report id.
    pub id: String,
    /// Organization id.
    pub org: String,
    /// Wave id.
    pub wave: String,
    /// Organization or department report.
    pub kind: ReportKind,
    /// Its version.
    pub version: String,
    /// Its folder (absolute or relative to the working directory).
    pub dir: PathBuf,
    /// Its folder relative to the output folder, `/`-separated.
    pub path: String,
    /// `summary.json`, when the report has one.
    pub summary: Option<Summary>,
    /// Whether a deck sits next to the PDF.
    pub deck: bool,
}

/// The version of a report: a hash over the names and hashes (from the stamp) of the files
/// the e-mail carries, the PDF and the deck.
pub fn report_version(files: &BTreeMap<String, String>, sub: &str) -> Option<String> {
    let pdf = join(sub, "report.pdf");
    files.get(&pdf)?;
    let mut h = blake3::Hasher::new();
    for name in [pdf, join(sub, DECK)] {
        if let Some(hash) = files.get(&name) {
            h.update(name.as_bytes());
            h.update(b"\0");
            h.update(hash.as_bytes());
            h.update(b"\n");
        }
    }
    Some(h.finalize().to_hex().to_string())
}

fn join(sub: &str, name: &str) -> String {
    if sub.is_empty() {
        name.to_string()
    } else {
        format!("{sub}/{name}")
    }
}

/// Every published report of `org` in `out` whose version is not the one in `log`, in
/// report-id order.
pub fn pending(out: &Path, org: &str, log: &DeliveryLog) -> Vec<Pending> {
    let org_dir = out.join(org);
    let Ok(entries) = std::fs::read_dir(&org_dir) else {
        return Vec::new();
    };
    let mut waves: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    waves.sort();
    let mut found = Vec::new();
    for wave in waves {
        let wave_dir = publish::wave_dir(out, org, &wave);
        let Some(stamp) = publish::read_stamp(&wave_dir) else {
            continue;
        };
        for (key, report) in &stamp.reports {
            let Some(kind) = ReportKind::from_key(key) else {
                continue;
            };
            let sub = kind.subdir().to_string_lossy().replace('\\', "/");
            let Some(version) = report_version(&report.files, &sub) else {
                continue;
            };
            let id = format!("{org}/{wave}/{key}");
            if log.reports.get(&id).is_some_and(|d| d.version == version) {
                continue;
            }
            let dir = wave_dir.join(kind.subdir());
            let summary = std::fs::read(dir.join(deliverables::SUMMARY))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            found.push(Pending {
                id,
                org: org.to_string(),
                wave: wave.clone(),
                deck: report.files.contains_key(&join(&sub, DECK)),
                kind,
                version,
                dir,
                path: match sub.as_str() {
                    "" => format!("{org}/{wave}"),
                    sub => format!("{org}/{wave}/{sub}"),
                },
                summary,
            });
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

/// An organization and its pending reports.
pub type OrgReports<'o> = (&'o Organization, Vec<Pending>);

/// What a delivery run did.
#[derive(Debug, Default)]
pub struct DeliveryResult {
    /// One record per message (and per organization without an address).
    pub records: Vec<DeliveryRecord>,
}

impl DeliveryResult {
    /// 1 when a message failed, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.records.iter().any(|r| r.status == "failed"))
    }
}

/// `spiegel deliver`: lock the output folder, find what is pending, send one message per
/// account manager (or write it, `--dry-run`), record what the server accepted, and list
/// the messages in `manifest.json`. `Err` only when nothing could be tried (no `delivery:`
/// section, the folder is locked, the log is unreadable).
pub fn deliver(config: &Config, opts: &DeliverOptions) -> anyhow::Result<DeliveryResult> {
    let settings = config.delivery.as_ref().ok_or_else(|| {
        Hinted::new(
            "the configuration has no delivery: section",
            "add delivery: { smtp: { host, port, tls }, from } to the configuration \
             (docs/delivery.md)",
        )
    })?;
    let out = &config.paths.output;
    let _lock = lock::acquire(out, lock::Mode::Exclusive)
        .map_err(|e| Hinted::new(e.to_string(), e.hint()))?;
    let mut log = DeliveryLog::read(out)?;
    let found = discover(&config.paths.data)?;
    let mut result = DeliveryResult::default();

    // Group the pending reports by account manager address.
    let mut by_manager: BTreeMap<String, (String, Vec<OrgReports>)> = BTreeMap::new();
    for org in &found.organizations {
        let reports = pending(out, &org.id, &log);
        if reports.is_empty() {
            continue;
        }
        let manager = org.meta.account_manager.as_ref();
        match manager.and_then(|m| m.email.as_deref().map(|e| (m, e))) {
            Some((m, email)) => {
                let entry = by_manager
                    .entry(email.trim().to_ascii_lowercase())
                    .or_insert_with(|| (m.name.clone(), Vec::new()));
                entry.1.push((org, reports));
            }
            None => {
                tracing::warn!(
                    org = %org.id,
                    "{}: {} report(s) not delivered: org.yaml gives no account_manager e-mail",
                    org.id,
                    reports.len()
                );
                result.records.push(DeliveryRecord {
                    to: String::new(),
                    status: "skipped".into(),
                    reports: reports.iter().map(|p| p.id.clone()).collect(),
                    error: Some(format!(
                        "{}/org.yaml gives no account_manager email",
                        org.id
                    )),
                    file: None,
                });
            }
        }
    }

    if opts.mark_delivered {
        let at = manifest::utc_now();
        for (address, (_, orgs)) in &by_manager {
            let reports: Vec<String> = orgs
                .iter()
                .flat_map(|(_, r)| r.iter().map(|p| p.id.clone()))
                .collect();
            for (_, pending) in orgs {
                for p in pending {
                    let delivered = Delivered {
                        version: p.version.clone(),
                        at: at.clone(),
                        to: address.clone(),
                    };
                    log.reports.insert(p.id.clone(), delivered);
                }
            }
            result.records.push(DeliveryRecord {
                to: address.clone(),
                status: "marked".into(),
                reports,
                error: None,
                file: None,
            });
        }
        log.write(out)?;
        record_in_manifest(out, &result.records)?;
        return Ok(result);
    }
    let transport = if opts.dry_run {
        None
    } else {
        Some(transport(settings)?)
    };
    let outbox = opts.outbox.clone().unwrap_or_else(|| out.join("outbox"));
    // After a connection-level failure (down, timeout, TLS, hung up) the other messages are
    // not tried: each would wait for the same server. They stay pending like the first.
    let mut unreachable: Option<String> = None;
    for (n, (address, (name, orgs))) in by_manager.iter().enumerate() {
        let ids: Vec<String> = orgs
            .iter()
            .flat_map(|(_, r)| r.iter().map(|p| p.id.clone()))
            .collect();
        let record = |status: &str, error: Option<String>, file: Option<String>| DeliveryRecord {
            to: address.clone(),
            status: status.into(),
            reports: ids.clone(),
            error,
            file,
        };
        if let Some(why) = &unreachable {
            result
                .records
                .push(record("failed", Some(format!("not tried: {why}")), None));
            continue;
        }
        let message = match compose(config, settings, (name, address), orgs) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!("message to {address}: {e:#}");
                result
                    .records
                    .push(record("failed", Some(format!("{e:#}")), None));
                continue;
            }
        };
        match &transport {
            None => {
                let file = outbox.join(format!("{:02}-{}.eml", n + 1, safe_name(address)));
                let written = std::fs::create_dir_all(&outbox)
                    .with_context(|| format!("creating {}", outbox.display()))
                    .and_then(|()| write_atomic(&file, &message.formatted()));
                match written {
                    Ok(()) => {
                        tracing::info!(
                            "{address}: {} report(s) written to {}",
                            ids.len(),
                            file.display()
                        );
                        let file = file.to_string_lossy().into_owned();
                        result.records.push(record("written", None, Some(file)));
                    }
                    Err(e) => result
                        .records
                        .push(record("failed", Some(format!("{e:#}")), None)),
                }
            }
            Some(smtp) => match send(smtp, &message) {
                Ok(()) => {
                    let at = manifest::utc_now();
                    for (_, reports) in orgs {
                        for p in reports {
                            log.reports.insert(
                                p.id.clone(),
                                Delivered {
                                    version: p.version.clone(),
                                    at: at.clone(),
                                    to: address.clone(),
                                },
                            );
                        }
                    }
                    // Recorded at once: a later failure must not undo this delivery.
                    let logged = log.write(out);
                    tracing::info!("{address}: sent {} report(s)", ids.len());
                    match logged {
                        Ok(()) => result.records.push(record("sent", None, None)),
                        Err(e) => {
                            // Sent, but not recorded: the next run sends it again.
                            tracing::error!(
                                "{address}: sent, but the delivery log could not be written: {e:#}"
                            );
                            result.records.push(record(
                                "failed",
                                Some(format!("sent, but not recorded in {LOG}: {e:#}")),
                                None,
                            ));
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("{address}: not delivered, retried next run: {e}");
                    if !(e.is_permanent() || e.is_transient()) {
                        unreachable = Some(format!("the server failed on {address}: {e}"));
                    }
                    result
                        .records
                        .push(record("failed", Some(e.to_string()), None));
                }
            },
        }
    }
    if !opts.dry_run {
        record_in_manifest(out, &result.records)?;
    }
    Ok(result)
}

/// Put the delivery records into `manifest.json`, when the folder has one.
fn record_in_manifest(out: &Path, records: &[DeliveryRecord]) -> anyhow::Result<()> {
    let path = manifest::path(out, None);
    if !path.is_file() {
        return Ok(());
    }
    let mut m = Manifest::read(&path)?;
    m.deliveries = records.to_vec();
    m.write(&path)
}

/// A file name from an address: letters, digits, `.`, `-`, `_` and `@` kept.
fn safe_name(address: &str) -> String {
    address
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' | '@' => c,
            _ => '_',
        })
        .collect()
}

/// The SMTP transport of the settings, with credentials from the environment when set.
fn transport(d: &Delivery) -> anyhow::Result<lettre::SmtpTransport> {
    use lettre::transport::smtp::authentication::Credentials;
    let smtp = &d.smtp;
    let host = smtp.host.as_str();
    let builder = match smtp.tls {
        Tls::None => lettre::SmtpTransport::builder_dangerous(host),
        Tls::Starttls => lettre::SmtpTransport::starttls_relay(host)
            .with_context(|| format!("setting up STARTTLS to {host}"))?,
        Tls::Implicit => lettre::SmtpTransport::relay(host)
            .with_context(|| format!("setting up TLS to {host}"))?,
    };
    let mut builder = builder
        .port(smtp.port())
        .timeout(Some(Duration::from_secs(smtp.timeout.max(1))));
    let user = std::env::var(crate::config::Smtp::USERNAME_VAR).ok();
    let password = std::env::var(crate::config::Smtp::PASSWORD_VAR).ok();
    if let (Some(user), Some(password)) = (user, password) {
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}

fn send(
    smtp: &lettre::SmtpTransport,
    message: &Message,
) -> Result<(), lettre::transport::smtp::Error> {
    use lettre::Transport;
    smtp.send(&message.inner).map(|_| ())
}
