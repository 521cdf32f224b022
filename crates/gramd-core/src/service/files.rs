//! Storing uploads as photos and documents, file ids, and reading files back.
//!
//! # File ids
//! A Bot API `file_id` is per bot, as Telegram documents: it resolves only for the bot it
//! was issued to. It is the URL-safe base64 (no padding) of 18 bytes: a version byte (1),
//! the [`FileSlot`] code, the media id (8 bytes, little-endian) and the first 8 bytes of a
//! keyed hash of the bot, the media and the slot with the server secret. Nobody can make
//! one without the secret, and a bot's id fails the check for every other bot.
//!
//! A `file_unique_id` is the same for everyone: the URL-safe base64 of the first 12 bytes
//! of the blob's SHA-256, so the same bytes have the same unique id whoever sent them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;
use crate::media::{
    Document, DocumentKind, FileRef, FileSlot, FileTarget, Media, Photo, PhotoError, PhotoSize,
    StickerFormat, UploadKey, UploadProblem, mime_type_of, process_photo,
};
use crate::store::Write;

use super::{Core, random_u64};

/// The first byte of every file id this version makes.
const FILE_ID_VERSION: u8 = 1;
/// Domain tag of file-id keyed hashes.
const FILE_ID_TAG: i64 = 0x6669_6c65;
/// Most parts of a client upload (`upload.saveBigFilePart` allows 4000).
const MAX_UPLOAD_PARTS: u32 = 4000;
/// Largest part of a client upload.
const MAX_PART_BYTES: usize = 512 << 10;
/// Longest side of a document's thumbnail.
const MAX_THUMBNAIL_SIDE: u32 = 320;

/// A file to store as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentUpload {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The name it was uploaded under.
    pub file_name: Option<String>,
    /// The MIME type the uploader gave (guessed from the name when empty or
    /// `application/octet-stream`).
    pub mime_type: String,
    /// What kind of document, with the metadata the sender gave.
    pub kind: DocumentKind,
    /// A thumbnail picture to go with it (ignored when it is no picture).
    pub thumbnail: Option<Vec<u8>>,
}

/// A random positive 63-bit id (photo and document ids, album ids), as Telegram's.
pub(super) fn random_id() -> i64 {
    (random_u64() >> 1).cast_signed().max(1)
}

impl Core {
    /// Stores a picture as a photo with its sizes (see [`crate::media`]); returns it, not yet
    /// recorded (sending it records it).
    ///
    /// # Errors
    /// `FileTooBig` over the photo limit, `ImageProcessFailed`, `PhotoInvalidDimensions`,
    /// `Internal`.
    pub async fn upload_photo(&self, bytes: Vec<u8>) -> CoreResult<Photo> {
        if bytes.len() as u64 > self.0.config.files.max_photo_bytes {
            return Err(CoreError::FileTooBig);
        }
        let processed = tokio::task::spawn_blocking(move || process_photo(&bytes))
            .await
            .map_err(|e| CoreError::Internal {
                detail: format!("photo processing: {e}"),
            })?
            .map_err(|err| match err {
                PhotoError::NotAnImage => CoreError::ImageProcessFailed,
                PhotoError::InvalidDimensions => CoreError::PhotoInvalidDimensions,
            })?;
        let mut sizes = Vec::with_capacity(processed.sizes.len());
        for size in processed.sizes {
            let file = self.0.files.put(size.jpeg).await?;
            sizes.push(PhotoSize {
                kind: size.kind,
                width: size.width,
                height: size.height,
                file,
            });
        }
        Ok(Photo {
            id: random_id(),
            date: self.now(),
            sizes,
        })
    }

    /// Stores a file as a document; returns it, not yet recorded (sending it records it).
    /// A static sticker's size is read from the picture.
    ///
    /// # Errors
    /// `FileTooBig` over the upload limit, `ImageProcessFailed` for a static sticker that is
    /// no picture, `Internal`.
    pub async fn upload_document(&self, upload: DocumentUpload) -> CoreResult<Document> {
        if upload.bytes.len() as u64 > self.0.config.files.max_upload_bytes {
            return Err(CoreError::FileTooBig);
        }
        let mut kind = upload.kind;
        if let DocumentKind::Sticker {
            width,
            height,
            format: StickerFormat::Static,
            ..
        } = &mut kind
        {
            let size = image::ImageReader::new(std::io::Cursor::new(&upload.bytes))
                .with_guessed_format()
                .ok()
                .and_then(|reader| reader.into_dimensions().ok())
                .ok_or(CoreError::ImageProcessFailed)?;
            (*width, *height) = size;
        }
        let thumbnail = match upload.thumbnail {
            Some(bytes) => self.thumbnail(bytes).await?,
            None => None,
        };
        let mime_type = mime_type_of(&upload.mime_type, upload.file_name.as_deref());
        let file = self.0.files.put(upload.bytes).await?;
        Ok(Document {
            id: random_id(),
            date: self.now(),
            file,
            mime_type,
            file_name: upload.file_name.filter(|n| !n.is_empty()),
            kind,
            thumbnail,
        })
    }

    /// A document's thumbnail: the largest size of the picture within 320 pixels; `None`
    /// when the bytes are no acceptable picture (Telegram ignores such thumbnails).
    pub(super) async fn thumbnail(&self, bytes: Vec<u8>) -> CoreResult<Option<PhotoSize>> {
        let processed = tokio::task::spawn_blocking(move || process_photo(&bytes))
            .await
            .map_err(|e| CoreError::Internal {
                detail: format!("thumbnail processing: {e}"),
            })?;
        let Ok(processed) = processed else {
            return Ok(None);
        };
        let Some(size) = processed
            .sizes
            .into_iter()
            .rev()
            .find(|s| s.width.max(s.height) <= MAX_THUMBNAIL_SIDE)
        else {
            return Ok(None);
        };
        let file = self.0.files.put(size.jpeg).await?;
        Ok(Some(PhotoSize {
            kind: size.kind,
            width: size.width,
            height: size.height,
            file,
        }))
    }

