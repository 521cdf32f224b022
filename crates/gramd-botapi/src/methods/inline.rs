//! Inline mode: `answerInlineQuery` and `savePreparedInlineMessage`, and reading
//! `InlineQueryResult` objects as the reference server does (`Client::get_inline_query_result`).
//!
//! Every type of the spec is read: `article`, `photo`, `gif`, `mpeg4_gif`, `video`, `audio`,
//! `voice`, `document`, `location`, `venue`, `contact`, `game`, and the cached variants,
//! which are the same types with a `*_file_id` instead of a `*_url` (a `sticker` has only a
//! file id). A file id must be this bot's; a URL is fetched as `sendPhoto` fetches one
//! (when `[files] fetch_urls` allows, else `failed to get HTTP URL content`). `game`
//! results are read but refused by the core: gramd has no games.
//!
//! Errors of reading a result are `Can't parse inline query result: …` with TDLib's field
//! texts; the rules Telegram's server checks (`RESULT_ID_DUPLICATE`, `RESULTS_TOO_MUCH`,
//! …) come from the core.

use gramd_core::CoreError;
use gramd_core::attachments::{Attachment, Contact, Location, Venue};
use gramd_core::ids::UserId;
use gramd_core::inline::{
    InlineAnswerInput, InlineChatType, InlineMessageInput, InlineResultInput, InlineResultKind,
    ResultsButton, WebThumbnail,
};
use gramd_core::media::{DocumentKind, StickerFormat};
use gramd_core::messages::{LinkPreview, OutgoingText};
use serde_json::Value;

use super::media::input::{InputFile, SendKind, input_file};
use super::media::resolve;
use super::messages::input::{formatted_text_of, parse_reply_markup};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input::{FieldResult, Obj, opt_bool, opt_int, opt_object, opt_string, req_string};
use crate::types::PreparedInlineMessage;

/// Longest duration of a result's media, in seconds.
const MAX_DURATION: i32 = 24 * 60 * 60;

/// A result read from its JSON, with its file not yet resolved.
struct ReadResult<'a> {
    input: InlineResultInput,
    /// The file of a media result, and what it is.
    file: Option<(InputFile<'a>, SendKind)>,
}

/// TDLib's `get_required_double_field`.
fn req_f64(obj: &Obj, name: &str) -> FieldResult<f64> {
    match obj.get(name) {
        None => Err(format!("Can't find field \"{name}\"")),
        Some(Value::Number(n)) => n
            .as_f64()
            .ok_or_else(|| format!("Field \"{name}\" must be a Number")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| format!("Field \"{name}\" must be a valid Number")),
        Some(_) => Err(format!("Field \"{name}\" must be a Number")),
    }
}

fn opt_f64(obj: &Obj, name: &str) -> FieldResult<Option<f64>> {
    if obj.contains_key(name) {
        req_f64(obj, name).map(Some)
    } else {
        Ok(None)
    }
}

fn positive(obj: &Obj, name: &str) -> FieldResult<Option<i32>> {
    Ok(opt_int::<i32>(obj, name)?.filter(|v| *v > 0))
}

fn clamped(obj: &Obj, name: &str, max: i32) -> FieldResult<u32> {
    Ok(u32::try_from(opt_int::<i32>(obj, name)?.unwrap_or(0).clamp(0, max)).unwrap_or(0))
}

/// `Client::get_location` of an object (with the live fields of a location message).
fn location(obj: &Obj) -> FieldResult<Location> {
    Ok(Location {
        latitude: req_f64(obj, "latitude")?,
        longitude: req_f64(obj, "longitude")?,
        horizontal_accuracy: opt_f64(obj, "horizontal_accuracy")?.filter(|a| *a > 0.0),
        live_period: positive(obj, "live_period")?,
        heading: positive(obj, "heading")?,
        proximity_alert_radius: positive(obj, "proximity_alert_radius")?,
    })
}

/// `Client::get_venue`: Google Places ids, or Foursquare's, which win.
fn venue(obj: &Obj) -> FieldResult<Venue> {
    let location = Location {
        live_period: None,
        heading: None,
        proximity_alert_radius: None,
        ..location(obj)?
    };
    let title = req_string(obj, "title")?;
    let address = req_string(obj, "address")?;
    let mut provider = (String::new(), String::new(), String::new());
    for (name, id, kind) in [
        ("gplaces", "google_place_id", "google_place_type"),
        ("foursquare", "foursquare_id", "foursquare_type"),
    ] {
        let id = opt_string(obj, id)?.unwrap_or_default();
        let kind = opt_string(obj, kind)?.unwrap_or_default();
        if !id.is_empty() || !kind.is_empty() {
            provider = (name.to_owned(), id, kind);
        }
    }
    Ok(Venue {
        location,
        title,
        address,
        provider: provider.0,
        venue_id: provider.1,
        venue_type: provider.2,
    })
}

