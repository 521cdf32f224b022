//! Basic groups, supergroups and channels, and their members.

use serde::{Deserialize, Serialize};

use crate::ids::{Peer, UserId};
use crate::reactions::AvailableReactions;

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
    /// What members who are not administrators may do (groups and supergroups).
    #[serde(default = "Permissions::all")]
    pub permissions: Permissions,
    /// The chat's photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<crate::media::Photo>,
    /// The verification the chat carries, if a verifier bot verified it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<crate::verification::Verification>,
    /// The sticker set of a supergroup (`channels.setStickers`), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticker_set: Option<i64>,
    /// Which reactions members may use (`messages.setChatAvailableReactions`).
    #[serde(default, skip_serializing_if = "is_all")]
    pub available_reactions: AvailableReactions,
    /// A supergroup whose messages are organized in topics (see [`crate::topics`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forum: bool,
}

fn is_all(reactions: &AvailableReactions) -> bool {
    *reactions == AvailableReactions::All
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
    /// May manage the direct messages of a channel.
    #[serde(default)]
    pub can_manage_direct_messages: bool,
    /// May edit the tags of members.
    #[serde(default)]
    pub can_manage_tags: bool,
    /// May manage the chat's welcome messages (a bot: send them); Bot API 10.3.
    #[serde(default)]
    pub can_send_welcome_messages: bool,
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
            can_manage_direct_messages: true,
            can_manage_tags: true,
            can_send_welcome_messages: true,
            is_anonymous: false,
        }
    }

    /// The rights of a basic group's administrator: Telegram gives them every right but
    /// adding administrators (and the channel-only ones).
    #[must_use]
    pub fn basic_group_admin() -> Self {
        Self {
            can_promote_members: false,
            can_post_messages: false,
            can_edit_messages: false,
            can_manage_direct_messages: false,
            ..Self::all()
        }
    }

    /// The rights that mean something in a chat of `kind`; the others are dropped, as
    /// Telegram drops them (posting and editing are for channels, pinning, topics and tags
    /// for groups).
    #[must_use]
    pub fn for_kind(self, kind: ChatKind) -> Self {
        let channel = kind == ChatKind::Channel;
        Self {
            can_post_messages: channel && self.can_post_messages,
            can_edit_messages: channel && self.can_edit_messages,
            can_manage_direct_messages: channel && self.can_manage_direct_messages,
            can_pin_messages: !channel && self.can_pin_messages,
            can_manage_topics: kind == ChatKind::Supergroup && self.can_manage_topics,
            can_manage_tags: !channel && self.can_manage_tags,
            ..self
        }
    }

    /// Whether every right set here is set in `held` too: an administrator may grant only
    /// rights it holds.
    #[must_use]
    pub fn within(self, held: Self) -> bool {
        let pairs = [
            (self.can_manage_chat, held.can_manage_chat),
            (self.can_delete_messages, held.can_delete_messages),
            (self.can_manage_video_chats, held.can_manage_video_chats),
            (self.can_restrict_members, held.can_restrict_members),
            (self.can_promote_members, held.can_promote_members),
            (self.can_change_info, held.can_change_info),
            (self.can_invite_users, held.can_invite_users),
            (self.can_post_stories, held.can_post_stories),
            (self.can_edit_stories, held.can_edit_stories),
            (self.can_delete_stories, held.can_delete_stories),
            (self.can_post_messages, held.can_post_messages),
            (self.can_edit_messages, held.can_edit_messages),
            (self.can_pin_messages, held.can_pin_messages),
            (self.can_manage_topics, held.can_manage_topics),
            (
                self.can_manage_direct_messages,
                held.can_manage_direct_messages,
            ),
            (self.can_manage_tags, held.can_manage_tags),
            (
                self.can_send_welcome_messages,
                held.can_send_welcome_messages,
            ),
        ];
        pairs.iter().all(|&(wanted, has)| !wanted || has)
    }

    /// Whether no right is set (`is_anonymous` aside): what demotes an administrator.
    #[must_use]
    pub fn is_empty(self) -> bool {
        Self {
            is_anonymous: false,
            ..self
        } == Self::default()
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
    /// What a restricted user may do: `Some` while restricted, in the chat (status
    /// `Restricted`) or out of it (status `Left`, Telegram's restricted non-member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Who made the user an administrator (Telegram's `promoted_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_by: Option<UserId>,
    /// Who banned or restricted the user (Telegram's `kicked_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted_by: Option<UserId>,
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
            permissions: None,
            promoted_by: None,
            restricted_by: None,
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
            permissions: None,
            promoted_by: None,
            restricted_by: None,
        }
    }

    /// The record as it stands at `now`: a ban or restriction whose `until_date` has
    /// passed is over (a banned user has left, a restricted one is an ordinary member or
    /// not restricted any more), as Telegram lifts them by itself.
    #[must_use]
    pub fn at(mut self, now: i64) -> Self {
        let expired = self.until_date != 0 && self.until_date <= now;
        if !expired {
            return self;
        }
        match self.status {
            MemberStatus::Kicked => {
                self.status = MemberStatus::Left;
                self.restricted_by = None;
            }
            MemberStatus::Restricted => self.status = MemberStatus::Member,
            _ => {}
        }
        if self.permissions.take().is_some() {
            self.restricted_by = None;
        }
        self.until_date = 0;
        self
    }

    /// Whether the user is restricted (in the chat or not).
    #[must_use]
    pub fn is_restricted(&self) -> bool {
        self.permissions.is_some()
    }

    /// What this user may send and do as a member, given the chat's own permissions:
    /// administrators and the creator are bound by neither, others by both.
    #[must_use]
    pub fn permissions_in(&self, chat: &Chat) -> Permissions {
        if self.status.is_admin() {
            return Permissions::all();
        }
        let own = self.permissions.unwrap_or_else(Permissions::all);
        if chat.kind == ChatKind::Channel {
            own
        } else {
            own.and(chat.permissions)
        }
    }
}

