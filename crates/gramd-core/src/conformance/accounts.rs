//! Users, sessions, id spaces, and how batches commit.

use std::sync::Arc;

use super::{commit, put, text_message, user};
use crate::ids::{BoxId, ChannelId, GroupId, MessageId, Peer, UserId};
use crate::store::{AuthKeyRecord, BoxCounters, IdSpace, Store, StoreError, Write};
use crate::users::BotInfo;

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

/// MTProto auth keys are stored by id; saving one again replaces it.
pub async fn auth_keys_round_trip(store: Arc<dyn Store>) {
    assert_eq!(store.auth_keys().await.unwrap(), []);
    let permanent = AuthKeyRecord {
        id: -5,
        key: (0..=255).collect(),
        expires_at: None,
        perm_key_id: None,
        layer: None,
    };
    let temporary = AuthKeyRecord {
        id: 7,
        key: vec![9; 256],
        expires_at: Some(1_700_000_000),
        perm_key_id: None,
        layer: Some(198),
    };
    store.save_auth_key(permanent.clone()).await.unwrap();
    store.save_auth_key(temporary.clone()).await.unwrap();
    let bound = AuthKeyRecord {
        perm_key_id: Some(-5),
        layer: Some(230),
        ..temporary
    };
    store.save_auth_key(bound.clone()).await.unwrap();
    let mut keys = store.auth_keys().await.unwrap();
    keys.sort_by_key(|k| k.id);
    assert_eq!(keys, [permanent, bound]);
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
