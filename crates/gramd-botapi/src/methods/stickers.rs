//! Sticker sets (<https://core.telegram.org/bots/api#stickers>): getStickerSet,
//! getCustomEmojiStickers, uploadStickerFile, createNewStickerSet, addStickerToSet,
//! replaceStickerInSet, setStickerPositionInSet, deleteStickerFromSet, setStickerEmojiList,
//! setStickerKeywords, setStickerMaskPosition, setStickerSetTitle, setStickerSetThumbnail,
//! setCustomEmojiStickerSetThumbnail, deleteStickerSet; a supergroup's set with
//! setChatStickerSet and deleteChatStickerSet; getForumTopicIconStickers.
//!
//! Parameters are read as the reference server reads them (`Client::get_input_sticker`,
//! `get_sticker_emojis`, `get_mask_position`), with its error texts; TDLib's own checks
//! (an empty name or title, no stickers) come next, then the core's, whose Telegram error
//! names the reference passes on (`Bad Request: STICKERSET_INVALID`) or rewords
//! (`invalid sticker set name is specified`, `sticker set name is already occupied`,
//! `invalid sticker emojis`; see `error.rs`).

use gramd_core::error::CoreError;
use gramd_core::ids::UserId;
use gramd_core::media::{Document, DocumentKind, FileSlot, FileTarget, Media, StickerFormat};
use gramd_core::stickers::{MaskPoint, MaskPosition, StickerType, is_emoji, split_emoji};
use gramd_core::{
    MAX_CUSTOM_EMOJI_IDS, MAX_INITIAL_STICKERS, NewSticker, NewStickerSet, SetThumbnail,
    StickerChange,
};
use serde_json::Value;

use super::media::fetch_url;
use super::media::input::{InputFile, input_file, sticker_format_of_upload};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input::{Obj, opt_string};
use crate::params::Params;

/// Most bytes fetched from a URL for a static sticker (the reference's URL limit).
const MAX_URL_STICKER_BYTES: u64 = 5 << 20;

/// A sticker's format as a parameter names it; `None` for `auto` (found from the file).
fn sticker_format(text: &str) -> Result<Option<StickerFormat>, String> {
    match text {
        "static" => Ok(Some(StickerFormat::Static)),
        "animated" => Ok(Some(StickerFormat::Animated)),
        "video" => Ok(Some(StickerFormat::Video)),
        "auto" => Ok(None),
        _ => Err("Invalid sticker format specified".into()),
    }
}

/// `sticker_type`: empty or `regular`, `mask`, `custom_emoji`.
fn sticker_type(text: &str) -> Result<StickerType, ApiError> {
    match text {
        "" => Ok(StickerType::Regular),
        other => StickerType::from_name(other)
            .ok_or_else(|| ApiError::bad_request("Unsupported sticker type specified")),
    }
}

/// `get_sticker_emojis`: an array of 1-20 strings, each one emoji.
fn emoji_list(value: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err("expected an Array of string".into());
    };
    if items.is_empty() {
        return Err("emoji list must be non-empty".into());
    }
    if items.len() > gramd_core::stickers::MAX_EMOJI {
        return Err("too many emoji specified".into());
    }
    items
        .iter()
        .map(|item| match item {
            Value::String(emoji) if is_emoji(emoji) => Ok(emoji.clone()),
            Value::String(_) => Err("expected a Unicode emoji".to_owned()),
            _ => Err("emoji must be a string".to_owned()),
        })
        .collect()
}

