//! Byte-exact round trips against `grammers-tl-types`: values built with grammers are
//! serialized, decoded by our codec to JSON (checked field by field), then encoded back and
//! compared with the original bytes. And the other way: JSON we encode is read by grammers.

use gramd_tl::Schema;
use grammers_tl_types::{Deserializable, Serializable, enums, functions, types};
use serde_json::{Value, json};

/// Decodes `bytes` as `ty`, re-encodes the JSON (also after a trip through JSON text) and
/// checks that the bytes are identical. Returns the JSON.
fn roundtrip(schema: &Schema, ty: &str, bytes: &[u8]) -> Value {
    let value = schema.decode(ty, bytes).expect("decode");
    let back = schema.encode(ty, &value).expect("encode");
    assert_eq!(back, bytes, "re-encoded bytes differ for {value}");
    let text = serde_json::to_string(&value).unwrap();
    let reparsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema.encode(ty, &reparsed).unwrap(), bytes);
    value
}

/// Same for a function call (constructor id included).
fn roundtrip_call(schema: &Schema, bytes: &[u8]) -> Value {
    let value = schema.decode_function(bytes).expect("decode_function");
    let name = value["_"].as_str().unwrap().to_owned();
    let back = schema
        .encode_function(&name, &value)
        .expect("encode_function");
    assert_eq!(back, bytes, "re-encoded call differs for {value}");
    value
}

fn peer_user(user_id: i64, access_hash: i64) -> enums::InputPeer {
    enums::InputPeer::User(types::InputPeerUser {
        user_id,
        access_hash,
    })
}

fn entities() -> Vec<enums::MessageEntity> {
    vec![
        enums::MessageEntity::Bold(types::MessageEntityBold {
            offset: 0,
            length: 5,
        }),
        enums::MessageEntity::TextUrl(types::MessageEntityTextUrl {
            offset: 6,
            length: 4,
            url: "https://example.org/".into(),
        }),
        enums::MessageEntity::Blockquote(types::MessageEntityBlockquote {
            collapsed: true,
            offset: 0,
            length: 10,
        }),
    ]
}

fn inline_markup() -> enums::ReplyMarkup {
    let button = |text: &str, data: &[u8]| {
        enums::KeyboardInlineButton::Button(types::KeyboardInlineButton {
            style: None,
            text: text.into(),
            r#type: enums::InlineButtonType::Callback(types::InlineButtonTypeCallback {
                requires_password: false,
                data: data.to_vec(),
            }),
        })
    };
    enums::ReplyMarkup::ReplyInlineMarkup(types::ReplyInlineMarkup {
        force_reply: false,
        rows: vec![
            enums::KeyboardInlineButtonRow::Row(types::KeyboardInlineButtonRow {
                buttons: vec![button("Yes", b"y\xfb\xff"), button("No", b"")],
            }),
            enums::KeyboardInlineButtonRow::Row(types::KeyboardInlineButtonRow {
                buttons: vec![enums::KeyboardInlineButton::Button(
                    types::KeyboardInlineButton {
                        style: Some(enums::KeyboardButtonStyle::Style(
                            types::KeyboardButtonStyle {
                                bg_primary: true,
                                bg_danger: false,
                                bg_success: false,
                                icon: Some(77),
                            },
                        )),
                        text: "Site".into(),
                        r#type: enums::InlineButtonType::Url(types::InlineButtonTypeUrl {
                            url: "https://example.org/".into(),
                        }),
                    },
                )],
            }),
        ],
    })
}

#[test]
fn input_peer_user() {
    let schema = Schema::layer_230();
    let bytes = peer_user(123, -55).to_bytes();
    let value = roundtrip(&schema, "InputPeer", &bytes);
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#"{"_":"inputPeerUser","user_id":"123","access_hash":"-55"}"#
    );
    // Bare form: no id, same JSON (with `_`).
    let bare = types::InputPeerUser {
        user_id: i64::MAX,
        access_hash: i64::MIN,
    }
    .to_bytes();
    let value = roundtrip(&schema, "inputPeerUser", &bare);
    assert_eq!(value["user_id"], i64::MAX.to_string());
    assert_eq!(value["access_hash"], i64::MIN.to_string());
    // Constructors without fields.
    let value = roundtrip(&schema, "InputPeer", &enums::InputPeer::PeerSelf.to_bytes());
    assert_eq!(value, json!({"_": "inputPeerSelf"}));
}

