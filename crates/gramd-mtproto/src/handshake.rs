//! Auth key creation, server side (<https://core.telegram.org/mtproto/auth_key>).
//!
//! `req_pq_multi` (or `req_pq`) → `resPQ` with a fresh product of two primes near 2³¹;
//! `req_DH_params` with `p_q_inner_data` (or its `_dc`, `_temp`, `_temp_dc` forms) encrypted
//! to the server's RSA key → `server_DH_params_ok`; `set_client_DH_params` →
//! `dh_gen_ok`, or `dh_gen_retry` when the new key's id is taken, or `dh_gen_fail`. Any
//! malformed or out-of-order step fails the handshake: the connection answers it, and every
//! later handshake message, with the transport error −404.

use grammers_crypto::aes;
use grammers_tl_types::{self as tl, Cursor, Deserializable, Identifiable, Serializable};
use num_bigint::BigUint;

use crate::crypto::{AuthKey, RsaPadding, ServerKey, handshake_aes};
use crate::{Entropy, random_array, random_u64, sha1};

/// The Diffie-Hellman group: a safe 2048-bit prime (the one Telegram publishes, which every
/// client library accepts) and the generator 3, which generates the subgroup of order
/// (p−1)/2 because p mod 3 = 2.
pub const DH_PRIME_HEX: &str = concat!(
    "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F",
    "48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37",
    "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64",
    "2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4",
    "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754",
    "FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4",
    "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F",
    "0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B",
);
/// The generator.
pub const DH_G: u32 = 3;

/// A new auth key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    /// The key.
    pub key: AuthKey,
    /// For a temporary key: seconds it lives (`expires_in` of `p_q_inner_data_temp*`).
    pub expires_in: Option<i32>,
    /// The DC id the client named (`_dc` forms), if any.
    pub dc: Option<i32>,
    /// `new_nonce[0..8] XOR server_nonce[0..8]`, the salt the client may use first.
    pub first_salt: i64,
    /// The padding the client encrypted its inner data with.
    pub padding: RsaPadding,
}

/// What a handshake message leads to.
#[derive(Debug)]
pub enum Step {
    /// Send this body back (plaintext).
    Reply(Vec<u8>),
    /// Send this body back; the key is made.
    Done(Vec<u8>, Box<NewKey>),
}

/// Why a handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// A message that is not a handshake step, or is malformed.
    #[error("malformed handshake message")]
    Malformed,
    /// A step out of order, or nonces that do not match.
    #[error("handshake step out of order")]
    OutOfOrder,
    /// `req_DH_params` names another key, or its data does not decrypt.
    #[error("req_DH_params does not decrypt")]
    BadEncryption,
    /// The handshake failed before; everything now fails.
    #[error("handshake already failed")]
    Failed,
}

/// The handshake state of one connection.
#[derive(Default)]
pub struct Handshake {
    state: State,
}

impl std::fmt::Debug for Handshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Idle => "idle",
            State::ResPq { .. } => "resPQ sent",
            State::DhParams { .. } => "server_DH_params sent",
            State::Failed => "failed",
        };
        f.debug_struct("Handshake").field("state", &state).finish()
    }
}

#[derive(Default)]
enum State {
    #[default]
    Idle,
    ResPq {
        nonce: [u8; 16],
        server_nonce: [u8; 16],
        p: u64,
        q: u64,
    },
    DhParams(Box<DhState>),
    Failed,
}

struct DhState {
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    a: BigUint,
    expires_in: Option<i32>,
    dc: Option<i32>,
    padding: RsaPadding,
    /// The aux hash of the key last refused with `dh_gen_retry`: the next `retry_id`.
    retry_id: i64,
}

impl Handshake {
    /// Handles one plaintext message body. `key_exists` says whether an auth key id is taken.
    pub fn handle(
        &mut self,
        body: &[u8],
        server_key: &ServerKey,
        now: i64,
        rng: &mut dyn Entropy,
        key_exists: &mut dyn FnMut(i64) -> bool,
    ) -> Result<Step, HandshakeError> {
        if matches!(self.state, State::Failed) {
            return Err(HandshakeError::Failed);
        }
        let result = self.step(body, server_key, now, rng, key_exists);
        if result.is_err() {
            self.state = State::Failed;
        }
        result
    }

