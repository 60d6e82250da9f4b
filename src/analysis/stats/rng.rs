//! The seeded random generator of the permutation tests and bootstrap intervals.

/// A small seeded generator (SplitMix64) for the permutation tests and bootstrap intervals:
/// the same seed gives the same figures on every platform.
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SeededRng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n > 0), by rejection so that there is no modulo bias.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        loop {
            let x = self.next_u64();
            // The zone of accepted values is `[0, MAX − MAX % n)`, which holds all of
            // `[0, MAX − n]`: only for the top `n` values is its bound worth a division.
            if x <= u64::MAX - n || x < u64::MAX - u64::MAX % n {
                return (x % n) as usize;
            }
        }
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
