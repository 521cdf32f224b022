//! The table of Bot API methods: one row per method of the spec, and everything that
//! depends on a method's name generated from it.
//!
//! A row is `name (aliases) class => handler`:
//! - `name`: the method as the spec spells it (`sendMessage`); it names the [`Method`]
//!   variant and is what a `501` says.
//! - `(aliases)`, optional: legacy names the reference server still routes to this method
//!   (`kickChatMember` for `banChatMember`).
//! - `class`, optional: `unlimited` for methods outside the per-bot in-flight limit; the
//!   others are limited.
//! - `handler`: an `async fn(&Call<'_>) -> Outcome` of an area module; `unsupported` for a
//!   method gramd does not implement yet; or `out_of_scope(Reason)` for a method that
//!   cannot apply to a self-hosted server, with the [`OutOfScope`] reason why. The last two
//!   answer `501 Not Implemented`, each with its own description.
//!
//! From the rows, `bot_api_methods!` generates the [`Method`] enum (its name, aliases,
//! in-flight class and whether it is implemented), the lookup of a requested name, and
//! [`dispatch`]. The lookup ([`Method::from_lowercase_name`]) is one `match` on the
//! lower-cased names and aliases, as a hand-written one would be: the reference server
//! lower-cases the name of every request, and so does `http`. The lower-case spellings are
//! computed by the compiler; two rows claiming the same name (in any case) fail the build.
//!
//! The rows follow the sections of the Bot API documentation. A unit test checks them
//! against `spec/botapi/api.json`: every method of the spec has a row and every row is a
//! method of the spec.

use super::{
    Call, Outcome, admin, attachments, bot, business, chats, inline, invites, media, messages,
    polls, profile_photos, reactions, stickers, topics, updates, verification, web_apps,
};
use crate::error::ApiError;

/// Whether a row's class is `unlimited` (no class: limited).
macro_rules! row_is_unlimited {
    () => {
        false
    };
    (unlimited) => {
        true
    };
}

/// Whether a row's handler is implemented.
macro_rules! row_is_implemented {
    (unsupported) => {
        false
    };
    (out_of_scope($reason:ident)) => {
        false
    };
    ($($handler:ident)::+) => {
        true
    };
}

/// Why a row is out of scope, if it is.
macro_rules! row_out_of_scope {
    (out_of_scope($reason:ident)) => {
        Some(OutOfScope::$reason)
    };
    ($($handler:tt)+) => {
        None
    };
}

/// Calls a row's handler.
macro_rules! row_call {
    ($method:expr, $call:expr; unsupported) => {
        Err(ApiError::not_implemented($method.name()))
    };
    ($method:expr, $call:expr; out_of_scope($reason:ident)) => {
        Err(ApiError::out_of_scope(
            $method.name(),
            OutOfScope::$reason.reason(),
        ))
    };
    ($method:expr, $call:expr; $($handler:ident)::+) => {
        $($handler)::+($call).await
    };
}

/// Why a method cannot apply to a self-hosted server: what it needs is something only
/// Telegram has. Such a method answers `501 Not Implemented` for good, with the reason, and
/// the README lists it with the same reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutOfScope {
    /// Telegram Stars.
    Stars,
    /// Gifts from Telegram's shop and Telegram Premium.
    Gifts,
    /// Telegram Passport.
    Passport,
}

impl OutOfScope {
    /// Every reason, in the order the README lists them.
    pub const ALL: [OutOfScope; 3] = [Self::Stars, Self::Gifts, Self::Passport];

    /// The reason, as the `501` and the README give it.
    #[must_use]
    pub const fn reason(self) -> &'static str {
        match self {
            Self::Stars => {
                "Telegram Stars are bought from Telegram, and a self-hosted server has none \
                 to charge, hold or refund"
            }
            Self::Gifts => {
                "gifts and Telegram Premium are sold by Telegram's shop for Telegram Stars, \
                 which a self-hosted server does not have"
            }
            Self::Passport => {
                "Telegram Passport data is encrypted for Telegram's passport service, which a \
                 self-hosted server does not have"
            }
        }
    }
}

