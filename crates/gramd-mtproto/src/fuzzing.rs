//! Entry points for the fuzz targets in `fuzz/` (compiled only with the `fuzzing` feature):
//! transport frames, the handshake and encrypted payloads, each driven through a whole
//! [`Connection`] so that what is fuzzed is every path untrusted bytes take. None may panic;
//! memory stays bounded by the transport's frame limit and the session windows.

use std::sync::Arc;

use crate::connection::{ServerConfig, StoredKey};
use crate::crypto::encrypt_client_message_padded;
use crate::{AuthKey, Connection, Env, KeyStore, MemoryKeyStore, SaltSchedule, ServerKey};

const NOW_MS: u64 = 1_700_000_000_000;

/// The test key of `tests/golden` (its private half is public: for tests only).
fn server_key() -> ServerKey {
    let vectors = include_str!("../tests/golden/vectors.txt");
    let get = |name: &str| -> Vec<u8> {
        let hex = vectors
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
            .expect("vector");
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect()
    };
    ServerKey::from_components(&get("rsa_n"), &get("rsa_e"), &get("rsa_d")).expect("2048 bits")
}

struct Harness {
    conn: Connection,
    keys: MemoryKeyStore,
    rng: u64,
    config: Arc<ServerConfig>,
}

impl Harness {
    fn new() -> Self {
        let config = Arc::new(ServerConfig {
            key: server_key(),
            salts: SaltSchedule::new([1; 32]),
        });
        Self {
            conn: Connection::new(config.clone()),
            keys: MemoryKeyStore::default(),
            rng: 0x9e37_79b9_7f4a_7c15,
            config,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let mut state = self.rng;
        let mut rng = |buf: &mut [u8]| {
            for byte in buf {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *byte = state as u8;
            }
        };
        let mut env = Env {
            now_ms: NOW_MS,
            rng: &mut rng,
            keys: &mut self.keys,
        };
        for event in self.conn.feed(bytes, &mut env) {
            if let crate::Event::Rpc(rpc) = event {
                let answer = crate::RpcAnswer::Ok(vec![0; 4]);
                self.conn
                    .respond(rpc.session_id, rpc.msg_id, answer, &mut env);
            }
        }
        let _ = self.conn.take_output();
        self.rng = state;
    }
}

/// Raw bytes as a connection's stream, fed in pieces whose size the first byte picks.
pub fn transport_frames(data: &[u8]) {
    let [split, rest @ ..] = data else {
        return;
    };
    let mut harness = Harness::new();
    for chunk in rest.chunks(usize::from(*split).max(1)) {
        harness.feed(chunk);
        if harness.conn.is_closing() {
            break;
        }
    }
}

/// Plaintext (handshake) messages on the intermediate transport, after a valid
/// `req_pq_multi` when the first byte is odd. Messages are separated by `0xff 0xff`.
pub fn handshake(data: &[u8]) {
    let [mode, rest @ ..] = data else {
        return;
    };
    let mut harness = Harness::new();
    harness.feed(&[0xee; 4]);
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    if mode % 2 == 1 {
        use grammers_tl_types::Serializable;
        bodies.push(grammers_tl_types::functions::ReqPqMulti { nonce: [7; 16] }.to_bytes());
    }
    bodies.extend(rest.split(|&b| b == 0xff).map(<[u8]>::to_vec));
    for body in bodies {
        let mut message = vec![0; 8];
        message.extend(((NOW_MS as i64 / 1000) << 32).to_le_bytes());
        message.extend((body.len() as i32).to_le_bytes());
        message.extend(&body);
        message.resize(message.len().next_multiple_of(4), 0);
        let mut frame = (message.len() as u32).to_le_bytes().to_vec();
        frame.extend(message);
        harness.feed(&frame);
    }
}

/// Encrypted messages with a known auth key: the input is split into message bodies at
/// `0xff 0xff`; each gets a valid header (the current salt, one session, increasing msg_ids,
/// the seqno from its first byte) and is encrypted as a client would.
pub fn encrypted(data: &[u8]) {
    let mut harness = Harness::new();
    let key = AuthKey::new([5; 256]);
    harness.keys.insert(StoredKey::permanent(key.clone()));
    let salt = harness.config.salts.current(key.id(), NOW_MS as i64 / 1000);
    harness.feed(&[0xee; 4]);
    for (n, body) in data.split(|&b| b == 0xff).enumerate() {
        let mut plaintext = Vec::new();
        plaintext.extend(salt.to_le_bytes());
        plaintext.extend(77i64.to_le_bytes());
        plaintext.extend((((NOW_MS as i64 / 1000) << 32) + 4 * n as i64 + 4).to_le_bytes());
        plaintext.extend(i32::from(body.first().copied().unwrap_or(1)).to_le_bytes());
        let len = body.len().next_multiple_of(4);
        plaintext.extend((len as i32).to_le_bytes());
        plaintext.extend(body);
        plaintext.resize(32 + len, 0);
        let padding = vec![0; 12 + (16 - (plaintext.len() + 12) % 16) % 16];
        let message = encrypt_client_message_padded(&key, &plaintext, &padding);
        let mut frame = (message.len() as u32).to_le_bytes().to_vec();
        frame.extend(message);
        harness.feed(&frame);
        if harness.conn.is_closing() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    /// A quick run of every entry point over pseudo-random inputs, and over mutations of
    /// inputs that reach deep (a valid first handshake step, well-formed containers).
    #[test]
    fn entry_points_survive_random_inputs() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let container = crate::envelope::write_container(&[crate::envelope::InnerMessage {
            msg_id: 4,
            seqno: 1,
            body: vec![0xec, 0x77, 0xbe, 0x7a, 1, 2, 3, 4, 5, 6, 7, 8],
        }]);
        for round in 0..300 {
            let len = (next() % 300) as usize;
            let mut data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            super::transport_frames(&data);
            super::handshake(&data);
            super::encrypted(&data);
            data.splice(0..0, container.iter().copied());
            if round % 2 == 0 {
                let at = (next() as usize) % data.len();
                data[at] ^= next() as u8;
            }
            super::encrypted(&data);
        }
    }
}
