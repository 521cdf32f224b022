//! A connection driven by clients: grammers' own message layer and transport after a
//! handshake done with grammers-crypto's client primitives, and a raw client (grammers-crypto's
//! client-direction encryption, hand-built messages) for the checks a library never trips.

use std::time::{SystemTime, UNIX_EPOCH};

use grammers_crypto::{self as client_crypto, DequeBuffer};
use grammers_mtproto::mtp::Deserialization;
use grammers_tl_types::{self as tl, Deserializable, Serializable, functions as f};

use super::*;
use crate::client::{ClientSession, FullTransport, KeyExchange, PublicKey, Step};
use crate::crypto::RsaPadding;
use crate::test_vectors::{counting_rng, server_key, vector};

struct Server {
    config: Arc<ServerConfig>,
    keys: MemoryKeyStore,
    rng: Box<dyn Entropy>,
    now_ms: u64,
}

impl Server {
    fn new(now_ms: u64) -> Self {
        Self {
            config: Arc::new(ServerConfig {
                key: server_key(),
                salts: SaltSchedule::new([7; 32]),
            }),
            keys: MemoryKeyStore::default(),
            rng: Box::new(counting_rng(1)),
            now_ms,
        }
    }

    fn env(&mut self) -> Env<'_> {
        Env {
            now_ms: self.now_ms,
            rng: &mut *self.rng,
            keys: &mut self.keys,
        }
    }

    fn connect(&self) -> Connection {
        Connection::new(self.config.clone())
    }

    fn feed(&mut self, conn: &mut Connection, bytes: &[u8]) -> (Vec<Event>, Vec<u8>) {
        let events = conn.feed(bytes, &mut self.env());
        (events, conn.take_output())
    }
}

fn system_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// The client's randomness: a counter mixed with the clock, different on every run.
fn client_rng() -> impl FnMut(&mut [u8]) {
    let mut counter = counting_rng(0x5a);
    move |buf: &mut [u8]| {
        counter(buf);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        for (i, b) in buf.iter_mut().enumerate() {
            *b ^= (nanos >> (i % 4 * 8)) as u8;
        }
    }
}

fn public_key() -> PublicKey {
    PublicKey::from_components(&vector("rsa_n"), &vector("rsa_e"))
}

/// The one plain answer in `bytes`.
fn plain_reply(client: &mut FullTransport, bytes: &[u8]) -> Vec<u8> {
    let mut bodies = client.plain_bodies(bytes).unwrap();
    assert_eq!(bodies.len(), 1, "one reply");
    bodies.remove(0)
}

/// Runs the client half of the handshake ([`KeyExchange`]) against the server; returns the
/// auth key and the first salt, once the server has announced and stored the key.
fn client_handshake(
    server: &mut Server,
    conn: &mut Connection,
    client: &mut FullTransport,
    padding: RsaPadding,
    temp_expires_in: Option<i32>,
) -> ([u8; 256], i64) {
    assert_eq!(public_key().fingerprint(), server.config.key.fingerprint());
    let mut rng = client_rng();
    let mut exchange = KeyExchange::new(public_key(), padding, temp_expires_in);
    let mut body = exchange.start(&mut rng);
    let mut events = Vec::new();
    let key = loop {
        let (new_events, out) = server.feed(conn, &client.pack_plain(&body));
        events.extend(new_events);
        match exchange
            .answer(&plain_reply(client, &out), &mut rng)
            .unwrap()
        {
            Step::Send(next) => body = next,
            Step::Done(key) => break key,
        }
    };
    let id = AuthKey::new(key.auth_key).id();
    assert_eq!(
        events,
        [Event::AuthKeyCreated {
            auth_key_id: id,
            temporary: temp_expires_in.is_some()
        }]
    );
    assert_eq!(server.keys.get(id).unwrap().key.bytes(), &key.auth_key);
    (key.auth_key, key.first_salt)
}

