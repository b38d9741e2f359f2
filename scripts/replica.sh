#!/usr/bin/env bash
# A PostgreSQL streaming replica of this machine's server, for CI and local tests of the analytics
# routing (docs/analytics.md). Idempotent:
#   scripts/replica.sh start   # make it if missing (pg_basebackup -R -X stream), start it on 5433
#   scripts/replica.sh stop    # stop it (its directory is kept; the next start reuses it)
#   scripts/replica.sh status  # exit 0 when it answers and is in recovery
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

start() {
    if running; then
        echo "replica: already running on port $PORT"
        return
    fi
    if [ ! -f "$DIR/standby.signal" ]; then
        make_replica
    fi
    rm -f "$DIR/postmaster.pid"
    if ! as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" \
        -o "-p $PORT -c unix_socket_directories=/tmp" -w start >/dev/null; then
        # A replica too far behind (WAL removed on the primary) cannot catch up: make it again.
        echo "replica: start failed, making it again from a fresh base backup" >&2
        make_replica
        as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" \
            -o "-p $PORT -c unix_socket_directories=/tmp" -w start >/dev/null
    fi
    for _ in $(seq 1 30); do
        if psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc "SELECT pg_is_in_recovery()" 2>/dev/null | grep -q t; then
            echo "replica: streaming on port $PORT"
            return
        fi
        sleep 1
    done
    echo "replica: did not come up on port $PORT (see $DIR/replica.log)" >&2
    exit 1
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
status) running && psql -h 127.0.0.1 -p "$PORT" -U postgres -Atc "SELECT pg_is_in_recovery()" | grep -q t ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
