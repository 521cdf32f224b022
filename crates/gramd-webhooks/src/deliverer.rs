//! Delivery to one bot's webhook: load its queue in order, post updates with up to
//! `max_connections` requests in flight, keep each delivery queue (a chat, mostly) in
//! order, retry failures until the update expires, and acknowledge what got a 2xx.
//!
//! This follows Telegram's reference server (`WebhookActor`):
//! - Updates are loaded from the queue in `update_id` order while fewer than
//!   `2 × max_connections` delivery queues have updates in memory.
//! - A delivery queue sends its next update only after the previous one got a 2xx (or was
//!   given up); different queues go in parallel, the one waiting longest first.
//! - While no update succeeded in the last 10 s, only one request is in flight, so a failing
//!   endpoint sees one connection; after a success, up to `max_connections`.
//! - After a failure the update is sent again at once, then after 2, 4, 8, 16, 32 and 64 s,
//!   then after 60 to 120 s each time; a `Retry-After` header (at most 3600) sets the wait
//!   instead. An update whose next try would come after it expires is dropped.
//!
//! Acknowledgements are batched: one write to the core at a time carries every update
//! delivered since the last one, so a crash can only resend updates delivered in the last
//! moments before it.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use gramd_core::Core;
use gramd_core::bots::Webhook;
use gramd_core::ids::UserId;
use gramd_core::updates::QueuedUpdate;
use gramd_core::webhooks::delivery_queue;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::client::{Answer, Endpoint};
use crate::{WebhookSettings, backoff};

/// Most updates read from the queue at once.
const LOAD_BATCH: usize = 1000;
/// How long after a success all of `max_connections` may be used.
const ACTIVE_WINDOW: Duration = Duration::from_secs(10);

/// An update in memory, waiting for its turn or for a retry.
struct Pending {
    update_id: i64,
    expires_at: i64,
    body: Bytes,
    retry: backoff::Retry,
}

/// The updates of one delivery queue, in order. A lane is either waiting for its turn
/// (in `Deliverer::waiting`) or has a request in flight.
struct Lane {
    updates: VecDeque<Pending>,
}

/// One bot's delivery.
pub(crate) struct Deliverer {
    core: Core,
    bot: UserId,
    max_connections: usize,
    settings: Arc<WebhookSettings>,
    endpoint: Endpoint,
    lanes: HashMap<i64, Lane>,
    /// Lanes waiting for their turn, by when their first update may be sent.
    waiting: BTreeSet<(Instant, i64)>,
    /// Loaded updates not yet delivered or given up.
    unsettled: BTreeSet<i64>,
    /// The next `update_id` to load (0: the head of the queue).
    next_load: i64,
    /// The last load found everything there was; wait for the queue to grow.
    caught_up: bool,
    /// Delivered (or given up) updates not yet acknowledged to the core.
    done: Vec<i64>,
    /// The `settled_below` last written.
    settled_written: i64,
    last_success: Option<Instant>,
    /// The lane of each request in flight.
    in_flight: HashMap<tokio::task::Id, i64>,
}

/// A finished request: its delivery queue and what came of it.
type Finished = (i64, Outcome);

enum Outcome {
    Delivered,
    Failed {
        message: String,
        retry_after: Option<u32>,
    },
}

impl Deliverer {
    /// A deliverer for a bot's webhook; `Err` with Telegram's words when the webhook
    /// cannot be used under the rules in force.
    pub(crate) fn new(
        core: Core,
        bot: UserId,
        webhook: &Webhook,
        settings: Arc<WebhookSettings>,
    ) -> Result<Self, String> {
        let endpoint = Endpoint::new(webhook, core.webhook_policy(), settings.request_timeout)?;
        Ok(Self {
            core,
            bot,
            max_connections: usize::try_from(webhook.max_connections).unwrap_or(1).max(1),
            settings,
            endpoint,
            lanes: HashMap::new(),
            waiting: BTreeSet::new(),
            unsettled: BTreeSet::new(),
            next_load: 0,
            caught_up: false,
            done: Vec::new(),
            settled_written: 0,
            last_success: None,
            in_flight: HashMap::new(),
        })
    }

