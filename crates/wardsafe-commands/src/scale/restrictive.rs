//! Seclusion, long-term segregation and use of force for a generated trust
//! (issue 5's benchmarks): episodes with their observations and reviews, and
//! use of force records, on every ward of a trust that already has wards
//! and users (as [`super::generate`] leaves it). Shared by the report,
//! compliance and board benchmarks.
//!
//! Everything is written through the store's one write path (`Tx::insert`,
//! a change-log row each) in one transaction. The content is deterministic
//! from [`RestrictiveSpec::seed`] (the splitmix64 generator of the walk-round
//! generator); record ids are UUID v7, so they differ from run to run. Most
//! reviews are on time, some late, a few missed; about one seclusion in
//! twenty and one segregation in five is still going on at `now`.

#[path = "restrictive_force.rs"]
mod force;

use super::{iso, text, Rng};
use crate::records::id_text;
use crate::restrictive::insert_use_of_force;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use uuid::Uuid;
use wardsafe_domain::restrictive::{ClinicalRole, EpisodeKind, NhsNumber, ReviewKind};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{DbResult, Entity, Store, Tx, Value};

/// What to generate, spread evenly over the wards and the months before `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictiveSpec {
    pub months: u32,
    /// Seclusion and segregation episodes in all (one in ten is segregation).
    pub episodes: u32,
    pub uses_of_force: u32,
    /// Patients per ward (a patient's episodes count together for "12 hours in 48").
    pub patients_per_ward: u32,
    pub seed: u64,
}

impl Default for RestrictiveSpec {
    /// A year of a 50-ward trust: 10,000 episodes and 20,000 uses of force.
    fn default() -> Self {
        RestrictiveSpec { months: 12, episodes: 10_000, uses_of_force: 20_000, patients_per_ward: 40, seed: 20_261_122 }
    }
}

impl RestrictiveSpec {
    pub fn small() -> RestrictiveSpec {
        RestrictiveSpec { months: 3, episodes: 60, uses_of_force: 120, patients_per_ward: 5, seed: 7 }
    }
}

/// What was generated and how long it took.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictiveGenerated {
    pub spec: RestrictiveSpec,
    pub episodes: u64,
    pub ongoing: u64,
    pub observations: u64,
    pub reviews: u64,
    pub uses_of_force: u64,
    pub change_rows: u64,
    pub elapsed_ms: u64,
}

struct Ward {
    id: Uuid,
    room: Option<Uuid>,
    staff: Uuid,
}

/// A valid NHS number from nine random digits (a check digit of 10 is never issued: try again).
fn nhs(rng: &mut Rng) -> NhsNumber {
    loop {
        let digits: String = (0..9).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
        let sum: u32 = digits.bytes().zip((2..=10).rev()).map(|(d, w)| u32::from(d - b'0') * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        if let Ok(n) = NhsNumber::parse("nhsNumber", &format!("{digits}{check}")) {
            return n;
        }
    }
}

fn wards(tx: &Tx) -> AppResult<Vec<Ward>> {
    let c = tx.conn();
    let mut stmt = c
        .prepare(
            "SELECT w.id,
                (SELECT a.id FROM areas a WHERE a.ward_id = w.id AND a.deleted = 0
                 ORDER BY a.area_type <> 'seclusion_room', a.position LIMIT 1),
                IFNULL((SELECT r.user_id FROM user_roles r WHERE r.ward_id = w.id AND r.deleted = 0 LIMIT 1),
                       (SELECT u.id FROM users u ORDER BY u.id LIMIT 1))
             FROM wards w WHERE w.deleted = 0 ORDER BY w.id",
        )
        .db()?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?)))
        .db()?;
    let parse = |s: &str| Uuid::parse_str(s).map_err(|e| AppError::internal(format!("bad id in the store: {e}")));
    let mut out = Vec::new();
    for row in rows {
        let (w, room, staff) = row.db()?;
        let staff = staff.ok_or_else(|| AppError::invalid_state("generate the trust's users first"))?;
        out.push(Ward { id: parse(&w)?, room: room.as_deref().map(parse).transpose()?, staff: parse(&staff)? });
    }
    Ok(out)
}

