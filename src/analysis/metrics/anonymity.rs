//! Anonymity: which employee groups may not be shown (docs/anonymity.md), including secondary
//! suppression so no hidden group can be recovered by subtraction from a shown total.
//!
//! [`suppress`] handles one breakdown (e.g. departments). [`suppress_table`] handles a
//! two-way breakdown with its margins (departments × layers, with the departments' and the
//! layers' totals), where subtraction can also run along the other direction: a hidden
//! department×layer cell must not be recoverable as the layer total minus the other
//! departments' cells either.

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

/// Secondary suppression in a two-way table with margins.
///
/// `sizes` is the extended table: `R + 1` rows of `C + 1` group sizes, where the last column
/// holds the row totals, the last row the column totals and the corner the grand total (which
/// is always shown). `unshown_rows[r]` marks a row that is never shown as a group (e.g. the
/// employees without a department): its cells and its total are hidden, and protected when
/// small. Returns, for every entry of the extended table, whether it is hidden.
///
/// Why this is enough: write the margins with a minus sign and every row and column of the
/// extended table sums to zero. The hidden entries are the unknowns of those line equations;
/// seen as edges of the bipartite graph rows–columns, an unknown is determined by the shown
/// entries exactly when it lies on no cycle (it is a bridge). So every hidden entry with
/// `0 < n < min` is put on a cycle of hidden entries, hiding the smallest further entries
/// needed (cells before totals). Empty entries are known to be zero and are never hidden.
/// Only when the grand total itself is small can a group stay recoverable; the total is the
/// organization and is shown.
pub fn suppress_table(sizes: &[Vec<u64>], min: u64, unshown_rows: &[bool]) -> Vec<Vec<bool>> {
    let rows = sizes.len();
    let cols = sizes.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    let corner = (rows - 1, cols - 1);
    let sensitive = |r: usize, c: usize| (r, c) != corner && sizes[r][c] > 0 && sizes[r][c] < min;
    let mut hidden: Vec<Vec<bool>> = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| {
                    let unshown = unshown_rows.get(r).copied().unwrap_or(false);
                    (r, c) != corner && sizes[r][c] > 0 && (sensitive(r, c) || unshown)
                })
                .collect()
        })
        .collect();
    let mut unprotectable = std::collections::HashSet::new();
    loop {
        let bridge = (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|&(r, c)| hidden[r][c] && sensitive(r, c) && !unprotectable.contains(&(r, c)))
            .find_map(|(r, c)| bridge_sides(&hidden, r, c).map(|sides| ((r, c), sides)));
        let Some(((r, c), (a, b))) = bridge else {
            break;
        };
        // A new hidden entry joining the two sides closes a cycle through (r, c).
        let joins = |r2: usize, c2: usize| (a.0[r2] && b.1[c2]) || (b.0[r2] && a.1[c2]);
        let extends = |r2: usize, c2: usize| r2 == r || c2 == c;
        let candidate = |ok: &dyn Fn(usize, usize) -> bool| {
            (0..rows)
                .flat_map(|r2| (0..cols).map(move |c2| (r2, c2)))
                .filter(|&(r2, c2)| {
                    (r2, c2) != corner && !hidden[r2][c2] && sizes[r2][c2] > 0 && ok(r2, c2)
                })
                .min_by_key(|&(r2, c2)| {
                    let margin = r2 == rows - 1 || c2 == cols - 1;
                    (margin, sizes[r2][c2], r2, c2)
                })
        };
        match candidate(&joins).or_else(|| candidate(&extends)) {
            Some((r2, c2)) => hidden[r2][c2] = true,
            None => {
                unprotectable.insert((r, c));
            }
        }
    }
    hidden
}

/// Row and column vertices reachable from each end of hidden entry `(r, c)` without using it.
type Side = (Vec<bool>, Vec<bool>);

/// When hidden entry `(r, c)` is a bridge, the vertices on its row side and its column side.
fn bridge_sides(hidden: &[Vec<bool>], r: usize, c: usize) -> Option<(Side, Side)> {
    let a = reach(hidden, (r, c), Vertex::Row(r));
    if a.1[c] {
        return None;
    }
    let b = reach(hidden, (r, c), Vertex::Col(c));
    Some((a, b))
}

#[derive(Clone, Copy)]
enum Vertex {
    Row(usize),
    Col(usize),
}

/// Breadth-first search over the hidden entries, leaving out `skip`.
fn reach(hidden: &[Vec<bool>], skip: (usize, usize), start: Vertex) -> Side {
    let (rows, cols) = (hidden.len(), hidden[0].len());
    let mut seen = (vec![false; rows], vec![false; cols]);
    let mut queue = std::collections::VecDeque::from([start]);
    match start {
        Vertex::Row(r) => seen.0[r] = true,
        Vertex::Col(c) => seen.1[c] = true,
    }
    while let Some(v) = queue.pop_front() {
        match v {
            Vertex::Row(r) => {
                for (c, seen_c) in seen.1.iter_mut().enumerate() {
                    if hidden[r][c] && (r, c) != skip && !*seen_c {
                        *seen_c = true;
                        queue.push_back(Vertex::Col(c));
                    }
                }
            }
            Vertex::Col(c) => {
                for (r, seen_r) in seen.0.iter_mut().enumerate() {
                    if hidden[r][c] && (r, c) != skip && !*seen_r {
                        *seen_r = true;
                        queue.push_back(Vertex::Row(r));
                    }
                }
            }
        }
    }
    seen
}

