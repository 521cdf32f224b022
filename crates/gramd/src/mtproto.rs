//! The MTProto edge: gramd's RSA key, the TCP listener, and MTProto over WebSocket at
//! `/apiws` on the HTTP listener; one [`gramd_mtproto::Connection`] per client connection,
//! owned by that connection's task.
//!
//! All protocol logic is in `gramd-mtproto`; this module moves bytes between sockets and
//! connections, supplies the clock and the operating system's randomness, keeps auth keys
//! (all in memory, loaded from the store at start and written back to it as they are
//! created or change) and idle sessions (in memory), and answers RPCs: `help.getConfig` and `help.getNearestDc` need no
//! user; anything else goes to [`gramd_clientapi::Rpc::invoke`] with the auth key's client
//! session ([`session_for_key`]), which answers `401 AUTH_KEY_UNREGISTERED` to what needs
//! a signed-in account until the client signs in.
//!
//! Each auth key remembers the layer its client declared with `invokeWithLayer`. Clients of
//! layer 199 and newer get layer 230 as it is (Telethon's 229 and grammers' 230 differ in
//! nothing gramd sends); clients of layer 198 and older (GramJS) are served through
//! [`gramd_tl::Bridge`]: their calls are converted up to layer 230 before the client API
//! reads them, and the answers down to layer 198 (errors stay as they are).

use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::routing::get;
use gramd_clientapi::{ResultPts, Rpc, Session};
use gramd_core::Core;
use gramd_core::ids::{BoxId, UserId};
use gramd_core::store::AuthKeyRecord;
use gramd_mtproto::connection::ServerConfig;
use gramd_mtproto::connection::{BoundTempKey, StoredKey};
use gramd_mtproto::session::Session as MtprotoSession;
use gramd_mtproto::{
    AuthKey, Connection, Env, Event, KeyStore, MemoryKeyStore, RpcAnswer, RpcRequest, SaltSchedule,
    ServerKey,
};
use grammers_tl_types::{self as tl, Identifiable, Serializable};
use rsa::PrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey, LineEnding};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::futures::OwnedNotified;
use tokio::sync::{Notify, mpsc};

use crate::server::StartError;

/// The server's RSA private key inside the data directory (PKCS#1 PEM).
pub const KEY_FILE: &str = "mtproto_key.pem";

/// The DC id gramd is: it is the only one.
pub const DC_ID: i32 = 1;

/// Reads the server key from the data directory, creating it (2048 bits) on first start.
///
/// # Errors
/// The file cannot be read or written, or does not hold a PKCS#1 RSA key.
pub fn load_or_create_key(data_dir: &Path) -> Result<PrivateKey, StartError> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(pem) => PrivateKey::from_pkcs1_pem(&pem)
            .map_err(|e| StartError(format!("{} is not a PKCS#1 RSA key: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key(data_dir, &path),
        Err(e) => Err(StartError(format!("cannot read {}: {e}", path.display()))),
    }
}

fn create_key(data_dir: &Path, path: &Path) -> Result<PrivateKey, StartError> {
    std::fs::create_dir_all(data_dir).map_err(|e| {
        StartError(format!(
            "cannot create the data directory {}: {e}",
            data_dir.display()
        ))
    })?;
    let key = PrivateKey::new(&mut getrandom::SysRng, 2048)
        .map_err(|e| StartError(format!("cannot generate the MTProto key: {e}")))?;
    let pem = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|e| StartError(format!("cannot encode the MTProto key: {e}")))?;
    write_private(path, pem.as_bytes())
        .map_err(|e| StartError(format!("cannot write {}: {e}", path.display())))?;
    tracing::info!(path = %path.display(), "generated the MTProto server key");
    Ok(key)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(path)?, bytes)
}

/// The protocol's view of the key: modulus, exponents, fingerprint.
pub fn server_key(key: &PrivateKey) -> ServerKey {
    ServerKey::from_components(&key.n_bytes(), &key.e_bytes(), &key.d().to_be_bytes())
        .expect("a 2048-bit key")
}

/// What `gramd mtproto key` prints: the public key as a PKCS#1 PEM, then its fingerprint as
/// a signed decimal on the last line.
pub fn public_key_text(key: &PrivateKey) -> String {
    let pem = key
        .to_public_key()
        .to_pkcs1_pem(LineEnding::LF)
        .expect("a public key encodes");
    format!("{}{}\n", pem, server_key(key).fingerprint())
}

/// The most idle sessions kept for resending.
const MAX_IDLE_SESSIONS: usize = 10_000;

/// Auth keys and idle sessions in memory; every change to a key is also sent to the store.
struct EdgeKeys {
    memory: MemoryKeyStore,
    persist: mpsc::UnboundedSender<AuthKeyRecord>,
}

impl EdgeKeys {
    fn save(&self, auth_key_id: i64) {
        if let Some(stored) = self.memory.keys.get(&auth_key_id) {
            let _ = self.persist.send(record(stored));
        }
    }
}

fn record(stored: &StoredKey) -> AuthKeyRecord {
    AuthKeyRecord {
        id: stored.key.id(),
        key: stored.key.bytes().to_vec(),
        expires_at: stored.expires_at,
        perm_key_id: stored.perm_key_id,
        layer: stored.layer,
    }
}

impl KeyStore for EdgeKeys {
    fn get(&self, auth_key_id: i64) -> Option<StoredKey> {
        self.memory.get(auth_key_id)
    }

    fn insert(&mut self, key: StoredKey) {
        let id = key.key.id();
        self.memory.insert(key);
        self.save(id);
    }

    fn bind(&mut self, binding: BoundTempKey) {
        let unbound: Vec<i64> = self
            .memory
            .keys
            .values()
            .filter(|k| k.perm_key_id == Some(binding.perm_key_id))
            .map(|k| k.key.id())
            .collect();
        self.memory.bind(binding);
        for id in unbound.into_iter().chain([binding.temp_key_id]) {
            self.save(id);
        }
    }

    fn set_layer(&mut self, auth_key_id: i64, layer: i32) {
        self.memory.set_layer(auth_key_id, layer);
        self.save(auth_key_id);
    }

    fn take_session(&mut self, auth_key_id: i64, session_id: i64) -> Option<MtprotoSession> {
        self.memory.take_session(auth_key_id, session_id)
    }

    /// Keeps only sessions with something to resend (a client that comes back to any other
    /// session gets `new_session_created`, as after a restart), and at most
    /// [`MAX_IDLE_SESSIONS`] of them.
    fn park_session(&mut self, auth_key_id: i64, session: MtprotoSession) {
        if session.unacked_count() == 0 {
            return;
        }
        if self.memory.sessions.len() >= MAX_IDLE_SESSIONS
            && let Some(&evicted) = self.memory.sessions.keys().next()
        {
            self.memory.sessions.remove(&evicted);
        }
        self.memory.park_session(auth_key_id, session);
    }
}

