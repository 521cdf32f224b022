//! `updates.getState` and `updates.getDifference` for the caller's common box, and what an
//! edge that keeps connections pushes to a connected session ([`pending`]): both read the
//! box's log through one conversion to TL updates.

use std::collections::HashMap;

use gramd_core::SessionUpdate;
use gramd_core::ids::{BoxId, MessageId, UserId};
use gramd_core::messages::Message;
use gramd_core::updates::{BoxUpdate, LoggedUpdate};
use grammers_tl_types::{enums, functions as f, types};

use super::bot_qts;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{View, int, peer};

/// Most events one `getDifference` returns; more come as a `differenceSlice`.
const DIFFERENCE_LIMIT: u32 = 1000;

fn state(pts: i32, qts: i32, date: i64) -> types::updates::State {
    types::updates::State {
        pts,
        qts,
        date: int(date),
        seq: 0,
        unread_count: 0,
    }
}

pub(crate) async fn get_state(
    ctx: &Ctx<'_>,
    _req: f::updates::GetState,
) -> Result<enums::updates::State, RpcError> {
    let pts = ctx.core.current_pts(BoxId::User(ctx.me().id)).await?;
    let qts = if ctx.me().is_bot() {
        // A bot reading its updates here has its box logged from now on.
        ctx.core.keep_box_log(ctx.me().id).await?;
        bot_qts::current(ctx).await?
    } else {
        0
    };
    Ok(enums::updates::State::State(state(
        pts,
        qts,
        ctx.core.now(),
    )))
}

pub(crate) async fn get_difference(
    ctx: &Ctx<'_>,
    req: f::updates::GetDifference,
) -> Result<enums::updates::Difference, RpcError> {
    let box_id = BoxId::User(ctx.me().id);
    let now = ctx.core.now();
    let current = ctx.core.current_pts(box_id).await?;
    // A bot's business updates come by qts, from its update queue.
    let bot = if ctx.me().is_bot() {
        ctx.core.keep_box_log(ctx.me().id).await?;
        Some(bot_qts::difference(ctx, req.qts).await?)
    } else {
        None
    };
    let qts = bot.as_ref().map_or(0, |b| b.qts);
    // Updates without a pts, which the JSON edge cannot push: each session reads them once.
    let mut other_updates: Vec<enums::Update> = ctx
        .core
        .take_session_updates(ctx.me().id, ctx.session.id)
        .into_iter()
        .map(|update| session_update(update, ctx.me().id))
        .collect();
    let (mut users, mut chats, mut complete) = (Vec::new(), Vec::new(), true);
    if let Some(bot) = bot {
        other_updates.extend(bot.updates);
        users.extend(bot.users);
        chats.extend(bot.chats);
        complete = bot.complete;
    }
    let mut new_messages = Vec::new();
    let last_pts;
    if req.pts < current {
        let limit = req
            .pts_total_limit
            .and_then(|l| u32::try_from(l).ok())
            .filter(|l| *l > 0)
            .map_or(DIFFERENCE_LIMIT, |l| l.min(DIFFERENCE_LIMIT));
        let diff = ctx.core.difference(box_id, req.pts.max(0), limit).await?;
        let view = ctx.view();
        for update in box_updates(&view, &diff.updates, &diff.messages) {
            match update {
                enums::Update::NewMessage(new) => new_messages.push(new.message),
                other => other_updates.push(other),
            }
        }
        last_pts = diff.updates.last().map_or(req.pts, |event| event.pts);
        let (box_users, box_chats) = view.mentioned(&diff.mentioned).await?;
        users.extend(box_users);
        chats.extend(box_chats);
        complete &= diff.complete;
    } else {
        last_pts = current;
    }
    if new_messages.is_empty() && other_updates.is_empty() && qts <= req.qts && req.pts >= current {
        return Ok(enums::updates::Difference::Empty(
            types::updates::DifferenceEmpty {
                date: int(now),
                seq: 0,
            },
        ));
    }
    let state = enums::updates::State::State(state(last_pts, qts, now));
    Ok(if complete {
        enums::updates::Difference::Difference(types::updates::Difference {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            state,
        })
    } else {
        enums::updates::Difference::Slice(types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            intermediate_state: state,
        })
    })
}

