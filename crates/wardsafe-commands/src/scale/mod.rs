//! A large synthetic trust for performance work: sites, wards and areas,
//! users with roles, ten years of monthly ligature walk-rounds per ward (each
//! answered in full, completed and signed off) and a ligature register that
//! grows over the years, with its assessments.
//!
//! Everything is written through the store's one write path with the
//! `records` helpers, so every row has its change-log row, exactly as if the
//! wards had recorded it. The content is deterministic from
//! [`ScaleSpec::seed`] (a splitmix64 generator); record ids are UUID v7, so
//! they differ from run to run.
//!
//! Then about [`ScaleSpec::actions_per_ward`] actions per ward ([`actions`]).
//!
//! Volume: every open point is re-assessed in the last
//! [`REASSESSED_ROUNDS`] walk-rounds of each ward; before that a point is
//! assessed when it is found and whenever its risk or status changes. This
//! keeps the default spec at about half a million assessments instead of six
//! million.

mod actions;
mod restrictive;

pub use restrictive::{generate_restrictive, RestrictiveGenerated, RestrictiveSpec};

use crate::demo::answer_all;
use crate::records::{add_assessment, add_audit, add_point, set_audit_status, NewAssessment, NewPoint};
use chrono::{DateTime, Duration, Months, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use uuid::Uuid;
use wardsafe_domain::ligature::{is_open, FixtureType, HeightBand, PointStatus};
use wardsafe_domain::place::{AreaType, Specialty, Tier};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::role::Role;
use wardsafe_domain::views::AuditStatus;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, DbResult, Entity, Store, Tx, Value};

/// Every generated user signs in with this password.
pub const SCALE_PASSWORD: &str = "scale-password";

/// The matron: a trust-wide role, so she sees every ward.
pub const MATRON: &str = "matron";

/// The walk-rounds (counted back from the latest) in which every open point is re-assessed.
pub const REASSESSED_ROUNDS: u32 = 12;

/// Wards per site.
const WARDS_PER_SITE: u32 = 10;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleSpec {
    pub wards: u32,
    pub areas_per_ward: u32,
    /// Monthly walk-rounds per ward, ending in the month before `now`.
    pub months: u32,
    /// Ligature points per area, found progressively over the walk-rounds.
    pub points_per_area: u32,
    /// Actions raised per ward over the years (most of them verified).
    #[serde(default)]
    pub actions_per_ward: u32,
    pub seed: u64,
}

impl Default for ScaleSpec {
    /// 50 wards × 20 areas, 10 years of monthly walk-rounds, 50 points per
    /// area, 2,000 actions per ward (100,000 in all).
    fn default() -> Self {
        ScaleSpec {
            wards: 50,
            areas_per_ward: 20,
            months: 120,
            points_per_area: 50,
            actions_per_ward: 2_000,
            seed: 20_261_122,
        }
    }
}

impl ScaleSpec {
    /// A few seconds' worth, for tests and smoke runs: 2 wards × 3 areas × 6 months.
    pub fn small() -> ScaleSpec {
        ScaleSpec { wards: 2, areas_per_ward: 3, months: 6, points_per_area: 4, actions_per_ward: 40, seed: 7 }
    }

    /// Ten wards to a site.
    pub fn sites(&self) -> u32 {
        self.wards.div_ceil(WARDS_PER_SITE).max(1)
    }
}

/// What was generated (counted in the database afterwards) and how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleReport {
    pub spec: ScaleSpec,
    pub sites: u64,
    pub wards: u64,
    pub areas: u64,
    pub users: u64,
    pub audits: u64,
    pub answers: u64,
    pub points: u64,
    pub assessments: u64,
    #[serde(default)]
    pub actions: u64,
    #[serde(default)]
    pub action_events: u64,
    pub change_log: u64,
    pub elapsed_ms: u64,
    /// Every user's password ([`SCALE_PASSWORD`]).
    pub password: String,
    /// The trust-wide matron's username.
    pub matron: String,
    /// The ward managers' usernames, in ward order.
    pub ward_managers: Vec<String>,
}

/// The username of the manager of ward `i` (from 0).
pub fn manager_username(i: u32) -> String {
    format!("manager{:02}", i + 1)
}

/// The username of the ward staff member of ward `i` (from 0).
pub fn nurse_username(i: u32) -> String {
    format!("nurse{:02}", i + 1)
}

