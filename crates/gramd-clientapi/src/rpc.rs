//! The TL function dispatcher: request bytes in, result bytes out, for one user.
//!
//! Transport-free: the JSON edge feeds it bytes encoded from JSON, and the MTProto edge
//! (a later issue) will feed it the bytes it decrypts. Requests are read, and results
//! built, with the typed constructors of `grammers-tl-types` (layer 230); a result is
//! serialized straight to TL bytes.

use std::sync::Arc;

use gramd_core::Core;
use gramd_core::users::User;
use gramd_tl::Schema;
use grammers_tl_types::{Deserializable, Identifiable, RemoteCall, Serializable, functions as f};

use crate::access::{Access, UserRefusal};
use crate::error::RpcError;
use crate::functions;
use crate::session::{Caller, Session};
use crate::tl::View;

// Requests and results are grammers' typed layer; the JSON edge reads and writes them with
// the schema of gramd-tl. Both must be the same layer (gramd-tl's tests also check that every
// constructor id, a CRC of its whole definition, agrees).
const _: () = assert!(grammers_tl_types::LAYER == gramd_tl::LAYER);

/// The client API over a core.
#[derive(Clone)]
pub struct Rpc {
    core: Core,
    schema: Arc<Schema>,
}

/// One call's context: the core, the session calling and the account signed in on it.
pub(crate) struct Ctx<'a> {
    pub(crate) core: &'a Core,
    pub(crate) session: &'a Session,
    pub(crate) caller: &'a Caller,
    /// The business connection a bot acts through (`invokeWithBusinessConnection`).
    pub(crate) business_connection: Option<&'a str>,
}

/// The context of a function callable before sign-in ([`Access::Open`]): the core and the
/// session, which may have nobody signed in on it.
pub(crate) struct OpenCtx<'a> {
    pub(crate) core: &'a Core,
    pub(crate) session: &'a Session,
}

impl Ctx<'_> {
    /// The calling account.
    pub(crate) fn me(&self) -> &User {
        self.caller.account()
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            core: self.core,
            me: self.me(),
        }
    }
}

/// What a bot may call through a business connection, acting as the connected user.
const BUSINESS_FUNCTIONS: [u32; 3] = [
    f::messages::SendMessage::CONSTRUCTOR_ID,
    f::messages::SendMedia::CONSTRUCTOR_ID,
    f::messages::EditMessage::CONSTRUCTOR_ID,
];

/// The connection id and the wrapped query of `invokeWithBusinessConnection`
/// (<https://core.telegram.org/api/bots/connected-business-bots>); `None` for any other
/// request.
fn business_connection_call(request: &[u8]) -> Result<Option<(String, &[u8])>, RpcError> {
    const ID: u32 = f::InvokeWithBusinessConnection::<f::help::GetConfig>::CONSTRUCTOR_ID;
    let Some((id, rest)) = request.split_first_chunk::<4>() else {
        return Ok(None);
    };
    if u32::from_le_bytes(*id) != ID {
        return Ok(None);
    }
    let mut cursor = grammers_tl_types::Cursor::from_slice(rest);
    let connection_id = String::deserialize(&mut cursor)
        .map_err(|e| RpcError::bad_request("INPUT_FETCH_ERROR").with_detail(e.to_string()))?;
    Ok(Some((connection_id, &rest[cursor.pos()..])))
}

/// Matches a function id against the implemented functions: decodes the request as the
/// typed function, runs its handler and serializes the result. A handler must return the
/// function's declared result type (`RemoteCall::Return`), so a result of the wrong TL type
/// does not compile.
macro_rules! dispatch {
    ($id:expr, $body:expr, $ctx:expr; $($function:path => $handler:path,)*) => {
        match $id {
            $(
                <$function as Identifiable>::CONSTRUCTOR_ID => {
                    let request = <$function as Deserializable>::from_bytes($body).map_err(|e| {
                        RpcError::bad_request("INPUT_FETCH_ERROR").with_detail(e.to_string())
                    })?;
                    let result: Result<<$function as RemoteCall>::Return, RpcError> =
                        $handler($ctx, request).await;
                    Some(result.map(|value| value.to_bytes()))
                }
            )*
            _ => None,
        }
    };
}

impl Rpc {
    /// The client API over `core`, speaking the functions of `schema`.
    #[must_use]
    pub fn new(core: Core, schema: Arc<Schema>) -> Self {
        Self { core, schema }
    }

