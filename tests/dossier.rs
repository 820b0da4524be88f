//! `raadsorde dossier ZAAK --out FILE [--format pdf|md|json]` through the
//! binary: the seven W's and the timeline of one case, nothing of another
//! case, nothing confidential, no notes; a PDF/A-2b whose every page names
//! the case; recorded as the next event with the file's SHA-256; refusals
//! in Dutch that leave no file and record nothing.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset};
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{Channel, PerpetratorKind, Victim, VictimRole};
use raadsorde::domain::event::Who;
use raadsorde::domain::{Category, DemandBy, EventBody, MeetingType, NewEvent};
use raadsorde::storage::Store;
use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// The perpetrator of the other disturbance in the same meeting: never in
/// this case's dossier.
const OTHER_PERPETRATOR: &str = "Gerrit Anderzaak";
/// §7: confidential, never in a dossier.
const SECRET: &str = "GEHEIM camerabewaking woning Zonnebloemhof";
/// An internal working note, never in a dossier.
const NOTE: &str = "interne notitie: buurman van de raadsleden";
/// The victim, with Dutch characters that must survive the PDF.
const VICTIM: &str = "Ö. van ’t Veld-Brüning";
/// The dossier's perpetrator.
const PERPETRATOR: &str = "Henk Verstoorder";
/// Free text with Markdown characters.
const WHAT: &str = "dreigt het raadslid *op te wachten* #na afloop";

/// 26 November 2026, local time (CET).
fn at(time: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-11-26T{time}+01:00")).unwrap()
}

fn ev(time: &str, meeting: Option<u64>, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        at: at(time),
        actor: "griffie".into(),
        meeting_id: meeting,
        case_id: case,
        corrects: None,
        disturbance: None,
        body,
    }
}

/// A case of the register: its id and its number (`2026-0002`).
struct Case {
    id: u64,
    number: String,
}

