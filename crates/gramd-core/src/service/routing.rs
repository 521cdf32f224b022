//! Where a message goes: which boxes get a copy, which bots may hear of it, and whether
//! the sender may write there at all.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use gramd_text::{EntityKind, MessageEntity};

use crate::chats::{Chat, ChatKind, Member, MemberFilter, MemberStatus};
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{Content, Message, ReplyTarget};
use crate::updates::{BotUpdate, UpdateMask};
use crate::users::User;

use super::Core;

/// One box that receives a copy of a message.
#[derive(Clone, Copy, Debug)]
pub(super) struct CopyTarget {
    pub(super) box_id: BoxId,
    /// The chat as the box owner sees it.
    pub(super) peer: Peer,
    /// The owner of a user box (who gets a dialog row).
    pub(super) owner: Option<UserId>,
    /// The owner reads this box chat by chat (a person, not a bot or a channel's box).
    pub(super) by_peer: bool,
}

/// A bot that may get an update about a message in a chat.
#[derive(Clone, Debug)]
pub(super) struct BotAudience {
    /// The bot.
    pub(super) bot: Arc<User>,
    /// Its box (where its copy is).
    pub(super) box_id: BoxId,
    /// Administrators see every group message regardless of privacy mode.
    pub(super) is_admin: bool,
}

/// Where a message to a chat goes.
#[derive(Debug)]
pub(super) struct Route {
    /// The group or channel; `None` for a private chat.
    pub(super) chat: Option<Arc<Chat>>,
    /// Where the sender's copy goes.
    pub(super) sender_box: BoxId,
    /// Every box that gets a copy.
    pub(super) copies: Vec<CopyTarget>,
    /// Bots that may get an update.
    pub(super) bots: Vec<BotAudience>,
    /// The sender is an administrator (or the owner) of the group or channel.
    pub(super) sender_is_admin: bool,
}

impl Route {
    pub(super) fn is_broadcast(&self) -> bool {
        self.chat
            .as_ref()
            .is_some_and(|c| c.kind == ChatKind::Channel)
    }
}

impl Core {
    /// The box where `viewer` sees the messages of `peer`.
    pub(super) fn view_box(viewer: UserId, peer: Peer) -> BoxId {
        match peer {
            Peer::Channel(id) => BoxId::Channel(id),
            Peer::User(_) | Peer::Group(_) => BoxId::User(viewer),
        }
    }

    /// `user`'s membership record in a group or channel as it stands now: a ban or
    /// restriction past its `until_date` is over (see [`Member::at`]).
    pub(super) async fn membership(&self, peer: Peer, user: UserId) -> CoreResult<Option<Member>> {
        let now = self.now();
        Ok(self
            .0
            .store
            .member(peer, user)
            .await?
            .map(|member| member.at(now)))
    }

    /// `user`'s membership in a group or channel; errors unless they are in it.
    ///
    /// # Errors
    /// `Kicked` or `NotMember`.
    pub async fn require_member(&self, chat: &Chat, user: UserId) -> CoreResult<Member> {
        let member = self
            .membership(chat.peer, user)
            .await?
            .unwrap_or_else(|| Member::left(chat.peer, user));
        match member.status {
            s if s.is_member() => Ok(member),
            MemberStatus::Kicked => Err(CoreError::Kicked { kind: chat.kind }),
            _ => Err(CoreError::NotMember { kind: chat.kind }),
        }
    }

    /// Errors unless `viewer` may reach the messages of `peer`: a private chat with a user
    /// who exists, or a group or channel `viewer` is a member of. Checked before looking
    /// for messages, so that a wrong chat is not reported as a missing message.
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`, `Kicked`, or `Internal`.
    pub(super) async fn require_message_access(
        &self,
        viewer: UserId,
        peer: Peer,
    ) -> CoreResult<()> {
        match peer {
            Peer::User(other) => {
                self.find_user(other)
                    .await?
                    .ok_or(CoreError::ChatNotFound)?;
            }
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                self.require_member(&chat, viewer).await?;
            }
        }
        Ok(())
    }

    /// A message as `viewer` sees it in `peer`, once the chat is checked
    /// (`require_message_access`).
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`, or `MessageNotFound { purpose }`.
    pub async fn message_in_chat(
        &self,
        viewer: UserId,
        peer: Peer,
        id: MessageId,
        purpose: MessagePurpose,
    ) -> CoreResult<Message> {
        self.require_message_access(viewer, peer).await?;
        let box_id = Self::view_box(viewer, peer);
        match self.0.store.message(box_id, id).await? {
            Some(msg) if msg.peer == peer => Ok(msg),
            _ => Err(CoreError::MessageNotFound { purpose }),
        }
    }

