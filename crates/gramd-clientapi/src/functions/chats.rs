//! Groups and channels: creating them, members and administrators.

use gramd_core::chats::{AdminRights, ChannelKind};
use gramd_core::ids::{GroupId, Peer, UserId};
use gramd_core::messages::{RemovedHistory, Sent};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::functions::messages::message_update;
use crate::rights::admin_rights_of;
use crate::rpc::Ctx;

/// `updates` carrying the service message of a membership change and the chat.
pub(crate) async fn membership_updates(
    ctx: &Ctx<'_>,
    chat: Peer,
    sent: Option<&Sent>,
) -> Result<enums::Updates, RpcError> {
    let view = ctx.view();
    let mut updates = Vec::new();
    let mut messages = Vec::new();
    if let Some(sent) = sent {
        updates.push(message_update(ctx, &sent.message, sent.pts, false).await?);
        messages.push(sent.message.clone());
    }
    Ok(view.updates(updates, &messages, [chat]).await?)
}

fn invited(updates: enums::Updates) -> enums::messages::InvitedUsers {
    enums::messages::InvitedUsers::Users(types::messages::InvitedUsers {
        updates,
        missing_invitees: Vec::new(),
    })
}

async fn input_users(ctx: &Ctx<'_>, users: &[enums::InputUser]) -> Result<Vec<UserId>, RpcError> {
    let mut ids = Vec::with_capacity(users.len());
    for user in users {
        ids.push(ctx.input_user(user).await?);
    }
    Ok(ids)
}

pub(crate) async fn create_chat(
    ctx: &Ctx<'_>,
    req: f::messages::CreateChat,
) -> Result<enums::messages::InvitedUsers, RpcError> {
    let users = input_users(ctx, &req.users).await?;
    let (chat, sent) = ctx
        .core
        .create_group(ctx.me().id, &req.title, &users)
        .await?;
    Ok(invited(
        membership_updates(ctx, chat.peer, Some(&sent)).await?,
    ))
}

pub(crate) async fn add_chat_user(
    ctx: &Ctx<'_>,
    req: f::messages::AddChatUser,
) -> Result<enums::messages::InvitedUsers, RpcError> {
    let user = ctx.input_user(&req.user_id).await?;
    let chat = Peer::Group(GroupId(req.chat_id));
    let sent = ctx.core.add_member(ctx.me().id, chat, user).await?;
    Ok(invited(membership_updates(ctx, chat, Some(&sent)).await?))
}

pub(crate) async fn delete_chat_user(
    ctx: &Ctx<'_>,
    req: f::messages::DeleteChatUser,
) -> Result<enums::Updates, RpcError> {
    let user = ctx.input_user(&req.user_id).await?;
    let chat = Peer::Group(GroupId(req.chat_id));
    let history = if req.revoke_history {
        RemovedHistory::Delete
    } else {
        RemovedHistory::Keep
    };
    ctx.core
        .remove_member(ctx.me().id, chat, user, history)
        .await?;
    membership_updates(ctx, chat, None).await
}

pub(crate) async fn create_channel(
    ctx: &Ctx<'_>,
    req: f::channels::CreateChannel,
) -> Result<enums::Updates, RpcError> {
    if req.broadcast == req.megagroup {
        return Err(RpcError::bad_request("CHANNELS_ADMIN_PUBLIC_TOO_MUCH")
            .with_detail("exactly one of broadcast and megagroup must be set"));
    }
    let kind = if req.broadcast {
        ChannelKind::Broadcast
    } else {
        ChannelKind::Supergroup
    };
    let (chat, sent) = ctx
        .core
        .create_channel(ctx.me().id, &req.title, &req.about, kind)
        .await?;
    membership_updates(ctx, chat.peer, Some(&sent)).await
}

pub(crate) async fn invite_to_channel(
    ctx: &Ctx<'_>,
    req: f::channels::InviteToChannel,
) -> Result<enums::messages::InvitedUsers, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    let users = input_users(ctx, &req.users).await?;
    let mut last = None;
    for user in users {
        last = Some(ctx.core.add_member(ctx.me().id, chat, user).await?);
    }
    Ok(invited(membership_updates(ctx, chat, last.as_ref()).await?))
}

pub(crate) async fn leave_channel(
    ctx: &Ctx<'_>,
    req: f::channels::LeaveChannel,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    ctx.core
        .remove_member(ctx.me().id, chat, ctx.me().id, RemovedHistory::Keep)
        .await?;
    membership_updates(ctx, chat, None).await
}

pub(crate) async fn edit_admin(
    ctx: &Ctx<'_>,
    req: f::channels::EditAdmin,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    let user = ctx.input_user(&req.user_id).await?;
    let rights = admin_rights_of(&req.admin_rights);
    let rights = (rights != AdminRights::default()).then_some(rights);
    ctx.core
        .set_admin(ctx.me().id, chat, user, rights, req.rank)
        .await?;
    membership_updates(ctx, chat, None).await
}

/// `messages.editChatAdmin`: the creator of a basic group appoints or dismisses an
/// administrator.
pub(crate) async fn edit_chat_admin(
    ctx: &Ctx<'_>,
    req: f::messages::EditChatAdmin,
) -> Result<bool, RpcError> {
    let user = ctx.input_user(&req.user_id).await?;
    let chat = Peer::Group(GroupId(req.chat_id));
    ctx.core
        .set_basic_group_admin(ctx.me().id, chat, user, req.is_admin)
        .await?;
    Ok(true)
}
