//! The router: `POST /api/<command>` for commands, everything else is the UI.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use wardsafe_commands::App;
use wardsafe_domain::{AppError, ErrorCode};

/// The same policy as the desktop shell: nothing but this origin.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Largest request body: a 10 MB photo in base64 plus its envelope.
const MAX_BODY: usize = 16 * 1024 * 1024;

struct Shared {
    app: Arc<App>,
    token: String,
}

/// Build the router for an open app, a launch token and the built UI folder.
pub fn router(app: Arc<App>, token: String, ui_dir: PathBuf) -> Router {
    let shared = Arc::new(Shared { app, token });
    let index = ui_dir.join("index.html");
    let ui = ServeDir::new(&ui_dir).fallback(ServeFile::new(index));
    Router::new()
        .route("/api/{command}", post(call))
        .with_state(shared)
        .fallback_service(ui)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound | ErrorCode::UnknownCommand => StatusCode::NOT_FOUND,
        ErrorCode::InvalidState | ErrorCode::Duplicate | ErrorCode::NewerDatabase => StatusCode::CONFLICT,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Unavailable => StatusCode::BAD_GATEWAY,
    }
}

fn error(e: AppError) -> Response {
    (status_of(e.code), axum::Json(e)).into_response()
}

async fn call(State(s): State<Arc<Shared>>, Path(command): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer != Some(s.token.as_str()) {
        return error(AppError::new(
            ErrorCode::Unauthenticated,
            "this page was not opened with the launch link's token",
        ));
    }
    let input: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return error(AppError::validation("input", format!("the request body is not JSON: {e}"))),
        }
    };
    let session = headers.get("x-wardsafe-session").and_then(|v| v.to_str().ok()).map(str::to_string);
    let app = s.app.clone();
    // Commands touch SQLite: run them off the async workers.
    let result = tokio::task::spawn_blocking(move || app.call(&command, session.as_deref(), input)).await;
    match result {
        Ok(Ok(out)) => axum::Json(out).into_response(),
        Ok(Err(e)) => error(e),
        Err(_) => error(AppError::internal("the command stopped unexpectedly; nothing was saved by it")),
    }
}

/// A running server.
pub struct Served {
    pub addr: SocketAddr,
    pub token: String,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    /// The link a browser opens: carries the launch token once.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.token)
    }
}

/// Bind 127.0.0.1:`port` (0: any free port) and serve in the background.
pub async fn serve(app: Arc<App>, ui_dir: PathBuf, port: u16) -> std::io::Result<Served> {
    let token = format!("{}", uuid::Uuid::new_v4().simple());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let router = router(app, token.clone(), ui_dir);
    let task = tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(Served { addr, token, task })
}
