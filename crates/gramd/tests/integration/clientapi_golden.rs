//! The JSON of every client API function gramd implements, compared whole with a recorded
//! transcript (`golden/clientapi.json`), so that field names, values and order stay exactly
//! as clients have seen them.
//!
//! One scenario drives every function over messages that carry each kind of entity, reply
//! markup, forward origin and service action the core has. What varies between runs is
//! replaced before comparing: times within the run become `"<now>"`, access hashes become
//! `"<hash N>"` numbered by first appearance (so a hash that must repeat still has to),
//! phone numbers `"<phone>"`, and session ids (`hash` strings) `"<session>"`.
//!
//! To record the transcript again after an intended change of the output, run the test with
//! `GRAMD_BLESS=1` and review the diff of the file.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient};

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/integration/golden/clientapi.json"
);

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .cast_signed()
}

/// Every call of the scenario and its result, in order.
struct Transcript {
    entries: Vec<Value>,
}

impl Transcript {
    /// Calls `function` as `who` (expecting success) and records the result.
    async fn call(&mut self, who: &str, user: &UserClient, function: &str, params: Value) -> Value {
        let result = user.ok(function, params.clone()).await;
        self.entries.push(json!({
            "as": who,
            "call": function,
            "params": params,
            "result": result,
        }));
        result
    }

    /// Records a call that must fail, with its error code and name.
    async fn call_err(&mut self, who: &str, user: &UserClient, function: &str, params: Value) {
        let (code, name) = user.err(function, params.clone()).await;
        self.entries.push(json!({
            "as": who,
            "call": function,
            "params": params,
            "error": [code, name],
        }));
    }
}

/// Replaces what differs between runs (see the module docs).
struct Normalizer {
    start: i64,
    end: i64,
    hashes: HashMap<String, usize>,
}

impl Normalizer {
    fn value(&mut self, key: Option<&str>, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    self.value(Some(k), v);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.value(key, item);
                }
            }
            Value::String(s) if key == Some("access_hash") => {
                let next = self.hashes.len();
                let n = *self.hashes.entry(s.clone()).or_insert(next);
                *value = json!(format!("<hash {n}>"));
            }
            Value::String(_) if key == Some("phone") => *value = json!("<phone>"),
            // Session ids (`authorization.hash`) are random.
            Value::String(_) if key == Some("hash") => *value = json!("<session>"),
            Value::Number(n)
                if n.as_i64()
                    .is_some_and(|t| (self.start..=self.end).contains(&t)) =>
            {
                *value = json!("<now>");
            }
            _ => {}
        }
    }
}

