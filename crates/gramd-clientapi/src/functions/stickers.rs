//! Sticker sets on the client API (<https://core.telegram.org/api/stickers>):
//! `messages.getStickerSet` (by short name, by id, and the topic icons), `stickers.*`
//! (create, add, remove, move, change, replace, rename, thumbnail, delete, check a short
//! name) over the core's sticker service, and `channels.setStickers`.
//!
//! A set's access hash is a keyed hash of its id, the same for everyone (sets are public
//! by name anyway). A sticker's `emoji` string is split into its emoji, its keywords on
//! commas.

use gramd_core::media::{Document, DocumentKind, Media, StickerFormat};
use gramd_core::stickers::{MaskPoint, MaskPosition, StickerSet, StickerType, split_emoji};
use gramd_core::{NewSticker, NewStickerSet, SetThumbnail, StickerChange, TOPIC_ICONS_SET_NAME};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::View;

/// Domain tag of sticker set access hashes.
const SET_HASH: i64 = 0x7374_6b72;

impl View<'_> {
    /// A set's access hash.
    pub(crate) fn sticker_set_hash(&self, id: i64) -> i64 {
        self.core.keyed_hash(&[SET_HASH, id])
    }

    /// `stickerSet`.
    pub(crate) fn sticker_set_info(&self, set: &StickerSet) -> enums::StickerSet {
        enums::StickerSet::Set(types::StickerSet {
            archived: false,
            official: set.bot.is_none() && set.owner.0 == 0,
            masks: set.sticker_type == StickerType::Mask,
            emojis: set.sticker_type == StickerType::CustomEmoji,
            text_color: set.needs_repainting,
            channel_emoji_status: false,
            creator: set.owner == self.me.id || set.bot == Some(self.me.id),
            installed_date: None,
            id: set.id,
            access_hash: self.sticker_set_hash(set.id),
            title: set.title.clone(),
            short_name: set.name.clone(),
            thumbs: None,
            thumb_dc_id: None,
            thumb_version: None,
            thumb_document_id: set.thumbnail_custom_emoji,
            count: i32::try_from(set.stickers.len()).unwrap_or(i32::MAX),
            hash: set.version,
        })
    }

    /// `messages.stickerSet`: the set, its emoji packs, keywords and documents.
    pub(crate) fn sticker_set(&self, set: &StickerSet) -> enums::messages::StickerSet {
        let mut packs: Vec<types::StickerPack> = Vec::new();
        for sticker in &set.stickers {
            for emoji in &sticker.emoji {
                match packs.iter_mut().find(|p| &p.emoticon == emoji) {
                    Some(pack) => pack.documents.push(sticker.id()),
                    None => packs.push(types::StickerPack {
                        emoticon: emoji.clone(),
                        documents: vec![sticker.id()],
                    }),
                }
            }
        }
        enums::messages::StickerSet::Set(types::messages::StickerSet {
            set: self.sticker_set_info(set),
            packs: packs.into_iter().map(enums::StickerPack::Pack).collect(),
            keywords: set
                .stickers
                .iter()
                .filter(|s| !s.keywords.is_empty())
                .map(|s| {
                    enums::StickerKeyword::Keyword(types::StickerKeyword {
                        document_id: s.id(),
                        keyword: s.keywords.clone(),
                    })
                })
                .collect(),
            documents: set
                .stickers
                .iter()
                .map(|s| self.document(&s.document))
                .collect(),
        })
    }
}

/// The `maskCoords` of a mask position.
pub(crate) fn mask_coords(position: &MaskPosition) -> enums::MaskCoords {
    enums::MaskCoords::Coords(types::MaskCoords {
        n: position.point.number(),
        x: position.x_shift,
        y: position.y_shift,
        zoom: position.scale,
    })
}

fn mask_position(coords: Option<&enums::MaskCoords>) -> Option<MaskPosition> {
    let enums::MaskCoords::Coords(c) = coords?;
    let point = MaskPoint::ALL.into_iter().find(|p| p.number() == c.n)?;
    MaskPosition::new(point, c.x, c.y, c.zoom)
}