/// splitmix64: tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u32) -> u32 {
        (((self.next() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u32, den: u32) -> bool {
        self.below(den) < num
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }
}

/// A ward's areas in walking order (cycled when a ward has more than 20).
const LAYOUT: [AreaType; 20] = [
    AreaType::Bedroom,
    AreaType::EnSuite,
    AreaType::Lounge,
    AreaType::Bathroom,
    AreaType::Bedroom,
    AreaType::EnSuite,
    AreaType::Dining,
    AreaType::Garden,
    AreaType::Bedroom,
    AreaType::EnSuite,
    AreaType::Corridor,
    AreaType::SeclusionRoom,
    AreaType::Bedroom,
    AreaType::EnSuite,
    AreaType::Toilet,
    AreaType::DeEscalation,
    AreaType::ClinicRoom,
    AreaType::ActivityRoom,
    AreaType::Kitchen,
    AreaType::Office,
];

const SPECIALTIES: [Specialty; 6] = [
    Specialty::Acute,
    Specialty::Picu,
    Specialty::LearningDisability,
    Specialty::Forensic,
    Specialty::OlderAdult,
    Specialty::Camhs,
];

const WARD_NAMES: [&str; 10] = ["Ash", "Beech", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Rowan", "Willow"];
const SITE_NAMES: [&str; 5] = ["Northgate Hospital", "Riverside Unit", "Moorview", "Castle Park", "St Anne's"];

fn fixtures_for(area: AreaType) -> &'static [FixtureType] {
    use FixtureType::*;
    match area {
        AreaType::Bedroom => &[
            Door,
            DoorHandle,
            Hinge,
            Window,
            WindowRestrictor,
            CurtainRail,
            RadiatorPipe,
            LightFitting,
            SmokeDetector,
            Furniture,
            Bed,
            Wardrobe,
            TvBracket,
        ],
        AreaType::EnSuite | AreaType::Bathroom | AreaType::Toilet => {
            &[Door, DoorHandle, Hinge, Shower, Tap, Basin, Wc, RadiatorPipe, LightFitting, CurtainRail]
        }
        AreaType::Garden => &[GardenFence, Furniture, LightFitting, Other],
        _ => &[
            Door,
            DoorHandle,
            Hinge,
            DoorCloser,
            Window,
            CurtainRail,
            RadiatorPipe,
            LightFitting,
            SmokeDetector,
            Furniture,
            TvBracket,
            Other,
        ],
    }
}

const WHERE: [&str; 8] = [
    "by the door",
    "window wall",
    "left wall",
    "right wall",
    "ceiling",
    "far corner",
    "behind the door",
    "above the basin",
];

/// Controls that justify a residual score.
const MITIGATIONS: [&[&str]; 4] =
    [&["anti_ligature_product"], &["observation", "supervised"], &["area_locked"], &["load_release", "observation"]];
/// Controls recorded with a point that is simply open.
const OPEN_CONTROLS: [&[&str]; 3] = [&["staff_vigilance"], &["observation"], &["supervised"]];

/// One ligature point as the generator tracks it between walk-rounds.
struct Point {
    id: Uuid,
    area: usize,
    /// The walk-round (from 0) in which it is found.
    found: u32,
    likelihood: u8,
    consequence: u8,
    residual: Option<(u8, u8)>,
    controls: &'static [&'static str],
    status: PointStatus,
    notes: Option<&'static str>,
}

