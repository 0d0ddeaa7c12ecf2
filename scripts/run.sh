#!/usr/bin/env bash
# Set up and run Wardsafe on this machine.
#   scripts/run.sh            the desktop app (first run offers the demo trust)
#   scripts/run.sh --browser  the same app in a browser, via `wardsafe serve --demo`
# Data: $WARDSAFE_DB, else ~/.local/share/org.wardsafe.app/wardsafe.sqlite3
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

apt_ensure "${APP_PACKAGES[@]}"
ensure_rust
ensure_node
build_ui
say "building the app (the first build takes a few minutes)"
cargo build --release -p wardsafe

if [ "${1:-}" = "--browser" ] || [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  [ "${1:-}" = "--browser" ] || say "no display found: serving in a browser instead"
  exec target/release/wardsafe serve --demo --ui ui/dist --port "${PORT:-8750}"
fi
exec target/release/wardsafe
