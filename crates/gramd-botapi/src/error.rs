//! Errors of the Bot API edge and the one table that maps core errors to the wire.
//!
//! The envelope is `{"ok":false,"error_code":N,"description":"…","parameters":{…}}` with
//! HTTP status `N` (<https://core.telegram.org/bots/api#making-requests>). Descriptions are
//! the reference server's exact texts, since libraries match on them.

use std::borrow::Cow;

use gramd_core::CoreError;
use gramd_core::error::{AdminAction, Conflict, MessagePurpose};
use gramd_core::media::MediaKind;
use gramd_core::messages::ContentKind;

use crate::params::ArgError;
use crate::types::chat_type;

/// A failed Bot API call, ready for the envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) code: u16,
    pub(crate) description: Cow<'static, str>,
    pub(crate) retry_after: Option<u32>,
    pub(crate) migrate_to_chat_id: Option<i64>,
}

impl ApiError {
    fn new(code: u16, description: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code,
            description: description.into(),
            retry_after: None,
            migrate_to_chat_id: None,
        }
    }

    /// 400 with `text` after the `Bad Request: ` prefix, first letter lower-cased as the
    /// reference server does (unless the text is an `UPPER_SNAKE` name).
    pub(crate) fn bad_request(text: impl AsRef<str>) -> Self {
        Self::new(400, format!("Bad Request: {}", lower_first(text.as_ref())))
    }

    pub(crate) fn unauthorized(detail: Option<&str>) -> Self {
        match detail {
            Some(detail) => Self::new(401, format!("Unauthorized: {detail}")),
            None => Self::new(401, "Unauthorized"),
        }
    }

    pub(crate) fn forbidden(text: &str) -> Self {
        Self::new(403, format!("Forbidden: {text}"))
    }

    pub(crate) fn not_found(detail: Option<&'static str>) -> Self {
        match detail {
            Some(detail) => Self::new(404, format!("Not Found: {detail}")),
            None => Self::new(404, "Not Found"),
        }
    }

    pub(crate) fn conflict(text: &'static str) -> Self {
        Self::new(409, format!("Conflict: {text}"))
    }

    pub(crate) fn misdirected() -> Self {
        Self::new(421, "Misdirected Request: unallowed token specified")
    }

    pub(crate) fn too_many_requests(seconds: u32) -> Self {
        let mut err = Self::new(429, format!("Too Many Requests: retry after {seconds}"));
        err.retry_after = Some(seconds);
        err
    }

    /// A Bot API method gramd does not implement yet: said plainly rather than pretending
    /// the method does not exist.
    pub(crate) fn not_implemented(method: &str) -> Self {
        Self::new(
            501,
            format!("Not Implemented: {method} is not supported by gramd yet"),
        )
    }

    /// A Bot API method that cannot apply to a self-hosted server, and why.
    pub(crate) fn out_of_scope(method: &str, reason: &str) -> Self {
        Self::new(
            501,
            format!("Not Implemented: {method} is not available on gramd: {reason}"),
        )
    }

    pub(crate) fn internal() -> Self {
        Self::new(500, "Internal Server Error")
    }

    /// Whether gramd is at fault (a 5xx other than 501), which is worth an error in the
    /// log; the rest (4xx, and 501 for a method gramd does not implement) answer what the
    /// caller asked for.
    pub(crate) fn is_gramd_fault(&self) -> bool {
        self.code >= 500 && self.code != 501
    }
}

/// The reference's rule: lower-case the first character unless the second is `_` or an
/// upper-case letter (so `PEER_ID_INVALID` stays as it is).
fn lower_first(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second)
            if first.is_uppercase() && !second.is_some_and(|c| c == '_' || c.is_uppercase()) =>
        {
            let mut out = String::with_capacity(text.len());
            out.extend(first.to_lowercase());
            out.push_str(&text[first.len_utf8()..]);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(text),
    }
}

