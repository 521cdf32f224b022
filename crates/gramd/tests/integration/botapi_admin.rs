//! Chat administration over the Bot API: banning, restricting, promoting, custom titles,
//! permissions, title, description, pins and the bot's default rights, with Telegram's
//! error texts, as users see each change over the client API. Every response is checked
//! against the spec by the harness.

use std::sync::Arc;

use gramd_core::clock::ManualClock;
use serde_json::{Value, json};

use crate::groups::{action, create, invite, post, promote, scene, try_post};
use crate::harness::{TestServer, started};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .cast_signed()
}

#[tokio::test]
async fn ban_and_unban_follow_telegram_rules() {
    let server = TestServer::start().await;
    let s = scene(&server, "ban_bot", &["mia_member", "ada_admin"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let (mia, ada) = (&s.members[0], &s.members[1]);
    let ban = |user: i64| json!({"chat_id": chat, "user_id": user});

    // Without the right to restrict, nothing.
    assert_eq!(
        bot.err("banChatMember", ban(mia.id)).await,
        (
            400,
            "Bad Request: not enough rights to restrict/unrestrict chat member".into()
        )
    );
    promote(&s.owner, &s.chat, "ada_admin", json!({"ban_users": true})).await;
    promote(&s.owner, &s.chat, "ban_bot", json!({"ban_users": true})).await;
    assert_eq!(
        bot.err("banChatMember", ban(s.owner.id)).await,
        (400, "Bad Request: can't remove chat owner".into())
    );
    assert_eq!(
        bot.err("banChatMember", ban(ada.id)).await,
        (
            400,
            "Bad Request: user is an administrator of the chat".into()
        )
    );
    assert_eq!(
        bot.err("banChatMember", ban(bot.id)).await,
        (400, "Bad Request: can't restrict self".into())
    );
    assert_eq!(
        bot.err("banChatMember", json!({"chat_id": chat})).await,
        (400, "Bad Request: invalid user_id specified".into())
    );

    // A ban for an hour shows its end; one of 10 s is forever.
    let until = now() + 3600;
    assert_eq!(
        bot.ok(
            "banChatMember",
            json!({"chat_id": chat, "user_id": mia.id, "until_date": until})
        )
        .await,
        true
    );
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    assert_eq!(
        (member["status"].clone(), member["until_date"].clone()),
        (json!("kicked"), json!(until))
    );
    assert_eq!(
        try_post(mia, &s.seen[0], "let me in").await,
        Some((403, "USER_BANNED_IN_CHANNEL".into()))
    );
    // The owner saw Mia removed.
    let history = s.owner.history(&s.chat.peer(), 5).await;
    let removed = history
        .iter()
        .find(|m| action(m) == Some("messageActionChatDeleteUser"))
        .expect("a removal service message");
    assert_eq!(removed["action"]["user_id"], mia.id.to_string());
    assert_eq!(removed["from_id"]["user_id"], bot.id.to_string());
    assert_eq!(
        bot.ok(
            "kickChatMember",
            json!({"chat_id": chat, "user_id": mia.id, "until_date": now() + 10})
        )
        .await,
        true
    );
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    assert_eq!(member["until_date"], 0);

    // only_if_banned leaves members alone; without it, a member is removed too.
    assert_eq!(
        bot.ok(
            "unbanChatMember",
            json!({"chat_id": chat, "user_id": mia.id, "only_if_banned": true})
        )
        .await,
        true
    );
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    assert_eq!(member["status"], "left");
    invite(&s.owner, &s.chat, &["mia_member"]).await;
    bot.ok(
        "unbanChatMember",
        json!({"chat_id": chat, "user_id": mia.id, "only_if_banned": true}),
    )
    .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    assert_eq!(member["status"], "member");
    bot.ok(
        "unbanChatMember",
        json!({"chat_id": chat, "user_id": mia.id}),
    )
    .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    assert_eq!(member["status"], "left");

    // The wrong kinds of chat.
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err(
            "banChatMember",
            json!({"chat_id": pal.id, "user_id": pal.id})
        )
        .await,
        (
            400,
            "Bad Request: can't ban members in private chats".into()
        )
    );
    assert_eq!(
        bot.err(
            "unbanChatMember",
            json!({"chat_id": pal.id, "user_id": pal.id})
        )
        .await,
        (
            400,
            "Bad Request: method is available for supergroup and channel chats only".into()
        )
    );
    let basic = s
        .owner
        .ok(
            "messages.createChat",
            json!({"users": [crate::groups::input_user(&s.owner, "ban_bot").await], "title": "Basic"}),
        )
        .await;
    let basic_id = -basic["updates"]["chats"][0]["id"]
        .as_str()
        .unwrap()
        .parse::<i64>()
        .unwrap();
    assert_eq!(
        bot.err(
            "unbanChatMember",
            json!({"chat_id": basic_id, "user_id": pal.id})
        )
        .await,
        (
            400,
            "Bad Request: method is available for supergroup and channel chats only".into()
        )
    );
    // A bot that is no member of a chat is told so.
    let other = create(&s.owner, "Elsewhere", false).await;
    assert_eq!(
        bot.err(
            "banChatMember",
            json!({"chat_id": other.chat_id, "user_id": mia.id})
        )
        .await,
        (
            403,
            "Forbidden: bot is not a member of the supergroup chat".into()
        )
    );
}

#[tokio::test]
async fn restrictions_and_chat_permissions_bind_members() {
    let server = TestServer::start().await;
    let s = scene(&server, "mute_bot", &["rex_member"]).await;
    let (bot, chat, rex) = (&s.bot, s.chat.chat_id, &s.members[0]);
    let restrict = |user: i64, permissions: Value, extra: Value| {
        let mut params = json!({"chat_id": chat, "user_id": user, "permissions": permissions});
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        params
    };
    assert_eq!(
        bot.err(
            "restrictChatMember",
            restrict(rex.id, json!({"can_send_messages": false}), json!({}))
        )
        .await,
        (
            400,
            "Bad Request: not enough rights to restrict/unrestrict chat member".into()
        )
    );
    promote(&s.owner, &s.chat, "mute_bot", json!({"ban_users": true})).await;
    assert_eq!(
        bot.err(
            "restrictChatMember",
            json!({"chat_id": chat, "user_id": rex.id, "permissions": "{nope"})
        )
        .await,
        (
            400,
            "Bad Request: can't parse permissions JSON object".into()
        )
    );
    assert_eq!(
        bot.err(
            "restrictChatMember",
            restrict(s.owner.id, json!({"can_send_messages": false}), json!({}))
        )
        .await,
        (400, "Bad Request: can't remove chat owner".into())
    );

    // Polls imply text unless the permissions are independent.
    let until = now() + 7200;
    bot.ok(
        "restrictChatMember",
        restrict(
            rex.id,
            json!({"can_send_polls": true}),
            json!({"until_date": until}),
        ),
    )
    .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": rex.id}))
        .await;
    assert_eq!(member["status"], "restricted");
    assert_eq!(member["is_member"], true);
    assert_eq!(member["until_date"], until);
    assert_eq!(
        (
            member["can_send_polls"].clone(),
            member["can_send_messages"].clone()
        ),
        (json!(true), json!(true))
    );
    assert_eq!(member["can_send_photos"], false);
    bot.ok(
        "restrictChatMember",
        restrict(
            rex.id,
            json!({"can_send_polls": true}),
            json!({"use_independent_chat_permissions": true}),
        ),
    )
    .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": rex.id}))
        .await;
    assert_eq!(member["can_send_messages"], false);
    assert_eq!(member["until_date"], 0);
    assert_eq!(
        try_post(rex, &s.seen[0], "muted?").await,
        Some((403, "CHAT_SEND_PLAIN_FORBIDDEN".into()))
    );
    // Every permission lifts the restriction.
    let all = json!({"can_send_messages": true, "can_send_audios": true, "can_send_documents": true,
        "can_send_photos": true, "can_send_videos": true, "can_send_video_notes": true,
        "can_send_voice_notes": true, "can_send_polls": true, "can_send_other_messages": true,
        "can_add_web_page_previews": true, "can_change_info": true, "can_invite_users": true,
        "can_pin_messages": true, "can_manage_topics": true});
    bot.ok("restrictChatMember", restrict(rex.id, all, json!({})))
        .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": rex.id}))
        .await;
    assert_eq!(member["status"], "member");
    assert_eq!(try_post(rex, &s.seen[0], "free").await, None);

    // The chat's permissions bind everyone but administrators.
    bot.ok(
        "setChatPermissions",
        json!({"chat_id": chat, "permissions": {"can_send_messages": false, "can_invite_users": true}}),
    )
    .await;
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert_eq!(info["permissions"]["can_send_messages"], false);
    assert_eq!(info["permissions"]["can_invite_users"], true);
    assert_eq!(
        try_post(rex, &s.seen[0], "read only").await,
        Some((403, "CHAT_SEND_PLAIN_FORBIDDEN".into()))
    );
    bot.ok(
        "sendMessage",
        json!({"chat_id": chat, "text": "admins may"}),
    )
    .await;

    // Restrictions are for supergroups; a channel has no member permissions.
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err(
            "restrictChatMember",
            json!({"chat_id": pal.id, "user_id": pal.id, "permissions": {}})
        )
        .await,
        (
            400,
            "Bad Request: method is available only for supergroups".into()
        )
    );
    let news = create(&s.owner, "News", true).await;
    invite(&s.owner, &news, &["mute_bot"]).await;
    promote(&s.owner, &news, "mute_bot", json!({"ban_users": true})).await;
    assert_eq!(
        bot.err(
            "setChatPermissions",
            json!({"chat_id": news.chat_id, "permissions": {}})
        )
        .await,
        (
            400,
            "Bad Request: can't change channel chat permissions".into()
        )
    );
    assert_eq!(
        bot.err(
            "restrictChatMember",
            json!({"chat_id": news.chat_id, "user_id": pal.id, "permissions": {}})
        )
        .await,
        (
            400,
            "Bad Request: method is available only for supergroups".into()
        )
    );
    // An administrator without the right may not change them.
    let other = create(&s.owner, "Other", false).await;
    invite(&s.owner, &other, &["mute_bot"]).await;
    promote(&s.owner, &other, "mute_bot", json!({"invite_users": true})).await;
    assert_eq!(
        bot.err(
            "setChatPermissions",
            json!({"chat_id": other.chat_id, "permissions": {}})
        )
        .await,
        (
            400,
            "Bad Request: not enough rights to change chat permissions".into()
        )
    );
}

