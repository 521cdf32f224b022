//! Files and media: the content-addressed blobs behind them ([`FileStore`]), and the media a
//! message can carry ([`Media`]: a photo with its sizes, or a document of some kind: video,
//! audio, voice, animation, video note, sticker or a plain file).
//!
//! A blob is named by the SHA-256 of its bytes ([`FileHash`]), so the same bytes are stored
//! once whoever sends them. The core knows nothing of where blobs live: it is given a
//! [`FileStore`] (the server's is a directory tree, `gramd-files`). Media records (which
//! blobs make up a photo, a document's name, type and metadata) are kept by the
//! [`Store`](crate::store::Store) (`Write::PutMedia`, `Store::media`), and a message's
//! [`Content::Media`](crate::messages::Content::Media) holds a copy of its media.
//!
//! Sizes follow Telegram's: <https://core.telegram.org/bots/api#sending-files> (10 MB photos,
//! 50 MB other uploads, 20 MB downloads through the Bot API, raised by settings), and a
//! photo is stored as the JPEG sizes Telegram makes of it (module `photo`).

mod photo;

use std::fmt;

use async_trait::async_trait;
use gramd_text::MessageEntity;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::store::StoreResult;

pub use photo::{PHOTO_SIZE_BOXES, PhotoError, ProcessedPhoto, ProcessedSize, process_photo};

/// The SHA-256 of a blob's bytes: its name in the [`FileStore`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileHash(pub [u8; 32]);

impl FileHash {
    /// The hash of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        Self(Sha256::digest(bytes).into())
    }

    /// Lower-case hex, 64 characters.
    #[must_use]
    pub fn to_hex(&self) -> String {
        use fmt::Write as _;
        let mut out = String::with_capacity(64);
        for byte in self.0 {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    /// Parses 64 hex digits.
    #[must_use]
    pub fn from_hex(text: &str) -> Option<Self> {
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Self(out))
    }
}

impl fmt::Debug for FileHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileHash({})", self.to_hex())
    }
}

impl Serialize for FileHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for FileHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text).ok_or_else(|| serde::de::Error::custom("a 64-digit hex hash"))
    }
}

/// One stored blob: its hash and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// The blob.
    pub hash: FileHash,
    /// Its length in bytes.
    pub size: u64,
}

/// Names a client's upload in progress: the uploader and the id the client chose
/// (`upload.saveFilePart`'s `file_id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UploadKey {
    /// Who uploads.
    pub owner: UserId,
    /// The client's id for the file.
    pub file_id: i64,
}

/// Where blobs live. Implementations store blobs durably (the bytes and the directory entry
/// synced) before [`FileStore::put`] returns, so a message referring to a blob is never
/// acknowledged before the blob is safe.
#[async_trait]
pub trait FileStore: Send + Sync + 'static {
    /// Stores `bytes` under their hash (once: storing the same bytes again is a no-op) and
    /// returns the reference.
    async fn put(&self, bytes: Vec<u8>) -> StoreResult<FileRef>;

    /// Up to `limit` bytes of a blob from `offset` (fewer at its end, none past it); `None`
    /// if there is no such blob.
    async fn read(&self, hash: FileHash, offset: u64, limit: usize)
    -> StoreResult<Option<Vec<u8>>>;

    /// Saves part `part` of a client upload (replacing an earlier copy of that part).
    async fn save_part(&self, upload: UploadKey, part: u32, bytes: Vec<u8>) -> StoreResult<()>;

    /// Joins parts `0..parts` of an upload and forgets them; at most `max_size` bytes are
    /// joined (the parts of a longer upload are kept, for nothing: they expire with the
    /// store's clean-up).
    async fn take_upload(
        &self,
        upload: UploadKey,
        parts: u32,
        max_size: u64,
    ) -> StoreResult<Result<Vec<u8>, UploadProblem>>;
}

/// Why a client upload cannot be joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadProblem {
    /// This part was never saved.
    MissingPart(u32),
    /// The parts add up to more than allowed.
    TooBig,
}

/// A [`FileStore`] that has no room for anything: a core opened without one refuses every
/// file operation.
#[derive(Debug, Default)]
pub struct NoFileStore;

fn no_file_store<T>() -> StoreResult<T> {
    Err(crate::store::StoreError::Backend(
        "no file store is configured".into(),
    ))
}

