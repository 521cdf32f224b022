//! Reactions ([`crate::reactions`]): choosing one's reactions on a message, reading a
//! message's reactions, the reactions a chat allows, and administrators removing members'
//! reactions.
//!
//! A change of a user's reactions is heard of:
//! - by bots, as the Bot API documents: `message_reaction` for the bot of a private chat
//!   and for the administrator bots of a group or supergroup; `message_reaction_count` for
//!   the administrator bots of a broadcast channel, whose reactions are anonymous; only
//!   bots that listed the kind in `allowed_updates` (the default leaves both out), and
//!   never for reactions set by bots themselves (`message_reaction`). Telegram groups the
//!   count updates and may send them a few minutes late; gramd queues one per change, at
//!   once;
//! - by client sessions, as `updateMessageReactions`: the other side of a private chat,
//!   every other member of a basic group (each holds a copy), and the author of a
//!   supergroup's message. Whoever reacted gets the message's reactions in the result.

use crate::chats::{Chat, ChatKind, MemberFilter};
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{Content, Message};
use crate::reactions::{
    AvailableReactions, MAX_DELETED_REACTIONS, MAX_REACTIONS_PAGE, MessageReactions, Reaction,
    ReactionCountUpdate, ReactionUpdate, UserReactions,
};
use crate::store::Write;
use crate::updates::{BotUpdate, MESSAGE_UPDATE_TTL, UpdateKind};

use super::{Core, SessionUpdate};

/// A bot that hears of a change: the bot, its copy of the message, and what it accepts.
struct Listener {
    bot: UserId,
    id: MessageId,
    kind: UpdateKind,
    mask: crate::updates::UpdateMask,
}

impl Core {
    /// The reactions members of `peer` may use (every standard one in a private chat).
    ///
    /// # Errors
    /// `ChatNotFound`, `Internal`.
    pub async fn available_reactions(&self, peer: Peer) -> CoreResult<AvailableReactions> {
        match peer {
            Peer::User(_) => Ok(AvailableReactions::All),
            Peer::Group(_) | Peer::Channel(_) => {
                Ok(self.chat(peer).await?.available_reactions.clone())
            }
        }
    }