/// Pushes requests through grammers' message layer and returns the transport bytes.
fn grammers_send(session: &mut ClientSession, requests: &[Vec<u8>]) -> (Vec<u8>, Vec<i64>) {
    let ids = requests
        .iter()
        .map(|r| session.push(r).expect("pushed"))
        .collect();
    (session.take_output(), ids)
}

fn grammers_receive(session: &mut ClientSession, bytes: &[u8]) -> Vec<Deserialization> {
    session.receive(bytes).unwrap()
}

fn rpcs(events: &[Event]) -> Vec<RpcRequest> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Rpc(rpc) => Some((**rpc).clone()),
            _ => None,
        })
        .collect()
}

fn init_get_config(layer: i32) -> Vec<u8> {
    f::InvokeWithLayer {
        layer,
        query: f::InitConnection {
            api_id: 1,
            device_model: "test".into(),
            system_version: "1".into(),
            app_version: "0.11.0".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: f::help::GetConfig {},
        },
    }
    .to_bytes()
}

#[test]
fn grammers_client_creates_a_key_and_runs_rpcs() {
    let mut server = Server::new(system_now_ms());
    let mut conn = server.connect();
    let mut client = FullTransport::new();
    let (auth_key, first_salt) = client_handshake(
        &mut server,
        &mut conn,
        &mut client,
        RsaPadding::RsaPad,
        None,
    );
    assert_eq!(conn.framing(), Some(Framing::Full));

    let mut mtp = ClientSession::new(client, auth_key, first_salt);
    // With one salt, grammers first asks for more (get_future_salts) and sends nothing else.
    assert!(mtp.push(&f::help::GetConfig {}.to_bytes()).is_none());
    let (events, out) = server.feed(&mut conn, &mtp.take_output());
    assert!(matches!(events[..], [Event::SessionStarted { .. }]));
    let notes = grammers_receive(&mut mtp, &out);
    assert!(
        notes
            .iter()
            .all(|d| !matches!(d, Deserialization::Failure(_)))
    );
    let (bytes, ids) = grammers_send(&mut mtp, &[init_get_config(230)]);
    server.now_ms = system_now_ms();
    let (events, out) = server.feed(&mut conn, &bytes);
    let calls = rpcs(&events);
    assert_eq!(calls.len(), 1, "{events:?}");
    let call = &calls[0];
    assert_eq!(call.msg_id, ids[0]);
    assert_eq!(call.query, f::help::GetConfig {}.to_bytes());
    assert_eq!(call.layer, Some(230));
    assert_eq!(call.init_connection.as_ref().unwrap().app_version, "0.11.0");
    assert_eq!(server.keys.get(call.auth_key_id).unwrap().layer, Some(230));
    // new_session_created, future_salts (grammers asks as soon as it holds one salt), acks.
    let notes = grammers_receive(&mut mtp, &out);
    assert!(
        notes
            .iter()
            .all(|d| !matches!(d, Deserialization::Failure(_)))
    );

    let answer = tl::types::NearestDc {
        country: "XX".into(),
        this_dc: 1,
        nearest_dc: 1,
    }
    .to_bytes();
    conn.respond(
        call.session_id,
        call.msg_id,
        RpcAnswer::Ok(answer.clone()),
        &mut server.env(),
    );
    let results = grammers_receive(&mut mtp, &conn.take_output());
    assert!(
        results
            .iter()
            .any(|d| matches!(d, Deserialization::RpcResult(r) if r.body == answer)),
        "the result reaches the client"
    );

    // An error, and a long (gzipped) result.
    let (bytes, ids) = grammers_send(
        &mut mtp,
        &[
            f::updates::GetState {}.to_bytes(),
            f::help::GetNearestDc {}.to_bytes(),
        ],
    );
    let (events, out) = server.feed(&mut conn, &bytes);
    grammers_receive(&mut mtp, &out);
    let calls = rpcs(&events);
    assert_eq!(calls.iter().map(|c| c.msg_id).collect::<Vec<_>>(), ids);
    assert_eq!(
        calls[0].layer,
        Some(230),
        "the layer is remembered for the key"
    );
    let error = RpcAnswer::Error {
        code: 401,
        message: "AUTH_KEY_UNREGISTERED".into(),
    };
    conn.respond(
        calls[0].session_id,
        calls[0].msg_id,
        error,
        &mut server.env(),
    );
    let long = tl::types::NearestDc {
        country: "Y".repeat(5000),
        this_dc: 1,
        nearest_dc: 1,
    }
    .to_bytes();
    conn.respond(
        calls[1].session_id,
        calls[1].msg_id,
        RpcAnswer::Ok(long.clone()),
        &mut server.env(),
    );
    let results = grammers_receive(&mut mtp, &conn.take_output());
    assert!(results.iter().any(
        |d| matches!(d, Deserialization::RpcError(e) if e.error.error_code == 401 && e.error.error_message == "AUTH_KEY_UNREGISTERED")
    ));
    assert!(
        results
            .iter()
            .any(|d| matches!(d, Deserialization::RpcResult(r) if r.body == long))
    );

    // ping → pong.
    let (bytes, _) = grammers_send(&mut mtp, &[f::Ping { ping_id: 99 }.to_bytes()]);
    let (_, out) = server.feed(&mut conn, &bytes);
    let pong = tl::enums::Pong::Pong(tl::types::Pong {
        msg_id: 0,
        ping_id: 99,
    })
    .to_bytes();
    let results = grammers_receive(&mut mtp, &out);
    assert!(
        results
            .iter()
            .any(|d| matches!(d, Deserialization::RpcResult(r) if r.body[12..] == pong[12..])),
        "{}",
        results.len()
    );
}

