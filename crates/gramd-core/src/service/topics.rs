//! Forum topics ([`crate::topics`]): turning a supergroup's forum on and off, creating,
//! editing, closing, hiding and deleting topics, which topic a message goes to, and reading
//! topics back.
//!
//! Every change of a topic is recorded by a service message sent to the topic
//! (`forum_topic_created`, whose id becomes the topic's; `forum_topic_edited`,
//! `forum_topic_closed`, …), which members and bots see as any message.

use foldhash::HashMap;

use crate::chats::{Chat, ChatKind};
use crate::error::{AdminAction, CoreError, CoreResult};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{Content, SendOptions, Sent, ServiceAction};
use crate::store::Write;
use crate::topics::{
    ForumTopic, GENERAL_TOPIC, TopicEdit, TopicToggle, check_icon_color, check_name,
};
use crate::updates::BoxUpdate;

use super::Core;
use super::admin::Acting;
use super::routing::Route;

impl Core {
    /// The topic a message goes to in a forum (`None`: General, or not a forum): the one
    /// asked for, else that of the replied message. Only administrators post in a closed
    /// topic; service messages go anywhere.
    pub(super) async fn send_topic(
        &self,
        route: &Route,
        content: &Content,
        asked: Option<MessageId>,
        reply_ids: &HashMap<BoxId, MessageId>,
    ) -> CoreResult<Option<MessageId>> {
        let Some(chat) = route.chat.as_ref().filter(|c| c.forum) else {
            return match asked {
                Some(_) => Err(CoreError::refused("TOPIC_ID_INVALID")),
                None => Ok(None),
            };
        };
        let topic = match asked {
            Some(id) => id,
            None => match reply_ids.get(&route.sender_box) {
                Some(&replied) => match self.0.store.message(route.sender_box, replied).await? {
                    // Replying to the message that created a topic is writing in it.
                    Some(msg) if msg.created_topic() => msg.id,
                    Some(msg) => msg.topic.unwrap_or(GENERAL_TOPIC),
                    None => GENERAL_TOPIC,
                },
                None => GENERAL_TOPIC,
            },
        };
        let found = self
            .0
            .store
            .topic(chat.peer, topic)
            .await?
            .ok_or_else(|| CoreError::refused("TOPIC_ID_INVALID"))?;
        let service = matches!(content, Content::Service(_));
        if found.closed && !service && !route.sender_is_admin {
            return Err(CoreError::refused("TOPIC_CLOSED"));
        }
        Ok((topic != GENERAL_TOPIC).then_some(topic))
    }

    /// The forum `peer` where `actor` manages topics, with what it may do there.
    async fn forum(&self, actor: UserId, peer: Peer) -> CoreResult<Acting> {
        let Peer::Channel(_) = peer else {
            return Err(CoreError::refused("CHANNEL_FORUM_MISSING"));
        };
        let chat = self.chat(peer).await?;
        let acting = self.acting(chat, actor).await?;
        if !acting.chat.forum {
            return Err(CoreError::refused("CHANNEL_FORUM_MISSING"));
        }
        Ok(acting)
    }

    /// A topic of the forum, which must exist.
    ///
    /// # Errors
    /// `Refused` `TOPIC_ID_INVALID`; `Internal`.
    pub async fn topic(&self, chat: Peer, id: MessageId) -> CoreResult<ForumTopic> {
        self.0
            .store
            .topic(chat, id)
            .await?
            .ok_or_else(|| CoreError::refused("TOPIC_ID_INVALID"))
    }

