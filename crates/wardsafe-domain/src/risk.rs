//! Risk scoring on the NPSA 5×5 matrix (National Patient Safety Agency,
//! "A risk matrix for risk managers", 2008): likelihood 1–5 × consequence
//! 1–5 → score 1–25 → band. The height of a fitting never lowers the score
//! (CQC, "Reducing harm from ligatures", 2023: a low-lying point is not a low risk).

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Moderate,
    High,
    Extreme,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::Low, Band::Moderate, Band::High, Band::Extreme];

    /// Band of a score: 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme.
    pub fn of_score(score: u8) -> Band {
        match score {
            0..=3 => Band::Low,
            4..=6 => Band::Moderate,
            7..=12 => Band::High,
            _ => Band::Extreme,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::High => "high",
            Band::Extreme => "extreme",
        }
    }
    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Moderate => "Moderate",
            Band::High => "High",
            Band::Extreme => "Extreme",
        }
    }
}

/// A validated likelihood × consequence pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Risk {
    pub likelihood: u8,
    pub consequence: u8,
}

/// One cell of the matrix, as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskCell {
    pub likelihood: u8,
    pub consequence: u8,
    pub score: u8,
    pub band: Band,
}

impl Risk {
    /// Validate both factors; `field_prefix` names them in errors
    /// (e.g. `residual` → `residualLikelihood`).
    pub fn new(likelihood: i64, consequence: i64, field_prefix: &str) -> AppResult<Risk> {
        let name = |f: &str| {
            if field_prefix.is_empty() {
                f.to_string()
            } else {
                let mut c = f.chars();
                let first = c.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
                format!("{field_prefix}{first}{}", c.as_str())
            }
        };
        let check = |v: i64, f: &str| -> AppResult<u8> {
            if (1..=5).contains(&v) {
                Ok(v as u8)
            } else {
                Err(AppError::validation(name(f), format!("{f} must be a whole number from 1 to 5 (got {v})")))
            }
        };
        Ok(Risk { likelihood: check(likelihood, "likelihood")?, consequence: check(consequence, "consequence")? })
    }
    pub fn score(self) -> u8 {
        self.likelihood * self.consequence
    }
    pub fn band(self) -> Band {
        Band::of_score(self.score())
    }
    pub fn cell(self) -> RiskCell {
        RiskCell { likelihood: self.likelihood, consequence: self.consequence, score: self.score(), band: self.band() }
    }
}

/// The whole matrix, likelihood-major.
pub fn matrix() -> Vec<RiskCell> {
    (1..=5).flat_map(|l| (1..=5).map(move |c| Risk { likelihood: l, consequence: c }.cell())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Band::*;

    /// NPSA 5×5 matrix: every cell, rows = likelihood 1..5, columns = consequence 1..5.
    #[test]
    fn npsa_5x5_matrix_every_cell_scores_and_bands() {
        let expected: [[(u8, Band); 5]; 5] = [
            [(1, Low), (2, Low), (3, Low), (4, Moderate), (5, Moderate)],
            [(2, Low), (4, Moderate), (6, Moderate), (8, High), (10, High)],
            [(3, Low), (6, Moderate), (9, High), (12, High), (15, Extreme)],
            [(4, Moderate), (8, High), (12, High), (16, Extreme), (20, Extreme)],
            [(5, Moderate), (10, High), (15, Extreme), (20, Extreme), (25, Extreme)],
        ];
        for l in 1..=5i64 {
            for c in 1..=5i64 {
                let r = Risk::new(l, c, "").unwrap();
                let (score, band) = expected[(l - 1) as usize][(c - 1) as usize];
                assert_eq!((r.score(), r.band()), (score, band), "L{l} x C{c}");
            }
        }
        assert_eq!(matrix().len(), 25);
    }

    #[test]
    fn npsa_bands_boundaries() {
        for (score, band) in
            [(1, Low), (3, Low), (4, Moderate), (6, Moderate), (8, High), (12, High), (15, Extreme), (25, Extreme)]
        {
            assert_eq!(Band::of_score(score), band, "score {score}");
        }
    }

    #[test]
    fn likelihood_and_consequence_outside_1_to_5_are_refused_naming_the_field() {
        for (l, c, field) in [
            (0, 3, "likelihood"),
            (6, 3, "likelihood"),
            (3, 0, "consequence"),
            (3, 6, "consequence"),
            (-1, 3, "likelihood"),
        ] {
            let e = Risk::new(l, c, "").unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field));
            assert_eq!(e.code, crate::ErrorCode::Validation);
        }
        let e = Risk::new(3, 9, "residual").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("residualConsequence"));
    }
}
