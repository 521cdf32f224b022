//! Starting and stopping the servers under test as separate processes, and small HTTP
//! helpers for setting them up.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;

/// A server process on a local port.
pub(crate) struct Target {
    /// Its address.
    pub(crate) addr: SocketAddr,
    child: Child,
    /// How long it took from spawn to answering HTTP.
    pub(crate) startup: Duration,
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Target {
    /// Its process id.
    #[must_use]
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory of the process, in MiB (Linux `/proc`).
    #[must_use]
    pub(crate) fn rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    }

    /// Stops it with SIGKILL and waits.
    pub(crate) fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
#[must_use]
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Spawns `command` listening on `addr` and waits until `GET probe` answers.
///
/// # Panics
/// If it does not come up within 120 s.
pub(crate) async fn spawn(mut command: Command, addr: SocketAddr, probe: &str) -> Target {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let mut target = Target {
        addr,
        child,
        startup: Duration::ZERO,
    };
    while started.elapsed() < Duration::from_secs(120) {
        if request(addr, hyper::Method::GET, probe, None, None)
            .await
            .is_ok()
        {
            target.startup = started.elapsed();
            return target;
        }
        if let Ok(Some(status)) = target.child.try_wait() {
            panic!("{command:?} exited with {status}");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("{command:?} did not answer on {addr} within 120 s");
}

/// One HTTP request on a fresh connection; returns status and body.
///
/// # Errors
/// Connection or protocol failures, as text.
pub(crate) async fn request(
    addr: SocketAddr,
    method: hyper::Method,
    path: &str,
    bearer: Option<&str>,
    json: Option<&Value>,
) -> Result<(u16, Bytes), String> {
    let (status, _, body) = request_with_headers(addr, method, path, bearer, json).await?;
    Ok((status, body))
}

/// As [`request`], with the response's headers.
///
/// # Errors
/// Connection or protocol failures, as text.
pub(crate) async fn request_with_headers(
    addr: SocketAddr,
    method: hyper::Method,
    path: &str,
    bearer: Option<&str>,
    json: Option<&Value>,
) -> Result<(u16, hyper::HeaderMap, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header(hyper::header::HOST, addr.to_string());
    if let Some(token) = bearer {
        builder = builder.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match json {
        Some(value) => {
            builder = builder.header(hyper::header::CONTENT_TYPE, "application/json");
            Bytes::from(value.to_string())
        }
        None => Bytes::new(),
    };
    let response = sender
        .send_request(builder.body(Full::new(body)).map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, headers, body))
}

/// Signs a new JSON client API session in with the test number `phone` (`+99966XYYYY`,
/// code XXXXX); returns its token.
///
/// # Panics
/// On any failure: setup steps of a benchmark must work.
pub(crate) async fn json_sign_in(addr: SocketAddr, phone: &str) -> String {
    let (status, headers, body) = request_with_headers(
        addr,
        hyper::Method::POST,
        "/client/auth.sendCode",
        None,
        Some(
            &serde_json::json!({"phone_number": phone, "api_id": 1, "api_hash": "bench",
                                 "settings": {"_": "codeSettings"}}),
        ),
    )
    .await
    .unwrap_or_else(|e| panic!("auth.sendCode: {e}"));
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert_eq!(status, 200, "auth.sendCode failed: {sent}");
    let token = headers
        .get("x-gramd-session")
        .and_then(|v| v.to_str().ok())
        .expect("a session token in X-Gramd-Session")
        .to_owned();
    let code = phone[phone.len() - 5..phone.len() - 4].repeat(5);
    let authorization = call(
        addr,
        "/client/auth.signIn",
        Some(&token),
        &serde_json::json!({"phone_number": phone,
            "phone_code_hash": sent["result"]["phone_code_hash"], "phone_code": code}),
    )
    .await;
    assert_eq!(authorization["_"], "auth.authorization", "{authorization}");
    token
}

/// A JSON POST that must succeed; returns `result`.
///
/// # Panics
/// On any failure: setup steps of a benchmark must work.
pub(crate) async fn call(
    addr: SocketAddr,
    path: &str,
    bearer: Option<&str>,
    json: &Value,
) -> Value {
    let (status, body) = request(addr, hyper::Method::POST, path, bearer, Some(json))
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert!(
        status == 200 && value["ok"] == true,
        "{path} failed: {status} {value}"
    );
    value["result"].clone()
}

/// The last line a command prints (tokens from `gramd user/bot create`).
///
/// # Panics
/// If the command fails.
#[must_use]
pub(crate) fn last_line(command: &mut Command) -> String {
    let output = command.output().expect("run a command");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// `gramd serve` on `data_dir`, HTTP at `addr` and MTProto at `mtproto`, logging at `log`
/// level, with Telegram's test numbers signing in (the MTProto clients' accounts).
pub(crate) fn serve_command(
    binary: &Path,
    data_dir: &Path,
    addr: SocketAddr,
    mtproto: SocketAddr,
    log: &str,
) -> Command {
    let mut command = Command::new(binary);
    command
        .args(["serve", "--data-dir"])
        .arg(data_dir)
        .args(["--http-addr", &addr.to_string()])
        .args(["--mtproto-addr", &mtproto.to_string()])
        .env("GRAMD_LOG", log)
        .env("GRAMD_AUTH_TEST_PHONES", "1");
    command
}

/// A local address on a port nobody listens on right now.
#[must_use]
pub(crate) fn free_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], free_port()))
}

