//! Filling a data directory with many bots and messages, through the same core and store
//! the server uses, so the rows are exactly what gramd writes.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use gramd_core::clock::SystemClock;
use gramd_core::ids::{Peer, UserId};
use gramd_core::messages::{OutgoingText, SendOptions};
use gramd_core::users::{BotInfo, NewUser};
use gramd_core::{Core, CoreConfig};
use gramd_store_sqlite::{Durability, SqliteConfig, SqliteStore};

/// Users who talk to the bots; each starts `bots / USERS` of them.
const USERS: usize = 1000;
/// Concurrent writers while filling.
const CONCURRENCY: usize = 64;

fn text(s: String) -> OutgoingText {
    OutgoingText {
        text: s,
        ..OutgoingText::default()
    }
}

/// Creates `bots` bots and `USERS` users in `data_dir`, then `messages` private messages
/// between them: first each user starts its share of the bots, then the bots answer.
/// Returns how long it took.
///
/// # Panics
/// On any storage failure.
pub(crate) async fn fill(
    data_dir: &Path,
    bots: usize,
    messages: usize,
    progress: impl Fn(&str, u64, u64) + Send + Sync + 'static,
) -> Duration {
    let started = Instant::now();
    std::fs::create_dir_all(data_dir).expect("create the data directory");
    let mut config = SqliteConfig::new(data_dir.join("gramd.sqlite3"));
    config.durability = Durability::Normal;
    let store = Arc::new(SqliteStore::open(&config).expect("open the store"));
    let core = Core::open(store, Arc::new(SystemClock), CoreConfig::default())
        .await
        .expect("open the core");
    let progress = Arc::new(progress);

    let users: Vec<UserId> = run_all(USERS, &progress, "users", {
        let core = core.clone();
        move |i| {
            let core = core.clone();
            async move {
                core.create_user(NewUser {
                    first_name: format!("User {i}"),
                    last_name: None,
                    username: None,
                    phone: None,
                    bot: None,
                })
                .await
                .expect("create a user")
                .id
            }
        }
    })
    .await;
    let bot_ids: Vec<UserId> = run_all(bots, &progress, "bots", {
        let core = core.clone();
        move |i| {
            let core = core.clone();
            async move {
                let new = NewUser {
                    first_name: format!("Bot {i}"),
                    last_name: None,
                    username: Some(format!("fill{i}_bot")),
                    phone: None,
                    bot: None,
                };
                core.create_bot(new, BotInfo::default())
                    .await
                    .expect("create a bot")
                    .0
                    .id
            }
        }
    })
    .await;
    let users = Arc::new(users);
    let bot_ids = Arc::new(bot_ids);
    // Every bot is started before any bot answers: a bot cannot write first.
    let starts = messages.min(bot_ids.len());
    run_all(starts, &progress, "messages", {
        let (core, users, bot_ids) = (core.clone(), users.clone(), bot_ids.clone());
        move |i| {
            let (core, users, bot_ids) = (core.clone(), users.clone(), bot_ids.clone());
            async move {
                let (user, bot) = pair(&users, &bot_ids, i);
                core.send_text(
                    user,
                    Peer::User(bot),
                    text("/start".into()),
                    SendOptions::default(),
                )
                .await
                .expect("start a bot");
            }
        }
    })
    .await;
    run_all(messages - starts, &progress, "messages", move |i| {
        let (core, users, bot_ids) = (core.clone(), users.clone(), bot_ids.clone());
        async move {
            let i = starts + i;
            let (user, bot) = pair(&users, &bot_ids, i);
            let body = format!("reply number {i} with a little text in it");
            core.send_text(bot, Peer::User(user), text(body), SendOptions::default())
                .await
                .expect("send a message");
        }
    })
    .await;
    started.elapsed()
}

/// The user and the bot of the `i`-th message: bot `i % bots`, and the user who started it.
fn pair(users: &[UserId], bot_ids: &[UserId], i: usize) -> (UserId, UserId) {
    let bot = i % bot_ids.len();
    (users[bot % users.len()], bot_ids[bot])
}

/// Runs `make(i)` for `i` in `0..n` with bounded concurrency, in order of `i` per slot;
/// returns the results in order.
async fn run_all<T, F, Fut>(
    n: usize,
    progress: &Arc<impl Fn(&str, u64, u64) + Send + Sync + 'static>,
    what: &'static str,
    make: F,
) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let done = Arc::new(AtomicU64::new(0));
    let results = Arc::new(std::sync::Mutex::new(
        (0..n).map(|_| None).collect::<Vec<Option<T>>>(),
    ));
    let mut tasks = Vec::with_capacity(CONCURRENCY);
    for slot in 0..CONCURRENCY {
        let (make, done, results, progress) = (
            make.clone(),
            done.clone(),
            results.clone(),
            progress.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = slot;
            while i < n {
                let value = make(i).await;
                results.lock().expect("results")[i] = Some(value);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                if finished % 10_000 == 0 {
                    progress(what, finished, n as u64);
                }
                i += CONCURRENCY;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a fill task");
    }
    let mut results = results.lock().expect("results");
    results
        .iter_mut()
        .map(|r| r.take().expect("every slot ran"))
        .collect()
}
