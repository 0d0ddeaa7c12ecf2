//! The main window. Built in code rather than in tauri.conf.json so that it
//! can save downloads (the PDF reports) to the person's Downloads folder:
//! WebKitGTK saves nothing unless the shell says where.

use std::path::{Path, PathBuf};
use tauri::webview::DownloadEvent;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

pub fn open_main(app: &AppHandle) -> tauri::Result<()> {
    let downloads =
        app.path().download_dir().or_else(|_| app.path().home_dir()).unwrap_or_else(|_| std::env::temp_dir());
    WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
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
    Ok(())
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
}