    /// The core behind the API.
    #[must_use]
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// The schema of the functions it serves (layer 230), for edges that read and write
    /// them in another form.
    #[must_use]
    pub fn schema(&self) -> &Arc<Schema> {
        &self.schema
    }

    /// Calls a function given as TL bytes (its constructor id first); returns the result's
    /// TL bytes.
    ///
    /// # Errors
    /// `INPUT_METHOD_INVALID` for an unknown id, the refusals of [`Access::admit`]
    /// (`AUTH_KEY_UNREGISTERED` before sign-in, `BOT_METHOD_INVALID`, `USER_BOT_REQUIRED`,
    /// `USER_BOT_INVALID`), `METHOD_INVALID` for a function gramd does not implement yet,
    /// and the function's own errors.
    pub async fn invoke(&self, session: &Session, request: &[u8]) -> Result<Vec<u8>, RpcError> {
        if let Some((connection_id, query)) = business_connection_call(request)? {
            Access::Bots(UserRefusal::BotInvalid).admit(session.caller.as_ref())?;
            let inner = query.first_chunk::<4>().map(|id| u32::from_le_bytes(*id));
            if !inner.is_some_and(|id| BUSINESS_FUNCTIONS.contains(&id)) {
                return Err(RpcError::bad_request("METHOD_INVALID")
                    .with_detail("not a function a bot can call for a business connection"));
            }
            return self.invoke_as(session, query, Some(&connection_id)).await;
        }
        self.invoke_as(session, request, None).await
    }

    /// Calls a function, for a bot acting through `business_connection` if given.
    async fn invoke_as(
        &self,
        session: &Session,
        request: &[u8],
        business_connection: Option<&str>,
    ) -> Result<Vec<u8>, RpcError> {
        let Some((id_bytes, body)) = request.split_first_chunk::<4>() else {
            return Err(RpcError::bad_request("INPUT_FETCH_ERROR").with_detail("empty request"));
        };
        let id = u32::from_le_bytes(*id_bytes);
        let Some(function) = self.schema.function_by_id(id) else {
            return Err(RpcError::bad_request("INPUT_METHOD_INVALID")
                .with_detail(format!("no function #{id:08x} in layer 230")));
        };
        Access::of(id).admit(session.caller.as_ref())?;
        let open = OpenCtx {
            core: &self.core,
            session,
        };
        let mut result = dispatch!(id, body, &open;
            f::auth::SendCode => functions::auth::send_code,
            f::auth::ResendCode => functions::auth::resend_code,
            f::auth::CancelCode => functions::auth::cancel_code,
            f::auth::SignIn => functions::auth::sign_in,
            f::auth::SignUp => functions::auth::sign_up,
            f::auth::ImportBotAuthorization => functions::auth::import_bot_authorization,
        );
        if let (None, Some(caller)) = (&result, &session.caller) {
            let ctx = Ctx {
                core: &self.core,
                session,
                caller,
                business_connection,
            };
            result = Self::dispatch_signed_in(id, body, &ctx).await?;
        }
        let Some(result) = result else {
            return Err(RpcError::bad_request("METHOD_INVALID").with_detail(format!(
                "{} is not implemented by gramd yet",
                function.name()
            )));
        };
        result
    }

