//! Business connections: the store's connection records and account counts, and the core's
//! rules for connecting bots, which chats a connection covers and acting for the user
//! (the `business` service module).

use std::sync::Arc;

use super::{commit, user};

use crate::business::{BusinessConnection, BusinessRecipients, BusinessRights};
use crate::chats::{Member, MemberStatus};
use crate::clock::ManualClock;
use crate::error::CoreError;
use crate::ids::{BoxId, GroupId, MessageId, Peer, UserId};
use crate::messages::{DeleteFor, MessageEdit, MissingIds, OutgoingText, SendOptions};
use crate::store::{AccountCounts, Store, Write};
use crate::updates::BotUpdate;
use crate::users::{BotInfo, User};
use crate::{Core, CoreConfig};

/// When the tests' clock starts.
const START: i64 = 1_800_000_000;

fn connection(id: &str, user: i64, bot: i64, date: i64, enabled: bool) -> BusinessConnection {
    BusinessConnection {
        id: id.into(),
        user: UserId(user),
        bot: UserId(bot),
        date,
        rights: BusinessRights {
            can_reply: true,
            ..BusinessRights::default()
        },
        recipients: BusinessRecipients {
            existing_chats: true,
            users: vec![UserId(7)],
            ..BusinessRecipients::default()
        },
        enabled,
    }
}

/// Connections are stored by id and listed per user, oldest first; a record is replaced
/// whole.
pub async fn business_connections_round_trip(store: Arc<dyn Store>) {
    let a = connection("conn-a", 1, 10, 100, true);
    let b = connection("conn-b", 1, 11, 200, false);
    let c = connection("conn-c", 2, 10, 50, true);
    let put = |c: &BusinessConnection| Write::PutBusinessConnection(Box::new(c.clone()));
    commit(&store, vec![put(&b), put(&a), put(&c)]).await;
    assert_eq!(
        store.business_connection("conn-a").await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(store.business_connection("conn-x").await.unwrap(), None);
    assert_eq!(
        store.business_connections(UserId(1)).await.unwrap(),
        [a.clone(), b]
    );
    assert!(
        store
            .business_connections(UserId(3))
            .await
            .unwrap()
            .is_empty()
    );
    let changed = BusinessConnection {
        enabled: false,
        rights: BusinessRights::default(),
        ..a
    };
    commit(&store, vec![put(&changed)]).await;
    assert_eq!(
        store.business_connection("conn-a").await.unwrap(),
        Some(changed)
    );
    assert_eq!(store.business_connections(UserId(2)).await.unwrap(), [c]);
}

/// An account's counts: its dialogs with users, and the chats it is a member of (left and
/// banned ones do not count).
pub async fn account_counts_count_chats_and_private_chats(store: Arc<dyn Store>) {
    let bot = UserId(90);
    assert_eq!(
        store.account_counts(bot).await.unwrap(),
        AccountCounts::default()
    );
    let touch = |peer| Write::TouchDialog {
        owner: bot,
        peer,
        top_message: MessageId(1),
    };
    let member = |chat: i64, status| {
        let mut m = Member::left(Peer::Group(GroupId(chat)), bot);
        m.status = status;
        Write::PutMember(Box::new(m))
    };
    commit(
        &store,
        vec![
            touch(Peer::User(UserId(5))),
            touch(Peer::User(UserId(6))),
            touch(Peer::Group(GroupId(7))),
            Write::TouchDialog {
                owner: UserId(91),
                peer: Peer::User(UserId(5)),
                top_message: MessageId(1),
            },
            member(1, MemberStatus::Member),
            member(2, MemberStatus::Administrator),
            member(3, MemberStatus::Left),
            member(4, MemberStatus::Kicked),
            member(5, MemberStatus::Creator),
        ],
    )
    .await;
    assert_eq!(
        store.account_counts(bot).await.unwrap(),
        AccountCounts {
            private_chats: 2,
            chats: 3,
        }
    );
}

fn text(t: &str) -> OutgoingText {
    OutgoingText {
        text: t.into(),
        ..OutgoingText::default()
    }
}

fn refused(name: &'static str) -> CoreError {
    CoreError::Refused { name }
}

async fn person(core: &Core, name: &str) -> Arc<User> {
    core.create_user(user(name, None, None)).await.unwrap()
}

async fn business_bot(core: &Core, username: &str, business: bool) -> Arc<User> {
    let info = BotInfo {
        can_connect_to_business: business,
        ..BotInfo::default()
    };
    core.create_bot(user("Bot", Some(username), None), info)
        .await
        .unwrap()
        .0
}

/// The updates queued for a bot, oldest first.
async fn queued(store: &Arc<dyn Store>, bot: UserId) -> Vec<BotUpdate> {
    store
        .bot_updates(bot, 0, 1000, START)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.update)
        .collect()
}

