//! Messages as stored in a message box.

use gramd_text::MessageEntity;
use serde::{Deserialize, Serialize};

use crate::attachments::{Contact, Dice, Location, Venue};
use crate::chats::SendRight;
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::markup::ReplyMarkup;
use crate::media::{Media, MediaContent, MediaKind, Photo};
use crate::polls::Poll;

/// Longest message text, in UTF-16 code units after entity parsing.
pub const MAX_TEXT_LENGTH: u32 = 4096;
/// Longest media caption, in UTF-16 code units after entity parsing.
pub const MAX_CAPTION_LENGTH: u32 = 1024;

/// One copy of a message, in one box.
///
/// A message in a private chat or basic group has one copy per participant, each with the
/// id of its owner's box; a message in a supergroup or channel has one copy, in the
/// channel's box. Copies of one message share [`Message::gid`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The box holding this copy.
    pub box_id: BoxId,
    /// The id of this copy in its box.
    pub id: MessageId,
    /// The id shared by every copy of this message.
    pub gid: i64,
    /// The chat, as seen by the box owner (for a private chat: the other user).
    pub peer: Peer,
    /// The sender; `None` for posts signed by a channel.
    pub from: Option<UserId>,
    /// When it was sent (Unix time).
    pub date: i64,
    /// When it was last edited.
    pub edit_date: Option<i64>,
    /// Text and entities, or a service action.
    pub content: Content,
    /// The message this one replies to, in the same box.
    pub reply_to: Option<MessageId>,
    /// Buttons or keyboard attached by a bot.
    pub reply_markup: Option<ReplyMarkup>,
    /// Where it was forwarded from.
    pub forward: Option<ForwardOrigin>,
    /// Sent without notification.
    pub silent: bool,
    /// Forwarding and saving are forbidden.
    pub noforwards: bool,
    /// The business bot that sent it for the sender (through a business connection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_business_bot: Option<UserId>,
    /// The bot whose inline result the sender sent (shown as "via @bot").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_bot: Option<UserId>,
    /// The forum topic it is in (the id of the message that created the topic); `None`
    /// outside forums, in the General topic, and for the message that created a topic
    /// (whose own id is the topic's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<MessageId>,
}

impl Message {
    /// Whether the box owner sent this copy.
    #[must_use]
    pub fn is_outgoing(&self) -> bool {
        match self.box_id {
            BoxId::User(owner) => self.from == Some(owner),
            BoxId::Channel(_) => false,
        }
    }

    /// The text (a media message's caption), or `""` for a message without one.
    #[must_use]
    pub fn text(&self) -> &str {
        match &self.content {
            Content::Text { text, .. } => text,
            Content::Media(media) => &media.caption,
            Content::Contact(_)
            | Content::Location(_)
            | Content::Venue(_)
            | Content::Dice(_)
            | Content::Poll(_)
            | Content::Service(_) => "",
        }
    }

    /// Whether this message created a forum topic (its id is the topic's).
    #[must_use]
    pub fn created_topic(&self) -> bool {
        matches!(
            self.content,
            Content::Service(ServiceAction::TopicCreated { .. })
        )
    }

    /// The forum topic this message is in, the one it created included; `None` in the
    /// General topic and outside forums.
    #[must_use]
    pub fn thread(&self) -> Option<MessageId> {
        if self.created_topic() {
            Some(self.id)
        } else {
            self.topic
        }
    }

    /// The media, for a media message.
    #[must_use]
    pub fn media(&self) -> Option<&Media> {
        match &self.content {
            Content::Media(content) => Some(&content.media),
            _ => None,
        }
    }
}

/// What a message holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Content {
    /// A text message.
    Text {
        /// The text.
        text: String,
        /// Its entities, UTF-16 offsets.
        entities: Vec<MessageEntity>,
        /// Link preview settings.
        link_preview: Option<LinkPreview>,
    },
    /// A photo or a document, with its caption.
    Media(Box<MediaContent>),
    /// A shared contact.
    Contact(Contact),
    /// A location (a live one when it has a live period).
    Location(Location),
    /// A venue.
    Venue(Venue),
    /// A dice roll.
    Dice(Dice),
    /// A poll or a quiz (its votes are kept apart, see [`crate::polls`]).
    Poll(Box<Poll>),
    /// A service message recording a chat event.
    Service(ServiceAction),
}

