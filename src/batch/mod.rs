//! Batch: the nightly job — plan what is stale ([`hash`]), build it ([`pipeline`]), publish it
//! atomically ([`publish`]), record it ([`manifest`], [`log`]), e-mail it ([`deliver`]), and
//! keep runs apart ([`lock`], [`shard`]); [`validate`] checks without rendering.

pub mod deliver;
pub mod fonts;
pub mod hash;
pub mod json;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod paths;
pub mod pipeline;
pub mod portfolio_rows;
pub mod publish;
pub mod shard;
pub mod validate;