/// `get_mask_position` of a JSON value (`null` is none).
fn mask_position(value: Option<&Value>) -> Result<Option<MaskPosition>, String> {
    let obj = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(obj)) => obj,
        Some(_) => return Err("MaskPosition must be an Object".into()),
    };
    let point = crate::input::req_string(obj, "point")?;
    let point = point.trim().to_ascii_lowercase();
    let point = MaskPoint::ALL
        .into_iter()
        .find(|p| p.name() == point)
        .ok_or("Wrong point specified in MaskPosition")?;
    let number = |name: &str| match obj.get(name) {
        None => Err(format!("Can't find field \"{name}\"")),
        Some(Value::Number(n)) => n
            .as_f64()
            .ok_or_else(|| format!("Field \"{name}\" must be a Number")),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("Field \"{name}\" must be a Number")),
        Some(_) => Err(format!("Field \"{name}\" must be a Number")),
    };
    let (x, y, scale) = (number("x_shift")?, number("y_shift")?, number("scale")?);
    MaskPosition::new(point, x, y, scale)
        .map(Some)
        .ok_or_else(|| "Field \"scale\" must be a Number".to_owned())
}

/// The `mask_position` parameter (none when empty).
fn mask_position_param(params: &Params) -> Result<Option<MaskPosition>, ApiError> {
    match params.arg("mask_position") {
        "" => Ok(None),
        text => {
            let value: Value = serde_json::from_str(text)
                .map_err(|_| ApiError::bad_request("Can't parse mask position JSON object"))?;
            mask_position(Some(&value))
                .map_err(|e| ApiError::bad_request(format!("Can't parse mask position: {e}")))
        }
    }
}

/// Keywords of an `InputSticker` or of `setStickerKeywords`.
fn keywords(value: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = value else {
        return Err("Field \"keywords\" must be an Array".into());
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(keyword) => Ok(keyword.clone()),
            _ => Err("keyword must be a string".to_owned()),
        })
        .collect()
}

/// An `InputSticker` read but not resolved.
struct ParsedSticker<'a> {
    file: InputFile<'a>,
    format: Option<StickerFormat>,
    emoji: Vec<String>,
    keywords: Vec<String>,
    mask_position: Option<MaskPosition>,
}

/// `get_input_sticker`: one `InputSticker` object; `default_format` is the format when
/// the object names none (empty: it must name one).
fn input_sticker<'a>(
    params: &'a Params,
    value: &'a Value,
    default_format: &str,
) -> Result<ParsedSticker<'a>, String> {
    let Value::Object(obj) = value else {
        return Err("InputSticker must be an Object".into());
    };
    let file = sticker_file(params, obj)?.ok_or("sticker not found")?;
    let format_name = match opt_string(obj, "format")?.filter(|f| !f.is_empty()) {
        Some(format) => format,
        None if default_format.is_empty() => return Err("Can't find field \"format\"".into()),
        None => default_format.to_owned(),
    };
    let format = sticker_format(&format_name)?;
    let emoji = match obj.get("emoji_list") {
        None => return Err("Can't find field \"emoji_list\"".into()),
        Some(value @ Value::Array(_)) => emoji_list(value)?,
        Some(_) => return Err("Field \"emoji_list\" must be of type Array".into()),
    };
    let mask_position = mask_position(obj.get("mask_position"))?;
    let keywords = match obj.get("keywords") {
        None => Vec::new(),
        Some(value) => keywords(value)?,
    };
    Ok(ParsedSticker {
        file,
        format,
        emoji,
        keywords,
        mask_position,
    })
}

/// The file an `InputSticker`'s `sticker` names (an upload, a file id or a URL).
fn sticker_file<'a>(params: &'a Params, obj: &'a Obj) -> Result<Option<InputFile<'a>>, String> {
    match obj.get("sticker") {
        None => Ok(None),
        Some(Value::String(value)) if value.is_empty() => Ok(None),
        Some(Value::String(value)) => Ok(input_file(params, "", value, false)),
        Some(_) => Err("Field \"sticker\" must be of type String".into()),
    }
}

