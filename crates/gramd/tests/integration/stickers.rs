//! Sticker sets through the Bot API: a bot uploads sticker files, creates a set for a
//! user, adds, moves, changes and deletes stickers, reads the set back, sends a sticker of
//! it (which a user sees as a document linked to the set, and can send on with
//! `messages.sendMedia`), custom emoji by id, a supergroup's set, topic icons; and the
//! errors with the reference server's texts. Every response is checked against the spec
//! by the harness, so `Sticker` and `StickerSet` are validated on the way.

use image::ImageFormat;
use serde_json::{Value, json};

use crate::groups;
use crate::harness::{BotClient, TestServer, rand_id, started};
use crate::media::{multipart, picture, upload as upload_file};

/// uploadStickerFile of a `side` x `height` PNG for `user_id` (pictures of other heights
/// are other files); the File's id.
async fn upload_sized(bot: &BotClient, user_id: i64, side: u32, height: u32) -> String {
    let raw = multipart(
        bot,
        "uploadStickerFile",
        &[
            ("user_id", &user_id.to_string()),
            ("sticker_format", "static"),
        ],
        &[(
            "sticker",
            "s.png",
            "image/png",
            picture(side, height, ImageFormat::Png),
        )],
    )
    .await;
    let body = raw.json();
    assert_eq!(body["ok"], true, "{body}");
    assert!(
        body["result"]["file_path"]
            .as_str()
            .unwrap()
            .starts_with("stickers/")
    );
    body["result"]["file_id"].as_str().unwrap().to_owned()
}

async fn upload(bot: &BotClient, user_id: i64, side: u32) -> String {
    upload_sized(bot, user_id, side, side).await
}

fn input_sticker(file_id: &str, emoji: &[&str]) -> Value {
    json!({"sticker": file_id, "format": "static", "emoji_list": emoji, "keywords": ["cat"]})
}

