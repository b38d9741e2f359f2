#!/usr/bin/env bash
# A PgBouncer in TRANSACTION mode in front of this machine's PostgreSQL (docs/deploy.md, "PgBouncer"),
# for CI's production smoke and local trials. Self-contained: its pgbouncer.ini, user list, log and
# pid file live in a temporary directory; it runs as the `postgres` user (PgBouncer refuses root).
#   scripts/pgbouncer.sh start    # start on PGBOUNCER_PORT (default 6432; must be free), print its URL base
#   scripts/pgbouncer.sh stop     # stop it and remove its directory
#   scripts/pgbouncer.sh status   # exit 0 when it answers
#   scripts/pgbouncer.sh stats    # SHOW STATS of its admin console (transactions and queries per database)
# Needs Debian's package: apt-get install -y pgbouncer (fails loudly without it).
# Environment: PGBOUNCER_PORT (6432), PGBOUNCER_UPSTREAM_HOST/PORT (127.0.0.1 / 5432), PGBOUNCER_POOL_SIZE (20).
set -euo pipefail

PORT=${PGBOUNCER_PORT:-6432}
UPSTREAM_HOST=${PGBOUNCER_UPSTREAM_HOST:-127.0.0.1}
UPSTREAM_PORT=${PGBOUNCER_UPSTREAM_PORT:-5432}
POOL_SIZE=${PGBOUNCER_POOL_SIZE:-20}
DIR=/tmp/caas-pgbouncer-$PORT
RUN_AS=postgres

as_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

answers() {
    psql "postgresql://postgres@127.0.0.1:$PORT/pgbouncer" -Atqc "SHOW VERSION" >/dev/null 2>&1
}

start() {
    if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
        echo "pgbouncer: not installed (apt-get install -y pgbouncer)" >&2
        exit 1
    fi
    local bin
    bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
    if [ -f "$DIR/pgbouncer.pid" ] && answers; then
        echo "pgbouncer: already running on port $PORT"
        return
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        echo "pgbouncer: port $PORT is taken by something else (set PGBOUNCER_PORT)" >&2
        exit 1
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    # trust, as the PostgreSQL of this machine (127.0.0.1, user postgres): the user must still be listed.
    echo '"postgres" ""' >"$DIR/userlist.txt"
    cat >"$DIR/pgbouncer.ini" <<EOF
[databases]
; every database name is forwarded to the same server
* = host=$UPSTREAM_HOST port=$UPSTREAM_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
admin_users = postgres
stats_users = postgres
; transaction pooling: a server connection is lent for one transaction only (docs/deploy.md)
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = 500
; libpq clients may send these; PgBouncer would otherwise refuse the connection
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
EOF
    chown -R "$RUN_AS" "$DIR" 2>/dev/null || true
    as_user "$bin" -d "$DIR/pgbouncer.ini"
    for _ in $(seq 1 50); do
        answers && break
        sleep 0.1
    done
    if ! answers; then
        echo "pgbouncer: did not start; its log:" >&2
        cat "$DIR/pgbouncer.log" >&2 || true
        exit 1
    fi
    echo "pgbouncer: transaction mode on 127.0.0.1:$PORT -> $UPSTREAM_HOST:$UPSTREAM_PORT (pool $POOL_SIZE)"
}

stop() {
    if [ -f "$DIR/pgbouncer.pid" ]; then
        local pid
        pid=$(cat "$DIR/pgbouncer.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -rf "$DIR"
    echo "pgbouncer: stopped (port $PORT)"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) answers && echo "pgbouncer: running on port $PORT" || { echo "pgbouncer: not running on port $PORT"; exit 1; } ;;
stats) psql "postgresql://postgres@127.0.0.1:$PORT/pgbouncer" -c "SHOW STATS" ;;
*)
    echo "usage: $0 start|stop|status|stats" >&2
    exit 2
    ;;
esac