/// `get_input_sticker` of addStickerToSet and replaceStickerInSet: the `sticker` JSON
/// object, or the legacy `png_sticker`/`tgs_sticker`/`webm_sticker` with `emojis`.
fn single_sticker<'a>(
    params: &'a Params,
    value: &'a Option<Value>,
) -> Result<ParsedSticker<'a>, ApiError> {
    if params.has("sticker") || params.file("sticker").is_some() {
        let value = value
            .as_ref()
            .ok_or_else(|| ApiError::bad_request("Can't parse sticker JSON object"))?;
        return input_sticker(params, value, "auto")
            .map_err(|e| ApiError::bad_request(format!("Can't parse sticker: {e}")));
    }
    legacy_sticker(params)
}

/// The legacy single-sticker parameters.
fn legacy_sticker(params: &Params) -> Result<ParsedSticker<'_>, ApiError> {
    let emoji = split_emoji(params.arg("emojis"));
    let (file, format) = if let Some(file) =
        input_file(params, "png_sticker", params.arg("png_sticker"), false)
    {
        (file, StickerFormat::Static)
    } else if let Some(file) = input_file(params, "tgs_sticker", params.arg("tgs_sticker"), true) {
        (file, StickerFormat::Animated)
    } else if let Some(file) = input_file(params, "webm_sticker", params.arg("webm_sticker"), true)
    {
        (file, StickerFormat::Video)
    } else if !params.arg("tgs_sticker").is_empty() {
        return Err(ApiError::bad_request(
            "animated sticker must be uploaded as an InputFile",
        ));
    } else if !params.arg("webm_sticker").is_empty() {
        return Err(ApiError::bad_request(
            "video sticker must be uploaded as an InputFile",
        ));
    } else {
        return Err(ApiError::bad_request(
            "there is no sticker file in the request",
        ));
    };
    let mask_position = mask_position_param(params)?;
    Ok(ParsedSticker {
        file,
        format: Some(format),
        emoji,
        keywords: Vec::new(),
        mask_position,
    })
}

/// The stickers of createNewStickerSet (`stickers`, or the legacy single sticker).
fn initial_stickers<'a>(
    params: &'a Params,
    value: &'a Option<Value>,
) -> Result<Vec<ParsedSticker<'a>>, ApiError> {
    if !params.has("stickers") {
        return Ok(vec![legacy_sticker(params)?]);
    }
    let value = value
        .as_ref()
        .ok_or_else(|| ApiError::bad_request("Can't parse stickers JSON object"))?;
    let Value::Array(items) = value else {
        return Err(ApiError::bad_request("Expected an Array of InputSticker"));
    };
    if items.len() > MAX_INITIAL_STICKERS {
        return Err(ApiError::bad_request("Too many stickers specified"));
    }
    let default_format = params.arg("sticker_format");
    items
        .iter()
        .map(|item| {
            input_sticker(params, item, default_format)
                .map_err(|e| ApiError::bad_request(format!("Can't parse InputSticker: {e}")))
        })
        .collect()
}

/// A JSON parameter, or `None` when it is absent or not JSON (the caller's error says so).
fn json(params: &Params, name: &str) -> Option<Value> {
    params.json_value(name).ok().flatten()
}

