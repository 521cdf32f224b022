//! The bot itself: `getMe`, `logOut`, `close`, and its command lists.

pub(crate) mod input;
mod render;

use gramd_core::bots::CommandScope;
use input::ScopeInput;

use super::{Call, Outcome, Reply};
use crate::error::ApiError;

pub(super) async fn get_me(call: &Call<'_>) -> Outcome {
    Reply::of(&render::me(&call.bot))
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