#[test]
fn telethon_style_sha1_padding_and_salt_zero() {
    let mut server = Server::new(system_now_ms());
    let mut conn = server.connect();
    let mut client = FullTransport::new();
    let (auth_key, _) =
        client_handshake(&mut server, &mut conn, &mut client, RsaPadding::Sha1, None);
    // Telethon and GramJS start with salt 0 and learn the salt from bad_server_salt.
    let mut mtp = ClientSession::new(client, auth_key, 0);
    let mut saw_bad_salt = false;
    let mut events = Vec::new();
    for _ in 0..4 {
        let pushed = mtp.push(&init_get_config(229));
        let (new_events, out) = server.feed(&mut conn, &mtp.take_output());
        events.extend(new_events);
        let results = grammers_receive(&mut mtp, &out);
        saw_bad_salt |= results
            .iter()
            .any(|d| matches!(d, Deserialization::BadMessage(b) if b.code == 48));
        if pushed.is_some() && !rpcs(&events).is_empty() {
            break;
        }
    }
    assert!(saw_bad_salt, "salt 0 is answered with bad_server_salt");
    let calls = rpcs(&events);
    assert_eq!(
        calls.len(),
        1,
        "the query is processed once the salt is right"
    );
    assert_eq!(calls[0].layer, Some(229));
}

#[test]
fn unknown_keys_and_failed_handshakes_get_404() {
    let mut server = Server::new(system_now_ms());
    let mut conn = server.connect();
    let mut mtp = ClientSession::new(FullTransport::new(), [9; 256], 0);
    let (bytes, _) = grammers_send(&mut mtp, &[f::help::GetConfig {}.to_bytes()]);
    let (_, out) = server.feed(&mut conn, &bytes);
    assert_eq!(
        mtp.raw_payloads(&out).unwrap(),
        [(-404i32).to_le_bytes().to_vec()]
    );
    assert!(conn.is_closing());

    let mut conn = server.connect();
    let mut client = FullTransport::new();
    let request = client.pack_plain(
        &f::SetClientDhParams {
            nonce: [0; 16],
            server_nonce: [0; 16],
            encrypted_data: vec![],
        }
        .to_bytes(),
    );
    let (_, out) = server.feed(&mut conn, &request);
    assert_eq!(
        client.payloads(&out).unwrap(),
        [(-404i32).to_le_bytes().to_vec()]
    );
    // Every later handshake message fails too.
    let request = client.pack_plain(&f::ReqPqMulti { nonce: [1; 16] }.to_bytes());
    let (_, out) = server.feed(&mut conn, &request);
    assert_eq!(
        client.payloads(&out).unwrap(),
        [(-404i32).to_le_bytes().to_vec()]
    );
}