/// The stored file an input file names, for a set owned by `owner`, and its format
/// (`format`, or found from the file).
async fn resolve_file(
    call: &Call<'_>,
    owner: UserId,
    file: InputFile<'_>,
    format: Option<StickerFormat>,
) -> Result<(Document, StickerFormat), ApiError> {
    match file {
        InputFile::FileId(file_id) => {
            let target = call.core.resolve_file_id(call.bot.id, file_id).await?;
            let Media::Document(doc) = target.media else {
                return Err(CoreError::FileIdInvalid { malformed: false }.into());
            };
            let format = format.unwrap_or(match &doc.kind {
                DocumentKind::Sticker { format, .. } => *format,
                _ => StickerFormat::Static,
            });
            Ok((doc, format))
        }
        InputFile::Upload(upload) => {
            let format = format.unwrap_or_else(|| sticker_format_of_upload(Some(upload)));
            let doc = call
                .core
                .upload_sticker_file(
                    owner,
                    upload.data.to_vec(),
                    Some(upload.file_name.clone()),
                    format,
                )
                .await?;
            Ok((doc, format))
        }
        InputFile::Url(url) => {
            let format = format.unwrap_or(StickerFormat::Static);
            match format {
                StickerFormat::Animated => Err(ApiError::bad_request(
                    "Animated stickers can't be uploaded by URL",
                )),
                StickerFormat::Video => Err(ApiError::bad_request(
                    "Video stickers can't be uploaded by URL",
                )),
                StickerFormat::Static => {
                    let fetched = fetch_url(call, url, MAX_URL_STICKER_BYTES).await?;
                    let doc = call
                        .core
                        .upload_sticker_file(owner, fetched.bytes, fetched.file_name, format)
                        .await?;
                    Ok((doc, format))
                }
            }
        }
    }
}

async fn new_sticker(
    call: &Call<'_>,
    owner: UserId,
    parsed: ParsedSticker<'_>,
) -> Result<NewSticker, ApiError> {
    let (file, format) = resolve_file(call, owner, parsed.file, parsed.format).await?;
    Ok(NewSticker {
        file,
        format,
        emoji: parsed.emoji,
        keywords: parsed.keywords,
        mask_position: parsed.mask_position,
    })
}

/// `user_id`, which must be a known user (`user not found`).
async fn set_owner(call: &Call<'_>) -> Result<UserId, ApiError> {
    let user = UserId(call.params.user_id("user_id")?);
    call.core
        .find_user(user)
        .await?
        .ok_or_else(|| ApiError::bad_request("user not found"))?;
    Ok(user)
}

/// `name`, which must not be empty (TDLib's check).
fn set_name(params: &Params) -> Result<&str, ApiError> {
    match params.arg("name").trim() {
        "" => Err(ApiError::bad_request("Sticker set name must be non-empty")),
        name => Ok(name),
    }
}

/// The sticker a file id parameter names (`Sticker is not specified` when empty): the id
/// of its document.
async fn sticker_param(call: &Call<'_>, name: &str) -> Result<i64, ApiError> {
    let file_id = call.params.arg(name).trim();
    if file_id.is_empty() {
        return Err(ApiError::bad_request("Sticker is not specified"));
    }
    let target = call.core.resolve_file_id(call.bot.id, file_id).await?;
    match target.media {
        Media::Document(doc) if target.slot == FileSlot::Document => Ok(doc.id),
        _ => Err(ApiError::bad_request("Wrong sticker file specified")),
    }
}

pub(super) async fn get_sticker_set(call: &Call<'_>) -> Outcome {
    let set = call.core.sticker_set(call.params.arg("name")).await?;
    Reply::of(&call.renderer().media().sticker_set(&set))
}

pub(super) async fn get_custom_emoji_stickers(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let raw = p.required("custom_emoji_ids")?;
    let value: Value = serde_json::from_str(raw)
        .map_err(|_| ApiError::bad_request("Can't parse custom emoji identifiers JSON object"))?;
    let Value::Array(items) = value else {
        return Err(ApiError::bad_request(
            "Expected an Array of custom emoji identifiers",
        ));
    };
    let mut ids = Vec::with_capacity(items.len());
    for item in &items {
        let Value::String(text) = item else {
            return Err(ApiError::bad_request(
                "Custom emoji identifier must be of type String",
            ));
        };
        let id = text
            .trim()
            .parse::<i64>()
            .map_err(|_| ApiError::bad_request("Invalid custom emoji identifier specified"))?;
        ids.push(id);
    }
    if ids.len() > MAX_CUSTOM_EMOJI_IDS {
        return Err(ApiError::bad_request(
            "Too many custom emoji identifiers specified",
        ));
    }
    let stickers = call.core.custom_emoji_stickers(&ids).await?;
    stickers_reply(call, &stickers)
}

