//! Read models: what the command surface returns and the UI shows.
//! Plain data; instants are RFC 3339 strings in UTC (DESIGN.md §1 rule 7).

use crate::ligature::{FixtureType, HeightBand, PointStatus};
use crate::place::{AreaType, Specialty, Tier};
use crate::risk::{Band, RiskCell};
use crate::role::RoleGrant;
use crate::summary::{Change, Count};
use crate::template::{Template, TemplateKind};
use crate::vocab::Choice;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<RoleGrant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ward {
    pub id: Uuid,
    pub site_id: Uuid,
    pub site_name: String,
    pub name: String,
    pub specialty: Specialty,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    pub id: Uuid,
    pub ward_id: Uuid,
    pub name: String,
    pub area_type: AreaType,
    pub tier: Tier,
}

/// A ward in the list a person picks from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardSummary {
    pub ward: Ward,
    pub area_count: u32,
    pub open_points: u32,
    pub open_by_band: Vec<Count<Band>>,
    #[ts(optional = nullable)]
    pub last_walkround: Option<AuditListItem>,
    /// A walk-round or check that was started and not yet completed.
    pub in_progress: Vec<AuditListItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AreaSummary {
    pub area: Area,
    pub open_points: u32,
    #[ts(optional = nullable)]
    pub highest_band: Option<Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardOverview {
    pub ward: Ward,
    pub areas: Vec<AreaSummary>,
    pub open_by_band: Vec<Count<Band>>,
    pub open_by_tier: Vec<Count<Tier>>,
    pub audits: Vec<AuditListItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    InProgress,
    Completed,
    SignedOff,
}

impl AuditStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditStatus::InProgress => "in_progress",
            AuditStatus::Completed => "completed",
            AuditStatus::SignedOff => "signed_off",
        }
    }
    pub fn parse(s: &str) -> Option<AuditStatus> {
        [AuditStatus::InProgress, AuditStatus::Completed, AuditStatus::SignedOff].into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditListItem {
    pub id: Uuid,
    pub ward_id: Uuid,
    pub template_name: String,
    pub template_version: u32,
    pub kind: TemplateKind,
    pub status: AuditStatus,
    pub started_at: String,
    pub started_by: String,
    #[ts(optional = nullable)]
    pub completed_at: Option<String>,
    #[ts(optional = nullable)]
    pub signed_off_at: Option<String>,
    #[ts(optional = nullable)]
    pub signed_off_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: Uuid,
    pub key: String,
    pub version: u32,
    pub name: String,
    pub kind: TemplateKind,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub id: Uuid,
    #[ts(optional = nullable)]
    pub area_id: Option<Uuid>,
    pub question_id: String,
    pub value: String,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    pub photo_ids: Vec<Uuid>,
    pub failed: bool,
    pub answered_at: String,
    pub answered_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub id: Uuid,
    pub point_id: Uuid,
    #[ts(optional = nullable)]
    pub audit_id: Option<Uuid>,
    pub risk: RiskCell,
    #[ts(optional = nullable)]
    pub residual: Option<RiskCell>,
    pub controls: Vec<String>,
    pub status: PointStatus,
    #[ts(optional = nullable)]
    pub accepted_reason: Option<String>,
    #[ts(optional = nullable)]
    pub approver: Option<String>,
    #[ts(optional = nullable)]
    pub notes: Option<String>,
    pub photo_ids: Vec<Uuid>,
    pub assessed_at: String,
    pub assessed_by: String,
}

impl Assessment {
    /// The score that counts: the residual where controls were scored.
    pub fn effective_score(&self) -> u8 {
        self.residual.map(|r| r.score).unwrap_or(self.risk.score)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LigaturePoint {
    pub id: Uuid,
    pub ward_id: Uuid,
    pub area_id: Uuid,
    pub fixture_type: FixtureType,
    pub location: String,
    pub height_band: HeightBand,
    pub collapsible: bool,
    #[ts(optional = nullable)]
    pub load_test_date: Option<String>,
    /// Set when the fitting is collapsible and its load test is over 12 months old.
    pub load_test_overdue: bool,
    pub status: PointStatus,
    pub created_at: String,
    /// The latest assessment.
    #[ts(optional = nullable)]
    pub latest: Option<Assessment>,
}

/// A row of a ward's ligature register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterEntry {
    pub point: LigaturePoint,
    pub area_name: String,
    pub area_type: AreaType,
    pub tier: Tier,
}

/// A known point as a walk-round shows it: its assessment in this walk-round,
/// if any, and the one before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditPoint {
    pub point: LigaturePoint,
    #[ts(optional = nullable)]
    pub assessment: Option<Assessment>,
    #[ts(optional = nullable)]
    pub previous: Option<Assessment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Amendment {
    pub id: Uuid,
    pub audit_id: Uuid,
    pub answer_id: Uuid,
    pub question_id: String,
    pub original_value: String,
    #[ts(optional = nullable)]
    pub original_comment: Option<String>,
    pub value: String,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    pub reason: String,
    pub amended_at: String,
    pub amended_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditView {
    pub audit: AuditListItem,
    pub ward: Ward,
    pub template: Template,
    pub areas: Vec<Area>,
    pub answers: Vec<Answer>,
    pub points: Vec<AuditPoint>,
    pub amendments: Vec<Amendment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FailedItem {
    #[ts(optional = nullable)]
    pub area_name: Option<String>,
    pub question_id: String,
    pub question_text: String,
    pub value: String,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointChange {
    pub point_id: Uuid,
    pub area_name: String,
    pub fixture_type: FixtureType,
    pub location: String,
    pub change: Change,
    #[ts(optional = nullable)]
    pub before: Option<u8>,
    #[ts(optional = nullable)]
    pub after: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditSummary {
    pub audit: AuditListItem,
    pub ward: Ward,
    pub answered: u32,
    pub failed: u32,
    pub open_by_band: Vec<Count<Band>>,
    pub open_by_tier: Vec<Count<Tier>>,
    pub failed_critical: Vec<FailedItem>,
    pub failed_other: Vec<FailedItem>,
    pub changes: Vec<Count<Change>>,
    pub point_changes: Vec<PointChange>,
    #[ts(optional = nullable)]
    pub previous_audit: Option<AuditListItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInfo {
    pub id: Uuid,
    pub sha256: String,
    pub mime: String,
    pub size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceData {
    pub risk_matrix: Vec<RiskCell>,
    pub fixture_types: Vec<Choice>,
    pub height_bands: Vec<Choice>,
    pub point_statuses: Vec<Choice>,
    pub controls: Vec<Choice>,
    pub area_types: Vec<Choice>,
    pub specialties: Vec<Choice>,
    pub tiers: Vec<Choice>,
    pub roles: Vec<Choice>,
}
