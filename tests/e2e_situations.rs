//! End to end, the real binary in a pseudo-terminal, for the situations of
//! §5 beyond one disturbance in a meeting: a conversation at the town hall
//! with two persons, killed hard and restarted; the livestream stopped in a
//! (fake) OBS Studio; the alarm command run with the 112 card's text.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "common/fake_obs.rs"]
mod fake_obs;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Sandbox, domain_events, kinds};

/// Adds settings to the sandbox's config file.
fn configure(sandbox: &Sandbox, extra: &str) {
    let path = sandbox.config_dir().join("config.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(extra);
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_conversation_incident_survives_a_hard_kill_and_is_finished_after_a_restart() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering of gesprek");
    tui.step("m", "Vergadering of gesprek openen");
    // The kind is the first field: 5, a conversation with a citizen.
    tui.write(b"\x1b[Z");
    std::thread::sleep(Duration::from_millis(50));
    tui.step("5", "[5 gesprek met een burger]");
    tui.step("\r", "✓ Gesprek geopend: Gesprek met een burger");
    let screen = tui.wait_for("Gemeentehuis,");
    assert!(
        screen.contains("binnen kantoortijd") || screen.contains("buiten kantoortijd"),
        "office hours shown:\n{screen}"
    );
    tui.step("v", "✓ Verstoring gemeld");
    tui.step("2", "categorie Bedreiging / intimidatie");
    tui.step("+", "✓ Persoon 2 erbij");
    tui.step("g", "✓ Gesprek beëindigd");
    tui.step("d", "✓ Vordering 1 aan persoon 2 door de ambtsdrager");
    tui.step("o", "▶persoon 1");
    tui.step("d", "✓ Vordering 1 aan persoon 1");
    tui.wait_for("WEIGERT TE VERTREKKEN");
    tui.wait_until("nothing waiting", |s| !s.contains("wacht op opslag"));
    let status = tui.kill_hard();
    assert!(!status.success());
    drop(tui);
    let before = sandbox.export();
    assert_eq!(
        kinds(&before),
        [
            "meeting-started",
            "disturbance-started",
            "disturbance-described",
            "person-added",
            "conversation-ended",
            "demand",
            "demand",
        ]
    );

    // Restarted: the same conversation, both persons, their demands.
    let mut tui = sandbox.spawn_tui(&[]);
    let screen = tui.wait_for("Lopende gesprek hervat");
    for needle in [
        "Gesprek: BEËINDIGD",
        "persoon 1 (1 vord.)",
        "persoon 2 (1 vord.)",
        "WEIGERT TE VERTREKKEN",
    ] {
        assert!(
            screen.contains(needle),
            "{needle:?} after restart:\n{screen}"
        );
    }
    // The police are called (the card shows the guidance of §5), arrive,
    // remove person 1; person 2 leaves by themselves.
    let card = tui.step("p", "112-kaart");
    assert!(card.contains("Eigen veiligheid voorop"), "{card}");
    assert!(card.contains("Hofstraat 8"), "{card}");
    tui.step("t", "✓ Politie ter plaatse");
    tui.step("r", "✓ Persoon 1 door de politie verwijderd");
    // The steps now go to whoever is still there.
    tui.wait_for("▶persoon 2");
    tui.step("w", "✓ Persoon 2 is vrijwillig vertrokken");
    tui.step("V", "als zaak in het register gezet");
    tui.step("j", "✓ Verstoring afgesloten");
    tui.step("M", "sluiten?");
    tui.step("j", "✓ Gesprek gesloten");
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());

    let export = sandbox.export();
    let all = kinds(&export);
    assert_eq!(
        &all[..7],
        &kinds(&before)[..],
        "the first run's steps, once"
    );
    assert_eq!(
        &all[7..],
        [
            "police-called",
            "police-arrived",
            "removed-by-police",
            "left-voluntarily",
            "disturbance-ended",
            "meeting-ended"
        ]
    );
    let events = domain_events(&export);
    assert_eq!(events[0]["payload"]["meeting_type"], "gesprek");
    assert_eq!(events[9]["payload"]["person"], 1, "removed: person 1");
    assert_eq!(events[10]["payload"]["person"], 2, "left: person 2");
    // Every step of the incident is in its case.
    let case = events[1]["case_id"].as_u64().unwrap();
    for e in &events[1..12] {
        if e["kind"] != "conversation-ended" {
            assert_eq!(e["case_id"].as_u64(), Some(case), "{e}");
        }
    }
    let out = sandbox.command().arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// A fake OBS on a runtime of its own, for the binary to talk to.
struct ObsThread {
    addr: std::net::SocketAddr,
    state: Arc<Mutex<fake_obs::State>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    join: Option<std::thread::JoinHandle<()>>,
}

impl ObsThread {
    fn start(options: fake_obs::Options) -> ObsThread {
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let join = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let obs = fake_obs::FakeObs::start(options).await;
                tx.send((obs.addr, obs.shared())).unwrap();
                let _ = stopped.await;
                drop(obs);
            });
        });
        let (addr, state) = rx.recv().unwrap();
        ObsThread {
            addr,
            state,
            stop: Some(stop),
            join: Some(join),
        }
    }

    fn streaming(&self) -> bool {
        self.state.lock().unwrap().streaming
    }

    /// OBS goes away (closed, crashed).
    fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(j) = self.join.take() {
            let _ = j.join();
        }
    }
}

