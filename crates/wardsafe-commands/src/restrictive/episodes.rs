//! Starting, ending and reading an episode. Starts and ends may be recorded
//! after the fact (a past time), never in the future; the checks are the
//! domain's (`wardsafe_domain::restrictive::checks`), so each refusal names
//! its field and nothing is written.

use super::{detail, instant_or_now};
use crate::ctx::Ctx;
use crate::records::{id_text, opt_text};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::restrictive::checks::{check_end, check_start, EpisodeEnd};
use wardsafe_domain::restrictive::views::EpisodeDetail;
use wardsafe_domain::restrictive::{ClinicalRole, Episode, EpisodeEnding, EpisodeKind, NhsNumber};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive::{self as q, instant_text};
use wardsafe_store::{queries, Entity, Value};

/// Start a seclusion (Code of Practice chapter 26): who authorised it and
/// whether a doctor did (their examination is then the first medical review).
#[derive(Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartSeclusionInput {
    pub ward_id: Uuid,
    /// The room (an area of the ward).
    pub room_area_id: Uuid,
    pub patient_name: String,
    /// 10 digits (spaces allowed), with a valid modulus 11 check digit.
    pub nhs_number: NhsNumber,
    /// RFC 3339; now when absent. Never in the future.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub started_at: Option<String>,
    /// The authoriser's profession: a doctor, an approved clinician or the registered nurse in charge.
    pub authorised_by: ClinicalRole,
    pub authorised_by_name: String,
    /// Default: whether `authorisedBy` is a doctor.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub authorised_by_doctor: Option<bool>,
    pub reason: String,
}

/// Start long-term segregation, by an MDT decision led by a doctor or approved clinician.
#[derive(Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartSegregationInput {
    pub ward_id: Uuid,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub room_area_id: Option<Uuid>,
    pub patient_name: String,
    pub nhs_number: NhsNumber,
    /// When the MDT decided (RFC 3339); now when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub started_at: Option<String>,
    pub authorised_by: ClinicalRole,
    pub authorised_by_name: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub authorised_by_doctor: Option<bool>,
    pub reason: String,
    /// The care plan to end the segregation, when already written.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub care_plan: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeInput {
    pub episode_id: Uuid,
    /// Evaluate compliance at this instant (RFC 3339) instead of now.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndEpisodeInput {
    pub episode_id: Uuid,
    /// RFC 3339; now when absent. After the start and everything recorded in it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ended_at: Option<String>,
    pub ending: EpisodeEnding,
    /// Seclusion: required.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub debrief_offered: Option<bool>,
}

struct NewEpisode {
    kind: EpisodeKind,
    ward_id: Uuid,
    room_area_id: Option<Uuid>,
    patient_name: String,
    nhs_number: NhsNumber,
    started_at: Option<String>,
    authorised_by: ClinicalRole,
    authorised_by_name: String,
    authorised_by_doctor: Option<bool>,
    reason: String,
    care_plan: Option<String>,
}

pub fn start_seclusion(ctx: &Ctx, input: StartSeclusionInput) -> AppResult<EpisodeDetail> {
    start(
        ctx,
        NewEpisode {
            kind: EpisodeKind::Seclusion,
            ward_id: input.ward_id,
            room_area_id: Some(input.room_area_id),
            patient_name: input.patient_name,
            nhs_number: input.nhs_number,
            started_at: input.started_at,
            authorised_by: input.authorised_by,
            authorised_by_name: input.authorised_by_name,
            authorised_by_doctor: input.authorised_by_doctor,
            reason: input.reason,
            care_plan: None,
        },
    )
}

pub fn start_segregation(ctx: &Ctx, input: StartSegregationInput) -> AppResult<EpisodeDetail> {
    start(
        ctx,
        NewEpisode {
            kind: EpisodeKind::LongTermSegregation,
            ward_id: input.ward_id,
            room_area_id: input.room_area_id,
            patient_name: input.patient_name,
            nhs_number: input.nhs_number,
            started_at: input.started_at,
            authorised_by: input.authorised_by,
            authorised_by_name: input.authorised_by_name,
            authorised_by_doctor: input.authorised_by_doctor,
            reason: input.reason,
            care_plan: input.care_plan,
        },
    )
}

