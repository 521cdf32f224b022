//! Reactions: one row of reactions per user and message, shared by the message's copies;
//! replaced and removed by user; found again by the user's most recent reactions in a chat;
//! and a chat's available reactions kept with the chat (see the `reactions` service module).

use std::sync::Arc;

use super::commit;
use crate::chats::{Chat, ChatKind, Permissions};
use crate::ids::{ChannelId, GroupId, Peer, UserId};
use crate::reactions::{AvailableReactions, MessageReactions, Reaction, UserReactions};
use crate::store::{Store, Write};

fn set(gid: i64, chat: Peer, user: i64, emoji: &[&str], date: i64) -> Write {
    Write::SetReactions {
        gid,
        chat,
        choice: UserReactions {
            user: UserId(user),
            reactions: emoji.iter().map(|e| Reaction::emoji(*e)).collect(),
            big: user == 2,
            date,
        },
    }
}

/// Reactions round-trip by message, in the order the users last changed them; a new choice replaces the user's
/// old one and an empty one removes it; messages nobody reacted to are left out; a user's
/// reactions in a chat are found most recent first, within the limit, in that chat only;
/// a chat's available reactions round-trip.
pub async fn reactions_round_trip(store: Arc<dyn Store>) {
    let group = Peer::Group(GroupId(4_000_000_321));
    let other = Peer::Channel(ChannelId(2_000_000_321));
    commit(
        &store,
        vec![
            set(101, group, 1, &["👍"], 20),
            set(101, group, 2, &["🔥"], 10),
            set(102, group, 1, &["❤"], 30),
            set(103, other, 1, &["😁"], 40),
        ],
    )
    .await;
    let found = store.reactions(&[102, 100, 101]).await.unwrap();
    assert_eq!(found.len(), 2, "gid 100 has no reactions: {found:?}");
    assert_eq!(found[0].gid, 102);
    assert_eq!(found[1].gid, 101);
    let users: Vec<i64> = found[1].by_user.iter().map(|r| r.user.0).collect();
    assert_eq!(
        users,
        [1, 2],
        "in the order of the changes, whatever their dates"
    );
    assert!(found[1].by_user[1].big);
    assert_eq!(found[1].of(UserId(1)), [Reaction::emoji("👍")]);

    commit(
        &store,
        vec![set(101, group, 1, &["🤔"], 50), set(101, group, 2, &[], 51)],
    )
    .await;
    let found = store.reactions(&[101]).await.unwrap();
    assert_eq!(
        found,
        vec![MessageReactions {
            gid: 101,
            by_user: vec![UserReactions {
                user: UserId(1),
                reactions: vec![Reaction::emoji("🤔")],
                big: false,
                date: 50,
            }],
        }]
    );

    assert_eq!(
        store.reacted(group, UserId(1), 10).await.unwrap(),
        [101, 102]
    );
    assert_eq!(store.reacted(group, UserId(1), 1).await.unwrap(), [101]);
    assert_eq!(store.reacted(other, UserId(1), 10).await.unwrap(), [103]);
    assert!(
        store
            .reacted(group, UserId(2), 10)
            .await
            .unwrap()
            .is_empty()
    );

    let chat = Chat {
        peer: group,
        kind: ChatKind::Group,
        title: "R".into(),
        username: None,
        description: None,
        creator: UserId(1),
        date: 1,
        migrated_to: None,
        permissions: Permissions::all(),
        photo: None,
        verification: None,
        sticker_set: None,
        available_reactions: AvailableReactions::Some(vec![
            Reaction::emoji("🔥"),
            Reaction::emoji("👍"),
        ]),
        forum: false,
    };
    commit(&store, vec![Write::PutChat(Box::new(chat.clone()))]).await;
    assert_eq!(store.chat(group).await.unwrap(), Some(chat.clone()));
    let off = Chat {
        available_reactions: AvailableReactions::None,
        ..chat
    };
    commit(&store, vec![Write::PutChat(Box::new(off.clone()))]).await;
    assert_eq!(store.chat(group).await.unwrap(), Some(off));
}
