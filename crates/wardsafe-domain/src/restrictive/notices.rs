//! Desktop notifications for seclusion and segregation (issue 5): a review
//! about to fall due, and a review or observation missed while the episode
//! goes on (Code of Practice chapter 26: the reviews are what keep a
//! seclusion or segregation no longer than it must be).
//!
//! A notice names the ward, the room and the review, never the patient: a
//! desktop notification can show on a screen others see. Its key changes
//! only when its event happens again (a new due time), so a device notifies
//! once per event.

use super::compliance::{Compliance, ComplianceState};
use super::rules::RuleId;
use super::views::EpisodeView;
use super::vocab::EpisodeKind;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// How long before a review falls due its notice comes: time to gather the
/// doctor or the team, on a ward where a doctor may be on call elsewhere.
pub const DUE_SOON_MINUTES: i64 = 15;

controlled_list!(
    /// Why an episode needs my attention.
    ReviewNoticeKind {
        DueSoon = "due_soon": "Review due soon",
        Missed = "missed": "Review missed",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewNotice {
    /// Stable for one event: notify once per key.
    pub key: String,
    pub kind: ReviewNoticeKind,
    pub episode_id: Uuid,
    pub episode_kind: EpisodeKind,
    pub ward_name: String,
    #[ts(optional = nullable)]
    pub room_name: Option<String>,
    pub rule_id: RuleId,
    pub label: String,
    /// When it falls (or fell) due.
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
}

/// The notices for the episodes going on, from their compliance now: missed
/// first (the longest overdue first), then due soon (the soonest first).
/// Observations fall due every 15 minutes and the episode's own screen
/// prompts for them, so only a missed one is a notice.
pub fn review_notices(episodes: &[(EpisodeView, Compliance)], now: DateTime<Utc>) -> Vec<ReviewNotice> {
    let mut out = Vec::new();
    for (view, compliance) in episodes {
        if compliance.ended {
            continue;
        }
        for r in &compliance.requirements {
            let notice = |kind: ReviewNoticeKind, due_at: DateTime<Utc>| ReviewNotice {
                key: format!("{}:{}:{}:{}", kind.as_str(), view.episode.id, r.rule_id.as_str(), due_at.timestamp()),
                kind,
                episode_id: view.episode.id,
                episode_kind: view.episode.kind,
                ward_name: view.ward_name.clone(),
                room_name: view.room_name.clone(),
                rule_id: r.rule_id,
                label: r.label.clone(),
                due_at,
            };
            if let (Some(since), ComplianceState::Missed) = (r.overdue_since, r.state) {
                out.push(notice(ReviewNoticeKind::Missed, since));
            }
            let soon = r.next_due_at.filter(|at| *at > now && *at <= now + Duration::minutes(DUE_SOON_MINUTES));
            if let Some(at) = soon.filter(|_| r.rule_id != RuleId::SeclusionObservation) {
                out.push(notice(ReviewNoticeKind::DueSoon, at));
            }
        }
    }
    let rank = |k: ReviewNoticeKind| (k != ReviewNoticeKind::Missed) as u8;
    out.sort_by_key(|n| (rank(n.kind), n.due_at, n.episode_id));
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{add, m, seclusion, view};
    use super::super::{evaluate, ReviewKind, ReviewRules};
    use super::*;

    fn at(t: &super::super::EpisodeTimeline, now: DateTime<Utc>) -> Vec<ReviewNotice> {
        let c = evaluate(t, &[], &ReviewRules::default(), now);
        review_notices(&[(view(t), c)], now)
    }

    /// Code of Practice 26.109 (Wardsafe's default rule): a nurse authorised
    /// seclusion, so a doctor must review within the hour. 15 minutes before,
    /// the ward hears; once the hour passes, it hears again that it was missed.
    #[test]
    fn first_medical_review_is_due_soon_then_missed_code_26_109() {
        let mut t = seclusion(false, None);
        for obs in [15, 30, 45, 60, 75] {
            add(&mut t, None, m(obs), None);
        }
        assert!(at(&t, m(44)).is_empty(), "nothing 16 minutes before");
        let soon = at(&t, m(45));
        assert_eq!(soon.len(), 1);
        assert_eq!(
            (soon[0].kind, soon[0].rule_id, soon[0].due_at),
            (ReviewNoticeKind::DueSoon, RuleId::SeclusionFirstMedicalReview, m(60))
        );
        assert_eq!(soon, at(&t, m(50)), "the same event keeps its key");
        let missed = at(&t, m(61));
        assert_eq!(missed[0].kind, ReviewNoticeKind::Missed);
        assert_eq!((missed[0].rule_id, missed[0].due_at), (RuleId::SeclusionFirstMedicalReview, m(60)));
        assert_ne!(missed[0].key, soon[0].key);
        assert!(!missed[0].key.contains("9434765919") && !format!("{missed:?}").contains("A Patient"));
    }

    #[test]
    fn a_review_recorded_in_time_clears_the_notice_and_observations_only_notify_when_missed() {
        let mut t = seclusion(false, None);
        add(&mut t, None, m(14), None);
        add(&mut t, Some(ReviewKind::Medical), m(20), None);
        assert!(at(&t, m(20)).is_empty(), "the review is met; the observation due at 29 is only due soon");
        let missed = at(&t, m(30));
        assert_eq!(missed.len(), 1, "{missed:?}");
        assert_eq!(
            (missed[0].kind, missed[0].rule_id, missed[0].due_at),
            (ReviewNoticeKind::Missed, RuleId::SeclusionObservation, m(29))
        );
    }

    #[test]
    fn an_ended_episode_has_no_notices() {
        let mut t = seclusion(false, None);
        t.episode.ended_at = Some(m(30));
        assert!(at(&t, m(90)).is_empty());
    }
}
