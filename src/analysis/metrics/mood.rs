//! Mood (docs/definitions.md): the share of happy smileys per ISO week, for the organization and per
//! department, and the change of the last two weeks against the wave's mean.
//!
//! Mood entries are employee data: a department × week cell with fewer distinct employees
//! than `anonymity.min_employees` is not shown, with secondary suppression over the
//! departments × weeks table and its totals ([`suppress_table`]). A figure combining cells
//! (the last two weeks) is only shown when every cell in it is.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::anonymity::suppress_table;
use super::complaints::share;
use crate::analysis::stats::two_proportion_z;
use crate::model::{IsoWeek, MoodEntry};

/// Smileys of one department × week cell.
#[derive(Debug, Clone, Default)]
pub struct MoodCell {
    /// Smileys recorded.
    pub entries: u64,
    /// Happy ones.
    pub happy: u64,
    /// Distinct employee pseudonyms.
    pub employees: HashSet<String>,
}

impl MoodCell {
    fn merge(&mut self, o: &MoodCell) {
        self.entries += o.entries;
        self.happy += o.happy;
        self.employees.extend(o.employees.iter().cloned());
    }

    /// Group size for anonymity: distinct employees, at least 1 when anything was recorded.
    fn size(&self) -> u64 {
        let n = self.employees.len() as u64;
        if n == 0 && self.entries > 0 { 1 } else { n }
    }
}

/// Mood of a wave per department slot and ISO week.
#[derive(Debug, Clone, Default)]
pub struct MoodAcc {
    /// (department slot, week) → cell.
    pub cells: BTreeMap<(usize, IsoWeek), MoodCell>,
}

impl MoodAcc {
    /// Add one smiley of department slot `slot`.
    pub fn push(&mut self, slot: usize, r: &MoodEntry) {
        let cell = self.cells.entry((slot, r.date.iso_week())).or_default();
        cell.entries += 1;
        cell.happy += u64::from(r.happy);
        if let Some(id) = &r.employee_id
            && !cell.employees.contains(id)
        {
            cell.employees.insert(id.clone());
        }
    }

    /// Whether any smiley was recorded.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Happy share of one ISO week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekMood {
    /// ISO week, e.g. `2026-W10`.
    pub week: String,
    /// Hidden for anonymity.
    pub suppressed: bool,
    /// Smileys recorded (absent when suppressed).
    pub entries: Option<u64>,
    /// Share of happy smileys (absent when suppressed or empty).
    pub happy_share: Option<f64>,
}

/// The last two weeks against the whole wave.
#[derive(Debug, Clone, Serialize)]
pub struct RecentMood {
    /// The two ISO weeks.
    pub weeks: Vec<String>,
    /// Smileys in them.
    pub entries: u64,
    /// Happy share in them.
    pub happy_share: Option<f64>,
    /// Happy share over the whole wave.
    pub wave_share: Option<f64>,
    /// happy_share − wave_share.
    pub change: Option<f64>,
    /// Two-proportion z-test of the last two weeks against the weeks before them.
    pub p: Option<f64>,
}

/// Mood of one group over the wave.
#[derive(Debug, Clone, Serialize)]
pub struct MoodSeries {
    /// Smileys recorded.
    pub entries: u64,
    /// Happy ones.
    pub happy: u64,
    /// Share of happy smileys over the wave.
    pub happy_share: Option<f64>,
    /// Per ISO week of the wave, oldest first.
    pub weeks: Vec<WeekMood>,
    /// The last two weeks against the wave; absent with fewer than two weeks or when one of
    /// them is suppressed.
    pub last_two_weeks: Option<RecentMood>,
}

/// A department's mood; absent figures when its employees are too few to show.
#[derive(Debug, Clone, Serialize)]
pub struct GroupMood {
    /// Below the anonymity threshold, or hidden to protect a group that is.
    pub suppressed: bool,
    /// The figures, absent when suppressed.
    #[serde(flatten)]
    pub series: Option<MoodSeries>,
}

/// Mood of the organization and per department slot.
#[derive(Debug, Clone)]
pub struct MoodBreakdown {
    /// The whole organization.
    pub overall: MoodSeries,
    /// Per department slot (index 0: no department, never shown).
    pub by_slot: Vec<GroupMood>,
}

/// The mood figures of a wave with `slots` department slots.
pub fn breakdown(acc: &MoodAcc, slots: usize, min_employees: u64) -> MoodBreakdown {
    let weeks: Vec<IsoWeek> = {
        let set: std::collections::BTreeSet<IsoWeek> = acc.cells.keys().map(|k| k.1).collect();
        set.into_iter().collect()
    };
    // Extended table: slots (+ the weeks' totals), weeks (+ the slots' totals).
    let (rows, cols) = (slots + 1, weeks.len() + 1);
    let mut grid = vec![vec![MoodCell::default(); cols]; rows];
    for (&(slot, week), cell) in &acc.cells {
        let c = weeks.binary_search(&week).expect("week of a cell");
        for (r, c) in [
            (slot, c),
            (slot, cols - 1),
            (rows - 1, c),
            (rows - 1, cols - 1),
        ] {
            grid[r][c].merge(cell);
        }
    }
    let sizes: Vec<Vec<u64>> = grid
        .iter()
        .map(|row| row.iter().map(MoodCell::size).collect())
        .collect();
    let mut unshown = vec![false; rows];
    unshown[0] = true;
    let hidden = suppress_table(&sizes, min_employees, &unshown);
    let series = |r: usize| series(&weeks, &grid[r], &hidden[r]);
    MoodBreakdown {
        overall: series(rows - 1),
        by_slot: (0..slots)
            .map(|r| {
                let suppressed = hidden[r][cols - 1] || r == 0;
                GroupMood {
                    suppressed,
                    series: (!suppressed).then(|| series(r)),
                }
            })
            .collect(),
    }
}

