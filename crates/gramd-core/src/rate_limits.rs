//! Telegram's flood limits on the messages bots send, as an optional policy.
//!
//! Telegram asks bots to send at most about one message per second to one private chat,
//! 20 messages per minute to one group, and 30 messages per second in all
//! (<https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this>);
//! beyond that its servers answer `429 Too Many Requests: retry after N`. gramd applies the
//! same limits when [`RateLimits::enabled`] is on (off by default: a self-hosted server need
//! not slow its own bots down, but a bot can be tested against Telegram's behaviour).
//!
//! # What counts
//! Every message a bot sends, whichever edge it comes through: texts, media, each message
//! of an album, each forwarded or copied message. A batch (an album, forwarding several
//! messages) is admitted or refused as a whole. Users are not limited, nor are the service
//! messages a bot causes (creating a group, adding members), nor edits and deletions.
//! A message refused by a limit is not counted, and only messages that passed the other
//! checks (the chat exists, the bot may write there, …) are.
//!
//! # How
//! Each limit is a token bucket of `n` messages refilled at `n` per window, kept as one
//! number per key (the generic cell rate algorithm): the *theoretical arrival time* `tat`,
//! the moment the bucket will be full again. Sending `k` messages at `now` moves it to
//! `max(tat, now) + k·interval` (interval = window / n), which is allowed when it is at
//! most one window ahead of `now`; otherwise the caller retries after the excess, in whole
//! seconds rounded up. So a full bucket admits a burst of `n`, then one message per
//! interval, and is full again one window after the last message. A batch larger than
//! `n` is admitted only from a full bucket and empties it.
//!
//! Buckets are kept per (bot, chat), one limit for private chats and one for groups,
//! supergroups and channels, and per bot; a batch must fit both, and is charged to both
//! or neither. A bucket that has refilled holds nothing worth keeping, so the map is swept
//! of them whenever it has doubled since the last sweep. Times are the core clock's
//! milliseconds ([`crate::clock::Clock::now_millis`]), counted in microseconds so that
//! 30 per second has an exact enough interval; a clock stepping back never makes a wait
//! longer than one window.

use std::sync::{Mutex, PoisonError};

use foldhash::{HashMap, HashMapExt};

use crate::ids::{Peer, UserId};

/// Which limits apply (`[rate_limits]` in gramd's configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Whether the limits apply at all.
    pub enabled: bool,
    /// Messages one bot may send to one private chat per second.
    pub private_chat_per_second: u32,
    /// Messages one bot may send to one group, supergroup or channel per minute.
    pub group_per_minute: u32,
    /// Messages one bot may send per second, over all chats.
    pub bot_per_second: u32,
}

impl Default for RateLimits {
    /// Telegram's numbers, switched off.
    fn default() -> Self {
        Self {
            enabled: false,
            private_chat_per_second: 1,
            group_per_minute: 20,
            bot_per_second: 30,
        }
    }
}

const MICROS_PER_SECOND: i64 = 1_000_000;
/// Sweeps start once this many buckets are kept.
const MIN_SWEEP_AT: usize = 1024;

/// One limit: a burst of `burst` messages, refilled one per `interval`.
#[derive(Clone, Copy, Debug)]
struct Rate {
    interval: i64,
    burst: i64,
}

impl Rate {
    /// `count` messages per `window_secs` seconds (at least one).
    fn new(count: u32, window_secs: i64) -> Self {
        let burst = i64::from(count.max(1));
        Self {
            interval: (window_secs * MICROS_PER_SECOND / burst).max(1),
            burst,
        }
    }

    fn window(self) -> i64 {
        self.interval * self.burst
    }

    /// The bucket's new `tat` after `messages` more at `now`, or how long to wait first
    /// (µs).
    fn admit(self, tat: Option<i64>, now: i64, messages: u32) -> Result<i64, i64> {
        let window = self.window();
        let start = tat.map_or(now, |tat| tat.clamp(now, now + window));
        let next = start + self.interval * i64::from(messages).min(self.burst);
        match next - now - window {
            excess if excess > 0 => Err(excess),
            _ => Ok(next),
        }
    }
}

/// The buckets of every bot and chat, under one lock (held for two map lookups).
#[derive(Debug)]
pub(crate) struct Limiter {
    private_chat: Rate,
    group: Rate,
    bot: Rate,
    buckets: Mutex<Buckets>,
}

#[derive(Debug)]
struct Buckets {
    chats: HashMap<(UserId, Peer), i64>,
    bots: HashMap<UserId, i64>,
    sweep_at: usize,
}

