//! The client API of gramd: Telegram's TL functions (schema layer 230,
//! <https://core.telegram.org/schema>) served over the core.
//!
//! This crate is transport-free: [`Rpc::invoke`] takes a [`Session`] and the TL bytes of a
//! call, and returns the TL bytes of its result or an [`RpcError`]. It knows nothing of
//! HTTP, JSON or MTProto. Each edge brings its own transport and authentication and calls
//! it: `gramd-clientapi-json` (JSON over HTTP, `POST /client/<function>`) today, the MTProto
//! edge later.
//!
//! # Request path
//!
//! 1. The edge authenticates the caller and builds a [`Session`]: the [`Caller`] (a user, or
//!    a bot, which is a user row with bot settings), the session's
//!    [`SessionId`](gramd_core::ids::SessionId), and the TL layer the client speaks.
//! 2. [`Rpc::invoke`] reads the function's constructor id. An id that is no layer-230
//!    function is `INPUT_METHOD_INVALID`; one gramd does not implement is `METHOD_INVALID`.
//! 3. The request is decoded into the function's typed struct from `grammers-tl-types`
//!    (`grammers_tl_types::functions::…`) and passed with a call context, `Ctx` (the core
//!    and the session), to its handler in `functions`.
//! 4. The handler resolves the `Input*` peers (`peers`, checking per-viewer access
//!    hashes), calls the core, and builds its result from the typed constructors of
//!    `grammers_tl_types::{types, enums}` with the helpers of `tl` (users, chats, messages,
//!    updates, as the caller sees them). Core errors become Telegram's error names through
//!    the one table in `error`.
//! 5. The dispatcher serializes the result with `Serializable::to_bytes`. A handler must
//!    return exactly its function's `RemoteCall::Return` type, so a result of the wrong TL
//!    type does not compile.
//!
//! # Adding a function
//!
//! Write `async fn handler(ctx: &Ctx<'_>, req: f::ns::Function) -> Result<R, RpcError>` in
//! the `functions` module of its area, with `R` the function's `RemoteCall::Return` (say
//! `enums::Updates`), and add `f::ns::Function => functions::area::handler,` to the table
//! in `Rpc::invoke`. Build users, chats and messages with `ctx.view()`, and the
//! `users`/`chats` vectors of a result with `View::users_and_chats`. The JSON edge needs
//! nothing: it encodes and decodes every function from the schema.
//!
//! # Layout
//! - `rpc`: [`Rpc`], the dispatcher from function ids to handlers, and the call context
//!   `Ctx`.
//! - `session`: [`Session`] and [`Caller`], who is calling.
//! - `functions`: the handlers, by area (users, messages, updates, chats, admin, invites,
//!   business).
//! - `peers`: resolving `InputPeer`/`InputUser`/`InputChannel` with access-hash checks.
//! - `tl`: building TL objects from core objects as one user sees them; `rights`: rights,
//!   restrictions, memberships and invite links as TL objects, both ways; `media`: photos
//!   and documents as TL objects, and resolving the `InputPhoto`, `InputDocument` and file
//!   locations clients send.
//! - `error`: [`RpcError`] and the one table from core errors to Telegram's error names.

mod error;
mod functions;
mod media;
mod peers;
mod rights;
mod rpc;
mod session;
mod tl;

pub use error::RpcError;
pub use rpc::Rpc;
pub use session::{Caller, Session};
