//! The bot itself: `getMe`, `logOut`, `close`, its command lists, its name, description
//! and short description by language, and its menu button.

pub(crate) mod input;
mod render;

use gramd_core::BotText;
use gramd_core::CoreError;
use gramd_core::bots::CommandScope;
use gramd_core::ids::UserId;
use input::ScopeInput;

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::params::ChatRef;

pub(super) async fn get_me(call: &Call<'_>) -> Outcome {
    let main_web_app = call
        .core
        .web_app_settings(call.bot.id)
        .await?
        .main_app_url
        .is_some();
    Reply::of(&render::me(&call.bot, main_web_app))
}

pub(super) async fn log_out(call: &Call<'_>) -> Outcome {
    call.core.log_out_bot(call.bot.id);
    Ok(Reply::ok())
}

pub(super) async fn close(call: &Call<'_>) -> Outcome {
    call.core.close_bot(call.bot.id)?;
    Ok(Reply::ok())
}

async fn scope(call: &Call<'_>) -> Result<CommandScope, ApiError> {
    Ok(match input::command_scope(call.params)? {
        ScopeInput::Fixed(scope) => scope,
        ScopeInput::Chat(chat) => CommandScope::Chat(call.chat_from_text(&chat).await?),
        ScopeInput::ChatAdministrators(chat) => {
            CommandScope::ChatAdministrators(call.chat_from_text(&chat).await?)
        }
        ScopeInput::ChatMember(chat, user) => {
            CommandScope::ChatMember(call.chat_from_text(&chat).await?, user)
        }
    })
}

pub(super) async fn set_my_commands(call: &Call<'_>) -> Outcome {
    let commands = input::commands(call.params)?;
    let scope = scope(call).await?;
    let language = input::language(call.params)?;
    call.core
        .set_bot_commands(call.bot.id, scope, &language, commands)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn get_my_commands(call: &Call<'_>) -> Outcome {
    let scope = scope(call).await?;
    let language = input::language(call.params)?;
    let commands = call
        .core
        .bot_commands(call.bot.id, scope, &language)
        .await?;
    Reply::of(&render::commands(commands))
}

pub(super) async fn delete_my_commands(call: &Call<'_>) -> Outcome {
    let scope = scope(call).await?;
    let language = input::language(call.params)?;
    call.core
        .set_bot_commands(call.bot.id, scope, &language, Vec::new())
        .await?;
    Ok(Reply::ok())
}

/// The parameter and result field of each of the bot's texts.
fn text_field(which: BotText) -> &'static str {
    match which {
        BotText::Name => "name",
        BotText::Description => "description",
        BotText::ShortDescription => "short_description",
    }
}

async fn set_text(call: &Call<'_>, which: BotText) -> Outcome {
    let text = call.params.text_arg(text_field(which))?;
    let language = input::language(call.params)?;
    call.core
        .set_bot_text(call.bot.id, &language, which, text)
        .await?;
    Ok(Reply::ok())
}

async fn get_text(call: &Call<'_>, which: BotText) -> Outcome {
    let language = input::language(call.params)?;
    let texts = call.core.bot_texts(call.bot.id, &language).await?;
    let value = match which {
        BotText::Name => texts.name.unwrap_or_default(),
        BotText::Description => texts.description,
        BotText::ShortDescription => texts.short_description,
    };
    // `BotName`, `BotDescription` and `BotShortDescription`: one field each.
    Reply::of(&serde_json::json!({ text_field(which): value }))
}

pub(super) async fn set_my_name(call: &Call<'_>) -> Outcome {
    set_text(call, BotText::Name).await
}

pub(super) async fn get_my_name(call: &Call<'_>) -> Outcome {
    get_text(call, BotText::Name).await
}

pub(super) async fn set_my_description(call: &Call<'_>) -> Outcome {
    set_text(call, BotText::Description).await
}

pub(super) async fn get_my_description(call: &Call<'_>) -> Outcome {
    get_text(call, BotText::Description).await
}

pub(super) async fn set_my_short_description(call: &Call<'_>) -> Outcome {
    set_text(call, BotText::ShortDescription).await
}

pub(super) async fn get_my_short_description(call: &Call<'_>) -> Outcome {
    get_text(call, BotText::ShortDescription).await
}

/// The private chat a menu-button call is about; none for the bot's default.
fn menu_chat(call: &Call<'_>) -> Result<Option<UserId>, ApiError> {
    if call.params.arg("chat_id").is_empty() {
        return Ok(None);
    }
    match call.params.chat_id("chat_id")? {
        ChatRef::Id(id) if id > 0 => Ok(Some(UserId(id))),
        _ => Err(ApiError::bad_request("chat not found")),
    }
}

pub(super) async fn set_chat_menu_button(call: &Call<'_>) -> Outcome {
    let user = menu_chat(call)?;
    let button = input::menu_button(call.params)?;
    call.core
        .set_menu_button(call.bot.id, user, button)
        .await
        .map_err(|err| match err {
            CoreError::UserNotFound => ApiError::bad_request("chat not found"),
            other => other.into(),
        })?;
    Ok(Reply::ok())
}

pub(super) async fn get_chat_menu_button(call: &Call<'_>) -> Outcome {
    let user = menu_chat(call)?;
    let button = call.core.menu_button(call.bot.id, user).await?;
    Reply::of(&render::menu_button(button))
}
