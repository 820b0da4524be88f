//! The reporting route of §6.1: who receives the report, who must then be told.

use crate::domain::case::{Recipient, VictimRole};

/// Who receives the report and who must be informed after that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub reports_to: Recipient,
    pub then_inform: Vec<Recipient>,
}

impl Route {
    /// Everyone on the route, the receiver first.
    pub fn recipients(&self) -> impl Iterator<Item = Recipient> + '_ {
        std::iter::once(self.reports_to).chain(self.then_inform.iter().copied())
    }

    /// The route in one line, e.g. `griffier → burgemeester`.
    pub fn label(&self) -> String {
        self.recipients()
            .map(Recipient::label)
            .collect::<Vec<_>>()
            .join(" → ")
    }
}

/// The route for a victim's role (§6.1).
///
/// `Ambtenaar` is outside the protocol for office holders; civil servants are
/// registered so that repeat incidents count (§6.2). Their report follows the
/// ordinary line of the organisation: their manager (leidinggevende), who
/// informs the gemeentesecretaris as head of the civil service.
pub fn route(role: VictimRole) -> Route {
    use Recipient::*;
    let (reports_to, then_inform) = match role {
        VictimRole::Raadslid | VictimRole::Fractievolger => (Griffier, vec![Burgemeester]),
        VictimRole::Wethouder => (Burgemeester, vec![Gemeentesecretaris]),
        VictimRole::Burgemeester => (Gemeentesecretaris, vec![Griffier, AangewezenAmbtenaar]),
        VictimRole::Ambtenaar => (Leidinggevende, vec![Gemeentesecretaris]),
    };
    Route {
        reports_to,
        then_inform,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_members_and_group_assistants_report_to_the_griffier() {
        for role in [VictimRole::Raadslid, VictimRole::Fractievolger] {
            let r = route(role);
            assert_eq!(r.reports_to, Recipient::Griffier);
            assert_eq!(r.then_inform, vec![Recipient::Burgemeester]);
        }
    }

    #[test]
    fn an_alderman_reports_to_the_mayor() {
        let r = route(VictimRole::Wethouder);
        assert_eq!(r.reports_to, Recipient::Burgemeester);
        assert_eq!(r.then_inform, vec![Recipient::Gemeentesecretaris]);
    }

    #[test]
    fn the_mayor_reports_to_the_secretary_who_informs_two() {
        let r = route(VictimRole::Burgemeester);
        assert_eq!(r.reports_to, Recipient::Gemeentesecretaris);
        assert_eq!(
            r.then_inform,
            vec![Recipient::Griffier, Recipient::AangewezenAmbtenaar]
        );
        assert_eq!(
            r.label(),
            "gemeentesecretaris → griffier → aangewezen ambtenaar"
        );
    }

    #[test]
    fn a_civil_servant_reports_to_the_manager() {
        let r = route(VictimRole::Ambtenaar);
        assert_eq!(r.reports_to, Recipient::Leidinggevende);
        assert_eq!(r.then_inform, vec![Recipient::Gemeentesecretaris]);
    }

    #[test]
    fn every_role_has_a_route_without_repeats() {
        for role in VictimRole::ALL {
            let all: Vec<_> = route(*role).recipients().collect();
            let mut unique = all.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(all.len(), unique.len(), "{role:?}");
        }
    }
}
