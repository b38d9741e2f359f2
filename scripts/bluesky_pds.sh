#!/usr/bin/env bash
# The reference Bluesky PDS (@atproto/pds) with an in-memory PLC directory, through @atproto/dev-env,
# as a real peer for apps/channels/networks/tests/test_bluesky_reference_pds.py (docs/networks.md).
#   scripts/bluesky_pds.sh start           # PDS + PLC only (TestNetworkNoAppView): getProfile/getPosts
#                                          # answer 502 UpstreamFailure
#   scripts/bluesky_pds.sh start-appview   # PDS + PLC + the AppView (TestNetwork: bsky + ozone on
#                                          # PostgreSQL, a private redis-server): metrics too
#   scripts/bluesky_pds.sh stop            # stop what was started
# Both install on first use and print the variables the test reads.
# Needs Node.js >= 18 and npm (registry access on the first run); start-appview also PostgreSQL
# (BLUESKY_PDS_POSTGRES_URL, a database it may create schemas in) and redis-server on the PATH.
# Environment: BLUESKY_PDS_DIR (where node_modules live; kept between runs), BLUESKY_PDS_PORT (2583),
# BLUESKY_PLC_PORT (2582), BLUESKY_APPVIEW_PORT (2584), BLUESKY_PDS_REDIS_PORT (2585).
# Typical use:  eval "$(scripts/bluesky_pds.sh start)" && pytest apps/channels/networks
set -euo pipefail

DIR=${BLUESKY_PDS_DIR:-/tmp/caas-bluesky-pds}
PDS_PORT=${BLUESKY_PDS_PORT:-2583}
PLC_PORT=${BLUESKY_PLC_PORT:-2582}
APPVIEW_PORT=${BLUESKY_APPVIEW_PORT:-2584}
REDIS_PORT=${BLUESKY_PDS_REDIS_PORT:-2585}
POSTGRES_URL=${BLUESKY_PDS_POSTGRES_URL:-}
PDS_VERSION=0.4.217
DEV_ENV_VERSION=0.3.215

install() {
  mkdir -p "$DIR"
  if [ ! -f "$DIR/node_modules/@atproto/dev-env/package.json" ]; then
    (cd "$DIR" && [ -f package.json ] || npm init -y >/dev/null)
    (cd "$DIR" && npm install --no-audit --no-fund "@atproto/pds@$PDS_VERSION" "@atproto/dev-env@$DEV_ENV_VERSION" >&2)
    # npm >= 11 holds back install scripts: better-sqlite3 (the PDS's storage) needs its native build.
    (cd "$DIR" && npm rebuild better-sqlite3 sharp >&2)
  fi
  cat > "$DIR/start.js" <<'JS'
const { TestNetwork, TestNetworkNoAppView } = require('@atproto/dev-env')

async function main() {
  const ports = {
    pds: { port: parseInt(process.env.PDS_PORT, 10) },
    plc: { port: parseInt(process.env.PLC_PORT, 10) },
  }
  const network = process.env.APPVIEW === '1'
    ? await TestNetwork.create({
      ...ports,
      bsky: { port: parseInt(process.env.APPVIEW_PORT, 10) },
      dbPostgresUrl: process.env.DB_POSTGRES_URL,
      dbPostgresSchema: 'caas',
    })
    : await TestNetworkNoAppView.create(ports)
  const url = network.pds.url
  const call = async (nsid, body, token) => {
    const res = await fetch(`${url}/xrpc/${nsid}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${nsid}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const handle = 'alice.test'
  const account = await call('com.atproto.server.createAccount', {
    handle, email: 'alice@example.test', password: 'main-password-1',
  })
  const app = await call('com.atproto.server.createAppPassword', { name: 'caas' }, account.accessJwt)
  const appview = process.env.APPVIEW === '1' ? '1' : ''
  console.log(JSON.stringify({ pds_url: url, handle, did: account.did, app_password: app.password, appview }))
  const stop = async () => { await network.close(); process.exit(0) }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
main().catch((err) => { console.error(err); process.exit(1) })
JS
}

start() {
  local appview=${1:-0}
  install
  rm -f "$DIR/pds.out"
  if [ "$appview" = 1 ]; then
    [ -n "$POSTGRES_URL" ] || { echo "start-appview needs BLUESKY_PDS_POSTGRES_URL" >&2; return 1; }
    redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >&2
  fi
  # A simple command in the background, so that $! is node's own pid (what `stop` kills).
  PDS_PORT=$PDS_PORT PLC_PORT=$PLC_PORT APPVIEW_PORT=$APPVIEW_PORT APPVIEW=$appview \
    REDIS_HOST=127.0.0.1:$REDIS_PORT DB_POSTGRES_URL=$POSTGRES_URL \
    nohup node "$DIR/start.js" >"$DIR/pds.out" 2>"$DIR/pds.err" &
  echo $! >"$DIR/pds.pid"
  for _ in $(seq 1 120); do
    if [ -s "$DIR/pds.out" ]; then
      node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
        console.log(`export BLUESKY_PDS_URL=${d.pds_url} BLUESKY_PDS_HANDLE=${d.handle} BLUESKY_PDS_APP_PASSWORD=${d.app_password} BLUESKY_PDS_APPVIEW=${d.appview}`)
      ' "$DIR/pds.out"
      return 0
    fi
    if ! kill -0 "$(cat "$DIR/pds.pid")" 2>/dev/null; then
      cat "$DIR/pds.err" >&2
      echo "the PDS did not start" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "the PDS did not answer within 60 s" >&2
  return 1
}

stop() {
  if [ -f "$DIR/pds.pid" ]; then
    kill "$(cat "$DIR/pds.pid")" 2>/dev/null || true
    rm -f "$DIR/pds.pid"
  fi
  if [ -f "$DIR/redis.pid" ]; then
    kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    rm -f "$DIR/redis.pid"
  fi
}

case "${1:-}" in
  start) start 0 ;;
  start-appview) start 1 ;;
  stop) stop ;;
  *) echo "usage: $0 start|start-appview|stop" >&2; exit 2 ;;
esac
