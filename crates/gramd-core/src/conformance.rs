//! The storage conformance suite: checks of the [`Store`] contract that every backend's
//! tests run, so backends cannot drift apart.
//!
//! A backend instantiates it with [`conformance_tests!`](crate::conformance_tests), giving
//! an expression that makes a fresh, empty store.

use std::sync::Arc;

use crate::bots::{BotCommand, BotDelivery, Webhook};
use crate::chats::{AdminRights, Chat, ChatKind, Member, MemberFilter, MemberStatus};
use crate::ids::{BoxId, ChannelId, GroupId, MessageId, Peer, UserId};
use crate::messages::{Content, HistoryQuery, Message};
use crate::store::{BoxCounters, CopyPlace, IdSpace, Store, StoreError, Write};
use crate::updates::{BotUpdate, BoxUpdate, UpdateMask};
use crate::users::{BotInfo, NewUser};

/// Expands to one `#[tokio::test]` per check, each on a fresh store from `$make`.
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@tests $make;
            users_and_usernames, sessions_and_bot_secrets, id_spaces_are_durable_sequences,
            batches_commit_atomically_and_alone, counters_never_go_back, history_pages,
            copies_and_edits_follow_the_gid, unindexed_copies_stay_readable,
            bot_queue_expiry_and_trimming,
            box_log_reads_in_order, chats_and_members, bot_settings_round_trip,
            dialogs_keep_read_marks);
    };
    (@tests $make:expr; $($check:ident),*) => {
        $(
            #[tokio::test]
            async fn $check() {
                let store: std::sync::Arc<dyn $crate::store::Store> = $make;
                $crate::conformance::$check(store).await;
            }
        )*
    };
}

fn user(name: &str, username: Option<&str>, phone: Option<&str>) -> NewUser {
    NewUser {
        first_name: name.into(),
        last_name: None,
        username: username.map(Into::into),
        phone: phone.map(Into::into),
        bot: None,
    }
}

fn text_message(box_id: BoxId, id: i32, gid: i64, peer: Peer, from: UserId, text: &str) -> Message {
    Message {
        box_id,
        id: MessageId(id),
        gid,
        peer,
        from: Some(from),
        date: 1_700_000_000 + i64::from(id),
        edit_date: None,
        content: Content::Text {
            text: text.into(),
            entities: Vec::new(),
            link_preview: None,
        },
        reply_to: None,
        reply_markup: None,
        forward: None,
        silent: false,
        noforwards: false,
    }
}

/// A message with a single copy.
fn put(message: Message) -> Write {
    Write::PutMessage {
        copies: vec![CopyPlace::of(&message)],
        message: Box::new(message),
    }
}

async fn commit(store: &Arc<dyn Store>, writes: Vec<Write>) {
    store.submit(writes).await.expect("commit");
}

/// Users get fresh ids; usernames are unique case-insensitively across users; phones too.
pub async fn users_and_usernames(store: Arc<dyn Store>) {
    let a = store
        .create_user(user("A", Some("Alice"), Some("1555")), None)
        .await
        .unwrap();
    let b = store
        .create_user(user("B", None, None), None)
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(
        store.user(a.id).await.unwrap().unwrap().username.as_deref(),
        Some("Alice")
    );
    assert_eq!(
        store
            .create_user(user("C", Some("aLICE"), None), None)
            .await,
        Err(StoreError::UsernameOccupied)
    );
    assert_eq!(
        store.create_user(user("D", None, Some("1555")), None).await,
        Err(StoreError::PhoneOccupied)
    );
    assert_eq!(
        store.resolve_username("ALICE").await.unwrap(),
        Some(Peer::User(a.id))
    );
    assert_eq!(store.resolve_username("nobody").await.unwrap(), None);
    assert_eq!(store.user(UserId(1)).await.unwrap(), None);
}

