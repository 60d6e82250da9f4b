//! The portfolio page `out/index.html`: every organization of a run with its key figures,
//! trend arrow, status and links to its reports.
//!
//! The page is one self-contained file (`templates/portfolio.html`): inline CSS and script,
//! no fonts, images or scripts from elsewhere, and a Content-Security-Policy that forbids
//! loading anything. It works offline, opened straight from disk. Every data string reaches
//! it through Tera's HTML autoescaping; links are relative and percent-encoded, so a hostile
//! organization name or id stays text. Clicking a column header sorts by that column
//! (numbers numerically, missing values last); `index.html#sort=grade-desc` opens the page
//! sorted.

mod figures;

use serde::Serialize;

pub use figures::PortfolioFigures;

use crate::analysis::metrics::complaints::Verdict;
use crate::config::Language;
use crate::report::render::escape::url_path;
use crate::report::render::format::{self, ABSENT};
use crate::report::render::i18n::Texts;

/// The page template, with its inline CSS and script.
const TEMPLATE: (&str, &str) = (
    "portfolio.html",
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/portfolio.html"
    )),
);

/// One organization on the portfolio page, as the batch job saw it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortfolioRow {
    /// Organization id (its folder name).
    pub org: String,
    /// Display name.
    pub name: String,
    /// Id of the wave reported on, when one was.
    pub wave: Option<String>,
    /// Label of that wave.
    pub wave_label: Option<String>,
    /// `built`, `unchanged`, `skipped` or `failed`.
    pub status: String,
    /// Why it was skipped, or the error it failed with.
    pub detail: Option<String>,
    /// Customers' overall grade.
    pub customer_grade: Option<f64>,
    /// Change of the customers' overall grade against the previous wave.
    pub grade_change: Option<f64>,
    /// Whether that change is statistically significant.
    pub grade_change_significant: bool,
    /// Mirror gap of the overall grade: staff's prediction − customers' grade.
    pub gap: Option<f64>,
    /// Customers' mean satisfaction with complaint handling.
    pub complaint_score: Option<f64>,
    /// How that score compares with the benchmark, judged on its 95% interval (as
    /// `complaints.benchmark_verdict` in `metrics.json`).
    pub complaint_verdict: Option<Verdict>,
    /// Department reports not made for anonymity (too few employees or customers).
    pub withheld_departments: usize,
    /// Respondents: (customers, employees).
    pub respondents: Option<(u64, u64)>,
    /// Title of the action with the highest priority.
    pub top_action: Option<String>,
    /// Links to the reports: (label, path relative to `out/`).
    pub reports: Vec<(String, String)>,
}

/// The HTML of the portfolio page.
///
/// `agency` heads the page; `generated` is the date (or date and time) of the run, given
/// by the caller so that the same input gives the same bytes — an ISO date is written out in
/// `lang`. Rows are listed by organization name until the reader sorts them.
///
/// # Panics
///
/// Only when the built-in template or translation table is broken, which the tests catch.
pub fn portfolio_html(
    agency: &str,
    generated: &str,
    rows: &[PortfolioRow],
    lang: Language,
) -> String {
    let t = Texts::load(lang).expect("the built-in translation table loads");
    let view = page_view(agency, generated, rows, &t);
    let mut tera = tera::Tera::default();
    // Autoescaping for `.html` templates is Tera's default; said here because the page's
    // safety rests on it.
    tera.autoescape_on([".html"]);
    tera.add_raw_template(TEMPLATE.0, TEMPLATE.1)
        .expect("the built-in portfolio template parses");
    let ctx = tera::Context::from_serialize(&view).expect("the page view serializes");
    tera.render(TEMPLATE.0, &ctx)
        .expect("the built-in portfolio template renders")
}

// ------------------------------------------------------------------------------ view model

/// Everything the template shows; every string is escaped by the template engine.
#[derive(Debug, Serialize)]
struct PageView {
    /// `lang` attribute of the page.
    lang: &'static str,
    /// Translation table.
    t: std::collections::BTreeMap<String, String>,
    /// Agency name.
    agency: String,
    /// "Bijgewerkt op 4 mei 2026".
    generated: String,
    /// "3 organisaties".
    count: String,
    /// Organizations per status, for the chips in the header.
    statuses: Vec<StatusCount>,
    /// The table rows.
    rows: Vec<RowView>,
}