fn number_of(store: &Store, id: u64) -> String {
    store
        .connection()
        .query_row("SELECT number FROM cases WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

/// `beheer` opened the register (every role); `griet` is griffie, `sam`
/// gemeentesecretaris/P&O (a raadslid's case is not on that route).
fn open_register(sandbox: &Sandbox) -> Store {
    let mut store = Store::open_with(&sandbox.db(), None).unwrap();
    store.act_as("beheer").unwrap();
    store.grant_role("griet", Role::Griffie).unwrap();
    store.grant_role("sam", Role::Secretaris).unwrap();
    store
}

/// A council meeting with two disturbances. The first (another case) has
/// its own perpetrator and its own suspension. The second, the dossier's:
/// a suspension and a livestream stop while it runs, three demands (so
/// lokaalvredebreuk from the third), police called and arrived, the person
/// removed, a confidential security note and an internal note; afterwards
/// the victim and a damage item.
fn live_register(sandbox: &Sandbox) -> Case {
    let mut s = open_register(sandbox);
    let m = s
        .append(ev(
            "19:30:00",
            None,
            None,
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Raadsvergadering,
                title: "Raadsvergadering 26 november".into(),
                chair: "burgemeester".into(),
                location: "Raadzaal, Gemeentekantoor, Hofstraat 8, Aalten".into(),
                town_hall: true,
                risk_check: None,
            },
        ))
        .unwrap()
        .meeting_id;
    let person = |name: &str, description: &str| EventBody::PersonDescribed {
        person: 1,
        who: Who {
            name: name.into(),
            description: description.into(),
            ..Who::of(PerpetratorKind::Persoon)
        },
    };

    // The other disturbance: never in this dossier.
    let other = s
        .append(ev(
            "19:40:00",
            m,
            None,
            EventBody::DisturbanceStarted {
                number: 1,
                category: Some(Category::VerbaleAgressie),
                place: "tribune links".into(),
                description: String::new(),
                opened_by: None,
            },
        ))
        .unwrap()
        .case_id;
    s.append(ev("19:41:00", m, other, person(OTHER_PERPETRATOR, "")))
        .unwrap();
    s.append(ev("19:42:00", m, None, EventBody::Suspended {}))
        .unwrap();
    s.append(ev("19:45:00", m, other, EventBody::DisturbanceEnded {}))
        .unwrap();
    s.append(ev("19:50:00", m, None, EventBody::Resumed {}))
        .unwrap();

    // The dossier's disturbance.
    let case = s
        .append(ev(
            "20:10:00",
            m,
            None,
            EventBody::DisturbanceStarted {
                number: 2,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
        ))
        .unwrap()
        .case_id;
    s.append(ev(
        "20:10:30",
        m,
        case,
        EventBody::DisturbanceDescribed {
            category: Some(Category::BedreigingIntimidatie),
            place: Some("publieke tribune".into()),
            what: Some(WHAT.into()),
        },
    ))
    .unwrap();
    s.append(ev(
        "20:11:00",
        m,
        case,
        person(PERPETRATOR, "man, rode jas"),
    ))
    .unwrap();
    s.append(ev("20:11:10", m, None, EventBody::Suspended {}))
        .unwrap();
    s.append(ev("20:11:20", m, None, EventBody::LivestreamStopped {}))
        .unwrap();
    for (number, time) in [(1, "20:12:00"), (2, "20:13:00"), (3, "20:14:00")] {
        s.append(ev(
            time,
            m,
            case,
            EventBody::Demand {
                number,
                by: DemandBy::Voorzitter,
                wording: "Ik vorder dat u de zaal onmiddellijk verlaat.".into(),
                person: 1,
            },
        ))
        .unwrap();
    }
    s.append(ev("20:15:00", m, case, EventBody::PoliceCalled {}))
        .unwrap();
    s.append(ev(
        "20:15:05",
        m,
        case,
        EventBody::Note { text: NOTE.into() },
    ))
    .unwrap();
    s.append(ev(
        "20:15:10",
        m,
        case,
        EventBody::SecurityMeasuresNoted {
            text: SECRET.into(),
        },
    ))
    .unwrap();
    s.append(ev("20:25:00", m, case, EventBody::PoliceArrived {}))
        .unwrap();
    s.append(ev(
        "20:27:00",
        m,
        case,
        EventBody::RemovedByPolice { person: 1 },
    ))
    .unwrap();
    s.append(ev("20:31:00", m, case, EventBody::DisturbanceEnded {}))
        .unwrap();
    s.append(ev("20:40:00", m, None, EventBody::Resumed {}))
        .unwrap();
    s.append(ev("20:41:00", m, None, EventBody::LivestreamResumed {}))
        .unwrap();
    s.append(ev("22:00:00", m, None, EventBody::MeetingEnded {}))
        .unwrap();

    // Afterwards, on the case.
    s.append(ev(
        "22:30:00",
        None,
        case,
        EventBody::VictimRecorded {
            victim: Victim {
                name: VICTIM.into(),
                role: VictimRole::Raadslid,
                also: String::new(),
            },
        },
    ))
    .unwrap();
    s.append(ev(
        "22:31:00",
        None,
        case,
        EventBody::DamageRecorded {
            description: "Gescheurde jas".into(),
            amount: 123_456,
            paid_to_victim: 0,
            recovered: 0,
        },
    ))
    .unwrap();
    let id = case.unwrap();
    Case {
        id,
        number: number_of(&s, id),
    }
}

/// The online evidence of [`intake_register`].
const URL: &str = "https://x.com/dreiger_1864/status/1864000000000000001";
const ACCOUNT: &str = "@dreiger_1864";

/// The digest of the kept screenshot.
fn screenshot_sha256() -> String {
    hex::encode(Sha256::digest(b"schermafbeelding van het dreigbericht"))
}

/// An intake case (sociale media) with online evidence: a URL, the time of
/// the message and the SHA-256 of the kept screenshot.
fn intake_register(sandbox: &Sandbox) -> Case {
    let mut s = open_register(sandbox);
    let id = s
        .append(ev(
            "09:00:00",
            None,
            None,
            EventBody::CaseOpened {
                occurred_at: "2026-11-20T22:14:05+01:00".into(),
                channel: Channel::SocialeMedia,
                victim: Victim {
                    name: VICTIM.into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
                what: "dreigbericht onder een bericht over de begroting".into(),
                place: "X (Twitter)".into(),
                category: Category::BedreigingIntimidatie,
            },
        ))
        .unwrap()
        .case_id
        .unwrap();
    s.append(ev(
        "09:05:00",
        None,
        Some(id),
        EventBody::EvidenceAdded {
            platform: "X".into(),
            account: ACCOUNT.into(),
            urls: vec![URL.into()],
            message_at: Some("2026-11-20T22:14:05+01:00".into()),
            file_path: "bewijs/dreigbericht.png".into(),
            file_sha256: screenshot_sha256(),
            norm_communicated: false,
            reported_to_platform: true,
        },
    ))
    .unwrap();
    Case {
        id,
        number: number_of(&s, id),
    }
}

/// What a run of the binary gave.
struct Run {
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

/// `raadsorde ARGS` as `user`.
fn run(sandbox: &Sandbox, user: &str, args: &[&str]) -> Run {
    let out = sandbox
        .command()
        .env("USER", user)
        .env("LOGNAME", user)
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `raadsorde dossier CASE ARGS` as `user`.
fn dossier(sandbox: &Sandbox, user: &str, case: &str, args: &[&str]) -> Run {
    let mut all = vec!["dossier", case];
    all.extend_from_slice(args);
    run(sandbox, user, &all)
}

/// The full export, as the admin.
fn export(sandbox: &Sandbox) -> Value {
    let r = run(sandbox, "beheer", &["export", "--json"]);
    assert!(r.ok, "export failed: {}", r.stderr);
    serde_json::from_slice(&r.stdout).unwrap()
}

/// The events that record a dossier, in order.
fn dossier_records(sandbox: &Sandbox) -> Vec<Value> {
    export(sandbox)["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "access-logged" && e["payload"]["what"] == "dossier")
        .cloned()
        .collect()
}

fn sha256_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The text of a PDF, pages separated by form feeds. `-raw`: in the order
/// it was typeset, and a line broken after a hyphen keeps its hyphen (the
/// default mode joins `Veld-` / `Brüning` into `VeldBrüning`).
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The number of pages `pdfinfo` reports.
fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(out.status.success(), "pdfinfo: {out:?}");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Without any whitespace: where the typesetter breaks a line (a long name
/// in a narrow column, a URL) does not matter to what the text says.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(
        squash(text).contains(&squash(needle)),
        "{needle:?} missing from:\n{text}"
    );
}

#[track_caller]
fn lacks(text: &str, needle: &str) {
    let folded = squash(text).to_lowercase();
    assert!(
        !folded.contains(&squash(needle).to_lowercase()),
        "{needle:?} must not be in:\n{text}"
    );
}

/// The head of the chain the dossier names in its "Bewijsketen": seq and
/// hash.
fn chain_head(text: &str) -> (u64, String) {
    let flat = squash(text);
    let rest = flat
        .split("Kopvandeketen:gebeurtenis")
        .nth(1)
        .unwrap_or_else(|| panic!("no chain head in:\n{text}"));
    let seq: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let hash: String = rest
        .split_once("hash")
        .unwrap()
        .1
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (seq.parse().unwrap(), hash)
}

/// Every file in `dir`, by name, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The PDF of a live case: PDF/A-2b, the seven W's and the timeline, the
/// case number and "pagina N van M" on every page, the lokaalvredebreuk and
/// the meeting's suspension during this disturbance; nothing of the other
/// disturbance, nothing confidential, no note; Dutch characters and euro
/// amounts extract as written.
#[test]
fn the_pdf_of_a_live_case_holds_its_facts_and_nothing_else() {
    let sandbox = Sandbox::new();
    let case = live_register(&sandbox);
    let pdf = sandbox.root().join("dossier.pdf");
    let r = dossier(
        &sandbox,
        "griet",
        &case.number,
        &["--out", pdf.to_str().unwrap()],
    );
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "a PDF goes to its file only");
    assert!(r.stderr.contains("VERTROUWELIJK"), "{}", r.stderr);

    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // PDF/A-2b, declared in the XMP metadata.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfaid:part>2<"), "no PDF/A part 2 in the XMP");
    assert!(
        raw.contains("pdfaid:conformance>B<"),
        "no PDF/A conformance B in the XMP"
    );

    let text = pdf_text(&pdf);
    for heading in [
        "1. Wie",
        "2. Wat",
        "3. Waar",
        "4. Waarmee",
        "5. Op welke wijze",
        "6. Wanneer",
        "7. Waarom",
        "Tijdlijn",
        "Bewijsketen",
    ] {
        has(&text, heading);
    }

    // Every page: the case in its header, "pagina N van M" in its footer.
    let pages: Vec<&str> = text.trim_end_matches('\x0c').split('\x0c').collect();
    let total = pdf_pages(&pdf);
    assert_eq!(pages.len(), total, "{text}");
    assert!(total >= 2, "a dossier of this size spans pages: {total}");
    for (i, page) in pages.iter().enumerate() {
        has(page, &format!("Zaak {} · Gemeente Aalten", case.number));
        has(page, &format!("pagina {} van {total}", i + 1));
        has(page, "VERTROUWELIJK");
    }

    // The facts of this disturbance.
    has(&text, PERPETRATOR);
    has(&text, "publieke tribune");
    has(
        &text,
        "Persoon 1: 3 vordering(en) om te vertrekken: 20:12:00 (voorzitter), 20:13:00 (voorzitter), 20:14:00 (voorzitter)",
    );
    has(
        &text,
        "Persoon 1: bleef na de derde vordering; lokaalvredebreuk (art. 139 Sr) vanaf 26-11-2026 20:14:00",
    );
    has(&text, "Politie gebeld (112) om 26-11-2026 20:15:00");
    has(&text, "Politie ter plaatse om 26-11-2026 20:25:00");
    has(
        &text,
        "Persoon 1: verwijderd door de politie om 26-11-2026 20:27:00",
    );
    // The meeting's own steps while it ran, marked as the meeting's; the
    // lifting of each afterwards.
    has(&text, "26-11-2026 20:11:10");
    has(&text, "Vergadering geschorst (vergadering)");
    has(&text, "26-11-2026 20:11:20");
    has(&text, "Livestream gestopt (vergadering)");
    has(&text, "Vergadering heropend (vergadering)");
    has(&text, "Livestream hervat (vergadering)");

    // Nothing of the other disturbance: its person, its place, its
    // suspension, its end.
    lacks(&text, OTHER_PERPETRATOR);
    lacks(&text, "Anderzaak");
    lacks(&text, "tribune links");
    lacks(&text, "26-11-2026 19:42:00");
    lacks(&text, "26-11-2026 19:45:00");
    // Nothing confidential, no internal note (the chain range may still
    // count their seqs; their content never shows).
    lacks(&text, SECRET);
    lacks(&text, "camerabewaking");
    lacks(&text, NOTE);
    lacks(&text, "buurman");
    // Not even the moment they were written.
    lacks(&text, "20:15:05");
    lacks(&text, "20:15:10");

    // Dutch characters and amounts, as written.
    has(&text, VICTIM);
    assert!(text.contains("Brüning"), "{text}");
    assert!(text.contains("’t"), "{text}");
    has(&text, "€ 1.234,56");
}

/// The record: the admin's export holds, as the event right after the head
/// the PDF names, an access-log entry "dossier" for this case by the user,
/// whose SHA-256 is that of the file on disk; the chain still verifies.
#[test]
fn the_dossier_is_recorded_with_the_sha256_of_the_file_as_the_next_event() {
    let sandbox = Sandbox::new();
    let case = live_register(&sandbox);
    let pdf = sandbox.root().join("dossier.pdf");
    let r = dossier(
        &sandbox,
        "griet",
        &case.number,
        &["--out", pdf.to_str().unwrap()],
    );
    assert!(r.ok, "{}", r.stderr);
    let on_disk = sha256_of(&std::fs::read(&pdf).unwrap());

    let (head_seq, head_hash) = chain_head(&pdf_text(&pdf));
    let doc = export(&sandbox);
    let events = doc["events"].as_array().unwrap();
    let record = events
        .iter()
        .find(|e| e["kind"] == "access-logged" && e["payload"]["what"] == "dossier")
        .unwrap_or_else(|| panic!("no dossier recorded: {events:?}"));
    assert_eq!(record["payload"]["sha256"], on_disk.as_str(), "{record}");
    assert_eq!(record["payload"]["case"], case.id, "{record}");
    assert_eq!(record["payload"]["identity"], "griet", "{record}");
    assert!(
        record["payload"]["scope"]
            .as_str()
            .unwrap()
            .starts_with("dossier, pdf, "),
        "{record}"
    );
    assert_eq!(record["seq"], head_seq + 1, "{record}");
    // The head the PDF names is the event before it, hash and all.
    let head = events.iter().find(|e| e["seq"] == head_seq).unwrap();
    assert_eq!(head["hash"], head_hash.as_str(), "{head}");
    assert_eq!(record["prev_hash"], head_hash.as_str(), "{record}");
    // The stderr names the same record and digest.
    assert!(
        r.stderr.contains(&format!("gebeurtenis {}", head_seq + 1)),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&on_disk), "{}", r.stderr);

    let v = run(&sandbox, "beheer", &["verify"]);
    assert!(v.ok, "verify after a dossier: {}", v.stderr);

    // `verify --document` ties the file to its record; a changed copy is
    // not recognised, and the head line stays last.
    let v = run(
        &sandbox,
        "beheer",
        &["verify", "--document", pdf.to_str().unwrap()],
    );
    let out = String::from_utf8_lossy(&v.stdout).into_owned();
    assert!(v.ok, "{out}{}", v.stderr);
    assert!(
        out.contains(&format!(
            "klopt: {} van zaak {}",
            record["payload"]["scope"].as_str().unwrap(),
            case.number
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("vastgelegd als gebeurtenis {}", head_seq + 1)),
        "{out}"
    );
    assert!(
        out.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("keten intact"),
        "{out}"
    );
    let changed = sandbox.root().join("gewijzigd.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"\n% toegevoegd\n");
    std::fs::write(&changed, bytes).unwrap();
    let v = run(
        &sandbox,
        "beheer",
        &["verify", "--document", changed.to_str().unwrap()],
    );
    let out = String::from_utf8_lossy(&v.stdout).into_owned();
    assert!(!v.ok, "a changed document passed: {out}");
    assert!(out.contains("DOCUMENT NIET HERKEND"), "{out}");
}

/// Markdown to standard output and JSON to a file: the same facts as the
/// PDF (the JSON marks the meeting's suspension as a meeting step), free
/// text made inert in Markdown, each recorded with its own digest.
#[test]
fn markdown_and_json_carry_the_same_facts() {
    let sandbox = Sandbox::new();
    let case = live_register(&sandbox);

    let r = dossier(&sandbox, "griet", &case.number, &["--format", "md"]);
    assert!(r.ok, "{}", r.stderr);
    let md = String::from_utf8(r.stdout.clone()).unwrap();
    for heading in [
        "## 1. Wie",
        "## 2. Wat",
        "## 3. Waar",
        "## 4. Waarmee",
        "## 5. Op welke wijze",
        "## 6. Wanneer",
        "## 7. Waarom",
        "## Tijdlijn",
    ] {
        assert!(md.lines().any(|l| l == heading), "{heading}:\n{md}");
    }
    assert!(md.contains(VICTIM), "{md}");
    assert!(md.contains("€ 1.234,56"), "{md}");
    assert!(
        md.contains("| 26-11-2026 20:11:10 |")
            && md.contains("Vergadering geschorst (vergadering)"),
        "{md}"
    );
    assert!(md.contains("lokaalvredebreuk (art. 139 Sr) vanaf 26-11-2026 20:14:00"));
    // Free text cannot make markup.
    assert!(
        md.contains(r"\*op te wachten\* \#na afloop"),
        "free text not escaped:\n{md}"
    );
    assert!(!md.contains("*op te wachten*"), "{md}");
    for absent in [OTHER_PERPETRATOR, SECRET, NOTE, "19:42:00"] {
        assert!(!md.contains(absent), "{absent}:\n{md}");
    }

    let json_path = sandbox.root().join("dossier.json");
    let r = dossier(
        &sandbox,
        "griet",
        &case.number,
        &["--format", "json", "--out", json_path.to_str().unwrap()],
    );
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "JSON to its file only");
    let json_bytes = std::fs::read(&json_path).unwrap();
    let d: Value = serde_json::from_slice(&json_bytes).unwrap();
    assert_eq!(d["reference"], case.number.as_str());
    let parties = d["wie"]["parties"].as_array().unwrap();
    assert!(
        parties
            .iter()
            .any(|p| p["role"] == "slachtoffer" && p["name"] == VICTIM),
        "{parties:?}"
    );
    assert!(
        parties.iter().any(|p| p["name"] == PERPETRATOR),
        "{parties:?}"
    );
    let timeline = d["timeline"].as_array().unwrap();
    let suspension = timeline
        .iter()
        .find(|r| r["text"] == "Vergadering geschorst")
        .unwrap_or_else(|| panic!("no suspension: {timeline:?}"));
    assert_eq!(suspension["meeting_step"], true, "{suspension}");
    assert_eq!(suspension["at"], "26-11-2026 20:11:10", "{suspension}");
    assert_eq!(
        timeline
            .iter()
            .filter(|r| r["text"] == "Vergadering geschorst")
            .count(),
        1,
        "only this disturbance's suspension: {timeline:?}"
    );
    assert!(
        timeline
            .iter()
            .filter(|r| r["text"].as_str().unwrap().starts_with("Vordering"))
            .all(|r| r["meeting_step"] == false),
        "{timeline:?}"
    );
    assert!(
        d["wijze"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("lokaalvredebreuk")),
        "{d}"
    );
    assert_eq!(d["damage_total"], "€ 1.234,56");
    // The same timeline as the Markdown, row for row.
    let md_rows = md
        .lines()
        .filter(|l| l.starts_with("| 26-11-2026 "))
        .count();
    assert_eq!(md_rows, timeline.len(), "{md}");
    let text = json_bytes.iter().map(|&b| b as char).collect::<String>();
    for absent in [OTHER_PERPETRATOR, SECRET, NOTE] {
        assert!(!text.contains(absent), "{absent} in the JSON");
    }

    // Both recorded, each with the digest of exactly what was written.
    let records = dossier_records(&sandbox);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["payload"]["sha256"], sha256_of(md.as_bytes()));
    assert_eq!(records[0]["payload"]["scope"], "dossier, md");
    assert_eq!(records[1]["payload"]["sha256"], sha256_of(&json_bytes));
    assert_eq!(records[1]["payload"]["scope"], "dossier, json");
}

/// Refusals, in Dutch, with a non-zero exit: an unknown case, a user whose
/// roles do not see the case, a PDF without --out, --out into a directory
/// that is not there. None leaves a file (nor the partial `.NAME.deel`)
/// and none is recorded.
#[test]
fn a_refused_dossier_leaves_no_file_and_records_nothing() {
    let sandbox = Sandbox::new();
    let case = live_register(&sandbox);
    let dir = sandbox.root().join("uit");
    std::fs::create_dir(&dir).unwrap();
    let pdf = dir.join("dossier.pdf");
    let partial = dir.join(".dossier.pdf.deel");
    let out = pdf.to_str().unwrap();
    let before = dossier_records(&sandbox).len();
    let root_before = files_in(sandbox.root());

    #[track_caller]
    fn refused(r: &Run, dutch: &str) {
        assert!(!r.ok, "not refused: {}", r.stderr);
        assert!(r.stderr.contains(dutch), "{dutch:?} not in: {}", r.stderr);
        assert!(
            r.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&r.stdout)
        );
    }

    // A case number the register does not have.
    let r = dossier(&sandbox, "griet", "2026-9999", &["--out", out]);
    refused(&r, "zaak 2026-9999 bestaat niet");
    assert!(!pdf.exists() && !partial.exists());

    // A raadslid's case is not on the route of gemeentesecretaris/P&O; an
    // account without any role sees no case either.
    let r = dossier(&sandbox, "sam", &case.number, &["--out", out]);
    refused(&r, "Geweigerd: Deze zaak hoort niet bij uw rol");
    assert!(!pdf.exists() && !partial.exists());
    let r = dossier(&sandbox, "niemand", &case.number, &["--out", out]);
    refused(&r, "Geweigerd");
    assert!(!pdf.exists() && !partial.exists());

    // A PDF is not written to a terminal.
    let r = dossier(&sandbox, "griet", &case.number, &["--format", "pdf"]);
    refused(&r, "een PDF gaat naar een bestand: noem het met --out");
    // Without --out and without --format, PDF is the default.
    let r = dossier(&sandbox, "griet", &case.number, &[]);
    refused(&r, "een PDF gaat naar een bestand");

    // A directory that is not there is not made.
    let missing = sandbox.root().join("bestaat-niet");
    let r = dossier(
        &sandbox,
        "griet",
        &case.number,
        &["--out", missing.join("dossier.pdf").to_str().unwrap()],
    );
    refused(&r, "bestaat niet; maak haar eerst aan");
    assert!(!missing.exists());

    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
    assert_eq!(files_in(sandbox.root()), root_before, "a file left behind");
    assert_eq!(
        dossier_records(&sandbox).len(),
        before,
        "a refusal recorded"
    );

    // The same dossier by someone who may: written, and recorded once.
    let r = dossier(&sandbox, "griet", &case.number, &["--out", out]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(files_in(&dir), vec!["dossier.pdf".to_string()]);
    assert_eq!(dossier_records(&sandbox).len(), before + 1);
}

/// An intake case from social media: its online evidence (the URL, the
/// time of the message, the SHA-256 of the kept file) is in the PDF.
#[test]
fn the_online_evidence_of_an_intake_case_is_in_the_pdf() {
    let sandbox = Sandbox::new();
    let case = intake_register(&sandbox);
    let pdf = sandbox.root().join("intake.pdf");
    let r = dossier(
        &sandbox,
        "griet",
        &case.number,
        &["--out", pdf.to_str().unwrap()],
    );
    assert!(r.ok, "{}", r.stderr);
    let text = pdf_text(&pdf);
    has(&text, "Online bewijs");
    has(&text, URL);
    has(&text, &screenshot_sha256());
    has(&text, ACCOUNT);
    has(
        &text,
        "(@dreiger_1864), bericht 20-11-2026 22:14:05; gemeld bij het platform: ja; norm gecommuniceerd: nee",
    );
    has(&text, "bewijs/dreigbericht.png");
    has(&text, "Via sociale media");
    has(&text, "Gebeurd: 20-11-2026 22:14:05");
    has(&text, VICTIM);
    // The case is on its own: no meeting.
    lacks(&text, "Tijdens:");
    let records = dossier_records(&sandbox);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["payload"]["case"], case.id);
}
