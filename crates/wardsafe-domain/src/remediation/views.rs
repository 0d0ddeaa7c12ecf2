//! What the screens show of actions: one action with its interim controls and
//! the steps the viewer may take, its timeline, a ward's list, the estates queue.

use super::interim::InterimControlKind;
use super::{ActionSource, ActionStatus, OwnerTeam, Trade, TransitionKind};
use crate::risk::Band;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InterimControlView {
    pub id: Uuid,
    pub kind: InterimControlKind,
    pub detail: String,
    pub started_at: String,
    /// Europe/London date, `YYYY-MM-DD`.
    pub review_date: String,
    #[ts(optional = nullable)]
    pub ended_at: Option<String>,
    pub review_overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub id: Uuid,
    pub ward_id: Uuid,
    pub ward_name: String,
    pub site_id: Uuid,
    pub site_name: String,
    #[ts(optional = nullable)]
    pub area_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub area_name: Option<String>,
    #[ts(optional = nullable)]
    pub point_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub audit_id: Option<Uuid>,
    pub source: ActionSource,
    pub title: String,
    pub detail: String,
    pub band: Band,
    pub owner_team: OwnerTeam,
    pub trade: Trade,
    pub status: ActionStatus,
    #[ts(optional = nullable)]
    pub assignee_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub assignee_name: Option<String>,
    /// Europe/London date, `YYYY-MM-DD`.
    pub due_date: String,
    pub overdue: bool,
    #[ts(optional = nullable)]
    pub capital_ref: Option<String>,
    #[ts(optional = nullable)]
    pub merged_into: Option<Uuid>,
    pub raised_by_name: String,
    pub raised_at: String,
    #[ts(optional = nullable)]
    pub completed_by: Option<Uuid>,
    #[ts(optional = nullable)]
    pub completed_at: Option<String>,
    #[ts(optional = nullable)]
    pub verified_at: Option<String>,
    pub interim_controls: Vec<InterimControlView>,
    /// "Staff vigilance" has been the only control for longer than policy allows.
    pub vigilance_only_flag: bool,
    /// An extreme risk with no interim control by the end of the day it was raised.
    pub interim_control_missing: bool,
    /// The steps the person looking may take now.
    pub available: Vec<TransitionKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionEventView {
    pub id: Uuid,
    /// A step (`confirm`, `assign`, …), `raised`, `edited`, `due_date`, `capital_ref`, `interim_added`, `interim_ended`.
    pub kind: String,
    #[ts(optional = nullable)]
    pub from_status: Option<ActionStatus>,
    #[ts(optional = nullable)]
    pub to_status: Option<ActionStatus>,
    pub at: String,
    pub by_name: String,
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    #[ts(optional = nullable)]
    pub note: Option<String>,
    #[ts(optional = nullable)]
    pub assignee_name: Option<String>,
    #[ts(optional = nullable)]
    pub due_date: Option<String>,
    pub photo_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionDetail {
    pub action: ActionView,
    /// Oldest first.
    pub timeline: Vec<ActionEventView>,
}

/// A ward's actions, as its manager works through them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardActions {
    /// Drafts from walk-rounds, to confirm, merge or dismiss.
    pub drafts: Vec<ActionView>,
    /// Open, assigned and in progress, highest band first, then by due date.
    pub open: Vec<ActionView>,
    /// Completed, waiting for a ward manager or matron to verify.
    pub awaiting_verification: Vec<ActionView>,
    /// Verified, merged or dismissed in the last 90 days.
    pub recently_closed: Vec<ActionView>,
    pub overdue: u32,
    pub interim_reviews_due: u32,
    pub vigilance_only: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueuePage {
    pub items: Vec<ActionView>,
    /// How many match the filters in all.
    pub total: u32,
    pub offset: u32,
}

/// Open ligature points of one band in one CQC tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BandTierCount {
    pub band: Band,
    pub tier: crate::place::Tier,
    pub count: u32,
}

/// One month of the trend (Europe/London months).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthTrend {
    /// `YYYY-MM`.
    pub month: String,
    pub raised: u32,
    pub closed: u32,
    /// Not yet verified at the end of the month (now, for this month).
    pub open_at_end: u32,
    pub overdue_at_end: u32,
}

/// A ward's line on a site or trust dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardRiskRow {
    pub ward_id: Uuid,
    pub ward_name: String,
    pub site_id: Uuid,
    pub site_name: String,
    pub open_extreme: u32,
    pub open_high: u32,
    pub outstanding_actions: u32,
    pub overdue_actions: u32,
    pub vigilance_only: u32,
}

/// Open risks and how fast they close, for a ward, a site or the trust (issue 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskDashboard {
    /// "Cedar Ward", "Northgate Hospital", or "The whole trust".
    pub scope: String,
    pub generated_at: String,
    /// Open ligature points (open or mitigated) by their current band and their area's tier.
    pub open_points: Vec<BandTierCount>,
    /// Actions not yet verified, merged or dismissed (drafts aside), by band.
    pub outstanding_by_band: Vec<crate::summary::Count<Band>>,
    pub overdue: u32,
    pub awaiting_verification: u32,
    pub vigilance_only: u32,
    /// Days from raised to verified, actions verified in the last 12 months.
    pub close_stats: Vec<super::stats::CloseStats>,
    /// The last 12 months, oldest first.
    pub trend: Vec<MonthTrend>,
    /// Extreme and high actions still outstanding, longest open first (at most 10).
    pub longest_open: Vec<ActionView>,
    /// Each ward in scope (one for a ward dashboard).
    pub wards: Vec<WardRiskRow>,
}
