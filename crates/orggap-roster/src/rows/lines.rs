//! The row each person was read on, for messages, kept as where the count jumps: a file of
//! one line a person keeps only where its first person was.

/// The row each person was read on: runs of people on consecutive rows, each kept as its
/// first person and their row.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// The first person of each run and their row, in roster order.
    runs: Vec<(u32, u32)>,
    len: u32,
}

impl Rows {
    /// The next person was read on `row`.
    pub(super) fn push(&mut self, row: u32) {
        self.start_run(self.len, row);
        self.len += 1;
    }

    /// Person `i`'s row.
    ///
    /// # Panics
    /// When there is no person `i`.
    pub(super) fn get(&self, i: usize) -> usize {
        assert!(i < self.len as usize, "person {i} of {}", self.len);
        let run = self.runs.partition_point(|&(first, _)| first as usize <= i) - 1;
        let (first, row) = self.runs[run];
        row as usize + (i - first as usize)
    }

    /// Appends the rows of the people after these, each `offset` rows later (saturating).
    pub(super) fn append(&mut self, other: &Rows, offset: u32) {
        for &(first, row) in &other.runs {
            self.start_run(self.len + first, row.saturating_add(offset));
        }
        self.len += other.len;
    }

    /// Starts a run at person `at` on `row`, unless it goes on with the run before.
    fn start_run(&mut self, at: u32, row: u32) {
        let goes_on = self
            .runs
            .last()
            .is_some_and(|&(first, r)| u64::from(r) + u64::from(at - first) == u64::from(row));
        if !goes_on {
            self.runs.push((at, row));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rows;

    #[test]
    fn rows_are_kept_as_they_were_pushed() {
        let rows = [2, 3, 4, 7, 8, 8, 20, u32::MAX, u32::MAX, 5];
        let mut kept = Rows::default();
        rows.iter().for_each(|&r| kept.push(r));
        let got: Vec<usize> = (0..rows.len()).map(|i| kept.get(i)).collect();
        assert_eq!(got, rows.map(|r| r as usize));
        // One line a person: one run.
        let mut lines = Rows::default();
        (2..100_000).for_each(|r| lines.push(r));
        assert_eq!(lines.runs.len(), 1);
        assert_eq!(lines.get(99_997), 99_999);
    }

    #[test]
    fn appended_rows_are_shifted() {
        let (mut first, mut second) = (Rows::default(), Rows::default());
        [2, 3, 5].iter().for_each(|&r| first.push(r));
        // The second part counted its rows from 1; it began on the first part's row 5.
        [1, 2, 3, 9].iter().for_each(|&r| second.push(r));
        first.append(&second, 5);
        let got: Vec<usize> = (0..7).map(|i| first.get(i)).collect();
        assert_eq!(got, [2, 3, 5, 6, 7, 8, 14]);
        assert_eq!(first.runs, [(0, 2), (2, 5), (6, 14)]);
    }
}
