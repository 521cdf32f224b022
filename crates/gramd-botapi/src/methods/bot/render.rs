//! The bot's own objects: itself as `getMe` shows it, its commands and its menu button.

use gramd_core::bots::BotCommand as CoreBotCommand;
use gramd_core::users::User as CoreUser;
use gramd_core::web_apps::MenuButton as CoreMenuButton;
use serde::Serialize;

use crate::render::user;
use crate::types::{MeFields, User};

/// A bot as `getMe` shows it; `main_web_app`: it has a main mini app (set through
/// @BotFather, or the bot's settings say so).
pub(super) fn me(bot: &CoreUser, main_web_app: bool) -> User {
    let info = bot.bot.clone().unwrap_or_default();
    let mut rendered = user(bot);
    rendered.me = Some(MeFields {
        can_join_groups: info.can_join_groups,
        can_read_all_group_messages: info.can_read_all_group_messages,
        supports_inline_queries: info.supports_inline_queries,
        can_connect_to_business: info.can_connect_to_business,
        has_main_web_app: info.has_main_web_app || main_web_app,
        has_topics_enabled: false,
        allows_users_to_create_topics: false,
        can_manage_bots: false,
        supports_guest_queries: false,
        supports_join_request_queries: false,
    });
    rendered
}

/// `BotCommand`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct BotCommand {
    command: String,
    description: String,
}

/// A command list as `getMyCommands` shows it.
pub(super) fn commands(commands: Vec<CoreBotCommand>) -> Vec<BotCommand> {
    commands
        .into_iter()
        .map(|c| BotCommand {
            command: c.command,
            description: c.description,
        })
        .collect()
}

/// `MenuButton`: `MenuButtonDefault`, `MenuButtonCommands` or `MenuButtonWebApp`.
pub(super) fn menu_button(button: CoreMenuButton) -> serde_json::Value {
    match button {
        CoreMenuButton::Default => serde_json::json!({ "type": "default" }),
        CoreMenuButton::Commands => serde_json::json!({ "type": "commands" }),
        CoreMenuButton::WebApp { text, url } => serde_json::json!({
            "type": "web_app",
            "text": text,
            "web_app": { "url": url },
        }),
    }
}
