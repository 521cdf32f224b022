//! Wall-clock time, injected so tests can control it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of Unix time.
pub trait Clock: Send + Sync + 'static {
    /// The current Unix time, in seconds.
    fn now(&self) -> i64;

    /// The current Unix time, in milliseconds (for rules finer than a second, such as the
    /// rate limits). By default the seconds of [`Clock::now`], scaled.
    fn now_millis(&self) -> i64 {
        self.now().saturating_mul(1000)
    }
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    fn now_millis(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that only moves when told to; for tests. It keeps milliseconds.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock showing `now` (seconds).
    #[must_use]
    pub fn new(now: i64) -> Self {
        Self(AtomicI64::new(now.saturating_mul(1000)))
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.advance_millis(seconds.saturating_mul(1000));
    }

    /// Moves the clock forward by `millis` milliseconds.
    pub fn advance_millis(&self, millis: i64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }

    fn now_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manual_clock_keeps_milliseconds_and_shows_whole_seconds() {
        let clock = ManualClock::new(100);
        assert_eq!((clock.now(), clock.now_millis()), (100, 100_000));
        clock.advance_millis(999);
        assert_eq!((clock.now(), clock.now_millis()), (100, 100_999));
        clock.advance_millis(1);
        assert_eq!(clock.now(), 101);
        clock.advance(2);
        assert_eq!((clock.now(), clock.now_millis()), (103, 103_000));
    }
}
