#!/usr/bin/env bash
# Runs check_mtproto.py (Telethon) against a fresh gramd. Needs a venv with Telethon in
# .venv next to this script (see README.md) and a built gramd (GRAMD=path, default the
# workspace's target/debug/gramd).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gramd="${GRAMD:-$here/../../target/debug/gramd}"
data="$(mktemp -d)"
port="${MTPROTO_PORT:-18443}"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$gramd" mtproto key --data-dir "$data" >"$data/key.txt"
start() {
    : >"$data/gramd.log"
    "$gramd" serve --data-dir "$data" --http-addr 127.0.0.1:0 --mtproto-addr "127.0.0.1:$port" \
        2>>"$data/gramd.log" &
    pid=$!
    for _ in $(seq 50); do
        grep -q "MTProto listening" "$data/gramd.log" && break
        sleep 0.1
    done
}
check() {
    "$here/.venv/bin/python" "$here/check_mtproto.py" 127.0.0.1 "$port" "$data/key.txt" \
        "$data/session.txt" "$@"
}
start
check
# The auth keys are stored: after a restart the last one still works.
kill -INT "$pid"
wait "$pid" || true
start
check --resume
