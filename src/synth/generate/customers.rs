//! `customers.csv`: one latent satisfaction per customer drives the aspect grades (a halo),
//! the overall grade follows the aspects and is calibrated to the wave's planned mean, and
//! complainants say how their complaint was handled.

use std::path::Path;

use anyhow::Result;

use super::cells::{CsvFile, bool01, cell, customer_header, grade, scale5};
use super::org::{Org, WavePlan};
use super::rng::Rng;
use super::{Questionnaire, Scenario, stream, text};

impl Org<'_> {
    pub(super) fn write_customers(
        &self,
        q: &Questionnaire,
        wave: &WavePlan,
        path: &Path,
    ) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::CUSTOMERS);
        let p = &self.profile;
        let n = self.count(self.opts.customers_per_wave, &mut rng);
        let dept_weights: Vec<f64> = p.departments.iter().map(|d| d.customer_weight).collect();
        // Nothing going on: the complainants' verdict is the profile's, whatever their mood.
        let calm = p.scenario != Scenario::Realistic;
        let means: Vec<f64> = (0..self.aspects.len())
            .map(|a| self.customer_mean(wave, a))
            .collect();

        let mut rows: Vec<CustomerRow> = Vec::with_capacity(n);
        for _ in 0..n {
            let department = if rng.chance(0.03) {
                None
            } else {
                Some(rng.weighted(&dept_weights))
            };
            // One latent satisfaction drives all answers (halo), each aspect adds its own part.
            let z = rng.normal(0.0, 1.0);
            let mut deviation = 0.0;
            let mut scores = Vec::with_capacity(self.aspects.len());
            let mut relative = Vec::with_capacity(self.aspects.len());
            for (a, mean) in means.iter().enumerate() {
                let shift = department.map_or(0.0, |d| self.department_offset[d][a]);
                let latent = mean + shift + 0.7 * z + rng.normal(0.0, 1.3);
                deviation += self.weights[a] * (latent - mean);
                let score = grade(latent);
                relative.push(score - mean);
                scores.push(if rng.chance(0.03) { None } else { Some(score) });
            }
            let overall_latent = if self.aspects.is_empty() {
                wave.grade + 0.9 * z + rng.normal(0.0, 0.5)
            } else {
                wave.grade + deviation + rng.normal(0.0, 0.55)
            };
            // A few respondents type a half grade such as 7.5.
            let overall = if rng.chance(0.01) {
                ((overall_latent * 2.0).round() / 2.0).clamp(1.0, 10.0)
            } else {
                grade(overall_latent)
            };
            let overall = if rng.chance(0.02) {
                None
            } else {
                Some(overall)
            };
            let imps = self
                .importance
                .iter()
                .map(|m| {
                    if rng.chance(0.03) {
                        None
                    } else {
                        Some(scale5(m + rng.normal(0.0, 0.8)))
                    }
                })
                .collect();
            // Unhappy customers complain more; the mean rate stays at the profile's rate.
            let p_complaint = p.complaint_rate * (1.0 - 0.5 * z.clamp(-1.9, 1.9));
            let complaint = rng.chance(p_complaint);
            let handling = if complaint {
                let resolved = rng.chance(p.resolve_rate);
                let repeat = rng.chance(p.repeat_rate);
                let score = p.complaint_score
                    + 1.1 * (f64::from(u8::from(resolved)) - p.resolve_rate)
                    - 0.9 * (f64::from(u8::from(repeat)) - p.repeat_rate)
                    + if calm { 0.0 } else { 0.4 * z }
                    + rng.normal(0.0, 1.5);
                let score = if rng.chance(0.03) {
                    None
                } else {
                    Some(grade(score))
                };
                Some((resolved, score, repeat))
            } else {
                None
            };
            let worst = argmin(&relative, &scores, false);
            let best = argmin(&relative, &scores, true);
            rows.push(CustomerRow {
                department,
                overall,
                overall_latent,
                scores,
                imps,
                handling,
                worst,
                best,
            });
        }
        calibrate_overall(&mut rows, wave.grade, &mut rng);

        let mut w = CsvFile::create(path)?;
        w.row(customer_header(q.aspects))?;
        for (i, row) in rows.iter().enumerate() {
            let comment_p = match row.overall {
                Some(o) if o < 6.0 => 0.55,
                _ => 0.36,
            };
            let comment = if rng.chance(comment_p) {
                let overall = row.overall.unwrap_or(wave.grade);
                text::customer_comment(
                    &mut rng,
                    p.sector,
                    overall,
                    row.worst.map(|a| self.aspects[a].id.as_str()),
                    row.best.map(|a| self.aspects[a].id.as_str()),
                )
            } else {
                String::new()
            };
            let mut rec: Vec<String> = Vec::with_capacity(8 + 2 * self.aspects.len());
            rec.push(format!("K{:04}", i + 1));
            rec.push(
                row.department
                    .map_or(String::new(), |d| p.departments[d].id.clone()),
            );
            rec.push(cell(row.overall));
            rec.extend(row.scores.iter().map(|s| cell(*s)));
            rec.extend(
                row.imps
                    .iter()
                    .map(|v| v.map_or(String::new(), |v| v.to_string())),
            );
            match &row.handling {
                Some((resolved, score, repeat)) => {
                    rec.push("1".into());
                    rec.push(bool01(*resolved));
                    rec.push(cell(*score));
                    rec.push(bool01(*repeat));
                }
                None => {
                    rec.push("0".into());
                    rec.extend([String::new(), String::new(), String::new()]);
                }
            }
            rec.push(comment);
            w.row(&rec)?;
        }
        w.finish()?;
        Ok(rows.len() as u64)
    }
}

