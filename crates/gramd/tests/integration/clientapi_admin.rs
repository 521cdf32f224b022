//! Chat administration over the client API: `channels.editBanned` and `channels.editAdmin`
//! with Telegram's errors, `channels.getParticipant`, and a basic group's title, about,
//! permissions and pins as members see them in `updates.getDifference`.

use serde_json::{Value, json};

use crate::groups::{create, input_user, invite, promote, seen_by, try_post};
use crate::harness::{TestServer, UserClient, rand_id};

fn banned(flags: Value) -> Value {
    let mut rights = flags;
    rights["_"] = json!("chatBannedRights");
    if rights.get("until_date").is_none() {
        rights["until_date"] = json!(0);
    }
    rights
}

async fn edit_banned(
    actor: &UserClient,
    channel: &Value,
    target: &str,
    rights: Value,
) -> Result<Value, (u64, String)> {
    let user = input_user(actor, target).await;
    let participant = json!({"_": "inputPeerUser", "user_id": user["user_id"],
                             "access_hash": user["access_hash"]});
    let (_, body) = actor
        .call(
            "channels.editBanned",
            json!({"channel": channel, "participant": participant,
                   "banned_rights": banned(rights)}),
        )
        .await;
    if body["ok"] == true {
        Ok(body["result"].clone())
    } else {
        Err((
            body["error_code"].as_u64().unwrap(),
            body["error_message"].as_str().unwrap().to_owned(),
        ))
    }
}

async fn participant(viewer: &UserClient, channel: &Value, target: &str) -> Value {
    let user = input_user(viewer, target).await;
    viewer
        .ok(
            "channels.getParticipant",
            json!({"channel": channel, "participant": {"_": "inputPeerUser",
                   "user_id": user["user_id"], "access_hash": user["access_hash"]}}),
        )
        .await["participant"]
        .clone()
}

