//! The cryptography MTProto 2.0 asks of a server.
//!
//! - Messages: `msg_key` is the middle 128 bits of
//!   `SHA-256(substr(auth_key, 88 + x, 32) ‖ plaintext ‖ padding)`, and the AES-256-IGE key and
//!   iv come from `msg_key` and `auth_key` (x = 0 for what the client sends, 8 for what the
//!   server sends). grammers-crypto implements the client's direction only; this module does
//!   the server's.
//! - The server's RSA key: its fingerprint (the low 64 bits of SHA-1 of the bare
//!   `rsa_public_key n:string e:string`) and the decryption of `req_DH_params`, which clients
//!   pad with RSA_PAD (GramJS, grammers, Telegram's apps) or with the older
//!   `SHA-1(data) ‖ data ‖ random` (Telethon).

use grammers_crypto::aes;
use num_bigint::BigUint;

use crate::{Entropy, random_array, sha1, sha256};

/// An auth key: 256 bytes shared by a client and the server, named by its id.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthKey {
    bytes: [u8; 256],
    id: i64,
    aux_hash: [u8; 8],
}

impl std::fmt::Debug for AuthKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl AuthKey {
    /// The key with these bytes.
    pub fn new(bytes: [u8; 256]) -> Self {
        let hash = sha1(&[&bytes]);
        let id = i64::from_le_bytes(hash[12..20].try_into().expect("8 bytes"));
        let aux_hash = hash[..8].try_into().expect("8 bytes");
        Self {
            bytes,
            id,
            aux_hash,
        }
    }

    /// The key's bytes.
    pub fn bytes(&self) -> &[u8; 256] {
        &self.bytes
    }

    /// `auth_key_id`: the low 64 bits of SHA-1 of the key, little-endian.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// `auth_key_aux_hash`: the high 64 bits of SHA-1 of the key.
    pub(crate) fn aux_hash(&self) -> [u8; 8] {
        self.aux_hash
    }

    /// `new_nonce_hashN`: the low 128 bits of `SHA-1(new_nonce ‖ N ‖ aux_hash)`.
    pub(crate) fn new_nonce_hash(&self, new_nonce: &[u8; 32], number: u8) -> [u8; 16] {
        let hash = sha1(&[new_nonce, &[number], &self.aux_hash]);
        hash[4..20].try_into().expect("16 bytes")
    }
}

/// Why an encrypted message was refused before its contents were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecryptError {
    /// Shorter than a header and one block, or not a whole number of AES blocks.
    #[error("encrypted message of {0} bytes is not 24 + a multiple of 16")]
    BadLength(usize),
    /// The `msg_key` does not match the decrypted contents.
    #[error("msg_key does not match the message")]
    MsgKeyMismatch,
}

/// `x` of the MTProto 2.0 KDF: which side encrypted.
#[derive(Clone, Copy)]
enum Direction {
    ClientToServer = 0,
    ServerToClient = 8,
}

/// The AES-256-IGE key and iv for a message of one direction.
fn message_key_iv(key: &AuthKey, msg_key: &[u8; 16], dir: Direction) -> ([u8; 32], [u8; 32]) {
    let x = dir as usize;
    let k = &key.bytes;
    let a = sha256(&[msg_key, &k[x..x + 36]]);
    let b = sha256(&[&k[40 + x..76 + x], msg_key]);
    let mut aes_key = [0; 32];
    aes_key[..8].copy_from_slice(&a[..8]);
    aes_key[8..24].copy_from_slice(&b[8..24]);
    aes_key[24..].copy_from_slice(&a[24..]);
    let mut aes_iv = [0; 32];
    aes_iv[..8].copy_from_slice(&b[..8]);
    aes_iv[8..24].copy_from_slice(&a[8..24]);
    aes_iv[24..].copy_from_slice(&b[24..]);
    (aes_key, aes_iv)
}

/// `msg_key_large`: SHA-256 over the key's slice for the direction and the plaintext.
fn msg_key_large(key: &AuthKey, plaintext: &[u8], dir: Direction) -> [u8; 32] {
    let x = dir as usize;
    sha256(&[&key.bytes[88 + x..120 + x], plaintext])
}

/// A client message, decrypted and authenticated.
#[derive(Debug)]
pub struct Decrypted {
    /// `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body ‖ padding`.
    pub plaintext: Vec<u8>,
    /// The token a quick acknowledgement carries: the first 32 bits of `msg_key_large`, with
    /// the high bit set.
    pub quick_ack_token: u32,
}

/// Decrypts `auth_key_id ‖ msg_key ‖ encrypted_data` from a client and checks its `msg_key`.
/// The caller has matched `auth_key_id` to `key`.
pub fn decrypt_client_message(key: &AuthKey, message: &[u8]) -> Result<Decrypted, DecryptError> {
    if message.len() < 24 + 16 || !(message.len() - 24).is_multiple_of(16) {
        return Err(DecryptError::BadLength(message.len()));
    }
    let msg_key: [u8; 16] = message[8..24].try_into().expect("16 bytes");
    let (aes_key, aes_iv) = message_key_iv(key, &msg_key, Direction::ClientToServer);
    let mut plaintext = message[24..].to_vec();
    aes::ige_decrypt(&mut plaintext, &aes_key, &aes_iv);
    let large = msg_key_large(key, &plaintext, Direction::ClientToServer);
    if large[8..24] != msg_key {
        return Err(DecryptError::MsgKeyMismatch);
    }
    let token = u32::from_le_bytes(large[..4].try_into().expect("4 bytes")) | 0x8000_0000;
    Ok(Decrypted {
        plaintext,
        quick_ack_token: token,
    })
}

