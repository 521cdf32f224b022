//! The JSON client API: the envelope, errors, and the functions users need.

use serde_json::json;

use crate::harness::{TestServer, rand_id, started};

#[tokio::test]
async fn errors_come_in_the_protocol_format() {
    let server = TestServer::start().await;
    let user = server.user("Ann", Some("ann_user")).await;
    let (code, name) = user.err("messages.frobnicate", json!({})).await;
    assert_eq!((code, name.as_str()), (400, "INPUT_METHOD_INVALID"));
    let (code, name) = user.err("messages.getDialogFilters", json!({})).await;
    assert_eq!((code, name.as_str()), (400, "METHOD_INVALID"));
    let (code, name) = user
        .err("contacts.resolveUsername", json!({"username": 5}))
        .await;
    assert_eq!((code, name.as_str()), (400, "INPUT_FETCH_ERROR"));
    let (code, name) = user
        .err(
            "messages.sendMessage",
            json!({"peer": {"_": "inputPeerNope"}, "message": "x", "random_id": 1}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "INPUT_CONSTRUCTOR_INVALID"));
    let (code, name) = user
        .err(
            "messages.sendMessage",
            json!({"peer": {"_": "inputPeerUser", "user_id": user.id, "access_hash": "1"},
                   "message": "x", "random_id": 1}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "PEER_ID_INVALID"));
    let (code, name) = user
        .err(
            "contacts.resolveUsername",
            json!({"username": "nobody_here"}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "USERNAME_NOT_OCCUPIED"));
    // No or a wrong session.
    let anonymous = user
        .http
        .post(format!("{}/client/updates.getState", server.base));
    let response = anonymous.send().await.unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 401, "error_message": "AUTH_KEY_UNREGISTERED"})
    );
    // Malformed JSON, with the reason in a header.
    let response = user
        .http
        .post(format!("{}/client/updates.getState", server.base))
        .bearer_auth(&user.token)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("x-gramd-error-detail").is_some());
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_message"], "INPUT_FETCH_ERROR");
}

#[tokio::test]
async fn users_resolve_and_profiles() {
    let server = TestServer::start().await;
    let bot = server.bot("prof_bot").await;
    let user = server.user("Ann", Some("ann_prof")).await;
    let resolved = user
        .ok("contacts.resolveUsername", json!({"username": "PROF_BOT"}))
        .await;
    assert_eq!(
        resolved["peer"],
        json!({"_": "peerUser", "user_id": bot.id.to_string()})
    );
    let found = &resolved["users"][0];
    assert_eq!(found["bot"], true);
    assert!(
        found["access_hash"].is_string(),
        "long values are strings: {found}"
    );
    let me = user
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(me[0]["self"], true);
    assert_eq!(me[0]["username"], "ann_prof");
    let other = server.user("Bob", None).await;
    let theirs = other.peer("prof_bot").await;
    assert_ne!(
        theirs["access_hash"], found["access_hash"],
        "access hashes are per viewer"
    );
}

