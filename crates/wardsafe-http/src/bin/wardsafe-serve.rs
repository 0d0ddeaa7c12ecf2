//! `wardsafe-serve`: the loopback host without the desktop shell (no WebKit
//! needed), for headless use and quick development. Same flags as `wardsafe serve`.

use clap::Parser;

#[derive(Parser)]
#[command(name = "wardsafe-serve")]
struct Args {
    #[command(subcommand)]
    command: Option<wardsafe_http::cli::Command>,
    #[arg(long)]
    db: Option<std::path::PathBuf>,
    #[arg(long, default_value = "ui/dist")]
    ui: std::path::PathBuf,
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long)]
    demo: bool,
}

fn main() {
    let a = Args::parse();
    let command =
        a.command.unwrap_or(wardsafe_http::cli::Command::Serve { db: a.db, ui: a.ui, port: a.port, demo: a.demo });
    std::process::exit(wardsafe_http::cli::run(command));
}
