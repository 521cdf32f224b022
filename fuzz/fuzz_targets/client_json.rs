//! The JSON client API decoder: a request body (JSON) for a function, encoded to TL bytes
//! against the layer 230 schema as `POST /client/<function>` does.
//!
//! The first byte picks the mode, the next two the function (an index into the schema):
//! - mode 0: the rest is the raw body, parsed with `serde_json` as the edge does;
//! - otherwise the rest drives a generator that builds a body from the function's schema
//!   (right types mostly, wrong ones, unknown fields and deep nesting sometimes), so the
//!   fuzzer reaches the encoder's inner types without guessing field names.
//!
//! Whatever encodes must decode again to the same call and re-encode to the same bytes.

#![no_main]

use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use gramd_tl::Schema;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

static SCHEMA: LazyLock<Schema> = LazyLock::new(Schema::layer_230);

/// Deeper than `gramd_tl::MAX_DEPTH`, so the depth limit is exercised too.
const MAX_GENERATED_DEPTH: usize = 70;

fuzz_target!(|data: &[u8]| {
    let schema = &*SCHEMA;
    let [mode, hi, lo, rest @ ..] = data else {
        return;
    };
    let functions: Vec<_> = schema.functions().collect();
    let function = functions[usize::from(u16::from_be_bytes([*hi, *lo])) % functions.len()];
    let name = function.name();
    let params = if *mode == 0 {
        match serde_json::from_slice::<Value>(rest) {
            Ok(value @ Value::Object(_)) => value,
            _ => return,
        }
    } else {
        let mut u = Unstructured::new(rest);
        let Ok(params) = object(&mut u, function.params(), 0) else {
            return;
        };
        // What a client sends is text: serialise and parse again, as the edge would.
        serde_json::from_str(&params.to_string()).expect("generated JSON parses")
    };
    let Ok(bytes) = schema.encode_function(name, &params) else {
        return;
    };
    let decoded = schema
        .decode_function(&bytes)
        .unwrap_or_else(|e| panic!("{name}: our own encoding does not decode: {e}"));
    assert_eq!(decoded["_"], name);
    let again = schema
        .encode_function(name, &decoded)
        .unwrap_or_else(|e| panic!("{name}: the decoded call does not encode: {e}"));
    assert_eq!(again, bytes, "{name}: encode(decode(bytes)) != bytes");
    // The result type of every call that encodes is known.
    schema
        .result_type(name, &params)
        .unwrap_or_else(|e| panic!("{name}: no result type: {e}"));
});

/// The fields of a constructor or function.
fn object(u: &mut Unstructured<'_>, params: &[gramd_tl::Param], depth: usize) -> Result<Value> {
    let mut map = Map::new();
    for param in params {
        if param.is_flags() {
            continue;
        }
        // Optional fields are left out half of the time.
        if param.flag().is_some() && u.arbitrary::<bool>()? {
            continue;
        }
        map.insert(
            param.name().to_owned(),
            value(u, param.type_name(), depth + 1)?,
        );
    }
    if u.ratio(1, 32)? {
        map.insert("no_such_field".into(), Value::Null);
    }
    Ok(Value::Object(map))
}

/// A value of the TL type expression `ty`.
fn value(u: &mut Unstructured<'_>, ty: &str, depth: usize) -> Result<Value> {
    if u.ratio(1, 24)? {
        return wrong(u);
    }
    if depth > MAX_GENERATED_DEPTH {
        return Ok(Value::Null);
    }
    let schema = &*SCHEMA;
    Ok(match ty {
        "int" => json!(u.arbitrary::<i32>()?),
        "long" => match u.int_in_range(0..=2)? {
            0 => json!(u.arbitrary::<i64>()?.to_string()),
            1 => json!(u.arbitrary::<i64>()?),
            _ => json!(u.arbitrary::<u64>()?),
        },
        "double" => match u.int_in_range(0..=3)? {
            0 => json!("NaN"),
            1 => json!("-Infinity"),
            _ => {
                let x = u.arbitrary::<f64>()?;
                if x.is_finite() { json!(x) } else { json!(0.5) }
            }
        },
        "string" => json!(u.arbitrary::<String>()?),
        "bytes" => json!(STANDARD.encode(u.arbitrary::<&[u8]>()?)),
        "int128" => json!(STANDARD.encode(u.bytes(16)?)),
        "int256" => json!(STANDARD.encode(u.bytes(32)?)),
        "Bool" | "true" => json!(u.arbitrary::<bool>()?),
        "!X" => {
            let functions: Vec<_> = schema.functions().collect();
            let function = *u.choose(&functions)?;
            let mut call = object(u, function.params(), depth)?;
            call["_"] = json!(function.name());
            call
        }
        _ => {
            if let Some(inner) = ty
                .strip_prefix("Vector<")
                .or_else(|| ty.strip_prefix("vector<"))
                .and_then(|t| t.strip_suffix('>'))
            {
                let len = u.int_in_range(0..=3)?;
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(value(u, inner, depth + 1)?);
                }
                Value::Array(items)
            } else if let Some(bare) = ty.strip_prefix('%').map(str::to_owned).or_else(|| {
                ty.starts_with(|c: char| c.is_ascii_lowercase())
                    .then(|| ty.to_owned())
            }) {
                match schema.constructor(&bare) {
                    Some(c) => object(u, c.params(), depth)?,
                    None => Value::Null,
                }
            } else if let Some(constructors) = schema.type_constructors(ty) {
                let constructors: Vec<_> = constructors.collect();
                let c = *u.choose(&constructors)?;
                let mut obj = object(u, c.params(), depth)?;
                obj["_"] = json!(c.name());
                obj
            } else {
                Value::Null
            }
        }
    })
}

/// A value of some other JSON kind, or a constructor of the wrong type.
fn wrong(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=6)? {
        0 => Value::Null,
        1 => json!(u.arbitrary::<i64>()?),
        2 => json!(u.arbitrary::<String>()?),
        3 => json!({}),
        4 => json!([u.arbitrary::<bool>()?]),
        5 => json!({"_": "inputPeerEmpty"}),
        _ => json!(u.arbitrary::<f64>()?.to_string()),
    })
}
