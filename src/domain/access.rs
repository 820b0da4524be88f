//! Who may see which case: the roles, the one visibility rule, and what the
//! access log records. Pure: no terminal, no SQL. The store keeps the same
//! rule in SQL (a bitmask per case, `cases.visible`, from [`route_mask`]);
//! a storage test checks the two agree.
//!
//! The rule, in one sentence: a role sees a case when its recipient is on
//! the case's reporting route of §6.1 ([`crate::domain::casefile::route`]).
//! - griffie: the griffier on the route (raadsleden, fractievolgers; and the
//!   burgemeester's cases, where the gemeentesecretaris informs the griffier);
//! - kabinet (the burgemeester's office): the burgemeester on the route
//!   (raadsleden, fractievolgers, wethouders);
//! - gemeentesecretaris / P&O: the gemeentesecretaris, the aangewezen
//!   ambtenaar or the leidinggevende on the route (wethouders, the
//!   burgemeester, ambtenaren).
//!
//! A case whose victim is not known yet (a disturbance from the live console
//! of a council meeting) is on the griffie's route: the griffie runs the
//! meeting's minutes. The voorzittersassistent (chair's aide) who logged it
//! sees it too, until it is handed over (`case-handed-over`); the aide sees
//! no other case. The privacy officer sees the access log and no case
//! content; the beheerder (admin) assigns roles and may make the full audit
//! export, and sees no case content through the browser by that role alone.
//!
//! Whatever the role: a case where the viewer is linked (an explicit
//! `identity-linked` event, never a comparison of names) as the victim or as
//! a named perpetrator is hidden from that viewer.

use serde::{Deserialize, Serialize};

use crate::domain::case::{Recipient, VictimRole};
use crate::domain::casefile::route;

/// A role an identity may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The griffie: reports of raadsleden and fractievolgers.
    Griffie,
    /// The gemeentesecretaris and P&O: wethouders, the burgemeester.
    Secretaris,
    /// The burgemeester's office (kabinet).
    Kabinet,
    /// The chair's aide: the live console, and the cases it logged until
    /// they are handed over.
    Voorzittersassistent,
    /// The privacy officer: the access log, no case content.
    Privacy,
    /// The admin: roles, retention, the full audit export.
    Beheerder,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Griffie,
        Role::Secretaris,
        Role::Kabinet,
        Role::Voorzittersassistent,
        Role::Privacy,
        Role::Beheerder,
    ];

    /// The Dutch label in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Griffie => "griffie",
            Role::Secretaris => "gemeentesecretaris/P&O",
            Role::Kabinet => "kabinet burgemeester",
            Role::Voorzittersassistent => "voorzittersassistent",
            Role::Privacy => "privacyfunctionaris",
            Role::Beheerder => "beheerder",
        }
    }

    /// A short column heading (at most 8 characters).
    pub fn short(self) -> &'static str {
        match self {
            Role::Griffie => "griffie",
            Role::Secretaris => "gemsecr",
            Role::Kabinet => "kabinet",
            Role::Voorzittersassistent => "vz-ass",
            Role::Privacy => "privacy",
            Role::Beheerder => "beheer",
        }
    }

    /// The stored (kebab-case) name.
    pub fn key(self) -> &'static str {
        match self {
            Role::Griffie => "griffie",
            Role::Secretaris => "secretaris",
            Role::Kabinet => "kabinet",
            Role::Voorzittersassistent => "voorzittersassistent",
            Role::Privacy => "privacy",
            Role::Beheerder => "beheerder",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// This role's bit in a case's route mask: only the three roles that
    /// receive reports have one.
    pub fn route_bit(self) -> u8 {
        match self {
            Role::Griffie => GRIFFIE,
            Role::Secretaris => SECRETARIS,
            Role::Kabinet => KABINET,
            Role::Voorzittersassistent | Role::Privacy | Role::Beheerder => 0,
        }
    }
}

/// Route-mask bits.
pub const GRIFFIE: u8 = 1;
pub const SECRETARIS: u8 = 2;
pub const KABINET: u8 = 4;
/// Every route bit.
pub const ALL_ROUTE_BITS: u8 = GRIFFIE | SECRETARIS | KABINET;

