//! Block lists in the database (table `blocks`, schema version 5).

use gramd_core::ids::{Peer, UserId};
use gramd_core::store::Write;
use rusqlite::{Connection, params};

/// Applies a block-list write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::PutBlock { user, peer, date } => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO blocks (user_id, peer, date) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![user.0, peer.key(), date])?;
        }
        Write::DeleteBlock { user, peer } => {
            conn.prepare_cached("DELETE FROM blocks WHERE user_id = ?1 AND peer = ?2")?
                .execute(params![user.0, peer.key()])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// The peers `user` blocked and when, most recent first.
pub(crate) fn blocks(conn: &Connection, user: UserId) -> rusqlite::Result<Vec<(Peer, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT peer, date FROM blocks WHERE user_id = ?1 ORDER BY date DESC, peer DESC",
    )?;
    let rows = stmt.query_map([user.0], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|row| {
        let (key, date) = row?;
        let peer = Peer::from_key(key).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Integer,
                format!("bad peer key {key}").into(),
            )
        })?;
        Ok((peer, date))
    })
    .collect()
}
