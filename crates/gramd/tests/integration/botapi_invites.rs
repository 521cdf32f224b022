//! Invite links and join requests end to end: a bot makes links, users look them up and
//! join through them over the client API, the bot hears of join requests and answers them,
//! and links stop working once revoked, expired or used up. Also the updates bots get of
//! membership changes (`my_chat_member`, `chat_member` when asked for, service messages).

use std::sync::Arc;

use gramd_core::clock::ManualClock;
use serde_json::{Value, json};

use crate::groups::{action, invite, promote, scene, seen_by};
use crate::harness::{BotClient, TestServer, UserClient, rand_id, started};

/// The hash of a `https://t.me/+hash` link.
fn hash_of(link: &str) -> String {
    link.strip_prefix("https://t.me/+")
        .unwrap_or_else(|| panic!("not an invite link: {link}"))
        .to_owned()
}

/// A user's attempt to join through a link: the joined chat's `updates`, or the error name.
async fn join(user: &UserClient, link: &str) -> Result<Value, String> {
    let (_, body) = user
        .call("messages.importChatInvite", json!({"hash": hash_of(link)}))
        .await;
    if body["ok"] == true {
        assert_eq!(body["result"]["_"], "messages.chatInviteJoinResultOk");
        Ok(body["result"]["updates"].clone())
    } else {
        Err(body["error_message"].as_str().unwrap().to_owned())
    }
}

/// The updates the bot has, asking for `chat_member` too.
async fn updates(bot: &BotClient) -> Vec<Value> {
    let list = bot
        .ok(
            "getUpdates",
            json!({"timeout": 0, "allowed_updates": ["message", "my_chat_member", "chat_member",
                                                      "chat_join_request"]}),
        )
        .await;
    let list = list.as_array().unwrap().clone();
    if let Some(last) = list.last() {
        let next = last["update_id"].as_i64().unwrap() + 1;
        bot.ok("getUpdates", json!({"offset": next, "timeout": 0}))
            .await;
    }
    list
}

fn find<'a>(updates: &'a [Value], kind: &str) -> Vec<&'a Value> {
    updates.iter().filter_map(|u| u.get(kind)).collect()
}

