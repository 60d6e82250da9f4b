//! Reading `org.yaml` and `wave.yaml`: a mistake is reported at file:line:column with what
//! was expected there, an example, and — where the intent is clear — the corrected line.
//!
//! ```text
//! data/acme/org.yaml:3:14: expected sequence start
//!   expected: a list of departments, each a name or an id and a name
//!   example:  departments: [Klantcontactcentrum, { id: onderhoud, name: Onderhoud }]
//!   corrected: departments: [Service, Onderhoud]
//! ```

use std::path::Path;

use crate::error::SourceError;
use crate::model::{Date, OrgMeta, WaveMeta};

/// Which file is read, for the hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Org,
    Wave,
}

/// Read and check an `org.yaml`.
pub fn read_org_meta(path: &Path) -> Result<OrgMeta, SourceError> {
    let text = read(path)?;
    parse_org_meta(path, &text)
}

/// Parse `org.yaml` text; `path` is only used in messages.
pub fn parse_org_meta(path: &Path, text: &str) -> Result<OrgMeta, SourceError> {
    let meta: OrgMeta =
        serde_saphyr::from_str(text).map_err(|e| explain(path, text, &e, Kind::Org))?;
    meta.check().map_err(|(line_key, msg)| {
        let line = line_of_key(text, line_key);
        let (expected, example) = hint(Kind::Org, line_key);
        SourceError::at(
            path,
            line,
            0,
            format!("{msg}\n  expected: {expected}\n  example:  {example}"),
        )
    })?;
    Ok(meta)
}

/// Read and check a `wave.yaml`.
pub fn read_wave_meta(path: &Path) -> Result<WaveMeta, SourceError> {
    let text = read(path)?;
    parse_wave_meta(path, &text)
}

/// Parse `wave.yaml` text; `path` is only used in messages.
pub fn parse_wave_meta(path: &Path, text: &str) -> Result<WaveMeta, SourceError> {
    serde_saphyr::from_str(text).map_err(|e| explain(path, text, &e, Kind::Wave))
}

fn read(path: &Path) -> Result<String, SourceError> {
    std::fs::read_to_string(path).map_err(|e| SourceError::io(path, format!("cannot read: {e}")))
}

/// The serde-saphyr error at its position, with what the field there expects.
fn explain(path: &Path, text: &str, e: &serde_saphyr::Error, kind: Kind) -> SourceError {
    let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let first = e.to_string();
    let first = first.lines().next().unwrap_or("invalid YAML").trim();
    // Drop serde-saphyr's own "error: line L column C: " prefix: the location leads already.
    let message = match first.find(": ") {
        Some(i) if first.starts_with("error: line ") => {
            let rest = &first[i + 2..];
            rest.split_once(": ").map_or(rest, |(_, m)| m)
        }
        _ => first,
    };
    let key = enclosing_key(text, line as usize);
    let key = match (key, message) {
        // A missing or unknown top-level field is about the file as a whole.
        (_, m) if m.starts_with("missing field") && line <= 1 => None,
        (_, m) if m.starts_with("unknown field") && is_top_level(text, line as usize) => None,
        (k, _) => k,
    };
    let (expected, example) = match key {
        Some(k) => hint(kind, k),
        None => whole_file(kind),
    };
    let mut out = format!("{message}\n  expected: {expected}\n  example:  {example}");
    if let Some(fixed) = correct(kind, text, line as usize, message) {
        out.push_str(&format!("\n  corrected: {fixed}"));
    }
    SourceError::at(path, line, col, out)
}

/// The top-level key whose value holds line `line` (1-based): the nearest line at or above it
/// that starts in column 1 with `key:`.
fn enclosing_key(text: &str, line: usize) -> Option<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let upto = line.min(lines.len());
    lines[..upto].iter().rev().find_map(|l| top_key(l))
}

fn top_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    (!key.is_empty()).then_some(key)
}

fn is_top_level(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| top_key(l).is_some())
}

fn line_of_key(text: &str, key: &str) -> u64 {
    text.lines()
        .position(|l| top_key(l) == Some(key))
        .map_or(0, |i| i as u64 + 1)
}

