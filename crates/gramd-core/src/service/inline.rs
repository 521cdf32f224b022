//! Inline mode ([`crate::inline`]): asking a bot, its answer, sending a result "via
//! @bot", the messages sent that way (their `inline_message_id`), and prepared inline
//! messages.
//!
//! A query becomes an `inline_query` update in the bot's durable queue; the answer is handed
//! over in memory to the user's waiting request, which gives up with `BotResponseTimeout`
//! after [`crate::CoreConfig::inline_answer_timeout`], as Telegram's
//! `messages.getInlineBotResults` does. Answers are kept in memory, for sending for
//! [`ANSWER_LIFETIME`] and for later identical queries for their `cache_time` (for the
//! asking user only when `is_personal`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tokio::sync::oneshot;

use crate::attachments::Attachment;
use crate::chats::ChatKind;
use crate::error::{CoreError, CoreResult};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::inline::{
    ANSWER_LIFETIME, ChosenInlineResult, InlineAnswer, InlineAnswerInput, InlineChatType,
    InlineMessageInput, InlineQuery, InlineResult, InlineResultInput, InlineResultKind,
    MAX_CACHE_TIME, MAX_QUERY_LENGTH, PREPARED_MESSAGE_LIFETIME, PreparedInlineMessage,
};
use crate::markup::ReplyMarkup;
use crate::messages::{Content, Message, MessageEdit, OutgoingMedia, SendOptions, Sent};
use crate::updates::{BotUpdate, CHOSEN_INLINE_RESULT_TTL, INLINE_QUERY_TTL};
use crate::users::User;

use super::media::media_content;
use super::messaging::prepare_text;
use super::{Core, random_token, random_u64};

/// Inserts between sweeps of expired entries.
const SWEEP_EVERY: u32 = 256;
/// Mixed into the signature of inline message ids, so that no other keyed hash matches.
const INLINE_MESSAGE_TAG: i64 = 0x696e_6c69_6e65;

/// Results the user got: what `messages.getInlineBotResults` answers.
#[derive(Clone, Debug)]
pub struct BotResults {
    /// The id to send a result with.
    pub query_id: i64,
    /// The answer (possibly a cached one).
    pub answer: Arc<InlineAnswer>,
}

/// A prepared inline message as its user gets it (`messages.getPreparedInlineMessage`).
#[derive(Clone, Debug)]
pub struct PreparedResult {
    /// The id to send it with.
    pub query_id: i64,
    /// The one result, as an answer of the bot.
    pub answer: Arc<InlineAnswer>,
    /// The kinds of chat it may be sent to.
    pub peer_types: Vec<InlineChatType>,
}

/// A query waiting for its bot.
struct Pending {
    bot: UserId,
    user: UserId,
    query: String,
    offset: String,
    tx: oneshot::Sender<Arc<InlineAnswer>>,
}

/// A query whose results the user may send.
struct Answered {
    bot: UserId,
    user: UserId,
    query: String,
    answer: Arc<InlineAnswer>,
    expires_at: i64,
    /// Where a prepared message may go; `None`: anywhere.
    peer_types: Option<Vec<InlineChatType>>,
}

/// What an answer is cached under.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CacheKey {
    bot: UserId,
    query: String,
    offset: String,
    /// The asking user, for a personal answer.
    user: Option<UserId>,
}

struct Prepared {
    user: UserId,
    result: InlineResult,
    peer_types: Vec<InlineChatType>,
    expires_at: i64,
}

#[derive(Default)]
struct State {
    pending: HashMap<i64, Pending>,
    answered: HashMap<i64, Answered>,
    cache: HashMap<CacheKey, (Arc<InlineAnswer>, i64)>,
    prepared: HashMap<(UserId, String), Prepared>,
    inserts: u32,
}

