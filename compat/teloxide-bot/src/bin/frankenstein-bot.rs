//! frankenstein (blocking `client-ureq`) bot for the gramd compatibility suite.
//!
//! frankenstein is a plain API client, so this is the usual hand-written
//! long-poll loop: echo plain text; a message starting with a `bot_command`
//! entity "/start" gets "Pick" with one callback button; a callback is
//! answered with "ok" and the message edited to "Picked <data>". SIGTERM or
//! SIGINT ends the loop after the current poll, and a last
//! `getUpdates(offset, limit=1, timeout=0)` confirms the handled updates.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use frankenstein::client_ureq::Bot;
use frankenstein::methods::{
    AnswerCallbackQueryParams, EditMessageTextParams, GetUpdatesParams, SendMessageParams,
};
use frankenstein::types::{
    CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message,
    MessageEntityType, ReplyMarkup,
};
use frankenstein::updates::UpdateContent;
use frankenstein::TelegramApi;

type Result<T> = std::result::Result<T, frankenstein::Error>;

/// True if the message starts with a `bot_command` entity for /start (offsets are UTF-16).
fn is_start_command(msg: &Message) -> bool {
    let (Some(text), Some(entities)) = (&msg.text, &msg.entities) else { return false };
    entities.iter().any(|e| {
        if e.type_field != MessageEntityType::BotCommand || e.offset != 0 {
            return false;
        }
        let utf16: Vec<u16> = text.encode_utf16().take(usize::from(e.length)).collect();
        let command = String::from_utf16_lossy(&utf16);
        command == "/start" || command.starts_with("/start@")
    })
}

fn on_message(bot: &Bot, msg: &Message) -> Result<()> {
    if is_start_command(msg) {
        let button = InlineKeyboardButton::builder().text("B1").callback_data("btn1").build();
        let markup = InlineKeyboardMarkup::builder().inline_keyboard(vec![vec![button]]).build();
        let params = SendMessageParams::builder()
            .chat_id(msg.chat.id)
            .text("Pick")
            .reply_markup(ReplyMarkup::InlineKeyboardMarkup(markup))
            .build();
        bot.send_message(&params)?;
    } else if let Some(text) = &msg.text {
        bot.send_message(&SendMessageParams::builder().chat_id(msg.chat.id).text(text).build())?;
    }
    Ok(())
}

fn on_callback(bot: &Bot, q: &CallbackQuery) -> Result<()> {
    bot.answer_callback_query(
        &AnswerCallbackQueryParams::builder().callback_query_id(q.id.clone()).text("ok").build(),
    )?;
    if let Some(MaybeInaccessibleMessage::Message(msg)) = &q.message {
        let data = q.data.clone().unwrap_or_default();
        let params = EditMessageTextParams::builder()
            .chat_id(msg.chat.id)
            .message_id(msg.message_id)
            .text(format!("Picked {data}"))
            .build();
        bot.edit_message_text(&params)?;
    }
    Ok(())
}

fn main() {
    let token = std::env::var("BOT_TOKEN").expect("BOT_TOKEN");
    let api_url = std::env::var("API_URL").expect("API_URL");
    let bot = Bot::new_url(format!("{api_url}/bot{token}"));

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).expect("signal handler");
    }

    let me = bot.get_me().expect("getMe failed").result;
    eprintln!("frankenstein bot polling as @{}", me.username.unwrap_or_default());

    let mut offset: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let params = GetUpdatesParams::builder().offset(offset).timeout(10).build();
        let updates = match bot.get_updates(&params) {
            Ok(response) => response.result,
            Err(err) => {
                eprintln!("getUpdates failed: {err}");
                std::thread::sleep(std::time::Duration::from_secs(1));
                continue;
            }
        };
        for update in updates {
            offset = i64::from(update.update_id) + 1;
            let handled = match &update.content {
                UpdateContent::Message(msg) => on_message(&bot, msg),
                UpdateContent::CallbackQuery(q) => on_callback(&bot, q),
                _ => Ok(()),
            };
            if let Err(err) = handled {
                eprintln!("handler error on update {}: {err}", update.update_id);
            }
        }
    }
    // Confirm the updates handled in the last batch, as the frameworks do on stop.
    let confirm = GetUpdatesParams::builder().offset(offset).limit(1u32).timeout(0u32).build();
    if let Err(err) = bot.get_updates(&confirm) {
        eprintln!("final getUpdates failed: {err}");
        std::process::exit(1);
    }
    eprintln!("frankenstein bot stopped");
}