/// A module named after a method (or alias) holding its name in lower case, as `NAME`.
macro_rules! lowercase_name {
    ($name:ident) => {
        pub(super) mod $name {
            const BYTES: [u8; stringify!($name).len()] =
                super::super::to_lowercase(stringify!($name));
            pub(in super::super) const NAME: &str = match std::str::from_utf8(&BYTES) {
                Ok(name) => name,
                Err(_) => panic!("method names are ASCII"),
            };
        }
    };
}

/// Generates [`Method`], its lookup and [`dispatch`] from the rows of the table.
macro_rules! bot_api_methods {
    ($(
        $name:ident $(($($alias:ident),+ $(,)?))? $($class:ident)? =>
            $($handler:ident)::+ $(($reason:ident))?
    ),+ $(,)?) => {
        /// A method of the Bot API, named as in the spec.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Method {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $name,
            )+
        }

        impl Method {
            /// Every method, in table order.
            pub(crate) const ALL: &'static [Method] = &[$(Method::$name),+];

            /// The name as the spec spells it.
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $(Method::$name => stringify!($name),)+
                }
            }

            /// Legacy names the reference server still accepts for this method.
            pub(crate) const fn aliases(self) -> &'static [&'static str] {
                match self {
                    $(Method::$name => &[$($(stringify!($alias)),+)?],)+
                }
            }

            /// Whether calls are outside the per-bot in-flight limit.
            pub(crate) const fn is_unlimited(self) -> bool {
                match self {
                    $(Method::$name => row_is_unlimited!($($class)?),)+
                }
            }

            /// Whether gramd implements the method (if not, it answers 501).
            pub(crate) const fn is_implemented(self) -> bool {
                match self {
                    $(Method::$name => row_is_implemented!($($handler)::+ $(($reason))?),)+
                }
            }

            /// Why the method cannot apply to a self-hosted server, if it cannot.
            pub(crate) const fn out_of_scope(self) -> Option<OutOfScope> {
                match self {
                    $(Method::$name => row_out_of_scope!($($handler)::+ $(($reason))?),)+
                }
            }
        }

        /// Every name and alias in lower case, as `lowercase::<name>::NAME` (a constant
        /// can be matched on, where a call to a `const fn` cannot).
        #[allow(non_snake_case)]
        mod lowercase {
            $(
                lowercase_name!($name);
                $($(lowercase_name!($alias);)+)?
            )+
        }

        impl Method {
            /// The method of a lower-cased name or alias (as the reference, which lower-cases
            /// the name of every request); `None` for a name that is no Bot API method.
            #[deny(unreachable_patterns)] // two rows claiming one name fail the build
            pub(crate) fn from_lowercase_name(name: &str) -> Option<Self> {
                match name {
                    $(
                        lowercase::$name::NAME $($(| lowercase::$alias::NAME)+)? => {
                            Some(Method::$name)
                        }
                    )+
                    _ => None,
                }
            }
        }

        /// Runs the handler of `method`.
        pub(crate) async fn dispatch(method: Method, call: &Call<'_>) -> Outcome {
            match method {
                $(Method::$name => row_call!(method, call; $($handler)::+ $(($reason))?),)+
            }
        }
    };
}

