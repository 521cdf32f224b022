//! Polls and quizzes (<https://core.telegram.org/api/poll>,
//! <https://core.telegram.org/bots/api#sendpoll>).
//!
//! A poll is a message's content ([`Content::Poll`](crate::messages::Content::Poll)) that
//! holds what never changes: the question, the options and the settings. What changes after
//! it is sent lives in the store under the poll's id ([`PollState`]): every voter's choice
//! and whether it was closed. Every copy of the message, forwards included, shows the same
//! poll.
//!
//! The rules are Telegram's server's: a question of 1-300 characters, 2-12 options of 1-100
//! characters each, distinct; a quiz names its correct options (exactly one unless it allows
//! several answers) and may explain them in up to 200 characters; a poll closes at a date
//! 5 s to a month ahead, or after a period as long, or when its sender stops it. A failed
//! check names Telegram's error for it (`POLL_ANSWERS_INVALID`,
//! `QUIZ_CORRECT_ANSWERS_EMPTY`, …), which both edges pass on. Voting: a choice of existing
//! options (one unless multiple answers are allowed), changed or retracted only while the
//! poll allows revoting (a quiz never does), never once it is closed.

use gramd_text::MessageEntity;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;

/// Most characters of a question.
pub const MAX_QUESTION_CHARS: usize = 300;
/// Most characters of an option.
pub const MAX_OPTION_CHARS: usize = 100;
/// Fewest options of a poll.
pub const MIN_OPTIONS: usize = 2;
/// Most options of a poll.
pub const MAX_OPTIONS: usize = 12;
/// Most characters of a quiz's explanation.
pub const MAX_SOLUTION_CHARS: usize = 200;
/// Shortest time (seconds) before a poll closes by itself.
pub const MIN_OPEN_PERIOD: i64 = 5;
/// Longest time (seconds) before a poll closes by itself (a month, as in Bot API 10.1).
pub const MAX_OPEN_PERIOD: i64 = 2_628_000;

/// A text with entities (a question, an option, an explanation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollText {
    /// The text.
    pub text: String,
    /// Its entities, UTF-16 offsets.
    #[serde(default)]
    pub entities: Vec<MessageEntity>,
}

impl PollText {
    /// A text without entities.
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            entities: Vec::new(),
        }
    }
}

/// A poll as sent: what its every copy shows and never changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct Poll {
    /// Its id, shared by every message showing it.
    pub id: i64,
    /// Who sent it first: the bot that gets its updates and may stop it.
    pub creator: UserId,
    /// The question.
    pub question: PollText,
    /// The options; an option's index is its id (`option_ids`), the decimal text of the
    /// index its TL `option` bytes and Bot API `persistent_id`.
    pub options: Vec<PollText>,
    /// Voters are shown to the others (the Bot API's `is_anonymous` false).
    pub public_voters: bool,
    /// A voter may choose several options.
    pub multiple_choice: bool,
    /// It is a quiz: some options are correct.
    pub quiz: bool,
    /// A vote cannot be changed or retracted.
    pub revoting_disabled: bool,
    /// Clients show the options in random order.
    #[serde(default)]
    pub shuffle_answers: bool,
    /// Results are shown only once it is closed.
    #[serde(default)]
    pub hide_results_until_close: bool,
    /// A quiz's correct options, ascending.
    #[serde(default)]
    pub correct: Vec<u8>,
    /// A quiz's explanation.
    #[serde(default)]
    pub solution: Option<PollText>,
    /// For how long it was open when sent (seconds), if it closes by itself that way.
    #[serde(default)]
    pub open_period: Option<i32>,
    /// When it closes by itself (Unix time).
    #[serde(default)]
    pub close_date: Option<i64>,
}

impl Poll {
    /// The TL `option` bytes of the option at `index`.
    #[must_use]
    pub fn option_bytes(index: u8) -> Vec<u8> {
        index.to_string().into_bytes()
    }

    /// The index of the option with these TL `option` bytes.
    #[must_use]
    pub fn option_index(&self, bytes: &[u8]) -> Option<u8> {
        let index: u8 = std::str::from_utf8(bytes).ok()?.parse().ok()?;
        (usize::from(index) < self.options.len() && Self::option_bytes(index) == bytes)
            .then_some(index)
    }
}

