//! Rules on importance: leadership overrating what matters to customers
//! (`misplaced_priority`) and staff underrating it (`underestimated_need`).

use super::mirror::tested;
use super::{Ctx, Finding, Tested, finding};

/// The leadership layers together think an aspect matters much more to customers than it
/// does (tested). On a protected aspect the card says staff overrate its importance relative
/// to customers and never advises giving it less attention (`protected` in the evidence).
pub(super) fn misplaced_priority(x: &Ctx) -> Vec<Finding> {
    let (config, s) = (x.config, &x.config.recommendations);
    x.per_aspect(|_, a| {
        let c = a.importance.leadership.as_ref()?;
        let min_gap = s.misplaced_priority_gap;
        let (key, gap) = x.speaking_gap(("leadership", &a.id), tested(c), min_gap, 1.0)?;
        let mut evidence = vec![
            ("layer_importance", c.employee.mean?),
            ("customer_importance", c.customer.mean?),
            ("gap", gap),
            ("ci_low", c.ci_low?),
            ("ci_high", c.ci_high?),
            ("q", x.q(&key)?),
            ("n_customers", c.customer.n as f64),
            ("n_staff", c.employee.n as f64),
            ("target", min_gap),
        ];
        // A protected aspect keeps its attention: the card only explains, so it weighs less.
        let protected = config.is_protected(&a.id);
        if protected {
            evidence.push(("protected", 1.0));
        }
        let weight = if protected { 0.5 } else { 2.0 };
        Some(finding(Some(&a.id), gap * weight, &evidence))
    })
}

/// Customers find an aspect important that staff (all layers) underrate (tested).
pub(super) fn underestimated_need(x: &Ctx) -> Vec<Finding> {
    let s = &x.config.recommendations;
    x.per_aspect(|_, a| {
        let imp = &a.importance;
        let test = Tested {
            gap: imp.gap,
            significant: imp.significant,
            g: imp.g,
        };
        let min_gap = s.underestimated_need_gap;
        let (key, gap) = x.speaking_gap(("importance", &a.id), test, min_gap, -1.0)?;
        Some(finding(
            Some(&a.id),
            -gap * 2.0,
            &[
                ("customer_importance", imp.customer.mean?),
                ("staff_importance", imp.employee.mean?),
                ("gap", gap),
                ("q", x.q(&key)?),
                ("n_customers", imp.customer.n as f64),
                ("n_staff", imp.employee.n as f64),
                ("target", -min_gap),
            ],
        ))
    })
}
