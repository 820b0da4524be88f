use crossterm::event::{KeyCode, KeyModifiers};

use super::*;

fn press(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

#[test]
fn defaults_bind_every_required_live_action_with_a_description() {
    let km = Keymap::defaults();
    let required = [
        "meeting-start",
        "meeting-end",
        "disturbance-start",
        "disturbance-end",
        "suspend",
        "resume",
        "demand",
        "left-voluntarily",
        "livestream-stop",
        "livestream-resume",
        "call-intervention-team",
        "call-police",
        "police-arrived",
        "removed-by-police",
        "physical-protection",
        "aangifte-decision",
        "note",
        "correct",
        "help",
        "quit",
    ];
    for name in required {
        let action: Action = serde_json::from_str(&format!("\"{name}\"")).unwrap();
        let desc = km.desc_for(Section::Live, action);
        assert!(
            desc.is_some_and(|d| !d.is_empty()),
            "{name} is not bound with a description"
        );
    }
}

#[test]
fn no_key_is_bound_twice_in_a_section() {
    let km = Keymap::defaults();
    for section in Section::ALL {
        let mut seen = std::collections::HashSet::new();
        for b in km.bindings(section) {
            assert!(seen.insert(b.key), "{} bound twice", b.key);
        }
    }
}

#[test]
fn shifted_letters_are_their_own_keys() {
    let km = Keymap::defaults();
    assert_eq!(
        km.action(Section::Live, &press('m')),
        Some(Action::MeetingStart)
    );
    assert_eq!(
        km.action(Section::Live, &press('M')),
        Some(Action::MeetingEnd)
    );
}

#[test]
fn user_file_overrides_key_by_key() {
    let mut km = Keymap::defaults();
    km.merge(
        Path::new("user.toml"),
        "[live]\nkeymap = [ { on = \"x\", run = \"demand\" }, { on = \"d\", run = \"note\", desc = \"Notitie\" } ]\n",
    )
    .unwrap();
    assert_eq!(km.action(Section::Live, &press('x')), Some(Action::Demand));
    assert_eq!(km.action(Section::Live, &press('d')), Some(Action::Note));
    // Untouched bindings stay.
    assert_eq!(km.action(Section::Live, &press('s')), Some(Action::Suspend));
    // A binding without desc borrows the action's description.
    let desc = km.desc_for(Section::Live, Action::Demand).unwrap();
    assert!(!desc.is_empty());
}

#[test]
fn bad_files_are_reported_with_path_and_line() {
    let mut km = Keymap::defaults();
    let err = km
        .merge(
            Path::new("/cfg/keymap.toml"),
            "[live]\nkeymap = [\n  { on = \"x\", run = \"dans\" },\n]\n",
        )
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("/cfg/keymap.toml: regel 3"), "{msg}");
    assert!(msg.contains("onbekende actie 'dans'"), "{msg}");
    let err = km
        .merge(
            Path::new("k.toml"),
            "[live]\nkeymap = [ { on = \"hyper-q\", run = \"quit\" } ]\n",
        )
        .unwrap_err();
    assert!(err.to_string().contains("onbekende toets"), "{err}");
}

fn problems(source: &str) -> (Keymap, Vec<String>) {
    let mut km = Keymap::defaults();
    let p = km
        .merge_reporting(Path::new("/cfg/keymap.toml"), source)
        .into_iter()
        .map(|p| p.to_string())
        .collect();
    (km, p)
}

#[test]
fn one_bad_entry_keeps_the_good_ones() {
    let (km, p) = problems(
        "[live]\nkeymap = [\n  { on = \"x\", run = \"dans\" },\n  { on = \"y\", run = \"note\" },\n]\n",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("/cfg/keymap.toml: regel 3: [live]"),
        "{p:?}"
    );
    assert_eq!(km.action(Section::Live, &press('y')), Some(Action::Note));
    assert_eq!(km.action(Section::Live, &press('x')), None);
}

#[test]
fn an_unknown_key_name_has_its_line() {
    let (km, p) = problems(
        "[cases]\nkeymap = [\n  { on = \"y\", run = \"sort\" },\n\n  { on = \"hyper-q\", run = \"quit\" },\n]\n",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("/cfg/keymap.toml: regel 5: [cases] onbekende toets 'hyper-q'"),
        "{p:?}"
    );
    assert_eq!(km.action(Section::Cases, &press('y')), Some(Action::Sort));
}

#[test]
fn a_syntax_error_names_its_line_and_keeps_other_sections() {
    let (km, p) = problems(
        "[live]\nkeymap = [ { on = \"y\", run = \"note\" } ]\n\n[cases]\nkeymap = [ { on = \"y\" run = \"sort\" } ]\n",
    );
    assert!(!p.is_empty());
    assert!(p[0].starts_with("/cfg/keymap.toml: regel 5:"), "{p:?}");
    assert_eq!(km.action(Section::Live, &press('y')), Some(Action::Note));
}

#[test]
fn a_key_bound_twice_is_a_warning_and_the_last_counts() {
    let (km, p) = problems(
        "[live]\nkeymap = [\n  { on = \"x\", run = \"note\" },\n  { on = \"x\", run = \"correct\" },\n]\n",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("regel 4: [live] toets x staat al op regel 3"),
        "{p:?}"
    );
    assert_eq!(km.action(Section::Live, &press('x')), Some(Action::Correct));
}

