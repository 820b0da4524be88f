//! The right of access (AVG art. 15): what the register holds about one
//! person, as victim or as perpetrator, with other people's personal data
//! left out. `raadsorde export --subject PERSOON`.
//!
//! The person is named as the request names them: `veroorzaker:N` for the
//! perpetrator registered as N, or a name, matched (case, accents and
//! punctuation aside) against the victims' names and the perpetrators'
//! names. A name is only how the request finds the records; the griffie
//! checks who asks before handing the file over.
//!
//! What goes in is chosen per kind of event (a list of what is the person's
//! own), never per field left out: for a victim the report, the handling,
//! the aftercare, the aangifte and the damage of the case; for a
//! perpetrator the register entry, and per case its number, date,
//! category, status and the measures against them. Left out, always: who
//! the perpetrators are (for a victim), who the victim is and what the
//! report says (for a perpetrator: its free text may name the victim),
//! notes, online evidence (the sender's accounts), and everything
//! confidential (§7: security measures, risk checks). What a victim gets
//! of the report's free text has the names of the case's other people (its
//! perpetrators, the persons of its disturbance) replaced by
//! `[naam weggelaten]`.

use serde::Serialize;

use super::{Store, StoreError};
use crate::domain::access::{self, Role};
use crate::domain::event::{Event, EventBody};

/// The document written.
#[derive(Debug, Serialize)]
pub struct SubjectExport {
    pub format: &'static str,
    pub exported_at: String,
    /// The person as the request named them.
    pub subject: String,
    pub as_victim: Vec<VictimCase>,
    pub as_perpetrator: Vec<PerpetratorFile>,
    /// What was left out, in Dutch.
    pub left_out: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct VictimCase {
    pub case: String,
    pub occurred_at: String,
    pub category: String,
    pub status: String,
    pub victim_name: String,
    pub victim_role: String,
    pub events: Vec<SubjectEvent>,
    /// Events of this case not included (about others, or confidential).
    pub events_left_out: usize,
}

#[derive(Debug, Serialize)]
pub struct PerpetratorFile {
    pub id: u64,
    pub kind: String,
    pub description: String,
    pub name: String,
    pub registered_at: String,
    pub cases: Vec<PerpetratorCase>,
}

#[derive(Debug, Serialize)]
pub struct PerpetratorCase {
    pub case: String,
    pub occurred_at: String,
    pub category: String,
    pub status: String,
    /// Measures and the aangifte, as decided against this person.
    pub events: Vec<SubjectEvent>,
}

#[derive(Debug, Serialize)]
pub struct SubjectEvent {
    pub seq: u64,
    pub at: String,
    pub kind: String,
    pub summary: String,
}

/// Events that are the victim's own: the report and its handling.
fn victims_own(body: &EventBody) -> bool {
    !body.is_confidential()
        && matches!(
            body,
            EventBody::CaseOpened { .. }
                | EventBody::VictimRecorded { .. }
                | EventBody::Reclassified { .. }
                | EventBody::Informed { .. }
                | EventBody::AftercarePlanned { .. }
                | EventBody::AftercareHeld { .. }
                | EventBody::ConsentRecorded { .. }
                | EventBody::AangifteFiled { .. }
                | EventBody::OmInformed { .. }
                | EventBody::SeriousInjury { .. }
                | EventBody::ArbeidsinspectieNotified { .. }
                | EventBody::DamageRecorded { .. }
                | EventBody::CommunicationSet { .. }
                | EventBody::StatusChanged { .. }
        )
}

/// Events that concern the perpetrator as such: measures and the aangifte.
fn perpetrators_own(body: &EventBody) -> Option<String> {
    match body {
        // The note may name others: only what was decided.
        EventBody::MeasureRecorded {
            kind,
            decided_on,
            start,
            end,
            status,
            ..
        } => {
            let mut s = format!(
                "Maatregel: {} (besloten {})",
                kind.label(),
                decided_on.format("%d-%m-%Y")
            );
            if let Some(start) = start {
                s.push_str(&format!(", vanaf {}", start.format("%d-%m-%Y")));
            }
            if let Some(end) = end {
                s.push_str(&format!(", tot en met {}", end.format("%d-%m-%Y")));
            }
            s.push_str(&format!(", {}", status.label()));
            Some(s)
        }
        EventBody::MeasureStatusChanged { .. } | EventBody::AangifteFiled { .. } => {
            Some(body.summary())
        }
        _ => None,
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Lower case without the common accents, for matching a name as asked.
fn fold(w: &str) -> String {
    w.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ş' => 's',
            other => other,
        })
        .collect()
}

/// Particles of Dutch names, too common to take out of a text on their own.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ten", "ter", "te", "la", "le", "el", "al", "bin",
];

