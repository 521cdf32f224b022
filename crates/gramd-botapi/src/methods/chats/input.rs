//! Parameters of the chat methods.

use crate::error::ApiError;
use crate::params::Params;

/// The actions `sendChatAction` accepts (lower-cased), legacy names included.
const CHAT_ACTIONS: &[&str] = &[
    "cancel",
    "typing",
    "record_video",
    "upload_video",
    "record_audio",
    "record_voice",
    "upload_audio",
    "upload_voice",
    "upload_photo",
    "upload_document",
    "choose_sticker",
    "pick_up_location",
    "find_location",
    "record_video_note",
    "upload_video_note",
];

/// Checks `action` of `sendChatAction` (case-insensitive).
pub(super) fn check_chat_action(params: &Params) -> Result<(), ApiError> {
    let action = params.arg("action").to_ascii_lowercase();
    if CHAT_ACTIONS.contains(&action.as_str()) {
        Ok(())
    } else {
        Err(ApiError::bad_request("Wrong parameter action in request"))
    }
}
