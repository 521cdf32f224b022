//! Business connections: a user lets one bot act in their private chats
//! (<https://core.telegram.org/api/bots/connected-business-bots>).
//!
//! A [`BusinessConnection`] names the user, the bot, the [`BusinessRights`] the user granted
//! and the [`BusinessRecipients`]: which private chats the bot may see and answer. While it
//! is enabled, new, edited and deleted messages of the covered chats reach the bot as
//! `business_message`, `edited_business_message` and `deleted_business_messages` updates,
//! and the bot may send into those chats as the user (within its rights).

use serde::{Deserialize, Serialize};

use crate::ids::UserId;

/// What a connected bot may do for the user (`businessBotRights`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
#[serde(default)]
pub struct BusinessRights {
    /// Send and edit messages in the covered chats that had incoming messages in the last
    /// 24 hours.
    pub can_reply: bool,
    /// Mark incoming messages as read.
    pub can_read_messages: bool,
    /// Delete messages the bot sent.
    pub can_delete_sent_messages: bool,
    /// Delete any message of the covered chats.
    pub can_delete_all_messages: bool,
    /// Change the user's name.
    pub can_edit_name: bool,
    /// Change the user's bio.
    pub can_edit_bio: bool,
    /// Change the user's profile photo.
    pub can_edit_profile_photo: bool,
    /// Change the user's username.
    pub can_edit_username: bool,
    /// See the user's gifts and Stars.
    pub can_view_gifts_and_stars: bool,
    /// Convert the user's gifts to Stars.
    pub can_convert_gifts_to_stars: bool,
    /// Change the user's gift settings.
    pub can_change_gift_settings: bool,
    /// Transfer and upgrade the user's gifts.
    pub can_transfer_and_upgrade_gifts: bool,
    /// Transfer the user's Stars.
    pub can_transfer_stars: bool,
    /// Post, edit and delete the user's stories.
    pub can_manage_stories: bool,
}

/// Which private chats a connection covers (`businessBotRecipients`).
///
/// A chat is *selected* if the other person is in [`users`](Self::users) or matches one
/// of the flags. With [`exclude_selected`](Self::exclude_selected) the connection covers
/// every private chat but the selected ones; without it, the selected ones but those in
/// [`exclude_users`](Self::exclude_users).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
#[serde(default)]
pub struct BusinessRecipients {
    /// Chats that had messages before the connection was made.
    pub existing_chats: bool,
    /// Chats whose first message came after the connection was made.
    pub new_chats: bool,
    /// Chats with the user's contacts.
    pub contacts: bool,
    /// Chats with people who are not the user's contacts.
    pub non_contacts: bool,
    /// Cover every chat but the selected ones.
    pub exclude_selected: bool,
    /// People selected by name.
    pub users: Vec<UserId>,
    /// People never covered (empty with `exclude_selected`).
    pub exclude_users: Vec<UserId>,
}

/// What the core knows of a private chat when deciding whether a connection covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatFacts {
    /// The other person.
    pub other: UserId,
    /// The chat had messages before the connection was made.
    pub existed_before: bool,
    /// The other person is one of the user's contacts.
    pub is_contact: bool,
}

impl BusinessRecipients {
    /// The recipients as Telegram stores them: with `exclude_selected`, the excluded users
    /// are merged into `users` and `exclude_users` is empty; both lists sorted, without
    /// duplicates.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        if self.exclude_selected {
            let excluded = std::mem::take(&mut self.exclude_users);
            self.users.extend(excluded);
        }
        for list in [&mut self.users, &mut self.exclude_users] {
            list.sort_unstable();
            list.dedup();
        }
        self
    }

    /// Whether nothing is selected: no flag and no user (`BUSINESS_RECIPIENTS_EMPTY`).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !(self.existing_chats
            || self.new_chats
            || self.contacts
            || self.non_contacts
            || self.exclude_selected
            || !self.users.is_empty())
    }

    /// Whether the chat is selected: named, or matching a flag.
    fn selects(&self, chat: &ChatFacts) -> bool {
        self.users.contains(&chat.other)
            || (self.existing_chats && chat.existed_before)
            || (self.new_chats && !chat.existed_before)
            || (self.contacts && chat.is_contact)
            || (self.non_contacts && !chat.is_contact)
    }

    /// Whether the recipients cover the chat.
    #[must_use]
    pub fn covers(&self, chat: &ChatFacts) -> bool {
        if self.exclude_selected {
            !self.selects(chat)
        } else {
            self.selects(chat) && !self.exclude_users.contains(&chat.other)
        }
    }

    /// Whether deciding needs to know if the chat existed before the connection (a read
    /// of its history).
    #[must_use]
    pub fn depends_on_age(&self) -> bool {
        self.existing_chats != self.new_chats
    }
}

/// A user's connection with a business bot (`botBusinessConnection` and `connectedBot`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessConnection {
    /// The connection's id: the bot names it to act for the user.
    pub id: String,
    /// The business account.
    pub user: UserId,
    /// The bot.
    pub bot: UserId,
    /// When the connection was made (Unix time).
    pub date: i64,
    /// What the bot may do.
    pub rights: BusinessRights,
    /// The chats it covers.
    pub recipients: BusinessRecipients,
    /// Whether it is in force (a disconnected bot keeps its record, disabled).
    pub enabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(other: i64, existed_before: bool, is_contact: bool) -> ChatFacts {
        ChatFacts {
            other: UserId(other),
            existed_before,
            is_contact,
        }
    }

    #[test]
    fn flags_select_chats_and_exclusions_win() {
        let r = BusinessRecipients {
            new_chats: true,
            users: vec![UserId(7)],
            exclude_users: vec![UserId(9)],
            ..BusinessRecipients::default()
        };
        assert!(r.covers(&chat(1, false, false)));
        assert!(!r.covers(&chat(1, true, false)));
        assert!(r.covers(&chat(7, true, false)));
        assert!(!r.covers(&chat(9, false, false)));
        assert!(r.depends_on_age());
    }

    #[test]
    fn exclude_selected_inverts_and_merges_the_exclusions() {
        let r = BusinessRecipients {
            exclude_selected: true,
            contacts: true,
            exclude_users: vec![UserId(5), UserId(3), UserId(5)],
            ..BusinessRecipients::default()
        }
        .normalized();
        assert_eq!(r.users, [UserId(3), UserId(5)]);
        assert!(r.exclude_users.is_empty());
        assert!(r.covers(&chat(1, true, false)));
        assert!(!r.covers(&chat(1, true, true)));
        assert!(!r.covers(&chat(5, false, false)));
        assert!(!r.is_empty());
    }

    #[test]
    fn nothing_selected_is_empty() {
        assert!(BusinessRecipients::default().is_empty());
        let r = BusinessRecipients {
            exclude_users: vec![UserId(1)],
            ..BusinessRecipients::default()
        };
        assert!(r.is_empty());
        assert!(!r.covers(&chat(2, true, true)));
    }
}
