//! The brand on a report: the client's from `org.yaml` (`brand: { logo, color }`) and the
//! agency's from the configuration (`agency: { logo, color }`). The client's logo goes on the
//! cover, the agency's on the cover and in the footer; the accent of headings and key figures
//! is the client's colour, else the agency's, else spiegel's, each used only when white text
//! on it stays readable (`crate::config::brand`).

use anyhow::Context;
use serde::Serialize;

use super::ReportContext;
use crate::config::Agency;
use crate::config::brand::{MIN_CONTRAST, contrast_with_white, parse_hex, read_logo};
use crate::report::charts::palette::{self, hex};

/// File name of the client's logo in the report folder.
pub const LOGO_FILE: &str = "logo.svg";
/// File name of the agency's logo in the report folder.
pub const AGENCY_LOGO_FILE: &str = "agency-logo.svg";

/// The brand as the template uses it.
#[derive(Debug, Serialize)]
pub struct BrandView {
    /// Accent colour `#rrggbb`: the client's colour, else the agency's, when readable.
    pub accent: String,
    /// The client's logo file, when the organization has one.
    pub logo: Option<&'static str>,
    /// The agency's logo file, when the configuration gives one.
    pub agency_logo: Option<&'static str>,
}

/// The brand of a report and its logo files (name, SVG text). Errors name `org.yaml` and the
/// problem: a client's logo outside the organization folder, of another type, unreadable or
/// too large. (The agency's logo was checked and read with the configuration.)
pub fn brand(ctx: &ReportContext<'_>) -> anyhow::Result<(BrandView, Vec<(&'static str, String)>)> {
    let b = &ctx.org.meta.brand;
    let mut files = Vec::new();
    if let Some(path) = &b.logo {
        let svg = read_logo(&ctx.org.dir, path, "the organization folder").with_context(|| {
            format!(
                "{}: brand.logo {:?}",
                ctx.org.dir.join("org.yaml").display(),
                path
            )
        })?;
        files.push((LOGO_FILE, svg));
    }
    if let Some(svg) = &ctx.config.agency.logo_svg {
        files.push((AGENCY_LOGO_FILE, svg.clone()));
    }
    let view = BrandView {
        accent: accent(b, &ctx.config.agency),
        logo: b.logo.is_some().then_some(LOGO_FILE),
        agency_logo: ctx
            .config
            .agency
            .logo_svg
            .is_some()
            .then_some(AGENCY_LOGO_FILE),
    };
    Ok((view, files))
}

/// The accent colour `#rrggbb` of an organization's reports and deck: its brand colour, else
/// the agency's, else spiegel's; a colour absent, malformed or too light for white text is
/// passed over.
pub fn accent(brand: &crate::model::Brand, agency: &Agency) -> String {
    let readable = |c: &Option<String>| {
        c.as_deref()
            .and_then(parse_hex)
            .filter(|&c| contrast_with_white(c) >= MIN_CONTRAST)
    };
    readable(&brand.color)
        .or_else(|| readable(&agency.color.as_ref().map(|c| c.value.clone())))
        .map_or_else(|| hex(palette::ACCENT), |c| hex(rgb(c)))
}

fn rgb(c: (u8, u8, u8)) -> plotters::style::RGBColor {
    plotters::style::RGBColor(c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn a_dark_brand_colour_is_used_and_a_light_one_replaced() {
        let mut s = sample::last_wave();
        s.org.meta.brand.color = Some("#0A5C36".into());
        assert_eq!(brand(&s.context()).unwrap().0.accent, "#0a5c36");
        // Yellow: white text on it is unreadable (contrast about 1.1).
        s.org.meta.brand.color = Some("#ffdd00".into());
        assert_eq!(brand(&s.context()).unwrap().0.accent, hex(palette::ACCENT));
        s.org.meta.brand.color = Some("green".into());
        assert_eq!(brand(&s.context()).unwrap().0.accent, hex(palette::ACCENT));
        assert!(contrast_with_white((0xff, 0xff, 0xff)) < 1.01);
        assert!(contrast_with_white((0, 0, 0)) > 20.9);
    }

    fn spanned(s: &str) -> serde_saphyr::Spanned<String> {
        let l = serde_saphyr::Location::UNKNOWN;
        serde_saphyr::Spanned::new(s.to_string(), l, l)
    }

    #[test]
    fn the_clients_colour_wins_then_the_agencys_then_spiegels() {
        let mut s = sample::last_wave();
        s.org.meta.brand.color = None;
        s.config.agency.color = Some(spanned("#5B2C6F"));
        assert_eq!(brand(&s.context()).unwrap().0.accent, "#5b2c6f");
        s.org.meta.brand.color = Some("#0A5C36".into());
        assert_eq!(brand(&s.context()).unwrap().0.accent, "#0a5c36");
        // A client's colour too light: the agency's.
        s.org.meta.brand.color = Some("#FFDD00".into());
        assert_eq!(brand(&s.context()).unwrap().0.accent, "#5b2c6f");
        // The agency's too light as well: spiegel's.
        s.config.agency.color = Some(spanned("#F0F0F0"));
        assert_eq!(brand(&s.context()).unwrap().0.accent, hex(palette::ACCENT));
    }

    #[test]
    fn the_agencys_logo_is_a_file_of_the_report() {
        let mut s = sample::last_wave();
        let (view, files) = brand(&s.context()).unwrap();
        assert_eq!(view.agency_logo, None);
        assert!(files.iter().all(|(name, _)| *name != AGENCY_LOGO_FILE));
        s.config.agency.logo_svg = Some("<svg/>".into());
        let (view, files) = brand(&s.context()).unwrap();
        assert_eq!(view.agency_logo, Some(AGENCY_LOGO_FILE));
        assert!(files.contains(&(AGENCY_LOGO_FILE, "<svg/>".to_string())));
    }
}
