//! What messages refer to, loaded for an edge to show them with.
//!
//! A message names users and chats by id: its chat, its sender, the origin of a forward,
//! the users of a service action, users mentioned by id in its entities. Every edge shows
//! them with the message (the Bot API nests them in its objects; TL results carry `users`
//! and `chats` vectors), so the core loads them once, through its caches
//! ([`Core::mentioned`]), rather than each edge looking them up piecemeal. The message a
//! message replies to is one store read away and only some edges show it, so it is a call
//! of its own ([`Core::replied_to`]); [`Core::message_view`] gives one message with both,
//! as the Bot API shows a message. A page of history or of the chat list comes with its
//! messages' reactions too, which the client API shows on them.

use std::sync::Arc;

use gramd_text::EntityKind;

use crate::chats::Chat;
use crate::error::{CoreError, CoreResult};
use crate::ids::{BoxId, Peer, UserId};
use crate::messages::{Content, ForwardOrigin, Message, ServiceAction};
use crate::polls::PollState;
use crate::reactions::MessageReactions;
use crate::users::User;

use super::Core;

/// The users and chats some messages refer to, each once: users ordered by id, chats by
/// peer (basic groups before channels, then by id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mentioned {
    /// The users.
    pub users: Vec<Arc<User>>,
    /// The groups, supergroups and channels.
    pub chats: Vec<Arc<Chat>>,
    /// The polls the messages show, as they are now, by poll id; one past its close date
    /// counts as stopped.
    pub polls: Vec<PollState>,
    /// The reactions on the messages, by `gid` (messages nobody reacted to left out);
    /// loaded for history and chat lists only, where messages are shown with them.
    pub reactions: Vec<MessageReactions>,
}

impl Mentioned {
    /// A user of the set.
    #[must_use]
    pub fn user(&self, id: UserId) -> Option<&Arc<User>> {
        self.users
            .binary_search_by_key(&id, |u| u.id)
            .ok()
            .map(|i| &self.users[i])
    }

    /// A poll of the set.
    #[must_use]
    pub fn poll(&self, id: i64) -> Option<&PollState> {
        self.polls
            .binary_search_by_key(&id, |p| p.poll.id)
            .ok()
            .map(|i| &self.polls[i])
    }

    /// The reactions on a message of the set (`None`: nobody reacted).
    #[must_use]
    pub fn reactions(&self, gid: i64) -> Option<&MessageReactions> {
        self.reactions
            .binary_search_by_key(&gid, |r| r.gid)
            .ok()
            .map(|i| &self.reactions[i])
    }

    /// A chat of the set.
    #[must_use]
    pub fn chat(&self, peer: Peer) -> Option<&Arc<Chat>> {
        self.chats
            .binary_search_by_key(&peer, |c| c.peer)
            .ok()
            .map(|i| &self.chats[i])
    }
}

/// What showing one message to one viewer needs besides the message itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    /// The message it replies to, if it still exists (shown nested one level deep).
    pub replied: Option<Message>,
    /// The users and chats both refer to.
    pub mentioned: Mentioned,
}

/// Adds every user and chat `msg` refers to: its chat, its sender, the bot it came through, the origin of a
/// forward, the users of a service action, and users mentioned by id in its entities.
pub(super) fn add_references(msg: &Message, peers: &mut Vec<Peer>) {
    peers.push(msg.peer);
    if let Some(from) = msg.from {
        peers.push(Peer::User(from));
    }
    if let Some(bot) = msg.via_business_bot {
        peers.push(Peer::User(bot));
    }
    if let Some(bot) = msg.via_bot {
        peers.push(Peer::User(bot));
    }
    match &msg.forward {
        Some(ForwardOrigin::User { sender, .. }) => {
            peers.push(Peer::User(*sender));
        }
        Some(ForwardOrigin::Channel { chat, .. } | ForwardOrigin::Chat { chat, .. }) => {
            peers.push(*chat);
        }
        Some(ForwardOrigin::HiddenUser { .. }) | None => {}
    }
    let mentions = |entities: &[gramd_text::MessageEntity]| -> Vec<Peer> {
        entities
            .iter()
            .filter_map(|e| match e.kind {
                EntityKind::TextMention { user_id } => Some(Peer::User(UserId(user_id))),
                _ => None,
            })
            .collect()
    };
    match &msg.content {
        Content::Text { entities, .. } => peers.extend(mentions(entities)),
        Content::Media(media) => peers.extend(mentions(&media.entities)),
        Content::Contact(contact) => peers.extend(contact.user_id.map(Peer::User)),
        Content::Location(_) | Content::Venue(_) | Content::Dice(_) | Content::Poll(_) => {}
        Content::Service(
            ServiceAction::GroupCreated { users, .. } | ServiceAction::MembersAdded { users },
        ) => peers.extend(users.iter().map(|u| Peer::User(*u))),
        Content::Service(
            ServiceAction::MemberLeft { user } | ServiceAction::JoinedByLink { inviter: user },
        ) => {
            peers.push(Peer::User(*user));
        }
        Content::Service(
            ServiceAction::ChannelCreated { .. }
            | ServiceAction::MemberJoined
            | ServiceAction::TopicCreated { .. }
            | ServiceAction::TopicEdited { .. }
            | ServiceAction::TitleChanged { .. }
            | ServiceAction::Pinned
            | ServiceAction::PhotoChanged { .. }
            | ServiceAction::PhotoDeleted
            | ServiceAction::BotAllowed { .. }
            | ServiceAction::WebAppData { .. },
        ) => {}
    }
}

