//! The generated trust's use of force records: a twentieth negligible, the
//! rest complete under s6 (a)–(p) with positions (a quarter prone, for 1 to
//! 16 minutes), a fifth with chemical restraint, a few mechanical, and
//! protected characteristics that are sometimes not known or declined.

use super::super::Rng;
use super::Ward;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use wardsafe_domain::restrictive::restraint::{
    ChemicalRestraint, ForceType, MechanicalRestraint, PositionChange, Route,
};
use wardsafe_domain::restrictive::use_of_force::{
    IfKnown, LdAutism, ProtectedCharacteristics, StaffInvolved, UseOfForce,
};
use wardsafe_domain::restrictive::NhsNumber;

const SEXES: [&str; 4] = ["male", "female", "not_known", "declined"];
const RACES: [&str; 7] =
    ["white british", "black caribbean", "black african", "asian pakistani", "mixed", "not_known", "declined"];
const RELIGIONS: [&str; 6] = ["none", "christian", "muslim", "hindu", "not_known", "declined"];
const POSITIONS: [&str; 6] = ["07", "08", "09", "10", "11", "12"];

pub(super) fn use_of_force(
    id: Uuid,
    ward: &Ward,
    patient: &NhsNumber,
    start: DateTime<Utc>,
    rng: &mut Rng,
) -> UseOfForce {
    let at = |m: i64| start + Duration::minutes(m);
    let negligible = rng.chance(1, 20);
    let mut r = UseOfForce {
        id,
        ward_id: ward.id,
        episode_id: None,
        recorded_at: at(90),
        negligible,
        negligible_reason: None,
        reason: None,
        place: None,
        started_at: Some(start),
        ended_at: None,
        force_types: vec![],
        in_care_plan: None,
        patient_name: None,
        how_used: None,
        nhs_number: None,
        staff: vec![],
        non_staff_involved: None,
        non_staff_reason: None,
        mental_disorder: None,
        protected_characteristics: None,
        learning_disability_or_autism: None,
        outcome: None,
        died_or_seriously_injured: None,
        efforts_to_avoid: None,
        care_plan_people_notified: None,
        positions: vec![],
        chemical: vec![],
        mechanical: vec![],
        injuries: None,
        debrief_offered: None,
    };
    if negligible {
        r.negligible_reason = Some("Guided by the arm, no resistance".into());
        return r;
    }
    let minutes = 3 + i64::from(rng.below(30));
    let mut positions = vec![PositionChange { at: at(0), code: rng.pick(&POSITIONS).into() }];
    if rng.chance(1, 4) {
        let prone = 1 + i64::from(rng.below(16));
        positions.push(PositionChange { at: at(1), code: "01".into() });
        positions.push(PositionChange { at: at((1 + prone).min(minutes)), code: "09".into() });
    }
    let mut types = vec![ForceType::Physical];
    if rng.chance(1, 5) {
        types.push(ForceType::Chemical);
        let route = if rng.chance(3, 4) { Route::Intramuscular } else { Route::Oral };
        r.chemical = vec![ChemicalRestraint {
            at: at(2),
            medication: "Lorazepam".into(),
            route,
            rapid_tranquillisation: rng.chance(2, 3),
        }];
    }
    if rng.chance(1, 100) {
        types.push(ForceType::Mechanical);
        r.mechanical = vec![MechanicalRestraint {
            started_at: at(1),
            ended_at: Some(at(minutes)),
            device: "Emergency response belt".into(),
        }];
    }
    let pick = |rng: &mut Rng, xs: &[&str]| Some(rng.pick(xs).to_string());
    r.protected_characteristics = Some(ProtectedCharacteristics {
        age_years: rng.chance(9, 10).then(|| 16 + rng.below(60)),
        sex: pick(rng, &SEXES),
        race: pick(rng, &RACES),
        religion_or_belief: pick(rng, &RELIGIONS),
        ..Default::default()
    });
    r.reason = Some("Assault on a member of staff".into());
    r.place = Some("Ward lounge".into());
    r.ended_at = Some(at(minutes));
    r.force_types = types;
    r.in_care_plan = Some(rng.chance(2, 3));
    r.patient_name = Some("Generated Patient".into());
    r.how_used = Some("Two-person hold".into());
    r.nhs_number = Some(patient.clone());
    r.staff = vec![StaffInvolved { name: "Staff One".into(), job_title: "Staff nurse".into() }];
    r.non_staff_involved = Some(false);
    r.mental_disorder = Some(if rng.chance(4, 5) { IfKnown::Known("Schizophrenia".into()) } else { IfKnown::NotKnown });
    r.learning_disability_or_autism = Some(rng.pick(LdAutism::ALL));
    r.outcome = Some("Settled".into());
    r.died_or_seriously_injured = Some(false);
    r.efforts_to_avoid = Some("Verbal de-escalation".into());
    r.care_plan_people_notified = Some(true);
    r.positions = positions;
    r.debrief_offered = Some(true);
    r
}
