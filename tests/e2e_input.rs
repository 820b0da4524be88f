//! Input as a terminal delivers it: a large burst (a paste in a terminal
//! without bracketed paste) is read whole, at once; nothing stays unread
//! until the next key.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Sandbox, domain_events, kinds};

#[test]
fn a_large_burst_into_a_text_field_is_read_whole_at_once() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.step("n", "Notitie");
    // 2,500 bytes in one write, then Enter, with no key after it.
    let text: String = "abcdefghij".repeat(250);
    let mut burst = text.clone().into_bytes();
    burst.push(b'\r');
    tui.write(&burst);
    tui.wait_for("✓ Notitie");
    let export = sandbox.export();
    assert_eq!(kinds(&export), ["meeting-started", "note"]);
    let note = domain_events(&export)[1]["payload"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.starts_with(&note),
        "the note is the pasted text (capped)"
    );
    tui.keys("q");
    assert!(tui.wait_exit(std::time::Duration::from_secs(10)).success());
}

#[test]
fn a_burst_outside_a_text_field_is_held_not_run() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    // Pasted text arriving as keys: among them "s", "l" and a "q".
    tui.write(b"sla de vergadering over en quit");
    tui.wait_for("toetsen kwamen tegelijk binnen");
    tui.keys("\x1b");
    tui.wait_for("niet uitgevoerd");
    assert_eq!(kinds(&sandbox.export()), ["meeting-started"], "nothing ran");
    // Typed one at a time, keys are keys.
    tui.step("s", "✓ Vergadering geschorst");
    tui.keys("q");
    assert!(tui.wait_exit(std::time::Duration::from_secs(10)).success());
}