impl From<ArgError> for ApiError {
    fn from(err: ArgError) -> Self {
        Self::bad_request(err.description)
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        use CoreError as E;
        match err {
            E::BotTokenInvalid | E::SessionInvalid => Self::unauthorized(None),
            E::ChatNotFound => Self::bad_request("chat not found"),
            E::UserNotFound => Self::bad_request("user not found"),
            E::PeerInvalid => Self::bad_request("PEER_ID_INVALID"),
            E::MessageNotFound { purpose } => Self::bad_request(match purpose {
                MessagePurpose::Edit => "message to edit not found",
                MessagePurpose::Delete => "message to delete not found",
                MessagePurpose::Forward => "message to forward not found",
                MessagePurpose::Copy => "message to copy not found",
                MessagePurpose::Reply => "message to be replied not found",
                MessagePurpose::Pin => "message to pin not found",
                MessagePurpose::Unpin => "message to unpin not found",
                MessagePurpose::React => "message to react not found",
                MessagePurpose::Callback | MessagePurpose::Get => "message not found",
            }),
            E::MessageEmpty => Self::bad_request("message text is empty"),
            E::MessageTooLong => Self::bad_request("message is too long"),
            E::MessageNotModified => Self::bad_request(
                "message is not modified: specified new message content and reply markup are \
                 exactly the same as a current content and reply markup of the message",
            ),
            E::MessageEditForbidden => Self::bad_request("message can't be edited"),
            E::MessageNotForwardable { protected: true } => {
                Self::bad_request("message has protected content and can't be forwarded")
            }
            E::MessageNotForwardable { protected: false } => {
                Self::bad_request("message can't be forwarded")
            }
            E::MessageDeleteForbidden => Self::bad_request("message can't be deleted"),
            E::EntitiesInvalid { detail } => {
                Self::bad_request(format!("can't parse entities: {detail}"))
            }
            E::BotCantInitiate => Self::forbidden("bot can't initiate conversation with a user"),
            E::BotCantMessageBot => Self::forbidden("bot can't send messages to bots"),
            E::BotBlocked => Self::forbidden("bot was blocked by the user"),
            // Bots block nobody; the core's text, should it ever reach a bot.
            E::YouBlockedUser => Self::bad_request("YOU_BLOCKED_USER"),
            E::BotMethodInvalid => Self::bad_request("method is not available for bots"),
            E::NotMember { kind } => Self::forbidden(&format!(
                "bot is not a member of the {} chat",
                chat_type(kind)
            )),
            E::Kicked { kind } => {
                Self::forbidden(&format!("bot was kicked from the {} chat", chat_type(kind)))
            }
            E::ChatWriteForbidden => {
                Self::bad_request("need administrator rights in the channel chat")
            }
            E::ChatAdminRequired => Self::bad_request("CHAT_ADMIN_REQUIRED"),
            E::CreatorCantLeave => Self::bad_request("CHAT_ADMIN_REQUIRED"),
            E::PrivateChatMembership => {
                Self::bad_request("chat member status can't be changed in private chats")
            }
            E::UserAlreadyParticipant => Self::bad_request("USER_ALREADY_PARTICIPANT"),
            E::QueryIdInvalid => Self::bad_request(
                "query is too old and response timeout expired or query ID is invalid",
            ),
            E::BotResponseTimeout => Self::bad_request("BOT_RESPONSE_TIMEOUT"),
            E::CallbackDataInvalid => Self::bad_request("DATA_INVALID"),
            E::ReplyMarkupTooLong => Self::bad_request("reply markup is too long"),
            E::ReplyMarkupInvalid => Self::bad_request("REPLY_MARKUP_INVALID"),
            E::ButtonDataInvalid => Self::bad_request("BUTTON_DATA_INVALID"),
            E::ButtonUrlInvalid => Self::bad_request("BUTTON_URL_INVALID"),
            E::UsernameInvalid => Self::bad_request("USERNAME_INVALID"),
            E::UsernameOccupied => Self::bad_request("USERNAME_OCCUPIED"),
            E::PhoneNumberInvalid => Self::bad_request("PHONE_NUMBER_INVALID"),
            E::PhoneNumberOccupied => Self::bad_request("PHONE_NUMBER_OCCUPIED"),
            E::FirstNameInvalid => Self::bad_request("FIRSTNAME_INVALID"),
            E::ChatTitleEmpty => Self::bad_request("title must be non-empty"),
            E::BotCommandInvalid => Self::bad_request("BOT_COMMAND_INVALID"),
            E::BotCommandDescriptionInvalid => Self::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"),
            E::LanguageCodeInvalid => Self::bad_request("LANG_CODE_INVALID"),
            E::WebhookUrlInvalid => Self::bad_request("invalid webhook URL specified"),
            E::SecretTokenTooLong => Self::bad_request("secret token is too long"),
            E::SecretTokenInvalid => {
                Self::bad_request("secret token contains unallowed characters")
            }
            E::CertificateTooBig { size } => {
                Self::bad_request(format!("certificate size is too big ({size} bytes)"))
            }
            E::BadWebhook(refusal) => Self::bad_request(format!("bad webhook: {refusal}")),
            E::Conflict(Conflict::OtherGetUpdates) => Self::conflict(
                "terminated by other getUpdates request; make sure that only one bot instance \
                 is running",
            ),
            E::Conflict(Conflict::WebhookActive) => Self::conflict(
                "can't use getUpdates method while webhook is active; use deleteWebhook to \
                 delete the webhook first",
            ),
            E::Conflict(Conflict::SetWebhook) => Self::conflict("terminated by setWebhook request"),
            E::FloodWait { seconds } | E::CloseTooEarly { seconds } => {
                Self::too_many_requests(seconds)
            }
            E::FileIdInvalid { malformed: true } => {
                Self::bad_request("wrong remote file identifier specified: can't unserialize it")
            }
            E::FileIdInvalid { malformed: false } | E::FileLocationInvalid => {
                Self::bad_request("wrong file identifier/HTTP URL specified")
            }
            E::FileTooBig => Self::bad_request("file is too big"),
            E::ImageProcessFailed => Self::bad_request("IMAGE_PROCESS_FAILED"),
            E::PhotoInvalidDimensions => Self::bad_request("PHOTO_INVALID_DIMENSIONS"),
            E::MediaCaptionTooLong => Self::bad_request("message caption is too long"),
            E::AlbumEmpty => Self::bad_request("there are no messages to send"),
            E::AlbumTooLarge => Self::bad_request("too many messages to send as an album"),
            E::AlbumMixed => Self::bad_request(
                "documents and audio files can be only grouped in an album with messages of \
                 the same type",
            ),
            E::NoTextToEdit => Self::bad_request("there is no text in the message to edit"),
            E::NoCaptionToEdit => Self::bad_request("there is no caption in the message to edit"),
            E::NoMediaToEdit => Self::bad_request("there is no media in the message to edit"),
            E::FilePartInvalid => Self::bad_request("FILE_PART_INVALID"),
            E::FilePartSizeInvalid => Self::bad_request("FILE_PART_SIZE_INVALID"),
            E::FilePartMissing { .. } => Self::bad_request("FILE_PART_MISSING"),
            E::TooManyMessageIds => Self::bad_request("too many message identifiers specified"),
            E::NoMessageIds => Self::bad_request("message identifiers are not specified"),
            E::ChatMigrated { to } => {
                let mut err = Self::bad_request("group chat was upgraded to a supergroup chat");
                err.migrate_to_chat_id = Some(to);
                err
            }
            E::NotEnoughRights { action } => Self::bad_request(not_enough_rights(action)),
            E::WrongChatKind { action, private } => {
                Self::bad_request(wrong_chat_kind(action, private))
            }
            E::TargetIsOwner {
                action: AdminAction::EditCustomTitle,
            } => Self::bad_request("only the owner can edit their custom title"),
            E::TargetIsOwner { .. } => Self::bad_request("can't remove chat owner"),
            E::SelfTarget { action } => Self::bad_request(match action {
                AdminAction::Promote => "can't promote self",
                AdminAction::Unban => "can't unrestrict self",
                _ => "can't restrict self",
            }),
            E::UserIsAdmin => Self::bad_request("user is an administrator of the chat"),
            E::NotAdministrator => Self::bad_request("user is not an administrator"),
            E::RightForbidden => Self::bad_request("RIGHT_FORBIDDEN"),
            E::CustomTitleInvalid => Self::bad_request("CUSTOM_TITLE_INVALID"),
            E::CustomTitleEmoji => Self::bad_request("CUSTOM_TITLE_EMOJI_NOT_ALLOWED"),
            E::ChatAboutTooLong => Self::bad_request("CHAT_ABOUT_TOO_LONG"),
            E::ChatAboutNotModified => Self::bad_request("chat description is not modified"),
            E::SendForbidden { kind, .. } => Self::bad_request(format!(
                "not enough rights to send {} to the chat",
                content_noun(kind)
            )),
            E::MessageNotPinnable => Self::bad_request("service messages can't be pinned"),
            E::MemberLimitWithJoinRequest => Self::bad_request(
                "member limit can't be specified for links requiring administrator approval",
            ),
            E::WebAppUrlInvalid => Self::bad_request("BUTTON_URL_INVALID"),
            E::ButtonTextInvalid => Self::bad_request("BUTTON_TEXT_INVALID"),
            E::BotAppShortNameInvalid => Self::bad_request("BOT_APP_SHORTNAME_INVALID"),
            E::AttachMenuInvalid => Self::bad_request("BOT_INVALID"),
            E::DataJsonInvalid { .. } => Self::bad_request("DATA_JSON_INVALID"),
            E::Refused {
                name: "CHANNEL_FORUM_MISSING",
            } => Self::bad_request("the chat is not a forum"),
            E::Refused {
                name: "TOPIC_ID_INVALID",
            } => Self::bad_request("message thread not found"),
            E::Refused { name } => Self::bad_request(refused_text(name)),
            E::Internal { detail } => {
                tracing::error!(%detail, "internal error in a Bot API call");
                Self::internal()
            }
        }
    }
}

