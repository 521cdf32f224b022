//! Mutations of valid values (emulators.md §3.2 and more) must be caught, each with a
//! violation at the right path.

mod common;

use common::*;
use gramd_spec_check::{Spec, Violations};
use serde_json::{Value, json};

/// Asserts that `result` failed with a violation at `path` whose message contains `needle`.
#[track_caller]
fn caught(result: Result<(), Violations>, path: &str, needle: &str) {
    let violations = result.expect_err("the mutation was not caught");
    let hit = violations
        .at(path)
        .iter()
        .any(|v| v.message.contains(needle));
    assert!(
        hit,
        "expected a violation at {path:?} mentioning {needle:?}, got {violations}"
    );
}

fn spec() -> &'static Spec {
    Spec::shared()
}

/// Applies `mutate` to the value at JSON pointer `ptr` of a copy of `base`.
fn mutated(base: &Value, ptr: &str, mutate: impl FnOnce(&mut Value)) -> Value {
    let mut v = base.clone();
    mutate(v.pointer_mut(ptr).expect("pointer exists"));
    v
}

fn remove(key: &'static str) -> impl FnOnce(&mut Value) {
    move |v| {
        v.as_object_mut()
            .unwrap()
            .remove(key)
            .expect("field existed");
    }
}

#[test]
fn get_me_without_is_bot() {
    let body = mutated(&ok(get_me()), "/result", remove("is_bot"));
    caught(
        spec().check_response("getMe", &body),
        "result.is_bot",
        "missing required",
    );
}

#[test]
fn date_as_string() {
    let update = mutated(&message_update(), "/message/date", |d| {
        *d = json!("1718000000")
    });
    caught(
        spec().check_update(&update),
        "message.date",
        "expected Integer, got string",
    );
}

#[test]
fn date_in_milliseconds() {
    let update = mutated(&message_update(), "/message/date", |d| {
        *d = json!(NOW * 1000)
    });
    caught(
        spec().check_update(&update),
        "message.date",
        "Unix time in seconds",
    );
}

#[test]
fn callback_query_id_as_integer() {
    let update = mutated(&callback_update(), "/callback_query/id", |id| {
        *id = json!(777)
    });
    caught(
        spec().check_update(&update),
        "callback_query.id",
        "expected String, got integer",
    );
}

#[test]
fn callback_query_without_chat_instance() {
    let update = mutated(
        &callback_update(),
        "/callback_query",
        remove("chat_instance"),
    );
    caught(
        spec().check_update(&update),
        "callback_query.chat_instance",
        "missing required",
    );
}

#[test]
fn entity_without_length() {
    let update = mutated(&message_update(), "/message/entities/0", remove("length"));
    let r = spec().check_update(&update);
    caught(r, "message.entities[0].length", "missing required");
}

#[test]
fn error_body_without_ok() {
    let body = mutated(&error_body(), "", remove("ok"));
    caught(
        spec().check_response("sendMessage", &body),
        "ok",
        "missing required",
    );
}

#[test]
fn malformed_envelopes() {
    let r = spec().check_response("getMe", &json!({"ok": "true", "result": get_me()}));
    caught(r, "ok", "expected Boolean");
    let r = spec().check_response("getMe", &json!({"ok": true}));
    caught(r, "result", "missing required");
    let r = spec().check_response("getMe", &json!({"ok": true, "result": get_me(), "x": 1}));
    caught(r, "x", "unknown field of a successful response");
    let body = mutated(&error_body(), "", |b| b["result"] = json!(true));
    caught(
        spec().check_response("getMe", &body),
        "result",
        "unknown field of an error",
    );
    let body = mutated(&error_body(), "", remove("description"));
    caught(
        spec().check_response("getMe", &body),
        "description",
        "missing required",
    );
    let body = mutated(&error_body(), "/error_code", |c| *c = json!("400"));
    caught(
        spec().check_response("getMe", &body),
        "error_code",
        "expected Integer",
    );
    let body = mutated(&error_body(), "/error_code", |c| *c = json!(200));
    caught(
        spec().check_response("getMe", &body),
        "error_code",
        "HTTP error status",
    );
    let body = mutated(&error_body(), "", |b| {
        b["parameters"] = json!({"retry_after": "5"})
    });
    caught(
        spec().check_response("getMe", &body),
        "parameters.retry_after",
        "Integer",
    );
    let r = spec().check_response("getMe", &json!([]));
    caught(r, "", "expected a response object");
    caught(
        spec().check_response("getMee", &ok(get_me())),
        "",
        "no method getMee",
    );
}

