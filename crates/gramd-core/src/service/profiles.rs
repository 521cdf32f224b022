//! People's profiles: their names, bio and username, changed by the person
//! (`account.updateProfile`, `account.updateUsername`) or by the business bot they connected
//! with the matching right (`setBusinessAccountName`, `setBusinessAccountBio`,
//! `setBusinessAccountUsername`), and their emoji status (`account.updateEmojiStatus`, and
//! bots the user allowed: `setUserEmojiStatus`).

use std::sync::Arc;

use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::store::Write;
use crate::users::{EmojiStatus, MAX_ABOUT, NewUser, User, validate_username};

use super::Core;

/// A change to a person's profile; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileChange {
    /// The new first name (1 to 64 characters).
    pub first_name: Option<String>,
    /// The new last name (empty removes it).
    pub last_name: Option<String>,
    /// The new bio (empty removes it; at most [`MAX_ABOUT`] characters).
    pub about: Option<String>,
}

impl Core {
    /// Changes a person's names and bio; returns the user as they are now.
    ///
    /// # Errors
    /// `FirstNameInvalid` (a name empty or over 64 characters), `Refused` with
    /// `ABOUT_TOO_LONG`, `UserNotFound`, or `Internal`.
    pub async fn update_profile(
        &self,
        user: UserId,
        change: ProfileChange,
    ) -> CoreResult<Arc<User>> {
        let mut updated = (*self.user(user).await?).clone();
        let names = NewUser {
            first_name: change.first_name.unwrap_or(updated.first_name.clone()),
            last_name: change.last_name.or(updated.last_name.clone()),
            username: None,
            phone: None,
            bot: None,
        }
        .validate()?;
        updated.first_name = names.first_name;
        updated.last_name = names.last_name;
        if let Some(about) = change.about {
            let about = about.trim();
            if about.chars().count() > MAX_ABOUT {
                return Err(CoreError::refused("ABOUT_TOO_LONG"));
            }
            updated.about = Some(about.to_owned()).filter(|a| !a.is_empty());
        }
        self.update_user(updated).await?;
        self.user(user).await
    }

    /// Gives a person the username `username`, or takes theirs away (`None` or empty);
    /// returns the user as they are now. A bot's username is fixed at its creation.
    ///
    /// # Errors
    /// `UsernameInvalid`, `UsernameOccupied`, `Refused` with `USERNAME_NOT_MODIFIED` (it
    /// is the user's already), `UserNotFound` (a bot), or `Internal`.
    pub async fn set_username(
        &self,
        user: UserId,
        username: Option<&str>,
    ) -> CoreResult<Arc<User>> {
        let current = self.user(user).await?;
        if current.is_bot() {
            return Err(CoreError::UserNotFound);
        }
        let username = username.filter(|name| !name.is_empty());
        if let Some(name) = username {
            validate_username(name)?;
        }
        if current.username.as_deref() == username {
            return Err(CoreError::refused("USERNAME_NOT_MODIFIED"));
        }
        self.0
            .store
            .set_username(Peer::User(user), username.map(str::to_owned))
            .await?;
        let mut updated = (*current).clone();
        updated.username = username.map(str::to_owned);
        self.0.directory.users.put(user, Arc::new(updated));
        self.user(user).await
    }

    /// Whether `username` is free for `user` to take (or theirs already).
    ///
    /// # Errors
    /// `UsernameInvalid`, or `Internal`.
    pub async fn username_available(&self, user: UserId, username: &str) -> CoreResult<bool> {
        validate_username(username)?;
        Ok(self
            .0
            .store
            .resolve_username(username)
            .await?
            .is_none_or(|holder| holder == Peer::User(user)))
    }
}