impl Content {
    /// What kind of message it is; `None` for service messages, which members do not send
    /// themselves.
    #[must_use]
    pub fn kind(&self) -> Option<ContentKind> {
        Some(match self {
            Self::Text { .. } => ContentKind::Text,
            Self::Media(media) => ContentKind::Media(media.media.kind()),
            Self::Contact(_) => ContentKind::Contact,
            Self::Location(location) if location.live_period.is_some() => ContentKind::LiveLocation,
            Self::Location(_) => ContentKind::Location,
            Self::Venue(_) => ContentKind::Venue,
            Self::Dice(_) => ContentKind::Dice,
            Self::Poll(_) => ContentKind::Poll,
            Self::Service(_) => return None,
        })
    }

    /// The permission sending this content needs; `None` for service messages.
    #[must_use]
    pub fn send_right(&self) -> Option<SendRight> {
        self.kind().map(ContentKind::send_right)
    }
}

/// The kinds of message a member sends, each needing one permission in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    /// Text.
    Text,
    /// A photo or a kind of document.
    Media(MediaKind),
    /// A contact.
    Contact,
    /// A location.
    Location,
    /// A live location.
    LiveLocation,
    /// A venue.
    Venue,
    /// A dice.
    Dice,
    /// A poll.
    Poll,
}

impl ContentKind {
    /// The permission sending it needs (Telegram's per-kind permissions: contacts,
    /// locations and venues go with text, a dice with stickers).
    #[must_use]
    pub fn send_right(self) -> SendRight {
        match self {
            Self::Text | Self::Contact | Self::Location | Self::LiveLocation | Self::Venue => {
                SendRight::Text
            }
            Self::Media(kind) => kind.send_right(),
            Self::Dice => SendRight::Stickers,
            Self::Poll => SendRight::Polls,
        }
    }
}

/// Link-preview settings of a text message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct LinkPreview {
    /// No preview.
    pub is_disabled: bool,
    /// URL to preview instead of the first one in the text.
    pub url: Option<String>,
    /// Shrink the media.
    pub prefer_small_media: bool,
    /// Enlarge the media.
    pub prefer_large_media: bool,
    /// Show the preview above the text.
    pub show_above_text: bool,
}

