//! What a bot's owner changes after creating it: its texts by language (`setMyName`,
//! `setMyDescription`, `setMyShortDescription`), its settings (groups, privacy, inline
//! mode), its token, and its deletion. @BotFather and the Bot API both come here.
//!
//! The default name of a bot is its `first_name`; names for other languages are kept
//! with its texts. Changes are written through the sequencer and the user cache is
//! updated after they commit.

use std::sync::Arc;

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;
use crate::store::Write;
use crate::users::{BotInfo, BotTexts, User};

use super::accounts::BOT_SECRET_LEN;
use super::commands::check_language;
use super::{BotToken, Core, random_token};

/// Longest bot name, in characters.
const MAX_BOT_NAME: usize = 64;
/// Longest description, in characters.
const MAX_BOT_DESCRIPTION: usize = 512;
/// Longest short description ("About"), in characters.
const MAX_BOT_SHORT_DESCRIPTION: usize = 120;

/// Which of a bot's texts to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BotText {
    /// The name (`setMyName`).
    Name,
    /// The description (`setMyDescription`).
    Description,
    /// The short description (`setMyShortDescription`).
    ShortDescription,
}

impl Core {
    /// Sets one of a bot's texts for `language` (`""`: the default, which for the name
    /// is the bot's `first_name`, which cannot be removed); an empty text removes a
    /// language's own text, so the default shows again.
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), `LanguageCodeInvalid`,
    /// `Refused { NAME_TOO_LONG | DESCRIPTION_TOO_LONG | ABOUT_TOO_LONG }`, or
    /// `Internal`.
    pub async fn set_bot_text(
        &self,
        bot: UserId,
        language: &str,
        which: BotText,
        text: &str,
    ) -> CoreResult<()> {
        let text = text.trim();
        let (max, too_long) = match which {
            BotText::Name => (MAX_BOT_NAME, "NAME_TOO_LONG"),
            BotText::Description => (MAX_BOT_DESCRIPTION, "DESCRIPTION_TOO_LONG"),
            BotText::ShortDescription => (MAX_BOT_SHORT_DESCRIPTION, "ABOUT_TOO_LONG"),
        };
        check_language(language)?;
        if text.chars().count() > max {
            return Err(CoreError::Refused { name: too_long });
        }
        let mut user = (*self.bot_account(bot).await?).clone();
        if which == BotText::Name && language.is_empty() {
            // The default name is the bot's own name: there is none to remove.
            if text.is_empty() {
                return Ok(());
            }
            text.clone_into(&mut user.first_name);
        } else {
            let info = bot_info(&mut user);
            let texts = info.texts.entry(language.to_owned()).or_default();
            match which {
                BotText::Name => texts.name = (!text.is_empty()).then(|| text.to_owned()),
                BotText::Description => text.clone_into(&mut texts.description),
                BotText::ShortDescription => text.clone_into(&mut texts.short_description),
            }
            if *texts == BotTexts::default() {
                info.texts.remove(language);
            }
        }
        self.update_user(user).await
    }

    /// A bot's texts as users of `language` see them: that language's own, else the
    /// defaults (the name defaults to `first_name`).
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), or `Internal`.
    pub async fn bot_texts(&self, bot: UserId, language: &str) -> CoreResult<BotTexts> {
        let user = self.bot_account(bot).await?;
        let info = user.bot.as_ref().ok_or(CoreError::UserNotFound)?;
        let default = info.texts.get("").cloned().unwrap_or_default();
        let own = info.texts.get(language).cloned().unwrap_or_default();
        let pick = |own: String, default: String| if own.is_empty() { default } else { own };
        Ok(BotTexts {
            name: Some(own.name.unwrap_or_else(|| user.first_name.clone())),
            description: pick(own.description, default.description),
            short_description: pick(own.short_description, default.short_description),
        })
    }

    /// Changes a bot's settings (what @BotFather's /setjoingroups, /setprivacy, /setinline
    /// and friends change).
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), or `Internal`.
    pub async fn update_bot_info(
        &self,
        bot: UserId,
        change: impl FnOnce(&mut BotInfo),
    ) -> CoreResult<Arc<User>> {
        let mut user = (*self.bot_account(bot).await?).clone();
        change(bot_info(&mut user));
        self.update_user(user).await?;
        self.user(bot).await
    }

    /// The bots `owner` created, by id.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn bots_owned_by(&self, owner: UserId) -> CoreResult<Vec<Arc<User>>> {
        Ok(self
            .0
            .store
            .bots_owned_by(owner)
            .await?
            .into_iter()
            .map(Arc::new)
            .collect())
    }

    /// A bot's current token.
    ///
    /// # Errors
    /// `BotTokenInvalid` for a deleted bot or a user, or `Internal`.
    pub async fn bot_token(&self, bot: UserId) -> CoreResult<BotToken> {
        let secret = self
            .0
            .store
            .bot_secret(bot)
            .await?
            .ok_or(CoreError::BotTokenInvalid)?;
        Ok(BotToken { bot, secret })
    }

    /// Gives a bot a new token; the old one stops working at once.
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), or `Internal`.
    pub async fn revoke_bot_token(&self, bot: UserId) -> CoreResult<BotToken> {
        self.bot_account(bot).await?;
        let secret = random_token(BOT_SECRET_LEN);
        self.commit_account(vec![Write::SetBotSecret {
            bot,
            secret: Some(secret.clone()),
        }])
        .await?;
        self.0.directory.bot_secrets.remove(&bot);
        Ok(BotToken { bot, secret })
    }

    /// Deletes a bot as @BotFather's /deletebot does: its token stops working, its
    /// username is free again, and it shows as a deleted account.
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), or `Internal`.
    pub async fn delete_bot(&self, bot: UserId) -> CoreResult<()> {
        let mut user = (*self.bot_account(bot).await?).clone();
        "Deleted Account".clone_into(&mut user.first_name);
        user.last_name = None;
        user.username = None;
        self.commit_account(vec![
            Write::SetBotSecret { bot, secret: None },
            Write::ReleaseUsername { user: bot },
            Write::UpdateUser(Box::new(user.clone())),
        ])
        .await?;
        self.0.directory.bot_secrets.remove(&bot);
        self.0.directory.users.put(bot, Arc::new(user));
        Ok(())
    }

    async fn bot_account(&self, bot: UserId) -> CoreResult<Arc<User>> {
        let user = self.user(bot).await?;
        if user.is_bot() {
            Ok(user)
        } else {
            Err(CoreError::UserNotFound)
        }
    }

    pub(super) async fn update_user(&self, user: User) -> CoreResult<()> {
        let id = user.id;
        self.commit_account(vec![Write::UpdateUser(Box::new(user.clone()))])
            .await?;
        self.0.directory.users.put(id, Arc::new(user));
        Ok(())
    }

    async fn commit_account(&self, writes: Vec<Write>) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            for write in writes {
                tx.push(write);
            }
            Ok(())
        })?;
        submitted.wait().await
    }
}

/// The bot settings of an account known to be a bot.
fn bot_info(user: &mut User) -> &mut BotInfo {
    user.bot.get_or_insert_with(BotInfo::default)
}
