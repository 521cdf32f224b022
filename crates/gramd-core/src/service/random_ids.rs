//! The `random_id`s client API senders give their messages: a request sent again (a client
//! that lost the connection before the answer resends it, on a new connection or session)
//! must not send the message twice. Telegram answers such a resend `RANDOM_ID_DUPLICATE`;
//! the first send's updates tell the client what became of it.
//!
//! Kept in memory, the last [`MAX_PER_SENDER`] per sender: resends come within seconds.
//! A send that fails gives its `random_id` back, so a client may retry it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use crate::ids::UserId;

use super::Core;

/// How many `random_id`s are remembered per sender; older ones are forgotten.
const MAX_PER_SENDER: usize = 512;

/// The `random_id`s in use, per sender, oldest first.
#[derive(Debug, Default)]
pub(super) struct RandomIds(Mutex<HashMap<UserId, VecDeque<i64>>>);

/// A `random_id` taken for one send ([`Core::claim_random_id`]): kept with
/// [`RandomIdClaim::keep`] once the message is sent, given back when dropped otherwise.
#[derive(Debug)]
#[must_use = "a claim dropped without keep() gives the random_id back"]
pub struct RandomIdClaim<'a> {
    core: &'a Core,
    sender: UserId,
    random_ids: Vec<i64>,
    kept: bool,
}

impl RandomIds {
    /// Marks `random_ids` used by `sender`; `false` (and nothing marked) if one of them
    /// already is, or appears twice.
    fn take(&self, sender: UserId, random_ids: &[i64]) -> bool {
        let mut used = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = used.entry(sender).or_default();
        let fresh = random_ids
            .iter()
            .enumerate()
            .all(|(i, id)| !taken.contains(id) && !random_ids[..i].contains(id));
        if fresh {
            for id in random_ids {
                if taken.len() >= MAX_PER_SENDER {
                    taken.pop_front();
                }
                taken.push_back(*id);
            }
        }
        fresh
    }

    fn give_back(&self, sender: UserId, random_ids: &[i64]) {
        let mut used = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(taken) = used.get_mut(&sender) {
            taken.retain(|id| !random_ids.contains(id));
        }
    }
}

impl Core {
    /// Takes `random_ids` for one send by `sender`; `None` if any of them was already
    /// used (by a send that went through or is under way), or appears twice.
    pub fn claim_random_ids(
        &self,
        sender: UserId,
        random_ids: &[i64],
    ) -> Option<RandomIdClaim<'_>> {
        self.0
            .random_ids
            .take(sender, random_ids)
            .then(|| RandomIdClaim {
                core: self,
                sender,
                random_ids: random_ids.to_vec(),
                kept: false,
            })
    }
}

impl RandomIdClaim<'_> {
    /// The send went through: the `random_id`s stay used.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for RandomIdClaim<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.core
                .0
                .random_ids
                .give_back(self.sender, &self.random_ids);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_random_id_is_used_once_unless_its_send_failed() {
        let ids = RandomIds::default();
        let (ann, bob) = (UserId(1), UserId(2));
        assert!(ids.take(ann, &[7]), "new");
        assert!(!ids.take(ann, &[7]), "used");
        assert!(!ids.take(ann, &[8, 7]), "one of them used");
        assert!(!ids.take(ann, &[9, 9]), "twice in one send");
        assert!(ids.take(bob, &[7]), "per sender");
        assert!(ids.take(ann, &[8]), "8 was not taken by the refused send");
        assert!(!ids.take(ann, &[8]), "under way");
        ids.give_back(ann, &[8]);
        assert!(ids.take(ann, &[8]), "given back after a failed send");
    }

    #[test]
    fn only_the_latest_are_remembered() {
        let ids = RandomIds::default();
        let sender = UserId(1);
        for id in 0..=MAX_PER_SENDER as i64 {
            assert!(ids.take(sender, &[id]));
        }
        assert!(ids.take(sender, &[0]), "the oldest was forgotten");
        assert!(!ids.take(sender, &[MAX_PER_SENDER as i64]));
    }
}
