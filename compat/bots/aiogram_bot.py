"""aiogram 3 bot for the gramd compatibility suite.

Echo plain text; /start (CommandStart filter) replies "Pick" with one
callback button; a callback is answered with "ok" and the message edited to
"Picked <data>". start_polling() stops on SIGTERM/SIGINT.
"""
import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

dp = Dispatcher()


@dp.message(CommandStart())
async def start(message: Message) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="B1", callback_data="btn1")]]
    )
    await message.answer("Pick", reply_markup=keyboard)


@dp.message(F.text)
async def echo(message: Message) -> None:
    await message.answer(message.text)


@dp.callback_query()
async def button(query: CallbackQuery) -> None:
    await query.answer("ok")
    await query.message.edit_text(f"Picked {query.data}")


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