/// The longest a ban or restriction may last before it counts as forever (366 days).
pub const MAX_RESTRICTION_SECS: i64 = 366 * 86_400;
/// The shortest a ban or restriction may last before it counts as forever (30 seconds).
pub const MIN_RESTRICTION_SECS: i64 = 30;

/// Telegram's rule for `until_date`: 0, a date less than 30 seconds or more than 366 days
/// from `now` means forever (0).
#[must_use]
pub fn restriction_end(until_date: i64, now: i64) -> i64 {
    let left = until_date.saturating_sub(now);
    if until_date <= 0 || !(MIN_RESTRICTION_SECS..=MAX_RESTRICTION_SECS).contains(&left) {
        0
    } else {
        until_date
    }
}

/// What members may do, as the Bot API's `ChatPermissions` (Telegram's `chatBannedRights`
/// says the opposite: what is banned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct Permissions {
    /// May send text messages, contacts, giveaways, invoices, locations and venues.
    pub can_send_messages: bool,
    /// May send audios.
    pub can_send_audios: bool,
    /// May send documents.
    pub can_send_documents: bool,
    /// May send photos.
    pub can_send_photos: bool,
    /// May send videos.
    pub can_send_videos: bool,
    /// May send video notes.
    pub can_send_video_notes: bool,
    /// May send voice notes.
    pub can_send_voice_notes: bool,
    /// May send polls and checklists.
    pub can_send_polls: bool,
    /// May send animations, games, stickers and use inline bots.
    pub can_send_other_messages: bool,
    /// May add web page previews to messages.
    pub can_add_web_page_previews: bool,
    /// May react to messages.
    pub can_react_to_messages: bool,
    /// May edit their own tag.
    pub can_edit_tag: bool,
    /// May change the title, photo and other settings.
    pub can_change_info: bool,
    /// May invite new users.
    pub can_invite_users: bool,
    /// May pin messages.
    pub can_pin_messages: bool,
    /// May create forum topics.
    pub can_manage_topics: bool,
}

