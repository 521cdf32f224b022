//! Sending and editing media, and `getFile`.
//!
//! Every send method reads its input file, caption and options first (a missing file is
//! `There is no <kind> in the request`, before the chat is looked up, as in the reference),
//! then resolves the chat, then stores the upload (a photo gets its sizes made) or resolves
//! the file id, and sends. A file id must be this bot's and of the method's family (a photo
//! for `sendPhoto`, a document of any kind for the others, which is resent as it is).

pub(crate) mod input;

use gramd_core::DocumentUpload;
use gramd_core::error::CoreError;
use gramd_core::media::Media;
use gramd_core::messages::{MessageEdit, OutgoingMedia, OutgoingText};
use serde_json::Value;

use super::messages::input::{reply_markup, reply_parameters};
use super::messages::{apply_edit, send_options_for};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::params::UploadedFile;
use input::{InputFile, InputMedia, SendKind};

/// Most bytes fetched from a URL for a photo (Telegram: 5 MB).
const MAX_URL_PHOTO_BYTES: u64 = 5 << 20;
/// Most bytes fetched from a URL for any other file (Telegram: 20 MB).
const MAX_URL_FILE_BYTES: u64 = 20 << 20;

pub(super) async fn send_photo(call: &Call<'_>) -> Outcome {
    send_single(call, "photo").await
}

pub(super) async fn send_video(call: &Call<'_>) -> Outcome {
    send_single(call, "video").await
}

pub(super) async fn send_document(call: &Call<'_>) -> Outcome {
    send_single(call, "document").await
}

pub(super) async fn send_audio(call: &Call<'_>) -> Outcome {
    send_single(call, "audio").await
}

pub(super) async fn send_voice(call: &Call<'_>) -> Outcome {
    send_single(call, "voice").await
}

pub(super) async fn send_animation(call: &Call<'_>) -> Outcome {
    send_single(call, "animation").await
}

pub(super) async fn send_video_note(call: &Call<'_>) -> Outcome {
    send_single(call, "video_note").await
}

pub(super) async fn send_sticker(call: &Call<'_>) -> Outcome {
    send_single(call, "sticker").await
}

/// Whether a kind of send carries a caption, a spoiler and the caption's placement.
fn has_caption(field: &str) -> bool {
    !matches!(field, "video_note" | "sticker")
}

/// One `send<Kind>`: the file in parameter `field`.
async fn send_single(call: &Call<'_>, field: &str) -> Outcome {
    let p = call.params;
    let file = input::file_param(p, field);
    let upload = match file {
        Some(InputFile::Upload(upload)) => Some(upload),
        _ => None,
    };
    let kind = if field == "photo" {
        SendKind::Photo
    } else {
        SendKind::Document(input::document_kind(p, field, upload))
    };
    let Some(file) = file else {
        return Err(ApiError::bad_request(format!(
            "There is no {} in the request",
            kind.noun()
        )));
    };
    let captioned = has_caption(field);
    let caption = if captioned {
        input::caption(p)?
    } else {
        OutgoingText::default()
    };
    let reply = reply_parameters(p)?;
    let markup = reply_markup(p)?;
    let chat = call.chat("chat_id").await?;
    let options = send_options_for(call, chat, reply, markup).await?;
    let media = resolve(call, file, input::thumbnail(p), &kind).await?;
    let outgoing = OutgoingMedia {
        media,
        caption,
        has_spoiler: captioned && p.bool_arg("has_spoiler"),
        show_caption_above_media: captioned && p.bool_arg("show_caption_above_media"),
    };
    let sent = match call.business_connection_id() {
        Some(connection) => {
            call.core
                .send_business_media(call.bot.id, connection, chat, outgoing, options)
                .await?
        }
        None => {
            call.core
                .send_media(call.bot.id, chat, outgoing, options)
                .await?
        }
    };
    call.reply_message(&sent.message).await
}

