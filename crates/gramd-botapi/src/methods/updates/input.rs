//! Parameters of `getUpdates` and of the webhook methods.

use std::time::Duration;

use gramd_core::bots::Webhook;
use gramd_core::updates::{UpdateKind, UpdateMask};
use gramd_core::{CoreError, GetUpdates};
use serde_json::Value;

use crate::error::ApiError;
use crate::params::Params;

/// The longest long poll the reference allows, in seconds.
const LONG_POLL_MAX_TIMEOUT: i32 = 50;

/// The request of `getUpdates`.
pub(super) fn get_updates(p: &Params) -> GetUpdates {
    GetUpdates {
        offset: i64::from(p.i32_arg("offset", 0, i32::MIN, i32::MAX)),
        limit: u32::try_from(p.i32_arg("limit", 100, 1, 100)).unwrap_or(100),
        timeout: Duration::from_secs(
            u64::try_from(p.i32_arg("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)).unwrap_or(0),
        ),
        allowed_updates: allowed_updates(p),
    }
}

/// `allowed_updates`: `None` means "keep the current setting" (absent, empty, malformed, or
/// not an array of strings); unknown names are ignored; an empty result means the default.
pub(crate) fn allowed_updates(params: &Params) -> Option<UpdateMask> {
    let Ok(Some(Value::Array(list))) = params.json_value("allowed_updates") else {
        return None;
    };
    let mut kinds = Vec::with_capacity(list.len());
    for item in &list {
        let Value::String(name) = item else {
            return None;
        };
        if let Some(kind) = UpdateKind::from_name(name) {
            kinds.push(kind);
        }
    }
    Some(UpdateMask::from_kinds(kinds))
}

/// Checks a webhook URL as the reference parses it (https by default); gramd runs in the
/// reference's `--local` mode, so http and any port are allowed.
fn webhook_url(url: &str) -> Result<String, CoreError> {
    let full = if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    };
    let (scheme, rest) = full.split_once("://").ok_or(CoreError::WebhookUrlInvalid)?;
    let scheme_ok = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default();
    if !scheme_ok || host.is_empty() || host.contains(char::is_whitespace) {
        return Err(CoreError::WebhookUrlInvalid);
    }
    Ok(full)
}

/// The webhook `setWebhook` asks for at `url` (not empty).
pub(super) fn webhook(p: &Params, url: &str) -> Result<Webhook, ApiError> {
    let url = webhook_url(url)?;
    let secret = p.arg("secret_token");
    if secret.len() > 256 {
        return Err(CoreError::SecretTokenTooLong.into());
    }
    if !secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(CoreError::SecretTokenInvalid.into());
    }
    let max_connections = p.i32_arg("max_connections", 100, 1, 100_000);
    Ok(Webhook {
        url,
        max_connections: u32::try_from(max_connections).unwrap_or(100),
        ip_address: Some(p.arg("ip_address").to_owned()).filter(|ip| !ip.is_empty()),
        secret_token: Some(secret.to_owned()).filter(|s| !s.is_empty()),
        has_custom_certificate: p.file("certificate").is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls() {
        assert_eq!(
            webhook_url("example.com/hook").unwrap(),
            "https://example.com/hook"
        );
        assert!(webhook_url("http://127.0.0.1:8443/x").is_ok());
        assert!(webhook_url("https://user:pw@example.com").is_ok());
        for bad in [
            "ftp://example.com",
            "https://",
            "https:// x",
            "https:///path",
        ] {
            assert_eq!(webhook_url(bad), Err(CoreError::WebhookUrlInvalid), "{bad}");
        }
    }
}
