//! Which open answers may be quoted, and in which order they are considered: the analysis keeps
//! the first candidates while streaming the rows, so a report can quote them without holding
//! every answer; the report's selection (`report::render::voices`) scrubs and picks from them.

/// Whether an open answer is long enough to quote (at least three words).
pub fn quotable(text: &str) -> bool {
    text.split_whitespace().count() >= 3
}

/// The order in which answers are considered: a hash of the respondent id, so the choice is
/// stable across runs and independent of row order. The metrics stage keeps the answers with
/// the smallest keys while streaming, so the report can quote them without holding every row.
pub fn selection_key(respondent_id: &str) -> [u8; 32] {
    *blake3::hash(respondent_id.as_bytes()).as_bytes()
}
