//! Sending, editing, forwarding, deleting; callback queries; groups; commands.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::harness::{TestServer, started};

fn text_of(message: &Value) -> &str {
    message["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_bot_cannot_write_first() {
    let server = TestServer::start().await;
    let bot = server.bot("shy_bot").await;
    let stranger = server.user("Stranger", None).await;
    let (code, description) = bot
        .err("sendMessage", json!({"chat_id": stranger.id, "text": "hi"}))
        .await;
    assert_eq!(
        (code, description.as_str()),
        (
            403,
            "Forbidden: bot can't initiate conversation with a user"
        )
    );
    let other = server.bot("other_bot").await;
    let (code, _) = bot
        .err("sendMessage", json!({"chat_id": other.id, "text": "hi"}))
        .await;
    assert_eq!(code, 403);
}

#[tokio::test]
async fn send_with_markup_parse_modes_and_replies() {
    let server = TestServer::start().await;
    let bot = server.bot("send_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("send_bot").await;
    // MarkdownV2 with an emoji before the entity: offsets count UTF-16 units.
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "😀 *bold* _it_", "parse_mode": "MarkdownV2"}),
        )
        .await;
    assert_eq!(sent["text"], "😀 bold it");
    assert_eq!(
        sent["entities"][0],
        json!({"type": "bold", "offset": 3, "length": 4})
    );
    assert_eq!(
        sent["entities"][1],
        json!({"type": "italic", "offset": 8, "length": 2})
    );
    // Legacy Markdown, and link preview options kept on the message.
    let legacy = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "*b* _i_ [site](https://example.com) `c`",
                   "parse_mode": "Markdown",
                   "link_preview_options": {"url": "https://example.com", "prefer_small_media": true}}),
        )
        .await;
    assert_eq!(legacy["text"], "b i site c");
    let kinds: Vec<_> = legacy["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].clone())
        .collect();
    assert_eq!(
        kinds,
        [
            json!("bold"),
            json!("italic"),
            json!("text_link"),
            json!("code")
        ]
    );
    assert_eq!(legacy["entities"][2]["url"], "https://example.com/");
    assert_eq!(
        legacy["link_preview_options"],
        json!({"url": "https://example.com", "prefer_small_media": true})
    );
    let html = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "<a href=\"tg://user?id=1\">x</a> &amp; <pre><code class=\"language-rust\">fn</code></pre>", "parse_mode": "html"}),
        )
        .await;
    assert_eq!(html["text"], "x & fn");
    assert_eq!(
        html["entities"][1],
        json!({"type": "pre", "offset": 4, "length": 2, "language": "rust"})
    );
    // A reply keyboard, then its removal, then a forced reply: all accepted, and the user
    // sees them.
    for markup in [
        json!({"keyboard": [["yes", {"text": "phone", "request_contact": true}]], "resize_keyboard": true}),
        json!({"remove_keyboard": true}),
        json!({"force_reply": true, "input_field_placeholder": "say"}),
    ] {
        let sent = bot
            .ok(
                "sendMessage",
                json!({"chat_id": user.id, "text": "k", "reply_markup": markup}),
            )
            .await;
        assert!(
            sent.get("reply_markup").is_none(),
            "only inline keyboards show in Message"
        );
    }
    let history = user.history(&peer, 3).await;
    assert_eq!(history[0]["reply_markup"]["_"], "replyKeyboardForceReply");
    assert_eq!(history[0]["reply_markup"]["placeholder"], "say");
    assert_eq!(history[1]["reply_markup"]["_"], "replyKeyboardHide");
    assert_eq!(history[2]["reply_markup"]["_"], "replyKeyboardMarkup");
    assert_eq!(
        history[2]["reply_markup"]["rows"][0]["buttons"][1]["type"]["_"],
        "buttonTypeRequestPhone"
    );
    // A reply: the bot names its own message id, the user sees its own copy's id.
    let first_id = sent["message_id"].as_i64().unwrap();
    let reply = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "re", "reply_parameters": {"message_id": first_id}}),
        )
        .await;
    assert_eq!(reply["reply_to_message"]["message_id"], first_id);
    let seen = user.history(&peer, 1).await;
    let replied_in_user_box = seen[0]["reply_to"]["reply_to_msg_id"].as_i64().unwrap();
    let original = user
        .history(&peer, 20)
        .await
        .into_iter()
        .find(|m| m["id"].as_i64() == Some(replied_in_user_box))
        .unwrap();
    assert_eq!(text_of(&original), "😀 bold it");
    // A missing reply target with allow_sending_without_reply goes out without a reply.
    let loose = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "loose",
                   "reply_parameters": {"message_id": 9999, "allow_sending_without_reply": true}}),
        )
        .await;
    assert!(loose.get("reply_to_message").is_none());
    // Legacy parameters still work.
    let legacy = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "legacy", "reply_to_message_id": first_id,
                   "disable_web_page_preview": true}),
        )
        .await;
    assert_eq!(legacy["reply_to_message"]["message_id"], first_id);
    assert_eq!(legacy["link_preview_options"]["is_disabled"], true);
}

