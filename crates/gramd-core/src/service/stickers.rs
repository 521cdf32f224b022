//! Sticker sets (see [`crate::stickers`]): uploading sticker files, creating sets, adding,
//! moving, changing, replacing and removing their stickers, titles and thumbnails,
//! deleting sets, custom emoji by id, a supergroup's sticker set, and the built-in set of
//! forum topic icons.
//!
//! Who may change a set: the bot that created it, or (for a set a person created with
//! the client API) its owner; anyone else is told `STICKERSET_INVALID`, as if the set did
//! not exist (gramd's choice, after Telegram's answer to a bot editing a set it did not
//! create). A sticker's document records its set ([`StickerSetLink`]); every change to a
//! set replaces the records of the documents it changes, so a sticker named by its file
//! id or `InputDocument` is sent as it now is. Changes to sets are made one at a time (a
//! lock held across the read and the write), so two concurrent additions both land.
//!
//! Error names are Telegram's (`PACK_SHORT_NAME_INVALID`, `PACK_SHORT_NAME_OCCUPIED`,
//! `PACK_TITLE_INVALID`, `STICKERSET_INVALID`, `STICKERS_EMPTY`, `STICKERS_TOO_MUCH`,
//! `STICKER_EMOJI_INVALID`, `STICKER_PNG_NOPNG`, `STICKER_PNG_DIMENSIONS`,
//! `STICKER_TGS_NOTGS`, `STICKER_VIDEO_NOWEBM`, `STICKER_INVALID`, `USER_ID_INVALID`);
//! which one Telegram gives in a few cases is inferred, and said so where it is.

use crate::chats::ChatKind;
use crate::error::{AdminAction, CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::media::{Document, DocumentKind, Media, StickerFormat};
use crate::stickers::{
    self, CUSTOM_EMOJI_SIDE, MaskPosition, STICKER_SIDE, SetSticker, StickerSet, StickerSetLink,
    StickerType,
};
use crate::store::Write;
use crate::users::User;

use super::Core;
use super::files::random_id;

/// Most custom emoji one `getCustomEmojiStickers` call may name (Telegram's limit).
pub const MAX_CUSTOM_EMOJI_IDS: usize = 200;
/// Most stickers one `createNewStickerSet` call may give (the Bot API's limit).
pub const MAX_INITIAL_STICKERS: usize = 50;
/// The name of the built-in set of forum topic icons.
pub const TOPIC_ICONS_SET_NAME: &str = "gramd_topic_icons";
/// The emoji of the built-in topic icons, one sticker each.
const TOPIC_ICON_EMOJI: [&str; 8] = ["📰", "💡", "⚡", "🎙", "📝", "📆", "📁", "🔥"];

/// A sticker to put in a set: a stored file (an upload, a file id, an `InputDocument`)
/// and what it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSticker {
    /// The file, as recorded (its kind does not matter: `format` says what it is).
    pub file: Document,
    /// Its format.
    pub format: StickerFormat,
    /// The emoji it stands for, 1-20.
    pub emoji: Vec<String>,
    /// Search keywords (regular and custom emoji stickers).
    pub keywords: Vec<String>,
    /// Where a mask goes (mask stickers).
    pub mask_position: Option<MaskPosition>,
}

/// A set to create.
#[derive(Clone, Debug, PartialEq)]
pub struct NewStickerSet {
    /// The user who will own it.
    pub owner: UserId,
    /// Its short name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// The type of its stickers.
    pub sticker_type: StickerType,
    /// Custom emoji recoloured to the text colour (custom emoji sets only).
    pub needs_repainting: bool,
    /// Its first stickers, at least one.
    pub stickers: Vec<NewSticker>,
}

/// A change to one sticker of a set; `None` fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StickerChange {
    /// New emoji, 1-20.
    pub emoji: Option<Vec<String>>,
    /// New keywords.
    pub keywords: Option<Vec<String>>,
    /// A new mask position (`Some(None)` removes it).
    pub mask_position: Option<Option<MaskPosition>>,
}

/// A set's thumbnail to set.
#[derive(Clone, Debug, PartialEq)]
pub enum SetThumbnail {
    /// None of its own: the first sticker stands for the set.
    None,
    /// A file (a regular or mask set's), in this format.
    File(Box<Document>, StickerFormat),
    /// One of the set's custom emoji (a custom emoji set's).
    CustomEmoji(i64),
}