fn stickers_reply(call: &Call<'_>, stickers: &[Document]) -> Outcome {
    let renderer = call.renderer();
    let media = renderer.media();
    let rendered: Vec<_> = stickers.iter().map(|d| media.sticker(d)).collect();
    Reply::of(&rendered)
}

pub(super) async fn upload_sticker_file(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let user = UserId(p.user_id("user_id")?);
    let (format, file) = if p.has("sticker") || p.file("sticker").is_some() {
        let format = sticker_format(p.arg("sticker_format")).map_err(ApiError::bad_request)?;
        (format, input_file(p, "sticker", p.arg("sticker"), true))
    } else {
        (
            Some(StickerFormat::Static),
            input_file(p, "png_sticker", p.arg("png_sticker"), true),
        )
    };
    call.core
        .find_user(user)
        .await?
        .ok_or_else(|| ApiError::bad_request("user not found"))?;
    // Inferred: TDLib's answer when no file came with the request.
    let Some(InputFile::Upload(upload)) = file else {
        return Err(ApiError::bad_request(
            "there is no sticker file in the request",
        ));
    };
    let format = format.unwrap_or_else(|| sticker_format_of_upload(Some(upload)));
    let doc = call
        .core
        .upload_sticker_file(
            user,
            upload.data.to_vec(),
            Some(upload.file_name.clone()),
            format,
        )
        .await?;
    let target = FileTarget {
        file: doc.file,
        media: Media::Document(doc),
        slot: FileSlot::Document,
    };
    let max = call.core.file_limits().max_download_bytes;
    Reply::of(&call.renderer().media().file(&target, max))
}

