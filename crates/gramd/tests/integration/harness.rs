//! Starting a server and talking to it as bots and users.

#![allow(dead_code, unreachable_pub)]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use gramd::config::{Config, Overrides};
use gramd_spec_check::Spec;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// The Bot API spec, parsed once for the whole test binary.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(Spec::load)
}

/// A gramd server on a free port over a fresh data directory.
pub struct TestServer {
    pub base: String,
    pub core: gramd_core::Core,
    pub store: Arc<dyn gramd::storage::Backend>,
    pub dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    http: reqwest::Client,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A config for a test server in `dir`.
pub fn test_config(dir: &std::path::Path, timeout_secs: u64) -> Config {
    test_config_with(dir, timeout_secs, "")
}

/// The `[webhooks]` settings of test servers: local receivers allowed, and short timeouts
/// and retry delays so that tests do not wait for Telegram's.
pub const TEST_WEBHOOKS: &str =
    "allow_local = true\nrequest_timeout_secs = 2\nmax_retry_delay_ms = 100\n";

/// A config for a test server in `dir`, with more `[limits]` lines.
pub fn test_config_with(dir: &std::path::Path, timeout_secs: u64, limits: &str) -> Config {
    test_config_full(dir, timeout_secs, limits, TEST_WEBHOOKS)
}

/// A config for a test server in `dir`, with more `[limits]` lines and these `[webhooks]`
/// lines.
pub fn test_config_full(
    dir: &std::path::Path,
    timeout_secs: u64,
    limits: &str,
    webhooks: &str,
) -> Config {
    let file = dir.join("gramd.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\nhttp_addr = \"127.0.0.1:0\"\n[storage]\ndurability = \"normal\"\n\
             [limits]\ncallback_answer_timeout_secs = {timeout_secs}\nmax_body_bytes = 1048576\n{limits}\n\
             [webhooks]\n{webhooks}",
            dir.join("data")
        ),
    )
    .unwrap();
    Config::load(Overrides {
        config_file: Some(file),
        ..Overrides::default()
    })
    .unwrap()
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with_timeout(3).await
    }

    /// A server whose callback answers time out after `secs`.
    pub async fn start_with_timeout(secs: u64) -> Self {
        Self::start_with(secs, "").await
    }

    /// A server with more `[limits]` settings (TOML lines).
    pub async fn start_with_limits(limits: &str) -> Self {
        Self::start_with(3, limits).await
    }

    /// A server with these `[webhooks]` settings (TOML lines) instead of [`TEST_WEBHOOKS`].
    pub async fn start_with_webhooks(webhooks: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = test_config_full(dir.path(), 3, "", webhooks);
        Self::start_in(dir, &config, Arc::new(gramd_core::clock::SystemClock)).await
    }

    /// A server whose core reads time from `clock`.
    pub async fn start_with_clock(clock: Arc<dyn gramd_core::clock::Clock>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = test_config_with(dir.path(), 3, "");
        Self::start_in(dir, &config, clock).await
    }

    /// A server with these `[rate_limits]` settings (TOML lines).
    pub async fn start_with_rate_limits(rate_limits: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        // `[webhooks]` is the last section of the test config: more sections follow it.
        let sections = format!("{TEST_WEBHOOKS}\n[rate_limits]\n{rate_limits}\n");
        let config = test_config_full(dir.path(), 3, "", &sections);
        Self::start_in(dir, &config, Arc::new(gramd_core::clock::SystemClock)).await
    }

    /// A server with these `[auth]` settings (TOML lines) whose core reads time from
    /// `clock`.
    pub async fn start_with_auth(auth: &str, clock: Arc<dyn gramd_core::clock::Clock>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        // `[webhooks]` is the last section of the test config: more sections follow it.
        let sections = format!("{TEST_WEBHOOKS}\n[auth]\n{auth}\n");
        let config = test_config_full(dir.path(), 3, "", &sections);
        Self::start_in(dir, &config, clock).await
    }

    /// A client API caller with this bearer token (a session token or a bot's token).
    pub fn client(&self, token: &str) -> UserClient {
        UserClient {
            base: self.base.clone(),
            token: token.to_owned(),
            id: 0,
            http: self.http.clone(),
        }
    }

    /// Calls a client API function without a token; returns the status, the token of the
    /// session the server opened (`X-Gramd-Session`), and the body.
    pub async fn anonymous(&self, function: &str, params: Value) -> (u16, Option<String>, Value) {
        self.anonymous_as(None, function, params).await
    }

    /// [`Self::anonymous`] from a client that describes itself with `X-Gramd-Client`.
    pub async fn anonymous_as(
        &self,
        client: Option<Value>,
        function: &str,
        params: Value,
    ) -> (u16, Option<String>, Value) {
        let mut request = self
            .http
            .post(format!("{}/client/{function}", self.base))
            .json(&params);
        if let Some(client) = client {
            request = request.header("x-gramd-client", client.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let token = response
            .headers()
            .get("x-gramd-session")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, token, response.json().await.unwrap())
    }

    async fn start_with(secs: u64, limits: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = test_config_with(dir.path(), secs, limits);
        Self::start_in(dir, &config, Arc::new(gramd_core::clock::SystemClock)).await
    }

    async fn start_in(
        dir: tempfile::TempDir,
        config: &Config,
        clock: Arc<dyn gramd_core::clock::Clock>,
    ) -> Self {
        let opened = gramd::server::open_with_clock(config, true, clock)
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = gramd::server::app(&opened.core, config);
        let (tx, rx) = oneshot::channel::<()>();
        let config = config.clone();
        let core = opened.core.clone();
        let store = opened.store.clone();
        let webhooks = gramd::server::start_webhooks(&core, &config);
        let botfather = gramd::server::start_builtin_bots(&core).await.unwrap();
        let stopping = core.clone();
        tokio::spawn(async move {
            let _keep = opened;
            let limits = gramd::server::ConnectionLimits::of(&config);
            gramd::server::serve(listener, app, limits, async move {
                let _ = rx.await;
                stopping.hub().stop();
            })
            .await
            .unwrap();
            webhooks.stopped(Duration::from_secs(10)).await;
            botfather.abort();
        });
        Self {
            base: format!("http://{addr}"),
            core,
            store,
            dir,
            shutdown: Some(tx),
            http: reqwest::Client::new(),
        }
    }

    /// A new user with a client API session.
    pub async fn user(&self, first_name: &str, username: Option<&str>) -> UserClient {
        static PHONE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(15_550_000);
        let phone = PHONE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (_, token) = gramd::accounts::create_user(
            &self.core,
            format!("+{phone}"),
            first_name.into(),
            None,
            username.map(Into::into),
        )
        .await
        .unwrap();
        let me = self.core.authenticate_session(&token).await.unwrap();
        UserClient {
            base: self.base.clone(),
            token,
            id: me.id.0,
            http: self.http.clone(),
        }
    }

    /// A new bot.
    pub async fn bot(&self, username: &str) -> BotClient {
        let (_, token) =
            gramd::accounts::create_bot(&self.core, username.into(), "Bot".into(), None, false)
                .await
                .unwrap();
        let id = token.split(':').next().unwrap().parse().unwrap();
        BotClient {
            base: self.base.clone(),
            token,
            id,
            http: self.http.clone(),
        }
    }
}

