//! The storage contract: what the core needs from a database.
//!
//! Reads are plain async queries. The core's changes go through [`Store::submit`], which
//! takes a list of [`Write`]s that must commit atomically, and its contract is what the
//! core's sequencer relies on:
//! - `submit` enqueues **synchronously**: the batch has its place in the commit order when
//!   `submit` returns, before its [`Commit`] is polled;
//! - batches commit in submission order: a batch is never visible without every batch
//!   submitted before it;
//! - the [`Commit`] resolves once the batch is durable (or failed as a whole), and only
//!   then may the core acknowledge it.
//!
//! The core allocates sequence numbers (message ids, pts, update ids) under a lock and
//! submits under the same lock, so a crash can only lose a suffix of unacknowledged
//! batches, never leave a hole. A backend may commit many batches in one transaction
//! (group commit) as long as the order holds.
//!
//! A few writes sit outside that order and return a value: creating a user, creating,
//! changing and ending client sessions, and allocating a chat id ([`Store::create_user`],
//! [`Store::create_authorization`], [`Store::allocate_id`], …); each resolves with its value
//! once it is committed.
//!
//! Every backend runs the conformance suite of this crate (module `conformance`, feature
//! `conformance`) in its tests.

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;

use crate::auth::{Authorization, ClientInfo, TokenKey};
use crate::bots::{BotCommand, BotDelivery};
use crate::business::BusinessConnection;
use crate::chats::{AdminRights, Chat, Member, MemberFilter};
use crate::ids::{BoxId, MessageId, Peer, SessionId, UserId};
use crate::invites::{InviteLink, JoinRequest};
use crate::markup::ReplyMarkup;
use crate::media::{Media, Photo};
use crate::messages::{Content, Dialog, HistoryPage, HistoryQuery, Message};
use crate::polls::{Poll, PollState, PollVote};
use crate::reactions::{MessageReactions, UserReactions};
use crate::stickers::StickerSet;
use crate::topics::ForumTopic;
use crate::updates::{BotUpdate, BoxUpdate, LoggedUpdate, QueuedUpdate};
use crate::users::{NewUser, User};
use crate::web_apps::{MenuButton, WebAppSettings};

/// A storage failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The username is taken (case-insensitively).
    UsernameOccupied,
    /// The phone number is taken.
    PhoneOccupied,
    /// The database failed; the text is for the log.
    Backend(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UsernameOccupied => f.write_str("username occupied"),
            Self::PhoneOccupied => f.write_str("phone number occupied"),
            Self::Backend(detail) => write!(f, "storage backend: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Result of a storage call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Resolves when a submitted batch is durable (or failed as a whole).
pub type Commit = Pin<Box<dyn Future<Output = StoreResult<()>> + Send>>;

/// Id spaces the store allocates from (durably, safe across processes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdSpace {
    /// Basic groups.
    Group,
    /// Supergroups and channels.
    Channel,
}

/// The counters of a message box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoxCounters {
    /// The last message id given out (0 if none).
    pub last_message_id: i32,
    /// The current pts.
    pub pts: i32,
}

/// The counters of a bot's update queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounters {
    /// The last `update_id` given out; 0 if the queue never had one.
    pub last_update_id: i64,
    /// The lowest `update_id` still stored; 0 if the queue is empty.
    pub first_pending: i64,
}

/// How many chats an account is in (what `getBotStats` reports).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountCounts {
    /// Private chats: the account's dialogs with users.
    pub private_chats: u32,
    /// Groups, supergroups and channels the account is a member of.
    pub chats: u32,
}

/// Where one copy of a message lives (see [`Write::PutMessage`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyPlace {
    /// The box.
    pub box_id: BoxId,
    /// The copy's id in it.
    pub id: MessageId,
    /// The chat as that box's owner sees it.
    pub peer: Peer,
    /// The replied message in that box.
    pub reply_to: Option<MessageId>,
    /// Whether the box's owner browses it by chat (a person's box): such copies are indexed
    /// for [`Store::history`]. A bot's box (bots cannot read history) and a channel's box
    /// (one chat per box) need no such index, which saves the writer work per message.
    pub by_peer: bool,
}

impl CopyPlace {
    /// The place of an existing message copy, indexed by chat.
    #[must_use]
    pub fn of(message: &Message) -> Self {
        Self {
            box_id: message.box_id,
            id: message.id,
            peer: message.peer,
            reply_to: message.reply_to,
            by_peer: true,
        }
    }
}