impl Core {
    /// Stores a sticker file for later use in a set (`uploadStickerFile`): the bytes must be
    /// a file of the format (a picture, a gzip `.tgs`, a WebM); returns its document,
    /// recorded so that its file id resolves.
    ///
    /// # Errors
    /// `USER_ID_INVALID` if `owner` is no person, `STICKER_PNG_NOPNG`,
    /// `STICKER_TGS_NOTGS`, `STICKER_VIDEO_NOWEBM`, `FileTooBig`, `Internal`.
    pub async fn upload_sticker_file(
        &self,
        owner: UserId,
        bytes: Vec<u8>,
        file_name: Option<String>,
        format: StickerFormat,
    ) -> CoreResult<Document> {
        self.sticker_owner(owner).await?;
        if bytes.len() as u64 > stickers::max_file_size(format, StickerType::Regular) {
            return Err(CoreError::FileTooBig);
        }
        let (width, height) = sticker_size(&bytes, format, StickerType::Regular)?;
        let mime_type = sticker_mime_type(&bytes, format);
        let thumbnail = match format {
            StickerFormat::Static => self.thumbnail(bytes.clone()).await?,
            _ => None,
        };
        let file = self.0.files.put(bytes).await?;
        let document = Document {
            id: random_id(),
            date: self.now(),
            file,
            mime_type: mime_type.to_owned(),
            file_name: file_name.filter(|n| !n.is_empty()),
            kind: DocumentKind::Sticker {
                width,
                height,
                emoji: None,
                format,
                set: None,
            },
            thumbnail,
        };
        self.record_media(Media::Document(document.clone())).await?;
        Ok(document)
    }

    /// Creates a sticker set on behalf of `actor`: a bot creates it for a person (its name
    /// ending in `_by_<bot username>`), a person for themselves.
    ///
    /// # Errors
    /// `USER_ID_INVALID` (the owner is a bot, or a person creating a set for somebody
    /// else), `PACK_SHORT_NAME_INVALID`, `PACK_SHORT_NAME_OCCUPIED`, `PACK_TITLE_INVALID`,
    /// `STICKERS_EMPTY`, `STICKERS_TOO_MUCH`, the errors of a sticker's checks, `Internal`.
    pub async fn create_sticker_set(
        &self,
        actor: UserId,
        new: NewStickerSet,
    ) -> CoreResult<StickerSet> {
        let actor = self.user(actor).await?;
        let owner = self.sticker_owner(new.owner).await?;
        if !actor.is_bot() && actor.id != owner.id {
            return Err(CoreError::refused("USER_ID_INVALID"));
        }
        let bot_username = actor
            .is_bot()
            .then(|| actor.username.clone().unwrap_or_default());
        if !stickers::is_valid_set_name(&new.name, bot_username.as_deref()) {
            return Err(CoreError::refused("PACK_SHORT_NAME_INVALID"));
        }
        let title =
            stickers::clean_title(&new.title).ok_or(CoreError::refused("PACK_TITLE_INVALID"))?;
        if new.stickers.is_empty() {
            return Err(CoreError::refused("STICKERS_EMPTY"));
        }
        if new.stickers.len() > new.sticker_type.max_stickers() {
            return Err(CoreError::refused("STICKERS_TOO_MUCH"));
        }
        let _changing = self.0.sticker_changes.lock().await;
        if self.0.store.sticker_set_by_name(&new.name).await?.is_some() {
            return Err(CoreError::refused("PACK_SHORT_NAME_OCCUPIED"));
        }
        let mut set = StickerSet {
            id: random_id(),
            name: new.name,
            title,
            sticker_type: new.sticker_type,
            needs_repainting: new.needs_repainting && new.sticker_type == StickerType::CustomEmoji,
            owner: owner.id,
            bot: actor.is_bot().then_some(actor.id),
            stickers: Vec::with_capacity(new.stickers.len()),
            thumbnail: None,
            thumbnail_custom_emoji: None,
            version: 1,
            created_at: self.now(),
        };
        let mut changed = Vec::with_capacity(new.stickers.len());
        for sticker in new.stickers {
            let sticker = self.set_sticker(&set, sticker).await?;
            if !set.has_file(&sticker.document) {
                changed.push(sticker.document.clone());
                set.stickers.push(sticker);
            }
        }
        self.write_set(&mut set, changed, Vec::new()).await?;
        Ok(set)
    }

