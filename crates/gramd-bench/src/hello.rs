//! The ceiling: a minimal server on exactly gramd's HTTP stack (its accept loop
//! `gramd::server::serve` with the default connection limits, hyper, axum, the same tokio
//! runtime) that reads the body and answers a canned `sendMessage` result.

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use gramd::server::ConnectionLimits;

/// What it answers: the size and shape of a real `sendMessage` result.
const CANNED: &str = r#"{"ok":true,"result":{"message_id":1,"from":{"id":1000000002,"is_bot":true,"first_name":"Bench","username":"bench_bot"},"date":1795300000,"chat":{"id":1000000001,"type":"private","first_name":"Bench"},"text":"hello benchmark"}}"#;

async fn answer(_body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], CANNED)
}

/// Serves the canned answer on every path until killed.
///
/// # Panics
/// If it cannot listen.
pub(crate) async fn serve(addr: std::net::SocketAddr) {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("listen");
    let app = Router::new().fallback(answer);
    gramd::server::serve(
        listener,
        app,
        ConnectionLimits::default(),
        std::future::pending(),
    )
    .await
    .expect("serve");
}
