//! Preparation before a risky conversation or gathering (protocol §4.2),
//! as rules on the `risk-check-recorded` event and on the session opened
//! with it. Nothing here touches a terminal or a database.
//!
//! - A conversation expected to be risky is held with a second person from
//!   the organisation, the interventieteam is informed, and it may be held
//!   in the secure zone (a room with an alarm button, in the Hofstraat
//!   office).
//! - Before an evidently risky public gathering the burgemeester assesses
//!   the risks: location, measures, security.
//!
//! The record is CONFIDENTIAL (§7): security measures are never
//! communicated, so it is never in an export for others
//! (`EventBody::is_confidential`).

use super::event::{EventBody, MeetingType, Setting};

/// Why a risk check cannot be recorded, or not used for a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreparationRefusal {
    #[error("Geef het onderwerp van de voorbereiding (zonder namen).")]
    NoSubject,
    #[error("Geef de locatie.")]
    NoLocation,
    #[error(
        "Een risicogesprek voert u samen met een tweede persoon van de organisatie (§4.2): vul die in."
    )]
    NoSecondPerson,
    #[error("Leg de risico-inschatting van de burgemeester vast (§4.2).")]
    NoAssessment,
    #[error("Een risico-inschatting voor een {0} past niet bij een {1}.")]
    Mismatch(&'static str, &'static str),
    #[error("Regel {0} is geen risico-inschatting.")]
    NotARiskCheck(u64),
}

/// Whether a risk check may be recorded as it is.
pub fn permits_risk_check(body: &EventBody) -> Result<(), PreparationRefusal> {
    let EventBody::RiskCheckRecorded {
        setting,
        subject,
        location,
        second_person,
        assessment,
        ..
    } = body
    else {
        return Ok(());
    };
    if subject.trim().is_empty() {
        return Err(PreparationRefusal::NoSubject);
    }
    if location.trim().is_empty() {
        return Err(PreparationRefusal::NoLocation);
    }
    match setting {
        Setting::Gesprek if second_person.trim().is_empty() => {
            Err(PreparationRefusal::NoSecondPerson)
        }
        Setting::Vergadering | Setting::Bijeenkomst if assessment.trim().is_empty() => {
            Err(PreparationRefusal::NoAssessment)
        }
        _ => Ok(()),
    }
}

/// Whether a risk check made for `check` may prepare a session of
/// `session`: a conversation's for a conversation, a gathering's for a
/// meeting or gathering.
pub fn fits(check: Setting, session: MeetingType) -> Result<(), PreparationRefusal> {
    let conversation = |s: Setting| s == Setting::Gesprek;
    if conversation(check) == conversation(session.setting()) {
        Ok(())
    } else {
        Err(PreparationRefusal::Mismatch(
            check.noun(),
            session.setting().noun(),
        ))
    }
}

/// What the console's header says of the preparation during the session.
pub fn header(body: &EventBody) -> Option<String> {
    let EventBody::RiskCheckRecorded {
        setting,
        second_person,
        intervention_team_informed,
        secure_room,
        assessment,
        measures,
        security,
        ..
    } = body
    else {
        return None;
    };
    let mut parts: Vec<String> = Vec::new();
    match setting {
        Setting::Gesprek => {
            if !second_person.is_empty() {
                parts.push(format!("2e persoon {second_person}"));
            }
            parts.push(
                if *intervention_team_informed {
                    "interventieteam ingelicht"
                } else {
                    "interventieteam NIET ingelicht"
                }
                .into(),
            );
            if *secure_room {
                parts.push("beveiligde zone (alarmknop)".into());
            }
        }
        _ => {
            for (label, text) in [
                ("risico", assessment),
                ("maatregelen", measures),
                ("beveiliging", security),
            ] {
                if !text.is_empty() {
                    parts.push(format!("{label}: {text}"));
                }
            }
        }
    }
    Some(format!("Voorbereid (§4.2): {}", parts.join(" · ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation(second: &str) -> EventBody {
        EventBody::RiskCheckRecorded {
            setting: Setting::Gesprek,
            subject: "bezwaar tegen aanslag".into(),
            planned_at: None,
            location: "Spreekkamer 1, Hofstraat 8".into(),
            second_person: second.into(),
            intervention_team_informed: true,
            secure_room: true,
            assessment: String::new(),
            measures: String::new(),
            security: String::new(),
        }
    }

    fn gathering(assessment: &str) -> EventBody {
        EventBody::RiskCheckRecorded {
            setting: Setting::Bijeenkomst,
            subject: "informatieavond windpark".into(),
            planned_at: None,
            location: "Sporthal".into(),
            second_person: String::new(),
            intervention_team_informed: false,
            secure_room: false,
            assessment: assessment.into(),
            measures: "extra BOA's".into(),
            security: "beveiliging bij de ingang".into(),
        }
    }

    #[test]
    fn a_risky_conversation_needs_a_second_person() {
        assert_eq!(
            permits_risk_check(&conversation("")),
            Err(PreparationRefusal::NoSecondPerson)
        );
        assert_eq!(permits_risk_check(&conversation("J. de Vries")), Ok(()));
    }

    #[test]
    fn a_risky_gathering_needs_the_burgemeesters_assessment() {
        assert_eq!(
            permits_risk_check(&gathering(" ")),
            Err(PreparationRefusal::NoAssessment)
        );
        assert_eq!(
            permits_risk_check(&gathering("hoog: eerdere onrust")),
            Ok(())
        );
    }

    #[test]
    fn subject_and_location_are_required() {
        let mut body = conversation("J. de Vries");
        if let EventBody::RiskCheckRecorded { subject, .. } = &mut body {
            subject.clear();
        }
        assert_eq!(
            permits_risk_check(&body),
            Err(PreparationRefusal::NoSubject)
        );
    }

    #[test]
    fn a_check_prepares_only_its_kind_of_session() {
        assert_eq!(fits(Setting::Gesprek, MeetingType::Gesprek), Ok(()));
        assert_eq!(
            fits(Setting::Bijeenkomst, MeetingType::Informatieavond),
            Ok(())
        );
        assert_eq!(
            fits(Setting::Bijeenkomst, MeetingType::Raadsvergadering),
            Ok(())
        );
        let refused = fits(Setting::Gesprek, MeetingType::Commissie).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "Een risico-inschatting voor een gesprek past niet bij een vergadering."
        );
    }

    #[test]
    fn the_header_says_what_was_prepared() {
        assert_eq!(
            header(&conversation("J. de Vries")).unwrap(),
            "Voorbereid (§4.2): 2e persoon J. de Vries · interventieteam ingelicht · beveiligde zone (alarmknop)"
        );
        let h = header(&gathering("hoog")).unwrap();
        assert!(h.contains("risico: hoog"), "{h}");
        assert!(h.contains("beveiliging: beveiliging bij de ingang"), "{h}");
        assert_eq!(header(&EventBody::PoliceCalled {}), None);
    }
}
