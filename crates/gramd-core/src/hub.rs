//! Wake-ups for readers of the update logs.
//!
//! The hub holds no updates; it only tells waiting readers that a log they watch has
//! grown, after the growth is committed. A long-polling `getUpdates` subscribes **before**
//! it reads its queue, so an update committed between the read and the wait still wakes
//! it. Each bot has at most one parked long poll: parking a new one ends the previous one
//! with a conflict, as Telegram does.
//!
//! It also tells the webhook deliverer which bots' webhooks were set or deleted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Notify, oneshot};

use crate::error::Conflict;
use crate::ids::{BoxId, UserId};

/// Per-bot and per-box notifiers.
#[derive(Debug, Default)]
pub struct UpdateHub {
    bots: Mutex<HashMap<UserId, Arc<BotSlot>>>,
    boxes: Mutex<HashMap<BoxId, Arc<Notify>>>,
    stopping: tokio::sync::watch::Sender<bool>,
    webhook_changes: Mutex<Vec<UserId>>,
    webhook_changed: Notify,
}

/// The wake-up state of one bot.
#[derive(Debug, Default)]
pub struct BotSlot {
    /// Notified when the bot's queue grows.
    pub notify: Notify,
    parked: Mutex<Option<(u64, oneshot::Sender<Conflict>)>>,
    next_ticket: Mutex<u64>,
}

/// The right to be the bot's one parked long poll; ends it early when taken over.
#[derive(Debug)]
pub struct Parked {
    slot: Arc<BotSlot>,
    ticket: u64,
    /// Resolves with the reason when another request ends this poll.
    pub ended: oneshot::Receiver<Conflict>,
}

impl Drop for Parked {
    fn drop(&mut self) {
        let mut parked = self
            .slot
            .parked
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if parked.as_ref().is_some_and(|(t, _)| *t == self.ticket) {
            *parked = None;
        }
    }
}

impl UpdateHub {
    /// The slot of a bot, created on first use.
    pub fn bot(&self, bot: UserId) -> Arc<BotSlot> {
        let mut bots = self.bots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(bots.entry(bot).or_default())
    }

    /// Wakes the readers of a bot's queue, and the watchers of its box: a bot signed in on
    /// the client API reads its business updates from the queue (as qts updates).
    pub fn notify_bot(&self, bot: UserId) {
        let slot = {
            let bots = self.bots.lock().unwrap_or_else(PoisonError::into_inner);
            bots.get(&bot).cloned()
        };
        if let Some(slot) = slot {
            slot.notify.notify_waiters();
        }
        self.notify_box(BoxId::User(bot));
    }

    /// The notifier of a box's pts log, created on first use.
    pub fn box_notify(&self, box_id: BoxId) -> Arc<Notify> {
        let mut boxes = self.boxes.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(boxes.entry(box_id).or_default())
    }

    /// Wakes the readers of a box's pts log.
    pub fn notify_box(&self, box_id: BoxId) {
        let notify = {
            let boxes = self.boxes.lock().unwrap_or_else(PoisonError::into_inner);
            boxes.get(&box_id).cloned()
        };
        if let Some(notify) = notify {
            notify.notify_waiters();
        }
    }

    /// Records that a bot's webhook was set, changed or deleted.
    pub fn webhook_changed(&self, bot: UserId) {
        let mut changes = self
            .webhook_changes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !changes.contains(&bot) {
            changes.push(bot);
        }
        drop(changes);
        self.webhook_changed.notify_one();
    }

    /// The bots whose webhook changed since the last call, in order of their first change.
    pub fn take_webhook_changes(&self) -> Vec<UserId> {
        std::mem::take(
            &mut *self
                .webhook_changes
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Resolves when a webhook changed since the last wait (at once if one did meanwhile).
    pub async fn webhook_change(&self) {
        self.webhook_changed.notified().await;
    }

    /// Tells every waiting reader that the server is stopping.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once [`UpdateHub::stop`] was called (at once if it already was).
    pub async fn stopped(&self) {
        let mut rx = self.stopping.subscribe();
        let _ = rx.wait_for(|stopping| *stopping).await;
    }

    /// Ends the bot's parked long poll, if any, with `reason`.
    pub fn end_parked(&self, bot: UserId, reason: Conflict) {
        let slot = self.bot(bot);
        let previous = slot
            .parked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some((_, tx)) = previous {
            let _ = tx.send(reason);
        }
    }
}

impl BotSlot {
    /// Becomes the bot's parked long poll, ending the previous one with
    /// [`Conflict::OtherGetUpdates`].
    pub fn park(self: &Arc<Self>) -> Parked {
        let ticket = {
            let mut next = self
                .next_ticket
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *next += 1;
            *next
        };
        let (tx, rx) = oneshot::channel();
        let previous = self
            .parked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace((ticket, tx));
        if let Some((_, old)) = previous {
            let _ = old.send(Conflict::OtherGetUpdates);
        }
        Parked {
            slot: Arc::clone(self),
            ticket,
            ended: rx,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_park_ends_the_previous_one() {
        let hub = UpdateHub::default();
        let slot = hub.bot(UserId(1));
        let mut first = slot.park();
        let second = slot.park();
        assert_eq!((&mut first.ended).await, Ok(Conflict::OtherGetUpdates));
        drop(second);
        // After the second one is gone, nothing is parked: a webhook ends nobody.
        hub.end_parked(UserId(1), Conflict::SetWebhook);
        let mut third = slot.park();
        hub.end_parked(UserId(1), Conflict::SetWebhook);
        assert_eq!((&mut third.ended).await, Ok(Conflict::SetWebhook));
    }

    #[tokio::test]
    async fn webhook_changes_are_kept_until_taken() {
        let hub = UpdateHub::default();
        hub.webhook_changed(UserId(2));
        hub.webhook_changed(UserId(1));
        hub.webhook_changed(UserId(2));
        // The change came before the wait: the wait still ends.
        tokio::time::timeout(std::time::Duration::from_secs(1), hub.webhook_change())
            .await
            .expect("woken");
        assert_eq!(hub.take_webhook_changes(), [UserId(2), UserId(1)]);
        assert!(hub.take_webhook_changes().is_empty());
    }

    #[tokio::test]
    async fn notify_wakes_a_subscribed_waiter() {
        let hub = UpdateHub::default();
        let slot = hub.bot(UserId(7));
        let notified = slot.notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        hub.notify_bot(UserId(7));
        tokio::time::timeout(std::time::Duration::from_secs(1), notified)
            .await
            .expect("woken");
    }
}
