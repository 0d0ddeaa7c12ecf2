//! Shared pieces of the server's tests: a clock the test controls, an
//! in-process network over the real server engine, and helpers to build a
//! small trust on a device.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use uuid::Uuid;
use wardsafe_server::{Refusal, Server};
use wardsafe_store::{Clock, Entity, Store, Value};
use wardsafe_sync::client::{Transport, TransportError};
use wardsafe_sync::*;

/// Time shared by everything in one test, moved on by the test; each device
/// may read it with a skew (a wrong wall clock). Ids come from a counter, so
/// a seeded history replays exactly.
pub struct SimClock {
    pub millis: Arc<AtomicI64>,
    pub ids: Arc<AtomicU64>,
    pub skew_ms: i64,
    pub tag: u64,
}

impl SimClock {
    pub fn new(start: DateTime<Utc>, tag: u64) -> SimClock {
        SimClock {
            millis: Arc::new(AtomicI64::new(start.timestamp_millis())),
            ids: Arc::new(AtomicU64::new(1)),
            skew_ms: 0,
            tag,
        }
    }

    /// Another reader of the same time and ids, with its own skew.
    pub fn skewed(&self, skew_ms: i64) -> SimClock {
        SimClock { millis: self.millis.clone(), ids: self.ids.clone(), skew_ms, tag: self.tag }
    }

    pub fn advance(&self, ms: i64) {
        self.millis.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for SimClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.millis.load(Ordering::SeqCst) + self.skew_ms).unwrap_or_default()
    }

    fn new_id(&self) -> Uuid {
        // Version-7-shaped so that ids sort by creation like the real ones.
        let n = self.ids.fetch_add(1, Ordering::SeqCst);
        Uuid::from_u64_pair(0x0190_0000_0000_7000 | (self.tag & 0xfff), 0x8000_0000_0000_0000 | n)
    }
}

/// A direct line to the server engine (no faults).
pub struct Direct<'a>(pub &'a Server);

fn api(r: Refusal) -> TransportError {
    TransportError::Api { status: r.status, error: r.error }
}

impl Transport for Direct<'_> {
    fn enrol(&self, req: &EnrolRequest) -> Result<EnrolResponse, TransportError> {
        self.0.enrol(req).map_err(api)
    }
    fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse, TransportError> {
        self.0.push(token, req).map_err(api)
    }
    fn pull(&self, token: &str, req: &PullRequest) -> Result<PullResponse, TransportError> {
        self.0.pull(token, req).map_err(api)
    }
    fn photo_status(&self, token: &str, sha256: &str) -> Result<PhotoStatus, TransportError> {
        self.0.photo_status(token, sha256).map_err(api)
    }
    fn upload_photo(
        &self,
        token: &str,
        sha: &str,
        offset: i64,
        total: i64,
        bytes: &[u8],
    ) -> Result<PhotoStatus, TransportError> {
        self.0.upload_photo(token, sha, offset, total, bytes).map_err(api)
    }
    fn download_photo(&self, token: &str, sha256: &str) -> Result<Vec<u8>, TransportError> {
        self.0.download_photo(token, sha256).map_err(api)
    }
    fn issue_code(&self, token: &str, req: &IssueCodeRequest) -> Result<IssuedCode, TransportError> {
        self.0.issue_code_for(token, req).map_err(api)
    }
}

pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn id(u: Uuid) -> Value {
    Value::Text(u.to_string())
}

/// The ids of a small trust made on an administrator's device.
#[derive(Debug, Clone, Copy)]
pub struct Trust {
    pub site: Uuid,
    pub wards: [Uuid; 2],
    pub areas: [Uuid; 2],
    pub admin: Uuid,
    pub template: Uuid,
    pub audits: [Uuid; 2],
}

/// Make a site, two wards with an area and a walk-round each, and an
/// administrator, the way the app's commands would (through the one write path).
pub fn make_trust(store: &Store) -> Trust {
    let n = || store.new_id();
    let t = Trust { site: n(), wards: [n(), n()], areas: [n(), n()], admin: n(), template: n(), audits: [n(), n()] };
    store
        .write(None, |tx| {
            let now = tx.now_str();
            tx.insert(
                Entity::User,
                t.admin,
                &[("username", text("admin")), ("display_name", text("Admin")), ("password_hash", text("x"))],
            )?;
            tx.insert(
                Entity::UserRole,
                n(),
                &[("user_id", id(t.admin)), ("role", text("administrator")), ("ward_id", Value::Null)],
            )?;
            tx.insert(Entity::Site, t.site, &[("name", text("Riverside"))])?;
            tx.insert(
                Entity::Template,
                t.template,
                &[
                    ("key", text("env")),
                    ("version", Value::Integer(1)),
                    ("name", text("Environmental")),
                    ("kind", text("environmental")),
                    ("status", text("live")),
                    ("body", text("{}")),
                ],
            )?;
            for i in 0..2 {
                tx.insert(
                    Entity::Ward,
                    t.wards[i],
                    &[("site_id", id(t.site)), ("name", text(format!("Ward {i}"))), ("specialty", text("adult_acute"))],
                )?;
                tx.insert(
                    Entity::Area,
                    t.areas[i],
                    &[
                        ("ward_id", id(t.wards[i])),
                        ("name", text("Bedroom 1")),
                        ("area_type", text("bedroom")),
                        ("tier", Value::Integer(3)),
                    ],
                )?;
                tx.insert(
                    Entity::Audit,
                    t.audits[i],
                    &[
                        ("ward_id", id(t.wards[i])),
                        ("template_id", id(t.template)),
                        ("status", text("in_progress")),
                        ("started_at", text(now.clone())),
                        ("started_by", id(t.admin)),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    t
}

/// Record a new ligature point on a device.
pub fn new_point(
    store: &Store,
    ward: Uuid,
    area: Uuid,
    location: &str,
    user: Uuid,
) -> wardsafe_domain::AppResult<Uuid> {
    let p = store.new_id();
    store.write(Some(user), |tx| {
        let now = tx.now_str();
        tx.insert(
            Entity::LigaturePoint,
            p,
            &[
                ("ward_id", id(ward)),
                ("area_id", id(area)),
                ("fixture_type", text("door_handle")),
                ("location", text(location)),
                ("height_band", text("above_head")),
                ("collapsible", Value::Integer(0)),
                ("status", text("open")),
                ("created_at", text(now)),
            ],
        )
    })?;
    Ok(p)
}
