//! spiegel — mirror-survey (spiegelonderzoek) reports.
//!
//! The crate is shaped like the pipeline it runs:
//! config → discover → ingest → metrics → charts → render → typst → publish.

pub mod generate;
