//! Forum topics on the client API (<https://core.telegram.org/api/forum>):
//! `channels.toggleForum`, `messages.createForumTopic`, `messages.editForumTopic`,
//! `messages.getForumTopics`, `messages.getForumTopicsByID` and
//! `messages.deleteTopicHistory`. Sending to a topic is `reply_to` with `top_msg_id` (or a
//! reply to the message that created it) on the send functions; messages in a topic carry
//! a `forum_topic` reply header.

use gramd_core::ids::{MessageId, Peer};
use gramd_core::messages::{Message, Sent};
use gramd_core::topics::{ForumTopic, GENERAL_TOPIC, TopicEdit, TopicToggle};
use grammers_tl_types::{enums, functions as f, types};

use super::info::notify_settings;
use super::messages::{claim_random_ids, message_id_update, message_update};
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{int, peer};

/// `forumTopic` as `viewer` sees it, with the id of its newest message.
fn forum_topic(
    topic: &ForumTopic,
    top_message: MessageId,
    viewer: gramd_core::ids::UserId,
) -> enums::ForumTopic {
    enums::ForumTopic::Topic(types::ForumTopic {
        my: topic.creator == viewer,
        closed: topic.closed,
        pinned: topic.pinned,
        short: false,
        hidden: topic.hidden,
        title_missing: false,
        id: topic.id.0,
        date: int(topic.date),
        peer: peer(topic.chat),
        title: topic.name.clone(),
        icon_color: topic.icon_color,
        icon_emoji_id: topic.icon_emoji_id,
        top_message: top_message.0,
        read_inbox_max_id: 0,
        read_outbox_max_id: 0,
        unread_count: 0,
        unread_mentions_count: 0,
        unread_reactions_count: 0,
        unread_poll_votes_count: 0,
        from_id: peer(Peer::User(topic.creator)),
        notify_settings: notify_settings(),
        draft: None,
    })
}

/// The updates of a topic change: its service message, if one was sent.
async fn change_updates(
    ctx: &Ctx<'_>,
    chat: Peer,
    sent: Option<&Sent>,
    random_id: Option<i64>,
) -> Result<enums::Updates, RpcError> {
    let mut updates = Vec::new();
    let mut messages: Vec<Message> = Vec::new();
    if let Some(sent) = sent {
        if let Some(random_id) = random_id {
            updates.push(message_id_update(sent.message.id, random_id));
        }
        updates.push(message_update(ctx, &sent.message, sent.pts, false).await?);
        messages.push(sent.message.clone());
    }
    Ok(ctx.view().updates(updates, &messages, [chat]).await?)
}

pub(crate) async fn toggle_forum(
    ctx: &Ctx<'_>,
    req: f::channels::ToggleForum,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_channel(&req.channel).await?;
    ctx.core.set_forum(ctx.me().id, chat, req.enabled).await?;
    change_updates(ctx, chat, None, None).await
}

pub(crate) async fn create_forum_topic(
    ctx: &Ctx<'_>,
    req: f::messages::CreateForumTopic,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let claim = claim_random_ids(ctx, &[req.random_id])?;
    let (_, sent) = ctx
        .core
        .create_topic(
            ctx.me().id,
            chat,
            &req.title,
            req.icon_color,
            req.icon_emoji_id.filter(|id| *id != 0),
        )
        .await?;
    claim.keep();
    change_updates(ctx, chat, Some(&sent), Some(req.random_id)).await
}

pub(crate) async fn edit_forum_topic(
    ctx: &Ctx<'_>,
    req: f::messages::EditForumTopic,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let me = ctx.me().id;
    let id = MessageId(req.topic_id);
    let mut sent = Vec::new();
    if req.title.is_some() || req.icon_emoji_id.is_some() {
        let edit = TopicEdit {
            name: req.title.clone(),
            icon_emoji_id: req.icon_emoji_id.map(|icon| (icon != 0).then_some(icon)),
        };
        sent.extend(ctx.core.edit_topic(me, chat, id, edit).await?.1);
    }
    if let Some(closed) = req.closed {
        let toggle = TopicToggle::Closed(closed);
        sent.extend(ctx.core.toggle_topic(me, chat, id, toggle).await?.1);
    }
    if let Some(hidden) = req.hidden {
        let toggle = TopicToggle::Hidden(hidden);
        sent.extend(ctx.core.toggle_topic(me, chat, id, toggle).await?.1);
    }
    let mut updates = Vec::with_capacity(sent.len());
    let mut messages = Vec::with_capacity(sent.len());
    for s in &sent {
        updates.push(message_update(ctx, &s.message, s.pts, false).await?);
        messages.push(s.message.clone());
    }
    Ok(ctx.view().updates(updates, &messages, [chat]).await?)
}

