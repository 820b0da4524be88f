//! The dossier as Markdown: the same sections as the PDF, free text made
//! inert.

use super::{Dossier, yes};

impl Dossier {
    /// The dossier as Markdown: the same sections as the PDF.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let mut line = |t: &str| {
            s.push_str(t);
            s.push('\n');
        };
        line(&format!("# {} — {}", md(&self.title), self.marking));
        line("");
        line(&format!(
            "Gemeente {} · opgemaakt {} door {}",
            md(&self.municipality),
            self.made_at,
            md(&self.made_by)
        ));
        line("");
        line("## 1. Wie");
        line("");
        if self.wie.parties.is_empty() {
            line("Niet vastgelegd.");
        }
        for p in &self.wie.parties {
            let name = if p.name.is_empty() {
                "naam onbekend"
            } else {
                &p.name
            };
            line(&format!(
                "- **{}**: {} ({})",
                md(&p.role),
                md(name),
                md(&p.details)
            ));
        }
        line("");
        line("## 2. Wat");
        line("");
        line(&format!(
            "- Categorie: {} ({})",
            md(&self.wat.category),
            md(&self.wat.norm)
        ));
        line(&format!(
            "- Omschrijving: {}",
            md(or_none(&self.wat.description))
        ));
        for r in &self.wat.reclassified {
            line(&format!("- Eerder ingedeeld, gewijzigd {}", md(r)));
        }
        line("");
        line("## 3. Waar");
        line("");
        line(&format!("- Plaats: {}", md(or_none(&self.waar.place))));
        if !self.waar.meeting.is_empty() {
            line(&format!("- Tijdens: {}", md(&self.waar.meeting)));
        }
        line("");
        line("## 4. Waarmee");
        line("");
        if self.waarmee.is_empty() {
            line("Niet vastgelegd.");
        }
        for w in &self.waarmee {
            line(&format!("- {}", md(w)));
        }
        line("");
        line("## 5. Op welke wijze");
        line("");
        for w in &self.wijze {
            line(&format!("- {}", md(w)));
        }
        line("");
        line("## 6. Wanneer");
        line("");
        line(&format!("- Gebeurd: {}", self.wanneer.occurred_at));
        line(&format!("- Vastgelegd: {}", self.wanneer.logged_at));
        line(&format!("- Melding: {}", md(&self.wanneer.channel)));
        line("");
        line("## 7. Waarom");
        line("");
        for w in &self.waarom {
            line(&format!("- {}", md(w)));
        }
        line("");
        line("## Tijdlijn");
        line("");
        line("| Tijd | Nr. | Gebeurtenis |");
        line("|---|---:|---|");
        for r in &self.timeline {
            let mut text = md(&r.text);
            if r.meeting_step {
                text.push_str(" (vergadering)");
            }
            if !r.corrected.is_empty() {
                text = format!("~~{text}~~ (gecorrigeerd: {})", md(&r.corrected));
            }
            line(&format!("| {} | {} | {} |", r.at, r.seq, text));
        }
        line("");
        line("## Online bewijs");
        line("");
        if self.evidence.is_empty() {
            line("Geen.");
        }
        for e in &self.evidence {
            line(&format!(
                "- {} ({}), bericht {}; gemeld bij het platform: {}; norm gecommuniceerd: {}",
                md(&e.platform),
                md(&e.account),
                if e.message_at.is_empty() {
                    "tijd onbekend"
                } else {
                    &e.message_at
                },
                yes(e.reported_to_platform),
                yes(e.norm_communicated)
            ));
            for u in &e.urls {
                line(&format!("  - <{}>", u.replace(['<', '>'], "")));
            }
            if !e.file.is_empty() {
                line(&format!("  - Bestand: {}", md(&e.file)));
            }
            if !e.sha256.is_empty() {
                line(&format!("  - SHA-256: `{}`", e.sha256.replace('`', "")));
            }
        }
        line("");
        line("## Aangifte");
        line("");
        line(&format!("- {}", md(&self.aangifte.vpt)));
        line(&format!("- Domicilie: {}", md(&self.aangifte.domicile)));
        for l in &self.aangifte.lines {
            line(&format!("- {}", md(l)));
        }
        line("");
        line("## Maatregelen");
        line("");
        if self.measures.is_empty() {
            line("Geen.");
        }
        for m in &self.measures {
            line(&format!("- {}", md(m)));
        }
        line("");
        line("## Schade");
        line("");
        if self.damages.is_empty() {
            line("Geen.");
        } else {
            line("| Omschrijving | Bedrag | Betaald aan slachtoffer | Verhaald |");
            line("|---|---:|---:|---:|");
            for d in &self.damages {
                line(&format!(
                    "| {} | {} | {} | {} |",
                    md(&d.description),
                    d.amount,
                    d.paid_to_victim,
                    d.recovered
                ));
            }
            line(&format!("| **Totaal** | {} | | |", self.damage_total));
        }
        line("");
        line("## Bewijsketen");
        line("");
        line(&format!(
            "- Kop van de keten: gebeurtenis {}, hash `{}`",
            self.chain.head_seq, self.chain.head_hash
        ));
        line(&format!(
            "- Deze zaak: gebeurtenissen {} tot en met {} ({} in totaal)",
            self.chain.first_seq, self.chain.last_seq, self.chain.events
        ));
        line(&format!("- {}", md(&self.chain.instruction)));
        line("");
        line("## Weggelaten");
        line("");
        for l in &self.left_out {
            line(&format!("- {}", md(l)));
        }
        s
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "niet vastgelegd" } else { s }
}

/// Free text made inert in Markdown: the characters that would start
/// markup are escaped, line breaks become spaces (a table row stays one).
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