    fn step(
        &mut self,
        body: &[u8],
        server_key: &ServerKey,
        now: i64,
        rng: &mut dyn Entropy,
        key_exists: &mut dyn FnMut(i64) -> bool,
    ) -> Result<Step, HandshakeError> {
        use tl::functions as f;
        let id = crate::envelope::constructor(body).ok_or(HandshakeError::Malformed)?;
        let mut cursor = Cursor::from_slice(&body[4..]);
        let malformed = |_| HandshakeError::Malformed;
        match id {
            f::ReqPqMulti::CONSTRUCTOR_ID | f::ReqPq::CONSTRUCTOR_ID => {
                let nonce = <[u8; 16]>::deserialize(&mut cursor).map_err(malformed)?;
                Ok(Step::Reply(self.res_pq(nonce, server_key, rng)))
            }
            f::ReqDhParams::CONSTRUCTOR_ID => {
                let call = f::ReqDhParams::deserialize(&mut cursor).map_err(malformed)?;
                self.dh_params(&call, server_key, now, rng).map(Step::Reply)
            }
            f::SetClientDhParams::CONSTRUCTOR_ID => {
                let call = f::SetClientDhParams::deserialize(&mut cursor).map_err(malformed)?;
                self.client_dh_params(call, key_exists)
            }
            _ => Err(HandshakeError::Malformed),
        }
    }

    fn res_pq(
        &mut self,
        nonce: [u8; 16],
        server_key: &ServerKey,
        rng: &mut dyn Entropy,
    ) -> Vec<u8> {
        let server_nonce = random_array(rng);
        let p = random_prime(rng);
        let q = loop {
            let q = random_prime(rng);
            if q != p {
                break q;
            }
        };
        let (p, q) = (p.min(q), p.max(q));
        self.state = State::ResPq {
            nonce,
            server_nonce,
            p,
            q,
        };
        tl::enums::ResPq::Pq(tl::types::ResPq {
            nonce,
            server_nonce,
            pq: (p * q).to_be_bytes().to_vec(),
            server_public_key_fingerprints: vec![server_key.fingerprint()],
        })
        .to_bytes()
    }

