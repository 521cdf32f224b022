//! Business connections and bot custom requests, end to end: a person connects a business
//! bot through the client API; the bot hears of the covered chat through the Bot API,
//! answers as the person, and reads the connection through both APIs; bots call custom
//! methods with `bots.sendCustomRequest`.

use serde_json::{Value, json};

use gramd_core::users::{BotInfo, NewUser};

use crate::harness::{BotClient, TestServer, UserClient};

/// A bot that can be connected to business accounts, with a Bot API client and a client
/// API session.
pub(crate) async fn business_bot(server: &TestServer, username: &str) -> (BotClient, UserClient) {
    let info = BotInfo {
        can_connect_to_business: true,
        ..BotInfo::default()
    };
    let (bot, token) = server
        .core
        .create_bot(
            NewUser {
                first_name: "Desk".into(),
                last_name: None,
                username: Some(username.into()),
                phone: None,
                bot: None,
            },
            info,
        )
        .await
        .unwrap();
    let session = server.core.create_session(bot.id).await.unwrap();
    let api = BotClient {
        base: server.base.clone(),
        token: token.to_string(),
        id: bot.id.0,
        http: reqwest::Client::new(),
    };
    let client = UserClient {
        base: server.base.clone(),
        token: session,
        id: bot.id.0,
        http: reqwest::Client::new(),
    };
    (api, client)
}

