//! The server engine's rules of sync (DESIGN.md §3), one table-style test per
//! rule, each run against every backend: SQLite in a temporary directory
//! always, and a real PostgreSQL when `WARDSAFE_TEST_PG_URL` is set (a fresh
//! database per test, made through `WARDSAFE_TEST_PG_ADMIN_URL` and dropped
//! afterwards). Time is a `SimClock` the tests move on themselves; the tests
//! assert on codes and on what the databases hold, never on timing.
//!
//! `bash -c 'source scripts/pg.sh && pg_start && cargo test -p wardsafe-server --test engine; pg_stop'`

mod support;

use chrono::{TimeZone, Utc};
use serde_json::{json, Value as Json};
use sha2::Digest;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::*;
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_server::db::{Db, P};
use wardsafe_server::engine::parse_cursor;
use wardsafe_server::{Refusal, Server};
use wardsafe_store::{Clock, Entity, Store, Value};
use wardsafe_sync::client::{keys, SyncError, Transport};
use wardsafe_sync::*;

const SECOND: i64 = 1000;
const DAY_MS: i64 = 24 * 3600 * SECOND;

// ---- backends --------------------------------------------------------------

/// A PostgreSQL database made for one test, dropped when the test is done.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

/// `url` with its database name replaced (URL form: postgres://user@host:port/db?options).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

fn fresh_postgres(url: &str) -> (Db, PgDatabase) {
    static N: AtomicUsize = AtomicUsize::new(0);
    // CREATE DATABASE copies template1; one at a time.
    static CREATING: Mutex<()> = Mutex::new(());
    let admin_url = std::env::var("WARDSAFE_TEST_PG_ADMIN_URL").unwrap_or_else(|_| url.to_string());
    let name = format!("wardsafe_engine_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    {
        let _one = CREATING.lock().unwrap_or_else(|p| p.into_inner());
        let mut c = postgres::Client::connect(&admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("WARDSAFE_TEST_PG_ADMIN_URL: cannot connect: {e}"));
        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
    }
    let guard = PgDatabase { admin_url, name };
    let db = Db::open_postgres(&with_database(url, &guard.name)).expect("open the fresh PostgreSQL database");
    (db, guard)
}

/// Everything one test runs against: the server over one backend, a clock
/// shared by the server and the devices, and a directory for the devices'
/// databases (and the SQLite server's).
struct World {
    kind: &'static str,
    clock: Arc<SimClock>,
    // Declared before `_pg`: the server's connections close before its database is dropped.
    server: Server,
    dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

/// The backends to run each test on: SQLite always, PostgreSQL when configured.
fn backends() -> Vec<&'static str> {
    let mut kinds = vec!["sqlite"];
    if std::env::var("WARDSAFE_TEST_PG_URL").is_ok_and(|u| !u.is_empty()) {
        kinds.push("postgres");
    }
    kinds
}

/// Run `test` once on each backend, each time with a fresh server.
fn each_backend(test: impl Fn(&World)) {
    for kind in backends() {
        let w = World::new(kind);
        eprintln!("--- backend: {}", w.kind);
        test(&w);
    }
}

struct RawDevice {
    id: Uuid,
    token: String,
}

/// A small trust seen from devices: the administrator's (all wards, where
/// the trust was made), two devices of ward 0 and one of ward 1, all synced.
struct Scene {
    admin: Store,
    t: Trust,
    a: Store,
    b: Store,
    c: Store,
}

impl World {
    fn new(kind: &'static str) -> World {
        let start = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let clock = Arc::new(SimClock::new(start, 7));
        let dir = tempfile::tempdir().unwrap();
        let (db, pg) = match kind {
            "sqlite" => (Db::open_sqlite(&dir.path().join("server.sqlite3")).expect("server db"), None),
            _ => {
                let url = std::env::var("WARDSAFE_TEST_PG_URL").unwrap();
                let (db, guard) = fresh_postgres(&url);
                (db, Some(guard))
            }
        };
        let server = Server::open(db, clock.clone()).expect("server");
        World { kind, clock, server, dir, _pg: pg }
    }

    fn id(&self) -> Uuid {
        self.clock.new_id()
    }

    fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// A new device whose wall clock is `skew_ms` wrong.
    fn device(&self, name: &str, skew_ms: i64) -> Store {
        let clock = Arc::new(self.clock.skewed(skew_ms));
        Store::open_with(&self.dir.path().join(format!("{name}.sqlite3")), clock).expect("device store")
    }

    /// Enrol a device for some wards (none: all wards).
    fn enrol(&self, store: &Store, wards: &[Uuid]) -> EnrolResponse {
        let code = self.server.issue_code(wards, wards.is_empty()).unwrap();
        wardsafe_sync::client::enrol(store, &Direct(&self.server), "test://server", &code.code, "test device")
            .expect("enrol")
    }

    fn sync(&self, store: &Store) -> SyncReport {
        Syncer::new(store, &Direct(&self.server)).sync_once(&mut |_| {}).expect("sync")
    }

    fn ward_device(&self, name: &str, skew_ms: i64, ward: Uuid) -> Store {
        let s = self.device(name, skew_ms);
        self.enrol(&s, &[ward]);
        self.sync(&s);
        s
    }

    fn scene(&self) -> Scene {
        let admin = self.device("admin", 0);
        let t = make_admin_trust(&admin);
        self.enrol(&admin, &[]);
        self.sync(&admin);
        let a = self.ward_device("a", 0, t.wards[0]);
        let b = self.ward_device("b", 0, t.wards[0]);
        let c = self.ward_device("c", 0, t.wards[1]);
        Scene { admin, t, a, b, c }
    }

    /// A device enrolled by hand, whose changes the test writes itself.
    fn raw_device(&self, wards: &[Uuid]) -> RawDevice {
        let code = self.server.issue_code(wards, wards.is_empty()).unwrap();
        let device = self.id();
        let resp = self
            .server
            .enrol(&EnrolRequest {
                code: code.code,
                device_id: device,
                device_name: "raw".into(),
                schema_version: SCHEMA_VERSION,
            })
            .expect("enrol raw device");
        RawDevice { id: device, token: resp.device_token }
    }

    /// A change from a raw device, stamped with the server's time now.
    #[allow(clippy::too_many_arguments)]
    fn change(
        &self,
        dev: &RawDevice,
        seq: i64,
        entity: &str,
        entity_id: Uuid,
        op: &str,
        fields: Json,
        user: Option<Uuid>,
    ) -> Change {
        let Json::Object(fields) = fields else { panic!("fields must be an object") };
        Change {
            change_id: self.id(),
            device_seq: seq,
            entity: entity.into(),
            entity_id,
            op: op.into(),
            fields,
            hlc: hlc_at(dev.id, self.now_ms(), seq),
            user_id: user,
            at: self.clock.now().to_rfc3339(),
            seen: None,
        }
    }

    fn push(&self, dev: &RawDevice, changes: &[Change]) -> PushResponse {
        self.server
            .push(&dev.token, &PushRequest { schema_version: SCHEMA_VERSION, changes: changes.to_vec() })
            .expect("push")
    }

    fn pull(&self, token: &str, cursor: Option<&str>, limit: i64) -> Answer {
        self.server.pull(
            token,
            &PullRequest {
                schema_version: SCHEMA_VERSION,
                cursor: cursor.map(str::to_string),
                limit: Some(limit),
                wait_ms: None,
            },
        )
    }

    fn srv(&self, sql: &str, params: &[P]) -> Vec<Vec<P>> {
        self.server.db.read(|c| c.rows(sql, params)).expect("server query")
    }

    fn srv_count(&self, sql: &str, params: &[P]) -> i64 {
        self.srv(sql, params)[0][0].int()
    }

    /// The server's changes table, in commit order: (server_seq, change_id).
    fn changes(&self) -> Vec<(i64, String)> {
        self.srv("SELECT server_seq, change_id FROM changes ORDER BY server_seq", &[])
            .into_iter()
            .map(|r| (r[0].int(), r[1].string()))
            .collect()
    }

    /// The server's conflict records about one record.
    fn conflicts_about(&self, entity_id: Uuid) -> Vec<BTreeMap<String, Json>> {
        self.srv("SELECT state FROM records WHERE entity = 'conflict'", &[])
            .into_iter()
            .map(|r| serde_json::from_str::<BTreeMap<String, Json>>(&r[0].string()).unwrap())
            .map(|state| state.into_iter().map(|(k, v)| (k, v["v"].clone())).collect::<BTreeMap<_, _>>())
            .filter(|c| c["entity_id"] == json!(entity_id.to_string()))
            .collect()
    }

    /// A field of the server's merged copy of a record.
    fn srv_field(&self, entity: &str, entity_id: Uuid, field: &str) -> Json {
        let rows = self.srv(
            "SELECT state FROM records WHERE entity = $1 AND entity_id = $2",
            &[entity.into(), entity_id.to_string().into()],
        );
        let state: Json = serde_json::from_str(&rows[0][0].string()).unwrap();
        state[field]["v"].clone()
    }
}

type Answer = Result<PullResponse, Refusal>;

fn hlc_at(device: Uuid, millis: i64, counter: i64) -> String {
    format!("{}-{device}", Hlc { millis: millis as u64, counter: counter as u32 }.encode())
}

/// `make_trust`, plus the administrator role as the app writes it
/// (`Role::Administrator`), which the server checks for trust-wide changes.
fn make_admin_trust(store: &Store) -> Trust {
    let t = make_trust(store);
    let role = store.new_id();
    store
        .write(None, |tx| {
            tx.insert(
                Entity::UserRole,
                role,
                &[
                    ("user_id", id(t.admin)),
                    ("role", text(wardsafe_domain::role::Role::Administrator.as_str())),
                    ("ward_id", Value::Null),
                ],
            )
        })
        .unwrap();
    t
}

fn token(store: &Store) -> String {
    store.read(|c| wardsafe_store::sync::state(c, keys::TOKEN)).unwrap().expect("enrolled")
}

fn cursor(store: &Store) -> Option<String> {
    store.read(|c| wardsafe_store::sync::state(c, wardsafe_store::sync::CURSOR)).unwrap()
}

