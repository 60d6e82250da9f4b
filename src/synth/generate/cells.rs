//! How drawn answers become CSV cells and files: grades and 1–5 answers from latent values,
//! missing answers, the headers of the canonical format, and the writers.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::rng::Rng;
use crate::model::schema::{self, FileKind};

pub(super) fn customer_header(aspects: &[&str]) -> Vec<String> {
    schema::header(FileKind::Customers, aspects)
}

pub(super) fn employee_header(aspects: &[&str]) -> Vec<String> {
    schema::header(FileKind::Employees, aspects)
}

/// A 1–10 grade from a latent value: rounded and clamped.
pub(super) fn grade(x: f64) -> f64 {
    x.round().clamp(1.0, 10.0)
}

/// A 1–5 answer from a latent value.
pub(super) fn scale5(x: f64) -> u8 {
    x.round().clamp(1.0, 5.0) as u8
}

/// `None` (a missing answer) with probability `p`.
pub(super) fn maybe<T>(rng: &mut Rng, p: f64, v: T) -> Option<T> {
    if rng.chance(p) { None } else { Some(v) }
}

/// A score cell: empty when missing, an integer when whole, else one decimal.
pub(super) fn cell(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(x) if x.fract() == 0.0 => format!("{}", x as i64),
        Some(x) => format!("{x:.1}"),
    }
}

pub(super) fn bool01(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

pub(super) fn write_text(path: &Path, content: &str) -> Result<()> {
    fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}

/// A CSV file being written with `\n` line ends; every error names the file.
pub(super) struct CsvFile {
    writer: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

impl CsvFile {
    pub(super) fn create(path: &Path) -> Result<CsvFile> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::new(file));
        Ok(CsvFile {
            writer,
            path: path.to_path_buf(),
        })
    }

    /// Writes one record (the header or a row).
    pub(super) fn row<T: AsRef<[u8]>>(
        &mut self,
        record: impl IntoIterator<Item = T>,
    ) -> Result<()> {
        self.writer
            .write_record(record)
            .with_context(|| format!("writing {}", self.path.display()))
    }

    /// Flushes what is buffered; an error here is a write error too.
    pub(super) fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .with_context(|| format!("writing {}", self.path.display()))
    }
}
