//! Report: everything a reader sees — SVG [`charts`], the Typst source ([`document`], from the
//! [`sections`] and the primitives of [`render`]) compiled by [`typst`], the Excel [`workbook`], `metrics.json` ([`json`]), the [`portfolio`] page and the
//! embedded [`assets`].

pub mod assets;
pub mod charts;
pub mod deliverables;
pub mod document;
pub mod json;
pub mod pdf;
pub mod portfolio;
pub mod pptx;
pub mod render;
pub mod sections;
pub mod typst;
pub mod workbook;
