//! Reminders as desktop notifications, end to end: a private session bus
//! (`dbus-daemon`), a notification server of this test's own on it that
//! records what it receives (zbus), a register seeded with distinctive
//! names and overdue steps, and the real binary in a pseudo-terminal with
//! that bus's address in its environment. Without a bus the program shows
//! the reminder in its own banner and logs why, once.
//!
//! Without `dbus-daemon` the first test is skipped with a note, except
//! under `CI=true`, where it fails (`.ci/run` installs it).
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use common::{Sandbox, TIMEOUT, Tui};
use portable_pty::CommandBuilder;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{Channel, PerpetratorKind, Victim, VictimRole};
use raadsorde::domain::time::to_local;
use raadsorde::domain::{Category, EventBody, NewEvent};
use raadsorde::storage::Store;
use zbus::zvariant::OwnedValue;

/// Every victim's and perpetrator's name in the seeded register: none may
/// reach the bus.
const NAMES: &[&str] = &[
    "Wilhelmina",
    "Zonnebloem",
    "Barend",
    "Kruidvat",
    "Otto",
    "Windvaan",
    "Gijs",
    "Stormvogel",
    "Bea",
    "Zilverberg",
];

/// A private session bus: `dbus-daemon` with a configuration of its own
/// (no activatable services), stopped when dropped.
struct Bus {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Bus {
    /// `None` (with a note) when `dbus-daemon` is not installed, outside CI.
    fn start() -> Option<Bus> {
        let dir = tempfile::TempDir::new().unwrap();
        let config = dir.path().join("session.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().display()
            ),
        )
        .unwrap();
        let spawned = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // As root it warns that it cannot raise its fd limit: noise.
            .stderr(Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "dbus-daemon is not installed, and under CI=true this test may not be \
                     skipped: install the distribution's `dbus` package (.ci/run does)"
                );
                eprintln!("SKIPPED: dbus-daemon is not installed (apt-get install dbus)");
                return None;
            }
            Err(e) => panic!("dbus-daemon could not be started: {e}"),
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_string();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon printed no address ({line:?}); try it by hand: dbus-daemon --config-file={} --nofork --print-address=1",
            config.display()
        );
        Some(Bus {
            child,
            address,
            _dir: dir,
        })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One call of `Notify`, as received.
#[derive(Debug, Clone)]
struct Received {
    app_name: String,
    app_icon: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    urgency: Option<u8>,
    /// Every hint, printed: for the search for names.
    hints: String,
}

