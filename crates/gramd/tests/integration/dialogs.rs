//! `messages.getDialogs`: a person's chats newest first (private chats, basic groups and
//! supergroups or channels they joined), with unread counts, in pages.

use serde_json::{Value, json};

use crate::harness::TestServer;

fn peer_ids(dialogs: &Value) -> Vec<String> {
    dialogs["dialogs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let p = &d["peer"];
            format!(
                "{}:{}",
                p["_"].as_str().unwrap(),
                p["user_id"]
                    .as_str()
                    .or(p["chat_id"].as_str())
                    .or(p["channel_id"].as_str())
                    .unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn the_chat_list_is_newest_first_with_unread_counts() {
    let server = TestServer::start().await;
    let ann = server.user("Ann", Some("list_ann")).await;
    let ben = server.user("Ben", Some("list_ben")).await;
    let cat = server.user("Cat", Some("list_cat")).await;
    let empty = ann
        .ok(
            "messages.getDialogs",
            json!({"offset_date": 0, "offset_id": 0, "offset_peer": {"_": "inputPeerEmpty"},
                   "limit": 20, "hash": "0"}),
        )
        .await;
    assert_eq!(empty["dialogs"], json!([]));

    // Ben writes twice; Ann writes to Cat; Cat adds Ann to a supergroup and posts there.
    let ann_for_ben = ben.peer("list_ann").await;
    ben.send(&ann_for_ben, "one").await;
    ben.send(&ann_for_ben, "two").await;
    let cat_for_ann = ann.peer("list_cat").await;
    ann.send(&cat_for_ann, "hi cat").await;
    let created = cat
        .ok(
            "channels.createChannel",
            json!({"megagroup": true, "title": "Club", "about": ""}),
        )
        .await;
    let club = &created["chats"][0];
    let club_input =
        json!({"_": "inputChannel", "channel_id": club["id"], "access_hash": club["access_hash"]});
    let ann_for_cat = cat.peer("list_ann").await;
    cat.ok(
        "channels.inviteToChannel",
        json!({"channel": club_input, "users": [{"_": "inputUser",
               "user_id": ann_for_cat["user_id"], "access_hash": ann_for_cat["access_hash"]}]}),
    )
    .await;
    let club_peer = json!({"_": "inputPeerChannel", "channel_id": club["id"],
                           "access_hash": club["access_hash"]});
    cat.ok(
        "messages.sendMessage",
        json!({"peer": club_peer, "message": "welcome", "random_id": crate::harness::rand_id()}),
    )
    .await;

    let list = ann
        .ok(
            "messages.getDialogs",
            json!({"offset_date": 0, "offset_id": 0, "offset_peer": {"_": "inputPeerEmpty"},
                   "limit": 20, "hash": "0"}),
        )
        .await;
    assert_eq!(list["_"], "messages.dialogs", "{list}");
    let ids = peer_ids(&list);
    let club_id = format!("peerChannel:{}", club["id"].as_str().unwrap());
    let cat_id = format!("peerUser:{}", cat.id);
    let ben_id = format!("peerUser:{}", ben.id);
    assert_eq!(ids, [club_id.clone(), cat_id, ben_id.clone()], "{list}");
    let ben_dialog = &list["dialogs"][2];
    assert_eq!(ben_dialog["unread_count"], 2);
    assert!(
        list["dialogs"][0]["pts"].as_i64().unwrap() > 0,
        "a channel's pts"
    );
    let top = list["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == ben_dialog["top_message"] && m["message"] == "two");
    assert!(
        top.is_some(),
        "each top message comes with the list: {list}"
    );
    assert!(
        list["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"].as_str() == Some(&ben.id.to_string()))
    );

    // Reading Ben's chat clears its count.
    ann.ok(
        "messages.readHistory",
        json!({"peer": ann.peer("list_ben").await, "max_id": 0}),
    )
    .await;
    // Pages: two, then the rest after the last top message.
    let first = ann
        .ok(
            "messages.getDialogs",
            json!({"offset_date": 0, "offset_id": 0, "offset_peer": {"_": "inputPeerEmpty"},
                   "limit": 2, "hash": "0"}),
        )
        .await;
    assert_eq!(first["_"], "messages.dialogsSlice");
    assert_eq!(first["count"], 3);
    assert_eq!(peer_ids(&first).len(), 2);
    // The offset is the last chat of the page and its top message.
    let last = &first["dialogs"][1];
    let last_top = first["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == last["top_message"] && m["peer_id"] == last["peer"])
        .unwrap();
    let rest = ann
        .ok(
            "messages.getDialogs",
            json!({"offset_date": last_top["date"], "offset_id": last_top["id"],
                   "offset_peer": cat_for_ann, "limit": 2, "hash": "0"}),
        )
        .await;
    assert_eq!(peer_ids(&rest), [ben_id]);
    assert_eq!(rest["dialogs"][0]["unread_count"], 0, "read now");

    // Bots have no chat list.
    let bot = server.bot("list_bot").await;
    let (code, body) = crate::harness::UserClient {
        base: server.base.clone(),
        token: bot.token.clone(),
        id: bot.id,
        http: reqwest::Client::new(),
    }
    .call(
        "messages.getDialogs",
        json!({"offset_date": 0, "offset_id": 0, "offset_peer": {"_": "inputPeerEmpty"},
               "limit": 20, "hash": "0"}),
    )
    .await;
    assert_eq!(
        (code, body["error_message"].as_str()),
        (400, Some("BOT_METHOD_INVALID"))
    );
}
