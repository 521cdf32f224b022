//! Parameters of the chat methods.

use gramd_core::chat_actions::ChatAction;

use crate::error::ApiError;
use crate::params::Params;

/// `action` of `sendChatAction` (case-insensitive, legacy names included).
pub(super) fn chat_action(params: &Params) -> Result<ChatAction, ApiError> {
    ChatAction::from_bot_api(&params.arg("action").to_ascii_lowercase())
        .ok_or_else(|| ApiError::bad_request("Wrong parameter action in request"))
}

/// `message_thread_id`, if given (0 or junk is none).
pub(super) fn thread(params: &Params) -> Option<i32> {
    Some(params.message_id("message_thread_id")).filter(|&id| id > 0)
}