/// What TDLib says when the actor lacks the right for `action` (its own checks, which the
/// reference server passes on).
fn not_enough_rights(action: AdminAction) -> &'static str {
    match action {
        AdminAction::Ban | AdminAction::Unban | AdminAction::Restrict => {
            "not enough rights to restrict/unrestrict chat member"
        }
        AdminAction::Promote => "not enough rights",
        AdminAction::EditCustomTitle => "not enough rights to change custom title of the user",
        // Inferred, after the custom title's.
        AdminAction::EditTag => "not enough rights to change tag of the user",
        AdminAction::ChangeTitle => "not enough rights to change chat title",
        AdminAction::ChangeDescription => "not enough rights to set chat description",
        AdminAction::ChangePhoto => "not enough rights to change chat photo",
        AdminAction::ChangePermissions => "not enough rights to change chat permissions",
        AdminAction::ManageInviteLinks => "not enough rights to manage chat invite link",
        AdminAction::ManageJoinRequests => "not enough rights to manage chat join requests",
        AdminAction::PinMessages => "not enough rights to manage pinned messages in the chat",
        AdminAction::ChangeAvailableReactions => "not enough rights to change available reactions",
        AdminAction::CreateTopic => "not enough rights to create a topic",
        AdminAction::ManageTopics => "not enough rights to manage topics",
        AdminAction::ChangeStickerSet => "not enough rights to change supergroup sticker set",
    }
}

