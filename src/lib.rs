//! spiegel — mirror-survey (spiegelonderzoek) reports.
//!
//! The crate is shaped like the pipeline it runs, in layers that only look down:
//!
//! | layer | what it holds |
//! |---|---|
//! | [`config`] | the configuration as written, checked on load |
//! | [`model`] | domain types: organizations, waves, rows, the one `Date` |
//! | [`input`] | discover the data folder, ingest exports into typed rows |
//! | [`analysis`] | statistics, metrics, recommended actions |
//! | [`report`] | charts, Typst source, PDF, workbook, portfolio |
//! | [`batch`] | plan, build, publish, manifest, lock, shard, log |
//! | [`synth`] | synthetic data with planted effects |
//! | [`cli`] | the command line |

pub mod analysis;
pub mod batch;
pub mod cli;
pub mod config;
pub mod error;
pub mod input;
pub mod model;
pub mod report;
pub mod synth;
