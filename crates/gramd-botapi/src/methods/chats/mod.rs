//! Chats: `getChat`, members, `leaveChat`, `sendChatAction`, `sendMessageDraft`.

mod input;
mod render;

use gramd_core::ChatView;
use gramd_core::chat_actions::MessageDraft;
use gramd_core::chats::{ChatKind, MemberFilter};
use gramd_core::ids::{Peer, UserId};

use super::messages::input::formatted_text;
use super::{Call, Outcome, Reply};
use crate::error::ApiError;

pub(super) async fn send_chat_action(call: &Call<'_>) -> Outcome {
    let action = input::chat_action(call.params)?;
    let chat = call.chat("chat_id").await?;
    match call.business_connection_id() {
        Some(connection) => {
            call.core
                .business_chat_action(call.bot.id, connection, chat, action)
                .await?;
        }
        None => {
            let thread = input::thread(call.params);
            call.core
                .send_chat_action(&call.bot, chat, thread, action)
                .await?;
        }
    }
    Ok(Reply::ok())
}

pub(super) async fn send_message_draft(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let id = call.params.i64_arg("draft_id", 0, i64::MIN, i64::MAX);
    if id == 0 {
        // Inferred: Telegram documents that the id must be non-zero, not the error.
        return Err(ApiError::bad_request("draft_id must be non-zero"));
    }
    let text = formatted_text(
        call.params.arg("text"),
        call.params.arg("parse_mode"),
        call.params,
        "entities",
    )?;
    let draft = MessageDraft { id, text };
    call.core
        .send_message_draft(&call.bot, chat, input::thread(call.params), draft)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn get_chat(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let view = call.core.chat_view(&call.bot, chat).await?;
    let invite_link = match &view {
        ChatView::Chat(_) => call
            .core
            .primary_link(call.bot.id, chat)
            .await?
            .map(|link| link.url()),
        ChatView::User(_) => None,
    };
    let pinned = match call.core.pinned_message(call.bot.id, chat).await? {
        Some(message) => Some(call.renderer().message(&message).await?),
        None => None,
    };
    let photo = match &view {
        ChatView::Chat(chat) => chat.photo.as_ref(),
        ChatView::User(user) => user.photo.as_ref(),
    }
    .and_then(|photo| render::chat_photo(&call.renderer().media(), photo));
    let mut info = render::full_info(&view, photo, invite_link, pinned, call.core.now());
    if let ChatView::Chat(group) = &view {
        info.set_stickers(
            sticker_set_name(call, group.sticker_set).await?,
            call.core
                .can_set_chat_sticker_set(call.bot.id, chat)
                .await?,
        );
    }
    Reply::of(&info)
}

/// The name of a supergroup's sticker set (none if the set is gone).
async fn sticker_set_name(call: &Call<'_>, set: Option<i64>) -> Result<Option<String>, ApiError> {
    let Some(id) = set else {
        return Ok(None);
    };
    match call.core.sticker_set_by_id(id).await {
        Ok(set) => Ok(Some(set.name)),
        Err(gramd_core::CoreError::Refused { .. }) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

pub(super) async fn get_chat_member(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let chat = call.chat("chat_id").await?;
    let member = call
        .core
        .chat_member(&call.bot, chat, UserId(user))
        .await
        .map_err(|err| match err {
            gramd_core::CoreError::UserNotFound => ApiError::bad_request("user not found"),
            other => other.into(),
        })?;
    Reply::of(&call.renderer().member(&member).await?)
}

pub(super) async fn get_chat_member_count(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let count = call.core.member_count(&call.bot, chat).await?;
    Reply::of(&count)
}

pub(super) async fn get_chat_administrators(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    if let Peer::User(_) = chat {
        // Private chats have no administrators; the reference answers with an error, once
        // it found the chat.
        call.core.chat_view(&call.bot, chat).await?;
        return Err(ApiError::bad_request(
            "there are no administrators in the private chat",
        ));
    }
    let admins = call
        .core
        .chat_members(&call.bot, chat, MemberFilter::Administrators, 0, 200)
        .await?;
    let renderer = call.renderer();
    let mut rendered = Vec::with_capacity(admins.len());
    for admin in admins.iter().filter(|m| m.status.is_admin()) {
        rendered.push(renderer.member(admin).await?);
    }
    Reply::of(&rendered)
}

pub(super) async fn leave_chat(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core
        .leave_chat(&call.bot, chat)
        .await
        .map_err(|err| match err {
            // TDLib's text for leaving a private chat, rather than the generic one.
            gramd_core::CoreError::PrivateChatMembership => {
                ApiError::bad_request("Can't leave private chats")
            }
            other => other.into(),
        })?;
    Ok(Reply::ok())
}

/// `getUserChatBoosts`: boosts come with Telegram Premium, which gramd does not have, so no
/// user has boosted any chat; after the checks Telegram makes (the bot administers the
/// supergroup or channel, the user exists) the list is empty.
pub(super) async fn get_user_chat_boosts(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let user = UserId(call.params.user_id("user_id")?);
    let ChatView::Chat(view) = call.core.chat_view(&call.bot, chat).await? else {
        return Err(ApiError::bad_request("chat not found"));
    };
    if view.kind == ChatKind::Group {
        return Err(ApiError::bad_request("chat not found"));
    }
    let me = call.core.chat_member(&call.bot, chat, call.bot.id).await?;
    if !me.status.is_admin() {
        return Err(ApiError::bad_request("CHAT_ADMIN_REQUIRED"));
    }
    if let Err(gramd_core::CoreError::UserNotFound) = call.core.user(user).await {
        return Err(ApiError::bad_request("user not found"));
    }
    Reply::of(&serde_json::json!({ "boosts": [] }))
}