bot_api_methods! {
    // Getting updates
    getUpdates unlimited => updates::get_updates,
    setWebhook unlimited => updates::set_webhook,
    deleteWebhook unlimited => updates::delete_webhook,
    getWebhookInfo unlimited => updates::get_webhook_info,

    // Available methods: the bot instance
    getMe unlimited => bot::get_me,
    logOut unlimited => bot::log_out,
    close unlimited => bot::close,

    // Available methods: sending messages
    sendMessage => messages::send_message,
    forwardMessage => messages::forward_message,
    forwardMessages => messages::forward_messages,
    copyMessage => messages::copy_message,
    copyMessages => messages::copy_messages,
    sendPhoto => media::send_photo,
    sendLivePhoto => unsupported,
    sendAudio => media::send_audio,
    sendDocument => media::send_document,
    sendVideo => media::send_video,
    sendAnimation => media::send_animation,
    sendVoice => media::send_voice,
    sendVideoNote => media::send_video_note,
    sendPaidMedia => out_of_scope(Stars),
    sendMediaGroup => media::send_media_group,
    sendLocation => attachments::send_location,
    sendVenue => attachments::send_venue,
    sendContact => attachments::send_contact,
    sendPoll => polls::send_poll,
    sendChecklist => unsupported,
    sendDice => attachments::send_dice,
    sendMessageDraft => chats::send_message_draft,
    sendChatAction => chats::send_chat_action,
    setMessageReaction => reactions::set_message_reaction,

    // Available methods: users and files
    getUserProfilePhotos => profile_photos::get_user_profile_photos,
    getUserProfileAudios => profile_photos::get_user_profile_audios,
    setUserEmojiStatus => profile_photos::set_user_emoji_status,
    getFile => media::get_file,

    // Available methods: chat administration
    banChatMember (kickChatMember) => admin::ban_chat_member,
    unbanChatMember => admin::unban_chat_member,
    restrictChatMember => admin::restrict_chat_member,
    promoteChatMember => admin::promote_chat_member,
    setChatAdministratorCustomTitle => admin::set_chat_administrator_custom_title,
    setChatMemberTag => admin::set_chat_member_tag,
    banChatSenderChat => unsupported,
    unbanChatSenderChat => unsupported,
    setChatPermissions => admin::set_chat_permissions,
    exportChatInviteLink => invites::export_chat_invite_link,
    createChatInviteLink => invites::create_chat_invite_link,
    editChatInviteLink => invites::edit_chat_invite_link,
    createChatSubscriptionInviteLink => out_of_scope(Stars),
    editChatSubscriptionInviteLink => out_of_scope(Stars),
    revokeChatInviteLink => invites::revoke_chat_invite_link,
    approveChatJoinRequest => invites::approve_chat_join_request,
    declineChatJoinRequest => invites::decline_chat_join_request,
    answerChatJoinRequestQuery => unsupported,
    sendChatJoinRequestWebApp => unsupported,
    setChatPhoto => admin::set_chat_photo,
    deleteChatPhoto => admin::delete_chat_photo,
    setChatTitle => admin::set_chat_title,
    setChatDescription => admin::set_chat_description,
    pinChatMessage => admin::pin_chat_message,
    unpinChatMessage => admin::unpin_chat_message,
    unpinAllChatMessages => admin::unpin_all_chat_messages,
    leaveChat => chats::leave_chat,
    getChat => chats::get_chat,
    getChatAdministrators => chats::get_chat_administrators,
    getChatMemberCount (getChatMembersCount) => chats::get_chat_member_count,
    getChatMember => chats::get_chat_member,
    getUserPersonalChatMessages => unsupported,
    setChatStickerSet => stickers::set_chat_sticker_set,
    deleteChatStickerSet => stickers::delete_chat_sticker_set,

    // Available methods: forum topics
    getForumTopicIconStickers => stickers::get_forum_topic_icon_stickers,
    createForumTopic => topics::create_forum_topic,
    editForumTopic => topics::edit_forum_topic,
    closeForumTopic => topics::close_forum_topic,
    reopenForumTopic => topics::reopen_forum_topic,
    deleteForumTopic => topics::delete_forum_topic,
    unpinAllForumTopicMessages => topics::unpin_all_forum_topic_messages,
    editGeneralForumTopic => topics::edit_general_forum_topic,
    closeGeneralForumTopic => topics::close_general_forum_topic,
    reopenGeneralForumTopic => topics::reopen_general_forum_topic,
    hideGeneralForumTopic => topics::hide_general_forum_topic,
    unhideGeneralForumTopic => topics::unhide_general_forum_topic,
    unpinAllGeneralForumTopicMessages => topics::unpin_all_general_forum_topic_messages,

    // Available methods: queries, boosts, business connections and managed bots
    answerCallbackQuery => messages::answer_callback_query,
    answerGuestQuery => unsupported,
    getUserChatBoosts => chats::get_user_chat_boosts,
    getBusinessConnection => business::get_business_connection,
    getManagedBotToken => unsupported,
    replaceManagedBotToken => unsupported,
    getManagedBotAccessSettings => unsupported,
    setManagedBotAccessSettings => unsupported,

    // Available methods: the bot's profile
    setMyCommands => bot::set_my_commands,
    deleteMyCommands => bot::delete_my_commands,
    getMyCommands => bot::get_my_commands,
    setMyName => bot::set_my_name,
    getMyName => bot::get_my_name,
    setMyDescription => bot::set_my_description,
    getMyDescription => bot::get_my_description,
    setMyShortDescription => bot::set_my_short_description,
    getMyShortDescription => bot::get_my_short_description,
    setMyProfilePhoto => profile_photos::set_my_profile_photo,
    removeMyProfilePhoto => profile_photos::remove_my_profile_photo,
    setChatMenuButton => bot::set_chat_menu_button,
    getChatMenuButton => bot::get_chat_menu_button,
    setMyDefaultAdministratorRights => admin::set_my_default_administrator_rights,
    getMyDefaultAdministratorRights => admin::get_my_default_administrator_rights,

    // Available methods: gifts and verification
    getAvailableGifts => out_of_scope(Gifts),
    sendGift => out_of_scope(Gifts),
    giftPremiumSubscription => out_of_scope(Gifts),
    verifyUser => verification::verify_user,
    verifyChat => verification::verify_chat,
    removeUserVerification => verification::remove_user_verification,
    removeChatVerification => verification::remove_chat_verification,

    // Available methods: business accounts
    readBusinessMessage => business::read_business_message,
    deleteBusinessMessages => business::delete_business_messages,
    setBusinessAccountName => business::set_business_account_name,
    setBusinessAccountUsername => business::set_business_account_username,
    setBusinessAccountBio => business::set_business_account_bio,
    setBusinessAccountProfilePhoto => unsupported,
    removeBusinessAccountProfilePhoto => unsupported,
    setBusinessAccountGiftSettings => out_of_scope(Gifts),
    getBusinessAccountStarBalance => out_of_scope(Stars),
    transferBusinessAccountStars => out_of_scope(Stars),
    getBusinessAccountGifts => out_of_scope(Gifts),
    getUserGifts => out_of_scope(Gifts),
    getChatGifts => out_of_scope(Gifts),
    convertGiftToStars => out_of_scope(Gifts),
    upgradeGift => out_of_scope(Gifts),
    transferGift => out_of_scope(Gifts),

    // Available methods: stories
    postStory => unsupported,
    repostStory => unsupported,
    editStory => unsupported,
    deleteStory => unsupported,

    // Available methods: web apps and prepared messages
    answerWebAppQuery => web_apps::answer_web_app_query,
    savePreparedInlineMessage => inline::save_prepared_inline_message,
    savePreparedKeyboardButton => unsupported,

    // Updating messages
    editMessageText => messages::edit_message_text,
    editMessageCaption => media::edit_message_caption,
    editMessageMedia => media::edit_message_media,
    editMessageLiveLocation => attachments::edit_message_live_location,
    stopMessageLiveLocation => attachments::stop_message_live_location,
    editMessageChecklist => unsupported,
    editMessageReplyMarkup => messages::edit_message_reply_markup,
    stopPoll => polls::stop_poll,
    approveSuggestedPost => unsupported,
    declineSuggestedPost => unsupported,
    deleteMessage => messages::delete_message,
    deleteMessages => messages::delete_messages,
    deleteMessageReaction => reactions::delete_message_reaction,
    deleteAllMessageReactions => reactions::delete_all_message_reactions,

    // Stickers
    sendSticker => media::send_sticker,
    getStickerSet => stickers::get_sticker_set,
    getCustomEmojiStickers => stickers::get_custom_emoji_stickers,
    uploadStickerFile => stickers::upload_sticker_file,
    createNewStickerSet => stickers::create_new_sticker_set,
    addStickerToSet => stickers::add_sticker_to_set,
    setStickerPositionInSet => stickers::set_sticker_position_in_set,
    deleteStickerFromSet => stickers::delete_sticker_from_set,
    replaceStickerInSet => stickers::replace_sticker_in_set,
    setStickerEmojiList => stickers::set_sticker_emoji_list,
    setStickerKeywords => stickers::set_sticker_keywords,
    setStickerMaskPosition => stickers::set_sticker_mask_position,
    setStickerSetTitle => stickers::set_sticker_set_title,
    setStickerSetThumbnail (setStickerSetThumb) => stickers::set_sticker_set_thumbnail,
    setCustomEmojiStickerSetThumbnail => stickers::set_custom_emoji_sticker_set_thumbnail,
    deleteStickerSet => stickers::delete_sticker_set,

    // Rich messages
    sendRichMessage => unsupported,
    sendRichMessageDraft => unsupported,

    // Inline mode
    answerInlineQuery => inline::answer_inline_query,

    // Payments and Telegram Stars
    sendInvoice => unsupported,
    createInvoiceLink => unsupported,
    answerShippingQuery => unsupported,
    answerPreCheckoutQuery => unsupported,
    getMyStarBalance => out_of_scope(Stars),
    getStarTransactions => out_of_scope(Stars),
    refundStarPayment => out_of_scope(Stars),
    editUserStarSubscription => out_of_scope(Stars),

    // Telegram Passport
    setPassportDataErrors => out_of_scope(Passport),

    // Games
    sendGame => unsupported,
    setGameScore => unsupported,
    getGameHighScores => unsupported,
}

