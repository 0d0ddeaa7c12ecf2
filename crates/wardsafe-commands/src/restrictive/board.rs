//! The matron's board and the matron's sign-off (issue 5): every active
//! seclusion and segregation across the wards the viewer covers, each with
//! its next due review and what is overdue, most urgent first, and the ended
//! ones awaiting sign-off; and one ward's episodes (the order and
//! the flags are the domain's, `wardsafe_domain::restrictive::board`).

use super::detail;
use crate::ctx::Ctx;
use crate::records::id_text;
use crate::scope::wards_for;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::restrictive::board::{board_entry, ended_entry, matron_board as board, most_urgent_first};
use wardsafe_domain::restrictive::views::{
    BoardEntry, EndedEpisode, EpisodeDetail, EpisodeView, MatronBoard, WardEpisodes,
};
use wardsafe_domain::restrictive::{evaluate, Compliance, ReviewRules};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive as q;
use wardsafe_store::{Connection, Entity, Value};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardInput {
    /// One ward; absent: every ward I cover.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOffInput {
    pub episode_id: Uuid,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardEpisodesInput {
    pub ward_id: Uuid,
}

/// How many ended episodes a list shows: the most recent.
const ENDED_SHOWN: u32 = 100;

/// The wards whose episodes I may see: `ward` alone (checked), or every ward I cover.
fn wards_in_scope(ctx: &Ctx, c: &Connection, ward: Option<Uuid>) -> AppResult<Vec<Uuid>> {
    let (_, wards) = wards_for(ctx, c, ward, None, Action::ViewRestrictive)?;
    Ok(wards.into_iter().map(|w| w.id).collect())
}

/// The episodes going on across `wards`, each with its next due and overdue reviews, most urgent first.
fn active_entries(
    c: &Connection,
    wards: &[Uuid],
    rules: &ReviewRules,
    now: DateTime<Utc>,
) -> AppResult<Vec<BoardEntry>> {
    let active = evaluated(c, q::active_episodes(c, wards)?, rules, now)?;
    let mut entries: Vec<BoardEntry> = active.iter().map(|(v, c)| board_entry(v, c)).collect();
    most_urgent_first(&mut entries);
    Ok(entries)
}

/// Each episode with its compliance at `now`, their timelines read at once.
pub(crate) fn evaluated(
    c: &Connection,
    views: Vec<EpisodeView>,
    rules: &ReviewRules,
    now: DateTime<Utc>,
) -> AppResult<Vec<(EpisodeView, Compliance)>> {
    let mut timelines = q::timelines(c, &views)?;
    let mut out = Vec::with_capacity(views.len());
    for view in views {
        let Some((timeline, _)) = timelines.remove(&view.episode.id) else { continue };
        let others = super::others_for(c, &view, rules, now)?;
        let compliance = evaluate(&timeline, &others, rules, now);
        out.push((view, compliance));
    }
    Ok(out)
}

fn ended(
    c: &Connection,
    wards: &[Uuid],
    unsigned: bool,
    rules: &ReviewRules,
    now: DateTime<Utc>,
) -> AppResult<Vec<EndedEpisode>> {
    let views = q::ended_episodes(c, wards, unsigned, ENDED_SHOWN)?;
    Ok(evaluated(c, views, rules, now)?.iter().map(|(v, c)| ended_entry(v, c)).collect())
}

pub fn matron_board(ctx: &Ctx, input: BoardInput) -> AppResult<MatronBoard> {
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let wards = wards_in_scope(ctx, c, input.ward_id)?;
        let rules = q::review_rules(c)?;
        Ok(board(active_entries(c, &wards, &rules, now)?, ended(c, &wards, true, &rules, now)?, now))
    })
}

/// One ward's episodes: those going on, most urgent first, and the most recently ended.
pub fn ward_episodes(ctx: &Ctx, input: WardEpisodesInput) -> AppResult<WardEpisodes> {
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let wards = wards_in_scope(ctx, c, Some(input.ward_id))?;
        let rules = q::review_rules(c)?;
        let active = active_entries(c, &wards, &rules, now)?;
        Ok(WardEpisodes { evaluated_at: now, active, ended: ended(c, &wards, false, &rules, now)? })
    })
}

/// The matron signs an episode off as reviewed, with a comment (once).
pub fn sign_off_episode(ctx: &Ctx, input: SignOffInput) -> AppResult<EpisodeDetail> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    ctx.store().write(ctx.user_id(), |tx| {
        let view = q::episode(tx.conn(), input.episode_id, "episodeId")?;
        ctx.require(Action::SignOffEpisode, Some(view.episode.ward_id))?;
        let comment = required_text("comment", &input.comment, 4000)?;
        if let Some(s) = &view.sign_off {
            return Err(AppError::invalid_state(format!(
                "this episode was signed off by {} at {}",
                s.by_name,
                crate::time::london(&s.at)
            )));
        }
        let at = tx.now_str();
        tx.update(
            Entity::RestrictiveEpisode,
            input.episode_id,
            &[
                ("signed_off_by", id_text(me)),
                ("signed_off_at", Value::Text(at)),
                ("sign_off_comment", Value::Text(comment)),
            ],
        )?;
        detail(tx.conn(), input.episode_id, now)
    })
}
