//! Accounts: creating users and bots, sessions and bot tokens.

use std::sync::Arc;

use crate::error::{CoreError, CoreResult};
use crate::store::AuthKeyRecord;
use sha2::{Digest, Sha256};

use crate::ids::{SessionId, UserId};
use crate::users::{BotInfo, NewUser, User};

use super::{Core, random_token};

/// Length of the random part of a bot token (Telegram's tokens have 35).
const BOT_SECRET_LEN: usize = 35;
/// Length of a client-API session token (256 bits of entropy).
const SESSION_TOKEN_LEN: usize = 43;

/// A client-API session, as [`Core::session`] finds it from its token.
#[derive(Clone, Debug)]
pub struct ClientSession {
    /// The session's id.
    pub id: SessionId,
    /// Its user (a bot is a user with [`User::bot`] set).
    pub user: Arc<User>,
}

/// A bot's Bot API token, `<bot_id>:<secret>`.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken {
    /// The bot.
    pub bot: UserId,
    /// The secret part.
    pub secret: String,
}

impl std::fmt::Display for BotToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.bot.0, self.secret)
    }
}

impl std::fmt::Debug for BotToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BotToken({}:…)", self.bot.0)
    }
}

impl Core {
    /// Creates a human user.
    ///
    /// # Errors
    /// Validation errors of [`NewUser::validate`], `UsernameOccupied`,
    /// `PhoneNumberOccupied`, or `Internal`.
    pub async fn create_user(&self, mut user: NewUser) -> CoreResult<Arc<User>> {
        user.bot = None;
        let user = self.0.store.create_user(user.validate()?, None).await?;
        Ok(Arc::new(user))
    }

    /// Creates a bot and returns it with its token.
    ///
    /// # Errors
    /// As [`Core::create_user`]; bots need a username ending in `bot`.
    pub async fn create_bot(
        &self,
        mut bot: NewUser,
        info: BotInfo,
    ) -> CoreResult<(Arc<User>, BotToken)> {
        bot.bot = Some(info);
        bot.phone = None;
        let secret = random_token(BOT_SECRET_LEN);
        let user = self
            .0
            .store
            .create_user(bot.validate()?, Some(secret.clone()))
            .await?;
        let token = BotToken {
            bot: user.id,
            secret,
        };
        Ok((Arc::new(user), token))
    }

    /// Stores an MTProto auth key (new, or changed: bound, or with a new layer).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn save_auth_key(&self, key: AuthKeyRecord) -> CoreResult<()> {
        Ok(self.0.store.save_auth_key(key).await?)
    }

    /// Every MTProto auth key (the MTProto edge loads them when it starts).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn auth_keys(&self) -> CoreResult<Vec<AuthKeyRecord>> {
        Ok(self.0.store.auth_keys().await?)
    }

    /// Opens a client-API session for a user and returns its bearer token.
    ///
    /// # Errors
    /// `UserNotFound` or `Internal`.
    pub async fn create_session(&self, user: UserId) -> CoreResult<String> {
        self.user(user).await?;
        let token = random_token(SESSION_TOKEN_LEN);
        self.0.store.create_session(user, &token).await?;
        Ok(token)
    }

    /// The user a client-API session token belongs to.
    ///
    /// # Errors
    /// `SessionInvalid` or `Internal`.
    pub async fn authenticate_session(&self, token: &str) -> CoreResult<Arc<User>> {
        Ok(self.session(token).await?.user)
    }

    /// The client-API session a token opens: its id and its user.
    ///
    /// # Errors
    /// `SessionInvalid` or `Internal`.
    pub async fn session(&self, token: &str) -> CoreResult<ClientSession> {
        let dir = &self.0.directory;
        let key: Arc<str> = Arc::from(token);
        let (user_id, id) = match dir.sessions.get(&key) {
            Some(found) => found,
            None => {
                let user = self
                    .0
                    .store
                    .session_user(token)
                    .await?
                    .ok_or(CoreError::SessionInvalid)?;
                let found = (user, self.session_id(token));
                dir.sessions.put(key, found);
                found
            }
        };
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(CoreError::SessionInvalid)?;
        Ok(ClientSession { id, user })
    }

    /// The id of the session a token opens: a keyed hash of the token, so the same for as
    /// long as the token is valid, and useless for finding the token.
    fn session_id(&self, token: &str) -> SessionId {
        let digest = Sha256::new()
            .chain_update(b"gramd session id\0")
            .chain_update(self.0.secret)
            .chain_update(token.as_bytes())
            .finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        SessionId(i64::from_le_bytes(first))
    }

    /// The bot whose token is `<bot>:<secret>`.
    ///
    /// # Errors
    /// `BotTokenInvalid` or `Internal`.
    pub async fn authenticate_bot(&self, bot: UserId, secret: &str) -> CoreResult<Arc<User>> {
        let dir = &self.0.directory;
        let stored = match dir.bot_secrets.get(&bot) {
            Some(stored) => stored,
            None => {
                let stored: Arc<str> = self
                    .0
                    .store
                    .bot_secret(bot)
                    .await?
                    .ok_or(CoreError::BotTokenInvalid)?
                    .into();
                dir.bot_secrets.put(bot, Arc::clone(&stored));
                stored
            }
        };
        if !constant_time_eq(stored.as_bytes(), secret.as_bytes()) {
            return Err(CoreError::BotTokenInvalid);
        }
        let user = self
            .user(bot)
            .await
            .map_err(|_| CoreError::BotTokenInvalid)?;
        if user.is_bot() {
            Ok(user)
        } else {
            Err(CoreError::BotTokenInvalid)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
