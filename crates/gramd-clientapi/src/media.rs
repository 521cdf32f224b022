//! Photos and documents as TL objects (`photo`, `document`, `messageMediaPhoto`,
//! `messageMediaDocument`), and finding them again from the `InputPhoto`,
//! `InputDocument` and file locations clients send back; contacts, locations, venues and
//! dice as their `messageMedia*`.
//!
//! Access hashes of media are per viewer, like those of users: a keyed hash of the viewer
//! and the media id, checked when the client refers to the media. The file reference is
//! the id's bytes (gramd never expires references).

use gramd_core::attachments::Location;
use gramd_core::ids::{Peer, UserId};
use gramd_core::media::{
    Document, DocumentKind, FileSlot, FileTarget, Media, MediaContent, Photo, PhotoSize,
};
use gramd_core::messages::Content;
use gramd_core::stickers::StickerType;
use grammers_tl_types::{enums, types};

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{View, int};

/// Domain tag of media access hashes (users are 0, channels 1).
const MEDIA_HASH: i64 = 2;
/// The data centre every file is said to be in.
pub(crate) const DC_ID: i32 = 1;

impl View<'_> {
    /// The viewer's access hash of a photo or document.
    pub(crate) fn media_hash(&self, id: i64) -> i64 {
        self.core.keyed_hash(&[self.me.id.0, MEDIA_HASH, id])
    }

    fn photo_size(size: &PhotoSize) -> enums::PhotoSize {
        enums::PhotoSize::Size(types::PhotoSize {
            r#type: size.kind.to_string(),
            w: int(size.width),
            h: int(size.height),
            size: int(i64::try_from(size.file.size).unwrap_or(i64::MAX)),
        })
    }

    /// `photo`.
    pub(crate) fn photo(&self, photo: &Photo) -> enums::Photo {
        enums::Photo::Photo(types::Photo {
            has_stickers: false,
            id: photo.id,
            access_hash: self.media_hash(photo.id),
            file_reference: photo.id.to_le_bytes().to_vec(),
            date: int(photo.date),
            sizes: photo.sizes.iter().map(Self::photo_size).collect(),
            video_sizes: None,
            dc_id: DC_ID,
        })
    }

    /// `document`, with the attributes of its kind.
    pub(crate) fn document(&self, doc: &Document) -> enums::Document {
        use enums::DocumentAttribute as A;
        let mut attributes = Vec::new();
        match &doc.kind {
            DocumentKind::File => {}
            DocumentKind::Video {
                duration,
                width,
                height,
                supports_streaming,
            } => attributes.push(video(
                *duration,
                *width,
                *height,
                *supports_streaming,
                false,
            )),
            DocumentKind::Animation {
                duration,
                width,
                height,
            } => {
                attributes.push(video(*duration, *width, *height, false, false));
                attributes.push(A::Animated);
            }
            DocumentKind::VideoNote { duration, length } => {
                attributes.push(video(*duration, *length, *length, false, true));
            }
            DocumentKind::Audio {
                duration,
                performer,
                title,
            } => attributes.push(A::Audio(types::DocumentAttributeAudio {
                voice: false,
                duration: int(*duration),
                title: title.clone(),
                performer: performer.clone(),
                waveform: None,
            })),
            DocumentKind::Voice { duration } => {
                attributes.push(A::Audio(types::DocumentAttributeAudio {
                    voice: true,
                    duration: int(*duration),
                    title: None,
                    performer: None,
                    waveform: None,
                }));
            }
            DocumentKind::Sticker {
                width,
                height,
                emoji,
                set,
                ..
            } => {
                attributes.push(A::ImageSize(types::DocumentAttributeImageSize {
                    w: int(*width),
                    h: int(*height),
                }));
                let alt = emoji.clone().unwrap_or_default();
                let stickerset = set.as_ref().map_or(enums::InputStickerSet::Empty, |link| {
                    enums::InputStickerSet::ShortName(types::InputStickerSetShortName {
                        short_name: link.set_name.clone(),
                    })
                });
                match set.as_deref() {
                    Some(link) if link.sticker_type == StickerType::CustomEmoji => {
                        attributes.push(A::CustomEmoji(types::DocumentAttributeCustomEmoji {
                            free: true,
                            text_color: link.needs_repainting,
                            alt,
                            stickerset,
                        }));
                    }
                    link => attributes.push(A::Sticker(types::DocumentAttributeSticker {
                        mask: link.is_some_and(|l| l.sticker_type == StickerType::Mask),
                        alt,
                        stickerset,
                        mask_coords: link
                            .and_then(|l| l.mask_position.as_ref())
                            .map(crate::functions::stickers::mask_coords),
                    })),
                }
            }
        }
        if let Some(name) = &doc.file_name {
            attributes.push(A::Filename(types::DocumentAttributeFilename {
                file_name: name.clone(),
            }));
        }
        enums::Document::Document(types::Document {
            id: doc.id,
            access_hash: self.media_hash(doc.id),
            file_reference: doc.id.to_le_bytes().to_vec(),
            date: int(doc.date),
            mime_type: doc.mime_type.clone(),
            size: i64::try_from(doc.file.size).unwrap_or(i64::MAX),
            thumbs: doc.thumbnail.as_ref().map(|t| vec![Self::photo_size(t)]),
            video_thumbs: None,
            dc_id: DC_ID,
            attributes,
        })
    }

    /// The `MessageMedia` of a media message.
    pub(crate) fn media(&self, content: &MediaContent) -> enums::MessageMedia {
        match &content.media {
            Media::Photo(photo) => enums::MessageMedia::Photo(types::MessageMediaPhoto {
                spoiler: content.has_spoiler,
                live_photo: false,
                photo: Some(self.photo(photo)),
                ttl_seconds: None,
                video: None,
            }),
            Media::Document(doc) => enums::MessageMedia::Document(types::MessageMediaDocument {
                nopremium: false,
                spoiler: content.has_spoiler,
                video: matches!(doc.kind, DocumentKind::Video { .. }),
                round: matches!(doc.kind, DocumentKind::VideoNote { .. }),
                voice: matches!(doc.kind, DocumentKind::Voice { .. }),
                document: Some(self.document(doc)),
                alt_documents: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }),
        }
    }
}

