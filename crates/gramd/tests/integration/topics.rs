//! Forum topics: the owner turns a supergroup's forum on (`channels.toggleForum`), a bot
//! with `can_manage_topics` creates, edits, closes, reopens and deletes topics and manages
//! the General topic; messages go to topics with `message_thread_id` (Bot API) and
//! `reply_to` (client API) and carry them back; Telegram's errors for what is refused.

use serde_json::{Value, json};

use crate::groups::{Channel, post, promote, scene};
use crate::harness::{UserClient, rand_id};

/// Sends a text to a supergroup as `user`, optionally replying to `reply_to` (a topic's id
/// sends to the topic); the `(code, error)` if refused, else the new message's id.
async fn send(
    user: &UserClient,
    chat: &Channel,
    text: &str,
    reply_to: Option<i64>,
) -> Result<i64, (u64, String)> {
    let mut params = json!({"peer": chat.peer(), "message": text, "random_id": rand_id()});
    if let Some(id) = reply_to {
        params["reply_to"] = json!({"_": "inputReplyToMessage", "reply_to_msg_id": id});
    }
    let (_, body) = user.call("messages.sendMessage", params).await;
    if body["ok"] == false {
        return Err((
            body["error_code"].as_u64().unwrap(),
            body["error_message"].as_str().unwrap().to_owned(),
        ));
    }
    Ok(body["result"]["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageID")
        .unwrap()["id"]
        .as_i64()
        .unwrap())
}

/// The error of the bot sending to thread `thread` of `chat`.
async fn thread_error(bot: &crate::harness::BotClient, chat: i64, thread: i64) -> String {
    let params = json!({"chat_id": chat, "text": "x", "message_thread_id": thread});
    description(&bot.call("sendMessage", params).await)
}