    /// Delivers until `stop` fires (or its sender is dropped), then writes the last
    /// acknowledgements and returns.
    pub(crate) async fn run(mut self, mut stop: oneshot::Receiver<()>) {
        let slot = self.core.hub().bot(self.bot);
        let mut requests: JoinSet<Finished> = JoinSet::new();
        let mut acks: JoinSet<(Vec<i64>, bool)> = JoinSet::new();
        // One subscription to the queue's growth, renewed when it fires and before the read
        // that follows: an update queued at any moment wakes the loop, also one queued
        // between two turns (after another branch fired), which a subscription made anew
        // each turn would miss until the bot's next update.
        let grown = slot.notify.notified();
        tokio::pin!(grown);
        grown.as_mut().enable();
        loop {
            if self.wants_updates() {
                self.load().await;
            }
            self.send_ready(&mut requests);
            if acks.is_empty() {
                self.acknowledge(&mut acks);
            }
            // A lane's turn matters only while another request may start.
            let wake = if requests.len() < self.request_limit() {
                self.next_ready()
            } else {
                None
            };
            tokio::select! {
                _ = &mut stop => break,
                () = &mut grown => {
                    self.caught_up = false;
                    grown.set(slot.notify.notified());
                    grown.as_mut().enable();
                }
                Some(finished) = requests.join_next_with_id() => match finished {
                    Ok((id, (lane, outcome))) => {
                        self.in_flight.remove(&id);
                        self.finish(lane, outcome);
                    }
                    Err(err) => {
                        // A request that panicked counts as a failure of its lane.
                        tracing::error!(bot = self.bot.0, %err, "webhook request failed");
                        if let Some(lane) = self.in_flight.remove(&err.id()) {
                            self.finish(lane, Outcome::Failed {
                                message: "Webhook connection closed".into(),
                                retry_after: None,
                            });
                        }
                    }
                },
                Some(acked) = acks.join_next() => {
                    if let Ok((ids, false)) = acked {
                        // The write failed: try these again with the next one.
                        self.done.extend(ids);
                    }
                }
                () = sleep_until(wake) => {}
            }
        }
        // Requests in flight are abandoned (their updates stay queued); what was delivered
        // is acknowledged before returning.
        requests.abort_all();
        while let Some(acked) = acks.join_next().await {
            if let Ok((ids, false)) = acked {
                self.done.extend(ids);
            }
        }
        self.acknowledge(&mut acks);
        while acks.join_next().await.is_some() {}
    }

    /// Whether to read more of the queue: as in the reference server, while fewer than
    /// `2 × max_connections` lanes have updates in memory; reads come in batches, so only
    /// once fewer than half a batch of updates is loaded, or fewer lanes than
    /// `max_connections` (so that one slow chat with many updates does not hold up the
    /// others).
    fn wants_updates(&self) -> bool {
        !self.caught_up
            && self.lanes.len() < 2 * self.max_connections
            && (self.unsettled.len() < LOAD_BATCH / 2 || self.lanes.len() < self.max_connections)
    }

    /// Reads the next updates of the queue into their lanes.
    async fn load(&mut self) {
        let limit = LOAD_BATCH;
        let updates = match self
            .core
            .webhook_updates(self.bot, self.next_load, u32::try_from(limit).unwrap_or(1))
            .await
        {
            Ok(updates) => updates,
            Err(err) => {
                tracing::error!(bot = self.bot.0, %err, "cannot read the update queue");
                tokio::time::sleep(Duration::from_secs(1)).await;
                return;
            }
        };
        self.caught_up = updates.len() < limit;
        let now = Instant::now();
        for update in updates {
            self.next_load = update.update_id + 1;
            self.admit(update, now).await;
        }
    }

    async fn admit(&mut self, update: QueuedUpdate, now: Instant) {
        let body = match gramd_botapi::render_update(&self.core, self.bot, &update).await {
            Ok(body) => Bytes::from(body),
            Err(err) => {
                // As with getUpdates, an update that cannot be rendered any more is
                // skipped rather than blocking its chat.
                tracing::warn!(bot = self.bot.0, update_id = update.update_id, %err, "update skipped");
                self.done.push(update.update_id);
                return;
            }
        };
        let key = delivery_queue(&update.update);
        let lane = self.lanes.entry(key).or_insert_with(|| Lane {
            updates: VecDeque::new(),
        });
        if lane.updates.is_empty() {
            self.waiting.insert((now, key));
        }
        lane.updates.push_back(Pending {
            update_id: update.update_id,
            expires_at: update.expires_at,
            body,
            retry: backoff::Retry::default(),
        });
        self.unsettled.insert(update.update_id);
    }