/// A running gramd with one user who has started one bot.
pub(crate) struct Gramd {
    /// The server.
    pub(crate) target: Target,
    /// The bot's token.
    pub(crate) bot_token: String,
    /// The user's session token.
    pub(crate) user_token: String,
    /// The user's id (the bot's `chat_id` for them).
    pub(crate) user_id: i64,
    /// The user's `inputPeerUser` for the bot.
    pub(crate) bot_peer: Value,
    /// Where it speaks MTProto.
    pub(crate) mtproto_addr: SocketAddr,
    /// Its MTProto public key.
    pub(crate) mtproto_key: gramd_mtproto::client::PublicKey,
}

/// Creates a user and a bot in `data_dir` (with the CLI), starts gramd, and has the user
/// start the bot.
pub(crate) async fn gramd(binary: &Path, data_dir: &Path, tag: &str) -> Gramd {
    gramd_with(binary, data_dir, tag, None).await
}

/// As [`gramd`], with a configuration file.
pub(crate) async fn gramd_with(
    binary: &Path,
    data_dir: &Path,
    tag: &str,
    config: Option<&Path>,
) -> Gramd {
    let cli = |args: &[&str]| {
        let mut command = Command::new(binary);
        command.args(args).arg("--data-dir").arg(data_dir);
        command
    };
    let user_token = last_line(&mut cli(&[
        "user",
        "create",
        "--phone",
        &format!("+1999{:07}", tag.len() * 7919 % 10_000_000),
        "--first-name",
        "Bench",
    ]));
    let bot_name = format!("bench_{tag}_bot");
    let bot_token = last_line(&mut cli(&[
        "bot",
        "create",
        "--username",
        &bot_name,
        "--first-name",
        "Bench",
    ]));
    let addr = free_addr();
    let mtproto_addr = free_addr();
    let mtproto_key = crate::mtproto::server_key(binary, data_dir);
    let mut command = serve_command(binary, data_dir, addr, mtproto_addr, "warn");
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    let target = spawn(command, addr, &format!("/bot{bot_token}/getMe")).await;
    let resolved = call(
        addr,
        "/client/contacts.resolveUsername",
        Some(&user_token),
        &serde_json::json!({ "username": bot_name }),
    )
    .await;
    let bot = &resolved["users"][0];
    let bot_peer = serde_json::json!({
        "_": "inputPeerUser", "user_id": bot["id"], "access_hash": bot["access_hash"],
    });
    call(
        addr,
        "/client/messages.sendMessage",
        Some(&user_token),
        &serde_json::json!({ "peer": bot_peer, "message": "/start", "random_id": 1 }),
    )
    .await;
    let me = call(
        addr,
        "/client/users.getUsers",
        Some(&user_token),
        &serde_json::json!({ "id": [{ "_": "inputUserSelf" }] }),
    )
    .await;
    let user_id = me[0]["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("the user's id");
    Gramd {
        target,
        bot_token,
        user_token,
        user_id,
        bot_peer,
        mtproto_addr,
        mtproto_key,
    }
}
