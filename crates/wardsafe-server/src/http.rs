//! The HTTP host over the sync engine: the routes the app's client calls
//! (`wardsafe_sync::http`), a JSON [`ApiError`] for every failure, one log
//! line per request. No rule lives here: each handler reads the request,
//! runs the engine on the blocking pool and writes its answer.

use crate::engine::{Refusal, Server, MAX_PHOTO};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use tower_http::catch_panic::{CatchPanicLayer, ResponseForPanic};
use wardsafe_sync::{ApiError, EnrolRequest, IssueCodeRequest, PullRequest, PushRequest};

/// Largest request body: a push of 2,000 changes, or a 256 KB photo part, fits many times over.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// How much more of an oversized body is read (and dropped) so that its sender hears why.
const DRAIN: usize = 16 * 1024 * 1024;

type Shared = Arc<Server>;

/// The whole HTTP surface over one engine.
pub fn router(server: Arc<Server>) -> Router {
    finish(routes(), server)
}

fn routes() -> Router<Shared> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", post(pull))
        .route("/v1/enrolment-codes", post(issue_code))
        .route("/v1/photos/{sha256}/status", get(photo_status))
        .route("/v1/photos/{sha256}", get(download_photo).put(upload_photo))
}

/// Fallbacks and layers; `Router::layer` wraps each route after routing, so
/// the log line can name the route template rather than the concrete path.
fn finish(routes: Router<Shared>, server: Shared) -> Router {
    routes
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .layer(CatchPanicLayer::custom(PanicAnswer(server.clone())))
        .layer(middleware::from_fn(log_request))
        .with_state(server)
}

// ---- answers ---------------------------------------------------------------

/// What the log line says about a refusal (never the request's values).
#[derive(Clone)]
struct Logged {
    code: String,
    /// Only for server faults, whose messages name no field values.
    detail: Option<String>,
}

fn refuse(server: &Server, r: Refusal) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut error = r.error;
    error.server_time.get_or_insert_with(|| server.now());
    let logged = Logged { code: error.code.clone(), detail: status.is_server_error().then(|| error.message.clone()) };
    let mut resp = (status, Json(error)).into_response();
    resp.extensions_mut().insert(logged);
    resp
}

fn answer<T: Serialize>(server: &Server, r: Result<T, Refusal>) -> Response {
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => refuse(server, e),
    }
}

fn internal() -> Refusal {
    Refusal::new(500, "internal", "the server failed while answering; nothing was saved by this request")
}

fn bad_request(field: &str, message: impl Into<String>) -> Refusal {
    Refusal::field(400, "bad_request", field, message)
}

/// Run engine work on the blocking pool (it waits on the database).
async fn blocking<T: Send + 'static>(
    server: &Shared,
    f: impl FnOnce(&Server) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    let server = server.clone();
    tokio::task::spawn_blocking(move || f(&server)).await.unwrap_or_else(|e| {
        // A panic in the engine: its transaction was rolled back when dropped.
        tracing::error!(panicked = e.is_panic(), "engine call did not finish");
        Err(internal())
    })
}

#[derive(Clone)]
struct PanicAnswer(Shared);

impl ResponseForPanic for PanicAnswer {
    type ResponseBody = Body;

    fn response_for_panic(&mut self, _: Box<dyn std::any::Any + Send + 'static>) -> Response {
        tracing::error!("a request handler panicked");
        refuse(&self.0, internal())
    }
}

// ---- reading requests ------------------------------------------------------

/// The token of `Authorization: Bearer <server id>.<secret>`; empty when the
/// header is missing or not shaped like that, which the engine refuses as `unauthorised`.
fn bearer(headers: &HeaderMap) -> String {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    match value.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            let token = token.trim();
            if crate::auth::token_server(token).is_some() {
                token.to_string()
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

/// Refuse a request whose token the engine does not accept.
async fn authorised(server: &Shared, token: &str) -> Result<(), Refusal> {
    let token = token.to_string();
    blocking(server, move |s| s.device(&token).map(drop)).await
}

/// Read a body of at most [`MAX_BODY`]. Past that, up to [`DRAIN`] more is
/// read and dropped before refusing: a client that sends its whole body
/// before reading (as ureq does) then gets the 413, not a broken pipe.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Refusal> {
    let too_large = || Refusal::new(413, "too_large", format!("a request body may be at most {} MB", MAX_BODY >> 20));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    if declared.is_some_and(|n: usize| n > MAX_BODY + DRAIN) {
        return Err(too_large());
    }
    let mut body = body;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| bad_request("body", "the request body could not be read"))?;
        let Ok(data) = frame.into_data() else { continue };
        seen += data.len();
        if seen <= MAX_BODY {
            kept.extend_from_slice(&data);
        } else if seen > MAX_BODY + DRAIN {
            break;
        }
    }
    if seen > MAX_BODY {
        return Err(too_large());
    }
    Ok(Bytes::from(kept))
}

