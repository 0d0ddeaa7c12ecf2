//! Who may do what (DESIGN.md §2.1). Enforced by the command surface, never
//! only in the UI. A role is held on one ward, or on every ward when `ward` is None.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

controlled_list!(
    Role {
        WardStaff = "ward_staff": "Ward staff",
        WardManager = "ward_manager": "Ward manager",
        Matron = "matron": "Matron",
        Estates = "estates": "Estates",
        Governance = "governance": "Governance (read-only)",
        Administrator = "administrator": "Administrator",
    }
);

/// Things a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a ward, its register and its walk-rounds.
    ViewWard,
    /// Create sites, wards, users; import templates.
    ManageTrust,
    /// Add or change a ward's areas.
    ManageAreas,
    /// Start a walk-round or check, answer it, assess and add ligature points.
    RecordAudit,
    /// Mark a walk-round complete.
    CompleteAudit,
    /// Sign a completed walk-round off.
    SignOffAudit,
    /// Correct a signed-off walk-round by amendment.
    AmendAudit,
    /// Raise an action, add interim controls (DESIGN.md §2.3).
    RaiseAction,
    /// Confirm, merge or dismiss the draft actions a walk-round made: the
    /// ward manager's decision before sign-off (issue 4).
    ReviewDrafts,
    /// Assign an action to someone in estates.
    AssignAction,
    /// Start and complete an action (estates' work).
    WorkAction,
    /// Verify a completed action, or reject it back to open.
    VerifyAction,
    /// Change the trust's remediation policy (due days by band, vigilance limit).
    SetPolicy,
    /// See a ward's seclusion and segregation episodes and the matron's board
    /// (patient records: never estates; DESIGN.md §2.4).
    ViewRestrictive,
    /// Start and end seclusion and segregation episodes, record their observations and reviews.
    RecordRestrictive,
    /// Sign an episode off as reviewed, with a comment (the matron).
    SignOffEpisode,
    /// Change the trust's review rules table (DESIGN.md §2.4: configurable per trust).
    SetReviewRules,
    /// Record a use of force (Mental Health Units (Use of Force) Act 2018 s6).
    RecordUseOfForce,
    /// See a ward's use of force records (patient records: never estates or the administrator's role).
    ViewUseOfForce,
    /// Purge a use of force record kept its 3 years (the administrator).
    PurgeUseOfForce,
    /// Add, review and lift a ward's blanket restrictions (Code of Practice ch. 8).
    ManageBlanketRestrictions,
    /// See the blanket restrictions register.
    ViewBlanketRestrictions,
    /// See the restrictive practice reports: counts, durations, compliance, equality.
    ViewRestrictiveReport,
}

impl Action {
    /// For messages: "Your roles do not allow you to {describe}."
    pub fn describe(self) -> &'static str {
        match self {
            Action::ViewWard => "see this ward",
            Action::ManageTrust => "set up sites, wards, users or templates",
            Action::ManageAreas => "change this ward's areas",
            Action::RecordAudit => "record walk-rounds and checks on this ward",
            Action::CompleteAudit => "complete walk-rounds on this ward",
            Action::SignOffAudit => "sign off walk-rounds on this ward",
            Action::AmendAudit => "amend signed-off walk-rounds on this ward",
            Action::RaiseAction => "raise actions on this ward",
            Action::ReviewDrafts => "confirm, merge or dismiss draft actions on this ward",
            Action::AssignAction => "assign actions on this ward",
            Action::WorkAction => "start or complete estates work on this ward",
            Action::VerifyAction => "verify or reject completed actions on this ward",
            Action::SetPolicy => "change the trust's remediation policy",
            Action::ViewRestrictive => "see seclusion and segregation records on this ward",
            Action::RecordRestrictive => "record seclusion and segregation on this ward",
            Action::SignOffEpisode => "sign off seclusion and segregation episodes on this ward",
            Action::SetReviewRules => "change the trust's seclusion and segregation review rules",
            Action::RecordUseOfForce => "record uses of force on this ward",
            Action::ViewUseOfForce => "see use of force records on this ward",
            Action::PurgeUseOfForce => "purge use of force records",
            Action::ManageBlanketRestrictions => "add, review or lift blanket restrictions on this ward",
            Action::ViewBlanketRestrictions => "see the blanket restrictions register of this ward",
            Action::ViewRestrictiveReport => "see restrictive practice reports for this ward",
        }
    }
}

