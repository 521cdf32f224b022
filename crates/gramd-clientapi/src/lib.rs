//! The client API of gramd: Telegram's TL functions (schema layer 230,
//! <https://core.telegram.org/schema>) served over the core.
//!
//! This crate is transport-free: [`Rpc::invoke`] takes a [`Session`] and the TL bytes of a
//! call, and returns the TL bytes of its result. Each edge brings its own transport and
//! authentication and calls it: `gramd-clientapi-json` (JSON over HTTP) and, later, the
//! MTProto edge.
//!
//! # Layout
//! - `rpc`: the dispatcher from function ids to handlers, and the call context `Ctx`.
//! - `session`: [`Session`] and [`Caller`], who is calling.
//! - `functions`: the handlers, by area (users, messages, updates, chats).
//! - `peers`: resolving `InputPeer`/`InputUser`/`InputChannel` with access-hash checks.
//! - `tl`: building TL objects from core objects as one user sees them.
//! - `error`: [`RpcError`] and the one table from core errors to Telegram's error names.

mod error;
mod functions;
mod peers;
mod rpc;
mod session;
mod tl;

pub use error::RpcError;
pub use rpc::Rpc;
pub use session::{Caller, Session};
