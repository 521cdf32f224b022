//! Business connections: connecting a bot to a user's account and ending it, which private
//! chats a connection covers (and so which bots hear of their messages), and a bot acting
//! for the user in them: sending, editing, reading and deleting, within its rights
//! (<https://core.telegram.org/api/bots/connected-business-bots>).

use std::sync::Arc;

use crate::attachments::Attachment;
use crate::business::{BusinessConnection, BusinessRecipients, BusinessRights, ChatFacts};
use crate::chat_actions::ChatAction;
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{
    Content, DeleteFor, HistoryQuery, MessageEdit, MissingIds, OutgoingMedia, OutgoingText,
    SendOptions, Sent,
};
use crate::store::Write;
use crate::updates::{BotUpdate, MESSAGE_UPDATE_TTL, UpdateMask};
use crate::users::User;

use super::Core;
use super::media::media_content;
use super::messaging::prepare_text;

/// Length of a connection id.
const CONNECTION_ID_LEN: usize = 24;
/// How long after the other person's last message the bot may still write to them.
const REPLY_WINDOW: i64 = 86_400;
/// Messages read per history page while looking for the other person's last message.
const REPLY_WINDOW_PAGE: u32 = 100;

/// A bot that hears of what happens in one user's private chat through a connection.
#[derive(Clone, Debug)]
pub(super) struct BusinessAudience {
    /// The connection.
    pub(super) connection_id: String,
    /// Its bot.
    pub(super) bot: UserId,
    /// The connected user's box, where the copies the bot hears of live.
    pub(super) box_id: BoxId,
    /// The updates the bot accepts.
    pub(super) mask: UpdateMask,
}

fn refused(name: &'static str) -> CoreError {
    CoreError::refused(name)
}

impl Core {
    /// Connects a business bot to a user's account, or changes the rights and recipients
    /// of its connection; a user has one business bot at a time, so connecting another
    /// ends the previous connection. Each bot concerned gets a `business_connection`
    /// update. Returns the connection.
    ///
    /// # Errors
    /// `BotMethodInvalid` if the user is a bot; `Refused { "BOT_BUSINESS_MISSING" }` if
    /// `bot` is no bot that can be connected to business accounts;
    /// `Refused { "BUSINESS_RECIPIENTS_EMPTY" }` if the recipients select nothing.
    pub async fn connect_business_bot(
        &self,
        user: UserId,
        bot: UserId,
        rights: BusinessRights,
        recipients: BusinessRecipients,
    ) -> CoreResult<BusinessConnection> {
        let user = self.business_owner(user).await?;
        let bot = match self.find_user(bot).await? {
            Some(found)
                if found
                    .bot
                    .as_ref()
                    .is_some_and(|info| info.can_connect_to_business) =>
            {
                found.id
            }
            _ => return Err(refused("BOT_BUSINESS_MISSING")),
        };
        let recipients = recipients.normalized();
        if recipients.is_empty() {
            return Err(refused("BUSINESS_RECIPIENTS_EMPTY"));
        }
        let _changing = self.0.business_changes.lock().await;
        let existing = self.0.store.business_connections(user.id).await?;
        let now = self.now();
        let mut changed: Vec<BusinessConnection> = existing
            .iter()
            .filter(|c| c.enabled && c.bot != bot)
            .map(|c| BusinessConnection {
                enabled: false,
                ..c.clone()
            })
            .collect();
        let connection = match existing.into_iter().find(|c| c.bot == bot) {
            Some(old) => BusinessConnection {
                date: if old.enabled { old.date } else { now },
                rights,
                recipients,
                enabled: true,
                ..old
            },
            None => BusinessConnection {
                id: super::random_token(CONNECTION_ID_LEN),
                user: user.id,
                bot,
                date: now,
                rights,
                recipients,
                enabled: true,
            },
        };
        changed.push(connection.clone());
        self.record_connections(user.id, &changed).await?;
        Ok(connection)
    }

