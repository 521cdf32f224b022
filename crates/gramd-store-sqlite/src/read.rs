//! Read queries, each a function over a connection.

use gramd_core::auth::{Authorization, TokenKey};
use gramd_core::bots::{BotCommand, BotDelivery};
use gramd_core::chats::{Chat, Member, MemberFilter};
use gramd_core::ids::{BoxId, MessageId, Peer, UserId};
use gramd_core::media::Media;
use gramd_core::messages::{Dialog, HistoryPage, HistoryQuery, Message};
use gramd_core::store::{BoxCounters, QueueCounters};
use gramd_core::updates::{LoggedUpdate, QueuedUpdate};
use gramd_core::users::User;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::codec::{MessageExtra, decode_box_update, from_json};

/// A copy joined with what it shares: `{MESSAGE_SELECT} WHERE …` over `m` (the copy)
/// and `c` (the content).
const MESSAGE_SELECT: &str = "SELECT m.box, m.id, m.gid, m.peer, c.date, c.edit_date, c.content,
     c.reply_markup, c.extra, m.reply_to
     FROM messages m JOIN message_contents c ON c.gid = m.gid";

fn message_from_row(row: &Row<'_>) -> rusqlite::Result<Message> {
    let box_key: i64 = row.get(0)?;
    let peer_key: i64 = row.get(3)?;
    let bad_key = |k: i64| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            format!("bad peer key {k}").into(),
        )
    };
    let extra: MessageExtra = from_json(&row.get::<_, String>(8)?)?;
    Ok(Message {
        box_id: BoxId::from_key(box_key).ok_or_else(|| bad_key(box_key))?,
        id: MessageId(row.get(1)?),
        gid: row.get(2)?,
        peer: Peer::from_key(peer_key).ok_or_else(|| bad_key(peer_key))?,
        from: extra.from,
        date: row.get(4)?,
        edit_date: row.get(5)?,
        content: from_json(&row.get::<_, String>(6)?)?,
        reply_to: row.get::<_, Option<i32>>(9)?.map(MessageId),
        reply_markup: row
            .get::<_, Option<String>>(7)?
            .map(|m| from_json(&m))
            .transpose()?,
        forward: extra.forward,
        silent: extra.silent,
        noforwards: extra.noforwards,
        via_business_bot: extra.via_business_bot,
        via_bot: extra.via_bot,
        topic: extra.topic,
    })
}

pub(crate) fn user(conn: &Connection, id: UserId) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached(
        "SELECT id, first_name, last_name, username, phone, language_code, bot, created_at, photo,
                about, verification, emoji_status
         FROM users WHERE id = ?1",
    )?
    .query_row([id.0], |r| {
        Ok(User {
            id: UserId(r.get(0)?),
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            username: r.get(3)?,
            phone: r.get(4)?,
            language_code: r.get(5)?,
            bot: r
                .get::<_, Option<String>>(6)?
                .map(|b| from_json(&b))
                .transpose()?,
            created_at: r.get(7)?,
            photo: r
                .get::<_, Option<String>>(8)?
                .map(|p| from_json(&p))
                .transpose()?,
            about: r.get(9)?,
            verification: r
                .get::<_, Option<String>>(10)?
                .map(|v| from_json(&v))
                .transpose()?,
            emoji_status: r
                .get::<_, Option<String>>(11)?
                .map(|v| from_json(&v))
                .transpose()?,
        })
    })
    .optional()
}