/// Add the spec's episodes and uses of force to every ward of the trust in `store`.
pub fn generate_restrictive(
    store: &Store,
    spec: &RestrictiveSpec,
    now: DateTime<Utc>,
) -> AppResult<RestrictiveGenerated> {
    let started = Instant::now();
    if spec.months == 0 || spec.patients_per_ward == 0 {
        return Err(AppError::validation("spec", "at least one month and one patient per ward"));
    }
    let mut rng = Rng(spec.seed);
    let span_minutes = i64::from(spec.months) * 30 * 24 * 60;
    let mut g = RestrictiveGenerated { spec: *spec, ..Default::default() };
    store.write(None, |tx| {
        let wards = wards(tx)?;
        if wards.is_empty() {
            return Err(AppError::invalid_state("generate the trust's wards first"));
        }
        let patients: Vec<Vec<NhsNumber>> =
            wards.iter().map(|_| (0..spec.patients_per_ward).map(|_| nhs(&mut rng)).collect()).collect();
        for i in 0..spec.episodes {
            let w = i as usize % wards.len();
            let patient = &patients[w][rng.below(spec.patients_per_ward) as usize];
            let start = now - Duration::minutes(60 + i64::from(rng.below(span_minutes as u32)));
            episode(tx, &mut g, &wards[w], patient, start, now, &mut rng)?;
        }
        for i in 0..spec.uses_of_force {
            let w = i as usize % wards.len();
            let patient = &patients[w][rng.below(spec.patients_per_ward) as usize];
            let start = now - Duration::minutes(60 + i64::from(rng.below(span_minutes as u32)));
            let record = force::use_of_force(tx.new_id(), &wards[w], patient, start, &mut rng);
            insert_use_of_force(tx, &record, wards[w].staff)?;
            g.uses_of_force += 1;
        }
        Ok(())
    })?;
    g.change_rows = g.episodes + g.observations + g.reviews + g.uses_of_force;
    g.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(g)
}

