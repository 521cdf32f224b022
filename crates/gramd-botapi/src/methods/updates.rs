//! Getting updates: `getUpdates`, `setWebhook`, `deleteWebhook`, `getWebhookInfo`.

use std::time::Duration;

use gramd_core::bots::Webhook;
use gramd_core::updates::UpdateMask;
use gramd_core::{CoreError, GetUpdates, WebhookChange};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input;
use crate::types::WebhookInfo;

/// The longest long poll the reference allows, in seconds.
const LONG_POLL_MAX_TIMEOUT: i32 = 50;

pub(super) async fn get_updates(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let request = GetUpdates {
        offset: i64::from(p.i32_arg("offset", 0, i32::MIN, i32::MAX)),
        limit: u32::try_from(p.i32_arg("limit", 100, 1, 100)).unwrap_or(100),
        timeout: Duration::from_secs(
            u64::try_from(p.i32_arg("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)).unwrap_or(0),
        ),
        allowed_updates: input::allowed_updates(p),
    };
    let queued = call.core.get_updates(call.bot.id, request).await?;
    let renderer = call.renderer();
    let mut updates = Vec::with_capacity(queued.len());
    for update in &queued {
        match renderer.update(update).await {
            Ok(rendered) => updates.push(rendered),
            // An update that cannot be rendered any more (say, its chat is gone) is skipped
            // rather than blocking the queue; it is confirmed with the next offset.
            Err(err) => tracing::warn!(update_id = update.update_id, %err, "update skipped"),
        }
    }
    Reply::of(&updates)
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

pub(super) async fn set_webhook(call: &Call<'_>) -> Outcome {
    let url = call.params.arg("url");
    let webhook = if url.is_empty() {
        None
    } else {
        Some(webhook(call, url)?)
    };
    change_webhook(call, webhook).await
}

pub(super) async fn delete_webhook(call: &Call<'_>) -> Outcome {
    change_webhook(call, None).await
}

/// The webhook `setWebhook` asks for at `url` (not empty).
fn webhook(call: &Call<'_>, url: &str) -> Result<Webhook, ApiError> {
    let p = call.params;
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

/// Sets (`Some`) or deletes (`None`) the webhook, with `allowed_updates` and
/// `drop_pending_updates`.
async fn change_webhook(call: &Call<'_>, webhook: Option<Webhook>) -> Outcome {
    let p = call.params;
    let setting = webhook.is_some();
    let change = WebhookChange {
        webhook,
        allowed_updates: input::allowed_updates(p),
        drop_pending: p.bool_arg("drop_pending_updates"),
    };
    let changed = call.core.set_webhook(call.bot.id, change).await?;
    let description = match (setting, changed) {
        (true, true) => "Webhook was set",
        (true, false) => "Webhook is already set",
        (false, true) => "Webhook was deleted",
        (false, false) => "Webhook is already deleted",
    };
    Ok(Reply::ok().described(description))
}

pub(super) async fn get_webhook_info(call: &Call<'_>) -> Outcome {
    let info = call.core.webhook_info(call.bot.id).await?;
    let webhook = info.delivery.webhook.as_ref();
    let allowed = info.delivery.allowed_updates;
    let rendered = WebhookInfo {
        url: webhook.map(|w| w.url.clone()).unwrap_or_default(),
        has_custom_certificate: webhook.is_some_and(|w| w.has_custom_certificate),
        pending_update_count: info.pending_update_count,
        max_connections: webhook.map(|w| w.max_connections),
        ip_address: webhook.and_then(|w| w.ip_address.clone()),
        allowed_updates: (allowed != UpdateMask::default_set())
            .then(|| allowed.kinds().map(|k| k.name()).collect()),
    };
    Reply::of(&rendered).map_err(|_: ApiError| ApiError::internal())
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