    /// Runs a function for a signed-in caller: `Ok(None)` if it is none of them, `Err` if
    /// its request does not decode, else the function's outcome.
    async fn dispatch_signed_in(
        id: u32,
        body: &[u8],
        ctx: &Ctx<'_>,
    ) -> Result<Option<Result<Vec<u8>, RpcError>>, RpcError> {
        Ok(dispatch!(id, body, ctx;
            f::auth::LogOut => functions::auth::log_out,
            f::account::GetAuthorizations => functions::auth::get_authorizations,
            f::account::ResetAuthorization => functions::auth::reset_authorization,
            f::auth::ResetAuthorizations => functions::auth::reset_authorizations,
            f::contacts::ResolveUsername => functions::users::resolve_username,
            f::contacts::Block => functions::contacts::block,
            f::contacts::Unblock => functions::contacts::unblock,
            f::contacts::GetBlocked => functions::contacts::get_blocked,
            f::users::GetUsers => functions::users::get_users,
            f::users::GetFullUser => functions::users::get_full_user,
            f::account::UpdateProfile => functions::users::update_profile,
            f::account::UpdateEmojiStatus => functions::emoji_status::update_emoji_status,
            f::bots::ToggleUserEmojiStatusPermission => functions::emoji_status::toggle_user_emoji_status_permission,
            f::bots::UpdateUserEmojiStatus => functions::emoji_status::update_user_emoji_status,
            f::account::UpdateUsername => functions::users::update_username,
            f::account::CheckUsername => functions::users::check_username,
            f::bots::SetBotInfo => functions::users::set_bot_info,
            f::bots::SetBotCommands => functions::bot_commands::set_bot_commands,
            f::bots::ResetBotCommands => functions::bot_commands::reset_bot_commands,
            f::bots::GetBotCommands => functions::bot_commands::get_bot_commands,
            f::bots::GetBotInfo => functions::users::get_bot_info,
            f::bots::SetCustomVerification => functions::verification::set_custom_verification,
            f::messages::SendMessage => functions::messages::send_message,
            f::messages::EditMessage => functions::messages::edit_message,
            f::messages::StartBot => functions::messages::start_bot,
            f::messages::DeleteMessages => functions::messages::delete_messages,
            f::messages::ForwardMessages => functions::messages::forward_messages,
            f::messages::GetHistory => functions::messages::get_history,
            f::messages::GetDialogs => functions::dialogs::get_dialogs,
            f::messages::ReadHistory => functions::messages::read_history,
            f::messages::GetBotCallbackAnswer => functions::messages::get_bot_callback_answer,
            f::messages::GetInlineBotResults => functions::inline::get_inline_bot_results,
            f::messages::SendInlineBotResult => functions::inline::send_inline_bot_result,
            f::messages::GetPreparedInlineMessage => functions::inline::get_prepared_inline_message,
            f::messages::SetInlineBotResults => functions::inline::set_inline_bot_results,
            f::messages::SendMedia => functions::media::send_media,
            f::messages::SendVote => functions::polls::send_vote,
            f::messages::SetTyping => functions::typing::set_typing,
            f::messages::GetPollResults => functions::polls::get_poll_results,
            f::messages::GetPollVotes => functions::polls::get_poll_votes,
            f::messages::SendReaction => functions::reactions::send_reaction,
            f::messages::GetMessagesReactions => functions::reactions::get_messages_reactions,
            f::messages::GetMessageReactionsList => functions::reactions::get_message_reactions_list,
            f::messages::SetChatAvailableReactions => functions::reactions::set_chat_available_reactions,
            f::messages::GetAvailableReactions => functions::reactions::get_available_reactions,
            f::channels::ToggleForum => functions::topics::toggle_forum,
            f::messages::CreateForumTopic => functions::topics::create_forum_topic,
            f::messages::EditForumTopic => functions::topics::edit_forum_topic,
            f::messages::GetForumTopics => functions::topics::get_forum_topics,
            f::messages::GetForumTopicsById => functions::topics::get_forum_topics_by_id,
            f::messages::DeleteTopicHistory => functions::topics::delete_topic_history,
            f::messages::GetReplies => functions::messages::get_replies,
            f::messages::UpdatePinnedForumTopic => functions::topics::update_pinned_forum_topic,
            f::messages::SendMultiMedia => functions::media::send_multi_media,
            f::messages::UploadMedia => functions::media::upload_media,
            f::messages::GetStickerSet => functions::stickers::get_sticker_set,
            f::stickers::CreateStickerSet => functions::stickers::create_sticker_set,
            f::stickers::AddStickerToSet => functions::stickers::add_sticker_to_set,
            f::stickers::RemoveStickerFromSet => functions::stickers::remove_sticker_from_set,
            f::stickers::ChangeStickerPosition => functions::stickers::change_sticker_position,
            f::stickers::ChangeSticker => functions::stickers::change_sticker,
            f::stickers::ReplaceSticker => functions::stickers::replace_sticker,
            f::stickers::RenameStickerSet => functions::stickers::rename_sticker_set,
            f::stickers::SetStickerSetThumb => functions::stickers::set_sticker_set_thumb,
            f::stickers::DeleteStickerSet => functions::stickers::delete_sticker_set,
            f::stickers::CheckShortName => functions::stickers::check_short_name,
            f::channels::SetStickers => functions::stickers::set_stickers,
            f::photos::UploadProfilePhoto => functions::photos::upload_profile_photo,
            f::photos::UpdateProfilePhoto => functions::photos::update_profile_photo,
            f::photos::DeletePhotos => functions::photos::delete_photos,
            f::photos::GetUserPhotos => functions::photos::get_user_photos,
            f::account::SaveMusic => functions::profile_music::save_music,
            f::account::GetSavedMusicIds => functions::profile_music::get_saved_music_ids,
            f::users::GetSavedMusic => functions::profile_music::get_saved_music,
            f::users::GetSavedMusicById => functions::profile_music::get_saved_music_by_id,
            f::upload::SaveFilePart => functions::media::save_file_part,
            f::upload::SaveBigFilePart => functions::media::save_big_file_part,
            f::upload::GetFile => functions::media::get_file,
            f::updates::GetState => functions::updates::get_state,
            f::updates::GetDifference => functions::updates::get_difference,
            f::messages::CreateChat => functions::chats::create_chat,
            f::messages::AddChatUser => functions::chats::add_chat_user,
            f::messages::DeleteChatUser => functions::chats::delete_chat_user,
            f::channels::CreateChannel => functions::chats::create_channel,
            f::channels::InviteToChannel => functions::chats::invite_to_channel,
            f::channels::LeaveChannel => functions::chats::leave_channel,
            f::channels::EditAdmin => functions::chats::edit_admin,
            f::messages::EditChatAdmin => functions::chats::edit_chat_admin,
            f::channels::EditBanned => functions::admin::edit_banned,
            f::channels::GetParticipant => functions::admin::get_participant,
            f::messages::EditChatParticipantRank => functions::admin::edit_chat_participant_rank,
            f::channels::EditTitle => functions::admin::edit_title,
            f::messages::EditChatTitle => functions::admin::edit_chat_title,
            f::messages::EditChatAbout => functions::admin::edit_chat_about,
            f::messages::EditChatDefaultBannedRights => functions::admin::edit_default_rights,
            f::messages::UpdatePinnedMessage => functions::admin::update_pinned_message,
            f::messages::ExportChatInvite => functions::invites::export_chat_invite,
            f::messages::CheckChatInvite => functions::invites::check_chat_invite,
            f::messages::ImportChatInvite => functions::invites::import_chat_invite,
            f::messages::HideChatJoinRequest => functions::invites::hide_chat_join_request,
            f::messages::GetFullChat => functions::info::get_full_chat,
            f::channels::GetFullChannel => functions::info::get_full_channel,
            f::account::UpdateConnectedBot => functions::business::update_connected_bot,
            f::account::GetConnectedBots => functions::business::get_connected_bots,
            f::account::ToggleConnectedBotPaused => functions::business::toggle_connected_bot_paused,
            f::account::DisablePeerConnectedBot => functions::business::disable_peer_connected_bot,
            f::account::GetBotBusinessConnection => functions::business::get_bot_business_connection,
            f::bots::SendCustomRequest => functions::business::send_custom_request,
            f::bots::InvokeWebViewCustomMethod => functions::web_apps::invoke_web_view_custom_method,
            f::messages::RequestWebView => functions::web_apps::request_web_view,
            f::messages::RequestSimpleWebView => functions::web_apps::request_simple_web_view,
            f::messages::RequestMainWebView => functions::web_apps::request_main_web_view,
            f::messages::GetBotApp => functions::web_apps::get_bot_app,
            f::messages::RequestAppWebView => functions::web_apps::request_app_web_view,
            f::messages::ProlongWebView => functions::web_apps::prolong_web_view,
            f::messages::SendWebViewData => functions::web_apps::send_web_view_data,
            f::messages::SendWebViewResultMessage => functions::web_apps::send_web_view_result_message,
            f::bots::SetBotMenuButton => functions::web_apps::set_bot_menu_button,
            f::bots::GetBotMenuButton => functions::web_apps::get_bot_menu_button,
            f::messages::GetAttachMenuBots => functions::web_apps::get_attach_menu_bots,
            f::messages::GetAttachMenuBot => functions::web_apps::get_attach_menu_bot,
            f::messages::ToggleBotInAttachMenu => functions::web_apps::toggle_bot_in_attach_menu,
        ))
    }
}
