//! The situations around the steps: the 112 card's location, the aangifte
//! decision, a conversation at the town hall, a risk check, OBS and the
//! alarm command.

use super::*;

fn location(d: &Driver) -> String {
    let c = &d.app.console;
    let m = c.projected().open_meeting().map(|m| m.location.clone());
    m.unwrap_or_default()
}

fn bredevoort() -> Config {
    let mut config = Config::default();
    config.locations.push(crate::config::Location {
        name: "Dorpshuis De Kei".into(),
        address: "Markt 1, Bredevoort".into(),
        room: "Grote zaal".into(),
        town_hall: false,
    });
    config
}

#[test]
fn the_112_card_reads_the_location_chosen_for_this_meeting() {
    let (mut d, _dir) = start_with(bredevoort());
    // The location is the fourth field: Tab past title and chair, pick 2.
    d.keys("m<tab><tab>2<enter>");
    assert_eq!(
        location(&d),
        "Grote zaal, Dorpshuis De Kei, Markt 1, Bredevoort"
    );
    assert!(!d.app.console.view.open_meeting().unwrap().town_hall);

    // "anders" needs an address typed; the card reads exactly that.
    let (mut d, _dir) = start_with(bredevoort());
    d.keys("m<tab><tab>3<enter>");
    assert!(d.app.console.dialog.is_some(), "refused without an address");
    assert!(flash(&d).contains("Typ het adres"), "{}", flash(&d));
    d.keys("Sporthal, Hamelandweg 4, Aalten<enter>");
    assert_eq!(location(&d), "Sporthal, Hamelandweg 4, Aalten");
}

#[test]
fn the_aangifte_decision_records_who_decided_by_name_and_a_dissent() {
    let mut config = Config::default();
    config.live.griffier = "M. de Griffier".into();
    config.live.oov_official = "J. Veilig".into();
    let (mut d, _dir) = start_with(config);
    d.keys("m<enter>v2aj");
    let decision = |d: &Driver| {
        d.app
            .console
            .committed()
            .iter()
            .rev()
            .find_map(|e| match &e.body {
                EventBody::AangifteDecision {
                    decided_by,
                    dissent,
                    decision,
                } => Some((*decision, decided_by.clone(), dissent.clone())),
                _ => None,
            })
            .expect("the decision")
    };
    let (_, decided, dissent) = decision(&d);
    assert_eq!(
        decided,
        [
            "voorzitter: burgemeester",
            "griffier: M. de Griffier",
            "aangewezen ambtenaar OOV: J. Veilig"
        ]
    );
    assert!(dissent.is_empty());
    // Another disturbance, decided with the griffier disagreeing.
    d.keys("v2a!");
    assert!(matches!(
        &d.app.console.dialog,
        Some(Dialog::Form(f)) if matches!(f.purpose, LiveForm::AangifteDissent { .. })
    ));
    d.keys("22wil wel aangifte<enter>");
    let (choice, _, dissent) = decision(&d);
    assert_eq!(choice, AangifteChoice::Nee);
    assert_eq!(dissent, "griffier: M. de Griffier — wil wel aangifte");
    assert_eq!(dist(&d).dissent, dissent);
}

/// Opens a conversation: type 5 in the first field (gesprek).
fn conversation(d: &mut Driver) {
    d.keys("m<backtab>5<enter>");
}

#[test]
fn a_conversation_at_the_town_hall_follows_its_own_flow() {
    let (mut d, _dir) = start();
    conversation(&mut d);
    let m = d.app.console.view.open_meeting().unwrap().clone();
    assert_eq!(m.setting(), Setting::Gesprek);
    assert_eq!(m.title, "Gesprek met een burger");
    assert!(m.town_hall);
    // No suspension, no livestream: said, not logged.
    d.keys("s");
    assert!(
        flash(&d).contains("gesprek wordt niet geschorst"),
        "{}",
        flash(&d)
    );
    d.keys("l");
    assert!(flash(&d).contains("geen livestream"), "{}", flash(&d));
    // The incident, the conversation ended, told to leave the building.
    d.keys("v2gd");
    let p = &dist(&d).persons[0];
    assert_eq!(
        p.demands[0].wording,
        d.app.console.config.live.conversation_demand_wording
    );
    assert!(
        d.app
            .console
            .view
            .open_meeting()
            .unwrap()
            .conversation_ended_at
            .is_some()
    );
    assert!(p.refuses());
    // No lokaalvredebreuk talk in a conversation.
    assert!(!flash(&d).contains("LOKAALVREDEBREUK"));
    d.keys("pttw");
    d.keys("Vj");
    d.keys("Mj");
    assert_eq!(
        kinds(&d),
        [
            "meeting-started",
            "disturbance-started",
            "disturbance-described",
            "conversation-ended",
            "demand",
            "police-called",
            "police-arrived",
            "left-voluntarily",
            "disturbance-ended",
            "meeting-ended"
        ]
    );
}

