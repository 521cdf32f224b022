//! How domain values are laid out in rows: JSON for structured columns.

use gramd_core::ids::{MessageId, UserId};
use gramd_core::messages::{ForwardOrigin, Message};
use gramd_core::updates::BoxUpdate;
use serde::{Deserialize, Serialize};

/// Serialises a value for a JSON column.
pub(crate) fn to_json<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Parses a JSON column.
pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The shared fields of a message that have no column of their own.
#[derive(Serialize, Deserialize)]
pub(crate) struct MessageExtra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) forward: Option<ForwardOrigin>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) silent: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) noforwards: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) via_business_bot: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) via_bot: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) topic: Option<MessageId>,
}

impl MessageExtra {
    pub(crate) fn of(msg: &Message) -> Self {
        Self {
            from: msg.from,
            forward: msg.forward.clone(),
            silent: msg.silent,
            noforwards: msg.noforwards,
            via_business_bot: msg.via_business_bot,
            via_bot: msg.via_bot,
            topic: msg.topic,
        }
    }
}

/// How a pts-log event is stored: the two common kinds as plain integers, others as JSON.
pub(crate) fn encode_box_update(
    update: &BoxUpdate,
) -> rusqlite::Result<(i64, Option<i32>, Option<String>)> {
    Ok(match update {
        BoxUpdate::NewMessage { id } => (1, Some(id.0), None),
        BoxUpdate::EditMessage { id } => (2, Some(id.0), None),
        other => (0, None, Some(to_json(other)?)),
    })
}

/// The inverse of [`encode_box_update`].
pub(crate) fn decode_box_update(
    kind: i64,
    id: Option<i32>,
    data: Option<&str>,
) -> rusqlite::Result<BoxUpdate> {
    match (kind, id, data) {
        (1, Some(id), _) => Ok(BoxUpdate::NewMessage { id: MessageId(id) }),
        (2, Some(id), _) => Ok(BoxUpdate::EditMessage { id: MessageId(id) }),
        (_, _, Some(data)) => from_json(data),
        _ => Err(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            format!("a pts-log event of kind {kind} with nothing to read").into(),
        )),
    }
}