    /// Starts requests for lanes whose turn it is, longest-waiting first, up to the limit
    /// on requests in flight.
    fn send_ready(&mut self, requests: &mut JoinSet<Finished>) {
        let limit = self.request_limit();
        let now = Instant::now();
        while requests.len() < limit {
            let Some(&(ready_at, key)) = self.waiting.first() else {
                break;
            };
            if ready_at > now {
                break;
            }
            self.waiting.pop_first();
            let Some(first) = self.lanes.get(&key).and_then(|lane| lane.updates.front()) else {
                continue;
            };
            let body = first.body.clone();
            let endpoint = self.endpoint.clone();
            let core = self.core.clone();
            let bot = self.bot;
            let task =
                requests.spawn(async move { (key, deliver(&core, bot, &endpoint, body).await) });
            self.in_flight.insert(task.id(), key);
        }
    }

    /// Records what came of a request.
    fn finish(&mut self, key: i64, outcome: Outcome) {
        let Some(lane) = self.lanes.get_mut(&key) else {
            return;
        };
        let now = Instant::now();
        let mut ready_at = now;
        match outcome {
            Outcome::Delivered => {
                self.last_success = Some(now);
                if let Some(first) = lane.updates.pop_front() {
                    self.unsettled.remove(&first.update_id);
                    self.done.push(first.update_id);
                }
            }
            Outcome::Failed {
                message,
                retry_after,
            } => {
                tracing::debug!(bot = self.bot.0, %message, "webhook delivery failed");
                self.core.record_webhook_error(self.bot, message);
                if let Some(first) = lane.updates.front_mut() {
                    let wait = first.retry.after_failure(
                        retry_after,
                        self.settings.max_retry_delay,
                        backoff::random_ceiling(),
                    );
                    let retry_at =
                        self.core.now() + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX);
                    if retry_at > first.expires_at {
                        tracing::warn!(
                            bot = self.bot.0,
                            update_id = first.update_id,
                            "webhook update dropped: it expires before its next try"
                        );
                        let id = first.update_id;
                        lane.updates.pop_front();
                        self.unsettled.remove(&id);
                        self.done.push(id);
                    } else {
                        ready_at = now + wait;
                    }
                }
            }
        }
        if lane.updates.is_empty() {
            self.lanes.remove(&key);
        } else {
            self.waiting.insert((ready_at, key));
        }
    }

    /// Writes the acknowledgements gathered so far, if there are any, in the background.
    fn acknowledge(&mut self, acks: &mut JoinSet<(Vec<i64>, bool)>) {
        let settled_below = self.unsettled.first().copied().unwrap_or(self.next_load);
        if self.done.is_empty() && settled_below <= self.settled_written {
            return;
        }
        let done = std::mem::take(&mut self.done);
        self.settled_written = self.settled_written.max(settled_below);
        let core = self.core.clone();
        let bot = self.bot;
        acks.spawn(async move {
            match core
                .ack_webhook_updates(bot, done.clone(), settled_below)
                .await
            {
                Ok(()) => (done, true),
                Err(err) => {
                    tracing::error!(bot = bot.0, %err, "cannot acknowledge delivered updates");
                    (done, false)
                }
            }
        });
    }

    /// How many requests may be in flight: `max_connections` within 10 s of a success,
    /// else one.
    fn request_limit(&self) -> usize {
        let active = self
            .last_success
            .is_some_and(|t| t.elapsed() < ACTIVE_WINDOW);
        if active { self.max_connections } else { 1 }
    }

    /// When the next lane that waits for its turn becomes ready, if any does.
    fn next_ready(&self) -> Option<Instant> {
        self.waiting.first().map(|(at, _)| *at)
    }
}

/// Posts one update and, when the webhook answers with a method call, runs it before the
/// lane moves on (so that its effects keep the lane's order).
async fn deliver(core: &Core, bot: UserId, endpoint: &Endpoint, body: Bytes) -> Outcome {
    match endpoint.post(body).await {
        Answer::Delivered {
            content_type,
            body,
            remote,
        } => {
            if let Some(ip) = remote {
                core.record_webhook_address(bot, ip);
            }
            if !body.is_empty()
                && let Some((method, outcome)) =
                    gramd_botapi::execute_reply(core, bot, content_type.as_deref(), body).await
            {
                match outcome {
                    Ok(()) => {
                        tracing::debug!(bot = bot.0, %method, "method in a webhook answer ran")
                    }
                    Err(description) => {
                        tracing::debug!(bot = bot.0, %method, %description, "method in a webhook answer failed");
                    }
                }
            }
            Outcome::Delivered
        }
        Answer::Failed {
            message,
            retry_after,
        } => Outcome::Failed {
            message,
            retry_after,
        },
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
