//! Sending, editing, deleting, forwarding and reading messages; pressing callback buttons.

use gramd_core::error::MessagePurpose;
use gramd_core::ids::{MessageId, Peer};
use gramd_core::messages::{
    DeleteFor, ForwardMode, HistoryQuery, LinkPreview, Message, MessageEdit, MissingIds,
    OutgoingText, ReplyTarget, SendOptions,
};
use gramd_core::text::{EntityKind, MessageEntity};
use gramd_core::{CoreError, RandomIdClaim};
use grammers_tl_types::{enums, functions as f, types};

use super::business::business_answer;
use super::reactions::with_reactions;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{entities, int};

/// Most messages `messages.getHistory` returns.
const MAX_HISTORY: i32 = 100;

/// The explicit entities of a client's message (detected kinds are found again by the
/// server, as Telegram does).
pub(crate) fn input_entities(list: Option<&Vec<enums::MessageEntity>>) -> Vec<MessageEntity> {
    use enums::MessageEntity as E;
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.len());
    for entity in list {
        let (kind, offset, length) = match entity {
            E::Bold(e) => (EntityKind::Bold, e.offset, e.length),
            E::Italic(e) => (EntityKind::Italic, e.offset, e.length),
            E::Underline(e) => (EntityKind::Underline, e.offset, e.length),
            E::Strike(e) => (EntityKind::Strikethrough, e.offset, e.length),
            E::Spoiler(e) => (EntityKind::Spoiler, e.offset, e.length),
            E::Code(e) => (EntityKind::Code, e.offset, e.length),
            E::Pre(e) => (
                EntityKind::Pre {
                    language: Some(e.language.clone()).filter(|l| !l.is_empty()),
                },
                e.offset,
                e.length,
            ),
            E::TextUrl(e) => (
                EntityKind::TextLink { url: e.url.clone() },
                e.offset,
                e.length,
            ),
            E::MentionName(e) => (
                EntityKind::TextMention { user_id: e.user_id },
                e.offset,
                e.length,
            ),
            E::InputMessageEntityMentionName(e) => match &e.user_id {
                enums::InputUser::User(u) => (
                    EntityKind::TextMention { user_id: u.user_id },
                    e.offset,
                    e.length,
                ),
                _ => continue,
            },
            E::CustomEmoji(e) => (
                EntityKind::CustomEmoji {
                    custom_emoji_id: e.document_id.to_string(),
                },
                e.offset,
                e.length,
            ),
            E::Blockquote(e) => (
                if e.collapsed {
                    EntityKind::ExpandableBlockquote
                } else {
                    EntityKind::Blockquote
                },
                e.offset,
                e.length,
            ),
            _ => continue,
        };
        if let (Ok(offset), Ok(length)) = (u32::try_from(offset), u32::try_from(length)) {
            out.push(MessageEntity {
                kind,
                offset,
                length,
            });
        }
    }
    out
}

pub(crate) fn reply_target(reply_to: Option<&enums::InputReplyTo>) -> Option<ReplyTarget> {
    match reply_to {
        Some(enums::InputReplyTo::Message(m)) if m.reply_to_msg_id > 0 => Some(ReplyTarget {
            message_id: MessageId(m.reply_to_msg_id),
            allow_without_reply: false,
        }),
        _ => None,
    }
}

/// The forum topic of a send's `reply_to`: its `top_msg_id` (replying to the message that
/// created a topic sends to that topic too; the core sees to it).
pub(crate) fn reply_topic(reply_to: Option<&enums::InputReplyTo>) -> Option<MessageId> {
    match reply_to {
        Some(enums::InputReplyTo::Message(m)) => m.top_msg_id.filter(|id| *id > 0).map(MessageId),
        _ => None,
    }
}

pub(crate) fn reply_error(err: CoreError) -> RpcError {
    match err {
        CoreError::MessageNotFound {
            purpose: MessagePurpose::Reply,
        } => RpcError::bad_request("REPLY_MESSAGE_ID_INVALID"),
        other => other.into(),
    }
}

pub(crate) async fn is_broadcast(ctx: &Ctx<'_>, peer: Peer) -> Result<bool, RpcError> {
    Ok(match peer {
        Peer::Channel(_) => ctx.core.chat(peer).await?.kind == gramd_core::chats::ChatKind::Channel,
        _ => false,
    })
}