impl State {
    /// Drops what expired, every [`SWEEP_EVERY`] inserts.
    fn inserted(&mut self, now: i64) {
        self.inserts += 1;
        if self.inserts.is_multiple_of(SWEEP_EVERY) {
            self.answered.retain(|_, a| a.expires_at > now);
            self.cache.retain(|_, (_, expires_at)| *expires_at > now);
            self.prepared.retain(|_, p| p.expires_at > now);
        }
    }

    fn answered(&mut self, query_id: i64, answered: Answered, now: i64) {
        self.answered.insert(query_id, answered);
        self.inserted(now);
    }
}

/// The in-memory state of inline mode.
#[derive(Default)]
pub(super) struct Inline(Mutex<State>);

impl std::fmt::Debug for Inline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inline").finish_non_exhaustive()
    }
}

impl Inline {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Removes a query from the pending set however its wait ends.
struct PendingGuard<'a> {
    inline: &'a Inline,
    id: i64,
}

impl Drop for PendingGuard<'_> {
    fn drop(&mut self) {
        self.inline.lock().pending.remove(&self.id);
    }
}

/// A new query id: positive, so that its decimal form has no sign.
fn new_query_id() -> i64 {
    i64::try_from(random_u64() >> 1).unwrap_or(i64::MAX)
}

impl Core {
    /// Asks `bot` for its results for `query` typed by `user` in `peer` (`None`: the
    /// client did not say), and waits for the answer, or takes a cached one.
    ///
    /// # Errors
    /// `BotMethodInvalid` for a bot asking, `Refused { BOT_INVALID }` for a user who is no
    /// bot, `Refused { BOT_INLINE_DISABLED }` for a bot without inline mode,
    /// `ChatNotFound`, `BotResponseTimeout`, or `Internal`.
    pub async fn ask_inline_bot(
        &self,
        user: UserId,
        bot: UserId,
        peer: Option<Peer>,
        query: &str,
        offset: &str,
    ) -> CoreResult<BotResults> {
        if self.user(user).await?.is_bot() {
            return Err(CoreError::BotMethodInvalid);
        }
        let bot_user = match self.find_user(bot).await? {
            Some(found) if found.is_bot() => found,
            _ => return Err(CoreError::refused("BOT_INVALID")),
        };
        if !bot_user
            .bot
            .as_ref()
            .is_some_and(|b| b.supports_inline_queries)
        {
            return Err(CoreError::refused("BOT_INLINE_DISABLED"));
        }
        let chat_type = match peer {
            Some(peer) => Some(self.inline_chat_type(bot, peer).await?),
            None => None,
        };
        let query: String = query.chars().take(MAX_QUERY_LENGTH).collect();
        let now = self.now();
        let query_id = new_query_id();
        {
            let mut state = self.0.inline.lock();
            let key = |user| CacheKey {
                bot,
                query: query.clone(),
                offset: offset.to_owned(),
                user,
            };
            let cached = [key(None), key(Some(user))]
                .iter()
                .find_map(|k| state.cache.get(k).filter(|(_, exp)| *exp > now).cloned());
            if let Some((answer, _)) = cached {
                let answered = Answered {
                    bot,
                    user,
                    query: query.clone(),
                    answer: answer.clone(),
                    expires_at: now + ANSWER_LIFETIME,
                    peer_types: None,
                };
                state.answered(query_id, answered, now);
                return Ok(BotResults { query_id, answer });
            }
        }
        let mask = self.bot_delivery(bot).await?.allowed_updates;
        self.load_counters(&[], &[bot]).await?;
        let (tx, rx) = oneshot::channel();
        self.0.inline.lock().pending.insert(
            query_id,
            Pending {
                bot,
                user,
                query: query.clone(),
                offset: offset.to_owned(),
                tx,
            },
        );
        let _guard = PendingGuard {
            inline: &self.0.inline,
            id: query_id,
        };
        let update = BotUpdate::InlineQuery(InlineQuery {
            id: query_id.to_string(),
            from: user,
            query,
            offset: offset.to_owned(),
            chat_type,
        });
        let (submitted, _) = self.transact(|tx| {
            let expires_at = tx.now + INLINE_QUERY_TTL;
            tx.queue(bot, mask, update, expires_at)
        })?;
        submitted.wait().await?;
        match tokio::time::timeout(self.0.config.inline_answer_timeout, rx).await {
            Ok(Ok(answer)) => Ok(BotResults { query_id, answer }),
            _ => Err(CoreError::BotResponseTimeout),
        }
    }