/// A bot talking the Bot API; every response is checked against the spec.
#[derive(Clone)]
pub struct BotClient {
    pub base: String,
    pub token: String,
    pub id: i64,
    pub http: reqwest::Client,
}

/// A raw HTTP response.
pub struct Raw {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Raw {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

impl BotClient {
    pub fn url(&self, method: &str) -> String {
        format!("{}/bot{}/{method}", self.base, self.token)
    }

    /// Calls a method with a JSON body; checks the envelope and the status.
    pub async fn call(&self, method: &str, params: Value) -> Value {
        let response = self
            .http
            .post(self.url(method))
            .json(&params)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        check_envelope(method, status, &body);
        body
    }

    /// A call that must succeed; returns its result.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let body = self.call(method, params).await;
        assert_eq!(body["ok"], true, "{method} failed: {body}");
        body["result"].clone()
    }

    /// A call that must fail; returns (error_code, description).
    pub async fn err(&self, method: &str, params: Value) -> (u64, String) {
        let body = self.call(method, params).await;
        assert_eq!(body["ok"], false, "{method} should have failed: {body}");
        (
            body["error_code"].as_u64().unwrap(),
            body["description"].as_str().unwrap().to_owned(),
        )
    }

    /// Sends any request and returns the raw response (envelope checked if JSON).
    pub async fn raw(&self, request: reqwest::RequestBuilder, method: &str) -> Raw {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        if let Ok(json) = serde_json::from_str::<Value>(&body) {
            check_envelope(method, status, &json);
        }
        Raw {
            status,
            headers,
            body,
        }
    }

