//! One client connection: transport frames in, events and frames out.
//!
//! Plaintext messages (auth key id 0) go to the [`Handshake`]. Encrypted ones are decrypted
//! with their auth key (unknown key: transport error −404), checked (salt, msg_id, seqno),
//! unpacked (containers, `gzip_packed`) and answered: service messages here, RPC queries by
//! the caller, who gets an [`Event::Rpc`] and answers with [`Connection::respond`]. Whatever
//! is to be sent is written to an output buffer ([`Connection::take_output`]), several
//! messages of a session in one container.

use std::collections::HashMap;
use std::sync::Arc;

use grammers_tl_types::{self as tl, Cursor, Deserializable, Serializable};

use crate::crypto::{self, AuthKey, ServerKey};
use crate::envelope::{self, InitConnection, InnerMessage};
use crate::handshake::{Handshake, Step};
use crate::salt::SaltSchedule;
use crate::session::{BadMsg, Received, Session};
use crate::transport::{Codec, Framing};
use crate::{Entropy, random_u64};

/// The transport error for an unknown auth key or a failed handshake.
pub const ERROR_NOT_FOUND: i32 = -404;

/// An auth key as the caller stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// The key.
    pub key: AuthKey,
    /// For a temporary key: when it expires (unix seconds).
    pub expires_at: Option<i64>,
    /// For a temporary key bound with `auth.bindTempAuthKey`: the permanent key's id.
    pub perm_key_id: Option<i64>,
    /// The API layer the client last declared with `invokeWithLayer`.
    pub layer: Option<i32>,
}

impl StoredKey {
    /// A permanent key with no layer known yet.
    pub fn permanent(key: AuthKey) -> Self {
        Self {
            key,
            expires_at: None,
            perm_key_id: None,
            layer: None,
        }
    }
}

/// A temporary key bound to a permanent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundTempKey {
    /// The temporary key's id.
    pub temp_key_id: i64,
    /// The permanent key's id.
    pub perm_key_id: i64,
    /// When the binding (and the temporary key) expires, unix seconds.
    pub expires_at: i64,
}

/// Where auth keys and idle sessions live; the caller implements it over its storage.
pub trait KeyStore {
    /// The key with this id.
    fn get(&self, auth_key_id: i64) -> Option<StoredKey>;
    /// Stores a new key.
    fn insert(&mut self, key: StoredKey);
    /// Binds a temporary key to a permanent one (replacing the permanent key's earlier
    /// binding).
    fn bind(&mut self, binding: BoundTempKey);
    /// Remembers the layer a key's client speaks.
    fn set_layer(&mut self, auth_key_id: i64, layer: i32);
    /// Takes an idle session's state, if it is kept.
    fn take_session(&mut self, auth_key_id: i64, session_id: i64) -> Option<Session>;
    /// Keeps a session's state while no connection has it.
    fn park_session(&mut self, auth_key_id: i64, session: Session);
}

/// A [`KeyStore`] in memory.
#[derive(Debug, Default)]
pub struct MemoryKeyStore {
    /// Keys by id.
    pub keys: HashMap<i64, StoredKey>,
    /// Idle sessions by auth key id and session id.
    pub sessions: HashMap<(i64, i64), Session>,
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, auth_key_id: i64) -> Option<StoredKey> {
        self.keys.get(&auth_key_id).cloned()
    }

    fn insert(&mut self, key: StoredKey) {
        self.keys.insert(key.key.id(), key);
    }

    fn bind(&mut self, binding: BoundTempKey) {
        for key in self.keys.values_mut() {
            if key.perm_key_id == Some(binding.perm_key_id) {
                key.perm_key_id = None;
            }
        }
        if let Some(temp) = self.keys.get_mut(&binding.temp_key_id) {
            temp.perm_key_id = Some(binding.perm_key_id);
            temp.expires_at = Some(binding.expires_at);
        }
    }

    fn set_layer(&mut self, auth_key_id: i64, layer: i32) {
        if let Some(key) = self.keys.get_mut(&auth_key_id) {
            key.layer = Some(layer);
        }
    }

    fn take_session(&mut self, auth_key_id: i64, session_id: i64) -> Option<Session> {
        self.sessions.remove(&(auth_key_id, session_id))
    }

    fn park_session(&mut self, auth_key_id: i64, session: Session) {
        self.sessions.insert((auth_key_id, session.id()), session);
    }
}