/// A client that builds each message by hand on the intermediate transport.
struct RawClient {
    key: client_crypto::AuthKey,
    key_id: i64,
    session_id: i64,
    salt: i64,
    started: bool,
}

const NOW_MS: u64 = 1_700_000_000_000;

impl RawClient {
    fn new(server: &mut Server, key_bytes: [u8; 256], session_id: i64) -> Self {
        let key = AuthKey::new(key_bytes);
        server.keys.insert(StoredKey::permanent(key.clone()));
        Self {
            key: client_crypto::AuthKey::from_bytes(key_bytes),
            key_id: key.id(),
            session_id,
            salt: server
                .config
                .salts
                .current(key.id(), (server.now_ms / 1000) as i64),
            started: false,
        }
    }

    fn msg_id(n: i64) -> i64 {
        (((NOW_MS / 1000) as i64) << 32) + n * 4
    }

    fn message(&mut self, msg_id: i64, seqno: i32, body: &[u8]) -> Vec<u8> {
        let mut plaintext = Vec::new();
        plaintext.extend(self.salt.to_le_bytes());
        plaintext.extend(self.session_id.to_le_bytes());
        plaintext.extend(msg_id.to_le_bytes());
        plaintext.extend(seqno.to_le_bytes());
        plaintext.extend((body.len() as i32).to_le_bytes());
        plaintext.extend(body);
        let mut buffer = DequeBuffer::with_capacity(plaintext.len(), 24);
        buffer.extend(plaintext);
        client_crypto::encrypt_data_v2(&mut buffer, &self.key);
        let mut out = Vec::new();
        if !self.started {
            out.extend([0xee; 4]);
            self.started = true;
        }
        out.extend((buffer.len() as u32).to_le_bytes());
        out.extend(buffer.as_ref());
        out
    }

    /// Decrypts the server's bytes into (msg_id, seqno, body), containers opened.
    fn read(&self, bytes: &[u8]) -> Vec<(i64, i32, Vec<u8>)> {
        let mut out = Vec::new();
        let mut rest = bytes;
        while rest.len() >= 4 {
            let len = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
            let mut payload = rest[4..4 + len].to_vec();
            rest = &rest[4 + len..];
            assert_eq!(
                i64::from_le_bytes(payload[..8].try_into().unwrap()),
                self.key_id
            );
            let plain = client_crypto::decrypt_data_v2(&mut payload, &self.key).unwrap();
            assert_eq!(
                i64::from_le_bytes(plain[8..16].try_into().unwrap()),
                self.session_id
            );
            let msg_id = i64::from_le_bytes(plain[16..24].try_into().unwrap());
            let seqno = i32::from_le_bytes(plain[24..28].try_into().unwrap());
            let len = i32::from_le_bytes(plain[28..32].try_into().unwrap()) as usize;
            let body = plain[32..32 + len].to_vec();
            assert_eq!(msg_id % 2, 1, "server msg_ids are odd");
            if envelope::constructor(&body) == Some(envelope::MSG_CONTAINER) {
                for inner in envelope::read_container(&body).unwrap() {
                    assert!(inner.msg_id < msg_id);
                    out.push((inner.msg_id, inner.seqno, inner.body));
                }
            } else {
                out.push((msg_id, seqno, body));
            }
        }
        out
    }
}

fn bad_msg_codes(messages: &[(i64, i32, Vec<u8>)]) -> Vec<(i64, i32)> {
    messages
        .iter()
        .filter_map(
            |(_, _, body)| match tl::enums::BadMsgNotification::from_bytes(body) {
                Ok(tl::enums::BadMsgNotification::Notification(n)) => {
                    Some((n.bad_msg_id, n.error_code))
                }
                Ok(tl::enums::BadMsgNotification::BadServerSalt(n)) => {
                    Some((n.bad_msg_id, n.error_code))
                }
                Err(_) => None,
            },
        )
        .collect()
}

