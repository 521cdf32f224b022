//! One handler per Bot API method, grouped by area, and the dispatch table.
//!
//! Handlers check their arguments in the reference server's order (arguments before the
//! chat lookup), call the core, and render the result.

mod bot;
mod chats;
mod messages;
mod updates;

use std::sync::Arc;

use gramd_core::Core;
use gramd_core::ids::Peer;
use gramd_core::users::User;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{ChatRef, Params};
use crate::render::Renderer;

/// One Bot API call.
pub(crate) struct Call<'a> {
    pub(crate) core: &'a Core,
    pub(crate) bot: Arc<User>,
    pub(crate) params: &'a Params,
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

/// Bot API methods of the spec that gramd does not implement yet.
const NOT_YET: &[&str] = &[
    "sendPhoto",
    "sendAudio",
    "sendDocument",
    "sendVideo",
    "sendAnimation",
    "sendVoice",
    "sendVideoNote",
    "sendMediaGroup",
    "sendLocation",
    "sendVenue",
    "sendContact",
    "sendPoll",
    "sendDice",
    "getFile",
    "forwardMessages",
    "copyMessages",
    "editMessageCaption",
    "editMessageMedia",
    "answerInlineQuery",
    "banChatMember",
    "unbanChatMember",
    "restrictChatMember",
    "promoteChatMember",
    "pinChatMessage",
    "unpinChatMessage",
    "setChatTitle",
    "setChatDescription",
    "getUserProfilePhotos",
    "setMessageReaction",
];

/// Runs the handler of `method` (lower-cased).
pub(crate) async fn dispatch(method: &str, call: Call<'_>) -> Outcome {
    match method {
        "getme" => bot::get_me(&call),
        "logout" => bot::log_out(&call),
        "close" => bot::close(&call),
        "setmycommands" => bot::set_my_commands(&call).await,
        "getmycommands" => bot::get_my_commands(&call).await,
        "deletemycommands" => bot::delete_my_commands(&call).await,
        "getupdates" => updates::get_updates(&call).await,
        "setwebhook" => updates::set_webhook(&call, false).await,
        "deletewebhook" => updates::set_webhook(&call, true).await,
        "getwebhookinfo" => updates::get_webhook_info(&call).await,
        "sendmessage" => messages::send_message(&call).await,
        "forwardmessage" => messages::forward_message(&call, false).await,
        "copymessage" => messages::forward_message(&call, true).await,
        "editmessagetext" => messages::edit_message(&call, true).await,
        "editmessagereplymarkup" => messages::edit_message(&call, false).await,
        "deletemessage" => messages::delete_message(&call).await,
        "deletemessages" => messages::delete_messages(&call).await,
        "answercallbackquery" => messages::answer_callback_query(&call),
        "sendchataction" => chats::send_chat_action(&call).await,
        "getchat" => chats::get_chat(&call).await,
        "getchatmember" => chats::get_chat_member(&call).await,
        "getchatmembercount" | "getchatmemberscount" => chats::get_chat_member_count(&call).await,
        "getchatadministrators" => chats::get_chat_administrators(&call).await,
        "leavechat" => chats::leave_chat(&call).await,
        m => match NOT_YET.iter().find(|name| name.eq_ignore_ascii_case(m)) {
            Some(name) => Err(ApiError::not_implemented(name)),
            None => Err(ApiError::not_found(Some("method not found"))),
        },
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
