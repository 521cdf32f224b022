//! The bot itself: `getMe`, `logOut`, `close`, and its command lists.

use gramd_core::bots::CommandScope;

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input::{self, ScopeInput};
use crate::render;
use crate::types::BotCommand;

pub(super) fn get_me(call: &Call<'_>) -> Outcome {
    Reply::of(&render::me(&call.bot))
}

pub(super) fn log_out(call: &Call<'_>) -> Outcome {
    call.core.log_out_bot(call.bot.id);
    Ok(Reply::ok())
}

pub(super) fn close(call: &Call<'_>) -> Outcome {
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

/// `language_code` (the core checks it).
fn language(call: &Call<'_>) -> Result<String, ApiError> {
    Ok(call.params.arg("language_code").to_owned())
}

pub(super) async fn set_my_commands(call: &Call<'_>) -> Outcome {
    let commands = input::commands(call.params)?;
    let scope = scope(call).await?;
    let language = language(call)?;
    call.core
        .set_bot_commands(call.bot.id, scope, &language, commands)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn get_my_commands(call: &Call<'_>) -> Outcome {
    let scope = scope(call).await?;
    let language = language(call)?;
    let commands = call
        .core
        .bot_commands(call.bot.id, scope, &language)
        .await?;
    let rendered: Vec<BotCommand> = commands
        .into_iter()
        .map(|c| BotCommand {
            command: c.command,
            description: c.description,
        })
        .collect();
    Reply::of(&rendered)
}

pub(super) async fn delete_my_commands(call: &Call<'_>) -> Outcome {
    let scope = scope(call).await?;
    let language = language(call)?;
    call.core
        .set_bot_commands(call.bot.id, scope, &language, Vec::new())
        .await?;
    Ok(Reply::ok())
}
