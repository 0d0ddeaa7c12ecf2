//! Sites, wards and areas (DESIGN.md §2.1).

use crate::error::{AppError, AppResult};

controlled_list!(
    /// Ward specialty.
    Specialty {
        Acute = "acute": "Acute adult",
        Picu = "picu": "Psychiatric intensive care (PICU)",
        LearningDisability = "ld": "Learning disability",
        Forensic = "forensic": "Forensic / secure",
        OlderAdult = "older_adult": "Older adult",
        Camhs = "camhs": "Child and adolescent (CAMHS)",
    }
);

controlled_list!(
    /// Kind of area on a ward.
    AreaType {
        Bedroom = "bedroom": "Bedroom",
        EnSuite = "en_suite": "En-suite",
        Bathroom = "bathroom": "Bathroom or shower room",
        Toilet = "toilet": "Toilet",
        Lounge = "lounge": "Lounge",
        Dining = "dining": "Dining room",
        Kitchen = "kitchen": "Patient kitchen",
        Corridor = "corridor": "Corridor",
        Garden = "garden": "Garden or courtyard",
        SeclusionRoom = "seclusion_room": "Seclusion room",
        DeEscalation = "de_escalation": "De-escalation room",
        ClinicRoom = "clinic_room": "Clinic room",
        ActivityRoom = "activity_room": "Activity or therapy room",
        Laundry = "laundry": "Laundry",
        Office = "office": "Staff office",
        Other = "other": "Other",
    }
);

controlled_list!(
    /// CQC ligature tier of a patient-accessible area (CQC, "Reducing harm from
    /// ligatures in mental health wards and wards for people with a learning
    /// disability", November 2023).
    Tier {
        One = "1": "Tier 1 — high supervision",
        Two = "2": "Tier 2 — open areas, minimal supervision",
        Three = "3": "Tier 3 — alone for long periods",
    }
);

impl Tier {
    pub fn number(self) -> u8 {
        match self {
            Tier::One => 1,
            Tier::Two => 2,
            Tier::Three => 3,
        }
    }
    pub fn from_number(n: i64) -> AppResult<Tier> {
        match n {
            1 => Ok(Tier::One),
            2 => Ok(Tier::Two),
            3 => Ok(Tier::Three),
            _ => Err(AppError::validation("tier", format!("tier must be 1, 2 or 3 (got {n})"))),
        }
    }
    /// The tier CQC's guidance suggests for an area type when the ward sets it up;
    /// the ward manager may change it.
    pub fn suggested_for(area: AreaType) -> Tier {
        match area {
            AreaType::Bedroom | AreaType::EnSuite | AreaType::Bathroom | AreaType::Toilet => Tier::Three,
            AreaType::SeclusionRoom | AreaType::ClinicRoom | AreaType::Office | AreaType::Kitchen => Tier::One,
            _ => Tier::Two,
        }
    }
}

/// A required, trimmed, bounded name (site, ward, area, user).
pub fn required_text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::validation(field, format!("{field} is required")));
    }
    if v.chars().count() > max {
        return Err(AppError::validation(field, format!("{field} must be at most {max} characters")));
    }
    Ok(v.to_string())
}

/// Optional free text, trimmed; empty becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required_text(field, v, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cqc_2023_bedrooms_en_suites_and_bathrooms_suggest_tier_3() {
        for a in [AreaType::Bedroom, AreaType::EnSuite, AreaType::Bathroom] {
            assert_eq!(Tier::suggested_for(a), Tier::Three);
        }
        assert_eq!(Tier::suggested_for(AreaType::Lounge), Tier::Two);
        assert_eq!(Tier::suggested_for(AreaType::SeclusionRoom), Tier::One);
    }

    #[test]
    fn tier_outside_1_to_3_is_refused() {
        assert!(Tier::from_number(0).is_err());
        assert!(Tier::from_number(4).is_err());
        assert_eq!(Tier::from_number(2).unwrap(), Tier::Two);
    }

    #[test]
    fn controlled_lists_round_trip() {
        for s in Specialty::ALL {
            assert_eq!(Specialty::parse(s.as_str()), Some(*s));
        }
        for a in AreaType::ALL {
            assert_eq!(AreaType::parse(a.as_str()), Some(*a));
        }
        assert_eq!(serde_json::to_string(&Tier::Three).unwrap(), "\"3\"");
    }

    #[test]
    fn required_text_names_the_field() {
        assert_eq!(required_text("name", "  ", 10).unwrap_err().field.as_deref(), Some("name"));
        assert!(required_text("name", &"x".repeat(11), 10).is_err());
        assert_eq!(required_text("name", " Ash ", 10).unwrap(), "Ash");
        assert_eq!(optional_text("c", Some(" "), 10).unwrap(), None);
    }
}
