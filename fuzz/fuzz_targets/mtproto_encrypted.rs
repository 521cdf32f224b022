//! Encrypted message bodies (split at 0xff) under a known auth key with valid headers:
//! containers, gzip_packed, service messages, invoke wrappers and RPC answers.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gramd_mtproto::fuzzing::encrypted(data));
