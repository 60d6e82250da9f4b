//! Multiplicity correction of a family of p-values.

/// Multiplicity correction of a family of p-values, as R's `p.adjust`: Benjamini–Hochberg
/// (`q₍ᵢ₎ = min over j ≥ i of m·p₍ⱼ₎/j`, capped at 1) or Holm (`q₍ᵢ₎ = max over j ≤ i of
/// (m − j + 1)·p₍ⱼ₎`, capped at 1), with `p₍ᵢ₎` the i-th smallest of the `m` p-values present.
/// `None` entries are not tests: they stay `None` and do not count in `m`.
pub fn adjust(p: &[Option<f64>], method: crate::config::Correction) -> Vec<Option<f64>> {
    use crate::config::Correction;
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    // Stable: ties keep their positions, so the result does not depend on anything but p.
    order.sort_by(|&a, &b| p[a].unwrap().total_cmp(&p[b].unwrap()));
    let m = order.len() as f64;
    let mut q = vec![None; p.len()];
    match method {
        Correction::None => return p.to_vec(),
        Correction::Bh => {
            let mut running = 1.0f64;
            for (rank, &i) in order.iter().enumerate().rev() {
                let v = (m * p[i].unwrap() / (rank + 1) as f64).min(1.0);
                running = running.min(v);
                q[i] = Some(running);
            }
        }
        Correction::Holm => {
            let mut running = 0.0f64;
            for (rank, &i) in order.iter().enumerate() {
                let v = ((m - rank as f64) * p[i].unwrap()).min(1.0);
                running = running.max(v);
                q[i] = Some(running);
            }
        }
    }
    q
}