/// The TL updates of logged box events, in pts order: `updateNewMessage`,
/// `updateEditMessage`, `updateDeleteMessages`, `updateReadHistoryInbox`,
/// `updateReadHistoryOutbox` and `updatePinnedMessages`, each with its pts and pts_count.
/// An event about a message that no longer exists has none. `getDifference` and the pushes
/// to connected sessions both read the log through this.
fn box_updates(
    view: &View<'_>,
    events: &[LoggedUpdate],
    messages: &HashMap<MessageId, Message>,
) -> Vec<enums::Update> {
    let mut updates = Vec::with_capacity(events.len());
    for event in events {
        let (pts, pts_count) = (event.pts, event.pts_count);
        updates.push(match &event.update {
            BoxUpdate::NewMessage { id } => {
                let Some(msg) = messages.get(id) else {
                    continue;
                };
                enums::Update::NewMessage(types::UpdateNewMessage {
                    message: view.message(msg, false),
                    pts,
                    pts_count,
                })
            }
            BoxUpdate::EditMessage { id } => {
                let Some(msg) = messages.get(id) else {
                    continue;
                };
                enums::Update::EditMessage(types::UpdateEditMessage {
                    message: view.message(msg, false),
                    pts,
                    pts_count,
                })
            }
            BoxUpdate::DeleteMessages { ids } => {
                enums::Update::DeleteMessages(types::UpdateDeleteMessages {
                    messages: ids.iter().map(|i| i.0).collect(),
                    pts,
                    pts_count,
                })
            }
            BoxUpdate::ReadHistoryInbox { peer: p, max_id } => {
                enums::Update::ReadHistoryInbox(types::UpdateReadHistoryInbox {
                    folder_id: None,
                    peer: peer(*p),
                    top_msg_id: None,
                    max_id: max_id.0,
                    still_unread_count: 0,
                    pts,
                    pts_count,
                })
            }
            BoxUpdate::PinnedMessages {
                peer: p,
                ids,
                pinned,
            } => enums::Update::PinnedMessages(types::UpdatePinnedMessages {
                pinned: *pinned,
                peer: peer(*p),
                messages: ids.iter().map(|i| i.0).collect(),
                pts,
                pts_count,
            }),
            BoxUpdate::ReadHistoryOutbox { peer: p, max_id } => {
                enums::Update::ReadHistoryOutbox(types::UpdateReadHistoryOutbox {
                    peer: peer(*p),
                    max_id: max_id.0,
                    pts,
                    pts_count,
                })
            }
        });
    }
    updates
}

/// What a connected session is sent next ([`pending`]).
pub(crate) struct Pending {
    /// The `Updates` to push; `None` when nothing is pending.
    pub(crate) updates: Option<enums::Updates>,
    /// The pts the session has now been sent everything up to.
    pub(crate) pts: i32,
    /// For a bot: the qts it has now been sent everything up to.
    pub(crate) qts: Option<i32>,
}

/// What a session connected with pts `after` has not been sent: the events of the caller's
/// box after `after` (up to `up_to` if given), then the session updates it has not read.
///
/// A single new text message of a private chat or a basic group goes as
/// `updateShortMessage` / `updateShortChatMessage` when that constructor can carry it
/// (<https://core.telegram.org/constructor/updateShortMessage>); anything else as one
/// `updates` (seq 0: gramd keeps no seq), with the users and chats its messages mention.
/// More than [`DIFFERENCE_LIMIT`] events is `updatesTooLong`, on which the client calls
/// `updates.getDifference`; the session updates then wait for that call.
pub(crate) async fn pending(
    ctx: &Ctx<'_>,
    after: i32,
    up_to: Option<i32>,
    qts_after: Option<i32>,
) -> Result<Pending, RpcError> {
    // A bot's business updates come by qts, from its update queue.
    let bot = match qts_after {
        Some(qts) if ctx.me().is_bot() => Some(bot_qts::difference(ctx, qts).await?),
        _ => None,
    };
    let qts = bot.as_ref().map(|b| b.qts).or(qts_after);
    let box_id = BoxId::User(ctx.me().id);
    // Most wake-ups follow the session's own sends, whose results already carried their
    // events: with nothing after `after` (an in-memory counter says so), skip the log.
    let diff = if after >= ctx.core.current_pts(box_id).await? {
        gramd_core::Difference {
            complete: true,
            ..gramd_core::Difference::default()
        }
    } else {
        ctx.core.difference(box_id, after, DIFFERENCE_LIMIT).await?
    };
    let events = diff
        .updates
        .iter()
        .take_while(|event| up_to.is_none_or(|last| event.pts <= last))
        .count();
    let events = &diff.updates[..events];
    let reached = events.last().map_or(after, |event| event.pts);
    if !diff.complete
        && events.len() == diff.updates.len()
        && up_to.is_none_or(|last| reached < last)
    {
        let pts = match up_to {
            Some(last) => last,
            None => ctx.core.current_pts(box_id).await?,
        };
        return Ok(Pending {
            updates: Some(enums::Updates::TooLong),
            pts,
            qts,
        });
    }
    let view = ctx.view();
    let mut updates = box_updates(&view, events, &diff.messages);
    let session_updates = ctx.core.take_session_updates(ctx.me().id, ctx.session.id);
    let bot_updates = bot.as_ref().is_some_and(|b| !b.updates.is_empty());
    if session_updates.is_empty()
        && !bot_updates
        && let [enums::Update::NewMessage(new)] = &updates[..]
        && let Some(short) = short_message(new)
    {
        return Ok(Pending {
            updates: Some(short),
            pts: reached,
            qts,
        });
    }
    let me = ctx.me().id;
    updates.extend(
        session_updates
            .into_iter()
            .map(|update| session_update(update, me)),
    );
    let (mut users, mut chats) = view.mentioned(&diff.mentioned).await?;
    if let Some(bot) = bot {
        updates.extend(bot.updates);
        users.extend(bot.users);
        chats.extend(bot.chats);
    }
    if updates.is_empty() {
        return Ok(Pending {
            updates: None,
            pts: reached,
            qts,
        });
    }
    Ok(Pending {
        updates: Some(enums::Updates::Updates(types::Updates {
            updates,
            users,
            chats,
            date: int(ctx.core.now()),
            seq: 0,
        })),
        pts: reached,
        qts,
    })
}

