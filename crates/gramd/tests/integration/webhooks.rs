//! Webhooks delivered for real: receivers are small HTTP servers on 127.0.0.1 inside the
//! tests, scripted to answer, fail, time out or reply with a method call. Test servers
//! allow local webhooks and retry after at most 100 ms (see `harness::TEST_WEBHOOKS`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient, free_port};

/// What a receiver answers to one request.
#[derive(Clone, Debug)]
enum Answer {
    /// 200 with an empty body.
    Ok,
    /// 200 with this JSON body.
    Json(Value),
    /// This status, with a `Retry-After` header if given.
    Status(u16, Option<u32>),
    /// Wait this long, then 200 (longer than the server's timeout: a timeout).
    Stall(Duration),
}

/// One request a receiver got.
#[derive(Clone, Debug)]
struct Request {
    update: Value,
    secret: Option<String>,
    /// Whether it was answered with a 2xx.
    delivered: bool,
}

type Script = dyn Fn(&Value, usize) -> Answer + Send + Sync;

/// A webhook receiver on 127.0.0.1; `script` gets the update and how many times this
/// update_id was received before.
#[derive(Clone)]
struct Receiver {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    script: Arc<Mutex<Arc<Script>>>,
}

impl Receiver {
    async fn start(script: impl Fn(&Value, usize) -> Answer + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let receiver = Self {
            url: format!("http://127.0.0.1:{port}/hook"),
            requests: Arc::default(),
            script: Arc::new(Mutex::new(Arc::new(script))),
        };
        let app = Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    /// Replaces the script.
    fn answer_with(&self, script: impl Fn(&Value, usize) -> Answer + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(script);
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// The texts of the messages delivered (2xx), in the order they were answered.
    fn delivered_texts(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter(|r| r.delivered)
            .filter_map(|r| r.update["message"]["text"].as_str().map(str::to_owned))
            .collect()
    }

    /// Waits (up to 20 s) until `pred` holds for the requests received.
    async fn wait_until(&self, what: &str, pred: impl Fn(&[Request]) -> bool) {
        for _ in 0..400 {
            if pred(&self.requests()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{what}: not within 20 s; got {:#?}", self.requests());
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> Response {
    let update: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let id = update["update_id"].as_i64();
    let seen = receiver
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.update["update_id"].as_i64() == id)
        .count();
    let script = receiver.script.lock().unwrap().clone();
    let answer = script(&update, seen);
    let delivered = matches!(answer, Answer::Ok | Answer::Json(_));
    let mut request = Request {
        update,
        secret: headers
            .get("x-telegram-bot-api-secret-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        delivered,
    };
    match answer {
        Answer::Ok => {
            receiver.requests.lock().unwrap().push(request);
            StatusCode::OK.into_response()
        }
        Answer::Json(value) => {
            receiver.requests.lock().unwrap().push(request);
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                value.to_string(),
            )
                .into_response()
        }
        Answer::Status(code, retry_after) => {
            receiver.requests.lock().unwrap().push(request);
            let mut response = StatusCode::from_u16(code).unwrap().into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", seconds.to_string().parse().unwrap());
            }
            response
        }
        Answer::Stall(wait) => {
            // Recorded as not delivered: gramd gives up before the answer comes.
            request.delivered = false;
            receiver.requests.lock().unwrap().push(request);
            tokio::time::sleep(wait).await;
            StatusCode::OK.into_response()
        }
    }
}

/// A user who has written to the bot once (the "/start" was drained by polling).
async fn user_of(server: &TestServer, bot: &BotClient, name: &str) -> (UserClient, Value) {
    let user = crate::harness::started(server, bot, name).await;
    let username = server
        .core
        .user(gramd_core::ids::UserId(bot.id))
        .await
        .unwrap()
        .username
        .clone()
        .unwrap();
    let peer = user.peer(&username).await;
    (user, peer)
}

/// Polls getWebhookInfo (up to 20 s) until `pred` holds; returns it.
async fn info_until(bot: &BotClient, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let mut info = Value::Null;
    for _ in 0..400 {
        info = bot.ok("getWebhookInfo", json!({})).await;
        if pred(&info) {
            return info;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within 20 s; last getWebhookInfo: {info:#}");
}

#[tokio::test]
async fn a_message_reaches_the_webhook_with_its_secret() {
    let server = TestServer::start().await;
    let bot = server.bot("hooked_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    let receiver = Receiver::start(|_, _| Answer::Ok).await;
    let set = bot
        .call(
            "setWebhook",
            json!({"url": receiver.url, "secret_token": "s3cr-t_"}),
        )
        .await;
    assert_eq!(set["description"], "Webhook was set");
    user.send(&peer, "hello hook").await;
    receiver
        .wait_until("the message delivered", |r| r.iter().any(|r| r.delivered))
        .await;
    let request = &receiver.requests()[0];
    assert_eq!(request.update["message"]["text"], "hello hook");
    assert_eq!(request.update["message"]["chat"]["id"], user.id);
    assert!(request.update["update_id"].is_i64());
    assert_eq!(request.secret.as_deref(), Some("s3cr-t_"));
    let info = info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
    assert_eq!(info["url"], receiver.url.as_str());
    assert_eq!(info["max_connections"], 40);
    assert_eq!(info["ip_address"], "127.0.0.1");
    assert!(info.get("last_error_date").is_none(), "{info}");
    assert!(info.get("last_error_message").is_none(), "{info}");
}

/// A message sent the moment the previous one reached the webhook is delivered too: an
/// update queued while the deliverer is busy with something else (the answer to the last
/// request, the write acknowledging it) must wake it, or it would wait for the bot's next
/// update. That depends on timing, so the test plays many rounds, each message to arrive
/// within 10 s; a deliverer that loses such wake-ups fails it within a few hundred.
// Several worker threads: the deliverer and the request that queues an update must run
// at the same time for the race to exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_update_queued_while_the_deliverer_is_busy_is_delivered() {
    let server = TestServer::start().await;
    let bot = server.bot("ping_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    // A receiver that passes each update on as it answers it.
    let (arrived, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<Value>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://127.0.0.1:{}/hook",
        listener.local_addr().unwrap().port()
    );
    let app = Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| async move {
            let update: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let _ = arrived.send(update);
            StatusCode::OK
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    bot.ok("setWebhook", json!({"url": url})).await;
    for round in 0..1000 {
        let text = format!("ping {round}");
        user.send(&peer, &text).await;
        let update = tokio::time::timeout(Duration::from_secs(10), arrivals.recv())
            .await
            .unwrap_or_else(|_| panic!("{text:?} not delivered within 10 s"))
            .unwrap();
        assert_eq!(update["message"]["text"], text.as_str());
    }
}

#[tokio::test]
async fn failures_are_retried_and_reported_in_telegrams_words() {
    let server = TestServer::start().await;
    let bot = server.bot("flaky_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    // The first try gets a 500, the second times out (the test server waits 2 s), the
    // third gets a 503 with Retry-After: 1, the fourth gets through.
    let receiver = Receiver::start(|_, seen| match seen {
        0 => Answer::Status(500, None),
        1 => Answer::Stall(Duration::from_secs(4)),
        2 => Answer::Status(503, Some(1)),
        _ => Answer::Ok,
    })
    .await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    user.send(&peer, "try again").await;
    info_until(&bot, "the 500 reported", |i| {
        i["last_error_message"] == "Wrong response from the webhook: 500 Internal Server Error"
    })
    .await;
    let info = info_until(&bot, "the timeout reported", |i| {
        i["last_error_message"] == "Read timeout expired"
    })
    .await;
    assert!(info["last_error_date"].as_i64().unwrap() > 1_600_000_000);
    assert_eq!(info["pending_update_count"], 1, "not delivered yet");
    info_until(&bot, "the 503 reported", |i| {
        i["last_error_message"] == "Wrong response from the webhook: 503 Service Unavailable"
    })
    .await;
    receiver
        .wait_until("delivered on the fourth try", |r| {
            r.iter().any(|r| r.delivered)
        })
        .await;
    assert_eq!(receiver.requests().len(), 4);
    assert_eq!(receiver.delivered_texts(), ["try again"]);
    info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
}

#[tokio::test]
async fn a_refused_connection_is_reported_and_the_update_kept() {
    let server = TestServer::start().await;
    let bot = server.bot("nobody_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    let nobody = format!("http://127.0.0.1:{}/hook", free_port());
    bot.ok("setWebhook", json!({"url": nobody})).await;
    user.send(&peer, "anybody there?").await;
    let info = info_until(&bot, "the refusal reported", |i| {
        i["last_error_message"] == "Connection refused"
    })
    .await;
    assert_eq!(info["pending_update_count"], 1);
    // A new webhook starts with a clean status and gets the kept update (a URL may be set
    // once a second).
    let receiver = Receiver::start(|_, _| Answer::Ok).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    receiver
        .wait_until("the kept update delivered", |r| !r.is_empty())
        .await;
    assert_eq!(receiver.delivered_texts(), ["anybody there?"]);
    let info = info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
    assert!(info.get("last_error_message").is_none(), "{info}");
}

#[tokio::test]
async fn each_chat_keeps_its_order_under_failures() {
    let server = TestServer::start().await;
    let bot = server.bot("order_bot").await;
    let (ann, ann_peer) = user_of(&server, &bot, "Ann").await;
    let (bob, bob_peer) = user_of(&server, &bot, "Bob").await;
    // A request for an update while an earlier update of the same chat has not got its
    // 2xx, or a first request for an update after a later one of the same chat, breaks
    // the order; the receiver notes it.
    #[derive(Default)]
    struct Chat {
        seen: Vec<i64>,
        acked: Vec<i64>,
    }
    let chats: Arc<Mutex<HashMap<i64, Chat>>> = Arc::default();
    let violations: Arc<Mutex<Vec<String>>> = Arc::default();
    let script = {
        let (chats, violations) = (chats.clone(), violations.clone());
        move |update: &Value, tries: usize| {
            let chat_id = update["message"]["chat"]["id"].as_i64().unwrap();
            let id = update["update_id"].as_i64().unwrap();
            let mut chats = chats.lock().unwrap();
            let chat = chats.entry(chat_id).or_default();
            let mut violations = violations.lock().unwrap();
            for earlier in chat.seen.iter().filter(|s| **s < id) {
                if !chat.acked.contains(earlier) {
                    violations.push(format!("{id} sent before {earlier} was delivered"));
                }
            }
            if !chat.seen.contains(&id) {
                if let Some(later) = chat.seen.iter().find(|s| **s > id) {
                    violations.push(format!("{id} first sent after {later}"));
                }
                chat.seen.push(id);
            }
            // Every update fails twice (a 500, then a 502), then gets through.
            match tries {
                0 => Answer::Status(500, None),
                1 => Answer::Status(502, None),
                _ => {
                    chat.acked.push(id);
                    Answer::Ok
                }
            }
        }
    };
    let receiver = Receiver::start(script).await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    let mut expected: HashMap<i64, Vec<String>> = HashMap::new();
    for n in 0..6 {
        for (user, peer, name) in [(&ann, &ann_peer, "ann"), (&bob, &bob_peer, "bob")] {
            let text = format!("{name}-{n}");
            user.send(peer, &text).await;
            expected.entry(user.id).or_default().push(text);
        }
    }
    receiver
        .wait_until("all twelve delivered", |r| {
            r.iter().filter(|r| r.delivered).count() == 12
        })
        .await;
    assert!(
        violations.lock().unwrap().is_empty(),
        "{:?}",
        violations.lock().unwrap()
    );
    for (chat, texts) in &expected {
        let delivered: Vec<String> = receiver
            .requests()
            .iter()
            .filter(|r| r.delivered && r.update["message"]["chat"]["id"] == *chat)
            .map(|r| r.update["message"]["text"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(&delivered, texts, "chat {chat}");
    }
    // Three tries for each update, no more.
    assert_eq!(receiver.requests().len(), 36);
    info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
}

#[tokio::test]
async fn a_method_in_the_answer_runs_as_the_bot() {
    let server = TestServer::start().await;
    let bot = server.bot("echo_hook_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    let receiver = Receiver::start(|update, _| {
        let message = &update["message"];
        Answer::Json(json!({
            "method": "sendMessage",
            "chat_id": message["chat"]["id"],
            "text": format!("echo: {}", message["text"].as_str().unwrap_or_default()),
        }))
    })
    .await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    user.send(&peer, "ping").await;
    let reply = user.wait_for(&peer, |m| m["message"] == "echo: ping").await;
    assert_ne!(reply["out"], true, "the bot wrote it, not the user");
    // A get* method in an answer is not run (it would answer nothing anyway); a
    // deleteWebhook in an answer must not delete the webhook.
    receiver.answer_with(|_, _| Answer::Json(json!({"method": "deleteWebhook"})));
    user.send(&peer, "second").await;
    receiver
        .wait_until("the second delivered", |r| r.len() >= 2)
        .await;
    info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
    assert_eq!(
        bot.ok("getWebhookInfo", json!({})).await["url"],
        receiver.url.as_str()
    );
}

#[tokio::test]
async fn delete_webhook_stops_delivery_and_polling_gets_the_rest() {
    let server = TestServer::start().await;
    let bot = server.bot("switch_bot").await;
    let (user, peer) = user_of(&server, &bot, "Ann").await;
    let receiver = Receiver::start(|_, _| Answer::Status(500, None)).await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    let (code, description) = bot.err("getUpdates", json!({})).await;
    assert_eq!(code, 409);
    assert_eq!(
        description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );
    user.send(&peer, "kept for polling").await;
    receiver
        .wait_until("the webhook tried", |r| !r.is_empty())
        .await;
    bot.ok("deleteWebhook", json!({})).await;
    let updates = bot.drain().await;
    assert_eq!(updates.len(), 1, "{updates:?}");
    assert_eq!(updates[0]["message"]["text"], "kept for polling");
    // Once deleted, nothing more is posted: a new message is for polling only.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let tried = receiver.requests().len();
    user.send(&peer, "after delete").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.requests().len(), tried, "delivery stopped");
    let updates = bot.drain().await;
    assert_eq!(updates[0]["message"]["text"], "after delete");
}

#[tokio::test]
async fn without_allow_local_only_telegrams_webhooks_are_accepted() {
    let server = TestServer::start_with_webhooks("allow_local = false\n").await;
    let refused = [
        (
            json!({"url": "http://example.com/hook"}),
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        ),
        (
            json!({"url": "https://example.com:8080/hook"}),
            "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        (
            json!({"url": "https://127.0.0.1/hook"}),
            "Bad Request: bad webhook: IP address 127.0.0.1 is reserved",
        ),
        (
            json!({"url": "https://localhost:8443/hook"}),
            "Bad Request: bad webhook: IP address 127.0.0.1 is reserved",
        ),
        (
            json!({"url": "https://example.com/hook", "ip_address": "192.168.0.10"}),
            "Bad Request: bad webhook: IP address 192.168.0.10 is reserved",
        ),
        (
            json!({"url": "https://example.com/hook", "ip_address": "169.254.169.254"}),
            "Bad Request: bad webhook: IP address 169.254.169.254 is reserved",
        ),
        (
            json!({"url": "https://example.com/hook", "ip_address": "nonsense"}),
            "Bad Request: bad webhook: Invalid IP address specified",
        ),
        (
            json!({"url": "https://example.com/hook", "secret_token": "a b"}),
            "Bad Request: secret token contains unallowed characters",
        ),
        (
            json!({"url": "gopher://example.com/hook"}),
            "Bad Request: invalid webhook URL specified",
        ),
    ];
    for (n, (params, description)) in refused.into_iter().enumerate() {
        // setWebhook with a URL is allowed once a second per bot: one bot per try.
        let bot = server.bot(&format!("strict{n}_bot")).await;
        let (code, got) = bot.err("setWebhook", params.clone()).await;
        assert_eq!((code, got.as_str()), (400, description), "{params}");
        assert_eq!(bot.ok("getWebhookInfo", json!({})).await["url"], "");
    }
}

#[tokio::test]
async fn an_uploaded_certificate_is_kept() {
    let server = TestServer::start().await;
    let bot = server.bot("cert_bot").await;
    let boundary = "hookboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\nhttp://127.0.0.1:1/hook\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"cert.pem\"\r\n\
         Content-Type: application/x-pem-file\r\n\r\n-----BEGIN CERTIFICATE-----\r\n--{boundary}--\r\n"
    );
    let raw = bot
        .raw(
            bot.http
                .post(bot.url("setWebhook"))
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body),
            "setWebhook",
        )
        .await;
    assert_eq!(raw.json()["description"], "Webhook was set");
    let info = bot.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["has_custom_certificate"], true);
    assert_eq!(info["url"], "http://127.0.0.1:1/hook");
}

/// Runs the real binary on `data` with local webhooks and short retries.
#[allow(clippy::zombie_processes)] // the caller kills and waits for it
async fn start_binary(data: &std::path::Path, port: u16) -> std::process::Child {
    let config = data.with_extension("toml");
    std::fs::write(
        &config,
        "[webhooks]\nrequest_timeout_secs = 2\nmax_retry_delay_ms = 100\n",
    )
    .unwrap();
    let child = crate::harness::gramd()
        .args(["serve", "--data-dir"])
        .arg(data)
        .arg("--config")
        .arg(&config)
        .args(["--http-addr", &format!("127.0.0.1:{port}")])
        .env("GRAMD_WEBHOOK_ALLOW_LOCAL", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    crate::harness::wait_up(port).await;
    child
}

/// The last line a CLI command printed (the token it made).
fn created(args: &[&str], data: &std::path::Path) -> String {
    let output = crate::harness::gramd()
        .args(&args[..2])
        .arg("--data-dir")
        .arg(data)
        .args(&args[2..])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undelivered_updates_survive_sigkill_and_delivered_ones_are_not_resent() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let user_token = created(
        &[
            "user",
            "create",
            "--phone",
            "+15550177",
            "--first-name",
            "Kim",
        ],
        &data,
    );
    let bot_token = created(
        &[
            "bot",
            "create",
            "--username",
            "sturdy_bot",
            "--first-name",
            "Sturdy",
        ],
        &data,
    );
    let port = free_port();
    let (bot, user) = crate::harness::remote_clients(port, bot_token, user_token);
    let mut server = start_binary(&data, port).await;
    let peer = user.peer("sturdy_bot").await;
    // Phase 1: the webhook fails everything; gramd is killed with updates queued.
    let receiver = Receiver::start(|_, _| Answer::Status(500, None)).await;
    bot.ok("setWebhook", json!({"url": receiver.url})).await;
    let first: Vec<String> = (0..5).map(|n| format!("before kill {n}")).collect();
    for text in &first {
        user.send(&peer, text).await;
    }
    receiver
        .wait_until("delivery attempted", |r| r.len() >= 2)
        .await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    // Phase 2: the webhook works again; after the restart everything queued arrives, in
    // order (one chat), and the queue empties.
    receiver.answer_with(|_, _| Answer::Ok);
    let mut server = start_binary(&data, port).await;
    receiver
        .wait_until("the queued updates delivered", |r| {
            r.iter().filter(|r| r.delivered).count() == first.len()
        })
        .await;
    assert_eq!(receiver.delivered_texts(), first);
    info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
    // Phase 3: delivered and acknowledged updates are not sent again after another kill.
    let second = "after restart";
    user.send(&peer, second).await;
    receiver
        .wait_until("the new update delivered", |r| {
            r.iter().filter(|r| r.delivered).count() == first.len() + 1
        })
        .await;
    info_until(&bot, "the queue emptied", |i| {
        i["pending_update_count"] == 0
    })
    .await;
    server.kill().unwrap();
    server.wait().unwrap();
    let mut server = start_binary(&data, port).await;
    let last = "after second restart";
    user.send(&peer, last).await;
    receiver
        .wait_until("the last update delivered", |r| {
            r.iter()
                .any(|r| r.delivered && r.update["message"]["text"] == last)
        })
        .await;
    let mut expected = first.clone();
    expected.push(second.to_owned());
    expected.push(last.to_owned());
    assert_eq!(
        receiver.delivered_texts(),
        expected,
        "each update delivered once, in order"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