/// A restriction and a ban end by themselves at their `until_date` (the server's clock is
/// moved by the test).
#[tokio::test]
async fn restrictions_and_bans_end_at_their_until_date() {
    let start = now();
    let clock = Arc::new(ManualClock::new(start));
    let server = TestServer::start_with_clock(clock.clone()).await;
    let s = scene(&server, "timer_bot", &["tim_member"]).await;
    let (bot, chat, tim) = (&s.bot, s.chat.chat_id, &s.members[0]);
    promote(&s.owner, &s.chat, "timer_bot", json!({"ban_users": true})).await;
    bot.ok(
        "restrictChatMember",
        json!({"chat_id": chat, "user_id": tim.id, "until_date": start + 60,
               "permissions": {"can_send_messages": false}}),
    )
    .await;
    assert_eq!(
        try_post(tim, &s.seen[0], "now?").await,
        Some((403, "CHAT_SEND_PLAIN_FORBIDDEN".into()))
    );
    clock.advance(61);
    assert_eq!(try_post(tim, &s.seen[0], "now!").await, None);
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": tim.id}))
        .await;
    assert_eq!(member["status"], "member");

    bot.ok(
        "banChatMember",
        json!({"chat_id": chat, "user_id": tim.id, "until_date": start + 61 + 120}),
    )
    .await;
    assert!(try_post(tim, &s.seen[0], "out").await.is_some());
    clock.advance(121);
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": tim.id}))
        .await;
    assert_eq!(member["status"], "left");
    // No longer banned: an ordinary member may add Tim back.
    let pal = server.user("Pal", Some("pal_member")).await;
    invite(&s.owner, &s.chat, &["pal_member"]).await;
    let pal_view = crate::groups::seen_by(&s.owner, &s.chat, &pal).await;
    crate::groups::invite(&pal, &pal_view, &["tim_member"]).await;
    assert_eq!(try_post(tim, &s.seen[0], "back").await, None);
}

