//! Checks over the whole schema: ids and layer agree with grammers, and every constructor and
//! function survives JSON → TL → JSON with all of its fields present.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use gramd_tl::{Combinator, LAYER, Schema};
use serde_json::{Map, Value, json};

#[test]
fn ids_and_layer_match_grammers() {
    let schema = Schema::layer_230();
    assert_eq!(LAYER, 230);
    assert_eq!(LAYER, grammers_tl_types::LAYER);
    assert_eq!(schema.layer(), Some(LAYER));
    let mut count = 0;
    for c in schema.constructors().chain(schema.functions()) {
        assert_eq!(
            grammers_tl_types::name_for_id(c.id()),
            c.name(),
            "id {:#010x}",
            c.id()
        );
        count += 1;
    }
    assert!(count > 2000, "only {count} definitions");
    // Lookups by id agree with lookups by name.
    for c in schema.constructors() {
        assert_eq!(schema.constructor_by_id(c.id()).unwrap().name(), c.name());
        assert_eq!(schema.constructor(c.name()).unwrap().id(), c.id());
    }
    for f in schema.functions() {
        assert_eq!(schema.function_by_id(f.id()).unwrap().name(), f.name());
    }
}

/// A value for the type expression `ty`, built from the schema; `None` if nesting gets too deep.
fn sample(schema: &Schema, ty: &str, depth: usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    let inner = ty
        .strip_prefix("Vector<")
        .or_else(|| ty.strip_prefix("vector<"))
        .and_then(|r| r.strip_suffix('>'));
    if let Some(inner) = inner {
        return Some(if depth > 4 {
            json!([])
        } else {
            json!([sample(schema, inner, depth + 1)?])
        });
    }
    Some(match ty {
        "int" => json!(depth as i64 * 1000 - 2),
        "long" => json!("-9000000000123"),
        "double" => json!(-1.25),
        "string" => json!("ß✓"),
        "bytes" => json!("AAEC/w=="),
        "int128" => json!(STANDARD.encode([7u8; 16])),
        "int256" => json!(STANDARD.encode([9u8; 32])),
        "Bool" | "true" => json!(true),
        "!X" => json!({"_": "help.getConfig"}),
        _ => {
            let last = ty.rsplit('.').next().unwrap_or(ty);
            if last.starts_with(|c: char| c.is_ascii_uppercase()) {
                let ctors: Vec<&Combinator> = schema.type_constructors(ty)?.collect();
                // Near the top, vary the constructor; deeper, take the smallest one.
                let pick = if depth < 3 {
                    ctors[depth % ctors.len()]
                } else {
                    *ctors.iter().min_by_key(|c| required_params(c))?
                };
                combinator_sample(schema, pick, depth)?
            } else {
                combinator_sample(schema, schema.constructor(ty)?, depth)?
            }
        }
    })
}

fn required_params(c: &Combinator) -> usize {
    c.params()
        .iter()
        .filter(|p| !p.is_flags() && p.flag().is_none())
        .count()
}

/// An object for `c`: every field near the top, required fields only deeper down.
fn combinator_sample(schema: &Schema, c: &Combinator, depth: usize) -> Option<Value> {
    let mut obj = Map::new();
    obj.insert("_".into(), json!(c.name()));
    for p in c.params() {
        if p.is_flags() || (p.flag().is_some() && depth > 2) {
            continue;
        }
        obj.insert(p.name().into(), sample(schema, p.type_name(), depth + 1)?);
    }
    Some(Value::Object(obj))
}

#[test]
fn every_constructor_and_function_round_trips() {
    let schema = Schema::layer_230();
    let (mut done, mut skipped) = (0, 0);
    // `Bool` is JSON `true`/`false`, not an object: covered by other tests.
    for c in schema.constructors().filter(|c| c.type_name() != "Bool") {
        let Some(value) = combinator_sample(&schema, c, 0) else {
            skipped += 1;
            continue;
        };
        let bytes = schema
            .encode(c.type_name(), &value)
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()));
        assert_eq!(&bytes[..4], &c.id().to_le_bytes());
        let back = schema.decode(c.type_name(), &bytes).unwrap();
        assert_eq!(back, value, "{}", c.name());
        done += 1;
    }
    for f in schema.functions() {
        let Some(value) = combinator_sample(&schema, f, 0) else {
            skipped += 1;
            continue;
        };
        let bytes = schema
            .encode_function(f.name(), &value)
            .unwrap_or_else(|e| panic!("{}: {e}", f.name()));
        let back = schema.decode_function(&bytes).unwrap();
        assert_eq!(back, value, "{}", f.name());
        done += 1;
    }
    assert_eq!(skipped, 0, "{done} done");
}

#[test]
fn result_types_resolve() {
    let schema = Schema::layer_230();
    for f in schema.functions() {
        let params = combinator_sample(&schema, f, 0).unwrap();
        let ty = schema.result_type(f.name(), &params).unwrap();
        assert!(!ty.starts_with('!'), "{} -> {ty}", f.name());
        // The result type is one `decode` understands: empty input fails for lack of data,
        // not because the type is unknown.
        let err = schema.decode(&ty, &[]).unwrap_err();
        assert_eq!(err.rpc_error_name(), "INPUT_FETCH_ERROR", "{ty}: {err}");
    }
}

#[test]
fn embedded_schema_is_the_spec_copy() {
    // The crate embeds a copy of spec/tl/api.tl; keep them identical when the spec changes.
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/tl/api.tl");
    let Ok(spec) = std::fs::read_to_string(spec) else {
        return; // Built outside the repository.
    };
    let ours = include_str!("../schema/api.tl");
    assert!(
        ours == spec,
        "crates/gramd-tl/schema/api.tl differs from spec/tl/api.tl"
    );
}