struct WardPlan {
    id: Uuid,
    manager: Uuid,
    nurse: Uuid,
    areas: Vec<(Uuid, AreaType)>,
    points: Vec<Point>,
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Generate the trust described by `spec` into an empty database whose
/// built-in templates are installed (as [`crate::App::open`] leaves it). The
/// latest walk-round of each ward falls within the month before `now`.
pub fn generate(store: &Store, spec: &ScaleSpec, now: DateTime<Utc>) -> AppResult<ScaleReport> {
    let started = Instant::now();
    if spec.wards == 0 || spec.areas_per_ward == 0 || spec.months == 0 {
        return Err(AppError::validation("spec", "a trust needs at least one ward, one area and one month"));
    }
    if store.read(queries::users::count)? > 0 {
        return Err(AppError::invalid_state("scale data can only be generated into an empty database"));
    }
    let (template_id, template) = store
        .read(|c| queries::templates::live_by_key(c, "ligature-walkround"))?
        .ok_or_else(|| AppError::internal("the walk-round template is missing"))?;
    let hash = crate::session::hash_password(SCALE_PASSWORD)?;
    let mut rng = Rng(spec.seed);

    let mut wards = store.write(None, |tx| set_up(tx, spec, &hash, &mut rng))?;
    plan_points(spec, &mut wards, &mut rng);

    for round in 0..spec.months {
        let month_start = now.checked_sub_months(Months::new(spec.months - round)).unwrap_or(now);
        for (w, ward) in wards.iter_mut().enumerate() {
            // Each ward walks on its own day of the month, at its own hour.
            let start = month_start + Duration::days((w % 20) as i64) + Duration::minutes((w % 7) as i64 * 47);
            let walker = if round % 2 == 0 { ward.manager } else { ward.nurse };
            store.write(Some(walker), |tx| {
                walk(tx, spec, ward, round, start, walker, template_id, &template, &mut rng)
            })?;
        }
    }

    let staff = store.read(|c| {
        let id = |username: &str| queries::users::by_username(c, username).map(|u| u.map(|(u, _)| u.id));
        Ok(actions::Staff { estates: id("estates")?.unwrap_or_default(), matron: id(MATRON)?.unwrap_or_default() })
    })?;
    for ward in &wards {
        store.write(Some(ward.manager), |tx| {
            actions::raise(tx, ward, spec.actions_per_ward, spec.months, &staff, now, &mut rng)
        })?;
    }

    let count = |table: &str| -> AppResult<u64> {
        store
            .read(|c| c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).db())
            .map(|n| n as u64)
    };
    Ok(ScaleReport {
        spec: *spec,
        sites: count("sites")?,
        wards: count("wards")?,
        areas: count("areas")?,
        users: count("users")?,
        audits: count("audits")?,
        answers: count("answers")?,
        points: count("ligature_points")?,
        assessments: count("ligature_assessments")?,
        actions: count("actions")?,
        action_events: count("action_events")?,
        change_log: count("change_log")?,
        elapsed_ms: started.elapsed().as_millis() as u64,
        password: SCALE_PASSWORD.to_string(),
        matron: MATRON.to_string(),
        ward_managers: (0..spec.wards).map(manager_username).collect(),
    })
}

/// Sites, wards, areas and users, in one transaction.
fn set_up(tx: &mut Tx, spec: &ScaleSpec, hash: &str, rng: &mut Rng) -> AppResult<Vec<WardPlan>> {
    let user = |tx: &mut Tx, username: String, display: String, roles: &[(Role, Option<Uuid>)]| -> AppResult<Uuid> {
        let id = Uuid::now_v7();
        tx.insert(
            Entity::User,
            id,
            &[("username", text(username)), ("display_name", text(display)), ("password_hash", text(hash))],
        )?;
        for (role, ward) in roles {
            tx.insert(
                Entity::UserRole,
                Uuid::now_v7(),
                &[
                    ("user_id", text(id.to_string())),
                    ("role", text(role.as_str())),
                    ("ward_id", ward.map(|w| text(w.to_string())).unwrap_or(Value::Null)),
                ],
            )?;
        }
        Ok(id)
    };
    user(tx, "admin".into(), "Trust Administrator".into(), &[(Role::Administrator, None)])?;
    user(tx, MATRON.into(), "Morgan Matron".into(), &[(Role::Matron, None)])?;
    user(tx, "estates".into(), "Estates Team".into(), &[(Role::Estates, None)])?;
    user(tx, "governance".into(), "Governance Lead".into(), &[(Role::Governance, None)])?;

    let sites: Vec<Uuid> = (0..spec.sites())
        .map(|s| {
            let id = Uuid::now_v7();
            let base = SITE_NAMES[s as usize % SITE_NAMES.len()];
            let name = if s as usize >= SITE_NAMES.len() {
                format!("{base} {}", s as usize / SITE_NAMES.len() + 1)
            } else {
                base.to_string()
            };
            tx.insert(Entity::Site, id, &[("name", text(name))]).map(|_| id)
        })
        .collect::<AppResult<_>>()?;

    let mut wards = Vec::new();
    for w in 0..spec.wards {
        let id = Uuid::now_v7();
        let name = format!("{} {}", WARD_NAMES[w as usize % WARD_NAMES.len()], w / WARD_NAMES.len() as u32 + 1);
        tx.insert(
            Entity::Ward,
            id,
            &[
                ("site_id", text(sites[(w / WARDS_PER_SITE) as usize % sites.len()].to_string())),
                ("name", text(name.clone())),
                ("specialty", text(SPECIALTIES[rng.below(SPECIALTIES.len() as u32) as usize].as_str())),
            ],
        )?;
        let mut areas = Vec::new();
        let mut numbered: std::collections::HashMap<AreaType, u32> = Default::default();
        for a in 0..spec.areas_per_ward {
            let kind = LAYOUT[a as usize % LAYOUT.len()];
            let n = numbered.entry(kind).or_insert(0);
            *n += 1;
            let area = Uuid::now_v7();
            tx.insert(
                Entity::Area,
                area,
                &[
                    ("ward_id", text(id.to_string())),
                    ("name", text(format!("{} {n}", kind.label()))),
                    ("area_type", text(kind.as_str())),
                    ("tier", Value::Integer(Tier::suggested_for(kind).number().into())),
                    ("position", Value::Integer(a as i64 + 1)),
                ],
            )?;
            areas.push((area, kind));
        }
        let manager = user(tx, manager_username(w), format!("{name} Ward Manager"), &[(Role::WardManager, Some(id))])?;
        let nurse = user(tx, nurse_username(w), format!("{name} Staff Nurse"), &[(Role::WardStaff, Some(id))])?;
        wards.push(WardPlan { id, manager, nurse, areas, points: Vec::new() });
    }
    Ok(wards)
}