    /// The kind of chat `peer` is, for an inline query to `bot`.
    async fn inline_chat_type(&self, bot: UserId, peer: Peer) -> CoreResult<InlineChatType> {
        Ok(match peer {
            Peer::User(other) if other == bot => InlineChatType::Sender,
            Peer::User(other) => match self.find_user(other).await? {
                Some(found) if found.is_bot() => InlineChatType::BotPrivate,
                Some(_) => InlineChatType::Private,
                None => return Err(CoreError::ChatNotFound),
            },
            Peer::Group(_) => InlineChatType::Group,
            Peer::Channel(_) => match self.chat(peer).await?.kind {
                ChatKind::Channel => InlineChatType::Channel,
                _ => InlineChatType::Supergroup,
            },
        })
    }

    /// Answers an inline query of `bot` (`answerInlineQuery`,
    /// `messages.setInlineBotResults`): the results are checked, handed to the waiting
    /// user, and cached for `cache_time` seconds.
    ///
    /// # Errors
    /// `QueryIdInvalid` if the query is unknown, not this bot's, or no longer awaited;
    /// the errors of [`InlineAnswerInput::validate_shape`] and of each result (see
    /// [`Core::prepare_inline_result`]).
    pub async fn answer_inline_query(
        &self,
        bot: UserId,
        query_id: &str,
        answer: InlineAnswerInput,
    ) -> CoreResult<()> {
        let id: i64 = query_id.parse().map_err(|_| CoreError::QueryIdInvalid)?;
        let awaited = self
            .0
            .inline
            .lock()
            .pending
            .get(&id)
            .is_some_and(|p| p.bot == bot);
        if !awaited {
            return Err(CoreError::QueryIdInvalid);
        }
        answer.validate_shape()?;
        let mut results = Vec::with_capacity(answer.results.len());
        for result in answer.results {
            results.push(self.prepare_inline_result(result).await?);
        }
        let answer = Arc::new(InlineAnswer {
            bot,
            results,
            cache_time: answer.cache_time.clamp(0, MAX_CACHE_TIME),
            is_personal: answer.is_personal,
            next_offset: answer.next_offset,
            button: answer.button,
        });
        let now = self.now();
        let mut state = self.0.inline.lock();
        let pending = match state.pending.remove(&id) {
            Some(pending) if pending.bot == bot => pending,
            Some(other) => {
                state.pending.insert(id, other);
                return Err(CoreError::QueryIdInvalid);
            }
            None => return Err(CoreError::QueryIdInvalid),
        };
        if answer.cache_time > 0 {
            let key = CacheKey {
                bot,
                query: pending.query.clone(),
                offset: pending.offset.clone(),
                user: answer.is_personal.then_some(pending.user),
            };
            let expires_at = now + i64::from(answer.cache_time);
            state.cache.insert(key, (answer.clone(), expires_at));
        }
        let answered = Answered {
            bot,
            user: pending.user,
            query: pending.query,
            answer: answer.clone(),
            expires_at: now + ANSWER_LIFETIME,
            peer_types: None,
        };
        state.answered(id, answered, now);
        pending
            .tx
            .send(answer)
            .map_err(|_| CoreError::QueryIdInvalid)
    }