/// The text of an error Telegram names: the name itself, or the reference server's own
/// words for the few it rewords (`Client::fail_query_with_error`).
fn refused_text(name: &'static str) -> &'static str {
    match name {
        "PACK_SHORT_NAME_INVALID" => "invalid sticker set name is specified",
        "PACK_SHORT_NAME_OCCUPIED" => "sticker set name is already occupied",
        "STICKER_EMOJI_INVALID" => "invalid sticker emojis",
        other => other,
    }
}

/// What the reference server (or TDLib) says of `action` in a chat of the wrong kind.
fn wrong_chat_kind(action: AdminAction, private: bool) -> &'static str {
    match action {
        AdminAction::Ban if private => "can't ban members in private chats",
        AdminAction::Ban | AdminAction::Unban | AdminAction::Promote => {
            "method is available for supergroup and channel chats only"
        }
        AdminAction::Restrict => "method is available only for supergroups",
        AdminAction::EditCustomTitle | AdminAction::EditTag | AdminAction::PinMessages => {
            "method is available only for groups and supergroups"
        }
        AdminAction::ChangeTitle => "can't change private chat title",
        AdminAction::ChangeDescription => "can't change private chat description",
        AdminAction::ChangePhoto => "can't change private chat photo",
        AdminAction::ChangePermissions if private => "can't change private chat permissions",
        AdminAction::ChangePermissions => "can't change channel chat permissions",
        AdminAction::ManageInviteLinks => "can't invite members to a private chat",
        AdminAction::ManageJoinRequests => "the chat can't have join requests",
        AdminAction::ChangeStickerSet => "method is available only for supergroups",
        AdminAction::ChangeAvailableReactions => "can't change private chat available reactions",
        AdminAction::CreateTopic | AdminAction::ManageTopics => "the chat is not a forum",
    }
}

