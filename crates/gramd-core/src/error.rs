//! The one error type of the core.
//!
//! Variants say what went wrong in domain terms and carry structured fields; they never name
//! an HTTP status or a wire string. Each edge maps them to its protocol once, through one
//! table (the Bot API's descriptions, the TL `rpc_error` names).

use std::fmt;

use crate::chats::{ChatKind, SendRight};
use crate::messages::ContentKind;
use crate::webhooks::WebhookRefusal;

/// What a missing message was needed for; the Bot API words its error after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessagePurpose {
    /// Editing.
    Edit,
    /// Deleting.
    Delete,
    /// Forwarding.
    Forward,
    /// Copying.
    Copy,
    /// Replying to.
    Reply,
    /// Pressing a button of it.
    Callback,
    /// Pinning it.
    Pin,
    /// Unpinning it.
    Unpin,
    /// Reacting to it.
    React,
    /// Anything else (reading, fetching).
    Get,
}

/// An administrative action, for errors that Telegram words after the action refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminAction {
    /// Banning a member.
    Ban,
    /// Lifting a ban or a restriction.
    Unban,
    /// Restricting a member.
    Restrict,
    /// Promoting or demoting an administrator.
    Promote,
    /// Setting an administrator's custom title.
    EditCustomTitle,
    /// Setting a regular member's tag.
    EditTag,
    /// Changing the title.
    ChangeTitle,
    /// Changing the description.
    ChangeDescription,
    /// Changing the photo.
    ChangePhoto,
    /// Changing what members may do.
    ChangePermissions,
    /// Creating, editing or revoking invite links.
    ManageInviteLinks,
    /// Answering join requests.
    ManageJoinRequests,
    /// Pinning and unpinning messages.
    PinMessages,
    /// Setting or removing a supergroup's sticker set.
    ChangeStickerSet,
    /// Choosing the reactions members may use.
    ChangeAvailableReactions,
    /// Creating forum topics.
    CreateTopic,
    /// Editing, closing, hiding and deleting forum topics.
    ManageTopics,
}

/// Why a long-poll `getUpdates` was refused or cut short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// A newer long poll of the same bot replaced this one.
    OtherGetUpdates,
    /// A webhook is set, so polling is not allowed.
    WebhookActive,
    /// A `setWebhook` call ended this long poll.
    SetWebhook,
}