/// A poll to send, as an edge read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct OutgoingPoll {
    /// The question.
    pub question: PollText,
    /// The options.
    pub options: Vec<PollText>,
    /// Anonymous (the Bot API's default) or with public voters.
    pub public_voters: bool,
    /// Several options may be chosen.
    pub multiple_choice: bool,
    /// A quiz.
    pub quiz: bool,
    /// Votes may be changed (`None`: Telegram's default, yes for a regular poll and no
    /// for a quiz).
    pub allows_revoting: Option<bool>,
    /// Show the options in random order.
    pub shuffle_answers: bool,
    /// Hide the results until it closes.
    pub hide_results_until_close: bool,
    /// A quiz's correct options.
    pub correct: Vec<i64>,
    /// A quiz's explanation.
    pub solution: Option<PollText>,
    /// Close after this many seconds.
    pub open_period: Option<i64>,
    /// Close at this Unix time.
    pub close_date: Option<i64>,
    /// Send it closed (a preview).
    pub closed: bool,
}

fn invalid(name: &'static str) -> CoreError {
    CoreError::refused(name)
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

impl OutgoingPoll {
    /// Checks the poll and makes it the poll `id` of `creator`, sent at `now`.
    ///
    /// # Errors
    /// `Refused` with Telegram's name for what is wrong.
    pub fn validated(self, id: i64, creator: UserId, now: i64) -> CoreResult<Poll> {
        let question = trimmed(self.question);
        if question.text.is_empty() || chars(&question.text) > MAX_QUESTION_CHARS {
            return Err(invalid("POLL_QUESTION_INVALID"));
        }
        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&self.options.len()) {
            return Err(invalid("POLL_ANSWERS_INVALID"));
        }
        let options: Vec<PollText> = self.options.into_iter().map(trimmed).collect();
        if options
            .iter()
            .any(|o| o.text.is_empty() || chars(&o.text) > MAX_OPTION_CHARS)
        {
            return Err(invalid("POLL_ANSWER_INVALID"));
        }
        for (i, option) in options.iter().enumerate() {
            if options[..i].iter().any(|o| o.text == option.text) {
                return Err(invalid("POLL_OPTION_DUPLICATE"));
            }
        }
        let (correct, solution) = if self.quiz {
            let mut correct = Vec::with_capacity(self.correct.len());
            for &index in &self.correct {
                let index = u8::try_from(index)
                    .ok()
                    .filter(|i| usize::from(*i) < options.len())
                    .ok_or_else(|| invalid("QUIZ_CORRECT_ANSWER_INVALID"))?;
                correct.push(index);
            }
            correct.sort_unstable();
            correct.dedup();
            if correct.is_empty() {
                return Err(invalid("QUIZ_CORRECT_ANSWERS_EMPTY"));
            }
            if correct.len() > 1 && !self.multiple_choice {
                return Err(invalid("QUIZ_CORRECT_ANSWERS_TOO_MUCH"));
            }
            let solution = self.solution.map(trimmed).filter(|s| !s.text.is_empty());
            if solution
                .as_ref()
                .is_some_and(|s| chars(&s.text) > MAX_SOLUTION_CHARS)
            {
                return Err(invalid("POLL_SOLUTION_INVALID"));
            }
            (correct, solution)
        } else {
            (Vec::new(), None)
        };
        let (open_period, close_date) = match (self.open_period, self.close_date) {
            (Some(_), Some(_)) => return Err(invalid("POLL_CLOSE_INVALID")),
            (Some(period), None) => {
                if !(MIN_OPEN_PERIOD..=MAX_OPEN_PERIOD).contains(&period) {
                    return Err(invalid("POLL_CLOSE_PERIOD_INVALID"));
                }
                (i32::try_from(period).ok(), Some(now + period))
            }
            (None, Some(date)) => {
                if !(MIN_OPEN_PERIOD..=MAX_OPEN_PERIOD).contains(&(date - now)) {
                    return Err(invalid("POLL_CLOSE_DATE_INVALID"));
                }
                (None, Some(date))
            }
            (None, None) => (None, None),
        };
        Ok(Poll {
            id,
            creator,
            question,
            options,
            public_voters: self.public_voters,
            multiple_choice: self.multiple_choice,
            quiz: self.quiz,
            revoting_disabled: !self.allows_revoting.unwrap_or(!self.quiz) || self.quiz,
            shuffle_answers: self.shuffle_answers,
            hide_results_until_close: self.hide_results_until_close,
            correct,
            solution,
            open_period,
            close_date,
        })
    }
}

