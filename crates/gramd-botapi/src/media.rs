//! Media as Bot API objects (`PhotoSize`, `Document`, `Video`, `Audio`, `Voice`,
//! `Animation`, `VideoNote`, `Sticker`, and `File` for `getFile`), from one bot's point of
//! view: file ids are that bot's (see `gramd_core`'s files service).
//!
//! The fields of a media message (`photo`, `caption`, `media_group_id`, …) are one
//! flattened [`MessageMedia`] inside `types::Message`, rendered as the reference server
//! does: the caption and its entities only when not empty, `show_caption_above_media` and
//! `has_media_spoiler` only when set and only for the kinds that have them, and an
//! animation also as a `document`.

use gramd_core::Core;
use gramd_core::ids::UserId;
use gramd_core::media::{
    Document as CoreDocument, DocumentKind, FileRef, FileSlot, FileTarget, Media, MediaContent,
    PhotoSize as CoreSize, StickerFormat,
};
use gramd_core::stickers::{
    MaskPosition as CoreMaskPosition, StickerSet as CoreStickerSet, StickerType,
};
use serde::Serialize;

use crate::types::MessageEntity;

/// The fields every file object has.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FileIds {
    pub(crate) file_id: String,
    pub(crate) file_unique_id: String,
    pub(crate) file_size: u64,
}

/// `PhotoSize`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PhotoSize {
    #[serde(flatten)]
    pub(crate) ids: FileIds,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// `Document`, `Video`, `Audio`, `Voice`, `Animation`, `VideoNote` and `Sticker`: the file
/// and the fields of its kind (absent ones are omitted).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FileObject {
    #[serde(flatten)]
    pub(crate) ids: FileIds,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub(crate) sticker_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_animated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emoji: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) set_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) mask_position: Option<MaskPosition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) custom_emoji_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) needs_repainting: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) performer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) mime_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) thumbnail: Option<PhotoSize>,
}

/// `MaskPosition`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MaskPosition {
    pub(crate) point: &'static str,
    pub(crate) x_shift: f64,
    pub(crate) y_shift: f64,
    pub(crate) scale: f64,
}

impl From<&CoreMaskPosition> for MaskPosition {
    fn from(position: &CoreMaskPosition) -> Self {
        Self {
            point: position.point.name(),
            x_shift: position.x_shift,
            y_shift: position.y_shift,
            scale: position.scale,
        }
    }
}

/// `StickerSet`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct StickerSet {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) sticker_type: &'static str,
    pub(crate) stickers: Vec<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) thumbnail: Option<PhotoSize>,
}

/// The media fields of a `Message`.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct MessageMedia {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) media_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) animation: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) audio: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) document: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) photo: Option<Vec<PhotoSize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sticker: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) video: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) video_note: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) voice: Option<FileObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) caption: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) caption_entities: Vec<MessageEntity>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) show_caption_above_media: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) has_media_spoiler: bool,
}

/// `File` (the answer of `getFile`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct File {
    #[serde(flatten)]
    pub(crate) ids: FileIds,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) file_path: Option<String>,
}

/// Renders files for one bot.
#[derive(Clone, Copy)]
pub(crate) struct MediaRenderer<'a> {
    pub(crate) core: &'a Core,
    pub(crate) viewer: UserId,
}