pub(crate) fn bot_secret(conn: &Connection, bot: UserId) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT bot_secret FROM users WHERE id = ?1")?
        .query_row([bot.0], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

pub(crate) fn user_by_phone(conn: &Connection, phone: &str) -> rusqlite::Result<Option<UserId>> {
    conn.prepare_cached("SELECT id FROM users WHERE phone = ?1")?
        .query_row([phone], |r| Ok(UserId(r.get(0)?)))
        .optional()
}

pub(crate) fn authorization(
    conn: &Connection,
    key: &TokenKey,
) -> rusqlite::Result<Option<Authorization>> {
    conn.prepare_cached("SELECT data FROM authorizations WHERE key = ?1")?
        .query_row([&key.0[..]], |r| from_json(&r.get::<_, String>(0)?))
        .optional()
}

pub(crate) fn authorizations(
    conn: &Connection,
    user: UserId,
) -> rusqlite::Result<Vec<Authorization>> {
    let mut found: Vec<Authorization> = conn
        .prepare_cached("SELECT data FROM authorizations WHERE user_id = ?1")?
        .query_map([user.0], |r| from_json(&r.get::<_, String>(0)?))?
        .collect::<rusqlite::Result<_>>()?;
    found.sort_by_key(|a| (a.created_at, a.id));
    Ok(found)
}

pub(crate) fn resolve_username(conn: &Connection, name: &str) -> rusqlite::Result<Option<Peer>> {
    Ok(conn
        .prepare_cached("SELECT peer FROM usernames WHERE name = ?1")?
        .query_row([name.to_ascii_lowercase()], |r| r.get::<_, i64>(0))
        .optional()?
        .and_then(Peer::from_key))
}

pub(crate) fn server_secret(conn: &Connection) -> rusqlite::Result<[u8; 32]> {
    let bytes: Vec<u8> = conn.query_row(
        "SELECT value FROM meta WHERE key = 'server_secret'",
        [],
        |r| r.get(0),
    )?;
    bytes.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Blob,
            "server secret is not 32 bytes".into(),
        )
    })
}

