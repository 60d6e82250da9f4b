//! Analysis: statistics ([`stats`]), the metric families ([`metrics`]) and the rule engine
//! that turns metrics into recommended actions ([`recommend`]). Plain data in, plain data out:
//! nothing here touches disk or knows about reports.

pub mod metrics;
pub mod recommend;
pub mod stats;

#[cfg(test)]
mod weighted_tests;
