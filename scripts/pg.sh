# A throwaway, real PostgreSQL for the tests: pg_start, pg_stop.
# shellcheck shell=bash
#
# pg_start initdb's a fresh cluster in a temporary directory, starts it on a
# free port on 127.0.0.1 and exports:
#   WARDSAFE_TEST_PG_URL        postgres://wardsafe@127.0.0.1:PORT/wardsafe
#   WARDSAFE_TEST_PG_ADMIN_URL  postgres://wardsafe@127.0.0.1:PORT/postgres
#   WARDSAFE_TEST_PG_RESTART    script: restart the server in place (-m immediate)
#   WARDSAFE_TEST_PG_STOP       script: stop the server (-m immediate)
#   WARDSAFE_TEST_PG_START      script: start it again
# If WARDSAFE_TEST_PG_URL is already set, pg_start leaves it alone (point the
# tests at your own database that way). pg_stop stops the server and removes
# the directory; it is safe to call twice or when nothing was started.
# Runs as root too (CI): the server then runs as the `postgres` system user.

_WARDSAFE_PG_DIR=${_WARDSAFE_PG_DIR:-}

_pg_err() { printf '\033[1;31mwardsafe:\033[0m %s\n' "$*" >&2; }

# The server binaries: Debian's newest /usr/lib/postgresql/<version>/bin, or PATH.
_pg_bindir() {
  local d best="" bestv=-1 v
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] || continue
    v=${d#/usr/lib/postgresql/}
    v=${v%/bin}
    v=${v%%.*}
    case $v in '' | *[!0-9]*) continue ;; esac
    if [ "$v" -gt "$bestv" ]; then best=$d bestv=$v; fi
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then
    best=$(dirname "$(command -v initdb)")
  fi
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
_pg_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
  fi
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then
      printf '%s\n' "$p"
      return 0
    fi
  done
  return 1
}

# Print the tail of a log file to stderr.
_pg_tail() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf -- '--- %s (last lines) ---\n' "$f" >&2
    tail -n 30 "$f" >&2
  done
}

