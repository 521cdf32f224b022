# Sourced by the client checks' run.sh: a fresh gramd for a client library to talk to.
#
#   source "$here/../gramd.sh" MTPROTO_PORT HTTP_PORT BOT_USERNAME
#
# The ports are defaults that the MTPROTO_PORT and HTTP_PORT environment variables override;
# GRAMD names the binary (default the workspace's target/debug/gramd). Leaves: $gramd,
# $data (a temporary data directory, removed on exit with gramd stopped), $port,
# $http_port, $data/key.txt (what `gramd mtproto key` prints), $data/token (the token of
# a bot made with `gramd bot create`), and start_gramd, which starts gramd with test phones
# on (`GRAMD_AUTH_TEST_PHONES=1`), its pid in $pid and its log in $data/gramd.log.
gramd="${GRAMD:-$(dirname "${BASH_SOURCE[0]}")/../target/debug/gramd}"
data="$(mktemp -d)"
port="${MTPROTO_PORT:-$1}"
http_port="${HTTP_PORT:-$2}"
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$data"' EXIT
"$gramd" mtproto key --data-dir "$data" >"$data/key.txt"
"$gramd" bot create --data-dir "$data" --username "$3" --first-name Echo \
    | tail -1 >"$data/token"

start_gramd() {
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
