//! The entity model shared by every layer of gramd.

use serde::{Deserialize, Serialize};

/// Number of UTF-16 code units in `s`: the unit of every entity offset and length.
#[must_use]
pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// One styled or detected span of a message text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageEntity {
    /// What the span is.
    pub kind: EntityKind,
    /// Start of the span, in UTF-16 code units from the start of the text.
    pub offset: u32,
    /// Length of the span, in UTF-16 code units.
    pub length: u32,
}

/// The kinds of entity, named as in the Bot API `MessageEntity.type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntityKind {
    /// `@username`.
    Mention,
    /// `#hashtag` or `#hashtag@chatusername`.
    Hashtag,
    /// `$USD` or `$USD@chatusername`.
    Cashtag,
    /// `/start@jobs_bot`.
    BotCommand,
    /// `https://telegram.org`.
    Url,
    /// `do-not-reply@telegram.org`.
    Email,
    /// `+1-212-555-0123`.
    PhoneNumber,
    /// Bold text.
    Bold,
    /// Italic text.
    Italic,
    /// Underlined text.
    Underline,
    /// Strikethrough text.
    Strikethrough,
    /// Spoiler message.
    Spoiler,
    /// Block quotation.
    Blockquote,
    /// Collapsed-by-default block quotation.
    ExpandableBlockquote,
    /// Monowidth string.
    Code,
    /// Monowidth block, with an optional programming language.
    Pre {
        /// The programming language of the block, if given.
        language: Option<String>,
    },
    /// A clickable text URL.
    TextLink {
        /// The URL opened on tap.
        url: String,
    },
    /// A mention of a user without a username, by id.
    TextMention {
        /// The mentioned user.
        user_id: i64,
    },
    /// An inline custom emoji sticker.
    CustomEmoji {
        /// Unique identifier of the custom emoji.
        custom_emoji_id: String,
    },
    /// A formatted date and time.
    DateTime {
        /// The Unix time shown.
        unix_time: i64,
        /// The format string, if any.
        date_time_format: Option<String>,
    },
}

impl EntityKind {
    /// The Bot API name of this kind (`MessageEntity.type`).
    #[must_use]
    pub fn bot_api_name(&self) -> &'static str {
        match self {
            Self::Mention => "mention",
            Self::Hashtag => "hashtag",
            Self::Cashtag => "cashtag",
            Self::BotCommand => "bot_command",
            Self::Url => "url",
            Self::Email => "email",
            Self::PhoneNumber => "phone_number",
            Self::Bold => "bold",
            Self::Italic => "italic",
            Self::Underline => "underline",
            Self::Strikethrough => "strikethrough",
            Self::Spoiler => "spoiler",
            Self::Blockquote => "blockquote",
            Self::ExpandableBlockquote => "expandable_blockquote",
            Self::Code => "code",
            Self::Pre { .. } => "pre",
            Self::TextLink { .. } => "text_link",
            Self::TextMention { .. } => "text_mention",
            Self::CustomEmoji { .. } => "custom_emoji",
            Self::DateTime { .. } => "date_time",
        }
    }

    /// Whether a sender may set this kind explicitly (formatting, links, mentions by id,
    /// custom emoji, date-times). The others (`mention`, `hashtag`, `cashtag`,
    /// `bot_command`, `url`, `email`, `phone_number`) only ever come from Telegram's own
    /// detection: TDLib drops them from the entities a bot sends before anything else.
    #[must_use]
    pub fn is_explicit(&self) -> bool {
        !matches!(
            self,
            Self::Mention
                | Self::Hashtag
                | Self::Cashtag
                | Self::BotCommand
                | Self::Url
                | Self::Email
                | Self::PhoneNumber
        )
    }
}

/// Text with its entities, sorted by offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormattedText {
    /// The plain text.
    pub text: String,
    /// The entities, sorted by offset (then by length, longest first).
    pub entities: Vec<MessageEntity>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("aé"), 2);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len("➡️"), 2);
    }

    #[test]
    fn explicit_kinds() {
        assert!(EntityKind::Bold.is_explicit());
        assert!(
            EntityKind::TextLink {
                url: "http://a.b/".into()
            }
            .is_explicit()
        );
        assert!(EntityKind::ExpandableBlockquote.is_explicit());
        assert!(!EntityKind::Url.is_explicit());
        assert!(!EntityKind::Mention.is_explicit());
        assert!(!EntityKind::PhoneNumber.is_explicit());
    }
}