/// The role that reads the reports of a recipient of §6.1.
pub fn role_of(recipient: Recipient) -> Role {
    match recipient {
        Recipient::Griffier => Role::Griffie,
        // The burgemeester's office informs the Commissaris van de Koning.
        Recipient::Burgemeester | Recipient::CommissarisVanDeKoning => Role::Kabinet,
        Recipient::Gemeentesecretaris
        | Recipient::AangewezenAmbtenaar
        | Recipient::Leidinggevende => Role::Secretaris,
    }
}

/// The roles that see a case with this victim role, as bits: the route of
/// §6.1. A victim not yet known (a live case): the griffie.
pub fn route_mask(victim: Option<VictimRole>) -> u8 {
    match victim {
        None => GRIFFIE,
        Some(role) => route(role)
            .recipients()
            .map(|r| role_of(r).route_bit())
            .fold(0, |m, b| m | b),
    }
}

/// The route bits of a set of roles.
pub fn roles_mask(roles: &[Role]) -> u8 {
    roles.iter().fold(0, |m, r| m | r.route_bit())
}

/// Every mask value (of the 8) that shares a bit with `viewer`: what a
/// `cases.visible IN (…)` clause lists, so that an index serves it.
pub fn masks_seen_by(viewer: u8) -> Vec<u8> {
    (1..=ALL_ROUTE_BITS).filter(|m| m & viewer != 0).collect()
}

/// What the rule needs to know about one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub victim_role: Option<VictimRole>,
    /// The identity that logged it in the live console, if it came from there.
    pub opened_by: Option<String>,
    /// Handed over by the chair's aide (`case-handed-over`).
    pub handed_over: bool,
    /// The viewer is linked to the case as its victim or a named perpetrator.
    pub viewer_is_party: bool,
}

/// Why a viewer may not see a case: Dutch, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// The viewer is the victim or a named perpetrator of the case.
    Party,
    /// No role of the viewer is on the case's route.
    NotOnRoute,
}

impl std::fmt::Display for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Hidden::Party => f.write_str(
                "U bent in deze zaak slachtoffer of veroorzaker; daarom kunt u haar niet inzien. Vraag de griffier of de privacyfunctionaris als u wilt weten wat over u is vastgelegd (raadsorde export --subject)",
            ),
            Hidden::NotOnRoute => f.write_str(
                "Deze zaak hoort niet bij uw rol (de meldroute van §6.1 gaat niet langs u). Vraag de beheerder om een rol als u haar moet behandelen",
            ),
        }
    }
}

/// The one rule: whether a viewer with these roles and this identity may
/// see a case.
pub fn may_see(identity: &str, roles: &[Role], case: &CaseFacts) -> Result<(), Hidden> {
    if case.viewer_is_party {
        return Err(Hidden::Party);
    }
    if roles_mask(roles) & route_mask(case.victim_role) != 0 {
        return Ok(());
    }
    let own_live_case = roles.contains(&Role::Voorzittersassistent)
        && !case.handed_over
        && case.opened_by.as_deref() == Some(identity);
    if own_live_case {
        return Ok(());
    }
    Err(Hidden::NotOnRoute)
}

/// Whether the roles may read the access log.
pub fn may_read_access_log(roles: &[Role]) -> bool {
    roles.contains(&Role::Privacy)
}

/// Whether the roles may grant and revoke roles and make the full export.
pub fn is_admin(roles: &[Role]) -> bool {
    roles.contains(&Role::Beheerder)
}

/// What a grant or revocation must satisfy, checked in the write
/// transaction: `by` holds `by_roles`; `admins` is how many identities hold
/// the admin role now (before the change).
pub fn permits_assignment(
    by_roles: &[Role],
    change: &Assignment,
    admins: usize,
    target_roles: &[Role],
) -> Result<(), String> {
    if !is_admin(by_roles) {
        return Err(
            "Alleen een beheerder mag rollen toekennen of intrekken. Vraag de beheerder van raadsorde".into(),
        );
    }
    match change {
        Assignment::Grant(role) if target_roles.contains(role) => Err(format!(
            "Deze gebruiker heeft de rol {} al",
            role.label()
        )),
        Assignment::Revoke(role) if !target_roles.contains(role) => Err(format!(
            "Deze gebruiker heeft de rol {} niet",
            role.label()
        )),
        Assignment::Revoke(Role::Beheerder) if admins <= 1 => Err(
            "De laatste beheerder kan zijn rol niet kwijt: ken eerst iemand anders de rol beheerder toe"
                .into(),
        ),
        _ => Ok(()),
    }
}

