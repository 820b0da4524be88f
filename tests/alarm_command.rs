//! The alarm command, run for real: small `sh -c` scripts stand in for an
//! SMS gateway or a webhook script.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use raadsorde::integrations::alarm::{self, AlarmSettings};

fn sh(script: &str, args: &[&str], timeout_secs: u64) -> AlarmSettings {
    let mut command = vec!["sh".to_string(), "-c".into(), script.into(), "sh".into()];
    command.extend(args.iter().map(|a| a.to_string()));
    AlarmSettings {
        command,
        timeout_secs,
    }
}

/// A bound on a hang, not a speed measurement: the machine may be busy.
const MARGIN: Duration = Duration::from_secs(3);

#[tokio::test]
async fn the_input_arrives_exactly_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ontvangen.txt");
    let input = "ALARM raadzaal Aalten 21:14\nInterventieteam gealarmeerd — ‘t is ernstig\n\tregel 3 zonder einde";
    let outcome = alarm::run(&sh("cat > \"$1\"", &[file.to_str().unwrap()], 10), input).await;
    assert!(outcome.ok(), "{outcome:?}");
    assert_eq!(outcome.exit_code, Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), input);
    let detail = outcome.detail();
    assert!(
        detail.starts_with("alarmcommando uitgevoerd (exit 0, ") && detail.ends_with(" ms)"),
        "{detail}"
    );
}

#[tokio::test]
async fn exit_codes_are_told_with_what_the_program_said() {
    let ok = alarm::run(&sh("echo 'bericht verzonden: id 42'", &[], 10), "x").await;
    assert!(ok.ok());
    assert_eq!(ok.output, "bericht verzonden: id 42");

    let failed = alarm::run(
        &sh(
            "echo 'dit is stdout'; echo 'gateway weigert: geen tegoed' >&2; exit 3",
            &[],
            10,
        ),
        "x",
    )
    .await;
    assert!(!failed.ok());
    assert_eq!(failed.exit_code, Some(3));
    assert!(!failed.timed_out);
    assert_eq!(
        failed.detail(),
        "alarmcommando faalde (exit 3): gateway weigert: geen tegoed"
    );
}

/// Whether a process is gone: no such process, or a zombie (dead, waiting
/// for a parent that is not us to reap it).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn read_pid(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().trim().to_string()
}

#[tokio::test]
async fn a_program_that_hangs_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let (own, started_child) = (dir.path().join("sh.pid"), dir.path().join("sleep.pid"));
    let settings = sh(
        "echo $$ > \"$1\"; sleep 30 & echo $! > \"$2\"; wait",
        &[own.to_str().unwrap(), started_child.to_str().unwrap()],
        1,
    );
    let started = Instant::now();
    let outcome = alarm::run(&settings, "ALARM").await;
    let elapsed = started.elapsed();
    assert!(outcome.timed_out, "{outcome:?}");
    assert!(!outcome.ok());
    assert_eq!(outcome.exit_code, None);
    assert_eq!(outcome.detail(), "alarmcommando afgebroken na 1 s");
    assert!(elapsed < Duration::from_secs(1) + MARGIN, "{elapsed:?}");

    // The script itself was reaped: no trace of it is left.
    let sh_pid = read_pid(&own);
    assert!(
        !Path::new(&format!("/proc/{sh_pid}")).exists(),
        "sh {sh_pid} is still there"
    );
    // The sleep it started died with its process group (init reaps it).
    let sleep_pid = read_pid(&started_child);
    let deadline = Instant::now() + MARGIN;
    while !gone(&sleep_pid) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(gone(&sleep_pid), "sleep {sleep_pid} still runs");
}

#[tokio::test]
async fn a_missing_program_is_said_with_its_path() {
    let settings = AlarmSettings {
        command: vec![
            "/usr/local/bin/raadsorde-bestaat-niet".into(),
            "--sms".into(),
        ],
        timeout_secs: 10,
    };
    let outcome = alarm::run(&settings, "ALARM").await;
    assert!(!outcome.ok());
    assert!(!outcome.timed_out);
    assert_eq!(outcome.exit_code, None);
    assert_eq!(
        outcome.detail(),
        "alarmcommando niet gestart: /usr/local/bin/raadsorde-bestaat-niet bestaat niet; controleer command onder [alarm]"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_program_that_may_not_run_is_said_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("alarm.sh");
    std::fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o644)).unwrap();
    let path = script.to_str().unwrap();
    let settings = AlarmSettings {
        command: vec![path.into()],
        timeout_secs: 10,
    };
    let outcome = alarm::run(&settings, "ALARM").await;
    let detail = outcome.detail();
    assert!(
        detail.starts_with(&format!("alarmcommando niet gestart: {path} mag niet")),
        "{detail}"
    );
    assert!(detail.contains(&format!("chmod +x {path}")), "{detail}");
}

