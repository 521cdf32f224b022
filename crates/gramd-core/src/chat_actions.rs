//! Chat actions: what a user or a bot shows it is doing in a chat ("typing…", "sending a
//! photo…"), and the message draft a bot streams to a user while it writes the answer
//! (`sendMessageDraft`, Bot API 9.3).
//!
//! Telegram shows an action to the chat's other members that are online, for about six
//! seconds or until the sender's message arrives, and keeps nothing; gramd pushes it to
//! their client sessions as a session update (no pts, never replayed). See
//! <https://core.telegram.org/api/typing-notifications>.

use crate::text::FormattedText;

/// Most members a group action is pushed to: in bigger groups, as in Telegram's large
/// chats, nobody is shown who is typing.
pub const MAX_ACTION_AUDIENCE: usize = 200;

/// Longest text of a message draft, in UTF-16 code units after entities parsing (as a
/// message's text).
pub const MAX_DRAFT_TEXT: usize = 4096;

/// What a chat member shows it is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChatAction {
    /// Typing a text message.
    Typing,
    /// Recording a video.
    RecordVideo,
    /// Sending a video.
    UploadVideo,
    /// Recording a voice note.
    RecordVoice,
    /// Sending a voice note or an audio file.
    UploadVoice,
    /// Sending a photo.
    UploadPhoto,
    /// Sending a file.
    UploadDocument,
    /// Choosing a sticker.
    ChooseSticker,
    /// Picking a location.
    FindLocation,
    /// Recording a video note.
    RecordVideoNote,
    /// Sending a video note.
    UploadVideoNote,
    /// Stopped whatever it was doing.
    Cancel,
    /// A bot streams the text of the message it is writing (`sendMessageDraft`).
    Draft(MessageDraft),
}

impl ChatAction {
    /// The action a Bot API `sendChatAction` names (lower-cased, legacy names included);
    /// `None` for a name that is no action.
    #[must_use]
    pub fn from_bot_api(name: &str) -> Option<Self> {
        Some(match name {
            "typing" => Self::Typing,
            "record_video" => Self::RecordVideo,
            "upload_video" => Self::UploadVideo,
            "record_voice" | "record_audio" => Self::RecordVoice,
            "upload_voice" | "upload_audio" => Self::UploadVoice,
            "upload_photo" => Self::UploadPhoto,
            "upload_document" => Self::UploadDocument,
            "choose_sticker" => Self::ChooseSticker,
            "find_location" | "pick_up_location" => Self::FindLocation,
            "record_video_note" => Self::RecordVideoNote,
            "upload_video_note" => Self::UploadVideoNote,
            "cancel" => Self::Cancel,
            _ => return None,
        })
    }
}

/// A message draft a bot streams to a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageDraft {
    /// The draft's id, not 0: changes to one draft are shown as one growing message.
    pub id: i64,
    /// The text so far; empty shows a "Thinking…" placeholder.
    pub text: FormattedText,
}

/// An action as a member of the chat sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatActionEvent {
    /// Who acts.
    pub from: crate::ids::UserId,
    /// The chat it acts in, as the viewer names it: the actor itself for a private chat.
    pub chat: crate::ids::Peer,
    /// The forum topic or thread, if any.
    pub thread: Option<i32>,
    /// What it does.
    pub action: ChatAction,
}
