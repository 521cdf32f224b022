//! Polls and quizzes: a bot sends them (sendPoll), users vote through the client API
//! (`messages.sendVote`), the bot hears of it (`poll_answer`, `poll`), votes follow
//! Telegram's re-vote rules, stopPoll closes a poll for good, a user creates a poll in a
//! group (`inputMediaPoll`) and the bot sees it; bad polls get Telegram's errors.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, group_with, started};

/// The TL `option` bytes of option `index`, as the JSON client API writes bytes.
fn option(index: u8) -> String {
    base64::engine::general_purpose::STANDARD.encode(index.to_string())
}

async fn vote(user: &UserClient, peer: &Value, msg_id: &Value, options: &[u8]) -> Value {
    let options: Vec<String> = options.iter().map(|o| option(*o)).collect();
    user.ok(
        "messages.sendVote",
        json!({"peer": peer, "msg_id": msg_id, "options": options}),
    )
    .await
}

async fn vote_err(user: &UserClient, peer: &Value, msg_id: &Value, options: &[u8]) -> String {
    let options: Vec<String> = options.iter().map(|o| option(*o)).collect();
    user.err(
        "messages.sendVote",
        json!({"peer": peer, "msg_id": msg_id, "options": options}),
    )
    .await
    .1
}

/// The poll's results as the voter sees them in the `updateMessagePoll` a vote answers with.
fn chosen_and_counts(updates: &Value) -> Vec<(bool, i64)> {
    let update = updates["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessagePoll")
        .unwrap_or_else(|| panic!("no updateMessagePoll in {updates}"));
    update["results"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["chosen"] == true, r["voters"].as_i64().unwrap()))
        .collect()
}

async fn poll_updates(bot: &BotClient) -> Vec<Value> {
    bot.drain().await
}

#[tokio::test]
async fn votes_reach_the_bot_that_sent_the_poll() {
    let server = TestServer::start().await;
    let bot = server.bot("poll_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = group_with(&user, &bot, "poll_bot").await;
    let peer = json!({"_": "inputPeerChat", "chat_id": (-chat).to_string()});

    let sent = bot
        .ok(
            "sendPoll",
            json!({"chat_id": chat, "question": "Lunch?",
                   "options": [{"text": "Soup"}, "Salad", {"text": "Pie"}],
                   "is_anonymous": false, "allows_multiple_answers": true}),
        )
        .await;
    let poll = &sent["poll"];
    assert_eq!(poll["question"], "Lunch?");
    assert_eq!(poll["type"], "regular");
    assert_eq!(poll["is_anonymous"], false);
    assert_eq!(poll["allows_multiple_answers"], true);
    assert_eq!(poll["allows_revoting"], true);
    assert_eq!(poll["is_closed"], false);
    assert_eq!(poll["total_voter_count"], 0);
    let texts: Vec<&str> = poll["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Soup", "Salad", "Pie"]);
    let poll_id = poll["id"].as_str().unwrap().to_owned();

    let seen = user
        .wait_for(&peer, |m| m["media"]["_"] == "messageMediaPoll")
        .await;
    assert_eq!(seen["media"]["poll"]["question"]["text"], "Lunch?");
    assert_eq!(seen["media"]["poll"]["public_voters"], true);
    let msg_id = seen["id"].clone();

    let voted = vote(&user, &peer, &msg_id, &[0, 2]).await;
    assert_eq!(
        chosen_and_counts(&voted),
        [(true, 1), (false, 0), (true, 1)]
    );
    let updates = poll_updates(&bot).await;
    assert_eq!(updates.len(), 2, "{updates:?}");
    let answer = &updates[0]["poll_answer"];
    assert_eq!(answer["poll_id"], poll_id.as_str());
    assert_eq!(answer["user"]["id"], user.id);
    assert_eq!(answer["option_ids"], json!([0, 2]));
    assert_eq!(answer["option_persistent_ids"], json!(["0", "2"]));
    let state = &updates[1]["poll"];
    assert_eq!(state["total_voter_count"], 1);
    assert_eq!(state["options"][2]["voter_count"], 1);

    // The same choice again changes nothing; a new one replaces it; none retracts it.
    vote(&user, &peer, &msg_id, &[2, 0]).await;
    assert!(poll_updates(&bot).await.is_empty());
    let revoted = vote(&user, &peer, &msg_id, &[1]).await;
    assert_eq!(
        chosen_and_counts(&revoted),
        [(false, 0), (true, 1), (false, 0)]
    );
    let retracted = vote(&user, &peer, &msg_id, &[]).await;
    assert_eq!(
        chosen_and_counts(&retracted),
        [(false, 0), (false, 0), (false, 0)]
    );
    let updates = poll_updates(&bot).await;
    let answers: Vec<&Value> = updates
        .iter()
        .filter_map(|u| u.get("poll_answer"))
        .collect();
    assert_eq!(answers.len(), 2, "{updates:?}");
    assert_eq!(answers[0]["option_ids"], json!([1]));
    assert_eq!(answers[1]["option_ids"], json!([]));
    assert_eq!(answers[1]["option_persistent_ids"], json!([]));
    assert_eq!(
        vote_err(&user, &peer, &msg_id, &[7]).await,
        "OPTION_INVALID"
    );

    // Stopping closes it for good, with its votes.
    vote(&user, &peer, &msg_id, &[0]).await;
    bot.drain().await;
    let stopped = bot
        .ok(
            "stopPoll",
            json!({"chat_id": chat, "message_id": sent["message_id"]}),
        )
        .await;
    assert_eq!(stopped["is_closed"], true);
    assert_eq!(stopped["total_voter_count"], 1);
    assert_eq!(stopped["options"][0]["voter_count"], 1);
    let updates = poll_updates(&bot).await;
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0]["poll"]["is_closed"], true);
    assert_eq!(
        vote_err(&user, &peer, &msg_id, &[1]).await,
        "MESSAGE_POLL_CLOSED"
    );
    let (code, description) = bot
        .err(
            "stopPoll",
            json!({"chat_id": chat, "message_id": sent["message_id"]}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: poll has already been closed")
    );
    let results = user
        .ok(
            "messages.getPollResults",
            json!({"peer": peer, "msg_id": msg_id, "poll_hash": 0}),
        )
        .await;
    assert_eq!(chosen_and_counts(&results)[0], (true, 1));
}

