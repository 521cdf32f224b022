//! Every kind of bad input gives the right [`CodecError`], with the right path and Telegram
//! error name.

use gramd_tl::{CodecError, MAX_DEPTH, Schema};
use serde_json::{Value, json};

fn send(schema: &Schema, params: &Value) -> CodecError {
    schema
        .encode_function("messages.sendMessage", params)
        .expect_err("should fail")
}

/// A valid `messages.sendMessage` call with field `key` set to `value`, or removed for
/// `None`.
fn send_with(key: &str, value: Option<Value>) -> Value {
    let mut params = json!({
        "peer": {"_": "inputPeerUser", "user_id": "1", "access_hash": "2"},
        "message": "hi",
        "random_id": "3",
        "entities": [
            {"_": "messageEntityBold", "offset": 0, "length": 1},
            {"_": "messageEntityItalic", "offset": 1, "length": 1}
        ]
    });
    match value {
        Some(v) => params[key] = v,
        None => {
            params.as_object_mut().unwrap().remove(key);
        }
    }
    params
}

#[test]
fn the_valid_base_call_encodes() {
    let schema = Schema::layer_230();
    schema
        .encode_function(
            "messages.sendMessage",
            &send_with("message", Some(json!("x"))),
        )
        .unwrap();
}

#[test]
fn unknown_function() {
    let schema = Schema::layer_230();
    let e = schema
        .encode_function("messages.sendMesage", &json!({}))
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::UnknownFunction {
            name: "messages.sendMesage".into()
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
    assert_eq!(e.to_string(), "unknown function `messages.sendMesage`");
    // A constructor is not a function.
    let e = schema
        .encode_function("inputPeerSelf", &json!({}))
        .unwrap_err();
    assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
    // `_` in params must agree with the name.
    let e = schema
        .encode_function("updates.getState", &json!({"_": "help.getConfig"}))
        .unwrap_err();
    assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
    // A generic query naming no function.
    let e = schema
        .encode_function(
            "invokeWithLayer",
            &json!({"layer": 230, "query": {"_": "inputPeerSelf"}}),
        )
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::UnknownFunction {
            name: "inputPeerSelf".into()
        }
    );
}