impl Permissions {
    /// Everything allowed: no restriction.
    #[must_use]
    pub fn all() -> Self {
        Self {
            can_send_messages: true,
            can_send_audios: true,
            can_send_documents: true,
            can_send_photos: true,
            can_send_videos: true,
            can_send_video_notes: true,
            can_send_voice_notes: true,
            can_send_polls: true,
            can_send_other_messages: true,
            can_add_web_page_previews: true,
            can_react_to_messages: true,
            can_edit_tag: true,
            can_change_info: true,
            can_invite_users: true,
            can_pin_messages: true,
            can_manage_topics: true,
        }
    }

    /// Nothing allowed.
    #[must_use]
    pub fn none() -> Self {
        Self {
            can_send_messages: false,
            can_send_audios: false,
            can_send_documents: false,
            can_send_photos: false,
            can_send_videos: false,
            can_send_video_notes: false,
            can_send_voice_notes: false,
            can_send_polls: false,
            can_send_other_messages: false,
            can_add_web_page_previews: false,
            can_react_to_messages: false,
            can_edit_tag: false,
            can_change_info: false,
            can_invite_users: false,
            can_pin_messages: false,
            can_manage_topics: false,
        }
    }

    /// The permissions with those Telegram derives from them added, as when
    /// `use_independent_chat_permissions` is false: sending other messages or adding link
    /// previews implies sending every kind of media and text; sending polls or any media
    /// implies sending text (<https://core.telegram.org/bots/api#restrictchatmember>).
    #[must_use]
    pub fn with_implied(mut self) -> Self {
        if self.can_send_other_messages || self.can_add_web_page_previews {
            self.set_media(true);
            self.can_send_messages = true;
        }
        if self.can_send_polls || self.can_send_media() {
            self.can_send_messages = true;
        }
        self
    }

    /// Allows (or forbids) every kind of media at once, as the legacy
    /// `can_send_media_messages` does.
    pub fn set_media(&mut self, allowed: bool) {
        self.can_send_audios = allowed;
        self.can_send_documents = allowed;
        self.can_send_photos = allowed;
        self.can_send_videos = allowed;
        self.can_send_video_notes = allowed;
        self.can_send_voice_notes = allowed;
    }

    /// Whether any kind of media may be sent.
    #[must_use]
    pub fn can_send_media(self) -> bool {
        self.can_send_audios
            || self.can_send_documents
            || self.can_send_photos
            || self.can_send_videos
            || self.can_send_video_notes
            || self.can_send_voice_notes
    }

    /// Whether nothing at all may be sent (Telegram's `send_messages` ban).
    #[must_use]
    pub fn can_send_nothing(self) -> bool {
        !(self.can_send_messages
            || self.can_send_media()
            || self.can_send_polls
            || self.can_send_other_messages)
    }

    /// What both allow.
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        Self {
            can_send_messages: self.can_send_messages && other.can_send_messages,
            can_send_audios: self.can_send_audios && other.can_send_audios,
            can_send_documents: self.can_send_documents && other.can_send_documents,
            can_send_photos: self.can_send_photos && other.can_send_photos,
            can_send_videos: self.can_send_videos && other.can_send_videos,
            can_send_video_notes: self.can_send_video_notes && other.can_send_video_notes,
            can_send_voice_notes: self.can_send_voice_notes && other.can_send_voice_notes,
            can_send_polls: self.can_send_polls && other.can_send_polls,
            can_send_other_messages: self.can_send_other_messages && other.can_send_other_messages,
            can_add_web_page_previews: self.can_add_web_page_previews
                && other.can_add_web_page_previews,
            can_react_to_messages: self.can_react_to_messages && other.can_react_to_messages,
            can_edit_tag: self.can_edit_tag && other.can_edit_tag,
            can_change_info: self.can_change_info && other.can_change_info,
            can_invite_users: self.can_invite_users && other.can_invite_users,
            can_pin_messages: self.can_pin_messages && other.can_pin_messages,
            can_manage_topics: self.can_manage_topics && other.can_manage_topics,
        }
    }

    /// Whether sending a message of this kind is allowed.
    #[must_use]
    pub fn allows(self, right: SendRight) -> bool {
        match right {
            SendRight::Text => self.can_send_messages,
            SendRight::Audios => self.can_send_audios,
            SendRight::Documents => self.can_send_documents,
            SendRight::Photos => self.can_send_photos,
            SendRight::Videos => self.can_send_videos,
            SendRight::VideoNotes => self.can_send_video_notes,
            SendRight::VoiceNotes => self.can_send_voice_notes,
            SendRight::Polls => self.can_send_polls,
            SendRight::Stickers | SendRight::Animations | SendRight::Games => {
                self.can_send_other_messages
            }
        }
    }
}

