"""Reactions and forum topics through python-telegram-bot.

Starts the gramd binary on a fresh data directory with a user and a bot made by the CLI.
The user creates a supergroup over the JSON client API, adds the bot and makes it an
administrator. Then, through python-telegram-bot:
- reactions: the bot reacts (setMessageReaction), is refused two reactions
  (REACTIONS_TOO_MANY) and one the chat does not allow (REACTION_INVALID); the user reacts
  over the client API and the bot, which asked for them, gets a `message_reaction` update;
  getChat shows the chat's available reactions;
- forum topics (when the check is run with --topics): a topic in a supergroup that is no
  forum is refused, the user turns the forum on, the bot creates, edits, closes and reopens a
  topic, a bad icon color is refused, the user cannot post in a closed topic
  (TOPIC_CLOSED), messages carry message_thread_id.

    compat/.venv/bin/python compat/reactions_topics/check_ptb.py --gramd target/debug/gramd
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suite.gramd import Gramd  # noqa: E402
from telegram import Bot, ReactionTypeEmoji  # noqa: E402
from telegram.error import BadRequest  # noqa: E402

RANDOM = iter(range(1, 1_000_000))


class User:
    """A user of the JSON client API."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.token = token

    def call(self, function: str, params: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base}/client/{function}", data=json.dumps(params).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = json.load(response)
        except urllib.error.HTTPError as e:
            body = json.load(e)
        return body

    def ok(self, function: str, params: dict) -> dict:
        body = self.call(function, params)
        assert body["ok"], (function, body)
        return body["result"]

    def input_user(self, username: str) -> dict:
        user = self.ok("contacts.resolveUsername", {"username": username})["users"][0]
        return {"_": "inputUser", "user_id": user["id"], "access_hash": user["access_hash"]}


class Supergroup:
    """A supergroup the user created, with the bot as an administrator."""

    def __init__(self, user: User, bot_username: str):
        tl = user.ok("channels.createChannel",
                     {"megagroup": True, "title": "Checks", "about": ""})["chats"][0]
        self.input = {"_": "inputChannel", "channel_id": tl["id"], "access_hash": tl["access_hash"]}
        self.peer = {"_": "inputPeerChannel", "channel_id": tl["id"],
                     "access_hash": tl["access_hash"]}
        self.chat_id = -1_000_000_000_000 - int(tl["id"])
        bot = user.input_user(bot_username)
        user.ok("channels.inviteToChannel", {"channel": self.input, "users": [bot]})
        user.ok("channels.editAdmin", {
            "channel": self.input, "user_id": bot, "rank": "",
            "admin_rights": {"_": "chatAdminRights", "delete_messages": True,
                             "manage_topics": True, "pin_messages": True}})

    def post(self, user: User, text: str, reply_to: dict | None = None) -> dict:
        params = {"peer": self.peer, "message": text, "random_id": str(next(RANDOM))}
        if reply_to is not None:
            params["reply_to"] = reply_to
        return user.call("messages.sendMessage", params)


def sent_id(body: dict) -> int:
    assert body["ok"], body
    return next(u["id"] for u in body["result"]["updates"] if u["_"] == "updateMessageID")


async def expect_bad_request(call, wanted: str) -> None:
    try:
        await call
    except BadRequest as e:
        assert wanted.lower() in str(e).lower(), (wanted, str(e))
        return
    raise AssertionError(f"expected {wanted}")


async def check_reactions(bot: Bot, user: User, group: Supergroup, offset: int) -> int:
    msg_id = sent_id(group.post(user, "react to this"))
    assert await bot.set_message_reaction(group.chat_id, msg_id, [ReactionTypeEmoji("👍")])
    await expect_bad_request(
        bot.set_message_reaction(group.chat_id, msg_id,
                                 [ReactionTypeEmoji("👍"), ReactionTypeEmoji("🔥")]),
        "REACTIONS_TOO_MANY")
    await expect_bad_request(
        bot.set_message_reaction(group.chat_id, 424242, [ReactionTypeEmoji("👍")]),
        "message to react not found")

    user.ok("messages.sendReaction", {
        "peer": group.peer, "msg_id": msg_id,
        "reaction": [{"_": "reactionEmoji", "emoticon": "🔥"}]})
    updates = await bot.get_updates(offset=offset, timeout=5)
    reactions = [u.message_reaction for u in updates if u.message_reaction]
    assert reactions, updates
    change = reactions[-1]
    assert change.chat.id == group.chat_id and change.message_id == msg_id, change
    assert [r.emoji for r in change.new_reaction] == ["🔥"], change
    assert change.old_reaction == (), change
    offset = updates[-1].update_id + 1

    user.ok("messages.setChatAvailableReactions", {
        "peer": group.peer,
        "available_reactions": {"_": "chatReactionsSome",
                                "reactions": [{"_": "reactionEmoji", "emoticon": "🔥"}]}})
    chat = await bot.get_chat(group.chat_id)
    assert [r.emoji for r in chat.available_reactions] == ["🔥"], chat.available_reactions
    await expect_bad_request(
        bot.set_message_reaction(group.chat_id, msg_id, [ReactionTypeEmoji("🎉")]),
        "REACTION_INVALID")
    assert await bot.set_message_reaction(group.chat_id, msg_id, [ReactionTypeEmoji("🔥")])
    return offset


async def run(base: str, token: str, user: User, topics: bool) -> None:
    async with Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot") as bot:
        group = Supergroup(user, "checks_bot")
        # Asking for message_reaction before anything happens: updates are kept by kind when
        # they happen.
        updates = await bot.get_updates(timeout=0, allowed_updates=["message", "message_reaction"])
        offset = updates[-1].update_id + 1 if updates else 0
        offset = await check_reactions(bot, user, group, offset)
        print("ok   reactions: setMessageReaction and its errors, message_reaction, "
              "available_reactions")
        if topics:
            from topics import check_topics  # noqa: PLC0415
            await check_topics(bot, user, offset)
            print("ok   forum topics: create, edit, close, reopen, errors, message_thread_id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gramd", type=Path, default=Path("target/debug/gramd"))
    parser.add_argument("--topics", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory(prefix="gramd-reactions-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        _, session = gramd.create_user("+15550400001", "Owner", "checks_owner")
        token = gramd.create_bot("checks_bot", "Checks")
        gramd.start()
        try:
            asyncio.run(run(gramd.base, token, User(gramd.base, session), args.topics))
        finally:
            gramd.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
