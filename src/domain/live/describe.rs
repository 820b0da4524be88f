//! The text of a timeline row, in Dutch, as the console shows it.

use super::{FIRST_PERSON, Item, LiveView, capital};
use crate::domain::event::{DemandBy, EventBody, Setting};

impl LiveView {
    pub(super) fn describe(&self, item: &Item<'_>) -> String {
        let d = if item.body.is_disturbance_step() {
            self.index_of(item.case_id, item.disturbance)
                .and_then(|i| self.disturbances.get(i))
        } else {
            None
        };
        // Steps of a second or later disturbance say which one; steps for
        // a second or later person say whom.
        let prefix = match d {
            Some(d) if d.number > 1 => format!("V{} · ", d.number),
            _ => String::new(),
        };
        let person = |n: u8| -> String {
            match d.and_then(|d| d.person(n)) {
                Some(p) if n > FIRST_PERSON || d.is_some_and(|d| d.persons.len() > 1) => {
                    format!(" aan {}", p.label())
                }
                _ => String::new(),
            }
        };
        match item.body {
            EventBody::DisturbanceStarted { number, .. } => {
                let n = if *number == 0 {
                    self.disturbance_starts.len() + 1
                } else {
                    usize::from(*number)
                };
                let mut s = if n > 1 {
                    format!("Verstoring {n} gemeld")
                } else {
                    "Verstoring gemeld".to_string()
                };
                if let Some(rest) = item.body.summary().strip_prefix("Verstoring gemeld") {
                    s.push_str(rest);
                }
                s
            }
            EventBody::DisturbanceEnded {} => match item.case_id.or(d.and_then(|d| d.case_id)) {
                Some(id) => format!("{prefix}Verstoring afgesloten; geregistreerd als zaak #{id}"),
                None => format!("{prefix}Verstoring afgesloten; wordt geregistreerd als zaak"),
            },
            EventBody::Demand {
                by,
                wording,
                person: p,
                ..
            } => {
                // Numbered as counted now: a corrected demand does not count.
                let n = d
                    .and_then(|d| d.person(*p))
                    .map_or(1, |p| p.demands.len() + 1);
                let by = match (self.setting(), by) {
                    (Setting::Gesprek, DemandBy::Voorzitter) => "de ambtsdrager",
                    _ => by.label(),
                };
                format!("{prefix}Vordering {n}{} door {by}: “{wording}”", person(*p))
            }
            EventBody::LeftVoluntarily { person: p } => match d.and_then(|d| d.person(*p)) {
                Some(pv) if !person(*p).is_empty() => {
                    format!("{prefix}{} is vrijwillig vertrokken", capital(&pv.label()))
                }
                _ => format!("{prefix}{}", item.body.summary()),
            },
            EventBody::RemovedByPolice { person: p } => match d.and_then(|d| d.person(*p)) {
                Some(pv) if !person(*p).is_empty() => format!(
                    "{prefix}{} door de politie verwijderd",
                    capital(&pv.label())
                ),
                _ => format!("{prefix}{}", item.body.summary()),
            },
            EventBody::Correction { reason } => {
                let target = item.corrects.unwrap_or_default();
                format!("Correctie van regel {target}: {reason}")
            }
            EventBody::MeetingEnded {} => format!("{} gesloten", self.setting().title()),
            other if other.is_disturbance_step() => format!("{prefix}{}", other.summary()),
            other => other.summary(),
        }
    }
}
