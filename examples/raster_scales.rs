//! What the deck's PNG fallback costs at a few scales: every chart SVG the deck pictures
//! (`mirror.svg`, `matrix.svg`, `trends.svg` of the organization reports) found under an
//! output folder of `spiegel run`, rasterized and PNG-encoded at each scale; prints the CPU
//! time per chart (best of `reps` passes) and the mean PNG size. With `keep`, the PNGs of the
//! first chart are written next to the example's output for looking at them.
//!
//! `cargo run --release --example raster_scales -- <out-folder> [reps] [keep-dir]`

use std::path::{Path, PathBuf};

use spiegel::report::pptx::raster;

const SCALES: [f32; 3] = [2.0, 1.5, 1.0];
const DECK_CHARTS: [&str; 3] = ["mirror.svg", "matrix.svg", "trends.svg"];

fn charts(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            // Department reports have no deck; hidden folders are spiegel's bookkeeping.
            if name != "departments" && !name.starts_with('.') {
                charts(&path, found)?;
            }
        } else if DECK_CHARTS.contains(&name.as_ref()) {
            found.push(path);
        }
    }
    Ok(())
}

/// CPU time this thread has run, in seconds (Linux: /proc/thread-self/schedstat, in ns):
/// what other work on a shared machine disturbs least.
fn cpu_seconds() -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")?;
    let ns: u64 = stat.split_whitespace().next().unwrap_or_default().parse()?;
    Ok(ns as f64 / 1e9)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, reps, keep) = match &args[..] {
        [out] => (out, 3, None),
        [out, reps] => (out, reps.parse()?, None),
        [out, reps, keep] => (out, reps.parse()?, Some(PathBuf::from(keep))),
        _ => anyhow::bail!("usage: raster_scales <out-folder> [reps] [keep-dir]"),
    };
    let mut paths = Vec::new();
    charts(Path::new(out), &mut paths)?;
    anyhow::ensure!(!paths.is_empty(), "no deck charts under {out}");
    let svgs: Vec<String> = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    // Fonts and buffers warm, as in a run.
    raster::png(&svgs[0])?;
    println!("{} charts of {out}; best of {reps}", svgs.len());
    println!("| scale | CPU ms per chart | PNG KB per chart | pixels of the first |");
    println!("|---|---|---|---|");
    for scale in SCALES {
        let mut best = f64::INFINITY;
        let mut bytes = 0;
        for _ in 0..reps {
            let start = cpu_seconds()?;
            bytes = 0;
            for svg in &svgs {
                bytes += raster::png_at(svg, scale)?.len();
            }
            best = best.min(cpu_seconds()? - start);
        }
        let first = raster::png_at(&svgs[0], scale)?;
        let (w, h) = raster::png_size(&first).unwrap_or_default();
        if let Some(dir) = &keep {
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(format!("chart-{scale}.png")), &first)?;
        }
        println!(
            "| {scale} | {:.1} | {:.0} | {w} × {h} |",
            best / svgs.len() as f64 * 1000.0,
            bytes as f64 / svgs.len() as f64 / 1024.0
        );
    }
    Ok(())
}
