//! teloxide bot for the gramd compatibility suite (behaviour: compat/README.md).
//!
//! A dptree handler: `BotCommands` commands (which accept `/cmd@botname`), messages
//! filtered by kind, callback queries, `my_chat_member` and `chat_join_request`. Files are
//! downloaded with teloxide's `Download::download_file`, photos re-uploaded from memory.
//! Polling: the default update listener; webhook mode (`BOT_MODE=webhook`): the
//! `webhooks-axum` listener with a secret token, which sets the webhook at start and
//! deletes it at stop. teloxide's own ctrl-c handler (shutdown token) stops either on
//! SIGINT. teloxide answers a webhook request only after queueing the update, never with
//! a method.
use std::net::SocketAddr;

use teloxide::{
    net::Download,
    prelude::*,
    sugar::bot::BotMessagesExt,
    types::{
        ChatMemberUpdated, ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
        InputMedia, InputMediaPhoto, Me,
    },
    update_listeners::webhooks,
    utils::command::BotCommands,
    RequestError,
};
use teloxide_bot::{sha256, ALBUM, PROBE_MESSAGES};

#[derive(BotCommands, Clone)]
#[command(rename_rule = "lowercase")]
enum Command {
    Start,
    Hook,
    Album,
    Admin(String),
    Invite,
    Limits(String),
}

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

fn keyboard(text: &str, data: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(text, data)]])
}

async fn download(
    bot: &Bot,
    file_id: teloxide::types::FileId,
) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let file = bot.get_file(file_id).await?;
    let mut data = Vec::new();
    bot.download_file(&file.path, &mut data).await?;
    Ok(data)
}

fn user_ids(args: &str) -> Vec<UserId> {
    args.split_whitespace()
        .filter_map(|a| a.parse().ok())
        .map(UserId)
        .collect()
}

async fn admin(bot: &Bot, chat: ChatId, args: &str) -> Result<(), RequestError> {
    let [ban, restrict, promote] = user_ids(args)[..] else {
        return Err(RequestError::Api(teloxide::ApiError::Unknown(format!(
            "bad arguments {args:?}"
        ))));
    };
    bot.ban_chat_member(chat, ban).await?;
    bot.restrict_chat_member(chat, restrict, ChatPermissions::empty())
        .await?;
    bot.promote_chat_member(chat, promote)
        .can_pin_messages(true)
        .can_invite_users(true)
        .await?;
    Ok(())
}

/// "RequestError::Api(Unknown) <description>": the error's variants and Telegram's text.
fn describe_api_error(err: &teloxide::ApiError) -> String {
    let debug = format!("{err:?}");
    let variant = debug.split('(').next().unwrap_or(&debug);
    match err {
        teloxide::ApiError::Unknown(description) => {
            format!("RequestError::Api({variant}) {description}")
        }
        known => format!("RequestError::Api({variant}) {known}"),
    }
}

async fn limits(bot: &Bot, chat: ChatId, target: &str) -> String {
    let mut forbidden = "none".to_owned();
    if let Ok(target) = target.trim().parse::<i64>() {
        if let Err(RequestError::Api(err)) = bot.send_message(ChatId(target), "hi").await {
            forbidden = describe_api_error(&err);
        }
    }
    let mut retry = "none".to_owned();
    for i in 0..PROBE_MESSAGES {
        if let Err(RequestError::RetryAfter(seconds)) =
            bot.send_message(chat, format!("probe {i}")).await
        {
            retry = format!("RequestError::RetryAfter retry_after={}", seconds.seconds());
            tokio::time::sleep(seconds.duration()).await;
            break;
        }
    }
    format!("403 {forbidden} | 429 {retry}")
}

async fn on_command(bot: Bot, msg: Message, cmd: Command) -> HandlerResult {
    let chat = msg.chat.id;
    match cmd {
        Command::Start => {
            bot.send_message(chat, "Pick")
                .reply_markup(keyboard("B1", "btn1"))
                .await?;
        }
        Command::Hook => {
            bot.send_message(chat, "Hook")
                .reply_markup(keyboard("H", "hook"))
                .await?;
        }
        Command::Album => {
            let media = ALBUM.into_iter().enumerate().map(|(i, path)| {
                let photo = InputMediaPhoto::new(InputFile::file(path));
                InputMedia::Photo(if i == 0 {
                    photo.caption("album")
                } else {
                    photo
                })
            });
            bot.send_media_group(chat, media).await?;
        }
        Command::Admin(args) => {
            let text = match admin(&bot, chat, &args).await {
                Ok(()) => "admin done".to_owned(),
                Err(err) => format!("admin failed: {err}"),
            };
            bot.send_message(chat, text).await?;
        }
        Command::Invite => {
            let link = bot
                .create_chat_invite_link(chat)
                .name("compat")
                .creates_join_request(true)
                .await;
            let text = match link {
                Ok(link) => format!("link {}", link.invite_link),
                Err(err) => format!("invite failed: {err}"),
            };
            bot.send_message(chat, text).await?;
        }
        Command::Limits(target) => {
            let report = limits(&bot, chat, &target).await;
            bot.send_message(chat, report).await?;
        }
    }
    Ok(())
}

