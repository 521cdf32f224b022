//! Random and mutated input, in loops: nothing may panic, and whatever is accepted must be
//! consistent (what decodes re-encodes and decodes to the same JSON; what encodes decodes and
//! re-encodes to the same bytes).

use gramd_tl::Schema;
use serde_json::{Map, Value, json};

/// xorshift64*: small, deterministic, good enough to shake the codec.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TYPES: &[&str] = &[
    "Updates",
    "User",
    "Message",
    "Vector<User>",
    "Bool",
    "messages.Messages",
    "Config",
    "JSONValue",
    "InputPeer",
    "ReplyMarkup",
    "vector<long>",
    "bytes",
    "string",
];

/// Decoding succeeded: the JSON must re-encode, and that must decode to the same JSON.
fn check_decoded(schema: &Schema, ty: Option<&str>, value: &Value) {
    let bytes = match ty {
        Some(ty) => schema.encode(ty, value),
        None => schema.encode_function(value["_"].as_str().unwrap(), value),
    }
    .unwrap_or_else(|e| panic!("decoded JSON does not re-encode: {e}\n{value}"));
    let again = match ty {
        Some(ty) => schema.decode(ty, &bytes),
        None => schema.decode_function(&bytes),
    }
    .unwrap();
    assert_eq!(&again, value);
}

/// Encoding succeeded: the bytes must decode, and the JSON re-encode to the same bytes.
fn check_encoded(schema: &Schema, function: &str, bytes: &[u8]) {
    let value = schema
        .decode_function(bytes)
        .unwrap_or_else(|e| panic!("encoded bytes do not decode: {e}"));
    assert_eq!(value["_"], function);
    assert_eq!(schema.encode_function(function, &value).unwrap(), bytes);
}

/// Valid calls whose encodings seed the mutation loops.
fn corpus() -> Vec<(&'static str, Value)> {
    vec![
        (
            "messages.sendMessage",
            json!({
                "silent": true,
                "peer": {"_": "inputPeerUser", "user_id": "1", "access_hash": "2"},
                "reply_to": {"_": "inputReplyToMessage", "reply_to_msg_id": 4, "quote_text": "q"},
                "message": "hello there, a message",
                "random_id": "3",
                "reply_markup": {"_": "replyInlineMarkup", "rows": [{"_": "keyboardInlineButtonRow", "buttons": [
                    {"_": "keyboardInlineButton", "text": "b", "type": {"_": "inlineButtonTypeCallback", "data": "AQID"}}
                ]}]},
                "entities": [{"_": "messageEntityTextUrl", "offset": 0, "length": 5, "url": "https://x.y/"}]
            }),
        ),
        (
            "invokeWithLayer",
            json!({"layer": 230, "query": {"_": "initConnection", "api_id": 1,
                "device_model": "d", "system_version": "s", "app_version": "a",
                "system_lang_code": "en", "lang_pack": "", "lang_code": "en",
                "params": {"_": "jsonObject", "value": [{"_": "jsonObjectValue", "key": "k",
                    "value": {"_": "jsonArray", "value": [{"_": "jsonNumber", "value": 1.5}, {"_": "jsonBool", "value": true}]}}]},
                "query": {"_": "users.getUsers", "id": [{"_": "inputUserSelf"}, {"_": "inputUser", "user_id": "5", "access_hash": "6"}]}}}),
        ),
        (
            "phone.joinGroupCall",
            json!({"muted": true, "call": {"_": "inputGroupCall", "id": "1", "access_hash": "2"},
                "join_as": {"_": "inputPeerSelf"}, "invite_hash": "h",
                "public_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "block": "Zm9v",
                "params": {"_": "dataJSON", "data": "{}"}}),
        ),
        (
            "messages.getHistory",
            json!({"peer": {"_": "inputPeerChannel", "channel_id": "9", "access_hash": "-9"},
                "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": 20, "max_id": 0,
                "min_id": 0, "hash": "0"}),
        ),
    ]
}