impl Limiter {
    /// The limiter of `limits`, or `None` when they are off.
    pub(crate) fn of(limits: &RateLimits) -> Option<Self> {
        limits.enabled.then(|| Self {
            private_chat: Rate::new(limits.private_chat_per_second, 1),
            group: Rate::new(limits.group_per_minute, 60),
            bot: Rate::new(limits.bot_per_second, 1),
            buckets: Mutex::new(Buckets {
                chats: HashMap::new(),
                bots: HashMap::new(),
                sweep_at: MIN_SWEEP_AT,
            }),
        })
    }

    /// Counts `messages` sent by `bot` to `chat` at `now_millis`, or refuses them all with
    /// the whole seconds to wait.
    pub(crate) fn admit(
        &self,
        bot: UserId,
        chat: Peer,
        messages: u32,
        now_millis: i64,
    ) -> Result<(), u32> {
        let now = now_millis.saturating_mul(1000);
        let chat_rate = match chat {
            Peer::User(_) => self.private_chat,
            Peer::Group(_) | Peer::Channel(_) => self.group,
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let chat_tat = chat_rate.admit(buckets.chats.get(&(bot, chat)).copied(), now, messages);
        let bot_tat = self
            .bot
            .admit(buckets.bots.get(&bot).copied(), now, messages);
        match (chat_tat, bot_tat) {
            (Ok(chat_tat), Ok(bot_tat)) => {
                buckets.chats.insert((bot, chat), chat_tat);
                buckets.bots.insert(bot, bot_tat);
                buckets.sweep(now);
                Ok(())
            }
            (chat_wait, bot_wait) => {
                let wait = chat_wait
                    .err()
                    .unwrap_or(0)
                    .max(bot_wait.err().unwrap_or(0));
                Err(whole_seconds(wait))
            }
        }
    }
}

impl Buckets {
    /// Forgets full buckets once the maps have doubled since the last sweep.
    fn sweep(&mut self, now: i64) {
        if self.chats.len() < self.sweep_at {
            return;
        }
        self.chats.retain(|_, tat| *tat > now);
        self.bots.retain(|_, tat| *tat > now);
        self.sweep_at = (self.chats.len() * 2).max(MIN_SWEEP_AT);
    }
}

/// Microseconds as whole seconds, rounded up, at least 1.
fn whole_seconds(micros: i64) -> u32 {
    let seconds = (micros + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND;
    u32::try_from(seconds.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use crate::clock::{Clock, ManualClock};
    use crate::ids::{ChannelId, GroupId};

    use super::*;

    const BOT: UserId = UserId(100);
    const OTHER_BOT: UserId = UserId(101);
    const ALICE: Peer = Peer::User(UserId(1));
    const BOB: Peer = Peer::User(UserId(2));
    const GROUP: Peer = Peer::Group(GroupId(7));
    const CHANNEL: Peer = Peer::Channel(ChannelId(8));

    fn on(private_chat_per_second: u32, group_per_minute: u32, bot_per_second: u32) -> Limiter {
        Limiter::of(&RateLimits {
            enabled: true,
            private_chat_per_second,
            group_per_minute,
            bot_per_second,
        })
        .unwrap()
    }

    fn telegram() -> Limiter {
        Limiter::of(&RateLimits {
            enabled: true,
            ..RateLimits::default()
        })
        .unwrap()
    }

    /// Sends single messages until one is refused; returns how many passed and the wait.
    fn burst(limiter: &Limiter, clock: &ManualClock, bot: UserId, chat: Peer) -> (u32, u32) {
        for sent in 0..10_000 {
            if let Err(wait) = limiter.admit(bot, chat, 1, clock.now_millis()) {
                return (sent, wait);
            }
        }
        panic!("no limit after 10000 messages");
    }

    #[test]
    fn off_by_default_and_then_nothing_is_kept() {
        assert!(!RateLimits::default().enabled);
        assert!(Limiter::of(&RateLimits::default()).is_none());
    }

    #[test]
    fn one_message_per_second_to_a_private_chat() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = telegram();
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Err(1));
        clock.advance_millis(999);
        assert_eq!(
            limiter.admit(BOT, ALICE, 1, clock.now_millis()),
            Err(1),
            "1 ms short of the second still waits a (whole) second"
        );
        clock.advance_millis(1);
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Ok(()));
        // Another chat and another bot have buckets of their own.
        assert_eq!(limiter.admit(BOT, BOB, 1, clock.now_millis()), Ok(()));
        assert_eq!(
            limiter.admit(OTHER_BOT, ALICE, 1, clock.now_millis()),
            Ok(())
        );
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Err(1));
    }

    #[test]
    fn twenty_messages_per_minute_to_a_group_or_channel() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = telegram();
        for chat in [GROUP, CHANNEL] {
            // A burst of 20; then one every 3 s.
            assert_eq!(burst(&limiter, &clock, BOT, chat), (20, 3));
            clock.advance(1);
        }
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Err(1));
        clock.advance(1);
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Ok(()));
        clock.advance_millis(500);
        assert_eq!(
            limiter.admit(BOT, GROUP, 1, clock.now_millis()),
            Err(3),
            "2.5 s to wait is said as 3"
        );
        clock.advance_millis(2500);
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Err(3));
        // A minute after the last message the whole burst is back.
        clock.advance(60);
        assert_eq!(burst(&limiter, &clock, BOT, GROUP), (20, 3));
    }

    #[test]
    fn thirty_messages_per_second_per_bot_over_all_chats() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = telegram();
        let chats = (1..=30).map(|user| Peer::User(UserId(1000 + user)));
        for chat in chats {
            assert_eq!(limiter.admit(BOT, chat, 1, clock.now_millis()), Ok(()));
        }
        let fresh_chat = Peer::User(UserId(5000));
        assert_eq!(
            limiter.admit(BOT, fresh_chat, 1, clock.now_millis()),
            Err(1)
        );
        assert_eq!(
            limiter.admit(OTHER_BOT, fresh_chat, 1, clock.now_millis()),
            Ok(()),
            "the limit is per bot"
        );
        // One message's worth (1/30 s) later, one more goes.
        clock.advance_millis(34);
        assert_eq!(
            limiter.admit(BOT, fresh_chat, 1, clock.now_millis()),
            Ok(())
        );
        assert_eq!(
            limiter.admit(BOT, Peer::User(UserId(5001)), 1, clock.now_millis()),
            Err(1)
        );
        clock.advance(1);
        let (sent, wait) = burst(&limiter, &clock, BOT, GROUP);
        assert_eq!((sent, wait), (20, 3), "the group's own limit comes first");
    }

    #[test]
    fn a_refused_message_is_charged_nowhere() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = on(1, 1, 2);
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, BOB, 1, clock.now_millis()), Ok(()));
        // The bot's bucket is empty: a group message is refused, and not charged to the
        // group either.
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Err(1));
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Err(1));
        clock.advance(1);
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Err(60));
        // Nor was the refused private message charged to the bot: one more fits.
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, BOB, 1, clock.now_millis()), Err(1));
    }

    #[test]
    fn a_batch_counts_each_message_and_passes_or_fails_whole() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = telegram();
        assert_eq!(limiter.admit(BOT, GROUP, 10, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, GROUP, 10, clock.now_millis()), Ok(()));
        assert_eq!(
            limiter.admit(BOT, GROUP, 2, clock.now_millis()),
            Err(6),
            "two more need two intervals"
        );
        clock.advance(3);
        assert_eq!(limiter.admit(BOT, GROUP, 2, clock.now_millis()), Err(3));
        assert_eq!(limiter.admit(BOT, GROUP, 1, clock.now_millis()), Ok(()));
        // To a private chat, an album of 10 waits for the bucket to be full and empties it.
        assert_eq!(limiter.admit(BOT, ALICE, 10, clock.now_millis()), Ok(()));
        assert_eq!(limiter.admit(BOT, ALICE, 1, clock.now_millis()), Err(1));
    }

    #[test]
    fn configured_numbers_are_used() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = on(3, 6, 100);
        assert_eq!(burst(&limiter, &clock, BOT, ALICE), (3, 1));
        assert_eq!(burst(&limiter, &clock, BOT, GROUP), (6, 10));
    }

    #[test]
    fn a_clock_stepping_back_never_makes_a_wait_longer_than_a_window() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = telegram();
        assert_eq!(burst(&limiter, &clock, BOT, GROUP), (20, 3));
        let back = ManualClock::new(1_800_000_000 - 3600);
        assert_eq!(limiter.admit(BOT, GROUP, 1, back.now_millis()), Err(3));
    }

    #[test]
    fn full_buckets_are_swept() {
        let clock = ManualClock::new(1_800_000_000);
        let limiter = on(1, 20, 1_000_000);
        let fill = |from: usize| {
            for user in from..from + MIN_SWEEP_AT {
                let chat = Peer::User(UserId(i64::try_from(user).unwrap() + 1));
                assert_eq!(limiter.admit(BOT, chat, 1, clock.now_millis()), Ok(()));
            }
        };
        fill(0);
        let kept = limiter.buckets.lock().unwrap().chats.len();
        assert_eq!(kept, MIN_SWEEP_AT, "nothing has refilled yet");
        clock.advance(1);
        fill(MIN_SWEEP_AT);
        let buckets = limiter.buckets.lock().unwrap();
        assert_eq!(
            buckets.chats.len(),
            MIN_SWEEP_AT,
            "the refilled buckets of the first chats are gone"
        );
        assert!(buckets.chats.keys().all(|(_, chat)| chat.key() > 1024));
        assert_eq!(buckets.sweep_at, 2 * MIN_SWEEP_AT);
    }
}
