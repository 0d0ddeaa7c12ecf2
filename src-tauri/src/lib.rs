//! The desktop shell (DESIGN.md §1 rule 4): opens the database, registers the
//! one `call` command that forwards to the command surface, and owns the
//! window. No SQL and no business rule here.

use std::sync::Arc;
use wardsafe_commands::App;
use wardsafe_domain::{AppError, ErrorCode};

/// The open app, or why it could not open (shown to the person, never a panic).
struct Opened(Result<Arc<App>, AppError>);

#[tauri::command]
async fn call(
    state: tauri::State<'_, Opened>,
    command: String,
    input: serde_json::Value,
    session: Option<String>,
) -> Result<serde_json::Value, AppError> {
    let app = state.0.clone()?;
    // Database work runs on the blocking pool, never on the main thread.
    tauri::async_runtime::spawn_blocking(move || app.call(&command, session.as_deref(), input)).await.unwrap_or_else(
        |_| Err(AppError::new(ErrorCode::Internal, "the command stopped unexpectedly; nothing was saved by it")),
    )
}

mod window;

pub fn run() {
    let path = wardsafe_http::cli::default_db();
    let opened = App::open(&path).map(Arc::new).map_err(|mut e| {
        e.message = format!("Wardsafe could not open its database at {}: {}", path.display(), e.message);
        e
    });
    let result = tauri::Builder::default()
        .manage(Opened(opened))
        .invoke_handler(tauri::generate_handler![call])
        .setup(|app| {
            window::open_main(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wardsafe: the window could not start: {e}");
        std::process::exit(1);
    }
}
