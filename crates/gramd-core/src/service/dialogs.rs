//! A person's list of chats (`messages.getDialogs`): the private chats and basic groups they
//! have a dialog row for, and the supergroups and channels they are a member of, newest
//! first by their top message (<https://core.telegram.org/api/dialogs>).

use crate::error::CoreResult;
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{HistoryQuery, Message};

use super::Core;
use super::mentions::Mentioned;

/// Most chats one page of the list holds.
pub const MAX_DIALOGS_PAGE: u32 = 100;

/// Unread messages counted per chat at most (a client shows "99+" long before).
const MAX_UNREAD_COUNTED: u32 = 100;

/// Where a page of the chat list starts: after the chat `offset_peer` whose top message is
/// (`offset_date`, `offset_id`) (the last of the previous page), or from the newest when
/// `offset_date` is 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DialogsQuery {
    /// The date of the last top message of the previous page (0: from the start).
    pub offset_date: i64,
    /// Its id.
    pub offset_id: i32,
    /// Its chat (without it, the page starts at chats whose top message is older).
    pub offset_peer: Option<Peer>,
    /// Most chats to return.
    pub limit: u32,
}

/// A chat in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogEntry {
    /// The chat.
    pub peer: Peer,
    /// Its newest message, as the owner sees it.
    pub top: Message,
    /// Incoming messages up to this id are read.
    pub read_inbox_max_id: MessageId,
    /// Outgoing messages up to this id were read by the other side.
    pub read_outbox_max_id: MessageId,
    /// Incoming messages after the inbox read mark (counted up to 100).
    pub unread_count: u32,
}

/// A page of the chat list.
#[derive(Clone, Debug, Default)]
pub struct Dialogs {
    /// The chats, newest top message first.
    pub entries: Vec<DialogEntry>,
    /// How many chats the list has in all.
    pub total: u32,
    /// The users and chats the entries refer to.
    pub mentioned: Mentioned,
}

impl Core {
    /// A page of `owner`'s chat list.
    ///
    /// # Errors
    /// `BotMethodInvalid` for a bot, `Internal`.
    pub async fn dialogs(&self, owner: UserId, query: DialogsQuery) -> CoreResult<Dialogs> {
        self.refuse_bots(owner).await?;
        let own_box = BoxId::User(owner);
        let mut entries = Vec::new();
        for dialog in self.0.store.dialogs(owner).await? {
            let Some(top) = self.newest_message(owner, dialog.peer).await? else {
                continue;
            };
            let unread = self
                .0
                .store
                .history(
                    own_box,
                    dialog.peer,
                    HistoryQuery {
                        min_id: dialog.read_inbox_max_id.0,
                        ..HistoryQuery::newest(MAX_UNREAD_COUNTED)
                    },
                )
                .await?
                .messages
                .iter()
                .filter(|m| m.from != Some(owner))
                .count();
            entries.push(DialogEntry {
                peer: dialog.peer,
                top,
                read_inbox_max_id: dialog.read_inbox_max_id,
                read_outbox_max_id: dialog.read_outbox_max_id,
                unread_count: u32::try_from(unread).unwrap_or(MAX_UNREAD_COUNTED),
            });
        }
        // Supergroups and channels keep no per-member read marks yet: they count as read.
        for channel in self.0.store.channels_of(owner).await? {
            let Some(top) = self.newest_message(owner, channel).await? else {
                continue;
            };
            entries.push(DialogEntry {
                peer: channel,
                read_inbox_max_id: top.id,
                read_outbox_max_id: top.id,
                top,
                unread_count: 0,
            });
        }
        // Newest first; messages of one second in the order they were sent (gid).
        entries.sort_by_key(|e| std::cmp::Reverse((e.top.date, e.top.gid)));
        let total = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        if query.offset_date > 0 {
            let last = entries
                .iter()
                .position(|e| Some(e.peer) == query.offset_peer && e.top.id.0 == query.offset_id);
            match last {
                Some(last) => drop(entries.drain(..=last)),
                None => entries.retain(|e| e.top.date < query.offset_date),
            }
        }
        let limit = query.limit.clamp(1, MAX_DIALOGS_PAGE);
        entries.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let tops: Vec<Message> = entries.iter().map(|e| e.top.clone()).collect();
        let mut mentioned = self
            .mentioned(&tops, entries.iter().map(|e| e.peer))
            .await?;
        mentioned.reactions = self.reactions_on(&tops).await?;
        Ok(Dialogs {
            entries,
            total,
            mentioned,
        })
    }

    /// The newest message of a chat in `owner`'s view, if it has any.
    async fn newest_message(&self, owner: UserId, peer: Peer) -> CoreResult<Option<Message>> {
        let box_id = Self::view_box(owner, peer);
        Ok(self
            .0
            .store
            .history(box_id, peer, HistoryQuery::newest(1))
            .await?
            .messages
            .into_iter()
            .next())
    }
}
