//! Update logs: the Bot API queue of each bot and the pts log of each message box.
//!
//! - A bot's queue holds [`BotUpdate`]s with sequential `update_id`s starting at a random
//!   value, kept until confirmed by `getUpdates` or expired (24 h for messages, 150 s for
//!   callback queries), at most 100,000 at a time
//!   (<https://core.telegram.org/bots/api#getting-updates>).
//! - A box's log holds [`BoxUpdate`]s with a gap-free `pts` sequence where each event
//!   advances pts by its `pts_count` (<https://core.telegram.org/api/updates>).

use serde::{Deserialize, Serialize};

use crate::business::BusinessConnection;
use crate::chats::Member;
use crate::ids::{MessageId, Peer, UserId};
use crate::inline::{ChosenInlineResult, InlineQuery};
use crate::invites::InviteLink;
use crate::messages::Message;
use crate::polls::{PollAnswer, PollUpdate};
use crate::reactions::{ReactionCountUpdate, ReactionUpdate};

/// Most updates kept in one bot's queue; newer ones are dropped, as Telegram does.
pub const BOT_QUEUE_CAP: i64 = 100_000;
/// Lifetime of message-like bot updates, counted from the message date.
pub const MESSAGE_UPDATE_TTL: i64 = 86_400;
/// Lifetime of a callback-query update.
pub const CALLBACK_QUERY_TTL: i64 = 150;
/// Lifetime of an inline-query update.
pub const INLINE_QUERY_TTL: i64 = 30;
/// Lifetime of a chosen-inline-result update.
pub const CHOSEN_INLINE_RESULT_TTL: i64 = 600;
/// Range of the first `update_id` of a new queue: `[2_000_001, 1_000_000_000)`.
pub const FIRST_UPDATE_ID_RANGE: (i64, i64) = (2_000_001, 1_000_000_000);

/// The kinds of bot update, named as in `allowed_updates`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum UpdateKind {
    Message,
    EditedMessage,
    ChannelPost,
    EditedChannelPost,
    BusinessConnection,
    BusinessMessage,
    EditedBusinessMessage,
    DeletedBusinessMessages,
    GuestMessage,
    MessageReaction,
    MessageReactionCount,
    InlineQuery,
    ChosenInlineResult,
    CallbackQuery,
    ShippingQuery,
    PreCheckoutQuery,
    PurchasedPaidMedia,
    Poll,
    PollAnswer,
    MyChatMember,
    ChatMember,
    ChatJoinRequest,
    ChatBoost,
    RemovedChatBoost,
    ManagedBot,
}

impl UpdateKind {
    /// Every kind, in the order of the Bot API's `Update` fields.
    pub const ALL: [Self; 25] = [
        Self::Message,
        Self::EditedMessage,
        Self::ChannelPost,
        Self::EditedChannelPost,
        Self::BusinessConnection,
        Self::BusinessMessage,
        Self::EditedBusinessMessage,
        Self::DeletedBusinessMessages,
        Self::GuestMessage,
        Self::MessageReaction,
        Self::MessageReactionCount,
        Self::InlineQuery,
        Self::ChosenInlineResult,
        Self::CallbackQuery,
        Self::ShippingQuery,
        Self::PreCheckoutQuery,
        Self::PurchasedPaidMedia,
        Self::Poll,
        Self::PollAnswer,
        Self::MyChatMember,
        Self::ChatMember,
        Self::ChatJoinRequest,
        Self::ChatBoost,
        Self::RemovedChatBoost,
        Self::ManagedBot,
    ];

    /// The `allowed_updates` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::EditedMessage => "edited_message",
            Self::ChannelPost => "channel_post",
            Self::EditedChannelPost => "edited_channel_post",
            Self::BusinessConnection => "business_connection",
            Self::BusinessMessage => "business_message",
            Self::EditedBusinessMessage => "edited_business_message",
            Self::DeletedBusinessMessages => "deleted_business_messages",
            Self::GuestMessage => "guest_message",
            Self::MessageReaction => "message_reaction",
            Self::MessageReactionCount => "message_reaction_count",
            Self::InlineQuery => "inline_query",
            Self::ChosenInlineResult => "chosen_inline_result",
            Self::CallbackQuery => "callback_query",
            Self::ShippingQuery => "shipping_query",
            Self::PreCheckoutQuery => "pre_checkout_query",
            Self::PurchasedPaidMedia => "purchased_paid_media",
            Self::Poll => "poll",
            Self::PollAnswer => "poll_answer",
            Self::MyChatMember => "my_chat_member",
            Self::ChatMember => "chat_member",
            Self::ChatJoinRequest => "chat_join_request",
            Self::ChatBoost => "chat_boost",
            Self::RemovedChatBoost => "removed_chat_boost",
            Self::ManagedBot => "managed_bot",
        }
    }

    /// The kind with this `allowed_updates` name (case-insensitive).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of update kinds: what a bot wants queued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UpdateMask(pub u32);

