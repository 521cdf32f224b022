//! Long-poll wake-up: how long a parked `getUpdates` takes to return a user's message.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::report;
use crate::targets::{self, Gramd};

/// A persistent HTTP/1.1 connection for the wake-up measurement.
async fn connection(addr: SocketAddr) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(async move {
        let _ = conn.await;
    });
    sender
}

fn post(
    addr: SocketAddr,
    path: &str,
    bearer: Option<&str>,
    body: &Value,
) -> hyper::Request<Full<Bytes>> {
    let mut builder = hyper::Request::builder()
        .method(hyper::Method::POST)
        .uri(path)
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::CONTENT_TYPE, "application/json");
    if let Some(token) = bearer {
        builder = builder.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a request")
}

async fn body_json(response: hyper::Response<hyper::body::Incoming>) -> Value {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// Long-poll wake-up: a parked `getUpdates`, then a user message through the client API;
/// the time from sending the message until the poll returns it. Also returns the latency
/// of the send call alone.
pub(crate) async fn wake_latency(g: &Gramd, samples: usize) -> (Histogram<u64>, Histogram<u64>) {
    let addr = g.target.addr;
    let mut poll = connection(addr).await;
    let mut send = connection(addr).await;
    let drained = targets::call(
        addr,
        &format!("/bot{}/getUpdates", g.bot_token),
        None,
        &json!({"offset": -1, "timeout": 0}),
    )
    .await;
    let mut offset = drained
        .as_array()
        .and_then(|a| a.last())
        .and_then(|u| u["update_id"].as_i64())
        .map_or(0, |id| id + 1);
    let mut wake = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    let mut send_only = wake.clone();
    let warmup = samples / 10;
    let started = Instant::now();
    for i in 0..samples + warmup {
        poll.ready().await.expect("poll connection");
        let parked = poll.send_request(post(
            addr,
            &format!("/bot{}/getUpdates", g.bot_token),
            None,
            &json!({"offset": offset, "timeout": 10}),
        ));
        let parked = tokio::spawn(parked);
        tokio::time::sleep(Duration::from_millis(2)).await;
        send.ready().await.expect("send connection");
        let t0 = Instant::now();
        let sent = send
            .send_request(post(
                addr,
                "/client/messages.sendMessage",
                Some(&g.user_token),
                // A random_id is used once per sender; 1 went with the /start.
                &json!({"peer": g.bot_peer, "message": format!("wake {i}"), "random_id": 1000 + i}),
            ))
            .await
            .expect("send");
        let sent_at = Instant::now();
        let sent = body_json(sent).await;
        assert_eq!(sent["ok"], true, "{sent}");
        let response = parked.await.expect("poll task").expect("poll");
        let woke = Instant::now();
        let updates = body_json(response).await;
        let update = &updates["result"][0];
        assert_eq!(update["message"]["text"], format!("wake {i}"), "{updates}");
        offset = update["update_id"].as_i64().expect("an update id") + 1;
        if i >= warmup {
            let us = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1);
            let _ = wake.record(us(woke - t0));
            let _ = send_only.record(us(sent_at - t0));
        }
        if i % 200 == 0 {
            report::progress("long-poll wake-up", i as u64, started.elapsed());
        }
    }
    report::done(
        "long-poll wake-up",
        &format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            wake.value_at_quantile(0.5) as f64 / 1000.0,
            wake.value_at_quantile(0.99) as f64 / 1000.0
        ),
    );
    (wake, send_only)
}
