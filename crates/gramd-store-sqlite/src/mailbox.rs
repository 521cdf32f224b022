//! A queue between threads whose receiver is woken in batches.
//!
//! The writer and the syncer each wait on one [`Mailbox`]: a queue of work plus one flag
//! (the writer's: the group it handed over is durable; the syncer's: a checkpoint pass is
//! due), behind one mutex and one condition variable, so that a thread waits for either
//! with a single wait.
//!
//! The receiver says how many items it wants before it is woken: a writer that has a group
//! open while the previous one syncs asks for a batch, so that it runs once per batch
//! rather than once per job, each wake-up costing two context switches on a core the
//! syncer and the HTTP workers also need. Senders pay a `futex` wake only when the
//! receiver is parked and its wish is met. A waiting thread parks at once: it never spins
//! or yields the processor, which on two busy cores can hand its turn to another thread for
//! a whole time slice. The measurements are in `docs/PERFORMANCE.md`.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A queue of `T` with a flag, for one receiving thread.
#[derive(Debug)]
pub(crate) struct Mailbox<T> {
    state: Mutex<State<T>>,
    wake: Condvar,
}

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    flag: bool,
    closed: bool,
    /// The receiver is parked and wants to be woken for this.
    parked: Option<Wish>,
}

/// What a parked receiver waits for.
#[derive(Clone, Copy, Debug)]
struct Wish {
    items: usize,
    flag: bool,
}

impl<T> State<T> {
    fn fulfils(&self, wish: Wish) -> bool {
        self.closed || self.items.len() >= wish.items || (wish.flag && self.flag)
    }
}

/// What [`Mailbox::take`] found besides the items it moved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Taken {
    /// The flag was raised (and is lowered again).
    pub(crate) flag: bool,
    /// The mailbox is closed; items still queued keep being handed out.
    pub(crate) closed: bool,
}

/// How long [`Mailbox::take`] waits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Wait {
    /// Return once this many items are queued (0: return at once).
    pub(crate) items: usize,
    /// Return once the flag is raised, and lower it.
    pub(crate) flag: bool,
    /// Return after this long regardless.
    pub(crate) timeout: Option<Duration>,
}

impl<T> Default for Mailbox<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                items: VecDeque::new(),
                flag: false,
                closed: false,
                parked: None,
            }),
            wake: Condvar::new(),
        }
    }
}

