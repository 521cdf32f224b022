"""pyTelegramBotAPI (telebot, sync) bot for the gramd compatibility suite.

Echo plain text; /start (commands=["start"], parsed from the text) replies
"Pick" with one callback button; a callback is answered with "ok" and the
message edited to "Picked <data>". SIGTERM calls bot.stop_polling().
"""
import logging
import os
import signal

import telebot
from telebot import apihelper
from telebot.types import InlineKeyboardButton, InlineKeyboardMarkup

api_url = os.environ["API_URL"]
apihelper.API_URL = api_url + "/bot{0}/{1}"
apihelper.FILE_URL = api_url + "/file/bot{0}/{1}"

telebot.logger.setLevel(logging.INFO)
bot = telebot.TeleBot(os.environ["BOT_TOKEN"])


@bot.message_handler(commands=["start"])
def start(message):
    keyboard = InlineKeyboardMarkup()
    keyboard.add(InlineKeyboardButton("B1", callback_data="btn1"))
    bot.send_message(message.chat.id, "Pick", reply_markup=keyboard)


@bot.message_handler(content_types=["text"])
def echo(message):
    bot.send_message(message.chat.id, message.text)


@bot.callback_query_handler(func=lambda query: True)
def button(query):
    bot.answer_callback_query(query.id, "ok")
    bot.edit_message_text(f"Picked {query.data}", query.message.chat.id, query.message.message_id)


signal.signal(signal.SIGTERM, lambda *_: bot.stop_polling())

if __name__ == "__main__":
    bot.infinity_polling()
