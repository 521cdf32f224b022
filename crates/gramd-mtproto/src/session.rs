//! The state of one session (an auth key and a client-chosen `session_id`).
//!
//! - Server msg_ids: about unix time × 2³², strictly increasing, ≡ 1 (mod 4) for responses to
//!   a client message and ≡ 3 for everything else.
//! - Server seqnos: twice the content-related messages sent before, plus one for a
//!   content-related message.
//! - Client msg_ids: divisible by 4, no more than 300 s old or 30 s ahead, not seen before;
//!   the last [`RECEIVED_WINDOW`] are remembered.
//! - Client seqnos: odd exactly for content-related messages, and increasing.
//! - Content-related messages sent and not yet acknowledged, to send again when the client
//!   asks or comes back on a new connection.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::envelope::InnerMessage;

/// How many client msg_ids a session remembers.
pub const RECEIVED_WINDOW: usize = 512;
/// How many unacknowledged messages a session keeps for resending; older ones are dropped.
pub const MAX_UNACKED: usize = 1024;
/// Seconds a client msg_id may lag the server's clock.
pub const MAX_PAST: i64 = 300;
/// Seconds a client msg_id may lead the server's clock.
pub const MAX_FUTURE: i64 = 30;
/// How far a client's seqno may jump ahead of the last one seen (a full container of
/// content-related messages, twice, leaves room for clients that skip numbers after an
/// error, as Telethon does).
pub const SEQNO_JUMP: i32 = 4 * 1024;

/// A `bad_msg_notification` error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum BadMsg {
    /// 16: msg_id too low (the client's clock is behind).
    MsgIdTooLow = 16,
    /// 17: msg_id too high (the client's clock is ahead).
    MsgIdTooHigh = 17,
    /// 18: msg_id not divisible by 4.
    MsgIdParity = 18,
    /// 19: a container's msg_id was already used.
    ContainerIdReused = 19,
    /// 20: too old to tell whether it was received.
    TooOld = 20,
    /// 32: seqno too low.
    SeqnoTooLow = 32,
    /// 33: seqno too high.
    SeqnoTooHigh = 33,
    /// 34: an even seqno was expected (not content-related).
    EvenSeqnoExpected = 34,
    /// 35: an odd seqno was expected (content-related).
    OddSeqnoExpected = 35,
    /// 48: wrong server salt (sent as `bad_server_salt`).
    BadServerSalt = 48,
    /// 64: invalid container.
    InvalidContainer = 64,
}

/// What became of a client msg_id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// New: process it.
    New,
    /// Seen before: ignore it.
    Duplicate,
}

/// A message queued for sending, not yet given a msg_id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Queued {
    pub(crate) body: Vec<u8>,
    pub(crate) content_related: bool,
    pub(crate) response: bool,
}

/// One session's state. It outlives connections: the caller keeps it (through
/// [`crate::KeyStore`]) while the client is away.
#[derive(Debug, Clone)]
pub struct Session {
    id: i64,
    last_msg_id: i64,
    content_sent: i32,
    received: BTreeSet<i64>,
    highest_seqno: Option<i32>,
    unacked: BTreeMap<i64, Vec<u8>>,
    pub(crate) queue: Vec<Queued>,
    pending_acks: Vec<i64>,
    in_flight: HashSet<i64>,
    answered: BTreeSet<i64>,
    resend_unacked: bool,
}

impl Session {
    /// A new session with the client's `session_id`.
    pub fn new(id: i64) -> Self {
        Self {
            id,
            last_msg_id: 0,
            content_sent: 0,
            received: BTreeSet::new(),
            highest_seqno: None,
            unacked: BTreeMap::new(),
            queue: Vec::new(),
            pending_acks: Vec::new(),
            in_flight: HashSet::new(),
            answered: BTreeSet::new(),
            resend_unacked: false,
        }
    }

    /// The client's `session_id`.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The next server msg_id at `now_ms` (unix milliseconds).
    pub fn next_msg_id(&mut self, now_ms: u64, response: bool) -> i64 {
        let secs = (now_ms / 1000) as i64;
        let fraction = (((now_ms % 1000) << 32) / 1000) as i64;
        let clock = (secs << 32) | fraction;
        let candidate = (clock & !3).max((self.last_msg_id & !3) + 4);
        let id = candidate | if response { 1 } else { 3 };
        self.last_msg_id = id;
        id
    }

    /// The next server seqno.
    pub fn next_seqno(&mut self, content_related: bool) -> i32 {
        let seqno = self.content_sent * 2 + i32::from(content_related);
        self.content_sent += i32::from(content_related);
        seqno
    }

    /// Checks a client msg_id (of a message or a container) against the clock and the
    /// window, and remembers it.
    pub fn check_msg_id(
        &mut self,
        msg_id: i64,
        now_ms: u64,
        container: bool,
    ) -> Result<Received, BadMsg> {
        if msg_id % 4 != 0 {
            return Err(BadMsg::MsgIdParity);
        }
        let now = (now_ms / 1000) as i64;
        let sent = msg_id >> 32;
        if sent < now - MAX_PAST {
            return Err(BadMsg::MsgIdTooLow);
        }
        if sent > now + MAX_FUTURE {
            return Err(BadMsg::MsgIdTooHigh);
        }
        if self.received.contains(&msg_id) {
            return if container {
                Err(BadMsg::ContainerIdReused)
            } else {
                Ok(Received::Duplicate)
            };
        }
        if self.received.len() >= RECEIVED_WINDOW {
            let oldest = *self.received.first().expect("window is full");
            if msg_id < oldest {
                return Err(BadMsg::TooOld);
            }
            self.received.pop_first();
        }
        self.received.insert(msg_id);
        Ok(Received::New)
    }