fn contact(obj: &Obj) -> FieldResult<Contact> {
    Ok(Contact {
        phone_number: req_string(obj, "phone_number")?,
        first_name: req_string(obj, "first_name")?,
        last_name: opt_string(obj, "last_name")?.unwrap_or_default(),
        vcard: opt_string(obj, "vcard")?.unwrap_or_default(),
        user_id: None,
    })
}

/// A text with its `parse_mode` and entities field, as [`formatted_text_of`] reads it.
fn text_of(obj: &Obj, text_field: &str, entities_field: &str) -> Result<OutgoingText, ReadError> {
    let text = opt_string(obj, text_field)?.unwrap_or_default();
    let parse_mode = opt_string(obj, "parse_mode")?.unwrap_or_default();
    let formatted =
        formatted_text_of(&text, &parse_mode, obj.get(entities_field)).map_err(ReadError::Api)?;
    Ok(OutgoingText {
        text: formatted.text,
        entities: formatted.entities,
        link_preview: None,
    })
}

/// What went wrong reading a result: a field (answered as `Can't parse inline query
/// result: …`), or a text that does not parse (answered as itself).
enum ReadError {
    Field(String),
    Api(ApiError),
}

impl From<String> for ReadError {
    fn from(text: String) -> Self {
        Self::Field(text)
    }
}

/// `Client::get_input_message_content`: text, venue, location or contact (invoices are
/// out of gramd's scope); `None` when none is given.
fn input_message_content(obj: &Obj) -> Result<Option<InlineMessageInput>, ReadError> {
    let message_text = opt_string(obj, "message_text")?.unwrap_or_default();
    if !message_text.is_empty() {
        let link_preview = match opt_object(obj, "link_preview_options")? {
            Some(options) => Some(LinkPreview {
                is_disabled: opt_bool(options, "is_disabled")?,
                url: opt_string(options, "url")?.filter(|u| !u.is_empty()),
                prefer_small_media: opt_bool(options, "prefer_small_media")?,
                prefer_large_media: opt_bool(options, "prefer_large_media")?,
                show_above_text: opt_bool(options, "show_above_text")?,
            }),
            None => opt_bool(obj, "disable_web_page_preview")?.then(|| LinkPreview {
                is_disabled: true,
                ..LinkPreview::default()
            }),
        };
        let text = text_of(obj, "message_text", "entities")?;
        return Ok(Some(InlineMessageInput::Text(OutgoingText {
            link_preview: link_preview.filter(|l| *l != LinkPreview::default()),
            ..text
        })));
    }
    if obj.contains_key("latitude") && obj.contains_key("longitude") {
        if obj.contains_key("title") && obj.contains_key("address") {
            return Ok(Some(InlineMessageInput::Attachment(Attachment::Venue(
                venue(obj)?,
            ))));
        }
        return Ok(Some(InlineMessageInput::Attachment(Attachment::Location(
            location(obj)?,
        ))));
    }
    if obj.contains_key("phone_number") {
        return Ok(Some(InlineMessageInput::Attachment(Attachment::Contact(
            contact(obj)?,
        ))));
    }
    if obj.contains_key("payload") {
        return Err(ReadError::Field(
            "invoices are not supported by gramd".into(),
        ));
    }
    Ok(None)
}

/// The URL or file id of a media result: `<field>_url`, else `<field>_file_id`.
fn media_file<'a>(
    call: &'a Call<'_>,
    obj: &'a Obj,
    url_field: &str,
    file_id_field: &str,
) -> FieldResult<InputFile<'a>> {
    let url = match obj.get(url_field) {
        Some(Value::String(url)) if !url.is_empty() => Some(url.as_str()),
        Some(Value::String(_)) | None => None,
        Some(_) => return Err(format!("Field \"{url_field}\" must be of type String")),
    };
    let value = match url {
        Some(url) => url,
        None => match obj.get(file_id_field) {
            Some(Value::String(id)) => id.as_str(),
            Some(_) => return Err(format!("Field \"{file_id_field}\" must be of type String")),
            None => return Err(format!("Can't find field \"{file_id_field}\"")),
        },
    };
    input_file(call.params, "", value, false)
        .ok_or_else(|| format!("Can't find field \"{file_id_field}\""))
}

