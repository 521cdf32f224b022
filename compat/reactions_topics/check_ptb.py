"""Reactions and forum topics through python-telegram-bot.

Starts the gramd binary on a fresh data directory with a user and a bot made by the CLI.
The user creates a supergroup over the JSON client API, adds the bot and makes it an
administrator. Then, through python-telegram-bot:
- reactions: the bot reacts (setMessageReaction), is refused two reactions
  (REACTIONS_TOO_MANY) and one the chat does not allow (REACTION_INVALID); the user reacts
  over the client API and the bot, which asked for them, gets a `message_reaction` update;
  getChat shows the chat's available reactions;
- forum topics: a topic in a supergroup that is no forum is refused, the user turns the
  forum on, the bot creates, edits, closes and reopens a topic, a bad icon color is
  refused, the user cannot post in a closed topic (TOPIC_CLOSED), messages carry
  message_thread_id both ways.

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

    def add_member(self, owner: User, member: User, username: str) -> dict:
        """Adds `member`; returns the supergroup's input peer as the member sees it."""
        owner.ok("channels.inviteToChannel",
                 {"channel": self.input, "users": [owner.input_user(username)]})
        link = owner.ok("messages.exportChatInvite", {"peer": self.peer})["link"]
        invite = member.ok("messages.checkChatInvite",
                           {"hash": link.removeprefix("https://t.me/+")})
        tl = invite["chat"]
        return {"_": "inputPeerChannel", "channel_id": tl["id"], "access_hash": tl["access_hash"]}

    def post(self, user: User, text: str, reply_to: dict | None = None,
             peer: dict | None = None) -> dict:
        params = {"peer": peer or self.peer, "message": text, "random_id": str(next(RANDOM))}
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


async def check_topics(bot: Bot, user: User, member: User, offset: int) -> None:
    group = Supergroup(user, "checks_bot")
    member_peer = group.add_member(user, member, "checks_member")
    await expect_bad_request(bot.create_forum_topic(group.chat_id, "Early"),
                             "the chat is not a forum")
    user.ok("channels.toggleForum", {"channel": group.input, "enabled": True, "tabs": False})
    chat = await bot.get_chat(group.chat_id)
    assert chat.is_forum, chat
    await expect_bad_request(bot.create_forum_topic(group.chat_id, "Ideas", icon_color=123),
                             "TOPIC_ICON_COLOR_INVALID")
    topic = await bot.create_forum_topic(group.chat_id, "Ideas", icon_color=16766590)
    assert (topic.name, topic.icon_color) == ("Ideas", 16766590), topic
    thread = topic.message_thread_id

    sent = await bot.send_message(group.chat_id, "hello topic", message_thread_id=thread)
    assert sent.message_thread_id == thread and sent.is_topic_message, sent
    assert await bot.edit_forum_topic(group.chat_id, thread, name="Ideas 2")

    # The user writes in the topic by replying to it; the bot sees which topic.
    updates = await bot.get_updates(offset=offset, timeout=0)
    offset = updates[-1].update_id + 1 if updates else offset
    body = group.post(user, "from the user", {"_": "inputReplyToMessage", "reply_to_msg_id": thread})
    assert body["ok"], body
    updates = await bot.get_updates(offset=offset, timeout=5)
    texts = [(u.message.text, u.message.message_thread_id) for u in updates if u.message]
    assert ("from the user", thread) in texts, texts
    offset = updates[-1].update_id + 1

    # Closed: a member who is no administrator may not write there.
    in_topic = {"_": "inputReplyToMessage", "reply_to_msg_id": thread}
    assert await bot.close_forum_topic(group.chat_id, thread)
    refused = group.post(member, "closed?", in_topic, member_peer)
    assert refused.get("error_message") == "TOPIC_CLOSED", refused
    assert await bot.reopen_forum_topic(group.chat_id, thread)
    assert group.post(member, "open", in_topic, member_peer)["ok"]
    assert await bot.delete_forum_topic(group.chat_id, thread)
    await expect_bad_request(bot.send_message(group.chat_id, "gone", message_thread_id=thread),
                             "message thread not found")


async def run(base: str, token: str, user: User, member: User) -> None:
    async with Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot") as bot:
        group = Supergroup(user, "checks_bot")
        # Asking for message_reaction before anything happens: updates are kept by kind when
        # they happen.
        updates = await bot.get_updates(timeout=0, allowed_updates=["message", "message_reaction"])
        offset = updates[-1].update_id + 1 if updates else 0
        offset = await check_reactions(bot, user, group, offset)
        print("ok   reactions: setMessageReaction and its errors, message_reaction, "
              "available_reactions")
        await check_topics(bot, user, member, offset)
        print("ok   forum topics: create, edit, close, reopen, delete, their errors, "
              "message_thread_id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gramd", type=Path, default=Path("target/debug/gramd"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramd-reactions-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        _, session = gramd.create_user("+15550400001", "Owner", "checks_owner")
        _, member_session = gramd.create_user("+15550400002", "Member", "checks_member")
        token = gramd.create_bot("checks_bot", "Checks")
        gramd.start()
        try:
            owner, member = User(gramd.base, session), User(gramd.base, member_session)
            asyncio.run(run(gramd.base, token, owner, member))
        finally:
            gramd.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