/// Chat events recorded as service messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ServiceAction {
    /// A basic group was created.
    GroupCreated {
        /// Its title.
        title: String,
        /// The initial members.
        users: Vec<UserId>,
    },
    /// A supergroup or channel was created.
    ChannelCreated {
        /// Its title.
        title: String,
        /// Whether it is a broadcast channel.
        broadcast: bool,
    },
    /// Users were added.
    MembersAdded {
        /// The users.
        users: Vec<UserId>,
    },
    /// A user joined after an administrator approved their join request
    /// (`messageActionChatJoinedByRequest`).
    MemberJoined,
    /// A forum topic was created; the message's id is the topic's
    /// (`messageActionTopicCreate`, Bot API `forum_topic_created`).
    TopicCreated {
        /// Its name.
        name: String,
        /// Its icon's color.
        icon_color: i32,
        /// Its icon's custom emoji.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon_emoji_id: Option<i64>,
    },
    /// A forum topic was edited, closed, reopened, hidden or shown again
    /// (`messageActionTopicEdit`; Bot API `forum_topic_edited`, `forum_topic_closed`,
    /// `forum_topic_reopened`, `general_forum_topic_hidden`, `general_forum_topic_unhidden`).
    TopicEdited {
        /// The new name, if it changed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// The new icon, if it changed (0: removed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon_emoji_id: Option<i64>,
        /// Closed (or reopened), if that changed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closed: Option<bool>,
        /// Hidden (or shown), if that changed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hidden: Option<bool>,
    },
    /// A user joined through an invite link (`messageActionChatJoinedByLink`).
    JoinedByLink {
        /// Who created the link.
        inviter: UserId,
    },
    /// A message was pinned; the service message replies to it
    /// (`messageActionPinMessage`).
    Pinned,
    /// The chat's photo changed (`messageActionChatEditPhoto`).
    PhotoChanged {
        /// The new photo.
        photo: Photo,
    },
    /// The chat's photo was removed (`messageActionChatDeletePhoto`).
    PhotoDeleted,
    /// A user left or was removed.
    MemberLeft {
        /// The user.
        user: UserId,
    },
    /// The title changed.
    TitleChanged {
        /// The new title.
        title: String,
    },
    /// The user allowed the bot to message them (`messageActionBotAllowed`; Bot API
    /// `write_access_allowed`), sent by the user to the bot.
    BotAllowed {
        /// By installing the bot's attachment-menu entry.
        #[serde(default)]
        from_attachment_menu: bool,
        /// By answering a mini app's request.
        #[serde(default)]
        from_request: bool,
        /// By launching this named mini app.
        #[serde(default)]
        web_app_name: Option<String>,
    },
    /// A reply-keyboard mini app sent data to the bot (`messageActionWebViewDataSentMe`
    /// for the bot, `messageActionWebViewDataSent` for the user; Bot API `web_app_data`).
    WebAppData {
        /// The text of the button that opened the app.
        button_text: String,
        /// The data (only the bot sees it).
        data: String,
    },
}

/// Where a forwarded message came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ForwardOrigin {
    /// Sent by a user.
    User {
        /// The original sender.
        sender: UserId,
        /// The original date.
        date: i64,
    },
    /// Sent by a user who hides their account in forwards.
    HiddenUser {
        /// The name shown.
        sender_name: String,
        /// The original date.
        date: i64,
    },
    /// Posted in a channel.
    Channel {
        /// The channel.
        chat: Peer,
        /// The post's id there.
        message_id: MessageId,
        /// The author's signature.
        author_signature: Option<String>,
        /// The original date.
        date: i64,
    },
    /// Sent on behalf of a chat (anonymous admin).
    Chat {
        /// The chat.
        chat: Peer,
        /// The author's signature.
        author_signature: Option<String>,
        /// The original date.
        date: i64,
    },
}

/// A text message to send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutgoingText {
    /// The text (already parsed from any parse mode).
    pub text: String,
    /// Explicit entities (detected ones are added by the core).
    pub entities: Vec<MessageEntity>,
    /// Link preview settings.
    pub link_preview: Option<LinkPreview>,
}

/// A message just sent or edited, with the sender's box pts after the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The sender's (or editor's) copy.
    pub message: Message,
    /// The pts of that copy's box after the event.
    pub pts: i32,
}

/// What to reply to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyTarget {
    /// The message, in the sender's view of the chat.
    pub message_id: MessageId,
    /// Send anyway if it doesn't exist.
    pub allow_without_reply: bool,
}

/// Options common to sending a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// Reply to this message.
    pub reply_to: Option<ReplyTarget>,
    /// Markup (bots only; ignored for users).
    pub reply_markup: Option<ReplyMarkup>,
    /// Send silently.
    pub silent: bool,
    /// Protect from forwarding and saving.
    pub noforwards: bool,
    /// The business bot sending for the sender (set by the core's business sends only).
    pub via_business_bot: Option<UserId>,
    /// The bot whose inline result is sent (set by the core's inline sends only); the
    /// result's keyboard is kept although the sender is a person.
    pub via_bot: Option<UserId>,
    /// The forum topic to send to (Bot API `message_thread_id`, TL `top_msg_id`); `None`:
    /// the topic of the replied message, else General.
    pub topic: Option<MessageId>,
}

