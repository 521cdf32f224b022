//! Bot API objects as they go on the wire (<https://core.telegram.org/bots/api#available-types>),
//! those several areas answer with: users, chats, messages, chat members, updates. Objects
//! only one area answers with are in that area's `render.rs`.
//!
//! Absent optional fields are omitted, never `null`; fields are named as in the spec. Tests
//! check every object we emit against `spec/botapi/api.json`.

use gramd_core::chats::{ChatKind, Permissions};
use serde::Serialize;

/// `User`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct User {
    pub(crate) id: i64,
    pub(crate) is_bot: bool,
    pub(crate) first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language_code: Option<String>,
    /// The fields `getMe` adds for the bot itself.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub(crate) me: Option<MeFields>,
}

/// The `User` fields "returned only in getMe".
#[derive(Clone, Debug, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct MeFields {
    pub(crate) can_join_groups: bool,
    pub(crate) can_read_all_group_messages: bool,
    pub(crate) supports_inline_queries: bool,
    pub(crate) can_connect_to_business: bool,
    pub(crate) has_main_web_app: bool,
    pub(crate) has_topics_enabled: bool,
    pub(crate) allows_users_to_create_topics: bool,
    pub(crate) can_manage_bots: bool,
    pub(crate) supports_guest_queries: bool,
    pub(crate) supports_join_request_queries: bool,
}

/// The `type` of a `Chat` of this kind (private chats are `"private"`).
pub(crate) fn chat_type(kind: ChatKind) -> &'static str {
    match kind {
        ChatKind::Group => "group",
        ChatKind::Supergroup => "supergroup",
        ChatKind::Channel => "channel",
    }
}

/// `Chat`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Chat {
    pub(crate) id: i64,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) is_forum: bool,
}

/// `ChatPermissions`.
#[derive(Clone, Debug, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct ChatPermissions {
    pub(crate) can_send_messages: bool,
    pub(crate) can_send_audios: bool,
    pub(crate) can_send_documents: bool,
    pub(crate) can_send_photos: bool,
    pub(crate) can_send_videos: bool,
    pub(crate) can_send_video_notes: bool,
    pub(crate) can_send_voice_notes: bool,
    pub(crate) can_send_polls: bool,
    pub(crate) can_send_other_messages: bool,
    pub(crate) can_add_web_page_previews: bool,
    pub(crate) can_react_to_messages: bool,
    pub(crate) can_edit_tag: bool,
    pub(crate) can_change_info: bool,
    pub(crate) can_invite_users: bool,
    pub(crate) can_pin_messages: bool,
    pub(crate) can_manage_topics: bool,
}

impl From<Permissions> for ChatPermissions {
    fn from(p: Permissions) -> Self {
        Self {
            can_send_messages: p.can_send_messages,
            can_send_audios: p.can_send_audios,
            can_send_documents: p.can_send_documents,
            can_send_photos: p.can_send_photos,
            can_send_videos: p.can_send_videos,
            can_send_video_notes: p.can_send_video_notes,
            can_send_voice_notes: p.can_send_voice_notes,
            can_send_polls: p.can_send_polls,
            can_send_other_messages: p.can_send_other_messages,
            can_add_web_page_previews: p.can_add_web_page_previews,
            can_react_to_messages: p.can_react_to_messages,
            can_edit_tag: p.can_edit_tag,
            can_change_info: p.can_change_info,
            can_invite_users: p.can_invite_users,
            can_pin_messages: p.can_pin_messages,
            can_manage_topics: p.can_manage_topics,
        }
    }
}

/// `ChatInviteLink`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChatInviteLink {
    pub(crate) invite_link: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    pub(crate) creator: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expire_date: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) member_limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pending_join_request_count: Option<u32>,
    pub(crate) creates_join_request: bool,
    pub(crate) is_primary: bool,
    pub(crate) is_revoked: bool,
}

/// `MessageEntity`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MessageEntity {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) offset: u32,
    pub(crate) length: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) custom_emoji_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) unix_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) date_time_format: Option<String>,
}

/// `LinkPreviewOptions`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct LinkPreviewOptions {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) is_disabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) prefer_small_media: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) prefer_large_media: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) show_above_text: bool,
}

