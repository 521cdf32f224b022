//! Signing in and the sessions of an account: `auth.sendCode`, `auth.resendCode`,
//! `auth.cancelCode`, `auth.signIn`,
//! `auth.signUp`, `auth.importBotAuthorization` (callable before sign-in), `auth.logOut`,
//! `account.getAuthorizations`, `account.resetAuthorization` and
//! `auth.resetAuthorizations`.

use std::sync::Arc;

use gramd_core::auth::Authorization;
use gramd_core::ids::SessionId;
use gramd_core::users::User;
use gramd_core::{CoreError, SignIn};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::{Ctx, OpenCtx};
use crate::tl::{View, int};

pub(crate) async fn send_code(
    ctx: &OpenCtx<'_>,
    req: f::auth::SendCode,
) -> Result<enums::auth::SentCode, RpcError> {
    Ok(sent_code(ctx.core.send_code(&req.phone_number).await?))
}

pub(crate) async fn resend_code(
    ctx: &OpenCtx<'_>,
    req: f::auth::ResendCode,
) -> Result<enums::auth::SentCode, RpcError> {
    let sent = ctx
        .core
        .resend_code(&req.phone_number, &req.phone_code_hash)
        .await?;
    Ok(sent_code(sent))
}

pub(crate) async fn cancel_code(
    ctx: &OpenCtx<'_>,
    req: f::auth::CancelCode,
) -> Result<bool, RpcError> {
    ctx.core
        .cancel_code(&req.phone_number, &req.phone_code_hash)?;
    Ok(true)
}

/// `auth.sentCode`: by "app" when the code went to the account's sessions, else "SMS"
/// (gramd's log).
fn sent_code(sent: gramd_core::SentCode) -> enums::auth::SentCode {
    let length = int(sent.length);
    let r#type = if sent.in_app {
        enums::auth::SentCodeType::App(types::auth::SentCodeTypeApp { length })
    } else {
        enums::auth::SentCodeType::Sms(types::auth::SentCodeTypeSms { length })
    };
    enums::auth::SentCode::Code(types::auth::SentCode {
        r#type,
        phone_code_hash: sent.phone_code_hash,
        next_type: None,
        timeout: Some(int(sent.timeout)),
    })
}

/// `auth.authorization` for the account just signed in, as it sees itself.
fn authorization(ctx: &OpenCtx<'_>, me: &Arc<User>) -> enums::auth::Authorization {
    let view = View { core: ctx.core, me };
    enums::auth::Authorization::Authorization(types::auth::Authorization {
        setup_password_required: false,
        otherwise_relogin_days: None,
        tmp_sessions: None,
        future_auth_token: None,
        user: view.user(me),
    })
}

pub(crate) async fn sign_in(
    ctx: &OpenCtx<'_>,
    req: f::auth::SignIn,
) -> Result<enums::auth::Authorization, RpcError> {
    let code = req.phone_code.unwrap_or_default();
    let outcome = ctx
        .core
        .sign_in(
            ctx.session.id,
            &req.phone_number,
            &req.phone_code_hash,
            &code,
        )
        .await?;
    Ok(match outcome {
        SignIn::Authorized(me) => authorization(ctx, &me),
        SignIn::SignUpRequired => {
            enums::auth::Authorization::SignUpRequired(types::auth::AuthorizationSignUpRequired {
                terms_of_service: None,
            })
        }
    })
}

pub(crate) async fn sign_up(
    ctx: &OpenCtx<'_>,
    req: f::auth::SignUp,
) -> Result<enums::auth::Authorization, RpcError> {
    let last_name = Some(req.last_name).filter(|l| !l.trim().is_empty());
    let me = ctx
        .core
        .sign_up(
            ctx.session.id,
            &req.phone_number,
            &req.phone_code_hash,
            req.first_name,
            last_name,
        )
        .await?;
    Ok(authorization(ctx, &me))
}

pub(crate) async fn import_bot_authorization(
    ctx: &OpenCtx<'_>,
    req: f::auth::ImportBotAuthorization,
) -> Result<enums::auth::Authorization, RpcError> {
    let me = ctx
        .core
        .import_bot_authorization(ctx.session.id, &req.bot_auth_token)
        .await
        .map_err(|err| match err {
            // Telegram answers a bad token here with 400, not the 401 of a bad credential.
            CoreError::BotTokenInvalid => RpcError::bad_request("ACCESS_TOKEN_INVALID"),
            other => other.into(),
        })?;
    Ok(authorization(ctx, &me))
}

pub(crate) async fn log_out(
    ctx: &Ctx<'_>,
    _req: f::auth::LogOut,
) -> Result<enums::auth::LoggedOut, RpcError> {
    ctx.core.log_out(ctx.session.id).await?;
    Ok(enums::auth::LoggedOut::Out(types::auth::LoggedOut {
        future_auth_token: None,
    }))
}

/// The TL `authorization` of a session; `current` for the caller's own.
fn authorization_info(auth: &Authorization, current: SessionId) -> enums::Authorization {
    let client = &auth.client;
    enums::Authorization::Authorization(types::Authorization {
        current: auth.id == current,
        official_app: false,
        password_pending: false,
        encrypted_requests_disabled: false,
        call_requests_disabled: false,
        unconfirmed: false,
        hash: auth.id.0,
        device_model: client.device_model.clone(),
        platform: client.platform.clone(),
        system_version: client.system_version.clone(),
        api_id: client.api_id,
        app_name: client.app_name.clone(),
        app_version: client.app_version.clone(),
        date_created: int(auth.created_at),
        date_active: int(auth.active_at),
        ip: String::new(),
        country: String::new(),
        region: String::new(),
    })
}

/// How long Telegram keeps an unused session, in days (gramd keeps them until ended).
const AUTHORIZATION_TTL_DAYS: i32 = 365;

pub(crate) async fn get_authorizations(
    ctx: &Ctx<'_>,
    _req: f::account::GetAuthorizations,
) -> Result<enums::account::Authorizations, RpcError> {
    let mut list = ctx.core.authorizations(ctx.me().id).await?;
    // The caller's own session first, as Telegram lists them.
    list.sort_by_key(|a| a.id != ctx.session.id);
    Ok(enums::account::Authorizations::Authorizations(
        types::account::Authorizations {
            authorization_ttl_days: AUTHORIZATION_TTL_DAYS,
            authorizations: list
                .iter()
                .map(|a| authorization_info(a, ctx.session.id))
                .collect(),
        },
    ))
}

pub(crate) async fn reset_authorization(
    ctx: &Ctx<'_>,
    req: f::account::ResetAuthorization,
) -> Result<bool, RpcError> {
    ctx.core
        .reset_authorization(ctx.me().id, SessionId(req.hash))
        .await?;
    Ok(true)
}

pub(crate) async fn reset_authorizations(
    ctx: &Ctx<'_>,
    _req: f::auth::ResetAuthorizations,
) -> Result<bool, RpcError> {
    ctx.core
        .reset_authorizations(ctx.me().id, ctx.session.id)
        .await?;
    Ok(true)
}
