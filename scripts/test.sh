#!/usr/bin/env bash
# Set up and run every test: formatting, lints, type check, Rust tests, UI
# unit tests, browser end-to-end (Chromium) and shell end-to-end (the real
# Tauri app under Xvfb through tauri-driver).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
cd "$ROOT"
export CARGO_TERM_COLOR=never
# A CI checkout is built once: incremental data would only take disk.
if [[ "${CI:-}" == "true" ]]; then export CARGO_INCREMENTAL=0; fi

apt_ensure "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_node
command -v tauri-driver >/dev/null || { say "installing tauri-driver"; cargo install tauri-driver --locked --version '^2'; }
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

say "cargo fmt --check"
cargo fmt --all -- --check

# The UI first: the desktop app embeds ui/dist when it is compiled.
npm_ensure "$ROOT/ui"
say "UI: type check"
(cd ui && npm run --silent check)
say "UI: unit tests"
(cd ui && npm test --silent)
build_ui

say "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

say "cargo test (domain, store, commands, host, reports)"
trap pg_stop EXIT
pg_start
cargo test --workspace

say "sync server API fuzzing (schemathesis against /openapi.json)"
bash "$(dirname "$0")/fuzz-server.sh"

say "end-to-end tests"
npm_ensure "$ROOT/tests/e2e"
cargo build -p wardsafe -p wardsafe-server
export WARDSAFE_BIN="$ROOT/target/debug/wardsafe"
say "browser end-to-end (Playwright, Chromium, wardsafe serve)"
(cd tests/e2e && npx playwright test)
say "shell end-to-end (the Tauri app under Xvfb with a D-Bus session bus, tauri-driver)"
# The bus is started inside the display, so what it starts on demand can draw;
# the notification tests bring a bus and notification server of their own.
(cd tests/e2e && xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node --test shell/)