fn send_message() -> functions::messages::SendMessage {
    functions::messages::SendMessage {
        no_webpage: true,
        silent: false,
        background: true,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: peer_user(42, 7),
        reply_to: Some(enums::InputReplyTo::Message(types::InputReplyToMessage {
            reply_to_msg_id: 10,
            top_msg_id: None,
            reply_to_peer_id: None,
            quote_text: Some("quoted".into()),
            quote_entities: None,
            quote_offset: Some(3),
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        })),
        message: "Hello world".into(),
        random_id: -1234567890123,
        reply_markup: Some(inline_markup()),
        entities: Some(entities()),
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: Some(5_000_000_000),
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
}

#[test]
fn send_message_from_grammers() {
    let schema = Schema::layer_230();
    let bytes = send_message().to_bytes();
    let value = roundtrip_call(&schema, &bytes);
    assert_eq!(value["_"], "messages.sendMessage");
    assert_eq!(value["no_webpage"], true);
    assert_eq!(value["background"], true);
    assert!(
        value.get("silent").is_none(),
        "unset true flags are omitted"
    );
    assert!(value.get("flags").is_none(), "# fields are omitted");
    assert!(value.get("schedule_date").is_none());
    assert_eq!(value["random_id"], "-1234567890123");
    assert_eq!(value["effect"], "5000000000");
    assert_eq!(
        value["peer"],
        json!({"_": "inputPeerUser", "user_id": "42", "access_hash": "7"})
    );
    assert_eq!(
        value["reply_to"],
        json!({"_": "inputReplyToMessage", "reply_to_msg_id": 10, "quote_text": "quoted", "quote_offset": 3})
    );
    assert_eq!(value["entities"][1]["url"], "https://example.org/");
    assert_eq!(value["entities"][2]["collapsed"], true);
    let rows = &value["reply_markup"]["rows"];
    assert_eq!(rows[0]["_"], "keyboardInlineButtonRow");
    assert_eq!(rows[0]["buttons"][0]["type"]["data"], "efv/"); // b"y\xfb\xff"
    assert_eq!(rows[0]["buttons"][1]["type"]["data"], "");
    assert_eq!(rows[1]["buttons"][0]["style"]["icon"], "77");
    // Keys in schema order, `_` first.
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "_",
            "no_webpage",
            "background",
            "peer",
            "reply_to",
            "message",
            "random_id",
            "reply_markup",
            "entities",
            "effect"
        ]
    );
}

#[test]
fn hand_written_send_message_reads_in_grammers() {
    let schema = Schema::layer_230();
    let params = json!({
        "peer": {"_": "inputPeerUser", "user_id": 42, "access_hash": "-7"},
        "message": "héllo ✓",
        "random_id": "9007199254740993",
        "silent": true,
        "noforwards": false,
        "entities": [
            {"_": "messageEntityBold", "offset": 0, "length": "5"},
            {"_": "messageEntityMentionName", "offset": 6, "length": 1, "user_id": "42"}
        ],
        "reply_to": null,
        "schedule_date": 1700000000,
        "flags": 12345
    });
    let bytes = schema
        .encode_function("messages.sendMessage", &params)
        .unwrap();
    let id = u32::from_le_bytes(bytes[..4].try_into().unwrap());
    assert_eq!(id, 0xfef48f62);
    let call = functions::messages::SendMessage::from_bytes(&bytes[4..]).unwrap();
    assert!(call.silent);
    assert!(!call.noforwards && !call.no_webpage);
    assert_eq!(call.peer, peer_user(42, -7));
    assert_eq!(call.message, "héllo ✓");
    assert_eq!(call.random_id, 9007199254740993);
    assert_eq!(call.schedule_date, Some(1700000000));
    assert!(call.reply_to.is_none());
    assert_eq!(
        call.entities,
        Some(vec![
            enums::MessageEntity::Bold(types::MessageEntityBold {
                offset: 0,
                length: 5
            }),
            enums::MessageEntity::MentionName(types::MessageEntityMentionName {
                offset: 6,
                length: 1,
                user_id: 42
            }),
        ])
    );
    // And grammers serializes it to exactly our bytes.
    assert_eq!(call.to_bytes(), bytes);
}

