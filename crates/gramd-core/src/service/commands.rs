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
    /// `BotCommandInvalid`, `BotCommandDescriptionInvalid`, or `Internal`.
    pub async fn set_bot_commands(
        &self,
        bot: UserId,
        scope: CommandScope,
        language: &str,
        commands: Vec<BotCommand>,
    ) -> CoreResult<()> {
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
    /// `Internal`.
    pub async fn bot_commands(
        &self,
        bot: UserId,
        scope: CommandScope,
        language: &str,
    ) -> CoreResult<Vec<BotCommand>> {
        Ok(self
            .0
            .store
            .bot_commands(bot, &scope.key(), language)
            .await?
            .unwrap_or_default())
    }
}
