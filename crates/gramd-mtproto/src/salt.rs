//! Server salts.
//!
//! A salt belongs to an auth key and to a 30-minute window of time; a client's message must
//! carry the salt of the current window or of the one before (so a salt is good for an hour
//! in all, as Telegram's "old salt is accepted for 1800 s" asks). Salts are derived from a
//! secret the server keeps, the auth key id and the window number, so they need no storage
//! and every connection of a key agrees on them.

use grammers_tl_types as tl;

use crate::sha256;

/// Seconds a salt is current.
pub const SALT_PERIOD: i64 = 1800;

/// The most salts one `get_future_salts` returns.
pub const MAX_FUTURE_SALTS: i32 = 64;

/// The salts of every auth key, derived from one secret.
#[derive(Clone)]
pub struct SaltSchedule {
    secret: [u8; 32],
}

impl std::fmt::Debug for SaltSchedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SaltSchedule").finish_non_exhaustive()
    }
}

impl SaltSchedule {
    /// Salts derived from `secret` (keep it across restarts, or clients see `bad_server_salt`
    /// once after one).
    pub fn new(secret: [u8; 32]) -> Self {
        Self { secret }
    }

    /// The salt of `auth_key_id` in window `window` (unix time / [`SALT_PERIOD`]).
    fn salt_in(&self, auth_key_id: i64, window: i64) -> i64 {
        let hash = sha256(&[
            &self.secret,
            &auth_key_id.to_le_bytes(),
            &window.to_le_bytes(),
        ]);
        i64::from_le_bytes(hash[..8].try_into().expect("8 bytes"))
    }

    /// The current salt at unix time `now`.
    pub fn current(&self, auth_key_id: i64, now: i64) -> i64 {
        self.salt_in(auth_key_id, now.div_euclid(SALT_PERIOD))
    }

    /// Whether a client may use `salt` at `now`: the current window's or the previous one's.
    pub fn accepts(&self, auth_key_id: i64, salt: i64, now: i64) -> bool {
        let window = now.div_euclid(SALT_PERIOD);
        salt == self.salt_in(auth_key_id, window) || salt == self.salt_in(auth_key_id, window - 1)
    }

    /// `num` salts (1 to 64) from the current one on, each with its validity window; a salt
    /// stays acceptable for one period after `valid_until`.
    pub fn future(&self, auth_key_id: i64, now: i64, num: i32) -> Vec<tl::types::FutureSalt> {
        let first = now.div_euclid(SALT_PERIOD);
        (0..i64::from(num.clamp(1, MAX_FUTURE_SALTS)))
            .map(|i| {
                let window = first + i;
                tl::types::FutureSalt {
                    valid_since: (window * SALT_PERIOD) as i32,
                    valid_until: ((window + 1) * SALT_PERIOD) as i32,
                    salt: self.salt_in(auth_key_id, window),
                }
            })
            .collect()
    }
}
