"""Bot API method groups through python-telegram-bot, error paths included.

Starts gramd on a fresh data directory with a user and a business-capable bot. The bot is
python-telegram-bot's `Bot` (its own request code, parsing and error classes); the user is
the suite's JSON client API session. Each group checks what the bot's call returns, what
the user sees, what the bot receives when the user acts, and Telegram's error strings:

- locations (live, edited, stopped), venues, contacts, dice (server-rolled; a bad emoji);
- polls and quizzes (votes as poll_answer, stopPoll; one option, a quiz without a correct
  option) and users' own locations, contacts and polls reaching the bot;
- forwardMessages and copyMessages;
- profile photos (setMyProfilePhoto, getUserProfilePhotos, removeMyProfilePhoto);
- chat actions and message drafts (the user's session is shown them; drafts only in
  private chats);
- the business account's name, bio and username, with and without the rights;
- verification by a verifier bot (made one with `gramd bot verifier`);
- a user's emoji status, set by the bot once the user allowed it.

    compat/.venv/bin/python compat/methods/check_ptb.py --gramd target/debug/gramd
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suite.gramd import Gramd  # noqa: E402
from suite.user import Client, input_peer_user, input_user  # noqa: E402
from telegram import Bot, InputProfilePhotoStatic, ReplyParameters  # noqa: E402
from telegram.error import BadRequest  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


async def expect_error(call, description: str) -> None:
    """`call` fails with `Bad Request: <description>`. PTB strips the prefix and
    capitalizes what is left (`GEO_POINT_INVALID` becomes `Geo_point_invalid`), so the case
    is not compared here; the integration tests compare the exact strings."""
    try:
        await call
    except BadRequest as e:
        assert e.message.lower() == description.lower(), (e.message, description)
        return
    raise AssertionError(f"expected Bad Request: {description}")


async def next_update(bot: Bot, offset: list[int], kind: str, timeout: float = 10,
                      where=lambda _: True):
    """The bot's next update of `kind` that `where` accepts (others before it are
    skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for update in await bot.get_updates(offset=offset[0], timeout=1):
            offset[0] = update.update_id + 1
            value = getattr(update, kind)
            if value is not None and where(value):
                return value
    raise AssertionError(f"no {kind} update within {timeout} s")


def session_updates(user: Client) -> list[dict]:
    state = user.call("updates.getState", {})
    diff = user.call("updates.getDifference", {"pts": state["pts"], "date": 0, "qts": 0})
    return diff.get("other_updates", [])


def newest(user: Client, peer: dict) -> dict:
    return user.history(peer, limit=1)[0]


async def locations_venues_contacts_dice(bot: Bot, user: Client, peer: dict, offset: list[int]) -> None:
    live = await bot.send_location(user.id, 51.5, -0.12, live_period=600)
    assert live.location.live_period == 600
    seen = newest(user, peer)
    assert seen["media"]["_"] == "messageMediaGeoLive", seen["media"]
    edited = await bot.edit_message_live_location(user.id, live.message_id, latitude=51.51, longitude=-0.13)
    assert abs(edited.location.latitude - 51.51) < 1e-6
    stopped = await bot.stop_message_live_location(user.id, live.message_id)
    assert stopped.location is not None
    await expect_error(bot.send_location(user.id, 91, 0), "GEO_POINT_INVALID")

    venue = await bot.send_venue(user.id, 48.85, 2.35, "Louvre", "Rue de Rivoli")
    assert venue.venue.title == "Louvre" and venue.venue.address == "Rue de Rivoli"
    assert newest(user, peer)["media"]["_"] == "messageMediaVenue"
    contact = await bot.send_contact(user.id, "+15550100", "Ada", last_name="Lovelace")
    assert contact.contact.first_name == "Ada"
    assert newest(user, peer)["media"]["_"] == "messageMediaContact"
    dice = await bot.send_dice(user.id, emoji="🎯")
    assert dice.dice.emoji == "🎯" and 1 <= dice.dice.value <= 6
    assert newest(user, peer)["media"]["value"] == dice.dice.value
    await expect_error(bot.send_dice(user.id, emoji="🍕"), "EMOTICON_INVALID")

    # The user shares a location and a contact; the bot receives them.
    user.send_media(peer, {"_": "inputMediaGeoPoint",
                           "geo_point": {"_": "inputGeoPoint", "lat": 40.0, "long": -3.7}})
    message = await next_update(bot, offset, "message", where=lambda m: m.chat.id == user.id)
    assert message.location is not None and abs(message.location.latitude - 40.0) < 1e-6, message.to_dict()
    user.send_media(peer, {"_": "inputMediaContact", "phone_number": "+15550111",
                           "first_name": "Grace", "last_name": "", "vcard": ""})
    message = await next_update(bot, offset, "message", where=lambda m: m.chat.id == user.id)
    assert message.contact.first_name == "Grace", message