fn file_ids(set: &Value) -> Vec<String> {
    set["stickers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn a_bot_makes_a_sticker_set_and_sends_its_stickers() {
    let server = TestServer::start().await;
    let bot = server.bot("sticker_maker_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let (a, b, c) = (
        upload(&bot, ann.id, 512).await,
        upload_sized(&bot, ann.id, 512, 500).await,
        upload_sized(&bot, ann.id, 512, 480).await,
    );
    let name = "cats_by_sticker_maker_bot";

    // Errors first, with the reference server's texts.
    let create = |name: &str, stickers: Value| json!({"user_id": ann.id, "name": name, "title": "Cats", "stickers": stickers});
    let refuse = |stickers: Value| bot.err("createNewStickerSet", create(name, stickers));
    assert_eq!(
        bot.err(
            "createNewStickerSet",
            create("cats", json!([input_sticker(&a, &["😺"])]))
        )
        .await,
        (
            400,
            "Bad Request: invalid sticker set name is specified".into()
        )
    );
    assert_eq!(
        refuse(json!([input_sticker(&a, &[])])).await,
        (
            400,
            "Bad Request: can't parse InputSticker: emoji list must be non-empty".into()
        )
    );
    assert_eq!(
        refuse(json!([input_sticker(&a, &["x"])])).await,
        (
            400,
            "Bad Request: can't parse InputSticker: expected a Unicode emoji".into()
        )
    );
    assert_eq!(
        refuse(json!([])).await,
        (
            400,
            "Bad Request: at least 1 sticker must be specified".into()
        )
    );
    let small = upload(&bot, ann.id, 100).await;
    assert_eq!(
        refuse(json!([input_sticker(&small, &["😺"])])).await,
        (400, "Bad Request: STICKER_PNG_DIMENSIONS".into())
    );
    assert_eq!(
        bot.err("getStickerSet", json!({"name": name})).await,
        (400, "Bad Request: STICKERSET_INVALID".into())
    );

    assert_eq!(
        bot.ok(
            "createNewStickerSet",
            create(name, json!([input_sticker(&a, &["😺", "😀"])]))
        )
        .await,
        true
    );
    assert_eq!(
        refuse(json!([input_sticker(&b, &["😺"])])).await,
        (
            400,
            "Bad Request: sticker set name is already occupied".into()
        )
    );
    for (file, emoji) in [(&b, "🐱"), (&c, "🐈")] {
        let added = bot
            .ok(
                "addStickerToSet",
                json!({"user_id": ann.id, "name": name, "sticker": input_sticker(file, &[emoji])}),
            )
            .await;
        assert_eq!(added, true);
    }
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert_eq!(set["name"], name);
    assert_eq!(set["title"], "Cats");
    assert_eq!(set["sticker_type"], "regular");
    let emoji: Vec<&str> = set["stickers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["emoji"].as_str().unwrap())
        .collect();
    assert_eq!(emoji, ["😺", "🐱", "🐈"]);
    let first = &set["stickers"][0];
    assert_eq!(first["set_name"], name);
    assert_eq!(first["type"], "regular");
    assert_eq!(
        (first["width"].as_u64(), first["height"].as_u64()),
        (Some(512), Some(512))
    );
    assert_eq!(first["is_animated"], false);
    assert!(first.get("custom_emoji_id").is_none());
    let ids = file_ids(&set);

    // Reorder, change, delete.
    assert_eq!(
        bot.ok(
            "setStickerPositionInSet",
            json!({"sticker": ids[2], "position": 0})
        )
        .await,
        true
    );
    assert_eq!(
        bot.err(
            "setStickerPositionInSet",
            json!({"sticker": ids[2], "position": -1})
        )
        .await,
        (400, "Bad Request: wrong sticker position specified".into())
    );
    bot.ok(
        "setStickerEmojiList",
        json!({"sticker": ids[1], "emoji_list": ["🙀", "😿"]}),
    )
    .await;
    assert_eq!(
        bot.err(
            "setStickerEmojiList",
            json!({"sticker": ids[1], "emoji_list": []})
        )
        .await,
        (
            400,
            "Bad Request: can't parse emoji list: emoji list must be non-empty".into()
        )
    );
    bot.ok(
        "setStickerKeywords",
        json!({"sticker": ids[1], "keywords": ["scared"]}),
    )
    .await;
    bot.ok("deleteStickerFromSet", json!({"sticker": ids[0]}))
        .await;
    bot.ok(
        "setStickerSetTitle",
        json!({"name": name, "title": "Cool cats"}),
    )
    .await;
    let set = bot
        .ok("getStickerSet", json!({"name": name.to_uppercase()}))
        .await;
    assert_eq!(set["title"], "Cool cats");
    let now = file_ids(&set);
    assert_eq!(
        now,
        [ids[2].clone(), ids[1].clone()],
        "moved, then the first deleted"
    );
    assert_eq!(set["stickers"][1]["emoji"], "🙀");

    // A sticker of the set sent by file id carries the set; a user sees it linked to the
    // set and sends it on.
    let sent = bot
        .ok("sendSticker", json!({"chat_id": ann.id, "sticker": now[1]}))
        .await;
    assert_eq!(sent["sticker"]["set_name"], name);
    assert_eq!(sent["sticker"]["emoji"], "🙀");
    let bot_peer = ann.peer("sticker_maker_bot").await;
    let history = ann.history(&bot_peer, 1).await;
    let document = &history[0]["media"]["document"];
    let sticker_attribute = document["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["_"] == "documentAttributeSticker")
        .unwrap()
        .clone();
    assert_eq!(sticker_attribute["alt"], "🙀", "the first emoji");
    assert_eq!(
        sticker_attribute["stickerset"]["_"],
        "inputStickerSetShortName"
    );
    assert_eq!(sticker_attribute["stickerset"]["short_name"], name);
    ann.ok(
        "messages.sendMedia",
        json!({"peer": bot_peer, "message": "", "random_id": rand_id(),
               "media": {"_": "inputMediaDocument", "id": {"_": "inputDocument",
                   "id": document["id"], "access_hash": document["access_hash"],
                   "file_reference": document["file_reference"]}}}),
    )
    .await;
    let update = bot.next_update(5).await;
    assert_eq!(update["message"]["sticker"]["set_name"], name, "{update}");
    assert_eq!(update["message"]["sticker"]["emoji"], "🙀");

    // The set as a person reads it over the client API.
    let got = ann
        .ok(
            "messages.getStickerSet",
            json!({"stickerset": {"_": "inputStickerSetShortName", "short_name": name}, "hash": 0}),
        )
        .await;
    assert_eq!(got["_"], "messages.stickerSet");
    assert_eq!(got["set"]["short_name"], name);
    assert_eq!(got["set"]["count"], 2);
    assert_eq!(got["documents"].as_array().unwrap().len(), 2);
    assert_eq!(got["packs"][0]["emoticon"], "🐈");

    // Another bot may not touch the set.
    let other = server.bot("other_sticker_bot").await;
    let other_file = upload_sized(&other, ann.id, 512, 400).await;
    assert_eq!(
        other
            .err(
                "addStickerToSet",
                json!({"user_id": ann.id, "name": name,
                       "sticker": input_sticker(&other_file, &["🐶"])}),
            )
            .await,
        (400, "Bad Request: STICKERSET_INVALID".into())
    );

    bot.ok("deleteStickerSet", json!({"name": name})).await;
    assert_eq!(
        bot.err("getStickerSet", json!({"name": name})).await,
        (400, "Bad Request: STICKERSET_INVALID".into())
    );
}

#[tokio::test]
async fn custom_emoji_topic_icons_and_a_supergroups_set() {
    let server = TestServer::start().await;
    let scene = groups::scene(&server, "emoji_maker_bot", &[]).await;
    let (owner, bot) = (&scene.owner, &scene.bot);
    let file = upload(bot, owner.id, 100).await;
    let name = "stars_by_emoji_maker_bot";
    bot.ok(
        "createNewStickerSet",
        json!({"user_id": owner.id, "name": name, "title": "Stars",
               "sticker_type": "custom_emoji", "needs_repainting": true,
               "stickers": [input_sticker(&file, &["⭐"])]}),
    )
    .await;
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert_eq!(set["sticker_type"], "custom_emoji");
    let star = &set["stickers"][0];
    assert_eq!(star["type"], "custom_emoji");
    assert_eq!(star["needs_repainting"], true);
    let id = star["custom_emoji_id"].as_str().unwrap();
    let found = bot
        .ok(
            "getCustomEmojiStickers",
            json!({"custom_emoji_ids": [id, "12345"]}),
        )
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["custom_emoji_id"], id);
    assert_eq!(
        bot.ok(
            "setCustomEmojiStickerSetThumbnail",
            json!({"name": name, "custom_emoji_id": id}),
        )
        .await,
        true
    );

    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert_eq!(
        set["thumbnail"]["file_unique_id"],
        star["thumbnail"]["file_unique_id"]
    );
    assert_eq!(
        bot.err(
            "setStickerSetThumbnail",
            json!({"user_id": owner.id, "name": name, "format": "static"}),
        )
        .await,
        (
            400,
            "Bad Request: the method can't be used to set thumbnail of custom emoji sticker sets"
                .into()
        )
    );

    let icons = bot.ok("getForumTopicIconStickers", json!({})).await;
    let icons = icons.as_array().unwrap();
    assert!(!icons.is_empty());
    assert!(icons.iter().all(|s| s["type"] == "custom_emoji"));

    // A supergroup's set: the bot must be an administrator who may change the info.
    let chat_id = scene.chat.chat_id;
    assert_eq!(
        bot.err(
            "setChatStickerSet",
            json!({"chat_id": chat_id, "sticker_set_name": name}),
        )
        .await,
        (
            400,
            "Bad Request: not enough rights to change supergroup sticker set".into()
        )
    );
    groups::promote(
        owner,
        &scene.chat,
        "emoji_maker_bot",
        json!({"change_info": true}),
    )
    .await;
    let info = bot.ok("getChat", json!({"chat_id": chat_id})).await;
    assert_eq!(info["can_set_sticker_set"], true);
    assert!(info.get("sticker_set_name").is_none());
    assert_eq!(
        bot.err(
            "setChatStickerSet",
            json!({"chat_id": chat_id, "sticker_set_name": "nope_by_emoji_maker_bot"}),
        )
        .await,
        (400, "Bad Request: sticker set not found".into())
    );
    bot.ok(
        "setChatStickerSet",
        json!({"chat_id": chat_id, "sticker_set_name": name}),
    )
    .await;
    let info = bot.ok("getChat", json!({"chat_id": chat_id})).await;
    assert_eq!(info["sticker_set_name"], name);
    bot.ok("deleteChatStickerSet", json!({"chat_id": chat_id}))
        .await;
    let info = bot.ok("getChat", json!({"chat_id": chat_id})).await;
    assert!(info.get("sticker_set_name").is_none());
    assert_eq!(
        bot.err("deleteChatStickerSet", json!({"chat_id": owner.id}))
            .await
            .0,
        400
    );
}

/// A person's upload of a PNG as a sticker document (`messages.uploadMedia`); its
/// `inputDocument`.
async fn user_sticker_file(user: &crate::harness::UserClient, height: u32) -> Value {
    let file = upload_file(user, &picture(512, height, ImageFormat::Png), "s.png").await;
    let media = user
        .ok(
            "messages.uploadMedia",
            json!({"peer": {"_": "inputPeerSelf"}, "media": {
                "_": "inputMediaUploadedDocument", "file": file, "mime_type": "image/png",
                "attributes": [{"_": "documentAttributeSticker", "alt": "😀",
                                "stickerset": {"_": "inputStickerSetEmpty"}}]}}),
        )
        .await;
    let doc = &media["document"];
    json!({"_": "inputDocument", "id": doc["id"], "access_hash": doc["access_hash"],
           "file_reference": doc["file_reference"]})
}

fn input_document(doc: &Value) -> Value {
    json!({"_": "inputDocument", "id": doc["id"], "access_hash": doc["access_hash"],
           "file_reference": doc["file_reference"]})
}

fn item(document: &Value, emoji: &str) -> Value {
    json!({"_": "inputStickerSetItem", "document": document, "emoji": emoji,
           "keywords": "cat,kitty"})
}

/// A person makes and edits a set of their own over the client API, sets it as their
/// supergroup's, and a bot reads it with getStickerSet.
#[tokio::test]
async fn a_person_makes_a_sticker_set_over_the_client_api() {
    let server = TestServer::start().await;
    let scene = groups::scene(&server, "set_reader_bot", &[]).await;
    let (ann, bot) = (&scene.owner, &scene.bot);
    let short = json!({"_": "inputStickerSetShortName", "short_name": "anns_cats"});

    assert_eq!(
        ann.ok(
            "stickers.checkShortName",
            json!({"short_name": "anns_cats"})
        )
        .await,
        true
    );
    assert_eq!(
        ann.err("stickers.checkShortName", json!({"short_name": "1cats"}))
            .await
            .1,
        "PACK_SHORT_NAME_INVALID"
    );
    let (a, b) = (
        user_sticker_file(ann, 512).await,
        user_sticker_file(ann, 500).await,
    );
    assert_eq!(
        ann.err(
            "stickers.createStickerSet",
            json!({"user_id": {"_": "inputUserSelf"}, "title": "Ann's cats",
                   "short_name": "anns_cats", "stickers": []}),
        )
        .await
        .1,
        "STICKERS_EMPTY"
    );
    let created = ann
        .ok(
            "stickers.createStickerSet",
            json!({"user_id": {"_": "inputUserSelf"}, "title": "Ann's cats",
                   "short_name": "anns_cats", "stickers": [item(&a, "😺😀")]}),
        )
        .await;
    assert_eq!(created["_"], "messages.stickerSet");
    assert_eq!(created["set"]["creator"], true);
    assert_eq!(created["set"]["count"], 1);
    assert_eq!(created["keywords"][0]["keyword"], json!(["cat", "kitty"]));
    let packs: Vec<&str> = created["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["emoticon"].as_str().unwrap())
        .collect();
    assert_eq!(packs, ["😺", "😀"], "one pack per emoji");
    assert_eq!(
        ann.err(
            "stickers.checkShortName",
            json!({"short_name": "ANNS_CATS"})
        )
        .await
        .1,
        "PACK_SHORT_NAME_OCCUPIED"
    );

    let added = ann
        .ok(
            "stickers.addStickerToSet",
            json!({"stickerset": short, "sticker": item(&b, "🐱")}),
        )
        .await;
    assert_eq!(added["set"]["count"], 2);
    let second = input_document(&added["documents"][1]);
    let moved = ann
        .ok(
            "stickers.changeStickerPosition",
            json!({"sticker": second, "position": 0}),
        )
        .await;
    assert_eq!(moved["documents"][0]["id"], added["documents"][1]["id"]);
    let changed = ann
        .ok(
            "stickers.changeSticker",
            json!({"sticker": second, "emoji": "🙀"}),
        )
        .await;
    assert_eq!(changed["packs"][0]["emoticon"], "🙀");
    let renamed = ann
        .ok(
            "stickers.renameStickerSet",
            json!({"stickerset": short, "title": "Cats of Ann"}),
        )
        .await;
    assert_eq!(renamed["set"]["title"], "Cats of Ann");
    let set_id = json!({"_": "inputStickerSetID", "id": renamed["set"]["id"],
                        "access_hash": renamed["set"]["access_hash"]});
    let by_id = ann
        .ok(
            "messages.getStickerSet",
            json!({"stickerset": set_id, "hash": 0}),
        )
        .await;
    assert_eq!(by_id["set"]["short_name"], "anns_cats");
    let forged = json!({"_": "inputStickerSetID", "id": renamed["set"]["id"], "access_hash": "1"});
    assert_eq!(
        ann.err(
            "messages.getStickerSet",
            json!({"stickerset": forged, "hash": 0})
        )
        .await
        .1,
        "STICKERSET_INVALID"
    );

    // The bot sees the person's set; it may not change it.
    let seen = bot.ok("getStickerSet", json!({"name": "anns_cats"})).await;
    assert_eq!(seen["title"], "Cats of Ann");
    assert_eq!(seen["stickers"][0]["emoji"], "🙀");
    let file_id = seen["stickers"][0]["file_id"].as_str().unwrap().to_owned();
    assert_eq!(
        bot.err("deleteStickerFromSet", json!({"sticker": file_id}))
            .await,
        (400, "Bad Request: STICKERSET_INVALID".into())
    );

    // The supergroup's set.
    ann.ok(
        "channels.setStickers",
        json!({"channel": scene.chat.input(), "stickerset": short}),
    )
    .await;
    let full = ann
        .ok(
            "channels.getFullChannel",
            json!({"channel": scene.chat.input()}),
        )
        .await;
    assert_eq!(full["full_chat"]["stickerset"]["short_name"], "anns_cats");
    assert_eq!(full["full_chat"]["can_set_stickers"], true);
    let info = bot
        .ok("getChat", json!({"chat_id": scene.chat.chat_id}))
        .await;
    assert_eq!(info["sticker_set_name"], "anns_cats");

    let removed = ann
        .ok("stickers.removeStickerFromSet", json!({"sticker": second}))
        .await;
    assert_eq!(removed["set"]["count"], 1);
    assert_eq!(
        ann.ok("stickers.deleteStickerSet", json!({"stickerset": short}))
            .await,
        true
    );
    assert_eq!(
        ann.err(
            "messages.getStickerSet",
            json!({"stickerset": short, "hash": 0})
        )
        .await
        .1,
        "STICKERSET_INVALID"
    );
    let info = bot
        .ok("getChat", json!({"chat_id": scene.chat.chat_id}))
        .await;
    assert!(info.get("sticker_set_name").is_none(), "the set is gone");

    // Topic icons by their own InputStickerSet.
    let icons = ann
        .ok(
            "messages.getStickerSet",
            json!({"stickerset": {"_": "inputStickerSetEmojiDefaultTopicIcons"}, "hash": 0}),
        )
        .await;
    assert_eq!(icons["set"]["emojis"], true);
    let attribute = &icons["documents"][0]["attributes"][1];
    assert_eq!(
        attribute["_"], "documentAttributeCustomEmoji",
        "{attribute}"
    );
}

/// Masks keep their positions; a sticker is replaced in place; a regular set gets a
/// thumbnail of its own; files by URL (unreachable here), animated stickers that are no
/// `.tgs` and thumbnails of the wrong size are refused with the reference's texts.
#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn masks_replacements_thumbnails_and_file_errors() {
    let server = TestServer::start().await;
    let bot = server.bot("mask_maker_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let name = "masks_by_mask_maker_bot";
    let (a, b, c) = (
        upload(&bot, ann.id, 512).await,
        upload_sized(&bot, ann.id, 512, 500).await,
        upload_sized(&bot, ann.id, 512, 480).await,
    );
    let mut mask = input_sticker(&a, &["🎭"]);
    mask["mask_position"] = json!({"point": "eyes", "x_shift": 0.5, "y_shift": -1, "scale": 2});
    bot.ok(
        "createNewStickerSet",
        json!({"user_id": ann.id, "name": name, "title": "Masks", "sticker_type": "mask",
               "stickers": [mask, input_sticker(&b, &["🥸"])]}),
    )
    .await;
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert_eq!(set["sticker_type"], "mask");
    assert_eq!(
        set["stickers"][0]["mask_position"],
        json!({"point": "eyes", "x_shift": 0.5, "y_shift": -1.0, "scale": 2.0})
    );
    assert!(set["stickers"][1].get("mask_position").is_none());
    let ids = file_ids(&set);
    bot.ok(
        "setStickerMaskPosition",
        json!({"sticker": ids[1], "mask_position":
               {"point": "chin", "x_shift": 0, "y_shift": 0.25, "scale": 1}}),
    )
    .await;
    bot.ok("setStickerMaskPosition", json!({"sticker": ids[0]}))
        .await;
    assert_eq!(
        bot.err(
            "setStickerMaskPosition",
            json!({"sticker": ids[0], "mask_position": {"point": "nose", "x_shift": 0,
                   "y_shift": 0, "scale": 1}}),
        )
        .await,
        (
            400,
            "Bad Request: can't parse mask position: Wrong point specified in MaskPosition".into()
        )
    );
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert!(set["stickers"][0].get("mask_position").is_none(), "removed");
    assert_eq!(set["stickers"][1]["mask_position"]["point"], "chin");

    // Replaced in place: the new sticker takes the old one's position.
    bot.ok(
        "replaceStickerInSet",
        json!({"user_id": ann.id, "name": name, "old_sticker": ids[0],
               "sticker": input_sticker(&c, &["🤡"])}),
    )
    .await;
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    let emoji: Vec<&str> = set["stickers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["emoji"].as_str().unwrap())
        .collect();
    assert_eq!(emoji, ["🤡", "🥸"]);
    assert_eq!(
        bot.err(
            "replaceStickerInSet",
            json!({"user_id": ann.id, "name": name, "old_sticker": ids[0],
                   "sticker": input_sticker(&a, &["🤡"])}),
        )
        .await,
        (400, "Bad Request: STICKERSET_INVALID".into()),
        "the old sticker is in no set any more"
    );

    // A thumbnail of its own: 100x100.
    let owner = ann.id.to_string();
    let thumbnail = |side: u32| {
        let fields = [
            ("user_id", owner.as_str()),
            ("name", name),
            ("format", "static"),
        ];
        let files = [(
            "thumbnail",
            "t.png",
            "image/png",
            picture(side, side, ImageFormat::Png),
        )];
        let bot = &bot;
        async move {
            multipart(bot, "setStickerSetThumbnail", &fields, &files)
                .await
                .json()
        }
    };
    assert_eq!(
        thumbnail(200).await["description"],
        "Bad Request: STICKER_THUMB_PNG_NOPNG"
    );
    assert_eq!(thumbnail(100).await["result"], true);
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert_eq!(set["thumbnail"]["width"], 100);
    bot.ok(
        "setStickerSetThumbnail",
        json!({"user_id": ann.id, "name": name, "format": "static"}),
    )
    .await;
    let set = bot.ok("getStickerSet", json!({"name": name})).await;
    assert!(set.get("thumbnail").is_none(), "dropped");
    assert_eq!(
        bot.err(
            "setCustomEmojiStickerSetThumbnail",
            json!({"name": name, "custom_emoji_id": "1"}),
        )
        .await,
        (
            400,
            "Bad Request: the method can be used to set thumbnail only for custom emoji sticker \
             sets"
                .into()
        )
    );

    // Files gramd cannot take.
    let add = |sticker: Value| {
        bot.err(
            "addStickerToSet",
            json!({"user_id": ann.id, "name": name, "sticker": sticker}),
        )
    };
    assert_eq!(
        add(
            json!({"sticker": "https://example.invalid/s.png", "format": "static",
                   "emoji_list": ["🎭"]})
        )
        .await,
        (400, "Bad Request: failed to get HTTP URL content".into())
    );
    assert_eq!(
        add(
            json!({"sticker": "https://example.invalid/s.tgs", "format": "animated",
                   "emoji_list": ["🎭"]})
        )
        .await,
        (
            400,
            "Bad Request: animated stickers can't be uploaded by URL".into()
        )
    );
    let raw = multipart(
        &bot,
        "addStickerToSet",
        &[
            ("user_id", &ann.id.to_string()),
            ("name", name),
            (
                "sticker",
                r#"{"sticker": "attach://file", "format": "animated", "emoji_list": ["🎭"]}"#,
            ),
        ],
        &[(
            "file",
            "s.tgs",
            "application/x-tgsticker",
            b"not gzip".to_vec(),
        )],
    )
    .await;
    assert_eq!(raw.json()["description"], "Bad Request: STICKER_TGS_NOTGS");
    assert_eq!(
        add(json!({"format": "static", "emoji_list": ["🎭"]})).await,
        (
            400,
            "Bad Request: can't parse sticker: sticker not found".into()
        )
    );
    assert_eq!(
        bot.err(
            "uploadStickerFile",
            json!({"user_id": ann.id, "sticker": "attach://file", "sticker_format": "glossy"}),
        )
        .await,
        (400, "Bad Request: invalid sticker format specified".into())
    );
}