#[cfg(test)]
/// Whether hidden entry `target` can be computed from the shown entries, decided
/// independently of the bridge argument: by linear algebra. Unknowns are the hidden
/// entries; every row and column of the extended table gives one equation (margins
/// signed). `target` is recoverable exactly when its unit vector lies in the row space of
/// the equations, i.e. appending it does not raise the rank.
pub(crate) fn recoverable(hidden: &[Vec<bool>], target: (usize, usize)) -> bool {
    let (rows, cols) = (hidden.len(), hidden[0].len());
    let unknowns: Vec<(usize, usize)> = (0..rows)
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .filter(|&(r, c)| hidden[r][c])
        .collect();
    let line = |on: &dyn Fn(usize, usize) -> bool| -> Vec<f64> {
        unknowns
            .iter()
            .map(|&(r, c)| if on(r, c) { 1.0 } else { 0.0 })
            .collect()
    };
    let mut equations: Vec<Vec<f64>> = Vec::new();
    for r0 in 0..rows {
        equations.push(line(&|r, _| r == r0));
    }
    for c0 in 0..cols {
        equations.push(line(&|_, c| c == c0));
    }
    let base = rank(equations.clone());
    equations.push(line(&|r, c| (r, c) == target));
    rank(equations) == base
}

#[cfg(test)]
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let width = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..width {
        let Some(p) = (rank..m.len()).find(|&i| m[i][col].abs() > 1e-9) else {
            continue;
        };
        m.swap(rank, p);
        let pivot = m[rank].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != rank && row[col].abs() > 1e-9 {
                let f = row[col] / pivot[col];
                for (x, p) in row.iter_mut().zip(&pivot) {
                    *x -= f * p;
                }
            }
        }
        rank += 1;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::{recoverable, suppress, suppress_table};
    use proptest::prelude::*;

    /// The extended table (cells, row totals, column totals, grand total) of `cells`.
    fn extend(cells: &[Vec<u64>]) -> Vec<Vec<u64>> {
        let cols = cells[0].len();
        let mut t: Vec<Vec<u64>> = cells
            .iter()
            .map(|row| {
                let mut r = row.clone();
                r.push(row.iter().sum());
                r
            })
            .collect();
        let margin: Vec<u64> = (0..=cols).map(|c| t.iter().map(|r| r[c]).sum()).collect();
        t.push(margin);
        t
    }

    #[test]
    fn a_hidden_department_layer_cell_is_not_recoverable_from_its_layer_total() {
        // Departments × layers; (0, 1) has 2 employees. Hiding it and one sibling in its row
        // is not enough: layer 1's total minus department 1's cell would give it back.
        let cells = vec![vec![20, 2, 9], vec![15, 8, 12]];
        let t = extend(&cells);
        let hidden = suppress_table(&t, 5, &[false, false, false]);
        assert!(hidden[0][1]);
        for r in 0..t.len() {
            for c in 0..t[0].len() {
                if hidden[r][c] && t[r][c] < 5 {
                    assert!(!recoverable(&hidden, (r, c)), "({r}, {c}) in {hidden:?}");
                }
            }
        }
        assert!(!hidden[2][3], "the grand total is always shown");
    }

    #[test]
    fn employees_without_a_department_are_protected_too() {
        // Row 1 holds the 3 employees without a department: never shown, and the layer total
        // minus department 0 must not give them away.
        let cells = vec![vec![20, 12], vec![0, 3]];
        let t = extend(&cells);
        let hidden = suppress_table(&t, 5, &[false, true, false]);
        assert!(hidden[1][1] && hidden[1][2]);
        assert!(!recoverable(&hidden, (1, 1)));
    }

    proptest! {
        #[test]
        fn suppression_never_leaves_a_small_group_recoverable(
            cells in proptest::collection::vec(proptest::collection::vec(0u64..12, 1..5), 1..6)
                .prop_filter("rectangular", |rows| rows.iter().all(|r| r.len() == rows[0].len())),
            unshown_last in any::<bool>(),
        ) {
            let t = extend(&cells);
            let mut unshown = vec![false; t.len()];
            if unshown_last && cells.len() > 1 {
                unshown[cells.len() - 1] = true;
            }
            let hidden = suppress_table(&t, 5, &unshown);
            let total = t[t.len() - 1][t[0].len() - 1];
            for r in 0..t.len() {
                for c in 0..t[0].len() {
                    let small = t[r][c] > 0 && t[r][c] < 5;
                    if (r, c) == (t.len() - 1, t[0].len() - 1) {
                        prop_assert!(!hidden[r][c]);
                        continue;
                    }
                    if small {
                        prop_assert!(hidden[r][c]);
                        // Only a group as large as the whole shown total cannot be protected.
                        if t[r][c] < total {
                            prop_assert!(!recoverable(&hidden, (r, c)), "({}, {}) of {:?}: {:?}", r, c, t, hidden);
                        }
                    }
                    if t[r][c] == 0 {
                        prop_assert!(!hidden[r][c]);
                    }
                    if unshown[r] && t[r][c] > 0 {
                        prop_assert!(hidden[r][c]);
                    }
                }
            }
        }
    }

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