    /// Checks one result and makes the content its message will have.
    ///
    /// # Errors
    /// `Refused` with Telegram's names: `RESULT_ID_INVALID`, `RESULT_TYPE_INVALID` (a
    /// file of another kind than the result's, and `game` results: gramd has no games,
    /// so no game short name is valid; the name is inferred), `ARTICLE_TITLE_EMPTY`,
    /// `SEND_MESSAGE_MEDIA_INVALID` (a media message without media),
    /// `SEND_MESSAGE_TYPE_INVALID`, `REPLY_MARKUP_INVALID` (a keyboard that is not
    /// inline); `MessageEmpty`, `MessageTooLong`, and the errors of captions,
    /// attachments and keyboards.
    pub async fn prepare_inline_result(
        &self,
        input: InlineResultInput,
    ) -> CoreResult<InlineResult> {
        crate::inline::check_result_id(&input.id)?;
        let kind = input.kind;
        if kind == InlineResultKind::Game {
            return Err(CoreError::refused("RESULT_TYPE_INVALID"));
        }
        if kind == InlineResultKind::Article
            && input.title.as_deref().is_none_or(|t| t.trim().is_empty())
        {
            return Err(CoreError::refused("ARTICLE_TITLE_EMPTY"));
        }
        if let Some(media) = &input.media
            && !kind.accepts(media)
        {
            return Err(CoreError::refused("RESULT_TYPE_INVALID"));
        }
        let message = match input.message {
            InlineMessageInput::Text(text) => prepare_text(text)?,
            InlineMessageInput::Media {
                caption,
                show_caption_above_media,
            } => {
                let Some(media) = input.media.clone() else {
                    return Err(CoreError::refused("SEND_MESSAGE_MEDIA_INVALID"));
                };
                media_content(
                    OutgoingMedia {
                        media,
                        caption,
                        has_spoiler: false,
                        show_caption_above_media,
                    },
                    None,
                )?
            }
            InlineMessageInput::Attachment(Attachment::Dice { .. }) => {
                return Err(CoreError::refused("SEND_MESSAGE_TYPE_INVALID"));
            }
            InlineMessageInput::Attachment(attachment) => {
                self.attachment_content(attachment).await?
            }
        };
        let reply_markup = match input.reply_markup {
            None => None,
            Some(markup @ ReplyMarkup::Inline { .. }) => markup.normalized()?,
            Some(_) => return Err(CoreError::refused("REPLY_MARKUP_INVALID")),
        };
        Ok(InlineResult {
            id: input.id,
            kind,
            title: input.title.filter(|t| !t.is_empty()),
            description: input.description.filter(|d| !d.is_empty()),
            url: input.url.filter(|u| !u.is_empty()),
            thumbnail: input.thumbnail,
            media: input.media,
            message,
            reply_markup,
        })
    }

