//! Type-7 quantiles and the median.

/// Quantile `q` (in [0, 1]) with linear interpolation between order statistics: R's type 7,
/// numpy's default and Excel's `PERCENTILE.INC`. The input need not be sorted.
///
/// `None` when `values` is empty or `q` is outside [0, 1] (or NaN).
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let fraction = h - lo as f64;
    let lower = sorted[lo];
    if fraction == 0.0 {
        // Exactly on an order statistic; also avoids ∞ − ∞ when the data hold infinities.
        return Some(lower);
    }
    let upper = sorted[lo + 1];
    Some(lower + fraction * (upper - lower))
}

/// Median (type-7 quantile at 0.5: the mean of the middle two for an even count).
/// `None` when `values` is empty.
pub fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}
