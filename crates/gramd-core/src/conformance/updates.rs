//! Bot update queues and pts logs.

use std::sync::Arc;

use super::{commit, text_message};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::store::{Store, Write};
use crate::updates::{BotUpdate, BoxUpdate};

/// Queued updates are read in order from an id, skip expired ones, and are trimmed by
/// confirmation.
pub async fn bot_queue_expiry_and_trimming(store: Arc<dyn Store>) {
    let bot = UserId(50);
    let msg = text_message(
        BoxId::User(bot),
        1,
        1,
        Peer::User(UserId(51)),
        UserId(51),
        "x",
    );
    let queue = |id: i64, expires_at: i64| Write::QueueBotUpdate {
        bot,
        update_id: id,
        expires_at,
        update: Box::new(BotUpdate::Message(msg.clone())),
    };
    commit(
        &store,
        vec![queue(100, 2_000), queue(101, 1_000), queue(102, 2_000)],
    )
    .await;
    let read = store.bot_updates(bot, 0, 10, 1_500).await.unwrap();
    let ids: Vec<i64> = read.iter().map(|u| u.update_id).collect();
    assert_eq!(ids, [100, 102], "expired updates are not returned");
    assert_eq!(read[0].update, BotUpdate::Message(msg.clone()));
    assert_eq!(read[0].expires_at, 2_000);
    assert_eq!(store.pending_updates(bot, 1_500).await.unwrap(), 2);
    assert_eq!(store.queue_counters(bot).await.unwrap().first_pending, 100);
    commit(&store, vec![Write::TrimBotQueue { bot, below: 102 }]).await;
    let ids: Vec<i64> = store
        .bot_updates(bot, 0, 10, 0)
        .await
        .unwrap()
        .iter()
        .map(|u| u.update_id)
        .collect();
    assert_eq!(ids, [102]);
    assert_eq!(store.bot_updates(bot, 103, 10, 0).await.unwrap(), []);
    commit(
        &store,
        vec![
            queue(103, 2_000),
            queue(104, 2_000),
            queue(105, 2_000),
            Write::AckBotUpdates {
                bot,
                update_ids: vec![104, 102],
            },
        ],
    )
    .await;
    let ids: Vec<i64> = store
        .bot_updates(bot, 0, 10, 0)
        .await
        .unwrap()
        .iter()
        .map(|u| u.update_id)
        .collect();
    assert_eq!(
        ids,
        [103, 105],
        "acknowledged updates are gone, out of order too"
    );
    assert_eq!(store.bot_updates(UserId(99), 0, 10, 0).await.unwrap(), []);
}

/// A box's pts log reads back in order from a pts.
pub async fn box_log_reads_in_order(store: Arc<dyn Store>) {
    let b = BoxId::User(UserId(60));
    let log = |pts, update| Write::LogBoxUpdate {
        box_id: b,
        pts,
        pts_count: 1,
        date: 5,
        update,
    };
    commit(
        &store,
        vec![
            log(1, BoxUpdate::NewMessage { id: MessageId(1) }),
            log(2, BoxUpdate::EditMessage { id: MessageId(1) }),
            log(3, BoxUpdate::NewMessage { id: MessageId(2) }),
        ],
    )
    .await;
    let after = store.box_updates(b, 1, 10).await.unwrap();
    let pts: Vec<i32> = after.iter().map(|u| u.pts).collect();
    assert_eq!(pts, [2, 3]);
    assert_eq!(after[0].update, BoxUpdate::EditMessage { id: MessageId(1) });
    assert_eq!(store.box_updates(b, 0, 1).await.unwrap().len(), 1);
}