/// `text` with every word of `names` (folded, particles aside) replaced:
/// a run of such words becomes one `[naam weggelaten]`. The victim's own
/// report may name the perpetrator; a right of access hands over the
/// victim's data, not the perpetrator's.
fn scrub(text: &str, names: &[String]) -> String {
    let hide: Vec<String> = names
        .iter()
        .flat_map(|n| words(n))
        .filter(|w| w.chars().count() >= 2 && !PARTICLES.contains(&w.as_str()))
        .collect();
    if hide.is_empty() {
        return text.to_string();
    }
    // Words and what lies between them, in order.
    let mut tokens: Vec<(bool, String)> = Vec::new();
    for c in text.chars() {
        let is_word = c.is_alphanumeric();
        match tokens.last_mut() {
            Some((w, t)) if *w == is_word => t.push(c),
            _ => tokens.push((is_word, c.to_string())),
        }
    }
    let hidden = |t: &str| hide.contains(&fold(t));
    let particle = |t: &str| PARTICLES.contains(&fold(t).as_str());
    let spaces = |t: &str| t.chars().all(char::is_whitespace);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < tokens.len() {
        let (is_word, t) = &tokens[i];
        if !*is_word || !hidden(t) {
            out.push_str(t);
            i += 1;
            continue;
        }
        // A run: hidden words, and particles between them, joined by spaces.
        let mut end = i + 1;
        let mut j = i + 1;
        while j + 1 < tokens.len() && spaces(&tokens[j].1) {
            let next = &tokens[j + 1].1;
            if hidden(next) {
                end = j + 2;
                j += 2;
            } else if particle(next) {
                j += 2;
            } else {
                break;
            }
        }
        out.push_str("[naam weggelaten]");
        i = end;
    }
    out
}

fn item(e: &Event, summary: String) -> Result<SubjectEvent, StoreError> {
    Ok(SubjectEvent {
        seq: e.seq,
        at: crate::domain::time::local_string(&e.at),
        kind: e.body.to_parts()?.0,
        summary,
    })
}

impl Store {
    /// The names of the other people of a case: its perpetrators and the
    /// persons named in its disturbance.
    fn others_named(&self, case: u64, events: &[Event]) -> Result<Vec<String>, StoreError> {
        let mut names: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT p.name FROM case_perpetrators cp JOIN perpetrators p ON p.id = cp.perpetrator_id
                  WHERE cp.case_id = ?1 AND p.name <> ''",
            )?
            .query_map([case], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for e in events {
            match &e.body {
                EventBody::PersonAdded { who, .. } | EventBody::PersonDescribed { who, .. }
                    if !who.name.trim().is_empty() =>
                {
                    names.push(who.name.clone());
                }
                _ => {}
            }
        }
        Ok(names)
    }