    /// Ends a user's connection with a business bot; the bot gets a `business_connection`
    /// update with the connection disabled.
    ///
    /// # Errors
    /// `BotMethodInvalid` if the user is a bot; `Refused { "BOT_NOT_CONNECTED_YET" }` if
    /// the bot is not connected.
    pub async fn disconnect_business_bot(&self, user: UserId, bot: UserId) -> CoreResult<()> {
        let user = self.business_owner(user).await?;
        let _changing = self.0.business_changes.lock().await;
        let Some(connection) = self
            .0
            .store
            .business_connections(user.id)
            .await?
            .into_iter()
            .find(|c| c.enabled && c.bot == bot)
        else {
            return Err(refused("BOT_NOT_CONNECTED_YET"));
        };
        let ended = BusinessConnection {
            enabled: false,
            ..connection
        };
        self.record_connections(user.id, &[ended]).await
    }

    /// Takes one private chat out of the user's business connection (`excluded`), or puts
    /// it back: the person joins the excluded users (with `exclude_selected`, the
    /// selected ones, which that flag excludes), as `account.toggleConnectedBotPaused` and
    /// `account.disablePeerConnectedBot` do. The bot gets a `business_connection` update.
    /// Returns whether anything changed.
    ///
    /// # Errors
    /// `BotMethodInvalid` if the user is a bot; `Refused { "BOT_NOT_CONNECTED_YET" }` if the
    /// user has no business bot; `PeerInvalid` for a chat that is no private chat.
    pub async fn exclude_business_peer(
        &self,
        user: UserId,
        peer: Peer,
        excluded: bool,
    ) -> CoreResult<bool> {
        let user = self.business_owner(user).await?;
        let Peer::User(other) = peer else {
            return Err(CoreError::PeerInvalid);
        };
        let _changing = self.0.business_changes.lock().await;
        let Some(connection) = self.active_connection(user.id).await? else {
            return Err(refused("BOT_NOT_CONNECTED_YET"));
        };
        let mut connection = (*connection).clone();
        let recipients = &mut connection.recipients;
        let list = if recipients.exclude_selected {
            &mut recipients.users
        } else {
            &mut recipients.exclude_users
        };
        let present = list.contains(&other);
        if present == excluded {
            return Ok(false);
        }
        if excluded {
            list.push(other);
            list.sort_unstable();
        } else {
            list.retain(|u| *u != other);
        }
        self.record_connections(user.id, &[connection]).await?;
        Ok(true)
    }

    /// The user who connects bots: a person.
    async fn business_owner(&self, user: UserId) -> CoreResult<Arc<User>> {
        let user = self.user(user).await?;
        if user.is_bot() {
            return Err(CoreError::BotMethodInvalid);
        }
        Ok(user)
    }

    /// Writes changed connections of one user, tells each bot, and refreshes the cache.
    async fn record_connections(
        &self,
        user: UserId,
        changed: &[BusinessConnection],
    ) -> CoreResult<()> {
        let bots: Vec<UserId> = changed.iter().map(|c| c.bot).collect();
        self.load_counters(&[], &bots).await?;
        let mut masks = Vec::with_capacity(bots.len());
        for bot in &bots {
            masks.push(self.bot_delivery(*bot).await?.allowed_updates);
        }
        let (submitted, ()) = self.transact(|tx| {
            for (connection, mask) in changed.iter().zip(masks) {
                tx.push(Write::PutBusinessConnection(Box::new(connection.clone())));
                let update = BotUpdate::BusinessConnection(connection.clone());
                tx.queue(connection.bot, mask, update, tx.now + MESSAGE_UPDATE_TTL)?;
            }
            Ok(())
        })?;
        submitted.wait().await?;
        let active = changed.iter().rev().find(|c| c.enabled).cloned();
        self.0.directory.business.put(user, active.map(Arc::new));
        Ok(())
    }

