//! Sending and forwarding messages.

use foldhash::{HashMap, HashMapExt};

use gramd_text::FormattedText;

use crate::chats::ChatKind;
use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{
    Content, ForwardMode, ForwardOrigin, MAX_TEXT_LENGTH, Message, OutgoingText, SendOptions, Sent,
};
use crate::store::{CopyPlace, Write};
use crate::updates::{BotUpdate, BoxUpdate, BusinessMessage, MESSAGE_UPDATE_TTL};
use crate::users::User;

use super::Core;
use super::files::random_id;
use super::routing::{MessageEvent, group_update};

/// Most messages one call may forward, copy or delete.
pub(super) const MAX_MESSAGE_IDS: usize = 100;

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
    /// Sends a text message from `sender` to `peer`; returns the sender's copy.
    ///
    /// # Errors
    /// `ChatNotFound`, `BotCantInitiate`, `BotCantMessageBot`, `NotMember`, `Kicked`,
    /// `ChatWriteForbidden`, `MessageEmpty`, `MessageTooLong`, `MessageNotFound { Reply }`,
    /// markup errors, `FloodWait` when a bot is over a rate limit
    /// ([`crate::rate_limits`]), or `Internal`.
    pub async fn send_text(
        &self,
        sender: UserId,
        peer: Peer,
        text: OutgoingText,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let sender = self.user(sender).await?;
        let content = prepare_text(text)?;
        self.send(&sender, peer, content, options, None, 1).await
    }

    /// Starts `bot` with a deep-link parameter (`t.me/<bot>?start=<param>`, or
    /// `?startgroup=<param>` with a group or channel as `peer`), as `messages.startBot` does:
    /// in the private chat the user sends `/start <param>`; in a group the bot is added
    /// first if it is not a member, and the user sends `/start@<bot> <param>` there.
    /// Returns the message sent.
    ///
    /// # Errors
    /// `START_PARAM_EMPTY`, `START_PARAM_INVALID` (more than 64 characters, or others than
    /// `A-Za-z0-9_-`), `BOT_INVALID` for a user who is no bot, the errors of
    /// [`Core::add_member`] when the bot has to be added, and those of [`Core::send_text`].
    pub async fn start_bot(
        &self,
        user: UserId,
        bot: UserId,
        peer: Peer,
        start_param: &str,
    ) -> CoreResult<Sent> {
        if start_param.is_empty() {
            return Err(CoreError::refused("START_PARAM_EMPTY"));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if start_param.len() > 64 || !start_param.chars().all(allowed) {
            return Err(CoreError::refused("START_PARAM_INVALID"));
        }
        let bot = match self.find_user(bot).await? {
            Some(bot) if bot.is_bot() => bot,
            _ => return Err(CoreError::refused("BOT_INVALID")),
        };
        let text = match peer {
            Peer::User(other) if other == bot.id => format!("/start {start_param}"),
            Peer::User(_) => return Err(CoreError::PeerInvalid),
            chat => {
                let is_member = self
                    .membership(chat, bot.id)
                    .await?
                    .is_some_and(|m| m.status.is_member());
                if !is_member {
                    self.add_member(user, chat, bot.id).await?;
                }
                let username = bot.username.as_deref().unwrap_or_default();
                format!("/start@{username} {start_param}")
            }
        };
        let text = OutgoingText {
            text,
            ..OutgoingText::default()
        };
        self.send_text(user, peer, text, SendOptions::default())
            .await
    }

    /// Sends one message. `rate_cost` is how many messages this send counts for against
    /// a bot's rate limits, checked once the message passed every other check: 1 for a
    /// single message, the whole batch on a batch's first message, 0 for the rest of a
    /// batch and for service messages.
    pub(super) async fn send(
        &self,
        sender: &User,
        peer: Peer,
        content: Content,
        options: SendOptions,
        forward: Option<ForwardOrigin>,
        rate_cost: u32,
    ) -> CoreResult<Sent> {
        let route = self.route(sender, peer, &content).await?;
        // A business bot sending for the user may attach buttons, as bots do.
        let markup = match &options.reply_markup {
            Some(markup)
                if sender.is_bot()
                    || options.via_business_bot.is_some()
                    || options.via_bot.is_some() =>
            {
                markup.clone().normalized()?
            }
            _ => None,
        };
        let (reply_ids, replied_author) = match options.reply_to {
            Some(target) => self.resolve_reply(&route, peer, target).await?,
            None => (HashMap::new(), None),
        };
        let topic = self
            .send_topic(&route, &content, options.topic, &reply_ids)
            .await?;
        if let Some(limiter) = &self.0.rate_limiter
            && rate_cost > 0
            && sender.is_bot()
        {
            limiter
                .admit(sender.id, peer, rate_cost, self.0.clock.now_millis())
                .map_err(|seconds| CoreError::FloodWait { seconds })?;
        }
        let business = match (route.chat.as_ref(), peer) {
            (None, Peer::User(other)) => {
                let other = self.user(other).await?;
                let mut audiences = self.business_audiences(sender, &other).await?;
                // A business bot does not hear of what it sent itself.
                audiences.retain(|a| {
                    !(a.box_id == route.sender_box && options.via_business_bot == Some(a.bot))
                });
                audiences
            }
            _ => Vec::new(),
        };
        let boxes: Vec<BoxId> = route.copies.iter().map(|c| c.box_id).collect();
        let bot_ids: Vec<UserId> = route
            .bots
            .iter()
            .map(|b| b.bot.id)
            .chain(business.iter().map(|a| a.bot))
            .collect();
        self.load_counters(&boxes, &bot_ids).await?;
        let mut masks = Vec::with_capacity(route.bots.len());
        for audience in &route.bots {
            masks.push(self.bot_delivery(audience.bot.id).await?.allowed_updates);
        }

        let (submitted, (sent, sender_pts)) = self.transact(|tx| {
            match &content {
                Content::Media(media) => tx.push(Write::PutMedia(Box::new(media.media.clone()))),
                Content::Poll(poll) => tx.push(Write::PutPoll(poll.clone())),
                _ => {}
            }
            let gid = tx.next_gid();
            let mut by_box = HashMap::with_capacity(route.copies.len());
            let mut places = Vec::with_capacity(route.copies.len());
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
                    via_business_bot: options.via_business_bot,
                    via_bot: options.via_bot,
                    topic,
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
                places.push(CopyPlace {
                    by_peer: copy.by_peer,
                    ..CopyPlace::of(&msg)
                });
                by_box.insert(copy.box_id, msg);
            }
            let shared = by_box
                .get(&route.sender_box)
                .ok_or_else(|| CoreError::Internal {
                    detail: "sender has no copy".into(),
                })?;
            tx.push(Write::PutMessage {
                message: Box::new(shared.clone()),
                copies: places,
            });
            let expires_at = tx.now + MESSAGE_UPDATE_TTL;
            for (audience, mask) in route.bots.iter().zip(masks) {
                let Some(copy) = by_box.get(&audience.box_id) else {
                    continue;
                };
                let update = match route.chat {
                    None => Some(BotUpdate::Message(copy.clone())),
                    Some(_) => group_update(
                        route.is_broadcast(),
                        audience,
                        copy,
                        replied_author,
                        MessageEvent::Sent,
                    ),
                };
                if let Some(update) = update {
                    tx.queue(audience.bot.id, mask, update, expires_at)?;
                }
            }
            for audience in &business {
                if let Some(copy) = by_box.get(&audience.box_id) {
                    let update = BotUpdate::BusinessMessage(BusinessMessage {
                        connection_id: audience.connection_id.clone(),
                        message: copy.clone(),
                    });
                    tx.queue(audience.bot, audience.mask, update, expires_at)?;
                }
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

    /// Forwards or copies those of `ids` that can be (found, not service messages, not
    /// protected), skipping the rest, as the Bot API's forwardMessages and copyMessages
    /// do; returns what was sent, in order (nothing if none could be).
    ///
    /// # Errors
    /// As [`Core::forward_messages`], except for messages that are missing or cannot be
    /// forwarded.
    pub async fn forward_available(
        &self,
        actor: UserId,
        from: Peer,
        ids: &[MessageId],
        to: Peer,
        mode: ForwardMode,
        options: SendOptions,
    ) -> CoreResult<Vec<Sent>> {
        if ids.len() > MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let purpose = if mode == ForwardMode::Forward {
            MessagePurpose::Forward
        } else {
            MessagePurpose::Copy
        };
        let mut available = Vec::with_capacity(ids.len());
        for &id in ids {
            match self.message_in_chat(actor, from, id, purpose).await {
                Ok(msg) if !msg.noforwards && !matches!(msg.content, Content::Service(_)) => {
                    available.push(id);
                }
                Ok(_) | Err(CoreError::MessageNotFound { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        if available.is_empty() {
            return Ok(Vec::new());
        }
        self.forward_messages(actor, from, &available, to, mode, options)
            .await
    }

    /// Forwards (or copies, without a forward header) messages of `from` into `to`; returns
    /// the new messages as the actor sees them, in the order given.
    ///
    /// # Errors
    /// `MessageNotFound { Forward | Copy }`, `MessageNotForwardable`, and the errors of
    /// [`Core::send_text`]; `FloodWait` counts every message.
    pub async fn forward_messages(
        &self,
        actor: UserId,
        from: Peer,
        ids: &[MessageId],
        to: Peer,
        mode: ForwardMode,
        options: SendOptions,
    ) -> CoreResult<Vec<Sent>> {
        if ids.is_empty() {
            return Err(CoreError::NoMessageIds);
        }
        if ids.len() > MAX_MESSAGE_IDS {
            return Err(CoreError::TooManyMessageIds);
        }
        let copy = mode != ForwardMode::Forward;
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
        let batch = u32::try_from(sources.len()).unwrap_or(u32::MAX);
        // Items of one album forwarded together stay an album (a new one); a lone item is
        // a message of its own.
        let mut albums: HashMap<i64, (usize, i64)> = HashMap::new();
        for msg in &sources {
            if let Content::Media(media) = &msg.content
                && let Some(group) = media.group_id
            {
                albums.entry(group).or_insert_with(|| (0, random_id())).0 += 1;
            }
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
                Content::Media(mut media) => {
                    media.group_id = media
                        .group_id
                        .and_then(|g| albums.get(&g))
                        .filter(|(items, _)| *items > 1)
                        .map(|(_, new_group)| *new_group);
                    if mode == ForwardMode::CopyWithoutCaption {
                        media.caption.clear();
                        media.entities.clear();
                    }
                    Content::Media(media)
                }
                // A copy of a poll is a new poll of the actor's; a forward shows the same.
                Content::Poll(poll) if copy => super::polls::copied_poll(poll, actor.id),
                // A forwarded dice keeps where it landed.
                other @ (Content::Contact(_)
                | Content::Location(_)
                | Content::Venue(_)
                | Content::Dice(_)
                | Content::Poll(_)
                | Content::Service(_)) => other,
            };
            let rate_cost = if i == 0 { batch } else { 0 };
            sent.push(
                self.send(&actor, to, content, opts, origin, rate_cost)
                    .await?,
            );
        }
        Ok(sent)
    }
}
