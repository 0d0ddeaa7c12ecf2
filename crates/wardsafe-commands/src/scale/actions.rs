//! The large trust's actions: about [`super::ScaleSpec::actions_per_ward`] per
//! ward, raised over the years about its ligature points, most of them
//! verified after a band-dependent number of days, the recent ones still open,
//! assigned, in progress or awaiting verification; interim controls on the
//! outstanding high and extreme ones (some "staff vigilance" only, for long
//! enough to be flagged). Each action has its timeline, all through the one
//! write path.

use super::{iso, text, Rng, WardPlan};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use wardsafe_domain::remediation::interim::InterimControlKind;
use wardsafe_domain::remediation::policy::RemediationPolicy;
use wardsafe_domain::remediation::{ActionStatus, Trade};
use wardsafe_domain::risk::Band;
use wardsafe_domain::AppResult;
use wardsafe_store::{Entity, Tx, Value};

const TITLES: [&str; 8] = [
    "Replace with an anti-ligature fitting",
    "Box in the exposed pipework",
    "Fit a collapsible rail",
    "Remove the fitting",
    "Replace the door hinge with a continuous hinge",
    "Replace the tap with a push-button tap",
    "Lower the ceiling void access and secure it",
    "Replace the window restrictor",
];
const TRADES: [Trade; 6] =
    [Trade::General, Trade::Joinery, Trade::Plumbing, Trade::Electrical, Trade::Glazing, Trade::Flooring];
const CONTROLS: [InterimControlKind; 5] = [
    InterimControlKind::RoomClosed,
    InterimControlKind::OneToOneObservation,
    InterimControlKind::FittingRemoved,
    InterimControlKind::AreaSupervised,
    InterimControlKind::StaffVigilance,
];

/// The people an action passes between.
pub(super) struct Staff {
    pub estates: Uuid,
    pub matron: Uuid,
}

fn band(rng: &mut Rng) -> Band {
    match rng.below(100) {
        0..=4 => Band::Extreme,
        5..=24 => Band::High,
        25..=69 => Band::Moderate,
        _ => Band::Low,
    }
}

/// Days from raising to verification: most within the policy, a tail beyond it.
fn days_to_close(band: Band, rng: &mut Rng) -> i64 {
    let (typical, tail) = match band {
        Band::Extreme => (7, 30),
        Band::High => (28, 90),
        Band::Moderate => (90, 200),
        Band::Low => (180, 365),
    };
    (if rng.chance(1, 6) { typical + rng.below(tail) } else { 1 + rng.below(typical) }) as i64
}

struct Event<'a> {
    kind: &'a str,
    from: Option<ActionStatus>,
    to: ActionStatus,
    at: DateTime<Utc>,
    by: Uuid,
}

fn event(tx: &mut Tx, action: Uuid, e: Event, assignee: Option<Uuid>, note: Option<&str>) -> AppResult<()> {
    tx.insert(
        Entity::ActionEvent,
        Uuid::now_v7(),
        &[
            ("action_id", text(action.to_string())),
            ("kind", text(e.kind)),
            ("from_status", e.from.map(|s| text(s.as_str())).unwrap_or(Value::Null)),
            ("to_status", text(e.to.as_str())),
            ("at", text(iso(e.at))),
            ("by_user", text(e.by.to_string())),
            ("note", note.map(text).unwrap_or(Value::Null)),
            ("assignee_id", assignee.map(|a| text(a.to_string())).unwrap_or(Value::Null)),
        ],
    )
}

