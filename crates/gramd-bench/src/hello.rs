//! The ceiling: a minimal server on the same HTTP stack as gramd (axum on hyper, the same
//! tokio runtime, `TCP_NODELAY` as gramd sets it) that reads the body and answers a canned
//! `sendMessage` result.

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::serve::ListenerExt;

/// What it answers: the size and shape of a real `sendMessage` result.
const CANNED: &str = r#"{"ok":true,"result":{"message_id":1,"from":{"id":1000000002,"is_bot":true,"first_name":"Bench","username":"bench_bot"},"date":1795300000,"chat":{"id":1000000001,"type":"private","first_name":"Bench"},"text":"hello benchmark"}}"#;

async fn answer(_body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], CANNED)
}

/// Serves the canned answer on every path until killed.
///
/// # Panics
/// If it cannot listen.
pub async fn serve(addr: std::net::SocketAddr) {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("listen")
        .tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
    let app = Router::new().fallback(answer);
    axum::serve(listener, app).await.expect("serve");
}