pub(crate) fn chat(conn: &Connection, peer: Peer) -> rusqlite::Result<Option<Chat>> {
    conn.prepare_cached("SELECT data FROM chats WHERE peer = ?1")?
        .query_row([peer.key()], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn media(conn: &Connection, id: i64) -> rusqlite::Result<Option<Media>> {
    conn.prepare_cached("SELECT data FROM media WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn member(
    conn: &Connection,
    chat: Peer,
    user: UserId,
) -> rusqlite::Result<Option<Member>> {
    conn.prepare_cached("SELECT data FROM members WHERE chat = ?1 AND user_id = ?2")?
        .query_row([chat.key(), user.0], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn members(
    conn: &Connection,
    chat: Peer,
    filter: MemberFilter,
    offset: u32,
    limit: u32,
) -> rusqlite::Result<Vec<Member>> {
    let statuses = match filter {
        MemberFilter::Recent => "'creator','administrator','member','restricted'",
        MemberFilter::Administrators => "'creator','administrator'",
        MemberFilter::Kicked => "'kicked'",
    };
    let sql = format!(
        "SELECT data FROM members WHERE chat = ?1 AND status IN ({statuses})
         ORDER BY date, user_id LIMIT ?2 OFFSET ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![chat.key(), i64::from(limit), i64::from(offset)],
        |r| r.get::<_, String>(0),
    )?;
    rows.map(|d| from_json(&d?)).collect()
}

pub(crate) fn member_count(conn: &Connection, chat: Peer) -> rusqlite::Result<u32> {
    conn.prepare_cached(
        "SELECT count(*) FROM members WHERE chat = ?1
         AND status IN ('creator','administrator','member','restricted')",
    )?
    .query_row([chat.key()], |r| r.get(0))
}

pub(crate) fn message(
    conn: &Connection,
    box_id: BoxId,
    id: MessageId,
) -> rusqlite::Result<Option<Message>> {
    conn.prepare_cached(&format!("{MESSAGE_SELECT} WHERE m.box = ?1 AND m.id = ?2"))?
        .query_row([box_id.key(), i64::from(id.0)], message_from_row)
        .optional()
}

pub(crate) fn copies(conn: &Connection, gid: i64) -> rusqlite::Result<Vec<(BoxId, MessageId)>> {
    let Some(places) = conn
        .prepare_cached("SELECT copies FROM message_contents WHERE gid = ?1")?
        .query_row([gid], |r| r.get::<_, String>(0))
        .optional()?
    else {
        return Ok(Vec::new());
    };
    let places: Vec<(i64, i32)> = from_json(&places)?;
    let mut exists = conn.prepare_cached("SELECT 1 FROM messages WHERE box = ?1 AND id = ?2")?;
    let mut out = Vec::with_capacity(places.len());
    for (box_key, id) in places {
        if let Some(box_id) = BoxId::from_key(box_key)
            && exists.exists(params![box_key, id])?
        {
            out.push((box_id, MessageId(id)));
        }
    }
    Ok(out)
}

/// How by-chat reads go through `box_id`: `(index hint, extra condition)`. A person's
/// box holds many chats: it is read through `messages_by_peer`, which indexes exactly the
/// copies with `by_peer = 1` (the term must be literal for SQLite to use the partial
/// index), so a page costs its own rows however many other chats the box holds; the hint
/// makes SQLite refuse the query rather than scan the box. A channel's box holds one
/// chat: its primary key is enough.
fn by_chat(box_id: BoxId) -> (&'static str, &'static str) {
    match box_id {
        BoxId::User(_) => (" INDEXED BY messages_by_peer", " AND m.by_peer = 1"),
        BoxId::Channel(_) => ("", ""),
    }
}

/// `MESSAGE_SELECT` with an index hint on `m`.
fn select_with((hint, _): (&str, &str)) -> String {
    MESSAGE_SELECT.replacen("FROM messages m", &format!("FROM messages m{hint}"), 1)
}

/// Messages at or above an offset, oldest first.
fn newer_sql(by: (&str, &str)) -> String {
    let (select, term) = (select_with(by), by.1);
    format!(
        "{select}
         WHERE m.box = ?1 AND m.peer = ?2{term} AND m.id >= ?3 AND m.id > ?4
           AND (?5 = 0 OR m.id < ?5)
         ORDER BY m.id ASC LIMIT ?6"
    )
}

/// Messages below an offset, newest first.
fn older_sql(by: (&str, &str)) -> String {
    let (select, term) = (select_with(by), by.1);
    format!(
        "{select}
         WHERE m.box = ?1 AND m.peer = ?2{term} AND m.id < ?3 AND m.id > ?4
           AND c.date < ?5
         ORDER BY m.id DESC LIMIT ?6 OFFSET ?7"
    )
}

pub(crate) fn history(
    conn: &Connection,
    box_id: BoxId,
    peer: Peer,
    q: HistoryQuery,
) -> rusqlite::Result<HistoryPage> {
    let upper = match (q.offset_id, q.max_id) {
        (0, 0) => i64::MAX,
        (0, m) | (m, 0) => i64::from(m),
        (o, m) => i64::from(o.min(m)),
    };
    let upper_date = if q.offset_date > 0 {
        q.offset_date
    } else {
        i64::MAX
    };
    let lower = i64::from(q.min_id);
    let limit = i64::from(q.limit);
    let by = by_chat(box_id);
    let mut messages = Vec::new();
    if q.add_offset < 0 {
        // Newer messages first: those at or above the offset, nearest first.
        let newer = i64::from(-q.add_offset).min(limit);
        let start = if q.offset_id > 0 {
            i64::from(q.offset_id)
        } else {
            i64::MAX
        };
        let mut stmt = conn.prepare_cached(&newer_sql(by))?;
        let rows = stmt.query_map(
            params![box_id.key(), peer.key(), start, lower, q.max_id, newer],
            message_from_row,
        )?;
        let mut newer_msgs = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        newer_msgs.reverse();
        messages.extend(newer_msgs);
    }
    let skip = i64::from(q.add_offset.max(0));
    let remaining = limit - i64::try_from(messages.len()).unwrap_or(0);
    if remaining > 0 {
        let mut stmt = conn.prepare_cached(&older_sql(by))?;
        let rows = stmt.query_map(
            params![
                box_id.key(),
                peer.key(),
                upper,
                lower,
                upper_date,
                remaining,
                skip
            ],
            message_from_row,
        )?;
        for row in rows {
            messages.push(row?);
        }
    }
    let total = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM messages m WHERE m.box = ?1 AND m.peer = ?2{}",
            by.1
        ))?
        .query_row([box_id.key(), peer.key()], |r| r.get(0))?;
    Ok(HistoryPage { messages, total })
}

pub(crate) fn dialog(
    conn: &Connection,
    owner: UserId,
    peer: Peer,
) -> rusqlite::Result<Option<Dialog>> {
    conn.prepare_cached(
        "SELECT top_message, read_inbox, read_outbox FROM dialogs WHERE owner = ?1 AND peer = ?2",
    )?
    .query_row([owner.0, peer.key()], |r| {
        Ok(Dialog {
            owner,
            peer,
            top_message: MessageId(r.get(0)?),
            read_inbox_max_id: MessageId(r.get(1)?),
            read_outbox_max_id: MessageId(r.get(2)?),
        })
    })
    .optional()
}

pub(crate) fn dialogs(conn: &Connection, owner: UserId) -> rusqlite::Result<Vec<Dialog>> {
    let mut stmt = conn.prepare_cached(
        "SELECT peer, top_message, read_inbox, read_outbox FROM dialogs WHERE owner = ?1",
    )?;
    let rows = stmt.query_map([owner.0], |r| {
        Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut dialogs = Vec::new();
    for row in rows {
        let (peer, top, inbox, outbox) = row?;
        let Some(peer) = Peer::from_key(peer) else {
            continue;
        };
        dialogs.push(Dialog {
            owner,
            peer,
            top_message: MessageId(top),
            read_inbox_max_id: MessageId(inbox),
            read_outbox_max_id: MessageId(outbox),
        });
    }
    Ok(dialogs)
}

pub(crate) fn channels_of(conn: &Connection, user: UserId) -> rusqlite::Result<Vec<Peer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT chat FROM members WHERE user_id = ?1
         AND status IN ('creator', 'administrator', 'member', 'restricted')",
    )?;
    let rows = stmt.query_map([user.0], |r| r.get::<_, i64>(0))?;
    let mut peers = Vec::new();
    for key in rows {
        if let Some(peer @ Peer::Channel(_)) = Peer::from_key(key?) {
            peers.push(peer);
        }
    }
    Ok(peers)
}

pub(crate) fn box_counters(conn: &Connection, box_id: BoxId) -> rusqlite::Result<BoxCounters> {
    Ok(conn
        .prepare_cached("SELECT last_message_id, pts FROM boxes WHERE box = ?1")?
        .query_row([box_id.key()], |r| {
            Ok(BoxCounters {
                last_message_id: r.get(0)?,
                pts: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn queue_counters(conn: &Connection, bot: UserId) -> rusqlite::Result<QueueCounters> {
    let last_update_id = conn
        .prepare_cached("SELECT last_update_id FROM bot_queues WHERE bot = ?1")?
        .query_row([bot.0], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let first_pending = conn
        .prepare_cached("SELECT coalesce(min(update_id), 0) FROM bot_updates WHERE bot = ?1")?
        .query_row([bot.0], |r| r.get(0))?;
    Ok(QueueCounters {
        last_update_id,
        first_pending,
    })
}

pub(crate) fn bot_updates(
    conn: &Connection,
    bot: UserId,
    from: i64,
    limit: u32,
    now: i64,
) -> rusqlite::Result<Vec<QueuedUpdate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT update_id, expires_at, data FROM bot_updates
         WHERE bot = ?1 AND update_id >= ?2 AND expires_at > ?3
         ORDER BY update_id LIMIT ?4",
    )?;
    let rows = stmt.query_map(params![bot.0, from, now, i64::from(limit)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (update_id, expires_at, data) = row?;
        Ok(QueuedUpdate {
            update_id,
            expires_at,
            update: from_json(&data)?,
        })
    })
    .collect()
}

pub(crate) fn pending_updates(conn: &Connection, bot: UserId, now: i64) -> rusqlite::Result<u32> {
    conn.prepare_cached("SELECT count(*) FROM bot_updates WHERE bot = ?1 AND expires_at > ?2")?
        .query_row([bot.0, now], |r| r.get(0))
}

pub(crate) fn box_updates(
    conn: &Connection,
    box_id: BoxId,
    after: i32,
    limit: u32,
) -> rusqlite::Result<Vec<LoggedUpdate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pts, pts_count, date, kind, id, data FROM box_updates
         WHERE box = ?1 AND pts > ?2 ORDER BY pts LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![box_id.key(), after, i64::from(limit)], |r| {
        Ok(LoggedUpdate {
            pts: r.get(0)?,
            pts_count: r.get(1)?,
            date: r.get(2)?,
            update: decode_box_update(
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?.as_deref(),
            )?,
        })
    })?;
    rows.collect()
}

pub(crate) fn bot_delivery(conn: &Connection, bot: UserId) -> rusqlite::Result<BotDelivery> {
    Ok(conn
        .prepare_cached("SELECT data FROM bot_delivery WHERE bot = ?1")?
        .query_row([bot.0], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()?
        .unwrap_or_default())
}

pub(crate) fn webhook_bots(conn: &Connection) -> rusqlite::Result<Vec<UserId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT bot FROM bot_delivery
         WHERE json_type(data, '$.webhook') IS NOT NULL AND json_type(data, '$.webhook') != 'null'
         ORDER BY bot",
    )?;
    let rows = stmt.query_map([], |r| r.get(0).map(UserId))?;
    rows.collect()
}

pub(crate) fn bot_commands(
    conn: &Connection,
    bot: UserId,
    scope: &str,
    language: &str,
) -> rusqlite::Result<Option<Vec<BotCommand>>> {
    conn.prepare_cached(
        "SELECT data FROM bot_commands WHERE bot = ?1 AND scope = ?2 AND language = ?3",
    )?
    .query_row(params![bot.0, scope, language], |r| r.get::<_, String>(0))
    .optional()?
    .map(|d| from_json(&d))
    .transpose()
}

#[cfg(test)]
mod tests {
    use gramd_core::ids::{BoxId, ChannelId, UserId};
    use rusqlite::Connection;

    use super::{by_chat, newer_sql, older_sql};

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let values: Vec<i64> = (1..=stmt.parameter_count() as i64).collect();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn a_persons_history_reads_the_partial_index_and_a_channels_its_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&mut conn).unwrap();
        let person = by_chat(BoxId::User(UserId(1)));
        let channel = by_chat(BoxId::Channel(ChannelId(2)));
        for sql in [older_sql(person), newer_sql(person)] {
            let plan = plan(&conn, &sql);
            assert!(plan.contains("USING INDEX messages_by_peer"), "{plan}");
        }
        for sql in [older_sql(channel), newer_sql(channel)] {
            let plan = plan(&conn, &sql);
            assert!(plan.contains("USING PRIMARY KEY"), "{plan}");
            assert!(!plan.contains("SCAN m"), "{plan}");
        }
    }

    #[test]
    fn version_one_rows_stay_indexed_after_the_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("sql/v1.sql")).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO messages (box, id, gid, peer) VALUES (10, 1, 1, 20), (10, 2, 2, 21);",
        )
        .unwrap();
        crate::schema::migrate(&mut conn).unwrap();
        let indexed: i64 = conn
            .query_row(
                "SELECT count(*) FROM messages INDEXED BY messages_by_peer
                 WHERE box = 10 AND peer = 20 AND by_peer = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed, 1);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            usize::try_from(version).unwrap(),
            crate::schema::VERSION,
            "migrated to this build's schema"
        );
    }
}
