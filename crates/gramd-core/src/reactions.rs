//! Message reactions (<https://core.telegram.org/api/reactions>,
//! <https://core.telegram.org/bots/api#setmessagereaction>).
//!
//! Every user (or bot) chooses its own reactions on a message; a message's reactions are
//! the choices of all, shared by every copy of it (they are kept under the message's
//! `gid`). The rules are those of Telegram for accounts without Premium:
//! - a reaction is one of Telegram's standard emoji ([`STANDARD_EMOJI`]); custom emoji
//!   reactions need Premium or a chat that lists them, and gramd has neither, so they are
//!   refused (`REACTION_INVALID`), as are paid reactions;
//! - one reaction per user and message ([`MAX_REACTIONS_PER_USER`]; more is
//!   `REACTIONS_TOO_MANY`), which replaces the user's earlier one;
//! - at most [`MAX_DISTINCT_REACTIONS`] different reactions on one message; past that only
//!   those already there may be chosen (`REACTIONS_TOO_MANY`, Telegram's
//!   `reactions_uniq_max`);
//! - a group's or channel's administrators choose which reactions its members may use
//!   ([`AvailableReactions`]); private chats allow every standard one. A reaction the chat
//!   does not allow is `REACTION_INVALID`.
//!
//! Reactions in broadcast channels are anonymous: members see counts, not who chose what.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::ids::{MessageId, Peer, UserId};

/// The emoji Telegram offers as reactions, in its order (the Bot API's `ReactionTypeEmoji`
/// list; `messages.getAvailableReactions`).
pub const STANDARD_EMOJI: [&str; 73] = [
    "❤",
    "👍",
    "👎",
    "🔥",
    "🥰",
    "👏",
    "😁",
    "🤔",
    "🤯",
    "😱",
    "🤬",
    "😢",
    "🎉",
    "🤩",
    "🤮",
    "💩",
    "🙏",
    "👌",
    "🕊",
    "🤡",
    "🥱",
    "🥴",
    "😍",
    "🐳",
    "❤\u{200d}🔥",
    "🌚",
    "🌭",
    "💯",
    "🤣",
    "⚡",
    "🍌",
    "🏆",
    "💔",
    "🤨",
    "😐",
    "🍓",
    "🍾",
    "💋",
    "🖕",
    "😈",
    "😴",
    "😭",
    "🤓",
    "👻",
    "👨\u{200d}💻",
    "👀",
    "🎃",
    "🙈",
    "😇",
    "😨",
    "🤝",
    "✍",
    "🤗",
    "🫡",
    "🎅",
    "🎄",
    "☃",
    "💅",
    "🤪",
    "🗿",
    "🆒",
    "💘",
    "🙉",
    "🦄",
    "😘",
    "💊",
    "🙊",
    "😎",
    "👾",
    "🤷\u{200d}♂",
    "🤷",
    "🤷\u{200d}♀",
    "😡",
];

/// Most reactions one user (or bot) sets on one message without Premium.
pub const MAX_REACTIONS_PER_USER: usize = 1;
/// Most different reactions one message shows (Telegram's `reactions_uniq_max`).
pub const MAX_DISTINCT_REACTIONS: usize = 11;
/// Most reactions listed at once (`messages.getMessageReactionsList`).
pub const MAX_REACTIONS_PAGE: usize = 100;
/// Most of a user's recent reactions `deleteAllMessageReactions` removes.
pub const MAX_DELETED_REACTIONS: usize = 10_000;

/// A reaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Reaction {
    /// An emoji (one of [`STANDARD_EMOJI`] once checked).
    Emoji(String),
    /// A custom emoji, by its document id (refused: see the module docs).
    CustomEmoji(i64),
}

impl Reaction {
    /// An emoji reaction.
    #[must_use]
    pub fn emoji(emoji: impl Into<String>) -> Self {
        Self::Emoji(emoji.into())
    }

    /// Whether Telegram offers this reaction to accounts without Premium: one of the
    /// standard emoji.
    #[must_use]
    pub fn is_standard(&self) -> bool {
        match self {
            Self::Emoji(emoji) => STANDARD_EMOJI.contains(&emoji.as_str()),
            Self::CustomEmoji(_) => false,
        }
    }
}

/// Which reactions the members of a chat may use, as its administrators set it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "reactions", rename_all = "snake_case")]
pub enum AvailableReactions {
    /// Every standard reaction (a new chat's setting).
    #[default]
    All,
    /// These reactions only (standard ones, in the order given).
    Some(Vec<Reaction>),
    /// None: reactions are off.
    None,
}

