//! Editing and deleting messages.

use std::collections::HashMap;

use crate::attachments::{LIVE_PERIOD_FOREVER, Location};
use crate::chats::{ChatKind, MemberStatus};
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{
    Content, DeleteFor, HistoryQuery, LiveLocationEdit, Message, MessageEdit, MissingIds, Sent,
};
use crate::store::Write;
use crate::updates::{
    BotUpdate, BoxUpdate, BusinessMessage, DeletedBusinessMessages, MESSAGE_UPDATE_TTL,
};
use crate::users::User;

use super::Core;
use super::media::{media_content, prepare_caption};
use super::messaging::{MAX_MESSAGE_IDS, prepare_text};
use super::routing::{MessageEvent, group_update};

impl Core {
    /// Edits a message the actor may edit; returns the actor's updated copy.
    ///
    /// # Errors
    /// `MessageNotFound { Edit }`, `MessageEditForbidden`, `MessageNotModified`, and text
    /// and markup errors.
    pub async fn edit_message(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        edit: MessageEdit,
    ) -> CoreResult<Sent> {
        let actor = self.user(actor).await?;
        let msg = self
            .message_in_chat(actor.id, peer, id, MessagePurpose::Edit)
            .await?;
        self.check_edit_rights(&actor, &msg).await?;
        self.apply_message_edit(&actor, msg, edit).await
    }

    /// Applies an edit `actor` may make to every copy of `msg`, and tells the bots that
    /// hear of it; returns the updated copy of the box `msg` is in.
    pub(super) async fn apply_message_edit(
        &self,
        actor: &User,
        msg: Message,
        edit: MessageEdit,
    ) -> CoreResult<Sent> {
        let peer = msg.peer;
        let new_markup_request = edit.reply_markup.clone();
        let new_content = edited_content(&msg.content, edit, msg.date, self.now())?;
        let new_markup = match new_markup_request {
            Some(markup) if actor.is_bot() => match markup {
                Some(m) => m.normalized()?,
                None => None,
            },
            _ => msg.reply_markup.clone(),
        };
        if new_content == msg.content && new_markup == msg.reply_markup {
            return Err(CoreError::MessageNotModified);
        }
        let text_changed = new_content != msg.content;
        let copy_ids = self.0.store.copies(msg.gid).await?;
        let mut copies = Vec::with_capacity(copy_ids.len());
        for (box_id, copy_id) in copy_ids {
            if let Some(copy) = self.0.store.message(box_id, copy_id).await? {
                copies.push(copy);
            }
        }
        let mut audience = Vec::new();
        for copy in &copies {
            if let BoxId::User(owner) = copy.box_id
                && owner != actor.id
                && let Some(user) = self.find_user(owner).await?
                && user.is_bot()
            {
                audience.push((owner, self.bot_delivery(owner).await?.allowed_updates));
            }
        }
        // In a private chat, the business bot of either side hears of the edit.
        let mut business = Vec::new();
        for copy in &copies {
            if let (BoxId::User(owner), Peer::User(other)) = (copy.box_id, copy.peer) {
                let (owner, other) = (self.user(owner).await?, self.user(other).await?);
                if let Some(audience) = self.business_audience(&owner, &other).await? {
                    business.push(audience);
                }
            }
        }
        // In a supergroup or channel the one copy is the channel's: its bot members hear of
        // the edit as they would of the message (admins of a channel; privacy mode in a
        // supergroup).
        let (channel_bots, broadcast, replied_author) = match msg.box_id {
            BoxId::Channel(_) => {
                let chat = self.chat(peer).await?;
                let replied_author = match msg.reply_to {
                    Some(reply) => self
                        .0
                        .store
                        .message(msg.box_id, reply)
                        .await?
                        .and_then(|m| m.from),
                    None => None,
                };
                (
                    self.channel_bots(peer, msg.box_id, actor.id).await?,
                    chat.kind == ChatKind::Channel,
                    replied_author,
                )
            }
            BoxId::User(_) => (Vec::new(), false, None),
        };
        let boxes: Vec<BoxId> = copies.iter().map(|c| c.box_id).collect();
        let bots: Vec<UserId> = audience
            .iter()
            .map(|(b, _)| *b)
            .chain(channel_bots.iter().map(|(a, _)| a.bot.id))
            .chain(business.iter().map(|a| a.bot))
            .collect();
        self.load_counters(&boxes, &bots).await?;

        let (submitted, (updated_actor_copy, actor_pts)) = self.transact(|tx| {
            let edit_date = if text_changed {
                Some(tx.now)
            } else {
                msg.edit_date
            };
            if let Content::Media(media) = &new_content
                && msg.media().is_none_or(|old| old.id() != media.media.id())
            {
                tx.push(Write::PutMedia(Box::new(media.media.clone())));
            }
            tx.push(Write::EditMessage {
                gid: msg.gid,
                content: new_content.clone(),
                reply_markup: new_markup.clone(),
                edit_date,
            });
            let mut updated_actor_copy = None;
            let mut actor_pts = 0;
            for mut copy in copies {
                copy.content = new_content.clone();
                copy.reply_markup = new_markup.clone();
                copy.edit_date = edit_date;
                let pts = tx.log(copy.box_id, BoxUpdate::EditMessage { id: copy.id })?;
                if let Some((bot, mask)) = audience
                    .iter()
                    .find(|(b, _)| BoxId::User(*b) == copy.box_id)
                {
                    let update = BotUpdate::EditedMessage(copy.clone());
                    tx.queue(*bot, *mask, update, copy.date + MESSAGE_UPDATE_TTL)?;
                }
                if let Some(audience) = business.iter().find(|a| a.box_id == copy.box_id) {
                    let update = BotUpdate::EditedBusinessMessage(BusinessMessage {
                        connection_id: audience.connection_id.clone(),
                        message: copy.clone(),
                    });
                    let expires_at = copy.date + MESSAGE_UPDATE_TTL;
                    tx.queue(audience.bot, audience.mask, update, expires_at)?;
                }
                if copy.box_id == msg.box_id {
                    for (audience, mask) in &channel_bots {
                        if let Some(update) = group_update(
                            broadcast,
                            audience,
                            &copy,
                            replied_author,
                            MessageEvent::Edited,
                        ) {
                            tx.queue(
                                audience.bot.id,
                                *mask,
                                update,
                                copy.date + MESSAGE_UPDATE_TTL,
                            )?;
                        }
                    }
                    actor_pts = pts;
                    updated_actor_copy = Some(copy);
                }
            }
            Ok((updated_actor_copy, actor_pts))
        })?;
        submitted.wait().await?;
        let message = updated_actor_copy.ok_or(CoreError::MessageNotFound {
            purpose: MessagePurpose::Edit,
        })?;
        Ok(Sent {
            message,
            pts: actor_pts,
        })
    }
}

