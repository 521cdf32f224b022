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
//! 1. The edge finds the caller's session and builds a [`Session`]: the [`Caller`] signed in
//!    on it (a user, or a bot, which is a user row with bot settings; `None` before
//!    sign-in), the session's [`SessionId`](gramd_core::ids::SessionId), and the TL layer
//!    the client speaks.
//! 2. [`Rpc::invoke`] reads the function's constructor id. An id that is no layer-230
//!    function is `INPUT_METHOD_INVALID`. The [`Access`] table then decides whether this
//!    caller may call it (`AUTH_KEY_UNREGISTERED` before sign-in, `BOT_METHOD_INVALID`,
//!    `USER_BOT_REQUIRED`, `USER_BOT_INVALID`). A function gramd does not implement is
//!    `METHOD_INVALID`.
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
//! # Sessions and sign-in
//!
//! A session exists before sign-in, as an MTProto auth key does (the rules are in
//! [`gramd_core::auth`]). On a session nobody signed in on, only the functions
//! [`Access::Open`] lists may be called; `auth.signIn`, `auth.signUp` and
//! `auth.importBotAuthorization` sign that same session in (by its id), so an edge finds
//! the session again for every call and never keeps a [`Session`] across calls:
//! - the JSON edge: the bearer token through [`Core::session_state`](gramd_core::Core::session_state)
//!   and [`Session::of_state`]; a Bot API token through
//!   [`Core::authenticate_bot`](gramd_core::Core::authenticate_bot) and [`Session::bot`];
//!   no token, for an open function, a new session from
//!   [`Core::open_session`](gramd_core::Core::open_session);
//! - the MTProto edge: a secret derived from the auth key (say the hex of its SHA-256; the
//!   auth key id is public and is not one) through
//!   [`Core::attach_session`](gramd_core::Core::attach_session), which opens an unauthorized
//!   session for a new key, then [`Session::of_state`] with the layer of `invokeWithLayer`;
//!   what `initConnection` says goes to
//!   [`Core::describe_session`](gramd_core::Core::describe_session). A key whose session was
//!   ended (`auth.logOut`, `account.resetAuthorization`) gets an unauthorized session again,
//!   so its calls answer `AUTH_KEY_UNREGISTERED` until it signs in anew, as on Telegram.
//!
//! # Who may call what
//!
//! [`ACCESS_TABLE`] is the one list of functions open before sign-in, for people only
//! (a bot gets `400 BOT_METHOD_INVALID`) or for bots only (a person gets
//! `400 USER_BOT_REQUIRED` or `403 USER_BOT_INVALID`, per function as Telegram documents
//! it); every other function is for any signed-in account. A new function that is not for
//! everyone gets its row there.
//!
//! # Adding a function
//!
//! Write `async fn handler(ctx: &Ctx<'_>, req: f::ns::Function) -> Result<R, RpcError>` in
//! the `functions` module of its area, with `R` the function's `RemoteCall::Return` (say
//! `enums::Updates`), and add `f::ns::Function => functions::area::handler,` to the table
//! in `Rpc::dispatch_signed_in` (a function open before sign-in takes an `OpenCtx`, which
//! has no caller, and goes in the table of `Rpc::invoke`); give it a row in
//! [`ACCESS_TABLE`] if it is not for every signed-in account. Build users, chats and messages with `ctx.view()`, and the
//! `users`/`chats` vectors of a result with `View::users_and_chats`. The JSON edge needs
//! nothing: it encodes and decodes every function from the schema.
//!
//! # Layout
//! - `rpc`: [`Rpc`], the dispatcher from function ids to handlers, and the call context
//!   `Ctx`.
//! - `session`: [`Session`] and [`Caller`], who is calling.
//! - `access`: [`Access`] and [`ACCESS_TABLE`], who may call what.
//! - `functions`: the handlers, by area (auth, users, contacts, messages, updates, chats,
//!   admin, invites, info, media, business, stickers, inline, …).
//! - `peers`: resolving `InputPeer`/`InputUser`/`InputChannel` with access-hash checks.
//! - `tl`: building TL objects from core objects as one user sees them; `rights`: rights,
//!   restrictions, memberships and invite links as TL objects, both ways; `media`: photos
//!   and documents as TL objects, and resolving the `InputPhoto`, `InputDocument` and file
//!   locations clients send.
//! - `error`: [`RpcError`] and the one table from core errors to Telegram's error names.
//! - `push`: what an edge that keeps connections pushes to a signed-in session
//!   ([`Rpc::pending_updates`], [`result_pts`]).

mod access;
mod error;
mod functions;
mod media;
mod peers;
mod push;
mod rights;
mod rpc;
mod session;
mod tl;

pub use access::{Access, TABLE as ACCESS_TABLE, UserRefusal};
pub use error::RpcError;
pub use push::{Pushed, ResultPts, result_pts};
pub use rpc::Rpc;
pub use session::{Caller, Session};
