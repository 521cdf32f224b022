//! SQLite storage for gramd: the default, embedded backend of [`gramd_core::store::Store`].
//!
//! - **Durability.** The database runs in WAL mode. With [`Durability::Full`] (the default)
//!   a write is acknowledged only after the WAL holding its commit is fsynced; with
//!   [`Durability::Normal`] right after the commit, which survives a crash of the process
//!   but maybe not of the machine.
//! - **Group commit.** All writes go through one writer thread (module `writer`) that
//!   commits everything queued at once; a second thread fsyncs the WAL for all groups
//!   committed so far, while the writer goes on with the next group.
//! - **Checkpoints** never run inside a commit (module `checkpoint`): they run on the
//!   syncer's thread between its syncs, or on a thread of their own without a syncer, and
//!   the writer starts the WAL over once it passes a bound ([`WalLimits`]).
//! - **Reads** use a small pool of read-only connections; WAL lets them run alongside the
//!   writer and see only committed data.
//! - **Schema** changes are numbered migrations tracked in `PRAGMA user_version`.
//!
//! See <https://www.sqlite.org/wal.html> and <https://www.sqlite.org/pragma.html#pragma_synchronous>.

mod admin;
mod apply;
mod blocks;
mod business;
mod checkpoint;
mod codec;
mod mailbox;
mod polls;
mod profile_photos;
mod profiles;
mod reactions;
mod read;
mod schema;
mod statements;
mod sticker_sets;
mod topics;
mod web_apps;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use gramd_core::auth::{Authorization, ClientInfo, TokenKey};
use gramd_core::bots::{BotCommand, BotDelivery};
use gramd_core::business::BusinessConnection;
use gramd_core::chats::{AdminRights, Chat, Member, MemberFilter};
use gramd_core::ids::{BoxId, MessageId, Peer, SessionId, UserId};
use gramd_core::invites::{InviteLink, JoinRequest};
use gramd_core::media::{Media, Photo};
use gramd_core::messages::{Dialog, HistoryPage, HistoryQuery, Message};
use gramd_core::polls::PollState;
use gramd_core::reactions::MessageReactions;
use gramd_core::stickers::StickerSet;
use gramd_core::store::{
    AccountCounts, AuthKeyRecord, BoxCounters, Commit, IdSpace, QueueCounters, Store, StoreError,
    StoreResult, Write,
};
use gramd_core::topics::ForumTopic;
use gramd_core::updates::{LoggedUpdate, QueuedUpdate};
use gramd_core::users::{NewUser, User};
use gramd_core::web_apps::{MenuButton, WebAppSettings};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tokio::sync::oneshot;

pub use crate::checkpoint::WalLimits;
use crate::writer::{Job, Tx, Writer, backend};

/// How hard a commit tries to reach the disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Sync the WAL on every commit: acknowledged writes survive power loss.
    #[default]
    Full,
    /// Sync only at checkpoints: acknowledged writes survive a process crash.
    Normal,
}

/// Settings of the SQLite store.
#[derive(Clone, Debug)]
pub struct SqliteConfig {
    /// The database file.
    pub path: PathBuf,
    /// Commit durability.
    pub durability: Durability,
    /// Most jobs in one group commit.
    pub max_batch: usize,
    /// When the WAL is checkpointed and started over.
    pub wal: WalLimits,
}

impl SqliteConfig {
    /// Defaults for a database at `path`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            durability: Durability::Full,
            max_batch: 4096,
            wal: WalLimits::default(),
        }
    }
}

/// The SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    readers: Mutex<Vec<Connection>>,
    writer: Writer,
}

/// Most idle read connections kept open.
const MAX_IDLE_READERS: usize = 16;

