//! Forum topics (<https://core.telegram.org/bots/api#createforumtopic> and the methods
//! after it): creating, editing, closing, reopening and deleting topics, the General
//! topic's name and visibility, and unpinning a topic's messages.
//!
//! The rules are the core's ([`gramd_core::topics`]); their refusals read as the reference
//! server passes them on: `the chat is not a forum`, `not enough rights to create a topic`,
//! `message thread not found` for a topic that does not exist, and Telegram's names for the
//! rest (`Bad Request: TOPIC_ICON_COLOR_INVALID`, …). An icon color outside RGB is TDLib's
//! own `invalid icon color specified`.

use gramd_core::ids::MessageId;
use gramd_core::topics::{ForumTopic, GENERAL_TOPIC, TopicEdit, TopicToggle};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::params::to_i64;
use crate::types;

fn render_topic(topic: &ForumTopic) -> types::ForumTopic {
    types::ForumTopic {
        message_thread_id: topic.id.0,
        name: topic.name.clone(),
        icon_color: topic.icon_color,
        icon_custom_emoji_id: topic.icon_emoji_id.map(|id| id.to_string()),
    }
}

/// `icon_custom_emoji_id`: absent (`None`), empty (`Some(None)`: no icon) or an id.
fn icon_emoji(call: &Call<'_>) -> Option<Option<i64>> {
    if !call.params.has("icon_custom_emoji_id") {
        return None;
    }
    let id = to_i64(call.params.arg("icon_custom_emoji_id"));
    Some((id != 0).then_some(id))
}

fn thread_id(call: &Call<'_>) -> MessageId {
    MessageId(call.params.message_id("message_thread_id"))
}

pub(super) async fn create_forum_topic(call: &Call<'_>) -> Outcome {
    let name = call.params.arg("name").to_owned();
    let icon_color = if call.params.has("icon_color") {
        let color = to_i64(call.params.arg("icon_color"));
        if !(0..=0xFF_FFFF).contains(&color) {
            return Err(ApiError::bad_request("invalid icon color specified"));
        }
        i32::try_from(color).ok()
    } else {
        None
    };
    let icon = icon_emoji(call).flatten();
    let chat = call.chat("chat_id").await?;
    let (topic, _) = call
        .core
        .create_topic(call.bot.id, chat, &name, icon_color, icon)
        .await?;
    Reply::of(&render_topic(&topic))
}

pub(super) async fn edit_forum_topic(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let name = Some(call.params.arg("name"))
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let edit = TopicEdit {
        name,
        icon_emoji_id: icon_emoji(call),
    };
    call.core
        .edit_topic(call.bot.id, chat, thread_id(call), edit)
        .await?;
    Ok(Reply::ok())
}

async fn toggle(call: &Call<'_>, general: bool, toggle: TopicToggle) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let id = if general {
        GENERAL_TOPIC
    } else {
        thread_id(call)
    };
    call.core
        .toggle_topic(call.bot.id, chat, id, toggle)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn close_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, false, TopicToggle::Closed(true)).await
}

pub(super) async fn reopen_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, false, TopicToggle::Closed(false)).await
}

pub(super) async fn close_general_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, true, TopicToggle::Closed(true)).await
}

pub(super) async fn reopen_general_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, true, TopicToggle::Closed(false)).await
}

pub(super) async fn hide_general_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, true, TopicToggle::Hidden(true)).await
}

pub(super) async fn unhide_general_forum_topic(call: &Call<'_>) -> Outcome {
    toggle(call, true, TopicToggle::Hidden(false)).await
}

pub(super) async fn edit_general_forum_topic(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let edit = TopicEdit {
        name: Some(call.params.arg("name").to_owned()),
        icon_emoji_id: None,
    };
    call.core
        .edit_topic(call.bot.id, chat, GENERAL_TOPIC, edit)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_forum_topic(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core
        .delete_topic(call.bot.id, chat, thread_id(call))
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn unpin_all_forum_topic_messages(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core
        .unpin_topic(call.bot.id, chat, thread_id(call))
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn unpin_all_general_forum_topic_messages(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core
        .unpin_topic(call.bot.id, chat, GENERAL_TOPIC)
        .await?;
    Ok(Reply::ok())
}
