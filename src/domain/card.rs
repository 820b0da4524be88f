//! The 112 card: what to read out to the emergency room, and which help
//! to call in this situation (§5). The same text goes to a configured
//! alarm command, so it never carries a name: no title, no chair, no
//! description of a person, only the place, the situation as logged and
//! what was done. Nothing here touches a terminal or a database.

use super::event::Setting;
use super::live::{DisturbanceView, LiveView};

/// Who to call, per §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmRoute {
    /// A council meeting or gathering: the police are called in
    /// consultation with the interventieteam.
    PoliceWithInterventionTeam,
    /// A conversation in the town hall during office hours: alarm the
    /// interventieteam or call 112.
    InterventionTeamOr112,
    /// A conversation outside office hours or outside the town hall:
    /// always 112, saying where you are.
    Only112,
}

impl AlarmRoute {
    /// The route for a session: `office_open` is whether the town hall is
    /// within office hours now.
    pub fn of(setting: Setting, town_hall: bool, office_open: bool) -> AlarmRoute {
        match setting {
            Setting::Gesprek if town_hall && office_open => AlarmRoute::InterventionTeamOr112,
            Setting::Gesprek => AlarmRoute::Only112,
            _ => AlarmRoute::PoliceWithInterventionTeam,
        }
    }

    /// What to do, in a few words, for a banner.
    pub fn short(self) -> &'static str {
        match self {
            AlarmRoute::PoliceWithInterventionTeam => "BEL DE POLITIE (112)",
            AlarmRoute::InterventionTeamOr112 => "ALARMEER HET INTERVENTIETEAM OF BEL 112",
            AlarmRoute::Only112 => "BEL 112 EN ZEG WAAR U BENT",
        }
    }

    /// What to do, in Dutch, for the screen.
    pub fn advice(self) -> &'static str {
        match self {
            AlarmRoute::PoliceWithInterventionTeam => {
                "Bel in overleg met het interventieteam de politie (112)."
            }
            AlarmRoute::InterventionTeamOr112 => {
                "Binnen kantoortijd in het gemeentehuis: alarmeer het interventieteam of bel 112."
            }
            AlarmRoute::Only112 => {
                "Buiten kantoortijd of buiten het gemeentehuis: bel altijd 112 en zeg waar u bent."
            }
        }
    }
}

/// The guidance of §5 for whoever calls: read from the card.
pub const GUIDANCE: &str = "Eigen veiligheid voorop. Geef de agressor zijn zin tot de politie er is en laat dat merken. Blijf kalm, provoceer niet.";

/// What the 112 card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card112 {
    pub municipality: String,
    /// The place chosen when the session was opened; `None` when no
    /// session is open (then the caller must say where they are).
    pub address: Option<String>,
    /// The situation as logged, in short sentences.
    pub situation: Vec<String>,
}

impl Card112 {
    /// The card for the open session of `view`, about disturbance `d`
    /// (the current one); `notes` is the configured situation line for a
    /// meeting or gathering.
    pub fn of(
        view: &LiveView,
        municipality: &str,
        notes: &str,
        d: Option<&DisturbanceView>,
    ) -> Card112 {
        let meeting = view.open_meeting();
        let setting = view.setting();
        let mut situation = Vec::new();
        match setting {
            Setting::Gesprek => {
                situation.push("Agressie tijdens een gesprek met een burger.".to_string())
            }
            _ if !notes.is_empty() => situation.push(notes.to_string()),
            _ => {}
        }
        if let Some(d) = d {
            let mut what = Vec::new();
            if let Some(c) = d.category {
                what.push(c.label().to_string());
            }
            if !d.place.is_empty() {
                what.push(d.place.clone());
            }
            if !what.is_empty() {
                situation.push(format!("{}.", what.join(" — ")));
            }
            let persons = d.persons.iter().filter(|p| !p.gone()).count();
            let groups = d
                .persons
                .iter()
                .filter(|p| !p.gone() && p.kind == super::case::PerpetratorKind::Collectief)
                .count();
            match (persons, groups) {
                (0, _) => {}
                (1, 0) => {}
                (1, 1) => situation.push("Het gaat om een groep.".into()),
                (n, 0) => situation.push(format!("Het gaat om {n} personen.")),
                (n, g) => {
                    situation.push(format!("Het gaat om {n} personen of groepen ({g} groep)."))
                }
            }
            if !d.protections.is_empty() {
                situation.push("Fysieke agressie; aanwezigen beschermen.".into());
            }
            if let Some(t) = d.intervention_team_at {
                situation.push(format!(
                    "Interventieteam gealarmeerd om {}.",
                    t.format("%H:%M")
                ));
            }
            let refusing = d.persons.iter().any(|p| p.refuses());
            if setting == Setting::Gesprek {
                if refusing {
                    situation.push("Weigert het gebouw te verlaten.".into());
                }
            } else if d.lokaalvredebreuk() {
                situation.push("Drie vorderingen om te vertrekken geweigerd.".into());
            }
        }
        Card112 {
            municipality: municipality.to_string(),
            address: meeting.map(|m| m.location.clone()),
            situation,
        }
    }

