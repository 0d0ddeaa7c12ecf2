//! The command line: `serve`, and the administrator's `issue-code`,
//! `devices` and `revoke`, over SQLite (default) or PostgreSQL.

use crate::db::Db;
use crate::Server;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;
use wardsafe_store::SystemClock;

#[derive(Parser)]
#[command(name = "wardsafe-server", version, about = "Wardsafe's sync server for a trust")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the sync API over HTTP (HTTPS with --tls-cert and --tls-key).
    Serve(ServeArgs),
    /// Issue a one-time enrolment code for a device (valid 7 days).
    #[command(group(ArgGroup::new("which").required(true).args(["wards", "all_wards"])))]
    IssueCode {
        /// A ward the device may sync (repeat for several).
        #[arg(long = "ward", value_name = "UUID")]
        wards: Vec<Uuid>,
        /// Every ward and the trust-wide records: for an administrator's device.
        #[arg(long)]
        all_wards: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the enrolled devices.
    Devices {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Withdraw a device's access; it keeps its own data.
    Revoke {
        device_id: Uuid,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Args, Clone)]
pub struct DbArgs {
    /// Folder of the embedded SQLite database (DIR/server.sqlite3, created if missing).
    #[arg(long, value_name = "DIR", env = "WARDSAFE_SERVER_DATA", default_value = "./wardsafe-server-data")]
    pub data_dir: PathBuf,
    /// PostgreSQL instead of SQLite (postgres://user:password@host/db). Prefer the
    /// environment variable: a password on the command line is visible to others.
    #[arg(long, value_name = "URL", env = "WARDSAFE_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on (port 0: any free port; the real one is printed).
    #[arg(long, default_value = "127.0.0.1:7070")]
    pub listen: SocketAddr,
    /// TLS certificate chain (PEM). Without it: plain HTTP, for behind a reverse proxy.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Log lines (on stderr) as JSON or as text.
    #[arg(long, value_enum, default_value_t = LogFormat::Json)]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Json,
    Text,
}

/// Parse the command line and run it.
pub fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wardsafe-server: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => serve(args),
        Command::IssueCode { wards, all_wards, db } => {
            let issued = open(&db)?.issue_code(&wards, all_wards).map_err(|r| r.error.to_string())?;
            println!("code: {}", issued.code);
            println!("expires: {}", issued.expires_at.to_rfc3339());
            let list: Vec<String> = issued.wards.iter().map(Uuid::to_string).collect();
            println!("wards: {}", if issued.all_wards { "all".to_string() } else { list.join(", ") });
            Ok(())
        }
        Command::Devices { db } => {
            let devices = open(&db)?.devices().map_err(|r| r.error.to_string())?;
            if devices.is_empty() {
                println!("no devices are enrolled");
            }
            for (id, name, revoked, enrolled_at) in devices {
                let state = if revoked { "revoked" } else { "active" };
                println!("{id}\t{state}\tenrolled {enrolled_at}\t{name}");
            }
            Ok(())
        }
        Command::Revoke { device_id, db } => {
            let server = open(&db)?;
            if server.revoke(device_id).map_err(|r| r.error.to_string())? {
                println!("revoked {device_id}: it can no longer sync; its own data stays on it");
                return Ok(());
            }
            let known = server.devices().map_err(|r| r.error.to_string())?.iter().any(|d| d.0 == device_id);
            if known {
                println!("{device_id} was already revoked");
                Ok(())
            } else {
                Err(format!("no device {device_id} is enrolled on this server"))
            }
        }
    }
}

/// Open the engine over the chosen database (creating the SQLite one if missing).
pub fn open(db: &DbArgs) -> Result<Server, String> {
    let db = match &db.database_url {
        Some(url) => Db::open_postgres(url).map_err(|e| e.to_string())?,
        None => {
            std::fs::create_dir_all(&db.data_dir)
                .map_err(|e| format!("cannot create the data folder {}: {e}", db.data_dir.display()))?;
            Db::open_sqlite(&db.data_dir.join("server.sqlite3")).map_err(|e| e.to_string())?
        }
    };
    Server::open(db, Arc::new(SystemClock)).map_err(|e| e.to_string())
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.init(),
    }
}

fn serve(args: ServeArgs) -> Result<(), String> {
    init_logging(args.log_format);
    // Opened before the runtime starts: the PostgreSQL client runs its own
    // runtime, which may be neither made nor dropped inside another.
    let server = Arc::new(open(&args.db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let tls = args.tls_cert.zip(args.tls_key);
    let result = runtime.block_on(listen(server.clone(), args.listen, tls));
    // Long polls end within 25 s; then the engine is dropped outside the runtime.
    runtime.shutdown_timeout(Duration::from_secs(30));
    drop(server);
    result
}

async fn listen(server: Arc<Server>, addr: SocketAddr, tls: Option<(PathBuf, PathBuf)>) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let kind = server.db.kind();
    let app = crate::http::router(server);
    let announce = |scheme: &str| {
        println!("wardsafe-server listening on {scheme}://{addr} (database: {kind})");
        let _ = std::io::stdout().flush();
        tracing::info!(%addr, database = kind, tls = scheme == "https", "listening");
    };
    match tls {
        Some((cert, key)) => {
            // ring, as ureq uses; an error only means one is installed already.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| format!("cannot read the TLS certificate or key: {e}"))?;
            let handle = axum_server::Handle::new();
            let stopper = handle.clone();
            tokio::spawn(async move {
                stopped().await;
                stopper.graceful_shutdown(Some(Duration::from_secs(30)));
            });
            announce("https");
            axum_server::from_tcp_rustls(listener, config)
                .handle(handle)
                .serve(app.into_make_service())
                .await
                .map_err(|e| e.to_string())
        }
        None => {
            let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
            announce("http");
            axum::serve(listener, app).with_graceful_shutdown(stopped()).await.map_err(|e| e.to_string())
        }
    }
}

/// Ctrl-C or SIGTERM: stop taking requests, finish the ones under way.
async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}