fn raw_setup() -> (Server, Connection, RawClient) {
    let mut server = Server::new(NOW_MS);
    let conn = server.connect();
    let client = RawClient::new(&mut server, [3; 256], 0x5e55);
    (server, conn, client)
}

#[test]
fn a_new_session_is_announced_and_rpcs_are_acknowledged() {
    let (mut server, mut conn, mut client) = raw_setup();
    let first = RawClient::msg_id(1);
    let (events, out) = server.feed(
        &mut conn,
        &client.message(first, 1, &f::help::GetConfig {}.to_bytes()),
    );
    assert_eq!(rpcs(&events).len(), 1);
    let messages = client.read(&out);
    let created = messages
        .iter()
        .find_map(
            |(id, seqno, body)| match tl::enums::NewSession::from_bytes(body) {
                Ok(tl::enums::NewSession::Created(c)) => Some((*id, *seqno, c)),
                Err(_) => None,
            },
        )
        .expect("new_session_created");
    assert_eq!(created.2.first_msg_id, first);
    assert_eq!(created.0 % 4, 3, "not a response");
    assert_eq!(created.1 % 2, 1, "content-related");
    assert_eq!(created.2.server_salt, client.salt);
    let ack = messages
        .iter()
        .find_map(|(_, seqno, body)| {
            tl::enums::MsgsAck::from_bytes(body)
                .ok()
                .map(|a| (*seqno, a))
        })
        .expect("msgs_ack");
    let tl::enums::MsgsAck::Ack(ack_body) = ack.1;
    assert_eq!(ack_body.msg_ids, [first]);
    assert_eq!(ack.0 % 2, 0, "acks are not content-related");
}

#[test]
fn bad_msg_notifications_carry_the_right_codes() {
    let (mut server, mut conn, mut client) = raw_setup();
    let query = f::help::GetConfig {}.to_bytes();
    let ack = tl::enums::MsgsAck::Ack(tl::types::MsgsAck { msg_ids: vec![1] }).to_bytes();
    let now = (NOW_MS / 1000) as i64;
    let cases: Vec<(i64, i32, Vec<u8>, i32)> = vec![
        (RawClient::msg_id(1) + 1, 1, query.clone(), 18),
        ((now - 301) << 32, 1, query.clone(), 16),
        ((now + 31) << 32, 1, query.clone(), 17),
        (RawClient::msg_id(2), 2, query.clone(), 35),
        (RawClient::msg_id(3), 1, ack.clone(), 34),
        (RawClient::msg_id(4), 9, query.clone(), 0),
        (RawClient::msg_id(5), 7, query.clone(), 32),
        (
            RawClient::msg_id(6),
            11 + crate::session::SEQNO_JUMP,
            query.clone(),
            33,
        ),
    ];
    for (msg_id, seqno, body, code) in cases {
        let (events, out) = server.feed(&mut conn, &client.message(msg_id, seqno, &body));
        let codes = bad_msg_codes(&client.read(&out));
        if code == 0 {
            assert!(codes.is_empty(), "{codes:?}");
            assert_eq!(rpcs(&events).len(), 1);
        } else {
            assert_eq!(codes, [(msg_id, code)]);
            assert!(rpcs(&events).is_empty());
        }
    }
    // The same msg_id again is a duplicate, ignored silently; as a container's, it is 19.
    let (events, out) = server.feed(&mut conn, &client.message(RawClient::msg_id(4), 13, &query));
    assert!(events.is_empty() && client.read(&out).is_empty());
    let container = envelope::write_container(&[]);
    let (_, out) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(4), 14, &container),
    );
    assert_eq!(
        bad_msg_codes(&client.read(&out)),
        [(RawClient::msg_id(4), 19)]
    );

    // A wrong salt: bad_server_salt with the current salt.
    client.salt ^= 1;
    let (_, out) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(20), 15, &query),
    );
    let messages = client.read(&out);
    assert_eq!(bad_msg_codes(&messages), [(RawClient::msg_id(20), 48)]);
    let Ok(tl::enums::BadMsgNotification::BadServerSalt(bad)) =
        tl::enums::BadMsgNotification::from_bytes(&messages[0].2)
    else {
        panic!()
    };
    assert_eq!(bad.new_server_salt, client.salt ^ 1);
    // The same message (msg_id and seqno) sent again with the right salt is processed.
    client.salt = bad.new_server_salt;
    let (events, _) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(20), 15, &query),
    );
    assert_eq!(rpcs(&events).len(), 1);
}

