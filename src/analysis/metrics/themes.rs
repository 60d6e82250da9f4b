//! Open answers as themes: each answer is coded with the configuration's codebook
//! (`config::themes`), theme shares are counted per group (customers' comments; staff's
//! frustrations and strategies together), and per theme a few customer answers are kept as
//! candidate quotes: deterministic (by a hash of the respondent id), answers about that theme
//! alone first, no stubs, no duplicates. The report scrubs them and shows one or two.

use serde::Serialize;

use crate::config::themes::Theme;

/// Candidate quotes kept per theme.
pub const CANDIDATES: usize = 6;
/// Shortest and longest answer quoted, in words.
const QUOTE_WORDS: (usize, usize) = (6, 60);

/// The themes an answer is about, as indices into `codebook`, in codebook order.
pub fn code(codebook: &[Theme], answer: &str) -> Vec<usize> {
    let lower = answer.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    codebook
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.patterns.iter().any(|p| match p.strip_suffix('*') {
                Some(stem) => words.iter().any(|w| w.starts_with(stem)),
                None => words.iter().any(|w| w == p),
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Answers of one group: how many answered, per theme how many mention it, how many mention
/// none.
#[derive(Debug, Clone, Default)]
struct GroupCount {
    answered: u64,
    per_theme: Vec<u64>,
    other: u64,
}

impl GroupCount {
    fn add(&mut self, themes: &[usize], n_themes: usize) {
        self.per_theme.resize(n_themes, 0);
        self.answered += 1;
        if themes.is_empty() {
            self.other += 1;
        }
        for &t in themes {
            self.per_theme[t] += 1;
        }
    }
}

/// A candidate quote: ordering key, text and its normalized form (for duplicates).
#[derive(Debug, Clone)]
struct Candidate {
    key: (bool, [u8; 32]),
    text: String,
    norm: String,
}

/// Streaming theme counts of a wave.
#[derive(Debug, Clone, Default)]
pub struct ThemeAcc {
    customers: GroupCount,
    staff: GroupCount,
    candidates: Vec<Vec<Candidate>>,
}

impl ThemeAcc {
    /// Fold in a customer's comment.
    pub fn customer(&mut self, codebook: &[Theme], respondent_id: &str, comment: Option<&str>) {
        let Some(text) = comment.map(str::trim).filter(|t| !t.is_empty()) else {
            return;
        };
        let themes = code(codebook, text);
        self.customers.add(&themes, codebook.len());
        let words = text.split_whitespace().count();
        if !(QUOTE_WORDS.0..=QUOTE_WORDS.1).contains(&words) {
            return;
        }
        self.candidates.resize(codebook.len(), Vec::new());
        let norm: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let hash = *blake3::hash(respondent_id.as_bytes()).as_bytes();
        for &t in &themes {
            let list = &mut self.candidates[t];
            let candidate = Candidate {
                key: (themes.len() > 1, hash),
                text: text.to_string(),
                norm: norm.clone(),
            };
            if let Some(same) = list.iter_mut().find(|c| c.norm == candidate.norm) {
                if candidate.key < same.key {
                    *same = candidate;
                }
                continue;
            }
            list.push(candidate);
            list.sort_by_key(|c| c.key);
            list.truncate(CANDIDATES);
        }
    }

    /// Fold in an employee's open answers (frustrations and strategies as one answer).
    pub fn employee(&mut self, codebook: &[Theme], texts: [Option<&str>; 2]) {
        let text: Vec<&str> = texts
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if text.is_empty() {
            return;
        }
        let themes = code(codebook, &text.join(" "));
        self.staff.add(&themes, codebook.len());
    }

    /// The figures for `metrics.json` and the report.
    pub fn finish(&self, codebook: &[Theme]) -> ThemeMetrics {
        let group = |name: &'static str, g: &GroupCount| {
            let share = |n: u64| (g.answered > 0).then(|| n as f64 / g.answered as f64);
            ThemeGroup {
                group: name,
                answered: g.answered,
                themes: codebook
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let count = g.per_theme.get(i).copied().unwrap_or(0);
                        ThemeShare {
                            id: t.id.clone(),
                            count,
                            share: share(count),
                        }
                    })
                    .collect(),
                other: ThemeShare {
                    id: "other".into(),
                    count: g.other,
                    share: share(g.other),
                },
            }
        };
        ThemeMetrics {
            groups: vec![
                group("customers", &self.customers),
                group("staff", &self.staff),
            ],
            candidates: codebook
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    self.candidates
                        .get(i)
                        .map(|l| l.iter().map(|c| c.text.clone()).collect())
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

/// Theme shares of a wave.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ThemeMetrics {
    /// Per group (`customers`, `staff`).
    pub groups: Vec<ThemeGroup>,
    /// Per theme (codebook order), candidate customer quotes, best first. Not written to
    /// `metrics.json`: they are unscrubbed answers.
    #[serde(skip)]
    pub candidates: Vec<Vec<String>>,
}

/// The themes of one group's answers.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeGroup {
    /// `customers` or `staff`.
    pub group: &'static str,
    /// Respondents with an open answer.
    pub answered: u64,
    /// Per theme in codebook order: answers that mention it and their share of `answered`.
    pub themes: Vec<ThemeShare>,
    /// Answers that mention no theme.
    pub other: ThemeShare,
}

/// Answers mentioning a theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeShare {
    /// Theme id (`other` for answers without a theme).
    pub id: String,
    /// Answers.
    pub count: u64,
    /// Share of the group's answers; absent when nobody answered.
    pub share: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::themes::default_codebook;

    #[test]
    fn answers_are_coded_by_words_and_stems() {
        let book = default_codebook();
        let ids = |text: &str| -> Vec<&str> {
            code(&book, text)
                .into_iter()
                .map(|i| book[i].id.as_str())
                .collect()
        };
        assert_eq!(ids("Ik wacht al weken, niemand belt terug."), ["wachttijd"]);
        assert_eq!(
            ids("Telefonisch slecht bereikbaar en de brief was onduidelijk."),
            ["bereikbaarheid", "communicatie"]
        );
        assert_eq!(ids("Vriendelijke medewerker!"), ["bejegening"]);
        // A stem matches only at the start of a word; a plain word only whole.
        assert!(ids("Ik was blij.").is_empty());
        assert!(ids("appel").is_empty());
    }

    #[test]
    fn shares_count_answers_and_other_and_quotes_skip_stubs_and_duplicates() {
        let book = default_codebook();
        let mut acc = ThemeAcc::default();
        let long = "De medewerker was heel vriendelijk en nam echt de tijd voor mij.";
        acc.customer(&book, "c1", Some(long));
        acc.customer(&book, "c2", Some(long));
        acc.customer(&book, "c3", Some("Vriendelijk."));
        acc.customer(&book, "c4", Some("Prima geregeld, dank u wel hoor."));
        acc.customer(&book, "c5", None);
        acc.customer(&book, "c6", Some("   "));
        acc.employee(
            &book,
            [Some("Klanten wachten te lang"), Some("Ik bel ze terug")],
        );
        acc.employee(&book, [None, None]);
        let m = acc.finish(&book);
        let customers = &m.groups[0];
        assert_eq!(customers.answered, 4);
        let treatment = &customers.themes[2];
        assert_eq!((treatment.id.as_str(), treatment.count), ("bejegening", 3));
        assert_eq!(treatment.share, Some(0.75));
        assert_eq!(customers.other.count, 1);
        let staff = &m.groups[1];
        assert_eq!(staff.answered, 1);
        assert_eq!(staff.themes[1].count, 1, "wachttijd");
        // One copy of the repeated answer; the stub is never a candidate.
        assert_eq!(m.candidates[2], vec![long.to_string()]);
        // Candidates stay out of metrics.json.
        let json = serde_json::to_string(&m).unwrap();
        assert!(!json.contains("vriendelijk"), "{json}");
    }
}
