//! Files and media: the Bot API's send methods, getFile and `/file/bot…`, the client API's
//! uploads and downloads, albums, edits, and files surviving a restart.

use std::io::Cursor;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::harness::{BotClient, Raw, TestServer, UserClient, rand_id, started};

/// A generated picture in `format`.
pub(crate) fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 7 % 256) as u8,
            (y * 3 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

/// Calls a method with a multipart body: text fields and one file part.
pub(crate) async fn multipart(
    bot: &BotClient,
    method: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, Vec<u8>)],
) -> Raw {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    for (field, file_name, mime, bytes) in files {
        let part = Part::bytes(bytes.clone())
            .file_name((*file_name).to_owned())
            .mime_str(mime)
            .unwrap();
        form = form.part((*field).to_owned(), part);
    }
    bot.raw(bot.http.post(bot.url(method)).multipart(form), method)
        .await
}

fn ok(raw: &Raw) -> Value {
    let body = raw.json();
    assert_eq!(body["ok"], true, "{body}");
    body["result"].clone()
}

fn err(raw: &Raw) -> (u64, String) {
    let body = raw.json();
    assert_eq!(body["ok"], false, "{body}");
    (
        body["error_code"].as_u64().unwrap(),
        body["description"].as_str().unwrap().to_owned(),
    )
}

