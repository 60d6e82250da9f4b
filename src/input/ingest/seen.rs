//! The respondent ids of a file seen so far, each as a 64-bit fingerprint with the line it
//! was first seen on: the duplicate check of every row.

use std::collections::HashMap;
use std::hash::Hasher;

/// The 64-bit fingerprint of a respondent id: its bytes read eight at a time, each word
/// folded in by a bijective mix (murmur3's finalizer), the length as the seed. Ids of up to
/// eight bytes of one length never collide (every step is a bijection); for longer ids two
/// distinct ones collide with a chance of about 2^-64 (a false duplicate among a million ids:
/// about 3 in 10^8). Several times quicker than SipHash, which guards against keys chosen to
/// collide, a threat a survey export does not pose.
fn fingerprint(id: &str) -> u64 {
    let bytes = id.as_bytes();
    let mut h = mix(bytes.len() as u64 ^ 0x9E37_79B9_7F4A_7C15);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        h = mix(h ^ u64::from_le_bytes(word));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = mix(h ^ u64::from_le_bytes(word));
    }
    h
}

/// murmur3's 64-bit finalizer: a bijection that spreads every input bit over the output.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The respondent ids seen in a file, each with the line it was first seen on.
///
/// Exports usually list respondents in the order of their ids. While every id comes after
/// the one before it (a shorter id first, then byte order), it cannot be one seen before:
/// its fingerprint and line are only noted down, in order, with no look-up. At the first id
/// out of that order (or after [`SeenIds::SMALL`] of them) the notes go into a hash table
/// of fingerprints, where every later id is looked up.
///
/// A hash table takes about 17 bytes an id at rest and three times that while it doubles: a
/// file of four million respondents held 200 MB. So beyond [`SeenIds::SMALL`] ids the
/// fingerprints are spread over 2^16 small sorted shards by their top bits (an insert moves
/// a few dozen entries; no shard ever doubles much memory), keys and lines in separate
/// vectors, a line as `u32` (a larger line in a side map): about 13 bytes an id.
pub(super) struct SeenIds {
    /// While the ids ascend: the last one, and every fingerprint with its line so far.
    run: Option<(String, Vec<(u64, u64)>)>,
    /// Whether room was made in `small` for the rows the file is estimated to hold.
    reserved: bool,
    small: HashMap<u64, u64, KeyHash>,
    shards: Vec<Shard>,
    far_lines: HashMap<u64, u64, KeyHash>,
}

impl Default for SeenIds {
    fn default() -> Self {
        SeenIds {
            run: Some((String::new(), Vec::new())),
            reserved: false,
            small: HashMap::default(),
            shards: Vec::new(),
            far_lines: HashMap::default(),
        }
    }
}