#[test]
fn containers_are_unpacked_and_checked() {
    let (mut server, mut conn, mut client) = raw_setup();
    let query = f::help::GetConfig {}.to_bytes();
    let container = envelope::write_container(&[
        InnerMessage {
            msg_id: RawClient::msg_id(1),
            seqno: 1,
            body: query.clone(),
        },
        InnerMessage {
            msg_id: RawClient::msg_id(2),
            seqno: 3,
            body: envelope::write_gzip_packed(&f::help::GetNearestDc {}.to_bytes()),
        },
        InnerMessage {
            msg_id: RawClient::msg_id(9),
            seqno: 5,
            body: query.clone(),
        },
    ]);
    let (events, out) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(3), 6, &container),
    );
    let calls = rpcs(&events);
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[1].query,
        f::help::GetNearestDc {}.to_bytes(),
        "gzip_packed is inflated"
    );
    // The third message's id is above the container's: invalid (64).
    assert_eq!(
        bad_msg_codes(&client.read(&out)),
        [(RawClient::msg_id(9), 64)]
    );
}

#[test]
fn service_messages_are_answered() {
    let (mut server, mut conn, mut client) = raw_setup();
    let get_salts = f::GetFutureSalts { num: 3 }.to_bytes();
    let (_, out) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(1), 1, &get_salts),
    );
    let salts = client
        .read(&out)
        .into_iter()
        .find_map(|(id, seqno, body)| {
            tl::enums::FutureSalts::from_bytes(&body)
                .ok()
                .map(|s| (id, seqno, s))
        })
        .expect("future_salts");
    let tl::enums::FutureSalts::Salts(list) = salts.2;
    assert_eq!(list.req_msg_id, RawClient::msg_id(1));
    assert_eq!(salts.0 % 4, 1, "a response");
    assert_eq!(list.salts.0.len(), 3);
    assert_eq!(list.salts.0[0].salt, client.salt);
    let now = (NOW_MS / 1000) as i32;
    assert!(list.salts.0[0].valid_since <= now && now < list.salts.0[0].valid_until);
    assert_eq!(list.salts.0[1].valid_since, list.salts.0[0].valid_until);
    // The next salt is accepted.
    client.salt = list.salts.0[1].salt;
    server.now_ms += 1000 * crate::salt::SALT_PERIOD as u64;
    let ping = f::PingDelayDisconnect {
        ping_id: 5,
        disconnect_delay: 75,
    }
    .to_bytes();
    let msg_id = RawClient::msg_id(2) + (crate::salt::SALT_PERIOD << 32);
    let (_, out) = server.feed(&mut conn, &client.message(msg_id, 3, &ping));
    let messages = client.read(&out);
    assert!(bad_msg_codes(&messages).is_empty());
    let Ok(tl::enums::Pong::Pong(pong)) = tl::enums::Pong::from_bytes(&messages[0].2) else {
        panic!("pong")
    };
    assert_eq!((pong.msg_id, pong.ping_id), (msg_id, 5));
    assert_eq!(conn.disconnect_at(), Some(server.now_ms + 75_000));

    // msgs_state_req: the ping was received; an id far ahead was not.
    let req = tl::types::MsgsStateReq {
        msg_ids: vec![msg_id, msg_id + (10 << 32)],
    };
    let mut body = tl::enums::MsgsStateReq::Req(req).to_bytes();
    let state_id = msg_id + 4;
    let (_, out) = server.feed(&mut conn, &client.message(state_id, 4, &body));
    let info = client
        .read(&out)
        .into_iter()
        .find_map(|(_, _, b)| tl::enums::MsgsStateInfo::from_bytes(&b).ok());
    let Some(tl::enums::MsgsStateInfo::Info(info)) = info else {
        panic!("msgs_state_info")
    };
    assert_eq!((info.req_msg_id, info.info), (state_id, vec![4, 3]));

    // destroy_session of an unknown session.
    body = f::DestroySession { session_id: 77 }.to_bytes();
    let (_, out) = server.feed(&mut conn, &client.message(state_id + 4, 5, &body));
    let res = client
        .read(&out)
        .into_iter()
        .find_map(|(_, _, b)| tl::enums::DestroySessionRes::from_bytes(&b).ok());
    assert!(
        matches!(res, Some(tl::enums::DestroySessionRes::DestroySessionNone(n)) if n.session_id == 77)
    );
}

