//! The loopback host: bound to 127.0.0.1, guarded by the launch token,
//! errors carried as `{code, message, field}` with a matching status.

use serde_json::{json, Value};
use std::sync::Arc;

async fn start() -> (tempfile::TempDir, wardsafe_http::Served) {
    let dir = tempfile::tempdir().unwrap();
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(&ui).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>Wardsafe</title>").unwrap();
    let app = wardsafe_commands::App::open(&dir.path().join("w.sqlite3")).unwrap();
    let served = wardsafe_http::serve(Arc::new(app), ui, 0).await.unwrap();
    (dir, served)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_need_the_launch_token_and_errors_have_codes() {
    let (_dir, s) = start().await;
    assert!(s.addr.ip().is_loopback(), "must bind 127.0.0.1 only");
    let base = format!("http://{}", s.addr);
    let client = reqwest::Client::new();
    let post = |cmd: &str, token: Option<&str>, body: String| {
        let mut r = client.post(format!("{base}/api/{cmd}")).header("content-type", "application/json").body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };
    for token in [None, Some("wrong")] {
        let r = post("app_status", token, "{}".into()).await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "unauthenticated");
    }
    let r = post("app_status", Some(&s.token), String::new()).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["hasUsers"], false);

    let r = post("sign_in", Some(&s.token), "{not json".into()).await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "input");
    let r = post("sign_in", Some(&s.token), json!({"username": "x"}).to_string()).await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "password");
    let r = post("no_such_command", Some(&s.token), "{}".into()).await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "unknown_command");
    let r = post("whoami", Some(&s.token), "{}".into()).await.unwrap();
    assert_eq!(r.status(), 401);

    // A session, passed in its header.
    let r = post(
        "create_first_admin",
        Some(&s.token),
        json!({"username": "a", "displayName": "A", "password": "long enough"}).to_string(),
    )
    .await
    .unwrap();
    let session = r.json::<Value>().await.unwrap()["session"].as_str().unwrap().to_string();
    let me = client
        .post(format!("{base}/api/whoami"))
        .bearer_auth(&s.token)
        .header("x-wardsafe-session", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(me.json::<Value>().await.unwrap()["username"], "a");

    // An oversized body is refused before it reaches a command.
    let huge = format!("{{\"dataBase64\": \"{}\"}}", "A".repeat(17 * 1024 * 1024));
    let r = client
        .post(format!("{base}/api/upload_photo"))
        .bearer_auth(&s.token)
        .header("x-wardsafe-session", &session)
        .body(huge)
        .send()
        .await;
    // Either a 413, or the server hangs up mid-upload: both refuse it.
    if let Ok(r) = r {
        assert_eq!(r.status(), 413);
    }
    // ...and it keeps serving.
    assert_eq!(post("app_status", Some(&s.token), "{}".into()).await.unwrap().status(), 200);

    // The UI is served with the strict CSP; unknown paths fall back to the app.
    let page = client.get(format!("{base}/some/route")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-security-policy"], wardsafe_http::CSP);
    assert!(page.text().await.unwrap().contains("Wardsafe"));
}