/// Downloads a file path given by getFile.
async fn download(server: &TestServer, bot: &BotClient, path: &str) -> (u16, String, Vec<u8>) {
    let response = bot
        .http
        .get(format!("{}/file/bot{}/{path}", server.base, bot.token))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// getFile then GET /file/bot…: the bytes of a file id.
async fn fetch(server: &TestServer, bot: &BotClient, file_id: &str) -> Vec<u8> {
    let file = bot.ok("getFile", json!({"file_id": file_id})).await;
    let path = file["file_path"].as_str().unwrap();
    let (status, _, bytes) = download(server, bot, path).await;
    assert_eq!(status, 200);
    assert_eq!(file["file_size"].as_u64().unwrap(), bytes.len() as u64);
    bytes
}

#[tokio::test]
async fn bots_send_photos_and_documents_and_download_them() {
    let server = TestServer::start().await;
    let bot = server.bot("pic_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id.to_string();
    let jpeg = picture(640, 480, ImageFormat::Jpeg);

    let sent = ok(&multipart(
        &bot,
        "sendPhoto",
        &[
            ("chat_id", &chat),
            ("caption", "<b>hi</b> there"),
            ("parse_mode", "HTML"),
        ],
        &[("photo", "cat.jpg", "image/jpeg", jpeg.clone())],
    )
    .await);
    let sizes = sent["photo"].as_array().unwrap();
    let shape: Vec<(u64, u64)> = sizes
        .iter()
        .map(|s| (s["width"].as_u64().unwrap(), s["height"].as_u64().unwrap()))
        .collect();
    assert_eq!(shape, [(90, 68), (320, 240), (640, 480)]);
    assert_eq!(sent["caption"], "hi there");
    assert_eq!(
        sent["caption_entities"],
        json!([{"type": "bold", "offset": 0, "length": 2}])
    );
    let largest = &sizes[2];
    let file_id = largest["file_id"].as_str().unwrap();
    assert_eq!(largest["file_size"].as_u64().unwrap(), jpeg.len() as u64);

    // getFile and the download route give back the bytes sent.
    let file = bot.ok("getFile", json!({"file_id": file_id})).await;
    let path = file["file_path"].as_str().unwrap().to_owned();
    assert!(
        path.starts_with("photos/") && path.ends_with(".jpg"),
        "{path}"
    );
    assert_eq!(file["file_unique_id"], largest["file_unique_id"]);
    let (status, content_type, bytes) = download(&server, &bot, &path).await;
    assert_eq!((status, content_type.as_str()), (200, "image/jpeg"));
    assert_eq!(bytes, jpeg, "the largest size is the JPEG as sent");
    let small = fetch(&server, &bot, sizes[0]["file_id"].as_str().unwrap()).await;
    let small = image::load_from_memory(&small).unwrap();
    assert_eq!((small.width(), small.height()), (90, 68));

    // Resending by file id sends the same photo.
    let again = bot
        .ok(
            "sendPhoto",
            json!({"chat_id": chat, "photo": file_id, "has_spoiler": true}),
        )
        .await;
    assert_eq!(
        again["photo"][2]["file_unique_id"],
        largest["file_unique_id"]
    );
    assert_eq!(again["has_media_spoiler"], true);
    assert!(again.get("caption").is_none());

    // A document keeps its name and type; a thumbnail comes back as a small JPEG.
    let notes = b"line one\nline two\n".to_vec();
    let doc = ok(&multipart(
        &bot,
        "sendDocument",
        &[("chat_id", &chat), ("thumbnail", "attach://thumb")],
        &[
            ("document", "notes.txt", "text/plain", notes.clone()),
            (
                "thumb",
                "t.png",
                "image/png",
                picture(64, 64, ImageFormat::Png),
            ),
        ],
    )
    .await);
    let document = &doc["document"];
    assert_eq!(document["file_name"], "notes.txt");
    assert_eq!(document["mime_type"], "text/plain");
    assert_eq!(document["thumbnail"]["width"], 64);
    let doc_file = bot
        .ok(
            "getFile",
            json!({"file_id": document["file_id"].as_str().unwrap()}),
        )
        .await;
    let doc_path = doc_file["file_path"].as_str().unwrap();
    assert!(doc_path.starts_with("documents/") && doc_path.ends_with(".txt"));
    let (status, content_type, bytes) = download(&server, &bot, doc_path).await;
    assert_eq!((status, content_type.as_str()), (200, "text/plain"));
    assert_eq!(bytes, notes);

    // Audio, voice, video and animation keep the metadata sent.
    let audio = ok(&multipart(
        &bot,
        "sendAudio",
        &[
            ("chat_id", &chat),
            ("duration", "61"),
            ("performer", "Band"),
            ("title", "Song"),
        ],
        &[("audio", "song.mp3", "audio/mpeg", b"ID3 fake mp3".to_vec())],
    )
    .await);
    assert_eq!(audio["audio"]["duration"], 61);
    assert_eq!(audio["audio"]["performer"], "Band");
    assert_eq!(audio["audio"]["mime_type"], "audio/mpeg");
    let voice = ok(&multipart(
        &bot,
        "sendVoice",
        &[("chat_id", &chat), ("duration", "3")],
        &[("voice", "v.ogg", "audio/ogg", b"OggS fake".to_vec())],
    )
    .await);
    assert_eq!(voice["voice"]["duration"], 3);
    let video = ok(&multipart(
        &bot,
        "sendVideo",
        &[
            ("chat_id", &chat),
            ("width", "640"),
            ("height", "360"),
            ("duration", "9"),
        ],
        &[("video", "clip.mp4", "video/mp4", b"fake mp4".to_vec())],
    )
    .await);
    assert_eq!(
        (&video["video"]["width"], &video["video"]["duration"]),
        (&json!(640), &json!(9))
    );
    let animation = ok(&multipart(
        &bot,
        "sendAnimation",
        &[("chat_id", &chat), ("width", "10"), ("height", "10")],
        &[(
            "animation",
            "a.gif",
            "image/gif",
            picture(10, 10, ImageFormat::Gif),
        )],
    )
    .await);
    assert_eq!(animation["animation"]["width"], 10);
    assert_eq!(
        animation["document"]["file_id"], animation["animation"]["file_id"],
        "an animation is also a document"
    );
    let note = ok(&multipart(
        &bot,
        "sendVideoNote",
        &[("chat_id", &chat), ("length", "240"), ("duration", "5")],
        &[("video_note", "n.mp4", "video/mp4", b"fake note".to_vec())],
    )
    .await);
    assert_eq!(note["video_note"]["length"], 240);
    let voice_path = bot
        .ok(
            "getFile",
            json!({"file_id": voice["voice"]["file_id"].as_str().unwrap()}),
        )
        .await;
    assert!(
        voice_path["file_path"]
            .as_str()
            .unwrap()
            .starts_with("voice/")
    );

    // The user sees the photo as messageMediaPhoto with its sizes.
    let peer = user.peer("pic_bot").await;
    let history = user.history(&peer, 20).await;
    let photo_message = history
        .iter()
        .find(|m| m["message"] == "hi there")
        .expect("the photo message");
    assert_eq!(photo_message["media"]["_"], "messageMediaPhoto");
    let types: Vec<&str> = photo_message["media"]["photo"]["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["s", "m", "x"]);

    // Errors.
    let no_photo = bot.err("sendPhoto", json!({"chat_id": chat})).await;
    assert_eq!(
        no_photo,
        (400, "Bad Request: there is no photo in the request".into())
    );
    let (_, text) = bot.err("sendVideoNote", json!({"chat_id": chat})).await;
    assert_eq!(text, "Bad Request: there is no video note in the request");
    let junk = multipart(
        &bot,
        "sendPhoto",
        &[("chat_id", &chat)],
        &[("photo", "x.jpg", "image/jpeg", b"not a picture".to_vec())],
    )
    .await;
    assert_eq!(
        err(&junk),
        (400, "Bad Request: IMAGE_PROCESS_FAILED".into())
    );
    let by_url = bot
        .err(
            "sendPhoto",
            json!({"chat_id": chat, "photo": "https://example.com/cat.jpg"}),
        )
        .await;
    assert_eq!(
        by_url,
        (400, "Bad Request: failed to get HTTP URL content".into())
    );
    let garbage = bot
        .err(
            "sendDocument",
            json!({"chat_id": chat, "document": "garbage"}),
        )
        .await;
    assert_eq!(
        garbage,
        (
            400,
            "Bad Request: wrong remote file identifier specified: can't unserialize it".into()
        )
    );
    let wrong_kind = bot
        .err(
            "sendDocument",
            json!({"chat_id": chat, "document": file_id}),
        )
        .await;
    assert_eq!(
        wrong_kind,
        (
            400,
            "Bad Request: wrong file identifier/HTTP URL specified".into()
        )
    );
    let (_, text) = bot.err("getFile", json!({})).await;
    assert_eq!(text, "Bad Request: file_id not specified");
    let (_, text) = bot.err("getFile", json!({"file_id": "garbage"})).await;
    assert_eq!(text, "Bad Request: invalid file_id");
    let (status, _, _) = download(&server, &bot, "photos/nothing.jpg").await;
    assert_eq!(status, 404);

    // Another bot can use neither the file id nor the path.
    let other = server.bot("other_pic_bot").await;
    let other_user = started(&server, &other, "Bob").await;
    let (code, text) = other.err("getFile", json!({"file_id": file_id})).await;
    assert_eq!((code, text.as_str()), (400, "Bad Request: invalid file_id"));
    let (_, text) = other
        .err(
            "sendPhoto",
            json!({"chat_id": other_user.id, "photo": file_id}),
        )
        .await;
    assert_eq!(
        text,
        "Bad Request: wrong file identifier/HTTP URL specified"
    );
    let (status, _, body) = download(&server, &other, &path).await;
    assert_eq!(status, 404);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 404, "description": "Not Found"})
    );
}

