//! Observations and reviews: the episode's timeline, append-only (DESIGN.md
//! §3). Each is checked by the domain first — within the episode, not in the
//! future, led by a role the trust's rules allow, with enough staff — since a
//! record that would not count is refused rather than kept (Code of Practice
//! chapter 26: a nursing review by two people, one a registered nurse).

use super::{detail, instant_or_now};
use crate::ctx::Ctx;
use crate::records::id_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::restrictive::checks::{check_observation, check_review};
use wardsafe_domain::restrictive::views::EpisodeDetail;
use wardsafe_domain::restrictive::{ClinicalRole, Observation, Review, ReviewKind};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive::{self as q, instant_text};
use wardsafe_store::{Entity, Value};

/// A written observation of a secluded patient.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObservationInput {
    pub episode_id: Uuid,
    /// RFC 3339; now when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub at: Option<String>,
    /// The observer's profession.
    pub by: ClinicalRole,
    #[serde(default)]
    pub note: String,
}

/// A review or other dated step of an episode.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    pub episode_id: Uuid,
    pub kind: ReviewKind,
    /// RFC 3339; now when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub at: Option<String>,
    /// The profession of whoever led it.
    pub by: ClinicalRole,
    /// Their name, as the ward records it.
    #[serde(default)]
    pub by_name: String,
    /// The professions of the others who took part.
    #[serde(default)]
    pub other_staff: Vec<ClinicalRole>,
    #[serde(default)]
    pub note: String,
}

fn note(field: &str, s: &str) -> AppResult<String> {
    let s = s.trim();
    if s.chars().count() > 4000 {
        return Err(AppError::validation(field, "at most 4,000 characters"));
    }
    Ok(s.to_string())
}

pub fn record_observation(ctx: &Ctx, input: ObservationInput) -> AppResult<EpisodeDetail> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let at = instant_or_now("at", &input.at, now)?;
    let text = note("note", &input.note)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let view = q::episode(tx.conn(), input.episode_id, "episodeId")?;
        ctx.require(Action::RecordRestrictive, Some(view.episode.ward_id))?;
        let rules = q::review_rules(tx.conn())?;
        let obs = Observation { id: tx.new_id(), at, by: input.by, note: text };
        check_observation(&view.episode, &obs, &rules, now)?;
        let recorded_at = tx.now_str();
        tx.insert(
            Entity::EpisodeObservation,
            obs.id,
            &[
                ("episode_id", id_text(input.episode_id)),
                ("at", Value::Text(instant_text(obs.at))),
                ("by_role", Value::Text(obs.by.as_str().into())),
                ("note", Value::Text(obs.note)),
                ("recorded_by", id_text(me)),
                ("recorded_at", Value::Text(recorded_at)),
            ],
        )?;
        detail(tx.conn(), input.episode_id, now)
    })
}

pub fn record_review(ctx: &Ctx, input: ReviewInput) -> AppResult<EpisodeDetail> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let at = instant_or_now("at", &input.at, now)?;
    let text = note("note", &input.note)?;
    let by_name = input.by_name.trim().to_string();
    if by_name.chars().count() > 200 {
        return Err(AppError::validation("byName", "at most 200 characters"));
    }
    ctx.store().write(ctx.user_id(), |tx| {
        let view = q::episode(tx.conn(), input.episode_id, "episodeId")?;
        ctx.require(Action::RecordRestrictive, Some(view.episode.ward_id))?;
        let rules = q::review_rules(tx.conn())?;
        let review = Review {
            id: tx.new_id(),
            kind: input.kind,
            at,
            by: input.by,
            other_staff: input.other_staff.clone(),
            note: text,
        };
        check_review(&view.episode, &review, &rules, now)?;
        let staff = serde_json::to_string(&review.other_staff).unwrap_or_else(|_| "[]".into());
        let recorded_at = tx.now_str();
        tx.insert(
            Entity::EpisodeReview,
            review.id,
            &[
                ("episode_id", id_text(input.episode_id)),
                ("kind", Value::Text(review.kind.as_str().into())),
                ("at", Value::Text(instant_text(review.at))),
                ("by_role", Value::Text(review.by.as_str().into())),
                ("by_name", Value::Text(by_name)),
                ("other_staff", Value::Text(staff)),
                ("note", Value::Text(review.note)),
                ("recorded_by", id_text(me)),
                ("recorded_at", Value::Text(recorded_at)),
            ],
        )?;
        detail(tx.conn(), input.episode_id, now)
    })
}
