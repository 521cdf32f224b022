//! Accounts: creating users and bots, signed-in sessions and bot tokens.

use std::sync::Arc;

use crate::auth::ClientInfo;
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, SessionId, UserId};
use crate::store::AuthKeyRecord;
use crate::users::{BotInfo, NewUser, User};

use super::{Core, random_token};

/// Length of the random part of a bot token (Telegram's tokens have 35).
pub(super) const BOT_SECRET_LEN: usize = 35;

/// A signed-in client-API session, as [`Core::session`] finds it from its token.
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

    /// The built-in bot with `username` (@BotFather), created on first use. Built-in bots
    /// may have names that do not end in `bot`, as Telegram's own do, and no token: they
    /// run inside the server.
    ///
    /// # Errors
    /// `UsernameOccupied` if a user or chat holds the name, or `Internal`.
    pub async fn ensure_builtin_bot(
        &self,
        username: &str,
        first_name: &str,
        info: BotInfo,
    ) -> CoreResult<Arc<User>> {
        if let Some(peer) = self.0.store.resolve_username(username).await? {
            return match peer {
                Peer::User(id) => match self.find_user(id).await? {
                    Some(user) if user.is_bot() => Ok(user),
                    _ => Err(CoreError::UsernameOccupied),
                },
                _ => Err(CoreError::UsernameOccupied),
            };
        }
        let candidate = NewUser {
            first_name: first_name.to_owned(),
            last_name: None,
            // Checked without the bot suffix rule, then stored as a bot.
            username: Some(username.to_owned()),
            phone: None,
            bot: None,
        };
        let mut checked = candidate.validate()?;
        checked.bot = Some(info);
        Ok(Arc::new(self.0.store.create_user(checked, None).await?))
    }

    /// Opens a client-API session signed in for a user (the `gramd user create` command)
    /// and returns its bearer token.
    ///
    /// # Errors
    /// `UserNotFound` or `Internal`.
    pub async fn create_session(&self, user: UserId) -> CoreResult<String> {
        self.user(user).await?;
        let client = ClientInfo {
            device_model: "gramd".into(),
            platform: "command line".into(),
            app_name: "gramd user create".into(),
            ..ClientInfo::default()
        };
        let (token, _) = self.create_authorization(Some(user), client).await?;
        Ok(token)
    }

    /// The user a client-API session token belongs to.
    ///
    /// # Errors
    /// `SessionInvalid` (also for a session nobody signed in on) or `Internal`.
    pub async fn authenticate_session(&self, token: &str) -> CoreResult<Arc<User>> {
        Ok(self.session(token).await?.user)
    }

    /// The signed-in client-API session a token opens: its id and its user.
    ///
    /// # Errors
    /// `SessionInvalid` (also for a session nobody signed in on) or `Internal`.
    pub async fn session(&self, token: &str) -> CoreResult<ClientSession> {
        let state = self.session_state(token).await?;
        let user = state.user.ok_or(CoreError::SessionInvalid)?;
        Ok(ClientSession { id: state.id, user })
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
