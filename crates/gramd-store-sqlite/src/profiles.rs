//! Changes to accounts after they are created: names, bios and bot settings, bot tokens,
//! and usernames: changing them, and freeing a deleted bot's (tables `users`, `usernames`
//! and, for a chat's username, `chats`).

use gramd_core::ids::{Peer, UserId};
use gramd_core::store::{StoreError, Write};
use gramd_core::users::User;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::to_json;

/// Applies an account write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::UpdateUser(user) => {
            let bot = user.bot.as_ref().map(to_json).transpose()?;
            let verification = user.verification.as_ref().map(to_json).transpose()?;
            let emoji_status = user.emoji_status.as_ref().map(to_json).transpose()?;
            conn.prepare_cached(
                "UPDATE users SET first_name = ?2, last_name = ?3, language_code = ?4, bot = ?5,
                                  about = ?6, verification = ?7, emoji_status = ?8
                 WHERE id = ?1",
            )?
            .execute(params![
                user.id.0,
                user.first_name,
                user.last_name,
                user.language_code,
                bot,
                user.about,
                verification,
                emoji_status
            ])?;
        }
        Write::SetBotSecret { bot, secret } => {
            conn.prepare_cached("UPDATE users SET bot_secret = ?2 WHERE id = ?1")?
                .execute(params![bot.0, secret])?;
        }
        Write::ReleaseUsername { user } => {
            conn.prepare_cached("DELETE FROM usernames WHERE peer = ?1")?
                .execute([user.0])?;
            conn.prepare_cached("UPDATE users SET username = NULL WHERE id = ?1")?
                .execute([user.0])?;
        }
        Write::SetEmojiStatusAccess { user, bot, allowed } => {
            let sql = if *allowed {
                "INSERT OR IGNORE INTO emoji_status_access (user_id, bot) VALUES (?1, ?2)"
            } else {
                "DELETE FROM emoji_status_access WHERE user_id = ?1 AND bot = ?2"
            };
            conn.prepare_cached(sql)?.execute(params![user.0, bot.0])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Whether `user` let `bot` change their emoji status.
pub(crate) fn emoji_status_access(
    conn: &Connection,
    user: UserId,
    bot: UserId,
) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM emoji_status_access WHERE user_id = ?1 AND bot = ?2")?
        .query_row(params![user.0, bot.0], |_| Ok(()))
        .optional()
        .map(|row| row.is_some())
}

/// Gives `peer` the username `name`, or takes its username away (`None`): the old name is
/// freed and the new one claimed in one transaction. `Err(UsernameOccupied)` if another user
/// or chat holds `name` (case-insensitively).
pub(crate) fn set_username(
    conn: &Connection,
    peer: Peer,
    name: Option<&str>,
) -> Result<(), StoreError> {
    let backend = |e: rusqlite::Error| StoreError::Backend(e.to_string());
    let key = peer.key();
    if let Some(name) = name {
        let holder: Option<i64> = conn
            .prepare_cached("SELECT peer FROM usernames WHERE name = ?1")
            .and_then(|mut s| {
                s.query_row([name.to_ascii_lowercase()], |r| r.get(0))
                    .optional()
            })
            .map_err(backend)?;
        if holder.is_some_and(|holder| holder != key) {
            return Err(StoreError::UsernameOccupied);
        }
    }
    conn.prepare_cached("DELETE FROM usernames WHERE peer = ?1")
        .and_then(|mut s| s.execute([key]))
        .map_err(backend)?;
    if let Some(name) = name {
        conn.prepare_cached("INSERT INTO usernames (name, peer) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![name.to_ascii_lowercase(), key]))
            .map_err(backend)?;
    }
    match peer {
        Peer::User(user) => conn
            .prepare_cached("UPDATE users SET username = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![user.0, name])),
        Peer::Group(_) | Peer::Channel(_) => conn
            .prepare_cached(
                "UPDATE chats SET data = json_set(data, '$.username', ?2) WHERE peer = ?1",
            )
            .and_then(|mut s| s.execute(params![key, name])),
    }
    .map_err(backend)?;
    Ok(())
}

/// The bots `owner` created, by id.
pub(crate) fn bots_owned_by(conn: &Connection, owner: UserId) -> rusqlite::Result<Vec<User>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM users WHERE bot IS NOT NULL AND json_extract(bot, '$.owner') = ?1
         ORDER BY id",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([owner.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut bots = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(user) = crate::read::user(conn, UserId(id))? {
            bots.push(user);
        }
    }
    Ok(bots)
}
