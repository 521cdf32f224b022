//! Invite links and join requests: `exportChatInviteLink`, `createChatInviteLink`,
//! `editChatInviteLink`, `revokeChatInviteLink`, `approveChatJoinRequest`,
//! `declineChatJoinRequest`. The rules are the core's.

mod input;

use gramd_core::ids::UserId;

use super::{Call, Outcome, Reply};

pub(super) async fn export_chat_invite_link(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let link = call.core.replace_primary_link(call.bot.id, chat).await?;
    Reply::of(&link.url())
}

pub(super) async fn create_chat_invite_link(call: &Call<'_>) -> Outcome {
    let spec = input::link_spec(call.params)?;
    let chat = call.chat("chat_id").await?;
    let link = call
        .core
        .create_invite_link(call.bot.id, chat, spec)
        .await?;
    Reply::of(&call.renderer().invite_link(&link).await?)
}

pub(super) async fn edit_chat_invite_link(call: &Call<'_>) -> Outcome {
    let spec = input::link_spec(call.params)?;
    let chat = call.chat("chat_id").await?;
    let link = input::invite_link(call.params)?;
    let link = call
        .core
        .edit_invite_link(call.bot.id, chat, link, spec)
        .await?;
    Reply::of(&call.renderer().invite_link(&link).await?)
}

pub(super) async fn revoke_chat_invite_link(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let link = input::invite_link(call.params)?;
    let link = call
        .core
        .revoke_invite_link(call.bot.id, chat, link)
        .await?;
    Reply::of(&call.renderer().invite_link(&link).await?)
}

pub(super) async fn approve_chat_join_request(call: &Call<'_>) -> Outcome {
    answer_join_request(call, true).await
}

pub(super) async fn decline_chat_join_request(call: &Call<'_>) -> Outcome {
    answer_join_request(call, false).await
}

async fn answer_join_request(call: &Call<'_>, approve: bool) -> Outcome {
    let user = call.params.user_id("user_id")?;
    let chat = call.chat("chat_id").await?;
    call.core
        .answer_join_request(call.bot.id, chat, UserId(user), approve)
        .await?;
    Ok(Reply::ok())
}
