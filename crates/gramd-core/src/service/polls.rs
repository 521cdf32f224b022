//! Polls ([`crate::polls`]): sending them, voting, stopping, and reading their state.
//!
//! A vote changes the poll, not the messages showing it: the store keeps it under the
//! poll's id. The bot that sent a poll hears of every change: `poll_answer` with the
//! voter's new choice (polls with public voters only), then `poll` with the new counts;
//! stopping it gives a `poll` update too. The voter's other client sessions get
//! `updateMessagePoll`, as does the poll's sender when a person.

use crate::error::{CoreError, CoreResult, MessagePurpose};
use crate::ids::{MessageId, Peer, UserId};
use crate::markup::ReplyMarkup;
use crate::messages::{Content, Message, SendOptions, Sent};
use crate::polls::{OutgoingPoll, Poll, PollAnswer, PollState, PollUpdate, PollVote};
use crate::store::Write;
use crate::updates::{BotUpdate, MESSAGE_UPDATE_TTL};

use super::{Core, SessionUpdate, random_u64};

/// Most voters listed at once (`messages.getPollVotes`).
pub const MAX_POLL_VOTERS_PAGE: usize = 50;

impl Core {
    /// A new poll id.
    pub(super) fn new_poll_id() -> i64 {
        i64::try_from(random_u64() >> 1).unwrap_or(i64::MAX).max(1)
    }