/// A message's content after an edit: a new text (of a text message), new media (of a
/// media message, keeping its album), a new caption or caption placement (of a media
/// message), a live location moved or stopped (while it is live: it was sent at `sent_at`,
/// and it is `now`), or the content as it was.
fn edited_content(old: &Content, edit: MessageEdit, sent_at: i64, now: i64) -> CoreResult<Content> {
    if let Some(live) = edit.live_location {
        return edited_live_location(old, live, sent_at, now);
    }
    if let Some(text) = edit.text {
        return match old {
            Content::Media(_) => Err(CoreError::NoTextToEdit),
            _ => prepare_text(text),
        };
    }
    if let Some(media) = edit.media {
        let Content::Media(old) = old else {
            return Err(CoreError::NoMediaToEdit);
        };
        if old.group_id.is_some() && old.media.album_kind() != media.media.album_kind() {
            return Err(CoreError::AlbumMixed);
        }
        return media_content(media, old.group_id);
    }
    if edit.caption.is_none() && edit.show_caption_above_media.is_none() {
        return Ok(old.clone());
    }
    let Content::Media(old) = old else {
        return Err(CoreError::NoCaptionToEdit);
    };
    let mut new = (**old).clone();
    if let Some(caption) = edit.caption {
        let caption = prepare_caption(caption)?;
        new.caption = caption.text;
        new.entities = caption.entities;
    }
    if let Some(above) = edit.show_caption_above_media {
        new.show_caption_above_media = above;
    }
    Ok(Content::Media(Box::new(new)))
}