#[derive(Debug, Serialize)]
struct StatusCount {
    class: &'static str,
    label: String,
    count: usize,
}

/// A table cell: what it shows and the raw value it sorts by (absent = sorts last).
#[derive(Debug, Serialize)]
struct CellView {
    text: String,
    value: Option<String>,
    title: Option<String>,
    class: &'static str,
}

impl CellView {
    fn text(text: Option<&str>) -> CellView {
        match text.filter(|s| !s.trim().is_empty()) {
            Some(s) => CellView {
                text: s.to_string(),
                value: Some(s.to_string()),
                title: None,
                class: "",
            },
            None => CellView::absent(),
        }
    }

    fn number(x: Option<f64>, shown: impl Fn(f64) -> String) -> CellView {
        match x.filter(|x| x.is_finite()) {
            Some(x) => CellView {
                text: shown(x),
                value: Some(raw(x)),
                title: None,
                class: "",
            },
            None => CellView::absent(),
        }
    }

    fn absent() -> CellView {
        CellView {
            text: ABSENT.to_string(),
            value: None,
            title: None,
            class: "absent",
        }
    }
}

#[derive(Debug, Serialize)]
struct StatusView {
    class: &'static str,
    label: String,
    /// Sort order: failed first, then skipped, built, unchanged.
    rank: u8,
    detail: Option<String>,
}

#[derive(Debug, Serialize)]
struct TrendView {
    /// ▲, ▼ or ▶; empty when there is no previous wave.
    arrow: &'static str,
    /// `up`, `down`, `flat` (+ ` sig` when significant).
    class: String,
    significant: bool,
    /// "+0,3".
    change: String,
    /// Raw change, for sorting.
    value: Option<String>,
    /// Sentence for the tooltip and screen readers.
    title: String,
}

#[derive(Debug, Serialize)]
struct LinkView {
    label: String,
    href: String,
    /// `pdf`, `xlsx`, `json` or `other`: the pill's colour.
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct RowView {
    org: String,
    name: CellView,
    wave: CellView,
    /// The wave id, shown under its label when the two differ.
    wave_id: Option<String>,
    status: StatusView,
    grade: CellView,
    trend: TrendView,
    gap: CellView,
    complaints: CellView,
    respondents: CellView,
    action: CellView,
    /// "2 department reports withheld (anonymity)", when any were.
    withheld: Option<String>,
    reports: Vec<LinkView>,
}

/// A number as the sort key in `data-value`: Rust's shortest round-trip notation.
fn raw(x: f64) -> String {
    format!("{x}")
}

fn page_view(agency: &str, generated: &str, rows: &[PortfolioRow], t: &Texts) -> PageView {
    let lang = t.lang();
    let mut sorted: Vec<&PortfolioRow> = rows.iter().collect();
    sorted.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.org.cmp(&b.org))
    });
    let rows: Vec<RowView> = sorted.into_iter().map(|r| row_view(r, t)).collect();
    let statuses = ["failed", "skipped", "built", "unchanged"]
        .into_iter()
        .filter_map(|s| {
            let count = rows.iter().filter(|r| r.status.class == s).count();
            (count > 0).then(|| StatusCount {
                class: s,
                label: t.get(&format!("portfolio_status_{s}")),
                count,
            })
        })
        .collect();
    let date = format::date(generated.get(..10).unwrap_or(generated), lang)
        .map(|d| format!("{d}{}", generated.get(10..).unwrap_or("")))
        .unwrap_or_else(|| generated.to_string());
    PageView {
        lang: lang.code(),
        t: t.all().clone(),
        agency: agency.to_string(),
        generated: t.fill("portfolio_generated", &[("date", date.trim())]),
        count: t.fill("portfolio_count", &[("count", &rows.len().to_string())]),
        statuses,
        rows,
    }
}

