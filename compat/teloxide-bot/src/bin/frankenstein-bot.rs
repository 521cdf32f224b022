//! frankenstein (blocking `client-ureq`) bot for the gramd compatibility suite
//! (behaviour: compat/README.md).
//!
//! frankenstein is a plain API client, so this is the usual hand-written long-poll loop;
//! it has no webhook server (polling only) and no download helper (files are fetched
//! with ureq from gramd's `/file/bot…` route). Uploads go through frankenstein's
//! multipart support, which reads files from disk: a photo is re-uploaded from a
//! temporary file. A message starting with a `bot_command` entity is a command. SIGTERM
//! or SIGINT ends the loop after the current poll, and a last
//! `getUpdates(offset, limit=1, timeout=0)` confirms the handled updates.
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use frankenstein::client_ureq::Bot;
use frankenstein::input_file::{FileUpload, InputFile};
use frankenstein::input_media::{InputMediaPhoto, MediaGroupInputMedia};
use frankenstein::methods::{
    AnswerCallbackQueryParams, ApproveChatJoinRequestParams, BanChatMemberParams,
    CreateChatInviteLinkParams, EditMessageTextParams, GetFileParams, GetUpdatesParams,
    PromoteChatMemberParams, RestrictChatMemberParams, SendDocumentParams, SendMediaGroupParams,
    SendMessageParams, SendPhotoParams,
};
use frankenstein::types::{
    CallbackQuery, ChatJoinRequest, ChatMember, ChatMemberUpdated, ChatPermissions,
    InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Message,
    MessageEntityType, ReplyMarkup,
};
use frankenstein::updates::UpdateContent;
use frankenstein::TelegramApi;
use teloxide_bot::{sha256, ALBUM, PROBE_MESSAGES};

type Result<T> = std::result::Result<T, frankenstein::Error>;

/// The long poll's wait; a stop waits for the current poll, so it is short.
const LONG_POLL_SECS: u32 = 5;

struct Ctx {
    bot: Bot,
    api_url: String,
    token: String,
}

/// The command a message starts with (a `bot_command` entity at offset 0, UTF-16
/// offsets), without the slash and any `@botname`, and the words after it.
fn command(msg: &Message) -> Option<(String, Vec<String>)> {
    let (Some(text), Some(entities)) = (&msg.text, &msg.entities) else {
        return None;
    };
    let entity = entities
        .iter()
        .find(|e| e.type_field == MessageEntityType::BotCommand && e.offset == 0)?;
    let utf16: Vec<u16> = text
        .encode_utf16()
        .take(usize::from(entity.length))
        .collect();
    let command = String::from_utf16_lossy(&utf16);
    let name = command
        .trim_start_matches('/')
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    Some((
        name,
        text.split_whitespace().skip(1).map(str::to_owned).collect(),
    ))
}

fn keyboard(text: &str, data: &str) -> ReplyMarkup {
    let button = InlineKeyboardButton::builder()
        .text(text)
        .callback_data(data)
        .build();
    ReplyMarkup::InlineKeyboardMarkup(
        InlineKeyboardMarkup::builder()
            .inline_keyboard(vec![vec![button]])
            .build(),
    )
}

fn say(ctx: &Ctx, chat: i64, text: impl Into<String>) -> Result<()> {
    ctx.bot.send_message(
        &SendMessageParams::builder()
            .chat_id(chat)
            .text(text)
            .build(),
    )?;
    Ok(())
}

/// getFile, then the bytes from `/file/bot<token>/<file_path>`.
fn download(ctx: &Ctx, file_id: &str) -> std::result::Result<Vec<u8>, String> {
    let file = ctx
        .bot
        .get_file(&GetFileParams::builder().file_id(file_id).build())
        .map_err(|e| e.to_string())?;
    let path = file.result.file_path.ok_or("getFile gave no file_path")?;
    let url = format!("{}/file/bot{}/{path}", ctx.api_url, ctx.token);
    let mut response = ureq::get(&url).call().map_err(|e| e.to_string())?;
    response.body_mut().read_to_vec().map_err(|e| e.to_string())
}

