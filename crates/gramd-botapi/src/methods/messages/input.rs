//! Parameters of the message methods: the text and its entities, link preview options,
//! reply parameters, reply markup, message ids.
//!
//! Field errors use the reference server's texts (see [`crate::input`]).

use gramd_core::ids::MessageId;
use gramd_core::markup::{
    InlineAction, InlineButton, KeyboardAction, KeyboardButton, ReplyKeyboard, ReplyMarkup,
};
use gramd_core::messages::{LinkPreview, OutgoingText, SendOptions};
use gramd_core::text::{EntityKind, FormattedText, MessageEntity, ParseMode};
use serde_json::Value;

use crate::error::ApiError;
use crate::input::{
    FieldResult, Obj, json_param, opt_array, opt_bool, opt_int, opt_object, opt_string, req_int,
    req_object, req_string,
};
use crate::params::Params;

/// `reply_markup`.
pub(crate) fn reply_markup(params: &Params) -> Result<Option<ReplyMarkup>, ApiError> {
    let Some(value) = json_param(
        params,
        "reply_markup",
        "Can't parse reply keyboard markup JSON object",
    )?
    else {
        return Ok(None);
    };
    let Value::Object(obj) = value else {
        return Err(ApiError::bad_request("Object expected as reply markup"));
    };
    parse_reply_markup(&obj).map_err(ApiError::bad_request)
}

/// A reply markup object (also a field of an inline query result).
pub(crate) fn parse_reply_markup(obj: &Obj) -> FieldResult<Option<ReplyMarkup>> {
    let mut rows = Vec::new();
    if let Some(keyboard) = opt_array(obj, "keyboard")? {
        for row in keyboard {
            let Value::Array(row) = row else {
                return Err("Field \"keyboard\" must be an Array of Arrays".into());
            };
            let mut buttons = Vec::with_capacity(row.len());
            for button in row {
                buttons.push(
                    keyboard_button(button)
                        .map_err(|e| format!("Can't parse keyboard button: {e}"))?,
                );
            }
            rows.push(buttons);
        }
    }
    let mut inline_rows = Vec::new();
    if let Some(keyboard) = opt_array(obj, "inline_keyboard")? {
        for row in keyboard {
            let Value::Array(row) = row else {
                return Err(
                    "Field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays"
                        .into(),
                );
            };
            let mut buttons = Vec::with_capacity(row.len());
            for button in row {
                buttons.push(
                    inline_button(button)
                        .map_err(|e| format!("Can't parse inline keyboard button: {e}"))?,
                );
            }
            inline_rows.push(buttons);
        }
    }
    let hide = opt_bool(obj, "hide_keyboard")? || opt_bool(obj, "remove_keyboard")?;
    let selective = opt_bool(obj, "personal_keyboard")? || opt_bool(obj, "selective")?;
    let force_reply = opt_bool(obj, "force_reply_keyboard")? || opt_bool(obj, "force_reply")?;
    let placeholder = opt_string(obj, "input_field_placeholder")?.filter(|p| !p.is_empty());
    Ok(if !rows.is_empty() {
        Some(ReplyMarkup::Keyboard(ReplyKeyboard {
            rows,
            resize: opt_bool(obj, "resize_keyboard")?,
            one_time: opt_bool(obj, "one_time_keyboard")?,
            is_persistent: opt_bool(obj, "is_persistent")?,
            placeholder,
            selective,
        }))
    } else if !inline_rows.is_empty() {
        Some(ReplyMarkup::Inline { rows: inline_rows })
    } else if hide {
        Some(ReplyMarkup::Remove { selective })
    } else if force_reply {
        Some(ReplyMarkup::ForceReply {
            placeholder,
            selective,
        })
    } else {
        None
    })
}

fn button_style(obj: &Obj) -> FieldResult<(Option<String>, Option<String>)> {
    let icon = opt_int::<i64>(obj, "icon_custom_emoji_id")?
        .filter(|id| *id != 0)
        .map(|id| id.to_string());
    let style = opt_string(obj, "style")?.filter(|s| !s.is_empty());
    Ok((icon, style))
}