impl UpdateMask {
    /// Telegram's default: every kind but `chat_member`, `message_reaction` and
    /// `message_reaction_count`.
    #[must_use]
    pub fn default_set() -> Self {
        let all = UpdateKind::ALL.iter().fold(0, |m, k| m | k.bit());
        Self(
            all & !(UpdateKind::ChatMember.bit()
                | UpdateKind::MessageReaction.bit()
                | UpdateKind::MessageReactionCount.bit()),
        )
    }

    /// The set of these kinds; an empty set means the default, as in `allowed_updates`.
    #[must_use]
    pub fn from_kinds(kinds: impl IntoIterator<Item = UpdateKind>) -> Self {
        let mask = kinds.into_iter().fold(0, |m, k| m | k.bit());
        if mask == 0 {
            Self::default_set()
        } else {
            Self(mask)
        }
    }

    /// Whether the set has this kind.
    #[must_use]
    pub fn contains(self, kind: UpdateKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// The kinds in the set, in `Update` field order.
    pub fn kinds(self) -> impl Iterator<Item = UpdateKind> {
        UpdateKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

impl Default for UpdateMask {
    fn default() -> Self {
        Self::default_set()
    }
}

/// An update queued for a bot (a snapshot taken when it happened).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum BotUpdate {
    /// A new message in a private chat or group (the bot's copy).
    Message(Message),
    /// A message was edited.
    EditedMessage(Message),
    /// A new channel post.
    ChannelPost(Message),
    /// A channel post was edited.
    EditedChannelPost(Message),
    /// A user pressed a callback button.
    CallbackQuery(CallbackQuery),
    /// A user typed an inline query for the bot.
    InlineQuery(InlineQuery),
    /// A user chose one of the bot's inline results (with inline feedback on).
    ChosenInlineResult(ChosenInlineResult),
    /// The bot's own membership changed.
    MyChatMember(MemberUpdate),
    /// Another member's membership changed (bot must be an administrator).
    ChatMember(MemberUpdate),
    /// A user asked to join a chat where the bot may answer join requests.
    ChatJoinRequest(JoinRequestUpdate),
    /// A user connected the bot to their account, changed the connection or ended it.
    BusinessConnection(BusinessConnection),
    /// A new message in a chat a business connection covers (the user's copy).
    BusinessMessage(BusinessMessage),
    /// A message in a chat a business connection covers was edited.
    EditedBusinessMessage(BusinessMessage),
    /// Messages in a chat a business connection covers were deleted.
    DeletedBusinessMessages(DeletedBusinessMessages),
    /// A poll the bot sent changed: its new state.
    Poll(PollUpdate),
    /// A user changed their vote in a poll with public voters that the bot sent.
    PollAnswer(PollAnswer),
    /// A user changed their reactions on a message.
    MessageReaction(ReactionUpdate),
    /// The anonymous reactions on a message changed.
    MessageReactionCount(ReactionCountUpdate),
}

impl BotUpdate {
    /// The `allowed_updates` kind of this update.
    #[must_use]
    pub fn kind(&self) -> UpdateKind {
        match self {
            Self::Message(_) => UpdateKind::Message,
            Self::EditedMessage(_) => UpdateKind::EditedMessage,
            Self::ChannelPost(_) => UpdateKind::ChannelPost,
            Self::EditedChannelPost(_) => UpdateKind::EditedChannelPost,
            Self::CallbackQuery(_) => UpdateKind::CallbackQuery,
            Self::InlineQuery(_) => UpdateKind::InlineQuery,
            Self::ChosenInlineResult(_) => UpdateKind::ChosenInlineResult,
            Self::MyChatMember(_) => UpdateKind::MyChatMember,
            Self::ChatMember(_) => UpdateKind::ChatMember,
            Self::ChatJoinRequest(_) => UpdateKind::ChatJoinRequest,
            Self::BusinessConnection(_) => UpdateKind::BusinessConnection,
            Self::BusinessMessage(_) => UpdateKind::BusinessMessage,
            Self::EditedBusinessMessage(_) => UpdateKind::EditedBusinessMessage,
            Self::DeletedBusinessMessages(_) => UpdateKind::DeletedBusinessMessages,
            Self::Poll(_) => UpdateKind::Poll,
            Self::PollAnswer(_) => UpdateKind::PollAnswer,
            Self::MessageReaction(_) => UpdateKind::MessageReaction,
            Self::MessageReactionCount(_) => UpdateKind::MessageReactionCount,
        }
    }
}

/// A message of a chat a business connection covers, as the connected user's box holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessMessage {
    /// The connection.
    pub connection_id: String,
    /// The user's copy.
    pub message: Message,
}

/// Messages deleted from a chat a business connection covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedBusinessMessages {
    /// The connection.
    pub connection_id: String,
    /// The chat, as the connected user sees it (the other person).
    pub chat: Peer,
    /// Their ids in the user's box.
    pub ids: Vec<MessageId>,
}

