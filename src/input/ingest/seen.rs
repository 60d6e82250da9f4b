//! The respondent ids of a file seen so far, each as a 64-bit fingerprint with the line it
//! was first seen on: the duplicate check of every row, one probe of a table larger than the
//! caches.

use std::collections::HashMap;
use std::hash::Hasher;

/// The 64-bit fingerprint of a respondent id: its bytes read eight at a time, each word
/// folded in by a bijective mix (murmur3's finalizer), the length as the seed. Ids of up to
/// eight bytes of one length never collide (every step is a bijection); for longer ids two
/// distinct ones collide with a chance of about 2^-64 (a false duplicate among a million ids:
/// about 3 in 10^8). Several times quicker than SipHash, which guards against keys chosen to
/// collide, a threat a survey export does not pose.
pub(super) fn fingerprint(id: &str) -> u64 {
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

/// The respondent-id fingerprints seen in a file, each with its line. Up to
/// [`SeenIds::SMALL`] ids an open-addressing table of (fingerprint, line) slots: one probe
/// touches one cache line, where a general hash table touches two (its control bytes and
/// its entries). A hash table takes 16 to 32 bytes an id, and twice that while it doubles: a
/// file of four million respondents would hold 200 MB. So beyond [`SeenIds::SMALL`] ids the
/// fingerprints are spread over 2^16 small sorted shards by their top bits (an insert moves
/// a few dozen entries; no shard ever doubles much memory), keys and lines in separate
/// vectors, a line as `u32` (a larger line in a side map): about 13 bytes an id.
#[derive(Default)]
pub(super) struct SeenIds {
    small: Slots,
    shards: Vec<Shard>,
    far_lines: HashMap<u64, u64, KeyHash>,
}

/// Open addressing with linear probing: a slot is (fingerprint, line), line 0 (no row has
/// it) marks an empty slot; at most three quarters of the slots are taken.
#[derive(Default)]
struct Slots {
    slots: Vec<(u64, u64)>,
    len: usize,
}

impl Slots {
    fn len(&self) -> usize {
        self.len
    }

    /// The slot count that holds `n` ids within the load limit.
    fn capacity_for(n: usize) -> usize {
        (n.saturating_mul(4) / 3 + 1).next_power_of_two().max(16)
    }

    /// Make room for `n` ids in all.
    fn reserve(&mut self, n: usize) {
        let want = Self::capacity_for(n);
        if want > self.slots.len() {
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); want]);
            for (key, line) in old {
                if line != 0 {
                    self.place(key, line);
                }
            }
        }
    }

    /// Put `key` into its first empty slot (it is known not to be there).
    fn place(&mut self, key: u64, line: u64) {
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (key, line);
    }

    /// The line of `key`, or `None` after inserting it with `line` (not 0).
    #[inline]
    fn first_or_insert(&mut self, key: u64, line: u64) -> Option<u64> {
        if self.len + 1 > self.slots.len() / 4 * 3 {
            self.reserve(self.len + 1);
        }
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let (k, l) = self.slots[i];
            if l == 0 {
                self.slots[i] = (key, line);
                self.len += 1;
                return None;
            }
            if k == key {
                return Some(l);
            }
            i = (i + 1) & mask;
        }
    }

    /// Every (fingerprint, line), emptying the table.
    fn take(&mut self) -> Vec<(u64, u64)> {
        self.len = 0;
        let slots = std::mem::take(&mut self.slots);
        slots.into_iter().filter(|s| s.1 != 0).collect()
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
    /// Up to this many ids the open-addressing table (at most 32 MB, and faster); beyond,
    /// the shards.
    const SMALL: usize = 1 << 20;

    /// How many ids the table holds (none once the shards took over).
    pub(super) fn in_table(&self) -> usize {
        self.small.len()
    }

    /// Make room for `total` ids in the table (no more than it holds before the shards take
    /// over).
    pub(super) fn reserve(&mut self, total: u64) {
        let total = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .min(Self::SMALL);
        if self.shards.is_empty() {
            self.small.reserve(total);
        }
    }

    /// The line where `key` was first seen; when it was not, `None`, and it is remembered as
    /// seen on `line` (1-based).
    pub(super) fn first_or_insert(&mut self, key: u64, line: u64) -> Option<u64> {
        if self.shards.is_empty() {
            // One probe of the table, which is larger than the caches: look up and insert.
            if let Some(first) = self.small.first_or_insert(key, line.max(1)) {
                return Some(first);
            }
            if self.small.len() >= Self::SMALL {
                self.shards = vec![Shard::default(); 1 << 16];
                let mut small = self.small.take();
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
    use super::{SeenIds, Slots, fingerprint};

    #[test]
    fn seen_ids_keep_the_first_line_in_the_table_and_in_the_shards() {
        let mut seen = SeenIds::default();
        // Room made ahead changes nothing but speed (and is capped at the table's limit).
        seen.reserve(u64::MAX);
        assert_eq!(seen.small.slots.len(), Slots::capacity_for(SeenIds::SMALL));
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

    #[test]
    fn the_table_finds_every_key_through_growth_and_collisions() {
        // Keys that share their low bits all probe from the same slot.
        let mut slots = Slots::default();
        for k in 0..5000u64 {
            assert_eq!(slots.first_or_insert(k << 32, k + 1), None, "{k}");
        }
        for k in 0..5000u64 {
            assert_eq!(slots.first_or_insert(k << 32, 1), Some(k + 1), "{k}");
        }
        assert_eq!(slots.len(), 5000);
        assert!(slots.slots.len() * 3 / 4 >= 5000);
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
