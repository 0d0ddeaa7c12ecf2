//! The command line shared by the desktop app (`wardsafe serve`, `wardsafe demo`)
//! and the standalone `wardsafe-serve` binary.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;
use wardsafe_commands::App;

#[derive(Parser, Debug)]
#[command(name = "wardsafe", about = "Wardsafe: ward safety records that work offline")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the UI and commands on 127.0.0.1 for a browser (prints the link with its token).
    Serve {
        /// The database file (default: the app's data folder, or $WARDSAFE_DB).
        #[arg(long)]
        db: Option<PathBuf>,
        /// The built UI folder (ui/dist).
        #[arg(long, default_value = "ui/dist")]
        ui: PathBuf,
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Load the demo trust first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Load the demo trust into an empty database.
    Demo {
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Where the database lives: $WARDSAFE_DB, else `$XDG_DATA_HOME/org.wardsafe.app/wardsafe.sqlite3`
/// (the same folder the desktop app uses).
pub fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("WARDSAFE_DB") {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("org.wardsafe.app").join("wardsafe.sqlite3")
}

fn open(db: Option<PathBuf>) -> Result<(App, PathBuf), String> {
    let path = db.unwrap_or_else(default_db);
    App::open(&path).map(|a| (a, path.clone())).map_err(|e| format!("cannot open {}: {}", path.display(), e.message))
}

fn load_demo(app: &App) -> Result<bool, String> {
    let status = app.call("app_status", None, serde_json::Value::Null).map_err(|e| e.message)?;
    if status["hasUsers"] == serde_json::Value::Bool(true) {
        return Ok(false);
    }
    let loaded = app.call("load_demo", None, serde_json::Value::Null).map_err(|e| e.message)?;
    eprintln!("Loaded the demo trust. Sign in as {} with the password {}", loaded["usernames"], loaded["password"]);
    Ok(true)
}

/// Run a command-line subcommand; returns the process exit code.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Demo { db } => open(db).and_then(|(app, path)| {
            if !load_demo(&app)? {
                eprintln!("{} already has users; the demo trust loads only into an empty database", path.display());
            }
            Ok(())
        }),
        Command::Serve { db, ui, port, demo } => open(db).and_then(|(app, path)| {
            if demo {
                load_demo(&app)?;
            }
            if !ui.join("index.html").is_file() {
                return Err(format!("no built UI at {} (run `npm run build` in ui/)", ui.display()));
            }
            let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
            let app = Arc::new(app);
            wardsafe_commands::sync::start_background(app.clone());
            rt.block_on(async move {
                let served = crate::serve(app, ui, port).await.map_err(|e| format!("cannot listen: {e}"))?;
                println!("Wardsafe is serving {} on {}", path.display(), served.url());
                tokio::select! {
                    r = served.task => r.map_err(|e| e.to_string())?.map_err(|e| e.to_string()),
                    _ = tokio::signal::ctrl_c() => Ok(()),
                }
            })
        }),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("wardsafe: {e}");
            1
        }
    }
}