/// Decide when each point is found and its first risk: a fifth of each area's
/// points are found in the first walk-round, the rest over the years.
fn plan_points(spec: &ScaleSpec, wards: &mut [WardPlan], rng: &mut Rng) {
    for ward in wards {
        for (a, (_, kind)) in ward.areas.iter().enumerate() {
            let tier = Tier::suggested_for(*kind);
            for k in 0..spec.points_per_area {
                let found = if k < spec.points_per_area.div_ceil(5) || spec.months == 1 {
                    0
                } else {
                    1 + rng.below(spec.months - 1)
                };
                let likelihood = match tier {
                    Tier::Three => 2 + rng.below(4),
                    Tier::Two => 1 + rng.below(4),
                    Tier::One => 1 + rng.below(3),
                } as u8;
                let consequence = 3 + rng.below(3) as u8;
                let mitigated = rng.chance(1, 5);
                ward.points.push(Point {
                    id: Uuid::nil(),
                    area: a,
                    found,
                    likelihood,
                    consequence,
                    residual: mitigated.then_some((likelihood.saturating_sub(2).max(1), consequence)),
                    controls: if mitigated { rng.pick(&MITIGATIONS) } else { rng.pick(&OPEN_CONTROLS) },
                    status: if mitigated { PointStatus::Mitigated } else { PointStatus::Open },
                    notes: None,
                });
            }
        }
        // Points are recorded in the order they are found.
        ward.points.sort_by_key(|p| p.found);
    }
}

/// One ward's walk-round for one month, in one transaction: answer every
/// question for every area, record the points found, re-assess the known ones
/// (all of them in the last walk-rounds, only changed ones before), complete
/// and sign off.
#[allow(clippy::too_many_arguments)]
fn walk(
    tx: &mut Tx,
    spec: &ScaleSpec,
    ward: &mut WardPlan,
    round: u32,
    start: DateTime<Utc>,
    walker: Uuid,
    template_id: Uuid,
    template: &wardsafe_domain::template::Template,
    rng: &mut Rng,
) -> AppResult<()> {
    let audit = add_audit(tx, ward.id, template_id, iso(start), walker)?;
    answer_all(tx, template, audit, &ward.areas, walker, start, 1 + (round % 3) as usize)?;
    let reassess_all = round + REASSESSED_ROUNDS >= spec.months;
    let mut seconds = 0i64;
    let mut at = || {
        seconds += 3;
        iso(start + Duration::minutes(10) + Duration::seconds(seconds))
    };
    for p in ward.points.iter_mut() {
        if p.found > round {
            break;
        }
        let area = ward.areas[p.area];
        if p.found == round {
            let fixture = rng.pick(fixtures_for(area.1));
            let collapsible =
                matches!(fixture, FixtureType::CurtainRail | FixtureType::Shower | FixtureType::TvBracket)
                    && rng.chance(2, 3);
            let tested = collapsible.then(|| (start - Duration::days(rng.below(300).into())).date_naive().to_string());
            let location = format!("{}, {}", fixture.label(), rng.pick(&WHERE));
            p.id = add_point(
                tx,
                NewPoint {
                    ward: ward.id,
                    area: area.0,
                    fixture: fixture.as_str(),
                    location,
                    height: rng.pick(HeightBand::ALL).as_str(),
                    collapsible,
                    load_test_date: tested,
                    status: p.status,
                    at: at(),
                    audit: Some(audit),
                },
            )?;
            assess(tx, p, audit, at(), walker)?;
            continue;
        }
        if !is_open(p.status) {
            continue;
        }
        let changed = rng.chance(1, 24) && change(p, rng);
        if changed || reassess_all {
            assess(tx, p, audit, at(), walker)?;
        }
    }
    let manager = ward.manager;
    set_audit_status(tx, audit, AuditStatus::Completed, iso(start + Duration::hours(3)), walker)?;
    set_audit_status(tx, audit, AuditStatus::SignedOff, iso(start + Duration::hours(26)), manager)
}

