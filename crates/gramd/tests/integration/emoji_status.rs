//! Emoji statuses: a bot changes a user's emoji status only after the user allowed it
//! (`bots.toggleUserEmojiStatusPermission`, what a mini app's `requestEmojiStatusAccess`
//! leads to), with setUserEmojiStatus; the user sees it on themself and clears it with
//! `account.updateEmojiStatus`; getChat shows it to the bot.

use serde_json::json;

use crate::harness::{TestServer, started};

#[tokio::test]
async fn a_bot_sets_the_emoji_status_of_a_user_who_allowed_it() {
    let server = TestServer::start().await;
    let bot = server.bot("status_bot").await;
    let user = started(&server, &bot, "Sia").await;
    let icons = bot.ok("getForumTopicIconStickers", json!({})).await;
    let emoji: i64 = icons[0]["custom_emoji_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let set = |until: i64| {
        json!({"user_id": user.id, "emoji_status_custom_emoji_id": emoji.to_string(),
               "emoji_status_expiration_date": until})
    };
    let until = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .cast_signed()
        + 3600;
    assert_eq!(
        bot.err("setUserEmojiStatus", set(until)).await,
        (400, "Bad Request: USER_PERMISSION_DENIED".into())
    );

    let peer = user.peer("status_bot").await;
    let bot_input = json!({"_": "inputUser", "user_id": peer["user_id"],
                           "access_hash": peer["access_hash"]});
    user.ok(
        "bots.toggleUserEmojiStatusPermission",
        json!({"bot": bot_input, "enabled": true}),
    )
    .await;
    let full = user.ok("users.getFullUser", json!({"id": bot_input})).await;
    assert_eq!(full["full_user"]["bot_can_manage_emoji_status"], true);

    bot.ok("setUserEmojiStatus", set(until)).await;
    let chat = bot.ok("getChat", json!({"chat_id": user.id})).await;
    assert_eq!(
        chat["emoji_status_custom_emoji_id"],
        json!(emoji.to_string())
    );
    assert_eq!(chat["emoji_status_expiration_date"], json!(until));
    let me = user
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(
        me[0]["emoji_status"]["document_id"],
        json!(emoji.to_string())
    );
    assert_eq!(
        bot.err(
            "setUserEmojiStatus",
            json!({"user_id": user.id, "emoji_status_custom_emoji_id": "12345"})
        )
        .await,
        (400, "Bad Request: DOCUMENT_INVALID".into())
    );

    // The user clears it themself, then takes the bot's permission back.
    user.ok(
        "account.updateEmojiStatus",
        json!({"emoji_status": {"_": "emojiStatusEmpty"}}),
    )
    .await;
    let chat = bot.ok("getChat", json!({"chat_id": user.id})).await;
    assert!(chat.get("emoji_status_custom_emoji_id").is_none(), "{chat}");
    user.ok(
        "bots.toggleUserEmojiStatusPermission",
        json!({"bot": bot_input, "enabled": false}),
    )
    .await;
    assert_eq!(
        bot.err("setUserEmojiStatus", set(until)).await,
        (400, "Bad Request: USER_PERMISSION_DENIED".into())
    );
}