/// A failed core operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoreError {
    /// No bot has this token.
    BotTokenInvalid,
    /// No session has this token.
    SessionInvalid,
    /// The chat does not exist or is not visible to the actor.
    ChatNotFound,
    /// The user does not exist or is not visible to the actor.
    UserNotFound,
    /// A peer reference is malformed or its access hash is wrong.
    PeerInvalid,
    /// The message does not exist in the actor's view of the chat.
    MessageNotFound {
        /// What the message was needed for.
        purpose: MessagePurpose,
    },
    /// The message text is empty after normalisation.
    MessageEmpty,
    /// The message text is longer than 4096 UTF-16 code units after parsing.
    MessageTooLong,
    /// An edit would change nothing.
    MessageNotModified,
    /// The actor may not edit this message.
    MessageEditForbidden,
    /// The message cannot be forwarded or copied (service message, or protected content).
    MessageNotForwardable {
        /// Protected content (`noforwards`) rather than a service message.
        protected: bool,
    },
    /// The actor may not delete this message.
    MessageDeleteForbidden,
    /// The text could not be parsed in the requested parse mode.
    EntitiesInvalid {
        /// The parser's explanation, as Telegram words it.
        detail: String,
    },
    /// A bot tried to message a user who never started a chat with it.
    BotCantInitiate,
    /// A bot tried to message another bot.
    BotCantMessageBot,
    /// The user blocked the bot.
    BotBlocked,
    /// The actor blocked the user they are writing to.
    YouBlockedUser,
    /// A bot called a method only people may call (reading history, for one).
    BotMethodInvalid,
    /// The actor is not a member of the chat (or left it).
    NotMember {
        /// The kind of chat.
        kind: ChatKind,
    },
    /// The actor was banned from the chat.
    Kicked {
        /// The kind of chat.
        kind: ChatKind,
    },
    /// The actor may not write in this chat.
    ChatWriteForbidden,
    /// The action needs administrator rights the actor lacks.
    ChatAdminRequired,
    /// The creator tried to leave their own supergroup or channel.
    CreatorCantLeave,
    /// A membership change was asked of a private chat, which has no members to change.
    PrivateChatMembership,
    /// The user is already a member.
    UserAlreadyParticipant,
    /// The callback query is unknown, already answered or expired.
    QueryIdInvalid,
    /// The bot did not answer the callback query in time.
    BotResponseTimeout,
    /// The message has no callback button with this data.
    CallbackDataInvalid,
    /// An inline keyboard has more buttons than Telegram allows.
    ReplyMarkupTooLong,
    /// A reply keyboard has no buttons.
    ReplyMarkupInvalid,
    /// A button's callback data is empty or longer than 64 bytes.
    ButtonDataInvalid,
    /// A button URL is not acceptable.
    ButtonUrlInvalid,
    /// A username is malformed.
    UsernameInvalid,
    /// A username is taken.
    UsernameOccupied,
    /// A phone number is malformed.
    PhoneNumberInvalid,
    /// A phone number is taken.
    PhoneNumberOccupied,
    /// A first name is empty or too long.
    FirstNameInvalid,
    /// A chat title is empty or too long.
    ChatTitleEmpty,
    /// A bot command or its description is malformed.
    BotCommandInvalid,
    /// A bot command description is malformed.
    BotCommandDescriptionInvalid,
    /// A language code is not two lower-case letters.
    LanguageCodeInvalid,
    /// A webhook URL is malformed.
    WebhookUrlInvalid,
    /// A webhook secret token is too long.
    SecretTokenTooLong,
    /// A webhook secret token has characters outside `[A-Za-z0-9_-]`.
    SecretTokenInvalid,
    /// A webhook certificate is larger than 3 MiB.
    CertificateTooBig {
        /// Its size in bytes.
        size: usize,
    },
    /// A webhook cannot be used: its port, scheme or address is not allowed.
    BadWebhook(WebhookRefusal),
    /// A long poll conflicted with another poll or a webhook.
    Conflict(Conflict),
    /// Too many requests; retry after this many seconds.
    FloodWait {
        /// Seconds to wait.
        seconds: u32,
    },
    /// The bot was closed recently; it can be closed again only later.
    CloseTooEarly {
        /// Seconds until `close` is allowed.
        seconds: u32,
    },
    /// Too many message ids in one call.
    TooManyMessageIds,
    /// No message ids in a call that needs some.
    NoMessageIds,
    /// A file id that cannot be read at all (`malformed`), or that names no file this
    /// actor may use (another bot's id, a deleted file, a file of another kind).
    FileIdInvalid {
        /// The text is not a file id at all.
        malformed: bool,
    },
    /// A file is larger than allowed (to upload, or to download through the Bot API).
    FileTooBig,
    /// A photo is not a picture gramd can read.
    ImageProcessFailed,
    /// A photo is too large or too narrow.
    PhotoInvalidDimensions,
    /// A media caption is longer than 1024 UTF-16 code units after parsing.
    MediaCaptionTooLong,
    /// An album has no items.
    AlbumEmpty,
    /// An album has more than 10 items.
    AlbumTooLarge,
    /// An album mixes kinds of media that cannot be grouped (photos and videos go together,
    /// documents with documents, audio with audio), or holds a kind no album may.
    AlbumMixed,
    /// A text edit of a message that has no text (a media message).
    NoTextToEdit,
    /// A caption edit of a message that has no caption (a text or service message).
    NoCaptionToEdit,
    /// A media edit of a message that has no media.
    NoMediaToEdit,
    /// An upload part number is out of range.
    FilePartInvalid,
    /// An upload part is empty or larger than 512 KiB.
    FilePartSizeInvalid,
    /// An upload is missing this part.
    FilePartMissing {
        /// The part.
        part: u32,
    },
    /// A file location names no file the actor may read.
    FileLocationInvalid,
    /// The basic group moved to a supergroup.
    ChatMigrated {
        /// The supergroup's folded peer key.
        to: i64,
    },
    /// The actor lacks the administrator right (or member permission) an action needs.
    NotEnoughRights {
        /// The action.
        action: AdminAction,
    },
    /// The action does not exist in this kind of chat (a private chat, a basic group, a
    /// broadcast channel, as Telegram has it).
    WrongChatKind {
        /// The action.
        action: AdminAction,
        /// The chat is a private chat.
        private: bool,
    },
    /// The action would change the chat's owner.
    TargetIsOwner {
        /// The action.
        action: AdminAction,
    },
    /// The action would act on the actor itself, which Telegram does not allow.
    SelfTarget {
        /// The action.
        action: AdminAction,
    },
    /// The target is an administrator the actor may not edit.
    UserIsAdmin,
    /// The target is not an administrator.
    NotAdministrator,
    /// An administrator tried to grant a right it does not hold.
    RightForbidden,
    /// A custom title is longer than 16 characters.
    CustomTitleInvalid,
    /// A custom title contains emoji.
    CustomTitleEmoji,
    /// A chat description is longer than 255 characters.
    ChatAboutTooLong,
    /// A chat description would not change.
    ChatAboutNotModified,
    /// The sender may not send this kind of message in the chat.
    SendForbidden {
        /// The permission it lacks.
        right: SendRight,
        /// What it tried to send.
        kind: ContentKind,
    },
    /// A service message cannot be pinned.
    MessageNotPinnable,
    /// An invite link that needs approval cannot have a member limit.
    MemberLimitWithJoinRequest,
    /// A mini app URL is malformed (`https://` and a host are needed).
    WebAppUrlInvalid,
    /// A button's text is empty or too long.
    ButtonTextInvalid,
    /// A named mini app's short name or title is malformed, or taken by another of the
    /// bot's apps.
    BotAppShortNameInvalid,
    /// An attachment-menu entry is shown nowhere, or its bot has no web app URL.
    AttachMenuInvalid,
    /// The JSON parameters of a mini app's custom method are malformed or break a limit.
    DataJsonInvalid {
        /// What is wrong, for the caller.
        detail: String,
    },
    /// A request Telegram refuses with an error of its own naming, e.g.
    /// `BOT_GROUPS_BLOCKED`; both edges show that name (the Bot API as
    /// `Bad Request: BOT_GROUPS_BLOCKED`, as the reference server passes unmapped errors).
    Refused {
        /// Telegram's `UPPER_SNAKE` error name.
        name: &'static str,
    },
    /// The storage backend failed; details are logged, not shown.
    Internal {
        /// What failed, for the log.
        detail: String,
    },
}

impl CoreError {
    /// The error Telegram names `name` (`UPPER_SNAKE`).
    #[must_use]
    pub const fn refused(name: &'static str) -> Self {
        Self::Refused { name }
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EntitiesInvalid { detail } => write!(f, "can't parse entities: {detail}"),
            Self::Refused { name } => f.write_str(name),
            Self::Internal { detail } => write!(f, "internal error: {detail}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for CoreError {}

/// Result of a core operation.
pub type CoreResult<T> = Result<T, CoreError>;