/// A live location after it is moved or stopped. Only a location that is still live can
/// change (`MessageEditForbidden` otherwise, Telegram's "message can't be edited"); a
/// stopped one keeps its point and gets the live period it actually had (0 if stopped in
/// the second it was sent), so it is over.
fn edited_live_location(
    old: &Content,
    live: LiveLocationEdit,
    sent_at: i64,
    now: i64,
) -> CoreResult<Content> {
    let Content::Location(old) = old else {
        return Err(CoreError::MessageEditForbidden);
    };
    let Some(period) = old.live_period else {
        return Err(CoreError::MessageEditForbidden);
    };
    let elapsed = now.saturating_sub(sent_at);
    if period != LIVE_PERIOD_FOREVER && elapsed >= i64::from(period) {
        return Err(CoreError::MessageEditForbidden);
    }
    Ok(Content::Location(match live {
        LiveLocationEdit::Stop => Location {
            live_period: Some(i32::try_from(elapsed.max(0)).unwrap_or(i32::MAX)),
            heading: None,
            proximity_alert_radius: None,
            ..old.clone()
        },
        LiveLocationEdit::Move(moved) => {
            let live_period = match moved.live_period {
                None => period,
                // A live period can be extended, never shortened.
                Some(new) if new >= period || new == LIVE_PERIOD_FOREVER => new,
                Some(_) => return Err(CoreError::refused("PERIOD_INVALID")),
            };
            Location {
                live_period: Some(live_period),
                ..moved
            }
            .validated()?
        }
    }))
}

impl Core {
    async fn check_edit_rights(&self, actor: &User, msg: &Message) -> CoreResult<()> {
        if let Content::Service(_) = msg.content {
            return Err(CoreError::MessageEditForbidden);
        }
        if msg.from == Some(actor.id) {
            return Ok(());
        }
        if let Peer::Channel(_) = msg.peer {
            let chat = self.chat(msg.peer).await?;
            let me = self.require_member(&chat, actor.id).await?;
            if chat.kind == ChatKind::Channel
                && (me.status == MemberStatus::Creator || me.rights.can_edit_messages)
            {
                return Ok(());
            }
        }
        Err(CoreError::MessageEditForbidden)
    }