/// Rows of a local query, each value as text (NULL as None).
fn local(store: &Store, sql: &str) -> Vec<Vec<Option<String>>> {
    store
        .read(|c| {
            let mut stmt = c.prepare(sql).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|k| {
                            r.get::<_, rusqlite::types::Value>(k).map(|v| match v {
                                rusqlite::types::Value::Null => None,
                                rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                                rusqlite::types::Value::Text(t) => Some(t),
                                other => Some(format!("{other:?}")),
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            Ok(rows.map(|r| r.unwrap()).collect())
        })
        .unwrap()
}

/// The one value a local query gives.
fn local1(store: &Store, sql: &str) -> Option<String> {
    let rows = local(store, sql);
    assert_eq!(rows.len(), 1, "{sql}: expected one row, got {rows:?}");
    rows[0][0].clone()
}

fn local_count(store: &Store, sql: &str) -> i64 {
    local1(store, sql).unwrap().parse().unwrap()
}

fn point_fields(ward: Uuid, area: Uuid, location: &str) -> Json {
    json!({
        "ward_id": ward, "area_id": area, "fixture_type": "door_handle", "location": location,
        "height_band": "above_head", "collapsible": 0, "status": "open", "created_at": "2026-05-04T09:00:00.000Z",
    })
}

fn set(store: &Store, user: Uuid, entity: Entity, record: Uuid, field: &str, value: &str) {
    store.write(Some(user), |tx| tx.update(entity, record, &[(field, text(value))])).unwrap();
}

fn point_field(store: &Store, p: Uuid, field: &str) -> Option<String> {
    local1(store, &format!("SELECT {field} FROM ligature_points WHERE id = '{p}'"))
}

fn statuses(resp: &PushResponse) -> Vec<(OutcomeStatus, Option<&str>)> {
    resp.outcomes.iter().map(|o| (o.status, o.code.as_deref())).collect()
}

#[track_caller]
fn assert_refused<T: std::fmt::Debug>(r: Result<T, Refusal>, status: u16, code: &str, field: Option<&str>) {
    let e = r.expect_err("expected a refusal");
    assert_eq!(
        (e.status, e.error.code.as_str(), e.error.field.as_deref()),
        (status, code, field),
        "{}",
        e.error.message
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", sha2::Sha256::digest(bytes))
}

fn photo_bytes(n: u8) -> Vec<u8> {
    (0..300_000u32).map(|i| (i as u8).wrapping_mul(31) ^ n).collect()
}

// ---- push ------------------------------------------------------------------

#[test]
fn push_the_same_batch_twice_answers_duplicate_with_the_same_server_seq() {
    each_backend(|w| {
        let (ward, area) = (w.id(), w.id());
        let dev = w.raw_device(&[ward]);
        let (p, q) = (w.id(), w.id());
        let batch = [
            w.change(&dev, 1, "ligature_point", p, "insert", point_fields(ward, area, "by the door"), None),
            w.change(&dev, 2, "ligature_point", q, "insert", point_fields(ward, area, "by the bed"), None),
            w.change(&dev, 3, "ligature_point", p, "update", json!({"location": "by the sink"}), None),
        ];
        let first = w.push(&dev, &batch);
        assert_eq!(first.acked_seq, 3);
        assert!(first.outcomes.iter().all(|o| o.status == OutcomeStatus::Applied && o.server_seq.is_some()));
        let held = w.changes();
        assert_eq!(held.len(), 3);

        // The whole batch again, then its tail alone (a response lost twice).
        for again in [&batch[..], &batch[1..]] {
            let second = w.push(&dev, again);
            assert_eq!(second.acked_seq, 3);
            assert_eq!(second.outcomes.len(), again.len());
            for (o, ch) in second.outcomes.iter().zip(again) {
                let before = first.outcomes.iter().find(|f| f.change_id == ch.change_id).unwrap();
                assert_eq!(
                    (o.status, o.change_id, o.server_seq),
                    (OutcomeStatus::Duplicate, ch.change_id, before.server_seq)
                );
            }
            assert_eq!(w.changes(), held, "a duplicate is not recorded again");
        }
        assert_eq!(w.srv_field("ligature_point", p, "location"), json!("by the sink"));
    });
}

#[test]
fn push_with_a_gap_is_retry_gap_and_takes_nothing_behind_it() {
    each_backend(|w| {
        let (ward, area) = (w.id(), w.id());
        let dev = w.raw_device(&[ward]);
        let points: Vec<Uuid> = (0..4).map(|_| w.id()).collect();
        let ch: Vec<Change> = (0..4)
            .map(|i| {
                let f = point_fields(ward, area, &format!("point {i}"));
                w.change(&dev, i as i64 + 1, "ligature_point", points[i], "insert", f, None)
            })
            .collect();
        assert_eq!(statuses(&w.push(&dev, &ch[..1])), [(OutcomeStatus::Applied, None)]);

        // deviceSeq 3 after 1: 3 and everything behind it is asked for again.
        let gap = w.push(&dev, &ch[2..]);
        assert_eq!(statuses(&gap), [(OutcomeStatus::Retry, Some("gap")), (OutcomeStatus::Retry, Some("gap"))]);
        assert!(gap.outcomes.iter().all(|o| o.server_seq.is_none()));
        assert_eq!(gap.acked_seq, 1);
        assert_eq!(w.changes().len(), 1);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM records", &[]), 1);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM rejections", &[]), 0);

        // A gap in the middle of a batch: what is before it is taken, nothing after.
        let mixed = w.push(&dev, &[ch[1].clone(), ch[3].clone()]);
        assert_eq!(statuses(&mixed), [(OutcomeStatus::Applied, None), (OutcomeStatus::Retry, Some("gap"))]);
        assert_eq!(mixed.acked_seq, 2);

        // Filled in order, all of it is taken.
        let filled = w.push(&dev, &ch[2..]);
        assert_eq!(statuses(&filled), [(OutcomeStatus::Applied, None), (OutcomeStatus::Applied, None)]);
        assert_eq!(filled.acked_seq, 4);
        let ids: Vec<String> = w.changes().into_iter().map(|c| c.1).collect();
        assert_eq!(ids, ch.iter().map(|c| c.change_id.to_string()).collect::<Vec<_>>(), "taken in device order");
    });
}

#[test]
fn push_a_rejected_change_never_blocks_the_ones_behind_it() {
    each_backend(|w| {
        let (ward, other, area) = (w.id(), w.id(), w.id());
        let dev = w.raw_device(&[ward]);
        let p = w.id();
        let mut seq = 0;
        let mut next = || {
            seq += 1;
            seq
        };
        // (change, the outcome expected), alternating refused and good changes.
        let mut table: Vec<(Change, OutcomeStatus, Option<&str>)> = Vec::new();
        let good =
            |w: &World, s, loc: &str| w.change(&dev, s, "ligature_point", p, "update", json!({"location": loc}), None);
        table.push((
            w.change(&dev, next(), "ligature_point", p, "insert", point_fields(ward, area, "start"), None),
            OutcomeStatus::Applied,
            None,
        ));
        let refused: Vec<(Change, &str)> = vec![
            (
                w.change(&dev, next(), "ligature_point", w.id(), "insert", point_fields(other, area, "x"), None),
                "forbidden",
            ),
            (w.change(&dev, next(), "spaceship", w.id(), "insert", json!({"name": "x"}), None), "unknown_entity"),
            (w.change(&dev, next(), "ligature_point", p, "upsert", json!({"location": "x"}), None), "bad_op"),
            (
                w.change(&dev, next(), "ligature_point", w.id(), "update", json!({"location": "x"}), None),
                "unknown_record",
            ),
            (
                w.change(&dev, next(), "ligature_point", w.id(), "insert", json!({"location": "x"}), None),
                "missing_ward",
            ),
            (w.change(&dev, next(), "conflict", w.id(), "insert", json!({"ward_id": ward}), None), "forbidden"),
            (
                w.change(&dev, next(), "ligature_point", p, "update", json!({"deleted": 0, "location": "x"}), None),
                "bad_field",
            ),
            (
                {
                    let mut c = good(w, next(), "x");
                    c.hlc = hlc_at(w.id(), w.now_ms(), 1); // another device's stamp
                    c
                },
                "bad_hlc",
            ),
        ];
        for (i, (bad, code)) in refused.into_iter().enumerate() {
            table.push((bad, OutcomeStatus::Rejected, Some(code)));
            table.push((good(w, next(), &format!("after refusal {i}")), OutcomeStatus::Applied, None));
        }
        // The sequence numbers were taken in table order: renumber to be sure.
        for (i, row) in table.iter_mut().enumerate() {
            row.0.device_seq = i as i64 + 1;
        }
        let batch: Vec<Change> = table.iter().map(|r| r.0.clone()).collect();
        let resp = w.push(&dev, &batch);
        let want: Vec<(OutcomeStatus, Option<&str>)> = table.iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(statuses(&resp), want);
        assert_eq!(resp.acked_seq, batch.len() as i64, "a refusal is dealt with: the sequence moves past it");

        let held: BTreeSet<String> = w.changes().into_iter().map(|c| c.1).collect();
        for (ch, status, _) in &table {
            let taken = held.contains(&ch.change_id.to_string());
            assert_eq!(taken, *status == OutcomeStatus::Applied, "change {} taken = {taken}", ch.device_seq);
        }
        let rejections =
            w.srv_count("SELECT COUNT(*) FROM rejections WHERE device_id = $1", &[dev.id.to_string().into()]);
        assert_eq!(rejections, 8);
        assert_eq!(w.srv_field("ligature_point", p, "location"), json!("after refusal 7"));
    });
}

#[test]
fn push_a_retried_rejected_change_gets_the_same_rejection() {
    each_backend(|w| {
        let (ward, other, area) = (w.id(), w.id(), w.id());
        let dev = w.raw_device(&[ward]);
        let (p, q) = (w.id(), w.id());
        let batch = [
            w.change(&dev, 1, "ligature_point", p, "insert", point_fields(ward, area, "mine"), None),
            w.change(&dev, 2, "ligature_point", q, "insert", point_fields(other, area, "not mine"), None),
        ];
        let first = w.push(&dev, &batch);
        assert_eq!(statuses(&first), [(OutcomeStatus::Applied, None), (OutcomeStatus::Rejected, Some("forbidden"))]);
        let refusal = first.outcomes[1].clone();

        // Retried alone, retried with the batch, and retried after the device
        // was enrolled for that ward too: the answer given stays the answer.
        let again_alone = w.push(&dev, &batch[1..]);
        assert_eq!(again_alone.outcomes, std::slice::from_ref(&refusal));
        let again_all = w.push(&dev, &batch);
        assert_eq!(again_all.outcomes[0].status, OutcomeStatus::Duplicate);
        assert_eq!(again_all.outcomes[1], refusal);

        let code = w.server.issue_code(&[ward, other], false).unwrap();
        let re = w
            .server
            .enrol(&EnrolRequest {
                code: code.code,
                device_id: dev.id,
                device_name: "raw".into(),
                schema_version: SCHEMA_VERSION,
            })
            .unwrap();
        let dev = RawDevice { id: dev.id, token: re.device_token };
        assert_eq!(w.push(&dev, &batch[1..]).outcomes, [refusal]);
        assert_eq!(w.changes().len(), 1);

        // A new change (the next number) is judged afresh.
        let fresh = w.change(&dev, 3, "ligature_point", q, "insert", point_fields(other, area, "now mine"), None);
        assert_eq!(statuses(&w.push(&dev, &[fresh])), [(OutcomeStatus::Applied, None)]);
    });
}

#[test]
fn a_change_id_another_device_used_is_rejected_and_blocks_nothing() {
    // A buggy or hostile client reusing another device's change id: refused
    // for good, the changes before and behind it still taken.
    each_backend(|w| {
        let (ward, area) = (w.id(), w.id());
        let one = w.raw_device(&[ward]);
        let two = w.raw_device(&[ward]);
        let p = w.id();
        let taken = w.change(&one, 1, "ligature_point", p, "insert", point_fields(ward, area, "one"), None);
        w.push(&one, std::slice::from_ref(&taken));
        let (q, r) = (w.id(), w.id());
        let mut clash = w.change(&two, 2, "ligature_point", p, "update", json!({"location": "two"}), None);
        clash.change_id = taken.change_id;
        let batch = [
            w.change(&two, 1, "ligature_point", q, "insert", point_fields(ward, area, "q"), None),
            clash,
            w.change(&two, 3, "ligature_point", r, "insert", point_fields(ward, area, "r"), None),
        ];
        let resp = w.push(&two, &batch);
        assert_eq!(
            statuses(&resp),
            [
                (OutcomeStatus::Applied, None),
                (OutcomeStatus::Rejected, Some("duplicate_change_id")),
                (OutcomeStatus::Applied, None)
            ]
        );
        assert_eq!(w.changes().len(), 3, "the first device's change and the two good ones");
    });
}

// ---- pull ------------------------------------------------------------------

#[test]
fn pull_pages_in_commit_order_with_a_monotonic_cursor_skipping_nothing() {
    each_backend(|w| {
        let (ward, other, area) = (w.id(), w.id(), w.id());
        let writer = w.raw_device(&[ward]);
        let stranger = w.raw_device(&[other]);
        let reader = w.raw_device(&[ward]);
        let everything = w.raw_device(&[]);
        // Seven changes of the ward, with the other ward's interleaved and last.
        let mut mine = Vec::new();
        let (mut s1, mut s2) = (0, 0);
        for i in 0..7 {
            s1 += 1;
            let f = point_fields(ward, area, &format!("mine {i}"));
            let ch = w.change(&writer, s1, "ligature_point", w.id(), "insert", f, None);
            mine.push(ch.change_id.to_string());
            w.push(&writer, &[ch]);
            if i % 2 == 0 {
                s2 += 1;
                let f = point_fields(other, area, &format!("theirs {i}"));
                w.push(&stranger, &[w.change(&stranger, s2, "ligature_point", w.id(), "insert", f, None)]);
            }
        }
        let order: Vec<String> = w.changes().into_iter().map(|c| c.1).collect();

        // (device, changes it should get, in commit order)
        let all: Vec<String> = order.clone();
        for (dev, want, sizes) in [(&reader, &mine, vec![2, 2, 2, 1]), (&everything, &all, vec![2, 2, 2, 2, 2, 1])] {
            let mut got = Vec::new();
            let mut seqs = Vec::new();
            let mut cur: Option<String> = None;
            let mut last_pos = 0;
            let mut page_sizes = Vec::new();
            let mut remaining = Vec::new();
            loop {
                let page = w.pull(&dev.token, cur.as_deref(), 2).expect("pull");
                // The same request again gives the same page (pull is idempotent).
                let again = w.pull(&dev.token, cur.as_deref(), 2).unwrap();
                assert_eq!(again.changes, page.changes);
                assert_eq!(again.cursor, page.cursor);
                let pos = parse_cursor(Some(&page.cursor)).expect("a cursor of ours");
                assert!(pos > last_pos, "the cursor moves forward: {last_pos} then {pos}");
                last_pos = pos;
                page_sizes.push(page.changes.len());
                remaining.push(page.remaining);
                for c in &page.changes {
                    got.push(c.change.change_id.to_string());
                    seqs.push(c.server_seq);
                }
                cur = Some(page.cursor);
                if !page.more {
                    break;
                }
            }
            assert_eq!(page_sizes, sizes);
            assert_eq!(&got, want, "every change, once, in commit order");
            assert!(seqs.windows(2).all(|s| s[0] < s[1]));
            assert!(remaining.windows(2).all(|r| r[0] >= r[1]), "remaining only goes down: {remaining:?}");
            assert_eq!(remaining.last(), Some(&0), "nothing remains after the last page: {remaining:?}");

            // At the end: nothing new, and the cursor stays where it is.
            let end = w.pull(&dev.token, cur.as_deref(), 2).unwrap();
            assert!(end.changes.is_empty() && !end.more && end.remaining == 0);
            assert_eq!(end.cursor, cur.clone().unwrap());
        }

        // A change committed after a device's last page arrives on its next pull.
        let last = w.pull(&reader.token, None, 2000).unwrap().cursor;
        let late = w.change(&writer, 8, "ligature_point", w.id(), "insert", point_fields(ward, area, "late"), None);
        w.push(&writer, std::slice::from_ref(&late));
        let next = w.pull(&reader.token, Some(&last), 2).unwrap();
        assert_eq!(next.changes.len(), 1);
        assert_eq!(next.changes[0].change.change_id, late.change_id);
        assert!(parse_cursor(Some(&next.cursor)).unwrap() > parse_cursor(Some(&last)).unwrap());
    });
}

#[test]
fn pull_with_a_cursor_not_of_this_server_is_400_bad_cursor() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        for bad in ["nonsense", "s-1", "12", "sabc", "s", "S12", "s1.5"] {
            assert_refused(w.pull(&dev.token, Some(bad), 10), 400, "bad_cursor", Some("cursor"));
        }
        for good in [None, Some(""), Some("s0")] {
            assert!(w.pull(&dev.token, good, 10).is_ok(), "{good:?}");
        }
    });
}

