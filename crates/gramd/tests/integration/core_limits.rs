//! What needs a controlled clock, a small cap or a look at the core's own logs: the core
//! over a real SQLite store, without HTTP.

use std::sync::Arc;
use std::time::Duration;

use gramd_core::clock::ManualClock;
use gramd_core::ids::{BoxId, Peer, UserId};
use gramd_core::messages::{OutgoingText, SendOptions};
use gramd_core::users::{BotInfo, NewUser};
use gramd_core::{Core, CoreConfig, GetUpdates};
use gramd_store_sqlite::{SqliteConfig, SqliteStore};

const START: i64 = 1_800_000_000;

async fn core(clock: Arc<ManualClock>, cap: i64) -> (Core, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&SqliteConfig::new(dir.path().join("db"))).unwrap();
    let config = CoreConfig {
        bot_queue_cap: cap,
        ..CoreConfig::default()
    };
    let core = Core::open(Arc::new(store), clock, config).await.unwrap();
    (core, dir)
}

async fn pair(core: &Core) -> (UserId, UserId) {
    let user = core
        .create_user(NewUser {
            first_name: "U".into(),
            last_name: None,
            username: None,
            phone: None,
            bot: None,
        })
        .await
        .unwrap();
    let (bot, _) = core
        .create_bot(
            NewUser {
                first_name: "B".into(),
                last_name: None,
                username: Some("limit_bot".into()),
                phone: None,
                bot: None,
            },
            BotInfo::default(),
        )
        .await
        .unwrap();
    (user.id, bot.id)
}

async fn say(core: &Core, from: UserId, to: UserId, text: &str) {
    let text = OutgoingText {
        text: text.into(),
        ..OutgoingText::default()
    };
    core.send_text(from, Peer::User(to), text, SendOptions::default())
        .await
        .unwrap();
}

async fn pending(core: &Core, bot: UserId) -> Vec<String> {
    let request = GetUpdates {
        offset: 0,
        limit: 100,
        timeout: Duration::ZERO,
        allowed_updates: None,
    };
    core.get_updates(bot, request)
        .await
        .unwrap()
        .into_iter()
        .map(|u| match u.update {
            gramd_core::updates::BotUpdate::Message(m) => m.text().to_owned(),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn a_full_queue_drops_new_updates() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = core(clock, 3).await;
    let (user, bot) = pair(&core).await;
    for i in 0..5 {
        say(&core, user, bot, &format!("m{i}")).await;
    }
    assert_eq!(pending(&core, bot).await, ["m0", "m1", "m2"]);
    // Confirming makes room again.
    let first = core
        .get_updates(
            bot,
            GetUpdates {
                offset: -1,
                limit: 1,
                timeout: Duration::ZERO,
                allowed_updates: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    say(&core, user, bot, "m5").await;
    assert_eq!(pending(&core, bot).await, ["m2", "m5"]);
}

#[tokio::test]
async fn message_updates_expire_after_a_day() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = core(clock.clone(), 100_000).await;
    let (user, bot) = pair(&core).await;
    say(&core, user, bot, "old").await;
    clock.advance(86_399);
    say(&core, user, bot, "new").await;
    assert_eq!(pending(&core, bot).await, ["old", "new"]);
    clock.advance(1);
    assert_eq!(pending(&core, bot).await, ["new"]);
    clock.advance(86_400);
    assert!(pending(&core, bot).await.is_empty());
}

#[tokio::test]
async fn a_bots_box_advances_its_pts_but_keeps_no_log() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = core(clock, 100_000).await;
    let (user, bot) = pair(&core).await;
    say(&core, user, bot, "hi").await;
    say(&core, bot, user, "hello").await;

    let bot_box = BoxId::User(bot);
    assert_eq!(core.current_pts(bot_box).await.unwrap(), 2);
    let bot_log = core.difference(bot_box, 0, 100).await.unwrap();
    assert!(bot_log.updates.is_empty(), "{:?}", bot_log.updates);

    let user_log = core.difference(BoxId::User(user), 0, 100).await.unwrap();
    let pts: Vec<i32> = user_log.updates.iter().map(|u| u.pts).collect();
    assert_eq!(pts, [1, 2]);
    assert!(user_log.complete);
    assert_eq!(user_log.messages.len(), 2);
}
