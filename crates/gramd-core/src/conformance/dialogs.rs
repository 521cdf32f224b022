//! Dialogs and their read marks.

use std::sync::Arc;

use super::commit;
use crate::ids::{MessageId, Peer, UserId};
use crate::store::{Store, Write};

/// Dialogs keep their read marks when their top message moves, and marks only rise.
pub async fn dialogs_keep_read_marks(store: Arc<dyn Store>) {
    let (owner, peer) = (UserId(90), Peer::User(UserId(91)));
    let touch = |top| Write::TouchDialog {
        owner,
        peer,
        top_message: MessageId(top),
    };
    commit(&store, vec![touch(3)]).await;
    commit(
        &store,
        vec![Write::ReadDialog {
            owner,
            peer,
            inbox_max_id: Some(MessageId(3)),
            outbox_max_id: Some(MessageId(2)),
        }],
    )
    .await;
    commit(&store, vec![touch(7)]).await;
    commit(
        &store,
        vec![Write::ReadDialog {
            owner,
            peer,
            inbox_max_id: Some(MessageId(1)),
            outbox_max_id: None,
        }],
    )
    .await;
    let dialog = store.dialog(owner, peer).await.unwrap().unwrap();
    assert_eq!(dialog.top_message, MessageId(7));
    assert_eq!(dialog.read_inbox_max_id, MessageId(3));
    assert_eq!(dialog.read_outbox_max_id, MessageId(2));
    assert_eq!(
        store.dialog(owner, Peer::User(UserId(92))).await.unwrap(),
        None
    );
}
