//! The writer's hot statements, prepared once and held for the connection's life.
//!
//! rusqlite's statement cache finds a statement by hashing its SQL text, moves it out of
//! an LRU list, and puts it back when it is dropped: about 3 % of the instructions of a
//! `sendMessage`, paid for every statement of every message. The few statements that run
//! for every message (or every transaction) are instead held here, each prepared the first
//! time it is used; the rare ones keep going through `prepare_cached`.

use rusqlite::{Connection, Statement};

/// A statement the writer runs for most messages or for every transaction.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Hot {
    Begin,
    Commit,
    InsertContent,
    InsertCopy,
    LogBoxUpdate,
    QueueBotUpdate,
    RaiseBoxCounters,
    RaiseLastUpdateId,
    RaiseDialogTop,
}

impl Hot {
    /// One past the last variant.
    const COUNT: usize = Self::RaiseDialogTop as usize + 1;

    const fn sql(self) -> &'static str {
        match self {
            Self::Begin => "BEGIN IMMEDIATE",
            Self::Commit => "COMMIT",
            Self::InsertContent => {
                "INSERT INTO message_contents (gid, date, edit_date, content, reply_markup, extra, copies)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            }
            Self::InsertCopy => {
                "INSERT INTO messages (box, id, gid, peer, reply_to, by_peer)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            }
            Self::LogBoxUpdate => {
                "INSERT INTO box_updates (box, pts, pts_count, date, kind, id, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            }
            Self::QueueBotUpdate => {
                "INSERT INTO bot_updates (bot, update_id, expires_at, data)
                 VALUES (?1, ?2, ?3, ?4)"
            }
            Self::RaiseBoxCounters => {
                "INSERT INTO boxes (box, last_message_id, pts) VALUES (?1, ?2, ?3)
                 ON CONFLICT (box) DO UPDATE SET
                   last_message_id = max(last_message_id, excluded.last_message_id),
                   pts = max(pts, excluded.pts)"
            }
            Self::RaiseLastUpdateId => {
                "INSERT INTO bot_queues (bot, last_update_id) VALUES (?1, ?2)
                 ON CONFLICT (bot) DO UPDATE SET
                   last_update_id = max(last_update_id, excluded.last_update_id)"
            }
            Self::RaiseDialogTop => {
                "INSERT INTO dialogs (owner, peer, top_message) VALUES (?1, ?2, ?3)
                 ON CONFLICT (owner, peer) DO UPDATE SET
                   top_message = max(top_message, excluded.top_message)"
            }
        }
    }
}

/// The write connection with its [`Hot`] statements.
pub(crate) struct Statements<'c> {
    conn: &'c Connection,
    held: [Option<Statement<'c>>; Hot::COUNT],
}

impl<'c> Statements<'c> {
    /// Nothing is prepared yet: each statement is, the first time it is asked for.
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self {
            conn,
            held: std::array::from_fn(|_| None),
        }
    }

    /// The connection, for the statements that are not held.
    pub(crate) fn conn(&self) -> &'c Connection {
        self.conn
    }

    /// The statement `hot`, prepared now if this is its first use.
    pub(crate) fn get(&mut self, hot: Hot) -> rusqlite::Result<&mut Statement<'c>> {
        let slot = &mut self.held[hot as usize];
        let statement = match slot.take() {
            Some(statement) => statement,
            None => self.conn.prepare(hot.sql())?,
        };
        Ok(slot.insert(statement))
    }
}

impl std::fmt::Debug for Statements<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prepared = self.held.iter().filter(|s| s.is_some()).count();
        f.debug_struct("Statements")
            .field("prepared", &prepared)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every held statement prepares against the current schema (a typo would otherwise
    /// surface only when that kind of write first runs).
    #[test]
    fn every_hot_statement_prepares() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&mut conn).unwrap();
        let mut statements = Statements::new(&conn);
        for (i, hot) in all().into_iter().enumerate() {
            assert_eq!(hot as usize, i, "all() lists the statements in order");
            statements.get(hot).unwrap();
        }
    }

    /// Every statement, in order. The match makes a new variant fail to compile here until
    /// it is listed (and `COUNT` follows the last one).
    fn all() -> [Hot; Hot::COUNT] {
        let _listed = |hot: Hot| match hot {
            Hot::Begin
            | Hot::Commit
            | Hot::InsertContent
            | Hot::InsertCopy
            | Hot::LogBoxUpdate
            | Hot::QueueBotUpdate
            | Hot::RaiseBoxCounters
            | Hot::RaiseLastUpdateId
            | Hot::RaiseDialogTop => (),
        };
        [
            Hot::Begin,
            Hot::Commit,
            Hot::InsertContent,
            Hot::InsertCopy,
            Hot::LogBoxUpdate,
            Hot::QueueBotUpdate,
            Hot::RaiseBoxCounters,
            Hot::RaiseLastUpdateId,
            Hot::RaiseDialogTop,
        ]
    }
}