#[test]
fn pull_limit_outside_1_to_2000_is_422_naming_limit() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        for bad in [0, -1, MAX_PAGE + 1, 5000] {
            assert_refused(w.pull(&dev.token, None, bad), 422, "validation", Some("limit"));
        }
        for good in [1, MAX_PAGE] {
            assert!(w.pull(&dev.token, None, good).is_ok(), "limit {good}");
        }
        let long = PullRequest { schema_version: SCHEMA_VERSION, cursor: None, limit: None, wait_ms: Some(60_000) };
        assert_refused(w.server.pull(&dev.token, &long), 422, "validation", Some("waitMs"));
    });
}

// ---- authorisation ---------------------------------------------------------

#[test]
fn a_device_never_receives_a_ward_it_is_not_enrolled_for() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let everything = w.device("everything", 0);
        w.enrol(&everything, &[]);
        w.sync(&everything);
        // Later work in both wards, after the devices' first pull.
        for (i, ward) in t.wards.iter().enumerate() {
            new_point(&s.admin, *ward, t.areas[i], &format!("later in ward {i}"), t.admin).unwrap();
        }
        w.sync(&s.admin);

        let ward_of: BTreeMap<String, String> = w
            .srv("SELECT change_id, ward_id FROM changes", &[])
            .into_iter()
            .map(|r| (r[0].string(), r[1].string()))
            .collect();
        // (device, the ward it may see; None: all)
        for (dev, ward) in [(&s.a, Some(t.wards[0])), (&s.c, Some(t.wards[1])), (&everything, None)] {
            let allowed =
                |w_: &str| ward.is_none() || w_.is_empty() || Some(w_.to_string()) == ward.map(|x| x.to_string());
            // The later pull, as the server answers it.
            let page = w.pull(&token(dev), cursor(dev).as_deref(), MAX_PAGE).unwrap();
            assert!(!page.changes.is_empty());
            for c in &page.changes {
                let of = &ward_of[&c.change.change_id.to_string()];
                assert!(allowed(of), "{ward:?} device was sent a change of ward {of}");
            }
            w.sync(dev);
            // Everything it holds is its wards' or trust-wide, and it holds all of those.
            let held: BTreeSet<String> = local(dev, "SELECT change_id FROM change_log WHERE entity <> 'device'")
                .into_iter()
                .map(|r| r[0].clone().unwrap())
                .collect();
            let due: BTreeSet<String> = ward_of.iter().filter(|(_, wd)| allowed(wd)).map(|(c, _)| c.clone()).collect();
            assert_eq!(held, due);
            for (table, n_expected) in [("wards", 1), ("areas", 1), ("audits", 1), ("ligature_points", 1)] {
                let n = local_count(dev, &format!("SELECT COUNT(*) FROM {table}"));
                match ward {
                    Some(wd) => {
                        let col = if table == "wards" { "id" } else { "ward_id" };
                        assert_eq!(n, n_expected, "{table}");
                        assert_eq!(local_count(dev, &format!("SELECT COUNT(*) FROM {table} WHERE {col} = '{wd}'")), n);
                    }
                    None => assert_eq!(n, 2 * n_expected, "{table}"),
                }
            }
        }
    });
}

