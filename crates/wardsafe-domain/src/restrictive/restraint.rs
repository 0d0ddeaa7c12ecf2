//! Restraint as the Mental Health Services Data Set codes it (DESIGN.md
//! §2.4): physical positions with the time of each change, chemical restraint
//! with its route, mechanical restraint; and prone time, which reports split
//! at 10 minutes. The codes are data: further codes the data set lists
//! (mechanical, seclusion, segregation, oral) are added to the table as the
//! clinical safety officer confirms them.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

controlled_list!(
    /// The type(s) of force used (s6 (c)).
    ForceType {
        Physical = "physical": "Physical restraint",
        Mechanical = "mechanical": "Mechanical restraint",
        Chemical = "chemical": "Chemical restraint",
        Seclusion = "seclusion": "Seclusion",
        Segregation = "segregation": "Segregation",
    }
);

/// One code of the data set's restrictive intervention types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MhsdsCode {
    pub code: &'static str,
    pub label: &'static str,
    pub force: ForceType,
}

const fn code(code: &'static str, label: &'static str, force: ForceType) -> MhsdsCode {
    MhsdsCode { code, label, force }
}

/// The codes DESIGN.md §2.4 lists.
pub const MHSDS_CODES: &[MhsdsCode] = &[
    code("01", "Physical restraint: prone", ForceType::Physical),
    code("07", "Physical restraint: standing", ForceType::Physical),
    code("08", "Physical restraint: restrictive escort", ForceType::Physical),
    code("09", "Physical restraint: supine", ForceType::Physical),
    code("10", "Physical restraint: side", ForceType::Physical),
    code("11", "Physical restraint: seated", ForceType::Physical),
    code("12", "Physical restraint: kneeling", ForceType::Physical),
    code("13", "Physical restraint: other", ForceType::Physical),
    code("14", "Chemical restraint: injection (rapid tranquillisation)", ForceType::Chemical),
    code("15", "Chemical restraint: injection (not rapid tranquillisation)", ForceType::Chemical),
];

/// The prone position's code.
pub const PRONE: &str = "01";

/// Prone restraint is reported split at this: longer is flagged.
pub const PRONE_LIMIT: Duration = Duration::minutes(10);

pub fn mhsds_code(code: &str) -> Option<&'static MhsdsCode> {
    MHSDS_CODES.iter().find(|c| c.code == code)
}

/// A physical restraint position, from `at` until the next change (or the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PositionChange {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// An MHSDS physical restraint code, e.g. "01" prone.
    pub code: String,
}

controlled_list!(
    /// How a drug used as chemical restraint was given.
    Route {
        Intramuscular = "intramuscular": "Intramuscular injection",
        Intravenous = "intravenous": "Intravenous injection",
        Oral = "oral": "Oral",
        Other = "other": "Other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChemicalRestraint {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub medication: String,
    pub route: Route,
    pub rapid_tranquillisation: bool,
}

impl ChemicalRestraint {
    /// Its data set code, where DESIGN.md lists it (injections).
    pub fn mhsds_code(&self) -> Option<&'static str> {
        match (self.route, self.rapid_tranquillisation) {
            (Route::Intramuscular | Route::Intravenous, true) => Some("14"),
            (Route::Intramuscular | Route::Intravenous, false) => Some("15"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MechanicalRestraint {
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
    pub device: String,
}

/// Time spent prone: each position lasts until the next change, the last until `ended_at`.
pub fn prone_duration(positions: &[PositionChange], ended_at: DateTime<Utc>) -> Duration {
    let mut sorted: Vec<&PositionChange> = positions.iter().collect();
    sorted.sort_by_key(|p| p.at);
    let mut total = Duration::zero();
    for (i, p) in sorted.iter().enumerate() {
        let until = sorted.get(i + 1).map_or(ended_at, |next| next.at);
        if p.code == PRONE && until > p.at {
            total += until - p.at;
        }
    }
    total
}

/// Over 10 minutes prone (exactly 10 is not over).
pub fn prone_over_limit(prone: Duration) -> bool {
    prone > PRONE_LIMIT
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;

    fn at(code: &str, t: &str) -> PositionChange {
        PositionChange { at: utc(&format!("2026-04-01T{t}:00Z")), code: code.to_string() }
    }

    #[test]
    fn prone_time_is_split_at_10_minutes() {
        let end = utc("2026-04-01T10:30:00Z");
        let cases: Vec<(&str, Vec<PositionChange>, i64, bool)> = vec![
            ("never prone", vec![at("07", "10:00"), at("09", "10:05")], 0, false),
            ("prone until the next change", vec![at("01", "10:00"), at("10", "10:08")], 8, false),
            ("exactly 10 minutes is not over", vec![at("01", "10:00"), at("11", "10:10")], 10, false),
            (
                "prone twice adds up",
                vec![at("01", "10:00"), at("09", "10:06"), at("01", "10:20"), at("12", "10:25")],
                11,
                true,
            ),
            ("prone to the end", vec![at("07", "10:00"), at("01", "10:18")], 12, true),
            ("changes in any order", vec![at("10", "10:08"), at("01", "10:00")], 8, false),
        ];
        for (name, positions, minutes, over) in cases {
            let prone = prone_duration(&positions, end);
            assert_eq!(prone, Duration::minutes(minutes), "{name}");
            assert_eq!(prone_over_limit(prone), over, "{name}");
        }
    }

    #[test]
    fn mhsds_codes_are_data() {
        assert_eq!(mhsds_code(PRONE).unwrap().force, ForceType::Physical);
        assert!(mhsds_code("02").is_none(), "only codes DESIGN.md lists");
        let physical = MHSDS_CODES.iter().filter(|c| c.force == ForceType::Physical).count();
        assert_eq!(physical, 8);
        let chem = |route, rt| ChemicalRestraint {
            at: utc("2026-04-01T10:00:00Z"),
            medication: "lorazepam".into(),
            route,
            rapid_tranquillisation: rt,
        };
        assert_eq!(chem(Route::Intramuscular, true).mhsds_code(), Some("14"));
        assert_eq!(chem(Route::Intramuscular, false).mhsds_code(), Some("15"));
        assert_eq!(chem(Route::Oral, true).mhsds_code(), None);
    }
}
