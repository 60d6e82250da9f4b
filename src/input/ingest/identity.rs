//! The identifying columns of a row: the respondent id (empty or repeated rejects the row,
//! checked against every id of the file in a compact table) and the department (an id or
//! name from `org.yaml`; unknown becomes missing).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::{Column, Row, Table, cells};
use crate::config::ingest::normalize;
use crate::model::Organization;

/// Shared checks of the identifying columns: a duplicate id rejects the row, an unknown
/// department becomes missing.
pub(super) struct Identity<'a> {
    org: &'a Organization,
    /// Department id or name, normalized → id.
    departments: HashMap<String, String, super::hashers::Fnv>,
    /// Hash of each respondent id seen → its line. A 64-bit hash instead of the id keeps
    /// memory at about 13 bytes a respondent on files of millions of rows (a false duplicate
    /// among a million ids has a chance of about 3 in 10^8).
    seen: SeenIds,
    /// The id and department columns, when looked up once for the file ([`Identity::of`]).
    columns: Option<[Column; 2]>,
}

impl<'a> Identity<'a> {
    /// [`Identity::new`] with the columns of `table` looked up once.
    pub(super) fn of(org: &'a Organization, table: &Table) -> Self {
        Identity {
            columns: Some(["respondent_id", "department"].map(|c| table.column(c))),
            ..Identity::new(org)
        }
    }

    pub(super) fn new(org: &'a Organization) -> Self {
        let mut departments = HashMap::default();
        for d in &org.meta.departments {
            departments.insert(normalize(&d.name), d.id.clone());
        }
        // Ids win over names when one department's name is another's id.
        for d in &org.meta.departments {
            departments.insert(normalize(&d.id), d.id.clone());
        }
        Identity {
            org,
            departments,
            seen: SeenIds::default(),
            columns: None,
        }
    }

    /// The respondent id, or `None` when the row was rejected.
    pub(super) fn respondent<'r>(&mut self, row: &mut Row<'r>) -> Option<Cow<'r, str>> {
        let id = match &self.columns {
            Some([id, _]) => row.text_at(id),
            None => row.text_ref("respondent_id"),
        };
        let Some(id) = id else {
            let msg = format!(
                "the respondent id is empty (column {})",
                row.describe("respondent_id")
            );
            row.reject(Some("respondent_id"), "missing_id", msg);
            return None;
        };
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let key = h.finish();
        if self.seen.in_table() == 1000
            && let Some(rows) = row.estimated_rows()
        {
            // The table would double about ten times more: make room once.
            self.seen.reserve(rows);
        }
        if let Some(first) = self.seen.first_or_insert(key, row.line()) {
            let msg = format!(
                "duplicate respondent id {}: line {first} has it too; only that row is used",
                crate::input::scrub::shown_value(&id)
            );
            row.reject(Some("respondent_id"), "duplicate_id", msg);
            return None;
        }
        Some(id)
    }

    /// The department id of the row: its id or display name from `org.yaml`.
    pub(super) fn department(&self, row: &mut Row<'_>) -> Option<String> {
        self.department_ref(row).map(Cow::into_owned)
    }

    /// [`Identity::department`], borrowing the id from `org.yaml`.
    pub(super) fn department_ref(&self, row: &mut Row<'_>) -> Option<Cow<'_, str>> {
        let dept = match &self.columns {
            Some([_, department]) => row.text_at(department),
            None => row.text_ref("department"),
        }?;
        if self.org.meta.departments.is_empty() {
            // Free text from the data that the reports show: scrubbed like an open answer.
            return Some(Cow::Owned(crate::input::scrub::scrub(
                &dept,
                crate::input::scrub::REPLACEMENT,
            )));
        }
        if let Some(id) = self.departments.get(cells::normalized(&dept).as_ref()) {
            return Some(Cow::Borrowed(id));
        }
        let known: Vec<&str> = self
            .org
            .meta
            .departments
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        let msg = format!(
            "unknown department {} (org.yaml lists {})",
            crate::input::scrub::shown_value(&dept),
            known.join(", ")
        );
        let idx = row.column_index("department").unwrap_or(0);
        row.value_problem(idx, "unknown_department", msg);
        None
    }
}