#[test]
fn pushing_to_another_wards_record_is_rejected_forbidden() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let theirs = new_point(&s.c, t.wards[1], t.areas[1], "ward 1's", t.admin).unwrap();
        w.sync(&s.c);
        let mine = new_point(&s.a, t.wards[0], t.areas[0], "ward 0's", t.admin).unwrap();
        w.sync(&s.a);
        let dev = w.raw_device(&[t.wards[0]]);
        let before = w.srv_field("ligature_point", theirs, "location");
        let user = Some(t.admin);
        let answer = json!({"audit_id": t.audits[1], "area_id": t.areas[1], "question_id": "q1", "value": "yes",
                            "failed": 0, "answered_at": "2026-05-04T09:00:00.000Z", "answered_by": t.admin});
        let table: Vec<(Change, &str)> = vec![
            (w.change(&dev, 1, "ligature_point", theirs, "update", json!({"location": "x"}), user), "forbidden"),
            (w.change(&dev, 2, "ligature_point", theirs, "update", json!({"status": "removed"}), user), "forbidden"),
            (w.change(&dev, 3, "ligature_point", theirs, "delete", json!({}), user), "forbidden"),
            (
                w.change(&dev, 4, "ligature_point", w.id(), "insert", point_fields(t.wards[1], t.areas[1], "x"), user),
                "forbidden",
            ),
            (
                w.change(
                    &dev,
                    5,
                    "area",
                    w.id(),
                    "insert",
                    json!({"ward_id": t.wards[1], "name": "x", "area_type": "bedroom", "tier": 3}),
                    user,
                ),
                "forbidden",
            ),
            (w.change(&dev, 6, "answer", w.id(), "insert", answer, user), "forbidden"),
            (w.change(&dev, 7, "ward", t.wards[1], "update", json!({"name": "x"}), user), "forbidden"),
            (w.change(&dev, 8, "audit", t.audits[1], "update", json!({"status": "completed"}), user), "forbidden"),
            // Nor can a record of its own ward be moved into another.
            (
                w.change(&dev, 9, "ligature_point", mine, "update", json!({"ward_id": t.wards[1]}), user),
                "ward_mismatch",
            ),
        ];
        let batch: Vec<Change> = table.iter().map(|r| r.0.clone()).collect();
        let resp = w.push(&dev, &batch);
        let want: Vec<_> = table.iter().map(|r| (OutcomeStatus::Rejected, Some(r.1))).collect();
        assert_eq!(statuses(&resp), want);
        assert!(batch.iter().all(|c| !w.changes().iter().any(|h| h.1 == c.change_id.to_string())));
        assert_eq!(w.srv_field("ligature_point", theirs, "location"), before);
        assert_eq!(w.srv_field("ligature_point", mine, "ward_id"), json!(t.wards[0].to_string()));
        // The same device may change its own ward's record.
        let own = w.change(&dev, 10, "ligature_point", mine, "update", json!({"location": "fine"}), user);
        assert_eq!(statuses(&w.push(&dev, &[own])), [(OutcomeStatus::Applied, None)]);
        // And the other ward's device still has its point as it was.
        w.sync(&s.c);
        assert_eq!(point_field(&s.c, theirs, "location").as_deref(), Some("ward 1's"));
        assert_eq!(point_field(&s.c, theirs, "deleted").as_deref(), Some("0"));
    });
}

#[test]
fn trust_wide_records_from_a_ward_device_need_an_administrator() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        // A nurse (ward staff on ward 0), made by the administrator.
        let nurse = s.admin.new_id();
        let role = s.admin.new_id();
        s.admin
            .write(Some(t.admin), |tx| {
                tx.insert(
                    Entity::User,
                    nurse,
                    &[("username", text("nurse")), ("display_name", text("Nurse")), ("password_hash", text("x"))],
                )?;
                tx.insert(
                    Entity::UserRole,
                    role,
                    &[("user_id", id(nurse)), ("role", text("ward_staff")), ("ward_id", id(t.wards[0]))],
                )
            })
            .unwrap();
        w.sync(&s.admin);
        let dev = w.raw_device(&[t.wards[0]]);
        let sha = sha256_hex(b"a photo");
        let photo = json!({"sha256": sha, "mime": "image/jpeg", "size": 7, "data": {"blobBytes": 7},
                           "created_at": "2026-05-04T09:00:00.000Z"});
        let user = |n: &str| json!({"username": n, "display_name": n, "password_hash": "x"});
        // The template exactly as the server holds it (every device installs the same built-in ones).
        let held: Json = w
            .server
            .db
            .read(|c| {
                let row = c.row(
                    "SELECT state FROM records WHERE entity = 'template' AND entity_id = $1",
                    &[t.template.to_string().into()],
                )?;
                Ok(serde_json::from_str(&row.unwrap()[0].string()).unwrap())
            })
            .unwrap();
        let same: serde_json::Map<String, Json> =
            held.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["v"].clone())).collect();
        let mut altered = same.clone();
        altered.insert("name".into(), json!("A ward's own version"));
        // (entity, id, op, fields, user, the outcome expected)
        type Case = (&'static str, Uuid, &'static str, Json, Option<Uuid>, OutcomeStatus, Option<&'static str>);
        let rows: Vec<Case> = vec![
            (
                "site",
                t.site,
                "update",
                json!({"name": "Renamed"}),
                Some(nurse),
                OutcomeStatus::Rejected,
                Some("forbidden"),
            ),
            ("site", t.site, "update", json!({"name": "Renamed"}), None, OutcomeStatus::Rejected, Some("forbidden")),
            (
                "site",
                w.id(),
                "insert",
                json!({"name": "New site"}),
                Some(nurse),
                OutcomeStatus::Rejected,
                Some("forbidden"),
            ),
            ("user", w.id(), "insert", user("mallory"), Some(nurse), OutcomeStatus::Rejected, Some("forbidden")),
            // Making oneself an administrator is itself a trust-wide change.
            (
                "user_role",
                w.id(),
                "insert",
                json!({"user_id": nurse, "role": "administrator", "ward_id": null}),
                Some(nurse),
                OutcomeStatus::Rejected,
                Some("forbidden"),
            ),
            (
                "template",
                t.template,
                "update",
                json!({"status": "archived"}),
                Some(nurse),
                OutcomeStatus::Rejected,
                Some("forbidden"),
            ),
            ("user", t.admin, "delete", json!({}), Some(nurse), OutcomeStatus::Rejected, Some("forbidden")),
            // Adding what the server already holds, exactly, changes nothing and is taken; anything else is not.
            ("template", t.template, "insert", Json::Object(same), None, OutcomeStatus::Applied, None),
            ("template", t.template, "insert", Json::Object(altered), None, OutcomeStatus::Rejected, Some("forbidden")),
            // Anyone may add a photo; not change one.
            ("photo", photo_id(&sha), "insert", photo, Some(nurse), OutcomeStatus::Applied, None),
            (
                "photo",
                photo_id(&sha),
                "update",
                json!({"mime": "image/png"}),
                Some(nurse),
                OutcomeStatus::Rejected,
                Some("forbidden"),
            ),
            // An administrator may, from any device.
            (
                "site",
                t.site,
                "update",
                json!({"name": "Renamed by admin"}),
                Some(t.admin),
                OutcomeStatus::Applied,
                None,
            ),
        ];
        let batch: Vec<Change> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| w.change(&dev, i as i64 + 1, r.0, r.1, r.2, r.3.clone(), r.4))
            .collect();
        let resp = w.push(&dev, &batch);
        let want: Vec<_> = rows.iter().map(|r| (r.5, r.6)).collect();
        assert_eq!(statuses(&resp), want);
        assert_eq!(w.srv_field("site", t.site, "name"), json!("Renamed by admin"));
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM records WHERE entity = 'user_role'", &[]), 3);
        // The nurse cannot issue enrolment codes either; the administrator can.
        let req = |u| IssueCodeRequest { user_id: u, wards: vec![t.wards[0]], all_wards: false };
        assert_refused(w.server.issue_code_for(&dev.token, &req(nurse)), 403, "forbidden", Some("userId"));
        assert!(w.server.issue_code_for(&dev.token, &req(t.admin)).is_ok());
    });
}

#[test]
fn an_enrolment_code_used_twice_is_403_code_used() {
    each_backend(|w| {
        let code = w.server.issue_code(&[w.id()], false).unwrap();
        let enrol = |device: Uuid, code: &str| {
            w.server.enrol(&EnrolRequest {
                code: code.into(),
                device_id: device,
                device_name: "tablet".into(),
                schema_version: SCHEMA_VERSION,
            })
        };
        let first = w.id();
        assert!(enrol(first, &code.code).is_ok());
        let second = w.id();
        assert_refused(enrol(second, &code.code), 403, "code_used", Some("code"));
        // Also when typed differently, and by the same device again.
        assert_refused(enrol(second, &code.code.to_lowercase().replace('-', " ")), 403, "code_used", Some("code"));
        assert_refused(enrol(first, &code.code), 403, "code_used", Some("code"));
        assert_refused(enrol(second, "AAAA-BBBB-CCCC"), 403, "bad_code", Some("code"));
        let devices = w.srv("SELECT id FROM devices", &[]);
        assert_eq!(devices, vec![vec![P::T(first.to_string())]]);
    });
}

#[test]
fn an_enrolment_code_expires_after_seven_days() {
    each_backend(|w| {
        // (days after issue, expected code)
        for (days, want) in [(0, None), (6, None), (8, Some("code_expired")), (30, Some("code_expired"))] {
            let code = w.server.issue_code(&[w.id()], false).unwrap();
            w.clock.advance(days * DAY_MS);
            let r = w.server.enrol(&EnrolRequest {
                code: code.code,
                device_id: w.id(),
                device_name: "tablet".into(),
                schema_version: SCHEMA_VERSION,
            });
            match want {
                None => assert!(r.is_ok(), "{days} days: {r:?}"),
                Some(c) => assert_refused(r, 403, c, Some("code")),
            }
        }
    });
}