struct CustomerRow {
    department: Option<usize>,
    overall: Option<f64>,
    overall_latent: f64,
    scores: Vec<Option<f64>>,
    imps: Vec<Option<u8>>,
    /// (resolved, score, repeat) for complainants.
    handling: Option<(bool, Option<f64>, bool)>,
    worst: Option<usize>,
    best: Option<usize>,
}

/// Index of the smallest (or, with `largest`, the largest) `relative` value among answered
/// aspects.
fn argmin(relative: &[f64], scores: &[Option<f64>], largest: bool) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, (r, s)) in relative.iter().zip(scores).enumerate() {
        if s.is_none() {
            continue;
        }
        let key = if largest { -r } else { *r };
        if best.is_none_or(|(_, k)| key < k) {
            best = Some((i, key));
        }
    }
    best.map(|(i, _)| i)
}

/// Moves the rounded overall grades so their mean hits `target` (within half a step per
/// respondent). Sampling noise at n≈200 would otherwise blur the planted trend (a
/// "stagnating" organization must move less than 0.1 over three waves). The grades whose
/// rounding was closest to going the other way are moved first, so the link with the aspect
/// scores is kept.
fn calibrate_overall(rows: &mut [CustomerRow], target: f64, rng: &mut Rng) {
    let answered: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].overall.is_some())
        .collect();
    let n = answered.len();
    if n < 20 {
        return;
    }
    let sum: f64 = answered.iter().filter_map(|i| rows[*i].overall).sum();
    let tolerance = 0.5 / n as f64;
    let mut gap = sum - target * n as f64; // in grade points over all respondents
    for _round in 0..3 {
        if gap.abs() <= tolerance * n as f64 {
            return;
        }
        let down = gap > 0.0;
        let mut candidates: Vec<usize> = answered
            .iter()
            .copied()
            .filter(|i| {
                let v = rows[*i].overall.unwrap_or(0.0);
                if down {
                    v - 1.0 >= 1.0
                } else {
                    v + 1.0 <= 10.0
                }
            })
            .collect();
        // Shuffle first so ties do not always hit the same respondents, then order by how
        // far the rounding went against the needed direction.
        rng.shuffle(&mut candidates);
        candidates.sort_by(|a, b| {
            let ra = rows[*a].overall.unwrap_or(0.0) - rows[*a].overall_latent;
            let rb = rows[*b].overall.unwrap_or(0.0) - rows[*b].overall_latent;
            if down {
                rb.total_cmp(&ra)
            } else {
                ra.total_cmp(&rb)
            }
        });
        for i in candidates {
            if gap.abs() <= 0.5 {
                return;
            }
            if let Some(v) = rows[i].overall.as_mut() {
                if down {
                    *v -= 1.0;
                    gap -= 1.0;
                } else {
                    *v += 1.0;
                    gap += 1.0;
                }
            }
        }
    }
}
