//! Uploading files, sending media and albums, and downloading files
//! (<https://core.telegram.org/api/files>).
//!
//! A client uploads a file in parts (`upload.saveFilePart`, or `upload.saveBigFilePart`
//! for big files; the parts are kept by the core's file store) and names it in an
//! `inputFile`/`inputFileBig` of `messages.sendMedia` or `messages.sendMultiMedia`, which
//! joins the parts and stores the file as a photo (with its sizes) or a document (with the
//! kind its attributes say). Media already sent are named again by `inputMediaPhoto` /
//! `inputMediaDocument` (id and the caller's access hash); `messages.uploadMedia` stores an
//! upload without sending it, so that an album can name its files that way (Telethon and
//! GramJS send albums so). `upload.getFile` reads a
//! photo's size or a document in chunks, with Telegram's rules for offsets and limits.

use gramd_core::DocumentUpload;
use gramd_core::attachments::{Attachment, Contact, Location, Venue};
use gramd_core::ids::Peer;
use gramd_core::media::{DocumentKind, FileSlot, Media, MediaContent, StickerFormat};
use gramd_core::messages::{LiveLocationEdit, Message, OutgoingMedia, OutgoingText, SendOptions};
use grammers_tl_types::{enums, functions as f, types};

use super::messages::{
    claim_random_ids, input_entities, message_id_update, message_update, reply_error, reply_target,
    reply_topic,
};
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::int;

/// 1 MiB: no chunk of `upload.getFile` may cross a multiple of it.
const MIB: i64 = 1 << 20;

pub(crate) async fn save_file_part(
    ctx: &Ctx<'_>,
    req: f::upload::SaveFilePart,
) -> Result<bool, RpcError> {
    ctx.core
        .save_file_part(ctx.me().id, req.file_id, req.file_part, req.bytes)
        .await?;
    Ok(true)
}

pub(crate) async fn save_big_file_part(
    ctx: &Ctx<'_>,
    req: f::upload::SaveBigFilePart,
) -> Result<bool, RpcError> {
    if req.file_total_parts <= 0 || req.file_part >= req.file_total_parts {
        return Err(RpcError::bad_request("FILE_PARTS_INVALID"));
    }
    ctx.core
        .save_file_part(ctx.me().id, req.file_id, req.file_part, req.bytes)
        .await?;
    Ok(true)
}

/// The bytes and name of an uploaded `InputFile`.
pub(crate) async fn uploaded(
    ctx: &Ctx<'_>,
    file: &enums::InputFile,
) -> Result<(Vec<u8>, String), RpcError> {
    let (id, parts, name) = match file {
        enums::InputFile::File(f) => (f.id, f.parts, &f.name),
        enums::InputFile::Big(f) => (f.id, f.parts, &f.name),
        enums::InputFile::StoryDocument(_) => return Err(RpcError::bad_request("MEDIA_INVALID")),
    };
    let bytes = ctx.core.take_upload(ctx.me().id, id, parts).await?;
    Ok((bytes, name.clone()))
}

/// The kind of document and the file name its attributes give.
fn document_kind(attributes: &[enums::DocumentAttribute]) -> (DocumentKind, Option<String>) {
    use enums::DocumentAttribute as A;
    let mut kind = DocumentKind::File;
    let mut name = None;
    let mut animated = false;
    let mut image_size = None;
    for attribute in attributes {
        match attribute {
            A::Filename(f) => name = Some(f.file_name.clone()),
            A::Animated => animated = true,
            A::ImageSize(s) => image_size = Some((s.w, s.h)),
            A::Video(v) => {
                let seconds = v.duration.max(0.0).round();
                // Durations are whole seconds of at most a day, so the cast is exact.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let duration = seconds.min(86_400.0) as u32;
                let (w, h) = (dim(v.w), dim(v.h));
                kind = if v.round_message {
                    DocumentKind::VideoNote {
                        duration,
                        length: w,
                    }
                } else {
                    DocumentKind::Video {
                        duration,
                        width: w,
                        height: h,
                        supports_streaming: v.supports_streaming,
                    }
                };
            }
            A::Audio(a) => {
                let duration = dim(a.duration);
                kind = if a.voice {
                    DocumentKind::Voice { duration }
                } else {
                    DocumentKind::Audio {
                        duration,
                        performer: a.performer.clone(),
                        title: a.title.clone(),
                    }
                };
            }
            A::Sticker(s) => {
                kind = DocumentKind::Sticker {
                    width: 512,
                    height: 512,
                    emoji: Some(s.alt.clone()).filter(|a| !a.is_empty()),
                    format: StickerFormat::Static,
                    set: None,
                };
            }
            _ => {}
        }
    }
    if animated {
        let (duration, width, height) = match kind {
            DocumentKind::Video {
                duration,
                width,
                height,
                ..
            } => (duration, width, height),
            _ => (0, 0, 0),
        };
        kind = DocumentKind::Animation {
            duration,
            width,
            height,
        };
    }
    if let (DocumentKind::Sticker { width, height, .. }, Some((w, h))) = (&mut kind, image_size) {
        (*width, *height) = (dim(w), dim(h));
    }
    (kind, name)
}