    /// A message in `viewer`'s own box, whatever chat it is in.
    ///
    /// # Errors
    /// `MessageNotFound { purpose }`.
    pub async fn message_in_box(
        &self,
        viewer: UserId,
        id: MessageId,
        purpose: MessagePurpose,
    ) -> CoreResult<Message> {
        self.0
            .store
            .message(BoxId::User(viewer), id)
            .await?
            .ok_or(CoreError::MessageNotFound { purpose })
    }

    /// Where a message from `sender` to `peer` goes, after checking that `sender` may send
    /// `content` there (its membership, and in a group the permissions of the chat and
    /// the sender's restrictions).
    pub(super) async fn route(
        &self,
        sender: &User,
        peer: Peer,
        content: &Content,
    ) -> CoreResult<Route> {
        match peer {
            Peer::User(other_id) => {
                let other = self
                    .find_user(other_id)
                    .await?
                    .ok_or(CoreError::ChatNotFound)?;
                if sender.is_bot() {
                    if other.is_bot() && other.id != sender.id {
                        return Err(CoreError::BotCantMessageBot);
                    }
                    if !self.has_started(sender.id, other.id).await? {
                        return Err(CoreError::BotCantInitiate);
                    }
                    if self.is_blocked(other.id, Peer::User(sender.id)).await? {
                        return Err(CoreError::BotBlocked);
                    }
                } else if other.id != sender.id
                    && self.is_blocked(sender.id, Peer::User(other.id)).await?
                {
                    return Err(CoreError::YouBlockedUser);
                }
                // Someone who blocked the sender gets nothing (bots block nobody).
                let delivered = other.id != sender.id
                    && (other.is_bot()
                        || !self.is_blocked(other.id, Peer::User(sender.id)).await?);
                let sender_box = BoxId::User(sender.id);
                let mut copies = vec![CopyTarget {
                    box_id: sender_box,
                    peer,
                    owner: Some(sender.id),
                    by_peer: !sender.is_bot(),
                }];
                let mut bots = Vec::new();
                if delivered {
                    copies.push(CopyTarget {
                        box_id: BoxId::User(other.id),
                        peer: Peer::User(sender.id),
                        owner: Some(other.id),
                        by_peer: !other.is_bot(),
                    });
                    if other.is_bot() {
                        bots.push(BotAudience {
                            box_id: BoxId::User(other.id),
                            bot: other,
                            is_admin: false,
                        });
                    }
                }
                Ok(Route {
                    chat: None,
                    sender_box,
                    copies,
                    bots,
                    sender_is_admin: false,
                })
            }
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                if let Some(to) = chat.migrated_to {
                    return Err(CoreError::ChatMigrated { to: to.key() });
                }
                let me = self.require_member(&chat, sender.id).await?;
                // Service messages record what an administrator did (with the right for
                // it), so they need no right to post.
                let kind = content.kind();
                if chat.kind == ChatKind::Channel
                    && kind.is_some()
                    && !(me.status == MemberStatus::Creator || me.rights.can_post_messages)
                {
                    return Err(CoreError::ChatWriteForbidden);
                }
                if let Some(kind) = kind
                    && !me.permissions_in(&chat).allows(kind.send_right())
                {
                    return Err(CoreError::SendForbidden {
                        right: kind.send_right(),
                        kind,
                    });
                }
                let members = self
                    .0
                    .store
                    .members(peer, MemberFilter::Recent, 0, u32::MAX)
                    .await?;
                let mut copies = Vec::new();
                let mut bots = Vec::new();
                for member in &members {
                    let box_id = Self::view_box(member.user, peer);
                    let user = self.find_user(member.user).await?;
                    let is_bot = user.as_ref().is_some_and(|u| u.is_bot());
                    if chat.kind == ChatKind::Group {
                        copies.push(CopyTarget {
                            box_id,
                            peer,
                            owner: Some(member.user),
                            by_peer: !is_bot,
                        });
                    }
                    if is_bot
                        && member.user != sender.id
                        && let Some(user) = user
                    {
                        bots.push(BotAudience {
                            bot: user,
                            box_id,
                            is_admin: member.status.is_admin(),
                        });
                    }
                }
                if let Peer::Channel(id) = peer {
                    copies.push(CopyTarget {
                        box_id: BoxId::Channel(id),
                        peer,
                        owner: None,
                        by_peer: false,
                    });
                }
                Ok(Route {
                    sender_box: Self::view_box(sender.id, peer),
                    chat: Some(chat),
                    copies,
                    bots,
                    sender_is_admin: me.status.is_admin(),
                })
            }
        }
    }

    /// The bot members of a supergroup or channel other than `except`, with the updates
    /// each accepts: who may hear of what happens to a message in `box_id`.
    pub(super) async fn channel_bots(
        &self,
        peer: Peer,
        box_id: BoxId,
        except: UserId,
    ) -> CoreResult<Vec<(BotAudience, UpdateMask)>> {
        let members = self
            .0
            .store
            .members(peer, MemberFilter::Recent, 0, u32::MAX)
            .await?;
        let mut bots = Vec::new();
        for member in members {
            if member.user == except {
                continue;
            }
            if let Some(user) = self.find_user(member.user).await?
                && user.is_bot()
            {
                let mask = self.bot_delivery(user.id).await?.allowed_updates;
                bots.push((
                    BotAudience {
                        bot: user,
                        box_id,
                        is_admin: member.status.is_admin(),
                    },
                    mask,
                ));
            }
        }
        Ok(bots)
    }

    /// Maps a reply target in the sender's box to the matching copy in every box.
    pub(super) async fn resolve_reply(
        &self,
        route: &Route,
        peer: Peer,
        target: ReplyTarget,
    ) -> CoreResult<(HashMap<BoxId, MessageId>, Option<UserId>)> {
        let replied = self
            .0
            .store
            .message(route.sender_box, target.message_id)
            .await?;
        let Some(replied) = replied.filter(|m| m.peer == peer) else {
            return if target.allow_without_reply {
                Ok((HashMap::new(), None))
            } else {
                Err(CoreError::MessageNotFound {
                    purpose: MessagePurpose::Reply,
                })
            };
        };
        let copies = self.0.store.copies(replied.gid).await?;
        Ok((copies.into_iter().collect(), replied.from))
    }
}

