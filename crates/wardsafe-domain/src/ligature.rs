//! The ligature register (DESIGN.md §2.2): fixture types, height bands,
//! controls and statuses of anchor points, and the rules on changing them.

use crate::error::{AppError, AppResult};
use crate::place::Tier;
use chrono::NaiveDate;

controlled_list!(
    FixtureType {
        Door = "door": "Door",
        DoorHandle = "door_handle": "Door handle",
        Hinge = "hinge": "Hinge",
        DoorCloser = "door_closer": "Door closer",
        Window = "window": "Window",
        WindowRestrictor = "window_restrictor": "Window restrictor",
        CurtainRail = "curtain_rail": "Curtain or blind rail",
        Shower = "shower": "Shower head or hose",
        Tap = "tap": "Tap",
        Basin = "basin": "Basin",
        Wc = "wc": "WC",
        RadiatorPipe = "radiator_pipe": "Radiator or pipe",
        LightFitting = "light_fitting": "Light fitting",
        SmokeDetector = "smoke_detector": "Smoke detector or sprinkler",
        Furniture = "furniture": "Furniture",
        Bed = "bed": "Bed",
        Wardrobe = "wardrobe": "Wardrobe",
        TvBracket = "tv_bracket": "TV bracket",
        GardenFence = "garden_fence": "Garden fence or tree",
        Other = "other": "Other",
    }
);

controlled_list!(
    /// Recorded, never used to lower the score.
    HeightBand {
        Low = "floor_to_1m": "Floor to 1 m",
        Middle = "1m_to_2m": "1 m to 2 m",
        High = "above_2m": "Above 2 m",
    }
);

controlled_list!(
    PointStatus {
        Open = "open": "Open",
        Mitigated = "mitigated": "Mitigated",
        Removed = "removed": "Removed",
        Accepted = "accepted": "Accepted",
    }
);

controlled_list!(
    /// Existing controls that lower the residual risk.
    Control {
        StaffVigilance = "staff_vigilance": "Staff vigilance only",
        ObservationLevel = "observation": "Observation level / individual risk assessment",
        AreaLocked = "area_locked": "Area locked when not supervised",
        Supervised = "supervised": "Area supervised when in use",
        AntiLigatureProduct = "anti_ligature_product": "Anti-ligature product fitted",
        LoadRelease = "load_release": "Collapsible / load-release fitting",
        FittingRemoved = "fitting_removed": "Fitting removed or boxed in",
        RoomClosed = "room_closed": "Room closed",
        Other = "other": "Other control",
    }
);

/// Load-release fittings are designed to release at about 35–45 kg and are
/// typically re-tested every 12 months (DESIGN.md §2.2; trust policy).
pub const LOAD_TEST_INTERVAL_MONTHS: u32 = 12;

/// Whether a collapsible fitting's load test is overdue on `today`
/// (a missing date counts as overdue).
pub fn load_test_overdue(last_test: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last_test.and_then(|d| d.checked_add_months(chrono::Months::new(LOAD_TEST_INTERVAL_MONTHS))) {
        Some(due) => today > due,
        None => true,
    }
}

/// Parse a list of control values, naming the offending element.
pub fn parse_controls(values: &[String]) -> AppResult<Vec<Control>> {
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let c = Control::parse(v)
            .ok_or_else(|| AppError::validation(format!("controls[{i}]"), format!("unknown control '{v}'")))?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// A status with what it needs. Accepting a point in a tier 2 or 3 area needs a
/// reason and a named approver: CQC (2023) expects ligature points there to be
/// removed where possible, so keeping one is a decision someone owns.
pub fn check_status(
    status: PointStatus,
    tier: Tier,
    accepted_reason: Option<&str>,
    approver: Option<&str>,
) -> AppResult<()> {
    if status == PointStatus::Accepted && tier != Tier::One {
        if accepted_reason.map(str::trim).unwrap_or("").is_empty() {
            return Err(AppError::validation(
                "acceptedReason",
                "accepting a ligature point in a tier 2 or 3 area needs a reason",
            ));
        }
        if approver.map(str::trim).unwrap_or("").is_empty() {
            return Err(AppError::validation(
                "approver",
                "accepting a ligature point in a tier 2 or 3 area needs a named approver",
            ));
        }
    }
    Ok(())
}

/// Whether a point in this status still counts as an open risk.
pub fn is_open(status: PointStatus) -> bool {
    matches!(status, PointStatus::Open | PointStatus::Mitigated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cqc_2023_accepting_a_tier_2_or_3_point_needs_reason_and_approver() {
        use PointStatus::*;
        let cases = [
            (Accepted, Tier::One, None, None, Ok(())),
            (Accepted, Tier::Two, None, Some("Matron"), Err("acceptedReason")),
            (Accepted, Tier::Three, Some("No alternative"), None, Err("approver")),
            (Accepted, Tier::Three, Some("No alternative"), Some("  "), Err("approver")),
            (Accepted, Tier::Three, Some("No alternative"), Some("J Smith, matron"), Ok(())),
            (Open, Tier::Three, None, None, Ok(())),
            (Removed, Tier::Three, None, None, Ok(())),
        ];
        for (status, tier, reason, approver, want) in cases {
            let got = check_status(status, tier, reason, approver).map_err(|e| e.field.unwrap());
            assert_eq!(got, want.map_err(String::from), "{status:?} {tier:?}");
        }
    }

    #[test]
    fn load_release_fittings_retested_every_12_months() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!load_test_overdue(Some(d("2025-11-22")), d("2026-11-22")));
        assert!(load_test_overdue(Some(d("2025-11-21")), d("2026-11-22")));
        assert!(load_test_overdue(None, d("2026-11-22")));
    }

    #[test]
    fn controls_parse_names_the_bad_element() {
        let e = parse_controls(&["observation".into(), "prayer".into()]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("controls[1]"));
        assert_eq!(parse_controls(&["observation".into(), "observation".into()]).unwrap().len(), 1);
    }

    #[test]
    fn only_open_and_mitigated_points_are_open_risks() {
        assert!(is_open(PointStatus::Open) && is_open(PointStatus::Mitigated));
        assert!(!is_open(PointStatus::Removed) && !is_open(PointStatus::Accepted));
    }
}
