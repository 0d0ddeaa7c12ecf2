//! The restrictive practice report from hand-made rows that cross the
//! change to British Summer Time (29 March 2026, 01:00 UTC) and month
//! boundaries, where London and UTC months differ.

use super::*;
use crate::restrictive::engine::evaluate;
use crate::restrictive::restraint::{ChemicalRestraint, ForceType, PositionChange, Route};
use crate::restrictive::test_util::utc;
use crate::restrictive::testkit::{add, episode};
use crate::restrictive::use_of_force::ProtectedCharacteristics;
use crate::restrictive::vocab::ReviewKind;
use crate::restrictive::{EpisodeKind, EpisodeTimeline, ReviewRules};
use chrono::Duration;

fn ward(n: u128, name: &str) -> ReportWard {
    ReportWard { id: Uuid::from_u128(n), name: name.into() }
}

fn ep(id: u128, ward: u128, kind: EpisodeKind, start: &str, minutes: Option<i64>) -> EpisodeTimeline {
    let start = utc(start);
    let mut timeline = episode(kind, start, true, minutes.map(|m| start + Duration::minutes(m)));
    timeline.episode.id = Uuid::from_u128(id);
    timeline.episode.ward_id = Uuid::from_u128(ward);
    timeline
}

/// As the report counts it at `now`: evaluated at its end, or at `now` while it goes on.
fn counted(t: &EpisodeTimeline, now: DateTime<Utc>) -> ReportEpisode {
    ReportEpisode::of(&t.episode, &evaluate(t, &[], &ReviewRules::default(), now))
}

/// A use of force in `ward` from `start`: prone from 2 minutes in for `prone` minutes, then supine.
fn force(ward: u128, start: &str, prone: i64, sex: Option<&str>) -> UseOfForce {
    let s = utc(start);
    let at = |m: i64| s + Duration::minutes(m);
    let json = serde_json::json!({"wardId": Uuid::from_u128(ward), "recordedAt": at(60)});
    let mut f: UseOfForce = serde_json::from_value(json).unwrap();
    f.started_at = Some(s);
    f.ended_at = Some(at(30));
    f.force_types = vec![ForceType::Physical, ForceType::Chemical];
    f.positions = vec![
        PositionChange { at: at(0), code: "07".into() },
        PositionChange { at: at(2), code: "01".into() },
        PositionChange { at: at(2 + prone), code: "09".into() },
    ];
    f.chemical = vec![ChemicalRestraint {
        at: at(5),
        medication: "Lorazepam".into(),
        route: Route::Intramuscular,
        rapid_tranquillisation: true,
    }];
    f.protected_characteristics = Some(ProtectedCharacteristics {
        age_years: Some(34),
        sex: sex.map(String::from),
        religion_or_belief: Some("Prefer not to say".into()),
        ..Default::default()
    });
    f
}

fn month(s: &str) -> Month {
    Month::parse("month", s).unwrap()
}

fn row<'a>(r: &'a RestrictiveReport, ward: Option<u128>, m: &str) -> &'a Measures {
    let mut all = r.rows.iter().chain(&r.totals);
    let found = all.find(|x| x.ward_id == ward.map(Uuid::from_u128) && x.month == Some(month(m)));
    &found.unwrap_or_else(|| panic!("no row {ward:?} {m}")).measures
}