    /// A sticker set by name (in any case).
    ///
    /// # Errors
    /// `STICKERSET_INVALID` if there is none, `Internal`.
    pub async fn sticker_set(&self, name: &str) -> CoreResult<StickerSet> {
        if name.trim().eq_ignore_ascii_case(TOPIC_ICONS_SET_NAME) {
            return self.topic_icons().await;
        }
        self.0
            .store
            .sticker_set_by_name(name.trim())
            .await?
            .ok_or(CoreError::refused("STICKERSET_INVALID"))
    }

    /// A sticker set by id.
    ///
    /// # Errors
    /// `STICKERSET_INVALID` if there is none, `Internal`.
    pub async fn sticker_set_by_id(&self, id: i64) -> CoreResult<StickerSet> {
        self.0
            .store
            .sticker_set(id)
            .await?
            .ok_or(CoreError::refused("STICKERSET_INVALID"))
    }

    /// The ids of the sets `owner` owns, oldest first.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn sticker_sets_of(&self, owner: UserId) -> CoreResult<Vec<i64>> {
        Ok(self.0.store.sticker_sets_of(owner).await?)
    }

    /// Adds a sticker at the end of a set; a sticker with the same file already in it
    /// changes nothing. With `owner`, the set must be that user's.
    ///
    /// # Errors
    /// `STICKERSET_INVALID` (no such set, not the actor's to change, another owner's),
    /// `STICKERS_TOO_MUCH`, the errors of a sticker's checks, `Internal`.
    pub async fn add_sticker_to_set(
        &self,
        actor: UserId,
        owner: Option<UserId>,
        name: &str,
        sticker: NewSticker,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let mut set = self.editable_set(actor, name, owner).await?;
        let sticker = self.set_sticker(&set, sticker).await?;
        if set.has_file(&sticker.document) {
            return Ok(set);
        }
        if set.stickers.len() >= set.sticker_type.max_stickers() {
            return Err(CoreError::refused("STICKERS_TOO_MUCH"));
        }
        let document = sticker.document.clone();
        set.stickers.push(sticker);
        self.write_set(&mut set, vec![document], Vec::new()).await?;
        Ok(set)
    }

    /// Replaces a sticker of a set with a new one at the same position (`old` is the old
    /// sticker's document id). With `name` and `owner`, the set must be that one, that
    /// user's.
    ///
    /// # Errors
    /// `STICKER_INVALID` if `old` is in no set, `STICKERSET_INVALID`, the errors of a
    /// sticker's checks, `Internal`.
    pub async fn replace_sticker_in_set(
        &self,
        actor: UserId,
        owner: Option<UserId>,
        name: Option<&str>,
        old: i64,
        sticker: NewSticker,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let (mut set, position) = self.editable_sticker(actor, old).await?;
        if name.is_some_and(|n| !n.trim().eq_ignore_ascii_case(&set.name))
            || owner.is_some_and(|o| o != set.owner)
        {
            return Err(CoreError::refused("STICKERSET_INVALID"));
        }
        let sticker = self.set_sticker(&set, sticker).await?;
        if set.has_file(&sticker.document) {
            return Ok(set);
        }
        let document = sticker.document.clone();
        let removed = std::mem::replace(&mut set.stickers[position], sticker);
        if set.thumbnail_custom_emoji == Some(removed.id()) {
            set.thumbnail_custom_emoji = None;
        }
        self.write_set(&mut set, vec![document], vec![removed.document])
            .await?;
        Ok(set)
    }

    /// Moves a sticker (by document id) to `position` (zero-based) in its set.
    ///
    /// # Errors
    /// `STICKER_INVALID` if it is in no set or the position is past the end (inferred:
    /// Telegram's documented error of `stickers.changeStickerPosition`),
    /// `STICKERSET_INVALID`, `Internal`.
    pub async fn set_sticker_position(
        &self,
        actor: UserId,
        sticker: i64,
        position: usize,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let (mut set, from) = self.editable_sticker(actor, sticker).await?;
        if position >= set.stickers.len() {
            return Err(CoreError::refused("STICKER_INVALID"));
        }
        let moved = set.stickers.remove(from);
        set.stickers.insert(position, moved);
        self.write_set(&mut set, Vec::new(), Vec::new()).await?;
        Ok(set)
    }

    /// Removes a sticker (by document id) from its set. The set's last sticker may be
    /// removed too (the set stays, empty, as Telegram's does).
    ///
    /// # Errors
    /// `STICKER_INVALID`, `STICKERSET_INVALID`, `Internal`.
    pub async fn delete_sticker_from_set(
        &self,
        actor: UserId,
        sticker: i64,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let (mut set, position) = self.editable_sticker(actor, sticker).await?;
        let removed = set.stickers.remove(position);
        if set.thumbnail_custom_emoji == Some(removed.id()) {
            set.thumbnail_custom_emoji = None;
        }
        self.write_set(&mut set, Vec::new(), vec![removed.document])
            .await?;
        Ok(set)
    }

    /// Changes a sticker's emoji, keywords or mask position.
    ///
    /// # Errors
    /// `STICKER_EMOJI_INVALID`, `STICKER_INVALID`, `STICKERSET_INVALID`, `Internal`.
    pub async fn change_sticker(
        &self,
        actor: UserId,
        sticker: i64,
        change: StickerChange,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let (mut set, position) = self.editable_sticker(actor, sticker).await?;
        let link_mask = set.stickers[position]
            .link()
            .and_then(|link| link.mask_position);
        let entry = &mut set.stickers[position];
        if let Some(emoji) = change.emoji {
            if !stickers::emoji_are_valid(&emoji) {
                return Err(CoreError::refused("STICKER_EMOJI_INVALID"));
            }
            entry.emoji = emoji;
        }
        if let Some(keywords) = change.keywords {
            entry.keywords = keywords_within_limits(&keywords);
        }
        let mask = change.mask_position.unwrap_or(link_mask);
        let link = set.link(mask);
        let entry = &mut set.stickers[position];
        relink(entry, Some(link));
        let document = entry.document.clone();
        self.write_set(&mut set, vec![document], Vec::new()).await?;
        Ok(set)
    }

    /// Changes a set's title.
    ///
    /// # Errors
    /// `PACK_TITLE_INVALID`, `STICKERSET_INVALID`, `Internal`.
    pub async fn set_sticker_set_title(
        &self,
        actor: UserId,
        name: &str,
        title: &str,
    ) -> CoreResult<StickerSet> {
        let title = stickers::clean_title(title).ok_or(CoreError::refused("PACK_TITLE_INVALID"))?;
        let _changing = self.0.sticker_changes.lock().await;
        let mut set = self.editable_set(actor, name, None).await?;
        set.title = title;
        self.write_set(&mut set, Vec::new(), Vec::new()).await?;
        Ok(set)
    }

    /// Sets or drops a set's thumbnail: a file of the stickers' format (100x100 when
    /// static) for a regular or mask set, one of its custom emoji for a custom emoji set.
    ///
    /// # Errors
    /// `STICKERSET_INVALID` (also for a thumbnail of the wrong kind for the set),
    /// `STICKER_THUMB_PNG_NOPNG`, `STICKER_THUMB_TGS_NOTGS`, `STICKER_INVALID` for a custom
    /// emoji not in the set, `FileTooBig`, `Internal`.
    pub async fn set_sticker_set_thumbnail(
        &self,
        actor: UserId,
        owner: Option<UserId>,
        name: &str,
        thumbnail: SetThumbnail,
    ) -> CoreResult<StickerSet> {
        let _changing = self.0.sticker_changes.lock().await;
        let mut set = self.editable_set(actor, name, owner).await?;
        let custom = set.sticker_type == StickerType::CustomEmoji;
        match thumbnail {
            SetThumbnail::None => {
                set.thumbnail = None;
                set.thumbnail_custom_emoji = None;
            }
            SetThumbnail::CustomEmoji(id) if custom => {
                if set.position_of(id).is_none() {
                    return Err(CoreError::refused("STICKER_INVALID"));
                }
                set.thumbnail_custom_emoji = Some(id);
            }
            SetThumbnail::File(file, format) if !custom => {
                set.thumbnail = Some(self.set_thumbnail_file(*file, format).await?);
            }
            // Inferred: Telegram's answer to a thumbnail of the other kind.
            SetThumbnail::CustomEmoji(_) | SetThumbnail::File(..) => {
                return Err(CoreError::refused("STICKERSET_INVALID"));
            }
        }
        self.write_set(&mut set, Vec::new(), Vec::new()).await?;
        Ok(set)
    }

    /// Deletes a set; its stickers stay as stickers outside any set.
    ///
    /// # Errors
    /// `STICKERSET_INVALID`, `Internal`.
    pub async fn delete_sticker_set(&self, actor: UserId, name: &str) -> CoreResult<()> {
        let _changing = self.0.sticker_changes.lock().await;
        let set = self.editable_set(actor, name, None).await?;
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::DeleteStickerSet { id: set.id });
            for mut sticker in set.stickers {
                relink(&mut sticker, None);
                tx.push(Write::ReplaceMedia(Box::new(Media::Document(
                    sticker.document,
                ))));
            }
            Ok(())
        })?;
        submitted.wait().await
    }

    /// Whether a set name is free and well-formed for a person's set
    /// (`stickers.checkShortName`).
    ///
    /// # Errors
    /// `PACK_SHORT_NAME_INVALID`, `PACK_SHORT_NAME_OCCUPIED`, `Internal`.
    pub async fn check_sticker_set_name(&self, name: &str) -> CoreResult<()> {
        if !stickers::is_valid_set_name(name, None) {
            return Err(CoreError::refused("PACK_SHORT_NAME_INVALID"));
        }
        if name.eq_ignore_ascii_case(TOPIC_ICONS_SET_NAME)
            || self.0.store.sticker_set_by_name(name).await?.is_some()
        {
            return Err(CoreError::refused("PACK_SHORT_NAME_OCCUPIED"));
        }
        Ok(())
    }

    /// The custom emoji stickers of these ids, in the order asked; unknown ids (and
    /// stickers that are no custom emoji) are left out.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn custom_emoji_stickers(&self, ids: &[i64]) -> CoreResult<Vec<Document>> {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if out.iter().any(|d: &Document| d.id == id) {
                continue;
            }
            if let Some(Media::Document(doc)) = self.media(id).await?
                && let DocumentKind::Sticker {
                    set: Some(link), ..
                } = &doc.kind
                && link.sticker_type == StickerType::CustomEmoji
            {
                out.push(doc);
            }
        }
        Ok(out)
    }

    /// The custom emoji that may be a forum topic's icon: the stickers of gramd's
    /// built-in set (`gramd_topic_icons`: plain coloured discs, made on first use).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn forum_topic_icon_stickers(&self) -> CoreResult<Vec<Document>> {
        Ok(self
            .topic_icons()
            .await?
            .stickers
            .into_iter()
            .map(|s| s.document)
            .collect())
    }

    /// Sets (`Some` name) or removes a supergroup's sticker set.
    ///
    /// # Errors
    /// `WrongChatKind` (not a supergroup), `NotEnoughRights` (an administrator who may not
    /// change the chat's info), `STICKERSET_INVALID`, `ChatNotFound`, `NotMember`,
    /// `Internal`.
    pub async fn set_chat_sticker_set(
        &self,
        actor: UserId,
        peer: Peer,
        name: Option<&str>,
    ) -> CoreResult<()> {
        let action = AdminAction::ChangeStickerSet;
        let acting = self
            .acting_if(actor, peer, action, |a| a.rights().can_change_info)
            .await;
        let acting = match acting {
            Err(CoreError::WrongChatKind { .. }) => {
                return Err(CoreError::WrongChatKind {
                    action,
                    private: true,
                });
            }
            other => other?,
        };
        if acting.chat.kind != ChatKind::Supergroup {
            return Err(CoreError::WrongChatKind {
                action,
                private: false,
            });
        }
        let set = match name {
            Some(name) => Some(self.sticker_set(name).await?.id),
            None => None,
        };
        let mut chat = (*acting.chat).clone();
        chat.sticker_set = set;
        self.put_chat(chat).await
    }

    /// Whether `actor` may change the sticker set of a chat: an administrator of a
    /// supergroup with the right to change its info.
    ///
    /// # Errors
    /// `ChatNotFound`, `Internal`.
    pub async fn can_set_chat_sticker_set(&self, actor: UserId, peer: Peer) -> CoreResult<bool> {
        let Some(chat) = self.admin_chat(peer).await? else {
            return Ok(false);
        };
        if chat.kind != ChatKind::Supergroup {
            return Ok(false);
        }
        Ok(self
            .acting(chat, actor)
            .await
            .is_ok_and(|a| a.rights().can_change_info))
    }

    /// The user a set is for: a person (`USER_ID_INVALID` for a bot or nobody).
    async fn sticker_owner(&self, owner: UserId) -> CoreResult<std::sync::Arc<User>> {
        match self.find_user(owner).await? {
            Some(user) if !user.is_bot() => Ok(user),
            _ => Err(CoreError::refused("USER_ID_INVALID")),
        }
    }

    /// A set `actor` may change (and, with `owner`, owned by that user).
    async fn editable_set(
        &self,
        actor: UserId,
        name: &str,
        owner: Option<UserId>,
    ) -> CoreResult<StickerSet> {
        let set = self
            .0
            .store
            .sticker_set_by_name(name.trim())
            .await?
            .ok_or(CoreError::refused("STICKERSET_INVALID"))?;
        let may = match set.bot {
            Some(bot) => bot == actor,
            None => set.owner == actor,
        };
        if !may || owner.is_some_and(|o| o != set.owner) {
            return Err(CoreError::refused("STICKERSET_INVALID"));
        }
        Ok(set)
    }

    /// The set a sticker (by document id) is in, if `actor` may change it, and where the
    /// sticker is in it.
    async fn editable_sticker(
        &self,
        actor: UserId,
        sticker: i64,
    ) -> CoreResult<(StickerSet, usize)> {
        let invalid = CoreError::refused("STICKER_INVALID");
        let Some(Media::Document(doc)) = self.media(sticker).await? else {
            return Err(invalid);
        };
        let DocumentKind::Sticker {
            set: Some(link), ..
        } = &doc.kind
        else {
            // Inferred: Telegram names the set of the sticker; without one, there is none.
            return Err(CoreError::refused("STICKERSET_INVALID"));
        };
        let set = self.sticker_set_by_id(link.set_id).await?;
        let may = match set.bot {
            Some(bot) => bot == actor,
            None => set.owner == actor,
        };
        if !may {
            return Err(CoreError::refused("STICKERSET_INVALID"));
        }
        let position = set.position_of(sticker).ok_or(invalid)?;
        Ok((set, position))
    }

    /// A new sticker of `set`: checked against the set's type, with a document of its own
    /// (a new id over the same file) linked to the set.
    async fn set_sticker(&self, set: &StickerSet, new: NewSticker) -> CoreResult<SetSticker> {
        if !stickers::emoji_are_valid(&new.emoji) {
            return Err(CoreError::refused("STICKER_EMOJI_INVALID"));
        }
        if new.file.file.size > stickers::max_file_size(new.format, set.sticker_type) {
            return Err(CoreError::FileTooBig);
        }
        let bytes = self
            .read_file(
                &new.file.file,
                0,
                usize::try_from(new.file.file.size).unwrap_or(0),
            )
            .await?;
        let (width, height) = sticker_size(&bytes, new.format, set.sticker_type)?;
        if new.format == StickerFormat::Static
            && !stickers::static_size_fits(set.sticker_type, width, height)
        {
            return Err(CoreError::refused("STICKER_PNG_DIMENSIONS"));
        }
        let thumbnail = match (&new.file.thumbnail, new.format) {
            (Some(thumbnail), _) => Some(thumbnail.clone()),
            (None, StickerFormat::Static) => self.thumbnail(bytes.clone()).await?,
            (None, _) => None,
        };
        let mut sticker = SetSticker {
            document: Document {
                id: random_id(),
                date: self.now(),
                file: new.file.file,
                mime_type: sticker_mime_type(&bytes, new.format).to_owned(),
                file_name: None,
                kind: DocumentKind::Sticker {
                    width,
                    height,
                    emoji: None,
                    format: new.format,
                    set: None,
                },
                thumbnail,
            },
            emoji: new.emoji,
            keywords: if set.sticker_type == StickerType::Mask {
                Vec::new()
            } else {
                keywords_within_limits(&new.keywords)
            },
        };
        relink(&mut sticker, Some(set.link(new.mask_position)));
        Ok(sticker)
    }

    /// A set thumbnail's document: a file of the format, 100x100 if static.
    async fn set_thumbnail_file(
        &self,
        file: Document,
        format: StickerFormat,
    ) -> CoreResult<Document> {
        let limit = if format == StickerFormat::Static {
            128 << 10
        } else {
            32 << 10
        };
        if file.file.size > limit {
            return Err(CoreError::FileTooBig);
        }
        let bytes = self
            .read_file(&file.file, 0, usize::try_from(file.file.size).unwrap_or(0))
            .await?;
        let size = match format {
            StickerFormat::Static => image_size(&bytes)
                .filter(|&(w, h)| w == CUSTOM_EMOJI_SIDE && h == CUSTOM_EMOJI_SIDE)
                .ok_or(CoreError::refused("STICKER_THUMB_PNG_NOPNG"))?,
            _ if stickers::has_format_signature(&bytes, format) => {
                (CUSTOM_EMOJI_SIDE, CUSTOM_EMOJI_SIDE)
            }
            _ => return Err(CoreError::refused("STICKER_THUMB_TGS_NOTGS")),
        };
        let thumbnail = Document {
            id: random_id(),
            date: self.now(),
            file: file.file,
            mime_type: sticker_mime_type(&bytes, format).to_owned(),
            file_name: None,
            kind: DocumentKind::Sticker {
                width: size.0,
                height: size.1,
                emoji: None,
                format,
                set: None,
            },
            thumbnail: None,
        };
        self.record_media(Media::Document(thumbnail.clone()))
            .await?;
        Ok(thumbnail)
    }

    /// Writes a set (moving its version on), the documents of its new or changed stickers
    /// and those of its removed ones (unlinked).
    async fn write_set(
        &self,
        set: &mut StickerSet,
        changed: Vec<Document>,
        removed: Vec<Document>,
    ) -> CoreResult<()> {
        set.version = set.version.wrapping_add(1);
        let set = set.clone();
        let (submitted, ()) = self.transact(|tx| {
            for document in changed {
                tx.push(Write::ReplaceMedia(Box::new(Media::Document(document))));
            }
            for document in removed {
                let mut sticker = SetSticker {
                    document,
                    emoji: Vec::new(),
                    keywords: Vec::new(),
                };
                relink(&mut sticker, None);
                tx.push(Write::ReplaceMedia(Box::new(Media::Document(
                    sticker.document,
                ))));
            }
            tx.push(Write::PutStickerSet(Box::new(set)));
            Ok(())
        })?;
        submitted.wait().await
    }

    /// The built-in set of topic icons, made (and stored) on first use.
    async fn topic_icons(&self) -> CoreResult<StickerSet> {
        if let Some(set) = self
            .0
            .store
            .sticker_set_by_name(TOPIC_ICONS_SET_NAME)
            .await?
        {
            return Ok(set);
        }
        let _changing = self.0.sticker_changes.lock().await;
        if let Some(set) = self
            .0
            .store
            .sticker_set_by_name(TOPIC_ICONS_SET_NAME)
            .await?
        {
            return Ok(set);
        }
        let mut set = StickerSet {
            id: random_id(),
            name: TOPIC_ICONS_SET_NAME.to_owned(),
            title: "Topic Icons".to_owned(),
            sticker_type: StickerType::CustomEmoji,
            needs_repainting: false,
            // Nobody's: user 0 does not exist, and no bot created it, so no one may
            // change it.
            owner: UserId(0),
            bot: None,
            stickers: Vec::new(),
            thumbnail: None,
            thumbnail_custom_emoji: None,
            version: 0,
            created_at: self.now(),
        };
        let mut documents = Vec::new();
        for (i, emoji) in TOPIC_ICON_EMOJI.iter().enumerate() {
            let file = self.0.files.put(topic_icon_png(i)).await?;
            let mut sticker = SetSticker {
                document: Document {
                    id: random_id(),
                    date: self.now(),
                    file,
                    mime_type: "image/png".to_owned(),
                    file_name: None,
                    kind: DocumentKind::Sticker {
                        width: CUSTOM_EMOJI_SIDE,
                        height: CUSTOM_EMOJI_SIDE,
                        emoji: None,
                        format: StickerFormat::Static,
                        set: None,
                    },
                    thumbnail: None,
                },
                emoji: vec![(*emoji).to_owned()],
                keywords: Vec::new(),
            };
            relink(&mut sticker, Some(set.link(None)));
            documents.push(sticker.document.clone());
            set.stickers.push(sticker);
        }
        self.write_set(&mut set, documents, Vec::new()).await?;
        Ok(set)
    }
}