/// What a call needs from outside: the time, randomness and the key store.
pub struct Env<'a> {
    /// Now, in unix milliseconds.
    pub now_ms: u64,
    /// Random bytes.
    pub rng: &'a mut dyn Entropy,
    /// Auth keys and idle sessions.
    pub keys: &'a mut dyn KeyStore,
}

impl Env<'_> {
    fn now(&self) -> i64 {
        (self.now_ms / 1000) as i64
    }
}

/// The server's long-lived settings, shared by every connection.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The RSA key clients encrypt `req_DH_params` to.
    pub key: ServerKey,
    /// Server salts.
    pub salts: SaltSchedule,
}

/// An RPC query for the caller to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcRequest {
    /// The auth key it came with.
    pub auth_key_id: i64,
    /// For a temporary key bound to a permanent one, the permanent key: the one the client's
    /// authorization belongs to.
    pub perm_auth_key_id: Option<i64>,
    /// The session it came in.
    pub session_id: i64,
    /// Its msg_id: what [`Connection::respond`] takes.
    pub msg_id: i64,
    /// The query (without invoke wrappers), starting with its constructor id.
    pub query: Vec<u8>,
    /// The layer the client speaks: from this query's `invokeWithLayer`, or remembered for
    /// the key.
    pub layer: Option<i32>,
    /// This query's `initConnection`, if it had one.
    pub init_connection: Option<InitConnection>,
    /// It was wrapped in `invokeWithoutUpdates`.
    pub without_updates: bool,
}

/// The answer to an RPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpcAnswer {
    /// The serialized result.
    Ok(Vec<u8>),
    /// An `rpc_error`.
    Error {
        /// The code (400, 401, …).
        code: i32,
        /// The message (`AUTH_KEY_UNREGISTERED`, …).
        message: String,
    },
}

/// Something the caller should know or do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An auth key was created (and handed to [`KeyStore::insert`]).
    AuthKeyCreated {
        /// Its id.
        auth_key_id: i64,
        /// Whether it is temporary.
        temporary: bool,
    },
    /// A session started on this connection (new, or resumed from the store).
    SessionStarted {
        /// The auth key.
        auth_key_id: i64,
        /// The session.
        session_id: i64,
    },
    /// An RPC to run; answer it with [`Connection::respond`].
    Rpc(Box<RpcRequest>),
    /// A temporary key was bound (and handed to [`KeyStore::bind`]).
    TempKeyBound(BoundTempKey),
}

/// A server message body and how to send it.
struct Reply {
    body: Vec<u8>,
    content_related: bool,
}

