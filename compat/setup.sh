#!/usr/bin/env bash
# Installs the pinned bot libraries of the compatibility suite (idempotent):
#   .venv/                   python-telegram-bot, aiogram (with cryptography, for initData
#                            signatures), pyTelegramBotAPI (requirements.txt)
#   node/node_modules/       grammY, Telegraf, node-telegram-bot-api, and
#                            @telegram-apps/init-data-node (node/package-lock.json)
#   teloxide-bot/target/     teloxide and frankenstein bots (teloxide-bot/Cargo.lock)
#   ../clients/gramjs/node_modules/  GramJS, for the MTProto check (package-lock.json)
#   .cache/examples/         the example bots PTB, aiogram and pyTelegramBotAPI publish in
#                            their sdists, of the pinned versions (examples/fetch.sh)
# Needs python3 (with venv), node + npm and cargo; network access to PyPI, npm and crates.io.
set -euo pipefail
cd "$(dirname "$0")"

for tool in python3 node npm cargo; do
  command -v "$tool" >/dev/null || { echo "setup.sh: $tool not found" >&2; exit 1; }
done

echo "== python bots (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt

echo "== the libraries' example bots (.cache/examples)"
bash examples/fetch.sh

echo "== node bots (node/node_modules)"
(cd node && npm ci --no-audit --no-fund --loglevel=error)

echo "== GramJS (../clients/gramjs/node_modules)"
(cd ../clients/gramjs && npm ci --no-audit --no-fund --loglevel=error)

echo "== rust bots (teloxide-bot/target)"
(cd teloxide-bot && CARGO_TARGET_DIR="$PWD/target" cargo build --release --locked --quiet)

echo "setup done"
