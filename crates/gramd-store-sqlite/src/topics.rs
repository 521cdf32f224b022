//! Forum topics in the database (schema version 14). A message's topic is kept with what
//! its copies share (`message_contents.extra`).

use gramd_core::ids::{BoxId, MessageId, Peer};
use gramd_core::store::Write;
use gramd_core::topics::{ForumTopic, GENERAL_TOPIC};
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies a topic write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::PutTopic(topic) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO forum_topics (chat, id, data) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![topic.chat.key(), topic.id.0, to_json(topic)?])?;
        }
        Write::DeleteTopic { chat, id } => {
            conn.prepare_cached("DELETE FROM forum_topics WHERE chat = ?1 AND id = ?2")?
                .execute(params![chat.key(), id.0])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn topic(
    conn: &Connection,
    chat: Peer,
    id: MessageId,
) -> rusqlite::Result<Option<ForumTopic>> {
    conn.prepare_cached("SELECT data FROM forum_topics WHERE chat = ?1 AND id = ?2")?
        .query_row(params![chat.key(), id.0], |r| {
            from_json(&r.get::<_, String>(0)?)
        })
        .optional()
}

pub(crate) fn topics(conn: &Connection, chat: Peer) -> rusqlite::Result<Vec<ForumTopic>> {
    conn.prepare_cached(
        "SELECT data FROM forum_topics WHERE chat = ?1 ORDER BY id = 1 DESC, id DESC",
    )?
    .query_map([chat.key()], |r| from_json(&r.get::<_, String>(0)?))?
    .collect()
}

pub(crate) fn topic_messages(
    conn: &Connection,
    box_id: BoxId,
    chat: Peer,
    topic: MessageId,
) -> rusqlite::Result<Vec<MessageId>> {
    // The General topic holds the messages of no topic but those that created one.
    let sql = if topic == GENERAL_TOPIC {
        "SELECT m.id FROM messages m JOIN message_contents c ON c.gid = m.gid
         WHERE m.box = ?1 AND m.peer = ?2 AND ?3 = 1
           AND json_extract(c.extra, '$.topic') IS NULL
           AND json_extract(c.content, '$.action') IS NOT 'topic_created'
         ORDER BY m.id"
    } else {
        "SELECT m.id FROM messages m JOIN message_contents c ON c.gid = m.gid
         WHERE m.box = ?1 AND m.peer = ?2
           AND (m.id = ?3 OR json_extract(c.extra, '$.topic') = ?3)
         ORDER BY m.id"
    };
    conn.prepare_cached(sql)?
        .query_map(params![box_id.key(), chat.key(), topic.0], |r| {
            Ok(MessageId(r.get(0)?))
        })?
        .collect()
}