#[tokio::test]
async fn edit_forward_copy_and_delete() {
    let server = TestServer::start().await;
    let bot = server.bot("edit_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("edit_bot").await;
    let keyboard = json!({"inline_keyboard": [[{"text": "B", "callback_data": "b"}]]});
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "v1", "reply_markup": keyboard}),
        )
        .await;
    let id = sent["message_id"].clone();
    let edited = bot
        .ok(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": id, "text": "v2", "reply_markup": keyboard}),
        )
        .await;
    assert_eq!(edited["text"], "v2");
    assert!(edited["edit_date"].as_i64().unwrap() > 0);
    assert_eq!(edited["reply_markup"], keyboard);
    let (code, description) = bot
        .err(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": id, "text": "v2", "reply_markup": keyboard}),
        )
        .await;
    assert_eq!(code, 400);
    assert_eq!(
        description,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
    );
    let seen = user.history(&peer, 1).await;
    assert_eq!(text_of(&seen[0]), "v2");
    assert!(seen[0]["edit_date"].as_i64().is_some());
    // Removing the keyboard.
    let bare = bot
        .ok(
            "editMessageReplyMarkup",
            json!({"chat_id": user.id, "message_id": id}),
        )
        .await;
    assert!(bare.get("reply_markup").is_none());
    let (_, description) = bot
        .err(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": 4242, "text": "x"}),
        )
        .await;
    assert_eq!(description, "Bad Request: message to edit not found");
    // A bot cannot edit the user's messages.
    let user_msg = user.send(&peer, "mine").await;
    bot.drain().await;
    let bot_view = bot
        .ok(
            "forwardMessage",
            json!({"chat_id": user.id, "from_chat_id": user.id,
        "message_id": sent["message_id"].as_i64().unwrap() + 1}),
        )
        .await;
    assert_eq!(bot_view["forward_origin"]["type"], "user");
    assert_eq!(bot_view["forward_origin"]["sender_user"]["id"], user.id);
    let _ = user_msg;
    // copyMessage returns a MessageId and drops the header.
    let copy = bot
        .ok(
            "copyMessage",
            json!({"chat_id": user.id, "from_chat_id": user.id, "message_id": id}),
        )
        .await;
    let copy_id = copy["message_id"].as_i64().unwrap();
    assert!(copy_id > id.as_i64().unwrap());
    let seen = user.history(&peer, 1).await;
    assert_eq!(text_of(&seen[0]), "v2");
    assert!(seen[0].get("fwd_from").is_none());
    // Deleting removes it for both sides; deleting again fails; deleteMessages skips.
    assert_eq!(
        bot.ok(
            "deleteMessage",
            json!({"chat_id": user.id, "message_id": copy_id})
        )
        .await,
        true
    );
    assert_ne!(text_of(&user.history(&peer, 1).await[0]), "v2-copy");
    let (_, description) = bot
        .err(
            "deleteMessage",
            json!({"chat_id": user.id, "message_id": copy_id}),
        )
        .await;
    assert_eq!(description, "Bad Request: message to delete not found");
    assert_eq!(
        bot.ok(
            "deleteMessages",
            json!({"chat_id": user.id, "message_ids": [copy_id, id]})
        )
        .await,
        true
    );
    let ids: Vec<i64> = user
        .history(&peer, 50)
        .await
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert!(!ids.is_empty());
    assert!(
        user.history(&peer, 50)
            .await
            .iter()
            .all(|m| text_of(m) != "v2")
    );
}

