//! The JSON convention of the product spec, rule by rule.

use gramd_tl::{CodecError, Schema};
use serde_json::json;

#[test]
fn numbers_in_and_out() {
    let schema = Schema::layer_230();
    // long: string or number in input, string in output.
    let a = schema.encode("long", &json!("-42")).unwrap();
    assert_eq!(a, (-42i64).to_le_bytes());
    assert_eq!(schema.encode("long", &json!(-42)).unwrap(), a);
    assert_eq!(schema.encode("long", &json!(-42.0)).unwrap(), a);
    assert_eq!(schema.decode("long", &a).unwrap(), json!("-42"));
    // int: number, numeric string accepted.
    let b = schema.encode("int", &json!("7")).unwrap();
    assert_eq!(b, 7i32.to_le_bytes());
    assert_eq!(schema.encode("int", &json!(7)).unwrap(), b);
    assert_eq!(schema.decode("int", &b).unwrap(), json!(7));
    // double: number; numeric strings and the non-finite names accepted.
    let c = schema.encode("double", &json!(0.5)).unwrap();
    assert_eq!(c, 0.5f64.to_le_bytes());
    assert_eq!(schema.encode("double", &json!("0.5")).unwrap(), c);
    assert_eq!(schema.decode("double", &c).unwrap(), json!(0.5));
    assert_eq!(
        schema.encode("double", &json!(3)).unwrap(),
        3f64.to_le_bytes()
    );
    let nan = schema.encode("double", &json!("NaN")).unwrap();
    assert!(f64::from_le_bytes(nan.clone().try_into().unwrap()).is_nan());
    assert_eq!(schema.decode("double", &nan).unwrap(), json!("NaN"));
    let inf = f64::NEG_INFINITY.to_le_bytes();
    assert_eq!(schema.decode("double", &inf).unwrap(), json!("-Infinity"));
    assert_eq!(schema.encode("double", &json!("-Infinity")).unwrap(), inf);
}

#[test]
fn base64_in_and_out() {
    let schema = Schema::layer_230();
    let data = [0xfbu8, 0xff, 0xbf, 0x01];
    let expected = {
        let mut v = vec![4u8];
        v.extend_from_slice(&data);
        v.extend_from_slice(&[0, 0, 0]);
        v
    };
    for input in ["+/+/AQ==", "+/+/AQ", "-_-_AQ==", "-_-_AQ"] {
        assert_eq!(
            schema.encode("bytes", &json!(input)).unwrap(),
            expected,
            "{input}"
        );
    }
    assert_eq!(
        schema.decode("bytes", &expected).unwrap(),
        json!("+/+/AQ==")
    );
    let key = [5u8; 16];
    let encoded = schema
        .encode("int128", &json!("BQUFBQUFBQUFBQUFBQUFBQ"))
        .unwrap();
    assert_eq!(encoded, key);
    assert_eq!(
        schema.decode("int128", &key).unwrap(),
        json!("BQUFBQUFBQUFBQUFBQUFBQ==")
    );
}

#[test]
fn flags_and_optional_fields() {
    let schema = Schema::layer_230();
    let base = json!({
        "peer": {"_": "inputPeerSelf"},
        "message": "m",
        "random_id": "1",
    });
    let plain = schema
        .encode_function("messages.sendMessage", &base)
        .unwrap();
    assert_eq!(&plain[4..8], &0u32.to_le_bytes(), "no flag set");
    // `false`, `null` and absence all unset; `#` fields are ignored in input.
    let mut same = base.clone();
    same["silent"] = json!(false);
    same["reply_to"] = json!(null);
    same["flags"] = json!(0xffff);
    assert_eq!(
        schema
            .encode_function("messages.sendMessage", &same)
            .unwrap(),
        plain
    );
    let mut silent = base.clone();
    silent["silent"] = json!(true);
    silent["schedule_date"] = json!(100);
    let bytes = schema
        .encode_function("messages.sendMessage", &silent)
        .unwrap();
    assert_eq!(&bytes[4..8], &((1u32 << 5) | (1 << 10)).to_le_bytes());
    let back = schema.decode_function(&bytes).unwrap();
    assert_eq!(back["silent"], true);
    assert_eq!(back["schedule_date"], 100);
    assert!(back.get("flags").is_none() && back.get("background").is_none());
    // Optional `Bool` in a flag: present as `false` still sets the bit.
    let poll = json!({"_": "buttonTypeRequestPoll", "quiz": false});
    let bytes = schema.encode("ButtonType", &poll).unwrap();
    assert_eq!(&bytes[4..8], &1u32.to_le_bytes());
    assert_eq!(schema.decode("ButtonType", &bytes).unwrap(), poll);
}

