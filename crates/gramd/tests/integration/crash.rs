//! SIGKILL during a stream of sends: after a restart, every acknowledged message is there,
//! update_ids continue without gaps or repeats, and the database is sound.
//!
//! This runs the real `gramd` binary with its default (full) durability.

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{BotClient, UserClient, free_port, gramd, rand_id, remote_clients, wait_up};

fn last_line(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

#[allow(clippy::zombie_processes)] // the caller kills and waits for it
async fn start(dir: &std::path::Path, port: u16) -> Child {
    let child = gramd()
        .args(["serve", "--data-dir"])
        .arg(dir)
        .args(["--http-addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_up(port).await;
    child
}

/// Every update left in the bot's queue, confirming as it goes.
async fn all_updates(bot: &BotClient) -> Vec<Value> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let batch = bot
            .ok(
                "getUpdates",
                json!({"offset": offset, "limit": 100, "timeout": 0}),
            )
            .await;
        let batch = batch.as_array().unwrap().clone();
        let Some(last) = batch.last() else {
            return all;
        };
        offset = last["update_id"].as_i64().unwrap() + 1;
        all.extend(batch);
    }
}

/// Every text in the user's chat with the bot.
async fn all_texts(user: &UserClient, peer: &Value) -> BTreeSet<String> {
    let mut texts = BTreeSet::new();
    let mut offset_id = 0;
    loop {
        let page = user
            .ok(
                "messages.getHistory",
                json!({"peer": peer, "offset_id": offset_id, "offset_date": 0, "add_offset": 0,
                       "limit": 100, "max_id": 0, "min_id": 0, "hash": 0}),
            )
            .await;
        let messages = page["messages"].as_array().unwrap();
        let Some(last) = messages.last() else {
            return texts;
        };
        offset_id = last["id"].as_i64().unwrap();
        for m in messages {
            texts.insert(m["message"].as_str().unwrap().to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let user_token = last_line(
        &gramd()
            .args(["user", "create", "--data-dir"])
            .arg(&data)
            .args(["--phone", "+15550100", "--first-name", "Crash"])
            .output()
            .unwrap(),
    );
    let bot_token = last_line(
        &gramd()
            .args(["bot", "create", "--data-dir"])
            .arg(&data)
            .args(["--username", "crash_bot", "--first-name", "Crash"])
            .output()
            .unwrap(),
    );
    let port = free_port();
    let (bot, me) = remote_clients(port, bot_token, user_token);
    let mut server = start(&data, port).await;
    let peer = me.peer("crash_bot").await;
    me.send(&peer, "/start").await;
    let user_id = me
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await[0]["id"]
        .as_str()
        .unwrap()
        .parse::<i64>()
        .unwrap();

    let acked_user = Arc::new(Mutex::new(vec!["/start".to_owned()]));
    let acked_bot = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut last_update_id = None;
    for round in 0..3 {
        let mut tasks = Vec::new();
        for task in 0..12 {
            let (me, bot, peer) = (me.clone(), bot.clone(), peer.clone());
            let (acked_user, acked_bot) = (acked_user.clone(), acked_bot.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0.. {
                    let text = format!("r{round}-t{task}-n{n}");
                    if task % 2 == 0 {
                        let sent = me
                            .http
                            .post(format!("{}/client/messages.sendMessage", me.base))
                            .bearer_auth(&me.token)
                            .json(&json!({"peer": peer, "message": text, "random_id": rand_id()}))
                            .send()
                            .await;
                        let Ok(response) = sent else { return };
                        let Ok(body) = response.json::<Value>().await else {
                            return;
                        };
                        if body["ok"] == true {
                            acked_user.lock().unwrap().push(text);
                        }
                    } else {
                        let sent = bot
                            .http
                            .post(bot.url("sendMessage"))
                            .json(&json!({"chat_id": user_id, "text": text}))
                            .send()
                            .await;
                        let Ok(response) = sent else { return };
                        let Ok(body) = response.json::<Value>().await else {
                            return;
                        };
                        if body["ok"] == true {
                            acked_bot.lock().unwrap().push(text);
                        }
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(700 + 300 * round)).await;
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        for task in tasks {
            task.await.unwrap();
        }
        server = start(&data, port).await;

        let updates = all_updates(&bot).await;
        let ids: Vec<i64> = updates
            .iter()
            .map(|u| u["update_id"].as_i64().unwrap())
            .collect();
        assert!(!ids.is_empty(), "round {round}: no updates");
        if let Some(previous) = last_update_id {
            assert_eq!(
                ids[0],
                previous + 1,
                "round {round}: update_ids continue across restarts"
            );
        }
        for pair in ids.windows(2) {
            assert_eq!(
                pair[1],
                pair[0] + 1,
                "round {round}: gap or repeat in {ids:?}"
            );
        }
        last_update_id = ids.last().copied();
        let delivered: BTreeSet<String> = updates
            .iter()
            .map(|u| u["message"]["text"].as_str().unwrap().to_owned())
            .collect();
        let texts = all_texts(&me, &peer).await;
        for text in acked_user.lock().unwrap().drain(..) {
            assert!(texts.contains(&text), "round {round}: user's {text} lost");
            assert!(
                delivered.contains(&text),
                "round {round}: update for {text} lost"
            );
        }
        for text in acked_bot.lock().unwrap().drain(..) {
            assert!(texts.contains(&text), "round {round}: bot's {text} lost");
        }
    }
    // After the last restart, the next update continues the sequence.
    me.send(&peer, "after").await;
    let next = all_updates(&bot).await;
    assert_eq!(
        next[0]["update_id"].as_i64(),
        last_update_id.map(|id| id + 1)
    );
    server.kill().unwrap();
    server.wait().unwrap();
    let store = gramd_store_sqlite::SqliteStore::open(&gramd_store_sqlite::SqliteConfig::new(
        data.join("gramd.sqlite3"),
    ))
    .unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
}