    /// Sends result `result_id` of query `query_id` as `user`'s message in `peer`, "via"
    /// the bot, with the result's keyboard; a bot with inline feedback on hears of it.
    /// `options` gives the reply and the silence; the rest is the result's.
    ///
    /// # Errors
    /// `QueryIdInvalid` for a query that is unknown, expired or another user's,
    /// `Refused { RESULT_ID_INVALID }` for a result it does not have,
    /// `Refused { PEER_TYPES_INVALID }` for a prepared message sent to a kind of chat it
    /// does not allow (the name is inferred), and the errors of sending a message.
    pub async fn send_inline_result(
        &self,
        user: UserId,
        peer: Peer,
        query_id: i64,
        result_id: &str,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let now = self.now();
        let (bot, query, answer, peer_types) = {
            let state = self.0.inline.lock();
            match state.answered.get(&query_id) {
                Some(a) if a.user == user && a.expires_at > now => (
                    a.bot,
                    a.query.clone(),
                    a.answer.clone(),
                    a.peer_types.clone(),
                ),
                _ => return Err(CoreError::QueryIdInvalid),
            }
        };
        let result = answer
            .result(result_id)
            .ok_or(CoreError::refused("RESULT_ID_INVALID"))?;
        if let Some(allowed) = peer_types {
            let chat_type = self.inline_chat_type(bot, peer).await?;
            if !allowed.contains(&chat_type) {
                return Err(CoreError::refused("PEER_TYPES_INVALID"));
            }
        }
        let sender = self.user(user).await?;
        let options = SendOptions {
            reply_markup: result.reply_markup.clone(),
            via_bot: Some(bot),
            ..options
        };
        let sent = self
            .send(&sender, peer, result.message.clone(), options, None, 1)
            .await?;
        let bot_user = self.user(bot).await?;
        if bot_user.bot.as_ref().is_some_and(|b| b.inline_feedback) {
            let inline_message_id = sent
                .message
                .reply_markup
                .as_ref()
                .filter(|m| matches!(m, ReplyMarkup::Inline { .. }))
                .map(|_| self.inline_message_id(bot, &sent.message));
            let chosen = BotUpdate::ChosenInlineResult(ChosenInlineResult {
                result_id: result_id.to_owned(),
                from: user,
                query,
                inline_message_id,
            });
            let mask = self.bot_delivery(bot).await?.allowed_updates;
            self.load_counters(&[], &[bot]).await?;
            let (submitted, _) = self.transact(|tx| {
                let expires_at = tx.now + CHOSEN_INLINE_RESULT_TTL;
                tx.queue(bot, mask, chosen, expires_at)
            })?;
            submitted.wait().await?;
        }
        Ok(sent)
    }