fn dim(value: i32) -> u32 {
    u32::try_from(value.clamp(0, 10_000)).unwrap_or(0)
}

/// The media an `InputMedia` stands for (uploads are stored here).
async fn input_media(ctx: &Ctx<'_>, media: &enums::InputMedia) -> Result<(Media, bool), RpcError> {
    Ok(match media {
        enums::InputMedia::UploadedPhoto(m) => {
            let (bytes, _) = uploaded(ctx, &m.file).await?;
            (Media::Photo(ctx.core.upload_photo(bytes).await?), m.spoiler)
        }
        enums::InputMedia::UploadedDocument(m) => {
            let (bytes, upload_name) = uploaded(ctx, &m.file).await?;
            let thumbnail = match &m.thumb {
                Some(thumb) => Some(uploaded(ctx, thumb).await?.0),
                None => None,
            };
            let (kind, name) = if m.force_file {
                (DocumentKind::File, document_kind(&m.attributes).1)
            } else {
                document_kind(&m.attributes)
            };
            let upload = DocumentUpload {
                bytes,
                file_name: name.or(Some(upload_name)).filter(|n| !n.is_empty()),
                mime_type: m.mime_type.clone(),
                kind,
                thumbnail,
            };
            (
                Media::Document(ctx.core.upload_document(upload).await?),
                m.spoiler,
            )
        }
        enums::InputMedia::Photo(m) => (ctx.input_photo(&m.id).await?, m.spoiler),
        enums::InputMedia::Document(m) => (ctx.input_document(&m.id).await?, m.spoiler),
        _ => return Err(RpcError::bad_request("MEDIA_INVALID")),
    })
}

/// The location an `InputGeoPoint` names.
pub(crate) fn geo(point: &enums::InputGeoPoint) -> Result<Location, RpcError> {
    match point {
        enums::InputGeoPoint::Point(p) => Ok(Location {
            horizontal_accuracy: p.accuracy_radius.map(f64::from),
            ..Location::point(p.lat, p.long)
        }),
        enums::InputGeoPoint::Empty => Err(RpcError::bad_request("GEO_POINT_INVALID")),
    }
}

/// What `inputMediaGeoLive` in `messages.editMessage` does to a live location: stops it
/// (`stopped`), or moves it.
pub(crate) fn live_location_edit(
    live: &types::InputMediaGeoLive,
) -> Result<LiveLocationEdit, RpcError> {
    if live.stopped {
        return Ok(LiveLocationEdit::Stop);
    }
    Ok(LiveLocationEdit::Move(Location {
        live_period: live.period,
        heading: live.heading,
        proximity_alert_radius: live.proximity_notification_radius,
        ..geo(&live.geo_point)?
    }))
}

/// The contact, location, venue or dice an `InputMedia` stands for; `None` for files.
fn input_attachment(media: &enums::InputMedia) -> Result<Option<Attachment>, RpcError> {
    Ok(Some(match media {
        enums::InputMedia::Contact(m) => Attachment::Contact(Contact {
            phone_number: m.phone_number.clone(),
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            vcard: m.vcard.clone(),
            user_id: None,
        }),
        enums::InputMedia::GeoPoint(m) => Attachment::Location(geo(&m.geo_point)?),
        enums::InputMedia::GeoLive(m) => Attachment::Location(Location {
            live_period: Some(m.period.unwrap_or(900)),
            heading: m.heading,
            proximity_alert_radius: m.proximity_notification_radius,
            ..geo(&m.geo_point)?
        }),
        enums::InputMedia::Venue(m) => Attachment::Venue(Venue {
            location: geo(&m.geo_point)?,
            title: m.title.clone(),
            address: m.address.clone(),
            provider: m.provider.clone(),
            venue_id: m.venue_id.clone(),
            venue_type: m.venue_type.clone(),
        }),
        enums::InputMedia::Dice(m) => Attachment::Dice {
            emoji: m.emoticon.clone(),
        },
        _ => return Ok(None),
    }))
}

/// Media with its caption, ready to send.
async fn outgoing(
    ctx: &Ctx<'_>,
    media: &enums::InputMedia,
    message: String,
    entities: Option<&Vec<enums::MessageEntity>>,
    invert_media: bool,
) -> Result<OutgoingMedia, RpcError> {
    let (media, has_spoiler) = input_media(ctx, media).await?;
    Ok(OutgoingMedia {
        media,
        caption: OutgoingText {
            text: message,
            entities: input_entities(entities),
            link_preview: None,
        },
        has_spoiler,
        show_caption_above_media: invert_media,
    })
}

