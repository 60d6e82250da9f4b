//! `--shard K/N`: a stable partition of organizations over N machines.
//!
//! An organization belongs to shard `blake3(id) mod N` — a function of its id and N only,
//! never of its position in the data folder, so adding or removing an organization does not
//! move the others, and every machine computes the same partition without talking to the
//! others. K is 0-based, like Kubernetes' `JOB_COMPLETION_INDEX` and a Slurm array
//! `--array=0-(N-1)`.

use std::fmt;
use std::str::FromStr;

/// One shard out of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 0-based index, below `count`.
    pub index: u32,
    /// Number of shards, at least 1.
    pub count: u32,
}

impl Shard {
    /// The shard an organization id belongs to, out of `count`.
    pub fn of(org: &str, count: u32) -> u32 {
        let hash = blake3::hash(org.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        (u64::from_le_bytes(first) % u64::from(count.max(1))) as u32
    }

    /// Whether organization `org` is this shard's.
    pub fn contains(&self, org: &str) -> bool {
        Shard::of(org, self.count) == self.index
    }

    /// File-name form: `shard-K-of-N`.
    pub fn file_stem(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("'{s}' is not K/N (for example 0/4: the first of 4 shards)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u32 = k.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 {
            return Err("the number of shards N must be at least 1".into());
        }
        if index >= count {
            return Err(format!(
                "shard {index} does not exist: K counts from 0 to {} (0-based, like \
                 JOB_COMPLETION_INDEX)",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_zero_based() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert!("4/4".parse::<Shard>().unwrap_err().contains("0 to 3"));
        assert!("0/0".parse::<Shard>().is_err());
        assert!("1-4".parse::<Shard>().is_err());
        assert!("x/4".parse::<Shard>().is_err());
    }

    #[test]
    fn every_organization_is_in_exactly_one_shard() {
        let ids: Vec<String> = (0..500).map(|i| format!("org-{i}")).collect();
        for count in [1, 2, 3, 7] {
            let mut sizes = vec![0; count as usize];
            for id in &ids {
                let owners: Vec<u32> = (0..count)
                    .filter(|&k| Shard { index: k, count }.contains(id))
                    .collect();
                assert_eq!(owners.len(), 1, "{id} with {count} shards: {owners:?}");
                sizes[owners[0] as usize] += 1;
            }
            // Roughly even: no shard gets less than half its fair share.
            let fair = ids.len() / count as usize;
            assert!(sizes.iter().all(|&s| s >= fair / 2), "{sizes:?}");
        }
    }

    #[test]
    fn the_partition_depends_on_the_id_not_the_position() {
        // Fixed values (the first 8 bytes of blake3(id), little-endian, modulo N; checked with
        // Python's `blake3` package): changing the hash would move organizations between
        // machines of a running cluster.
        for (org, of4, of7) in [
            ("gemeente-zuiderveen", 1, 0),
            ("woonstichting-de-linie", 0, 2),
            ("zorgverzekeraar-anker", 1, 3),
            ("org-001", 2, 0),
            ("org-002", 1, 5),
        ] {
            assert_eq!(Shard::of(org, 4), of4, "{org} of 4");
            assert_eq!(Shard::of(org, 7), of7, "{org} of 7");
        }
    }
}
