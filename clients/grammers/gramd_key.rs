
/// gramd's key, given at run time in `GRAMD_RSA_KEY` ("FINGERPRINT N E", decimal): the key
/// for `fingerprint` if it is that one. Appended by gramd's clients/grammers/run.sh.
fn gramd_key(fingerprint: i64) -> Option<rsa::Key> {
    let value = std::env::var("GRAMD_RSA_KEY").ok()?;
    let mut parts = value.split_whitespace();
    if parts.next()?.parse::<i64>().ok()? != fingerprint {
        return None;
    }
    rsa::Key::new(parts.next()?, parts.next()?)
}
