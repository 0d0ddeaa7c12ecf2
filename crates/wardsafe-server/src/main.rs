//! `wardsafe-server`: see `wardsafe_server::cli` for the commands.

fn main() -> std::process::ExitCode {
    wardsafe_server::cli::main()
}