#[test]
fn dropped_answers_are_not_sent_and_unacked_results_are_resent_after_a_reconnect() {
    let (mut server, mut conn, mut client) = raw_setup();
    let query = f::help::GetConfig {}.to_bytes();
    let (events, _) = server.feed(&mut conn, &client.message(RawClient::msg_id(1), 1, &query));
    let call = rpcs(&events).remove(0);
    let drop = f::RpcDropAnswer {
        req_msg_id: call.msg_id,
    }
    .to_bytes();
    let (_, out) = server.feed(&mut conn, &client.message(RawClient::msg_id(2), 3, &drop));
    let messages = client.read(&out);
    let dropped = tl::enums::RpcDropAnswer::RpcAnswerDroppedRunning.to_bytes();
    assert!(
        messages
            .iter()
            .any(|(_, _, b)| b[12..] == dropped[..]
                && b[4..12] == RawClient::msg_id(2).to_le_bytes())
    );
    conn.respond(
        call.session_id,
        call.msg_id,
        RpcAnswer::Ok(vec![1, 2, 3, 4]),
        &mut server.env(),
    );
    assert!(
        conn.take_output().is_empty(),
        "a dropped answer is not sent"
    );

    // A result the client never acknowledges...
    let (events, _) = server.feed(&mut conn, &client.message(RawClient::msg_id(3), 5, &query));
    let call = rpcs(&events).remove(0);
    conn.respond(
        call.session_id,
        call.msg_id,
        RpcAnswer::Ok(vec![9, 9, 9, 9]),
        &mut server.env(),
    );
    let result = envelope::write_rpc_result(call.msg_id, &[9, 9, 9, 9]);
    assert!(
        client
            .read(&conn.take_output())
            .iter()
            .any(|(_, _, b)| *b == result)
    );
    conn.close(&mut server.keys);

    // ...is sent again when the client comes back in the same session.
    let mut conn = server.connect();
    client.started = false;
    let ping = f::Ping { ping_id: 1 }.to_bytes();
    let (events, out) = server.feed(&mut conn, &client.message(RawClient::msg_id(4), 7, &ping));
    assert!(
        events
            .iter()
            .all(|e| matches!(e, Event::SessionStarted { .. }))
    );
    let messages = client.read(&out);
    assert!(messages.iter().any(|(_, _, b)| *b == result), "resent");
    // The session is the old one: its new_session_created, never acknowledged either, is
    // resent as it was.
    for (_, _, body) in &messages {
        if let Ok(tl::enums::NewSession::Created(created)) = tl::enums::NewSession::from_bytes(body)
        {
            assert_eq!(created.first_msg_id, RawClient::msg_id(1));
        }
    }
    // Acknowledged, it is not sent a third time.
    let resent_id = messages.iter().find(|(_, _, b)| *b == result).unwrap().0;
    let ack = tl::enums::MsgsAck::Ack(tl::types::MsgsAck {
        msg_ids: vec![resent_id],
    })
    .to_bytes();
    server.feed(&mut conn, &client.message(RawClient::msg_id(5), 8, &ack));
    conn.close(&mut server.keys);
    let mut conn = server.connect();
    client.started = false;
    let (_, out) = server.feed(&mut conn, &client.message(RawClient::msg_id(6), 9, &ping));
    assert!(client.read(&out).iter().all(|(_, _, b)| *b != result));
}