#[tokio::test]
async fn bans_restrictions_and_promotions_over_the_client_api() {
    let server = TestServer::start().await;
    let owner = server.user("Owner", Some("owner_tl")).await;
    let bea = server.user("Bea", Some("bea_member")).await;
    let cid = server.user("Cid", Some("cid_admin")).await;
    server.user("Dan", Some("dan_admin")).await;
    let chat = create(&owner, "Moderated", false).await;
    invite(&owner, &chat, &["bea_member", "cid_admin", "dan_admin"]).await;
    promote(&owner, &chat, "cid_admin", json!({"ban_users": true})).await;
    promote(&owner, &chat, "dan_admin", json!({"invite_users": true})).await;
    let (bea_view, cid_view) = (
        seen_by(&owner, &chat, &bea).await,
        seen_by(&owner, &chat, &cid).await,
    );
    assert_eq!(
        bea_view.tl["default_banned_rights"]["_"], "chatBannedRights",
        "{}",
        bea_view.tl
    );
    assert_eq!(cid_view.tl["admin_rights"]["ban_users"], true);

    // Who may not ban whom.
    assert_eq!(
        edit_banned(
            &cid,
            &cid_view.input(),
            "owner_tl",
            json!({"view_messages": true})
        )
        .await,
        Err((400, "USER_CREATOR".into()))
    );
    assert_eq!(
        edit_banned(
            &bea,
            &bea_view.input(),
            "cid_admin",
            json!({"view_messages": true})
        )
        .await,
        Err((400, "CHAT_ADMIN_REQUIRED".into()))
    );
    assert_eq!(
        edit_banned(
            &cid,
            &cid_view.input(),
            "dan_admin",
            json!({"view_messages": true})
        )
        .await,
        Err((400, "USER_ADMIN_INVALID".into()))
    );

    // A restriction: Bea may not send text, and sees herself restricted.
    edit_banned(
        &cid,
        &cid_view.input(),
        "bea_member",
        json!({"send_plain": true}),
    )
    .await
    .unwrap();
    let seen = participant(&owner, &chat.input(), "bea_member").await;
    assert_eq!(seen["_"], "channelParticipantBanned");
    assert_eq!(seen["banned_rights"]["send_plain"], true);
    assert!(
        seen["banned_rights"].get("view_messages").is_none(),
        "{seen}"
    );
    assert!(seen.get("left").is_none(), "{seen}");
    assert_eq!(seen["kicked_by"], cid.id.to_string());
    assert_eq!(
        try_post(&bea, &bea_view, "hi").await,
        Some((403, "CHAT_SEND_PLAIN_FORBIDDEN".into()))
    );
    let own = bea
        .ok(
            "channels.getParticipant",
            json!({"channel": bea_view.input(), "participant": {"_": "inputPeerSelf"}}),
        )
        .await;
    assert_eq!(own["participant"]["_"], "channelParticipantBanned");
    // No banned right lifts it.
    edit_banned(&cid, &cid_view.input(), "bea_member", json!({}))
        .await
        .unwrap();
    let seen = participant(&owner, &chat.input(), "bea_member").await;
    assert_eq!(seen["_"], "channelParticipant");
    assert_eq!(try_post(&bea, &bea_view, "hi").await, None);

    // A ban: Bea is out.
    edit_banned(
        &owner,
        &chat.input(),
        "bea_member",
        json!({"view_messages": true}),
    )
    .await
    .unwrap();
    let seen = participant(&owner, &chat.input(), "bea_member").await;
    assert_eq!(seen["_"], "channelParticipantBanned");
    assert_eq!(seen["left"], true);
    assert_eq!(seen["banned_rights"]["view_messages"], true);
    assert_eq!(
        try_post(&bea, &bea_view, "hi").await,
        Some((403, "USER_BANNED_IN_CHANNEL".into()))
    );
    let history = owner.history(&chat.peer(), 3).await;
    assert_eq!(history[0]["action"]["_"], "messageActionChatDeleteUser");

    // Promotions: only rights the promoter holds; admins of others are out of reach.
    let (_, denied) = cid
        .call(
            "channels.editAdmin",
            json!({"channel": cid_view.input(), "user_id": input_user(&cid, "dan_admin").await,
                   "admin_rights": {"_": "chatAdminRights"}, "rank": ""}),
        )
        .await;
    assert_eq!(denied["error_message"], "CHAT_ADMIN_REQUIRED");
    promote(
        &owner,
        &chat,
        "cid_admin",
        json!({"add_admins": true, "invite_users": true}),
    )
    .await;
    server.user("Eve", Some("eve_member")).await;
    invite(&owner, &chat, &["eve_member"]).await;
    let (_, forbidden) = cid
        .call(
            "channels.editAdmin",
            json!({"channel": cid_view.input(), "user_id": input_user(&cid, "eve_member").await,
                   "admin_rights": {"_": "chatAdminRights", "change_info": true},
                   "rank": "boss"}),
        )
        .await;
    assert_eq!(
        (
            forbidden["error_code"].clone(),
            forbidden["error_message"].clone()
        ),
        (json!(403), json!("RIGHT_FORBIDDEN"))
    );
    cid.ok(
        "channels.editAdmin",
        json!({"channel": cid_view.input(), "user_id": input_user(&cid, "eve_member").await,
               "admin_rights": {"_": "chatAdminRights", "invite_users": true}, "rank": "host"}),
    )
    .await;
    let seen = participant(&cid, &cid_view.input(), "eve_member").await;
    assert_eq!(seen["_"], "channelParticipantAdmin");
    assert_eq!(seen["can_edit"], true);
    assert_eq!(seen["promoted_by"], cid.id.to_string());
    assert_eq!(seen["rank"], "host");
    let seen = participant(&cid, &cid_view.input(), "dan_admin").await;
    assert!(seen.get("can_edit").is_none(), "{seen}");
    let (_, rank) = cid
        .call(
            "channels.editAdmin",
            json!({"channel": cid_view.input(), "user_id": input_user(&cid, "eve_member").await,
                   "admin_rights": {"_": "chatAdminRights", "invite_users": true},
                   "rank": "🎉 party"}),
        )
        .await;
    assert_eq!(rank["error_message"], "RANK_EMOJI_NOT_ALLOWED");
    server.user("Out", Some("out_user")).await;
    let (_, missing) = owner
        .call(
            "channels.getParticipant",
            json!({"channel": chat.input(), "participant": {"_": "inputPeerUser",
                   "user_id": input_user(&owner, "out_user").await["user_id"],
                   "access_hash": input_user(&owner, "out_user").await["access_hash"]}}),
        )
        .await;
    assert_eq!(missing["error_message"], "USER_NOT_PARTICIPANT");
}

