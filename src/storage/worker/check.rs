//! The check of the whole register beside the screens: the history only
//! (chain, rows, purges, guards), on a read-only connection of its own,
//! stopped and waited for when the screens end.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::storage::{ProblemKind, Store};

/// What the background check at start found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// History does not hold (a broken chain, unreadable rows, an erased
    /// payload without a purge): nothing more may be chained onto it. The
    /// first problem, in Dutch, and how many there are.
    pub broken: Option<String>,
    /// Problems that do not touch the history (a projection that differs,
    /// a guard that was restored), in Dutch.
    pub warnings: Vec<String>,
}

/// The page cache of the background check's connection.
const CHECK_CACHE_KIB: i64 = 2 * 1024;

/// The check of the whole register beside the screens ([`check`]), on a
/// thread of its own. Dropping it stops the check and waits for its
/// thread, so that no thread of the program is still reading the register
/// when the process ends: SQLCipher's clean-up at exit (a destructor of
/// the binary) frees its crypto provider under such a thread, and the
/// process died of SIGSEGV (exit status 139) when the register screen was
/// quit in its first seconds at 100,000 cases.
pub struct BackgroundCheck {
    stop: Arc<AtomicBool>,
    join: Option<JoinHandle<()>>,
}

impl BackgroundCheck {
    /// Starts the check of the register at `path`; `deliver` gets what it
    /// found, unless it was stopped first.
    pub fn spawn(path: PathBuf, deliver: impl FnOnce(Checked) + Send + 'static) -> BackgroundCheck {
        let stop = Arc::new(AtomicBool::new(false));
        let theirs = stop.clone();
        let join = std::thread::Builder::new()
            .name("raadsorde-check".into())
            .spawn(move || {
                let checked = check_until(&path, &theirs);
                if !theirs.load(Ordering::SeqCst) {
                    deliver(checked);
                }
            });
        let join = match join {
            Ok(join) => Some(join),
            Err(e) => {
                tracing::error!("check thread: {e}");
                None
            }
        };
        BackgroundCheck { stop, join }
    }
}

impl Drop for BackgroundCheck {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(join) = self.join.take() {
            let _ = join.join();
        }
    }
}

/// Verifies the whole register at `path` through a read-only connection of
/// its own, so that the screens go on meanwhile.
pub fn check(path: &Path) -> Checked {
    check_until(path, &Arc::new(AtomicBool::new(false)))
}

/// [`check`], ended early (with a warning nobody is shown) once `stop` is
/// set: SQLite is asked between its steps ([`Store::stop_when`]).
fn check_until(path: &Path, stop: &Arc<AtomicBool>) -> Checked {
    // The history only: a broken chain is what must stop further writes;
    // the projections are `raadsorde verify`'s to compare.
    let verdict = match Store::open_read_only(path).and_then(|mut s| {
        s.stop_when(stop.clone())?;
        // One pass over the events, each page read once: a large cache
        // only holds pages never read again (at 100,000 cases it was the
        // largest part of the screen's peak memory at start-up).
        s.set_page_cache(Some(CHECK_CACHE_KIB))?;
        s.verify_history()
    }) {
        Ok(v) => v,
        Err(e) => {
            return Checked {
                broken: None,
                warnings: vec![format!(
                    "de controle van het register kon niet worden gedaan: {e}"
                )],
            };
        }
    };
    let problems = verdict.problems();
    let (history, others): (Vec<_>, Vec<_>) = problems.iter().partition(|p| {
        matches!(
            p.kind,
            ProblemKind::Chain | ProblemKind::Unreadable | ProblemKind::Purge
        )
    });
    let broken = history.first().map(|p| {
        if history.len() > 1 {
            format!("{p} (en {} andere problemen)", history.len() - 1)
        } else {
            p.to_string()
        }
    });
    let warnings = others.iter().map(|p| p.to_string()).collect();
    Checked { broken, warnings }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;

    use super::*;
    use crate::storage::StoreError;

    fn demo_register(cases: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        crate::demo::generate(&mut store, cases, 5).unwrap();
        (dir, path)
    }

    /// The history check of `path`, stopped once SQLite has asked more
    /// than `after` times (every 100 steps); `asked` counts the askings.
    fn history_stopped_after(
        path: &Path,
        after: u32,
        asked: Arc<AtomicUsize>,
    ) -> Result<crate::storage::Verdict, StoreError> {
        let mut store = Store::open_read_only(path).unwrap();
        store
            .conn
            .progress_handler(
                100,
                Some(move || {
                    let calls = asked.fetch_add(1, Ordering::Relaxed) + 1;
                    calls > after as usize
                }),
            )
            .unwrap();
        store.verify_history()
    }

    /// A check stopped at any point of its read ends with the interruption
    /// (a warning nobody is shown), never with a damaged page made of it
    /// nor by reading on through a fresh connection; not stopped, the same
    /// register is intact.
    #[test]
    fn a_check_stopped_anywhere_reports_no_damage() {
        let (_dir, path) = demo_register(60);
        assert_eq!(
            check(&path),
            Checked {
                broken: None,
                warnings: vec![]
            }
        );
        // How often SQLite asks in a whole check: every stop before that
        // falls inside it.
        let asked = Arc::new(AtomicUsize::new(0));
        let whole = history_stopped_after(&path, u32::MAX, asked.clone());
        assert!(whole.unwrap().is_intact());
        let total = u32::try_from(asked.load(Ordering::Relaxed)).unwrap();
        assert!(total >= 20, "{total}");
        for after in (0..total).step_by((total / 20) as usize) {
            match history_stopped_after(&path, after, Arc::default()) {
                Ok(verdict) => panic!("{after} of {total}: {:?}", verdict.problems()),
                Err(e) => assert!(
                    e.to_string().contains("SQLite-code 9: interrupted"),
                    "{after} of {total}: {e}"
                ),
            }
        }
    }

    /// Dropping the check stops it and waits for its thread: when the drop
    /// returns, the thread has ended. Left to run, it delivers what it
    /// found.
    #[test]
    fn a_dropped_check_has_ended_and_one_left_to_run_delivers() {
        let (_dir, path) = demo_register(300);
        let (tx, rx) = mpsc::channel();
        drop(BackgroundCheck::spawn(path.clone(), move |c| {
            let _ = tx.send(c);
        }));
        // Whatever it delivered before the stop is there to take; then its
        // end of the channel is gone, with the thread that held it.
        let _delivered: Vec<Checked> = rx.try_iter().collect();
        assert!(matches!(
            rx.try_recv(),
            Err(mpsc::TryRecvError::Disconnected)
        ));

        let (tx, rx) = mpsc::channel();
        let check = BackgroundCheck::spawn(path, move |c| {
            let _ = tx.send(c);
        });
        assert_eq!(
            rx.recv().unwrap(),
            Checked {
                broken: None,
                warnings: vec![]
            }
        );
        drop(check);
    }
}
