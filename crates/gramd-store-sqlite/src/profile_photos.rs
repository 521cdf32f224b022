//! Users' profile photos in the database (table `profile_photos` and the current one in
//! `users.photo`, schema version 10), and their profile music (table `profile_music`,
//! schema version 12).

use gramd_core::ids::UserId;
use gramd_core::media::Photo;
use gramd_core::store::Write;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies a profile-photo write; `false` if `write` is not one.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    let user = match write {
        Write::PutProfilePhoto { user, photo } => {
            // `position` counts up per user: the highest is the front of the list.
            conn.prepare_cached(
                "INSERT OR REPLACE INTO profile_photos (user_id, photo_id, position, photo)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM profile_photos
                                  WHERE user_id = ?1), ?3)",
            )?
            .execute(params![user.0, photo.id, to_json(photo)?])?;
            user
        }
        Write::DeleteProfilePhotos { user, ids } => {
            let mut delete = conn.prepare_cached(
                "DELETE FROM profile_photos WHERE user_id = ?1 AND photo_id = ?2",
            )?;
            for id in ids {
                delete.execute(params![user.0, id])?;
            }
            user
        }
        Write::SetProfileMusic { user, ids } => {
            if ids.is_empty() {
                conn.prepare_cached("DELETE FROM profile_music WHERE user_id = ?1")?
                    .execute([user.0])?;
            } else {
                conn.prepare_cached(
                    "INSERT OR REPLACE INTO profile_music (user_id, ids) VALUES (?1, ?2)",
                )?
                .execute(params![user.0, to_json(ids)?])?;
            }
            return Ok(true);
        }
        _ => return Ok(false),
    };
    conn.prepare_cached(
        "UPDATE users SET photo = (SELECT photo FROM profile_photos WHERE user_id = ?1
                                   ORDER BY position DESC LIMIT 1)
         WHERE id = ?1",
    )?
    .execute([user.0])?;
    Ok(true)
}

/// A user's profile photos, the current one first, after `offset`; and how many there are.
pub(crate) fn profile_photos(
    conn: &Connection,
    user: UserId,
    offset: u32,
    limit: u32,
) -> rusqlite::Result<(u32, Vec<Photo>)> {
    let total: u32 = conn
        .prepare_cached("SELECT count(*) FROM profile_photos WHERE user_id = ?1")?
        .query_row([user.0], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT photo FROM profile_photos WHERE user_id = ?1
         ORDER BY position DESC LIMIT ?2 OFFSET ?3",
    )?;
    let photos = stmt
        .query_map(params![user.0, limit, offset], |r| r.get::<_, String>(0))?
        .map(|json| from_json(&json?))
        .collect::<rusqlite::Result<_>>()?;
    Ok((total, photos))
}

/// The document ids of a user's profile music, newest first.
pub(crate) fn profile_music(conn: &Connection, user: UserId) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT ids FROM profile_music WHERE user_id = ?1")?
        .query_row([user.0], |r| r.get::<_, String>(0))
        .optional()?
        .map_or(Ok(Vec::new()), |json| from_json(&json))
}
