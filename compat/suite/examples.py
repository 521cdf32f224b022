"""The libraries' own example bots (compat/examples/, fetched by setup), each run unchanged
against its own gramd while the suite acts as the user, step by step (see compat/README.md).

An example runs as a subprocess of compat/examples/run_example.py, which points the
library at a recording proxy in front of gramd (suite/specproxy.py). A step is one thing a
user does (send /start, press a button, vote, open a deep link) and what the example is
written to answer; after each step every Bot API response the bot got in the meantime,
updates included, is checked against the Bot API spec. The first failed step ends the
example (a conversation cannot go on from a wrong state); the later steps are reported
as not run.

An example whose `pending` names a gramd feature another workstream is building is
expected to fail until it lands: its failed steps print as XFAIL and do not fail the
suite (its launch and gramd must still pass); if it passes, every step is an XPASS,
which fails the suite until `pending` is removed."""
from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .gramd import CONFIG, Gramd, GramdError, tail
from .libraries import COMPAT, VENV_PY
from .scenarios import bot_messages, describe
from .specproxy import SpecProxy
from .user import (
    Client,
    ClientApiError,
    ScenarioFailure,
    input_channel,
    input_peer_channel,
    input_peer_user,
    input_user,
    random_id,
    sent_message_id,
)

WAIT = float(os.environ.get("COMPAT_TIMEOUT", "15"))
STARTUP_WAIT = max(WAIT, 30.0)
SETTLE = 1.5  # quiet period proving that no further reply comes
POLL = 0.2
CACHE = COMPAT / ".cache" / "examples"
RUNNER = COMPAT / "examples" / "run_example.py"
FIXTURES = COMPAT / "fixtures"

# The sdists the examples come from: the library's name in the suite -> PyPI package.
PACKAGES = {"ptb": "python-telegram-bot", "aiogram": "aiogram", "telebot": "pyTelegramBotAPI"}

# Accounts of every example run besides the bot: role -> (username, first name).
ACCOUNTS = {"owner": ("ex_owner", "Owner"), "member": ("ex_member", "Member"), "third": ("ex_third", "Third")}

Step = tuple[str, Callable[[], None]]


def pinned(package: str) -> str:
    for line in (COMPAT / "requirements.txt").read_text().splitlines():
        if line.startswith(f"{package}=="):
            return line.split("==", 1)[1].strip()
    raise RuntimeError(f"{package} is not pinned in compat/requirements.txt")


def example_path(library: str, file: str) -> Path:
    package = PACKAGES[library]
    return CACHE / f"{package}-{pinned(package)}" / "examples" / file


# ---- what the user sees


def reply_keyboard(msg: dict) -> list[list[str]]:
    """The button texts of a reply keyboard, row by row."""
    markup = msg.get("reply_markup") or {}
    if markup.get("_") != "replyKeyboardMarkup":
        raise ScenarioFailure(f"#{msg['id']} {msg.get('message', '')[:40]!r} has no reply keyboard: "
                              f"{json.dumps(markup)[:300]}")
    return [[b.get("text") for b in row.get("buttons", [])] for row in markup.get("rows", [])]


def inline_keyboard(msg: dict) -> list[list[tuple[str, str, str]]]:
    """The buttons of an inline keyboard, row by row: (text, type, callback data or url)."""
    markup = msg.get("reply_markup") or {}
    if markup.get("_") != "replyInlineMarkup":
        raise ScenarioFailure(f"#{msg['id']} {msg.get('message', '')[:40]!r} has no inline keyboard: "
                              f"{json.dumps(markup)[:300]}")
    rows = []
    for row in markup.get("rows", []):
        out = []
        for b in row.get("buttons", []):
            kind = (b.get("type") or {}).get("_", b.get("_", ""))
            if kind == "inlineButtonTypeCallback":
                out.append((b.get("text"), "callback", base64.b64decode(b["type"].get("data", "")).decode()))
            elif kind == "inlineButtonTypeUrl":
                out.append((b.get("text"), "url", b["type"].get("url")))
            else:
                out.append((b.get("text"), kind, ""))
        rows.append(out)
    return rows


def hides_keyboard(msg: dict) -> bool:
    return (msg.get("reply_markup") or {}).get("_") == "replyKeyboardHide"


