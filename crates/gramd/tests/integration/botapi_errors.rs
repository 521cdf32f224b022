//! Bad input gets the official error, never a panic or a 500.

use serde_json::{Value, json};

use crate::harness::{TestServer, started};

#[tokio::test]
async fn tokens_are_checked_as_the_reference_does() {
    let server = TestServer::start().await;
    let bot = server.bot("tok_bot").await;
    let http = &bot.http;
    let cases = [
        (
            "0123:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            401,
            "Unauthorized: invalid token specified",
        ),
        ("12345", 401, "Unauthorized: invalid token specified"),
        (
            "abc:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            421,
            "Misdirected Request: unallowed token specified",
        ),
        ("123:short", 401, "Unauthorized"),
        (
            "999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            401,
            "Unauthorized",
        ),
    ];
    for (token, code, description) in cases {
        let raw = bot
            .raw(
                http.get(format!("{}/bot{token}/getMe", server.base)),
                "getMe",
            )
            .await;
        assert_eq!(raw.status, code, "{token}");
        assert_eq!(raw.json()["description"], description, "{token}");
    }
    // The right id with a wrong secret.
    let wrong = format!("{}:{}", bot.id, "B".repeat(35));
    let raw = bot
        .raw(
            http.get(format!("{}/bot{wrong}/getMe", server.base)),
            "getMe",
        )
        .await;
    assert_eq!(
        (raw.status, raw.json()["description"].clone()),
        (401, json!("Unauthorized"))
    );
}

#[tokio::test]
async fn unknown_methods_paths_and_http_verbs() {
    let server = TestServer::start().await;
    let bot = server.bot("verb_bot").await;
    let (code, description) = bot.err("frobnicate", json!({})).await;
    assert_eq!(
        (code, description.as_str()),
        (404, "Not Found: method not found")
    );
    let (code, description) = bot.err("sendPaidMedia", json!({})).await;
    assert_eq!(code, 501);
    assert_eq!(
        description,
        "Not Implemented: sendPaidMedia is not available on gramd: Telegram Stars are bought \
         from Telegram, and a self-hosted server has none to charge, hold or refund"
    );
    let raw = bot
        .raw(
            bot.http.get(format!("{}/nothing/here", server.base)),
            "getMe",
        )
        .await;
    assert_eq!(
        (raw.status, raw.json()["description"].clone()),
        (404, json!("Not Found"))
    );
    let raw = bot.raw(bot.http.put(bot.url("getMe")), "getMe").await;
    assert_eq!(raw.status, 501);
    assert!(raw.body.is_empty());
}