fn video(
    duration: u32,
    width: u32,
    height: u32,
    supports_streaming: bool,
    round_message: bool,
) -> enums::DocumentAttribute {
    enums::DocumentAttribute::Video(types::DocumentAttributeVideo {
        round_message,
        supports_streaming,
        nosound: false,
        duration: f64::from(duration),
        w: int(width),
        h: int(height),
        preload_prefix_size: None,
        video_start_ts: None,
        video_codec: None,
    })
}

impl Ctx<'_> {
    /// A recorded media by id, if the access hash is the caller's.
    async fn media_by_hash(&self, id: i64, access_hash: i64) -> Result<Option<Media>, RpcError> {
        if self.view().media_hash(id) != access_hash {
            return Ok(None);
        }
        Ok(self.core.media(id).await?)
    }

    /// The photo an `InputPhoto` names (`PHOTO_INVALID` otherwise).
    pub(crate) async fn input_photo(&self, input: &enums::InputPhoto) -> Result<Media, RpcError> {
        let invalid = || RpcError::bad_request("PHOTO_INVALID");
        let enums::InputPhoto::Photo(photo) = input else {
            return Err(invalid());
        };
        match self.media_by_hash(photo.id, photo.access_hash).await? {
            Some(media @ Media::Photo(_)) => Ok(media),
            _ => Err(invalid()),
        }
    }

    /// The document an `InputDocument` names (`DOCUMENT_INVALID` otherwise).
    pub(crate) async fn input_document(
        &self,
        input: &enums::InputDocument,
    ) -> Result<Media, RpcError> {
        let invalid = || RpcError::bad_request("DOCUMENT_INVALID");
        let enums::InputDocument::Document(doc) = input else {
            return Err(invalid());
        };
        match self.media_by_hash(doc.id, doc.access_hash).await? {
            Some(media @ Media::Document(_)) => Ok(media),
            _ => Err(invalid()),
        }
    }

    /// The file a location names: a photo's size (`thumb_size` is its type) or a
    /// document's file (or, with a `thumb_size`, its thumbnail). `LOCATION_INVALID`
    /// otherwise.
    pub(crate) async fn file_location(
        &self,
        location: &enums::InputFileLocation,
    ) -> Result<FileTarget, RpcError> {
        let invalid = || RpcError::bad_request("LOCATION_INVALID");
        if let enums::InputFileLocation::InputPeerPhotoFileLocation(l) = location {
            return self.peer_photo_location(l).await?.ok_or_else(invalid);
        }
        let (id, access_hash, thumb_size, photo) = match location {
            enums::InputFileLocation::InputPhotoFileLocation(l) => {
                (l.id, l.access_hash, l.thumb_size.as_str(), true)
            }
            enums::InputFileLocation::InputDocumentFileLocation(l) => {
                (l.id, l.access_hash, l.thumb_size.as_str(), false)
            }
            _ => return Err(invalid()),
        };
        let media = self
            .media_by_hash(id, access_hash)
            .await?
            .ok_or_else(invalid)?;
        let slot = match (&media, photo) {
            (Media::Photo(_), true) => {
                let mut kinds = thumb_size.chars();
                match (kinds.next(), kinds.next()) {
                    (Some(kind), None) => FileSlot::PhotoSize(kind),
                    _ => return Err(invalid()),
                }
            }
            (Media::Document(_), false) if thumb_size.is_empty() => FileSlot::Document,
            (Media::Document(_), false) => FileSlot::Thumbnail,
            _ => return Err(invalid()),
        };
        let file = media.file(slot).ok_or_else(invalid)?;
        Ok(FileTarget { media, slot, file })
    }
}

