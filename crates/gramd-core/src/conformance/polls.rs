//! Polls: a poll is stored once whichever messages show it, its votes are replaced and
//! retracted by voter, and stopping it is for good (see the `polls` service module).

use std::sync::Arc;

use crate::ids::UserId;
use crate::polls::{Poll, PollText, PollVote};
use crate::store::{Store, Write};

fn poll(id: i64, question: &str) -> Poll {
    Poll {
        id,
        creator: UserId(7),
        question: PollText::plain(question),
        options: vec![PollText::plain("yes"), PollText::plain("no")],
        public_voters: true,
        multiple_choice: true,
        quiz: false,
        revoting_disabled: false,
        shuffle_answers: false,
        hide_results_until_close: false,
        correct: Vec::new(),
        solution: None,
        open_period: Some(60),
        close_date: Some(1_800_000_060),
    }
}

fn vote(user: i64, options: &[u8], date: i64) -> Write {
    Write::SetPollVote {
        poll_id: 11,
        vote: PollVote {
            user: UserId(user),
            options: options.to_vec(),
            date,
        },
    }
}

/// A poll round-trips whole; recording it again (a forward) keeps the first record and its
/// votes; votes are one per voter, ordered by voter, replaced, and removed when empty;
/// `StopPoll` sticks; an unknown poll is `None`.
pub async fn polls_round_trip(store: Arc<dyn Store>) {
    let original = poll(11, "Tea?");
    store
        .submit(vec![
            Write::PutPoll(Box::new(original.clone())),
            vote(9, &[1], 10),
            vote(3, &[0, 1], 11),
        ])
        .await
        .unwrap();
    let state = store.poll(11).await.unwrap().expect("the poll is stored");
    assert_eq!(state.poll, original);
    assert!(!state.stopped);
    assert_eq!(
        state.votes,
        vec![
            PollVote {
                user: UserId(3),
                options: vec![0, 1],
                date: 11
            },
            PollVote {
                user: UserId(9),
                options: vec![1],
                date: 10
            },
        ]
    );

    store
        .submit(vec![
            Write::PutPoll(Box::new(poll(11, "Coffee?"))),
            vote(9, &[0], 12),
            vote(3, &[], 13),
        ])
        .await
        .unwrap();
    let state = store.poll(11).await.unwrap().unwrap();
    assert_eq!(state.poll.question.text, "Tea?", "the first record stays");
    assert_eq!(
        state.votes,
        vec![PollVote {
            user: UserId(9),
            options: vec![0],
            date: 12
        }]
    );

    store
        .submit(vec![Write::StopPoll { poll_id: 11 }])
        .await
        .unwrap();
    let state = store.poll(11).await.unwrap().unwrap();
    assert!(state.stopped);
    assert_eq!(state.votes.len(), 1, "stopping keeps the votes");
    store
        .submit(vec![Write::PutPoll(Box::new(poll(11, "Tea?")))])
        .await
        .unwrap();
    assert!(store.poll(11).await.unwrap().unwrap().stopped);
    assert_eq!(store.poll(12).await.unwrap(), None);
}
