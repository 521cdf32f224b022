#!/usr/bin/env bash
# Runs check_mtproto.py and signin.py (Telethon) against a fresh gramd. Needs Telethon in
# compat/.venv (compat/setup.sh installs it; VENV=dir for another) and a built gramd
# (GRAMD=path, default the workspace's target/debug/gramd).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gramd="${GRAMD:-$here/../../target/debug/gramd}"
data="$(mktemp -d)"
port="${MTPROTO_PORT:-18443}"
http_port="${HTTP_PORT:-18181}"
python="${VENV:-$here/../../compat/.venv}/bin/python"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$gramd" mtproto key --data-dir "$data" >"$data/key.txt"
"$gramd" bot create --data-dir "$data" --username mtproto_echo_bot --first-name Echo \
    | tail -1 >"$data/token"
start() {
    : >"$data/gramd.log"
    GRAMD_AUTH_TEST_PHONES=1 "$gramd" serve --data-dir "$data" \
        --http-addr "127.0.0.1:$http_port" --mtproto-addr "127.0.0.1:$port" \
        2>>"$data/gramd.log" &
    pid=$!
    for _ in $(seq 50); do
        grep -q "MTProto listening" "$data/gramd.log" && break
        sleep 0.1
    done
}
check() {
    "$python" "$here/check_mtproto.py" 127.0.0.1 "$port" "$data/key.txt" \
        "$data/session.txt" "$@"
}
start
check
# The auth keys are stored: after a restart the last one still works.
kill -INT "$pid"
wait "$pid" || true
start
check --resume
"$python" "$here/signin.py" 127.0.0.1 "$port" "$data/key.txt" "http://127.0.0.1:$http_port" \
    "$(cat "$data/token")" mtproto_echo_bot
