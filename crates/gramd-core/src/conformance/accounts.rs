//! Users, sessions (authorizations), id spaces, and how batches commit.

use std::sync::Arc;

use super::{commit, put, text_message, user};
use crate::auth::{Authorization, ClientInfo, SERVICE_USER, TokenKey};
use crate::ids::{BoxId, ChannelId, GroupId, MessageId, Peer, SessionId, UserId};
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

/// Bots keep their token secret; phone numbers find their user.
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
    let phoned = store
        .create_user(user("P", None, Some("15550001")), None)
        .await
        .unwrap();
    assert_eq!(
        store.user_by_phone("15550001").await.unwrap(),
        Some(phoned.id)
    );
    assert_eq!(store.user_by_phone("15550002").await.unwrap(), None);
}

/// Sessions are found by the key of their secret, signed in and described by id, listed
/// per user (signed-in ones, oldest first), and ended by id.
pub async fn authorizations_round_trip(store: Arc<dyn Store>) {
    let ann = UserId(100);
    let session = |id, user, created_at| Authorization {
        id: SessionId(id),
        user,
        client: ClientInfo::default(),
        created_at,
        active_at: created_at,
    };
    let (k1, k2, k3) = (
        TokenKey::of("one"),
        TokenKey::of("two"),
        TokenKey::of("three"),
    );
    store
        .create_authorization(k1, session(1, None, 10))
        .await
        .unwrap();
    store
        .create_authorization(k2, session(2, Some(ann), 5))
        .await
        .unwrap();
    store
        .create_authorization(k3, session(3, Some(UserId(101)), 1))
        .await
        .unwrap();
    assert_eq!(
        store.authorization(k1).await.unwrap(),
        Some(session(1, None, 10))
    );
    assert_eq!(
        store.authorization(TokenKey::of("four")).await.unwrap(),
        None
    );
    let ids = |list: Vec<Authorization>| list.iter().map(|a| a.id.0).collect::<Vec<_>>();
    assert_eq!(ids(store.authorizations(ann).await.unwrap()), [2]);

    assert!(
        store
            .sign_in_authorization(SessionId(1), Some(ann), 20)
            .await
            .unwrap()
    );
    let client = ClientInfo {
        api_id: 7,
        device_model: "Phone".into(),
        platform: "Android".into(),
        system_version: "14".into(),
        app_name: "App".into(),
        app_version: "1.0".into(),
    };
    assert!(
        store
            .describe_authorization(SessionId(1), client.clone(), 25)
            .await
            .unwrap()
    );
    let signed_in = store.authorization(k1).await.unwrap().unwrap();
    assert_eq!(
        (signed_in.user, signed_in.active_at, signed_in.created_at),
        (Some(ann), 25, 10)
    );
    assert_eq!(signed_in.client, client);
    assert_eq!(ids(store.authorizations(ann).await.unwrap()), [2, 1]);

    assert_eq!(
        store
            .delete_authorizations(vec![SessionId(2), SessionId(9)])
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.authorization(k2).await.unwrap(), None);
    assert_eq!(ids(store.authorizations(ann).await.unwrap()), [1]);
    assert!(
        !store
            .sign_in_authorization(SessionId(2), Some(ann), 30)
            .await
            .unwrap()
    );
    assert!(
        !store
            .describe_authorization(SessionId(2), ClientInfo::default(), 30)
            .await
            .unwrap()
    );
    assert_eq!(store.authorization(k2).await.unwrap(), None);
}

/// The service account that sends login codes exists from the start.
pub async fn the_service_account_exists(store: Arc<dyn Store>) {
    let service = store.user(SERVICE_USER).await.unwrap().unwrap();
    assert_eq!(service.first_name, "Telegram");
    assert!(!service.is_bot());
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

/// A username changes hands at once: the old name is freed, the new one claimed (never one
/// another user or chat holds, in any case), and `None` drops it; the bio and the
/// verification round-trip.
pub async fn usernames_change_and_bios_round_trip(store: Arc<dyn Store>) {
    let a = store
        .create_user(user("A", Some("first_name"), None), None)
        .await
        .unwrap();
    let b = store
        .create_user(user("B", Some("taken_name"), None), None)
        .await
        .unwrap();
    store
        .set_username(Peer::User(a.id), Some("Second_Name".into()))
        .await
        .unwrap();
    assert_eq!(store.resolve_username("first_name").await.unwrap(), None);
    assert_eq!(
        store.resolve_username("second_name").await.unwrap(),
        Some(Peer::User(a.id))
    );
    assert_eq!(
        store.user(a.id).await.unwrap().unwrap().username.as_deref(),
        Some("Second_Name")
    );
    assert_eq!(
        store
            .set_username(Peer::User(a.id), Some("TAKEN_name".into()))
            .await,
        Err(StoreError::UsernameOccupied)
    );
    assert_eq!(
        store.resolve_username("second_name").await.unwrap(),
        Some(Peer::User(a.id)),
        "a refused change keeps the old name"
    );
    // Its own name in another case is no conflict.
    store
        .set_username(Peer::User(a.id), Some("second_NAME".into()))
        .await
        .unwrap();
    store.set_username(Peer::User(b.id), None).await.unwrap();
    assert_eq!(store.resolve_username("taken_name").await.unwrap(), None);
    assert_eq!(store.user(b.id).await.unwrap().unwrap().username, None);
    let mut changed = store.user(a.id).await.unwrap().unwrap();
    changed.about = Some("Writes tests.".into());
    let verification = crate::verification::Verification {
        bot: b.id,
        icon: 42,
        description: "Verified by Acme".into(),
    };
    changed.verification = Some(verification.clone());
    commit(&store, vec![Write::UpdateUser(Box::new(changed))]).await;
    let read = store.user(a.id).await.unwrap().unwrap();
    assert_eq!(read.about.as_deref(), Some("Writes tests."));
    assert_eq!(read.verification, Some(verification));
    assert_eq!(read.username.as_deref(), Some("second_NAME"));
}

/// The bots a user lets change their emoji status are kept per user and bot; the status
/// itself round-trips with the user.
pub async fn emoji_status_access_round_trips(store: Arc<dyn Store>) {
    let ann = store
        .create_user(user("Ann", None, None), None)
        .await
        .unwrap();
    let (bot, other) = (UserId(7_000_001), UserId(7_000_002));
    assert!(!store.emoji_status_access(ann.id, bot).await.unwrap());
    let allow = |allowed| Write::SetEmojiStatusAccess {
        user: ann.id,
        bot,
        allowed,
    };
    commit(&store, vec![allow(true)]).await;
    assert!(store.emoji_status_access(ann.id, bot).await.unwrap());
    assert!(!store.emoji_status_access(ann.id, other).await.unwrap());
    commit(&store, vec![allow(false)]).await;
    assert!(!store.emoji_status_access(ann.id, bot).await.unwrap());
    let mut changed = store.user(ann.id).await.unwrap().unwrap();
    let status = crate::users::EmojiStatus {
        custom_emoji_id: 42,
        until: Some(1_900_000_000),
    };
    changed.emoji_status = Some(status);
    commit(&store, vec![Write::UpdateUser(Box::new(changed))]).await;
    assert_eq!(
        store.user(ann.id).await.unwrap().unwrap().emoji_status,
        Some(status)
    );
}