#[tokio::test]
async fn every_body_encoding_is_read_and_the_query_string_wins() {
    let server = TestServer::start().await;
    let bot = server.bot("enc_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id.to_string();
    // urlencoded, with a JSON-serialized object parameter
    let form = bot
        .raw(
            bot.http.post(bot.url("sendMessage")).form(&[
                ("chat_id", chat.as_str()),
                ("text", "from a form"),
                (
                    "reply_markup",
                    r#"{"inline_keyboard":[[{"text":"x","callback_data":"y"}]]}"#,
                ),
            ]),
            "sendMessage",
        )
        .await
        .json();
    assert_eq!(form["result"]["text"], "from a form");
    assert_eq!(
        form["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        "y"
    );
    // query string only, POST with an empty body (pyTelegramBotAPI)
    let query = bot
        .raw(
            bot.http.post(format!(
                "{}?chat_id={chat}&text=from+the+query",
                bot.url("sendMessage")
            )),
            "sendMessage",
        )
        .await
        .json();
    assert_eq!(query["result"]["text"], "from the query");
    // the query string wins over the body
    let both = bot
        .raw(
            bot.http
                .post(format!("{}?text=query+wins", bot.url("sendMessage")))
                .json(&json!({"chat_id": user.id, "text": "body loses"})),
            "sendMessage",
        )
        .await
        .json();
    assert_eq!(both["result"]["text"], "query wins");
    // multipart, as teloxide sends it
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n{chat}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nfrom multipart\r\n\
         --{boundary}--\r\n"
    );
    let multipart = bot
        .raw(
            bot.http
                .post(bot.url("SendMessage"))
                .header(
                    "Content-Type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body),
            "sendMessage",
        )
        .await
        .json();
    assert_eq!(multipart["result"]["text"], "from multipart");
    // A JSON body without a JSON content type is not read.
    let ignored = bot
        .raw(
            bot.http
                .post(bot.url("sendMessage"))
                .body(json!({"chat_id": user.id, "text": "x"}).to_string()),
            "sendMessage",
        )
        .await
        .json();
    assert_eq!(ignored["description"], "Bad Request: message text is empty");
}

#[tokio::test]
async fn malformed_and_mistyped_parameters_get_official_errors() {
    let server = TestServer::start().await;
    let bot = server.bot("bad_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let send = |params: Value| {
        let bot = bot.clone();
        async move { bot.err("sendMessage", params).await }
    };
    // Malformed JSON: members before the error are kept, then the request goes on.
    let raw = bot
        .raw(
            bot.http
                .post(bot.url("sendMessage"))
                .header("Content-Type", "application/json")
                .body(format!(r#"{{"chat_id": {}, "text": "#, user.id)),
            "sendMessage",
        )
        .await;
    assert_eq!(raw.status, 400);
    assert_eq!(
        raw.json()["description"],
        "Bad Request: message text is empty"
    );
    let cases: Vec<(Value, &str)> = vec![
        (json!({"text": "x"}), "Bad Request: chat_id is empty"),
        (
            json!({"chat_id": {"a": 1}, "text": "x"}),
            "Bad Request: chat not found",
        ),
        (
            json!({"chat_id": "junk", "text": "x"}),
            "Bad Request: chat not found",
        ),
        (
            json!({"chat_id": user.id}),
            "Bad Request: message text is empty",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": null}),
            "Bad Request: object expected as reply markup",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": "{oops"}),
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": {"inline_keyboard": [[{"callback_data": "a"}]]}}),
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}}),
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": 5, "url": []}]]}}),
            "Bad Request: can't parse inline keyboard button: Field \"url\" must be of type String",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x".repeat(65)}]]}}),
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            json!({"chat_id": user.id, "text": "<b>x", "parse_mode": "HTML"}),
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "parse_mode": "Klingon"}),
            "Bad Request: unsupported parse_mode",
        ),
        (
            json!({"chat_id": user.id, "text": "a!", "parse_mode": "MarkdownV2"}),
            "Bad Request: can't parse entities: Character '!' is reserved and must be escaped with the preceding '\\'",
        ),
        (
            json!({"chat_id": user.id, "text": "x".repeat(4097)}),
            "Bad Request: message is too long",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_parameters": {"message_id": 999}}),
            "Bad Request: message to be replied not found",
        ),
        (
            json!({"chat_id": user.id, "text": "x", "reply_parameters": "[1]"}),
            "Bad Request: object expected as reply parameters",
        ),
    ];
    for (params, description) in cases {
        let (code, got) = send(params.clone()).await;
        assert_eq!((code, got.as_str()), (400, description), "{params}");
    }
    let (code, description) = bot.err("getChatMember", json!({"chat_id": user.id})).await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: invalid user_id specified")
    );
    let (_, description) = bot.err("deleteMessage", json!({"chat_id": user.id})).await;
    assert_eq!(
        description,
        "Bad Request: message identifier is not specified"
    );
    let (_, description) = bot.err("forwardMessage", json!({"chat_id": user.id})).await;
    assert_eq!(
        description,
        "Bad Request: parameter \"from_chat_id\" is required"
    );
}

#[tokio::test]
async fn an_oversized_body_gets_a_bare_413() {
    let server = TestServer::start().await;
    let bot = server.bot("big_bot").await;
    let raw = bot
        .raw(
            bot.http
                .post(bot.url("sendMessage"))
                .header("Content-Type", "application/json")
                .body(vec![b' '; 2 << 20]),
            "sendMessage",
        )
        .await;
    assert_eq!(raw.status, 413);
    assert!(raw.body.is_empty());
    // And the server still serves.
    bot.ok("getMe", json!({})).await;
}

#[tokio::test]
async fn garbage_never_causes_a_server_error() {
    let server = TestServer::start().await;
    let bot = server.bot("fuzz_bot").await;
    let started_user = started(&server, &bot, "Ann").await;
    let methods = [
        "sendMessage",
        "getUpdates",
        "editMessageText",
        "deleteMessages",
        "setMyCommands",
        "getMyCommands",
        "setWebhook",
        "copyMessage",
        "answerCallbackQuery",
        "getChatMember",
        "sendChatAction",
        "editMessageReplyMarkup",
    ];
    let values = [
        json!(null),
        json!(-1),
        json!(0),
        json!(1e300),
        json!("\u{0}"),
        json!([]),
        json!({}),
        json!([[{}]]),
        json!({"type": "chat", "chat_id": "@"}),
        json!("🙂".repeat(3000)),
        json!(started_user.id),
        json!(i64::MAX),
        json!("[1,2,\"x\"]"),
    ];
    let keys = [
        "chat_id",
        "text",
        "reply_markup",
        "message_id",
        "message_ids",
        "offset",
        "timeout",
        "commands",
        "scope",
        "url",
        "from_chat_id",
        "entities",
        "parse_mode",
        "user_id",
        "action",
        "callback_query_id",
        "reply_parameters",
        "allowed_updates",
        "limit",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    for _ in 0..400 {
        let method = methods[next(methods.len())];
        let mut params = serde_json::Map::new();
        for _ in 0..next(5) {
            params.insert(
                keys[next(keys.len())].into(),
                values[next(values.len())].clone(),
            );
        }
        if method == "getUpdates" {
            params.insert("timeout".into(), json!(0));
        }
        let body = bot.call(method, Value::Object(params.clone())).await;
        if body["ok"] == false {
            let code = body["error_code"].as_u64().unwrap();
            assert!(code < 500, "{method} {params:?} -> {body}");
        }
    }
}
