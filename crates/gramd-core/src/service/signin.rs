//! Client sessions and sign-in: opening sessions before sign-in, login codes, signing in
//! and up, bots signing in with their token, and listing and ending authorizations. The
//! rules are described in [`crate::auth`].

use std::sync::{Arc, Mutex, PoisonError};

use foldhash::HashMap;
use sha2::{Digest, Sha256};

use crate::auth::{
    Authorization, ClientInfo, LOGIN_CODE_DIGITS, SERVICE_USER, SignUp, TokenKey,
    login_code_message, normalize_phone, test_phone_code,
};
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, SessionId, UserId};
use crate::messages::{OutgoingText, SendOptions};
use crate::users::{NewUser, User};

use super::{Core, random_token};

/// Length of a session token the core makes (256 bits of entropy).
const SESSION_TOKEN_LEN: usize = 43;
/// Length of a `phone_code_hash`.
const CODE_HASH_LEN: usize = 20;

/// A client session as its secret finds it: signed in or not.
#[derive(Clone, Debug)]
pub struct SessionState {
    /// The session's id (`authorization.hash`).
    pub id: SessionId,
    /// The account signed in on it, if any.
    pub user: Option<Arc<User>>,
}

/// What `auth.sendCode` answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentCode {
    /// Binds the code to this request; `auth.signIn` must bring it back.
    pub phone_code_hash: String,
    /// Whether the code was also sent as a message to the account's signed-in sessions
    /// (`auth.sentCodeTypeApp`); otherwise it is in the server log only.
    pub in_app: bool,
    /// How many digits the code has.
    pub length: u32,
    /// Seconds until the code expires.
    pub timeout: u32,
}

/// What `auth.signIn` leads to.
#[derive(Clone, Debug)]
pub enum SignIn {
    /// The session is now signed in for this account.
    Authorized(Arc<User>),
    /// The number has no account and this server wants `auth.signUp` for it.
    SignUpRequired,
}

/// Login codes and refusals, per phone number (in memory). Numbers nothing happened to for
/// longer than a code lives plus a refusal lasts are swept out whenever the map has doubled
/// since the last sweep.
#[derive(Debug, Default)]
pub(super) struct Codes(Mutex<CodeMap>);

#[derive(Debug, Default)]
struct CodeMap {
    phones: HashMap<String, PhoneState>,
    /// The size at which the next sweep runs.
    sweep_at: usize,
}

/// Fewest numbers kept before a sweep.
const MIN_SWEEP: usize = 1024;

#[derive(Debug, Default)]
struct PhoneState {
    /// When anything last happened to the number (Unix time).
    touched_at: i64,
    pending: Option<PendingCode>,
    /// Wrong codes since the last sign-in or refusal.
    failures: u32,
    /// Refused until then (Unix time).
    locked_until: i64,
}

#[derive(Debug)]
struct PendingCode {
    code: String,
    hash: String,
    expires_at: i64,
    /// Checked by `auth.signIn` for a number with no account: `auth.signUp` may follow.
    verified: bool,
}

impl Codes {
    /// Runs `f` on a number's state at `now`; states older than `keep_for` seconds are
    /// swept out now and then.
    fn with<T>(
        &self,
        phone: &str,
        now: i64,
        keep_for: i64,
        f: impl FnOnce(&mut PhoneState) -> T,
    ) -> T {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let state = map.phones.entry(phone.to_owned()).or_default();
        state.touched_at = now;
        let result = f(state);
        if state.pending.is_none() && state.failures == 0 {
            map.phones.remove(phone);
        }
        if map.phones.len() >= map.sweep_at {
            map.phones
                .retain(|_, s| s.locked_until > now || s.touched_at.saturating_add(keep_for) > now);
            map.sweep_at = (map.phones.len() * 2).max(MIN_SWEEP);
        }
        result
    }
}

fn random_i64() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("operating system random source");
    i64::from_le_bytes(bytes)
}

fn random_code() -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("operating system random source");
    format!("{:05}", u32::from_le_bytes(bytes) % 100_000)
}