impl Ctx<'_> {
    /// A user's or chat's current photo as `inputPeerPhotoFileLocation` names it: its
    /// largest size when `big`, else its smallest.
    async fn peer_photo_location(
        &self,
        location: &types::InputPeerPhotoFileLocation,
    ) -> Result<Option<FileTarget>, RpcError> {
        let photo = match self.input_peer(&location.peer).await? {
            Peer::User(user) => self.core.user(user).await?.photo.clone(),
            chat => self.core.chat(chat).await?.photo.clone(),
        };
        let Some(photo) = photo.filter(|p| p.id == location.photo_id) else {
            return Ok(None);
        };
        let size = if location.big {
            photo.largest()
        } else {
            photo.sizes.first()
        };
        let Some(size) = size else {
            return Ok(None);
        };
        let (slot, file) = (FileSlot::PhotoSize(size.kind), size.file);
        Ok(Some(FileTarget {
            media: Media::Photo(photo),
            slot,
            file,
        }))
    }
}

/// The media of a contact, location, venue or dice message; `None` for other content.
pub(crate) fn attachment_media(content: &Content, viewer: UserId) -> Option<enums::MessageMedia> {
    Some(match content {
        Content::Contact(contact) => enums::MessageMedia::Contact(types::MessageMediaContact {
            phone_number: contact.phone_number.clone(),
            first_name: contact.first_name.clone(),
            last_name: contact.last_name.clone(),
            vcard: contact.vcard.clone(),
            user_id: contact.user_id.map_or(0, |u| u.0),
        }),
        Content::Location(place) => match place.live_period {
            Some(period) => enums::MessageMedia::GeoLive(types::MessageMediaGeoLive {
                geo: geo_point(place),
                heading: place.heading,
                period,
                proximity_notification_radius: place.proximity_alert_radius,
            }),
            None => enums::MessageMedia::Geo(types::MessageMediaGeo {
                geo: geo_point(place),
            }),
        },
        Content::Venue(venue) => enums::MessageMedia::Venue(types::MessageMediaVenue {
            geo: geo_point(&venue.location),
            title: venue.title.clone(),
            address: venue.address.clone(),
            provider: venue.provider.clone(),
            venue_id: venue.venue_id.clone(),
            venue_type: venue.venue_type.clone(),
        }),
        Content::Dice(dice) => enums::MessageMedia::Dice(types::MessageMediaDice {
            value: dice.value,
            emoticon: dice.emoji.clone(),
            game_outcome: None,
        }),
        Content::Poll(poll) => enums::MessageMedia::Poll(Box::new(types::MessageMediaPoll {
            poll: crate::functions::polls::poll(poll, false, viewer),
            results: crate::functions::polls::min_results(),
            attached_media: None,
        })),
        Content::Text { .. } | Content::Media(_) | Content::Service(_) => return None,
    })
}

/// `geoPoint`. Its access hash is not checked by gramd, which has no map services.
pub(crate) fn geo_point(place: &Location) -> enums::GeoPoint {
    enums::GeoPoint::Point(types::GeoPoint {
        long: place.longitude,
        lat: place.latitude,
        access_hash: 0,
        // Accuracy is 0-1500 m, so the rounded value fits.
        #[allow(clippy::cast_possible_truncation)]
        accuracy_radius: place.horizontal_accuracy.map(|a| a.round() as i32),
    })
}
