//! What needs my attention, for desktop notifications (issue 4): an action
//! assigned to me, an action that has become overdue, and one waiting for my
//! verification.
//!
//! Each notice has a key that changes only when the event behind it happens
//! again (a new assignment, a new due date passing, a new completion), so a
//! device notifies once per event and not on every look.

use super::views::ActionView;
use super::ActionStatus;
use crate::restrictive::notices::ReviewNotice;
use crate::risk::Band;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use ts_rs::TS;
use uuid::Uuid;

controlled_list!(
    /// Why an action needs my attention.
    NoticeKind {
        AssignedToMe = "assigned_to_me": "Assigned to you",
        Overdue = "overdue": "Overdue",
        AwaitingMyVerification = "awaiting_my_verification": "Waiting for your verification",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    /// Stable for one event: notify once per key.
    pub key: String,
    pub kind: NoticeKind,
    pub action_id: Uuid,
    pub ward_name: String,
    pub title: String,
    pub band: Band,
    /// YYYY-MM-DD.
    pub due_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Notices {
    /// Most urgent first (verification, overdue, assigned; then band, then due date), at most `limit`.
    pub items: Vec<Notice>,
    /// How many there are in all.
    pub total: u32,
    /// Seclusion and segregation reviews due soon or missed on the wards I
    /// record them for (`restrictive::notices`), most urgent first.
    pub reviews: Vec<ReviewNotice>,
}

/// Who I am for notices: my id, and whether I verify (or am accountable for) a ward's actions.
pub struct Me<'a> {
    pub id: Uuid,
    pub verifies: &'a dyn Fn(Uuid) -> bool,
}

/// The notices for `me` among `actions` (flags already worked out for now).
/// A verifier hears about a completion unless they completed it themselves;
/// an overdue action concerns its assignee and the ward's verifiers.
pub fn notices(me: &Me, actions: &[ActionView], limit: usize) -> Notices {
    let mut list: Vec<Notice> = Vec::new();
    for a in actions {
        let mine = a.assignee_id == Some(me.id);
        let verifier = (me.verifies)(a.ward_id);
        let notice = |kind: NoticeKind, event: &str| Notice {
            key: format!("{}:{}:{event}", kind.as_str(), a.id),
            kind,
            action_id: a.id,
            ward_name: a.ward_name.clone(),
            title: a.title.clone(),
            band: a.band,
            due_date: a.due_date.clone(),
        };
        if a.status == ActionStatus::Completed && verifier && a.completed_by != Some(me.id) {
            list.push(notice(NoticeKind::AwaitingMyVerification, a.completed_at.as_deref().unwrap_or("")));
        }
        if a.overdue && (mine || verifier) {
            list.push(notice(NoticeKind::Overdue, &a.due_date));
        }
        if mine && matches!(a.status, ActionStatus::Assigned | ActionStatus::InProgress) {
            list.push(notice(NoticeKind::AssignedToMe, &me.id.to_string()));
        }
    }
    let rank = |k: NoticeKind| match k {
        NoticeKind::AwaitingMyVerification => 0,
        NoticeKind::Overdue => 1,
        NoticeKind::AssignedToMe => 2,
    };
    list.sort_by(|a, b| {
        let order = |n: &Notice| (rank(n.kind), Reverse(n.band), n.due_date.clone(), n.action_id);
        order(a).cmp(&order(b))
    });
    let total = list.len() as u32;
    list.truncate(limit);
    Notices { items: list, total, reviews: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remediation::{ActionSource, OwnerTeam, Trade};

    fn action(ward: Uuid, status: ActionStatus, band: Band, due: &str) -> ActionView {
        ActionView {
            id: Uuid::now_v7(),
            ward_id: ward,
            ward_name: "Cedar".into(),
            site_id: Uuid::nil(),
            site_name: "Site".into(),
            area_id: None,
            area_name: None,
            point_id: None,
            audit_id: None,
            source: ActionSource::Direct,
            title: format!("{band:?} {due}"),
            detail: String::new(),
            band,
            owner_team: OwnerTeam::Estates,
            trade: Trade::General,
            status,
            assignee_id: None,
            assignee_name: None,
            due_date: due.into(),
            overdue: false,
            capital_ref: None,
            merged_into: None,
            raised_by_name: "Ward manager".into(),
            raised_at: "2026-11-01T09:00:00Z".into(),
            completed_by: None,
            completed_at: None,
            verified_at: None,
            interim_controls: Vec::new(),
            vigilance_only_flag: false,
            interim_control_missing: false,
            available: Vec::new(),
        }
    }

    fn kinds(n: &Notices) -> Vec<(NoticeKind, String)> {
        n.items.iter().map(|i| (i.kind, i.title.clone())).collect()
    }

    #[test]
    fn each_reason_reaches_the_right_person() {
        let (cedar, oak) = (Uuid::now_v7(), Uuid::now_v7());
        let (estates, manager) = (Uuid::now_v7(), Uuid::now_v7());
        let mut assigned = action(cedar, ActionStatus::Assigned, Band::High, "2026-12-01");
        assigned.assignee_id = Some(estates);
        let mut late = action(cedar, ActionStatus::InProgress, Band::Extreme, "2026-11-01");
        late.assignee_id = Some(estates);
        late.overdue = true;
        let mut done = action(cedar, ActionStatus::Completed, Band::Moderate, "2026-12-20");
        done.assignee_id = Some(estates);
        done.completed_by = Some(estates);
        done.completed_at = Some("2026-11-20T10:00:00Z".into());
        let mut other_ward = action(oak, ActionStatus::Completed, Band::Extreme, "2026-11-02");
        other_ward.completed_at = Some("2026-11-20T11:00:00Z".into());
        let mut open_late = action(cedar, ActionStatus::Open, Band::Low, "2026-10-01");
        open_late.overdue = true;
        let all = [assigned, late, done, other_ward, open_late];

        let estates_sees = notices(&Me { id: estates, verifies: &|_| false }, &all, 50);
        assert_eq!(
            kinds(&estates_sees),
            vec![
                (NoticeKind::Overdue, "Extreme 2026-11-01".into()),
                (NoticeKind::AssignedToMe, "Extreme 2026-11-01".into()),
                (NoticeKind::AssignedToMe, "High 2026-12-01".into()),
            ],
            "estates: their own overdue and assigned work, never a verification"
        );

        let manager_sees = notices(&Me { id: manager, verifies: &|w| w == cedar }, &all, 50);
        assert_eq!(
            kinds(&manager_sees),
            vec![
                (NoticeKind::AwaitingMyVerification, "Moderate 2026-12-20".into()),
                (NoticeKind::Overdue, "Extreme 2026-11-01".into()),
                (NoticeKind::Overdue, "Low 2026-10-01".into()),
            ],
            "the ward manager: completions and overdue actions on their ward, not Oak's"
        );
        assert_eq!(manager_sees.total, 3);
        let first = notices(&Me { id: manager, verifies: &|w| w == cedar }, &all, 1);
        assert_eq!((first.items.len(), first.total), (1, 3), "limited, with the total");
    }

    #[test]
    fn keys_change_only_when_the_event_happens_again() {
        let (ward, estates, manager) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let verifier = Me { id: manager, verifies: &|_| true };
        let mut a = action(ward, ActionStatus::Completed, Band::High, "2026-11-10");
        a.completed_at = Some("2026-11-20T10:00:00Z".into());
        let key = |a: &ActionView| notices(&verifier, std::slice::from_ref(a), 10).items[0].key.clone();
        let first = key(&a);
        a.title = "Renamed".into();
        assert_eq!(key(&a), first, "an edit is not a new event");
        a.completed_at = Some("2026-11-22T10:00:00Z".into());
        assert_ne!(key(&a), first, "completed again after a rejection: notify again");

        let mut late = action(ward, ActionStatus::Assigned, Band::High, "2026-11-10");
        late.assignee_id = Some(estates);
        late.overdue = true;
        let overdue_key = |a: &ActionView| {
            notices(&Me { id: estates, verifies: &|_| false }, std::slice::from_ref(a), 10).items[0].key.clone()
        };
        let before = overdue_key(&late);
        late.due_date = "2026-11-15".into();
        assert_ne!(overdue_key(&late), before, "a new due date that passes again is a new event");
    }

    #[test]
    fn no_one_is_told_to_verify_their_own_work_or_closed_actions() {
        let (ward, me) = (Uuid::now_v7(), Uuid::now_v7());
        let mut mine = action(ward, ActionStatus::Completed, Band::High, "2026-11-10");
        mine.completed_by = Some(me);
        let closed = action(ward, ActionStatus::Verified, Band::Extreme, "2026-11-01");
        let n = notices(&Me { id: me, verifies: &|_| true }, &[mine, closed], 10);
        assert_eq!(n.total, 0);
    }
}
