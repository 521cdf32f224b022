//! Forum topics (<https://core.telegram.org/api/forum>,
//! <https://core.telegram.org/bots/api#createforumtopic>).
//!
//! A supergroup with `forum` on splits its messages into topics. A topic's id is the id of
//! the service message that created it (`forum_topic_created`), and every message sent to
//! it carries that id ([`crate::messages::Message::topic`]); messages without one are in the
//! General topic ([`GENERAL_TOPIC`]), which exists from the moment the forum is turned on,
//! cannot be deleted, has no icon and is the only one that can be hidden.
//!
//! The rules are Telegram's: a name of 1-128 characters; an icon color among the six
//! Telegram offers ([`ICON_COLORS`], `TOPIC_ICON_COLOR_INVALID` otherwise); creating a
//! topic needs the `can_manage_topics` right (or, for people, the members' permission),
//! editing it the right or having created it; closing, reopening, hiding and deleting need
//! the right, deleting `can_delete_messages` unless one created the topic. A closed topic
//! takes messages from administrators only (`TOPIC_CLOSED`); a hidden General topic is
//! closed too.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::ids::{MessageId, Peer, UserId};

/// The id of the General topic.
pub const GENERAL_TOPIC: MessageId = MessageId(1);
/// The name of the General topic until an administrator renames it.
pub const GENERAL_TOPIC_NAME: &str = "General";
/// The colors a topic icon may have (RGB), in Telegram's order; a topic created without
/// one gets the first.
pub const ICON_COLORS: [i32; 6] = [
    7_322_096, 16_766_590, 13_338_331, 9_367_192, 16_749_490, 16_478_047,
];
/// Longest topic name, in characters.
pub const MAX_TOPIC_NAME: usize = 128;
/// Most topics listed at once (`messages.getForumTopics`).
pub const MAX_TOPICS_PAGE: usize = 100;

/// A topic of a forum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumTopic {
    /// The forum.
    pub chat: Peer,
    /// Its id: the id of the message that created it ([`GENERAL_TOPIC`] for General).
    pub id: MessageId,
    /// Its name.
    pub name: String,
    /// Its icon's color (RGB).
    pub icon_color: i32,
    /// The custom emoji shown as its icon, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_emoji_id: Option<i64>,
    /// Who created it.
    pub creator: UserId,
    /// When (Unix time).
    pub date: i64,
    /// Only administrators may post.
    #[serde(default)]
    pub closed: bool,
    /// Hidden (the General topic only).
    #[serde(default)]
    pub hidden: bool,
    /// Pinned to the top of the forum's topic list.
    #[serde(default)]
    pub pinned: bool,
}

impl ForumTopic {
    /// Whether this is the General topic.
    #[must_use]
    pub fn is_general(&self) -> bool {
        self.id == GENERAL_TOPIC
    }

    /// The General topic of a forum turned on by `creator` at `date`.
    #[must_use]
    pub fn general(chat: Peer, creator: UserId, date: i64) -> Self {
        Self {
            chat,
            id: GENERAL_TOPIC,
            name: GENERAL_TOPIC_NAME.to_owned(),
            icon_color: ICON_COLORS[0],
            icon_emoji_id: None,
            creator,
            date,
            closed: false,
            hidden: false,
            pinned: false,
        }
    }
}

/// A topic name as Telegram takes it: trimmed, 1-128 characters.
///
/// # Errors
/// `Refused` `TOPIC_TITLE_EMPTY` or `TOPIC_TITLE_TOO_LONG`.
pub fn check_name(name: &str) -> CoreResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::refused("TOPIC_TITLE_EMPTY"));
    }
    if name.chars().count() > MAX_TOPIC_NAME {
        return Err(CoreError::refused("TOPIC_TITLE_TOO_LONG"));
    }
    Ok(name.to_owned())
}

/// An icon color: one of [`ICON_COLORS`], the first if none is given.
///
/// # Errors
/// `Refused` `TOPIC_ICON_COLOR_INVALID`.
pub fn check_icon_color(color: Option<i32>) -> CoreResult<i32> {
    match color {
        None => Ok(ICON_COLORS[0]),
        Some(color) if ICON_COLORS.contains(&color) => Ok(color),
        Some(_) => Err(CoreError::refused("TOPIC_ICON_COLOR_INVALID")),
    }
}

/// Changes to a topic's name and icon (`None`: unchanged).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicEdit {
    /// A new name.
    pub name: Option<String>,
    /// A new icon: `Some(None)` removes it.
    pub icon_emoji_id: Option<Option<i64>>,
}

/// Most topics pinned in one forum (Telegram's `topics_pinned_limit`).
pub const MAX_PINNED_TOPICS: usize = 5;

/// A change of a topic's state, each recorded by a service message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicToggle {
    /// Close it (or reopen it).
    Closed(bool),
    /// Hide the General topic (or show it again).
    Hidden(bool),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_colors_follow_telegram() {
        assert_eq!(check_name("  Ideas "), Ok("Ideas".to_owned()));
        assert_eq!(
            check_name(" "),
            Err(CoreError::refused("TOPIC_TITLE_EMPTY"))
        );
        assert!(check_name(&"é".repeat(MAX_TOPIC_NAME)).is_ok());
        assert_eq!(
            check_name(&"x".repeat(MAX_TOPIC_NAME + 1)),
            Err(CoreError::refused("TOPIC_TITLE_TOO_LONG"))
        );
        assert_eq!(check_icon_color(None), Ok(7_322_096));
        for color in ICON_COLORS {
            assert_eq!(check_icon_color(Some(color)), Ok(color));
        }
        assert_eq!(
            check_icon_color(Some(0xFF0000)),
            Err(CoreError::refused("TOPIC_ICON_COLOR_INVALID"))
        );
    }
}
