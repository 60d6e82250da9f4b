//! Calendar dates of the data format (ISO `YYYY-MM-DD`): day differences, ISO weeks and
//! weekdays, without a date crate.

use serde::{Deserialize, Serialize};

/// A calendar date (proleptic Gregorian), read from ISO `YYYY-MM-DD`. Only what the metrics
/// need: day differences and ISO weeks. Kept here instead of pulling in a date crate, because
/// that is all the data format uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// An ISO 8601 week: the week-numbering year and the week (1–53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    /// ISO week-numbering year (may differ from the calendar year around New Year).
    pub year: i32,
    /// Week number, 1–53.
    pub week: u32,
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl Date {
    /// Parse exactly `YYYY-MM-DD` (a real day: month 1–12, day within the month).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date::from_civil(y, m, d))
    }

    /// The date of `year`, `month` (1–12), `day` (not checked: day 32 is the next month's
    /// first).
    pub fn ymd(year: i64, month: u32, day: u32) -> Date {
        Date::from_civil(year, i64::from(month), i64::from(day))
    }

    /// The date of year `y`, month `m` (1–12), day `d`; Howard Hinnant's `days_from_civil`.
    fn from_civil(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date {
            days: era * 146_097 + doe - 719_468,
        }
    }

    /// (year, month, day); Hinnant's `civil_from_days`.
    pub fn civil(self) -> (i64, i64, i64) {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.days
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday (3).
        (self.days + 3).rem_euclid(7)
    }

    /// Monday to Friday.
    pub fn is_working_day(self) -> bool {
        self.weekday() < 5
    }

    /// The first working day on or after `self`.
    pub fn on_or_next_working_day(self) -> Date {
        let mut d = self;
        while !d.is_working_day() {
            d = d.add_days(1);
        }
        d
    }

    /// The ISO 8601 week: the week (Monday–Sunday) belongs to the year of its Thursday.
    pub fn iso_week(self) -> IsoWeek {
        let thursday = Date {
            days: self.days - self.weekday() + 3,
        };
        let (year, _, _) = thursday.civil();
        let jan1 = Date::from_civil(year, 1, 1);
        let week = jan1.days_until(thursday) / 7 + 1;
        IsoWeek {
            year: year as i32,
            week: week as u32,
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a date; expected year-month-day, e.g. 2026-03-02"
            ))
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_strictly() {
        assert_eq!(
            Date::parse_iso("2026-03-04").unwrap().to_string(),
            "2026-03-04"
        );
        assert_eq!(
            Date::parse_iso("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-3-4",
            "04-03-2026",
            "2026-03-04x",
            "",
            "2026-00-10",
            "2026-04-31",
            "+026-03-04",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_differences_cross_months_and_leap_days() {
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(d("2024-02-28").days_until(d("2024-03-01")), 2);
        assert_eq!(d("2026-02-28").days_until(d("2026-03-01")), 1);
        assert_eq!(d("2026-03-16").days_until(d("2026-03-04")), -12);
        assert_eq!(d("1970-01-01").days_until(d("2000-01-01")), 10_957);
        assert_eq!(d("2024-02-28").add_days(2), d("2024-03-01"));
    }

    #[test]
    fn iso_weeks_belong_to_the_year_of_their_thursday() {
        let w = |s| Date::parse_iso(s).unwrap().iso_week().to_string();
        // 2026-01-01 is a Thursday: week 1 of 2026 runs from Monday 2025-12-29.
        assert_eq!(w("2025-12-29"), "2026-W01");
        assert_eq!(w("2026-01-04"), "2026-W01");
        assert_eq!(w("2026-01-05"), "2026-W02");
        // 2021-01-03 (Sunday) still belongs to 2020's week 53.
        assert_eq!(w("2021-01-03"), "2020-W53");
        assert_eq!(w("2021-01-04"), "2021-W01");
        // 2024-12-30 (Monday) is in week 1 of 2025.
        assert_eq!(w("2024-12-30"), "2025-W01");
        assert_eq!(w("2026-03-04"), "2026-W10");
        assert_eq!(Date::parse_iso("2026-03-04").unwrap().weekday(), 2);
    }
}