/// Encrypts `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body` for the client: random
/// padding of 12 to 1024 bytes up to a multiple of 16, then
/// `auth_key_id ‖ msg_key ‖ AES-256-IGE(plaintext ‖ padding)`.
pub fn encrypt_server_message(key: &AuthKey, plaintext: &[u8], rng: &mut dyn Entropy) -> Vec<u8> {
    let [extra_blocks] = random_array::<1>(rng);
    let minimum = 12 + (16 - (plaintext.len() + 12) % 16) % 16;
    let mut padding = vec![0; minimum + 16 * usize::from(extra_blocks % 4)];
    rng.fill(&mut padding);
    encrypt_server_message_padded(key, plaintext, &padding)
}

/// [`encrypt_server_message`] with the padding given (12 to 1024 bytes, making the total a
/// multiple of 16).
pub fn encrypt_server_message_padded(key: &AuthKey, plaintext: &[u8], padding: &[u8]) -> Vec<u8> {
    encrypt_padded(key, plaintext, padding, Direction::ServerToClient)
}

/// Encrypts a message as a client does (x = 0), with the padding given: what tests and fuzz
/// targets feed the server.
pub fn encrypt_client_message_padded(key: &AuthKey, plaintext: &[u8], padding: &[u8]) -> Vec<u8> {
    encrypt_padded(key, plaintext, padding, Direction::ClientToServer)
}

fn encrypt_padded(key: &AuthKey, plaintext: &[u8], padding: &[u8], dir: Direction) -> Vec<u8> {
    debug_assert!((12..=1024).contains(&padding.len()));
    debug_assert!((plaintext.len() + padding.len()).is_multiple_of(16));
    let mut data = Vec::with_capacity(plaintext.len() + padding.len());
    data.extend_from_slice(plaintext);
    data.extend_from_slice(padding);
    let large = msg_key_large(key, &data, dir);
    let msg_key: [u8; 16] = large[8..24].try_into().expect("16 bytes");
    let (aes_key, aes_iv) = message_key_iv(key, &msg_key, dir);
    aes::ige_encrypt(&mut data, &aes_key, &aes_iv);
    let mut out = Vec::with_capacity(24 + data.len());
    out.extend_from_slice(&key.id.to_le_bytes());
    out.extend_from_slice(&msg_key);
    out.extend_from_slice(&data);
    out
}

/// The server's RSA key pair, as far as MTProto uses it: `n`, `e` for the fingerprint and `d`
/// to decrypt `req_DH_params`.
#[derive(Clone)]
pub struct ServerKey {
    n: BigUint,
    d: BigUint,
    fingerprint: i64,
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerKey")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// Writes `bytes` as a TL `string`/`bytes`.
pub(crate) fn tl_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    if bytes.len() < 254 {
        out.push(bytes.len() as u8);
    } else {
        out.push(254);
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes()[..3]);
    }
    out.extend_from_slice(bytes);
    let written = if bytes.len() < 254 { 1 } else { 4 } + bytes.len();
    out.resize(out.len() + (4 - written % 4) % 4, 0);
}

/// The fingerprint of a public key given by its big-endian modulus and exponent: the low 64
/// bits of `SHA-1(n:string ‖ e:string)`, read as a little-endian signed integer.
pub fn fingerprint(n: &[u8], e: &[u8]) -> i64 {
    let mut bare = Vec::new();
    tl_bytes(strip_leading_zeros(n), &mut bare);
    tl_bytes(strip_leading_zeros(e), &mut bare);
    let hash = sha1(&[&bare]);
    i64::from_le_bytes(hash[12..20].try_into().expect("8 bytes"))
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// How the client padded the data it encrypted with the server's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsaPadding {
    /// RSA_PAD, MTProto's current scheme.
    RsaPad,
    /// `SHA-1(data) ‖ data ‖ random`, raw RSA (Telethon).
    Sha1,
}

impl ServerKey {
    /// The key with big-endian modulus `n`, public exponent `e` and private exponent `d`.
    /// MTProto needs a 2048-bit modulus; `None` otherwise.
    pub fn from_components(n: &[u8], e: &[u8], d: &[u8]) -> Option<Self> {
        let modulus = BigUint::from_bytes_be(n);
        if modulus.bits() != 2048 {
            return None;
        }
        Some(Self {
            fingerprint: fingerprint(n, e),
            n: modulus,
            d: BigUint::from_bytes_be(d),
        })
    }

    /// The public key's fingerprint, as `resPQ` lists it.
    pub fn fingerprint(&self) -> i64 {
        self.fingerprint
    }