#[async_trait]
impl FileStore for NoFileStore {
    async fn put(&self, _: Vec<u8>) -> StoreResult<FileRef> {
        no_file_store()
    }
    async fn read(&self, _: FileHash, _: u64, _: usize) -> StoreResult<Option<Vec<u8>>> {
        no_file_store()
    }
    async fn save_part(&self, _: UploadKey, _: u32, _: Vec<u8>) -> StoreResult<()> {
        no_file_store()
    }
    async fn take_upload(
        &self,
        _: UploadKey,
        _: u32,
        _: u64,
    ) -> StoreResult<Result<Vec<u8>, UploadProblem>> {
        no_file_store()
    }
}

/// Limits on files, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimits {
    /// Largest photo upload (Telegram: 10 MB).
    pub max_photo_bytes: u64,
    /// Largest upload of any other file (Telegram's Bot API: 50 MB).
    pub max_upload_bytes: u64,
    /// Largest file a bot may download with `getFile` (Telegram: 20 MB).
    pub max_download_bytes: u64,
}

impl Default for FileLimits {
    fn default() -> Self {
        Self {
            max_photo_bytes: 10 << 20,
            max_upload_bytes: 50 << 20,
            max_download_bytes: 20 << 20,
        }
    }
}

/// One size of a photo: a JPEG of the photo scaled to fit a box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoSize {
    /// Telegram's size type: `s` (box 90), `m` (320), `x` (800), `y` (1280), `w` (2560).
    pub kind: char,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The JPEG.
    pub file: FileRef,
}

/// A photo: its sizes, smallest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    /// Its id (random, as Telegram's).
    pub id: i64,
    /// When it was uploaded.
    pub date: i64,
    /// The sizes, smallest first; never empty.
    pub sizes: Vec<PhotoSize>,
}

impl Photo {
    /// The size of this type.
    #[must_use]
    pub fn size(&self, kind: char) -> Option<&PhotoSize> {
        self.sizes.iter().find(|s| s.kind == kind)
    }

    /// The largest size.
    #[must_use]
    pub fn largest(&self) -> Option<&PhotoSize> {
        self.sizes.last()
    }
}

/// Sticker formats (`.webp`, `.tgs`, `.webm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StickerFormat {
    /// A static WebP (or PNG) image.
    Static,
    /// An animated Lottie sticker.
    Animated,
    /// A WebM video sticker.
    Video,
}

/// What kind of document a file is, with the metadata the sender gave for that kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentKind {
    /// A general file.
    File,
    /// A video.
    Video {
        /// Seconds.
        duration: u32,
        /// Pixels.
        width: u32,
        /// Pixels.
        height: u32,
        /// Suitable for streaming.
        supports_streaming: bool,
    },
    /// A music file.
    Audio {
        /// Seconds.
        duration: u32,
        /// The performer.
        performer: Option<String>,
        /// The track name.
        title: Option<String>,
    },
    /// A voice note.
    Voice {
        /// Seconds.
        duration: u32,
    },
    /// An animation (GIF or soundless video).
    Animation {
        /// Seconds.
        duration: u32,
        /// Pixels.
        width: u32,
        /// Pixels.
        height: u32,
    },
    /// A round video note.
    VideoNote {
        /// Seconds.
        duration: u32,
        /// Diameter in pixels.
        length: u32,
    },
    /// A sticker, outside any set or (with `set`) one of a [sticker
    /// set](crate::stickers::StickerSet).
    Sticker {
        /// Pixels.
        width: u32,
        /// Pixels.
        height: u32,
        /// The emoji it stands for (in a set, the first of its emoji).
        emoji: Option<String>,
        /// Its format.
        format: StickerFormat,
        /// The set it belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        set: Option<Box<crate::stickers::StickerSetLink>>,
    },
}

impl DocumentKind {
    /// The name of the kind, for messages about it.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::File => "document",
            Self::Video { .. } => "video",
            Self::Audio { .. } => "audio",
            Self::Voice { .. } => "voice",
            Self::Animation { .. } => "animation",
            Self::VideoNote { .. } => "video note",
            Self::Sticker { .. } => "sticker",
        }
    }
}

/// A file sent as a document (of some [`DocumentKind`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Its id (random, as Telegram's).
    pub id: i64,
    /// When it was uploaded.
    pub date: i64,
    /// The bytes.
    pub file: FileRef,
    /// Its MIME type.
    pub mime_type: String,
    /// Its name, as uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// What kind of document it is.
    pub kind: DocumentKind,
    /// A thumbnail the sender uploaded with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<PhotoSize>,
}

