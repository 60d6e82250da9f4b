//! Rules on importance: leadership overrating what matters to customers
//! (`misplaced_priority`) and staff underrating it (`underestimated_need`).

use super::{Ctx, Finding, finding};

/// The leadership layers together think an aspect matters much more to customers than it
/// does (tested). On a protected aspect the card says staff overrate its importance relative
/// to customers and never advises giving it less attention (`protected` in the evidence).
pub(super) fn misplaced_priority(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.figures
        .aspects
        .iter()
        .filter_map(|a| {
            let c = a.importance.leadership.as_ref()?;
            let key = format!("leadership:{}", a.id);
            let gap = c
                .gap
                .filter(|g| c.significant && x.passes(&key) && *g >= s.misplaced_priority_gap)?;
            c.g.filter(|g| *g >= s.min_effect_size)?;
            let mut evidence = vec![
                ("layer_importance", c.employee.mean?),
                ("customer_importance", c.customer.mean?),
                ("gap", gap),
                ("ci_low", c.ci_low?),
                ("ci_high", c.ci_high?),
                ("q", x.q(&key)?),
                ("n_customers", c.customer.n as f64),
                ("n_staff", c.employee.n as f64),
                ("target", s.misplaced_priority_gap),
            ];
            // A protected aspect keeps its attention: the card only explains, so it weighs less.
            let protected = config.is_protected(&a.id);
            if protected {
                evidence.push(("protected", 1.0));
            }
            let weight = if protected { 0.5 } else { 2.0 };
            Some(finding(Some(&a.id), gap * weight, &evidence))
        })
        .collect()
}

/// Customers find an aspect important that staff (all layers) underrate (tested).
pub(super) fn underestimated_need(x: &Ctx) -> Vec<Finding> {
    let (m, config) = (x.m, x.config);
    let s = &config.recommendations;
    m.figures
        .aspects
        .iter()
        .filter_map(|a| {
            let imp = &a.importance;
            let key = format!("importance:{}", a.id);
            let gap = imp
                .gap
                .filter(|g| imp.significant && x.passes(&key) && -g >= s.underestimated_need_gap)?;
            imp.g.filter(|g| *g <= -s.min_effect_size)?;
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
                    ("target", -s.underestimated_need_gap),
                ],
            ))
        })
        .collect()
}
