//! The client half of MTProto, without I/O, for gramd's own tests, benchmarks and drills
//! (feature `client`): auth key creation as core.telegram.org/mtproto/auth_key describes it
//! ([`KeyExchange`], built on grammers-crypto's client primitives), the full transport and
//! grammers' own message layer ([`ClientSession`]).
//!
//! A caller moves the bytes: [`FullTransport::pack_plain`] and [`FullTransport::plain_bodies`]
//! around the key exchange's messages, then [`ClientSession::push`],
//! [`ClientSession::take_output`] and [`ClientSession::receive`] for encrypted ones.

use grammers_crypto::{self as client_crypto, DequeBuffer};
pub use grammers_mtproto::MsgId;
pub use grammers_mtproto::mtp::Deserialization;
use grammers_mtproto::mtp::{Encrypted, Mtp, Plain};
use grammers_mtproto::transport::{Full, Transport};
use grammers_tl_types::{self as tl, Deserializable, Serializable, functions as f};
use num_bigint::BigUint;

use crate::crypto::RsaPadding;
use crate::handshake::{dh_prime, is_prime};
use crate::{Entropy, random_array};

/// The DC a temporary key is asked for: gramd is DC 1.
const DC_ID: i32 = 1;

/// What went wrong on the client's side: the server broke the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The transport's framing was broken.
    #[error("transport: {0}")]
    Transport(String),
    /// A handshake answer was not the expected message, or failed a check.
    #[error("handshake: {0}")]
    Handshake(&'static str),
    /// The server answered the transport with an error code (e.g. -404).
    #[error("transport error {0}")]
    TransportError(i32),
    /// An encrypted message did not decrypt or parse.
    #[error("message: {0}")]
    Message(String),
}

/// The full transport: length, sequence number, payload, CRC32 (grammers' `Full`).
pub struct FullTransport {
    transport: Full,
    received: Vec<u8>,
}

