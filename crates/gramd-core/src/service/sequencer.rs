//! Allocation of sequence numbers (message ids, pts, update ids, message gids) and the
//! one path by which the core writes.
//!
//! A [`Tx`], built inside [`Core::transact`], holds the sequencer lock from the first
//! allocation until its writes are submitted to the store, so the store receives batches in allocation order (see
//! [`crate::store`]). The lock is a `std` mutex held for microseconds and never across an
//! `.await`: counters a transaction needs are loaded beforehand with
//! [`Core::load_counters`].
//!
//! A bot's box advances its pts like any other but keeps no pts log: the log is read only
//! by `updates.getDifference` in a client session, which bots do not have (the Bot API reads
//! the bot's update queue instead). Logging there would add a row to every message a bot
//! sends or receives for nobody to read. A bot that signs in on the client API and asks for
//! its state or difference ([`Core::keep_box_log`]) has its box logged from then on, until
//! the server restarts (its client then asks again, as clients do on connecting).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{CoreError, CoreResult};
use crate::ids::{BoxId, MessageId, UserId};
use crate::store::{BoxCounters, Commit, Write};
use crate::updates::{BotUpdate, BoxUpdate, FIRST_UPDATE_ID_RANGE, UpdateMask};

use super::{Core, random_u64};

#[derive(Debug)]
pub(super) struct Sequencer {
    state: Mutex<SeqState>,
}

#[derive(Debug)]
struct SeqState {
    boxes: HashMap<BoxId, BoxCounters>,
    /// Loaded boxes whose pts log is not kept (bots' boxes).
    unlogged: HashSet<BoxId>,
    queues: HashMap<UserId, QueueState>,
    last_gid: i64,
}

/// What the core tracks of a bot's queue.
#[derive(Clone, Copy, Debug)]
pub(super) struct QueueState {
    /// The last `update_id` given out.
    pub(super) last_update_id: i64,
    /// Updates below this id are confirmed (deleted).
    pub(super) confirmed_below: i64,
}

impl QueueState {
    fn pending_upper_bound(self) -> i64 {
        (self.last_update_id + 1 - self.confirmed_below).max(0)
    }
}

