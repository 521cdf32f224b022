//! Schema-driven JSON codec for Telegram's TL, layer 230, and conversion to and from layer 198.
//!
//! gramd's client API takes TL function calls as JSON over HTTP. This crate turns such JSON
//! into TL binary — the [Type Language](https://core.telegram.org/mtproto/TL) serialization
//! described at <https://core.telegram.org/mtproto/serialize>, which the server then reads
//! with `grammers-tl-types` — and turns TL binary results back into JSON. Nothing is written
//! per method: a [`Schema`] is loaded from the embedded `schema/api.tl` (a copy of
//! `spec/tl/api.tl`) and every constructor and function is handled from it.
//!
//! # JSON convention
//!
//! - A constructor or function is an object with `"_"` naming it, then its fields by schema
//!   name: `{"_":"inputPeerUser","user_id":"123","access_hash":"-55"}`. Namespaced names are
//!   written as in the schema (`"messages.sendMessage"`, `"updates.state"`).
//! - `long` is a decimal **string** in output; input takes a string or an integer. `int` is a
//!   number (a numeric string is accepted in input). `double` is a number (non-finite values
//!   are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`). `string` is a JSON string.
//!   `bytes` is base64 (standard alphabet with padding in output; standard or URL-safe,
//!   padded or not, in input); `int128`/`int256` are base64 of exactly 16/32 bytes. `Bool`
//!   is `true`/`false`.
//! - `flags.N?true` fields appear in output as `true` only when set; in input `true` sets and
//!   `false`, `null` or absence unset. Other optional `flags.N?T` fields are omitted in output
//!   when absent; in input absence or `null` means absent. `#` fields never appear in output
//!   and are ignored in input: they are computed from which optional fields are present.
//!   When several fields share a bit, giving any of them sets the bit, and the others
//!   (except `true` ones) are then required.
//! - `Vector<T>` and bare `vector<T>` are JSON arrays.
//! - A boxed type (`InputPeer`) needs `"_"` naming one of its constructors; a bare one
//!   (`%T`, a lowercase constructor name) takes its object with or without `"_"`. Output
//!   always has `"_"` first, then the fields in schema order. A generic `!X` field
//!   (`invokeWithLayer`'s `query`...) holds a function object.
//! - A field that the constructor does not define is an error ([`CodecError::UnknownField`]).
//! - A required field that is absent (or `null`) is an error ([`CodecError::MissingField`]),
//!   except that a **function's** own `int`, `long`, `double`, `Vector<T>` and `vector<T>`
//!   parameters, when absent, are 0 or empty: `messages.getHistory` may be called with just
//!   `peer` and `limit`. Objects, `string`, `bytes`, `Bool` and every field of a constructor
//!   stay required.
//!
//! # Example
//!
//! ```
//! use gramd_tl::Schema;
//! use serde_json::json;
//!
//! let schema = Schema::layer_230();
//! let peer = json!({"_": "inputPeerUser", "user_id": "123", "access_hash": "-55"});
//! let bytes = schema.encode("InputPeer", &peer).unwrap();
//! assert_eq!(&bytes[..4], &0xdde8a54c_u32.to_le_bytes());
//! assert_eq!(schema.decode("InputPeer", &bytes).unwrap(), peer);
//!
//! let call = schema
//!     .encode_function("messages.sendMessage", &json!({
//!         "peer": peer, "message": "hi", "random_id": "1", "silent": true,
//!     }))
//!     .unwrap();
//! assert_eq!(schema.decode_function(&call).unwrap()["silent"], true);
//! ```
//!
//! # Untrusted input
//!
//! Encoding and decoding never panic on any input. Nesting is limited to [`MAX_DEPTH`]
//! levels, and decoding checks every length against the bytes that remain before using it.
//! Errors are [`CodecError`]s, with a path to the offending field and a Telegram error name
//! ([`CodecError::rpc_error_name`]).
//!
//! # Older layers
//!
//! `schema/api-198.tl` is embedded too ([`Schema::layer_198`], what GramJS 2.26.22 speaks),
//! and [`convert`] turns values of one layer into another's by constructor name: a
//! [`Bridge`] converts an older client's calls up to layer 230 and the answers back down.
//!
//! MTProto service messages (`mtproto.tl`) are not embedded: they never travel through the
//! JSON API. [`Schema::from_tl`] loads any other TL text.

pub mod convert;
mod decode;
mod encode;
mod error;
mod schema;

pub use convert::{Bridge, BridgedCall};
pub use error::{CodecError, SchemaError};
pub use schema::{Combinator, Param, Schema};

/// The layer of the embedded schema, read at compile time from its `// LAYER` comment.
pub const LAYER: i32 = match schema::layer_of(schema::API_TL) {
    Some(layer) => layer,
    None => panic!("schema/api.tl has no `// LAYER N` comment"),
};

/// How deeply values may nest (objects and vectors) when encoding or decoding.
pub const MAX_DEPTH: usize = 64;

#[cfg(test)]
mod tests {
    #[test]
    fn layer_constant() {
        assert_eq!(super::LAYER, 230);
    }
}
