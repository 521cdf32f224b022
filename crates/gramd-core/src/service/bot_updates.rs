//! The Bot API update queue of each bot: long polling, confirmation, webhook settings, and
//! the lifecycle of a bot instance (`logOut`, `close`). Delivery to webhooks is in the
//! `webhooks` service module.
//!
//! Semantics follow Telegram's reference server (<https://core.telegram.org/bots/api#getupdates>):
//! a positive offset confirms every update below it; a negative offset keeps only the last
//! `-offset` updates; at most one long poll per bot is parked, and a newer one ends it with a
//! conflict; a bot with a webhook may not poll.

use foldhash::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::bots::BotDelivery;
use crate::error::{Conflict, CoreError, CoreResult};
use crate::ids::UserId;
use crate::store::Write;
use crate::updates::{BotUpdate, QueuedUpdate, UpdateMask};
use crate::webhooks::{CheckedWebhook, HostResolver, WebhookRefusal, WebhookRequest};

use super::{Core, WebhookStatus};

/// A bot may not `close` sooner than this after its first request.
const CLOSE_GRACE_SECS: i64 = 600;

/// A `getUpdates` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GetUpdates {
    /// Confirm updates below this id (positive), keep only the last `-offset` (negative).
    pub offset: i64,
    /// Most updates to return (1 to 100).
    pub limit: u32,
    /// How long to wait for an update when there is none.
    pub timeout: Duration,
    /// New `allowed_updates`, if given.
    pub allowed_updates: Option<UpdateMask>,
}

/// A `setWebhook` or `deleteWebhook` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookChange {
    /// The webhook to set, as requested, or `None` to delete it.
    pub webhook: Option<WebhookRequest>,
    /// New `allowed_updates`, if given.
    pub allowed_updates: Option<UpdateMask>,
    /// Drop every queued update.
    pub drop_pending: bool,
}

/// What `getWebhookInfo` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookInfo {
    /// Current settings.
    pub delivery: BotDelivery,
    /// Updates waiting for delivery.
    pub pending_update_count: u32,
    /// How deliveries went.
    pub status: WebhookStatus,
}

/// When each bot instance started and last set a webhook.
#[derive(Debug, Default)]
pub(super) struct Instances(Mutex<HashMap<UserId, Instance>>);

#[derive(Clone, Copy, Debug)]
struct Instance {
    started: i64,
    last_webhook_set: Option<i64>,
}

impl Instances {
    fn with<R>(&self, bot: UserId, now: i64, f: impl FnOnce(&mut Instance) -> R) -> R {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let instance = map.entry(bot).or_insert(Instance {
            started: now,
            last_webhook_set: None,
        });
        f(instance)
    }

    fn remove(&self, bot: UserId) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&bot);
    }
}

impl Core {
    /// Records that a bot made a request (its instance starts with its first one).
    pub fn touch_bot_instance(&self, bot: UserId) {
        self.0.bot_instances.with(bot, self.now(), |_| ());
    }

    /// Returns a bot's updates, confirming and long-polling as `getUpdates` does.
    ///
    /// # Errors
    /// `Conflict` (webhook set, or taken over by another long poll or by `setWebhook`), or
    /// `Internal`.
    pub async fn get_updates(&self, bot: UserId, req: GetUpdates) -> CoreResult<Vec<QueuedUpdate>> {
        let delivery = self.bot_delivery(bot).await?;
        if delivery.webhook.is_some() {
            return Err(CoreError::Conflict(Conflict::WebhookActive));
        }
        if let Some(mask) = req.allowed_updates
            && mask != delivery.allowed_updates
        {
            let delivery = BotDelivery {
                allowed_updates: mask,
                ..delivery
            };
            self.save_delivery(bot, delivery, None).await?;
        }
        self.load_counters(&[], &[bot]).await?;
        let from = self.confirm_offset(bot, req.offset).await?;
        let limit = req.limit.clamp(1, 100);
        let slot = self.0.hub.bot(bot);
        let deadline = Instant::now() + req.timeout.min(self.0.config.max_long_poll);
        let mut parked = None;
        loop {
            let notified = slot.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let updates = self
                .0
                .store
                .bot_updates(bot, from, limit, self.now())
                .await?;
            if !updates.is_empty() || req.timeout.is_zero() || Instant::now() >= deadline {
                return Ok(updates);
            }
            let parked = parked.get_or_insert_with(|| slot.park());
            tokio::select! {
                () = &mut notified => {}
                () = tokio::time::sleep_until(deadline) => return Ok(Vec::new()),
                // A stopping server answers parked polls at once; clients poll again.
                () = self.0.hub.stopped() => return Ok(Vec::new()),
                reason = &mut parked.ended => {
                    return Err(CoreError::Conflict(reason.unwrap_or(Conflict::OtherGetUpdates)));
                }
            }
        }
    }

