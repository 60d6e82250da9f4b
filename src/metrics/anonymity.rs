//! Anonymity: which employee groups may not be shown (SPEC §6), including secondary
//! suppression so no hidden group can be recovered by subtraction from a shown total.

/// Given the sizes of the groups of one breakdown, return for each whether it is suppressed.
///
/// A group with `0 < n < min` is suppressed. When exactly one group is suppressed that way,
/// the smallest remaining non-empty group is suppressed too: otherwise the total minus the
/// shown groups would reveal it. Empty groups are absent, not suppressed.
pub fn suppress(sizes: &[u64], min: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes.iter().map(|&n| n > 0 && n < min).collect();
    if hidden.iter().filter(|h| **h).count() == 1 {
        let next = sizes
            .iter()
            .enumerate()
            .filter(|(i, n)| !hidden[*i] && **n > 0)
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        if let Some(i) = next {
            hidden[i] = true;
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::suppress;

    #[test]
    fn groups_at_or_above_the_minimum_are_shown() {
        assert_eq!(suppress(&[5, 9, 20], 5), [false, false, false]);
    }

    #[test]
    fn tiny_group_is_suppressed_and_its_smallest_sibling_too() {
        assert_eq!(suppress(&[30, 3, 8, 12], 5), [false, true, true, false]);
    }

    #[test]
    fn two_tiny_groups_need_no_secondary_suppression() {
        assert_eq!(suppress(&[30, 3, 2, 12], 5), [false, true, true, false]);
    }

    #[test]
    fn empty_groups_are_neither_shown_nor_counted() {
        assert_eq!(suppress(&[0, 3, 20, 40], 5), [false, true, true, false]);
        assert_eq!(suppress(&[0, 20], 5), [false, false]);
    }
}
