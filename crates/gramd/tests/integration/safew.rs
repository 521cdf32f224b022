//! The main error paths of the SafeW method list that other modules leave out, each with
//! the reference server's text (`tdlib/telegram-bot-api` `Client.cpp`, and TDLib's texts
//! after the reference's mapping; see shared/reference/botapi.md §3–4).
//!
//! Where each method of the list is tested (`module::test`); the administration methods
//! (banChatMember, promoteChatMember, restrictChatMember, setChatPermissions,
//! setChatAdministratorCustomTitle, setMyDefaultAdministratorRights, setChatTitle, the
//! invite links and join requests) are tested with their implementation, elsewhere.
//!
//! | method | success | main error paths |
//! |---|---|---|
//! | getMe | `botapi_updates::get_me_reports_every_bot_field` | bad and unknown tokens: `botapi_errors::tokens_are_checked_as_the_reference_does` |
//! | getUpdates | `botapi_updates::updates_are_sequential_and_confirmed_by_offset`, `…::negative_offset_keeps_only_the_last_updates_and_limit_is_clamped`, long polls | 409 webhook active: `botapi_updates::a_webhook_blocks_polling_until_deleted`; 409 other poll: `…::a_newer_long_poll_ends_the_parked_one_with_409`; 409 setWebhook: `…::set_webhook_ends_a_parked_poll_and_is_rate_limited` |
//! | sendMessage | `botapi_messages::send_with_markup_parse_modes_and_replies` | chat_id empty, chat not found, text empty/too long, parse errors, markup errors, reply not found: `botapi_errors::malformed_and_mistyped_parameters_get_official_errors`; can't initiate, bot to bot: `botapi_messages::a_bot_cannot_write_first`; not a member: `botapi_messages::groups_membership_privacy_and_chat_methods`; no rights in a channel: `botapi_messages::supergroups_and_channels`; 429: `rate_limits::*` |
//! | sendPhoto | `media::bots_send_photos_and_documents_and_download_them` | no photo, bad image, bad file id: same test; chat not found, caption too long, can't initiate: `safew::media_sends_check_the_file_the_chat_and_the_caption` |
//! | sendVideo, sendDocument, sendVoice, sendAudio | `media::bots_send_photos_and_documents_and_download_them` | no file in the request, chat not found, caption too long, can't initiate: `safew::media_sends_check_the_file_the_chat_and_the_caption`; bad file id (sendDocument): `media::bots_send_photos_and_documents_and_download_them` |
//! | sendMediaGroup | `media::albums_and_media_edits` | mixed kinds, bad type, media not found, too many: same test; media missing / not JSON / not an array / empty, chat not found: `safew::media_groups_check_their_media_and_chat`; each item counts against rate limits: `rate_limits::each_message_of_an_album_counts_towards_a_groups_limit` |
//! | forwardMessage | `botapi_messages::edit_forward_copy_and_delete` | from_chat_id missing: `botapi_errors::malformed_and_mistyped_parameters_get_official_errors`; message not found, message_id missing, from chat not found, protected content, can't initiate: `safew::forwards_and_copies_check_the_source_and_the_target` |
//! | copyMessage | `botapi_messages::edit_forward_copy_and_delete` | as forwardMessage: `safew::forwards_and_copies_check_the_source_and_the_target` |
//! | editMessageText | `botapi_messages::edit_forward_copy_and_delete` | not modified, message to edit not found: same test; no message identifier, text empty, someone else's message: `safew::edits_check_the_message_and_its_author` |
//! | editMessageReplyMarkup | `botapi_messages::edit_forward_copy_and_delete` | no message identifier, not found, not modified, someone else's message: `safew::edits_check_the_message_and_its_author` |
//! | deleteMessage | `botapi_messages::edit_forward_copy_and_delete` | message_id missing: `botapi_errors::malformed_and_mistyped_parameters_get_official_errors`; not found: `botapi_messages::edit_forward_copy_and_delete`; chat_id missing, unknown chat, group left, can't be deleted: `safew::deletions_check_ids_and_rights` |
//! | deleteMessages | `botapi_messages::edit_forward_copy_and_delete` | unknown chat, group left, ids missing / empty / not JSON / not an array / over 100: `safew::deletions_check_ids_and_rights` |
//! | getChat | `botapi_messages::groups_membership_privacy_and_chat_methods`, `…::supergroups_and_channels` | chat not found after leaving: `botapi_messages::groups_membership_privacy_and_chat_methods`; chat_id empty, unknown chat: `safew::chat_methods_check_the_chat` |
//! | leaveChat | `botapi_messages::groups_membership_privacy_and_chat_methods` | private chat, unknown chat: `safew::chat_methods_check_the_chat` |
//! | getChatMemberCount | `botapi_messages::groups_membership_privacy_and_chat_methods`; private chat: `safew::chat_methods_check_the_chat` | unknown chat: `safew::chat_methods_check_the_chat` |
//! | getChatMember | `botapi_messages::groups_membership_privacy_and_chat_methods` | invalid user_id: `botapi_errors::malformed_and_mistyped_parameters_get_official_errors`; unknown chat: `safew::chat_methods_check_the_chat` |
//! | getChatAdministrators | `botapi_messages::groups_membership_privacy_and_chat_methods`, `…::supergroups_and_channels` | private chat, unknown chat: `safew::chat_methods_check_the_chat` |
//! | setWebhook | `botapi_updates::a_webhook_blocks_polling_until_deleted`, `webhooks::*` | bad URL, bad secret: `botapi_updates::a_webhook_blocks_polling_until_deleted`; Telegram's URL/port/address rules: `webhooks::without_allow_local_only_telegrams_webhooks_are_accepted`; 429 once a second: `botapi_updates::set_webhook_ends_a_parked_poll_and_is_rate_limited`; secret too long: `safew::webhook_secrets_are_checked` |
//! | deleteWebhook | `botapi_updates::a_webhook_blocks_polling_until_deleted`, `webhooks::delete_webhook_stops_delivery_and_polling_gets_the_rest` | none of its own (token errors as getMe) |
//! | getWebhookInfo | `botapi_updates::a_webhook_blocks_polling_until_deleted`, `webhooks::failures_are_retried_and_reported_in_telegrams_words` | none of its own (token errors as getMe) |
//! | getMyCommands, setMyCommands | `botapi_messages::commands_by_scope_and_language` | bad command, missing field, bad scope: same test; commands not JSON / not an array, missing (clears): `safew::command_lists_are_parsed_as_the_reference_does` |
//! | answerCallbackQuery | `botapi_messages::callback_buttons_round_trip` | answered twice: same test; id missing or unknown: `safew::command_lists_are_parsed_as_the_reference_does` |
//!
//! `403 Forbidden: bot was blocked by the user`, for every send: `safew::a_user_who_blocked_the_bot_is_out_of_its_reach`.