/// The `updates` of messages just sent: each one's `updateMessageID` and new-message
/// update.
pub(crate) async fn sent_updates(
    ctx: &Ctx<'_>,
    sent: Vec<(Message, i32, i64)>,
) -> Result<enums::Updates, RpcError> {
    let mut updates = Vec::with_capacity(sent.len() * 2);
    let mut messages = Vec::with_capacity(sent.len());
    for (message, pts, random_id) in sent {
        updates.push(message_id_update(message.id, random_id));
        updates.push(message_update(ctx, &message, pts, false).await?);
        messages.push(message);
    }
    Ok(ctx.view().updates(updates, &messages, []).await?)
}

pub(crate) async fn send_media(
    ctx: &Ctx<'_>,
    req: f::messages::SendMedia,
) -> Result<enums::Updates, RpcError> {
    let peer: Peer = ctx.input_peer(&req.peer).await?;
    let options = SendOptions {
        reply_to: reply_target(req.reply_to.as_ref()),
        reply_markup: None,
        silent: req.silent,
        noforwards: req.noforwards,
        via_business_bot: None,
        via_bot: None,
        topic: reply_topic(req.reply_to.as_ref()),
    };
    let claim = claim_random_ids(ctx, &[req.random_id])?;
    let (me, business) = (ctx.me().id, ctx.business_connection);
    let sent = if let enums::InputMedia::Poll(poll) = &req.media {
        let poll = super::polls::input_poll(poll)?;
        match business {
            Some(connection) => {
                ctx.core
                    .send_business_poll(me, connection, peer, poll, options)
                    .await
            }
            None => ctx.core.send_poll(me, peer, poll, options).await,
        }
    } else if let Some(attachment) = input_attachment(&req.media)? {
        match business {
            Some(connection) => {
                ctx.core
                    .send_business_attachment(me, connection, peer, attachment, options)
                    .await
            }
            None => {
                ctx.core
                    .send_attachment(me, peer, attachment, options)
                    .await
            }
        }
    } else {
        let media = outgoing(
            ctx,
            &req.media,
            req.message,
            req.entities.as_ref(),
            req.invert_media,
        )
        .await?;
        match business {
            Some(connection) => {
                ctx.core
                    .send_business_media(me, connection, peer, media, options)
                    .await
            }
            None => ctx.core.send_media(me, peer, media, options).await,
        }
    }
    .map_err(reply_error)?;
    claim.keep();
    if let Some(connection) = business {
        return super::business::business_answer(
            ctx,
            connection,
            &sent.message,
            Some(req.random_id),
        )
        .await;
    }
    sent_updates(ctx, vec![(sent.message, sent.pts, req.random_id)]).await
}

pub(crate) async fn upload_media(
    ctx: &Ctx<'_>,
    req: f::messages::UploadMedia,
) -> Result<enums::MessageMedia, RpcError> {
    if req.business_connection_id.is_some() {
        return Err(RpcError::bad_request("BUSINESS_CONNECTION_INVALID"));
    }
    // The peer is where the media will be sent; it must be one the caller can name.
    ctx.input_peer(&req.peer).await?;
    let (media, has_spoiler) = input_media(ctx, &req.media).await?;
    ctx.core.record_media(media.clone()).await?;
    Ok(ctx.view().media(&MediaContent {
        media,
        caption: String::new(),
        entities: Vec::new(),
        has_spoiler,
        show_caption_above_media: false,
        group_id: None,
    }))
}

pub(crate) async fn send_multi_media(
    ctx: &Ctx<'_>,
    req: f::messages::SendMultiMedia,
) -> Result<enums::Updates, RpcError> {
    let peer: Peer = ctx.input_peer(&req.peer).await?;
    let options = SendOptions {
        reply_to: reply_target(req.reply_to.as_ref()),
        reply_markup: None,
        silent: req.silent,
        noforwards: req.noforwards,
        via_business_bot: None,
        via_bot: None,
        topic: reply_topic(req.reply_to.as_ref()),
    };
    if req.multi_media.len() > 10 {
        return Err(RpcError::bad_request("MULTI_MEDIA_TOO_LONG"));
    }
    let mut items = Vec::with_capacity(req.multi_media.len());
    let mut random_ids = Vec::with_capacity(req.multi_media.len());
    for single in req.multi_media {
        let enums::InputSingleMedia::Media(single) = single;
        random_ids.push(single.random_id);
        items.push(
            outgoing(
                ctx,
                &single.media,
                single.message,
                single.entities.as_ref(),
                req.invert_media,
            )
            .await?,
        );
    }
    let claim = claim_random_ids(ctx, &random_ids)?;
    let sent = ctx
        .core
        .send_album(ctx.me().id, peer, items, options)
        .await
        .map_err(reply_error)?;
    claim.keep();
    let sent = sent
        .into_iter()
        .zip(random_ids)
        .map(|(one, random_id)| (one.message, one.pts, random_id))
        .collect();
    sent_updates(ctx, sent).await
}

