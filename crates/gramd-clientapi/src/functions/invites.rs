//! Invite links and join requests: `messages.exportChatInvite`, `messages.checkChatInvite`,
//! `messages.importChatInvite`, `messages.hideChatJoinRequest`. The rules are the core's.

use gramd_core::chats::ChatKind;
use gramd_core::invites::{InviteCheck, LinkSpec};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::functions::chats::membership_updates;
use crate::rights::exported_invite;
use crate::rpc::Ctx;
use crate::tl::int;

pub(crate) async fn export_chat_invite(
    ctx: &Ctx<'_>,
    req: f::messages::ExportChatInvite,
) -> Result<enums::ExportedChatInvite, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let me = ctx.me().id;
    let link = if req.legacy_revoke_permanent {
        ctx.core.replace_primary_link(me, chat).await?
    } else {
        let spec = LinkSpec {
            name: req.title,
            expire_date: req.expire_date.map_or(0, i64::from),
            member_limit: match req.usage_limit.unwrap_or(0) {
                limit if limit < 0 => return Err(RpcError::bad_request("USAGE_LIMIT_INVALID")),
                limit => limit.cast_unsigned(),
            },
            creates_join_request: req.request_needed,
        };
        ctx.core.create_invite_link(me, chat, spec).await?
    };
    Ok(exported_invite(&link))
}

pub(crate) async fn check_chat_invite(
    ctx: &Ctx<'_>,
    req: f::messages::CheckChatInvite,
) -> Result<enums::ChatInvite, RpcError> {
    match ctx.core.check_invite(ctx.me().id, &req.hash).await? {
        InviteCheck::Already(chat) => {
            let chat = ctx
                .view()
                .chat_for_me(&chat)
                .await?
                .ok_or_else(|| RpcError::bad_request("INVITE_HASH_INVALID"))?;
            Ok(enums::ChatInvite::Already(types::ChatInviteAlready {
                chat,
            }))
        }
        InviteCheck::Invite {
            chat,
            member_count,
            request_needed,
        } => Ok(enums::ChatInvite::Invite(types::ChatInvite {
            channel: chat.kind != ChatKind::Group,
            broadcast: chat.kind == ChatKind::Channel,
            public: chat.username.is_some(),
            megagroup: chat.kind == ChatKind::Supergroup,
            request_needed,
            verified: false,
            scam: false,
            fake: false,
            can_refulfill_subscription: false,
            title: chat.title.clone(),
            about: chat.description.clone(),
            photo: enums::Photo::Empty(types::PhotoEmpty { id: 0 }),
            participants_count: int(member_count),
            participants: None,
            color: 0,
            subscription_pricing: None,
            subscription_form_id: None,
            bot_verification: None,
        })),
    }
}

pub(crate) async fn import_chat_invite(
    ctx: &Ctx<'_>,
    req: f::messages::ImportChatInvite,
) -> Result<enums::messages::ChatInviteJoinResult, RpcError> {
    let (chat, sent) = ctx.core.join_by_link(ctx.me().id, &req.hash).await?;
    let updates = membership_updates(ctx, chat.peer, sent.as_ref()).await?;
    Ok(enums::messages::ChatInviteJoinResult::Ok(
        types::messages::ChatInviteJoinResultOk { updates },
    ))
}

pub(crate) async fn hide_chat_join_request(
    ctx: &Ctx<'_>,
    req: f::messages::HideChatJoinRequest,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let user = ctx.input_user(&req.user_id).await?;
    ctx.core
        .answer_join_request(ctx.me().id, chat, user, req.approved)
        .await?;
    membership_updates(ctx, chat, None).await
}