use image::ImageFormat;
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, group_with, started};
use crate::media::{multipart, picture};

/// A chat id nobody has.
const NO_CHAT: i64 = 987_654_321;

/// Asserts that each call fails with its (code, description).
async fn refused(bot: &BotClient, cases: &[(&str, Value, u64, &str)]) {
    for (method, params, code, description) in cases {
        let (got_code, got) = bot.err(method, params.clone()).await;
        assert_eq!(
            (got_code, got.as_str()),
            (*code, *description),
            "{method} {params}"
        );
    }
}

/// sendPhoto with a small PNG upload; the whole answer.
async fn send_png(bot: &BotClient, chat: &str) -> Value {
    multipart(
        bot,
        "sendPhoto",
        &[("chat_id", chat)],
        &[(
            "photo",
            "p.png",
            "image/png",
            picture(8, 8, ImageFormat::Png),
        )],
    )
    .await
    .json()
}

/// The id of the message a user just sent, as the bot sees it (from its update).
async fn seen_by_bot(bot: &BotClient, user: &UserClient, peer: &Value, text: &str) -> i64 {
    user.send(peer, text).await;
    let update = bot.next_update(5).await;
    assert_eq!(update["message"]["text"], text, "{update}");
    update["message"]["message_id"].as_i64().unwrap()
}

