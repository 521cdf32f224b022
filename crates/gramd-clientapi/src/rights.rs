//! Rights, restrictions, memberships and invite links as TL objects, both ways:
//! `chatAdminRights` (what an administrator may do), `chatBannedRights` (what a restricted
//! user or every member may not do: the opposite of the core's `Permissions`),
//! `channelParticipant*` and `chatInviteExported`.

use gramd_core::chats::{AdminRights, Chat, Member, MemberStatus, Permissions};
use gramd_core::ids::{Peer, UserId};
use gramd_core::invites::InviteLink;
use grammers_tl_types::{enums, types};

use crate::tl::{int, peer};

/// `chatAdminRights` of the core's rights.
pub(crate) fn admin_rights(r: AdminRights) -> enums::ChatAdminRights {
    enums::ChatAdminRights::Rights(types::ChatAdminRights {
        change_info: r.can_change_info,
        post_messages: r.can_post_messages,
        edit_messages: r.can_edit_messages,
        delete_messages: r.can_delete_messages,
        ban_users: r.can_restrict_members,
        invite_users: r.can_invite_users,
        pin_messages: r.can_pin_messages,
        add_admins: r.can_promote_members,
        anonymous: r.is_anonymous,
        manage_call: r.can_manage_video_chats,
        other: r.can_manage_chat,
        manage_topics: r.can_manage_topics,
        post_stories: r.can_post_stories,
        edit_stories: r.can_edit_stories,
        delete_stories: r.can_delete_stories,
        manage_direct_messages: r.can_manage_direct_messages,
        manage_ranks: r.can_manage_tags,
        manage_linked_peers: false,
        manage_welcome_messages: r.can_send_welcome_messages,
    })
}

/// The core's rights of a client's `chatAdminRights`.
pub(crate) fn admin_rights_of(rights: &enums::ChatAdminRights) -> AdminRights {
    let enums::ChatAdminRights::Rights(r) = rights;
    AdminRights {
        can_manage_chat: r.other,
        can_delete_messages: r.delete_messages,
        can_manage_video_chats: r.manage_call,
        can_restrict_members: r.ban_users,
        can_promote_members: r.add_admins,
        can_change_info: r.change_info,
        can_invite_users: r.invite_users,
        can_post_stories: r.post_stories,
        can_edit_stories: r.edit_stories,
        can_delete_stories: r.delete_stories,
        can_post_messages: r.post_messages,
        can_edit_messages: r.edit_messages,
        can_pin_messages: r.pin_messages,
        can_manage_topics: r.manage_topics,
        can_manage_direct_messages: r.manage_direct_messages,
        can_manage_tags: r.manage_ranks,
        can_send_welcome_messages: r.manage_welcome_messages,
        is_anonymous: r.anonymous,
    }
}

/// What a client's `chatBannedRights` allows: every right not banned. `send_messages` bans
/// all sending, `send_media` every kind of media.
pub(crate) fn permissions_of(rights: &enums::ChatBannedRights) -> Permissions {
    let enums::ChatBannedRights::Rights(b) = rights;
    let all = b.send_messages;
    let media = all || b.send_media;
    Permissions {
        can_send_messages: !(all || b.send_plain),
        can_send_audios: !(media || b.send_audios),
        can_send_documents: !(media || b.send_docs),
        can_send_photos: !(media || b.send_photos),
        can_send_videos: !(media || b.send_videos),
        can_send_video_notes: !(media || b.send_roundvideos),
        can_send_voice_notes: !(media || b.send_voices),
        can_send_polls: !(all || b.send_polls),
        can_send_other_messages: !(all
            || b.send_stickers
            || b.send_gifs
            || b.send_games
            || b.send_inline),
        can_add_web_page_previews: !(all || b.embed_links),
        can_react_to_messages: !b.send_reactions,
        can_edit_tag: !b.edit_rank,
        can_change_info: !b.change_info,
        can_invite_users: !b.invite_users,
        can_pin_messages: !b.pin_messages,
        can_manage_topics: !b.manage_topics,
    }
}