impl<T> Mailbox<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes the receiver if it is parked and `state` now fulfils its wish.
    fn wake_if_due(&self, mut state: MutexGuard<'_, State<T>>) {
        if let Some(wish) = state.parked
            && state.fulfils(wish)
        {
            state.parked = None;
            drop(state);
            self.wake.notify_one();
        }
    }

    /// Queues `item`; hands it back if the mailbox is closed.
    pub(crate) fn push(&self, item: T) -> Result<(), T> {
        let mut state = self.lock();
        if state.closed {
            return Err(item);
        }
        state.items.push_back(item);
        self.wake_if_due(state);
        Ok(())
    }

    /// Raises the flag.
    pub(crate) fn raise(&self) {
        let mut state = self.lock();
        state.flag = true;
        self.wake_if_due(state);
    }

    /// Closes the mailbox: pushes fail from now on, and the receiver is woken.
    pub(crate) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        self.wake_if_due(state);
    }

    /// Waits until the flag is raised (or the mailbox is closed) and lowers it, leaving the
    /// queued items where they are.
    pub(crate) fn wait_for_flag(&self) -> Taken {
        let flag_only = Wait {
            items: usize::MAX,
            flag: true,
            timeout: None,
        };
        self.take(&mut Vec::new(), 0, flag_only)
    }

    /// Waits as `wait` says, then moves up to `max` queued items into `into` (oldest first).
    pub(crate) fn take(&self, into: &mut Vec<T>, max: usize, wait: Wait) -> Taken {
        let wish = Wish {
            items: wait.items,
            flag: wait.flag,
        };
        let deadline = wait.timeout.map(|t| Instant::now() + t);
        let mut state = self.lock();
        while !state.fulfils(wish) {
            state.parked = Some(wish);
            state = match deadline {
                None => self
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    self.wake
                        .wait_timeout(state, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
        state.parked = None;
        let n = state.items.len().min(max);
        into.extend(state.items.drain(..n));
        let flag = wait.flag && std::mem::take(&mut state.flag);
        Taken {
            flag,
            closed: state.closed,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::thread;

    use super::*;

    const NOW: Wait = Wait {
        items: 0,
        flag: true,
        timeout: None,
    };

    #[test]
    fn hands_out_items_in_order_up_to_max() {
        let mailbox = Mailbox::default();
        for i in 0..5 {
            mailbox.push(i).unwrap();
        }
        let mut got = Vec::new();
        assert_eq!(mailbox.take(&mut got, 3, NOW), Taken::default());
        assert_eq!(got, [0, 1, 2]);
        mailbox.take(&mut got, 10, NOW);
        assert_eq!(got, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_flag_is_lowered_by_the_take_that_reports_it() {
        let mailbox = Mailbox::<()>::default();
        mailbox.raise();
        let mut got = Vec::new();
        assert!(mailbox.take(&mut got, 1, NOW).flag);
        assert!(!mailbox.take(&mut got, 1, NOW).flag);
        // A take that does not ask for the flag leaves it raised.
        mailbox.raise();
        let items_only = Wait { flag: false, ..NOW };
        assert!(!mailbox.take(&mut got, 1, items_only).flag);
        assert!(mailbox.take(&mut got, 1, NOW).flag);
    }

    #[test]
    fn closing_refuses_pushes_but_hands_out_what_is_queued() {
        let mailbox = Mailbox::default();
        mailbox.push(1).unwrap();
        mailbox.close();
        assert_eq!(mailbox.push(2), Err(2));
        let mut got = Vec::new();
        let waits_for_many = Wait {
            items: 100,
            flag: false,
            timeout: None,
        };
        // Closed: returns at once although fewer items are queued than asked for.
        assert!(mailbox.take(&mut got, 10, waits_for_many).closed);
        assert_eq!(got, [1]);
    }

    /// A thread that takes up to 10 items from `mailbox` once it has `items` or the flag.
    fn receiver(
        mailbox: &Arc<Mailbox<i32>>,
        items: usize,
    ) -> thread::JoinHandle<(Vec<i32>, Taken)> {
        let mailbox = Arc::clone(mailbox);
        thread::spawn(move || {
            let mut got = Vec::new();
            let wait = Wait {
                items,
                flag: true,
                timeout: None,
            };
            let taken = mailbox.take(&mut got, 10, wait);
            (got, taken)
        })
    }

    #[test]
    fn a_parked_receiver_wakes_only_when_its_batch_is_there() {
        let mailbox = Arc::new(Mailbox::default());
        let receiver = receiver(&mailbox, 3);
        mailbox.push(1).unwrap();
        mailbox.push(2).unwrap();
        thread::sleep(Duration::from_millis(50));
        assert!(!receiver.is_finished(), "woke before its batch was there");
        mailbox.push(3).unwrap();
        let (got, taken) = receiver.join().unwrap();
        assert_eq!(got, [1, 2, 3]);
        assert_eq!(taken, Taken::default());
    }

    #[test]
    fn a_parked_receiver_wakes_for_the_flag_with_what_is_queued() {
        let mailbox = Arc::new(Mailbox::default());
        let receiver = receiver(&mailbox, 100);
        mailbox.push(7).unwrap();
        thread::sleep(Duration::from_millis(20));
        mailbox.raise();
        let (got, taken) = receiver.join().unwrap();
        assert_eq!(got, [7]);
        assert!(taken.flag);
    }

    #[test]
    fn a_timeout_returns_empty_handed() {
        let mailbox = Mailbox::<u8>::default();
        let mut got = Vec::new();
        let wait = Wait {
            items: 1,
            flag: true,
            timeout: Some(Duration::from_millis(20)),
        };
        assert_eq!(mailbox.take(&mut got, 10, wait), Taken::default());
        assert!(got.is_empty());
    }
}
