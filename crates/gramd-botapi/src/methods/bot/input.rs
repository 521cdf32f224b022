//! Parameters of the bot's own methods: `commands`, their `scope` and `language_code`, and
//! `menu_button`.

use gramd_core::bots::{BotCommand, CommandScope};
use gramd_core::ids::UserId;
use gramd_core::web_apps::MenuButton;
use serde_json::Value;

use crate::error::ApiError;
use crate::input::{FieldResult, json_param, req_int, req_string};
use crate::params::Params;

/// `commands` of `setMyCommands`.
pub(crate) fn commands(params: &Params) -> Result<Vec<BotCommand>, ApiError> {
    let Some(value) = json_param(params, "commands", "Can't parse commands JSON object")? else {
        return Ok(Vec::new());
    };
    let Value::Array(list) = value else {
        return Err(ApiError::bad_request("Expected an Array of BotCommand"));
    };
    list.iter()
        .map(|value| {
            let parse = || -> FieldResult<BotCommand> {
                let Value::Object(obj) = value else {
                    return Err("expected an Object".into());
                };
                Ok(BotCommand {
                    command: req_string(obj, "command")?,
                    description: req_string(obj, "description")?,
                })
            };
            parse().map_err(|e| ApiError::bad_request(format!("Can't parse BotCommand: {e}")))
        })
        .collect()
}

/// A `BotCommandScope` before its chat is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ScopeInput {
    Fixed(CommandScope),
    Chat(String),
    ChatAdministrators(String),
    ChatMember(String, UserId),
}

/// `scope` of the command methods.
pub(crate) fn command_scope(params: &Params) -> Result<ScopeInput, ApiError> {
    let Some(value) = json_param(params, "scope", "Can't parse BotCommandScope JSON object")?
    else {
        return Ok(ScopeInput::Fixed(CommandScope::Default));
    };
    let parse = || -> FieldResult<ScopeInput> {
        let Value::Object(obj) = &value else {
            return Err("BotCommandScope must be an Object".into());
        };
        let kind = req_string(obj, "type")?;
        let fixed = match kind.as_str() {
            "default" => Some(CommandScope::Default),
            "all_private_chats" => Some(CommandScope::AllPrivateChats),
            "all_group_chats" => Some(CommandScope::AllGroupChats),
            "all_chat_administrators" => Some(CommandScope::AllChatAdministrators),
            "chat" | "chat_administrators" | "chat_member" => None,
            _ => return Err("Unsupported type specified".into()),
        };
        if let Some(scope) = fixed {
            return Ok(ScopeInput::Fixed(scope));
        }
        let chat_id = req_string(obj, "chat_id")?;
        if chat_id.is_empty() {
            return Err("Empty chat_id specified".into());
        }
        Ok(match kind.as_str() {
            "chat" => ScopeInput::Chat(chat_id),
            "chat_administrators" => ScopeInput::ChatAdministrators(chat_id),
            _ => {
                let user_id: i64 = req_int(obj, "user_id")?;
                if user_id <= 0 {
                    return Err("Invalid user_id specified".into());
                }
                ScopeInput::ChatMember(chat_id, UserId(user_id))
            }
        })
    };
    parse().map_err(|e| ApiError::bad_request(format!("Can't parse BotCommandScope: {e}")))
}

/// `language_code`, as given (the core checks it: empty, or two lowercase letters).
pub(super) fn language(params: &Params) -> Result<String, ApiError> {
    Ok(params.arg("language_code").to_owned())
}

/// `menu_button` of `setChatMenuButton` (`MenuButtonDefault` when absent).
pub(crate) fn menu_button(params: &Params) -> Result<MenuButton, ApiError> {
    let Some(value) = json_param(params, "menu_button", "Can't parse menu button JSON object")?
    else {
        return Ok(MenuButton::Default);
    };
    let parse = || -> FieldResult<MenuButton> {
        let Value::Object(obj) = &value else {
            return Err("MenuButton must be an Object".into());
        };
        match req_string(obj, "type")?.as_str() {
            "default" => Ok(MenuButton::Default),
            "commands" => Ok(MenuButton::Commands),
            "web_app" => {
                let text = req_string(obj, "text")?;
                let web_app = crate::input::req_object(obj, "web_app")?;
                let url = req_string(web_app, "url")?;
                Ok(MenuButton::WebApp { text, url })
            }
            _ => Err("Unsupported menu button type specified".into()),
        }
    };
    parse().map_err(|e| ApiError::bad_request(format!("Can't parse menu button: {e}")))
}
