//! Blocking (`contacts.block`, `contacts.unblock`, `contacts.getBlocked`).
//!
//! A user's block list holds users and bots. What a block does, as on Telegram:
//! - a bot the user blocked cannot write to them (`BotBlocked`: the Bot API's
//!   `Forbidden: bot was blocked by the user`), and it is told with a `my_chat_member`
//!   update of the private chat, `member` → `kicked`, and `kicked` → `member` on unblock;
//! - a person the user blocked may still send, but nothing reaches the user: the message
//!   lands only in the sender's own history;
//! - the user cannot write to someone they blocked (`YouBlockedUser`) until they unblock.
//!
//! Block lists are read on every private message, so each user's list is cached (as
//! peers, sorted); the core updates the cache after its own writes commit.

use std::sync::Arc;

use crate::chats::{Member, MemberStatus};
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::store::Write;
use crate::updates::{BotUpdate, MESSAGE_UPDATE_TTL, MemberUpdate};

use super::Core;

/// One entry of a block list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// Who is blocked.
    pub peer: Peer,
    /// When (Unix time).
    pub date: i64,
}

/// A page of a block list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedPage {
    /// The entries, most recently blocked first.
    pub entries: Vec<Blocked>,
    /// How many the whole list holds.
    pub total: u32,
}

impl Core {
    /// Adds `peer` to `user`'s block list; `false` if it was there already.
    ///
    /// # Errors
    /// `PeerInvalid` for the user themself or a peer that is not a user, `UserNotFound`,
    /// or `Internal`.
    pub async fn block(&self, user: UserId, peer: Peer) -> CoreResult<bool> {
        self.set_blocked(user, peer, true).await
    }

    /// Removes `peer` from `user`'s block list; `false` if it was not there.
    ///
    /// # Errors
    /// As [`Core::block`].
    pub async fn unblock(&self, user: UserId, peer: Peer) -> CoreResult<bool> {
        self.set_blocked(user, peer, false).await
    }

    /// A page of `user`'s block list, most recent first.
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn blocked(&self, user: UserId, offset: u32, limit: u32) -> CoreResult<BlockedPage> {
        let all = self.0.store.blocks(user).await?;
        let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
        let entries = all
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|(peer, date)| Blocked { peer, date })
            .collect();
        Ok(BlockedPage { entries, total })
    }

    /// Whether `user` has blocked `peer`.
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn is_blocked(&self, user: UserId, peer: Peer) -> CoreResult<bool> {
        Ok(self.block_list(user).await?.binary_search(&peer).is_ok())
    }

    /// The peers `user` blocked, sorted, through the cache.
    async fn block_list(&self, user: UserId) -> CoreResult<Arc<[Peer]>> {
        let cache = &self.0.directory.blocks;
        if let Some(list) = cache.get(&user) {
            return Ok(list);
        }
        let mut peers: Vec<Peer> = self
            .0
            .store
            .blocks(user)
            .await?
            .into_iter()
            .map(|(peer, _)| peer)
            .collect();
        peers.sort_unstable();
        let list: Arc<[Peer]> = peers.into();
        cache.put(user, Arc::clone(&list));
        Ok(list)
    }

    async fn set_blocked(&self, user: UserId, peer: Peer, blocked: bool) -> CoreResult<bool> {
        let Peer::User(other) = peer else {
            return Err(CoreError::PeerInvalid);
        };
        if other == user {
            return Err(CoreError::PeerInvalid);
        }
        let other = self.user(other).await?;
        if self.is_blocked(user, peer).await? == blocked {
            return Ok(false);
        }
        // A bot the user has a chat with learns of it, as on Telegram.
        let bot = if other.is_bot() && self.has_started(other.id, user).await? {
            self.load_counters(&[], &[other.id]).await?;
            Some((other.id, self.bot_delivery(other.id).await?.allowed_updates))
        } else {
            None
        };
        let (submitted, ()) = self.transact(|tx| {
            let date = tx.now;
            tx.push(if blocked {
                Write::PutBlock { user, peer, date }
            } else {
                Write::DeleteBlock { user, peer }
            });
            if let Some((bot, mask)) = bot {
                let chat = Peer::User(user);
                let (old, new) = if blocked {
                    (MemberStatus::Member, MemberStatus::Kicked)
                } else {
                    (MemberStatus::Kicked, MemberStatus::Member)
                };
                let update = MemberUpdate {
                    chat,
                    actor: user,
                    date,
                    old: Member::joined(chat, bot, old, None, date),
                    new: Member::joined(chat, bot, new, None, date),
                    invite_link: None,
                    via_join_request: false,
                };
                tx.queue(
                    bot,
                    mask,
                    BotUpdate::MyChatMember(update),
                    date + MESSAGE_UPDATE_TTL,
                )?;
            }
            Ok(())
        })?;
        submitted.wait().await?;
        // Reread what is now stored rather than edit the cached list: another call for
        // the same user may have committed meanwhile.
        self.0.directory.blocks.remove(&user);
        self.block_list(user).await?;
        Ok(true)
    }
}