fn row_view(r: &PortfolioRow, t: &Texts) -> RowView {
    let lang = t.lang();
    let one = |x: f64| format::number(x, 1, lang);
    let signed = |x: f64| format::signed(x, 1, lang);
    let name = if r.name.trim().is_empty() {
        &r.org
    } else {
        &r.name
    };
    let mut wave = CellView::text(r.wave_label.as_deref().or(r.wave.as_deref()));
    // Wave ids (2026-Q1) sort in time order; labels ("Voorjaar 2026") do not.
    if let Some(id) = &r.wave {
        wave.value = Some(id.clone());
    }
    let mut respondents = CellView::number(r.respondents.map(|(c, _)| c as f64), |_| String::new());
    if let Some((c, e)) = r.respondents {
        respondents.text = format!("{c} / {e}");
        respondents.title = Some(t.fill(
            "portfolio_respondents_title",
            &[("customers", &c.to_string()), ("employees", &e.to_string())],
        ));
    }
    RowView {
        org: r.org.clone(),
        name: CellView::text(Some(name)),
        wave_id: match (&r.wave, &r.wave_label) {
            (Some(id), Some(label)) if id != label => Some(id.clone()),
            _ => None,
        },
        wave,
        status: status_view(r, t),
        grade: CellView::number(r.customer_grade, one),
        trend: trend_view(r.grade_change, r.grade_change_significant, t),
        gap: CellView::number(r.gap, signed),
        complaints: complaints_cell(r, t),
        respondents,
        action: CellView::text(r.top_action.as_deref()),
        withheld: (r.withheld_departments > 0).then(|| {
            t.fill(
                "portfolio_withheld",
                &[("count", &r.withheld_departments.to_string())],
            )
        }),
        reports: r
            .reports
            .iter()
            .map(|(label, path)| LinkView {
                label: label.clone(),
                href: href(path),
                kind: link_kind(path),
            })
            .collect(),
    }
}

/// The complaint score, marked when its interval lies below or above the benchmark.
fn complaints_cell(r: &PortfolioRow, t: &Texts) -> CellView {
    let mut cell = CellView::number(r.complaint_score, |x| format::number(x, 1, t.lang()));
    if cell.value.is_some() {
        match r.complaint_verdict {
            Some(Verdict::Below) => {
                cell.class = "below-benchmark";
                cell.title = Some(t.get("portfolio_below_benchmark"));
            }
            Some(Verdict::Above) => {
                cell.class = "above-benchmark";
                cell.title = Some(t.get("portfolio_above_benchmark"));
            }
            _ => {}
        }
    }
    cell
}

fn status_view(r: &PortfolioRow, t: &Texts) -> StatusView {
    let (class, rank) = match r.status.as_str() {
        "failed" => ("failed", 0),
        "skipped" => ("skipped", 1),
        "built" => ("built", 2),
        "unchanged" => ("unchanged", 3),
        _ => ("other", 4),
    };
    let label = if class == "other" {
        r.status.clone()
    } else {
        t.get(&format!("portfolio_status_{class}"))
    };
    StatusView {
        class,
        label,
        rank,
        detail: r.detail.clone().filter(|d| !d.trim().is_empty()),
    }
}

/// The arrow follows the change as shown (one decimal): a change that rounds to 0,0 is flat.
fn trend_view(change: Option<f64>, significant: bool, t: &Texts) -> TrendView {
    let lang = t.lang();
    let Some(x) = change.filter(|x| x.is_finite()) else {
        return TrendView {
            arrow: "",
            class: "none".into(),
            significant: false,
            change: ABSENT.into(),
            value: None,
            title: t.get("portfolio_trend_none"),
        };
    };
    let rounded = (x * 10.0).round() / 10.0;
    let (arrow, class, key) = if rounded > 0.0 {
        ("▲", "up", "portfolio_trend_up")
    } else if rounded < 0.0 {
        ("▼", "down", "portfolio_trend_down")
    } else {
        ("▶", "flat", "portfolio_trend_flat")
    };
    let sig = t.get(if significant {
        "portfolio_trend_significant"
    } else {
        "portfolio_trend_not_significant"
    });
    TrendView {
        arrow,
        class: if significant {
            format!("{class} sig")
        } else {
            class.to_string()
        },
        significant,
        change: format::signed(x, 1, lang),
        value: Some(raw(x)),
        title: format!(
            "{} ({sig})",
            t.fill(key, &[("change", &format::number(x.abs(), 1, lang))])
        ),
    }
}

