//! What BotFather says, in one place.

use gramd_core::BotText;

use crate::conversation::Command;

pub(crate) const HELP: &str = "I can help you create and manage Telegram bots.\n\n\
You can control me by sending these commands:\n\n\
/newbot - create a new bot\n\
/mybots - edit your bots\n\n\
Edit Bots\n\
/setname - change a bot's name\n\
/setdescription - change bot description\n\
/setabouttext - change bot about info\n\
/setuserpic - change bot profile photo\n\
/setcommands - change the list of commands\n\
/deletecommands - delete the list of commands\n\
/setinline - toggle inline mode\n\
/setinlinefeedback - change inline feedback settings\n\
/setjoingroups - can your bot be added to groups?\n\
/setprivacy - toggle privacy mode in groups\n\
/setbusiness - toggle Business Mode\n\n\
Web Apps\n\
/newapp - create a new Web App\n\
/setmenubutton - change the menu button\n\
/setattach - toggle the attachment and side menu\n\n\
Bot Tokens\n\
/token - get the token of a bot\n\
/revoke - revoke bot access token\n\n\
/deletebot - delete a bot\n\
/cancel - cancel the current operation";

pub(crate) const NEW_BOT: &str =
    "Alright, a new bot. How are we going to call it? Please choose a name for your bot.";

pub(crate) const NAME_INVALID: &str =
    "Sorry, this name is invalid. A bot's name is 1 to 64 characters. Please try again.";

pub(crate) const CHOOSE_USERNAME: &str = "Good. Now let's choose a username for your bot. \
It must end in `bot`. Like this, for example: TetrisBot or tetris_bot.";

pub(crate) const USERNAME_NOT_BOT: &str =
    "Sorry, the username must end in 'bot'. E.g. 'Tetris_bot' or 'Tetrisbot'";

pub(crate) const USERNAME_TAKEN: &str =
    "Sorry, this username is already taken. Please try something different.";

pub(crate) const USERNAME_INVALID: &str = "Sorry, this username is invalid.";

pub(crate) const NO_BOTS: &str =
    "You have currently no bots. Use the /newbot command to create a new bot first.";

pub(crate) const CHOOSE_FROM_LIST: &str = "Choose a bot from the list below:";

pub(crate) const INVALID_BOT: &str = "Invalid bot selected.";

pub(crate) const UNKNOWN_COMMAND: &str = "Unrecognized command. Say what?";

pub(crate) const NOTHING_TO_CANCEL: &str =
    "No active command to cancel. I wasn't doing anything anyway. Zzzzz...";

pub(crate) const COMMANDS_CLEARED: &str = "Bot commands list are cleared. /help";

pub(crate) const SEND_A_PHOTO: &str = "Please send me the new profile photo as a photo.";

pub(crate) const USERPIC_UPDATED: &str = "Success! Profile photo updated. /help";

pub(crate) const ENABLE_OR_DISABLE: &str = "Please choose 'Enable' or 'Disable'.";

pub(crate) const DELETE_CONFIRMATION: &str = "Yes, I am totally sure.";

pub(crate) const BOT_DELETED: &str = "Done! The bot is gone. /help";

pub(crate) fn bot_created(username: &str, token: &str) -> String {
    format!(
        "Done! Congratulations on your new bot. You will find it at t.me/{username}. You can \
         now add a description, about section and profile picture for your bot, see /help \
         for a list of commands.\n\nUse this token to access the HTTP API:\n{token}\n\
         Keep your token secure and store it safely, it can be used by anyone to control \
         your bot."
    )
}

pub(crate) fn token(token: &str) -> String {
    format!("You can use this token to access HTTP API:\n{token}")
}

pub(crate) fn revoked(bot: &str, token: &str) -> String {
    format!(
        "Your token was replaced with a new one. You can use this token to access HTTP API \
         of {bot}:\n{token}"
    )
}

pub(crate) fn cancelled(command: &str) -> String {
    format!("The command /{command} has been cancelled. Anything else I can do for you?")
}