#[test]
fn vectors_bare_types_and_functions() {
    let schema = Schema::layer_230();
    let ids = json!(["1", 2, "-3"]);
    let boxed = schema.encode("Vector<long>", &ids).unwrap();
    assert_eq!(&boxed[..8], &[0x15, 0xc4, 0xb5, 0x1c, 3, 0, 0, 0]);
    assert_eq!(
        schema.decode("Vector<long>", &boxed).unwrap(),
        json!(["1", "2", "-3"])
    );
    let bare = schema.encode("vector<long>", &ids).unwrap();
    assert_eq!(bare, boxed[4..]);
    assert_eq!(
        schema.decode("vector<Bool>", &[0, 0, 0, 0]).unwrap(),
        json!([])
    );

    // A bare type takes its object with or without `_`, and outputs `_`.
    let with = schema
        .encode(
            "inputPeerUser",
            &json!({"_": "inputPeerUser", "user_id": 1, "access_hash": 2}),
        )
        .unwrap();
    let without = schema
        .encode("inputPeerUser", &json!({"user_id": 1, "access_hash": 2}))
        .unwrap();
    assert_eq!(with, without);
    assert_eq!(with.len(), 16, "no constructor id");
    assert_eq!(
        schema.decode("%updates.State", &[0; 20]).unwrap()["_"],
        "updates.state"
    );

    // A function without parameters: `null` or `{}`; bytes are just the id.
    let call = schema
        .encode_function("updates.getState", &json!(null))
        .unwrap();
    assert_eq!(call, 0xedd4882au32.to_le_bytes());
    assert_eq!(
        schema
            .encode_function("updates.getState", &json!({"_": "updates.getState"}))
            .unwrap(),
        call
    );
    assert_eq!(
        schema.decode_function(&call).unwrap(),
        json!({"_": "updates.getState"})
    );
    // `!X` through the generic `encode`.
    assert_eq!(
        schema
            .encode("!X", &json!({"_": "updates.getState"}))
            .unwrap(),
        call
    );
}

#[test]
fn long_strings_use_the_three_byte_length() {
    let schema = Schema::layer_230();
    for len in [253usize, 254, 255, 256, 1000, 70_000] {
        let s = "é".repeat(len / 2) + &"x".repeat(len % 2);
        assert_eq!(s.len(), len);
        let bytes = schema.encode("string", &json!(s)).unwrap();
        assert_eq!(bytes.len() % 4, 0);
        if len < 254 {
            assert_eq!(bytes[0] as usize, len);
        } else {
            assert_eq!(bytes[0], 254);
            assert_eq!(
                u32::from_le_bytes([bytes[1], bytes[2], bytes[3], 0]) as usize,
                len
            );
        }
        assert_eq!(schema.decode("string", &bytes).unwrap(), json!(s));
    }
    let too_long = "x".repeat(1 << 24);
    assert!(matches!(
        schema.encode("string", &json!(too_long)).unwrap_err(),
        CodecError::TooLong { len, .. } if len == 1 << 24
    ));
}

/// A schema of our own, for what api.tl does not use: bare vectors of bare constructors,
/// `%T`, and several `#` fields.
const CUSTOM: &str = "
// LAYER 7
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;
point#11111111 x:int y:int = Point;
salt#22222222 valid:int salt:long = Salt;
shape#33333333 flags:# closed:flags.0?true flags2:# name:flags2.3?string pts:vector<%Point> salts:vector<salt> tags:Vector<string> = Shape;
---functions---
draw#44444444 shape:Shape = Bool;
";

#[test]
fn custom_schema_with_bare_vectors() {
    let schema = Schema::from_tl(CUSTOM).unwrap();
    assert_eq!(schema.layer(), Some(7));
    let shape = json!({
        "_": "shape",
        "closed": true,
        "name": "tri",
        "pts": [{"x": 1, "y": 2}, {"_": "point", "x": 3, "y": 4}],
        "salts": [{"valid": 5, "salt": "6"}],
        "tags": ["a"]
    });
    let bytes = schema.encode("Shape", &shape).unwrap();
    let words = |ws: &[u32]| ws.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>();
    let mut expected = words(&[0x33333333, 1, 8]); // id, flags (closed), flags2 (name)
    expected.extend_from_slice(&[3, b't', b'r', b'i']);
    expected.extend(words(&[2, 1, 2, 3, 4])); // bare vector of bare points: no ids
    expected.extend(words(&[1, 5])); // bare vector of one bare salt
    expected.extend_from_slice(&6i64.to_le_bytes());
    expected.extend(words(&[0x1cb5c415, 1])); // boxed Vector<string>
    expected.extend_from_slice(&[1, b'a', 0, 0]);
    assert_eq!(bytes, expected);
    let back = schema.decode("Shape", &bytes).unwrap();
    assert_eq!(back["pts"][0], json!({"_": "point", "x": 1, "y": 2}));
    assert_eq!(
        back["salts"][0],
        json!({"_": "salt", "valid": 5, "salt": "6"})
    );
    assert_eq!(back["closed"], true);
    assert_eq!(schema.function("draw").unwrap().id(), 0x44444444);
    assert_eq!(
        schema
            .decode_result("draw", &json!({}), &0x997275b5u32.to_le_bytes())
            .unwrap(),
        json!(true)
    );
}

