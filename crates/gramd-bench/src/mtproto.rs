//! An MTProto client over tokio TCP for the benchmark and the crash drill: the sans-IO
//! client half of `gramd-mtproto` (feature `client`: key exchange, full transport,
//! grammers' message layer) with a socket around it, signing in with a test number
//! (`+99966XYYYY`, code XXXXX; gramd started with `GRAMD_AUTH_TEST_PHONES=1`).

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gramd_mtproto::client::{
    self, ClientError, ClientSession, Deserialization, FullTransport, KeyExchange, PublicKey, Step,
};
use grammers_tl_types::{self as tl, Deserializable, Serializable, functions as f};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::traits::PublicKeyParts;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use gramd_mtproto::crypto::RsaPadding;

use crate::load::{self, LoadResult, Tally};

/// The layer gramd serves.
const LAYER: i32 = 230;

/// Why a call did not get its answer.
#[derive(Debug)]
pub(crate) enum CallError {
    /// The connection failed or closed, or the server broke the protocol.
    Connection(String),
    /// The server answered with `rpc_error`.
    Rpc(i32, String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connection(why) => write!(f, "{why}"),
            Self::Rpc(code, message) => write!(f, "rpc_error {code} {message}"),
        }
    }
}

impl From<std::io::Error> for CallError {
    fn from(e: std::io::Error) -> Self {
        Self::Connection(e.to_string())
    }
}

impl From<ClientError> for CallError {
    fn from(e: ClientError) -> Self {
        Self::Connection(e.to_string())
    }
}

/// The server's public key, from `gramd mtproto key` (PKCS#1 PEM, then the fingerprint).
///
/// # Panics
/// If the command fails or prints no key: a benchmark's setup must work.
pub(crate) fn server_key(binary: &Path, data_dir: &Path) -> PublicKey {
    let output = Command::new(binary)
        .args(["mtproto", "key", "--data-dir"])
        .arg(data_dir)
        .output()
        .expect("run gramd mtproto key");
    assert!(output.status.success(), "gramd mtproto key failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let end = text.find("-----END RSA PUBLIC KEY-----").expect("a PEM") + 28;
    let key = rsa::PublicKey::from_pkcs1_pem(&text[..end]).expect("a PKCS#1 public key");
    PublicKey::from_components(&key.n_bytes(), &key.e_bytes())
}

fn fill_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the system's randomness");
}

/// One connection with an auth key and an encrypted session.
pub(crate) struct MtprotoClient {
    stream: TcpStream,
    session: ClientSession,
    buf: Vec<u8>,
    initialized: bool,
    next_random_id: i64,
}

/// Reads what `stream` has into `buf`; returns how much, an error at end of stream.
async fn read_some(stream: &mut TcpStream, buf: &mut [u8]) -> Result<usize, CallError> {
    let n = stream.read(buf).await?;
    if n == 0 {
        return Err(CallError::Connection(
            "the server closed the connection".into(),
        ));
    }
    Ok(n)
}

/// The size of a client's read buffer.
const READ_BUFFER: usize = 64 * 1024;

/// Creates a permanent auth key on a new connection to `addr` (RSA_PAD); returns the
/// stream, the transport and the key.
async fn key_exchange(
    addr: SocketAddr,
    key: &PublicKey,
) -> Result<(TcpStream, FullTransport, [u8; 256], i64), CallError> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut transport = FullTransport::new();
    let mut rng = fill_random;
    let mut exchange = KeyExchange::new(key.clone(), RsaPadding::RsaPad, None);
    let mut body = exchange.start(&mut rng);
    let mut buf = vec![0; READ_BUFFER];
    loop {
        stream.write_all(&transport.pack_plain(&body)).await?;
        let answer = loop {
            let n = read_some(&mut stream, &mut buf).await?;
            if let Some(answer) = transport.plain_bodies(&buf[..n])?.pop() {
                break answer;
            }
        };
        match exchange.answer(&answer, &mut rng)? {
            Step::Send(next) => body = next,
            Step::Done(new) => return Ok((stream, transport, new.auth_key, new.first_salt)),
        }
    }
}

