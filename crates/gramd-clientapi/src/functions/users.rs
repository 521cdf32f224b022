//! `contacts.resolveUsername`, `users.getUsers`, `users.getFullUser`.

use gramd_core::CoreError;
use gramd_core::bots::CommandScope;
use gramd_core::ids::Peer;
use gramd_core::users::validate_username;
use grammers_tl_types::functions as f;
use serde_json::Value;

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{Obj, peer};

pub(crate) async fn resolve_username(
    ctx: &Ctx<'_>,
    req: f::contacts::ResolveUsername,
) -> Result<Value, RpcError> {
    let name = req.username.trim_start_matches('@');
    if validate_username(name).is_err() {
        return Err(RpcError::bad_request("USERNAME_INVALID"));
    }
    let target = ctx
        .core
        .resolve_username(name)
        .await
        .map_err(|err| match err {
            CoreError::ChatNotFound => RpcError::bad_request("USERNAME_NOT_OCCUPIED"),
            other => other.into(),
        })?;
    let (users, chats) = ctx.view().users_and_chats(&[], [target]).await?;
    Ok(Obj::new("contacts.resolvedPeer")
        .set("peer", peer(target))
        .set("chats", chats)
        .set("users", users)
        .build())
}

pub(crate) async fn get_users(ctx: &Ctx<'_>, req: f::users::GetUsers) -> Result<Value, RpcError> {
    let mut users = Vec::with_capacity(req.id.len());
    for input in &req.id {
        if let Ok(id) = ctx.input_user(input).await
            && let Some(user) = ctx.core.find_user(id).await?
        {
            users.push(ctx.view().user(&user));
        }
    }
    Ok(Value::Array(users))
}

pub(crate) async fn get_full_user(
    ctx: &Ctx<'_>,
    req: f::users::GetFullUser,
) -> Result<Value, RpcError> {
    let id = ctx.input_user(&req.id).await?;
    let user = ctx.core.user(id).await?;
    let bot_info = if user.is_bot() {
        let commands: Vec<Value> = ctx
            .core
            .bot_commands(user.id, CommandScope::Default, "")
            .await?
            .into_iter()
            .map(|c| {
                Obj::new("botCommand")
                    .set("command", c.command)
                    .set("description", c.description)
                    .build()
            })
            .collect();
        Some(
            Obj::new("botInfo")
                .set("user_id", user.id.0)
                .set("description", "")
                .set("commands", commands)
                .build(),
        )
    } else {
        None
    };
    let full = Obj::new("userFull")
        .set("id", user.id.0)
        .set("settings", Obj::new("peerSettings").build())
        .set("notify_settings", Obj::new("peerNotifySettings").build())
        .opt("bot_info", bot_info)
        .set("common_chats_count", 0)
        .build();
    let (users, chats) = ctx.view().users_and_chats(&[], [Peer::User(id)]).await?;
    Ok(Obj::new("users.userFull")
        .set("full_user", full)
        .set("chats", chats)
        .set("users", users)
        .build())
}