/// A press of a callback button, as delivered to the bot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackQuery {
    /// Unique query id (decimal digits).
    pub id: String,
    /// Who pressed.
    pub from: UserId,
    /// The bot's copy of the message with the button; `None` for a message sent through
    /// the bot's inline mode, which the bot may not see.
    pub message: Option<Message>,
    /// The message was sent through the bot's inline mode: its id for the edit methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_message_id: Option<String>,
    /// Identifies the chat the message is in, the same for every press in that chat.
    pub chat_instance: i64,
    /// The button's callback data.
    pub data: Option<String>,
}

/// A change of one member's standing in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberUpdate {
    /// The chat (a private chat for a bot blocked or unblocked by a user).
    pub chat: Peer,
    /// Who made the change.
    pub actor: UserId,
    /// When (Unix time).
    pub date: i64,
    /// Before.
    pub old: Member,
    /// After.
    pub new: Member,
    /// The invite link the user joined through, as it was then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_link: Option<InviteLink>,
    /// The user joined after an administrator approved their join request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub via_join_request: bool,
}

/// A join request, as delivered to a bot that may answer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequestUpdate {
    /// The chat.
    pub chat: Peer,
    /// The user asking.
    pub user: UserId,
    /// When they asked.
    pub date: i64,
    /// The link they used, as it was then.
    pub invite_link: Option<InviteLink>,
}

/// An update stored in a bot's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedUpdate {
    /// Its `update_id`.
    pub update_id: i64,
    /// When it expires (Unix time): a webhook delivery gives up then.
    pub expires_at: i64,
    /// The update.
    pub update: BotUpdate,
}

/// An event in a message box's pts log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BoxUpdate {
    /// A message arrived or was sent (`updateNewMessage`).
    NewMessage {
        /// Its id in the box.
        id: MessageId,
    },
    /// A message was edited (`updateEditMessage`).
    EditMessage {
        /// Its id in the box.
        id: MessageId,
    },
    /// Messages were deleted (`updateDeleteMessages`).
    DeleteMessages {
        /// Their ids in the box.
        ids: Vec<MessageId>,
    },
    /// The owner read incoming messages (`updateReadHistoryInbox`).
    ReadHistoryInbox {
        /// The chat.
        peer: Peer,
        /// Read up to this id.
        max_id: MessageId,
    },
    /// Messages were pinned or unpinned (`updatePinnedMessages`,
    /// `updatePinnedChannelMessages`).
    PinnedMessages {
        /// The chat.
        peer: Peer,
        /// Their ids in the box.
        ids: Vec<MessageId>,
        /// Pinned (or unpinned).
        pinned: bool,
    },
    /// The other side read the owner's messages (`updateReadHistoryOutbox`).
    ReadHistoryOutbox {
        /// The chat.
        peer: Peer,
        /// Read up to this id.
        max_id: MessageId,
    },
}

impl BoxUpdate {
    /// How far this event advances pts.
    #[must_use]
    pub fn pts_count(&self) -> i32 {
        match self {
            Self::DeleteMessages { ids } => i32::try_from(ids.len()).unwrap_or(i32::MAX),
            _ => 1,
        }
    }
}

/// An event read back from a box's pts log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedUpdate {
    /// pts after this event.
    pub pts: i32,
    /// How far it advanced pts.
    pub pts_count: i32,
    /// When it happened.
    pub date: i64,
    /// The event.
    pub update: BoxUpdate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_mask_excludes_member_and_reactions() {
        let m = UpdateMask::default_set();
        assert!(m.contains(UpdateKind::Message));
        assert!(m.contains(UpdateKind::CallbackQuery));
        assert!(m.contains(UpdateKind::MyChatMember));
        assert!(!m.contains(UpdateKind::ChatMember));
        assert!(!m.contains(UpdateKind::MessageReaction));
        assert!(!m.contains(UpdateKind::MessageReactionCount));
        assert_eq!(UpdateMask::from_kinds([]), m);
    }

    #[test]
    fn names_round_trip() {
        for kind in UpdateKind::ALL {
            assert_eq!(UpdateKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(
            UpdateKind::from_name("CALLBACK_QUERY"),
            Some(UpdateKind::CallbackQuery)
        );
        assert_eq!(UpdateKind::from_name("nope"), None);
    }
}
