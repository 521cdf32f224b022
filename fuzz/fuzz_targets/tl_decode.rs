//! The TL decoder on untrusted bytes: a serialized function call (as the MTProto edge will
//! receive it) and a function's result, decoded to JSON.
//!
//! The first byte picks the mode, the next two a function (an index into the schema):
//! - even: the rest is a call, decoded with `decode_function`;
//! - odd: the rest is that function's result, decoded with `decode_result`.
//!
//! Whatever decodes must encode again, and that encoding must decode to the same JSON.

#![no_main]

use std::sync::LazyLock;

use gramd_tl::Schema;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

static SCHEMA: LazyLock<Schema> = LazyLock::new(Schema::layer_230);

fuzz_target!(|data: &[u8]| {
    let schema = &*SCHEMA;
    let [mode, hi, lo, rest @ ..] = data else {
        return;
    };
    if mode % 2 == 0 {
        let Ok(call) = schema.decode_function(rest) else {
            return;
        };
        let name = call["_"]
            .as_str()
            .expect("a decoded call has a name")
            .to_owned();
        let bytes = schema
            .encode_function(&name, &call)
            .unwrap_or_else(|e| panic!("{name}: a decoded call does not encode: {e}"));
        let again = schema
            .decode_function(&bytes)
            .expect("re-encoded call decodes");
        assert_eq!(again, call, "{name}: decode(encode(call)) != call");
    } else {
        let functions: Vec<_> = schema.functions().collect();
        let function = functions[usize::from(u16::from_be_bytes([*hi, *lo])) % functions.len()];
        let name = function.name();
        // Generic wrappers (`invokeWithLayer`...) take their result type from the query.
        let params = json!({});
        let Ok(ty) = schema.result_type(name, &params) else {
            return;
        };
        let Ok(result) = schema.decode_result(name, &params, rest) else {
            return;
        };
        let bytes = schema
            .encode(&ty, &result)
            .unwrap_or_else(|e| panic!("{ty}: a decoded result does not encode: {e}"));
        let again: Value = schema
            .decode(&ty, &bytes)
            .expect("re-encoded result decodes");
        assert_eq!(again, result, "{ty}: decode(encode(result)) != result");
    }
});