    /// getUpdates with no wait; confirms what it returns.
    pub async fn drain(&self) -> Vec<Value> {
        let updates = self.ok("getUpdates", json!({"timeout": 0})).await;
        let list = updates.as_array().unwrap().clone();
        if let Some(last) = list.last() {
            let next = last["update_id"].as_i64().unwrap() + 1;
            self.ok("getUpdates", json!({"offset": next, "timeout": 0}))
                .await;
        }
        list
    }

    /// Waits up to `secs` for the next update (long poll), confirming it.
    pub async fn next_update(&self, secs: u64) -> Value {
        let updates = self
            .ok("getUpdates", json!({"timeout": secs, "limit": 1}))
            .await;
        let update = updates
            .as_array()
            .unwrap()
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("no update within {secs} s"));
        let next = update["update_id"].as_i64().unwrap() + 1;
        self.ok("getUpdates", json!({"offset": next, "timeout": 0}))
            .await;
        update
    }
}

/// The envelope is Telegram's, the status is the error code, and the JSON matches the spec.
pub fn check_envelope(method: &str, status: u16, body: &Value) {
    // Legacy names the reference still accepts are checked as the methods they stand for
    // (the Bot API edge's method table knows them).
    let method = gramd_botapi::method_info(method).map_or(method, |m| m.name);
    if let Err(violations) = spec().check_response(method, body) {
        panic!("{method} response does not match the Bot API spec:\n{violations}\n{body:#}");
    }
    match body["ok"].as_bool() {
        Some(true) => assert_eq!(status, 200, "{body}"),
        Some(false) => assert_eq!(
            u64::from(status),
            body["error_code"].as_u64().unwrap(),
            "HTTP status must equal error_code: {body}"
        ),
        None => panic!("no ok in {body}"),
    }
}

/// A user talking the JSON client API.
#[derive(Clone)]
pub struct UserClient {
    pub base: String,
    pub token: String,
    pub id: i64,
    pub http: reqwest::Client,
}

impl UserClient {
    pub async fn call(&self, function: &str, params: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/client/{function}", self.base))
            .bearer_auth(&self.token)
            .json(&params)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        if body["ok"] == false {
            assert_eq!(
                u64::from(status),
                body["error_code"].as_u64().unwrap(),
                "{body}"
            );
        }
        (status, body)
    }

    pub async fn ok(&self, function: &str, params: Value) -> Value {
        let (_, body) = self.call(function, params).await;
        assert_eq!(body["ok"], true, "{function} failed: {body}");
        body["result"].clone()
    }

    /// A call that must fail; returns (error_code, error_message).
    pub async fn err(&self, function: &str, params: Value) -> (u64, String) {
        let (_, body) = self.call(function, params).await;
        assert_eq!(body["ok"], false, "{function} should have failed: {body}");
        (
            body["error_code"].as_u64().unwrap(),
            body["error_message"].as_str().unwrap().to_owned(),
        )
    }