    /// The reactions on `msg` (none if nobody reacted).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn reactions_of(&self, msg: &Message) -> CoreResult<MessageReactions> {
        Ok(self
            .0
            .store
            .reactions(&[msg.gid])
            .await?
            .pop()
            .unwrap_or(MessageReactions {
                gid: msg.gid,
                by_user: Vec::new(),
            }))
    }

    /// The reactions on `messages`, by `gid` (messages nobody reacted to left out).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn reactions_on(&self, messages: &[Message]) -> CoreResult<Vec<MessageReactions>> {
        let mut gids: Vec<i64> = messages.iter().map(|m| m.gid).collect();
        gids.sort_unstable();
        gids.dedup();
        Ok(self.0.store.reactions(&gids).await?)
    }

    /// A message `actor` reacts to: one it sees in `peer`, not a service message; for a
    /// message of an album, the album's first message that is not deleted, which holds the
    /// album's reactions (as the Bot API documents for `setMessageReaction`).
    async fn reaction_target(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
    ) -> CoreResult<Message> {
        let msg = self
            .message_in_chat(actor, peer, id, MessagePurpose::React)
            .await?;
        match &msg.content {
            Content::Service(_) => Err(CoreError::refused("REACTION_INVALID")),
            Content::Media(media) if media.group_id.is_some() => {
                self.album_head(&msg, media.group_id).await
            }
            _ => Ok(msg),
        }
    }

    /// The first message still there of the album `msg` is in. An album's messages are
    /// sent together, so they have consecutive ids in a box, at most
    /// ten of them.
    async fn album_head(&self, msg: &Message, group_id: Option<i64>) -> CoreResult<Message> {
        let span = i32::try_from(super::media::MAX_ALBUM_ITEMS).unwrap_or(10) - 1;
        let ids: Vec<MessageId> = ((msg.id.0 - span).max(1)..msg.id.0)
            .map(MessageId)
            .collect();
        let before = self.0.store.messages(msg.box_id, &ids).await?;
        let head = before.into_iter().find(|m| {
            m.peer == msg.peer
                && matches!(&m.content, Content::Media(media) if media.group_id == group_id)
        });
        Ok(head.unwrap_or_else(|| msg.clone()))
    }

    /// `actor` sets its reactions on message `id` of `peer` to `wanted` (none: removes
    /// them), with the big animation if `big`; returns the message and its reactions
    /// after. Choosing what one already chose changes nothing.
    ///
    /// # Errors
    /// As [`Core::message_in_chat`] (`MessageNotFound { React }`); `ChatWriteForbidden`
    /// for a member who may not react; `Refused` `REACTION_INVALID` (a service message, or
    /// a reaction the chat does not allow) or `REACTIONS_TOO_MANY` (see
    /// [`MessageReactions::check_choice`]).
    pub async fn set_reactions(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        wanted: Vec<Reaction>,
        big: bool,
    ) -> CoreResult<(Message, MessageReactions)> {
        let msg = self.reaction_target(actor, peer, id).await?;
        let chat = match peer {
            Peer::User(_) => None,
            Peer::Group(_) | Peer::Channel(_) => Some(self.chat(peer).await?),
        };
        if let Some(chat) = &chat {
            let member = self.require_member(chat, actor).await?;
            if !member.permissions_in(chat).can_react_to_messages {
                return Err(CoreError::ChatWriteForbidden);
            }
        }
        let available = self.available_reactions(peer).await?;
        let mut reactions = self.reactions_of(&msg).await?;
        let old = reactions.of(actor).to_vec();
        let chosen = reactions.check_choice(actor, wanted, &available)?;
        if chosen == old {
            return Ok((msg, reactions));
        }
        let choice = UserReactions {
            user: actor,
            reactions: chosen,
            big,
            date: self.now(),
        };
        reactions.set(choice.clone());
        self.record_reactions(&msg, chat.as_deref(), actor, old, choice, &reactions)
            .await?;
        Ok((msg, reactions))
    }

    /// Writes one user's new reactions on `msg`, queues the bots' updates and tells the
    /// client sessions (see the module docs). `by` made the change (the user, or an
    /// administrator removing the user's reactions).
    async fn record_reactions(
        &self,
        msg: &Message,
        chat: Option<&Chat>,
        by: UserId,
        old: Vec<Reaction>,
        choice: UserReactions,
        reactions: &MessageReactions,
    ) -> CoreResult<()> {
        let user = choice.user;
        let by_bot = self.user(by).await?.is_bot();
        let copies = match msg.box_id {
            BoxId::User(_) => self.0.store.copies(msg.gid).await?,
            BoxId::Channel(_) => vec![(msg.box_id, msg.id)],
        };
        let listeners = self
            .reaction_listeners(msg, chat, by, by_bot, &copies)
            .await?;
        let bots: Vec<UserId> = listeners.iter().map(|l| l.bot).collect();
        self.load_counters(&[], &bots).await?;
        let gid = msg.gid;
        let peer = msg.peer;
        let (submitted, ()) = self.transact(|tx| {
            let date = tx.now;
            tx.push(Write::SetReactions {
                gid,
                chat: peer,
                choice: choice.clone(),
            });
            for listener in &listeners {
                let chat = match peer {
                    Peer::User(_) => Peer::User(user),
                    Peer::Group(_) | Peer::Channel(_) => peer,
                };
                let update = match listener.kind {
                    UpdateKind::MessageReactionCount => {
                        BotUpdate::MessageReactionCount(ReactionCountUpdate {
                            chat,
                            message_id: listener.id,
                            date,
                            counts: reactions.counts(),
                        })
                    }
                    _ => BotUpdate::MessageReaction(ReactionUpdate {
                        chat,
                        message_id: listener.id,
                        user,
                        date,
                        old: old.clone(),
                        new: choice.reactions.clone(),
                    }),
                };
                tx.queue(
                    listener.bot,
                    listener.mask,
                    update,
                    date + MESSAGE_UPDATE_TTL,
                )?;
            }
            Ok(())
        })?;
        submitted.wait().await?;
        self.tell_reactions(msg, by, &copies, reactions).await
    }

    /// The bots that hear of a change of reactions on `msg` made by `by`.
    async fn reaction_listeners(
        &self,
        msg: &Message,
        chat: Option<&Chat>,
        by: UserId,
        by_bot: bool,
        copies: &[(BoxId, MessageId)],
    ) -> CoreResult<Vec<Listener>> {
        let mut listeners = Vec::new();
        let Some(chat) = chat else {
            // A private chat: its bot, if a person reacted.
            if by_bot {
                return Ok(listeners);
            }
            for &(box_id, id) in copies {
                if let BoxId::User(owner) = box_id
                    && owner != by
                    && self.user(owner).await?.is_bot()
                {
                    let mask = self.bot_delivery(owner).await?.allowed_updates;
                    listeners.push(Listener {
                        bot: owner,
                        id,
                        kind: UpdateKind::MessageReaction,
                        mask,
                    });
                }
            }
            return Ok(listeners);
        };
        let kind = if chat.kind == ChatKind::Channel {
            UpdateKind::MessageReactionCount
        } else if by_bot {
            return Ok(listeners);
        } else {
            UpdateKind::MessageReaction
        };
        let admins = self
            .0
            .store
            .members(chat.peer, MemberFilter::Administrators, 0, u32::MAX)
            .await?;
        for admin in admins {
            if admin.user == by || !self.user(admin.user).await?.is_bot() {
                continue;
            }
            let id = match chat.kind {
                ChatKind::Group => copies
                    .iter()
                    .find(|(b, _)| *b == BoxId::User(admin.user))
                    .map(|(_, id)| *id),
                ChatKind::Supergroup | ChatKind::Channel => Some(msg.id),
            };
            if let Some(id) = id {
                let mask = self.bot_delivery(admin.user).await?.allowed_updates;
                listeners.push(Listener {
                    bot: admin.user,
                    id,
                    kind,
                    mask,
                });
            }
        }
        Ok(listeners)
    }

    /// Pushes `updateMessageReactions` to the sessions of the people who see the change
    /// (see the module docs), each with their own copy of the message.
    async fn tell_reactions(
        &self,
        msg: &Message,
        by: UserId,
        copies: &[(BoxId, MessageId)],
        reactions: &MessageReactions,
    ) -> CoreResult<()> {
        let mut told: Vec<(UserId, Peer, MessageId)> = Vec::new();
        match msg.box_id {
            BoxId::User(_) => {
                for &(box_id, id) in copies {
                    if let BoxId::User(owner) = box_id
                        && owner != by
                    {
                        // The other side of a private chat sees it as the chat with `by`.
                        let peer = match msg.peer {
                            Peer::User(_) => Peer::User(by),
                            other => other,
                        };
                        told.push((owner, peer, id));
                    }
                }
            }
            BoxId::Channel(_) => {
                if let Some(author) = msg.from
                    && author != by
                {
                    let chat = self.chat(msg.peer).await?;
                    if chat.kind == ChatKind::Supergroup {
                        told.push((author, msg.peer, msg.id));
                    }
                }
            }
        }
        for (user, peer, id) in told {
            if self.user(user).await?.is_bot() {
                continue;
            }
            self.push_session_update(
                user,
                None,
                SessionUpdate::MessageReactions {
                    peer,
                    id,
                    topic: msg.topic,
                    reactions: Box::new(reactions.clone()),
                },
            );
        }
        Ok(())
    }

    /// The messages `ids` of `peer` as `viewer` sees them, with their reactions (messages
    /// that do not exist are left out).
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`, `Kicked`, `Internal`.
    pub async fn messages_reactions(
        &self,
        viewer: UserId,
        peer: Peer,
        ids: &[MessageId],
    ) -> CoreResult<Vec<(Message, MessageReactions)>> {
        self.require_message_access(viewer, peer).await?;
        let box_id = Self::view_box(viewer, peer);
        let messages: Vec<Message> = self
            .0
            .store
            .messages(box_id, ids)
            .await?
            .into_iter()
            .filter(|m| m.peer == peer)
            .collect();
        let found = self.reactions_on(&messages).await?;
        Ok(messages
            .into_iter()
            .map(|m| {
                let reactions =
                    found
                        .iter()
                        .find(|r| r.gid == m.gid)
                        .cloned()
                        .unwrap_or(MessageReactions {
                            gid: m.gid,
                            by_user: Vec::new(),
                        });
                (m, reactions)
            })
            .collect())
    }

    /// Who reacted to message `id` of `peer`, most recent first, only with `reaction` if
    /// given, after skipping `offset`, at most `limit` (capped at [`MAX_REACTIONS_PAGE`]);
    /// and how many match in all.
    ///
    /// # Errors
    /// As [`Core::message_in_chat`]; `Refused` `BROADCAST_FORBIDDEN` in a broadcast
    /// channel, whose reactions are anonymous.
    pub async fn reactions_list(
        &self,
        viewer: UserId,
        peer: Peer,
        id: MessageId,
        reaction: Option<&Reaction>,
        offset: usize,
        limit: usize,
    ) -> CoreResult<(usize, Vec<(UserId, Reaction, bool, i64)>)> {
        let msg = self
            .message_in_chat(viewer, peer, id, MessagePurpose::Get)
            .await?;
        if let Peer::Channel(_) = peer
            && self.chat(peer).await?.kind == ChatKind::Channel
        {
            return Err(CoreError::refused("BROADCAST_FORBIDDEN"));
        }
        let reactions = self.reactions_of(&msg).await?;
        let mut all: Vec<(UserId, Reaction, bool, i64)> = reactions
            .by_user
            .iter()
            .rev()
            .flat_map(|r| {
                r.reactions
                    .iter()
                    .map(move |x| (r.user, x.clone(), r.big, r.date))
            })
            .filter(|(_, x, _, _)| reaction.is_none_or(|wanted| wanted == x))
            .collect();
        let total = all.len();
        let page = all
            .drain(offset.min(total)..)
            .take(limit.min(MAX_REACTIONS_PAGE))
            .collect();
        Ok((total, page))
    }

    /// Sets the reactions members of a group or channel may use; needs the right to
    /// change the chat's info. Returns the chat as it is then.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights`, `Refused` `CHAT_NOT_MODIFIED` when nothing changes, `Internal`.
    pub async fn set_available_reactions(
        &self,
        actor: UserId,
        peer: Peer,
        available: AvailableReactions,
    ) -> CoreResult<Chat> {
        let acting = self
            .acting_if(
                actor,
                peer,
                crate::error::AdminAction::ChangeAvailableReactions,
                |a| a.rights().can_change_info,
            )
            .await?;
        if acting.chat.available_reactions == available {
            return Err(CoreError::refused("CHAT_NOT_MODIFIED"));
        }
        let mut chat = (*acting.chat).clone();
        chat.available_reactions = available;
        self.put_chat(chat.clone()).await?;
        Ok(chat)
    }

    /// An administrator of a group or supergroup with the right to delete messages removes
    /// `user`'s reactions on message `id` (Bot API `deleteMessageReaction`).
    ///
    /// # Errors
    /// `PeerInvalid` outside groups and supergroups; as [`Core::message_in_chat`];
    /// `ChatAdminRequired` without the right; `Internal`.
    pub async fn delete_reaction(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        user: UserId,
    ) -> CoreResult<()> {
        let chat = self.reaction_moderator(actor, peer).await?;
        let msg = self.reaction_target(actor, peer, id).await?;
        self.remove_reactions_of(&chat, actor, &msg, user).await
    }

    /// An administrator of a group or supergroup with the right to delete messages removes
    /// `user`'s reactions on up to [`MAX_DELETED_REACTIONS`] of the chat's messages, the
    /// most recent first (Bot API `deleteAllMessageReactions`).
    ///
    /// # Errors
    /// As [`Core::delete_reaction`]; `UserNotFound`.
    pub async fn delete_all_reactions(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
    ) -> CoreResult<()> {
        let chat = self.reaction_moderator(actor, peer).await?;
        self.user(user).await?;
        let limit = u32::try_from(MAX_DELETED_REACTIONS).unwrap_or(u32::MAX);
        let gids = self.0.store.reacted(peer, user, limit).await?;
        let box_id = Self::view_box(actor, peer);
        for gid in gids {
            let copy = self
                .0
                .store
                .copies(gid)
                .await?
                .into_iter()
                .find(|(b, _)| *b == box_id);
            let Some((_, id)) = copy else { continue };
            if let Some(msg) = self.0.store.message(box_id, id).await? {
                self.remove_reactions_of(&chat, actor, &msg, user).await?;
            }
        }
        Ok(())
    }

    /// The group or supergroup where `actor` removes others' reactions, once its right to
    /// delete messages is checked.
    async fn reaction_moderator(&self, actor: UserId, peer: Peer) -> CoreResult<Chat> {
        if let Peer::User(_) = peer {
            return Err(CoreError::PeerInvalid);
        };
        let chat = self.chat(peer).await?;
        if chat.kind == ChatKind::Channel {
            return Err(CoreError::PeerInvalid);
        }
        let member = self.require_member(&chat, actor).await?;
        if !super::chats::rights_of(&member).can_delete_messages {
            return Err(CoreError::ChatAdminRequired);
        }
        Ok((*chat).clone())
    }

    async fn remove_reactions_of(
        &self,
        chat: &Chat,
        actor: UserId,
        msg: &Message,
        user: UserId,
    ) -> CoreResult<()> {
        let mut reactions = self.reactions_of(msg).await?;
        let old = reactions.of(user).to_vec();
        if old.is_empty() {
            return Ok(());
        }
        let choice = UserReactions {
            user,
            reactions: Vec::new(),
            big: false,
            date: self.now(),
        };
        reactions.set(choice.clone());
        self.record_reactions(msg, Some(chat), actor, old, choice, &reactions)
            .await
    }
}