/// Everything the connections share.
pub struct Edge {
    config: Arc<ServerConfig>,
    keys: Mutex<EdgeKeys>,
    rpc: Rpc,
    /// Conversion for clients of layer [`BRIDGED_LAYER`] and older.
    layer_198: gramd_tl::Bridge,
    core: Core,
    advertised: SocketAddr,
}

/// The newest layer served through [`Edge::layer_198`]; newer ones are served natively.
const BRIDGED_LAYER: i32 = 198;

impl Edge {
    /// The edge over `core`, with the server key, advertising `advertised` in
    /// `help.getConfig`. Loads the stored auth keys (expired temporary ones are left out)
    /// and starts the task that stores new and changed ones.
    ///
    /// # Errors
    /// The store cannot be read.
    pub async fn new(
        core: Core,
        key: &PrivateKey,
        advertised: SocketAddr,
    ) -> Result<Arc<Self>, StartError> {
        // Salts are derived from a secret tied to the server key, so they survive restarts.
        let secret = <sha2::Sha256 as sha2::Digest>::digest(
            [b"gramd mtproto salts".as_slice(), &key.d().to_be_bytes()].concat(),
        );
        let now = (now_ms() / 1000) as i64;
        let mut memory = MemoryKeyStore::default();
        let stored = core
            .auth_keys()
            .await
            .map_err(|e| StartError(format!("cannot read the MTProto auth keys: {e}")))?;
        for record in stored {
            let Ok(bytes) = <[u8; 256]>::try_from(record.key.as_slice()) else {
                continue;
            };
            if record.expires_at.is_some_and(|at| at <= now) {
                continue;
            }
            memory.insert(StoredKey {
                key: AuthKey::new(bytes),
                expires_at: record.expires_at,
                perm_key_id: record.perm_key_id,
                layer: record.layer,
            });
        }
        let (persist, mut changes) = mpsc::unbounded_channel::<AuthKeyRecord>();
        let writer = core.clone();
        tokio::spawn(async move {
            while let Some(change) = changes.recv().await {
                if let Err(err) = writer.save_auth_key(change).await {
                    tracing::error!(%err, "cannot store an MTProto auth key");
                }
            }
        });
        let schema = Arc::new(gramd_tl::Schema::layer_230());
        Ok(Arc::new(Self {
            config: Arc::new(ServerConfig {
                key: server_key(key),
                salts: SaltSchedule::new(secret.into()),
            }),
            keys: Mutex::new(EdgeKeys { memory, persist }),
            rpc: Rpc::new(core.clone(), schema),
            layer_198: gramd_tl::Bridge::layer_198_to_230(),
            core,
            advertised,
        }))
    }

    /// `Updates` of layer 230 (a push) in the layer of a client that declared `layer`: as
    /// they are for layer 199 and newer (or unknown), converted to layer 198 for older
    /// clients; `None` if they do not convert (the caller then pushes `updatesTooLong`, on
    /// which the client fetches the difference).
    pub fn updates_for_layer(&self, layer: Option<i32>, updates: Vec<u8>) -> Option<Vec<u8>> {
        if layer.is_none_or(|layer| layer > BRIDGED_LAYER) {
            return Some(updates);
        }
        self.layer_198
            .value_to_client("Updates", &updates)
            .inspect_err(|err| tracing::warn!(%err, "updates do not convert to layer 198"))
            .ok()
    }
}

/// The core session of an auth key: each permanent key is one client session, waiting for
/// sign-in until `auth.signIn` (or `auth.importBotAuthorization`) signs it in, and looked
/// up again on every call, since a call may sign it in or out. The session's secret is
/// derived from the key's bytes (the key id travels in the clear; the key never does).
/// When the call carries `initConnection`, the session is described with what it says.
async fn session_for_key(
    edge: &Edge,
    auth_key_id: i64,
    layer: i32,
    init: Option<&gramd_mtproto::envelope::InitConnection>,
) -> Result<Session, gramd_core::CoreError> {
    let secret = {
        let keys = edge
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(stored) = keys.memory.get(auth_key_id) else {
            return Err(gramd_core::CoreError::SessionInvalid);
        };
        key_secret(stored.key.bytes())
    };
    let client = init.map(client_info).unwrap_or_default();
    let state = edge.core.attach_session(&secret, client.clone()).await?;
    if init.is_some() {
        edge.core.describe_session(state.id, client).await?;
    }
    Ok(Session::of_state(state, layer))
}

/// The session secret of an auth key: the hex of SHA-256 over a label and the key.
fn key_secret(key: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"gramd mtproto session\0")
        .chain_update(key)
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What `initConnection` says of the client, as the core records it.
fn client_info(init: &gramd_mtproto::envelope::InitConnection) -> gramd_core::auth::ClientInfo {
    gramd_core::auth::ClientInfo {
        api_id: init.api_id,
        device_model: init.device_model.clone(),
        platform: String::new(),
        system_version: init.system_version.clone(),
        app_name: String::new(),
        app_version: init.app_version.clone(),
    }
}

/// Accepts MTProto connections on `listener` until `shutdown` resolves.
pub async fn serve(listener: TcpListener, edge: Arc<Edge>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(handle(stream, peer, edge.clone()));
                }
                Err(err) => {
                    tracing::warn!(%err, "mtproto accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn os_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the operating system's randomness");
}