#[tokio::test]
async fn media_sends_check_the_file_the_chat_and_the_caption() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_media_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let stranger = server.user("Stranger", None).await;
    let png = picture(8, 8, ImageFormat::Png);
    let long_caption = "x".repeat(1025);
    for (method, field, file_name, mime, bytes, missing) in [
        (
            "sendPhoto",
            "photo",
            "p.png",
            "image/png",
            png.clone(),
            "photo",
        ),
        (
            "sendVideo",
            "video",
            "v.mp4",
            "video/mp4",
            b"mp4".to_vec(),
            "video",
        ),
        (
            "sendDocument",
            "document",
            "d.txt",
            "text/plain",
            b"d".to_vec(),
            "document",
        ),
        (
            "sendVoice",
            "voice",
            "v.ogg",
            "audio/ogg",
            b"OggS".to_vec(),
            "voice",
        ),
        (
            "sendAudio",
            "audio",
            "a.mp3",
            "audio/mpeg",
            b"ID3".to_vec(),
            "audio",
        ),
    ] {
        let (code, description) = bot.err(method, json!({"chat_id": user.id})).await;
        assert_eq!(
            (code, description),
            (
                400,
                format!("Bad Request: there is no {missing} in the request")
            ),
            "{method}"
        );
        let file = [(field, file_name, mime, bytes)];
        for (chat, caption, code, description) in [
            (NO_CHAT, "", 400, "Bad Request: chat not found"),
            (
                stranger.id,
                "",
                403,
                "Forbidden: bot can't initiate conversation with a user",
            ),
            (
                user.id,
                long_caption.as_str(),
                400,
                "Bad Request: message caption is too long",
            ),
        ] {
            let chat = chat.to_string();
            let raw = multipart(
                &bot,
                method,
                &[("chat_id", &chat), ("caption", caption)],
                &file,
            )
            .await;
            let body = raw.json();
            assert_eq!(
                (body["error_code"].as_u64(), body["description"].as_str()),
                (Some(code), Some(description)),
                "{method} to {chat}: {body}"
            );
        }
        // The same file with a caption of the longest length goes through.
        let chat = user.id.to_string();
        let caption = "y".repeat(1024);
        let raw = multipart(
            &bot,
            method,
            &[("chat_id", &chat), ("caption", &caption)],
            &file,
        )
        .await;
        assert_eq!(raw.json()["result"]["caption"], caption, "{method}");
    }
}

#[tokio::test]
async fn media_groups_check_their_media_and_chat() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_album_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id.to_string();
    let photo = send_png(&bot, &chat).await;
    let file_id = photo["result"]["photo"][0]["file_id"].clone();
    let two = json!([{"type": "photo", "media": file_id}, {"type": "photo", "media": file_id}]);
    refused(
        &bot,
        &[
            (
                "sendMediaGroup",
                json!({"chat_id": user.id}),
                400,
                "Bad Request: parameter \"media\" is required",
            ),
            (
                "sendMediaGroup",
                json!({"chat_id": user.id, "media": "[{"}),
                400,
                "Bad Request: can't parse media JSON object",
            ),
            (
                "sendMediaGroup",
                json!({"chat_id": user.id, "media": {"type": "photo", "media": file_id}}),
                400,
                "Bad Request: expected an Array of InputMedia",
            ),
            (
                "sendMediaGroup",
                json!({"chat_id": user.id, "media": []}),
                400,
                "Bad Request: there are no messages to send",
            ),
            (
                "sendMediaGroup",
                json!({"chat_id": NO_CHAT, "media": two}),
                400,
                "Bad Request: chat not found",
            ),
        ],
    )
    .await;
    let sent = bot
        .ok("sendMediaGroup", json!({"chat_id": user.id, "media": two}))
        .await;
    assert_eq!(sent.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn forwards_and_copies_check_the_source_and_the_target() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_fwd_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let stranger = server.user("Stranger", None).await;
    let sent = bot
        .ok("sendMessage", json!({"chat_id": user.id, "text": "open"}))
        .await;
    let id = sent["message_id"].as_i64().unwrap();
    let protected = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "secret", "protect_content": true}),
        )
        .await;
    assert_eq!(protected["has_protected_content"], true);
    let protected_id = protected["message_id"].as_i64().unwrap();
    for (method, what) in [("forwardMessage", "forward"), ("copyMessage", "copy")] {
        let not_found = format!("Bad Request: message to {what} not found");
        refused(
            &bot,
            &[
                (
                    method,
                    json!({"chat_id": user.id, "from_chat_id": user.id, "message_id": 4242}),
                    400,
                    &not_found,
                ),
                (
                    method,
                    json!({"chat_id": user.id, "from_chat_id": user.id}),
                    400,
                    &not_found,
                ),
                (
                    method,
                    json!({"chat_id": user.id, "from_chat_id": NO_CHAT, "message_id": id}),
                    400,
                    "Bad Request: chat not found",
                ),
                (
                    method,
                    json!({"chat_id": NO_CHAT, "from_chat_id": user.id, "message_id": id}),
                    400,
                    "Bad Request: chat not found",
                ),
                (
                    method,
                    json!({"chat_id": stranger.id, "from_chat_id": user.id, "message_id": id}),
                    403,
                    "Forbidden: bot can't initiate conversation with a user",
                ),
                (
                    method,
                    json!({"chat_id": user.id, "from_chat_id": user.id, "message_id": protected_id}),
                    400,
                    "Bad Request: message has protected content and can't be forwarded",
                ),
            ],
        )
        .await;
        bot.ok(
            method,
            json!({"chat_id": user.id, "from_chat_id": user.id, "message_id": id}),
        )
        .await;
    }
}