/// Sessions map tokens to users; bots keep their token secret.
pub async fn sessions_and_bot_secrets(store: Arc<dyn Store>) {
    let mut new_bot = user("Bot", Some("x_bot"), None);
    new_bot.bot = Some(BotInfo::default());
    let bot = store
        .create_user(new_bot, Some("s3cret".into()))
        .await
        .unwrap();
    assert!(bot.is_bot());
    assert_eq!(
        store.bot_secret(bot.id).await.unwrap().as_deref(),
        Some("s3cret")
    );
    let human = store
        .create_user(user("H", None, None), None)
        .await
        .unwrap();
    assert_eq!(store.bot_secret(human.id).await.unwrap(), None);
    store.create_session(human.id, "tok").await.unwrap();
    assert_eq!(store.session_user("tok").await.unwrap(), Some(human.id));
    assert_eq!(store.session_user("other").await.unwrap(), None);
}

/// Each id space counts up on its own.
pub async fn id_spaces_are_durable_sequences(store: Arc<dyn Store>) {
    let g1 = store.allocate_id(IdSpace::Group).await.unwrap();
    let g2 = store.allocate_id(IdSpace::Group).await.unwrap();
    let c1 = store.allocate_id(IdSpace::Channel).await.unwrap();
    assert_eq!(g2, g1 + 1);
    assert!(Peer::from_key(Peer::Group(GroupId(g2)).key()).is_some());
    assert!(Peer::from_key(Peer::Channel(ChannelId(c1)).key()).is_some());
    assert_ne!(store.server_secret().await.unwrap(), [0; 32]);
}

/// A batch commits as a whole, and a failing batch fails alone.
pub async fn batches_commit_atomically_and_alone(store: Arc<dyn Store>) {
    let a = UserId(10);
    let msg = text_message(BoxId::User(a), 1, 1, Peer::User(UserId(11)), a, "one");
    commit(&store, vec![put(msg.clone())]).await;
    // The same message again (a duplicate key) fails with the rest of its batch...
    let bad = store.submit(vec![
        put(text_message(BoxId::User(a), 2, 2, msg.peer, a, "two")),
        put(msg.clone()),
    ]);
    // ...while a batch submitted right after still commits.
    let good = store.submit(vec![put(text_message(
        BoxId::User(a),
        3,
        3,
        msg.peer,
        a,
        "three",
    ))]);
    assert!(matches!(bad.await, Err(StoreError::Backend(_))));
    good.await.unwrap();
    let ids = [MessageId(1), MessageId(2), MessageId(3)];
    let found: Vec<i32> = store
        .messages(BoxId::User(a), &ids)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id.0)
        .collect();
    assert_eq!(found, [1, 3]);
    assert_eq!(
        store.message(BoxId::User(a), MessageId(1)).await.unwrap(),
        Some(msg)
    );
}

/// Box counters and last update ids only move forward.
pub async fn counters_never_go_back(store: Arc<dyn Store>) {
    let b = BoxId::User(UserId(20));
    assert_eq!(store.box_counters(b).await.unwrap(), BoxCounters::default());
    let set = |m, p| Write::SetBoxCounters {
        box_id: b,
        counters: BoxCounters {
            last_message_id: m,
            pts: p,
        },
    };
    commit(&store, vec![set(5, 7)]).await;
    commit(&store, vec![set(3, 9)]).await;
    assert_eq!(
        store.box_counters(b).await.unwrap(),
        BoxCounters {
            last_message_id: 5,
            pts: 9
        }
    );
    let bot = UserId(21);
    commit(
        &store,
        vec![Write::SetLastUpdateId {
            bot,
            last_update_id: 50,
        }],
    )
    .await;
    commit(
        &store,
        vec![Write::SetLastUpdateId {
            bot,
            last_update_id: 40,
        }],
    )
    .await;
    assert_eq!(store.queue_counters(bot).await.unwrap().last_update_id, 50);
}

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
    let query = HistoryQuery {
        offset_id: 0,
        offset_date: 0,
        add_offset: 0,
        limit: 100,
        max_id: 0,
        min_id: 0,
    };
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