def entity_types(msg: dict) -> list[str]:
    return [e.get("_") for e in msg.get("entities") or []]


def poll_of(msg: dict) -> tuple[dict, dict]:
    """(poll, results) of a message with a poll."""
    media = msg.get("media") or {}
    if media.get("_") != "messageMediaPoll":
        raise ScenarioFailure(f"#{msg['id']} is not a poll: media {json.dumps(media)[:300]}")
    return media["poll"], media.get("results") or {}


def text_of(value) -> str:
    """The text of a TL textWithEntities (poll questions and answers) or a plain string."""
    return value.get("text", "") if isinstance(value, dict) else value


def poll_answers(poll: dict) -> list[str]:
    return [text_of(a.get("text")) for a in poll.get("answers", [])]


@dataclass
class Example:
    name: str  # <library>/<the example, as its file or folder is named>
    library: str  # ptb | aiogram | telebot
    file: str  # under the sdist's examples/
    steps: Callable[["ExampleRun"], list[Step]]
    # A gramd feature that another workstream is building and that this example needs:
    # until it lands, the example is expected to fail.
    pending: str | None = None

    @property
    def path(self) -> Path:
        return example_path(self.library, self.file)


class ExampleRun:
    """One example against its own gramd; the owner account acts as the user."""

    def __init__(self, example: Example, binary: Path, run_dir: Path, phone_base: int):
        self.example = example
        self.name = f"examples:{example.name}"
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.bot_cwd = run_dir / "cwd"  # files an example writes (downloads, saved states)
        self.bot_cwd.mkdir(exist_ok=True)
        self.gramd = Gramd(binary, run_dir)
        self.checker = binary.parent / "gramd-spec-check"
        self.phone_base = phone_base
        self.log_path = run_dir / "bot.log"
        # Usernames are at most 32 characters; each example has a gramd of its own.
        self.bot_username = ("ex_" + re.sub(r"[^a-z0-9]", "_", Path(example.file).stem.lower()))[:28] + "_bot"
        self.results: list[tuple[str, bool, str]] = []
        self.proc: subprocess.Popen | None = None
        self.proxy: SpecProxy | None = None
        self.users: dict[str, Client] = {}
        self._steps_declared: list[str] = []

    @property
    def scenarios(self) -> list[str]:  # the step names, for run.py's accounting
        return self._steps_declared or ["launch"]

    # ---- the run

    def setup(self) -> None:
        if not self.example.path.exists():
            raise ScenarioFailure(f"{self.example.path.relative_to(COMPAT)} not found (run compat/setup.sh, "
                                  "which fetches the examples)")
        if not VENV_PY.exists():
            raise ScenarioFailure("compat/.venv not found (run compat/setup.sh)")
        ids = {}
        for i, (role, (username, first)) in enumerate(ACCOUNTS.items()):
            ids[role] = self.gramd.create_user(f"+1666{self.phone_base + i:07d}", first, username)
        self.bot_token = self.gramd.create_bot(self.bot_username, self.example.name, owner=ids["owner"][0])
        self.gramd.start(CONFIG)
        for role, (uid, token) in ids.items():
            self.users[role] = Client(self.gramd.base, token, uid, self.gramd.alive_error)
        self.user = self.users["owner"]
        self.proxy = SpecProxy(self.gramd.base, self.checker, self.run_dir / "botapi.jsonl")
        env = dict(os.environ, BOT_TOKEN=self.bot_token, API_URL=self.proxy.url, PYTHONUNBUFFERED="1",
                   NO_COLOR="1")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(VENV_PY), str(RUNNER), self.example.library, str(self.example.path)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                cwd=str(self.bot_cwd), start_new_session=True)
        self.bot_user = self.user.resolve(self.bot_username)
        self.peer = input_peer_user(self.bot_user)
        # Started: the library asked for updates (after its start-up calls).
        deadline = time.monotonic() + STARTUP_WAIT
        while not any(m.lower() == "getupdates" for m in self.proxy.methods()):
            self.check_bot()
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"the example did not call getUpdates within {STARTUP_WAIT:.0f}s")
            time.sleep(POLL)

    def run(self) -> None:
        steps: list[Step] = []
        try:
            try:
                steps = self.example.steps(self)
                self._steps_declared = ["launch", *(name for name, _ in steps), "gramd"]
                self.setup()
                self.verdict("launch", self.spec_problems())
            except Exception as e:  # noqa: BLE001 - reported against the launch step
                self.results.append(("launch", False, self.reason(e)))
            for name, action in steps:
                if not all(ok for _, ok, _ in self.results):
                    self.results.append((name, False, f"not run: {self.first_failure()} failed"))
                    continue
                try:
                    action()
                    self.verdict(name, self.spec_problems())
                except Exception as e:  # noqa: BLE001 - every failure is reported against the step
                    self.results.append((name, False, self.reason(e)))
        finally:
            self.stop()
        gramd_ok = not self.gramd.died and all(c == 0 for c in self.gramd.exit_codes)
        self.results.append(("gramd", gramd_ok, "" if gramd_ok else
                             self.gramd.died or f"gramd exit codes on SIGTERM: {self.gramd.exit_codes}"))

    def verdict(self, step: str, problems: list[str]) -> None:
        if problems:
            self.results.append((step, False, "Bot API spec: " + " | ".join(problems)))
        else:
            self.results.append((step, True, ""))

    def spec_problems(self) -> list[str]:
        return self.proxy.check() if self.proxy else []

    def first_failure(self) -> str:
        return next(name for name, ok, _ in self.results if not ok)

    @staticmethod
    def reason(e: Exception) -> str:
        if isinstance(e, ClientApiError):
            return f"client API error: {e}"
        if isinstance(e, (ScenarioFailure, GramdError)):
            return str(e)
        return f"harness error: {type(e).__name__}: {e}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proxy is not None:
            self.proxy.close()
        if self.gramd.proc is not None:
            self.gramd.stop()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.gramd.proc is not None and self.gramd.proc.poll() is None:
            self.gramd.proc.kill()

    def verdicts(self) -> list[tuple[str, str, str]]:
        """(PASS | FAIL | XFAIL | XPASS, step, reason) of each step. A pending example's
        failed steps are expected (XFAIL) once it got going (launch and gramd must pass
        all the same); if nothing failed, each step is an XPASS."""
        pending = self.example.pending
        all_ok = all(ok for _, ok, _ in self.results)
        out = []
        for name, ok, reason in self.results:
            if pending and all_ok:
                out.append(("XPASS", name, ""))
            elif ok:
                out.append(("PASS", name, ""))
            elif pending and name not in ("launch", "gramd"):
                out.append(("XFAIL", name, reason if reason.startswith("not run")
                            else f"{reason} (expected until gramd has {pending})"))
            else:
                out.append(("FAIL", name, reason))
        return out

    def report(self) -> str:
        verdicts = self.verdicts()
        out = [f"{v} {self.name} {name}" + (f": {reason}" if reason else "") for v, name, reason in verdicts]
        kinds = {v for v, _, _ in verdicts}
        if "XPASS" in kinds:
            out.append(f"  {self.name} passes now that gramd has {self.example.pending}: remove its `pending` "
                       "in compat/suite/example_scenarios.py")
        if "FAIL" in kinds:
            out.append(f"  --- {self.name} output (last 30 lines of {self.log_path}) ---")
            out.extend("  | " + line for line in tail(self.log_path).splitlines())
            out.append(f"  --- gramd log (last 30 lines of {self.gramd.log_path}) ---")
            out.extend("  | " + line for line in tail(self.gramd.log_path).splitlines())
        return "\n".join(out)

    def counts(self) -> tuple[int, int, int]:
        """(passed, failed, expected failures) of the steps for the suite's totals; an
        XPASS counts as failed, until the pending mark goes."""
        kinds = [v for v, _, _ in self.verdicts()]
        return kinds.count("PASS"), kinds.count("FAIL") + kinds.count("XPASS"), kinds.count("XFAIL")

    # ---- the user's actions

    def check_bot(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise ScenarioFailure(f"the example exited with code {self.proc.returncode}")

    def send(self, text: str, peer: dict | None = None, reply_to: int | None = None, user: str = "owner") -> int:
        return self.users[user].send(peer or self.peer, text, reply_to)

    def send_media(self, media: dict, peer: dict | None = None) -> int:
        return self.user.send_media(peer or self.peer, media)

    def start_bot(self, param: str, peer: dict | None = None) -> int:
        """Opens t.me/<bot>?start=<param> (or ?startgroup= with a group peer): messages.startBot."""
        result = self.user.call("messages.startBot", {"bot": input_user(self.bot_user), "peer": peer or self.peer,
                                                      "random_id": random_id(), "start_param": param})
        msg_id = sent_message_id(result)
        if msg_id is None:
            raise ScenarioFailure(f"messages.startBot result has no message id: {json.dumps(result)[:300]}")
        return msg_id

    def botfather(self, dialogue: list[tuple[str, str]]) -> None:
        """The user talks to @BotFather: each (message, BotFather's answer) in turn."""
        father = input_peer_user(self.user.resolve("BotFather"))
        for text, answer in dialogue:
            sent = self.send(text, father)
            self.reply(sent, answer, father)

    def press(self, msg: dict, data: str, peer: dict | None = None) -> dict:
        """Presses a callback button; returns messages.botCallbackAnswer."""
        answer = self.user.call("messages.getBotCallbackAnswer", {
            "peer": peer or self.peer, "msg_id": msg["id"], "data": base64.b64encode(data.encode()).decode(),
        }, timeout=WAIT + 5)
        if answer.get("_") != "messages.botCallbackAnswer":
            raise ScenarioFailure(f"getBotCallbackAnswer returned {answer.get('_')!r}")
        return answer

    def vote(self, msg: dict, options: list[int], peer: dict | None = None, user: str = "owner") -> dict:
        """Votes for these answers (by index) of the poll in `msg` (as `user` sees it);
        returns the updates."""
        poll, _ = poll_of(msg)
        chosen = [poll["answers"][i]["option"] for i in options]
        return self.users[user].call("messages.sendVote", {"peer": peer or self.peer, "msg_id": msg["id"],
                                                           "options": chosen})

    def history(self, peer: dict | None = None) -> list[dict]:
        return self.user.history(peer or self.peer)

    def message(self, msg_id: int, peer: dict | None = None) -> dict:
        found = next((m for m in self.history(peer) if m["id"] == msg_id), None)
        if found is None:
            raise ScenarioFailure(f"message #{msg_id} is not in the chat any more")
        return found

    # ---- waiting for the bot

    def edited(self, msg_id: int, text: str, peer: dict | None = None) -> dict:
        """Message `msg_id` once the bot has edited it to read `text`."""
        deadline = time.monotonic() + WAIT
        while True:
            self.check_bot()
            msg = self.message(msg_id, peer)
            if msg.get("message") == text and msg.get("edit_date"):
                return msg
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"timed out after {WAIT:.0f}s waiting for #{msg_id} to be edited to {text!r}; "
                                      f"it reads {msg.get('message')!r}")
            time.sleep(POLL)

    def replies(self, after: int, count: int, what: str, peer: dict | None = None,
                timeout: float = WAIT) -> list[dict]:
        """Exactly `count` messages of the bot's after message id `after` (waits for them,
        then a quiet period in which no further one may come)."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_bot()
            got = [m for m in bot_messages(self.history(peer)) if m["id"] > after]
            if len(got) >= count:
                break
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"timed out after {timeout:.0f}s waiting for {what}; "
                                      f"the bot sent {describe(got)}")
            time.sleep(POLL)
        time.sleep(SETTLE)
        got = [m for m in bot_messages(self.history(peer)) if m["id"] > after]
        if len(got) != count:
            raise ScenarioFailure(f"expected {count} message(s) from the bot for {what}, got {describe(got)}")
        return got

    def reply(self, after: int, text: str | None, peer: dict | None = None, reply_to: int | None = None,
              timeout: float = WAIT) -> dict:
        """The bot's one message after `after`, which must read `text` (None: any) and, if
        given, quote message `reply_to`."""
        (msg,) = self.replies(after, 1, repr(text) if text is not None else "a reply", peer, timeout)
        self.expect_text(msg, text)
        if reply_to is not None:
            self.expect_reply_to(msg, reply_to)
        return msg

    def say(self, text: str, answer: str | None, peer: dict | None = None, quoted: bool = False) -> dict:
        """Sends `text`; the bot answers with exactly one message reading `answer`
        (quoting the user's message if `quoted`)."""
        sent = self.send(text, peer)
        return self.reply(sent, answer, peer, reply_to=sent if quoted else None)

    def silence(self, after: int, what: str, peer: dict | None = None) -> None:
        time.sleep(SETTLE)
        got = [m for m in bot_messages(self.history(peer)) if m["id"] > after]
        if got:
            raise ScenarioFailure(f"the bot answered {what}, which it is written to ignore: {describe(got)}")

    @staticmethod
    def expect_text(msg: dict, text: str | None) -> None:
        if text is not None and msg.get("message") != text:
            raise ScenarioFailure(f"the bot wrote {msg.get('message')!r}, expected {text!r}")

    @staticmethod
    def expect_reply_to(msg: dict, msg_id: int) -> None:
        quoted = (msg.get("reply_to") or {}).get("reply_to_msg_id")
        if quoted != msg_id:
            raise ScenarioFailure(f"the bot's {msg.get('message', '')[:40]!r} quotes #{quoted}, expected #{msg_id}")

    @staticmethod
    def expect(what: str, got, expected) -> None:
        if got != expected:
            raise ScenarioFailure(f"{what} is {got!r}, expected {expected!r}")

    def wait_updates(self, kind: str, what: str, predicate: Callable[[list[dict]], bool]) -> list[dict]:
        """The bot's updates of this kind, once `predicate` holds for them."""
        deadline = time.monotonic() + WAIT
        while not predicate(got := self.updates_of(kind)):
            self.check_bot()
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"timed out after {WAIT:.0f}s waiting for {what}; the bot's {kind} updates: "
                                      f"{json.dumps(got)[:600]}")
            time.sleep(POLL)
        return got

    def updates_of(self, kind: str) -> list[dict]:
        """Every update of this kind (`poll_answer`, `chat_member`, ...) the bot got so far,
        each once (a library may be sent an update again when its long poll timed out)."""
        found, seen = [], set()
        with self.proxy.lock:
            records = list(self.proxy.records)
        for method, body in records:
            if method.lower() == "getupdates" and isinstance(body, dict):
                for u in body.get("result") or []:
                    if kind in u and u.get("update_id") not in seen:
                        seen.add(u.get("update_id"))
                        found.append(u[kind])
        return found

    # ---- chats

    def supergroup(self, title: str) -> tuple[dict, dict]:
        """A new supergroup of the owner's: (channel, input peer)."""
        created = self.user.call("channels.createChannel", {"megagroup": True, "about": "", "title": title})
        channel = created["chats"][0]
        return channel, input_peer_channel(channel)

    def make_bot_admin(self, channel: dict) -> None:
        """channels.editAdmin on the bot (which adds it if it is not a member yet)."""
        rights = {"_": "chatAdminRights", "change_info": True, "delete_messages": True, "ban_users": True,
                  "invite_users": True, "pin_messages": True}
        self.user.call("channels.editAdmin", {"channel": input_channel(channel), "user_id": input_user(self.bot_user),
                                              "admin_rights": rights, "rank": ""})

    def invite(self, channel: dict, role: str) -> dict:
        member = self.user.resolve(ACCOUNTS[role][0])
        self.user.call("channels.inviteToChannel", {"channel": input_channel(channel), "users": [input_user(member)]})
        return member

    def kick(self, channel: dict, member: dict) -> None:
        self.user.call("channels.editBanned", {
            "channel": input_channel(channel), "participant": input_peer_user(member),
            "banned_rights": {"_": "chatBannedRights", "view_messages": True, "until_date": 0}})

    def basic_group(self, title: str, members: tuple[str, ...] = ()) -> dict:
        """A new basic group of the owner's with the bot and these members (roles)."""
        users = [input_user(self.bot_user)] + [input_user(self.user.resolve(ACCOUNTS[r][0])) for r in members]
        created = self.user.call("messages.createChat", {"users": users, "title": title})
        chats = (created.get("updates") or {}).get("chats") or []
        if not chats:
            raise ScenarioFailure(f"messages.createChat gave no chat: {json.dumps(created)[:300]}")
        return {"_": "inputPeerChat", "chat_id": chats[0]["id"]}
