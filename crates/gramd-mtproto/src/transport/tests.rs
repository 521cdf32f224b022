use super::*;
use crate::test_vectors::{counting_rng, vector};

fn feed_all(codec: &mut Codec, bytes: &[u8]) -> Vec<Frame> {
    codec.feed(bytes).unwrap()
}

#[test]
fn obfuscated2_matches_the_golden_vectors_both_ways() {
    let mut codec = Codec::new();
    let frames = feed_all(&mut codec, &vector("obf_client_bytes"));
    assert_eq!(codec.framing(), Some(Framing::Intermediate));
    assert!(codec.is_obfuscated());
    assert_eq!(
        frames,
        [Frame {
            payload: vector("obf_payload_in"),
            quick_ack: false
        }]
    );
    let out = codec.encode(&vector("obf_payload_out"), &mut counting_rng(0));
    assert_eq!(out, vector("obf_server_bytes"));
}

#[test]
fn obfuscated2_fed_one_byte_at_a_time() {
    let mut codec = Codec::new();
    let mut frames = Vec::new();
    for byte in vector("obf_client_bytes") {
        frames.extend(feed_all(&mut codec, &[byte]));
    }
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].payload, vector("obf_payload_in"));
}

#[test]
fn obfuscated2_with_an_unknown_inner_tag_is_refused() {
    let mut bytes = vector("obf_client_bytes");
    bytes[57] ^= 0x01;
    assert_eq!(
        Codec::new().feed(&bytes),
        Err(TransportError::UnknownTransport)
    );
}

#[test]
fn full_frames_match_the_golden_vector_and_are_checked() {
    let mut codec = Codec::new();
    let frames = feed_all(&mut codec, &vector("full_frame"));
    assert_eq!(codec.framing(), Some(Framing::Full));
    assert_eq!(frames[0].payload, vector("full_payload"));
    assert_eq!(
        codec.encode(&vector("full_payload"), &mut counting_rng(0)),
        vector("full_frame")
    );

    // The next frame from the client must carry seq 1; a second seq-0 frame is refused.
    assert_eq!(
        codec.feed(&vector("full_frame")),
        Err(TransportError::BadSequence {
            got: 0,
            expected: 1
        })
    );
    let mut corrupt = vector("full_frame");
    corrupt[10] ^= 0xff;
    assert_eq!(
        Codec::new().feed(&corrupt),
        Err(TransportError::BadChecksum)
    );
}

#[test]
fn abridged_short_and_long_lengths_and_quick_ack() {
    let mut codec = Codec::new();
    let mut bytes = vec![0xef, 0x02];
    bytes.extend([1, 2, 3, 4, 5, 6, 7, 8]);
    // 127 words: the long form, with the quick-ack bit (0xff).
    bytes.extend([0xff, 127, 0, 0]);
    bytes.extend(vec![9u8; 508]);
    let frames = feed_all(&mut codec, &bytes);
    assert_eq!(codec.framing(), Some(Framing::Abridged));
    assert_eq!(frames.len(), 2);
    assert_eq!(
        frames[0],
        Frame {
            payload: vec![1, 2, 3, 4, 5, 6, 7, 8],
            quick_ack: false
        }
    );
    assert_eq!(frames[1].payload.len(), 508);
    assert!(frames[1].quick_ack);

    let mut rng = counting_rng(0);
    assert_eq!(codec.encode(&[1, 2, 3, 4], &mut rng), [1, 1, 2, 3, 4]);
    let long = codec.encode(&[0u8; 508], &mut rng);
    assert_eq!(long[..4], [0x7f, 127, 0, 0]);
    assert_eq!(
        codec.encode_error(-404, &mut rng),
        [1, 0x6c, 0xfe, 0xff, 0xff]
    );
    assert_eq!(codec.encode_quick_ack(0x8000_0102), [0x80, 0, 0x01, 0x02]);
}

#[test]
fn intermediate_frames_split_across_reads() {
    let mut codec = Codec::new();
    let mut bytes = vec![0xee; 4];
    for n in 1..=3u8 {
        bytes.extend(8u32.to_le_bytes());
        bytes.extend([n; 8]);
    }
    let (a, b) = bytes.split_at(9);
    let mut frames = feed_all(&mut codec, a);
    assert!(frames.is_empty());
    frames.extend(feed_all(&mut codec, b));
    assert_eq!(
        frames.iter().map(|f| f.payload[0]).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(
        codec.encode(&[5; 4], &mut counting_rng(0)),
        [4, 0, 0, 0, 5, 5, 5, 5]
    );
    assert_eq!(codec.encode_quick_ack(0x8000_0102), [0x02, 0x01, 0, 0x80]);
}

#[test]
fn padded_intermediate_pads_with_up_to_15_bytes() {
    let mut codec = Codec::new();
    let mut bytes = vec![0xdd; 4];
    bytes.extend(11u32.to_le_bytes());
    bytes.extend([7; 11]);
    let frames = feed_all(&mut codec, &bytes);
    assert_eq!(codec.framing(), Some(Framing::PaddedIntermediate));
    assert_eq!(frames[0].payload, [7; 11]);
    let mut rng = counting_rng(1);
    for _ in 0..20 {
        let out = codec.encode(&[1; 8], &mut rng);
        let len = u32::from_le_bytes(out[..4].try_into().unwrap()) as usize;
        assert_eq!(out.len(), 4 + len);
        assert!((8..8 + 16).contains(&len));
        assert_eq!(out[4..12], [1; 8]);
    }
}

#[test]
fn http_and_tls_openings_are_refused() {
    for opening in [
        &b"GET / HTTP/1.1\r\n"[..],
        b"POST /api",
        b"HEAD /",
        &[0x16, 3, 1, 2, 0, 0, 0, 0],
    ] {
        assert_eq!(
            Codec::new().feed(opening),
            Err(TransportError::UnknownTransport),
            "{opening:?}"
        );
    }
}

#[test]
fn oversized_and_misaligned_frames_are_refused() {
    let mut bytes = vec![0xee; 4];
    bytes.extend(((MAX_FRAME + 4) as u32).to_le_bytes());
    assert_eq!(
        Codec::new().feed(&bytes),
        Err(TransportError::TooLarge(MAX_FRAME + 4))
    );
    let mut bytes = vec![0xee; 4];
    bytes.extend(6u32.to_le_bytes());
    assert_eq!(Codec::new().feed(&bytes), Err(TransportError::BadLength(6)));
    let mut full = 13u32.to_le_bytes().to_vec();
    full.extend([0; 4]);
    assert_eq!(Codec::new().feed(&full), Err(TransportError::BadLength(13)));
}

#[test]
fn nothing_is_sent_before_the_framing_is_known() {
    assert!(
        Codec::new()
            .encode(&[0; 4], &mut counting_rng(0))
            .is_empty()
    );
}
