//! Valid fixtures shared by the integration tests.

#![allow(dead_code, unreachable_pub)]

use serde_json::{Value, json};

/// A plausible Unix time in seconds.
pub const NOW: i64 = 1_718_000_000;

pub fn alice() -> Value {
    json!({"id": 42, "is_bot": false, "first_name": "Alice", "language_code": "en"})
}

pub fn bot_user() -> Value {
    json!({"id": 777, "is_bot": true, "first_name": "Bot", "username": "gramd_bot"})
}

/// getMe's result with every getMe-only boolean.
pub fn get_me() -> Value {
    json!({
        "id": 777, "is_bot": true, "first_name": "Bot", "username": "gramd_bot",
        "can_join_groups": true, "can_read_all_group_messages": false,
        "supports_inline_queries": false, "can_connect_to_business": false,
        "has_main_web_app": false, "has_topics_enabled": false,
        "allows_users_to_create_topics": false, "can_manage_bots": false,
        "supports_guest_queries": false, "supports_join_request_queries": false
    })
}

pub fn private_chat() -> Value {
    json!({"id": 42, "type": "private", "first_name": "Alice"})
}

/// The minimal message every library accepted (emulators.md §3.3).
pub fn message() -> Value {
    json!({
        "message_id": 10, "date": NOW, "chat": private_chat(), "from": alice(),
        "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
    })
}

/// A bot message with an inline keyboard.
pub fn bot_message() -> Value {
    json!({
        "message_id": 11, "date": NOW, "chat": private_chat(), "from": bot_user(),
        "text": "Pick",
        "reply_markup": {"inline_keyboard": [[{"text": "B1", "callback_data": "btn1"}]]}
    })
}

pub fn message_update() -> Value {
    json!({"update_id": 1, "message": message()})
}

pub fn callback_update() -> Value {
    json!({
        "update_id": 2,
        "callback_query": {
            "id": "777", "from": alice(), "chat_instance": "-1", "data": "btn1",
            "message": bot_message()
        }
    })
}

pub fn owner() -> Value {
    json!({"status": "creator", "user": alice(), "is_anonymous": false})
}

pub fn administrator() -> Value {
    json!({
        "status": "administrator", "user": bot_user(), "can_be_edited": false,
        "is_anonymous": false, "can_manage_chat": true, "can_delete_messages": true,
        "can_manage_video_chats": false, "can_restrict_members": true,
        "can_promote_members": false, "can_change_info": true, "can_invite_users": true,
        "can_post_stories": false, "can_edit_stories": false, "can_delete_stories": false,
        "can_send_welcome_messages": false, "custom_title": "helper"
    })
}

pub fn ok(result: Value) -> Value {
    let mut body = json!({"ok": true});
    body["result"] = result;
    body
}

pub fn error_body() -> Value {
    json!({"ok": false, "error_code": 400, "description": "Bad Request: chat not found"})
}
