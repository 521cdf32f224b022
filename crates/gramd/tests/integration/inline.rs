//! Inline mode end to end: a user asks over the JSON client API
//! (`messages.getInlineBotResults`, `messages.sendInlineBotResult`), a bot answers over the
//! Bot API (`answerInlineQuery`), hears of the choice (`chosen_inline_result`), of presses
//! on the message's buttons (`callback_query` with `inline_message_id`) and edits it.
//! Every Bot API response, updates included, is checked against the spec by the harness.

use image::ImageFormat;
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, rand_id};
use crate::media::{multipart, picture};

/// A TL `long`, which the JSON client API writes as a string.
fn long(value: &Value) -> i64 {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a long: {value}"))
}

/// A bot with inline mode (placeholder "Search…") and inline feedback on.
async fn inline_bot(server: &TestServer, username: &str) -> BotClient {
    let bot = server.bot(username).await;
    server
        .core
        .update_bot_info(gramd_core::ids::UserId(bot.id), |info| {
            info.supports_inline_queries = true;
            info.inline_placeholder = Some("Search…".into());
            info.inline_feedback = true;
        })
        .await
        .unwrap();
    bot
}

/// The `inputUser` of a bot, as `user` resolves it.
async fn input_bot(user: &UserClient, username: &str) -> Value {
    let peer = user.peer(username).await;
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

/// Starts `messages.getInlineBotResults` in the background (it waits for the bot).
fn ask(
    user: &UserClient,
    bot: &Value,
    peer: &Value,
    query: &str,
    offset: &str,
) -> tokio::task::JoinHandle<(u16, Value)> {
    let (user, params) = (
        user.clone(),
        json!({"bot": bot, "peer": peer, "query": query, "offset": offset}),
    );
    tokio::spawn(async move { user.call("messages.getInlineBotResults", params).await })
}

#[tokio::test]
async fn inline_queries_results_choices_and_inline_messages() {
    let server = TestServer::start().await;
    let bot = inline_bot(&server, "find_inline_bot").await;
    let ann = server.user("Ann", Some("ann_inline")).await;
    let ben = server.user("Ben", Some("ben_inline")).await;
    let to_ben = ann.peer("ben_inline").await;
    ann.send(&to_ben, "hi").await;
    let bot_input = input_bot(&ann, "find_inline_bot").await;

    // getMe and the user's view of the bot show inline mode.
    assert_eq!(
        bot.ok("getMe", json!({})).await["supports_inline_queries"],
        true
    );
    let seen = ann
        .ok("users.getUsers", json!({"id": [bot_input.clone()]}))
        .await;
    assert_eq!(seen[0]["bot_inline_placeholder"], "Search…");

    // A photo the bot has, for a cached photo result.
    let to_bot = ann.peer("find_inline_bot").await;
    ann.send(&to_bot, "/start").await;
    let sent = multipart(
        &bot,
        "sendPhoto",
        &[("chat_id", &ann.id.to_string())],
        &[(
            "photo",
            "p.png",
            "image/png",
            picture(64, 48, ImageFormat::Png),
        )],
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let photo_id = sent.json()["result"]["photo"][0]["file_id"]
        .as_str()
        .unwrap()
        .to_owned();
    bot.drain().await;

    // Ann asks in her chat with Ben; the bot gets the query.
    let asking = ask(&ann, &bot_input, &to_ben, "cats", "");
    let update = bot.next_update(5).await;
    let query = &update["inline_query"];
    assert_eq!(query["from"]["id"], ann.id);
    assert_eq!(query["query"], "cats");
    assert_eq!(query["offset"], "");
    assert_eq!(query["chat_type"], "private");
    let keyboard = json!({"inline_keyboard": [[{"text": "Like", "callback_data": "like"}]]});
    let results = json!([
        {"type": "article", "id": "kb", "title": "With a button",
         "input_message_content": {"message_text": "*cats* with a button", "parse_mode": "Markdown"},
         "reply_markup": keyboard, "thumbnail_url": "https://example.com/t.jpg",
         "thumbnail_width": 40, "thumbnail_height": 30},
        {"type": "photo", "id": "pic", "photo_file_id": photo_id, "caption": "a cat"},
        {"type": "location", "id": "loc", "title": "Here", "latitude": 48.85, "longitude": 2.35},
        {"type": "venue", "id": "ven", "title": "Louvre", "address": "Rue de Rivoli",
         "latitude": 48.86, "longitude": 2.33},
        {"type": "contact", "id": "con", "phone_number": "+15550000", "first_name": "Cat"}
    ]);
    bot.ok(
        "answerInlineQuery",
        json!({"inline_query_id": query["id"], "results": results.to_string(),
               "cache_time": 0, "next_offset": "5",
               "button": {"text": "Settings", "start_parameter": "settings"}}),
    )
    .await;
    let (status, body) = asking.await.unwrap();
    assert_eq!(status, 200, "{body}");
    let found = &body["result"];
    assert_eq!(found["_"], "messages.botResults");
    assert_eq!(found["next_offset"], "5");
    assert_eq!(found["switch_pm"]["start_param"], "settings");
    assert_eq!(found["switch_pm"]["text"], "Settings");
    assert_eq!(found["cache_time"], 0);
    let kinds: Vec<(&str, &str, &str)> = found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["_"].as_str().unwrap(),
                r["id"].as_str().unwrap(),
                r["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("botInlineResult", "kb", "article"),
            ("botInlineMediaResult", "pic", "photo"),
            ("botInlineResult", "loc", "geo"),
            ("botInlineResult", "ven", "venue"),
            ("botInlineResult", "con", "contact"),
        ]
    );
    let article = &found["results"][0];
    assert_eq!(article["send_message"]["_"], "botInlineMessageText");
    assert_eq!(article["send_message"]["message"], "cats with a button");
    assert_eq!(article["thumb"]["url"], "https://example.com/t.jpg");
    assert_eq!(found["results"][1]["send_message"]["message"], "a cat");
    assert_eq!(
        found["results"][2]["send_message"]["_"],
        "botInlineMessageMediaGeo"
    );
    assert_eq!(long(&found["users"][0]["id"]), bot.id);
    let query_id = found["query_id"].clone();

    // The next page: the offset the bot gave comes back to it.
    let paging = ask(&ann, &bot_input, &to_ben, "cats", "5");
    let update = bot.next_update(5).await;
    assert_eq!(update["inline_query"]["offset"], "5");
    bot.ok(
        "answerInlineQuery",
        json!({"inline_query_id": update["inline_query"]["id"], "results": "[]", "cache_time": 0}),
    )
    .await;
    let (_, page) = paging.await.unwrap();
    assert_eq!(page["result"]["results"], json!([]));
    assert!(page["result"].get("next_offset").is_none_or(Value::is_null));

    // Ann sends the result with the button to Ben.
    let updates = ann
        .ok(
            "messages.sendInlineBotResult",
            json!({"peer": to_ben, "query_id": query_id, "id": "kb", "random_id": rand_id()}),
        )
        .await;
    let sent = updates["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|u| u.get("message").filter(|m| m["_"] == "message"))
        .cloned()
        .expect("the message sent");
    assert_eq!(long(&sent["via_bot_id"]), bot.id);
    assert_eq!(sent["message"], "cats with a button");
    assert_eq!(sent["entities"][0]["_"], "messageEntityBold");
    let chosen = bot.next_update(5).await;
    let chosen = &chosen["chosen_inline_result"];
    assert_eq!(chosen["result_id"], "kb");
    assert_eq!(chosen["query"], "cats");
    assert_eq!(chosen["from"]["id"], ann.id);
    let inline_id = chosen["inline_message_id"].as_str().unwrap().to_owned();

    // Ben sees it via the bot, and presses its button.
    let to_ann = ben.peer("ann_inline").await;
    let received = ben.history(&to_ann, 1).await.remove(0);
    assert_eq!(long(&received["via_bot_id"]), bot.id);
    let press = {
        let (ben, to_ann) = (ben.clone(), to_ann.clone());
        let params = json!({"peer": to_ann, "msg_id": received["id"],
            "data": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "like")});
        tokio::spawn(async move { ben.ok("messages.getBotCallbackAnswer", params).await })
    };
    let update = bot.next_update(5).await;
    let callback = &update["callback_query"];
    assert_eq!(callback["inline_message_id"], inline_id);
    assert!(callback.get("message").is_none());
    assert_eq!(callback["data"], "like");
    bot.ok(
        "answerCallbackQuery",
        json!({"callback_query_id": callback["id"], "text": "Liked"}),
    )
    .await;
    assert_eq!(press.await.unwrap()["message"], "Liked");

    // The bot edits the message by its inline id: both sides see the edit.
    let edited = bot
        .ok(
            "editMessageText",
            json!({"inline_message_id": inline_id, "text": "liked by Ben",
                   "reply_markup": {"inline_keyboard": [[{"text": "Unlike", "callback_data": "unlike"}]]}}),
        )
        .await;
    assert_eq!(edited, true);
    for (user, peer) in [(&ann, &to_ben), (&ben, &to_ann)] {
        let newest = user.history(peer, 1).await.remove(0);
        assert_eq!(newest["message"], "liked by Ben");
        assert!(newest["edit_date"].is_number());
        let label = &newest["reply_markup"]["rows"][0]["buttons"][0]["text"];
        assert_eq!(label, "Unlike");
    }
    let removed = bot
        .ok(
            "editMessageReplyMarkup",
            json!({"inline_message_id": inline_id}),
        )
        .await;
    assert_eq!(removed, true);
    // Another bot cannot use the id; nor can a made-up one.
    let other = inline_bot(&server, "other_inline_bot").await;
    for (who, id) in [(&other, inline_id.as_str()), (&bot, "AAAA")] {
        let (code, description) = who
            .err(
                "editMessageText",
                json!({"inline_message_id": id, "text": "hijack"}),
            )
            .await;
        assert_eq!(
            (code, description.as_str()),
            (400, "Bad Request: MESSAGE_ID_INVALID")
        );
    }

    // The photo result sends the bot's photo with its caption, via the bot.
    ann.ok(
        "messages.sendInlineBotResult",
        json!({"peer": to_ben, "query_id": query_id, "id": "pic", "random_id": rand_id()}),
    )
    .await;
    let photo = ben.history(&to_ann, 1).await.remove(0);
    assert_eq!(photo["media"]["_"], "messageMediaPhoto");
    assert_eq!(photo["message"], "a cat");
    let chosen = bot.next_update(5).await;
    assert_eq!(chosen["chosen_inline_result"]["result_id"], "pic");
    assert!(
        chosen["chosen_inline_result"]
            .get("inline_message_id")
            .is_none()
    );

    // Results are Ann's: Ben cannot send them, nor can anybody send a result not given.
    let (code, name) = ben
        .err(
            "messages.sendInlineBotResult",
            json!({"peer": to_ann, "query_id": query_id, "id": "kb", "random_id": rand_id()}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "QUERY_ID_INVALID"));
    let (code, name) = ann
        .err(
            "messages.sendInlineBotResult",
            json!({"peer": to_ben, "query_id": query_id, "id": "none", "random_id": rand_id()}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "RESULT_ID_INVALID"));
}

#[tokio::test]
async fn wrong_answers_late_answers_and_bots_without_inline_mode() {
    let server = TestServer::start_with_limits("inline_answer_timeout_secs = 2").await;
    let bot = inline_bot(&server, "strict_inline_bot").await;
    let plain = server.bot("plain_inline_bot").await;
    let ann = server.user("Ann", None).await;
    let bot_input = input_bot(&ann, "strict_inline_bot").await;
    let empty = json!({"_": "inputPeerEmpty"});

    let (code, name) = ann
        .err(
            "messages.getInlineBotResults",
            json!({"bot": input_bot(&ann, "plain_inline_bot").await, "peer": empty,
                   "query": "x", "offset": ""}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "BOT_INLINE_DISABLED"));
    let _ = plain;

    let asking = ask(&ann, &bot_input, &empty, "q", "");
    let update = bot.next_update(5).await;
    let query_id = update["inline_query"]["id"].clone();
    assert!(update["inline_query"].get("chat_type").is_none());
    let answer = |results: Value| json!({"inline_query_id": query_id, "results": results.to_string(), "cache_time": 0});
    let article = |id: &str| {
        json!({"type": "article", "id": id, "title": "T",
               "input_message_content": {"message_text": "text"}})
    };
    let refusals = [
        (
            json!([article("a"), article("a")]),
            "Bad Request: RESULT_ID_DUPLICATE",
        ),
        (json!([article("")]), "Bad Request: RESULT_ID_INVALID"),
        (
            json!([article(&"i".repeat(65))]),
            "Bad Request: RESULT_ID_INVALID",
        ),
        (
            json!([{"type": "nope", "id": "1"}]),
            "Bad Request: can't parse inline query result: type \"nope\" is unsupported for the inline query result",
        ),
        (
            json!([{"type": "article", "id": "1", "title": "T"}]),
            "Bad Request: can't parse inline query result: Input message content is not specified",
        ),
        (
            json!([{"type": "article", "id": "1", "title": "T",
                    "input_message_content": {"message_text": "   "}}]),
            "Bad Request: MESSAGE_EMPTY",
        ),
        (
            json!([{"type": "game", "id": "1", "game_short_name": "tetris"}]),
            "Bad Request: RESULT_TYPE_INVALID",
        ),
        (
            Value::Array((0..51).map(|i| article(&i.to_string())).collect()),
            "Bad Request: too many inline query results specified",
        ),
    ];
    for (results, expected) in refusals {
        let (code, description) = bot.err("answerInlineQuery", answer(results)).await;
        assert_eq!((code, description.as_str()), (400, expected));
    }
    let (_, description) = bot
        .err(
            "answerInlineQuery",
            json!({"inline_query_id": query_id, "results": "[]", "next_offset": "o".repeat(65)}),
        )
        .await;
    assert_eq!(description, "Bad Request: NEXT_OFFSET_INVALID");
    // The query is still open after refusals: a good answer goes through.
    bot.ok("answerInlineQuery", answer(json!([article("ok")])))
        .await;
    let (status, body) = asking.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["results"][0]["id"], "ok");
    // Answering again is too late.
    let (_, description) = bot
        .err("answerInlineQuery", answer(json!([article("again")])))
        .await;
    assert_eq!(
        description,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );

    // A bot that does not answer in time.
    let asking = ask(&ann, &bot_input, &empty, "slow", "");
    let update = bot.next_update(5).await;
    let (status, body) = asking.await.unwrap();
    assert_eq!(
        (status, body["error_message"].as_str()),
        (400, Some("BOT_RESPONSE_TIMEOUT"))
    );
    let (_, description) = bot
        .err(
            "answerInlineQuery",
            json!({"inline_query_id": update["inline_query"]["id"], "results": "[]"}),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
}

#[tokio::test]
async fn answers_are_cached_for_their_cache_time() {
    let server = TestServer::start().await;
    let bot = inline_bot(&server, "cache_inline_bot").await;
    let ann = server.user("Ann", None).await;
    let ben = server.user("Ben", None).await;
    let empty = json!({"_": "inputPeerEmpty"});
    let results = json!([{"type": "article", "id": "1", "title": "T",
                          "input_message_content": {"message_text": "cached"}}]);

    // A shared answer: Ben's identical query is answered without the bot.
    let asking = ask(
        &ann,
        &input_bot(&ann, "cache_inline_bot").await,
        &empty,
        "same",
        "",
    );
    let update = bot.next_update(5).await;
    bot.ok(
        "answerInlineQuery",
        json!({"inline_query_id": update["inline_query"]["id"],
               "results": results.to_string(), "cache_time": 300}),
    )
    .await;
    let (_, first) = asking.await.unwrap();
    let (_, second) = ask(
        &ben,
        &input_bot(&ben, "cache_inline_bot").await,
        &empty,
        "same",
        "",
    )
    .await
    .unwrap();
    assert_eq!(second["result"]["results"], first["result"]["results"]);
    assert_ne!(second["result"]["query_id"], first["result"]["query_id"]);
    assert!(bot.drain().await.is_empty());

    // A personal answer is Ann's only: Ben's query reaches the bot.
    let asking = ask(
        &ann,
        &input_bot(&ann, "cache_inline_bot").await,
        &empty,
        "mine",
        "",
    );
    let update = bot.next_update(5).await;
    bot.ok(
        "answerInlineQuery",
        json!({"inline_query_id": update["inline_query"]["id"],
               "results": results.to_string(), "cache_time": 300, "is_personal": true}),
    )
    .await;
    asking.await.unwrap();
    let again = ask(
        &ann,
        &input_bot(&ann, "cache_inline_bot").await,
        &empty,
        "mine",
        "",
    );
    assert_eq!(again.await.unwrap().0, 200);
    let asking = ask(
        &ben,
        &input_bot(&ben, "cache_inline_bot").await,
        &empty,
        "mine",
        "",
    );
    let update = bot.next_update(5).await;
    assert_eq!(update["inline_query"]["from"]["id"], ben.id);
    bot.ok(
        "answerInlineQuery",
        json!({"inline_query_id": update["inline_query"]["id"], "results": "[]"}),
    )
    .await;
    assert_eq!(asking.await.unwrap().0, 200);
}

#[tokio::test]
async fn prepared_inline_messages_are_sent_by_their_user() {
    let server = TestServer::start().await;
    let bot = inline_bot(&server, "share_inline_bot").await;
    let ann = server.user("Ann", Some("ann_share")).await;
    let ben = server.user("Ben", Some("ben_share")).await;
    let to_ben = ann.peer("ben_share").await;
    ann.send(&to_ben, "hi").await;
    let result = json!({"type": "article", "id": "share", "title": "Share me",
                        "input_message_content": {"message_text": "shared from a mini app"}});
    let (_, description) = bot
        .err(
            "savePreparedInlineMessage",
            json!({"user_id": ann.id, "result": result.to_string()}),
        )
        .await;
    assert_eq!(description, "Bad Request: PEER_TYPES_INVALID");
    let prepared = bot
        .ok(
            "savePreparedInlineMessage",
            json!({"user_id": ann.id, "result": result.to_string(), "allow_user_chats": true}),
        )
        .await;
    let id = prepared["id"].as_str().unwrap().to_owned();
    assert!(prepared["expiration_date"].as_i64().unwrap() > 0);

    let bot_input = input_bot(&ann, "share_inline_bot").await;
    let (code, name) = ben
        .err(
            "messages.getPreparedInlineMessage",
            json!({"bot": input_bot(&ben, "share_inline_bot").await, "id": id}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "MESSAGE_ID_INVALID"));
    let ready = ann
        .ok(
            "messages.getPreparedInlineMessage",
            json!({"bot": bot_input, "id": id}),
        )
        .await;
    assert_eq!(ready["result"]["id"], "share");
    assert_eq!(
        ready["peer_types"],
        json!([{"_": "inlineQueryPeerTypeSameBotPM"}, {"_": "inlineQueryPeerTypePM"}])
    );
    ann.ok(
        "messages.sendInlineBotResult",
        json!({"peer": to_ben, "query_id": ready["query_id"], "id": "share",
               "random_id": rand_id()}),
    )
    .await;
    let received = ben.history(&ben.peer("ann_share").await, 1).await.remove(0);
    assert_eq!(received["message"], "shared from a mini app");
    assert_eq!(long(&received["via_bot_id"]), bot.id);
    let chosen = bot.next_update(5).await;
    assert_eq!(chosen["chosen_inline_result"]["result_id"], "share");
    assert_eq!(chosen["chosen_inline_result"]["query"], "");
}

#[tokio::test]
async fn bots_answer_on_the_client_api_too() {
    let server = TestServer::start().await;
    let bot = inline_bot(&server, "tl_inline_bot").await;
    let bot_client = server.client(&bot.token);
    let ann = server.user("Ann", None).await;
    let empty = json!({"_": "inputPeerEmpty"});
    let asking = ask(
        &ann,
        &input_bot(&ann, "tl_inline_bot").await,
        &empty,
        "tl",
        "",
    );
    let update = bot.next_update(5).await;
    let query_id = update["inline_query"]["id"].as_str().unwrap().to_owned();
    let keyboard = json!({"_": "replyInlineMarkup", "rows": [{"_": "keyboardInlineButtonRow",
        "buttons": [{"_": "keyboardInlineButton", "text": "Open",
                     "type": {"_": "inlineButtonTypeUrl", "url": "https://example.com"}}]}]});
    let result = |id: &str| {
        json!({"_": "inputBotInlineResult", "id": id, "type": "article", "title": "From TL",
               "send_message": {"_": "inputBotInlineMessageText", "message": "sent from TL",
                                "reply_markup": keyboard}})
    };
    let (code, name) = ann
        .err(
            "messages.setInlineBotResults",
            json!({"query_id": query_id, "results": [], "cache_time": 0}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "USER_BOT_REQUIRED"));
    let (code, name) = bot_client
        .err(
            "messages.setInlineBotResults",
            json!({"query_id": query_id, "results": [result("x"), result("x")], "cache_time": 0}),
        )
        .await;
    assert_eq!((code, name.as_str()), (400, "RESULT_ID_DUPLICATE"));
    let done = bot_client
        .ok(
            "messages.setInlineBotResults",
            json!({"query_id": query_id, "results": [result("tl")], "cache_time": 0,
                   "next_offset": "more",
                   "switch_pm": {"_": "inlineBotSwitchPM", "text": "Start", "start_param": "go"}}),
        )
        .await;
    assert_eq!(done, true);
    let (status, body) = asking.await.unwrap();
    assert_eq!(status, 200, "{body}");
    let found = &body["result"];
    assert_eq!(found["results"][0]["id"], "tl");
    assert_eq!(
        found["results"][0]["send_message"]["message"],
        "sent from TL"
    );
    assert_eq!(
        found["results"][0]["send_message"]["reply_markup"]["rows"][0]["buttons"][0]["type"]["url"],
        "https://example.com"
    );
    assert_eq!(found["next_offset"], "more");
    assert_eq!(found["switch_pm"]["start_param"], "go");
}

/// Results given by URL: with `[files] fetch_urls` on, the file is fetched when the bot
/// answers and the result is sent as that file; with it off, the answer is refused as a
/// send by URL is.
#[tokio::test]
async fn results_given_by_url_are_fetched_when_allowed() {
    use axum::Router;
    use axum::http::header;
    use axum::routing::get;

    let png = picture(40, 30, ImageFormat::Png);
    let files = Router::new().route("/cat.png", {
        let png = png.clone();
        get(move || async move { ([(header::CONTENT_TYPE, "image/png")], png) })
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, files).await });
    let photo = json!([{"type": "photo", "id": "cat", "photo_url": format!("{base}/cat.png"),
                        "thumbnail_url": format!("{base}/cat.png"), "caption": "fetched"}]);

    for fetching in [true, false] {
        let limits = format!("[files]\nfetch_urls = {fetching}\n");
        let server = TestServer::start_with_limits(&limits).await;
        let bot = inline_bot(&server, "url_inline_bot").await;
        let ann = server.user("Ann", Some("ann_url")).await;
        let ben = server.user("Ben", Some("ben_url")).await;
        let to_ben = ann.peer("ben_url").await;
        ann.send(&to_ben, "hi").await;
        let asking = ask(
            &ann,
            &input_bot(&ann, "url_inline_bot").await,
            &to_ben,
            "cat",
            "",
        );
        let update = bot.next_update(5).await;
        let answer = json!({"inline_query_id": update["inline_query"]["id"],
                            "results": photo.to_string(), "cache_time": 0});
        if !fetching {
            assert_eq!(
                bot.err("answerInlineQuery", answer).await,
                (400, "Bad Request: failed to get HTTP URL content".into())
            );
            continue;
        }
        bot.ok("answerInlineQuery", answer).await;
        let (_, body) = asking.await.unwrap();
        let result = &body["result"]["results"][0];
        assert_eq!(result["_"], "botInlineMediaResult", "{result}");
        assert_eq!(result["photo"]["_"], "photo");
        ann.ok(
            "messages.sendInlineBotResult",
            json!({"peer": to_ben, "query_id": body["result"]["query_id"], "id": "cat",
                   "random_id": rand_id()}),
        )
        .await;
        let received = ben.history(&ben.peer("ann_url").await, 1).await.remove(0);
        assert_eq!(received["media"]["_"], "messageMediaPhoto");
        assert_eq!(received["message"], "fetched");
    }
}
