//! s6 (k) and (l) of the Mental Health Units (Use of Force) Act 2018: the
//! patient's protected characteristics, as far as known, as the report
//! counts them (the Act's statistics duty).

use crate::restrictive::use_of_force::{ProtectedCharacteristics, UseOfForce};
use std::borrow::Cow;

/// The characteristics, in the order of [`equality`]'s values.
pub(super) const CHARACTERISTICS: [&str; 10] = [
    "ageBand",
    "sex",
    "genderReassignment",
    "race",
    "religionOrBelief",
    "sexualOrientation",
    "disability",
    "pregnancyOrMaternity",
    "marriageOrCivilPartnership",
    "learningDisabilityOrAutism",
];

/// Age bands for the equality breakdown.
fn age_band(age: Option<u32>) -> &'static str {
    match age {
        None => "not_known",
        Some(0..=17) => "under 18",
        Some(18..=24) => "18-24",
        Some(25..=34) => "25-34",
        Some(35..=44) => "35-44",
        Some(45..=54) => "45-54",
        Some(55..=64) => "55-64",
        Some(_) => "65 and over",
    }
}

/// A characteristic's value as counted: lower case; not given is "not_known"; a refusal "declined".
fn value(v: Option<&str>) -> Cow<'_, str> {
    let v = v.map(str::trim).unwrap_or("");
    let v: Cow<str> = if v.chars().any(char::is_uppercase) { Cow::Owned(v.to_lowercase()) } else { Cow::Borrowed(v) };
    match v.as_ref() {
        "" | "not known" | "not_known" | "unknown" => Cow::Borrowed("not_known"),
        "declined" | "prefer not to say" | "prefer_not_to_say" | "not stated" | "not_stated" => {
            Cow::Borrowed("declined")
        }
        _ => v,
    }
}

/// Each protected characteristic of the patient (and (l)), in the order of [`CHARACTERISTICS`].
pub(super) fn equality(f: &UseOfForce) -> [Cow<'_, str>; 10] {
    let p = f.protected_characteristics.as_ref();
    let text = |get: fn(&ProtectedCharacteristics) -> &Option<String>| value(p.and_then(|p| get(p).as_deref()));
    [
        Cow::Borrowed(age_band(p.and_then(|p| p.age_years))),
        text(|p| &p.sex),
        text(|p| &p.gender_reassignment),
        text(|p| &p.race),
        text(|p| &p.religion_or_belief),
        text(|p| &p.sexual_orientation),
        text(|p| &p.disability),
        text(|p| &p.pregnancy_or_maternity),
        text(|p| &p.marriage_or_civil_partnership),
        value(f.learning_disability_or_autism.map(|l| l.as_str())),
    ]
}