    fn dh_params(
        &mut self,
        call: &tl::functions::ReqDhParams,
        server_key: &ServerKey,
        now: i64,
        rng: &mut dyn Entropy,
    ) -> Result<Vec<u8>, HandshakeError> {
        let State::ResPq {
            nonce,
            server_nonce,
            p,
            q,
        } = self.state
        else {
            return Err(HandshakeError::OutOfOrder);
        };
        if call.nonce != nonce
            || call.server_nonce != server_nonce
            || !same_number(&call.p, p)
            || !same_number(&call.q, q)
        {
            return Err(HandshakeError::OutOfOrder);
        }
        if call.public_key_fingerprint != server_key.fingerprint() {
            return Err(HandshakeError::BadEncryption);
        }
        let decrypted = server_key
            .decrypt_inner_data(&call.encrypted_data)
            .ok_or(HandshakeError::BadEncryption)?;
        let mut cursor = Cursor::from_slice(&decrypted.data);
        let inner = tl::enums::PQInnerData::deserialize(&mut cursor)
            .map_err(|_| HandshakeError::BadEncryption)?;
        if let Some(claimed) = decrypted.sha1
            && sha1(&[&decrypted.data[..cursor.pos()]]) != claimed
        {
            return Err(HandshakeError::BadEncryption);
        }
        let (fields, dc, expires_in) = match inner {
            tl::enums::PQInnerData::Data(d) => (
                (d.pq, d.p, d.q, d.nonce, d.server_nonce, d.new_nonce),
                None,
                None,
            ),
            tl::enums::PQInnerData::Dc(d) => (
                (d.pq, d.p, d.q, d.nonce, d.server_nonce, d.new_nonce),
                Some(d.dc),
                None,
            ),
            tl::enums::PQInnerData::Temp(d) => (
                (d.pq, d.p, d.q, d.nonce, d.server_nonce, d.new_nonce),
                None,
                Some(d.expires_in),
            ),
            tl::enums::PQInnerData::TempDc(d) => (
                (d.pq, d.p, d.q, d.nonce, d.server_nonce, d.new_nonce),
                Some(d.dc),
                Some(d.expires_in),
            ),
        };
        let (pq, inner_p, inner_q, inner_nonce, inner_server_nonce, new_nonce) = fields;
        if inner_nonce != nonce
            || inner_server_nonce != server_nonce
            || !same_number(&pq, p * q)
            || !same_number(&inner_p, p)
            || !same_number(&inner_q, q)
            || expires_in.is_some_and(|e| e <= 0)
        {
            return Err(HandshakeError::BadEncryption);
        }
        let prime = dh_prime();
        let (a, g_a) = loop {
            let a = BigUint::from_bytes_be(&random_array::<256>(rng));
            let g_a = BigUint::from(DH_G).modpow(&a, &prime);
            if in_safe_range(&g_a, &prime) {
                break (a, g_a);
            }
        };
        let answer = tl::enums::ServerDhInnerData::Data(tl::types::ServerDhInnerData {
            nonce,
            server_nonce,
            g: DH_G as i32,
            dh_prime: prime.to_bytes_be(),
            g_a: g_a.to_bytes_be(),
            server_time: now as i32,
        })
        .to_bytes();
        let mut with_hash = sha1(&[&answer]).to_vec();
        with_hash.extend_from_slice(&answer);
        let mut padding = [0u8; 16];
        rng.fill(&mut padding);
        with_hash.extend_from_slice(&padding[..(16 - with_hash.len() % 16) % 16]);
        let (key, iv) = handshake_aes(&server_nonce, &new_nonce);
        aes::ige_encrypt(&mut with_hash, &key, &iv);
        self.state = State::DhParams(Box::new(DhState {
            nonce,
            server_nonce,
            new_nonce,
            a,
            expires_in,
            dc,
            padding: decrypted.padding,
            retry_id: 0,
        }));
        Ok(tl::enums::ServerDhParams::Ok(tl::types::ServerDhParamsOk {
            nonce,
            server_nonce,
            encrypted_answer: with_hash,
        })
        .to_bytes())
    }

