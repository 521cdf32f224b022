//! Sending, forwarding, editing, deleting and reading messages.

use std::collections::HashMap;
use std::sync::Arc;

use gramd_text::{EntityKind, FormattedText, MessageEntity};

use crate::chats::{Chat, ChatKind, Member, MemberFilter, MemberStatus};
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{
    Content, ForwardOrigin, HistoryPage, HistoryQuery, MAX_TEXT_LENGTH, Message, MessageEdit,
    OutgoingText, ReplyTarget, SendOptions, Sent,
};
use crate::store::Write;
use crate::updates::{BotUpdate, BoxUpdate, MESSAGE_UPDATE_TTL};
use crate::users::User;

use super::Core;

/// Most messages one call may forward, copy or delete.
const MAX_MESSAGE_IDS: usize = 100;

/// One box that receives a copy of a message.
#[derive(Clone, Copy, Debug)]
struct CopyTarget {
    box_id: BoxId,
    /// The chat as the box owner sees it.
    peer: Peer,
    /// The owner of a user box (who gets a dialog row).
    owner: Option<UserId>,
}

/// A bot that may get an update about a message in a chat.
#[derive(Clone, Debug)]
struct BotAudience {
    bot: Arc<User>,
    /// Its box (where its copy is).
    box_id: BoxId,
    /// Administrators see every group message regardless of privacy mode.
    is_admin: bool,
}

/// Where a message to a chat goes.
#[derive(Debug)]
struct Route {
    chat: Option<Arc<Chat>>,
    sender_box: BoxId,
    copies: Vec<CopyTarget>,
    bots: Vec<BotAudience>,
}

impl Route {
    fn is_broadcast(&self) -> bool {
        self.chat
            .as_ref()
            .is_some_and(|c| c.kind == ChatKind::Channel)
    }
}

/// Normalises an outgoing text as Telegram does before storing it: entities detected,
/// whitespace trimmed, length checked.
pub(super) fn prepare_text(text: OutgoingText) -> CoreResult<Content> {
    let options = gramd_text::NormalizeOptions {
        detect_entities: true,
        ..gramd_text::NormalizeOptions::default()
    };
    let formatted = gramd_text::normalize_with(
        FormattedText {
            text: text.text,
            entities: text.entities,
        },
        options,
    )
    .map_err(|err| match err {
        gramd_text::NormalizeError::EmptyText => CoreError::MessageEmpty,
        other => CoreError::EntitiesInvalid {
            detail: other.to_string(),
        },
    })?;
    if gramd_text::utf16_len(&formatted.text) > MAX_TEXT_LENGTH {
        return Err(CoreError::MessageTooLong);
    }
    Ok(Content::Text {
        text: formatted.text,
        entities: formatted.entities,
        link_preview: text.link_preview,
    })
}

impl Core {
    /// The box where `viewer` sees the messages of `peer`.
    pub(super) fn view_box(viewer: UserId, peer: Peer) -> BoxId {
        match peer {
            Peer::Channel(id) => BoxId::Channel(id),
            Peer::User(_) | Peer::Group(_) => BoxId::User(viewer),
        }
    }

    /// `viewer`'s membership in a group or channel; errors unless they are in it.
    /// Errors unless `user` is currently a member of `chat`.
    ///
    /// # Errors
    /// `Kicked` or `NotMember`.
    pub async fn require_member(&self, chat: &Chat, user: UserId) -> CoreResult<Member> {
        let member = self
            .0
            .store
            .member(chat.peer, user)
            .await?
            .unwrap_or_else(|| Member::left(chat.peer, user));
        match member.status {
            s if s.is_member() => Ok(member),
            MemberStatus::Kicked => Err(CoreError::Kicked { kind: chat.kind }),
            _ => Err(CoreError::NotMember { kind: chat.kind }),
        }
    }

    /// A message as `viewer` sees it in `peer`.
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
        if let Peer::Group(_) | Peer::Channel(_) = peer {
            let chat = self.chat(peer).await?;
            self.require_member(&chat, viewer).await?;
        }
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

