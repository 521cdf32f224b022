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

/// An owner's dialog rows are listed whole; the supergroups and channels a user is in are
/// listed by membership, without the ones they left or were banned from.
pub async fn chat_lists_read_dialogs_and_channels(store: Arc<dyn Store>) {
    use crate::chats::{Member, MemberStatus};
    use crate::ids::{ChannelId, GroupId};
    let owner = UserId(80);
    let touch = |peer, top| Write::TouchDialog {
        owner,
        peer,
        top_message: MessageId(top),
    };
    commit(
        &store,
        vec![
            touch(Peer::User(UserId(81)), 4),
            touch(Peer::Group(GroupId(5)), 9),
        ],
    )
    .await;
    let mut listed: Vec<(Peer, MessageId)> = store
        .dialogs(owner)
        .await
        .unwrap()
        .iter()
        .map(|d| (d.peer, d.top_message))
        .collect();
    listed.sort_by_key(|(peer, _)| peer.key());
    let mut expected = vec![
        (Peer::User(UserId(81)), MessageId(4)),
        (Peer::Group(GroupId(5)), MessageId(9)),
    ];
    expected.sort_by_key(|(peer, _)| peer.key());
    assert_eq!(listed, expected);
    assert_eq!(store.dialogs(UserId(999)).await.unwrap(), []);

    let member = |chat: Peer, status| {
        let mut m = Member::left(chat, owner);
        m.status = status;
        Write::PutMember(Box::new(m))
    };
    let (joined, left, banned) = (
        Peer::Channel(ChannelId(1)),
        Peer::Channel(ChannelId(2)),
        Peer::Channel(ChannelId(3)),
    );
    commit(
        &store,
        vec![
            member(joined, MemberStatus::Member),
            member(left, MemberStatus::Left),
            member(banned, MemberStatus::Kicked),
            member(Peer::Group(GroupId(5)), MemberStatus::Member),
        ],
    )
    .await;
    assert_eq!(store.channels_of(owner).await.unwrap(), [joined]);
}
