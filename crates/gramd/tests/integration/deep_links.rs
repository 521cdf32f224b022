//! Deep links and the small ways Telegram shapes what bots send: `messages.startBot` with a
//! start parameter (in the private chat, and `startgroup` adding the bot to a group), inline
//! keyboards without empty rows, and a bot promoted in a channel it is not in yet.

use serde_json::{Value, json};

use crate::harness::{TestServer, rand_id};

fn input_user(peer: &Value) -> Value {
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

#[tokio::test]
async fn a_deep_link_starts_the_bot_with_its_payload() {
    let server = TestServer::start().await;
    let bot = server.bot("deep_bot").await;
    let user = server.user("Ann", None).await;
    let peer = user.peer("deep_bot").await;
    user.ok(
        "messages.startBot",
        json!({"bot": input_user(&peer), "peer": peer, "random_id": rand_id(),
               "start_param": "ref-42_x"}),
    )
    .await;
    let update = bot.next_update(5).await;
    let message = &update["message"];
    assert_eq!(message["text"], "/start ref-42_x", "{update}");
    assert_eq!(
        message["entities"],
        json!([{"type": "bot_command", "offset": 0, "length": 6}])
    );

    for (param, error) in [
        ("", "START_PARAM_EMPTY"),
        ("has space", "START_PARAM_INVALID"),
        (&*"x".repeat(65), "START_PARAM_INVALID"),
    ] {
        let (_, body) = user
            .call(
                "messages.startBot",
                json!({"bot": input_user(&peer), "peer": peer, "random_id": rand_id(),
                       "start_param": param}),
            )
            .await;
        assert_eq!(body["error_message"], error, "{param:?}");
    }
    let other = server.user("Ben", Some("ben_not_bot")).await;
    let ben = user.peer("ben_not_bot").await;
    assert!(other.id > 0);
    let (_, body) = user
        .call(
            "messages.startBot",
            json!({"bot": input_user(&ben), "peer": ben, "random_id": rand_id(),
                   "start_param": "x"}),
        )
        .await;
    assert_eq!(body["error_message"], "BOT_INVALID");
    assert!(bot.drain().await.is_empty(), "nothing more reached the bot");
}

#[tokio::test]
async fn a_startgroup_link_adds_the_bot_and_starts_it_there() {
    let server = TestServer::start().await;
    let bot = server.bot("group_start_bot").await;
    let owner = server.user("Owner", None).await;
    let created = owner
        .ok("messages.createChat", json!({"users": [], "title": "Club"}))
        .await;
    let chat_id = created["updates"]["chats"][0]["id"].clone();
    let group = json!({"_": "inputPeerChat", "chat_id": chat_id});
    let peer = owner.peer("group_start_bot").await;
    owner
        .ok(
            "messages.startBot",
            json!({"bot": input_user(&peer), "peer": group, "random_id": rand_id(),
                   "start_param": "setup"}),
        )
        .await;
    let updates = bot.drain().await;
    assert!(
        updates
            .iter()
            .any(|u| u["my_chat_member"]["new_chat_member"]["status"] == "member"),
        "{updates:?}"
    );
    let start = updates
        .iter()
        .find_map(|u| u["message"]["text"].as_str())
        .unwrap();
    assert_eq!(start, "/start@group_start_bot setup");
}

#[tokio::test]
async fn inline_keyboards_lose_empty_rows() {
    let server = TestServer::start().await;
    let bot = server.bot("rows_bot").await;
    let user = crate::harness::started(&server, &bot, "Ann").await;
    let button = json!({"text": "A", "callback_data": "a"});
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "menu",
                   "reply_markup": {"inline_keyboard": [[], [button], []]}}),
        )
        .await;
    assert_eq!(
        sent["reply_markup"],
        json!({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    );
    let bare = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "no buttons",
                   "reply_markup": {"inline_keyboard": [[]]}}),
        )
        .await;
    assert!(bare.get("reply_markup").is_none(), "{bare}");
    let edited = bot
        .ok(
            "editMessageReplyMarkup",
            json!({"chat_id": user.id, "message_id": sent["message_id"],
                   "reply_markup": {"inline_keyboard": [[button], [], [button]]}}),
        )
        .await;
    assert_eq!(
        edited["reply_markup"]["inline_keyboard"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_bot_is_added_and_promoted_in_one_step() {
    let server = TestServer::start().await;
    let bot = server.bot("promo_bot").await;
    let owner = server.user("Owner", None).await;
    let created = owner
        .ok(
            "channels.createChannel",
            json!({"broadcast": true, "title": "News", "about": ""}),
        )
        .await;
    let news = &created["chats"][0];
    let channel =
        json!({"_": "inputChannel", "channel_id": news["id"], "access_hash": news["access_hash"]});
    let peer = owner.peer("promo_bot").await;
    owner
        .ok(
            "channels.editAdmin",
            json!({"channel": channel, "user_id": input_user(&peer),
                   "admin_rights": {"_": "chatAdminRights", "post_messages": true},
                   "rank": ""}),
        )
        .await;
    let news_id = -1_000_000_000_000 - news["id"].as_str().unwrap().parse::<i64>().unwrap();
    let post = bot
        .ok(
            "sendMessage",
            json!({"chat_id": news_id, "text": "first post"}),
        )
        .await;
    assert_eq!(post["sender_chat"]["id"], news_id);
    let me = bot
        .ok(
            "getChatMember",
            json!({"chat_id": news_id, "user_id": bot.id}),
        )
        .await;
    assert_eq!(me["status"], "administrator");
    assert_eq!(me["can_post_messages"], true);

    // A person who is not in the channel is not promoted into it.
    let ann = server.user("Ann", Some("ann_outside")).await;
    let ann_peer = owner.peer("ann_outside").await;
    assert!(ann.id > 0);
    let (_, body) = owner
        .call(
            "channels.editAdmin",
            json!({"channel": channel, "user_id": input_user(&ann_peer),
                   "admin_rights": {"_": "chatAdminRights", "post_messages": true},
                   "rank": ""}),
        )
        .await;
    assert_eq!(body["error_message"], "USER_NOT_PARTICIPANT", "{body}");
}