    /// What the register holds about `subject`; for the privacy officer
    /// or the admin. Covers the whole register (not only the cases of the
    /// asker's route): a right of access is about the person, not about a
    /// route. Does not log: the command logs the export it writes.
    pub fn export_subject(&self, subject: &str) -> Result<SubjectExport, StoreError> {
        let roles = self.roles()?;
        if !access::may_read_access_log(&roles) && !access::is_admin(&roles) {
            return Err(StoreError::Refused(format!(
                "Geweigerd: een inzageverzoek wordt afgehandeld door de {} of de {}. Vraag de beheerder om die rol, of geef het verzoek aan hen door.",
                Role::Privacy.label(),
                Role::Beheerder.label()
            )));
        }
        let wanted = subject.trim();
        let by_id: Option<u64> = wanted
            .strip_prefix("veroorzaker:")
            .and_then(|n| n.trim().parse().ok());
        let wanted_words = words(wanted);
        if by_id.is_none() && wanted_words.is_empty() {
            return Err(StoreError::Refused(
                "Geweigerd: noem de persoon: een naam, of veroorzaker:NUMMER voor een veroorzaker uit het register.".into(),
            ));
        }
        let same_name = |name: &str| by_id.is_none() && words(name) == wanted_words;

        // As victim: every case whose victim has this name.
        let mut as_victim = Vec::new();
        if by_id.is_none() {
            let rows: Vec<(u64, String, String, String, String, String, String)> = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, number, occurred_at, category, status,
                            COALESCE(victim_name, ''), COALESCE(victim_role, '')
                       FROM cases WHERE victim_name IS NOT NULL ORDER BY occurred_utc, id",
                )?;
                stmt.query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?
            };
            for (id, number, occurred_at, category, status, name, role) in rows {
                if !same_name(&name) {
                    continue;
                }
                let events = super::events::case_events(&self.conn, id)?;
                let others = self.others_named(id, &events)?;
                let mut kept = Vec::new();
                for e in events.iter().filter(|e| victims_own(&e.body)) {
                    kept.push(item(e, scrub(&e.body.summary(), &others))?);
                }
                as_victim.push(VictimCase {
                    case: number,
                    occurred_at,
                    category,
                    status,
                    victim_name: name,
                    victim_role: role,
                    events_left_out: events.len() - kept.len(),
                    events: kept,
                });
            }
        }

        // As perpetrator: the register entries of this number or name.
        let mut as_perpetrator = Vec::new();
        let perps: Vec<(u64, String, String, String, String)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, kind, description, name, registered_at FROM perpetrators ORDER BY id",
            )?;
            stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<Vec<_>, _>>()?
        };
        for (id, kind, description, name, registered_at) in perps {
            if by_id != Some(id) && !same_name(&name) {
                continue;
            }
            let cases: Vec<(u64, String, String, String, String)> = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT c.id, c.number, c.occurred_at, c.category, c.status
                       FROM case_perpetrators cp JOIN cases c ON c.id = cp.case_id
                      WHERE cp.perpetrator_id = ?1 ORDER BY c.occurred_utc, c.id",
                )?;
                stmt.query_map([id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<Result<Vec<_>, _>>()?
            };
            let mut files = Vec::new();
            for (case, number, occurred_at, category, status) in cases {
                let mut kept = Vec::new();
                for e in super::events::case_events(&self.conn, case)? {
                    if let Some(summary) = perpetrators_own(&e.body) {
                        kept.push(item(&e, summary)?);
                    }
                }
                files.push(PerpetratorCase {
                    case: number,
                    occurred_at,
                    category,
                    status,
                    events: kept,
                });
            }
            as_perpetrator.push(PerpetratorFile {
                id,
                kind,
                description,
                name,
                registered_at,
                cases: files,
            });
        }

        Ok(SubjectExport {
            format: "raadsorde-inzage-1",
            exported_at: crate::domain::time::local_string(&crate::domain::time::now()),
            subject: wanted.to_string(),
            as_victim,
            as_perpetrator,
            left_out: vec![
                "Gegevens van anderen: bij een zaak als slachtoffer wie de veroorzakers zijn, notities en online bewijs (accounts van afzenders); bij een zaak als veroorzaker wie het slachtoffer is en de beschrijving van het voorval (die kan het slachtoffer noemen).".into(),
                "Vertrouwelijke gegevens (§7): beveiligingsmaatregelen en risico-inschattingen.".into(),
                "Vraag de griffie om een geschoonde beschrijving van het voorval als u die wilt inzien.".into(),
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn the_other_peoples_names_are_taken_out_of_free_text() {
        let names = ["Henk van der Windmolen".to_string(), "Özlem".to_string()];
        assert_eq!(
            scrub("Mail van Henk van der Windmolen over de windmolens", &names),
            "Mail van [naam weggelaten] over de windmolens"
        );
        assert_eq!(
            scrub("ozlem belde, daarna WINDMOLEN. De rest niet", &names),
            "[naam weggelaten] belde, daarna [naam weggelaten]. De rest niet"
        );
        assert_eq!(scrub("niets te verbergen", &names), "niets te verbergen");
        assert_eq!(
            scrub("Henk, Windmolen", &names),
            "[naam weggelaten], [naam weggelaten]"
        );
        assert_eq!(scrub("tekst", &[]), "tekst");
    }
}