/// What a field expects and an example of it.
fn hint(kind: Kind, key: &str) -> (&'static str, &'static str) {
    match (kind, key) {
        (Kind::Org, "name") => (
            "the organization's display name, a text",
            "name: Woonstichting De Linde",
        ),
        (Kind::Org, "language") => ("the report language, nl or en", "language: nl"),
        (Kind::Org, "account_manager") => (
            "the agency's account manager: a name, or a name and an e-mail address",
            "account_manager: { name: Sanne de Vries, email: sanne@bureau.nl }",
        ),
        (Kind::Org, "departments") => (
            "a list of departments, each a name or an id and a name",
            "departments: [Klantcontactcentrum, { id: onderhoud, name: Onderhoud }]",
        ),
        (Kind::Org, "ingest") => (
            "how this organization's exports are read: the fields of the configuration's \
             ingest section (docs/ingest.md)",
            "ingest: { files: { customers: { export: qualtrics, columns: { overall: Q1 } } } }",
        ),
        (Kind::Org, "questionnaire") => (
            "changes to the configured questionnaire: aspects to add, drop or relabel \
             (docs/ingest.md)",
            "questionnaire: { drop: [privacy], relabel: { wachttijd: { nl: Wachten, en: \
             Waiting } } }",
        ),
        (Kind::Org, "weights") => (
            "the weight column per file (docs/ingest.md)",
            "weights: { customers: gewicht }",
        ),
        (Kind::Wave, "label") => ("the wave's display label, a text", "label: Voorjaar 2026"),
        (Kind::Wave, "fieldwork") => (
            "the first and last day of the fieldwork, as year-month-day",
            "fieldwork: { start: 2026-03-02, end: 2026-03-27 }",
        ),
        (kind, _) => whole_file(kind),
    }
}

fn whole_file(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Org => (
            "org.yaml with a name and, optionally, language, account_manager, departments, \
             questionnaire, weights and ingest",
            "name: Woonstichting De Linde  (then, optional: language: nl, departments: \
             [Klantcontactcentrum, Onderhoud])",
        ),
        Kind::Wave => (
            "wave.yaml with, optionally, a label and the fieldwork period",
            "label: Voorjaar 2026  (and: fieldwork: { start: 2026-03-02, end: 2026-03-27 })",
        ),
    }
}

/// The corrected form of line `line` when the intent is clear: a list written without
/// brackets, a language written out, a date in day-month-year order, a misspelled field.
fn correct(kind: Kind, text: &str, line: usize, message: &str) -> Option<String> {
    let src = text.lines().nth(line.checked_sub(1)?)?;
    let (key, value) = src.split_once(':')?;
    let (indent, key) = (&key[..key.len() - key.trim_start().len()], key.trim());
    let value = value.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let wrong = rest.split('`').next()?;
        let known = rest.split_once("expected one of ")?.1;
        let best = known
            .split(", ")
            .map(|k| (crate::config::ingest::edit_distance(wrong, k), k))
            .min()?;
        let after = &src[src.find(':')? + 1..];
        return (best.0 <= 2).then(|| format!("{indent}{}:{after}", best.1));
    }
    match (kind, key) {
        (Kind::Org, "departments") if !value.is_empty() && !value.starts_with(['[', '{']) => {
            let names: Vec<&str> = value
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            Some(format!("departments: [{}]", names.join(", ")))
        }
        (Kind::Org, "language") => {
            let v = value.trim_matches(['"', '\'']).to_lowercase();
            let code = match v.as_str() {
                "nederlands" | "dutch" | "nl-nl" | "nld" | "ned" => "nl",
                "engels" | "english" | "en-gb" | "en-us" | "eng" => "en",
                _ => return None,
            };
            Some(format!("language: {code}"))
        }
        _ if message.contains("is not a date") => {
            let fixed = fix_dates(src);
            (fixed != src).then_some(fixed)
        }
        _ => None,
    }
}

