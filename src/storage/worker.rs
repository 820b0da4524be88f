//! The store on its own thread: rusqlite blocks, the screen must not.
//!
//! The console sends one event at a time and hears back only after the
//! commit, so what the screen shows as done is on disk.

use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use super::Store;
use crate::domain::event::{Event, EventBody, NewEvent};

/// What the store thread reports back.
// One message per key press or commit: size does not matter, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum StoreReply {
    /// Committed durably.
    Committed(Event),
    /// The number the store gave a case it just opened.
    CaseNumber(u64, String),
    /// Not stored; the message says why, in Dutch. The event may be retried.
    Failed(String),
}

/// The sending side of the store thread. Dropping it stops the thread.
pub struct StoreThread {
    tx: Option<mpsc::Sender<NewEvent>>,
    join: Option<JoinHandle<()>>,
}

impl StoreThread {
    pub fn spawn(mut store: Store, replies: UnboundedSender<StoreReply>) -> StoreThread {
        let (tx, rx) = mpsc::channel::<NewEvent>();
        let join = std::thread::Builder::new()
            .name("raadsorde-store".into())
            .spawn(move || {
                for new in rx {
                    let opens_case = matches!(new.body, EventBody::DisturbanceStarted { .. });
                    let reply = match store.append(new) {
                        Ok(event) => {
                            if opens_case
                                && let Some(id) = event.case_id
                                && let Ok(Some(number)) = store.case_number(id)
                            {
                                let _ = replies.send(StoreReply::CaseNumber(id, number));
                            }
                            StoreReply::Committed(event)
                        }
                        Err(e) => {
                            tracing::error!("append failed: {e}");
                            StoreReply::Failed(e.to_string())
                        }
                    };
                    if replies.send(reply).is_err() {
                        break;
                    }
                }
            })
            .ok();
        StoreThread { tx: Some(tx), join }
    }

    /// Queues an event for the store. Returns `false` if the thread is gone.
    pub fn send(&self, new: NewEvent) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(new).is_ok())
    }
}

impl Drop for StoreThread {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(join) = self.join.take() {
            let _ = join.join();
        }
    }
}
