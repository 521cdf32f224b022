//! SIGKILL during sustained `sendMessage` load, then restart and verify: every
//! acknowledged message is there, update ids continue without gaps or repeats, and the
//! database passes `PRAGMA integrity_check`. Repeated for many rounds on one database.
//!
//! The load comes from a user through the JSON client API, the bot through the Bot API,
//! and MTProto clients (each its own signed-in account, sending to its Saved Messages): a
//! message counts as acknowledged once its answer (HTTP 200, or the `rpc_result`) arrived.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use grammers_tl_types::Serializable;

use crate::mtproto::{self, CallError, MtprotoClient};
use crate::targets::{self, Gramd, Target, call, request};

/// Concurrent HTTP senders: half a user through the client API, half the bot.
const SENDERS: usize = 16;

/// Concurrent MTProto senders, each its own account.
const MTPROTO_SENDERS: usize = 4;

/// The test numbers of the MTProto senders are `+999663YYYY`.
const MTPROTO_PHONES: u8 = 3;

async fn start(binary: &Path, data: &Path, g: &Setup) -> Target {
    let command = targets::serve_command(binary, data, g.addr, g.mtproto_addr, "error");
    targets::spawn(command, g.addr, &format!("/bot{}/getMe", g.bot_token)).await
}

/// What a restart needs to know of the server.
struct Setup {
    addr: SocketAddr,
    mtproto_addr: SocketAddr,
    bot_token: String,
}

/// Sends messages to its Saved Messages over MTProto until the connection breaks;
/// records the text of each whose `rpc_result` arrived.
async fn mtproto_sender(
    mut client: MtprotoClient,
    round: u32,
    sender: usize,
    acked: Arc<Mutex<Vec<String>>>,
) {
    for n in 0.. {
        let text = format!("r{round}-m{sender}-n{n}");
        let request = client.send_to_self(&text);
        match client.call_raw(&request.to_bytes()).await {
            Ok(_) => acked.lock().expect("acks").push(text),
            Err(CallError::Rpc(..)) => {}
            Err(CallError::Connection(_)) => return,
        }
    }
}

/// Every update in the bot's queue, confirming as it goes.
async fn drain(addr: std::net::SocketAddr, token: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let batch = call(
            addr,
            &format!("/bot{token}/getUpdates"),
            None,
            &json!({"offset": offset, "limit": 100, "timeout": 0}),
        )
        .await;
        let batch = batch.as_array().cloned().unwrap_or_default();
        let Some(last) = batch.last() else { return all };
        offset = last["update_id"].as_i64().unwrap_or_default() + 1;
        all.extend(batch);
    }
}

/// Every text in the user's chat with the bot.
async fn texts(addr: std::net::SocketAddr, user_token: &str, peer: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut offset_id = 0;
    loop {
        let page = call(
            addr,
            "/client/messages.getHistory",
            Some(user_token),
            &json!({"peer": peer, "offset_id": offset_id, "offset_date": 0, "add_offset": 0,
                    "limit": 100, "max_id": 0, "min_id": 0, "hash": 0}),
        )
        .await;
        let messages = page["messages"].as_array().cloned().unwrap_or_default();
        let Some(last) = messages.last() else {
            return out;
        };
        offset_id = last["id"].as_i64().unwrap_or_default();
        for m in &messages {
            out.insert(m["message"].as_str().unwrap_or_default().to_owned());
        }
    }
}