/// What happened to a message a bot may hear of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MessageEvent {
    /// It was sent.
    Sent,
    /// It was edited.
    Edited,
}

/// What a bot member of a group, supergroup or channel hears of `event` on `msg`, if
/// anything: in a broadcast channel only administrators hear, of a channel post; in a
/// group, of a message if privacy mode lets the bot see it.
pub(super) fn group_update(
    broadcast: bool,
    audience: &BotAudience,
    msg: &Message,
    replied_author: Option<UserId>,
    event: MessageEvent,
) -> Option<BotUpdate> {
    let edited = event == MessageEvent::Edited;
    if broadcast {
        audience.is_admin.then(|| {
            if edited {
                BotUpdate::EditedChannelPost(msg.clone())
            } else {
                BotUpdate::ChannelPost(msg.clone())
            }
        })
    } else {
        bot_sees(audience, msg, replied_author).then(|| {
            if edited {
                BotUpdate::EditedMessage(msg.clone())
            } else {
                BotUpdate::Message(msg.clone())
            }
        })
    }
}

/// Telegram's privacy mode: a bot in a group sees commands, mentions of itself, replies to
/// its messages and service messages, unless it reads all messages or is an administrator.
pub(super) fn bot_sees(
    audience: &BotAudience,
    msg: &Message,
    replied_author: Option<UserId>,
) -> bool {
    let bot = &audience.bot;
    let reads_all = bot
        .bot
        .as_ref()
        .is_some_and(|info| info.can_read_all_group_messages);
    if reads_all || audience.is_admin || replied_author == Some(bot.id) {
        return true;
    }
    let (text, entities) = match &msg.content {
        Content::Service(_) => return true,
        Content::Text { text, entities, .. } => (text, entities),
        Content::Media(media) => (&media.caption, &media.entities),
        Content::Contact(_)
        | Content::Location(_)
        | Content::Venue(_)
        | Content::Dice(_)
        | Content::Poll(_) => {
            return false;
        }
    };
    let username = bot.username.as_deref().unwrap_or_default();
    entities.iter().any(|entity| match &entity.kind {
        EntityKind::BotCommand => match entity_text(text, entity).split_once('@') {
            None => true,
            Some((_, target)) => target.eq_ignore_ascii_case(username),
        },
        EntityKind::Mention => entity_text(text, entity)
            .strip_prefix('@')
            .is_some_and(|m| m.eq_ignore_ascii_case(username)),
        EntityKind::TextMention { user_id } => *user_id == bot.id.0,
        _ => false,
    })
}

/// The text an entity covers (its offsets count UTF-16 units).
pub(crate) fn entity_text(text: &str, entity: &MessageEntity) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = usize::try_from(entity.offset)
        .unwrap_or(usize::MAX)
        .min(units.len());
    let end = start
        .saturating_add(usize::try_from(entity.length).unwrap_or(usize::MAX))
        .min(units.len());
    String::from_utf16_lossy(&units[start..end])
}
