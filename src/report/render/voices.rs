//! "What customers and staff say": a small, deterministic selection of open answers, with
//! personal data scrubbed.

use serde::Serialize;

use super::scrub::scrub;
use crate::analysis::quotes::{quotable, selection_key};
use crate::input::ingest::WaveData;

/// Selected open answers.
#[derive(Debug, Default, Serialize)]
pub struct Voices {
    /// Customers' comments.
    pub customers: Vec<String>,
    /// Employees: what frustrates customers.
    pub frustrations: Vec<String>,
    /// Employees: what works for them.
    pub strategies: Vec<String>,
}

impl Voices {
    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty() && self.frustrations.is_empty() && self.strategies.is_empty()
    }
}

/// Up to `n` answers per kind. The choice is a hash of the respondent id, so it is stable
/// across runs and independent of row order; answers shorter than a few words are skipped.
pub fn select(data: &WaveData, n: usize, replacement: &str) -> Voices {
    let customers = pick(
        data.customers
            .iter()
            .filter_map(|r| Some((&r.respondent_id, r.comment.as_deref()?))),
        n,
        replacement,
    );
    let frustrations = pick(
        data.employees
            .iter()
            .filter_map(|r| Some((&r.respondent_id, r.frustrations.as_deref()?))),
        n / 2,
        replacement,
    );
    let strategies = pick(
        data.employees
            .iter()
            .filter_map(|r| Some((&r.respondent_id, r.strategies.as_deref()?))),
        n / 2,
        replacement,
    );
    Voices {
        customers,
        frustrations,
        strategies,
    }
}

fn pick<'a>(
    answers: impl Iterator<Item = (&'a String, &'a str)>,
    n: usize,
    replacement: &str,
) -> Vec<String> {
    let mut keyed: Vec<([u8; 32], &str)> = answers
        .filter(|(_, text)| quotable(text))
        .map(|(id, text)| (selection_key(id), text))
        .collect();
    keyed.sort();
    let mut seen = std::collections::HashSet::new();
    keyed
        .into_iter()
        .map(|(_, text)| scrub(text.trim(), replacement))
        .filter(|t| seen.insert(t.clone()))
        .take(n)
        .collect()
}