/// A change to one identity's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    Grant(Role),
    Revoke(Role),
}

/// What an identity is linked to, in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "as", rename_all = "kebab-case")]
pub enum PersonLink {
    /// The victim of this case.
    Victim { case: u64 },
    /// This registered perpetrator (every case it is linked to).
    Perpetrator { perpetrator: u64 },
}

/// What was looked at or taken out, for the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessKind {
    /// A case file opened on screen.
    CaseOpened,
    /// The full audit export (`export --json`).
    ExportFull,
    /// The export for one person's right of access (`export --subject`).
    ExportSubject,
    /// A report or dossier of one case.
    Dossier,
    /// A (yearly) report over many cases.
    Report,
    /// A backup of the whole register (`raadsorde backup`).
    Backup,
    /// A backup removed by `purge --apply` after its retention term.
    BackupRemoved,
    /// The CSV export of the cases the identity may see.
    ExportCsv,
}

impl AccessKind {
    pub fn label(self) -> &'static str {
        match self {
            AccessKind::CaseOpened => "zaak geopend",
            AccessKind::ExportFull => "volledige export",
            AccessKind::ExportSubject => "inzageverzoek (export over één persoon)",
            AccessKind::Dossier => "dossier",
            AccessKind::Report => "rapportage",
            AccessKind::Backup => "reservekopie van het hele register",
            AccessKind::BackupRemoved => "reservekopie verwijderd na de bewaartermijn",
            AccessKind::ExportCsv => "CSV-export (de zaken die de gebruiker mag zien)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(victim: Option<VictimRole>) -> CaseFacts {
        CaseFacts {
            victim_role: victim,
            opened_by: None,
            handed_over: false,
            viewer_is_party: false,
        }
    }

    fn sees(roles: &[Role], victim: Option<VictimRole>) -> bool {
        may_see("jan", roles, &facts(victim)).is_ok()
    }

    #[test]
    fn the_griffie_sees_council_members_group_assistants_and_the_mayor() {
        let g = [Role::Griffie];
        assert!(sees(&g, Some(VictimRole::Raadslid)));
        assert!(sees(&g, Some(VictimRole::Fractievolger)));
        // Mayor: the gemeentesecretaris informs the griffier.
        assert!(sees(&g, Some(VictimRole::Burgemeester)));
        assert!(!sees(&g, Some(VictimRole::Wethouder)));
        assert!(!sees(&g, Some(VictimRole::Ambtenaar)));
    }

    #[test]
    fn the_kabinet_sees_council_members_and_aldermen() {
        let k = [Role::Kabinet];
        assert!(sees(&k, Some(VictimRole::Raadslid)));
        assert!(sees(&k, Some(VictimRole::Fractievolger)));
        assert!(sees(&k, Some(VictimRole::Wethouder)));
        // The mayor's own route does not pass the mayor's office.
        assert!(!sees(&k, Some(VictimRole::Burgemeester)));
        assert!(!sees(&k, Some(VictimRole::Ambtenaar)));
        assert!(!sees(&k, None));
    }

    #[test]
    fn the_secretary_sees_aldermen_the_mayor_and_civil_servants() {
        let s = [Role::Secretaris];
        assert!(sees(&s, Some(VictimRole::Wethouder)));
        assert!(sees(&s, Some(VictimRole::Burgemeester)));
        assert!(sees(&s, Some(VictimRole::Ambtenaar)));
        assert!(!sees(&s, Some(VictimRole::Raadslid)));
        assert!(!sees(&s, Some(VictimRole::Fractievolger)));
        assert!(!sees(&s, None));
    }

    #[test]
    fn a_case_without_a_victim_yet_is_the_griffies() {
        assert!(sees(&[Role::Griffie], None));
        assert_eq!(route_mask(None), GRIFFIE);
    }

    #[test]
    fn the_privacy_officer_and_the_admin_see_no_case_content() {
        for victim in VictimRole::ALL.iter().copied().map(Some).chain([None]) {
            assert!(!sees(&[Role::Privacy], victim), "{victim:?}");
            assert!(!sees(&[Role::Beheerder], victim), "{victim:?}");
        }
        assert!(may_read_access_log(&[Role::Privacy]));
        assert!(!may_read_access_log(&[Role::Beheerder, Role::Griffie]));
        assert!(is_admin(&[Role::Beheerder]));
        assert!(!is_admin(&[Role::Privacy]));
    }