/// Something happened to an open point since the last walk-round. Returns
/// whether anything changed.
fn change(p: &mut Point, rng: &mut Rng) -> bool {
    p.notes = None;
    match rng.below(100) {
        0..=34 if p.status == PointStatus::Open => {
            p.status = PointStatus::Mitigated;
            p.residual = Some((p.likelihood.saturating_sub(2).max(1), p.consequence));
            p.controls = rng.pick(&MITIGATIONS);
            p.notes = Some("Interim control in place while estates replace the fitting");
        }
        0..=59 => {
            p.status = PointStatus::Removed;
            p.notes = Some("Fitting replaced by estates");
        }
        60..=69 => {
            p.status = PointStatus::Accepted;
            p.notes = Some("Risk accepted by the ligature group");
        }
        70..=84 if p.likelihood < 5 => p.likelihood += 1,
        85..=99 if p.likelihood > 1 => {
            p.likelihood -= 1;
            if let Some((l, c)) = p.residual {
                p.residual = Some((l.min(p.likelihood), c));
            }
        }
        _ => return false,
    }
    true
}

fn assess(tx: &mut Tx, p: &Point, audit: Uuid, at: String, by: Uuid) -> AppResult<Uuid> {
    let accepted = p.status == PointStatus::Accepted;
    add_assessment(
        tx,
        NewAssessment {
            point: p.id,
            audit: Some(audit),
            risk: Risk::new(p.likelihood.into(), p.consequence.into(), "")?,
            residual: p.residual.map(|(l, c)| Risk::new(l.into(), c.into(), "residual")).transpose()?,
            controls: p.controls,
            status: p.status,
            accepted_reason: accepted
                .then(|| "Needed for the care of the patients on this ward; reviewed every walk-round".to_string()),
            approver: accepted.then(|| "Morgan Matron".to_string()),
            notes: p.notes.map(String::from),
            photo_ids: &[],
            at,
            by,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::App;
    use serde_json::{json, Value as Json};
    use wardsafe_domain::template::Template;

    fn questions_asked(t: &Template, area: AreaType) -> u64 {
        t.sections
            .iter()
            .flat_map(|s| &s.questions)
            .filter(|q| q.kind != wardsafe_domain::template::QuestionKind::Text && t.asks(&q.id, Some(area)))
            .count() as u64
    }

    #[test]
    fn small_trust_has_the_expected_records_and_the_ward_screens_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("scale.sqlite3")).unwrap();
        let spec = ScaleSpec::small();
        let now = Utc::now();
        let report = generate(app.store(), &spec, now).unwrap();

        let (_, template) =
            app.store().read(|c| queries::templates::live_by_key(c, "ligature-walkround")).unwrap().unwrap();
        let per_walkround: u64 =
            (0..spec.areas_per_ward).map(|a| questions_asked(&template, LAYOUT[a as usize % LAYOUT.len()])).sum();
        assert_eq!(report.sites, 1);
        assert_eq!(report.wards, 2);
        assert_eq!(report.areas, 6);
        assert_eq!(report.users, 4 + 2 * 2);
        assert_eq!(report.audits, 2 * 6);
        assert_eq!(report.answers, 2 * 6 * per_walkround);
        assert_eq!(report.points, 2 * 3 * 4);
        assert!(report.assessments >= report.points, "{report:?}");
        assert_eq!(report.actions, 2 * 40);
        assert!(report.action_events >= report.actions, "each action has at least its 'raised' line");
        let count = |sql: &str| app.store().read(|c| c.query_row(sql, [], |r| r.get::<_, i64>(0)).db()).unwrap() as u64;
        let interim = count("SELECT COUNT(*) FROM interim_controls");
        let outstanding =
            count("SELECT COUNT(*) FROM actions WHERE status IN ('open', 'assigned', 'in_progress', 'completed')");
        let verified = count("SELECT COUNT(*) FROM actions WHERE status = 'verified' AND verified_at > raised_at");
        assert!(outstanding > 0 && verified > 0, "{outstanding} outstanding, {verified} verified");
        assert_eq!(outstanding + verified, report.actions);
        // One change-log row for every insert and update: nothing skipped the write path.
        let expected_log = 1 // device
            + 2 // the two built-in templates
            + report.sites + report.wards + report.areas + report.users + (4 + 2 * 2) // users and their roles
            + report.audits * 3 // start, complete, sign off
            + report.answers
            + report.points
            + report.assessments * 2 // each assessment updates its point
            + report.actions + report.action_events + interim;
        assert_eq!(report.change_log, expected_log);

        // Deterministic from the seed: a second trust has the same shape.
        let dir2 = tempfile::tempdir().unwrap();
        let app2 = App::open(&dir2.path().join("scale.sqlite3")).unwrap();
        let again = generate(app2.store(), &spec, now).unwrap();
        assert_eq!(
            (again.assessments, again.answers, again.actions, again.change_log),
            (report.assessments, report.answers, report.actions, report.change_log)
        );
        assert!(generate(app.store(), &spec, now).is_err(), "only into an empty database");

        let signed = app.call("sign_in", None, json!({"username": MATRON, "password": SCALE_PASSWORD})).unwrap();
        let session = signed["session"].as_str().unwrap();
        let call =
            |name: &str, input: Json| app.call(name, Some(session), input).unwrap_or_else(|e| panic!("{name}: {e}"));

        let wards = call("list_my_wards", Json::Null);
        let wards = wards.as_array().unwrap();
        assert_eq!(wards.len(), 2);
        for w in wards {
            assert_eq!(w["areaCount"], 3);
            assert!(w["lastWalkround"]["signedOffAt"].is_string(), "{w}");
        }
        let ward = wards[0]["ward"]["id"].clone();
        let overview = call("ward_overview", json!({"wardId": ward}));
        assert_eq!(overview["areas"].as_array().unwrap().len(), 3);
        assert_eq!(overview["audits"].as_array().unwrap().len(), 6);
        let register = call("ligature_register", json!({"wardId": ward}));
        assert_eq!(register.as_array().unwrap().len(), 12);

        let latest = &overview["audits"][0];
        assert_eq!(latest["status"], "signed_off");
        let summary = call("audit_summary", json!({"auditId": latest["id"]}));
        assert_eq!(summary["answered"].as_u64().unwrap(), per_walkround);
        assert_eq!(summary["previousAudit"]["id"], overview["audits"][1]["id"]);
        // Every open point was re-assessed in the latest walk-round.
        let not_reassessed =
            summary["changes"].as_array().unwrap().iter().find(|c| c["key"] == "not_reassessed").unwrap();
        assert_eq!(not_reassessed["count"], 0, "{summary}");
        let audit = call("get_audit", json!({"auditId": latest["id"]}));
        assert!(audit["points"].as_array().unwrap().iter().all(|p| p["assessment"].is_object()));

        // A ward manager sees only their own ward.
        let manager =
            app.call("sign_in", None, json!({"username": manager_username(1), "password": SCALE_PASSWORD})).unwrap();
        let mine = app.call("list_my_wards", manager["session"].as_str(), Json::Null).unwrap();
        assert_eq!(mine.as_array().unwrap().len(), 1);

        // The actions read back through the screens that show them.
        let dashboard = call("risk_dashboard", json!({}));
        let per_ward: u64 =
            dashboard["wards"].as_array().unwrap().iter().map(|w| w["outstandingActions"].as_u64().unwrap()).sum();
        let not_completed = count("SELECT COUNT(*) FROM actions WHERE status IN ('open', 'assigned', 'in_progress')");
        assert_eq!(per_ward, not_completed, "{dashboard}");
        let queue = call("estates_queue", json!({}));
        assert_eq!(queue["total"].as_u64().unwrap(), outstanding);
        let csv = call("export_actions_csv", json!({}));
        assert!(csv["description"].as_str().unwrap().contains(&format!("{} action(s)", report.actions)), "{csv}");
    }
}