#[tokio::test]
async fn quiz_answers_cannot_change_and_anonymous_votes_stay_anonymous() {
    let server = TestServer::start().await;
    let bot = server.bot("quiz_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = group_with(&user, &bot, "quiz_bot").await;
    let peer = json!({"_": "inputPeerChat", "chat_id": (-chat).to_string()});

    let quiz = bot
        .ok(
            "sendPoll",
            json!({"chat_id": chat, "question": "2+2?", "options": ["3", "4", "5"],
                   "type": "quiz", "correct_option_id": 1,
                   "explanation": "Count them", "open_period": 600}),
        )
        .await;
    let poll = &quiz["poll"];
    assert_eq!(poll["type"], "quiz");
    assert_eq!(poll["is_anonymous"], true);
    assert_eq!(poll["allows_revoting"], false);
    assert_eq!(poll["correct_option_ids"], json!([1]));
    assert_eq!(poll["explanation"], "Count them");
    assert_eq!(poll["open_period"], 600);
    assert!(poll["close_date"].as_i64().unwrap() > 0);

    let seen = user
        .wait_for(&peer, |m| m["media"]["_"] == "messageMediaPoll")
        .await;
    let msg_id = seen["id"].clone();
    let voted = vote(&user, &peer, &msg_id, &[0]).await;
    let update = voted["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessagePoll")
        .unwrap()
        .clone();
    // Once they answered, the voter learns the right answer and its explanation.
    assert_eq!(update["results"]["results"][1]["correct"], true);
    assert_eq!(update["results"]["solution"], "Count them");
    assert_eq!(
        vote_err(&user, &peer, &msg_id, &[1]).await,
        "REVOTE_NOT_ALLOWED"
    );
    assert_eq!(
        vote_err(&user, &peer, &msg_id, &[]).await,
        "REVOTE_NOT_ALLOWED"
    );
    assert_eq!(
        vote_err(&user, &peer, &msg_id, &[0, 1]).await,
        "OPTIONS_TOO_MUCH"
    );
    // An anonymous poll: the bot gets the new counts, never who voted.
    let updates = poll_updates(&bot).await;
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0]["poll"]["options"][0]["voter_count"], 1);
    assert_eq!(updates[0]["poll"]["correct_option_ids"], json!([1]));

    // allowed_updates: without poll, a vote is not queued.
    bot.ok(
        "getUpdates",
        json!({"timeout": 0, "allowed_updates": ["message"]}),
    )
    .await;
    let second = bot
        .ok(
            "sendPoll",
            json!({"chat_id": chat, "question": "Again?", "options": ["a", "b"]}),
        )
        .await;
    let seen = user
        .wait_for(&peer, |m| {
            m["media"]["poll"]["question"]["text"] == "Again?"
        })
        .await;
    vote(&user, &peer, &seen["id"], &[1]).await;
    assert!(poll_updates(&bot).await.is_empty());
    assert_eq!(second["poll"]["total_voter_count"], 0);
}

