//! The main window. Built in code rather than in tauri.conf.json so that it
//! can save downloads (the PDF reports) to the person's Downloads folder:
//! WebKitGTK saves nothing unless the shell says where. It also asks before
//! closing while changes wait to reach the trust's server.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use tauri::webview::DownloadEvent;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent};
use wardsafe_domain::AppError;

pub const MAIN: &str = "main";

/// How many changes saved on this device the trust's server has not taken yet
/// (the command surface answers; an error when the database is not open).
pub type Unsent = Arc<dyn Fn() -> Result<i64, AppError> + Send + Sync>;

pub fn open_main(app: &AppHandle, unsent: Unsent) -> tauri::Result<()> {
    let downloads =
        app.path().download_dir().or_else(|_| app.path().home_dir()).unwrap_or_else(|_| std::env::temp_dir());
    let window = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::default())
        .title("Wardsafe")
        .inner_size(1280.0, 800.0)
        .min_inner_size(1024.0, 700.0)
        .on_download(move |_, event| {
            if let DownloadEvent::Requested { destination, .. } = event {
                let name = destination.file_name().map(PathBuf::from).unwrap_or_else(|| "wardsafe-report.pdf".into());
                *destination = unused_path(&downloads, &name);
            }
            true
        })
        .build()?;
    let handle = app.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            // Decide off the main thread (it reads the database), then close or ask.
            api.prevent_close();
            let (handle, unsent) = (handle.clone(), unsent.clone());
            tauri::async_runtime::spawn_blocking(move || {
                if let Some(window) = handle.get_webview_window(MAIN) {
                    close_or_ask(&window, unsent());
                }
            });
        }
    });
    Ok(())
}

/// What to do when the person asks to close the main window.
#[derive(Debug, PartialEq, Eq)]
enum Closing {
    /// Nothing waits to be sent (or the device is not connected to a server,
    /// or the database did not open): close at once.
    Now,
    /// Changes wait for the server: let the person choose in the UI.
    Ask { waiting: i64 },
}

fn closing(unsent: Result<i64, AppError>) -> Closing {
    match unsent {
        Ok(waiting) if waiting > 0 => Closing::Ask { waiting },
        _ => Closing::Now,
    }
}

/// The DOM event the UI listens for (ui/src/lib/backend/tauri.ts). A
/// listener that will ask the person cancels it, and so answers `true`.
pub const CLOSE_REQUESTED_EVENT: &str = "wardsafe:close-requested";

/// How long the UI has to say it will ask; else (still loading, or broken)
/// the window closes as if nothing waited. The changes stay on the device.
const UI_ANSWER_WITHIN: Duration = Duration::from_secs(3);

fn ask_script(waiting: i64) -> String {
    format!(
        "(() => {{ const e = new CustomEvent({event:?}, {{ cancelable: true, detail: {{ waiting: {waiting} }} }}); \
         return !window.dispatchEvent(e); }})()",
        event = CLOSE_REQUESTED_EVENT
    )
}

/// The UI's answer to [`ask_script`], as JSON text: only `true` means it asks.
fn ui_will_ask(answer: &str) -> bool {
    answer.trim() == "true"
}

fn close_or_ask(window: &WebviewWindow, unsent: Result<i64, AppError>) {
    if let Closing::Ask { waiting } = closing(unsent) {
        let (tx, rx) = mpsc::channel();
        let asked = window.eval_with_callback(ask_script(waiting), move |answer| {
            let _ = tx.send(answer);
        });
        if asked.is_ok() && rx.recv_timeout(UI_ANSWER_WITHIN).is_ok_and(|a| ui_will_ask(&a)) {
            return; // the UI shows the choice; "Close anyway" calls `close_app`
        }
    }
    let _ = window.destroy();
}

/// `dir/name`, or `dir/name (2)`, `(3)`… so that no earlier report is overwritten.
fn unused_path(dir: &Path, name: &Path) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let stem = name.file_stem().and_then(|s| s.to_str()).unwrap_or("report");
    let ext = name.extension().and_then(|s| s.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    (2..).map(|n| dir.join(format!("{stem} ({n}){ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_never_overwrite_an_earlier_report() {
        let dir = std::env::temp_dir().join(format!("wardsafe-dl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let name = Path::new("register.pdf");
        assert_eq!(unused_path(&dir, name), dir.join("register.pdf"));
        std::fs::write(dir.join("register.pdf"), b"1").unwrap();
        assert_eq!(unused_path(&dir, name), dir.join("register (2).pdf"));
        std::fs::write(dir.join("register (2).pdf"), b"2").unwrap();
        assert_eq!(unused_path(&dir, name), dir.join("register (3).pdf"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn closing_asks_only_when_changes_wait_for_the_server() {
        assert_eq!(closing(Ok(3)), Closing::Ask { waiting: 3 });
        assert_eq!(closing(Ok(1)), Closing::Ask { waiting: 1 });
        // Nothing waits, or the device is not connected (the count is 0 then).
        assert_eq!(closing(Ok(0)), Closing::Now);
        // The database did not open: there is no UI to ask and nothing to lose.
        let failed = AppError::new(wardsafe_domain::ErrorCode::Internal, "the database could not be opened");
        assert_eq!(closing(Err(failed)), Closing::Now);
    }

    #[test]
    fn the_ui_is_told_how_many_changes_wait_and_must_claim_the_request() {
        let script = ask_script(12);
        assert!(script.contains(r#"new CustomEvent("wardsafe:close-requested""#), "{script}");
        assert!(script.contains("cancelable: true"), "{script}");
        assert!(script.contains("detail: { waiting: 12 }"), "{script}");
        assert!(script.contains("return !window.dispatchEvent(e)"), "{script}");
        assert!(ui_will_ask("true"));
        // No listener, an exception (empty answer) or anything else: close.
        assert!(!ui_will_ask("false"));
        assert!(!ui_will_ask(""));
        assert!(!ui_will_ask("null"));
    }
}
