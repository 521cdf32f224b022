//! Polls in the database: each poll once, with its voters' choices (tables of schema
//! version 11).

use gramd_core::ids::UserId;
use gramd_core::polls::{PollState, PollVote};
use gramd_core::store::Write;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies one of the poll writes; `false` if `write` is none of them.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::PutPoll(poll) => {
            conn.prepare_cached("INSERT OR IGNORE INTO polls (id, poll) VALUES (?1, ?2)")?
                .execute(params![poll.id, to_json(poll)?])?;
        }
        Write::SetPollVote { poll_id, vote } => {
            if vote.options.is_empty() {
                conn.prepare_cached("DELETE FROM poll_votes WHERE poll_id = ?1 AND user_id = ?2")?
                    .execute(params![poll_id, vote.user.0])?;
            } else {
                conn.prepare_cached(
                    "INSERT OR REPLACE INTO poll_votes (poll_id, user_id, options, date)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    poll_id,
                    vote.user.0,
                    to_json(&vote.options)?,
                    vote.date
                ])?;
            }
        }
        Write::StopPoll { poll_id } => {
            conn.prepare_cached("UPDATE polls SET stopped = 1 WHERE id = ?1")?
                .execute([poll_id])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn poll(conn: &Connection, id: i64) -> rusqlite::Result<Option<PollState>> {
    let Some((poll, stopped)) = conn
        .prepare_cached("SELECT poll, stopped FROM polls WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, options, date FROM poll_votes WHERE poll_id = ?1 ORDER BY user_id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut votes = Vec::new();
    for row in rows {
        let (user, options, date) = row?;
        votes.push(PollVote {
            user: UserId(user),
            options: from_json(&options)?,
            date,
        });
    }
    Ok(Some(PollState {
        poll: from_json(&poll)?,
        stopped,
        votes,
    }))
}
