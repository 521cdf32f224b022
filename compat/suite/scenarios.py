"""One run: one library in one mode (polling or webhook) against its own gramd, with a
user acting through the client API, scenario by scenario (see compat/README.md).

Every wait is bounded (WAIT, or STARTUP_WAIT while a bot starts). A scenario that fails
does not stop the next ones, except where they need it (BLOCKS)."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import signal
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

from .gramd import CONFIG, LIMITS_CONFIG, WEBHOOK_REPLY_RAN, Gramd, GramdError, free_port, tail
from .libraries import COMPAT, BotProcess, Target
from .user import (
    Client,
    ClientApiError,
    ScenarioFailure,
    bot_api,
    document_location,
    http_json,
    input_channel,
    input_peer_channel,
    input_peer_user,
    input_user,
    photo_location,
)

WAIT = float(os.environ.get("COMPAT_TIMEOUT", "15"))
STARTUP_WAIT = max(WAIT, 30.0)  # interpreter start-up + getMe/deleteWebhook or setWebhook + first update
STOP_WAIT = 30.0  # longest default long-poll that a library lets finish on stop is 20 s (telebot)
SETTLE = 1.5  # quiet period used to prove that no extra reply arrives
POLL = 0.2

FIXTURES = COMPAT / "fixtures"
FORBIDDEN_TEXT = "Forbidden: bot can't initiate conversation with a user"
RETRY_AFTER = 1  # gramd's retry_after for a bot's second message within a second to a private chat

# admin and invite come last: they make the bot an administrator, and a library that
# cannot read the my_chat_member update of that may stop taking updates at all.
SCENARIOS = ["startup", "echo", "command", "callback", "media", "album", "group", "webhook", "shutdown",
             "limits", "admin", "invite", "gramd"]
# A failed scenario and the later ones that are then not run.
BLOCKS = {"startup": set(SCENARIOS) - {"startup", "gramd"}, "command": {"callback"}}

# The run's accounts besides the bot: role -> (username, first name). The owner acts in
# every scenario; the others are members the bot bans, restricts and promotes, a user who
# asks to join by link, and one who never wrote to the bot.
ACCOUNTS = {
    "owner": ("compat_owner", "Owner"),
    "ban": ("compat_ban", "Banned"),
    "restrict": ("compat_restrict", "Restricted"),
    "promote": ("compat_promote", "Promoted"),
    "joiner": ("compat_joiner", "Joiner"),
    "stranger": ("compat_stranger", "Stranger"),
}


def scenarios_for(mode: str) -> list[str]:
    return [s for s in SCENARIOS if s != "webhook" or mode == "webhook"]


def bot_messages(history: list[dict]) -> list[dict]:
    """Messages in a chat sent by someone else than the user (the bot), oldest first."""
    return sorted((m for m in history if not m.get("out")), key=lambda m: m["id"])


def describe(msgs: list[dict]) -> str:
    return "[" + ", ".join(f"#{m['id']} {m.get('message', '')!r}" for m in msgs) + "]"


def text_is(text: str) -> Callable[[dict], bool]:
    return lambda m: m.get("message") == text


def starts_with(prefix: str) -> Callable[[dict], bool]:
    return lambda m: m.get("message", "").startswith(prefix)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_bytes() -> bytes:
    """40 000 bytes that are not text and not an image, the same every run."""
    out, block = b"", b"gramd compat"
    while len(out) < 40000:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:40000]


def callback_button(markup: dict | None) -> tuple[str, bytes]:
    """(text, data) of the only button of an inline keyboard."""
    try:
        assert markup["_"] == "replyInlineMarkup"
        rows = markup["rows"]
        assert len(rows) == 1 and rows[0]["_"] == "keyboardInlineButtonRow"
        (button,) = rows[0]["buttons"]
        assert button["_"] == "keyboardInlineButton" and button["type"]["_"] == "inlineButtonTypeCallback"
        return button["text"], base64.b64decode(button["type"]["data"])
    except (AssertionError, KeyError, TypeError, IndexError, ValueError) as e:
        raise ScenarioFailure(f"reply_markup is not one callback button ({e or type(e).__name__}): "
                              f"{json.dumps(markup)[:400]}") from None


class Run:
    def __init__(self, target: Target, binary: Path, run_dir: Path, phone_base: int):
        self.target = target
        self.lib = target.lib
        self.name = target.name
        self.scenarios = scenarios_for(target.mode)
        run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir = run_dir
        self.gramd = Gramd(binary, run_dir)
        self.phone_base = phone_base
        self.log_path = run_dir / "bot.log"
        self.results: list[tuple[str, bool, str]] = []
        self.bot_username = f"compat_{self.lib.name}_bot"
        self.webhook_port = free_port()
        self.webhook_url = f"http://127.0.0.1:{self.webhook_port}/hook"
        self.bot: BotProcess | None = None
        self.users: dict[str, tuple[int, str]] = {}  # role -> (id, token)
        self._supergroup: SimpleNamespace | Exception | None = None

    # ---- the run

    def setup(self) -> str | None:
        """Creates the accounts and starts gramd; returns why it could not."""
        missing = [str(p.relative_to(COMPAT)) for p in self.lib.needs if not p.exists()]
        if missing:
            return f"not set up (missing {', '.join(missing)}; run compat/setup.sh)"
        try:
            for i, (role, (username, first_name)) in enumerate(ACCOUNTS.items()):
                self.users[role] = self.gramd.create_user(f"+1555{self.phone_base + i:07d}", first_name, username)
            self.bot_token = self.gramd.create_bot(self.bot_username, f"{self.lib.name} compat bot")
            self.gramd.start(CONFIG)
        except (GramdError, OSError) as e:
            return f"setup failed: {e}"
        owner_id, owner_token = self.users["owner"]
        self.user = Client(self.gramd.base, owner_token, owner_id, self.alive_error)
        env = dict(os.environ, BOT_TOKEN=self.bot_token, API_URL=self.gramd.base, BOT_MODE=self.target.mode)
        if self.target.mode == "webhook":
            self.webhook_secret = secrets.token_urlsafe(24)
            env.update(WEBHOOK_URL=self.webhook_url, WEBHOOK_PORT=str(self.webhook_port),
                       WEBHOOK_SECRET=self.webhook_secret)
        self.bot = BotProcess(self.lib, self.log_path, env)
        return None

    def run(self) -> None:
        try:
            problem = self.setup()
            if problem:
                self.results = [(s, False, problem) for s in self.scenarios]
                return
            blocked: dict[str, str] = {}
            for name in self.scenarios[:-1]:  # the last, "gramd", is judged after the stop
                if name in blocked:
                    self.results.append((name, False, f"not run: {blocked[name]} failed"))
                    continue
                try:
                    getattr(self, f"s_{name}")()
                    self.results.append((name, True, ""))
                except Exception as e:  # noqa: BLE001 - every failure is reported against the scenario
                    if isinstance(e, ClientApiError):
                        reason = f"client API error: {e}"
                    elif isinstance(e, (ScenarioFailure, GramdError)):
                        reason = str(e)
                    else:
                        reason = f"harness error: {type(e).__name__}: {e}"
                    self.results.append((name, False, reason))
                    blocked.update({later: name for later in BLOCKS.get(name, ())})
        finally:
            if self.bot is not None and self.bot.running():
                self.bot.stop(STOP_WAIT)
                self.bot.kill()
            if self.gramd.proc is not None:
                self.gramd.stop()
        if len(self.results) < len(self.scenarios):
            self.results.append(("gramd", *self.gramd_verdict()))

    def gramd_verdict(self) -> tuple[bool, str]:
        """gramd stayed up and exited 0 on every SIGTERM (before the limits restart and at the end)."""
        if self.gramd.died:
            return False, self.gramd.died
        bad = [c for c in self.gramd.exit_codes if c != 0]
        if bad:
            return False, f"gramd exit codes on SIGTERM: {self.gramd.exit_codes} (None: killed after 15 s)"
        return True, ""

    def kill(self) -> None:
        if self.bot is not None:
            self.bot.kill()
        if self.gramd.proc is not None and self.gramd.proc.poll() is None:
            self.gramd.proc.kill()

    def alive_error(self) -> str | None:
        return self.gramd.alive_error()

    def report(self) -> str:
        out = [f"PASS {self.name} {name}" if ok else f"FAIL {self.name} {name}: {reason}"
               for name, ok, reason in self.results]
        if not all(ok for _, ok, _ in self.results):
            out.append(f"  --- {self.name} bot output (last 30 lines of {self.log_path}) ---")
            out.extend("  | " + line for line in tail(self.log_path).splitlines())
            out.append(f"  --- gramd log (last 30 lines of {self.gramd.log_path}) ---")
            out.extend("  | " + line for line in tail(self.gramd.log_path).splitlines())
        return "\n".join(out)

    # ---- helpers

    def wait_for(self, peer: dict, what: str, predicate: Callable[[list[dict]], object], timeout: float = WAIT):
        """Polls the chat with `peer` until predicate(history) gives a value."""
        deadline = time.monotonic() + timeout
        while True:
            if (gone := self.bot.exit_error()) is not None:
                raise ScenarioFailure(f"{gone} (waiting for {what})")
            value = predicate(self.user.history(peer))
            if value:
                return value
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"timed out after {timeout:.0f}s waiting for {what}")
            time.sleep(POLL)

    def wait_reply(self, peer: dict, after: int, what: str, match: Callable[[dict], bool] = lambda m: True,
                   timeout: float = WAIT) -> dict:
        """The first message of the bot's after message id `after` that matches."""
        return self.wait_for(peer, what, lambda h: next(
            (m for m in bot_messages(h) if m["id"] > after and match(m)), None), timeout)

    def replies_after(self, peer: dict, msg_id: int) -> list[dict]:
        return [m for m in bot_messages(self.user.history(peer)) if m["id"] > msg_id]

    def expect_single_reply(self, sent_id: int, what: str) -> dict:
        first = self.wait_reply(self.peer, sent_id, f"a reply to {what}")
        time.sleep(SETTLE)
        replies = self.replies_after(self.peer, sent_id)
        if len(replies) != 1:
            raise ScenarioFailure(f"expected exactly one reply to {what}, got {len(replies)}: {describe(replies)}")
        return first

    def press(self, peer: dict, msg_id: int, data: bytes) -> str:
        """Presses an inline button; returns the bot's answer text."""
        answer = self.user.call("messages.getBotCallbackAnswer", {
            "peer": peer, "msg_id": msg_id, "data": base64.b64encode(data).decode(),
        }, timeout=WAIT + 5)
        if answer.get("_") != "messages.botCallbackAnswer":
            raise ScenarioFailure(f"getBotCallbackAnswer returned {answer.get('_')!r}")
        return answer.get("message")

    def restart_bot(self) -> None:
        code = self.bot.stop(STOP_WAIT)
        signame = signal.Signals(self.lib.stop_signal).name
        if code is None:
            raise ScenarioFailure(f"bot did not exit within {STOP_WAIT:.0f}s of {signame} (killed)")
        if code != 0:
            raise ScenarioFailure(f"bot exited with code {code} after {signame}")
        self.bot.start()

    # ---- scenarios: the bot in a private chat

    def s_startup(self) -> None:
        self.bot_user = self.user.resolve(self.bot_username)
        self.peer = input_peer_user(self.bot_user)
        self.bot.start()
        self.hello_id = self.user.send(self.peer, "hello")
        self.wait_reply(self.peer, self.hello_id, "the bot's first reply (to 'hello')", timeout=STARTUP_WAIT)

    def s_echo(self) -> None:
        time.sleep(SETTLE)
        replies = self.replies_after(self.peer, self.hello_id)
        if len(replies) != 1:
            raise ScenarioFailure(f"expected exactly one reply to 'hello', got {len(replies)}: {describe(replies)}")
        if replies[0].get("message") != "hello":
            raise ScenarioFailure(f"reply text {replies[0].get('message')!r} != 'hello'")

    def s_command(self) -> None:
        reply = self.expect_single_reply(self.user.send(self.peer, "/start"), "'/start'")
        if reply.get("message") != "Pick":
            raise ScenarioFailure(f"reply text {reply.get('message')!r} != 'Pick' (the /start handler did not answer)")
        button = callback_button(reply.get("reply_markup"))
        if button != ("B1", b"btn1"):
            raise ScenarioFailure(f"the button is {button}, expected ('B1', b'btn1')")
        self.pick_id = reply["id"]

    def s_callback(self) -> None:
        answer = self.press(self.peer, self.pick_id, b"btn1")
        if answer != "ok":
            raise ScenarioFailure(f"callback answer message {answer!r} != 'ok'")

        def edited(history):
            m = next((m for m in history if m["id"] == self.pick_id), None)
            return m if m and m.get("message") == "Picked btn1" else None

        msg = self.wait_for(self.peer, "the message to be edited to 'Picked btn1'", edited)
        if not isinstance(msg.get("edit_date"), int) or msg["edit_date"] <= 0:
            raise ScenarioFailure(f"edited message has no edit_date: {json.dumps(msg)[:300]}")

    def s_media(self) -> None:
        photo = (FIXTURES / "photo.jpg").read_bytes()
        sent = self.user.send_media(self.peer, {"_": "inputMediaUploadedPhoto",
                                                "file": self.user.upload(photo, "photo.jpg")})
        back = self.wait_reply(self.peer, sent, "the bot's photo ('photo <sha256>')", starts_with("photo "))
        self.check_file(back, "photo", photo, "messageMediaPhoto",
                        lambda media: photo_location(media["photo"]))

        document = document_bytes()
        sent = self.user.send_media(self.peer, {
            "_": "inputMediaUploadedDocument", "file": self.user.upload(document, "upload.bin"),
            "mime_type": "application/octet-stream",
            "attributes": [{"_": "documentAttributeFilename", "file_name": "compat.bin"}]})
        back = self.wait_reply(self.peer, sent, "the bot's document ('document <sha256>')", starts_with("document "))
        self.check_file(back, "document", document, "messageMediaDocument",
                        lambda media: document_location(media["document"]))
        names = [a.get("file_name") for a in back["media"]["document"].get("attributes", [])
                 if a.get("_") == "documentAttributeFilename"]
        if names != ["compat.bin"]:
            raise ScenarioFailure(f"the document came back named {names}, expected ['compat.bin']")

    def check_file(self, message: dict, kind: str, sent: bytes, media_type: str, location) -> None:
        """The bot's caption names the SHA-256 of what it downloaded, and the file it sent
        downloads (upload.getFile) as the bytes the user sent."""
        caption = message.get("message", "")
        if caption != f"{kind} {sha256(sent)}":
            raise ScenarioFailure(f"the bot downloaded other bytes than the user's {kind}: caption {caption!r}, "
                                  f"the {len(sent)} bytes sent have SHA-256 {sha256(sent)}")
        media = message.get("media") or {}
        if media.get("_") != media_type:
            raise ScenarioFailure(f"the bot's {kind} message has media {media.get('_')!r}, expected {media_type}")
        got = self.user.download(location(media))
        if got != sent:
            raise ScenarioFailure(f"the {kind} the bot sent downloads as {len(got)} bytes (SHA-256 {sha256(got)}), "
                                  f"not the {len(sent)} bytes the user sent")

    def s_album(self) -> None:
        sent = self.user.send(self.peer, "/album")

        def album(history):
            photos = [m for m in bot_messages(history)
                      if m["id"] > sent and (m.get("media") or {}).get("_") == "messageMediaPhoto"]
            return photos if len(photos) >= 2 else None

        photos = self.wait_for(self.peer, "two photos from the bot (sendMediaGroup)", album)
        groups = {m.get("grouped_id") for m in photos}
        if len(photos) != 2 or len(groups) != 1 or None in groups:
            raise ScenarioFailure(f"expected 2 photos with one grouped_id, got "
                                  f"{[(m['id'], m.get('grouped_id')) for m in photos]}")
        if [m.get("message") for m in photos] != ["album", ""]:
            raise ScenarioFailure(f"album captions {[m.get('message') for m in photos]} != ['album', '']")

    # ---- scenarios: groups

    def s_group(self) -> None:
        created = self.user.call("messages.createChat", {"users": [input_user(self.bot_user)],
                                                         "title": f"compat {self.name}"})
        chats = (created.get("updates") or {}).get("chats") or []
        if not chats:
            raise ScenarioFailure(f"messages.createChat gave no chat: {json.dumps(created)[:300]}")
        group = {"_": "inputPeerChat", "chat_id": chats[0]["id"]}
        joined = self.wait_reply(group, 0, "'status member' (the bot's my_chat_member update)",
                                 text_is("status member"))
        self.user.send(group, "plain group text")
        start = self.user.send(group, f"/start@{self.bot_username}")
        self.wait_reply(group, start, "'Pick' for /start@bot", text_is("Pick"))
        reply = self.user.send(group, "reply to the bot", reply_to=joined["id"])
        self.wait_reply(group, reply, "the echo of a reply to the bot's message", text_is("reply to the bot"))
        time.sleep(SETTLE)
        texts = [m.get("message") for m in bot_messages(self.user.history(group))]
        if texts != ["status member", "Pick", "reply to the bot"]:
            hint = " (privacy mode: the bot saw a plain message)" if "plain group text" in texts else ""
            raise ScenarioFailure(f"the bot wrote {texts} in the group, expected "
                                  f"['status member', 'Pick', 'reply to the bot']{hint}")

    def supergroup(self) -> SimpleNamespace:
        """A supergroup of the user's with the bot as administrator (ban, invite, pin and
        promote rights) and the members to ban, restrict and promote; made once."""
        if isinstance(self._supergroup, Exception):
            raise ScenarioFailure(f"the supergroup could not be set up: {self._supergroup}")
        if self._supergroup is None:
            try:
                self._supergroup = self.make_supergroup()
            except (ScenarioFailure, ClientApiError) as e:
                self._supergroup = e
                raise
        return self._supergroup

    def make_supergroup(self) -> SimpleNamespace:
        created = self.user.call("channels.createChannel", {"megagroup": True, "about": "",
                                                            "title": f"compat {self.name} admins"})
        channel = created["chats"][0]
        members = {role: self.user.resolve(ACCOUNTS[role][0]) for role in ("ban", "restrict", "promote")}
        self.user.call("channels.inviteToChannel", {
            "channel": input_channel(channel),
            "users": [input_user(u) for u in [self.bot_user, *members.values()]]})
        peer = input_peer_channel(channel)
        self.wait_reply(peer, 0, "'status member' (my_chat_member in the supergroup)", text_is("status member"),
                        timeout=STARTUP_WAIT)  # the bot may have just restarted (limits)
        rights = {"_": "chatAdminRights", "change_info": True, "delete_messages": True, "ban_users": True,
                  "invite_users": True, "pin_messages": True, "add_admins": True}
        self.user.call("channels.editAdmin", {"channel": input_channel(channel), "user_id": input_user(self.bot_user),
                                              "admin_rights": rights, "rank": ""})
        self.wait_reply(peer, 0, "'status administrator' (my_chat_member after channels.editAdmin)",
                        text_is("status administrator"))
        return SimpleNamespace(channel=channel, peer=peer, members=members)

    def participant(self, channel: dict, user: dict) -> dict:
        return self.user.call("channels.getParticipant", {"channel": input_channel(channel),
                                                          "participant": input_peer_user(user)})["participant"]

    def s_admin(self) -> None:
        group = self.supergroup()
        ids = " ".join(str(group.members[role]["id"]) for role in ("ban", "restrict", "promote"))
        sent = self.user.send(group.peer, f"/admin@{self.bot_username} {ids}")
        done = self.wait_reply(group.peer, sent, "the bot's 'admin done'", starts_with("admin "))
        if done.get("message") != "admin done":
            raise ScenarioFailure(f"the bot reported {done.get('message')!r}")
        checks = {
            "ban": lambda p: p.get("_") == "channelParticipantBanned"
            and (p.get("banned_rights") or {}).get("view_messages") is True,
            "restrict": lambda p: p.get("_") == "channelParticipantBanned"
            and (p.get("banned_rights") or {}).get("send_messages") is True
            and not (p.get("banned_rights") or {}).get("view_messages"),
            "promote": lambda p: p.get("_") == "channelParticipantAdmin"
            and (p.get("admin_rights") or {}).get("pin_messages") is True
            and (p.get("admin_rights") or {}).get("invite_users") is True,
        }
        for role, check in checks.items():
            seen = self.participant(group.channel, group.members[role])
            if not check(seen):
                raise ScenarioFailure(f"after the bot's {role}, channels.getParticipant shows {json.dumps(seen)[:400]}")

    def s_invite(self) -> None:
        group = self.supergroup()
        sent = self.user.send(group.peer, f"/invite@{self.bot_username}")
        link = self.wait_reply(group.peer, sent, "the bot's invite link ('link <url>')",
                               lambda m: starts_with("link ")(m) or starts_with("invite failed")(m))
        if not link["message"].startswith("link "):
            raise ScenarioFailure(f"the bot reported {link['message']!r}")
        url = link["message"][len("link "):]
        if not url.startswith("https://t.me/+"):
            raise ScenarioFailure(f"the invite link {url!r} is not https://t.me/+<hash>")
        joiner_id, joiner_token = self.users["joiner"]
        joiner = Client(self.gramd.base, joiner_token, joiner_id, self.alive_error)
        try:
            result = joiner.call("messages.importChatInvite", {"hash": url[len("https://t.me/+"):]})
            raise ScenarioFailure(f"messages.importChatInvite joined at once ({json.dumps(result)[:200]}); "
                                  "expected INVITE_REQUEST_SENT")
        except ClientApiError as e:
            if e.error_message != "INVITE_REQUEST_SENT":
                raise ScenarioFailure(f"messages.importChatInvite: {e}, expected INVITE_REQUEST_SENT") from None
        self.wait_reply(group.peer, sent, f"'approved {joiner_id}' (chat_join_request approved)",
                        text_is(f"approved {joiner_id}"))
        seen = self.participant(group.channel, self.user.resolve(ACCOUNTS["joiner"][0]))
        if seen.get("_") != "channelParticipant":
            raise ScenarioFailure(f"after the approval, channels.getParticipant shows {json.dumps(seen)[:300]}")

    # ---- scenarios: webhooks, restarts and limits

    def s_webhook(self) -> None:
        info = bot_api(self.gramd.base, self.bot_token, "getWebhookInfo")
        url = (info.get("result") or {}).get("url")
        if url != self.webhook_url:
            raise ScenarioFailure(f"getWebhookInfo url is {url!r}, expected {self.webhook_url!r}: {json.dumps(info)[:300]}")
        # The library checks the secret: updates without it, or with another, are refused.
        forged = {"update_id": 2_000_000_000, "message": {
            "message_id": 999_999, "date": int(time.time()), "text": "forged",
            "chat": {"id": self.user.id, "type": "private", "first_name": "Owner"},
            "from": {"id": self.user.id, "is_bot": False, "first_name": "Owner"}}}
        for label, headers in [("no secret", {}), ("a wrong secret", {"X-Telegram-Bot-Api-Secret-Token": "wrong"})]:
            try:
                status, body = http_json(self.webhook_url, forged, headers, WAIT)
            except OSError as e:
                raise ScenarioFailure(f"posting to the bot's webhook {self.webhook_url} failed: {e}") from None
            if status not in (401, 403):
                raise ScenarioFailure(f"the bot's webhook answered an update with {label} with HTTP {status} "
                                      f"{body[:100]!r}, expected 401 or 403")
        # A method in the webhook's answer: the "hook" button's answerCallbackQuery.
        sent = self.user.send(self.peer, "/hook")
        hook = self.wait_reply(self.peer, sent, "'Hook' with its button", text_is("Hook"))
        if callback_button(hook.get("reply_markup")) != ("H", b"hook"):
            raise ScenarioFailure(f"the /hook reply's button is {callback_button(hook.get('reply_markup'))}")
        ran = (WEBHOOK_REPLY_RAN, "method=answercallbackquery")
        before = self.gramd.log_count(*ran)
        answer = self.press(self.peer, hook["id"], b"hook")
        if answer != "hooked":
            raise ScenarioFailure(f"callback answer message {answer!r} != 'hooked'")
        if self.lib.webhook_reply:
            deadline = time.monotonic() + WAIT
            while self.gramd.log_count(*ran) <= before:
                if time.monotonic() > deadline:
                    raise ScenarioFailure("the callback was answered, but not by a method in the webhook's "
                                          f"answer (gramd's log has no new '{WEBHOOK_REPLY_RAN}')")
                time.sleep(POLL)
        if any(m.get("message") == "forged" for m in bot_messages(self.user.history(self.peer))):
            raise ScenarioFailure("the bot answered a forged update")

    def s_shutdown(self) -> None:
        before = bot_messages(self.user.history(self.peer))
        before_ids = {m["id"] for m in before}
        self.restart_bot()
        again_id = self.user.send(self.peer, "again")
        self.wait_reply(self.peer, again_id, "the restarted bot's reply to 'again'", timeout=STARTUP_WAIT)
        time.sleep(SETTLE)
        new = [m for m in bot_messages(self.user.history(self.peer)) if m["id"] not in before_ids]
        if [m.get("message") for m in new] != ["again"]:
            old_texts = {m.get("message") for m in before} | {"hello", "/start", "Pick"}
            hint = (" (an update handled before the restart was delivered again)"
                    if any(m.get("message") in old_texts for m in new) else "")
            raise ScenarioFailure(
                f"after the restart the bot sent {describe(new)}, expected exactly one 'again'{hint}")

    def restart_gramd(self, config: str) -> None:
        """Stops the bot and gramd, and starts both again, gramd with `config`."""
        self.bot.stop(STOP_WAIT)
        self.bot.kill()
        self.gramd.stop()
        self.gramd.start(config)
        self.bot.start()

    def s_limits(self) -> None:
        # Against gramd with flood limits on: a 403 and a 429 as the library raises them.
        # Then back to the usual settings for the scenarios after this one.
        self.restart_gramd(LIMITS_CONFIG)
        try:
            stranger_id = self.users["stranger"][0]
            sent = self.user.send(self.peer, f"/limits {stranger_id}")
            report = self.wait_reply(self.peer, sent, "the bot's limits report ('403 ... | 429 ...')",
                                     starts_with("403 "), timeout=STARTUP_WAIT + WAIT)
        finally:
            self.restart_gramd(CONFIG)
        expected = (f"403 {self.lib.forbidden} {FORBIDDEN_TEXT} | "
                    f"429 {self.lib.flood} retry_after={RETRY_AFTER}")
        if report.get("message") != expected:
            raise ScenarioFailure(f"the bot reported {report.get('message')!r}, expected {expected!r}")
