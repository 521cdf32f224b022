"""An inline bot made with @BotFather runs with python-telegram-bot.

Starts the gramd binary on a fresh data directory and makes one user with the CLI. The user
creates a bot with @BotFather and turns on inline mode (/setinline, with a placeholder) and
inline feedback (/setinlinefeedback). python-telegram-bot runs the bot: it answers inline
queries with several kinds of result (an article with a button, a cached document, a
location, a venue, a contact), pages them with `next_offset` and shows a button above them;
it refuses wrong answers (a duplicate id, a result of the wrong kind, a late answer) with
Telegram's errors. The user, over the JSON client API, asks (`messages.getInlineBotResults`),
gets both pages, sends the article (`messages.sendInlineBotResult`) and presses its button;
the bot hears of the choice (`chosen_inline_result`) and of the press (a callback query with
`inline_message_id`), which it answers by editing the message, and the user sees the edit.

    compat/.venv/bin/python compat/inline/check_ptb_inline.py --gramd target/debug/gramd
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suite.gramd import CONFIG, Gramd  # noqa: E402
from telegram import (  # noqa: E402
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultCachedDocument,
    InlineQueryResultCachedPhoto,
    InlineQueryResultContact,
    InlineQueryResultLocation,
    InlineQueryResultsButton,
    InlineQueryResultVenue,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    ContextTypes,
    InlineQueryHandler,
)

RANDOM = iter(range(1, 1_000_000))
BOT = "ptb_inline_bot"


class User:
    """A user of the JSON client API."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.token = token

    def call_raw(self, function: str, params: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base}/client/{function}", data=json.dumps(params).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            return json.load(err)

    def call(self, function: str, params: dict) -> dict:
        body = self.call_raw(function, params)
        assert body["ok"], (function, body)
        return body["result"]

    def resolve(self, username: str) -> dict:
        return self.call("contacts.resolveUsername", {"username": username})["users"][0]

    def peer(self, username: str) -> dict:
        user = self.resolve(username)
        return {"_": "inputPeerUser", "user_id": user["id"], "access_hash": user["access_hash"]}

    def history(self, peer: dict) -> list[dict]:
        return self.call("messages.getHistory", {
            "peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": 10,
            "max_id": 0, "min_id": 0, "hash": 0})["messages"]

    def send(self, peer: dict, text: str) -> None:
        self.call("messages.sendMessage", {"peer": peer, "message": text, "random_id": str(next(RANDOM))})

    def ask_botfather(self, botfather: dict, text: str, timeout: float = 10) -> str:
        """Sends `text` to @BotFather and returns the next answer."""
        before = max((m["id"] for m in self.history(botfather)), default=0)
        self.send(botfather, text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.history(botfather):
                if message["id"] > before and not message.get("out"):
                    return message["message"]
            time.sleep(0.1)
        raise AssertionError(f"no answer to {text!r} within {timeout} s")

    def wait_for(self, peer: dict, predicate, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.history(peer):
                if predicate(message):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no such message within {timeout} s")


def make_bot(user: User) -> str:
    botfather = user.peer("BotFather")
    user.ask_botfather(botfather, "/newbot")
    user.ask_botfather(botfather, "Inline Finder")
    done = user.ask_botfather(botfather, BOT)
    token = next(line for line in done.splitlines() if ":" in line and line.split(":")[0].isdigit())
    user.ask_botfather(botfather, "/setinline")
    user.ask_botfather(botfather, f"@{BOT}")
    assert user.ask_botfather(botfather, "Search files…").startswith("Success!")
    user.ask_botfather(botfather, "/setinlinefeedback")
    user.ask_botfather(botfather, f"@{BOT}")
    assert "ENABLED" in user.ask_botfather(botfather, "Enable")
    return token


async def run_bot(base: str, token: str, user: User, friend: User) -> None:
    seen: dict = {"chosen": asyncio.Queue(), "pressed": asyncio.Queue(), "errors": []}
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Like", callback_data="like")]])
    state: dict = {}

    async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query.query == "late":
            return  # never answered in time
        assert query.chat_type == "private", query.chat_type
        if query.offset == "":
            # Wrong answers first: each is refused and the query stays open.
            article = InlineQueryResultArticle("dup", "Dup", InputTextMessageContent("dup"))
            for results, error in [
                ([article, article], "RESULT_ID_DUPLICATE"),
                ([InlineQueryResultCachedPhoto("p", photo_file_id=state["document_id"])],
                 "RESULT_TYPE_INVALID"),
            ]:
                try:
                    await query.answer(results, cache_time=0)
                    seen["errors"].append(f"{error}: accepted")
                except BadRequest as err:
                    # python-telegram-bot shows Telegram's names capitalized.
                    if error.lower() not in str(err).lower():
                        seen["errors"].append(f"{error}: {err}")
            await query.answer([
                InlineQueryResultArticle("article", f"About {query.query}",
                                         InputTextMessageContent(f"<b>{query.query}</b> found", parse_mode="HTML"),
                                         reply_markup=keyboard, description="an article"),
                InlineQueryResultCachedDocument("doc", "notes.txt", state["document_id"], caption="the notes"),
                InlineQueryResultLocation("loc", 48.8584, 2.2945, "Eiffel Tower"),
            ], cache_time=0, next_offset="page2",
                button=InlineQueryResultsButton("Open settings", start_parameter="settings"))
            state["first_query"] = query.id
        else:
            assert query.offset == "page2", query.offset
            await query.answer([
                InlineQueryResultVenue("venue", 48.8606, 2.3376, "Louvre", "Rue de Rivoli"),
                InlineQueryResultContact("contact", "+15550123456", "Finder"),
            ], cache_time=0)
            # The first query was answered: answering it again is too late.
            try:
                await context.bot.answer_inline_query(state["first_query"], [], cache_time=0)
                seen["errors"].append("a late answer was accepted")
            except BadRequest as err:
                if "query is too old" not in str(err).lower():
                    seen["errors"].append(f"late answer: {err}")

    async def on_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await seen["chosen"].put(update.chosen_inline_result)

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        press = update.callback_query
        await press.answer("Liked!")
        assert press.message is None, press.message
        await context.bot.edit_message_text("liked", inline_message_id=press.inline_message_id)
        await seen["pressed"].put(press)

    app = (Application.builder().token(token).base_url(f"{base}/bot")
           .base_file_url(f"{base}/file/bot").build())
    app.add_handler(InlineQueryHandler(on_inline_query))
    app.add_handler(ChosenInlineResultHandler(on_chosen))
    app.add_handler(CallbackQueryHandler(on_press))
    async with app:
        me = await app.bot.get_me()
        assert me.supports_inline_queries, me
        sent = await app.bot.send_document(user_id_of(user), b"notes of the finder", filename="notes.txt")
        state["document_id"] = sent.document.file_id
        await app.start()
        await app.updater.start_polling(timeout=1)

        bot_user = user.resolve(BOT)
        assert bot_user.get("bot_inline_placeholder") == "Search files…", bot_user
        bot_input = {"_": "inputUser", "user_id": bot_user["id"], "access_hash": bot_user["access_hash"]}
        to_friend = user.peer("inline_friend")

        def ask(query: str, offset: str) -> dict:
            return user.call_raw("messages.getInlineBotResults", {
                "bot": bot_input, "peer": to_friend, "query": query, "offset": offset})

        first = await asyncio.to_thread(ask, "paris", "")
        assert first["ok"], first
        results = first["result"]
        assert [r["id"] for r in results["results"]] == ["article", "doc", "loc"], results
        assert results["next_offset"] == "page2", results
        assert results["switch_pm"]["start_param"] == "settings", results
        assert results["results"][1]["_"] == "botInlineMediaResult", results["results"][1]
        second = await asyncio.to_thread(ask, "paris", "page2")
        assert second["ok"], second
        assert [r["type"] for r in second["result"]["results"]] == ["venue", "contact"], second
        print("ok   answerInlineQuery: article, cached document, location, venue, contact; two pages; a button")

        late = await asyncio.to_thread(ask, "late", "")
        assert not late["ok"] and late["error_message"] == "BOT_RESPONSE_TIMEOUT", late
        assert not seen["errors"], seen["errors"]
        print("ok   refused: a duplicate id, a result of the wrong kind, a late answer; a silent bot times out")

        await asyncio.to_thread(user.call, "messages.sendInlineBotResult", {
            "peer": to_friend, "query_id": results["query_id"], "id": "article",
            "random_id": str(next(RANDOM))})
        chosen = await asyncio.wait_for(seen["chosen"].get(), 10)
        assert (chosen.result_id, chosen.query) == ("article", "paris"), chosen
        assert chosen.inline_message_id, chosen

        to_user = friend.peer("inline_user")
        received = await asyncio.to_thread(friend.wait_for, to_user, lambda m: "found" in m.get("message", ""))
        assert int(received["via_bot_id"]) == int(bot_user["id"]), received
        answer = await asyncio.to_thread(friend.call, "messages.getBotCallbackAnswer", {
            "peer": to_user, "msg_id": received["id"], "data": base64.b64encode(b"like").decode()})
        assert answer["message"] == "Liked!", answer
        press = await asyncio.wait_for(seen["pressed"].get(), 10)
        assert press.inline_message_id == chosen.inline_message_id, press
        await asyncio.to_thread(friend.wait_for, to_user, lambda m: m.get("message") == "liked")
        print("ok   chosen_inline_result, then a callback query on the inline message, edited by its id")
        await app.updater.stop()
        await app.stop()


def user_id_of(user: User) -> int:
    return user.call("users.getUsers", {"id": [{"_": "inputUserSelf"}]})[0]["id"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gramd", type=Path, default=Path("target/debug/gramd"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramd-inline-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        _, session = gramd.create_user("+15550400001", "Ann", "inline_user")
        _, friend_session = gramd.create_user("+15550400002", "Ben", "inline_friend")
        gramd.start(CONFIG + "\n[limits]\ninline_answer_timeout_secs = 2\n")
        try:
            user = User(gramd.base, session)
            friend = User(gramd.base, friend_session)
            token = make_bot(user)
            user.send(user.peer(BOT), "/start")
            user.send(user.peer("inline_friend"), "hi")
            print("ok   @BotFather: /newbot, /setinline with a placeholder, /setinlinefeedback")
            asyncio.run(run_bot(gramd.base, token, user, friend))
        finally:
            gramd.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