async fn on_message(bot: Bot, msg: Message) -> HandlerResult {
    let chat = msg.chat.id;
    if let Some(sizes) = msg.photo() {
        let largest = sizes.last().ok_or("a photo without sizes")?;
        let data = download(&bot, largest.file.id.clone()).await?;
        let caption = format!("photo {}", sha256(&data));
        bot.send_photo(chat, InputFile::memory(data).file_name("photo.jpg"))
            .caption(caption)
            .await?;
    } else if let Some(document) = msg.document() {
        let data = download(&bot, document.file.id.clone()).await?;
        bot.send_document(chat, InputFile::file_id(document.file.id.clone()))
            .caption(format!("document {}", sha256(&data)))
            .await?;
    } else if let Some(text) = msg.text() {
        bot.send_message(chat, text).await?;
    }
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery) -> HandlerResult {
    let data = q.data.clone().unwrap_or_default();
    if data == "hook" {
        bot.answer_callback_query(q.id.clone())
            .text("hooked")
            .await?;
        return Ok(());
    }
    bot.answer_callback_query(q.id.clone()).text("ok").await?;
    if let Some(message) = q.regular_message() {
        bot.edit_text(message, format!("Picked {data}")).await?;
    }
    Ok(())
}

async fn on_my_chat_member(bot: Bot, update: ChatMemberUpdated) -> HandlerResult {
    let member = &update.new_chat_member;
    let status = if member.is_administrator() {
        "administrator"
    } else if member.is_member() && !member.is_owner() {
        "member"
    } else {
        return Ok(());
    };
    bot.send_message(update.chat.id, format!("status {status}"))
        .await?;
    Ok(())
}

async fn on_join_request(bot: Bot, request: teloxide::types::ChatJoinRequest) -> HandlerResult {
    bot.approve_chat_join_request(request.chat.id, request.from.id)
        .await?;
    bot.send_message(request.chat.id, format!("approved {}", request.from.id))
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let token = std::env::var("BOT_TOKEN").expect("BOT_TOKEN");
    let api_url = std::env::var("API_URL").expect("API_URL");
    let bot = Bot::new(token).set_api_url(reqwest::Url::parse(&api_url).expect("API_URL"));

    let handler = dptree::entry()
        .branch(
            Update::filter_message()
                .branch(dptree::entry().filter_command::<Command>().endpoint(
                    |bot: Bot, msg: Message, cmd: Command, _me: Me| on_command(bot, msg, cmd),
                ))
                .branch(dptree::endpoint(on_message)),
        )
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_my_chat_member().endpoint(on_my_chat_member))
        .branch(Update::filter_chat_join_request().endpoint(on_join_request));

    let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
        .enable_ctrlc_handler()
        .build();
    if std::env::var("BOT_MODE").as_deref() == Ok("webhook") {
        let port: u16 = std::env::var("WEBHOOK_PORT")
            .expect("WEBHOOK_PORT")
            .parse()
            .expect("WEBHOOK_PORT");
        let url = std::env::var("WEBHOOK_URL")
            .expect("WEBHOOK_URL")
            .parse()
            .expect("WEBHOOK_URL");
        let secret = std::env::var("WEBHOOK_SECRET").expect("WEBHOOK_SECRET");
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let options = webhooks::Options::new(address, url).secret_token(secret);
        let listener = webhooks::axum(bot, options)
            .await
            .expect("setting the webhook failed");
        log::info!("teloxide bot serving its webhook");
        dispatcher
            .dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("webhook listener error"),
            )
            .await;
    } else {
        log::info!("teloxide bot starting");
        dispatcher.dispatch().await;
    }
    log::info!("teloxide bot stopped");
}
