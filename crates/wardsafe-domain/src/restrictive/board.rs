//! The matron's board (issue 5; DESIGN.md §2.4): each active episode with its
//! next due review counting down, what is overdue, and whether a seclusion
//! is past the independent MDT review thresholds of the Code of Practice
//! chapter 26 (more than 8 hours consecutively, or more than 12 hours within
//! any 48). Most urgent first: overdue the longest, then due soonest.

use super::compliance::{Compliance, ComplianceState, Requirement};
use super::rules::RuleId;
use super::views::{BoardEntry, BoardTime, EndedEpisode, EpisodeView, MatronBoard};
use chrono::{DateTime, Utc};

/// One episode's line, from its compliance at `compliance.evaluatedAt`.
pub fn board_entry(view: &EpisodeView, compliance: &Compliance) -> BoardEntry {
    let now = compliance.evaluated_at;
    let next_due = (compliance.requirements.iter())
        .filter_map(|r| r.next_due_at.map(|at| BoardTime { rule_id: r.rule_id, label: r.label.clone(), at }))
        .min_by_key(|t| t.at);
    let mut overdue: Vec<BoardTime> = (compliance.requirements.iter())
        .filter_map(|r| r.overdue_since.map(|at| BoardTime { rule_id: r.rule_id, label: r.label.clone(), at }))
        .collect();
    overdue.sort_by_key(|t| t.at);
    let independent = compliance.requirement(RuleId::SeclusionIndependentMdtReview);
    let independent_review_at = independent.and_then(|r| r.occurrences.first()).and_then(|o| o.due_at);
    let past = independent.is_some_and(|r| r.occurrences.iter().any(|o| o.due_at.is_some_and(|d| d <= now)));
    BoardEntry {
        episode_id: view.episode.id,
        kind: view.episode.kind,
        ward_id: view.episode.ward_id,
        ward_name: view.ward_name.clone(),
        room_name: view.room_name.clone(),
        patient_name: view.patient_name.clone(),
        nhs_number: view.nhs_number.clone(),
        started_at: view.episode.started_at,
        duration_minutes: compliance.duration_minutes,
        next_due,
        overdue,
        independent_review_at,
        past_independent_threshold: past,
        sign_off: view.sign_off.clone(),
    }
}

/// An ended episode's line, from its compliance at its end.
pub fn ended_entry(view: &EpisodeView, compliance: &Compliance) -> EndedEpisode {
    let ep = &view.episode;
    let count = |f: fn(&Requirement) -> u32| compliance.requirements.iter().map(f).sum();
    EndedEpisode {
        episode_id: ep.id,
        kind: ep.kind,
        ward_id: ep.ward_id,
        ward_name: view.ward_name.clone(),
        room_name: view.room_name.clone(),
        patient_name: view.patient_name.clone(),
        nhs_number: view.nhs_number.clone(),
        started_at: ep.started_at,
        ended_at: ep.ended_at.unwrap_or(compliance.evaluated_at),
        ending: ep.ending,
        duration_minutes: compliance.duration_minutes,
        missed_count: count(|r| r.missed),
        late_count: count(|r| r.late),
        sign_off: view.sign_off.clone(),
    }
}

/// How urgent an entry is: overdue (longest first), then due (soonest
/// first), then the rest (longest running first).
fn urgency(e: &BoardEntry) -> (u8, DateTime<Utc>) {
    match (e.overdue.first(), &e.next_due) {
        (Some(o), _) => (0, o.at),
        (None, Some(d)) => (1, d.at),
        (None, None) => (2, e.started_at),
    }
}

/// Entries in the board's order: most urgent first.
pub fn most_urgent_first(entries: &mut [BoardEntry]) {
    entries.sort_by(|a, b| urgency(a).cmp(&urgency(b)).then(a.episode_id.cmp(&b.episode_id)));
}

/// The board from its entries, most urgent first.
pub fn matron_board(
    mut entries: Vec<BoardEntry>,
    awaiting_sign_off: Vec<EndedEpisode>,
    now: DateTime<Utc>,
) -> MatronBoard {
    most_urgent_first(&mut entries);
    let overdue_count = entries.iter().filter(|e| !e.overdue.is_empty()).count() as u32;
    MatronBoard { evaluated_at: now, entries, overdue_count, awaiting_sign_off }
}

/// A requirement of the compliance that is missed now while the episode goes on.
pub fn is_overdue(c: &Compliance) -> bool {
    c.requirements.iter().any(|r| r.overdue_since.is_some() && r.state == ComplianceState::Missed)
}

#[cfg(test)]
mod tests {
    use super::super::testkit::{add, m, seclusion, view};
    use super::super::{evaluate, ReviewKind, ReviewRules};
    use super::*;

    #[test]
    fn board_orders_overdue_first_then_soonest_due_code_26() {
        let rules = ReviewRules::default();
        // A: started 0, observations kept up, doctor authorised; evaluated at 100 min.
        let mut a = seclusion(true, None);
        a.episode.id = uuid::Uuid::from_u128(1);
        for at in [10, 25, 40, 55, 70, 85] {
            add(&mut a, None, m(at), None);
        }
        // B: nothing recorded: the first observation (due at 15) is overdue.
        let mut b = seclusion(true, None);
        b.episode.id = uuid::Uuid::from_u128(2);
        let now = m(100);
        let ca = evaluate(&a, &[], &rules, now);
        let cb = evaluate(&b, &[], &rules, now);
        let board = matron_board(vec![board_entry(&view(&a), &ca), board_entry(&view(&b), &cb)], vec![], now);
        assert_eq!(board.entries[0].episode_id, b.episode.id, "overdue first");
        assert_eq!(board.overdue_count, 1);
        let first = &board.entries[0].overdue[0];
        assert_eq!((first.rule_id, first.at), (RuleId::SeclusionObservation, m(15)));
        assert_eq!(board.entries[1].next_due.as_ref().map(|d| d.at), Some(m(100)), "85 + 15");
        assert!(board.entries[1].overdue.is_empty());
        assert!(is_overdue(&cb) && !is_overdue(&ca));
    }

    #[test]
    fn board_marks_seclusion_past_8_hours_for_the_independent_mdt_review_code_26() {
        let rules = ReviewRules::default();
        let mut t = seclusion(true, None);
        add(&mut t, Some(ReviewKind::Nursing), m(60), None);
        for (now, past) in [(m(479), false), (m(480), true), (m(600), true)] {
            let e = board_entry(&view(&t), &evaluate(&t, &[], &rules, now));
            assert_eq!(e.independent_review_at, Some(m(480)), "at {now}");
            assert_eq!(e.past_independent_threshold, past, "at {now}");
        }
        let dbg = format!("{:?}", board_entry(&view(&t), &evaluate(&t, &[], &rules, m(10))));
        assert!(!dbg.contains("A Patient") && !dbg.contains("943"), "no patient identifiers in Debug: {dbg}");
    }
}
