//! Routing, token checks, body limits and the response envelope.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use gramd_core::Core;
use gramd_core::ids::UserId;
use percent_encoding::percent_decode_str;

use crate::error::ApiError;
use crate::methods::{self, Call, Reply};
use crate::params::Params;

/// Settings of the Bot API edge.
#[derive(Clone, Debug)]
pub struct BotApiConfig {
    /// Largest request body accepted, in bytes (larger ones get a bare 413).
    pub max_body_bytes: usize,
    /// Most requests one bot may have in flight, long polls excepted (more get 429).
    pub bot_max_in_flight: usize,
    /// Whether files given to the media methods by HTTP URL are fetched; when not, such a
    /// URL is answered as unreachable.
    pub fetch_urls: bool,
}

impl Default for BotApiConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 << 20,
            bot_max_in_flight: 100,
            fetch_urls: false,
        }
    }
}

struct BotApi {
    core: Core,
    config: BotApiConfig,
    in_flight: InFlight,
    /// The client that fetches files given by URL, when `fetch_urls` is on.
    fetcher: Option<reqwest::Client>,
}

/// Requests in flight per bot.
#[derive(Default)]
struct InFlight(Mutex<HashMap<UserId, usize>>);

/// One counted request; uncounts itself when dropped.
struct InFlightGuard<'a> {
    in_flight: &'a InFlight,
    bot: UserId,
}

impl InFlight {
    fn enter(&self, bot: UserId, max: usize) -> Option<InFlightGuard<'_>> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = map.entry(bot).or_default();
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(InFlightGuard {
            in_flight: self,
            bot,
        })
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        let mut map = self
            .in_flight
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = map.get_mut(&self.bot) {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.bot);
            }
        }
    }
}

/// The Bot API routes (`/bot…` and `/file/bot…`) over a core, as a router whose fallback
/// serves them (token and method are not whole path segments, so they are parsed here);
/// merge it with routers of other edges.
pub fn router(core: Core, config: BotApiConfig) -> Router {
    let fetcher = config.fetch_urls.then(url_fetcher);
    let state = Arc::new(BotApi {
        core,
        config,
        in_flight: InFlight::default(),
        fetcher,
    });
    Router::new().fallback(handle).with_state(state)
}