#[test]
fn report_counts_by_london_month_across_the_clock_change() {
    let wards = [ward(2, "Beech"), ward(1, "Ash")];
    let mut april_ep = ep(11, 1, EpisodeKind::Seclusion, "2026-03-31T23:30:00Z", Some(60)); // 00:30 BST 1 April
    add(&mut april_ep, None, utc("2026-03-31T23:45:00Z"), None);
    add(&mut april_ep, Some(ReviewKind::Nursing), utc("2026-04-01T00:10:00Z"), None);
    let timelines = [
        ep(10, 1, EpisodeKind::Seclusion, "2026-03-10T10:00:00Z", Some(120)),
        ep(12, 1, EpisodeKind::Seclusion, "2026-03-20T10:00:00Z", Some(30)),
        april_ep,
        ep(13, 2, EpisodeKind::LongTermSegregation, "2026-03-29T00:30:00Z", None), // GMT, before the change
        ep(14, 1, EpisodeKind::Seclusion, "2026-02-28T23:30:00Z", Some(60)),       // February in London
        ep(15, 9, EpisodeKind::Seclusion, "2026-03-10T10:00:00Z", Some(60)),       // a ward not covered
    ];
    let mut negligible: UseOfForce = force(2, "2026-04-02T10:00:00Z", 0, None);
    negligible.negligible = true;
    let uses = vec![
        force(1, "2026-03-31T22:40:00Z", 12, Some("Female")), // 23:40 BST on 31 March: March
        force(1, "2026-03-31T23:10:00Z", 5, Some("female")),  // 00:10 BST on 1 April: April
        force(1, "2026-03-29T00:50:00Z", 10, Some("declined")), // across the change: 10 minutes prone
        force(1, "2026-02-28T23:59:00Z", 12, None),           // February
        negligible,
    ];
    let now = utc("2026-04-30T12:00:00Z");
    let rules = ReviewRules::default();
    let episodes: Vec<ReportEpisode> = timelines.iter().map(|t| counted(t, now)).collect();
    let r = restrictive_report(ReportInput {
        scope: "Test trust".into(),
        wards: &wards,
        from: month("2026-03"),
        to: month("2026-04"),
        episodes: &episodes,
        force: &uses,
        now,
    });
    assert_eq!(r.rows.len(), 4, "two wards × two months");
    let names: Vec<(String, String)> =
        r.rows.iter().map(|x| (x.month.unwrap().to_string(), x.ward_name.clone())).collect();
    assert_eq!(names[0], ("2026-03".to_string(), "Ash".to_string()), "month by month, wards by name");
    assert_eq!(names[3], ("2026-04".to_string(), "Beech".to_string()));

    let ash_march = row(&r, Some(1), "2026-03");
    assert_eq!(ash_march.seclusion.count, 2);
    assert_eq!(ash_march.seclusion.total_minutes, 150);
    assert_eq!(ash_march.seclusion.median_minutes, Some(75.0));
    assert_eq!(ash_march.seclusion.longest_minutes, Some(120));
    assert_eq!(ash_march.restraint.uses_of_force, 2);
    assert_eq!((ash_march.restraint.prone_10_or_under, ash_march.restraint.prone_over_10), (1, 1));
    assert_eq!(ash_march.restraint.by_position.get("01"), Some(&2));
    assert_eq!(ash_march.restraint.chemical_by_code.get("14"), Some(&2));
    assert_eq!(ash_march.restraint.chemical_by_route.get("intramuscular"), Some(&2));
    assert_eq!(ash_march.equality["sex"].get("female"), Some(&1));
    assert_eq!(ash_march.equality["sex"].get("declined"), Some(&1));
    assert_eq!(ash_march.equality["race"].get("not_known"), Some(&2));
    assert_eq!(ash_march.equality["religionOrBelief"].get("declined"), Some(&2));
    assert_eq!(ash_march.equality["ageBand"].get("25-34"), Some(&2));

    let ash_april = row(&r, Some(1), "2026-04");
    assert_eq!((ash_april.seclusion.count, ash_april.seclusion.total_minutes), (1, 60));
    assert_eq!((ash_april.restraint.prone_10_or_under, ash_april.restraint.prone_over_10), (1, 0));
    // Compliance is the engine's, at the end of the episode.
    let c = evaluate(&timelines[2], &[], &rules, utc("2026-04-01T00:30:00Z"));
    for req in &c.requirements {
        let got = &ash_april.compliance[req.rule_id.as_str()];
        assert_eq!((got.met, got.late, got.missed), (req.met, req.late, req.missed), "{:?}", req.rule_id);
        assert_eq!(got.rate, (got.due > 0).then(|| f64::from(got.met) / f64::from(got.due)));
    }
    assert!(ash_april.compliance["seclusion_observation"].met >= 1);

    let beech_march = row(&r, Some(2), "2026-03");
    let minutes = (now - utc("2026-03-29T00:30:00Z")).num_minutes() as u64;
    assert_eq!(beech_march.segregation.count, 1);
    assert_eq!((beech_march.segregation.ongoing, beech_march.segregation.total_minutes), (1, minutes));
    let beech_april = row(&r, Some(2), "2026-04");
    assert_eq!((beech_april.restraint.uses_of_force, beech_april.restraint.negligible), (1, 1));
    assert!(beech_april.equality.is_empty(), "negligible force is not in the equality breakdown");

    let trust_march = row(&r, None, "2026-03");
    assert_eq!((trust_march.seclusion.count, trust_march.segregation.count), (2, 1));
    assert_eq!(r.overall.measures.seclusion.count, 3);
    assert_eq!(r.overall.measures.restraint.uses_of_force, 4);
    assert_eq!(r.overall.measures.seclusion.median_minutes, Some(60.0));
}

/// Every CSV line of a row is a number of the row's JSON, at the path the line names.
#[test]
fn report_lines_name_the_numbers_of_the_json() {
    let wards = [ward(1, "Ash")];
    let now = utc("2026-04-01T00:00:00Z");
    let episodes = vec![counted(&ep(10, 1, EpisodeKind::Seclusion, "2026-03-10T10:00:00Z", Some(120)), now)];
    let uses = vec![force(1, "2026-03-12T10:00:00Z", 12, Some("male"))];
    let r = restrictive_report(ReportInput {
        scope: "Ash".into(),
        wards: &wards,
        from: month("2026-03"),
        to: month("2026-03"),
        episodes: &episodes,
        force: &uses,
        now,
    });
    let m = &r.rows[0].measures;
    let json = serde_json::to_value(m).unwrap();
    let lines = m.lines();
    assert!(lines.len() > 40, "{}", lines.len());
    for l in &lines {
        let mut v = &json;
        for seg in l.measure.split('.').chain((!l.category.is_empty()).then_some(l.category.as_str())) {
            v = &v[seg];
        }
        assert_eq!(v.as_f64(), Some(l.value), "{l:?}");
    }
    let prone = lines.iter().find(|l| l.measure == "restraint.proneOver10").unwrap();
    assert_eq!((prone.value, prone.mhsds_code), (1.0, "01"));
    let supine = lines.iter().find(|l| l.measure == "restraint.byPosition" && l.category == "09").unwrap();
    assert_eq!(supine.mhsds_code, "09");
}
