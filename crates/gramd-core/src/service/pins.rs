//! Pinned messages (`pinChatMessage`, `unpinChatMessage`, `unpinAllChatMessages`,
//! `messages.updatePinnedMessage`).
//!
//! A pin is kept per box, on every copy of the message: both sides of a private chat,
//! every member of a basic group, the one copy of a supergroup or channel. Each pin or
//! unpin is an event in those boxes' pts logs (`updatePinnedMessages`). Pinning announces
//! itself with a service message that replies to the pinned message
//! (`messageActionPinMessage`, the Bot API's `pinned_message`).
//!
//! Who may pin: anyone in a private chat; in a group or supergroup an administrator with
//! `can_pin_messages`, or a member where the chat's permissions allow it (bots only as
//! administrators of basic groups); in a broadcast channel an administrator who may edit
//! messages.

use foldhash::{HashMap, HashMapExt};

use crate::chats::MemberFilter;
use crate::error::{AdminAction, CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{Content, Message, ReplyTarget, SendOptions, Sent, ServiceAction};
use crate::store::Write;
use crate::updates::BoxUpdate;

use super::Core;

/// What a pin or unpin did, as the actor sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinChange {
    /// The chat.
    pub peer: Peer,
    /// The messages pinned or unpinned, in the actor's view.
    pub ids: Vec<MessageId>,
    /// Pinned (or unpinned).
    pub pinned: bool,
    /// The pts of the actor's box after the event (0 if nothing changed there).
    pub pts: i32,
    /// The service message announcing a pin, as the actor sees it.
    pub service: Option<Sent>,
}