/// The client for files given by URL: HTTP and HTTPS (rustls, with the platform's roots),
/// a few redirects, and a time limit, as the reference server's downloads have.
fn url_fetcher() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(5))
        .timeout(std::time::Duration::from_secs(60))
        .user_agent(concat!("gramd/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

async fn handle(state: State<Arc<BotApi>>, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/file/bot") {
        handle_file(state, request).await
    } else if path.starts_with("/bot") {
        handle_bot(state, request).await
    } else {
        error_envelope(&ApiError::not_found(None))
    }
}

/// A bare HTTP response with no body, as the reference's HTTP layer sends for its errors.
fn bare(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `{"ok":true,"result":…}` with an optional description.
fn ok_envelope(reply: Reply) -> Response {
    json_response(StatusCode::OK, reply.into_envelope())
}

/// `{"ok":false,"error_code":…,"description":…,"parameters":…}`, status = error code.
pub(crate) fn error_envelope(err: &ApiError) -> Response {
    let mut body = serde_json::json!({
        "ok": false,
        "error_code": err.code,
        "description": err.description,
    });
    let mut parameters = serde_json::Map::new();
    if let Some(seconds) = err.retry_after {
        parameters.insert("retry_after".into(), seconds.into());
    }
    if let Some(chat) = err.migrate_to_chat_id {
        parameters.insert("migrate_to_chat_id".into(), chat.into());
    }
    if !parameters.is_empty() {
        body["parameters"] = serde_json::Value::Object(parameters);
    }
    let status = StatusCode::from_u16(err.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = json_response(status, body.to_string());
    if let Some(seconds) = err.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Checks the shape of a token as the reference does; returns the bot id and secret.
fn check_token(token: &str) -> Result<(UserId, &str), ApiError> {
    let invalid = || ApiError::unauthorized(Some("invalid token specified"));
    if token.starts_with('0') || token.len() > 80 || token.contains('/') {
        return Err(invalid());
    }
    let (id, secret) = token.split_once(':').ok_or_else(invalid)?;
    let id: i64 = id.parse().map_err(|_| ApiError::misdirected())?;
    if id <= 0 || id >= 1 << 54 {
        return Err(invalid());
    }
    let base64url = secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if secret.len() < 24 || !base64url {
        return Err(ApiError::unauthorized(None));
    }
    Ok((UserId(id), secret))
}

/// 413, closing the connection so that the rest of the body is not read.
fn too_large() -> Response {
    let mut response = bare(StatusCode::PAYLOAD_TOO_LARGE);
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, Response> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())
}

async fn handle_bot(State(api): State<Arc<BotApi>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::POST {
        return bare(StatusCode::NOT_IMPLEMENTED);
    }
    let (parts, body) = request.into_parts();
    let raw_path = parts.uri.path();
    let path = if raw_path.contains('%') {
        percent_decode_str(raw_path).decode_utf8_lossy()
    } else {
        Cow::Borrowed(raw_path)
    };
    let Some(rest) = path.strip_prefix("/bot") else {
        return error_envelope(&ApiError::not_found(None));
    };
    let (token, mut method) = rest.split_once('/').unwrap_or((rest, ""));
    if let Some(after_test) = method.strip_prefix("test/") {
        method = after_test;
    }
    let (bot_id, secret) = match check_token(token) {
        Ok(parsed) => parsed,
        Err(err) => return error_envelope(&err),
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > api.config.max_body_bytes as u64) {
        return too_large();
    }
    let body = match read_body(body, api.config.max_body_bytes).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = match Params::parse(parts.uri.query(), content_type, &body) {
        Ok(params) => params,
        Err(err) => {
            return bare(StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST));
        }
    };
    let bot = match api.core.authenticate_bot(bot_id, secret).await {
        Ok(bot) => bot,
        Err(err) => return error_envelope(&err.into()),
    };
    api.core.touch_bot_instance(bot.id);
    let name = params.method_name(method);
    let method = methods::Method::from_lowercase_name(&name);
    // Unknown names count towards the limit too (they are answered 404 below).
    let _guard = if method.is_some_and(methods::Method::is_unlimited) {
        None
    } else {
        match api.in_flight.enter(bot.id, api.config.bot_max_in_flight) {
            Some(guard) => Some(guard),
            None => return error_envelope(&ApiError::too_many_requests(1)),
        }
    };
    let call = Call {
        core: &api.core,
        bot,
        params: &params,
        files: methods::FileOptions {
            fetcher: api.fetcher.as_ref(),
        },
    };
    let outcome = match method {
        Some(method) => methods::dispatch(method, &call).await,
        None => Err(ApiError::not_found(Some("method not found"))),
    };
    match outcome {
        Ok(reply) => ok_envelope(reply),
        Err(err) => {
            let method = method.map_or(name.as_str(), |m| m.name());
            if err.is_gramd_fault() {
                tracing::error!(%method, description = %err.description, "Bot API call failed");
            } else {
                tracing::debug!(%method, description = %err.description, "Bot API call refused");
            }
            error_envelope(&err)
        }
    }
}

/// `/file/bot<token>/<file_path>`: the bytes of a file `getFile` gave this bot a path to,
/// with its `Content-Type` and `Content-Length`. A path made for another bot, an unknown
/// one, or a file over the download limit is `404 Not Found`; a bad token is
/// `401 Unauthorized`.
async fn handle_file(State(api): State<Arc<BotApi>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return bare(StatusCode::NOT_IMPLEMENTED);
    }
    let head = request.method() == Method::HEAD;
    let raw_path = request.uri().path();
    let path = percent_decode_str(raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let Some((token, file_path)) = path
        .strip_prefix("/file/bot")
        .and_then(|rest| rest.split_once('/'))
    else {
        return error_envelope(&ApiError::not_found(None));
    };
    let Ok((bot_id, secret)) = check_token(token) else {
        return error_envelope(&ApiError::unauthorized(None));
    };
    let Ok(bot) = api.core.authenticate_bot(bot_id, secret).await else {
        return error_envelope(&ApiError::unauthorized(None));
    };
    let not_found = || error_envelope(&ApiError::not_found(None));
    let Some(file_id) = crate::media::file_id_of_path(file_path) else {
        return not_found();
    };
    let Ok(target) = api.core.resolve_file_id(bot.id, file_id).await else {
        return not_found();
    };
    let max = api.core.file_limits().max_download_bytes;
    if target.file.size > max || crate::media::file_path(&target, file_id) != file_path {
        return not_found();
    }
    let size = usize::try_from(target.file.size).unwrap_or(usize::MAX);
    let bytes = if head {
        Vec::new()
    } else {
        match api.core.read_file(&target.file, 0, size).await {
            Ok(bytes) => bytes,
            Err(err) => {
                tracing::error!(%err, "cannot read a stored file");
                return error_envelope(&ApiError::internal());
            }
        }
    };
    let mut response = Response::new(Body::from(bytes));
    let content_type = HeaderValue::from_str(target.mime_type())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(target.file.size));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shapes() {
        let good = "123:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(check_token(good).map(|(id, _)| id), Ok(UserId(123)));
        let desc = |t: &str| check_token(t).unwrap_err().description;
        assert_eq!(
            desc("0123:AAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "Unauthorized: invalid token specified"
        );
        assert_eq!(
            desc("123AAAAAAAAAAAAAAAAAAAAAAAAA"),
            "Unauthorized: invalid token specified"
        );
        assert_eq!(
            desc("abc:AAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "Misdirected Request: unallowed token specified"
        );
        assert_eq!(
            desc("-5:AAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            "Unauthorized: invalid token specified"
        );
        assert_eq!(desc("123:short"), "Unauthorized");
        assert_eq!(desc("123:AAAAAAAAAAAAAAAAAAAAAAAA!AAAA"), "Unauthorized");
    }

    #[test]
    fn in_flight_limit_counts_per_bot_and_frees_on_drop() {
        let in_flight = InFlight::default();
        let (a, b) = (UserId(1), UserId(2));
        let first = in_flight.enter(a, 2).expect("first of two");
        let second = in_flight.enter(a, 2).expect("second of two");
        assert!(in_flight.enter(a, 2).is_none(), "a third is over the limit");
        let other = in_flight
            .enter(b, 2)
            .expect("another bot has its own count");
        drop(first);
        let third = in_flight
            .enter(a, 2)
            .expect("a slot freed by a finished request");
        drop((second, third, other));
        let map = in_flight.0.lock().unwrap();
        assert!(map.is_empty(), "idle bots leave no entry behind: {map:?}");
    }
}