#[test]
fn a_revoked_device_is_403_revoked_everywhere_and_keeps_its_data() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let p = new_point(&s.a, t.wards[0], t.areas[0], "before revocation", t.admin).unwrap();
        w.sync(&s.a);
        let tok = token(&s.a);
        assert!(w.server.revoke(s.a.device_id()).unwrap());
        new_point(&s.a, t.wards[0], t.areas[0], "after revocation", t.admin).unwrap();

        let push = PushRequest { schema_version: SCHEMA_VERSION, changes: vec![] };
        let sha = sha256_hex(b"x");
        let issue = IssueCodeRequest { user_id: t.admin, wards: vec![t.wards[0]], all_wards: false };
        assert_refused(w.server.push(&tok, &push), 403, "revoked", None);
        assert_refused(w.pull(&tok, None, 10), 403, "revoked", None);
        assert_refused(w.server.photo_status(&tok, &sha), 403, "revoked", None);
        assert_refused(w.server.upload_photo(&tok, &sha, 0, 1, b"x"), 403, "revoked", None);
        assert_refused(w.server.download_photo(&tok, &sha), 403, "revoked", None);
        assert_refused(w.server.issue_code_for(&tok, &issue), 403, "revoked", None);

        // The device stops syncing and keeps everything it holds.
        let r = Syncer::new(&s.a, &Direct(&w.server)).sync_once(&mut |_| {});
        assert_eq!(r, Err(SyncError::Revoked));
        assert!(s.a.read(|c| wardsafe_store::sync::state(c, keys::REVOKED)).unwrap().is_some());
        assert_eq!(point_field(&s.a, p, "location").as_deref(), Some("before revocation"));
        assert_eq!(local_count(&s.a, "SELECT COUNT(*) FROM ligature_points"), 2);
        assert_eq!(Syncer::new(&s.a, &Direct(&w.server)).waiting().unwrap(), 1);
        // Other devices carry on.
        assert!(Syncer::new(&s.b, &Direct(&w.server)).sync_once(&mut |_| {}).is_ok());
    });
}

#[test]
fn a_token_of_another_server_or_none_is_401() {
    each_backend(|w| {
        let elsewhere_dir = tempfile::tempdir().unwrap();
        let elsewhere =
            Server::open(Db::open_sqlite(&elsewhere_dir.path().join("other.sqlite3")).unwrap(), w.clock.clone())
                .unwrap();
        assert_ne!(elsewhere.id, w.server.id);
        let code = elsewhere.issue_code(&[w.id()], false).unwrap();
        let foreign = elsewhere
            .enrol(&EnrolRequest {
                code: code.code,
                device_id: w.id(),
                device_name: "x".into(),
                schema_version: SCHEMA_VERSION,
            })
            .unwrap()
            .device_token;
        let ours = w.raw_device(&[w.id()]);
        let unknown = format!("{}.{}", w.server.id, "0".repeat(64));
        // (token, expected code)
        for (tok, code) in [
            (foreign.as_str(), "wrong_server"),
            ("", "unauthorised"),
            ("nonsense", "wrong_server"),
            (unknown.as_str(), "unauthorised"),
        ] {
            let push = PushRequest { schema_version: SCHEMA_VERSION, changes: vec![] };
            assert_refused(w.server.push(tok, &push), 401, code, None);
            assert_refused(w.pull(tok, None, 10), 401, code, None);
            assert_refused(w.server.photo_status(tok, &sha256_hex(b"x")), 401, code, None);
        }
        assert!(w.pull(&ours.token, None, 10).is_ok());
    });
}

// ---- conflicts -------------------------------------------------------------

#[test]
fn concurrent_edits_of_a_critical_field_make_one_conflict_every_ward_device_shows() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let p = new_point(&s.a, t.wards[0], t.areas[0], "by the window", t.admin).unwrap();
        w.sync(&s.a);
        w.sync(&s.b);
        // Both change the point's status, neither having seen the other's.
        set(&s.a, t.admin, Entity::LigaturePoint, p, "status", "mitigated");
        w.clock.advance(SECOND);
        set(&s.b, t.admin, Entity::LigaturePoint, p, "status", "removed");
        for d in [&s.a, &s.b, &s.a, &s.b, &s.admin, &s.c] {
            w.sync(d);
        }

        let conflicts = w.conflicts_about(p);
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let c = &conflicts[0];
        assert_eq!(
            (c["kind"].as_str(), c["field"].as_str(), c["status"].as_str()),
            (Some("field"), Some("status"), Some("open"))
        );
        let candidates: Vec<Json> = serde_json::from_str(c["candidates"].as_str().unwrap()).unwrap();
        let got: BTreeSet<(String, String)> = candidates
            .iter()
            .map(|c| (c["value"].as_str().unwrap().to_string(), c["deviceId"].as_str().unwrap().to_string()))
            .collect();
        let want: BTreeSet<(String, String)> = [
            ("mitigated".to_string(), s.a.device_id().to_string()),
            ("removed".to_string(), s.b.device_id().to_string()),
        ]
        .into();
        assert_eq!(got, want);

        // Every device of the ward (and the all-wards one) shows it open; ward 1's does not get it.
        let sql = format!("SELECT kind, field, status, candidates FROM conflicts WHERE entity_id = '{p}'");
        for d in [&s.a, &s.b, &s.admin] {
            let rows = local(d, &sql);
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0][..3], [Some("field".into()), Some("status".into()), Some("open".into())]);
            let local_candidates: Vec<Json> = serde_json::from_str(rows[0][3].as_deref().unwrap()).unwrap();
            assert_eq!(local_candidates, candidates);
            assert_eq!(point_field(d, p, "status"), point_field(&s.a, p, "status"), "devices agree meanwhile");
        }
        assert_eq!(local_count(&s.c, "SELECT COUNT(*) FROM conflicts"), 0);
    });
}

#[test]
fn concurrent_edits_of_an_ordinary_field_go_to_the_later_stamp_and_keep_the_loser_in_the_log() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        // (which device edits later; which pushes first)
        for (later_is_b, b_pushes_first) in [(true, true), (true, false), (false, true)] {
            let p = new_point(&s.admin, t.wards[0], t.areas[0], "start", t.admin).unwrap();
            w.sync(&s.admin);
            w.sync(&s.a);
            w.sync(&s.b);
            let (first, second) = if later_is_b { (&s.a, &s.b) } else { (&s.b, &s.a) };
            set(first, t.admin, Entity::LigaturePoint, p, "location", "earlier value");
            w.clock.advance(SECOND);
            set(second, t.admin, Entity::LigaturePoint, p, "location", "later value");
            let order = if b_pushes_first { [&s.b, &s.a] } else { [&s.a, &s.b] };
            for d in order.iter().chain(order.iter()).chain([&&s.admin]) {
                w.sync(d);
            }
            assert!(w.conflicts_about(p).is_empty());
            assert_eq!(w.srv_field("ligature_point", p, "location"), json!("later value"));
            for d in [&s.a, &s.b, &s.admin] {
                assert_eq!(point_field(d, p, "location").as_deref(), Some("later value"));
                assert_eq!(local_count(d, &format!("SELECT COUNT(*) FROM conflicts WHERE entity_id = '{p}'")), 0);
                let logged =
                    local(d, &format!("SELECT fields FROM change_log WHERE entity_id = '{p}' AND op = 'update'"));
                let values: BTreeSet<String> = logged
                    .iter()
                    .map(|r| {
                        serde_json::from_str::<Json>(r[0].as_deref().unwrap()).unwrap()["location"]
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect();
                assert_eq!(
                    values,
                    ["earlier value".to_string(), "later value".to_string()].into(),
                    "the losing value stays in the log"
                );
            }
        }
    });
}

#[test]
fn a_delete_concurrent_with_an_edit_is_a_delete_edit_conflict() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        // (the deleting device's change reaches the server first?)
        for delete_first in [true, false] {
            let p = new_point(&s.admin, t.wards[0], t.areas[0], "start", t.admin).unwrap();
            w.sync(&s.admin);
            w.sync(&s.a);
            w.sync(&s.b);
            s.a.write(Some(t.admin), |tx| tx.tombstone(Entity::LigaturePoint, p)).unwrap();
            set(&s.b, t.admin, Entity::LigaturePoint, p, "location", "edited");
            let order = if delete_first { [&s.a, &s.b] } else { [&s.b, &s.a] };
            for d in order.iter().chain(order.iter()).chain([&&s.admin]) {
                w.sync(d);
            }
            let conflicts = w.conflicts_about(p);
            assert_eq!(conflicts.len(), 1, "delete first: {delete_first}: {conflicts:?}");
            assert_eq!(conflicts[0]["kind"], json!("delete_edit"));
            let candidates: Vec<Json> = serde_json::from_str(conflicts[0]["candidates"].as_str().unwrap()).unwrap();
            assert_eq!(candidates.len(), 2);
            assert!(candidates.iter().any(|c| c["value"] == json!("deleted")));
            assert!(candidates.iter().any(|c| c["value"]["location"] == json!("edited")));
            for d in [&s.a, &s.b, &s.admin] {
                let rows = local(d, &format!("SELECT kind, status FROM conflicts WHERE entity_id = '{p}'"));
                assert_eq!(rows, [[Some("delete_edit".to_string()), Some("open".to_string())]]);
                assert_eq!(point_field(d, p, "deleted").as_deref(), Some("1"), "the delete is not undone by the edit");
            }
        }
    });
}

#[test]
fn an_edit_made_after_pulling_the_other_devices_edit_is_no_conflict() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        // (field or delete of the second edit)
        for second in ["status", "latest_assessment", "location", "delete"] {
            let p = new_point(&s.admin, t.wards[0], t.areas[0], "start", t.admin).unwrap();
            w.sync(&s.admin);
            w.sync(&s.a);
            w.sync(&s.b);
            let first_field = if second == "delete" { "location" } else { second };
            set(&s.a, t.admin, Entity::LigaturePoint, p, first_field, "a's value");
            w.sync(&s.a);
            w.sync(&s.b); // b sees a's edit before making its own
            w.clock.advance(SECOND);
            if second == "delete" {
                s.b.write(Some(t.admin), |tx| tx.tombstone(Entity::LigaturePoint, p)).unwrap();
            } else {
                set(&s.b, t.admin, Entity::LigaturePoint, p, second, "b's value");
            }
            for d in [&s.b, &s.a, &s.b] {
                w.sync(d);
            }
            assert!(w.conflicts_about(p).is_empty(), "{second}");
            for d in [&s.a, &s.b] {
                assert_eq!(local_count(d, "SELECT COUNT(*) FROM conflicts"), 0, "{second}");
                if second == "delete" {
                    assert_eq!(point_field(d, p, "deleted").as_deref(), Some("1"));
                } else {
                    assert_eq!(point_field(d, p, second).as_deref(), Some("b's value"));
                }
            }
        }
    });
}

