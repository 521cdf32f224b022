//! The webhook's settings as `getWebhookInfo` shows them.

use gramd_core::WebhookInfo as CoreWebhookInfo;
use gramd_core::updates::UpdateMask;
use serde::Serialize;

/// `WebhookInfo`, fields present as the reference server emits them.
#[derive(Clone, Debug, Serialize)]
pub(super) struct WebhookInfo {
    url: String,
    has_custom_certificate: bool,
    pending_update_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error_date: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_connections: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_updates: Option<Vec<&'static str>>,
}

/// The webhook settings and queue of a bot.
pub(super) fn webhook_info(info: &CoreWebhookInfo) -> WebhookInfo {
    let webhook = info.delivery.webhook.as_ref();
    let allowed = info.delivery.allowed_updates;
    let last_error = info.status.last_error.clone().filter(|_| webhook.is_some());
    WebhookInfo {
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
    }
}
