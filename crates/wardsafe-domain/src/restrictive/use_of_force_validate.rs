//! Checking a use of force record: s6 (a)–(p) in order, then the restraint
//! detail. Each problem names its field.

use super::{IfKnown, UseOfForce};
use crate::error::AppError;
use crate::restrictive::checks::london_time;
use crate::restrictive::restraint::{mhsds_code, ForceType};
use chrono::{DateTime, Utc};

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

pub(super) fn problems(r: &UseOfForce, now: DateTime<Utc>) -> Vec<AppError> {
    let mut out = Vec::new();
    let mut need = |missing: bool, field: &str, item: &str| {
        if missing {
            out.push(AppError::validation(field, format!("s6 ({item}) is required")));
        }
    };
    if r.negligible {
        need(blank(&r.negligible_reason), "negligibleReason", "why the force was negligible");
    } else {
        need(blank(&r.reason), "reason", "a: the reason force was used");
        need(blank(&r.place), "place", "b: the place");
        need(r.started_at.is_none(), "startedAt", "b: the date and time it started");
        need(r.ended_at.is_none(), "endedAt", "b: when it ended, for its duration");
        need(r.force_types.is_empty(), "forceTypes", "c: the type or types of force");
        need(r.in_care_plan.is_none(), "inCarePlan", "d: whether the type of force is in the care plan");
        need(blank(&r.patient_name), "patientName", "e: the patient's name");
        need(blank(&r.how_used), "howUsed", "f: how force was used");
        need(r.nhs_number.is_none(), "nhsNumber", "g: the patient's NHS number");
        need(r.staff.is_empty(), "staff", "h: each member of staff who used force");
        need(r.non_staff_involved.is_none(), "nonStaffInvolved", "i: whether anyone who is not staff was involved");
        need(
            r.non_staff_involved == Some(true) && blank(&r.non_staff_reason),
            "nonStaffReason",
            "i: why they were involved",
        );
        let disorder_blank = matches!(&r.mental_disorder, Some(IfKnown::Known(s)) if s.trim().is_empty());
        need(
            r.mental_disorder.is_none() || disorder_blank,
            "mentalDisorder",
            "j: the mental disorder, or that it is not known",
        );
        need(
            r.protected_characteristics.is_none(),
            "protectedCharacteristics",
            "k: the protected characteristics, as far as known",
        );
        need(
            r.learning_disability_or_autism.is_none(),
            "learningDisabilityOrAutism",
            "l: learning disability or autism",
        );
        need(blank(&r.outcome), "outcome", "m: the outcome");
        need(
            r.died_or_seriously_injured.is_none(),
            "diedOrSeriouslyInjured",
            "n: whether the patient died or was seriously injured",
        );
        need(blank(&r.efforts_to_avoid), "effortsToAvoid", "o: the efforts made to avoid force");
        need(
            r.care_plan_people_notified.is_none(),
            "carePlanPeopleNotified",
            "p: whether the people in the care plan were notified",
        );
        let kinds = [
            (ForceType::Physical, r.positions.is_empty(), "positions", "physical restraint's positions"),
            (ForceType::Chemical, r.chemical.is_empty(), "chemical", "the chemical restraint given"),
            (ForceType::Mechanical, r.mechanical.is_empty(), "mechanical", "the mechanical restraint used"),
        ];
        for (kind, empty, field, what) in kinds {
            need(r.force_types.contains(&kind) && empty, field, &format!("c: {what}"));
        }
    }
    for (i, s) in r.staff.iter().enumerate() {
        need(s.name.trim().is_empty(), &format!("staff[{i}].name"), "h: the name of each member of staff");
        need(
            s.job_title.trim().is_empty(),
            &format!("staff[{i}].jobTitle"),
            "h: the job title of each member of staff",
        );
    }
    if r.started_at.is_some_and(|s| s > now) {
        out.push(AppError::validation("startedAt", "the start time cannot be in the future"));
    }
    if let (Some(start), Some(end)) = (r.started_at, r.ended_at) {
        if end < start {
            out.push(AppError::validation(
                "endedAt",
                format!("the end must not be before the start ({})", london_time(start)),
            ));
        }
    }
    for (i, p) in r.positions.iter().enumerate() {
        if mhsds_code(&p.code).is_none_or(|c| c.force != ForceType::Physical) {
            out.push(AppError::validation(
                format!("positions[{i}].code"),
                format!("'{}' is not a restraint position code", p.code),
            ));
        }
        let before = r.started_at.is_some_and(|s| p.at < s);
        let after = r.ended_at.is_some_and(|e| p.at > e);
        if before || after {
            out.push(AppError::validation(
                format!("positions[{i}].at"),
                format!("{} is outside the use of force's start and end", london_time(p.at)),
            ));
        }
    }
    for (i, c) in r.chemical.iter().enumerate() {
        if c.medication.trim().is_empty() {
            out.push(AppError::validation(format!("chemical[{i}].medication"), "name the medication"));
        }
    }
    for (i, m) in r.mechanical.iter().enumerate() {
        if m.device.trim().is_empty() {
            out.push(AppError::validation(format!("mechanical[{i}].device"), "name the device"));
        }
        if m.ended_at.is_some_and(|e| e < m.started_at) {
            out.push(AppError::validation(format!("mechanical[{i}].endedAt"), "the end must not be before the start"));
        }
    }
    out
}