#[tokio::test]
async fn a_basic_groups_title_about_permissions_and_pins_reach_its_members() {
    let server = TestServer::start().await;
    let ann = server.user("Ann", Some("ann_basic")).await;
    let bob = server.user("Bob", Some("bob_basic")).await;
    let created = ann
        .ok(
            "messages.createChat",
            json!({"users": [input_user(&ann, "bob_basic").await], "title": "Basic"}),
        )
        .await;
    let chat_id: i64 = created["updates"]["chats"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let peer = json!({"_": "inputPeerChat", "chat_id": chat_id.to_string()});
    let pts = bob.ok("updates.getState", json!({})).await["pts"].clone();
    let difference = |pts: Value| {
        let bob = &bob;
        async move {
            bob.ok(
                "updates.getDifference",
                json!({"pts": pts, "date": 0, "qts": 0}),
            )
            .await
        }
    };

    // A new title: a service message in Bob's difference.
    let renamed = ann
        .ok(
            "messages.editChatTitle",
            json!({"chat_id": chat_id.to_string(), "title": "Renamed"}),
        )
        .await;
    assert_eq!(
        renamed["updates"][0]["message"]["action"]["_"],
        "messageActionChatEditTitle"
    );
    let (_, same) = ann
        .call(
            "messages.editChatTitle",
            json!({"chat_id": chat_id.to_string(), "title": "Renamed"}),
        )
        .await;
    assert_eq!(same["error_message"], "CHAT_NOT_MODIFIED");
    let diff = difference(pts.clone()).await;
    let actions: Vec<&str> = diff["new_messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["action"]["_"].as_str())
        .collect();
    assert_eq!(actions, ["messageActionChatEditTitle"]);
    assert_eq!(diff["chats"][0]["title"], "Renamed");

    // About.
    assert_eq!(
        ann.ok(
            "messages.editChatAbout",
            json!({"peer": peer, "about": "Just us"})
        )
        .await,
        true
    );
    let (_, same) = ann
        .call(
            "messages.editChatAbout",
            json!({"peer": peer, "about": "Just us"}),
        )
        .await;
    assert_eq!(same["error_message"], "CHAT_ABOUT_NOT_MODIFIED");
    let full = bob
        .ok(
            "messages.getFullChat",
            json!({"chat_id": chat_id.to_string()}),
        )
        .await;
    assert_eq!(full["full_chat"]["about"], "Just us");
    assert_eq!(
        full["full_chat"]["participants"]["participants"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(full["full_chat"].get("exported_invite").is_none(), "{full}");

    // Pins: Bob sees his own copy pinned, and the service message.
    let sent = bob.send(&peer, "pin this").await;
    let ann_copy = ann.history(&peer, 1).await[0]["id"].as_i64().unwrap();
    let state = bob.ok("updates.getState", json!({})).await["pts"].clone();
    let pinned = ann
        .ok(
            "messages.updatePinnedMessage",
            json!({"peer": peer, "id": ann_copy}),
        )
        .await;
    assert_eq!(pinned["updates"][0]["_"], "updatePinnedMessages");
    assert_eq!(pinned["updates"][0]["pinned"], true);
    assert_eq!(pinned["updates"][0]["messages"], json!([ann_copy]));
    let full = bob
        .ok(
            "messages.getFullChat",
            json!({"chat_id": chat_id.to_string()}),
        )
        .await;
    assert_eq!(full["full_chat"]["pinned_msg_id"], sent);
    let owners = ann
        .ok(
            "messages.getFullChat",
            json!({"chat_id": chat_id.to_string()}),
        )
        .await;
    assert_eq!(owners["full_chat"]["pinned_msg_id"], ann_copy);
    let link = &owners["full_chat"]["exported_invite"];
    assert_eq!(link["permanent"], true, "{owners}");
    assert!(link["link"].as_str().unwrap().starts_with("https://t.me/+"));
    let diff = difference(state.clone()).await;
    let pin = diff["other_updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["_"] == "updatePinnedMessages")
        .expect("updatePinnedMessages");
    assert_eq!(pin["messages"], json!([sent]));
    assert_eq!(pin["pinned"], true);
    let service = &diff["new_messages"][0];
    assert_eq!(service["action"]["_"], "messageActionPinMessage");
    assert_eq!(service["reply_to"]["reply_to_msg_id"], sent);
    let state = bob.ok("updates.getState", json!({})).await["pts"].clone();
    ann.ok(
        "messages.updatePinnedMessage",
        json!({"peer": peer, "id": ann_copy, "unpin": true}),
    )
    .await;
    let diff = difference(state).await;
    assert_eq!(diff["other_updates"][0]["_"], "updatePinnedMessages");
    assert!(diff["other_updates"][0].get("pinned").is_none());

    // Permissions: members may not send text or change the info any more; the creator
    // may.
    let read_only = banned(json!({"send_plain": true, "change_info": true}));
    ann.ok(
        "messages.editChatDefaultBannedRights",
        json!({"peer": peer, "banned_rights": read_only}),
    )
    .await;
    let (status, refused) = bob
        .call(
            "messages.sendMessage",
            json!({"peer": peer, "message": "hello?", "random_id": rand_id()}),
        )
        .await;
    assert_eq!(
        (status, refused["error_message"].clone()),
        (403, json!("CHAT_SEND_PLAIN_FORBIDDEN"))
    );
    ann.send(&peer, "I still can").await;
    let (_, same) = ann
        .call(
            "messages.editChatDefaultBannedRights",
            json!({"peer": peer, "banned_rights": read_only}),
        )
        .await;
    assert_eq!(same["error_message"], "CHAT_NOT_MODIFIED");
    let (_, denied) = bob
        .call(
            "messages.editChatTitle",
            json!({"chat_id": chat_id.to_string(), "title": "Mine"}),
        )
        .await;
    assert_eq!(denied["error_message"], "CHAT_ADMIN_REQUIRED", "{denied}");
}

#[tokio::test]
async fn a_channels_full_information_shows_what_administration_changed() {
    let server = TestServer::start().await;
    let owner = server.user("Owner", Some("owner_full")).await;
    let fay = server.user("Fay", Some("fay_member")).await;
    let chat = create(&owner, "Full", false).await;
    invite(&owner, &chat, &["fay_member"]).await;
    owner
        .ok(
            "messages.editChatAbout",
            json!({"peer": chat.peer(), "about": "Everything"}),
        )
        .await;
    let post = crate::groups::post(&owner, &chat, "read me").await;
    owner
        .ok(
            "messages.updatePinnedMessage",
            json!({"peer": chat.peer(), "id": post, "silent": true}),
        )
        .await;
    let gated = owner
        .ok(
            "messages.exportChatInvite",
            json!({"peer": chat.peer(), "request_needed": true}),
        )
        .await;
    let hash = gated["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("https://t.me/+")
        .to_owned();
    let guest = server.user("Guest", Some("guest_full")).await;
    let (_, sent) = guest
        .call("messages.importChatInvite", json!({"hash": hash}))
        .await;
    assert_eq!(sent["error_message"], "INVITE_REQUEST_SENT");

    let full = owner
        .ok("channels.getFullChannel", json!({"channel": chat.input()}))
        .await;
    let info = &full["full_chat"];
    assert_eq!(info["_"], "channelFull");
    assert_eq!(info["about"], "Everything");
    assert_eq!(info["pinned_msg_id"], post);
    assert_eq!(info["participants_count"], 2);
    assert_eq!(info["admins_count"], 1);
    assert_eq!(info["requests_pending"], 1);
    assert_eq!(info["recent_requesters"], json!([guest.id.to_string()]));
    assert_eq!(info["exported_invite"]["permanent"], true);
    // A member sees the description and the pin, not the owner's links or requests.
    let fay_view = seen_by(&owner, &chat, &fay).await;
    let full = fay
        .ok(
            "channels.getFullChannel",
            json!({"channel": fay_view.input()}),
        )
        .await;
    let info = &full["full_chat"];
    assert_eq!(info["about"], "Everything");
    assert_eq!(info["pinned_msg_id"], post);
    assert!(info.get("exported_invite").is_none(), "{info}");
    assert!(info.get("requests_pending").is_none(), "{info}");
}