/// The kinds of [`Media`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// A photo.
    Photo,
    /// A plain file.
    File,
    /// A video.
    Video,
    /// Music.
    Audio,
    /// A voice note.
    Voice,
    /// An animation (GIF).
    Animation,
    /// A round video note.
    VideoNote,
    /// A sticker.
    Sticker,
}

impl MediaKind {
    /// The permission sending it needs in a group (Telegram's per-kind media
    /// permissions).
    #[must_use]
    pub fn send_right(self) -> crate::chats::SendRight {
        use crate::chats::SendRight;
        match self {
            Self::Photo => SendRight::Photos,
            Self::File => SendRight::Documents,
            Self::Video => SendRight::Videos,
            Self::Audio => SendRight::Audios,
            Self::Voice => SendRight::VoiceNotes,
            Self::Animation => SendRight::Animations,
            Self::VideoNote => SendRight::VideoNotes,
            Self::Sticker => SendRight::Stickers,
        }
    }
}

/// A photo or a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "media", rename_all = "snake_case")]
pub enum Media {
    /// A photo.
    Photo(Photo),
    /// A document.
    Document(Document),
}

impl Media {
    /// What kind of photo or document it is.
    #[must_use]
    pub fn kind(&self) -> MediaKind {
        match self {
            Self::Photo(_) => MediaKind::Photo,
            Self::Document(d) => match d.kind {
                DocumentKind::File => MediaKind::File,
                DocumentKind::Video { .. } => MediaKind::Video,
                DocumentKind::Audio { .. } => MediaKind::Audio,
                DocumentKind::Voice { .. } => MediaKind::Voice,
                DocumentKind::Animation { .. } => MediaKind::Animation,
                DocumentKind::VideoNote { .. } => MediaKind::VideoNote,
                DocumentKind::Sticker { .. } => MediaKind::Sticker,
            },
        }
    }

    /// The permission sending it needs in a group.
    #[must_use]
    pub fn send_right(&self) -> crate::chats::SendRight {
        self.kind().send_right()
    }

    /// Its id.
    #[must_use]
    pub fn id(&self) -> i64 {
        match self {
            Self::Photo(p) => p.id,
            Self::Document(d) => d.id,
        }
    }

    /// The blob of one of its files.
    #[must_use]
    pub fn file(&self, slot: FileSlot) -> Option<FileRef> {
        match (self, slot) {
            (Self::Photo(photo), FileSlot::PhotoSize(kind)) => photo.size(kind).map(|s| s.file),
            (Self::Document(doc), FileSlot::Document) => Some(doc.file),
            (Self::Document(doc), FileSlot::Thumbnail) => doc.thumbnail.as_ref().map(|t| t.file),
            _ => None,
        }
    }

    /// The kind of album it may be grouped into.
    #[must_use]
    pub fn album_kind(&self) -> AlbumKind {
        match self {
            Self::Photo(_) => AlbumKind::Visual,
            Self::Document(d) => match d.kind {
                DocumentKind::Video { .. } => AlbumKind::Visual,
                DocumentKind::Audio { .. } => AlbumKind::Audio,
                DocumentKind::File => AlbumKind::Documents,
                _ => AlbumKind::None,
            },
        }
    }
}

/// What media may be grouped together in an album: photos with videos, documents with
/// documents, audio with audio; other kinds not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlbumKind {
    /// Photos and videos.
    Visual,
    /// Plain documents.
    Documents,
    /// Music files.
    Audio,
    /// Not allowed in an album.
    None,
}

/// A media message's media with its caption and display options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaContent {
    /// The photo or document.
    pub media: Media,
    /// The caption (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// The caption's entities, UTF-16 offsets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<MessageEntity>,
    /// The media is covered by a spoiler animation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_spoiler: bool,
    /// The caption is shown above the media.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub show_caption_above_media: bool,
    /// The album this message belongs to (Telegram's `grouped_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<i64>,
}

/// Which file of a media a file id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileSlot {
    /// A document's file.
    Document,
    /// A photo's size of this type.
    PhotoSize(char),
    /// A document's thumbnail.
    Thumbnail,
}

