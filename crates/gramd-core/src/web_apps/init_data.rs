//! Signing a mini app's launch data (`initData`) exactly as Telegram signs it
//! (<https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app>):
//!
//! - `signature`: Ed25519, with the server's own key pair ([`WebAppKey`]), over
//!   `<bot_id>:WebAppData\n` followed by every other field (without `hash` and
//!   `signature`) as `key=value`, sorted, one per line; base64url without padding. Third
//!   parties validate it with the server's public key (`gramd webapp public-key`), as they
//!   validate Telegram's with Telegram's.
//! - `hash`: hex HMAC-SHA-256 of every field but `hash` (so `signature` included), sorted,
//!   one per line, with the key HMAC-SHA-256(key = `"WebAppData"`, message = bot token).
//!
//! The key pair is the binary's to keep (a file in the data directory); it reaches the core
//! through [`CoreConfig`](crate::CoreConfig) at start-up.

use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey};
use hmac::{Hmac, KeyInit as _, Mac as _};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::Sha256;

/// What JavaScript's `encodeURIComponent` leaves alone, as Telegram's clients encode
/// `initData`: letters, digits and `-_.!~*'()`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Percent-encodes a URL component as `encodeURIComponent` does.
#[must_use]
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The server's Ed25519 key pair for `initData` signatures.
#[derive(Clone)]
pub struct WebAppKey(SigningKey);

impl std::fmt::Debug for WebAppKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebAppKey({})", self.public_key_hex())
    }
}

impl Default for WebAppKey {
    /// A fresh random key (tests and throwaway servers; the binary loads its own).
    fn default() -> Self {
        Self::generate()
    }
}

impl WebAppKey {
    /// The key pair of a 32-byte Ed25519 secret key.
    #[must_use]
    pub fn from_secret(secret: [u8; 32]) -> Self {
        Self(SigningKey::from_bytes(&secret))
    }

    /// A fresh random key pair.
    #[must_use]
    pub fn generate() -> Self {
        let mut secret = [0u8; 32];
        // The OS generator failing is not recoverable in any useful way.
        getrandom::fill(&mut secret).expect("operating system random source");
        Self::from_secret(secret)
    }

    /// The 32-byte secret key, for saving.
    #[must_use]
    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key, 32 bytes as 64 lowercase hex digits (the form Telegram publishes its
    /// own in).
    #[must_use]
    pub fn public_key_hex(&self) -> String {
        hex(self.0.verifying_key().as_bytes())
    }
}

/// Launch data to sign: `key=value` fields (values unencoded; complex ones already JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InitData {
    fields: Vec<(String, String)>,
}

impl InitData {
    /// Empty launch data.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field.
    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.fields.push((key.to_owned(), value.into()));
    }

    /// Signs the fields for `bot` (with its full token `<id>:<secret>`) and returns the
    /// query string, `signature` and `hash` included, each value percent-encoded.
    #[must_use]
    pub fn sign(mut self, bot_id: i64, bot_token: &str, key: &WebAppKey) -> String {
        self.fields.sort();
        let signed = format!("{bot_id}:WebAppData\n{}", check_string(&self.fields));
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(key.0.sign(signed.as_bytes()).to_bytes());
        self.fields.push(("signature".into(), signature));
        self.fields.sort();
        let hash = hash(&self.fields, bot_token);
        self.fields.push(("hash".into(), hash));
        self.fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The fields as `key=value` lines, in order.
fn check_string(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `hash` of sorted fields (without `hash`).
fn hash(fields: &[(String, String)], bot_token: &str) -> String {
    let mut secret = <Hmac<Sha256>>::new_from_slice(b"WebAppData").expect("any key length");
    secret.update(bot_token.as_bytes());
    let secret = secret.finalize().into_bytes();
    let mut mac = <Hmac<Sha256>>::new_from_slice(&secret).expect("any key length");
    mac.update(check_string(fields).as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signature, Verifier as _};

    use super::*;

    fn parse(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let v = percent_encoding::percent_decode_str(v)
                    .decode_utf8()
                    .unwrap()
                    .into_owned();
                (k.to_owned(), v)
            })
            .collect()
    }

    #[test]
    fn hash_and_signature_validate_as_the_docs_describe() {
        let key = WebAppKey::from_secret([7; 32]);
        let token = "42:secret";
        let mut data = InitData::new();
        data.push("user", r#"{"id":1,"first_name":"Ann & Bo"}"#);
        data.push("auth_date", "1700000000");
        data.push("query_id", "AAAB");
        let query = data.sign(42, token, &key);
        let mut fields = parse(&query);
        let (last, hash_value) = fields.pop().unwrap();
        assert_eq!(last, "hash");
        assert_eq!(hash(&fields, token), hash_value);
        assert_ne!(hash(&fields, "42:other"), hash_value);

        let at = fields.iter().position(|(k, _)| k == "signature").unwrap();
        let (_, signature) = fields.remove(at);
        let signed = format!("42:WebAppData\n{}", check_string(&fields));
        assert_eq!(
            signed,
            "42:WebAppData\nauth_date=1700000000\nquery_id=AAAB\nuser={\"id\":1,\"first_name\":\"Ann & Bo\"}"
        );
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(signature)
            .unwrap();
        let signature = Signature::from_slice(&signature).unwrap();
        let public = key.0.verifying_key();
        assert!(public.verify(signed.as_bytes(), &signature).is_ok());
        assert!(public.verify(b"43:WebAppData\n", &signature).is_err());
    }

    #[test]
    fn values_are_encoded_as_encode_uri_component_does() {
        assert_eq!(
            encode_component("a b&c={\"x\"}"),
            "a%20b%26c%3D%7B%22x%22%7D"
        );
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(encode_component("é"), "%C3%A9");
    }

    #[test]
    fn the_public_key_is_64_hex_digits_and_stable() {
        let key = WebAppKey::from_secret([1; 32]);
        assert_eq!(key.public_key_hex().len(), 64);
        assert_eq!(
            WebAppKey::from_secret(key.secret()).public_key_hex(),
            key.public_key_hex()
        );
        assert_ne!(WebAppKey::generate().public_key_hex(), key.public_key_hex());
    }
}