impl Core {
    /// A business bot changes the names or bio of the account it is connected to
    /// (`setBusinessAccountName`, `setBusinessAccountBio`): names need the
    /// `can_edit_name` right, the bio `can_edit_bio`.
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID` or `BOT_ACCESS_FORBIDDEN` (the right is
    /// missing); the errors of [`Core::update_profile`].
    pub async fn business_update_profile(
        &self,
        bot: UserId,
        connection_id: &str,
        change: ProfileChange,
    ) -> CoreResult<()> {
        let (connection, user) = self.acting_connection(bot, connection_id, None).await?;
        let rights = &connection.rights;
        let names = change.first_name.is_some() || change.last_name.is_some();
        if (names && !rights.can_edit_name) || (change.about.is_some() && !rights.can_edit_bio) {
            return Err(CoreError::refused("BOT_ACCESS_FORBIDDEN"));
        }
        self.update_profile(user.id, change).await.map(drop)
    }

    /// A business bot changes the username of the account it is connected to
    /// (`setBusinessAccountUsername`, right `can_edit_username`); `None` removes it, and
    /// the username it has already is no error.
    ///
    /// # Errors
    /// `Refused` with `BUSINESS_CONNECTION_INVALID` or `BOT_ACCESS_FORBIDDEN`; the errors
    /// of [`Core::set_username`].
    pub async fn business_set_username(
        &self,
        bot: UserId,
        connection_id: &str,
        username: Option<&str>,
    ) -> CoreResult<()> {
        let (connection, user) = self.acting_connection(bot, connection_id, None).await?;
        if !connection.rights.can_edit_username {
            return Err(CoreError::refused("BOT_ACCESS_FORBIDDEN"));
        }
        match self.set_username(user.id, username).await {
            Ok(_)
            | Err(CoreError::Refused {
                name: "USERNAME_NOT_MODIFIED",
            }) => Ok(()),
            Err(err) => Err(err),
        }
    }
}

impl Core {
    /// Sets or clears (`None`) a user's emoji status (`account.updateEmojiStatus`, or a
    /// bot the user allowed); returns the user as they are now.
    ///
    /// # Errors
    /// `Refused` with `DOCUMENT_INVALID` for an id that is no custom emoji; `UserNotFound`,
    /// `Internal`.
    pub async fn set_emoji_status(
        &self,
        user: UserId,
        status: Option<EmojiStatus>,
    ) -> CoreResult<Arc<User>> {
        if let Some(status) = status
            && self
                .custom_emoji_stickers(&[status.custom_emoji_id])
                .await?
                .is_empty()
        {
            return Err(CoreError::refused("DOCUMENT_INVALID"));
        }
        let mut updated = (*self.user(user).await?).clone();
        updated.emoji_status = status;
        self.update_user(updated).await?;
        self.user(user).await
    }

    /// A user lets `bot` change their emoji status, or no longer
    /// (`bots.toggleUserEmojiStatusPermission`, after a mini app's
    /// `requestEmojiStatusAccess`).
    ///
    /// # Errors
    /// `UserNotFound` (no such bot), `Internal`.
    pub async fn allow_emoji_status_access(
        &self,
        user: UserId,
        bot: UserId,
        allowed: bool,
    ) -> CoreResult<()> {
        if !self.user(bot).await?.is_bot() {
            return Err(CoreError::UserNotFound);
        }
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetEmojiStatusAccess { user, bot, allowed });
            Ok(())
        })?;
        submitted.wait().await
    }

    /// Whether `user` let `bot` change their emoji status.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn emoji_status_access(&self, user: UserId, bot: UserId) -> CoreResult<bool> {
        Ok(self.0.store.emoji_status_access(user, bot).await?)
    }

    /// A bot changes the emoji status of a user who allowed it (Bot API
    /// `setUserEmojiStatus`, `bots.updateUserEmojiStatus`).
    ///
    /// # Errors
    /// `Refused` with `USER_PERMISSION_DENIED` when the user did not allow it; the errors
    /// of [`Core::set_emoji_status`].
    pub async fn bot_set_emoji_status(
        &self,
        bot: UserId,
        user: UserId,
        status: Option<EmojiStatus>,
    ) -> CoreResult<()> {
        self.user(user).await?;
        if !self.emoji_status_access(user, bot).await? {
            return Err(CoreError::refused("USER_PERMISSION_DENIED"));
        }
        self.set_emoji_status(user, status).await.map(drop)
    }
}
