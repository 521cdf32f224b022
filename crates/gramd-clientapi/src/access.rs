//! Who may call what: the one table of functions callable before sign-in, for people only,
//! or for bots only, and Telegram's error for each refusal.
//!
//! [`Rpc::invoke`](crate::Rpc::invoke) looks a function up here before it runs:
//! - [`Access::Open`]: callable on a session nobody signed in on (`auth.sendCode`,
//!   `auth.signIn`, `help.getConfig`, …), and after sign-in too;
//! - [`Access::SignedIn`] (every function not in the table): any signed-in account; a
//!   session nobody signed in on gets `401 AUTH_KEY_UNREGISTERED`, as on Telegram;
//! - [`Access::Users`]: people only; a bot gets `400 BOT_METHOD_INVALID`;
//! - [`Access::Bots`]: bots only; a person gets the function's own error,
//!   `400 USER_BOT_REQUIRED` or `403 USER_BOT_INVALID` ([`UserRefusal`]), as Telegram's
//!   documentation of that function lists it.
//!
//! A new function that is not for everyone gets its row in [`TABLE`].

use grammers_tl_types::{Identifiable, functions as f};

use crate::error::RpcError;
use crate::session::Caller;

/// Who may call a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, before sign-in too.
    Open,
    /// Any signed-in account, person or bot.
    SignedIn,
    /// People only.
    Users,
    /// Bots only; people get this error.
    Bots(UserRefusal),
}

/// Telegram's error for a person calling a function for bots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserRefusal {
    /// `400 USER_BOT_REQUIRED`: "This method can only be called by a bot".
    BotRequired,
    /// `403 USER_BOT_INVALID`: the function is not for user accounts.
    BotInvalid,
}

const fn id<T: Identifiable>() -> u32 {
    T::CONSTRUCTOR_ID
}

