//! Feeds the writer the exact writes the core makes for one bot-to-user message, from 64
//! concurrent submitters, and reports messages per second: the store's share of the
//! `sendMessage` hot path, measured without HTTP.
//!
//! `cargo run --release -p gramd-store-sqlite --example writer_bench [full|normal] [seconds]`

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use gramd_core::ids::{BoxId, MessageId, Peer, UserId};
use gramd_core::messages::{Content, Message};
use gramd_core::store::{BoxCounters, CopyPlace, Store, Write};
use gramd_core::updates::BoxUpdate;
use gramd_store_sqlite::{Durability, SqliteConfig, SqliteStore};

fn message(box_id: BoxId, id: i32, gid: i64, peer: Peer, from: UserId) -> Message {
    Message {
        box_id,
        id: MessageId(id),
        gid,
        peer,
        from: Some(from),
        date: 1_800_000_000,
        edit_date: None,
        content: Content::Text {
            text: "hello benchmark".into(),
            entities: Vec::new(),
            link_preview: None,
        },
        reply_to: None,
        reply_markup: None,
        forward: None,
        silent: false,
        noforwards: false,
        via_business_bot: None,
        via_bot: None,
        topic: None,
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let durability = match args.next().as_deref() {
        Some("normal") => Durability::Normal,
        _ => Durability::Full,
    };
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let mut config = SqliteConfig::new(dir.path().join("db"));
    config.durability = durability;
    let store = Arc::new(SqliteStore::open(&config).unwrap());
    let (bot, user) = (UserId(1_000_000_002), UserId(1_000_000_001));
    let next = Arc::new(AtomicI32::new(1));
    let gid = Arc::new(AtomicI64::new(1));
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (store, next, gid, done) = (store.clone(), next.clone(), gid.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let id = next.fetch_add(1, Ordering::Relaxed);
                let g = gid.fetch_add(1, Ordering::Relaxed);
                let writes = vec![
                    Write::LogBoxUpdate {
                        box_id: BoxId::User(bot),
                        pts: id,
                        pts_count: 1,
                        date: 1_800_000_000,
                        update: BoxUpdate::NewMessage { id: MessageId(id) },
                    },
                    Write::TouchDialog {
                        owner: bot,
                        peer: Peer::User(user),
                        top_message: MessageId(id),
                    },
                    Write::LogBoxUpdate {
                        box_id: BoxId::User(user),
                        pts: id,
                        pts_count: 1,
                        date: 1_800_000_000,
                        update: BoxUpdate::NewMessage { id: MessageId(id) },
                    },
                    Write::TouchDialog {
                        owner: user,
                        peer: Peer::User(bot),
                        top_message: MessageId(id),
                    },
                    Write::PutMessage {
                        message: Box::new(message(BoxId::User(bot), id, g, Peer::User(user), bot)),
                        copies: vec![
                            CopyPlace {
                                box_id: BoxId::User(bot),
                                id: MessageId(id),
                                peer: Peer::User(user),
                                reply_to: None,
                                by_peer: false,
                            },
                            CopyPlace {
                                box_id: BoxId::User(user),
                                id: MessageId(id),
                                peer: Peer::User(bot),
                                reply_to: None,
                                by_peer: true,
                            },
                        ],
                    },
                    Write::SetBoxCounters {
                        box_id: BoxId::User(bot),
                        counters: BoxCounters {
                            last_message_id: id,
                            pts: id,
                        },
                    },
                    Write::SetBoxCounters {
                        box_id: BoxId::User(user),
                        counters: BoxCounters {
                            last_message_id: id,
                            pts: id,
                        },
                    },
                ];
                store.submit(writes).await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "{durability:?}: {n} messages in {seconds} s = {:.0} messages/s",
        n as f64 / seconds as f64
    );
}
