//! Civil dates, quarters and fieldwork periods for the generated waves.

use crate::model::Date;

/// A calendar quarter, e.g. 2026-Q3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i64,
    /// 1..=4
    pub q: u32,
}

impl Quarter {
    /// The quarter `back` quarters before this one.
    pub fn minus(self, back: usize) -> Quarter {
        let index = self.year * 4 + (self.q as i64 - 1) - back as i64;
        Quarter {
            year: index.div_euclid(4),
            q: index.rem_euclid(4) as u32 + 1,
        }
    }

    pub fn id(self) -> String {
        format!("{}-Q{}", self.year, self.q)
    }

    pub fn first_day(self) -> Date {
        Date::ymd(self.year, (self.q - 1) * 3 + 1, 1)
    }

    pub fn last_day(self) -> Date {
        self.next().first_day().add_days(-1)
    }

    fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    /// The season label of the fieldwork (which runs in the quarter's last month).
    pub fn label(self, language: &str) -> String {
        let season = match (language, self.q) {
            ("en", 1) => "Spring",
            ("en", 2) => "Summer",
            ("en", 3) => "Autumn",
            ("en", _) => "Winter",
            (_, 1) => "Voorjaar",
            (_, 2) => "Zomer",
            (_, 3) => "Najaar",
            (_, _) => "Winter",
        };
        format!("{season} {}", self.year)
    }
}

/// The quarter of the last generated wave.
pub const LAST_QUARTER: Quarter = Quarter { year: 2026, q: 3 };

/// Working days (Mon–Fri) of a fieldwork period of `days` working days in `quarter`.
///
/// Fieldwork starts on the first Monday of the quarter's last month, `offset_weeks` later, and
/// is moved earlier when it would run past the quarter's end. `days` must fit in the quarter
/// (at most 60, checked by the caller).
pub fn fieldwork(quarter: Quarter, offset_weeks: u32, days: usize) -> Vec<Date> {
    let month_start = Date::ymd(quarter.year, quarter.q * 3, 1);
    let first_monday = month_start.add_days((7 - month_start.weekday()) % 7);
    let mut start = first_monday.add_days(7 * offset_weeks as i64);
    let days = days.max(1);
    let mut out = working_days_from(start, days);
    if out.last().is_some_and(|d| *d > quarter.last_day()) {
        // Count back from the quarter's last working day.
        let mut end = quarter.last_day();
        while !end.is_working_day() {
            end = end.add_days(-1);
        }
        start = end;
        let mut counted = 1;
        while counted < days && start > quarter.first_day() {
            start = start.add_days(-1);
            if start.is_working_day() {
                counted += 1;
            }
        }
        out = working_days_from(start.on_or_next_working_day(), days);
    }
    out
}

fn working_days_from(start: Date, days: usize) -> Vec<Date> {
    let mut out = Vec::with_capacity(days);
    let mut d = start;
    while out.len() < days {
        if d.is_working_day() {
            out.push(d);
        }
        d = d.add_days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        let d = Date::ymd(2026, 3, 2);
        assert_eq!(d.to_string(), "2026-03-02");
        assert_eq!(d.weekday(), 0, "2 March 2026 is a Monday");
        assert_eq!(Date::ymd(2024, 2, 29).add_days(1).to_string(), "2024-03-01");
    }

    #[test]
    fn quarters_count_back_across_years() {
        assert_eq!(LAST_QUARTER.minus(2).id(), "2026-Q1");
        assert_eq!(LAST_QUARTER.minus(3).id(), "2025-Q4");
        assert_eq!(LAST_QUARTER.last_day().to_string(), "2026-09-30");
    }

    #[test]
    fn fieldwork_of_twenty_days_runs_four_weeks_in_the_last_month() {
        let q1 = Quarter { year: 2026, q: 1 };
        let days = fieldwork(q1, 0, 20);
        assert_eq!(
            days.first().map(|d| d.to_string()).as_deref(),
            Some("2026-03-02")
        );
        assert_eq!(
            days.last().map(|d| d.to_string()).as_deref(),
            Some("2026-03-27")
        );
        let long = fieldwork(q1, 1, 60);
        assert!(
            long.iter()
                .all(|d| *d >= q1.first_day() && *d <= q1.last_day())
        );
    }
}
