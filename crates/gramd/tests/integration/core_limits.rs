//! What needs a controlled clock, a small cap or a look at the core's own logs: the core
//! over a real SQLite store, without HTTP. The rate limits' arithmetic is tested in
//! `gramd_core::rate_limits`; here, which sends they apply to.

use std::sync::Arc;
use std::time::Duration;

use gramd_core::clock::ManualClock;
use gramd_core::ids::{BoxId, MessageId, Peer, UserId};
use gramd_core::messages::{ForwardMode, OutgoingText, SendOptions};
use gramd_core::rate_limits::RateLimits;
use gramd_core::users::{BotInfo, NewUser};
use gramd_core::{Core, CoreConfig, CoreError, CoreResult, GetUpdates};
use gramd_store_sqlite::{SqliteConfig, SqliteStore};

const START: i64 = 1_800_000_000;

async fn core(clock: Arc<ManualClock>, cap: i64) -> (Core, tempfile::TempDir) {
    core_with(
        clock,
        CoreConfig {
            bot_queue_cap: cap,
            ..CoreConfig::default()
        },
    )
    .await
}

async fn core_with(clock: Arc<ManualClock>, config: CoreConfig) -> (Core, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&SqliteConfig::new(dir.path().join("db"))).unwrap();
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
    try_say(core, from, Peer::User(to), text).await.unwrap();
}

async fn try_say(core: &Core, from: UserId, to: Peer, text: &str) -> CoreResult<MessageId> {
    let text = OutgoingText {
        text: text.into(),
        ..OutgoingText::default()
    };
    let sent = core
        .send_text(from, to, text, SendOptions::default())
        .await?;
    Ok(sent.message.id)
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

/// A core with Telegram's rate limits on.
async fn limited(clock: Arc<ManualClock>) -> (Core, tempfile::TempDir) {
    let config = CoreConfig {
        rate_limits: RateLimits {
            enabled: true,
            ..RateLimits::default()
        },
        ..CoreConfig::default()
    };
    core_with(clock, config).await
}

const FLOOD_1: CoreError = CoreError::FloodWait { seconds: 1 };

#[tokio::test]
async fn a_bot_is_limited_in_a_private_chat_and_its_user_is_not() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = limited(clock.clone()).await;
    let (user, bot) = pair(&core).await;
    for i in 0..5 {
        try_say(&core, user, Peer::User(bot), &format!("u{i}"))
            .await
            .unwrap();
    }
    try_say(&core, bot, Peer::User(user), "one").await.unwrap();
    assert_eq!(
        try_say(&core, bot, Peer::User(user), "two").await,
        Err(FLOOD_1)
    );
    clock.advance_millis(999);
    assert_eq!(
        try_say(&core, bot, Peer::User(user), "two").await,
        Err(FLOOD_1)
    );
    clock.advance_millis(1);
    try_say(&core, bot, Peer::User(user), "two").await.unwrap();
    // The refused sends left nothing behind.
    let history = core
        .difference(BoxId::User(user), 0, 100)
        .await
        .unwrap()
        .messages;
    let from_bot = history.values().filter(|m| m.from == Some(bot)).count();
    assert_eq!(from_bot, 2);
}

#[tokio::test]
async fn a_forward_of_several_messages_counts_each() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = limited(clock.clone()).await;
    let (user, bot) = pair(&core).await;
    let (group, _) = core.create_group(user, "G", &[bot]).await.unwrap();
    // Users are not limited.
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(
            try_say(&core, user, group.peer, &format!("m{i}"))
                .await
                .unwrap(),
        );
    }
    let forward = async |ids: &[MessageId]| {
        core.forward_messages(
            bot,
            group.peer,
            ids,
            group.peer,
            ForwardMode::Copy,
            SendOptions::default(),
        )
        .await
    };
    // 12 + 8 = the group's 20 per minute; the next message waits one interval (3 s).
    assert_eq!(forward(&ids).await.unwrap().len(), 12);
    assert_eq!(forward(&ids[..8]).await.unwrap().len(), 8);
    assert_eq!(
        forward(&ids[..1]).await,
        Err(CoreError::FloodWait { seconds: 3 })
    );
    clock.advance(3);
    assert_eq!(
        forward(&ids[..2]).await,
        Err(CoreError::FloodWait { seconds: 3 }),
        "a batch passes whole or not at all"
    );
    assert_eq!(forward(&ids[..1]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_limits_are_off_by_default() {
    let clock = Arc::new(ManualClock::new(START));
    let (core, _dir) = core(clock, 100_000).await;
    let (user, bot) = pair(&core).await;
    say(&core, user, bot, "/start").await;
    for i in 0..40 {
        say(&core, bot, user, &format!("b{i}")).await;
    }
}
