//! Integrations the live console calls without waiting: stopping (or
//! starting) the OBS stream through obs-websocket, and running the configured
//! alarm command.
//!
//! Every call is async, bounded in time and returns a plain outcome with a
//! short Dutch `detail()` for the status line and the evidence log: nothing
//! here panics, blocks or hangs. None of it touches the terminal, the
//! register or the configuration file; the caller passes in the settings
//! (`[obs]`, `[alarm]`) it read.

pub mod alarm;
pub mod obs;

use std::time::Duration;

/// A duration as the status line says it: `3 s`, `1,5 s`, `250 ms`.
pub(crate) fn seconds_text(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        // One decimal, with the Dutch decimal comma.
        let tenths = (ms + 50) / 100;
        format!("{},{} s", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_dutch_seconds() {
        assert_eq!(seconds_text(Duration::from_millis(3000)), "3 s");
        assert_eq!(seconds_text(Duration::from_millis(1500)), "1,5 s");
        assert_eq!(seconds_text(Duration::from_millis(250)), "250 ms");
        assert_eq!(seconds_text(Duration::from_secs(10)), "10 s");
    }
}