pub(crate) async fn input_user(of: &UserClient, username: &str) -> Value {
    let peer = of.peer(username).await;
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

/// A TL `long`, which the JSON client API writes as a string.
fn long(value: &Value) -> i64 {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a long: {value}"))
}

fn data_json(data: &str) -> Value {
    json!({"_": "dataJSON", "data": data})
}

#[tokio::test]
async fn a_business_bot_hears_the_covered_chat_and_answers_as_the_user() {
    let server = TestServer::start().await;
    let (bot, bot_session) = business_bot(&server, "desk_bot").await;
    let owner = server.user("Owner", Some("shop_owner")).await;
    let client = server.user("Client", Some("shop_client")).await;
    let bot_input = input_user(&owner, "desk_bot").await;

    // A bot without business mode cannot be connected.
    server.bot("plain_bot").await;
    let plain = input_user(&owner, "plain_bot").await;
    let recipients = json!({"_": "inputBusinessBotRecipients", "existing_chats": true,
                            "new_chats": true, "non_contacts": true});
    let (code, error) = owner
        .err(
            "account.updateConnectedBot",
            json!({"bot": plain, "recipients": recipients}),
        )
        .await;
    assert_eq!((code, error.as_str()), (400, "BOT_BUSINESS_MISSING"));

    owner
        .ok(
            "account.updateConnectedBot",
            json!({"bot": bot_input, "recipients": recipients,
                   "rights": {"_": "businessBotRights", "reply": true, "read_messages": true}}),
        )
        .await;
    let connected = owner.ok("account.getConnectedBots", json!({})).await;
    assert_eq!(long(&connected["connected_bots"][0]["bot_id"]), bot.id);
    assert_eq!(connected["connected_bots"][0]["rights"]["reply"], true);
    assert_eq!(long(&connected["users"][0]["id"]), bot.id);

    // The bot is told, through the Bot API.
    let update = bot.next_update(5).await;
    let connection = &update["business_connection"];
    let connection_id = connection["id"].as_str().unwrap().to_owned();
    assert_eq!(connection["user"]["id"], owner.id);
    assert_eq!(connection["user_chat_id"], owner.id);
    assert_eq!(connection["is_enabled"], true);
    assert_eq!(
        connection["rights"],
        json!({"can_reply": true, "can_read_messages": true})
    );

    // A message to the owner reaches the bot as a business message of the owner's chat.
    let owner_peer = client.peer("shop_owner").await;
    client.send(&owner_peer, "do you ship abroad?").await;
    let update = bot.next_update(5).await;
    let message = &update["business_message"];
    assert_eq!(message["business_connection_id"], connection_id.as_str());
    assert_eq!(message["text"], "do you ship abroad?");
    assert_eq!(message["from"]["id"], client.id);
    assert_eq!(message["chat"]["id"], client.id);
    assert_eq!(message["chat"]["type"], "private");

    // The bot types and answers as the owner.
    bot.ok(
        "sendChatAction",
        json!({"business_connection_id": connection_id, "chat_id": client.id,
               "action": "typing"}),
    )
    .await;
    let sent = bot
        .ok(
            "sendMessage",
            json!({"business_connection_id": connection_id, "chat_id": client.id,
                   "text": "yes, everywhere",
                   "reply_parameters": {"message_id": message["message_id"]}}),
        )
        .await;
    assert_eq!(sent["from"]["id"], owner.id);
    assert_eq!(sent["sender_business_bot"]["id"], bot.id);
    assert_eq!(sent["business_connection_id"], connection_id.as_str());
    assert_eq!(sent["chat"]["id"], client.id);
    assert_eq!(
        sent["reply_to_message"]["text"], "do you ship abroad?",
        "the reply quotes the owner's copy"
    );
    let seen = client
        .wait_for(&owner_peer, |m| m["message"] == "yes, everywhere")
        .await;
    assert_eq!(long(&seen["from_id"]["user_id"]), owner.id);
    assert_eq!(long(&seen["via_business_bot_id"]), bot.id);
    assert!(
        bot.drain().await.is_empty(),
        "no update for its own message"
    );

    // A message the owner writes is heard too; the bot marks the client's as read.
    let client_peer = owner.peer("shop_client").await;
    owner.send(&client_peer, "thanks for asking").await;
    let update = bot.next_update(5).await;
    assert_eq!(update["business_message"]["from"]["id"], owner.id);
    bot.ok(
        "readBusinessMessage",
        json!({"business_connection_id": connection_id, "chat_id": client.id,
               "message_id": message["message_id"]}),
    )
    .await;
    // Deleting needs a right this connection lacks.
    let (code, description) = bot
        .err(
            "deleteBusinessMessages",
            json!({"business_connection_id": connection_id,
                   "message_ids": [sent["message_id"]]}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: BOT_ACCESS_FORBIDDEN")
    );
    // Another chat is not the connection's to write to.
    let (_, description) = bot
        .err(
            "sendMessage",
            json!({"business_connection_id": "nope", "chat_id": client.id, "text": "x"}),
        )
        .await;
    assert_eq!(description, "Bad Request: BUSINESS_CONNECTION_INVALID");

    // The connection, read back by the bot through both APIs.
    let got = bot
        .ok(
            "getBusinessConnection",
            json!({"business_connection_id": connection_id}),
        )
        .await;
    assert_eq!(got["id"], connection_id.as_str());
    assert_eq!(got["user"]["id"], owner.id);
    let (code, description) = bot
        .err(
            "getBusinessConnection",
            json!({"business_connection_id": "nope"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: business connection not found")
    );
    let updates = bot_session
        .ok(
            "account.getBotBusinessConnection",
            json!({"connection_id": connection_id}),
        )
        .await;
    assert_eq!(updates["_"], "updates");
    let list = updates["updates"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{updates}");
    assert_eq!(list[0]["_"], "updateBotBusinessConnect");
    let tl = &list[0]["connection"];
    assert_eq!(tl["connection_id"], connection_id.as_str());
    assert_eq!(long(&tl["user_id"]), owner.id);
    assert_eq!(tl["rights"]["reply"], true);
    assert!(
        updates["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| long(&u["id"]) == owner.id),
        "{updates}"
    );
    let (code, error) = bot_session
        .err(
            "account.getBotBusinessConnection",
            json!({"connection_id": "nope"}),
        )
        .await;
    assert_eq!((code, error.as_str()), (400, "CONNECTION_ID_INVALID"));
    let (code, error) = owner
        .err(
            "account.getBotBusinessConnection",
            json!({"connection_id": connection_id}),
        )
        .await;
    assert_eq!((code, error.as_str()), (403, "USER_BOT_INVALID"));

    // Pausing the bot in the client's chat detaches it until resumed.
    let client_input = json!({"_": "inputPeerUser", "user_id": client_peer["user_id"],
                              "access_hash": client_peer["access_hash"]});
    owner
        .ok(
            "account.toggleConnectedBotPaused",
            json!({"peer": client_input, "paused": true}),
        )
        .await;
    let update = bot.next_update(5).await;
    assert_eq!(update["business_connection"]["is_enabled"], true);
    client.send(&owner_peer, "while paused").await;
    assert!(bot.drain().await.is_empty());
    let (code, error) = owner
        .err(
            "account.disablePeerConnectedBot",
            json!({"peer": client_input}),
        )
        .await;
    assert_eq!((code, error.as_str()), (400, "BOT_ALREADY_DISABLED"));
    owner
        .ok(
            "account.toggleConnectedBotPaused",
            json!({"peer": client_input, "paused": false}),
        )
        .await;
    assert!(bot.next_update(5).await["business_connection"].is_object());
    client.send(&owner_peer, "resumed").await;
    assert_eq!(
        bot.next_update(5).await["business_message"]["text"],
        "resumed"
    );

    // Disconnecting: the bot is told, and hears no more.
    owner
        .ok(
            "account.updateConnectedBot",
            json!({"deleted": true, "bot": bot_input,
                   "recipients": {"_": "inputBusinessBotRecipients"}}),
        )
        .await;
    let update = bot.next_update(5).await;
    assert_eq!(update["business_connection"]["is_enabled"], false);
    assert!(update["business_connection"].get("rights").is_none());
    client.send(&owner_peer, "hello again").await;
    assert!(bot.drain().await.is_empty());
    let connected = owner.ok("account.getConnectedBots", json!({})).await;
    assert_eq!(connected["connected_bots"], json!([]));
}

/// Calls a custom method; returns its result parsed, or the error's code and name.
async fn custom(caller: &UserClient, method: &str, params: &str) -> Result<Value, (u64, String)> {
    let request = json!({"custom_method": method, "params": data_json(params)});
    let (_, body) = caller.call("bots.sendCustomRequest", request).await;
    if body["ok"] != true {
        return Err((
            body["error_code"].as_u64().unwrap(),
            body["error_message"].as_str().unwrap().to_owned(),
        ));
    }
    assert_eq!(body["result"]["_"], "dataJSON", "{body}");
    Ok(serde_json::from_str(body["result"]["data"].as_str().unwrap()).unwrap())
}

#[tokio::test]
async fn bots_call_registered_custom_methods_and_people_may_not() {
    let server = TestServer::start().await;
    let (bot, bot_session) = business_bot(&server, "custom_bot").await;
    let user = crate::harness::started(&server, &bot, "Fan").await;

    let echoed = custom(&bot_session, "echo", r#"{"a":[1,"two"]}"#).await;
    assert_eq!(echoed, Ok(json!({"a": [1, "two"]})));
    let time = custom(&bot_session, "getCurrentTime", "{}").await.unwrap();
    let time = time.as_i64().unwrap();
    assert!((time - server.core.now()).abs() <= 5, "{time}");

    let stats = custom(&bot_session, "getBotStats", "{}").await;
    assert_eq!(
        stats,
        Ok(json!({"users": 1, "chats": 0, "pending_updates": 0}))
    );
    let peer = user.peer("custom_bot").await;
    user.send(&peer, "one more").await;
    let stats = custom(&bot_session, "getBotStats", "{}").await.unwrap();
    assert_eq!(stats["pending_updates"], 1);

    let refused = |code, name: &str| Err((code, name.to_owned()));
    assert_eq!(
        custom(&bot_session, "noSuchMethod", "{}").await,
        refused(400, "METHOD_INVALID")
    );
    assert_eq!(
        custom(&bot_session, "echo", "{not json").await,
        refused(400, "DATA_JSON_INVALID")
    );
    assert_eq!(
        custom(&user, "echo", "{}").await,
        refused(403, "USER_BOT_INVALID")
    );
}

#[tokio::test]
async fn a_bot_on_the_client_api_reads_business_updates_by_qts() {
    let server = TestServer::start().await;
    let (bot, bot_session) = business_bot(&server, "qts_desk_bot").await;
    let owner = server.user("Owner", Some("qts_owner")).await;
    let client = server.user("Client", Some("qts_client")).await;
    let state = bot_session.ok("updates.getState", json!({})).await;
    let start_qts = state["qts"].as_i64().unwrap();
    let start_pts = state["pts"].clone();

    let bot_input = input_user(&owner, "qts_desk_bot").await;
    let recipients = json!({"_": "inputBusinessBotRecipients", "existing_chats": true,
                            "new_chats": true, "non_contacts": true});
    owner
        .ok(
            "account.updateConnectedBot",
            json!({"bot": bot_input, "recipients": recipients,
                   "rights": {"_": "businessBotRights", "reply": true}}),
        )
        .await;
    let owner_peer = client.peer("qts_owner").await;
    let sent = client.send(&owner_peer, "open on sundays?").await;
    let owner_copy = owner.history(&client_peer(&owner).await, 1).await[0]["id"]
        .as_i64()
        .unwrap();
    client
        .ok(
            "messages.editMessage",
            json!({"peer": owner_peer, "id": sent, "message": "open on saturdays?"}),
        )
        .await;

    let difference = |qts: i64| {
        let bot_session = bot_session.clone();
        let pts = start_pts.clone();
        async move {
            bot_session
                .ok(
                    "updates.getDifference",
                    json!({"pts": pts, "qts": qts, "date": 0}),
                )
                .await
        }
    };
    let diff = difference(start_qts).await;
    assert_eq!(diff["_"], "updates.difference", "{diff}");
    let updates = diff["other_updates"].as_array().unwrap();
    let kinds: Vec<&str> = updates.iter().map(|u| u["_"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "updateBotBusinessConnect",
            "updateBotNewBusinessMessage",
            "updateBotEditBusinessMessage"
        ]
    );
    let qts: Vec<i64> = updates.iter().map(|u| u["qts"].as_i64().unwrap()).collect();
    assert!(qts.windows(2).all(|w| w[0] < w[1]), "{qts:?}");
    assert!(qts[0] > start_qts);
    let connection_id = updates[0]["connection"]["connection_id"].clone();
    assert_eq!(updates[1]["connection_id"], connection_id);
    assert_eq!(updates[1]["message"]["message"], "open on sundays?");
    assert_eq!(updates[1]["message"]["id"].as_i64(), Some(owner_copy));
    assert_eq!(updates[2]["message"]["message"], "open on saturdays?");
    assert!(
        diff["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| long(&u["id"]) == client.id),
        "the sender comes with the updates"
    );
    let new_qts = diff["state"]["qts"].as_i64().unwrap();
    assert_eq!(new_qts, *qts.last().unwrap());
    assert_eq!(
        bot_session.ok("updates.getState", json!({})).await["qts"],
        new_qts
    );
    // Nothing new after that qts; the Bot API still has every update (nothing was confirmed).
    assert_eq!(difference(new_qts).await["_"], "updates.differenceEmpty");
    assert_eq!(bot.drain().await.len(), 3);

    // A deleted business message comes by qts too.
    client
        .ok(
            "messages.deleteMessages",
            json!({"id": [sent], "revoke": true}),
        )
        .await;
    let diff = difference(new_qts).await;
    let deleted = &diff["other_updates"][0];
    assert_eq!(deleted["_"], "updateBotDeleteBusinessMessage", "{diff}");
    assert_eq!(deleted["messages"], json!([owner_copy]));
    assert_eq!(long(&deleted["peer"]["user_id"]), client.id);

    // A person has no qts.
    assert_eq!(owner.ok("updates.getState", json!({})).await["qts"], 0);
}

async fn client_peer(owner: &UserClient) -> Value {
    owner.peer("qts_client").await
}

#[tokio::test]
async fn a_bot_on_the_client_api_answers_as_the_user() {
    let server = TestServer::start().await;
    let (_bot, bot_session) = business_bot(&server, "wrap_desk_bot").await;
    let owner = server.user("Owner", Some("wrap_owner")).await;
    let client = server.user("Client", Some("wrap_client")).await;
    let bot_input = input_user(&owner, "wrap_desk_bot").await;
    let recipients = json!({"_": "inputBusinessBotRecipients", "existing_chats": true,
                            "new_chats": true, "non_contacts": true});
    owner
        .ok(
            "account.updateConnectedBot",
            json!({"bot": bot_input, "recipients": recipients,
                   "rights": {"_": "businessBotRights", "reply": true}}),
        )
        .await;
    let owner_peer = client.peer("wrap_owner").await;
    client.send(&owner_peer, "hello?").await;
    // The bot learns of the connection and the message by qts (the Bot API has not
    // confirmed them, so they are still queued).
    let diff = bot_session
        .ok(
            "updates.getDifference",
            json!({"pts": 0, "qts": 0, "date": 0}),
        )
        .await;
    let connection_id = diff["other_updates"][0]["connection"]["connection_id"].clone();
    let client_user = long(&diff["other_updates"][1]["message"]["from_id"]["user_id"]);
    let client_entry = diff["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| long(&u["id"]) == client_user)
        .unwrap()
        .clone();
    let peer = json!({"_": "inputPeerUser", "user_id": client_entry["id"],
                      "access_hash": client_entry["access_hash"]});
    let wrapped = bot_session
        .ok(
            "invokeWithBusinessConnection",
            json!({"connection_id": connection_id, "query": {"_": "messages.sendMessage",
                   "peer": peer, "message": "yes, worldwide", "random_id": "77"}}),
        )
        .await;
    let kinds: Vec<&str> = wrapped["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["_"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["updateMessageID", "updateBotNewBusinessMessage"],
        "{wrapped}"
    );
    let sent = &wrapped["updates"][1]["message"];
    assert_eq!(sent["message"], "yes, worldwide");
    assert_eq!(
        long(&sent["from_id"]["user_id"]),
        owner.id,
        "sent as the owner"
    );
    let seen = client.history(&owner_peer, 1).await;
    assert_eq!(seen[0]["message"], "yes, worldwide");
    assert_eq!(long(&seen[0]["from_id"]["user_id"]), owner.id);

    let edited = bot_session
        .ok(
            "invokeWithBusinessConnection",
            json!({"connection_id": connection_id, "query": {"_": "messages.editMessage",
                   "peer": peer, "id": sent["id"], "message": "yes, worldwide!"}}),
        )
        .await;
    assert_eq!(edited["updates"][0]["_"], "updateBotEditBusinessMessage");
    assert_eq!(
        client.history(&owner_peer, 1).await[0]["message"],
        "yes, worldwide!"
    );

    // Not for people; not for every function; not for a connection that is not the bot's.
    let (_, body) = owner
        .call(
            "invokeWithBusinessConnection",
            json!({"connection_id": connection_id, "query": {"_": "messages.sendMessage",
                   "peer": peer, "message": "x", "random_id": "78"}}),
        )
        .await;
    assert_eq!(body["error_message"], "USER_BOT_INVALID", "{body}");
    let (_, body) = bot_session
        .call(
            "invokeWithBusinessConnection",
            json!({"connection_id": connection_id, "query": {"_": "users.getUsers",
                   "id": [{"_": "inputUserSelf"}]}}),
        )
        .await;
    assert_eq!(body["error_message"], "METHOD_INVALID", "{body}");
    let (_, body) = bot_session
        .call(
            "invokeWithBusinessConnection",
            json!({"connection_id": "nope", "query": {"_": "messages.sendMessage",
                   "peer": peer, "message": "x", "random_id": "79"}}),
        )
        .await;
    assert_eq!(
        body["error_message"], "BUSINESS_CONNECTION_INVALID",
        "{body}"
    );
}