pg_start() {
  [ -n "${WARDSAFE_TEST_PG_URL:-}" ] && return 0

  local bindir
  bindir=$(_pg_bindir) || {
    _pg_err "PostgreSQL server binaries not found: install the Debian package postgresql"
    return 1
  }
  local psql=$bindir/psql
  [ -x "$psql" ] || psql=/usr/bin/psql
  [ -x "$psql" ] || psql=$(command -v psql 2>/dev/null) || {
    _pg_err "psql not found: install the Debian package postgresql-client"
    return 1
  }

  # initdb refuses root: as root, run the server as an unprivileged user.
  local user="" run=()
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    if ! id -u "$user" >/dev/null 2>&1; then
      user=wardsafe-pg
      if ! id -u "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" || {
          _pg_err "could not create the system user $user to run PostgreSQL"
          return 1
        }
      fi
    fi
    if command -v runuser >/dev/null 2>&1; then
      run=(runuser -u "$user" --)
    else
      run=(setpriv "--reuid=$user" "--regid=$(id -g "$user")" --init-groups --)
    fi
  fi

  # The directory: $TMPDIR, or /tmp if the server user cannot reach it or the
  # socket path would be too long or contain spaces.
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/wardsafe-pg.XXXXXX" 2>/dev/null) || dir=""
  if [ -n "$dir" ]; then
    if [ "${#dir}" -gt 80 ] || [[ $dir == *[[:space:]]* ]] ||
      { [ -n "$user" ] && { chown "$user:" "$dir" || ! (cd / && "${run[@]}" test -w "$dir"); }; }; then
      rm -rf -- "$dir"
      dir=""
    fi
  fi
  if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/wardsafe-pg.XXXXXX) || {
      _pg_err "could not make a temporary directory for PostgreSQL"
      return 1
    }
    if [ -n "$user" ] && ! chown "$user:" "$dir"; then
      _pg_err "could not give $dir to the user $user"
      rm -rf -- "$dir"
      return 1
    fi
  fi
  _WARDSAFE_PG_DIR=$dir
  local data=$dir/data log=$dir/server.log ctl=$dir/pg_ctl.log

  if ! (cd "$dir" && "${run[@]}" "$bindir/initdb" -D "$data" -A trust -U wardsafe --no-sync \
    --encoding=UTF8 --locale=C) >"$dir/initdb.log" 2>&1; then
    _pg_err "initdb failed"
    _pg_tail "$dir/initdb.log"
    pg_stop
    return 1
  fi

  # Start on a free port; try again with another if someone took it meanwhile.
  local port="" opts="" try started=""
  for try in 1 2 3 4 5; do
    port=$(_pg_free_port) || {
      _pg_err "could not find a free TCP port"
      pg_stop
      return 1
    }
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100"
    [ ! -f "$log" ] || : >"$log"
    if (cd "$dir" && "${run[@]}" "$bindir/pg_ctl" start -D "$data" -w -t 60 -l "$log" -o "$opts") >"$ctl" 2>&1; then
      started=1
      break
    fi
    grep -qi 'could not bind\|address already in use' "$log" 2>/dev/null || break
  done
  if [ -z "$started" ]; then
    _pg_err "PostgreSQL did not start on 127.0.0.1:$port"
    _pg_tail "$ctl" "$log"
    pg_stop
    return 1
  fi

  if ! "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U wardsafe -d postgres \
    -c 'CREATE DATABASE wardsafe' >"$dir/createdb.log" 2>&1; then
    _pg_err "could not create the database wardsafe"
    _pg_tail "$dir/createdb.log" "$log"
    pg_stop
    return 1
  fi

  # Scripts the tests run to crash, stop and start this very server.
  local name cmd
  for name in restart stop start; do
    case $name in
      restart) cmd=(restart -m immediate -w -t 60 -l "$log" -o "$opts") ;;
      stop) cmd=(stop -m immediate -w -t 60) ;;
      start) cmd=(start -w -t 60 -l "$log" -o "$opts") ;;
    esac
    {
      printf '#!/usr/bin/env bash\n'
      printf '# Made by scripts/pg.sh: %s the throwaway test PostgreSQL on 127.0.0.1:%s.\n' "$name" "$port"
      printf 'cd %q || exit 1\n' "$dir"
      printf 'if ! '
      printf '%q ' "${run[@]}" "$bindir/pg_ctl" "${cmd[0]}" -D "$data" "${cmd[@]:1}"
      printf '>>%q 2>&1; then\n' "$ctl"
      printf '  echo "wardsafe: pg_ctl %s failed (data in %s)" >&2\n' "$name" "$dir"
      printf '  tail -n 30 %q %q >&2\n' "$ctl" "$log"
      printf '  exit 1\nfi\n'
    } >"$dir/$name.sh"
    chmod 755 "$dir/$name.sh"
  done
  # Readable and runnable by the server user too (scripts run as root use runuser).
  [ -z "$user" ] || chown "$user:" "$dir"/*.sh "$dir"/*.log 2>/dev/null || true

  export WARDSAFE_TEST_PG_URL="postgres://wardsafe@127.0.0.1:$port/wardsafe"
  export WARDSAFE_TEST_PG_ADMIN_URL="postgres://wardsafe@127.0.0.1:$port/postgres"
  export WARDSAFE_TEST_PG_RESTART="$dir/restart.sh"
  export WARDSAFE_TEST_PG_STOP="$dir/stop.sh"
  export WARDSAFE_TEST_PG_START="$dir/start.sh"

  local version msg
  version=$("$bindir/postgres" --version 2>/dev/null | sed -n 's/.*PostgreSQL) \([0-9]*\).*/\1/p')
  msg="PostgreSQL ${version:-?} for tests on 127.0.0.1:$port (data in $dir)"
  if declare -F say >/dev/null; then say "$msg"; else printf '%s\n' "$msg"; fi
}

pg_stop() {
  local dir=${_WARDSAFE_PG_DIR:-}
  [ -n "$dir" ] || return 0
  local data=$dir/data bindir run=()
  if [ -f "$data/postmaster.pid" ]; then
    if [ "$(id -u)" = 0 ]; then
      local owner
      owner=$(stat -c %U "$data" 2>/dev/null) || owner=postgres
      if command -v runuser >/dev/null 2>&1; then run=(runuser -u "$owner" --); else run=(setpriv "--reuid=$owner" "--regid=$(id -g "$owner")" --init-groups --); fi
    fi
    if bindir=$(_pg_bindir); then
      (cd "$dir" && "${run[@]}" "$bindir/pg_ctl" stop -D "$data" -m fast -w -t 30) >/dev/null 2>&1 || true
    fi
    # Still there (pg_ctl missing or stuck): kill the postmaster outright.
    local pid
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || pid=""
    if [ -n "$pid" ] && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
      grep -qs postgres "/proc/$pid/cmdline"; then
      kill -KILL "$pid" 2>/dev/null || true
      local i
      for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  case $dir in */wardsafe-pg.*) rm -rf -- "$dir" ;; esac
  unset WARDSAFE_TEST_PG_URL WARDSAFE_TEST_PG_ADMIN_URL WARDSAFE_TEST_PG_RESTART \
    WARDSAFE_TEST_PG_STOP WARDSAFE_TEST_PG_START
  _WARDSAFE_PG_DIR=""
  return 0
}