    /// The `inline_message_id` of a message sent through `bot`'s inline mode: its sender's
    /// copy, signed for that bot, so that no other bot can name it.
    #[must_use]
    pub fn inline_message_id(&self, bot: UserId, msg: &Message) -> String {
        let box_key = msg.box_id.key();
        let signature = self.keyed_hash(&[INLINE_MESSAGE_TAG, bot.0, box_key, i64::from(msg.id.0)]);
        let mut bytes = Vec::with_capacity(20);
        bytes.extend_from_slice(&box_key.to_le_bytes());
        bytes.extend_from_slice(&msg.id.0.to_le_bytes());
        bytes.extend_from_slice(&signature.to_le_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The message `inline_message_id` names, if `bot` may edit it: it was sent through
    /// `bot`'s inline mode.
    ///
    /// # Errors
    /// `Refused { MESSAGE_ID_INVALID }`, or `Internal`.
    pub async fn inline_message(
        &self,
        bot: UserId,
        inline_message_id: &str,
    ) -> CoreResult<Message> {
        let invalid = || CoreError::refused("MESSAGE_ID_INVALID");
        let bytes = URL_SAFE_NO_PAD
            .decode(inline_message_id)
            .map_err(|_| invalid())?;
        let (Some(box_key), Some(id), Some(signature)) = (
            bytes
                .get(..8)
                .and_then(|b| b.try_into().ok())
                .map(i64::from_le_bytes),
            bytes
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .map(i32::from_le_bytes),
            bytes
                .get(12..20)
                .and_then(|b| b.try_into().ok())
                .map(i64::from_le_bytes),
        ) else {
            return Err(invalid());
        };
        if bytes.len() != 20
            || signature != self.keyed_hash(&[INLINE_MESSAGE_TAG, bot.0, box_key, i64::from(id)])
        {
            return Err(invalid());
        }
        let box_id = BoxId::from_key(box_key).ok_or_else(invalid)?;
        match self.0.store.message(box_id, MessageId(id)).await? {
            Some(msg) if msg.via_bot == Some(bot) => Ok(msg),
            _ => Err(invalid()),
        }
    }

    /// The sender's copy of a message sent through a bot's inline mode (the copy its
    /// `inline_message_id` names), from any copy of it.
    pub(super) async fn inline_sender_copy(&self, msg: &Message) -> CoreResult<Message> {
        let sender_box = match (msg.box_id, msg.from) {
            (BoxId::User(_), Some(from)) => BoxId::User(from),
            _ => return Ok(msg.clone()),
        };
        if msg.box_id == sender_box {
            return Ok(msg.clone());
        }
        for (box_id, id) in self.0.store.copies(msg.gid).await? {
            if box_id == sender_box
                && let Some(copy) = self.0.store.message(box_id, id).await?
            {
                return Ok(copy);
            }
        }
        Ok(msg.clone())
    }

    /// Edits a message sent through `bot`'s inline mode (the edit methods with
    /// `inline_message_id`).
    ///
    /// # Errors
    /// `Refused { MESSAGE_ID_INVALID }`, and the errors of [`Core::edit_message`].
    pub async fn edit_inline_message(
        &self,
        bot: UserId,
        inline_message_id: &str,
        edit: MessageEdit,
    ) -> CoreResult<()> {
        let msg = self.inline_message(bot, inline_message_id).await?;
        if let Content::Service(_) = msg.content {
            return Err(CoreError::MessageEditForbidden);
        }
        let actor = self.user(bot).await?;
        self.apply_message_edit(&actor, msg, edit).await?;
        Ok(())
    }

    /// Keeps one result `bot` prepared for `user` to send from a mini app
    /// (`savePreparedInlineMessage`) to the kinds of chat in `peer_types`.
    ///
    /// # Errors
    /// `UserNotFound` for a user who is no person, `Refused { PEER_TYPES_INVALID }` when
    /// no kind of chat is allowed (inferred), and the errors of
    /// [`Core::prepare_inline_result`].
    pub async fn save_prepared_inline_message(
        &self,
        bot: UserId,
        user: UserId,
        result: InlineResultInput,
        peer_types: Vec<InlineChatType>,
    ) -> CoreResult<PreparedInlineMessage> {
        match self.find_user(user).await? {
            Some(found) if !found.is_bot() => {}
            _ => return Err(CoreError::UserNotFound),
        }
        if peer_types.is_empty() {
            return Err(CoreError::refused("PEER_TYPES_INVALID"));
        }
        let result = self.prepare_inline_result(result).await?;
        let now = self.now();
        let id = random_token(16);
        let expires_at = now + PREPARED_MESSAGE_LIFETIME;
        let mut state = self.0.inline.lock();
        state.prepared.insert(
            (bot, id.clone()),
            Prepared {
                user,
                result,
                peer_types,
                expires_at,
            },
        );
        state.inserted(now);
        Ok(PreparedInlineMessage {
            id,
            expiration_date: expires_at,
        })
    }

    /// A prepared inline message of `bot` for `user`, ready to send with
    /// [`Core::send_inline_result`] (`messages.getPreparedInlineMessage`).
    ///
    /// # Errors
    /// `Refused { MESSAGE_ID_INVALID }` (inferred) for an id that is unknown, expired or
    /// prepared for another user.
    pub fn prepared_inline_message(
        &self,
        user: &User,
        bot: UserId,
        id: &str,
    ) -> CoreResult<PreparedResult> {
        let now = self.now();
        let mut state = self.0.inline.lock();
        let (result, peer_types) = match state.prepared.get(&(bot, id.to_owned())) {
            Some(p) if p.user == user.id && p.expires_at > now => {
                (p.result.clone(), p.peer_types.clone())
            }
            _ => return Err(CoreError::refused("MESSAGE_ID_INVALID")),
        };
        let answer = Arc::new(InlineAnswer {
            bot,
            results: vec![result],
            cache_time: 0,
            is_personal: true,
            next_offset: String::new(),
            button: None,
        });
        let query_id = new_query_id();
        let answered = Answered {
            bot,
            user: user.id,
            query: String::new(),
            answer: answer.clone(),
            expires_at: now + ANSWER_LIFETIME,
            peer_types: Some(peer_types.clone()),
        };
        state.answered(query_id, answered, now);
        Ok(PreparedResult {
            query_id,
            answer,
            peer_types,
        })
    }
}