#[test]
fn update_short_sent_message() {
    let schema = Schema::layer_230();
    let bytes = enums::Updates::UpdateShortSentMessage(types::UpdateShortSentMessage {
        out: true,
        id: 5,
        pts: 100,
        pts_count: 1,
        date: 1_700_000_000,
        media: Some(enums::MessageMedia::Empty),
        entities: Some(entities()),
        ttl_period: None,
    })
    .to_bytes();
    let value = roundtrip(&schema, "Updates", &bytes);
    assert_eq!(value["_"], "updateShortSentMessage");
    assert_eq!(value["out"], true);
    assert_eq!(value["id"], 5);
    assert_eq!(value["media"], json!({"_": "messageMediaEmpty"}));
    assert!(value.get("ttl_period").is_none());
    assert_eq!(
        value["entities"][0],
        json!({"_": "messageEntityBold", "offset": 0, "length": 5})
    );
    // Result of messages.sendMessage.
    let via_result = schema
        .decode_result("messages.sendMessage", &json!({}), &bytes)
        .unwrap();
    assert_eq!(via_result, value);
}

fn user() -> types::User {
    types::User {
        is_self: true,
        contact: false,
        mutual_contact: true,
        deleted: false,
        bot: true,
        bot_chat_history: false,
        bot_nochats: true,
        verified: false,
        restricted: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: true,
        attach_menu_enabled: false,
        bot_can_edit: true,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: false,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: true,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: true,
        id: 777000,
        access_hash: Some(-3_000_000_000_000),
        first_name: Some("Ada".into()),
        last_name: None,
        username: Some("ada_bot".into()),
        phone: None,
        photo: Some(enums::UserProfilePhoto::Photo(types::UserProfilePhoto {
            has_video: false,
            personal: true,
            photo_id: 99,
            stripped_thumb: Some(vec![0xfb, 0xff, 0xbf, 0x01]),
            dc_id: 2,
        })),
        status: Some(enums::UserStatus::Recently(types::UserStatusRecently {
            by_me: true,
        })),
        bot_info_version: Some(3),
        restriction_reason: Some(vec![enums::RestrictionReason::Reason(
            types::RestrictionReason {
                platform: "all".into(),
                reason: "porn".into(),
                text: "no".into(),
            },
        )]),
        bot_inline_placeholder: None,
        lang_code: Some("en".into()),
        emoji_status: None,
        usernames: Some(vec![enums::Username::Username(types::Username {
            editable: true,
            active: true,
            deletable: false,
            expired: false,
            username: "ada_bot".into(),
        })]),
        stories_max_id: None,
        color: Some(enums::PeerColor::Color(types::PeerColor {
            color: Some(5),
            background_emoji_id: None,
        })),
        profile_color: None,
        bot_active_users: Some(1000),
        bot_verification_icon: None,
        send_paid_messages_stars: Some(0),
        linked_community_id: None,
    }
}

#[test]
fn user_with_many_optional_fields() {
    let schema = Schema::layer_230();
    let bytes = enums::User::User(user()).to_bytes();
    let value = roundtrip(&schema, "User", &bytes);
    assert_eq!(value["_"], "user");
    assert_eq!(value["self"], true);
    assert_eq!(value["mutual_contact"], true);
    assert_eq!(value["bot_can_edit"], true, "flags2 true field");
    assert_eq!(value["bot_guard"], true);
    assert!(value.get("contact").is_none());
    assert!(value.get("flags").is_none() && value.get("flags2").is_none());
    assert_eq!(value["id"], "777000");
    assert_eq!(value["access_hash"], "-3000000000000");
    assert!(value.get("last_name").is_none() && value.get("phone").is_none());
    assert_eq!(value["photo"]["stripped_thumb"], "+/+/AQ==");
    assert_eq!(value["photo"]["photo_id"], "99");
    assert_eq!(
        value["status"],
        json!({"_": "userStatusRecently", "by_me": true})
    );
    assert_eq!(value["usernames"][0]["username"], "ada_bot");
    assert_eq!(value["color"], json!({"_": "peerColor", "color": 5}));
    assert_eq!(value["send_paid_messages_stars"], "0");

    // Vector<User>, the result of users.getUsers.
    let list = vec![
        enums::User::User(user()),
        enums::User::Empty(types::UserEmpty { id: 1 }),
    ];
    let bytes = list.to_bytes();
    let value = roundtrip(&schema, "Vector<User>", &bytes);
    assert_eq!(value[1], json!({"_": "userEmpty", "id": "1"}));
    let via_result = schema
        .decode_result("users.getUsers", &json!({"id": []}), &bytes)
        .unwrap();
    assert_eq!(via_result, value);
}