/// Media to send: what to attach (already stored, see [`crate::Core::upload_photo`] and
/// [`crate::Core::upload_document`], or found by its file id) and the caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMedia {
    /// The photo or document.
    pub media: Media,
    /// The caption (parsed from any parse mode); its link preview settings are ignored.
    pub caption: OutgoingText,
    /// Cover the media with a spoiler animation.
    pub has_spoiler: bool,
    /// Show the caption above the media.
    pub show_caption_above_media: bool,
}

/// Changes to a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageEdit {
    /// New text, if it changes.
    pub text: Option<OutgoingText>,
    /// New caption of a media message, if it changes.
    pub caption: Option<OutgoingText>,
    /// Whether a media message's caption is shown above it, if that changes.
    pub show_caption_above_media: Option<bool>,
    /// New media (with its caption) of a media message, if it changes.
    pub media: Option<OutgoingMedia>,
    /// New markup: `Some(None)` removes it, `None` leaves it.
    pub reply_markup: Option<Option<ReplyMarkup>>,
    /// A live location's new position, or its end.
    pub live_location: Option<LiveLocationEdit>,
}

/// A change to a live location while it is live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveLocationEdit {
    /// Moves it: a new point, accuracy, heading and alert radius (absent ones are
    /// cleared), and, if given, a longer live period.
    Move(Location),
    /// Stops it: it stays where it is and is no longer live.
    Stop,
}

/// Whether forwarded messages show where they came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForwardMode {
    /// With a forward header naming the origin (`forwardMessage`).
    Forward,
    /// As new messages of the actor, without a header (`copyMessage`, `drop_author`);
    /// markup may be given anew.
    Copy,
    /// As [`ForwardMode::Copy`], and media lose their captions (`remove_caption`).
    CopyWithoutCaption,
}

/// Whose copies of a message a deletion removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteFor {
    /// The actor's own copy; the other participants keep theirs. A supergroup's or
    /// channel's one copy goes for everyone all the same.
    Me,
    /// Every participant's copy (Telegram's `revoke`).
    Everyone,
}

/// What happens to a removed member's own copy of a basic group's history (each member of
/// a basic group keeps one; supergroups and channels have one copy, which a removed
/// member cannot read anyway).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RemovedHistory {
    /// They keep reading what was sent before they were removed.
    #[default]
    Keep,
    /// Their copy is deleted (the Bot API's `revoke_messages`, TL's `revoke_history`).
    Delete,
}

/// What a deletion does about ids that are not in the actor's view of the chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingIds {
    /// Fail with `MessageNotFound { Delete }`, deleting nothing.
    Refuse,
    /// Delete those that are there.
    Skip,
}

/// Which slice of a chat's history to read (the semantics of `messages.getHistory`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Start from this message id (exclusive, going back); 0 = from the newest.
    pub offset_id: i32,
    /// Start from messages before this date; 0 = no bound.
    pub offset_date: i64,
    /// Shift the window by this many messages (negative = towards newer ones).
    pub add_offset: i32,
    /// Most messages to return.
    pub limit: u32,
    /// Only messages with id below this (0 = no bound).
    pub max_id: i32,
    /// Only messages with id above this (0 = no bound).
    pub min_id: i32,
}

impl HistoryQuery {
    /// The newest `limit` messages.
    #[must_use]
    pub const fn newest(limit: u32) -> Self {
        Self {
            offset_id: 0,
            offset_date: 0,
            add_offset: 0,
            limit,
            max_id: 0,
            min_id: 0,
        }
    }
}

/// One page of history, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryPage {
    /// The messages, newest first.
    pub messages: Vec<Message>,
    /// How many messages the chat has in this view in total.
    pub total: u32,
}

/// A chat in a user's list of chats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialog {
    /// The owner of the list.
    pub owner: UserId,
    /// The chat.
    pub peer: Peer,
    /// The newest message.
    pub top_message: MessageId,
    /// Messages up to this id were read by the owner.
    pub read_inbox_max_id: MessageId,
    /// Messages up to this id were read by the other side.
    pub read_outbox_max_id: MessageId,
}