impl FileSlot {
    /// The one byte a file id stores for the slot.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Document => 0,
            Self::Thumbnail => 1,
            // Size types are ASCII letters.
            Self::PhotoSize(kind) => u8::try_from(kind).unwrap_or(b'?'),
        }
    }

    /// The inverse of [`FileSlot::code`].
    #[must_use]
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::Document),
            1 => Some(Self::Thumbnail),
            b's' | b'm' | b'x' | b'y' | b'w' => Some(Self::PhotoSize(char::from(code))),
            _ => None,
        }
    }
}

/// One downloadable file: which media, which of its files, and the blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTarget {
    /// The media it belongs to.
    pub media: Media,
    /// Which of its files.
    pub slot: FileSlot,
    /// The blob.
    pub file: FileRef,
}

impl FileTarget {
    /// The folder Telegram files it under in a `file_path` (`photos`, `documents`,
    /// `videos`, `music`, `voice`, `animations`, `video_notes`, `stickers`, `thumbnails`).
    #[must_use]
    pub fn folder(&self) -> &'static str {
        match (&self.media, self.slot) {
            (_, FileSlot::Thumbnail) => "thumbnails",
            (Media::Photo(_), _) => "photos",
            (Media::Document(d), _) => match d.kind {
                DocumentKind::File => "documents",
                DocumentKind::Video { .. } => "videos",
                DocumentKind::Audio { .. } => "music",
                DocumentKind::Voice { .. } => "voice",
                DocumentKind::Animation { .. } => "animations",
                DocumentKind::VideoNote { .. } => "video_notes",
                DocumentKind::Sticker { .. } => "stickers",
            },
        }
    }

    /// The MIME type of the file's bytes.
    #[must_use]
    pub fn mime_type(&self) -> &str {
        match (&self.media, self.slot) {
            (Media::Document(d), FileSlot::Document) => &d.mime_type,
            _ => "image/jpeg",
        }
    }

    /// A file name extension for the file, without the dot (`jpg`, the uploaded name's, or
    /// one for its MIME type); empty if none is known.
    #[must_use]
    pub fn extension(&self) -> String {
        let Media::Document(d) = &self.media else {
            return "jpg".into();
        };
        if self.slot == FileSlot::Thumbnail {
            return "jpg".into();
        }
        let from_name = d
            .file_name
            .as_deref()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, ext)| ext)
            .filter(|ext| {
                !ext.is_empty() && ext.len() <= 8 && ext.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if let Some(ext) = from_name {
            return ext.to_ascii_lowercase();
        }
        mime_guess::get_mime_extensions_str(&d.mime_type)
            .and_then(|exts| exts.first())
            .map_or_else(String::new, |ext| (*ext).to_owned())
    }
}

/// The MIME type of an upload: the one given unless it says nothing
/// (`application/octet-stream` or empty), else one guessed from the file name.
#[must_use]
pub fn mime_type_of(given: &str, file_name: Option<&str>) -> String {
    let given = given.trim();
    if !given.is_empty() && !given.eq_ignore_ascii_case("application/octet-stream") {
        return given.to_ascii_lowercase();
    }
    file_name
        .and_then(|name| mime_guess::from_path(name).first_raw())
        .unwrap_or("application/octet-stream")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_print_and_parse_as_hex() {
        let hash = FileHash::of(b"abc");
        assert_eq!(
            hash.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(FileHash::from_hex(&hash.to_hex()), Some(hash));
        assert_eq!(FileHash::from_hex("zz"), None);
        let json = serde_json::to_string(&hash).unwrap();
        assert_eq!(serde_json::from_str::<FileHash>(&json).unwrap(), hash);
    }

    #[test]
    fn mime_types_come_from_the_upload_or_the_name() {
        assert_eq!(mime_type_of("text/plain", Some("a.pdf")), "text/plain");
        assert_eq!(
            mime_type_of("application/octet-stream", Some("a.pdf")),
            "application/pdf"
        );
        assert_eq!(mime_type_of("", None), "application/octet-stream");
    }

    #[test]
    fn slots_round_trip_through_their_code() {
        for slot in [
            FileSlot::Document,
            FileSlot::Thumbnail,
            FileSlot::PhotoSize('s'),
            FileSlot::PhotoSize('w'),
        ] {
            assert_eq!(FileSlot::from_code(slot.code()), Some(slot));
        }
        assert_eq!(FileSlot::from_code(b'q'), None);
    }
}
