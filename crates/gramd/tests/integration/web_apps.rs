//! Mini apps, acting as a user through the client API and as the bot through the Bot
//! API: a menu-button mini app whose CloudStorage round-trips with every limit enforced,
//! the launch URL and its signed initData, reply-keyboard data reaching the bot, and an
//! attachment menu bot installed, listed (`attachMenuBotsNotModified` for the same hash)
//! and removed.

use gramd_core::ids::UserId;
use gramd_core::store::Write;
use gramd_core::web_apps::{AttachMenu, AttachPeerType, WebAppSettings};
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, started};

const APP_URL: &str = "https://app.example/mini";

/// The `inputUser` of a bot, as `user` resolves it.
async fn input_bot(user: &UserClient, username: &str) -> Value {
    let peer = user.peer(username).await;
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

/// Calls a CloudStorage (or other) custom method; the result's JSON, or the error name.
async fn invoke(
    user: &UserClient,
    bot: &Value,
    method: &str,
    params: Value,
) -> Result<Value, String> {
    let (_, body) = user
        .call(
            "bots.invokeWebViewCustomMethod",
            json!({"bot": bot, "custom_method": method,
                   "params": {"_": "dataJSON", "data": params.to_string()}}),
        )
        .await;
    if body["ok"] == true {
        assert_eq!(body["result"]["_"], "dataJSON", "{body}");
        let data = body["result"]["data"].as_str().unwrap();
        Ok(serde_json::from_str(data).unwrap_or_else(|e| panic!("{data:?} is not JSON: {e}")))
    } else {
        Err(body["error_message"].as_str().unwrap().to_owned())
    }
}

/// The initData of a launch URL: the `tgWebAppData` fragment parameter, decoded once.
fn init_data(url: &str) -> String {
    let (_, fragment) = url.split_once('#').expect("a fragment");
    let (_, value) = fragment
        .split('&')
        .find_map(|p| p.split_once('=').filter(|(k, _)| *k == "tgWebAppData"))
        .expect("tgWebAppData");
    percent_encoding::percent_decode_str(value)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// The decoded fields of an initData query string.
fn fields(init_data: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(init_data.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A bot with a mini app as its menu button, and a user who started it.
async fn menu_button_app(server: &TestServer) -> (BotClient, UserClient, Value) {
    let bot = server.bot("cloudbot").await;
    bot.ok(
        "setChatMenuButton",
        json!({"menu_button": {"type": "web_app", "text": "Open", "web_app": {"url": APP_URL}}}),
    )
    .await;
    let user = started(server, &bot, "Ann").await;
    let input = input_bot(&user, "cloudbot").await;
    (bot, user, input)
}

#[tokio::test]
async fn a_menu_button_mini_app_opens_with_signed_init_data_and_its_cloud_storage_round_trips() {
    let server = TestServer::start().await;
    let (bot, user, input) = menu_button_app(&server).await;
    assert_eq!(
        bot.ok("getChatMenuButton", json!({})).await,
        json!({"type": "web_app", "text": "Open", "web_app": {"url": APP_URL}})
    );
    assert_eq!(
        bot.ok("getChatMenuButton", json!({"chat_id": user.id}))
            .await["type"],
        "web_app"
    );
    bot.ok(
        "setChatMenuButton",
        json!({"chat_id": user.id, "menu_button": {"type": "commands"}}),
    )
    .await;
    assert_eq!(
        bot.ok("getChatMenuButton", json!({"chat_id": user.id}))
            .await,
        json!({"type": "commands"})
    );
    bot.ok("setChatMenuButton", json!({"chat_id": user.id}))
        .await;

    let peer = user.peer("cloudbot").await;
    let opened = user
        .ok(
            "messages.requestWebView",
            json!({"from_bot_menu": true, "peer": peer, "bot": input, "platform": "tdesktop",
                   "start_param": "deep 1",
                   "theme_params": {"_": "dataJSON", "data": "{\"bg_color\":\"#ffffff\"}"}}),
        )
        .await;
    assert_eq!(opened["_"], "webViewResultUrl");
    assert_eq!(opened["fullsize"], true);
    let url = opened["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!(
            "{APP_URL}?tgWebAppStartParam=deep%201#tgWebAppData="
        )),
        "{url}"
    );
    assert!(
        url.contains("&tgWebAppVersion=8.0&tgWebAppPlatform=tdesktop&"),
        "{url}"
    );
    assert!(
        url.ends_with("&tgWebAppThemeParams=%7B%22bg_color%22%3A%22%23ffffff%22%7D"),
        "{url}"
    );
    let data = fields(&init_data(url));
    let user_json: Value = serde_json::from_str(field(&data, "user").unwrap()).unwrap();
    assert_eq!(user_json["id"], user.id);
    assert_eq!(user_json["first_name"], "Ann");
    assert_eq!(user_json["allows_write_to_pm"], true);
    assert_eq!(field(&data, "start_param"), Some("deep 1"));
    assert!(field(&data, "query_id").is_some());
    assert_eq!(field(&data, "hash").map(str::len), Some(64));
    assert_eq!(field(&data, "signature").map(str::len), Some(86));
    let query_id = opened["query_id"].clone();
    assert_eq!(
        user.ok(
            "messages.prolongWebView",
            json!({"peer": peer, "bot": input, "query_id": query_id})
        )
        .await,
        true
    );
    assert_eq!(
        user.err(
            "messages.prolongWebView",
            json!({"peer": peer, "bot": input, "query_id": "12345"})
        )
        .await,
        (400, "QUERY_ID_INVALID".into())
    );

    // CloudStorage round trip.
    assert_eq!(
        invoke(&user, &input, "getStorageKeys", json!({})).await,
        Ok(json!([]))
    );
    for (key, value) in [("b", "2"), ("a", "1"), ("b", "3")] {
        assert_eq!(
            invoke(
                &user,
                &input,
                "saveStorageValue",
                json!({"key": key, "value": value})
            )
            .await,
            Ok(json!(true))
        );
    }
    assert_eq!(
        invoke(
            &user,
            &input,
            "getStorageValues",
            json!({"keys": ["a", "b", "nope"]})
        )
        .await,
        Ok(json!({"a": "1", "b": "3"}))
    );
    assert_eq!(
        invoke(&user, &input, "getStorageKeys", json!({})).await,
        Ok(json!(["a", "b"]))
    );
    assert_eq!(
        invoke(
            &user,
            &input,
            "deleteStorageValues",
            json!({"keys": ["a", "nope"]})
        )
        .await,
        Ok(json!(true))
    );
    assert_eq!(
        invoke(&user, &input, "getStorageKeys", json!({})).await,
        Ok(json!(["b"]))
    );
    // Storage is per user: another user of the same bot sees none of it.
    let other = started(&server, &bot, "Bob").await;
    let other_input = input_bot(&other, "cloudbot").await;
    assert_eq!(
        invoke(&other, &other_input, "getStorageKeys", json!({})).await,
        Ok(json!([]))
    );

    // Limits: key length and alphabet, value length, key count.
    let invalid = Err("DATA_JSON_INVALID".to_owned());
    let save = |key: String, value: String| {
        let (user, input) = (&user, &input);
        async move {
            invoke(
                user,
                input,
                "saveStorageValue",
                json!({"key": key, "value": value}),
            )
            .await
        }
    };
    assert_eq!(save("k".repeat(128), "v".into()).await, Ok(json!(true)));
    assert_eq!(save("k".repeat(129), "v".into()).await, invalid);
    assert_eq!(save(String::new(), "v".into()).await, invalid);
    assert_eq!(save("a.b".into(), "v".into()).await, invalid);
    assert_eq!(save("ключ".into(), "v".into()).await, invalid);
    assert_eq!(save("long".into(), "é".repeat(4096)).await, Ok(json!(true)));
    assert_eq!(save("long".into(), "v".repeat(4097)).await, invalid);
    assert_eq!(
        invoke(&user, &input, "getStorageValues", json!({"keys": ["long"]})).await,
        Ok(json!({"long": "é".repeat(4096)}))
    );
    assert_eq!(
        invoke(
            &user,
            &input,
            "getStorageValues",
            json!({"keys": ["bad key"]})
        )
        .await,
        invalid
    );
    let stored = match invoke(&user, &input, "getStorageKeys", json!({})).await {
        Ok(Value::Array(keys)) => keys.len(),
        other => panic!("{other:?}"),
    };
    let fill: Vec<Write> = (stored..1023)
        .map(|i| Write::PutStorageValue {
            bot: UserId(bot.id),
            user: UserId(user.id),
            key: format!("fill{i}"),
            value: "x".into(),
        })
        .collect();
    server.store.submit(fill).await.unwrap();
    assert_eq!(save("last".into(), "1".into()).await, Ok(json!(true)));
    assert_eq!(save("one_too_many".into(), "1".into()).await, invalid);
    assert_eq!(
        save("last".into(), "replaced".into()).await,
        Ok(json!(true))
    );
    match invoke(&user, &input, "getStorageKeys", json!({})).await {
        Ok(Value::Array(keys)) => assert_eq!(keys.len(), 1024),
        other => panic!("{other:?}"),
    }

    // Bad calls.
    assert_eq!(
        invoke(&user, &input, "setItem", json!({})).await,
        Err("METHOD_INVALID".into())
    );
    assert_eq!(
        invoke(
            &user,
            &input,
            "saveStorageValue",
            json!({"key": 1, "value": "v"})
        )
        .await,
        invalid
    );
    assert_eq!(
        invoke(&user, &input, "getStorageValues", json!([])).await,
        invalid
    );
    let (_, body) = user
        .call(
            "bots.invokeWebViewCustomMethod",
            json!({"bot": input, "custom_method": "getStorageKeys",
                   "params": {"_": "dataJSON", "data": "{not json"}}),
        )
        .await;
    assert_eq!(body["error_message"], "DATA_JSON_INVALID", "{body}");
    let not_a_bot = json!({"_": "inputUserSelf"});
    assert_eq!(
        invoke(&user, &not_a_bot, "getStorageKeys", json!({})).await,
        Err("BOT_INVALID".into())
    );
    let time = invoke(&user, &input, "getCurrentTime", json!({}))
        .await
        .unwrap();
    assert!(time.as_i64().unwrap() > 1_700_000_000, "{time}");
    assert_eq!(
        invoke(&user, &input, "getRequestedContact", json!({})).await,
        Ok(json!(""))
    );
}

#[tokio::test]
async fn a_keyboard_button_app_sends_its_data_to_the_bot() {
    let server = TestServer::start().await;
    let bot = server.bot("databot").await;
    let user = started(&server, &bot, "Ann").await;
    let input = input_bot(&user, "databot").await;
    let opened = user
        .ok(
            "messages.requestSimpleWebView",
            json!({"bot": input, "url": APP_URL, "platform": "android"}),
        )
        .await;
    let url = opened["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{APP_URL}#tgWebAppData=&")),
        "{url}"
    );
    assert!(opened.get("query_id").is_none(), "{opened}");
    let sent = user
        .ok(
            "messages.sendWebViewData",
            json!({"bot": input, "random_id": "7", "button_text": "Order", "data": "{\"x\":1}"}),
        )
        .await;
    assert_eq!(sent["_"], "updates", "{sent}");
    let update = bot.next_update(5).await;
    let message = &update["message"];
    assert_eq!(
        message["web_app_data"],
        json!({"data": "{\"x\":1}", "button_text": "Order"}),
        "{update}"
    );
    assert_eq!(message["from"]["id"], user.id);
    let mine = user.history(&user.peer("databot").await, 1).await;
    assert_eq!(
        mine[0]["action"]["_"], "messageActionWebViewDataSent",
        "{mine:?}"
    );
    assert_eq!(mine[0]["action"]["text"], "Order");
    assert_eq!(
        user.err(
            "messages.sendWebViewData",
            json!({"bot": input, "random_id": "8", "button_text": "Order",
                   "data": "x".repeat(4097)}),
        )
        .await,
        (400, "DATA_INVALID".into())
    );
}

