//! Parameters of the media methods: input files, captions, the metadata of each kind of
//! document, and `InputMedia` objects.
//!
//! An input file is found as the reference server does (`Client::get_input_file`): a value
//! `attach://<name>` names the uploaded part `<name>`; any other non-empty value is a file
//! id, or an HTTP URL when it has a `.` or a `:` (file ids have neither); an empty value
//! means the part uploaded under the parameter's own name. Thumbnails must be uploads.

use gramd_core::media::{DocumentKind, StickerFormat};
use gramd_core::messages::OutgoingText;
use serde_json::Value;

use crate::error::ApiError;
use crate::input::{FieldResult, Obj, opt_bool, opt_int, opt_string};
use crate::methods::messages::input::{formatted_text, formatted_text_of};
use crate::params::{Params, UploadedFile};

/// Longest duration of a video, audio or voice note, in seconds.
const MAX_DURATION: i32 = 24 * 60 * 60;
/// Largest width, height or length, in pixels.
const MAX_LENGTH: i32 = 10_000;

/// Where an input file comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum InputFile<'a> {
    /// Uploaded with the request.
    Upload(&'a UploadedFile),
    /// A file id of this bot.
    FileId(&'a str),
    /// An HTTP URL to fetch.
    Url(&'a str),
}

/// The input file `value` names, or the upload named `field` when `value` is empty;
/// `force_upload` refuses file ids and URLs.
pub(crate) fn input_file<'a>(
    params: &'a Params,
    field: &str,
    value: &'a str,
    force_upload: bool,
) -> Option<InputFile<'a>> {
    let mut field = field;
    if !value.is_empty() {
        if let Some(name) = value.strip_prefix("attach://") {
            field = name;
        } else if !force_upload {
            return Some(if value.contains('.') || value.contains(':') {
                InputFile::Url(value)
            } else {
                InputFile::FileId(value)
            });
        }
    }
    params.file(field).map(InputFile::Upload)
}

/// The input file of parameter `name`.
pub(crate) fn file_param<'a>(params: &'a Params, name: &str) -> Option<InputFile<'a>> {
    input_file(params, name, params.arg(name), false)
}

/// The uploaded `thumbnail` (or the legacy `thumb`) of a send.
pub(crate) fn thumbnail(params: &Params) -> Option<&UploadedFile> {
    ["thumbnail", "thumb"].into_iter().find_map(|name| {
        match input_file(params, name, params.arg(name), true) {
            Some(InputFile::Upload(file)) => Some(file),
            _ => None,
        }
    })
}

/// `caption`, `parse_mode` and `caption_entities`.
pub(crate) fn caption(params: &Params) -> Result<OutgoingText, ApiError> {
    let text = params.text_arg("caption")?;
    let formatted = formatted_text(text, params.arg("parse_mode"), params, "caption_entities")?;
    Ok(OutgoingText {
        text: formatted.text,
        entities: formatted.entities,
        link_preview: None,
    })
}

/// What a send method sends, with the metadata its parameters give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SendKind {
    /// A photo.
    Photo,
    /// A document of this kind.
    Document(DocumentKind),
}

impl SendKind {
    /// The noun of "There is no … in the request".
    pub(crate) fn noun(&self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Document(kind) => kind.name(),
        }
    }
}

/// Reads an integer parameter clamped to `0..=max`, as the reference does.
fn clamped(params: &Params, name: &str, max: i32) -> u32 {
    u32::try_from(params.i32_arg(name, 0, 0, max)).unwrap_or(0)
}

fn text(params: &Params, name: &str) -> Option<String> {
    Some(params.arg(name).to_owned()).filter(|t| !t.is_empty())
}

/// The kind of document a send method makes, from its parameters (`file_name` and
/// `mime_type` say what a sticker is).
pub(crate) fn document_kind(
    params: &Params,
    method_field: &str,
    upload: Option<&UploadedFile>,
) -> DocumentKind {
    let duration = clamped(params, "duration", MAX_DURATION);
    match method_field {
        "video" => DocumentKind::Video {
            duration,
            width: clamped(params, "width", MAX_LENGTH),
            height: clamped(params, "height", MAX_LENGTH),
            supports_streaming: params.bool_arg("supports_streaming"),
        },
        "audio" => DocumentKind::Audio {
            duration,
            performer: text(params, "performer"),
            title: text(params, "title"),
        },
        "voice" => DocumentKind::Voice { duration },
        "animation" => DocumentKind::Animation {
            duration,
            width: clamped(params, "width", MAX_LENGTH),
            height: clamped(params, "height", MAX_LENGTH),
        },
        "video_note" => DocumentKind::VideoNote {
            duration,
            length: clamped(params, "length", MAX_LENGTH),
        },
        "sticker" => DocumentKind::Sticker {
            width: 512,
            height: 512,
            emoji: text(params, "emoji"),
            format: sticker_format_of_upload(upload),
            set: None,
        },
        _ => DocumentKind::File,
    }
}

