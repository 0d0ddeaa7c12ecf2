//! Tests of findings.rs: which findings become drafts.

use super::*;

fn q(id: &str, area: Option<(u128, &str)>) -> FailedCritical {
    FailedCritical {
        question_id: id.into(),
        text: format!("{id} checked and safe? "),
        area_id: area.map(|(a, _)| Uuid::from_u128(a)),
        area_name: area.map(|(_, n)| n.to_string()),
    }
}

fn point(id: u128, score: u8, residual: Option<u8>, status: PointStatus) -> AssessedPoint {
    AssessedPoint {
        point_id: Uuid::from_u128(id),
        area_id: Uuid::from_u128(100),
        area_name: "Bedroom 3".into(),
        fixture: FixtureType::CurtainRail,
        location: "above the window".into(),
        score,
        residual_score: residual,
        status,
    }
}

#[test]
fn one_draft_per_failed_critical_question_per_area_at_high() {
    let failed = [
        q("cutters", None),
        q("door", Some((1, "Bedroom 1"))),
        q("door", Some((2, "Bedroom 2"))),
        q("door", Some((1, "Bedroom 1"))), // the same answer reported twice
    ];
    let drafts = drafts_from_walkround(&failed, &[], &[]);
    assert_eq!(drafts.len(), 3);
    assert!(drafts.iter().all(|d| d.band == Band::High && d.source == ActionSource::FailedQuestion));
    assert_eq!(drafts[0].title, "Ward: failed critical check — cutters checked and safe?");
    assert_eq!(drafts[1].title, "Bedroom 1: failed critical check — door checked and safe?");
    assert_eq!(drafts[2].area_id, Some(Uuid::from_u128(2)));
}

#[test]
fn points_scored_moderate_or_above_by_their_residual_score() {
    use PointStatus::*;
    // (score, residual, status, draft band)
    let cases = [
        (3, None, Open, None),
        (4, None, Open, Some(Band::Moderate)),
        (12, None, Open, Some(Band::High)),
        (25, None, Open, Some(Band::Extreme)),
        (16, Some(3), Open, None), // controls bring it to low
        (16, Some(6), Mitigated, Some(Band::Moderate)),
        (20, None, Removed, None),
        (20, None, Accepted, None),
    ];
    for (score, residual, status, want) in cases {
        let drafts = drafts_from_walkround(&[], &[point(1, score, residual, status)], &[]);
        assert_eq!(drafts.first().map(|d| d.band), want, "{score} {residual:?} {status:?}");
        assert!(drafts.len() <= 1);
    }
    let d = &drafts_from_walkround(&[], &[point(7, 16, None, Open)], &[])[0];
    assert_eq!(d.title, "Bedroom 3: extreme ligature risk — Curtain or blind rail, above the window");
    assert_eq!((d.source, d.finding.clone()), (ActionSource::LigaturePoint, Finding::Point(Uuid::from_u128(7))));
}

#[test]
fn never_two_drafts_for_the_same_point() {
    use PointStatus::Open;
    let drafts = drafts_from_walkround(&[], &[point(1, 4, None, Open), point(1, 15, None, Open)], &[]);
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].band, Band::Extreme, "the worse assessment wins");
    // A point that already has an outstanding action gets no new draft.
    let outstanding = [Finding::Point(Uuid::from_u128(1))];
    assert!(drafts_from_walkround(&[], &[point(1, 15, None, Open)], &outstanding).is_empty());
    let outstanding = [Finding::Question { question_id: "cutters".into(), area_id: None }];
    assert!(drafts_from_walkround(&[q("cutters", None)], &[], &outstanding).is_empty());
}

#[test]
fn drafts_come_worst_first_and_titles_skip_a_blank_location() {
    use PointStatus::Open;
    let mut blank = point(2, 6, None, Open);
    blank.location = "  ".into();
    let drafts = drafts_from_walkround(&[q("cutters", None)], &[blank, point(3, 20, None, Open)], &[]);
    let bands: Vec<Band> = drafts.iter().map(|d| d.band).collect();
    assert_eq!(bands, [Band::Extreme, Band::High, Band::Moderate]);
    assert_eq!(drafts[2].title, "Bedroom 3: moderate ligature risk — Curtain or blind rail");
    assert!(drafts_from_walkround(&[], &[], &[]).is_empty());
}