/// The media an input file stands for: an upload stored anew, or this bot's file id.
pub(crate) async fn resolve(
    call: &Call<'_>,
    file: InputFile<'_>,
    thumbnail: Option<&UploadedFile>,
    kind: &SendKind,
) -> Result<Media, ApiError> {
    let (bytes, file_name, mime_type) = match file {
        InputFile::FileId(file_id) => {
            let target = call.core.resolve_file_id(call.bot.id, file_id).await?;
            return match (&target.media, kind) {
                (Media::Photo(_), SendKind::Photo)
                | (Media::Document(_), SendKind::Document(_)) => Ok(target.media),
                _ => Err(CoreError::FileIdInvalid { malformed: false }.into()),
            };
        }
        InputFile::Url(url) => {
            let limit = match kind {
                SendKind::Photo => MAX_URL_PHOTO_BYTES,
                SendKind::Document(_) => MAX_URL_FILE_BYTES,
            };
            let fetched = fetch_url(call, url, limit).await?;
            (fetched.bytes, fetched.file_name, fetched.mime_type)
        }
        InputFile::Upload(upload) => (
            upload.data.to_vec(),
            Some(upload.file_name.clone()),
            upload.content_type.clone(),
        ),
    };
    Ok(match kind {
        SendKind::Photo => Media::Photo(call.core.upload_photo(bytes).await?),
        SendKind::Document(doc_kind) => {
            let upload = DocumentUpload {
                bytes,
                file_name,
                mime_type,
                kind: doc_kind.clone(),
                thumbnail: thumbnail.map(|t| t.data.to_vec()),
            };
            Media::Document(call.core.upload_document(upload).await?)
        }
    })
}

/// A file fetched by URL.
pub(super) struct Fetched {
    pub(super) bytes: Vec<u8>,
    pub(super) file_name: Option<String>,
    mime_type: String,
}

/// Fetches `url` (HTTP or HTTPS) when `[files] fetch_urls` allows it, at most `limit`
/// bytes.
pub(super) async fn fetch_url(call: &Call<'_>, url: &str, limit: u64) -> Result<Fetched, ApiError> {
    let unavailable = || ApiError::bad_request("failed to get HTTP URL content");
    let Some(fetcher) = call.files.fetcher else {
        return Err(unavailable());
    };
    let too_big = || ApiError::bad_request("file is too big");
    let mut response = fetcher
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|_| unavailable())?;
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(too_big());
    }
    let mime_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_owned())
        .unwrap_or_default();
    let file_name = response
        .url()
        .path_segments()
        .and_then(|mut segments| segments.next_back())
        .filter(|name| !name.is_empty())
        .map(str::to_owned);
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| unavailable())? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(too_big());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        bytes,
        file_name,
        mime_type,
    })
}

/// Reads and resolves one `InputMedia` into media to send.
async fn outgoing(call: &Call<'_>, item: InputMedia<'_>) -> Result<OutgoingMedia, ApiError> {
    let media = resolve(call, item.file, item.thumbnail, &item.kind).await?;
    Ok(OutgoingMedia {
        media,
        caption: item.caption,
        has_spoiler: item.has_spoiler,
        show_caption_above_media: item.show_caption_above_media,
    })
}

pub(super) async fn send_media_group(call: &Call<'_>) -> Outcome {
    call.refuse_business()?;
    let p = call.params;
    let reply = reply_parameters(p)?;
    let raw = p.required("media")?;
    let value: Value = serde_json::from_str(raw)
        .map_err(|_| ApiError::bad_request("Can't parse media JSON object"))?;
    let Value::Array(list) = &value else {
        return Err(ApiError::bad_request("Expected an Array of InputMedia"));
    };
    let mut items = Vec::with_capacity(list.len());
    for item in list {
        items.push(
            input::input_media(p, item, true)
                .map_err(|e| ApiError::bad_request(format!("Can't parse InputMedia: {e}")))?,
        );
    }
    let chat = call.chat("chat_id").await?;
    let options = send_options_for(call, chat, reply, None).await?;
    if items.len() > 10 {
        return Err(CoreError::AlbumTooLarge.into());
    }
    let mut outgoing_items = Vec::with_capacity(items.len());
    for item in items {
        outgoing_items.push(outgoing(call, item).await?);
    }
    let sent = call
        .core
        .send_album(call.bot.id, chat, outgoing_items, options)
        .await?;
    let renderer = call.renderer();
    let mut messages = Vec::with_capacity(sent.len());
    for one in &sent {
        messages.push(renderer.message(&one.message).await?);
    }
    Reply::of(&messages)
}