impl Core {
    /// Pins a message of `peer` for everyone in the chat, announcing it with a service
    /// message (sent silently with `silent`).
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`/`Kicked`, `MessageNotFound { Pin }`,
    /// `NotEnoughRights { PinMessages }`, `MessageNotPinnable`, or `Internal`.
    pub async fn pin_message(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        silent: bool,
    ) -> CoreResult<PinChange> {
        let message = self
            .message_in_chat(actor, peer, id, MessagePurpose::Pin)
            .await?;
        self.check_may_pin(actor, peer).await?;
        if let Content::Service(_) = message.content {
            return Err(CoreError::MessageNotPinnable);
        }
        let mut change = self.set_pinned(actor, &message, true).await?;
        let options = SendOptions {
            reply_to: Some(ReplyTarget {
                message_id: id,
                allow_without_reply: true,
            }),
            silent,
            ..SendOptions::default()
        };
        let sender = self.user(actor).await?;
        let service = self
            .send(
                &sender,
                peer,
                Content::Service(ServiceAction::Pinned),
                options,
                None,
                0,
            )
            .await?;
        change.service = Some(service);
        Ok(change)
    }

    /// Unpins a message of `peer`, or with `None` the most recently pinned one.
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`/`Kicked`, `MessageNotFound { Unpin }` (also when
    /// nothing is pinned), `NotEnoughRights { PinMessages }`, or `Internal`.
    pub async fn unpin_message(
        &self,
        actor: UserId,
        peer: Peer,
        id: Option<MessageId>,
    ) -> CoreResult<PinChange> {
        let id = match id {
            Some(id) => id,
            None => self.pinned_ids(actor, peer).await?.first().copied().ok_or(
                CoreError::MessageNotFound {
                    purpose: MessagePurpose::Unpin,
                },
            )?,
        };
        let message = self
            .message_in_chat(actor, peer, id, MessagePurpose::Unpin)
            .await?;
        self.check_may_pin(actor, peer).await?;
        self.set_pinned(actor, &message, false).await
    }

    /// Unpins every message of `peer`, for everyone in the chat.
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`/`Kicked`, `NotEnoughRights { PinMessages }`, or
    /// `Internal`.
    pub async fn unpin_all(&self, actor: UserId, peer: Peer) -> CoreResult<PinChange> {
        self.check_may_pin(actor, peer).await?;
        // Every box's view of the chat: both sides of a private chat, each member of a
        // basic group, the channel's own box.
        let views: Vec<(BoxId, Peer)> = match peer {
            Peer::User(other) => {
                let mut views = vec![(BoxId::User(actor), peer)];
                if other != actor {
                    views.push((BoxId::User(other), Peer::User(actor)));
                }
                views
            }
            Peer::Group(_) => self
                .0
                .store
                .members(peer, MemberFilter::Recent, 0, u32::MAX)
                .await?
                .into_iter()
                .map(|m| (BoxId::User(m.user), peer))
                .collect(),
            Peer::Channel(id) => vec![(BoxId::Channel(id), peer)],
        };
        let mut unpinned = Vec::with_capacity(views.len());
        for (box_id, view) in views {
            let ids = self.0.store.pinned(box_id, view).await?;
            if !ids.is_empty() {
                unpinned.push((box_id, view, ids));
            }
        }
        let actor_box = Self::view_box(actor, peer);
        let boxes: Vec<BoxId> = unpinned.iter().map(|(b, _, _)| *b).collect();
        self.load_counters(&boxes, &[]).await?;
        let (submitted, (ids, pts)) = self.transact(|tx| {
            let mut actor_view = (Vec::new(), 0);
            for (box_id, view, ids) in unpinned {
                tx.push(Write::UnpinAll { box_id, peer: view });
                let pts = tx.log(
                    box_id,
                    BoxUpdate::PinnedMessages {
                        peer: view,
                        ids: ids.clone(),
                        pinned: false,
                    },
                )?;
                if box_id == actor_box {
                    actor_view = (ids, pts);
                }
            }
            Ok(actor_view)
        })?;
        submitted.wait().await?;
        Ok(PinChange {
            peer,
            ids,
            pinned: false,
            pts,
            service: None,
        })
    }

    /// The most recently pinned message of `peer` as `viewer` sees it.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn pinned_message(&self, viewer: UserId, peer: Peer) -> CoreResult<Option<Message>> {
        let box_id = Self::view_box(viewer, peer);
        for id in self.0.store.pinned(box_id, peer).await? {
            if let Some(message) = self.0.store.message(box_id, id).await? {
                return Ok(Some(message));
            }
        }
        Ok(None)
    }

    /// The pinned message ids of `viewer`'s view of `peer`, newest first.
    async fn pinned_ids(&self, viewer: UserId, peer: Peer) -> CoreResult<Vec<MessageId>> {
        let box_id = Self::view_box(viewer, peer);
        Ok(self.0.store.pinned(box_id, peer).await?)
    }

    /// Errors unless `actor` may pin and unpin messages in `peer`.
    async fn check_may_pin(&self, actor: UserId, peer: Peer) -> CoreResult<()> {
        if let Some(chat) = self.admin_chat(peer).await? {
            let acting = self.acting(chat, actor).await?;
            if !acting.may_pin() {
                return Err(CoreError::NotEnoughRights {
                    action: AdminAction::PinMessages,
                });
            }
        }
        Ok(())
    }

    /// Pins or unpins every copy of `message` (the actor's copy).
    async fn set_pinned(
        &self,
        actor: UserId,
        message: &Message,
        pinned: bool,
    ) -> CoreResult<PinChange> {
        let copies = self.0.store.copies(message.gid).await?;
        // The chat as each copy's box owner sees it.
        let view_of = |box_id: BoxId| match (message.peer, box_id) {
            (Peer::User(_), BoxId::User(owner)) if owner != actor => Peer::User(actor),
            _ => message.peer,
        };
        let mut by_box: HashMap<BoxId, MessageId> = HashMap::with_capacity(copies.len());
        by_box.extend(copies);
        let boxes: Vec<BoxId> = by_box.keys().copied().collect();
        self.load_counters(&boxes, &[]).await?;
        let (submitted, pts) = self.transact(|tx| {
            let mut actor_pts = 0;
            for (&box_id, &id) in &by_box {
                let peer = view_of(box_id);
                tx.push(Write::PinMessages {
                    box_id,
                    peer,
                    ids: vec![id],
                    pinned,
                });
                let pts = tx.log(
                    box_id,
                    BoxUpdate::PinnedMessages {
                        peer,
                        ids: vec![id],
                        pinned,
                    },
                )?;
                if box_id == message.box_id {
                    actor_pts = pts;
                }
            }
            Ok(actor_pts)
        })?;
        submitted.wait().await?;
        Ok(PinChange {
            peer: message.peer,
            ids: vec![message.id],
            pinned,
            pts,
            service: None,
        })
    }
}