/// Runs `f` with an [`Env`] over the shared key store.
fn with_env<T>(edge: &Edge, f: impl FnOnce(&mut Env<'_>) -> T) -> T {
    let mut keys = edge
        .keys
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut rng = os_random;
    let mut env = Env {
        now_ms: now_ms(),
        rng: &mut rng,
        keys: &mut *keys,
    };
    f(&mut env)
}

/// A client's byte stream: TCP, or WebSocket binary messages.
trait Link {
    /// The next bytes; `None` once the client is gone.
    async fn recv(&mut self) -> Option<Vec<u8>>;
    /// Sends bytes; `false` once the client is gone.
    async fn send(&mut self, bytes: Vec<u8>) -> bool;
}

struct TcpLink {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Link for TcpLink {
    async fn recv(&mut self) -> Option<Vec<u8>> {
        match self.stream.read(&mut self.buf).await {
            Ok(0) | Err(_) => None,
            Ok(n) => Some(self.buf[..n].to_vec()),
        }
    }

    async fn send(&mut self, bytes: Vec<u8>) -> bool {
        self.stream.write_all(&bytes).await.is_ok()
    }
}

struct WsLink(WebSocket);

impl Link for WsLink {
    async fn recv(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.0.recv().await? {
                Ok(Message::Binary(bytes)) => return Some(bytes.to_vec()),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    async fn send(&mut self, bytes: Vec<u8>) -> bool {
        self.0.send(Message::Binary(bytes.into())).await.is_ok()
    }
}

async fn handle(stream: TcpStream, peer: SocketAddr, edge: Arc<Edge>) {
    let link = TcpLink {
        stream,
        buf: vec![0; 64 * 1024],
    };
    drive(link, &peer.to_string(), &edge).await;
}

/// MTProto over WebSocket at `/apiws`, on the HTTP listener (what browser clients use: the
/// `binary` subprotocol, obfuscated2 inside as on TCP).
pub fn ws_router(edge: Arc<Edge>) -> Router {
    Router::new().route("/apiws", get(apiws)).with_state(edge)
}

async fn apiws(ws: WebSocketUpgrade, State(edge): State<Arc<Edge>>) -> axum::response::Response {
    ws.protocols(["binary"])
        .on_upgrade(move |socket| async move { drive(WsLink(socket), "websocket", &edge).await })
}

/// One connection: read, feed, answer RPCs in order, write, until the client leaves, the
/// protocol says close, or a `ping_delay_disconnect` deadline passes. Once a signed-in
/// person's call asks for updates, the connection also pushes their box's changes
/// ([`Watch`]).
async fn drive(mut link: impl Link, peer: &str, edge: &Edge) {
    let mut conn = Connection::new(edge.config.clone());
    let mut watch: Option<Watch> = None;
    'connection: loop {
        let deadline = conn.disconnect_at().map(|at| {
            let wait = at.saturating_sub(now_ms());
            tokio::time::Instant::now() + std::time::Duration::from_millis(wait)
        });
        let changed = async {
            match watch.as_mut() {
                Some(watch) => watch.changed.as_mut().await,
                None => std::future::pending().await,
            }
        };
        let received = tokio::select! {
            received = link.recv() => Some(received),
            () = changed => None,
            () = sleep_until(deadline) => break,
        };
        let Some(received) = received else {
            // The box changed: push what the client has not been sent.
            if let Some(mut current) = watch.take() {
                current.arm();
                match push_pending(edge, &mut conn, &mut current, None).await {
                    Pushing::Continue => watch = Some(current),
                    Pushing::Stop => {}
                }
                if !flush(&mut link, &mut conn).await {
                    break;
                }
            }
            continue;
        };
        let Some(bytes) = received else {
            break;
        };
        let events = with_env(edge, |env| conn.feed(&bytes, env));
        if !flush(&mut link, &mut conn).await {
            break;
        }
        for event in events {
            match event {
                Event::Rpc(request) => {
                    let (answer, user, pts) = answer(edge, &request).await;
                    let started = match user {
                        Some(user) if !request.without_updates => {
                            watch_calls(edge, &mut watch, &request, user, pts).await
                        }
                        _ => false,
                    };
                    // Events the result follows on from go first, so the client sees no gap.
                    if let (Some(current), Some(ResultPts::Events { from, .. })) = (&mut watch, pts)
                        && from > current.pts
                        && let Pushing::Stop =
                            push_pending(edge, &mut conn, current, Some(from)).await
                    {
                        watch = None;
                    }
                    with_env(edge, |env| {
                        conn.respond(request.session_id, request.msg_id, answer, env)
                    });
                    if let Some(current) = &mut watch {
                        current.delivered(pts);
                        if started
                            && let Pushing::Stop =
                                push_pending(edge, &mut conn, current, None).await
                        {
                            watch = None;
                        }
                    }
                    if !flush(&mut link, &mut conn).await {
                        break 'connection;
                    }
                }
                Event::AuthKeyCreated {
                    auth_key_id,
                    temporary,
                } => {
                    tracing::debug!(peer, auth_key_id, temporary, "mtproto auth key created");
                }
                Event::SessionStarted { .. } | Event::TempKeyBound(_) => {}
            }
        }
        if conn.is_closing() {
            break;
        }
    }
    flush(&mut link, &mut conn).await;
    let mut keys = edge
        .keys
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    conn.close(&mut *keys);
}

/// The signed-in person whose box a connection pushes, and how far it has pushed.
///
/// Like Telegram, gramd pushes to a session once a call of it asked for updates (any call
/// not wrapped in `invokeWithoutUpdates`), to the latest such session of the connection.
/// The client keeps its own pts and fetches `updates.getDifference` on a gap; the watch
/// keeps the pts the client has been sent everything up to (from the box's current pts
/// when the watch starts, or the state a `getState`/`getDifference` result gave the client)
/// and moves it past what the client gets in results, so a push neither repeats a pts nor
/// skips one.
struct Watch {
    /// The MTProto session pushes go to.
    session_id: i64,
    /// The auth key the session's person is found with, and the layer the client speaks.
    auth_key_id: i64,
    layer: i32,
    user: UserId,
    /// The pts of the account's box the client has been sent everything up to.
    pts: i32,
    /// For a bot, the qts (of its business updates) the client has been sent everything
    /// up to.
    qts: Option<i32>,
    notify: Arc<Notify>,
    /// Armed before each read of the box: a change committed while the connection is busy
    /// is not missed.
    changed: Pin<Box<OwnedNotified>>,
}

impl Watch {
    fn new(
        request: &RpcRequest,
        user: UserId,
        pts: i32,
        qts: Option<i32>,
        notify: Arc<Notify>,
    ) -> Self {
        let mut watch = Self {
            session_id: request.session_id,
            auth_key_id: request.perm_auth_key_id.unwrap_or(request.auth_key_id),
            layer: request.layer.unwrap_or(tl::LAYER),
            user,
            pts,
            qts,
            changed: Box::pin(notify.clone().notified_owned()),
            notify,
        };
        watch.arm();
        watch
    }

    /// Starts listening for the next change.
    fn arm(&mut self) {
        self.changed = Box::pin(self.notify.clone().notified_owned());
        self.changed.as_mut().enable();
    }

    /// Notes what a result sent the client.
    fn delivered(&mut self, pts: Option<ResultPts>) {
        match pts {
            Some(ResultPts::Events { to, .. }) | Some(ResultPts::State(to)) => {
                self.pts = self.pts.max(to);
            }
            None => {}
        }
    }
}

/// Whether a connection goes on pushing.
enum Pushing {
    Continue,
    Stop,
}

/// Watches `user`'s box for the connection after a call of theirs that asked for updates,
/// pushing to the call's session from now on; `true` if the watch is new (it starts at the
/// pts the result gave the client, else at the box's current pts).
async fn watch_calls(
    edge: &Edge,
    watch: &mut Option<Watch>,
    request: &RpcRequest,
    user: UserId,
    pts: Option<ResultPts>,
) -> bool {
    if let Some(current) = watch
        && current.user == user
    {
        current.session_id = request.session_id;
        return false;
    }
    let notify = edge.core.hub().box_notify(BoxId::User(user));
    let start = match pts {
        Some(ResultPts::Events { to, .. } | ResultPts::State(to)) => to,
        None => match edge.core.current_pts(BoxId::User(user)).await {
            Ok(pts) => pts,
            Err(err) => {
                tracing::warn!(%err, "cannot read a box's pts to push updates");
                *watch = None;
                return false;
            }
        },
    };
    // A bot's business updates are pushed from the qts it has now.
    let qts = match edge.core.user(user).await {
        Ok(account) if account.is_bot() => match edge.core.bot_qts(user).await {
            Ok(qts) => Some(i32::try_from(qts).unwrap_or(i32::MAX)),
            Err(err) => {
                tracing::warn!(%err, "cannot read a bot's qts to push updates");
                None
            }
        },
        _ => None,
    };
    *watch = Some(Watch::new(request, user, start, qts, notify));
    true
}

/// Pushes to the watched session what its client has not been sent (the events up to
/// `up_to` if given). [`Pushing::Stop`] once nobody, or someone else, is signed in on it.
async fn push_pending(
    edge: &Edge,
    conn: &mut Connection,
    watch: &mut Watch,
    up_to: Option<i32>,
) -> Pushing {
    let session = match session_for_key(edge, watch.auth_key_id, watch.layer, None).await {
        Ok(session) => session,
        Err(err) => {
            tracing::warn!(%err, "no session to push updates to");
            return Pushing::Stop;
        }
    };
    match &session.caller {
        Some(caller) if caller.id() == watch.user => {}
        _ => return Pushing::Stop,
    }
    match edge
        .rpc
        .pending_updates(&session, watch.pts, up_to, watch.qts)
        .await
    {
        Ok(Some(pushed)) => {
            if let Some(body) = pushed.updates {
                // In the client's layer; what does not convert makes it fetch the difference.
                let body = edge
                    .updates_for_layer(Some(watch.layer), body)
                    .unwrap_or_else(|| tl::enums::Updates::TooLong.to_bytes());
                tracing::debug!(
                    user = watch.user.0,
                    from = watch.pts,
                    to = pushed.pts,
                    "mtproto push"
                );
                with_env(edge, |env| conn.push(watch.session_id, body, env));
            }
            watch.pts = watch.pts.max(pushed.pts);
            watch.qts = pushed.qts.max(watch.qts);
            Pushing::Continue
        }
        Ok(None) => Pushing::Stop,
        Err(err) => {
            tracing::warn!(code = err.code, name = %err.name, "cannot read updates to push");
            Pushing::Continue
        }
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Sends what the connection has to send; `false` once the client is gone.
async fn flush(link: &mut impl Link, conn: &mut Connection) -> bool {
    let out = conn.take_output();
    out.is_empty() || link.send(out).await
}

/// Answers one RPC; with the person signed in on the session, if one is.
/// Answers an RPC: the answer, the person signed in on the session (for pushes), and the
/// pts of their box the result brings the client to (read from the layer-230 result).
async fn answer(
    edge: &Edge,
    request: &RpcRequest,
) -> (RpcAnswer, Option<UserId>, Option<ResultPts>) {
    use tl::functions::help;
    let id = request
        .query
        .get(..4)
        .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")));
    match id {
        Some(help::GetConfig::CONSTRUCTOR_ID) => (
            RpcAnswer::Ok(config(edge.advertised).to_bytes()),
            None,
            None,
        ),
        Some(help::GetNearestDc::CONSTRUCTOR_ID) => (
            RpcAnswer::Ok(
                tl::enums::NearestDc::Dc(tl::types::NearestDc {
                    country: String::new(),
                    this_dc: DC_ID,
                    nearest_dc: DC_ID,
                })
                .to_bytes(),
            ),
            None,
            None,
        ),
        _ => {
            let key_id = request.perm_auth_key_id.unwrap_or(request.auth_key_id);
            let layer = request.layer.unwrap_or(tl::LAYER);
            let session = match session_for_key(
                edge,
                key_id,
                layer,
                request.init_connection.as_ref(),
            )
            .await
            {
                Ok(session) => session,
                Err(err) => {
                    tracing::warn!(%err, "no session for an MTProto auth key");
                    return (
                        RpcAnswer::Error {
                            code: 401,
                            message: "AUTH_KEY_UNREGISTERED".into(),
                        },
                        None,
                        None,
                    );
                }
            };
            let (answer, pts) = if layer <= BRIDGED_LAYER {
                invoke_bridged(edge, &session, &request.query).await
            } else {
                let answer = rpc_answer(edge.rpc.invoke(&session, &request.query).await);
                let pts = match &answer {
                    RpcAnswer::Ok(bytes) => gramd_clientapi::result_pts(bytes),
                    RpcAnswer::Error { .. } => None,
                };
                (answer, pts)
            };
            let account = session.caller.as_ref().map(gramd_clientapi::Caller::id);
            (answer, account, pts)
        }
    }
}

/// The client API's outcome as an MTProto answer.
fn rpc_answer(outcome: Result<Vec<u8>, gramd_clientapi::RpcError>) -> RpcAnswer {
    match outcome {
        Ok(bytes) => RpcAnswer::Ok(bytes),
        Err(err) => RpcAnswer::Error {
            code: i32::from(err.code),
            message: err.name.into_owned(),
        },
    }
}

/// Runs a call of an older layer: converted up to layer 230 for the client API, its result
/// converted back down. A call that does not convert is the client's error (400, as the
/// client API answers TL it cannot read); a result that does not convert is gramd's (500).
/// Also says which pts the (layer-230) result brings the client to.
async fn invoke_bridged(
    edge: &Edge,
    session: &Session,
    query: &[u8],
) -> (RpcAnswer, Option<ResultPts>) {
    let bridge = &edge.layer_198;
    let call = match bridge.call_to_server(query) {
        Ok(call) => call,
        Err(err) => {
            tracing::debug!(%err, "a call of an older layer does not convert");
            let error = RpcAnswer::Error {
                code: 400,
                message: err.rpc_error_name().into(),
            };
            return (error, None);
        }
    };
    match rpc_answer(edge.rpc.invoke(session, &call.bytes).await) {
        RpcAnswer::Ok(bytes) => {
            let pts = gramd_clientapi::result_pts(&bytes);
            match bridge.result_to_client(&call, &bytes) {
                Ok(bytes) => (RpcAnswer::Ok(bytes), pts),
                Err(err) => {
                    tracing::error!(
                        %err,
                        function = call.function(),
                        "an answer does not convert to an older layer"
                    );
                    let error = RpcAnswer::Error {
                        code: 500,
                        message: "INTERNAL".into(),
                    };
                    (error, None)
                }
            }
        }
        error => (error, None),
    }
}

/// `help.getConfig`: one DC, gramd itself, at the MTProto address; limits as Telegram's.
fn config(advertised: SocketAddr) -> tl::enums::Config {
    let now = (now_ms() / 1000) as i32;
    tl::enums::Config::Config(tl::types::Config {
        default_p2p_contacts: false,
        preload_featured_stickers: false,
        revoke_pm_inbox: true,
        blocked_mode: false,
        force_try_ipv6: false,
        date: now,
        expires: now + 3600,
        test_mode: false,
        this_dc: DC_ID,
        dc_options: vec![tl::enums::DcOption::Option(tl::types::DcOption {
            ipv6: advertised.is_ipv6(),
            media_only: false,
            tcpo_only: false,
            cdn: false,
            r#static: false,
            this_port_only: false,
            id: DC_ID,
            ip_address: advertised.ip().to_string(),
            port: i32::from(advertised.port()),
            secret: None,
        })],
        dc_txt_domain_name: String::new(),
        chat_size_max: 200,
        megagroup_size_max: 200_000,
        forwarded_count_max: 100,
        online_update_period_ms: 210_000,
        offline_blur_timeout_ms: 5_000,
        offline_idle_timeout_ms: 30_000,
        online_cloud_timeout_ms: 300_000,
        notify_cloud_delay_ms: 30_000,
        notify_default_delay_ms: 1_500,
        push_chat_period_ms: 60_000,
        push_chat_limit: 2,
        edit_time_limit: 172_800,
        revoke_time_limit: i32::MAX,
        revoke_pm_time_limit: i32::MAX,
        rating_e_decay: 2_419_200,
        stickers_recent_limit: 200,
        channels_read_media_period: 604_800,
        tmp_sessions: None,
        call_receive_timeout_ms: 20_000,
        call_ring_timeout_ms: 90_000,
        call_connect_timeout_ms: 30_000,
        call_packet_timeout_ms: 10_000,
        me_url_prefix: "https://t.me/".into(),
        autoupdate_url_prefix: None,
        gif_search_username: None,
        venue_search_username: None,
        img_search_username: None,
        static_maps_provider: None,
        caption_length_max: 1024,
        message_length_max: 4096,
        webfile_dc_id: DC_ID,
        suggested_lang_code: None,
        lang_pack_version: None,
        base_lang_pack_version: None,
        reactions_default: None,
        autologin_token: None,
    })
}

#[cfg(test)]
mod tests {
    use grammers_tl_types::Deserializable;
    use rsa::pkcs1::DecodeRsaPublicKey;

    use super::*;

    #[test]
    fn the_key_is_created_once_and_printed_with_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let key = load_or_create_key(dir.path()).unwrap();
        assert_eq!(
            load_or_create_key(dir.path()).unwrap(),
            key,
            "kept across starts"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let text = public_key_text(&key);
        let (pem, last) = text.trim_end().rsplit_once('\n').unwrap();
        assert!(pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        let public = rsa::PublicKey::from_pkcs1_pem(pem).unwrap();
        let fingerprint = gramd_mtproto::crypto::fingerprint(&public.n_bytes(), &public.e_bytes());
        assert_eq!(last.parse::<i64>().unwrap(), fingerprint);
        assert_eq!(server_key(&key).fingerprint(), fingerprint);
    }

    #[test]
    fn a_file_that_is_no_key_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "not a key").unwrap();
        let err = load_or_create_key(dir.path()).unwrap_err();
        assert!(err.0.contains("is not a PKCS#1 RSA key"), "{}", err.0);
    }

    /// A fresh gramd in `dir` and its MTProto edge (advertising 127.0.0.1:8443), with the
    /// server key.
    async fn edge_in(dir: &Path) -> (crate::server::Opened, PrivateKey, Arc<Edge>) {
        let config = crate::config::Config::load(crate::config::Overrides {
            data_dir: Some(dir.to_owned()),
            ..Default::default()
        })
        .unwrap();
        let opened = crate::server::open(&config, true).await.unwrap();
        let key = load_or_create_key(dir).unwrap();
        let advertised = "127.0.0.1:8443".parse().unwrap();
        let edge = Edge::new(opened.core.clone(), &key, advertised)
            .await
            .unwrap();
        (opened, key, edge)
    }

    /// A WebSocket client written out by hand (RFC 6455): the upgrade, then `req_pq_multi`
    /// on the intermediate framing in one masked binary message; `resPQ` comes back.
    #[tokio::test]
    async fn mtproto_over_websocket() {
        let dir = tempfile::tempdir().unwrap();
        let (_opened, key, edge) = edge_in(dir.path()).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let limits = crate::server::ConnectionLimits::default();
        let app = ws_router(edge);
        tokio::spawn(crate::server::serve(
            listener,
            app,
            limits,
            std::future::pending(),
        ));

        let mut tcp = TcpStream::connect(addr).await.unwrap();
        tcp.write_all(
            b"GET /apiws HTTP/1.1\r\nHost: gramd\r\nUpgrade: websocket\r\n\
              Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
              Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n",
        )
        .await
        .unwrap();
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(tcp.read_u8().await.unwrap());
        }
        let head = String::from_utf8(head).unwrap().to_lowercase();
        assert!(head.starts_with("http/1.1 101"), "{head}");
        assert!(
            head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="),
            "{head}"
        );
        assert!(head.contains("sec-websocket-protocol: binary"), "{head}");

        let nonce = [0x42; 16];
        let body = tl::functions::ReqPqMulti { nonce }.to_bytes();
        let mut payload = vec![0xee; 4];
        payload.extend(((20 + body.len()) as u32).to_le_bytes());
        payload.extend([0; 16]);
        payload.extend((body.len() as i32).to_le_bytes());
        payload.extend(&body);
        let mask = [1, 2, 3, 4];
        let mut frame = vec![0x82, 0x80 | payload.len() as u8];
        frame.extend(mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        tcp.write_all(&frame).await.unwrap();

        assert_eq!(tcp.read_u8().await.unwrap(), 0x82, "a final binary message");
        let len = usize::from(tcp.read_u8().await.unwrap());
        assert!(len < 126);
        let mut reply = vec![0; len];
        tcp.read_exact(&mut reply).await.unwrap();
        assert_eq!(
            u32::from_le_bytes(reply[..4].try_into().unwrap()) as usize,
            len - 4
        );
        let tl::enums::ResPq::Pq(res_pq) = tl::enums::ResPq::from_bytes(&reply[24..]).unwrap();
        assert_eq!(res_pq.nonce, nonce);
        assert_eq!(
            res_pq.server_public_key_fingerprints,
            [server_key(&key).fingerprint()]
        );
    }

    /// A bot's calls in layer 198 are read through the layer-198 schema and answered in it:
    /// `users.getUsers` gives layer 198's `user#4b46c37e`, a custom request its `dataJSON`,
    /// and errors pass unchanged.
    #[tokio::test]
    async fn layer_198_calls_are_answered_in_layer_198() {
        use serde_json::json;
        let dir = tempfile::tempdir().unwrap();
        let (_opened, _, edge) = edge_in(dir.path()).await;
        let (bot, _) = edge
            .core
            .create_bot(
                gramd_core::users::NewUser {
                    first_name: "Echo".into(),
                    last_name: None,
                    username: Some("layer_bot".into()),
                    phone: None,
                    bot: None,
                },
                gramd_core::users::BotInfo::default(),
            )
            .await
            .unwrap();
        let session = Session::bot(&edge.core, bot, BRIDGED_LAYER);
        let old = edge.layer_198.client();
        let call =
            |name: &str, params: serde_json::Value| old.encode_function(name, &params).unwrap();

        let query = call("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}));
        let RpcAnswer::Ok(bytes) = invoke_bridged(&edge, &session, &query).await.0 else {
            panic!("users.getUsers failed");
        };
        assert_eq!(
            bytes[8..12],
            0x4b46_c37e_u32.to_le_bytes(),
            "layer 198's user"
        );
        let users = old.decode("Vector<User>", &bytes).unwrap();
        assert_eq!(users[0]["username"], "layer_bot");
        assert_eq!(users[0]["bot"], true);

        let custom = |method: &str| {
            call(
                "bots.sendCustomRequest",
                json!({"custom_method": method, "params": {"_": "dataJSON", "data": "[1]"}}),
            )
        };
        let RpcAnswer::Ok(bytes) = invoke_bridged(&edge, &session, &custom("echo")).await.0 else {
            panic!("echo failed");
        };
        assert_eq!(
            old.decode("DataJSON", &bytes).unwrap(),
            json!({"_": "dataJSON", "data": "[1]"})
        );
        assert_eq!(
            invoke_bridged(&edge, &session, &custom("nope")).await.0,
            RpcAnswer::Error {
                code: 400,
                message: "METHOD_INVALID".into()
            }
        );
        // Pushed updates: as they are for newer layers, in layer 198's constructors for it.
        let new = edge.layer_198.server();
        let updates = new
            .encode(
                "Updates",
                &json!({"_": "updates", "updates": [{"_": "updateNewMessage", "message": {
                    "_": "message", "id": 1, "peer_id": {"_": "peerUser", "user_id": "5"},
                    "date": 1, "message": "hi", "paid_message_stars": "2"},
                    "pts": 1, "pts_count": 1}], "users": [], "chats": [], "date": 1, "seq": 0}),
            )
            .unwrap();
        assert_eq!(
            edge.updates_for_layer(Some(229), updates.clone()).as_ref(),
            Some(&updates)
        );
        let old_updates = edge.updates_for_layer(Some(198), updates).unwrap();
        assert_eq!(
            old.decode("Updates", &old_updates).unwrap()["updates"][0]["message"],
            json!({"_": "message", "id": 1, "peer_id": {"_": "peerUser", "user_id": "5"},
                   "date": 1, "message": "hi"})
        );
        assert_eq!(
            old_updates[16..20],
            0x96fd_bbe9_u32.to_le_bytes(),
            "layer 198's message"
        );

        // Bytes that are no layer-198 call are the client's error.
        assert_eq!(
            invoke_bridged(&edge, &session, &[1, 2, 3, 4]).await.0,
            RpcAnswer::Error {
                code: 400,
                message: "INPUT_METHOD_INVALID".into()
            }
        );
    }

    #[test]
    fn get_config_advertises_gramd_itself() {
        let tl::enums::Config::Config(config) = config("10.1.2.3:8443".parse().unwrap());
        assert_eq!(config.this_dc, DC_ID);
        let [tl::enums::DcOption::Option(option)] = &config.dc_options[..] else {
            panic!("one DC option");
        };
        assert_eq!(
            (option.id, option.ip_address.as_str(), option.port),
            (DC_ID, "10.1.2.3", 8443)
        );
        assert!(!option.r#static && !option.ipv6);
    }

    /// An MTProto client for the edge's tests: grammers' message layer and Full transport
    /// over TCP, with an auth key put straight into the edge's key store.
    struct Client {
        stream: TcpStream,
        mtp: grammers_mtproto::mtp::Encrypted,
        transport: grammers_mtproto::transport::Full,
        received: Vec<u8>,
        results: std::collections::HashMap<
            grammers_mtproto::MsgId,
            Result<Vec<u8>, tl::types::RpcError>,
        >,
        /// Updates pushed to the client, oldest first.
        pushed: std::collections::VecDeque<tl::enums::Updates>,
        /// The last encrypted message sent, to send again as a resend.
        last_message: Vec<u8>,
        /// The codes of the `bad_msg_notification`s received.
        bad: Vec<i32>,
    }

    impl Client {
        async fn connect(edge: &Edge, addr: SocketAddr) -> Self {
            let mut bytes = [0; 256];
            os_random(&mut bytes);
            let key = AuthKey::new(bytes);
            let salt = edge
                .config
                .salts
                .current(key.id(), (now_ms() / 1000) as i64);
            edge.keys.lock().unwrap().insert(StoredKey {
                key,
                expires_at: None,
                perm_key_id: None,
                layer: None,
            });
            Self {
                stream: TcpStream::connect(addr).await.unwrap(),
                mtp: grammers_mtproto::mtp::Encrypted::build()
                    .first_salt(salt)
                    .finish(bytes),
                transport: grammers_mtproto::transport::Full::new(),
                received: Vec::new(),
                results: Default::default(),
                pushed: Default::default(),
                last_message: Vec::new(),
                bad: Vec::new(),
            }
        }

        async fn send(&mut self, request: &[u8]) -> grammers_mtproto::MsgId {
            use grammers_mtproto::mtp::Mtp;
            use grammers_mtproto::transport::Transport;
            loop {
                let mut buffer = grammers_crypto::DequeBuffer::with_capacity(1 << 16, 64);
                let id = self.mtp.push(&mut buffer, request);
                if self.mtp.finalize(&mut buffer).is_some() {
                    self.last_message = buffer.as_ref().to_vec();
                    self.transport.pack(&mut buffer);
                    self.stream.write_all(buffer.as_ref()).await.unwrap();
                }
                match id {
                    Some(id) => return id,
                    // grammers asks for future salts first.
                    None => self.receive().await,
                }
            }
        }

        /// Sends the last encrypted message again (in a new transport frame).
        async fn resend_last(&mut self) {
            use grammers_mtproto::transport::Transport;
            let mut buffer = grammers_crypto::DequeBuffer::with_capacity(1 << 16, 64);
            for byte in &self.last_message {
                buffer.push(*byte);
            }
            self.transport.pack(&mut buffer);
            self.stream.write_all(buffer.as_ref()).await.unwrap();
        }

        /// Reads what the server sent next, sorting results from pushed updates.
        async fn receive(&mut self) {
            use grammers_mtproto::mtp::{Deserialization, Mtp};
            use grammers_mtproto::transport::Transport;
            let mut buf = vec![0; 1 << 16];
            let read = tokio::time::timeout(
                std::time::Duration::from_secs(30),
                self.stream.read(&mut buf),
            )
            .await
            .expect("the server sends something")
            .unwrap();
            assert!(read > 0, "the server closed the connection");
            self.received.extend_from_slice(&buf[..read]);
            loop {
                let offset = match self.transport.unpack(&mut self.received) {
                    Ok(offset) => offset,
                    Err(grammers_mtproto::transport::Error::MissingBytes) => break,
                    Err(err) => panic!("transport: {err:?}"),
                };
                let mut payload = self.received[offset.data_range].to_vec();
                self.received.drain(..offset.next_offset);
                for message in self.mtp.deserialize(&mut payload).unwrap() {
                    match message {
                        Deserialization::Update(bytes) => self
                            .pushed
                            .push_back(tl::enums::Updates::from_bytes(&bytes).unwrap()),
                        Deserialization::RpcResult(result) => {
                            self.results.insert(result.msg_id, Ok(result.body));
                        }
                        Deserialization::RpcError(error) => {
                            self.results.insert(error.msg_id, Err(error.error));
                        }
                        Deserialization::BadMessage(bad) => self.bad.push(bad.code),
                        Deserialization::Failure(_) => panic!("a message did not deserialize"),
                        Deserialization::OwnUpdate { .. } => {}
                    }
                }
            }
        }

        async fn result(
            &mut self,
            id: grammers_mtproto::MsgId,
        ) -> Result<Vec<u8>, tl::types::RpcError> {
            loop {
                if let Some(result) = self.results.remove(&id) {
                    return result;
                }
                self.receive().await;
            }
        }

        async fn call<R: tl::RemoteCall>(&mut self, request: &R) -> R::Return {
            let id = self.send(&request.to_bytes()).await;
            match self.result(id).await {
                Ok(bytes) => R::Return::from_bytes(&bytes).unwrap(),
                Err(err) => panic!("{}: {}", err.error_code, err.error_message),
            }
        }

        /// The next update the server pushed.
        async fn next_push(&mut self) -> tl::enums::Updates {
            loop {
                if let Some(updates) = self.pushed.pop_front() {
                    return updates;
                }
                self.receive().await;
            }
        }
    }

    /// A gramd with test phones on, serving MTProto on a local port.
    async fn mtproto_server() -> (tempfile::TempDir, Arc<Edge>, SocketAddr) {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::config::Config::load(crate::config::Overrides {
            data_dir: Some(dir.path().to_owned()),
            auth_test_phones: Some("1".into()),
            ..Default::default()
        })
        .unwrap();
        let opened = crate::server::open(&config, true).await.unwrap();
        let key = load_or_create_key(dir.path()).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let edge = Edge::new(opened.core.clone(), &key, addr).await.unwrap();
        tokio::spawn(serve(listener, edge.clone(), std::future::pending()));
        (dir, edge, addr)
    }

    /// Signs a new person in with a test phone (+99966XYYYY accepts XXXXX).
    async fn sign_in(client: &mut Client, phone: &str) -> i64 {
        use tl::functions::auth;
        let tl::enums::auth::SentCode::Code(sent) = client
            .call(&auth::SendCode {
                phone_number: phone.into(),
                api_id: 1,
                api_hash: "0".repeat(32),
                settings: tl::enums::CodeSettings::Settings(tl::types::CodeSettings {
                    allow_flashcall: false,
                    current_number: false,
                    allow_app_hash: false,
                    allow_missed_call: false,
                    allow_firebase: false,
                    unknown_number: false,
                    logout_tokens: None,
                    token: None,
                    app_sandbox: None,
                }),
            })
            .await
        else {
            panic!("a code is sent")
        };
        let code = phone[6..7].repeat(5);
        let tl::enums::auth::Authorization::Authorization(signed_in) = client
            .call(&auth::SignIn {
                phone_number: phone.into(),
                phone_code_hash: sent.phone_code_hash,
                phone_code: Some(code),
                email_verification: None,
            })
            .await
        else {
            panic!("signed in")
        };
        signed_in.user.id()
    }

    fn send_message(
        peer: tl::enums::InputPeer,
        text: &str,
        random_id: i64,
    ) -> tl::functions::messages::SendMessage {
        tl::functions::messages::SendMessage {
            no_webpage: false,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer,
            reply_to: None,
            message: text.into(),
            random_id,
            reply_markup: None,
            entities: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        }
    }

    /// A person and a bot they wrote to; the person's client is connected and has asked
    /// for updates (its last call was `messages.sendMessage`).
    async fn person_and_bot(
        edge: &Edge,
        addr: SocketAddr,
    ) -> (
        Client,
        i64,
        Arc<gramd_core::users::User>,
        tl::enums::InputPeer,
        i32,
    ) {
        use gramd_core::users::{BotInfo, NewUser};
        let mut client = Client::connect(edge, addr).await;
        let me = sign_in(&mut client, "+9996620001").await;
        let (bot, _token) = edge
            .core
            .create_bot(
                NewUser {
                    first_name: "Echo".into(),
                    last_name: None,
                    username: Some("push_echo_bot".into()),
                    phone: None,
                    bot: None,
                },
                BotInfo::default(),
            )
            .await
            .unwrap();
        let tl::enums::contacts::ResolvedPeer::Peer(resolved) = client
            .call(&tl::functions::contacts::ResolveUsername {
                username: "push_echo_bot".into(),
                referer: None,
            })
            .await;
        let Some(tl::enums::User::User(found)) = resolved.users.first() else {
            panic!("the bot")
        };
        let peer = tl::enums::InputPeer::User(tl::types::InputPeerUser {
            user_id: found.id,
            access_hash: found.access_hash.unwrap(),
        });
        let tl::enums::Updates::UpdateShortSentMessage(sent) =
            client.call(&send_message(peer.clone(), "hello", 1)).await
        else {
            panic!("updateShortSentMessage")
        };
        (client, me, bot, peer, sent.pts)
    }

    fn bot_text(text: &str) -> gramd_core::messages::OutgoingText {
        gramd_core::messages::OutgoingText {
            text: text.into(),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn a_signed_in_session_is_pushed_its_updates_in_pts_order() {
        use gramd_core::ids::Peer;
        use gramd_core::messages::{DeleteFor, MessageEdit, MissingIds, SendOptions};
        let (_dir, edge, addr) = mtproto_server().await;
        let (mut client, me, bot, _peer, pts) = person_and_bot(&edge, addr).await;
        let me = UserId(me);

        let reply = edge
            .core
            .send_text(
                bot.id,
                Peer::User(me),
                bot_text("pong"),
                SendOptions::default(),
            )
            .await
            .unwrap();
        let tl::enums::Updates::UpdateShortMessage(short) = client.next_push().await else {
            panic!("updateShortMessage")
        };
        assert_eq!(
            (short.pts, short.pts_count, short.user_id, short.out),
            (pts + 1, 1, bot.id.0, false)
        );
        assert_eq!(short.message, "pong");

        edge.core
            .edit_message(
                bot.id,
                Peer::User(me),
                reply.message.id,
                MessageEdit {
                    text: Some(bot_text("pong, edited")),
                    ..MessageEdit::default()
                },
            )
            .await
            .unwrap();
        let tl::enums::Updates::Updates(edited) = client.next_push().await else {
            panic!("updates")
        };
        let [tl::enums::Update::EditMessage(edit)] = &edited.updates[..] else {
            panic!("updateEditMessage: {:?}", edited.updates)
        };
        assert_eq!((edit.pts, edit.pts_count), (pts + 2, 1));
        let tl::enums::Message::Message(message) = &edit.message else {
            panic!("a message")
        };
        assert_eq!(
            (message.id, message.message.as_str()),
            (short.id, "pong, edited")
        );
        assert!(
            edited.users.iter().any(|u| u.id() == bot.id.0),
            "the users the update mentions come with it"
        );

        edge.core
            .delete_messages(
                bot.id,
                Some(Peer::User(me)),
                &[reply.message.id],
                DeleteFor::Everyone,
                MissingIds::Skip,
            )
            .await
            .unwrap();
        let tl::enums::Updates::Updates(deleted) = client.next_push().await else {
            panic!("updates")
        };
        let [tl::enums::Update::DeleteMessages(delete)] = &deleted.updates[..] else {
            panic!("updateDeleteMessages: {:?}", deleted.updates)
        };
        assert_eq!(
            (delete.messages.as_slice(), delete.pts, delete.pts_count),
            ([short.id].as_slice(), pts + 3, 1)
        );
        assert!(client.bad.is_empty(), "{:?}", client.bad);
    }

    #[tokio::test]
    async fn a_bot_session_is_pushed_messages_and_business_updates() {
        use gramd_core::business::{BusinessRecipients, BusinessRights};
        use gramd_core::ids::Peer;
        use gramd_core::messages::SendOptions;
        use gramd_core::users::{BotInfo, NewUser};
        let (_dir, edge, addr) = mtproto_server().await;
        let (bot, token) = edge
            .core
            .create_bot(
                NewUser {
                    first_name: "Desk".into(),
                    last_name: None,
                    username: Some("push_desk_bot".into()),
                    phone: None,
                    bot: None,
                },
                BotInfo {
                    can_connect_to_business: true,
                    ..BotInfo::default()
                },
            )
            .await
            .unwrap();
        let mut client = Client::connect(&edge, addr).await;
        let tl::enums::auth::Authorization::Authorization(_) = client
            .call(&tl::functions::auth::ImportBotAuthorization {
                flags: 0,
                api_id: 1,
                api_hash: "0".repeat(32),
                bot_auth_token: token.to_string(),
            })
            .await
        else {
            panic!("signed in")
        };
        let tl::enums::updates::State::State(state) =
            client.call(&tl::functions::updates::GetState {}).await;

        // A person writes to the bot: pushed at the bot's next pts.
        let ann = edge
            .core
            .create_user(gramd_core::users::NewUser {
                first_name: "Ann".into(),
                last_name: None,
                username: None,
                phone: Some("+15550077".into()),
                bot: None,
            })
            .await
            .unwrap();
        edge.core
            .send_text(
                ann.id,
                Peer::User(bot.id),
                bot_text("/start"),
                SendOptions::default(),
            )
            .await
            .unwrap();
        let tl::enums::Updates::UpdateShortMessage(short) = client.next_push().await else {
            panic!("updateShortMessage")
        };
        assert_eq!((short.pts, short.user_id), (state.pts + 1, ann.id.0));

        // Ann connects the bot to her account: the bot hears of it, and of a message in a
        // chat the connection covers, by qts.
        edge.core
            .connect_business_bot(
                ann.id,
                bot.id,
                BusinessRights {
                    can_reply: true,
                    ..BusinessRights::default()
                },
                BusinessRecipients {
                    existing_chats: true,
                    new_chats: true,
                    contacts: true,
                    non_contacts: true,
                    ..BusinessRecipients::default()
                },
            )
            .await
            .unwrap();
        let tl::enums::Updates::Updates(connected) = client.next_push().await else {
            panic!("updates")
        };
        let [tl::enums::Update::BotBusinessConnect(connect)] = &connected.updates[..] else {
            panic!("updateBotBusinessConnect: {:?}", connected.updates)
        };
        assert!(
            connect.qts > state.qts,
            "{} after {}",
            connect.qts,
            state.qts
        );
        assert!(client.bad.is_empty(), "{:?}", client.bad);
    }

    #[tokio::test]
    async fn a_resent_message_is_sent_once() {
        let (_dir, edge, addr) = mtproto_server().await;
        let (mut client, _me, _bot, peer, pts) = person_and_bot(&edge, addr).await;
        // The same MTProto message twice (same msg_id, the same bytes): answered once.
        let once = client
            .send(&send_message(peer.clone(), "once", 2).to_bytes())
            .await;
        client.resend_last().await;
        let tl::enums::Updates::UpdateShortSentMessage(sent) =
            tl::enums::Updates::from_bytes(&client.result(once).await.unwrap()).unwrap()
        else {
            panic!("updateShortSentMessage")
        };
        assert_eq!(sent.pts, pts + 1);
        // The same request in a new MTProto message (a new msg_id, the same random_id).
        let again = client
            .send(&send_message(peer.clone(), "once", 2).to_bytes())
            .await;
        let err = client.result(again).await.unwrap_err();
        assert_eq!(
            (err.error_code, err.error_message.as_str()),
            (500, "RANDOM_ID_DUPLICATE")
        );
        let tl::enums::updates::State::State(state) =
            client.call(&tl::functions::updates::GetState {}).await;
        assert_eq!(state.pts, pts + 1, "one message sent");
        let history = client
            .call(&tl::functions::messages::GetHistory {
                peer,
                offset_id: 0,
                offset_date: 0,
                add_offset: 0,
                limit: 10,
                max_id: 0,
                min_id: 0,
                hash: 0,
            })
            .await;
        let tl::enums::messages::Messages::Messages(history) = history else {
            panic!("messages.messages")
        };
        let texts: Vec<&str> = history
            .messages
            .iter()
            .filter_map(|m| match m {
                tl::enums::Message::Message(m) => Some(m.message.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["once", "hello"]);
        assert!(client.results.is_empty(), "no second answer");
        // grammers sent it in a container with an ack: the container's msg_id is refused.
        assert_eq!(client.bad, [19]);
    }
}
