//! Tests of status.rs: the workflow table, every transition by every role, inputs.

use super::*;
use crate::ErrorCode;
use ActionStatus::*;
use Role::*;

/// A transition of `kind` with good inputs.
fn valid(kind: TransitionKind) -> Transition<'static> {
    match kind {
        TransitionKind::Confirm => Transition::Confirm,
        TransitionKind::Merge => Transition::Merge { into: Open },
        TransitionKind::Dismiss => Transition::Dismiss { reason: Some("Duplicate of the bedroom 3 rail action") },
        TransitionKind::Assign => Transition::Assign { assignee_roles: &[Estates] },
        TransitionKind::Start => Transition::Start,
        TransitionKind::Complete => {
            Transition::Complete { note: Some("Rail replaced with anti-ligature track"), photos: 1 }
        }
        TransitionKind::Verify => Transition::Verify,
        TransitionKind::Reject => Transition::Reject { reason: Some("Rail still takes weight") },
    }
}

fn actor(roles: &[Role]) -> Actor {
    Actor { user_id: Uuid::from_u128(1), roles: roles.to_vec() }
}

const SOMEONE_ELSE: Option<Uuid> = Some(Uuid::from_u128(2));

#[test]
fn design_2_3_every_status_by_every_transition() {
    const N: Option<ActionStatus> = None;
    // columns: confirm, merge, dismiss, assign, start, complete, verify, reject
    let table: [(ActionStatus, [Option<ActionStatus>; 8]); 8] = [
        (Draft, [Some(Open), Some(Merged), Some(Dismissed), N, N, N, N, N]),
        (Open, [N, N, N, Some(Assigned), N, N, N, N]),
        (Assigned, [N, N, N, Some(Assigned), Some(InProgress), Some(Completed), N, N]),
        (InProgress, [N, N, N, N, N, Some(Completed), N, N]),
        (Completed, [N, N, N, N, N, N, Some(Verified), Some(Open)]),
        (Verified, [N; 8]),
        (Merged, [N; 8]),
        (Dismissed, [N; 8]),
    ];
    assert_eq!(table.len(), ActionStatus::ALL.len());
    // Someone holding every role, who did not complete the work: only the status decides.
    let everyone = actor(Role::ALL);
    for (from, row) in table {
        for (kind, want) in TransitionKind::ALL.iter().zip(row) {
            assert_eq!(kind.target(from), want, "{from:?} {kind:?}");
            let got = apply(from, &valid(*kind), &everyone, SOMEONE_ELSE);
            match want {
                Some(to) => assert_eq!(got, Ok(to), "{from:?} {kind:?}"),
                None => assert_eq!(got.unwrap_err().code, ErrorCode::InvalidState, "{from:?} {kind:?}"),
            }
        }
    }
}

#[test]
fn every_transition_by_every_role() {
    use TransitionKind as T;
    let table: [(TransitionKind, ActionStatus, &[Role]); 8] = [
        (T::Confirm, Draft, &[WardManager, Matron]),
        (T::Merge, Draft, &[WardManager, Matron]),
        (T::Dismiss, Draft, &[WardManager, Matron]),
        (T::Assign, Open, &[WardManager, Matron, Estates]),
        (T::Start, Assigned, &[Estates]),
        (T::Complete, InProgress, &[Estates]),
        // Estates may complete but never verify (DESIGN.md §2.3).
        (T::Verify, Completed, &[WardManager, Matron]),
        (T::Reject, Completed, &[WardManager, Matron]),
    ];
    for (kind, from, allowed) in table {
        for role in Role::ALL {
            let got = apply(from, &valid(kind), &actor(&[*role]), SOMEONE_ELSE);
            if allowed.contains(role) {
                assert!(got.is_ok(), "{role:?} {kind:?}: {got:?}");
            } else {
                assert_eq!(got.unwrap_err().code, ErrorCode::Forbidden, "{role:?} {kind:?}");
            }
        }
    }
    assert!(apply(Completed, &Transition::Verify, &actor(&[]), None).is_err(), "no roles, no verify");
}