fn keyboard_button(value: &Value) -> FieldResult<KeyboardButton> {
    let obj = match value {
        Value::String(text) => {
            return Ok(KeyboardButton {
                text: text.clone(),
                style: None,
                icon_custom_emoji_id: None,
                action: KeyboardAction::Text,
            });
        }
        Value::Object(obj) => obj,
        _ => return Err("KeyboardButton must be a String or an Object".into()),
    };
    let text = req_string(obj, "text")?;
    let (icon_custom_emoji_id, style) = button_style(obj)?;
    let action = if opt_bool(obj, "request_contact")? {
        KeyboardAction::RequestContact
    } else if opt_bool(obj, "request_location")? {
        KeyboardAction::RequestLocation
    } else if let Some(poll) = opt_object(obj, "request_poll")? {
        KeyboardAction::RequestPoll {
            poll_type: opt_string(poll, "type")?.filter(|t| !t.is_empty()),
        }
    } else if let Some(web_app) = opt_object(obj, "web_app")? {
        KeyboardAction::WebApp {
            url: req_string(web_app, "url")?,
        }
    } else if let Some(request) = opt_object(obj, "request_users")? {
        KeyboardAction::RequestUsers {
            request_id: req_int(request, "request_id")?,
            params: Value::Object(request.clone()),
        }
    } else if let Some(request) = opt_object(obj, "request_chat")? {
        KeyboardAction::RequestChat {
            request_id: req_int(request, "request_id")?,
            params: Value::Object(request.clone()),
        }
    } else {
        KeyboardAction::Text
    };
    Ok(KeyboardButton {
        text,
        style,
        icon_custom_emoji_id,
        action,
    })
}

fn inline_button(value: &Value) -> FieldResult<InlineButton> {
    let Value::Object(obj) = value else {
        return Err("InlineKeyboardButton must be an Object".into());
    };
    let text = req_string(obj, "text")?;
    let (icon_custom_emoji_id, style) = button_style(obj)?;
    let action = inline_action(obj)?;
    Ok(InlineButton {
        text,
        style,
        icon_custom_emoji_id,
        action,
    })
}

/// The first action present, in the reference server's order of checks.
fn inline_action(obj: &Obj) -> FieldResult<InlineAction> {
    if let Some(url) = opt_string(obj, "url")?.filter(|u| !u.is_empty()) {
        return Ok(InlineAction::Url { url });
    }
    if let Some(data) = opt_string(obj, "callback_data")?.filter(|d| !d.is_empty()) {
        return Ok(InlineAction::Callback { data });
    }
    if obj.contains_key("callback_game") {
        return Ok(InlineAction::CallbackGame);
    }
    if obj.contains_key("pay") {
        return Ok(InlineAction::Pay);
    }
    if obj.contains_key("switch_inline_query") {
        return Ok(InlineAction::SwitchInline {
            query: req_string(obj, "switch_inline_query")?,
            current_chat: false,
        });
    }
    if obj.contains_key("switch_inline_query_chosen_chat") {
        let chosen = req_object(obj, "switch_inline_query_chosen_chat")?;
        return Ok(InlineAction::SwitchInlineChosenChat {
            query: opt_string(chosen, "query")?,
            allow_user_chats: opt_bool(chosen, "allow_user_chats")?,
            allow_bot_chats: opt_bool(chosen, "allow_bot_chats")?,
            allow_group_chats: opt_bool(chosen, "allow_group_chats")?,
            allow_channel_chats: opt_bool(chosen, "allow_channel_chats")?,
        });
    }
    if obj.contains_key("switch_inline_query_current_chat") {
        return Ok(InlineAction::SwitchInline {
            query: req_string(obj, "switch_inline_query_current_chat")?,
            current_chat: true,
        });
    }
    if obj.contains_key("login_url") {
        let login = req_object(obj, "login_url")?;
        let url = req_string(login, "url")?;
        let bot_username = opt_string(login, "bot_username")?
            .map(|name| name.trim_start_matches('@').to_owned())
            .filter(|name| !name.is_empty());
        if let Some(name) = &bot_username
            && !name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric())
        {
            return Err("LoginUrl bot username is invalid".into());
        }
        return Ok(InlineAction::LoginUrl {
            url,
            forward_text: opt_string(login, "forward_text")?.filter(|t| !t.is_empty()),
            bot_username,
            request_write_access: opt_bool(login, "request_write_access")?,
        });
    }
    if obj.contains_key("web_app") {
        let web_app = req_object(obj, "web_app")?;
        return Ok(InlineAction::WebApp {
            url: req_string(web_app, "url")?,
        });
    }
    if obj.contains_key("copy_text") {
        let copy = req_object(obj, "copy_text")?;
        return Ok(InlineAction::CopyText {
            text: req_string(copy, "text")?,
        });
    }
    Err("Text buttons are unallowed in the inline keyboard".into())
}

