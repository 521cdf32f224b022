//! The messaging core of gramd: the domain model, the services every front end calls, the
//! storage contract, and the update logs.
//!
//! This crate knows nothing of HTTP, SQL or sockets. Front ends (the Bot API, the JSON
//! client API, MTProto) translate their wire formats into calls on [`Core`] and map
//! [`CoreError`] back to their own error formats; storage backends implement
//! [`store::Store`].
//!
//! # Layout
//! - [`ids`]: user, group, channel, box and message identifiers, and the folded Bot API
//!   `chat_id` form used as the peer key.
//! - [`auth`]: client sessions (authorizations), login codes and the sign-in rules.
//! - [`users`], [`chats`], [`messages`], [`markup`], [`bots`], [`invites`],
//!   [`business`]: the domain model; [`media`]: photos and documents, and the
//!   [`media::FileStore`] that keeps their bytes.
//! - [`updates`]: the per-bot Bot API queue and the per-box pts log
//!   (<https://core.telegram.org/api/updates>).
//! - [`store`]: the storage trait and its write contract (group commit, submission order).
//! - [`hub`]: wake-ups for long polls and webhook deliveries.
//! - [`webhooks`]: the webhook rules (URLs, addresses, secrets) and delivery order.
//! - [`rate_limits`]: Telegram's flood limits on the messages bots send (optional).
//! - [`custom_requests`]: the methods bots call with `bots.sendCustomRequest`, and the
//!   trait an operator implements to add more.
//! - [`polls`]: polls and quizzes, their rules and their votes.
//! - [`chat_actions`]: "typing…" and the other actions, and bots' streamed message drafts.
//! - [`verification`]: third-party verification of users and chats by verifier bots.
//! - [`stickers`]: sticker sets, their stickers and Telegram's rules for them.
//! - [`inline`]: inline mode: queries, results and their rules (kept in memory).
//! - [`reactions`]: message reactions, their rules and the reactions a chat allows.
//! - [`topics`]: forum topics and their rules.
//! - [`web_apps`]: mini apps: a bot's settings, CloudStorage limits, `initData` signing.
//! - [`Core`] (module `service`): the operations, split by area.
//!
//! Telegram's own documentation is the specification: <https://core.telegram.org/bots/api>
//! for the Bot API, <https://core.telegram.org/schema> (layer 230) for the client API.

pub mod attachments;
pub mod auth;
pub mod bots;
pub mod business;
pub mod chat_actions;
pub mod chats;
pub mod clock;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod custom_requests;
pub mod error;
pub mod hub;
pub mod ids;
pub mod inline;
pub mod invites;
pub mod markup;
pub mod media;
pub mod messages;
pub mod polls;
pub mod rate_limits;
pub mod reactions;
mod service;
pub mod stickers;
pub mod store;
pub mod topics;
pub mod updates;
pub mod users;
pub mod verification;
pub mod web_apps;
pub mod webhooks;

pub use error::{CoreError, CoreResult};
pub use gramd_text as text;
pub use service::{
    Blocked, BlockedPage, BotResults, BotStats, BotText, BotToken, CallbackAnswer, ChatView,
    ClientSession, Core, CoreConfig, DialogEntry, Dialogs, DialogsQuery, Difference,
    DocumentUpload, GetUpdates, History, Launch, MAX_CUSTOM_EMOJI_IDS, MAX_DIALOGS_PAGE,
    MAX_INITIAL_STICKERS, MAX_POLL_VOTERS_PAGE, MAX_PROFILE_PHOTOS_PAGE, Mentioned, MessageView,
    NewSticker, NewStickerSet, PinChange, PreparedResult, ProfileChange, QtsPage, RandomIdClaim,
    SentCode, SessionState, SessionUpdate, SetThumbnail, SignIn, Standing, StickerChange,
    TOPIC_ICONS_SET_NAME, WEB_APP_VERSION, WebView, WebViewMethod, WebViewRequest, WebViewSession,
    WebhookChange, WebhookInfo, WebhookStatus,
};