fn message() -> types::Message {
    types::Message {
        out: true,
        mentioned: false,
        media_unread: false,
        silent: true,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: false,
        noforwards: false,
        invert_media: false,
        offline: true,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id: 31337,
        from_id: Some(enums::Peer::User(types::PeerUser { user_id: 10 })),
        from_boosts_applied: None,
        from_rank: Some("admin".into()),
        peer_id: enums::Peer::User(types::PeerUser { user_id: 20 }),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: Some(30),
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: Some(enums::MessageReplyHeader::Header(
            types::MessageReplyHeader {
                reply_to_scheduled: false,
                forum_topic: true,
                quote: false,
                reply_to_ephemeral: false,
                reply_to_msg_id: Some(31000),
                reply_to_peer_id: None,
                reply_from: None,
                reply_media: None,
                reply_to_top_id: Some(1),
                quote_text: None,
                quote_entities: None,
                quote_offset: None,
                todo_item_id: None,
                poll_option: None,
            },
        )),
        date: 1_700_000_123,
        // Longer than 253 bytes: the 0xfe length form.
        message: "long text ".repeat(40),
        media: None,
        reply_markup: Some(inline_markup()),
        entities: Some(entities()),
        views: Some(12),
        forwards: Some(0),
        replies: None,
        edit_date: None,
        post_author: None,
        grouped_id: Some(-1),
        reactions: None,
        restriction_reason: Some(vec![]),
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: Some(5_104_841_245_755_180_586),
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }
}

#[test]
fn message_with_entities_and_markup_in_updates() {
    let schema = Schema::layer_230();
    let msg = enums::Message::Message(message());
    let value = roundtrip(&schema, "Message", &msg.to_bytes());
    assert_eq!(value["_"], "message");
    assert_eq!(value["out"], true);
    assert_eq!(value["offline"], true, "flags2 true field");
    assert_eq!(value["from_rank"], "admin", "flags2 string field");
    assert_eq!(value["effect"], "5104841245755180586");
    assert_eq!(value["message"].as_str().unwrap().len(), 400);
    assert_eq!(value["views"], 12);
    assert_eq!(value["forwards"], 0);
    assert_eq!(value["restriction_reason"], json!([]));
    assert_eq!(value["reply_to"]["_"], "messageReplyHeader");
    assert_eq!(value["reply_to"]["forum_topic"], true);
    assert_eq!(value["reply_markup"]["_"], "replyInlineMarkup");
    assert_eq!(value["entities"].as_array().unwrap().len(), 3);
    assert_eq!(value["peer_id"], json!({"_": "peerUser", "user_id": "20"}));

    let updates = enums::Updates::Updates(types::Updates {
        updates: vec![
            enums::Update::NewMessage(types::UpdateNewMessage {
                message: msg.clone(),
                pts: 5,
                pts_count: 1,
            }),
            enums::Update::NewMessage(types::UpdateNewMessage {
                message: enums::Message::Empty(types::MessageEmpty {
                    id: 1,
                    peer_id: None,
                }),
                pts: 6,
                pts_count: 1,
            }),
        ],
        users: vec![enums::User::User(user())],
        chats: vec![],
        date: 1,
        seq: 2,
    });
    let value = roundtrip(&schema, "Updates", &updates.to_bytes());
    assert_eq!(value["updates"][0]["_"], "updateNewMessage");
    assert_eq!(value["updates"][0]["message"]["id"], 31337);
    assert_eq!(
        value["updates"][1]["message"],
        json!({"_": "messageEmpty", "id": 1})
    );
    assert_eq!(value["users"][0]["first_name"], "Ada");
    assert_eq!(value["chats"], json!([]));
}