#[tokio::test]
async fn promotion_and_custom_titles_follow_telegram_rules() {
    let server = TestServer::start().await;
    let s = scene(&server, "boss_bot", &["max_member", "ann_admin"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let (max, ann) = (&s.members[0], &s.members[1]);
    promote(
        &s.owner,
        &s.chat,
        "ann_admin",
        json!({"invite_users": true}),
    )
    .await;
    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": max.id, "can_invite_users": true})
        )
        .await,
        (400, "Bad Request: not enough rights".into())
    );
    promote(
        &s.owner,
        &s.chat,
        "boss_bot",
        json!({"add_admins": true, "invite_users": true, "pin_messages": true}),
    )
    .await;
    // The bot hears of its own promotion.
    let updates = bot.drain().await;
    let mine = updates
        .iter()
        .find(|u| u.get("my_chat_member").is_some())
        .expect("my_chat_member");
    assert_eq!(
        mine["my_chat_member"]["old_chat_member"]["status"],
        "member"
    );
    let new = &mine["my_chat_member"]["new_chat_member"];
    assert_eq!(new["status"], "administrator");
    assert_eq!(new["can_promote_members"], true);
    assert_eq!(new["can_delete_messages"], false);
    assert_eq!(mine["my_chat_member"]["from"]["id"], s.owner.id);

    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": max.id, "can_delete_messages": true})
        )
        .await,
        (400, "Bad Request: RIGHT_FORBIDDEN".into())
    );
    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": ann.id, "can_invite_users": false})
        )
        .await,
        (400, "Bad Request: CHAT_ADMIN_REQUIRED".into())
    );
    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": s.owner.id, "can_invite_users": true})
        )
        .await,
        (400, "Bad Request: can't remove chat owner".into())
    );
    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": bot.id, "can_invite_users": true})
        )
        .await,
        (400, "Bad Request: can't promote self".into())
    );
    assert_eq!(
        bot.ok(
            "promoteChatMember",
            json!({"chat_id": chat, "user_id": max.id, "can_invite_users": true,
                   "can_pin_messages": true})
        )
        .await,
        true
    );
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": max.id}))
        .await;
    assert_eq!(member["status"], "administrator");
    assert_eq!(member["can_be_edited"], true);
    assert_eq!(member["can_invite_users"], true);
    assert_eq!(member["can_pin_messages"], true);
    assert!(member.get("can_post_messages").is_none(), "{member}");
    // Max sees himself promoted.
    let participant = max
        .ok(
            "channels.getParticipant",
            json!({"channel": s.seen[0].input(), "participant": {"_": "inputPeerSelf"}}),
        )
        .await;
    assert_eq!(participant["participant"]["_"], "channelParticipantAdmin");
    assert_eq!(
        participant["participant"]["admin_rights"]["invite_users"],
        true
    );

    // Custom titles.
    let title = |user: i64, custom_title: &str| json!({"chat_id": chat, "user_id": user, "custom_title": custom_title});
    assert_eq!(
        bot.ok("setChatAdministratorCustomTitle", title(max.id, "Greeter"))
            .await,
        true
    );
    let admins = bot
        .ok("getChatAdministrators", json!({"chat_id": chat}))
        .await;
    let max_admin = admins
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user"]["id"] == max.id)
        .unwrap();
    assert_eq!(max_admin["custom_title"], "Greeter");
    for (user, title_text, error) in [
        (
            ann.id,
            "x",
            "Bad Request: not enough rights to change custom title of the user",
        ),
        (
            s.owner.id,
            "x",
            "Bad Request: only the owner can edit their custom title",
        ),
        (
            bot.id,
            "x",
            "Bad Request: not enough rights to change custom title of the user",
        ),
        (
            max.id,
            "far too long a title",
            "Bad Request: CUSTOM_TITLE_INVALID",
        ),
        (
            max.id,
            "cool 😎",
            "Bad Request: CUSTOM_TITLE_EMOJI_NOT_ALLOWED",
        ),
    ] {
        assert_eq!(
            bot.err("setChatAdministratorCustomTitle", title(user, title_text))
                .await,
            (400, error.into()),
            "{title_text} for {user}"
        );
    }

    // Demoting: every right false.
    bot.ok(
        "promoteChatMember",
        json!({"chat_id": chat, "user_id": max.id}),
    )
    .await;
    let member = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": max.id}))
        .await;
    assert_eq!(member["status"], "member");
    assert_eq!(
        bot.err("setChatAdministratorCustomTitle", title(max.id, "x"))
            .await,
        (400, "Bad Request: user is not an administrator".into())
    );
    // Basic groups have no promotions here.
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err(
            "promoteChatMember",
            json!({"chat_id": pal.id, "user_id": pal.id, "can_invite_users": true})
        )
        .await,
        (
            400,
            "Bad Request: method is available for supergroup and channel chats only".into()
        )
    );
    assert_eq!(
        bot.err(
            "setChatAdministratorCustomTitle",
            json!({"chat_id": pal.id, "user_id": pal.id, "custom_title": "x"})
        )
        .await,
        (
            400,
            "Bad Request: method is available only for groups and supergroups".into()
        )
    );
}

