//! Sticker sets in the database (table `sticker_sets`, schema version 13), and the
//! replacement of a sticker's media record when its set changes.

use gramd_core::ids::UserId;
use gramd_core::stickers::StickerSet;
use gramd_core::store::Write;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies one of the sticker-set writes; `false` if `write` is none of them.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::PutStickerSet(set) => {
            // `position` is given once, when the set is made: ids are random, so it is what
            // keeps a user's sets in the order they were made.
            conn.prepare_cached(
                "INSERT INTO sticker_sets (id, name, owner, data, position)
                 VALUES (?1, ?2, ?3, ?4,
                         (SELECT coalesce(max(position), 0) + 1 FROM sticker_sets))
                 ON CONFLICT (id) DO UPDATE
                 SET name = excluded.name, owner = excluded.owner, data = excluded.data",
            )?
            .execute(params![set.id, set.name, set.owner.0, to_json(set)?])?;
        }
        Write::DeleteStickerSet { id } => {
            conn.prepare_cached("DELETE FROM sticker_sets WHERE id = ?1")?
                .execute([id])?;
        }
        Write::ReplaceMedia(media) => {
            conn.prepare_cached("INSERT OR REPLACE INTO media (id, data) VALUES (?1, ?2)")?
                .execute(params![media.id(), to_json(media)?])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn one(
    conn: &Connection,
    sql: &str,
    key: impl rusqlite::ToSql,
) -> rusqlite::Result<Option<StickerSet>> {
    conn.prepare_cached(sql)?
        .query_row([key], |r| r.get::<_, String>(0))
        .optional()?
        .map(|json| from_json(&json))
        .transpose()
}

/// A set by id.
pub(crate) fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<StickerSet>> {
    one(conn, "SELECT data FROM sticker_sets WHERE id = ?1", id)
}

/// A set by name, in any case.
pub(crate) fn by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<StickerSet>> {
    one(conn, "SELECT data FROM sticker_sets WHERE name = ?1", name)
}

/// The ids of a user's sets, oldest first.
pub(crate) fn of_owner(conn: &Connection, owner: UserId) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT id FROM sticker_sets WHERE owner = ?1 ORDER BY position")?
        .query_map([owner.0], |r| r.get(0))?
        .collect()
}
