//! Plain owned data handed in by the caller. Every string is shown as given
//! (times already formatted in Europe/London); nothing here is computed.

/// The report of one walk-round: an environmental ligature walk-round or a
/// daily ward safety check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkroundReport {
    /// For example "Environmental ligature walk-round".
    pub title: String,
    pub trust_or_site: String,
    pub ward: String,
    /// Template name and version, for example "Ligature walk-round v3".
    pub template: String,
    pub started_by: String,
    pub started_at: String,
    pub completed_at: Option<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<String>,
    /// "in progress", "completed" or "signed off".
    pub status: String,
    /// When this PDF was produced, already formatted (Europe/London).
    pub produced_at: String,
    /// Who asked for it, for example "Priya Shah".
    pub produced_by: String,
    pub summary: SummaryBlock,
    /// The actions raised from this walk-round's findings: drafts (marked as
    /// drafts), confirmed ones, and merged or dismissed ones with how they ended.
    pub actions: Vec<ActionLine>,
    /// Other actions still open (not verified, merged or dismissed) against
    /// the ligature points this walk-round assessed.
    pub open_actions: Vec<ActionLine>,
    pub areas: Vec<AreaBlock>,
    pub amendments: Vec<AmendmentLine>,
}

/// The summary at the top of a walk-round report. Each list is shown in the
/// order given; empty lists are shown as "none".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryBlock {
    /// Ligature points by risk band, e.g. `("extreme", 2)`.
    pub counts_by_band: Vec<(String, u32)>,
    /// Ligature points by area tier, e.g. `("Tier 3", 14)`.
    pub counts_by_tier: Vec<(String, u32)>,
    /// One line per failed critical question, e.g. "Bedroom 4: ligature cutters present".
    pub failed_critical: Vec<String>,
    /// Changes since the ward's previous walk-round: new, unchanged, worse,
    /// better, resolved.
    pub changes: Vec<(String, u32)>,
}

/// One area visited on the walk-round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaBlock {
    pub name: String,
    /// For example "bedroom", "garden".
    pub area_type: String,
    /// For example "Tier 3".
    pub tier: String,
    pub answers: Vec<AnswerLine>,
    pub points: Vec<PointLine>,
}

/// One answered question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerLine {
    pub question: String,
    pub answer: String,
    pub comment: Option<String>,
    pub failed: bool,
    pub critical: bool,
}

/// One ligature point as assessed on this walk-round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointLine {
    pub fixture: String,
    pub location: String,
    /// "floor to 1 m", "1-2 m" or "above 2 m".
    pub height_band: String,
    /// Score and band, e.g. "16 (extreme)".
    pub score: String,
    /// Residual score and band with controls, e.g. "6 (moderate)".
    pub residual: Option<String>,
    pub controls: String,
    pub status: String,
    /// Since the previous walk-round: "new", "unchanged", "worse", "better", "resolved".
    pub change: Option<String>,
}

/// One audited amendment made after sign-off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmendmentLine {
    pub when: String,
    pub by: String,
    pub what: String,
    pub original: String,
    pub amended: String,
    pub reason: String,
}

/// A ward's ligature register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterReport {
    /// Defaults to "Ligature register" when empty.
    pub title: String,
    pub trust_or_site: String,
    pub ward: String,
    /// When this PDF was produced, already formatted (Europe/London).
    pub produced_at: String,
    /// Who asked for it, for example "Priya Shah".
    pub produced_by: String,
    /// Areas in the order they are to be shown.
    pub areas: Vec<RegisterArea>,
}

/// The points of one area of the register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterArea {
    pub name: String,
    pub area_type: String,
    pub tier: String,
    pub points: Vec<RegisterPoint>,
}

/// One row of the register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterPoint {
    pub fixture: String,
    pub location: String,
    pub height_band: String,
    /// Score and band, e.g. "16 (extreme)".
    pub score: String,
    pub residual: Option<String>,
    pub controls: String,
    pub status: String,
    pub last_assessed: String,
    /// Whether the point counts as open (shown in the counts of the cover line).
    pub open: bool,
    /// Staff vigilance has been its only control for longer than policy allows.
    pub vigilance_only: bool,
    /// The actions still open against this point, with their interim controls.
    pub actions: Vec<ActionLine>,
}

/// One action as a report shows it. Dates are already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionLine {
    pub title: String,
    /// What it is about, for example "Bedroom 4: Basin mixer tap".
    pub about: String,
    /// For example "extreme".
    pub band: String,
    /// For example "Assigned" or "Completed, awaiting verification".
    pub status: String,
    /// A draft from a walk-round, not yet confirmed.
    pub draft: bool,
    /// Owner team and trade, for example "Estates, Plumbing".
    pub owner: String,
    pub assignee: Option<String>,
    /// The due date, for example "10 Mar 2025".
    pub due: String,
    pub overdue: bool,
    /// Interim controls in force now.
    pub interim_controls: Vec<InterimLine>,
    /// Staff vigilance has been the only control for longer than policy allows.
    pub vigilance_only: bool,
    /// An extreme risk with no interim control by the end of the day it was raised.
    pub interim_missing: bool,
    /// How it was verified, merged, dismissed or rejected, when it was.
    pub outcome: Option<String>,
}

/// An interim control in force while an action is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterimLine {
    /// For example "Room closed: bedroom 4 locked".
    pub control: String,
    /// When it was put in place, for example "3 Mar 2025 10:05".
    pub since: String,
    /// For example "4 Mar 2025".
    pub review_date: String,
    pub review_overdue: bool,
}
