//! sendPoll and stopPoll (<https://core.telegram.org/bots/api#sendpoll>,
//! <https://core.telegram.org/bots/api#stoppoll>).
//!
//! Arguments are read as the reference server reads them: `options` is a JSON array of
//! `InputPollOption` objects (or plain strings), and once the chat and the replied message
//! are found, TDLib's own checks of the question and the options run with its texts
//! (`poll can't have more than 12 options`, …). What Telegram's server refuses beyond them
//! (a single option, a quiz without a correct option, …) is the core's to say, by its TL
//! name (`Bad Request: POLL_ANSWERS_INVALID`, `Bad Request: QUIZ_CORRECT_ANSWERS_EMPTY`).

use gramd_core::polls::{
    MAX_OPTION_CHARS, MAX_OPTIONS, MAX_QUESTION_CHARS, OutgoingPoll, PollText,
};
use gramd_core::{CoreError, Mentioned};
use serde_json::Value;

use super::messages::input::{formatted_text, formatted_text_of, reply_markup, reply_parameters};
use super::messages::{chat_message_target, edit_markup, send_options_for};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::params::Params;
use crate::render::render_poll;

pub(super) async fn send_poll(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let question = p.text_arg("question")?.to_owned();
    let options = input_options(p)?;
    let reply = reply_parameters(p)?;
    let markup = reply_markup(p)?;
    let chat = call.chat("chat_id").await?;
    let send_options = send_options_for(call, chat, reply, markup).await?;
    let poll = outgoing_poll(p, &question, &options)?;
    let sent = match call.business_connection_id() {
        Some(connection) => {
            call.core
                .send_business_poll(call.bot.id, connection, chat, poll, send_options)
                .await?
        }
        None => {
            call.core
                .send_poll(call.bot.id, chat, poll, send_options)
                .await?
        }
    };
    call.reply_message(&sent.message).await
}

pub(super) async fn stop_poll(call: &Call<'_>) -> Outcome {
    let markup = edit_markup(call)?;
    let (chat, message_id) = chat_message_target(call).await?;
    let (_, state) = call
        .core
        .stop_poll(call.bot.id, chat, message_id, markup)
        .await
        .map_err(|err| match err {
            CoreError::MessageNotFound { .. } => {
                ApiError::bad_request("message with poll to stop not found")
            }
            CoreError::Refused {
                name: "MSG_ID_INVALID",
            } => ApiError::bad_request("message is not a poll"),
            CoreError::Refused {
                name: "MESSAGE_AUTHOR_REQUIRED",
            } => ApiError::bad_request("poll can't be stopped"),
            CoreError::Refused {
                name: "MESSAGE_POLL_CLOSED",
            } => ApiError::bad_request("poll has already been closed"),
            other => other.into(),
        })?;
    Reply::of(&render_poll(
        &state.poll,
        Some(&state),
        true,
        true,
        &Mentioned::default(),
    ))
}

/// `options`: a JSON array of `InputPollOption` objects or strings.
fn input_options(p: &Params) -> Result<Vec<Value>, ApiError> {
    let value = p
        .json_value("options")
        .map_err(|_| ApiError::bad_request("can't parse options JSON object"))?;
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(options)) => Ok(options),
        Some(_) => Err(ApiError::bad_request(
            "Field \"options\" must be of type Array",
        )),
    }
}

/// The poll of the request, once TDLib's checks of its question and options passed.
fn outgoing_poll(p: &Params, question: &str, options: &[Value]) -> Result<OutgoingPoll, ApiError> {
    let question = formatted_text(
        question,
        p.arg("question_parse_mode"),
        p,
        "question_entities",
    )?;
    let question = PollText {
        text: question.text.trim_end().to_owned(),
        entities: question.entities,
    };
    if question.text.trim().is_empty() {
        return Err(ApiError::bad_request("text must be non-empty"));
    }
    if question.text.chars().count() > MAX_QUESTION_CHARS {
        return Err(ApiError::bad_request(format!(
            "poll question length must not exceed {MAX_QUESTION_CHARS}"
        )));
    }
    if options.is_empty() {
        return Err(ApiError::bad_request(
            "poll must have at least one answer option",
        ));
    }
    if options.len() > MAX_OPTIONS {
        return Err(ApiError::bad_request(format!(
            "poll can't have more than {MAX_OPTIONS} options"
        )));
    }
    let mut texts = Vec::with_capacity(options.len());
    for option in options {
        let (text, parse_mode, entities) = match option {
            Value::String(text) => (text.as_str(), "", None),
            Value::Object(fields) => (
                fields
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                fields
                    .get("text_parse_mode")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                fields.get("text_entities"),
            ),
            _ => {
                return Err(ApiError::bad_request(
                    "can't parse InputPollOption: Expected InputPollOption to be an Object",
                ));
            }
        };
        let text = formatted_text_of(text, parse_mode, entities)?;
        if text.text.trim().is_empty() {
            return Err(ApiError::bad_request("text must be non-empty"));
        }
        if text.text.trim_end().chars().count() > MAX_OPTION_CHARS {
            return Err(ApiError::bad_request(format!(
                "poll options length must not exceed {MAX_OPTION_CHARS}"
            )));
        }
        texts.push(PollText {
            text: text.text,
            entities: text.entities,
        });
    }
    let quiz = match p.arg("type") {
        "" | "regular" => false,
        "quiz" => true,
        _ => return Err(ApiError::bad_request("unsupported poll type specified")),
    };
    let mut correct: Vec<i64> = Vec::new();
    if p.has("correct_option_id") {
        correct.push(p.i64_arg("correct_option_id", -1, i64::MIN, i64::MAX));
    }
    if let Ok(Some(Value::Array(ids))) = p.json_value("correct_option_ids") {
        correct.extend(ids.iter().map(|id| id.as_i64().unwrap_or(-1)));
    }
    let explanation = p.arg("explanation");
    let solution = if explanation.is_empty() {
        None
    } else {
        let text = formatted_text(
            explanation,
            p.arg("explanation_parse_mode"),
            p,
            "explanation_entities",
        )?;
        Some(PollText {
            text: text.text,
            entities: text.entities,
        })
    };
    let positive = |name: &str| Some(p.i64_arg(name, 0, i64::MIN, i64::MAX)).filter(|v| *v != 0);
    Ok(OutgoingPoll {
        question,
        options: texts,
        public_voters: p.has("is_anonymous") && !p.bool_arg("is_anonymous"),
        multiple_choice: p.bool_arg("allows_multiple_answers"),
        quiz,
        allows_revoting: p
            .has("allows_revoting")
            .then(|| p.bool_arg("allows_revoting")),
        shuffle_answers: p.bool_arg("shuffle_options"),
        hide_results_until_close: p.bool_arg("hide_results_until_closes"),
        correct,
        solution,
        open_period: positive("open_period"),
        close_date: positive("close_date"),
        closed: p.bool_arg("is_closed"),
    })
}
