//! Who is calling: the session a call comes in on, as its edge established it.
//!
//! An edge authenticates its own way (the JSON edge by bearer token through
//! [`Core::session`](gramd_core::Core::session); the MTProto edge by auth key) and hands
//! [`Rpc::invoke`](crate::Rpc::invoke) a [`Session`]; handlers read it through their call
//! context.

use std::sync::Arc;

use gramd_core::ClientSession;
use gramd_core::ids::{SessionId, UserId};
use gramd_core::users::User;

/// The account behind a session. A bot is a user row with [`User::bot`] set (on Telegram,
/// bots log in to the client API with `auth.importBotAuthorization`); functions meant for
/// people refuse it with `BOT_METHOD_INVALID`, as Telegram does.
#[derive(Clone, Debug)]
pub enum Caller {
    /// A person's account.
    User(Arc<User>),
    /// A bot's account.
    Bot(Arc<User>),
}

impl Caller {
    /// The caller an account is: a bot if it has bot settings.
    #[must_use]
    pub fn of(account: Arc<User>) -> Self {
        if account.is_bot() {
            Self::Bot(account)
        } else {
            Self::User(account)
        }
    }

    /// The account, user or bot.
    #[must_use]
    pub fn account(&self) -> &User {
        match self {
            Self::User(account) | Self::Bot(account) => account,
        }
    }

    /// The account's id.
    #[must_use]
    pub fn id(&self) -> UserId {
        self.account().id
    }

    /// Whether the caller is a bot.
    #[must_use]
    pub fn is_bot(&self) -> bool {
        matches!(self, Self::Bot(_))
    }
}

/// One authorized client session: who, which authorization, and the TL layer it speaks.
#[derive(Clone, Debug)]
pub struct Session {
    /// The account calling.
    pub caller: Caller,
    /// The authorization: a session token's id today, an auth key's tomorrow.
    pub id: SessionId,
    /// The layer the client speaks: the JSON edge's schema layer, or what an MTProto client
    /// announced with `invokeWithLayer`.
    pub layer: i32,
}

impl Session {
    /// The session the core found for a token, speaking `layer`.
    #[must_use]
    pub fn new(found: ClientSession, layer: i32) -> Self {
        Self {
            caller: Caller::of(found.user),
            id: found.id,
            layer,
        }
    }
}
