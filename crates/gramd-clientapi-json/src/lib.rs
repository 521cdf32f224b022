//! The JSON edge of gramd's client API: Telegram's TL functions (layer 230) as
//! `POST /client/<function>` with `Authorization: Bearer <token>`, the token of a session or
//! a bot's Bot API token.
//!
//! The body is the function's parameters by their schema names, in the JSON convention of
//! `gramd-tl`; the reply is `{"ok":true,"result":…}` or
//! `{"ok":false,"error_code":N,"error_message":"NAME"}` with HTTP status `N`. When an error
//! has an explanation (which field failed to decode, say), it is sent in the
//! `X-Gramd-Error-Detail` header, so the body stays exactly Telegram's.
//!
//! # Request path
//!
//! 1. [`router`]'s handler checks the method (POST) and that there is a bearer token or the
//!    function is open before sign-in ([`Access::Open`]; else `401 AUTH_KEY_UNREGISTERED`),
//!    reads the body (at most 1 MiB), and parses it as a JSON object.
//! 2. The schema-driven codec encodes the JSON parameters to the TL bytes of the call
//!    ([`Schema::encode_function`](gramd_tl::Schema::encode_function)); this is where a
//!    function's left-out numbers become 0 and where typos are refused.
//! 3. The session: a session token is looked up with
//!    [`Core::session_state`](gramd_core::Core::session_state) (signed in or not); a token
//!    of the form `<bot id>:<secret>` is a Bot API token
//!    ([`Core::authenticate_bot`](gramd_core::Core::authenticate_bot)); an unknown or ended
//!    token is `401 AUTH_KEY_UNREGISTERED`. Without a token, a new session is opened
//!    ([`Core::open_session`](gramd_core::Core::open_session)), described by the
//!    `X-Gramd-Client` header if given (a JSON object of `initConnection`'s fields, see
//!    [`ClientInfo`]; else the `User-Agent` is its app name), and its token is sent back in
//!    the `X-Gramd-Session` response header, also when the call fails. The [`Session`]
//!    speaks the schema's layer ([`gramd_tl::LAYER`]).
//! 4. [`Rpc::invoke`] — transport-free, the same call the MTProto edge makes — runs the
//!    function and returns the result's TL bytes.
//! 5. The codec decodes those bytes as the function's result type
//!    ([`Schema::decode_result`](gramd_tl::Schema::decode_result)) into the JSON result.
//!
//! Errors are [`RpcError`]s from every step, written once by `error_response`. Callers'
//! mistakes (4xx) are logged at debug level, gramd's own faults (5xx) at error level.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use gramd_clientapi::{Access, Rpc, RpcError, Session};
use gramd_core::CoreError;
use gramd_core::auth::ClientInfo;
use gramd_core::ids::UserId;
use serde_json::Value;

/// Largest JSON request body.
const MAX_BODY: usize = 1 << 20;

/// The response header carrying the token of a session opened for a call without one.
const SESSION_HEADER: &str = "x-gramd-session";

/// The request header in which a client may describe itself (`initConnection`'s fields).
const CLIENT_HEADER: &str = "x-gramd-client";

/// The error for a body over the limit.
const TOO_LONG: &str = "INPUT_REQUEST_TOO_LONG";

/// The `/client/{method}` route over an [`Rpc`].
pub fn router(rpc: Rpc) -> Router {
    Router::new()
        .route("/client/{method}", axum::routing::any(handle))
        .with_state(rpc)
}

fn respond(status: StatusCode, body: String, detail: Option<&str>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(detail) = detail
        && let Ok(value) = HeaderValue::from_str(&detail.replace(['\r', '\n'], " "))
    {
        headers.insert("x-gramd-error-detail", value);
    }
    response
}

