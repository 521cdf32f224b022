//! What a webhook deliverer needs from the core: which bots have a webhook, their queued
//! updates in order, acknowledging delivered ones, and the delivery status that
//! `getWebhookInfo` reports (<https://core.telegram.org/bots/api#getwebhookinfo>).
//!
//! The core sends nothing itself; an edge (the `gramd-webhooks` crate) posts the updates
//! and reports back. An update leaves the queue only when the deliverer acknowledges it, in
//! the same durable write, so after a crash exactly the unacknowledged updates are
//! delivered again. Acknowledgements may come out of `update_id` order (updates of different
//! chats are delivered in parallel); the deliverer also says below which `update_id`
//! everything is settled, which moves the queue's head as `getUpdates` confirmation does.

use foldhash::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use crate::error::CoreResult;
use crate::ids::UserId;
use crate::store::Write;
use crate::updates::QueuedUpdate;
use crate::webhooks::WebhookPolicy;

use super::Core;

/// How deliveries to a bot's webhook went, as `getWebhookInfo` reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebhookStatus {
    /// The last failure since the webhook was set: when (Unix time) and Telegram's words.
    pub last_error: Option<(i64, String)>,
    /// The address deliveries go to, once known.
    pub address: Option<IpAddr>,
}

/// The delivery status of each bot with a webhook (in memory: a restart clears it, as in
/// Telegram's reference server).
#[derive(Debug, Default)]
pub(super) struct Statuses(Mutex<HashMap<UserId, WebhookStatus>>);

impl Statuses {
    fn with<R>(&self, bot: UserId, f: impl FnOnce(&mut WebhookStatus) -> R) -> R {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(map.entry(bot).or_default())
    }
}

impl Core {
    /// The webhook rules in force.
    #[must_use]
    pub fn webhook_policy(&self) -> WebhookPolicy {
        self.0.config.webhooks
    }

    /// The bots that have a webhook.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn webhook_bots(&self) -> CoreResult<Vec<UserId>> {
        Ok(self.0.store.webhook_bots().await?)
    }

    /// Up to `limit` of a bot's unexpired queued updates from `update_id` `from` on, oldest
    /// first (`from` = 0: from the head of the queue).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn webhook_updates(
        &self,
        bot: UserId,
        from: i64,
        limit: u32,
    ) -> CoreResult<Vec<QueuedUpdate>> {
        Ok(self
            .0
            .store
            .bot_updates(bot, from, limit, self.now())
            .await?)
    }

    /// Removes delivered updates from a bot's queue, durably: `delivered` are the
    /// `update_id`s the webhook answered with a 2xx, in any order; `settled_below` is an
    /// `update_id` below which every update was delivered, dropped or has expired (0 when
    /// unknown), so those go too.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn ack_webhook_updates(
        &self,
        bot: UserId,
        delivered: Vec<i64>,
        settled_below: i64,
    ) -> CoreResult<()> {
        self.load_counters(&[], &[bot]).await?;
        let (submitted, ()) = self.transact(|tx| {
            if !delivered.is_empty() {
                tx.push(Write::AckBotUpdates {
                    bot,
                    update_ids: delivered,
                });
            }
            if settled_below > 0 {
                tx.confirm(bot, settled_below);
            }
            Ok(())
        })?;
        submitted.wait().await
    }

    /// Records a failed delivery, in Telegram's words (`getWebhookInfo`'s
    /// `last_error_message`), dated now.
    pub fn record_webhook_error(&self, bot: UserId, message: String) {
        let now = self.now();
        self.0
            .webhook_statuses
            .with(bot, |status| status.last_error = Some((now, message)));
    }

    /// Records the address deliveries to a bot's webhook go to.
    pub fn record_webhook_address(&self, bot: UserId, address: IpAddr) {
        self.0
            .webhook_statuses
            .with(bot, |status| status.address = Some(address));
    }

    /// How deliveries to a bot's webhook went.
    #[must_use]
    pub fn webhook_status(&self, bot: UserId) -> WebhookStatus {
        self.0.webhook_statuses.with(bot, |status| status.clone())
    }

    /// Starts a fresh status for a webhook that was just set (or deleted).
    pub(super) fn reset_webhook_status(&self, bot: UserId, address: Option<IpAddr>) {
        self.0.webhook_statuses.with(bot, |status| {
            *status = WebhookStatus {
                last_error: None,
                address,
            };
        });
    }
}