/// Decode a JSON object; a bad value is named by its path (`changes[3].deviceSeq`).
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    let text = std::str::from_utf8(bytes).map_err(|_| bad_request("body", "the request body is not UTF-8 JSON"))?;
    // serde would also take a struct as an array of its fields, in order.
    if !text.trim_start().starts_with('{') {
        return Err(bad_request("body", "the request body must be a JSON object"));
    }
    wardsafe_domain::input::from_str(text, "body").map_err(|e| Refusal {
        status: 400,
        error: ApiError { code: "bad_request".into(), message: e.message, field: e.field, server_time: None },
    })
}

fn sha(path: Result<Path<String>, PathRejection>) -> Result<String, Refusal> {
    path.map(|Path(s)| s).map_err(|_| bad_request("sha256", "the photo's SHA-256 could not be read from the path"))
}

/// An integer query parameter in `range`.
fn int_param(
    query: &Result<Query<HashMap<String, String>>, QueryRejection>,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, Refusal> {
    let Ok(Query(query)) = query else { return Err(bad_request(name, "the query string could not be read")) };
    let Some(text) = query.get(name) else { return Err(bad_request(name, format!("{name} is required"))) };
    let n: i64 = text.parse().map_err(|_| bad_request(name, format!("{name} must be a whole number")))?;
    // Checked here so that no arithmetic on it in the engine can overflow.
    if !range.contains(&n) {
        return Err(Refusal::field(
            422,
            "validation",
            name,
            format!("{name} must be {} to {}", range.start(), range.end()),
        ));
    }
    Ok(n)
}

// ---- handlers --------------------------------------------------------------

async fn health(State(s): State<Shared>) -> Response {
    answer(&s, blocking(&s, |s| s.health()).await)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], crate::openapi::json()).into_response()
}

async fn enrol(State(s): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let r = async {
        let bytes = read_body(&headers, body).await?;
        blocking(&s, move |s| s.enrol(&parse::<EnrolRequest>(&bytes)?)).await
    };
    answer(&s, r.await)
}

// Each route reads the whole body before it answers, even to refuse: an
// unread body would cost the client its kept-alive connection. The token is
// checked before the body is decoded: a caller without one learns nothing
// about what the server would accept.

async fn push(State(s): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let token = bearer(&headers);
    let r = async {
        let bytes = read_body(&headers, body).await;
        authorised(&s, &token).await?;
        let bytes = bytes?;
        blocking(&s, move |s| s.push(&token, &parse::<PushRequest>(&bytes)?)).await
    };
    answer(&s, r.await)
}

async fn pull(State(s): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let token = bearer(&headers);
    let r = async {
        let bytes = read_body(&headers, body).await;
        authorised(&s, &token).await?;
        let bytes = bytes?;
        blocking(&s, move |s| s.pull(&token, &parse::<PullRequest>(&bytes)?)).await
    };
    answer(&s, r.await)
}

async fn issue_code(State(s): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let token = bearer(&headers);
    let r = async {
        let bytes = read_body(&headers, body).await;
        authorised(&s, &token).await?;
        let bytes = bytes?;
        blocking(&s, move |s| s.issue_code_for(&token, &parse::<IssueCodeRequest>(&bytes)?)).await
    };
    answer(&s, r.await)
}

async fn photo_status(
    State(s): State<Shared>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let token = bearer(&headers);
    let r = async {
        authorised(&s, &token).await?;
        let sha = sha(path)?;
        blocking(&s, move |s| s.photo_status(&token, &sha)).await
    };
    answer(&s, r.await)
}

