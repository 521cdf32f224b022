//! Webhook delivery under failure, and its throughput.
//!
//! 1. Reliability: a local receiver fails half of its requests (500s, answers slower than
//!    gramd's timeout, connections dropped without an answer) while users write to a bot
//!    in several chats, and gramd is SIGKILLed and restarted once in the middle. Checks:
//!    every message reaches the webhook with a 2xx at least once, the first 2xx of each
//!    chat's messages come in the order they were sent, and `getWebhookInfo` reported the
//!    errors.
//! 2. Throughput: a queue of updates drained by gramd (in process, `max_connections` 40)
//!    to a receiver that answers 200 at once, beside a reference client on the same HTTP
//!    stack (reqwest with 40 requests in flight) posting the same bodies to the same
//!    receiver. Reports both rates and their ratio.
//!
//! Traffic stays on loopback.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::targets::{self, Target, call, last_line};

/// Users (chats) writing to the bot in the reliability drill.
const CHATS: usize = 4;
/// Messages per chat in the reliability drill.
const PER_CHAT: usize = 30;

/// How a receiver answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Half the requests fail: a 500, an answer after gramd's timeout, or a dropped
    /// connection.
    Flaky,
    /// Everything gets a 200 at once.
    Fast,
}

/// A webhook receiver on 127.0.0.1 (plain hyper).
struct Receiver {
    addr: SocketAddr,
    /// (chat, text) of every request answered 200, in answer order.
    delivered: Arc<Mutex<Vec<(i64, String)>>>,
    requests: Arc<AtomicU64>,
    /// Bodies kept for the reference client (the first ones received).
    bodies: Arc<Mutex<Vec<Bytes>>>,
}

impl Receiver {
    async fn start(mode: Mode, keep_bodies: usize) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a receiver port");
        let receiver = Self {
            addr: listener.local_addr().expect("an address"),
            delivered: Arc::default(),
            requests: Arc::default(),
            bodies: Arc::default(),
        };
        let (delivered, requests, bodies) = (
            receiver.delivered.clone(),
            receiver.requests.clone(),
            receiver.bodies.clone(),
        );
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (delivered, requests, bodies) =
                    (delivered.clone(), requests.clone(), bodies.clone());
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let (delivered, requests, bodies) =
                            (delivered.clone(), requests.clone(), bodies.clone());
                        async move {
                            let n = requests.fetch_add(1, Ordering::Relaxed);
                            let body = request
                                .into_body()
                                .collect()
                                .await
                                .map(http_body_util::Collected::to_bytes)
                                .unwrap_or_default();
                            if mode == Mode::Fast {
                                let mut kept = bodies.lock().expect("bodies");
                                if kept.len() < keep_bodies {
                                    kept.push(body);
                                }
                                return Ok(hyper::Response::new(Full::new(Bytes::new())));
                            }
                            // A fixed pseudo-random choice per request: half of them fail.
                            match mix(n) % 6 {
                                0 => {
                                    let mut response =
                                        hyper::Response::new(Full::new(Bytes::new()));
                                    *response.status_mut() =
                                        hyper::StatusCode::INTERNAL_SERVER_ERROR;
                                    return Ok(response);
                                }
                                1 => tokio::time::sleep(Duration::from_millis(1500)).await,
                                2 => return Err(std::io::Error::other("dropped")),
                                _ => {}
                            }
                            let update: Value = serde_json::from_slice(&body).unwrap_or_default();
                            let message = &update["message"];
                            delivered.lock().expect("log").push((
                                message["chat"]["id"].as_i64().unwrap_or_default(),
                                message["text"].as_str().unwrap_or_default().to_owned(),
                            ));
                            Ok::<_, std::io::Error>(hyper::Response::new(Full::new(Bytes::new())))
                        }
                    },
                );
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        receiver
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }
}

/// A well-mixed 64-bit hash (splitmix64).
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Runs both parts; returns whether the reliability checks held.
pub(super) async fn run(binary: &Path, queue: usize) -> bool {
    let ok = reliability(binary).await;
    throughput(queue).await;
    ok
}

