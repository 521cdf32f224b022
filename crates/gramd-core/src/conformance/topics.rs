//! Forum topics: stored by forum and id, replaced and removed; listed General first, then
//! newest first; a topic's messages found by the topic their copies carry (see the `topics`
//! service module).

use std::sync::Arc;

use super::{commit, put, text_message};
use crate::ids::{BoxId, ChannelId, MessageId, Peer, UserId};
use crate::messages::{Content, ServiceAction};
use crate::store::{Store, Write};
use crate::topics::ForumTopic;

fn topic(chat: Peer, id: i32, name: &str) -> ForumTopic {
    ForumTopic {
        chat,
        id: MessageId(id),
        name: name.into(),
        icon_color: 7_322_096,
        icon_emoji_id: Some(5),
        creator: UserId(9),
        date: 1_700_000_000,
        closed: false,
        hidden: false,
        pinned: id == 9,
    }
}

/// Topics round-trip whole; a new record replaces the old; General comes first; deleting
/// removes one topic of one forum; a topic's messages are those whose copies carry it, and
/// the message that created it; General's are those of no topic.
pub async fn topics_round_trip(store: Arc<dyn Store>) {
    let forum = Peer::Channel(ChannelId(2_000_000_777));
    let other = Peer::Channel(ChannelId(2_000_000_778));
    let general = ForumTopic::general(forum, UserId(9), 1_700_000_000);
    commit(
        &store,
        vec![
            Write::PutTopic(Box::new(topic(forum, 5, "Ideas"))),
            Write::PutTopic(Box::new(general.clone())),
            Write::PutTopic(Box::new(topic(forum, 9, "Bugs"))),
            Write::PutTopic(Box::new(topic(other, 5, "Elsewhere"))),
        ],
    )
    .await;
    assert_eq!(
        store.topic(forum, MessageId(5)).await.unwrap(),
        Some(topic(forum, 5, "Ideas"))
    );
    assert_eq!(store.topic(forum, MessageId(6)).await.unwrap(), None);
    let ids: Vec<i32> = store
        .topics(forum)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id.0)
        .collect();
    assert_eq!(ids, [1, 9, 5]);
    assert!(
        store
            .topic(forum, MessageId(9))
            .await
            .unwrap()
            .unwrap()
            .pinned
    );

    let mut closed = topic(forum, 5, "Ideas, renamed");
    closed.closed = true;
    commit(
        &store,
        vec![
            Write::PutTopic(Box::new(closed.clone())),
            Write::DeleteTopic {
                chat: forum,
                id: MessageId(9),
            },
        ],
    )
    .await;
    assert_eq!(
        store.topic(forum, MessageId(5)).await.unwrap(),
        Some(closed)
    );
    assert_eq!(store.topics(forum).await.unwrap().len(), 2);
    assert_eq!(
        store
            .topic(other, MessageId(5))
            .await
            .unwrap()
            .map(|t| t.name),
        Some("Elsewhere".to_owned())
    );

    let box_id = BoxId::Channel(ChannelId(2_000_000_777));
    let message = |id: i32, topic: Option<i32>| {
        let mut msg = text_message(box_id, id, 9000 + i64::from(id), forum, UserId(9), "t");
        msg.topic = topic.map(MessageId);
        put(msg)
    };
    let mut opening = text_message(box_id, 5, 9005, forum, UserId(9), "");
    opening.content = Content::Service(ServiceAction::TopicCreated {
        name: "Ideas".into(),
        icon_color: 7_322_096,
        icon_emoji_id: None,
    });
    commit(
        &store,
        vec![
            put(opening),
            message(6, Some(5)),
            message(7, None),
            message(8, Some(5)),
            message(9, Some(9)),
        ],
    )
    .await;
    assert_eq!(
        store
            .topic_messages(box_id, forum, MessageId(5))
            .await
            .unwrap(),
        [MessageId(5), MessageId(6), MessageId(8)]
    );
    assert_eq!(
        store
            .message(box_id, MessageId(6))
            .await
            .unwrap()
            .unwrap()
            .topic,
        Some(MessageId(5))
    );
    assert_eq!(
        store
            .message(box_id, MessageId(7))
            .await
            .unwrap()
            .unwrap()
            .topic,
        None
    );
    assert_eq!(
        store
            .topic_messages(box_id, forum, crate::topics::GENERAL_TOPIC)
            .await
            .unwrap(),
        [MessageId(7)],
        "General has the messages of no topic, not those that opened one"
    );
}