    /// Checks `poll` for `sender` sending it to `peer` and makes it a message's content.
    async fn poll_content(
        &self,
        sender: UserId,
        peer: Peer,
        poll: OutgoingPoll,
    ) -> CoreResult<(Content, bool)> {
        let closed = poll.closed;
        let poll = poll.validated(Self::new_poll_id(), sender, self.now())?;
        match peer {
            // People send polls to one another only through groups; a bot may get one.
            Peer::User(other) => {
                let sender = self.user(sender).await?;
                let other = self.user(other).await?;
                if !sender.is_bot() && !other.is_bot() {
                    return Err(CoreError::refused("MEDIA_INVALID"));
                }
            }
            Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                if chat.kind == crate::chats::ChatKind::Channel && poll.public_voters {
                    return Err(CoreError::refused("BROADCAST_PUBLIC_VOTERS_FORBIDDEN"));
                }
            }
            Peer::Group(_) => {}
        }
        Ok((Content::Poll(Box::new(poll)), closed))
    }

    /// Sends a poll from `sender` to `peer`; returns the sender's copy. A poll sent closed
    /// (a preview) takes no votes.
    ///
    /// # Errors
    /// `Refused` with Telegram's name for a malformed poll (see [`crate::polls`]),
    /// `MEDIA_INVALID` for a poll between two people, `BROADCAST_PUBLIC_VOTERS_FORBIDDEN`
    /// for public voters in a channel, and the errors of [`Core::send_text`].
    pub async fn send_poll(
        &self,
        sender: UserId,
        peer: Peer,
        poll: OutgoingPoll,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let (content, closed) = self.poll_content(sender, peer, poll).await?;
        let sender = self.user(sender).await?;
        let sent = self.send(&sender, peer, content, options, None, 1).await?;
        if closed {
            self.close_poll_quietly(&sent.message).await?;
        }
        Ok(sent)
    }

    /// Sends a poll as the user of a business connection, as
    /// [`Core::send_business_text`] sends a text.
    ///
    /// # Errors
    /// As [`Core::send_business_text`] and [`Core::send_poll`].
    pub async fn send_business_poll(
        &self,
        bot: UserId,
        connection_id: &str,
        peer: Peer,
        poll: OutgoingPoll,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let (_, user) = self
            .acting_connection(bot, connection_id, Some(peer))
            .await?;
        let (content, closed) = self.poll_content(user.id, peer, poll).await?;
        let sent = self
            .send_business(bot, connection_id, peer, content, options)
            .await?;
        if closed {
            self.close_poll_quietly(&sent.message).await?;
        }
        Ok(sent)
    }

    async fn close_poll_quietly(&self, message: &Message) -> CoreResult<()> {
        if let Content::Poll(poll) = &message.content {
            let poll_id = poll.id;
            let (submitted, ()) = self.transact(|tx| {
                tx.push(Write::StopPoll { poll_id });
                Ok(())
            })?;
            submitted.wait().await?;
        }
        Ok(())
    }

    /// The poll with this id as it is now.
    ///
    /// # Errors
    /// `Refused` `POLL_ID_INVALID` for an unknown poll; `Internal`.
    pub async fn poll_state(&self, poll_id: i64) -> CoreResult<PollState> {
        self.0
            .store
            .poll(poll_id)
            .await?
            .ok_or_else(|| CoreError::refused("POLL_ID_INVALID"))
    }

    /// The message `viewer` sees as `id` in `peer` and the poll it shows.
    ///
    /// # Errors
    /// The errors of [`Core::message_in_chat`]; `Refused` `MSG_ID_INVALID` for a message
    /// without a poll.
    pub async fn poll_message(
        &self,
        viewer: UserId,
        peer: Peer,
        id: MessageId,
    ) -> CoreResult<(Message, PollState)> {
        let msg = self
            .message_in_chat(viewer, peer, id, MessagePurpose::Get)
            .await?;
        let Content::Poll(poll) = &msg.content else {
            return Err(CoreError::refused("MSG_ID_INVALID"));
        };
        let state = self.poll_state(poll.id).await?;
        Ok((msg, state))
    }

    /// `voter` chooses `options` (indexes; none: retracts their vote) in the poll of
    /// message `id` of `peer`; returns the message and the poll as it is then. Choosing
    /// what one already chose changes nothing.
    ///
    /// # Errors
    /// As [`Core::poll_message`], and the voting rules of [`PollState::check_vote`].
    pub async fn vote(
        &self,
        voter: UserId,
        peer: Peer,
        id: MessageId,
        options: &[u8],
    ) -> CoreResult<(Message, PollState)> {
        let (msg, mut state) = self.poll_message(voter, peer, id).await?;
        let now = self.now();
        let Some(chosen) = state.check_vote(voter, options, now)? else {
            return Ok((msg, state));
        };
        state.votes.retain(|v| v.user != voter);
        if !chosen.is_empty() {
            let at = state.votes.partition_point(|v| v.user < voter);
            state.votes.insert(
                at,
                PollVote {
                    user: voter,
                    options: chosen.clone(),
                    date: now,
                },
            );
        }
        let vote = PollVote {
            user: voter,
            options: chosen.clone(),
            date: now,
        };
        let answer = state.poll.public_voters.then_some(PollAnswer {
            poll_id: state.poll.id,
            user: voter,
            options: chosen,
        });
        self.record_poll_change(
            &state,
            Write::SetPollVote {
                poll_id: state.poll.id,
                vote,
            },
            answer,
        )
        .await?;
        self.tell_sessions(voter, &msg, &state).await?;
        Ok((msg, state))
    }

    /// Stops the poll of message `id` of `peer`, which `actor` sent, and sets the message's
    /// markup to `reply_markup`; returns the message and the closed poll.
    ///
    /// # Errors
    /// As [`Core::poll_message`]; `Refused` `MESSAGE_AUTHOR_REQUIRED` for a message
    /// `actor` did not send (or a forward), `MESSAGE_POLL_CLOSED` for a closed poll.
    pub async fn stop_poll(
        &self,
        actor: UserId,
        peer: Peer,
        id: MessageId,
        reply_markup: Option<ReplyMarkup>,
    ) -> CoreResult<(Message, PollState)> {
        let (mut msg, mut state) = self.poll_message(actor, peer, id).await?;
        if msg.from != Some(actor) || msg.forward.is_some() {
            return Err(CoreError::refused("MESSAGE_AUTHOR_REQUIRED"));
        }
        if state.is_closed(self.now()) {
            return Err(CoreError::refused("MESSAGE_POLL_CLOSED"));
        }
        let markup = match reply_markup {
            Some(markup) => markup.normalized()?,
            None => None,
        };
        state.stopped = true;
        let poll_id = state.poll.id;
        if markup != msg.reply_markup {
            let gid = msg.gid;
            let content = msg.content.clone();
            let reply_markup = markup.clone();
            let (submitted, ()) = self.transact(|tx| {
                tx.push(Write::EditMessage {
                    gid,
                    content,
                    reply_markup,
                    edit_date: None,
                });
                Ok(())
            })?;
            submitted.wait().await?;
            msg.reply_markup = markup;
        }
        self.record_poll_change(&state, Write::StopPoll { poll_id }, None)
            .await?;
        self.tell_sessions(actor, &msg, &state).await?;
        Ok((msg, state))
    }

    /// Writes a change of a poll and queues its updates for the bot that sent it.
    async fn record_poll_change(
        &self,
        state: &PollState,
        write: Write,
        answer: Option<PollAnswer>,
    ) -> CoreResult<()> {
        let creator = self.user(state.poll.creator).await?;
        let mask = if creator.is_bot() {
            self.load_counters(&[], &[creator.id]).await?;
            Some(self.bot_delivery(creator.id).await?.allowed_updates)
        } else {
            None
        };
        let (submitted, ()) = self.transact(|tx| {
            tx.push(write);
            if let Some(mask) = mask {
                let expires_at = tx.now + MESSAGE_UPDATE_TTL;
                if let Some(answer) = answer {
                    tx.queue(creator.id, mask, BotUpdate::PollAnswer(answer), expires_at)?;
                }
                let update = BotUpdate::Poll(PollUpdate::of(state, tx.now));
                tx.queue(creator.id, mask, update, expires_at)?;
            }
            Ok(())
        })?;
        submitted.wait().await
    }

    /// Tells the client sessions of `actor` (and of the poll's sender, when a person) that
    /// the poll of `msg` changed.
    async fn tell_sessions(
        &self,
        actor: UserId,
        msg: &Message,
        state: &PollState,
    ) -> CoreResult<()> {
        let update = SessionUpdate::MessagePoll {
            poll: Box::new(PollUpdate::of(state, self.now())),
        };
        self.push_session_update(actor, None, update.clone());
        let creator = state.poll.creator;
        if creator != actor && msg.from.is_some() && !self.user(creator).await?.is_bot() {
            self.push_session_update(creator, None, update);
        }
        Ok(())
    }

    /// The voters of the poll of message `id` of `peer` with public voters, by voter id,
    /// those who chose `option` only if given, after the voter `offset` (exclusive), at
    /// most `limit`.
    ///
    /// # Errors
    /// As [`Core::poll_message`]; `Refused` `POLL_VOTE_REQUIRED` when the viewer has not
    /// voted (nor sent the poll), `BROADCAST_FORBIDDEN` for an anonymous poll.
    pub async fn poll_voters(
        &self,
        viewer: UserId,
        peer: Peer,
        id: MessageId,
        option: Option<u8>,
        offset: Option<UserId>,
        limit: usize,
    ) -> CoreResult<(PollState, Vec<PollVote>)> {
        let (_, state) = self.poll_message(viewer, peer, id).await?;
        if !state.poll.public_voters {
            return Err(CoreError::refused("BROADCAST_FORBIDDEN"));
        }
        if state.poll.creator != viewer && state.vote_of(viewer).is_none() {
            return Err(CoreError::refused("POLL_VOTE_REQUIRED"));
        }
        let voters = state
            .votes
            .iter()
            .filter(|v| option.is_none_or(|o| v.options.contains(&o)))
            .filter(|v| offset.is_none_or(|after| v.user > after))
            .take(limit.min(MAX_POLL_VOTERS_PAGE))
            .cloned()
            .collect();
        Ok((state, voters))
    }
}

/// Gives a copied poll a new id and owner, open and without votes (`copyMessage`, as
/// TDLib's `dup_poll` does); a forward keeps the poll.
pub(super) fn copied_poll(mut poll: Box<Poll>, actor: UserId) -> Content {
    poll.id = Core::new_poll_id();
    poll.creator = actor;
    Content::Poll(poll)
}