    /// Checks a client seqno: odd exactly for content-related messages; a content-related
    /// one above the last seqno seen, and no jump of more than [`SEQNO_JUMP`]. The first
    /// message of a session sets the baseline.
    pub fn check_seqno(&mut self, seqno: i32, content_related: bool) -> Result<(), BadMsg> {
        if content_related && seqno % 2 == 0 {
            return Err(BadMsg::OddSeqnoExpected);
        }
        if !content_related && seqno % 2 != 0 {
            return Err(BadMsg::EvenSeqnoExpected);
        }
        if let Some(highest) = self.highest_seqno {
            if content_related && seqno <= highest {
                return Err(BadMsg::SeqnoTooLow);
            }
            if seqno > highest.saturating_add(SEQNO_JUMP) {
                return Err(BadMsg::SeqnoTooHigh);
            }
        }
        self.highest_seqno = Some(self.highest_seqno.map_or(seqno, |h| h.max(seqno)));
        Ok(())
    }

    /// The `msgs_state_info` byte for a client msg_id.
    pub fn message_state(&self, msg_id: i64, now_ms: u64) -> u8 {
        let now = (now_ms / 1000) as i64;
        if self.received.contains(&msg_id) {
            let mut state = 4;
            if self.in_flight.contains(&msg_id) || self.answered.contains(&msg_id) {
                state |= 32;
            }
            if self.answered.contains(&msg_id) {
                state |= 64;
            }
            return state;
        }
        if msg_id >> 32 > now + MAX_FUTURE
            || self.received.last().is_some_and(|&last| msg_id > last)
        {
            return 3;
        }
        if self.received.len() >= RECEIVED_WINDOW
            && self.received.first().is_some_and(|&first| msg_id < first)
        {
            return 1;
        }
        2
    }

    /// Queues a message to send.
    pub(crate) fn queue(&mut self, body: Vec<u8>, content_related: bool, response: bool) {
        self.queue.push(Queued {
            body,
            content_related,
            response,
        });
    }

    /// Remembers that a content-related client message needs an acknowledgement.
    pub(crate) fn ack_later(&mut self, msg_id: i64) {
        self.pending_acks.push(msg_id);
    }

    /// Takes the msg_ids waiting for an acknowledgement.
    pub(crate) fn take_pending_acks(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.pending_acks)
    }

    /// The client acknowledged these server messages.
    pub(crate) fn acknowledged(&mut self, msg_ids: &[i64]) {
        for id in msg_ids {
            self.unacked.remove(id);
        }
    }

    /// Gives queued messages their msg_ids and seqnos, and keeps the content-related ones
    /// until acknowledged.
    pub(crate) fn drain_queue(&mut self, now_ms: u64) -> Vec<InnerMessage> {
        if std::mem::take(&mut self.resend_unacked) {
            self.requeue_unacked();
        }
        let queue = std::mem::take(&mut self.queue);
        queue
            .into_iter()
            .map(|q| {
                let msg_id = self.next_msg_id(now_ms, q.response);
                let seqno = self.next_seqno(q.content_related);
                if q.content_related {
                    self.unacked.insert(msg_id, q.body.clone());
                    while self.unacked.len() > MAX_UNACKED {
                        self.unacked.pop_first();
                    }
                }
                InnerMessage {
                    msg_id,
                    seqno,
                    body: q.body,
                }
            })
            .collect()
    }

    /// The client came back on a new connection: what it has not acknowledged by the next
    /// send (acks may come with its first message) is sent again.
    pub(crate) fn resume(&mut self) {
        self.resend_unacked = true;
    }

    /// Queues again every unacknowledged message (with new msg_ids), as after a reconnect.
    pub(crate) fn requeue_unacked(&mut self) {
        let unacked = std::mem::take(&mut self.unacked);
        for (msg_id, body) in unacked {
            self.queue(body, true, msg_id % 4 == 1);
        }
    }

    /// Queues again the unacknowledged messages among `msg_ids`; returns the ids not found.
    pub(crate) fn requeue(&mut self, msg_ids: &[i64]) -> Vec<i64> {
        let mut unknown = Vec::new();
        for &id in msg_ids {
            match self.unacked.remove(&id) {
                Some(body) => self.queue(body, true, id % 4 == 1),
                None => unknown.push(id),
            }
        }
        unknown
    }

    /// How many sent messages are not yet acknowledged.
    pub fn unacked_count(&self) -> usize {
        self.unacked.len()
    }

    /// A query was handed to the caller.
    pub(crate) fn started(&mut self, msg_id: i64) {
        self.in_flight.insert(msg_id);
    }

    /// Whether the answer to `msg_id` is still wanted; marks it answered.
    pub(crate) fn finish(&mut self, msg_id: i64) -> bool {
        let wanted = self.in_flight.remove(&msg_id);
        if wanted {
            self.answered.insert(msg_id);
            while self.answered.len() > RECEIVED_WINDOW {
                self.answered.pop_first();
            }
        }
        wanted
    }

    /// `rpc_drop_answer`: whether the query was still running (its answer is then dropped).
    pub(crate) fn drop_answer(&mut self, msg_id: i64) -> bool {
        self.in_flight.remove(&msg_id)
    }
}

#[cfg(test)]
mod tests;