/// Points a sticker's document at its set (or at none), with its first emoji.
fn relink(sticker: &mut SetSticker, link: Option<StickerSetLink>) {
    let first = sticker.emoji.first().cloned();
    if let DocumentKind::Sticker { emoji, set, .. } = &mut sticker.document.kind {
        if link.is_some() {
            *emoji = first;
        }
        *set = link.map(Box::new);
    }
}

/// Keywords cleaned and cut to Telegram's limits (20, 64 characters in all); what does
/// not fit is left out (inferred: Telegram keeps what fits rather than refusing).
fn keywords_within_limits(keywords: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for keyword in keywords {
        let mut candidate = kept.clone();
        candidate.push(keyword.clone());
        match stickers::clean_keywords(&candidate) {
            Some(cleaned) => kept = cleaned,
            None => break,
        }
    }
    kept
}

/// A picture's size, if the bytes are a picture.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|reader| reader.into_dimensions().ok())
}

/// A sticker file's size in pixels, if the bytes are a file of the format: a static
/// one's is read from the picture; animated and video ones are taken to be of the set
/// type's side (their contents are not decoded).
fn sticker_size(
    bytes: &[u8],
    format: StickerFormat,
    sticker_type: StickerType,
) -> CoreResult<(u32, u32)> {
    let side = if sticker_type == StickerType::CustomEmoji {
        CUSTOM_EMOJI_SIDE
    } else {
        STICKER_SIDE
    };
    match format {
        StickerFormat::Static => image_size(bytes).ok_or(CoreError::refused("STICKER_PNG_NOPNG")),
        StickerFormat::Animated if stickers::has_format_signature(bytes, format) => {
            Ok((side, side))
        }
        StickerFormat::Animated => Err(CoreError::refused("STICKER_TGS_NOTGS")),
        StickerFormat::Video if stickers::has_format_signature(bytes, format) => Ok((side, side)),
        StickerFormat::Video => Err(CoreError::refused("STICKER_VIDEO_NOWEBM")),
    }
}

