//! Profile photos: a user sets, reuses and deletes theirs over the client API
//! (`photos.*`), others see it on the user and download it by peer; a bot reads them with
//! getUserProfilePhotos and sets its own with setMyProfilePhoto; and a bot's owner sets the
//! bot's through @BotFather's /setuserpic.

use image::ImageFormat;
use serde_json::{Value, json};

use crate::harness::{TestServer, UserClient, rand_id, started};
use crate::media::{multipart, photo_location, picture, upload, user_download};

async fn set_photo(user: &UserClient, width: u32) -> Value {
    let file = upload(user, &picture(width, width, ImageFormat::Jpeg), "me.jpg").await;
    let result = user
        .ok("photos.uploadProfilePhoto", json!({"file": file}))
        .await;
    assert_eq!(result["_"], "photos.photo", "{result}");
    result["photo"].clone()
}

async fn me(user: &UserClient) -> Value {
    user.ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await[0]
        .clone()
}

fn input_photo(photo: &Value) -> Value {
    json!({"_": "inputPhoto", "id": photo["id"], "access_hash": photo["access_hash"],
           "file_reference": photo["file_reference"]})
}

#[tokio::test]
async fn a_user_keeps_a_list_of_profile_photos() {
    let server = TestServer::start().await;
    let bot = server.bot("looker_bot").await;
    let ann = server.user("Ann", Some("ann_pics")).await;
    assert!(me(&ann).await.get("photo").is_none(), "no photo yet");

    let first = set_photo(&ann, 200).await;
    let second = set_photo(&ann, 300).await;
    assert_eq!(me(&ann).await["photo"]["photo_id"], second["id"]);
    let listed = ann
        .ok(
            "photos.getUserPhotos",
            json!({"user_id": {"_": "inputUserSelf"}, "offset": 0, "max_id": "0", "limit": 10}),
        )
        .await;
    assert_eq!(listed["_"], "photos.photos");
    let ids: Vec<&Value> = listed["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(ids, [&second["id"], &first["id"]]);
    let page = ann
        .ok(
            "photos.getUserPhotos",
            json!({"user_id": {"_": "inputUserSelf"}, "offset": 1, "max_id": "0", "limit": 1}),
        )
        .await;
    assert_eq!(
        (&page["_"], &page["count"], &page["photos"][0]["id"]),
        (&json!("photos.photosSlice"), &json!(2), &first["id"])
    );

    // The first one made current again.
    let again = ann
        .ok(
            "photos.updateProfilePhoto",
            json!({"id": input_photo(&first)}),
        )
        .await;
    assert_eq!(again["photo"]["id"], first["id"]);
    assert_eq!(me(&ann).await["photo"]["photo_id"], first["id"]);

    // Someone else sees it on the user and in the full user.
    let ben = server.user("Ben", None).await;
    let resolved = ben
        .ok("contacts.resolveUsername", json!({"username": "ann_pics"}))
        .await;
    assert_eq!(
        resolved["users"][0]["photo"]["photo_id"], first["id"],
        "{resolved}"
    );
    let ann_input = json!({"_": "inputUser", "user_id": resolved["users"][0]["id"],
                           "access_hash": resolved["users"][0]["access_hash"]});
    let full = ben.ok("users.getFullUser", json!({"id": ann_input})).await;
    assert_eq!(full["full_user"]["profile_photo"]["id"], first["id"]);

    // The bot reads the list, the current one first, and sees it on the private chat.
    let bots_view = bot
        .ok("getUserProfilePhotos", json!({"user_id": ann.id}))
        .await;
    assert_eq!(bots_view["total_count"], 2, "{bots_view}");
    let sizes = bots_view["photos"][0].as_array().unwrap();
    assert_eq!(sizes.last().unwrap()["width"], 200, "the current one first");
    let limited = bot
        .ok(
            "getUserProfilePhotos",
            json!({"user_id": ann.id, "offset": 1, "limit": 1}),
        )
        .await;
    assert_eq!(limited["total_count"], 2);
    assert_eq!(
        limited["photos"][0].as_array().unwrap().last().unwrap()["width"],
        300
    );
    let to_bot = ann.peer("looker_bot").await;
    ann.send(&to_bot, "/start").await;
    let chat = bot.ok("getChat", json!({"chat_id": ann.id})).await;
    assert!(chat["photo"]["big_file_id"].is_string(), "{chat}");

    // The photo is downloaded by peer (the largest size when big).
    let peer = json!({"_": "inputPeerSelf"});
    let big = user_download(
        &ann,
        json!({"_": "inputPeerPhotoFileLocation", "big": true, "peer": peer,
               "photo_id": first["id"]}),
    )
    .await;
    let largest = first["sizes"].as_array().unwrap().last().unwrap()["type"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        big,
        user_download(&ann, photo_location(&first, &largest)).await
    );
    let (_, stale) = ann
        .call(
            "upload.getFile",
            json!({"location": {"_": "inputPeerPhotoFileLocation", "peer": peer,
                                "photo_id": second["id"]}, "offset": 0, "limit": 4096}),
        )
        .await;
    assert_eq!(
        stale["error_message"], "LOCATION_INVALID",
        "not the current photo"
    );

    // Deleting the current one brings the other back.
    let deleted = ann
        .ok(
            "photos.deletePhotos",
            json!({"id": [input_photo(&first), {"_": "inputPhotoEmpty"}]}),
        )
        .await;
    assert_eq!(deleted, json!([first["id"]]));
    assert_eq!(me(&ann).await["photo"]["photo_id"], second["id"]);
    let full = ann
        .ok("users.getFullUser", json!({"id": {"_": "inputUserSelf"}}))
        .await;
    assert_eq!(full["full_user"]["profile_photo"]["id"], second["id"]);
    // inputPhotoEmpty takes the current photo away.
    let emptied = ann
        .ok(
            "photos.updateProfilePhoto",
            json!({"id": {"_": "inputPhotoEmpty"}}),
        )
        .await;
    assert_eq!(emptied["photo"]["_"], "photoEmpty");
    assert!(me(&ann).await.get("photo").is_none());
    assert_eq!(
        bot.ok("getUserProfilePhotos", json!({"user_id": ann.id}))
            .await,
        json!({"total_count": 0, "photos": []})
    );
}

#[tokio::test]
async fn a_bot_sets_and_removes_its_own_photo() {
    let server = TestServer::start().await;
    let bot = server.bot("selfie_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let jpeg = picture(160, 160, ImageFormat::Jpeg);
    let raw = multipart(
        &bot,
        "setMyProfilePhoto",
        &[("photo", r#"{"type":"static","photo":"attach://pic"}"#)],
        &[("pic", "pic.jpg", "image/jpeg", jpeg)],
    )
    .await;
    assert_eq!(raw.json()["result"], true, "{}", raw.body);
    let seen = ann.peer("selfie_bot").await;
    let users = ann
        .ok(
            "users.getUsers",
            json!({"id": [{"_": "inputUser", "user_id": seen["user_id"],
                           "access_hash": seen["access_hash"]}]}),
        )
        .await;
    assert!(users[0]["photo"]["photo_id"].is_string(), "{users}");
    let own = bot
        .ok("getUserProfilePhotos", json!({"user_id": bot.id}))
        .await;
    assert_eq!(own["total_count"], 1);

    for (photo, description) in [
        (
            r#"{"type":"static","photo":"attach://missing"}"#,
            "Bad Request: photo must be uploaded as a new file",
        ),
        (
            "{",
            "Bad Request: can't parse InputProfilePhoto JSON object",
        ),
        (
            r#"{"type":"round"}"#,
            "Bad Request: unsupported profile photo type",
        ),
    ] {
        assert_eq!(
            bot.err("setMyProfilePhoto", json!({"photo": photo})).await,
            (400, description.to_owned()),
            "{photo}"
        );
    }
    assert_eq!(bot.ok("removeMyProfilePhoto", json!({})).await, json!(true));
    let own = bot
        .ok("getUserProfilePhotos", json!({"user_id": bot.id}))
        .await;
    assert_eq!(own["total_count"], 0);
    assert_eq!(
        bot.err("getUserProfilePhotos", json!({"user_id": 424_242}))
            .await,
        (400, "Bad Request: user not found".to_owned())
    );
}

#[tokio::test]
async fn botfather_sets_a_bots_photo_and_only_for_its_owner() {
    let server = TestServer::start().await;
    let owner = server.user("Maker", Some("pic_maker")).await;
    let botfather = owner.peer("BotFather").await;
    let ask = |text: &'static str| {
        let owner = owner.clone();
        let botfather = botfather.clone();
        async move {
            let sent = owner.send(&botfather, text).await;
            owner
                .wait_for(&botfather, |m| {
                    m["id"].as_i64().is_some_and(|id| id > sent) && m["out"] != json!(true)
                })
                .await
        }
    };
    ask("/newbot").await;
    ask("Pictured").await;
    let created = ask("pictured_bot").await;
    let token = created["message"]
        .as_str()
        .unwrap()
        .lines()
        .find(|l| {
            l.split_once(':')
                .is_some_and(|(id, secret)| id.parse::<i64>().is_ok() && secret.len() > 20)
        })
        .unwrap()
        .to_owned();

    let reply = ask("/setuserpic").await;
    assert!(
        reply["message"].as_str().unwrap().contains("profile photo"),
        "{reply}"
    );
    let reply = ask("@pictured_bot").await;
    assert_eq!(
        reply["message"], "OK. Send me the new profile photo for the bot.",
        "{reply}"
    );
    let reply = ask("not a photo").await;
    assert!(
        reply["message"].as_str().unwrap().contains("as a photo"),
        "{reply}"
    );
    let file = upload(&owner, &picture(240, 240, ImageFormat::Jpeg), "bot.jpg").await;
    let sent = owner
        .ok(
            "messages.sendMedia",
            json!({"peer": botfather, "media": {"_": "inputMediaUploadedPhoto", "file": file},
                   "message": "", "random_id": rand_id()}),
        )
        .await;
    assert!(sent.is_object());
    let reply = owner
        .wait_for(&botfather, |m| {
            m["out"] != json!(true)
                && m["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("Profile photo"))
        })
        .await;
    assert_eq!(reply["message"], "Success! Profile photo updated. /help");

    let bot = crate::harness::BotClient {
        base: server.base.clone(),
        id: token.split(':').next().unwrap().parse().unwrap(),
        token,
        http: reqwest::Client::new(),
    };
    let photos = bot
        .ok("getUserProfilePhotos", json!({"user_id": bot.id}))
        .await;
    assert_eq!(photos["total_count"], 1, "{photos}");
    assert_eq!(
        photos["photos"][0].as_array().unwrap().last().unwrap()["width"],
        240
    );

    // Someone who does not own the bot cannot change its photo through the client API.
    let other = server.user("Other", None).await;
    let seen = other.peer("pictured_bot").await;
    let file = upload(&other, &picture(100, 100, ImageFormat::Jpeg), "x.jpg").await;
    let (_, refused) = other
        .call(
            "photos.uploadProfilePhoto",
            json!({"file": file, "bot": {"_": "inputUser", "user_id": seen["user_id"],
                                         "access_hash": seen["access_hash"]}}),
        )
        .await;
    assert_eq!(refused["error_message"], "BOT_INVALID", "{refused}");
}