#[test]
fn missing_inputs_name_their_field() {
    let everyone = actor(Role::ALL);
    let cases: [(ActionStatus, Transition, &str); 11] = [
        (Draft, Transition::Dismiss { reason: None }, "reason"),
        (Draft, Transition::Dismiss { reason: Some("  ") }, "reason"),
        (Completed, Transition::Reject { reason: None }, "reason"),
        (Completed, Transition::Reject { reason: Some("\n") }, "reason"),
        (InProgress, Transition::Complete { note: None, photos: 2 }, "note"),
        (InProgress, Transition::Complete { note: Some(" "), photos: 2 }, "note"),
        (InProgress, Transition::Complete { note: Some("Done"), photos: 0 }, "photos"),
        (Assigned, Transition::Complete { note: Some("Done"), photos: 0 }, "photos"),
        (Open, Transition::Assign { assignee_roles: &[WardManager, Matron] }, "assigneeId"),
        (Draft, Transition::Merge { into: Verified }, "mergeInto"),
        (Draft, Transition::Merge { into: Completed }, "mergeInto"),
    ];
    for (from, t, field) in cases {
        let e = apply(from, &t, &everyone, None).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some(field)), "{t:?}");
    }
    let ok = Transition::Complete { note: Some("Replaced"), photos: 1 };
    assert_eq!(apply(InProgress, &ok, &everyone, None), Ok(Completed));
    assert_eq!(apply(Draft, &Transition::Merge { into: Draft }, &everyone, None), Ok(Merged));
}

#[test]
fn nobody_verifies_their_own_work() {
    let me = actor(&[WardManager, Estates]);
    let e = apply(Completed, &Transition::Verify, &me, Some(me.user_id)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(apply(Completed, &Transition::Verify, &me, SOMEONE_ELSE), Ok(Verified));
    // Rejecting one's own work only sends it back: allowed.
    assert_eq!(apply(Completed, &valid(TransitionKind::Reject), &me, Some(me.user_id)), Ok(Open));
    let estates = actor(&[Estates]);
    assert_eq!(apply(Completed, &Transition::Verify, &estates, SOMEONE_ELSE).unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn wrong_status_messages_are_clear() {
    let manager = actor(&[WardManager]);
    let e = apply(Verified, &Transition::Verify, &manager, SOMEONE_ELSE).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert_eq!(e.message, "this action is already verified");
    let e = apply(Open, &Transition::Verify, &manager, None).unwrap_err();
    assert_eq!(e.message, "only a completed action can be verified (this one is open)");
    // A role check comes first: estates learn nothing about a state they could not change anyway.
    let e = apply(Verified, &Transition::Verify, &actor(&[Estates]), None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn actor_roles_are_those_reaching_the_ward() {
    let (a, b) = (Uuid::from_u128(10), Uuid::from_u128(11));
    let grants = [
        RoleGrant { role: WardManager, ward_id: Some(a) },
        RoleGrant { role: Estates, ward_id: None },
        RoleGrant { role: Estates, ward_id: Some(b) },
    ];
    assert_eq!(Actor::on_ward(Uuid::nil(), &grants, a).roles, vec![WardManager, Estates]);
    assert_eq!(Actor::on_ward(Uuid::nil(), &grants, b).roles, vec![Estates]);
}

#[test]
fn available_steps_follow_status_and_roles() {
    use TransitionKind as T;
    assert_eq!(available(Completed, &[WardManager]), vec![T::Verify, T::Reject]);
    assert_eq!(available(Completed, &[Estates]), vec![]);
    assert_eq!(available(Assigned, &[Estates]), vec![T::Assign, T::Start, T::Complete]);
    assert_eq!(available(Draft, &[WardManager]), vec![T::Confirm, T::Merge, T::Dismiss]);
    assert_eq!(available(Draft, &[WardStaff]), vec![], "the manager decides on drafts");
    assert_eq!(available(Verified, Role::ALL), vec![]);
}

#[test]
fn outstanding_and_closed_statuses() {
    let outstanding: Vec<_> = ActionStatus::ALL.iter().filter(|s| s.is_outstanding()).collect();
    assert_eq!(outstanding, [&Draft, &Open, &Assigned, &InProgress]);
    let closed: Vec<_> = ActionStatus::ALL.iter().filter(|s| s.is_closed()).collect();
    assert_eq!(closed, [&Verified, &Merged, &Dismissed]);
    assert!(!Completed.is_outstanding() && !Completed.is_closed());
}
