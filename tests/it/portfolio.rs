//! End-to-end: the portfolio page loaded in headless Chromium, checking what a browser makes
//! of it — the order of the rows after sorting, and that hostile names stay text.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`; `scripts/test` installs it), or
//! another Chromium-family browser named by `SPIEGEL_CHROMIUM`. Set
//! `SPIEGEL_PORTFOLIO_SCREENSHOT=<file.png>` to keep a screenshot of the page (and the page
//! itself beside it, as `<file>.html`) to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use spiegel::analysis::metrics::complaints::Verdict;
use spiegel::batch::portfolio_rows::write_portfolio;
use spiegel::config::Language;
use spiegel::report::portfolio::{PortfolioRow, portfolio_html};

/// Sets a marker on the page if it ever runs.
const IMG_ATTACK: &str = "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">";
const SCRIPT_ATTACK: &str = "<script>document.body.setAttribute('data-pwned','script')</script>";

fn org(
    id: &str,
    name: &str,
    status: &str,
    grade: Option<f64>,
    change: Option<f64>,
    gap: Option<f64>,
) -> PortfolioRow {
    PortfolioRow {
        org: id.into(),
        name: name.into(),
        wave: Some("2026-Q3".into()),
        wave_label: Some("Najaar 2026".into()),
        status: status.into(),
        detail: None,
        customer_grade: grade,
        grade_change: change,
        grade_change_significant: change.is_some_and(|c| c.abs() >= 0.3),
        gap,
        complaint_score: grade.map(|g| g - 1.5),
        complaint_verdict: None,
        withheld_departments: 0,
        respondents: grade.map(|_| (240, 64)),
        top_action: grade.map(|_| "Blinde vlek: Afspraken nakomen".to_string()),
        reports: vec![
            ("PDF".into(), format!("{id}/2026-Q3/report.pdf")),
            ("Excel".into(), format!("{id}/2026-Q3/report.xlsx")),
            ("metrics.json".into(), format!("{id}/2026-Q3/metrics.json")),
        ],
    }
}

/// Five organizations; grades 7.9 (anker), 7.2 (evil), 6.1 (linie), none (nieuw, skipped)
/// and none (kapot, failed). Gaps +0.8, −0.4, +1.6, none, none.
fn rows() -> Vec<PortfolioRow> {
    let mut skipped = org("nieuw", "Nieuwe Klant", "skipped", None, None, None);
    skipped.detail = Some("geen meting in data/nieuw".into());
    let mut failed = org("kapot", "Kapotte Export", "failed", None, None, None);
    failed.detail = Some("customers.csv:1:0: de kolom overall ontbreekt".into());
    vec![
        org(
            "anker",
            "Zorgverzekeraar Anker",
            "built",
            Some(7.9),
            Some(0.4),
            Some(0.8),
        ),
        org(
            "evil",
            &format!("Evil & Co \"quoted\" {IMG_ATTACK}{SCRIPT_ATTACK}"),
            "unchanged",
            Some(7.2),
            Some(-0.1),
            Some(-0.4),
        ),
        org(
            "linie",
            "Woonstichting De Linie",
            "built",
            Some(6.1),
            Some(-0.5),
            Some(1.6),
        ),
        skipped,
        failed,
    ]
}

/// The browser, or a failure that says how to install it.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("SPIEGEL_CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        }
    }
    panic!(
        "headless Chromium is needed for the portfolio page test and was not found.\n\
         hint: install it with `apt-get install -y chromium` (Debian; scripts/test does this), \
         or point SPIEGEL_CHROMIUM at a Chromium-family browser"
    );
}

/// Run headless Chromium with `args` on `url`; its stdout. Fails after a minute.
fn browse(dir: &Path, args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir_in(dir).unwrap();
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting chromium");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed ({}) on {url}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The DOM after the page's scripts ran.
fn dom(dir: &Path, page: &Path, fragment: &str) -> String {
    let url = format!("file://{}{fragment}", page.display());
    browse(dir, &["--virtual-time-budget=3000", "--dump-dom"], &url)
}

/// Organization ids in the order the rows appear.
fn order(dom: &str) -> Vec<String> {
    dom.split("<tr data-org=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// The `aria-sort` of each sortable header that has one: (key, value).
fn aria_sort(dom: &str) -> Vec<(String, String)> {
    dom.split("<th ")
        .skip(1)
        .filter_map(|th| {
            let th = &th[..th.find('>').unwrap()];
            let attr = |name: &str| {
                let start = th.find(&format!("{name}=\""))? + name.len() + 2;
                Some(th[start..start + th[start..].find('"')?].to_string())
            };
            Some((attr("data-key")?, attr("aria-sort")?))
        })
        .collect()
}

/// The page written to a fresh `out/`.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let html = portfolio_html(
        "Spiegelbeeld Onderzoek B.V.",
        "2026-05-04",
        &rows(),
        Language::Nl,
    );
    write_portfolio(&out, &html).unwrap();
    let page = out.join("index.html");
    (dir, page)
}

/// A copy of the page without its Content-Security-Policy and with `script` appended, to
/// drive it (clicks) or to show that escaping alone keeps hostile names inert.
fn variant(page: &Path, name: &str, script: &str) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap();
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let mut html = format!("{}{}", &html[..start], &html[end..]);
    let body = html.rfind("</body>").unwrap();
    html.insert_str(body, &format!("<script>{script}</script>\n"));
    let path = page.with_file_name(name);
    std::fs::write(&path, html).unwrap();
    path
}

