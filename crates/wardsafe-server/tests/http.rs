//! The HTTP host end to end, in process: the real router on a free port over
//! SQLite in a temporary folder; the app's own client (`HttpTransport`) for
//! the happy paths, raw requests for what a client should never send.

mod support;

use serde_json::{json, Value as Json};
use std::sync::Arc;
use support::*;
use uuid::Uuid;
use wardsafe_server::db::Db;
use wardsafe_server::Server;
use wardsafe_store::{Entity, Store, SystemClock, Value};
use wardsafe_sync::client::{enrol, SyncError};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::*;

/// The router served on 127.0.0.1 by its own runtime; the test thread is the client.
struct Host {
    rt: Option<tokio::runtime::Runtime>,
    server: Arc<Server>,
    url: String,
    dir: tempfile::TempDir,
    agent: ureq::Agent,
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

impl Host {
    fn start() -> Host {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite(&dir.path().join("server.sqlite3")).unwrap();
        let server = Arc::new(Server::open(db, Arc::new(SystemClock)).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = wardsafe_server::http::router(server.clone());
        rt.spawn(async move { axum::serve(listener, app).await });
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Host { rt: Some(rt), server, url, dir, agent }
    }

    fn transport(&self) -> HttpTransport {
        HttpTransport::new(&self.url)
    }

    /// One number from the server's database file, read beside the server.
    fn count(&self, sql: &str) -> i64 {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let c = rusqlite::Connection::open_with_flags(self.dir.path().join("server.sqlite3"), flags).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// A device store beside the server, enrolled for all wards through HTTP.
    fn device(&self, name: &str) -> Store {
        let store = Store::open(&self.dir.path().join(format!("{name}.sqlite3"))).unwrap();
        let code = self.server.issue_code(&[], true).unwrap().code;
        enrol(&store, &self.transport(), &self.url, &code, name).unwrap();
        store
    }

    /// A device known only by its id and token (for hand-made requests).
    fn bare_device(&self) -> (Uuid, String) {
        let code = self.server.issue_code(&[], true).unwrap().code;
        let id = Uuid::now_v7();
        let req = EnrolRequest { code, device_id: id, device_name: "bare".into(), schema_version: SCHEMA_VERSION };
        (id, self.server.enrol(&req).unwrap().device_token)
    }

    fn raw(&self, method: &str, path: &str, auth: Option<&str>, body: Option<Vec<u8>>) -> (u16, Vec<u8>) {
        let mut req = ureq::http::Request::builder().method(method).uri(format!("{}{path}", self.url));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let resp = match body {
            Some(b) => self.agent.run(req.header("Content-Type", "application/json").body(b).unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut resp = resp.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        (status, resp.body_mut().with_config().limit(64 << 20).read_to_vec().unwrap())
    }

    /// A request with a bearer token and a JSON (or raw) body; the answer as JSON.
    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> (u16, Json) {
        let auth = token.map(|t| format!("Bearer {t}"));
        let (status, bytes) = self.raw(method, path, auth.as_deref(), body.map(|b| b.as_bytes().to_vec()));
        let value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!("{method} {path} answered {status} with non-JSON: {}", String::from_utf8_lossy(&bytes))
        });
        (status, value)
    }

    fn health_ok(&self) {
        let (status, body) = self.call("GET", "/health", None, None);
        assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    }
}

/// Assert an error answer: status, code, the field if given, and the server's time.
fn refused(answer: (u16, Json), status: u16, code: &str, field: Option<&str>) {
    let (s, body) = answer;
    assert_eq!((s, body["code"].as_str()), (status, Some(code)), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["serverTime"].is_string(), "errors carry the server's time: {body}");
    if let Some(f) = field {
        assert_eq!(body["field"].as_str(), Some(f), "{body}");
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

fn points(store: &Store) -> Vec<(String, String)> {
    store
        .read(|c| {
            let mut stmt = c.prepare("SELECT id, location FROM ligature_points ORDER BY id").unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            Ok(rows.map(Result::unwrap).collect())
        })
        .unwrap()
}

fn count_local(store: &Store, sql: &str) -> i64 {
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0)).unwrap())).unwrap()
}

fn sync(store: &Store, transport: &HttpTransport) -> Result<SyncReport, SyncError> {
    Syncer::new(store, transport).sync_once(&mut |_| {})
}

/// A change as the app would send it, stamped `ahead_ms` from now.
fn change(device: Uuid, seq: i64, entity: &str, ahead_ms: i64) -> Change {
    let millis = chrono::Utc::now().timestamp_millis() + ahead_ms;
    Change {
        change_id: Uuid::now_v7(),
        device_seq: seq,
        entity: entity.into(),
        entity_id: Uuid::now_v7(),
        op: "insert".into(),
        fields: json!({"name": "Riverside"}).as_object().unwrap().clone(),
        hlc: format!("{millis:013}-0000000000-{device}"),
        user_id: None,
        at: chrono::Utc::now().to_rfc3339(),
        seen: None,
    }
}

#[test]
fn devices_enrol_with_codes_and_sync_records_and_photos_through_the_http_client() {
    let host = Host::start();
    let t = host.transport();
    let a = host.device("admin-tablet");
    let trust = make_trust(&a);
    let pa = new_point(&a, trust.wards[0], trust.areas[0], "Bedroom 1 door", trust.admin).unwrap();
    // A photo of 600 KB travels in three parts.
    let photo: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
    let sha = sha256_hex(&photo);
    a.write(Some(trust.admin), |tx| {
        let now = tx.now_str();
        tx.insert(
            Entity::Photo,
            photo_id(&sha),
            &[
                ("sha256", text(sha.clone())),
                ("mime", text("image/jpeg")),
                ("size", Value::Integer(photo.len() as i64)),
                ("data", Value::Blob(photo.clone())),
                ("created_at", text(now)),
            ],
        )
    })
    .unwrap();
    let report = sync(&a, &t).unwrap();
    assert!(report.pushed > 5 && report.photos_sent == 1, "{report:?}");
    assert_eq!(Syncer::new(&a, &t).waiting().unwrap(), 0);

    // The administrator's device issues a code for ward 0 over HTTP.
    let token_a = a.read(|c| wardsafe_store::sync::state(c, "device_token")).unwrap().unwrap();
    let issued = t
        .issue_code(&token_a, &IssueCodeRequest { user_id: trust.admin, wards: vec![trust.wards[0]], all_wards: false })
        .unwrap();
    let b = Store::open(&host.dir.path().join("ward-tablet.sqlite3")).unwrap();
    let enrolled = enrol(&b, &t, &host.url, &issued.code, "Ward 0 tablet").unwrap();
    assert_eq!((enrolled.wards, enrolled.all_wards), (vec![trust.wards[0]], false));
    // A code works once.
    let again = EnrolRequest {
        code: issued.code.clone(),
        device_id: Uuid::now_v7(),
        device_name: "x".into(),
        schema_version: SCHEMA_VERSION,
    };
    refused(
        host.call("POST", "/v1/enrol", None, Some(&serde_json::to_string(&again).unwrap())),
        403,
        "code_used",
        None,
    );

    let report = sync(&b, &t).unwrap();
    assert_eq!(report.photos_received, 1, "{report:?}");
    assert_eq!(points(&b), points(&a));
    let ward_ids: Vec<String> = b
        .read(|c| {
            let mut s = c.prepare("SELECT id FROM wards").unwrap();
            let rows = s.query_map([], |r| r.get(0)).unwrap();
            Ok(rows.map(Result::unwrap).collect())
        })
        .unwrap();
    assert_eq!(ward_ids, vec![trust.wards[0].to_string()], "a device receives no other ward's records");
    let bytes: Vec<u8> =
        b.read(|c| Ok(c.query_row("SELECT data FROM photos WHERE sha256 = ?", [&sha], |r| r.get(0)).unwrap())).unwrap();
    assert!(bytes == photo, "the photo arrived whole");

    // Both edit, both sync: both hold both points.
    let pb = new_point(&b, trust.wards[0], trust.areas[0], "Bathroom tap", trust.admin).unwrap();
    sync(&b, &t).unwrap();
    sync(&a, &t).unwrap();
    sync(&b, &t).unwrap();
    let ids: Vec<String> = points(&a).into_iter().map(|p| p.0).collect();
    assert!(ids.contains(&pa.to_string()) && ids.contains(&pb.to_string()));
    assert_eq!(points(&a), points(&b));
    // Every change is on the server once.
    assert_eq!(host.count("SELECT COUNT(*) - COUNT(DISTINCT change_id) FROM changes"), 0);
    host.health_ok();
}

#[test]
fn every_authenticated_route_refuses_a_missing_garbage_foreign_or_revoked_token() {
    let host = Host::start();
    let (revoked_id, revoked_token) = host.bare_device();
    assert!(host.server.revoke(revoked_id).unwrap());
    let sha = sha256_hex(b"abc");
    let routes: Vec<(&str, String, Option<&str>)> = vec![
        ("POST", "/v1/push".into(), Some(r#"{"schemaVersion":3,"changes":[]}"#)),
        ("POST", "/v1/pull".into(), Some(r#"{"schemaVersion":3}"#)),
        (
            "POST",
            "/v1/enrolment-codes".into(),
            Some(r#"{"userId":"01900000-0000-7000-8000-000000000001","wards":[],"allWards":true}"#),
        ),
        ("GET", format!("/v1/photos/{sha}/status"), None),
        ("PUT", format!("/v1/photos/{sha}?offset=0&total=3"), Some("abc")),
        ("GET", format!("/v1/photos/{sha}"), None),
    ];
    let foreign = format!("Bearer {}.{}", Uuid::new_v4(), Uuid::new_v4().simple());
    let revoked = format!("Bearer {revoked_token}");
    for (method, path, body) in &routes {
        let body = body.map(|b| b.as_bytes().to_vec());
        for (auth, status, code) in [
            (None, 401, "unauthorised"),
            (Some("Bearer nonsense"), 401, "unauthorised"),
            (Some("Bearer "), 401, "unauthorised"),
            (Some("Basic d2FyZDpzYWZl"), 401, "unauthorised"),
            (Some(foreign.as_str()), 401, "wrong_server"),
            (Some(revoked.as_str()), 403, "revoked"),
        ] {
            let (s, bytes) = host.raw(method, path, auth, body.clone());
            let json: Json = serde_json::from_slice(&bytes).expect("a JSON error");
            assert_eq!((s, json["code"].as_str()), (status, Some(code)), "{method} {path} with {auth:?}");
            refused((s, json), status, code, None);
        }
    }
    assert_eq!(host.count("SELECT COUNT(*) FROM changes"), 0);
    assert_eq!(host.count("SELECT COUNT(*) FROM photo_chunks"), 0);
    host.health_ok();
}

#[test]
fn a_revoked_device_keeps_its_data_and_is_told_it_was_revoked() {
    let host = Host::start();
    let t = host.transport();
    let a = host.device("tablet");
    let trust = make_trust(&a);
    sync(&a, &t).unwrap();
    let unsent = new_point(&a, trust.wards[1], trust.areas[1], "Lounge window", trust.admin).unwrap();
    let before = points(&a);
    assert!(host.server.revoke(a.device_id()).unwrap());

    assert_eq!(sync(&a, &t), Err(SyncError::Revoked));
    // Everything it held is still there and readable, including what it could not send.
    assert_eq!(points(&a), before);
    assert!(before.iter().any(|p| p.0 == unsent.to_string()));
    assert!(count_local(&a, "SELECT COUNT(*) FROM change_log") > 10);
    // It stops trying: the next round answers at once from the device's own record.
    assert_eq!(sync(&a, &t), Err(SyncError::Revoked));
    // Nothing it made after the revocation reached the server.
    let unsent_on_server = format!("SELECT COUNT(*) FROM changes WHERE entity_id = '{unsent}'");
    assert_eq!(host.count(&unsent_on_server), 0);
}

#[test]
fn bad_json_and_wrong_types_are_400_naming_the_field_and_write_nothing() {
    let host = Host::start();
    let (device, token) = host.bare_device();
    let tok = Some(token.as_str());
    let good = serde_json::to_value(change(device, 1, "site", 0)).unwrap();
    let mut bad_seq = good.clone();
    bad_seq["deviceSeq"] = json!("one");
    let mut no_entity = good.clone();
    no_entity.as_object_mut().unwrap().remove("entity");

    let cases: Vec<(&str, Option<&str>, String, &str)> = vec![
        ("/v1/enrol", None, "{".into(), "body"),
        ("/v1/enrol", None, "[1, 2]".into(), "body"),
        ("/v1/enrol", None, r#"{"code": 7, "deviceId": "x", "deviceName": "t", "schemaVersion": 3}"#.into(), "code"),
        (
            "/v1/enrol",
            None,
            r#"{"code": "A", "deviceId": "not-a-uuid", "deviceName": "t", "schemaVersion": 3}"#.into(),
            "deviceId",
        ),
        ("/v1/enrol", None, r#"{"code": "A", "deviceName": "t", "schemaVersion": 3}"#.into(), "deviceId"),
        ("/v1/push", tok, "not json".into(), "body"),
        ("/v1/push", tok, r#"{"schemaVersion": "3", "changes": []}"#.into(), "schemaVersion"),
        ("/v1/push", tok, json!({"schemaVersion": 3, "changes": [good, bad_seq]}).to_string(), "changes[1].deviceSeq"),
        ("/v1/push", tok, json!({"schemaVersion": 3, "changes": [no_entity]}).to_string(), "changes[0].entity"),
        ("/v1/pull", tok, "".into(), "body"),
        ("/v1/pull", tok, r#"{"schemaVersion": 3, "limit": "many"}"#.into(), "limit"),
        ("/v1/enrolment-codes", tok, r#"{"userId": null, "wards": []}"#.into(), "userId"),
        (
            "/v1/enrolment-codes",
            tok,
            r#"{"userId": "01900000-0000-7000-8000-000000000001", "wards": [5]}"#.into(),
            "wards[0]",
        ),
    ];
    for (path, token, body, field) in cases {
        refused(host.call("POST", path, token, Some(&body)), 400, "bad_request", Some(field));
    }
    // Bytes that are not even text.
    let (status, bytes) =
        host.raw("POST", "/v1/push", Some(&format!("Bearer {token}")), Some(vec![0xff, 0xfe, 0x00, 0x7b]));
    refused((status, serde_json::from_slice(&bytes).unwrap()), 400, "bad_request", Some("body"));

    // Photo parameters.
    let sha = sha256_hex(b"abc");
    let put = |query: &str| {
        host.raw("PUT", &format!("/v1/photos/{sha}{query}"), Some(&format!("Bearer {token}")), Some(b"abc".to_vec()))
    };
    let json = |(s, b): (u16, Vec<u8>)| (s, serde_json::from_slice::<Json>(&b).unwrap());
    refused(json(put("?offset=zero&total=3")), 400, "bad_request", Some("offset"));
    refused(json(put("?offset=0")), 400, "bad_request", Some("total"));
    refused(json(put("")), 400, "bad_request", Some("offset"));
    refused(json(put("?offset=-1&total=3")), 422, "validation", Some("offset"));
    refused(json(put("?offset=9223372036854775807&total=3")), 422, "validation", Some("offset"));
    refused(json(put("?offset=0&total=99999999999")), 422, "validation", Some("total"));
    refused(json(put("?offset=1&total=3")), 422, "validation", Some("offset"));
    refused(host.call("GET", "/v1/photos/NOT-A-HASH/status", tok, None), 400, "validation", Some("sha256"));
    refused(host.call("GET", "/v1/photos/NOT-A-HASH", tok, None), 400, "validation", Some("sha256"));
    // Engine-level refusals come through with their own status and field.
    refused(
        host.call("POST", "/v1/pull", tok, Some(&format!(r#"{{"schemaVersion": {SCHEMA_VERSION}, "limit": 0}}"#))),
        422,
        "validation",
        Some("limit"),
    );
    refused(
        host.call("POST", "/v1/pull", tok, Some(&format!(r#"{{"schemaVersion": {SCHEMA_VERSION}, "cursor": "x"}}"#))),
        400,
        "bad_cursor",
        Some("cursor"),
    );
    refused(
        host.call("POST", "/v1/push", tok, Some(r#"{"schemaVersion": 1, "changes": []}"#)),
        426,
        "upgrade_required",
        Some("schemaVersion"),
    );

    assert_eq!(host.count("SELECT COUNT(*) FROM changes"), 0, "a refused push writes nothing");
    assert_eq!(host.count("SELECT MAX(acked_seq) FROM devices"), 0);
    assert_eq!(host.count("SELECT COUNT(*) FROM photo_chunks"), 0);
    host.health_ok();
}

#[test]
fn a_body_over_16_mb_is_refused_with_413_and_writes_nothing() {
    let host = Host::start();
    let (device, token) = host.bare_device();
    let auth = format!("Bearer {token}");
    // A well-formed push padded past the limit.
    let mut c = change(device, 1, "site", 0);
    c.fields.insert("notes".into(), json!("x".repeat(17 << 20)));
    let body = serde_json::to_vec(&PushRequest { schema_version: SCHEMA_VERSION, changes: vec![c] }).unwrap();
    let (status, bytes) = host.raw("POST", "/v1/push", Some(&auth), Some(body));
    refused((status, serde_json::from_slice(&bytes).unwrap()), 413, "too_large", None);
    let (status, bytes) = host.raw(
        "PUT",
        &format!("/v1/photos/{}?offset=0&total=100", "a".repeat(64)),
        Some(&auth),
        Some(vec![7; 17 << 20]),
    );
    refused((status, serde_json::from_slice(&bytes).unwrap()), 413, "too_large", None);
    assert_eq!(host.count("SELECT COUNT(*) FROM changes"), 0);
    assert_eq!(host.count("SELECT COUNT(*) FROM photo_chunks"), 0);
    host.health_ok();
}

#[test]
fn each_pushed_change_gets_its_outcome_unknown_record_types_rejected_and_future_stamps_held() {
    let host = Host::start();
    let t = host.transport();
    let (device, token) = host.bare_device();
    let unknown = change(device, 1, "spaceship", 0);
    let future = change(device, 2, "site", 365 * 24 * 3600 * 1000);
    let req = PushRequest { schema_version: SCHEMA_VERSION, changes: vec![unknown.clone(), future.clone()] };
    let resp = t.push(&token, &req).unwrap();
    let o = &resp.outcomes;
    assert_eq!((o[0].status, o[0].code.as_deref()), (OutcomeStatus::Rejected, Some("unknown_entity")));
    assert_eq!((o[1].status, o[1].code.as_deref()), (OutcomeStatus::Retry, Some("clock_ahead")));
    assert_eq!(resp.acked_seq, 1, "the rejected change is dealt with; the held one is not");
    assert_eq!(host.count("SELECT COUNT(*) FROM changes"), 0);
    // A retry gets the same answers.
    let again = t.push(&token, &req).unwrap();
    assert_eq!(again.outcomes[0].code.as_deref(), Some("unknown_entity"));
    assert_eq!(again.outcomes[1].code.as_deref(), Some("clock_ahead"));
    // Stamped now, the same change is taken.
    let now = Change { hlc: change(device, 2, "site", 0).hlc, ..future };
    let taken = t.push(&token, &PushRequest { schema_version: SCHEMA_VERSION, changes: vec![now] }).unwrap();
    assert_eq!(taken.outcomes[0].status, OutcomeStatus::Applied);
    assert_eq!(host.count("SELECT COUNT(*) FROM changes"), 1);
    host.health_ok();
}

#[test]
fn a_photo_whose_bytes_do_not_match_is_refused_and_a_correct_upload_then_succeeds() {
    let host = Host::start();
    let t = host.transport();
    let (_, token) = host.bare_device();
    let good = b"a photo of a door handle".to_vec();
    let sha = sha256_hex(&good);
    let mut bad = good.clone();
    bad[0] ^= 1;
    let n = good.len() as i64;
    match t.upload_photo(&token, &sha, 0, n, &bad) {
        Err(TransportError::Api { status: 422, error }) => assert_eq!(error.code, "hash_mismatch"),
        other => panic!("a corrupted photo was not refused: {other:?}"),
    }
    let status = t.photo_status(&token, &sha).unwrap();
    assert_eq!((status.received, status.complete), (0, false), "nothing of it was kept");
    assert_eq!(host.count("SELECT COUNT(*) FROM photos") + host.count("SELECT COUNT(*) FROM photo_chunks"), 0);
    match t.download_photo(&token, &sha) {
        Err(TransportError::Api { status: 404, error }) => assert_eq!(error.code, "not_found"),
        other => panic!("{other:?}"),
    }

    let done = t.upload_photo(&token, &sha, 0, n, &good).unwrap();
    assert!(done.complete);
    assert_eq!(t.download_photo(&token, &sha).unwrap(), good);
    host.health_ok();
}

#[test]
fn a_photo_upload_resumes_after_its_first_part_and_a_wrong_offset_is_409() {
    let host = Host::start();
    let t = host.transport();
    let (_, token) = host.bare_device();
    let photo: Vec<u8> = (0..600_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let sha = sha256_hex(&photo);
    let total = photo.len() as i64;
    let part = wardsafe_sync::client::PHOTO_CHUNK;
    let first = t.upload_photo(&token, &sha, 0, total, &photo[..part]).unwrap();
    assert_eq!((first.received, first.complete), (part as i64, false));
    // The connection dropped here; the device asks where to go on from.
    let status = t.photo_status(&token, &sha).unwrap();
    assert_eq!((status.received, status.complete), (part as i64, false));
    for wrong in [0, 100, part as i64 + 1] {
        match t.upload_photo(&token, &sha, wrong, total, &photo[wrong as usize..wrong as usize + 10]) {
            Err(TransportError::Api { status: 409, error }) => {
                assert_eq!(error.code, "offset_mismatch");
                assert_eq!(error.field.as_deref(), Some("offset"));
            }
            other => panic!("offset {wrong}: {other:?}"),
        }
    }
    let mut status = status;
    while !status.complete {
        let from = status.received as usize;
        let to = (from + part).min(photo.len());
        status = t.upload_photo(&token, &sha, from as i64, total, &photo[from..to]).unwrap();
    }
    assert_eq!(t.download_photo(&token, &sha).unwrap(), photo);
    assert_eq!(host.count("SELECT COUNT(*) FROM photo_chunks"), 0, "the parts are dropped once whole");
    // Sending it again changes nothing.
    assert!(t.upload_photo(&token, &sha, 0, total, &photo[..part]).unwrap().complete);
    host.health_ok();
}

#[test]
fn unknown_routes_and_wrong_methods_answer_json() {
    let host = Host::start();
    refused(host.call("GET", "/v1/nothing-here", None, None), 404, "not_found", None);
    refused(host.call("GET", "/", None, None), 404, "not_found", None);
    refused(host.call("GET", "/v1/push", None, None), 405, "method_not_allowed", None);
    refused(
        host.call("DELETE", &format!("/v1/photos/{}", "a".repeat(64)), None, None),
        405,
        "method_not_allowed",
        None,
    );
    refused(host.call("POST", "/health", None, Some("{}")), 405, "method_not_allowed", None);
    host.health_ok();
}

#[test]
fn the_openapi_document_describes_every_route() {
    let host = Host::start();
    let (status, doc) = host.call("GET", "/openapi.json", None, None);
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let secured = [
        ("post", "/v1/push"),
        ("post", "/v1/pull"),
        ("post", "/v1/enrolment-codes"),
        ("get", "/v1/photos/{sha256}/status"),
        ("put", "/v1/photos/{sha256}"),
        ("get", "/v1/photos/{sha256}"),
    ];
    let open = [("get", "/health"), ("get", "/openapi.json"), ("post", "/v1/enrol")];
    for (method, path) in secured.iter().chain(&open) {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not described");
        assert!(op["responses"]["200"].is_object(), "{method} {path}: no 200 answer");
        let wants_token = secured.contains(&(method, path));
        assert_eq!(op["security"].is_array(), wants_token, "{method} {path}: security");
        if wants_token {
            assert_eq!(
                op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ApiError"
            );
        }
    }
    let described: usize = doc["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(described, secured.len() + open.len(), "no route described that is not served");
    assert_eq!(doc["components"]["securitySchemes"]["deviceToken"]["scheme"], "bearer");
    for body in ["PushRequest", "PullRequest", "EnrolRequest", "IssueCodeRequest"] {
        assert!(doc["components"]["schemas"][body].is_object(), "{body}");
    }
}