#[tokio::test]
async fn callback_buttons_round_trip() {
    let server = TestServer::start_with_timeout(1).await;
    let bot = server.bot("cb_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("cb_bot").await;
    bot.ok(
        "sendMessage",
        json!({"chat_id": user.id, "text": "Pick",
               "reply_markup": {"inline_keyboard": [[{"text": "B1", "callback_data": "btn1"}]]}}),
    )
    .await;
    let msg_id = user.history(&peer, 1).await[0]["id"].clone();
    let data = base64::engine::general_purpose::STANDARD.encode("btn1");
    let press = {
        let user = user.clone();
        let peer = peer.clone();
        let data = data.clone();
        let msg_id = msg_id.clone();
        tokio::spawn(async move {
            user.ok(
                "messages.getBotCallbackAnswer",
                json!({"peer": peer, "msg_id": msg_id, "data": data}),
            )
            .await
        })
    };
    let update = bot.next_update(5).await;
    let query = &update["callback_query"];
    assert_eq!(query["data"], "btn1");
    assert_eq!(query["from"]["id"], user.id);
    assert_eq!(query["message"]["text"], "Pick");
    assert!(query["chat_instance"].is_string());
    bot.ok(
        "answerCallbackQuery",
        json!({"callback_query_id": query["id"], "text": "ok", "show_alert": true}),
    )
    .await;
    let answer = press.await.unwrap();
    assert_eq!(answer["message"], "ok");
    assert_eq!(answer["alert"], true);
    // Answering twice, or an unknown query, is refused.
    let (_, description) = bot
        .err(
            "answerCallbackQuery",
            json!({"callback_query_id": query["id"]}),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    // Data no button has, and a bot that never answers.
    let (code, name) = user
        .err(
            "messages.getBotCallbackAnswer",
            json!({"peer": peer, "msg_id": msg_id,
                   "data": base64::engine::general_purpose::STANDARD.encode("nope")}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "DATA_INVALID"));
    let (code, name) = user
        .err(
            "messages.getBotCallbackAnswer",
            json!({"peer": peer, "msg_id": msg_id, "data": data}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "BOT_RESPONSE_TIMEOUT"));
}

#[tokio::test]
async fn groups_membership_privacy_and_chat_methods() {
    let server = TestServer::start().await;
    let bot = server.bot("group_bot").await;
    let owner = server.user("Owner", None).await;
    let friend = server.user("Friend", None).await;
    let bot_user = owner.peer("group_bot").await;
    let friend_user = json!({"_": "inputUser", "user_id": friend.id,
        "access_hash": owner.ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]})).await[0]["access_hash"]});
    let _ = friend_user;
    let bot_input = json!({"_": "inputUser", "user_id": bot_user["user_id"], "access_hash": bot_user["access_hash"]});
    let created = owner
        .ok(
            "messages.createChat",
            json!({"users": [bot_input], "title": "Team"}),
        )
        .await;
    let chat = &created["updates"]["chats"][0];
    assert_eq!(chat["_"], "chat");
    let chat_id = chat["id"].as_str().unwrap().parse::<i64>().unwrap();
    let group = json!({"_": "inputPeerChat", "chat_id": chat_id});
    // The bot learns it was added, and sees the service message.
    let updates = bot.drain().await;
    let joined = updates
        .iter()
        .find(|u| u.get("my_chat_member").is_some())
        .unwrap();
    assert_eq!(
        joined["my_chat_member"]["old_chat_member"]["status"],
        "left"
    );
    assert_eq!(
        joined["my_chat_member"]["new_chat_member"]["status"],
        "member"
    );
    assert_eq!(joined["my_chat_member"]["chat"]["id"], -chat_id);
    assert_eq!(joined["my_chat_member"]["chat"]["type"], "group");
    assert!(
        updates
            .iter()
            .any(|u| u["message"]["group_chat_created"] == true)
    );
    // Privacy mode: plain text is not delivered, commands and mentions are.
    owner.send(&group, "just chatting").await;
    owner.send(&group, "/help@group_bot").await;
    owner.send(&group, "/start").await;
    owner.send(&group, "/start@someone_else_bot").await;
    owner.send(&group, "hey @group_bot").await;
    let texts: Vec<String> = bot
        .drain()
        .await
        .iter()
        .map(|u| u["message"]["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["/help@group_bot", "/start", "hey @group_bot"]);
    // Chat methods.
    let info = bot.ok("getChat", json!({"chat_id": -chat_id})).await;
    assert_eq!(
        (info["type"].clone(), info["title"].clone()),
        (json!("group"), json!("Team"))
    );
    assert_eq!(
        bot.ok("getChatMemberCount", json!({"chat_id": -chat_id}))
            .await,
        2
    );
    assert_eq!(
        bot.ok("getChatMembersCount", json!({"chat_id": -chat_id}))
            .await,
        2
    );
    let me = bot
        .ok(
            "getChatMember",
            json!({"chat_id": -chat_id, "user_id": bot.id}),
        )
        .await;
    assert_eq!(me["status"], "member");
    let admins = bot
        .ok("getChatAdministrators", json!({"chat_id": -chat_id}))
        .await;
    assert_eq!(admins.as_array().unwrap().len(), 1);
    assert_eq!(admins[0]["status"], "creator");
    assert_eq!(admins[0]["user"]["id"], owner.id);
    let outsider = bot
        .ok(
            "getChatMember",
            json!({"chat_id": -chat_id, "user_id": friend.id}),
        )
        .await;
    assert_eq!(outsider["status"], "left");
    // The bot writes to the group; the owner sees it.
    bot.ok(
        "sendMessage",
        json!({"chat_id": -chat_id, "text": "hello team"}),
    )
    .await;
    assert_eq!(text_of(&owner.history(&group, 1).await[0]), "hello team");
    // Leaving: the bot is told, and can no longer write.
    assert_eq!(
        bot.ok("leaveChat", json!({"chat_id": -chat_id})).await,
        true
    );
    let left = bot.drain().await;
    let left = left
        .iter()
        .find(|u| u.get("my_chat_member").is_some())
        .unwrap();
    assert_eq!(left["my_chat_member"]["new_chat_member"]["status"], "left");
    let (code, description) = bot
        .err(
            "sendMessage",
            json!({"chat_id": -chat_id, "text": "still here?"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (403, "Forbidden: bot is not a member of the group chat")
    );
    let (_, description) = bot.err("getChat", json!({"chat_id": -chat_id})).await;
    assert_eq!(description, "Bad Request: chat not found");
}

#[tokio::test]
async fn supergroups_and_channels() {
    let server = TestServer::start().await;
    let bot = server.bot("super_bot").await;
    let owner = server.user("Owner", None).await;
    let bot_peer = owner.peer("super_bot").await;
    let bot_input = json!({"_": "inputUser", "user_id": bot_peer["user_id"], "access_hash": bot_peer["access_hash"]});
    let created = owner
        .ok(
            "channels.createChannel",
            json!({"megagroup": true, "title": "Big", "about": "talk"}),
        )
        .await;
    let channel = &created["chats"][0];
    assert_eq!(channel["megagroup"], true);
    let input_channel = json!({"_": "inputChannel", "channel_id": channel["id"], "access_hash": channel["access_hash"]});
    owner
        .ok(
            "channels.inviteToChannel",
            json!({"channel": input_channel, "users": [bot_input]}),
        )
        .await;
    let channel_id = channel["id"].as_str().unwrap().parse::<i64>().unwrap();
    let chat_id = -1_000_000_000_000 - channel_id;
    let added = bot.drain().await;
    assert!(
        added
            .iter()
            .any(|u| u["my_chat_member"]["chat"]["type"] == "supergroup")
    );
    let info = bot.ok("getChat", json!({"chat_id": chat_id})).await;
    assert_eq!(info["type"], "supergroup");
    assert_eq!(info["description"], "talk");
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": chat_id, "text": "in a supergroup"}),
        )
        .await;
    assert_eq!(sent["chat"]["id"], chat_id);
    let peer = json!({"_": "inputPeerChannel", "channel_id": channel["id"], "access_hash": channel["access_hash"]});
    let history = owner.history(&peer, 1).await;
    assert_eq!(text_of(&history[0]), "in a supergroup");
    // Without admin rights the bot cannot post in a broadcast channel.
    let created = owner
        .ok(
            "channels.createChannel",
            json!({"broadcast": true, "title": "News", "about": ""}),
        )
        .await;
    let news = &created["chats"][0];
    let news_input =
        json!({"_": "inputChannel", "channel_id": news["id"], "access_hash": news["access_hash"]});
    owner
        .ok(
            "channels.inviteToChannel",
            json!({"channel": news_input, "users": [bot_input]}),
        )
        .await;
    let news_id = -1_000_000_000_000 - news["id"].as_str().unwrap().parse::<i64>().unwrap();
    let (_, description) = bot
        .err("sendMessage", json!({"chat_id": news_id, "text": "x"}))
        .await;
    assert_eq!(
        description,
        "Bad Request: need administrator rights in the channel chat"
    );
    owner
        .ok(
            "channels.editAdmin",
            json!({"channel": news_input, "user_id": bot_input,
                   "admin_rights": {"_": "chatAdminRights", "post_messages": true}, "rank": ""}),
        )
        .await;
    let post = bot
        .ok(
            "sendMessage",
            json!({"chat_id": news_id, "text": "breaking"}),
        )
        .await;
    assert_eq!(post["sender_chat"]["id"], news_id);
    assert!(post.get("from").is_none());
    let admins = bot
        .ok("getChatAdministrators", json!({"chat_id": news_id}))
        .await;
    assert_eq!(admins.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn commands_by_scope_and_language() {
    let server = TestServer::start().await;
    let bot = server.bot("cmd_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let commands = json!([{"command": "start", "description": "Start"}, {"command": "help", "description": "Help"}]);
    assert_eq!(
        bot.ok("setMyCommands", json!({"commands": commands})).await,
        true
    );
    assert_eq!(bot.ok("getMyCommands", json!({})).await, commands);
    let scope = json!({"type": "chat", "chat_id": user.id});
    assert_eq!(
        bot.ok("getMyCommands", json!({"scope": scope})).await,
        json!([])
    );
    bot.ok(
        "setMyCommands",
        json!({"commands": [{"command": "only", "description": "Just you"}], "scope": scope, "language_code": "de"}),
    )
    .await;
    assert_eq!(
        bot.ok("getMyCommands", json!({"scope": scope})).await,
        json!([])
    );
    assert_eq!(
        bot.ok(
            "getMyCommands",
            json!({"scope": scope, "language_code": "de"})
        )
        .await[0]["command"],
        "only"
    );
    // The user's client sees the default commands in the bot's profile.
    let full = user
        .ok(
            "users.getFullUser",
            json!({"id": {"_": "inputUser",
            "user_id": bot.id, "access_hash": user.peer("cmd_bot").await["access_hash"]}}),
        )
        .await;
    assert_eq!(
        full["full_user"]["bot_info"]["commands"][1]["command"],
        "help"
    );
    assert_eq!(bot.ok("deleteMyCommands", json!({})).await, true);
    assert_eq!(bot.ok("getMyCommands", json!({})).await, json!([]));
    let (_, description) = bot
        .err(
            "setMyCommands",
            json!({"commands": [{"command": "bad command", "description": "x"}]}),
        )
        .await;
    assert_eq!(description, "Bad Request: BOT_COMMAND_INVALID");
    let (_, description) = bot
        .err("setMyCommands", json!({"commands": [{"command": "x"}]}))
        .await;
    assert_eq!(
        description,
        "Bad Request: can't parse BotCommand: Can't find field \"description\""
    );
    let (_, description) = bot
        .err("getMyCommands", json!({"scope": {"type": "moon"}}))
        .await;
    assert_eq!(
        description,
        "Bad Request: can't parse BotCommandScope: Unsupported type specified"
    );
    assert_eq!(
        bot.ok(
            "sendChatAction",
            json!({"chat_id": user.id, "action": "typing"})
        )
        .await,
        true
    );
    let (_, description) = bot
        .err(
            "sendChatAction",
            json!({"chat_id": user.id, "action": "dancing"}),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: wrong parameter action in request"
    );
}