/// Uploads `bytes` in parts of 4 KiB with `upload.saveFilePart`; returns the `inputFile`.
pub(crate) async fn upload(user: &UserClient, bytes: &[u8], name: &str) -> Value {
    let file_id = rand_id();
    let parts = bytes.chunks(4096).count();
    for (i, part) in bytes.chunks(4096).enumerate() {
        let saved = user
            .ok(
                "upload.saveFilePart",
                json!({"file_id": file_id, "file_part": i, "bytes": STANDARD.encode(part)}),
            )
            .await;
        assert_eq!(saved, true);
    }
    json!({"_": "inputFile", "id": file_id, "parts": parts, "name": name, "md5_checksum": ""})
}

/// Downloads a whole file with `upload.getFile` in 4 KiB chunks.
pub(crate) async fn user_download(user: &UserClient, location: Value) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let chunk = user
            .ok(
                "upload.getFile",
                json!({"location": location, "offset": out.len(), "limit": 4096}),
            )
            .await;
        let bytes = STANDARD.decode(chunk["bytes"].as_str().unwrap()).unwrap();
        let done = bytes.len() < 4096;
        out.extend(bytes);
        if done {
            return out;
        }
    }
}

pub(crate) fn photo_location(photo: &Value, size: &str) -> Value {
    json!({"_": "inputPhotoFileLocation", "id": photo["id"], "access_hash": photo["access_hash"],
           "file_reference": photo["file_reference"], "thumb_size": size})
}

fn document_location(document: &Value) -> Value {
    json!({"_": "inputDocumentFileLocation", "id": document["id"],
           "access_hash": document["access_hash"], "file_reference": document["file_reference"],
           "thumb_size": ""})
}

