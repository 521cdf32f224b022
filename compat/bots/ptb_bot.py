"""python-telegram-bot bot for the gramd compatibility suite (behaviour: compat/README.md).

Handlers are PTB's: CommandHandler (relies on the bot_command entity), MessageHandler
with filters, CallbackQueryHandler, ChatMemberHandler, ChatJoinRequestHandler. Files are
downloaded with File.download_as_bytearray() and photos re-uploaded as bytes. Polling:
run_polling(); webhook mode: run_webhook() (tornado, the `webhooks` extra) with
secret_token. Both stop on SIGTERM/SIGINT. PTB's webhook server acknowledges an update
before handling it, so it cannot answer with a method in the response.
"""
import asyncio
import datetime
import logging

from telegram import ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

import common

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
logging.getLogger("httpx").setLevel(logging.WARNING)

Context = ContextTypes.DEFAULT_TYPE


def keyboard(text: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data)]])


async def start(update: Update, context: Context) -> None:
    await update.message.reply_text("Pick", reply_markup=keyboard("B1", "btn1"))


async def hook(update: Update, context: Context) -> None:
    await update.message.reply_text("Hook", reply_markup=keyboard("H", "hook"))


async def echo(update: Update, context: Context) -> None:
    await update.message.reply_text(update.message.text)


async def button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query.data == "hook":
        await query.answer("hooked")
        return
    await query.answer("ok")
    await query.edit_message_text(f"Picked {query.data}")


async def photo(update: Update, context: Context) -> None:
    file = await update.message.photo[-1].get_file()
    data = await file.download_as_bytearray()
    await update.message.reply_photo(bytes(data), caption=f"photo {common.sha256(data)}")


async def document(update: Update, context: Context) -> None:
    doc = update.message.document
    data = await (await doc.get_file()).download_as_bytearray()
    await update.message.reply_document(doc.file_id, caption=f"document {common.sha256(data)}")


async def album(update: Update, context: Context) -> None:
    media = [InputMediaPhoto(path.read_bytes(), caption="album" if i == 0 else None)
             for i, path in enumerate(common.ALBUM)]
    await update.message.reply_media_group(media)


async def admin(update: Update, context: Context) -> None:
    chat = update.effective_chat
    ban, restrict, promote = (int(x) for x in context.args)
    try:
        await chat.ban_member(ban)
        await chat.restrict_member(restrict, ChatPermissions.no_permissions())
        await chat.promote_member(promote, can_pin_messages=True, can_invite_users=True)
    except Exception as e:  # reported to the user, who checks the text
        await update.message.reply_text(f"admin failed: {type(e).__name__} {e}")
        return
    await update.message.reply_text("admin done")


async def invite(update: Update, context: Context) -> None:
    try:
        link = await update.effective_chat.create_invite_link(creates_join_request=True, name="compat")
    except Exception as e:  # reported to the user, who checks the text
        await update.message.reply_text(f"invite failed: {type(e).__name__} {e}")
        return
    await update.message.reply_text(f"link {link.invite_link}")


async def limits(update: Update, context: Context) -> None:
    forbidden = retry = "none"
    try:
        await context.bot.send_message(int(context.args[0]), "hi")
    except Forbidden as e:
        forbidden = f"{type(e).__name__} {e.message}"
    for i in range(common.PROBE_MESSAGES):
        try:
            await update.message.reply_text(f"probe {i}")
        except RetryAfter as flood:
            seconds = flood.retry_after
            if isinstance(seconds, datetime.timedelta):
                seconds = int(seconds.total_seconds())
            retry = f"{type(flood).__name__} retry_after={seconds}"
            await asyncio.sleep(seconds)
            break
    await update.message.reply_text(common.limits_report(forbidden, retry))


async def my_chat_member(update: Update, context: Context) -> None:
    change = update.my_chat_member
    if change.new_chat_member.status in ("member", "administrator"):
        await context.bot.send_message(change.chat.id, f"status {change.new_chat_member.status}")


async def join_request(update: Update, context: Context) -> None:
    request = update.chat_join_request
    await request.approve()
    await context.bot.send_message(request.chat.id, f"approved {request.from_user.id}")


def main() -> None:
    app = (
        ApplicationBuilder()
        .token(common.TOKEN)
        .base_url(f"{common.API_URL}/bot")
        .base_file_url(f"{common.API_URL}/file/bot")
        .build()
    )
    for name, callback in [("start", start), ("hook", hook), ("album", album), ("admin", admin),
                           ("invite", invite), ("limits", limits)]:
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(ChatJoinRequestHandler(join_request))
    if common.MODE == "webhook":
        app.run_webhook(listen="127.0.0.1", port=common.WEBHOOK_PORT, url_path=common.WEBHOOK_PATH[1:],
                        webhook_url=common.WEBHOOK_URL, secret_token=common.WEBHOOK_SECRET)
    else:
        app.run_polling()


if __name__ == "__main__":
    main()
