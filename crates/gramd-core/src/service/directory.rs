//! In-memory caches of rarely changing records read on every request: users, chats, bot
//! secrets, sessions, delivery settings and business connections.
//!
//! Only positive results are cached, so a user or bot created by another process (the
//! `gramd user create` command while a server runs) is seen on its first lookup. Records
//! the core itself changes are updated here after their write commits.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use crate::auth::TokenKey;
use crate::bots::BotDelivery;
use crate::business::BusinessConnection;
use crate::chats::Chat;
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, SessionId, UserId};
use crate::users::User;

use super::Core;

/// Most entries one cache keeps before it is cleared and refilled from storage.
const CACHE_CAP: usize = 200_000;

/// A bounded map: when full, it starts over (entries are refetched on demand).
#[derive(Debug)]
pub(super) struct Cache<K, V>(Mutex<HashMap<K, V>>);

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    pub(super) fn get(&self, key: &K) -> Option<V> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    pub(super) fn put(&self, key: K, value: V) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CACHE_CAP {
            map.clear();
        }
        map.insert(key, value);
    }

    pub(super) fn remove(&self, key: &K) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    /// Drops the entries `drop` picks (a scan: for rare changes such as ending a session).
    pub(super) fn remove_where(&self, mut drop: impl FnMut(&V) -> bool) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, value| !drop(value));
    }
}

#[derive(Debug, Default)]
pub(super) struct Directory {
    pub(super) users: Cache<UserId, Arc<User>>,
    pub(super) chats: Cache<Peer, Arc<Chat>>,
    pub(super) bot_secrets: Cache<UserId, Arc<str>>,
    /// The keys of session secrets to the session's id and who is signed in on it.
    pub(super) sessions: Cache<TokenKey, (SessionId, Option<UserId>)>,
    pub(super) delivery: Cache<UserId, BotDelivery>,
    /// The peers each user blocked, sorted (`blocks`).
    pub(super) blocks: Cache<UserId, Arc<[Peer]>>,
    /// Each user's enabled business connection, or `None` for none. Unlike the other
    /// caches it keeps negative results: connections are made only through a running core,
    /// which updates this entry after each write.
    pub(super) business: Cache<UserId, Option<Arc<BusinessConnection>>>,
    /// `(bot, user)` pairs where the user has a private chat with the bot.
    pub(super) started: Mutex<HashSet<(UserId, UserId)>>,
}

impl Core {
    /// A user by id.
    ///
    /// # Errors
    /// `UserNotFound`, or `Internal` on storage failure.
    pub async fn user(&self, id: UserId) -> CoreResult<Arc<User>> {
        self.find_user(id).await?.ok_or(CoreError::UserNotFound)
    }

    /// A user by id, `None` if there is none.
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn find_user(&self, id: UserId) -> CoreResult<Option<Arc<User>>> {
        let dir = &self.0.directory;
        if let Some(user) = dir.users.get(&id) {
            return Ok(Some(user));
        }
        let Some(user) = self.0.store.user(id).await? else {
            return Ok(None);
        };
        let user = Arc::new(user);
        dir.users.put(id, Arc::clone(&user));
        Ok(Some(user))
    }

    /// A group, supergroup or channel.
    ///
    /// # Errors
    /// `ChatNotFound`, or `Internal` on storage failure.
    pub async fn chat(&self, peer: Peer) -> CoreResult<Arc<Chat>> {
        let dir = &self.0.directory;
        if let Some(chat) = dir.chats.get(&peer) {
            return Ok(chat);
        }
        let chat = Arc::new(
            self.0
                .store
                .chat(peer)
                .await?
                .ok_or(CoreError::ChatNotFound)?,
        );
        dir.chats.put(peer, Arc::clone(&chat));
        Ok(chat)
    }

    pub(super) fn cache_chat(&self, chat: Chat) {
        self.0.directory.chats.put(chat.peer, Arc::new(chat));
    }

    /// The delivery settings of a bot.
    ///
    /// # Errors
    /// `Internal` on storage failure.
    pub async fn bot_delivery(&self, bot: UserId) -> CoreResult<BotDelivery> {
        let dir = &self.0.directory;
        if let Some(delivery) = dir.delivery.get(&bot) {
            return Ok(delivery);
        }
        let delivery = self.0.store.bot_delivery(bot).await?;
        dir.delivery.put(bot, delivery.clone());
        Ok(delivery)
    }

    /// Whether `user` has a private chat with `bot`, so the bot may write to them.
    pub(super) async fn has_started(&self, bot: UserId, user: UserId) -> CoreResult<bool> {
        let dir = &self.0.directory;
        if dir
            .started
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&(bot, user))
        {
            return Ok(true);
        }
        let started = self.0.store.dialog(bot, Peer::User(user)).await?.is_some();
        if started {
            self.mark_started(bot, user);
        }
        Ok(started)
    }

    pub(super) fn mark_started(&self, bot: UserId, user: UserId) {
        let mut started = self
            .0
            .directory
            .started
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if started.len() >= CACHE_CAP {
            started.clear();
        }
        started.insert((bot, user));
    }
}
