//! Basic groups, supergroups and channels, and their members.

use serde::{Deserialize, Serialize};

use crate::ids::{Peer, UserId};

/// The kinds of multi-user chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatKind {
    /// A basic group (up to 200 members; messages numbered per member).
    Group,
    /// A supergroup (a channel where everybody may write).
    Supergroup,
    /// A broadcast channel (only administrators post).
    Channel,
}

/// The kinds of chat that live in a channel's box (`channels.createChannel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// A supergroup: everybody may write.
    Supergroup,
    /// A broadcast channel: only administrators post.
    Broadcast,
}

impl From<ChannelKind> for ChatKind {
    fn from(kind: ChannelKind) -> Self {
        match kind {
            ChannelKind::Supergroup => Self::Supergroup,
            ChannelKind::Broadcast => Self::Channel,
        }
    }
}

/// A group, supergroup or channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    /// Which chat this is.
    pub peer: Peer,
    /// What kind of chat.
    pub kind: ChatKind,
    /// Title (1 to 128 characters).
    pub title: String,
    /// Public username of a supergroup or channel.
    pub username: Option<String>,
    /// Description ("about").
    pub description: Option<String>,
    /// The creator.
    pub creator: UserId,
    /// When it was created (Unix time).
    pub date: i64,
    /// The supergroup a basic group was upgraded to.
    pub migrated_to: Option<Peer>,
}

/// The standing of a user in a chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// The owner.
    Creator,
    /// An administrator.
    Administrator,
    /// An ordinary member.
    Member,
    /// A member with restrictions.
    Restricted,
    /// Not a member any more (or never was).
    Left,
    /// Banned.
    Kicked,
}

impl MemberStatus {
    /// Whether the user is currently in the chat.
    #[must_use]
    pub fn is_member(self) -> bool {
        matches!(
            self,
            Self::Creator | Self::Administrator | Self::Member | Self::Restricted
        )
    }

    /// Whether the user is an administrator or the owner.
    #[must_use]
    pub fn is_admin(self) -> bool {
        matches!(self, Self::Creator | Self::Administrator)
    }
}

/// The rights of an administrator, as in the Bot API `ChatAdministratorRights`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct AdminRights {
    /// May see the member list, statistics and so on.
    pub can_manage_chat: bool,
    /// May delete others' messages.
    pub can_delete_messages: bool,
    /// May manage video chats.
    pub can_manage_video_chats: bool,
    /// May ban and restrict members.
    pub can_restrict_members: bool,
    /// May add administrators with a subset of its rights.
    pub can_promote_members: bool,
    /// May change the title, photo and other settings.
    pub can_change_info: bool,
    /// May invite users.
    pub can_invite_users: bool,
    /// May post stories.
    pub can_post_stories: bool,
    /// May edit stories.
    pub can_edit_stories: bool,
    /// May delete stories.
    pub can_delete_stories: bool,
    /// May post in a channel.
    pub can_post_messages: bool,
    /// May edit others' posts in a channel.
    pub can_edit_messages: bool,
    /// May pin messages.
    pub can_pin_messages: bool,
    /// May manage forum topics.
    pub can_manage_topics: bool,
    /// Stays anonymous in the chat.
    pub is_anonymous: bool,
}

impl AdminRights {
    /// Every right: what the creator has.
    #[must_use]
    pub fn all() -> Self {
        Self {
            can_manage_chat: true,
            can_delete_messages: true,
            can_manage_video_chats: true,
            can_restrict_members: true,
            can_promote_members: true,
            can_change_info: true,
            can_invite_users: true,
            can_post_stories: true,
            can_edit_stories: true,
            can_delete_stories: true,
            can_post_messages: true,
            can_edit_messages: true,
            can_pin_messages: true,
            can_manage_topics: true,
            is_anonymous: false,
        }
    }
}

/// One user's membership record in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The chat.
    pub chat: Peer,
    /// The user.
    pub user: UserId,
    /// Current standing.
    pub status: MemberStatus,
    /// Who added the user, if somebody did.
    pub inviter: Option<UserId>,
    /// When the user joined (or the status last changed), Unix time.
    pub date: i64,
    /// Administrator rights (all false unless an administrator or the creator).
    pub rights: AdminRights,
    /// Custom title of an administrator.
    pub custom_title: Option<String>,
    /// When a ban or restriction ends (0 = forever).
    pub until_date: i64,
}

impl Member {
    /// A record for a user who joined at `date` with `status`: the creator holds every
    /// administrator right, anyone else none.
    #[must_use]
    pub fn joined(
        chat: Peer,
        user: UserId,
        status: MemberStatus,
        inviter: Option<UserId>,
        date: i64,
    ) -> Self {
        Self {
            chat,
            user,
            status,
            inviter,
            date,
            rights: if status == MemberStatus::Creator {
                AdminRights::all()
            } else {
                AdminRights::default()
            },
            custom_title: None,
            until_date: 0,
        }
    }

    /// A record for a user who is not in the chat.
    #[must_use]
    pub fn left(chat: Peer, user: UserId) -> Self {
        Self {
            chat,
            user,
            status: MemberStatus::Left,
            inviter: None,
            date: 0,
            rights: AdminRights::default(),
            custom_title: None,
            until_date: 0,
        }
    }
}

/// Which members to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberFilter {
    /// Current members.
    Recent,
    /// The creator and administrators.
    Administrators,
    /// Banned users.
    Kicked,
}
