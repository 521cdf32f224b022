//! Parameters of `getUpdates` and of the webhook methods.

use std::time::Duration;

use gramd_core::GetUpdates;
use gramd_core::updates::{UpdateKind, UpdateMask};
use gramd_core::webhooks::WebhookRequest;
use serde_json::Value;

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

/// The webhook `setWebhook` asks for at `url` (not empty); the core checks it.
pub(super) fn webhook(p: &Params, url: &str) -> WebhookRequest {
    WebhookRequest {
        url: url.to_owned(),
        ip_address: p.arg("ip_address").to_owned(),
        // An empty parameter reads as an absent one.
        max_connections: (!p.arg("max_connections").is_empty())
            .then(|| p.i32_arg("max_connections", 0, i32::MIN, i32::MAX)),
        secret_token: p.arg("secret_token").to_owned(),
        certificate: certificate(p),
    }
}
