//! The core services, behind one cheap-to-clone handle, [`Core`].
//!
//! Every edge (Bot API, client API, later MTProto) calls these methods; none of them knows
//! about HTTP or SQL. The `impl Core` blocks are split by domain area:
//! - `accounts`: users, bots, sessions and tokens; `directory`: the in-memory caches of
//!   users, chats, secrets, sessions and delivery settings that every request reads;
//! - `chats`: groups, supergroups and channels, membership and its rules, a viewer's view
//!   of a chat; `admin`: banning, restricting, promoting, the chat's title, description
//!   and permissions; `pins`: pinned messages; `invites`: invite links and join requests;
//! - `messaging` (sending, forwarding), `editing` (editing, deleting), `reading` (history,
//!   read marks), `routing` (which boxes get a copy and which bots hear of it);
//! - `mentions`: the users and chats messages refer to, loaded for rendering;
//! - `difference`: reading a box's pts log back;
//! - `bot_updates` (the Bot API queue, long polls, webhook settings), `callbacks`
//!   (callback buttons), `commands` (bot command lists);
//! - `sequencer`: sequence numbers and the one path by which the core writes.

mod accounts;
mod admin;
mod bot_updates;
mod callbacks;
mod chats;
mod commands;
mod difference;
mod directory;
mod editing;
mod invites;
mod mentions;
mod messaging;
mod pins;
mod reading;
mod routing;
mod sequencer;

use std::sync::Arc;
use std::time::Duration;

pub use accounts::{BotToken, ClientSession};
pub use bot_updates::{GetUpdates, WebhookChange, WebhookInfo};
pub use callbacks::CallbackAnswer;
pub use chats::{ChatView, Standing};
pub use difference::Difference;
pub use mentions::{Mentioned, MessageView};
pub use pins::PinChange;
pub use reading::History;

use crate::clock::Clock;
use crate::error::{CoreError, CoreResult};
use crate::hub::UpdateHub;
use crate::store::{Store, StoreError};
use directory::Directory;
use sequencer::Sequencer;

/// Tunables of the core.
#[derive(Clone, Debug)]
pub struct CoreConfig {
    /// How long `messages.getBotCallbackAnswer` waits for the bot.
    pub callback_answer_timeout: Duration,
    /// Longest `getUpdates` long poll.
    pub max_long_poll: Duration,
    /// Most updates queued for one bot; newer ones are dropped, as Telegram does.
    pub bot_queue_cap: i64,
}

impl Default for CoreConfig {
    fn default() -> Self {
        Self {
            callback_answer_timeout: Duration::from_secs(15),
            max_long_poll: Duration::from_secs(50),
            bot_queue_cap: crate::updates::BOT_QUEUE_CAP,
        }
    }
}

/// The messaging core: a cheap-to-clone handle shared by every edge.
#[derive(Clone)]
pub struct Core(Arc<Inner>);

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: CoreConfig,
    secret: [u8; 32],
    directory: Directory,
    sequencer: Sequencer,
    hub: UpdateHub,
    callbacks: callbacks::Pending,
    bot_instances: bot_updates::Instances,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core").finish_non_exhaustive()
    }
}

impl Core {
    /// Opens the core over a store.
    ///
    /// # Errors
    /// `Internal` if the store cannot be read.
    pub async fn open(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: CoreConfig,
    ) -> CoreResult<Self> {
        let secret = store.server_secret().await?;
        let max_gid = store.max_gid().await?;
        Ok(Self(Arc::new(Inner {
            store,
            clock,
            config,
            secret,
            directory: Directory::default(),
            sequencer: Sequencer::new(max_gid),
            hub: UpdateHub::default(),
            callbacks: callbacks::Pending::default(),
            bot_instances: bot_updates::Instances::default(),
        })))
    }

    /// The current Unix time of the core's clock.
    #[must_use]
    pub fn now(&self) -> i64 {
        self.0.clock.now()
    }

    /// The update notifiers (for edges that push updates).
    #[must_use]
    pub fn hub(&self) -> &UpdateHub {
        &self.0.hub
    }

    /// A keyed hash of `parts` with the server secret: stable, unguessable 64-bit values
    /// (access hashes, chat instances).
    #[must_use]
    pub fn keyed_hash(&self, parts: &[i64]) -> i64 {
        keyed_hash(&self.0.secret, parts)
    }
}

impl From<StoreError> for CoreError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::UsernameOccupied => Self::UsernameOccupied,
            StoreError::PhoneOccupied => Self::PhoneNumberOccupied,
            StoreError::Backend(detail) => Self::Internal { detail },
        }
    }
}

/// The first 8 bytes of SHA-256(secret ‖ parts): stable across versions and restarts, and
/// unguessable without the secret (access hashes, chat instances).
fn keyed_hash(secret: &[u8; 32], parts: &[i64]) -> i64 {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(secret);
    for part in parts {
        hasher.update(part.to_le_bytes());
    }
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

/// A random `u64` from the operating system.
pub(crate) fn random_u64() -> u64 {
    let mut buf = [0u8; 8];
    // The OS generator failing is not recoverable in any useful way.
    getrandom::fill(&mut buf).expect("operating system random source");
    u64::from_le_bytes(buf)
}

/// `n` random characters from the URL-safe base64 alphabet.
pub(crate) fn random_token(n: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("operating system random source");
    bytes
        .into_iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 63)]))
        .collect()
}