/// The keys of the side map are fingerprints already: hashing them again only costs time.
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

    /// The line where `id` was first seen; when it was not, `None`, and it is remembered as
    /// seen on `line`.
    pub(super) fn first_or_insert(&mut self, id: &str, line: u64) -> Option<u64> {
        let key = fingerprint(id);
        if let Some((last, keys)) = &mut self.run {
            let after = (id.len(), id.as_bytes()) > (last.len(), last.as_bytes());
            if (keys.is_empty() || after) && keys.len() < Self::SMALL {
                last.clear();
                last.push_str(id);
                keys.push((key, line));
                return None;
            }
            self.end_run();
        }
        self.insert(key, line)
    }

    /// The ids no longer ascend: what was noted down goes into the table.
    fn end_run(&mut self) {
        let Some((_, mut keys)) = self.run.take() else {
            return;
        };
        if keys.len() >= Self::SMALL {
            // Too many for the table: straight into the shards, in order.
            self.shards = vec![Shard::default(); 1 << 16];
            keys.sort_unstable();
        } else {
            self.small.reserve(keys.len());
        }
        for (key, line) in keys {
            // Two ids of the run with one fingerprint (a chance of 2^-64): the first counts.
            self.insert(key, line);
        }
    }

    /// Whether room should be made for the rows of the whole file (once, when the table has
    /// taken a thousand ids).
    pub(super) fn wants_room(&self) -> bool {
        !self.reserved && self.run.is_none() && self.small.len() >= 1000 && self.shards.is_empty()
    }

    /// Make room for `total` ids in the hash table (no more than it holds before the shards
    /// take over); asked once.
    pub(super) fn reserve(&mut self, total: Option<u64>) {
        self.reserved = true;
        let Some(total) = total else {
            return;
        };
        let total = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .min(Self::SMALL);
        if self.shards.is_empty() {
            self.small.reserve(total.saturating_sub(self.small.len()));
        }
    }

    /// [`SeenIds::first_or_insert`] by fingerprint, in the table or the shards.
    fn insert(&mut self, key: u64, line: u64) -> Option<u64> {
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
                    self.insert(key, line);
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
    use super::{SeenIds, fingerprint};

    #[test]
    fn seen_ids_keep_the_first_line_in_the_table_and_in_the_shards() {
        let mut seen = SeenIds::default();
        // Random ids: the run ends at once, the table and then the shards take them.
        let mut rng = 0x2026_u64;
        let mut ids = Vec::new();
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
            let id = format!("{rng:x}");
            // Line 7 is beyond u32: it goes to the side map.
            assert_eq!(seen.first_or_insert(&id, line_of(i)), None);
            assert_eq!(seen.first_or_insert(&id, 1), Some(line_of(i)));
            if i == 100 {
                assert!(seen.run.is_none() && seen.shards.is_empty(), "the table");
                assert!(!seen.wants_room());
            }
            if i == 1000 {
                assert!(seen.wants_room());
                // Room made ahead changes nothing but speed (and is capped at the limit).
                seen.reserve(Some(u64::MAX));
                assert!(seen.small.capacity() >= SeenIds::SMALL && !seen.wants_room());
            }
            ids.push(id);
        }
        assert!(!seen.shards.is_empty(), "moved to the shards");
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(seen.first_or_insert(id, 1), Some(line_of(i as u64)));
        }
        assert_eq!(seen.first_or_insert("12345", 9), None);
        assert_eq!(seen.first_or_insert("12345", 10), Some(9));
    }

    #[test]
    fn ascending_ids_are_noted_until_one_is_out_of_order() {
        let mut seen = SeenIds::default();
        for (k, id) in ["K8", "K9", "K10", "K11", "K100"].iter().enumerate() {
            assert_eq!(seen.first_or_insert(id, k as u64 + 2), None, "{id}");
        }
        assert!(seen.run.is_some() && seen.small.is_empty(), "no table yet");
        // Equal to the last is out of order: the notes go into the table, which has it.
        assert_eq!(seen.first_or_insert("K100", 9), Some(6));
        assert!(seen.run.is_none() && seen.small.len() == 5);
        assert_eq!(seen.first_or_insert("K9", 10), Some(3));
        assert_eq!(seen.first_or_insert("K12", 11), None);
        assert_eq!(seen.first_or_insert("K12", 12), Some(11));
        // A long run ends at the table's limit all the same.
        let mut seen = SeenIds::default();
        for i in 0..=SeenIds::SMALL as u64 {
            assert_eq!(seen.first_or_insert(&format!("{i:08}"), i + 2), None);
        }
        assert!(seen.run.is_none() && seen.small.is_empty() && !seen.shards.is_empty());
        assert_eq!(seen.first_or_insert("00000000", 1), Some(2));
        assert_eq!(seen.first_or_insert("00000007", 1), Some(9));
    }

    #[test]
    fn fingerprints_tell_ids_apart() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            for id in [
                format!("{i}"),
                format!("c{i:07}"),
                format!("respondent-{i:09}"),
            ] {
                assert!(seen.insert(fingerprint(&id)), "{id}");
            }
        }
        // The length is part of it: trailing NUL bytes make another id.
        assert_ne!(fingerprint("a"), fingerprint("a\0"));
        assert_ne!(fingerprint(""), fingerprint("\0"));
    }
}
