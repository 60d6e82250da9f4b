//! The cover: the wave as a reader names it, the fieldwork period from `wave.yaml`, the
//! response counts and the account manager.

use serde::Serialize;

use super::ReportContext;
use crate::config::Language;
use crate::model::Date;
use crate::report::render::format;

/// What the cover shows beyond the organization's name.
#[derive(Debug, Serialize)]
pub struct CoverView {
    /// The wave: its `wave.yaml` label, or its id made readable ("3e kwartaal 2026").
    pub wave: String,
    /// "3 – 30 september 2026", when `wave.yaml` gives the fieldwork.
    pub fieldwork: Option<String>,
    /// "200 klanten · 60 medewerkers".
    pub responses: String,
}

/// The cover of a report.
pub fn view(ctx: &ReportContext<'_>) -> CoverView {
    let (t, lang) = (ctx.texts, ctx.lang());
    let wave = match &ctx.wave.meta.label {
        Some(label) => label.clone(),
        None => readable_wave(&ctx.wave.id, lang),
    };
    let fieldwork = ctx
        .wave
        .meta
        .fieldwork
        .as_ref()
        .and_then(|f| period(&f.start.to_string(), &f.end.to_string(), lang));
    let n = &ctx.group.n;
    CoverView {
        wave,
        fieldwork,
        responses: t.fill(
            "cover_responses",
            &[
                ("customers", &n.customers.to_string()),
                ("employees", &n.employees.to_string()),
            ],
        ),
    }
}

/// A wave id like `2026-Q3` written out ("3e kwartaal 2026" / "Q3 2026"), `2026-H1` as a
/// half year; any other id as it is.
pub fn readable_wave(id: &str, lang: Language) -> String {
    let Some((year, part)) = id.split_once('-') else {
        return id.to_string();
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return id.to_string();
    }
    let number = |p: &str| p.parse::<u32>().ok();
    match (part.get(..1), part.get(1..).and_then(number), lang) {
        (Some("Q"), Some(q @ 1..=4), Language::Nl) => format!("{q}e kwartaal {year}"),
        (Some("Q"), Some(q @ 1..=4), Language::En) => format!("Q{q} {year}"),
        (Some("H"), Some(h @ 1..=2), Language::Nl) => format!("{h}e halfjaar {year}"),
        (Some("H"), Some(h @ 1..=2), Language::En) => format!("H{h} {year}"),
        _ => id.to_string(),
    }
}

/// A fieldwork period written out, the shared month and year once: "3 – 30 september 2026",
/// "28 augustus – 30 september 2026".
fn period(start: &str, end: &str, lang: Language) -> Option<String> {
    Date::parse_iso(start)?;
    Date::parse_iso(end)?;
    let (s, e) = (format::date(start, lang)?, format::date(end, lang)?);
    let (s_day, s_rest) = s.split_once(' ')?;
    let (_, e_rest) = e.split_once(' ')?;
    let (s_month, s_year) = s_rest.rsplit_once(' ')?;
    let (_, e_year) = e_rest.rsplit_once(' ')?;
    Some(if s_rest == e_rest {
        format!("{s_day} – {e}")
    } else if s_year == e_year {
        format!("{s_day} {s_month} – {e}")
    } else {
        format!("{s} – {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;
    use Language::{En, Nl};

    #[test]
    fn cover_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()));
    }

    #[test]
    fn wave_ids_are_made_readable() {
        assert_eq!(readable_wave("2026-Q1", Nl), "1e kwartaal 2026");
        assert_eq!(readable_wave("2026-Q1", En), "Q1 2026");
        assert_eq!(readable_wave("2026-H2", Nl), "2e halfjaar 2026");
        assert_eq!(readable_wave("2026-Q5", Nl), "2026-Q5");
        assert_eq!(readable_wave("najaar", En), "najaar");
    }

    #[test]
    fn periods_name_a_shared_month_and_year_once() {
        assert_eq!(
            period("2026-09-03", "2026-09-30", Nl).unwrap(),
            "3 – 30 september 2026"
        );
        assert_eq!(
            period("2026-08-28", "2026-09-30", En).unwrap(),
            "28 August – 30 September 2026"
        );
        assert_eq!(
            period("2025-12-15", "2026-01-20", Nl).unwrap(),
            "15 december 2025 – 20 januari 2026"
        );
        assert_eq!(period("2026-02-30", "2026-03-01", Nl), None);
    }

    #[test]
    fn without_wave_yaml_the_cover_has_a_readable_label_and_no_period() {
        let mut s = sample::last_wave();
        s.wave.meta = Default::default();
        s.wave.id = "2026-Q3".into();
        let v = view(&s.context());
        assert_eq!(v.wave, "3e kwartaal 2026");
        assert_eq!(v.fieldwork, None);
    }
}
