//! The rows of the live timeline, in chunks that copies of a view share.
//!
//! While a step waits for the store, the console lays it over a copy of the
//! committed view: once per key. With the rows in one `Vec`, that copy cost
//! one reference count per row of the meeting, so a key cost more the
//! longer the meeting ran (13% of the console's samples at 20,000 steps in
//! `perf record` of `cargo bench --bench commit`). Here only full chunks are
//! shared, never changed again, and a push copies at most the last chunk:
//! a copy costs one count per [`CHUNK`] rows, a push at most [`CHUNK`].

use std::ops::Index;
use std::sync::Arc;

use super::TimelineRow;

/// Rows per chunk.
pub const CHUNK: usize = 256;

/// The timeline's rows, oldest first. Every chunk but the last is full.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    chunks: Vec<Arc<Vec<Arc<TimelineRow>>>>,
}

impl Timeline {
    pub fn len(&self) -> usize {
        match self.chunks.last() {
            Some(last) => (self.chunks.len() - 1) * CHUNK + last.len(),
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Arc<TimelineRow>> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub fn last(&self) -> Option<&Arc<TimelineRow>> {
        self.chunks.last()?.last()
    }

    /// Adds a row at the end: into the last chunk (copied first if another
    /// view shares it), or into a new one when that is full.
    pub fn push(&mut self, row: Arc<TimelineRow>) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => Arc::make_mut(last).push(row),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(row);
                self.chunks.push(Arc::new(chunk));
            }
        }
    }

    /// The rows, oldest first; from the end with `.rev()`.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            timeline: self,
            front: 0,
            back: self.len(),
        }
    }
}

/// The rows of a [`Timeline`], by index: from either end, with its length.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    timeline: &'a Timeline,
    /// The next row from the front.
    front: usize,
    /// One past the next row from the back.
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Arc<TimelineRow>;

    fn next(&mut self) -> Option<&'a Arc<TimelineRow>> {
        if self.front == self.back {
            return None;
        }
        let row = self.timeline.get(self.front);
        self.front += 1;
        row
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.timeline.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Index<usize> for Timeline {
    type Output = Arc<TimelineRow>;

    /// Panics past the end, as a slice does.
    fn index(&self, i: usize) -> &Arc<TimelineRow> {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl FromIterator<Arc<TimelineRow>> for Timeline {
    fn from_iter<I: IntoIterator<Item = Arc<TimelineRow>>>(rows: I) -> Timeline {
        let mut t = Timeline::default();
        for row in rows {
            t.push(row);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(n: usize) -> Arc<TimelineRow> {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T19:00:00+01:00").unwrap();
        Arc::new(TimelineRow {
            seq: Some(n as u64),
            at,
            text: format!("regel {n}"),
            corrected: None,
            is_correction: false,
        })
    }

    fn texts(t: &Timeline) -> Vec<String> {
        t.iter().map(|r| r.text.clone()).collect()
    }

    proptest! {
        /// Whatever its length, the timeline is the `Vec` it replaces:
        /// length, indexing, both directions, the last row.
        #[test]
        fn it_is_the_vec_it_replaces(n in 0usize..3 * CHUNK + 5) {
            let rows: Vec<Arc<TimelineRow>> = (0..n).map(row).collect();
            let t: Timeline = rows.iter().cloned().collect();
            prop_assert_eq!(t.len(), n);
            prop_assert_eq!(t.is_empty(), n == 0);
            prop_assert_eq!(t.iter().len(), n);
            for (i, r) in rows.iter().enumerate() {
                prop_assert_eq!(&t[i], r);
                prop_assert_eq!(t.get(i), Some(r));
            }
            prop_assert_eq!(t.get(n), None);
            prop_assert_eq!(t.last(), rows.last());
            let back: Vec<_> = t.iter().rev().cloned().collect();
            let mut expected = rows.clone();
            expected.reverse();
            prop_assert_eq!(back, expected);
            prop_assert_eq!(
                t.iter().rposition(|r| r.seq.is_some_and(|s| s % 7 == 3)),
                rows.iter().rposition(|r| r.seq.is_some_and(|s| s % 7 == 3))
            );
        }

        /// A copy and its original go their own ways: rows pushed on one
        /// never show in the other, at any chunk boundary.
        #[test]
        fn a_copy_and_its_original_do_not_share_what_is_pushed_after(
            n in 0usize..2 * CHUNK + 3,
            more in 0usize..CHUNK + 3,
        ) {
            let original: Timeline = (0..n).map(row).collect();
            let before = texts(&original);
            let mut copy = original.clone();
            for i in 0..more {
                copy.push(row(10_000 + i));
            }
            prop_assert_eq!(texts(&original), before.clone());
            prop_assert_eq!(copy.len(), n + more);
            prop_assert_eq!(&texts(&copy)[..n], &before[..]);
            // And the other way round: the original grows, the copy not.
            let copied = texts(&copy);
            let mut original = original;
            original.push(row(99_999));
            prop_assert_eq!(texts(&copy), copied);
            prop_assert_eq!(original.len(), n + 1);
        }
    }

    /// The copy the console makes per key shares every full chunk: it
    /// costs one count per chunk, not one per row.
    #[test]
    fn a_copy_shares_its_full_chunks() {
        let t: Timeline = (0..3 * CHUNK + 1).map(row).collect();
        let mut copy = t.clone();
        copy.push(row(5_000));
        for i in 0..3 {
            assert!(Arc::ptr_eq(&t.chunks[i], &copy.chunks[i]));
        }
        // The last chunk, not full, was copied before the push.
        assert!(!Arc::ptr_eq(&t.chunks[3], &copy.chunks[3]));
        assert_eq!(t.len(), 3 * CHUNK + 1);
        assert_eq!(copy.len(), 3 * CHUNK + 2);
    }
}
