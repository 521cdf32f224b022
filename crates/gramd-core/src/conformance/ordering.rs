//! The write contract the core's sequencer relies on (see [`crate::store`]): `submit`
//! enqueues synchronously, batches commit in submission order, and a commit resolves once
//! its batch is durable.

use std::sync::Arc;

use super::{put, text_message};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::Content;
use crate::store::{Commit, Store, Write};
use crate::updates::BoxUpdate;

/// How many batches the check submits back to back.
const BATCHES: i32 = 200;

/// Batches submitted back to back, without awaiting any, commit in the order of the
/// `submit` calls: a reader meanwhile only ever sees a prefix of them; once the last one's
/// commit resolves (awaited first) every earlier one is visible and its edit is the one
/// that stayed; and every commit resolves.
pub async fn submissions_commit_in_submission_order(store: Arc<dyn Store>) {
    let owner = UserId(80);
    let b = BoxId::User(owner);
    let peer = Peer::User(UserId(81));
    let edited_gid = 8_000;
    super::commit(
        &store,
        vec![put(text_message(b, 1, edited_gid, peer, owner, "0"))],
    )
    .await;
    // Batch i edits message 1 to read "i", adds message i + 1 and logs it at pts i.
    let batch = |i: i32| {
        vec![
            Write::EditMessage {
                gid: edited_gid,
                content: Content::Text {
                    text: i.to_string(),
                    entities: Vec::new(),
                    link_preview: None,
                },
                reply_markup: None,
                edit_date: Some(i64::from(i)),
            },
            put(text_message(
                b,
                i + 1,
                edited_gid + i64::from(i),
                peer,
                owner,
                "new",
            )),
            Write::LogBoxUpdate {
                box_id: b,
                pts: i,
                pts_count: 1,
                date: 0,
                update: BoxUpdate::NewMessage {
                    id: MessageId(i + 1),
                },
            },
        ]
    };
    let mut commits: Vec<Commit> = (1..=BATCHES).map(|i| store.submit(batch(i))).collect();

    let reader = tokio::spawn(read_prefixes(Arc::clone(&store), b));

    // A backend that enqueued only when a commit is first polled would commit this one
    // first.
    let last = commits.pop().expect("batches");
    last.await.expect("the last batch commits");
    let visible = committed_prefix(&*store, b).await;
    assert_eq!(
        visible, BATCHES,
        "the last batch is durable but earlier ones are not visible"
    );
    let first = store.message(b, MessageId(1)).await.unwrap().unwrap();
    assert_eq!(
        first.text(),
        BATCHES.to_string(),
        "an earlier batch's edit overwrote a later one's"
    );
    for commit in commits.into_iter().rev() {
        commit.await.expect("every batch commits");
    }
    reader.await.expect("the reader saw only prefixes");
}

/// Reads the box over and over while the batches commit, until it has seen them all.
async fn read_prefixes(store: Arc<dyn Store>, b: BoxId) {
    let mut seen = 0;
    while seen < BATCHES {
        let visible = committed_prefix(&*store, b).await;
        assert!(
            visible >= seen,
            "batches went missing: {visible} after {seen}"
        );
        seen = visible;
        tokio::task::yield_now().await;
    }
}

/// How many batches are visible, checking that they are the first ones, whole: the log
/// holds pts 1 to n without a gap, message n + 1 is there, and message 1 holds an edit of
/// batch n or later (read after the log, it may be later).
async fn committed_prefix(store: &dyn Store, b: BoxId) -> i32 {
    let log = store.box_updates(b, 0, 1_000).await.unwrap();
    let pts: Vec<i32> = log.iter().map(|u| u.pts).collect();
    let n = i32::try_from(pts.len()).unwrap();
    assert_eq!(
        pts,
        (1..=n).collect::<Vec<_>>(),
        "a batch is visible without an earlier one"
    );
    if n > 0 {
        assert!(
            store.message(b, MessageId(n + 1)).await.unwrap().is_some(),
            "batch {n} is visible only in part"
        );
    }
    let edit: i32 = store
        .message(b, MessageId(1))
        .await
        .unwrap()
        .unwrap()
        .text()
        .parse()
        .unwrap();
    assert!(edit >= n, "batch {n} is visible without its edit ({edit})");
    n
}