/// The functions that are not for every signed-in account. Everything else is
/// [`Access::SignedIn`].
pub const TABLE: &[(u32, Access)] = &[
    // Before sign-in (<https://core.telegram.org/api/auth>): signing in, and what a client
    // asks while it connects.
    (id::<f::auth::SendCode>(), Access::Open),
    (id::<f::auth::ResendCode>(), Access::Open),
    (id::<f::auth::CancelCode>(), Access::Open),
    (id::<f::auth::SignIn>(), Access::Open),
    (id::<f::auth::SignUp>(), Access::Open),
    (id::<f::auth::ImportBotAuthorization>(), Access::Open),
    (id::<f::auth::ImportAuthorization>(), Access::Open),
    (id::<f::auth::ExportLoginToken>(), Access::Open),
    (id::<f::auth::ImportLoginToken>(), Access::Open),
    (id::<f::auth::CheckPassword>(), Access::Open),
    (id::<f::auth::RequestPasswordRecovery>(), Access::Open),
    (id::<f::auth::RecoverPassword>(), Access::Open),
    (id::<f::auth::BindTempAuthKey>(), Access::Open),
    (id::<f::account::GetPassword>(), Access::Open),
    (id::<f::help::GetConfig>(), Access::Open),
    (id::<f::help::GetNearestDc>(), Access::Open),
    (id::<f::help::GetCdnConfig>(), Access::Open),
    (id::<f::help::GetAppConfig>(), Access::Open),
    (id::<f::help::GetCountriesList>(), Access::Open),
    (id::<f::langpack::GetLangPack>(), Access::Open),
    (id::<f::langpack::GetStrings>(), Access::Open),
    (id::<f::langpack::GetDifference>(), Access::Open),
    (id::<f::langpack::GetLanguages>(), Access::Open),
    (id::<f::langpack::GetLanguage>(), Access::Open),
    // People only.
    (id::<f::messages::GetHistory>(), Access::Users),
    (id::<f::messages::GetDialogs>(), Access::Users),
    (id::<f::account::UpdateUsername>(), Access::Users),
    (id::<f::account::CheckUsername>(), Access::Users),
    (id::<f::account::SaveMusic>(), Access::Users),
    (
        id::<f::bots::ToggleUserEmojiStatusPermission>(),
        Access::Users,
    ),
    (id::<f::messages::ReadHistory>(), Access::Users),
    (id::<f::messages::GetBotCallbackAnswer>(), Access::Users),
    (id::<f::messages::GetInlineBotResults>(), Access::Users),
    (id::<f::messages::SendInlineBotResult>(), Access::Users),
    (id::<f::messages::GetPreparedInlineMessage>(), Access::Users),
    (id::<f::messages::StartBot>(), Access::Users),
    (id::<f::messages::CreateChat>(), Access::Users),
    (id::<f::channels::CreateChannel>(), Access::Users),
    (id::<f::messages::CheckChatInvite>(), Access::Users),
    (id::<f::messages::ImportChatInvite>(), Access::Users),
    (id::<f::account::GetAuthorizations>(), Access::Users),
    (id::<f::account::ResetAuthorization>(), Access::Users),
    (id::<f::auth::ResetAuthorizations>(), Access::Users),
    (id::<f::bots::InvokeWebViewCustomMethod>(), Access::Users),
    (id::<f::messages::RequestWebView>(), Access::Users),
    (id::<f::messages::RequestSimpleWebView>(), Access::Users),
    (id::<f::messages::RequestMainWebView>(), Access::Users),
    (id::<f::messages::GetBotApp>(), Access::Users),
    (id::<f::messages::RequestAppWebView>(), Access::Users),
    (id::<f::messages::ProlongWebView>(), Access::Users),
    (id::<f::messages::SendWebViewData>(), Access::Users),
    (id::<f::messages::GetAttachMenuBots>(), Access::Users),
    (id::<f::messages::GetAttachMenuBot>(), Access::Users),
    (id::<f::messages::ToggleBotInAttachMenu>(), Access::Users),
    (id::<f::contacts::Block>(), Access::Users),
    (id::<f::contacts::Unblock>(), Access::Users),
    (id::<f::contacts::GetBlocked>(), Access::Users),
    (id::<f::messages::EditChatAdmin>(), Access::Users),
    (id::<f::account::UpdateConnectedBot>(), Access::Users),
    (id::<f::account::GetConnectedBots>(), Access::Users),
    (id::<f::account::ToggleConnectedBotPaused>(), Access::Users),
    (id::<f::account::DisablePeerConnectedBot>(), Access::Users),
    // Bots only.
    (
        id::<f::bots::SetBotMenuButton>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::bots::UpdateUserEmojiStatus>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::bots::GetBotMenuButton>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::messages::SendWebViewResultMessage>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::bots::SendCustomRequest>(),
        Access::Bots(UserRefusal::BotInvalid),
    ),
    // Telegram lists no error for a person here; the bots-only refusal of
    // bots.sendCustomRequest, its sibling, is the one clients handle.
    (
        id::<f::account::GetBotBusinessConnection>(),
        Access::Bots(UserRefusal::BotInvalid),
    ),
    (
        id::<f::bots::SetBotCommands>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::bots::ResetBotCommands>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::bots::GetBotCommands>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::messages::SetBotCallbackAnswer>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
    (
        id::<f::messages::SetInlineBotResults>(),
        Access::Bots(UserRefusal::BotRequired),
    ),
];

impl Access {
    /// The access of a function, by constructor id.
    #[must_use]
    pub fn of(function: u32) -> Self {
        TABLE
            .iter()
            .find(|(id, _)| *id == function)
            .map_or(Self::SignedIn, |&(_, access)| access)
    }

    /// Whether `caller` (`None`: nobody signed in) may call a function with this access.
    ///
    /// # Errors
    /// `401 AUTH_KEY_UNREGISTERED`, `400 BOT_METHOD_INVALID`, `400 USER_BOT_REQUIRED` or
    /// `403 USER_BOT_INVALID`.
    pub fn admit(self, caller: Option<&Caller>) -> Result<(), RpcError> {
        match (self, caller) {
            (Self::Open, _)
            | (Self::SignedIn, Some(_))
            | (Self::Users, Some(Caller::User(_)))
            | (Self::Bots(_), Some(Caller::Bot(_))) => Ok(()),
            (_, None) => Err(RpcError::new(401, "AUTH_KEY_UNREGISTERED")),
            (Self::Users, Some(Caller::Bot(_))) => Err(RpcError::bad_request("BOT_METHOD_INVALID")),
            (Self::Bots(UserRefusal::BotRequired), Some(Caller::User(_))) => {
                Err(RpcError::bad_request("USER_BOT_REQUIRED"))
            }
            (Self::Bots(UserRefusal::BotInvalid), Some(Caller::User(_))) => {
                Err(RpcError::new(403, "USER_BOT_INVALID"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use gramd_core::ids::UserId;
    use gramd_core::users::{BotInfo, User};

    use super::*;

    fn account(bot: bool) -> Caller {
        Caller::of(Arc::new(User {
            id: UserId(1),
            first_name: "A".into(),
            last_name: None,
            username: None,
            phone: None,
            language_code: None,
            bot: bot.then(BotInfo::default),
            created_at: 0,
            photo: None,
            about: None,
            verification: None,
            emoji_status: None,
        }))
    }

    #[test]
    fn every_function_has_one_row_at_most() {
        let ids: HashSet<u32> = TABLE.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids.len(), TABLE.len());
    }

    #[test]
    fn refusals_are_telegrams() {
        let (user, bot) = (account(false), account(true));
        let refusal = |access: Access, caller: Option<&Caller>| {
            access
                .admit(caller)
                .err()
                .map(|e| (e.code, e.name.into_owned()))
        };
        let unregistered = Some((401, "AUTH_KEY_UNREGISTERED".to_owned()));
        assert_eq!(refusal(Access::Open, None), None);
        assert_eq!(refusal(Access::SignedIn, None), unregistered);
        assert_eq!(refusal(Access::Users, None), unregistered);
        assert_eq!(refusal(Access::SignedIn, Some(&bot)), None);
        assert_eq!(refusal(Access::Users, Some(&user)), None);
        assert_eq!(
            refusal(Access::Users, Some(&bot)),
            Some((400, "BOT_METHOD_INVALID".to_owned()))
        );
        assert_eq!(
            refusal(Access::Bots(UserRefusal::BotRequired), Some(&user)),
            Some((400, "USER_BOT_REQUIRED".to_owned()))
        );
        assert_eq!(
            refusal(Access::Bots(UserRefusal::BotInvalid), Some(&user)),
            Some((403, "USER_BOT_INVALID".to_owned()))
        );
        assert_eq!(
            refusal(Access::Bots(UserRefusal::BotInvalid), Some(&bot)),
            None
        );
        assert_eq!(
            Access::of(id::<f::bots::SendCustomRequest>()),
            Access::Bots(UserRefusal::BotInvalid)
        );
        assert_eq!(Access::of(id::<f::auth::SignIn>()), Access::Open);
        assert_eq!(
            Access::of(id::<f::messages::SendMessage>()),
            Access::SignedIn
        );
    }
}