#[tokio::test]
async fn users_and_bots_exchange_files_byte_for_byte() {
    let server = TestServer::start().await;
    let bot = server.bot("file_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("file_bot").await;
    let jpeg = picture(300, 200, ImageFormat::Jpeg);

    // A photo uploaded in parts reaches the bot as a Bot API photo.
    let file = upload(&user, &jpeg, "p.jpg").await;
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "media": {"_": "inputMediaUploadedPhoto", "file": file},
               "message": "from Ann", "random_id": rand_id()}),
    )
    .await;
    let update = bot.next_update(5).await;
    let message = &update["message"];
    assert_eq!(message["caption"], "from Ann");
    let sizes = message["photo"].as_array().unwrap();
    assert_eq!(sizes.last().unwrap()["width"], 300);
    let photo_id = sizes.last().unwrap()["file_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(fetch(&server, &bot, &photo_id).await, jpeg);

    // A document with attributes reaches the bot as a document.
    let pdf = b"%PDF-1.4 not really a pdf but bytes all the same".repeat(200);
    let file = upload(&user, &pdf, "upload.bin").await;
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "media": {"_": "inputMediaUploadedDocument", "file": file,
               "mime_type": "application/pdf",
               "attributes": [{"_": "documentAttributeFilename", "file_name": "paper.pdf"}]},
               "message": "", "random_id": rand_id()}),
    )
    .await;
    let update = bot.next_update(5).await;
    let document = &update["message"]["document"];
    assert_eq!(document["file_name"], "paper.pdf");
    assert_eq!(document["mime_type"], "application/pdf");
    let doc_id = document["file_id"].as_str().unwrap().to_owned();
    assert_eq!(fetch(&server, &bot, &doc_id).await, pdf);

    // The bot sends both back by file id; the user downloads the same bytes.
    bot.ok(
        "sendPhoto",
        json!({"chat_id": user.id, "photo": photo_id, "caption": "back"}),
    )
    .await;
    bot.ok(
        "sendDocument",
        json!({"chat_id": user.id, "document": doc_id, "caption": "doc back"}),
    )
    .await;
    let back = user.wait_for(&peer, |m| m["message"] == "back").await;
    let photo = &back["media"]["photo"];
    assert_eq!(user_download(&user, photo_location(photo, "m")).await, jpeg);
    let doc_back = user.wait_for(&peer, |m| m["message"] == "doc back").await;
    let document = &doc_back["media"]["document"];
    assert_eq!(document["mime_type"], "application/pdf");
    assert_eq!(user_download(&user, document_location(document)).await, pdf);

    // Another user's access hash finds nothing; chunk rules are Telegram's.
    let other = server.user("Eve", None).await;
    let (_, name) = other
        .err(
            "upload.getFile",
            json!({"location": document_location(document), "offset": 0, "limit": 4096}),
        )
        .await;
    assert_eq!(name, "LOCATION_INVALID");
    let (_, name) = user
        .err(
            "upload.getFile",
            json!({"location": document_location(document), "offset": 100, "limit": 4096}),
        )
        .await;
    assert_eq!(name, "OFFSET_INVALID");
    let (_, name) = user
        .err(
            "messages.sendMedia",
            json!({"peer": peer, "media": {"_": "inputMediaUploadedPhoto",
                   "file": {"_": "inputFile", "id": "99", "parts": 2, "name": "x",
                            "md5_checksum": ""}},
                   "message": "", "random_id": rand_id()}),
        )
        .await;
    assert_eq!(name, "FILE_PART_0_MISSING");
    // A photo the user received may be sent on by id.
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "media": {"_": "inputMediaPhoto", "id": {"_": "inputPhoto",
               "id": photo["id"], "access_hash": photo["access_hash"],
               "file_reference": photo["file_reference"]}},
               "message": "again", "random_id": rand_id()}),
    )
    .await;
    let update = bot.next_update(5).await;
    assert_eq!(
        update["message"]["photo"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["file_unique_id"],
        sizes.last().unwrap()["file_unique_id"]
    );
}

