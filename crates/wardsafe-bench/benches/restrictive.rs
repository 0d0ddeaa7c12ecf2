//! Seclusion and long-term segregation (issue 5):
//! - the review engine's compliance for 10,000 episodes with their
//!   observations and reviews (the engine alone, timelines in memory: what a
//!   report or a board pays per episode);
//! - the matron's board across 50 wards, as the UI calls it (`App::call`,
//!   JSON in and out), on a file database holding 150 active episodes with
//!   their records and ended episodes awaiting sign-off.
//!
//! `cargo bench -p wardsafe-bench --bench restrictive`
//! (`WARDSAFE_BENCH_SMALL=1` for a quick smoke run).

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::{json, Value};
use std::time::Duration as Elapsed;
use uuid::Uuid;
use wardsafe_bench::{measure, ms, runs, small, Stats, Table};
use wardsafe_commands::scale::{generate, ScaleSpec, MATRON, SCALE_PASSWORD};
use wardsafe_commands::App;
use wardsafe_domain::restrictive::{
    evaluate, ClinicalRole, Episode, EpisodeKind, EpisodeTimeline, Observation, Review, ReviewKind, ReviewRules,
};

fn row(table: &mut Table, what: &str, size: String, s: Stats, target_ms: u64) {
    let verdict = if s.median <= Elapsed::from_millis(target_ms) { "met" } else { "NOT MET" };
    let target = format!("≤ {target_ms} ms: {verdict}");
    table.row(vec![what.into(), size, s.runs.to_string(), ms(s.median), ms(s.p90), ms(s.max), target]);
}

/// A small deterministic generator (xorshift), so every run measures the same episodes.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn review(kind: ReviewKind, at: DateTime<Utc>) -> Review {
    use ClinicalRole::*;
    let (by, other_staff) = match kind {
        ReviewKind::Nursing => (RegisteredNurse, vec![HealthcareAssistant]),
        ReviewKind::Medical => (Doctor, vec![]),
        ReviewKind::InternalMdt => (ApprovedClinician, vec![RegisteredNurse, OtherProfessional]),
        ReviewKind::ApprovedClinician => (ApprovedClinician, vec![]),
        _ => (IndependentClinician, vec![RegisteredNurse]),
    };
    Review { id: Uuid::now_v7(), kind, at, by, other_staff, note: String::new() }
}

/// One episode as a ward keeps it: observations every 15 minutes (seclusion)
/// and the reviews the Code asks for, with about one in twenty late or missed.
fn timeline(rng: &mut Rng, now: DateTime<Utc>) -> EpisodeTimeline {
    let seclusion = rng.below(5) > 0;
    let minutes = if seclusion { 30 + rng.below(20 * 60) } else { 2 * 1440 + rng.below(60 * 1440) } as i64;
    // Nine in ten ended some time in the last 30 days; the rest go on now.
    let ended = rng.below(10) > 0;
    let shift = if ended { rng.below(30 * 1440) as i64 } else { 0 };
    let started_at = now - Duration::minutes(minutes + shift);
    let until = started_at + Duration::minutes(minutes);
    let doctor = rng.below(3) == 0;
    let mut t = EpisodeTimeline {
        episode: Episode {
            id: Uuid::now_v7(),
            kind: if seclusion { EpisodeKind::Seclusion } else { EpisodeKind::LongTermSegregation },
            patient_id: Uuid::now_v7(),
            ward_id: Uuid::nil(),
            room_area_id: None,
            started_at,
            authorised_by: if seclusion && !doctor { ClinicalRole::RegisteredNurse } else { ClinicalRole::Doctor },
            authorised_by_doctor: doctor || !seclusion,
            reason: "Risk of serious harm to others".into(),
            ended_at: ended.then_some(until),
            ending: None,
            debrief_offered: None,
        },
        observations: vec![],
        reviews: vec![],
    };
    let mut every = |step: i64, kind: Option<ReviewKind>, t: &mut EpisodeTimeline| {
        let mut at = started_at + Duration::minutes(step - rng.below(3) as i64);
        while at < until {
            if rng.below(20) > 0 {
                match kind {
                    None => t.observations.push(Observation {
                        id: Uuid::now_v7(),
                        at,
                        by: ClinicalRole::HealthcareAssistant,
                        note: String::new(),
                    }),
                    Some(k) => t.reviews.push(review(k, at)),
                }
            }
            at += Duration::minutes(step + rng.below(3) as i64 - 1);
        }
    };
    if seclusion {
        every(15, None, &mut t);
        every(120, Some(ReviewKind::Nursing), &mut t);
        every(240, Some(ReviewKind::Medical), &mut t);
        every(1440, Some(ReviewKind::InternalMdt), &mut t);
    } else {
        every(1440, Some(ReviewKind::ApprovedClinician), &mut t);
        every(7 * 1440, Some(ReviewKind::InternalMdt), &mut t);
        t.reviews.push(review(ReviewKind::AdvocateInformed, started_at + Duration::hours(2)));
        t.reviews.push(review(ReviewKind::CommissionerInformed, started_at + Duration::hours(3)));
        t.reviews.push(review(ReviewKind::CarePlan, started_at + Duration::hours(4)));
    }
    t.observations.sort_by_key(|o| o.at);
    t.reviews.sort_by_key(|r| r.at);
    t
}

