//! MTProto 2.0, server side, without I/O.
//!
//! Bytes that arrive on a connection go into [`Connection::feed`]; what comes out is a list of
//! [`Event`]s for the caller (an RPC to run, an auth key to persist, a temporary key bound)
//! and bytes to write back ([`Connection::take_output`]). The caller answers an RPC with
//! [`Connection::respond`] and sends updates with [`Connection::push`]. Time and randomness
//! come in through [`Env`]: the clock is a parameter of every call and randomness an
//! [`Entropy`] the caller supplies, so every byte this crate produces can be reproduced in a
//! test. Auth keys live with the caller too: the crate asks for them through [`KeyStore`] and
//! announces new ones as events.
//!
//! # Layout
//! - [`transport`]: the TCP framings (abridged, intermediate, padded intermediate, full) and
//!   obfuscated2, told apart by a connection's first bytes.
//! - [`crypto`]: the server-direction message encryption, auth key ids, the server's RSA key
//!   (fingerprint and decryption with RSA_PAD or the older SHA-1 padding).
//! - [`handshake`]: auth key creation (`req_pq_multi` to `dh_gen_ok`), permanent and temporary.
//! - [`session`]: per-session state: server msg_ids and seqnos, the client msg_id window,
//!   outgoing messages not yet acknowledged.
//! - [`salt`]: server salts with 30-minute validity windows, derived from a secret.
//! - [`envelope`]: the hand-written TL of the message layer (`rpc_result`, `msg_container`,
//!   `gzip_packed`) and the unwrapping of `invokeWithLayer`, `initConnection` and friends.
//! - [`connection`]: one client connection, tying the above together.
//! - `client` (feature `client`): the client half, for gramd's tests, benchmarks and drills.

#[cfg(any(test, feature = "client"))]
pub mod client;
pub mod connection;
pub mod crypto;
pub mod envelope;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod handshake;
pub mod salt;
pub mod session;
pub mod transport;

#[cfg(test)]
mod test_vectors;

pub use connection::{
    BoundTempKey, Connection, Env, Event, KeyStore, MemoryKeyStore, RpcAnswer, RpcRequest,
    StoredKey,
};
pub use crypto::{AuthKey, ServerKey};
pub use envelope::InitConnection;
pub use salt::SaltSchedule;
pub use transport::Framing;

/// A source of random bytes. The edge passes the operating system's generator; tests pass a
/// seeded one so that their output is byte-exact.
pub trait Entropy {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

impl<F: FnMut(&mut [u8])> Entropy for F {
    fn fill(&mut self, buf: &mut [u8]) {
        self(buf)
    }
}

/// Reads `N` random bytes.
pub(crate) fn random_array<const N: usize>(rng: &mut dyn Entropy) -> [u8; N] {
    let mut out = [0; N];
    rng.fill(&mut out);
    out
}

/// Reads a random `u64`.
pub(crate) fn random_u64(rng: &mut dyn Entropy) -> u64 {
    u64::from_le_bytes(random_array(rng))
}

/// SHA-1 of the concatenation of `parts`.
pub(crate) fn sha1(parts: &[&[u8]]) -> [u8; 20] {
    use sha1::Digest;
    let mut hasher = sha1::Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// SHA-256 of the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}