#[test]
fn chat_type_typo() {
    let update = mutated(&message_update(), "/message/chat/type", |t| {
        *t = json!("privat")
    });
    caught(
        spec().check_update(&update),
        "message.chat.type",
        "\"privat\" is not an allowed",
    );
}

#[test]
fn unknown_extra_field() {
    let update = mutated(&message_update(), "/message/chat", |c| {
        c["bio"] = json!("x")
    });
    caught(
        spec().check_update(&update),
        "message.chat.bio",
        "unknown field (not in Chat)",
    );
    let body = mutated(&ok(get_me()), "/result", |u| u["is_verified"] = json!(true));
    caught(
        spec().check_response("getMe", &body),
        "result.is_verified",
        "unknown field",
    );
}

#[test]
fn float_where_integer_expected() {
    let update = mutated(&message_update(), "/message/message_id", |id| {
        *id = json!(10.0)
    });
    caught(
        spec().check_update(&update),
        "message.message_id",
        "expected Integer, got float",
    );
    let update = mutated(&message_update(), "/update_id", |id| *id = json!(1.5));
    caught(spec().check_update(&update), "update_id", "got float");
    // chat_id of BotCommandScopeChat is Integer or String: the float is still named.
    let scope = json!({"type": "chat", "chat_id": 1.5});
    caught(
        spec().check_type("BotCommandScope", &scope),
        "chat_id",
        "expected Integer, got float",
    );
}

#[test]
fn chat_member_status_owner() {
    let member = mutated(&owner(), "/status", |s| *s = json!("owner"));
    let r = spec().check_response("getChatMember", &ok(member.clone()));
    caught(r, "result.status", "selects no variant of ChatMember");
    let r = spec().check_type("ChatMemberOwner", &member);
    caught(r, "status", "ChatMemberOwner.status is always \"creator\"");
}

#[test]
fn variant_fields_are_checked_after_selection() {
    // An administrator is missing a required right.
    let admin = mutated(&administrator(), "", remove("can_invite_users"));
    let r = spec().check_type("ChatMember", &admin);
    caught(
        r,
        "can_invite_users",
        "missing required field of ChatMemberAdministrator",
    );
    // A field of a later Bot API (`LATER_FIELDS`) is required and typed like the others.
    let admin = mutated(&administrator(), "", remove("can_send_welcome_messages"));
    caught(
        spec().check_type("ChatMember", &admin),
        "can_send_welcome_messages",
        "missing required field of ChatMemberAdministrator",
    );
    let origin = json!({"type": "forwarded", "date": NOW, "sender_user": alice()});
    caught(
        spec().check_type("MessageOrigin", &origin),
        "type",
        "selects no variant",
    );
    let reaction = json!({"type": "emoji", "emoji": "🦀"});
    caught(
        spec().check_type("ReactionType", &reaction),
        "emoji",
        "not an allowed value",
    );
    caught(
        spec().check_type("ChatMember", &json!("creator")),
        "",
        "expected ChatMember object",
    );
    caught(
        spec().check_type("ChatMember", &json!({"user": alice()})),
        "status",
        "missing",
    );
}