#[test]
fn a_temporary_key_is_bound_with_auth_bind_temp_auth_key() {
    let mut server = Server::new(NOW_MS);
    let perm = AuthKey::new(vector("auth_key").try_into().unwrap());
    server.keys.insert(StoredKey::permanent(perm.clone()));
    let temp_bytes: [u8; 256] = vector("bind_temp_key").try_into().unwrap();
    let mut client = RawClient::new(&mut server, temp_bytes, 0x5e55);
    let temp_id = client.key_id;
    server.keys.keys.get_mut(&temp_id).unwrap().expires_at = Some((NOW_MS / 1000) as i64 + 3600);
    let mut conn = server.connect();

    let bind = |encrypted_message: Vec<u8>| {
        f::InvokeWithLayer {
            layer: 230,
            query: f::auth::BindTempAuthKey {
                perm_auth_key_id: perm.id(),
                nonce: 0x1234,
                expires_at: 1_700_086_400,
                encrypted_message,
            },
        }
        .to_bytes()
    };
    let result_of = |messages: &[(i64, i32, Vec<u8>)], req: i64| {
        messages
            .iter()
            .find(|(_, _, b)| {
                b[..4] == envelope::RPC_RESULT.to_le_bytes() && b[4..12] == req.to_le_bytes()
            })
            .map(|(_, _, b)| b[12..].to_vec())
            .expect("rpc_result")
    };
    // The binding message names msg_id 7: sent under another msg_id, it is refused.
    let (events, out) = server.feed(
        &mut conn,
        &client.message(
            RawClient::msg_id(6),
            1,
            &bind(vector("bind_encrypted_message")),
        ),
    );
    assert!(events.iter().all(|e| !matches!(e, Event::TempKeyBound(_))));
    let error =
        tl::enums::RpcError::from_bytes(&result_of(&client.read(&out), RawClient::msg_id(6)))
            .unwrap();
    assert!(
        matches!(error, tl::enums::RpcError::Error(e) if e.error_message == "ENCRYPTED_MESSAGE_INVALID")
    );

    let (events, out) = server.feed(
        &mut conn,
        &client.message(
            RawClient::msg_id(7),
            3,
            &bind(vector("bind_encrypted_message")),
        ),
    );
    let binding = BoundTempKey {
        temp_key_id: temp_id,
        perm_key_id: perm.id(),
        expires_at: 1_700_086_400,
    };
    assert!(events.contains(&Event::TempKeyBound(binding)));
    assert_eq!(
        result_of(&client.read(&out), RawClient::msg_id(7)),
        true.to_bytes()
    );
    assert_eq!(
        server.keys.get(temp_id).unwrap().perm_key_id,
        Some(perm.id())
    );

    // Later queries on the temporary key name the permanent one.
    let (events, _) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(8), 5, &f::help::GetConfig {}.to_bytes()),
    );
    assert_eq!(rpcs(&events)[0].perm_auth_key_id, Some(perm.id()));
    // Once expired, the temporary key is unknown.
    server.now_ms = 1_700_086_400_000;
    let (_, out) = server.feed(
        &mut conn,
        &client.message(RawClient::msg_id(9), 7, &f::help::GetConfig {}.to_bytes()),
    );
    assert_eq!(out, [4, 0, 0, 0, 0x6c, 0xfe, 0xff, 0xff]);
}

#[test]
fn a_temporary_key_is_created_with_p_q_inner_data_temp_dc() {
    let mut server = Server::new(system_now_ms());
    let mut conn = server.connect();
    let mut client = FullTransport::new();
    let (auth_key, _) = client_handshake(
        &mut server,
        &mut conn,
        &mut client,
        RsaPadding::RsaPad,
        Some(3600),
    );
    let stored = server.keys.get(AuthKey::new(auth_key).id()).unwrap();
    assert_eq!(
        stored.expires_at,
        Some((server.now_ms / 1000) as i64 + 3600)
    );
}