    /// Deletes messages by id from the actor's view of `peer` (or, with `peer == None`,
    /// from the actor's own box, as `messages.deleteMessages` does), for the actor alone
    /// or for everyone. Returns the actor's box pts and pts count after the deletion (zero
    /// count if nothing was deleted).
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember` or `Kicked` for a chat the actor cannot reach,
    /// `MessageNotFound { Delete }` (only with [`MissingIds::Refuse`]),
    /// `MessageDeleteForbidden`.
    pub async fn delete_messages(
        &self,
        actor: UserId,
        peer: Option<Peer>,
        ids: &[MessageId],
        delete_for: DeleteFor,
        missing: MissingIds,
    ) -> CoreResult<(i32, i32)> {
        if ids.len() > MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let actor = self.user(actor).await?;
        let own_box = match peer {
            Some(p) => {
                self.require_message_access(actor.id, p).await?;
                Self::view_box(actor.id, p)
            }
            None => BoxId::User(actor.id),
        };
        let mut found = self.0.store.messages(own_box, ids).await?;
        if let Some(p) = peer {
            found.retain(|m| m.peer == p);
        }
        if missing == MissingIds::Refuse && found.len() != ids.len() {
            return Err(CoreError::MessageNotFound {
                purpose: MessagePurpose::Delete,
            });
        }
        let mut by_box: HashMap<BoxId, Vec<MessageId>> = HashMap::new();
        // Copies in private chats, by box and the chat as that box's owner sees it.
        let mut private: HashMap<(BoxId, Peer), Vec<MessageId>> = HashMap::new();
        for msg in &found {
            self.check_delete_rights(&actor, msg).await?;
            let everywhere =
                delete_for == DeleteFor::Everyone || matches!(msg.box_id, BoxId::Channel(_));
            let copies = if everywhere {
                self.0.store.copies(msg.gid).await?
            } else {
                vec![(msg.box_id, msg.id)]
            };
            for (box_id, id) in copies {
                by_box.entry(box_id).or_default().push(id);
                if let Peer::User(_) = msg.peer {
                    let seen = if box_id == own_box {
                        msg.peer
                    } else {
                        Peer::User(actor.id)
                    };
                    private.entry((box_id, seen)).or_default().push(id);
                }
            }
        }
        let mut business = Vec::new();
        for ((box_id, seen), ids) in private {
            if let (BoxId::User(owner), Peer::User(other)) = (box_id, seen) {
                let (owner, other) = (self.user(owner).await?, self.user(other).await?);
                if let Some(audience) = self.business_audience(&owner, &other).await? {
                    business.push((audience, seen, ids));
                }
            }
        }
        let boxes: Vec<BoxId> = by_box.keys().copied().chain([own_box]).collect();
        let bots: Vec<UserId> = business.iter().map(|(a, _, _)| a.bot).collect();
        self.load_counters(&boxes, &bots).await?;
        let (submitted, mut own) = self.transact(|tx| {
            let mut own = (0, 0);
            for (box_id, mut ids) in by_box {
                ids.sort_unstable();
                ids.dedup();
                let count = i32::try_from(ids.len()).unwrap_or(i32::MAX);
                tx.push(Write::DeleteMessages {
                    box_id,
                    ids: ids.clone(),
                });
                let pts = tx.log(box_id, BoxUpdate::DeleteMessages { ids })?;
                if box_id == own_box {
                    own = (pts, count);
                }
            }
            for (audience, chat, ids) in &business {
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids.dedup();
                let update = BotUpdate::DeletedBusinessMessages(DeletedBusinessMessages {
                    connection_id: audience.connection_id.clone(),
                    chat: *chat,
                    ids,
                });
                tx.queue(
                    audience.bot,
                    audience.mask,
                    update,
                    tx.now + MESSAGE_UPDATE_TTL,
                )?;
            }
            Ok(own)
        })?;
        submitted.wait().await?;
        if own.1 == 0 {
            own.0 = self.box_pts(own_box).unwrap_or_default();
        }
        Ok(own)
    }

    /// Deletes every message of `peer` in `box_id` (a removed member's copy of a basic
    /// group), each batch logged in the box as a deletion.
    pub(super) async fn delete_box_history(&self, box_id: BoxId, peer: Peer) -> CoreResult<()> {
        loop {
            let page = self
                .0
                .store
                .history(box_id, peer, HistoryQuery::newest(MAX_MESSAGE_IDS as u32))
                .await?;
            let mut ids: Vec<MessageId> = page.messages.iter().map(|m| m.id).collect();
            if ids.is_empty() {
                return Ok(());
            }
            ids.sort_unstable();
            self.load_counters(&[box_id], &[]).await?;
            let (submitted, ()) = self.transact(|tx| {
                tx.push(Write::DeleteMessages {
                    box_id,
                    ids: ids.clone(),
                });
                tx.log(box_id, BoxUpdate::DeleteMessages { ids })?;
                Ok(())
            })?;
            submitted.wait().await?;
        }
    }

    async fn check_delete_rights(&self, actor: &User, msg: &Message) -> CoreResult<()> {
        match msg.peer {
            Peer::User(_) => Ok(()),
            Peer::Group(_) | Peer::Channel(_) => {
                if msg.from == Some(actor.id) && !matches!(msg.content, Content::Service(_)) {
                    return Ok(());
                }
                let chat = self.chat(msg.peer).await?;
                let me = self.require_member(&chat, actor.id).await?;
                if me.status == MemberStatus::Creator || me.rights.can_delete_messages {
                    return Ok(());
                }
                if chat.kind == ChatKind::Group && !actor.is_bot() {
                    // In basic groups anyone may delete their own copy.
                    return Ok(());
                }
                Err(CoreError::MessageDeleteForbidden)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(period: i32) -> Content {
        Content::Location(Location {
            live_period: Some(period),
            ..Location::point(1.0, 2.0)
        })
    }

    #[test]
    fn a_live_location_changes_only_while_it_is_live() {
        let moved = LiveLocationEdit::Move(Location::point(3.0, 4.0));
        let after = edited_live_location(&live(60), moved.clone(), 100, 159).unwrap();
        assert_eq!(after, {
            let mut expected = live(60);
            if let Content::Location(l) = &mut expected {
                (l.latitude, l.longitude) = (3.0, 4.0);
            }
            expected
        });
        assert_eq!(
            edited_live_location(&live(60), moved.clone(), 100, 160),
            Err(CoreError::MessageEditForbidden),
            "expired"
        );
        assert!(edited_live_location(&live(LIVE_PERIOD_FOREVER), moved, 0, 1 << 40).is_ok());
        let stopped = edited_live_location(&live(600), LiveLocationEdit::Stop, 100, 130).unwrap();
        assert_eq!(stopped, live(30));
        assert_eq!(
            edited_live_location(&stopped, LiveLocationEdit::Stop, 100, 130),
            Err(CoreError::MessageEditForbidden),
            "stopped is over"
        );
        let plain = Content::Location(Location::point(1.0, 2.0));
        assert_eq!(
            edited_live_location(&plain, LiveLocationEdit::Stop, 0, 0),
            Err(CoreError::MessageEditForbidden)
        );
    }
}