#[tokio::test]
async fn a_program_that_ignores_its_input_does_not_hold_us_up() {
    // Far more than a pipe holds, to a program that never reads it.
    let input = "ALARM ".repeat(200_000);
    for script in ["exit 0", "sleep 0.3"] {
        let started = Instant::now();
        let outcome = alarm::run(&sh(script, &[], 10), &input).await;
        assert!(outcome.ok(), "{script}: {outcome:?}");
        assert!(outcome.output.is_empty(), "{script}: {outcome:?}");
        assert!(
            started.elapsed() < MARGIN,
            "{script}: {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn output_is_capped_and_cleaned() {
    // Colours, a bell, a tab, a carriage return, then far more than a pipe
    // holds: the program must not block on it, the outcome keeps 200
    // characters on one line.
    let script = "printf '\\033[31mrood\\033[0m\\tklaar\\a\\r\\nvolgende regel\\n'; \
                  head -c 300000 /dev/zero | tr '\\0' x; exit 4";
    let outcome = alarm::run(&sh(script, &[], 10), "").await;
    assert_eq!(outcome.exit_code, Some(4), "{outcome:?}");
    assert!(
        outcome.output.starts_with("rood klaar volgende regel xxx"),
        "{}",
        outcome.output
    );
    assert_eq!(outcome.output.chars().count(), 201);
    assert!(outcome.output.ends_with('…'));
    assert!(!outcome.output.chars().any(char::is_control));
}

#[tokio::test]
async fn an_empty_command_runs_nothing() {
    let outcome = alarm::run(&AlarmSettings::default(), "ALARM").await;
    assert!(!outcome.ok());
    assert!(
        outcome
            .detail()
            .starts_with("alarmcommando niet gestart: geen commando ingesteld"),
        "{}",
        outcome.detail()
    );
}

/// A chat webhook on loopback: answers each POST with `status` and hands
/// over its body.
async fn webhook(status: u16) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/griffie", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // Headers, then as many body bytes as Content-Length says.
            let body = loop {
                let n = tcp.read(&mut buf).await.unwrap();
                assert!(n > 0, "request ended early");
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request).to_string();
                let Some((head, body)) = text.split_once("\r\n\r\n") else {
                    continue;
                };
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().unwrap())
                    })
                    .unwrap();
                assert!(head.starts_with("POST /hooks/griffie "), "{head}");
                if body.len() >= length {
                    break body.to_string();
                }
            };
            let _ = tx.send(body);
            let reply =
                format!("HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            tcp.write_all(reply.as_bytes()).await.unwrap();
        }
    });
    (url, rx)
}

fn example(url: Option<&str>) -> AlarmSettings {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/alarm-example.sh");
    // The webhook is on loopback: no proxy in between, whatever the
    // machine's environment says.
    let mut command = vec!["env".to_string()];
    for var in [
        "RAADSORDE_ALARM_WEBHOOK",
        "http_proxy",
        "all_proxy",
        "ALL_PROXY",
    ] {
        command.extend(["-u".into(), var.into()]);
    }
    if let Some(url) = url {
        command.push(format!("RAADSORDE_ALARM_WEBHOOK={url}"));
    }
    command.extend(["sh".into(), script.into()]);
    AlarmSettings {
        command,
        timeout_secs: 10,
    }
}

#[tokio::test]
async fn the_example_script_posts_the_text_to_a_webhook() {
    let (url, mut bodies) = webhook(200).await;
    let input = "ALARM raadzaal: \"spreker\" bedreigd\n\tpad C:\\raad, $HOME `id` ‘t Noorden\r\n";
    let outcome = alarm::run(&example(Some(&url)), input).await;
    assert!(outcome.ok(), "{}", outcome.detail());
    assert_eq!(outcome.output, "ok");
    let body: serde_json::Value = serde_json::from_str(&bodies.recv().await.unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "text": "ALARM raadzaal: \"spreker\" bedreigd\n pad C:\\raad, $HOME `id` ‘t Noorden" })
    );

    // The webhook refuses: curl's reason is what the aide sees.
    let (url, _bodies) = webhook(500).await;
    let outcome = alarm::run(&example(Some(&url)), input).await;
    assert_eq!(outcome.exit_code, Some(22), "{}", outcome.detail());
    assert!(outcome.detail().contains("500"), "{}", outcome.detail());

    // No URL: said in Dutch.
    let outcome = alarm::run(&example(None), input).await;
    assert_eq!(
        outcome.detail(),
        "alarmcommando faalde (exit 2): RAADSORDE_ALARM_WEBHOOK is niet gezet; zet de URL van de webhook in de omgeving van raadsorde"
    );
}
