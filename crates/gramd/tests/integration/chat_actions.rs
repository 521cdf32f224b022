//! Chat actions: a bot's `sendChatAction` and `sendMessageDraft`, and a user's
//! `messages.setTyping`, reach the chat's other people as `updateUserTyping` /
//! `updateChatUserTyping` (never replayed); drafts are for private chats only.

use serde_json::{Value, json};

use crate::harness::{TestServer, UserClient, group_with, started};

/// The updates without a pts the user's session has not read yet.
async fn session_updates(user: &UserClient) -> Vec<Value> {
    let state = user.ok("updates.getState", json!({})).await;
    let diff = user
        .ok(
            "updates.getDifference",
            json!({"pts": state["pts"], "date": 0, "qts": 0}),
        )
        .await;
    match diff["_"].as_str() {
        Some("updates.differenceEmpty") => Vec::new(),
        _ => diff["other_updates"].as_array().unwrap().clone(),
    }
}

#[tokio::test]
async fn a_bots_actions_and_drafts_reach_the_user_once() {
    let server = TestServer::start().await;
    let bot = server.bot("typing_bot").await;
    let user = started(&server, &bot, "Tess").await;
    session_updates(&user).await;
    bot.ok(
        "sendChatAction",
        json!({"chat_id": user.id, "action": "upload_photo"}),
    )
    .await;
    bot.ok(
        "sendMessageDraft",
        json!({"chat_id": user.id, "draft_id": 7, "text": "Thinking *hard*",
               "parse_mode": "MarkdownV2"}),
    )
    .await;
    let updates = session_updates(&user).await;
    let bot_id = bot.id.to_string();
    assert_eq!(updates.len(), 2, "{updates:#?}");
    assert_eq!(updates[0]["_"], "updateUserTyping");
    assert_eq!(updates[0]["user_id"], json!(bot_id));
    assert_eq!(updates[0]["action"]["_"], "sendMessageUploadPhotoAction");
    assert_eq!(updates[1]["_"], "updateUserTyping");
    let draft = &updates[1]["action"];
    assert_eq!(draft["_"], "sendMessageTextDraftAction");
    assert_eq!(draft["random_id"], json!("7"));
    assert_eq!(draft["text"]["text"], "Thinking hard");
    assert_eq!(draft["text"]["entities"][0]["_"], "messageEntityBold");
    assert_eq!(
        session_updates(&user).await,
        Vec::<Value>::new(),
        "read once"
    );
}

#[tokio::test]
async fn drafts_are_for_private_chats_and_need_an_id() {
    let server = TestServer::start().await;
    let bot = server.bot("draft_bot").await;
    let user = started(&server, &bot, "Dora").await;
    let chat = group_with(&user, &bot, "draft_bot").await;
    let (code, description) = bot
        .err(
            "sendMessageDraft",
            json!({"chat_id": chat, "draft_id": 1, "text": "x"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: TEXTDRAFT_PEER_INVALID")
    );
    let (code, description) = bot
        .err(
            "sendMessageDraft",
            json!({"chat_id": user.id, "draft_id": 0, "text": "x"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: draft_id must be non-zero")
    );
    let (code, description) = bot
        .err(
            "sendMessageDraft",
            json!({"chat_id": user.id, "draft_id": 1, "text": "x".repeat(4097)}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: message is too long")
    );
    // An empty text is the "Thinking…" placeholder.
    bot.ok(
        "sendMessageDraft",
        json!({"chat_id": user.id, "draft_id": 1, "text": ""}),
    )
    .await;
    let (code, description) = bot
        .err(
            "sendChatAction",
            json!({"chat_id": user.id, "action": "dancing"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: wrong parameter action in request")
    );
}

#[tokio::test]
async fn a_users_typing_in_a_group_reaches_the_other_members_not_the_bot() {
    let server = TestServer::start().await;
    let bot = server.bot("group_typing_bot").await;
    let owner = started(&server, &bot, "Olga").await;
    let chat = group_with(&owner, &bot, "group_typing_bot").await;
    let friend = server.user("Finn", Some("finn_types")).await;
    let friend_peer = owner.peer("finn_types").await;
    let friend_input = json!({"_": "inputUser", "user_id": friend_peer["user_id"],
        "access_hash": friend_peer["access_hash"]});
    owner
        .ok(
            "messages.addChatUser",
            json!({"chat_id": (-chat).to_string(), "user_id": friend_input, "fwd_limit": 0}),
        )
        .await;
    session_updates(&friend).await;
    session_updates(&owner).await;
    bot.drain().await;
    let peer = json!({"_": "inputPeerChat", "chat_id": (-chat).to_string()});
    let typed = owner
        .ok(
            "messages.setTyping",
            json!({"peer": peer, "action": {"_": "sendMessageTypingAction"}}),
        )
        .await;
    assert_eq!(typed, json!(true));
    let updates = session_updates(&friend).await;
    assert_eq!(updates.len(), 1, "{updates:#?}");
    assert_eq!(updates[0]["_"], "updateChatUserTyping");
    assert_eq!(updates[0]["chat_id"], json!((-chat).to_string()));
    assert_eq!(
        updates[0]["from_id"]["user_id"],
        json!(owner.id.to_string())
    );
    assert_eq!(updates[0]["action"]["_"], "sendMessageTypingAction");
    assert_eq!(session_updates(&owner).await, Vec::<Value>::new());
    assert!(bot.drain().await.is_empty(), "bots are not told who types");
    // A user cannot stream drafts.
    let (_, error) = owner
        .err(
            "messages.setTyping",
            json!({"peer": peer, "action": {"_": "sendMessageTextDraftAction",
                "random_id": "1", "text": {"_": "textWithEntities", "text": "x", "entities": []}}}),
        )
        .await;
    assert_eq!(error, "BOT_METHOD_INVALID");
}
