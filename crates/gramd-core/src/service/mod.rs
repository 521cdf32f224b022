//! The core services, behind one cheap-to-clone handle, [`Core`].
//!
//! Every edge (Bot API, client API, later MTProto) calls these methods; none of them knows
//! about HTTP or SQL. The `impl Core` blocks are split by domain area:
//! - `accounts`: users, bots, signed-in sessions and tokens; `signin`: sessions before
//!   and after sign-in, login codes, signing in and up, ending sessions; `directory`: the in-memory caches of
//!   users, chats, secrets, sessions and delivery settings that every request reads;
//! - `chats`: groups, supergroups and channels, membership and its rules, a viewer's view
//!   of a chat; `admin`: banning, restricting, promoting, the chat's title, description
//!   and permissions; `pins`: pinned messages; `invites`: invite links and join requests;
//! - `messaging` (sending, forwarding), `editing` (editing, deleting), `reading` (history,
//!   read marks), `routing` (which boxes get a copy and which bots hear of it);
//! - `mentions`: the users and chats messages refer to, loaded for rendering;
//! - `difference`: reading a box's pts log back;
//! - `bot_updates` (the Bot API queue, long polls, webhook settings), `webhooks` (what
//!   the webhook deliverer reads and records), `callbacks`
//!   (callback buttons), `inline` (inline queries, results sent through a bot, prepared
//!   inline messages), `commands` (bot command lists);
//! - `files`: storing uploads as photos and documents, per-bot file ids, reading files
//!   back; `media`: sending media messages and albums;
//! - `business`: business connections, and acting for their users;
//!   `custom_requests`: running the custom methods bots call;
//! - `web_apps`: mini apps: settings, menu buttons, launching with signed `initData`,
//!   web-view sessions, the attachment menu, and the custom methods mini apps call;
//! - `session_updates`: updates without a pts for a user's client sessions;
//!   `polls`: sending polls, voting, stopping them; `reactions`: reacting to messages,
//!   the reactions a chat allows, removing members' reactions; `topics`: forum topics
//!   and which topic a message goes to;
//!   `random_ids`: the `random_id`s client API sends were given, so a resend sends nothing;
//!   `stickers`: sticker sets and their stickers, custom emoji, a supergroup's set;
//! - `sequencer`: sequence numbers and the one path by which the core writes.

mod accounts;
mod admin;
mod attachments;
mod blocks;
mod bot_profiles;
mod bot_updates;
mod business;
mod callbacks;
mod chats;
mod commands;
mod custom_requests;
mod dialogs;
mod difference;
mod directory;
mod editing;
mod files;
mod inline;
mod invites;
mod media;
mod mentions;
mod messaging;
mod pins;
mod polls;
mod profile_music;
mod profile_photos;
mod profiles;
mod random_ids;
mod reactions;
mod reading;
mod routing;
mod sequencer;
mod session_updates;
mod signin;
mod stickers;
mod topics;
mod verification;
mod web_apps;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

pub use accounts::{BotToken, ClientSession};
pub use blocks::{Blocked, BlockedPage};
pub use bot_profiles::BotText;
pub use bot_updates::{GetUpdates, QtsPage, WebhookChange, WebhookInfo};
pub use callbacks::CallbackAnswer;
pub use chats::{ChatView, Standing};
pub use custom_requests::BotStats;
pub use dialogs::{DialogEntry, Dialogs, DialogsQuery, MAX_DIALOGS_PAGE};
pub use difference::Difference;
pub use files::DocumentUpload;
pub use inline::{BotResults, PreparedResult};
pub use mentions::{Mentioned, MessageView};
pub use pins::PinChange;
pub use polls::MAX_POLL_VOTERS_PAGE;
pub use profile_photos::MAX_PROFILE_PHOTOS_PAGE;
pub use profiles::ProfileChange;
pub use random_ids::RandomIdClaim;
pub use reading::History;
pub use session_updates::SessionUpdate;
pub use signin::{SentCode, SessionState, SignIn};
pub use stickers::{
    MAX_CUSTOM_EMOJI_IDS, MAX_INITIAL_STICKERS, NewSticker, NewStickerSet, SetThumbnail,
    StickerChange, TOPIC_ICONS_SET_NAME,
};
pub use web_apps::{
    Launch, WEB_APP_VERSION, WebView, WebViewMethod, WebViewRequest, WebViewSession,
};
pub use webhooks::WebhookStatus;

use crate::auth::AuthConfig;
use crate::clock::Clock;
use crate::custom_requests::BotCustomRequests;
use crate::error::{CoreError, CoreResult};
use crate::hub::UpdateHub;
use crate::media::{FileLimits, FileStore, NoFileStore};
use crate::rate_limits::{Limiter, RateLimits};
use crate::store::{Store, StoreError};
use crate::web_apps::WebAppKey;
use crate::webhooks::WebhookPolicy;
use directory::Directory;
use sequencer::Sequencer;

