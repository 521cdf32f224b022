//! A bot's command lists, per scope and language (`setMyCommands` and friends).

use crate::bots::{BotCommand, CommandScope, MAX_COMMANDS};
use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;
use crate::store::Write;

use super::Core;

impl Core {
    /// Sets the commands of a bot for a scope and language (`""` = all languages); an empty
    /// list deletes them, as `setMyCommands` with `[]` does.
    ///
    /// # Errors
    /// `LanguageCodeInvalid`, `Refused { BOT_COMMANDS_TOO_MUCH }`, `BotCommandInvalid`,
    /// `BotCommandDescriptionInvalid`, or `Internal`.
    pub async fn set_bot_commands(
        &self,
        bot: UserId,
        scope: CommandScope,
        language: &str,
        commands: Vec<BotCommand>,
    ) -> CoreResult<()> {
        check_language(language)?;
        if commands.len() > MAX_COMMANDS {
            return Err(CoreError::Refused {
                name: "BOT_COMMANDS_TOO_MUCH",
            });
        }
        let commands = commands
            .into_iter()
            .map(BotCommand::validate)
            .collect::<CoreResult<Vec<_>>>()?;
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetBotCommands {
                bot,
                scope: scope.key(),
                language: language.to_owned(),
                commands: (!commands.is_empty()).then_some(commands),
            });
            Ok(())
        })?;
        submitted.wait().await
    }

    /// The commands of a bot for exactly this scope and language (empty if none).
    ///
    /// # Errors
    /// `LanguageCodeInvalid` or `Internal`.
    pub async fn bot_commands(
        &self,
        bot: UserId,
        scope: CommandScope,
        language: &str,
    ) -> CoreResult<Vec<BotCommand>> {
        check_language(language)?;
        Ok(self
            .0
            .store
            .bot_commands(bot, &scope.key(), language)
            .await?
            .unwrap_or_default())
    }
}

/// A command list's language: `""` (every language) or a two-letter ISO 639-1 code in
/// lower case.
pub(super) fn check_language(code: &str) -> CoreResult<()> {
    if code.is_empty() || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())) {
        Ok(())
    } else {
        Err(CoreError::LanguageCodeInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_empty_or_two_lowercase_letters() {
        for ok in ["", "en", "de"] {
            assert_eq!(check_language(ok), Ok(()), "{ok}");
        }
        for bad in ["EN", "e", "eng", "e1", "en-US"] {
            assert_eq!(
                check_language(bad),
                Err(CoreError::LanguageCodeInvalid),
                "{bad}"
            );
        }
    }
}
