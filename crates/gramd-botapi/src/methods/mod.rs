//! The Bot API methods: the table of all of them, one module per area, and what every
//! handler uses ([`Call`], [`Reply`]).
//!
//! # The method table
//! `registry.rs` has one row per method of the spec, in the order of the documentation:
//!
//! ```text
//! name (legacy aliases) class => handler,
//! getChatMemberCount (getChatMembersCount) => chats::get_chat_member_count,
//! getUpdates unlimited => updates::get_updates,
//! sendChecklist => unsupported,
//! sendGift => out_of_scope(Gifts),
//! ```
//!
//! From it are generated: the [`Method`] enum; the lookup of a request's method name
//! (case-insensitive as in the reference, aliases included; a name that is no method answers
//! `404 Not Found: method not found`); whether a method counts towards the per-bot in-flight
//! limit (`unlimited` ones do not); and [`dispatch`], which runs the handler, or answers
//! `501 Not Implemented: <name> is not supported by gramd yet` for `unsupported` rows and
//! `501 Not Implemented: <name> is not available on gramd: <reason>` for `out_of_scope` ones
//! (methods that cannot apply to a self-hosted server).
//!
//! # Adding a method
//! 1. Write the handler, `async fn(&Call<'_>) -> Outcome`, in the area's `mod.rs`
//!    (`admin`, `attachments`, `bot`, `inline`, `polls`, `profile_photos`, `reactions`,
//!    `stickers`, `topics`, `business`, `chats`, `invites`, `media`, `messages`, `updates`,
//!    `verification`; a new area is declared here and imported at the top of
//!    `registry.rs`). Parameters it reads
//!    beyond the typed getters of [`Params`] go in the area's `input.rs`, objects only it
//!    answers with in the area's `render.rs`; users, chats, messages, members and updates
//!    are rendered by the shared [`Renderer`].
//! 2. Replace `unsupported` in the method's row with the handler's path.
//!
//! Handlers check their arguments in the reference server's order (arguments before the
//! chat lookup), call the core, and render the result.

pub(crate) mod admin;
mod attachments;
pub(crate) mod bot;
pub(crate) mod business;
pub(crate) mod chats;
mod inline;
pub(crate) mod invites;
pub(crate) mod media;
pub(crate) mod messages;
mod polls;
mod profile_photos;
mod reactions;
mod registry;
mod stickers;
mod topics;
pub(crate) mod updates;
mod verification;
pub(crate) mod web_apps;

use std::sync::Arc;

use gramd_core::Core;
use gramd_core::ids::Peer;
use gramd_core::messages::Message;
use gramd_core::users::User;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{ChatRef, Params};
use crate::render::Renderer;

pub(crate) use registry::{Method, dispatch};
pub use registry::{MethodInfo, OutOfScope, all_methods, method_info};

/// One Bot API call.
pub(crate) struct Call<'a> {
    pub(crate) core: &'a Core,
    pub(crate) bot: Arc<User>,
    pub(crate) params: &'a Params,
    /// How input files may be found.
    pub(crate) files: FileOptions<'a>,
}

/// How the media methods may find input files.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FileOptions<'a> {
    /// The client that fetches files given by URL; `None` refuses them as unreachable.
    pub(crate) fetcher: Option<&'a reqwest::Client>,
}

/// A successful result, already serialized, and already inside the start of its envelope
/// (`{"ok":true,"result":`), so that answering copies nothing.
pub(crate) struct Reply {
    envelope: Vec<u8>,
    description: Option<&'static str>,
}

const ENVELOPE_START: &[u8] = br#"{"ok":true,"result":"#;

impl Reply {
    pub(crate) fn of<T: Serialize>(value: &T) -> Result<Self, ApiError> {
        let mut envelope = Vec::with_capacity(512);
        envelope.extend_from_slice(ENVELOPE_START);
        serde_json::to_writer(&mut envelope, value).map_err(|err| {
            tracing::error!(%err, "cannot serialize a result");
            ApiError::internal()
        })?;
        Ok(Self {
            envelope,
            description: None,
        })
    }

