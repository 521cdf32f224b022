"""Checks that third-party validators accept the mini app initData a real gramd signs.

Starts the gramd binary on a fresh data directory, makes a user and a bot with the CLI, gives
the bot a menu-button mini app and a main mini app (`gramd bot web-app`), reads the server's
public key (`gramd webapp public-key`), opens both mini apps as the user through the JSON
client API, and validates each launch's initData with:

- aiogram (`aiogram.utils.web_app`): `safe_parse_webapp_init_data` (the `hash`, with the bot
  token) and `check_webapp_signature` (the Ed25519 `signature`, with gramd's public key; with
  Telegram's production key it must fail);
- @telegram-apps/init-data-node (compat/node/validate_init_data.js): `validate` (the `hash`)
  and `parse`; its `validate3rd` knows only Telegram's own keys, so it must reject gramd's
  signature as invalid (not as malformed).

Run with the compatibility suite's venv python (aiogram installed by compat/setup.sh):
    compat/.venv/bin/python compat/webapp/check_init_data.py --gramd target/debug/gramd
Exits non-zero with the failed check on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from aiogram.utils.web_app import safe_parse_webapp_init_data
from aiogram.utils.web_app_signature import PRODUCTION_PUBLIC_KEY, check_webapp_signature

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
APP_URL = "https://app.example/mini"
MAIN_URL = "https://app.example/main"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(gramd: str, data_dir: str, *args: str) -> str:
    """Runs a gramd command on the data directory; returns its last output line."""
    out = subprocess.run(
        [gramd, *args[:2], "--data-dir", data_dir, *args[2:]],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


class Client:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(self, function: str, params: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base}/client/{function}",
            data=json.dumps(params).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.load(response)
        except urllib.error.HTTPError as err:
            body = json.load(err)
        if not body.get("ok"):
            raise SystemExit(f"{function} failed: {body}")
        return body["result"]


def init_data_of(url: str) -> str:
    fragment = urllib.parse.urlsplit(url).fragment
    params = dict(pair.split("=", 1) for pair in fragment.split("&"))
    return urllib.parse.unquote(params["tgWebAppData"])


def check(name: str, ok: bool, detail: object = "") -> None:
    if not ok:
        raise SystemExit(f"FAIL {name} {detail}")
    print(f"ok   {name}")


def validate(label: str, init_data: str, token: str, bot_id: int, public_key: str, user_id: int) -> None:
    parsed = safe_parse_webapp_init_data(token, init_data)
    check(f"{label}: aiogram safe_parse_webapp_init_data", parsed.user.id == user_id, parsed)
    check(
        f"{label}: aiogram rejects a wrong token",
        not _parses(token + "x", init_data),
    )
    check(
        f"{label}: aiogram check_webapp_signature with gramd's key",
        check_webapp_signature(bot_id, init_data, bytes.fromhex(public_key)),
    )
    check(
        f"{label}: aiogram check_webapp_signature fails for another bot id",
        not check_webapp_signature(bot_id + 1, init_data, bytes.fromhex(public_key)),
    )
    check(
        f"{label}: aiogram check_webapp_signature fails with Telegram's key",
        not check_webapp_signature(bot_id, init_data, PRODUCTION_PUBLIC_KEY),
    )
    node = subprocess.run(
        ["node", "validate_init_data.js", token, str(bot_id), init_data],
        cwd=NODE_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(node.stdout)
    check(f"{label}: init-data-node validate", result["validate"] == "ok", result)
    check(f"{label}: init-data-node parse", result["user_id"] == user_id, result)
    check(f"{label}: init-data-node rejects tampered data", result["tampered"] != "ok", result)
    check(f"{label}: init-data-node rejects a wrong token", result["wrong_token"] != "ok", result)
    check(
        f"{label}: init-data-node validate3rd (Telegram's keys only) finds the signature invalid",
        result["validate3rd"].startswith("SignatureInvalidError"),
        result,
    )


def _parses(token: str, init_data: str) -> bool:
    try:
        safe_parse_webapp_init_data(token, init_data)
    except ValueError:
        return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gramd", default="target/debug/gramd", help="the gramd binary")
    args = ap.parse_args()
    gramd = os.path.abspath(args.gramd)
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        server = subprocess.Popen(
            [gramd, "serve", "--data-dir", data_dir, "--http-addr", f"127.0.0.1:{port}"],
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            user_token = cli(gramd, data_dir, "user", "create", "--phone", "+15550123",
                             "--first-name", "Ann & Bo", "--username", "ann_web")
            bot_token = cli(gramd, data_dir, "bot", "create", "--username", "validator_bot",
                            "--first-name", "Validator")
            bot_id = int(bot_token.split(":")[0])
            cli(gramd, data_dir, "bot", "web-app", "--bot", str(bot_id),
                "--menu-button", f"Open={APP_URL}", "--main-app-url", MAIN_URL)
            public_key = cli(gramd, data_dir, "webapp", "public-key")
            check("public key is 64 hex digits", len(bytes.fromhex(public_key)) == 32, public_key)

            user = Client(base, user_token)
            me = user.call("users.getUsers", {"id": [{"_": "inputUserSelf"}]})[0]
            user_id = int(me["id"])
            resolved = user.call("contacts.resolveUsername", {"username": "validator_bot"})
            bot_user = resolved["users"][0]
            peer = {"_": "inputPeerUser", "user_id": bot_user["id"],
                    "access_hash": bot_user["access_hash"]}
            bot = {"_": "inputUser", "user_id": bot_user["id"],
                   "access_hash": bot_user["access_hash"]}
            menu = user.call("messages.requestWebView", {
                "from_bot_menu": True, "peer": peer, "bot": bot, "platform": "web"})
            validate("menu button", init_data_of(menu["url"]), bot_token, bot_id, public_key, user_id)
            main_app = user.call("messages.requestMainWebView", {
                "peer": peer, "bot": bot, "platform": "android", "start_param": "ref=42"})
            data = init_data_of(main_app["url"])
            check("main app: start_param in initData",
                  dict(urllib.parse.parse_qsl(data)).get("start_param") == "ref=42", data)
            validate("main app", data, bot_token, bot_id, public_key, user_id)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("initData accepted by aiogram and @telegram-apps/init-data-node")
    return 0


if __name__ == "__main__":
    sys.exit(main())
