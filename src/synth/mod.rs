//! Synthetic data: realistic mirror-survey waves with planted effects, for demos, tests and
//! benchmarks.

pub mod generate;
