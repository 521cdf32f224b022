//! Layer conversion against bytes written by GramJS 2.26.22 itself (layer 198).
//!
//! `tests/vectors/gramjs-198.json` holds values serialized by GramJS's own TL code
//! (`clients/gramjs/vectors.js`). Each down-conversion test builds the same value in layer
//! 230, with fields that only layer 230 has set as well, and checks that converting it to
//! layer 198 gives exactly GramJS's bytes. The up-conversion test reads GramJS's
//! `messages.sendMessage` and checks it against the call grammers (layer 230) writes.

use gramd_tl::{Bridge, Schema, convert::convert};
use grammers_tl_types::{Serializable, enums, functions, types};
use serde_json::{Value, json};

fn golden(name: &str) -> Vec<u8> {
    let vectors: Value =
        serde_json::from_str(include_str!("vectors/gramjs-198.json")).expect("vectors parse");
    hex(vectors[name].as_str().expect("vector present"))
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Encodes `value` as layer 230's `ty`, converts the bytes down to layer 198 and checks them
/// against GramJS's; then checks that the converted value reads back as layer 198's JSON.
fn down(ty: &str, value: &Value, vector: &str) {
    let bridge = Bridge::layer_198_to_230();
    let bytes = bridge
        .server()
        .encode(ty, value)
        .expect("layer 230 encodes");
    let converted = bridge.value_to_client(ty, &bytes).expect("converts");
    let expected = golden(vector);
    assert_eq!(
        converted,
        expected,
        "{vector}: converted\n{}\nGramJS wrote\n{}",
        bridge.client().decode(ty, &converted).unwrap(),
        bridge.client().decode(ty, &expected).unwrap()
    );
}

fn user_230() -> Value {
    json!({
        "_": "user", "self": true, "contact": true, "bot_forum_view": true,
        "id": "1000001", "access_hash": "-55", "first_name": "Ada", "last_name": "Lovelace",
        "username": "ada", "phone": "9996620001",
        "status": {"_": "userStatusRecently"},
        "usernames": [{"_": "username", "editable": true, "active": true, "deletable": true,
                       "username": "ada"}],
        "stories_max_id": {"_": "recentStory", "live": true, "max_id": 7},
        "send_paid_messages_stars": "5",
    })
}

fn message_230() -> Value {
    json!({
        "_": "message", "out": true, "paid_suggested_post_stars": true, "id": 42,
        "from_id": {"_": "peerUser", "user_id": "1000001"},
        "from_rank": "admin",
        "peer_id": {"_": "peerUser", "user_id": "2000002"},
        "reply_to": {"_": "messageReplyHeader", "reply_to_msg_id": 41, "todo_item_id": 3},
        "date": 1_700_000_000, "message": "hello world",
        "entities": [{"_": "messageEntityBold", "offset": 0, "length": 5}],
        "views": 10, "forwards": 2,
        "paid_message_stars": "3",
    })
}

#[test]
fn user_down_to_198() {
    down("User", &user_230(), "user");
}

#[test]
fn message_down_to_198() {
    down("Message", &message_230(), "message");
}

#[test]
fn messages_messages_down_to_198() {
    // The service message's action is one layer 198 lacks: it becomes messageActionEmpty.
    let service = json!({
        "_": "messageService", "id": 43, "peer_id": {"_": "peerUser", "user_id": "2000002"},
        "date": 1_700_000_001,
        "action": {"_": "messageActionChangeCreator", "new_creator_id": "9"},
    });
    let value = json!({
        "_": "messages.messages",
        "messages": [message_230(), service],
        "topics": [],
        "chats": [],
        "users": [user_230()],
    });
    down("messages.Messages", &value, "messages_messages");
}

#[test]
fn user_full_down_to_198() {
    let value = json!({
        "_": "userFull", "display_gifts_button": true, "id": "1000001", "about": "analyst",
        "settings": {"_": "peerSettings", "add_contact": true, "phone_country": "XX"},
        "notify_settings": {"_": "peerNotifySettings", "mute_until": 0},
        "pinned_msg_id": 42, "common_chats_count": 3,
        "note": {"_": "textWithEntities", "text": "n", "entities": []},
    });
    down("UserFull", &value, "user_full");
}

#[test]
fn dialog_down_to_198() {
    let value = json!({
        "_": "dialog", "pinned": true, "peer": {"_": "peerUser", "user_id": "2000002"},
        "top_message": 43, "read_inbox_max_id": 40, "read_outbox_max_id": 42,
        "unread_count": 1, "unread_mentions_count": 0, "unread_reactions_count": 0,
        "unread_poll_votes_count": 4,
        "notify_settings": {"_": "peerNotifySettings"}, "pts": 17,
    });
    down("Dialog", &value, "dialog");
}

#[test]
fn send_message_up_to_230() {
    let bridge = Bridge::layer_198_to_230();
    let call = bridge
        .call_to_server(&golden("send_message"))
        .expect("converts");
    assert_eq!(call.function(), "messages.sendMessage");
    let expected = functions::messages::SendMessage {
        no_webpage: false,
        silent: true,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: enums::InputPeer::User(types::InputPeerUser {
            user_id: 2_000_002,
            access_hash: -8_000_000_000_000_000_001,
        }),
        reply_to: Some(enums::InputReplyTo::Message(types::InputReplyToMessage {
            reply_to_msg_id: 41,
            top_msg_id: None,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        })),
        message: "hello world".into(),
        random_id: 1_234_567_890_123_456_789,
        reply_markup: None,
        entities: Some(vec![enums::MessageEntity::Bold(types::MessageEntityBold {
            offset: 0,
            length: 5,
        })]),
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
    .to_bytes();
    assert_eq!(call.bytes, expected);
}

#[test]
fn a_result_goes_back_in_the_layer_of_the_call() {
    // users.getUsers from a layer-198 client: the server answers Vector<User> in 230.
    let bridge = Bridge::layer_198_to_230();
    let request = bridge
        .client()
        .encode_function("users.getUsers", &json!({"id": [{"_": "inputUserSelf"}]}))
        .unwrap();
    let call = bridge.call_to_server(&request).unwrap();
    let answer = bridge
        .server()
        .encode("Vector<User>", &json!([user_230()]))
        .unwrap();
    let back = bridge.result_to_client(&call, &answer).unwrap();
    let mut expected = 0x1cb5_c415_u32.to_le_bytes().to_vec();
    expected.extend(1_i32.to_le_bytes());
    expected.extend(golden("user"));
    assert_eq!(back, expected);
}

#[test]
fn up_conversion_wraps_and_fills() {
    let (old, new) = (Schema::layer_198(), Schema::layer_230());
    let user = old.decode("User", &golden("user")).unwrap();
    let up = convert(&old, &new, "User", &user).unwrap();
    assert_eq!(
        up["stories_max_id"],
        json!({"_": "recentStory", "max_id": 7})
    );
    let dialog = old.decode("Dialog", &golden("dialog")).unwrap();
    let up = convert(&old, &new, "Dialog", &dialog).unwrap();
    assert_eq!(
        up["unread_poll_votes_count"], 0,
        "a required field layer 230 adds"
    );
    new.encode("Dialog", &up)
        .expect("a complete layer-230 dialog");
}

#[test]
fn what_has_no_counterpart_is_an_error_where_it_cannot_be_dropped() {
    let (old, new) = (Schema::layer_198(), Schema::layer_230());
    // A required MessageMedia-less field: messageActionChangeCreator has no layer-198
    // constructor, and MessageAction's stand-in is messageActionEmpty.
    let action = json!({"_": "messageActionChangeCreator", "new_creator_id": "9"});
    assert_eq!(
        convert(&new, &old, "MessageAction", &action).unwrap(),
        json!({"_": "messageActionEmpty"})
    );
    // A type with no field-less constructor has no stand-in.
    let reply = json!({"_": "inputReplyToMonoForum", "monoforum_peer_id": {"_": "inputPeerSelf"}});
    let err = convert(&new, &old, "InputReplyTo", &reply).unwrap_err();
    assert_eq!(err.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");
    assert!(err.to_string().contains("layer 198"), "{err}");
    // Inside a vector of a boxed type, it is dropped.
    let updates = json!([
        {"_": "updateDeleteMessages", "messages": [1], "pts": 2, "pts_count": 1},
        {"_": "updateMonoForumNoPaidException", "channel_id": "1",
         "saved_peer_id": {"_": "peerUser", "user_id": "2"}},
    ]);
    let down = convert(&new, &old, "Vector<Update>", &updates).unwrap();
    assert_eq!(down.as_array().unwrap().len(), 1, "{down}");
}

/// Every function both layers have converts up, from a layer-198 call with neutral values
/// in its required fields (functions whose required fields have no neutral value, such as
/// an `InputMedia`, are left out), and the result is a call layer 230 reads back.
#[test]
fn every_shared_function_converts_up() {
    let bridge = Bridge::layer_198_to_230();
    let (old, new) = (bridge.client(), bridge.server());
    let (mut converted, mut skipped) = (0, 0);
    for function in old.functions() {
        if new.function(function.name()).is_none() {
            continue;
        }
        let Ok(call) = convert(old, old, "!X", &json!({"_": function.name()})) else {
            skipped += 1;
            continue;
        };
        let bytes = old.encode_function(function.name(), &call).unwrap();
        let up = bridge
            .call_to_server(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", function.name()));
        assert_eq!(up.function(), function.name());
        new.decode_function(&up.bytes).unwrap();
        converted += 1;
    }
    assert!(converted > 500, "{converted} converted, {skipped} skipped");
}

/// Likewise down: every constructor both layers have, with neutral values in its required
/// fields, converts from layer 230 to bytes layer 198 reads, except where layer 198 requires
/// a field layer 230 made optional and no neutral value exists (`help.promoData.peer`).
#[test]
fn every_shared_constructor_converts_down() {
    let bridge = Bridge::layer_198_to_230();
    let (old, new) = (bridge.client(), bridge.server());
    let (mut converted, mut failed) = (0, Vec::new());
    for ctor in new.constructors() {
        let ty = ctor.type_name();
        // `Bool` and `True` are JSON booleans, not objects.
        let builtin = matches!(ty, "Bool" | "True");
        if builtin || old.constructor(ctor.name()).is_none() || old.type_constructors(ty).is_none()
        {
            continue;
        }
        let Ok(value) = convert(new, new, ty, &json!({"_": ctor.name()})) else {
            continue;
        };
        let bytes = new.encode(ty, &value).unwrap();
        match bridge.value_to_client(ty, &bytes) {
            Ok(down) => {
                assert_eq!(old.decode(ty, &down).unwrap()["_"], ctor.name());
                converted += 1;
            }
            Err(e @ gramd_tl::CodecError::MissingField { .. }) => {
                failed.push(format!("{}: {e}", ctor.name()));
            }
            Err(e) => panic!("{}: {e}", ctor.name()),
        }
    }
    assert!(converted > 1000, "{converted} converted");
    assert_eq!(failed, ["help.promoData: missing field `peer`"]);
}

#[test]
fn an_empty_wrapper_is_an_absent_field() {
    let (old, new) = (Schema::layer_198(), Schema::layer_230());
    let mut user = user_230();
    user["stories_max_id"] = json!({"_": "recentStory", "live": true});
    let down = convert(&new, &old, "User", &user).unwrap();
    assert!(down.get("stories_max_id").is_none(), "{down}");
    assert_eq!(down["first_name"], "Ada");
}