fn compliance(table: &mut Table, now: DateTime<Utc>) {
    let count = if small() { 1_000 } else { 10_000 };
    let mut rng = Rng(0x5eed_cafe);
    let timelines: Vec<EpisodeTimeline> = (0..count).map(|_| timeline(&mut rng, now)).collect();
    let records: usize = timelines.iter().map(|t| t.observations.len() + t.reviews.len()).sum();
    let rules = ReviewRules::default();
    let s = measure(2, runs(20), || {
        timelines.iter().map(|t| evaluate(t, &[], &rules, now).requirements.len()).sum::<usize>()
    });
    row(table, "Compliance, every episode", format!("{count} episodes, {records} records"), s, 200);
}

fn board(table: &mut Table, now: DateTime<Utc>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("board.sqlite3");
    let app = App::open(&path).expect("open");
    let wards = if small() { 10 } else { 50 };
    let spec = ScaleSpec { wards, areas_per_ward: 2, months: 1, points_per_area: 1, actions_per_ward: 0, seed: 5 };
    generate(app.store(), &spec, now).expect("generate the trust");
    let session = app.call("sign_in", None, json!({"username": MATRON, "password": SCALE_PASSWORD})).expect("sign in");
    let session = session["session"].as_str().expect("session").to_string();
    let call = |name: &str, input: Value| -> Value {
        app.call(name, Some(&session), input).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let list = call("list_my_wards", Value::Null);
    let mut rng = Rng(0xb0a2d);
    let mut records = 0;
    for (w, ward) in list.as_array().expect("wards").iter().enumerate() {
        let ward_id = &ward["ward"]["id"];
        let room = call("list_areas", json!({"wardId": ward_id}))[0]["id"].clone();
        for e in 0..5u64 {
            let started = now - Duration::minutes(30 + rng.below(10 * 60) as i64);
            let nhs = nhs_number(w as u64 * 10 + e);
            let detail = call(
                "start_seclusion",
                json!({"wardId": ward_id, "roomAreaId": room, "patientName": format!("Patient {w}-{e}"), "nhsNumber": nhs,
                       "startedAt": started.to_rfc3339(), "authorisedBy": "doctor", "authorisedByName": "Dr A",
                       "reason": "Serious assault"}),
            );
            let id = detail["episode"]["episode"]["id"].clone();
            let mut at = started + Duration::minutes(14);
            while at < now - Duration::minutes(2) {
                if rng.below(12) > 0 {
                    call(
                        "record_observation",
                        json!({"episodeId": id, "at": at.to_rfc3339(), "by": "healthcare_assistant"}),
                    );
                    records += 1;
                }
                at += Duration::minutes(15);
            }
            // Two of five per ward have ended and wait for the matron's sign-off.
            if e >= 3 {
                let end = (at - Duration::minutes(1)).max(started + Duration::minutes(20)).min(now);
                call(
                    "end_episode",
                    json!({"episodeId": id, "endedAt": end.to_rfc3339(), "ending": "ended_at_review", "debriefOffered": true}),
                );
            }
        }
    }
    let first = call("matron_board", json!({}));
    let size = format!(
        "{wards} wards, {} active, {} awaiting sign-off, {records} observations",
        first["entries"].as_array().map_or(0, |a| a.len()),
        first["awaitingSignOff"].as_array().map_or(0, |a| a.len())
    );
    let s = measure(2, runs(30), || call("matron_board", json!({})));
    row(table, "Matron's board, every ward", size, s, 30);
}

/// A valid NHS number (modulus 11) from a seed: nine digits and their check digit.
fn nhs_number(seed: u64) -> String {
    let mut n = 400_000_000 + seed * 7;
    loop {
        let sum: u64 = n.to_string().bytes().enumerate().map(|(i, d)| u64::from(d - b'0') * (10 - i as u64)).sum();
        match 11 - sum % 11 {
            11 => return format!("{n}0"),
            10 => n += 1,
            check => return format!("{n}{check}"),
        }
    }
}

fn main() {
    let now = Utc::now().duration_trunc(Duration::minutes(1)).expect("now");
    let mut table = Table::new(&["Measurement", "Size", "Runs", "Median ms", "p90 ms", "Max ms", "Target"]);
    compliance(&mut table, now);
    board(&mut table, now);
    table.print();
}