    /// A user's business connections in force (none, or one).
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn connected_bots(&self, user: UserId) -> CoreResult<Vec<BusinessConnection>> {
        Ok(self
            .active_connection(user)
            .await?
            .map(|c| (*c).clone())
            .into_iter()
            .collect())
    }

    /// A connection of `bot` by its id, enabled or not (`account.getBotBusinessConnection`,
    /// `getBusinessConnection`).
    ///
    /// # Errors
    /// `Refused { "CONNECTION_ID_INVALID" }` if `bot` has no connection of that id.
    pub async fn bot_business_connection(
        &self,
        bot: UserId,
        id: &str,
    ) -> CoreResult<BusinessConnection> {
        self.0
            .store
            .business_connection(id)
            .await?
            .filter(|c| c.bot == bot)
            .ok_or(refused("CONNECTION_ID_INVALID"))
    }

    /// A user's enabled connection, from the cache.
    pub(super) async fn active_connection(
        &self,
        user: UserId,
    ) -> CoreResult<Option<Arc<BusinessConnection>>> {
        if let Some(cached) = self.0.directory.business.get(&user) {
            return Ok(cached);
        }
        let active = self
            .0
            .store
            .business_connections(user)
            .await?
            .into_iter()
            .find(|c| c.enabled)
            .map(Arc::new);
        self.0.directory.business.put(user, active.clone());
        Ok(active)
    }

    /// Whether a connection covers the user's private chat with `other`: a person other
    /// than the user and not a bot, selected by the recipients. The core keeps no contact
    /// lists, so everyone counts as a non-contact.
    async fn covers(&self, connection: &BusinessConnection, other: UserId) -> CoreResult<bool> {
        if other == connection.user
            || self
                .find_user(other)
                .await?
                .is_none_or(|found| found.is_bot())
        {
            return Ok(false);
        }
        let recipients = &connection.recipients;
        let existed_before = if recipients.depends_on_age() {
            let before = self
                .0
                .store
                .history(
                    BoxId::User(connection.user),
                    Peer::User(other),
                    HistoryQuery {
                        offset_date: connection.date,
                        ..HistoryQuery::newest(1)
                    },
                )
                .await?;
            before.messages.iter().any(|m| m.date < connection.date)
        } else {
            false
        };
        Ok(recipients.covers(&ChatFacts {
            other,
            existed_before,
            is_contact: false,
        }))
    }

    /// The bot, if any, that hears of what happens in `owner`'s private chat with
    /// `other`. Bots have no business connections and are never covered, so a chat with a
    /// bot costs no lookup.
    pub(super) async fn business_audience(
        &self,
        owner: &User,
        other: &User,
    ) -> CoreResult<Option<BusinessAudience>> {
        if owner.is_bot() || other.is_bot() || owner.id == other.id {
            return Ok(None);
        }
        let Some(connection) = self.active_connection(owner.id).await? else {
            return Ok(None);
        };
        if !self.covers(&connection, other.id).await? {
            return Ok(None);
        }
        Ok(Some(BusinessAudience {
            connection_id: connection.id.clone(),
            bot: connection.bot,
            box_id: BoxId::User(owner.id),
            mask: self.bot_delivery(connection.bot).await?.allowed_updates,
        }))
    }

    /// The bots that hear of a message between `a` and `b` (each side's own).
    pub(super) async fn business_audiences(
        &self,
        a: &User,
        b: &User,
    ) -> CoreResult<Vec<BusinessAudience>> {
        let mut audiences = Vec::new();
        if let Some(audience) = self.business_audience(a, b).await? {
            audiences.push(audience);
        }
        if let Some(audience) = self.business_audience(b, a).await? {
            audiences.push(audience);
        }
        Ok(audiences)
    }

