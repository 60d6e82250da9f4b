//! The logs beside the surveys: `interactions.csv` (contacts rated by the employee and the
//! customer), `mood.csv` (each working day's mood of the frontline) and `complaints.csv`.

use std::path::Path;

use anyhow::Result;

use super::cells::{CsvFile, cell, grade};
use super::org::{Member, Org, WavePlan};
use super::{Scenario, profile, stream};
use crate::model::schema::{self, FileKind};

pub(super) const CHANNELS: [&str; 4] = ["telefoon", "e-mail", "chat", "balie"];

impl Org<'_> {
    pub(super) fn write_interactions(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::INTERACTIONS);
        let p = &self.profile;
        let n = self.count(self.opts.interactions_per_wave, &mut rng);
        let members = self.active_roster(wave);
        let mut w = CsvFile::create(path)?;
        w.row(schema::header(FileKind::Interactions, &[]))?;
        if members.is_empty() || wave.days.is_empty() {
            w.finish()?;
            return Ok(0);
        }
        let dept_shift: Vec<f64> = self
            .department_offset
            .iter()
            .map(|offsets| offsets.iter().zip(&self.weights).map(|(o, w)| o * w).sum())
            .collect();
        let mut records: Vec<(usize, [String; 6])> = Vec::with_capacity(n);
        for _ in 0..n {
            let day = rng.below(wave.days.len());
            let m = &members[rng.below(members.len())];
            let channel = CHANNELS[rng.weighted(&p.channels)];
            // The customer's satisfaction right after the contact.
            let s = rng.normal(wave.grade + 0.2 + dept_shift[m.department], 1.7);
            // Employees read happy customers well but miss many unhappy ones (seed 003).
            let estimate = if p.scenario != Scenario::Realistic {
                s + rng.normal(0.0, 0.6)
            } else if s >= 5.5 {
                s + 0.5 + m.optimism + rng.normal(0.0, 0.9)
            } else {
                6.0 + 0.35 * (s - 5.5) + m.optimism + rng.normal(0.0, 1.2)
            };
            let responds = rng.chance(if s < 4.5 { 0.55 } else { 0.43 });
            records.push((
                day,
                [
                    wave.days[day].to_string(),
                    p.departments[m.department].id.clone(),
                    m.pseudonym.clone(),
                    channel.to_string(),
                    cell(Some(grade(estimate))),
                    if responds {
                        cell(Some(grade(s)))
                    } else {
                        String::new()
                    },
                ],
            ));
        }
        records.sort_by_key(|(day, _)| *day); // stable: ties keep their random order
        let compact = wave.quarter.id().replace('-', "");
        for (i, (_, fields)) in records.iter().enumerate() {
            let id = format!("I-{compact}-{:05}", i + 1);
            w.row(std::iter::once(id.as_str()).chain(fields.iter().map(String::as_str)))?;
        }
        w.finish()?;
        Ok(records.len() as u64)
    }

    pub(super) fn write_mood(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::MOOD);
        let p = &self.profile;
        let mut members: Vec<&Member> = self.active_roster(wave).iter().collect();
        members.sort_by(|a, b| {
            a.department
                .cmp(&b.department)
                .then_with(|| a.pseudonym.cmp(&b.pseudonym))
        });
        let dept_mood: Vec<f64> = p
            .departments
            .iter()
            .map(|_| rng.normal(0.0, 0.04))
            .collect();
        let decline_from = wave.days.len().saturating_sub(10);
        let mut w = CsvFile::create(path)?;
        w.row(schema::header(FileKind::Mood, &[]))?;
        let mut rows = 0u64;
        for (di, day) in wave.days.iter().enumerate() {
            let weekday_effect = match day.weekday() {
                0 => -0.04,
                4 => 0.04,
                _ => 0.0,
            };
            let decline = if p.mood_decline && wave.last && di >= decline_from {
                0.25
            } else {
                0.0
            };
            for m in &members {
                if !rng.chance(0.88) {
                    continue; // part-time, leave, training
                }
                let happy_p =
                    (p.mood_base + m.mood_offset + dept_mood[m.department] + weekday_effect
                        - decline)
                        .clamp(0.05, 0.97);
                let mood = rng.chance(happy_p);
                w.row([
                    day.to_string().as_str(),
                    p.departments[m.department].id.as_str(),
                    m.pseudonym.as_str(),
                    if mood { "1" } else { "0" },
                ])?;
                rows += 1;
            }
        }
        w.finish()?;
        Ok(rows)
    }

    pub(super) fn write_complaints(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::COMPLAINTS);
        let p = &self.profile;
        let categories = profile::complaint_categories(p.sector);
        let cat_weights: Vec<f64> = categories.iter().map(|c| c.1).collect();
        let dept_weights: Vec<f64> = p.departments.iter().map(|d| d.customer_weight).collect();
        let mean = self.opts.customers_per_wave as f64 * p.complaint_rate * 1.6;
        let n = (mean * p.size * rng.range(0.85, 1.15)).round() as usize;
        let mut w = CsvFile::create(path)?;
        w.row(schema::header(FileKind::Complaints, &[]))?;
        let (Some(first), Some(end)) = (wave.days.first().copied(), wave.days.last().copied())
        else {
            w.finish()?;
            return Ok(0);
        };
        let mut received: Vec<usize> = (0..n).map(|_| rng.below(wave.days.len())).collect();
        received.sort_unstable();
        let compact = wave.quarter.id().replace('-', "");
        // Exactly the profile's share of repeats (every complaint but the first can be one):
        // with ~50 complaints a coin flip per complaint would blur which organization does not
        // learn from its complaints.
        let mut is_repeat = vec![false; n];
        let mut later: Vec<usize> = (1..n).collect();
        rng.shuffle(&mut later);
        let repeats = (later.len() as f64 * p.repeat_rate).round() as usize;
        for i in later.into_iter().take(repeats) {
            is_repeat[i] = true;
        }
        // (category, department) per complaint, so repeats can copy their original's.
        let mut kinds: Vec<(usize, usize)> = Vec::with_capacity(n);
        for (i, day) in received.iter().enumerate() {
            let date = wave.days[*day];
            let repeat_of = if is_repeat[i] {
                // Same problem again: an earlier complaint, received before this one.
                let earlier = received.partition_point(|d| d < day).max(1);
                Some(rng.below(earlier.min(i)))
            } else {
                None
            };
            let (category, department) = match repeat_of {
                Some(j) => kinds[j],
                None => {
                    let c = rng.weighted(&cat_weights);
                    let preferred = categories[c]
                        .2
                        .and_then(|id| p.departments.iter().position(|d| d.id == id));
                    let d = match preferred {
                        Some(d) if rng.chance(0.75) => d,
                        _ => rng.weighted(&dept_weights),
                    };
                    (c, d)
                }
            };
            kinds.push((category, department));
            // Days to resolve: most within two weeks, a long tail; open when not resolved by
            // the end of the fieldwork (the log is a snapshot) or stuck.
            let days = if rng.chance(0.1) {
                3.0 + rng.exponential(20.0)
            } else {
                1.0 + rng.exponential(4.0)
            };
            let resolved = date.add_days(days.round() as i64).on_or_next_working_day();
            let stuck = rng.chance(0.04);
            let resolved = if stuck || resolved > end || resolved < first {
                String::new()
            } else {
                resolved.to_string()
            };
            w.row([
                format!("KL-{compact}-{:04}", i + 1),
                p.departments[department].id.clone(),
                categories[category].0.to_string(),
                date.to_string(),
                resolved,
                repeat_of.map_or(String::new(), |j| format!("KL-{compact}-{:04}", j + 1)),
            ])?;
        }
        w.finish()?;
        Ok(n as u64)
    }
}
