//! Verification: a verifier bot verifies users, bots, supergroups and channels, or takes
//! its verification back (see [`crate::verification`]).

use crate::chats::ChatKind;
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::users::User;
use crate::verification::{MAX_VERIFICATION_DESCRIPTION, Verification, VerifierSettings};

use super::Core;

/// Telegram's error for a bot that may not verify (inferred: `bots.setCustomVerification`'s
/// documented error for a bot that is no verifier).
const FORBIDDEN: &str = "BOT_VERIFIER_FORBIDDEN";

impl Core {
    /// Makes `bot` a verifier for an organisation, or no longer one (`None`): what
    /// Telegram decides for its verifiers, the operator decides on gramd
    /// (`gramd bot verifier`).
    ///
    /// # Errors
    /// `UserNotFound` (not a bot), or `Internal`.
    pub async fn set_verifier(
        &self,
        bot: UserId,
        settings: Option<VerifierSettings>,
    ) -> CoreResult<()> {
        self.update_bot_info(bot, |info| info.verifier = settings)
            .await
            .map(drop)
    }

    /// `bot` verifies `target` (a user, a bot, a supergroup or a channel), with a custom
    /// description if its organisation may give one; verifying again replaces the
    /// description.
    ///
    /// # Errors
    /// `Refused` with `BOT_VERIFIER_FORBIDDEN` if `bot` is no verifier, or gives a custom
    /// description it may not, or the target carries another bot's verification;
    /// `PEER_ID_INVALID` for a basic group; `VERIFICATION_DESCRIPTION_INVALID` for a
    /// description over [`MAX_VERIFICATION_DESCRIPTION`]; `ChatNotFound`, `UserNotFound`.
    pub async fn verify(&self, bot: UserId, target: Peer, description: &str) -> CoreResult<()> {
        let settings = self.verifier(bot).await?;
        let description = description.trim();
        if !description.is_empty() && !settings.can_modify_custom_description {
            return Err(CoreError::refused(FORBIDDEN));
        }
        if description.chars().count() > MAX_VERIFICATION_DESCRIPTION {
            // Inferred: Telegram documents the limit, not the error.
            return Err(CoreError::refused("VERIFICATION_DESCRIPTION_INVALID"));
        }
        let verification = Verification {
            bot,
            icon: settings.icon,
            description: if description.is_empty() {
                settings.default_description()
            } else {
                description.to_owned()
            },
        };
        self.set_verification(bot, target, Some(verification)).await
    }

    /// `bot` takes back its verification of `target`; no error if it has none.
    ///
    /// # Errors
    /// As [`Core::verify`].
    pub async fn remove_verification(&self, bot: UserId, target: Peer) -> CoreResult<()> {
        self.verifier(bot).await?;
        self.set_verification(bot, target, None).await
    }

    /// The settings of a verifier bot.
    async fn verifier(&self, bot: UserId) -> CoreResult<VerifierSettings> {
        self.user(bot)
            .await?
            .bot
            .as_ref()
            .and_then(|info| info.verifier.clone())
            .ok_or(CoreError::refused(FORBIDDEN))
    }

    /// Stores `target`'s verification, unless another bot's is on it.
    async fn set_verification(
        &self,
        bot: UserId,
        target: Peer,
        verification: Option<Verification>,
    ) -> CoreResult<()> {
        let by_another =
            |current: &Option<Verification>| current.as_ref().is_some_and(|v| v.bot != bot);
        match target {
            Peer::User(id) => {
                let user: User = (*self.user(id).await?).clone();
                if by_another(&user.verification) {
                    return Err(CoreError::refused(FORBIDDEN));
                }
                if user.verification == verification {
                    return Ok(());
                }
                let mut user = user;
                user.verification = verification;
                self.update_user(user).await
            }
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = (*self.chat(target).await?).clone();
                if chat.kind == ChatKind::Group {
                    return Err(CoreError::refused("PEER_ID_INVALID"));
                }
                if by_another(&chat.verification) {
                    return Err(CoreError::refused(FORBIDDEN));
                }
                if chat.verification == verification {
                    return Ok(());
                }
                let mut chat = chat;
                chat.verification = verification;
                self.put_chat(chat).await
            }
        }
    }
}
