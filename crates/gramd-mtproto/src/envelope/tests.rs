use grammers_tl_types::{Serializable, functions as f};

use super::*;

#[test]
fn containers_round_trip() {
    let messages = vec![
        InnerMessage {
            msg_id: 4,
            seqno: 1,
            body: vec![1, 2, 3, 4],
        },
        InnerMessage {
            msg_id: 8,
            seqno: 2,
            body: vec![],
        },
    ];
    let bytes = write_container(&messages);
    assert_eq!(bytes[..8], [0xdc, 0xf8, 0xf1, 0x73, 2, 0, 0, 0]);
    assert_eq!(read_container(&bytes).unwrap(), messages);
}

#[test]
fn malformed_containers_are_refused() {
    let good = write_container(&[InnerMessage {
        msg_id: 4,
        seqno: 1,
        body: vec![1, 2, 3, 4],
    }]);
    assert!(read_container(&good[..good.len() - 1]).is_err());
    let mut trailing = good.clone();
    trailing.extend([0; 4]);
    assert!(read_container(&trailing).is_err());
    let mut huge = MSG_CONTAINER.to_le_bytes().to_vec();
    huge.extend(1025i32.to_le_bytes());
    assert!(read_container(&huge).is_err());
    let mut negative = good;
    negative[20..24].copy_from_slice(&(-4i32).to_le_bytes());
    assert!(read_container(&negative).is_err());
}

#[test]
fn gzip_packed_round_trips_and_is_bounded() {
    let data = vec![42u8; 5000];
    let packed = write_gzip_packed(&data);
    assert_eq!(constructor(&packed), Some(GZIP_PACKED));
    assert_eq!(read_gzip_packed(&packed).unwrap(), data);
    let bomb = write_gzip_packed(&vec![0u8; MAX_INFLATED + 1]);
    assert_eq!(read_gzip_packed(&bomb), Err(EnvelopeError::BadGzip));
    let mut garbage = GZIP_PACKED.to_le_bytes().to_vec();
    crate::crypto::tl_bytes(b"not gzip", &mut garbage);
    assert_eq!(read_gzip_packed(&garbage), Err(EnvelopeError::BadGzip));
}

#[test]
fn long_results_are_gzipped_short_ones_not() {
    let short = write_rpc_result(8, &[1, 2, 3, 4]);
    assert_eq!(
        short,
        [0x01, 0x6d, 0x5c, 0xf3, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]
    );
    let long = write_rpc_result(8, &[0u8; 4096]);
    assert_eq!(constructor(&long[12..]), Some(GZIP_PACKED));
    assert_eq!(read_gzip_packed(&long[12..]).unwrap(), [0u8; 4096]);
}

#[test]
fn invoke_wrappers_are_unwrapped() {
    let query = f::help::GetConfig {}.to_bytes();
    let wrapped = f::InvokeWithLayer {
        layer: 229,
        query: f::InitConnection {
            api_id: 6,
            device_model: "PC".into(),
            system_version: "Linux".into(),
            app_version: "1.45.0".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: f::InvokeWithoutUpdates {
                query: f::InvokeAfterMsg {
                    msg_id: 77,
                    query: f::help::GetConfig {},
                },
            },
        },
    }
    .to_bytes();
    let unwrapped = unwrap_query(&wrapped).unwrap();
    assert_eq!(unwrapped.query, query);
    assert_eq!(unwrapped.layer, Some(229));
    assert!(unwrapped.without_updates);
    assert_eq!(unwrapped.after_msgs, [77]);
    let init = unwrapped.init_connection.unwrap();
    assert_eq!((init.api_id, init.app_version.as_str()), (6, "1.45.0"));

    let bare = unwrap_query(&query).unwrap();
    assert_eq!((bare.query, bare.layer), (query, None));
    assert!(unwrap_query(&wrapped[..10]).is_err());
}
