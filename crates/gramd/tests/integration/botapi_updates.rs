//! getUpdates, long polling, webhooks state, allowed_updates, logOut/close.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{TestServer, rand_id, started};

#[tokio::test]
async fn get_me_reports_every_bot_field() {
    let server = TestServer::start().await;
    let bot = server.bot("fields_bot").await;
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(me["id"], bot.id);
    assert_eq!(me["is_bot"], true);
    assert_eq!(me["username"], "fields_bot");
    for field in [
        "can_join_groups",
        "can_read_all_group_messages",
        "supports_inline_queries",
        "can_connect_to_business",
        "has_main_web_app",
    ] {
        assert!(me[field].is_boolean(), "{field} missing in {me}");
    }
    // Method names are case-insensitive, GET works, and query parameters are read.
    let raw = bot
        .raw(bot.http.get(bot.url("GETME")), "getMe")
        .await
        .json();
    assert_eq!(raw["result"]["id"], bot.id);
}

#[tokio::test]
async fn updates_are_sequential_and_confirmed_by_offset() {
    let server = TestServer::start().await;
    let bot = server.bot("seq_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("seq_bot").await;
    for text in ["one", "two", "three"] {
        user.send(&peer, text).await;
    }
    let updates = bot.ok("getUpdates", json!({})).await;
    let updates = updates.as_array().unwrap();
    assert_eq!(updates.len(), 3);
    let first = updates[0]["update_id"].as_i64().unwrap();
    assert!((2_000_001..1_000_000_000).contains(&first), "{first}");
    for (i, update) in updates.iter().enumerate() {
        assert_eq!(update["update_id"].as_i64().unwrap(), first + i as i64);
    }
    assert_eq!(updates[1]["message"]["text"], "two");
    assert_eq!(updates[0]["message"]["chat"]["type"], "private");
    // Unconfirmed updates come back.
    let again = bot.ok("getUpdates", json!({})).await;
    assert_eq!(again.as_array().unwrap().len(), 3);
    // A positive offset confirms everything below it.
    let rest = bot.ok("getUpdates", json!({"offset": first + 1})).await;
    assert_eq!(rest.as_array().unwrap().len(), 2);
    assert_eq!(rest[0]["update_id"], first + 1);
    let none = bot.ok("getUpdates", json!({"offset": first + 3})).await;
    assert_eq!(none, json!([]));
    let still_none = bot.ok("getUpdates", json!({})).await;
    assert_eq!(still_none, json!([]));
    // The next update continues the sequence.
    user.send(&peer, "four").await;
    let next = bot.ok("getUpdates", json!({})).await;
    assert_eq!(next[0]["update_id"], first + 3);
}

#[tokio::test]
async fn negative_offset_keeps_only_the_last_updates_and_limit_is_clamped() {
    let server = TestServer::start().await;
    let bot = server.bot("neg_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("neg_bot").await;
    for i in 0..5 {
        user.send(&peer, &format!("m{i}")).await;
    }
    let one = bot.ok("getUpdates", json!({"limit": 0})).await;
    assert_eq!(one.as_array().unwrap().len(), 1, "limit 0 is clamped to 1");
    let all = bot.ok("getUpdates", json!({"limit": 500})).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        5,
        "limit 500 is clamped to 100"
    );
    let last_two = bot.ok("getUpdates", json!({"offset": -2})).await;
    let texts: Vec<_> = last_two
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["message"]["text"].clone())
        .collect();
    assert_eq!(texts, [json!("m3"), json!("m4")]);
    // The earlier ones are forgotten for good.
    let after = bot.ok("getUpdates", json!({})).await;
    assert_eq!(after.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_parked_long_poll_wakes_when_a_message_arrives() {
    let server = TestServer::start().await;
    let bot = server.bot("wake_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("wake_bot").await;
    let poller = {
        let bot = bot.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let updates = bot.ok("getUpdates", json!({"timeout": 20})).await;
            (updates, started.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    user.send(&peer, "wake up").await;
    let (updates, waited) = poller.await.unwrap();
    assert_eq!(updates[0]["message"]["text"], "wake up");
    assert!(waited < Duration::from_secs(10), "woke after {waited:?}");
}

#[tokio::test]
async fn an_empty_long_poll_ends_at_its_timeout() {
    let server = TestServer::start().await;
    let bot = server.bot("idle_bot").await;
    let started = Instant::now();
    let updates = bot.ok("getUpdates", json!({"timeout": 1})).await;
    assert_eq!(updates, json!([]));
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn a_newer_long_poll_ends_the_parked_one_with_409() {
    let server = TestServer::start().await;
    let bot = server.bot("twice_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("twice_bot").await;
    let first = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.err("getUpdates", json!({"timeout": 20})).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.ok("getUpdates", json!({"timeout": 20})).await })
    };
    let (code, description) = first.await.unwrap();
    assert_eq!(code, 409);
    assert_eq!(
        description,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    );
    user.send(&peer, "for the second").await;
    let updates = second.await.unwrap();
    assert_eq!(updates[0]["message"]["text"], "for the second");
}

#[tokio::test]
async fn a_webhook_blocks_polling_until_deleted() {
    let server = TestServer::start().await;
    let bot = server.bot("hook_bot").await;
    let body = bot
        .call(
            "setWebhook",
            json!({"url": "https://example.com/hook", "secret_token": "s3cr-t_"}),
        )
        .await;
    assert_eq!(body["description"], "Webhook was set");
    let info = bot.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], "https://example.com/hook");
    assert_eq!(info["max_connections"], 40);
    assert_eq!(info["has_custom_certificate"], false);
    assert!(
        info.get("allowed_updates").is_none(),
        "default allowed_updates are not shown"
    );
    let (code, description) = bot.err("getUpdates", json!({})).await;
    assert_eq!(code, 409);
    assert_eq!(
        description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );
    let (code, description) = bot
        .err(
            "setWebhook",
            json!({"url": "https://example.com/x", "secret_token": "no spaces"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (
            400,
            "Bad Request: secret token contains unallowed characters"
        )
    );
    let (_, description) = bot
        .err("setWebhook", json!({"url": "ftp://example.com"}))
        .await;
    assert_eq!(description, "Bad Request: invalid webhook URL specified");
    let deleted = bot.call("deleteWebhook", json!({})).await;
    assert_eq!(deleted["description"], "Webhook was deleted");
    let again = bot.call("deleteWebhook", json!({})).await;
    assert_eq!(again["description"], "Webhook is already deleted");
    assert_eq!(bot.ok("getUpdates", json!({})).await, json!([]));
    assert_eq!(bot.ok("getWebhookInfo", json!({})).await["url"], "");
}

#[tokio::test]
async fn set_webhook_ends_a_parked_poll_and_is_rate_limited() {
    let server = TestServer::start().await;
    let bot = server.bot("rate_bot").await;
    let poll = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.err("getUpdates", json!({"timeout": 20})).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    bot.ok("setWebhook", json!({"url": "https://example.com/a"}))
        .await;
    let (code, description) = poll.await.unwrap();
    assert_eq!(
        (code, description.as_str()),
        (409, "Conflict: terminated by setWebhook request")
    );
    let body = bot
        .call("setWebhook", json!({"url": "https://example.com/b"}))
        .await;
    if body["ok"] == false {
        assert_eq!(body["error_code"], 429);
        assert_eq!(body["parameters"]["retry_after"], 1);
    }
}

#[tokio::test]
async fn allowed_updates_persist_and_filter_new_updates() {
    let server = TestServer::start().await;
    let bot = server.bot("filter_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("filter_bot").await;
    bot.ok("getUpdates", json!({"allowed_updates": ["callback_query"]}))
        .await;
    user.send(&peer, "filtered out").await;
    // Omitting allowed_updates keeps the setting.
    assert_eq!(bot.ok("getUpdates", json!({})).await, json!([]));
    let info = bot.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["allowed_updates"], json!(["callback_query"]));
    // [] means the default again.
    bot.ok("getUpdates", json!({"allowed_updates": []})).await;
    user.send(&peer, "let through").await;
    let updates = bot.ok("getUpdates", json!({})).await;
    assert_eq!(updates.as_array().unwrap().len(), 1);
    assert_eq!(updates[0]["message"]["text"], "let through");
    assert!(
        bot.ok("getWebhookInfo", json!({}))
            .await
            .get("allowed_updates")
            .is_none()
    );
}

#[tokio::test]
async fn drop_pending_updates_clears_the_queue() {
    let server = TestServer::start().await;
    let bot = server.bot("drop_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("drop_bot").await;
    user.send(&peer, "old").await;
    assert_eq!(
        bot.ok("getWebhookInfo", json!({})).await["pending_update_count"],
        1
    );
    bot.ok("deleteWebhook", json!({"drop_pending_updates": true}))
        .await;
    assert_eq!(
        bot.ok("getWebhookInfo", json!({})).await["pending_update_count"],
        0
    );
    assert_eq!(bot.ok("getUpdates", json!({})).await, json!([]));
}

#[tokio::test]
async fn log_out_works_and_close_is_refused_in_the_first_ten_minutes() {
    let server = TestServer::start().await;
    let bot = server.bot("life_bot").await;
    assert_eq!(bot.ok("logOut", json!({})).await, true);
    let body = bot.call("close", json!({})).await;
    assert_eq!(body["error_code"], 429);
    let retry = body["parameters"]["retry_after"].as_u64().unwrap();
    assert!((590..=600).contains(&retry), "{retry}");
    assert_eq!(
        body["description"],
        format!("Too Many Requests: retry after {retry}")
    );
}

#[tokio::test]
async fn the_user_who_started_the_bot_is_known_to_it() {
    let server = TestServer::start().await;
    let bot = server.bot("know_bot").await;
    let user = started(&server, &bot, "Kim").await;
    let chat = bot.ok("getChat", json!({"chat_id": user.id})).await;
    assert_eq!(chat["type"], "private");
    assert_eq!(chat["first_name"], "Kim");
}

/// A channel's admin bot gets `channel_post` and `edited_channel_post`; a supergroup's bot
/// in privacy mode gets `edited_message` only for edits of messages it may see.
#[tokio::test]
async fn edits_in_channels_and_supergroups_reach_their_bots() {
    let server = TestServer::start().await;
    let bot = server.bot("editwatch_bot").await;
    let owner = server.user("Owner", None).await;
    let bot_peer = owner.peer("editwatch_bot").await;
    let bot_input = json!({"_": "inputUser", "user_id": bot_peer["user_id"],
                           "access_hash": bot_peer["access_hash"]});
    let create = |broadcast: bool, title: &str| {
        let params = if broadcast {
            json!({"broadcast": true, "title": title, "about": ""})
        } else {
            json!({"megagroup": true, "title": title, "about": ""})
        };
        let owner = &owner;
        async move { owner.ok("channels.createChannel", params).await["chats"][0].clone() }
    };
    let input_channel = |c: &serde_json::Value| json!({"_": "inputChannel", "channel_id": c["id"], "access_hash": c["access_hash"]});
    let input_peer = |c: &serde_json::Value| json!({"_": "inputPeerChannel", "channel_id": c["id"], "access_hash": c["access_hash"]});
    // Sends as the owner; in a channel the answer is an `updates` whose `updateMessageID`
    // carries the new id.
    let send = |peer: serde_json::Value, text: &str| {
        let owner = &owner;
        let text = text.to_owned();
        async move {
            let sent = owner
                .ok(
                    "messages.sendMessage",
                    json!({"peer": peer, "message": text, "random_id": rand_id()}),
                )
                .await;
            sent["updates"]
                .as_array()
                .and_then(|u| u.iter().find(|u| u["_"] == "updateMessageID"))
                .and_then(|u| u["id"].as_i64())
                .unwrap_or_else(|| panic!("no message id in {sent}"))
        }
    };
    let edit = |peer: serde_json::Value, id: i64, text: &str| {
        let owner = &owner;
        let text = text.to_owned();
        async move {
            owner
                .ok(
                    "messages.editMessage",
                    json!({"peer": peer, "id": id, "message": text}),
                )
                .await;
        }
    };

    // A broadcast channel with the bot as an administrator.
    let news = create(true, "News").await;
    owner
        .ok(
            "channels.inviteToChannel",
            json!({"channel": input_channel(&news), "users": [bot_input.clone()]}),
        )
        .await;
    owner
        .ok(
            "channels.editAdmin",
            json!({"channel": input_channel(&news), "user_id": bot_input,
                   "admin_rights": {"_": "chatAdminRights", "post_messages": true}, "rank": ""}),
        )
        .await;
    bot.drain().await;
    let post = send(input_peer(&news), "breaking").await;
    let update = bot.next_update(5).await;
    assert_eq!(update["channel_post"]["text"], "breaking", "{update}");
    edit(input_peer(&news), post, "breaking, corrected").await;
    let update = bot.next_update(5).await;
    let edited = &update["edited_channel_post"];
    assert_eq!(edited["text"], "breaking, corrected", "{update}");
    assert_eq!(edited["message_id"], post);
    assert!(edited["edit_date"].as_i64().is_some(), "{update}");

    // A supergroup where the bot is an ordinary member in privacy mode.
    let group = create(false, "Talk").await;
    owner
        .ok(
            "channels.inviteToChannel",
            json!({"channel": input_channel(&group), "users": [bot_input]}),
        )
        .await;
    bot.drain().await;
    let command = send(input_peer(&group), "/status").await;
    assert_eq!(bot.next_update(5).await["message"]["text"], "/status");
    let chatter = send(input_peer(&group), "just chatting").await;
    edit(input_peer(&group), chatter, "still chatting").await;
    edit(input_peer(&group), command, "/status now").await;
    let update = bot.next_update(5).await;
    assert_eq!(update["edited_message"]["text"], "/status now", "{update}");
    assert_eq!(update["edited_message"]["message_id"], command);
    assert!(
        bot.drain().await.is_empty(),
        "the bot heard of a message it may not see"
    );
}