#[test]
fn answers_to_the_same_question_from_two_devices_make_one_record_and_no_conflict() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let aid = answer_id(t.audits[0], Some(t.areas[0]), "q1");
        for (d, value) in [(&s.a, "yes"), (&s.b, "no")] {
            d.write(Some(t.admin), |tx| {
                let now = tx.now_str();
                tx.insert(
                    Entity::Answer,
                    aid,
                    &[
                        ("audit_id", id(t.audits[0])),
                        ("area_id", id(t.areas[0])),
                        ("question_id", text("q1")),
                        ("value", text(value)),
                        ("failed", Value::Integer((value == "no") as i64)),
                        ("answered_at", text(now)),
                        ("answered_by", id(t.admin)),
                    ],
                )
            })
            .unwrap();
            w.clock.advance(SECOND);
        }
        for d in [&s.a, &s.b, &s.a, &s.admin] {
            let r = w.sync(d);
            assert_eq!(r.rejected, 0);
        }
        let n = w.srv_count(
            "SELECT COUNT(*) FROM changes WHERE entity = 'answer' AND entity_id = $1",
            &[aid.to_string().into()],
        );
        assert_eq!(n, 2, "both answers are kept in the log");
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM records WHERE entity = 'answer'", &[]), 1);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM records WHERE entity = 'conflict'", &[]), 0);
        for d in [&s.a, &s.b, &s.admin] {
            let rows = local(d, "SELECT id, value, failed FROM answers WHERE question_id = 'q1'");
            assert_eq!(rows, [[Some(aid.to_string()), Some("no".into()), Some("1".into())]]);
            assert_eq!(local_count(d, "SELECT COUNT(*) FROM conflicts"), 0);
        }
    });
}

#[test]
fn a_resolution_syncs_to_the_other_device_and_makes_no_new_conflict() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let p = new_point(&s.a, t.wards[0], t.areas[0], "by the window", t.admin).unwrap();
        w.sync(&s.a);
        w.sync(&s.b);
        set(&s.a, t.admin, Entity::LigaturePoint, p, "status", "mitigated");
        w.clock.advance(SECOND);
        set(&s.b, t.admin, Entity::LigaturePoint, p, "status", "removed");
        for d in [&s.a, &s.b, &s.a] {
            w.sync(d);
        }
        let cid: Uuid =
            local1(&s.a, &format!("SELECT id FROM conflicts WHERE entity_id = '{p}'")).unwrap().parse().unwrap();
        assert_eq!(point_field(&s.a, p, "status").as_deref(), Some("removed"), "the later stamp shows meanwhile");

        // A person on device a keeps the earlier value, "mitigated".
        w.clock.advance(SECOND);
        s.a.write(Some(t.admin), |tx| {
            let now = tx.now_str();
            tx.update(Entity::LigaturePoint, p, &[("status", text("mitigated"))])?;
            tx.update(
                Entity::Conflict,
                cid,
                &[
                    ("status", text("resolved")),
                    ("resolution", text("0")),
                    ("resolved_by", id(t.admin)),
                    ("resolved_at", text(now)),
                ],
            )
        })
        .unwrap();
        for d in [&s.a, &s.b, &s.admin, &s.a, &s.b] {
            assert_eq!(w.sync(d).rejected, 0);
        }
        let conflicts = w.conflicts_about(p);
        assert_eq!(conflicts.len(), 1, "no new conflict: {conflicts:?}");
        assert_eq!(conflicts[0]["status"], json!("resolved"));
        assert_eq!(w.srv_field("ligature_point", p, "status"), json!("mitigated"));
        for d in [&s.a, &s.b, &s.admin] {
            let rows =
                local(d, &format!("SELECT status, resolution, resolved_by FROM conflicts WHERE entity_id = '{p}'"));
            assert_eq!(rows, [[Some("resolved".to_string()), Some("0".into()), Some(t.admin.to_string())]]);
            assert_eq!(point_field(d, p, "status").as_deref(), Some("mitigated"));
        }
    });
}

// ---- clocks ----------------------------------------------------------------

#[test]
fn devices_a_day_fast_and_a_day_slow_still_let_the_later_edit_win() {
    each_backend(|w| {
        let admin = w.device("admin", 0);
        let t = make_admin_trust(&admin);
        w.enrol(&admin, &[]);
        w.sync(&admin);
        let fast = w.ward_device("fast", DAY_MS, t.wards[0]);
        let slow = w.ward_device("slow", -DAY_MS, t.wards[0]);
        // (first to edit, second to edit) in real time
        for (first, second) in [(&slow, &fast), (&fast, &slow)] {
            let p = new_point(&admin, t.wards[0], t.areas[0], "start", t.admin).unwrap();
            w.sync(&admin);
            w.sync(&fast);
            w.sync(&slow);
            w.clock.advance(SECOND);
            let first_at = w.now_ms();
            set(first, t.admin, Entity::LigaturePoint, p, "location", "first");
            w.clock.advance(60 * SECOND);
            let second_at = w.now_ms();
            set(second, t.admin, Entity::LigaturePoint, p, "location", "second");
            // The later edit reaches the server first: only the stamps can order them.
            for d in [second, first, second, first, &admin] {
                let r = w.sync(d);
                assert_eq!((r.held.as_deref(), r.rejected), (None, 0));
            }
            // The stamps are the real time of each edit (the offset learned at enrolment).
            for (d, at) in [(first, first_at), (second, second_at)] {
                let h = local1(
                    d,
                    &format!(
                        "SELECT hlc FROM change_log WHERE entity_id = '{p}' AND op = 'update' AND device_id = '{}'",
                        d.device_id()
                    ),
                )
                .unwrap();
                assert_eq!(Hlc::decode(&h).unwrap().millis as i64, at);
            }
            assert_eq!(w.srv_field("ligature_point", p, "location"), json!("second"));
            for d in [&fast, &slow, &admin] {
                assert_eq!(point_field(d, p, "location").as_deref(), Some("second"));
            }
        }
    });
}

#[test]
fn work_done_offline_before_first_connecting_on_a_clock_a_day_out_is_stamped_when_it_happened() {
    each_backend(|w| {
        let admin = w.device("admin", 0);
        let t = make_admin_trust(&admin);
        w.enrol(&admin, &[]);
        w.sync(&admin);
        let p = new_point(&admin, t.wards[0], t.areas[0], "start", t.admin).unwrap();
        w.sync(&admin);
        for (name, skew) in [("fast", DAY_MS), ("slow", -DAY_MS)] {
            // A tablet a day out records on its own (it made its own trust: the
            // stamps are what matter here), then a minute later the
            // administrator's laptop edits the shared point, and only then
            // does the tablet connect for the first time.
            let tablet = w.device(name, skew);
            let own = make_admin_trust(&tablet);
            let made_at = w.now_ms();
            let q = new_point(&tablet, own.wards[0], own.areas[0], "offline work", own.admin).unwrap();
            w.clock.advance(60 * SECOND);
            set(&admin, t.admin, Entity::LigaturePoint, p, "location", &format!("edited before {name} connected"));
            w.sync(&admin);
            w.clock.advance(60 * SECOND);
            w.enrol(&tablet, &[]);
            let r = w.sync(&tablet);
            // (Its own trust's administrator and template clash with the real ones and are refused as duplicates.)
            assert_eq!(r.held.as_deref(), None, "{name}: nothing held back as a day ahead");
            assert_eq!(w.srv_field("ligature_point", q, "location"), json!("offline work"), "{name}: its work arrived");
            let h = local1(&tablet, &format!("SELECT hlc FROM change_log WHERE entity_id = '{q}' AND op = 'insert'"))
                .unwrap();
            let stamped = Hlc::decode(&h).unwrap().millis as i64;
            assert!((stamped - made_at).abs() < 5 * SECOND, "{name}: stamped {stamped}, made at {made_at}");
            // Its next edit comes after everything it has seen, in real time.
            set(&tablet, own.admin, Entity::LigaturePoint, p, "location", &format!("{name} edited it last"));
            w.sync(&tablet);
            w.sync(&admin);
            assert_eq!(point_field(&admin, p, "location").as_deref(), Some(format!("{name} edited it last").as_str()));
            assert!(
                tablet.hlc().millis as i64 <= w.now_ms() + 5 * SECOND,
                "{name}: the HLC no longer runs a day ahead"
            );
        }
    });
}

#[test]
fn a_change_stamped_a_year_ahead_is_held_with_retry_clock_ahead() {
    each_backend(|w| {
        const YEAR_MS: i64 = 365 * DAY_MS;
        let (ward, area) = (w.id(), w.id());
        // The rule, on raw changes: nothing behind the stamp ahead is taken.
        let dev = w.raw_device(&[ward]);
        let p = w.id();
        let mut ahead = w.change(&dev, 2, "ligature_point", p, "update", json!({"location": "ahead"}), None);
        ahead.hlc = hlc_at(dev.id, w.now_ms() + YEAR_MS, 0);
        let batch = [
            w.change(&dev, 1, "ligature_point", p, "insert", point_fields(ward, area, "now"), None),
            ahead,
            w.change(&dev, 3, "ligature_point", p, "update", json!({"location": "behind"}), None),
        ];
        let resp = w.push(&dev, &batch);
        assert_eq!(
            statuses(&resp),
            [
                (OutcomeStatus::Applied, None),
                (OutcomeStatus::Retry, Some("clock_ahead")),
                (OutcomeStatus::Retry, Some("clock_ahead"))
            ]
        );
        assert_eq!(resp.acked_seq, 1);
        assert_eq!(w.changes().len(), 1);
        assert_eq!(w.srv_field("ligature_point", p, "location"), json!("now"));
        // A stamp just inside the allowed drift is taken.
        let mut near = batch[1].clone();
        near.hlc = hlc_at(dev.id, w.now_ms() + MAX_DRIFT_MS - SECOND, 0);
        assert_eq!(statuses(&w.push(&dev, &[near])), [(OutcomeStatus::Applied, None)]);

        // The same on a device whose wall clock jumped a year ahead.
        let s = w.scene();
        let t = s.t;
        let p = new_point(&s.a, t.wards[0], t.areas[0], "made in time", t.admin).unwrap();
        w.sync(&s.a);
        let path = w.dir.path().join("a.sqlite3");
        drop(s.a);
        let a = Store::open_with(&path, Arc::new(w.clock.skewed(YEAR_MS))).unwrap();
        set(&a, t.admin, Entity::LigaturePoint, p, "location", "a year ahead");
        set(&a, t.admin, Entity::LigaturePoint, p, "status", "mitigated");
        let syncer_waiting = |a: &Store| Syncer::new(a, &Direct(&w.server)).waiting().unwrap();
        assert_eq!(syncer_waiting(&a), 2);
        let before = w.changes();
        let r = w.sync(&a);
        assert!(r.held.as_deref().is_some_and(|h| h.contains("ahead")), "{r:?}");
        assert_eq!(r.pushed, 0);
        assert_eq!(syncer_waiting(&a), 2, "kept in the outbox");
        assert_eq!(w.changes(), before);
        assert_eq!(point_field(&a, p, "location").as_deref(), Some("a year ahead"), "kept on the device");
        // Sent again when the server's clock has caught up with the stamp.
        w.clock.advance(YEAR_MS);
        let r = w.sync(&a);
        assert_eq!((r.held, r.pushed), (None, 2));
        assert_eq!(syncer_waiting(&a), 0);
        assert_eq!(w.srv_field("ligature_point", p, "location"), json!("a year ahead"));
    });
}

