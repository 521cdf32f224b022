"""pyTelegramBotAPI (telebot, sync) bot for the gramd compatibility suite (behaviour:
compat/README.md).

Decorated handlers (commands=[...] parse the text; content_types for photos and
documents); files are downloaded with get_file() + download_file() and photos
re-uploaded as bytes. Polling: infinity_polling(), SIGTERM calls stop_polling(). Webhook
mode: telebot's own webhook servers need flask or fastapi/uvicorn, so this bot serves
the webhook with http.server, checks X-Telegram-Bot-Api-Secret-Token itself (403 if
wrong) and passes updates to process_new_updates(); SIGTERM shuts the server down.
"""
import http.server
import json
import logging
import signal
import threading
import time

import telebot
from telebot import apihelper
from telebot.apihelper import ApiTelegramException
from telebot.types import (
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)

import common

apihelper.API_URL = common.API_URL + "/bot{0}/{1}"
apihelper.FILE_URL = common.API_URL + "/file/bot{0}/{1}"

telebot.logger.setLevel(logging.INFO)
bot = telebot.TeleBot(common.TOKEN)


def keyboard(text: str, data: str) -> InlineKeyboardMarkup:
    markup = InlineKeyboardMarkup()
    markup.add(InlineKeyboardButton(text, callback_data=data))
    return markup


@bot.message_handler(commands=["start"])
def start(message):
    bot.send_message(message.chat.id, "Pick", reply_markup=keyboard("B1", "btn1"))


@bot.message_handler(commands=["hook"])
def hook(message):
    bot.send_message(message.chat.id, "Hook", reply_markup=keyboard("H", "hook"))


@bot.message_handler(commands=["album"])
def album(message):
    media = [InputMediaPhoto(path.read_bytes(), caption="album" if i == 0 else None)
             for i, path in enumerate(common.ALBUM)]
    bot.send_media_group(message.chat.id, media)


@bot.message_handler(commands=["admin"])
def admin(message):
    ban, restrict, promote = (int(x) for x in common.command_args(message.text))
    chat_id = message.chat.id
    try:
        bot.ban_chat_member(chat_id, ban)
        bot.restrict_chat_member(chat_id, restrict, permissions=ChatPermissions(can_send_messages=False))
        bot.promote_chat_member(chat_id, promote, can_pin_messages=True, can_invite_users=True)
    except Exception as e:  # reported to the user, who checks the text
        bot.send_message(chat_id, f"admin failed: {type(e).__name__} {e}")
        return
    bot.send_message(chat_id, "admin done")


@bot.message_handler(commands=["invite"])
def invite(message):
    try:
        link = bot.create_chat_invite_link(message.chat.id, name="compat", creates_join_request=True)
    except Exception as e:  # reported to the user, who checks the text
        bot.send_message(message.chat.id, f"invite failed: {type(e).__name__} {e}")
        return
    bot.send_message(message.chat.id, f"link {link.invite_link}")


@bot.message_handler(commands=["limits"])
def limits(message):
    forbidden = retry = "none"
    try:
        bot.send_message(int(common.command_args(message.text)[0]), "hi")
    except ApiTelegramException as e:
        if e.error_code == 403:
            forbidden = f"{type(e).__name__} {e.description}"

    for i in range(common.PROBE_MESSAGES):
        try:
            bot.send_message(message.chat.id, f"probe {i}")
        except ApiTelegramException as flood:
            if flood.error_code != 429:
                raise
            seconds = flood.result_json["parameters"]["retry_after"]
            retry = f"{type(flood).__name__} retry_after={seconds}"
            time.sleep(seconds)
            break
    bot.send_message(message.chat.id, common.limits_report(forbidden, retry))


@bot.message_handler(content_types=["photo"])
def photo(message):
    data = bot.download_file(bot.get_file(message.photo[-1].file_id).file_path)
    bot.send_photo(message.chat.id, data, caption=f"photo {common.sha256(data)}")


@bot.message_handler(content_types=["document"])
def document(message):
    data = bot.download_file(bot.get_file(message.document.file_id).file_path)
    bot.send_document(message.chat.id, message.document.file_id, caption=f"document {common.sha256(data)}")


@bot.message_handler(content_types=["text"])
def echo(message):
    bot.send_message(message.chat.id, message.text)


@bot.callback_query_handler(func=lambda query: True)
def button(query):
    if query.data == "hook":
        bot.answer_callback_query(query.id, "hooked")
        return
    bot.answer_callback_query(query.id, "ok")
    bot.edit_message_text(f"Picked {query.data}", query.message.chat.id, query.message.message_id)


@bot.my_chat_member_handler()
def my_chat_member(update):
    status = update.new_chat_member.status
    if status in ("member", "administrator"):
        bot.send_message(update.chat.id, f"status {status}")


@bot.chat_join_request_handler()
def join_request(request):
    bot.approve_chat_join_request(request.chat.id, request.from_user.id)
    bot.send_message(request.chat.id, f"approved {request.from_user.id}")


class WebhookHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != common.WEBHOOK_PATH:
            self.send_error(404)
            return
        if self.headers.get("X-Telegram-Bot-Api-Secret-Token") != common.WEBHOOK_SECRET:
            self.send_error(403)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        bot.process_new_updates([Update.de_json(json.loads(body))])
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def run_webhook() -> None:
    bot.set_webhook(common.WEBHOOK_URL, secret_token=common.WEBHOOK_SECRET)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", common.WEBHOOK_PORT), WebhookHandler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    if common.MODE == "webhook":
        run_webhook()
    else:
        signal.signal(signal.SIGTERM, lambda *_: bot.stop_polling())
        # A long poll of 5 s instead of telebot's 20: stop_polling() waits for the current one.
        bot.infinity_polling(long_polling_timeout=5)