    /// Applies the offset rules; returns the first `update_id` to read.
    async fn confirm_offset(&self, bot: UserId, offset: i64) -> CoreResult<i64> {
        let Some(state) = self.queue_state(bot) else {
            return Err(CoreError::Internal {
                detail: "queue not loaded".into(),
            });
        };
        let head = state.confirmed_below;
        let below = if offset > 0 {
            if offset > state.last_update_id + 10 || offset < head - self.0.config.bot_queue_cap {
                return Ok(head);
            }
            offset
        } else if offset < 0 {
            state.last_update_id + 1 + offset
        } else {
            return Ok(head);
        };
        if below > head {
            let (submitted, ()) = self.transact(|tx| {
                tx.confirm(bot, below);
                Ok(())
            })?;
            submitted.wait().await?;
        }
        Ok(below.max(head))
    }

    async fn save_delivery(
        &self,
        bot: UserId,
        delivery: BotDelivery,
        drop_below: Option<i64>,
    ) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetBotDelivery {
                bot,
                delivery: delivery.clone(),
            });
            if let Some(below) = drop_below {
                tx.confirm(bot, below);
            }
            Ok(())
        })?;
        submitted.wait().await?;
        self.0.directory.delivery.put(bot, delivery);
        Ok(())
    }

    /// Sets or deletes a bot's webhook; returns whether the webhook changed (the Bot API
    /// answers "Webhook is already set/deleted" otherwise). The webhook is checked against
    /// the rules in force ([`crate::webhooks`]); unless local addresses are allowed, its host
    /// is resolved with `resolver` and must resolve to public addresses.
    ///
    /// # Errors
    /// `FloodWait` when a URL is set more than once a second, the rules' errors
    /// (`WebhookUrlInvalid`, `SecretToken*`, `CertificateTooBig`, `BadWebhook`), or
    /// `Internal`.
    pub async fn set_webhook(
        &self,
        bot: UserId,
        change: WebhookChange,
        resolver: &dyn HostResolver,
    ) -> CoreResult<bool> {
        let now = self.now();
        // A malformed webhook is refused as such, before the rate limit counts the call.
        let checked = change
            .webhook
            .map(|request| self.webhook_policy().check(request))
            .transpose()?;
        if checked.is_some() {
            let too_soon = self.0.bot_instances.with(bot, now, |instance| {
                let too_soon = instance.last_webhook_set == Some(now);
                if !too_soon {
                    instance.last_webhook_set = Some(now);
                }
                too_soon
            });
            if too_soon {
                return Err(CoreError::FloodWait { seconds: 1 });
            }
        }
        let (webhook, address) = match checked {
            Some(checked) => {
                let (webhook, address) = self.resolve_webhook(checked, resolver).await?;
                (Some(webhook), address)
            }
            None => (None, None),
        };
        let current = self.bot_delivery(bot).await?;
        // An uploaded certificate always counts as a change, as in the reference server.
        let changed = current.webhook != webhook
            || webhook.as_ref().is_some_and(|w| w.certificate.is_some())
            || change.drop_pending;
        let delivery = BotDelivery {
            webhook,
            allowed_updates: change.allowed_updates.unwrap_or(current.allowed_updates),
        };
        if delivery != current || changed {
            self.load_counters(&[], &[bot]).await?;
            let drop_below = change
                .drop_pending
                .then(|| self.queue_state(bot).map_or(0, |q| q.last_update_id + 1));
            let has_webhook = delivery.webhook.is_some();
            self.save_delivery(bot, delivery, drop_below).await?;
            if changed {
                self.reset_webhook_status(bot, address);
                self.0.hub.webhook_changed(bot);
                if has_webhook {
                    self.0.hub.end_parked(bot, Conflict::SetWebhook);
                }
            }
        }
        Ok(changed)
    }

    /// Resolves a checked webhook's host unless its address is known or local addresses
    /// are allowed; returns the webhook and the address deliveries will go to, when known.
    async fn resolve_webhook(
        &self,
        checked: CheckedWebhook,
        resolver: &dyn HostResolver,
    ) -> CoreResult<(crate::bots::Webhook, Option<std::net::IpAddr>)> {
        let policy = self.webhook_policy();
        let CheckedWebhook {
            webhook,
            url,
            address,
        } = checked;
        if address.is_some() || policy.allow_local {
            return Ok((webhook, address));
        }
        let host = url.host.trim_start_matches('[').trim_end_matches(']');
        let resolved = resolver
            .resolve(host, url.port)
            .await
            .map_err(|detail| CoreError::BadWebhook(WebhookRefusal::HostUnresolved { detail }))?;
        let allowed = policy
            .check_addresses(&resolved)
            .map_err(CoreError::BadWebhook)?;
        Ok((webhook, allowed.first().copied()))
    }

    /// What `getWebhookInfo` reports.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn webhook_info(&self, bot: UserId) -> CoreResult<WebhookInfo> {
        Ok(WebhookInfo {
            delivery: self.bot_delivery(bot).await?,
            pending_update_count: self.0.store.pending_updates(bot, self.now()).await?,
            status: self.webhook_status(bot),
        })
    }

    /// `logOut`: ends the bot's instance (a new one starts with its next request).
    pub fn log_out_bot(&self, bot: UserId) {
        self.0.bot_instances.remove(bot);
        self.0.hub.end_parked(bot, Conflict::OtherGetUpdates);
    }

    /// `close`: ends the bot's instance, but not in the first 10 minutes after it started.
    ///
    /// # Errors
    /// `CloseTooEarly` with the seconds left.
    pub fn close_bot(&self, bot: UserId) -> CoreResult<()> {
        let now = self.now();
        let started = self.0.bot_instances.with(bot, now, |i| i.started);
        let left = started + CLOSE_GRACE_SECS - now;
        if left > 0 {
            return Err(CoreError::CloseTooEarly {
                seconds: u32::try_from(left).unwrap_or(u32::MAX),
            });
        }
        self.log_out_bot(bot);
        Ok(())
    }
}