/// Chats and membership records, filtered by standing.
pub async fn chats_and_members(store: Arc<dyn Store>) {
    let peer = Peer::Group(GroupId(4_000_000_123));
    let chat = Chat {
        peer,
        kind: ChatKind::Group,
        title: "T".into(),
        username: None,
        description: None,
        creator: UserId(70),
        date: 1,
        migrated_to: None,
    };
    let member = |user, status, date| Member {
        chat: peer,
        user: UserId(user),
        status,
        inviter: None,
        date,
        rights: if status == MemberStatus::Creator {
            AdminRights::all()
        } else {
            AdminRights::default()
        },
        custom_title: None,
        until_date: 0,
    };
    commit(
        &store,
        vec![
            Write::PutChat(Box::new(chat.clone())),
            Write::PutMember(Box::new(member(70, MemberStatus::Creator, 1))),
            Write::PutMember(Box::new(member(71, MemberStatus::Member, 2))),
            Write::PutMember(Box::new(member(72, MemberStatus::Kicked, 3))),
            Write::PutMember(Box::new(member(73, MemberStatus::Left, 4))),
        ],
    )
    .await;
    assert_eq!(store.chat(peer).await.unwrap(), Some(chat));
    assert_eq!(store.member_count(peer).await.unwrap(), 2);
    let users = |list: Vec<Member>| -> Vec<i64> { list.iter().map(|m| m.user.0).collect() };
    let all = store
        .members(peer, MemberFilter::Recent, 0, 10)
        .await
        .unwrap();
    assert_eq!(users(all), [70, 71]);
    let admins = store
        .members(peer, MemberFilter::Administrators, 0, 10)
        .await
        .unwrap();
    assert_eq!(users(admins), [70]);
    let kicked = store
        .members(peer, MemberFilter::Kicked, 0, 10)
        .await
        .unwrap();
    assert_eq!(users(kicked), [72]);
    let paged = store
        .members(peer, MemberFilter::Recent, 1, 10)
        .await
        .unwrap();
    assert_eq!(users(paged), [71]);
    // Replacing a record changes the standing.
    commit(
        &store,
        vec![Write::PutMember(Box::new(member(
            71,
            MemberStatus::Left,
            5,
        )))],
    )
    .await;
    assert_eq!(store.member_count(peer).await.unwrap(), 1);
    assert_eq!(
        store
            .member(peer, UserId(71))
            .await
            .unwrap()
            .unwrap()
            .status,
        MemberStatus::Left
    );
}

/// Delivery settings and command lists round-trip.
pub async fn bot_settings_round_trip(store: Arc<dyn Store>) {
    let bot = UserId(80);
    assert_eq!(
        store.bot_delivery(bot).await.unwrap(),
        BotDelivery::default()
    );
    let delivery = BotDelivery {
        webhook: Some(Webhook {
            url: "https://example.com".into(),
            max_connections: 40,
            ip_address: None,
            secret_token: Some("s".into()),
            has_custom_certificate: false,
        }),
        allowed_updates: UpdateMask(3),
    };
    commit(
        &store,
        vec![Write::SetBotDelivery {
            bot,
            delivery: delivery.clone(),
        }],
    )
    .await;
    assert_eq!(store.bot_delivery(bot).await.unwrap(), delivery);
    let commands = vec![BotCommand {
        command: "start".into(),
        description: "Start".into(),
    }];
    let set = |commands| Write::SetBotCommands {
        bot,
        scope: "default".into(),
        language: "en".into(),
        commands,
    };
    commit(&store, vec![set(Some(commands.clone()))]).await;
    assert_eq!(
        store.bot_commands(bot, "default", "en").await.unwrap(),
        Some(commands)
    );
    assert_eq!(store.bot_commands(bot, "default", "").await.unwrap(), None);
    commit(&store, vec![set(None)]).await;
    assert_eq!(
        store.bot_commands(bot, "default", "en").await.unwrap(),
        None
    );
}

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