    /// The enabled connection `bot` names, for acting in the user's chat with `peer` (if
    /// given), and the user.
    pub(super) async fn acting_connection(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Option<Peer>,
    ) -> CoreResult<(Arc<BusinessConnection>, Arc<User>)> {
        let connection = self
            .0
            .store
            .business_connection(connection_id)
            .await?
            .filter(|c| c.bot == bot && c.enabled)
            .ok_or(refused("BUSINESS_CONNECTION_INVALID"))?;
        let user = self.user(connection.user).await?;
        if let Some(peer) = peer {
            let covered = match peer {
                Peer::User(other) => self.covers(&connection, other).await?,
                Peer::Group(_) | Peer::Channel(_) => false,
            };
            if !covered {
                return Err(refused("BUSINESS_PEER_INVALID"));
            }
        }
        Ok((Arc::new(connection), user))
    }

    /// Errors unless `other` wrote to the user in the last 24 hours.
    async fn require_reply_window(&self, user: UserId, other: UserId) -> CoreResult<()> {
        let cutoff = self.now() - REPLY_WINDOW;
        let mut query = HistoryQuery::newest(REPLY_WINDOW_PAGE);
        loop {
            let page = self
                .0
                .store
                .history(BoxId::User(user), Peer::User(other), query)
                .await?;
            for msg in &page.messages {
                if msg.date < cutoff {
                    return Err(refused("BUSINESS_PEER_USAGE_MISSING"));
                }
                if msg.from == Some(other) {
                    return Ok(());
                }
            }
            match page.messages.last() {
                Some(last) if page.messages.len() == REPLY_WINDOW_PAGE as usize => {
                    query.offset_id = last.id.0;
                }
                _ => return Err(refused("BUSINESS_PEER_USAGE_MISSING")),
            }
        }
    }

    /// Sends a text as the user of a business connection into a chat it covers; returns
    /// the user's copy, which names the bot as `via_business_bot`.
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID` (no enabled connection of this bot by
    /// that id), `BUSINESS_PEER_INVALID` (a chat it does not cover), `BOT_ACCESS_FORBIDDEN`
    /// (no `can_reply` right) or `BUSINESS_PEER_USAGE_MISSING` (the other person did not
    /// write in the last 24 hours); and the errors of [`Core::send_text`].
    pub async fn send_business_text(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        text: OutgoingText,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let content = prepare_text(text)?;
        self.send_business(bot, connection_id, peer, content, options)
            .await
    }

    /// Sends a photo or document as the user of a business connection, as
    /// [`Core::send_business_text`] sends a text.
    ///
    /// # Errors
    /// As [`Core::send_business_text`] and [`Core::send_media`].
    pub async fn send_business_media(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        media: OutgoingMedia,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let content = media_content(media, None)?;
        self.send_business(bot, connection_id, peer, content, options)
            .await
    }

    /// Sends a contact, a location, a venue or a dice as the user of a business
    /// connection, as [`Core::send_business_text`] sends a text.
    ///
    /// # Errors
    /// As [`Core::send_business_text`] and [`Core::send_attachment`].
    pub async fn send_business_attachment(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        attachment: Attachment,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let content = self.attachment_content(attachment).await?;
        self.send_business(bot, connection_id, peer, content, options)
            .await
    }

    pub(super) async fn send_business(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        content: Content,
        mut options: SendOptions,
    ) -> CoreResult<Sent> {
        let (connection, user) = self
            .acting_connection(bot, connection_id, Some(peer))
            .await?;
        if !connection.rights.can_reply {
            return Err(refused("BOT_ACCESS_FORBIDDEN"));
        }
        if let Peer::User(other) = peer {
            self.require_reply_window(user.id, other).await?;
        }
        options.via_business_bot = Some(bot);
        self.send(&user, peer, content, options, None, 1).await
    }

    /// Edits the text of a message the bot sent for the user; returns the user's copy.
    ///
    /// # Errors
    /// As [`Core::send_business_text`] (but for the 24-hour window), and
    /// `MessageEditForbidden` for a message the bot did not send.
    pub async fn edit_business_message(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        id: MessageId,
        edit: MessageEdit,
    ) -> CoreResult<Sent> {
        let (connection, user) = self
            .acting_connection(bot, connection_id, Some(peer))
            .await?;
        if !connection.rights.can_reply {
            return Err(refused("BOT_ACCESS_FORBIDDEN"));
        }
        let msg = self
            .message_in_chat(user.id, peer, id, MessagePurpose::Edit)
            .await?;
        if msg.via_business_bot != Some(bot) {
            return Err(CoreError::MessageEditForbidden);
        }
        self.edit_message(user.id, peer, id, edit).await
    }

    /// Checks that the bot may show a chat action (typing, uploading…) as the user in a
    /// covered chat: the other user sees the business user act, as with
    /// [`Core::send_chat_action`].
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID`, `BUSINESS_PEER_INVALID` or
    /// `BOT_ACCESS_FORBIDDEN` (no `can_reply` right).
    pub async fn business_chat_action(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        action: ChatAction,
    ) -> CoreResult<()> {
        let (connection, user) = self
            .acting_connection(bot, connection_id, Some(peer))
            .await?;
        if !connection.rights.can_reply {
            return Err(refused("BOT_ACCESS_FORBIDDEN"));
        }
        self.deliver_chat_action(user.id, peer, None, action).await
    }

