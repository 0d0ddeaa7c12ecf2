// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() {
    let cli = wardsafe_http::cli::Cli::parse();
    match cli.command {
        // `wardsafe serve`, `wardsafe demo`: the same command surface without a window.
        Some(command) => std::process::exit(wardsafe_http::cli::run(command)),
        None => wardsafe_app::run(),
    }
}