/// One durable change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    /// Stores a new message: what its copies share once, and every copy's place.
    /// `message` is read for the shared part only (its own box, id, peer and reply are
    /// those of one of `copies`).
    PutMessage {
        /// The message.
        message: Box<Message>,
        /// Every copy.
        copies: Vec<CopyPlace>,
    },
    /// Replaces the content of every copy of a message.
    EditMessage {
        /// The message, by its shared id.
        gid: i64,
        /// New content.
        content: Content,
        /// New markup.
        reply_markup: Option<ReplyMarkup>,
        /// Edit date to record, if this edit is visible as one.
        edit_date: Option<i64>,
    },
    /// Removes message copies from one box.
    DeleteMessages {
        /// The box.
        box_id: BoxId,
        /// The ids.
        ids: Vec<MessageId>,
    },
    /// Records the counters of a box.
    SetBoxCounters {
        /// The box.
        box_id: BoxId,
        /// Its counters after this batch.
        counters: BoxCounters,
    },
    /// Appends to a box's pts log.
    LogBoxUpdate {
        /// The box.
        box_id: BoxId,
        /// pts after the event.
        pts: i32,
        /// How far it advanced pts.
        pts_count: i32,
        /// When it happened.
        date: i64,
        /// The event.
        update: BoxUpdate,
    },
    /// Creates a dialog or moves its top message; keeps its read marks.
    TouchDialog {
        /// The owner of the chat list.
        owner: UserId,
        /// The chat.
        peer: Peer,
        /// The newest message.
        top_message: MessageId,
    },
    /// Raises the read marks of an existing dialog (never lowers them).
    ReadDialog {
        /// The owner of the chat list.
        owner: UserId,
        /// The chat.
        peer: Peer,
        /// New inbox read mark, if it moves.
        inbox_max_id: Option<MessageId>,
        /// New outbox read mark, if it moves.
        outbox_max_id: Option<MessageId>,
    },
    /// Appends to a bot's update queue.
    QueueBotUpdate {
        /// The bot.
        bot: UserId,
        /// Its `update_id`.
        update_id: i64,
        /// When it expires (Unix time).
        expires_at: i64,
        /// The update.
        update: Box<BotUpdate>,
    },
    /// Records the last `update_id` given out for a bot.
    SetLastUpdateId {
        /// The bot.
        bot: UserId,
        /// The id.
        last_update_id: i64,
    },
    /// Deletes a bot's queued updates with ids below `below` (confirmation).
    TrimBotQueue {
        /// The bot.
        bot: UserId,
        /// Exclusive upper bound.
        below: i64,
    },
    /// Deletes some of a bot's queued updates (delivered to its webhook, which may
    /// acknowledge them out of `update_id` order).
    AckBotUpdates {
        /// The bot.
        bot: UserId,
        /// The `update_id`s.
        update_ids: Vec<i64>,
    },
    /// Records a photo or document (by its id; recording the same id again changes
    /// nothing: media never change once stored).
    PutMedia(Box<Media>),
    /// Records a photo or document, replacing the record of that id: a sticker's
    /// document changes with its set (its emoji, mask position, and the set it is in).
    ReplaceMedia(Box<Media>),
    /// Creates or replaces a sticker set (by id). Its name is unique case-insensitively:
    /// the core checks that before it writes.
    PutStickerSet(Box<StickerSet>),
    /// Deletes a sticker set.
    DeleteStickerSet {
        /// The set's id.
        id: i64,
    },
    /// Creates or replaces a chat.
    PutChat(Box<Chat>),
    /// Creates or replaces a membership record.
    PutMember(Box<Member>),
    /// Sets a bot's delivery settings.
    SetBotDelivery {
        /// The bot.
        bot: UserId,
        /// The settings.
        delivery: BotDelivery,
    },
    /// Sets (or with `None` deletes) a bot's command list for a scope and language.
    SetBotCommands {
        /// The bot.
        bot: UserId,
        /// [`crate::bots::CommandScope::key`].
        scope: String,
        /// Two-letter language code, or `""`.
        language: String,
        /// The commands.
        commands: Option<Vec<BotCommand>>,
    },
    /// Creates or replaces an invite link (by its hash).
    PutInviteLink(Box<InviteLink>),
    /// Creates or replaces a user's join request to a chat.
    PutJoinRequest(Box<JoinRequest>),
    /// Removes a user's join request to a chat (answered).
    DeleteJoinRequest {
        /// The chat.
        chat: Peer,
        /// The user.
        user: UserId,
    },
    /// Pins or unpins message copies in one box's view of a chat.
    PinMessages {
        /// The box.
        box_id: BoxId,
        /// The chat as the box's owner sees it.
        peer: Peer,
        /// The copies' ids in the box.
        ids: Vec<MessageId>,
        /// Pin (or unpin).
        pinned: bool,
    },
    /// Unpins every message of one box's view of a chat.
    UnpinAll {
        /// The box.
        box_id: BoxId,
        /// The chat as the box's owner sees it.
        peer: Peer,
    },
    /// Sets (or with `None` clears) the administrator rights a bot asks for when added to
    /// groups or channels.
    SetDefaultAdminRights {
        /// The bot.
        bot: UserId,
        /// For channels (else for groups and supergroups).
        for_channels: bool,
        /// The rights.
        rights: Option<AdminRights>,
    },
    /// Replaces a user's names, bio, language, verification and bot settings (not its
    /// username, phone or photo).
    UpdateUser(Box<User>),
    /// Replaces a bot's token secret (`None`: no token opens it any more).
    SetBotSecret {
        /// The bot.
        bot: UserId,
        /// The new secret.
        secret: Option<String>,
    },
    /// Frees a user's username (a deleted bot's).
    ReleaseUsername {
        /// The user.
        user: UserId,
    },
    /// Makes a photo a user's current profile photo: adds it to the front of their profile
    /// photos, or moves it there if it is one already.
    PutProfilePhoto {
        /// Whose.
        user: UserId,
        /// The photo.
        photo: Box<Photo>,
    },
    /// Removes photos from a user's profile photos (ids that are not theirs are ignored).
    DeleteProfilePhotos {
        /// Whose.
        user: UserId,
        /// The photos' ids.
        ids: Vec<i64>,
    },
    /// Lets a bot change a user's emoji status, or no longer.
    SetEmojiStatusAccess {
        /// The user.
        user: UserId,
        /// The bot.
        bot: UserId,
        /// Whether it may.
        allowed: bool,
    },
    /// Replaces the music a user shows on their profile: document ids, newest first.
    SetProfileMusic {
        /// Whose.
        user: UserId,
        /// The audio documents' ids.
        ids: Vec<i64>,
    },
    /// Adds a peer to a user's block list (or moves its date).
    PutBlock {
        /// Whose list.
        user: UserId,
        /// Who is blocked.
        peer: Peer,
        /// When (Unix time).
        date: i64,
    },
    /// Removes a peer from a user's block list.
    DeleteBlock {
        /// Whose list.
        user: UserId,
        /// Who was blocked.
        peer: Peer,
    },
    /// Creates or replaces a business connection (by its id).
    PutBusinessConnection(Box<BusinessConnection>),
    /// Sets a bot's mini-app settings.
    SetWebAppSettings {
        /// The bot.
        bot: UserId,
        /// The settings.
        settings: Box<WebAppSettings>,
    },
    /// Sets (or with `None` resets) a bot's menu button, for one user or, with `user`
    /// `None`, the default for everyone.
    SetMenuButton {
        /// The bot.
        bot: UserId,
        /// The user, or `None` for the default.
        user: Option<UserId>,
        /// The button.
        button: Option<MenuButton>,
    },
    /// Stores (or replaces) one CloudStorage value of a user for a bot.
    PutStorageValue {
        /// The bot.
        bot: UserId,
        /// The user.
        user: UserId,
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// Removes CloudStorage values of a user for a bot (missing keys are ignored).
    DeleteStorageValues {
        /// The bot.
        bot: UserId,
        /// The user.
        user: UserId,
        /// The keys.
        keys: Vec<String>,
    },
    /// Installs (or removes) a bot's attachment-menu entry for a user.
    SetAttachMenuInstalled {
        /// The user.
        user: UserId,
        /// The bot.
        bot: UserId,
        /// Installed or removed.
        installed: bool,
    },
    /// Records a poll, open and without votes, unless one with its id is recorded already
    /// (every message showing it records it).
    PutPoll(Box<Poll>),
    /// Sets (or with no options removes) a voter's choice in a poll.
    SetPollVote {
        /// The poll.
        poll_id: i64,
        /// The vote; no options: the voter retracted it.
        vote: PollVote,
    },
    /// Closes a poll for good.
    StopPoll {
        /// The poll.
        poll_id: i64,
    },
    /// Sets (or with no reactions removes) one user's reactions on a message.
    SetReactions {
        /// The message (its copies share them).
        gid: i64,
        /// The chat it is in, as the reacting user sees it (for finding a user's reactions
        /// in a group or channel).
        chat: Peer,
        /// The user's reactions.
        choice: UserReactions,
    },
    /// Creates or replaces a forum topic (by chat and id).
    PutTopic(Box<ForumTopic>),
    /// Removes a forum topic (its messages are deleted apart).
    DeleteTopic {
        /// The forum.
        chat: Peer,
        /// The topic.
        id: MessageId,
    },
}