    /// A result that is already JSON.
    pub(crate) fn json(json: &str) -> Self {
        Self {
            envelope: [ENVELOPE_START, json.as_bytes()].concat(),
            description: None,
        }
    }

    pub(crate) fn ok() -> Self {
        Self::json("true")
    }

    pub(crate) fn described(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    /// The whole envelope: `{"ok":true,"result":…}`, with the description if any.
    pub(crate) fn into_envelope(self) -> Vec<u8> {
        let mut envelope = self.envelope;
        if let Some(description) = self.description {
            envelope.extend_from_slice(br#","description":"#);
            // A string always serializes.
            let _ = serde_json::to_writer(&mut envelope, description);
        }
        envelope.push(b'}');
        envelope
    }
}

pub(crate) type Outcome = Result<Reply, ApiError>;

impl Call<'_> {
    pub(crate) fn renderer(&self) -> Renderer<'_> {
        Renderer {
            core: self.core,
            viewer: self.bot.id,
        }
    }

    /// Answers with a message the bot sent or edited: as a business message when the call
    /// names a business connection, else as the bot's own.
    pub(crate) async fn reply_message(&self, message: &Message) -> Outcome {
        let renderer = self.renderer();
        match self.business_connection_id() {
            Some(connection) => Reply::of(&renderer.business_message(connection, message).await?),
            None => Reply::of(&renderer.message(message).await?),
        }
    }

    /// The `business_connection_id` a send or edit names, if any: the bot acts as the
    /// connected user.
    pub(crate) fn business_connection_id(&self) -> Option<&str> {
        Some(self.params.arg("business_connection_id")).filter(|id| !id.is_empty())
    }

    /// Refuses `business_connection_id` on a method that does not act as the connected
    /// user yet, rather than act as the bot.
    pub(crate) fn refuse_business(&self) -> Result<(), ApiError> {
        match self.business_connection_id() {
            Some(_) => Err(ApiError::bad_request("BUSINESS_CONNECTION_NOT_ALLOWED")),
            None => Ok(()),
        }
    }

    /// Resolves a chat parameter: a folded id, or `@username` of a bot, supergroup or
    /// channel (the reference refuses usernames of people).
    pub(crate) async fn chat(&self, name: &str) -> Result<Peer, ApiError> {
        match self.params.chat_id(name)? {
            ChatRef::Id(id) => self.chat_by_id(id),
            ChatRef::Username(username) => self.chat_by_username(&username).await,
        }
    }

    fn chat_by_id(&self, id: i64) -> Result<Peer, ApiError> {
        Peer::from_key(id).ok_or_else(|| ApiError::bad_request("chat not found"))
    }

    async fn chat_by_username(&self, username: &str) -> Result<Peer, ApiError> {
        let peer = self.core.resolve_username(username).await?;
        if let Peer::User(id) = peer
            && !self.core.user(id).await?.is_bot()
        {
            return Err(ApiError::bad_request("chat not found"));
        }
        Ok(peer)
    }

    /// Resolves a chat given as text (inside a JSON object parameter).
    pub(crate) async fn chat_from_text(&self, text: &str) -> Result<Peer, ApiError> {
        match text.strip_prefix('@') {
            Some(username) => self.chat_by_username(username).await,
            None => self.chat_by_id(crate::params::to_i64(text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Reply;

    #[test]
    fn envelopes_are_byte_exact() {
        let envelope = |reply: Reply| String::from_utf8(reply.into_envelope()).unwrap();
        assert_eq!(envelope(Reply::ok()), r#"{"ok":true,"result":true}"#);
        assert_eq!(envelope(Reply::json("3")), r#"{"ok":true,"result":3}"#);
        assert_eq!(
            envelope(Reply::of(&serde_json::json!({"a": "x\"y"})).unwrap()),
            r#"{"ok":true,"result":{"a":"x\"y"}}"#
        );
        assert_eq!(
            envelope(Reply::ok().described("Webhook was set")),
            r#"{"ok":true,"result":true,"description":"Webhook was set"}"#
        );
    }
}