// ---- versions --------------------------------------------------------------

#[test]
fn the_current_and_previous_schema_versions_are_served_older_and_newer_are_426() {
    each_backend(|w| {
        let ward = w.id();
        let dev = w.raw_device(&[ward]);
        let mut seq = 0;
        // (schemaVersion, the refusal expected)
        for (v, refusal) in [
            (SCHEMA_VERSION, None),
            (SCHEMA_VERSION - 1, None),
            (SCHEMA_VERSION - 2, Some("upgrade_required")),
            (1, Some("upgrade_required")),
            (SCHEMA_VERSION + 1, Some("server_too_old")),
        ] {
            let code = w.server.issue_code(&[ward], false).unwrap();
            let enrol = w.server.enrol(&EnrolRequest {
                code: code.code.clone(),
                device_id: w.id(),
                device_name: "x".into(),
                schema_version: v,
            });
            let ch = w.change(&dev, seq + 1, "ligature_point", w.id(), "insert", point_fields(ward, w.id(), "x"), None);
            let push = w.server.push(&dev.token, &PushRequest { schema_version: v, changes: vec![ch] });
            let pull = w
                .server
                .pull(&dev.token, &PullRequest { schema_version: v, cursor: None, limit: Some(10), wait_ms: None });
            match refusal {
                None => {
                    assert!(enrol.is_ok(), "{v}: {enrol:?}");
                    let push = push.unwrap();
                    assert_eq!(statuses(&push), [(OutcomeStatus::Applied, None)], "schema {v}");
                    seq += 1;
                    assert!(pull.is_ok());
                }
                Some(c) => {
                    assert_refused(enrol, 426, c, Some("schemaVersion"));
                    assert_refused(push, 426, c, Some("schemaVersion"));
                    assert_refused(pull, 426, c, Some("schemaVersion"));
                    // An old client told to upgrade loses nothing: its code still works after the update.
                    let later = w.server.enrol(&EnrolRequest {
                        code: code.code,
                        device_id: w.id(),
                        device_name: "x".into(),
                        schema_version: SCHEMA_VERSION,
                    });
                    assert!(later.is_ok());
                }
            }
        }
        assert_eq!(w.changes().len(), 2);
    });
}

#[test]
fn unknown_fields_are_kept_and_reach_other_devices_intact() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let newer = w.raw_device(&[t.wards[0]]);
        let p = w.id();
        let mut fields = point_fields(t.wards[0], t.areas[0], "by the door");
        fields["future_field"] = json!(1);
        fields["future_object"] = json!({"nested": [1, "two", null], "flag": true});
        let insert = w.change(&newer, 1, "ligature_point", p, "insert", fields.clone(), Some(t.admin));
        let update = w.change(
            &newer,
            2,
            "ligature_point",
            p,
            "update",
            json!({"location": "by the window", "future_field": 2}),
            Some(t.admin),
        );
        let resp = w.push(&newer, &[insert.clone(), update.clone()]);
        assert_eq!(statuses(&resp), [(OutcomeStatus::Applied, None), (OutcomeStatus::Applied, None)]);
        assert_eq!(w.srv_field("ligature_point", p, "future_field"), json!(2));
        for d in [&s.a, &s.admin] {
            w.sync(d);
            for ch in [&insert, &update] {
                let logged =
                    local1(d, &format!("SELECT fields FROM change_log WHERE change_id = '{}'", ch.change_id)).unwrap();
                let logged: Json = serde_json::from_str(&logged).unwrap();
                assert_eq!(logged, Json::Object(ch.fields.clone()), "the change arrived with every field");
            }
            let row = local(
                d,
                &format!("SELECT ward_id, area_id, location, status, collapsible, deleted FROM ligature_points WHERE id = '{p}'"),
            );
            assert_eq!(
                row,
                [[
                    Some(t.wards[0].to_string()),
                    Some(t.areas[0].to_string()),
                    Some("by the window".into()),
                    Some("open".into()),
                    Some("0".into()),
                    Some("0".into())
                ]]
            );
        }
        // This version's own edit of the record still goes through and back.
        set(&s.a, t.admin, Entity::LigaturePoint, p, "status", "mitigated");
        assert_eq!(w.sync(&s.a).rejected, 0);
        assert_eq!(w.srv_field("ligature_point", p, "future_field"), json!(2));
        let page = w.pull(&newer.token, None, MAX_PAGE).unwrap();
        let back = page.changes.iter().find(|c| c.change.change_id == insert.change_id).unwrap();
        assert_eq!(back.change.fields, insert.fields);
    });
}

// ---- photos ----------------------------------------------------------------

#[test]
fn a_photo_upload_resumes_where_the_dropped_connection_left_it() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        let bytes = photo_bytes(1);
        let sha = sha256_hex(&bytes);
        let total = bytes.len() as i64;
        let st = w.server.photo_status(&dev.token, &sha).unwrap();
        assert_eq!((st.received, st.complete), (0, false));
        let part = w.server.upload_photo(&dev.token, &sha, 0, total, &bytes[..150_000]).unwrap();
        assert_eq!((part.received, part.complete), (150_000, false));
        // The connection dropped: the device asks where to go on from.
        let st = w.server.photo_status(&dev.token, &sha).unwrap();
        assert_eq!((st.received, st.complete), (150_000, false));
        assert_refused(w.server.download_photo(&dev.token, &sha), 404, "not_found", Some("sha256"));
        let from = st.received as usize;
        let done = w.server.upload_photo(&dev.token, &sha, st.received, total, &bytes[from..]).unwrap();
        assert_eq!((done.received, done.complete), (total, true));
        assert_eq!(w.server.download_photo(&dev.token, &sha).unwrap(), bytes);
        let st = w.server.photo_status(&dev.token, &sha).unwrap();
        assert_eq!((st.received, st.complete), (total, true));
        // Sent again whole (a lost answer), it is simply complete.
        let again = w.server.upload_photo(&dev.token, &sha, 0, total, &bytes).unwrap();
        assert!(again.complete);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM photos", &[]), 1);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM photo_chunks", &[]), 0);
    });
}

#[test]
fn a_photo_part_at_the_wrong_offset_is_409_offset_mismatch() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        let bytes = photo_bytes(2);
        let sha = sha256_hex(&bytes);
        let total = bytes.len() as i64;
        w.server.upload_photo(&dev.token, &sha, 0, total, &bytes[..100_000]).unwrap();
        // (offset, expected status and code)
        for (offset, status, code) in [
            (0, 409, "offset_mismatch"),
            (50_000, 409, "offset_mismatch"),
            (150_000, 409, "offset_mismatch"),
            (total - 5, 422, "validation"),
        ] {
            // Ten bytes at that offset (the last case runs past the photo's end).
            let r = w.server.upload_photo(&dev.token, &sha, offset, total, &[7u8; 10]);
            assert_refused(r, status, code, Some("offset"));
            assert_eq!(w.server.photo_status(&dev.token, &sha).unwrap().received, 100_000);
        }
        let done = w.server.upload_photo(&dev.token, &sha, 100_000, total, &bytes[100_000..]).unwrap();
        assert!(done.complete);
        assert_eq!(w.server.download_photo(&dev.token, &sha).unwrap(), bytes);
    });
}

#[test]
fn photo_bytes_not_matching_their_hash_are_422_and_nothing_is_kept() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        let bytes = photo_bytes(3);
        let sha = sha256_hex(&bytes);
        let total = bytes.len() as i64;
        let mut bad = bytes.clone();
        bad[200_000] ^= 0xff;
        // (parts the bad bytes are sent in)
        for parts in [vec![(0, total)], vec![(0, 150_000), (150_000, total)]] {
            let mut last = None;
            for (from, to) in parts {
                last = Some(w.server.upload_photo(&dev.token, &sha, from, total, &bad[from as usize..to as usize]));
            }
            assert_refused(last.unwrap(), 422, "hash_mismatch", Some("sha256"));
            let st = w.server.photo_status(&dev.token, &sha).unwrap();
            assert_eq!((st.received, st.complete), (0, false));
            assert_eq!(w.srv_count("SELECT COUNT(*) FROM photos", &[]), 0);
            assert_eq!(w.srv_count("SELECT COUNT(*) FROM photo_chunks", &[]), 0);
            assert_refused(w.server.download_photo(&dev.token, &sha), 404, "not_found", Some("sha256"));
        }
        // A fresh, correct upload then succeeds.
        w.server.upload_photo(&dev.token, &sha, 0, total, &bytes[..150_000]).unwrap();
        let done = w.server.upload_photo(&dev.token, &sha, 150_000, total, &bytes[150_000..]).unwrap();
        assert!(done.complete);
        assert_eq!(w.server.download_photo(&dev.token, &sha).unwrap(), bytes);
    });
}

#[test]
fn downloading_a_photo_the_server_lacks_is_404() {
    each_backend(|w| {
        let dev = w.raw_device(&[w.id()]);
        assert_refused(
            w.server.download_photo(&dev.token, &sha256_hex(b"never sent")),
            404,
            "not_found",
            Some("sha256"),
        );
        assert_refused(w.server.download_photo(&dev.token, "not-a-hash"), 400, "validation", Some("sha256"));
        assert_refused(
            w.server.download_photo(&dev.token, &sha256_hex(b"x").to_uppercase()),
            400,
            "validation",
            Some("sha256"),
        );
    });
}