/// Reads one `InlineQueryResult`, in the reference server's order of checks.
fn read_result<'a>(call: &'a Call<'_>, value: &'a Value) -> Result<ReadResult<'a>, ReadError> {
    let Value::Object(obj) = value else {
        return Err(ReadError::Field(
            "Inline query result must be an object".into(),
        ));
    };
    let type_name = req_string(obj, "type")?;
    let id = req_string(obj, "id")?;
    let kind = InlineResultKind::from_bot_api(&type_name);
    let mut message = match opt_object(obj, "input_message_content")? {
        Some(content) => input_message_content(content)?,
        None => None,
    };
    if message.is_none() && kind == Some(InlineResultKind::Article) {
        return Err(ReadError::Field(
            "Input message content is not specified".into(),
        ));
    }
    let caption = text_of(obj, "caption", "caption_entities")?;
    let above = opt_bool(obj, "show_caption_above_media")?;
    let reply_markup = match opt_object(obj, "reply_markup")? {
        Some(markup) => parse_reply_markup(markup)?,
        None => None,
    };
    let legacy = !["thumbnail_url", "thumbnail_width", "thumbnail_height"]
        .iter()
        .any(|f| obj.contains_key(*f));
    let field = |name: &str| {
        if legacy {
            name.replace("thumbnail", "thumb")
        } else {
            name.to_owned()
        }
    };
    let thumbnail_url = opt_string(obj, &field("thumbnail_url"))?.unwrap_or_default();
    let thumbnail_width = opt_int::<i32>(obj, &field("thumbnail_width"))?.unwrap_or(0);
    let thumbnail_height = opt_int::<i32>(obj, &field("thumbnail_height"))?.unwrap_or(0);
    let thumbnail_mime =
        opt_string(obj, "thumbnail_mime_type")?.or(opt_string(obj, "thumb_mime_type")?);
    let media_message = |caption: OutgoingText| InlineMessageInput::Media {
        caption,
        show_caption_above_media: above,
    };
    let title = opt_string(obj, "title")?;
    let description = opt_string(obj, "description")?;
    let mut url = None;
    let mut file = None;
    let required_title = || req_string(obj, "title").map(Some);
    let (kind, title, description) = match kind {
        Some(InlineResultKind::Article) => {
            let link = opt_string(obj, "url")?;
            if !opt_bool(obj, "hide_url")? {
                url = link;
            }
            (InlineResultKind::Article, required_title()?, description)
        }
        Some(kind @ InlineResultKind::Audio) => {
            let performer = opt_string(obj, "performer")?;
            let title = match obj.get("audio_url") {
                Some(Value::String(u)) if !u.is_empty() => required_title()?,
                _ => title,
            };
            let doc = DocumentKind::Audio {
                duration: clamped(obj, "audio_duration", MAX_DURATION)?,
                performer: performer.clone(),
                title: title.clone(),
            };
            file = Some((
                media_file(call, obj, "audio_url", "audio_file_id")?,
                SendKind::Document(doc),
            ));
            (kind, title, performer)
        }
        Some(kind @ InlineResultKind::Contact) => {
            let card = contact(obj)?;
            if message.is_none() {
                message = Some(InlineMessageInput::Attachment(Attachment::Contact(
                    card.clone(),
                )));
            }
            let name = if card.last_name.is_empty() {
                card.first_name
            } else {
                format!("{} {}", card.first_name, card.last_name)
            };
            (kind, Some(name), Some(card.phone_number))
        }
        Some(kind @ InlineResultKind::Document) => {
            let title = required_title()?;
            if matches!(obj.get("document_url"), Some(Value::String(u)) if !u.is_empty()) {
                req_string(obj, "mime_type")?;
            }
            file = Some((
                media_file(call, obj, "document_url", "document_file_id")?,
                SendKind::Document(DocumentKind::File),
            ));
            (kind, title, description)
        }
        Some(kind @ InlineResultKind::Game) => {
            req_string(obj, "game_short_name")?;
            (kind, None, None)
        }
        Some(kind @ (InlineResultKind::Gif | InlineResultKind::Mpeg4Gif)) => {
            let prefix = if kind == InlineResultKind::Gif {
                "gif"
            } else {
                "mpeg4"
            };
            let doc = DocumentKind::Animation {
                duration: clamped(obj, &format!("{prefix}_duration"), MAX_DURATION)?,
                width: clamped(obj, &format!("{prefix}_width"), 10_000)?,
                height: clamped(obj, &format!("{prefix}_height"), 10_000)?,
            };
            file = Some((
                media_file(
                    call,
                    obj,
                    &format!("{prefix}_url"),
                    &format!("{prefix}_file_id"),
                )?,
                SendKind::Document(doc),
            ));
            (kind, title, None)
        }
        Some(kind @ InlineResultKind::Location) => {
            let place = location(obj)?;
            if message.is_none() {
                message = Some(InlineMessageInput::Attachment(Attachment::Location(place)));
            }
            (kind, required_title()?, None)
        }
        Some(kind @ InlineResultKind::Photo) => {
            file = Some((
                media_file(call, obj, "photo_url", "photo_file_id")?,
                SendKind::Photo,
            ));
            (kind, title, description)
        }
        Some(kind @ InlineResultKind::Sticker) => {
            req_string(obj, "sticker_file_id")?;
            let doc = DocumentKind::Sticker {
                width: 512,
                height: 512,
                emoji: None,
                format: StickerFormat::Static,
                set: None,
            };
            let sticker = input_file(call.params, "", obj_str(obj, "sticker_file_id"), false)
                .ok_or_else(|| "Can't find field \"sticker_file_id\"".to_owned())?;
            file = Some((sticker, SendKind::Document(doc)));
            (kind, None, None)
        }
        Some(kind @ InlineResultKind::Venue) => {
            let place = venue(obj)?;
            if message.is_none() {
                message = Some(InlineMessageInput::Attachment(Attachment::Venue(
                    place.clone(),
                )));
            }
            (kind, Some(place.title), Some(place.address))
        }
        Some(kind @ InlineResultKind::Video) => {
            let title = required_title()?;
            if matches!(obj.get("video_url"), Some(Value::String(u)) if !u.is_empty()) {
                req_string(obj, "mime_type")?;
            }
            let doc = DocumentKind::Video {
                duration: clamped(obj, "video_duration", MAX_DURATION)?,
                width: clamped(obj, "video_width", 10_000)?,
                height: clamped(obj, "video_height", 10_000)?,
                supports_streaming: false,
            };
            file = Some((
                media_file(call, obj, "video_url", "video_file_id")?,
                SendKind::Document(doc),
            ));
            (kind, title, description)
        }
        Some(kind @ InlineResultKind::Voice) => {
            let title = required_title()?;
            let doc = DocumentKind::Voice {
                duration: clamped(obj, "voice_duration", MAX_DURATION)?,
            };
            file = Some((
                media_file(call, obj, "voice_url", "voice_file_id")?,
                SendKind::Document(doc),
            ));
            (kind, title, None)
        }
        None => {
            return Err(ReadError::Field(format!(
                "type \"{}\" is unsupported for the inline query result",
                type_name.to_ascii_lowercase()
            )));
        }
    };
    let message = message.unwrap_or_else(|| media_message(caption));
    let thumbnail = (!thumbnail_url.is_empty()).then(|| WebThumbnail {
        url: thumbnail_url,
        mime_type: thumbnail_mime.unwrap_or_else(|| "image/jpeg".into()),
        width: thumbnail_width.max(0),
        height: thumbnail_height.max(0),
    });
    Ok(ReadResult {
        input: InlineResultInput {
            id,
            kind,
            title,
            description,
            url,
            thumbnail,
            media: None,
            message,
            reply_markup,
        },
        file,
    })
}

