//! setMessageReaction, deleteMessageReaction and deleteAllMessageReactions
//! (<https://core.telegram.org/bots/api#setmessagereaction>).
//!
//! `reaction` is read as the reference server reads it (`get_reaction_types`), with its
//! texts, before the chat is looked up; a missing or empty list removes the bot's
//! reactions. The reaction rules are the core's ([`gramd_core::reactions`]), named as
//! Telegram's server names them (`Bad Request: REACTION_INVALID`,
//! `Bad Request: REACTIONS_TOO_MANY`); a message that is not there is `message to react not
//! found`. Custom emoji are parsed and then refused by the core, paid reactions are not
//! parsed at all, as the reference does.

use gramd_core::CoreError;
use gramd_core::ids::{MessageId, UserId};
use gramd_core::reactions::Reaction;
use serde_json::Value;

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::params::Params;

pub(super) async fn set_message_reaction(call: &Call<'_>) -> Outcome {
    let reactions = reaction_types(call.params)?;
    let big = call.params.bool_arg("is_big");
    let chat = call.chat("chat_id").await?;
    let message_id = MessageId(call.params.message_id("message_id"));
    call.core
        .set_reactions(call.bot.id, chat, message_id, reactions, big)
        .await
        .map_err(|err| match err {
            CoreError::ChatWriteForbidden => ApiError::forbidden("CHAT_WRITE_FORBIDDEN"),
            other => other.into(),
        })?;
    Ok(Reply::ok())
}

pub(super) async fn delete_message_reaction(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let message_id = MessageId(call.params.message_id("message_id"));
    let user = reaction_author(call.params)?;
    call.core
        .delete_reaction(call.bot.id, chat, message_id, user)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_all_message_reactions(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let user = reaction_author(call.params)?;
    call.core
        .delete_all_reactions(call.bot.id, chat, user)
        .await?;
    Ok(Reply::ok())
}

/// Whose reactions go: `user_id`. Reactions on behalf of chats (`actor_chat_id`) do not
/// exist in gramd, so there are none to remove.
fn reaction_author(p: &Params) -> Result<UserId, ApiError> {
    if p.has("actor_chat_id") && !p.has("user_id") {
        return Err(ApiError::bad_request("PEER_ID_INVALID"));
    }
    Ok(UserId(p.user_id("user_id")?))
}

/// `reaction`: a JSON array of `ReactionType`.
fn reaction_types(p: &Params) -> Result<Vec<Reaction>, ApiError> {
    let value = match p.json_value("reaction") {
        Ok(None) => return Ok(Vec::new()),
        Ok(Some(value)) => value,
        Err(_) => {
            return Err(ApiError::bad_request(
                "can't parse reaction types JSON object",
            ));
        }
    };
    let Value::Array(items) = value else {
        if value.is_null() {
            return Ok(Vec::new());
        }
        return Err(ApiError::bad_request("expected an Array of ReactionType"));
    };
    items.iter().map(reaction_type).collect()
}

fn reaction_type(item: &Value) -> Result<Reaction, ApiError> {
    let parse_error =
        |detail: &str| ApiError::bad_request(format!("can't parse ReactionType: {detail}"));
    let Value::Object(obj) = item else {
        return Err(parse_error("expected an Object"));
    };
    let field = |name: &str| -> Result<String, ApiError> {
        match obj.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(parse_error(&format!("Can't find field \"{name}\""))),
        }
    };
    match field("type")?.as_str() {
        "emoji" => {
            let emoji = field("emoji")?;
            if emoji.is_empty() {
                return Err(ApiError::bad_request("invalid reaction type specified"));
            }
            Ok(Reaction::Emoji(emoji))
        }
        "custom_emoji" => {
            let id = field("custom_emoji_id")?;
            match id.parse::<i64>() {
                Ok(id) if id != 0 => Ok(Reaction::CustomEmoji(id)),
                _ => Err(ApiError::bad_request("invalid reaction type specified")),
            }
        }
        _ => Err(parse_error("invalid reaction type specified")),
    }
}
