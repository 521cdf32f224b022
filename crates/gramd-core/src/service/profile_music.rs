//! Profile music: the audio files a person shows on their profile
//! (`account.saveMusic`, `users.getSavedMusic`), which bots read with
//! `getUserProfileAudios`. The list is kept newest first.

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;
use crate::media::{Document, DocumentKind, Media};
use crate::store::Write;

use super::Core;

/// Most audio files on one profile (inferred: Telegram does not document its limit).
pub(super) const MAX_PROFILE_MUSIC: usize = 100;

impl Core {
    /// Shows an audio document on `user`'s profile: right after `after` if given (and on
    /// the list), else first; an audio already there moves.
    ///
    /// # Errors
    /// `Refused` with `DOCUMENT_INVALID` for a document that is no audio file or does not
    /// exist, `MUSIC_TOO_MUCH` past [`MAX_PROFILE_MUSIC`]; `Internal`.
    pub async fn save_profile_music(
        &self,
        user: UserId,
        document: i64,
        after: Option<i64>,
    ) -> CoreResult<()> {
        match self.media(document).await? {
            Some(Media::Document(Document {
                kind: DocumentKind::Audio { .. },
                ..
            })) => {}
            _ => return Err(CoreError::refused("DOCUMENT_INVALID")),
        }
        let mut ids = self.0.store.profile_music(user).await?;
        ids.retain(|&id| id != document);
        if ids.len() >= MAX_PROFILE_MUSIC {
            return Err(CoreError::refused("MUSIC_TOO_MUCH"));
        }
        let at = after
            .and_then(|after| ids.iter().position(|&id| id == after))
            .map_or(0, |i| i + 1);
        ids.insert(at, document);
        self.commit_profile_music(user, ids).await
    }

    /// Takes an audio document off `user`'s profile; nothing if it is not on it.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn unsave_profile_music(&self, user: UserId, document: i64) -> CoreResult<()> {
        let mut ids = self.0.store.profile_music(user).await?;
        let before = ids.len();
        ids.retain(|&id| id != document);
        if ids.len() == before {
            return Ok(());
        }
        self.commit_profile_music(user, ids).await
    }

    /// The audio files on `user`'s profile, newest first, skipping `offset`, at most
    /// `limit`; and how many there are.
    ///
    /// # Errors
    /// `UserNotFound`, `Internal`.
    pub async fn profile_music(
        &self,
        user: UserId,
        offset: usize,
        limit: usize,
    ) -> CoreResult<(usize, Vec<Document>)> {
        self.user(user).await?;
        let ids = self.0.store.profile_music(user).await?;
        let mut documents = Vec::new();
        for &id in ids.iter().skip(offset).take(limit) {
            if let Some(Media::Document(document)) = self.media(id).await? {
                documents.push(document);
            }
        }
        Ok((ids.len(), documents))
    }

    async fn commit_profile_music(&self, user: UserId, ids: Vec<i64>) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetProfileMusic { user, ids });
            Ok(())
        })?;
        submitted.wait().await
    }
}
