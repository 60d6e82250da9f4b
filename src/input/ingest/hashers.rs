//! Hashers for the reader's look-up tables, where the standard SipHash costs more than the
//! keys need.

/// FNV-1a: the column index is looked up for every cell, and SipHash (the default) costs a
/// third of the reading time on short column names. No untrusted keys reach this map in
/// numbers that could make collisions matter.
pub(crate) type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

/// The FNV-1a hasher behind [`Fnv`].
#[derive(Default)]
pub(crate) struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}