    async fn route(&self, sender: &User, peer: Peer) -> CoreResult<Route> {
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
                }
                let sender_box = BoxId::User(sender.id);
                let mut copies = vec![CopyTarget {
                    box_id: sender_box,
                    peer,
                    owner: Some(sender.id),
                }];
                let mut bots = Vec::new();
                if other.id != sender.id {
                    copies.push(CopyTarget {
                        box_id: BoxId::User(other.id),
                        peer: Peer::User(sender.id),
                        owner: Some(other.id),
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
                })
            }
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                if let Some(to) = chat.migrated_to {
                    return Err(CoreError::ChatMigrated { to: to.key() });
                }
                let me = self.require_member(&chat, sender.id).await?;
                if chat.kind == ChatKind::Channel
                    && !(me.status == MemberStatus::Creator || me.rights.can_post_messages)
                {
                    return Err(CoreError::ChatWriteForbidden);
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
                    if chat.kind == ChatKind::Group {
                        copies.push(CopyTarget {
                            box_id,
                            peer,
                            owner: Some(member.user),
                        });
                    }
                    if member.user != sender.id
                        && let Some(user) = self.find_user(member.user).await?
                        && user.is_bot()
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
                    });
                }
                Ok(Route {
                    sender_box: Self::view_box(sender.id, peer),
                    chat: Some(chat),
                    copies,
                    bots,
                })
            }
        }
    }

    /// Maps a reply target in the sender's box to the matching copy in every box.
    async fn resolve_reply(
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

    /// Sends a text message from `sender` to `peer`; returns the sender's copy.
    ///
    /// # Errors
    /// `ChatNotFound`, `BotCantInitiate`, `BotCantMessageBot`, `NotMember`, `Kicked`,
    /// `ChatWriteForbidden`, `MessageEmpty`, `MessageTooLong`, `MessageNotFound { Reply }`,
    /// markup errors, or `Internal`.
    pub async fn send_text(
        &self,
        sender: UserId,
        peer: Peer,
        text: OutgoingText,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let sender = self.user(sender).await?;
        let content = prepare_text(text)?;
        self.send(&sender, peer, content, options, None).await
    }

    pub(super) async fn send(
        &self,
        sender: &User,
        peer: Peer,
        content: Content,
        options: SendOptions,
        forward: Option<ForwardOrigin>,
    ) -> CoreResult<Sent> {
        let route = self.route(sender, peer).await?;
        let markup = if sender.is_bot() {
            if let Some(markup) = &options.reply_markup {
                markup.validate()?;
            }
            options.reply_markup.clone()
        } else {
            None
        };
        let (reply_ids, replied_author) = match options.reply_to {
            Some(target) => self.resolve_reply(&route, peer, target).await?,
            None => (HashMap::new(), None),
        };
        let boxes: Vec<BoxId> = route.copies.iter().map(|c| c.box_id).collect();
        let bot_ids: Vec<UserId> = route.bots.iter().map(|b| b.bot.id).collect();
        self.load_counters(&boxes, &bot_ids).await?;
        let mut masks = Vec::with_capacity(route.bots.len());
        for audience in &route.bots {
            masks.push(self.bot_delivery(audience.bot.id).await?.allowed_updates);
        }

        let (submitted, (sent, sender_pts)) = self.transact(|tx| {
            let gid = tx.next_gid();
            let mut by_box = HashMap::with_capacity(route.copies.len());
            let mut sender_pts = 0;
            for copy in &route.copies {
                let id = tx.next_message_id(copy.box_id)?;
                let msg = Message {
                    box_id: copy.box_id,
                    id,
                    gid,
                    peer: copy.peer,
                    from: Some(sender.id),
                    date: tx.now,
                    edit_date: None,
                    content: content.clone(),
                    reply_to: reply_ids.get(&copy.box_id).copied(),
                    reply_markup: markup.clone(),
                    forward: forward.clone(),
                    silent: options.silent,
                    noforwards: options.noforwards,
                };
                let pts = tx.log(copy.box_id, BoxUpdate::NewMessage { id })?;
                if copy.box_id == route.sender_box {
                    sender_pts = pts;
                }
                if let Some(owner) = copy.owner {
                    tx.push(Write::TouchDialog {
                        owner,
                        peer: copy.peer,
                        top_message: id,
                    });
                }
                tx.push(Write::PutMessage(Box::new(msg.clone())));
                by_box.insert(copy.box_id, msg);
            }
            let expires_at = tx.now + MESSAGE_UPDATE_TTL;
            for (audience, mask) in route.bots.iter().zip(masks) {
                let Some(copy) = by_box.get(&audience.box_id) else {
                    continue;
                };
                let update = if route.is_broadcast() {
                    if !audience.is_admin {
                        continue;
                    }
                    BotUpdate::ChannelPost(copy.clone())
                } else {
                    if route.chat.is_some() && !bot_sees(audience, copy, replied_author) {
                        continue;
                    }
                    BotUpdate::Message(copy.clone())
                };
                tx.queue(audience.bot.id, mask, update, expires_at)?;
            }
            let sent = by_box
                .remove(&route.sender_box)
                .ok_or_else(|| CoreError::Internal {
                    detail: "sender has no copy".into(),
                })?;
            Ok((sent, sender_pts))
        })?;
        submitted.wait().await?;
        if let Peer::User(other) = peer
            && !sender.is_bot()
            && route.bots.iter().any(|b| b.bot.id == other)
        {
            self.mark_started(other, sender.id);
        }
        Ok(Sent {
            message: sent,
            pts: sender_pts,
        })
    }

    /// Forwards (or, with `copy`, copies without a forward header) messages of `from` into
    /// `to`; returns the new messages as the actor sees them, in the order given.
    ///
    /// # Errors
    /// `MessageNotFound { Forward | Copy }`, `MessageNotForwardable`, and the errors of
    /// [`Core::send_text`].
    pub async fn forward_messages(
        &self,
        actor: UserId,
        from: Peer,
        ids: &[MessageId],
        to: Peer,
        copy: bool,
        options: SendOptions,
    ) -> CoreResult<Vec<Sent>> {
        if ids.is_empty() {
            return Err(CoreError::NoMessageIds);
        }
        if ids.len() > MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let actor = self.user(actor).await?;
        let purpose = if copy {
            MessagePurpose::Copy
        } else {
            MessagePurpose::Forward
        };
        let source_chat = match from {
            Peer::User(_) => None,
            _ => Some(self.chat(from).await?),
        };
        let mut sources = Vec::with_capacity(ids.len());
        for &id in ids {
            let msg = self.message_in_chat(actor.id, from, id, purpose).await?;
            if let Content::Service(_) = msg.content {
                return Err(CoreError::MessageNotForwardable { protected: false });
            }
            if msg.noforwards {
                return Err(CoreError::MessageNotForwardable { protected: true });
            }
            sources.push(msg);
        }
        let mut sent = Vec::with_capacity(sources.len());
        for (i, msg) in sources.into_iter().enumerate() {
            let origin = if copy {
                None
            } else if let Some(origin) = msg.forward.clone() {
                Some(origin)
            } else if let Some(chat) = source_chat.as_ref().filter(|c| c.kind == ChatKind::Channel)
            {
                Some(ForwardOrigin::Channel {
                    chat: chat.peer,
                    message_id: msg.id,
                    author_signature: None,
                    date: msg.date,
                })
            } else {
                msg.from.map(|sender| ForwardOrigin::User {
                    sender,
                    date: msg.date,
                })
            };
            let mut opts = options.clone();
            if i > 0 {
                opts.reply_to = None;
            }
            if !copy {
                opts.reply_markup = None;
            }
            let content = match msg.content {
                Content::Text {
                    text,
                    entities,
                    link_preview,
                } => Content::Text {
                    text,
                    entities,
                    link_preview,
                },
                service @ Content::Service(_) => service,
            };
            sent.push(self.send(&actor, to, content, opts, origin).await?);
        }
        Ok(sent)
    }

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
        let new_content = match edit.text {
            Some(text) => prepare_text(text)?,
            None => msg.content.clone(),
        };
        let new_markup = match edit.reply_markup {
            Some(markup) if actor.is_bot() => {
                if let Some(m) = &markup {
                    m.validate()?;
                }
                markup
            }
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
        let boxes: Vec<BoxId> = copies.iter().map(|c| c.box_id).collect();
        let bots: Vec<UserId> = audience.iter().map(|(b, _)| *b).collect();
        self.load_counters(&boxes, &bots).await?;

        let (submitted, (updated_actor_copy, actor_pts)) = self.transact(|tx| {
            let edit_date = if text_changed {
                Some(tx.now)
            } else {
                msg.edit_date
            };
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
                if copy.box_id == msg.box_id {
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
    /// from the actor's own box, as `messages.deleteMessages` does). With `revoke`, the other
    /// participants' copies go too. Returns the actor's box pts and pts count after the
    /// deletion (zero count if nothing was deleted).
    ///
    /// # Errors
    /// `MessageNotFound { Delete }` (only when `strict` and an id is missing),
    /// `MessageDeleteForbidden`.
    pub async fn delete_messages(
        &self,
        actor: UserId,
        peer: Option<Peer>,
        ids: &[MessageId],
        revoke: bool,
        strict: bool,
    ) -> CoreResult<(i32, i32)> {
        if ids.len() > MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let actor = self.user(actor).await?;
        let own_box = match peer {
            Some(p) => Self::view_box(actor.id, p),
            None => BoxId::User(actor.id),
        };
        let mut found = self.0.store.messages(own_box, ids).await?;
        if let Some(p) = peer {
            found.retain(|m| m.peer == p);
        }
        if strict && found.len() != ids.len() {
            return Err(CoreError::MessageNotFound {
                purpose: MessagePurpose::Delete,
            });
        }
        let mut by_box: HashMap<BoxId, Vec<MessageId>> = HashMap::new();
        for msg in &found {
            self.check_delete_rights(&actor, msg).await?;
            let everywhere = revoke || matches!(msg.box_id, BoxId::Channel(_));
            if everywhere {
                for (box_id, id) in self.0.store.copies(msg.gid).await? {
                    by_box.entry(box_id).or_default().push(id);
                }
            } else {
                by_box.entry(msg.box_id).or_default().push(msg.id);
            }
        }
        let boxes: Vec<BoxId> = by_box.keys().copied().chain([own_box]).collect();
        self.load_counters(&boxes, &[]).await?;
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
            Ok(own)
        })?;
        submitted.wait().await?;
        if own.1 == 0 {
            own.0 = self.box_pts(own_box).unwrap_or_default();
        }
        Ok(own)
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

    /// A page of `viewer`'s history with `peer`, newest first.
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`, or `Internal`.
    pub async fn history(
        &self,
        viewer: UserId,
        peer: Peer,
        query: HistoryQuery,
    ) -> CoreResult<HistoryPage> {
        match peer {
            Peer::User(other) => {
                self.user(other).await.map_err(|_| CoreError::PeerInvalid)?;
            }
            _ => {
                let chat = self.chat(peer).await?;
                self.require_member(&chat, viewer).await?;
            }
        }
        let box_id = Self::view_box(viewer, peer);
        Ok(self.0.store.history(box_id, peer, query).await?)
    }

    /// Marks `reader`'s incoming messages in `peer` up to `max_id` (0 = all) as read and
    /// tells the other side of a private chat. Returns the reader's box pts and pts count.
    ///
    /// # Errors
    /// `PeerInvalid` or `Internal`.
    pub async fn read_history(
        &self,
        reader: UserId,
        peer: Peer,
        max_id: MessageId,
    ) -> CoreResult<(i32, i32)> {
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

/// Telegram's privacy mode: a bot in a group sees commands, mentions of itself, replies to
/// its messages and service messages, unless it reads all messages or is an administrator.
fn bot_sees(audience: &BotAudience, msg: &Message, replied_author: Option<UserId>) -> bool {
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