/// `updateNewMessage` / `updateNewChannelMessage` (or the edit variants) for a message.
pub(crate) async fn message_update(
    ctx: &Ctx<'_>,
    msg: &Message,
    pts: i32,
    edit: bool,
) -> Result<enums::Update, RpcError> {
    let channel = matches!(msg.peer, Peer::Channel(_));
    let broadcast = is_broadcast(ctx, msg.peer).await?;
    let message = ctx.view().message(msg, broadcast);
    let pts_count = 1;
    Ok(match (channel, edit) {
        (false, false) => enums::Update::NewMessage(types::UpdateNewMessage {
            message,
            pts,
            pts_count,
        }),
        (true, false) => enums::Update::NewChannelMessage(types::UpdateNewChannelMessage {
            message,
            pts,
            pts_count,
        }),
        (false, true) => enums::Update::EditMessage(types::UpdateEditMessage {
            message,
            pts,
            pts_count,
        }),
        (true, true) => enums::Update::EditChannelMessage(types::UpdateEditChannelMessage {
            message,
            pts,
            pts_count,
        }),
    })
}

/// `updateMessageID`: which message a client's `random_id` became.
pub(crate) fn message_id_update(id: MessageId, random_id: i64) -> enums::Update {
    enums::Update::MessageId(types::UpdateMessageId {
        id: id.0,
        random_id,
    })
}

/// Takes the `random_id`s of one send: a request sent again (say after a lost connection)
/// sends nothing and is `500 RANDOM_ID_DUPLICATE`, as on Telegram. Keep the claim once the
/// message is sent; dropping it gives the ids back.
pub(crate) fn claim_random_ids<'a>(
    ctx: &Ctx<'a>,
    random_ids: &[i64],
) -> Result<RandomIdClaim<'a>, RpcError> {
    ctx.core
        .claim_random_ids(ctx.me().id, random_ids)
        .ok_or_else(|| RpcError::new(500, "RANDOM_ID_DUPLICATE"))
}

fn affected_messages((pts, pts_count): (i32, i32)) -> enums::messages::AffectedMessages {
    enums::messages::AffectedMessages::Messages(types::messages::AffectedMessages {
        pts,
        pts_count,
    })
}

pub(crate) async fn send_message(
    ctx: &Ctx<'_>,
    req: f::messages::SendMessage,
) -> Result<enums::Updates, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let text = OutgoingText {
        text: req.message,
        entities: input_entities(req.entities.as_ref()),
        link_preview: req.no_webpage.then(|| LinkPreview {
            is_disabled: true,
            ..LinkPreview::default()
        }),
    };
    let options = SendOptions {
        reply_to: reply_target(req.reply_to.as_ref()),
        reply_markup: None,
        silent: req.silent,
        noforwards: req.noforwards,
        via_business_bot: None,
        via_bot: None,
        topic: reply_topic(req.reply_to.as_ref()),
    };
    let claim = claim_random_ids(ctx, &[req.random_id])?;
    if let Some(connection) = ctx.business_connection {
        let sent = ctx
            .core
            .send_business_text(ctx.me().id, connection, peer, text, options)
            .await
            .map_err(reply_error)?;
        claim.keep();
        return business_answer(ctx, connection, &sent.message, Some(req.random_id)).await;
    }
    let sent = ctx
        .core
        .send_text(ctx.me().id, peer, text, options)
        .await
        .map_err(reply_error)?;
    claim.keep();
    let msg = &sent.message;
    if let Peer::Channel(_) = peer {
        let updates = vec![
            message_id_update(msg.id, req.random_id),
            message_update(ctx, msg, sent.pts, false).await?,
        ];
        return Ok(ctx
            .view()
            .updates(updates, std::slice::from_ref(msg), [])
            .await?);
    }
    let found = match &msg.content {
        gramd_core::messages::Content::Text { entities, .. } if !entities.is_empty() => {
            Some(self::entities(entities))
        }
        _ => None,
    };
    Ok(enums::Updates::UpdateShortSentMessage(
        types::UpdateShortSentMessage {
            out: true,
            id: msg.id.0,
            pts: sent.pts,
            pts_count: 1,
            date: int(msg.date),
            media: None,
            entities: found,
            ttl_period: None,
        },
    ))
}

pub(crate) async fn start_bot(
    ctx: &Ctx<'_>,
    req: f::messages::StartBot,
) -> Result<enums::Updates, RpcError> {
    let bot = ctx
        .input_user(&req.bot)
        .await
        .map_err(|_| RpcError::bad_request("BOT_INVALID"))?;
    let peer = ctx.input_peer(&req.peer).await?;
    let claim = claim_random_ids(ctx, &[req.random_id])?;
    let sent = ctx
        .core
        .start_bot(ctx.me().id, bot, peer, &req.start_param)
        .await?;
    claim.keep();
    super::media::sent_updates(ctx, vec![(sent.message, sent.pts, req.random_id)]).await
}