fn input_user(peer: &Value) -> Value {
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

fn input_channel(chat: &Value) -> Value {
    json!({"_": "inputChannel", "channel_id": chat["id"], "access_hash": chat["access_hash"]})
}

fn input_peer_channel(chat: &Value) -> Value {
    json!({"_": "inputPeerChannel", "channel_id": chat["id"], "access_hash": chat["access_hash"]})
}

fn history(peer: &Value, limit: i64) -> Value {
    json!({"peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
           "limit": limit, "max_id": 0, "min_id": 0, "hash": 0})
}

/// The bot's messages: every entity kind and every kind of reply markup.
async fn bot_messages(bot: &BotClient, ann: i64) {
    let text = "bold italic under strike spoiler code pre link mention emoji quote \
                longquote when";
    let at = |word: &str| text.find(word).unwrap();
    let entity = |kind: &str, word: &str, extra: Value| {
        let mut e = json!({"type": kind, "offset": at(word), "length": word.len()});
        e.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        e
    };
    let entities = json!([
        entity("bold", "bold", json!({})),
        entity("italic", "italic", json!({})),
        entity("underline", "under", json!({})),
        entity("strikethrough", "strike", json!({})),
        entity("spoiler", "spoiler", json!({})),
        entity("code", "code", json!({})),
        entity("pre", "pre", json!({"language": "rust"})),
        entity("text_link", "link", json!({"url": "https://example.org/"})),
        entity(
            "text_mention",
            "mention",
            json!({"user": {"id": ann, "is_bot": false, "first_name": "Ann"}})
        ),
        entity(
            "custom_emoji",
            "emoji",
            json!({"custom_emoji_id": "5368324170671202286"})
        ),
        entity("blockquote", "quote", json!({})),
        entity("expandable_blockquote", "longquote", json!({})),
        entity(
            "date_time",
            "when",
            json!({"unix_time": 1_700_000_000, "date_time_format": "wDT"})
        ),
    ]);
    let inline = json!({"inline_keyboard": [
        [
            {"text": "url", "url": "https://example.org/a", "style": "primary"},
            {"text": "cb", "callback_data": "press", "icon_custom_emoji_id": "5368324170671202286"},
        ],
        [
            {"text": "app", "web_app": {"url": "https://example.org/app"}},
            {"text": "login", "login_url": {"url": "https://example.org/login", "forward_text": "fwd"}},
        ],
        [
            {"text": "inline", "switch_inline_query": "q"},
            {"text": "here", "switch_inline_query_current_chat": "h"},
            {"text": "chosen", "switch_inline_query_chosen_chat":
                {"query": "c", "allow_user_chats": true, "allow_bot_chats": true,
                 "allow_group_chats": true, "allow_channel_chats": true}},
        ],
        [
            {"text": "copy", "copy_text": {"text": "copied"}, "style": "danger"},
            {"text": "game", "callback_game": {}},
        ],
    ]});
    let keyboard = json!({
        "keyboard": [
            [{"text": "plain", "style": "success"}, {"text": "phone", "request_contact": true}],
            [{"text": "where", "request_location": true}, {"text": "poll", "request_poll": {"type": "quiz"}}],
            [{"text": "any poll", "request_poll": {}}, {"text": "app", "web_app": {"url": "https://example.org/kb"}}],
            [{"text": "users", "request_users": {"request_id": 7, "max_quantity": 3}},
             {"text": "chat", "request_chat": {"request_id": 8, "chat_is_channel": false}},
             {"text": "channel", "request_chat": {"request_id": 9, "chat_is_channel": true}}],
        ],
        "is_persistent": true, "resize_keyboard": true, "one_time_keyboard": true,
        "input_field_placeholder": "pick", "selective": false,
    });
    for (text, extra) in [
        (text, json!({"entities": entities, "reply_markup": inline})),
        ("keyboard", json!({"reply_markup": keyboard})),
        (
            "remove",
            json!({"reply_markup": {"remove_keyboard": true, "selective": true}}),
        ),
        (
            "force",
            json!({"reply_markup": {"force_reply": true, "input_field_placeholder": "say"}}),
        ),
        (
            "quiet",
            json!({"disable_notification": true, "protect_content": true}),
        ),
    ] {
        let mut params = json!({"chat_id": ann, "text": text});
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        bot.ok("sendMessage", params).await;
    }
}

#[tokio::test]
async fn every_function_answers_as_recorded() {
    let start = unix_now();
    let server = TestServer::start_with_timeout(5).await;
    let bot = server.bot("golden_bot").await;
    bot.ok(
        "setMyCommands",
        json!({"commands": [{"command": "start", "description": "Begin"},
                            {"command": "help", "description": "Ask"}]}),
    )
    .await;
    let ann = server.user("Ann", Some("ann_golden")).await;
    let bob = server.user("Bob", Some("bob_golden")).await;
    let mut t = Transcript {
        entries: Vec::new(),
    };

    // Users.
    let resolved = t
        .call(
            "ann",
            &ann,
            "contacts.resolveUsername",
            json!({"username": "golden_bot"}),
        )
        .await;
    let bot_user = &resolved["users"][0];
    let bot_peer = json!({"_": "inputPeerUser", "user_id": bot_user["id"],
                          "access_hash": bot_user["access_hash"]});
    let resolved = t
        .call(
            "ann",
            &ann,
            "contacts.resolveUsername",
            json!({"username": "bob_golden"}),
        )
        .await;
    let bob_user = &resolved["users"][0];
    let bob_peer = json!({"_": "inputPeerUser", "user_id": bob_user["id"],
                          "access_hash": bob_user["access_hash"]});
    t.call(
        "ann",
        &ann,
        "users.getUsers",
        json!({"id": [{"_": "inputUserSelf"}, input_user(&bot_peer), input_user(&bob_peer)]}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "users.getFullUser",
        json!({"id": input_user(&bot_peer)}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "users.getFullUser",
        json!({"id": {"_": "inputUserSelf"}}),
    )
    .await;
    let state = t.call("ann", &ann, "updates.getState", json!({})).await;

    // A private chat with the bot.
    t.call(
        "ann",
        &ann,
        "messages.sendMessage",
        json!({"peer": bot_peer, "message": "/start", "random_id": "1001"}),
    )
    .await;
    let sent = t
        .call(
            "ann",
            &ann,
            "messages.sendMessage",
            json!({"peer": bot_peer, "message": "bold pre link name", "random_id": "1002",
                   "silent": true, "no_webpage": true, "entities": [
                {"_": "messageEntityBold", "offset": 0, "length": 4},
                {"_": "messageEntityPre", "offset": 5, "length": 3, "language": "c"},
                {"_": "messageEntityTextUrl", "offset": 9, "length": 4, "url": "https://example.org/t"},
                {"_": "inputMessageEntityMentionName", "offset": 14, "length": 4,
                 "user_id": input_user(&bob_peer)},
            ]}),
        )
        .await;
    let first = sent["id"].clone();
    t.call(
        "ann",
        &ann,
        "messages.sendMessage",
        json!({"peer": bob_peer, "random_id": "1007",
               "message": "@bob_golden $USD a@b.org +12025550123 https://example.org #x /cmd"}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.sendMessage",
        json!({"peer": bot_peer, "message": "replying", "random_id": "1003",
               "reply_to": {"_": "inputReplyToMessage", "reply_to_msg_id": first}}),
    )
    .await;
    bot_messages(&bot, ann.id).await;
    bot.ok(
        "forwardMessage",
        json!({"chat_id": ann.id, "from_chat_id": ann.id, "message_id": 1}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.editMessage",
        json!({"peer": bot_peer, "id": first, "message": "edited", "entities": [
            {"_": "messageEntityItalic", "offset": 0, "length": 6}]}),
    )
    .await;
    let page = t
        .call("ann", &ann, "messages.getHistory", history(&bot_peer, 100))
        .await;
    let with_buttons = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["reply_markup"]["_"] == "replyInlineMarkup")
        .unwrap()
        .clone();
    bot.drain().await;
    let press = {
        let ann = ann.clone();
        let params = json!({"peer": bot_peer, "msg_id": with_buttons["id"],
            "data": base64::engine::general_purpose::STANDARD.encode("press")});
        tokio::spawn(async move {
            let result = ann
                .ok("messages.getBotCallbackAnswer", params.clone())
                .await;
            (params, result)
        })
    };
    let update = bot.next_update(5).await;
    bot.ok(
        "answerCallbackQuery",
        json!({"callback_query_id": update["callback_query"]["id"], "text": "done",
               "show_alert": true, "cache_time": 30}),
    )
    .await;
    let (params, result) = press.await.unwrap();
    t.entries
        .push(json!({"as": "ann", "call": "messages.getBotCallbackAnswer",
                          "params": params, "result": result}));
    t.call(
        "ann",
        &ann,
        "messages.getHistory",
        json!({"peer": bot_peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
               "limit": 3, "max_id": 0, "min_id": 0, "hash": 0}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.readHistory",
        json!({"peer": bot_peer, "max_id": 0}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.forwardMessages",
        json!({"from_peer": bot_peer, "to_peer": bob_peer, "id": [with_buttons["id"], first],
               "random_id": ["2001", "2002"]}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.forwardMessages",
        json!({"from_peer": bot_peer, "to_peer": bob_peer, "id": [first],
               "random_id": ["2003"], "drop_author": true, "silent": true}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.deleteMessages",
        json!({"id": [first], "revoke": true}),
    )
    .await;

    // A basic group.
    let created = t
        .call(
            "ann",
            &ann,
            "messages.createChat",
            json!({"users": [input_user(&bob_peer)], "title": "Golden group"}),
        )
        .await;
    let group = created["updates"]["chats"][0]["id"].clone();
    t.call(
        "ann",
        &ann,
        "messages.addChatUser",
        json!({"chat_id": group, "user_id": input_user(&bot_peer), "fwd_limit": 0}),
    )
    .await;
    let group_peer = json!({"_": "inputPeerChat", "chat_id": group});
    t.call(
        "ann",
        &ann,
        "messages.sendMessage",
        json!({"peer": group_peer, "message": "hello group", "random_id": "1004"}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.deleteChatUser",
        json!({"chat_id": group, "user_id": input_user(&bob_peer)}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.getHistory",
        history(&group_peer, 100),
    )
    .await;

    // A broadcast channel and a supergroup.
    let news = t
        .call(
            "ann",
            &ann,
            "channels.createChannel",
            json!({"broadcast": true, "title": "Golden news", "about": "all of it"}),
        )
        .await["chats"][0]
        .clone();
    let talk = t
        .call(
            "ann",
            &ann,
            "channels.createChannel",
            json!({"megagroup": true, "title": "Golden talk", "about": ""}),
        )
        .await["chats"][0]
        .clone();
    t.call(
        "ann",
        &ann,
        "channels.inviteToChannel",
        json!({"channel": input_channel(&news), "users": [input_user(&bot_peer)]}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "channels.editAdmin",
        json!({"channel": input_channel(&news), "user_id": input_user(&bot_peer),
               "admin_rights": {"_": "chatAdminRights", "post_messages": true,
                                "edit_messages": true, "delete_messages": true},
               "rank": "robot"}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "channels.inviteToChannel",
        json!({"channel": input_channel(&talk),
               "users": [input_user(&bot_peer), input_user(&bob_peer)]}),
    )
    .await;
    let post = t
        .call(
            "ann",
            &ann,
            "messages.sendMessage",
            json!({"peer": input_peer_channel(&news), "message": "news #one", "random_id": "1005"}),
        )
        .await;
    let post_id = post["updates"][0]["id"].clone();
    t.call(
        "ann",
        &ann,
        "messages.editMessage",
        json!({"peer": input_peer_channel(&news), "id": post_id, "message": "news #two"}),
    )
    .await;
    bot.ok(
        "forwardMessage",
        json!({"chat_id": ann.id, "from_chat_id": news["id"].as_str().map(|id| -1_000_000_000_000 - id.parse::<i64>().unwrap()),
               "message_id": post_id}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.sendMessage",
        json!({"peer": input_peer_channel(&talk), "message": "talk", "random_id": "1006"}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.getHistory",
        history(&input_peer_channel(&news), 100),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "messages.getHistory",
        history(&input_peer_channel(&talk), 100),
    )
    .await;
    t.call("bob", &bob, "updates.getState", json!({})).await;

    // The other side, and everything since the start.
    let ann_for_bob = t
        .call(
            "bob",
            &bob,
            "contacts.resolveUsername",
            json!({"username": "ann_golden"}),
        )
        .await["users"][0]
        .clone();
    let ann_peer = json!({"_": "inputPeerUser", "user_id": ann_for_bob["id"],
                          "access_hash": ann_for_bob["access_hash"]});
    t.call(
        "bob",
        &bob,
        "messages.readHistory",
        json!({"peer": ann_peer, "max_id": 0}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "updates.getDifference",
        json!({"pts": state["pts"], "date": 0, "qts": 0}),
    )
    .await;
    t.call(
        "ann",
        &ann,
        "updates.getDifference",
        json!({"pts": 0, "date": 0, "qts": 0, "pts_total_limit": 4}),
    )
    .await;
    t.call(
        "bob",
        &bob,
        "updates.getDifference",
        json!({"pts": 0, "date": 0, "qts": 0}),
    )
    .await;
    t.call(
        "bob",
        &bob,
        "messages.getHistory",
        history(&json!({"_": "inputPeerSelf"}), 100),
    )
    .await;
    // The creator of a supergroup may not leave it.
    t.call_err(
        "ann",
        &ann,
        "channels.leaveChannel",
        json!({"channel": input_channel(&talk)}),
    )
    .await;
    t.call("ann", &ann, "updates.getState", json!({})).await;
    t.call("ann", &ann, "account.getAuthorizations", json!({}))
        .await;

    let mut transcript = Value::Array(t.entries);
    Normalizer {
        start,
        end: unix_now(),
        hashes: HashMap::new(),
    }
    .value(None, &mut transcript);
    let text = serde_json::to_string_pretty(&transcript).unwrap() + "\n";
    if std::env::var_os("GRAMD_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN, &text).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN)
        .unwrap_or_else(|e| panic!("{GOLDEN}: {e}; record it with GRAMD_BLESS=1"));
    let expected: Vec<Value> = serde_json::from_str(&golden).unwrap();
    let Value::Array(actual) = transcript else {
        unreachable!()
    };
    assert_eq!(
        actual.len(),
        expected.len(),
        "the scenario made a different number of calls"
    );
    for (i, (got, want)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(
            serde_json::to_string_pretty(got).unwrap(),
            serde_json::to_string_pretty(want).unwrap(),
            "call #{i} ({}) differs from the recording",
            want["call"]
        );
    }
}
