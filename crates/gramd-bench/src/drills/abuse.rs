//! Abuse: a very large body, thousands of idle connections, slow-loris clients and one
//! bot flooding `sendMessage`, each while a well-behaved bot keeps sending and measuring
//! its latency. gramd must keep serving it, keep its memory bounded, and answer the
//! abusers with 413/429 or close their connections.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::load::{self, RequestTemplate};
use crate::targets::{self, Target, call, last_line};

/// Settings the drill runs gramd with (the rest, including the per-bot in-flight limit of
/// 100, are defaults).
const CONFIG: &str = "[limits]\nheader_timeout_secs = 10\nmax_connections = 4000\n";
/// `max_connections` in `CONFIG`.
const MAX_CONNECTIONS: usize = 4000;
/// How long the header timeout is in `CONFIG`.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The well-behaved bot: one keep-alive connection sending messages, latency recorded per
/// phase.
struct Victim {
    histogram: Arc<std::sync::Mutex<Histogram<u64>>>,
    errors: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Victim {
    fn start(addr: SocketAddr, token: &str, chat: i64) -> Self {
        let histogram = Arc::new(std::sync::Mutex::new(
            Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds"),
        ));
        let errors = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, e, s) = (histogram.clone(), errors.clone(), stop.clone());
        let template = RequestTemplate::json(
            format!("/bot{token}/sendMessage"),
            &json!({"chat_id": chat, "text": "still here"}),
        );
        tokio::spawn(async move {
            // One keep-alive connection, as bot libraries keep; reopened if it drops.
            let mut connection = None;
            while !s.load(Ordering::Relaxed) {
                let started = Instant::now();
                match load::send_once(addr, &mut connection, &template).await {
                    Some(200) => {
                        let us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                        let _ = h.lock().expect("histogram").record(us.max(1));
                    }
                    _ => {
                        e.fetch_add(1, Ordering::Relaxed);
                    }
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        Self {
            histogram,
            errors,
            stop,
        }
    }

    /// Latency and errors since the last call.
    fn take(&self) -> (f64, f64, u64, u64) {
        let mut h = self.histogram.lock().expect("histogram");
        let out = (
            h.value_at_quantile(0.5) as f64 / 1000.0,
            h.value_at_quantile(0.99) as f64 / 1000.0,
            h.len(),
            self.errors.swap(0, Ordering::Relaxed),
        );
        h.reset();
        out
    }
}

impl Drop for Victim {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Whether the server closed `stream` (reads end) within `within`.
async fn closed(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => return false,
        }
    }
}

/// Sends a request with a declared `Content-Length` of `len` bytes (and no body) and
/// returns the status line.
async fn declared_body(addr: SocketAddr, path: &str, len: u64) -> String {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return "connect failed".into();
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes()).await;
    status_line(&mut stream, Duration::from_secs(30)).await
}

/// Streams a chunked body until the server answers or `max` bytes were sent; returns the
/// status line and how much was sent.
async fn chunked_body(addr: SocketAddr, path: &str, max: usize) -> (String, usize) {
    let Ok(stream) = TcpStream::connect(addr).await else {
        return ("connect failed".into(), 0);
    };
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let sender = tokio::spawn(async move {
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b' '; 1 << 20];
        while counter.load(Ordering::Relaxed) < max {
            let size = format!("{:x}\r\n", chunk.len());
            if writer.write_all(size.as_bytes()).await.is_err()
                || writer.write_all(&chunk).await.is_err()
                || writer.write_all(b"\r\n").await.is_err()
            {
                break;
            }
            counter.fetch_add(chunk.len(), Ordering::Relaxed);
        }
    });
    let status = status_line(&mut reader, Duration::from_secs(60)).await;
    sender.abort();
    let sent = sent.load(Ordering::Relaxed);
    (status, sent)
}

/// The first line the server sends within `wait`.
async fn status_line(reader: &mut (impl AsyncRead + Unpin), wait: Duration) -> String {
    let mut buf = vec![0u8; 4096];
    match tokio::time::timeout(wait, reader.read(&mut buf)).await {
        Ok(Ok(n)) if n > 0 => String::from_utf8_lossy(&buf[..n])
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
        _ => "no answer".into(),
    }
}

fn row(phase: &str, victim: (f64, f64, u64, u64), target: &Target, outcome: &str) {
    println!(
        "| {phase} | {:.2} / {:.2} ms ({} requests) | {} | {} | {outcome} |",
        victim.0,
        victim.1,
        victim.2,
        victim.3,
        target
            .rss_mib()
            .map_or_else(|| "n/a".into(), |m| format!("{m:.0} MiB"))
    );
}

/// Runs the drill; prints a table; returns whether every check held.
#[allow(clippy::too_many_lines)]
pub(super) async fn run(binary: &Path, idle: usize) -> bool {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config = dir.path().join("gramd.toml");
    std::fs::write(&config, CONFIG).expect("write the config");
    let data = dir.path().join("data");
    // The well-behaved bot and its user; gramd is started with the drill's settings.
    let g = targets::gramd_with(binary, &data, "victim", Some(&config)).await;
    let addr = g.target.addr;
    // The flooding bot, made while the server runs, and started by the same user.
    let flood_token = last_line(
        Command::new(binary)
            .args(["bot", "create", "--data-dir"])
            .arg(&data)
            .args(["--username", "flood_bot", "--first-name", "Flood"]),
    );
    let resolved = call(
        addr,
        "/client/contacts.resolveUsername",
        Some(&g.user_token),
        &json!({"username": "flood_bot"}),
    )
    .await;
    let flood_peer = json!({"_": "inputPeerUser", "user_id": resolved["users"][0]["id"], "access_hash": resolved["users"][0]["access_hash"]});
    call(
        addr,
        "/client/messages.sendMessage",
        Some(&g.user_token),
        &json!({"peer": flood_peer, "message": "/start", "random_id": 1}),
    )
    .await;

    let victim = Victim::start(addr, &g.bot_token, g.user_id);
    let mut ok = true;
    println!("| phase | well-behaved bot p50 / p99 | its errors | gramd RSS | abusers got |");
    println!("|---|---|---|---|---|");
    tokio::time::sleep(Duration::from_secs(3)).await;
    row("baseline (3 s)", victim.take(), &g.target, "");

    // 1. A very large body.
    let path = format!("/bot{flood_token}/sendMessage");
    let declared = declared_body(addr, &path, 200 << 20).await;
    let (chunked, sent) = chunked_body(addr, &path, 512 << 20).await;
    let large_ok = declared.contains("413") && chunked.contains("413") && sent < (512 << 20);
    ok &= large_ok;
    row(
        "200 MiB declared body; 512 MiB chunked body",
        victim.take(),
        &g.target,
        &format!(
            "`{declared}` at once; `{chunked}` after {} MiB{}",
            sent >> 20,
            if large_ok { "" } else { " **FAIL**" }
        ),
    );

    // 2. Thousands of idle connections: over the cap they are closed at once, the rest when
    //    the header timeout passes.
    let mut idle_streams = Vec::with_capacity(idle);
    for _ in 0..idle {
        if let Ok(stream) = TcpStream::connect(addr).await {
            idle_streams.push(stream);
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_with_idle = g.target.rss_mib();
    // Probed all at once, well before the header timeout: only those over the cap are closed.
    let closed_at_once = futures::future::join_all(
        idle_streams
            .iter_mut()
            .map(|stream| closed(stream, Duration::from_millis(200))),
    )
    .await
    .into_iter()
    .filter(|&closed| closed)
    .count();
    let victim_during_idle = victim.take();
    tokio::time::sleep(HEADER_TIMEOUT).await;
    let mut closed_later = 0;
    for stream in &mut idle_streams {
        if closed(stream, Duration::from_millis(200)).await {
            closed_later += 1;
        }
    }
    let idle_ok = closed_at_once >= idle_streams.len().saturating_sub(MAX_CONNECTIONS)
        && closed_later == idle_streams.len()
        && victim_during_idle.3 == 0;
    ok &= idle_ok;
    row(
        &format!("{idle} idle connections"),
        victim_during_idle,
        &g.target,
        &format!(
            "{closed_at_once} closed at once (over the cap), all {closed_later} closed by the header timeout; RSS with them {}{}",
            rss_with_idle.map_or_else(|| "n/a".into(), |m| format!("{m:.0} MiB")),
            if idle_ok { "" } else { " **FAIL**" }
        ),
    );
    drop(idle_streams);

    // 3. Slow-loris: headers one byte a second.
    let started = Instant::now();
    let mut loris = Vec::new();
    for _ in 0..200 {
        if let Ok(mut stream) = TcpStream::connect(addr).await {
            let _ = stream
                .write_all(b"POST /bot1:x/getMe HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await;
            loris.push(stream);
        }
    }
    let dripping = Arc::new(AtomicBool::new(true));
    let mut drips = Vec::new();
    let total = loris.len();
    for mut stream in loris {
        let dripping = dripping.clone();
        drips.push(tokio::spawn(async move {
            while dripping.load(Ordering::Relaxed) {
                if stream.write_all(b"a").await.is_err() {
                    return Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                let mut probe = [0u8; 64];
                if let Ok(Ok(0) | Err(_)) =
                    tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await
                {
                    return Some(Instant::now());
                }
            }
            None
        }));
    }
    tokio::time::sleep(HEADER_TIMEOUT + Duration::from_secs(3)).await;
    dripping.store(false, Ordering::Relaxed);
    let mut cut = 0;
    let mut slowest = Duration::ZERO;
    for drip in drips {
        if let Ok(Some(at)) = drip.await {
            cut += 1;
            slowest = slowest.max(at - started);
        }
    }
    let victim_during_loris = victim.take();
    let loris_ok = cut == total && victim_during_loris.3 == 0;
    ok &= loris_ok;
    row(
        &format!("{total} slow-loris clients"),
        victim_during_loris,
        &g.target,
        &format!(
            "{cut} of {total} disconnected, the last after {:.0} s{}",
            slowest.as_secs_f64(),
            if loris_ok { "" } else { " **FAIL**" }
        ),
    );

    // 4. One bot flooding sendMessage over 1500 connections (more than its in-flight limit).
    let flood = load::run(
        addr,
        1500,
        Duration::from_secs(1),
        Duration::from_secs(8),
        RequestTemplate::json(
            path.clone(),
            &json!({"chat_id": g.user_id, "text": "flood"}),
        ),
        |_, _| {},
    )
    .await;
    let rss_after_flood = g.target.rss_mib();
    let victim_during_flood = victim.take();
    let refused = targets::request(
        addr,
        hyper::Method::POST,
        &path,
        None,
        Some(&json!({"chat_id": g.user_id, "text": "x"})),
    )
    .await;
    // The flood takes CPU from everyone; the well-behaved bot must still be served, within
    // a second.
    let flood_ok = flood.errors > 0 && victim_during_flood.3 == 0 && victim_during_flood.1 < 1000.0;
    ok &= flood_ok;
    row(
        "a bot flooding sendMessage on 1500 connections (8 s)",
        victim_during_flood,
        &g.target,
        &format!(
            "{:.0} accepted/s, {} refused with 429 (in-flight limit 100); RSS after {}{}",
            flood.rate(),
            flood.errors,
            rss_after_flood.map_or_else(|| "n/a".into(), |m| format!("{m:.0} MiB")),
            if flood_ok { "" } else { " **FAIL**" }
        ),
    );
    drop(refused);
    tokio::time::sleep(Duration::from_secs(2)).await;
    row("after (2 s)", victim.take(), &g.target, "");
    drop(victim);
    println!(
        "\n{}",
        if ok {
            "abuse drill: PASS"
        } else {
            "abuse drill: FAIL"
        }
    );
    ok
}
