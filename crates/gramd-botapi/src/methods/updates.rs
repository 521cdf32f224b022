//! Getting updates: `getUpdates`, `setWebhook`, `deleteWebhook`, `getWebhookInfo`.

use std::net::IpAddr;
use std::time::Duration;

use gramd_core::updates::UpdateMask;
use gramd_core::webhooks::{HostResolver, WebhookRequest};
use gramd_core::{GetUpdates, WebhookChange};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::input;
use crate::params::Params;
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

/// Resolves webhook hosts with the system resolver, for the core's address checks.
struct SystemResolver;

#[async_trait::async_trait]
impl HostResolver for SystemResolver {
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<IpAddr>, String> {
        match tokio::net::lookup_host((host, port)).await {
            Ok(addresses) => Ok(addresses.map(|a| a.ip()).collect()),
            Err(err) => Err(err.to_string()),
        }
    }
}

/// The uploaded certificate: a part named `certificate`, or the part `attach://<name>`
/// names.
fn certificate(p: &Params) -> Option<Vec<u8>> {
    let file = p.file("certificate").or_else(|| {
        p.arg("certificate")
            .strip_prefix("attach://")
            .and_then(|name| p.file(name))
    })?;
    Some(file.data.to_vec())
}

pub(super) async fn set_webhook(call: &Call<'_>, delete: bool) -> Outcome {
    let p = call.params;
    let url = if delete { "" } else { p.arg("url") };
    let webhook = (!url.is_empty()).then(|| WebhookRequest {
        url: url.to_owned(),
        ip_address: p.arg("ip_address").to_owned(),
        // An empty parameter reads as an absent one.
        max_connections: (!p.arg("max_connections").is_empty())
            .then(|| p.i32_arg("max_connections", 0, i32::MIN, i32::MAX)),
        secret_token: p.arg("secret_token").to_owned(),
        certificate: certificate(p),
    });
    let setting = webhook.is_some();
    let change = WebhookChange {
        webhook,
        allowed_updates: input::allowed_updates(p),
        drop_pending: p.bool_arg("drop_pending_updates"),
    };
    let changed = call
        .core
        .set_webhook(call.bot.id, change, &SystemResolver)
        .await?;
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
    let last_error = info.status.last_error.filter(|_| webhook.is_some());
    let rendered = WebhookInfo {
        url: webhook.map(|w| w.url.clone()).unwrap_or_default(),
        has_custom_certificate: webhook.is_some_and(|w| w.certificate.is_some()),
        pending_update_count: info.pending_update_count,
        last_error_date: last_error.as_ref().map(|(date, _)| *date),
        last_error_message: last_error.map(|(_, message)| message),
        max_connections: webhook.map(|w| w.max_connections),
        ip_address: webhook.map(|w| {
            w.ip_address
                .clone()
                .or_else(|| info.status.address.map(|ip| ip.to_string()))
                .unwrap_or_else(|| "<unknown>".to_owned())
        }),
        allowed_updates: (allowed != UpdateMask::default_set())
            .then(|| allowed.kinds().map(|k| k.name()).collect()),
    };
    Reply::of(&rendered).map_err(|_: ApiError| ApiError::internal())
}