/// One ward's actions, in one transaction.
pub(super) fn raise(
    tx: &mut Tx,
    ward: &WardPlan,
    count: u32,
    months: u32,
    staff: &Staff,
    now: DateTime<Utc>,
    rng: &mut Rng,
) -> AppResult<u64> {
    let policy = RemediationPolicy::default();
    let span_days = (months as i64 * 30).max(1);
    let points: Vec<&super::Point> = ward.points.iter().filter(|p| !p.id.is_nil()).collect();
    for _ in 0..count {
        let id = Uuid::now_v7();
        let band = band(rng);
        // Recent months hold more actions (the register grows over the years).
        let age = rng.below(span_days as u32).min(rng.below(span_days as u32)) as i64;
        let raised = now - Duration::days(age) - Duration::minutes(rng.below(600) as i64);
        let point = (!points.is_empty()).then(|| points[rng.below(points.len() as u32) as usize]);
        let close = days_to_close(band, rng);
        let closed_at = raised + Duration::days(close);
        // Outstanding: not yet due to close, and a few long-stuck ones.
        let status = if closed_at < now && !rng.chance(1, 40) {
            ActionStatus::Verified
        } else {
            [ActionStatus::Open, ActionStatus::Assigned, ActionStatus::InProgress, ActionStatus::Completed]
                [rng.below(4) as usize]
        };
        let assigned = status != ActionStatus::Open;
        let completed = matches!(status, ActionStatus::Completed | ActionStatus::Verified);
        let done_at = if status == ActionStatus::Verified { closed_at - Duration::hours(20) } else { now };
        let step_at = |frac: i64| raised + (done_at - raised) * frac as i32 / 4;
        tx.insert(
            Entity::Action,
            id,
            &[
                ("ward_id", text(ward.id.to_string())),
                ("area_id", point.map(|p| text(ward.areas[p.area].0.to_string())).unwrap_or(Value::Null)),
                ("point_id", point.map(|p| text(p.id.to_string())).unwrap_or(Value::Null)),
                ("source", text(if point.is_some() { "ligature_point" } else { "direct" })),
                ("title", text(TITLES[rng.below(TITLES.len() as u32) as usize])),
                ("band", text(band.as_str())),
                ("owner_team", text("estates")),
                ("trade", text(TRADES[rng.below(TRADES.len() as u32) as usize].as_str())),
                ("status", text(status.as_str())),
                ("assignee_id", if assigned { text(staff.estates.to_string()) } else { Value::Null }),
                ("due_date", text(policy.default_due_date(band, raised).to_string())),
                ("raised_by", text(ward.manager.to_string())),
                ("raised_at", text(iso(raised))),
                ("completed_by", if completed { text(staff.estates.to_string()) } else { Value::Null }),
                ("completed_at", if completed { text(iso(step_at(3))) } else { Value::Null }),
                (
                    "verified_by",
                    if status == ActionStatus::Verified { text(staff.matron.to_string()) } else { Value::Null },
                ),
                ("verified_at", if status == ActionStatus::Verified { text(iso(closed_at)) } else { Value::Null }),
            ],
        )?;
        let by = ward.manager;
        event(tx, id, Event { kind: "raised", from: None, to: ActionStatus::Open, at: raised, by }, None, None)?;
        let path: &[(&str, ActionStatus, ActionStatus, i64)] = &[
            ("assign", ActionStatus::Open, ActionStatus::Assigned, 1),
            ("start", ActionStatus::Assigned, ActionStatus::InProgress, 2),
            ("complete", ActionStatus::InProgress, ActionStatus::Completed, 3),
        ];
        let reached = match status {
            ActionStatus::Open => 0,
            ActionStatus::Assigned => 1,
            ActionStatus::InProgress => 2,
            _ => 3,
        };
        for (kind, from, to, frac) in &path[..reached] {
            let by = if *kind == "assign" { ward.manager } else { staff.estates };
            let assignee = (*kind == "assign").then_some(staff.estates);
            let note = (*kind == "complete").then_some("Fitted and checked");
            event(tx, id, Event { kind, from: Some(*from), to: *to, at: step_at(*frac), by }, assignee, note)?;
        }
        if status == ActionStatus::Verified {
            let e = Event {
                kind: "verify",
                from: Some(ActionStatus::Completed),
                to: status,
                at: closed_at,
                by: staff.matron,
            };
            event(tx, id, e, None, None)?;
        } else if matches!(band, Band::Extreme | Band::High) && !rng.chance(1, 4) {
            let kind = CONTROLS[rng.below(CONTROLS.len() as u32) as usize];
            let started = raised + Duration::hours(2);
            let review = wardsafe_domain::remediation::london_date(started + Duration::days(7 + rng.below(21) as i64));
            tx.insert(
                Entity::InterimControl,
                Uuid::now_v7(),
                &[
                    ("ward_id", text(ward.id.to_string())),
                    ("action_id", text(id.to_string())),
                    ("kind", text(kind.as_str())),
                    ("started_at", text(iso(started))),
                    ("review_date", text(review.to_string())),
                    ("added_by", text(ward.manager.to_string())),
                ],
            )?;
        }
    }
    Ok(count as u64)
}