/// One client connection.
pub struct Connection {
    config: Arc<ServerConfig>,
    codec: Codec,
    handshake: Handshake,
    /// The auth key in use and its sessions.
    key: Option<StoredKey>,
    sessions: HashMap<i64, Session>,
    /// Salts given at key creation (`new_nonce ^ server_nonce`), accepted for one salt period.
    first_salts: HashMap<i64, (i64, i64)>,
    /// Server msg_ids of plaintext messages.
    plain_msg_id: Session,
    output: Vec<u8>,
    closing: bool,
    disconnect_at: Option<u64>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("codec", &self.codec)
            .field("handshake", &self.handshake)
            .field("auth_key_id", &self.key.as_ref().map(|k| k.key.id()))
            .field("sessions", &self.sessions.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Constructor ids of the service messages handled here.
mod ids {
    use grammers_tl_types::{Identifiable, functions as f, types as t};
    pub(super) const MSGS_ACK: u32 = t::MsgsAck::CONSTRUCTOR_ID;
    pub(super) const PING: u32 = f::Ping::CONSTRUCTOR_ID;
    pub(super) const PING_DELAY_DISCONNECT: u32 = f::PingDelayDisconnect::CONSTRUCTOR_ID;
    pub(super) const GET_FUTURE_SALTS: u32 = f::GetFutureSalts::CONSTRUCTOR_ID;
    pub(super) const DESTROY_SESSION: u32 = f::DestroySession::CONSTRUCTOR_ID;
    pub(super) const DESTROY_AUTH_KEY: u32 = f::DestroyAuthKey::CONSTRUCTOR_ID;
    pub(super) const RPC_DROP_ANSWER: u32 = f::RpcDropAnswer::CONSTRUCTOR_ID;
    pub(super) const MSGS_STATE_REQ: u32 = t::MsgsStateReq::CONSTRUCTOR_ID;
    pub(super) const MSG_RESEND_REQ: u32 = t::MsgResendReq::CONSTRUCTOR_ID;
    pub(super) const MSGS_STATE_INFO: u32 = t::MsgsStateInfo::CONSTRUCTOR_ID;
    pub(super) const MSGS_ALL_INFO: u32 = t::MsgsAllInfo::CONSTRUCTOR_ID;
    pub(super) const MSG_DETAILED_INFO: u32 = t::MsgDetailedInfo::CONSTRUCTOR_ID;
    pub(super) const MSG_NEW_DETAILED_INFO: u32 = t::MsgNewDetailedInfo::CONSTRUCTOR_ID;
    pub(super) const HTTP_WAIT: u32 = t::HttpWait::CONSTRUCTOR_ID;
    pub(super) const BIND_TEMP_AUTH_KEY: u32 = f::auth::BindTempAuthKey::CONSTRUCTOR_ID;
}

/// Whether a client message must be content-related (`Some(true)`), must not be
/// (`Some(false)`), or may be either (service messages clients disagree on).
fn expected_content(body: &[u8]) -> Option<bool> {
    match envelope::constructor(body)? {
        ids::MSGS_ACK | envelope::MSG_CONTAINER | envelope::MSG_COPY => Some(false),
        envelope::GZIP_PACKED
        | ids::MSGS_STATE_REQ
        | ids::MSG_RESEND_REQ
        | ids::MSGS_STATE_INFO
        | ids::MSGS_ALL_INFO
        | ids::MSG_DETAILED_INFO
        | ids::MSG_NEW_DETAILED_INFO
        | ids::HTTP_WAIT => None,
        _ => Some(true),
    }
}

/// The most messages put in one outgoing container.
const MAX_OUTGOING_CONTAINER: usize = 64;

impl Connection {
    /// A connection that has received nothing yet.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            codec: Codec::new(),
            handshake: Handshake::default(),
            key: None,
            sessions: HashMap::new(),
            first_salts: HashMap::new(),
            plain_msg_id: Session::new(0),
            output: Vec::new(),
            closing: false,
            disconnect_at: None,
        }
    }

    /// The framing, once known.
    pub fn framing(&self) -> Option<Framing> {
        self.codec.framing()
    }

    /// The auth key in use, once an encrypted message has come.
    pub fn auth_key_id(&self) -> Option<i64> {
        self.key.as_ref().map(|k| k.key.id())
    }

    /// The sessions on this connection.
    pub fn session_ids(&self) -> Vec<i64> {
        self.sessions.keys().copied().collect()
    }

    /// Bytes to write to the client; empties the buffer.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// Whether the connection is to be closed once the output is written.
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// When `ping_delay_disconnect` asked the connection to be closed (unix ms), unless
    /// another ping comes first.
    pub fn disconnect_at(&self) -> Option<u64> {
        self.disconnect_at
    }

    /// Handles received bytes.
    pub fn feed(&mut self, bytes: &[u8], env: &mut Env<'_>) -> Vec<Event> {
        let mut events = Vec::new();
        if self.closing {
            return events;
        }
        let frames = match self.codec.feed(bytes) {
            Ok(frames) => frames,
            Err(_) => {
                self.closing = true;
                return events;
            }
        };
        for frame in frames {
            self.handle_frame(&frame.payload, frame.quick_ack, env, &mut events);
            if self.closing {
                break;
            }
        }
        self.flush(env);
        events
    }

    /// Answers the RPC `req_msg_id` of `session_id`. An answer nobody waits for any more
    /// (the session is gone, or the client dropped it with `rpc_drop_answer`) is discarded.
    pub fn respond(
        &mut self,
        session_id: i64,
        req_msg_id: i64,
        answer: RpcAnswer,
        env: &mut Env<'_>,
    ) {
        let Some(session) = self.sessions.get_mut(&session_id) else {
            return;
        };
        if !session.finish(req_msg_id) {
            return;
        }
        let result = match answer {
            RpcAnswer::Ok(bytes) => bytes,
            RpcAnswer::Error { code, message } => tl::enums::RpcError::Error(tl::types::RpcError {
                error_code: code,
                error_message: message,
            })
            .to_bytes(),
        };
        session.queue(envelope::write_rpc_result(req_msg_id, &result), true, true);
        self.flush(env);
    }

