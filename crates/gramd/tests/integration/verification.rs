//! Verification: a verifier bot (made one by the operator) verifies a user and a channel
//! over the Bot API and takes it back; clients see `bot_verification` and the icon; a bot
//! that is no verifier, a custom description it may not give, a basic group and another
//! verifier's mark get Telegram's errors; the owner of a verifier bot does the same with
//! `bots.setCustomVerification`.

use gramd_core::ids::UserId;
use gramd_core::verification::VerifierSettings;
use serde_json::json;

use crate::groups;
use crate::harness::{TestServer, group_with, started};

async fn make_verifier(server: &TestServer, bot: i64, custom: bool) {
    server
        .core
        .set_verifier(
            UserId(bot),
            Some(VerifierSettings {
                company: "Acme".into(),
                icon: 5_000_000_001,
                can_modify_custom_description: custom,
            }),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_verifier_bot_verifies_users_and_channels_and_takes_it_back() {
    let server = TestServer::start().await;
    let bot = server.bot("acme_verify_bot").await;
    let other = server.bot("other_verify_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let (code, description) = bot.err("verifyUser", json!({"user_id": ann.id})).await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: BOT_VERIFIER_FORBIDDEN"),
        "no verifier yet"
    );
    make_verifier(&server, bot.id, false).await;
    make_verifier(&server, other.id, true).await;
    let (_, description) = bot
        .err(
            "verifyUser",
            json!({"user_id": ann.id, "custom_description": "Our CEO"}),
        )
        .await;
    assert_eq!(description, "Bad Request: BOT_VERIFIER_FORBIDDEN");
    let (_, description) = bot.err("verifyUser", json!({"user_id": 777})).await;
    assert_eq!(description, "Bad Request: user not found");
    assert_eq!(
        bot.ok("verifyUser", json!({"user_id": ann.id})).await,
        json!(true)
    );

    let ann_input = json!({"_": "inputUserSelf"});
    let users = ann
        .ok("users.getUsers", json!({"id": [ann_input.clone()]}))
        .await;
    assert_eq!(users[0]["bot_verification_icon"], json!("5000000001"));
    let full = ann
        .ok("users.getFullUser", json!({"id": ann_input.clone()}))
        .await;
    let verification = &full["full_user"]["bot_verification"];
    assert_eq!(verification["bot_id"], json!(bot.id.to_string()));
    assert_eq!(verification["description"]["text"], "Verified by Acme");

    // Another verifier cannot replace the mark, nor take it away.
    let (_, description) = other.err("verifyUser", json!({"user_id": ann.id})).await;
    assert_eq!(description, "Bad Request: BOT_VERIFIER_FORBIDDEN");
    let (_, description) = other
        .err("removeUserVerification", json!({"user_id": ann.id}))
        .await;
    assert_eq!(description, "Bad Request: BOT_VERIFIER_FORBIDDEN");
    bot.ok("removeUserVerification", json!({"user_id": ann.id}))
        .await;
    let full = ann.ok("users.getFullUser", json!({"id": ann_input})).await;
    assert!(full["full_user"].get("bot_verification").is_none());

    // A channel, with the other verifier's custom description; a basic group cannot be.
    let channel = groups::create(&ann, "News", true).await;
    let (_, description) = other
        .err(
            "verifyChat",
            json!({"chat_id": channel.chat_id, "custom_description": "x".repeat(71)}),
        )
        .await;
    assert_eq!(description, "Bad Request: VERIFICATION_DESCRIPTION_INVALID");
    other
        .ok(
            "verifyChat",
            json!({"chat_id": channel.chat_id, "custom_description": "Official news"}),
        )
        .await;
    let full = ann
        .ok(
            "channels.getFullChannel",
            json!({"channel": channel.input()}),
        )
        .await;
    assert_eq!(
        full["full_chat"]["bot_verification"]["description"]["text"],
        "Official news"
    );
    assert_eq!(
        full["chats"][0]["bot_verification_icon"],
        json!("5000000001")
    );
    let group = group_with(&ann, &bot, "acme_verify_bot").await;
    let (_, description) = bot.err("verifyChat", json!({"chat_id": group})).await;
    assert_eq!(description, "Bad Request: PEER_ID_INVALID");
    other
        .ok(
            "removeChatVerification",
            json!({"chat_id": channel.chat_id}),
        )
        .await;
    let full = ann
        .ok(
            "channels.getFullChannel",
            json!({"channel": channel.input()}),
        )
        .await;
    assert!(full["full_chat"].get("bot_verification").is_none());
}

#[tokio::test]
async fn the_owner_of_a_verifier_bot_verifies_over_the_client_api() {
    let server = TestServer::start().await;
    let owner = server.user("Olga", Some("verifier_owner")).await;
    let target = server.user("Tom", Some("verified_tom")).await;
    let (bot, _) = server
        .core
        .create_bot(
            gramd_core::users::NewUser {
                first_name: "Acme".into(),
                last_name: None,
                username: Some("acme_owned_bot".into()),
                phone: None,
                bot: None,
            },
            gramd_core::users::BotInfo {
                owner: Some(UserId(owner.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    make_verifier(&server, bot.id.0, true).await;
    let bot_peer = owner.peer("acme_owned_bot").await;
    let bot_input = json!({"_": "inputUser", "user_id": bot_peer["user_id"],
                           "access_hash": bot_peer["access_hash"]});
    let tom = owner.peer("verified_tom").await;
    let done = owner
        .ok(
            "bots.setCustomVerification",
            json!({"enabled": true, "bot": bot_input, "peer": tom,
                   "custom_description": {"_": "textWithEntities", "text": "Staff",
                                          "entities": []}}),
        )
        .await;
    assert_eq!(done, json!(true));
    let me = target
        .ok("users.getFullUser", json!({"id": {"_": "inputUserSelf"}}))
        .await;
    assert_eq!(
        me["full_user"]["bot_verification"]["description"]["text"],
        "Staff"
    );
    // Someone who does not own the bot cannot use it.
    let their_bot = target.peer("acme_owned_bot").await;
    let their_input = json!({"_": "inputUser", "user_id": their_bot["user_id"],
                             "access_hash": their_bot["access_hash"]});
    let (_, error) = target
        .err(
            "bots.setCustomVerification",
            json!({"enabled": false, "bot": their_input, "peer": {"_": "inputPeerSelf"}}),
        )
        .await;
    assert_eq!(error, "BOT_INVALID");
    let full = owner
        .ok("users.getFullUser", json!({"id": bot_input}))
        .await;
    assert_eq!(
        full["full_user"]["bot_info"]["verifier_settings"]["company"],
        "Acme"
    );
}