pub(crate) async fn edit_message(
    ctx: &Ctx<'_>,
    req: f::messages::EditMessage,
) -> Result<enums::Updates, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    if let Some(enums::InputMedia::GeoLive(live)) = &req.media {
        let edit = MessageEdit {
            live_location: Some(super::media::live_location_edit(live)?),
            ..MessageEdit::default()
        };
        let sent = ctx
            .core
            .edit_message(ctx.me().id, peer, MessageId(req.id), edit)
            .await?;
        let update = message_update(ctx, &sent.message, sent.pts, true).await?;
        return Ok(ctx
            .view()
            .updates(vec![update], std::slice::from_ref(&sent.message), [])
            .await?);
    }
    let Some(message) = req.message else {
        return Err(RpcError::bad_request("MESSAGE_NOT_MODIFIED"));
    };
    let edit = MessageEdit {
        text: Some(OutgoingText {
            text: message,
            entities: input_entities(req.entities.as_ref()),
            link_preview: req.no_webpage.then(|| LinkPreview {
                is_disabled: true,
                ..LinkPreview::default()
            }),
        }),
        reply_markup: None,
        ..MessageEdit::default()
    };
    if let Some(connection) = ctx.business_connection {
        let edited = ctx
            .core
            .edit_business_message(ctx.me().id, connection, peer, MessageId(req.id), edit)
            .await?;
        return business_answer(ctx, connection, &edited.message, None).await;
    }
    // On a media message, `message` is the caption (the core says so by refusing a text).
    let sent = match ctx
        .core
        .edit_message(ctx.me().id, peer, MessageId(req.id), edit.clone())
        .await
    {
        Err(CoreError::NoTextToEdit) => {
            let caption = MessageEdit {
                caption: edit.text.map(|text| OutgoingText {
                    link_preview: None,
                    ..text
                }),
                show_caption_above_media: Some(req.invert_media),
                ..MessageEdit::default()
            };
            ctx.core
                .edit_message(ctx.me().id, peer, MessageId(req.id), caption)
                .await?
        }
        other => other?,
    };
    let update = message_update(ctx, &sent.message, sent.pts, true).await?;
    Ok(ctx
        .view()
        .updates(vec![update], std::slice::from_ref(&sent.message), [])
        .await?)
}

pub(crate) async fn delete_messages(
    ctx: &Ctx<'_>,
    req: f::messages::DeleteMessages,
) -> Result<enums::messages::AffectedMessages, RpcError> {
    let ids: Vec<MessageId> = req.id.iter().map(|id| MessageId(*id)).collect();
    let delete_for = if req.revoke {
        DeleteFor::Everyone
    } else {
        DeleteFor::Me
    };
    let affected = ctx
        .core
        .delete_messages(ctx.me().id, None, &ids, delete_for, MissingIds::Skip)
        .await?;
    Ok(affected_messages(affected))
}

pub(crate) async fn forward_messages(
    ctx: &Ctx<'_>,
    req: f::messages::ForwardMessages,
) -> Result<enums::Updates, RpcError> {
    let from = ctx.input_peer(&req.from_peer).await?;
    let to = ctx.input_peer(&req.to_peer).await?;
    if req.random_id.len() != req.id.len() {
        return Err(RpcError::bad_request("RANDOM_ID_INVALID"));
    }
    let ids: Vec<MessageId> = req.id.iter().map(|id| MessageId(*id)).collect();
    let options = SendOptions {
        reply_to: None,
        reply_markup: None,
        silent: req.silent,
        noforwards: req.noforwards,
        via_business_bot: None,
        via_bot: None,
        topic: req.top_msg_id.map(MessageId),
    };
    let mode = if req.drop_author {
        ForwardMode::Copy
    } else {
        ForwardMode::Forward
    };
    let claim = claim_random_ids(ctx, &req.random_id)?;
    let sent = ctx
        .core
        .forward_messages(ctx.me().id, from, &ids, to, mode, options)
        .await?;
    claim.keep();
    let mut updates = Vec::with_capacity(sent.len() * 2);
    let mut messages = Vec::with_capacity(sent.len());
    for (one, random_id) in sent.into_iter().zip(req.random_id) {
        updates.push(message_id_update(one.message.id, random_id));
        updates.push(message_update(ctx, &one.message, one.pts, false).await?);
        messages.push(one.message);
    }
    Ok(ctx.view().updates(updates, &messages, []).await?)
}

