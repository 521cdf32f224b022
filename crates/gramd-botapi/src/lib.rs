//! The Telegram Bot API edge of gramd: `/bot<token>/<method>` over HTTP.
//!
//! A thin layer over [`gramd_core::Core`]: it parses requests exactly as the reference
//! server does (query string, urlencoded, JSON and multipart bodies; see
//! <https://core.telegram.org/bots/api#making-requests>), calls the core, renders the result
//! as Bot API objects, and maps errors through one table (module `error`) to the official
//! descriptions.
//!
//! # Layout
//! - `http`: routing, token checks, body limits and the response envelope.
//! - `params`: the request parameter parser and its typed getters.
//! - `input`: parameters that carry JSON objects (reply markup, entities, …).
//! - `methods`: one handler per Bot API method, grouped by area.
//! - `render` and `types`: core objects rendered as Bot API objects.
//! - `error`: [`gramd_core::CoreError`] to `{ok:false, error_code, description}`.
//! - `webhook`: what the webhook deliverer needs: an update's JSON, and running the method
//!   call a webhook answers with.

mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod http;
mod input;
mod methods;
mod params;
mod render;
mod types;
mod webhook;

pub use http::{BotApiConfig, router};
pub use webhook::{execute_reply, render_update};