async def polls(bot: Bot, user: Client, peer: dict, offset: list[int]) -> None:
    poll = await bot.send_poll(user.id, "Tea or coffee?", ["Tea", "Coffee"], is_anonymous=False)
    assert [o.text for o in poll.poll.options] == ["Tea", "Coffee"]
    seen = newest(user, peer)
    assert seen["media"]["_"] == "messageMediaPoll"
    user.call("messages.sendVote", {"peer": peer, "msg_id": seen["id"], "options": ["MQ=="]})
    answer = await next_update(bot, offset, "poll_answer")
    assert (answer.poll_id, answer.option_ids, answer.user.id) == (poll.poll.id, (1,), user.id), answer
    closed = await bot.stop_poll(user.id, poll.message_id)
    assert closed.is_closed and [o.voter_count for o in closed.options] == [0, 1]
    await expect_error(bot.stop_poll(user.id, poll.message_id), "poll has already been closed")

    quiz = await bot.send_poll(user.id, "2 + 2?", ["3", "4"], type="quiz", correct_option_id=1,
                               explanation="Arithmetic")
    assert quiz.poll.type == "quiz" and quiz.poll.correct_option_id == 1
    await expect_error(bot.send_poll(user.id, "Alone?", ["Only"]), "POLL_ANSWERS_INVALID")
    await expect_error(bot.send_poll(user.id, "Which?", ["A", "B"], type="quiz"),
                       "QUIZ_CORRECT_ANSWERS_EMPTY")

    # A user's own poll reaches the bot.
    user.send_media(peer, {"_": "inputMediaPoll", "poll": {
        "_": "poll", "id": "0", "question": {"_": "textWithEntities", "text": "Lunch?", "entities": []},
        "answers": [{"_": "pollAnswer", "text": {"_": "textWithEntities", "text": t, "entities": []},
                     "option": o} for t, o in (("Now", "MA=="), ("Later", "MQ=="))], "hash": "0"}})
    message = await next_update(bot, offset, "message", where=lambda m: m.chat.id == user.id)
    assert message.poll.question == "Lunch?", message


async def forwards_and_copies(bot: Bot, user: Client, peer: dict) -> None:
    first = await bot.send_message(user.id, "one")
    second = await bot.send_message(user.id, "two")
    forwarded = await bot.forward_messages(user.id, user.id, [first.message_id, second.message_id])
    assert len(forwarded) == 2
    texts = [m["message"] for m in user.history(peer, limit=2)]
    assert texts == ["two", "one"], texts
    assert "fwd_from" in user.history(peer, limit=1)[0]
    copied = await bot.copy_messages(user.id, user.id, [first.message_id])
    assert len(copied) == 1
    latest = newest(user, peer)
    assert latest["message"] == "one" and "fwd_from" not in latest


async def profile_photos(bot: Bot, user: Client) -> None:
    photo = (FIXTURES / "photo.jpg").read_bytes()
    assert await bot.set_my_profile_photo(InputProfilePhotoStatic(photo))
    photos = await bot.get_user_profile_photos(bot.id)
    assert photos.total_count == 1, photos
    assert await bot.remove_my_profile_photo()
    assert (await bot.get_user_profile_photos(bot.id)).total_count == 0
    assert (await bot.get_user_profile_photos(user.id)).total_count == 0


async def actions_and_drafts(bot: Bot, user: Client, group_chat_id: int) -> None:
    session_updates(user)
    assert await bot.send_chat_action(user.id, "typing")
    assert await bot.send_message_draft(user.id, 42, "Thinking…")
    updates = session_updates(user)
    actions = [u["action"]["_"] for u in updates if u["_"] == "updateUserTyping"]
    assert actions == ["sendMessageTypingAction", "sendMessageTextDraftAction"], updates
    await expect_error(bot.send_message_draft(group_chat_id, 1, "x"), "TEXTDRAFT_PEER_INVALID")
    await expect_error(bot.send_chat_action(user.id, "dancing"), "wrong parameter action in request")