#[test]
fn rows_follow_the_sort_in_the_url_with_missing_values_last() {
    let (dir, page) = site();
    let d = dom(dir.path(), &page, "");
    assert_eq!(order(&d), ["evil", "kapot", "nieuw", "linie", "anker"]);
    assert_eq!(aria_sort(&d), [("org".into(), "ascending".into())]);

    let d = dom(dir.path(), &page, "#sort=grade-desc");
    assert_eq!(order(&d), ["anker", "evil", "linie", "kapot", "nieuw"]);
    assert_eq!(aria_sort(&d), [("grade".into(), "descending".into())]);

    let d = dom(dir.path(), &page, "#sort=grade-asc");
    assert_eq!(order(&d), ["linie", "evil", "anker", "kapot", "nieuw"]);

    // Gap: −0.4, +0.8, +1.6; numerically, not as text.
    let d = dom(dir.path(), &page, "#sort=gap-asc");
    assert_eq!(order(&d), ["evil", "anker", "linie", "kapot", "nieuw"]);

    // Status: failed, skipped, built, built, unchanged (ties keep the name order).
    let d = dom(dir.path(), &page, "#sort=status-asc");
    assert_eq!(order(&d), ["kapot", "nieuw", "linie", "anker", "evil"]);

    // An unknown key is ignored.
    let d = dom(dir.path(), &page, "#sort=nonsense-desc");
    assert_eq!(order(&d), ["evil", "kapot", "nieuw", "linie", "anker"]);
}

#[test]
fn clicking_a_header_sorts_and_clicking_again_reverses() {
    let (dir, page) = site();
    let click = "var b = document.querySelector('th[data-key=\"trend\"] button');";
    let once = variant(
        &page,
        "once.html",
        &format!("{click} b.click(); document.body.setAttribute('data-hash', location.hash);"),
    );
    let d = dom(dir.path(), &once, "");
    // Changes −0.5 (linie), −0.1 (evil), +0.4 (anker); the rest have none.
    assert_eq!(order(&d), ["linie", "evil", "anker", "kapot", "nieuw"]);
    assert_eq!(aria_sort(&d), [("trend".into(), "ascending".into())]);
    assert!(d.contains("data-hash=\"#sort=trend-asc\""), "{d}");

    let twice = variant(
        &page,
        "twice.html",
        &format!("{click} b.click(); b.click();"),
    );
    let d = dom(dir.path(), &twice, "");
    assert_eq!(order(&d), ["anker", "evil", "linie", "kapot", "nieuw"]);
    assert_eq!(aria_sort(&d), [("trend".into(), "descending".into())]);
}

