//! Reading history and marking it read.

use crate::error::{CoreError, CoreResult};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{HistoryQuery, Message};
use crate::store::Write;
use crate::updates::BoxUpdate;

use super::Core;
use super::mentions::Mentioned;

/// A page of a chat's history as one viewer sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// The messages, newest first.
    pub messages: Vec<Message>,
    /// How many messages the chat has in this view in total.
    pub total: u32,
    /// The users and chats the messages refer to, and the chat itself.
    pub mentioned: Mentioned,
}

impl Core {
    /// `BotMethodInvalid` if `actor` is a bot.
    pub(super) async fn refuse_bots(&self, actor: UserId) -> CoreResult<()> {
        match self.find_user(actor).await? {
            Some(user) if user.is_bot() => Err(CoreError::BotMethodInvalid),
            _ => Ok(()),
        }
    }

    /// A page of `viewer`'s history with `peer`, newest first, with what it refers to.
    ///
    /// # Errors
    /// `BotMethodInvalid` for a bot (bots cannot read history, as on Telegram; their
    /// boxes are not indexed by chat), `ChatNotFound`, `NotMember` (supergroups and
    /// channels), or `Internal`.
    pub async fn history(
        &self,
        viewer: UserId,
        peer: Peer,
        query: HistoryQuery,
    ) -> CoreResult<History> {
        self.refuse_bots(viewer).await?;
        match peer {
            Peer::User(other) => {
                self.user(other).await.map_err(|_| CoreError::PeerInvalid)?;
            }
            // A basic group's history is each member's own copy, which stays readable
            // after they leave or are removed (unless it was revoked), as on Telegram.
            Peer::Group(_) => {
                self.chat(peer).await?;
            }
            Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                self.require_member(&chat, viewer).await?;
            }
        }
        let box_id = Self::view_box(viewer, peer);
        let page = self.0.store.history(box_id, peer, query).await?;
        let mut mentioned = self.mentioned(&page.messages, [peer]).await?;
        mentioned.reactions = self.reactions_on(&page.messages).await?;
        Ok(History {
            messages: page.messages,
            total: page.total,
            mentioned,
        })
    }

    /// Marks `reader`'s incoming messages in `peer` up to `max_id` (0 = all) as read and
    /// tells the other side of a private chat. Returns the reader's box pts and pts count.
    ///
    /// # Errors
    /// `BotMethodInvalid` for a bot, `PeerInvalid` or `Internal`.
    pub async fn read_history(
        &self,
        reader: UserId,
        peer: Peer,
        max_id: MessageId,
    ) -> CoreResult<(i32, i32)> {
        self.refuse_bots(reader).await?;
        let own_box = BoxId::User(reader);
        let Some(dialog) = self.0.store.dialog(reader, peer).await? else {
            self.load_counters(&[own_box], &[]).await?;
            return Ok((self.box_pts(own_box).unwrap_or_default(), 0));
        };
        let upto = if max_id.0 <= 0 || max_id > dialog.top_message {
            dialog.top_message
        } else {
            max_id
        };
        if upto <= dialog.read_inbox_max_id {
            self.load_counters(&[own_box], &[]).await?;
            return Ok((self.box_pts(own_box).unwrap_or_default(), 0));
        }
        // The other side of a private chat learns how far its messages were read.
        let mut outbox = None;
        if let Peer::User(other) = peer
            && other != reader
        {
            let newest = self
                .0
                .store
                .history(
                    own_box,
                    peer,
                    HistoryQuery {
                        offset_id: upto.0 + 1,
                        offset_date: 0,
                        add_offset: 0,
                        limit: 1,
                        max_id: 0,
                        min_id: 0,
                    },
                )
                .await?;
            if let Some(msg) = newest.messages.first() {
                let other_box = BoxId::User(other);
                if let Some((_, id)) = self
                    .0
                    .store
                    .copies(msg.gid)
                    .await?
                    .into_iter()
                    .find(|(b, _)| *b == other_box)
                {
                    outbox = Some((other, id));
                }
            }
        }
        let mut boxes = vec![own_box];
        if let Some((other, _)) = outbox {
            boxes.push(BoxId::User(other));
        }
        self.load_counters(&boxes, &[]).await?;
        let (submitted, pts) = self.transact(|tx| {
            tx.push(Write::ReadDialog {
                owner: reader,
                peer,
                inbox_max_id: Some(upto),
                outbox_max_id: None,
            });
            let pts = tx.log(own_box, BoxUpdate::ReadHistoryInbox { peer, max_id: upto })?;
            if let Some((other, id)) = outbox {
                tx.push(Write::ReadDialog {
                    owner: other,
                    peer: Peer::User(reader),
                    inbox_max_id: None,
                    outbox_max_id: Some(id),
                });
                tx.log(
                    BoxId::User(other),
                    BoxUpdate::ReadHistoryOutbox {
                        peer: Peer::User(reader),
                        max_id: id,
                    },
                )?;
            }
            Ok(pts)
        })?;
        submitted.wait().await?;
        Ok((pts, 1))
    }
}
