//! Webhook delivery for gramd: posts each bot's queued updates to the webhook it set with
//! `setWebhook` (<https://core.telegram.org/bots/api#setwebhook>).
//!
//! An edge over [`gramd_core::Core`], like the Bot API: the core keeps the queue, the
//! webhook settings, the rules and the delivery status; this crate does the HTTP. One task
//! per bot with a webhook ([`deliverer`]), woken by the core's update hub when the bot's
//! queue grows; a supervisor starts one for every bot with a webhook at start and restarts
//! or stops it whenever `setWebhook` or `deleteWebhook` changes the webhook.
//!
//! Delivery is at least once: an update leaves the queue only after the webhook answered
//! it with a 2xx, so updates queued or in flight when gramd stops or crashes are delivered
//! after it starts again.
//!
//! # Layout
//! - [`client`]: the HTTP client of a webhook (TLS, addresses, error wording).
//! - [`deliverer`]: ordering, concurrency, retries and acknowledgements for one bot.
//! - [`backoff`]: the retry schedule.

mod backoff;
mod client;
mod deliverer;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use gramd_core::Core;
use gramd_core::ids::UserId;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use deliverer::Deliverer;

/// Tunables of delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookSettings {
    /// How long a webhook may take to answer (Telegram: 60 s).
    pub request_timeout: Duration,
    /// The longest wait before sending a failed update again, `Retry-After` aside
    /// (Telegram's schedule goes up to 120 s; tests shorten it).
    pub max_retry_delay: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(60),
            max_retry_delay: Duration::from_secs(120),
        }
    }
}

/// The running delivery of every bot's webhook.
#[derive(Debug)]
pub struct Webhooks {
    supervisor: JoinHandle<()>,
}

impl Webhooks {
    /// Starts delivering for every bot with a webhook, and follows webhook changes, until
    /// the core's hub says the server is stopping.
    #[must_use]
    pub fn start(core: Core, settings: WebhookSettings) -> Self {
        Self {
            supervisor: tokio::spawn(supervise(core, Arc::new(settings))),
        }
    }

    /// Waits (at most `timeout`) for delivery to stop after the hub was told to stop: the
    /// last acknowledgements are written.
    pub async fn stopped(self, timeout: Duration) {
        if tokio::time::timeout(timeout, self.supervisor)
            .await
            .is_err()
        {
            tracing::warn!("webhook delivery did not stop in time");
        }
    }
}

/// A running deliverer: how to stop it, and its task.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

async fn supervise(core: Core, settings: Arc<WebhookSettings>) {
    let hub = core.hub();
    let mut running: HashMap<UserId, Running> = HashMap::new();
    let mut changed = match core.webhook_bots().await {
        Ok(bots) => bots,
        Err(err) => {
            tracing::error!(%err, "cannot list the bots with webhooks");
            Vec::new()
        }
    };
    loop {
        changed.extend(hub.take_webhook_changes());
        for bot in changed.drain(..) {
            // The previous deliverer finishes (writing its acknowledgements) before the
            // next one reads the queue.
            if let Some(previous) = running.remove(&bot) {
                previous.stop().await;
            }
            if let Some(started) = start_bot(&core, bot, &settings).await {
                running.insert(bot, started);
            }
        }
        tokio::select! {
            () = hub.webhook_change() => {}
            () = hub.stopped() => break,
        }
    }
    for (_, deliverer) in running.drain() {
        deliverer.stop().await;
    }
}

/// Starts delivering to a bot's webhook, if it has one that may be used.
async fn start_bot(core: &Core, bot: UserId, settings: &Arc<WebhookSettings>) -> Option<Running> {
    let webhook = match core.bot_delivery(bot).await {
        Ok(delivery) => delivery.webhook?,
        Err(err) => {
            tracing::error!(bot = bot.0, %err, "cannot read the webhook settings");
            return None;
        }
    };
    let deliverer = match Deliverer::new(core.clone(), bot, &webhook, Arc::clone(settings)) {
        Ok(deliverer) => deliverer,
        Err(message) => {
            tracing::warn!(bot = bot.0, %message, "webhook not used");
            core.record_webhook_error(bot, message);
            return None;
        }
    };
    let (stop, stopped) = oneshot::channel();
    Some(Running {
        stop,
        task: tokio::spawn(deliverer.run(stopped)),
    })
}
