//! What the two Rust bots of the compatibility suite share (their behaviour is in
//! compat/README.md, "What every bot does"): the fixtures they send and the SHA-256 they
//! report of the files they download.

/// The album's two photos (the bots run in compat/).
pub const ALBUM: [&str; 2] = ["fixtures/album1.jpg", "fixtures/album2.jpg"];

/// The 429 probe: messages sent one after another to the chat, more than the one a second
/// Telegram allows a bot in a private chat (gramd applies that in the limits scenario).
pub const PROBE_MESSAGES: usize = 3;

/// Lowercase hex SHA-256.
pub fn sha256(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