impl Drop for ObsThread {
    fn drop(&mut self) {
        self.stop();
    }
}

#[test]
fn the_livestream_keys_stop_and_start_obs_and_a_failure_says_do_it_by_hand() {
    let mut obs = ObsThread::start(fake_obs::Options {
        password: Some("geheim".into()),
        streaming: true,
        ..Default::default()
    });
    let sandbox = Sandbox::new();
    configure(
        &sandbox,
        &format!("[obs]\nport = {}\ntimeout_ms = 2000\n", obs.addr.port()),
    );
    // The password as a server would give it; a file is tested with the
    // integration itself.
    let mut tui = sandbox.spawn_tui(&[("RAADSORDE_OBS_PASSWORD", "geheim")]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    // The state is read from OBS now and then.
    tui.wait_for("(OBS: live)");
    tui.step("l", "✓ Livestream gestopt");
    tui.wait_for("Livestream stoppen via OBS: gelukt");
    assert!(!obs.streaming(), "OBS really stopped streaming");
    // OBS goes away: starting it again is logged, and the screen says to do
    // it by hand; the outcome is recorded too.
    obs.stop();
    tui.step("L", "✓ Livestream hervat");
    let screen = tui.wait_for("Start de livestream met de hand");
    assert!(screen.contains("MISLUKT"), "{screen}");
    tui.wait_until("nothing waiting", |s| !s.contains("wacht op opslag"));
    tui.keys("q");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
    let export = sandbox.export();
    assert_eq!(
        kinds(&export),
        [
            "meeting-started",
            "livestream-stopped",
            "stream-controlled",
            "livestream-resumed",
            "stream-controlled"
        ]
    );
    let events = domain_events(&export);
    assert_eq!(events[2]["payload"]["ok"], true);
    assert_eq!(events[2]["payload"]["command"], "stop");
    assert_eq!(events[4]["payload"]["ok"], false);
    assert!(
        events[4]["payload"]["detail"]
            .as_str()
            .unwrap()
            .contains("met de hand"),
        "{}",
        events[4]
    );
    // The password is nowhere in what was written.
    let raw = std::fs::read(sandbox.db()).unwrap();
    assert!(!raw.windows(6).any(|w| w == b"geheim"));
}

#[test]
fn the_alarm_command_gets_the_card_without_names_and_its_exit_is_recorded() {
    let sandbox = Sandbox::new();
    let got = sandbox.root().join("alarm.txt");
    configure(
        &sandbox,
        &format!(
            "[meeting]\nchair = \"A. Voorzitter\"\n[alarm]\ncommand = [\"sh\", \"-c\", \"cat > '{}'\"]\ntimeout_secs = 5\n",
            got.display()
        ),
    );
    let mut tui = sandbox.spawn_tui(&[]);
    tui.wait_for("geen vergadering");
    tui.step("m", "Vergadering of gesprek openen");
    tui.step("\r", "✓ Vergadering geopend");
    tui.step("v", "✓ Verstoring gemeld");
    tui.step("1", "categorie Fysiek geweld");
    // Who the person is, with a name: it must not leave the building.
    tui.step("e", "beschrijven");
    tui.keys("balkon\t\t\tman met pet\tJan Jansen\r");
    tui.wait_for("✓ Persoon 1 beschreven");
    tui.step("i", "✓ Interventieteam gealarmeerd");
    tui.wait_for("Alarm interventieteam: verstuurd");
    tui.wait_until("nothing waiting", |s| !s.contains("wacht op opslag"));
    tui.keys("q");
    tui.wait_for("Toch afsluiten?");
    tui.keys("j");
    assert!(tui.wait_exit(Duration::from_secs(15)).success());
    let text = std::fs::read_to_string(&got).unwrap();
    assert!(text.contains("interventieteam"), "{text}");
    assert!(text.contains("Hofstraat 8, Aalten"), "{text}");
    assert!(text.contains("Fysiek geweld — balkon."), "{text}");
    for name in ["Jansen", "pet", "Voorzitter", "Raadsvergadering"] {
        assert!(!text.contains(name), "{name} left the building: {text}");
    }
    let export = sandbox.export();
    let run = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "alarm-run")
        .expect("the alarm's outcome recorded")
        .clone();
    assert_eq!(run["payload"]["ok"], true);
    assert_eq!(run["payload"]["exit_code"], 0);
    assert_eq!(run["payload"]["target"], "interventieteam");
    assert!(run["case_id"].is_u64(), "with its case: {run}");
}