#[test]
fn random_bytes_never_panic() {
    let schema = Schema::layer_230();
    let ids: Vec<u32> = schema
        .constructors()
        .chain(schema.functions())
        .map(|c| c.id())
        .chain([0x1cb5c415, 0x997275b5])
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..10_000 {
        // Mostly known ids and small numbers, to get past the first constructor.
        let mut bytes = Vec::new();
        for _ in 0..rng.below(24) {
            let word = match rng.below(4) {
                0 => *rng.pick(&ids),
                1 => rng.below(4) as u32,
                2 => rng.next() as u32,
                _ => u32::from_le_bytes([rng.below(256) as u8, 0, 0, 0]),
            };
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.truncate(bytes.len().saturating_sub(rng.below(3)));
        let ty = *rng.pick(TYPES);
        // Every prefix: one of them may be a complete value.
        for cut in 0..=bytes.len() {
            let bytes = &bytes[..cut];
            if let Ok(value) = schema.decode(ty, bytes) {
                check_decoded(&schema, Some(ty), &value);
                accepted += 1;
            }
            if let Ok(value) = schema.decode_function(bytes) {
                check_decoded(&schema, None, &value);
                accepted += 1;
            }
        }
    }
    assert!(accepted > 300, "only {accepted} random inputs decoded");
}

#[test]
fn mutated_encodings_never_panic() {
    let schema = Schema::layer_230();
    let ids: Vec<u32> = schema.constructors().map(|c| c.id()).collect();
    let seeds: Vec<Vec<u8>> = corpus()
        .iter()
        .map(|(f, params)| schema.encode_function(f, params).unwrap())
        .collect();
    let mut rng = Rng(42);
    let mut accepted = 0;
    for _ in 0..30_000 {
        let mut bytes = rng.pick(&seeds).clone();
        for _ in 0..=rng.below(3) {
            let at = rng.below(bytes.len());
            match rng.below(5) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes[at] = rng.next() as u8,
                2 => bytes.truncate(at),
                3 => {
                    let word = at & !3;
                    if word + 4 <= bytes.len() {
                        bytes[word..word + 4].copy_from_slice(&rng.pick(&ids).to_le_bytes());
                    }
                }
                _ => {
                    let extra = (rng.next() as u32).to_le_bytes();
                    bytes.splice(at..at, extra);
                }
            }
            if bytes.is_empty() {
                break;
            }
        }
        if let Ok(value) = schema.decode_function(&bytes) {
            check_decoded(&schema, None, &value);
            accepted += 1;
        }
    }
    assert!(accepted > 2000, "only {accepted} mutations decoded");
}

const KEYS: &[&str] = &[
    "_",
    "peer",
    "message",
    "random_id",
    "silent",
    "entities",
    "user_id",
    "access_hash",
    "offset",
    "length",
    "url",
    "query",
    "layer",
    "id",
    "value",
    "flags",
    "reply_to",
    "reply_to_msg_id",
    "data",
    "hash",
    "limit",
];

const NAMES: &[&str] = &[
    "inputPeerUser",
    "inputPeerSelf",
    "inputPeerEmpty",
    "messageEntityBold",
    "jsonArray",
    "jsonNull",
    "inputUser",
    "help.getConfig",
    "messages.sendMessage",
    "invokeWithLayer",
    "inputReplyToMessage",
    "nope",
    "",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth >= 5;
    match rng.below(if leaf { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => match rng.below(5) {
            0 => json!(rng.next() as i64),
            1 => json!(rng.below(100) as i64 - 50),
            2 => json!(rng.next()),
            3 => json!(f64::from(rng.below(1000) as u32) / 7.0),
            _ => json!(i64::from(i32::MAX) + 1),
        },
        3 => json!(rng.pick(NAMES)),
        4 => match rng.below(4) {
            0 => json!(rng.next().to_string()),
            1 => json!("AQID"),
            2 => json!("-0"),
            _ => json!("not base64 ✓"),
        },
        5 => json!(""),
        6 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut obj = Map::new();
            if rng.below(4) != 0 {
                obj.insert("_".into(), json!(rng.pick(NAMES)));
            }
            for _ in 0..rng.below(5) {
                obj.insert(rng.pick(KEYS).to_string(), random_value(rng, depth + 1));
            }
            Value::Object(obj)
        }
    }
}

/// Replaces one random place inside `v` (or removes an object key).
fn mutate(rng: &mut Rng, v: &mut Value) {
    let children = match v {
        Value::Object(o) => o.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if children == 0 || rng.below(4) == 0 {
        *v = random_value(rng, 3);
        return;
    }
    let i = rng.below(children);
    match v {
        Value::Object(o) => {
            if rng.below(5) == 0 {
                let key = o.keys().nth(i).unwrap().clone();
                o.remove(&key);
            } else {
                mutate(rng, o.values_mut().nth(i).unwrap());
            }
        }
        Value::Array(a) => mutate(rng, &mut a[i]),
        _ => unreachable!(),
    }
}

#[test]
fn random_json_never_panics() {
    let schema = Schema::layer_230();
    let functions: Vec<String> = schema.functions().map(|f| f.name().to_owned()).collect();
    let mut rng = Rng(7);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let value = random_value(&mut rng, 0);
        let function = rng.pick(&functions);
        if let Ok(bytes) = schema.encode_function(function, &value) {
            check_encoded(&schema, function, &bytes);
            accepted += 1;
        }
        let ty = *rng.pick(TYPES);
        if let Ok(bytes) = schema.encode(ty, &value) {
            let decoded = schema.decode(ty, &bytes).unwrap();
            assert_eq!(schema.encode(ty, &decoded).unwrap(), bytes);
            accepted += 1;
        }
    }
    assert!(accepted > 500, "only {accepted} random values encoded");
}

#[test]
fn mutated_json_never_panics() {
    let schema = Schema::layer_230();
    let corpus = corpus();
    let mut rng = Rng(1234);
    let mut accepted = 0;
    for _ in 0..20_000 {
        let (function, params) = rng.pick(&corpus);
        let mut params = params.clone();
        for _ in 0..=rng.below(2) {
            mutate(&mut rng, &mut params);
        }
        if let Ok(bytes) = schema.encode_function(function, &params) {
            check_encoded(&schema, function, &bytes);
            accepted += 1;
        }
    }
    assert!(accepted > 500, "only {accepted} mutated calls encoded");
}
