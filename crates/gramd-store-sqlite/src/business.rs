//! Business connections and account counts in the database (schema version 5).

use gramd_core::business::BusinessConnection;
use gramd_core::ids::UserId;
use gramd_core::store::AccountCounts;
use rusqlite::{Connection, OptionalExtension, params};

use crate::codec::{from_json, to_json};

/// Records a business connection, replacing the record of its id.
pub(crate) fn put_connection(
    conn: &Connection,
    connection: &BusinessConnection,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO business_connections (id, user_id, bot, date, data)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        connection.id,
        connection.user.0,
        connection.bot.0,
        connection.date,
        to_json(connection)?
    ])?;
    Ok(())
}

pub(crate) fn connection(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<Option<BusinessConnection>> {
    conn.prepare_cached("SELECT data FROM business_connections WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| from_json(&d))
        .transpose()
}

pub(crate) fn connections(
    conn: &Connection,
    user: UserId,
) -> rusqlite::Result<Vec<BusinessConnection>> {
    let mut stmt = conn.prepare_cached(
        "SELECT data FROM business_connections WHERE user_id = ?1 ORDER BY date, id",
    )?;
    let rows = stmt.query_map([user.0], |r| r.get::<_, String>(0))?;
    rows.map(|d| from_json(&d?)).collect()
}

pub(crate) fn account_counts(
    conn: &Connection,
    account: UserId,
) -> rusqlite::Result<AccountCounts> {
    let private_chats: u32 = conn
        .prepare_cached("SELECT COUNT(*) FROM dialogs WHERE owner = ?1 AND peer > 0")?
        .query_row([account.0], |r| r.get(0))?;
    let chats: u32 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM members WHERE user_id = ?1
             AND status IN ('creator', 'administrator', 'member', 'restricted')",
        )?
        .query_row([account.0], |r| r.get(0))?;
    Ok(AccountCounts {
        private_chats,
        chats,
    })
}