#[tokio::test]
async fn default_administrator_rights_round_trip() {
    let server = TestServer::start().await;
    let bot = server.bot("rights_bot").await;
    let none = bot.ok("getMyDefaultAdministratorRights", json!({})).await;
    assert_eq!(none["can_invite_users"], false);
    assert!(none.get("can_post_messages").is_none());
    assert_eq!(
        bot.ok(
            "setMyDefaultAdministratorRights",
            json!({"rights": {"can_invite_users": true, "can_post_messages": true,
                              "is_anonymous": false},
                   "for_channels": true})
        )
        .await,
        true
    );
    let channels = bot
        .ok(
            "getMyDefaultAdministratorRights",
            json!({"for_channels": true}),
        )
        .await;
    assert_eq!(channels["can_invite_users"], true);
    assert_eq!(channels["can_post_messages"], true);
    assert!(channels.get("can_pin_messages").is_none());
    let groups = bot.ok("getMyDefaultAdministratorRights", json!({})).await;
    assert_eq!(groups["can_invite_users"], false);
    assert_eq!(
        bot.err(
            "setMyDefaultAdministratorRights",
            json!({"rights": "[1]"})
        )
        .await,
        (
            400,
            "Bad Request: can't parse ChatAdministratorRights: ChatAdministratorRights must be an Object"
                .into()
        )
    );
    bot.ok(
        "setMyDefaultAdministratorRights",
        json!({"for_channels": true}),
    )
    .await;
    let cleared = bot
        .ok(
            "getMyDefaultAdministratorRights",
            json!({"for_channels": true}),
        )
        .await;
    assert_eq!(cleared["can_invite_users"], false);
}

