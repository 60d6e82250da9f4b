//! Property tests of the reader: it never panics, whatever the bytes; every row is accounted
//! for; and what a CSV writer wrote — any delimiter, line ending, encoding, quoting — reads
//! back cell for cell with the right line numbers. Inputs are small so the suite stays fast.

use std::path::Path;

use proptest::prelude::*;
use spiegel::config::{Config, Policy};
use spiegel::input::ingest::{ReadOptions, Table, read_wave};
use spiegel::model::{OrgMeta, Organization, Wave};

fn config() -> Config {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/spiegel.yaml");
    Config::load(&path).unwrap()
}

const EMPLOYEES: &str = "respondent_id,layer,overall\nM1,frontline,7\n";

/// Bytes that look a bit like CSV: most of the interesting cases are near-CSV.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"respondent_id".to_vec()),
        Just(b"overall".to_vec()),
        Just(b"department".to_vec()),
        Just(b"7,5".to_vec()),
        Just(b"NA".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xE9".to_vec()),
        Just("é".as_bytes().to_vec()),
        Just(b"sep=;".to_vec()),
        Just(b"K1".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn read_wave_never_panics_and_balances_every_file(
        bytes in prop_oneof![csvish(), proptest::collection::vec(any::<u8>(), 0..300)],
        strict in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("customers.csv"), &bytes).unwrap();
        std::fs::write(tmp.path().join("employees.csv"), EMPLOYEES).unwrap();
        let mut meta: OrgMeta = serde_saphyr::from_str("name: X\n").unwrap();
        if strict {
            meta.ingest.policy = Some(Policy::Strict);
        }
        let org = Organization { id: "x".into(), dir: tmp.path().into(), meta, waves: vec![] };
        let wave = Wave { id: "w".into(), dir: tmp.path().into(), meta: Default::default() };
        if let Ok(data) = read_wave(&config(), &org, &wave) {
            for s in data.quality.files.values() {
                prop_assert!(s.is_balanced(), "{s:?}");
            }
            prop_assert_eq!(data.customers.len() as u64, data.quality.files["customers.csv"].rows_used);
        }
    }

    #[test]
    fn table_never_panics_with_any_options(
        bytes in csvish(),
        delimiter in prop_oneof![Just(None), Just(Some(b',')), Just(Some(b';')), Just(Some(b'\t'))],
        header_row in prop_oneof![1u64..4, Just(u64::MAX)],
        skip in prop_oneof![0u64..3, Just(u64::MAX)],
        max_record_bytes in prop_oneof![Just(16usize), Just(1 << 20)],
    ) {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), &bytes).unwrap();
        let options = ReadOptions {
            delimiter,
            header_row,
            skip_rows_after_header: skip,
            max_record_bytes,
            ..ReadOptions::default()
        };
        if let Ok(mut table) = Table::open_with(tmp.path(), &options) {
            let has_id = table.has("respondent_id");
            table.for_each_row(|row| {
                let scale = spiegel::config::Scale { min: 1.0, max: 10.0, pass_mark: None };
                let _ = row.number("overall", &scale);
                let _ = row.boolean("complaint");
                if has_id && row.text("respondent_id").is_none() {
                    row.reject(Some("respondent_id"), "missing_id", "no id".into());
                    return false;
                }
                true
            });
            let (_, stats, _) = table.finish();
            prop_assert!(stats.is_balanced(), "{stats:?}");
        }
    }

    #[test]
    fn what_a_csv_writer_wrote_reads_back_with_the_right_lines(
        rows in proptest::collection::vec(
            proptest::collection::vec("[a-zé€ë ,;\"\n]{0,6}[a-zé€ë]", 3),
            1..8,
        ),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
        crlf in any::<bool>(),
        cp1252 in any::<bool>(),
        bom in any::<bool>(),
    ) {
        // A cell that spells a missing-value token ("na", "nvt", "weet niet": the default
        // list, any case) is read as missing, rightly (the fixture tests cover that).
        let token = |c: &str| {
            let words = c.split_whitespace().collect::<Vec<_>>().join(" ");
            ["na", "n/a", "nvt", "weet niet"].contains(&words.to_lowercase().as_str())
        };
        prop_assume!(!rows.iter().any(|r| r[1..].iter().any(|c| token(c))));
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        w.write_record(["respondent_id", "a", "b"]).unwrap();
        let mut lines = Vec::new();
        let mut line = 2u64;
        for (i, r) in rows.iter().enumerate() {
            lines.push(line);
            line += 1 + r[1..].iter().map(|c| c.matches('\n').count() as u64).sum::<u64>();
            w.write_record([format!("R{i}"), r[1].clone(), r[2].clone()]).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut bytes = if cp1252 {
            encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        };
        // Windows-1252 bytes that happen to be valid UTF-8 ("ë€€" is EB 80 80, which is "뀀")
        // are read as UTF-8, rightly: nothing in such a file tells the two apart.
        prop_assume!(!cp1252 || bytes.is_ascii() || std::str::from_utf8(&bytes).is_err());
        if bom && !cp1252 {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), &bytes).unwrap();
        let mut table = Table::open(tmp.path()).unwrap();
        prop_assert_eq!(table.delimiter(), delimiter);
        let mut got = Vec::new();
        table.for_each_row(|row| {
            got.push((row.line(), row.text("a"), row.text("b")));
            true
        });
        let expected: Vec<_> = rows
            .iter()
            .zip(&lines)
            .map(|(r, l)| (*l, Some(r[1].trim().to_string()), Some(r[2].trim().to_string())))
            .collect();
        prop_assert_eq!(got, expected);
        let (_, stats, findings) = table.finish();
        prop_assert!(findings.is_empty(), "{findings:?}");
        prop_assert_eq!(stats.rows_read, rows.len() as u64);
    }
}