/// `org.freedesktop.Notifications`, recording every notification.
struct Server {
    got: Arc<Mutex<Vec<Received>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let urgency = hints.get("urgency").and_then(|v| u8::try_from(v).ok());
        let mut got = self.got.lock().unwrap();
        got.push(Received {
            app_name,
            app_icon,
            summary,
            body,
            actions,
            urgency,
            hints: format!("{hints:?}"),
        });
        got.len() as u32
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "raadsorde-test".into(),
            "raadsorde".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// Serves the notification service on `address` until dropped.
fn serve(address: &str) -> (zbus::blocking::Connection, Arc<Mutex<Vec<Received>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let conn = zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at(
            "/org/freedesktop/Notifications",
            Server {
                got: Arc::clone(&got),
            },
        )
        .unwrap()
        .build()
        .unwrap();
    (conn, got)
}

fn ev(at: DateTime<FixedOffset>, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at,
        actor: "griffie".into(),
        meeting_id: None,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// A case by intake that happened two days ago, with a registered
/// perpetrator: its id and when it happened. Its first step (the report on
/// the route) is due at the incident, so it is overdue.
fn seed_case(
    store: &mut Store,
    role: VictimRole,
    victim: &str,
    perpetrator: &str,
) -> (u64, DateTime<FixedOffset>) {
    let now = to_local(Utc::now());
    let occurred = now - chrono::Duration::days(2);
    let case = store
        .append(ev(
            now - chrono::Duration::days(1),
            None,
            EventBody::CaseOpened {
                occurred_at: raadsorde::domain::time::local_string(&occurred),
                channel: Channel::Email,
                victim: Victim {
                    name: victim.into(),
                    role,
                    also: String::new(),
                },
                what: format!("dreigmail aan {victim} van {perpetrator}"),
                place: "raadhuis".into(),
                // Not normoverschrijdend: no talks and no route, so the one
                // duty is the Arbeidsinspectie's (whatever the category).
                category: Category::EmotioneelGedrag,
            },
        ))
        .unwrap()
        .case_id
        .unwrap();
    // Serious injury, known at the incident: late 24 hours after it.
    store
        .append(ev(
            now - chrono::Duration::days(1),
            Some(case),
            EventBody::SeriousInjury {
                known_at: Some(raadsorde::domain::time::local_string(&occurred)),
            },
        ))
        .unwrap();
    store
        .append(ev(
            now - chrono::Duration::days(1),
            Some(case),
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Persoon,
                description: "man met pet".into(),
                name: perpetrator.into(),
            },
        ))
        .unwrap();
    (case, occurred)
}

fn number(store: &Store, case: u64) -> String {
    store.case_row(case).unwrap().unwrap().number
}

/// The register screen in a wide pseudo-terminal, as `user`, with `bus`
/// as its session bus.
fn spawn(sandbox: &Sandbox, user: &str, bus: &str) -> Tui {
    let mut cmd = CommandBuilder::new(common::bin());
    cmd.cwd(sandbox.root());
    for (k, v) in sandbox.env() {
        cmd.env(k, v);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("RAADSORDE_LOG");
    cmd.env("USER", user);
    cmd.env("LOGNAME", user);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    cmd.arg("--db");
    cmd.arg(sandbox.db());
    cmd.arg("--config-dir");
    cmd.arg(sandbox.config_dir());
    cmd.arg("cases");
    Tui::spawn(cmd, 40, 160)
}

/// Waits until the server has received `n` notifications.
#[track_caller]
fn wait_received(got: &Mutex<Vec<Received>>, n: usize, tui: &Tui) -> Vec<Received> {
    let start = Instant::now();
    loop {
        let now = got.lock().unwrap().clone();
        if now.len() >= n {
            return now;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "waited {TIMEOUT:?} for {n} notification(s), got {now:#?}; the screen shows:\n{}",
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn assert_no_names(r: &Received) {
    let all = format!(
        "{} {} {} {} {:?} {}",
        r.app_name, r.app_icon, r.summary, r.body, r.actions, r.hints
    );
    for name in NAMES {
        assert!(!all.contains(name), "{name} reached the bus: {r:#?}");
    }
}

/// What the body says: the duty and when it is late (local time; a
/// deadline at midnight as the end of the day before).
fn body(duty: &str, occurred: &DateTime<FixedOffset>) -> String {
    let late = *occurred + chrono::Duration::hours(24);
    let when = if late.format("%H:%M").to_string() == "00:00" {
        format!(
            "{} einde dag",
            (late - chrono::Duration::days(1)).format("%d-%m-%Y")
        )
    } else {
        late.format("%d-%m-%Y %H:%M").to_string()
    };
    format!("{duty}; uiterlijk {when}")
}

fn quit(mut tui: Tui) {
    tui.keys("q");
    let status = tui.wait_exit(Duration::from_secs(15));
    assert!(status.success(), "{status:?}\n{}", tui.screen());
}

#[test]
fn an_overdue_step_reaches_the_desktop_as_critical_with_no_name() {
    let Some(bus) = Bus::start() else {
        return;
    };
    let (_conn, got) = serve(&bus.address);
    let sandbox = Sandbox::new();
    let mut admin = Store::open_with(&sandbox.db(), None).unwrap();
    admin.act_as("beheer").unwrap();
    let (raadslid, occurred) = seed_case(
        &mut admin,
        VictimRole::Raadslid,
        "Wilhelmina Zonnebloem",
        "Barend Kruidvat",
    );
    // An alderman's case is not on the griffie's route: never notified.
    let (wethouder, _) = seed_case(
        &mut admin,
        VictimRole::Wethouder,
        "Otto Windvaan",
        "Gijs Stormvogel",
    );
    admin.grant_role("griet", Role::Griffie).unwrap();
    let raadslid_number = number(&admin, raadslid);
    let wethouder_number = number(&admin, wethouder);

    let tui = spawn(&sandbox, "griet", &bus.address);
    let first = wait_received(&got, 1, &tui);
    let r = &first[0];
    assert_eq!(r.app_name, "raadsorde");
    assert_eq!(
        r.summary,
        format!("Termijn verstreken: zaak {raadslid_number}")
    );
    assert_eq!(r.body, body("melding Arbeidsinspectie", &occurred));
    assert_eq!(r.urgency, Some(2), "critical: {r:#?}");
    // The same message in the program's own banner.
    tui.wait_for(&format!(
        "Termijn verstreken: zaak {raadslid_number} — melding Arbeidsinspectie"
    ));

    // Another workstation enters the burgemeester's case (on the griffie's
    // route): the program notices, recomputes and notifies it too.
    let (burgemeester, occurred_b) = seed_case(
        &mut admin,
        VictimRole::Burgemeester,
        "Bea Zilverberg",
        "Barend Kruidvat",
    );
    let burgemeester_number = number(&admin, burgemeester);
    let both = wait_received(&got, 2, &tui);
    assert_eq!(
        both[1].summary,
        format!("Termijn verstreken: zaak {burgemeester_number}")
    );
    assert_eq!(both[1].body, body("melding Arbeidsinspectie", &occurred_b));
    assert_eq!(both[1].urgency, Some(2));
    tui.wait_for(&format!("Termijn verstreken: zaak {burgemeester_number}"));
    quit(tui);

    let all = got.lock().unwrap().clone();
    assert_eq!(all.len(), 2, "each reminder once: {all:#?}");
    for r in &all {
        assert_no_names(r);
        assert!(!r.summary.contains(&wethouder_number), "{r:#?}");
    }
}

/// The log lines that say why the desktop was left out.
fn unavailable_lines(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("desktop notifications unavailable"))
        .map(str::to_string)
        .collect()
}

#[test]
fn without_a_session_bus_the_banner_shows_the_reminder_and_the_log_says_why_once() {
    let sandbox = Sandbox::new();
    let mut admin = Store::open_with(&sandbox.db(), None).unwrap();
    admin.act_as("beheer").unwrap();
    let (first, _) = seed_case(
        &mut admin,
        VictimRole::Raadslid,
        "Wilhelmina Zonnebloem",
        "Barend Kruidvat",
    );
    let first_number = number(&admin, first);
    let nowhere = sandbox.root().join("geen-sessiebus");
    let tui = spawn(
        &sandbox,
        "beheer",
        &format!("unix:path={}", nowhere.display()),
    );
    tui.wait_for(&format!(
        "Termijn verstreken: zaak {first_number} — melding Arbeidsinspectie"
    ));
    tui.wait_for("(geen bureaubladmelding)");

    // A second reminder, later in the same run: in the banner as well.
    let (second, _) = seed_case(
        &mut admin,
        VictimRole::Raadslid,
        "Bea Zilverberg",
        "Gijs Stormvogel",
    );
    let second_number = number(&admin, second);
    tui.wait_for(&format!("Termijn verstreken: zaak {second_number}"));
    let screen = tui.screen();
    for name in NAMES {
        let banner = common::line_with(&screen, "Termijn verstreken").unwrap();
        assert!(!banner.contains(name), "{banner}");
    }
    quit(tui);

    let log = sandbox
        .root()
        .join("xdg-state")
        .join("raadsorde")
        .join("raadsorde.log");
    let lines = unavailable_lines(&log);
    assert_eq!(lines.len(), 1, "logged once per run: {lines:#?}");
    // A warning that names the bus that was not there.
    assert!(lines[0].contains("WARN"), "{}", lines[0]);
    assert!(
        lines[0].contains(&nowhere.display().to_string()),
        "{}",
        lines[0]
    );
}