    /// The `inputPeerUser` of a username.
    pub async fn peer(&self, username: &str) -> Value {
        let resolved = self
            .ok("contacts.resolveUsername", json!({"username": username}))
            .await;
        let user = &resolved["users"][0];
        json!({"_": "inputPeerUser", "user_id": user["id"], "access_hash": user["access_hash"]})
    }

    /// Sends a text; returns its id.
    pub async fn send(&self, peer: &Value, text: &str) -> i64 {
        let sent = self
            .ok(
                "messages.sendMessage",
                json!({"peer": peer, "message": text, "random_id": rand_id()}),
            )
            .await;
        sent["id"].as_i64().unwrap()
    }

    /// The newest `limit` messages with `peer`, newest first.
    pub async fn history(&self, peer: &Value, limit: i32) -> Vec<Value> {
        let result = self
            .ok(
                "messages.getHistory",
                json!({"peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
                       "limit": limit, "max_id": 0, "min_id": 0, "hash": 0}),
            )
            .await;
        result["messages"].as_array().unwrap().clone()
    }

    /// Polls the history until `pred` holds for some message, for up to 5 s.
    pub async fn wait_for(&self, peer: &Value, pred: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..100 {
            if let Some(m) = self.history(peer, 20).await.into_iter().find(|m| pred(m)) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no such message within 5 s");
    }
}

/// A random `long` for `random_id`.
pub fn rand_id() -> String {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        .to_string()
}

/// A user who has started `bot` (so the bot may write to them), with the bot's first
/// update drained.
pub async fn started(server: &TestServer, bot: &BotClient, name: &str) -> UserClient {
    let user = server.user(name, None).await;
    let username = bot_username(server, bot).await;
    let peer = user.peer(&username).await;
    user.send(&peer, "/start").await;
    bot.drain().await;
    user
}

/// A basic group created by `owner` with `bot` in it, the bot's updates drained; returns
/// its Bot API `chat_id`.
pub async fn group_with(owner: &UserClient, bot: &BotClient, bot_username: &str) -> i64 {
    let bot_peer = owner.peer(bot_username).await;
    let bot_input = json!({"_": "inputUser", "user_id": bot_peer["user_id"],
        "access_hash": bot_peer["access_hash"]});
    let created = owner
        .ok(
            "messages.createChat",
            json!({"users": [bot_input], "title": "Group"}),
        )
        .await;
    let chat_id: i64 = created["updates"]["chats"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    bot.drain().await;
    -chat_id
}

async fn bot_username(server: &TestServer, bot: &BotClient) -> String {
    let me = server
        .core
        .user(gramd_core::ids::UserId(bot.id))
        .await
        .unwrap();
    me.username.clone().unwrap()
}

/// A bot and a user talking to a `gramd` binary on `port` (requests time out after 10 s).
pub fn remote_clients(port: u16, bot_token: String, user_token: String) -> (BotClient, UserClient) {
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let bot = BotClient {
        base: base.clone(),
        id: bot_token.split(':').next().unwrap().parse().unwrap(),
        token: bot_token,
        http: http.clone(),
    };
    let user = UserClient {
        base,
        token: user_token,
        id: 0,
        http,
    };
    (bot, user)
}

/// The `gramd` binary under test (its MTProto listener on a free port, so that servers
/// started by tests running at once do not compete for the default one).
pub fn gramd() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gramd"));
    command.env("GRAMD_MTPROTO_ADDR", "127.0.0.1:0");
    command
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until a server answers HTTP on `port`.
pub async fn wait_up(port: u16) {
    let http = reqwest::Client::new();
    for _ in 0..400 {
        if http
            .get(format!("http://127.0.0.1:{port}/bot1:x/getMe"))
            .send()
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("gramd did not start on port {port}");
}
