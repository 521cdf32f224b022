//! Answering `bots.sendCustomRequest` from the registry of custom methods
//! ([`crate::custom_requests`]).

use crate::custom_requests::CustomRequest;
use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;

use super::Core;

/// A bot's own counts, as `getBotStats` reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BotStats {
    /// Private chats with users.
    pub users: u32,
    /// Groups, supergroups and channels the bot is a member of.
    pub chats: u32,
    /// Updates waiting in its Bot API queue.
    pub pending_updates: u32,
}

impl Core {
    /// Runs a custom method for a bot: `params` is the JSON text of its parameters, and
    /// the result is the JSON text of its answer.
    ///
    /// # Errors
    /// `Refused { "USER_BOT_INVALID" }` if the caller is not a bot,
    /// `Refused { "DATA_JSON_INVALID" }` if `params` is not JSON,
    /// `Refused { "METHOD_INVALID" }` for a method that is not registered, and the
    /// method's own errors.
    pub async fn send_custom_request(
        &self,
        caller: UserId,
        method: &str,
        params: &str,
    ) -> CoreResult<String> {
        let bot = self.user(caller).await?;
        if !bot.is_bot() {
            return Err(CoreError::Refused {
                name: "USER_BOT_INVALID",
            });
        }
        let params: serde_json::Value =
            serde_json::from_str(params).map_err(|_| CoreError::Refused {
                name: "DATA_JSON_INVALID",
            })?;
        let handler =
            self.0
                .config
                .bot_custom_requests
                .handler(method)
                .ok_or(CoreError::Refused {
                    name: "METHOD_INVALID",
                })?;
        let answer = handler
            .handle(CustomRequest {
                core: self,
                bot: &bot,
                method,
                params: &params,
            })
            .await?;
        serde_json::to_string(&answer).map_err(|err| CoreError::Internal {
            detail: format!("custom method {method} answered with no JSON: {err}"),
        })
    }

    /// A bot's counts: private chats, chats it is in, pending updates.
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn bot_stats(&self, bot: UserId) -> CoreResult<BotStats> {
        let counts = self.0.store.account_counts(bot).await?;
        let pending_updates = self.0.store.pending_updates(bot, self.now()).await?;
        Ok(BotStats {
            users: counts.private_chats,
            chats: counts.chats,
            pending_updates,
        })
    }
}