#[test]
fn taking_the_only_key_of_an_action_is_a_warning() {
    let (km, p) = problems("[live]\nkeymap = [\n  { on = \"m\", run = \"quit\" },\n]\n");
    assert_eq!(km.action(Section::Live, &press('m')), Some(Action::Quit));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("regel 3: [live] toets m is nu 'quit'")
            && p[0].contains("'Vergadering/gesprek openen' (meeting-start) geen toets meer"),
        "{p:?}"
    );
    // Giving it another key in the same file settles it.
    let (_, p) = problems(
        "[live]\nkeymap = [\n  { on = \"m\", run = \"quit\" },\n  { on = \"y\", run = \"meeting-start\" },\n]\n",
    );
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn an_action_in_the_wrong_section_is_refused() {
    let (km, p) = problems("[live]\nkeymap = [ { on = \"x\", run = \"case-open\" } ]\n");
    assert_eq!(km.action(Section::Live, &press('x')), None);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("regel 2: [live] dit scherm voert 'case-open' niet uit")
            && p[0].contains("[cases]"),
        "{p:?}"
    );
}

#[test]
fn unknown_sections_fields_and_types_are_named() {
    let (km, p) = problems(
        "[lvie]\nkeymap = []\n[live]\nkeymap = [ { on = \"y\", run = \"note\", kleur = \"rood\" }, { on = 5, run = \"quit\" }, \"q\" ]\nextra = 1\n",
    );
    assert_eq!(km.action(Section::Live, &press('y')), Some(Action::Note));
    assert_eq!(p.len(), 5, "{p:?}");
    let all = p.join("\n");
    assert!(all.contains("regel 1: onbekende sectie [lvie]"), "{all}");
    assert!(
        all.contains("regel 4: [live] onbekend veld 'kleur'"),
        "{all}"
    );
    assert!(all.contains("regel 4: [live] on moet tekst"), "{all}");
    assert!(
        all.contains("regel 5: [live] onbekende sleutel 'extra'"),
        "{all}"
    );
}

#[test]
fn descriptions_are_cleaned_and_capped() {
    let long = "x".repeat(100);
    let (km, p) = problems(&format!(
        "[live]\nkeymap = [ {{ on = \"y\", run = \"note\", desc = \"a\\u001b[31mb{long}\" }} ]\n"
    ));
    assert_eq!(p.len(), 1, "{p:?}");
    let desc = km.desc_for(Section::Live, Action::Note).unwrap();
    assert!(desc.starts_with("a[31mb"), "{desc}");
    assert_eq!(desc.chars().count(), DESC_MAX);
}

#[test]
fn the_default_keymap_has_no_problems() {
    let mut km = Keymap {
        sections: HashMap::new(),
    };
    let p = km.merge_file(Path::new("keymaps/default.toml"), DEFAULT_KEYMAP, true);
    assert!(p.is_empty(), "{p:?}");
}

/// The table of what each section dispatches against the shipped keys.
#[test]
fn every_action_a_section_dispatches_is_bound_there_by_default() {
    let km = Keymap::defaults();
    for section in Section::ALL {
        for &action in section.dispatches() {
            assert!(
                km.desc_for(section, action).is_some_and(|d| !d.is_empty()),
                "[{}] {} has no key with a description in keymaps/default.toml",
                section.name(),
                action.name()
            );
        }
        // And nothing is bound that the section does not run.
        for b in km.bindings(section) {
            assert!(
                section.dispatches().contains(&b.action),
                "[{}] binds {} which it does not run",
                section.name(),
                b.action.name()
            );
        }
    }
}

#[test]
fn retry_is_bound_in_every_section() {
    let km = Keymap::defaults();
    // The figures screen writes nothing, so nothing can wait there.
    for section in Section::ALL.into_iter().filter(|s| *s != Section::Figures) {
        let key = km.key_for(section, Action::Retry).unwrap();
        let expected = if section == Section::Form {
            "Ctrl-r"
        } else {
            "R"
        };
        assert_eq!(key.to_string(), expected, "[{}]", section.name());
    }
}

#[test]
fn action_names_round_trip() {
    assert_eq!(Action::MeetingStart.name(), "meeting-start");
    assert_eq!(Action::Show112Card.name(), "show-112-card");
    assert_eq!(
        Action::from_name("show-112-card"),
        Some(Action::Show112Card)
    );
    assert_eq!(Action::from_name("dans"), None);
}

#[test]
fn key_names_parse_and_print() {
    assert_eq!(Key::parse("ctrl-c").unwrap().to_string(), "Ctrl-c");
    assert_eq!(Key::parse("enter").unwrap().to_string(), "Enter");
    assert_eq!(Key::parse("f12").unwrap().to_string(), "F12");
    assert!(Key::parse("f13").is_err());
    assert_eq!(Key::parse("?").unwrap().to_string(), "?");
}

#[test]
fn no_dialog_key_without_text_is_also_a_live_step_key() {
    // A dialog without text input gives way to a live key; its own keys
    // must therefore never be live keys, or a step would be swallowed.
    // Retry means the same everywhere.
    let km = Keymap::defaults();
    let live: Vec<Key> = km
        .bindings(Section::Live)
        .iter()
        .filter(|b| b.action != Action::Retry)
        .map(|b| b.key)
        .collect();
    for section in [Section::Confirm, Section::Aangifte] {
        for b in km.bindings(section) {
            if b.action == Action::Retry {
                continue;
            }
            assert!(
                !live.contains(&b.key),
                "[{}] {} ({:?}) is also a live key",
                section.name(),
                b.key,
                b.action
            );
        }
    }
}
