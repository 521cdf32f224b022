//! Layer conversion on untrusted bytes: a call from a layer-198 client (what the MTProto
//! edge converts before the client API reads it).
//!
//! Whatever converts must be a call that layer 230 reads back, of the same function.

#![no_main]

use std::sync::LazyLock;

use gramd_tl::Bridge;
use libfuzzer_sys::fuzz_target;

static BRIDGE: LazyLock<Bridge> = LazyLock::new(Bridge::layer_198_to_230);

fuzz_target!(|data: &[u8]| {
    let bridge = &*BRIDGE;
    let Ok(call) = bridge.call_to_server(data) else {
        return;
    };
    let read = bridge
        .server()
        .decode_function(&call.bytes)
        .unwrap_or_else(|e| panic!("{}: a converted call does not decode: {e}", call.function()));
    assert_eq!(read["_"], call.function());
});
