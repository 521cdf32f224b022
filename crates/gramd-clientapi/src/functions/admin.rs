//! Chat administration: `channels.editBanned`, `channels.getParticipant`,
//! `messages.editChatDefaultBannedRights`, `messages.editChatTitle`, `channels.editTitle`,
//! `messages.editChatAbout` and `messages.updatePinnedMessage`. The rules are the core's.

use gramd_core::chats::{ChatKind, Permissions};
use gramd_core::ids::{GroupId, MessageId, Peer, UserId};
use gramd_core::messages::{RemovedHistory, Sent};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::functions::chats::membership_updates;
use crate::functions::messages::message_update;
use crate::rights::{participant, permissions_of};
use crate::rpc::Ctx;

/// The user an `InputPeer` names (only users are members here).
async fn participant_user(ctx: &Ctx<'_>, peer: &enums::InputPeer) -> Result<UserId, RpcError> {
    match ctx.input_peer(peer).await? {
        Peer::User(id) => Ok(id),
        _ => Err(RpcError::bad_request("PARTICIPANT_ID_INVALID")),
    }
}

pub(crate) async fn edit_banned(
    ctx: &Ctx<'_>,
    req: f::channels::EditBanned,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    let user = participant_user(ctx, &req.participant).await?;
    let enums::ChatBannedRights::Rights(banned) = &req.banned_rights;
    let until = i64::from(banned.until_date);
    let me = ctx.me().id;
    if banned.view_messages {
        // A supergroup or channel has one copy of its history: nothing to revoke.
        ctx.core
            .ban_member(me, chat, user, until, RemovedHistory::Keep)
            .await?;
    } else if ctx.core.chat(chat).await?.kind == ChatKind::Channel {
        // A broadcast channel has no restrictions: no banned right lifts a ban.
        ctx.core.unban_member(me, chat, user, true).await?;
    } else {
        let permissions = permissions_of(&req.banned_rights);
        ctx.core
            .restrict_member(me, chat, user, permissions, until)
            .await?;
    }
    membership_updates(ctx, chat, None).await
}

/// `messages.editChatParticipantRank`: an administrator with the `manage_ranks` right sets
/// a regular member's rank (their tag), or a member their own where the chat lets them.
pub(crate) async fn edit_chat_participant_rank(
    ctx: &Ctx<'_>,
    req: f::messages::EditChatParticipantRank,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let user = match ctx.input_peer(&req.participant).await? {
        Peer::User(user) => user,
        Peer::Group(_) | Peer::Channel(_) => {
            return Err(RpcError::bad_request("PARTICIPANT_ID_INVALID"));
        }
    };
    ctx.core
        .set_member_tag(ctx.me().id, chat, user, &req.rank)
        .await?;
    let rank = types::UpdateChatParticipantRank {
        chat_id: match chat {
            Peer::Group(group) => group.0,
            Peer::Channel(channel) => channel.0,
            Peer::User(other) => other.0,
        },
        user_id: user.0,
        rank: req.rank.trim().to_owned(),
        version: 0,
    };
    let updates = vec![enums::Update::ChatParticipantRank(rank)];
    Ok(ctx.view().updates(updates, &[], [chat]).await?)
}

pub(crate) async fn get_participant(
    ctx: &Ctx<'_>,
    req: f::channels::GetParticipant,
) -> Result<enums::channels::ChannelParticipant, RpcError> {
    let chat_peer = ctx.input_channel(&req.channel).await?;
    let user = participant_user(ctx, &req.participant).await?;
    let me = ctx.me();
    let member = ctx.core.chat_member(me, chat_peer, user).await?;
    let chat = ctx.core.chat(chat_peer).await?;
    let standing = ctx.core.standing(me.id, chat_peer).await?;
    let is_owner = standing
        .membership
        .is_some_and(|m| m.status == gramd_core::chats::MemberStatus::Creator);
    let participant = participant(&chat, &member, me.id, is_owner)
        .ok_or_else(|| RpcError::bad_request("USER_NOT_PARTICIPANT"))?;
    let mut peers = vec![chat_peer, Peer::User(user)];
    peers.extend(member.promoted_by.map(Peer::User));
    peers.extend(member.restricted_by.map(Peer::User));
    let (users, chats) = ctx.view().users_and_chats(&[], peers).await?;
    Ok(enums::channels::ChannelParticipant::Participant(
        types::channels::ChannelParticipant {
            participant,
            chats,
            users,
        },
    ))
}

pub(crate) async fn edit_default_rights(
    ctx: &Ctx<'_>,
    req: f::messages::EditChatDefaultBannedRights,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let permissions: Permissions = permissions_of(&req.banned_rights);
    if !ctx
        .core
        .set_chat_permissions(ctx.me().id, chat, permissions)
        .await?
    {
        return Err(RpcError::bad_request("CHAT_NOT_MODIFIED"));
    }
    membership_updates(ctx, chat, None).await
}

/// The `updates` of a title change: its service message.
async fn title_updates(
    ctx: &Ctx<'_>,
    chat: Peer,
    sent: Option<Sent>,
) -> Result<enums::Updates, RpcError> {
    let sent = sent.ok_or_else(|| RpcError::bad_request("CHAT_NOT_MODIFIED"))?;
    membership_updates(ctx, chat, Some(&sent)).await
}

pub(crate) async fn edit_chat_title(
    ctx: &Ctx<'_>,
    req: f::messages::EditChatTitle,
) -> Result<enums::Updates, RpcError> {
    let chat = Peer::Group(GroupId(req.chat_id));
    let sent = ctx
        .core
        .set_chat_title(ctx.me().id, chat, &req.title)
        .await?;
    title_updates(ctx, chat, sent).await
}

pub(crate) async fn edit_title(
    ctx: &Ctx<'_>,
    req: f::channels::EditTitle,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    let sent = ctx
        .core
        .set_chat_title(ctx.me().id, chat, &req.title)
        .await?;
    title_updates(ctx, chat, sent).await
}

pub(crate) async fn edit_chat_about(
    ctx: &Ctx<'_>,
    req: f::messages::EditChatAbout,
) -> Result<bool, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    ctx.core
        .set_chat_description(ctx.me().id, chat, &req.about)
        .await?;
    Ok(true)
}

pub(crate) async fn update_pinned_message(
    ctx: &Ctx<'_>,
    req: f::messages::UpdatePinnedMessage,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let me = ctx.me().id;
    let id = MessageId(req.id);
    let change = if req.unpin {
        ctx.core.unpin_message(me, chat, Some(id)).await?
    } else {
        ctx.core.pin_message(me, chat, id, req.silent).await?
    };
    let messages: Vec<i32> = change.ids.iter().map(|i| i.0).collect();
    let pinned = match chat {
        Peer::Channel(channel) => {
            enums::Update::PinnedChannelMessages(types::UpdatePinnedChannelMessages {
                pinned: change.pinned,
                channel_id: channel.0,
                messages,
                pts: change.pts,
                pts_count: 1,
            })
        }
        _ => enums::Update::PinnedMessages(types::UpdatePinnedMessages {
            pinned: change.pinned,
            peer: crate::tl::peer(chat),
            messages,
            pts: change.pts,
            pts_count: 1,
        }),
    };
    let mut updates = vec![pinned];
    let mut shown = Vec::new();
    if let Some(service) = &change.service {
        updates.push(message_update(ctx, &service.message, service.pts, false).await?);
        shown.push(service.message.clone());
    }
    Ok(ctx.view().updates(updates, &shown, [chat]).await?)
}
