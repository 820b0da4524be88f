//! The rules of §5 at the moment of a step: whether it may be logged now
//! ([`LiveView::permits`]), and if not, why ([`Refusal`], in Dutch). The
//! console's hints and the store's check at the moment of writing ask the
//! same function.

use super::{
    DEMANDS_BEFORE_LOKAALVREDEBREUK, DisturbanceView, LiveView, MeetingView, PersonView, Target,
    Time, capital, hhmm,
};
use crate::domain::event::{AangifteChoice, EventBody, Setting};

/// Why a step cannot be logged now. The messages are shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Er is geen vergadering of gesprek geopend. Open eerst een vergadering of gesprek.")]
    NoMeeting,
    #[error("Er loopt al een {0} ({1}). Sluit die eerst.")]
    MeetingOpen(&'static str, String),
    #[error("Sluit eerst de lopende verstoring(en) af; daarna kan de {0} worden gesloten.")]
    DisturbanceStillOpen(&'static str),
    #[error("Er is geen verstoring gemeld. Meld eerst een verstoring.")]
    NoDisturbance,
    #[error("Verstoring {0} is al gemeld om {1}.")]
    DisturbanceTaken(u8, String),
    #[error("Verstoring {0} kan niet: de volgende verstoring is nummer {1}.")]
    DisturbanceOutOfOrder(u8, usize),
    #[error("Die verstoring is intussen afgesloten.")]
    DisturbanceClosed,
    #[error("Verstoring {0} bestaat niet in deze vergadering.")]
    UnknownDisturbance(u8),
    #[error("De vergadering is al geschorst (sinds {0}).")]
    AlreadySuspended(String),
    #[error("De vergadering is niet geschorst.")]
    NotSuspended,
    #[error(
        "Een gesprek wordt niet geschorst of heropend: beëindig het gesprek en verzoek de persoon het gebouw te verlaten."
    )]
    NoSuspensionInConversation,
    #[error("Bij een gesprek is er geen livestream.")]
    NoStreamInConversation,
    #[error("Alleen een gesprek wordt beëindigd; een vergadering wordt geschorst.")]
    NotAConversation,
    #[error(
        "Er zijn al drie vorderingen gedaan aan {0}: dit is lokaalvredebreuk. Bel de politie (112)."
    )]
    DemandsExhausted(String),
    #[error("Vordering {0} aan {1} is al vastgelegd om {2}.")]
    DemandTaken(usize, String, String),
    #[error("Vordering {0} kan niet: de volgende vordering aan {1} is nummer {2}.")]
    DemandOutOfOrder(usize, String, usize),
    #[error("{0} is niet meer aanwezig.")]
    PersonGone(String),
    #[error("Persoon {0} hoort niet bij deze verstoring.")]
    UnknownPerson(u8),
    #[error("Persoon {0} is al toegevoegd om {1}.")]
    PersonTaken(u8, String),
    #[error("Persoon {0} kan niet: de volgende persoon is nummer {1}.")]
    PersonOutOfOrder(u8, usize),
    #[error("De livestream is al gestopt (sinds {0}).")]
    StreamAlreadyStopped(String),
    #[error("De livestream loopt al.")]
    StreamRunning,
    #[error("{0} is al vastgelegd om {1}.")]
    AlreadyLogged(&'static str, String),
    #[error("De politie is nog niet gebeld.")]
    PoliceNotCalled,
    #[error("Leg eerst vast dat de politie ter plaatse is.")]
    PoliceNotArrived,
    #[error("Een fysieke beschermende maatregel moet eerst worden bevestigd.")]
    ProtectionNotConfirmed,
    #[error("Over aangifte is al besloten ({0}). Corrigeer dat besluit als het anders is.")]
    AangifteDecided(&'static str),
    #[error("Kies eerst de categorie van {0} (1-4): die hoort bij de zaak.")]
    CategoryMissing(String),
    #[error("Dat is al zo vastgelegd; er verandert niets.")]
    NothingChanged,
    #[error("Regel {0} staat niet in de tijdlijn van deze vergadering.")]
    UnknownEntry(u64),
    #[error("Regel {0} is al gecorrigeerd.")]
    AlreadyCorrected(u64),
    #[error("Een correctie kan niet zelf worden gecorrigeerd; leg een notitie vast.")]
    CorrectionOfCorrection,
    #[error("Er is niets om te corrigeren.")]
    NothingToCorrect,
    #[error("Een lege {0} wordt niet vastgelegd.")]
    Empty(&'static str),
    #[error("Dit hoort bij de afhandeling van een zaak, niet bij de live console.")]
    NotALiveStep,
}

impl LiveView {
    fn need_meeting(&self) -> Result<&MeetingView, Refusal> {
        self.open_meeting().ok_or(Refusal::NoMeeting)
    }

    /// The disturbance a step is for, or why there is none.
    pub fn target(&self, target: &Target) -> Result<&DisturbanceView, Refusal> {
        self.need_meeting()?;
        if let Some(i) = self.index_of(target.case_id, target.disturbance) {
            return Ok(&self.disturbances[i]);
        }
        match (target.case_id, target.disturbance) {
            (_, Some(n)) if usize::from(n) > self.disturbance_starts.len() || n == 0 => {
                Err(Refusal::UnknownDisturbance(n))
            }
            (None, None) => Err(Refusal::NoDisturbance),
            _ => Err(Refusal::DisturbanceClosed),
        }
    }

    fn need_person(d: &DisturbanceView, number: u8) -> Result<&PersonView, Refusal> {
        d.person(number).ok_or(Refusal::UnknownPerson(number))
    }

    fn need_present(d: &DisturbanceView, number: u8) -> Result<&PersonView, Refusal> {
        let p = Self::need_person(d, number)?;
        if p.gone() {
            return Err(Refusal::PersonGone(capital(&p.label())));
        }
        Ok(p)
    }

    fn once(at: Option<Time>, what: &'static str) -> Result<(), Refusal> {
        match at {
            Some(t) => Err(Refusal::AlreadyLogged(what, hhmm(&t))),
            None => Ok(()),
        }
    }

    fn not_in_conversation(&self, refusal: Refusal) -> Result<&MeetingView, Refusal> {
        let m = self.need_meeting()?;
        if m.setting() == Setting::Gesprek {
            return Err(refusal);
        }
        Ok(m)
    }

    /// Whether `body`, for `target`, may be logged now.
    pub fn permits(&self, body: &EventBody, target: &Target) -> Result<(), Refusal> {
        match body {
            EventBody::MeetingStarted { .. } => match self.open_meeting() {
                Some(m) => Err(Refusal::MeetingOpen(m.setting().noun(), m.title.clone())),
                None => Ok(()),
            },
            EventBody::MeetingEnded {} => {
                let m = self.need_meeting()?;
                if !self.disturbances.is_empty() {
                    return Err(Refusal::DisturbanceStillOpen(m.setting().noun()));
                }
                Ok(())
            }
            EventBody::ConversationEnded {} => {
                let m = self.need_meeting()?;
                if m.setting() != Setting::Gesprek {
                    return Err(Refusal::NotAConversation);
                }
                Self::once(m.conversation_ended_at, "Het beëindigen van het gesprek")
            }
            EventBody::DisturbanceStarted { number, .. } => {
                self.need_meeting()?;
                let started = self.disturbance_starts.len();
                match usize::from(*number) {
                    0 => Ok(()),
                    n if n <= started => Err(Refusal::DisturbanceTaken(
                        *number,
                        hhmm(&self.disturbance_starts[n - 1]),
                    )),
                    n if n != started + 1 => {
                        Err(Refusal::DisturbanceOutOfOrder(*number, started + 1))
                    }
                    _ => Ok(()),
                }
            }
            EventBody::DisturbanceDescribed {
                category,
                place,
                what,
            } => {
                let d = self.target(target)?;
                let changes = category.is_some_and(|c| d.category != Some(c))
                    || place.as_ref().is_some_and(|p| *p != d.place)
                    || what.as_ref().is_some_and(|w| *w != d.what);
                if !changes {
                    return Err(Refusal::NothingChanged);
                }
                Ok(())
            }
            EventBody::PersonAdded { number, .. } => {
                let d = self.target(target)?;
                let n = usize::from(*number);
                match d.persons.get(n.wrapping_sub(1)) {
                    Some(p) if n > 0 => Err(Refusal::PersonTaken(*number, hhmm(&p.added_at))),
                    _ if n != d.persons.len() + 1 => {
                        Err(Refusal::PersonOutOfOrder(*number, d.persons.len() + 1))
                    }
                    _ => Ok(()),
                }
            }
            EventBody::PersonDescribed { person, who } => {
                let d = self.target(target)?;
                let p = Self::need_person(d, *person)?;
                if p.kind == who.kind && p.description == who.description && p.name == who.name {
                    return Err(Refusal::NothingChanged);
                }
                Ok(())
            }
            EventBody::DisturbanceEnded {} => {
                let d = self.target(target)?;
                if d.category.is_none() {
                    return Err(Refusal::CategoryMissing(d.label()));
                }
                Ok(())
            }
            EventBody::Suspended {} => {
                self.not_in_conversation(Refusal::NoSuspensionInConversation)?;
                match self.suspended_since {
                    Some(t) => Err(Refusal::AlreadySuspended(hhmm(&t))),
                    None => Ok(()),
                }
            }
            EventBody::Resumed {} => {
                self.not_in_conversation(Refusal::NoSuspensionInConversation)?;
                self.suspended_since
                    .map(|_| ())
                    .ok_or(Refusal::NotSuspended)
            }
            EventBody::Demand { number, person, .. } => {
                let d = self.target(target)?;
                let p = Self::need_present(d, *person)?;
                // Each demand names its number: a demand whose number was
                // taken meanwhile (by another workstation) is the same
                // demand logged twice, not the next one.
                let number = usize::from(*number);
                if let Some(taken) = number.checked_sub(1).and_then(|i| p.demands.get(i)) {
                    return Err(Refusal::DemandTaken(number, p.label(), hhmm(&taken.at)));
                }
                if p.demands.len() >= DEMANDS_BEFORE_LOKAALVREDEBREUK {
                    return Err(Refusal::DemandsExhausted(p.label()));
                }
                if number != p.demands.len() + 1 {
                    return Err(Refusal::DemandOutOfOrder(
                        number,
                        p.label(),
                        p.demands.len() + 1,
                    ));
                }
                Ok(())
            }
            EventBody::LeftVoluntarily { person } => {
                let d = self.target(target)?;
                Self::need_present(d, *person).map(|_| ())
            }
            EventBody::LivestreamStopped {} => {
                self.not_in_conversation(Refusal::NoStreamInConversation)?;
                match self.livestream_down_since {
                    Some(t) => Err(Refusal::StreamAlreadyStopped(hhmm(&t))),
                    None => Ok(()),
                }
            }
            EventBody::LivestreamResumed {} => {
                self.not_in_conversation(Refusal::NoStreamInConversation)?;
                self.livestream_down_since
                    .map(|_| ())
                    .ok_or(Refusal::StreamRunning)
            }
            EventBody::InterventionTeamCalled {} => {
                let d = self.target(target)?;
                Self::once(
                    d.intervention_team_at,
                    "Het alarmeren van het interventieteam",
                )
            }
            EventBody::PoliceCalled {} => {
                let d = self.target(target)?;
                Self::once(d.police_called_at, "Het bellen van de politie")
            }
            EventBody::PoliceArrived {} => {
                let d = self.target(target)?;
                if d.police_called_at.is_none() {
                    return Err(Refusal::PoliceNotCalled);
                }
                Self::once(d.police_arrived_at, "De aankomst van de politie")
            }
            EventBody::RemovedByPolice { person } => {
                let d = self.target(target)?;
                Self::need_present(d, *person)?;
                if d.police_arrived_at.is_none() {
                    return Err(Refusal::PoliceNotArrived);
                }
                Ok(())
            }
            EventBody::PhysicalProtection { confirmed_rule } => {
                self.target(target)?;
                if !confirmed_rule {
                    return Err(Refusal::ProtectionNotConfirmed);
                }
                Ok(())
            }
            EventBody::AangifteDecision { .. } => {
                let d = self.target(target)?;
                match d.aangifte {
                    Some((choice, _)) if choice != AangifteChoice::Later => {
                        Err(Refusal::AangifteDecided(choice.label()))
                    }
                    _ => Ok(()),
                }
            }
            EventBody::Note { text } => {
                self.need_meeting()?;
                if text.trim().is_empty() {
                    return Err(Refusal::Empty("notitie"));
                }
                Ok(())
            }
            EventBody::Correction { reason } => {
                let target = target.corrects.ok_or(Refusal::NothingToCorrect)?;
                let row = self
                    .timeline
                    .iter()
                    .find(|r| r.seq == Some(target))
                    .ok_or(Refusal::UnknownEntry(target))?;
                if row.is_correction {
                    return Err(Refusal::CorrectionOfCorrection);
                }
                if row.corrected.is_some() {
                    return Err(Refusal::AlreadyCorrected(target));
                }
                if reason.trim().is_empty() {
                    return Err(Refusal::Empty("reden van correctie"));
                }
                Ok(())
            }
            _ => Err(Refusal::NotALiveStep),
        }
    }
}