fn keywords(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.split(',').map(|k| k.trim().to_owned()).collect())
        .unwrap_or_default()
}

impl Ctx<'_> {
    /// The set an `InputStickerSet` names (`STICKERSET_INVALID` otherwise).
    async fn input_sticker_set(
        &self,
        input: &enums::InputStickerSet,
    ) -> Result<StickerSet, RpcError> {
        let invalid = || RpcError::bad_request("STICKERSET_INVALID");
        match input {
            enums::InputStickerSet::ShortName(s) => {
                Ok(self.core.sticker_set(&s.short_name).await?)
            }
            enums::InputStickerSet::Id(s)
                if self.view().sticker_set_hash(s.id) == s.access_hash =>
            {
                Ok(self.core.sticker_set_by_id(s.id).await?)
            }
            enums::InputStickerSet::EmojiDefaultTopicIcons => {
                Ok(self.core.sticker_set(TOPIC_ICONS_SET_NAME).await?)
            }
            _ => Err(invalid()),
        }
    }

    /// The sticker document an `InputDocument` names: its id.
    async fn sticker_document(&self, input: &enums::InputDocument) -> Result<i64, RpcError> {
        match self.input_document(input).await {
            Ok(media) => Ok(media.id()),
            Err(_) => Err(RpcError::bad_request("STICKER_INVALID")),
        }
    }

    /// An `inputStickerSetItem` as a sticker to add.
    async fn new_sticker(&self, item: &enums::InputStickerSetItem) -> Result<NewSticker, RpcError> {
        let enums::InputStickerSetItem::Item(item) = item;
        let Media::Document(file) = self.input_document(&item.document).await? else {
            return Err(RpcError::bad_request("STICKER_FILE_INVALID"));
        };
        Ok(NewSticker {
            format: format_of(&file),
            file,
            emoji: split_emoji(&item.emoji),
            keywords: keywords(item.keywords.as_deref()),
            mask_position: mask_position(item.mask_coords.as_ref()),
        })
    }
}

/// A document's sticker format: its own if it is a sticker, else from its MIME type.
fn format_of(doc: &Document) -> StickerFormat {
    match (&doc.kind, doc.mime_type.as_str()) {
        (DocumentKind::Sticker { format, .. }, _) => *format,
        (_, "application/x-tgsticker") => StickerFormat::Animated,
        (_, "video/webm") => StickerFormat::Video,
        _ => StickerFormat::Static,
    }
}

