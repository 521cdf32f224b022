//! The steps of BotFather's conversations, its commands on one bot, and what the value a
//! user sends for a command changes.

use gramd_core::bots::{BotCommand, CommandScope};
use gramd_core::ids::UserId;
use gramd_core::web_apps::{AttachMenu, AttachPeerType, MenuButton, MiniApp};
use gramd_core::{BotText, Core, CoreError, CoreResult};

use crate::replies;

/// What BotFather waits for from a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// /newbot: the bot's name.
    NewBotName,
    /// /newbot: the bot's username.
    NewBotUsername {
        /// The name given.
        name: String,
    },
    /// Which bot a command is for.
    ChooseBot(Command),
    /// The new value for a command on a bot.
    Value {
        /// The command.
        command: Command,
        /// The bot.
        bot: UserId,
    },
    /// /setmenubutton: the button's title, after its URL.
    MenuButtonTitle {
        /// The bot.
        bot: UserId,
        /// The URL given.
        url: String,
    },
    /// /newapp: the app's URL, after its title.
    NewAppUrl {
        /// The bot.
        bot: UserId,
        /// The title given.
        title: String,
    },
    /// /newapp: the app's short name, after its title and URL.
    NewAppShortName {
        /// The bot.
        bot: UserId,
        /// The title given.
        title: String,
        /// The URL given.
        url: String,
    },
}

impl Step {
    /// The command the step belongs to, as the user typed it.
    pub(crate) fn command_name(&self) -> &'static str {
        match self {
            Self::NewBotName | Self::NewBotUsername { .. } => "newbot",
            Self::ChooseBot(command) | Self::Value { command, .. } => command.name(),
            Self::MenuButtonTitle { .. } => Command::SetMenuButton.name(),
            Self::NewAppUrl { .. } | Self::NewAppShortName { .. } => Command::NewApp.name(),
        }
    }
}

/// A command that works on one of the user's bots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    Token,
    Revoke,
    SetName,
    SetDescription,
    SetAbout,
    SetUserpic,
    SetCommands,
    DeleteCommands,
    SetJoinGroups,
    SetPrivacy,
    SetInline,
    SetInlineFeedback,
    SetBusiness,
    SetAttach,
    SetMenuButton,
    NewApp,
    DeleteBot,
}

/// Every command on one bot, by name.
const COMMANDS: &[(&str, Command)] = &[
    ("token", Command::Token),
    ("revoke", Command::Revoke),
    ("setname", Command::SetName),
    ("setdescription", Command::SetDescription),
    ("setabouttext", Command::SetAbout),
    ("setuserpic", Command::SetUserpic),
    ("setcommands", Command::SetCommands),
    ("deletecommands", Command::DeleteCommands),
    ("setjoingroups", Command::SetJoinGroups),
    ("setprivacy", Command::SetPrivacy),
    ("setinline", Command::SetInline),
    ("setinlinefeedback", Command::SetInlineFeedback),
    ("setbusiness", Command::SetBusiness),
    ("setattach", Command::SetAttach),
    ("setmenubutton", Command::SetMenuButton),
    ("newapp", Command::NewApp),
    ("deletebot", Command::DeleteBot),
];

impl Command {
    pub(crate) fn parse(name: &str) -> Option<Self> {
        COMMANDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, c)| c)
    }

    pub(crate) fn name(self) -> &'static str {
        COMMANDS
            .iter()
            .find(|&&(_, c)| c == self)
            .map_or("", |&(n, _)| n)
    }

    /// What BotFather asks when the user has to pick a bot for the command.
    pub(crate) fn choose_prompt(self) -> &'static str {
        match self {
            Self::Token => "Choose a bot to get its token.",
            Self::Revoke => "Choose a bot to generate a new token.",
            Self::SetName => "Choose a bot to change its name.",
            Self::SetDescription => "Choose a bot to change description.",
            Self::SetAbout => "Choose a bot to change the about section.",
            Self::SetUserpic => "Choose a bot to change profile photo.",
            Self::SetCommands => "Choose a bot to change the list of commands.",
            Self::DeleteCommands => "Choose a bot to delete its commands.",
            Self::SetJoinGroups => "Choose a bot to change group membership settings.",
            Self::SetPrivacy => "Choose a bot to change group messages settings.",
            Self::SetInline => "Choose a bot to change inline settings.",
            Self::SetInlineFeedback => "Choose a bot to change inline feedback settings.",
            Self::SetBusiness => "Choose a bot to change Business Mode settings.",
            Self::SetAttach => "Choose a bot to change its attachment menu settings.",
            Self::SetMenuButton => "Choose a bot to change its menu button.",
            Self::NewApp => "Choose a bot to create a Web App for.",
            Self::DeleteBot => "Choose a bot to delete.",
        }
    }

    /// What BotFather asks for once the bot is known, for commands that take a text.
    pub(crate) fn value_prompt(self) -> &'static str {
        match self {
            Self::SetName => "OK. Send me the new name for your bot.",
            Self::SetDescription => {
                "OK. Send me the new description for the bot. People will see this \
                 description when they open a chat with your bot, in a block titled \
                 'What can this bot do?'."
            }
            Self::SetAbout => {
                "OK. Send me the new 'About' text. People will see this text on the bot's \
                 profile page and it will be sent together with a link to your bot when \
                 they share it with someone."
            }
            Self::SetUserpic => "OK. Send me the new profile photo for the bot.",
            Self::SetCommands => {
                "OK. Send me a list of commands for your bot. Please use this format:\n\n\
                 command1 - Description\ncommand2 - Another description\n\n\
                 Send /empty to keep the list empty."
            }
            Self::SetMenuButton => {
                "OK. Send me the URL that will be opened when users press the menu button, \
                 or /empty to show the list of commands instead."
            }
            Self::NewApp => {
                "OK. Send me the title for the Web App: users will see it in chats and in the \
                 list of apps."
            }
            Self::SetInline => {
                "This will enable inline queries for your bot. Send me the placeholder \
                 message for the inline mode, /empty to keep the default one, or 'Disable' \
                 to turn inline mode off."
            }
            _ => "",
        }
    }
}

