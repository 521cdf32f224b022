//! Who is calling: the session a call comes in on, as its edge established it.
//!
//! An edge finds the session its own way (the JSON edge by bearer token through
//! [`Core::session_state`], or a bot's Bot API token through [`Core::authenticate_bot`];
//! the MTProto edge by auth key through [`Core::attach_session`]) and hands
//! [`Rpc::invoke`](crate::Rpc::invoke) a [`Session`]; handlers read it through their call
//! context. A session exists before sign-in: `auth.signIn` signs the same session in, so an
//! edge looks its session up again for each call rather than keeping the [`Session`].

use std::sync::Arc;

use gramd_core::ids::{SessionId, UserId};
use gramd_core::users::User;
use gramd_core::{ClientSession, Core, SessionState};

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

/// One client session: who (if anyone signed in on it yet), which session, and the TL
/// layer it speaks.
#[derive(Clone, Debug)]
pub struct Session {
    /// The account signed in on the session; `None` before sign-in, when only the
    /// functions [`Access::Open`](crate::Access::Open) allows may be called.
    pub caller: Option<Caller>,
    /// The session (`authorization.hash`): a session token's, an auth key's, or for a bot
    /// calling with its Bot API token, [`Core::bot_session_id`].
    pub id: SessionId,
    /// The layer the client speaks: the JSON edge's schema layer, or what an MTProto client
    /// announced with `invokeWithLayer`.
    pub layer: i32,
}

impl Session {
    /// The signed-in session the core found for a token, speaking `layer`.
    #[must_use]
    pub fn new(found: ClientSession, layer: i32) -> Self {
        Self {
            caller: Some(Caller::of(found.user)),
            id: found.id,
            layer,
        }
    }

    /// A session as the core found it, signed in or not
    /// ([`Core::session_state`], [`Core::open_session`], [`Core::attach_session`]),
    /// speaking `layer`.
    #[must_use]
    pub fn of_state(state: SessionState, layer: i32) -> Self {
        Self {
            caller: state.user.map(Caller::of),
            id: state.id,
            layer,
        }
    }

    /// A bot calling with its Bot API token as its credential (the JSON edge's
    /// `Authorization: Bearer <bot token>`), speaking `layer`.
    #[must_use]
    pub fn bot(core: &Core, bot: Arc<User>, layer: i32) -> Self {
        Self {
            id: core.bot_session_id(bot.id),
            caller: Some(Caller::of(bot)),
            layer,
        }
    }
}