/// The MIME type of a sticker file: PNG or WebP for a static one, as the bytes are.
fn sticker_mime_type(bytes: &[u8], format: StickerFormat) -> &'static str {
    match (format, image::guess_format(bytes)) {
        (StickerFormat::Static, Ok(image::ImageFormat::Png)) => "image/png",
        _ => stickers::mime_type(format),
    }
}

/// A topic icon: a 100x100 PNG of a disc in the `n`-th of Telegram's topic colours.
fn topic_icon_png(n: usize) -> Vec<u8> {
    const COLORS: [[u8; 3]; 6] = [
        [0x6F, 0xB9, 0xF0],
        [0xFF, 0xD6, 0x7E],
        [0xCB, 0x86, 0xDB],
        [0x8E, 0xEE, 0x98],
        [0xFF, 0x93, 0xB2],
        [0xFB, 0x6F, 0x5F],
    ];
    let [r, g, b] = COLORS[n % COLORS.len()];
    let side = CUSTOM_EMOJI_SIDE;
    let centre = f64::from(side) / 2.0;
    let picture = image::RgbaImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - centre, f64::from(y) + 0.5 - centre);
        if dx.hypot(dy) <= centre - 2.0 {
            image::Rgba([r, g, b, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    // Encoding a small in-memory picture as PNG cannot fail.
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("PNG encoding of an in-memory picture");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_past_the_limits_are_left_out() {
        let many: Vec<String> = (0..25).map(|i| format!("k{i}")).collect();
        assert_eq!(keywords_within_limits(&many).len(), 20);
        let long = vec!["a".repeat(40), "b".repeat(30), "c".into()];
        assert_eq!(keywords_within_limits(&long), vec!["a".repeat(40)]);
    }

    #[test]
    fn topic_icons_are_100_pixel_pngs() {
        let png = topic_icon_png(3);
        assert_eq!(image_size(&png), Some((100, 100)));
        assert_eq!(sticker_mime_type(&png, StickerFormat::Static), "image/png");
    }

    #[test]
    fn sticker_files_must_be_of_their_format() {
        let png = topic_icon_png(0);
        assert_eq!(
            sticker_size(&png, StickerFormat::Static, StickerType::Regular),
            Ok((100, 100))
        );
        assert_eq!(
            sticker_size(b"nope", StickerFormat::Static, StickerType::Regular),
            Err(CoreError::refused("STICKER_PNG_NOPNG"))
        );
        assert_eq!(
            sticker_size(&png, StickerFormat::Animated, StickerType::Regular),
            Err(CoreError::refused("STICKER_TGS_NOTGS"))
        );
        assert_eq!(
            sticker_size(
                &[0x1f, 0x8b, 8],
                StickerFormat::Animated,
                StickerType::CustomEmoji
            ),
            Ok((100, 100))
        );
        assert_eq!(
            sticker_size(&png, StickerFormat::Video, StickerType::Regular),
            Err(CoreError::refused("STICKER_VIDEO_NOWEBM"))
        );
    }
}