#[tokio::test]
async fn a_user_creates_a_poll_in_a_group() {
    let server = TestServer::start().await;
    let bot = server.bot("watch_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = group_with(&user, &bot, "watch_bot").await;
    // The bot reads every message of the group once it is an administrator.
    let peer = json!({"_": "inputPeerChat", "chat_id": (-chat).to_string()});
    let bot_peer = user.peer("watch_bot").await;
    let bot_user = json!({"_": "inputUser", "user_id": bot_peer["user_id"],
                          "access_hash": bot_peer["access_hash"]});
    user.ok(
        "messages.editChatAdmin",
        json!({"chat_id": (-chat).to_string(), "user_id": bot_user, "is_admin": true}),
    )
    .await;
    bot.drain().await;
    let text = |t: &str| json!({"_": "textWithEntities", "text": t, "entities": []});
    let answer = |t: &str, o: u8| json!({"_": "pollAnswer", "text": text(t), "option": option(o)});
    let media = json!({"_": "inputMediaPoll", "poll": {
        "_": "poll", "id": "0", "public_voters": true, "question": text("Where?"),
        "answers": [answer("Here", 0), answer("There", 1)], "hash": "0"}});
    let sent = user
        .ok(
            "messages.sendMedia",
            json!({"peer": peer, "media": media, "message": "", "random_id": "77"}),
        )
        .await;
    assert!(sent.to_string().contains("messageMediaPoll"), "{sent}");
    let update = bot.next_update(5).await;
    let poll = &update["message"]["poll"];
    assert_eq!(poll["question"], "Where?");
    assert_eq!(poll["is_anonymous"], false);
    assert_eq!(poll["options"][1]["text"], "There");

    // In a private chat between two people there are no polls.
    let other = server.user("Bo", Some("bo_user")).await;
    drop(other);
    let bo = user.peer("bo_user").await;
    let (_, error) = user
        .err(
            "messages.sendMedia",
            json!({"peer": bo, "media": media, "message": "", "random_id": "78"}),
        )
        .await;
    assert_eq!(error, "MEDIA_INVALID");
}

#[tokio::test]
async fn bad_polls_get_telegrams_errors() {
    let server = TestServer::start().await;
    let bot = server.bot("bad_poll_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = json!(user.id);
    let long_option = "x".repeat(101);
    let many: Vec<String> = (0..13).map(|i| i.to_string()).collect();
    for (params, description) in [
        (
            json!({"options": ["a"]}),
            "Bad Request: POLL_ANSWERS_INVALID",
        ),
        (
            json!({"options": []}),
            "Bad Request: poll must have at least one answer option",
        ),
        (
            json!({"options": many}),
            "Bad Request: poll can't have more than 12 options",
        ),
        (
            json!({"options": ["a", long_option]}),
            "Bad Request: poll options length must not exceed 100",
        ),
        (
            json!({"options": ["a", " "]}),
            "Bad Request: text must be non-empty",
        ),
        (
            json!({"options": "nope"}),
            "Bad Request: can't parse options JSON object",
        ),
        (
            json!({"options": ["a", "b"], "type": "quiz"}),
            "Bad Request: QUIZ_CORRECT_ANSWERS_EMPTY",
        ),
        (
            json!({"options": ["a", "b"], "type": "quiz", "correct_option_id": 5}),
            "Bad Request: QUIZ_CORRECT_ANSWER_INVALID",
        ),
        (
            json!({"options": ["a", "b"], "type": "quiz", "correct_option_ids": [0, 1]}),
            "Bad Request: QUIZ_CORRECT_ANSWERS_TOO_MUCH",
        ),
        (
            json!({"options": ["a", "b"], "type": "vote"}),
            "Bad Request: unsupported poll type specified",
        ),
        (
            json!({"options": ["a", "b"], "open_period": 3}),
            "Bad Request: POLL_CLOSE_PERIOD_INVALID",
        ),
    ] {
        let mut params = params;
        params["chat_id"] = chat.clone();
        params["question"] = json!("Q?");
        // The JSON arrays go as JSON text, as libraries send them.
        if let Some(options) = params.get("options").filter(|o| o.is_array()).cloned() {
            params["options"] = json!(options.to_string());
        }
        if params["options"] == "nope" {
            params["options"] = json!("[nope");
        }
        let (code, got) = bot.err("sendPoll", params.clone()).await;
        assert_eq!((code, got.as_str()), (400, description), "{params}");
    }
    let (_, got) = bot
        .err(
            "sendPoll",
            json!({"chat_id": chat, "question": "x".repeat(301), "options": "[\"a\",\"b\"]"}),
        )
        .await;
    assert_eq!(got, "Bad Request: poll question length must not exceed 300");

    let text = bot
        .ok("sendMessage", json!({"chat_id": chat, "text": "hi"}))
        .await;
    let (_, got) = bot
        .err(
            "stopPoll",
            json!({"chat_id": chat, "message_id": text["message_id"]}),
        )
        .await;
    assert_eq!(got, "Bad Request: message is not a poll");
    let (_, got) = bot
        .err("stopPoll", json!({"chat_id": chat, "message_id": 9999}))
        .await;
    assert_eq!(got, "Bad Request: message with poll to stop not found");
}
