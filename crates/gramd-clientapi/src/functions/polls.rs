//! Polls on the client API (<https://core.telegram.org/api/poll>): creating them with
//! `inputMediaPoll` (in `messages.sendMedia`), `messages.sendVote`,
//! `messages.getPollResults` and `messages.getPollVotes`, and the `messageMediaPoll` and
//! `updateMessagePoll` they are shown with.
//!
//! A message shows its poll with `min` results (the same for every viewer, without counts);
//! a vote and `messages.getPollResults` answer with `updateMessagePoll` carrying the full
//! results as the caller sees them: the counts, their own choice (`chosen`) and, once they
//! voted or the poll closed, a quiz's correct options and explanation.

use gramd_core::ids::{MessageId, Peer, UserId};
use gramd_core::messages::Content;
use gramd_core::polls::{OutgoingPoll, Poll, PollState, PollText, PollUpdate};
use grammers_tl_types::{enums, functions as f, types};

use super::messages::input_entities;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{entities, int, peer};

fn input_text(text: &enums::TextWithEntities) -> PollText {
    let enums::TextWithEntities::Entities(text) = text;
    PollText {
        text: text.text.clone(),
        entities: input_entities(Some(&text.entities)),
    }
}

fn text(text: &PollText) -> enums::TextWithEntities {
    enums::TextWithEntities::Entities(types::TextWithEntities {
        text: text.text.clone(),
        entities: entities(&text.entities),
    })
}

/// The poll an `inputMediaPoll` describes.
pub(crate) fn input_poll(media: &types::InputMediaPoll) -> Result<OutgoingPoll, RpcError> {
    let enums::Poll::Poll(poll) = &media.poll;
    if media.attached_media.is_some() || media.solution_media.is_some() {
        return Err(
            RpcError::bad_request("MEDIA_INVALID").with_detail("gramd polls carry no media")
        );
    }
    let mut options = Vec::with_capacity(poll.answers.len());
    for answer in &poll.answers {
        options.push(match answer {
            enums::PollAnswer::Answer(a) => input_text(&a.text),
            enums::PollAnswer::InputPollAnswer(a) => input_text(&a.text),
        });
    }
    Ok(OutgoingPoll {
        question: input_text(&poll.question),
        options,
        public_voters: poll.public_voters,
        multiple_choice: poll.multiple_choice,
        quiz: poll.quiz,
        allows_revoting: Some(!poll.revoting_disabled),
        shuffle_answers: poll.shuffle_answers,
        hide_results_until_close: poll.hide_results_until_close,
        correct: media
            .correct_answers
            .iter()
            .flatten()
            .map(|i| i64::from(*i))
            .collect(),
        solution: media.solution.as_ref().map(|solution| PollText {
            text: solution.clone(),
            entities: input_entities(media.solution_entities.as_ref()),
        }),
        open_period: poll.close_period.map(i64::from),
        close_date: poll.close_date.map(i64::from),
        closed: poll.closed,
    })
}

/// `poll`, as `viewer` sees it (`closed` at the time shown).
pub(crate) fn poll(poll: &Poll, closed: bool, viewer: UserId) -> enums::Poll {
    enums::Poll::Poll(types::Poll {
        id: poll.id,
        closed,
        public_voters: poll.public_voters,
        multiple_choice: poll.multiple_choice,
        quiz: poll.quiz,
        open_answers: false,
        revoting_disabled: poll.revoting_disabled,
        shuffle_answers: poll.shuffle_answers,
        hide_results_until_close: poll.hide_results_until_close,
        creator: poll.creator == viewer,
        subscribers_only: false,
        question: text(&poll.question),
        answers: poll
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| {
                enums::PollAnswer::Answer(types::PollAnswer {
                    text: text(option),
                    option: Poll::option_bytes(u8::try_from(i).unwrap_or(u8::MAX)),
                    media: None,
                    added_by: None,
                    date: None,
                })
            })
            .collect(),
        close_period: poll.open_period,
        close_date: poll.close_date.map(int),
        countries_iso2: None,
        hash: poll.id,
    })
}

