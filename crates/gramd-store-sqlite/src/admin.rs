//! Chat administration in the database: invite links, join requests, pins and the
//! administrator rights bots ask for (tables of schema version 4).

use gramd_core::chats::AdminRights;
use gramd_core::ids::{BoxId, MessageId, Peer, UserId};
use gramd_core::invites::{InviteLink, JoinRequest};
use gramd_core::store::Write;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies one of the administration writes; `false` if `write` is none of them.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::PutInviteLink(link) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO invite_links (hash, chat, creator, date, data)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                link.hash,
                link.chat.key(),
                link.creator.0,
                link.date,
                to_json(link)?
            ])?;
        }
        Write::PutJoinRequest(request) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO join_requests (chat, user_id, date, data)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                request.chat.key(),
                request.user.0,
                request.date,
                to_json(request)?
            ])?;
        }
        Write::DeleteJoinRequest { chat, user } => {
            conn.prepare_cached("DELETE FROM join_requests WHERE chat = ?1 AND user_id = ?2")?
                .execute(params![chat.key(), user.0])?;
        }
        Write::PinMessages {
            box_id,
            peer,
            ids,
            pinned,
        } => {
            let sql = if *pinned {
                "INSERT OR IGNORE INTO pins (box, peer, id) VALUES (?1, ?2, ?3)"
            } else {
                "DELETE FROM pins WHERE box = ?1 AND peer = ?2 AND id = ?3"
            };
            let mut stmt = conn.prepare_cached(sql)?;
            for id in ids {
                stmt.execute(params![box_id.key(), peer.key(), id.0])?;
            }
        }
        Write::UnpinAll { box_id, peer } => {
            conn.prepare_cached("DELETE FROM pins WHERE box = ?1 AND peer = ?2")?
                .execute(params![box_id.key(), peer.key()])?;
        }
        Write::SetDefaultAdminRights {
            bot,
            for_channels,
            rights,
        } => {
            match rights {
                Some(rights) => conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO bot_default_rights (bot, for_channels, data)
                         VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![bot.0, for_channels, to_json(rights)?])?,
                None => conn
                    .prepare_cached(
                        "DELETE FROM bot_default_rights WHERE bot = ?1 AND for_channels = ?2",
                    )?
                    .execute(params![bot.0, for_channels])?,
            };
        }
        _ => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn invite_link(conn: &Connection, hash: &str) -> rusqlite::Result<Option<InviteLink>> {
    conn.prepare_cached("SELECT data FROM invite_links WHERE hash = ?1")?
        .query_row([hash], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn invite_links(
    conn: &Connection,
    chat: Peer,
    creator: Option<UserId>,
) -> rusqlite::Result<Vec<InviteLink>> {
    let mut stmt = conn.prepare_cached(
        "SELECT data FROM invite_links WHERE chat = ?1 AND (?2 IS NULL OR creator = ?2)
         ORDER BY date DESC, hash",
    )?;
    let rows = stmt.query_map(params![chat.key(), creator.map(|c| c.0)], |r| {
        r.get::<_, String>(0)
    })?;
    rows.map(|d| from_json(&d?)).collect()
}

pub(crate) fn join_request(
    conn: &Connection,
    chat: Peer,
    user: UserId,
) -> rusqlite::Result<Option<JoinRequest>> {
    conn.prepare_cached("SELECT data FROM join_requests WHERE chat = ?1 AND user_id = ?2")?
        .query_row(params![chat.key(), user.0], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn join_requests(conn: &Connection, chat: Peer) -> rusqlite::Result<Vec<JoinRequest>> {
    let mut stmt = conn
        .prepare_cached("SELECT data FROM join_requests WHERE chat = ?1 ORDER BY date, user_id")?;
    let rows = stmt.query_map([chat.key()], |r| r.get::<_, String>(0))?;
    rows.map(|d| from_json(&d?)).collect()
}

pub(crate) fn pinned(
    conn: &Connection,
    box_id: BoxId,
    peer: Peer,
) -> rusqlite::Result<Vec<MessageId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM pins WHERE box = ?1 AND peer = ?2 ORDER BY id DESC")?;
    let rows = stmt.query_map(params![box_id.key(), peer.key()], |r| r.get::<_, i32>(0))?;
    rows.map(|id| id.map(MessageId)).collect()
}

pub(crate) fn default_admin_rights(
    conn: &Connection,
    bot: UserId,
    for_channels: bool,
) -> rusqlite::Result<Option<AdminRights>> {
    conn.prepare_cached("SELECT data FROM bot_default_rights WHERE bot = ?1 AND for_channels = ?2")?
        .query_row(params![bot.0, for_channels], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}