/// A path relative to `out/` as a safe relative link: every segment percent-encoded (so a
/// folder named `javascript:…` or `x#y` cannot become a scheme or a fragment) and the whole
/// prefixed with `./`.
fn href(path: &str) -> String {
    format!("./{}", url_path(path.trim_start_matches('/')))
}

fn link_kind(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".pdf") {
        "pdf"
    } else if lower.ends_with(".pptx") {
        "pptx"
    } else if lower.ends_with(".xlsx") {
        "xlsx"
    } else if lower.ends_with(".json") {
        "json"
    } else {
        "other"
    }
}

/// The configuration as it holds for organization `org` (its `org.yaml` questionnaire),
/// when its `org.yaml` can be read.
pub(crate) fn organization_config(
    config: &crate::config::Config,
    org: &str,
) -> Option<crate::config::Config> {
    let dir = config.paths.data.join(org);
    let meta = crate::input::meta::read_org_meta(&dir.join("org.yaml")).ok()?;
    let org = crate::model::Organization {
        id: org.to_string(),
        dir,
        meta,
        waves: Vec::new(),
    };
    org.config(config).ok().map(std::borrow::Cow::into_owned)
}

impl PortfolioRow {
    /// Show the figures of the row's wave.
    pub fn show(&mut self, f: &PortfolioFigures) {
        self.name.clone_from(&f.org_name);
        self.wave_label = Some(f.wave_label.clone());
        self.customer_grade = f.customer_grade;
        self.gap = f.gap;
        self.grade_change = f.grade_change;
        self.grade_change_significant = f.grade_change_significant;
        self.complaint_score = f.complaint_score;
        self.complaint_verdict = f.complaint_verdict;
        self.respondents = Some(f.respondents);
        self.top_action.clone_from(&f.top_action);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org: &str, name: &str) -> PortfolioRow {
        PortfolioRow {
            org: org.into(),
            name: name.into(),
            wave: Some("2026-Q3".into()),
            wave_label: Some("Najaar 2026".into()),
            status: "built".into(),
            customer_grade: Some(7.44),
            grade_change: Some(0.3),
            grade_change_significant: true,
            gap: Some(0.8),
            complaint_score: Some(5.9),
            respondents: Some((200, 60)),
            top_action: Some("Blinde vlek: Afspraken nakomen".into()),
            reports: vec![
                ("PDF".into(), format!("{org}/2026-Q3/report.pdf")),
                ("Excel".into(), format!("{org}/2026-Q3/report.xlsx")),
            ],
            ..Default::default()
        }
    }

    fn page(rows: &[PortfolioRow]) -> String {
        portfolio_html("Bureau", "2026-05-04", rows, Language::Nl)
    }

