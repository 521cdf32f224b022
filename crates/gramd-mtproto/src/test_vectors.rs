//! The golden vectors of `tests/golden/vectors.txt`, computed by `make_vectors.py` (an
//! independent Python implementation of the spec's formulas).

/// The vector named `name`.
pub(crate) fn vector(name: &str) -> Vec<u8> {
    let text = include_str!("../tests/golden/vectors.txt");
    let hex = text
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no vector {name}"));
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The test RSA key of `tests/golden/test_key.pem`.
pub(crate) fn server_key() -> crate::ServerKey {
    crate::ServerKey::from_components(&vector("rsa_n"), &vector("rsa_e"), &vector("rsa_d"))
        .expect("a 2048-bit key")
}

/// A deterministic [`crate::Entropy`]: bytes counting up from `seed`.
pub(crate) fn counting_rng(seed: u8) -> impl FnMut(&mut [u8]) {
    let mut next = seed;
    move |buf: &mut [u8]| {
        for byte in buf {
            *byte = next;
            next = next.wrapping_mul(31).wrapping_add(7);
        }
    }
}