/// `MessageOrigin`.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum MessageOrigin {
    User {
        date: i64,
        sender_user: User,
    },
    HiddenUser {
        date: i64,
        sender_user_name: String,
    },
    Chat {
        date: i64,
        sender_chat: Chat,
        #[serde(skip_serializing_if = "Option::is_none")]
        author_signature: Option<String>,
    },
    Channel {
        date: i64,
        chat: Chat,
        message_id: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        author_signature: Option<String>,
    },
}

/// `Message` (the fields gramd produces).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Message {
    pub(crate) message_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message_thread_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sender_chat: Option<Chat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sender_business_bot: Option<User>,
    pub(crate) date: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) business_connection_id: Option<String>,
    pub(crate) chat: Chat,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) is_topic_message: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forward_origin: Option<MessageOrigin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reply_to_message: Option<Box<Message>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) via_bot: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) edit_date: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) has_protected_content: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) entities: Vec<MessageEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) link_preview_options: Option<LinkPreviewOptions>,
    /// The media fields of a media message (none for others).
    #[serde(flatten)]
    pub(crate) media: crate::media::MessageMedia,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) contact: Option<Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) poll: Option<Poll>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dice: Option<Dice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) venue: Option<Venue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_chat_members: Option<Vec<User>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) left_chat_member: Option<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_chat_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_chat_photo: Option<Vec<crate::media::PhotoSize>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) delete_chat_photo: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) group_chat_created: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) supergroup_chat_created: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) channel_chat_created: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pinned_message: Option<MaybeInaccessibleMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) write_access_allowed: Option<WriteAccessAllowed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) web_app_data: Option<WebAppData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forum_topic_created: Option<ForumTopicCreated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forum_topic_edited: Option<ForumTopicEdited>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forum_topic_closed: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forum_topic_reopened: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) general_forum_topic_hidden: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) general_forum_topic_unhidden: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reply_markup: Option<InlineKeyboardMarkup>,
}

/// An object without fields (`ForumTopicClosed`, `ForumTopicReopened`,
/// `GeneralForumTopicHidden`, `GeneralForumTopicUnhidden`).
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Empty {}

/// `ForumTopicCreated`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ForumTopicCreated {
    pub(crate) name: String,
    pub(crate) icon_color: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) icon_custom_emoji_id: Option<String>,
}

/// `ForumTopicEdited`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ForumTopicEdited {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) icon_custom_emoji_id: Option<String>,
}

/// `ForumTopic`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ForumTopic {
    pub(crate) message_thread_id: i32,
    pub(crate) name: String,
    pub(crate) icon_color: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) icon_custom_emoji_id: Option<String>,
}

/// `WriteAccessAllowed`.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct WriteAccessAllowed {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) from_request: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) web_app_name: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) from_attachment_menu: bool,
}

/// `Contact`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Contact {
    pub(crate) phone_number: String,
    pub(crate) first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) vcard: Option<String>,
}

/// `Poll`.
#[derive(Clone, Debug, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Poll {
    pub(crate) id: String,
    pub(crate) question: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) question_entities: Vec<MessageEntity>,
    pub(crate) options: Vec<PollOption>,
    pub(crate) total_voter_count: u32,
    pub(crate) is_closed: bool,
    pub(crate) is_anonymous: bool,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) allows_multiple_answers: bool,
    pub(crate) allows_revoting: bool,
    pub(crate) members_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) correct_option_ids: Option<Vec<u8>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) explanation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) explanation_entities: Vec<MessageEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) open_period: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) close_date: Option<i64>,
}

/// `PollOption`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PollOption {
    pub(crate) persistent_id: String,
    pub(crate) text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) text_entities: Vec<MessageEntity>,
    pub(crate) voter_count: u32,
}

/// `PollAnswer`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PollAnswer {
    pub(crate) poll_id: String,
    pub(crate) user: User,
    pub(crate) option_ids: Vec<u8>,
    pub(crate) option_persistent_ids: Vec<String>,
}

/// `Dice`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Dice {
    pub(crate) emoji: String,
    pub(crate) value: i32,
}