#[tokio::test]
async fn an_attach_menu_bot_is_installed_listed_until_changed_and_removed() {
    let server = TestServer::start().await;
    let bot = server.bot("attachbot").await;
    let plain = server.bot("plainbot").await;
    let user = server.user("Ann", None).await;
    let input = input_bot(&user, "attachbot").await;
    let plain_input = input_bot(&user, "plainbot").await;
    drop(plain);
    server
        .core
        .set_web_app_settings(
            UserId(bot.id),
            WebAppSettings {
                url: Some(APP_URL.into()),
                attach_menu: Some(AttachMenu {
                    short_name: "Shop".into(),
                    show_in_attach_menu: true,
                    show_in_side_menu: true,
                    peer_types: vec![AttachPeerType::Pm, AttachPeerType::Chat],
                    request_write_access: true,
                    side_menu_disclaimer_needed: false,
                    icons: Vec::new(),
                }),
                ..WebAppSettings::default()
            },
        )
        .await
        .unwrap();

    assert_eq!(
        user.err("messages.getAttachMenuBot", json!({"bot": plain_input}))
            .await,
        (400, "BOT_INVALID".into())
    );
    let entry = user
        .ok("messages.getAttachMenuBot", json!({"bot": input}))
        .await;
    assert_eq!(entry["bot"]["inactive"], true, "{entry}");
    assert_eq!(entry["bot"]["short_name"], "Shop");
    assert_eq!(
        entry["bot"]["peer_types"],
        json!([{"_": "attachMenuPeerTypePM"}, {"_": "attachMenuPeerTypeChat"}])
    );
    let empty = user
        .ok("messages.getAttachMenuBots", json!({"hash": 0}))
        .await;
    assert_eq!(empty["bots"], json!([]), "{empty}");

    assert_eq!(
        user.ok(
            "messages.toggleBotInAttachMenu",
            json!({"write_allowed": true, "bot": input, "enabled": true})
        )
        .await,
        true
    );
    let update = bot.next_update(5).await;
    assert_eq!(
        update["message"]["write_access_allowed"],
        json!({"from_attachment_menu": true}),
        "{update}"
    );
    let listed = user
        .ok("messages.getAttachMenuBots", json!({"hash": 0}))
        .await;
    assert_eq!(listed["_"], "attachMenuBots", "{listed}");
    assert_eq!(listed["bots"][0]["bot_id"], bot.id.to_string());
    assert_ne!(listed["bots"][0]["inactive"], true, "{listed}");
    assert_eq!(listed["users"][0]["attach_menu_enabled"], true, "{listed}");
    assert_eq!(listed["users"][0]["bot_attach_menu"], true);
    let hash = listed["hash"].clone();
    assert_eq!(
        user.ok("messages.getAttachMenuBots", json!({"hash": hash}))
            .await["_"],
        "attachMenuBotsNotModified"
    );

    // The attachment menu opens the bot's web app in any chat, with the chat in initData.
    let opened = user
        .ok(
            "messages.requestWebView",
            json!({"peer": {"_": "inputPeerSelf"}, "bot": input, "platform": "web",
                   "start_param": "p"}),
        )
        .await;
    let data = fields(&init_data(opened["url"].as_str().unwrap()));
    assert_eq!(field(&data, "chat_type"), Some("private"));
    assert!(field(&data, "chat_instance").is_some());
    let user_json: Value = serde_json::from_str(field(&data, "user").unwrap()).unwrap();
    assert_eq!(user_json["added_to_attachment_menu"], true);

    // A change of the bot's settings changes the hash.
    let mut settings = server.core.web_app_settings(UserId(bot.id)).await.unwrap();
    settings.attach_menu.as_mut().unwrap().short_name = "Store".into();
    server
        .core
        .set_web_app_settings(UserId(bot.id), settings)
        .await
        .unwrap();
    let changed = user
        .ok("messages.getAttachMenuBots", json!({"hash": hash}))
        .await;
    assert_eq!(changed["bots"][0]["short_name"], "Store", "{changed}");

    assert_eq!(
        user.ok(
            "messages.toggleBotInAttachMenu",
            json!({"bot": input, "enabled": false})
        )
        .await,
        true
    );
    let removed = user
        .ok(
            "messages.getAttachMenuBots",
            json!({"hash": changed["hash"]}),
        )
        .await;
    assert_eq!(removed["_"], "attachMenuBots", "{removed}");
    assert_eq!(removed["bots"], json!([]));
    let entry = user
        .ok("messages.getAttachMenuBot", json!({"bot": input}))
        .await;
    assert_eq!(entry["bot"]["inactive"], true);

    // Bots may not call the functions for people.
    let token = server.core.create_session(UserId(bot.id)).await.unwrap();
    let as_bot = UserClient {
        token,
        id: bot.id,
        ..user.clone()
    };
    let self_input = json!({"_": "inputUserSelf"});
    assert_eq!(
        invoke(&as_bot, &self_input, "getStorageKeys", json!({})).await,
        Err("BOT_METHOD_INVALID".into())
    );
    assert_eq!(
        as_bot
            .err("messages.getAttachMenuBots", json!({"hash": 0}))
            .await,
        (400, "BOT_METHOD_INVALID".into())
    );
}