/// Applies the value a user sent for `command` on `bot`: `Ok(Ok(reply))` when done,
/// `Ok(Err(reply))` when the value is refused and BotFather asks again.
///
/// # Errors
/// The core's errors other than refusals of the value.
pub(crate) async fn apply(
    core: &Core,
    command: Command,
    bot: UserId,
    text: &str,
) -> CoreResult<Result<String, String>> {
    let empty = text == "/empty";
    let done = |what: &str| Ok(Ok(format!("Success! {what} updated. /help")));
    match command {
        Command::SetName => text_change(core, bot, BotText::Name, text, "Name").await,
        Command::SetDescription => {
            let value = if empty { "" } else { text };
            text_change(core, bot, BotText::Description, value, "Description").await
        }
        Command::SetAbout => {
            let value = if empty { "" } else { text };
            text_change(core, bot, BotText::ShortDescription, value, "About section").await
        }
        Command::SetCommands => {
            let commands = if empty {
                Vec::new()
            } else {
                match parse_commands(text) {
                    Ok(commands) => commands,
                    Err(reply) => return Ok(Err(reply)),
                }
            };
            core.set_bot_commands(bot, CommandScope::Default, "", commands)
                .await?;
            done("Command list")
        }
        Command::SetBusiness | Command::SetAttach | Command::SetInlineFeedback => {
            let enable = match text.to_ascii_lowercase().as_str() {
                "enable" => true,
                "disable" => false,
                _ => return Ok(Err(replies::ENABLE_OR_DISABLE.to_owned())),
            };
            if command == Command::SetBusiness {
                core.update_bot_info(bot, |info| info.can_connect_to_business = enable)
                    .await?;
            } else if command == Command::SetInlineFeedback {
                core.update_bot_info(bot, |info| info.inline_feedback = enable)
                    .await?;
            } else if !set_attach_menu(core, bot, enable).await? {
                return Ok(Ok(replies::ATTACH_NEEDS_APP.to_owned()));
            }
            Ok(Ok(replies::new_status(enable)))
        }
        Command::SetJoinGroups | Command::SetPrivacy => {
            let enable = match text.to_ascii_lowercase().as_str() {
                "enable" => true,
                "disable" => false,
                _ => return Ok(Err(replies::ENABLE_OR_DISABLE.to_owned())),
            };
            core.update_bot_info(bot, |info| {
                if command == Command::SetJoinGroups {
                    info.can_join_groups = enable;
                } else {
                    info.can_read_all_group_messages = !enable;
                }
            })
            .await?;
            Ok(Ok(replies::new_status(enable)))
        }
        Command::SetInline => {
            let disable = text.eq_ignore_ascii_case("disable");
            let placeholder = (!disable && !empty).then(|| text.to_owned());
            core.update_bot_info(bot, |info| {
                info.supports_inline_queries = !disable;
                info.inline_placeholder = placeholder;
            })
            .await?;
            done("Inline settings")
        }
        Command::DeleteBot => {
            if text != replies::DELETE_CONFIRMATION {
                return Ok(Err(replies::confirm_exactly()));
            }
            core.delete_bot(bot).await?;
            Ok(Ok(replies::BOT_DELETED.to_owned()))
        }
        // A profile photo comes as a photo (see `BotFather::on_photo`), not as text.
        Command::SetUserpic => Ok(Err(replies::SEND_A_PHOTO.to_owned())),
        // These act as soon as the bot is chosen, or go on in steps of their own.
        Command::Token
        | Command::Revoke
        | Command::DeleteCommands
        | Command::SetMenuButton
        | Command::NewApp => Ok(Ok(String::new())),
    }
}