/// Most queued updates one read of a bot's qts updates returns.
const QTS_PAGE: u32 = 100;

impl Core {
    /// A bot's qts on the client API: the id of the last update queued for it (0 if none).
    /// The queue that the Bot API reads is the sequence of a bot's qts updates (business
    /// connections and business messages, `updateBotBusinessConnect` and the like), as
    /// Telegram numbers them for bots signed in with MTProto.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn bot_qts(&self, bot: UserId) -> CoreResult<i64> {
        self.load_counters(&[], &[bot]).await?;
        Ok(self.queue_state(bot).map_or(0, |q| q.last_update_id))
    }

    /// The business updates queued for `bot` after qts `after`, oldest first, without
    /// confirming anything: the client API reads them as `getDifference` reads a box, and
    /// the Bot API's `getUpdates` still sees them. One page is read: the result says up to
    /// which qts it looked, and whether that is the end of the queue.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn bot_qts_updates(&self, bot: UserId, after: i64) -> CoreResult<QtsPage> {
        let last = self.bot_qts(bot).await?;
        let mut updates = self
            .0
            .store
            .bot_updates(bot, after.saturating_add(1), QTS_PAGE, self.now())
            .await?;
        let complete = u32::try_from(updates.len()).unwrap_or(u32::MAX) < QTS_PAGE;
        let qts = if complete {
            last.max(after)
        } else {
            updates.last().map_or(after, |u| u.update_id)
        };
        updates.retain(|u| {
            matches!(
                u.update,
                BotUpdate::BusinessConnection(_)
                    | BotUpdate::BusinessMessage(_)
                    | BotUpdate::EditedBusinessMessage(_)
                    | BotUpdate::DeletedBusinessMessages(_)
            )
        });
        Ok(QtsPage {
            updates,
            qts,
            complete,
        })
    }
}

/// A page of a bot's qts updates ([`Core::bot_qts_updates`]).
#[derive(Clone, Debug)]
pub struct QtsPage {
    /// The business updates, oldest first, each with its qts (`update_id`).
    pub updates: Vec<QueuedUpdate>,
    /// The qts the page reaches: the client has everything up to it once it has these.
    pub qts: i64,
    /// Whether that is the end of the queue (else read again from `qts`).
    pub complete: bool,
}