impl MediaRenderer<'_> {
    pub(crate) fn ids(&self, media_id: i64, slot: FileSlot, file: &FileRef) -> FileIds {
        FileIds {
            file_id: self.core.file_id(self.viewer, media_id, slot),
            file_unique_id: Core::file_unique_id(file),
            file_size: file.size,
        }
    }

    fn photo_size(&self, media_id: i64, slot: FileSlot, size: &CoreSize) -> PhotoSize {
        PhotoSize {
            ids: self.ids(media_id, slot, &size.file),
            width: size.width,
            height: size.height,
        }
    }

    /// A photo's sizes, smallest first.
    pub(crate) fn photo(&self, photo: &gramd_core::media::Photo) -> Vec<PhotoSize> {
        photo
            .sizes
            .iter()
            .map(|size| self.photo_size(photo.id, FileSlot::PhotoSize(size.kind), size))
            .collect()
    }

    /// A document as the object of its kind; `as_document` renders any kind as a plain
    /// `Document` (an animation's second field).
    pub(crate) fn document(&self, doc: &CoreDocument, as_document: bool) -> FileObject {
        let mut out = FileObject {
            ids: self.ids(doc.id, FileSlot::Document, &doc.file),
            sticker_type: None,
            width: None,
            height: None,
            length: None,
            duration: None,
            is_animated: None,
            is_video: None,
            emoji: None,
            set_name: None,
            mask_position: None,
            custom_emoji_id: None,
            needs_repainting: None,
            performer: None,
            title: None,
            file_name: doc.file_name.clone(),
            mime_type: Some(doc.mime_type.clone()).filter(|m| !m.is_empty()),
            thumbnail: doc
                .thumbnail
                .as_ref()
                .map(|t| self.photo_size(doc.id, FileSlot::Thumbnail, t)),
        };
        if as_document {
            return out;
        }
        match &doc.kind {
            DocumentKind::File => {}
            DocumentKind::Video {
                duration,
                width,
                height,
                ..
            }
            | DocumentKind::Animation {
                duration,
                width,
                height,
            } => {
                out.duration = Some(*duration);
                out.width = Some(*width);
                out.height = Some(*height);
            }
            DocumentKind::Audio {
                duration,
                performer,
                title,
            } => {
                out.duration = Some(*duration);
                out.performer.clone_from(performer);
                out.title.clone_from(title);
            }
            DocumentKind::Voice { duration } => {
                out.duration = Some(*duration);
                out.file_name = None;
                out.thumbnail = None;
            }
            DocumentKind::VideoNote { duration, length } => {
                out.duration = Some(*duration);
                out.length = Some(*length);
                out.file_name = None;
                out.mime_type = None;
            }
            DocumentKind::Sticker {
                width,
                height,
                emoji,
                format,
                set,
            } => {
                let sticker_type = set
                    .as_ref()
                    .map_or(StickerType::Regular, |s| s.sticker_type);
                out.sticker_type = Some(sticker_type.name());
                out.width = Some(*width);
                out.height = Some(*height);
                out.is_animated = Some(*format == StickerFormat::Animated);
                out.is_video = Some(*format == StickerFormat::Video);
                out.emoji.clone_from(emoji);
                out.file_name = None;
                out.mime_type = None;
                if let Some(link) = set {
                    out.set_name = Some(link.set_name.clone());
                    out.mask_position = link.mask_position.as_ref().map(MaskPosition::from);
                    if link.sticker_type == StickerType::CustomEmoji {
                        out.custom_emoji_id = Some(doc.id.to_string());
                        out.needs_repainting = link.needs_repainting.then_some(true);
                    }
                }
            }
        }
        out
    }

    /// A sticker document as a `Sticker` (any other document as the object of its kind).
    pub(crate) fn sticker(&self, doc: &CoreDocument) -> FileObject {
        self.document(doc, false)
    }

    /// A sticker set as a `StickerSet`: its thumbnail is its own, or a custom emoji set's
    /// chosen sticker's thumbnail.
    pub(crate) fn sticker_set(&self, set: &CoreStickerSet) -> StickerSet {
        let thumbnail = match (&set.thumbnail, set.thumbnail_custom_emoji) {
            (Some(thumbnail), _) => Some(self.photo_size_of_document(thumbnail)),
            (None, Some(id)) => set
                .stickers
                .iter()
                .find(|s| s.id() == id)
                .and_then(|s| self.document(&s.document, false).thumbnail),
            (None, None) => None,
        };
        StickerSet {
            name: set.name.clone(),
            title: set.title.clone(),
            sticker_type: set.sticker_type.name(),
            stickers: set
                .stickers
                .iter()
                .map(|s| self.document(&s.document, false))
                .collect(),
            thumbnail,
        }
    }

    /// A whole document (a set's thumbnail file) as a `PhotoSize`.
    fn photo_size_of_document(&self, doc: &CoreDocument) -> PhotoSize {
        let (width, height) = match doc.kind {
            DocumentKind::Sticker { width, height, .. } => (width, height),
            _ => (0, 0),
        };
        PhotoSize {
            ids: self.ids(doc.id, FileSlot::Document, &doc.file),
            width,
            height,
        }
    }

    /// The media fields of a media message.
    pub(crate) fn message_media(
        &self,
        content: &MediaContent,
        caption_entities: Vec<MessageEntity>,
    ) -> MessageMedia {
        let mut out = MessageMedia {
            media_group_id: content.group_id.map(|id| id.to_string()),
            ..MessageMedia::default()
        };
        let (has_caption, has_spoiler, above) = match &content.media {
            Media::Photo(photo) => {
                out.photo = Some(self.photo(photo));
                (true, true, true)
            }
            Media::Document(doc) => {
                let object = self.document(doc, false);
                match doc.kind {
                    DocumentKind::File => {
                        out.document = Some(object);
                        (true, false, false)
                    }
                    DocumentKind::Video { .. } => {
                        out.video = Some(object);
                        (true, true, true)
                    }
                    DocumentKind::Audio { .. } => {
                        out.audio = Some(object);
                        (true, false, false)
                    }
                    DocumentKind::Voice { .. } => {
                        out.voice = Some(object);
                        (true, false, false)
                    }
                    DocumentKind::Animation { .. } => {
                        out.animation = Some(object);
                        out.document = Some(self.document(doc, true));
                        (true, true, true)
                    }
                    DocumentKind::VideoNote { .. } => {
                        out.video_note = Some(object);
                        (false, false, false)
                    }
                    DocumentKind::Sticker { .. } => {
                        out.sticker = Some(object);
                        (false, false, false)
                    }
                }
            }
        };
        if has_caption && !content.caption.is_empty() {
            out.caption = Some(content.caption.clone());
            out.caption_entities = caption_entities;
            out.show_caption_above_media = above && content.show_caption_above_media;
        }
        out.has_media_spoiler = has_spoiler && content.has_spoiler;
        out
    }

    /// `File` for `getFile`, with its path under `/file/bot<token>/` when the file is within
    /// the download limit.
    pub(crate) fn file(&self, target: &FileTarget, max_download: u64) -> File {
        let ids = self.ids(target.media.id(), target.slot, &target.file);
        let file_path = (target.file.size <= max_download).then(|| file_path(target, &ids.file_id));
        File { ids, file_path }
    }
}

/// A file's path for download: `<folder>/<file id>.<extension>` (`photos/AQ….jpg`). The
/// file id in it is the bot's own, so a path resolves only for the bot it was given to.
pub(crate) fn file_path(target: &FileTarget, file_id: &str) -> String {
    let extension = target.extension();
    if extension.is_empty() {
        format!("{}/{file_id}", target.folder())
    } else {
        format!("{}/{file_id}.{extension}", target.folder())
    }
}

/// The file id in a download path made by [`file_path`]; `None` for any other shape.
pub(crate) fn file_id_of_path(path: &str) -> Option<&str> {
    let (_folder, name) = path.split_once('/')?;
    let id = name.split_once('.').map_or(name, |(id, _)| id);
    (!id.is_empty() && !id.contains('/')).then_some(id)
}
