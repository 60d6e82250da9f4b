//! Does a file's header match the organization's questionnaire? An aspect without a column
//! and a column that looks like an aspect outside the questionnaire are notes on the header
//! row, so a mismatch is seen instead of becoming a silent gap.

use super::{FileKind, Table, canonical_columns, weight_column};
use crate::config::Config;
use crate::config::ingest::normalize;

/// Note every aspect of `config`'s questionnaire that has no column in `table`, and every
/// `imp_<x>` column (with its `<x>`) whose aspect is not in the questionnaire.
///
/// A file with no aspect column at all is only a mismatch when it has columns outside the
/// data format (one note naming them); without those it is an overall-grade-only survey.
pub(super) fn check_header(table: &mut Table, config: &Config, kind: FileKind) {
    let aspects = &config.questionnaire.aspects;
    if !aspects.iter().any(|a| table.has(&a.id)) {
        let used: Vec<usize> = canonical_columns(kind, config)
            .iter()
            .filter_map(|(c, _)| table.column_of(c))
            .collect();
        let weight = weight_column(config, kind).map(|w| normalize(&w));
        let other: Vec<String> = (table.header().iter().enumerate())
            .filter(|(i, h)| {
                !h.is_empty() && !used.contains(i) && weight.as_deref() != Some(&normalize(h))
            })
            .map(|(_, h)| format!("'{h}'"))
            .collect();
        if !other.is_empty() {
            let ids: Vec<&str> = aspects.iter().map(|a| a.id.as_str()).collect();
            let msg = format!(
                "none of the questionnaire's aspects ({}) has a column, and the file has \
                 columns outside the data format ({}): map them under ingest.files.{}.columns, \
                 or set this organization's aspects under questionnaire in org.yaml",
                ids.join(", "),
                other.join(", "),
                kind.key()
            );
            table.note_header(0, "questionnaire_mismatch", msg);
        }
        return;
    }
    let asks_importance = aspects.iter().any(|a| table.has(&format!("imp_{}", a.id)));
    for a in aspects {
        let label = &a.label.nl;
        if !table.has(&a.id) {
            let msg = format!(
                "the questionnaire has aspect '{}' ({label}), but the file has no column for it, \
                 so it has no scores in this wave; if the organization does not ask about it, \
                 list it under questionnaire.drop in org.yaml",
                a.id
            );
            table.note_header(0, "aspect_column_missing", msg);
        }
        let imp = format!("imp_{}", a.id);
        if asks_importance && table.has(&a.id) && !table.has(&imp) {
            let msg = format!(
                "the file has importance columns, but none for aspect '{}' ({label}): expected \
                 a column '{imp}'",
                a.id
            );
            table.note_header(0, "aspect_column_missing", msg);
        }
    }
    let known = |id: &str| aspects.iter().any(|a| a.id == id);
    let header: Vec<String> = table.header().iter().map(|h| normalize(h)).collect();
    for (i, h) in header.iter().enumerate() {
        let Some(id) = h.strip_prefix("imp_") else {
            continue;
        };
        if known(id) {
            continue;
        }
        let mut msg = format!(
            "column '{h}' is the importance of an aspect '{id}' that is not in this \
             organization's questionnaire; it is not used (add the aspect under \
             questionnaire.add in org.yaml)"
        );
        if let Some(j) = header.iter().position(|x| x == id) {
            msg.push_str(&format!(", nor is column '{id}' (column {})", j + 1));
        }
        table.note_header(i as u64 + 1, "aspect_not_in_questionnaire", msg);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::input::ingest::{Effect, ReadOptions, Table};

    fn config() -> crate::config::Config {
        crate::config::Config::load(Path::new("config/spiegel.yaml")).unwrap()
    }

    fn notes(header: &str, kind: super::FileKind) -> Vec<String> {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("customers.csv");
        std::fs::write(&path, format!("{header}\n")).unwrap();
        let mut table = Table::open_with(&path, &ReadOptions::default()).unwrap();
        super::check_header(&mut table, &config(), kind);
        let (_, _, findings) = table.finish();
        assert!(findings.iter().all(|f| f.effect == Effect::Note));
        findings
            .iter()
            .map(|f| format!("{}|{}", f.reason, f.at.message))
            .collect()
    }

    #[test]
    fn a_file_of_another_questionnaire_is_one_clear_note() {
        let n = notes(
            "respondent_id,overall,q1,q2,weight",
            super::FileKind::Customers,
        );
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(n[0].starts_with("questionnaire_mismatch|none of the questionnaire's aspects"));
        assert!(
            n[0].contains("('q1', 'q2')"),
            "the weight column is known: {n:?}"
        );
        // Only columns of the data format: an overall-grade-only survey, no note.
        assert!(notes("respondent_id,overall,comment", super::FileKind::Customers).is_empty());
    }

    #[test]
    fn an_aspect_outside_the_questionnaire_is_named() {
        let mut cols = vec!["respondent_id".to_string(), "overall".into()];
        for a in config().questionnaire.aspects {
            cols.push(a.id.clone());
            cols.push(format!("imp_{}", a.id));
        }
        cols.push("digitaal".into());
        cols.push("imp_digitaal".into());
        let n = notes(&cols.join(","), super::FileKind::Customers);
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(
            n[0].starts_with("aspect_not_in_questionnaire|column 'imp_digitaal'"),
            "{n:?}"
        );
        assert!(n[0].contains("nor is column 'digitaal'"), "{n:?}");
    }
}