fn description(body: &Value) -> String {
    body["description"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn bots_manage_topics_and_messages_go_to_them() {
    let server = crate::harness::TestServer::start().await;
    let s = scene(&server, "topic_bot", &["tess_member"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let tess = &s.members[0];
    let tess_chat = &s.seen[0];
    let create = |name: &str| json!({"chat_id": chat, "name": name});

    // Not a forum yet.
    assert_eq!(
        description(&bot.call("createForumTopic", create("Early")).await),
        "Bad Request: the chat is not a forum"
    );
    assert_eq!(
        thread_error(bot, chat, 5).await,
        "Bad Request: message thread not found"
    );
    assert_eq!(
        tess.err(
            "channels.toggleForum",
            json!({"channel": tess_chat.input(), "enabled": true, "tabs": false}),
        )
        .await,
        (400, "CHAT_ADMIN_REQUIRED".to_owned())
    );
    s.owner
        .ok(
            "channels.toggleForum",
            json!({"channel": s.chat.input(), "enabled": true, "tabs": false}),
        )
        .await;
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert_eq!(info["is_forum"], true, "{info}");

    // Creating topics needs the right.
    assert_eq!(
        description(&bot.call("createForumTopic", create("Ideas")).await),
        "Bad Request: not enough rights to create a topic"
    );
    promote(
        &s.owner,
        &s.chat,
        "topic_bot",
        json!({"manage_topics": true, "pin_messages": true, "delete_messages": true}),
    )
    .await;
    let me = bot
        .ok("getChatMember", json!({"chat_id": chat, "user_id": bot.id}))
        .await;
    assert_eq!(me["can_manage_topics"], true, "{me}");
    bot.drain().await;

    let bad_color = json!({"chat_id": chat, "name": "Ideas", "icon_color": 123});
    assert_eq!(
        description(&bot.call("createForumTopic", bad_color).await),
        "Bad Request: TOPIC_ICON_COLOR_INVALID"
    );
    let not_rgb = json!({"chat_id": chat, "name": "Ideas", "icon_color": -1});
    assert_eq!(
        description(&bot.call("createForumTopic", not_rgb).await),
        "Bad Request: invalid icon color specified"
    );
    assert_eq!(
        description(&bot.call("createForumTopic", create(" ")).await),
        "Bad Request: TOPIC_TITLE_EMPTY"
    );
    let ideas = bot
        .ok(
            "createForumTopic",
            json!({"chat_id": chat, "name": "Ideas", "icon_color": 16_766_590}),
        )
        .await;
    assert_eq!(ideas["name"], "Ideas");
    assert_eq!(ideas["icon_color"], 16_766_590);
    let topic = ideas["message_thread_id"].as_i64().unwrap();

    // The owner creates one over the client API; the bot sees its service message.
    let created = s
        .owner
        .ok(
            "messages.createForumTopic",
            json!({"peer": s.chat.peer(), "title": "Bugs", "random_id": rand_id()}),
        )
        .await;
    let bugs = created["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageID")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let update = bot.next_update(5).await;
    let service = &update["message"];
    assert_eq!(service["message_id"], bugs);
    assert_eq!(service["message_thread_id"], bugs);
    assert_eq!(service["is_topic_message"], true);
    assert_eq!(
        service["forum_topic_created"],
        json!({"name": "Bugs", "icon_color": 7_322_096})
    );

    // A bot's message to a topic carries it; a member sees it there.
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": chat, "text": "in ideas", "message_thread_id": topic}),
        )
        .await;
    assert_eq!(sent["message_thread_id"], topic);
    assert_eq!(sent["is_topic_message"], true);
    let seen = tess
        .wait_for(&tess_chat.peer(), |m| m["message"] == "in ideas")
        .await;
    assert_eq!(seen["reply_to"]["forum_topic"], true);
    assert_eq!(seen["reply_to"]["reply_to_msg_id"], topic);
    assert_eq!(
        thread_error(bot, chat, 99_999).await,
        "Bad Request: message thread not found"
    );

    // A member writes in the topic by replying to it; the bot sees the topic.
    send(tess, tess_chat, "from tess", Some(topic))
        .await
        .unwrap();
    let update = bot.next_update(5).await;
    assert_eq!(update["message"]["text"], "from tess");
    assert_eq!(update["message"]["message_thread_id"], topic);
    // A message to General carries no topic.
    send(tess, tess_chat, "general chat", None).await.unwrap();
    let update = bot.next_update(5).await;
    assert!(
        update["message"].get("message_thread_id").is_none(),
        "{update}"
    );

    // A topic's messages, newest first (`messages.getReplies`), and General's.
    let replies = |id: i64| {
        json!({"peer": tess_chat.peer(), "msg_id": id, "offset_id": 0, "offset_date": 0,
               "add_offset": 0, "limit": 10, "max_id": 0, "min_id": 0, "hash": 0})
    };
    let in_topic = tess.ok("messages.getReplies", replies(topic)).await;
    let texts: Vec<&str> = in_topic["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap_or("(service)"))
        .collect();
    assert_eq!(texts, ["from tess", "in ideas", "(service)"]);
    assert_eq!(in_topic["count"], 3);
    let in_general = tess.ok("messages.getReplies", replies(1)).await;
    let texts: Vec<&str> = in_general["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert!(texts.contains(&"general chat"), "{texts:?}");
    assert!(
        !texts.contains(&"in ideas") && !texts.contains(&"from tess"),
        "{texts:?}"
    );

    // Editing: the service message says what changed.
    let edit = json!({"chat_id": chat, "message_thread_id": topic, "name": "Ideas 2"});
    assert_eq!(bot.ok("editForumTopic", edit).await, true);
    let history = tess.history(&tess_chat.peer(), 1).await;
    assert_eq!(history[0]["action"]["_"], "messageActionTopicEdit");
    assert_eq!(history[0]["action"]["title"], "Ideas 2");
    assert_eq!(history[0]["reply_to"]["reply_to_msg_id"], topic);

    // Closed: members may not write; the bot (an administrator) may.
    let at = json!({"chat_id": chat, "message_thread_id": topic});
    assert_eq!(bot.ok("closeForumTopic", at.clone()).await, true);
    assert_eq!(
        send(tess, tess_chat, "closed?", Some(topic)).await,
        Err((400, "TOPIC_CLOSED".to_owned()))
    );
    bot.ok(
        "sendMessage",
        json!({"chat_id": chat, "text": "admins still can", "message_thread_id": topic}),
    )
    .await;
    assert_eq!(bot.ok("reopenForumTopic", at.clone()).await, true);
    send(tess, tess_chat, "open again", Some(topic))
        .await
        .unwrap();

    // The General topic: renamed, hidden (which closes it), shown, reopened.
    let general = json!({"chat_id": chat});
    assert_eq!(
        bot.ok(
            "editGeneralForumTopic",
            json!({"chat_id": chat, "name": "Lobby"})
        )
        .await,
        true
    );
    assert_eq!(bot.ok("hideGeneralForumTopic", general.clone()).await, true);
    assert_eq!(
        send(tess, tess_chat, "general?", None).await,
        Err((400, "TOPIC_CLOSED".to_owned()))
    );
    assert_eq!(
        bot.ok("unhideGeneralForumTopic", general.clone()).await,
        true
    );
    assert_eq!(
        bot.ok("reopenGeneralForumTopic", general.clone()).await,
        true
    );
    send(tess, tess_chat, "general again", None).await.unwrap();

    // Members list the topics: General first, then the newest.
    let listed = tess
        .ok(
            "messages.getForumTopics",
            json!({"peer": tess_chat.peer(), "offset_date": 0, "offset_id": 0,
                   "offset_topic": 0, "limit": 10}),
        )
        .await;
    let titles: Vec<&str> = listed["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Lobby", "Bugs", "Ideas 2"]);
    assert_eq!(listed["count"], 3);

    // A pinned topic comes first; pinning needs the right.
    let pin = |peer: Value| json!({"peer": peer, "topic_id": topic, "pinned": true});
    assert_eq!(
        tess.err("messages.updatePinnedForumTopic", pin(tess_chat.peer()))
            .await,
        (400, "CHAT_ADMIN_REQUIRED".to_owned())
    );
    let pinned = s
        .owner
        .ok("messages.updatePinnedForumTopic", pin(s.chat.peer()))
        .await;
    assert_eq!(pinned["updates"][0]["_"], "updatePinnedForumTopic");
    let listed = tess
        .ok(
            "messages.getForumTopics",
            json!({"peer": tess_chat.peer(), "offset_date": 0, "offset_id": 0,
                   "offset_topic": 0, "limit": 10}),
        )
        .await;
    assert_eq!(listed["topics"][0]["title"], "Ideas 2");
    assert_eq!(listed["topics"][0]["pinned"], true);
    assert_eq!(listed["topics"][1]["title"], "Lobby");

    // Pins of a topic go together; deleting a topic deletes its messages.
    let pinned = bot
        .ok(
            "sendMessage",
            json!({"chat_id": chat, "text": "pin me", "message_thread_id": topic}),
        )
        .await;
    bot.ok(
        "pinChatMessage",
        json!({"chat_id": chat, "message_id": pinned["message_id"]}),
    )
    .await;
    assert_eq!(bot.ok("unpinAllForumTopicMessages", at.clone()).await, true);
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert!(info.get("pinned_message").is_none(), "{info}");
    assert_eq!(bot.ok("deleteForumTopic", at.clone()).await, true);
    let by_id = tess
        .ok(
            "messages.getForumTopicsByID",
            json!({"peer": tess_chat.peer(), "topics": [topic]}),
        )
        .await;
    assert!(by_id["topics"].as_array().unwrap().is_empty());
    let history = tess.history(&tess_chat.peer(), 30).await;
    assert!(
        history
            .iter()
            .all(|m| m["message"] != "in ideas" && m["id"] != topic),
        "{history:?}"
    );
    assert_eq!(
        description(&bot.call("closeForumTopic", at).await),
        "Bad Request: message thread not found"
    );

    // A member may not delete or close someone else's topic.
    assert_eq!(
        tess.err(
            "messages.editForumTopic",
            json!({"peer": tess_chat.peer(), "topic_id": bugs, "closed": true}),
        )
        .await,
        (400, "CHAT_ADMIN_REQUIRED".to_owned())
    );
    post(&s.owner, &s.chat, "the end").await;
}