#[tokio::test]
async fn title_description_and_pins_are_seen_by_everyone() {
    let server = TestServer::start().await;
    let s = scene(&server, "info_bot", &["una_member"]).await;
    let (bot, chat, una) = (&s.bot, s.chat.chat_id, &s.members[0]);
    // Members may change the info where the chat's permissions allow it; take that away.
    s.owner
        .ok(
            "messages.editChatDefaultBannedRights",
            json!({"peer": s.chat.peer(), "banned_rights": {"_": "chatBannedRights",
                   "change_info": true, "pin_messages": true, "until_date": 0}}),
        )
        .await;
    assert_eq!(
        bot.err("setChatTitle", json!({"chat_id": chat, "title": "Mine"}))
            .await,
        (
            400,
            "Bad Request: not enough rights to change chat title".into()
        )
    );
    assert_eq!(
        bot.err(
            "setChatDescription",
            json!({"chat_id": chat, "description": "d"})
        )
        .await,
        (
            400,
            "Bad Request: not enough rights to set chat description".into()
        )
    );
    let text = post(una, &s.seen[0], "pin me").await;
    assert_eq!(
        bot.err(
            "pinChatMessage",
            json!({"chat_id": chat, "message_id": text})
        )
        .await,
        (
            400,
            "Bad Request: not enough rights to manage pinned messages in the chat".into()
        )
    );
    promote(
        &s.owner,
        &s.chat,
        "info_bot",
        json!({"change_info": true, "pin_messages": true}),
    )
    .await;
    assert_eq!(
        bot.err("setChatTitle", json!({"chat_id": chat, "title": "  "}))
            .await,
        (400, "Bad Request: title must be non-empty".into())
    );
    assert_eq!(
        bot.ok("setChatTitle", json!({"chat_id": chat, "title": "Renamed"}))
            .await,
        true
    );
    // Setting the same title again changes nothing and says nothing.
    bot.ok("setChatTitle", json!({"chat_id": chat, "title": "Renamed"}))
        .await;
    let history = una.history(&s.seen[0].peer(), 10).await;
    let titles: Vec<&Value> = history
        .iter()
        .filter(|m| action(m) == Some("messageActionChatEditTitle"))
        .collect();
    assert_eq!(titles.len(), 1);
    assert_eq!(titles[0]["action"]["title"], "Renamed");
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["title"],
        "Renamed"
    );

    bot.ok(
        "setChatDescription",
        json!({"chat_id": chat, "description": "All about it"}),
    )
    .await;
    assert_eq!(
        bot.err(
            "setChatDescription",
            json!({"chat_id": chat, "description": "All about it"})
        )
        .await,
        (400, "Bad Request: chat description is not modified".into())
    );
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["description"],
        "All about it"
    );

    // Pins: the service message replies to the pinned message; getChat shows it.
    assert_eq!(
        bot.err(
            "pinChatMessage",
            json!({"chat_id": chat, "message_id": 9999})
        )
        .await,
        (400, "Bad Request: message to pin not found".into())
    );
    assert_eq!(
        bot.ok(
            "pinChatMessage",
            json!({"chat_id": chat, "message_id": text, "disable_notification": true})
        )
        .await,
        true
    );
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert_eq!(info["pinned_message"]["message_id"], text);
    assert_eq!(info["pinned_message"]["text"], "pin me");
    let history = una.history(&s.seen[0].peer(), 1).await;
    assert_eq!(action(&history[0]), Some("messageActionPinMessage"));
    assert_eq!(history[0]["reply_to"]["reply_to_msg_id"], text);
    assert_eq!(history[0]["silent"], true);
    let later = post(una, &s.seen[0], "and me").await;
    bot.ok(
        "pinChatMessage",
        json!({"chat_id": chat, "message_id": later}),
    )
    .await;
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["pinned_message"]["message_id"],
        later
    );
    bot.ok("unpinChatMessage", json!({"chat_id": chat})).await;
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["pinned_message"]["message_id"],
        text
    );
    bot.ok("unpinAllChatMessages", json!({"chat_id": chat}))
        .await;
    assert!(
        bot.ok("getChat", json!({"chat_id": chat}))
            .await
            .get("pinned_message")
            .is_none()
    );
    assert_eq!(
        bot.err("unpinChatMessage", json!({"chat_id": chat})).await,
        (400, "Bad Request: message to unpin not found".into())
    );

    // Private chats have no title or description to change, but pins.
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err("setChatTitle", json!({"chat_id": pal.id, "title": "x"}))
            .await,
        (400, "Bad Request: can't change private chat title".into())
    );
    assert_eq!(
        bot.err(
            "setChatDescription",
            json!({"chat_id": pal.id, "description": "x"})
        )
        .await,
        (
            400,
            "Bad Request: can't change private chat description".into()
        )
    );
    let note = bot
        .ok("sendMessage", json!({"chat_id": pal.id, "text": "note"}))
        .await;
    bot.ok(
        "pinChatMessage",
        json!({"chat_id": pal.id, "message_id": note["message_id"]}),
    )
    .await;
    let bot_peer = pal.peer("info_bot").await;
    let history = pal.history(&bot_peer, 2).await;
    assert_eq!(action(&history[0]), Some("messageActionPinMessage"));
    assert_eq!(history[1]["message"], "note");
    assert_eq!(
        history[0]["reply_to"]["reply_to_msg_id"], history[1]["id"],
        "the pin replies to Pal's own copy"
    );
}

