#!/usr/bin/env python3
"""gramd compatibility suite.

Runs a small bot written with each real bot library (pinned versions) as a
subprocess against a fresh gramd, while this script acts as a user through
gramd's JSON client API. Prints one line per library and scenario
(`PASS ptb echo` / `FAIL aiogram callback: <reason>`) and a closing
`N passed, M failed` line; exits 0 only if everything passed.

Needs only the Python standard library. Dependencies of the bots are
installed by compat/setup.sh (or `run.py --setup`), never implicitly.

Usage: python3 compat/run.py [--setup] [--gramd PATH] [--only ptb,grammy] [--jobs N] [--keep]
Environment: GRAMD_BIN (gramd binary), COMPAT_TIMEOUT (seconds per wait, default 15).
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

COMPAT = Path(__file__).resolve().parent
ROOT = COMPAT.parent
VENV_PY = COMPAT / ".venv" / "bin" / "python"
NODE_DIR = COMPAT / "node"
RUST_BIN_DIR = COMPAT / "teloxide-bot" / "target" / "release"
TELOXIDE_BIN = RUST_BIN_DIR / "teloxide-bot"
FRANKENSTEIN_BIN = RUST_BIN_DIR / "frankenstein-bot"

SCENARIOS = ["startup", "echo", "command", "callback", "shutdown"]
WAIT = float(os.environ.get("COMPAT_TIMEOUT", "15"))
STARTUP_WAIT = max(WAIT, 30.0)  # interpreter start-up + getMe/deleteWebhook + first poll
STOP_WAIT = 30.0  # longest default long-poll that a library lets finish on stop is 20 s (telebot)
SETTLE = 1.5  # quiet period used to prove that no extra reply arrives
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Library:
    name: str
    argv: list[str]
    needs: list[Path]  # files that setup must have produced
    stop_signal: int = signal.SIGTERM
    env: dict[str, str] = field(default_factory=dict)


def node_lib(name: str, script: str, package: str) -> Library:
    return Library(
        name,
        ["node", str(NODE_DIR / script)],
        [NODE_DIR / "node_modules" / package / "package.json"],
    )


def py_lib(name: str, script: str) -> Library:
    return Library(name, [str(VENV_PY), str(COMPAT / "bots" / script)], [VENV_PY])


LIBRARIES = [
    py_lib("ptb", "ptb_bot.py"),  # python-telegram-bot; run_polling() handles SIGTERM
    py_lib("aiogram", "aiogram_bot.py"),  # start_polling() handles SIGTERM
    py_lib("telebot", "telebot_bot.py"),  # pyTelegramBotAPI; SIGTERM -> stop_polling()
    node_lib("grammy", "grammy_bot.js", "grammy"),  # SIGTERM -> bot.stop()
    node_lib("telegraf", "telegraf_bot.js", "telegraf"),  # SIGTERM -> bot.stop()
    node_lib("ntba", "ntba_bot.js", "node-telegram-bot-api"),  # run(): SIGTERM -> bot.stop()
    # teloxide's own ctrlc_handler (shutdown token) reacts to SIGINT only.
    Library("teloxide", [str(TELOXIDE_BIN)], [TELOXIDE_BIN], signal.SIGINT, {"RUST_LOG": "info"}),
    # frankenstein is a bare client; the bot's own loop stops on SIGTERM after the current poll.
    Library("frankenstein", [str(FRANKENSTEIN_BIN)], [FRANKENSTEIN_BIN]),
]


class ScenarioFailure(Exception):
    pass


class ClientApiError(Exception):
    def __init__(self, method: str, status: int, body: str):
        super().__init__(f"{method}: HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body


# --------------------------------------------------------------------------------------------
# gramd process and client API


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def tail(path: Path, n: int = 30) -> str:
    try:
        lines = ANSI.sub("", path.read_text(errors="replace")).splitlines()
    except OSError as e:
        return f"(cannot read {path}: {e})"
    return "\n".join(lines[-n:]) or "(no output)"


class Gramd:
    def __init__(self, binary: Path, run_dir: Path):
        self.binary = binary
        self.data_dir = run_dir / "data"
        self.log_path = run_dir / "gramd.log"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.env = dict(os.environ, NO_COLOR="1")

    def cli(self, *args: str) -> str:
        cmd = [str(self.binary), *args, "--data-dir", str(self.data_dir)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=self.env)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} exited {r.returncode}: {r.stderr.strip()[-500:]}")
        line = last_line(r.stdout)
        if not line:
            raise RuntimeError(f"{' '.join(args[:2])} printed no token")
        return line

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(self.binary), "serve", "--data-dir", str(self.data_dir),
             "--http-addr", f"127.0.0.1:{self.port}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=self.env, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gramd serve exited with code {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gramd serve did not listen within 20 s")

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise ScenarioFailure(f"gramd exited with code {self.proc.returncode}")

    def stop(self) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


class Client:
    """A user session on gramd's JSON client API."""

    def __init__(self, gramd: Gramd, token: str):
        self.gramd = gramd
        self.token = token

    def call(self, method: str, params: dict, timeout: float = 10) -> dict:
        self.gramd.check_alive()
        req = urllib.request.Request(
            f"{self.gramd.base}/client/{method}",
            data=json.dumps(params).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, body = resp.status, resp.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read().decode(errors="replace")
        except (urllib.error.URLError, OSError) as e:
            self.gramd.check_alive()
            raise ScenarioFailure(f"{method}: request failed: {e}") from e
        try:
            reply = json.loads(body)
        except ValueError:
            raise ClientApiError(method, status, body) from None
        if status != 200 or not isinstance(reply, dict) or reply.get("ok") is not True or "result" not in reply:
            raise ClientApiError(method, status, body)
        return reply["result"]

    def send(self, peer: dict, text: str) -> int:
        result = self.call("messages.sendMessage", {
            "peer": peer, "message": text, "random_id": str(random.getrandbits(63)),
        })
        msg_id = sent_message_id(result)
        if msg_id is None:
            raise ScenarioFailure(f"messages.sendMessage result has no message id: {json.dumps(result)[:300]}")
        return msg_id

    def history(self, peer: dict) -> list[dict]:
        result = self.call("messages.getHistory", {
            "peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": 100,
            "max_id": 0, "min_id": 0, "hash": "0",
        })
        if result.get("_") not in ("messages.messages", "messages.messagesSlice"):
            raise ScenarioFailure(f"messages.getHistory returned {result.get('_')!r}")
        return [m for m in result.get("messages", []) if m.get("_") == "message"]


def sent_message_id(result: dict) -> int | None:
    if result.get("_") == "updateShortSentMessage":
        return result.get("id")
    for upd in result.get("updates", []):
        if upd.get("_") == "updateMessageID":
            return upd.get("id")
        if upd.get("_") in ("updateNewMessage",) and upd.get("message", {}).get("out"):
            return upd["message"].get("id")
    return None


# --------------------------------------------------------------------------------------------
# one library


class BotProcess:
    def __init__(self, lib: Library, log_path: Path, api_url: str, token: str):
        self.lib = lib
        self.log_path = log_path
        self.env = dict(os.environ, BOT_TOKEN=token, API_URL=api_url, PYTHONUNBUFFERED="1",
                        NO_COLOR="1", **lib.env)
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        log.write(f"----- {time.strftime('%H:%M:%S')} starting {self.lib.name} bot -----\n".encode())
        log.flush()
        self.proc = subprocess.Popen(self.lib.argv, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env, cwd=str(COMPAT),
                                     start_new_session=True)
        log.close()

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise ScenarioFailure(f"bot process exited with code {self.proc.returncode}")

    def stop(self, timeout: float) -> int | None:
        """Sends the library's stop signal; returns the exit code, or None if it had to be killed."""
        if self.proc is None:
            return None
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(self.lib.stop_signal)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def bot_messages(history: list[dict]) -> list[dict]:
    """Messages in the chat sent by the bot, oldest first."""
    return sorted((m for m in history if not m.get("out")), key=lambda m: m["id"])


def describe(msgs: list[dict]) -> str:
    return "[" + ", ".join(f"#{m['id']} {m.get('message', '')!r}" for m in msgs) + "]"


class LibraryRun:
    def __init__(self, lib: Library, gramd: Gramd, run_dir: Path, index: int):
        self.lib = lib
        self.gramd = gramd
        self.index = index
        self.log_path = run_dir / f"bot-{lib.name}.log"
        self.results: list[tuple[str, bool, str]] = []
        self.client: Client | None = None
        self.bot: BotProcess | None = None
        self.peer: dict | None = None
        self.bot_token = ""
        self.bot_username = f"compat_{lib.name}_bot"
        self.setup_error: str | None = None

    # accounts are created before the server starts (see main)
    def create_accounts(self) -> None:
        missing = [str(p.relative_to(COMPAT)) for p in self.lib.needs if not p.exists()]
        if missing:
            self.setup_error = f"not set up (missing {', '.join(missing)}; run compat/setup.sh)"
            return
        try:
            user_token = self.gramd.cli("user", "create", "--phone", f"+1555{7000 + self.index:04d}",
                                        "--first-name", f"Compat{self.lib.name.capitalize()}")
            self.bot_token = self.gramd.cli("bot", "create", "--username", self.bot_username,
                                            "--first-name", f"{self.lib.name} compat bot")
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            self.setup_error = f"account creation failed: {e}"
            return
        self.client = Client(self.gramd, user_token)

    def run(self) -> None:
        if self.setup_error:
            self.results = [(s, False, self.setup_error) for s in SCENARIOS]
            return
        self.bot = BotProcess(self.lib, self.log_path, self.gramd.base, self.bot_token)
        steps = {
            "startup": self.s_startup, "echo": self.s_echo, "command": self.s_command,
            "callback": self.s_callback, "shutdown": self.s_shutdown,
        }
        blocked: str | None = None
        try:
            for name in SCENARIOS:
                if blocked:
                    self.results.append((name, False, f"not run: {blocked} failed"))
                    continue
                try:
                    steps[name]()
                    self.results.append((name, True, ""))
                except ClientApiError as e:
                    self.results.append((name, False, f"client API error: {e}"))
                    if name in ("startup", "command"):
                        blocked = name
                except ScenarioFailure as e:
                    self.results.append((name, False, str(e)))
                    if name in ("startup", "command"):
                        blocked = name  # later scenarios need the bot / the keyboard
        finally:
            if self.bot.proc is not None and self.bot.proc.poll() is None:
                self.bot.stop(STOP_WAIT)

    # ---- helpers

    def wait_for(self, what: str, predicate, timeout: float = WAIT):
        """Polls the chat history until predicate(history) returns a value."""
        deadline = time.monotonic() + timeout
        while True:
            self.bot.check_alive()
            value = predicate(self.client.history(self.peer))
            if value:
                return value
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"timed out after {timeout:.0f}s waiting for {what}")
            time.sleep(0.2)

    def replies_after(self, msg_id: int) -> list[dict]:
        return [m for m in bot_messages(self.client.history(self.peer)) if m["id"] > msg_id]

    def expect_single_reply(self, sent_id: int, text: str, timeout: float = WAIT) -> dict:
        first = self.wait_for(
            f"a reply to {text!r}",
            lambda h: next((m for m in bot_messages(h) if m["id"] > sent_id), None),
            timeout,
        )
        time.sleep(SETTLE)
        self.bot.check_alive()
        replies = self.replies_after(sent_id)
        if len(replies) != 1:
            raise ScenarioFailure(f"expected exactly one reply, got {len(replies)}: {describe(replies)}")
        return first

    # ---- scenarios

    def s_startup(self) -> None:
        resolved = self.client.call("contacts.resolveUsername", {"username": self.bot_username})
        users = [u for u in resolved.get("users", []) if u.get("username") == self.bot_username]
        if not users or "access_hash" not in users[0]:
            raise ScenarioFailure(f"contacts.resolveUsername gave no bot user: {json.dumps(resolved)[:300]}")
        bot_user = users[0]
        self.peer = {"_": "inputPeerUser", "user_id": bot_user["id"], "access_hash": bot_user["access_hash"]}
        self.bot.start()
        self.hello_id = self.client.send(self.peer, "hello")
        self.wait_for("the bot's first reply (to 'hello')",
                      lambda h: any(m["id"] > self.hello_id for m in bot_messages(h)), STARTUP_WAIT)

    def s_echo(self) -> None:
        time.sleep(SETTLE)
        replies = self.replies_after(self.hello_id)
        if len(replies) != 1:
            raise ScenarioFailure(f"expected exactly one reply to 'hello', got {len(replies)}: {describe(replies)}")
        if replies[0].get("message") != "hello":
            raise ScenarioFailure(f"reply text {replies[0].get('message')!r} != 'hello'")

    def s_command(self) -> None:
        start_id = self.client.send(self.peer, "/start")
        reply = self.expect_single_reply(start_id, "/start")
        if reply.get("message") != "Pick":
            raise ScenarioFailure(f"reply text {reply.get('message')!r} != 'Pick' (the /start handler did not answer)")
        markup = reply.get("reply_markup")
        try:
            assert markup["_"] == "replyInlineMarkup"
            rows = markup["rows"]
            assert len(rows) == 1 and rows[0]["_"] == "keyboardInlineButtonRow"
            buttons = rows[0]["buttons"]
            assert len(buttons) == 1
            button = buttons[0]
            assert button["_"] == "keyboardInlineButton" and button["text"] == "B1"
            assert button["type"]["_"] == "inlineButtonTypeCallback"
            data = base64.b64decode(button["type"]["data"])
            assert data == b"btn1", f"callback data {data!r}"
        except (AssertionError, KeyError, TypeError, IndexError, ValueError) as e:
            raise ScenarioFailure(
                f"reply_markup is not one callback button B1/btn1 ({e or type(e).__name__}): "
                f"{json.dumps(markup)[:400]}") from None
        self.pick_id = reply["id"]
        self.button_data = button["type"]["data"]

    def s_callback(self) -> None:
        answer = self.client.call("messages.getBotCallbackAnswer", {
            "peer": self.peer, "msg_id": self.pick_id, "data": self.button_data,
        }, timeout=WAIT + 5)
        if answer.get("_") != "messages.botCallbackAnswer":
            raise ScenarioFailure(f"getBotCallbackAnswer returned {answer.get('_')!r}")
        if answer.get("message") != "ok":
            raise ScenarioFailure(f"callback answer message {answer.get('message')!r} != 'ok': {json.dumps(answer)}")

        def edited(history):
            m = next((m for m in history if m["id"] == self.pick_id), None)
            return m if m and m.get("message") == "Picked btn1" else None

        msg = self.wait_for("the message to be edited to 'Picked btn1'", edited)
        if not isinstance(msg.get("edit_date"), int) or msg["edit_date"] <= 0:
            raise ScenarioFailure(f"edited message has no edit_date: {json.dumps(msg)[:300]}")

    def s_shutdown(self) -> None:
        before = bot_messages(self.client.history(self.peer))
        before_ids = {m["id"] for m in before}
        code = self.bot.stop(STOP_WAIT)
        signame = signal.Signals(self.lib.stop_signal).name
        if code is None:
            raise ScenarioFailure(f"bot did not exit within {STOP_WAIT:.0f}s of {signame} (killed)")
        if code != 0:
            raise ScenarioFailure(f"bot exited with code {code} after {signame}")
        self.bot.start()
        again_id = self.client.send(self.peer, "again")
        self.wait_for("the restarted bot's reply to 'again'",
                      lambda h: any(m["id"] > again_id for m in bot_messages(h)), STARTUP_WAIT)
        time.sleep(SETTLE)
        self.bot.check_alive()
        new = [m for m in bot_messages(self.client.history(self.peer)) if m["id"] not in before_ids]
        if [m.get("message") for m in new] != ["again"]:
            old_texts = {m.get("message") for m in before} | {"hello", "/start", "Pick"}
            hint = (" (an update handled before the restart was delivered again)"
                    if any(m.get("message") in old_texts for m in new) else "")
            raise ScenarioFailure(
                f"after the restart the bot sent {describe(new)}, expected exactly one 'again'{hint}")

    # ---- report

    def report(self) -> str:
        out = []
        for name, ok, reason in self.results:
            out.append(f"PASS {self.lib.name} {name}" if ok else f"FAIL {self.lib.name} {name}: {reason}")
        if not all(ok for _, ok, _ in self.results) and not self.setup_error:
            out.append(f"  --- {self.lib.name} bot output (last 30 lines of {self.log_path}) ---")
            out.extend("  | " + line for line in tail(self.log_path).splitlines())
            out.append(f"  --- gramd log (last 30 lines of {self.gramd.log_path}) ---")
            out.extend("  | " + line for line in tail(self.gramd.log_path).splitlines())
        return "\n".join(out)


