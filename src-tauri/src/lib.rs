//! The desktop shell (DESIGN.md §1 rule 4): opens the database, registers the
//! `call` command that forwards to the command surface, and owns the window
//! (with `close_app`, the UI's "Close anyway"), and shows desktop notifications. No SQL and no business rule here.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use wardsafe_commands::App;
use wardsafe_domain::{AppError, ErrorCode};

type Opening = Result<Arc<App>, AppError>;

/// The database, opened on its own thread while the window starts (so the
/// first screen is not kept waiting), or why it could not open — shown to the
/// person, never a panic.
struct Opened {
    done: OnceLock<Opening>,
    pending: Mutex<Option<JoinHandle<Opening>>>,
}

impl Opened {
    fn start(path: std::path::PathBuf) -> Opened {
        let pending = std::thread::spawn(move || {
            let app = App::open(&path).map(Arc::new).map_err(|mut e| {
                e.message = format!("Wardsafe could not open its database at {}: {}", path.display(), e.message);
                e
            })?;
            // Sync with the trust's server in the background whenever it can be reached.
            wardsafe_commands::sync::start_background(app.clone());
            Ok(app)
        });
        Opened { done: OnceLock::new(), pending: Mutex::new(Some(pending)) }
    }

    /// Waits for the opening the first time; then answers at once.
    fn get(&self) -> Opening {
        self.done
            .get_or_init(|| {
                let handle = self.pending.lock().unwrap_or_else(|p| p.into_inner()).take();
                handle
                    .and_then(|h| h.join().ok())
                    .unwrap_or_else(|| Err(AppError::new(ErrorCode::Internal, "the database could not be opened")))
            })
            .clone()
    }
}

#[tauri::command]
async fn call(
    state: tauri::State<'_, Arc<Opened>>,
    command: String,
    input: serde_json::Value,
    session: Option<String>,
) -> Result<serde_json::Value, AppError> {
    let opened = state.inner().clone();
    // Database work runs on the blocking pool, never on the main thread.
    tauri::async_runtime::spawn_blocking(move || opened.get()?.call(&command, session.as_deref(), input))
        .await
        .unwrap_or_else(|_| {
            Err(AppError::new(ErrorCode::Internal, "the command stopped unexpectedly; nothing was saved by it"))
        })
}

/// "Close anyway": the person was told that changes have not reached the
/// trust's server and chose to close. Closes without asking again.
#[tauri::command]
fn close_app(window: tauri::WebviewWindow) -> Result<(), AppError> {
    window.destroy().map_err(|e| AppError::new(ErrorCode::Internal, format!("the window could not close: {e}")))
}

/// A desktop notification (an action assigned to me, overdue, or waiting for
/// my verification): the UI decides what to say and when; the shell shows it.
#[tauri::command]
fn notify(app: tauri::AppHandle, title: String, body: String) -> Result<(), AppError> {
    use tauri_plugin_notification::NotificationExt;
    app.notification()
        .builder()
        .title(title)
        .body(body)
        .show()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("the desktop notification could not be shown: {e}")))
}

mod window;

pub fn run() {
    let opened = Arc::new(Opened::start(wardsafe_http::cli::default_db()));
    let database = opened.clone();
    let unsent: window::Unsent = Arc::new(move || database.get()?.unsent_changes());
    let result = tauri::Builder::default()
        .manage(opened)
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(tauri::generate_handler![call, close_app, notify])
        .setup(move |app| {
            window::open_main(app.handle(), unsent)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wardsafe: the window could not start: {e}");
        std::process::exit(1);
    }
}
