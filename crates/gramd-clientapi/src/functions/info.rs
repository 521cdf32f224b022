//! The full information of a group or channel: `messages.getFullChat` and
//! `channels.getFullChannel`, with what administration changes (the description, the
//! pinned message, the caller's primary invite link, waiting join requests, member counts).

use gramd_core::chats::{Chat, Member, MemberFilter, MemberStatus};
use gramd_core::ids::{BoxId, GroupId, Peer};
use gramd_core::{ChatView, CoreError};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rights::exported_invite;
use crate::rpc::Ctx;
use crate::tl::{bot_verification, int};

/// Most members a basic group lists.
const MAX_GROUP_MEMBERS: u32 = 200;

/// What the caller sees of a group or channel beyond the chat object.
struct Extras {
    exported_invite: Option<enums::ExportedChatInvite>,
    pinned_msg_id: Option<i32>,
    requests_pending: Option<i32>,
    recent_requesters: Option<Vec<i64>>,
}

async fn extras(ctx: &Ctx<'_>, chat: &Chat) -> Result<Extras, RpcError> {
    let me = ctx.me().id;
    let link = ctx.core.primary_link(me, chat.peer).await?;
    let pinned = ctx.core.pinned_message(me, chat.peer).await?;
    let requests = match ctx.core.join_requests(me, chat.peer).await {
        Ok(requests) => Some(requests),
        Err(CoreError::Internal { detail }) => return Err(CoreError::Internal { detail }.into()),
        Err(_) => None,
    };
    Ok(Extras {
        exported_invite: link.as_ref().map(exported_invite),
        pinned_msg_id: pinned.map(|m| m.id.0),
        requests_pending: requests
            .as_ref()
            .map(|r| int(i64::try_from(r.len()).unwrap_or(0))),
        recent_requesters: requests.map(|r| r.iter().rev().take(3).map(|q| q.user.0).collect()),
    })
}

/// Default notification settings: nothing set (gramd keeps none per chat).
pub(crate) fn notify_settings() -> enums::PeerNotifySettings {
    enums::PeerNotifySettings::Settings(types::PeerNotifySettings {
        show_previews: None,
        silent: None,
        mute_until: None,
        ios_sound: None,
        android_sound: None,
        other_sound: None,
        stories_muted: None,
        stories_hide_sender: None,
        stories_ios_sound: None,
        stories_android_sound: None,
        stories_other_sound: None,
    })
}

/// A basic group's member as a `chatParticipant*`.
fn chat_participant(chat: &Chat, member: &Member) -> enums::ChatParticipant {
    let user_id = member.user.0;
    let inviter_id = member.inviter.unwrap_or(chat.creator).0;
    let rank = member.custom_title.clone();
    match member.status {
        MemberStatus::Creator => {
            enums::ChatParticipant::Creator(types::ChatParticipantCreator { user_id, rank })
        }
        MemberStatus::Administrator => enums::ChatParticipant::Admin(types::ChatParticipantAdmin {
            user_id,
            inviter_id,
            date: int(member.date),
            rank,
        }),
        _ => enums::ChatParticipant::Participant(types::ChatParticipant {
            user_id,
            inviter_id,
            date: int(member.date),
            rank,
        }),
    }
}

/// The chat `peer` as the caller sees it, which must be a group or channel.
async fn visible_chat(ctx: &Ctx<'_>, peer: Peer) -> Result<std::sync::Arc<Chat>, RpcError> {
    match ctx.core.chat_view(ctx.me(), peer).await? {
        ChatView::Chat(chat) => Ok(chat),
        ChatView::User(_) => Err(RpcError::bad_request("PEER_ID_INVALID")),
    }
}

pub(crate) async fn get_full_chat(
    ctx: &Ctx<'_>,
    req: f::messages::GetFullChat,
) -> Result<enums::messages::ChatFull, RpcError> {
    let peer = Peer::Group(GroupId(req.chat_id));
    let chat = visible_chat(ctx, peer)
        .await
        .map_err(|_| RpcError::bad_request("CHAT_ID_INVALID"))?;
    let members = ctx
        .core
        .chat_members(ctx.me(), peer, MemberFilter::Recent, 0, MAX_GROUP_MEMBERS)
        .await?;
    let extras = extras(ctx, &chat).await?;
    let full = types::ChatFull {
        can_set_username: false,
        has_scheduled: false,
        translations_disabled: false,
        has_welcome_messages: false,
        id: req.chat_id,
        about: chat.description.clone().unwrap_or_default(),
        participants: enums::ChatParticipants::Participants(types::ChatParticipants {
            chat_id: req.chat_id,
            participants: members.iter().map(|m| chat_participant(&chat, m)).collect(),
            version: 1,
        }),
        chat_photo: None,
        notify_settings: notify_settings(),
        exported_invite: extras.exported_invite,
        bot_info: None,
        pinned_msg_id: extras.pinned_msg_id,
        folder_id: None,
        call: None,
        ttl_period: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: extras.requests_pending,
        recent_requesters: extras.recent_requesters,
        available_reactions: Some(super::reactions::chat_reactions(&chat.available_reactions)),
        reactions_limit: None,
    };
    let peers = members.iter().map(|m| Peer::User(m.user)).chain([peer]);
    let (users, chats) = ctx.view().users_and_chats(&[], peers).await?;
    Ok(enums::messages::ChatFull::Full(types::messages::ChatFull {
        full_chat: enums::ChatFull::Full(full),
        chats,
        users,
    }))
}