#[test]
fn bool_state_double_and_int256() {
    let schema = Schema::layer_230();
    assert_eq!(roundtrip(&schema, "Bool", &true.to_bytes()), json!(true));
    assert_eq!(roundtrip(&schema, "Bool", &false.to_bytes()), json!(false));
    assert_eq!(
        schema
            .decode_result("messages.setTyping", &Value::Null, &true.to_bytes())
            .unwrap(),
        json!(true)
    );

    let state = types::updates::State {
        pts: 1,
        qts: 2,
        date: 3,
        seq: 4,
        unread_count: 5,
    };
    let bytes = enums::updates::State::State(state).to_bytes();
    let value = roundtrip(&schema, "updates.State", &bytes);
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#"{"_":"updates.state","pts":1,"qts":2,"date":3,"seq":4,"unread_count":5}"#
    );
    assert_eq!(
        schema.result_type("updates.getState", &json!({})).unwrap(),
        "updates.State"
    );

    let geo = enums::GeoPoint::Point(types::GeoPoint {
        long: 13.404954,
        lat: -52.520008,
        access_hash: 1,
        accuracy_radius: Some(50),
    });
    let value = roundtrip(&schema, "GeoPoint", &geo.to_bytes());
    assert_eq!(value["long"], 13.404954);
    assert_eq!(value["lat"], -52.520008);

    let mut key = [0u8; 32];
    key.iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = i as u8 * 8);
    let call = functions::phone::JoinGroupCall {
        muted: true,
        video_stopped: false,
        call: enums::InputGroupCall::Call(types::InputGroupCall {
            id: 1,
            access_hash: 2,
        }),
        join_as: enums::InputPeer::PeerSelf,
        invite_hash: None,
        public_key: Some(key),
        block: Some(vec![1, 2, 3]),
        params: enums::DataJson::Json(types::DataJson { data: "{}".into() }),
    };
    let value = roundtrip_call(&schema, &call.to_bytes());
    let decoded_key = value["public_key"].as_str().unwrap();
    assert_eq!(decoded_key.len(), 44, "32 bytes in padded base64");
    assert_eq!(value["block"], "AQID");
    assert_eq!(value["params"], json!({"_": "dataJSON", "data": "{}"}));
}

#[test]
fn generic_wrappers() {
    let schema = Schema::layer_230();
    let call = functions::InvokeWithLayer {
        layer: 230,
        query: functions::InitConnection {
            api_id: 6,
            device_model: "test".into(),
            system_version: "1".into(),
            app_version: "2".into(),
            system_lang_code: "en".into(),
            lang_pack: "".into(),
            lang_code: "en".into(),
            proxy: None,
            params: Some(enums::Jsonvalue::JsonObject(types::JsonObject {
                value: vec![enums::JsonobjectValue::JsonObjectValue(
                    types::JsonObjectValue {
                        key: "tz".into(),
                        value: enums::Jsonvalue::JsonString(types::JsonString {
                            value: "UTC".into(),
                        }),
                    },
                )],
            })),
            query: functions::help::GetConfig {},
        },
    };
    let bytes = call.to_bytes();
    let value = roundtrip_call(&schema, &bytes);
    assert_eq!(value["_"], "invokeWithLayer");
    assert_eq!(value["layer"], 230);
    assert_eq!(value["query"]["_"], "initConnection");
    assert_eq!(
        value["query"]["params"]["value"][0]["value"]["value"],
        "UTC"
    );
    assert_eq!(value["query"]["query"], json!({"_": "help.getConfig"}));
    assert_eq!(
        schema.result_type("invokeWithLayer", &value).unwrap(),
        "Config"
    );
    // Encoding the JSON gives grammers' bytes. (grammers itself cannot read nested generic
    // queries back: a function's `deserialize` does not consume its own constructor id.)
    let ours = schema.encode_function("invokeWithLayer", &value).unwrap();
    assert_eq!(ours, bytes);
    assert_eq!(
        &ours[8..12],
        &0xc1cd5ea9_u32.to_le_bytes(),
        "initConnection id"
    );
}
