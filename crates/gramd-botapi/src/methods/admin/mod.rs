//! Chat administration: banning, restricting and promoting members, custom titles, the
//! chat's permissions, title, photo and description, pinned messages, and the rights the bot asks
//! for. The rules are the core's; these handlers read the parameters as the reference server
//! does and answer `true`.

mod input;

use gramd_core::chats::{ChatKind, MemberStatus, Permissions};
use gramd_core::ids::{MessageId, Peer, UserId};
use gramd_core::messages::RemovedHistory;

use super::media::input::{InputFile, input_file};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::render::admin_rights;

/// `until_date`: an `Integer`, 0 when absent.
fn until_date(call: &Call<'_>) -> i64 {
    i64::from(call.params.i32_arg("until_date", 0, i32::MIN, i32::MAX))
}

pub(super) async fn ban_chat_member(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let until = until_date(call);
    // "Always True for supergroups and channels": their one copy of the history is
    // out of a banned user's reach either way.
    let history = if call.params.bool_arg("revoke_messages") {
        RemovedHistory::Delete
    } else {
        RemovedHistory::Keep
    };
    let chat = call.chat("chat_id").await?;
    call.core
        .ban_member(call.bot.id, chat, UserId(user), until, history)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn unban_chat_member(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let only_if_banned = call.params.bool_arg("only_if_banned");
    let chat = call.chat("chat_id").await?;
    call.core
        .unban_member(call.bot.id, chat, UserId(user), only_if_banned)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn restrict_chat_member(call: &Call<'_>) -> Outcome {
    let user = UserId(call.params.user_id("user_id")?);
    let until = until_date(call);
    let input = input::permissions(call.params, true)?;
    let chat = call.chat("chat_id").await?;
    let mut permissions = input.permissions;
    if input.legacy {
        // The legacy parameters say nothing of the other permissions: a restricted member
        // keeps theirs.
        let current = call.core.chat_member(&call.bot, chat, user).await?;
        if current.status == MemberStatus::Restricted
            && let Some(old) = current.permissions
        {
            permissions = Permissions {
                can_send_polls: old.can_send_polls,
                can_change_info: old.can_change_info,
                can_invite_users: old.can_invite_users,
                can_pin_messages: old.can_pin_messages,
                can_manage_topics: old.can_manage_topics,
                ..permissions
            };
        }
    }
    call.core
        .restrict_member(call.bot.id, chat, user, permissions, until)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn promote_chat_member(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let mut rights = input::promotion_rights(call.params);
    let chat = call.chat("chat_id").await?;
    // The reference lets administrators of broadcast channels restrict members unless told
    // otherwise.
    if !rights.is_empty()
        && !call.params.has("can_restrict_members")
        && matches!(chat, Peer::Channel(_))
        && call.core.chat(chat).await?.kind == ChatKind::Channel
    {
        rights.can_restrict_members = true;
    }
    call.core
        .set_admin(call.bot.id, chat, UserId(user), Some(rights), None)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_administrator_custom_title(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let title = call.params.text_arg("custom_title")?.to_owned();
    let chat = call.chat("chat_id").await?;
    call.core
        .set_custom_title(call.bot.id, chat, UserId(user), &title)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_member_tag(call: &Call<'_>) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let tag = call.params.text_arg("tag")?.to_owned();
    let chat = call.chat("chat_id").await?;
    call.core
        .set_member_tag(call.bot.id, chat, UserId(user), &tag)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_permissions(call: &Call<'_>) -> Outcome {
    let input = input::permissions(call.params, false)?;
    let chat = call.chat("chat_id").await?;
    call.core
        .set_chat_permissions(call.bot.id, chat, input.permissions)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_title(call: &Call<'_>) -> Outcome {
    let title = input::title(call.params)?;
    let chat = call.chat("chat_id").await?;
    call.core.set_chat_title(call.bot.id, chat, &title).await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_photo(call: &Call<'_>) -> Outcome {
    let value = call.params.arg("photo");
    let upload = match input_file(call.params, "photo", value, true) {
        Some(InputFile::Upload(upload)) => upload,
        _ if value.is_empty() => {
            return Err(ApiError::bad_request("There is no photo in the request"));
        }
        _ => {
            return Err(ApiError::bad_request(
                "Photo must be uploaded as an InputFile",
            ));
        }
    };
    let chat = call.chat("chat_id").await?;
    let photo = call.core.upload_photo(upload.data.to_vec()).await?;
    call.core
        .set_chat_photo(call.bot.id, chat, Some(photo))
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_chat_photo(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core.set_chat_photo(call.bot.id, chat, None).await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_description(call: &Call<'_>) -> Outcome {
    let description = input::description(call.params)?;
    let chat = call.chat("chat_id").await?;
    call.core
        .set_chat_description(call.bot.id, chat, &description)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn pin_chat_message(call: &Call<'_>) -> Outcome {
    call.refuse_business()?;
    let id = MessageId(call.params.message_id("message_id"));
    let silent = call.params.bool_arg("disable_notification");
    let chat = call.chat("chat_id").await?;
    call.core.pin_message(call.bot.id, chat, id, silent).await?;
    Ok(Reply::ok())
}

pub(super) async fn unpin_chat_message(call: &Call<'_>) -> Outcome {
    call.refuse_business()?;
    let id = match call.params.message_id("message_id") {
        0 => None,
        id => Some(MessageId(id)),
    };
    let chat = call.chat("chat_id").await?;
    call.core.unpin_message(call.bot.id, chat, id).await?;
    Ok(Reply::ok())
}

pub(super) async fn unpin_all_chat_messages(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core.unpin_all(call.bot.id, chat).await?;
    Ok(Reply::ok())
}

pub(super) async fn set_my_default_administrator_rights(call: &Call<'_>) -> Outcome {
    let for_channels = call.params.bool_arg("for_channels");
    let rights = input::default_rights(call.params)?;
    call.core
        .set_default_admin_rights(call.bot.id, for_channels, rights)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn get_my_default_administrator_rights(call: &Call<'_>) -> Outcome {
    let for_channels = call.params.bool_arg("for_channels");
    let rights = call
        .core
        .default_admin_rights(call.bot.id, for_channels)
        .await?;
    let kind = if for_channels {
        ChatKind::Channel
    } else {
        ChatKind::Supergroup
    };
    Reply::of(&admin_rights(rights, kind))
}