fn start(ctx: &Ctx, n: NewEpisode) -> AppResult<EpisodeDetail> {
    ctx.require(Action::RecordRestrictive, Some(n.ward_id))?;
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let patient_name = required_text("patientName", &n.patient_name, 200)?;
    let authorised_by_name = required_text("authorisedByName", &n.authorised_by_name, 200)?;
    let care_plan = n.care_plan.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let episode = Episode {
        id: ctx.store().new_id(),
        kind: n.kind,
        patient_id: Uuid::nil(),
        ward_id: n.ward_id,
        room_area_id: n.room_area_id,
        started_at: instant_or_now("startedAt", &n.started_at, now)?,
        authorised_by: n.authorised_by,
        authorised_by_doctor: n.authorised_by_doctor.unwrap_or(n.authorised_by == ClinicalRole::Doctor),
        reason: n.reason.trim().to_string(),
        ended_at: None,
        ending: None,
        debrief_offered: None,
    };
    check_start(&episode, now)?;
    let id = episode.id;
    ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), n.ward_id, "wardId")?;
        if let Some(room) = n.room_area_id {
            if queries::places::area(tx.conn(), room, "roomAreaId")?.ward_id != n.ward_id {
                return Err(AppError::not_found("roomAreaId", "room on this ward"));
            }
        }
        let recorded_at = tx.now_str();
        tx.insert(
            Entity::RestrictiveEpisode,
            id,
            &[
                ("kind", Value::Text(episode.kind.as_str().into())),
                ("ward_id", id_text(episode.ward_id)),
                ("room_area_id", episode.room_area_id.map(id_text).unwrap_or(Value::Null)),
                ("patient_name", Value::Text(patient_name)),
                ("nhs_number", Value::Text(n.nhs_number.digits().into())),
                ("started_at", Value::Text(instant_text(episode.started_at))),
                ("authorised_role", Value::Text(episode.authorised_by.as_str().into())),
                ("authorised_by_name", Value::Text(authorised_by_name)),
                ("authorised_by_doctor", Value::Integer(episode.authorised_by_doctor.into())),
                ("reason", Value::Text(episode.reason.clone())),
                ("care_plan", opt_text(care_plan)),
                ("started_by", id_text(me)),
                ("recorded_at", Value::Text(recorded_at)),
            ],
        )?;
        detail(tx.conn(), id, now)
    })
}

/// An episode with its observations, reviews and every requirement's state
/// now (or at `at`): met, late, missed, due, not yet due.
pub fn get_episode(ctx: &Ctx, input: EpisodeInput) -> AppResult<EpisodeDetail> {
    let at = instant_or_now("at", &input.at, ctx.store().now())?;
    ctx.store().read(|c| {
        let ward = q::episode(c, input.episode_id, "episodeId")?.episode.ward_id;
        ctx.require(Action::ViewRestrictive, Some(ward))?;
        detail(c, input.episode_id, at)
    })
}

/// End an episode: after its start and after everything recorded in it; a
/// seclusion says whether a debrief was offered.
pub fn end_episode(ctx: &Ctx, input: EndEpisodeInput) -> AppResult<EpisodeDetail> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let ended_at = instant_or_now("endedAt", &input.ended_at, now)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let view = q::episode(tx.conn(), input.episode_id, "episodeId")?;
        ctx.require(Action::RecordRestrictive, Some(view.episode.ward_id))?;
        let (timeline, _) = q::timeline(tx.conn(), &view)?;
        let end = EpisodeEnd { ended_at, ending: input.ending, debrief_offered: input.debrief_offered };
        check_end(&timeline, &end, now)?;
        tx.update(
            Entity::RestrictiveEpisode,
            input.episode_id,
            &[
                ("ended_at", Value::Text(instant_text(ended_at))),
                ("ending", Value::Text(input.ending.as_str().into())),
                ("debrief_offered", input.debrief_offered.map(|d| Value::Integer(d.into())).unwrap_or(Value::Null)),
                ("ended_by", id_text(me)),
            ],
        )?;
        detail(tx.conn(), input.episode_id, now)
    })
}
