//! How each [`Write`] changes the database.

use gramd_core::messages::Message;
use gramd_core::store::{CopyPlace, StoreResult, Write};
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{MessageExtra, encode_box_update, to_json};
use crate::statements::Hot;
use crate::writer::{Tx, backend};

/// Applies one write in `tx`: the frequent ones with its held statements, the others with
/// cached ones; max-keeping writes are coalesced until the commit.
pub(crate) fn apply(tx: &mut Tx<'_>, write: &Write) -> StoreResult<()> {
    apply_inner(tx, write).map_err(|e| backend(&e))
}

fn apply_inner(tx: &mut Tx<'_>, write: &Write) -> rusqlite::Result<()> {
    let conn = tx.conn();
    match write {
        Write::PutMessage { message, copies } => put_message(tx, message, copies),
        Write::EditMessage {
            gid,
            content,
            reply_markup,
            edit_date,
        } => {
            conn.prepare_cached(
                "UPDATE message_contents SET content = ?2, reply_markup = ?3, edit_date = ?4
                 WHERE gid = ?1",
            )?
            .execute(params![
                gid,
                to_json(content)?,
                reply_markup.as_ref().map(to_json).transpose()?,
                edit_date
            ])?;
            Ok(())
        }
        Write::DeleteMessages { box_id, ids } => {
            let mut stmt =
                conn.prepare_cached("DELETE FROM messages WHERE box = ?1 AND id = ?2")?;
            for id in ids {
                stmt.execute(params![box_id.key(), id.0])?;
            }
            Ok(())
        }
        Write::SetBoxCounters { box_id, counters } => {
            tx.deferred.box_counters(box_id.key(), *counters);
            Ok(())
        }
        Write::LogBoxUpdate {
            box_id,
            pts,
            pts_count,
            date,
            update,
        } => {
            let (kind, id, data) = encode_box_update(update)?;
            tx.statements.get(Hot::LogBoxUpdate)?.execute(params![
                box_id.key(),
                pts,
                pts_count,
                date,
                kind,
                id,
                data
            ])?;
            Ok(())
        }
        Write::TouchDialog {
            owner,
            peer,
            top_message,
        } => {
            tx.deferred.dialog_top(owner.0, peer.key(), top_message.0);
            Ok(())
        }
        Write::ReadDialog {
            owner,
            peer,
            inbox_max_id,
            outbox_max_id,
        } => {
            tx.flush_dialog(owner.0, peer.key())?;
            conn.prepare_cached(
                "UPDATE dialogs SET read_inbox = max(read_inbox, coalesce(?3, 0)),
                                    read_outbox = max(read_outbox, coalesce(?4, 0))
                 WHERE owner = ?1 AND peer = ?2",
            )?
            .execute(params![
                owner.0,
                peer.key(),
                inbox_max_id.map(|m| m.0),
                outbox_max_id.map(|m| m.0)
            ])?;
            Ok(())
        }
        Write::QueueBotUpdate {
            bot,
            update_id,
            expires_at,
            update,
        } => {
            tx.statements.get(Hot::QueueBotUpdate)?.execute(params![
                bot.0,
                update_id,
                expires_at,
                to_json(update)?
            ])?;
            Ok(())
        }
        Write::SetLastUpdateId {
            bot,
            last_update_id,
        } => {
            tx.deferred.last_update_id(bot.0, *last_update_id);
            Ok(())
        }
        Write::TrimBotQueue { bot, below } => {
            conn.prepare_cached("DELETE FROM bot_updates WHERE bot = ?1 AND update_id < ?2")?
                .execute(params![bot.0, below])?;
            Ok(())
        }
        Write::AckBotUpdates { bot, update_ids } => {
            let mut stmt =
                conn.prepare_cached("DELETE FROM bot_updates WHERE bot = ?1 AND update_id = ?2")?;
            for update_id in update_ids {
                stmt.execute(params![bot.0, update_id])?;
            }
            Ok(())
        }
        Write::PutMedia(media) => {
            conn.prepare_cached("INSERT OR IGNORE INTO media (id, data) VALUES (?1, ?2)")?
                .execute(params![media.id(), to_json(media)?])?;
            Ok(())
        }
        Write::PutChat(chat) => {
            conn.prepare_cached("INSERT OR REPLACE INTO chats (peer, data) VALUES (?1, ?2)")?
                .execute(params![chat.peer.key(), to_json(chat)?])?;
            Ok(())
        }
        Write::PutMember(member) => {
            let status = to_json(&member.status)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO members (chat, user_id, status, date, data)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                member.chat.key(),
                member.user.0,
                status.trim_matches('"'),
                member.date,
                to_json(member)?
            ])?;
            Ok(())
        }
        Write::SetBotDelivery { bot, delivery } => {
            conn.prepare_cached("INSERT OR REPLACE INTO bot_delivery (bot, data) VALUES (?1, ?2)")?
                .execute(params![bot.0, to_json(delivery)?])?;
            Ok(())
        }
        Write::PutInviteLink(_)
        | Write::PutJoinRequest(_)
        | Write::DeleteJoinRequest { .. }
        | Write::PinMessages { .. }
        | Write::UnpinAll { .. }
        | Write::SetDefaultAdminRights { .. } => crate::admin::apply(conn, write).map(drop),
        Write::UpdateUser(_)
        | Write::SetBotSecret { .. }
        | Write::ReleaseUsername { .. }
        | Write::SetEmojiStatusAccess { .. } => crate::profiles::apply(conn, write).map(drop),
        Write::PutProfilePhoto { .. }
        | Write::DeleteProfilePhotos { .. }
        | Write::SetProfileMusic { .. } => crate::profile_photos::apply(conn, write).map(drop),
        Write::PutBlock { .. } | Write::DeleteBlock { .. } => {
            crate::blocks::apply(conn, write).map(drop)
        }
        Write::PutBusinessConnection(connection) => {
            crate::business::put_connection(conn, connection)
        }
        Write::SetWebAppSettings { .. }
        | Write::SetMenuButton { .. }
        | Write::PutStorageValue { .. }
        | Write::DeleteStorageValues { .. }
        | Write::SetAttachMenuInstalled { .. } => crate::web_apps::apply(conn, write).map(drop),
        Write::PutPoll(_) | Write::SetPollVote { .. } | Write::StopPoll { .. } => {
            crate::polls::apply(conn, write).map(drop)
        }
        Write::PutStickerSet(_) | Write::DeleteStickerSet { .. } | Write::ReplaceMedia(_) => {
            crate::sticker_sets::apply(conn, write).map(drop)
        }
        Write::SetReactions { .. } => crate::reactions::apply(conn, write).map(drop),
        Write::PutTopic(_) | Write::DeleteTopic { .. } => {
            crate::topics::apply(conn, write).map(drop)
        }
        Write::SetBotCommands {
            bot,
            scope,
            language,
            commands,
        } => {
            match commands {
                Some(commands) => conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO bot_commands (bot, scope, language, data)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![bot.0, scope, language, to_json(commands)?])?,
                None => conn
                    .prepare_cached(
                        "DELETE FROM bot_commands WHERE bot = ?1 AND scope = ?2 AND language = ?3",
                    )?
                    .execute(params![bot.0, scope, language])?,
            };
            Ok(())
        }
    }
}

fn put_message(tx: &mut Tx<'_>, msg: &Message, copies: &[CopyPlace]) -> rusqlite::Result<()> {
    let places: Vec<(i64, i32)> = copies.iter().map(|c| (c.box_id.key(), c.id.0)).collect();
    tx.statements.get(Hot::InsertContent)?.execute(params![
        msg.gid,
        msg.date,
        msg.edit_date,
        to_json(&msg.content)?,
        msg.reply_markup.as_ref().map(to_json).transpose()?,
        to_json(&MessageExtra::of(msg))?,
        to_json(&places)?
    ])?;
    let insert = tx.statements.get(Hot::InsertCopy)?;
    for copy in copies {
        insert.execute(params![
            copy.box_id.key(),
            copy.id.0,
            msg.gid,
            copy.peer.key(),
            copy.reply_to.map(|r| r.0),
            copy.by_peer
        ])?;
    }
    Ok(())
}

/// Allocates the next id of an id space (`sequences` table).
pub(crate) fn next_id(conn: &Connection, space: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("UPDATE sequences SET last = last + 1 WHERE space = ?1 RETURNING last")?
        .query_row([space], |r| r.get(0))
        .optional()?
        .ok_or(rusqlite::Error::QueryReturnedNoRows)
}