/// Rewrite `d-m-yyyy`, `d/m/yyyy` and `yyyy-m-d` dates in `line` as `yyyy-mm-dd`.
fn fix_dates(line: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(&iso_of(word).unwrap_or_else(|| word.clone()));
        word.clear();
    };
    for c in line.chars() {
        if c.is_ascii_digit() || c == '-' || c == '/' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn iso_of(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let iso = format!(
        "{:04}-{:02}-{:02}",
        y.parse::<u32>().ok()?,
        m.parse::<u32>().ok()?,
        d.parse::<u32>().ok()?
    );
    Date::parse_iso(&iso).map(|_| iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(text: &str) -> Result<OrgMeta, String> {
        parse_org_meta(Path::new("org.yaml"), text).map_err(|e| e.to_string())
    }

    fn wave(text: &str) -> Result<WaveMeta, String> {
        parse_wave_meta(Path::new("wave.yaml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn departments_may_be_plain_names() {
        let m = org("name: A\ndepartments: [\"Service\", \"Onderhoud & Beheer\", { id: kcc, name: KCC }, { name: Cliëntenraad }]\n").unwrap();
        let ids: Vec<_> = m.departments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["service", "onderhoud-beheer", "kcc", "clientenraad"]);
        assert_eq!(m.departments[1].name, "Onderhoud & Beheer");
    }

    #[test]
    fn a_department_list_without_brackets_is_corrected() {
        let err = org("name: A\ndepartments: Service, Onderhoud\n").unwrap_err();
        assert!(err.starts_with("org.yaml:2:14: "), "{err}");
        assert!(err.contains("expected: a list of departments"), "{err}");
        assert!(
            err.contains("example:  departments: [Klantcontactcentrum"),
            "{err}"
        );
        assert!(
            err.contains("corrected: departments: [Service, Onderhoud]"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_department_entry_says_what_a_department_is() {
        let err = org("name: A\ndepartments:\n  - id: x\n    nam: Y\n").unwrap_err();
        assert!(
            err.starts_with("org.yaml:3:5: a department: its name"),
            "{err}"
        );
    }

    #[test]
    fn a_misspelled_field_is_corrected() {
        let err = org("name: A\nlangauge: nl\n").unwrap_err();
        assert!(
            err.starts_with("org.yaml:2:1: unknown field `langauge`"),
            "{err}"
        );
        assert!(err.contains("example:  name: Woonstichting"), "{err}");
        assert!(err.contains("corrected: language: nl"), "{err}");
        let err = org("name: A\nlanguage: Nederlands\n").unwrap_err();
        assert!(err.contains("org.yaml:2:11: unknown variant"), "{err}");
        assert!(err.contains("corrected: language: nl"), "{err}");
    }

    #[test]
    fn a_missing_name_shows_a_whole_example() {
        let err = org("language: nl\n").unwrap_err();
        assert!(
            err.starts_with("org.yaml:1:1: missing field `name`"),
            "{err}"
        );
        assert!(err.contains("example:  name: "), "{err}");
    }

    #[test]
    fn fieldwork_dates_are_checked_on_load() {
        let w = wave("fieldwork: { start: 2026-03-02, end: 2026-03-27 }\n").unwrap();
        let f = w.fieldwork.unwrap();
        assert_eq!(f.start.days_until(f.end), 25);
        let err = wave("label: x\nfieldwork:\n  start: 2-3-2026\n  end: 2026-03-27\n").unwrap_err();
        assert!(
            err.starts_with("wave.yaml:3:10: '2-3-2026' is not a date"),
            "{err}"
        );
        assert!(err.contains("corrected:   start: 2026-03-02"), "{err}");
        let err = wave("fieldwork: { start: 2026-03-05, end: 2026-03-01 }\n").unwrap_err();
        assert!(
            err.contains("ends (2026-03-01) before it starts (2026-03-05)"),
            "{err}"
        );
        assert!(err.contains("example:  fieldwork: { start: "), "{err}");
        let err = wave("fieldwork: { start: 2026-02-30, end: 2026-03-01 }\n").unwrap_err();
        assert!(err.starts_with("wave.yaml:1:21:"), "{err}");
    }

    #[test]
    fn duplicate_department_ids_point_at_the_departments() {
        let err = org("name: A\ndepartments: [Service, service]\n").unwrap_err();
        assert!(
            err.starts_with("org.yaml:2: department id 'service' appears twice"),
            "{err}"
        );
    }
}
