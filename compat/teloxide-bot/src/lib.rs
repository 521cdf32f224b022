//! What the two Rust bots of the compatibility suite share (their behaviour is in
//! compat/README.md, "What every bot does"): the fixtures they send and the SHA-256 they
//! report of the files they download.

/// The album's two photos (the bots run in compat/).
pub const ALBUM: [&str; 2] = ["fixtures/album1.jpg", "fixtures/album2.jpg"];

/// The 429 probe: BURST photos sent at once, up to BURST_ROUNDS times. A large photo keeps
/// a request in flight while gramd makes its sizes, so that with one request in flight per
/// bot (the limits scenario's setting) the others are refused.
pub const BURST_PHOTO: &str = "fixtures/burst.jpg";
/// Photos sent at once by the 429 probe.
pub const BURST: usize = 4;
/// Rounds of the 429 probe at most.
pub const BURST_ROUNDS: usize = 3;

/// Lowercase hex SHA-256.
pub fn sha256(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
