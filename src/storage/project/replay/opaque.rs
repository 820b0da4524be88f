//! What a rebuild could not derive from the events: the meetings, cases,
//! columns, search texts and links an unreadable event may have changed.

use std::collections::{BTreeMap, BTreeSet};

/// What the rebuild could not derive from the events.
#[derive(Debug, Default)]
pub(in crate::storage) struct Opaque {
    pub meetings: BTreeSet<u64>,
    /// Cases whose every column is unknown (their opening is unreadable).
    pub cases: BTreeSet<u64>,
    /// Columns of a case that an unreadable event may have changed.
    pub case_columns: BTreeMap<u64, BTreeSet<&'static str>>,
    /// Cases whose search text is unknown.
    pub case_text: BTreeSet<u64>,
    /// Cases whose links to perpetrators are unknown.
    pub case_links: BTreeSet<u64>,
    pub perpetrators: BTreeSet<u64>,
    /// An unreadable role, link or access event: the tables of who may see
    /// what are not compared.
    pub access: bool,
}

impl Opaque {
    /// Whether a column of a case is unknown.
    pub(in crate::storage) fn case_column(&self, case: u64, column: &str) -> bool {
        self.cases.contains(&case)
            || self
                .case_columns
                .get(&case)
                .is_some_and(|c| c.contains(column))
    }

    pub(super) fn whole_case(&mut self, case: u64) {
        self.cases.insert(case);
        self.case_text.insert(case);
        self.case_links.insert(case);
    }
}

/// The case columns an event of `kind` changes (besides `updated_at`, which
/// comes from its header, and the next step, unknown for any unreadable
/// event); `None` for kinds that make or may remake the whole case.
pub(super) fn case_columns_of(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "disturbance-started" | "case-opened" => None,
        "disturbance-ended" | "status-changed" => Some(&["status"]),
        "victim-recorded" => Some(&["victim_role", "victim_name", "visible"]),
        "case-handed-over" => Some(&["handed_over"]),
        "reclassified" | "disturbance-described" => Some(&["category"]),
        _ if KNOWN_KINDS.contains(&kind) => Some(&[]),
        _ => None,
    }
}

/// Every kind this program writes, for [`case_columns_of`]: an unknown kind
/// (a damaged header) may have done anything to its case.
pub(super) const KNOWN_KINDS: &[&str] = &[
    "meeting-started",
    "meeting-ended",
    "disturbance-started",
    "disturbance-ended",
    "disturbance-described",
    "person-added",
    "person-described",
    "conversation-ended",
    "stream-controlled",
    "alarm-run",
    "risk-check-recorded",
    "suspended",
    "resumed",
    "demand",
    "left-voluntarily",
    "livestream-stopped",
    "livestream-resumed",
    "intervention-team-called",
    "police-called",
    "police-arrived",
    "removed-by-police",
    "physical-protection",
    "aangifte-decision",
    "note",
    "correction",
    "case-opened",
    "victim-recorded",
    "reclassified",
    "informed",
    "evidence-added",
    "perpetrator-registered",
    "perpetrator-linked",
    "measure-recorded",
    "measure-status-changed",
    "aftercare-planned",
    "aftercare-held",
    "consent-recorded",
    "aangifte-filed",
    "om-informed",
    "serious-injury",
    "arbeidsinspectie-notified",
    "damage-recorded",
    "communication-set",
    "security-measures-noted",
    "status-changed",
    "payload-purged",
    "schema-restored",
    "chain-upgraded",
    "restored",
    "role-granted",
    "role-revoked",
    "identity-linked",
    "case-handed-over",
    "access-logged",
];