#[tokio::test]
async fn albums_and_media_edits() {
    let server = TestServer::start().await;
    let bot = server.bot("album_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id.to_string();
    let media = json!([
        {"type": "photo", "media": "attach://one", "caption": "first"},
        {"type": "photo", "media": "attach://two"},
        {"type": "video", "media": "attach://three", "width": 4, "height": 4},
    ])
    .to_string();
    let sent = ok(&multipart(
        &bot,
        "sendMediaGroup",
        &[("chat_id", &chat), ("media", &media)],
        &[
            (
                "one",
                "1.jpg",
                "image/jpeg",
                picture(40, 30, ImageFormat::Jpeg),
            ),
            (
                "two",
                "2.png",
                "image/png",
                picture(30, 40, ImageFormat::Png),
            ),
            ("three", "3.mp4", "video/mp4", b"fake video".to_vec()),
        ],
    )
    .await);
    let list = sent.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let group = list[0]["media_group_id"].as_str().unwrap();
    assert!(list.iter().all(|m| m["media_group_id"] == group));
    assert_eq!(list[0]["caption"], "first");
    assert!(list[2]["video"].is_object());

    // The user sees one album.
    let peer = user.peer("album_bot").await;
    let history = user.history(&peer, 3).await;
    let grouped: Vec<&Value> = history.iter().map(|m| &m["grouped_id"]).collect();
    assert!(grouped[0].is_string() && grouped.iter().all(|g| *g == grouped[0]));

    // Album errors.
    let mixed = json!([
        {"type": "photo", "media": list[0]["photo"][0]["file_id"]},
        {"type": "document", "media": "attach://doc"},
    ])
    .to_string();
    let refused = multipart(
        &bot,
        "sendMediaGroup",
        &[("chat_id", &chat), ("media", &mixed)],
        &[("doc", "d.txt", "text/plain", b"doc".to_vec())],
    )
    .await;
    assert_eq!(
        err(&refused).1,
        "Bad Request: documents and audio files can be only grouped in an album with messages \
         of the same type"
    );
    let (_, text) = bot
        .err(
            "sendMediaGroup",
            json!({"chat_id": chat, "media": [{"type": "animation", "media": "x"}]}),
        )
        .await;
    assert_eq!(
        text,
        "Bad Request: can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup"
    );
    let (_, text) = bot
        .err(
            "sendMediaGroup",
            json!({"chat_id": chat, "media": [{"type": "photo"}]}),
        )
        .await;
    assert_eq!(text, "Bad Request: can't parse InputMedia: media not found");
    let eleven: Vec<Value> = (0..11)
        .map(|_| json!({"type": "photo", "media": list[0]["photo"][0]["file_id"]}))
        .collect();
    let (_, text) = bot
        .err("sendMediaGroup", json!({"chat_id": chat, "media": eleven}))
        .await;
    assert_eq!(text, "Bad Request: too many messages to send as an album");

    // Caption edits.
    let first_id = list[0]["message_id"].clone();
    let edited = bot
        .ok(
            "editMessageCaption",
            json!({"chat_id": chat, "message_id": first_id, "caption": "*new*",
                   "parse_mode": "MarkdownV2", "show_caption_above_media": true,
                   "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "d"}]]}}),
        )
        .await;
    assert_eq!(edited["caption"], "new");
    assert_eq!(edited["show_caption_above_media"], true);
    assert_eq!(edited["media_group_id"], group);
    assert!(edited["edit_date"].is_i64());
    assert!(edited["reply_markup"]["inline_keyboard"].is_array());
    let (_, text) = bot
        .err(
            "editMessageCaption",
            json!({"chat_id": chat, "message_id": first_id, "caption": "*new*",
                   "parse_mode": "MarkdownV2", "show_caption_above_media": true,
                   "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "d"}]]}}),
        )
        .await;
    assert!(
        text.starts_with("Bad Request: message is not modified"),
        "{text}"
    );
    let text_message = bot
        .ok("sendMessage", json!({"chat_id": chat, "text": "plain"}))
        .await;
    let (_, text) = bot
        .err(
            "editMessageCaption",
            json!({"chat_id": chat, "message_id": text_message["message_id"], "caption": "x"}),
        )
        .await;
    assert_eq!(
        text,
        "Bad Request: there is no caption in the message to edit"
    );
    let (_, text) = bot
        .err(
            "editMessageText",
            json!({"chat_id": chat, "message_id": first_id, "text": "x"}),
        )
        .await;
    assert_eq!(text, "Bad Request: there is no text in the message to edit");

    // Media edits: a photo of the album becomes another photo, in the album still.
    let replaced = ok(&multipart(
        &bot,
        "editMessageMedia",
        &[
            ("chat_id", &chat),
            ("message_id", &list[1]["message_id"].to_string()),
            (
                "media",
                &json!({"type": "photo", "media": "attach://p", "caption": "swapped"}).to_string(),
            ),
        ],
        &[(
            "p",
            "p.jpg",
            "image/jpeg",
            picture(50, 50, ImageFormat::Jpeg),
        )],
    )
    .await);
    assert_eq!(replaced["caption"], "swapped");
    assert_eq!(replaced["photo"][0]["width"], 50);
    assert_eq!(replaced["media_group_id"], group);
    let (_, text) = bot
        .err(
            "editMessageMedia",
            json!({"chat_id": chat, "message_id": text_message["message_id"],
                   "media": {"type": "photo", "media": list[0]["photo"][0]["file_id"]}}),
        )
        .await;
    assert_eq!(
        text,
        "Bad Request: there is no media in the message to edit"
    );
    let (_, text) = bot
        .err(
            "editMessageMedia",
            json!({"chat_id": chat, "message_id": first_id, "media": "{"}),
        )
        .await;
    assert_eq!(text, "Bad Request: can't parse input media JSON object");

    // A user's album reaches the bot as messages of one media group.
    let mut multi = Vec::new();
    for (i, size) in [(20, 20), (30, 20)].into_iter().enumerate() {
        let file = upload(&user, &picture(size.0, size.1, ImageFormat::Jpeg), "a.jpg").await;
        multi.push(
            json!({"_": "inputSingleMedia", "media": {"_": "inputMediaUploadedPhoto",
                          "file": file}, "random_id": rand_id(), "message": format!("album {i}")}),
        );
    }
    let result = user
        .ok(
            "messages.sendMultiMedia",
            json!({"peer": peer, "multi_media": multi}),
        )
        .await;
    assert_eq!(result["_"], "updates");
    let first = bot.next_update(5).await;
    let second = bot.next_update(5).await;
    assert_eq!(first["message"]["caption"], "album 0");
    assert_eq!(second["message"]["caption"], "album 1");
    assert!(first["message"]["media_group_id"].is_string());
    assert_eq!(
        first["message"]["media_group_id"],
        second["message"]["media_group_id"]
    );
}

#[tokio::test]
async fn sent_photos_survive_a_restart() {
    let server = TestServer::start().await;
    let bot = server.bot("keep_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let jpeg = picture(120, 80, ImageFormat::Jpeg);
    let sent = ok(&multipart(
        &bot,
        "sendPhoto",
        &[("chat_id", &user.id.to_string())],
        &[("photo", "keep.jpg", "image/jpeg", jpeg.clone())],
    )
    .await);
    let file_id = sent["photo"][1]["file_id"].as_str().unwrap().to_owned();
    // A core opened afresh over the same data directory (nothing cached) finds the photo
    // and its bytes.
    let config = crate::harness::test_config(server.dir.path(), 3);
    let reopened = gramd::server::open(&config, false).await.unwrap();
    let bot_id = gramd_core::ids::UserId(bot.id);
    let target = reopened
        .core
        .resolve_file_id(bot_id, &file_id)
        .await
        .unwrap();
    let size = usize::try_from(target.file.size).unwrap();
    let bytes = reopened
        .core
        .read_file(&target.file, 0, size)
        .await
        .unwrap();
    assert_eq!(bytes, jpeg);
}

#[tokio::test]
async fn file_limits_are_settings() {
    let server = TestServer::start_with_limits("[files]\nmax_photo_bytes = 2048\n").await;
    let bot = server.bot("limit_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id.to_string();
    let big = picture(200, 200, ImageFormat::Png);
    assert!(big.len() > 2048);
    let refused = multipart(
        &bot,
        "sendPhoto",
        &[("chat_id", &chat)],
        &[("photo", "big.png", "image/png", big.clone())],
    )
    .await;
    assert_eq!(err(&refused), (400, "Bad Request: file is too big".into()));
    // The same bytes as a document are within the (default) upload limit.
    let sent = ok(&multipart(
        &bot,
        "sendDocument",
        &[("chat_id", &chat)],
        &[("document", "big.png", "image/png", big)],
    )
    .await);
    assert_eq!(sent["document"]["mime_type"], "image/png");

    // A user edits the caption of a media message with messages.editMessage.
    let peer = user.peer("limit_bot").await;
    let file = upload(&user, &picture(20, 20, ImageFormat::Jpeg), "s.jpg").await;
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "media": {"_": "inputMediaUploadedPhoto", "file": file},
               "message": "before", "random_id": rand_id()}),
    )
    .await;
    let sent = user.wait_for(&peer, |m| m["message"] == "before").await;
    user.ok(
        "messages.editMessage",
        json!({"peer": peer, "id": sent["id"], "message": "after"}),
    )
    .await;
    let edited = user.wait_for(&peer, |m| m["message"] == "after").await;
    assert_eq!(edited["media"]["_"], "messageMediaPhoto");
}

/// With `[files] fetch_urls` on, the media methods fetch files given by URL: the bytes
/// arrive whole (the bot downloads the same), the file name comes from the path and the
/// MIME type from the answer; a failed fetch and one over the limit get the reference's
/// texts. A local HTTP server stands in for the internet.
#[tokio::test]
async fn files_given_by_url_are_fetched_when_allowed() {
    use axum::Router;
    use axum::http::{StatusCode, header};
    use axum::routing::get;

    let png = picture(40, 30, ImageFormat::Png);
    let pdf = b"%PDF-1.4 fetched by gramd".to_vec();
    let big = picture(200, 200, ImageFormat::Png);
    let files = Router::new()
        .route("/cat.png", {
            let png = png.clone();
            get(move || async move { ([(header::CONTENT_TYPE, "image/png")], png) })
        })
        .route("/papers/report.pdf", {
            let pdf = pdf.clone();
            get(move || async move { ([(header::CONTENT_TYPE, "application/pdf")], pdf) })
        })
        .route("/big.png", {
            let big = big.clone();
            get(move || async move { ([(header::CONTENT_TYPE, "image/png")], big) })
        })
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, files).await });

    let server =
        TestServer::start_with_limits("[files]\nfetch_urls = true\nmax_photo_bytes = 8192\n").await;
    let bot = server.bot("url_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = user.id;

    let photo = bot
        .ok(
            "sendPhoto",
            json!({"chat_id": chat, "photo": format!("{base}/cat.png")}),
        )
        .await;
    let sizes = photo["photo"].as_array().unwrap();
    let largest = sizes.last().unwrap();
    assert_eq!(
        (largest["width"].as_i64(), largest["height"].as_i64()),
        (Some(40), Some(30))
    );

    let document = bot
        .ok(
            "sendDocument",
            json!({"chat_id": chat, "document": format!("{base}/papers/report.pdf")}),
        )
        .await;
    assert_eq!(
        (
            document["document"]["file_name"].as_str(),
            document["document"]["mime_type"].as_str(),
            document["document"]["file_size"].as_u64(),
        ),
        (
            Some("report.pdf"),
            Some("application/pdf"),
            Some(pdf.len() as u64)
        )
    );
    let file_id = document["document"]["file_id"].as_str().unwrap();
    assert_eq!(fetch(&server, &bot, file_id).await, pdf);

    assert_eq!(
        bot.err(
            "sendDocument",
            json!({"chat_id": chat, "document": format!("{base}/gone")})
        )
        .await,
        (400, "Bad Request: failed to get HTTP URL content".into())
    );
    assert_eq!(
        bot.err(
            "sendPhoto",
            json!({"chat_id": chat, "photo": format!("{base}/big.png")})
        )
        .await,
        (400, "Bad Request: file is too big".into())
    );
}

/// `messages.uploadMedia` stores an upload without sending it and answers its
/// `MessageMedia`; an album then names the stored photos and documents by id and access
/// hash, as Telethon and GramJS send albums. The bot gets one media group with the same
/// bytes.
#[tokio::test]
async fn uploaded_media_is_sent_later_by_id() {
    let server = TestServer::start().await;
    let bot = server.bot("upmedia_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let peer = user.peer("upmedia_bot").await;
    let jpeg = picture(50, 40, ImageFormat::Jpeg);
    let file = upload(&user, &jpeg, "p.jpg").await;
    let photo = user
        .ok(
            "messages.uploadMedia",
            json!({"peer": peer, "media": {"_": "inputMediaUploadedPhoto", "file": file}}),
        )
        .await;
    assert_eq!(photo["_"], "messageMediaPhoto", "{photo}");
    let pdf = b"%PDF-1.4 uploaded first".to_vec();
    let file = upload(&user, &pdf, "notes.pdf").await;
    let document = user
        .ok(
            "messages.uploadMedia",
            json!({"peer": peer, "media": {"_": "inputMediaUploadedDocument", "file": file,
                   "mime_type": "application/pdf", "attributes": []}}),
        )
        .await;
    assert_eq!(document["_"], "messageMediaDocument", "{document}");
    assert!(bot.drain().await.is_empty(), "nothing is sent by uploading");

    let input_photo = json!({"_": "inputMediaPhoto", "id": {"_": "inputPhoto",
        "id": photo["photo"]["id"], "access_hash": photo["photo"]["access_hash"],
        "file_reference": photo["photo"]["file_reference"]}});
    let multi = json!([
        {"_": "inputSingleMedia", "media": input_photo, "random_id": rand_id(), "message": "one"},
        {"_": "inputSingleMedia", "media": input_photo, "random_id": rand_id(), "message": "two"},
    ]);
    user.ok(
        "messages.sendMultiMedia",
        json!({"peer": peer, "multi_media": multi}),
    )
    .await;
    let first = bot.next_update(5).await;
    let second = bot.next_update(5).await;
    assert_eq!(
        first["message"]["media_group_id"],
        second["message"]["media_group_id"]
    );
    let sizes = first["message"]["photo"].as_array().unwrap();
    let largest = sizes.last().unwrap()["file_id"].as_str().unwrap();
    assert_eq!(fetch(&server, &bot, largest).await, jpeg);

    let input_document = json!({"_": "inputMediaDocument", "id": {"_": "inputDocument",
        "id": document["document"]["id"], "access_hash": document["document"]["access_hash"],
        "file_reference": document["document"]["file_reference"]}});
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "media": input_document, "message": "", "random_id": rand_id()}),
    )
    .await;
    let sent = bot.next_update(5).await;
    let file_id = sent["message"]["document"]["file_id"].as_str().unwrap();
    assert_eq!(fetch(&server, &bot, file_id).await, pdf);
}

