//! The Bot API method table over HTTP: every method of the spec is routed, either to its
//! handler or to a `501 Not Implemented` answer (one for methods on the way, one with its
//! reason for methods that cannot apply to a self-hosted server); legacy aliases reach
//! their method.

use serde_json::json;

use crate::harness::{TestServer, spec};

fn not_implemented(method: &str) -> String {
    format!("Not Implemented: {method} is not supported by gramd yet")
}

#[tokio::test]
async fn every_unsupported_spec_method_answers_501_not_404() {
    let server = TestServer::start().await;
    let bot = server.bot("table_bot").await;
    let mut unsupported = Vec::new();
    for name in spec().method_names() {
        let info = gramd_botapi::method_info(name)
            .unwrap_or_else(|| panic!("{name} of the spec is not in the method table"));
        assert_eq!(info.name, name);
        if !info.implemented {
            unsupported.push(info);
        }
    }
    assert!(unsupported.iter().any(|info| info.out_of_scope.is_some()));
    assert!(unsupported.iter().any(|info| info.out_of_scope.is_none()));
    for info in unsupported {
        let name = info.name;
        let expected = match info.out_of_scope {
            Some(reason) => format!(
                "Not Implemented: {name} is not available on gramd: {}",
                reason.reason()
            ),
            None => not_implemented(name),
        };
        let (code, description) = bot.err(name, json!({})).await;
        assert_eq!((code, description), (501, expected), "{name} over HTTP");
    }
    let (code, description) = bot.err("sendTelepathy", json!({})).await;
    assert_eq!(
        (code, description.as_str()),
        (404, "Not Found: method not found")
    );
}

#[tokio::test]
async fn legacy_aliases_are_routed_to_their_method() {
    let server = TestServer::start().await;
    let bot = server.bot("alias_bot").await;
    for alias in ["kickChatMember", "kickchatmember", "KICKCHATMEMBER"] {
        // banChatMember's handler looks the chat up: no such chat.
        let (code, description) = bot.err(alias, json!({"chat_id": -1, "user_id": 1})).await;
        assert_eq!(
            (code, description.as_str()),
            (400, "Bad Request: chat not found"),
            "{alias}"
        );
    }
    // setStickerSetThumbnail's handler reads user_id first.
    let (code, description) = bot.err("setStickerSetThumb", json!({})).await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: invalid user_id specified")
    );
}