/// Creates one auth key and closes the connection (the handshake benchmark).
pub(crate) async fn handshake(addr: SocketAddr, key: &PublicKey) -> Result<(), CallError> {
    key_exchange(addr, key).await.map(|_| ())
}

impl MtprotoClient {
    /// Connects to `addr` and creates an auth key.
    pub(crate) async fn connect(addr: SocketAddr, key: &PublicKey) -> Result<Self, CallError> {
        let (stream, transport, auth_key, first_salt) = key_exchange(addr, key).await?;
        Ok(Self {
            stream,
            session: ClientSession::new(transport, auth_key, first_salt),
            buf: vec![0; READ_BUFFER],
            initialized: false,
            next_random_id: 1,
        })
    }

    /// A fresh `random_id` for a message.
    pub(crate) fn random_id(&mut self) -> i64 {
        self.next_random_id += 1;
        self.next_random_id
    }

    /// Calls `request` (a serialized function) and waits for its result; the connection's
    /// first call goes inside `invokeWithLayer(initConnection(…))`.
    pub(crate) async fn call_raw(&mut self, request: &[u8]) -> Result<Vec<u8>, CallError> {
        let body = if self.initialized {
            request.to_vec()
        } else {
            init_connection(request)
        };
        let mut id = None;
        loop {
            if id.is_none() {
                id = self.session.push(&body);
            }
            let out = self.session.take_output();
            if !out.is_empty() {
                self.stream.write_all(&out).await?;
            }
            let n = read_some(&mut self.stream, &mut self.buf).await?;
            for answer in self.session.receive(&self.buf[..n])? {
                match answer {
                    Deserialization::RpcResult(r) if Some(client::msg_id(r.msg_id)) == id => {
                        self.initialized = true;
                        return Ok(r.body);
                    }
                    Deserialization::RpcError(e) if Some(client::msg_id(e.msg_id)) == id => {
                        self.initialized = true;
                        return Err(CallError::Rpc(e.error.error_code, e.error.error_message));
                    }
                    Deserialization::BadMessage(b) if Some(client::msg_id(b.msg_id)) == id => {
                        if !b.retryable() {
                            return Err(CallError::Connection(b.description().into()));
                        }
                        // grammers has fixed its clock or salt: send it again.
                        id = None;
                    }
                    _ => {}
                }
            }
        }
    }

    /// Calls `request` and reads its result as `R`.
    pub(crate) async fn call<R: Deserializable>(
        &mut self,
        request: &impl Serializable,
    ) -> Result<R, CallError> {
        let body = self.call_raw(&request.to_bytes()).await?;
        R::from_bytes(&body).map_err(|e| CallError::Connection(format!("a bad answer: {e}")))
    }

