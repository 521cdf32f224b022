#!/usr/bin/env bash
# Runs check.js (GramJS 2.26.22, layer 198) against a fresh gramd. Needs node, the pinned
# GramJS in clients/gramjs/node_modules (`npm ci` here; compat/setup.sh runs it) and a built
# gramd (GRAMD=path, default the workspace's target/debug/gramd).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../gramd.sh" 38443 38181 gramjs_echo_bot
start_gramd
if ! node "$here/check.js" 127.0.0.1 "$port" "$data/key.txt" "http://127.0.0.1:$http_port" \
    "$(cat "$data/token")" gramjs_echo_bot; then
    echo "--- gramd log" >&2
    tail -50 "$data/gramd.log" >&2
    exit 1
fi
