#!/usr/bin/env bash
# Runs check.js (GramJS 2.26.22, layer 198) against a fresh gramd. Needs node, the pinned
# GramJS in clients/gramjs/node_modules (`npm ci` here; compat/setup.sh runs it) and a built
# gramd (GRAMD=path, default the workspace's target/debug/gramd).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gramd="${GRAMD:-$here/../../target/debug/gramd}"
data="$(mktemp -d)"
port="${MTPROTO_PORT:-38443}"
http_port="${HTTP_PORT:-38181}"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$gramd" mtproto key --data-dir "$data" >"$data/key.txt"
"$gramd" bot create --data-dir "$data" --username gramjs_echo_bot --first-name Echo \
    | tail -1 >"$data/token"
: >"$data/gramd.log"
GRAMD_AUTH_TEST_PHONES=1 "$gramd" serve --data-dir "$data" \
    --http-addr "127.0.0.1:$http_port" --mtproto-addr "127.0.0.1:$port" \
    2>>"$data/gramd.log" &
pid=$!
for _ in $(seq 50); do
    grep -q "MTProto listening" "$data/gramd.log" && break
    sleep 0.1
done
if ! node "$here/check.js" 127.0.0.1 "$port" "$data/key.txt" "http://127.0.0.1:$http_port" \
    "$(cat "$data/token")" gramjs_echo_bot; then
    echo "--- gramd log" >&2
    tail -50 "$data/gramd.log" >&2
    exit 1
fi