/// The permission table: which roles may take which action.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewWard => true,
        ManageTrust => role == Administrator,
        ManageAreas => matches!(role, Administrator | WardManager),
        RecordAudit | CompleteAudit => matches!(role, WardStaff | WardManager | Matron),
        SignOffAudit | AmendAudit => matches!(role, WardManager | Matron),
        RaiseAction => matches!(role, WardStaff | WardManager | Matron),
        // Estates assign their own queue; a ward manager or matron may assign to estates.
        AssignAction => matches!(role, Estates | WardManager | Matron),
        WorkAction => role == Estates,
        // DESIGN.md §2.3: verified by the ward manager or matron; estates never verify.
        VerifyAction | ReviewDrafts => matches!(role, WardManager | Matron),
        SetPolicy => role == Administrator,
        // Patient records: the people who care for the patient and governance
        // (read-only reporting); not estates, not the administrator's role.
        ViewRestrictive => matches!(role, WardStaff | WardManager | Matron | Governance),
        RecordRestrictive => matches!(role, WardStaff | WardManager | Matron),
        SignOffEpisode => role == Matron,
        SetReviewRules => role == Administrator,
        // Use of force records are patient records, like episodes.
        RecordUseOfForce => matches!(role, WardStaff | WardManager | Matron),
        ViewUseOfForce => matches!(role, WardStaff | WardManager | Matron | Governance),
        // Purging is records management after the 3 years, not care.
        PurgeUseOfForce => role == Administrator,
        ManageBlanketRestrictions => matches!(role, WardManager | Matron),
        ViewBlanketRestrictions => matches!(role, WardStaff | WardManager | Matron | Governance),
        // Aggregates for the board and the statistics duty: not ward staff, not estates.
        ViewRestrictiveReport => matches!(role, WardManager | Matron | Governance),
    }
}

/// A role held by a user, on a ward or trust-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleGrant {
    pub role: Role,
    /// None: every ward of the trust.
    #[ts(optional = nullable)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward_id: Option<Uuid>,
}

/// May someone holding `grants` take `action` on `ward` (None: trust-wide action)?
pub fn may(grants: &[RoleGrant], action: Action, ward: Option<Uuid>) -> bool {
    grants.iter().any(|g| {
        allows(g.role, action)
            && match (g.ward_id, ward) {
                (None, _) => true,
                (Some(w), Some(target)) => w == target,
                (Some(_), None) => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Role::*;

    #[test]
    fn permission_table() {
        // (action, roles allowed)
        let table: &[(Action, &[Role])] = &[
            (ViewWard, &[WardStaff, WardManager, Matron, Estates, Governance, Administrator]),
            (ManageTrust, &[Administrator]),
            (ManageAreas, &[WardManager, Administrator]),
            (RecordAudit, &[WardStaff, WardManager, Matron]),
            (CompleteAudit, &[WardStaff, WardManager, Matron]),
            (SignOffAudit, &[WardManager, Matron]),
            (AmendAudit, &[WardManager, Matron]),
            (RaiseAction, &[WardStaff, WardManager, Matron]),
            (AssignAction, &[WardManager, Matron, Estates]),
            (WorkAction, &[Estates]),
            (VerifyAction, &[WardManager, Matron]),
            (ReviewDrafts, &[WardManager, Matron]),
            (SetPolicy, &[Administrator]),
            (ViewRestrictive, &[WardStaff, WardManager, Matron, Governance]),
            (RecordRestrictive, &[WardStaff, WardManager, Matron]),
            (SignOffEpisode, &[Matron]),
            (SetReviewRules, &[Administrator]),
            (RecordUseOfForce, &[WardStaff, WardManager, Matron]),
            (ViewUseOfForce, &[WardStaff, WardManager, Matron, Governance]),
            (PurgeUseOfForce, &[Administrator]),
            (ManageBlanketRestrictions, &[WardManager, Matron]),
            (ViewBlanketRestrictions, &[WardStaff, WardManager, Matron, Governance]),
            (ViewRestrictiveReport, &[WardManager, Matron, Governance]),
        ];
        for (action, allowed) in table {
            for role in Role::ALL {
                assert_eq!(allows(*role, *action), allowed.contains(role), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn ward_scoped_roles_do_not_reach_other_wards() {
        let a = Uuid::now_v7();
        let b = Uuid::now_v7();
        let grants = [RoleGrant { role: WardManager, ward_id: Some(a) }];
        assert!(may(&grants, SignOffAudit, Some(a)));
        assert!(!may(&grants, SignOffAudit, Some(b)));
        assert!(!may(&grants, ManageTrust, None));
        let matron = [RoleGrant { role: Matron, ward_id: None }];
        assert!(may(&matron, SignOffAudit, Some(b)));
        let estates = [RoleGrant { role: Estates, ward_id: None }];
        assert!(!may(&estates, SignOffAudit, Some(a)), "estates cannot sign off a walk-round");
        assert!(may(&estates, WorkAction, Some(b)), "trust-wide estates work on every ward");
        assert!(!may(&estates, VerifyAction, Some(a)), "estates never verify");
    }
}
