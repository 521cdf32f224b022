//! Sending and changing messages, and answering callback queries.

pub(crate) mod input;
mod render;

use gramd_core::CallbackAnswer;
use gramd_core::ids::{MessageId, Peer};
use gramd_core::markup::ReplyMarkup;
use gramd_core::messages::{
    DeleteFor, ForwardMode, MessageEdit, MissingIds, OutgoingText, ReplyTarget, SendOptions,
};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use input::ReplyParameters;
use render::MessageIdObject;

/// Turns reply parameters into a target in `chat` (replies into other chats are not kept).
async fn reply_target(
    call: &Call<'_>,
    chat: Peer,
    reply: Option<ReplyParameters>,
) -> Result<Option<ReplyTarget>, ApiError> {
    let Some(reply) = reply else {
        return Ok(None);
    };
    if let Some(other) = &reply.chat_id
        && call.chat_from_text(other).await? != chat
    {
        return if reply.allow_sending_without_reply {
            Ok(None)
        } else {
            Err(ApiError::bad_request("message to be replied not found"))
        };
    }
    Ok(Some(ReplyTarget {
        message_id: reply.message_id,
        allow_without_reply: reply.allow_sending_without_reply,
    }))
}

/// The options of a send into `chat`: the plain parameters, the reply and the keyboard.
pub(crate) async fn send_options_for(
    call: &Call<'_>,
    chat: Peer,
    reply: Option<ReplyParameters>,
    reply_markup: Option<ReplyMarkup>,
) -> Result<SendOptions, ApiError> {
    let mut options = input::send_options(call.params);
    options.reply_to = reply_target(call, chat, reply).await?;
    options.reply_markup = reply_markup;
    Ok(options)
}

pub(super) async fn send_message(call: &Call<'_>) -> Outcome {
    let text = input::message_text(call.params, "text")?;
    let reply = input::reply_parameters(call.params)?;
    let markup = input::reply_markup(call.params)?;
    let chat = call.chat("chat_id").await?;
    let options = send_options_for(call, chat, reply, markup).await?;
    let sent = match call.business_connection_id() {
        Some(connection) => {
            call.core
                .send_business_text(call.bot.id, connection, chat, text, options)
                .await?
        }
        None => {
            call.core
                .send_text(call.bot.id, chat, text, options)
                .await?
        }
    };
    call.reply_message(&sent.message).await
}

/// How `forwardMessage` and `copyMessage` differ: a copy has no forward header, may reply
/// and carry a keyboard, and answers with the new message's id only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resend {
    Forward,
    Copy,
}

pub(super) async fn forward_message(call: &Call<'_>) -> Outcome {
    resend(call, Resend::Forward).await
}

pub(super) async fn copy_message(call: &Call<'_>) -> Outcome {
    resend(call, Resend::Copy).await
}

async fn resend(call: &Call<'_>, how: Resend) -> Outcome {
    let copy = how == Resend::Copy;
    let from_chat = call.params.required("from_chat_id")?.to_owned();
    let message_id = MessageId(call.params.message_id("message_id"));
    let reply = if copy {
        input::reply_parameters(call.params)?
    } else {
        None
    };
    let markup = if copy {
        input::reply_markup(call.params)?
    } else {
        None
    };
    let from = call.chat_from_text(&from_chat).await?;
    let to = call.chat("chat_id").await?;
    let options = send_options_for(call, to, reply, markup).await?;
    let mode = match how {
        Resend::Copy => ForwardMode::Copy,
        Resend::Forward => ForwardMode::Forward,
    };
    let sent = call
        .core
        .forward_messages(call.bot.id, from, &[message_id], to, mode, options)
        .await?;
    let Some(first) = sent.first() else {
        return Err(ApiError::internal());
    };
    match how {
        Resend::Copy => Reply::of(&MessageIdObject {
            message_id: first.message.id.0,
        }),
        Resend::Forward => Reply::of(&call.renderer().message(&first.message).await?),
    }
}

pub(super) async fn forward_messages(call: &Call<'_>) -> Outcome {
    resend_many(call, ForwardMode::Forward).await
}

pub(super) async fn copy_messages(call: &Call<'_>) -> Outcome {
    let mode = if call.params.bool_arg("remove_caption") {
        ForwardMode::CopyWithoutCaption
    } else {
        ForwardMode::Copy
    };
    resend_many(call, mode).await
}

/// forwardMessages and copyMessages: 1-100 ids in strictly increasing order; the ones that
/// cannot be found or forwarded are skipped; albums stay together. Answers the new
/// messages' ids.
async fn resend_many(call: &Call<'_>, mode: ForwardMode) -> Outcome {
    let from_chat = call.params.required("from_chat_id")?.to_owned();
    let ids = input::message_ids(call.params)?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "Message identifiers are not specified",
        ));
    }
    if ids.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(ApiError::bad_request(
            "message identifiers must be in a strictly increasing order",
        ));
    }
    let from = call.chat_from_text(&from_chat).await?;
    let to = call.chat("chat_id").await?;
    let options = send_options_for(call, to, None, None).await?;
    let sent = call
        .core
        .forward_available(call.bot.id, from, &ids, to, mode, options)
        .await?;
    let ids: Vec<MessageIdObject> = sent
        .iter()
        .map(|s| MessageIdObject {
            message_id: s.message.id.0,
        })
        .collect();
    Reply::of(&ids)
}