/// Checks `upload.getFile`'s offset and limit as Telegram does: in the precise mode both
/// are multiples of 1 KiB with a limit of at most 1 MiB; otherwise the offset is a
/// multiple of 4 KiB, the limit divides 1 MiB and is a multiple of 4 KiB, and the chunk
/// stays within one MiB.
fn check_chunk(precise: bool, offset: i64, limit: i32) -> Result<usize, RpcError> {
    let limit_invalid = || RpcError::bad_request("LIMIT_INVALID");
    if offset < 0 {
        return Err(RpcError::bad_request("OFFSET_INVALID"));
    }
    let chunk = i64::from(limit);
    if chunk <= 0 || chunk > MIB {
        return Err(limit_invalid());
    }
    if precise {
        if offset % 1024 != 0 {
            return Err(RpcError::bad_request("OFFSET_INVALID"));
        }
        if chunk % 1024 != 0 {
            return Err(limit_invalid());
        }
    } else {
        if offset % 4096 != 0 {
            return Err(RpcError::bad_request("OFFSET_INVALID"));
        }
        if chunk % 4096 != 0 || MIB % chunk != 0 || offset / MIB != (offset + chunk - 1) / MIB {
            return Err(limit_invalid());
        }
    }
    usize::try_from(chunk).map_err(|_| limit_invalid())
}

pub(crate) async fn get_file(
    ctx: &Ctx<'_>,
    req: f::upload::GetFile,
) -> Result<enums::upload::File, RpcError> {
    let limit = check_chunk(req.precise, req.offset, req.limit)?;
    let target = ctx.file_location(&req.location).await?;
    let offset = u64::try_from(req.offset).unwrap_or(0);
    let bytes = ctx.core.read_file(&target.file, offset, limit).await?;
    let r#type = match target.slot {
        FileSlot::PhotoSize(_) | FileSlot::Thumbnail => enums::storage::FileType::FileJpeg,
        FileSlot::Document => enums::storage::FileType::FileUnknown,
    };
    Ok(enums::upload::File::File(types::upload::File {
        r#type,
        mtime: int(ctx.core.now()),
        bytes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_telegrams_rules() {
        assert_eq!(check_chunk(false, 0, 4096), Ok(4096));
        assert_eq!(check_chunk(false, MIB, 1 << 20), Ok(1 << 20));
        assert_eq!(check_chunk(false, 4096, 512 << 10), Ok(512 << 10));
        assert_eq!(
            check_chunk(false, 768 << 10, 512 << 10).unwrap_err().name,
            "LIMIT_INVALID"
        );
        assert_eq!(
            check_chunk(false, 100, 4096).unwrap_err().name,
            "OFFSET_INVALID"
        );
        assert_eq!(
            check_chunk(false, 0, 12288).unwrap_err().name,
            "LIMIT_INVALID"
        );
        assert_eq!(check_chunk(false, 0, 0).unwrap_err().name, "LIMIT_INVALID");
        assert_eq!(check_chunk(true, 1024, 3072), Ok(3072));
        assert_eq!(
            check_chunk(true, 1000, 1024).unwrap_err().name,
            "OFFSET_INVALID"
        );
        assert_eq!(
            check_chunk(false, -4096, 4096).unwrap_err().name,
            "OFFSET_INVALID"
        );
    }

    #[test]
    fn attributes_say_the_kind_of_document() {
        use enums::DocumentAttribute as A;
        let video = A::Video(types::DocumentAttributeVideo {
            round_message: false,
            supports_streaming: true,
            nosound: false,
            duration: 12.4,
            w: 640,
            h: 360,
            preload_prefix_size: None,
            video_start_ts: None,
            video_codec: None,
        });
        let name = A::Filename(types::DocumentAttributeFilename {
            file_name: "clip.mp4".into(),
        });
        assert_eq!(
            document_kind(&[video.clone(), name]),
            (
                DocumentKind::Video {
                    duration: 12,
                    width: 640,
                    height: 360,
                    supports_streaming: true
                },
                Some("clip.mp4".into())
            )
        );
        assert!(matches!(
            document_kind(&[video, A::Animated]).0,
            DocumentKind::Animation { duration: 12, .. }
        ));
        let voice = A::Audio(types::DocumentAttributeAudio {
            voice: true,
            duration: 3,
            title: None,
            performer: None,
            waveform: None,
        });
        assert_eq!(
            document_kind(&[voice]).0,
            DocumentKind::Voice { duration: 3 }
        );
        assert_eq!(document_kind(&[]), (DocumentKind::File, None));
    }
}