/// `Location`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Location {
    pub(crate) latitude: f64,
    pub(crate) longitude: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) horizontal_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) live_period: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) heading: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) proximity_alert_radius: Option<i32>,
}

/// `Venue`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Venue {
    pub(crate) location: Location,
    pub(crate) title: String,
    pub(crate) address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) foursquare_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) foursquare_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) google_place_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) google_place_type: Option<String>,
}

/// `WebAppData`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct WebAppData {
    pub(crate) data: String,
    pub(crate) button_text: String,
}

/// `MaybeInaccessibleMessage`: a message, or what is left of one that is gone.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum MaybeInaccessibleMessage {
    Message(Box<Message>),
    Inaccessible {
        chat: Chat,
        message_id: i32,
        /// Always 0.
        date: i64,
    },
}

/// `InlineKeyboardMarkup`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct InlineKeyboardMarkup {
    pub(crate) inline_keyboard: Vec<Vec<serde_json::Value>>,
}

/// `CallbackQuery`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CallbackQuery {
    pub(crate) id: String,
    pub(crate) from: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<Box<Message>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) inline_message_id: Option<String>,
    pub(crate) chat_instance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) data: Option<String>,
}

/// `ChatMember` (all six kinds, discriminated by `status`).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub(crate) enum ChatMember {
    Creator {
        user: User,
        is_anonymous: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        custom_title: Option<String>,
    },
    Administrator {
        user: User,
        can_be_edited: bool,
        #[serde(flatten)]
        rights: AdministratorRights,
        #[serde(skip_serializing_if = "Option::is_none")]
        custom_title: Option<String>,
    },
    Member {
        #[serde(skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
        user: User,
        #[serde(skip_serializing_if = "Option::is_none")]
        until_date: Option<i64>,
    },
    Restricted {
        #[serde(skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
        user: User,
        is_member: bool,
        #[serde(flatten)]
        permissions: ChatPermissions,
        until_date: i64,
    },
    Left {
        user: User,
    },
    Kicked {
        user: User,
        until_date: i64,
    },
}

/// `ChatAdministratorRights`, also the rights of a `ChatMemberAdministrator`, in the
/// reference server's order; the fields of one kind of chat only are left out of the others.
#[derive(Clone, Debug, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct AdministratorRights {
    pub(crate) can_manage_chat: bool,
    pub(crate) can_change_info: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_post_messages: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_edit_messages: Option<bool>,
    pub(crate) can_delete_messages: bool,
    pub(crate) can_invite_users: bool,
    pub(crate) can_restrict_members: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_pin_messages: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_manage_topics: Option<bool>,
    pub(crate) can_promote_members: bool,
    pub(crate) can_manage_video_chats: bool,
    pub(crate) can_post_stories: bool,
    pub(crate) can_edit_stories: bool,
    pub(crate) can_delete_stories: bool,
    /// Bot API 10.3: current libraries (aiogram 3.31, frankenstein 0.52) require it.
    pub(crate) can_send_welcome_messages: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_manage_direct_messages: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) can_manage_tags: Option<bool>,
    pub(crate) is_anonymous: bool,
}

/// `ChatMemberUpdated`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChatMemberUpdated {
    pub(crate) chat: Chat,
    pub(crate) from: User,
    pub(crate) date: i64,
    pub(crate) old_chat_member: ChatMember,
    pub(crate) new_chat_member: ChatMember,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invite_link: Option<ChatInviteLink>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) via_join_request: bool,
}

/// `ChatJoinRequest`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChatJoinRequest {
    pub(crate) chat: Chat,
    pub(crate) from: User,
    pub(crate) user_chat_id: i64,
    pub(crate) date: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) invite_link: Option<ChatInviteLink>,
}

/// `InlineQuery` (gramd's clients send no location).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct InlineQuery {
    pub(crate) id: String,
    pub(crate) from: User,
    pub(crate) query: String,
    pub(crate) offset: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) chat_type: Option<&'static str>,
}

/// `ChosenInlineResult` (gramd's clients send no location).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChosenInlineResult {
    pub(crate) result_id: String,
    pub(crate) from: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) inline_message_id: Option<String>,
    pub(crate) query: String,
}

