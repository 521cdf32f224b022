//! The JSON edge: `POST /client/<tl function>` with `Authorization: Bearer <session token>`.
//!
//! The body is the function's parameters by their schema names; the reply is
//! `{"ok":true,"result":…}` or `{"ok":false,"error_code":N,"error_message":"NAME"}` with HTTP
//! status `N`. When an error has an explanation (which field failed to decode, say), it is
//! sent in the `X-Gramd-Error-Detail` header, so the body stays exactly Telegram's.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use crate::error::RpcError;
use crate::rpc::Rpc;

/// Largest JSON request body.
const MAX_BODY: usize = 1 << 20;

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

/// The error for a body over the limit.
const TOO_LONG: &str = "INPUT_REQUEST_TOO_LONG";

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn handle(State(rpc): State<Rpc>, Path(method): Path<String>, request: Request) -> Response {
    match call(&rpc, &method, request).await {
        Ok(result) => respond(
            StatusCode::OK,
            format!(r#"{{"ok":true,"result":{result}}}"#),
            None,
        ),
        Err(err) => {
            if err.code >= 500 {
                tracing::error!(%method, %err, detail = ?err.detail, "client API call failed");
            }
            error_response(&err)
        }
    }
}

async fn call(rpc: &Rpc, method: &str, request: Request) -> Result<Value, RpcError> {
    if request.method() != Method::POST {
        return Err(RpcError::bad_request("INPUT_REQUEST_INVALID").with_detail("use POST"));
    }
    let token = bearer(request.headers())
        .ok_or_else(|| RpcError::new(401, "AUTH_KEY_UNREGISTERED").with_detail("no bearer token"))?
        .to_owned();
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY)
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
    let me = rpc.authenticate(&token).await?;
    rpc.invoke_json(me, method, &params).await
}