/// The permission a message needs to be sent, by what it holds (Telegram words the refusal
/// after it: "not enough rights to send text messages to the chat").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SendRight {
    /// Text (and contacts, locations and venues).
    Text,
    /// Audios (music).
    Audios,
    /// Documents.
    Documents,
    /// Photos.
    Photos,
    /// Videos.
    Videos,
    /// Video notes.
    VideoNotes,
    /// Voice notes.
    VoiceNotes,
    /// Polls and checklists.
    Polls,
    /// Stickers (and dice).
    Stickers,
    /// Animations (GIFs).
    Animations,
    /// Games.
    Games,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ChannelId;

    #[test]
    fn until_dates_too_near_or_too_far_mean_forever() {
        let now = 1_000_000;
        assert_eq!(restriction_end(0, now), 0);
        assert_eq!(restriction_end(now - 5, now), 0);
        assert_eq!(restriction_end(now + 29, now), 0);
        assert_eq!(restriction_end(now + 30, now), now + 30);
        assert_eq!(
            restriction_end(now + MAX_RESTRICTION_SECS, now),
            now + MAX_RESTRICTION_SECS
        );
        assert_eq!(restriction_end(now + MAX_RESTRICTION_SECS + 1, now), 0);
    }

    #[test]
    fn dependent_permissions_follow_telegram() {
        let only = |f: fn(&mut Permissions)| {
            let mut p = Permissions::none();
            f(&mut p);
            p
        };
        let polls = only(|p| p.can_send_polls = true).with_implied();
        assert!(polls.can_send_messages && !polls.can_send_photos);
        let other = only(|p| p.can_send_other_messages = true).with_implied();
        assert!(other.can_send_messages && other.can_send_media() && !other.can_send_polls);
        let previews = only(|p| p.can_add_web_page_previews = true).with_implied();
        assert!(previews.can_send_messages && previews.can_send_voice_notes);
        let photos = only(|p| p.can_send_photos = true).with_implied();
        assert!(photos.can_send_messages && !photos.can_send_videos);
        assert_eq!(Permissions::none().with_implied(), Permissions::none());
        assert!(Permissions::none().can_send_nothing());
        assert!(!photos.can_send_nothing());
    }

    #[test]
    fn bans_and_restrictions_end_at_their_until_date() {
        let peer = Peer::Channel(ChannelId(1));
        let mut banned = Member::left(peer, UserId(2));
        banned.status = MemberStatus::Kicked;
        banned.until_date = 100;
        assert_eq!(banned.clone().at(99).status, MemberStatus::Kicked);
        let over = banned.at(100);
        assert_eq!((over.status, over.until_date), (MemberStatus::Left, 0));

        let mut restricted = Member::joined(peer, UserId(3), MemberStatus::Restricted, None, 0);
        restricted.permissions = Some(Permissions::none());
        restricted.until_date = 100;
        restricted.restricted_by = Some(UserId(1));
        let over = restricted.clone().at(150);
        assert_eq!(
            (over.status, over.permissions, over.restricted_by),
            (MemberStatus::Member, None, None)
        );
        restricted.until_date = 0;
        assert_eq!(restricted.clone().at(i64::MAX), restricted, "0 is forever");
    }
}