/// A string field's value, or `""`.
fn obj_str<'a>(obj: &'a Obj, name: &str) -> &'a str {
    obj.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// Reads a result and resolves its file: a file id of this bot (whatever its kind: the
/// core says `RESULT_TYPE_INVALID` for one of another kind than the result's), or a URL
/// fetched or an upload stored as the kind the result says.
async fn result(call: &Call<'_>, value: &Value) -> Result<InlineResultInput, ApiError> {
    let read = read_result(call, value).map_err(|err| match err {
        ReadError::Field(text) => {
            ApiError::bad_request(format!("Can't parse inline query result: {text}"))
        }
        ReadError::Api(err) => err,
    })?;
    let mut input = read.input;
    input.media = match read.file {
        None => None,
        Some((InputFile::FileId(file_id), _)) => {
            Some(call.core.resolve_file_id(call.bot.id, file_id).await?.media)
        }
        Some((file, kind)) => Some(resolve(call, file, None, &kind).await?),
    };
    Ok(input)
}

/// The core's errors as `answerInlineQuery` words them: an empty text is Telegram's
/// `MESSAGE_EMPTY` (the server's name for `messages.setInlineBotResults`), the rest as
/// for every method.
fn answer_error(err: CoreError) -> ApiError {
    match err {
        CoreError::MessageEmpty => ApiError::bad_request("MESSAGE_EMPTY"),
        other => other.into(),
    }
}