impl Default for FullTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl FullTransport {
    /// A transport before its first packet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            transport: Full::new(),
            received: Vec::new(),
        }
    }

    fn pack(&mut self, mut buffer: DequeBuffer<u8>) -> Vec<u8> {
        self.transport.pack(&mut buffer);
        buffer.as_ref().to_vec()
    }

    /// An unencrypted message (a handshake step) carrying `body`, framed.
    pub fn pack_plain(&mut self, body: &[u8]) -> Vec<u8> {
        let mut buffer = DequeBuffer::with_capacity(body.len() + 20, 12);
        Plain::new()
            .push(&mut buffer, body)
            .expect("a plain message always fits");
        self.pack(buffer)
    }

    /// The complete payloads in what has arrived so far, `bytes` included; a partial packet
    /// waits for more.
    ///
    /// # Errors
    /// A broken frame (bad length or checksum).
    pub fn payloads(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, ClientError> {
        self.received.extend_from_slice(bytes);
        let mut out = Vec::new();
        while !self.received.is_empty() {
            let offset = match self.transport.unpack(&mut self.received) {
                Ok(offset) => offset,
                Err(grammers_mtproto::transport::Error::MissingBytes) => break,
                Err(grammers_mtproto::transport::Error::BadStatus { status }) => {
                    return Err(ClientError::TransportError(-(status as i32)));
                }
                Err(e) => return Err(ClientError::Transport(format!("{e:?}"))),
            };
            out.push(self.received[offset.data_range].to_vec());
            self.received.drain(..offset.next_offset);
        }
        Ok(out)
    }

    /// The bodies of the unencrypted messages in `bytes` (handshake answers).
    ///
    /// # Errors
    /// A broken frame, a transport error code, or a payload that is no plain message.
    pub fn plain_bodies(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, ClientError> {
        let mut out = Vec::new();
        for mut payload in self.payloads(bytes)? {
            if payload.len() == 4 {
                let code = i32::from_le_bytes(payload[..4].try_into().expect("4 bytes"));
                return Err(ClientError::TransportError(code));
            }
            let results = Plain::new()
                .deserialize(&mut payload)
                .map_err(|e| ClientError::Message(format!("{e:?}")))?;
            for result in results {
                match result {
                    Deserialization::RpcResult(result) => out.push(result.body),
                    _ => return Err(ClientError::Message("not a plain message".into())),
                }
            }
        }
        Ok(out)
    }
}

/// The server's RSA public key as the client knows it (`gramd mtproto key`).
#[derive(Debug, Clone)]
pub struct PublicKey {
    n: BigUint,
    e: BigUint,
    fingerprint: i64,
}

impl PublicKey {
    /// The key with big-endian modulus `n` and exponent `e`.
    #[must_use]
    pub fn from_components(n: &[u8], e: &[u8]) -> Self {
        Self {
            n: BigUint::from_bytes_be(n),
            e: BigUint::from_bytes_be(e),
            fingerprint: crate::crypto::fingerprint(n, e),
        }
    }

    /// Its fingerprint, as `resPQ` lists it.
    #[must_use]
    pub fn fingerprint(&self) -> i64 {
        self.fingerprint
    }
}

/// A new auth key and the salt to start with.
#[derive(Clone)]
pub struct ClientKey {
    /// The 2048-bit key.
    pub auth_key: [u8; 256],
    /// `substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8)`.
    pub first_salt: i64,
}

/// What the client does next in the key exchange.
pub enum Step {
    /// Send this body as a plain message and wait for the answer.
    Send(Vec<u8>),
    /// The key is created (`dh_gen_ok` checked).
    Done(Box<ClientKey>),
}

enum State {
    Start,
    ResPq {
        nonce: [u8; 16],
    },
    DhParams {
        nonce: [u8; 16],
        server_nonce: [u8; 16],
        new_nonce: [u8; 32],
    },
    DhGen {
        nonce: [u8; 16],
        server_nonce: [u8; 16],
        new_nonce: [u8; 32],
        auth_key: Box<[u8; 256]>,
    },
    Finished,
}

/// The client half of auth key creation: `req_pq_multi` to `dh_gen_ok`, permanent or
/// temporary, with the `req_DH_params` data padded as RSA_PAD or the older SHA-1 scheme
/// (Telethon's). Every check the client can make of the server is made: nonces, the
/// offered fingerprint, the factorization, the answer's hash, the DH prime and generator,
/// the range of `g_a`, `new_nonce_hash1`.
pub struct KeyExchange {
    key: PublicKey,
    padding: RsaPadding,
    temp_expires_in: Option<i32>,
    state: State,
}

impl KeyExchange {
    /// A key exchange with the server holding `key`; a temporary key valid
    /// `temp_expires_in` seconds if given, else a permanent one.
    #[must_use]
    pub fn new(key: PublicKey, padding: RsaPadding, temp_expires_in: Option<i32>) -> Self {
        Self {
            key,
            padding,
            temp_expires_in,
            state: State::Start,
        }
    }

    /// The first message's body, `req_pq_multi`.
    pub fn start(&mut self, rng: &mut dyn Entropy) -> Vec<u8> {
        let nonce: [u8; 16] = random_array(rng);
        self.state = State::ResPq { nonce };
        f::ReqPqMulti { nonce }.to_bytes()
    }

    /// Takes the server's answer `body` to the last message.
    ///
    /// # Errors
    /// The answer is not the one expected or fails a check; the exchange is over then.
    pub fn answer(&mut self, body: &[u8], rng: &mut dyn Entropy) -> Result<Step, ClientError> {
        match std::mem::replace(&mut self.state, State::Finished) {
            State::ResPq { nonce } => self.res_pq(nonce, body, rng),
            State::DhParams {
                nonce,
                server_nonce,
                new_nonce,
            } => self.dh_params(nonce, server_nonce, new_nonce, body, rng),
            State::DhGen {
                nonce,
                server_nonce,
                new_nonce,
                auth_key,
            } => dh_gen(nonce, server_nonce, new_nonce, &auth_key, body),
            State::Start | State::Finished => Err(ClientError::Handshake("no message expected")),
        }
    }

    fn res_pq(
        &mut self,
        nonce: [u8; 16],
        body: &[u8],
        rng: &mut dyn Entropy,
    ) -> Result<Step, ClientError> {
        let tl::enums::ResPq::Pq(res_pq) =
            tl::enums::ResPq::from_bytes(body).map_err(|_| ClientError::Handshake("not resPQ"))?;
        if res_pq.nonce != nonce {
            return Err(ClientError::Handshake("resPQ with another nonce"));
        }
        if !res_pq
            .server_public_key_fingerprints
            .contains(&self.key.fingerprint)
        {
            return Err(ClientError::Handshake("the server does not offer our key"));
        }
        let pq = u64::from_be_bytes(
            res_pq
                .pq
                .clone()
                .try_into()
                .map_err(|_| ClientError::Handshake("pq is not 8 bytes"))?,
        );
        let (p, q) = client_crypto::factorize(pq);
        if !(is_prime(p) && is_prime(q)) || p >= q {
            return Err(ClientError::Handshake("pq is not a product of two primes"));
        }
        let new_nonce: [u8; 32] = random_array(rng);
        let (p_bytes, q_bytes) = (p.to_be_bytes()[4..].to_vec(), q.to_be_bytes()[4..].to_vec());
        let server_nonce = res_pq.server_nonce;
        let inner = match self.temp_expires_in {
            None => tl::enums::PQInnerData::Data(tl::types::PQInnerData {
                pq: res_pq.pq,
                p: p_bytes.clone(),
                q: q_bytes.clone(),
                nonce,
                server_nonce,
                new_nonce,
            }),
            Some(expires_in) => tl::enums::PQInnerData::TempDc(tl::types::PQInnerDataTempDc {
                pq: res_pq.pq,
                p: p_bytes.clone(),
                q: q_bytes.clone(),
                nonce,
                server_nonce,
                new_nonce,
                dc: DC_ID,
                expires_in,
            }),
        }
        .to_bytes();
        let encrypted_data = self.encrypt(&inner, rng)?;
        self.state = State::DhParams {
            nonce,
            server_nonce,
            new_nonce,
        };
        Ok(Step::Send(
            f::ReqDhParams {
                nonce,
                server_nonce,
                p: p_bytes,
                q: q_bytes,
                public_key_fingerprint: self.key.fingerprint,
                encrypted_data,
            }
            .to_bytes(),
        ))
    }

    fn encrypt(&self, inner: &[u8], rng: &mut dyn Entropy) -> Result<Vec<u8>, ClientError> {
        Ok(match self.padding {
            RsaPadding::RsaPad => {
                let key =
                    client_crypto::rsa::Key::new(&self.key.n.to_string(), &self.key.e.to_string())
                        .ok_or(ClientError::Handshake("not an RSA key"))?;
                client_crypto::rsa::encrypt_hashed(inner, &key, &random_array::<224>(rng))
            }
            RsaPadding::Sha1 => {
                // SHA-1(data) ‖ data ‖ random to 255 bytes, raw RSA.
                let mut data = client_crypto::sha1!(inner).to_vec();
                data.extend_from_slice(inner);
                let filled = data.len();
                data.resize(255, 0);
                rng.fill(&mut data[filled..]);
                let c = BigUint::from_bytes_be(&data)
                    .modpow(&self.key.e, &self.key.n)
                    .to_bytes_be();
                let mut out = vec![0; 256 - c.len()];
                out.extend(c);
                out
            }
        })
    }

    fn dh_params(
        &mut self,
        nonce: [u8; 16],
        server_nonce: [u8; 16],
        new_nonce: [u8; 32],
        body: &[u8],
        rng: &mut dyn Entropy,
    ) -> Result<Step, ClientError> {
        let params = match tl::enums::ServerDhParams::from_bytes(body) {
            Ok(tl::enums::ServerDhParams::Ok(params)) => params,
            Ok(tl::enums::ServerDhParams::Fail(_)) => {
                return Err(ClientError::Handshake("server_DH_params_fail"));
            }
            Err(_) => return Err(ClientError::Handshake("not server_DH_params")),
        };
        if params.nonce != nonce || params.server_nonce != server_nonce {
            return Err(ClientError::Handshake("server_DH_params with other nonces"));
        }
        let (key, iv) = client_crypto::generate_key_data_from_nonce(&server_nonce, &new_nonce);
        let mut answer = params.encrypted_answer;
        if answer.len() < 20 || answer.len() % 16 != 0 {
            return Err(ClientError::Handshake("encrypted_answer has a bad length"));
        }
        client_crypto::aes::ige_decrypt(&mut answer, &key, &iv);
        let tl::enums::ServerDhInnerData::Data(dh) =
            tl::enums::ServerDhInnerData::from_bytes(&answer[20..])
                .map_err(|_| ClientError::Handshake("not server_DH_inner_data"))?;
        // The inner type serializes without its 4-byte constructor id.
        let answer_len = 20 + 4 + dh.to_bytes().len();
        if answer_len > answer.len()
            || client_crypto::sha1!(&answer[20..answer_len]) != answer[..20]
        {
            return Err(ClientError::Handshake("server_DH_inner_data hash mismatch"));
        }
        let prime = dh_prime();
        if BigUint::from_bytes_be(&dh.dh_prime) != prime || dh.g != 3 {
            return Err(ClientError::Handshake("unexpected DH prime or generator"));
        }
        let g_a = BigUint::from_bytes_be(&dh.g_a);
        let bound = BigUint::from(1u8) << 1984usize;
        if !(g_a > bound && g_a < &prime - &bound) {
            return Err(ClientError::Handshake("g_a out of range"));
        }
        let b = BigUint::from_bytes_be(&random_array::<256>(rng));
        let g_b = BigUint::from(3u8).modpow(&b, &prime);
        let shared = g_a.modpow(&b, &prime).to_bytes_be();
        let mut auth_key = [0u8; 256];
        auth_key[256 - shared.len()..].copy_from_slice(&shared);
        let inner = tl::enums::ClientDhInnerData::Data(tl::types::ClientDhInnerData {
            nonce,
            server_nonce,
            retry_id: 0,
            g_b: g_b.to_bytes_be(),
        })
        .to_bytes();
        let mut data = client_crypto::sha1!(&inner).to_vec();
        data.extend(&inner);
        let filled = data.len();
        data.resize(filled.div_ceil(16) * 16, 0);
        rng.fill(&mut data[filled..]);
        client_crypto::aes::ige_encrypt(&mut data, &key, &iv);
        self.state = State::DhGen {
            nonce,
            server_nonce,
            new_nonce,
            auth_key: Box::new(auth_key),
        };
        Ok(Step::Send(
            f::SetClientDhParams {
                nonce,
                server_nonce,
                encrypted_data: data,
            }
            .to_bytes(),
        ))
    }
}

fn dh_gen(
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    auth_key: &[u8; 256],
    body: &[u8],
) -> Result<Step, ClientError> {
    let ok = match tl::enums::SetClientDhParamsAnswer::from_bytes(body) {
        Ok(tl::enums::SetClientDhParamsAnswer::DhGenOk(ok)) => ok,
        Ok(_) => return Err(ClientError::Handshake("dh_gen_retry or dh_gen_fail")),
        Err(_) => return Err(ClientError::Handshake("not Set_client_DH_params_answer")),
    };
    let client_key = client_crypto::AuthKey::from_bytes(*auth_key);
    if ok.nonce != nonce
        || ok.server_nonce != server_nonce
        || ok.new_nonce_hash1 != client_key.calc_new_nonce_hash(&new_nonce, 1)
    {
        return Err(ClientError::Handshake("dh_gen_ok does not match"));
    }
    let first_salt = i64::from_le_bytes(new_nonce[..8].try_into().expect("8 bytes"))
        ^ i64::from_le_bytes(server_nonce[..8].try_into().expect("8 bytes"));
    Ok(Step::Done(Box::new(ClientKey {
        auth_key: *auth_key,
        first_salt,
    })))
}

/// An encrypted session on the full transport: grammers' message layer (msg_ids, seqnos,
/// salts, acknowledgements, containers), as a grammers client speaks it.
pub struct ClientSession {
    transport: FullTransport,
    mtp: Encrypted,
    buffer: DequeBuffer<u8>,
}

/// The plain `i64` of grammers' message id.
#[must_use]
pub fn msg_id(id: grammers_mtproto::MsgId) -> i64 {
    // grammers keeps the number private; its Debug form is `MsgId(n)`.
    format!("{id:?}")
        .trim_start_matches("MsgId(")
        .trim_end_matches(')')
        .parse()
        .expect("MsgId(n)")
}

impl ClientSession {
    /// A session under `auth_key` starting with `first_salt`, on a transport that may
    /// already have carried the key exchange.
    #[must_use]
    pub fn new(transport: FullTransport, auth_key: [u8; 256], first_salt: i64) -> Self {
        Self {
            transport,
            mtp: Encrypted::build().first_salt(first_salt).finish(auth_key),
            buffer: new_buffer(),
        }
    }

    /// Queues `request` (a serialized TL function); returns its msg_id, or `None` when the
    /// message layer sent something else first (grammers asks for future salts while it
    /// knows one) and the request must be pushed again after the next answer.
    pub fn push(&mut self, request: &[u8]) -> Option<i64> {
        self.mtp.push(&mut self.buffer, request).map(msg_id)
    }

    /// The bytes to write for what was queued (acknowledgements included); empty if there
    /// is nothing to send.
    pub fn take_output(&mut self) -> Vec<u8> {
        let out = if self.mtp.finalize(&mut self.buffer).is_none() {
            Vec::new()
        } else {
            self.transport.transport.pack(&mut self.buffer);
            self.buffer.as_ref().to_vec()
        };
        self.buffer.clear();
        out
    }

    /// Reads what arrived: results, errors, updates and notifications, once whole packets
    /// are in.
    ///
    /// # Errors
    /// A broken frame, a transport error code (`-404` for an unknown key), or a message
    /// that does not decrypt.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<Vec<Deserialization>, ClientError> {
        let mut out = Vec::new();
        for mut payload in self.transport.payloads(bytes)? {
            if payload.len() == 4 {
                let code = i32::from_le_bytes(payload[..4].try_into().expect("4 bytes"));
                return Err(ClientError::TransportError(code));
            }
            out.extend(
                self.mtp
                    .deserialize(&mut payload)
                    .map_err(|e| ClientError::Message(format!("{e:?}")))?,
            );
        }
        Ok(out)
    }

    /// The transport payloads in `bytes`, not decrypted (to read a bare error code).
    ///
    /// # Errors
    /// A broken frame.
    pub fn raw_payloads(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, ClientError> {
        self.transport.payloads(bytes)
    }
}

fn new_buffer() -> DequeBuffer<u8> {
    DequeBuffer::with_capacity(1 << 16, 64)
}
