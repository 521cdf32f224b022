//! Changes to accounts after they are created: names and bot settings, bot tokens, and
//! freeing a deleted bot's username (tables `users` and `usernames`).

use gramd_core::ids::UserId;
use gramd_core::store::Write;
use gramd_core::users::User;
use rusqlite::{Connection, params};

use crate::codec::to_json;

/// Applies an account write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::UpdateUser(user) => {
            let bot = user.bot.as_ref().map(to_json).transpose()?;
            conn.prepare_cached(
                "UPDATE users SET first_name = ?2, last_name = ?3, language_code = ?4, bot = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                user.id.0,
                user.first_name,
                user.last_name,
                user.language_code,
                bot
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
        _ => return Ok(false),
    }
    Ok(true)
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