impl Core {
    /// The users and chats `messages` refer to (see [`Mentioned`]), and the peers in
    /// `extra`, loaded through the core's caches. Ids that name nobody (a deleted account,
    /// a mention of an id that never existed) are left out.
    ///
    /// Whoever holds a message may see what it refers to, as on Telegram, where every
    /// result carries the users and chats of its messages; what each edge shows of a chat
    /// the viewer is not in is the edge's to decide (see [`Core::standing`]).
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn mentioned(
        &self,
        messages: &[Message],
        extra: impl IntoIterator<Item = Peer>,
    ) -> CoreResult<Mentioned> {
        let mut peers: Vec<Peer> = extra.into_iter().collect();
        for msg in messages {
            add_references(msg, &mut peers);
        }
        let mut mentioned = self.load_mentioned(peers).await?;
        mentioned.polls = self.load_polls(messages.iter()).await?;
        Ok(mentioned)
    }

    /// The polls `messages` show, by id.
    async fn load_polls(
        &self,
        messages: impl Iterator<Item = &Message>,
    ) -> CoreResult<Vec<PollState>> {
        let mut ids: Vec<i64> = messages
            .filter_map(|m| match &m.content {
                Content::Poll(poll) => Some(poll.id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut polls = Vec::with_capacity(ids.len());
        let now = self.now();
        for id in ids {
            if let Some(mut state) = self.0.store.poll(id).await? {
                state.stopped = state.is_closed(now);
                polls.push(state);
            }
        }
        Ok(polls)
    }

    /// The users and chats of `peers` (each once, in order), through the caches.
    pub(super) async fn load_mentioned(&self, mut peers: Vec<Peer>) -> CoreResult<Mentioned> {
        peers.sort_unstable();
        peers.dedup();
        let mut mentioned = Mentioned::default();
        for peer in peers {
            match peer {
                Peer::User(id) => {
                    if let Some(user) = self.find_user(id).await? {
                        mentioned.users.push(user);
                    }
                }
                Peer::Group(_) | Peer::Channel(_) => match self.chat(peer).await {
                    Ok(chat) => mentioned.chats.push(chat),
                    Err(CoreError::ChatNotFound) => {}
                    Err(err) => return Err(err),
                },
            }
        }
        Ok(mentioned)
    }

    /// `message` as `viewer` sees it, with the message it replies to and what both refer
    /// to: one store read for a reply, the rest from the caches.
    ///
    /// # Errors
    /// As [`Core::replied_to`] and [`Core::mentioned`].
    pub async fn message_view(&self, viewer: UserId, message: &Message) -> CoreResult<MessageView> {
        let replied = self.replied_to(viewer, message).await?;
        let mut peers = Vec::with_capacity(4);
        add_references(message, &mut peers);
        if let Some(replied) = &replied {
            add_references(replied, &mut peers);
        }
        let mut mentioned = self.load_mentioned(peers).await?;
        mentioned.polls = self
            .load_polls(std::iter::once(message).chain(replied.as_ref()))
            .await?;
        Ok(MessageView { replied, mentioned })
    }

    /// The message `msg` replies to, as `viewer` sees it: in the same box and chat, `None`
    /// if it is gone. A viewer sees only the boxes it may read: its own and channels'.
    ///
    /// # Errors
    /// `MessageNotFound { Get }` if `msg` is in another user's box; `Internal` on storage
    /// failure.
    pub async fn replied_to(&self, viewer: UserId, msg: &Message) -> CoreResult<Option<Message>> {
        if let BoxId::User(owner) = msg.box_id
            && owner != viewer
        {
            return Err(CoreError::MessageNotFound {
                purpose: crate::error::MessagePurpose::Get,
            });
        }
        let Some(reply) = msg.reply_to else {
            return Ok(None);
        };
        Ok(self
            .0
            .store
            .message(msg.box_id, reply)
            .await?
            .filter(|replied| replied.peer == msg.peer))
    }
}

#[cfg(test)]
mod tests {
    use gramd_text::MessageEntity;

    use super::*;
    use crate::ids::{ChannelId, GroupId, MessageId};

    fn message(peer: Peer, from: Option<UserId>, content: Content) -> Message {
        Message {
            box_id: BoxId::User(UserId(1)),
            id: MessageId(1),
            gid: 1,
            peer,
            from,
            date: 0,
            edit_date: None,
            content,
            reply_to: None,
            reply_markup: None,
            forward: None,
            silent: false,
            noforwards: false,
            via_business_bot: None,
            via_bot: None,
            topic: None,
        }
    }

    fn text_mentioning(user_id: i64) -> Content {
        Content::Text {
            text: "hello you".into(),
            entities: vec![
                MessageEntity {
                    kind: EntityKind::Bold,
                    offset: 0,
                    length: 5,
                },
                MessageEntity {
                    kind: EntityKind::TextMention { user_id },
                    offset: 6,
                    length: 3,
                },
            ],
            link_preview: None,
        }
    }

    fn references(msg: &Message) -> Vec<Peer> {
        let mut peers = Vec::new();
        add_references(msg, &mut peers);
        peers.sort_unstable();
        peers.dedup();
        peers
    }

    #[test]
    fn a_message_refers_to_its_chat_sender_and_mentioned_users() {
        let group = Peer::Group(GroupId(7));
        let msg = message(group, Some(UserId(2)), text_mentioning(9));
        assert_eq!(
            references(&msg),
            [Peer::User(UserId(2)), Peer::User(UserId(9)), group]
        );
    }

    #[test]
    fn forwards_refer_to_their_origin() {
        let channel = Peer::Channel(ChannelId(5));
        let mut msg = message(Peer::User(UserId(3)), Some(UserId(1)), text_mentioning(1));
        msg.forward = Some(ForwardOrigin::Channel {
            chat: channel,
            message_id: MessageId(4),
            author_signature: None,
            date: 0,
        });
        assert_eq!(
            references(&msg),
            [Peer::User(UserId(1)), Peer::User(UserId(3)), channel]
        );
        msg.forward = Some(ForwardOrigin::User {
            sender: UserId(8),
            date: 0,
        });
        assert_eq!(
            references(&msg),
            [
                Peer::User(UserId(1)),
                Peer::User(UserId(3)),
                Peer::User(UserId(8))
            ]
        );
        msg.forward = Some(ForwardOrigin::HiddenUser {
            sender_name: "Someone".into(),
            date: 0,
        });
        assert_eq!(
            references(&msg),
            [Peer::User(UserId(1)), Peer::User(UserId(3))]
        );
    }

    #[test]
    fn service_messages_refer_to_the_users_they_name() {
        let group = Peer::Group(GroupId(7));
        let created = ServiceAction::GroupCreated {
            title: "G".into(),
            users: vec![UserId(4), UserId(3)],
        };
        let msg = message(group, Some(UserId(2)), Content::Service(created));
        assert_eq!(
            references(&msg),
            [
                Peer::User(UserId(2)),
                Peer::User(UserId(3)),
                Peer::User(UserId(4)),
                group
            ]
        );
        let left = ServiceAction::MemberLeft { user: UserId(6) };
        let msg = message(group, Some(UserId(2)), Content::Service(left));
        assert_eq!(
            references(&msg),
            [Peer::User(UserId(2)), Peer::User(UserId(6)), group]
        );
    }

    #[test]
    fn lookups_find_members_of_the_set_only() {
        let user = |id| {
            Arc::new(User {
                id: UserId(id),
                first_name: "U".into(),
                last_name: None,
                username: None,
                phone: None,
                language_code: None,
                bot: None,
                created_at: 0,
                photo: None,
                about: None,
                verification: None,
                emoji_status: None,
            })
        };
        let mentioned = Mentioned {
            users: vec![user(2), user(5), user(9)],
            chats: Vec::new(),
            polls: Vec::new(),
            reactions: Vec::new(),
        };
        assert_eq!(mentioned.user(UserId(5)).map(|u| u.id), Some(UserId(5)));
        assert!(mentioned.user(UserId(4)).is_none());
        assert!(mentioned.chat(Peer::Group(GroupId(2))).is_none());
    }
}