/// A sticker's format from its upload's name or type: `.tgs` is animated, `.webm` a video,
/// anything else a static picture.
pub(crate) fn sticker_format_of_upload(upload: Option<&UploadedFile>) -> StickerFormat {
    let Some(upload) = upload else {
        return StickerFormat::Static;
    };
    let name = upload.file_name.to_ascii_lowercase();
    let mime = upload.content_type.to_ascii_lowercase();
    if name.ends_with(".tgs") || mime == "application/x-tgsticker" {
        StickerFormat::Animated
    } else if name.ends_with(".webm") || mime == "video/webm" {
        StickerFormat::Video
    } else {
        StickerFormat::Static
    }
}

/// One `InputMedia` of `sendMediaGroup` or `editMessageMedia`, read but not resolved.
pub(crate) struct InputMedia<'a> {
    /// The media.
    pub(crate) file: InputFile<'a>,
    /// Its thumbnail upload.
    pub(crate) thumbnail: Option<&'a UploadedFile>,
    /// Photo or the kind of document, with the metadata given.
    pub(crate) kind: SendKind,
    /// The caption.
    pub(crate) caption: OutgoingText,
    /// `has_spoiler`.
    pub(crate) has_spoiler: bool,
    /// `show_caption_above_media`.
    pub(crate) show_caption_above_media: bool,
}

fn clamp_field(obj: &Obj, name: &str, max: i32) -> FieldResult<u32> {
    let value: i32 = opt_int(obj, name)?.unwrap_or(0);
    Ok(u32::try_from(value.clamp(0, max)).unwrap_or(0))
}

/// Reads one `InputMedia` object; errors are the text after `Can't parse InputMedia: `.
pub(crate) fn input_media<'a>(
    params: &'a Params,
    value: &'a Value,
    for_album: bool,
) -> Result<InputMedia<'a>, String> {
    let Value::Object(obj) = value else {
        return Err("expected an Object".into());
    };
    let caption_text = opt_string(obj, "caption")?.unwrap_or_default();
    let parse_mode = opt_string(obj, "parse_mode")?.unwrap_or_default();
    let caption = formatted_text_of(&caption_text, &parse_mode, obj.get("caption_entities"))
        .map_err(|err| {
            err.description
                .strip_prefix("Bad Request: ")
                .unwrap_or(&err.description)
                .to_owned()
        })?;
    let show_caption_above_media = opt_bool(obj, "show_caption_above_media")?;
    let has_spoiler = opt_bool(obj, "has_spoiler")?;
    let kind_name = crate::input::req_string(obj, "type")?;
    let media = match obj.get("media") {
        Some(Value::String(media)) => media.as_str(),
        Some(Value::Number(_)) | None => "",
        Some(_) => return Err("Field \"media\" must be of type String".into()),
    };
    let file = input_file(params, "", media, false).ok_or("media not found")?;
    let thumbnail = match obj.get("thumbnail").or_else(|| obj.get("thumb")) {
        Some(Value::String(thumb)) => match input_file(params, "", thumb, true) {
            Some(InputFile::Upload(upload)) => Some(upload),
            _ => None,
        },
        _ => None,
    };
    let duration = clamp_field(obj, "duration", MAX_DURATION)?;
    let kind = match kind_name.as_str() {
        "photo" => SendKind::Photo,
        "video" => SendKind::Document(DocumentKind::Video {
            duration,
            width: clamp_field(obj, "width", MAX_LENGTH)?,
            height: clamp_field(obj, "height", MAX_LENGTH)?,
            supports_streaming: opt_bool(obj, "supports_streaming")?,
        }),
        "animation" if for_album => {
            return Err("type \"animation\" can't be used in sendMediaGroup".into());
        }
        "animation" => SendKind::Document(DocumentKind::Animation {
            duration,
            width: clamp_field(obj, "width", MAX_LENGTH)?,
            height: clamp_field(obj, "height", MAX_LENGTH)?,
        }),
        "audio" => SendKind::Document(DocumentKind::Audio {
            duration,
            performer: opt_string(obj, "performer")?.filter(|t| !t.is_empty()),
            title: opt_string(obj, "title")?.filter(|t| !t.is_empty()),
        }),
        "document" => SendKind::Document(DocumentKind::File),
        other => return Err(format!("type \"{other}\" is unsupported")),
    };
    Ok(InputMedia {
        file,
        thumbnail,
        kind,
        caption: OutgoingText {
            text: caption.text,
            entities: caption.entities,
            link_preview: None,
        },
        has_spoiler,
        show_caption_above_media,
    })
}