/// `chatBannedRights` banning what `permissions` do not allow (and with `view`, the chat
/// itself: a ban).
pub(crate) fn banned_rights(
    permissions: Permissions,
    view: bool,
    until_date: i64,
) -> enums::ChatBannedRights {
    let p = permissions;
    let other = !p.can_send_other_messages;
    enums::ChatBannedRights::Rights(types::ChatBannedRights {
        view_messages: view,
        send_messages: p.can_send_nothing(),
        send_media: !p.can_send_media(),
        send_stickers: other,
        send_gifs: other,
        send_games: other,
        send_inline: other,
        embed_links: !p.can_add_web_page_previews,
        send_polls: !p.can_send_polls,
        change_info: !p.can_change_info,
        invite_users: !p.can_invite_users,
        pin_messages: !p.can_pin_messages,
        manage_topics: !p.can_manage_topics,
        send_photos: !p.can_send_photos,
        send_videos: !p.can_send_videos,
        send_roundvideos: !p.can_send_video_notes,
        send_audios: !p.can_send_audios,
        send_voices: !p.can_send_voice_notes,
        send_docs: !p.can_send_documents,
        send_plain: !p.can_send_messages,
        edit_rank: !p.can_edit_tag,
        send_reactions: !p.can_react_to_messages,
        manage_linked_peers: false,
        until_date: int(until_date),
    })
}

/// What a ban or restriction of a member looks like as `chatBannedRights`.
fn member_banned_rights(member: &Member) -> enums::ChatBannedRights {
    if member.status == MemberStatus::Kicked {
        banned_rights(Permissions::none(), true, member.until_date)
    } else {
        let permissions = member.permissions.unwrap_or_else(Permissions::all);
        banned_rights(permissions, false, member.until_date)
    }
}

/// A membership record as a `channelParticipant*` seen by `viewer` (who may edit the
/// administrators it promoted, or all as the owner); `None` for a user who is not in the
/// chat and neither banned nor restricted.
pub(crate) fn participant(
    chat: &Chat,
    member: &Member,
    viewer: UserId,
    viewer_is_owner: bool,
) -> Option<enums::ChannelParticipant> {
    let user_id = member.user.0;
    let date = int(member.date);
    let rank = member.custom_title.clone();
    Some(match member.status {
        MemberStatus::Creator => {
            enums::ChannelParticipant::Creator(types::ChannelParticipantCreator {
                user_id,
                admin_rights: admin_rights(AdminRights::all().for_kind(chat.kind)),
                rank,
            })
        }
        MemberStatus::Administrator => {
            let is_self = member.user == viewer;
            enums::ChannelParticipant::Admin(types::ChannelParticipantAdmin {
                can_edit: viewer_is_owner || member.promoted_by == Some(viewer),
                is_self,
                user_id,
                inviter_id: is_self.then(|| member.inviter.map_or(chat.creator.0, |u| u.0)),
                promoted_by: member.promoted_by.unwrap_or(chat.creator).0,
                date,
                admin_rights: admin_rights(member.rights),
                rank,
            })
        }
        MemberStatus::Kicked | MemberStatus::Restricted | MemberStatus::Left
            if member.status == MemberStatus::Kicked || member.permissions.is_some() =>
        {
            enums::ChannelParticipant::Banned(types::ChannelParticipantBanned {
                left: !member.status.is_member(),
                peer: peer(Peer::User(member.user)),
                kicked_by: member.restricted_by.unwrap_or(chat.creator).0,
                date,
                banned_rights: member_banned_rights(member),
                rank,
            })
        }
        MemberStatus::Member | MemberStatus::Restricted if member.user == viewer => {
            enums::ChannelParticipant::ParticipantSelf(types::ChannelParticipantSelf {
                via_request: false,
                user_id,
                inviter_id: member.inviter.map_or(chat.creator.0, |u| u.0),
                date,
                subscription_until_date: None,
                rank,
            })
        }
        MemberStatus::Member | MemberStatus::Restricted => {
            enums::ChannelParticipant::Participant(types::ChannelParticipant {
                user_id,
                date,
                subscription_until_date: None,
                rank,
            })
        }
        MemberStatus::Left | MemberStatus::Kicked => return None,
    })
}

/// `chatInviteExported` of an invite link.
pub(crate) fn exported_invite(link: &InviteLink) -> enums::ExportedChatInvite {
    enums::ExportedChatInvite::ChatInviteExported(types::ChatInviteExported {
        revoked: link.is_revoked,
        permanent: link.is_primary,
        request_needed: link.creates_join_request,
        link: link.url(),
        admin_id: link.creator.0,
        date: int(link.date),
        start_date: None,
        expire_date: (link.expire_date != 0).then(|| int(link.expire_date)),
        usage_limit: (link.member_limit != 0).then(|| int(link.member_limit)),
        usage: (link.usage != 0).then(|| int(link.usage)),
        requested: (link.pending_join_requests != 0).then(|| int(link.pending_join_requests)),
        subscription_expired: None,
        title: link.name.clone(),
        subscription_pricing: None,
    })
}
