//! Sign-in: authorizations (client sessions), login codes, and the rules for both.
//!
//! # Sessions and authorizations
//! A client session exists before anyone signs in on it, as an MTProto auth key does: an
//! edge opens one for a secret (a bearer token the core makes, or the edge's own secret
//! such as an auth key) and the session may call only the functions Telegram allows
//! before sign-in. `auth.signIn`, `auth.signUp` and `auth.importBotAuthorization` then
//! authorize that same session for a user or a bot; from then on it is one of the
//! account's [`Authorization`]s, listed by `account.getAuthorizations` and ended by
//! `auth.logOut`, `account.resetAuthorization` or `auth.resetAuthorizations`. An ended
//! session's secret opens nothing any more (`401 AUTH_KEY_UNREGISTERED`).
//!
//! Secrets are never stored: a session is found by its [`TokenKey`], the SHA-256 of the
//! secret. Secrets the core makes carry 256 random bits, so the hash is as unguessable as
//! the secret itself. A session's [`SessionId`] (the `hash` of TL's `authorization`) is a
//! separate random number, so knowing it opens nothing.
//!
//! # Login codes
//! `auth.sendCode` makes a [`LOGIN_CODE_DIGITS`]-digit random code for a phone number and
//! a `phone_code_hash` that binds the code to that request. The code is written to the
//! server log (gramd has no SMS) and, when the number's account already has a signed-in
//! session, sent to it as a message from the service account ([`SERVICE_USER`], "Telegram",
//! as on Telegram). A code lives [`AuthConfig::code_ttl`] (`PHONE_CODE_EXPIRED` after) and
//! allows [`AuthConfig::max_attempts`] wrong guesses (`PHONE_CODE_INVALID` each); after the
//! last one the number is refused with `FLOOD_WAIT_N` for [`AuthConfig::flood_wait`]. Codes
//! are kept in memory only: a restart forgets them, and a client asks for a new one.
//!
//! With [`AuthConfig::test_phones`] on, numbers of the form `99966XYYYY` (Telegram's test
//! numbers) accept the code made of the digit X five times, so that tests and CI can sign
//! in without reading the log.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::CoreError;
use crate::ids::{SessionId, UserId};

/// The service account that sends login codes: id 777000, "Telegram", as on Telegram.
pub const SERVICE_USER: UserId = UserId(777_000);

/// How many digits a login code has.
pub const LOGIN_CODE_DIGITS: usize = 5;

/// What an unknown phone number gets from `auth.signIn`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SignUp {
    /// `auth.signIn` registers the number itself (Telethon and grammers cannot sign up;
    /// GramJS works either way).
    #[default]
    InSignIn,
    /// `auth.signIn` answers `auth.authorizationSignUpRequired` and the client calls
    /// `auth.signUp` with a name, as on Telegram.
    Required,
}

/// Settings of sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthConfig {
    /// Whether Telegram's test numbers (`99966XYYYY`, code XXXXX) sign in.
    pub test_phones: bool,
    /// What an unknown number gets from `auth.signIn`.
    pub sign_up: SignUp,
    /// How long a login code is valid (Telegram: a few minutes).
    pub code_ttl: Duration,
    /// Wrong codes allowed per number before it is refused for [`Self::flood_wait`].
    pub max_attempts: u32,
    /// How long a number is refused after too many wrong codes.
    pub flood_wait: Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            test_phones: false,
            sign_up: SignUp::InSignIn,
            code_ttl: Duration::from_secs(300),
            max_attempts: 5,
            flood_wait: Duration::from_secs(600),
        }
    }
}

/// What a client says about itself in `initConnection`, and how Telegram's `authorization`
/// shows it. Fields left out are empty (or 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientInfo {
    /// The application's `api_id`.
    pub api_id: i32,
    /// Device model, like "PC 64bit".
    pub device_model: String,
    /// Platform, like "Linux" or "Android".
    pub platform: String,
    /// Operating system version.
    pub system_version: String,
    /// Application name.
    pub app_name: String,
    /// Application version.
    pub app_version: String,
}

/// One client session: signed in ([`Self::user`] set) or waiting for sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    /// The session's id, `authorization.hash`.
    pub id: SessionId,
    /// The account signed in on it, if any.
    pub user: Option<UserId>,
    /// The client, as it described itself.
    pub client: ClientInfo,
    /// When the session was opened (Unix time).
    pub created_at: i64,
    /// When it was last signed in or described (Unix time).
    pub active_at: i64,
}

/// How a session's secret is found without being stored: its SHA-256.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenKey(pub [u8; 32]);

impl TokenKey {
    /// The key of a secret.
    #[must_use]
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// A session id derived from the key, for sessions stored before ids were random.
    #[must_use]
    pub fn legacy_id(&self) -> SessionId {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        SessionId(i64::from_le_bytes(first))
    }
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenKey({:02x}{:02x}…)", self.0[0], self.0[1])
    }
}

/// A phone number as digits only: `+`, spaces, dashes, dots and parentheses dropped.
///
/// # Errors
/// `PhoneNumberInvalid` for anything else, or fewer than 5 or more than 15 digits.
pub fn normalize_phone(phone: &str) -> Result<String, CoreError> {
    let trimmed = phone.trim();
    let trimmed = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(CoreError::PhoneNumberInvalid),
        }
    }
    if (5..=15).contains(&digits.len()) {
        Ok(digits)
    } else {
        Err(CoreError::PhoneNumberInvalid)
    }
}

/// The fixed code of a Telegram test number (`99966XYYYY` → `XXXXX`), if it is one.
#[must_use]
pub fn test_phone_code(phone: &str) -> Option<String> {
    let rest = phone.strip_prefix("99966")?;
    let bytes = rest.as_bytes();
    if bytes.len() != 5 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(char::from(bytes[0]).to_string().repeat(LOGIN_CODE_DIGITS))
}

/// The text of the message that carries a login code, as Telegram words it.
#[must_use]
pub fn login_code_message(code: &str) -> String {
    format!(
        "Login code: {code}. Do not give this code to anyone, even if they say they are from \
         Telegram!\n\nThis code can be used to log in to your Telegram account. We never ask \
         it for anything else.\n\nIf you didn't request this code by trying to log in on \
         another device, simply ignore this message."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_digits_only() {
        assert_eq!(
            normalize_phone("+1 (555) 010-99.88").unwrap(),
            "15550109988"
        );
        assert_eq!(normalize_phone(" 9996612345 ").unwrap(), "9996612345");
        for bad in [
            "",
            "+",
            "1234",
            "12345678901234567",
            "+1555x0100",
            "++15550100",
        ] {
            assert_eq!(
                normalize_phone(bad),
                Err(CoreError::PhoneNumberInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn test_numbers_have_fixed_codes() {
        assert_eq!(test_phone_code("9996621234").as_deref(), Some("22222"));
        assert_eq!(test_phone_code("9996601234").as_deref(), Some("00000"));
        assert_eq!(test_phone_code("999662123"), None);
        assert_eq!(test_phone_code("99966212345"), None);
        assert_eq!(test_phone_code("9996521234"), None);
    }

    #[test]
    fn token_keys_hide_the_token() {
        let key = TokenKey::of("secret");
        assert_eq!(key, TokenKey::of("secret"));
        assert_ne!(key, TokenKey::of("secreT"));
        assert!(!format!("{key:?}").contains("secret"));
    }
}