fn trimmed(mut text: PollText) -> PollText {
    let trimmed = text.text.trim_end();
    if trimmed.len() != text.text.len() {
        text.text.truncate(trimmed.len());
    }
    if text.text.starts_with(char::is_whitespace) {
        // Leading blanks would shift every entity; such a text keeps only its words.
        text.text = text.text.trim_start().to_owned();
        text.entities.clear();
    }
    let len = u32::try_from(text.text.encode_utf16().count()).unwrap_or(u32::MAX);
    text.entities.retain(|e| e.offset + e.length <= len);
    text
}

/// One voter's choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollVote {
    /// The voter.
    pub user: UserId,
    /// The chosen options' indexes, ascending.
    pub options: Vec<u8>,
    /// When they chose (Unix time).
    pub date: i64,
}

/// A poll as it is now: its votes and whether it was closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollState {
    /// The poll.
    pub poll: Poll,
    /// Stopped by its sender (or sent closed).
    pub stopped: bool,
    /// Every current vote, by voter id.
    pub votes: Vec<PollVote>,
}

impl PollState {
    /// Whether it is closed at `now`: stopped, or past its close date.
    #[must_use]
    pub fn is_closed(&self, now: i64) -> bool {
        self.stopped || self.poll.close_date.is_some_and(|date| date <= now)
    }

    /// How many voters chose each option, in option order.
    #[must_use]
    pub fn voter_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.poll.options.len()];
        for vote in &self.votes {
            for &option in &vote.options {
                if let Some(count) = counts.get_mut(usize::from(option)) {
                    *count += 1;
                }
            }
        }
        counts
    }

    /// How many users voted.
    #[must_use]
    pub fn total_voters(&self) -> u32 {
        u32::try_from(self.votes.len()).unwrap_or(u32::MAX)
    }

    /// What `user` chose, if they voted.
    #[must_use]
    pub fn vote_of(&self, user: UserId) -> Option<&PollVote> {
        self.votes.iter().find(|v| v.user == user)
    }

    /// Checks `user`'s new choice at `now` (empty: retract their vote) and gives it back
    /// ascending and without repeats; `Ok(None)` when it is the choice they already made.
    ///
    /// # Errors
    /// `Refused`: `MESSAGE_POLL_CLOSED` for a closed poll, `OPTIONS_TOO_MUCH` for several options of a single-answer poll,
    /// `OPTION_INVALID` for an option it lacks, `REVOTE_NOT_ALLOWED` for a change to a vote
    /// where revoting is off.
    pub fn check_vote(
        &self,
        user: UserId,
        options: &[u8],
        now: i64,
    ) -> CoreResult<Option<Vec<u8>>> {
        if self.is_closed(now) {
            return Err(invalid("MESSAGE_POLL_CLOSED"));
        }
        let mut chosen = options.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.len() > 1 && !self.poll.multiple_choice {
            return Err(invalid("OPTIONS_TOO_MUCH"));
        }
        if chosen
            .iter()
            .any(|o| usize::from(*o) >= self.poll.options.len())
        {
            return Err(invalid("OPTION_INVALID"));
        }
        let previous = self.vote_of(user).map(|v| v.options.as_slice());
        if previous.unwrap_or_default() == chosen.as_slice() {
            return Ok(None);
        }
        if previous.is_some() && self.poll.revoting_disabled {
            return Err(invalid("REVOTE_NOT_ALLOWED"));
        }
        Ok(Some(chosen))
    }
}

/// What changed in a poll, as a bot hears of it: the poll's new state, and for a vote in a
/// poll with public voters, the voter's new choice (`poll_answer`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollUpdate {
    /// The poll.
    pub poll: Poll,
    /// Closed at the time of the update.
    pub closed: bool,
    /// Voters per option.
    pub voter_counts: Vec<u32>,
    /// Voters in all.
    pub total_voters: u32,
}

impl PollUpdate {
    /// A snapshot of `state` at `now`.
    #[must_use]
    pub fn of(state: &PollState, now: i64) -> Self {
        Self {
            poll: state.poll.clone(),
            closed: state.is_closed(now),
            voter_counts: state.voter_counts(),
            total_voters: state.total_voters(),
        }
    }
}