    fn client_dh_params(
        &mut self,
        call: tl::functions::SetClientDhParams,
        key_exists: &mut dyn FnMut(i64) -> bool,
    ) -> Result<Step, HandshakeError> {
        let State::DhParams(dh) = &mut self.state else {
            return Err(HandshakeError::OutOfOrder);
        };
        if call.nonce != dh.nonce || call.server_nonce != dh.server_nonce {
            return Err(HandshakeError::OutOfOrder);
        }
        let mut data = call.encrypted_data;
        if data.len() < 20 + 4 || !data.len().is_multiple_of(16) {
            return Err(HandshakeError::Malformed);
        }
        let (key, iv) = handshake_aes(&dh.server_nonce, &dh.new_nonce);
        aes::ige_decrypt(&mut data, &key, &iv);
        let mut cursor = Cursor::from_slice(&data[20..]);
        let tl::enums::ClientDhInnerData::Data(inner) =
            tl::enums::ClientDhInnerData::deserialize(&mut cursor)
                .map_err(|_| HandshakeError::Malformed)?;
        let consumed = cursor.pos();
        if sha1(&[&data[20..20 + consumed]])[..] != data[..20]
            || data.len() - 20 - consumed >= 16
            || inner.nonce != dh.nonce
            || inner.server_nonce != dh.server_nonce
        {
            return Err(HandshakeError::Malformed);
        }
        if inner.retry_id != dh.retry_id {
            return Err(HandshakeError::OutOfOrder);
        }
        let (nonce, server_nonce) = (dh.nonce, dh.server_nonce);
        let prime = dh_prime();
        let g_b = BigUint::from_bytes_be(&inner.g_b);
        if !in_safe_range(&g_b, &prime) {
            let fail = tl::enums::SetClientDhParamsAnswer::DhGenFail(tl::types::DhGenFail {
                nonce,
                server_nonce,
                new_nonce_hash3: [0; 16],
            });
            self.state = State::Idle;
            return Ok(Step::Reply(fail.to_bytes()));
        }
        let shared = g_b.modpow(&dh.a, &prime).to_bytes_be();
        let mut bytes = [0u8; 256];
        bytes[256 - shared.len()..].copy_from_slice(&shared);
        let key = AuthKey::new(bytes);
        if key_exists(key.id()) {
            dh.retry_id = i64::from_le_bytes(key.aux_hash());
            let retry = tl::enums::SetClientDhParamsAnswer::DhGenRetry(tl::types::DhGenRetry {
                nonce,
                server_nonce,
                new_nonce_hash2: key.new_nonce_hash(&dh.new_nonce, 2),
            });
            return Ok(Step::Reply(retry.to_bytes()));
        }
        let ok = tl::enums::SetClientDhParamsAnswer::DhGenOk(tl::types::DhGenOk {
            nonce,
            server_nonce,
            new_nonce_hash1: key.new_nonce_hash(&dh.new_nonce, 1),
        });
        let first_salt = i64::from_le_bytes(dh.new_nonce[..8].try_into().expect("8 bytes"))
            ^ i64::from_le_bytes(server_nonce[..8].try_into().expect("8 bytes"));
        let new_key = NewKey {
            key,
            expires_in: dh.expires_in,
            dc: dh.dc,
            first_salt,
            padding: dh.padding,
        };
        self.state = State::Idle;
        Ok(Step::Done(ok.to_bytes(), Box::new(new_key)))
    }
}

/// The DH prime as a number.
pub fn dh_prime() -> BigUint {
    BigUint::parse_bytes(DH_PRIME_HEX.as_bytes(), 16).expect("a hex constant")
}

/// `2^1984 < x < p − 2^1984`, which both sides require of g_a and g_b.
fn in_safe_range(x: &BigUint, prime: &BigUint) -> bool {
    let bound = BigUint::from(1u8) << 1984usize;
    x > &bound && x < &(prime - &bound)
}

/// Whether big-endian `bytes` encode `value`.
fn same_number(bytes: &[u8], value: u64) -> bool {
    bytes.len() <= 8 && BigUint::from_bytes_be(bytes) == BigUint::from(value)
}

/// A random prime in [2³⁰, 2³¹).
fn random_prime(rng: &mut dyn Entropy) -> u64 {
    let mut candidate = (random_u64(rng) % (1 << 30)) | (1 << 30) | 1;
    loop {
        if is_prime(candidate) {
            return candidate;
        }
        candidate += 2;
        if candidate >= 1 << 31 {
            candidate = (1 << 30) | 1;
        }
    }
}

/// Deterministic Miller-Rabin for numbers below 2⁶⁴.
pub(crate) fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    for p in BASES {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
    let pow = |mut base: u64, mut exp: u64| {
        let mut acc = 1;
        while exp > 0 {
            if exp & 1 == 1 {
                acc = mul(acc, base);
            }
            base = mul(base, base);
            exp >>= 1;
        }
        acc
    };
    let (mut d, mut s) = (n - 1, 0);
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'bases: for a in BASES {
        let mut x = pow(a, d);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul(x, x);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// Parses `body` as a handshake function only as far as telling whether it is one.
pub fn is_handshake_message(body: &[u8]) -> bool {
    use tl::functions as f;
    matches!(
        crate::envelope::constructor(body),
        Some(
            f::ReqPqMulti::CONSTRUCTOR_ID
                | f::ReqPq::CONSTRUCTOR_ID
                | f::ReqDhParams::CONSTRUCTOR_ID
                | f::SetClientDhParams::CONSTRUCTOR_ID
        )
    )
}
