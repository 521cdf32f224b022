//! Chat actions on the client API (<https://core.telegram.org/api/typing-notifications>):
//! `messages.setTyping`, and the `updateUserTyping`, `updateChatUserTyping` and
//! `updateChannelUserTyping` a chat's other members are pushed, including the message
//! drafts bots stream (`sendMessageTextDraftAction`).

use gramd_core::chat_actions::{ChatAction, ChatActionEvent, MessageDraft};
use gramd_core::ids::Peer;
use gramd_core::text::FormattedText;
use grammers_tl_types::{enums, functions as f, types};

use super::messages::input_entities;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{entities, peer};

/// The action a `SendMessageAction` names; `None` for one gramd does not relay (game
/// play, emoji interactions, group calls, history imports, rich-message drafts).
fn input_action(action: &enums::SendMessageAction) -> Option<ChatAction> {
    use enums::SendMessageAction as A;
    Some(match action {
        A::SendMessageTypingAction => ChatAction::Typing,
        A::SendMessageCancelAction | A::SendMessageStopDraftAction(_) => ChatAction::Cancel,
        A::SendMessageRecordVideoAction => ChatAction::RecordVideo,
        A::SendMessageUploadVideoAction(_) => ChatAction::UploadVideo,
        A::SendMessageRecordAudioAction => ChatAction::RecordVoice,
        A::SendMessageUploadAudioAction(_) => ChatAction::UploadVoice,
        A::SendMessageUploadPhotoAction(_) => ChatAction::UploadPhoto,
        A::SendMessageUploadDocumentAction(_) => ChatAction::UploadDocument,
        A::SendMessageGeoLocationAction => ChatAction::FindLocation,
        A::SendMessageChooseStickerAction => ChatAction::ChooseSticker,
        A::SendMessageRecordRoundAction => ChatAction::RecordVideoNote,
        A::SendMessageUploadRoundAction(_) => ChatAction::UploadVideoNote,
        A::SendMessageTextDraftAction(draft) => {
            let enums::TextWithEntities::Entities(text) = &draft.text;
            ChatAction::Draft(MessageDraft {
                id: draft.random_id,
                text: FormattedText {
                    text: text.text.clone(),
                    entities: input_entities(Some(&text.entities)),
                },
            })
        }
        _ => return None,
    })
}

/// An action as its TL constructor.
fn action(action: &ChatAction) -> enums::SendMessageAction {
    use enums::SendMessageAction as A;
    match action {
        ChatAction::Typing => A::SendMessageTypingAction,
        ChatAction::RecordVideo => A::SendMessageRecordVideoAction,
        ChatAction::UploadVideo => {
            A::SendMessageUploadVideoAction(types::SendMessageUploadVideoAction { progress: 0 })
        }
        ChatAction::RecordVoice => A::SendMessageRecordAudioAction,
        ChatAction::UploadVoice => {
            A::SendMessageUploadAudioAction(types::SendMessageUploadAudioAction { progress: 0 })
        }
        ChatAction::UploadPhoto => {
            A::SendMessageUploadPhotoAction(types::SendMessageUploadPhotoAction { progress: 0 })
        }
        ChatAction::UploadDocument => {
            A::SendMessageUploadDocumentAction(types::SendMessageUploadDocumentAction {
                progress: 0,
            })
        }
        ChatAction::ChooseSticker => A::SendMessageChooseStickerAction,
        ChatAction::FindLocation => A::SendMessageGeoLocationAction,
        ChatAction::RecordVideoNote => A::SendMessageRecordRoundAction,
        ChatAction::UploadVideoNote => {
            A::SendMessageUploadRoundAction(types::SendMessageUploadRoundAction { progress: 0 })
        }
        ChatAction::Draft(draft) => {
            A::SendMessageTextDraftAction(types::SendMessageTextDraftAction {
                can_stop: false,
                keep_on_stop: false,
                random_id: draft.id,
                text: enums::TextWithEntities::Entities(types::TextWithEntities {
                    text: draft.text.text.clone(),
                    entities: entities(&draft.text.entities),
                }),
            })
        }
        // `ChatAction` is non-exhaustive; `Cancel` and anything newer stop the indicator.
        _ => A::SendMessageCancelAction,
    }
}

/// A chat action as the update its chat kind is pushed with.
pub(crate) fn update(event: &ChatActionEvent) -> enums::Update {
    let from = event.from;
    match event.chat {
        Peer::User(_) => enums::Update::UserTyping(types::UpdateUserTyping {
            user_id: from.0,
            top_msg_id: event.thread,
            action: action(&event.action),
        }),
        Peer::Group(group) => enums::Update::ChatUserTyping(types::UpdateChatUserTyping {
            chat_id: group.0,
            from_id: peer(Peer::User(from)),
            action: action(&event.action),
        }),
        Peer::Channel(channel) => {
            enums::Update::ChannelUserTyping(types::UpdateChannelUserTyping {
                channel_id: channel.0,
                top_msg_id: event.thread,
                from_id: peer(Peer::User(from)),
                action: action(&event.action),
            })
        }
    }
}

/// `messages.setTyping`: the caller shows an action in a chat. A message draft
/// (`sendMessageTextDraftAction`) is for bots in private chats, as `sendMessageDraft`.
pub(crate) async fn set_typing(
    ctx: &Ctx<'_>,
    req: f::messages::SetTyping,
) -> Result<bool, RpcError> {
    let chat = ctx.input_peer(&req.peer).await?;
    let Some(action) = input_action(&req.action) else {
        // Telegram relays these to clients that render them; gramd relays none of them.
        return Ok(true);
    };
    match action {
        ChatAction::Draft(draft) => {
            if !ctx.me().is_bot() {
                return Err(RpcError::bad_request("BOT_METHOD_INVALID"));
            }
            ctx.core
                .send_message_draft(ctx.me(), chat, req.top_msg_id, draft)
                .await?;
        }
        action => {
            ctx.core
                .send_chat_action(ctx.me(), chat, req.top_msg_id, action)
                .await?;
        }
    }
    Ok(true)
}