/// Runs `rounds` kill-and-verify rounds; prints one line per round.
pub(super) async fn run(binary: &Path, rounds: u32) -> bool {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    let Gramd {
        target,
        bot_token,
        user_token,
        user_id,
        bot_peer: peer,
        mtproto_addr,
        mtproto_key,
    } = targets::gramd(binary, &data, "crash").await;
    let addr = target.addr;
    let setup = Setup {
        addr,
        mtproto_addr,
        bot_token: bot_token.clone(),
    };
    // The MTProto senders' accounts, and a JSON session on each to read what is stored.
    let mut readers = Vec::new();
    for i in 0..MTPROTO_SENDERS {
        let phone = mtproto::test_phone(MTPROTO_PHONES, i);
        readers.push(targets::json_sign_in(addr, &phone).await);
    }
    let self_peer = json!({"_": "inputPeerSelf"});
    let mut server = Some(target);
    let _ = drain(addr, &bot_token).await;
    let mut last_update: Option<i64> = None;
    let mut ok = true;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    println!(
        "| round | acknowledged (user / bot / MTProto) | all present | update ids | integrity | restart |"
    );
    println!("|---|---|---|---|---|---|");
    for round in 0..rounds {
        let acked_user = Arc::new(Mutex::new(Vec::new()));
        let acked_bot = Arc::new(Mutex::new(Vec::new()));
        let acked_mtproto: Vec<_> = (0..MTPROTO_SENDERS)
            .map(|_| Arc::new(Mutex::new(Vec::new())))
            .collect();
        let mut tasks = Vec::new();
        let clients =
            mtproto::signed_in(mtproto_addr, &mtproto_key, MTPROTO_PHONES, MTPROTO_SENDERS).await;
        for (sender, client) in clients.into_iter().enumerate() {
            tasks.push(tokio::spawn(mtproto_sender(
                client,
                round,
                sender,
                acked_mtproto[sender].clone(),
            )));
        }
        for sender in 0..SENDERS {
            let (acked_user, acked_bot) = (acked_user.clone(), acked_bot.clone());
            let (bot_token, user_token, peer) =
                (bot_token.clone(), user_token.clone(), peer.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0.. {
                    let text = format!("r{round}-s{sender}-n{n}");
                    let (path, bearer, body, acked) = if sender % 2 == 0 {
                        // A random_id is used once per sender: unique per round, sender and n.
                        let random_id =
                            (1_i64 << 56) | (i64::from(round) << 40) | ((sender as i64) << 32) | n;
                        let body = json!({"peer": peer, "message": text, "random_id": random_id});
                        (
                            "/client/messages.sendMessage".to_owned(),
                            Some(user_token.clone()),
                            body,
                            &acked_user,
                        )
                    } else {
                        let body = json!({"chat_id": user_id, "text": text});
                        (
                            format!("/bot{bot_token}/sendMessage"),
                            None,
                            body,
                            &acked_bot,
                        )
                    };
                    match request(
                        addr,
                        hyper::Method::POST,
                        &path,
                        bearer.as_deref(),
                        Some(&body),
                    )
                    .await
                    {
                        Ok((200, _)) => acked.lock().expect("acks").push(text),
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            }));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        tokio::time::sleep(Duration::from_millis(300 + seed % 1500)).await;
        if let Some(target) = server.take() {
            target.kill(); // SIGKILL
        }
        for task in tasks {
            let _ = task.await;
        }
        let restarted = Instant::now();
        server = Some(start(binary, &data, &setup).await);
        let restart = restarted.elapsed();

        let updates = drain(addr, &bot_token).await;
        let ids: Vec<i64> = updates
            .iter()
            .filter_map(|u| u["update_id"].as_i64())
            .collect();
        let mut ids_ok = ids.windows(2).all(|w| w[1] == w[0] + 1);
        if let (Some(previous), Some(first)) = (last_update, ids.first()) {
            ids_ok &= *first == previous + 1;
        }
        last_update = ids.last().copied().or(last_update);
        let delivered: BTreeSet<String> = updates
            .iter()
            .filter_map(|u| u["message"]["text"].as_str().map(str::to_owned))
            .collect();
        let stored = texts(addr, &user_token, &peer).await;
        let acked_user = std::mem::take(&mut *acked_user.lock().expect("acks"));
        let acked_bot = std::mem::take(&mut *acked_bot.lock().expect("acks"));
        let mut present = acked_user
            .iter()
            .all(|t| stored.contains(t) && delivered.contains(t))
            && acked_bot.iter().all(|t| stored.contains(t));
        let mut mtproto_acked = 0;
        for (acked, reader) in acked_mtproto.iter().zip(&readers) {
            let acked = std::mem::take(&mut *acked.lock().expect("acks"));
            mtproto_acked += acked.len();
            let saved = texts(addr, reader, &self_peer).await;
            present &= acked.iter().all(|t| saved.contains(t));
        }
        let integrity = integrity_check(&data.join("gramd.sqlite3"));
        let round_ok = present && ids_ok && integrity == "ok";
        ok &= round_ok;
        println!(
            "| {} | {} / {} / {} | {} | {} ({} new) | {} | {:.0} ms |",
            round + 1,
            acked_user.len(),
            acked_bot.len(),
            mtproto_acked,
            if present { "yes" } else { "**no**" },
            if ids_ok {
                "gap-free"
            } else {
                "**gap or repeat**"
            },
            ids.len(),
            integrity,
            restart.as_secs_f64() * 1000.0
        );
    }
    drop(server);
    println!(
        "\n{}",
        if ok {
            "crash drill: PASS"
        } else {
            "crash drill: FAIL"
        }
    );
    ok
}

/// `PRAGMA integrity_check` on a read-only connection (the server is running).
fn integrity_check(path: &Path) -> String {
    let conn = match rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) {
        Ok(conn) => conn,
        Err(err) => return format!("cannot open: {err}"),
    };
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| e.to_string())
}
