//! `employees.csv`: staff predict the customers' grades and importance with their layer's
//! misjudgement, and rate their orientation and enablement; in a calibration scenario they
//! answer exactly as customers do, plus the planted effect.

use std::path::Path;

use anyhow::Result;

use super::cells::{CsvFile, bool01, cell, employee_header, grade, maybe, scale5};
use super::org::{Org, WavePlan};
use super::rng::Rng;
use super::{Effect, Questionnaire, Scenario, profile, stream, text};

impl Org<'_> {
    pub(super) fn write_employees(
        &self,
        q: &Questionnaire,
        wave: &WavePlan,
        path: &Path,
    ) -> Result<u64> {
        let p = &self.profile;
        // Per-wave view of each layer: its misjudgement per aspect and of the importance.
        let mut wrng = self.rng(wave.index, stream::WAVE);
        let layer_offset: Vec<Vec<f64>> = self
            .layers
            .iter()
            .map(|l| {
                self.aspects
                    .iter()
                    .map(|a| {
                        a.staff_bias * p.staff_bias_scale * l.bias_scale
                            + l.optimism
                            + wrng.normal(0.0, l.noise_sd)
                    })
                    .collect()
            })
            .collect();
        let layer_importance: Vec<Vec<f64>> = self
            .layers
            .iter()
            .map(|l| {
                self.aspects
                    .iter()
                    .enumerate()
                    .map(|(a, asp)| {
                        (1.0 - l.leader_weight) * self.importance[a]
                            + l.leader_weight * asp.leader_importance
                            + wrng.normal(0.0, 0.08 + 0.2 * l.distance)
                    })
                    .collect()
            })
            .collect();
        let layer_overall: Vec<f64> = self
            .layers
            .iter()
            .map(|l| 0.25 + 0.5 * l.distance + wrng.normal(0.0, 0.1 + 0.3 * l.distance))
            .collect();

        let mut rng = self.rng(wave.index, stream::EMPLOYEES);
        let n = self.count(self.opts.employees_per_wave, &mut rng);
        let layer_of = self.assign_layers(n, &mut rng);
        let dept_of = self.assign_departments(&layer_of, &mut rng);
        let perceived: Vec<f64> = (0..self.aspects.len())
            .map(|a| self.perceived_mean(wave, a))
            .collect();
        let base_enable = [3.5, 3.6, 3.4, 3.5, 3.7];
        let calm = p.scenario != Scenario::Realistic;

        let mut w = CsvFile::create(path)?;
        w.row(employee_header(q.aspects))?;
        for i in 0..n {
            let l = layer_of[i];
            let layer = &self.layers[l];
            let d = dept_of[i];
            let f = layer.distance;
            let contact = rng.chance(layer.contact_prob);
            let halo = rng.normal(0.0, 0.4);
            // Staff predict the typical customer, so their answers spread less than customers'.
            let individual_sd = 0.85 + 0.2 * f;
            let mut rec: Vec<String> = Vec::with_capacity(20 + 2 * self.aspects.len());
            rec.push(format!("M{:04}", i + 1));
            rec.push(p.departments[d].id.clone());
            rec.push(layer.id.clone());
            rec.push(bool01(contact));
            if calm {
                self.calm_prediction(wave, l, &mut rng, &mut rec);
            } else {
                let overall = wave.staff_grade + layer_overall[l] + halo + rng.normal(0.0, 0.9);
                rec.push(cell(maybe(&mut rng, 0.02, grade(overall))));
                for (a, mean) in perceived.iter().enumerate() {
                    let v = mean
                        + 0.5 * self.department_offset[d][a]
                        + layer_offset[l][a]
                        + halo
                        + rng.normal(0.0, individual_sd);
                    rec.push(cell(maybe(&mut rng, 0.02, grade(v))));
                }
                for imp in &layer_importance[l] {
                    let v = scale5(imp + rng.normal(0.0, 0.7));
                    rec.push(maybe(&mut rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
                }
            }
            // Orientation ladder: self > department > organization; leaders see the
            // organization rosier than the frontline does. Flat when nothing is going on.
            let [o_self, o_dept, o_org] = p.orientation;
            let lf = if calm { 0.0 } else { f };
            for v in [
                o_self + rng.normal(0.0, 0.6),
                o_dept + 0.2 * lf + rng.normal(0.0, 0.7),
                o_org + if calm { 0.0 } else { -0.15 } + 0.7 * lf + rng.normal(0.0, 0.8),
            ] {
                rec.push(scale5(v).to_string());
            }
            for (item, base) in base_enable.iter().enumerate() {
                let mut mean = base + 0.5 * lf;
                if item == p.weak_enabler && !calm {
                    mean = 2.5 + 0.4 * f - if l == 0 { 0.2 } else { 0.0 };
                }
                let v = scale5(mean + rng.normal(0.0, 0.8));
                rec.push(maybe(&mut rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
            }
            // Staff predict the complainants' verdict; when nothing is going on, from the
            // complainants' own distribution.
            let cs = if calm {
                grade(p.complaint_score + rng.normal(0.0, 1.6))
            } else {
                grade(6.9 + 0.6 * f + rng.normal(0.0, 1.1))
            };
            rec.push(cell(maybe(&mut rng, 0.03, cs)));
            let leader = f >= 0.5 && self.layers.len() > 1;
            rec.push(if rng.chance(0.7) {
                text::frustration(&mut rng, p.sector, leader)
            } else {
                String::new()
            });
            let strategy_p = if contact { 0.65 * (1.0 - 0.5 * f) } else { 0.2 };
            rec.push(if rng.chance(strategy_p) {
                text::strategy(&mut rng, p.sector)
            } else {
                String::new()
            });
            w.row(&rec)?;
        }
        w.finish()?;
        Ok(n as u64)
    }

    /// One employee's predicted overall grade, aspect scores and importance in a calibration
    /// scenario: drawn exactly as a customer's answers are (one latent satisfaction, the same
    /// means and spreads), plus the planted effect where it applies to layer `l`.
    fn calm_prediction(&self, wave: &WavePlan, l: usize, rng: &mut Rng, rec: &mut Vec<String>) {
        let k = self.layers.len();
        let planted = match self.profile.scenario {
            Scenario::Planted(e) => Some(e),
            _ => None,
        };
        let z = rng.normal(0.0, 1.0);
        let mut deviation = 0.0;
        let mut scores = Vec::with_capacity(self.aspects.len());
        for a in 0..self.aspects.len() {
            let mean = self.customer_mean(wave, a);
            let latent = mean + 0.7 * z + rng.normal(0.0, 1.3);
            deviation += self.weights[a] * (latent - mean);
            let effect = match planted {
                Some(Effect::BlindSpot) if a == 0 => profile::BLIND_SPOT_SHIFT,
                Some(Effect::HiddenStrength) if a == 1 => profile::HIDDEN_STRENGTH_SHIFT,
                Some(Effect::DistantBoard) if l + 1 == k && k > 1 => {
                    let sign = if a % 2 == 0 { 1.0 } else { -1.0 };
                    sign * profile::DISTANT_BOARD_SHIFT
                }
                _ => 0.0,
            };
            scores.push(grade(latent + effect));
        }
        let overall = if self.aspects.is_empty() {
            wave.grade + 0.9 * z + rng.normal(0.0, 0.5)
        } else {
            wave.grade + deviation + rng.normal(0.0, 0.55)
        };
        rec.push(cell(maybe(rng, 0.02, grade(overall))));
        for score in scores {
            rec.push(cell(maybe(rng, 0.02, score)));
        }
        let last = self.aspects.len().saturating_sub(1);
        for (a, m) in self.importance.iter().enumerate() {
            let leader = k >= 3 && l + 2 >= k;
            let effect = match planted {
                Some(Effect::LeadershipImportance) if a == last && leader => {
                    profile::LEADERSHIP_IMPORTANCE_SHIFT
                }
                _ => 0.0,
            };
            let v = scale5(m + effect + rng.normal(0.0, 0.8));
            rec.push(maybe(rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
        }
    }
}