#[tokio::test]
async fn chat_photos_are_set_and_deleted_and_seen() {
    use image::ImageFormat;

    use crate::media::{multipart, picture};

    let server = TestServer::start().await;
    let s = scene(&server, "photo_bot", &["pia_member"]).await;
    let (bot, chat, pia) = (&s.bot, s.chat.chat_id, &s.members[0]);
    let watcher = server.bot("photo_watch_bot").await;
    invite(&s.owner, &s.chat, &["photo_watch_bot"]).await;
    watcher.drain().await;
    let chat_text = chat.to_string();
    let jpeg = picture(320, 240, ImageFormat::Jpeg);
    let set = |fields: Vec<(&'static str, String)>, with_file: bool| {
        let jpeg = jpeg.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let files = if with_file {
                vec![("photo", "face.jpg", "image/jpeg", jpeg)]
            } else {
                Vec::new()
            };
            multipart(bot, "setChatPhoto", &fields, &files).await.json()
        }
    };
    let body = set(vec![("chat_id", chat_text.clone())], false).await;
    assert_eq!(
        body["description"],
        "Bad Request: there is no photo in the request"
    );
    let body = set(
        vec![
            ("chat_id", chat_text.clone()),
            ("photo", "AgACAgIAAx".into()),
        ],
        false,
    )
    .await;
    assert_eq!(
        body["description"],
        "Bad Request: photo must be uploaded as an InputFile"
    );
    // Members may change the photo only where the chat's permissions allow it.
    s.owner
        .ok(
            "messages.editChatDefaultBannedRights",
            json!({"peer": s.chat.peer(), "banned_rights": {"_": "chatBannedRights",
                   "change_info": true, "until_date": 0}}),
        )
        .await;
    let body = set(vec![("chat_id", chat_text.clone())], true).await;
    assert_eq!(
        body["description"],
        "Bad Request: not enough rights to change chat photo"
    );
    promote(&s.owner, &s.chat, "photo_bot", json!({"change_info": true})).await;
    let body = set(vec![("chat_id", chat_text.clone())], true).await;
    assert_eq!(body["result"], true, "{body}");

    // getChat shows it; the file ids download the picture's sizes.
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    let photo = &info["photo"];
    let small = photo["small_file_id"].as_str().unwrap();
    let big = photo["big_file_id"].as_str().unwrap();
    assert_ne!(small, big);
    assert_eq!(
        bot.ok("getFile", json!({"file_id": big})).await["file_unique_id"],
        photo["big_file_unique_id"]
    );
    // The member sees the service message with the photo, and the chat has it.
    let history = pia.history(&s.seen[0].peer(), 1).await;
    assert_eq!(action(&history[0]), Some("messageActionChatEditPhoto"));
    assert_eq!(history[0]["action"]["photo"]["_"], "photo");
    let seen = crate::groups::seen_by(&s.owner, &s.chat, pia).await;
    assert_eq!(seen.tl["photo"]["_"], "chatPhoto");

    assert_eq!(
        bot.ok("deleteChatPhoto", json!({"chat_id": chat})).await,
        true
    );
    let history = pia.history(&s.seen[0].peer(), 1).await;
    assert_eq!(action(&history[0]), Some("messageActionChatDeletePhoto"));
    assert!(
        bot.ok("getChat", json!({"chat_id": chat}))
            .await
            .get("photo")
            .is_none()
    );
    assert_eq!(
        bot.err("deleteChatPhoto", json!({"chat_id": chat})).await,
        (400, "Bad Request: CHAT_NOT_MODIFIED".into())
    );
    // Another bot in the chat hears both as service messages.
    let heard = watcher.drain().await;
    let new_photo = heard
        .iter()
        .find_map(|u| u["message"].get("new_chat_photo"))
        .expect("new_chat_photo");
    assert!(new_photo.as_array().unwrap().len() > 1, "{new_photo}");
    assert!(
        heard
            .iter()
            .any(|u| u["message"]["delete_chat_photo"] == true),
        "{heard:?}"
    );
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err("deleteChatPhoto", json!({"chat_id": pal.id})).await,
        (400, "Bad Request: can't change private chat photo".into())
    );
}

