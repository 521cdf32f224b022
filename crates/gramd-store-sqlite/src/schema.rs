//! Schema migrations, tracked with `PRAGMA user_version`.

use gramd_core::auth::{Authorization, ClientInfo, TokenKey};
use gramd_core::ids::UserId;
use rusqlite::{Connection, params};

use crate::codec::to_json;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("sql/v1.sql"),
    include_str!("sql/v2.sql"),
    include_str!("sql/v3.sql"),
    include_str!("sql/v4.sql"),
    include_str!("sql/v5.sql"),
    include_str!("sql/v6.sql"),
    include_str!("sql/v7.sql"),
    include_str!("sql/v8.sql"),
    include_str!("sql/v9.sql"),
    include_str!("sql/v10.sql"),
    include_str!("sql/v11.sql"),
    include_str!("sql/v12.sql"),
    include_str!("sql/v13.sql"),
    include_str!("sql/v14.sql"),
    include_str!("sql/v15.sql"),
];

/// The schema version whose migration also moves the `sessions` table's plaintext tokens
/// into `authorizations` by their hash ([`move_sessions`]), which SQL cannot compute.
const AUTHORIZATIONS_VERSION: usize = 6;

/// The schema version this build writes.
pub(crate) const VERSION: usize = MIGRATIONS.len();

/// Brings the database to [`VERSION`], each step in its own transaction, and creates the
/// server secret on first use.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    if current > VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "database schema version {current} is newer than this gramd ({VERSION})"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated meanwhile.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let now = usize::try_from(now).unwrap_or(usize::MAX);
        if now <= i {
            tx.execute_batch(sql)?;
            if i + 1 == AUTHORIZATIONS_VERSION {
                move_sessions(&tx)?;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        }
        tx.commit()?;
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| rusqlite::Error::InvalidParameterName(format!("no random source: {e}")))?;
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('server_secret', ?1)",
        [&secret[..]],
    )?;
    Ok(())
}

/// Moves the sessions of schema 4 (plaintext tokens) into `authorizations`, keyed by the
/// tokens' hashes, and drops the old table.
fn move_sessions(conn: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<(String, i64, i64)> = conn
        .prepare("SELECT token, user_id, created_at FROM sessions")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (token, user, created_at) in rows {
        let key = TokenKey::of(&token);
        let auth = Authorization {
            id: key.legacy_id(),
            user: Some(UserId(user)),
            client: ClientInfo::default(),
            created_at,
            active_at: created_at,
        };
        conn.execute(
            "INSERT INTO authorizations (key, id, user_id, data) VALUES (?1, ?2, ?3, ?4)",
            params![&key.0[..], auth.id.0, user, to_json(&auth)?],
        )?;
    }
    conn.execute_batch("DROP TABLE sessions")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sessions of schema 4 keep working: their tokens are found by hash, signed in for the
    /// same user, and the plaintext is gone with the old table.
    #[test]
    fn sessions_move_to_authorizations_by_hash() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..AUTHORIZATIONS_VERSION - 1] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA user_version = {}",
            AUTHORIZATIONS_VERSION - 1
        ))
        .unwrap();
        conn.execute(
            "INSERT INTO sessions (token, user_id, created_at) VALUES ('old-token', 1000000001, 7)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let key = TokenKey::of("old-token");
        let moved = crate::read::authorization(&conn, &key).unwrap().unwrap();
        assert_eq!(moved.user, Some(UserId(1_000_000_001)));
        assert_eq!((moved.id, moved.created_at), (key.legacy_id(), 7));
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sessions'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }
}