    /// The card as plain text (for an alarm command's stdin): no names.
    pub fn text(&self) -> String {
        let mut lines = vec![format!("Gemeente: {}", self.municipality)];
        match &self.address {
            Some(a) => lines.push(format!("Adres: {a}")),
            None => lines.push("Adres: niet bekend (geen vergadering of gesprek geopend)".into()),
        }
        if !self.situation.is_empty() {
            lines.push(format!("Situatie: {}", self.situation.join(" ")));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::Category;
    use crate::domain::case::PerpetratorKind;
    use crate::domain::event::{DemandBy, Event, EventBody, MeetingType};
    use crate::domain::time::to_local;

    fn events(meeting_type: MeetingType, steps: Vec<EventBody>) -> Vec<Event> {
        let t0 = to_local(Utc.with_ymd_and_hms(2026, 11, 26, 19, 30, 0).unwrap());
        let mut bodies = vec![EventBody::MeetingStarted {
            meeting_type,
            title: "Gesprek met J. Jansen".into(),
            chair: "wethouder P. Pietersen".into(),
            location: "Spreekkamer 1, Gemeentekantoor Aalten, Hofstraat 8, Aalten".into(),
            town_hall: true,
            risk_check: None,
        }];
        bodies.extend(steps);
        bodies
            .into_iter()
            .enumerate()
            .map(|(i, body)| Event {
                seq: i as u64 + 1,
                at: t0 + Duration::seconds(i as i64 * 10),
                actor: "griffie".into(),
                meeting_id: Some(1),
                case_id: (i >= 1).then_some(7),
                corrects: None,
                body,
            })
            .collect()
    }

    fn started() -> EventBody {
        EventBody::DisturbanceStarted {
            number: 1,
            category: Some(Category::BedreigingIntimidatie),
            place: "balie".into(),
            description: "Jan Jansen, rode jas".into(),
            opened_by: None,
        }
    }

    #[test]
    fn the_card_carries_no_names() {
        let e = events(
            MeetingType::Gesprek,
            vec![
                started(),
                EventBody::PersonAdded {
                    number: 2,
                    who: crate::domain::event::Who {
                        kind: PerpetratorKind::Persoon,
                        description: "zoon van Jansen".into(),
                        name: "Kees Jansen".into(),
                        known: None,
                    },
                },
                EventBody::Demand {
                    number: 1,
                    by: DemandBy::Voorzitter,
                    wording: "Verlaat het gebouw".into(),
                    person: 1,
                },
            ],
        );
        let view = LiveView::derive(&e, &[]);
        let card = Card112::of(&view, "Aalten", "", view.newest());
        let text = card.text();
        for name in ["Jansen", "Pietersen", "Kees", "rode jas"] {
            assert!(!text.contains(name), "{name} in {text}");
        }
        assert!(text.contains("Hofstraat 8"), "{text}");
        assert!(text.contains("Bedreiging / intimidatie — balie."), "{text}");
        assert!(text.contains("Het gaat om 2 personen."), "{text}");
        assert!(text.contains("Weigert het gebouw te verlaten."), "{text}");
    }

    #[test]
    fn without_a_session_the_card_says_the_address_is_unknown() {
        let card = Card112::of(&LiveView::default(), "Aalten", "x", None);
        assert_eq!(card.address, None);
        assert!(card.text().contains("niet bekend"));
    }

    #[test]
    fn which_help_to_call_follows_place_and_office_hours() {
        use AlarmRoute::*;
        assert_eq!(
            AlarmRoute::of(Setting::Gesprek, true, true),
            InterventionTeamOr112
        );
        assert_eq!(AlarmRoute::of(Setting::Gesprek, true, false), Only112);
        assert_eq!(AlarmRoute::of(Setting::Gesprek, false, true), Only112);
        assert_eq!(
            AlarmRoute::of(Setting::Vergadering, true, false),
            PoliceWithInterventionTeam
        );
        assert!(Only112.advice().contains("altijd 112"));
    }
}
