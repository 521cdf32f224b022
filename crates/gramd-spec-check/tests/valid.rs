//! Values that follow the spec must pass.

mod common;

use common::*;
use gramd_spec_check::Spec;
use serde_json::json;

fn spec() -> &'static Spec {
    Spec::shared()
}

#[test]
fn loads_bot_api_10_1() {
    let spec = Spec::load();
    assert_eq!(spec.version(), "Bot API 10.1");
    assert_eq!(spec.method_names().len(), 180);
}

#[test]
fn minimal_message_and_updates() {
    spec().check_type("Message", &message()).unwrap();
    spec().check_type("Message", &bot_message()).unwrap();
    spec().check_update(&message_update()).unwrap();
    spec().check_update(&callback_update()).unwrap();
    let updates = json!([message_update(), callback_update()]);
    spec().check_type("Array of Update", &updates).unwrap();
    spec().check_response("getUpdates", &ok(updates)).unwrap();
    spec().check_response("getUpdates", &ok(json!([]))).unwrap();
}

#[test]
fn get_me_with_all_booleans() {
    spec().check_type("User", &get_me()).unwrap();
    spec().check_response("getMe", &ok(get_me())).unwrap();
    spec().check_response("GETME", &ok(get_me())).unwrap();
}

#[test]
fn chat_members() {
    spec().check_type("ChatMemberOwner", &owner()).unwrap();
    spec().check_type("ChatMember", &owner()).unwrap();
    spec()
        .check_type("ChatMemberAdministrator", &administrator())
        .unwrap();
    spec()
        .check_response("getChatMember", &ok(administrator()))
        .unwrap();
    let admins = json!([owner(), administrator()]);
    spec()
        .check_response("getChatAdministrators", &ok(admins))
        .unwrap();
    let left = json!({"status": "left", "user": alice()});
    spec().check_type("ChatMember", &left).unwrap();
    let member = json!({"status": "member", "user": alice(), "until_date": NOW});
    spec().check_type("ChatMember", &member).unwrap();
}

#[test]
fn envelopes() {
    spec().check_response("sendMessage", &error_body()).unwrap();
    let flood = json!({
        "ok": false, "error_code": 429, "description": "Too Many Requests: retry after 5",
        "parameters": {"retry_after": 5}
    });
    spec().check_response("sendMessage", &flood).unwrap();
    let set = json!({"ok": true, "result": true, "description": "Webhook was set"});
    spec().check_response("setWebhook", &set).unwrap();
    spec()
        .check_response("sendMessage", &ok(bot_message()))
        .unwrap();
    spec()
        .check_response("editMessageText", &ok(bot_message()))
        .unwrap();
    spec()
        .check_response("editMessageText", &ok(json!(true)))
        .unwrap();
    spec()
        .check_response("getChatMemberCount", &ok(json!(3)))
        .unwrap();
    spec()
        .check_response("exportChatInviteLink", &ok(json!("https://t.me/+abc")))
        .unwrap();
    let info = json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0});
    spec().check_method_result("getWebhookInfo", &info).unwrap();
}

#[test]
fn maybe_inaccessible_message() {
    let gone = json!({"chat": private_chat(), "message_id": 11, "date": 0});
    spec()
        .check_type("MaybeInaccessibleMessage", &gone)
        .unwrap();
    spec()
        .check_type("MaybeInaccessibleMessage", &bot_message())
        .unwrap();
    let mut update = callback_update();
    update["callback_query"]["message"] = gone;
    spec().check_update(&update).unwrap();
}

#[test]
fn unions_and_constants() {
    let origin = json!({"type": "user", "date": NOW, "sender_user": alice()});
    spec().check_type("MessageOrigin", &origin).unwrap();
    let mut forwarded = message();
    forwarded["forward_origin"] = origin;
    spec().check_type("Message", &forwarded).unwrap();
    let reaction = json!({"type": "emoji", "emoji": "👍"});
    spec().check_type("ReactionType", &reaction).unwrap();
    let scope = json!({"type": "chat", "chat_id": -1001234567890_i64});
    spec().check_type("BotCommandScope", &scope).unwrap();
    spec()
        .check_type("MenuButton", &json!({"type": "commands"}))
        .unwrap();
    // Two variants share "photo"; the fields decide.
    let cached = json!({"type": "photo", "id": "1", "photo_file_id": "AgAD"});
    spec().check_type("InlineQueryResult", &cached).unwrap();
    // RichText may be a plain string or an array of RichText.
    spec().check_type("RichText", &json!("plain")).unwrap();
    spec()
        .check_type("RichText", &json!(["a", {"type": "bold", "text": "b"}]))
        .unwrap();
    // Field-less types are empty objects.
    spec().check_type("ForumTopicClosed", &json!({})).unwrap();
}

#[test]
fn entities_with_their_extra_fields() {
    let entities = json!([
        {"type": "text_link", "offset": 0, "length": 1, "url": "https://example.com"},
        {"type": "text_mention", "offset": 1, "length": 1, "user": alice()},
        {"type": "pre", "offset": 2, "length": 1, "language": "rust"},
        {"type": "custom_emoji", "offset": 3, "length": 2, "custom_emoji_id": "5368"},
        {"type": "date_time", "offset": 5, "length": 1, "unix_time": NOW, "date_time_format": "r"}
    ]);
    spec()
        .check_type("Array of MessageEntity", &entities)
        .unwrap();
}

#[test]
fn allow_lists() {
    let mut spec = Spec::shared().clone();
    let mut chat = private_chat();
    chat["gramd_debug"] = json!(1);
    assert!(spec.check_type("Chat", &chat).is_err());
    spec.allow_extra_field("Chat", "gramd_debug");
    spec.check_type("Chat", &chat).unwrap();
    chat["type"] = json!("secret");
    assert!(spec.check_type("Chat", &chat).is_err());
    spec.allow_value("Chat", "type", "secret");
    spec.check_type("Chat", &chat).unwrap();
}

#[test]
fn method_helpers() {
    let spec = spec();
    assert!(spec.method_exists("sendMessage"));
    assert!(spec.method_exists("SENDMESSAGE"));
    assert!(!spec.method_exists("sendMesage"));
    assert_eq!(spec.method_name("getupdates"), Some("getUpdates"));
    let params = spec.method_param_names("sendMessage").unwrap();
    assert!(params.contains(&"chat_id") && params.contains(&"text"));
    assert_eq!(
        spec.method_required_params("sendMessage").unwrap(),
        ["chat_id", "text"]
    );
    assert_eq!(
        spec.method_returns("editMessageText").unwrap(),
        ["Message", "Boolean"]
    );
    assert_eq!(
        spec.method_returns("getUpdates").unwrap(),
        ["Array of Update"]
    );
    assert!(spec.type_exists("Message") && !spec.type_exists("message"));
    assert!(spec.type_field_names("User").unwrap().contains(&"is_bot"));
}
