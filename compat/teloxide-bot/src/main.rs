//! teloxide bot for the gramd compatibility suite.
//!
//! Behaviour (same for every library): echo plain text; `/start` replies
//! "Pick" with one callback button (B1 / btn1); a callback is answered with
//! "ok" and the message is edited to "Picked <data>". Stops on SIGINT via
//! teloxide's own ctrl-c handler (shutdown token).
use teloxide::{
    prelude::*,
    sugar::bot::BotMessagesExt,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Me},
    utils::command::BotCommands,
};

#[derive(BotCommands, Clone)]
#[command(rename_rule = "lowercase")]
enum Command {
    Start,
}

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

async fn on_start(bot: Bot, msg: Message) -> HandlerResult {
    let kb = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("B1", "btn1")]]);
    bot.send_message(msg.chat.id, "Pick").reply_markup(kb).await?;
    Ok(())
}

async fn on_text(bot: Bot, msg: Message) -> HandlerResult {
    if let Some(text) = msg.text() {
        bot.send_message(msg.chat.id, text).await?;
    }
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery) -> HandlerResult {
    let data = q.data.clone().unwrap_or_default();
    bot.answer_callback_query(q.id.clone()).text("ok").await?;
    if let Some(message) = q.regular_message() {
        bot.edit_text(message, format!("Picked {data}")).await?;
    }
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
                    |bot: Bot, msg: Message, cmd: Command, _me: Me| async move {
                        match cmd {
                            Command::Start => on_start(bot, msg).await,
                        }
                    },
                ))
                .branch(dptree::endpoint(on_text)),
        )
        .branch(Update::filter_callback_query().endpoint(on_callback));

    log::info!("teloxide bot starting");
    Dispatcher::builder(bot, handler).enable_ctrlc_handler().build().dispatch().await;
    log::info!("teloxide bot stopped");
}
