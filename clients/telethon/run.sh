#!/usr/bin/env bash
# Runs check_mtproto.py and signin.py (Telethon) against a fresh gramd. Needs Telethon in
# compat/.venv (compat/setup.sh installs it; VENV=dir for another) and a built gramd
# (GRAMD=path, default the workspace's target/debug/gramd).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../gramd.sh" 18443 18181 mtproto_echo_bot
python="${VENV:-$here/../../compat/.venv}/bin/python"
check() {
    "$python" "$here/check_mtproto.py" 127.0.0.1 "$port" "$data/key.txt" \
        "$data/session.txt" "$@"
}
start_gramd
check
# The auth keys are stored: after a restart the last one still works.
kill -INT "$pid"
wait "$pid" || true
start_gramd
check --resume
"$python" "$here/signin.py" 127.0.0.1 "$port" "$data/key.txt" "http://127.0.0.1:$http_port" \
    "$(cat "$data/token")" mtproto_echo_bot
