//! Verification on behalf of the organisation the bot stands for: verifyUser, verifyChat,
//! removeUserVerification, removeChatVerification
//! (<https://core.telegram.org/bots/api#verifyuser>). The bot must be a verifier, which
//! the operator makes it with `gramd bot verifier`.

use gramd_core::CoreError;
use gramd_core::ids::{Peer, UserId};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;

/// The user of `user_id`; `Bad Request: user not found` when there is none.
async fn target_user(call: &Call<'_>) -> Result<Peer, ApiError> {
    let user = UserId(call.params.user_id("user_id")?);
    match call.core.user(user).await {
        Ok(_) => Ok(Peer::User(user)),
        Err(CoreError::UserNotFound) => Err(ApiError::bad_request("user not found")),
        Err(err) => Err(err.into()),
    }
}

pub(super) async fn verify_user(call: &Call<'_>) -> Outcome {
    let target = target_user(call).await?;
    let description = call.params.arg("custom_description");
    call.core.verify(call.bot.id, target, description).await?;
    Ok(Reply::ok())
}

pub(super) async fn verify_chat(call: &Call<'_>) -> Outcome {
    let target = call.chat("chat_id").await?;
    let description = call.params.arg("custom_description");
    call.core.verify(call.bot.id, target, description).await?;
    Ok(Reply::ok())
}

pub(super) async fn remove_user_verification(call: &Call<'_>) -> Outcome {
    let target = target_user(call).await?;
    call.core.remove_verification(call.bot.id, target).await?;
    Ok(Reply::ok())
}

pub(super) async fn remove_chat_verification(call: &Call<'_>) -> Outcome {
    let target = call.chat("chat_id").await?;
    call.core.remove_verification(call.bot.id, target).await?;
    Ok(Reply::ok())
}