/// The `other_updates` a session gets from `updates.getDifference` at its current pts.
async fn session_updates(user: &UserClient) -> Vec<Value> {
    let state = user.ok("updates.getState", json!({})).await;
    let diff = user
        .ok(
            "updates.getDifference",
            json!({"pts": state["pts"], "date": state["date"], "qts": 0}),
        )
        .await;
    match diff["_"].as_str() {
        Some("updates.differenceEmpty") => Vec::new(),
        _ => diff["other_updates"].as_array().unwrap().clone(),
    }
}

#[tokio::test]
async fn the_bot_answers_a_web_view_once_and_sessions_hear_of_it() {
    let server = TestServer::start().await;
    let (bot, user, input) = menu_button_app(&server).await;
    let peer = user.peer("cloudbot").await;
    let opened = user
        .ok(
            "messages.requestWebView",
            json!({"peer": peer, "bot": input, "url": "https://app.example/button",
                   "platform": "ios"}),
        )
        .await;
    let data = fields(&init_data(opened["url"].as_str().unwrap()));
    let query_id = field(&data, "query_id").unwrap().to_owned();
    // Inline-button launches are in the chat with the bot only.
    assert_eq!(
        user.err(
            "messages.requestWebView",
            json!({"peer": {"_": "inputPeerSelf"}, "bot": input,
                   "url": "https://app.example/button", "platform": "ios"}),
        )
        .await,
        (400, "BOT_WEBVIEW_DISABLED".into())
    );
    assert!(session_updates(&user).await.is_empty());

    let result = json!({"type": "article", "id": "1", "title": "Done",
        "input_message_content": {"message_text": "<b>Paid</b>", "parse_mode": "HTML"}});
    let sent = bot
        .ok(
            "answerWebAppQuery",
            json!({"web_app_query_id": query_id, "result": result}),
        )
        .await;
    assert_eq!(sent, json!({}));
    let message = bot.next_update(5).await;
    assert_eq!(message["message"]["text"], "Paid", "{message}");
    assert_eq!(message["message"]["from"]["id"], user.id);
    assert_eq!(message["message"]["entities"][0]["type"], "bold");
    let updates = session_updates(&user).await;
    assert_eq!(
        updates,
        vec![json!({"_": "updateWebViewResultSent", "query_id": opened["query_id"]})]
    );
    assert!(session_updates(&user).await.is_empty(), "read once");
    let (code, description) = bot
        .err(
            "answerWebAppQuery",
            json!({"web_app_query_id": query_id, "result": result}),
        )
        .await;
    assert_eq!(code, 400);
    assert!(description.contains("query ID is invalid"), "{description}");
    let (_, description) = bot
        .err(
            "answerWebAppQuery",
            json!({"web_app_query_id": query_id, "result": {"type": "photo", "id": "1"}}),
        )
        .await;
    assert!(description.contains("not supported"), "{description}");

    // A per-user menu button reaches the user's sessions.
    bot.ok(
        "setChatMenuButton",
        json!({"chat_id": user.id, "menu_button": {"type": "commands"}}),
    )
    .await;
    assert_eq!(
        session_updates(&user).await,
        vec![
            json!({"_": "updateBotMenuButton", "bot_id": bot.id.to_string(),
                    "button": {"_": "botMenuButtonCommands"}})
        ]
    );
}

