//! People's profiles: a person changes their names, bio and username over the client API
//! (`account.updateProfile`, `account.updateUsername`, `account.checkUsername`), and so
//! does their business bot over the Bot API (`setBusinessAccountName`, `…Bio`,
//! `…Username`) when the connection grants the right; bots see the bio in `getChat`.

use serde_json::json;

use crate::business::{business_bot, input_user};
use crate::harness::TestServer;

#[tokio::test]
async fn a_person_changes_names_bio_and_username() {
    let server = TestServer::start().await;
    let ann = server.user("Ann", Some("ann_before")).await;
    let other = server.user("Olaf", Some("olaf_has_it")).await;
    let user = ann
        .ok(
            "account.updateProfile",
            json!({"first_name": "Anna", "about": "Tests things."}),
        )
        .await;
    assert_eq!(user["first_name"], "Anna");
    let ann_peer = other.peer("ann_before").await;
    let full = other
        .ok(
            "users.getFullUser",
            json!({"id": {"_": "inputUser", "user_id": ann_peer["user_id"],
                          "access_hash": ann_peer["access_hash"]}}),
        )
        .await;
    assert_eq!(full["full_user"]["about"], "Tests things.");
    for (name, error) in [
        ("", "FIRSTNAME_INVALID"),
        (&"x".repeat(65), "FIRSTNAME_INVALID"),
    ] {
        let (_, got) = ann
            .err("account.updateProfile", json!({"first_name": name}))
            .await;
        assert_eq!(got, error, "{name:?}");
    }
    let (_, got) = ann
        .err("account.updateProfile", json!({"about": "y".repeat(141)}))
        .await;
    assert_eq!(got, "ABOUT_TOO_LONG");

    let free = ann
        .ok("account.checkUsername", json!({"username": "ann_after"}))
        .await;
    assert_eq!(free, json!(true));
    let taken = ann
        .ok("account.checkUsername", json!({"username": "OLAF_has_it"}))
        .await;
    assert_eq!(taken, json!(false));
    let (_, got) = ann
        .err("account.checkUsername", json!({"username": "a"}))
        .await;
    assert_eq!(got, "USERNAME_INVALID");
    let user = ann
        .ok("account.updateUsername", json!({"username": "ann_after"}))
        .await;
    assert_eq!(user["username"], "ann_after");
    let (_, got) = ann
        .err(
            "contacts.resolveUsername",
            json!({"username": "ann_before"}),
        )
        .await;
    assert_eq!(got, "USERNAME_NOT_OCCUPIED", "the old name is free");
    let resolved = other
        .ok("contacts.resolveUsername", json!({"username": "ann_after"}))
        .await;
    assert_eq!(resolved["peer"]["user_id"], ann_peer["user_id"]);
    for (name, error) in [
        ("ann_after", "USERNAME_NOT_MODIFIED"),
        ("olaf_has_it", "USERNAME_OCCUPIED"),
        ("9lives", "USERNAME_INVALID"),
    ] {
        let (_, got) = ann
            .err("account.updateUsername", json!({"username": name}))
            .await;
        assert_eq!(got, error, "{name}");
    }
    let user = ann
        .ok("account.updateUsername", json!({"username": ""}))
        .await;
    assert!(user.get("username").is_none_or(serde_json::Value::is_null));
}

#[tokio::test]
async fn a_business_bot_edits_the_account_with_the_rights_it_was_given() {
    let server = TestServer::start().await;
    let (bot, _) = business_bot(&server, "profile_desk_bot").await;
    let owner = server.user("Owner", Some("desk_owner")).await;
    server.user("Other", Some("name_in_use")).await;
    let bot_input = input_user(&owner, "profile_desk_bot").await;
    // The owner has a private chat with the bot, so that the bot sees them in getChat.
    let bot_peer = owner.peer("profile_desk_bot").await;
    owner.send(&bot_peer, "/start").await;
    bot.drain().await;
    let recipients = json!({"_": "inputBusinessBotRecipients", "existing_chats": true,
                            "new_chats": true, "non_contacts": true});
    owner
        .ok(
            "account.updateConnectedBot",
            json!({"bot": bot_input, "recipients": recipients,
                   "rights": {"_": "businessBotRights", "reply": true, "edit_name": true}}),
        )
        .await;
    let update = bot.next_update(5).await;
    let connection = update["business_connection"]["id"].clone();

    bot.ok(
        "setBusinessAccountName",
        json!({"business_connection_id": connection, "first_name": "Shop",
               "last_name": "Keeper"}),
    )
    .await;
    // The bot sees the account as it is now.
    let chat = bot.ok("getChat", json!({"chat_id": owner.id})).await;
    assert_eq!(
        (chat["first_name"].as_str(), chat["last_name"].as_str()),
        (Some("Shop"), Some("Keeper"))
    );
    for (method, params) in [
        ("setBusinessAccountBio", json!({"bio": "Open 9 to 5"})),
        (
            "setBusinessAccountUsername",
            json!({"username": "shop_keeper"}),
        ),
    ] {
        let mut params = params;
        params["business_connection_id"] = connection.clone();
        let (code, description) = bot.err(method, params).await;
        assert_eq!(
            (code, description.as_str()),
            (400, "Bad Request: BOT_ACCESS_FORBIDDEN"),
            "{method} without the right"
        );
    }
    let (code, description) = bot
        .err(
            "setBusinessAccountName",
            json!({"business_connection_id": "nope", "first_name": "X"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: BUSINESS_CONNECTION_INVALID")
    );

    owner
        .ok(
            "account.updateConnectedBot",
            json!({"bot": bot_input, "recipients": recipients,
                   "rights": {"_": "businessBotRights", "edit_bio": true,
                              "edit_username": true}}),
        )
        .await;
    bot.drain().await;
    bot.ok(
        "setBusinessAccountBio",
        json!({"business_connection_id": connection, "bio": "Open 9 to 5"}),
    )
    .await;
    bot.ok(
        "setBusinessAccountUsername",
        json!({"business_connection_id": connection, "username": "shop_keeper"}),
    )
    .await;
    // The same name again is no error.
    bot.ok(
        "setBusinessAccountUsername",
        json!({"business_connection_id": connection, "username": "shop_keeper"}),
    )
    .await;
    let (code, description) = bot
        .err(
            "setBusinessAccountUsername",
            json!({"business_connection_id": connection, "username": "name_in_use"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: USERNAME_OCCUPIED")
    );
    let chat = bot.ok("getChat", json!({"chat_id": owner.id})).await;
    assert_eq!(chat["bio"], "Open 9 to 5");
    assert_eq!(chat["username"], "shop_keeper");
    let me = owner
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(me[0]["username"], "shop_keeper");
}