#[tokio::test]
async fn a_join_request_link_approved_by_the_bot() {
    let server = TestServer::start().await;
    let s = scene(&server, "door_bot", &[]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    assert_eq!(
        bot.err("createChatInviteLink", json!({"chat_id": chat}))
            .await,
        (
            400,
            "Bad Request: not enough rights to manage chat invite link".into()
        )
    );
    promote(&s.owner, &s.chat, "door_bot", json!({"invite_users": true})).await;
    updates(bot).await;
    assert_eq!(
        bot.err(
            "createChatInviteLink",
            json!({"chat_id": chat, "member_limit": 5, "creates_join_request": true})
        )
        .await,
        (
            400,
            "Bad Request: member limit can't be specified for links requiring administrator approval"
                .into()
        )
    );
    let link = bot
        .ok(
            "createChatInviteLink",
            json!({"chat_id": chat, "name": "front door", "creates_join_request": true}),
        )
        .await;
    assert_eq!(link["name"], "front door");
    assert_eq!(link["creates_join_request"], true);
    assert_eq!(link["is_primary"], false);
    assert_eq!(link["is_revoked"], false);
    assert_eq!(link["creator"]["id"], bot.id);
    let url = link["invite_link"].as_str().unwrap().to_owned();

    // A user looks the link up, asks to join, and is told the request was sent.
    let guest = server.user("Guest", Some("guest_user")).await;
    let invite = guest
        .ok("messages.checkChatInvite", json!({"hash": hash_of(&url)}))
        .await;
    assert_eq!(invite["_"], "chatInvite");
    assert_eq!(invite["request_needed"], true);
    assert_eq!(invite["megagroup"], true);
    assert_eq!(invite["title"], "Admins");
    assert_eq!(invite["participants_count"], 2);
    assert_eq!(join(&guest, &url).await, Err("INVITE_REQUEST_SENT".into()));

    // The bot hears of the request, with its own link whole.
    let got = updates(bot).await;
    let requests = find(&got, "chat_join_request");
    assert_eq!(requests.len(), 1, "{got:?}");
    let request = requests[0];
    assert_eq!(request["chat"]["id"], chat);
    assert_eq!(request["from"]["id"], guest.id);
    assert_eq!(request["user_chat_id"], guest.id);
    assert_eq!(request["invite_link"]["invite_link"], url);
    assert_eq!(request["invite_link"]["pending_join_request_count"], 1);
    let edited = bot
        .ok(
            "editChatInviteLink",
            json!({"chat_id": chat, "invite_link": url, "name": "side door",
                   "creates_join_request": true}),
        )
        .await;
    assert_eq!(edited["name"], "side door");
    assert_eq!(edited["pending_join_request_count"], 1);

    assert_eq!(
        bot.ok(
            "approveChatJoinRequest",
            json!({"chat_id": chat, "user_id": guest.id})
        )
        .await,
        true
    );
    let got = updates(bot).await;
    let joined = find(&got, "chat_member");
    assert_eq!(joined.len(), 1, "{got:?}");
    assert_eq!(joined[0]["old_chat_member"]["status"], "left");
    assert_eq!(joined[0]["new_chat_member"]["status"], "member");
    assert_eq!(joined[0]["new_chat_member"]["user"]["id"], guest.id);
    assert_eq!(joined[0]["via_join_request"], true);
    assert_eq!(joined[0]["invite_link"]["invite_link"], url);
    let messages = find(&got, "message");
    assert_eq!(messages.len(), 1, "{got:?}");
    assert_eq!(messages[0]["new_chat_members"][0]["id"], guest.id);
    assert_eq!(messages[0]["from"]["id"], guest.id);
    // The guest is in and sees the chat.
    let seen = seen_by(&s.owner, &s.chat, &guest).await;
    let history = guest.history(&seen.peer(), 1).await;
    assert_eq!(
        action(&history[0]),
        Some("messageActionChatJoinedByRequest")
    );
    assert_eq!(
        bot.ok(
            "getChatMember",
            json!({"chat_id": chat, "user_id": guest.id})
        )
        .await["status"],
        "member"
    );

    // A second guest is declined, once.
    let other = server.user("Other", Some("other_guest")).await;
    assert_eq!(join(&other, &url).await, Err("INVITE_REQUEST_SENT".into()));
    bot.ok(
        "declineChatJoinRequest",
        json!({"chat_id": chat, "user_id": other.id}),
    )
    .await;
    assert_eq!(
        bot.err(
            "declineChatJoinRequest",
            json!({"chat_id": chat, "user_id": other.id})
        )
        .await,
        (400, "Bad Request: HIDE_REQUESTER_MISSING".into())
    );
    assert_eq!(
        bot.err(
            "approveChatJoinRequest",
            json!({"chat_id": chat, "user_id": other.id})
        )
        .await,
        (400, "Bad Request: HIDE_REQUESTER_MISSING".into())
    );
    assert_eq!(
        bot.ok(
            "getChatMember",
            json!({"chat_id": chat, "user_id": other.id})
        )
        .await["status"],
        "left"
    );
    // An owner answers requests over the client API as well.
    let third = server.user("Third", Some("third_guest")).await;
    assert_eq!(join(&third, &url).await, Err("INVITE_REQUEST_SENT".into()));
    let third_input = crate::groups::input_user(&s.owner, "third_guest").await;
    s.owner
        .ok(
            "messages.hideChatJoinRequest",
            json!({"approved": true, "peer": s.chat.peer(), "user_id": third_input}),
        )
        .await;
    assert_eq!(
        bot.ok(
            "getChatMember",
            json!({"chat_id": chat, "user_id": third.id})
        )
        .await["status"],
        "member"
    );
    let pal = started(&server, bot, "Pal").await;
    assert_eq!(
        bot.err("createChatInviteLink", json!({"chat_id": pal.id}))
            .await,
        (
            400,
            "Bad Request: can't invite members to a private chat".into()
        )
    );
    assert_eq!(
        bot.err(
            "approveChatJoinRequest",
            json!({"chat_id": pal.id, "user_id": pal.id})
        )
        .await,
        (400, "Bad Request: the chat can't have join requests".into())
    );
}

#[tokio::test]
async fn links_let_nobody_in_once_used_up_expired_or_revoked() {
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .cast_signed();
    let clock = Arc::new(ManualClock::new(start));
    let server = TestServer::start_with_clock(clock.clone()).await;
    let s = scene(&server, "gate_bot", &[]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    promote(&s.owner, &s.chat, "gate_bot", json!({"invite_users": true})).await;
    updates(bot).await;

    // The primary link: getChat makes it, exportChatInviteLink replaces it.
    let primary = bot.ok("getChat", json!({"chat_id": chat})).await["invite_link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(primary.starts_with("https://t.me/+"), "{primary}");
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["invite_link"],
        primary
    );
    let exported = bot
        .ok("exportChatInviteLink", json!({"chat_id": chat}))
        .await;
    let exported = exported.as_str().unwrap().to_owned();
    assert_ne!(exported, primary);
    assert_eq!(
        bot.ok("getChat", json!({"chat_id": chat})).await["invite_link"],
        exported
    );
    let first = server.user("First", Some("first_user")).await;
    assert_eq!(
        join(&first, &primary).await,
        Err("INVITE_HASH_EXPIRED".into())
    );

    // A member limit of one.
    let once = bot
        .ok(
            "createChatInviteLink",
            json!({"chat_id": chat, "member_limit": 1}),
        )
        .await;
    assert_eq!(once["member_limit"], 1);
    let once = once["invite_link"].as_str().unwrap().to_owned();
    let joined = join(&first, &once).await.expect("the first user joins");
    let service = joined["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateNewChannelMessage")
        .expect("the join's service message");
    assert_eq!(
        service["message"]["action"]["_"],
        "messageActionChatJoinedByLink"
    );
    assert_eq!(
        service["message"]["action"]["inviter_id"],
        bot.id.to_string()
    );
    assert_eq!(joined["chats"][0]["megagroup"], true);
    assert_eq!(
        join(&first, &once).await,
        Err("USER_ALREADY_PARTICIPANT".into())
    );
    let second = server.user("Second", Some("second_user")).await;
    assert_eq!(join(&second, &once).await, Err("USERS_TOO_MUCH".into()));

    // Expiry.
    let soon = bot
        .ok(
            "createChatInviteLink",
            json!({"chat_id": chat, "expire_date": start + 100}),
        )
        .await;
    assert_eq!(soon["expire_date"], start + 100);
    let soon = soon["invite_link"].as_str().unwrap().to_owned();
    assert_eq!(
        bot.err(
            "createChatInviteLink",
            json!({"chat_id": chat, "expire_date": start - 1})
        )
        .await,
        (400, "Bad Request: EXPIRE_DATE_INVALID".into())
    );
    clock.advance(101);
    let (_, checked) = second
        .call("messages.checkChatInvite", json!({"hash": hash_of(&soon)}))
        .await;
    assert_eq!(checked["error_message"], "INVITE_HASH_EXPIRED");
    assert_eq!(
        join(&second, &soon).await,
        Err("INVITE_HASH_EXPIRED".into())
    );

    // Revocation.
    let open = bot
        .ok("createChatInviteLink", json!({"chat_id": chat}))
        .await["invite_link"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoked = bot
        .ok(
            "revokeChatInviteLink",
            json!({"chat_id": chat, "invite_link": open}),
        )
        .await;
    assert_eq!(revoked["is_revoked"], true);
    assert_eq!(revoked["invite_link"], open);
    assert_eq!(
        join(&second, &open).await,
        Err("INVITE_HASH_EXPIRED".into())
    );
    assert_eq!(
        bot.err(
            "revokeChatInviteLink",
            json!({"chat_id": chat, "invite_link": ""})
        )
        .await,
        (400, "Bad Request: invite link must be non-empty".into())
    );
    assert_eq!(
        bot.err(
            "editChatInviteLink",
            json!({"chat_id": chat, "invite_link": "https://t.me/+nosuchlink"})
        )
        .await,
        (400, "Bad Request: INVITE_HASH_EXPIRED".into())
    );
    assert_eq!(
        join(&second, "https://t.me/+nosuchlink").await,
        Err("INVITE_HASH_INVALID".into())
    );
    // The exported primary link still works; a banned user does not get in by it.
    assert!(join(&second, &exported).await.is_ok());
    promote(
        &s.owner,
        &s.chat,
        "gate_bot",
        json!({"invite_users": true, "ban_users": true}),
    )
    .await;
    bot.ok(
        "banChatMember",
        json!({"chat_id": chat, "user_id": second.id}),
    )
    .await;
    assert_eq!(
        join(&second, &exported).await,
        Err("USER_BANNED_IN_CHANNEL".into())
    );
    // Links of the owner's are shortened for the bot in what it hears.
    let owners = s
        .owner
        .ok(
            "messages.exportChatInvite",
            json!({"peer": s.chat.peer(), "title": "owner's"}),
        )
        .await;
    assert_eq!(owners["title"], "owner's");
    let third = server.user("Third", Some("third_user")).await;
    join(&third, owners["link"].as_str().unwrap())
        .await
        .unwrap();
    let got = updates(bot).await;
    let joined = find(&got, "chat_member");
    let by_link = joined
        .iter()
        .find(|u| u["new_chat_member"]["user"]["id"] == third.id)
        .expect("chat_member of the third user");
    let shown = by_link["invite_link"]["invite_link"].as_str().unwrap();
    assert!(shown.ends_with('…'), "{shown}");
    assert_ne!(shown, owners["link"].as_str().unwrap());
    assert_eq!(by_link["invite_link"]["creator"]["id"], s.owner.id);
}

#[tokio::test]
async fn bots_hear_membership_changes_and_service_messages() {
    let server = TestServer::start().await;
    let s = scene(&server, "watch_bot", &["kim_member"]).await;
    let quiet = server.bot("quiet_bot").await;
    invite(&s.owner, &s.chat, &["quiet_bot"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    // Asking for chat_member from now on.
    updates(bot).await;

    // The bot's own promotion: my_chat_member, whatever it asked for.
    promote(
        &s.owner,
        &s.chat,
        "watch_bot",
        json!({"ban_users": true, "invite_users": true, "pin_messages": true,
               "change_info": true}),
    )
    .await;
    promote(
        &s.owner,
        &s.chat,
        "quiet_bot",
        json!({"invite_users": true}),
    )
    .await;
    let got = updates(bot).await;
    let mine = find(&got, "my_chat_member");
    assert_eq!(mine.len(), 1, "{got:?}");
    assert_eq!(mine[0]["new_chat_member"]["status"], "administrator");
    assert_eq!(mine[0]["new_chat_member"]["can_restrict_members"], true);
    // The other bot's promotion is a chat_member update for this admin bot.
    let others = find(&got, "chat_member");
    assert_eq!(others.len(), 1, "{got:?}");
    assert_eq!(others[0]["new_chat_member"]["user"]["id"], quiet.id);
    quiet.drain().await;

    // A new member: chat_member (asked for) and the service message.
    let lee = server.user("Lee", Some("lee_member")).await;
    invite(&s.owner, &s.chat, &["lee_member"]).await;
    let got = updates(bot).await;
    let changes = find(&got, "chat_member");
    assert_eq!(changes.len(), 1, "{got:?}");
    assert_eq!(changes[0]["from"]["id"], s.owner.id);
    assert_eq!(changes[0]["old_chat_member"]["status"], "left");
    assert_eq!(changes[0]["new_chat_member"]["status"], "member");
    let messages = find(&got, "message");
    assert_eq!(messages[0]["new_chat_members"][0]["id"], lee.id);
    // The bot that did not ask for chat_member gets the message only.
    let quiet_got = quiet.drain().await;
    assert!(
        quiet_got.iter().all(|u| u.get("chat_member").is_none()),
        "{quiet_got:?}"
    );
    assert!(quiet_got.iter().any(|u| u.get("message").is_some()));

    // A restriction and a ban by the bot, as the bot hears them.
    bot.ok(
        "restrictChatMember",
        json!({"chat_id": chat, "user_id": lee.id, "permissions": {"can_send_messages": false}}),
    )
    .await;
    bot.ok("banChatMember", json!({"chat_id": chat, "user_id": lee.id}))
        .await;
    let got = updates(bot).await;
    let changes = find(&got, "chat_member");
    assert_eq!(changes.len(), 2, "{got:?}");
    assert_eq!(changes[0]["from"]["id"], bot.id);
    assert_eq!(changes[0]["old_chat_member"]["status"], "member");
    let restricted = &changes[0]["new_chat_member"];
    assert_eq!(restricted["status"], "restricted");
    assert_eq!(restricted["can_send_messages"], false);
    assert_eq!(restricted["is_member"], true);
    assert_eq!(changes[1]["old_chat_member"]["status"], "restricted");
    assert_eq!(changes[1]["new_chat_member"]["status"], "kicked");
    // The bot does not hear of its own service message; the other bot does.
    let quiet_got = quiet.drain().await;
    let left = quiet_got
        .iter()
        .find_map(|u| u["message"].get("left_chat_member"))
        .expect("left_chat_member");
    assert_eq!(left["id"], lee.id);

    // Title changes and pins by the owner are service messages the bots get.
    let renamed = s
        .owner
        .ok(
            "channels.editTitle",
            json!({"channel": s.chat.input(), "title": "Watched"}),
        )
        .await;
    assert_eq!(
        renamed["updates"][0]["message"]["action"]["_"],
        "messageActionChatEditTitle"
    );
    let kim_view = &s.seen[0];
    let sent = s.members[0]
        .ok(
            "messages.sendMessage",
            json!({"peer": kim_view.peer(), "message": "hello all", "random_id": rand_id()}),
        )
        .await;
    let id = sent["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageID")
        .unwrap()["id"]
        .clone();
    let pinned = s
        .owner
        .ok(
            "messages.updatePinnedMessage",
            json!({"peer": s.chat.peer(), "id": id}),
        )
        .await;
    let kinds: Vec<&str> = pinned["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["_"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["updatePinnedChannelMessages", "updateNewChannelMessage"]
    );
    let got = updates(bot).await;
    let messages = find(&got, "message");
    assert!(
        messages.iter().any(|m| m["new_chat_title"] == "Watched"),
        "{got:?}"
    );
    let pin = messages
        .iter()
        .find(|m| m.get("pinned_message").is_some())
        .expect("a pinned_message");
    assert_eq!(pin["pinned_message"]["message_id"], id);
    assert_eq!(pin["pinned_message"]["text"], "hello all");
    assert!(pin.get("reply_to_message").is_none());
    // Kim sees the rename in the chat's history.
    let history = s.members[0].history(&kim_view.peer(), 5).await;
    assert!(
        history
            .iter()
            .any(|m| action(m) == Some("messageActionChatEditTitle"))
    );
}

#[tokio::test]
async fn a_bot_made_administrator_of_a_chat_it_is_not_in_joins_as_one() {
    let server = TestServer::start().await;
    let s = scene(&server, "watch_bot", &[]).await;
    let newcomer = server.bot("newcomer_bot").await;
    // watch_bot, an administrator, hears everyone's changes.
    promote(&s.owner, &s.chat, "watch_bot", json!({"ban_users": true})).await;
    updates(&s.bot).await;

    // The owner adds newcomer_bot with channels.editAdmin straight away.
    promote(
        &s.owner,
        &s.chat,
        "newcomer_bot",
        json!({"invite_users": true, "pin_messages": true}),
    )
    .await;
    let got = updates(&newcomer).await;
    let mine = find(&got, "my_chat_member");
    assert_eq!(mine.len(), 1, "{got:?}");
    assert_eq!(mine[0]["old_chat_member"]["status"], "left");
    assert_eq!(mine[0]["new_chat_member"]["status"], "administrator");
    assert_eq!(mine[0]["new_chat_member"]["can_pin_messages"], true);
    assert_eq!(mine[0]["from"]["id"], s.owner.id);
    let joined = find(&got, "message");
    assert_eq!(joined.len(), 1, "{got:?}");
    assert_eq!(joined[0]["new_chat_members"][0]["id"], newcomer.id);

    let watched = updates(&s.bot).await;
    let changes = find(&watched, "chat_member");
    assert_eq!(changes.len(), 1, "{watched:?}");
    assert_eq!(changes[0]["old_chat_member"]["status"], "left");
    assert_eq!(changes[0]["new_chat_member"]["status"], "administrator");
    let member = newcomer
        .ok(
            "getChatMember",
            json!({"chat_id": s.chat.chat_id, "user_id": newcomer.id}),
        )
        .await;
    assert_eq!(member["status"], "administrator");
}
