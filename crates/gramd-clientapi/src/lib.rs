//! The client API of gramd: Telegram's TL functions (schema layer 230,
//! <https://core.telegram.org/schema>) served over the core, for users.
//!
//! [`Rpc`] is transport-free: TL request bytes in, TL result bytes out, for an
//! authenticated user. The JSON edge ([`router`]) encodes JSON parameters to TL with the
//! schema-driven codec of `gramd-tl`, calls [`Rpc::invoke`], and decodes the result back
//! to JSON; the MTProto edge of a later issue will call the same [`Rpc::invoke`].
//!
//! # Layout
//! - `rpc`: the dispatcher from function ids to handlers.
//! - `functions`: the handlers, by area (users, messages, updates, chats).
//! - `peers`: resolving `InputPeer`/`InputUser`/`InputChannel` with access-hash checks.
//! - `tl`: building TL objects from core objects as one user sees them.
//! - `error`: [`RpcError`] and the one table from core errors to Telegram's error names.
//! - `http`: the JSON edge.

mod error;
mod functions;
mod http;
mod peers;
mod rpc;
mod tl;

pub use error::RpcError;
pub use http::router;
pub use rpc::Rpc;
