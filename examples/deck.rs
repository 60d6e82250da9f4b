//! Write the deck of the latest wave of one sample organization, without typst:
//! `cargo run --example deck -- <org-id> <out.pptx>`. scripts/deck-thumbnail uses it.

use std::path::Path;

use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::report::pptx;
use spiegel::report::render::Renderer;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [org_id, out] = &args[..] else {
        anyhow::bail!("usage: deck <org-id> <out.pptx>");
    };
    let config = Config::load(Path::new("config/spiegel.yaml"))?;
    let found = discover(&config.paths.data)?;
    let org = found
        .organizations
        .iter()
        .find(|o| &o.id == org_id)
        .ok_or_else(|| anyhow::anyhow!("no organization {org_id} in data/"))?;
    let last = spiegel::analysis::analyze_org(&config, org)?
        .pop()
        .expect("an organization has a wave");
    let wave = org.waves.last().expect("a wave");
    let renderer = Renderer::new()?;
    let report = renderer.organization_report(&config, org, wave, &last, None)?;
    let m = &last.metrics;
    let brand = pptx::Rgb::parse(&spiegel::report::sections::brand::accent(
        &org.meta.brand,
        &config.agency,
    ));
    let deck =
        pptx::content::organization_deck(&config, m, &report, renderer.texts(m.language), brand)?;
    std::fs::write(out, pptx::write(&deck)?)?;
    Ok(())
}
