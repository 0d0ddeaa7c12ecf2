//! The matron's board and the matron's sign-off (issue 5): every active
//! seclusion and segregation across the wards the viewer covers, each with
//! its next due review and what is overdue, most urgent first (the order and
//! the flags are the domain's, `wardsafe_domain::restrictive::board`).

use super::detail;
use crate::ctx::Ctx;
use crate::records::id_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::restrictive::board::{board_entry, matron_board as board};
use wardsafe_domain::restrictive::evaluate;
use wardsafe_domain::restrictive::views::{EpisodeDetail, MatronBoard};
use wardsafe_domain::role::{allows, may, Action};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive as q;
use wardsafe_store::{queries, Entity, Value};

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

pub fn matron_board(ctx: &Ctx, input: BoardInput) -> AppResult<MatronBoard> {
    let me = ctx.me()?;
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let wards: Vec<Uuid> = match input.ward_id {
            Some(w) => {
                queries::places::ward(c, w, "wardId")?;
                ctx.require(Action::ViewRestrictive, Some(w))?;
                vec![w]
            }
            None => (queries::places::wards(c)?.into_iter())
                .map(|w| w.id)
                .filter(|w| may(&me.roles, Action::ViewRestrictive, Some(*w)))
                .collect(),
        };
        if !me.roles.iter().any(|g| allows(g.role, Action::ViewRestrictive)) {
            return Err(AppError::forbidden(format!(
                "your roles do not allow you to {}",
                Action::ViewRestrictive.describe()
            )));
        }
        let rules = q::review_rules(c)?;
        let views = q::active_episodes(c, &wards)?;
        let mut timelines = q::timelines(c, &views)?;
        let mut entries = Vec::with_capacity(views.len());
        for view in &views {
            let Some((timeline, _)) = timelines.remove(&view.episode.id) else { continue };
            let others = super::others_for(c, view, &rules, now)?;
            entries.push(board_entry(view, &evaluate(&timeline, &others, &rules, now)));
        }
        Ok(board(entries, now))
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