#[test]
fn hostile_names_show_as_text_and_run_nothing() {
    let (dir, page) = site();
    // With the page's policy, and without it: escaping alone must keep the names inert.
    let probe = variant(
        &page,
        "probe.html",
        "document.body.setAttribute('data-scripts', 'run');",
    );
    for (label, path) in [("as written", &page), ("without CSP", &probe)] {
        let d = dom(dir.path(), path, "");
        let body = &d[d.find("<body").unwrap()..];
        let body_tag = &body[..body.find('>').unwrap()];
        assert!(
            !body_tag.contains("data-pwned"),
            "{label}: a hostile name ran: {body_tag}"
        );
        assert!(
            !d.contains("<img src=\"x\""),
            "{label}: an <img> was created"
        );
        assert!(
            d.contains("Evil &amp; Co \"quoted\" &lt;img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"&gt;&lt;script&gt;"),
            "{label}: the name is not shown as text:\n{d}"
        );
    }
    // The probe shows scripts do run without the policy, so the check above means something.
    let d = dom(dir.path(), &probe, "");
    assert!(d.contains("data-scripts=\"run\""), "{d}");
}

#[test]
fn the_page_renders_on_a_laptop_screen() {
    let (dir, page) = site();
    let png = dir.path().join("portfolio.png");
    browse(
        dir.path(),
        &[
            "--window-size=1440,900",
            "--virtual-time-budget=3000",
            &format!("--screenshot={}", png.display()),
        ],
        &format!("file://{}#sort=grade-desc", page.display()),
    );
    let bytes = std::fs::read(&png).expect("chromium wrote a screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    assert!(bytes.len() > 20_000, "the screenshot is not blank");
    if let Some(keep) = std::env::var_os("SPIEGEL_PORTFOLIO_SCREENSHOT") {
        let keep = PathBuf::from(keep);
        std::fs::copy(&png, &keep).unwrap();
        std::fs::copy(&page, keep.with_extension("html")).unwrap();
    }
}

/// How the page lays out in a window `width` pixels wide, measured in the browser: whether
/// anything sticks out sideways, whether the rows are cards (no header row) and whether every
/// figure shown in a card carries its column's label.
fn layout(dir: &Path, page: &Path, width: u32) -> String {
    let probe = variant(
        page,
        &format!("layout-{width}.html"),
        "var d = document.documentElement, b = document.body;\
         var rows = Array.prototype.slice.call(document.querySelectorAll('tbody tr'));\
         b.setAttribute('data-overflow', String(d.scrollWidth > window.innerWidth + 1 ||\
           rows.some(function (r) { return r.getBoundingClientRect().right > window.innerWidth + 1; })));\
         b.setAttribute('data-cards', String(getComputedStyle(document.querySelector('thead')).display === 'none'));\
         b.setAttribute('data-unlabelled', String(document.querySelectorAll('td.num:not([data-label])').length));",
    );
    let url = format!("file://{}", probe.display());
    let size = format!("--window-size={width},900");
    let png = dir.join(format!("portfolio-{width}.png"));
    browse(
        dir,
        &[
            &size,
            "--virtual-time-budget=3000",
            &format!("--screenshot={}", png.display()),
        ],
        &format!("file://{}", page.display()),
    );
    let bytes = std::fs::read(&png).expect("chromium wrote a screenshot");
    assert!(
        bytes.len() > 10_000,
        "the {width} px screenshot is not blank"
    );
    let width_px = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    assert_eq!(width_px, width, "screenshot width");
    let d = browse(
        dir,
        &[&size, "--virtual-time-budget=3000", "--dump-dom"],
        &url,
    );
    let body = &d[d.find("<body").unwrap()..];
    body[..body.find('>').unwrap()].to_string()
}

#[test]
fn the_page_is_usable_on_a_phone_and_on_a_wide_screen() {
    let (dir, page) = site();
    let phone = layout(dir.path(), &page, 390);
    assert!(phone.contains("data-overflow=\"false\""), "390 px: {phone}");
    assert!(phone.contains("data-cards=\"true\""), "390 px: {phone}");
    assert!(phone.contains("data-unlabelled=\"0\""), "390 px: {phone}");
    let wide = layout(dir.path(), &page, 1400);
    assert!(wide.contains("data-overflow=\"false\""), "1400 px: {wide}");
    assert!(wide.contains("data-cards=\"false\""), "1400 px: {wide}");
    // The report links are folded into one menu per row, after the organization's report.
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<details class=\"menu\">"));
}

#[test]
fn a_score_below_the_benchmark_is_marked_and_withheld_department_reports_are_noted() {
    let mut below = org(
        "anker",
        "Zorgverzekeraar Anker",
        "built",
        Some(7.0),
        None,
        None,
    );
    below.complaint_verdict = Some(Verdict::Below);
    below.withheld_departments = 2;
    let mut same = org("linie", "De Linie", "built", Some(6.5), None, None);
    same.complaint_verdict = Some(Verdict::NotDistinguishable);
    let html = portfolio_html("Bureau", "2026-11-29", &[below, same], Default::default());
    assert_eq!(
        html.matches("class=\"num below-benchmark\"").count(),
        1,
        "{html}"
    );
    assert!(!html.contains("class=\"num above-benchmark\""));
    assert!(html.contains("Onder de benchmark: het 95%-interval ligt eronder"));
    assert!(html.contains("2 afdelingsrapport(en) niet gemaakt (anonimiteit)"));
    assert_eq!(html.matches("class=\"sub withheld\"").count(), 1);
}
