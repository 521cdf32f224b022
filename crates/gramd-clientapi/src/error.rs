//! RPC errors and the one table mapping core errors to Telegram's error names.
//!
//! Names and codes follow <https://core.telegram.org/api/errors>: `400 PEER_ID_INVALID`,
//! `420 FLOOD_WAIT_N`, `401 AUTH_KEY_UNREGISTERED`, and so on.

use std::borrow::Cow;

use gramd_core::CoreError;
use gramd_core::chats::{ChatKind, SendRight};
use gramd_tl::CodecError;

/// A failed TL call, as `rpc_error` (and the JSON edge's `error_code`/`error_message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcError {
    /// The error code (400, 401, 403, 420, 500, …).
    pub code: u16,
    /// The error name, like `PEER_ID_INVALID`.
    pub name: Cow<'static, str>,
    /// A longer explanation for logs and the JSON edge's detail header (never on the wire
    /// of MTProto).
    pub detail: Option<String>,
}

impl RpcError {
    /// An error with a fixed name.
    #[must_use]
    pub fn new(code: u16, name: &'static str) -> Self {
        Self {
            code,
            name: Cow::Borrowed(name),
            detail: None,
        }
    }

    /// 400 with this name.
    #[must_use]
    pub fn bad_request(name: &'static str) -> Self {
        Self::new(400, name)
    }

