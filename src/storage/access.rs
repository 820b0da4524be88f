//! Who may see which case, on the store's side (the rule itself is the pure
//! core's, `domain::access`): the checks of role, link, hand-over and access
//! events in the write transaction; the identity a store acts for and the
//! SQL clause every read of the register adds for it; the access log
//! (`access/log.rs`).
//!
//! A store opened with [`Store::open`] reads everything (what `verify`, the
//! tests and the program's own bookkeeping need); the program and the
//! command line call [`Store::act_as`] with the operating-system account
//! before they show or export anything, and from then on every read path
//! (list, count, search, filters, a case's events, the perpetrator register
//! and its cases, exports) shows only what that identity may see.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};
use crate::domain::access::{
    self, ALL_ROUTE_BITS, AccessKind, Assignment, CaseFacts, PersonLink, Role,
};
use crate::domain::case::VictimRole;
use crate::domain::event::{Event, EventBody, NewEvent};

mod log;

pub use log::{AccessFilter, AccessLogView, AccessRow};

/// Who did it, for events the program writes for itself.
pub const SYSTEM: &str = "raadsorde";

/// The roles an identity holds, from the projection.
pub(super) fn roles_of(conn: &Connection, identity: &str) -> Result<Vec<Role>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT role FROM identity_roles WHERE identity = ?1 ORDER BY role")?;
    let keys = stmt
        .query_map([identity], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut roles: Vec<Role> = keys.iter().filter_map(|k| Role::from_key(k)).collect();
    roles.sort();
    Ok(roles)
}

fn any_roles(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM identity_roles LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

fn admins(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM identity_roles WHERE role = 'beheerder'")?
        .query_row([], |r| r.get::<_, i64>(0))? as usize)
}

/// An identity as given: trimmed, without control characters, not empty.
fn valid_identity(identity: &str) -> Result<(), String> {
    if identity.trim().is_empty() || identity.trim() != identity {
        return Err("de gebruikersnaam is leeg of begint of eindigt met een spatie".into());
    }
    if identity.chars().any(char::is_control) || identity.chars().count() > 80 {
        return Err("de gebruikersnaam bevat stuurtekens of is langer dan 80 tekens".into());
    }
    Ok(())
}

/// The facts of one case for [`access::may_see`], as seen by `identity`;
/// `None` when the case does not exist.
/// [`Store::check_visible`] on `conn` (inside a write transaction too).
pub(super) fn check_visible_on(
    conn: &Connection,
    viewer: Option<&str>,
    case: u64,
) -> Result<(), StoreError> {
    let Some(identity) = viewer else {
        return Ok(());
    };
    let roles = roles_of(conn, identity)?;
    match case_facts(conn, case, identity)? {
        None => Err(StoreError::Refused(format!(
            "Geweigerd: zaak #{case} bestaat niet."
        ))),
        Some(facts) => access::may_see(identity, &roles, &facts)
            .map_err(|h| StoreError::Refused(format!("Geweigerd: {h}."))),
    }
}

pub(super) fn case_facts(
    conn: &Connection,
    case: u64,
    identity: &str,
) -> Result<Option<CaseFacts>, StoreError> {
    let row: Option<(Option<String>, Option<String>, bool)> = conn
        .prepare_cached("SELECT victim_role, opened_by, handed_over FROM cases WHERE id = ?1")?
        .query_row([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((role, opened_by, handed_over)) = row else {
        return Ok(None);
    };
    let victim_role: Option<VictimRole> =
        role.and_then(|k| serde_json::from_value(serde_json::Value::String(k)).ok());
    let party: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 WHERE ?1 IN ({PARTY_CASES}))"
        ))?
        .query_row(params![case, identity], |r| r.get(0))?;
    Ok(Some(CaseFacts {
        victim_role,
        opened_by,
        handed_over,
        viewer_is_party: party,
    }))
}

/// The cases `?2` (an identity) is a party to: linked as their victim, or
/// linked to a perpetrator linked to them.
const PARTY_CASES: &str =
    "SELECT target FROM identity_links WHERE identity = ?2 AND kind = 'victim'
     UNION SELECT cp.case_id FROM identity_links l
            JOIN case_perpetrators cp ON cp.perpetrator_id = l.target
           WHERE l.identity = ?2 AND l.kind = 'perpetrator'";

