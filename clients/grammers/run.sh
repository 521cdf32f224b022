#!/usr/bin/env bash
# grammers-client 0.11 against a fresh gramd: a bot made with `gramd bot create` signs in over
# MTProto (auth.importBotAuthorization) and sends a message to a user made with
# `gramd user create`, who then sees it over the JSON client API.
#
# Stock grammers-mtproto knows only Telegram's RSA keys, so this copies its registry source
# into the target directory, makes its key lookup also accept the key in GRAMD_RSA_KEY
# (gramd_key.rs, appended), and builds against that copy with a `patch` given on the command
# line. Needs a built gramd (GRAMD=path, default the workspace's target/debug/gramd),
# python3 and openssl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gramd="$(realpath "${GRAMD:-$here/../../target/debug/gramd}")"
port="${MTPROTO_PORT:-48443}"
http_port="${HTTP_PORT:-48181}"
target="${CARGO_TARGET_DIR:-$here/target}"
cd "$here"

# The patched copy of grammers-mtproto: its registry source (fetched by a throwaway manifest
# that depends on the version Cargo.lock pins), copied into the target directory.
version="$(grep -A1 '^name = "grammers-mtproto"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')"
fetcher="$target/fetch-grammers-mtproto"
mkdir -p "$fetcher/src"
: >"$fetcher/src/lib.rs"
cat >"$fetcher/Cargo.toml" <<TOML
[package]
name = "fetch-grammers-mtproto"
version = "0.0.0"
edition = "2024"
[dependencies]
grammers-mtproto = "=$version"
[workspace]
TOML
source_dir="$(cargo metadata --manifest-path "$fetcher/Cargo.toml" --format-version 1 \
    | python3 -c '
import json, sys
packages = json.load(sys.stdin)["packages"]
path = next(p["manifest_path"] for p in packages if p["name"] == "grammers-mtproto")
print(path.rsplit("/", 1)[0])
')"
vendor="$target/grammers-mtproto"
rm -rf "$vendor"
mkdir -p "$target"
cp -r "$source_dir" "$vendor"
chmod -R u+w "$vendor"
sed -i 's/^        _ => return None$/        _ => return gramd_key(fingerprint)/' "$vendor/src/authentication.rs"
grep -q 'return gramd_key(fingerprint)' "$vendor/src/authentication.rs" \
    || { echo "grammers-mtproto's key_for_fingerprint has changed: update run.sh" >&2; exit 1; }
cat "$here/gramd_key.rs" >>"$vendor/src/authentication.rs"
CARGO_TARGET_DIR="$target" cargo build --locked \
    --config "patch.crates-io.grammers-mtproto.path=\"$vendor\""

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$gramd" mtproto key --data-dir "$data" >"$data/key.txt"
fingerprint="$(tail -1 "$data/key.txt")"
head -n -1 "$data/key.txt" >"$data/key.pem"
modulus="$(openssl rsa -RSAPublicKey_in -in "$data/key.pem" -noout -modulus | cut -d= -f2)"
exponent="$(openssl rsa -RSAPublicKey_in -in "$data/key.pem" -noout -text \
    | sed -n 's/^Exponent: \([0-9]*\).*/\1/p')"
export GRAMD_RSA_KEY="$fingerprint $(python3 -c "print(int('$modulus', 16))") $exponent"

bot_token="$("$gramd" bot create --data-dir "$data" --username grammers_check_bot \
    --first-name Grammers | tail -1)"
user_token="$("$gramd" user create --data-dir "$data" --phone +15550104242 \
    --first-name Reader --username grammers_reader | tail -1)"
"$gramd" serve --data-dir "$data" --http-addr "127.0.0.1:$http_port" \
    --mtproto-addr "127.0.0.1:$port" 2>"$data/gramd.log" &
pid=$!
for _ in $(seq 100); do
    grep -q "MTProto listening" "$data/gramd.log" && break
    sleep 0.1
done
url="http://127.0.0.1:$http_port"
python3 "$here/user.py" "$url" "$user_token" start grammers_check_bot
text="hello from grammers $(date +%s%N)"
"$target/debug/gramd-grammers-check" "127.0.0.1:$port" "$bot_token" grammers_reader "$text"
python3 "$here/user.py" "$url" "$user_token" expect grammers_check_bot "$text"
echo "grammers: PASS"