/// Turns a bot's attachment and side menu entry on (named after the bot, in every kind of
/// chat, asking for write access; it opens the bot's web app URL, or else its main app's
/// or its first named app's) or off. `false` if the bot has no app to open.
async fn set_attach_menu(core: &Core, bot: UserId, enable: bool) -> CoreResult<bool> {
    let user = core.user(bot).await?;
    let mut settings = core.web_app_settings(bot).await?;
    if enable && settings.url.is_none() {
        let fallback = (settings.main_app_url.clone())
            .or_else(|| settings.apps.first().map(|a| a.url.clone()));
        let Some(url) = fallback else {
            return Ok(false);
        };
        settings.url = Some(url);
    }
    settings.attach_menu = enable.then(|| AttachMenu {
        short_name: user.first_name.clone(),
        show_in_attach_menu: true,
        show_in_side_menu: true,
        peer_types: AttachPeerType::ALL.to_vec(),
        request_write_access: true,
        side_menu_disclaimer_needed: false,
        icons: Vec::new(),
    });
    core.set_web_app_settings(bot, settings).await?;
    Ok(true)
}

/// Sets a bot's default menu button to open `url` with `title`, or with `None` to show its
/// commands.
pub(crate) async fn set_menu_button(
    core: &Core,
    bot: UserId,
    button: Option<(String, String)>,
) -> CoreResult<Result<String, String>> {
    let button = match button {
        Some((url, text)) => MenuButton::WebApp { text, url },
        None => MenuButton::Commands,
    };
    match core.set_menu_button(bot, None, button).await {
        Ok(()) => Ok(Ok("Success! Menu button updated. /help".to_owned())),
        Err(err @ (CoreError::WebAppUrlInvalid | CoreError::ButtonTextInvalid)) => {
            Ok(Err(replies::menu_button_invalid(&err)))
        }
        Err(err) => Err(err),
    }
}

/// Adds a named mini app (`t.me/<bot>/<short_name>`).
pub(crate) async fn add_app(
    core: &Core,
    bot: UserId,
    title: String,
    url: String,
    short_name: &str,
) -> CoreResult<Result<String, String>> {
    let mut settings = core.web_app_settings(bot).await?;
    if settings.app(short_name).is_some() {
        return Ok(Err(replies::APP_NAME_TAKEN.to_owned()));
    }
    settings.apps.push(MiniApp {
        short_name: short_name.to_owned(),
        title,
        description: String::new(),
        url,
        request_write_access: false,
    });
    match core.set_web_app_settings(bot, settings).await {
        Ok(_) => {
            let username = core.user(bot).await?.username.clone().unwrap_or_default();
            Ok(Ok(replies::app_created(&username, short_name)))
        }
        Err(CoreError::BotAppShortNameInvalid | CoreError::WebAppUrlInvalid) => {
            Ok(Err(replies::APP_INVALID.to_owned()))
        }
        Err(err) => Err(err),
    }
}

async fn text_change(
    core: &Core,
    bot: UserId,
    which: BotText,
    text: &str,
    what: &str,
) -> CoreResult<Result<String, String>> {
    match core.set_bot_text(bot, "", which, text).await {
        Ok(()) => Ok(Ok(format!("Success! {what} updated. /help"))),
        Err(CoreError::Refused { .. }) => Ok(Err(replies::too_long(which))),
        Err(err) => Err(err),
    }
}

/// Reads `command - description` lines (a leading `/` allowed).
fn parse_commands(text: &str) -> Result<Vec<BotCommand>, String> {
    let mut commands = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((command, description)) = line.split_once(" - ") else {
            return Err(replies::commands_format(line));
        };
        let command = BotCommand {
            command: command.trim().to_owned(),
            description: description.trim().to_owned(),
        }
        .validate()
        .map_err(|_| replies::commands_format(line))?;
        commands.push(command);
    }
    if commands.is_empty() {
        return Err(replies::commands_format(text));
    }
    Ok(commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lists_are_read_as_botfather_reads_them() {
        let commands = parse_commands("start - Start the bot\n/help - Get help\n\n").unwrap();
        let pairs: Vec<(&str, &str)> = commands
            .iter()
            .map(|c| (c.command.as_str(), c.description.as_str()))
            .collect();
        assert_eq!(pairs, [("start", "Start the bot"), ("help", "Get help")]);
        assert!(parse_commands("start Start").is_err());
        assert!(parse_commands("bad command! - x").is_err());
        assert!(parse_commands("").is_err());
    }

    #[test]
    fn every_command_has_a_name_and_a_prompt() {
        for &(name, command) in COMMANDS {
            assert_eq!(Command::parse(name), Some(command));
            assert_eq!(command.name(), name);
            assert!(!command.choose_prompt().is_empty());
        }
        assert_eq!(Command::parse("SetName"), Some(Command::SetName));
        assert_eq!(Command::parse("newbot"), None);
    }
}
