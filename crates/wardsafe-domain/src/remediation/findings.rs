//! From a completed walk-round's findings to draft actions (issue 4): every
//! failed critical question and every open ligature point scored moderate or
//! above becomes a draft the ward manager confirms, edits, merges or dismisses.

use super::ActionSource;
use crate::ligature::{is_open, FixtureType, PointStatus};
use crate::risk::Band;
use std::collections::HashMap;
use uuid::Uuid;

/// A failed critical question has no score of its own. It gets the high band
/// (fix within 28 days by default): critical questions are the ones a trust
/// marks as safety-critical, so a failure is never low or moderate, and an
/// extreme band belongs to a scored ligature point (NPSA matrix, risk.rs).
/// The manager can raise it when confirming the draft.
pub const FAILED_CRITICAL_BAND: Band = Band::High;

/// A point scored this or worse gets a draft.
pub const POINT_DRAFT_FROM: Band = Band::Moderate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedCritical {
    pub question_id: String,
    pub text: String,
    /// None for a question asked once for the ward.
    pub area_id: Option<Uuid>,
    pub area_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessedPoint {
    pub point_id: Uuid,
    pub area_id: Uuid,
    pub area_name: String,
    pub fixture: FixtureType,
    /// Where it is, in the assessor's words.
    pub location: String,
    pub score: u8,
    /// The score with existing controls, when recorded: it is the one that counts.
    pub residual_score: Option<u8>,
    pub status: PointStatus,
}

impl AssessedPoint {
    pub fn band(&self) -> Band {
        Band::of_score(self.residual_score.unwrap_or(self.score))
    }
}

/// The finding an action is about. An action still outstanding for the same
/// finding means no new draft.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Finding {
    Question { question_id: String, area_id: Option<Uuid> },
    Point(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAction {
    pub source: ActionSource,
    pub finding: Finding,
    pub area_id: Option<Uuid>,
    pub band: Band,
    pub title: String,
}

/// The drafts a walk-round produces, worst band first (in input order within
/// a band). `outstanding`: findings that already have an action not yet
/// verified, merged or dismissed.
pub fn drafts_from_walkround(
    failed: &[FailedCritical],
    points: &[AssessedPoint],
    outstanding: &[Finding],
) -> Vec<DraftAction> {
    let mut out: Vec<DraftAction> = Vec::new();
    let mut seen: HashMap<Finding, usize> = HashMap::new();
    let questions = failed.iter().map(|q| DraftAction {
        source: ActionSource::FailedQuestion,
        finding: Finding::Question { question_id: q.question_id.clone(), area_id: q.area_id },
        area_id: q.area_id,
        band: FAILED_CRITICAL_BAND,
        title: format!("{}: failed critical check — {}", q.area_name.as_deref().unwrap_or("Ward"), q.text.trim()),
    });
    let points = points.iter().filter(|p| is_open(p.status) && p.band() >= POINT_DRAFT_FROM).map(|p| {
        let band = p.band();
        let location = p.location.trim();
        let what = if location.is_empty() {
            p.fixture.label().to_string()
        } else {
            format!("{}, {location}", p.fixture.label())
        };
        DraftAction {
            source: ActionSource::LigaturePoint,
            finding: Finding::Point(p.point_id),
            area_id: Some(p.area_id),
            band,
            title: format!("{}: {} ligature risk — {what}", p.area_name, band.as_str()),
        }
    });
    for draft in questions.chain(points) {
        if outstanding.contains(&draft.finding) {
            continue;
        }
        match seen.get(&draft.finding) {
            // The same point assessed twice: one draft, at the worse band.
            Some(&i) if out[i].band < draft.band => out[i] = draft,
            Some(_) => {}
            None => {
                seen.insert(draft.finding.clone(), out.len());
                out.push(draft);
            }
        }
    }
    out.sort_by_key(|d| std::cmp::Reverse(d.band));
    out
}

#[cfg(test)]
#[path = "findings_tests.rs"]
mod tests;
