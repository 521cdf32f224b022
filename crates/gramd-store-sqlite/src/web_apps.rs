//! Mini apps in the database: bots' mini-app settings and menu buttons, CloudStorage and
//! attachment-menu installs (tables of schema version 5).

use gramd_core::ids::UserId;
use gramd_core::store::Write;
use gramd_core::web_apps::{MenuButton, WebAppSettings};
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Applies one of the mini-app writes; `false` if `write` is none of them.
pub(crate) fn apply(conn: &Connection, write: &Write) -> rusqlite::Result<bool> {
    match write {
        Write::SetWebAppSettings { bot, settings } => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO web_app_settings (bot, data) VALUES (?1, ?2)",
            )?
            .execute(params![bot.0, to_json(settings)?])?;
        }
        Write::SetMenuButton { bot, user, button } => {
            let user = user.map_or(0, |u| u.0);
            match button {
                Some(button) => conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO menu_buttons (bot, user_id, data) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![bot.0, user, to_json(button)?])?,
                None => conn
                    .prepare_cached("DELETE FROM menu_buttons WHERE bot = ?1 AND user_id = ?2")?
                    .execute(params![bot.0, user])?,
            };
        }
        Write::PutStorageValue {
            bot,
            user,
            key,
            value,
        } => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO web_app_storage (bot, user_id, key, value)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![bot.0, user.0, key, value])?;
        }
        Write::DeleteStorageValues { bot, user, keys } => {
            let mut stmt = conn.prepare_cached(
                "DELETE FROM web_app_storage WHERE bot = ?1 AND user_id = ?2 AND key = ?3",
            )?;
            for key in keys {
                stmt.execute(params![bot.0, user.0, key])?;
            }
        }
        Write::SetAttachMenuInstalled {
            user,
            bot,
            installed,
        } => {
            let sql = if *installed {
                "INSERT OR IGNORE INTO attach_menu_installs (user_id, bot) VALUES (?1, ?2)"
            } else {
                "DELETE FROM attach_menu_installs WHERE user_id = ?1 AND bot = ?2"
            };
            conn.prepare_cached(sql)?.execute(params![user.0, bot.0])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

pub(crate) fn web_app_settings(
    conn: &Connection,
    bot: UserId,
) -> rusqlite::Result<Option<WebAppSettings>> {
    conn.prepare_cached("SELECT data FROM web_app_settings WHERE bot = ?1")?
        .query_row([bot.0], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn menu_button(
    conn: &Connection,
    bot: UserId,
    user: Option<UserId>,
) -> rusqlite::Result<Option<MenuButton>> {
    conn.prepare_cached("SELECT data FROM menu_buttons WHERE bot = ?1 AND user_id = ?2")?
        .query_row(params![bot.0, user.map_or(0, |u| u.0)], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn storage_values(
    conn: &Connection,
    bot: UserId,
    user: UserId,
    keys: &[String],
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM web_app_storage WHERE bot = ?1 AND user_id = ?2 AND key = ?3",
    )?;
    let mut found = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(value) = stmt
            .query_row(params![bot.0, user.0, key], |r| r.get::<_, String>(0))
            .optional()?
        {
            found.push((key.clone(), value));
        }
    }
    Ok(found)
}

pub(crate) fn storage_keys(
    conn: &Connection,
    bot: UserId,
    user: UserId,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key FROM web_app_storage WHERE bot = ?1 AND user_id = ?2 ORDER BY key",
    )?;
    let rows = stmt.query_map(params![bot.0, user.0], |r| r.get::<_, String>(0))?;
    rows.collect()
}

pub(crate) fn attach_menu_bots(conn: &Connection, user: UserId) -> rusqlite::Result<Vec<UserId>> {
    let mut stmt = conn
        .prepare_cached("SELECT bot FROM attach_menu_installs WHERE user_id = ?1 ORDER BY bot")?;
    let rows = stmt.query_map([user.0], |r| r.get::<_, i64>(0))?;
    rows.map(|bot| bot.map(UserId)).collect()
}