/// The series of one row of the extended table (its last entry is the row total).
fn series(weeks: &[IsoWeek], row: &[MoodCell], hidden: &[bool]) -> MoodSeries {
    let total = &row[weeks.len()];
    let week_rows = weeks
        .iter()
        .enumerate()
        .map(|(c, w)| WeekMood {
            week: w.to_string(),
            suppressed: hidden[c],
            entries: (!hidden[c]).then_some(row[c].entries),
            happy_share: if hidden[c] {
                None
            } else {
                share(row[c].happy, row[c].entries)
            },
        })
        .collect();
    let last_two_weeks = (weeks.len() >= 2)
        .then(|| weeks.len() - 2..weeks.len())
        .filter(|recent| recent.clone().all(|c| !hidden[c]))
        .map(|recent| {
            let (entries, happy) = recent
                .clone()
                .fold((0, 0), |(n, h), c| (n + row[c].entries, h + row[c].happy));
            let happy_share = share(happy, entries);
            let wave_share = share(total.happy, total.entries);
            RecentMood {
                weeks: recent.map(|c| weeks[c].to_string()).collect(),
                entries,
                happy_share,
                wave_share,
                change: happy_share.zip(wave_share).map(|(a, b)| a - b),
                p: two_proportion_z(happy, entries, total.happy - happy, total.entries - entries)
                    .map(|z| z.p),
            }
        });
    MoodSeries {
        entries: total.entries,
        happy: total.happy,
        happy_share: share(total.happy, total.entries),
        weeks: week_rows,
        last_two_weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn entry(date: &str, who: &str, happy: bool) -> MoodEntry {
        MoodEntry {
            date: Date::parse_iso(date).unwrap(),
            department: None,
            employee_id: Some(who.into()),
            happy,
        }
    }

    #[test]
    fn happy_share_per_iso_week_and_the_last_two_weeks_against_the_wave() {
        // Slot 1, six employees, three ISO weeks of 2026:
        // W10 (Mon 2 Mar – Sun 8 Mar): 6 smileys, 6 happy;
        // W11: 6 smileys, 3 happy; W12: 6 smileys, 3 happy.
        // Wave: 12/18 = 2/3. Last two weeks (W11, W12): 6/12 = 1/2; change 1/2 − 2/3 = −1/6.
        let mut acc = MoodAcc::default();
        let people = ["a", "b", "c", "d", "e", "f"];
        for (i, p) in people.iter().enumerate() {
            acc.push(1, &entry("2026-03-02", p, true));
            acc.push(1, &entry("2026-03-09", p, i < 3));
            acc.push(1, &entry("2026-03-22", p, i >= 3)); // a Sunday: still W12
        }
        let m = breakdown(&acc, 2, 5);
        let o = &m.overall;
        assert_eq!(o.happy_share, Some(2.0 / 3.0));
        let weeks: Vec<(&str, Option<f64>)> = o
            .weeks
            .iter()
            .map(|w| (w.week.as_str(), w.happy_share))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-W10", Some(1.0)),
                ("2026-W11", Some(0.5)),
                ("2026-W12", Some(0.5))
            ]
        );
        let recent = o.last_two_weeks.as_ref().unwrap();
        assert_eq!(recent.weeks, ["2026-W11", "2026-W12"]);
        assert!((recent.change.unwrap() + 1.0 / 6.0).abs() < 1e-12);
        // Against the earlier week: 6/12 vs 6/6, pooled 12/18: z = −0.5 / sqrt(2/9 · 3/12) = −2.1213,
        // two-sided p = 0.0339.
        assert!((recent.p.unwrap() - 0.0339).abs() < 1e-3, "{:?}", recent.p);
        assert!(!m.by_slot[1].suppressed);
    }

    #[test]
    fn a_department_with_few_employees_shows_no_mood() {
        let mut acc = MoodAcc::default();
        for p in ["a", "b", "c", "d", "e", "f"] {
            acc.push(1, &entry("2026-03-02", p, true));
        }
        for p in ["x", "y"] {
            acc.push(2, &entry("2026-03-02", p, false));
        }
        let m = breakdown(&acc, 3, 5);
        assert!(m.by_slot[2].suppressed && m.by_slot[2].series.is_none());
        // Department 1 is hidden too: the organization minus it would give department 2.
        assert!(m.by_slot[1].suppressed);
        assert_eq!(m.overall.entries, 8);
    }
}
