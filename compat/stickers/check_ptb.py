"""A python-telegram-bot bot makes a sticker set on gramd and sends a sticker from it.

Starts the gramd binary on a fresh data directory with one user and one bot (made with the
CLI); the user starts the bot over the JSON client API. With python-telegram-bot the bot
uploads three PNG stickers (uploadStickerFile), creates a set for the user, adds to it,
moves and deletes stickers, reads the set back (getStickerSet) and sends a sticker of it,
which the user receives as a document linked to the set. The error paths go through the
library too (each must raise BadRequest), and the same calls made over plain HTTP must give
Telegram's exact descriptions: a name without `_by_<bot>`, an empty emoji list, a set that
does not exist.

    compat/.venv/bin/python compat/stickers/check_ptb.py --gramd target/debug/gramd
"""
from __future__ import annotations

import argparse
import asyncio
import io
import json
import struct
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from suite.client_api import User  # noqa: E402
from suite.gramd import Gramd  # noqa: E402
from telegram import Bot, InputSticker  # noqa: E402
from telegram.error import BadRequest  # noqa: E402

BOT_USERNAME = "sticker_ptb_bot"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A PNG of one colour, written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def raw_error(base: str, token: str, method: str, params: dict) -> str:
    """The description of a failing Bot API call made over plain HTTP."""
    request = urllib.request.Request(
        f"{base}/bot{token}/{method}", data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raise AssertionError(f"{method} succeeded: {response.read()!r}")
    except urllib.error.HTTPError as err:
        body = json.load(err)
        assert body["ok"] is False and body["error_code"] == 400, body
        return body["description"]


async def refused(call, expected: str, base: str, token: str, method: str, params: dict,
                  raw_expected: str | None = None) -> None:
    """`call` raises BadRequest as the library words `expected`, and the request `params`
    over HTTP answers `raw_expected` (by default `expected`) exactly."""
    try:
        await call
    except BadRequest as err:
        # python-telegram-bot drops "Bad Request: " and capitalizes what is left.
        assert err.message == expected.removeprefix("Bad Request: ").capitalize(), err.message
    else:
        raise AssertionError(f"{method} should have failed with {expected!r}")
    description = await asyncio.to_thread(raw_error, base, token, method, params)
    assert description == (raw_expected or expected), (method, description)


async def run(base: str, token: str, user: User, user_id: int) -> None:
    name = f"cats_by_{BOT_USERNAME}"
    async with Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot") as bot:
        files = []
        for height, rgb in [(512, (200, 30, 30)), (500, (30, 200, 30)), (480, (30, 30, 200))]:
            uploaded = await bot.upload_sticker_file(
                user_id, io.BytesIO(png(512, height, rgb)), "static")
            assert uploaded.file_path.startswith("stickers/"), uploaded
            files.append(uploaded.file_id)
        print("ok   uploadStickerFile: three PNG stickers")

        def sticker(file_id: str, emoji: list[str]) -> InputSticker:
            return InputSticker(file_id, emoji, "static", keywords=["cat"])

        await refused(
            bot.create_new_sticker_set(user_id, "cats", "Cats", [sticker(files[0], ["😺"])]),
            "Bad Request: invalid sticker set name is specified", base, token,
            "createNewStickerSet", {"user_id": user_id, "name": "cats", "title": "Cats",
                                    "stickers": [{"sticker": files[0], "format": "static",
                                                  "emoji_list": ["😺"]}]})
        # The library leaves an empty list out of the object; sent, it is refused too.
        await refused(
            bot.create_new_sticker_set(user_id, name, "Cats", [sticker(files[0], [])]),
            "Bad Request: can't parse InputSticker: Can't find field \"emoji_list\"", base,
            token, "createNewStickerSet",
            {"user_id": user_id, "name": name, "title": "Cats",
             "stickers": [{"sticker": files[0], "format": "static", "emoji_list": []}]},
            "Bad Request: can't parse InputSticker: emoji list must be non-empty")
        await refused(bot.get_sticker_set(name), "Bad Request: STICKERSET_INVALID", base, token,
                      "getStickerSet", {"name": name})
        print("ok   errors: a name without _by_<bot>, an empty emoji list, no such set")

        assert await bot.create_new_sticker_set(
            user_id, name, "Cats", [sticker(files[0], ["😺", "😀"])])
        await refused(
            bot.create_new_sticker_set(user_id, name, "Cats", [sticker(files[1], ["😺"])]),
            "Bad Request: sticker set name is already occupied", base, token,
            "createNewStickerSet", {"user_id": user_id, "name": name, "title": "Cats",
                                    "stickers": [{"sticker": files[1], "format": "static",
                                                  "emoji_list": ["😺"]}]})
        assert await bot.add_sticker_to_set(user_id, name, sticker(files[1], ["🐱"]))
        assert await bot.add_sticker_to_set(user_id, name, sticker(files[2], ["🐈"]))
        sticker_set = await bot.get_sticker_set(name)
        assert [s.emoji for s in sticker_set.stickers] == ["😺", "🐱", "🐈"], sticker_set
        assert all(s.set_name == name for s in sticker_set.stickers), sticker_set
        print("ok   createNewStickerSet, addStickerToSet, getStickerSet")

        ids = [s.file_id for s in sticker_set.stickers]
        await refused(
            bot.set_sticker_emoji_list(ids[0], []),
            "Bad Request: can't parse emoji list: emoji list must be non-empty", base, token,
            "setStickerEmojiList", {"sticker": ids[0], "emoji_list": []})
        assert await bot.set_sticker_position_in_set(ids[2], 0)
        assert await bot.delete_sticker_from_set(ids[1])
        sticker_set = await bot.get_sticker_set(name)
        assert [s.emoji for s in sticker_set.stickers] == ["🐈", "😺"], sticker_set
        print("ok   setStickerPositionInSet, deleteStickerFromSet")

        sent = await bot.send_sticker(user_id, sticker_set.stickers[1].file_id)
        assert (sent.sticker.set_name, sent.sticker.emoji) == (name, "😺"), sent.sticker
        history = user.history(user.peer(BOT_USERNAME), limit=1)
        attributes = history[0]["media"]["document"]["attributes"]
        linked = [a for a in attributes if a["_"] == "documentAttributeSticker"]
        assert linked and linked[0]["stickerset"].get("short_name") == name, attributes
        print("ok   sendSticker: the user receives the sticker linked to its set")

        assert await bot.delete_sticker_set(name)
        await refused(bot.get_sticker_set(name), "Bad Request: STICKERSET_INVALID", base, token,
                      "getStickerSet", {"name": name})
        print("ok   deleteStickerSet")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gramd", type=Path, default=Path("target/debug/gramd"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gramd-stickers-") as run_dir:
        gramd = Gramd(args.gramd.resolve(), Path(run_dir))
        user_id, session = gramd.create_user("+15550300101", "Ann", "sticker_ann")
        token = gramd.create_bot(BOT_USERNAME, "Sticker Maker")
        gramd.start()
        try:
            user = User(gramd.base, session)
            user.call("messages.sendMessage", {"peer": user.peer(BOT_USERNAME),
                                               "message": "/start", "random_id": "1"})
            asyncio.run(run(gramd.base, token, user, user_id))
        finally:
            gramd.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
