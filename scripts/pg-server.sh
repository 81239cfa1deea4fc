#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks (never for data you want to keep).
#
#   eval "$(bash scripts/pg-server.sh start)"   # prints: export FIDELIS_TEST_PG_URL=postgres://postgres@127.0.0.1:<port>/fidelis_test
#   bash scripts/pg-server.sh stop              # stops the server of $FIDELIS_TEST_PG_URL (or the default port) and removes its data
#
# `start` runs initdb + pg_ctl as the `postgres` user (installing the Debian `postgresql` package when
# the binaries or the user are absent), puts the data directory in a fresh mktemp directory, listens on
# 127.0.0.1 only, on the first free port from $FIDELIS_PG_PORT (default 54329), with trust
# authentication (local test use only), fsync off unless FIDELIS_PG_FSYNC=on, max_connections 200,
# and creates the database `fidelis_test`. Only the `export` lines go to stdout; progress goes to stderr.
# `stop [port]` stops the server started on that port and deletes its directory; it succeeds when there
# is nothing to stop, so it is safe in a trap.
set -euo pipefail

STATE_DIR="${TMPDIR:-/tmp}/fidelis-pg-server"
DB_NAME="fidelis_test"

log() { echo "pg-server: $*" >&2; }

find_bin_dir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/local/bin /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
  done
  return 1
}

# Run a command as the postgres user (directly when we already are that user).
as_postgres() {
  if [[ "$(id -un)" == "postgres" ]]; then
    "$@"
  elif [[ "$(id -u)" == "0" ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    fi
  else
    log "must run as root or as the postgres user (initdb refuses to run as root itself)"
    exit 1
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

ensure_binaries() {
  if find_bin_dir >/dev/null && id postgres >/dev/null 2>&1; then return 0; fi
  if [[ "$(id -u)" != "0" ]]; then
    log "PostgreSQL binaries or the postgres user are missing and we are not root to install them"
    exit 1
  fi
  log "installing the postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
  find_bin_dir >/dev/null || { log "initdb/pg_ctl still not found after installing postgresql"; exit 1; }
}

url_port() {
  # postgres://user@host:PORT/db -> PORT
  local url="${1:-}"
  if [[ "$url" =~ :([0-9]+)/ ]]; then echo "${BASH_REMATCH[1]}"; fi
}

cmd_start() {
  ensure_binaries
  local bin port base data
  bin="$(find_bin_dir)"
  port="${FIDELIS_PG_PORT:-54329}"
  while port_in_use "$port"; do port=$((port + 1)); done
  mkdir -p "$STATE_DIR"
  base="$(mktemp -d "${TMPDIR:-/tmp}/fidelis-pg.XXXXXX")"
  data="$base/data"
  chown postgres: "$base" 2>/dev/null || true
  chmod 700 "$base"
  log "initdb in $data ($bin)"
  as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
    || as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$base/initdb.log" 2>&1 \
    || { log "initdb failed:"; cat "$base/initdb.log" >&2; rm -rf "$base"; exit 1; }
  local fsync="${FIDELIS_PG_FSYNC:-off}"
  local opts="-c listen_addresses=127.0.0.1 -p $port -k $base -c max_connections=200 -c fsync=$fsync"
  opts="$opts -c synchronous_commit=$fsync -c full_page_writes=$fsync -c shared_buffers=128MB"
  log "starting on 127.0.0.1:$port"
  if ! as_postgres "$bin/pg_ctl" -D "$data" -l "$base/server.log" -o "$opts" -w -t 60 start >&2; then
    log "pg_ctl start failed:"; cat "$base/server.log" >&2 || true
    rm -rf "$base"; exit 1
  fi
  echo "$base" >"$STATE_DIR/$port"
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE DATABASE $DB_NAME" >&2
  log "ready (data in $base)"
  echo "export FIDELIS_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/$DB_NAME"
}

cmd_stop() {
  local port="${1:-$(url_port "${FIDELIS_TEST_PG_URL:-}")}"
  port="${port:-${FIDELIS_PG_PORT:-54329}}"
  local state="$STATE_DIR/$port"
  if [[ ! -f "$state" ]]; then log "no server recorded on port $port: nothing to stop"; return 0; fi
  local base bin
  base="$(cat "$state")"
  bin="$(find_bin_dir || true)"
  if [[ -n "$bin" && -d "$base/data" ]]; then
    as_postgres "$bin/pg_ctl" -D "$base/data" -m immediate -w -t 60 stop >&2 || log "pg_ctl stop failed (already stopped?)"
  fi
  rm -rf "$base" "$state"
  log "stopped port $port and removed $base"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) shift; cmd_stop "${1:-}" ;;
  *) echo "usage: $0 start | stop [port]" >&2; exit 2 ;;
esac