impl AvailableReactions {
    /// The setting for these reactions, checked: standard ones, each once; an empty list
    /// turns reactions off.
    ///
    /// # Errors
    /// `Refused` `REACTION_INVALID` for one that is not a standard emoji.
    pub fn some(reactions: Vec<Reaction>) -> CoreResult<Self> {
        let mut kept: Vec<Reaction> = Vec::with_capacity(reactions.len());
        for reaction in reactions {
            if !reaction.is_standard() {
                return Err(CoreError::refused("REACTION_INVALID"));
            }
            if !kept.contains(&reaction) {
                kept.push(reaction);
            }
        }
        Ok(if kept.is_empty() {
            Self::None
        } else {
            Self::Some(kept)
        })
    }

    /// Whether members may use `reaction`.
    #[must_use]
    pub fn allows(&self, reaction: &Reaction) -> bool {
        reaction.is_standard()
            && match self {
                Self::All => true,
                Self::Some(allowed) => allowed.contains(reaction),
                Self::None => false,
            }
    }
}

/// One user's reactions on a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserReactions {
    /// Who reacted.
    pub user: UserId,
    /// The reactions, in the order chosen.
    pub reactions: Vec<Reaction>,
    /// Shown with the big animation.
    #[serde(default)]
    pub big: bool,
    /// When they were chosen (Unix time).
    pub date: i64,
}

/// Every user's reactions on one message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageReactions {
    /// The message (shared by its copies).
    pub gid: i64,
    /// The users' reactions, in the order they last changed them (oldest first).
    pub by_user: Vec<UserReactions>,
}

/// A reaction with how many users chose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCount {
    /// The reaction.
    pub reaction: Reaction,
    /// How many chose it.
    pub count: u32,
}

impl MessageReactions {
    /// Whether nobody reacted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_user.is_empty()
    }

    /// `user`'s reactions (none if they chose none).
    #[must_use]
    pub fn of(&self, user: UserId) -> &[Reaction] {
        self.by_user
            .iter()
            .find(|r| r.user == user)
            .map_or(&[], |r| r.reactions.as_slice())
    }

    /// The reactions with their counts, most chosen first, then in the order they first
    /// appeared.
    #[must_use]
    pub fn counts(&self) -> Vec<ReactionCount> {
        let mut counts: Vec<ReactionCount> = Vec::new();
        for reaction in self.by_user.iter().flat_map(|r| &r.reactions) {
            match counts.iter_mut().find(|c| &c.reaction == reaction) {
                Some(count) => count.count += 1,
                None => counts.push(ReactionCount {
                    reaction: reaction.clone(),
                    count: 1,
                }),
            }
        }
        // A stable sort keeps first appearances in order among equal counts.
        counts.sort_by_key(|c| std::cmp::Reverse(c.count));
        counts
    }

    /// Replaces `user`'s reactions (none: removes them); the new choice is the latest.
    pub fn set(&mut self, choice: UserReactions) {
        self.by_user.retain(|r| r.user != choice.user);
        if !choice.reactions.is_empty() {
            self.by_user.push(choice);
        }
    }

    /// Checks `user` choosing `wanted` where `available` applies: each a reaction the chat
    /// allows, at most [`MAX_REACTIONS_PER_USER`], and no new reaction once the message
    /// shows [`MAX_DISTINCT_REACTIONS`] others. Returns the choice with duplicates dropped.
    ///
    /// # Errors
    /// `Refused` `REACTION_INVALID` or `REACTIONS_TOO_MANY`.
    pub fn check_choice(
        &self,
        user: UserId,
        wanted: Vec<Reaction>,
        available: &AvailableReactions,
    ) -> CoreResult<Vec<Reaction>> {
        let mut chosen: Vec<Reaction> = Vec::with_capacity(wanted.len());
        for reaction in wanted {
            if !available.allows(&reaction) {
                return Err(CoreError::refused("REACTION_INVALID"));
            }
            if !chosen.contains(&reaction) {
                chosen.push(reaction);
            }
        }
        if chosen.len() > MAX_REACTIONS_PER_USER {
            return Err(CoreError::refused("REACTIONS_TOO_MANY"));
        }
        let others: Vec<Reaction> = self
            .by_user
            .iter()
            .filter(|r| r.user != user)
            .flat_map(|r| r.reactions.iter().cloned())
            .collect();
        let mut distinct: Vec<&Reaction> = Vec::new();
        for reaction in others.iter().chain(&chosen) {
            if !distinct.contains(&reaction) {
                distinct.push(reaction);
            }
        }
        if distinct.len() > MAX_DISTINCT_REACTIONS {
            return Err(CoreError::refused("REACTIONS_TOO_MANY"));
        }
        Ok(chosen)
    }
}

