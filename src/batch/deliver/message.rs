//! The e-mail to one account manager: a plain-text and an HTML body (every text from data
//! escaped, so a hostile organization name stays text) and the reports as attachments.

use std::collections::BTreeMap;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};

use super::Pending;
use crate::batch::plan::ReportKind;
use crate::config::{Config, Delivery, DepartmentReports};
use crate::report::render::i18n::Texts;

const PDF: &str = "application/pdf";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// A composed message.
#[derive(Debug, Clone)]
pub struct Message {
    /// The lettre message.
    pub inner: lettre::Message,
    /// Its attachments, for the log and the tests.
    pub attachments: Vec<Attachment>,
}

impl Message {
    /// The RFC 5322 bytes (an `.eml` file).
    pub fn formatted(&self) -> Vec<u8> {
        self.inner.formatted()
    }
}

/// One attached file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name in the message.
    pub name: String,
    /// MIME type.
    pub content_type: &'static str,
}

pub use crate::report::render::escape::html_escape;
use crate::report::render::escape::url_path;

/// `base` + the percent-encoded path segments of `path`.
fn link(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), url_path(path))
}

/// A line of the body: text, or text with a link.
struct Line {
    text: String,
    href: Option<String>,
    bold: bool,
}

/// Compose the message to one account manager (`name`, `address`) about the pending
/// reports of their organizations.
pub fn compose(
    config: &Config,
    d: &Delivery,
    (name, address): (&str, &str),
    orgs: &[super::OrgReports],
) -> anyhow::Result<Message> {
    let t = Texts::load(d.language)?;
    let count: usize = orgs.iter().map(|(_, r)| r.len()).sum();
    let subject = t.fill(
        "mail_subject",
        &[
            ("agency", &config.agency.name),
            ("count", &count.to_string()),
        ],
    );
    let mut lines: Vec<Line> = Vec::new();
    let mut files: Vec<(String, &'static str, Vec<u8>)> = Vec::new();
    let plain = |text: String| Line {
        text,
        href: None,
        bold: false,
    };
    for (org, reports) in orgs {
        // Per wave: the organization report first, then its departments.
        let mut waves: BTreeMap<&str, Vec<&Pending>> = BTreeMap::new();
        for p in reports {
            waves.entry(p.wave.as_str()).or_default().push(p);
        }
        for (wave, reports) in waves {
            let label = reports
                .iter()
                .find_map(|p| p.summary.as_ref().map(|s| s.wave_label.clone()))
                .unwrap_or_else(|| wave.to_string());
            lines.push(Line {
                text: format!("{} — {}: {label}", org.meta.name, t.get("mail_wave")),
                href: None,
                bold: true,
            });
            let base = format!("{}-{wave}", org.id);
            let mut departments = Vec::new();
            for p in reports {
                match &p.kind {
                    ReportKind::Organization => {
                        if let Some(s) = &p.summary {
                            lines.push(plain(format!(
                                "{}: {}",
                                t.get("mail_headline"),
                                s.headline
                            )));
                        }
                        let pdf = read(p, "report.pdf")?;
                        files.push((format!("{base}.pdf"), PDF, pdf));
                        if d.attach_deck && p.deck {
                            files.push((format!("{base}.pptx"), PPTX, read(p, "report.pptx")?));
                        }
                        if let Some(b) = &d.link_base {
                            let href = link(b, &format!("{}/report.pdf", p.path));
                            lines.push(Line {
                                text: t.get("mail_online"),
                                href: Some(href),
                                bold: false,
                            });
                        }
                    }
                    ReportKind::Department(id) => {
                        let dept = p
                            .summary
                            .as_ref()
                            .and_then(|s| s.department.clone())
                            .unwrap_or_else(|| org.department_name(id).to_string());
                        match d.departments() {
                            DepartmentReports::None => {}
                            DepartmentReports::Attach => {
                                let file = format!("{base}-{}.pdf", safe(id));
                                files.push((file, PDF, read(p, "report.pdf")?));
                                departments.push(Line {
                                    text: format!("{dept} ({})", t.get("mail_attached")),
                                    href: None,
                                    bold: false,
                                });
                            }
                            DepartmentReports::Link => {
                                let b = d.link_base.as_deref().unwrap_or_default();
                                departments.push(Line {
                                    text: dept,
                                    href: Some(link(b, &format!("{}/report.pdf", p.path))),
                                    bold: false,
                                });
                            }
                        }
                    }
                }
            }
            if !departments.is_empty() {
                lines.push(plain(format!("{}:", t.get("mail_departments"))));
                lines.extend(departments.into_iter().map(|mut l| {
                    l.text = format!("  - {}", l.text);
                    l
                }));
            }
            lines.push(plain(String::new()));
        }
    }
    let greeting = t.fill("mail_greeting", &[("name", name)]);
    let intro = t.get("mail_intro");
    let closing = t.fill("mail_closing", &[("agency", &config.agency.name)]);

    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for l in &lines {
        match &l.href {
            Some(h) if *h != l.text => text.push_str(&format!("{} <{h}>\n", l.text)),
            _ => text.push_str(&format!("{}\n", l.text)),
        }
    }
    text.push_str(&format!("-- \n{closing}\n"));

    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family: Inter, Arial, sans-serif; color: #1F2933\">\
         <p>{}</p><p>{}</p>",
        d.language.code(),
        html_escape(&subject),
        html_escape(&greeting),
        html_escape(&intro)
    );
    let mut in_list = false;
    for l in &lines {
        let item = l.text.strip_prefix("  - ");
        if item.is_some() != in_list {
            html.push_str(if in_list { "</ul>" } else { "<ul>" });
            in_list = item.is_some();
        }
        let body = html_escape(item.unwrap_or(&l.text));
        let body = match &l.href {
            Some(h) => format!("<a href=\"{}\">{body}</a>", html_escape(h)),
            None => body,
        };
        match (item.is_some(), l.bold, l.text.is_empty()) {
            (true, _, _) => html.push_str(&format!("<li>{body}</li>")),
            (false, true, _) => {
                html.push_str(&format!("<h3 style=\"margin-bottom:4px\">{body}</h3>"))
            }
            (false, false, true) => {}
            (false, false, false) => {
                html.push_str(&format!("<p style=\"margin:4px 0\">{body}</p>"))
            }
        }
    }
    if in_list {
        html.push_str("</ul>");
    }
    html.push_str(&format!(
        "<p style=\"color:#5F6B7A; font-size: 12px\">{}</p></body></html>",
        html_escape(&closing)
    ));

    let from: Mailbox = d
        .from
        .parse()
        .with_context(|| format!("delivery.from '{}' is not an address", d.from))?;
    let to = Mailbox::new(
        Some(name.to_string()),
        address
            .parse()
            .with_context(|| format!("account manager address '{address}'"))?,
    );
    let mut body = MultiPart::mixed().multipart(MultiPart::alternative_plain_html(text, html));
    let mut attachments = Vec::new();
    for (file, content_type, bytes) in files {
        attachments.push(Attachment {
            name: file.clone(),
            content_type,
        });
        let part: SinglePart = lettre::message::Attachment::new(file).body(
            bytes,
            ContentType::parse(content_type).expect("a valid MIME type"),
        );
        body = body.singlepart(part);
    }
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject);
    if let Some(r) = &d.reply_to {
        builder = builder.reply_to(
            r.parse()
                .with_context(|| format!("delivery.reply_to '{r}' is not an address"))?,
        );
    }
    let inner = builder.multipart(body).context("composing the message")?;
    Ok(Message { inner, attachments })
}

fn read(p: &Pending, name: &str) -> anyhow::Result<Vec<u8>> {
    let path = p.dir.join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// An id as part of a file name.
fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_percent_encoded_below_the_base() {
        assert_eq!(
            link("https://r.nl/spiegel/", "acme/2026 Q3/report.pdf"),
            "https://r.nl/spiegel/acme/2026%20Q3/report.pdf"
        );
        assert_eq!(
            link("https://r.nl", "a/\"><script>/x"),
            "https://r.nl/a/%22%3E%3Cscript%3E/x"
        );
    }

    #[test]
    fn html_text_is_escaped() {
        assert_eq!(
            html_escape("<img src=x onerror='a'>&"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }
}
