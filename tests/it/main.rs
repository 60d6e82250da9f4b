//! The integration tests: one crate (one link of the library), a module per area.

mod agency;
mod batch;
mod calibration;
mod common;
mod deck;
mod deliver;
mod example_exports;
mod ingest_fixtures;
mod ingest_props;
mod layers;
mod metrics_schema;
mod pages;
mod portfolio;
mod questionnaires;
mod report;
mod safety;
mod same_survey;
mod smtp;
mod spss;
mod weights;