/// In a basic group each member keeps their own copy of the history: the creator makes
/// the bot an administrator (`messages.editChatAdmin`), and a ban with `revoke_messages`
/// deletes the banned user's copy, while a ban without it leaves the user able to read
/// what was sent before. `messages.deleteChatUser` with `revoke_history` does the same.
#[tokio::test]
async fn basic_group_bans_revoke_the_history_only_when_asked() {
    let server = TestServer::start().await;
    let bot = server.bot("revoke_bot").await;
    let owner = server.user("Owner", Some("revoke_owner")).await;
    let mut members = Vec::new();
    for name in ["revoke_mia", "revoke_ned", "revoke_ola"] {
        members.push(server.user(name, Some(name)).await);
    }
    let mut users = vec![crate::groups::input_user(&owner, "revoke_bot").await];
    for name in ["revoke_mia", "revoke_ned", "revoke_ola"] {
        users.push(crate::groups::input_user(&owner, name).await);
    }
    let created = owner
        .ok(
            "messages.createChat",
            json!({"users": users, "title": "Basic"}),
        )
        .await;
    let group_id: i64 = created["updates"]["chats"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let peer = json!({"_": "inputPeerChat", "chat_id": group_id.to_string()});
    for member in &members {
        member.send(&peer, "hello from a member").await;
    }
    bot.drain().await;

    // Only the creator appoints administrators of a basic group; a member cannot.
    let bot_user = crate::groups::input_user(&owner, "revoke_bot").await;
    let appoint = json!({"chat_id": group_id.to_string(), "user_id": bot_user, "is_admin": true});
    let as_member = json!({"chat_id": group_id.to_string(),
        "user_id": crate::groups::input_user(&members[0], "revoke_bot").await, "is_admin": true});
    assert_eq!(
        members[0].err("messages.editChatAdmin", as_member).await,
        (400, "CHAT_ADMIN_REQUIRED".to_owned())
    );
    assert_eq!(
        owner.ok("messages.editChatAdmin", appoint).await,
        json!(true)
    );
    let update = bot.next_update(5).await;
    let change = &update["my_chat_member"];
    assert_eq!(
        (
            change["old_chat_member"]["status"].as_str(),
            change["new_chat_member"]["status"].as_str(),
            change["new_chat_member"]["can_restrict_members"].as_bool(),
            change["new_chat_member"]["can_promote_members"].as_bool(),
        ),
        (
            Some("member"),
            Some("administrator"),
            Some(true),
            Some(false)
        ),
        "{update}"
    );

    let chat = -group_id;
    let (mia, ned, ola) = (&members[0], &members[1], &members[2]);
    bot.ok("banChatMember", json!({"chat_id": chat, "user_id": mia.id}))
        .await;
    bot.ok(
        "banChatMember",
        json!({"chat_id": chat, "user_id": ned.id, "revoke_messages": true}),
    )
    .await;
    let texts = |history: Vec<Value>| -> Vec<String> {
        history
            .iter()
            .filter_map(|m| m["message"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        texts(mia.history(&peer, 50).await).contains(&"hello from a member".to_owned()),
        "a ban without revoke_messages keeps the user's copy"
    );
    assert_eq!(ned.history(&peer, 50).await, Vec::<Value>::new());
    // The owner's own copy is untouched.
    assert_eq!(
        texts(owner.history(&peer, 50).await)
            .iter()
            .filter(|t| *t == "hello from a member")
            .count(),
        3
    );

    // The client API's way: deleteChatUser with revoke_history.
    let ola_user = crate::groups::input_user(&owner, "revoke_ola").await;
    owner
        .ok(
            "messages.deleteChatUser",
            json!({"revoke_history": true, "chat_id": group_id.to_string(), "user_id": ola_user}),
        )
        .await;
    assert_eq!(ola.history(&peer, 50).await, Vec::<Value>::new());
}

#[tokio::test]
async fn user_chat_boosts_need_an_administrator_and_are_empty_without_premium() {
    let server = TestServer::start().await;
    let s = scene(&server, "boost_bot", &["bo_member"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let ask = json!({"chat_id": chat, "user_id": s.members[0].id});
    promote(
        &s.owner,
        &s.chat,
        "boost_bot",
        json!({"pin_messages": true}),
    )
    .await;
    assert_eq!(
        bot.ok("getUserChatBoosts", ask).await,
        json!({"boosts": []})
    );
    assert_eq!(
        bot.err(
            "getUserChatBoosts",
            json!({"chat_id": chat, "user_id": 424_242})
        )
        .await,
        (400, "Bad Request: user not found".into())
    );
    promote(&s.owner, &s.chat, "boost_bot", json!({})).await;
    assert_eq!(
        bot.err(
            "getUserChatBoosts",
            json!({"chat_id": chat, "user_id": s.members[0].id})
        )
        .await,
        (400, "Bad Request: CHAT_ADMIN_REQUIRED".into())
    );
}
