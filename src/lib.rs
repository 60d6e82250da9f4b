//! spiegel — mirror-survey (spiegelonderzoek) reports.
//!
//! The crate is shaped like the pipeline it runs:
//! [`config`] → [`discover`] → [`ingest`] → [`metrics`] → [`charts`] + [`render`] →
//! [`typst`] → [`publish`], driven by [`pipeline`]; the batch job's machinery is in
//! [`hash`] (what changed), [`lock`], [`shard`], [`manifest`] and [`log`].

pub mod assets;
pub mod charts;
pub mod cli;
pub mod config;
pub mod discover;
pub mod error;
pub mod generate;
pub mod hash;
pub mod ingest;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod metrics;
pub mod model;
pub mod pipeline;
pub mod portfolio;
pub mod publish;
pub mod recommend;
pub mod render;
pub mod shard;
pub mod stats;
pub mod typst;
pub mod validate;
pub mod workbook;
