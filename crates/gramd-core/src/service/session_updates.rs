//! Updates without a pts for a user's client sessions (`updateAttachMenuBots`,
//! `updateWebViewResultSent`, `updateBotMenuButton`, `updateMessagePoll`,
//! `updateMessageReactions`, `updateUserTyping`…): Telegram pushes them to the sessions
//! online and never replays them. They live in memory only, at most
//! [`MAX_PER_USER`] per user, and each session reads each once
//! ([`Core::take_session_updates`]); an update can skip the session that caused it.
//! Queuing one wakes the watchers of the user's box, as a new event in it does, so that
//! connected sessions get it at once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use crate::chat_actions::ChatActionEvent;
use crate::ids::{BoxId, MessageId, Peer, SessionId, UserId};
use crate::polls::PollUpdate;
use crate::reactions::MessageReactions;
use crate::web_apps::MenuButton;

use super::Core;

/// Most session updates kept per user; older ones are dropped.
const MAX_PER_USER: usize = 64;

/// An update for a user's sessions that has no pts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionUpdate {
    /// The user's attachment menu changed (`updateAttachMenuBots`).
    AttachMenuBots,
    /// A bot answered a web-view session of the user (`updateWebViewResultSent`): the
    /// client closes the mini app.
    WebViewResultSent {
        /// The session's `query_id`.
        query_id: i64,
    },
    /// A bot's menu button for the user changed (`updateBotMenuButton`).
    BotMenuButton {
        /// The bot.
        bot: UserId,
        /// The button the user now sees.
        button: MenuButton,
    },
    /// A poll changed: a vote or its end (`updateMessagePoll`).
    MessagePoll {
        /// The poll as it is after the change.
        poll: Box<PollUpdate>,
    },
    /// A chat member shows an action, or a bot streams a draft (`updateUserTyping`,
    /// `updateChatUserTyping`, `updateChannelUserTyping`).
    ChatAction(Box<ChatActionEvent>),
    /// The reactions on a message changed (`updateMessageReactions`).
    MessageReactions {
        /// The chat, as the user sees it.
        peer: Peer,
        /// The message's id in the user's view of the chat.
        id: MessageId,
        /// The forum topic the message is in.
        topic: Option<MessageId>,
        /// Every reaction on it now.
        reactions: Box<MessageReactions>,
    },
}

#[derive(Debug, Default)]
struct State {
    next: u64,
    /// Per user: (sequence number, the session it skips, the update).
    queued: HashMap<UserId, VecDeque<(u64, Option<SessionId>, SessionUpdate)>>,
    /// Per session: the last sequence number it read.
    read: HashMap<SessionId, u64>,
}

/// The queued session updates.
#[derive(Debug, Default)]
pub(super) struct SessionUpdates(Mutex<State>);

impl Core {
    /// Queues an update for every session of `user` except `skip`.
    pub(super) fn push_session_update(
        &self,
        user: UserId,
        skip: Option<SessionId>,
        update: SessionUpdate,
    ) {
        let mut state = self
            .0
            .session_updates
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.next += 1;
        let seq = state.next;
        let queue = state.queued.entry(user).or_default();
        if queue.len() >= MAX_PER_USER {
            queue.pop_front();
        }
        queue.push_back((seq, skip, update));
        drop(state);
        // Connected sessions are pushed what is new in the user's box, these included.
        self.0.hub.notify_box(BoxId::User(user));
    }

    /// The session updates of `user` that `session` has not read yet, oldest first.
    pub fn take_session_updates(&self, user: UserId, session: SessionId) -> Vec<SessionUpdate> {
        let mut state = self
            .0
            .session_updates
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let read = state.read.get(&session).copied().unwrap_or(0);
        let Some(queue) = state.queued.get(&user) else {
            return Vec::new();
        };
        let Some(last) = queue.back().map(|(seq, _, _)| *seq) else {
            return Vec::new();
        };
        let updates = queue
            .iter()
            .filter(|(seq, skip, _)| *seq > read && *skip != Some(session))
            .map(|(_, _, update)| update.clone())
            .collect();
        state.read.insert(session, last);
        updates
    }
}
