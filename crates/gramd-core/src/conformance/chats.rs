//! Chats, members, bot settings.

use std::sync::Arc;

use super::commit;
use crate::bots::{BotCommand, BotDelivery, Webhook};
use crate::chats::{Chat, ChatKind, Member, MemberFilter, MemberStatus, Permissions};
use crate::ids::{GroupId, Peer, UserId};
use crate::store::{Store, Write};
use crate::updates::UpdateMask;

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
        permissions: Permissions::all(),
        photo: None,
        verification: None,
        sticker_set: None,
        available_reactions: crate::reactions::AvailableReactions::All,
        forum: false,
    };
    let member = |user, status, date| Member::joined(peer, UserId(user), status, None, date);
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
            certificate: Some("-----BEGIN CERTIFICATE-----".into()),
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
    assert!(store.webhook_bots().await.unwrap().contains(&bot));
    let polling = BotDelivery {
        webhook: None,
        ..delivery.clone()
    };
    commit(
        &store,
        vec![Write::SetBotDelivery {
            bot,
            delivery: polling,
        }],
    )
    .await;
    assert!(
        !store.webhook_bots().await.unwrap().contains(&bot),
        "a deleted webhook is not listed"
    );
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