/// A user's reactions on a message changed (Bot API `message_reaction`, for the bot's copy
/// of the message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionUpdate {
    /// The chat, as the bot sees it.
    pub chat: Peer,
    /// The message's id in the bot's view of the chat.
    pub message_id: MessageId,
    /// Who changed their reactions.
    pub user: UserId,
    /// When.
    pub date: i64,
    /// Their reactions before.
    pub old: Vec<Reaction>,
    /// Their reactions after.
    pub new: Vec<Reaction>,
}

/// The anonymous reactions of a message changed (Bot API `message_reaction_count`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCountUpdate {
    /// The chat.
    pub chat: Peer,
    /// The message's id in the chat.
    pub message_id: MessageId,
    /// When.
    pub date: i64,
    /// The reactions now on the message, with their counts.
    pub counts: Vec<ReactionCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(user: i64, emoji: &str, date: i64) -> UserReactions {
        UserReactions {
            user: UserId(user),
            reactions: vec![Reaction::emoji(emoji)],
            big: false,
            date,
        }
    }

    #[test]
    fn only_standard_emoji_the_chat_allows() {
        let none = MessageReactions::default();
        let me = UserId(1);
        let all = AvailableReactions::All;
        assert_eq!(
            none.check_choice(me, vec![Reaction::emoji("👍")], &all),
            Ok(vec![Reaction::emoji("👍")])
        );
        for bad in [
            Reaction::emoji("❤️"),
            Reaction::emoji("x"),
            Reaction::CustomEmoji(5),
        ] {
            assert_eq!(
                none.check_choice(me, vec![bad], &all),
                Err(CoreError::refused("REACTION_INVALID"))
            );
        }
        let some = AvailableReactions::some(vec![Reaction::emoji("🔥")]).unwrap();
        assert!(some.allows(&Reaction::emoji("🔥")));
        assert_eq!(
            none.check_choice(me, vec![Reaction::emoji("👍")], &some),
            Err(CoreError::refused("REACTION_INVALID"))
        );
        assert_eq!(
            none.check_choice(me, vec![Reaction::emoji("🔥")], &AvailableReactions::None),
            Err(CoreError::refused("REACTION_INVALID"))
        );
        assert_eq!(
            AvailableReactions::some(vec![]),
            Ok(AvailableReactions::None)
        );
        assert_eq!(
            AvailableReactions::some(vec![Reaction::emoji("nope")]),
            Err(CoreError::refused("REACTION_INVALID"))
        );
    }

    #[test]
    fn one_reaction_per_user_and_eleven_per_message() {
        let mut msg = MessageReactions::default();
        let all = AvailableReactions::All;
        assert_eq!(
            msg.check_choice(
                UserId(1),
                vec![Reaction::emoji("👍"), Reaction::emoji("🔥")],
                &all
            ),
            Err(CoreError::refused("REACTIONS_TOO_MANY"))
        );
        // The same one twice is one.
        assert_eq!(
            msg.check_choice(
                UserId(1),
                vec![Reaction::emoji("👍"), Reaction::emoji("👍")],
                &all
            )
            .map(|c| c.len()),
            Ok(1)
        );
        for (i, emoji) in STANDARD_EMOJI
            .iter()
            .take(MAX_DISTINCT_REACTIONS)
            .enumerate()
        {
            msg.set(choice(10 + i as i64, emoji, 100));
        }
        let twelfth = Reaction::emoji(STANDARD_EMOJI[MAX_DISTINCT_REACTIONS]);
        assert_eq!(
            msg.check_choice(UserId(1), vec![twelfth.clone()], &all),
            Err(CoreError::refused("REACTIONS_TOO_MANY"))
        );
        // One already there may be chosen; and a user replacing the only one of a kind may
        // choose a new one.
        assert!(
            msg.check_choice(UserId(1), vec![Reaction::emoji(STANDARD_EMOJI[0])], &all)
                .is_ok()
        );
        assert!(msg.check_choice(UserId(10), vec![twelfth], &all).is_ok());
    }

    #[test]
    fn counts_and_replacing_a_choice() {
        let mut msg = MessageReactions::default();
        msg.set(choice(1, "👍", 10));
        msg.set(choice(2, "🔥", 11));
        msg.set(choice(3, "🔥", 12));
        let counts = msg.counts();
        assert_eq!(counts[0].reaction, Reaction::emoji("🔥"));
        assert_eq!(counts[0].count, 2);
        assert_eq!(counts[1].count, 1);
        msg.set(choice(1, "🔥", 13));
        assert_eq!(msg.counts().len(), 1);
        assert_eq!(msg.of(UserId(1)), [Reaction::emoji("🔥")]);
        assert_eq!(msg.by_user.last().map(|r| r.user), Some(UserId(1)));
        msg.set(UserReactions {
            user: UserId(2),
            reactions: vec![],
            big: false,
            date: 14,
        });
        assert_eq!(msg.by_user.len(), 2);
        assert!(msg.of(UserId(2)).is_empty());
    }
}