async fn start_gramd(
    binary: &Path,
    data: &Path,
    config: &Path,
    addr: SocketAddr,
    token: &str,
) -> Target {
    let mut command = targets::serve_command(binary, data, addr, targets::free_addr(), "error");
    command
        .arg("--config")
        .arg(config)
        .env("GRAMD_WEBHOOK_ALLOW_LOCAL", "1");
    targets::spawn(command, addr, &format!("/bot{token}/getMe")).await
}

async fn reliability(binary: &Path) -> bool {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    let config = dir.path().join("gramd.toml");
    std::fs::write(
        &config,
        "[webhooks]\nrequest_timeout_secs = 1\nmax_retry_delay_ms = 200\n",
    )
    .expect("write the config");
    let g = targets::gramd_with(binary, &data, "webhook", Some(&config)).await;
    let addr = g.target.addr;
    // Restart once with the same settings and local webhooks allowed.
    drop(g.target);
    let mut server = Some(start_gramd(binary, &data, &config, addr, &g.bot_token).await);
    let bot = format!("/bot{}", g.bot_token);
    let mut users = vec![(g.user_token.clone(), g.bot_peer.clone())];
    for i in 1..CHATS {
        let token = last_line(
            std::process::Command::new(binary)
                .args(["user", "create", "--data-dir"])
                .arg(&data)
                .args([
                    "--phone",
                    &format!("+1888000{i:04}"),
                    "--first-name",
                    "Drill",
                ]),
        );
        // Access hashes are per viewer: each user resolves the bot itself.
        let resolved = call(
            addr,
            "/client/contacts.resolveUsername",
            Some(&token),
            &json!({"username": "bench_webhook_bot"}),
        )
        .await;
        let user = &resolved["users"][0];
        let peer = json!({"_": "inputPeerUser", "user_id": user["id"], "access_hash": user["access_hash"]});
        call(
            addr,
            "/client/messages.sendMessage",
            Some(&token),
            &json!({"peer": peer, "message": "/start", "random_id": 1}),
        )
        .await;
        users.push((token, peer));
    }
    let receiver = Receiver::start(Mode::Flaky, 0).await;
    call(
        addr,
        &format!("{bot}/setWebhook"),
        None,
        &json!({"url": receiver.url(), "drop_pending_updates": true}),
    )
    .await;

    // Each user sends its messages one after another; gramd is killed half-way.
    let sent: Arc<Mutex<HashMap<usize, Vec<String>>>> = Arc::default();
    let send_half = |from: usize, to: usize| {
        let users = users.clone();
        let sent = sent.clone();
        async move {
            let mut tasks = Vec::new();
            for (u, (token, peer)) in users.into_iter().enumerate() {
                let sent = sent.clone();
                tasks.push(tokio::spawn(async move {
                    for n in from..to {
                        let text = format!("chat{u}-{n:03}");
                        let body = json!({"peer": peer, "message": text, "random_id": 1000 + n});
                        if let Ok((200, _)) = targets::request(
                            addr,
                            hyper::Method::POST,
                            "/client/messages.sendMessage",
                            Some(&token),
                            Some(&body),
                        )
                        .await
                        {
                            sent.lock().expect("sent").entry(u).or_default().push(text);
                        }
                    }
                }));
            }
            for task in tasks {
                let _ = task.await;
            }
        }
    };
    send_half(0, PER_CHAT / 2).await;
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let watch = |addr: SocketAddr, bot: String, errors: Arc<Mutex<Vec<String>>>| {
        tokio::spawn(async move {
            loop {
                if let Ok((200, body)) = targets::request(
                    addr,
                    hyper::Method::POST,
                    &format!("{bot}/getWebhookInfo"),
                    None,
                    Some(&json!({})),
                )
                .await
                    && let Some(message) =
                        serde_json::from_slice::<Value>(&body).ok().and_then(|v| {
                            v["result"]["last_error_message"]
                                .as_str()
                                .map(str::to_owned)
                        })
                {
                    let mut errors = errors.lock().expect("errors");
                    if !errors.contains(&message) {
                        errors.push(message);
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let watcher = watch(addr, bot.clone(), errors.clone());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pending_at_kill = targets::request(
        addr,
        hyper::Method::POST,
        &format!("{bot}/getWebhookInfo"),
        None,
        Some(&json!({})),
    )
    .await
    .ok()
    .and_then(|(_, body)| serde_json::from_slice::<Value>(&body).ok())
    .and_then(|v| v["result"]["pending_update_count"].as_u64())
    .unwrap_or(0);
    if let Some(target) = server.take() {
        target.kill(); // SIGKILL
    }
    watcher.abort();
    let restarted = start_gramd(binary, &data, &config, addr, &g.bot_token).await;
    let watcher = watch(addr, bot.clone(), errors.clone());
    send_half(PER_CHAT / 2, PER_CHAT).await;
    let expected: usize = sent.lock().expect("sent").values().map(Vec::len).sum();
    let deadline = Instant::now() + Duration::from_secs(180);
    let all_delivered = loop {
        let delivered = receiver.delivered.lock().expect("log").clone();
        let distinct: std::collections::HashSet<&String> =
            delivered.iter().map(|(_, t)| t).collect();
        if distinct.len() >= expected {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    watcher.abort();
    drop(restarted);
    let delivered = receiver.delivered.lock().expect("log").clone();
    let sent = sent.lock().expect("sent").clone();
    // The first 2xx of each text, per chat, must come in the order the texts were sent.
    let mut in_order = true;
    for texts in sent.values() {
        let mut firsts: Vec<&String> = Vec::new();
        for (_, text) in &delivered {
            if texts.contains(text) && !firsts.contains(&text) {
                firsts.push(text);
            }
        }
        in_order &= firsts.iter().copied().eq(texts.iter());
    }
    let duplicates = delivered.len()
        - delivered
            .iter()
            .map(|(_, t)| t)
            .collect::<std::collections::HashSet<_>>()
            .len();
    let errors = errors.lock().expect("errors").clone();
    let ok = all_delivered && in_order && !errors.is_empty();
    println!("| check | result |");
    println!("|---|---|");
    println!(
        "| messages sent (acknowledged) | {expected} in {} chats |",
        sent.len()
    );
    println!("| updates pending when gramd was killed | {pending_at_kill} |");
    println!(
        "| webhook requests | {} (half fail by design) |",
        receiver.requests.load(Ordering::Relaxed)
    );
    println!(
        "| every message delivered with a 2xx | {} |",
        yes(all_delivered)
    );
    println!("| first deliveries in order per chat | {} |", yes(in_order));
    println!("| repeated 2xx deliveries (crash window) | {duplicates} |");
    println!(
        "| errors seen in getWebhookInfo | {} |",
        if errors.is_empty() {
            "**none**".to_owned()
        } else {
            errors.join("; ")
        }
    );
    println!("\nwebhook drill: {}", if ok { "PASS" } else { "FAIL" });
    ok
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "**no**" }
}

/// Resolves nothing: the throughput part allows local webhooks, which are not resolved.
struct NoResolver;

#[async_trait::async_trait]
impl gramd_core::webhooks::HostResolver for NoResolver {
    async fn resolve(&self, _host: &str, _port: u16) -> Result<Vec<std::net::IpAddr>, String> {
        Err("not resolved".into())
    }
}

async fn throughput(queue: usize) {
    use gramd_core::ids::Peer;
    use gramd_core::messages::{OutgoingText, SendOptions};
    use gramd_core::users::{BotInfo, NewUser};

    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut sqlite = gramd_store_sqlite::SqliteConfig::new(dir.path().join("gramd.sqlite3"));
    sqlite.durability = gramd_store_sqlite::Durability::Full;
    let store = Arc::new(gramd_store_sqlite::SqliteStore::open(&sqlite).expect("a store"));
    let config = gramd_core::CoreConfig {
        webhooks: gramd_core::webhooks::WebhookPolicy { allow_local: true },
        ..gramd_core::CoreConfig::default()
    };
    let core = gramd_core::Core::open(store, Arc::new(gramd_core::clock::SystemClock), config)
        .await
        .expect("a core");
    let new_user = |name: String, username: Option<String>| NewUser {
        first_name: name,
        last_name: None,
        username,
        phone: None,
        bot: None,
    };
    let bot = core
        .create_bot(
            new_user("Sink".into(), Some("sink_bot".into())),
            BotInfo::default(),
        )
        .await
        .expect("a bot")
        .0
        .id;
    let chats = 200;
    let mut users = Vec::new();
    for i in 0..chats {
        users.push(
            core.create_user(new_user(format!("User {i}"), None))
                .await
                .expect("a user")
                .id,
        );
    }
    let filled = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let mut writers = Vec::new();
    for _ in 0..64 {
        let (core, users, next) = (core.clone(), users.clone(), next.clone());
        writers.push(tokio::spawn(async move {
            loop {
                let i = usize::try_from(next.fetch_add(1, Ordering::Relaxed)).unwrap_or(usize::MAX);
                if i >= queue {
                    return;
                }
                let text = OutgoingText {
                    text: format!("update number {i} with a little text in it"),
                    ..OutgoingText::default()
                };
                let _ = core
                    .send_text(
                        users[i % users.len()],
                        Peer::User(bot),
                        text,
                        SendOptions::default(),
                    )
                    .await;
            }
        }));
    }
    for writer in writers {
        let _ = writer.await;
    }
    let pending = core
        .webhook_info(bot)
        .await
        .map(|i| i.pending_update_count)
        .unwrap_or(0);
    eprintln!(
        "queued {pending} updates in {:.1} s",
        filled.elapsed().as_secs_f64()
    );

    let receiver = Receiver::start(Mode::Fast, 10_000).await;
    let webhooks =
        gramd_webhooks::Webhooks::start(core.clone(), gramd_webhooks::WebhookSettings::default());
    let started = Instant::now();
    core.set_webhook(
        bot,
        gramd_core::WebhookChange {
            webhook: Some(gramd_core::webhooks::WebhookRequest {
                url: receiver.url(),
                max_connections: Some(40),
                ..gramd_core::webhooks::WebhookRequest::default()
            }),
            allowed_updates: None,
            drop_pending: false,
        },
        &NoResolver,
    )
    .await
    .expect("set the webhook");
    // Timed by the receiver's count (cheap), not by counting the queue (a table scan that
    // would compete with the deliverer for the CPU).
    while receiver.requests.load(Ordering::Relaxed) < u64::from(pending) {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let drained = started.elapsed();
    loop {
        let left = core
            .webhook_info(bot)
            .await
            .map(|i| i.pending_update_count)
            .unwrap_or(0);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    core.hub().stop();
    webhooks.stopped(Duration::from_secs(10)).await;
    let gramd_rate = f64::from(pending) / drained.as_secs_f64();

    // The reference: the same bodies, to the same receiver, 40 in flight, same client stack.
    let bodies = receiver.bodies.lock().expect("bodies").clone();
    let client = reqwest::Client::builder()
        .http1_only()
        .no_proxy()
        .pool_max_idle_per_host(40)
        .tcp_nodelay(true)
        .build()
        .expect("a client");
    let url = receiver.url();
    let next = Arc::new(AtomicU64::new(0));
    let total = u64::from(pending);
    let started = Instant::now();
    let mut senders = Vec::new();
    for _ in 0..40 {
        let (client, url, bodies, next) =
            (client.clone(), url.clone(), bodies.clone(), next.clone());
        senders.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return;
                }
                let body = bodies[usize::try_from(i).unwrap_or(0) % bodies.len().max(1)].clone();
                let _ = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status());
            }
        }));
    }
    for sender in senders {
        let _ = sender.await;
    }
    let reference_rate = total as f64 / started.elapsed().as_secs_f64();
    println!("\n| webhook throughput ({pending} queued updates, max_connections 40) | updates/s |");
    println!("|---|---|");
    println!("| gramd draining its queue | {gramd_rate:.0} |");
    println!("| reference client (reqwest, 40 in flight, same bodies) | {reference_rate:.0} |");
    println!("| ratio | {:.2} |", gramd_rate / reference_rate);
}
