#!/usr/bin/env bash
# The reference Bluesky PDS (@atproto/pds) with an in-memory PLC directory, through @atproto/dev-env
# (TestNetworkNoAppView: no AppView, so getProfile/getPosts answer 502 UpstreamFailure), as a real
# peer for apps/channels/networks/tests/test_bluesky_reference_pds.py (docs/networks.md).
#   scripts/bluesky_pds.sh start   # install (first time) and start; prints the variables the test reads
#   scripts/bluesky_pds.sh stop    # stop it
# Needs Node.js >= 18 and npm (registry access on the first run). Environment: BLUESKY_PDS_DIR (where
# node_modules live; kept between runs), BLUESKY_PDS_PORT (2583), BLUESKY_PLC_PORT (2582).
# Typical use:  eval "$(scripts/bluesky_pds.sh start)" && pytest apps/channels/networks
set -euo pipefail

DIR=${BLUESKY_PDS_DIR:-/tmp/caas-bluesky-pds}
PDS_PORT=${BLUESKY_PDS_PORT:-2583}
PLC_PORT=${BLUESKY_PLC_PORT:-2582}
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
const { TestNetworkNoAppView } = require('@atproto/dev-env')

async function main() {
  const network = await TestNetworkNoAppView.create({
    pds: { port: parseInt(process.env.PDS_PORT, 10) },
    plc: { port: parseInt(process.env.PLC_PORT, 10) },
  })
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
  console.log(JSON.stringify({ pds_url: url, handle, did: account.did, app_password: app.password }))
  const stop = async () => { await network.close(); process.exit(0) }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
main().catch((err) => { console.error(err); process.exit(1) })
JS
}

start() {
  install
  rm -f "$DIR/pds.out"
  (cd "$DIR" && PDS_PORT=$PDS_PORT PLC_PORT=$PLC_PORT nohup node start.js >"$DIR/pds.out" 2>"$DIR/pds.err" & echo $! >"$DIR/pds.pid")
  for _ in $(seq 1 120); do
    if [ -s "$DIR/pds.out" ]; then
      node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
        console.log(`export BLUESKY_PDS_URL=${d.pds_url} BLUESKY_PDS_HANDLE=${d.handle} BLUESKY_PDS_APP_PASSWORD=${d.app_password}`)
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
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
