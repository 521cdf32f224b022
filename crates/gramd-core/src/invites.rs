//! Invite links and join requests (<https://core.telegram.org/api/invites>).
//!
//! Every administrator who may invite users has links of its own: one primary link,
//! replaced on demand, and any number of additional ones with a name, an expiry date, a
//! member limit or the need for an administrator's approval (a join request). A link is
//! `https://t.me/+<hash>`; the hash is what the client API passes around.

use serde::{Deserialize, Serialize};

use crate::ids::{Peer, UserId};

/// What every invite link starts with, before its hash.
pub const LINK_PREFIX: &str = "https://t.me/+";
/// Longest name of a link, in characters.
pub const MAX_LINK_NAME: usize = 32;
/// Largest member limit of a link.
pub const MAX_MEMBER_LIMIT: u32 = 99_999;
/// Characters of a hash shown to those who did not create the link, before "…".
const SHOWN_HASH_CHARS: usize = 4;

/// An invite link of a group, supergroup or channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteLink {
    /// The part of the link after `+`.
    pub hash: String,
    /// The chat it leads to.
    pub chat: Peer,
    /// The administrator who created it.
    pub creator: UserId,
    /// When it was created (Unix time).
    pub date: i64,
    /// Its name, shown to administrators.
    pub name: Option<String>,
    /// When it stops working (Unix time; 0 = never).
    pub expire_date: i64,
    /// How many users may join through it (0 = no limit).
    pub member_limit: u32,
    /// Whether users joining through it need an administrator's approval.
    pub creates_join_request: bool,
    /// Whether it is its creator's primary link.
    pub is_primary: bool,
    /// Whether it was revoked.
    pub is_revoked: bool,
    /// How many users joined through it.
    pub usage: u32,
    /// Join requests through it waiting for an answer, counted by the core when it hands
    /// the link out (and kept in the snapshots of updates); 0 in storage.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pending_join_requests: u32,
}

impl InviteLink {
    /// The whole link.
    #[must_use]
    pub fn url(&self) -> String {
        format!("{LINK_PREFIX}{}", self.hash)
    }

    /// The link as `viewer` may see it: whole for its creator; for anyone else the second
    /// part of the hash is replaced with "…", as the Bot API shows links of other
    /// administrators.
    #[must_use]
    pub fn url_seen_by(&self, viewer: UserId) -> String {
        if viewer == self.creator {
            return self.url();
        }
        let shown: String = self.hash.chars().take(SHOWN_HASH_CHARS).collect();
        format!("{LINK_PREFIX}{shown}…")
    }

    /// Whether it lets nobody in any more at `now`: revoked, expired, or used up.
    #[must_use]
    pub fn is_spent(&self, now: i64) -> bool {
        self.is_revoked
            || (self.expire_date != 0 && self.expire_date <= now)
            || (self.member_limit != 0 && self.usage >= self.member_limit)
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The hash of an invite link given in any of the forms Telegram accepts:
/// `https://t.me/+HASH`, `t.me/joinchat/HASH`, `tg://join?invite=HASH`, `telegram.me`,
/// `telegram.dog`, or the bare hash. `None` if it is none of them or the hash is empty.
#[must_use]
pub fn parse_link(link: &str) -> Option<&str> {
    let link = link.trim();
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .unwrap_or(link);
    let hash = if let Some(query) = rest.strip_prefix("tg://join?invite=") {
        query
    } else if let Some(query) = link.strip_prefix("tg://join?invite=") {
        query
    } else if let Some((host, path)) = rest.split_once('/') {
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        if !matches!(host, "t.me" | "telegram.me" | "telegram.dog") {
            return None;
        }
        path.strip_prefix('+')
            .or_else(|| path.strip_prefix("joinchat/"))?
    } else {
        rest.strip_prefix('+').unwrap_or(rest)
    };
    let hash = hash.split(['?', '#', '/']).next().unwrap_or_default();
    let valid = !hash.is_empty()
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then_some(hash)
}

/// What an invite link is to be (`createChatInviteLink`, `editChatInviteLink`,
/// `messages.exportChatInvite`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkSpec {
    /// Its name (at most 32 characters).
    pub name: Option<String>,
    /// When it stops working (0 = never).
    pub expire_date: i64,
    /// How many users may join through it (0 = no limit; at most 99,999).
    pub member_limit: u32,
    /// Whether users joining need an administrator's approval.
    pub creates_join_request: bool,
}

/// A user's request to join a chat, waiting for an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    /// The chat.
    pub chat: Peer,
    /// The user asking.
    pub user: UserId,
    /// When they asked.
    pub date: i64,
    /// The hash of the link they used.
    pub link: Option<String>,
}

/// What a user learns of an invite link before joining (`messages.checkChatInvite`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteCheck {
    /// The user is already a member of the chat.
    Already(std::sync::Arc<crate::chats::Chat>),
    /// The link leads to this chat.
    Invite {
        /// The chat.
        chat: std::sync::Arc<crate::chats::Chat>,
        /// How many members it has.
        member_count: u32,
        /// Whether joining needs an administrator's approval.
        request_needed: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupId;

    #[test]
    fn links_are_parsed_in_every_form() {
        for link in [
            "https://t.me/+AbC-d_9",
            "http://t.me/+AbC-d_9",
            "t.me/+AbC-d_9",
            "https://t.me/joinchat/AbC-d_9",
            "https://telegram.me/joinchat/AbC-d_9",
            "https://www.t.me/+AbC-d_9?x=1",
            "tg://join?invite=AbC-d_9",
            "+AbC-d_9",
            "AbC-d_9",
        ] {
            assert_eq!(parse_link(link), Some("AbC-d_9"), "{link}");
        }
        for bad in [
            "",
            "https://t.me/+",
            "https://example.com/+abc",
            "a b",
            "t.me/abc",
        ] {
            assert_eq!(parse_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn others_see_a_shortened_link_and_spent_links_let_nobody_in() {
        let mut link = InviteLink {
            hash: "abcdefghijklmnop".into(),
            chat: Peer::Group(GroupId(1)),
            creator: UserId(5),
            date: 100,
            name: None,
            expire_date: 0,
            member_limit: 0,
            creates_join_request: false,
            is_primary: false,
            is_revoked: false,
            usage: 0,
            pending_join_requests: 0,
        };
        assert_eq!(
            link.url_seen_by(UserId(5)),
            "https://t.me/+abcdefghijklmnop"
        );
        assert_eq!(link.url_seen_by(UserId(6)), "https://t.me/+abcd…");
        assert!(!link.is_spent(200));
        link.expire_date = 200;
        assert!(link.is_spent(200));
        assert!(!link.is_spent(199));
        link.expire_date = 0;
        link.member_limit = 2;
        link.usage = 2;
        assert!(link.is_spent(0));
        link.usage = 1;
        link.is_revoked = true;
        assert!(link.is_spent(0));
    }
}
