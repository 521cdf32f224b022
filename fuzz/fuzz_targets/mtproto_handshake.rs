//! Plaintext handshake messages (split at 0xff) on the intermediate transport, optionally after a
//! valid req_pq_multi: RSA decryption, both paddings, the DH steps.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gramd_mtproto::fuzzing::handshake(data));