    /// Signs in with the test number `phone` (`+99966XYYYY`, code XXXXX), registering it
    /// on first use; returns the user's id.
    pub(crate) async fn sign_in_test_phone(&mut self, phone: &str) -> Result<i64, CallError> {
        let digit = &phone[phone.len() - 5..phone.len() - 4];
        let sent: tl::enums::auth::SentCode = self
            .call(&f::auth::SendCode {
                phone_number: phone.to_owned(),
                api_id: 1,
                api_hash: "bench".into(),
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
            .await?;
        let tl::enums::auth::SentCode::Code(sent) = sent else {
            return Err(CallError::Connection("no auth.sentCode".into()));
        };
        let authorization: tl::enums::auth::Authorization = self
            .call(&f::auth::SignIn {
                phone_number: phone.to_owned(),
                phone_code_hash: sent.phone_code_hash,
                phone_code: Some(digit.repeat(5)),
                email_verification: None,
            })
            .await?;
        match authorization {
            tl::enums::auth::Authorization::Authorization(a) => Ok(match a.user {
                tl::enums::User::User(u) => u.id,
                tl::enums::User::Empty(u) => u.id,
            }),
            tl::enums::auth::Authorization::SignUpRequired(_) => {
                Err(CallError::Connection("sign-up required".into()))
            }
        }
    }

    /// `messages.sendMessage` of `text` to Saved Messages.
    pub(crate) fn send_to_self(&mut self, text: &str) -> f::messages::SendMessage {
        f::messages::SendMessage {
            no_webpage: false,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: tl::enums::InputPeer::PeerSelf,
            reply_to: None,
            message: text.to_owned(),
            random_id: self.random_id(),
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
}

/// A function already serialized, as the query of `initConnection`.
struct Raw<'r>(&'r [u8]);

impl Serializable for Raw<'_> {
    fn serialize(&self, buf: &mut impl Extend<u8>) {
        buf.extend(self.0.iter().copied());
    }
}

/// `invokeWithLayer(230, initConnection(…, request))`.
fn init_connection(request: &[u8]) -> Vec<u8> {
    f::InvokeWithLayer {
        layer: LAYER,
        query: f::InitConnection {
            api_id: 1,
            device_model: "gramd-bench".into(),
            system_version: "linux".into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: Raw(request),
        },
    }
    .to_bytes()
}

/// Test number `i` of `group` (`+99966<group>YYYY`, code `<group>` five times).
pub(crate) fn test_phone(group: u8, i: usize) -> String {
    format!("+99966{group}{:04}", i % 10_000)
}

/// `count` connections to `addr`, each with its own auth key and signed in with its own
/// test number of `group` (`+99966<group>YYYY`).
///
/// # Panics
/// If one fails: a benchmark's setup must work.
pub(crate) async fn signed_in(
    addr: SocketAddr,
    key: &PublicKey,
    group: u8,
    count: usize,
) -> Vec<MtprotoClient> {
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let key = key.clone();
            tokio::spawn(async move {
                let mut client = MtprotoClient::connect(addr, &key)
                    .await
                    .unwrap_or_else(|e| panic!("MTProto connection {i}: {e}"));
                client
                    .sign_in_test_phone(&test_phone(group, i))
                    .await
                    .unwrap_or_else(|e| panic!("MTProto sign-in {i}: {e}"));
                client
            })
        })
        .collect();
    let mut clients = Vec::with_capacity(count);
    for task in tasks {
        clients.push(task.await.expect("sign-in task"));
    }
    clients
}

/// Each client sends `messages.sendMessage` to its Saved Messages in a closed loop:
/// `warmup`, then `duration` measured. The clients stay connected for another run.
pub(crate) async fn send_load(
    clients: &mut Vec<MtprotoClient>,
    warmup: Duration,
    duration: Duration,
    progress: impl Fn(u64, Duration) + Send + 'static,
) -> LoadResult {
    let slots: Arc<Vec<Mutex<Option<MtprotoClient>>>> =
        Arc::new(clients.drain(..).map(|c| Mutex::new(Some(c))).collect());
    let result = load::closed_loop(slots.len(), warmup, duration, progress, {
        let slots = slots.clone();
        move |i, window| {
            let slots = slots.clone();
            async move {
                let taken = slots[i].lock().expect("a client slot").take();
                let mut tally = Tally::default();
                let Some(mut client) = taken else {
                    return tally;
                };
                let mut healthy = true;
                while healthy && !window.over() {
                    let request = client.send_to_self("hello benchmark");
                    let sent_at = Instant::now();
                    let result = client.call_raw(&request.to_bytes()).await;
                    healthy = !matches!(result, Err(CallError::Connection(_)));
                    window.record(&mut tally, sent_at, result.is_ok());
                }
                if healthy {
                    *slots[i].lock().expect("a client slot") = Some(client);
                }
                tally
            }
        }
    })
    .await;
    clients.extend(
        slots
            .iter()
            .filter_map(|slot| slot.lock().expect("a client slot").take()),
    );
    result
}

/// Auth keys created in a closed loop over `connections` connections, each a new TCP
/// connection doing the whole exchange (`req_pq_multi` to `dh_gen_ok`).
pub(crate) async fn handshake_load(
    addr: SocketAddr,
    key: &PublicKey,
    connections: usize,
    warmup: Duration,
    duration: Duration,
    progress: impl Fn(u64, Duration) + Send + 'static,
) -> LoadResult {
    let key = key.clone();
    load::closed_loop(connections, warmup, duration, progress, move |_, window| {
        let key = key.clone();
        async move {
            let mut tally = Tally::default();
            while !window.over() {
                let sent_at = Instant::now();
                let ok = handshake(addr, &key).await.is_ok();
                window.record(&mut tally, sent_at, ok);
            }
            tally
        }
    })
    .await
}
