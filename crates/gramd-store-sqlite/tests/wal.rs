//! The WAL stays bounded under steady writes, and a reader that holds an old snapshot
//! blocks neither the writes nor, once it is done, the WAL's restart (see the `checkpoint`
//! module).

use std::path::{Path, PathBuf};
use std::time::Duration;

use gramd_core::store::Store;
use gramd_core::users::NewUser;
use gramd_store_sqlite::{Durability, SqliteConfig, SqliteStore, WalLimits};

/// Bytes in one WAL frame of a 4 KiB page: a 24-byte header and the page.
const FRAME: u64 = 24 + 4096;

fn open(dir: &Path, durability: Durability) -> (SqliteStore, PathBuf) {
    let db = dir.join("db.sqlite3");
    let mut config = SqliteConfig::new(&db);
    config.durability = durability;
    config.wal = WalLimits {
        pass_every: 8,
        restart_at: 32,
    };
    let store = SqliteStore::open(&config).unwrap();
    (store, dir.join("db.sqlite3-wal"))
}

/// How many times the WAL has started over: the checkpoint sequence number in its header.
fn restarts(wal: &Path) -> u32 {
    let header = std::fs::read(wal).unwrap();
    u32::from_be_bytes(header[12..16].try_into().unwrap())
}

async fn create_users(store: &SqliteStore, from: usize, count: usize) {
    for i in from..from + count {
        let user = NewUser {
            first_name: format!("User {i}"),
            last_name: None,
            username: None,
            phone: Some(format!("+1555{i:07}")),
            bot: None,
        };
        tokio::time::timeout(Duration::from_secs(10), store.create_user(user, None))
            .await
            .expect("a write finishes while checkpoints run")
            .unwrap();
    }
}

// Under full durability the checkpoints run on the syncer's thread, under normal on their
// own: both are tested.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steady_writes_keep_the_wal_within_its_limit() {
    steady_writes(Durability::Full).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steady_writes_keep_the_wal_within_its_limit_without_syncs() {
    steady_writes(Durability::Normal).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_snapshot_blocks_neither_writes_nor_the_next_restart() {
    old_snapshot(Durability::Full).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_snapshot_blocks_neither_writes_nor_the_next_restart_without_syncs() {
    old_snapshot(Durability::Normal).await;
}

async fn steady_writes(durability: Durability) {
    let dir = tempfile::tempdir().unwrap();
    let (store, wal) = open(dir.path(), durability);
    create_users(&store, 0, 600).await;
    // 600 commits of a few frames each would make a WAL of thousands of frames; SQLite's
    // own automatic checkpoints would restart it every 1,000 frames.
    let size = std::fs::metadata(&wal).unwrap().len();
    assert!(
        size <= 32 + 64 * FRAME,
        "the WAL grew to {} frames",
        size / FRAME
    );
    assert!(
        restarts(&wal) >= 10,
        "the WAL restarted {} times",
        restarts(&wal)
    );
    drop(store);
    let (store, _) = open(dir.path(), durability);
    let last = store
        .user(gramd_core::ids::UserId(1_000_000_600))
        .await
        .unwrap();
    assert_eq!(last.map(|u| u.first_name), Some("User 599".to_owned()));
}

async fn old_snapshot(durability: Durability) {
    let dir = tempfile::tempdir().unwrap();
    let (store, wal) = open(dir.path(), durability);
    create_users(&store, 0, 20).await;
    let reader = rusqlite::Connection::open(dir.path().join("db.sqlite3")).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let seen: i64 = reader
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    // Writes go on, and the reader's snapshot stays as it was, whether the checkpoints
    // left the WAL alone for it (a snapshot that reads the WAL) or not (one that reads
    // only the database file, which then stops the checkpoints from copying into it).
    create_users(&store, 20, 200).await;
    let still: i64 = reader
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(still, seen);
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let before = restarts(&wal);
    create_users(&store, 220, 100).await;
    assert!(restarts(&wal) > before, "the WAL never restarted");
}