impl SqliteStore {
    /// Opens (creating and migrating if needed) the database.
    ///
    /// # Errors
    /// `Backend` if the file cannot be opened or migrated.
    pub fn open(config: &SqliteConfig) -> StoreResult<Self> {
        let mut conn = Connection::open(&config.path).map_err(|e| backend(&e))?;
        configure(&conn).map_err(|e| backend(&e))?;
        schema::migrate(&mut conn).map_err(|e| backend(&e))?;
        // A fresh or migrated schema is written to the main file and the WAL starts empty:
        // steady writes then keep it within its limit from the first one.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| backend(&e))?;
        let wal = wal_path(&config.path);
        let sync_wal = (config.durability == Durability::Full).then_some(wal.as_path());
        let checkpoint_conn = open_checkpointer(&config.path).map_err(|e| backend(&e))?;
        let writer = Writer::start(
            conn,
            checkpoint_conn,
            config.wal,
            config.max_batch,
            sync_wal,
        )
        .map_err(|e| backend(&e))?;
        Ok(Self {
            path: config.path.clone(),
            readers: Mutex::new(Vec::new()),
            writer,
        })
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `PRAGMA integrity_check`; `Ok` holds SQLite's report (`["ok"]` when sound).
    ///
    /// # Errors
    /// `Backend` if the check cannot run.
    pub fn integrity_check(&self) -> StoreResult<Vec<String>> {
        self.read(|conn| {
            let mut stmt = conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> StoreResult<T> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => open_reader(&self.path).map_err(|e| backend(&e))?,
        };
        let result = f(&conn).map_err(|e| backend(&e));
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < MAX_IDLE_READERS {
            readers.push(conn);
        }
        result
    }

    /// Runs `f` on the writer thread (perhaps twice, see the writer's docs); resolves after
    /// the commit.
    async fn write<T: Send + 'static>(
        &self,
        f: impl Fn(&Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let (tx, rx) = oneshot::channel();
        self.writer.send(Box::new(FnJob {
            f: Box::new(f),
            value: None,
            reply: Some(tx),
        }));
        rx.await
            .unwrap_or_else(|_| Err(StoreError::Backend("writer dropped a job".into())))
    }
}

/// The WAL file of a database.
fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Commits do not fsync; the writer's syncer does, before acknowledging (see `writer`).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// The checkpointer's connection: it only copies the WAL back, so it needs no page cache.
fn open_checkpointer(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // Checkpoints fsync the WAL before copying it and the database file after.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

struct WritesJob {
    writes: Vec<Write>,
    reply: Option<oneshot::Sender<StoreResult<()>>>,
}

impl Job for WritesJob {
    fn apply(&mut self, tx: &mut Tx<'_>) -> StoreResult<()> {
        self.writes.iter().try_for_each(|w| apply::apply(tx, w))
    }

    fn finish(mut self: Box<Self>, outcome: StoreResult<()>) {
        if let Some(reply) = self.reply.take() {
            let _ = reply.send(outcome);
        }
    }
}

type WriteFn<T> = Box<dyn Fn(&Connection) -> StoreResult<T> + Send>;

struct FnJob<T> {
    f: WriteFn<T>,
    value: Option<T>,
    reply: Option<oneshot::Sender<StoreResult<T>>>,
}

impl<T: Send> Job for FnJob<T> {
    fn apply(&mut self, tx: &mut Tx<'_>) -> StoreResult<()> {
        self.value = Some((self.f)(tx.conn())?);
        Ok(())
    }

    fn finish(mut self: Box<Self>, outcome: StoreResult<()>) {
        let result = outcome.and_then(|()| {
            self.value
                .take()
                .ok_or_else(|| StoreError::Backend("job produced nothing".into()))
        });
        if let Some(reply) = self.reply.take() {
            let _ = reply.send(result);
        }
    }
}

fn insert_user(conn: &Connection, user: &NewUser, secret: Option<&str>) -> StoreResult<User> {
    let id = apply::next_id(conn, "user").map_err(|e| backend(&e))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if let Some(username) = &user.username {
        let taken = conn
            .execute(
                "INSERT OR IGNORE INTO usernames (name, peer) VALUES (?1, ?2)",
                params![username.to_ascii_lowercase(), id],
            )
            .map_err(|e| backend(&e))?
            == 0;
        if taken {
            return Err(StoreError::UsernameOccupied);
        }
    }
    let bot = user
        .bot
        .as_ref()
        .map(codec::to_json)
        .transpose()
        .map_err(|e| backend(&e))?;
    let inserted = conn.execute(
        "INSERT INTO users (id, first_name, last_name, username, phone, bot, bot_secret, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            user.first_name,
            user.last_name,
            user.username,
            user.phone,
            bot,
            secret,
            now
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(StoreError::PhoneOccupied);
        }
        Err(e) => return Err(backend(&e)),
    }
    Ok(User {
        id: UserId(id),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        username: user.username.clone(),
        phone: user.phone.clone(),
        language_code: None,
        bot: user.bot.clone(),
        created_at: now,
        photo: None,
        about: None,
        verification: None,
        emoji_status: None,
    })
}

/// Reads, changes and writes back the record of session `id`; `false` if there is none.
fn change_authorization(
    conn: &Connection,
    id: SessionId,
    change: impl FnOnce(&mut Authorization),
) -> StoreResult<bool> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM authorizations WHERE id = ?1")
        .and_then(|mut s| s.query_row([id.0], |r| r.get(0)).optional())
        .map_err(|e| backend(&e))?;
    let Some(data) = data else {
        return Ok(false);
    };
    let mut auth: Authorization = codec::from_json(&data).map_err(|e| backend(&e))?;
    change(&mut auth);
    let data = codec::to_json(&auth).map_err(|e| backend(&e))?;
    conn.execute(
        "UPDATE authorizations SET user_id = ?2, data = ?3 WHERE id = ?1",
        params![id.0, auth.user.map(|u| u.0), data],
    )
    .map_err(|e| backend(&e))?;
    Ok(true)
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_user(&self, user: NewUser, bot_secret: Option<String>) -> StoreResult<User> {
        self.write(move |conn| insert_user(conn, &user, bot_secret.as_deref()))
            .await
    }

    async fn user_by_phone(&self, phone: &str) -> StoreResult<Option<UserId>> {
        self.read(|c| read::user_by_phone(c, phone))
    }

    async fn create_authorization(&self, key: TokenKey, auth: Authorization) -> StoreResult<()> {
        let data = codec::to_json(&auth).map_err(|e| backend(&e))?;
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO authorizations (key, id, user_id, data) VALUES (?1, ?2, ?3, ?4)",
                params![&key.0[..], auth.id.0, auth.user.map(|u| u.0), data],
            )
            .map(drop)
            .map_err(|e| backend(&e))
        })
        .await
    }

    async fn authorization(&self, key: TokenKey) -> StoreResult<Option<Authorization>> {
        self.read(|c| read::authorization(c, &key))
    }

    async fn sign_in_authorization(
        &self,
        id: SessionId,
        user: Option<UserId>,
        at: i64,
    ) -> StoreResult<bool> {
        self.write(move |conn| {
            change_authorization(conn, id, |auth| {
                auth.user = user;
                auth.active_at = at;
            })
        })
        .await
    }

    async fn save_auth_key(&self, key: AuthKeyRecord) -> StoreResult<()> {
        self.write(move |conn| {
            conn.execute(
                "INSERT OR REPLACE INTO auth_keys (id, key, expires_at, perm_key_id, layer) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key.id, key.key, key.expires_at, key.perm_key_id, key.layer],
            )
            .map(drop)
            .map_err(|e| backend(&e))
        })
        .await
    }

    async fn describe_authorization(
        &self,
        id: SessionId,
        client: ClientInfo,
        at: i64,
    ) -> StoreResult<bool> {
        self.write(move |conn| {
            change_authorization(conn, id, |auth| {
                auth.client = client.clone();
                auth.active_at = at;
            })
        })
        .await
    }

    async fn authorizations(&self, user: UserId) -> StoreResult<Vec<Authorization>> {
        self.read(|c| read::authorizations(c, user))
    }

    async fn delete_authorizations(&self, ids: Vec<SessionId>) -> StoreResult<u64> {
        self.write(move |conn| {
            let mut deleted = 0;
            for id in &ids {
                deleted += conn
                    .execute("DELETE FROM authorizations WHERE id = ?1", [id.0])
                    .map_err(|e| backend(&e))?;
            }
            Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn auth_keys(&self) -> StoreResult<Vec<AuthKeyRecord>> {
        self.read(|c| {
            let mut stmt =
                c.prepare("SELECT id, key, expires_at, perm_key_id, layer FROM auth_keys")?;
            let rows = stmt.query_map([], |r| {
                Ok(AuthKeyRecord {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    expires_at: r.get(2)?,
                    perm_key_id: r.get(3)?,
                    layer: r.get(4)?,
                })
            })?;
            rows.collect()
        })
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        self.read(|c| read::user(c, id))
    }

    async fn bot_secret(&self, bot: UserId) -> StoreResult<Option<String>> {
        self.read(|c| read::bot_secret(c, bot))
    }

    async fn bots_owned_by(&self, owner: UserId) -> StoreResult<Vec<User>> {
        self.read(|c| profiles::bots_owned_by(c, owner))
    }

    async fn resolve_username(&self, username: &str) -> StoreResult<Option<Peer>> {
        self.read(|c| read::resolve_username(c, username))
    }

    async fn set_username(&self, peer: Peer, username: Option<String>) -> StoreResult<()> {
        self.write(move |conn| profiles::set_username(conn, peer, username.as_deref()))
            .await
    }

    async fn allocate_id(&self, space: IdSpace) -> StoreResult<i64> {
        let name = match space {
            IdSpace::Group => "group",
            IdSpace::Channel => "channel",
        };
        self.write(move |conn| apply::next_id(conn, name).map_err(|e| backend(&e)))
            .await
    }

    async fn server_secret(&self) -> StoreResult<[u8; 32]> {
        self.read(read::server_secret)
    }

    async fn chat(&self, peer: Peer) -> StoreResult<Option<Chat>> {
        self.read(|c| read::chat(c, peer))
    }

    async fn member(&self, chat: Peer, user: UserId) -> StoreResult<Option<Member>> {
        self.read(|c| read::member(c, chat, user))
    }

    async fn members(
        &self,
        chat: Peer,
        filter: MemberFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<Member>> {
        self.read(|c| read::members(c, chat, filter, offset, limit))
    }

    async fn member_count(&self, chat: Peer) -> StoreResult<u32> {
        self.read(|c| read::member_count(c, chat))
    }

    async fn message(&self, box_id: BoxId, id: MessageId) -> StoreResult<Option<Message>> {
        self.read(|c| read::message(c, box_id, id))
    }

    async fn messages(&self, box_id: BoxId, ids: &[MessageId]) -> StoreResult<Vec<Message>> {
        self.read(|c| {
            let mut out = Vec::with_capacity(ids.len());
            for &id in ids {
                if let Some(msg) = read::message(c, box_id, id)? {
                    out.push(msg);
                }
            }
            Ok(out)
        })
    }

    async fn copies(&self, gid: i64) -> StoreResult<Vec<(BoxId, MessageId)>> {
        self.read(|c| read::copies(c, gid))
    }

    async fn history(
        &self,
        box_id: BoxId,
        peer: Peer,
        query: HistoryQuery,
    ) -> StoreResult<HistoryPage> {
        self.read(|c| read::history(c, box_id, peer, query))
    }

    async fn dialog(&self, owner: UserId, peer: Peer) -> StoreResult<Option<Dialog>> {
        self.read(|c| read::dialog(c, owner, peer))
    }

    async fn dialogs(&self, owner: UserId) -> StoreResult<Vec<Dialog>> {
        self.read(|c| read::dialogs(c, owner))
    }

    async fn channels_of(&self, user: UserId) -> StoreResult<Vec<Peer>> {
        self.read(|c| read::channels_of(c, user))
    }

    async fn media(&self, id: i64) -> StoreResult<Option<Media>> {
        self.read(|c| read::media(c, id))
    }

    async fn box_counters(&self, box_id: BoxId) -> StoreResult<BoxCounters> {
        self.read(|c| read::box_counters(c, box_id))
    }

    async fn queue_counters(&self, bot: UserId) -> StoreResult<QueueCounters> {
        self.read(|c| read::queue_counters(c, bot))
    }

    async fn max_gid(&self) -> StoreResult<i64> {
        self.read(|c| {
            c.query_row(
                "SELECT coalesce(max(gid), 0) FROM message_contents",
                [],
                |r| r.get(0),
            )
        })
    }

    async fn bot_updates(
        &self,
        bot: UserId,
        from: i64,
        limit: u32,
        now: i64,
    ) -> StoreResult<Vec<QueuedUpdate>> {
        self.read(|c| read::bot_updates(c, bot, from, limit, now))
    }

    async fn pending_updates(&self, bot: UserId, now: i64) -> StoreResult<u32> {
        self.read(|c| read::pending_updates(c, bot, now))
    }

    async fn box_updates(
        &self,
        box_id: BoxId,
        after_pts: i32,
        limit: u32,
    ) -> StoreResult<Vec<LoggedUpdate>> {
        self.read(|c| read::box_updates(c, box_id, after_pts, limit))
    }

    async fn bot_delivery(&self, bot: UserId) -> StoreResult<BotDelivery> {
        self.read(|c| read::bot_delivery(c, bot))
    }

    async fn webhook_bots(&self) -> StoreResult<Vec<UserId>> {
        self.read(read::webhook_bots)
    }

    async fn bot_commands(
        &self,
        bot: UserId,
        scope: &str,
        language: &str,
    ) -> StoreResult<Option<Vec<BotCommand>>> {
        self.read(|c| read::bot_commands(c, bot, scope, language))
    }

    async fn invite_link(&self, hash: &str) -> StoreResult<Option<InviteLink>> {
        self.read(|c| admin::invite_link(c, hash))
    }

    async fn invite_links(
        &self,
        chat: Peer,
        creator: Option<UserId>,
    ) -> StoreResult<Vec<InviteLink>> {
        self.read(|c| admin::invite_links(c, chat, creator))
    }

    async fn join_request(&self, chat: Peer, user: UserId) -> StoreResult<Option<JoinRequest>> {
        self.read(|c| admin::join_request(c, chat, user))
    }

    async fn join_requests(&self, chat: Peer) -> StoreResult<Vec<JoinRequest>> {
        self.read(|c| admin::join_requests(c, chat))
    }

    async fn pinned(&self, box_id: BoxId, peer: Peer) -> StoreResult<Vec<MessageId>> {
        self.read(|c| admin::pinned(c, box_id, peer))
    }

    async fn default_admin_rights(
        &self,
        bot: UserId,
        for_channels: bool,
    ) -> StoreResult<Option<AdminRights>> {
        self.read(|c| admin::default_admin_rights(c, bot, for_channels))
    }

    async fn profile_photos(
        &self,
        user: UserId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(u32, Vec<Photo>)> {
        self.read(|c| profile_photos::profile_photos(c, user, offset, limit))
    }

    async fn emoji_status_access(&self, user: UserId, bot: UserId) -> StoreResult<bool> {
        self.read(move |c| profiles::emoji_status_access(c, user, bot))
    }

    async fn profile_music(&self, user: UserId) -> StoreResult<Vec<i64>> {
        self.read(move |c| profile_photos::profile_music(c, user))
    }

    async fn sticker_set(&self, id: i64) -> StoreResult<Option<StickerSet>> {
        self.read(|c| sticker_sets::by_id(c, id))
    }

    async fn sticker_set_by_name(&self, name: &str) -> StoreResult<Option<StickerSet>> {
        self.read(|c| sticker_sets::by_name(c, name))
    }

    async fn sticker_sets_of(&self, owner: UserId) -> StoreResult<Vec<i64>> {
        self.read(|c| sticker_sets::of_owner(c, owner))
    }

    async fn blocks(&self, user: UserId) -> StoreResult<Vec<(Peer, i64)>> {
        self.read(|c| blocks::blocks(c, user))
    }

    async fn business_connection(&self, id: &str) -> StoreResult<Option<BusinessConnection>> {
        self.read(|c| business::connection(c, id))
    }

    async fn business_connections(&self, user: UserId) -> StoreResult<Vec<BusinessConnection>> {
        self.read(|c| business::connections(c, user))
    }

    async fn account_counts(&self, account: UserId) -> StoreResult<AccountCounts> {
        self.read(|c| business::account_counts(c, account))
    }

    async fn web_app_settings(&self, bot: UserId) -> StoreResult<Option<WebAppSettings>> {
        self.read(|c| web_apps::web_app_settings(c, bot))
    }

    async fn menu_button(
        &self,
        bot: UserId,
        user: Option<UserId>,
    ) -> StoreResult<Option<MenuButton>> {
        self.read(|c| web_apps::menu_button(c, bot, user))
    }

    async fn storage_values(
        &self,
        bot: UserId,
        user: UserId,
        keys: &[String],
    ) -> StoreResult<Vec<(String, String)>> {
        self.read(|c| web_apps::storage_values(c, bot, user, keys))
    }

    async fn storage_keys(&self, bot: UserId, user: UserId) -> StoreResult<Vec<String>> {
        self.read(|c| web_apps::storage_keys(c, bot, user))
    }

    async fn attach_menu_bots(&self, user: UserId) -> StoreResult<Vec<UserId>> {
        self.read(|c| web_apps::attach_menu_bots(c, user))
    }

    async fn poll(&self, id: i64) -> StoreResult<Option<PollState>> {
        self.read(|c| polls::poll(c, id))
    }

    async fn reactions(&self, gids: &[i64]) -> StoreResult<Vec<MessageReactions>> {
        if gids.is_empty() {
            return Ok(Vec::new());
        }
        self.read(|c| reactions::reactions(c, gids))
    }

    async fn reacted(&self, chat: Peer, user: UserId, limit: u32) -> StoreResult<Vec<i64>> {
        self.read(|c| reactions::reacted(c, chat, user, limit))
    }

    async fn topic(&self, chat: Peer, id: MessageId) -> StoreResult<Option<ForumTopic>> {
        self.read(|c| topics::topic(c, chat, id))
    }

    async fn topics(&self, chat: Peer) -> StoreResult<Vec<ForumTopic>> {
        self.read(|c| topics::topics(c, chat))
    }

    async fn topic_messages(
        &self,
        box_id: BoxId,
        chat: Peer,
        topic: MessageId,
    ) -> StoreResult<Vec<MessageId>> {
        self.read(|c| topics::topic_messages(c, box_id, chat, topic))
    }

    fn submit(&self, writes: Vec<Write>) -> Commit {
        let (tx, rx) = oneshot::channel();
        self.writer.send(Box::new(WritesJob {
            writes,
            reply: Some(tx),
        }));
        Box::pin(async move {
            rx.await
                .unwrap_or_else(|_| Err(StoreError::Backend("writer dropped a job".into())))
        })
    }
}