pub(crate) async fn get_sticker_set(
    ctx: &Ctx<'_>,
    req: f::messages::GetStickerSet,
) -> Result<enums::messages::StickerSet, RpcError> {
    let set = ctx.input_sticker_set(&req.stickerset).await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn create_sticker_set(
    ctx: &Ctx<'_>,
    req: f::stickers::CreateStickerSet,
) -> Result<enums::messages::StickerSet, RpcError> {
    let owner = ctx.input_user(&req.user_id).await?;
    let mut stickers = Vec::with_capacity(req.stickers.len());
    for item in &req.stickers {
        stickers.push(ctx.new_sticker(item).await?);
    }
    let sticker_type = if req.emojis {
        StickerType::CustomEmoji
    } else if req.masks {
        StickerType::Mask
    } else {
        StickerType::Regular
    };
    let set = ctx
        .core
        .create_sticker_set(
            ctx.me().id,
            NewStickerSet {
                owner,
                name: req.short_name,
                title: req.title,
                sticker_type,
                needs_repainting: req.text_color,
                stickers,
            },
        )
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn add_sticker_to_set(
    ctx: &Ctx<'_>,
    req: f::stickers::AddStickerToSet,
) -> Result<enums::messages::StickerSet, RpcError> {
    let set = ctx.input_sticker_set(&req.stickerset).await?;
    let sticker = ctx.new_sticker(&req.sticker).await?;
    let set = ctx
        .core
        .add_sticker_to_set(ctx.me().id, None, &set.name, sticker)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn remove_sticker_from_set(
    ctx: &Ctx<'_>,
    req: f::stickers::RemoveStickerFromSet,
) -> Result<enums::messages::StickerSet, RpcError> {
    let sticker = ctx.sticker_document(&req.sticker).await?;
    let set = ctx
        .core
        .delete_sticker_from_set(ctx.me().id, sticker)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn change_sticker_position(
    ctx: &Ctx<'_>,
    req: f::stickers::ChangeStickerPosition,
) -> Result<enums::messages::StickerSet, RpcError> {
    let sticker = ctx.sticker_document(&req.sticker).await?;
    let position =
        usize::try_from(req.position).map_err(|_| RpcError::bad_request("STICKER_INVALID"))?;
    let set = ctx
        .core
        .set_sticker_position(ctx.me().id, sticker, position)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn change_sticker(
    ctx: &Ctx<'_>,
    req: f::stickers::ChangeSticker,
) -> Result<enums::messages::StickerSet, RpcError> {
    let sticker = ctx.sticker_document(&req.sticker).await?;
    let change = StickerChange {
        emoji: req.emoji.as_deref().map(split_emoji),
        keywords: req.keywords.as_deref().map(|k| keywords(Some(k))),
        mask_position: req
            .mask_coords
            .as_ref()
            .map(|coords| mask_position(Some(coords))),
    };
    let set = ctx
        .core
        .change_sticker(ctx.me().id, sticker, change)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn replace_sticker(
    ctx: &Ctx<'_>,
    req: f::stickers::ReplaceSticker,
) -> Result<enums::messages::StickerSet, RpcError> {
    let old = ctx.sticker_document(&req.sticker).await?;
    let sticker = ctx.new_sticker(&req.new_sticker).await?;
    let set = ctx
        .core
        .replace_sticker_in_set(ctx.me().id, None, None, old, sticker)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn rename_sticker_set(
    ctx: &Ctx<'_>,
    req: f::stickers::RenameStickerSet,
) -> Result<enums::messages::StickerSet, RpcError> {
    let set = ctx.input_sticker_set(&req.stickerset).await?;
    let set = ctx
        .core
        .set_sticker_set_title(ctx.me().id, &set.name, &req.title)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn set_sticker_set_thumb(
    ctx: &Ctx<'_>,
    req: f::stickers::SetStickerSetThumb,
) -> Result<enums::messages::StickerSet, RpcError> {
    let set = ctx.input_sticker_set(&req.stickerset).await?;
    let thumbnail = match (&req.thumb, req.thumb_document_id) {
        (_, Some(id)) if id != 0 => SetThumbnail::CustomEmoji(id),
        (Some(enums::InputDocument::Empty) | None, _) => SetThumbnail::None,
        (Some(thumb), _) => {
            let Media::Document(file) = ctx.input_document(thumb).await? else {
                return Err(RpcError::bad_request("STICKER_THUMB_PNG_NOPNG"));
            };
            let format = format_of(&file);
            SetThumbnail::File(Box::new(file), format)
        }
    };
    let set = ctx
        .core
        .set_sticker_set_thumbnail(ctx.me().id, None, &set.name, thumbnail)
        .await?;
    Ok(ctx.view().sticker_set(&set))
}

pub(crate) async fn delete_sticker_set(
    ctx: &Ctx<'_>,
    req: f::stickers::DeleteStickerSet,
) -> Result<bool, RpcError> {
    let set = ctx.input_sticker_set(&req.stickerset).await?;
    ctx.core.delete_sticker_set(ctx.me().id, &set.name).await?;
    Ok(true)
}

pub(crate) async fn check_short_name(
    ctx: &Ctx<'_>,
    req: f::stickers::CheckShortName,
) -> Result<bool, RpcError> {
    ctx.core.check_sticker_set_name(&req.short_name).await?;
    Ok(true)
}

pub(crate) async fn set_stickers(
    ctx: &Ctx<'_>,
    req: f::channels::SetStickers,
) -> Result<bool, RpcError> {
    let peer = ctx.input_channel(&req.channel).await?;
    let name = match &req.stickerset {
        enums::InputStickerSet::Empty => None,
        other => Some(ctx.input_sticker_set(other).await?.name),
    };
    ctx.core
        .set_chat_sticker_set(ctx.me().id, peer, name.as_deref())
        .await?;
    Ok(true)
}