    #[test]
    fn the_chairs_aide_sees_only_its_own_cases_until_handed_over() {
        let aide = [Role::Voorzittersassistent];
        let mut own = facts(None);
        own.opened_by = Some("jan".into());
        assert!(may_see("jan", &aide, &own).is_ok());
        // Someone else's live case.
        assert_eq!(may_see("piet", &aide, &own), Err(Hidden::NotOnRoute));
        // Its own case, once the victim is known, still until hand-over.
        own.victim_role = Some(VictimRole::Wethouder);
        assert!(may_see("jan", &aide, &own).is_ok());
        own.handed_over = true;
        assert_eq!(may_see("jan", &aide, &own), Err(Hidden::NotOnRoute));
        // An intake case (no creator in the console).
        assert!(!sees(&aide, Some(VictimRole::Raadslid)));
    }

    #[test]
    fn a_party_to_the_case_never_sees_it_whatever_the_role() {
        let all = Role::ALL;
        for victim in VictimRole::ALL.iter().copied().map(Some).chain([None]) {
            let mut f = facts(victim);
            f.opened_by = Some("jan".into());
            assert!(may_see("jan", &all, &f).is_ok());
            f.viewer_is_party = true;
            assert_eq!(may_see("jan", &all, &f), Err(Hidden::Party));
        }
    }

    #[test]
    fn every_role_together_sees_every_case() {
        for victim in VictimRole::ALL.iter().copied().map(Some).chain([None]) {
            assert!(sees(&Role::ALL, victim), "{victim:?}");
        }
        assert_eq!(roles_mask(&Role::ALL), ALL_ROUTE_BITS);
    }

    #[test]
    fn the_route_masks_follow_the_route_table() {
        assert_eq!(route_mask(Some(VictimRole::Raadslid)), GRIFFIE | KABINET);
        assert_eq!(
            route_mask(Some(VictimRole::Fractievolger)),
            GRIFFIE | KABINET
        );
        assert_eq!(
            route_mask(Some(VictimRole::Wethouder)),
            KABINET | SECRETARIS
        );
        assert_eq!(
            route_mask(Some(VictimRole::Burgemeester)),
            SECRETARIS | GRIFFIE
        );
        assert_eq!(route_mask(Some(VictimRole::Ambtenaar)), SECRETARIS);
    }

    #[test]
    fn the_masks_seen_share_a_bit_with_the_viewer() {
        assert_eq!(masks_seen_by(GRIFFIE), vec![1, 3, 5, 7]);
        assert_eq!(masks_seen_by(0), Vec::<u8>::new());
        assert_eq!(masks_seen_by(ALL_ROUTE_BITS).len(), 7);
    }

    #[test]
    fn only_an_admin_assigns_and_the_last_admin_stays() {
        let grant = Assignment::Grant(Role::Griffie);
        assert!(permits_assignment(&[Role::Griffie], &grant, 1, &[]).is_err());
        assert!(permits_assignment(&[Role::Beheerder], &grant, 1, &[]).is_ok());
        assert!(
            permits_assignment(&[Role::Beheerder], &grant, 1, &[Role::Griffie])
                .unwrap_err()
                .contains("al")
        );
        let revoke_admin = Assignment::Revoke(Role::Beheerder);
        let err = permits_assignment(&[Role::Beheerder], &revoke_admin, 1, &[Role::Beheerder])
            .unwrap_err();
        assert!(err.contains("laatste beheerder"), "{err}");
        assert!(
            permits_assignment(&[Role::Beheerder], &revoke_admin, 2, &[Role::Beheerder]).is_ok()
        );
        assert!(
            permits_assignment(
                &[Role::Beheerder],
                &Assignment::Revoke(Role::Privacy),
                2,
                &[]
            )
            .is_err()
        );
    }

    #[test]
    fn roles_are_stored_by_key() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
            let json = serde_json::to_value(role).unwrap();
            assert_eq!(json, serde_json::Value::String(role.key().into()));
            assert!(role.short().chars().count() <= 8);
        }
    }
}
