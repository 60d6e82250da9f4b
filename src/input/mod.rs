//! Input: find the organizations and waves in the data folder ([`discover`]) and read their
//! exports into typed rows with findings ([`ingest`]). The only layer that reads input files.

pub mod discover;
pub mod ingest;
pub mod meta;
pub mod sav;
pub mod scrub;