# --------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--setup", action="store_true", help="run compat/setup.sh first (installs the bot libraries)")
    ap.add_argument("--gramd", help="gramd binary (default: $GRAMD_BIN or target/release/gramd)")
    ap.add_argument("--only", help="comma-separated library names: " + ",".join(l.name for l in LIBRARIES))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("COMPAT_JOBS", "2")),
                    help="libraries run at the same time (default 2)")
    ap.add_argument("--keep", action="store_true", help="keep the run directory (logs, data) afterwards")
    args = ap.parse_args()

    if args.setup:
        r = subprocess.run(["bash", str(COMPAT / "setup.sh")])
        if r.returncode != 0:
            print(f"setup.sh failed with exit code {r.returncode}")
            return 1

    libs = LIBRARIES
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = set(wanted) - {l.name for l in LIBRARIES}
        if unknown:
            ap.error(f"unknown libraries: {', '.join(sorted(unknown))}")
        libs = [l for l in LIBRARIES if l.name in wanted]

    binary = Path(args.gramd or os.environ.get("GRAMD_BIN") or ROOT / "target" / "release" / "gramd")
    if not binary.is_absolute():
        binary = (Path.cwd() / binary).resolve()
    if not binary.exists():
        print(f"gramd binary not found at {binary} (build it: cargo build --release -p gramd)")
        print(f"0 passed, {len(libs) * len(SCENARIOS)} failed")
        return 1

    run_dir = Path(tempfile.mkdtemp(prefix="gramd-compat-"))
    gramd = Gramd(binary, run_dir)
    print(f"gramd {binary}  run dir {run_dir}  port {gramd.port}", flush=True)
    runs = [LibraryRun(lib, gramd, run_dir, i) for i, lib in enumerate(libs)]
    started = time.monotonic()
    passed = failed = 0
    try:
        for r in runs:
            r.create_accounts()
        try:
            gramd.start()
        except RuntimeError as e:
            for r in runs:
                r.setup_error = r.setup_error or f"gramd did not start: {e}"
            print(f"gramd did not start: {e}\n{tail(gramd.log_path)}")

        lock = threading.Lock()

        def one(r: LibraryRun) -> None:
            try:
                r.run()
            except Exception as e:  # a bug in this script: report it against the library
                done = {name for name, _, _ in r.results}
                r.results += [(s, False, f"harness error: {type(e).__name__}: {e}") for s in SCENARIOS if s not in done]
            with lock:
                print(r.report(), flush=True)

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(one, runs))
    finally:
        for r in runs:
            if r.bot is not None:
                r.bot.kill()
        died = gramd.proc is not None and gramd.proc.poll() is not None
        code = gramd.stop()
    for r in runs:
        for _, ok, _ in r.results:
            passed += ok
            failed += not ok
    # gramd itself: the run must end with a graceful SIGTERM shutdown (exit 0).
    if gramd.proc is not None:
        if died:
            reason = f"gramd exited during the run with code {code}"
        elif code is None:
            reason = "gramd did not exit within 15s of SIGTERM (killed)"
        elif code != 0:
            reason = f"gramd exited with code {code} after SIGTERM"
        else:
            reason = ""
        print(f"FAIL gramd shutdown: {reason}\n{tail(gramd.log_path)}" if reason else "PASS gramd shutdown")
        passed += not reason
        failed += bool(reason)
    print(f"({time.monotonic() - started:.0f}s; logs in {run_dir})" if (failed or args.keep)
          else f"({time.monotonic() - started:.0f}s)")
    if not failed and not args.keep:
        shutil.rmtree(run_dir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
