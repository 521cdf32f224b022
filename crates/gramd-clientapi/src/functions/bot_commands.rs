//! `bots.setBotCommands`, `bots.resetBotCommands`, `bots.getBotCommands`: a bot's command
//! lists by scope and language, the same lists as the Bot API's `setMyCommands` (bots only,
//! by the access table).

use gramd_core::bots::{BotCommand, CommandScope};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;

/// The core's scope of a `BotCommandScope`; peers are resolved as the bot sees them.
async fn scope(ctx: &Ctx<'_>, scope: &enums::BotCommandScope) -> Result<CommandScope, RpcError> {
    use enums::BotCommandScope as S;
    Ok(match scope {
        S::Default => CommandScope::Default,
        S::Users => CommandScope::AllPrivateChats,
        S::Chats => CommandScope::AllGroupChats,
        S::ChatAdmins => CommandScope::AllChatAdministrators,
        S::Peer(p) => CommandScope::Chat(ctx.input_peer(&p.peer).await?),
        S::PeerAdmins(p) => CommandScope::ChatAdministrators(ctx.input_peer(&p.peer).await?),
        S::PeerUser(p) => CommandScope::ChatMember(
            ctx.input_peer(&p.peer).await?,
            ctx.input_user(&p.user_id).await?,
        ),
    })
}

pub(crate) async fn set_bot_commands(
    ctx: &Ctx<'_>,
    req: f::bots::SetBotCommands,
) -> Result<bool, RpcError> {
    let scope = scope(ctx, &req.scope).await?;
    let commands = req
        .commands
        .into_iter()
        .map(|enums::BotCommand::Command(c)| BotCommand {
            command: c.command,
            description: c.description,
        })
        .collect();
    ctx.core
        .set_bot_commands(ctx.me().id, scope, &req.lang_code, commands)
        .await?;
    Ok(true)
}

pub(crate) async fn reset_bot_commands(
    ctx: &Ctx<'_>,
    req: f::bots::ResetBotCommands,
) -> Result<bool, RpcError> {
    let scope = scope(ctx, &req.scope).await?;
    ctx.core
        .set_bot_commands(ctx.me().id, scope, &req.lang_code, Vec::new())
        .await?;
    Ok(true)
}

pub(crate) async fn get_bot_commands(
    ctx: &Ctx<'_>,
    req: f::bots::GetBotCommands,
) -> Result<Vec<enums::BotCommand>, RpcError> {
    let scope = scope(ctx, &req.scope).await?;
    let commands = ctx
        .core
        .bot_commands(ctx.me().id, scope, &req.lang_code)
        .await?;
    Ok(commands
        .into_iter()
        .map(|c| {
            enums::BotCommand::Command(types::BotCommand {
                ephemeral: false,
                command: c.command,
                description: c.description,
            })
        })
        .collect())
}
