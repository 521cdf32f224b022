//! The command-line contract, on the real binary: accounts created while a server runs
//! are usable at once, one server per data directory, readable configuration errors, and
//! a prompt graceful stop on SIGTERM even with a long poll parked.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{BotClient, UserClient, free_port, gramd, wait_up};

fn create(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    gramd()
        .args(&args[..2])
        .arg("--data-dir")
        .arg(dir)
        .args(&args[2..])
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::zombie_processes)] // killed and waited for below
async fn accounts_made_while_serving_work_at_once_and_sigterm_stops_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = gramd()
        .arg("serve")
        .env("GRAMD_DATA_DIR", dir.path())
        .env("GRAMD_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_up(port).await;
    // A second server on the same directory is refused with a clear message.
    let second = gramd()
        .arg("serve")
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--http-addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("another gramd server is already running"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    // Accounts made by other processes while it runs.
    let user = create(
        &[
            "user",
            "create",
            "--phone",
            "+15550777",
            "--first-name",
            "Live",
        ],
        dir.path(),
    );
    assert!(user.status.success());
    let user_token = String::from_utf8(user.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let bot = create(
        &[
            "bot",
            "create",
            "--username",
            "live_bot",
            "--first-name",
            "Live",
        ],
        dir.path(),
    );
    assert!(bot.status.success());
    let bot_token = String::from_utf8(bot.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let (id, secret) = bot_token.split_once(':').unwrap();
    assert!(secret.len() >= 35);
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let bot = BotClient {
        base: base.clone(),
        token: bot_token.clone(),
        id: id.parse().unwrap(),
        http: http.clone(),
    };
    assert_eq!(bot.ok("getMe", json!({})).await["username"], "live_bot");
    let user = UserClient {
        base,
        token: user_token,
        id: 0,
        http,
    };
    let peer = user.peer("live_bot").await;
    user.send(&peer, "hi").await;
    // Duplicates are refused, readably, with a failing exit code.
    let again = create(
        &[
            "bot",
            "create",
            "--username",
            "LIVE_BOT",
            "--first-name",
            "X",
        ],
        dir.path(),
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("the username is taken"));
    // SIGTERM with a long poll parked: the poll is answered and the server exits soon.
    let poll = {
        let bot = bot.clone();
        tokio::spawn(async move {
            bot.drain().await;
            bot.ok("getUpdates", json!({"timeout": 50})).await
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let pid = server.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = server.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped after {:?}",
        started.elapsed()
    );
    assert_eq!(poll.await.unwrap(), json!([]));
}

#[test]
fn bad_configuration_is_one_readable_error() {
    let out = gramd()
        .args(["serve", "--http-addr", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "gramd: invalid configuration: http_addr \"not-an-address\" is not an address like 127.0.0.1:8081"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gramd.toml");
    std::fs::write(&file, "[storage]\ndurability = \"sometimes\"\n").unwrap();
    let out = gramd()
        .arg("serve")
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("storage durability \"sometimes\" must be \"full\" or \"normal\"")
    );
    let out = gramd()
        .args(["user", "create", "--data-dir"])
        .arg(dir.path().join("d"))
        .args(["--phone", "12", "--first-name", "A"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the phone number is invalid"));
}

#[test]
fn the_storage_backend_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let out = gramd()
        .arg("serve")
        .env("GRAMD_DATA_DIR", dir.path())
        .env("GRAMD_STORAGE_BACKEND", "postgres")
        .args(["--http-addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "gramd: invalid configuration: storage backend \"postgres\" must be \"sqlite\""
    );
    // Named explicitly, the default backend works for the account commands too.
    let created = gramd()
        .args(["bot", "create", "--data-dir"])
        .arg(dir.path())
        .args(["--username", "stored_bot", "--first-name", "Stored"])
        .env("GRAMD_STORAGE_BACKEND", "sqlite")
        .output()
        .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(dir.path().join("gramd.sqlite3").exists());
}