pub(super) async fn edit_message_caption(call: &Call<'_>) -> Outcome {
    call.refuse_business()?;
    let caption = input::caption(call.params)?;
    let above = call.params.bool_arg("show_caption_above_media");
    let edit = MessageEdit {
        caption: Some(caption),
        show_caption_above_media: Some(above),
        ..MessageEdit::default()
    };
    apply_edit(call, edit).await
}

pub(super) async fn edit_message_media(call: &Call<'_>) -> Outcome {
    call.refuse_business()?;
    let p = call.params;
    let raw = p.required("media")?;
    let value: Value = serde_json::from_str(raw)
        .map_err(|_| ApiError::bad_request("Can't parse input media JSON object"))?;
    let item = input::input_media(p, &value, false)
        .map_err(|e| ApiError::bad_request(format!("Can't parse InputMedia: {e}")))?;
    let media = outgoing(call, item).await?;
    let edit = MessageEdit {
        media: Some(media),
        ..MessageEdit::default()
    };
    apply_edit(call, edit).await
}

pub(super) async fn get_file(call: &Call<'_>) -> Outcome {
    let file_id = call.params.arg("file_id");
    if file_id.is_empty() {
        return Err(ApiError::bad_request("file_id not specified"));
    }
    let target = call
        .core
        .resolve_file_id(call.bot.id, file_id)
        .await
        .map_err(|err| match err {
            CoreError::FileIdInvalid { .. } => ApiError::bad_request("invalid file_id"),
            other => other.into(),
        })?;
    let max = call.core.file_limits().max_download_bytes;
    if target.file.size > max {
        return Err(ApiError::bad_request("file is too big"));
    }
    Reply::of(&call.renderer().media().file(&target, max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Params;
    use gramd_core::media::DocumentKind;

    /// The send method field a document kind belongs to.
    fn kind_field(kind: &DocumentKind) -> &'static str {
        match kind {
            DocumentKind::File => "document",
            DocumentKind::Video { .. } => "video",
            DocumentKind::Audio { .. } => "audio",
            DocumentKind::Voice { .. } => "voice",
            DocumentKind::Animation { .. } => "animation",
            DocumentKind::VideoNote { .. } => "video_note",
            DocumentKind::Sticker { .. } => "sticker",
        }
    }

    #[test]
    fn send_methods_read_the_metadata_of_their_kind() {
        let params = Params::parse(
            Some("duration=90000&width=20000&height=5&performer=P&length=240"),
            None,
            &bytes::Bytes::new(),
        )
        .unwrap();
        for field in [
            "video",
            "audio",
            "voice",
            "animation",
            "video_note",
            "sticker",
            "document",
        ] {
            let kind = input::document_kind(&params, field, None);
            assert_eq!(kind_field(&kind), field);
        }
        assert_eq!(
            input::document_kind(&params, "video", None),
            DocumentKind::Video {
                duration: 86_400,
                width: 10_000,
                height: 5,
                supports_streaming: false
            },
            "values are clamped as the reference does"
        );
    }

    #[test]
    fn input_files_are_found_as_the_reference_finds_them() {
        let params = Params::parse(
            Some("a=attach://x&b=AQAB&c=http://h/p.jpg"),
            None,
            &bytes::Bytes::new(),
        )
        .unwrap();
        assert!(input::file_param(&params, "a").is_none(), "no part named x");
        assert!(matches!(
            input::file_param(&params, "b"),
            Some(InputFile::FileId("AQAB"))
        ));
        assert!(matches!(
            input::file_param(&params, "c"),
            Some(InputFile::Url(_))
        ));
        assert!(input::file_param(&params, "d").is_none());
        assert!(
            input::input_file(&params, "b", "AQAB", true).is_none(),
            "thumbnails must be uploads"
        );
    }
}