/// `pollResults` without counts, the same for every viewer.
pub(crate) fn min_results() -> enums::PollResults {
    enums::PollResults::Results(Box::new(types::PollResults {
        min: true,
        has_unread_votes: false,
        can_view_stats: false,
        results: None,
        total_voters: None,
        recent_voters: None,
        solution: None,
        solution_entities: None,
        solution_media: None,
    }))
}

/// `pollResults` as `viewer` sees them.
fn results(state: &PollState, closed: bool, viewer: UserId) -> enums::PollResults {
    let chosen = state.vote_of(viewer).map(|v| v.options.as_slice());
    let knows_answer = closed || chosen.is_some() || state.poll.creator == viewer;
    let hidden = state.poll.hide_results_until_close && !closed && state.poll.creator != viewer;
    let counts = state.voter_counts();
    let solution = state.poll.solution.as_ref().filter(|_| knows_answer);
    enums::PollResults::Results(Box::new(types::PollResults {
        min: false,
        has_unread_votes: false,
        can_view_stats: false,
        results: Some(
            counts
                .iter()
                .enumerate()
                .map(|(i, count)| {
                    let index = u8::try_from(i).unwrap_or(u8::MAX);
                    enums::PollAnswerVoters::Voters(types::PollAnswerVoters {
                        chosen: chosen.is_some_and(|c| c.contains(&index)),
                        correct: knows_answer && state.poll.correct.contains(&index),
                        option: Poll::option_bytes(index),
                        voters: (!hidden).then(|| int(*count)),
                        // Shares its flag with `voters`.
                        recent_voters: (!hidden).then(Vec::new),
                    })
                })
                .collect(),
        ),
        total_voters: Some(int(state.total_voters())),
        recent_voters: None,
        solution: solution.map(|s| s.text.clone()),
        solution_entities: solution.map(|s| entities(&s.entities)),
        solution_media: None,
    }))
}

/// `updateMessagePoll` for message `msg_id` of `peer`, as `viewer` sees the poll.
fn message_poll_update(
    state: &PollState,
    closed: bool,
    viewer: UserId,
    at: Option<(Peer, MessageId)>,
) -> enums::Update {
    enums::Update::MessagePoll(types::UpdateMessagePoll {
        peer: at.map(|(p, _)| peer(p)),
        msg_id: at.map(|(_, id)| id.0),
        top_msg_id: None,
        poll_id: state.poll.id,
        poll: Some(poll(&state.poll, closed, viewer)),
        results: results(state, closed, viewer),
    })
}

/// `updateMessagePoll` of a session update: the poll's counts, the same for everyone.
pub(crate) fn session_poll_update(update: &PollUpdate, viewer: UserId) -> enums::Update {
    enums::Update::MessagePoll(types::UpdateMessagePoll {
        peer: None,
        msg_id: None,
        top_msg_id: None,
        poll_id: update.poll.id,
        poll: Some(poll(&update.poll, update.closed, viewer)),
        results: enums::PollResults::Results(Box::new(types::PollResults {
            min: true,
            has_unread_votes: false,
            can_view_stats: false,
            results: Some(
                update
                    .voter_counts
                    .iter()
                    .enumerate()
                    .map(|(i, count)| {
                        enums::PollAnswerVoters::Voters(types::PollAnswerVoters {
                            chosen: false,
                            correct: false,
                            option: Poll::option_bytes(u8::try_from(i).unwrap_or(u8::MAX)),
                            voters: Some(int(*count)),
                            recent_voters: Some(Vec::new()),
                        })
                    })
                    .collect(),
            ),
            total_voters: Some(int(update.total_voters)),
            recent_voters: None,
            solution: None,
            solution_entities: None,
            solution_media: None,
        })),
    })
}

async fn poll_updates(
    ctx: &Ctx<'_>,
    state: &PollState,
    at: (Peer, MessageId),
) -> Result<enums::Updates, RpcError> {
    let me = ctx.me().id;
    let closed = state.is_closed(ctx.core.now());
    let update = message_poll_update(state, closed, me, Some(at));
    Ok(ctx.view().updates(vec![update], &[], [at.0]).await?)
}