#[test]
fn bad_constructor() {
    let schema = Schema::layer_230();
    let e = send(
        &schema,
        &send_with("peer", Some(json!({"_": "inputPeerUsr"}))),
    );
    assert_eq!(
        e,
        CodecError::UnknownConstructor {
            path: "peer".into(),
            name: "inputPeerUsr".into()
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");

    let e = send(
        &schema,
        &send_with(
            "peer",
            Some(json!({"_": "inputUser", "user_id": "1", "access_hash": "2"})),
        ),
    );
    assert_eq!(
        e,
        CodecError::WrongConstructor {
            path: "peer".into(),
            name: "inputUser".into(),
            expected: "InputPeer".into()
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");
    assert_eq!(
        e.to_string(),
        "constructor `inputUser` is not of type `InputPeer` at `peer`"
    );

    let e = send(
        &schema,
        &send_with("peer", Some(json!({"user_id": "1", "access_hash": "2"}))),
    );
    assert_eq!(
        e,
        CodecError::MissingConstructor {
            path: "peer".into(),
            expected: "InputPeer".into()
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");

    let e = send(&schema, &send_with("peer", Some(json!({"_": 5}))));
    assert!(
        matches!(e, CodecError::WrongType { ref path, .. } if path == "peer._"),
        "{e:?}"
    );

    // A bare type's `_`, when given, must name its constructor.
    let e = schema
        .encode(
            "inputPeerUser",
            &json!({"_": "inputPeerChat", "user_id": 1, "access_hash": 2}),
        )
        .unwrap_err();
    assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");
}

#[test]
fn missing_and_unknown_fields() {
    let schema = Schema::layer_230();
    let e = send(&schema, &send_with("message", None));
    assert_eq!(
        e,
        CodecError::MissingField {
            path: "message".into()
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_FETCH_ERROR");
    // `null` for a required field is missing too.
    let e = send(&schema, &send_with("random_id", Some(Value::Null)));
    assert_eq!(
        e,
        CodecError::MissingField {
            path: "random_id".into()
        }
    );
    let e = send(
        &schema,
        &send_with("peer", Some(json!({"_": "inputPeerUser", "user_id": "1"}))),
    );
    assert_eq!(
        e,
        CodecError::MissingField {
            path: "peer.access_hash".into()
        }
    );
    let e = send(
        &schema,
        &send_with(
            "peer",
            Some(json!({"_": "inputPeerUser", "user_id": "1", "access_hash": "2", "usr_id": 1})),
        ),
    );
    assert_eq!(
        e,
        CodecError::UnknownField {
            path: "peer.usr_id".into()
        }
    );
    let e = send(&schema, &send_with("mesage", Some(json!("typo"))));
    assert_eq!(
        e,
        CodecError::UnknownField {
            path: "mesage".into()
        }
    );
    // Fields sharing a flag bit: giving one requires the others.
    let e = schema
        .encode_function(
            "phone.joinGroupCall",
            &json!({
                "call": {"_": "inputGroupCall", "id": "1", "access_hash": "2"},
                "join_as": {"_": "inputPeerSelf"},
                "public_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "params": {"_": "dataJSON", "data": "{}"}
            }),
        )
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::MissingField {
            path: "block".into()
        }
    );
}

fn wrong_type_path(e: &CodecError) -> &str {
    match e {
        CodecError::WrongType { path, .. } => path,
        other => panic!("expected WrongType, got {other:?}"),
    }
}

#[test]
fn wrong_json_types() {
    let schema = Schema::layer_230();
    let e = send(&schema, &send_with("message", Some(json!(5))));
    assert_eq!(wrong_type_path(&e), "message");
    assert_eq!(
        e.to_string(),
        "wrong JSON type at `message`: expected string, found number"
    );
    for bad in [
        json!("abc"),
        json!(1.5),
        json!(true),
        json!([]),
        json!("1e3"),
        json!(""),
    ] {
        let e = send(&schema, &send_with("random_id", Some(bad)));
        assert_eq!(wrong_type_path(&e), "random_id");
    }
    let e = send(&schema, &send_with("silent", Some(json!("yes"))));
    assert_eq!(wrong_type_path(&e), "silent");
    let e = send(&schema, &send_with("entities", Some(json!({}))));
    assert_eq!(wrong_type_path(&e), "entities");
    let mut params = send_with("message", Some(json!("x")));
    params["entities"][1]["offset"] = json!({"n": 1});
    let e = send(&schema, &params);
    assert_eq!(wrong_type_path(&e), "entities[1].offset");
    let e = send(&schema, &send_with("peer", Some(json!("inputPeerSelf"))));
    assert_eq!(wrong_type_path(&e), "peer");
    let e = schema
        .encode_function("messages.sendMessage", &json!([1, 2]))
        .unwrap_err();
    assert_eq!(wrong_type_path(&e), "");
    let e = schema
        .encode_function(
            "messages.setTyping",
            &json!({"peer": {"_": "inputPeerSelf"}, "action": {"_": "sendMessageTypingAction"}, "top_msg_id": "x"}),
        )
        .unwrap_err();
    assert_eq!(wrong_type_path(&e), "top_msg_id");
    let e = schema.encode("Bool", &json!(1)).unwrap_err();
    assert_eq!(wrong_type_path(&e), "");
    let e = schema.encode("double", &json!("abc")).unwrap_err();
    assert_eq!(wrong_type_path(&e), "");
}

#[test]
fn numbers_out_of_range() {
    let schema = Schema::layer_230();
    for bad in [
        json!("9223372036854775808"),
        json!("-9223372036854775809"),
        json!(18446744073709551615u64),
        json!(1e19),
    ] {
        let e = send(&schema, &send_with("random_id", Some(bad)));
        assert_eq!(
            e,
            CodecError::NumberOutOfRange {
                path: "random_id".into()
            }
        );
    }
    for bad in [
        json!(2147483648i64),
        json!(-2147483649i64),
        json!("2147483648"),
    ] {
        let e = send(&schema, &send_with("schedule_date", Some(bad)));
        assert_eq!(
            e,
            CodecError::NumberOutOfRange {
                path: "schedule_date".into()
            }
        );
    }
    schema.encode("int", &json!(i32::MIN)).unwrap();
    schema.encode("int", &json!(i32::MAX)).unwrap();
    schema.encode("long", &json!(i64::MIN)).unwrap();
}

#[test]
fn base64_errors() {
    let schema = Schema::layer_230();
    let e = schema.encode("bytes", &json!("not base64!")).unwrap_err();
    assert_eq!(
        e,
        CodecError::InvalidBase64 {
            path: String::new()
        }
    );
    let e = schema.encode("bytes", &json!(12)).unwrap_err();
    assert_eq!(wrong_type_path(&e), "");
    let e = schema.encode("int256", &json!("AAAA")).unwrap_err();
    assert_eq!(
        e,
        CodecError::WrongLength {
            path: String::new(),
            expected: 32,
            found: 3
        }
    );
    let e = schema.encode("int128", &json!("")).unwrap_err();
    assert!(matches!(
        e,
        CodecError::WrongLength {
            expected: 16,
            found: 0,
            ..
        }
    ));
}

#[test]
fn truncated_and_trailing_bytes() {
    let schema = Schema::layer_230();
    let bytes = schema
        .encode_function(
            "messages.sendMessage",
            &send_with("message", Some(json!("hello"))),
        )
        .unwrap();
    for n in 0..bytes.len() {
        let e = schema.decode_function(&bytes[..n]).unwrap_err();
        assert!(
            matches!(e, CodecError::UnexpectedEnd { .. }),
            "prefix {n}: {e:?}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        schema.decode_function(&longer).unwrap_err(),
        CodecError::TrailingData { remaining: 1 }
    );
    // The path tells where data ran out.
    let e = schema.decode_function(&bytes[..20]).unwrap_err();
    assert_eq!(e.path(), Some("peer.access_hash"));

    assert_eq!(
        schema.decode("Bool", &[1, 2, 3, 4]).unwrap_err(),
        CodecError::InvalidData {
            path: String::new(),
            reason: "Bool is neither boolTrue nor boolFalse"
        }
    );
    let e = schema
        .decode("InputPeer", &[0xde, 0xad, 0xbe, 0xef])
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::UnknownConstructorId {
            path: String::new(),
            id: 0xefbeadde
        }
    );
    assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");
    // A constructor of another type.
    let peer = schema
        .encode("InputPeer", &json!({"_": "inputPeerSelf"}))
        .unwrap();
    assert!(matches!(
        schema.decode("User", &peer).unwrap_err(),
        CodecError::WrongConstructor { .. }
    ));
    let e = schema.decode_function(&peer).unwrap_err();
    assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
    assert_eq!(
        schema.decode("Nope", &[]).unwrap_err(),
        CodecError::UnknownType {
            name: "Nope".into()
        }
    );
    assert_eq!(
        schema.encode("Vector<Nope>", &json!([])).unwrap_err(),
        CodecError::UnknownType {
            name: "Vector<Nope>".into()
        }
    );
}

/// `jsonArray` nested `levels` deep around `jsonNull`.
fn nested_json_value(levels: usize) -> Value {
    let mut v = json!({"_": "jsonNull"});
    for _ in 0..levels {
        v = json!({"_": "jsonArray", "value": [v]});
    }
    v
}

#[test]
fn deep_nesting() {
    let schema = Schema::layer_230();
    // Each level is an object and a vector: 2 levels of depth.
    let ok = nested_json_value(MAX_DEPTH / 2 - 1);
    let bytes = schema.encode("JSONValue", &ok).unwrap();
    assert_eq!(schema.decode("JSONValue", &bytes).unwrap(), ok);

    let e = schema
        .encode("JSONValue", &nested_json_value(MAX_DEPTH))
        .unwrap_err();
    assert!(matches!(e, CodecError::TooDeep { .. }), "{e:?}");
    assert_eq!(e.rpc_error_name(), "INPUT_FETCH_ERROR");

    // Hand-made bytes nesting far deeper than any encoder would produce.
    let array_id = schema.constructor("jsonArray").unwrap().id();
    let null_id = schema.constructor("jsonNull").unwrap().id();
    let mut bytes = Vec::new();
    for _ in 0..10_000 {
        bytes.extend_from_slice(&array_id.to_le_bytes());
        bytes.extend_from_slice(&0x1cb5c415u32.to_le_bytes());
        bytes.extend_from_slice(&1i32.to_le_bytes());
    }
    bytes.extend_from_slice(&null_id.to_le_bytes());
    let e = schema.decode("JSONValue", &bytes).unwrap_err();
    assert!(matches!(e, CodecError::TooDeep { .. }), "{e:?}");

    // Generic wrappers nest too.
    let mut call = json!({"_": "help.getConfig"});
    for _ in 0..200 {
        call = json!({"_": "invokeWithoutUpdates", "query": call});
    }
    let e = schema
        .encode_function("invokeWithoutUpdates", &call)
        .unwrap_err();
    assert!(matches!(e, CodecError::TooDeep { .. }), "{e:?}");
    let e = schema
        .result_type("invokeWithoutUpdates", &call)
        .unwrap_err();
    assert!(matches!(e, CodecError::TooDeep { .. }), "{e:?}");
}

/// Found by the `client_json` fuzz target: the encoder and the decoder must count depth
/// alike, so that any call the encoder accepts decodes, at every nesting up to and past the
/// limit.
#[test]
fn encoder_and_decoder_agree_on_the_depth_limit() {
    let schema = Schema::layer_230();
    let mut deepest_encoded = 0;
    for levels in 0..=MAX_DEPTH + 2 {
        let mut call = json!({"_": "help.getConfig"});
        for _ in 0..levels {
            call = json!({"_": "invokeWithoutUpdates", "query": call});
        }
        let name = call["_"].as_str().unwrap().to_owned();
        let Ok(bytes) = schema.encode_function(&name, &call) else {
            continue;
        };
        deepest_encoded = levels;
        let decoded = schema
            .decode_function(&bytes)
            .unwrap_or_else(|e| panic!("{levels} levels encode but do not decode: {e}"));
        assert_eq!(decoded, call);
    }
    assert_eq!(
        deepest_encoded,
        MAX_DEPTH - 1,
        "each wrapper is one level, the innermost call one more"
    );
}

#[test]
fn generic_result_needs_a_query() {
    let schema = Schema::layer_230();
    let e = schema
        .result_type("invokeWithLayer", &json!({"layer": 1}))
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::GenericResult {
            function: "invokeWithLayer".into()
        }
    );
    let e = schema
        .decode_result("invokeWithLayer", &json!({"query": {"_": "nope"}}), &[])
        .unwrap_err();
    assert_eq!(
        e,
        CodecError::UnknownFunction {
            name: "nope".into()
        }
    );
    let e = schema.result_type("nope", &json!({})).unwrap_err();
    assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
}
