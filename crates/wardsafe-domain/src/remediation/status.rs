//! The action workflow as a table (DESIGN.md §2.3): draft → open → assigned →
//! in progress → completed (with evidence: a note and a photo) → verified by
//! the ward manager or matron, or rejected back to open with a reason.
//! Estates may complete but never verify.

use crate::error::{AppError, AppResult};
use crate::role::{allows, Action, Role, RoleGrant};
use uuid::Uuid;

controlled_list!(
    ActionStatus {
        Draft = "draft": "Draft",
        Open = "open": "Open",
        Assigned = "assigned": "Assigned",
        InProgress = "in_progress": "In progress",
        Completed = "completed": "Completed, awaiting verification",
        Verified = "verified": "Verified",
        Merged = "merged": "Merged into another action",
        Dismissed = "dismissed": "Dismissed",
    }
);

impl ActionStatus {
    /// Still waiting for the fix: these can be overdue.
    pub fn is_outstanding(self) -> bool {
        matches!(self, Self::Draft | Self::Open | Self::Assigned | Self::InProgress)
    }
    /// Nothing more can happen to it.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Verified | Self::Merged | Self::Dismissed)
    }
}

controlled_list!(
    /// The steps of the workflow, as the timeline names them.
    TransitionKind {
        Confirm = "confirm": "Confirmed",
        Merge = "merge": "Merged",
        Dismiss = "dismiss": "Dismissed",
        Assign = "assign": "Assigned",
        Start = "start": "Started",
        Complete = "complete": "Completed",
        Verify = "verify": "Verified",
        Reject = "reject": "Rejected",
    }
);

impl TransitionKind {
    /// The table: where this step goes from `from`, or None if it is not allowed there.
    pub fn target(self, from: ActionStatus) -> Option<ActionStatus> {
        use ActionStatus::*;
        use TransitionKind::*;
        Some(match (self, from) {
            (Confirm, Draft) => Open,
            (Merge, Draft) => Merged,
            (Dismiss, Draft) => Dismissed,
            // Re-assigning is allowed until work starts.
            (Assign, Open | Assigned) => Assigned,
            (Start, Assigned) => InProgress,
            (Complete, Assigned | InProgress) => Completed,
            (Verify, Completed) => Verified,
            (Reject, Completed) => Open,
            _ => return None,
        })
    }

    /// The permission (role.rs) this step needs.
    pub fn permission(self) -> Action {
        use TransitionKind::*;
        match self {
            Confirm | Merge | Dismiss => Action::ReviewDrafts,
            Assign => Action::AssignAction,
            Start | Complete => Action::WorkAction,
            Verify | Reject => Action::VerifyAction,
        }
    }

    fn source_hint(self) -> &'static str {
        use TransitionKind::*;
        match self {
            Confirm | Merge | Dismiss => "only a draft action can be",
            Assign => "only an open or assigned action can be",
            Start => "only an assigned action can be",
            Complete => "only an assigned or in-progress action can be",
            Verify | Reject => "only a completed action can be",
        }
    }
}

/// A step with what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition<'a> {
    Confirm,
    /// Fold this draft into another action, whose status is `into`.
    Merge {
        into: ActionStatus,
    },
    Dismiss {
        reason: Option<&'a str>,
    },
    /// `assignee_roles`: the roles the assignee holds on this action's ward.
    Assign {
        assignee_roles: &'a [Role],
    },
    Start,
    /// Evidence: a note and at least one photo.
    Complete {
        note: Option<&'a str>,
        photos: usize,
    },
    Verify,
    Reject {
        reason: Option<&'a str>,
    },
}

impl Transition<'_> {
    pub fn kind(&self) -> TransitionKind {
        match self {
            Transition::Confirm => TransitionKind::Confirm,
            Transition::Merge { .. } => TransitionKind::Merge,
            Transition::Dismiss { .. } => TransitionKind::Dismiss,
            Transition::Assign { .. } => TransitionKind::Assign,
            Transition::Start => TransitionKind::Start,
            Transition::Complete { .. } => TransitionKind::Complete,
            Transition::Verify => TransitionKind::Verify,
            Transition::Reject { .. } => TransitionKind::Reject,
        }
    }
}