async def business_profile(bot: Bot, user: Client, offset: list[int], bot_username: str) -> None:
    bot_input = input_user(user.resolve(bot_username))
    recipients = {"_": "inputBusinessBotRecipients", "existing_chats": True, "new_chats": True,
                  "non_contacts": True}
    user.call("account.updateConnectedBot", {
        "bot": bot_input, "recipients": recipients,
        "rights": {"_": "businessBotRights", "edit_name": True, "edit_bio": True}})
    connection = await next_update(bot, offset, "business_connection")
    assert await bot.set_business_account_name(connection.id, "Shop", "Keeper")
    assert await bot.set_business_account_bio(connection.id, "Open 9 to 5")
    await expect_error(bot.set_business_account_username(connection.id, "shop_keeper"),
                       "BOT_ACCESS_FORBIDDEN")
    me = user.call("users.getUsers", {"id": [{"_": "inputUserSelf"}]})[0]
    assert (me["first_name"], me["last_name"]) == ("Shop", "Keeper"), me
    chat = await bot.get_chat(user.id)
    assert chat.bio == "Open 9 to 5", chat
    await expect_error(bot.set_business_account_name("no-such-connection", "X"),
                       "BUSINESS_CONNECTION_INVALID")


async def verification(bot: Bot, user: Client) -> None:
    assert await bot.verify_user(user.id)
    me = user.call("users.getFullUser", {"id": {"_": "inputUserSelf"}})
    assert me["full_user"]["bot_verification"]["description"]["text"] == "Verified by Acme", me
    await expect_error(bot.verify_user(user.id, custom_description="Our CEO"), "BOT_VERIFIER_FORBIDDEN")
    assert await bot.remove_user_verification(user.id)
    me = user.call("users.getFullUser", {"id": {"_": "inputUserSelf"}})
    assert "bot_verification" not in me["full_user"], me


async def emoji_status(bot: Bot, user: Client, bot_username: str) -> None:
    icon = (await bot.get_forum_topic_icon_stickers())[0].custom_emoji_id
    await expect_error(bot.set_user_emoji_status(user.id, icon), "USER_PERMISSION_DENIED")
    user.call("bots.toggleUserEmojiStatusPermission",
              {"bot": input_user(user.resolve(bot_username)), "enabled": True})
    assert await bot.set_user_emoji_status(user.id, icon)
    chat = await bot.get_chat(user.id)
    assert chat.emoji_status_custom_emoji_id == icon, chat
    me = user.call("users.getUsers", {"id": [{"_": "inputUserSelf"}]})[0]
    assert me["emoji_status"]["document_id"] == icon, me


async def main_async(gramd: Gramd) -> None:
    user_id, user_token = gramd.create_user("+15550199", "Mia", "mia_methods")
    token = gramd.cli("bot", "create", "--username", "methods_bot", "--first-name", "Methods",
                      "--business").split()[-1]
    gramd.cli("bot", "verifier", "--bot", token.split(":")[0], "--company", "Acme")
    gramd.start()
    user = Client(gramd.base, user_token, user_id, gramd.alive_error)
    peer = input_peer_user(user.resolve("methods_bot"))
    async with Bot(token, base_url=f"{gramd.base}/bot", base_file_url=f"{gramd.base}/file/bot") as bot:
        offset = [0]
        user.send(peer, "/start")
        await next_update(bot, offset, "message")
        created = user.call("messages.createChat", {
            "users": [input_user(user.resolve("methods_bot"))], "title": "Methods"})
        group_chat_id = -int(created["updates"]["chats"][0]["id"])
        await next_update(bot, offset, "my_chat_member")
        for name, group in [
            ("locations, venues, contacts and dice", locations_venues_contacts_dice(bot, user, peer, offset)),
            ("polls and quizzes", polls(bot, user, peer, offset)),
            ("forwards and copies", forwards_and_copies(bot, user, peer)),
            ("profile photos", profile_photos(bot, user)),
            ("chat actions and drafts", actions_and_drafts(bot, user, group_chat_id)),
            ("business account profile", business_profile(bot, user, offset, "methods_bot")),
            ("verification", verification(bot, user)),
            ("emoji status", emoji_status(bot, user, "methods_bot")),
        ]:
            await group
            print(f"ok: {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gramd", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramd-methods-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        try:
            asyncio.run(main_async(gramd))
        finally:
            gramd.stop()
    print("PASS: Bot API method groups through python-telegram-bot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