pub(super) async fn create_new_sticker_set(call: &Call<'_>) -> Outcome {
    let p = call.params;
    p.user_id("user_id")?;
    let needs_repainting = p.bool_arg("needs_repainting");
    let stickers_json = json(p, "stickers");
    let parsed = initial_stickers(p, &stickers_json)?;
    let mut kind = sticker_type(p.arg("sticker_type"))?;
    if p.bool_arg("contains_masks") {
        kind = StickerType::Mask;
    }
    let owner = set_owner(call).await?;
    let Some(title) = gramd_core::stickers::clean_title(p.arg("title")) else {
        return Err(ApiError::bad_request("Sticker set title must be non-empty"));
    };
    let name = set_name(p)?;
    if parsed.is_empty() {
        return Err(ApiError::bad_request(
            "At least 1 sticker must be specified",
        ));
    }
    if needs_repainting && kind != StickerType::CustomEmoji {
        return Err(ApiError::bad_request(
            "Only custom emoji stickers support repainting",
        ));
    }
    let mut stickers = Vec::with_capacity(parsed.len());
    for sticker in parsed {
        stickers.push(new_sticker(call, owner, sticker).await?);
    }
    call.core
        .create_sticker_set(
            call.bot.id,
            NewStickerSet {
                owner,
                name: name.to_owned(),
                title,
                sticker_type: kind,
                needs_repainting,
                stickers,
            },
        )
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn add_sticker_to_set(call: &Call<'_>) -> Outcome {
    let p = call.params;
    p.user_id("user_id")?;
    let sticker_json = json(p, "sticker");
    let parsed = single_sticker(p, &sticker_json)?;
    let owner = set_owner(call).await?;
    let name = set_name(p)?;
    let sticker = new_sticker(call, owner, parsed).await?;
    call.core
        .add_sticker_to_set(call.bot.id, Some(owner), name, sticker)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn replace_sticker_in_set(call: &Call<'_>) -> Outcome {
    let p = call.params;
    p.user_id("user_id")?;
    if p.arg("old_sticker").trim().is_empty() {
        return Err(ApiError::bad_request("Sticker is not specified"));
    }
    let sticker_json = json(p, "sticker");
    let parsed = single_sticker(p, &sticker_json)?;
    let owner = set_owner(call).await?;
    let name = set_name(p)?;
    let old = sticker_param(call, "old_sticker").await?;
    let sticker = new_sticker(call, owner, parsed).await?;
    call.core
        .replace_sticker_in_set(call.bot.id, Some(owner), Some(name), old, sticker)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_sticker_position_in_set(call: &Call<'_>) -> Outcome {
    let p = call.params;
    if p.arg("sticker").trim().is_empty() {
        return Err(ApiError::bad_request("Sticker is not specified"));
    }
    let position = p.i32_arg("position", -1, i32::MIN, i32::MAX);
    let Ok(position) = usize::try_from(position) else {
        return Err(ApiError::bad_request("Wrong sticker position specified"));
    };
    let sticker = sticker_param(call, "sticker").await?;
    call.core
        .set_sticker_position(call.bot.id, sticker, position)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_sticker_from_set(call: &Call<'_>) -> Outcome {
    let sticker = sticker_param(call, "sticker").await?;
    call.core
        .delete_sticker_from_set(call.bot.id, sticker)
        .await?;
    Ok(Reply::ok())
}

/// setStickerEmojiList, setStickerKeywords and setStickerMaskPosition: the sticker's file
/// id is checked first, then `read` reads the change, then the sticker is resolved.
async fn change_sticker(
    call: &Call<'_>,
    read: impl FnOnce(&Params) -> Result<StickerChange, ApiError>,
) -> Outcome {
    if call.params.arg("sticker").trim().is_empty() {
        return Err(ApiError::bad_request("Sticker is not specified"));
    }
    let change = read(call.params)?;
    let sticker = sticker_param(call, "sticker").await?;
    call.core
        .change_sticker(call.bot.id, sticker, change)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_sticker_emoji_list(call: &Call<'_>) -> Outcome {
    change_sticker(call, |p| {
        let value: Value = serde_json::from_str(p.arg("emoji_list"))
            .map_err(|_| ApiError::bad_request("Can't parse emoji list JSON array"))?;
        let emoji = emoji_list(&value)
            .map_err(|e| ApiError::bad_request(format!("Can't parse emoji list: {e}")))?;
        Ok(StickerChange {
            emoji: Some(emoji),
            ..StickerChange::default()
        })
    })
    .await
}

pub(super) async fn set_sticker_keywords(call: &Call<'_>) -> Outcome {
    change_sticker(call, |p| {
        let list = if p.has("keywords") {
            let value: Value = serde_json::from_str(p.arg("keywords"))
                .map_err(|_| ApiError::bad_request("Can't parse keywords JSON object"))?;
            keywords(&value).map_err(ApiError::bad_request)?
        } else {
            Vec::new()
        };
        Ok(StickerChange {
            keywords: Some(list),
            ..StickerChange::default()
        })
    })
    .await
}

pub(super) async fn set_sticker_mask_position(call: &Call<'_>) -> Outcome {
    change_sticker(call, |p| {
        Ok(StickerChange {
            mask_position: Some(mask_position_param(p)?),
            ..StickerChange::default()
        })
    })
    .await
}

pub(super) async fn set_sticker_set_title(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let name = set_name(p)?;
    if gramd_core::stickers::clean_title(p.arg("title")).is_none() {
        return Err(ApiError::bad_request("Sticker set title must be non-empty"));
    }
    call.core
        .set_sticker_set_title(call.bot.id, name, p.arg("title"))
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_sticker_set_thumbnail(call: &Call<'_>) -> Outcome {
    let p = call.params;
    p.user_id("user_id")?;
    let file = input_file(p, "thumbnail", p.arg("thumbnail"), false)
        .or_else(|| input_file(p, "thumb", p.arg("thumb"), false));
    let format = match p.arg("format") {
        "" => None,
        text => sticker_format(text).map_err(ApiError::bad_request)?,
    };
    let owner = set_owner(call).await?;
    let name = set_name(p)?;
    if call.core.sticker_set(name).await?.sticker_type == StickerType::CustomEmoji {
        return Err(ApiError::bad_request(
            "The method can't be used to set thumbnail of custom emoji sticker sets",
        ));
    }
    let thumbnail = match file {
        None => SetThumbnail::None,
        Some(file) => {
            let (doc, format) = resolve_file(call, owner, file, format).await?;
            SetThumbnail::File(Box::new(doc), format)
        }
    };
    call.core
        .set_sticker_set_thumbnail(call.bot.id, Some(owner), name, thumbnail)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_custom_emoji_sticker_set_thumbnail(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let name = set_name(p)?;
    if call.core.sticker_set(name).await?.sticker_type != StickerType::CustomEmoji {
        return Err(ApiError::bad_request(
            "The method can be used to set thumbnail only for custom emoji sticker sets",
        ));
    }
    let thumbnail = match crate::params::to_i64(p.arg("custom_emoji_id")) {
        0 => SetThumbnail::None,
        id => SetThumbnail::CustomEmoji(id),
    };
    call.core
        .set_sticker_set_thumbnail(call.bot.id, None, name, thumbnail)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_sticker_set(call: &Call<'_>) -> Outcome {
    let name = set_name(call.params)?;
    call.core.delete_sticker_set(call.bot.id, name).await?;
    Ok(Reply::ok())
}

pub(super) async fn set_chat_sticker_set(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    let name = call.params.arg("sticker_set_name");
    if name.is_empty() {
        return Err(ApiError::bad_request("sticker_set_name is empty"));
    }
    call.core
        .set_chat_sticker_set(call.bot.id, chat, Some(name))
        .await
        .map_err(|err| match err {
            CoreError::Refused {
                name: "STICKERSET_INVALID",
            } => ApiError::bad_request("sticker set not found"),
            other => other.into(),
        })?;
    Ok(Reply::ok())
}

pub(super) async fn delete_chat_sticker_set(call: &Call<'_>) -> Outcome {
    let chat = call.chat("chat_id").await?;
    call.core
        .set_chat_sticker_set(call.bot.id, chat, None)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn get_forum_topic_icon_stickers(call: &Call<'_>) -> Outcome {
    let stickers = call.core.forum_topic_icon_stickers().await?;
    stickers_reply(call, &stickers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emoji_lists_are_read_as_the_reference_reads_them() {
        assert_eq!(emoji_list(&json!(["😀", "👍🏽"])).unwrap(), ["😀", "👍🏽"]);
        assert_eq!(
            emoji_list(&json!([])).unwrap_err(),
            "emoji list must be non-empty"
        );
        assert_eq!(
            emoji_list(&json!(["a"])).unwrap_err(),
            "expected a Unicode emoji"
        );
        assert_eq!(
            emoji_list(&json!([1])).unwrap_err(),
            "emoji must be a string"
        );
        assert_eq!(
            emoji_list(&json!(vec!["😀"; 21])).unwrap_err(),
            "too many emoji specified"
        );
    }

    #[test]
    fn mask_positions_are_read_as_the_reference_reads_them() {
        let position = mask_position(Some(
            &json!({"point": " Eyes", "x_shift": 0.5, "y_shift": "-1", "scale": 2}),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(position.point, MaskPoint::Eyes);
        assert!((position.y_shift + 1.0).abs() < f64::EPSILON);
        assert_eq!(mask_position(Some(&Value::Null)).unwrap(), None);
        assert_eq!(
            mask_position(Some(&json!({"point": "nose"}))).unwrap_err(),
            "Wrong point specified in MaskPosition"
        );
        assert_eq!(
            mask_position(Some(&json!(1))).unwrap_err(),
            "MaskPosition must be an Object"
        );
    }
}
