//! Member tags (Bot API setChatMemberTag, `messages.editChatParticipantRank`): an
//! administrator with `can_manage_tags` tags regular members, a member tags themself where
//! the chat lets them, and both APIs show the tag; administrators, missing rights and
//! emoji get Telegram's errors.

use serde_json::json;

use crate::groups::{self, input_user};
use crate::harness::TestServer;

#[tokio::test]
async fn tags_are_set_by_tag_managers_and_by_members_themselves() {
    let server = TestServer::start().await;
    let owner = server.user("Owner", Some("tag_owner")).await;
    let member = server.user("Mel", Some("tag_member")).await;
    let bot = server.bot("tagger_bot").await;
    let chat = groups::create(&owner, "Tagged", false).await;
    groups::invite(&owner, &chat, &["tag_member", "tagger_bot"]).await;
    groups::promote(&owner, &chat, "tagger_bot", json!({"pin_messages": true})).await;

    let (code, description) = bot
        .err(
            "setChatMemberTag",
            json!({"chat_id": chat.chat_id, "user_id": member.id, "tag": "Helper"}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (
            400,
            "Bad Request: not enough rights to change tag of the user"
        )
    );
    groups::promote(
        &owner,
        &chat,
        "tagger_bot",
        json!({"pin_messages": true, "manage_ranks": true}),
    )
    .await;
    bot.ok(
        "setChatMemberTag",
        json!({"chat_id": chat.chat_id, "user_id": member.id, "tag": "Helper"}),
    )
    .await;
    let seen = bot
        .ok(
            "getChatMember",
            json!({"chat_id": chat.chat_id, "user_id": member.id}),
        )
        .await;
    assert_eq!(
        (seen["status"].as_str(), seen["tag"].as_str()),
        (Some("member"), Some("Helper"))
    );
    let participant = owner
        .ok(
            "channels.getParticipant",
            json!({"channel": chat.input(),
                   "participant": {"_": "inputPeerUser", "user_id": member.id.to_string(),
                                   "access_hash": input_user(&owner, "tag_member").await["access_hash"]}}),
        )
        .await;
    assert_eq!(participant["participant"]["rank"], "Helper");

    for (user, tag, error) in [
        (
            owner.id,
            "Boss",
            "Bad Request: user is an administrator of the chat",
        ),
        (
            member.id,
            "🙂",
            "Bad Request: CUSTOM_TITLE_EMOJI_NOT_ALLOWED",
        ),
    ] {
        let (_, description) = bot
            .err(
                "setChatMemberTag",
                json!({"chat_id": chat.chat_id, "user_id": user, "tag": tag}),
            )
            .await;
        assert_eq!(description, error, "{tag}");
    }

    // The member changes their own tag: allowed by default, then not.
    let me = json!({"_": "inputPeerSelf"});
    let theirs = groups::seen_by(&owner, &chat, &member).await;
    let updates = member
        .ok(
            "messages.editChatParticipantRank",
            json!({"peer": theirs.peer(), "participant": me, "rank": "Newbie"}),
        )
        .await;
    assert_eq!(updates["updates"][0]["_"], "updateChatParticipantRank");
    assert_eq!(updates["updates"][0]["rank"], "Newbie");
    let seen = bot
        .ok(
            "getChatMember",
            json!({"chat_id": chat.chat_id, "user_id": member.id}),
        )
        .await;
    assert_eq!(seen["tag"], "Newbie");
    owner
        .ok(
            "messages.editChatDefaultBannedRights",
            json!({"peer": chat.peer(), "banned_rights": {"_": "chatBannedRights",
                   "edit_rank": true, "until_date": 0}}),
        )
        .await;
    let (_, error) = member
        .err(
            "messages.editChatParticipantRank",
            json!({"peer": theirs.peer(), "participant": me, "rank": "Elder"}),
        )
        .await;
    assert_eq!(error, "CHAT_ADMIN_REQUIRED");
    // Clearing a tag.
    bot.ok(
        "setChatMemberTag",
        json!({"chat_id": chat.chat_id, "user_id": member.id, "tag": ""}),
    )
    .await;
    let seen = bot
        .ok(
            "getChatMember",
            json!({"chat_id": chat.chat_id, "user_id": member.id}),
        )
        .await;
    assert!(seen.get("tag").is_none(), "{seen}");
}
