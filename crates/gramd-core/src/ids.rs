//! Identifiers of users, chats, message boxes and messages.
//!
//! Telegram has three id spaces for peers: users (bots are users), basic groups ("chats" in
//! TL) and channels (supergroups and broadcast channels). The Bot API folds them into one
//! signed 64-bit `chat_id`: a user keeps its id, a basic group is `-id`, and a channel is
//! `-1000000000000 - id` (<https://core.telegram.org/bots/api#chat>). gramd uses that folded
//! form, [`Peer::key`], as its single peer key in storage too.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Offset of channel ids in the folded peer key: `key = -(CHANNEL_KEY_BASE + channel_id)`.
pub const CHANNEL_KEY_BASE: i64 = 1_000_000_000_000;

/// A user or bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// A basic group ("chat" in the TL schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub i64);

/// A supergroup or a broadcast channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChannelId(pub i64);

/// A client session: one authorization of a user or bot on the client API (a bearer
/// token today; an MTProto auth key later). Stable for the life of the authorization and
/// across restarts, and says nothing about the secret it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub i64);

/// A message id inside one message box (see [`BoxId`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub i32);

/// Where a message lives: a chat with somebody, as seen from one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "i64", try_from = "i64")]
pub enum Peer {
    /// A private chat with this user.
    User(UserId),
    /// A basic group.
    Group(GroupId),
    /// A supergroup or channel.
    Channel(ChannelId),
}

impl Peer {
    /// The folded Bot API form of this peer (see the module docs).
    #[must_use]
    pub fn key(self) -> i64 {
        match self {
            Self::User(UserId(id)) => id,
            Self::Group(GroupId(id)) => -id,
            Self::Channel(ChannelId(id)) => -(CHANNEL_KEY_BASE + id),
        }
    }

    /// Unfolds a Bot API `chat_id`; `None` for 0 and out-of-range values.
    #[must_use]
    pub fn from_key(key: i64) -> Option<Self> {
        const MAX_USER: i64 = (1 << 52) - 1;
        match key {
            1..=MAX_USER => Some(Self::User(UserId(key))),
            k if k < 0 && -k < CHANNEL_KEY_BASE => Some(Self::Group(GroupId(-k))),
            k if k < -CHANNEL_KEY_BASE && k > -2 * CHANNEL_KEY_BASE => {
                Some(Self::Channel(ChannelId(-k - CHANNEL_KEY_BASE)))
            }
            _ => None,
        }
    }

    /// The user of a private chat, if this is one.
    #[must_use]
    pub fn as_user(self) -> Option<UserId> {
        match self {
            Self::User(id) => Some(id),
            _ => None,
        }
    }
}

impl From<Peer> for i64 {
    fn from(peer: Peer) -> Self {
        peer.key()
    }
}

impl TryFrom<i64> for Peer {
    type Error = String;
    fn try_from(key: i64) -> Result<Self, Self::Error> {
        Self::from_key(key).ok_or_else(|| format!("invalid peer key {key}"))
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key())
    }
}

/// An owner of a message-id sequence and of a pts sequence.
///
/// Telegram numbers the messages of private chats and basic groups per user (each
/// participant has its own copy with its own id), and the messages of supergroups and
/// channels per channel (<https://core.telegram.org/api/updates>).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "i64", try_from = "i64")]
pub enum BoxId {
    /// The common box of a user: its private chats and basic groups.
    User(UserId),
    /// The box of one supergroup or channel.
    Channel(ChannelId),
}

impl BoxId {
    /// The storage key of this box: the user id, or the channel's folded peer key.
    #[must_use]
    pub fn key(self) -> i64 {
        match self {
            Self::User(UserId(id)) => id,
            Self::Channel(id) => Peer::Channel(id).key(),
        }
    }

    /// Inverse of [`BoxId::key`].
    #[must_use]
    pub fn from_key(key: i64) -> Option<Self> {
        match Peer::from_key(key)? {
            Peer::User(id) => Some(Self::User(id)),
            Peer::Channel(id) => Some(Self::Channel(id)),
            Peer::Group(_) => None,
        }
    }
}

impl From<BoxId> for i64 {
    fn from(b: BoxId) -> Self {
        b.key()
    }
}

impl TryFrom<i64> for BoxId {
    type Error = String;
    fn try_from(key: i64) -> Result<Self, Self::Error> {
        Self::from_key(key).ok_or_else(|| format!("invalid box key {key}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_keys_round_trip() {
        for peer in [
            Peer::User(UserId(777)),
            Peer::Group(GroupId(4_000_000_001)),
            Peer::Channel(ChannelId(1_000_000_001)),
        ] {
            assert_eq!(Peer::from_key(peer.key()), Some(peer));
        }
        assert_eq!(Peer::Group(GroupId(12)).key(), -12);
        assert_eq!(Peer::Channel(ChannelId(1234)).key(), -1_000_000_001_234);
        assert_eq!(Peer::from_key(0), None);
        assert_eq!(Peer::from_key(-CHANNEL_KEY_BASE), None);
    }
}
