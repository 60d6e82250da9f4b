//! Batch: the nightly job ([`pipeline`]) — plan what is stale ([`plan`], [`hash`]), build each
//! report (`build`) into a staged wave folder (`stage`), publish it atomically ([`publish`]),
//! record it ([`manifest`], [`log`]), e-mail it ([`deliver`]), and keep runs apart ([`lock`],
//! [`shard`]); [`validate`] checks without rendering.

mod build;
pub mod deliver;
pub mod fonts;
pub mod hash;
pub mod json;
pub mod lock;
pub mod log;
pub mod manifest;
pub mod paths;
pub mod pipeline;
pub mod plan;
pub mod portfolio_rows;
pub mod publish;
pub mod shard;
mod stage;
pub mod validate;