    /// Marks the user's incoming messages of a covered chat read up to `id`.
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID`, `BUSINESS_PEER_INVALID` or
    /// `BOT_ACCESS_FORBIDDEN` (no `can_read_messages` right); `MessageNotFound { Get }`.
    pub async fn read_business_message(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        id: MessageId,
    ) -> CoreResult<()> {
        let (connection, user) = self
            .acting_connection(bot, connection_id, Some(peer))
            .await?;
        if !connection.rights.can_read_messages {
            return Err(refused("BOT_ACCESS_FORBIDDEN"));
        }
        self.message_in_chat(user.id, peer, id, MessagePurpose::Get)
            .await?;
        self.read_history(user.id, peer, id).await?;
        Ok(())
    }

    /// Deletes messages of covered chats from the user's box, for everyone: those the bot
    /// sent need `can_delete_sent_messages` (or `can_delete_all_messages`), others
    /// `can_delete_all_messages`. Ids that are not there are skipped.
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID`, `BUSINESS_PEER_INVALID` (a message of
    /// a chat the connection does not cover) or `BOT_ACCESS_FORBIDDEN`;
    /// `TooManyMessageIds`.
    pub async fn delete_business_messages(
        &self,
        bot: UserId,
        connection_id: &str,
        ids: &[MessageId],
    ) -> CoreResult<()> {
        let (connection, user) = self.acting_connection(bot, connection_id, None).await?;
        if ids.len() > super::messaging::MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let rights = connection.rights;
        let found = self.0.store.messages(BoxId::User(user.id), ids).await?;
        for msg in &found {
            let covered = match msg.peer {
                Peer::User(other) => self.covers(&connection, other).await?,
                Peer::Group(_) | Peer::Channel(_) => false,
            };
            if !covered {
                return Err(refused("BUSINESS_PEER_INVALID"));
            }
            let sent_by_bot = msg.via_business_bot == Some(bot);
            let allowed =
                rights.can_delete_all_messages || (sent_by_bot && rights.can_delete_sent_messages);
            if !allowed || matches!(msg.content, Content::Service(_)) {
                return Err(refused("BOT_ACCESS_FORBIDDEN"));
            }
        }
        let ids: Vec<MessageId> = found.iter().map(|m| m.id).collect();
        if ids.is_empty() {
            return Ok(());
        }
        self.delete_messages(user.id, None, &ids, DeleteFor::Everyone, MissingIds::Skip)
            .await?;
        Ok(())
    }
}