    /// `c^d mod n` as 256 big-endian bytes; `None` when `c` is not below `n`.
    fn decrypt_raw(&self, cipher: &[u8]) -> Option<[u8; 256]> {
        let c = BigUint::from_bytes_be(cipher);
        if cipher.len() != 256 || c >= self.n {
            return None;
        }
        let m = c.modpow(&self.d, &self.n).to_bytes_be();
        let mut out = [0; 256];
        out[256 - m.len()..].copy_from_slice(&m);
        Some(out)
    }

    /// Decrypts `req_DH_params.encrypted_data`. RSA_PAD is tried first and checked by its
    /// SHA-256; otherwise the older padding is returned with `data` and the SHA-1 it claims,
    /// which the caller checks against the TL object it reads from `data` (its length is
    /// known only once parsed). Returns the data, followed by padding.
    pub(crate) fn decrypt_inner_data(&self, cipher: &[u8]) -> Option<PaddedData> {
        let m = self.decrypt_raw(cipher)?;
        if let Some(data) = rsa_pad_inverse(&m) {
            return Some(PaddedData {
                data,
                padding: RsaPadding::RsaPad,
                sha1: None,
            });
        }
        (m[0] == 0).then(|| PaddedData {
            data: m[21..].to_vec(),
            padding: RsaPadding::Sha1,
            sha1: Some(m[1..21].try_into().expect("20 bytes")),
        })
    }
}

/// Data decrypted with the server key.
pub(crate) struct PaddedData {
    /// The TL object, then random padding.
    pub(crate) data: Vec<u8>,
    /// The scheme that decrypted it.
    pub(crate) padding: RsaPadding,
    /// For [`RsaPadding::Sha1`]: the SHA-1 the object must have.
    pub(crate) sha1: Option<[u8; 20]>,
}

/// Undoes RSA_PAD on the 256-byte RSA plaintext; `None` unless its SHA-256 checks out.
fn rsa_pad_inverse(m: &[u8; 256]) -> Option<Vec<u8>> {
    let (temp_key_xor, aes_encrypted) = m.split_at(32);
    let hash = sha256(&[aes_encrypted]);
    let mut temp_key = [0u8; 32];
    for (i, byte) in temp_key.iter_mut().enumerate() {
        *byte = temp_key_xor[i] ^ hash[i];
    }
    let mut data_with_hash = aes_encrypted.to_vec();
    aes::ige_decrypt(&mut data_with_hash, &temp_key, &[0; 32]);
    let (reversed, claimed) = data_with_hash.split_at(192);
    let data_with_padding: Vec<u8> = reversed.iter().rev().copied().collect();
    (sha256(&[&temp_key, &data_with_padding])[..] == *claimed).then_some(data_with_padding)
}

/// AES-256-IGE with the handshake's `tmp_aes_key`/`tmp_aes_iv`, derived from the nonces.
pub(crate) fn handshake_aes(server_nonce: &[u8; 16], new_nonce: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    grammers_crypto::generate_key_data_from_nonce(server_nonce, new_nonce)
}

/// Decrypts an MTProto 1.0 message from the client (x = 0), as `auth.bindTempAuthKey`
/// carries one: `auth_key_id ‖ msg_key ‖ AES-256-IGE(data)` where `msg_key` is the low 128
/// bits of SHA-1 of the data without padding. Returns the data with its padding; the caller
/// checks `msg_key` with [`v1_msg_key`] once it knows the data's length.
pub(crate) fn decrypt_v1(key: &AuthKey, message: &[u8]) -> Option<([u8; 16], Vec<u8>)> {
    if message.len() < 24 + 32 || !(message.len() - 24).is_multiple_of(16) {
        return None;
    }
    let msg_key: [u8; 16] = message[8..24].try_into().expect("16 bytes");
    let k = &key.bytes;
    let a = sha1(&[&msg_key, &k[..32]]);
    let b = sha1(&[&k[32..48], &msg_key, &k[48..64]]);
    let c = sha1(&[&k[64..96], &msg_key]);
    let d = sha1(&[&msg_key, &k[96..128]]);
    let mut aes_key = [0; 32];
    aes_key[..8].copy_from_slice(&a[..8]);
    aes_key[8..20].copy_from_slice(&b[8..20]);
    aes_key[20..].copy_from_slice(&c[4..16]);
    let mut aes_iv = [0; 32];
    aes_iv[..12].copy_from_slice(&a[8..20]);
    aes_iv[12..20].copy_from_slice(&b[..8]);
    aes_iv[20..24].copy_from_slice(&c[16..20]);
    aes_iv[24..].copy_from_slice(&d[..8]);
    let mut data = message[24..].to_vec();
    aes::ige_decrypt(&mut data, &aes_key, &aes_iv);
    Some((msg_key, data))
}

/// MTProto 1.0 `msg_key`: bytes 4..20 of SHA-1 of the unpadded data.
pub(crate) fn v1_msg_key(data: &[u8]) -> [u8; 16] {
    sha1(&[data])[4..].try_into().expect("16 bytes")
}

#[cfg(test)]
mod tests;