/// Tunables of the core.
#[derive(Clone, Debug)]
pub struct CoreConfig {
    /// How long `messages.getBotCallbackAnswer` waits for the bot.
    pub callback_answer_timeout: Duration,
    /// How long `messages.getInlineBotResults` waits for the bot.
    pub inline_answer_timeout: Duration,
    /// Longest `getUpdates` long poll.
    pub max_long_poll: Duration,
    /// Most updates queued for one bot; newer ones are dropped, as Telegram does.
    pub bot_queue_cap: i64,
    /// How strict the webhook rules are.
    pub webhooks: WebhookPolicy,
    /// Limits on uploads and downloads.
    pub files: FileLimits,
    /// Telegram's flood limits on the messages bots send (off by default).
    pub rate_limits: RateLimits,
    /// Sign-in: login codes, test numbers, sign-up.
    pub auth: AuthConfig,
    /// The methods bots may call with `bots.sendCustomRequest` (the built-in ones by
    /// default; see [`crate::custom_requests`]).
    pub bot_custom_requests: BotCustomRequests,
    /// The key pair that signs mini apps' `initData` (a random one by default; the binary
    /// keeps its own in the data directory).
    pub web_app_key: WebAppKey,
}

impl Default for CoreConfig {
    fn default() -> Self {
        Self {
            callback_answer_timeout: Duration::from_secs(15),
            inline_answer_timeout: Duration::from_secs(10),
            max_long_poll: Duration::from_secs(50),
            bot_queue_cap: crate::updates::BOT_QUEUE_CAP,
            webhooks: WebhookPolicy::default(),
            files: FileLimits::default(),
            rate_limits: RateLimits::default(),
            auth: AuthConfig::default(),
            bot_custom_requests: BotCustomRequests::builtin(),
            web_app_key: WebAppKey::default(),
        }
    }
}

/// The messaging core: a cheap-to-clone handle shared by every edge.
#[derive(Clone)]
pub struct Core(Arc<Inner>);

struct Inner {
    store: Arc<dyn Store>,
    files: Arc<dyn FileStore>,
    clock: Arc<dyn Clock>,
    config: CoreConfig,
    secret: [u8; 32],
    directory: Directory,
    sequencer: Sequencer,
    hub: UpdateHub,
    callbacks: callbacks::Pending,
    /// Inline queries: pending, answered, cached, and prepared messages.
    inline: inline::Inline,
    bot_instances: bot_updates::Instances,
    webhook_statuses: webhooks::Statuses,
    /// `None` when the rate limits are off.
    rate_limiter: Option<Limiter>,
    /// Login codes waiting to be used, and numbers refused after wrong codes.
    codes: signin::Codes,
    /// Held while a business connection changes, so that one user never ends up with two
    /// enabled connections.
    business_changes: tokio::sync::Mutex<()>,
    web_views: web_apps::Sessions,
    storage_locks: web_apps::StorageLocks,
    session_updates: session_updates::SessionUpdates,
    random_ids: random_ids::RandomIds,
    /// Held while a sticker set changes, so that changes to sets are made one at a time.
    sticker_changes: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core").finish_non_exhaustive()
    }
}

impl Core {
    /// Opens the core over a store, without a file store (every file operation fails
    /// with `Internal`); see [`Core::open_with_files`].
    ///
    /// # Errors
    /// `Internal` if the store cannot be read.
    pub async fn open(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: CoreConfig,
    ) -> CoreResult<Self> {
        Self::open_with_files(store, Arc::new(NoFileStore), clock, config).await
    }

    /// Opens the core over a store and a file store.
    ///
    /// # Errors
    /// `Internal` if the store cannot be read.
    pub async fn open_with_files(
        store: Arc<dyn Store>,
        files: Arc<dyn FileStore>,
        clock: Arc<dyn Clock>,
        config: CoreConfig,
    ) -> CoreResult<Self> {
        let secret = store.server_secret().await?;
        let max_gid = store.max_gid().await?;
        let rate_limiter = Limiter::of(&config.rate_limits);
        Ok(Self(Arc::new(Inner {
            store,
            files,
            clock,
            config,
            secret,
            directory: Directory::default(),
            sequencer: Sequencer::new(max_gid),
            hub: UpdateHub::default(),
            callbacks: callbacks::Pending::default(),
            inline: inline::Inline::default(),
            bot_instances: bot_updates::Instances::default(),
            webhook_statuses: webhooks::Statuses::default(),
            rate_limiter,
            codes: signin::Codes::default(),
            business_changes: tokio::sync::Mutex::new(()),
            web_views: web_apps::Sessions::default(),
            storage_locks: web_apps::StorageLocks::default(),
            session_updates: session_updates::SessionUpdates::default(),
            random_ids: random_ids::RandomIds::default(),
            sticker_changes: tokio::sync::Mutex::new(()),
        })))
    }

    /// The current Unix time of the core's clock.
    #[must_use]
    pub fn now(&self) -> i64 {
        self.0.clock.now()
    }

    /// The limits on files it was opened with.
    #[must_use]
    pub fn file_limits(&self) -> FileLimits {
        self.0.config.files
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