fn error_response(err: &RpcError) -> Response {
    let body = serde_json::json!({
        "ok": false,
        "error_code": err.code,
        "error_message": err.name,
    });
    let status = StatusCode::from_u16(err.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = respond(status, body.to_string(), err.detail.as_deref());
    if err.name == TOO_LONG {
        // The rest of the body is not read: close rather than drain it.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn handle(State(rpc): State<Rpc>, Path(method): Path<String>, request: Request) -> Response {
    let mut opened = None;
    let mut response = match call(&rpc, &method, request, &mut opened).await {
        Ok(result) => respond(
            StatusCode::OK,
            format!(r#"{{"ok":true,"result":{result}}}"#),
            None,
        ),
        Err(err) => {
            if err.code >= 500 {
                tracing::error!(%method, %err, detail = ?err.detail, "client API call failed");
            } else {
                tracing::debug!(%method, %err, detail = ?err.detail, "client API call refused");
            }
            error_response(&err)
        }
    };
    if let Some(token) = opened
        && let Ok(value) = HeaderValue::from_str(&token)
    {
        response.headers_mut().insert(SESSION_HEADER, value);
    }
    response
}

/// What the caller says about its client, from the `X-Gramd-Client` header (a JSON object
/// of `initConnection`'s fields), else its `User-Agent` as the app name.
fn client_info(headers: &HeaderMap) -> Result<ClientInfo, RpcError> {
    if let Some(value) = headers.get(CLIENT_HEADER) {
        let text = value.to_str().map_err(|_| {
            RpcError::bad_request("INPUT_FETCH_ERROR").with_detail("X-Gramd-Client is not text")
        })?;
        return serde_json::from_str(text).map_err(|e| {
            RpcError::bad_request("INPUT_FETCH_ERROR")
                .with_detail(format!("X-Gramd-Client is not a client description: {e}"))
        });
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(ClientInfo {
        app_name: agent.to_owned(),
        ..ClientInfo::default()
    })
}

/// The session a call comes in on: the bearer token's (a session token, or a bot's Bot API
/// token), or without a token (only for a function open before sign-in, which [`call`]
/// checked) a new one, whose token is put in `opened`.
async fn session(
    rpc: &Rpc,
    headers: &HeaderMap,
    opened: &mut Option<String>,
) -> Result<Session, RpcError> {
    let unregistered = || RpcError::new(401, "AUTH_KEY_UNREGISTERED");
    let core = rpc.core();
    match bearer(headers) {
        Some(token) => match token.split_once(':') {
            Some((bot, secret)) => {
                let bot = bot.parse().map_err(|_| unregistered())?;
                let bot =
                    core.authenticate_bot(UserId(bot), secret)
                        .await
                        .map_err(|err| match err {
                            CoreError::BotTokenInvalid => {
                                unregistered().with_detail("no bot has this token")
                            }
                            other => other.into(),
                        })?;
                Ok(Session::bot(core, bot, gramd_tl::LAYER))
            }
            None => Ok(Session::of_state(
                core.session_state(token).await?,
                gramd_tl::LAYER,
            )),
        },
        None => {
            let (token, state) = core.open_session(client_info(headers)?).await?;
            *opened = Some(token);
            Ok(Session::of_state(state, gramd_tl::LAYER))
        }
    }
}

async fn call(
    rpc: &Rpc,
    method: &str,
    request: Request,
    opened: &mut Option<String>,
) -> Result<Value, RpcError> {
    if request.method() != Method::POST {
        return Err(RpcError::bad_request("INPUT_REQUEST_INVALID").with_detail("use POST"));
    }
    let (parts, body) = request.into_parts();
    if bearer(&parts.headers).is_none()
        && !rpc
            .schema()
            .function(method)
            .is_some_and(|f| Access::of(f.id()) == Access::Open)
    {
        return Err(RpcError::new(401, "AUTH_KEY_UNREGISTERED").with_detail("no bearer token"));
    }
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| RpcError::bad_request(TOO_LONG))?;
    let params: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            RpcError::bad_request("INPUT_FETCH_ERROR").with_detail(format!("malformed JSON: {e}"))
        })?
    };
    if !params.is_object() {
        return Err(RpcError::bad_request("INPUT_FETCH_ERROR")
            .with_detail("the body must be a JSON object of the function's parameters"));
    }
    let schema = rpc.schema();
    let request = schema.encode_function(method, &params)?;
    let session = session(rpc, &parts.headers, opened).await?;
    let result = rpc.invoke(&session, &request).await?;
    schema
        .decode_result(method, &params, &result)
        .map_err(|err| {
            // Results are built from layer-230 types: one that does not decode is gramd's
            // fault, not the caller's.
            RpcError::new(500, "INTERNAL").with_detail(format!("result of {method}: {err}"))
        })
}