fn seconds(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

impl Core {
    // --- sessions ------------------------------------------------------------------------

    /// Opens a session for a client that has none yet (the JSON edge, for a call allowed
    /// before sign-in) and returns its new bearer token.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn open_session(&self, client: ClientInfo) -> CoreResult<(String, SessionState)> {
        self.create_authorization(None, client).await
    }

    /// The session of a secret the edge holds (the MTProto edge: its auth key), opened
    /// unauthorized if there is none (a new key, or one whose session was ended).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn attach_session(
        &self,
        secret: &str,
        client: ClientInfo,
    ) -> CoreResult<SessionState> {
        match self.session_state(secret).await {
            Err(CoreError::SessionInvalid) => {
                self.store_session(TokenKey::of(secret), None, client).await
            }
            found => found,
        }
    }

    /// A new session with a new token, signed in for `user` if given.
    pub(super) async fn create_authorization(
        &self,
        user: Option<UserId>,
        client: ClientInfo,
    ) -> CoreResult<(String, SessionState)> {
        let token = random_token(SESSION_TOKEN_LEN);
        let state = self
            .store_session(TokenKey::of(&token), user, client)
            .await?;
        Ok((token, state))
    }

    async fn store_session(
        &self,
        key: TokenKey,
        user: Option<UserId>,
        client: ClientInfo,
    ) -> CoreResult<SessionState> {
        let now = self.now();
        let auth = Authorization {
            id: SessionId(random_i64()),
            user,
            client,
            created_at: now,
            active_at: now,
        };
        let id = auth.id;
        self.0.store.create_authorization(key, auth).await?;
        self.0.directory.sessions.put(key, (id, user));
        let user = match user {
            Some(user) => Some(self.user(user).await?),
            None => None,
        };
        Ok(SessionState { id, user })
    }

    /// The session a secret opens, signed in or not.
    ///
    /// # Errors
    /// `SessionInvalid` for an unknown or ended session, or `Internal`.
    pub async fn session_state(&self, token: &str) -> CoreResult<SessionState> {
        let key = TokenKey::of(token);
        let dir = &self.0.directory;
        let (id, user) = match dir.sessions.get(&key) {
            Some(found) => found,
            None => {
                let auth = self
                    .0
                    .store
                    .authorization(key)
                    .await?
                    .ok_or(CoreError::SessionInvalid)?;
                dir.sessions.put(key, (auth.id, auth.user));
                (auth.id, auth.user)
            }
        };
        let user = match user {
            Some(user) => Some(
                self.find_user(user)
                    .await?
                    .ok_or(CoreError::SessionInvalid)?,
            ),
            None => None,
        };
        Ok(SessionState { id, user })
    }

    /// Records how a session's client describes itself (`initConnection`, sent on every
    /// new connection), which also makes the session active now (`date_active`).
    ///
    /// # Errors
    /// `SessionInvalid` or `Internal`.
    pub async fn describe_session(&self, session: SessionId, client: ClientInfo) -> CoreResult<()> {
        let now = self.now();
        if self
            .0
            .store
            .describe_authorization(session, client, now)
            .await?
        {
            Ok(())
        } else {
            Err(CoreError::SessionInvalid)
        }
    }

    /// The session id of a bot calling with its Bot API token as a bearer token: one per
    /// bot, stable, and useless for finding the token.
    #[must_use]
    pub fn bot_session_id(&self, bot: UserId) -> SessionId {
        let digest = Sha256::new()
            .chain_update(b"gramd bot session\0")
            .chain_update(self.0.secret)
            .chain_update(bot.0.to_le_bytes())
            .finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        SessionId(i64::from_le_bytes(first))
    }

    /// Signs `user` in on a session.
    async fn authorize(&self, session: SessionId, user: UserId) -> CoreResult<()> {
        let signed_in = self
            .0
            .store
            .sign_in_authorization(session, Some(user), self.now())
            .await?;
        self.0
            .directory
            .sessions
            .remove_where(|(id, _)| *id == session);
        if signed_in {
            Ok(())
        } else {
            Err(CoreError::SessionInvalid)
        }
    }

    async fn end_sessions(&self, ids: Vec<SessionId>) -> CoreResult<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let ended = self.0.store.delete_authorizations(ids.clone()).await?;
        self.0
            .directory
            .sessions
            .remove_where(|(id, _)| ids.contains(id));
        Ok(ended)
    }

    /// Ends a session (`auth.logOut`): its secret opens nothing any more.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn log_out(&self, session: SessionId) -> CoreResult<()> {
        self.end_sessions(vec![session]).await.map(drop)
    }

    /// A user's signed-in sessions, oldest first.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn authorizations(&self, user: UserId) -> CoreResult<Vec<Authorization>> {
        Ok(self.0.store.authorizations(user).await?)
    }

    /// Ends one of a user's sessions by id (`account.resetAuthorization`).
    ///
    /// # Errors
    /// `Refused { HASH_INVALID }` if the user has no such session, or `Internal`.
    pub async fn reset_authorization(&self, user: UserId, session: SessionId) -> CoreResult<()> {
        let mine = self.authorizations(user).await?;
        if !mine.iter().any(|a| a.id == session) {
            return Err(CoreError::Refused {
                name: "HASH_INVALID",
            });
        }
        self.end_sessions(vec![session]).await.map(drop)
    }

    /// Ends every session of a user but `keep` (`auth.resetAuthorizations`); returns how
    /// many ended.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn reset_authorizations(&self, user: UserId, keep: SessionId) -> CoreResult<u64> {
        let others = self
            .authorizations(user)
            .await?
            .into_iter()
            .map(|a| a.id)
            .filter(|id| *id != keep)
            .collect();
        self.end_sessions(others).await
    }

    // --- login codes ---------------------------------------------------------------------

    /// Runs `f` on a number's codes and refusals.
    fn phone_state<T>(&self, phone: &str, f: impl FnOnce(&mut PhoneState) -> T) -> T {
        let config = &self.0.config.auth;
        let keep_for = seconds(config.code_ttl).saturating_add(seconds(config.flood_wait));
        self.0.codes.with(phone, self.now(), keep_for, f)
    }

    /// Sends a login code for a phone number (`auth.sendCode`).
    ///
    /// # Errors
    /// `PhoneNumberInvalid`, `FloodWait` while the number is refused, or `Internal`.
    pub async fn send_code(&self, phone: &str) -> CoreResult<SentCode> {
        let phone = normalize_phone(phone)?;
        self.issue_code(&phone, None).await
    }

    /// Sends a new code for the request `hash` of `auth.sendCode` (`auth.resendCode`); the
    /// hash stays the same.
    ///
    /// # Errors
    /// `PhoneNumberInvalid`, `Refused { PHONE_CODE_HASH_EMPTY }`,
    /// `Refused { PHONE_CODE_EXPIRED }` if that request has no code waiting any more,
    /// `FloodWait` while the number is refused, or `Internal`.
    pub async fn resend_code(&self, phone: &str, hash: &str) -> CoreResult<SentCode> {
        let phone = normalize_phone(phone)?;
        self.waiting_code(&phone, hash)?;
        self.issue_code(&phone, Some(hash.to_owned())).await
    }

    /// Cancels the code of the request `hash` (`auth.cancelCode`).
    ///
    /// # Errors
    /// As [`Core::resend_code`].
    pub fn cancel_code(&self, phone: &str, hash: &str) -> CoreResult<()> {
        let phone = normalize_phone(phone)?;
        self.waiting_code(&phone, hash)?;
        self.phone_state(&phone, |state| state.pending = None);
        Ok(())
    }

    /// Whether the request `hash` has a code waiting that has not expired.
    fn waiting_code(&self, phone: &str, hash: &str) -> CoreResult<()> {
        if hash.is_empty() {
            return Err(CoreError::Refused {
                name: "PHONE_CODE_HASH_EMPTY",
            });
        }
        let now = self.now();
        let waiting = self.phone_state(phone, |state| {
            state
                .pending
                .as_ref()
                .is_some_and(|p| p.hash == hash && p.expires_at > now)
        });
        if waiting {
            Ok(())
        } else {
            Err(CoreError::Refused {
                name: "PHONE_CODE_EXPIRED",
            })
        }
    }

    /// Makes a code for a number (under `hash`, or a new one), logs it, and sends it to the
    /// account's signed-in sessions if it has any.
    async fn issue_code(&self, phone: &str, hash: Option<String>) -> CoreResult<SentCode> {
        let config = &self.0.config.auth;
        let now = self.now();
        let code = config
            .test_phones
            .then(|| test_phone_code(phone))
            .flatten()
            .unwrap_or_else(random_code);
        let hash = hash.unwrap_or_else(|| random_token(CODE_HASH_LEN));
        self.phone_state(phone, |state| {
            check_lock(state, now)?;
            state.pending = Some(PendingCode {
                code: code.clone(),
                hash: hash.clone(),
                expires_at: now.saturating_add(seconds(config.code_ttl)),
                verified: false,
            });
            Ok::<(), CoreError>(())
        })?;
        tracing::info!(phone = %format_args!("+{phone}"), %code, "login code");
        let in_app = match self.0.store.user_by_phone(phone).await? {
            Some(user) if !self.authorizations(user).await?.is_empty() => {
                let text = OutgoingText {
                    text: login_code_message(&code),
                    entities: Vec::new(),
                    link_preview: None,
                };
                self.send_text(SERVICE_USER, Peer::User(user), text, SendOptions::default())
                    .await?;
                true
            }
            _ => false,
        };
        Ok(SentCode {
            phone_code_hash: hash,
            in_app,
            length: u32::try_from(LOGIN_CODE_DIGITS).unwrap_or(5),
            timeout: u32::try_from(config.code_ttl.as_secs()).unwrap_or(u32::MAX),
        })
    }

    /// Checks a login code; on success the code is used up (`verified` kept for a number
    /// that must sign up).
    fn check_code(&self, phone: &str, hash: &str, code: &str, registered: bool) -> CoreResult<()> {
        if hash.is_empty() {
            return Err(CoreError::Refused {
                name: "PHONE_CODE_HASH_EMPTY",
            });
        }
        if code.is_empty() {
            return Err(CoreError::Refused {
                name: "PHONE_CODE_EMPTY",
            });
        }
        let config = &self.0.config.auth;
        let now = self.now();
        self.phone_state(phone, |state| {
            check_lock(state, now)?;
            let expired = CoreError::Refused {
                name: "PHONE_CODE_EXPIRED",
            };
            let Some(pending) = &mut state.pending else {
                return Err(expired);
            };
            if pending.hash != hash || pending.expires_at <= now {
                return Err(expired);
            }
            if pending.code != code {
                state.failures += 1;
                if state.failures >= config.max_attempts {
                    state.pending = None;
                    state.locked_until = now.saturating_add(seconds(config.flood_wait));
                }
                return Err(CoreError::Refused {
                    name: "PHONE_CODE_INVALID",
                });
            }
            state.failures = 0;
            if registered {
                state.pending = None;
            } else {
                pending.verified = true;
            }
            Ok(())
        })
    }

    /// Signs a session in with a login code (`auth.signIn`). A number with no account is
    /// registered here, or answered with [`SignIn::SignUpRequired`], as
    /// [`crate::auth::AuthConfig::sign_up`] says.
    ///
    /// # Errors
    /// `PhoneNumberInvalid`, `Refused` with `PHONE_CODE_EMPTY`, `PHONE_CODE_HASH_EMPTY`,
    /// `PHONE_CODE_INVALID` or `PHONE_CODE_EXPIRED`, `FloodWait` after too many wrong
    /// codes, `SessionInvalid` if the session was ended, or `Internal`.
    pub async fn sign_in(
        &self,
        session: SessionId,
        phone: &str,
        hash: &str,
        code: &str,
    ) -> CoreResult<SignIn> {
        let phone = normalize_phone(phone)?;
        let existing = self.0.store.user_by_phone(&phone).await?;
        self.check_code(&phone, hash, code, existing.is_some())?;
        let user = match existing {
            Some(user) => self.user(user).await?,
            None if self.0.config.auth.sign_up == SignUp::Required => {
                return Ok(SignIn::SignUpRequired);
            }
            None => self.register(&phone, format!("+{phone}"), None).await?,
        };
        self.authorize(session, user.id).await?;
        Ok(SignIn::Authorized(user))
    }

    /// Registers a number whose code `auth.signIn` accepted, and signs the session in
    /// (`auth.signUp`).
    ///
    /// # Errors
    /// `PhoneNumberInvalid`, `PhoneNumberOccupied`, `FirstNameInvalid`, `Refused` with
    /// `PHONE_CODE_HASH_EMPTY` or `PHONE_CODE_EXPIRED` (no accepted code for this hash),
    /// `SessionInvalid`, or `Internal`.
    pub async fn sign_up(
        &self,
        session: SessionId,
        phone: &str,
        hash: &str,
        first_name: String,
        last_name: Option<String>,
    ) -> CoreResult<Arc<User>> {
        let phone = normalize_phone(phone)?;
        if hash.is_empty() {
            return Err(CoreError::Refused {
                name: "PHONE_CODE_HASH_EMPTY",
            });
        }
        if self.0.store.user_by_phone(&phone).await?.is_some() {
            return Err(CoreError::PhoneNumberOccupied);
        }
        let now = self.now();
        let verified = self.phone_state(&phone, |state| {
            state
                .pending
                .as_ref()
                .is_some_and(|p| p.verified && p.hash == hash && p.expires_at > now)
        });
        if !verified {
            return Err(CoreError::Refused {
                name: "PHONE_CODE_EXPIRED",
            });
        }
        let user = self.register(&phone, first_name, last_name).await?;
        self.phone_state(&phone, |state| state.pending = None);
        self.authorize(session, user.id).await?;
        Ok(user)
    }

    async fn register(
        &self,
        phone: &str,
        first_name: String,
        last_name: Option<String>,
    ) -> CoreResult<Arc<User>> {
        self.create_user(NewUser {
            first_name,
            last_name,
            username: None,
            phone: Some(phone.to_owned()),
            bot: None,
        })
        .await
    }

    /// Signs a session in as the bot whose Bot API token this is
    /// (`auth.importBotAuthorization`).
    ///
    /// # Errors
    /// `BotTokenInvalid`, `SessionInvalid`, or `Internal`.
    pub async fn import_bot_authorization(
        &self,
        session: SessionId,
        token: &str,
    ) -> CoreResult<Arc<User>> {
        let (bot, secret) = token.split_once(':').ok_or(CoreError::BotTokenInvalid)?;
        let bot = bot.parse().map_err(|_| CoreError::BotTokenInvalid)?;
        let bot = self.authenticate_bot(UserId(bot), secret).await?;
        self.authorize(session, bot.id).await?;
        Ok(bot)
    }
}

/// `FloodWait` while a number is refused; a refusal that ran out is forgotten.
fn check_lock(state: &mut PhoneState, now: i64) -> CoreResult<()> {
    if state.locked_until > now {
        let seconds = u32::try_from(state.locked_until - now).unwrap_or(u32::MAX);
        return Err(CoreError::FloodWait { seconds });
    }
    if state.locked_until != 0 {
        state.locked_until = 0;
        state.failures = 0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers untouched for longer than they are kept leave the map once it has grown;
    /// refused numbers and recent ones stay.
    #[test]
    fn old_numbers_are_swept_out() {
        let codes = Codes::default();
        codes.with("locked", 0, 10, |s| {
            s.failures = 5;
            s.locked_until = 1_000;
        });
        codes.with("failed", 0, 10, |s| s.failures = 1);
        for i in 0..MIN_SWEEP {
            codes.with(&format!("recent{i}"), 100, 10, |s| s.failures = 1);
        }
        let map = codes.0.lock().unwrap();
        assert!(map.phones.contains_key("locked"));
        assert!(!map.phones.contains_key("failed"));
        assert_eq!(map.phones.len(), MIN_SWEEP + 1);
    }
}