#[tokio::test]
async fn edits_check_the_message_and_its_author() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_edit_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("safew_edit_bot").await;
    let plain = bot
        .ok("sendMessage", json!({"chat_id": user.id, "text": "plain"}))
        .await;
    let id = plain["message_id"].as_i64().unwrap();
    let theirs = seen_by_bot(&bot, &user, &peer, "the user's own").await;
    let keyboard = json!({"inline_keyboard": [[{"text": "B", "callback_data": "b"}]]});
    refused(
        &bot,
        &[
            (
                "editMessageText",
                json!({"text": "x"}),
                400,
                "Bad Request: message identifier is not specified",
            ),
            (
                "editMessageText",
                json!({"chat_id": user.id, "text": "x"}),
                400,
                "Bad Request: message to edit not found",
            ),
            (
                "editMessageText",
                json!({"chat_id": user.id, "message_id": id}),
                400,
                "Bad Request: message text is empty",
            ),
            (
                "editMessageText",
                json!({"chat_id": NO_CHAT, "message_id": id, "text": "x"}),
                400,
                "Bad Request: chat not found",
            ),
            (
                "editMessageText",
                json!({"chat_id": user.id, "message_id": theirs, "text": "x"}),
                400,
                "Bad Request: message can't be edited",
            ),
            (
                "editMessageReplyMarkup",
                json!({"reply_markup": keyboard}),
                400,
                "Bad Request: message identifier is not specified",
            ),
            (
                "editMessageReplyMarkup",
                json!({"chat_id": user.id, "message_id": 4242, "reply_markup": keyboard}),
                400,
                "Bad Request: message to edit not found",
            ),
            (
                "editMessageReplyMarkup",
                json!({"chat_id": user.id, "message_id": id}),
                400,
                "Bad Request: message is not modified: specified new message content and reply \
                 markup are exactly the same as a current content and reply markup of the \
                 message",
            ),
            (
                "editMessageReplyMarkup",
                json!({"chat_id": user.id, "message_id": theirs, "reply_markup": keyboard}),
                400,
                "Bad Request: message can't be edited",
            ),
        ],
    )
    .await;
    let edited = bot
        .ok(
            "editMessageReplyMarkup",
            json!({"chat_id": user.id, "message_id": id, "reply_markup": keyboard}),
        )
        .await;
    assert_eq!(edited["reply_markup"], keyboard);
}