/// `name` in ASCII lower case, as an array of `N` bytes (`N` is `name.len()`).
const fn to_lowercase<const N: usize>(name: &str) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut lower = [0; N];
    let mut i = 0;
    while i < N {
        lower[i] = bytes[i].to_ascii_lowercase();
        i += 1;
    }
    lower
}

impl Method {
    /// The method a request names: case-insensitive, legacy aliases included; `None` for a
    /// name that is no Bot API method.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::from_lowercase_name(&name.to_ascii_lowercase())
    }
}

/// A Bot API method as gramd serves it, from the method table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodInfo {
    /// The name as the spec spells it.
    pub name: &'static str,
    /// Legacy names the reference server still accepts for it (gramd routes them too).
    pub aliases: &'static [&'static str],
    /// Whether gramd implements it; if not, it answers `501 Not Implemented`.
    pub implemented: bool,
    /// Why it cannot apply to a self-hosted server, if it cannot (it answers `501` for
    /// good); `None` for a method that is implemented or on the way.
    pub out_of_scope: Option<OutOfScope>,
}

impl From<Method> for MethodInfo {
    fn from(method: Method) -> Self {
        Self {
            name: method.name(),
            aliases: method.aliases(),
            implemented: method.is_implemented(),
            out_of_scope: method.out_of_scope(),
        }
    }
}

/// Every Bot API method gramd knows (all of the spec's), in the order of the documentation.
pub fn all_methods() -> impl Iterator<Item = MethodInfo> {
    Method::ALL.iter().map(|&method| method.into())
}

/// The method a request names, looked up as a request is: case-insensitively, legacy
/// aliases included (`kickchatmember` is `banChatMember`); `None` for a name that is no Bot
/// API method (a request for it answers `404 Not Found: method not found`).
#[must_use]
pub fn method_info(name: &str) -> Option<MethodInfo> {
    Method::from_name(name).map(Into::into)
}

#[cfg(test)]
mod tests;
