//! Keeping the best few of a long stream, with ties broken by arrival order.

/// The `k` smallest keys seen, each with its item; among equal keys, the first seen wins.
///
/// Items arrive in roster order, so "ties in roster order" holds without sorting a million
/// entries.
#[derive(Clone, Debug)]
pub struct TopK<K, T> {
    k: usize,
    kept: Vec<(K, T)>,
}

impl<K: Ord + Copy, T> TopK<K, T> {
    /// Keeps at most `k`.
    pub fn new(k: usize) -> TopK<K, T> {
        TopK {
            k,
            kept: Vec::with_capacity(k + 1),
        }
    }

    /// Whether `key` would be kept (it is smaller than the worst kept, or there is room).
    pub fn admits(&self, key: K) -> bool {
        self.kept.len() < self.k || self.kept.last().is_some_and(|(worst, _)| key < *worst)
    }

    /// Offers an item.
    pub fn push(&mut self, key: K, item: T) {
        if !self.admits(key) {
            return;
        }
        // Insert after every kept key that is <= key, so earlier arrivals stay first.
        let at = self.kept.partition_point(|(k, _)| *k <= key);
        self.kept.insert(at, (key, item));
        self.kept.truncate(self.k);
    }

    /// The kept items, best first.
    pub fn into_sorted(self) -> Vec<(K, T)> {
        self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::TopK;

    #[test]
    fn smallest_first_ties_by_arrival() {
        let mut top = TopK::new(3);
        for (key, item) in [(5, 'a'), (2, 'b'), (5, 'c'), (2, 'd'), (1, 'e'), (2, 'f')] {
            top.push(key, item);
        }
        assert_eq!(top.into_sorted(), [(1, 'e'), (2, 'b'), (2, 'd')]);
    }

    #[test]
    fn zero_keeps_nothing() {
        let mut top = TopK::new(0);
        top.push(1, ());
        assert!(top.into_sorted().is_empty());
    }
}