#[tokio::test]
async fn deletions_check_ids_and_rights() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_del_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let owner = server.user("Owner", None).await;
    let group = group_with(&owner, &bot, "safew_del_bot").await;
    let group_peer = json!({"_": "inputPeerChat", "chat_id": (-group).to_string()});
    // A command, so that the bot (in privacy mode) hears of it.
    let owners = seen_by_bot(&bot, &owner, &group_peer, "/status").await;
    let too_many: Vec<i64> = (1..=101).collect();
    refused(
        &bot,
        &[
            (
                "deleteMessage",
                json!({"message_id": 1}),
                400,
                "Bad Request: chat identifier is not specified",
            ),
            (
                "deleteMessage",
                json!({"chat_id": NO_CHAT, "message_id": 1}),
                400,
                "Bad Request: chat not found",
            ),
            (
                "deleteMessages",
                json!({"chat_id": NO_CHAT, "message_ids": [1]}),
                400,
                "Bad Request: chat not found",
            ),
            (
                "deleteMessage",
                json!({"chat_id": group, "message_id": owners}),
                400,
                "Bad Request: message can't be deleted",
            ),
            (
                "deleteMessages",
                json!({"chat_id": user.id}),
                400,
                "Bad Request: message identifiers are not specified",
            ),
            (
                "deleteMessages",
                json!({"chat_id": user.id, "message_ids": []}),
                400,
                "Bad Request: message identifiers are not specified",
            ),
            (
                "deleteMessages",
                json!({"chat_id": user.id, "message_ids": "[1,"}),
                400,
                "Bad Request: can't parse message_ids JSON object",
            ),
            (
                "deleteMessages",
                json!({"chat_id": user.id, "message_ids": {"id": 1}}),
                400,
                "Bad Request: expected an Array of message identifiers",
            ),
            (
                "deleteMessages",
                json!({"chat_id": user.id, "message_ids": too_many}),
                400,
                "Bad Request: too many message identifiers specified",
            ),
        ],
    )
    .await;
    // The owner's message is still there for the owner.
    let history = owner.history(&group_peer, 5).await;
    assert!(history.iter().any(|m| m["message"] == "/status"));
    // Once the bot left, the group's messages are out of its reach.
    bot.ok("leaveChat", json!({"chat_id": group})).await;
    bot.drain().await;
    let not_member = "Forbidden: bot is not a member of the group chat";
    refused(
        &bot,
        &[
            (
                "deleteMessage",
                json!({"chat_id": group, "message_id": owners}),
                403,
                not_member,
            ),
            (
                "deleteMessages",
                json!({"chat_id": group, "message_ids": [owners]}),
                403,
                not_member,
            ),
        ],
    )
    .await;
    // In a private chat a bot may delete the user's messages too.
    let peer = user.peer("safew_del_bot").await;
    let theirs = seen_by_bot(&bot, &user, &peer, "delete me").await;
    assert_eq!(
        bot.ok(
            "deleteMessage",
            json!({"chat_id": user.id, "message_id": theirs})
        )
        .await,
        true
    );
    let history = user.history(&peer, 5).await;
    assert!(history.iter().all(|m| m["message"] != "delete me"));
}

#[tokio::test]
async fn chat_methods_check_the_chat() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_chat_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let mut cases = vec![
        ("getChat", json!({}), 400, "Bad Request: chat_id is empty"),
        (
            "leaveChat",
            json!({"chat_id": user.id}),
            400,
            "Bad Request: can't leave private chats",
        ),
        (
            "getChatAdministrators",
            json!({"chat_id": user.id}),
            400,
            "Bad Request: there are no administrators in the private chat",
        ),
    ];
    for method in [
        "getChat",
        "leaveChat",
        "getChatMemberCount",
        "getChatAdministrators",
    ] {
        cases.push((
            method,
            json!({"chat_id": NO_CHAT}),
            400,
            "Bad Request: chat not found",
        ));
    }
    cases.push((
        "getChatMember",
        json!({"chat_id": NO_CHAT, "user_id": user.id}),
        400,
        "Bad Request: chat not found",
    ));
    refused(&bot, &cases).await;
    // A private chat has the user and the bot.
    assert_eq!(
        bot.ok("getChatMemberCount", json!({"chat_id": user.id}))
            .await,
        2
    );
}

#[tokio::test]
async fn command_lists_are_parsed_as_the_reference_does() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_cmd_bot").await;
    let commands = json!([{"command": "start", "description": "Start"}]);
    bot.ok("setMyCommands", json!({"commands": commands})).await;
    refused(
        &bot,
        &[
            (
                "setMyCommands",
                json!({"commands": "[{"}),
                400,
                "Bad Request: can't parse commands JSON object",
            ),
            (
                "setMyCommands",
                json!({"commands": {"command": "start", "description": "Start"}}),
                400,
                "Bad Request: expected an Array of BotCommand",
            ),
            (
                "answerCallbackQuery",
                json!({}),
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            ),
            (
                "answerCallbackQuery",
                json!({"callback_query_id": "12345"}),
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            ),
        ],
    )
    .await;
    assert_eq!(bot.ok("getMyCommands", json!({})).await, commands);
    // No commands at all is an empty list: it clears them.
    assert_eq!(bot.ok("setMyCommands", json!({})).await, true);
    assert_eq!(bot.ok("getMyCommands", json!({})).await, json!([]));
}

