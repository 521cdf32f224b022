//! Emoji statuses (<https://core.telegram.org/api/emoji-status>): a user's own
//! (`account.updateEmojiStatus`), the bots a user lets change it after a mini app's
//! `requestEmojiStatusAccess` (`bots.toggleUserEmojiStatusPermission`), and such a bot
//! changing it (`bots.updateUserEmojiStatus`, the Bot API's `setUserEmojiStatus`). Shown as
//! `user.emoji_status`.

use gramd_core::users::EmojiStatus;
use grammers_tl_types::{enums, functions as f};

use crate::error::RpcError;
use crate::rpc::Ctx;

/// The status an `EmojiStatus` asks for: `None` to clear it; collectible statuses are
/// Telegram's gifts, which gramd does not have.
fn input_status(status: &enums::EmojiStatus) -> Result<Option<EmojiStatus>, RpcError> {
    match status {
        enums::EmojiStatus::Empty => Ok(None),
        enums::EmojiStatus::Status(status) => Ok(Some(EmojiStatus {
            custom_emoji_id: status.document_id,
            until: status.until.map(i64::from),
        })),
        _ => Err(RpcError::bad_request("EMOJI_STATUS_INVALID")
            .with_detail("collectible statuses are gifts, which gramd does not have")),
    }
}

pub(crate) async fn update_emoji_status(
    ctx: &Ctx<'_>,
    req: f::account::UpdateEmojiStatus,
) -> Result<bool, RpcError> {
    let status = input_status(&req.emoji_status)?;
    ctx.core.set_emoji_status(ctx.me().id, status).await?;
    Ok(true)
}

pub(crate) async fn toggle_user_emoji_status_permission(
    ctx: &Ctx<'_>,
    req: f::bots::ToggleUserEmojiStatusPermission,
) -> Result<bool, RpcError> {
    let bot = ctx.input_user(&req.bot).await?;
    ctx.core
        .allow_emoji_status_access(ctx.me().id, bot, req.enabled)
        .await
        .map_err(|err| match err {
            gramd_core::CoreError::UserNotFound => RpcError::bad_request("BOT_INVALID"),
            other => other.into(),
        })?;
    Ok(true)
}

pub(crate) async fn update_user_emoji_status(
    ctx: &Ctx<'_>,
    req: f::bots::UpdateUserEmojiStatus,
) -> Result<bool, RpcError> {
    let user = ctx.input_user(&req.user_id).await?;
    let status = input_status(&req.emoji_status)?;
    ctx.core
        .bot_set_emoji_status(ctx.me().id, user, status)
        .await?;
    Ok(true)
}