    /// The Bot API file id of one file of a media, for `viewer` (see the module docs).
    #[must_use]
    pub fn file_id(&self, viewer: UserId, media_id: i64, slot: FileSlot) -> String {
        let mac = self.keyed_hash(&[FILE_ID_TAG, viewer.0, media_id, i64::from(slot.code())]);
        let mut bytes = Vec::with_capacity(18);
        bytes.push(FILE_ID_VERSION);
        bytes.push(slot.code());
        bytes.extend_from_slice(&media_id.to_le_bytes());
        bytes.extend_from_slice(&mac.to_le_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The file id's media and slot, if it is one this core made for `viewer`; does not
    /// look the media up.
    fn decode_file_id(&self, viewer: UserId, text: &str) -> CoreResult<(i64, FileSlot)> {
        let malformed = CoreError::FileIdInvalid { malformed: true };
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| malformed.clone())?;
        let [version, code, rest @ ..] = bytes.as_slice() else {
            return Err(malformed);
        };
        let (Some(slot), true, 16) = (
            FileSlot::from_code(*code),
            *version == FILE_ID_VERSION,
            rest.len(),
        ) else {
            return Err(malformed);
        };
        let mut id = [0u8; 8];
        id.copy_from_slice(&rest[..8]);
        let media_id = i64::from_le_bytes(id);
        let mut mac = [0u8; 8];
        mac.copy_from_slice(&rest[8..]);
        let expected = self.keyed_hash(&[FILE_ID_TAG, viewer.0, media_id, i64::from(*code)]);
        if i64::from_le_bytes(mac) != expected {
            return Err(CoreError::FileIdInvalid { malformed: false });
        }
        Ok((media_id, slot))
    }

    /// The file a Bot API file id names, for `viewer`.
    ///
    /// # Errors
    /// `FileIdInvalid` (`malformed` for text that is no file id; otherwise another bot's id
    /// or an unknown file), `Internal`.
    pub async fn resolve_file_id(&self, viewer: UserId, file_id: &str) -> CoreResult<FileTarget> {
        let (media_id, slot) = self.decode_file_id(viewer, file_id)?;
        let media = self
            .media(media_id)
            .await?
            .ok_or(CoreError::FileIdInvalid { malformed: false })?;
        let file = media
            .file(slot)
            .ok_or(CoreError::FileIdInvalid { malformed: false })?;
        Ok(FileTarget { media, slot, file })
    }

    /// The unique id of a blob (the same for everyone; see the module docs).
    #[must_use]
    pub fn file_unique_id(file: &FileRef) -> String {
        URL_SAFE_NO_PAD.encode(&file.hash.0[..12])
    }

    /// Records a photo or document before it is sent (`messages.uploadMedia`), so that it
    /// can be named by id; sending it later records nothing new.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn record_media(&self, media: Media) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutMedia(Box::new(media)));
            Ok(())
        })?;
        submitted.wait().await
    }

    /// A recorded photo or document by id.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn media(&self, id: i64) -> CoreResult<Option<Media>> {
        Ok(self.0.store.media(id).await?)
    }

    /// Up to `limit` bytes of a file from `offset`.
    ///
    /// # Errors
    /// `FileLocationInvalid` if its blob is gone, `Internal`.
    pub async fn read_file(
        &self,
        file: &FileRef,
        offset: u64,
        limit: usize,
    ) -> CoreResult<Vec<u8>> {
        self.0
            .files
            .read(file.hash, offset, limit)
            .await?
            .ok_or(CoreError::FileLocationInvalid)
    }

    /// Saves one part of a user's upload (`upload.saveFilePart`).
    ///
    /// # Errors
    /// `FilePartInvalid` for a part number out of range, `FilePartSizeInvalid` for an empty
    /// part or one over 512 KiB, `Internal`.
    pub async fn save_file_part(
        &self,
        owner: UserId,
        file_id: i64,
        part: i32,
        bytes: Vec<u8>,
    ) -> CoreResult<()> {
        let part = u32::try_from(part)
            .ok()
            .filter(|p| *p < MAX_UPLOAD_PARTS)
            .ok_or(CoreError::FilePartInvalid)?;
        if bytes.is_empty() || bytes.len() > MAX_PART_BYTES {
            return Err(CoreError::FilePartSizeInvalid);
        }
        self.0
            .files
            .save_part(UploadKey { owner, file_id }, part, bytes)
            .await?;
        Ok(())
    }

    /// Joins a user's uploaded parts `0..parts` (and forgets them).
    ///
    /// # Errors
    /// `FilePartInvalid` for a part count out of range, `FilePartMissing`, `FileTooBig`
    /// over the upload limit, `Internal`.
    pub async fn take_upload(
        &self,
        owner: UserId,
        file_id: i64,
        parts: i32,
    ) -> CoreResult<Vec<u8>> {
        let parts = u32::try_from(parts)
            .ok()
            .filter(|p| (1..=MAX_UPLOAD_PARTS).contains(p))
            .ok_or(CoreError::FilePartInvalid)?;
        let max = self.0.config.files.max_upload_bytes;
        match self
            .0
            .files
            .take_upload(UploadKey { owner, file_id }, parts, max)
            .await?
        {
            Ok(bytes) => Ok(bytes),
            Err(UploadProblem::MissingPart(part)) => Err(CoreError::FilePartMissing { part }),
            Err(UploadProblem::TooBig) => Err(CoreError::FileTooBig),
        }
    }
}