#[tokio::test]
async fn albums_are_forwarded_and_copied_together() {
    let server = TestServer::start().await;
    let bot = server.bot("batch_bot").await;
    let ann = started(&server, &bot, "Ann").await;
    let ben = started(&server, &bot, "Ben").await;
    let media = json!([
        {"type": "photo", "media": "attach://one", "caption": "first"},
        {"type": "photo", "media": "attach://two"},
    ])
    .to_string();
    let chat = ann.id.to_string();
    let album = ok(&multipart(
        &bot,
        "sendMediaGroup",
        &[("chat_id", &chat), ("media", &media)],
        &[
            (
                "one",
                "1.jpg",
                "image/jpeg",
                picture(40, 30, ImageFormat::Jpeg),
            ),
            (
                "two",
                "2.jpg",
                "image/jpeg",
                picture(30, 40, ImageFormat::Jpeg),
            ),
        ],
    )
    .await);
    let text = bot
        .ok(
            "sendMessage",
            json!({"chat_id": ann.id, "text": "and a note"}),
        )
        .await;
    let ids = [
        album[0]["message_id"].clone(),
        album[1]["message_id"].clone(),
        text["message_id"].clone(),
        json!(9999),
    ];

    let forwarded = bot
        .ok(
            "forwardMessages",
            json!({"chat_id": ben.id, "from_chat_id": ann.id, "message_ids": ids}),
        )
        .await;
    assert_eq!(
        forwarded.as_array().unwrap().len(),
        3,
        "the missing one is skipped"
    );
    let peer = ben.peer("batch_bot").await;
    let seen = ben.history(&peer, 3).await;
    let groups: Vec<&Value> = seen.iter().map(|m| &m["grouped_id"]).collect();
    assert!(groups[0].is_null(), "the note is no album item");
    assert!(groups[1].is_string() && groups[1] == groups[2], "{seen:?}");
    assert!(seen.iter().all(|m| m["fwd_from"].is_object()));

    let copied = bot
        .ok(
            "copyMessages",
            json!({"chat_id": ben.id, "from_chat_id": ann.id,
                   "message_ids": &ids[..2], "remove_caption": true}),
        )
        .await;
    assert_eq!(copied.as_array().unwrap().len(), 2);
    let seen = ben.history(&peer, 2).await;
    assert!(
        seen.iter()
            .all(|m| m["fwd_from"].is_null() && m["message"] == "")
    );
    assert!(seen[0]["grouped_id"].is_string() && seen[0]["grouped_id"] == seen[1]["grouped_id"]);

    for (params, description) in [
        (
            json!({"chat_id": ben.id, "from_chat_id": ann.id, "message_ids": [ids[1], ids[0]]}),
            "Bad Request: message identifiers must be in a strictly increasing order",
        ),
        (
            json!({"chat_id": ben.id, "from_chat_id": ann.id, "message_ids": []}),
            "Bad Request: message identifiers are not specified",
        ),
    ] {
        assert_eq!(
            bot.err("forwardMessages", params).await,
            (400, description.to_owned())
        );
    }
    assert_eq!(
        bot.ok(
            "forwardMessages",
            json!({"chat_id": ben.id, "from_chat_id": ann.id, "message_ids": [9998, 9999]}),
        )
        .await,
        json!([]),
        "nothing to forward"
    );
}
