//! Profile photos: a user's list of them, the current one first (the one set last), as
//! Telegram keeps them (<https://core.telegram.org/api/files#profile-photos>). A person sets
//! their own; a bot's is set by the bot itself or by its owner (through @BotFather or
//! `photos.uploadProfilePhoto` with `bot`).

use std::sync::Arc;

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;
use crate::media::{Media, Photo};
use crate::store::Write;
use crate::users::User;

use super::Core;

/// Most photos one page of profile photos holds.
pub const MAX_PROFILE_PHOTOS_PAGE: u32 = 100;

impl Core {
    /// Checks that `actor` may change `target`'s profile photos: they are the same
    /// account, or `target` is a bot `actor` owns (`BOT_INVALID` otherwise).
    async fn photo_owner(&self, actor: UserId, target: UserId) -> CoreResult<()> {
        if actor == target {
            return Ok(());
        }
        let target = self.user(target).await?;
        match &target.bot {
            Some(bot) if bot.owner == Some(actor) => Ok(()),
            _ => Err(CoreError::refused("BOT_INVALID")),
        }
    }

    /// Makes `photo` (freshly stored, [`Core::upload_photo`], or one already recorded) the
    /// current profile photo of `target`, on behalf of `actor`; returns the account as it
    /// now is.
    ///
    /// # Errors
    /// `BOT_INVALID` if `actor` may not change `target`'s photos, `UserNotFound`,
    /// `Internal`.
    pub async fn set_profile_photo(
        &self,
        actor: UserId,
        target: UserId,
        photo: Photo,
    ) -> CoreResult<Arc<User>> {
        self.photo_owner(actor, target).await?;
        self.commit_photo_writes(
            target,
            vec![
                Write::PutMedia(Box::new(Media::Photo(photo.clone()))),
                Write::PutProfilePhoto {
                    user: target,
                    photo: Box::new(photo),
                },
            ],
        )
        .await
    }

    /// Makes one of `target`'s earlier profile photos the current one again.
    ///
    /// # Errors
    /// `PHOTO_ID_INVALID` if it is not one of theirs, and the errors of
    /// [`Core::set_profile_photo`].
    pub async fn reuse_profile_photo(
        &self,
        actor: UserId,
        target: UserId,
        photo_id: i64,
    ) -> CoreResult<Arc<User>> {
        self.photo_owner(actor, target).await?;
        let photo = self
            .find_profile_photo(target, photo_id)
            .await?
            .ok_or(CoreError::refused("PHOTO_ID_INVALID"))?;
        self.commit_photo_writes(
            target,
            vec![Write::PutProfilePhoto {
                user: target,
                photo: Box::new(photo),
            }],
        )
        .await
    }

    /// Removes photos from `target`'s profile photos; returns the ids that were theirs
    /// (the others are ignored, as Telegram does). The next newest becomes current.
    ///
    /// # Errors
    /// As [`Core::set_profile_photo`].
    pub async fn delete_profile_photos(
        &self,
        actor: UserId,
        target: UserId,
        ids: &[i64],
    ) -> CoreResult<Vec<i64>> {
        self.photo_owner(actor, target).await?;
        // A user has few photos: one read of them all answers every id.
        let (_, photos) = self.0.store.profile_photos(target, 0, u32::MAX).await?;
        let mut deleted = Vec::new();
        for &id in ids {
            if !deleted.contains(&id) && photos.iter().any(|p| p.id == id) {
                deleted.push(id);
            }
        }
        if !deleted.is_empty() {
            self.commit_photo_writes(
                target,
                vec![Write::DeleteProfilePhotos {
                    user: target,
                    ids: deleted.clone(),
                }],
            )
            .await?;
        }
        Ok(deleted)
    }

    /// `user`'s profile photos, the current one first, skipping `offset`, at most `limit`
    /// (capped at [`MAX_PROFILE_PHOTOS_PAGE`]); and how many they have in all.
    ///
    /// # Errors
    /// `UserNotFound`, `Internal`.
    pub async fn profile_photos(
        &self,
        user: UserId,
        offset: u32,
        limit: u32,
    ) -> CoreResult<(u32, Vec<Photo>)> {
        self.user(user).await?;
        Ok(self
            .0
            .store
            .profile_photos(user, offset, limit.min(MAX_PROFILE_PHOTOS_PAGE))
            .await?)
    }

    async fn find_profile_photo(&self, user: UserId, photo_id: i64) -> CoreResult<Option<Photo>> {
        // A user has few photos; reading them all is one small query.
        let (_, photos) = self.0.store.profile_photos(user, 0, u32::MAX).await?;
        Ok(photos.into_iter().find(|p| p.id == photo_id))
    }

    /// Commits profile-photo writes and refreshes the cached account, whose current photo
    /// the store has just changed.
    async fn commit_photo_writes(&self, user: UserId, writes: Vec<Write>) -> CoreResult<Arc<User>> {
        let (submitted, ()) = self.transact(|tx| {
            for write in writes {
                tx.push(write);
            }
            Ok(())
        })?;
        submitted.wait().await?;
        let fresh = Arc::new(
            self.0
                .store
                .user(user)
                .await?
                .ok_or(CoreError::UserNotFound)?,
        );
        self.0.directory.users.put(user, Arc::clone(&fresh));
        Ok(fresh)
    }
}
