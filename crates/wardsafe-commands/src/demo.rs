//! The demo trust (`assets/demo/trust.json`): 2 sites, 6 wards, their areas,
//! users of every role, a ligature register and a few past walk-rounds, all
//! written through the one write path in one transaction.

use crate::ctx::Ctx;
use crate::records::{
    add_assessment, add_audit, add_point, put_answer, set_audit_status, NewAnswer, NewAssessment, NewPoint,
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::ligature::{FixtureType, HeightBand, PointStatus};
use wardsafe_domain::place::{AreaType, Specialty, Tier};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::role::Role;
use wardsafe_domain::template::{QuestionKind, Template};
use wardsafe_domain::views::AuditStatus;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Entity, Store, Tx, Value};

const TRUST: &str = include_str!("../../../assets/demo/trust.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Trust {
    password: String,
    sites: Vec<SiteData>,
    layouts: HashMap<String, Layout>,
    points: Vec<PointData>,
    users: Vec<UserData>,
}
#[derive(Deserialize)]
struct SiteData {
    name: String,
    wards: Vec<WardData>,
}
#[derive(Deserialize)]
struct WardData {
    name: String,
    specialty: Specialty,
    layout: String,
}
#[derive(Deserialize)]
struct Layout {
    areas: Vec<(String, AreaType)>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PointData {
    area_type: AreaType,
    fixture: FixtureType,
    location: String,
    height: HeightBand,
    collapsible: bool,
    #[serde(default)]
    test_months_ago: Option<i64>,
    l: i64,
    c: i64,
    controls: Vec<String>,
    #[serde(default)]
    rl: Option<i64>,
    #[serde(default)]
    rc: Option<i64>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserData {
    username: String,
    display_name: String,
    roles: Vec<(Role, Option<String>)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoLoaded {
    pub wards: u32,
    /// Demo sign-ins: every user has the same password.
    pub usernames: Vec<String>,
    pub password: String,
}

/// First run only: load the demo trust.
pub fn load_demo_command(ctx: &Ctx, _: serde_json::Value) -> AppResult<DemoLoaded> {
    load_demo(ctx.store(), Utc::now())
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn load_demo(store: &Store, now: DateTime<Utc>) -> AppResult<DemoLoaded> {
    let trust: Trust = serde_json::from_str(TRUST).map_err(|e| AppError::internal(format!("demo trust file: {e}")))?;
    let hash = crate::session::hash_password(&trust.password)?;
    let walkround = store
        .read(|c| queries::templates::live_by_key(c, "ligature-walkround"))?
        .ok_or_else(|| AppError::internal("the walk-round template is missing"))?;
    let daily = store
        .read(|c| queries::templates::live_by_key(c, "daily-safety-check"))?
        .ok_or_else(|| AppError::internal("the daily check template is missing"))?;
    store.write(None, |tx| {
        if queries::users::count(tx.conn())? > 0 {
            return Err(AppError::invalid_state("the demo trust can only be loaded into an empty database"));
        }
        let mut wards: HashMap<String, Uuid> = HashMap::new();
        let mut ward_areas: Vec<(Uuid, Vec<(Uuid, AreaType)>)> = Vec::new();
        for site in &trust.sites {
            let site_id = Uuid::now_v7();
            tx.insert(Entity::Site, site_id, &[("name", Value::Text(site.name.clone()))])?;
            for w in &site.wards {
                let ward_id = Uuid::now_v7();
                tx.insert(
                    Entity::Ward,
                    ward_id,
                    &[
                        ("site_id", Value::Text(site_id.to_string())),
                        ("name", Value::Text(w.name.clone())),
                        ("specialty", Value::Text(w.specialty.as_str().into())),
                    ],
                )?;
                let layout = trust.layouts.get(&w.layout).ok_or_else(|| AppError::internal("demo layout missing"))?;
                let mut areas = Vec::new();
                for (i, (name, kind)) in layout.areas.iter().enumerate() {
                    let area_id = Uuid::now_v7();
                    tx.insert(
                        Entity::Area,
                        area_id,
                        &[
                            ("ward_id", Value::Text(ward_id.to_string())),
                            ("name", Value::Text(name.clone())),
                            ("area_type", Value::Text(kind.as_str().into())),
                            ("tier", Value::Integer(Tier::suggested_for(*kind).number().into())),
                            ("position", Value::Integer(i as i64 + 1)),
                        ],
                    )?;
                    areas.push((area_id, *kind));
                }
                wards.insert(w.name.clone(), ward_id);
                ward_areas.push((ward_id, areas));
            }
        }
        let mut usernames = Vec::new();
        let mut manager_of: HashMap<Uuid, Uuid> = HashMap::new();
        for u in &trust.users {
            let id = Uuid::now_v7();
            tx.insert(
                Entity::User,
                id,
                &[
                    ("username", Value::Text(u.username.clone())),
                    ("display_name", Value::Text(u.display_name.clone())),
                    ("password_hash", Value::Text(hash.clone())),
                ],
            )?;
            for (role, ward) in &u.roles {
                let ward_id = ward
                    .as_ref()
                    .map(|w| wards.get(w).copied().ok_or_else(|| AppError::internal(format!("demo ward {w}"))))
                    .transpose()?;
                if let (Role::WardManager, Some(w)) = (role, ward_id) {
                    manager_of.insert(w, id);
                }
                tx.insert(
                    Entity::UserRole,
                    Uuid::now_v7(),
                    &[
                        ("user_id", Value::Text(id.to_string())),
                        ("role", Value::Text(role.as_str().into())),
                        ("ward_id", ward_id.map(|w| Value::Text(w.to_string())).unwrap_or(Value::Null)),
                    ],
                )?;
            }
            usernames.push(u.username.clone());
        }
        for (ward, areas) in &ward_areas {
            let manager =
                manager_of.get(ward).copied().ok_or_else(|| AppError::internal("demo ward without a manager"))?;
            history(tx, &trust, *ward, areas, walkround.0, &walkround.1, manager, now)?;
            let at = now - Duration::hours(20);
            let audit = add_audit(tx, *ward, daily.0, iso(at), manager)?;
            answer_all(tx, &daily.1, audit, &[], manager, at, 0)?;
            set_audit_status(tx, audit, AuditStatus::Completed, iso(at + Duration::minutes(25)), manager)?;
        }
        Ok(DemoLoaded { wards: ward_areas.len() as u32, usernames, password: trust.password.clone() })
    })
}

/// Two signed-off walk-rounds, eight and four weeks ago: the register is
/// found in the first and re-assessed in the second (one point removed, one better).
#[allow(clippy::too_many_arguments)]
fn history(
    tx: &mut Tx,
    trust: &Trust,
    ward: Uuid,
    areas: &[(Uuid, AreaType)],
    template_id: Uuid,
    template: &Template,
    by: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut points: Vec<(Uuid, &PointData)> = Vec::new();
    for (round, weeks) in [(0, 8), (1, 4)] {
        let start = now - Duration::weeks(weeks);
        let audit = add_audit(tx, ward, template_id, iso(start), by)?;
        let areas_typed: Vec<_> = areas.to_vec();
        answer_all(tx, template, audit, &areas_typed, by, start, round + 1)?;
        let at = iso(start + Duration::minutes(30));
        if round == 0 {
            for (area, kind) in areas {
                for p in trust.points.iter().filter(|p| p.area_type == *kind) {
                    let id = add_point(
                        tx,
                        NewPoint {
                            ward,
                            area: *area,
                            fixture: p.fixture.as_str(),
                            location: p.location.clone(),
                            height: p.height.as_str(),
                            collapsible: p.collapsible,
                            load_test_date: p
                                .test_months_ago
                                .map(|m| (now - Duration::days(m * 30)).date_naive().to_string()),
                            status: PointStatus::Open,
                            at: at.clone(),
                            audit: Some(audit),
                        },
                    )?;
                    points.push((id, p));
                }
            }
        }
        for (i, (id, p)) in points.iter().enumerate() {
            let better = round == 1 && i % 7 == 3;
            let removed = round == 1 && i % 11 == 5;
            let risk = Risk::new(if better { (p.l - 1).max(1) } else { p.l }, p.c, "")?;
            let residual = match (p.rl, p.rc) {
                (Some(l), Some(c)) => Some(Risk::new(l.min(risk.likelihood.into()), c, "residual")?),
                _ => None,
            };
            let controls: Vec<&str> = p.controls.iter().map(String::as_str).collect();
            add_assessment(
                tx,
                NewAssessment {
                    point: *id,
                    audit: Some(audit),
                    risk,
                    residual,
                    controls: &controls,
                    status: if removed {
                        PointStatus::Removed
                    } else if residual.is_some() {
                        PointStatus::Mitigated
                    } else {
                        PointStatus::Open
                    },
                    accepted_reason: None,
                    approver: None,
                    notes: removed.then(|| "Fitting replaced by estates".to_string()),
                    photo_ids: &[],
                    at: at.clone(),
                    by,
                },
            )?;
        }
        let done = start + Duration::minutes(90);
        set_audit_status(tx, audit, AuditStatus::Completed, iso(done), by)?;
        set_audit_status(tx, audit, AuditStatus::SignedOff, iso(done + Duration::hours(2)), by)?;
    }
    Ok(())
}

/// Answer every question asked (for each area, or once for the ward): safe
/// answers, with an occasional failure and its comment (`fail_every` 0: none).
pub(crate) fn answer_all(
    tx: &mut Tx,
    t: &Template,
    audit: Uuid,
    areas: &[(Uuid, AreaType)],
    by: Uuid,
    at: DateTime<Utc>,
    fail_every: usize,
) -> AppResult<u32> {
    let places: Vec<Option<(Uuid, AreaType)>> =
        if areas.is_empty() { vec![None] } else { areas.iter().copied().map(Some).collect() };
    let mut n = 0u32;
    for place in places {
        for q in t.sections.iter().flat_map(|s| &s.questions) {
            if !t.asks(&q.id, place.map(|p| p.1)) {
                continue;
            }
            n += 1;
            let fail = fail_every > 0 && q.kind == QuestionKind::YesNoNa && (n as usize) % (fail_every * 23) == 7;
            let value = match q.kind {
                QuestionKind::YesNoNa if fail => "no".to_string(),
                QuestionKind::YesNoNa => "yes".to_string(),
                QuestionKind::Number => q.min.map(|m| (m + 3.0).to_string()).unwrap_or_else(|| "1".into()),
                QuestionKind::Choice => {
                    q.choices.iter().find(|c| !q.fail_choices.contains(c)).cloned().unwrap_or_default()
                }
                QuestionKind::Text => continue,
            };
            put_answer(
                tx,
                None,
                NewAnswer {
                    audit,
                    area: place.map(|p| p.0),
                    question: &q.id,
                    value,
                    comment: fail.then(|| "Reported to estates; area supervised meanwhile".to_string()),
                    photo_ids: &[],
                    failed: fail,
                    at: iso(at + Duration::seconds(n as i64 * 20)),
                    by,
                },
            )?;
        }
    }
    Ok(n)
}
