//! Telegram's rate limits over HTTP: off by default, and with `[rate_limits]` on, the
//! 429 `Too Many Requests: retry after N` envelope with `parameters.retry_after` and a
//! `Retry-After` header. The limits' arithmetic is tested in `gramd_core::rate_limits` with
//! a manual clock; these tests use the real clock, so they assert nothing about timing
//! beyond what a burst of requests cannot escape.

use image::ImageFormat;
use serde_json::json;

use crate::harness::{BotClient, Raw, TestServer, group_with, started};
use crate::media::{multipart, picture};

async fn send_message(bot: &BotClient, chat_id: i64, text: &str) -> Raw {
    let request = bot
        .http
        .post(bot.url("sendMessage"))
        .json(&json!({"chat_id": chat_id, "text": text}));
    bot.raw(request, "sendMessage").await
}

/// The 429 of the rate limits, checked whole; returns its retry_after.
fn too_many_requests(raw: &Raw) -> u64 {
    assert_eq!(raw.status, 429, "{}", raw.body);
    let body = raw.json();
    let seconds = body["parameters"]["retry_after"].as_u64().unwrap();
    assert_eq!(
        body,
        json!({
            "ok": false,
            "error_code": 429,
            "description": format!("Too Many Requests: retry after {seconds}"),
            "parameters": {"retry_after": seconds},
        })
    );
    let header = raw
        .headers
        .get("retry-after")
        .expect("a Retry-After header");
    assert_eq!(header.to_str().unwrap(), seconds.to_string());
    seconds
}

#[tokio::test]
async fn a_second_message_within_a_second_to_a_private_chat_gets_429() {
    let server = TestServer::start_with_rate_limits("enabled = true").await;
    let bot = server.bot("hasty_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let first = send_message(&bot, user.id, "one").await;
    assert_eq!(first.status, 200, "{}", first.body);
    // The next message is refused unless a whole second passed since the first; a burst
    // of ten cannot all be a second apart.
    let mut refused = None;
    for i in 0..10 {
        let raw = send_message(&bot, user.id, &format!("more {i}")).await;
        if raw.status != 200 {
            refused = Some(raw);
            break;
        }
    }
    let refused = refused.expect("a 429 within a burst of ten");
    assert_eq!(
        too_many_requests(&refused),
        1,
        "one message per second: at most a second to wait"
    );
    // The user still writes freely, and other chats of the bot are not held up.
    let other = started(&server, &bot, "Bob").await;
    let raw = send_message(&bot, other.id, "hello Bob").await;
    assert_eq!(raw.status, 200, "{}", raw.body);
}

#[tokio::test]
async fn each_message_of_an_album_counts_towards_a_groups_limit() {
    let server = TestServer::start_with_rate_limits("enabled = true\ngroup_per_minute = 2").await;
    let bot = server.bot("album_limit_bot").await;
    let owner = server.user("Owner", None).await;
    let chat = group_with(&owner, &bot, "album_limit_bot").await;
    let chat_text = chat.to_string();
    let media = json!([
        {"type": "photo", "media": "attach://one"},
        {"type": "photo", "media": "attach://two"},
    ])
    .to_string();
    let album = multipart(
        &bot,
        "sendMediaGroup",
        &[("chat_id", &chat_text), ("media", &media)],
        &[
            ("one", "1.png", "image/png", picture(8, 8, ImageFormat::Png)),
            ("two", "2.png", "image/png", picture(9, 9, ImageFormat::Png)),
        ],
    )
    .await;
    assert_eq!(album.status, 200, "{}", album.body);
    // The album took both of the group's messages per minute: the next waits for one to
    // come back (30 s after the album, less the time since).
    let seconds = too_many_requests(&send_message(&bot, chat, "and a text").await);
    assert!((1..=30).contains(&seconds), "{seconds}");
}

#[tokio::test]
async fn without_the_setting_bursts_are_not_limited() {
    let server = TestServer::start().await;
    let bot = server.bot("burst_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let owner = server.user("Owner", None).await;
    let group = group_with(&owner, &bot, "burst_bot").await;
    // More than a private chat's 1 per second, a group's 20 per minute and a bot's 30 per
    // second.
    for i in 0..25 {
        bot.ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": format!("p{i}")}),
        )
        .await;
        bot.ok(
            "sendMessage",
            json!({"chat_id": group, "text": format!("g{i}")}),
        )
        .await;
    }
}
