//! Message reactions in the database: one row per user and message (schema version 14).

use gramd_core::ids::{Peer, UserId};
use gramd_core::reactions::{MessageReactions, UserReactions};
use gramd_core::store::Write;
use rusqlite::{Connection, params};

use crate::codec::{from_json, to_json};

/// Applies a reaction write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    let Write::SetReactions { gid, chat, choice } = write else {
        return Ok(false);
    };
    if choice.reactions.is_empty() {
        conn.prepare_cached("DELETE FROM message_reactions WHERE gid = ?1 AND user_id = ?2")?
            .execute(params![gid, choice.user.0])?;
    } else {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO message_reactions (gid, user_id, chat, reactions, big, date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            gid,
            choice.user.0,
            chat.key(),
            to_json(&choice.reactions)?,
            choice.big,
            choice.date
        ])?;
    }
    Ok(true)
}

pub(crate) fn reactions(
    conn: &Connection,
    gids: &[i64],
) -> rusqlite::Result<Vec<MessageReactions>> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, reactions, big, date FROM message_reactions WHERE gid = ?1
         ORDER BY rowid",
    )?;
    let mut found = Vec::new();
    for &gid in gids {
        let rows = stmt.query_map([gid], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut by_user = Vec::new();
        for row in rows {
            let (user, reactions, big, date) = row?;
            by_user.push(UserReactions {
                user: UserId(user),
                reactions: from_json(&reactions)?,
                big,
                date,
            });
        }
        if !by_user.is_empty() {
            found.push(MessageReactions { gid, by_user });
        }
    }
    Ok(found)
}

pub(crate) fn reacted(
    conn: &Connection,
    chat: Peer,
    user: UserId,
    limit: u32,
) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT gid FROM message_reactions WHERE chat = ?1 AND user_id = ?2
         ORDER BY rowid DESC LIMIT ?3",
    )?
    .query_map(params![chat.key(), user.0, limit], |r| r.get(0))?
    .collect()
}