/// `updateShortMessage` (private chat) or `updateShortChatMessage` (basic group) for a new
/// message, if it has nothing those constructors cannot carry (media, buttons, a service
/// action, a business bot, …).
fn short_message(new: &types::UpdateNewMessage) -> Option<enums::Updates> {
    let enums::Message::Message(msg) = &new.message else {
        return None;
    };
    let plain = msg.media.is_none()
        && msg.reply_markup.is_none()
        && msg.via_business_bot_id.is_none()
        && msg.grouped_id.is_none()
        && msg.edit_date.is_none()
        && msg.saved_peer_id.is_none()
        && msg.from_boosts_applied.is_none()
        && msg.from_rank.is_none()
        && msg.guestchat_via_from.is_none()
        && msg.views.is_none()
        && msg.forwards.is_none()
        && msg.replies.is_none()
        && msg.post_author.is_none()
        && msg.reactions.is_none()
        && msg.restriction_reason.is_none()
        && msg.quick_reply_shortcut_id.is_none()
        && msg.effect.is_none()
        && msg.factcheck.is_none()
        && msg.report_delivery_until_date.is_none()
        && msg.paid_message_stars.is_none()
        && msg.suggested_post.is_none()
        && msg.schedule_repeat_period.is_none()
        && msg.summary_from_language.is_none()
        && msg.rich_message.is_none()
        && !(msg.post
            || msg.from_scheduled
            || msg.legacy
            || msg.edit_hide
            || msg.pinned
            || msg.noforwards
            || msg.invert_media
            || msg.offline
            || msg.video_processing_pending
            || msg.paid_suggested_post_stars
            || msg.paid_suggested_post_ton);
    if !plain {
        return None;
    }
    let from = match &msg.from_id {
        Some(enums::Peer::User(user)) => Some(user.user_id),
        None => None,
        Some(_) => return None,
    };
    Some(match &msg.peer_id {
        enums::Peer::User(user) => enums::Updates::UpdateShortMessage(types::UpdateShortMessage {
            out: msg.out,
            mentioned: msg.mentioned,
            media_unread: msg.media_unread,
            silent: msg.silent,
            id: msg.id,
            user_id: user.user_id,
            message: msg.message.clone(),
            pts: new.pts,
            pts_count: new.pts_count,
            date: msg.date,
            fwd_from: msg.fwd_from.clone(),
            via_bot_id: msg.via_bot_id,
            reply_to: msg.reply_to.clone(),
            entities: msg.entities.clone(),
            ttl_period: msg.ttl_period,
        }),
        enums::Peer::Chat(chat) => {
            enums::Updates::UpdateShortChatMessage(types::UpdateShortChatMessage {
                out: msg.out,
                mentioned: msg.mentioned,
                media_unread: msg.media_unread,
                silent: msg.silent,
                id: msg.id,
                from_id: from?,
                chat_id: chat.chat_id,
                message: msg.message.clone(),
                pts: new.pts,
                pts_count: new.pts_count,
                date: msg.date,
                fwd_from: msg.fwd_from.clone(),
                via_bot_id: msg.via_bot_id,
                reply_to: msg.reply_to.clone(),
                entities: msg.entities.clone(),
                ttl_period: msg.ttl_period,
            })
        }
        enums::Peer::Channel(_) => return None,
    })
}

/// A session update (one without a pts: see `gramd_core::SessionUpdate`) as a TL update.
pub(crate) fn session_update(update: SessionUpdate, viewer: UserId) -> enums::Update {
    match update {
        SessionUpdate::AttachMenuBots => enums::Update::AttachMenuBots,
        SessionUpdate::WebViewResultSent { query_id } => {
            enums::Update::WebViewResultSent(types::UpdateWebViewResultSent { query_id })
        }
        SessionUpdate::BotMenuButton { bot, button } => {
            enums::Update::BotMenuButton(types::UpdateBotMenuButton {
                bot_id: bot.0,
                button: super::web_apps::bot_menu_button(button),
            })
        }
        SessionUpdate::MessagePoll { poll } => super::polls::session_poll_update(&poll, viewer),
        SessionUpdate::ChatAction(event) => super::typing::update(&event),
        // Session updates of reactions are never about broadcast channels.
        SessionUpdate::MessageReactions {
            peer,
            id,
            topic,
            reactions,
        } => {
            super::reactions::update_message_reactions((peer, id, topic), &reactions, viewer, false)
        }
    }
}