fn on_command(ctx: &Ctx, msg: &Message, name: &str, args: &[String]) -> Result<()> {
    let chat = msg.chat.id;
    match name {
        "start" | "hook" => {
            let (text, button, data) = if name == "start" {
                ("Pick", "B1", "btn1")
            } else {
                ("Hook", "H", "hook")
            };
            let params = SendMessageParams::builder()
                .chat_id(chat)
                .text(text)
                .reply_markup(keyboard(button, data))
                .build();
            ctx.bot.send_message(&params)?;
        }
        "album" => {
            let media = ALBUM
                .iter()
                .enumerate()
                .map(|(i, path)| {
                    let file = FileUpload::InputFile(InputFile {
                        path: PathBuf::from(path),
                    });
                    let photo = InputMediaPhoto::builder().media(file);
                    MediaGroupInputMedia::Photo(if i == 0 {
                        photo.caption("album").build()
                    } else {
                        photo.build()
                    })
                })
                .collect();
            ctx.bot.send_media_group(
                &SendMediaGroupParams::builder()
                    .chat_id(chat)
                    .media(media)
                    .build(),
            )?;
        }
        "admin" => {
            let text = match admin(ctx, chat, args) {
                Ok(()) => "admin done".to_owned(),
                Err(err) => format!("admin failed: {err}"),
            };
            say(ctx, chat, text)?;
        }
        "invite" => {
            let params = CreateChatInviteLinkParams::builder()
                .chat_id(chat)
                .name("compat")
                .creates_join_request(true)
                .build();
            let text = match ctx.bot.create_chat_invite_link(&params) {
                Ok(link) => format!("link {}", link.result.invite_link),
                Err(err) => format!("invite failed: {err}"),
            };
            say(ctx, chat, text)?;
        }
        "limits" => {
            let report = limits(
                ctx,
                chat,
                args.first()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or_default(),
            );
            say(ctx, chat, report)?;
        }
        _ => {}
    }
    Ok(())
}

fn admin(ctx: &Ctx, chat: i64, args: &[String]) -> std::result::Result<(), String> {
    let ids: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let [ban, restrict, promote] = ids[..] else {
        return Err(format!("bad arguments {args:?}"));
    };
    let bot = &ctx.bot;
    let text = |e: frankenstein::Error| e.to_string();
    bot.ban_chat_member(
        &BanChatMemberParams::builder()
            .chat_id(chat)
            .user_id(ban)
            .build(),
    )
    .map_err(text)?;
    let permissions = ChatPermissions::builder().can_send_messages(false).build();
    let params = RestrictChatMemberParams::builder()
        .chat_id(chat)
        .user_id(restrict)
        .permissions(permissions)
        .build();
    bot.restrict_chat_member(&params).map_err(text)?;
    let params = PromoteChatMemberParams::builder()
        .chat_id(chat)
        .user_id(promote)
        .can_pin_messages(true)
        .can_invite_users(true)
        .build();
    bot.promote_chat_member(&params).map_err(text)?;
    Ok(())
}

fn limits(ctx: &Ctx, chat: i64, target: i64) -> String {
    let mut forbidden = "none".to_owned();
    if let Err(frankenstein::Error::Api(err)) = say(ctx, target, "hi") {
        if err.error_code == 403 {
            forbidden = format!("Error::Api {}", err.description);
        }
    }
    let mut retry = "none".to_owned();
    for i in 0..PROBE_MESSAGES {
        if let Err(frankenstein::Error::Api(err)) = say(ctx, chat, format!("probe {i}")) {
            if let Some(seconds) = err.parameters.and_then(|p| p.retry_after) {
                retry = format!("Error::Api retry_after={seconds}");
                std::thread::sleep(std::time::Duration::from_secs(u64::from(seconds)));
                break;
            }
        }
    }
    format!("403 {forbidden} | 429 {retry}")
}