/// `messages.forumTopics` of some topics, with their newest messages.
async fn forum_topics(
    ctx: &Ctx<'_>,
    chat: Peer,
    count: usize,
    topics: &[ForumTopic],
) -> Result<enums::messages::ForumTopics, RpcError> {
    let me = ctx.me().id;
    let mut rendered = Vec::with_capacity(topics.len());
    let mut tops = Vec::with_capacity(topics.len());
    for topic in topics {
        let top = ctx.core.topic_top_message(me, chat, topic.id).await?;
        rendered.push(forum_topic(
            topic,
            top.as_ref().map_or(topic.id, |m| m.id),
            me,
        ));
        tops.extend(top);
    }
    let view = ctx.view();
    let messages = tops.iter().map(|m| view.message(m, false)).collect();
    let (users, chats) = view
        .users_and_chats(&tops, topics.iter().map(|t| Peer::User(t.creator)))
        .await?;
    let Peer::Channel(id) = chat else {
        return Err(RpcError::bad_request("CHANNEL_INVALID"));
    };
    let pts = ctx
        .core
        .current_pts(gramd_core::ids::BoxId::Channel(id))
        .await?;
    Ok(enums::messages::ForumTopics::Topics(
        types::messages::ForumTopics {
            order_by_create_date: true,
            count: int(i64::try_from(count).unwrap_or(i64::MAX)),
            topics: rendered,
            messages,
            chats,
            users,
            pts,
        },
    ))
}

pub(crate) async fn update_pinned_forum_topic(
    ctx: &Ctx<'_>,
    req: f::messages::UpdatePinnedForumTopic,
) -> Result<enums::Updates, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    ctx.core
        .pin_topic(ctx.me().id, chat, MessageId(req.topic_id), req.pinned)
        .await?;
    let update = enums::Update::PinnedForumTopic(types::UpdatePinnedForumTopic {
        pinned: req.pinned,
        peer: peer(chat),
        topic_id: req.topic_id,
    });
    Ok(ctx.view().updates(vec![update], &[], [chat]).await?)
}

pub(crate) async fn get_forum_topics(
    ctx: &Ctx<'_>,
    req: f::messages::GetForumTopics,
) -> Result<enums::messages::ForumTopics, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let after = (req.offset_topic > 0).then_some(MessageId(req.offset_topic));
    let limit = usize::try_from(req.limit.max(1)).unwrap_or(1);
    let (count, mut topics) = ctx.core.topics(ctx.me().id, chat, after, limit).await?;
    if let Some(q) = req.q.as_deref().filter(|q| !q.is_empty()) {
        let q = q.to_lowercase();
        topics.retain(|t| t.name.to_lowercase().contains(&q));
    }
    forum_topics(ctx, chat, count, &topics).await
}

pub(crate) async fn get_forum_topics_by_id(
    ctx: &Ctx<'_>,
    req: f::messages::GetForumTopicsById,
) -> Result<enums::messages::ForumTopics, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let (_, all) = ctx
        .core
        .topics(ctx.me().id, chat, None, gramd_core::topics::MAX_TOPICS_PAGE)
        .await?;
    let topics: Vec<ForumTopic> = req
        .topics
        .iter()
        .filter_map(|id| all.iter().find(|t| t.id.0 == *id).cloned())
        .collect();
    forum_topics(ctx, chat, topics.len(), &topics).await
}

pub(crate) async fn delete_topic_history(
    ctx: &Ctx<'_>,
    req: f::messages::DeleteTopicHistory,
) -> Result<enums::messages::AffectedHistory, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let id = MessageId(req.top_msg_id);
    if id == GENERAL_TOPIC {
        return Err(RpcError::bad_request("TOPIC_ID_INVALID"));
    }
    let (pts, pts_count) = ctx.core.delete_topic(ctx.me().id, chat, id).await?;
    Ok(enums::messages::AffectedHistory::History(
        types::messages::AffectedHistory {
            pts,
            pts_count,
            offset: 0,
        },
    ))
}