/// `PreparedInlineMessage`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PreparedInlineMessage {
    pub(crate) id: String,
    pub(crate) expiration_date: i64,
}

/// `Update`: `update_id` and exactly one payload.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Update {
    pub(crate) update_id: i64,
    #[serde(flatten)]
    pub(crate) payload: UpdatePayload,
}

/// The payload of an `Update`, named after its field.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UpdatePayload {
    Message(Message),
    EditedMessage(Message),
    ChannelPost(Message),
    EditedChannelPost(Message),
    InlineQuery(InlineQuery),
    ChosenInlineResult(ChosenInlineResult),
    CallbackQuery(CallbackQuery),
    MyChatMember(ChatMemberUpdated),
    ChatMember(ChatMemberUpdated),
    ChatJoinRequest(ChatJoinRequest),
    BusinessConnection(BusinessConnection),
    BusinessMessage(Message),
    EditedBusinessMessage(Message),
    DeletedBusinessMessages(BusinessMessagesDeleted),
    Poll(Poll),
    PollAnswer(PollAnswer),
    MessageReaction(MessageReactionUpdated),
    MessageReactionCount(MessageReactionCountUpdated),
}

/// `ReactionType`: `ReactionTypeEmoji` or `ReactionTypeCustomEmoji`.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ReactionType {
    Emoji { emoji: String },
    CustomEmoji { custom_emoji_id: String },
}

/// `ReactionCount`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReactionCount {
    #[serde(rename = "type")]
    pub(crate) kind: ReactionType,
    pub(crate) total_count: u32,
}

/// `MessageReactionUpdated`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MessageReactionUpdated {
    pub(crate) chat: Chat,
    pub(crate) message_id: i32,
    pub(crate) user: User,
    pub(crate) date: i64,
    pub(crate) old_reaction: Vec<ReactionType>,
    pub(crate) new_reaction: Vec<ReactionType>,
}

/// `MessageReactionCountUpdated`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MessageReactionCountUpdated {
    pub(crate) chat: Chat,
    pub(crate) message_id: i32,
    pub(crate) date: i64,
    pub(crate) reactions: Vec<ReactionCount>,
}

/// `BusinessConnection`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BusinessConnection {
    pub(crate) id: String,
    pub(crate) user: User,
    pub(crate) user_chat_id: i64,
    pub(crate) date: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rights: Option<BusinessBotRights>,
    pub(crate) is_enabled: bool,
}

/// `BusinessBotRights`: every right is an optional `true`.
#[derive(Clone, Debug, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct BusinessBotRights {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_reply: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_read_messages: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_delete_sent_messages: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_delete_all_messages: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_edit_name: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_edit_bio: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_edit_profile_photo: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_edit_username: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_change_gift_settings: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_view_gifts_and_stars: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_convert_gifts_to_stars: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_transfer_and_upgrade_gifts: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_transfer_stars: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) can_manage_stories: bool,
}

impl From<gramd_core::business::BusinessRights> for BusinessBotRights {
    fn from(r: gramd_core::business::BusinessRights) -> Self {
        Self {
            can_reply: r.can_reply,
            can_read_messages: r.can_read_messages,
            can_delete_sent_messages: r.can_delete_sent_messages,
            can_delete_all_messages: r.can_delete_all_messages,
            can_edit_name: r.can_edit_name,
            can_edit_bio: r.can_edit_bio,
            can_edit_profile_photo: r.can_edit_profile_photo,
            can_edit_username: r.can_edit_username,
            can_change_gift_settings: r.can_change_gift_settings,
            can_view_gifts_and_stars: r.can_view_gifts_and_stars,
            can_convert_gifts_to_stars: r.can_convert_gifts_to_stars,
            can_transfer_and_upgrade_gifts: r.can_transfer_and_upgrade_gifts,
            can_transfer_stars: r.can_transfer_stars,
            can_manage_stories: r.can_manage_stories,
        }
    }
}

/// `BusinessMessagesDeleted`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BusinessMessagesDeleted {
    pub(crate) business_connection_id: String,
    pub(crate) chat: Chat,
    pub(crate) message_ids: Vec<i32>,
}