/// `button`, or the legacy `switch_pm_text` and `switch_pm_parameter`.
fn results_button(call: &Call<'_>) -> Result<Option<ResultsButton>, ApiError> {
    let p = call.params;
    let raw = p.arg("button");
    if raw.is_empty() {
        let text = p.arg("switch_pm_text");
        return Ok((!text.is_empty()).then(|| ResultsButton::Start {
            text: text.to_owned(),
            start_parameter: p.arg("switch_pm_parameter").to_owned(),
        }));
    }
    let value: Value = serde_json::from_str(raw).map_err(|_| {
        ApiError::bad_request("Can't parse inline query results button JSON object")
    })?;
    let read = || -> FieldResult<ResultsButton> {
        let Value::Object(obj) = &value else {
            return Err("InlineQueryResultsButton must be an Object".into());
        };
        let text = req_string(obj, "text")?;
        if obj.contains_key("start_parameter") {
            return Ok(ResultsButton::Start {
                text,
                start_parameter: req_string(obj, "start_parameter")?,
            });
        }
        if let Some(web_app) = opt_object(obj, "web_app")? {
            return Ok(ResultsButton::WebApp {
                text,
                url: req_string(web_app, "url")?,
            });
        }
        Err("InlineQueryResultsButton must have exactly one optional field".into())
    };
    read()
        .map(Some)
        .map_err(|e| ApiError::bad_request(format!("Can't parse inline query results button: {e}")))
}

pub(super) async fn answer_inline_query(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let query_id = p.arg("inline_query_id");
    let cache_time = p.i32_arg("cache_time", 300, 0, 24 * 60 * 60);
    let is_personal = p.bool_arg("is_personal");
    let next_offset = p.arg("next_offset").to_owned();
    let button = results_button(call)?;
    let values = match p.arg("results") {
        "" => Vec::new(),
        raw => match serde_json::from_str::<Value>(raw) {
            Err(err) => {
                return Err(ApiError::bad_request(format!(
                    "Can't parse JSON encoded inline query results: {err}"
                )));
            }
            Ok(Value::Null) => Vec::new(),
            Ok(Value::Array(values)) => values,
            Ok(_) => {
                return Err(ApiError::bad_request(
                    "Expected an Array of inline query results",
                ));
            }
        },
    };
    if values.len() > gramd_core::inline::MAX_RESULTS {
        return Err(ApiError::bad_request(
            "Too many inline query results specified",
        ));
    }
    let mut results = Vec::with_capacity(values.len());
    for value in &values {
        results.push(result(call, value).await?);
    }
    let answer = InlineAnswerInput {
        results,
        cache_time,
        is_personal,
        next_offset,
        button,
    };
    call.core
        .answer_inline_query(call.bot.id, query_id, answer)
        .await
        .map_err(answer_error)?;
    Ok(Reply::ok())
}

pub(super) async fn save_prepared_inline_message(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let user = UserId(p.user_id("user_id")?);
    let raw = p.arg("result");
    if raw.is_empty() {
        return Err(ApiError::bad_request("Result isn't specified"));
    }
    let value: Value = serde_json::from_str(raw).map_err(|err| {
        ApiError::bad_request(format!(
            "Can't parse JSON encoded web view query results {err}"
        ))
    })?;
    let result = result(call, &value).await?;
    let mut peer_types = Vec::new();
    for (flag, types) in [
        (
            "allow_user_chats",
            &[InlineChatType::Sender, InlineChatType::Private][..],
        ),
        ("allow_bot_chats", &[InlineChatType::BotPrivate][..]),
        (
            "allow_group_chats",
            &[InlineChatType::Group, InlineChatType::Supergroup][..],
        ),
        ("allow_channel_chats", &[InlineChatType::Channel][..]),
    ] {
        if p.bool_arg(flag) {
            peer_types.extend_from_slice(types);
        }
    }
    let prepared = call
        .core
        .save_prepared_inline_message(call.bot.id, user, result, peer_types)
        .await
        .map_err(|err| match err {
            CoreError::UserNotFound => ApiError::bad_request("user not found"),
            other => answer_error(other),
        })?;
    Reply::of(&PreparedInlineMessage {
        id: prepared.id,
        expiration_date: prepared.expiration_date,
    })
}