pub(crate) fn bot_menu(name: &str, bot: &str) -> String {
    format!("Here it is: {name} {bot}.\n\nWhat do you want to do with the bot?")
}

pub(crate) fn toggle_prompt(command: Command, bot: &str, enabled: bool) -> String {
    let options = match command {
        Command::SetJoinGroups => {
            "'Enable' - bot can be added to groups.\n\
             'Disable' - block group invitations, the bot can't be added to groups."
        }
        Command::SetBusiness => {
            "'Enable' - users can connect the bot to their account to answer their chats.\n\
             'Disable' - the bot cannot be connected to business accounts."
        }
        Command::SetInlineFeedback => {
            "'Enable' - the bot receives a chosen_inline_result update each time a user \
             sends one of its inline results.\n\
             'Disable' - the bot is not told which results users choose."
        }
        Command::SetAttach => {
            "'Enable' - users can add the bot to their attachment and side menu.\n\
             'Disable' - the bot is not offered in those menus."
        }
        _ => {
            "'Enable' - your bot will only receive messages that either start with the '/' \
             symbol or mention the bot by username.\n\
             'Disable' - your bot will receive all messages that people send to groups."
        }
    };
    format!(
        "{options}\n\nCurrent status for {bot} is: {}",
        status(enabled)
    )
}

pub(crate) fn new_status(enabled: bool) -> String {
    format!("Success! The new status is: {}. /help", status(enabled))
}

fn status(enabled: bool) -> &'static str {
    if enabled { "ENABLED" } else { "DISABLED" }
}

pub(crate) fn delete_prompt(bot: &str) -> String {
    format!(
        "OK, you selected {bot}. Are you sure?\n\nSend '{DELETE_CONFIRMATION}' to confirm you \
         really want to delete this bot."
    )
}

pub(crate) fn confirm_exactly() -> String {
    format!(
        "Please enter the confirmation text exactly like this:\n{DELETE_CONFIRMATION}\n\n\
         Type /cancel to cancel the operation."
    )
}

pub(crate) fn too_long(which: BotText) -> String {
    let (what, max) = match which {
        BotText::Name => ("name", 64),
        BotText::Description => ("description", 512),
        BotText::ShortDescription => ("about text", 120),
    };
    format!("Sorry, the {what} is too long: at most {max} characters. Please try again.")
}

pub(crate) fn commands_format(line: &str) -> String {
    format!(
        "Sorry, the list of commands is invalid: \"{line}\". Please use this format:\n\n\
         command1 - Description\ncommand2 - Another description"
    )
}

pub(crate) const MENU_BUTTON_TITLE: &str =
    "Got it. Now send me the title for the menu button (1 to 64 characters).";

pub(crate) const APP_URL: &str =
    "Now send me the Web App URL that will be opened when users open the app.";

pub(crate) const APP_SHORT_NAME: &str = "Almost done. Now send me a short name for the Web App: \
3 to 30 characters of a-z, 0-9 and _, starting with a letter. It will be used in \
t.me/<bot>/<short_name> links.";

pub(crate) const APP_NAME_TAKEN: &str =
    "Sorry, the bot already has a Web App with this short name. Please try another one.";

pub(crate) const APP_INVALID: &str = "Sorry, this short name or URL is invalid. Please send a \
short name of 3 to 30 characters of a-z, 0-9 and _, starting with a letter.";

pub(crate) fn app_created(bot: &str, short_name: &str) -> String {
    format!(
        "Done! Your Web App is ready. Users can open it with this link:\n\
         t.me/{bot}/{short_name}"
    )
}

pub(crate) fn menu_button_invalid(err: &gramd_core::CoreError) -> String {
    format!("Sorry, this menu button is invalid ({err}). Please send the URL again.")
}

pub(crate) const ATTACH_NEEDS_APP: &str =
    "The attachment menu opens a Web App: create one with /newapp first. /help";
