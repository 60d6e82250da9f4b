//! Statistics the metrics stage is built on (docs/definitions.md): means and SDs, Welch's t-test for
//! mirror gaps and wave-to-wave changes, Pearson and Spearman correlation, type-7 quantiles and
//! the two-proportion z-test for rates.
//!
//! The accumulators ([`Summary`], [`PairSummary`]) are mergeable, so a statistic over an
//! organization is the merge of its departments' accumulators and never needs the raw rows again.
//! Both use updates that stay accurate when the values sit far from zero (Welford for a single
//! series, the co-moment form for pairs, Chan et al. for merging).
//!
//! Everything here is pure and never panics: where a statistic is undefined (too few values,
//! zero variance, mismatched lengths) the function returns `None` and the caller decides how to
//! report it. `statrs` supplies the normal distribution, Student's t density and the regularized
//! incomplete beta function; the tests, and Student's t tail probability and quantile, are
//! written here on top of them, because `StudentsT::inverse_cdf` is inaccurate near the centre
//! and in the far tails and never returns for df near 1e8 (see [`student_t_quantile`]).

mod correlation;
mod means;
mod multiple;
mod proportions;
mod quantile;
mod rng;
mod student_t;
mod summary;

pub use correlation::{PairSummary, average_ranks, pearson, spearman};
pub use means::{Welch, hedges_g, mean_interval, one_sample_t, welch, welch_contrast};
pub use multiple::adjust;
pub use proportions::{ZTest, cohens_h, two_proportion_z, two_proportion_z_eff, wilson};
pub use quantile::{median, quantile};
pub use rng::SeededRng;
pub use student_t::student_t_quantile;
pub use summary::Summary;

#[cfg(test)]
mod tests;
