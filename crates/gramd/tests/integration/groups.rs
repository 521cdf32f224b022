//! Setting up groups, supergroups and channels as their owner over the client API, for the
//! administration tests: creating them, inviting and promoting members, and the ids each
//! API names them by.

#![allow(dead_code, unreachable_pub)]

use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, rand_id};

/// A supergroup or channel as its owner created it.
pub struct Channel {
    /// The TL `channel` object.
    pub tl: Value,
    /// Its Bot API `chat_id`.
    pub chat_id: i64,
}

impl Channel {
    /// `inputChannel`.
    pub fn input(&self) -> Value {
        json!({"_": "inputChannel", "channel_id": self.tl["id"],
               "access_hash": self.tl["access_hash"]})
    }

    /// `inputPeerChannel`.
    pub fn peer(&self) -> Value {
        json!({"_": "inputPeerChannel", "channel_id": self.tl["id"],
               "access_hash": self.tl["access_hash"]})
    }
}

/// Creates a supergroup (or with `broadcast`, a channel) owned by `owner`.
pub async fn create(owner: &UserClient, title: &str, broadcast: bool) -> Channel {
    let params = if broadcast {
        json!({"broadcast": true, "title": title, "about": ""})
    } else {
        json!({"megagroup": true, "title": title, "about": ""})
    };
    let tl = owner.ok("channels.createChannel", params).await["chats"][0].clone();
    let id: i64 = tl["id"].as_str().unwrap().parse().unwrap();
    Channel {
        tl,
        chat_id: -1_000_000_000_000 - id,
    }
}

/// The `inputUser` of a username, as `viewer` resolves it.
pub async fn input_user(viewer: &UserClient, username: &str) -> Value {
    let peer = viewer.peer(username).await;
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

/// Adds users (by username) to a supergroup or channel.
pub async fn invite(owner: &UserClient, chat: &Channel, usernames: &[&str]) {
    let mut users = Vec::new();
    for name in usernames {
        users.push(input_user(owner, name).await);
    }
    owner
        .ok(
            "channels.inviteToChannel",
            json!({"channel": chat.input(), "users": users}),
        )
        .await;
}

/// Makes a member an administrator with `rights` (`chatAdminRights` flags by TL name).
pub async fn promote(owner: &UserClient, chat: &Channel, username: &str, rights: Value) {
    let user = input_user(owner, username).await;
    let mut admin_rights = rights;
    admin_rights["_"] = json!("chatAdminRights");
    owner
        .ok(
            "channels.editAdmin",
            json!({"channel": chat.input(), "user_id": user, "admin_rights": admin_rights,
                   "rank": ""}),
        )
        .await;
}

/// Sends a text as `user` to a supergroup or channel; returns its id.
pub async fn post(user: &UserClient, chat: &Channel, text: &str) -> i64 {
    let sent = user
        .ok(
            "messages.sendMessage",
            json!({"peer": chat.peer(), "message": text, "random_id": rand_id()}),
        )
        .await;
    sent["updates"]
        .as_array()
        .and_then(|u| u.iter().find(|u| u["_"] == "updateMessageID"))
        .and_then(|u| u["id"].as_i64())
        .unwrap_or_else(|| panic!("no message id in {sent}"))
}

/// A user's attempt to send a text; the error (code, name) if refused.
pub async fn try_post(user: &UserClient, chat: &Channel, text: &str) -> Option<(u64, String)> {
    let (_, body) = user
        .call(
            "messages.sendMessage",
            json!({"peer": chat.peer(), "message": text, "random_id": rand_id()}),
        )
        .await;
    (body["ok"] == false).then(|| {
        (
            body["error_code"].as_u64().unwrap(),
            body["error_message"].as_str().unwrap().to_owned(),
        )
    })
}

/// The chat as a member sees it (access hashes are per viewer): the member looks up an
/// invite link of the owner's (`messages.checkChatInvite` answers `chatInviteAlready`).
pub async fn seen_by(owner: &UserClient, chat: &Channel, member: &UserClient) -> Channel {
    let link = owner
        .ok("messages.exportChatInvite", json!({"peer": chat.peer()}))
        .await;
    let hash = link["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("https://t.me/+")
        .to_owned();
    let invite = member
        .ok("messages.checkChatInvite", json!({"hash": hash}))
        .await;
    assert_eq!(invite["_"], "chatInviteAlready", "{invite}");
    Channel {
        tl: invite["chat"].clone(),
        chat_id: chat.chat_id,
    }
}

/// A supergroup owned by a new user, with a bot (an ordinary member) and members of the
/// given usernames.
pub struct Scene {
    pub owner: UserClient,
    pub bot: BotClient,
    pub chat: Channel,
    pub members: Vec<UserClient>,
    /// The chat as each member sees it.
    pub seen: Vec<Channel>,
}

/// Sets up a [`Scene`]: `bot_name` joins the supergroup, then `members` (usernames), and
/// the bot's updates so far are drained.
pub async fn scene(server: &TestServer, bot_name: &str, members: &[&str]) -> Scene {
    let owner = server
        .user("Owner", Some(&format!("{bot_name}_owner")))
        .await;
    let bot = server.bot(bot_name).await;
    let chat = create(&owner, "Admins", false).await;
    let mut users = Vec::new();
    for name in members {
        users.push(server.user(name, Some(name)).await);
    }
    let mut names = vec![bot_name];
    names.extend_from_slice(members);
    invite(&owner, &chat, &names).await;
    bot.drain().await;
    let mut seen = Vec::new();
    for user in &users {
        seen.push(seen_by(&owner, &chat, user).await);
    }
    Scene {
        owner,
        bot,
        chat,
        members: users,
        seen,
    }
}

/// The newest `limit` messages of a chat as `user` sees them.
pub async fn history(user: &UserClient, peer: &Value, limit: i32) -> Vec<Value> {
    user.history(peer, limit).await
}

/// The action (`_`) of a service message, or `None` for another message.
pub fn action(message: &Value) -> Option<&str> {
    message["action"]["_"].as_str()
}