/// An MTProto auth key as stored: the key shared with a client, what it is bound to and the
/// layer its client speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthKeyRecord {
    /// `auth_key_id`: the low 64 bits of the key's SHA-1.
    pub id: i64,
    /// The 256 key bytes.
    pub key: Vec<u8>,
    /// For a temporary key: when it expires (unix seconds).
    pub expires_at: Option<i64>,
    /// For a temporary key bound to a permanent one: the permanent key's id.
    pub perm_key_id: Option<i64>,
    /// The API layer the client last declared.
    pub layer: Option<i32>,
}

/// What the core needs from a database. See the module docs for the write contract.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    // --- directory -------------------------------------------------------------------
    /// Creates a user (or a bot, with its token secret), allocating its id.
    async fn create_user(&self, user: NewUser, bot_secret: Option<String>) -> StoreResult<User>;
    /// The user with this phone number (digits only).
    async fn user_by_phone(&self, phone: &str) -> StoreResult<Option<UserId>>;
    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// The secret part of a bot's token.
    async fn bot_secret(&self, bot: UserId) -> StoreResult<Option<String>>;
    /// The bots `owner` created, by id.
    async fn bots_owned_by(&self, owner: UserId) -> StoreResult<Vec<User>>;
    /// The user, supergroup or channel with this username (case-insensitive).
    async fn resolve_username(&self, username: &str) -> StoreResult<Option<Peer>>;
    /// Gives a user or chat the username `username` (its old one freed), or takes its
    /// username away (`None`), durably and at once.
    ///
    /// # Errors
    /// `UsernameOccupied` if another user or chat holds the name (case-insensitively).
    async fn set_username(&self, peer: Peer, username: Option<String>) -> StoreResult<()>;
    /// A fresh id in an id space.
    async fn allocate_id(&self, space: IdSpace) -> StoreResult<i64>;
    /// A random secret made when the database was created, for hashes and ids that must
    /// be stable and unguessable.
    async fn server_secret(&self) -> StoreResult<[u8; 32]>;
    /// Creates or replaces an MTProto auth key (by its id).
    async fn save_auth_key(&self, key: AuthKeyRecord) -> StoreResult<()>;
    /// Every MTProto auth key.
    async fn auth_keys(&self) -> StoreResult<Vec<AuthKeyRecord>>;

    // --- sessions --------------------------------------------------------------------
    /// Stores a new client session under the key of its secret.
    async fn create_authorization(&self, key: TokenKey, auth: Authorization) -> StoreResult<()>;
    /// The session a secret's key opens.
    async fn authorization(&self, key: TokenKey) -> StoreResult<Option<Authorization>>;
    /// Records who signed in on session `id` (`None`: nobody) and when; `false` if there is
    /// no such session (it was ended).
    async fn sign_in_authorization(
        &self,
        id: SessionId,
        user: Option<UserId>,
        at: i64,
    ) -> StoreResult<bool>;
    /// Records how the client of session `id` describes itself, at `at` (which makes the
    /// session active then); `false` if there is no such session.
    async fn describe_authorization(
        &self,
        id: SessionId,
        client: ClientInfo,
        at: i64,
    ) -> StoreResult<bool>;
    /// A user's signed-in sessions, oldest first.
    async fn authorizations(&self, user: UserId) -> StoreResult<Vec<Authorization>>;
    /// Ends sessions by id; returns how many existed.
    async fn delete_authorizations(&self, ids: Vec<SessionId>) -> StoreResult<u64>;

    // --- chats -----------------------------------------------------------------------
    /// A group, supergroup or channel.
    async fn chat(&self, peer: Peer) -> StoreResult<Option<Chat>>;
    /// A user's membership record in a chat.
    async fn member(&self, chat: Peer, user: UserId) -> StoreResult<Option<Member>>;
    /// Members of a chat, ordered by join date.
    async fn members(
        &self,
        chat: Peer,
        filter: MemberFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<Member>>;
    /// How many users are currently members of a chat.
    async fn member_count(&self, chat: Peer) -> StoreResult<u32>;

    // --- messages --------------------------------------------------------------------
    /// One message copy.
    async fn message(&self, box_id: BoxId, id: MessageId) -> StoreResult<Option<Message>>;
    /// Message copies by id, in the order asked, skipping missing ones.
    async fn messages(&self, box_id: BoxId, ids: &[MessageId]) -> StoreResult<Vec<Message>>;
    /// Every copy of a message.
    async fn copies(&self, gid: i64) -> StoreResult<Vec<(BoxId, MessageId)>>;
    /// A page of one chat's history in a box.
    async fn history(
        &self,
        box_id: BoxId,
        peer: Peer,
        query: HistoryQuery,
    ) -> StoreResult<HistoryPage>;
    /// A dialog row.
    async fn dialog(&self, owner: UserId, peer: Peer) -> StoreResult<Option<Dialog>>;
    /// Every dialog row of an owner (private chats and basic groups), in no order.
    async fn dialogs(&self, owner: UserId) -> StoreResult<Vec<Dialog>>;
    /// The supergroups and channels `user` is a member of (creator, administrator,
    /// member or restricted member).
    async fn channels_of(&self, user: UserId) -> StoreResult<Vec<Peer>>;

    /// A photo or document by id.
    async fn media(&self, id: i64) -> StoreResult<Option<Media>>;

    // --- counters --------------------------------------------------------------------
    /// The counters of a box (zeros for a new box).
    async fn box_counters(&self, box_id: BoxId) -> StoreResult<BoxCounters>;
    /// The counters of a bot's queue.
    async fn queue_counters(&self, bot: UserId) -> StoreResult<QueueCounters>;
    /// The highest message `gid` given out (0 if none).
    async fn max_gid(&self) -> StoreResult<i64>;

    // --- update logs -----------------------------------------------------------------
    /// Queued updates with `update_id >= from` not expired at `now`, oldest first.
    async fn bot_updates(
        &self,
        bot: UserId,
        from: i64,
        limit: u32,
        now: i64,
    ) -> StoreResult<Vec<QueuedUpdate>>;
    /// How many unexpired updates are queued for a bot.
    async fn pending_updates(&self, bot: UserId, now: i64) -> StoreResult<u32>;
    /// A box's pts log after `after_pts`, oldest first.
    async fn box_updates(
        &self,
        box_id: BoxId,
        after_pts: i32,
        limit: u32,
    ) -> StoreResult<Vec<LoggedUpdate>>;

    // --- bot settings ----------------------------------------------------------------
    /// A bot's delivery settings (defaults if never set).
    async fn bot_delivery(&self, bot: UserId) -> StoreResult<BotDelivery>;
    /// The bots that have a webhook set.
    async fn webhook_bots(&self) -> StoreResult<Vec<UserId>>;
    /// A bot's command list for a scope key and language.
    async fn bot_commands(
        &self,
        bot: UserId,
        scope: &str,
        language: &str,
    ) -> StoreResult<Option<Vec<BotCommand>>>;

    // --- administration --------------------------------------------------------------
    /// An invite link by its hash.
    async fn invite_link(&self, hash: &str) -> StoreResult<Option<InviteLink>>;
    /// A chat's invite links, of one creator if given, newest first.
    async fn invite_links(
        &self,
        chat: Peer,
        creator: Option<UserId>,
    ) -> StoreResult<Vec<InviteLink>>;
    /// A user's pending join request to a chat.
    async fn join_request(&self, chat: Peer, user: UserId) -> StoreResult<Option<JoinRequest>>;
    /// A chat's pending join requests, oldest first.
    async fn join_requests(&self, chat: Peer) -> StoreResult<Vec<JoinRequest>>;
    /// The pinned messages of one box's view of a chat, newest (highest id) first.
    async fn pinned(&self, box_id: BoxId, peer: Peer) -> StoreResult<Vec<MessageId>>;
    /// The administrator rights a bot asks for in groups, or channels.
    async fn default_admin_rights(
        &self,
        bot: UserId,
        for_channels: bool,
    ) -> StoreResult<Option<AdminRights>>;

    // --- profile photos --------------------------------------------------------------
    /// A user's profile photos, the current one first, skipping `offset`: how many there
    /// are in all, and at most `limit` of them.
    async fn profile_photos(
        &self,
        user: UserId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(u32, Vec<Photo>)>;

    /// Whether `user` let `bot` change their emoji status.
    async fn emoji_status_access(&self, user: UserId, bot: UserId) -> StoreResult<bool>;
    /// The ids of the audio documents a user shows on their profile, newest first.
    async fn profile_music(&self, user: UserId) -> StoreResult<Vec<i64>>;
    // --- sticker sets ----------------------------------------------------------------
    /// A sticker set by id.
    async fn sticker_set(&self, id: i64) -> StoreResult<Option<StickerSet>>;
    /// A sticker set by name, case-insensitively.
    async fn sticker_set_by_name(&self, name: &str) -> StoreResult<Option<StickerSet>>;
    /// The ids of the sticker sets `owner` owns, oldest first.
    async fn sticker_sets_of(&self, owner: UserId) -> StoreResult<Vec<i64>>;

    // --- block lists -----------------------------------------------------------------
    /// The peers `user` blocked and when, most recent first.
    async fn blocks(&self, user: UserId) -> StoreResult<Vec<(Peer, i64)>>;
    // --- business connections --------------------------------------------------------
    /// A business connection by its id.
    async fn business_connection(&self, id: &str) -> StoreResult<Option<BusinessConnection>>;
    /// Every business connection of a user (enabled or not), oldest first.
    async fn business_connections(&self, user: UserId) -> StoreResult<Vec<BusinessConnection>>;
    /// How many private chats and chats an account has.
    async fn account_counts(&self, account: UserId) -> StoreResult<AccountCounts>;
    // --- mini apps -------------------------------------------------------------------
    /// A bot's mini-app settings (`None` if never set).
    async fn web_app_settings(&self, bot: UserId) -> StoreResult<Option<WebAppSettings>>;
    /// A bot's menu button for one user, or with `user` `None` its default.
    async fn menu_button(
        &self,
        bot: UserId,
        user: Option<UserId>,
    ) -> StoreResult<Option<MenuButton>>;
    /// CloudStorage values of a user for a bot, for the keys that have one, in the order
    /// asked.
    async fn storage_values(
        &self,
        bot: UserId,
        user: UserId,
        keys: &[String],
    ) -> StoreResult<Vec<(String, String)>>;
    /// Every CloudStorage key of a user for a bot, sorted.
    async fn storage_keys(&self, bot: UserId, user: UserId) -> StoreResult<Vec<String>>;
    /// The bots whose attachment-menu entry a user installed, by bot id.
    async fn attach_menu_bots(&self, user: UserId) -> StoreResult<Vec<UserId>>;
    // --- polls -----------------------------------------------------------------------
    /// A poll with its votes (ordered by voter id) and whether it was stopped.
    async fn poll(&self, id: i64) -> StoreResult<Option<PollState>>;
    // --- reactions -------------------------------------------------------------------
    /// The reactions on messages, by `gid` in the order asked, each message's in the order
    /// the users last changed them; messages nobody reacted to are left out.
    async fn reactions(&self, gids: &[i64]) -> StoreResult<Vec<MessageReactions>>;
    /// The messages of `chat` `user` reacted to, most recently changed first, at most
    /// `limit`, by `gid`.
    async fn reacted(&self, chat: Peer, user: UserId, limit: u32) -> StoreResult<Vec<i64>>;
    // --- forum topics ----------------------------------------------------------------
    /// A topic of a forum.
    async fn topic(&self, chat: Peer, id: MessageId) -> StoreResult<Option<ForumTopic>>;
    /// Every topic of a forum, the General topic first, then the newest (highest id) first.
    async fn topics(&self, chat: Peer) -> StoreResult<Vec<ForumTopic>>;
    /// The ids of the messages of a box's view of a chat that are in topic `topic`
    /// (the message that created it included), ascending; for the General topic, those in
    /// no topic, the messages that created topics excepted.
    async fn topic_messages(
        &self,
        box_id: BoxId,
        chat: Peer,
        topic: MessageId,
    ) -> StoreResult<Vec<MessageId>>;

    // --- writes ----------------------------------------------------------------------
    /// Enqueues writes to commit atomically, in submission order; see the module docs.
    fn submit(&self, writes: Vec<Write>) -> Commit;
}