/// What TDLib calls the content a sender lacks the permission for.
fn content_noun(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Text => "text messages",
        ContentKind::Contact => "contacts",
        ContentKind::Location => "locations",
        ContentKind::LiveLocation => "live locations",
        ContentKind::Venue => "venues",
        ContentKind::Dice => "dice",
        ContentKind::Poll => "polls",
        ContentKind::Media(kind) => match kind {
            MediaKind::Photo => "photos",
            MediaKind::File => "documents",
            MediaKind::Video => "videos",
            MediaKind::Audio => "music",
            MediaKind::Voice => "voice notes",
            MediaKind::Animation => "animations",
            MediaKind::VideoNote => "video notes",
            MediaKind::Sticker => "stickers",
        },
    }
}

#[cfg(test)]
mod tests {
    use gramd_core::chats::ChatKind;

    use super::*;

    #[test]
    fn descriptions_follow_the_reference_prefix_rule() {
        assert_eq!(
            ApiError::bad_request("Chat not found").description,
            "Bad Request: chat not found"
        );
        assert_eq!(
            ApiError::bad_request("PEER_ID_INVALID").description,
            "Bad Request: PEER_ID_INVALID"
        );
        assert_eq!(
            ApiError::bad_request("Can't parse reply keyboard markup JSON object").description,
            "Bad Request: can't parse reply keyboard markup JSON object"
        );
        assert_eq!(ApiError::bad_request("X").description, "Bad Request: x");
    }

    #[test]
    fn only_server_errors_other_than_501_are_gramd_faults() {
        assert!(ApiError::internal().is_gramd_fault());
        assert!(ApiError::from(CoreError::Internal { detail: "x".into() }).is_gramd_fault());
        assert!(!ApiError::not_implemented("sendPhoto").is_gramd_fault());
        assert!(!ApiError::bad_request("chat not found").is_gramd_fault());
        assert!(!ApiError::not_found(Some("method not found")).is_gramd_fault());
        assert!(!ApiError::too_many_requests(1).is_gramd_fault());
        assert!(!ApiError::from(CoreError::BotBlocked).is_gramd_fault());
    }

    #[test]
    fn core_errors_map_to_official_texts() {
        let conflict = ApiError::from(CoreError::Conflict(Conflict::OtherGetUpdates));
        assert_eq!(conflict.code, 409);
        assert_eq!(
            conflict.description,
            "Conflict: terminated by other getUpdates request; make sure that only one bot \
             instance is running"
        );
        let flood = ApiError::from(CoreError::FloodWait { seconds: 7 });
        assert_eq!((flood.code, flood.retry_after), (429, Some(7)));
        assert_eq!(flood.description, "Too Many Requests: retry after 7");
        let kicked = ApiError::from(CoreError::Kicked {
            kind: ChatKind::Supergroup,
        });
        assert_eq!(
            (kicked.code, kicked.description.as_ref()),
            (403, "Forbidden: bot was kicked from the supergroup chat")
        );
        let internal = ApiError::from(CoreError::Internal {
            detail: "disk on fire".into(),
        });
        assert_eq!(
            (internal.code, internal.description.as_ref()),
            (500, "Internal Server Error")
        );
    }
}