    /// Adds an explanation.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

impl std::error::Error for RpcError {}

impl From<CodecError> for RpcError {
    fn from(err: CodecError) -> Self {
        Self::bad_request(err.rpc_error_name()).with_detail(err.to_string())
    }
}

impl From<CoreError> for RpcError {
    fn from(err: CoreError) -> Self {
        use CoreError as E;
        let bad = Self::bad_request;
        match err {
            E::BotTokenInvalid => Self::new(401, "ACCESS_TOKEN_INVALID"),
            E::SessionInvalid => Self::new(401, "AUTH_KEY_UNREGISTERED"),
            E::ChatNotFound | E::PeerInvalid | E::BotCantInitiate => bad("PEER_ID_INVALID"),
            E::UserNotFound => bad("USER_ID_INVALID"),
            E::MessageNotFound { .. } => bad("MESSAGE_ID_INVALID"),
            E::MessageEmpty => bad("MESSAGE_EMPTY"),
            E::MessageTooLong => bad("MESSAGE_TOO_LONG"),
            E::MessageNotModified => bad("MESSAGE_NOT_MODIFIED"),
            E::MessageEditForbidden => Self::new(403, "MESSAGE_AUTHOR_REQUIRED"),
            E::MessageNotForwardable { protected: true } => bad("CHAT_FORWARDS_RESTRICTED"),
            E::MessageNotForwardable { protected: false } => bad("MESSAGE_ID_INVALID"),
            E::MessageDeleteForbidden => Self::new(403, "MESSAGE_DELETE_FORBIDDEN"),
            E::EntitiesInvalid { detail } => bad("ENTITY_BOUNDS_INVALID").with_detail(detail),
            E::BotCantMessageBot => bad("USER_IS_BOT"),
            E::BotBlocked => bad("USER_IS_BLOCKED"),
            E::YouBlockedUser => bad("YOU_BLOCKED_USER"),
            E::BotMethodInvalid => bad("BOT_METHOD_INVALID"),
            E::NotMember {
                kind: ChatKind::Group,
            } => Self::new(403, "CHAT_WRITE_FORBIDDEN"),
            E::NotMember { .. } => bad("CHANNEL_PRIVATE"),
            E::Kicked {
                kind: ChatKind::Group,
            } => Self::new(403, "CHAT_WRITE_FORBIDDEN"),
            E::Kicked { .. } => Self::new(403, "USER_BANNED_IN_CHANNEL"),
            E::ChatWriteForbidden => Self::new(403, "CHAT_WRITE_FORBIDDEN"),
            E::ChatAdminRequired => bad("CHAT_ADMIN_REQUIRED"),
            E::CreatorCantLeave => bad("USER_CREATOR"),
            E::PrivateChatMembership => bad("PEER_ID_INVALID"),
            E::UserAlreadyParticipant => bad("USER_ALREADY_PARTICIPANT"),
            E::QueryIdInvalid => bad("QUERY_ID_INVALID"),
            E::BotResponseTimeout => bad("BOT_RESPONSE_TIMEOUT"),
            E::CallbackDataInvalid => bad("DATA_INVALID"),
            E::ReplyMarkupTooLong => bad("REPLY_MARKUP_TOO_LONG"),
            E::ReplyMarkupInvalid => bad("REPLY_MARKUP_INVALID"),
            E::ButtonDataInvalid => bad("BUTTON_DATA_INVALID"),
            E::ButtonUrlInvalid => bad("BUTTON_URL_INVALID"),
            E::UsernameInvalid => bad("USERNAME_INVALID"),
            E::UsernameOccupied => bad("USERNAME_OCCUPIED"),
            E::PhoneNumberInvalid => bad("PHONE_NUMBER_INVALID"),
            E::PhoneNumberOccupied => bad("PHONE_NUMBER_OCCUPIED"),
            E::FirstNameInvalid => bad("FIRSTNAME_INVALID"),
            E::ChatTitleEmpty => bad("CHAT_TITLE_EMPTY"),
            E::BotCommandInvalid => bad("BOT_COMMAND_INVALID"),
            E::BotCommandDescriptionInvalid => bad("BOT_COMMAND_DESCRIPTION_INVALID"),
            E::LanguageCodeInvalid => bad("LANG_CODE_INVALID"),
            E::WebhookUrlInvalid => bad("URL_INVALID"),
            E::SecretTokenTooLong | E::SecretTokenInvalid => bad("SECRET_INVALID"),
            E::CertificateTooBig { .. } | E::BadWebhook(_) => bad("URL_INVALID"),
            E::Conflict(_) => bad("CONFLICT"),
            E::FloodWait { seconds } | E::CloseTooEarly { seconds } => Self {
                code: 420,
                name: Cow::Owned(format!("FLOOD_WAIT_{seconds}")),
                detail: None,
            },
            E::FileIdInvalid { .. } => bad("MEDIA_INVALID"),
            E::FileLocationInvalid => bad("LOCATION_INVALID"),
            E::FileTooBig => bad("FILE_PARTS_INVALID"),
            E::ImageProcessFailed => bad("IMAGE_PROCESS_FAILED"),
            E::PhotoInvalidDimensions => bad("PHOTO_INVALID_DIMENSIONS"),
            E::MediaCaptionTooLong => bad("MEDIA_CAPTION_TOO_LONG"),
            E::AlbumEmpty => bad("MEDIA_EMPTY"),
            E::AlbumTooLarge => bad("MULTI_MEDIA_TOO_LONG"),
            E::AlbumMixed => bad("MEDIA_INVALID"),
            E::NoTextToEdit => bad("MESSAGE_EMPTY"),
            E::NoCaptionToEdit | E::NoMediaToEdit => bad("MEDIA_PREV_INVALID"),
            E::FilePartInvalid => bad("FILE_PART_INVALID"),
            E::FilePartSizeInvalid => bad("FILE_PART_SIZE_INVALID"),
            E::FilePartMissing { part } => Self {
                code: 400,
                name: Cow::Owned(format!("FILE_PART_{part}_MISSING")),
                detail: None,
            },
            E::TooManyMessageIds => bad("LIMIT_INVALID"),
            E::NoMessageIds => bad("MESSAGE_IDS_EMPTY"),
            E::ChatMigrated { .. } => {
                bad("CHAT_ID_INVALID").with_detail("the group moved to a supergroup")
            }
            E::NotEnoughRights { .. } => bad("CHAT_ADMIN_REQUIRED"),
            E::WrongChatKind { .. } => bad("PEER_ID_INVALID"),
            E::TargetIsOwner { .. } => bad("USER_CREATOR"),
            E::SelfTarget { .. } => bad("PARTICIPANT_ID_INVALID"),
            E::UserIsAdmin | E::NotAdministrator => bad("USER_ADMIN_INVALID"),
            E::RightForbidden => Self::new(403, "RIGHT_FORBIDDEN"),
            E::CustomTitleInvalid => bad("RANK_INVALID"),
            E::CustomTitleEmoji => bad("RANK_EMOJI_NOT_ALLOWED"),
            E::ChatAboutTooLong => bad("CHAT_ABOUT_TOO_LONG"),
            E::ChatAboutNotModified => bad("CHAT_ABOUT_NOT_MODIFIED"),
            E::SendForbidden { right, .. } => Self::new(403, send_forbidden(right)),
            E::MessageNotPinnable => bad("MESSAGE_ID_INVALID"),
            E::MemberLimitWithJoinRequest => bad("USAGE_LIMIT_INVALID"),
            E::WebAppUrlInvalid => bad("URL_INVALID"),
            E::ButtonTextInvalid => bad("BUTTON_TEXT_INVALID"),
            E::BotAppShortNameInvalid => bad("BOT_APP_SHORTNAME_INVALID"),
            E::AttachMenuInvalid => bad("BOT_INVALID"),
            E::DataJsonInvalid { detail } => bad("DATA_JSON_INVALID").with_detail(detail),
            E::Refused { name } => bad(name),
            E::Internal { detail } => {
                tracing::error!(%detail, "internal error in a client API call");
                Self::new(500, "INTERNAL")
            }
        }
    }
}

/// Telegram's error for a sender who may not send this kind of message
/// (<https://core.telegram.org/method/messages.sendMessage>).
fn send_forbidden(right: SendRight) -> &'static str {
    match right {
        SendRight::Text => "CHAT_SEND_PLAIN_FORBIDDEN",
        SendRight::Audios => "CHAT_SEND_AUDIOS_FORBIDDEN",
        SendRight::Documents => "CHAT_SEND_DOCS_FORBIDDEN",
        SendRight::Photos => "CHAT_SEND_PHOTOS_FORBIDDEN",
        SendRight::Videos => "CHAT_SEND_VIDEOS_FORBIDDEN",
        SendRight::VideoNotes => "CHAT_SEND_ROUNDVIDEOS_FORBIDDEN",
        SendRight::VoiceNotes => "CHAT_SEND_VOICES_FORBIDDEN",
        SendRight::Polls => "CHAT_SEND_POLL_FORBIDDEN",
        SendRight::Stickers => "CHAT_SEND_STICKERS_FORBIDDEN",
        SendRight::Animations => "CHAT_SEND_GIFS_FORBIDDEN",
        SendRight::Games => "CHAT_SEND_GAME_FORBIDDEN",
    }
}
