//! A connection's raw byte stream (any framing, obfuscated2 included), fed in pieces the first
//! byte sizes: transport detection, frame decoding and whatever the frames lead to.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gramd_mtproto::fuzzing::transport_frames(data));
