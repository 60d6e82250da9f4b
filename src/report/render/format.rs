//! Numbers and dates as a reader of the report's language expects them: `7,4` in Dutch,
//! `7.4` in English, a real minus sign, "—" for what is absent.

use crate::config::Language;
use crate::model::Date;

/// Shown where a figure is absent or suppressed.
pub const ABSENT: &str = "—";

/// `x` with `decimals` decimals in the notation of `lang`.
pub fn number(x: f64, decimals: usize, lang: Language) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let s = match lang {
        Language::Nl => s.replace('.', ","),
        Language::En => s,
    };
    // -0.0 and values that round to zero get no sign.
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// Like [`number`], with an explicit `+` for positive values (for gaps).
pub fn signed(x: f64, decimals: usize, lang: Language) -> String {
    let s = number(x, decimals, lang);
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// `x` as written in the configuration (no rounding), with a decimal comma in Dutch:
/// `0,05` for the significance level.
pub fn plain(x: f64, lang: Language) -> String {
    let s = format!("{x}");
    match lang {
        Language::Nl => s.replace('.', ","),
        Language::En => s,
    }
}

/// An optional number, "—" when absent.
pub fn opt(x: Option<f64>, decimals: usize, lang: Language) -> String {
    x.map_or_else(|| ABSENT.to_string(), |x| number(x, decimals, lang))
}

/// An optional signed number, "—" when absent.
pub fn opt_signed(x: Option<f64>, decimals: usize, lang: Language) -> String {
    x.map_or_else(|| ABSENT.to_string(), |x| signed(x, decimals, lang))
}

/// `x` as it is printed with `decimals` decimals, read back: the value a reader sees.
pub fn printed(x: f64, decimals: usize) -> f64 {
    format!("{x:.decimals$}").parse().unwrap_or(x)
}

/// The difference `a − b` as a reader can check it on the page: the difference of the two
/// printed values, not the printed unrounded difference ("6,4 → 6,4 = −0,1" cannot happen).
/// Signed, with `decimals` decimals. The one rounding rule for every printed difference.
pub fn difference(a: f64, b: f64, decimals: usize, lang: Language) -> String {
    signed(printed(a, decimals) - printed(b, decimals), decimals, lang)
}

/// [`difference`] of two optional values, "—" when either is absent.
pub fn opt_difference(a: Option<f64>, b: Option<f64>, decimals: usize, lang: Language) -> String {
    match (a, b) {
        (Some(a), Some(b)) => difference(a, b, decimals, lang),
        _ => ABSENT.to_string(),
    }
}

/// A p-value: three decimals, `< 0,001` below that.
pub fn p_value(p: Option<f64>, lang: Language) -> String {
    match p {
        None => ABSENT.to_string(),
        Some(p) if p < 0.001 => format!("< {}", number(0.001, 3, lang)),
        Some(p) => number(p, 3, lang),
    }
}

/// A confidence interval `[low; high]` (Dutch) or `[low, high]` (English).
pub fn interval(low: Option<f64>, high: Option<f64>, decimals: usize, lang: Language) -> String {
    match (low, high) {
        (Some(l), Some(h)) => {
            let sep = if lang == Language::Nl { "; " } else { ", " };
            format!(
                "[{}{sep}{}]",
                signed(l, decimals, lang),
                signed(h, decimals, lang)
            )
        }
        _ => ABSENT.to_string(),
    }
}

/// An ISO date `YYYY-MM-DD` written out: `27 maart 2026` / `27 March 2026`.
pub fn date(iso: &str, lang: Language) -> Option<String> {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (m, d): (usize, u32) = (m.parse().ok()?, d.parse().ok()?);
    let month = match lang {
        Language::Nl => NL.get(m.checked_sub(1)?)?,
        Language::En => EN.get(m.checked_sub(1)?)?,
    };
    Some(format!("{d} {month} {y}"))
}

/// An ISO week `2026-W36` as a reader recognizes it: the week number and its Monday,
/// `wk 36 · 31 aug` / `wk 36 · 31 Aug`. Anything else is returned as it is.
pub fn week(iso_week: &str, lang: Language) -> String {
    const NL: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let monday = || {
        let (year, week) = iso_week.split_once("-W")?;
        let week: i64 = week.parse().ok().filter(|w| (1..=53).contains(w))?;
        // 4 January is always in week 1.
        let jan4 = Date::parse_iso(&format!("{year}-01-04"))?;
        let day = jan4.add_days(-jan4.weekday() + 7 * (week - 1));
        let iso = day.to_string();
        let month: usize = iso[5..7].parse().ok()?;
        let d: u32 = iso[8..10].parse().ok()?;
        let names = match lang {
            Language::Nl => NL,
            Language::En => EN,
        };
        Some(format!("wk {week} · {d} {}", names[month - 1]))
    };
    monday().unwrap_or_else(|| iso_week.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Nl};

    #[test]
    fn dutch_uses_a_decimal_comma() {
        assert_eq!(number(7.44, 1, Nl), "7,4");
        assert_eq!(number(7.45, 2, En), "7.45");
    }

    #[test]
    fn negative_numbers_get_a_real_minus_and_zero_none() {
        assert_eq!(number(-0.36, 1, Nl), "\u{2212}0,4");
        assert_eq!(number(-0.04, 1, Nl), "0,0");
        assert_eq!(signed(1.25, 2, Nl), "+1,25");
        assert_eq!(signed(0.0, 1, Nl), "0,0");
    }

    #[test]
    fn p_values_below_a_thousandth_are_bounded() {
        assert_eq!(p_value(Some(0.0001), Nl), "< 0,001");
        assert_eq!(p_value(Some(0.0456), En), "0.046");
    }

    #[test]
    fn a_printed_difference_is_the_difference_of_the_printed_values() {
        // Unrounded: 6.44 − 6.36 = 0.08 would print "+0,1" between "6,4" and "6,4".
        assert_eq!(difference(6.44, 6.36, 1, Nl), "0,0");
        // Unrounded: 7.64 − 6.75 = 0.89 → "+0,9" between "6,8" and "7,6".
        assert_eq!(difference(7.64, 6.75, 1, En), "+0.8");
        assert_eq!(difference(0.61, 0.764, 2, En), "\u{2212}0.15");
        for (a, b) in [(6.449, 6.351), (7.25, 7.35), (-0.05, 0.049), (9.95, 1.04)] {
            let shown = |x: f64| {
                number(x, 1, En)
                    .replace('\u{2212}', "-")
                    .parse::<f64>()
                    .unwrap()
            };
            let diff = difference(a, b, 1, En).replace('\u{2212}', "-");
            let diff: f64 = diff.trim_start_matches('+').parse().unwrap();
            assert!((diff - (shown(a) - shown(b))).abs() < 1e-9, "{a} {b}");
        }
    }

    #[test]
    fn weeks_are_written_with_their_monday() {
        assert_eq!(week("2026-W36", Nl), "wk 36 · 31 aug");
        assert_eq!(week("2026-W01", En), "wk 1 · 29 Dec");
        assert_eq!(week("2020-W53", Nl), "wk 53 · 28 dec");
        assert_eq!(week("2026-W99", Nl), "2026-W99");
        assert_eq!(week("later", En), "later");
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(date("2026-03-27", Nl).unwrap(), "27 maart 2026");
        assert_eq!(date("2026-11-02", En).unwrap(), "2 November 2026");
        assert_eq!(date("2026-13-02", En), None);
    }
}
