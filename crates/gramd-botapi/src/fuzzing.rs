//! Entry points for the fuzz targets in `fuzz/` (compiled only with the `fuzzing` feature).
//!
//! They run the request parser and every argument reader a method can call on its result,
//! exactly as `handle_bot` does, but without a server or a store: what is fuzzed is the
//! code that touches untrusted bytes before the core sees a typed request.

use bytes::Bytes;
use gramd_core::text::{FormattedText, NormalizeOptions};

use crate::methods::{bot, messages, updates};
use crate::params::Params;

/// Parses one request (`query` string, `Content-Type` header, body) and reads it the way
/// the methods do. Never panics on any input; returns whether the parser accepted it.
pub fn parse_request(query: Option<&str>, content_type: Option<&str>, body: &[u8]) -> bool {
    let body = Bytes::copy_from_slice(body);
    let Ok(params) = Params::parse(query, content_type, &body) else {
        return false;
    };
    read_everything(&params);
    true
}

fn read_everything(params: &Params) {
    let _ = params.method_name("");
    for (name, _) in params.iter() {
        let _ = params.has(name);
    }
    let _ = params.chat_id("chat_id");
    let _ = params.user_id("user_id");
    let _ = params.message_id("message_id");
    let _ = params.i32_arg("limit", 100, 1, 100);
    let _ = params.i64_arg("offset", 0, i64::MIN, i64::MAX);
    let _ = params.bool_arg("disable_notification");
    let _ = params.f64_arg("latitude");
    let _ = params.file("document");
    let _ = params.files().len();
    if let Ok(text) = messages::input::message_text(params, "text") {
        // What the core does next with it: entity detection and normalisation.
        let _ = gramd_core::text::normalize_with(
            FormattedText {
                text: text.text,
                entities: text.entities,
            },
            NormalizeOptions {
                detect_entities: true,
                ..NormalizeOptions::default()
            },
        );
    }
    let _ = messages::input::reply_markup(params);
    let _ = messages::input::reply_parameters(params);
    let _ = bot::input::commands(params);
    let _ = bot::input::command_scope(params);
    let _ = updates::input::allowed_updates(params);
}
