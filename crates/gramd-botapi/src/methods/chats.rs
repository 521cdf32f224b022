//! Chats: `getChat`, members, `leaveChat`, `sendChatAction`.

use gramd_core::chats::MemberFilter;
use gramd_core::ids::{Peer, UserId};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::render;
use crate::types::{AcceptedGiftTypes, ChatFullInfo, ChatPermissions};

/// The actions `sendChatAction` accepts (lower-cased), legacy names included.
const CHAT_ACTIONS: &[&str] = &[
    "cancel",
    "typing",
    "record_video",
    "upload_video",
    "record_audio",
    "record_voice",
    "upload_audio",
    "upload_voice",
    "upload_photo",
    "upload_document",
    "choose_sticker",
    "pick_up_location",
    "find_location",
    "record_video_note",
    "upload_video_note",
];

pub(super) async fn send_chat_action(call: &Call<'_>) -> Outcome {
    let action = call.params.arg("action").to_ascii_lowercase();
    if !CHAT_ACTIONS.contains(&action.as_str()) {
        return Err(ApiError::bad_request("Wrong parameter action in request"));
    }
    let chat = call.chat("chat_id").await?;
    call.core.send_chat_action(&call.bot, chat).await?;
    Ok(Reply::ok())
}

pub(super) async fn get_chat(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let view = call.core.chat_view(&call.bot, chat).await?;
    let (description, permissions) = match &view {
        gramd_core::ChatView::Chat(chat) => (
            chat.description.clone(),
            (chat.kind != gramd_core::chats::ChatKind::Channel).then(ChatPermissions::all),
        ),
        gramd_core::ChatView::User(_) => (None, None),
    };
    Reply::of(&ChatFullInfo {
        chat: render::chat(&view),
        accent_color_id: 0,
        max_reaction_count: 11,
        description,
        permissions,
        accepted_gift_types: AcceptedGiftTypes::default(),
    })
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
        // Private chats have no administrators; the reference answers with an error.
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
    call.core.leave_chat(&call.bot, chat).await?;
    Ok(Reply::ok())
}
