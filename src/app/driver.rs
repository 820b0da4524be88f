//! Runs the whole program synchronously against a store: for tests and
//! scripted input. Keys are written helix-style (see `console::driver`).

use chrono::{DateTime, Duration, FixedOffset};
use crossterm::event::KeyEvent;

use super::{App, Input};
use crate::console::driver::parse_keys;
use crate::storage::Store;

pub struct Driver {
    pub app: App,
    pub store: Store,
    pub clock: DateTime<FixedOffset>,
    pub tick: Duration,
}

impl Driver {
    /// Starts the app (its first queries run at once).
    pub fn new(mut app: App, store: Store, clock: DateTime<FixedOffset>) -> Driver {
        let start = app.start();
        let mut d = Driver {
            app,
            store,
            clock,
            tick: Duration::seconds(1),
        };
        d.serve(start);
        d
    }

    fn serve(&mut self, mut requests: Vec<crate::storage::worker::StoreRequest>) {
        while !requests.is_empty() {
            let mut next = Vec::new();
            for request in requests {
                for reply in self.store.serve(request) {
                    next.extend(self.app.update(Input::Store(reply), self.clock));
                }
            }
            requests = next;
        }
    }

    pub fn send(&mut self, input: Input) {
        let requests = self.app.update(input, self.clock);
        self.serve(requests);
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.send(Input::Key(key));
        self.clock += self.tick;
    }

    pub fn keys(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.key(key);
        }
    }
}
