"""A bot made entirely by chatting with @BotFather runs with python-telegram-bot.

Starts the gramd binary on a fresh data directory and makes one user with the CLI. The user
then talks to @BotFather through the JSON client API: /newbot (name and username, which
gives the token), /setcommands and /setdescription. python-telegram-bot starts with that
token (getMe, getMyCommands and getMyDescription must show what BotFather set) and polls;
the user writes to the bot, and the bot's echo comes back in the user's history.

    compat/.venv/bin/python compat/botfather/check_ptb.py --gramd target/debug/gramd
"""
from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suite.client_api import User as ClientUser  # noqa: E402
from suite.gramd import Gramd  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

RANDOM = iter(range(1, 1_000_000))


class User(ClientUser):
    """A user of the JSON client API who asks and waits for answers."""

    def ask(self, peer: dict, text: str, timeout: float = 10) -> str:
        """Sends `text` and returns the next answer in that chat."""
        sent = self.call("messages.sendMessage",
                         {"peer": peer, "message": text, "random_id": str(next(RANDOM))})
        if "updates" in sent:
            sent_id = max(u["id"] for u in sent["updates"] if u["_"] == "updateMessageID")
        else:  # updateShortSentMessage
            sent_id = sent["id"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.history(peer):
                if message["id"] > sent_id and not message.get("out"):
                    return message["message"]
            time.sleep(0.1)
        raise AssertionError(f"no answer to {text!r} within {timeout} s")


def chat_with_botfather(user: User) -> str:
    botfather = user.peer("BotFather")
    assert "choose a name" in user.ask(botfather, "/newbot")
    user.ask(botfather, "Echo Friend")
    done = user.ask(botfather, "echo_friend_bot")
    assert done.startswith("Done! Congratulations"), done
    token = re.search(r"^\d+:[A-Za-z0-9_-]{30,}$", done, re.M)
    assert token, done
    user.ask(botfather, "/setcommands")
    user.ask(botfather, "@echo_friend_bot")
    assert user.ask(botfather, "echo - Repeat what you say").startswith("Success!")
    user.ask(botfather, "/setdescription")
    user.ask(botfather, "@echo_friend_bot")
    assert user.ask(botfather, "I repeat what you say.").startswith("Success!")
    return token.group(0)


async def run_bot(base: str, token: str, user: User) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"echo: {update.message.text}")

    app = (Application.builder().token(token).base_url(f"{base}/bot")
           .base_file_url(f"{base}/file/bot").build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        me = await app.bot.get_me()
        assert (me.username, me.first_name) == ("echo_friend_bot", "Echo Friend"), me
        commands = await app.bot.get_my_commands()
        assert [(c.command, c.description) for c in commands] == [("echo", "Repeat what you say")]
        description = await app.bot.get_my_description()
        assert description.description == "I repeat what you say.", description
        await app.start()
        await app.updater.start_polling(timeout=1)
        peer = user.peer("echo_friend_bot")
        reply = await asyncio.to_thread(user.ask, peer, "hello from a BotFather bot")
        assert reply == "echo: hello from a BotFather bot", reply
        await app.updater.stop()
        await app.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gramd", type=Path, default=Path("target/debug/gramd"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramd-botfather-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        _, session = gramd.create_user("+15550300001", "Maker", "bf_maker")
        gramd.start()
        try:
            user = User(gramd.base, session)
            token = chat_with_botfather(user)
            print("ok   the bot was created and configured by chatting with @BotFather")
            asyncio.run(run_bot(gramd.base, token, user))
            print("ok   python-telegram-bot runs it: getMe, commands, description, an echo")
        finally:
            gramd.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