pub(super) async fn edit_message_text(call: &Call<'_>) -> Outcome {
    let text = input::message_text(call.params, "text")?;
    edit_message(call, Some(text)).await
}

pub(super) async fn edit_message_reply_markup(call: &Call<'_>) -> Outcome {
    edit_message(call, None).await
}

/// Edits the text (when given) and the inline keyboard of a message.
async fn edit_message(call: &Call<'_>, text: Option<OutgoingText>) -> Outcome {
    let edit = MessageEdit {
        text,
        ..MessageEdit::default()
    };
    apply_edit(call, edit).await
}

/// Applies `edit` and the request's inline keyboard to the message the request names, as
/// the bot or as the user of its business connection; answers the edited message, or
/// `true` for a message sent through the bot's inline mode, which the bot does not see.
pub(crate) async fn apply_edit(call: &Call<'_>, edit: MessageEdit) -> Outcome {
    let markup = edit_markup(call)?;
    let target = edit_target(call).await?;
    let edit = MessageEdit {
        reply_markup: Some(markup),
        ..edit
    };
    let (chat, message_id) = match target {
        EditTarget::Inline(inline_message_id) => {
            call.refuse_business()?;
            call.core
                .edit_inline_message(call.bot.id, &inline_message_id, edit)
                .await?;
            return Ok(Reply::ok());
        }
        EditTarget::Chat(chat, message_id) => (chat, message_id),
    };
    let edited = match call.business_connection_id() {
        Some(connection) => {
            call.core
                .edit_business_message(call.bot.id, connection, chat, message_id, edit)
                .await?
        }
        None => {
            call.core
                .edit_message(call.bot.id, chat, message_id, edit)
                .await?
        }
    };
    call.reply_message(&edited.message).await
}

/// The message an edit names.
pub(crate) enum EditTarget {
    /// `chat_id` and `message_id`.
    Chat(Peer, MessageId),
    /// `inline_message_id`: a message sent through the bot's inline mode.
    Inline(String),
}

/// The message an edit names: `chat_id` and `message_id`, or else `inline_message_id`.
pub(crate) async fn edit_target(call: &Call<'_>) -> Result<EditTarget, ApiError> {
    let chat_param = call.params.arg("chat_id");
    let message_id = call.params.message_id("message_id");
    if chat_param.is_empty() && message_id == 0 {
        let inline_id = call.params.arg("inline_message_id");
        if inline_id.is_empty() {
            return Err(ApiError::bad_request("Message identifier is not specified"));
        }
        return Ok(EditTarget::Inline(inline_id.to_owned()));
    }
    Ok(EditTarget::Chat(
        call.chat("chat_id").await?,
        MessageId(message_id),
    ))
}

/// The chat and message of a method that has no `inline_message_id` (`stopPoll`).
pub(crate) async fn chat_message_target(call: &Call<'_>) -> Result<(Peer, MessageId), ApiError> {
    let chat_param = call.params.arg("chat_id");
    let message_id = call.params.message_id("message_id");
    if chat_param.is_empty() && message_id == 0 {
        return Err(ApiError::bad_request("Message identifier is not specified"));
    }
    Ok((call.chat("chat_id").await?, MessageId(message_id)))
}

/// The keyboard of an edit: only inline keyboards can be attached, and an absent one
/// removes the message's.
pub(crate) fn edit_markup(call: &Call<'_>) -> Result<Option<ReplyMarkup>, ApiError> {
    Ok(input::reply_markup(call.params)?.filter(|m| matches!(m, ReplyMarkup::Inline { .. })))
}

pub(super) async fn delete_message(call: &Call<'_>) -> Outcome {
    if call.params.arg("chat_id").is_empty() {
        return Err(ApiError::bad_request("Chat identifier is not specified"));
    }
    let message_id = call.params.message_id("message_id");
    if message_id == 0 {
        return Err(ApiError::bad_request("Message identifier is not specified"));
    }
    let chat = call.chat("chat_id").await?;
    call.core
        .delete_messages(
            call.bot.id,
            Some(chat),
            &[MessageId(message_id)],
            DeleteFor::Everyone,
            MissingIds::Refuse,
        )
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_messages(call: &Call<'_>) -> Outcome {
    let ids = input::message_ids(call.params)?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "Message identifiers are not specified",
        ));
    }
    let chat = call.chat("chat_id").await?;
    call.core
        .delete_messages(
            call.bot.id,
            Some(chat),
            &ids,
            DeleteFor::Everyone,
            MissingIds::Skip,
        )
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn answer_callback_query(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let query_id = p.arg("callback_query_id");
    let answer = CallbackAnswer {
        text: Some(p.arg("text").to_owned()).filter(|t| !t.is_empty()),
        show_alert: p.bool_arg("show_alert"),
        url: Some(p.arg("url").to_owned()).filter(|u| !u.is_empty()),
        cache_time: p.i32_arg("cache_time", 0, 0, 24 * 30 * 60 * 60),
    };
    call.core
        .answer_callback_query(call.bot.id, query_id, answer)?;
    Ok(Reply::ok())
}