#[test]
fn maybe_inaccessible_message_rule() {
    // date 0 selects InaccessibleMessage, which has no `text`.
    let msg = mutated(&bot_message(), "/date", |d| *d = json!(0));
    let r = spec().check_type("MaybeInaccessibleMessage", &msg);
    caught(r, "text", "unknown field (not in InaccessibleMessage)");
    // Any other date selects Message, which is always positive.
    let msg = mutated(&bot_message(), "/date", |d| *d = json!(-5));
    caught(
        spec().check_type("MaybeInaccessibleMessage", &msg),
        "date",
        "always positive",
    );
    let gone = json!({"chat": private_chat(), "message_id": 11, "date": 0});
    caught(
        spec().check_type("Message", &gone),
        "date",
        "always positive",
    );
}

#[test]
fn boolean_results_must_be_true() {
    caught(
        spec().check_response("setWebhook", &ok(json!(false))),
        "result",
        "True",
    );
    caught(
        spec().check_method_result("editMessageText", &json!(false)),
        "result",
        "True",
    );
    let r = spec().check_method_result("editMessageText", &json!("ok"));
    caught(r, "result", "expected one of Message or Boolean");
    let r = spec().check_method_result("sendMessage", &json!(true));
    caught(r, "result", "expected Message object");
}

#[test]
fn documented_prose_rules() {
    // Two payloads in one update.
    let update = mutated(&message_update(), "", |u| u["edited_message"] = message());
    caught(
        spec().check_update(&update),
        "",
        "Update has 2 of the fields",
    );
    // A button with no action, and one with two.
    let ptr = "/callback_query/message/reply_markup/inline_keyboard/0/0";
    let path = "callback_query.message.reply_markup.inline_keyboard[0][0]";
    let none = mutated(&callback_update(), ptr, remove("callback_data"));
    caught(
        spec().check_update(&none),
        path,
        "InlineKeyboardButton has 0 of the fields",
    );
    let two = mutated(&callback_update(), ptr, |b| {
        b["url"] = json!("https://example.com")
    });
    caught(
        spec().check_update(&two),
        path,
        "InlineKeyboardButton has 2 of the fields",
    );
    // A getMe-only field on a message sender.
    let update = mutated(&message_update(), "/message/from", |u| {
        u["can_join_groups"] = json!(true)
    });
    caught(
        spec().check_update(&update),
        "message.from.can_join_groups",
        "only in getMe",
    );
    let r = spec().check_method_result(
        "getChatMember",
        &json!({"status": "left", "user": get_me()}),
    );
    caught(r, "result.user.supports_inline_queries", "only in getMe");
    // A URL on a bold entity.
    let entity = json!({"type": "bold", "offset": 0, "length": 1, "url": "https://x.y"});
    caught(
        spec().check_type("MessageEntity", &entity),
        "url",
        "only allowed when type is",
    );
}

#[test]
fn integer_ranges_and_nulls() {
    let update = mutated(&message_update(), "/message/chat/id", |id| {
        *id = json!(1_u64 << 60)
    });
    caught(
        spec().check_update(&update),
        "message.chat.id",
        "52 significant bits",
    );
    let update = mutated(&message_update(), "/update_id", |id| *id = json!(u64::MAX));
    caught(
        spec().check_update(&update),
        "update_id",
        "does not fit in a signed 64-bit",
    );
    let update = mutated(&message_update(), "/message", |m| m["text"] = Value::Null);
    caught(
        spec().check_update(&update),
        "message.text",
        "null is not a value",
    );
    caught(spec().check_type("InputFile", &json!("x")), "", "InputFile");
    caught(
        spec().check_type("Mesage", &message()),
        "",
        "no type Mesage",
    );
}

#[test]
fn violations_display_lists_every_violation() {
    let update = json!({"update_id": "1", "message": {"message_id": 1.0, "date": 1, "chat": {}}});
    let err = spec().check_update(&update).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.len(), 4, "{text}");
    assert!(text.starts_with(&format!("{} Bot API spec violation(s):", err.len())));
    for v in err.iter() {
        assert!(text.contains(&format!("\n  - {v}")), "{text}");
    }
    assert_eq!(format!("{err:?}"), text);
    for path in [
        "update_id",
        "message.message_id",
        "message.chat.id",
        "message.chat.type",
    ] {
        assert!(!err.at(path).is_empty(), "no violation at {path}: {text}");
    }
}