async fn upload_photo(
    State(s): State<Shared>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    body: Body,
) -> Response {
    let token = bearer(&headers);
    let r = async {
        let bytes = read_body(&headers, body).await;
        authorised(&s, &token).await?;
        let sha = sha(path)?;
        let offset = int_param(&query, "offset", 0..=MAX_PHOTO)?;
        let total = int_param(&query, "total", 1..=MAX_PHOTO)?;
        let bytes = bytes?;
        blocking(&s, move |s| s.upload_photo(&token, &sha, offset, total, &bytes)).await
    };
    answer(&s, r.await)
}

async fn download_photo(
    State(s): State<Shared>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let token = bearer(&headers);
    let r = async {
        authorised(&s, &token).await?;
        let sha = sha(path)?;
        blocking(&s, move |s| s.download_photo(&token, &sha)).await
    };
    match r.await {
        Ok(bytes) => {
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"))], bytes).into_response()
        }
        Err(e) => refuse(&s, e),
    }
}

async fn not_found(State(s): State<Shared>) -> Response {
    refuse(&s, Refusal::new(404, "not_found", "there is no such route on this server (see /openapi.json)"))
}

async fn method_not_allowed(State(s): State<Shared>, method: Method) -> Response {
    refuse(&s, Refusal::new(405, "method_not_allowed", format!("this route does not take {method}")))
}

// ---- logging ---------------------------------------------------------------

/// One line per request: method, route template (a concrete path may hold
/// ids), status, duration and the error code. Never a body or a field value.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let start = Instant::now();
    let resp = next.run(req).await;
    let duration_us = start.elapsed().as_micros() as u64;
    let status = resp.status().as_u16();
    let route = route.as_deref().unwrap_or("(no route)");
    match resp.extensions().get::<Logged>() {
        None => tracing::info!(%method, route, status, duration_us, "request"),
        Some(Logged { code, detail: None }) => tracing::info!(%method, route, status, duration_us, code, "request"),
        Some(Logged { code, detail: Some(detail) }) => {
            tracing::error!(%method, route, status, duration_us, code, detail, "request")
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use wardsafe_store::SystemClock;

    /// Serve `routes` (the real ones plus any a test adds) on a free port.
    fn serve(extra: Router<Shared>) -> (tokio::runtime::Runtime, String, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open_sqlite(&dir.path().join("server.sqlite3")).unwrap();
        let server = Arc::new(Server::open(db, Arc::new(SystemClock)).unwrap());
        let app = finish(routes().merge(extra), server);
        let rt = tokio::runtime::Runtime::new().unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        rt.spawn(async move { axum::serve(listener, app).await });
        (rt, url, dir)
    }

    fn get_json(url: &str) -> (u16, serde_json::Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut resp = agent.get(url).call().unwrap();
        (resp.status().as_u16(), resp.body_mut().read_json().unwrap())
    }

    #[test]
    fn a_panic_in_a_handler_or_in_the_engine_is_a_500_json_answer() {
        let extra = Router::new().route("/panic", get(|| async { panic!("handler") as Response })).route(
            "/panic-blocking",
            get(|State(s): State<Shared>| async move {
                answer(&s, blocking(&s, |_| -> Result<(), Refusal> { panic!("engine") }).await)
            }),
        );
        let (_rt, url, _dir) = serve(extra);
        for path in ["/panic", "/panic-blocking"] {
            let (status, body) = get_json(&format!("{url}{path}"));
            assert_eq!(status, 500, "{path}");
            assert_eq!(body["code"], "internal", "{path}");
            assert!(body["serverTime"].is_string(), "{path}");
        }
        // The server goes on answering.
        assert_eq!(get_json(&format!("{url}/health")).0, 200);
    }

    #[test]
    fn a_malformed_authorization_header_is_no_token() {
        let mut h = HeaderMap::new();
        let token = crate::auth::new_token(uuid::Uuid::new_v4());
        for (value, expected) in [
            (format!("Bearer {token}"), token.as_str()),
            (format!("bearer  {token} "), token.as_str()),
            (format!("Basic {token}"), ""),
            ("Bearer nonsense".to_string(), ""),
            ("Bearer".to_string(), ""),
        ] {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(&value).unwrap());
            assert_eq!(bearer(&h), expected, "{value}");
        }
        assert_eq!(bearer(&HeaderMap::new()), "");
    }
}