fn on_message(ctx: &Ctx, msg: &Message) -> Result<()> {
    let chat = msg.chat.id;
    if let Some((name, args)) = command(msg) {
        return on_command(ctx, msg, &name, &args);
    }
    if let Some(largest) = msg.photo.as_ref().and_then(|sizes| sizes.last()) {
        let data = download(ctx, &largest.file_id).map_err(|e| io_error(&e))?;
        let path =
            std::env::temp_dir().join(format!("frankenstein-bot-{}.jpg", std::process::id()));
        std::fs::write(&path, &data).map_err(frankenstein::Error::ReadFile)?;
        let params = SendPhotoParams::builder()
            .chat_id(chat)
            .photo(FileUpload::InputFile(InputFile { path: path.clone() }))
            .caption(format!("photo {}", sha256(&data)))
            .build();
        let sent = ctx.bot.send_photo(&params);
        let _ = std::fs::remove_file(&path);
        sent?;
    } else if let Some(document) = &msg.document {
        let data = download(ctx, &document.file_id).map_err(|e| io_error(&e))?;
        let params = SendDocumentParams::builder()
            .chat_id(chat)
            .document(FileUpload::String(document.file_id.clone()))
            .caption(format!("document {}", sha256(&data)))
            .build();
        ctx.bot.send_document(&params)?;
    } else if let Some(text) = &msg.text {
        say(ctx, chat, text.clone())?;
    }
    Ok(())
}

fn io_error(message: &str) -> frankenstein::Error {
    frankenstein::Error::ReadFile(std::io::Error::other(message.to_owned()))
}

fn on_callback(ctx: &Ctx, q: &CallbackQuery) -> Result<()> {
    let data = q.data.clone().unwrap_or_default();
    let answer = if data == "hook" { "hooked" } else { "ok" };
    ctx.bot.answer_callback_query(
        &AnswerCallbackQueryParams::builder()
            .callback_query_id(q.id.clone())
            .text(answer)
            .build(),
    )?;
    if data == "hook" {
        return Ok(());
    }
    if let Some(MaybeInaccessibleMessage::Message(msg)) = &q.message {
        let params = EditMessageTextParams::builder()
            .chat_id(msg.chat.id)
            .message_id(msg.message_id)
            .text(format!("Picked {data}"))
            .build();
        ctx.bot.edit_message_text(&params)?;
    }
    Ok(())
}

fn on_my_chat_member(ctx: &Ctx, update: &ChatMemberUpdated) -> Result<()> {
    let status = match update.new_chat_member {
        ChatMember::Administrator(_) => "administrator",
        ChatMember::Member(_) => "member",
        _ => return Ok(()),
    };
    say(ctx, update.chat.id, format!("status {status}"))
}

fn on_join_request(ctx: &Ctx, request: &ChatJoinRequest) -> Result<()> {
    let params = ApproveChatJoinRequestParams::builder()
        .chat_id(request.chat.id)
        .user_id(request.from.id)
        .build();
    ctx.bot.approve_chat_join_request(&params)?;
    say(
        ctx,
        request.chat.id,
        format!("approved {}", request.from.id),
    )
}

fn main() {
    let token = std::env::var("BOT_TOKEN").expect("BOT_TOKEN");
    let api_url = std::env::var("API_URL").expect("API_URL");
    let ctx = Ctx {
        bot: Bot::new_url(format!("{api_url}/bot{token}")),
        api_url,
        token,
    };

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).expect("signal handler");
    }

    let me = ctx.bot.get_me().expect("getMe failed").result;
    eprintln!(
        "frankenstein bot polling as @{}",
        me.username.unwrap_or_default()
    );

    let mut offset: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let params = GetUpdatesParams::builder()
            .offset(offset)
            .timeout(LONG_POLL_SECS)
            .build();
        let updates = match ctx.bot.get_updates(&params) {
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
                UpdateContent::Message(msg) => on_message(&ctx, msg),
                UpdateContent::CallbackQuery(q) => on_callback(&ctx, q),
                UpdateContent::MyChatMember(change) => on_my_chat_member(&ctx, change),
                UpdateContent::ChatJoinRequest(request) => on_join_request(&ctx, request),
                _ => Ok(()),
            };
            if let Err(err) = handled {
                eprintln!("handler error on update {}: {err}", update.update_id);
            }
        }
    }
    // Confirm the updates handled in the last batch, as the frameworks do on stop.
    let confirm = GetUpdatesParams::builder()
        .offset(offset)
        .limit(1u32)
        .timeout(0u32)
        .build();
    if let Err(err) = ctx.bot.get_updates(&confirm) {
        eprintln!("final getUpdates failed: {err}");
        std::process::exit(1);
    }
    eprintln!("frankenstein bot stopped");
}
