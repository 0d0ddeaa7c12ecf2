#!/usr/bin/env bash
# Fuzz wardsafe-server's HTTP API with schemathesis, driven by the server's
# own OpenAPI document (/openapi.json): no answer may be a 5xx, every answer
# must match what the document says (status, content type, headers, schema),
# a request outside the document must be refused, and so must one without
# the token.
#
# Starts the server on a free port over a throwaway SQLite folder, enrols a
# device for all wards (so the authenticated routes are reached with a real
# token), runs schemathesis with a fixed seed, then stops the server.
#
#   WARDSAFE_FUZZ_EXAMPLES  test cases per operation (default 30)
#   WARDSAFE_FUZZ_SEED      hypothesis seed (default 20260101)
# schemathesis lives in a venv under ${XDG_CACHE_HOME:-$HOME/.cache}/wardsafe.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

VENV=${XDG_CACHE_HOME:-$HOME/.cache}/wardsafe/venv
EXAMPLES=${WARDSAFE_FUZZ_EXAMPLES:-30}
SEED=${WARDSAFE_FUZZ_SEED:-20260101}
# The flags below are schemathesis 4's (3.x took others).
SCHEMATHESIS='schemathesis>=4.32,<5'

ensure_schemathesis() {
  if [ -x "$VENV/bin/st" ] && "$VENV/bin/st" --version 2>/dev/null | grep -q 'version 4\.'; then return 0; fi
  local py=python3
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt_ensure python3 python3-venv
    py=/usr/bin/python3
  fi
  say "installing schemathesis into $VENV"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$py" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "$SCHEMATHESIS"
}

ensure_rust
command -v curl >/dev/null || apt_ensure curl
ensure_schemathesis

say "building wardsafe-server"
cargo build -q -p wardsafe-server
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/wardsafe-server

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wardsafe-fuzz.XXXXXX")
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf -- "$WORK"
}
trap cleanup EXIT

: >"$WORK/stdout"
env -u WARDSAFE_DATABASE_URL -u WARDSAFE_SERVER_DATA \
  "$BIN" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 --log-format text \
  >"$WORK/stdout" 2>"$WORK/server.log" &
SERVER_PID=$!
URL=""
for _ in $(seq 1 300); do
  URL=$(sed -n 's/^wardsafe-server listening on \(http:\/\/[^ ]*\) .*/\1/p' "$WORK/stdout")
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server did not start"; }
  sleep 0.1
done
[ -n "$URL" ] || die "the server did not say where it listens"
say "wardsafe-server on $URL"

# A device enrolled for all wards, through the API itself.
PY="$VENV/bin/python"
CODE=$(env -u WARDSAFE_DATABASE_URL "$BIN" issue-code --all-wards --data-dir "$WORK/data" | sed -n 's/^code: //p')
SCHEMA_VERSION=$(curl -sf "$URL/health" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["schemaVersion"])')
DEVICE=$("$PY" -c 'import uuid; print(uuid.uuid4())')
TOKEN=$(curl -sf -X POST "$URL/v1/enrol" -H 'Content-Type: application/json' \
  -d "{\"code\":\"$CODE\",\"deviceId\":\"$DEVICE\",\"deviceName\":\"fuzz\",\"schemaVersion\":$SCHEMA_VERSION}" |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin)["deviceToken"])')
[ -n "$TOKEN" ] || die "could not enrol a device"

# One change on the server, so that a pull without a cursor answers at once
# rather than waiting out its long poll.
NOW_MS=$("$PY" -c 'import time; print(int(time.time() * 1000))')
SITE=$("$PY" -c 'import uuid; print(uuid.uuid4())')
CHANGE=$("$PY" -c 'import uuid; print(uuid.uuid4())')
curl -sf -o /dev/null -X POST "$URL/v1/push" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"schemaVersion\":$SCHEMA_VERSION,\"changes\":[{\"changeId\":\"$CHANGE\",\"deviceSeq\":1,\"entity\":\"site\",
       \"entityId\":\"$SITE\",\"op\":\"insert\",\"fields\":{\"name\":\"Fuzz\"},
       \"hlc\":\"$(printf '%013d' "$NOW_MS")-0000000000-$DEVICE\",\"at\":\"2026-01-01T00:00:00Z\"}]}" ||
  die "could not push the first change"

# Every check but positive_data_acceptance, which expects each request that
# fits the document to succeed: some refusals depend on more than one value
# (a photo part longer than total - offset) or on the server's state (an
# unknown enrolment code), which a schema cannot say.
# A pull may wait up to 25 s for news (long poll): answers may take that long.
# A request outside the document may also be refused with 413 (too large)
# or 426 (a schema version this server does not serve).
cat >"$WORK/schemathesis.toml" <<'TOML'
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 426, 428, 429]
TOML
say "schemathesis: $EXAMPLES examples per operation, seed $SEED"
started=$(date +%s)
status=0
(cd "$WORK" && "$VENV/bin/st" --config-file "$WORK/schemathesis.toml" run "$URL/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --request-timeout 40 \
  --max-response-time 30 \
  --no-color) || status=$?
say "schemathesis took $(($(date +%s) - started)) s"

stop_server
if [ "$status" -ne 0 ]; then
  printf -- '--- server log (last lines) ---\n' >&2
  tail -n 40 "$WORK/server.log" >&2
  die "schemathesis found problems (exit $status)"
fi
if grep -q 'panicked' "$WORK/server.log"; then
  grep -m 5 'panicked' "$WORK/server.log" >&2
  die "the server panicked during the run"
fi
say "fuzzing passed"
