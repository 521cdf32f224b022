//! Getting updates: `getUpdates`, `setWebhook`, `deleteWebhook`, `getWebhookInfo`.

pub(crate) mod input;
mod render;

use std::net::IpAddr;

use gramd_core::WebhookChange;
use gramd_core::webhooks::{HostResolver, WebhookRequest};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;

pub(super) async fn get_updates(call: &Call<'_>) -> Outcome {
    let request = input::get_updates(call.params);
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

pub(super) async fn set_webhook(call: &Call<'_>) -> Outcome {
    let url = call.params.arg("url");
    let webhook = (!url.is_empty()).then(|| input::webhook(call.params, url));
    change_webhook(call, webhook).await
}

pub(super) async fn delete_webhook(call: &Call<'_>) -> Outcome {
    change_webhook(call, None).await
}

/// Sets (`Some`) or deletes (`None`) the webhook, with `allowed_updates` and
/// `drop_pending_updates`.
async fn change_webhook(call: &Call<'_>, webhook: Option<WebhookRequest>) -> Outcome {
    let p = call.params;
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

pub(super) async fn get_webhook_info(call: &Call<'_>) -> Outcome {
    let info = call.core.webhook_info(call.bot.id).await?;
    let rendered = render::webhook_info(&info);
    Reply::of(&rendered).map_err(|_: ApiError| ApiError::internal())
}