#[test]
fn bad_schemas_are_rejected() {
    for (text, reason) in [
        ("a#1 x:Nope = A;", "unknown type `Nope`"),
        ("a#1 = A;\nb#1 = B;", "duplicate constructor id"),
        ("a#1 = A;\na#2 = A;", "duplicate constructor name"),
        ("a#1 x:int x:int = A;", "duplicate parameter `x`"),
        ("a#1 x:%A = A;\nb#2 = A;", "unknown type `%A`"),
    ] {
        let e = Schema::from_tl(text).unwrap_err();
        assert_eq!(e.reason, reason, "{text}");
    }
    assert!(Schema::from_tl("a#1 f:flags.0?int = A;").is_err());
    assert!(Schema::from_tl("a#zz = A;").is_err());
    // No layer comment is fine for a custom schema.
    assert_eq!(Schema::from_tl("a#1 = A;").unwrap().layer(), None);
}

#[test]
fn absent_numbers_and_vectors_of_a_function_are_zero() {
    let schema = Schema::layer_230();
    let peer = json!({"_": "inputPeerSelf"});
    // `messages.getHistory` with only `peer` and `limit`: the other five ints and the `long`
    // hash are 0, byte for byte as if they had been given.
    let short = schema
        .encode_function("messages.getHistory", &json!({"peer": peer, "limit": 5}))
        .unwrap();
    let full = schema
        .encode_function(
            "messages.getHistory",
            &json!({"peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
                    "limit": 5, "max_id": 0, "min_id": 0, "hash": "0"}),
        )
        .unwrap();
    assert_eq!(short, full);
    let decoded = schema.decode_function(&short).unwrap();
    assert_eq!(decoded["limit"], 5);
    assert_eq!(decoded["offset_id"], 0);
    assert_eq!(decoded["hash"], "0");
    // Boxed and bare vectors are empty.
    let call = schema
        .encode_function("messages.deleteMessages", &json!({}))
        .unwrap();
    assert_eq!(schema.decode_function(&call).unwrap()["id"], json!([]));
    let call = schema
        .encode_function("users.getUsers", &json!({}))
        .unwrap();
    assert_eq!(call[4..], [0x15, 0xc4, 0xb5, 0x1c, 0, 0, 0, 0]);
    let custom = Schema::from_tl(
        "point x:double = Point;\n---functions---\nlocate ids:vector<long> at:double = Point;",
    )
    .unwrap();
    let call = custom.encode_function("locate", &json!({})).unwrap();
    assert_eq!(call[4..], [0; 12], "an empty bare vector, then 0.0");
}

#[test]
fn absent_objects_strings_and_bools_of_a_function_are_still_missing() {
    let schema = Schema::layer_230();
    let missing = |function: &str, params: serde_json::Value| match schema
        .encode_function(function, &params)
        .unwrap_err()
    {
        CodecError::MissingField { path } => path,
        other => panic!("{function}: expected MissingField, got {other:?}"),
    };
    // A boxed object.
    assert_eq!(missing("messages.getHistory", json!({"limit": 5})), "peer");
    // string.
    assert_eq!(missing("contacts.resolveUsername", json!({})), "username");
    // bytes.
    assert_eq!(missing("upload.saveFilePart", json!({})), "bytes");
    // Bool.
    assert_eq!(missing("account.updateStatus", json!({})), "offline");
    // `null` is not a number.
    assert_eq!(
        missing(
            "messages.getHistory",
            json!({"peer": {"_": "inputPeerSelf"}, "limit": null})
        ),
        "limit"
    );
    // Inside an object every field is required, numbers too.
    assert_eq!(
        missing(
            "messages.getHistory",
            json!({"peer": {"_": "inputPeerUser", "user_id": "1"}, "limit": 5})
        ),
        "peer.access_hash"
    );
}
