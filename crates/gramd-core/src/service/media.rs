//! Sending media messages and albums.

use gramd_text::FormattedText;

use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::media::{AlbumKind, MediaContent};
use crate::messages::{
    Content, MAX_CAPTION_LENGTH, OutgoingMedia, OutgoingText, SendOptions, Sent,
};

use super::Core;
use super::files::random_id;

/// Most items of an album.
pub(super) const MAX_ALBUM_ITEMS: usize = 10;

/// Normalises a caption as a text is (entities detected, white space trimmed), except that
/// it may be empty; checks its length.
pub(super) fn prepare_caption(caption: OutgoingText) -> CoreResult<FormattedText> {
    let options = gramd_text::NormalizeOptions {
        detect_entities: true,
        allow_empty: true,
        ..gramd_text::NormalizeOptions::default()
    };
    let formatted = gramd_text::normalize_with(
        FormattedText {
            text: caption.text,
            entities: caption.entities,
        },
        options,
    )
    .map_err(|err| CoreError::EntitiesInvalid {
        detail: err.to_string(),
    })?;
    if gramd_text::utf16_len(&formatted.text) > MAX_CAPTION_LENGTH {
        return Err(CoreError::MediaCaptionTooLong);
    }
    Ok(formatted)
}

/// The content of a media message.
pub(super) fn media_content(media: OutgoingMedia, group_id: Option<i64>) -> CoreResult<Content> {
    let caption = prepare_caption(media.caption)?;
    Ok(Content::Media(Box::new(MediaContent {
        media: media.media,
        caption: caption.text,
        entities: caption.entities,
        has_spoiler: media.has_spoiler,
        show_caption_above_media: media.show_caption_above_media,
        group_id,
    })))
}

impl Core {
    /// Sends a photo or document with a caption from `sender` to `peer`; returns the
    /// sender's copy. The media is recorded with the message.
    ///
    /// # Errors
    /// `MediaCaptionTooLong`, caption entity errors, and the errors of
    /// [`Core::send_text`].
    pub async fn send_media(
        &self,
        sender: UserId,
        peer: Peer,
        media: OutgoingMedia,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let sender = self.user(sender).await?;
        let content = media_content(media, None)?;
        self.send(&sender, peer, content, options, None, 1).await
    }

    /// Sends media as one album (Telegram's grouped messages): photos and videos together,
    /// or documents only, or audio only; 1 to 10 items, each a message of its own sharing
    /// one album id. Returns the sender's copies, in order.
    ///
    /// # Errors
    /// `AlbumEmpty`, `AlbumTooLarge`, `AlbumMixed`, and the errors of
    /// [`Core::send_media`]; `FloodWait` counts every item.
    pub async fn send_album(
        &self,
        sender: UserId,
        peer: Peer,
        items: Vec<OutgoingMedia>,
        options: SendOptions,
    ) -> CoreResult<Vec<Sent>> {
        check_album(items.iter().map(|item| item.media.album_kind()))?;
        let sender = self.user(sender).await?;
        let group_id = random_id();
        let mut contents = Vec::with_capacity(items.len());
        for item in items {
            contents.push(media_content(item, Some(group_id))?);
        }
        let batch = u32::try_from(contents.len()).unwrap_or(u32::MAX);
        let mut sent = Vec::with_capacity(contents.len());
        for (i, content) in contents.into_iter().enumerate() {
            let rate_cost = if i == 0 { batch } else { 0 };
            sent.push(
                self.send(&sender, peer, content, options.clone(), None, rate_cost)
                    .await?,
            );
        }
        Ok(sent)
    }
}

/// Checks the count and the kinds of an album's items.
pub(super) fn check_album(kinds: impl ExactSizeIterator<Item = AlbumKind>) -> CoreResult<()> {
    match kinds.len() {
        0 => return Err(CoreError::AlbumEmpty),
        n if n > MAX_ALBUM_ITEMS => return Err(CoreError::AlbumTooLarge),
        _ => {}
    }
    let mut first = None;
    for kind in kinds {
        if kind == AlbumKind::None || first.is_some_and(|f| f != kind) {
            return Err(CoreError::AlbumMixed);
        }
        first = Some(kind);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn albums_group_like_with_like() {
        use AlbumKind::{Audio, Documents, None as Not, Visual};
        assert_eq!(check_album([].into_iter()), Err(CoreError::AlbumEmpty));
        assert_eq!(
            check_album([Visual; 11].into_iter()),
            Err(CoreError::AlbumTooLarge)
        );
        assert_eq!(check_album([Visual; 10].into_iter()), Ok(()));
        assert_eq!(check_album([Audio, Audio].into_iter()), Ok(()));
        assert_eq!(check_album([Documents].into_iter()), Ok(()));
        assert_eq!(
            check_album([Visual, Documents].into_iter()),
            Err(CoreError::AlbumMixed)
        );
        assert_eq!(
            check_album([Not, Not].into_iter()),
            Err(CoreError::AlbumMixed)
        );
    }

    #[test]
    fn captions_may_be_empty_but_not_too_long() {
        let caption = |text: &str| OutgoingText {
            text: text.into(),
            ..OutgoingText::default()
        };
        assert_eq!(prepare_caption(caption("  ")).unwrap().text, "");
        assert_eq!(prepare_caption(caption(" hi ")).unwrap().text, "hi");
        assert_eq!(
            prepare_caption(caption(&"x".repeat(1025))),
            Err(CoreError::MediaCaptionTooLong)
        );
    }
}
