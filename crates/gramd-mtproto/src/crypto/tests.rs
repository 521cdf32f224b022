use super::*;
use crate::test_vectors::{server_key, vector};

fn golden_key() -> AuthKey {
    AuthKey::new(vector("auth_key").try_into().expect("256 bytes"))
}

#[test]
fn auth_key_id_is_the_low_64_bits_of_sha1() {
    let id = i64::from_le_bytes(vector("auth_key_id").try_into().unwrap());
    assert_eq!(golden_key().id(), id);
}

#[test]
fn server_message_encryption_matches_the_golden_vector() {
    let encrypted = encrypt_server_message_padded(
        &golden_key(),
        &vector("server_plaintext"),
        &vector("server_padding"),
    );
    assert_eq!(encrypted, vector("server_message"));
}

#[test]
fn client_message_decrypts_to_the_golden_plaintext_with_its_quick_ack_token() {
    let decrypted = decrypt_client_message(&golden_key(), &vector("client_message")).unwrap();
    let mut expected = vector("server_plaintext");
    expected.extend(vector("server_padding"));
    assert_eq!(decrypted.plaintext, expected);
    let token = u32::from_le_bytes(vector("client_quick_ack").try_into().unwrap());
    assert_eq!(decrypted.quick_ack_token, token);
}

#[test]
fn a_server_message_is_not_a_client_message() {
    // The directions use different key slices (x = 8 and x = 0).
    let err = decrypt_client_message(&golden_key(), &vector("server_message")).unwrap_err();
    assert_eq!(err, DecryptError::MsgKeyMismatch);
}

#[test]
fn tampered_and_truncated_client_messages_are_refused() {
    let mut message = vector("client_message");
    let last = message.len() - 1;
    message[last] ^= 1;
    assert_eq!(
        decrypt_client_message(&golden_key(), &message).unwrap_err(),
        DecryptError::MsgKeyMismatch
    );
    let short = &vector("client_message")[..30];
    assert_eq!(
        decrypt_client_message(&golden_key(), short).unwrap_err(),
        DecryptError::BadLength(30)
    );
}

#[test]
fn random_padding_is_12_to_1024_bytes_to_a_block_boundary() {
    let key = golden_key();
    let mut rng = crate::test_vectors::counting_rng(3);
    for len in (0..200).step_by(4) {
        let plaintext = vec![7u8; 32 + len];
        let encrypted = encrypt_server_message(&key, &plaintext, &mut rng);
        let padding = encrypted.len() - 24 - plaintext.len();
        assert!((12..=1024).contains(&padding), "padding {padding}");
        assert_eq!((encrypted.len() - 24) % 16, 0);
    }
}

#[test]
fn grammers_client_encryption_and_ours_interoperate() {
    use grammers_crypto::{AuthKey as ClientKey, DequeBuffer, decrypt_data_v2, encrypt_data_v2};
    let bytes: [u8; 256] = vector("auth_key").try_into().unwrap();
    let client_key = ClientKey::from_bytes(bytes);
    let plaintext = vector("server_plaintext");

    let mut buffer = DequeBuffer::with_capacity(plaintext.len(), 24);
    buffer.extend(plaintext.iter().copied());
    encrypt_data_v2(&mut buffer, &client_key);
    let decrypted = decrypt_client_message(&golden_key(), buffer.as_ref()).unwrap();
    assert_eq!(&decrypted.plaintext[..plaintext.len()], &plaintext[..]);

    let mut ours = encrypt_server_message(
        &golden_key(),
        &plaintext,
        &mut crate::test_vectors::counting_rng(9),
    );
    let theirs = decrypt_data_v2(&mut ours, &client_key).unwrap();
    assert_eq!(&theirs[..plaintext.len()], &plaintext[..]);
}

#[test]
fn fingerprint_of_telegrams_production_key() {
    // Telegram's production RSA key (core.telegram.org/mtproto/auth_key) and the fingerprint
    // every client library pairs with it.
    let n = "29379598170669337022986177149456128565388431120058863768162556424047512191330847455146576344487764408661701890505066208632169112269581063774293102577308490531282748465986139880977280302242772832972539403531316010870401287642763009136156734339538042419388722777357134487746169093539093850251243897188928735903389451772730245253062963384108812842079887538976360465290946139638691491496062099570836476454855996319192747663615955633778034897140982517446405334423701359108810182097749467210509584293428076654573384828809574217079944388301239431309115013843331317877374435868468779972014486325557807783825502498215169806323";
    let n = BigUint::parse_bytes(n.as_bytes(), 10)
        .unwrap()
        .to_bytes_be();
    assert_eq!(fingerprint(&n, &[1, 0, 1]), -3414540481677951611);
}

#[test]
fn fingerprint_of_the_test_key_matches_the_golden_vector() {
    let expected = i64::from_le_bytes(vector("rsa_fingerprint").try_into().unwrap());
    assert_eq!(server_key().fingerprint(), expected);
}

#[test]
fn rsa_pad_decrypts_and_is_checked() {
    let key = server_key();
    let decrypted = key.decrypt_inner_data(&vector("rsa_pad_cipher")).unwrap();
    assert_eq!(decrypted.padding, RsaPadding::RsaPad);
    assert_eq!(decrypted.data, vector("rsa_pad_data_with_padding"));
    assert_eq!(decrypted.sha1, None);
}

#[test]
fn telethons_sha1_padding_decrypts_with_the_hash_to_check() {
    let key = server_key();
    let decrypted = key.decrypt_inner_data(&vector("rsa_sha1_cipher")).unwrap();
    assert_eq!(decrypted.padding, RsaPadding::Sha1);
    let data = vector("rsa_data");
    assert_eq!(&decrypted.data[..data.len()], &data[..]);
    assert_eq!(decrypted.sha1, Some(sha1(&[&data])));
}

#[test]
fn ciphertexts_not_below_the_modulus_or_of_the_wrong_size_are_refused() {
    let key = server_key();
    assert!(key.decrypt_inner_data(&[0xff; 256]).is_none());
    assert!(key.decrypt_inner_data(&[1; 255]).is_none());
}

#[test]
fn only_2048_bit_keys_are_accepted() {
    assert!(ServerKey::from_components(&[0x80; 128], &[1, 0, 1], &[1; 128]).is_none());
}
