//! Reactions: people react over the client API (`messages.sendReaction`), bots with
//! setMessageReaction; admin bots that asked hear of it (`message_reaction`, and
//! `message_reaction_count` in channels); a chat's available reactions bind both; admins
//! remove others' reactions; Telegram's errors for what is refused.

use serde_json::{Value, json};

use crate::groups::{create, invite, post, promote, scene, seen_by};
use crate::harness::{BotClient, TestServer, UserClient, started};

fn emoji(e: &str) -> Value {
    json!({"_": "reactionEmoji", "emoticon": e})
}

async fn react(user: &UserClient, peer: &Value, msg_id: i64, emojis: &[&str]) -> Value {
    let reaction: Vec<Value> = emojis.iter().map(|e| emoji(e)).collect();
    user.ok(
        "messages.sendReaction",
        json!({"peer": peer, "msg_id": msg_id, "reaction": reaction}),
    )
    .await
}

async fn react_err(user: &UserClient, peer: &Value, msg_id: i64, emojis: &[&str]) -> String {
    let reaction: Vec<Value> = emojis.iter().map(|e| emoji(e)).collect();
    user.err(
        "messages.sendReaction",
        json!({"peer": peer, "msg_id": msg_id, "reaction": reaction}),
    )
    .await
    .1
}

/// The (emoticon, count, chosen by the viewer) of the one `updateMessageReactions` in
/// `updates`.
fn results(updates: &Value) -> Vec<(String, i64, bool)> {
    let update = updates["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageReactions")
        .unwrap_or_else(|| panic!("no updateMessageReactions in {updates}"));
    counts(&update["reactions"])
}

fn counts(reactions: &Value) -> Vec<(String, i64, bool)> {
    reactions["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["reaction"]["emoticon"].as_str().unwrap().to_owned(),
                r["count"].as_i64().unwrap(),
                r.get("chosen_order").is_some_and(|c| !c.is_null()),
            )
        })
        .collect()
}

async fn bot_reacts(bot: &BotClient, chat: i64, message_id: i64, reaction: Value) -> Value {
    bot.call(
        "setMessageReaction",
        json!({"chat_id": chat, "message_id": message_id, "reaction": reaction}),
    )
    .await
}

/// The error of the bot reacting with one emoji.
async fn bot_emoji_error(bot: &BotClient, chat: i64, message_id: i64, e: &str) -> String {
    let reaction = json!([{"type": "emoji", "emoji": e}]);
    description(&bot_reacts(bot, chat, message_id, reaction).await).to_owned()
}

/// The `updateMessageReactions` `user`'s sessions were pushed since `pts` (through
/// `updates.getDifference`).
async fn pushed_reactions(user: &UserClient, pts: &Value) -> Value {
    let diff = user
        .ok(
            "updates.getDifference",
            json!({"pts": pts, "date": 0, "qts": 0}),
        )
        .await;
    diff["other_updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageReactions")
        .unwrap_or_else(|| panic!("no updateMessageReactions in {diff}"))
        .clone()
}

/// Sets a chat's available reactions as its owner.
async fn set_available(owner: &UserClient, peer: Value, available: Value) {
    owner
        .ok(
            "messages.setChatAvailableReactions",
            json!({"peer": peer, "available_reactions": available}),
        )
        .await;
}

fn description(body: &Value) -> &str {
    body["description"].as_str().unwrap_or("")
}

async fn listen(bot: &BotClient, kinds: &[&str]) {
    bot.ok(
        "getUpdates",
        json!({"timeout": 0, "allowed_updates": kinds}),
    )
    .await;
}

