//! Profile music: a person puts audio files on their profile (`account.saveMusic`, in the
//! order they choose with `after_id`), others read them (`users.getSavedMusic`) and so do
//! bots (getUserProfileAudios); a file that is no audio is refused.

use serde_json::{Value, json};

use crate::harness::{TestServer, UserClient, started};
use crate::media::upload;

/// An audio document the user uploaded (`messages.uploadMedia`), as `inputDocument`.
async fn audio(user: &UserClient, peer: &Value, title: &str) -> Value {
    let file = upload(
        user,
        format!("ID3 {title}").as_bytes(),
        &format!("{title}.mp3"),
    )
    .await;
    let media = user
        .ok(
            "messages.uploadMedia",
            json!({"peer": peer, "media": {"_": "inputMediaUploadedDocument", "file": file,
                   "mime_type": "audio/mpeg", "attributes": [{"_": "documentAttributeAudio",
                   "duration": 3, "title": title, "performer": "Band"}]}}),
        )
        .await;
    let doc = &media["document"];
    json!({"_": "inputDocument", "id": doc["id"], "access_hash": doc["access_hash"],
           "file_reference": doc["file_reference"]})
}

#[tokio::test]
async fn a_person_shows_music_that_others_and_bots_see_in_order() {
    let server = TestServer::start().await;
    let bot = server.bot("music_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let peer = ann.peer("music_bot").await;
    let first = audio(&ann, &peer, "First").await;
    let second = audio(&ann, &peer, "Second").await;
    let third = audio(&ann, &peer, "Third").await;
    for song in [&first, &second] {
        ann.ok("account.saveMusic", json!({"id": song})).await;
    }
    // Third goes right after Second (the newest, so first in the list).
    ann.ok(
        "account.saveMusic",
        json!({"id": third, "after_id": second}),
    )
    .await;
    let titles = |audios: &Value| -> Vec<String> {
        audios
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let seen = bot
        .ok("getUserProfileAudios", json!({"user_id": ann.id}))
        .await;
    assert_eq!(seen["total_count"], 3);
    assert_eq!(titles(&seen["audios"]), ["Second", "Third", "First"]);
    assert_eq!(seen["audios"][0]["performer"], "Band");
    let page = bot
        .ok(
            "getUserProfileAudios",
            json!({"user_id": ann.id, "offset": 1, "limit": 1}),
        )
        .await;
    assert_eq!(
        (page["total_count"].as_i64(), titles(&page["audios"])),
        (Some(3), vec!["Third".to_owned()])
    );

    ann.ok("account.saveMusic", json!({"unsave": true, "id": third}))
        .await;
    let mine = ann
        .ok(
            "users.getSavedMusic",
            json!({"id": {"_": "inputUserSelf"}, "offset": 0, "limit": 10, "hash": "0"}),
        )
        .await;
    assert_eq!(mine["count"], 2);
    assert_eq!(mine["documents"][0]["id"], second["id"]);
    let ids = ann
        .ok("account.getSavedMusicIds", json!({"hash": "0"}))
        .await;
    assert_eq!(ids["ids"], json!([second["id"], first["id"]]));

    let file = upload(&ann, b"%PDF-1.4", "notes.pdf").await;
    let pdf = ann
        .ok(
            "messages.uploadMedia",
            json!({"peer": peer, "media": {"_": "inputMediaUploadedDocument", "file": file,
                   "mime_type": "application/pdf", "attributes": []}}),
        )
        .await;
    let pdf = json!({"_": "inputDocument", "id": pdf["document"]["id"],
                     "access_hash": pdf["document"]["access_hash"], "file_reference": ""});
    let (_, error) = ann.err("account.saveMusic", json!({"id": pdf})).await;
    assert_eq!(error, "DOCUMENT_INVALID");
    let (code, description) = bot
        .err("getUserProfileAudios", json!({"user_id": 424_242}))
        .await;
    assert_eq!(
        (code, description.as_str()),
        (400, "Bad Request: user not found")
    );
}
