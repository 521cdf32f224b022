"""aiogram 3 bot for the gramd compatibility suite (behaviour: compat/README.md).

Routers with filters (Command, F.photo, ...); files are downloaded with Bot.download() and
photos re-uploaded with BufferedInputFile. Polling: start_polling(); webhook mode: an
aiohttp server with SimpleRequestHandler(secret_token=..., handle_in_background=False),
so a handler that returns a method (the "hook" button's answer) has it sent in the
webhook's response. Both stop on SIGTERM/SIGINT.
"""
import asyncio
import logging

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    ChatJoinRequest,
    ChatMemberUpdated,
    ChatPermissions,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

import common

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

dp = Dispatcher()


def keyboard(text: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)]])


@dp.message(CommandStart())
async def start(message: Message) -> None:
    await message.answer("Pick", reply_markup=keyboard("B1", "btn1"))


@dp.message(Command("hook"))
async def hook(message: Message) -> None:
    await message.answer("Hook", reply_markup=keyboard("H", "hook"))


@dp.message(Command("album"))
async def album(message: Message) -> None:
    media = [InputMediaPhoto(media=FSInputFile(path), caption="album" if i == 0 else None)
             for i, path in enumerate(common.ALBUM)]
    await message.answer_media_group(media)


@dp.message(Command("admin"))
async def admin(message: Message, command: CommandObject, bot: Bot) -> None:
    ban, restrict, promote = (int(x) for x in command.args.split())
    chat_id = message.chat.id
    try:
        await bot.ban_chat_member(chat_id, ban)
        await bot.restrict_chat_member(chat_id, restrict, ChatPermissions(can_send_messages=False))
        await bot.promote_chat_member(chat_id, promote, can_pin_messages=True, can_invite_users=True)
    except Exception as e:  # reported to the user, who checks the text
        await message.answer(f"admin failed: {type(e).__name__} {e}")
        return
    await message.answer("admin done")


@dp.message(Command("invite"))
async def invite(message: Message, bot: Bot) -> None:
    try:
        link = await bot.create_chat_invite_link(message.chat.id, name="compat", creates_join_request=True)
    except Exception as e:  # reported to the user, who checks the text
        await message.answer(f"invite failed: {type(e).__name__} {e}")
        return
    await message.answer(f"link {link.invite_link}")


@dp.message(Command("limits"))
async def limits(message: Message, command: CommandObject, bot: Bot) -> None:
    forbidden = retry = "none"
    try:
        await bot.send_message(int(command.args), "hi")
    except TelegramForbiddenError as e:
        forbidden = f"{type(e).__name__} {e.message}"
    for i in range(common.PROBE_MESSAGES):
        try:
            await message.answer(f"probe {i}")
        except TelegramRetryAfter as flood:
            retry = f"{type(flood).__name__} retry_after={flood.retry_after}"
            await asyncio.sleep(flood.retry_after)
            break
    await message.answer(common.limits_report(forbidden, retry))


@dp.message(F.photo)
async def photo(message: Message, bot: Bot) -> None:
    data = (await bot.download(message.photo[-1])).getvalue()
    await message.answer_photo(BufferedInputFile(data, "photo.jpg"), caption=f"photo {common.sha256(data)}")


@dp.message(F.document)
async def document(message: Message, bot: Bot) -> None:
    data = (await bot.download(message.document)).getvalue()
    await message.answer_document(message.document.file_id, caption=f"document {common.sha256(data)}")


@dp.message(F.text)
async def echo(message: Message) -> None:
    await message.answer(message.text)


@dp.callback_query(F.data == "hook")
async def hook_button(query: CallbackQuery):
    # Returned, not awaited: in webhook mode it goes back in the webhook's response.
    return query.answer("hooked")


@dp.callback_query()
async def button(query: CallbackQuery) -> None:
    await query.answer("ok")
    await query.message.edit_text(f"Picked {query.data}")


@dp.my_chat_member()
async def my_chat_member(update: ChatMemberUpdated, bot: Bot) -> None:
    status = update.new_chat_member.status
    if status in ("member", "administrator"):
        await bot.send_message(update.chat.id, f"status {status}")


@dp.chat_join_request()
async def join_request(request: ChatJoinRequest, bot: Bot) -> None:
    await request.approve()
    await bot.send_message(request.chat.id, f"approved {request.from_user.id}")


def make_bot() -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(common.API_URL))
    return Bot(common.TOKEN, session=session)


def run_webhook() -> None:
    bot = make_bot()

    async def on_startup(bot: Bot) -> None:
        await bot.set_webhook(common.WEBHOOK_URL, secret_token=common.WEBHOOK_SECRET,
                              allowed_updates=dp.resolve_used_update_types())

    dp.startup.register(on_startup)
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=common.WEBHOOK_SECRET,
                         handle_in_background=False).register(app, path=common.WEBHOOK_PATH)
    setup_application(app, dp, bot=bot)
    web.run_app(app, host="127.0.0.1", port=common.WEBHOOK_PORT)


if __name__ == "__main__":
    if common.MODE == "webhook":
        run_webhook()
    else:
        asyncio.run(dp.start_polling(make_bot()))
