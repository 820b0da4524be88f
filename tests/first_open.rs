//! The first registers a process opens, opened at the same moment from
//! several threads (the tests of one binary do exactly that). SQLCipher
//! finishes its own set-up after SQLite says it is initialised; a thread
//! that keyed its connection in between got "SQLite-code 1" (seen once in
//! CI, in tests/access_cli.rs). This binary holds this one test so that
//! the opens below really are the process's first.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Barrier};

use raadsorde::storage::Store;

#[test]
fn registers_opened_at_once_by_the_first_threads_of_a_process_all_open() {
    const THREADS: usize = 12;
    let dir = tempfile::TempDir::new().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("r{i}")).join("raadsorde.db");
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                Store::open_with(&path, None).map(|_| ())
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let opened = h.join().unwrap();
        assert!(opened.is_ok(), "register {i}: {opened:?}");
    }
}