#[test]
fn a_photo_record_pulled_before_its_bytes_gets_them_on_a_later_round() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let bytes = photo_bytes(4);
        let sha = sha256_hex(&bytes);
        let pid = photo_id(&sha);
        s.a.write(Some(t.admin), |tx| {
            let now = tx.now_str();
            tx.insert(
                Entity::Photo,
                pid,
                &[
                    ("sha256", text(sha.clone())),
                    ("mime", text("image/jpeg")),
                    ("size", Value::Integer(bytes.len() as i64)),
                    ("data", Value::Blob(bytes.clone())),
                    ("created_at", text(now)),
                ],
            )
        })
        .unwrap();
        // Device a sends the record but not yet the bytes.
        let mut report = SyncReport::default();
        Syncer::new(&s.a, &Direct(&w.server)).push_all(&mut report, &mut |_| {}).unwrap();
        assert_eq!(report.pushed, 1);

        let r = w.sync(&s.b);
        assert_eq!(r.photos_received, 0);
        assert_eq!(s.b.read(wardsafe_store::sync::photos_missing_bytes).unwrap(), std::slice::from_ref(&sha));
        assert_eq!(local1(&s.b, &format!("SELECT size FROM photos WHERE id = '{pid}'")), Some(bytes.len().to_string()));

        let r = w.sync(&s.a);
        assert_eq!(r.photos_sent, 1);
        let r = w.sync(&s.b);
        assert_eq!(r.photos_received, 1);
        assert!(s.b.read(wardsafe_store::sync::photos_missing_bytes).unwrap().is_empty());
        let held = s.b.read(|c| wardsafe_store::sync::photo_bytes(c, &sha)).unwrap();
        assert_eq!(held, Some(bytes));
        // Ward 1's device gets the photo too (trust-wide), bytes and all.
        w.sync(&s.c);
        assert!(s.c.read(wardsafe_store::sync::photos_missing_bytes).unwrap().is_empty());
    });
}

// ---- unique ----------------------------------------------------------------

#[test]
fn a_second_user_with_the_same_username_is_rejected_duplicate() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let make = |d: &Store, name: &str| {
            let u = d.new_id();
            d.write(Some(t.admin), |tx| {
                tx.insert(
                    Entity::User,
                    u,
                    &[("username", text(name)), ("display_name", text("J Smith")), ("password_hash", text("x"))],
                )
            })
            .unwrap();
            u
        };
        let first = make(&s.a, "jsmith");
        w.clock.advance(SECOND);
        let second = make(&s.b, "jsmith");
        let other = make(&s.b, "jdoe");
        assert_eq!(w.sync(&s.a).rejected, 0);
        let r = w.sync(&s.b);
        assert_eq!((r.pushed, r.rejected), (1, 1));
        let note = local1(&s.b, &format!("SELECT value FROM sync_state WHERE key LIKE '{}%'", keys::REJECTED)).unwrap();
        let note: Json = serde_json::from_str(&note).unwrap();
        assert_eq!(note["code"], json!("duplicate"));

        let users: BTreeMap<String, Json> = w
            .srv("SELECT entity_id, state FROM records WHERE entity = 'user'", &[])
            .into_iter()
            .map(|r| (r[0].string(), serde_json::from_str::<Json>(&r[1].string()).unwrap()["username"]["v"].clone()))
            .collect();
        assert_eq!(users.get(&first.to_string()), Some(&json!("jsmith")), "the first stays");
        assert_eq!(users.get(&second.to_string()), None);
        assert_eq!(users.get(&other.to_string()), Some(&json!("jdoe")));
        // The first may still be changed (it does not clash with itself).
        set(&s.a, t.admin, Entity::User, first, "username", "jsmith");
        assert_eq!(w.sync(&s.a).rejected, 0);
        // Another device receives the first only.
        w.sync(&s.c);
        assert_eq!(local(&s.c, "SELECT id FROM users WHERE username = 'jsmith'"), [[Some(first.to_string())]]);
    });
}

// ---- the administrator role as the app writes it ---------------------------

#[test]
fn an_administrator_as_the_app_makes_one_may_change_trust_wide_records_and_issue_codes() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        // A second administrator, made the way the app's create_user command makes one.
        let boss = s.admin.new_id();
        let role = s.admin.new_id();
        s.admin
            .write(Some(t.admin), |tx| {
                tx.insert(
                    Entity::User,
                    boss,
                    &[("username", text("boss")), ("display_name", text("Boss")), ("password_hash", text("x"))],
                )?;
                tx.insert(
                    Entity::UserRole,
                    role,
                    &[
                        ("user_id", id(boss)),
                        ("role", text(wardsafe_domain::role::Role::Administrator.as_str())),
                        ("ward_id", Value::Null),
                    ],
                )
            })
            .unwrap();
        w.sync(&s.admin);
        w.sync(&s.a);
        set(&s.a, boss, Entity::Site, t.site, "name", "Renamed by boss");
        assert_eq!(w.sync(&s.a).rejected, 0);
        assert_eq!(w.srv_field("site", t.site, "name"), json!("Renamed by boss"));
        let req = IssueCodeRequest { user_id: boss, wards: vec![t.wards[0]], all_wards: false };
        let issued = Direct(&w.server).issue_code(&token(&s.a), &req);
        assert!(issued.is_ok(), "{issued:?}");
    });
}

/// A use of force record as the command writes it, with the patient's name and NHS number.
fn record_force(store: &Store, user: Uuid, ward: Uuid) -> Uuid {
    let id = store.new_id();
    let now = store.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    store
        .write(Some(user), |tx| {
            tx.insert(
                Entity::UseOfForce,
                id,
                &[
                    ("ward_id", self::id(ward)),
                    ("recorded_at", text(now.clone())),
                    ("recorded_by", self::id(user)),
                    ("negligible", Value::Integer(0)),
                    ("reason", text("Assault on staff")),
                    ("force_types", text("[\"physical\"]")),
                    ("patient_name", text("Kit Example")),
                    ("nhs_number", text("9434765919")),
                    ("staff", text("[]")),
                    ("positions", text("[]")),
                    ("chemical", text("[]")),
                    ("mechanical", text("[]")),
                ],
            )
        })
        .unwrap();
    id
}

/// The purge as `purge_use_of_force` writes it (the 3 years are the command's check).
fn purge_force(store: &Store, user: Uuid, id: Uuid) {
    let now = store.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    store
        .write(Some(user), |tx| {
            tx.update(
                Entity::UseOfForce,
                id,
                &[
                    ("patient_name", Value::Null),
                    ("nhs_number", Value::Null),
                    ("purged_at", text(now)),
                    ("purged_by", self::id(user)),
                    ("purge_reason", text("Kept 3 years")),
                ],
            )?;
            tx.tombstone(Entity::UseOfForce, id)
        })
        .unwrap();
}

const IDENTIFIED: &str = "(fields LIKE '%Kit Example%' OR fields LIKE '%9434765919%')";

/// A purged use of force record leaves its patient's name and NHS number in
/// no change log: not the purging device's, not the server's, not that of a
/// device that already held the record or of one enrolled afterwards; an
/// edit that crossed the purge does not bring them back; and a record purged
/// before it was ever sent never reaches the server with them. Every change
/// of the record stays, with everything else it said.
#[test]
fn a_purge_blanks_the_patients_identifiers_in_every_change_log() {
    each_backend(|w| {
        let s = w.scene();
        let t = s.t;
        let ward = t.wards[0];
        let synced = record_force(&s.a, t.admin, ward);
        w.sync(&s.a);
        w.sync(&s.b);
        let held = |d: &Store, id: Uuid| {
            local_count(d, &format!("SELECT COUNT(*) FROM change_log WHERE entity_id = '{id}' AND {IDENTIFIED}"))
        };
        let on_server = |id: Uuid| {
            w.srv_count(
                &format!("SELECT COUNT(*) FROM changes WHERE entity_id = $1 AND {IDENTIFIED}"),
                &[id.to_string().into()],
            )
        };
        assert_eq!((held(&s.a, synced), held(&s.b, synced), on_server(synced)), (1, 1, 1), "before the purge");

        purge_force(&s.a, t.admin, synced);
        assert_eq!(held(&s.a, synced), 0, "the purging device, at once");
        w.sync(&s.a);
        assert_eq!(on_server(synced), 0, "the server, when the purge arrives");
        w.sync(&s.b);
        assert_eq!(held(&s.b, synced), 0, "a device that held the record, when it pulls the purge");
        let later = w.ward_device("later", 0, ward);
        assert_eq!(local_count(&later, &format!("SELECT COUNT(*) FROM change_log WHERE entity_id = '{synced}'")), 3);
        assert_eq!(held(&later, synced), 0, "a device enrolled afterwards");

        for d in [&s.a, &s.b, &later] {
            let insert =
                local1(d, &format!("SELECT fields FROM change_log WHERE entity_id = '{synced}' AND op = 'insert'"));
            let insert: Json = serde_json::from_str(&insert.unwrap()).unwrap();
            assert_eq!((insert["patient_name"].clone(), insert["nhs_number"].clone()), (Json::Null, Json::Null));
            assert_eq!(insert["reason"], "Assault on staff", "the rest of the change stays");
            let row = local(
                d,
                &format!("SELECT deleted, patient_name, purge_reason FROM use_of_force WHERE id = '{synced}'"),
            );
            assert_eq!(row, vec![vec![Some("1".into()), None, Some("Kept 3 years".into())]]);
        }

        // Device c of the same ward edits the name, not having pulled the purge yet.
        let c = w.ward_device("c-late", 0, ward);
        let edited = record_force(&s.a, t.admin, ward);
        w.sync(&s.a);
        w.sync(&c);
        purge_force(&s.a, t.admin, edited);
        w.sync(&s.a);
        c.write(Some(t.admin), |tx| tx.update(Entity::UseOfForce, edited, &[("patient_name", text("Kit Example"))]))
            .unwrap();
        w.sync(&c);
        assert_eq!(on_server(edited), 0, "an edit that crossed the purge arrives without the name");
        assert_eq!(held(&c, edited), 0, "and the editing device blanks its own copy when it pulls the purge");
        assert_eq!(
            local(&c, &format!("SELECT patient_name FROM use_of_force WHERE id = '{edited}'")),
            vec![vec![None]]
        );
        w.sync(&s.b);
        assert_eq!(held(&s.b, edited), 0);

        let unsent = record_force(&s.b, t.admin, ward);
        purge_force(&s.b, t.admin, unsent);
        w.sync(&s.b);
        assert_eq!(w.srv_count("SELECT COUNT(*) FROM changes WHERE entity_id = $1", &[unsent.to_string().into()]), 3);
        assert_eq!(on_server(unsent), 0, "purged before it was sent: never on the server");
    });
}
