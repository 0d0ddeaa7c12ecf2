# Shared helpers for the scripts: install what is missing, skip what is there.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mwardsafe:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root to run: $*"; fi
}

# Debian/Ubuntu packages, installed only if missing.
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "please install these packages: ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What building and running the desktop app needs (Tauri 2 on Linux).
APP_PACKAGES=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev)
# What the test suites add: a virtual display, the WebKit WebDriver, Chromium, pdftotext, PostgreSQL,
# and for the desktop notifications a D-Bus session bus (dbus-run-session, dbus-monitor, dbus-send)
# with a real notification server on it (notification-daemon).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver chromium poppler-utils dbus-x11 dbus-daemon dbus-bin notification-daemon postgresql)

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is not installed: install it with rustup (https://rustup.rs), then run this again"
}

ensure_node() {
  if ! command -v node >/dev/null; then
    apt_ensure nodejs npm
  fi
  local v
  v=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a*100+b)')
  [ "$v" -ge 2019 ] || die "Node.js 20.19 or newer is needed (found $(node --version)); install it and run this again"
}

# npm ci only when package-lock.json changed since the last install.
npm_ensure() {
  local dir=$1
  local stamp="$dir/node_modules/.wardsafe-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  say "installing npm packages in ${dir#"$ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

build_ui() {
  npm_ensure "$ROOT/ui"
  say "building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}