/// Who is acting: their user id and the roles they hold on the action's ward
/// (ward-scoped there, or trust-wide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub roles: Vec<Role>,
}

impl Actor {
    /// The roles among `grants` that reach `ward`.
    pub fn on_ward(user_id: Uuid, grants: &[RoleGrant], ward: Uuid) -> Actor {
        let mut roles: Vec<Role> =
            grants.iter().filter(|g| g.ward_id.is_none_or(|w| w == ward)).map(|g| g.role).collect();
        roles.sort();
        roles.dedup();
        Actor { user_id, roles }
    }
    fn may(&self, action: Action) -> bool {
        self.roles.iter().any(|r| allows(*r, action))
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Apply `transition` to an action in status `from`. `completed_by` is who
/// completed it, if anyone. Checks, in order: the actor's roles (`forbidden`),
/// the status (`invalid_state`), the inputs (`validation`, naming the field),
/// and that nobody verifies their own work (`forbidden`).
pub fn apply(
    from: ActionStatus,
    transition: &Transition,
    actor: &Actor,
    completed_by: Option<Uuid>,
) -> AppResult<ActionStatus> {
    let kind = transition.kind();
    let permission = kind.permission();
    if !actor.may(permission) {
        return Err(AppError::forbidden(format!("your roles do not allow you to {}", permission.describe())));
    }
    let Some(to) = kind.target(from) else {
        let msg = if Some(from) == kind.target(usual_source(kind)) {
            format!("this action is already {}", from.label().to_lowercase())
        } else {
            format!(
                "{} {} (this one is {})",
                kind.source_hint(),
                kind.label().to_lowercase(),
                from.label().to_lowercase()
            )
        };
        return Err(AppError::invalid_state(msg));
    };
    match *transition {
        Transition::Merge { into } if !into.is_outstanding() => {
            return Err(AppError::validation(
                "mergeInto",
                format!(
                    "a draft can only be merged into an action still being worked on (that one is {})",
                    into.label().to_lowercase()
                ),
            ))
        }
        Transition::Dismiss { reason } if blank(reason) => {
            return Err(AppError::validation("reason", "say why this draft is not an action"))
        }
        Transition::Reject { reason } if blank(reason) => {
            return Err(AppError::validation("reason", "say why the work is not accepted"))
        }
        Transition::Assign { assignee_roles } if !assignee_roles.contains(&Role::Estates) => {
            return Err(AppError::validation(
                "assigneeId",
                "actions can only be assigned to someone with the estates role for this ward",
            ))
        }
        Transition::Complete { note, .. } if blank(note) => {
            return Err(AppError::validation("note", "completing an action needs a note saying what was done"))
        }
        Transition::Complete { photos: 0, .. } => {
            return Err(AppError::validation("photos", "completing an action needs at least one photo as evidence"))
        }
        // DESIGN.md §2.3: verification is independent of the work.
        Transition::Verify if completed_by == Some(actor.user_id) => {
            return Err(AppError::forbidden("You completed this action, so someone else must verify it."))
        }
        _ => {}
    }
    Ok(to)
}

/// A status the step can start from, to tell "already done" apart.
fn usual_source(kind: TransitionKind) -> ActionStatus {
    use ActionStatus::*;
    match kind {
        TransitionKind::Confirm | TransitionKind::Merge | TransitionKind::Dismiss => Draft,
        TransitionKind::Assign => Open,
        TransitionKind::Start => Assigned,
        TransitionKind::Complete => InProgress,
        TransitionKind::Verify | TransitionKind::Reject => Completed,
    }
}

/// The steps someone with `roles` could take from `from` (for the buttons a screen shows).
pub fn available(from: ActionStatus, roles: &[Role]) -> Vec<TransitionKind> {
    TransitionKind::ALL
        .iter()
        .copied()
        .filter(|k| k.target(from).is_some() && roles.iter().any(|r| allows(*r, k.permission())))
        .collect()
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