/// Checks a role, link, hand-over or access event inside its write
/// transaction. The refusal is Dutch and says what to do.
pub(super) fn check(tx: &Connection, new: &mut NewEvent) -> Result<(), String> {
    let db = |e: StoreError| e.to_string();
    match &new.body {
        EventBody::RoleGranted { identity, role, by }
        | EventBody::RoleRevoked { identity, role, by } => {
            valid_identity(identity)?;
            let grant = matches!(new.body, EventBody::RoleGranted { .. });
            if !any_roles(tx).map_err(db)? {
                // A register without roles: the first identity to open it
                // takes them, itself.
                return if grant && by == identity {
                    Ok(())
                } else {
                    Err("er zijn nog geen rollen toegekend; wie het register als eerste opent krijgt alle rollen".into())
                };
            }
            let change = if grant {
                Assignment::Grant(*role)
            } else {
                Assignment::Revoke(*role)
            };
            access::permits_assignment(
                &roles_of(tx, by).map_err(db)?,
                &change,
                admins(tx).map_err(db)?,
                &roles_of(tx, identity).map_err(db)?,
            )
        }
        EventBody::IdentityLinked { identity, link, by } => {
            valid_identity(identity)?;
            if !access::is_admin(&roles_of(tx, by).map_err(db)?) {
                return Err("Alleen een beheerder mag een gebruiker aan een persoon in het register koppelen. Vraag de beheerder van raadsorde".into());
            }
            let (kind, target, exists_sql, what) = match link {
                PersonLink::Victim { case } => (
                    "victim",
                    *case,
                    "SELECT 1 FROM cases WHERE id = ?1",
                    format!("zaak #{case} bestaat niet"),
                ),
                PersonLink::Perpetrator { perpetrator } => (
                    "perpetrator",
                    *perpetrator,
                    "SELECT 1 FROM perpetrators WHERE id = ?1",
                    format!("veroorzaker {perpetrator} staat niet in het register"),
                ),
            };
            let exists = tx
                .prepare_cached(exists_sql)
                .and_then(|mut s| s.query_row([target], |_| Ok(())).optional())
                .map_err(|e| StoreError::from(e).to_string())?
                .is_some();
            if !exists {
                return Err(what);
            }
            let linked = tx
                .prepare_cached(
                    "SELECT 1 FROM identity_links WHERE identity = ?1 AND kind = ?2 AND target = ?3",
                )
                .and_then(|mut s| s.query_row(params![identity, kind, target], |_| Ok(())).optional())
                .map_err(|e| StoreError::from(e).to_string())?
                .is_some();
            if linked {
                return Err(format!("{identity} is hier al aan gekoppeld"));
            }
            Ok(())
        }
        EventBody::CaseHandedOver { by } => {
            let Some(case) = new.case_id else {
                return Err("een overdracht moet zeggen welke zaak wordt overgedragen".into());
            };
            let row: Option<(String, bool)> = tx
                .prepare_cached("SELECT origin, handed_over FROM cases WHERE id = ?1")
                .and_then(|mut s| {
                    s.query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                })
                .map_err(|e| StoreError::from(e).to_string())?;
            match row {
                None => Err(format!("zaak #{case} bestaat niet")),
                Some((origin, _)) if origin != "live" => Err(
                    "alleen een zaak uit de live console wordt overgedragen; deze zaak is al bij wie haar volgens de meldroute behandelen".into(),
                ),
                Some((_, true)) => Err("deze zaak is al overgedragen".into()),
                Some(_) => {
                    let facts = case_facts(tx, case, by).map_err(db)?;
                    let roles = roles_of(tx, by).map_err(db)?;
                    match facts {
                        Some(f) if access::may_see(by, &roles, &f).is_ok() => Ok(()),
                        _ => Err(format!(
                            "{by} kan deze zaak niet zien en haar dus niet overdragen"
                        )),
                    }
                }
            }
        }
        EventBody::AccessLogged { identity, case, .. } => {
            valid_identity(identity)?;
            if let Some(case) = case {
                let exists = tx
                    .prepare_cached("SELECT 1 FROM cases WHERE id = ?1")
                    .and_then(|mut s| s.query_row([case], |_| Ok(())).optional())
                    .map_err(|e| StoreError::from(e).to_string())?
                    .is_some();
                if !exists {
                    return Err(format!("zaak #{case} bestaat niet"));
                }
            }
            // Not a case event: it must not change the case it names.
            new.case_id = None;
            new.meeting_id = None;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// What the reads of a restricted store add to their WHERE clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Visibility {
    pub identity: String,
    /// The route bits of the viewer's roles.
    pub mask: u8,
    /// The viewer is the chair's aide: its own live cases until handed over.
    pub aide: bool,
    /// The viewer is linked to a person in the register.
    pub party: bool,
}

impl Visibility {
    /// Whether the viewer can see no case at all.
    pub fn sees_nothing(&self) -> bool {
        self.mask == 0 && !self.aide
    }

    /// The route clause, if one is needed: `None` when every route is
    /// the viewer's.
    pub fn route_sql(&self) -> Option<&'static str> {
        match (self.mask, self.aide) {
            (ALL_ROUTE_BITS, _) => None,
            (0, _) => Some("(c.opened_by = :me AND c.handed_over = 0)"),
            (_, false) => Some("c.visible IN (:v1, :v2, :v3, :v4, :v5, :v6, :v7)"),
            (_, true) => Some(
                "(c.visible IN (:v1, :v2, :v3, :v4, :v5, :v6, :v7) OR (c.opened_by = :me AND c.handed_over = 0))",
            ),
        }
    }

    /// The values of `:v1` … `:v7`: the masks that share a bit with the
    /// viewer's, padded with 0 (no case has mask 0).
    pub fn mask_values(&self) -> [i64; 7] {
        let mut out = [0i64; 7];
        for (slot, m) in out.iter_mut().zip(access::masks_seen_by(self.mask)) {
            *slot = i64::from(m);
        }
        out
    }

    /// Whether the clauses use `:me`.
    pub fn uses_me(&self) -> bool {
        self.party || (self.aide && self.mask != ALL_ROUTE_BITS)
    }

    /// The values the route clause and the party clause bind: `:v1` …
    /// `:v7` when the route clause has them, `:me` when used.
    pub fn values(&self) -> Vec<(&'static str, rusqlite::types::Value)> {
        use rusqlite::types::Value;
        let mut out = Vec::new();
        if self.route_sql().is_some_and(|sql| sql.contains(":v1")) {
            for (name, value) in [":v1", ":v2", ":v3", ":v4", ":v5", ":v6", ":v7"]
                .into_iter()
                .zip(self.mask_values())
            {
                out.push((name, Value::Integer(value)));
            }
        }
        if self.uses_me() {
            out.push((":me", Value::Text(self.identity.clone())));
        }
        out
    }
}

/// The clause that hides the cases the viewer is a party to.
pub(super) const NOT_PARTY_SQL: &str = "c.id NOT IN (SELECT target FROM identity_links WHERE identity = :me AND kind = 'victim') \
     AND c.id NOT IN (SELECT cp.case_id FROM identity_links l JOIN case_perpetrators cp ON cp.perpetrator_id = l.target \
      WHERE l.identity = :me AND l.kind = 'perpetrator')";

/// Refusal for a screen or command that the viewer's roles do not allow.
fn not_allowed(what: &str, needed: Role) -> StoreError {
    StoreError::Refused(format!(
        "Geweigerd: {what} is alleen voor de rol {}. Vraag de beheerder van raadsorde om die rol als u dit moet doen.",
        needed.label()
    ))
}

impl Store {
    /// Acts for `identity` (the operating-system account) from now on:
    /// every read shows only what its roles may see. A register without any
    /// role yet gives this identity every role first (one event per role,
    /// in one transaction), so that a single user sees everything with no
    /// set-up; unless its history does not verify: then nothing is written,
    /// the store stays unrestricted and [`Store::warnings`] says why.
    /// Returns the identity's roles.
    pub fn act_as(&mut self, identity: &str) -> Result<Vec<Role>, StoreError> {
        self.act_as_after(identity, None)
    }

    /// [`Store::act_as`] right after the caller checked the history itself
    /// (`checked`: its verdict, on this register): a register without
    /// roles yet is not checked a second time when the verdict was intact
    /// and the register's head is still the head it checked (an event
    /// written since, from anywhere, makes it check again). The export
    /// commands check the history before they log the access; checking it
    /// twice was a third of `export --json` on a register without roles.
    pub fn act_as_after(
        &mut self,
        identity: &str,
        checked: Option<&super::Verdict>,
    ) -> Result<Vec<Role>, StoreError> {
        valid_identity(identity).map_err(|r| {
            StoreError::Refused(format!(
                "Geweigerd: {r}. Zet de omgevingsvariabele USER op uw gebruikersnaam"
            ))
        })?;
        if self.mode != super::OpenMode::ReadWrite {
            return Err(StoreError::Refused(
                "Geweigerd: het register is alleen-lezen geopend, en wie iets inziet moet in het toegangslogboek komen. Open het register met schrijfrechten (niet vanaf alleen-lezen media)".into(),
            ));
        }
        // Nothing is chained onto a damaged history: a register of before
        // the roles that does not verify stays as it was (everyone sees
        // everything, as before), and the open says so.
        let still_intact = |store: &Store| -> Result<bool, StoreError> {
            Ok(match checked {
                Some(super::Verdict::Intact { head, .. }) => store.head()? == *head,
                _ => false,
            })
        };
        if !any_roles(&self.conn)? && !still_intact(self)? && !self.verify_history()?.is_intact() {
            self.warnings.push(format!(
                "{}: de geschiedenis van het register klopt niet, daarom zijn er geen rollen toegekend en ziet iedereen alles, zoals voorheen. Voer raadsorde verify uit en meld het",
                self.path.display()
            ));
            return Ok(Role::ALL.to_vec());
        }
        {
            let me = identity.to_string();
            self.batch(|b| {
                if any_roles(&b.tx)? {
                    return Ok(());
                }
                // The admin role first: the grants after it are an admin's.
                let mut roles = Role::ALL.to_vec();
                roles.sort_by_key(|r| *r != Role::Beheerder);
                for role in roles {
                    b.append(NewEvent::new(
                        crate::domain::time::now(),
                        SYSTEM,
                        EventBody::RoleGranted {
                            identity: me.clone(),
                            role,
                            by: me.clone(),
                        },
                    ))?;
                }
                Ok(())
            })?;
        }
        self.viewer = Some(identity.to_string());
        self.roles()
    }

    /// The identity this store acts for; `None`: unrestricted (the
    /// program's own bookkeeping, `verify`, tests).
    pub fn identity(&self) -> Option<&str> {
        self.viewer.as_deref()
    }

    /// The roles of the identity this store acts for (every role when
    /// unrestricted).
    pub fn roles(&self) -> Result<Vec<Role>, StoreError> {
        match &self.viewer {
            None => Ok(Role::ALL.to_vec()),
            Some(identity) => roles_of(&self.conn, identity),
        }
    }

    /// Who writes: the identity, or the program itself.
    pub(super) fn by(&self) -> String {
        self.viewer.clone().unwrap_or_else(|| SYSTEM.to_string())
    }

    /// What reads must add for the identity this store acts for; `None`
    /// when unrestricted.
    pub(super) fn visibility(&self) -> Result<Option<Visibility>, StoreError> {
        let Some(identity) = &self.viewer else {
            return Ok(None);
        };
        let roles = roles_of(&self.conn, identity)?;
        let party: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM identity_links WHERE identity = ?1)")?
            .query_row([identity], |r| r.get(0))?;
        Ok(Some(Visibility {
            identity: identity.clone(),
            mask: access::roles_mask(&roles),
            aide: roles.contains(&Role::Voorzittersassistent),
            party,
        }))
    }

    /// Whether the identity this store acts for may see `case`: `Ok` or a
    /// Dutch refusal that says why and what to do.
    pub fn check_visible(&self, case: u64) -> Result<(), StoreError> {
        check_visible_on(&self.conn, self.viewer.as_deref(), case)
    }

    /// Opens a case file on screen: checks that it may be seen, records
    /// the view in the access log, and returns its events. Reloading a case
    /// already open is [`Store::case_events`] and is not logged again.
    pub fn open_case(&mut self, case: u64) -> Result<Vec<Event>, StoreError> {
        self.check_visible(case)?;
        let event = self.log_access(AccessKind::CaseOpened, Some(case), "")?;
        // Its own write is not news from another workstation.
        self.external_before(event.seq)?;
        self.case_events(case)
    }

    /// Grants `role` to `identity`, as this store's identity (an admin).
    pub fn grant_role(&mut self, identity: &str, role: Role) -> Result<Event, StoreError> {
        let by = self.by();
        self.append(NewEvent::new(
            crate::domain::time::now(),
            by.clone(),
            EventBody::RoleGranted {
                identity: identity.to_string(),
                role,
                by,
            },
        ))
    }

    /// Revokes `role` from `identity`, as this store's identity (an admin).
    pub fn revoke_role(&mut self, identity: &str, role: Role) -> Result<Event, StoreError> {
        let by = self.by();
        self.append(NewEvent::new(
            crate::domain::time::now(),
            by.clone(),
            EventBody::RoleRevoked {
                identity: identity.to_string(),
                role,
                by,
            },
        ))
    }

    /// Links `identity` to a person in the register, as this store's
    /// identity (an admin).
    pub fn link_identity(&mut self, identity: &str, link: PersonLink) -> Result<Event, StoreError> {
        let by = self.by();
        self.append(NewEvent::new(
            crate::domain::time::now(),
            by.clone(),
            EventBody::IdentityLinked {
                identity: identity.to_string(),
                link,
                by,
            },
        ))
    }

    /// The id of the case with this number (`2026-0007`), for linking an
    /// identity to its victim; says nothing about its content.
    pub fn case_id_by_number(&self, number: &str) -> Result<Option<u64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM cases WHERE number = ?1")?
            .query_row([number.trim()], |r| r.get(0))
            .optional()?)
    }

    /// Hands a live case over to the roles on its route.
    pub fn hand_over(&mut self, case: u64) -> Result<Event, StoreError> {
        self.hand_over_at(crate::domain::time::now(), case)
    }

    /// [`Store::hand_over`] at `at` (the key press).
    pub fn hand_over_at(
        &mut self,
        at: chrono::DateTime<chrono::FixedOffset>,
        case: u64,
    ) -> Result<Event, StoreError> {
        let by = self.by();
        let mut new = NewEvent::new(at, by.clone(), EventBody::CaseHandedOver { by });
        new.case_id = Some(case);
        self.append(new)
    }

    /// Every identity with at least one role, and its roles: the matrix of
    /// the `roles` screen. For the admin and the privacy officer.
    pub fn role_matrix(&self) -> Result<Vec<(String, Vec<Role>)>, StoreError> {
        let roles = self.roles()?;
        if !access::is_admin(&roles) && !access::may_read_access_log(&roles) {
            return Err(not_allowed("het overzicht van rollen", Role::Beheerder));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT identity, role FROM identity_roles ORDER BY identity")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out: Vec<(String, Vec<Role>)> = Vec::new();
        for (identity, key) in rows {
            let Some(role) = Role::from_key(&key) else {
                continue;
            };
            match out.last_mut() {
                Some((last, roles)) if *last == identity => roles.push(role),
                _ => out.push((identity, vec![role])),
            }
        }
        for (_, roles) in &mut out {
            roles.sort();
        }
        Ok(out)
    }

    /// The roles recorded for `identity`, read without acting as it (a
    /// read-only open); `None` when the register has no roles yet (or is of
    /// a schema from before roles).
    pub fn recorded_roles(&self, identity: &str) -> Result<Option<Vec<Role>>, StoreError> {
        let has_table: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'identity_roles')",
            [],
            |r| r.get(0),
        )?;
        if !has_table || !any_roles(&self.conn)? {
            return Ok(None);
        }
        roles_of(&self.conn, identity).map(Some)
    }

    /// Refuses the full audit export to anyone but an admin.
    pub fn check_full_export(&self) -> Result<(), StoreError> {
        if access::is_admin(&self.roles()?) {
            Ok(())
        } else {
            Err(StoreError::Refused(
                "Geweigerd: de volledige export (export --json) bevat het hele register en is alleen voor de rol beheerder. Vraag de beheerder om de export, of gebruik export --subject PERSOON voor een inzageverzoek".into(),
            ))
        }
    }
}