pub(crate) async fn get_history(
    ctx: &Ctx<'_>,
    req: f::messages::GetHistory,
) -> Result<enums::messages::Messages, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let limit = req.limit.clamp(0, MAX_HISTORY);
    let query = HistoryQuery {
        offset_id: req.offset_id.max(0),
        offset_date: i64::from(req.offset_date.max(0)),
        add_offset: req.add_offset,
        limit: u32::try_from(limit).unwrap_or(0),
        max_id: req.max_id.max(0),
        min_id: req.min_id.max(0),
    };
    let page = ctx.core.history(ctx.me().id, peer, query).await?;
    history_result(ctx, peer, &page).await
}

/// The messages of a forum topic (`messages.getReplies` with the topic's id), as
/// `messages.getHistory` pages a chat: by `offset_id`, `limit`, `max_id` and `min_id`
/// (`add_offset` and `offset_date` are not applied to topics).
pub(crate) async fn get_replies(
    ctx: &Ctx<'_>,
    req: f::messages::GetReplies,
) -> Result<enums::messages::Messages, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let limit = req.limit.clamp(0, MAX_HISTORY);
    let query = HistoryQuery {
        offset_id: req.offset_id.max(0),
        offset_date: 0,
        add_offset: 0,
        limit: u32::try_from(limit).unwrap_or(0),
        max_id: req.max_id.max(0),
        min_id: req.min_id.max(0),
    };
    let page = ctx
        .core
        .topic_history(ctx.me().id, peer, MessageId(req.msg_id), query)
        .await?;
    history_result(ctx, peer, &page).await
}

/// `messages.messages` (or a slice, or `messages.channelMessages`) of a page of history.
async fn history_result(
    ctx: &Ctx<'_>,
    peer: Peer,
    page: &gramd_core::History,
) -> Result<enums::messages::Messages, RpcError> {
    let broadcast = is_broadcast(ctx, peer).await?;
    let view = ctx.view();
    let messages: Vec<enums::Message> = page
        .messages
        .iter()
        .map(|m| {
            let me = ctx.me().id;
            with_reactions(
                view.message(m, broadcast),
                m,
                &page.mentioned,
                me,
                broadcast,
            )
        })
        .collect();
    let (users, chats) = view.mentioned(&page.mentioned).await?;
    let complete = u32::try_from(messages.len()).unwrap_or(u32::MAX) >= page.total;
    let count = int(page.total);
    Ok(if let Peer::Channel(id) = peer {
        let pts = ctx
            .core
            .current_pts(gramd_core::ids::BoxId::Channel(id))
            .await?;
        enums::messages::Messages::ChannelMessages(types::messages::ChannelMessages {
            inexact: false,
            pts,
            count,
            offset_id_offset: None,
            messages,
            topics: Vec::new(),
            chats,
            users,
        })
    } else if complete {
        enums::messages::Messages::Messages(types::messages::Messages {
            messages,
            topics: Vec::new(),
            chats,
            users,
        })
    } else {
        enums::messages::Messages::Slice(types::messages::MessagesSlice {
            inexact: false,
            count,
            next_rate: None,
            offset_id_offset: None,
            search_flood: None,
            messages,
            topics: Vec::new(),
            chats,
            users,
        })
    })
}

pub(crate) async fn read_history(
    ctx: &Ctx<'_>,
    req: f::messages::ReadHistory,
) -> Result<enums::messages::AffectedMessages, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let affected = ctx
        .core
        .read_history(ctx.me().id, peer, MessageId(req.max_id))
        .await?;
    Ok(affected_messages(affected))
}

pub(crate) async fn get_bot_callback_answer(
    ctx: &Ctx<'_>,
    req: f::messages::GetBotCallbackAnswer,
) -> Result<enums::messages::BotCallbackAnswer, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let Some(data) = req.data else {
        return Err(RpcError::bad_request("DATA_INVALID"));
    };
    let data = String::from_utf8(data).map_err(|_| RpcError::bad_request("DATA_INVALID"))?;
    let answer = ctx
        .core
        .press_callback_button(ctx.me().id, peer, MessageId(req.msg_id), &data)
        .await?;
    Ok(enums::messages::BotCallbackAnswer::Answer(
        types::messages::BotCallbackAnswer {
            alert: answer.show_alert,
            has_url: answer.url.is_some(),
            native_ui: false,
            message: answer.text,
            url: answer.url,
            cache_time: answer.cache_time,
        },
    ))
}
