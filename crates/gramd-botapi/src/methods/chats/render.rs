//! Chats as `getChat` shows them.

use gramd_core::ChatView;
use gramd_core::chats::ChatKind;
use gramd_core::reactions::AvailableReactions;
use serde::Serialize;

use gramd_core::media::{FileSlot, Photo};

use crate::media::MediaRenderer;
use crate::render;
use crate::types::{Chat, ChatPermissions, Message, ReactionType};

/// `ChatFullInfo` (the fields gramd knows).
#[derive(Clone, Debug, Serialize)]
pub(super) struct ChatFullInfo {
    #[serde(flatten)]
    chat: Chat,
    accent_color_id: i32,
    max_reaction_count: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<ChatPhoto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emoji_status_custom_emoji_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emoji_status_expiration_date: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    available_reactions: Option<Vec<ReactionType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invite_link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pinned_message: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: Option<ChatPermissions>,
    accepted_gift_types: AcceptedGiftTypes,
    #[serde(skip_serializing_if = "Option::is_none")]
    sticker_set_name: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    can_set_sticker_set: bool,
}

impl ChatFullInfo {
    /// A supergroup's sticker set, and whether the bot may change it.
    pub(super) fn set_stickers(&mut self, name: Option<String>, can_set: bool) {
        self.sticker_set_name = name;
        self.can_set_sticker_set = can_set;
    }
}

/// `ChatPhoto`: the chat photo's smallest and largest sizes.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ChatPhoto {
    small_file_id: String,
    small_file_unique_id: String,
    big_file_id: String,
    big_file_unique_id: String,
}

/// A chat's photo as `getChat` shows it to the bot.
pub(super) fn chat_photo(media: &MediaRenderer<'_>, photo: &Photo) -> Option<ChatPhoto> {
    let (small, big) = (photo.sizes.first()?, photo.largest()?);
    let small = media.ids(photo.id, FileSlot::PhotoSize(small.kind), &small.file);
    let big = media.ids(photo.id, FileSlot::PhotoSize(big.kind), &big.file);
    Some(ChatPhoto {
        small_file_id: small.file_id,
        small_file_unique_id: small.file_unique_id,
        big_file_id: big.file_id,
        big_file_unique_id: big.file_unique_id,
    })
}

/// `AcceptedGiftTypes`.
#[derive(Clone, Debug, Default, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub(super) struct AcceptedGiftTypes {
    unlimited_gifts: bool,
    limited_gifts: bool,
    unique_gifts: bool,
    premium_subscription: bool,
    gifts_from_channels: bool,
}

/// `available_reactions`: omitted when every emoji reaction is allowed, empty when none is.
fn available_reactions(available: &AvailableReactions) -> Option<Vec<ReactionType>> {
    match available {
        AvailableReactions::All => None,
        AvailableReactions::Some(reactions) => {
            Some(reactions.iter().map(render::reaction_type).collect())
        }
        AvailableReactions::None => Some(Vec::new()),
    }
}

/// A chat as `getChat` shows it, with the bot's primary invite link (if it may manage
/// links there) and the most recently pinned message.
pub(super) fn full_info(
    view: &ChatView,
    photo: Option<ChatPhoto>,
    invite_link: Option<String>,
    pinned_message: Option<Message>,
    now: i64,
) -> ChatFullInfo {
    let (bio, description, permissions, available_reactions) = match view {
        ChatView::Chat(chat) => (
            None,
            chat.description.clone(),
            (chat.kind != ChatKind::Channel).then(|| chat.permissions.into()),
            available_reactions(&chat.available_reactions),
        ),
        ChatView::User(user) => (user.about.clone(), None, None, None),
    };
    let emoji_status = match view {
        ChatView::User(user) => user.emoji_status.filter(|s| s.is_active(now)),
        ChatView::Chat(_) => None,
    };
    ChatFullInfo {
        chat: render::chat(view),
        emoji_status_custom_emoji_id: emoji_status.map(|s| s.custom_emoji_id.to_string()),
        emoji_status_expiration_date: emoji_status.and_then(|s| s.until),
        accent_color_id: 0,
        max_reaction_count: 11,
        photo,
        bio,
        available_reactions,
        description,
        invite_link,
        pinned_message,
        permissions,
        accepted_gift_types: AcceptedGiftTypes::default(),
        sticker_set_name: None,
        can_set_sticker_set: false,
    }
}