/// `reply_parameters` (or the legacy `reply_to_message_id` / `allow_sending_without_reply`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReplyParameters {
    pub(crate) message_id: MessageId,
    /// The chat of the replied message, when it is not the target chat.
    pub(crate) chat_id: Option<String>,
    pub(crate) allow_sending_without_reply: bool,
}

pub(crate) fn reply_parameters(params: &Params) -> Result<Option<ReplyParameters>, ApiError> {
    if !params.has("reply_parameters") {
        let id = params.message_id("reply_to_message_id");
        return Ok((id > 0).then(|| ReplyParameters {
            message_id: MessageId(id),
            chat_id: None,
            allow_sending_without_reply: params.bool_arg("allow_sending_without_reply"),
        }));
    }
    let Some(value) = json_param(
        params,
        "reply_parameters",
        "Can't parse reply parameters JSON object",
    )?
    else {
        return Ok(None);
    };
    let Value::Object(obj) = value else {
        return Err(ApiError::bad_request("Object expected as reply parameters"));
    };
    if obj.is_empty() {
        return Ok(None);
    }
    let parse = || -> FieldResult<ReplyParameters> {
        let chat_id = opt_string(&obj, "chat_id")?.filter(|c| !c.is_empty());
        let message_id: i32 = req_int(&obj, "message_id")?;
        Ok(ReplyParameters {
            message_id: MessageId(message_id.max(0)),
            chat_id,
            allow_sending_without_reply: opt_bool(&obj, "allow_sending_without_reply")?,
        })
    };
    let parsed = parse().map_err(ApiError::bad_request)?;
    Ok((parsed.message_id.0 > 0).then_some(parsed))
}

/// `link_preview_options` (or the legacy `disable_web_page_preview`).
pub(crate) fn link_preview(params: &Params) -> Result<Option<LinkPreview>, ApiError> {
    let Some(value) = json_param(
        params,
        "link_preview_options",
        "Can't parse link preview options JSON object",
    )?
    else {
        return Ok(params
            .bool_arg("disable_web_page_preview")
            .then(|| LinkPreview {
                is_disabled: true,
                ..LinkPreview::default()
            }));
    };
    let Value::Object(obj) = value else {
        return Err(ApiError::bad_request(
            "Object expected as link preview options",
        ));
    };
    let parse = || -> FieldResult<LinkPreview> {
        Ok(LinkPreview {
            is_disabled: opt_bool(&obj, "is_disabled")?,
            url: opt_string(&obj, "url")?.filter(|u| !u.is_empty()),
            prefer_small_media: opt_bool(&obj, "prefer_small_media")?,
            prefer_large_media: opt_bool(&obj, "prefer_large_media")?,
            show_above_text: opt_bool(&obj, "show_above_text")?,
        })
    };
    let options = parse().map_err(ApiError::bad_request)?;
    Ok((options != LinkPreview::default()).then_some(options))
}

/// The text of a message from `text`, `parse_mode` and `entities` (in that order of checks).
pub(crate) fn message_text(params: &Params, text_param: &str) -> Result<OutgoingText, ApiError> {
    let text = params.text_arg(text_param)?;
    if text.is_empty() {
        return Err(ApiError::bad_request("Message text is empty"));
    }
    let link_preview = link_preview(params)?;
    let formatted = formatted_text(text, params.arg("parse_mode"), params, "entities")?;
    Ok(OutgoingText {
        text: formatted.text,
        entities: formatted.entities,
        link_preview,
    })
}

/// TDLib's `get_formatted_text`: a parse mode wins over explicit entities.
pub(crate) fn formatted_text(
    text: &str,
    parse_mode: &str,
    params: &Params,
    entities_param: &str,
) -> Result<FormattedText, ApiError> {
    // Unparsable entities are ignored, as by the reference server.
    let entities = params.json_value(entities_param).ok().flatten();
    formatted_text_of(text, parse_mode, entities.as_ref())
}

/// [`formatted_text`] with the entities given as JSON (a field of a JSON object).
pub(crate) fn formatted_text_of(
    text: &str,
    parse_mode: &str,
    entities: Option<&Value>,
) -> Result<FormattedText, ApiError> {
    if text.len() > (1 << 15) {
        return Err(ApiError::bad_request("Text is too long"));
    }
    if !text.is_empty() {
        match ParseMode::from_bot_api(parse_mode) {
            Err(_) => return Err(ApiError::bad_request("Unsupported parse_mode")),
            Ok(Some(mode)) => {
                return gramd_core::text::parse(text, mode)
                    .map_err(|e| ApiError::bad_request(format!("can't parse entities: {e}")));
            }
            Ok(None) => {}
        }
    }
    Ok(FormattedText {
        text: text.to_owned(),
        entities: entity_list(entities)?,
    })
}