#[tokio::test]
async fn webhook_secrets_are_checked() {
    let server = TestServer::start().await;
    let bot = server.bot("safew_hook_bot").await;
    let (code, description) = bot
        .err(
            "setWebhook",
            json!({"url": "https://example.com/hook", "secret_token": "a".repeat(257)}),
        )
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: secret token is too long")
    );
    let info = bot.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], "", "a refused webhook is not set");
    bot.ok(
        "setWebhook",
        json!({"url": "https://example.com/hook", "secret_token": "a".repeat(256)}),
    )
    .await;
}

/// A user blocks the bot through the client API: every send gets the reference's 403, the
/// bot learns of it through `my_chat_member` (member → kicked, and back on unblock), and
/// the user's block list and `userFull.blocked` say so.
#[tokio::test]
async fn a_user_who_blocked_the_bot_is_out_of_its_reach() {
    let server = TestServer::start().await;
    let bot = server.bot("blocked_bot").await;
    let user = started(&server, &bot, "Blocker").await;
    let peer = user.peer("blocked_bot").await;
    assert_eq!(
        user.ok("contacts.block", json!({"id": peer})).await,
        json!(true)
    );

    let update = bot.next_update(5).await;
    let change = &update["my_chat_member"];
    assert_eq!(
        (
            change["chat"]["id"].as_i64(),
            change["chat"]["type"].as_str(),
            change["from"]["id"].as_i64(),
            change["old_chat_member"]["status"].as_str(),
            change["new_chat_member"]["status"].as_str(),
            change["new_chat_member"]["user"]["id"].as_i64(),
            change["new_chat_member"]["until_date"].as_i64(),
        ),
        (
            Some(user.id),
            Some("private"),
            Some(user.id),
            Some("member"),
            Some("kicked"),
            Some(bot.id),
            Some(0)
        ),
        "{update}"
    );
    let forbidden = (403, "Forbidden: bot was blocked by the user");
    for (method, params) in [
        ("sendMessage", json!({"chat_id": user.id, "text": "hi"})),
        (
            "sendChatAction",
            json!({"chat_id": user.id, "action": "typing"}),
        ),
    ] {
        let (code, description) = bot.err(method, params).await;
        assert_eq!((code, description.as_str()), forbidden, "{method}");
    }
    let chat = user.id.to_string();
    let photo = send_png(&bot, &chat).await;
    assert_eq!(
        (photo["error_code"].as_u64(), photo["description"].as_str()),
        (Some(forbidden.0), Some(forbidden.1)),
        "sendPhoto"
    );

    // The user sees the bot as blocked, and cannot write to it until they unblock.
    let listed = user
        .ok("contacts.getBlocked", json!({"offset": 0, "limit": 10}))
        .await;
    assert_eq!(listed["_"], "contacts.blocked", "{listed}");
    assert_eq!(
        listed["blocked"][0]["peer_id"]["user_id"],
        json!(bot.id.to_string()),
        "{listed}"
    );
    assert_eq!(listed["users"][0]["id"], json!(bot.id.to_string()));
    let full = user
        .ok("users.getFullUser", json!({"id": {"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]}}))
        .await;
    assert_eq!(full["full_user"]["blocked"], json!(true), "{full}");
    assert_eq!(
        user.err(
            "messages.sendMessage",
            json!({"peer": peer, "message": "hi", "random_id": "77"})
        )
        .await,
        (400, "YOU_BLOCKED_USER".to_owned())
    );

    assert_eq!(
        user.ok("contacts.unblock", json!({"id": peer})).await,
        json!(true)
    );
    let update = bot.next_update(5).await;
    assert_eq!(
        (
            update["my_chat_member"]["old_chat_member"]["status"].as_str(),
            update["my_chat_member"]["new_chat_member"]["status"].as_str()
        ),
        (Some("kicked"), Some("member")),
        "{update}"
    );
    bot.ok(
        "sendMessage",
        json!({"chat_id": user.id, "text": "welcome back"}),
    )
    .await;
    let listed = user
        .ok("contacts.getBlocked", json!({"offset": 0, "limit": 10}))
        .await;
    assert_eq!(listed["blocked"], json!([]), "{listed}");
}
