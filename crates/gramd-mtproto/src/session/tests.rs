use super::*;

const NOW_MS: u64 = 1_700_000_000_500;

fn client_msg_id(secs_offset: i64, n: i64) -> i64 {
    (((NOW_MS / 1000) as i64 + secs_offset) << 32) + n * 4
}

#[test]
fn server_msg_ids_are_time_based_monotonic_and_tagged() {
    let mut session = Session::new(1);
    let a = session.next_msg_id(NOW_MS, true);
    let b = session.next_msg_id(NOW_MS, false);
    let c = session.next_msg_id(NOW_MS, true);
    assert_eq!(a >> 32, (NOW_MS / 1000) as i64);
    assert_ne!(
        a & 0xffff_ffff & !3,
        0,
        "the low 32 bits hold the fraction of a second"
    );
    assert_eq!((a % 4, b % 4, c % 4), (1, 3, 1));
    assert!(a < b && b < c);
    // A clock going backwards does not make ids go backwards.
    assert!(session.next_msg_id(NOW_MS - 10_000, false) > c);
}

#[test]
fn seqnos_count_content_related_messages() {
    let mut session = Session::new(1);
    let seqnos: Vec<i32> = [true, false, true, true, false]
        .into_iter()
        .map(|c| session.next_seqno(c))
        .collect();
    assert_eq!(seqnos, [1, 2, 3, 5, 6]);
}

#[test]
fn client_msg_ids_are_checked_against_parity_clock_and_window() {
    let mut session = Session::new(1);
    assert_eq!(
        session.check_msg_id(client_msg_id(0, 1) + 2, NOW_MS, false),
        Err(BadMsg::MsgIdParity)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(-301, 1), NOW_MS, false),
        Err(BadMsg::MsgIdTooLow)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(31, 1), NOW_MS, false),
        Err(BadMsg::MsgIdTooHigh)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(-299, 1), NOW_MS, false),
        Ok(Received::New)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(29, 1), NOW_MS, false),
        Ok(Received::New)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(29, 1), NOW_MS, false),
        Ok(Received::Duplicate)
    );
    assert_eq!(
        session.check_msg_id(client_msg_id(29, 1), NOW_MS, true),
        Err(BadMsg::ContainerIdReused)
    );
}

#[test]
fn ids_older_than_a_full_window_are_too_old() {
    let mut session = Session::new(1);
    for n in 1..=RECEIVED_WINDOW as i64 {
        assert_eq!(
            session.check_msg_id(client_msg_id(0, n + 10), NOW_MS, false),
            Ok(Received::New)
        );
    }
    assert_eq!(
        session.check_msg_id(client_msg_id(0, 1), NOW_MS, false),
        Err(BadMsg::TooOld)
    );
    assert_eq!(session.message_state(client_msg_id(0, 1), NOW_MS), 1);
    assert_eq!(session.message_state(client_msg_id(0, 20), NOW_MS), 4);
    assert_eq!(session.message_state(client_msg_id(0, 10_000), NOW_MS), 3);
    assert_eq!(
        session.check_msg_id(client_msg_id(0, RECEIVED_WINDOW as i64 + 11), NOW_MS, false),
        Ok(Received::New)
    );
}

#[test]
fn seqno_parity_and_order() {
    let mut session = Session::new(1);
    assert_eq!(session.check_seqno(2, true), Err(BadMsg::OddSeqnoExpected));
    assert_eq!(
        session.check_seqno(3, false),
        Err(BadMsg::EvenSeqnoExpected)
    );
    assert_eq!(session.check_seqno(5, true), Ok(()));
    assert_eq!(session.check_seqno(6, false), Ok(()));
    assert_eq!(session.check_seqno(5, true), Err(BadMsg::SeqnoTooLow));
    assert_eq!(
        session.check_seqno(7 + SEQNO_JUMP, true),
        Err(BadMsg::SeqnoTooHigh)
    );
    assert_eq!(
        session.check_seqno(71, true),
        Ok(()),
        "a jump like Telethon's +64 is fine"
    );
}

#[test]
fn unacknowledged_messages_are_kept_and_resent() {
    let mut session = Session::new(1);
    session.queue(vec![1; 4], true, true);
    session.queue(vec![2; 4], false, true);
    let sent = session.drain_queue(NOW_MS);
    assert_eq!(
        session.unacked_count(),
        1,
        "only content-related messages wait for an ack"
    );
    session.requeue_unacked();
    let resent = session.drain_queue(NOW_MS);
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0].body, sent[0].body);
    assert!(
        resent[0].msg_id > sent[1].msg_id,
        "a resent message gets a new msg_id"
    );
    session.acknowledged(&[resent[0].msg_id]);
    assert_eq!(session.unacked_count(), 0);
    assert_eq!(session.requeue(&[resent[0].msg_id]), [resent[0].msg_id]);
}