#[tokio::test]
async fn send_edit_delete_read_and_the_pts_log() {
    let server = TestServer::start().await;
    let bot = server.bot("pts_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("pts_bot").await;
    let state = user.ok("updates.getState", json!({})).await;
    let pts0 = state["pts"].as_i64().unwrap();
    assert!(pts0 >= 1, "the /start message is in the log");
    let sent = user
        .ok(
            "messages.sendMessage",
            json!({"peer": peer, "message": "see https://example.org #tag", "random_id": rand_id()}),
        )
        .await;
    assert_eq!(sent["_"], "updateShortSentMessage");
    assert_eq!(sent["pts"].as_i64().unwrap(), pts0 + 1);
    let kinds: Vec<_> = sent["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["_"].clone())
        .collect();
    assert_eq!(
        kinds,
        [json!("messageEntityUrl"), json!("messageEntityHashtag")]
    );
    let id = sent["id"].as_i64().unwrap();
    bot.ok(
        "sendMessage",
        json!({"chat_id": user.id, "text": "from the bot"}),
    )
    .await;
    let edited = user
        .ok(
            "messages.editMessage",
            json!({"peer": peer, "id": id, "message": "edited"}),
        )
        .await;
    assert_eq!(edited["updates"][0]["_"], "updateEditMessage");
    assert_eq!(edited["updates"][0]["message"]["message"], "edited");
    // The bot is told about the edit.
    let updates = bot.drain().await;
    let edit = updates
        .iter()
        .find(|u| u.get("edited_message").is_some())
        .unwrap();
    assert_eq!(edit["edited_message"]["text"], "edited");
    let read = user
        .ok("messages.readHistory", json!({"peer": peer, "max_id": 0}))
        .await;
    assert_eq!(read["_"], "messages.affectedMessages");
    let deleted = user
        .ok(
            "messages.deleteMessages",
            json!({"id": [id], "revoke": true}),
        )
        .await;
    assert_eq!(deleted["pts_count"], 1);
    // The difference since pts0 replays all of it, in order.
    let diff = user
        .ok(
            "updates.getDifference",
            json!({"pts": pts0, "date": 0, "qts": 0}),
        )
        .await;
    assert_eq!(diff["_"], "updates.difference");
    let new: Vec<_> = diff["new_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].clone())
        .collect();
    assert_eq!(new, [json!("from the bot")], "the deleted message is gone");
    let other: Vec<_> = diff["other_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["_"].clone())
        .collect();
    assert_eq!(
        other,
        [
            json!("updateReadHistoryInbox"),
            json!("updateDeleteMessages")
        ],
        "the edit of a since-deleted message is skipped"
    );
    let end = diff["state"]["pts"].as_i64().unwrap();
    assert_eq!(
        end,
        user.ok("updates.getState", json!({})).await["pts"]
            .as_i64()
            .unwrap()
    );
    let empty = user
        .ok(
            "updates.getDifference",
            json!({"pts": end, "date": 0, "qts": 0}),
        )
        .await;
    assert_eq!(empty["_"], "updates.differenceEmpty");
}

#[tokio::test]
async fn history_pages_like_telegram() {
    let server = TestServer::start().await;
    let bot = server.bot("page_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("page_bot").await;
    for i in 1..=30 {
        user.send(&peer, &format!("m{i}")).await;
    }
    let page = |offset_id: i64, add_offset: i64, limit: i64| {
        let user = user.clone();
        let peer = peer.clone();
        async move {
            user.ok(
                "messages.getHistory",
                json!({"peer": peer, "offset_id": offset_id, "offset_date": 0, "add_offset": add_offset,
                       "limit": limit, "max_id": 0, "min_id": 0, "hash": 0}),
            )
            .await
        }
    };
    let first = page(0, 0, 10).await;
    assert_eq!(first["_"], "messages.messagesSlice");
    assert_eq!(first["count"], 30);
    let texts = |r: &serde_json::Value| -> Vec<String> {
        r["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&first)[0], "m30");
    assert_eq!(texts(&first)[9], "m21");
    let next = page(21, 0, 5).await;
    assert_eq!(texts(&next), ["m20", "m19", "m18", "m17", "m16"]);
    let around = page(16, -2, 4).await;
    assert_eq!(texts(&around), ["m17", "m16", "m15", "m14"]);
    let all = page(0, 0, 100).await;
    assert_eq!(all["_"], "messages.messages");
    assert_eq!(all["messages"].as_array().unwrap().len(), 30);
    let _ = bot;
}

/// A bot's box is not indexed by chat (bots cannot read history, as on Telegram): the bot
/// is refused history, while the user's side lists both directions and the bot still finds
/// its own copies by id to edit and delete them.
#[tokio::test]
async fn bots_may_not_read_history_yet_find_their_messages() {
    use gramd_core::CoreError;
    use gramd_core::ids::{MessageId, Peer, UserId};
    use gramd_core::messages::HistoryQuery;

    let server = TestServer::start().await;
    let bot = server.bot("keeper_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("keeper_bot").await;
    let first = bot
        .ok("sendMessage", json!({"chat_id": user.id, "text": "first"}))
        .await;
    let second = bot
        .ok("sendMessage", json!({"chat_id": user.id, "text": "second"}))
        .await;
    user.send(&peer, "reply").await;
    bot.ok(
        "editMessageText",
        json!({"chat_id": user.id, "message_id": first["message_id"], "text": "first, edited"}),
    )
    .await;
    bot.ok(
        "deleteMessage",
        json!({"chat_id": user.id, "message_id": second["message_id"]}),
    )
    .await;
    let texts: Vec<String> = user
        .history(&peer, 10)
        .await
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["reply", "first, edited", "/start"]);

    let query = HistoryQuery {
        offset_id: 0,
        offset_date: 0,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
    };
    let (bot_id, user_peer) = (UserId(bot.id), Peer::User(UserId(user.id)));
    let refused = server.core.history(bot_id, user_peer, query).await;
    assert!(
        matches!(refused, Err(CoreError::BotMethodInvalid)),
        "{refused:?}"
    );
    let refused = server
        .core
        .read_history(bot_id, user_peer, MessageId(0))
        .await;
    assert!(
        matches!(refused, Err(CoreError::BotMethodInvalid)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_creator_of_a_channel_cannot_leave_it() {
    let server = TestServer::start().await;
    let owner = server.user("Owner", None).await;
    let created = owner
        .ok(
            "channels.createChannel",
            json!({"broadcast": true, "title": "News", "about": ""}),
        )
        .await;
    let channel = &created["chats"][0];
    let input_channel = json!({"_": "inputChannel", "channel_id": channel["id"], "access_hash": channel["access_hash"]});
    let (code, name) = owner
        .err("channels.leaveChannel", json!({"channel": input_channel}))
        .await;
    assert_eq!((code, name.as_str()), (400, "USER_CREATOR"));
}

/// A function's numbers and vectors may be left out of the JSON: they are 0 or empty.
#[tokio::test]
async fn history_with_only_peer_and_limit() {
    let server = TestServer::start().await;
    let _bot = server.bot("short_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("short_bot").await;
    for i in 1..=3 {
        user.send(&peer, &format!("m{i}")).await;
    }
    let short = user
        .ok("messages.getHistory", json!({"peer": peer, "limit": 2}))
        .await;
    assert_eq!(short["_"], "messages.messagesSlice");
    assert_eq!(short["count"], 3);
    let texts: Vec<_> = short["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].clone())
        .collect();
    assert_eq!(texts, [json!("m3"), json!("m2")]);
    let full = user
        .ok(
            "messages.getHistory",
            json!({"peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
                   "limit": 2, "max_id": 0, "min_id": 0, "hash": 0}),
        )
        .await;
    assert_eq!(short, full);
    // An object parameter is still required.
    let (code, name) = user.err("messages.getHistory", json!({"limit": 2})).await;
    assert_eq!((code, name.as_str()), (400, "INPUT_FETCH_ERROR"));
}

/// A session token opens a session with an id that stays the same (also for a core that
/// has not cached it yet) and differs between two sessions of one user.
#[tokio::test]
async fn sessions_have_stable_ids() {
    use gramd_core::ids::UserId;

    let server = TestServer::start().await;
    let user = server.user("Ann", None).await;
    let first = server.core.session(&user.token).await.unwrap();
    assert_eq!(first.user.id, UserId(user.id));
    assert_eq!(server.core.session(&user.token).await.unwrap().id, first.id);
    let fresh = gramd_core::Core::open(
        server.store.clone(),
        std::sync::Arc::new(gramd_core::clock::SystemClock),
        gramd_core::CoreConfig::default(),
    )
    .await
    .unwrap();
    assert_eq!(fresh.session(&user.token).await.unwrap().id, first.id);
    let token = server.core.create_session(UserId(user.id)).await.unwrap();
    let second = server.core.session(&token).await.unwrap();
    assert_eq!(second.user.id, first.user.id);
    assert_ne!(second.id, first.id);
    assert!(matches!(
        server.core.session("no such token").await,
        Err(gramd_core::CoreError::SessionInvalid)
    ));
}
