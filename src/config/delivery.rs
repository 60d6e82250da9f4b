//! The `delivery:` section: how `spiegel deliver` reaches the account managers
//! (docs/delivery.md). SMTP credentials are never part of the configuration: they come from
//! the environment ([`Smtp::USERNAME_VAR`], [`Smtp::PASSWORD_VAR`]).

use serde::{Deserialize, Serialize};

use super::Language;

/// E-mail delivery of new and changed reports.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// The mail server.
    pub smtp: Smtp,
    /// Sender, `Name <address>` or an address.
    pub from: String,
    /// Where the output folder is published on the web (e.g.
    /// `https://rapporten.bureau.nl/spiegel/`): reports are linked below it. Without it,
    /// department reports can only be attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_base: Option<String>,
    /// Department reports: `attach` them, `link` to them (needs `link_base`) or leave them
    /// out (`none`). Default: `link` when `link_base` is set, else `attach`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departments: Option<DepartmentReports>,
    /// Also attach the PowerPoint deck of each organization report (default true).
    #[serde(default = "yes")]
    pub attach_deck: bool,
    /// Language of the message's own texts (each report's headline stays in the report's
    /// language). Default `nl`.
    #[serde(default)]
    pub language: Language,
    /// Reply-To address, when replies should go elsewhere than `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

fn yes() -> bool {
    true
}

/// What happens to department reports in the e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DepartmentReports {
    /// Attached as PDF.
    Attach,
    /// Linked below `link_base`.
    Link,
    /// Not mentioned.
    None,
}

/// The SMTP server.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    /// Host name.
    pub host: String,
    /// Port; default 587 for `starttls`, 465 for `implicit`, 25 for `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Transport security (default `starttls`).
    #[serde(default)]
    pub tls: Tls,
    /// Seconds to wait for the server before a send counts as failed (default 30).
    #[serde(default = "default_timeout")]
    pub timeout: u64,
}

fn default_timeout() -> u64 {
    30
}

/// Transport security of the SMTP connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS (required, never skipped).
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS).
    Implicit,
    /// No encryption: only for a relay on the same host or network.
    None,
}

impl Smtp {
    /// Environment variable with the SMTP user name.
    pub const USERNAME_VAR: &str = "SPIEGEL_SMTP_USERNAME";
    /// Environment variable with the SMTP password.
    pub const PASSWORD_VAR: &str = "SPIEGEL_SMTP_PASSWORD";

    /// The port, or the usual one for the TLS mode.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            Tls::Starttls => 587,
            Tls::Implicit => 465,
            Tls::None => 25,
        })
    }
}

impl Delivery {
    /// What happens to department reports.
    pub fn departments(&self) -> DepartmentReports {
        self.departments.unwrap_or(if self.link_base.is_some() {
            DepartmentReports::Link
        } else {
            DepartmentReports::Attach
        })
    }

    pub(super) fn validate(&self) -> Result<(), String> {
        if self.smtp.host.trim().is_empty() {
            return Err("delivery.smtp.host is empty".into());
        }
        if !self.from.contains('@') {
            return Err(format!(
                "delivery.from '{}' is not an e-mail address",
                self.from
            ));
        }
        if self.departments == Some(DepartmentReports::Link) && self.link_base.is_none() {
            return Err("delivery.departments is 'link' but delivery.link_base is not set".into());
        }
        if let Some(base) = &self.link_base
            && !(base.starts_with("https://") || base.starts_with("http://"))
        {
            return Err(format!(
                "delivery.link_base '{base}' must start with https:// or http://"
            ));
        }
        Ok(())
    }
}