/// A voter's new choice in a poll with public voters (`poll_answer`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollAnswer {
    /// The poll.
    pub poll_id: i64,
    /// The voter.
    pub user: UserId,
    /// The chosen options (empty: the vote was retracted).
    pub options: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll() -> OutgoingPoll {
        OutgoingPoll {
            question: PollText::plain("Which?"),
            options: vec![PollText::plain("a"), PollText::plain("b")],
            ..OutgoingPoll::default()
        }
    }

    fn refused(poll: OutgoingPoll) -> CoreError {
        poll.validated(1, UserId(1), 100).unwrap_err()
    }

    #[test]
    fn a_poll_needs_a_question_and_two_to_twelve_distinct_options() {
        assert!(poll().validated(1, UserId(1), 100).is_ok());
        let one = OutgoingPoll {
            options: vec![PollText::plain("a")],
            ..poll()
        };
        assert_eq!(refused(one), invalid("POLL_ANSWERS_INVALID"));
        let many = OutgoingPoll {
            options: (0..13).map(|i| PollText::plain(i.to_string())).collect(),
            ..poll()
        };
        assert_eq!(refused(many), invalid("POLL_ANSWERS_INVALID"));
        let blank = OutgoingPoll {
            question: PollText::plain("  "),
            ..poll()
        };
        assert_eq!(refused(blank), invalid("POLL_QUESTION_INVALID"));
        let long_option = OutgoingPoll {
            options: vec![PollText::plain("a"), PollText::plain("x".repeat(101))],
            ..poll()
        };
        assert_eq!(refused(long_option), invalid("POLL_ANSWER_INVALID"));
        let same = OutgoingPoll {
            options: vec![PollText::plain("a"), PollText::plain("a ")],
            ..poll()
        };
        assert_eq!(refused(same), invalid("POLL_OPTION_DUPLICATE"));
    }

    #[test]
    fn a_quiz_names_its_correct_options() {
        let quiz = |correct: Vec<i64>, multiple_choice| OutgoingPoll {
            quiz: true,
            correct,
            multiple_choice,
            ..poll()
        };
        assert_eq!(
            refused(quiz(vec![], false)),
            invalid("QUIZ_CORRECT_ANSWERS_EMPTY")
        );
        assert_eq!(
            refused(quiz(vec![2], false)),
            invalid("QUIZ_CORRECT_ANSWER_INVALID")
        );
        assert_eq!(
            refused(quiz(vec![0, 1], false)),
            invalid("QUIZ_CORRECT_ANSWERS_TOO_MUCH")
        );
        let ok = quiz(vec![1, 0], true).validated(1, UserId(1), 0).unwrap();
        assert_eq!(ok.correct, vec![0, 1]);
        assert!(ok.revoting_disabled);
    }

    #[test]
    fn a_poll_closes_five_seconds_to_a_month_ahead() {
        let period = |p| OutgoingPoll {
            open_period: Some(p),
            ..poll()
        };
        assert_eq!(
            period(4).validated(1, UserId(1), 100).unwrap_err(),
            invalid("POLL_CLOSE_PERIOD_INVALID")
        );
        assert_eq!(
            period(60).validated(1, UserId(1), 100).unwrap().close_date,
            Some(160)
        );
        let date = OutgoingPoll {
            close_date: Some(101),
            ..poll()
        };
        assert_eq!(refused(date), invalid("POLL_CLOSE_DATE_INVALID"));
    }

    #[test]
    fn votes_follow_the_revoting_rules() {
        let mut state = PollState {
            poll: poll().validated(1, UserId(1), 0).unwrap(),
            stopped: false,
            votes: Vec::new(),
        };
        let voter = UserId(5);
        assert_eq!(state.check_vote(voter, &[1, 1], 0), Ok(Some(vec![1])));
        assert_eq!(
            state.check_vote(voter, &[0, 1], 0),
            Err(invalid("OPTIONS_TOO_MUCH"))
        );
        assert_eq!(
            state.check_vote(voter, &[2], 0),
            Err(invalid("OPTION_INVALID"))
        );
        state.votes.push(PollVote {
            user: voter,
            options: vec![1],
            date: 0,
        });
        assert_eq!(state.check_vote(voter, &[1], 0), Ok(None));
        assert_eq!(state.check_vote(voter, &[], 0), Ok(Some(vec![])));
        state.poll.revoting_disabled = true;
        assert_eq!(
            state.check_vote(voter, &[0], 0),
            Err(invalid("REVOTE_NOT_ALLOWED"))
        );
        assert_eq!(state.voter_counts(), vec![0, 1]);
        state.stopped = true;
        assert_eq!(
            state.check_vote(UserId(6), &[0], 0),
            Err(invalid("MESSAGE_POLL_CLOSED"))
        );
    }
}