    /// Turns the forum of a supergroup on or off; needs the right to change its info.
    /// Turning it on creates the General topic the first time.
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked`, `NotEnoughRights`,
    /// `Refused` `CHANNEL_INVALID` for a broadcast channel, `CHAT_NOT_MODIFIED`.
    pub async fn set_forum(&self, actor: UserId, peer: Peer, enabled: bool) -> CoreResult<Chat> {
        let acting = self
            .acting_if(actor, peer, AdminAction::ManageTopics, |a| {
                a.rights().can_change_info
            })
            .await?;
        if acting.chat.kind != ChatKind::Supergroup {
            return Err(CoreError::refused("CHANNEL_INVALID"));
        }
        if acting.chat.forum == enabled {
            return Err(CoreError::refused("CHAT_NOT_MODIFIED"));
        }
        let mut chat = (*acting.chat).clone();
        chat.forum = enabled;
        let general = if enabled && self.0.store.topic(peer, GENERAL_TOPIC).await?.is_none() {
            Some(ForumTopic::general(peer, actor, self.now()))
        } else {
            None
        };
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutChat(Box::new(chat.clone())));
            if let Some(general) = general {
                tx.push(Write::PutTopic(Box::new(general)));
            }
            Ok(())
        })?;
        submitted.wait().await?;
        self.cache_chat(chat.clone());
        Ok(chat)
    }

    /// `actor` creates a topic in a forum; returns it and the service message that created
    /// it. People may where the members'
    /// permissions let them; bots need the `can_manage_topics` right.
    ///
    /// # Errors
    /// `Refused` `CHANNEL_FORUM_MISSING` (not a forum), `TOPIC_TITLE_EMPTY`,
    /// `TOPIC_TITLE_TOO_LONG`, `TOPIC_ICON_COLOR_INVALID`; `NotEnoughRights`
    /// (`CreateTopic`); membership errors.
    pub async fn create_topic(
        &self,
        actor: UserId,
        peer: Peer,
        name: &str,
        icon_color: Option<i32>,
        icon_emoji_id: Option<i64>,
    ) -> CoreResult<(ForumTopic, Sent)> {
        let acting = self.forum(actor, peer).await?;
        let name = check_name(name)?;
        let icon_color = check_icon_color(icon_color)?;
        let may = acting.rights().can_manage_topics
            || (!acting.actor.is_bot()
                && acting.member.permissions_in(&acting.chat).can_manage_topics);
        if !may {
            return Err(CoreError::NotEnoughRights {
                action: AdminAction::CreateTopic,
            });
        }
        let action = ServiceAction::TopicCreated {
            name: name.clone(),
            icon_color,
            icon_emoji_id,
        };
        let sent = self
            .send(
                &acting.actor,
                peer,
                Content::Service(action),
                SendOptions::default(),
                None,
                0,
            )
            .await?;
        let topic = ForumTopic {
            chat: peer,
            id: sent.message.id,
            name,
            icon_color,
            icon_emoji_id,
            creator: actor,
            date: sent.message.date,
            closed: false,
            hidden: false,
            pinned: false,
        };
        self.put_topic(&topic).await?;
        Ok((topic, sent))
    }

    /// Stores a topic.
    async fn put_topic(&self, topic: &ForumTopic) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutTopic(Box::new(topic.clone())));
            Ok(())
        })?;
        submitted.wait().await
    }

    /// The topic `actor` changes, and whether it may: with the `can_manage_topics` right,
    /// or (for what the creator of a topic may do) having created it.
    async fn managed_topic(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        creator_may: bool,
    ) -> CoreResult<(Acting, ForumTopic)> {
        let acting = self.forum(actor, peer).await?;
        let topic = self.topic(peer, id).await?;
        let may = acting.rights().can_manage_topics || (creator_may && topic.creator == actor);
        if !may {
            return Err(CoreError::NotEnoughRights {
                action: AdminAction::ManageTopics,
            });
        }
        Ok((acting, topic))
    }

    /// Records a change of a topic with its service message, sent to the topic.
    async fn record_topic_change(
        &self,
        acting: &Acting,
        topic: &ForumTopic,
        action: ServiceAction,
    ) -> CoreResult<Sent> {
        self.put_topic(topic).await?;
        let options = SendOptions {
            topic: Some(topic.id),
            ..SendOptions::default()
        };
        self.send(
            &acting.actor,
            topic.chat,
            Content::Service(action),
            options,
            None,
            0,
        )
        .await
    }

    /// Renames a topic or changes its icon (not the General topic's icon); returns the
    /// topic and the service message recording the change. Changing nothing is no error
    /// and sends nothing.
    ///
    /// # Errors
    /// As [`Core::create_topic`]; `Refused` `TOPIC_ID_INVALID`, `GENERAL_MODIFY_ICON_FORBIDDEN`;
    /// `NotEnoughRights` (`ManageTopics`) for neither an administrator with the right nor the
    /// topic's creator.
    pub async fn edit_topic(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        edit: TopicEdit,
    ) -> CoreResult<(ForumTopic, Option<Sent>)> {
        let (acting, mut topic) = self.managed_topic(actor, peer, id, true).await?;
        let name = match edit.name {
            Some(name) => Some(check_name(&name)?).filter(|n| *n != topic.name),
            None => None,
        };
        if topic.is_general() && edit.icon_emoji_id.is_some() {
            return Err(CoreError::refused("GENERAL_MODIFY_ICON_FORBIDDEN"));
        }
        let icon = edit
            .icon_emoji_id
            .filter(|icon| *icon != topic.icon_emoji_id);
        if name.is_none() && icon.is_none() {
            return Ok((topic, None));
        }
        if let Some(name) = &name {
            topic.name.clone_from(name);
        }
        if let Some(icon) = icon {
            topic.icon_emoji_id = icon;
        }
        let action = ServiceAction::TopicEdited {
            name,
            icon_emoji_id: icon.map(|i| i.unwrap_or(0)),
            closed: None,
            hidden: None,
        };
        let sent = self.record_topic_change(&acting, &topic, action).await?;
        Ok((topic, Some(sent)))
    }

    /// Closes or reopens a topic, or hides or shows the General topic (hiding closes it
    /// too); returns the topic and the service message recording the change. Changing
    /// nothing is no error and sends nothing.
    ///
    /// # Errors
    /// As [`Core::edit_topic`]; `Refused` `TOPIC_ID_INVALID` for hiding another topic than
    /// General.
    pub async fn toggle_topic(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        toggle: TopicToggle,
    ) -> CoreResult<(ForumTopic, Option<Sent>)> {
        let (acting, mut topic) = self
            .managed_topic(actor, peer, id, matches!(toggle, TopicToggle::Closed(_)))
            .await?;
        let action = match toggle {
            TopicToggle::Closed(closed) => {
                if topic.closed == closed {
                    return Ok((topic, None));
                }
                topic.closed = closed;
                ServiceAction::TopicEdited {
                    name: None,
                    icon_emoji_id: None,
                    closed: Some(closed),
                    hidden: None,
                }
            }
            TopicToggle::Hidden(hidden) => {
                if !topic.is_general() {
                    return Err(CoreError::refused("TOPIC_ID_INVALID"));
                }
                if topic.hidden == hidden {
                    return Ok((topic, None));
                }
                topic.hidden = hidden;
                if hidden {
                    topic.closed = true;
                }
                ServiceAction::TopicEdited {
                    name: None,
                    icon_emoji_id: None,
                    closed: None,
                    hidden: Some(hidden),
                }
            }
        };
        let sent = self.record_topic_change(&acting, &topic, action).await?;
        Ok((topic, Some(sent)))
    }

    /// The newest message of a topic as `viewer` sees it.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn topic_top_message(
        &self,
        viewer: UserId,
        peer: Peer,
        topic: MessageId,
    ) -> CoreResult<Option<crate::messages::Message>> {
        let box_id = Self::view_box(viewer, peer);
        let ids = self.0.store.topic_messages(box_id, peer, topic).await?;
        match ids.last() {
            Some(&id) => Ok(self.0.store.message(box_id, id).await?),
            None => Ok(None),
        }
    }

    /// A page of a topic's messages, newest first (`messages.getReplies` of a forum
    /// topic): before `offset_id` if positive, with ids in `(min_id, max_id)` where those
    /// are positive, at most `limit`; `total` counts the topic's messages.
    ///
    /// # Errors
    /// `Refused` `CHANNEL_FORUM_MISSING`, `TOPIC_ID_INVALID`; membership errors.
    pub async fn topic_history(
        &self,
        viewer: UserId,
        peer: Peer,
        topic: MessageId,
        query: crate::messages::HistoryQuery,
    ) -> CoreResult<super::History> {
        self.forum(viewer, peer).await?;
        self.topic(peer, topic).await?;
        let box_id = Self::view_box(viewer, peer);
        let ids = self.0.store.topic_messages(box_id, peer, topic).await?;
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let bound = |limit: i32| move |id: &MessageId| limit <= 0 || id.0 < limit;
        let mut page: Vec<MessageId> = ids
            .into_iter()
            .rev()
            .filter(bound(query.offset_id))
            .filter(bound(query.max_id))
            .filter(|id| id.0 > query.min_id)
            .take(usize::try_from(query.limit).unwrap_or(usize::MAX))
            .collect();
        page.dedup();
        let messages = self.0.store.messages(box_id, &page).await?;
        let mut mentioned = self.mentioned(&messages, [peer]).await?;
        mentioned.reactions = self.reactions_on(&messages).await?;
        Ok(super::History {
            messages,
            total,
            mentioned,
        })
    }

    /// Deletes a topic and its messages (not the General topic); needs the right to delete
    /// messages unless `actor` created the topic. Returns the forum's pts after the
    /// deletion and how many messages went.
    ///
    /// # Errors
    /// As [`Core::edit_topic`]; `Refused` `TOPIC_ID_INVALID` for General;
    /// `NotEnoughRights` (`ManageTopics`).
    pub async fn delete_topic(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
    ) -> CoreResult<(i32, i32)> {
        let acting = self.forum(actor, peer).await?;
        let topic = self.topic(peer, id).await?;
        if topic.is_general() {
            return Err(CoreError::refused("TOPIC_ID_INVALID"));
        }
        let may = acting.rights().can_delete_messages || topic.creator == actor;
        if !may {
            return Err(CoreError::NotEnoughRights {
                action: AdminAction::ManageTopics,
            });
        }
        let box_id = Self::view_box(actor, peer);
        let ids = self.0.store.topic_messages(box_id, peer, id).await?;
        let count = i32::try_from(ids.len()).unwrap_or(i32::MAX);
        self.load_counters(&[box_id], &[]).await?;
        let (submitted, pts) = self.transact(|tx| {
            tx.push(Write::DeleteTopic { chat: peer, id });
            if ids.is_empty() {
                return Ok(None);
            }
            tx.push(Write::DeleteMessages {
                box_id,
                ids: ids.clone(),
            });
            tx.log(box_id, BoxUpdate::DeleteMessages { ids }).map(Some)
        })?;
        submitted.wait().await?;
        let pts = match pts {
            Some(pts) => pts,
            None => self.current_pts(box_id).await?,
        };
        Ok((pts, count))
    }

    /// Unpins every message of a topic; needs the right to pin messages.
    ///
    /// # Errors
    /// As [`Core::edit_topic`]; `NotEnoughRights` (`PinMessages`).
    pub async fn unpin_topic(&self, actor: UserId, peer: Peer, id: MessageId) -> CoreResult<()> {
        let acting = self.forum(actor, peer).await?;
        self.topic(peer, id).await?;
        if !acting.may_pin() {
            return Err(CoreError::NotEnoughRights {
                action: AdminAction::PinMessages,
            });
        }
        let box_id = Self::view_box(actor, peer);
        let pinned = self.0.store.pinned(box_id, peer).await?;
        let mut ids = Vec::new();
        for msg in self.0.store.messages(box_id, &pinned).await? {
            if msg.topic.unwrap_or(GENERAL_TOPIC) == id {
                ids.push(msg.id);
            }
        }
        if ids.is_empty() {
            return Ok(());
        }
        self.load_counters(&[box_id], &[]).await?;
        let (submitted, _) = self.transact(|tx| {
            tx.push(Write::PinMessages {
                box_id,
                peer,
                ids: ids.clone(),
                pinned: false,
            });
            tx.log(
                box_id,
                BoxUpdate::PinnedMessages {
                    peer,
                    ids,
                    pinned: false,
                },
            )
        })?;
        submitted.wait().await
    }

    /// Pins a topic to the top of the forum's topic list, or unpins it; needs the
    /// `can_manage_topics` right. Pinning a pinned topic changes nothing.
    ///
    /// # Errors
    /// As [`Core::edit_topic`]; `Refused` `PINNED_TOO_MUCH` past
    /// [`crate::topics::MAX_PINNED_TOPICS`].
    pub async fn pin_topic(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        pinned: bool,
    ) -> CoreResult<ForumTopic> {
        let (_, mut topic) = self.managed_topic(actor, peer, id, false).await?;
        if topic.pinned == pinned {
            return Ok(topic);
        }
        if pinned {
            let count = self
                .0
                .store
                .topics(peer)
                .await?
                .iter()
                .filter(|t| t.pinned)
                .count();
            if count >= crate::topics::MAX_PINNED_TOPICS {
                return Err(CoreError::refused("PINNED_TOO_MUCH"));
            }
        }
        topic.pinned = pinned;
        self.put_topic(&topic).await?;
        Ok(topic)
    }

    /// The topics of a forum `viewer` is a member of: pinned ones first, then the General
    /// topic, then the newest first; with `after`, those created before topic `after`
    /// (General and pinned ones excluded).
    ///
    /// # Errors
    /// `Refused` `CHANNEL_FORUM_MISSING`; membership errors.
    pub async fn topics(
        &self,
        viewer: UserId,
        peer: Peer,
        after: Option<MessageId>,
        limit: usize,
    ) -> CoreResult<(usize, Vec<ForumTopic>)> {
        self.forum(viewer, peer).await?;
        let mut all = self.0.store.topics(peer).await?;
        // A stable sort keeps the store's order within each group.
        all.sort_by_key(|t| !t.pinned);
        let total = all.len();
        let page = all
            .into_iter()
            .filter(|t| after.is_none_or(|a| !t.is_general() && !t.pinned && t.id < a))
            .take(limit.min(crate::topics::MAX_TOPICS_PAGE))
            .collect();
        Ok((total, page))
    }
}