#[tokio::test]
async fn installing_an_attach_menu_bot_tells_the_users_other_sessions() {
    let server = TestServer::start().await;
    let bot = server.bot("sessionbot").await;
    let user = server.user("Ann", None).await;
    let input = input_bot(&user, "sessionbot").await;
    gramd::web_apps::configure_web_app(
        &server.core,
        bot.id,
        gramd::web_apps::WebAppChange {
            url: Some(APP_URL.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    gramd::web_apps::configure_attach_menu(
        &server.core,
        bot.id,
        Some(AttachMenu {
            short_name: "Side".into(),
            show_in_attach_menu: false,
            show_in_side_menu: true,
            peer_types: Vec::new(),
            request_write_access: false,
            side_menu_disclaimer_needed: true,
            icons: Vec::new(),
        }),
    )
    .await
    .unwrap();
    let other = UserClient {
        token: server.core.create_session(UserId(user.id)).await.unwrap(),
        ..user.clone()
    };
    assert!(session_updates(&other).await.is_empty());
    user.ok(
        "messages.toggleBotInAttachMenu",
        json!({"bot": input, "enabled": true}),
    )
    .await;
    assert_eq!(
        session_updates(&other).await,
        vec![json!({"_": "updateAttachMenuBots"})]
    );
    assert!(
        session_updates(&user).await.is_empty(),
        "not the session that installed it"
    );
    // Without write_allowed the bot gets no write access.
    assert!(bot.drain().await.is_empty());
    let entry = user
        .ok("messages.getAttachMenuBot", json!({"bot": input}))
        .await;
    assert_eq!(entry["bot"]["show_in_side_menu"], true, "{entry}");
    assert!(entry["bot"].get("peer_types").is_none(), "{entry}");
    assert!(
        entry["bot"].get("side_menu_disclaimer_needed").is_none(),
        "{entry}"
    );
    // The side menu opens the bot's web app with the user's data.
    let opened = user
        .ok(
            "messages.requestSimpleWebView",
            json!({"from_side_menu": true, "bot": input, "platform": "android"}),
        )
        .await;
    let data = fields(&init_data(opened["url"].as_str().unwrap()));
    assert!(field(&data, "user").is_some());
    assert!(field(&data, "query_id").is_none());
}

#[tokio::test]
async fn a_named_mini_app_is_found_by_short_name_and_launching_it_can_allow_the_bot() {
    let server = TestServer::start().await;
    let bot = server.bot("appsbot").await;
    let user = server.user("Ann", None).await;
    let input = input_bot(&user, "appsbot").await;
    assert_eq!(bot.ok("getMe", json!({})).await["has_main_web_app"], false);
    gramd::web_apps::configure_web_app(
        &server.core,
        bot.id,
        gramd::web_apps::WebAppChange {
            main_app_url: Some("https://app.example/main".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(bot.ok("getMe", json!({})).await["has_main_web_app"], true);
    gramd::web_apps::configure_web_app(
        &server.core,
        bot.id,
        gramd::web_apps::WebAppChange {
            apps: vec![(
                "game".into(),
                "The Game".into(),
                "https://app.example/game".into(),
            )],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let by_name = json!({"_": "inputBotAppShortName", "bot_id": input, "short_name": "GAME"});
    let found = user
        .ok("messages.getBotApp", json!({"app": by_name, "hash": 0}))
        .await;
    assert_eq!(found["_"], "messages.botApp", "{found}");
    assert_eq!(
        found["inactive"], true,
        "the bot may not message the user yet"
    );
    let app = &found["app"];
    assert_eq!(app["_"], "botApp");
    assert_eq!(app["short_name"], "game");
    assert_eq!(app["title"], "The Game");
    let again = user
        .ok(
            "messages.getBotApp",
            json!({"app": by_name, "hash": app["hash"]}),
        )
        .await;
    assert_eq!(again["app"]["_"], "botAppNotModified", "{again}");
    assert_eq!(
        user.err(
            "messages.getBotApp",
            json!({"app": {"_": "inputBotAppShortName", "bot_id": input, "short_name": "nope"},
                   "hash": 0}),
        )
        .await,
        (400, "BOT_APP_INVALID".into())
    );
    let by_id = json!({"_": "inputBotAppID", "id": app["id"], "access_hash": app["access_hash"]});
    assert_eq!(
        user.err(
            "messages.requestAppWebView",
            json!({"peer": {"_": "inputPeerSelf"}, "platform": "web",
                   "app": {"_": "inputBotAppID", "id": app["id"], "access_hash": "1"}}),
        )
        .await,
        (400, "BOT_APP_INVALID".into())
    );
    let opened = user
        .ok(
            "messages.requestAppWebView",
            json!({"write_allowed": true, "peer": user.peer("appsbot").await, "app": by_id,
                   "platform": "web", "start_param": "lvl2"}),
        )
        .await;
    let url = opened["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://app.example/game?tgWebAppStartParam=lvl2#"),
        "{url}"
    );
    let data = fields(&init_data(url));
    assert_eq!(field(&data, "chat_type"), Some("sender"));
    assert!(field(&data, "query_id").is_none());
    let update = bot.next_update(5).await;
    assert_eq!(
        update["message"]["write_access_allowed"],
        json!({"web_app_name": "game"}),
        "{update}"
    );
    let found = user
        .ok("messages.getBotApp", json!({"app": by_name, "hash": 0}))
        .await;
    assert_ne!(found["inactive"], true, "{found}");
}
