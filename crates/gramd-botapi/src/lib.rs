//! The Telegram Bot API edge of gramd: `/bot<token>/<method>` over HTTP.
//!
//! A thin layer over [`gramd_core::Core`]: it parses requests exactly as the reference
//! server does (query string, urlencoded, JSON and multipart bodies; see
//! <https://core.telegram.org/bots/api#making-requests>), calls the core, renders the result
//! as Bot API objects, and maps errors through one table (module `error`) to the official
//! descriptions.
//!
//! # Layout
//! - `http`: routing, token checks, body limits, the in-flight limit and the response
//!   envelope.
//! - `params`: the request parameter parser and its typed getters.
//! - `methods`: the Bot API methods. `methods::registry` is the one table of every method
//!   of the spec (name, legacy aliases, in-flight class, handler or `unsupported`), from
//!   which the name lookup and the dispatch are generated; see [`all_methods`] and
//!   [`method_info`]. Each area (`methods::{admin, bot, chats, invites, messages,
//!   stickers, updates}`, …) keeps its handlers in `mod.rs`, reads its parameters in `input.rs` and
//!   renders what only it answers with in `render.rs`.
//! - `input`, `render` and `types`: what several areas share: the getters of JSON object
//!   parameters, and the rendering of users, chats, messages, chat members and updates as
//!   Bot API objects; `media`: photos, documents, stickers, sticker sets and files as Bot
//!   API objects, with the bot's own file ids.
//! - `error`: [`gramd_core::CoreError`] to `{ok:false, error_code, description}`.
//! - `webhook`: what the webhook deliverer needs: an update's JSON, and running the method
//!   call a webhook answers with.
//!
//! # Adding a method
//! Give its row in `methods/registry.rs` a handler instead of `unsupported`, and write the
//! handler, an `async fn(&Call<'_>) -> Outcome`, in the area it belongs to (with its
//! parameters in the area's `input.rs` and area-only objects in its `render.rs`). Every
//! method of the spec already has a row; a new spec version's methods get rows first (a
//! unit test compares the table with `spec/botapi/api.json`).

mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod http;
mod input;
mod media;
mod methods;
mod params;
mod render;
mod types;
mod webhook;

pub use http::{BotApiConfig, router};
pub use methods::{MethodInfo, OutOfScope, all_methods, method_info};
pub use webhook::{execute_reply, render_update};
