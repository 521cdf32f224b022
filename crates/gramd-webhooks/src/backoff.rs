//! When to send a failed update again: at once after the first failure, then after 2, 4,
//! 8, 16, 32 and 64 s, then after a random 60 to 120 s each time, as Telegram's reference
//! server does; a `Retry-After` from the webhook (at most 3600 s) sets the wait instead.

use std::time::Duration;

/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER: u32 = 3600;
/// The random ceiling of the doubling delays: between this and twice this.
const RESEND_CEILING: u32 = 60;

/// The retry state of one update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Retry {
    /// The current doubling delay, in seconds.
    delay: u32,
    /// Failures so far.
    failures: u32,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            delay: 1,
            failures: 0,
        }
    }
}

impl Retry {
    /// Records a failure; returns how long to wait before the next try. `ceiling` is the
    /// random ceiling of the doubling delays (60 to 120 s); `cap` shortens every wait but a
    /// `Retry-After` (for tests).
    pub(crate) fn after_failure(
        &mut self,
        retry_after: Option<u32>,
        cap: Duration,
        ceiling: u32,
    ) -> Duration {
        let retry_after = retry_after.unwrap_or(0).min(MAX_RETRY_AFTER);
        let wait = if retry_after == 0 && self.failures > 0 {
            self.delay = self.delay.saturating_mul(2).min(ceiling);
            Duration::from_secs(u64::from(self.delay)).min(cap)
        } else {
            Duration::from_secs(u64::from(retry_after))
        };
        self.failures += 1;
        wait
    }
}

/// A random ceiling for the doubling delays, 60 to 120 s.
pub(crate) fn random_ceiling() -> u32 {
    let mut byte = [0u8; 1];
    // Without a random source the lowest ceiling does as well.
    let _ = getrandom::fill(&mut byte);
    RESEND_CEILING + u32::from(byte[0]) % (RESEND_CEILING + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CAP: Duration = Duration::from_secs(3600);

    #[test]
    fn telegrams_schedule() {
        let mut retry = Retry::default();
        let waits: Vec<u64> = (0..10)
            .map(|_| retry.after_failure(None, NO_CAP, 90).as_secs())
            .collect();
        assert_eq!(waits, [0, 2, 4, 8, 16, 32, 64, 90, 90, 90]);
    }

    #[test]
    fn retry_after_is_honoured_and_capped_at_an_hour() {
        let mut retry = Retry::default();
        assert_eq!(retry.after_failure(None, NO_CAP, 60).as_secs(), 0);
        assert_eq!(retry.after_failure(Some(7), NO_CAP, 60).as_secs(), 7);
        assert_eq!(
            retry.after_failure(Some(100_000), NO_CAP, 60).as_secs(),
            3600
        );
        // Retry-After leaves the doubling where it was.
        assert_eq!(retry.after_failure(None, NO_CAP, 60).as_secs(), 2);
        // The cap shortens the doubling delays, not Retry-After.
        let cap = Duration::from_millis(50);
        assert_eq!(retry.after_failure(None, cap, 60), cap);
        assert_eq!(retry.after_failure(Some(3), cap, 60).as_secs(), 3);
    }

    #[test]
    fn ceilings_are_between_one_and_two_minutes() {
        for _ in 0..200 {
            assert!((60..=120).contains(&random_ceiling()));
        }
    }
}
