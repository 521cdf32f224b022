#!/usr/bin/env bash
# Instructions per sendMessage: a figure this noisy machine cannot blur.
#
# Runs gramd under callgrind twice on fresh data directories: once answering a single
# request (start-up, one request, shutdown), once under `wrk -t1 -c8` for 20 s. The
# difference between the two totals, divided by the difference in requests, is the
# user-space instructions gramd executes per bot sendMessage into a private chat (the
# kernel's share, TCP and the disk, is not counted). Under valgrind the threads run one at
# a time, so groups are smaller than at full speed: compare builds with this script, not
# with the timed benchmark.
#
# Needs valgrind, wrk, curl and python3. Usage: bench/instructions.sh [path/to/gramd]
set -euo pipefail
GRAMD=$(realpath "${1:-target/release/gramd}")
PORT=18197
# The user is the first account of a fresh data directory, so its id is the first one.
CHAT=1000000001
WORK=$(mktemp -d)
trap 'pkill -INT -f "valgrind.*--http-addr 127.0.0.1:$PORT" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Starts gramd under callgrind on a fresh data directory whose user has started a bot;
# prints the bot's token.
start() {
  local dir=$WORK/$1
  mkdir -p "$dir"
  "$GRAMD" user create --data-dir "$dir/d" --phone +15550001 --first-name A | tail -1 > "$dir/user"
  "$GRAMD" bot create --data-dir "$dir/d" --username bench_bot --first-name B | tail -1 > "$dir/token"
  # The MTProto key is made before the server starts: its random prime search costs a
  # varying few hundred million instructions, which would swamp the difference measured.
  "$GRAMD" mtproto key --data-dir "$dir/d" > /dev/null
  GRAMD_LOG=warn valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" \
    "$GRAMD" serve --data-dir "$dir/d" --http-addr 127.0.0.1:$PORT --mtproto-addr 127.0.0.1:0 > "$dir/log" 2>&1 &
  for _ in $(seq 100); do curl -s -o /dev/null "127.0.0.1:$PORT" && break; sleep 0.2; done
  local user; user=$(cat "$dir/user")
  local bot; bot=$(curl -s -XPOST "127.0.0.1:$PORT/client/contacts.resolveUsername" \
    -H "Authorization: Bearer $user" -d '{"username":"bench_bot"}' \
    | python3 -c 'import sys,json; u=json.load(sys.stdin)["result"]["users"][0]; print(json.dumps({"_":"inputPeerUser","user_id":u["id"],"access_hash":u["access_hash"]}))')
  curl -s -o /dev/null -XPOST "127.0.0.1:$PORT/client/messages.sendMessage" \
    -H "Authorization: Bearer $user" -d "{\"peer\":$bot,\"message\":\"/start\",\"random_id\":\"1\"}"
  curl -s -o /dev/null -XPOST "127.0.0.1:$PORT/bot$(cat "$dir/token")/sendMessage" \
    -H 'Content-Type: application/json' -d "{\"chat_id\":$CHAT,\"text\":\"warm\"}"
}

stop() {
  pkill -INT -f "valgrind.*--http-addr 127.0.0.1:$PORT"
  while pgrep -f "valgrind.*--http-addr 127.0.0.1:$PORT" > /dev/null; do sleep 0.2; done
}

total() { callgrind_annotate "$WORK/$1/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }

start base
stop

start load
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"chat_id":$CHAT,"text":"hello benchmark"}'
wrk.headers["Content-Type"] = "application/json"
LUA
requests=$(wrk -t1 -c8 -d20s -s "$WORK/post.lua" "http://127.0.0.1:$PORT/bot$(cat "$WORK/load/token")/sendMessage" \
  | awk '/requests in/ {print $1}')
stop

base=$(total base)
load=$(total load)
python3 - "$base" "$load" "$requests" <<'PY'
import sys
base, load, n = (int(x) for x in sys.argv[1:])
print(f"{n} requests; start-up and one request: {base:,} instructions")
print(f"user-space instructions per sendMessage: {(load - base) / n:,.0f}")
PY
if [ -n "${KEEP:-}" ]; then cp "$WORK/load/cg.out" "$KEEP"; echo "callgrind profile of the loaded run: $KEEP"; fi
