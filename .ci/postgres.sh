#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the storage tests (as root on a Debian machine, no systemd).
# Idempotent: when the server is already running it only prints the connection string.
# The connection string is the last line of stdout; everything else goes to stderr.
#   .ci/postgres.sh [start]   install if needed, initdb if needed, start (default)
#   .ci/postgres.sh stop      fast shutdown (used by the cluster tests' outage test, on a server of its own)
# LAPOR_PG_PORT / LAPOR_PG_ROOT choose the port and the folder (data, socket, log) of the server.
set -euo pipefail
COMMAND="${1:-start}"

PG_PORT="${LAPOR_PG_PORT:-55432}"
PG_ROOT="${LAPOR_PG_ROOT:-/var/tmp/lapor-pg}"
PG_DATA="$PG_ROOT/data"
PG_SOCK="$PG_ROOT/socket"
PG_LOG="$PG_ROOT/server.log"
PG_PASSWORD="${LAPOR_PG_PASSWORD:-lapor-test}"
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

PG_BIN="$(find_bin || true)"
if [ -z "$PG_BIN" ]; then
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    PG_BIN="$(find_bin)"
fi

as_pg() { su postgres -s /bin/sh -c "$1"; }

if [ "$COMMAND" = "stop" ]; then
    if [ -f "$PG_DATA/PG_VERSION" ] && as_pg "'$PG_BIN/pg_ctl' -D '$PG_DATA' status" >/dev/null 2>&1; then
        log "stopping the server in $PG_DATA"
        as_pg "'$PG_BIN/pg_ctl' -D '$PG_DATA' -w -t 60 -m fast stop" >&2
    fi
    exit 0
elif [ "$COMMAND" != "start" ]; then
    log "usage: postgres.sh [start|stop]"
    exit 2
fi

if [ -f "$PG_DATA/PG_VERSION" ] && as_pg "'$PG_BIN/pg_ctl' -D '$PG_DATA' status" >/dev/null 2>&1; then
    log "already running on 127.0.0.1:$PG_PORT"
    echo "$CONN"
    exit 0
fi

mkdir -p "$PG_ROOT" "$PG_SOCK"
chown postgres:postgres "$PG_ROOT" "$PG_SOCK"
chmod 700 "$PG_ROOT"

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb in $PG_DATA"
    pwfile="$PG_ROOT/pwfile"
    printf '%s\n' "$PG_PASSWORD" > "$pwfile"
    chown postgres:postgres "$pwfile"
    chmod 600 "$pwfile"
    as_pg "'$PG_BIN/initdb' -D '$PG_DATA' -U postgres --pwfile='$pwfile' --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >&2
    rm -f "$pwfile"
fi

log "starting on 127.0.0.1:$PG_PORT"
as_pg "'$PG_BIN/pg_ctl' -D '$PG_DATA' -l '$PG_LOG' -w -t 60 -o \"-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='$PG_SOCK' -c max_connections=200\" start" >&2

echo "$CONN"