/// The respondent-id hashes seen in a file, each with its line. A hash table takes about
/// 17 bytes an id at rest and three times that while it doubles: a file of four million
/// respondents held 200 MB. So beyond [`SeenIds::SMALL`] ids the hashes are spread over 2^16
/// small sorted shards by their top bits (an insert moves a few dozen entries; no shard ever
/// doubles much memory), keys and lines in separate vectors, a line as `u32` (a larger line
/// in a side map): about 13 bytes an id.
#[derive(Default)]
struct SeenIds {
    small: HashMap<u64, u64, KeyHash>,
    shards: Vec<Shard>,
    far_lines: HashMap<u64, u64, KeyHash>,
}

/// The keys of [`SeenIds`] are SipHash values already: hashing them again only costs time.
type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

/// The hasher behind [`KeyHash`]: a `u64` key is its own hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; anything else is folded in all the same.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// One shard of [`SeenIds`]: sorted keys and their lines.
#[derive(Clone, Default)]
struct Shard {
    keys: Vec<u64>,
    lines: Vec<u32>,
}

impl SeenIds {
    /// Up to this many ids a plain hash table (at most 36 MB, and faster); beyond, the shards.
    const SMALL: usize = 1 << 20;

    /// How many ids the hash table holds (none once the shards took over).
    fn in_table(&self) -> usize {
        self.small.len()
    }

    /// Make room for `total` ids in the hash table (no more than it holds before the
    /// shards take over).
    fn reserve(&mut self, total: u64) {
        let total = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .min(Self::SMALL);
        if self.shards.is_empty() {
            self.small.reserve(total.saturating_sub(self.small.len()));
        }
    }

    /// The line where `key` was first seen; when it was not, `None`, and it is remembered as
    /// seen on `line`.
    fn first_or_insert(&mut self, key: u64, line: u64) -> Option<u64> {
        if self.shards.is_empty() {
            // One probe of the table, which is larger than the caches: look up and insert.
            match self.small.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => return Some(*first.get()),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
            if self.small.len() >= Self::SMALL {
                self.shards = vec![Shard::default(); 1 << 16];
                let mut small: Vec<(u64, u64)> =
                    std::mem::take(&mut self.small).into_iter().collect();
                small.sort_unstable();
                for (key, line) in small {
                    self.first_or_insert(key, line);
                }
            }
            return None;
        }
        let shard = &mut self.shards[(key >> 48) as usize];
        let i = match shard.keys.binary_search(&key) {
            Ok(i) => {
                return match shard.lines[i] {
                    u32::MAX => self.far_lines.get(&key).copied(),
                    line => Some(u64::from(line)),
                };
            }
            Err(i) => i,
        };
        if shard.keys.len() == shard.keys.capacity() {
            // Grow by a quarter: little slack at rest, a small copy when growing.
            let more = (shard.keys.len() / 4).max(4);
            shard.keys.reserve_exact(more);
            shard.lines.reserve_exact(more);
        }
        shard.keys.insert(i, key);
        let short = u32::try_from(line).ok().filter(|l| *l != u32::MAX);
        shard.lines.insert(i, short.unwrap_or(u32::MAX));
        if short.is_none() {
            self.far_lines.insert(key, line);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::SeenIds;

    #[test]
    fn seen_ids_keep_the_first_line_in_the_table_and_in_the_shards() {
        let mut seen = SeenIds::default();
        // Room made ahead changes nothing but speed (and is capped at the table's limit).
        seen.reserve(u64::MAX);
        assert!(seen.small.capacity() >= SeenIds::SMALL);
        let mut rng = 0x2026_u64;
        let mut keys = Vec::new();
        let line_of = |i: u64| {
            if i == 7 {
                u64::from(u32::MAX) + 5
            } else {
                i + 2
            }
        };
        for i in 0..(SeenIds::SMALL as u64 + (1 << 17)) {
            rng = rng
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            keys.push(rng);
            // Line 7 is beyond u32: it goes to the side map.
            assert_eq!(seen.first_or_insert(rng, line_of(i)), None);
            assert_eq!(seen.first_or_insert(rng, 1), Some(line_of(i)));
            if i == 100 {
                assert!(seen.shards.is_empty(), "still the small table");
            }
        }
        assert!(!seen.shards.is_empty(), "moved to the shards");
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(seen.first_or_insert(*key, 1), Some(line_of(i as u64)));
        }
        assert_eq!(seen.first_or_insert(12345, 9), None);
        assert_eq!(seen.first_or_insert(12345, 10), Some(9));
    }
}
