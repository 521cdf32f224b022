//! Block lists: the store's records, and what a block does to private messages (see the
//! `blocks` service module).

use std::sync::Arc;

use super::user;

use crate::chats::MemberStatus;
use crate::clock::ManualClock;
use crate::error::CoreError;
use crate::ids::{Peer, UserId};
use crate::messages::{HistoryQuery, OutgoingText, SendOptions};
use crate::store::{Store, Write};
use crate::updates::BotUpdate;
use crate::users::{BotInfo, NewUser};
use crate::{Core, CoreConfig, GetUpdates};

fn text(text: &str) -> OutgoingText {
    OutgoingText {
        text: text.into(),
        ..OutgoingText::default()
    }
}

/// The block records round-trip, newest first, and deleting one removes only it.
pub async fn block_records_round_trip(store: Arc<dyn Store>) {
    let (alice, bob, carol) = (UserId(11), Peer::User(UserId(12)), Peer::User(UserId(13)));
    store
        .submit(vec![
            Write::PutBlock {
                user: alice,
                peer: bob,
                date: 100,
            },
            Write::PutBlock {
                user: alice,
                peer: carol,
                date: 200,
            },
            Write::PutBlock {
                user: UserId(12),
                peer: Peer::User(alice),
                date: 150,
            },
        ])
        .await
        .unwrap();
    assert_eq!(
        store.blocks(alice).await.unwrap(),
        [(carol, 200), (bob, 100)]
    );
    store
        .submit(vec![Write::DeleteBlock {
            user: alice,
            peer: carol,
        }])
        .await
        .unwrap();
    assert_eq!(store.blocks(alice).await.unwrap(), [(bob, 100)]);
    assert_eq!(
        store.blocks(UserId(12)).await.unwrap(),
        [(Peer::User(alice), 150)]
    );
    assert_eq!(store.blocks(UserId(99)).await.unwrap(), []);
}

/// A blocked bot gets `BotBlocked` and a `my_chat_member` update; a blocked person's
/// messages stay in their own history; the blocker cannot write until they unblock.
pub async fn blocking_stops_private_messages(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let core = Core::open(store, clock, CoreConfig::default())
        .await
        .expect("open the core");
    let alice = core
        .create_user(user("Alice", None, Some("+15550001")))
        .await
        .unwrap();
    let bob = core
        .create_user(user("Bob", None, Some("+15550002")))
        .await
        .unwrap();
    let new_bot = NewUser {
        first_name: "Bot".into(),
        last_name: None,
        username: Some("block_bot".into()),
        phone: None,
        bot: None,
    };
    let bot = core
        .create_bot(new_bot, BotInfo::default())
        .await
        .unwrap()
        .0;
    let to_bot = Peer::User(bot.id);
    let to_alice = Peer::User(alice.id);
    core.send_text(alice.id, to_bot, text("/start"), SendOptions::default())
        .await
        .unwrap();
    core.send_text(bot.id, to_alice, text("hello"), SendOptions::default())
        .await
        .unwrap();

    assert!(core.block(alice.id, to_bot).await.unwrap());
    assert!(
        !core.block(alice.id, to_bot).await.unwrap(),
        "already blocked"
    );
    assert!(core.is_blocked(alice.id, to_bot).await.unwrap());
    assert_eq!(
        core.send_text(
            bot.id,
            to_alice,
            text("still there?"),
            SendOptions::default()
        )
        .await
        .unwrap_err(),
        CoreError::BotBlocked
    );
    assert_eq!(
        core.send_text(alice.id, to_bot, text("hi"), SendOptions::default())
            .await
            .unwrap_err(),
        CoreError::YouBlockedUser
    );
    assert!(core.unblock(alice.id, to_bot).await.unwrap());
    core.send_text(
        bot.id,
        to_alice,
        text("welcome back"),
        SendOptions::default(),
    )
    .await
    .unwrap();
    let updates = core
        .get_updates(
            bot.id,
            GetUpdates {
                offset: 0,
                limit: 100,
                timeout: std::time::Duration::ZERO,
                allowed_updates: None,
            },
        )
        .await
        .unwrap();
    let changes: Vec<(Peer, UserId, MemberStatus, MemberStatus)> = updates
        .iter()
        .filter_map(|u| match &u.update {
            BotUpdate::MyChatMember(m) => Some((m.chat, m.actor, m.old.status, m.new.status)),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                to_alice,
                alice.id,
                MemberStatus::Member,
                MemberStatus::Kicked
            ),
            (
                to_alice,
                alice.id,
                MemberStatus::Kicked,
                MemberStatus::Member
            ),
        ]
    );

    // Between people: Bob's message to Alice, who blocked him, reaches only his history.
    core.block(alice.id, Peer::User(bob.id)).await.unwrap();
    core.send_text(bob.id, to_alice, text("unseen"), SendOptions::default())
        .await
        .unwrap();
    let texts = |history: crate::History| -> Vec<String> {
        history
            .messages
            .iter()
            .filter_map(|m| match &m.content {
                crate::messages::Content::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    };
    let bobs = core
        .history(bob.id, to_alice, HistoryQuery::newest(10))
        .await
        .unwrap();
    assert_eq!(texts(bobs), ["unseen"]);
    let alices = core
        .history(alice.id, Peer::User(bob.id), HistoryQuery::newest(10))
        .await
        .unwrap();
    assert_eq!(texts(alices), Vec::<String>::new());
    let page = core.blocked(alice.id, 0, 10).await.unwrap();
    assert_eq!(
        (
            page.total,
            page.entries.iter().map(|e| e.peer).collect::<Vec<_>>()
        ),
        (1, vec![Peer::User(bob.id)])
    );
    assert_eq!(
        core.block(alice.id, to_alice).await.unwrap_err(),
        CoreError::PeerInvalid
    );
}
