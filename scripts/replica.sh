#!/usr/bin/env bash
# A PostgreSQL streaming replica of this machine's server, for CI and local tests of the analytics
# routing (docs/analytics.md). Idempotent:
#   scripts/replica.sh start   # make it if missing or stale (pg_basebackup -R -X stream), start it on 5433
#   scripts/replica.sh stop    # stop it (its directory is kept; the next start reuses it)
#   scripts/replica.sh status  # exit 0 when it runs and streams from the primary
set -euo pipefail

BIN=/usr/lib/postgresql/15/bin
PORT=5433
DIR=/var/lib/postgresql/replica-$PORT
CONF_DIR=/etc/postgresql/15/main
as_postgres() { runuser -u postgres -- "$@"; }

running() { [ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

ensure_replication_access() {
    local hba
    hba=$(psql -h 127.0.0.1 -U postgres -Atc "SHOW hba_file")
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
        echo "host replication all 127.0.0.1/32 trust" >>"$hba"
        psql -h 127.0.0.1 -U postgres -qAtc "SELECT pg_reload_conf()" >/dev/null
    fi
}

make_replica() {
    ensure_replication_access
    rm -rf "$DIR"
    mkdir -p "$DIR"
    chown postgres:postgres "$DIR"
    chmod 700 "$DIR"
    as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -U postgres -D "$DIR" -R -X stream
    # Debian keeps the configuration in /etc: the replica gets an empty postgresql.conf (defaults,
    # plus what -R wrote to postgresql.auto.conf) and copies of the access files.
    as_postgres touch "$DIR/postgresql.conf"
    install -o postgres -g postgres -m 600 "$CONF_DIR/pg_hba.conf" "$CONF_DIR/pg_ident.conf" "$DIR/"
}

streaming() {
    psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null | grep -q streaming
}

launch() {
    rm -f "$DIR/postmaster.pid"
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" \
        -o "-p $PORT -c unix_socket_directories=/tmp" -w start >/dev/null
}

wait_streaming() {
    for _ in $(seq 1 "$1"); do
        streaming && return 0
        sleep 1
    done
    return 1
}

start() {
    if running && streaming; then
        echo "replica: already streaming on port $PORT"
        return
    fi
    running && as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    if [ ! -f "$DIR/standby.signal" ]; then
        make_replica
    fi
    # A replica left behind (its WAL already removed on the primary: a directory kept from an
    # earlier run) starts, answers read-only, but never streams: make it again from a fresh backup.
    if ! launch || ! wait_streaming 20; then
        echo "replica: not streaming, making it again from a fresh base backup" >&2
        running && as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate -w stop >/dev/null
        make_replica
        launch
        if ! wait_streaming 60; then
            echo "replica: not streaming on port $PORT (see $DIR/replica.log)" >&2
            exit 1
        fi
    fi
    echo "replica: streaming on port $PORT"
}

stop() {
    if running; then
        as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
        echo "replica: stopped"
    else
        echo "replica: not running"
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) running && streaming ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