    /// Sends an update (or any content-related message the client did not ask for).
    pub fn push(&mut self, session_id: i64, body: Vec<u8>, env: &mut Env<'_>) {
        if let Some(session) = self.sessions.get_mut(&session_id) {
            session.queue(body, true, false);
            self.flush(env);
        }
    }

    /// Hands the sessions back to the store; call when the connection ends.
    pub fn close(&mut self, keys: &mut dyn KeyStore) {
        if let Some(key) = &self.key {
            for (_, session) in self.sessions.drain() {
                keys.park_session(key.key.id(), session);
            }
        }
    }

    fn send_payload(&mut self, payload: &[u8], env: &mut Env<'_>) {
        let framed = self.codec.encode(payload, env.rng);
        self.output.extend_from_slice(&framed);
    }

    fn fail(&mut self, env: &mut Env<'_>) {
        let framed = self.codec.encode_error(ERROR_NOT_FOUND, env.rng);
        self.output.extend_from_slice(&framed);
    }

    fn handle_frame(
        &mut self,
        payload: &[u8],
        quick_ack: bool,
        env: &mut Env<'_>,
        events: &mut Vec<Event>,
    ) {
        if payload.len() < 8 {
            self.closing = true;
            return;
        }
        let auth_key_id = i64::from_le_bytes(payload[..8].try_into().expect("8 bytes"));
        if auth_key_id == 0 {
            self.handle_plain(payload, env, events);
        } else {
            self.handle_encrypted(auth_key_id, payload, quick_ack, env, events);
        }
    }

    fn handle_plain(&mut self, payload: &[u8], env: &mut Env<'_>, events: &mut Vec<Event>) {
        let Some(len) = payload.get(16..20) else {
            self.closing = true;
            return;
        };
        let len = i32::from_le_bytes(len.try_into().expect("4 bytes"));
        let Some(body) = usize::try_from(len)
            .ok()
            .and_then(|len| payload.get(20..20 + len))
        else {
            self.closing = true;
            return;
        };
        let now = env.now();
        let keys = &mut *env.keys;
        let step = self
            .handshake
            .handle(body, &self.config.key, now, env.rng, &mut |id| {
                keys.get(id).is_some()
            });
        let reply = match step {
            Ok(Step::Reply(reply)) => reply,
            Ok(Step::Done(reply, new)) => {
                let id = new.key.id();
                env.keys.insert(StoredKey {
                    key: new.key,
                    expires_at: new.expires_in.map(|e| now + i64::from(e)),
                    perm_key_id: None,
                    layer: None,
                });
                self.first_salts
                    .insert(id, (new.first_salt, now + crate::salt::SALT_PERIOD));
                events.push(Event::AuthKeyCreated {
                    auth_key_id: id,
                    temporary: new.expires_in.is_some(),
                });
                reply
            }
            Err(_) => {
                self.fail(env);
                return;
            }
        };
        let msg_id = self.plain_msg_id.next_msg_id(env.now_ms, true);
        let mut out = Vec::with_capacity(20 + reply.len());
        out.extend_from_slice(&0i64.to_le_bytes());
        out.extend_from_slice(&msg_id.to_le_bytes());
        out.extend_from_slice(&(reply.len() as i32).to_le_bytes());
        out.extend_from_slice(&reply);
        self.send_payload(&out, env);
    }