#[tokio::test]
async fn supergroup_reactions_reach_admin_bots_that_asked() {
    let server = TestServer::start().await;
    let s = scene(&server, "react_bot", &["rita_member"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let rita = &s.members[0];
    let rita_peer = s.seen[0].peer();
    let msg_id = post(&s.owner, &s.chat, "react to me").await;
    listen(bot, &["message", "message_reaction"]).await;
    bot.drain().await;

    // Not an administrator yet: the bot hears nothing.
    let reacted = react(rita, &rita_peer, msg_id, &["👍"]).await;
    assert_eq!(results(&reacted), [("👍".to_owned(), 1, true)]);
    assert!(bot.drain().await.is_empty());

    promote(
        &s.owner,
        &s.chat,
        "react_bot",
        json!({"delete_messages": true}),
    )
    .await;
    bot.drain().await;
    let reacted = react(rita, &rita_peer, msg_id, &["🔥"]).await;
    assert_eq!(results(&reacted), [("🔥".to_owned(), 1, true)]);
    let updates = bot.drain().await;
    assert_eq!(updates.len(), 1, "{updates:?}");
    let change = &updates[0]["message_reaction"];
    assert_eq!(change["chat"]["id"], chat);
    assert_eq!(change["message_id"], msg_id);
    assert_eq!(change["user"]["id"], rita.id);
    assert_eq!(
        change["old_reaction"],
        json!([{"type": "emoji", "emoji": "👍"}])
    );
    assert_eq!(
        change["new_reaction"],
        json!([{"type": "emoji", "emoji": "🔥"}])
    );

    // The same choice again changes nothing.
    react(rita, &rita_peer, msg_id, &["🔥"]).await;
    assert!(bot.drain().await.is_empty());

    // The bot reacts: one reaction, a standard emoji, an existing message.
    let ok = bot_reacts(bot, chat, msg_id, json!([{"type": "emoji", "emoji": "❤"}])).await;
    assert_eq!(ok["result"], true, "{ok}");
    assert!(
        bot.drain().await.is_empty(),
        "no update for a bot's reaction"
    );
    let two = json!([{"type": "emoji", "emoji": "👍"}, {"type": "emoji", "emoji": "🔥"}]);
    assert_eq!(
        description(&bot_reacts(bot, chat, msg_id, two).await),
        "Bad Request: REACTIONS_TOO_MANY"
    );
    assert_eq!(
        bot_emoji_error(bot, chat, msg_id, "❤️").await,
        "Bad Request: REACTION_INVALID"
    );
    let custom = json!([{"type": "custom_emoji", "custom_emoji_id": "5368324170671202286"}]);
    assert_eq!(
        description(&bot_reacts(bot, chat, msg_id, custom).await),
        "Bad Request: REACTION_INVALID"
    );
    assert_eq!(
        bot_emoji_error(bot, chat, 99_999, "❤").await,
        "Bad Request: message to react not found"
    );
    assert_eq!(
        description(&bot_reacts(bot, chat, msg_id, json!("[{")).await),
        "Bad Request: can't parse reaction types JSON object"
    );
    assert_eq!(
        description(&bot_reacts(bot, chat, msg_id, json!([{"type": "paid"}])).await),
        "Bad Request: can't parse ReactionType: invalid reaction type specified"
    );
    assert_eq!(
        description(&bot_reacts(bot, chat, msg_id, json!([{"emoji": "❤"}])).await),
        "Bad Request: can't parse ReactionType: Can't find field \"type\""
    );

    // Everybody sees both reactions, each their own chosen, and who chose them.
    let seen = rita
        .ok(
            "messages.getMessagesReactions",
            json!({"peer": rita_peer, "id": [msg_id]}),
        )
        .await;
    let mut seen = results(&seen);
    seen.sort();
    assert_eq!(
        seen,
        [("❤".to_owned(), 1, false), ("🔥".to_owned(), 1, true)]
    );
    let history = rita.history(&rita_peer, 5).await;
    let shown = history.iter().find(|m| m["id"] == msg_id).unwrap();
    assert_eq!(shown["reactions"]["can_see_list"], true);
    assert_eq!(
        shown["reactions"]["recent_reactions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let list = rita
        .ok(
            "messages.getMessageReactionsList",
            json!({"peer": rita_peer, "id": msg_id, "limit": 1}),
        )
        .await;
    assert_eq!(list["count"], 2);
    assert_eq!(
        list["reactions"][0]["peer_id"]["user_id"],
        bot.id.to_string()
    );
    assert_eq!(list["next_offset"], "1");
    let rest = rita
        .ok(
            "messages.getMessageReactionsList",
            json!({"peer": rita_peer, "id": msg_id, "limit": 5, "offset": "1"}),
        )
        .await;
    assert_eq!(
        rest["reactions"][0]["peer_id"]["user_id"],
        rita.id.to_string()
    );
    assert!(rest.get("next_offset").is_none_or(Value::is_null), "{rest}");

    // Removing one's reaction tells the bot too.
    react(rita, &rita_peer, msg_id, &[]).await;
    let updates = bot.drain().await;
    assert_eq!(updates[0]["message_reaction"]["new_reaction"], json!([]));
    react(rita, &rita_peer, msg_id, &["🔥"]).await;
    bot.drain().await;

    // An administrator with the right to delete messages removes a member's reaction.
    let removed = bot
        .ok(
            "deleteMessageReaction",
            json!({"chat_id": chat, "message_id": msg_id, "user_id": rita.id}),
        )
        .await;
    assert_eq!(removed, true);
    let seen = rita
        .ok(
            "messages.getMessagesReactions",
            json!({"peer": rita_peer, "id": [msg_id]}),
        )
        .await;
    assert_eq!(results(&seen), [("❤".to_owned(), 1, false)]);
    let second = post(&s.owner, &s.chat, "again").await;
    react(rita, &rita_peer, msg_id, &["👍"]).await;
    react(rita, &rita_peer, second, &["👍"]).await;
    assert_eq!(
        bot.ok(
            "deleteAllMessageReactions",
            json!({"chat_id": chat, "user_id": rita.id}),
        )
        .await,
        true
    );
    let seen = rita
        .ok(
            "messages.getMessagesReactions",
            json!({"peer": rita_peer, "id": [msg_id, second]}),
        )
        .await;
    let all: Vec<Value> = seen["updates"].as_array().unwrap().clone();
    assert_eq!(all.len(), 2);
    assert_eq!(counts(&all[0]["reactions"]), [("❤".to_owned(), 1, false)]);
    assert!(counts(&all[1]["reactions"]).is_empty());
}

#[tokio::test]
async fn available_reactions_bind_members_and_bots() {
    let server = TestServer::start().await;
    let s = scene(&server, "avail_bot", &["vic_member"]).await;
    let (bot, chat) = (&s.bot, s.chat.chat_id);
    let vic = &s.members[0];
    let vic_peer = s.seen[0].peer();
    let msg_id = post(&s.owner, &s.chat, "pick one").await;

    // A new chat allows every standard reaction: getChat leaves the field out.
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert!(info.get("available_reactions").is_none(), "{info}");

    // Only administrators who may change the chat's info choose them.
    let only_fire = json!({"peer": vic_peer,
        "available_reactions": {"_": "chatReactionsSome", "reactions": [emoji("🔥")]}});
    assert_eq!(
        vic.err("messages.setChatAvailableReactions", only_fire)
            .await,
        (400, "CHAT_ADMIN_REQUIRED".to_owned())
    );
    let some = json!({"_": "chatReactionsSome", "reactions": [emoji("🔥")]});
    set_available(&s.owner, s.chat.peer(), some).await;
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert_eq!(
        info["available_reactions"],
        json!([{"type": "emoji", "emoji": "🔥"}])
    );
    let full = vic
        .ok(
            "channels.getFullChannel",
            json!({"channel": s.seen[0].input()}),
        )
        .await;
    assert_eq!(
        full["full_chat"]["available_reactions"],
        json!({"_": "chatReactionsSome", "reactions": [emoji("🔥")]})
    );

    assert_eq!(
        react_err(vic, &vic_peer, msg_id, &["👍"]).await,
        "REACTION_INVALID"
    );
    react(vic, &vic_peer, msg_id, &["🔥"]).await;
    assert_eq!(
        react_err(vic, &vic_peer, msg_id, &["🔥", "👍"]).await,
        "REACTION_INVALID"
    );
    assert_eq!(
        bot_emoji_error(bot, chat, msg_id, "👍").await,
        "Bad Request: REACTION_INVALID"
    );

    // Turned off: none at all; getChat shows an empty list.
    set_available(&s.owner, s.chat.peer(), json!({"_": "chatReactionsNone"})).await;
    let info = bot.ok("getChat", json!({"chat_id": chat})).await;
    assert_eq!(info["available_reactions"], json!([]));
    assert_eq!(
        bot_emoji_error(bot, chat, msg_id, "🔥").await,
        "Bad Request: REACTION_INVALID"
    );

    // Members without the permission to react may not; the owner still may.
    set_available(&s.owner, s.chat.peer(), json!({"_": "chatReactionsAll"})).await;
    s.owner
        .ok(
            "messages.editChatDefaultBannedRights",
            json!({"peer": s.chat.peer(), "banned_rights": {"_": "chatBannedRights",
                   "send_reactions": true, "until_date": 0}}),
        )
        .await;
    assert_eq!(
        vic.err(
            "messages.sendReaction",
            json!({"peer": vic_peer, "msg_id": msg_id, "reaction": [emoji("👍")]}),
        )
        .await,
        (403, "CHAT_WRITE_FORBIDDEN".to_owned())
    );
    assert_eq!(
        bot_emoji_error(bot, chat, msg_id, "👍").await,
        "Forbidden: CHAT_WRITE_FORBIDDEN"
    );
    react(&s.owner, &s.chat.peer(), msg_id, &["👍"]).await;

    // A bot that is no administrator may not remove others' reactions.
    assert_eq!(
        bot.err(
            "deleteMessageReaction",
            json!({"chat_id": chat, "message_id": msg_id, "user_id": vic.id}),
        )
        .await,
        (400, "Bad Request: CHAT_ADMIN_REQUIRED".to_owned())
    );

    // The standard list, and the hash that says it did not change.
    let listed = vic
        .ok("messages.getAvailableReactions", json!({"hash": 0}))
        .await;
    let reactions = listed["reactions"].as_array().unwrap();
    assert_eq!(reactions.len(), 73);
    assert_eq!(reactions[0]["reaction"], "❤");
    let again = vic
        .ok(
            "messages.getAvailableReactions",
            json!({"hash": listed["hash"]}),
        )
        .await;
    assert_eq!(again["_"], "messages.availableReactionsNotModified");
}

#[tokio::test]
async fn private_chat_reactions_and_anonymous_channel_counts() {
    let server = TestServer::start().await;
    let bot = server.bot("dm_react_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let bot_peer = ann.peer("dm_react_bot").await;
    listen(
        &bot,
        &["message", "message_reaction", "message_reaction_count"],
    )
    .await;
    let sent = bot
        .ok("sendMessage", json!({"chat_id": ann.id, "text": "rate me"}))
        .await;
    let bot_msg = sent["message_id"].as_i64().unwrap();
    let seen = ann.wait_for(&bot_peer, |m| m["message"] == "rate me").await;
    let ann_msg = seen["id"].as_i64().unwrap();

    // A person's reaction in the bot's private chat reaches the bot, with its own id.
    react(&ann, &bot_peer, ann_msg, &["👍"]).await;
    let update = bot.next_update(5).await;
    let change = &update["message_reaction"];
    assert_eq!(change["chat"]["id"], ann.id);
    assert_eq!(change["chat"]["type"], "private");
    assert_eq!(change["message_id"], bot_msg);
    assert_eq!(
        change["new_reaction"],
        json!([{"type": "emoji", "emoji": "👍"}])
    );

    // The bot reacts to the person's message; the person sees it.
    let from_ann = ann.send(&bot_peer, "hello").await;
    let incoming = bot.drain().await;
    let bot_copy = incoming
        .iter()
        .find_map(|u| u["message"]["message_id"].as_i64())
        .unwrap();
    let pts = ann.ok("updates.getState", json!({})).await["pts"].clone();
    let ok = bot_reacts(
        &bot,
        ann.id,
        bot_copy,
        json!([{"type": "emoji", "emoji": "🎉"}]),
    )
    .await;
    assert_eq!(ok["result"], true, "{ok}");
    // Ann's sessions hear of it (updateMessageReactions, without a pts).
    let pushed = pushed_reactions(&ann, &pts).await;
    assert_eq!(pushed["msg_id"], from_ann);
    assert_eq!(pushed["peer"]["user_id"], bot.id.to_string());
    assert_eq!(counts(&pushed["reactions"]), [("🎉".to_owned(), 1, false)]);
    let seen = ann
        .ok(
            "messages.getMessagesReactions",
            json!({"peer": bot_peer, "id": [from_ann]}),
        )
        .await;
    assert_eq!(results(&seen), [("🎉".to_owned(), 1, false)]);

    // A broadcast channel: reactions are anonymous; admin bots get counts.
    let owner = server.user("Chan", Some("chan_owner")).await;
    let viewer = server.user("Val", Some("val_viewer")).await;
    let channel = create(&owner, "News", true).await;
    invite(&owner, &channel, &["dm_react_bot", "val_viewer"]).await;
    promote(
        &owner,
        &channel,
        "dm_react_bot",
        json!({"post_messages": true}),
    )
    .await;
    bot.drain().await;
    let post_id = post(&owner, &channel, "news!").await;
    bot.drain().await;
    let val_channel = seen_by(&owner, &channel, &viewer).await;
    let reacted = react(&viewer, &val_channel.peer(), post_id, &["🔥"]).await;
    assert_eq!(results(&reacted), [("🔥".to_owned(), 1, true)]);
    let update = bot.next_update(5).await;
    let counted = &update["message_reaction_count"];
    assert_eq!(counted["chat"]["id"], channel.chat_id);
    assert_eq!(counted["message_id"], post_id);
    assert_eq!(
        counted["reactions"],
        json!([{"type": {"type": "emoji", "emoji": "🔥"}, "total_count": 1}])
    );
    let update = reacted["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updateMessageReactions")
        .unwrap()
        .clone();
    assert_eq!(update["reactions"]["can_see_list"], json!(null));
    assert!(update["reactions"]["recent_reactions"].is_null());
    assert_eq!(
        viewer
            .err(
                "messages.getMessageReactionsList",
                json!({"peer": val_channel.peer(), "id": post_id, "limit": 10}),
            )
            .await,
        (400, "BROADCAST_FORBIDDEN".to_owned())
    );
}

/// In a basic group every member holds a copy of a message under its own id: a member's
/// reaction reaches the administrator bot with the bot's id, and the author's sessions with
/// the author's.
#[tokio::test]
async fn basic_group_reactions_name_each_members_copy() {
    let server = TestServer::start().await;
    let bot = server.bot("basic_react_bot").await;
    let owner = server.user("Owner", Some("basic_react_owner")).await;
    let mia = server.user("Mia", Some("basic_react_mia")).await;
    // Private messages first, so that the three boxes number the group's messages apart.
    let to_mia = owner.peer("basic_react_mia").await;
    for text in ["a", "b", "c"] {
        owner.send(&to_mia, text).await;
    }
    let to_bot = mia.peer("basic_react_bot").await;
    for text in ["/start", "hi"] {
        mia.send(&to_bot, text).await;
    }
    let users = vec![
        crate::groups::input_user(&owner, "basic_react_bot").await,
        crate::groups::input_user(&owner, "basic_react_mia").await,
    ];
    let created = owner
        .ok(
            "messages.createChat",
            json!({"users": users, "title": "Basic"}),
        )
        .await;
    let group_id: i64 = created["updates"]["chats"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let peer = json!({"_": "inputPeerChat", "chat_id": group_id.to_string()});
    owner
        .ok(
            "messages.editChatAdmin",
            json!({"chat_id": group_id.to_string(),
                   "user_id": crate::groups::input_user(&owner, "basic_react_bot").await,
                   "is_admin": true}),
        )
        .await;
    listen(&bot, &["message", "message_reaction"]).await;
    bot.drain().await;
    // Ids differ per box: the owner's copy comes after more of the owner's own messages.
    owner.send(&peer, "padding").await;
    let owner_msg = owner.send(&peer, "react here").await;
    let bot_msg = bot
        .drain()
        .await
        .iter()
        .filter_map(|u| u["message"]["message_id"].as_i64())
        .max()
        .unwrap();
    let mia_msg = mia.wait_for(&peer, |m| m["message"] == "react here").await["id"]
        .as_i64()
        .unwrap();
    assert!(
        owner_msg != bot_msg && owner_msg != mia_msg && bot_msg != mia_msg,
        "{owner_msg} {bot_msg} {mia_msg}"
    );
    let pts = owner.ok("updates.getState", json!({})).await["pts"].clone();

    react(&mia, &peer, mia_msg, &["👏"]).await;
    let update = bot.next_update(5).await;
    let change = &update["message_reaction"];
    assert_eq!(change["chat"]["id"], -group_id);
    assert_eq!(change["message_id"], bot_msg);
    assert_eq!(change["user"]["id"], mia.id);
    let pushed = pushed_reactions(&owner, &pts).await;
    assert_eq!(pushed["msg_id"], owner_msg);
    assert_eq!(pushed["peer"]["chat_id"], group_id.to_string());
    let mine = owner.history(&peer, 1).await;
    assert_eq!(counts(&mine[0]["reactions"]), [("👏".to_owned(), 1, false)]);
}

/// A reaction to any message of an album goes to the album's first message, as the Bot
/// API documents for `setMessageReaction`.
#[tokio::test]
async fn album_reactions_go_to_the_first_message() {
    use crate::media::{multipart, picture};
    use image::ImageFormat;

    let server = TestServer::start().await;
    let bot = server.bot("album_react_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    listen(&bot, &["message", "message_reaction"]).await;
    let media = json!([
        {"type": "photo", "media": "attach://one"},
        {"type": "photo", "media": "attach://two"},
    ])
    .to_string();
    let files = [
        (
            "one",
            "1.png",
            "image/png",
            picture(20, 20, ImageFormat::Png),
        ),
        (
            "two",
            "2.png",
            "image/png",
            picture(30, 20, ImageFormat::Png),
        ),
    ];
    let chat = ann.id.to_string();
    let sent = multipart(
        &bot,
        "sendMediaGroup",
        &[("chat_id", &chat), ("media", &media)],
        &files,
    )
    .await
    .json();
    let first = sent["result"][0]["message_id"].as_i64().unwrap();
    let second = sent["result"][1]["message_id"].as_i64().unwrap();
    assert_eq!(second, first + 1);

    // The bot reacts to the second; the first holds the reaction.
    let ok = bot_reacts(
        &bot,
        ann.id,
        second,
        json!([{"type": "emoji", "emoji": "🔥"}]),
    )
    .await;
    assert_eq!(ok["result"], true, "{ok}");
    let peer = ann.peer("album_react_bot").await;
    let history = ann.history(&peer, 2).await;
    let (ann_second, ann_first) = (
        history[0]["id"].as_i64().unwrap(),
        history[1]["id"].as_i64().unwrap(),
    );
    assert_eq!(
        counts(&history[1]["reactions"]),
        [("🔥".to_owned(), 1, false)]
    );
    assert!(history[0].get("reactions").is_none_or(Value::is_null));

    // Ann reacts to her copy of the second; the bot hears of its first.
    react(&ann, &peer, ann_second, &["👍"]).await;
    let update = bot.next_update(5).await;
    assert_eq!(update["message_reaction"]["message_id"], first);
    let seen = ann
        .ok(
            "messages.getMessagesReactions",
            json!({"peer": peer, "id": [ann_first]}),
        )
        .await;
    let mut all = results(&seen);
    all.sort();
    assert_eq!(
        all,
        [("👍".to_owned(), 1, true), ("🔥".to_owned(), 1, false)]
    );
}