/// On time (mostly), a little late, or not at all: the minute something due at `due` is done.
fn when(rng: &mut Rng, due: i64, grace: i64) -> Option<i64> {
    match rng.below(100) {
        0..=84 => Some(due - i64::from(rng.below(grace.max(1) as u32))),
        85..=94 => Some(due + 1 + i64::from(rng.below(20))),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn episode(
    tx: &mut Tx,
    g: &mut RestrictiveGenerated,
    ward: &Ward,
    patient: &NhsNumber,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> AppResult<()> {
    let lts = rng.chance(1, 10);
    let kind = if lts { EpisodeKind::LongTermSegregation } else { EpisodeKind::Seclusion };
    // Seclusion: mostly a few hours, some over 8; segregation: days to weeks.
    let minutes = if lts {
        60 * 24 * (3 + i64::from(rng.below(40)))
    } else {
        30 + i64::from(rng.below(6 * 60)) + if rng.chance(1, 6) { i64::from(rng.below(20 * 60)) } else { 0 }
    };
    let ongoing = if lts { rng.chance(1, 5) } else { rng.chance(1, 20) };
    let start = if ongoing { now - Duration::minutes(i64::from(rng.below(minutes as u32)) + 1) } else { start };
    let end = (!ongoing).then(|| start + Duration::minutes(minutes)).filter(|e| *e < now);
    let until = ((end.unwrap_or(now) - start).num_minutes()).max(0);
    let doctor = !lts && rng.chance(1, 3);
    let id = tx.new_id();
    let by = if lts {
        ClinicalRole::ApprovedClinician
    } else if doctor {
        ClinicalRole::Doctor
    } else {
        ClinicalRole::RegisteredNurse
    };
    tx.insert(
        Entity::RestrictiveEpisode,
        id,
        &[
            ("kind", text(kind.as_str())),
            ("ward_id", id_text(ward.id)),
            ("room_area_id", if lts { Value::Null } else { ward.room.map(id_text).unwrap_or(Value::Null) }),
            ("patient_name", text("Generated Patient")),
            ("nhs_number", text(patient.digits())),
            ("started_at", text(iso(start))),
            ("authorised_role", text(by.as_str())),
            ("authorised_by_name", text("Dr Generated")),
            ("authorised_by_doctor", Value::Integer(doctor.into())),
            ("reason", text("Serious risk of harm to others")),
            ("care_plan", if lts { text("Graded return to the ward") } else { Value::Null }),
            ("started_by", id_text(ward.staff)),
            ("recorded_at", text(iso(start))),
            ("ended_at", end.map(|e| text(iso(e))).unwrap_or(Value::Null)),
            ("ending", end.map(|_| text("ended_at_review")).unwrap_or(Value::Null)),
            ("debrief_offered", end.map(|_| Value::Integer(1)).unwrap_or(Value::Null)),
            ("ended_by", end.map(|_| id_text(ward.staff)).unwrap_or(Value::Null)),
        ],
    )?;
    g.episodes += 1;
    g.ongoing += u64::from(end.is_none());
    let ep = Ep { id, start, staff: ward.staff, until };
    use ClinicalRole::*;
    if lts {
        each(&ep, 24 * 60, 24 * 60, 120, tx, g, rng, &mut |tx, g, at| {
            review(tx, g, &ep, ReviewKind::ApprovedClinician, at, ApprovedClinician, &[])
        })?;
        each(&ep, 7 * 24 * 60, 7 * 24 * 60, 600, tx, g, rng, &mut |tx, g, at| {
            review(tx, g, &ep, ReviewKind::InternalMdt, at, ApprovedClinician, &[RegisteredNurse, OtherProfessional])
        })?;
        for (k, at) in
            [(ReviewKind::AdvocateInformed, 60), (ReviewKind::CommissionerInformed, 120), (ReviewKind::CarePlan, 240)]
        {
            if at <= until {
                review(tx, g, &ep, k, at, RegisteredNurse, &[])?;
            }
        }
        return Ok(());
    }
    each(&ep, 15, 15, 5, tx, g, rng, &mut |tx, g, at| {
        g.observations += 1;
        tx.insert(
            Entity::EpisodeObservation,
            tx.new_id(),
            &[
                ("episode_id", id_text(ep.id)),
                ("at", text(iso(ep.start + Duration::minutes(at)))),
                ("by_role", text(HealthcareAssistant.as_str())),
                ("note", text("Lying on the mattress, calm")),
                ("recorded_by", id_text(ep.staff)),
                ("recorded_at", text(iso(ep.start + Duration::minutes(at)))),
            ],
        )
    })?;
    each(&ep, 120, 120, 20, tx, g, rng, &mut |tx, g, at| {
        review(tx, g, &ep, ReviewKind::Nursing, at, RegisteredNurse, &[HealthcareAssistant])
    })?;
    let first = if doctor { 240 } else { 60 };
    each(&ep, 240, first, 30, tx, g, rng, &mut |tx, g, at| review(tx, g, &ep, ReviewKind::Medical, at, Doctor, &[]))?;
    let mdt = 6 * 60 + i64::from(rng.below(14 * 60));
    if mdt <= until {
        review(tx, g, &ep, ReviewKind::InternalMdt, mdt, ApprovedClinician, &[RegisteredNurse, OtherProfessional])?;
    }
    if until > 8 * 60 && rng.chance(4, 5) {
        review(
            tx,
            g,
            &ep,
            ReviewKind::IndependentMdt,
            (8 * 60 + 30).min(until),
            IndependentClinician,
            &[RegisteredNurse],
        )?;
    }
    Ok(())
}

/// The episode records are added to: its id, start, who records, and its length so far in minutes.
struct Ep {
    id: Uuid,
    start: DateTime<Utc>,
    staff: Uuid,
    until: i64,
}

type Record<'a> = dyn FnMut(&mut Tx, &mut RestrictiveGenerated, i64) -> AppResult<()> + 'a;

/// Something due every `every` minutes from minute `first`: done (mostly on time) at each due time.
#[allow(clippy::too_many_arguments)]
fn each(
    ep: &Ep,
    every: i64,
    first: i64,
    grace: i64,
    tx: &mut Tx,
    g: &mut RestrictiveGenerated,
    rng: &mut Rng,
    f: &mut Record,
) -> AppResult<()> {
    let mut due = first;
    while due <= ep.until {
        match when(rng, due, grace).filter(|at| *at > 0 && *at <= ep.until) {
            Some(at) => {
                f(tx, g, at)?;
                due = at + every;
            }
            None => due += every,
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn review(
    tx: &mut Tx,
    g: &mut RestrictiveGenerated,
    ep: &Ep,
    kind: ReviewKind,
    at: i64,
    by: ClinicalRole,
    others: &[ClinicalRole],
) -> AppResult<()> {
    g.reviews += 1;
    let at = text(iso(ep.start + Duration::minutes(at)));
    let others = serde_json::to_string(others).map_err(|e| AppError::internal(format!("could not encode: {e}")))?;
    tx.insert(
        Entity::EpisodeReview,
        tx.new_id(),
        &[
            ("episode_id", id_text(ep.id)),
            ("kind", text(kind.as_str())),
            ("at", at.clone()),
            ("by_role", text(by.as_str())),
            ("by_name", text("Generated Clinician")),
            ("other_staff", text(others)),
            ("note", text("")),
            ("recorded_by", id_text(ep.staff)),
            ("recorded_at", at),
        ],
    )
}

#[cfg(test)]
#[path = "restrictive_tests.rs"]
mod tests;