    fn handle_encrypted(
        &mut self,
        auth_key_id: i64,
        payload: &[u8],
        quick_ack: bool,
        env: &mut Env<'_>,
        events: &mut Vec<Event>,
    ) {
        // Padded intermediate appends up to 15 random bytes to the 24 + 16k of a message.
        let payload =
            if self.codec.framing() == Some(Framing::PaddedIntermediate) && payload.len() >= 24 {
                &payload[..24 + (payload.len() - 24) / 16 * 16]
            } else {
                payload
            };
        if self.key.as_ref().map(|k| k.key.id()) != Some(auth_key_id) {
            let Some(stored) = env.keys.get(auth_key_id) else {
                self.fail(env);
                self.closing = true;
                return;
            };
            self.close(env.keys);
            self.key = Some(stored);
        }
        let key = self.key.clone().expect("set above");
        if key.expires_at.is_some_and(|at| at <= env.now()) {
            self.fail(env);
            self.closing = true;
            return;
        }
        let Ok(decrypted) = crypto::decrypt_client_message(&key.key, payload) else {
            self.fail(env);
            self.closing = true;
            return;
        };
        if quick_ack {
            let ack = self.codec.encode_quick_ack(decrypted.quick_ack_token);
            self.output.extend_from_slice(&ack);
        }
        let p = &decrypted.plaintext;
        let field = |at: usize| i64::from_le_bytes(p[at..at + 8].try_into().expect("8 bytes"));
        let (salt, session_id, msg_id) = (field(0), field(8), field(16));
        let seqno = i32::from_le_bytes(p[24..28].try_into().expect("4 bytes"));
        let len = i32::from_le_bytes(p[28..32].try_into().expect("4 bytes"));
        let padding = (p.len() - 32) as i64 - i64::from(len);
        if len < 0 || len % 4 != 0 || !(12..=1024).contains(&padding) {
            self.closing = true;
            return;
        }
        let body = &p[32..32 + len as usize];
        let key_id = key.key.id();
        if !self.sessions.contains_key(&session_id) {
            let session = match env.keys.take_session(key_id, session_id) {
                Some(mut session) => {
                    session.resume();
                    session
                }
                None => {
                    let mut session = Session::new(session_id);
                    let created = tl::enums::NewSession::Created(tl::types::NewSessionCreated {
                        first_msg_id: msg_id,
                        unique_id: random_u64(env.rng) as i64,
                        server_salt: self.config.salts.current(key_id, env.now()),
                    });
                    session.queue(created.to_bytes(), true, false);
                    session
                }
            };
            self.sessions.insert(session_id, session);
            events.push(Event::SessionStarted {
                auth_key_id: key_id,
                session_id,
            });
        }
        self.handle_top_level(&key, session_id, salt, msg_id, seqno, body, env, events);
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_top_level(
        &mut self,
        key: &StoredKey,
        session_id: i64,
        salt: i64,
        msg_id: i64,
        seqno: i32,
        body: &[u8],
        env: &mut Env<'_>,
        events: &mut Vec<Event>,
    ) {
        let key_id = key.key.id();
        let now = env.now();
        let is_container = envelope::constructor(body) == Some(envelope::MSG_CONTAINER);
        let session = self
            .sessions
            .get_mut(&session_id)
            .expect("inserted by the caller");
        // The salt first: a message refused for its salt is not recorded (its msg_id and
        // seqno), so a client may send it again as it was.
        let first_salt_ok = self
            .first_salts
            .get(&key_id)
            .is_some_and(|&(first, until)| first == salt && now < until);
        if !first_salt_ok && !self.config.salts.accepts(key_id, salt, now) {
            let bad = tl::enums::BadMsgNotification::BadServerSalt(tl::types::BadServerSalt {
                bad_msg_id: msg_id,
                bad_msg_seqno: seqno,
                error_code: BadMsg::BadServerSalt as i32,
                new_server_salt: self.config.salts.current(key_id, now),
            });
            session.queue(bad.to_bytes(), false, true);
            return;
        }
        match check_message(session, msg_id, seqno, body, env.now_ms, is_container) {
            Err(code) => {
                queue_bad_msg(session, msg_id, seqno, code);
                return;
            }
            Ok(Received::Duplicate) => return,
            Ok(Received::New) => {}
        }
        if !is_container {
            self.handle_content(key, session_id, msg_id, body, 0, env, events);
            return;
        }
        let Ok(messages) = envelope::read_container(body) else {
            queue_bad_msg(session, msg_id, seqno, BadMsg::InvalidContainer);
            return;
        };
        for inner in messages {
            let session = self
                .sessions
                .get_mut(&session_id)
                .expect("inserted by the caller");
            if inner.msg_id >= msg_id
                || envelope::constructor(&inner.body) == Some(envelope::MSG_CONTAINER)
            {
                queue_bad_msg(session, inner.msg_id, inner.seqno, BadMsg::InvalidContainer);
                continue;
            }
            match check_message(
                session,
                inner.msg_id,
                inner.seqno,
                &inner.body,
                env.now_ms,
                false,
            ) {
                Err(code) => queue_bad_msg(session, inner.msg_id, inner.seqno, code),
                Ok(Received::Duplicate) => {}
                Ok(Received::New) => {
                    self.handle_content(key, session_id, inner.msg_id, &inner.body, 0, env, events)
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_content(
        &mut self,
        key: &StoredKey,
        session_id: i64,
        msg_id: i64,
        body: &[u8],
        depth: u8,
        env: &mut Env<'_>,
        events: &mut Vec<Event>,
    ) {
        let key_id = key.key.id();
        let now = env.now();
        let Some(id) = envelope::constructor(body) else {
            return;
        };
        let mut cursor = Cursor::from_slice(&body[4..]);
        let reply = match id {
            ids::MSGS_ACK => {
                if let Ok(ack) = tl::types::MsgsAck::deserialize(&mut cursor) {
                    self.session(session_id).acknowledged(&ack.msg_ids);
                }
                None
            }
            envelope::GZIP_PACKED if depth == 0 => {
                match envelope::read_gzip_packed(body) {
                    Ok(inner) => {
                        self.handle_content(key, session_id, msg_id, &inner, 1, env, events)
                    }
                    Err(_) => {
                        self.queue_rpc_error(session_id, msg_id, 400, "INPUT_REQUEST_INVALID")
                    }
                }
                None
            }
            ids::PING => tl::functions::Ping::deserialize(&mut cursor)
                .ok()
                .map(|ping| Reply {
                    body: pong(msg_id, ping.ping_id),
                    content_related: false,
                }),
            ids::PING_DELAY_DISCONNECT => {
                tl::functions::PingDelayDisconnect::deserialize(&mut cursor)
                    .ok()
                    .map(|ping| {
                        let delay = u64::try_from(ping.disconnect_delay).unwrap_or(0);
                        self.disconnect_at = Some(env.now_ms + delay * 1000);
                        Reply {
                            body: pong(msg_id, ping.ping_id),
                            content_related: false,
                        }
                    })
            }
            ids::GET_FUTURE_SALTS => tl::functions::GetFutureSalts::deserialize(&mut cursor)
                .ok()
                .map(|call| {
                    let salts = tl::enums::FutureSalts::Salts(tl::types::FutureSalts {
                        req_msg_id: msg_id,
                        now: now as i32,
                        salts: tl::RawVec(self.config.salts.future(key_id, now, call.num)),
                    });
                    Reply {
                        body: salts.to_bytes(),
                        content_related: false,
                    }
                }),
            ids::DESTROY_SESSION => tl::functions::DestroySession::deserialize(&mut cursor)
                .ok()
                .map(|call| {
                    let existed = call.session_id != session_id
                        && (self.sessions.remove(&call.session_id).is_some()
                            || env.keys.take_session(key_id, call.session_id).is_some());
                    let res = if existed {
                        tl::enums::DestroySessionRes::DestroySessionOk(
                            tl::types::DestroySessionOk {
                                session_id: call.session_id,
                            },
                        )
                    } else {
                        tl::enums::DestroySessionRes::DestroySessionNone(
                            tl::types::DestroySessionNone {
                                session_id: call.session_id,
                            },
                        )
                    };
                    Reply {
                        body: res.to_bytes(),
                        content_related: false,
                    }
                }),
            ids::DESTROY_AUTH_KEY => Some(Reply {
                body: tl::enums::DestroyAuthKeyRes::DestroyAuthKeyFail.to_bytes(),
                content_related: false,
            }),
            ids::RPC_DROP_ANSWER => tl::functions::RpcDropAnswer::deserialize(&mut cursor)
                .ok()
                .map(|call| {
                    let answer = if self.session(session_id).drop_answer(call.req_msg_id) {
                        tl::enums::RpcDropAnswer::RpcAnswerDroppedRunning
                    } else {
                        tl::enums::RpcDropAnswer::RpcAnswerUnknown
                    };
                    Reply {
                        body: envelope::write_rpc_result(msg_id, &answer.to_bytes()),
                        content_related: true,
                    }
                }),
            ids::MSGS_STATE_REQ => {
                tl::types::MsgsStateReq::deserialize(&mut cursor)
                    .ok()
                    .map(|req| {
                        let session = self.session(session_id);
                        let info: Vec<u8> = req
                            .msg_ids
                            .iter()
                            .map(|&id| session.message_state(id, env.now_ms))
                            .collect();
                        Reply {
                            body: state_info(msg_id, info),
                            content_related: false,
                        }
                    })
            }
            ids::MSG_RESEND_REQ => tl::types::MsgResendReq::deserialize(&mut cursor)
                .ok()
                .and_then(|req| {
                    let unknown = self.session(session_id).requeue(&req.msg_ids);
                    (!unknown.is_empty()).then(|| Reply {
                        body: state_info(msg_id, vec![1; unknown.len()]),
                        content_related: false,
                    })
                }),
            ids::MSGS_STATE_INFO
            | ids::MSGS_ALL_INFO
            | ids::MSG_DETAILED_INFO
            | ids::MSG_NEW_DETAILED_INFO
            | ids::HTTP_WAIT
            | envelope::MSG_COPY => None,
            _ => {
                self.handle_query(key, session_id, msg_id, body, env, events);
                None
            }
        };
        if let Some(reply) = reply {
            self.session(session_id)
                .queue(reply.body, reply.content_related, true);
        }
    }

    fn handle_query(
        &mut self,
        key: &StoredKey,
        session_id: i64,
        msg_id: i64,
        body: &[u8],
        env: &mut Env<'_>,
        events: &mut Vec<Event>,
    ) {
        let key_id = key.key.id();
        let Ok(unwrapped) = envelope::unwrap_query(body) else {
            self.queue_rpc_error(session_id, msg_id, 400, "INPUT_REQUEST_INVALID");
            return;
        };
        if let Some(layer) = unwrapped.layer
            && self.key.as_ref().and_then(|k| k.layer) != Some(layer)
        {
            env.keys.set_layer(key_id, layer);
            if let Some(current) = &mut self.key {
                current.layer = Some(layer);
            }
        }
        if envelope::constructor(&unwrapped.query) == Some(ids::BIND_TEMP_AUTH_KEY) {
            let result = self.bind_temp_key(key, session_id, msg_id, &unwrapped.query, env);
            match result {
                Ok(binding) => {
                    events.push(Event::TempKeyBound(binding));
                    let ok = envelope::write_rpc_result(msg_id, &true.to_bytes());
                    self.session(session_id).queue(ok, true, true);
                }
                Err(message) => self.queue_rpc_error(session_id, msg_id, 400, message),
            }
            return;
        }
        let session = self.session(session_id);
        session.ack_later(msg_id);
        session.started(msg_id);
        let current = self.key.as_ref().expect("an encrypted message has a key");
        events.push(Event::Rpc(Box::new(RpcRequest {
            auth_key_id: key_id,
            perm_auth_key_id: current.perm_key_id,
            session_id,
            msg_id,
            query: unwrapped.query,
            layer: current.layer,
            init_connection: unwrapped.init_connection,
            without_updates: unwrapped.without_updates,
        })));
    }

    /// Checks `auth.bindTempAuthKey` (<https://core.telegram.org/method/auth.bindTempAuthKey>):
    /// its `encrypted_message` is `bind_auth_key_inner` in an MTProto 1.0 message encrypted
    /// with the permanent key, with this query's msg_id.
    fn bind_temp_key(
        &mut self,
        key: &StoredKey,
        session_id: i64,
        msg_id: i64,
        query: &[u8],
        env: &mut Env<'_>,
    ) -> Result<BoundTempKey, &'static str> {
        const INVALID: &str = "ENCRYPTED_MESSAGE_INVALID";
        let call =
            tl::functions::auth::BindTempAuthKey::deserialize(&mut Cursor::from_slice(&query[4..]))
                .map_err(|_| "INPUT_REQUEST_INVALID")?;
        if key.expires_at.is_none() {
            return Err("TEMP_AUTH_KEY_EMPTY");
        }
        let perm = env.keys.get(call.perm_auth_key_id).ok_or(INVALID)?;
        if perm.expires_at.is_some() {
            return Err(INVALID);
        }
        let message = &call.encrypted_message;
        if message.len() < 8 || message[..8] != call.perm_auth_key_id.to_le_bytes() {
            return Err(INVALID);
        }
        let (msg_key, data) = crypto::decrypt_v1(&perm.key, message).ok_or(INVALID)?;
        let field = |at: usize| i64::from_le_bytes(data[at..at + 8].try_into().expect("8 bytes"));
        let len = i32::from_le_bytes(data[28..32].try_into().expect("4 bytes"));
        let Some(end) = usize::try_from(len)
            .ok()
            .map(|len| 32 + len)
            .filter(|&end| end <= data.len())
        else {
            return Err(INVALID);
        };
        if crypto::v1_msg_key(&data[..end]) != msg_key || field(16) != msg_id {
            return Err(INVALID);
        }
        let tl::enums::BindAuthKeyInner::Inner(inner) =
            tl::enums::BindAuthKeyInner::from_bytes(&data[32..end]).map_err(|_| INVALID)?;
        if inner.nonce != call.nonce
            || inner.temp_auth_key_id != key.key.id()
            || inner.perm_auth_key_id != call.perm_auth_key_id
            || inner.temp_session_id != session_id
            || inner.expires_at != call.expires_at
        {
            return Err(INVALID);
        }
        let binding = BoundTempKey {
            temp_key_id: key.key.id(),
            perm_key_id: call.perm_auth_key_id,
            expires_at: i64::from(call.expires_at),
        };
        env.keys.bind(binding);
        if let Some(current) = &mut self.key {
            current.perm_key_id = Some(binding.perm_key_id);
            current.expires_at = Some(binding.expires_at);
        }
        Ok(binding)
    }

    fn session(&mut self, session_id: i64) -> &mut Session {
        self.sessions
            .get_mut(&session_id)
            .expect("the session of a message being handled")
    }

    fn queue_rpc_error(&mut self, session_id: i64, msg_id: i64, code: i32, message: &str) {
        let error = tl::enums::RpcError::Error(tl::types::RpcError {
            error_code: code,
            error_message: message.to_owned(),
        });
        let body = envelope::write_rpc_result(msg_id, &error.to_bytes());
        self.session(session_id).queue(body, true, true);
    }

    /// Sends every session's queued messages.
    fn flush(&mut self, env: &mut Env<'_>) {
        let Some(key) = self.key.clone() else {
            return;
        };
        let key_id = key.key.id();
        let salt = self.config.salts.current(key_id, env.now());
        let mut payloads = Vec::new();
        for (&session_id, session) in &mut self.sessions {
            let acks = session.take_pending_acks();
            if !acks.is_empty() {
                let ack = tl::enums::MsgsAck::Ack(tl::types::MsgsAck { msg_ids: acks });
                session.queue(ack.to_bytes(), false, false);
            }
            let messages = session.drain_queue(env.now_ms);
            for chunk in messages.chunks(MAX_OUTGOING_CONTAINER) {
                let message = match chunk {
                    [single] => single.clone(),
                    _ => InnerMessage {
                        msg_id: session.next_msg_id(env.now_ms, false),
                        seqno: session.next_seqno(false),
                        body: envelope::write_container(chunk),
                    },
                };
                let mut plaintext = Vec::with_capacity(32 + message.body.len());
                plaintext.extend_from_slice(&salt.to_le_bytes());
                plaintext.extend_from_slice(&session_id.to_le_bytes());
                plaintext.extend_from_slice(&message.msg_id.to_le_bytes());
                plaintext.extend_from_slice(&message.seqno.to_le_bytes());
                plaintext.extend_from_slice(&(message.body.len() as i32).to_le_bytes());
                plaintext.extend_from_slice(&message.body);
                payloads.push(crypto::encrypt_server_message(
                    &key.key, &plaintext, env.rng,
                ));
            }
        }
        for payload in payloads {
            self.send_payload(&payload, env);
        }
    }
}

/// Checks a client message's msg_id and seqno.
fn check_message(
    session: &mut Session,
    msg_id: i64,
    seqno: i32,
    body: &[u8],
    now_ms: u64,
    container: bool,
) -> Result<Received, BadMsg> {
    let received = session.check_msg_id(msg_id, now_ms, container)?;
    if received == Received::New {
        if container {
            // A container's seqno is at least its contents': only its parity is checked.
            if seqno % 2 != 0 {
                return Err(BadMsg::EvenSeqnoExpected);
            }
        } else if let Some(content_related) = expected_content(body) {
            session.check_seqno(seqno, content_related)?;
        }
    }
    Ok(received)
}

fn queue_bad_msg(session: &mut Session, msg_id: i64, seqno: i32, code: BadMsg) {
    let bad = tl::enums::BadMsgNotification::Notification(tl::types::BadMsgNotification {
        bad_msg_id: msg_id,
        bad_msg_seqno: seqno,
        error_code: code as i32,
    });
    session.queue(bad.to_bytes(), false, true);
}

fn pong(msg_id: i64, ping_id: i64) -> Vec<u8> {
    tl::enums::Pong::Pong(tl::types::Pong { msg_id, ping_id }).to_bytes()
}

fn state_info(req_msg_id: i64, info: Vec<u8>) -> Vec<u8> {
    tl::enums::MsgsStateInfo::Info(tl::types::MsgsStateInfo { req_msg_id, info }).to_bytes()
}

#[cfg(test)]
mod tests;
