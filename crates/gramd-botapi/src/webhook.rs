//! Entry points for the webhook deliverer (`gramd-webhooks`): the body it posts for a
//! queued update, and the method call a webhook may answer with, run as the bot
//! (<https://core.telegram.org/bots/api#making-requests-when-getting-updates>).

use bytes::Bytes;
use gramd_core::ids::UserId;
use gramd_core::updates::QueuedUpdate;
use gramd_core::{Core, CoreResult};

use crate::error::ApiError;
use crate::methods::{self, Call, Method};
use crate::params::Params;
use crate::render::Renderer;

/// The JSON `Update` object posted to `bot`'s webhook for one of its queued updates.
///
/// # Errors
/// When the update cannot be rendered any more (say, its chat is gone).
pub async fn render_update(core: &Core, bot: UserId, update: &QueuedUpdate) -> CoreResult<Vec<u8>> {
    let rendered = Renderer { core, viewer: bot }.update(update).await?;
    serde_json::to_vec(&rendered).map_err(|err| gramd_core::CoreError::Internal {
        detail: format!("cannot serialize an update: {err}"),
    })
}

/// Whether a webhook's answer may call this method (lower-cased): not the `get*` methods,
/// `setWebhook`, `deleteWebhook`, `close` or `logOut`, as in the reference server.
fn may_reply_with(method: &str) -> bool {
    !method.is_empty()
        && !method.starts_with("get")
        && !matches!(method, "setwebhook" | "deletewebhook" | "close" | "logout")
}

/// Runs the method call in a webhook's 2xx answer as the bot: the body is read as a
/// request body (JSON, urlencoded or multipart, by `content_type`) and its `method`
/// parameter names the method. Returns the method and the outcome's description for the
/// log, or `None` when the answer calls no method that may be called this way. The
/// result itself goes nowhere, as with Telegram.
pub async fn execute_reply(
    core: &Core,
    bot: UserId,
    content_type: Option<&str>,
    body: Bytes,
) -> Option<(String, Result<(), String>)> {
    let params = Params::parse(None, content_type, &body).ok()?;
    let method = params.arg("method").to_ascii_lowercase();
    if !may_reply_with(&method) {
        return None;
    }
    let bot = match core.user(bot).await {
        Ok(bot) => bot,
        Err(err) => return Some((method, Err(err.to_string()))),
    };
    let call = Call {
        core,
        bot,
        params: &params,
        // A webhook's answer carries no uploads, and nothing is fetched for it by URL.
        files: methods::FileOptions::default(),
    };
    let outcome = match Method::from_lowercase_name(&method) {
        Some(known) => methods::dispatch(known, &call).await,
        None => Err(ApiError::not_found(Some("method not found"))),
    };
    let outcome = outcome
        .map(|_| ())
        .map_err(|err| err.description.to_string());
    Some((method, outcome))
}

#[cfg(test)]
mod tests {
    use super::may_reply_with;

    #[test]
    fn replies_may_not_read_or_change_the_webhook() {
        for allowed in ["sendmessage", "answercallbackquery", "editmessagetext"] {
            assert!(may_reply_with(allowed), "{allowed}");
        }
        for refused in [
            "",
            "getme",
            "getupdates",
            "getwebhookinfo",
            "setwebhook",
            "deletewebhook",
            "close",
            "logout",
        ] {
            assert!(!may_reply_with(refused), "{refused}");
        }
    }
}
