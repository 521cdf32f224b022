//! Callback buttons: a user presses, the bot answers, the user sees the answer.
//!
//! The press becomes a `callback_query` update in the bot's durable queue; the answer is
//! handed over in memory to the user's waiting request, as in Telegram, where the client
//! waits for `messages.getBotCallbackAnswer` and gets `BOT_RESPONSE_TIMEOUT` if the bot is
//! too slow (<https://core.telegram.org/api/bots/buttons#callback-queries>).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tokio::sync::oneshot;

use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::updates::{BotUpdate, CALLBACK_QUERY_TTL, CallbackQuery};

use super::{Core, random_u64};

/// A bot's answer to a callback query (`answerCallbackQuery`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackAnswer {
    /// Notification text (0 to 200 characters).
    pub text: Option<String>,
    /// Show an alert rather than a toast.
    pub show_alert: bool,
    /// URL for the client to open.
    pub url: Option<String>,
    /// How long the client may cache the answer, in seconds.
    pub cache_time: i32,
}

/// Queries waiting for their bot's answer.
#[derive(Debug, Default)]
pub(super) struct Pending(Mutex<HashMap<String, (UserId, oneshot::Sender<CallbackAnswer>)>>);

impl Pending {
    fn insert(&self, id: String, bot: UserId, tx: oneshot::Sender<CallbackAnswer>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, (bot, tx));
    }

    fn take(&self, id: &str) -> Option<(UserId, oneshot::Sender<CallbackAnswer>)> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id)
    }
}

/// Removes a query from the pending set however its wait ends.
struct PendingGuard<'a> {
    pending: &'a Pending,
    id: String,
}

impl Drop for PendingGuard<'_> {
    fn drop(&mut self) {
        self.pending.take(&self.id);
    }
}

impl Core {
    /// Presses the callback button with `data` on a message `user` sees in `peer`, and
    /// waits for the bot's answer.
    ///
    /// # Errors
    /// `MessageNotFound { Callback }`, `CallbackDataInvalid`, `BotResponseTimeout`, or
    /// `Internal`.
    pub async fn press_callback_button(
        &self,
        user: UserId,
        peer: Peer,
        message: MessageId,
        data: &str,
    ) -> CoreResult<CallbackAnswer> {
        let msg = self
            .message_in_chat(user, peer, message, MessagePurpose::Callback)
            .await?;
        if msg
            .reply_markup
            .as_ref()
            .and_then(|m| m.find_callback(data))
            .is_none()
        {
            return Err(CoreError::CallbackDataInvalid);
        }
        // A message sent through a bot's inline mode is the user's: its buttons are the
        // bot's, which may not see the chat, so it hears of the press by the message's
        // `inline_message_id`.
        let (bot, bot_copy, inline_message_id, chat_key) = if let Some(bot) = msg.via_bot {
            let sent = self.inline_sender_copy(&msg).await?;
            let id = self.inline_message_id(bot, &sent);
            (bot, None, Some(id), sent.peer.key())
        } else {
            let bot = match msg.from {
                Some(from) if self.user(from).await?.is_bot() => from,
                _ => return Err(CoreError::CallbackDataInvalid),
            };
            let bot_copy = match msg.box_id {
                BoxId::Channel(_) => Some(msg.clone()),
                BoxId::User(_) => {
                    let copies = self.0.store.copies(msg.gid).await?;
                    match copies.into_iter().find(|(b, _)| *b == BoxId::User(bot)) {
                        Some((box_id, id)) => self.0.store.message(box_id, id).await?,
                        None => None,
                    }
                }
            };
            let chat_key = bot_copy.as_ref().map(|m| m.peer.key());
            (bot, bot_copy, None, chat_key.unwrap_or_default())
        };
        let chat_instance = if bot_copy.is_some() || inline_message_id.is_some() {
            self.keyed_hash(&[bot.0, chat_key])
        } else {
            0
        };
        let mask = self.bot_delivery(bot).await?.allowed_updates;
        self.load_counters(&[], &[bot]).await?;

        let id = (random_u64() >> 1).to_string();
        let (tx, rx) = oneshot::channel();
        self.0.callbacks.insert(id.clone(), bot, tx);
        let _guard = PendingGuard {
            pending: &self.0.callbacks,
            id: id.clone(),
        };
        let query = CallbackQuery {
            id,
            from: user,
            message: bot_copy,
            inline_message_id,
            chat_instance,
            data: Some(data.to_owned()),
        };
        let (submitted, _) = self.transact(|tx| {
            let expires_at = tx.now + CALLBACK_QUERY_TTL;
            tx.queue(bot, mask, BotUpdate::CallbackQuery(query), expires_at)
        })?;
        submitted.wait().await?;
        match tokio::time::timeout(self.0.config.callback_answer_timeout, rx).await {
            Ok(Ok(answer)) => Ok(answer),
            _ => Err(CoreError::BotResponseTimeout),
        }
    }

    /// Delivers a bot's answer to the user waiting on the query.
    ///
    /// # Errors
    /// `QueryIdInvalid` if the query is unknown, not this bot's, or no longer awaited.
    pub fn answer_callback_query(
        &self,
        bot: UserId,
        query_id: &str,
        answer: CallbackAnswer,
    ) -> CoreResult<()> {
        match self.0.callbacks.take(query_id) {
            Some((owner, tx)) if owner == bot => {
                tx.send(answer).map_err(|_| CoreError::QueryIdInvalid)
            }
            Some((owner, tx)) => {
                self.0.callbacks.insert(query_id.to_owned(), owner, tx);
                Err(CoreError::QueryIdInvalid)
            }
            None => Err(CoreError::QueryIdInvalid),
        }
    }
}
