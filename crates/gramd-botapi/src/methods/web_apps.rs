//! Mini apps: `answerWebAppQuery`, the bot's answer to a web-view session opened from an
//! inline button, its menu button or the attachment menu (menu buttons themselves are in
//! `bot`).

use serde::Serialize;
use serde_json::Value;

use super::messages::input::formatted_text_of;
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input::{FieldResult, opt_string, req_object, req_string};
use gramd_core::messages::{LinkPreview, OutgoingText};

/// `SentWebAppMessage`: no `inline_message_id`, since gramd sends no inline keyboard with
/// the answer.
#[derive(Serialize)]
struct SentWebAppMessage {}

/// The text an `InlineQueryResult` sends: gramd answers with `article` results whose
/// `input_message_content` is an `InputTextMessageContent`.
fn result_text(value: &Value) -> Result<OutgoingText, ApiError> {
    let parse = || -> FieldResult<(String, String, Option<Value>, bool)> {
        let Value::Object(result) = value else {
            return Err("InlineQueryResult must be an Object".into());
        };
        let kind = req_string(result, "type")?;
        if kind != "article" {
            return Err(format!(
                "Result type \"{kind}\" is not supported by gramd yet"
            ));
        }
        let content = req_object(result, "input_message_content")?;
        let text = req_string(content, "message_text")?;
        let parse_mode = opt_string(content, "parse_mode")?.unwrap_or_default();
        let disabled = content
            .get("link_preview_options")
            .and_then(|o| o.get("is_disabled"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Ok((text, parse_mode, content.get("entities").cloned(), disabled))
    };
    let (text, parse_mode, entities, no_preview) = parse()
        .map_err(|e| ApiError::bad_request(format!("Can't parse inline query result: {e}")))?;
    let formatted = formatted_text_of(&text, &parse_mode, entities.as_ref())?;
    Ok(OutgoingText {
        text: formatted.text,
        entities: formatted.entities,
        link_preview: no_preview.then(|| LinkPreview {
            is_disabled: true,
            ..LinkPreview::default()
        }),
    })
}

pub(super) async fn answer_web_app_query(call: &Call<'_>) -> Outcome {
    let query_id = call.params.required("web_app_query_id")?;
    let result = call
        .params
        .json_value("result")
        .map_err(|_| ApiError::bad_request("Can't parse inline query result JSON object"))?
        .ok_or_else(|| ApiError::bad_request("parameter \"result\" is required"))?;
    let text = result_text(&result)?;
    call.core
        .answer_web_view(call.bot.id, query_id, text)
        .await?;
    Reply::of(&SentWebAppMessage {})
}
