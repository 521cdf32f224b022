"""Runs an example bot that a library publishes, unchanged, against gramd.

Usage: run_example.py <ptb|aiogram|telebot> <path of the example's .py file>
Environment: BOT_TOKEN (the bot's token on gramd), API_URL (where the Bot API is,
http://host:port, without /bot).

The examples hard-code Telegram's address (the libraries' default) and a token placeholder
("TOKEN", "<api_token>", ...) or read the token from BOT_TOKEN. Before the example's file
runs (runpy, as `__main__`, with its own directory first on sys.path) this runner changes
exactly two things, through each library's public API:

- the address: PTB `ApplicationBuilder.base_url(API_URL + "/bot")` and
  `.base_file_url(API_URL + "/file/bot")` on every builder; aiogram
  `Bot(session=AiohttpSession(api=TelegramAPIServer.from_base(API_URL)))` for every Bot
  made without a session; telebot `apihelper.API_URL` and `apihelper.FILE_URL`;
- the token: whatever token the example passes to `ApplicationBuilder.token()` (PTB) or
  `TeleBot(...)` (telebot) is replaced by BOT_TOKEN; aiogram's examples read BOT_TOKEN
  themselves and are given it as is.

Everything else (handlers, keyboards, texts, polling) runs as published.
"""
from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path


def patch_ptb(api: str, token: str) -> None:
    from telegram.ext import ApplicationBuilder

    init, set_token = ApplicationBuilder.__init__, ApplicationBuilder.token

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")

    def token_(self, _placeholder):
        return set_token(self, token)

    ApplicationBuilder.__init__ = __init__
    ApplicationBuilder.token = token_


def patch_aiogram(api: str, token: str) -> None:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    init = Bot.__init__

    def __init__(self, *args, session=None, **kwargs):
        if session is None:
            session = AiohttpSession(api=TelegramAPIServer.from_base(api))
        init(self, *args, session=session, **kwargs)

    Bot.__init__ = __init__


def patch_telebot(api: str, token: str) -> None:
    import telebot
    from telebot import apihelper

    apihelper.API_URL = f"{api}/bot{{0}}/{{1}}"
    apihelper.FILE_URL = f"{api}/file/bot{{0}}/{{1}}"
    init = telebot.TeleBot.__init__

    def __init__(self, _placeholder, *args, **kwargs):
        init(self, token, *args, **kwargs)

    telebot.TeleBot.__init__ = __init__


PATCHES = {"ptb": patch_ptb, "aiogram": patch_aiogram, "telebot": patch_telebot}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in PATCHES:
        sys.exit(f"usage: {sys.argv[0]} <{'|'.join(PATCHES)}> <example.py>")
    library, example = sys.argv[1], Path(sys.argv[2]).resolve()
    PATCHES[library](os.environ["API_URL"].rstrip("/"), os.environ["BOT_TOKEN"])
    sys.argv = [str(example)]
    sys.path[0] = str(example.parent)
    runpy.run_path(str(example), run_name="__main__")


if __name__ == "__main__":
    main()