/// Connecting needs a business bot and some recipients; the bot hears of messages in the
/// chats the connection covers, from both sides, and of nothing else; it sends as the user
/// within its rights and the 24-hour window; connecting another bot or disconnecting ends
/// the connection, and the bot is told.
pub async fn business_connections_follow_the_rules(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(START));
    let core = Core::open(store.clone(), clock.clone(), CoreConfig::default())
        .await
        .expect("open the core");
    let owner = person(&core, "Owner").await;
    let client = person(&core, "Client").await;
    let stranger = person(&core, "Stranger").await;
    let plain_bot = business_bot(&core, "plain_bot", false).await;
    let bot = business_bot(&core, "desk_bot", true).await;
    let other_bot = business_bot(&core, "other_bot", true).await;
    let rights = BusinessRights {
        can_reply: true,
        can_read_messages: true,
        ..BusinessRights::default()
    };
    let recipients = BusinessRecipients {
        non_contacts: true,
        exclude_users: vec![stranger.id],
        ..BusinessRecipients::default()
    };

    assert_eq!(
        core.connect_business_bot(owner.id, plain_bot.id, rights, recipients.clone())
            .await,
        Err(refused("BOT_BUSINESS_MISSING"))
    );
    assert_eq!(
        core.connect_business_bot(owner.id, bot.id, rights, BusinessRecipients::default())
            .await,
        Err(refused("BUSINESS_RECIPIENTS_EMPTY"))
    );
    assert_eq!(
        core.connect_business_bot(bot.id, other_bot.id, rights, recipients.clone())
            .await,
        Err(CoreError::BotMethodInvalid)
    );
    let connection = core
        .connect_business_bot(owner.id, bot.id, rights, recipients.clone())
        .await
        .unwrap();
    assert!(connection.enabled);
    assert_eq!((connection.user, connection.bot), (owner.id, bot.id));
    assert_eq!(
        core.connected_bots(owner.id).await.unwrap(),
        std::slice::from_ref(&connection)
    );
    assert_eq!(
        core.bot_business_connection(bot.id, &connection.id).await,
        Ok(connection.clone())
    );
    assert_eq!(
        core.bot_business_connection(other_bot.id, &connection.id)
            .await,
        Err(refused("CONNECTION_ID_INVALID"))
    );
    assert_eq!(
        queued(&store, bot.id).await,
        [BotUpdate::BusinessConnection(connection.clone())]
    );

    // Not yet written to: the bot may not reply.
    let id = connection.id.as_str();
    assert_eq!(
        core.send_business_text(
            bot.id,
            id,
            Peer::User(client.id),
            text("early"),
            SendOptions::default()
        )
        .await
        .map(|_| ()),
        Err(refused("BUSINESS_PEER_USAGE_MISSING"))
    );

    let incoming = core
        .send_text(
            client.id,
            Peer::User(owner.id),
            text("hello"),
            SendOptions::default(),
        )
        .await
        .unwrap()
        .message;
    let outgoing = core
        .send_text(
            owner.id,
            Peer::User(client.id),
            text("hi"),
            SendOptions::default(),
        )
        .await
        .unwrap()
        .message;
    core.send_text(
        stranger.id,
        Peer::User(owner.id),
        text("excluded"),
        SendOptions::default(),
    )
    .await
    .unwrap();
    core.send_text(
        client.id,
        Peer::User(stranger.id),
        text("not the owner's chat"),
        SendOptions::default(),
    )
    .await
    .unwrap();
    // The owner's copy of the client's message, in the owner's box.
    let owner_box = BoxId::User(owner.id);
    let incoming = store
        .copies(incoming.gid)
        .await
        .unwrap()
        .into_iter()
        .find(|(box_id, _)| *box_id == owner_box)
        .expect("the owner has a copy");
    let incoming = store
        .message(owner_box, incoming.1)
        .await
        .unwrap()
        .expect("the owner's copy");
    assert_eq!(incoming.from, Some(client.id));
    let updates = queued(&store, bot.id).await;
    let business: Vec<(String, crate::messages::Message)> = updates
        .iter()
        .filter_map(|u| match u {
            BotUpdate::BusinessMessage(m) => Some((m.connection_id.clone(), m.message.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(updates.len(), 3, "{updates:?}");
    assert_eq!(
        business,
        [
            (connection.id.clone(), incoming.clone()),
            (connection.id.clone(), outgoing.clone())
        ],
        "the owner's copies of the covered chat, both ways"
    );

    // Sending as the owner: in a covered chat, within the window.
    assert_eq!(
        core.send_business_text(
            bot.id,
            id,
            Peer::User(stranger.id),
            text("no"),
            SendOptions::default()
        )
        .await
        .map(|_| ()),
        Err(refused("BUSINESS_PEER_INVALID"))
    );
    assert_eq!(
        core.send_business_text(
            other_bot.id,
            id,
            Peer::User(client.id),
            text("no"),
            SendOptions::default()
        )
        .await
        .map(|_| ()),
        Err(refused("BUSINESS_CONNECTION_INVALID"))
    );
    let reply = core
        .send_business_text(
            bot.id,
            id,
            Peer::User(client.id),
            text("answered by the bot"),
            SendOptions::default(),
        )
        .await
        .unwrap()
        .message;
    assert_eq!(reply.from, Some(owner.id));
    assert_eq!(reply.via_business_bot, Some(bot.id));
    let seen_by_client = core
        .history(
            client.id,
            Peer::User(owner.id),
            crate::messages::HistoryQuery::newest(1),
        )
        .await
        .unwrap();
    let newest = &seen_by_client.messages[0];
    assert_eq!(newest.text(), "answered by the bot");
    assert_eq!(
        (newest.from, newest.via_business_bot),
        (Some(owner.id), Some(bot.id))
    );
    assert_eq!(
        queued(&store, bot.id).await.len(),
        3,
        "the bot does not hear of its own message"
    );

    // Edits and deletions in the covered chat reach the bot too.
    core.edit_business_message(
        bot.id,
        id,
        Peer::User(client.id),
        reply.id,
        MessageEdit {
            text: Some(text("edited by the bot")),
            ..MessageEdit::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        core.edit_business_message(
            bot.id,
            id,
            Peer::User(client.id),
            outgoing.id,
            MessageEdit {
                text: Some(text("not the bot's")),
                ..MessageEdit::default()
            },
        )
        .await
        .map(|_| ()),
        Err(CoreError::MessageEditForbidden)
    );
    core.delete_messages(
        owner.id,
        Some(Peer::User(client.id)),
        &[incoming.id],
        DeleteFor::Everyone,
        MissingIds::Refuse,
    )
    .await
    .unwrap_or_else(|err| panic!("{err:?}"));
    let updates = queued(&store, bot.id).await;
    match &updates[3] {
        BotUpdate::EditedBusinessMessage(m) => {
            assert_eq!(m.message.text(), "edited by the bot");
            assert_eq!(m.message.id, reply.id);
        }
        other => panic!("expected an edit, got {other:?}"),
    }
    match &updates[4] {
        BotUpdate::DeletedBusinessMessages(d) => {
            assert_eq!(d.connection_id, connection.id);
            assert_eq!(d.chat, Peer::User(client.id));
            assert_eq!(d.ids, [incoming.id]);
        }
        other => panic!("expected a deletion, got {other:?}"),
    }
    // Deleting needs a right this connection lacks.
    assert_eq!(
        core.delete_business_messages(bot.id, id, &[reply.id]).await,
        Err(refused("BOT_ACCESS_FORBIDDEN"))
    );

    // A day later the window is closed.
    clock.advance(86_401);
    assert_eq!(
        core.send_business_text(
            bot.id,
            id,
            Peer::User(client.id),
            text("late"),
            SendOptions::default()
        )
        .await
        .map(|_| ()),
        Err(refused("BUSINESS_PEER_USAGE_MISSING"))
    );

    // Connecting another bot ends this connection; the first bot is told.
    let second = core
        .connect_business_bot(owner.id, other_bot.id, rights, recipients)
        .await
        .unwrap();
    assert_eq!(
        core.connected_bots(owner.id).await.unwrap(),
        std::slice::from_ref(&second)
    );
    let ended = core
        .bot_business_connection(bot.id, &connection.id)
        .await
        .unwrap();
    assert!(!ended.enabled);
    let updates = queued(&store, bot.id).await;
    assert_eq!(updates.last(), Some(&BotUpdate::BusinessConnection(ended)));
    core.send_text(
        client.id,
        Peer::User(owner.id),
        text("after"),
        SendOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(queued(&store, bot.id).await.len(), updates.len());
    assert!(matches!(
        queued(&store, other_bot.id).await.last(),
        Some(BotUpdate::BusinessMessage(_))
    ));

    core.disconnect_business_bot(owner.id, other_bot.id)
        .await
        .unwrap();
    assert!(core.connected_bots(owner.id).await.unwrap().is_empty());
    assert_eq!(
        core.disconnect_business_bot(owner.id, other_bot.id).await,
        Err(refused("BOT_NOT_CONNECTED_YET"))
    );
}

/// `existing_chats` covers the chats that had messages before the connection was made,
/// `new_chats` those whose first message came after; `users` adds people by name whatever
/// the age of the chat.
pub async fn business_recipients_tell_existing_from_new_chats(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(START));
    let core = Core::open(store.clone(), clock.clone(), CoreConfig::default())
        .await
        .expect("open the core");
    let owner = person(&core, "Owner").await;
    let old_friend = person(&core, "Old").await;
    let newcomer = person(&core, "New").await;
    let named = person(&core, "Named").await;
    let new_chats_bot = business_bot(&core, "new_chats_bot", true).await;
    let existing_chats_bot = business_bot(&core, "existing_chats_bot", true).await;
    let say = |from: UserId, to: UserId, what: &'static str| {
        let core = core.clone();
        async move {
            core.send_text(from, Peer::User(to), text(what), SendOptions::default())
                .await
                .unwrap();
        }
    };
    say(old_friend.id, owner.id, "from before").await;
    say(named.id, owner.id, "named, from before").await;
    clock.advance(60);
    let heard = |bot: UserId| {
        let store = store.clone();
        async move {
            queued(&store, bot)
                .await
                .into_iter()
                .filter_map(|u| match u {
                    BotUpdate::BusinessMessage(m) => Some(m.message.text().to_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        }
    };
    let rights = BusinessRights::default();

    let only_new = BusinessRecipients {
        new_chats: true,
        users: vec![named.id],
        ..BusinessRecipients::default()
    };
    core.connect_business_bot(owner.id, new_chats_bot.id, rights, only_new)
        .await
        .unwrap();
    clock.advance(60);
    say(old_friend.id, owner.id, "old chat").await;
    say(newcomer.id, owner.id, "new chat").await;
    say(named.id, owner.id, "named chat").await;
    assert_eq!(heard(new_chats_bot.id).await, ["new chat", "named chat"]);

    // Connected later, the newcomer's chat has become an existing one.
    clock.advance(60);
    let only_existing = BusinessRecipients {
        existing_chats: true,
        ..BusinessRecipients::default()
    };
    core.connect_business_bot(owner.id, existing_chats_bot.id, rights, only_existing)
        .await
        .unwrap();
    clock.advance(60);
    let fresh = person(&core, "Fresh").await;
    say(old_friend.id, owner.id, "old again").await;
    say(newcomer.id, owner.id, "newcomer again").await;
    say(fresh.id, owner.id, "fresh").await;
    assert_eq!(
        heard(existing_chats_bot.id).await,
        ["old again", "newcomer again"]
    );
}

/// Pausing or disabling the bot in one chat excludes that person (or, with
/// `exclude_selected`, selects them, which that flag excludes); resuming puts them back.
pub async fn excluding_a_chat_detaches_it(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(START));
    let core = Core::open(store.clone(), clock, CoreConfig::default())
        .await
        .expect("open the core");
    let owner = person(&core, "Owner").await;
    let client = person(&core, "Client").await;
    let bot = business_bot(&core, "pause_bot", true).await;
    let (owner, client, bot) = (owner.as_ref(), client.as_ref(), bot.as_ref());
    assert_eq!(
        core.exclude_business_peer(owner.id, Peer::User(client.id), true)
            .await,
        Err(refused("BOT_NOT_CONNECTED_YET"))
    );
    for exclude_selected in [false, true] {
        let recipients = BusinessRecipients {
            non_contacts: !exclude_selected,
            exclude_selected,
            ..BusinessRecipients::default()
        };
        core.connect_business_bot(owner.id, bot.id, BusinessRights::default(), recipients)
            .await
            .unwrap();
        let covered = |expected: bool| {
            let (core, store) = (core.clone(), store.clone());
            let (owner, client, bot) = (owner.id, client.id, bot.id);
            async move {
                let before = queued(&store, bot).await.len();
                core.send_text(
                    client,
                    Peer::User(owner),
                    text("ping"),
                    SendOptions::default(),
                )
                .await
                .unwrap();
                let after = queued(&store, bot).await;
                let heard = matches!(after.last(), Some(BotUpdate::BusinessMessage(_)));
                assert_eq!(heard && after.len() == before + 1, expected);
            }
        };
        covered(true).await;
        let peer = Peer::User(client.id);
        assert_eq!(
            core.exclude_business_peer(owner.id, peer, true).await,
            Ok(true)
        );
        assert_eq!(
            core.exclude_business_peer(owner.id, peer, true).await,
            Ok(false)
        );
        let connection = &core.connected_bots(owner.id).await.unwrap()[0];
        let excluded = if exclude_selected {
            &connection.recipients.users
        } else {
            &connection.recipients.exclude_users
        };
        assert_eq!(excluded, &[client.id]);
        assert!(matches!(
            queued(&store, bot.id).await.last(),
            Some(BotUpdate::BusinessConnection(c)) if c == connection
        ));
        covered(false).await;
        assert_eq!(
            core.exclude_business_peer(owner.id, peer, false).await,
            Ok(true)
        );
        covered(true).await;
    }
}