/// The entities of a JSON array (anything else is no entities).
fn entity_list(value: Option<&Value>) -> Result<Vec<MessageEntity>, ApiError> {
    let mut entities = Vec::new();
    if let Some(Value::Array(list)) = value {
        for value in list {
            if let Some(entity) = entity(value)
                .map_err(|e| ApiError::bad_request(format!("Can't parse MessageEntity: {e}")))?
            {
                entities.push(entity);
            }
        }
    }
    Ok(entities)
}

/// One `MessageEntity`; `None` for kinds Telegram detects by itself.
fn entity(value: &Value) -> FieldResult<Option<MessageEntity>> {
    let Value::Object(obj) = value else {
        return Err("expected an Object".into());
    };
    let offset: i32 = req_int(obj, "offset")?;
    let length: i32 = req_int(obj, "length")?;
    let kind_name = req_string(obj, "type")?;
    let kind = match kind_name.as_str() {
        "" => return Err("Type is not specified".into()),
        "bold" => EntityKind::Bold,
        "italic" => EntityKind::Italic,
        "underline" => EntityKind::Underline,
        "strikethrough" => EntityKind::Strikethrough,
        "spoiler" => EntityKind::Spoiler,
        "code" => EntityKind::Code,
        "pre" => EntityKind::Pre {
            language: opt_string(obj, "language")?.filter(|l| !l.is_empty()),
        },
        "text_link" => EntityKind::TextLink {
            url: req_string(obj, "url")?,
        },
        "text_mention" => {
            let user = req_object(obj, "user")?;
            EntityKind::TextMention {
                user_id: req_int(user, "id")?,
            }
        }
        "custom_emoji" => EntityKind::CustomEmoji {
            custom_emoji_id: req_int::<i64>(obj, "custom_emoji_id")?.to_string(),
        },
        "blockquote" => EntityKind::Blockquote,
        "expandable_blockquote" => EntityKind::ExpandableBlockquote,
        "date_time" => EntityKind::DateTime {
            unix_time: i64::from(req_int::<i32>(obj, "unix_time")?),
            date_time_format: opt_string(obj, "date_time_format")?.filter(|f| !f.is_empty()),
        },
        "mention" | "hashtag" | "cashtag" | "bot_command" | "url" | "email" | "phone_number"
        | "bank_card_number" => return Ok(None),
        _ => return Err("Unsupported type specified".into()),
    };
    match (u32::try_from(offset), u32::try_from(length)) {
        (Ok(offset), Ok(length)) => Ok(Some(MessageEntity {
            kind,
            offset,
            length,
        })),
        _ => Ok(None),
    }
}

/// The options of a send that are plain parameters (`disable_notification`,
/// `protect_content`, `message_thread_id`: the forum topic, none when not positive).
pub(crate) fn send_options(params: &Params) -> SendOptions {
    let thread = params.message_id("message_thread_id");
    SendOptions {
        reply_to: None,
        reply_markup: None,
        silent: params.bool_arg("disable_notification"),
        noforwards: params.bool_arg("protect_content"),
        via_business_bot: None,
        via_bot: None,
        topic: (thread > 0).then_some(MessageId(thread)),
    }
}

/// `message_ids` as the reference reads it.
pub(crate) fn message_ids(params: &Params) -> Result<Vec<MessageId>, ApiError> {
    let raw = params.arg("message_ids");
    if raw.is_empty() {
        return Err(ApiError::bad_request(
            "Message identifiers are not specified",
        ));
    }
    let value: serde_json::Value = serde_json::from_str(raw)
        .map_err(|_| ApiError::bad_request("Can't parse message_ids JSON object"))?;
    let serde_json::Value::Array(list) = value else {
        return Err(ApiError::bad_request(
            "Expected an Array of message identifiers",
        ));
    };
    if list.len() > 100 {
        return Err(ApiError::bad_request(
            "Too many message identifiers specified",
        ));
    }
    list.iter()
        .map(|item| {
            let text = match item {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                _ => return Err(ApiError::bad_request("Message identifier must be a Number")),
            };
            let id: i32 = text
                .parse()
                .map_err(|_| ApiError::bad_request("Can't parse message identifier as a Number"))?;
            if id <= 0 {
                return Err(ApiError::bad_request(
                    "Invalid message identifier specified",
                ));
            }
            Ok(MessageId(id))
        })
        .collect()
}