#[test]
fn a_risk_check_prepares_the_session_and_shows_in_its_header() {
    let (mut d, _dir) = start();
    d.keys("b");
    match &d.app.console.dialog {
        Some(Dialog::Form(f)) => assert_eq!(f.purpose, LiveForm::RiskCheck(Setting::Gesprek)),
        other => panic!("{other:?}"),
    }
    // Without a second person it is refused (§4.2).
    d.keys("bezwaar WOZ<tab>morgen 14:00<tab><tab>j<tab><tab>j<enter>");
    assert!(flash(&d).contains("tweede persoon"), "{}", flash(&d));
    d.keys("<backtab>J. de Vries<enter>");
    assert!(d.app.console.dialog.is_none(), "{}", flash(&d));
    assert_eq!(d.app.console.risk_checks.len(), 1);
    let seq = d.app.console.risk_checks[0].seq;
    // A meeting cannot be opened with a conversation's check.
    d.keys("m<tab><tab><tab><tab>2<enter>");
    assert!(flash(&d).contains("past niet"), "{}", flash(&d));
    assert!(d.app.console.view.open_meeting().is_none());
    // A conversation can: the form stays, its focus back on the kind.
    d.keys("5<enter>");
    let m = d.app.console.view.open_meeting().expect("opened").clone();
    assert_eq!(m.risk_check, Some(seq));
    let header = d.app.console.risk_check_header().unwrap();
    assert!(header.contains("2e persoon J. de Vries"), "{header}");
    assert!(header.contains("interventieteam ingelicht"), "{header}");
    assert!(header.contains("beveiligde zone"), "{header}");
    // The check itself belongs to no meeting: it is confidential.
    let check = &d.app.console.risk_checks[0];
    assert_eq!(check.meeting_id, None);
    assert!(check.body.is_confidential());
}

#[test]
fn with_obs_configured_the_livestream_keys_stop_and_start_the_stream_without_waiting() {
    let (mut d, _dir) = start();
    d.app.console.integrations.obs = true;
    d.keys("m<enter>l");
    // Logged at once; OBS is asked beside it.
    assert!(d.app.console.view.livestream_down_since.is_some());
    assert_eq!(d.app.jobs, [Job::Stream(StreamCommand::Stop)]);
    d.app.jobs.clear();
    // OBS is not reachable: the screen says to stop it by hand, and the
    // outcome is evidence of its own.
    d.send(crate::app::Input::Job(JobDone::Stream {
        command: StreamCommand::Stop,
        ok: false,
        detail: "OBS niet bereikbaar (127.0.0.1:4455)".into(),
    }));
    assert!(
        flash(&d).contains("STOP DE LIVESTREAM MET DE HAND"),
        "{}",
        flash(&d)
    );
    let last = d.app.console.committed().last().unwrap();
    assert!(matches!(
        last.body,
        EventBody::StreamControlled { ok: false, .. }
    ));
    d.keys("L");
    assert_eq!(d.app.jobs, [Job::Stream(StreamCommand::Start)]);
    // Quitting waits for OBS's answer, to record it (bounded by its timeout).
    d.keys("q");
    assert!(!d.app.quit, "waits for the answer");
    d.send(crate::app::Input::Job(JobDone::Stream {
        command: StreamCommand::Start,
        ok: true,
        detail: "OBS: stream gestart".into(),
    }));
    assert!(d.app.quit, "then quits");
    // Without OBS configured nothing is asked.
    let (mut d, _dir) = start();
    d.keys("m<enter>lL");
    assert!(d.app.jobs.is_empty());
}

#[test]
fn with_an_alarm_command_the_calls_run_it_with_a_text_without_names() {
    let (mut d, _dir) = start();
    d.app.console.integrations.alarm = true;
    d.keys("m<enter>v2e<tab><tab><tab>man met pet<tab>Jan Jansen<enter>i");
    let text = match d.app.jobs.as_slice() {
        [
            Job::Alarm {
                target: AlarmTarget::Interventieteam,
                text,
                disturbance: 1,
            },
        ] => text.clone(),
        other => panic!("{other:?}"),
    };
    assert!(text.contains("Hofstraat 8"), "{text}");
    assert!(text.contains("Bedreiging / intimidatie"), "{text}");
    for name in ["Jansen", "pet", "burgemeester", "Raadsvergadering"] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    d.app.jobs.clear();
    d.send(crate::app::Input::Job(JobDone::Alarm {
        target: AlarmTarget::Interventieteam,
        ok: true,
        exit_code: Some(0),
        detail: "alarmcommando uitgevoerd (exit 0, 12 ms)".into(),
        disturbance: 1,
    }));
    let last = d.app.console.committed().last().unwrap().clone();
    assert!(matches!(
        last.body,
        EventBody::AlarmRun {
            ok: true,
            exit_code: Some(0),
            ..
        }
    ));
    assert_eq!(last.case_id, dist(&d).case_id, "with its case");
    assert_eq!(dist(&d).alarms.len(), 1);
    d.keys("p<esc>");
    assert!(matches!(
        d.app.jobs.as_slice(),
        [Job::Alarm {
            target: AlarmTarget::Politie,
            ..
        }]
    ));
}