pub(crate) async fn get_full_channel(
    ctx: &Ctx<'_>,
    req: f::channels::GetFullChannel,
) -> Result<enums::messages::ChatFull, RpcError> {
    let peer = ctx.input_channel(&req.channel).await?;
    let chat = visible_chat(ctx, peer).await?;
    let Peer::Channel(channel) = peer else {
        return Err(RpcError::bad_request("CHANNEL_INVALID"));
    };
    let me = ctx.me();
    let count = |filter| async move {
        let list = ctx.core.chat_members(me, peer, filter, 0, u32::MAX).await?;
        Ok::<i32, RpcError>(int(i64::try_from(list.len()).unwrap_or(0)))
    };
    let standing = ctx.core.standing(me.id, peer).await?;
    let is_admin = standing.membership.is_some_and(|m| m.status.is_admin());
    let extras = extras(ctx, &chat).await?;
    let stickerset = match chat.sticker_set {
        Some(id) => match ctx.core.sticker_set_by_id(id).await {
            Ok(set) => Some(ctx.view().sticker_set_info(&set)),
            Err(gramd_core::CoreError::Refused { .. }) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let full = types::ChannelFull {
        can_view_participants: true,
        can_set_username: false,
        can_set_stickers: ctx.core.can_set_chat_sticker_set(me.id, peer).await?,
        hidden_prehistory: false,
        can_set_location: false,
        has_scheduled: false,
        can_view_stats: false,
        blocked: false,
        can_delete_channel: false,
        antispam: false,
        participants_hidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        view_forum_as_messages: false,
        restricted_sponsored: false,
        can_view_revenue: false,
        paid_media_allowed: false,
        can_view_stars_revenue: false,
        paid_reactions_available: false,
        stargifts_available: false,
        paid_messages_available: false,
        has_welcome_messages: false,
        id: channel.0,
        about: chat.description.clone().unwrap_or_default(),
        participants_count: Some(int(standing.member_count)),
        admins_count: Some(count(MemberFilter::Administrators).await?),
        kicked_count: if is_admin {
            Some(count(MemberFilter::Kicked).await?)
        } else {
            None
        },
        banned_count: is_admin.then_some(0),
        online_count: None,
        read_inbox_max_id: 0,
        read_outbox_max_id: 0,
        unread_count: 0,
        chat_photo: enums::Photo::Empty(types::PhotoEmpty { id: 0 }),
        notify_settings: notify_settings(),
        exported_invite: extras.exported_invite,
        bot_info: Vec::new(),
        migrated_from_chat_id: None,
        migrated_from_max_id: None,
        pinned_msg_id: extras.pinned_msg_id,
        stickerset,
        available_min_id: None,
        folder_id: None,
        linked_chat_id: None,
        location: None,
        slowmode_seconds: None,
        slowmode_next_send_date: None,
        stats_dc: None,
        pts: ctx.core.current_pts(BoxId::Channel(channel)).await?,
        call: None,
        ttl_period: None,
        pending_suggestions: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: extras.requests_pending,
        recent_requesters: extras.recent_requesters,
        default_send_as: None,
        available_reactions: Some(super::reactions::chat_reactions(&chat.available_reactions)),
        reactions_limit: None,
        stories: None,
        wallpaper: None,
        boosts_applied: None,
        boosts_unrestrict: None,
        emojiset: None,
        bot_verification: chat.verification.as_ref().map(bot_verification),
        stargifts_count: None,
        send_paid_messages_stars: None,
        main_tab: None,
        guard_bot_id: None,
    };
    let (users, chats) = ctx.view().users_and_chats(&[], [peer]).await?;
    Ok(enums::messages::ChatFull::Full(types::messages::ChatFull {
        full_chat: enums::ChatFull::ChannelFull(full),
        chats,
        users,
    }))
}