pub(crate) async fn send_vote(
    ctx: &Ctx<'_>,
    req: f::messages::SendVote,
) -> Result<enums::Updates, RpcError> {
    let peer: Peer = ctx.input_peer(&req.peer).await?;
    let (msg, _) = ctx
        .core
        .poll_message(ctx.me().id, peer, MessageId(req.msg_id))
        .await?;
    let Content::Poll(shown) = &msg.content else {
        return Err(RpcError::bad_request("MSG_ID_INVALID"));
    };
    let mut options = Vec::with_capacity(req.options.len());
    for option in &req.options {
        options.push(
            shown
                .option_index(option)
                .ok_or_else(|| RpcError::bad_request("OPTION_INVALID"))?,
        );
    }
    let (msg, state) = ctx
        .core
        .vote(ctx.me().id, peer, MessageId(req.msg_id), &options)
        .await?;
    poll_updates(ctx, &state, (msg.peer, msg.id)).await
}

pub(crate) async fn get_poll_results(
    ctx: &Ctx<'_>,
    req: f::messages::GetPollResults,
) -> Result<enums::Updates, RpcError> {
    let peer: Peer = ctx.input_peer(&req.peer).await?;
    let (msg, state) = ctx
        .core
        .poll_message(ctx.me().id, peer, MessageId(req.msg_id))
        .await?;
    poll_updates(ctx, &state, (msg.peer, msg.id)).await
}

pub(crate) async fn get_poll_votes(
    ctx: &Ctx<'_>,
    req: f::messages::GetPollVotes,
) -> Result<enums::messages::VotesList, RpcError> {
    let peer: Peer = ctx.input_peer(&req.peer).await?;
    let (msg, _) = ctx
        .core
        .poll_message(ctx.me().id, peer, MessageId(req.id))
        .await?;
    let Content::Poll(shown) = &msg.content else {
        return Err(RpcError::bad_request("MSG_ID_INVALID"));
    };
    let option = match &req.option {
        Some(bytes) => Some(
            shown
                .option_index(bytes)
                .ok_or_else(|| RpcError::bad_request("OPTION_INVALID"))?,
        ),
        None => None,
    };
    let offset = match req.offset.as_deref() {
        None | Some("") => None,
        Some(text) => Some(UserId(
            text.parse()
                .map_err(|_| RpcError::bad_request("OFFSET_INVALID"))?,
        )),
    };
    let limit = usize::try_from(req.limit.max(1)).unwrap_or(1);
    let (state, voters) = ctx
        .core
        .poll_voters(ctx.me().id, peer, MessageId(req.id), option, offset, limit)
        .await?;
    let count = state
        .votes
        .iter()
        .filter(|v| option.is_none_or(|o| v.options.contains(&o)))
        .count();
    let next_offset = (voters.len() == limit)
        .then(|| voters.last().map(|v| v.user.0.to_string()))
        .flatten();
    let votes = voters
        .iter()
        .map(|vote| {
            let voter = crate::tl::peer(Peer::User(vote.user));
            let date = int(vote.date);
            match (option, vote.options.as_slice()) {
                (Some(index), _) | (None, &[index]) => {
                    enums::MessagePeerVote::Vote(types::MessagePeerVote {
                        peer: voter,
                        option: Poll::option_bytes(index),
                        date,
                    })
                }
                (None, many) => enums::MessagePeerVote::Multiple(types::MessagePeerVoteMultiple {
                    peer: voter,
                    options: many.iter().map(|o| Poll::option_bytes(*o)).collect(),
                    date,
                }),
            }
        })
        .collect();
    let (users, chats) = ctx
        .view()
        .users_and_chats(&[], voters.iter().map(|v| Peer::User(v.user)))
        .await?;
    Ok(enums::messages::VotesList::List(
        types::messages::VotesList {
            count: int(i64::try_from(count).unwrap_or(i64::MAX)),
            votes,
            chats,
            users,
            next_offset,
        },
    ))
}
