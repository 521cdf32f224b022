//! Messages: history pages, copies, edits.

use std::sync::Arc;

use super::{commit, put, text_message};
use crate::ids::{BoxId, ChannelId, MessageId, Peer, UserId};
use crate::messages::{Content, HistoryQuery};
use crate::store::{CopyPlace, Store, Write};

/// History: newest first, offsets and bounds as `messages.getHistory` defines them.
pub async fn history_pages(store: Arc<dyn Store>) {
    let me = UserId(30);
    let peer = Peer::User(UserId(31));
    let other = Peer::User(UserId(32));
    let mut writes = Vec::new();
    for id in 1..=10 {
        let p = if id == 5 { other } else { peer };
        writes.push(put(text_message(
            BoxId::User(me),
            id,
            i64::from(id),
            p,
            me,
            &id.to_string(),
        )));
    }
    commit(&store, writes).await;
    let query = |offset_id, add_offset, limit, max_id, min_id| HistoryQuery {
        offset_id,
        offset_date: 0,
        add_offset,
        limit,
        max_id,
        min_id,
    };
    let ids = |page: crate::messages::HistoryPage| -> Vec<i32> {
        page.messages.iter().map(|m| m.id.0).collect()
    };
    let all = store
        .history(BoxId::User(me), peer, query(0, 0, 100, 0, 0))
        .await
        .unwrap();
    assert_eq!(all.total, 9);
    assert_eq!(ids(all), [10, 9, 8, 7, 6, 4, 3, 2, 1]);
    let page = store
        .history(BoxId::User(me), peer, query(7, 0, 3, 0, 0))
        .await
        .unwrap();
    assert_eq!(ids(page), [6, 4, 3]);
    let page = store
        .history(BoxId::User(me), peer, query(7, -2, 4, 0, 0))
        .await
        .unwrap();
    assert_eq!(ids(page), [8, 7, 6, 4]);
    let page = store
        .history(BoxId::User(me), peer, query(0, 2, 2, 0, 0))
        .await
        .unwrap();
    assert_eq!(ids(page), [8, 7]);
    let page = store
        .history(BoxId::User(me), peer, query(0, 0, 100, 9, 2))
        .await
        .unwrap();
    assert_eq!(ids(page), [8, 7, 6, 4, 3]);
}

/// Copies kept out of the by-chat index (`by_peer: false`: a bot's box, a channel's box)
/// are still found by id and by gid, and a channel's history lists them all.
pub async fn unindexed_copies_stay_readable(store: Arc<dyn Store>) {
    let (person, bot) = (UserId(50), UserId(51));
    let channel = ChannelId(52);
    let from_bot = text_message(BoxId::User(bot), 1, 500, Peer::User(person), bot, "hi");
    let theirs = CopyPlace {
        box_id: BoxId::User(person),
        id: MessageId(3),
        peer: Peer::User(bot),
        reply_to: None,
        by_peer: true,
    };
    let mut writes = vec![Write::PutMessage {
        copies: vec![
            CopyPlace {
                by_peer: false,
                ..CopyPlace::of(&from_bot)
            },
            theirs,
        ],
        message: Box::new(from_bot.clone()),
    }];
    let channel_box = BoxId::Channel(channel);
    let channel_peer = Peer::Channel(channel);
    for id in 1..=3 {
        let post = text_message(
            channel_box,
            id,
            600 + i64::from(id),
            channel_peer,
            bot,
            "post",
        );
        writes.push(Write::PutMessage {
            copies: vec![CopyPlace {
                by_peer: false,
                ..CopyPlace::of(&post)
            }],
            message: Box::new(post),
        });
    }
    commit(&store, writes).await;

    assert_eq!(
        store.message(BoxId::User(bot), MessageId(1)).await.unwrap(),
        Some(from_bot)
    );
    let mut copies = store.copies(500).await.unwrap();
    copies.sort_by_key(|(b, _)| b.key());
    let mut expected = vec![
        (BoxId::User(person), MessageId(3)),
        (BoxId::User(bot), MessageId(1)),
    ];
    expected.sort_by_key(|(b, _)| b.key());
    assert_eq!(copies, expected);
    let query = HistoryQuery::newest(100);
    let person_history = store
        .history(BoxId::User(person), Peer::User(bot), query)
        .await
        .unwrap();
    assert_eq!(person_history.total, 1);
    assert_eq!(person_history.messages[0].id, MessageId(3));
    let posts = store
        .history(channel_box, channel_peer, query)
        .await
        .unwrap();
    assert_eq!(posts.total, 3);
    let ids: Vec<i32> = posts.messages.iter().map(|m| m.id.0).collect();
    assert_eq!(ids, [3, 2, 1]);
    let newest_first_two = store
        .history(
            channel_box,
            channel_peer,
            HistoryQuery {
                offset_id: 3,
                add_offset: -1,
                limit: 2,
                ..query
            },
        )
        .await
        .unwrap();
    let ids: Vec<i32> = newest_first_two.messages.iter().map(|m| m.id.0).collect();
    assert_eq!(ids, [3, 2]);
}

/// Copies share a gid and their content; each keeps its own id, chat and reply; an edit
/// changes every copy.
pub async fn copies_and_edits_follow_the_gid(store: Arc<dyn Store>) {
    let (a, b) = (UserId(40), UserId(41));
    let mut first = text_message(BoxId::User(a), 1, 77, Peer::User(b), a, "hi");
    first.reply_to = Some(MessageId(9));
    let second = CopyPlace {
        box_id: BoxId::User(b),
        id: MessageId(5),
        peer: Peer::User(a),
        reply_to: None,
        by_peer: true,
    };
    commit(
        &store,
        vec![Write::PutMessage {
            copies: vec![CopyPlace::of(&first), second],
            message: Box::new(first.clone()),
        }],
    )
    .await;
    assert_eq!(
        store.message(BoxId::User(a), MessageId(1)).await.unwrap(),
        Some(first.clone())
    );
    let theirs = store
        .message(BoxId::User(b), MessageId(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (theirs.peer, theirs.reply_to, theirs.gid),
        (Peer::User(a), None, 77)
    );
    assert_eq!(
        (theirs.from, theirs.content.clone()),
        (first.from, first.content.clone())
    );
    let mut copies = store.copies(77).await.unwrap();
    copies.sort();
    assert_eq!(
        copies,
        [
            (BoxId::User(a), MessageId(1)),
            (BoxId::User(b), MessageId(5))
        ]
    );
    let content = Content::Text {
        text: "edited".into(),
        entities: Vec::new(),
        link_preview: None,
    };
    commit(
        &store,
        vec![Write::EditMessage {
            gid: 77,
            content: content.clone(),
            reply_markup: None,
            edit_date: Some(1_800_000_000),
        }],
    )
    .await;
    let theirs = store
        .message(BoxId::User(b), MessageId(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (theirs.content, theirs.edit_date),
        (content, Some(1_800_000_000))
    );
    commit(
        &store,
        vec![Write::DeleteMessages {
            box_id: BoxId::User(a),
            ids: vec![MessageId(1)],
        }],
    )
    .await;
    assert_eq!(
        store.copies(77).await.unwrap(),
        [(BoxId::User(b), MessageId(5))]
    );
    assert_eq!(store.max_gid().await.unwrap(), 77);
}