    /// The `<tr>` of organization `org`.
    fn tr<'a>(html: &'a str, org: &str) -> &'a str {
        let start = html
            .find(&format!("<tr data-org=\"{org}\">"))
            .unwrap_or_else(|| panic!("no row {org}"));
        let end = start + html[start..].find("</tr>").unwrap();
        &html[start..end]
    }

    #[test]
    fn every_data_string_is_escaped() {
        let evil = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";
        let mut r = row("evil", evil);
        r.wave_label = Some(evil.into());
        r.detail = Some(evil.into());
        r.top_action = Some(evil.into());
        r.status = evil.into();
        r.reports = vec![(evil.into(), "evil/x.pdf".into())];
        let html = portfolio_html(evil, evil, &[r], Language::Nl);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("\"'&<"), "{html}");
        let escaped = "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;";
        let escaped_alt = "&lt;script&gt;alert(1)&lt;/script&gt;";
        let n = html.matches(escaped).count() + html.matches(escaped_alt).count();
        // Agency (title and header), generated date, name, wave, status, detail, action, link.
        assert!(n >= 9, "{n} escaped copies in {html}");
        assert!(html.contains("&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;"));
    }

    #[test]
    fn links_are_relative_and_percent_encoded() {
        assert_eq!(href("org/2026-Q1/report.pdf"), "./org/2026-Q1/report.pdf");
        assert_eq!(
            href("javascript:alert(1)/w/r.pdf"),
            "./javascript%3Aalert%281%29/w/r.pdf"
        );
        assert_eq!(href("/a b/c#d?e\"f"), "./a%20b/c%23d%3Fe%22f");
        assert_eq!(href("café/x.pdf"), "./caf%C3%A9/x.pdf");
        let mut r = row("x", "X");
        r.reports = vec![("PDF".into(), "javascript:alert(1)".into())];
        let html = page(&[r]);
        assert!(
            html.contains("href=\"./javascript%3Aalert%281%29\""),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"));
    }

    #[test]
    fn trend_arrows_follow_the_rounded_change_and_mark_significance() {
        let t = Texts::load(Language::Nl).unwrap();
        let up = trend_view(Some(0.3), true, &t);
        assert_eq!(
            (up.arrow, up.class.as_str(), up.change.as_str()),
            ("▲", "up sig", "+0,3")
        );
        assert_eq!(
            up.title,
            "0,3 punt gestegen ten opzichte van de vorige meting (significant)"
        );
        let down = trend_view(Some(-0.26), false, &t);
        assert_eq!(
            (down.arrow, down.class.as_str(), down.change.as_str()),
            ("▼", "down", "\u{2212}0,3")
        );
        assert!(down.title.ends_with("(niet significant)"), "{}", down.title);
        // −0.04 shows as 0,0: flat, not down.
        let flat = trend_view(Some(-0.04), false, &t);
        assert_eq!(
            (flat.arrow, flat.class.as_str(), flat.change.as_str()),
            ("▶", "flat", "0,0")
        );
        let none = trend_view(None, false, &t);
        assert_eq!(
            (none.arrow, none.change.as_str(), none.value),
            ("", ABSENT, None)
        );
        assert_eq!(none.title, "Geen vorige meting");
        let html = page(&[row("a", "A")]);
        let a = tr(&html, "a");
        assert!(
            a.contains("class=\"num trend up sig\" data-value=\"0.3\""),
            "{a}"
        );
        assert!(
            a.contains("▲</span>+0,3<span class=\"star\" aria-hidden=\"true\">*</span>"),
            "{a}"
        );
    }

    #[test]
    fn cells_show_dutch_numbers_and_sort_on_the_raw_value() {
        let mut b = row("b", "B");
        b.customer_grade = None;
        b.gap = Some(-1.26);
        b.respondents = None;
        let html = page(&[row("a", "A"), b]);
        let a = tr(&html, "a");
        assert!(a.contains("data-value=\"7.44\">7,4</td>"), "{a}");
        assert!(a.contains("data-value=\"0.8\">+0,8</td>"), "{a}");
        assert!(a.contains("data-value=\"5.9\">5,9</td>"), "{a}");
        assert!(
            a.contains("data-value=\"200\" title=\"200 klanten, 60 medewerkers\">200 / 60</td>"),
            "{a}"
        );
        assert!(
            a.contains("data-value=\"2026-Q3\">Najaar 2026<div class=\"sub\">2026-Q3</div>"),
            "{a}"
        );
        let b = tr(&html, "b");
        // Absent figures: a dash and no data-value, so they sort last.
        assert!(b.contains("class=\"num grade absent\">—</td>"), "{b}");
        assert!(b.contains("data-value=\"-1.26\">\u{2212}1,3</td>"), "{b}");
        assert!(b.contains("class=\"num absent\">—</td>"), "{b}");
        let en = portfolio_html("Bureau", "2026-05-04", &[row("a", "A")], Language::En);
        assert!(en.contains("<html lang=\"en\">"));
        assert!(tr(&en, "a").contains("data-value=\"7.44\">7.4</td>"));
    }

    #[test]
    fn headers_carry_sort_keys_and_the_initial_order_is_by_name() {
        let html = page(&[row("z", "zuid"), row("a", "Beta"), row("m", "Alfa")]);
        let keys: Vec<&str> = html
            .split("data-key=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(
            keys,
            [
                "org",
                "wave",
                "status",
                "grade",
                "trend",
                "gap",
                "complaints",
                "respondents",
                "action"
            ]
        );
        let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
        assert_eq!(head.matches("aria-sort=").count(), 1);
        assert!(html.contains("data-key=\"org\" data-type=\"text\" aria-sort=\"ascending\""));
        assert_eq!(html.matches("data-type=\"number\"").count(), 6);
        let order: Vec<usize> = ["\"m\"", "\"a\"", "\"z\""]
            .iter()
            .map(|o| html.find(&format!("<tr data-org={o}>")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "Alfa, Beta, zuid");
    }

    #[test]
    fn statuses_get_badges_counts_and_their_detail() {
        let mut failed = row("f", "F");
        failed.status = "failed".into();
        failed.detail = Some("customers.csv:1:0: missing column overall".into());
        let mut skipped = row("s", "S");
        skipped.status = "skipped".into();
        let html = page(&[row("a", "A"), failed, skipped]);
        assert!(tr(&html, "f").contains(
            "data-value=\"0\"><span class=\"badge failed\">Mislukt</span><div class=\"detail failed\">customers.csv:1:0: missing column overall</div>"
        ));
        assert!(
            tr(&html, "s").contains(
                "data-value=\"1\"><span class=\"badge skipped\">Overgeslagen</span></td>"
            )
        );
        assert!(
            tr(&html, "a")
                .contains("data-value=\"2\"><span class=\"badge built\">Bijgewerkt</span></td>")
        );
        assert!(html.contains("<span class=\"dot failed\"></span>1 Mislukt</span>"));
        assert!(html.contains("Bijgewerkt op 4 mei 2026"));
        assert!(html.contains("3 organisaties"));
    }

    #[test]
    fn the_page_needs_nothing_from_elsewhere() {
        let html = page(&[row("a", "A")]);
        for needle in [
            "http:", "https:", "//cdn", "@import", "url(", "<link", " src=",
        ] {
            assert!(!html.contains(needle), "{needle} in the page");
        }
        assert!(html.contains("default-src 'none'"));
        let empty = page(&[]);
        assert!(empty.contains("Er zijn nog geen organisaties verwerkt."));
        assert!(!empty.contains("<table"));
    }

    /// The script runs only because the Content-Security-Policy names its SHA-256: after
    /// editing the script in `templates/portfolio.html`, put the hash printed here there.
    #[test]
    fn csp_hash_matches_the_script() {
        let html = page(&[row("a", "A")]);
        let start = html.find("<script>").unwrap() + "<script>".len();
        let end = html.find("</script>").unwrap();
        let script = &html[start..end];
        let mut child = std::process::Command::new("sha256sum")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("sha256sum (coreutils)");
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let hex = String::from_utf8(out.stdout).unwrap();
        let digest: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let expected = format!("'sha256-{}'", base64(&digest));
        assert!(
            html.contains(&format!("script-src {expected};")),
            "the script's hash is {expected}: put it in the Content-Security-Policy of templates/portfolio.html"
        );
    }

    fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn the_same_rows_give_the_same_page() {
        let rows = [row("a", "A"), row("b", "B")];
        let reversed = [row("b", "B"), row("a", "A")];
        assert_eq!(page(&rows), page(&reversed));
    }
}

#[cfg(test)]
mod questionnaire_tests {
    use crate::config::{Config, Language};

    #[test]
    fn a_row_names_aspects_by_the_organizations_own_questionnaire() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("acme");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("org.yaml"),
            "name: Acme\nquestionnaire:\n  relabel:\n    wachttijd: { nl: Wachten aan de balie, en: Waiting }\n",
        )
        .unwrap();
        let mut config = Config::load(std::path::Path::new("config/spiegel.yaml")).unwrap();
        config.paths.data = tmp.path().to_path_buf();
        let own = super::organization_config(&config, "acme").unwrap();
        assert_eq!(
            own.aspect_label("wachttijd", Language::Nl),
            "Wachten aan de balie"
        );
        assert_eq!(config.aspect_label("wachttijd", Language::Nl), "Wachttijd");
        assert!(super::organization_config(&config, "missing").is_none());
    }
}