impl Sequencer {
    pub(super) fn new(last_gid: i64) -> Self {
        Self {
            state: Mutex::new(SeqState {
                boxes: HashMap::new(),
                unlogged: HashSet::new(),
                queues: HashMap::new(),
                last_gid,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SeqState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Core {
    /// Loads the counters of these boxes and bot queues, if not yet in memory.
    pub(super) async fn load_counters(&self, boxes: &[BoxId], bots: &[UserId]) -> CoreResult<()> {
        let seq = &self.0.sequencer;
        for &box_id in boxes {
            if seq.lock().boxes.contains_key(&box_id) {
                continue;
            }
            let counters = self.0.store.box_counters(box_id).await?;
            let keeps_log = match box_id {
                BoxId::User(owner) => self.find_user(owner).await?.is_none_or(|u| !u.is_bot()),
                BoxId::Channel(_) => true,
            };
            let mut state = seq.lock();
            if !keeps_log {
                state.unlogged.insert(box_id);
            }
            state.boxes.entry(box_id).or_insert(counters);
        }
        for &bot in bots {
            if seq.lock().queues.contains_key(&bot) {
                continue;
            }
            let stored = self.0.store.queue_counters(bot).await?;
            let last_update_id = if stored.last_update_id == 0 {
                let (lo, hi) = FIRST_UPDATE_ID_RANGE;
                lo + (random_u64() % (hi - lo).cast_unsigned()).cast_signed() - 1
            } else {
                stored.last_update_id
            };
            let confirmed_below = if stored.first_pending == 0 {
                last_update_id + 1
            } else {
                stored.first_pending
            };
            seq.lock().queues.entry(bot).or_insert(QueueState {
                last_update_id,
                confirmed_below,
            });
        }
        Ok(())
    }

    /// The in-memory state of a bot's queue (after [`Core::load_counters`]).
    pub(super) fn queue_state(&self, bot: UserId) -> Option<QueueState> {
        self.0.sequencer.lock().queues.get(&bot).copied()
    }

    /// Keeps the pts log of `account`'s box from now on, for a bot that reads its updates
    /// on the client API (`updates.getState`, `updates.getDifference`); people's boxes are
    /// always logged.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn keep_box_log(&self, account: UserId) -> CoreResult<()> {
        let box_id = BoxId::User(account);
        self.load_counters(&[box_id], &[]).await?;
        self.0.sequencer.lock().unlogged.remove(&box_id);
        Ok(())
    }

    /// The pts of a box (after [`Core::load_counters`]).
    pub(super) fn box_pts(&self, box_id: BoxId) -> Option<i32> {
        self.0.sequencer.lock().boxes.get(&box_id).map(|c| c.pts)
    }

    /// Builds a write transaction with `build` under the sequencer lock and submits it.
    ///
    /// `build` is synchronous, so the lock can never be held across an `.await`. If it
    /// fails, nothing is submitted and every counter it advanced is put back, so no id is
    /// lost. Await the returned [`Submitted`] before acknowledging anything.
    pub(super) fn transact<T>(
        &self,
        build: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<(Submitted, T)> {
        let mut tx = Tx {
            core: self,
            state: self.0.sequencer.lock(),
            writes: Vec::new(),
            saved_boxes: Vec::new(),
            saved_queues: Vec::new(),
            woken_bots: Vec::new(),
            now: self.now(),
        };
        match build(&mut tx) {
            Ok(value) => Ok((tx.submit(), value)),
            Err(err) => {
                tx.restore();
                Err(err)
            }
        }
    }
}

/// A batch of writes being built under the sequencer lock.
pub(super) struct Tx<'a> {
    core: &'a Core,
    state: MutexGuard<'a, SeqState>,
    writes: Vec<Write>,
    /// Boxes touched, with their counters before this transaction.
    saved_boxes: Vec<(BoxId, BoxCounters)>,
    /// Queues touched, with their state before this transaction.
    saved_queues: Vec<(UserId, QueueState)>,
    woken_bots: Vec<UserId>,
    /// The time of this transaction.
    pub(super) now: i64,
}

impl Tx<'_> {
    /// A new message gid.
    pub(super) fn next_gid(&mut self) -> i64 {
        self.state.last_gid += 1;
        self.state.last_gid
    }

    fn counters(&mut self, box_id: BoxId) -> CoreResult<&mut BoxCounters> {
        let counters = self
            .state
            .boxes
            .get_mut(&box_id)
            .ok_or_else(|| CoreError::Internal {
                detail: format!("counters of box {} not loaded", box_id.key()),
            })?;
        if !self.saved_boxes.iter().any(|(b, _)| *b == box_id) {
            self.saved_boxes.push((box_id, *counters));
        }
        Ok(counters)
    }

    /// Puts back every counter this transaction advanced (it will not be submitted).
    fn restore(&mut self) {
        for (box_id, counters) in self.saved_boxes.drain(..) {
            self.state.boxes.insert(box_id, counters);
        }
        for (bot, queue) in self.saved_queues.drain(..) {
            self.state.queues.insert(bot, queue);
        }
    }

    /// The next message id of a box.
    pub(super) fn next_message_id(&mut self, box_id: BoxId) -> CoreResult<MessageId> {
        let counters = self.counters(box_id)?;
        counters.last_message_id += 1;
        Ok(MessageId(counters.last_message_id))
    }

    /// Appends an event to a box's pts log (a bot's box only advances its pts; see the
    /// module docs); returns the new pts.
    pub(super) fn log(&mut self, box_id: BoxId, update: BoxUpdate) -> CoreResult<i32> {
        let pts_count = update.pts_count();
        let counters = self.counters(box_id)?;
        counters.pts += pts_count;
        let pts = counters.pts;
        if self.state.unlogged.contains(&box_id) {
            return Ok(pts);
        }
        let date = self.now;
        self.writes.push(Write::LogBoxUpdate {
            box_id,
            pts,
            pts_count,
            date,
            update,
        });
        Ok(pts)
    }

    /// Queues an update for a bot if its kind is in `mask` and the queue has room; returns
    /// whether it was queued.
    pub(super) fn queue(
        &mut self,
        bot: UserId,
        mask: UpdateMask,
        update: BotUpdate,
        expires_at: i64,
    ) -> CoreResult<bool> {
        if !mask.contains(update.kind()) {
            return Ok(false);
        }
        let queue = self
            .state
            .queues
            .get_mut(&bot)
            .ok_or_else(|| CoreError::Internal {
                detail: format!("queue of bot {} not loaded", bot.0),
            })?;
        if queue.pending_upper_bound() >= self.core.0.config.bot_queue_cap {
            tracing::warn!(bot = bot.0, "update queue full, update dropped");
            return Ok(false);
        }
        if !self.saved_queues.iter().any(|(b, _)| *b == bot) {
            self.saved_queues.push((bot, *queue));
        }
        queue.last_update_id += 1;
        let update_id = queue.last_update_id;
        if !self.woken_bots.contains(&bot) {
            self.woken_bots.push(bot);
        }
        self.writes.push(Write::QueueBotUpdate {
            bot,
            update_id,
            expires_at,
            update: Box::new(update),
        });
        Ok(true)
    }

    /// Marks a bot's updates below `below` confirmed.
    pub(super) fn confirm(&mut self, bot: UserId, below: i64) {
        if let Some(queue) = self.state.queues.get_mut(&bot)
            && below > queue.confirmed_below
        {
            if !self.saved_queues.iter().any(|(b, _)| *b == bot) {
                self.saved_queues.push((bot, *queue));
            }
            queue.confirmed_below = below;
        }
        self.writes.push(Write::TrimBotQueue { bot, below });
    }

    /// Adds a write.
    pub(super) fn push(&mut self, write: Write) {
        self.writes.push(write);
    }

    /// Submits the batch (still under the lock, so batches reach the store in order) and
    /// releases the lock.
    fn submit(mut self) -> Submitted {
        let boxes: Vec<BoxId> = self.saved_boxes.iter().map(|(b, _)| *b).collect();
        let queues: Vec<UserId> = self.saved_queues.iter().map(|(b, _)| *b).collect();
        for &box_id in &boxes {
            if let Some(&counters) = self.state.boxes.get(&box_id) {
                self.writes.push(Write::SetBoxCounters { box_id, counters });
            }
        }
        for &bot in &queues {
            if let Some(queue) = self.state.queues.get(&bot) {
                self.writes.push(Write::SetLastUpdateId {
                    bot,
                    last_update_id: queue.last_update_id,
                });
            }
        }
        let writes = std::mem::take(&mut self.writes);
        let commit = self.core.0.store.submit(writes);
        Submitted {
            core: self.core.clone(),
            commit,
            boxes,
            queues,
            woken_bots: std::mem::take(&mut self.woken_bots),
        }
    }
}

/// A submitted batch; [`Submitted::wait`] resolves when it is durable.
pub(super) struct Submitted {
    core: Core,
    commit: Commit,
    boxes: Vec<BoxId>,
    queues: Vec<UserId>,
    woken_bots: Vec<UserId>,
}

impl Submitted {
    /// Waits for the commit, then wakes the readers of every log that grew.
    ///
    /// On failure the counters touched are dropped from memory, to be reloaded from what
    /// was actually committed.
    pub(super) async fn wait(self) -> CoreResult<()> {
        match self.commit.await {
            Ok(()) => {
                let hub = &self.core.0.hub;
                for bot in self.woken_bots {
                    hub.notify_bot(bot);
                }
                for box_id in self.boxes {
                    hub.notify_box(box_id);
                }
                Ok(())
            }
            Err(err) => {
                tracing::error!(%err, "commit failed");
                let mut state = self.core.0.sequencer.lock();
                for box_id in &self.boxes {
                    state.boxes.remove(box_id);
                }
                for bot in &self.queues {
                    state.queues.remove(bot);
                }
                Err(err.into())
            }
        }
    }
}
