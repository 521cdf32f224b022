//! Groups, supergroups and channels: creating them, joining and leaving, administrators.

use std::sync::Arc;

use crate::chat_actions::{
    ChatAction, ChatActionEvent, MAX_ACTION_AUDIENCE, MAX_DRAFT_TEXT, MessageDraft,
};
use crate::chats::{
    AdminRights, ChannelKind, Chat, ChatKind, Member, MemberFilter, MemberStatus, Permissions,
};
use crate::error::{CoreError, CoreResult};
use crate::ids::{BoxId, ChannelId, GroupId, Peer, UserId};
use crate::invites::InviteLink;
use crate::messages::{Content, RemovedHistory, SendOptions, Sent, ServiceAction};
use crate::store::{IdSpace, Write};
use crate::updates::{BotUpdate, MESSAGE_UPDATE_TTL, MemberUpdate, UpdateKind};
use crate::users::User;

use super::{Core, SessionUpdate};

/// Longest chat title.
const MAX_TITLE: usize = 128;
/// Most members of a basic group.
pub(super) const MAX_GROUP_MEMBERS: u32 = 200;

/// A viewer's own standing in a group or channel it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The viewer's membership record; `None` if it never had one.
    pub membership: Option<Member>,
    /// How many users are members.
    pub member_count: u32,
}

/// A chat as a viewer sees it: a private chat with a user, or a group or channel.
#[derive(Clone, Debug)]
pub enum ChatView {
    /// A private chat with this user.
    User(Arc<User>),
    /// A group, supergroup or channel.
    Chat(Arc<Chat>),
}

impl Core {
    /// A chat as `viewer` may see it.
    ///
    /// A bot sees a private chat only with users who started it, and groups it is in.
    ///
    /// # Errors
    /// `ChatNotFound`.
    pub async fn chat_view(&self, viewer: &User, peer: Peer) -> CoreResult<ChatView> {
        match peer {
            Peer::User(id) => {
                let user = self.find_user(id).await?.ok_or(CoreError::ChatNotFound)?;
                if viewer.is_bot() && id != viewer.id && !self.has_started(viewer.id, id).await? {
                    return Err(CoreError::ChatNotFound);
                }
                Ok(ChatView::User(user))
            }
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                let public = chat.username.is_some();
                if !public {
                    let member = self.membership(peer, viewer.id).await?;
                    if !member.is_some_and(|m| m.status.is_member()) {
                        return Err(CoreError::ChatNotFound);
                    }
                }
                Ok(ChatView::Chat(chat))
            }
        }
    }

    /// `actor` shows an action (typing, uploading…) in a chat, in a forum topic or thread
    /// if `thread` is given. The chat's other members see it: the other user of a private
    /// chat, and the members of a group of at most [`MAX_ACTION_AUDIENCE`] (see
    /// [`Core::deliver_chat_action`]). The actor must see the chat and, in a group or
    /// channel, be a member; a bot must not be blocked by the user.
    ///
    /// # Errors
    /// `ChatNotFound`, `NotMember`, `Kicked`, `BotBlocked`, or `Internal`.
    pub async fn send_chat_action(
        &self,
        actor: &User,
        peer: Peer,
        thread: Option<i32>,
        action: ChatAction,
    ) -> CoreResult<()> {
        match self.chat_view(actor, peer).await? {
            ChatView::Chat(chat) => {
                self.require_member(&chat, actor.id).await?;
            }
            ChatView::User(user) => {
                if actor.is_bot() && self.is_blocked(user.id, Peer::User(actor.id)).await? {
                    return Err(CoreError::BotBlocked);
                }
            }
        }
        self.deliver_chat_action(actor.id, peer, thread, action)
            .await
    }

    /// A bot streams a message draft to a user it has a private chat with
    /// (`sendMessageDraft`): the user's sessions show the text growing until the bot sends
    /// the message.
    ///
    /// # Errors
    /// `Refused` with `TEXTDRAFT_PEER_INVALID` for a chat that is not a private chat with a
    /// user, `RANDOM_ID_INVALID` for a draft id of 0; `MessageTooLong` for a text over
    /// [`MAX_DRAFT_TEXT`]; the errors of [`Core::send_chat_action`].
    pub async fn send_message_draft(
        &self,
        bot: &User,
        peer: Peer,
        thread: Option<i32>,
        draft: MessageDraft,
    ) -> CoreResult<()> {
        let Peer::User(user) = peer else {
            return Err(CoreError::refused("TEXTDRAFT_PEER_INVALID"));
        };
        if user == bot.id
            || self
                .user(user)
                .await
                .map_err(|_| CoreError::ChatNotFound)?
                .is_bot()
        {
            return Err(CoreError::refused("TEXTDRAFT_PEER_INVALID"));
        }
        if draft.id == 0 {
            return Err(CoreError::refused("RANDOM_ID_INVALID"));
        }
        if draft.text.text.encode_utf16().count() > MAX_DRAFT_TEXT {
            return Err(CoreError::MessageTooLong);
        }
        self.send_chat_action(bot, peer, thread, ChatAction::Draft(draft))
            .await
    }

    /// Pushes `from`'s action in `peer` to the sessions of the chat's other members (no
    /// pts, never replayed): the other user of a private chat; the members of a group or
    /// supergroup of at most [`MAX_ACTION_AUDIENCE`] members; nobody in a channel or a
    /// bigger group. Bots are not shown actions.
    pub(super) async fn deliver_chat_action(
        &self,
        from: UserId,
        peer: Peer,
        thread: Option<i32>,
        action: ChatAction,
    ) -> CoreResult<()> {
        let audience: Vec<(UserId, Peer)> = match peer {
            Peer::User(user) => vec![(user, Peer::User(from))],
            Peer::Group(_) | Peer::Channel(_) => {
                let chat = self.chat(peer).await?;
                if chat.kind == ChatKind::Channel
                    || self.0.store.member_count(peer).await? as usize > MAX_ACTION_AUDIENCE
                {
                    return Ok(());
                }
                self.0
                    .store
                    .members(peer, MemberFilter::Recent, 0, MAX_ACTION_AUDIENCE as u32)
                    .await?
                    .into_iter()
                    .filter(|member| member.user != from)
                    .map(|member| (member.user, peer))
                    .collect()
            }
        };
        for (viewer, chat) in audience {
            if self.user(viewer).await.is_ok_and(|user| !user.is_bot()) {
                let event = ChatActionEvent {
                    from,
                    chat,
                    thread,
                    action: action.clone(),
                };
                self.push_session_update(viewer, None, SessionUpdate::ChatAction(Box::new(event)));
            }
        }
        Ok(())
    }

    /// The chat a username belongs to.
    ///
    /// # Errors
    /// `ChatNotFound` if nobody has it.
    pub async fn resolve_username(&self, username: &str) -> CoreResult<Peer> {
        let name = username.strip_prefix('@').unwrap_or(username);
        self.0
            .store
            .resolve_username(name)
            .await?
            .ok_or(CoreError::ChatNotFound)
    }

    /// Creates a basic group with `creator` and `users`; returns it and the service message
    /// as the creator sees it.
    ///
    /// # Errors
    /// `ChatTitleEmpty`, `UserNotFound`, `Refused { BOT_GROUPS_BLOCKED }`, or `Internal`.
    pub async fn create_group(
        &self,
        creator: UserId,
        title: &str,
        users: &[UserId],
    ) -> CoreResult<(Arc<Chat>, Sent)> {
        let title = check_title(title)?;
        let creator = self.user(creator).await?;
        let mut invited = Vec::new();
        for &id in users {
            if id != creator.id && !invited.contains(&id) {
                let user = self.user(id).await?;
                check_can_join(&user)?;
                invited.push(id);
            }
        }
        if invited.len() + 1 > MAX_GROUP_MEMBERS as usize {
            return Err(CoreError::Refused {
                name: "USERS_TOO_MUCH",
            });
        }
        let peer = Peer::Group(GroupId(self.0.store.allocate_id(IdSpace::Group).await?));
        let chat = Chat {
            peer,
            kind: ChatKind::Group,
            title: title.clone(),
            username: None,
            description: None,
            creator: creator.id,
            date: self.now(),
            migrated_to: None,
            permissions: Permissions::all(),
            photo: None,
            verification: None,
            sticker_set: None,
            available_reactions: crate::reactions::AvailableReactions::All,
            forum: false,
        };
        let mut members = vec![new_member(&chat, creator.id, MemberStatus::Creator, None)];
        members.extend(
            invited
                .iter()
                .map(|&u| new_member(&chat, u, MemberStatus::Member, Some(creator.id))),
        );
        self.commit_membership(
            &chat,
            creator.id,
            members,
            ChatRecord::New,
            Change::default(),
        )
        .await?;
        let message = self
            .send_service(
                &creator,
                peer,
                ServiceAction::GroupCreated {
                    title,
                    users: invited,
                },
            )
            .await?;
        Ok((self.chat(peer).await?, message))
    }

    /// Creates a supergroup or broadcast channel owned by `creator`.
    ///
    /// # Errors
    /// `ChatTitleEmpty` or `Internal`.
    pub async fn create_channel(
        &self,
        creator: UserId,
        title: &str,
        about: &str,
        kind: ChannelKind,
    ) -> CoreResult<(Arc<Chat>, Sent)> {
        let title = check_title(title)?;
        let creator = self.user(creator).await?;
        let peer = Peer::Channel(ChannelId(self.0.store.allocate_id(IdSpace::Channel).await?));
        let chat = Chat {
            peer,
            kind: kind.into(),
            title: title.clone(),
            username: None,
            description: (!about.is_empty()).then(|| about.to_owned()),
            creator: creator.id,
            date: self.now(),
            migrated_to: None,
            permissions: Permissions::all(),
            photo: None,
            verification: None,
            sticker_set: None,
            available_reactions: crate::reactions::AvailableReactions::All,
            forum: false,
        };
        let owner = new_member(&chat, creator.id, MemberStatus::Creator, None);
        self.commit_membership(
            &chat,
            creator.id,
            vec![owner],
            ChatRecord::New,
            Change::default(),
        )
        .await?;
        let message = self
            .send_service(
                &creator,
                peer,
                ServiceAction::ChannelCreated {
                    title,
                    broadcast: kind == ChannelKind::Broadcast,
                },
            )
            .await?;
        Ok((self.chat(peer).await?, message))
    }

    /// Adds `user` to a chat; returns the service message as `actor` sees it.
    ///
    /// # Errors
    /// `PrivateChatMembership`, `ChatNotFound`, `NotMember`, `ChatAdminRequired`, `UserAlreadyParticipant`,
    /// `Refused { BOT_GROUPS_BLOCKED | USERS_TOO_MUCH | USER_KICKED }`, or `Internal`.
    pub async fn add_member(&self, actor: UserId, peer: Peer, user: UserId) -> CoreResult<Sent> {
        has_members(peer)?;
        let chat = self.chat(peer).await?;
        let actor = self.user(actor).await?;
        let me = self.require_member(&chat, actor.id).await?;
        let may_invite = if chat.kind == ChatKind::Channel {
            me.status.is_admin() && rights_of(&me).can_invite_users
        } else {
            rights_of(&me).can_invite_users || me.permissions_in(&chat).can_invite_users
        };
        if !may_invite {
            return Err(CoreError::ChatAdminRequired);
        }
        let target = self.user(user).await?;
        check_can_join(&target)?;
        let old = self.membership(peer, user).await?;
        match old.as_ref().map(|m| m.status) {
            Some(s) if s.is_member() => return Err(CoreError::UserAlreadyParticipant),
            Some(MemberStatus::Kicked) if !me.status.is_admin() => {
                return Err(CoreError::Refused {
                    name: "USER_KICKED",
                });
            }
            _ => {}
        }
        if chat.kind == ChatKind::Group
            && self.0.store.member_count(peer).await? >= MAX_GROUP_MEMBERS
        {
            return Err(CoreError::Refused {
                name: "USERS_TOO_MUCH",
            });
        }
        let mut member = new_member(&chat, user, MemberStatus::Member, Some(actor.id));
        keep_restrictions(&mut member, old.as_ref());
        self.commit_membership(
            &chat,
            actor.id,
            vec![member],
            ChatRecord::Existing,
            Change::default(),
        )
        .await?;
        self.send_service(
            &actor,
            peer,
            ServiceAction::MembersAdded { users: vec![user] },
        )
        .await
    }

    /// Removes `user` from a chat; with `actor == user`, the actor leaves it. They may
    /// join or be added again. With `RemovedHistory::Delete` their copy of a basic
    /// group's history goes too.
    ///
    /// # Errors
    /// `PrivateChatMembership`, `ChatNotFound`, `NotMember`, `ChatAdminRequired`,
    /// `CreatorCantLeave`, `UserNotFound` (not a member), or `Internal`.
    pub async fn remove_member(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        history: RemovedHistory,
    ) -> CoreResult<()> {
        self.remove_as(actor, peer, user, MemberStatus::Left)
            .await?;
        if history == RemovedHistory::Delete && matches!(peer, Peer::Group(_)) {
            self.delete_box_history(BoxId::User(user), peer).await?;
        }
        Ok(())
    }

    /// `actor` leaves a group or channel it can see.
    ///
    /// # Errors
    /// `ChatNotFound` (not visible to the actor), `PrivateChatMembership`, `NotMember`,
    /// `CreatorCantLeave`, or `Internal`.
    pub async fn leave_chat(&self, actor: &User, peer: Peer) -> CoreResult<()> {
        self.chat_view(actor, peer).await?;
        has_members(peer)?;
        self.remove_member(actor.id, peer, actor.id, RemovedHistory::Keep)
            .await
    }

    /// Removes `user` from a chat, leaving them with `status` (`Left` or `Kicked`).
    pub(super) async fn remove_as(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        status: MemberStatus,
    ) -> CoreResult<()> {
        has_members(peer)?;
        let chat = self.chat(peer).await?;
        let actor = self.user(actor).await?;
        let me = self.require_member(&chat, actor.id).await?;
        let target = self
            .membership(peer, user)
            .await?
            .filter(|m| m.status.is_member())
            .ok_or(CoreError::UserNotFound)?;
        if actor.id == user {
            // A basic group's creator may leave it (`messages.deleteChatUser`); a
            // supergroup's or channel's may not (`USER_CREATOR`).
            if target.status == MemberStatus::Creator && chat.kind != ChatKind::Group {
                return Err(CoreError::CreatorCantLeave);
            }
        } else {
            let allowed = me.status == MemberStatus::Creator
                || (rights_of(&me).can_restrict_members && target.status != MemberStatus::Creator)
                || (chat.kind == ChatKind::Group && target.inviter == Some(actor.id));
            if !allowed {
                return Err(CoreError::ChatAdminRequired);
            }
        }
        let mut member = Member::left(peer, user);
        member.status = status;
        member.date = self.now();
        if status == MemberStatus::Kicked {
            member.restricted_by = Some(actor.id);
        } else {
            keep_restrictions(&mut member, Some(&target));
        }
        self.expel(&chat, &actor, &target, member).await
    }

    /// Stores `new`, a record of a user who is out of the chat, announcing with a service
    /// message (sent while the user is still a member, so they get it) that they left or
    /// were removed if they were a member (broadcast channels have no such messages).
    pub(super) async fn expel(
        &self,
        chat: &Chat,
        actor: &User,
        was: &Member,
        new: Member,
    ) -> CoreResult<()> {
        if was.status.is_member() && chat.kind != ChatKind::Channel {
            self.send_service(
                actor,
                chat.peer,
                ServiceAction::MemberLeft { user: new.user },
            )
            .await?;
        }
        self.commit_membership(
            chat,
            actor.id,
            vec![new],
            ChatRecord::Existing,
            Change::default(),
        )
        .await
    }

    /// A user's membership in a chat (a `Left` record if they are not in it).
    ///
    /// # Errors
    /// `ChatNotFound` (not visible to the viewer), `UserNotFound`, or `Internal`.
    pub async fn chat_member(&self, viewer: &User, peer: Peer, user: UserId) -> CoreResult<Member> {
        match self.chat_view(viewer, peer).await? {
            ChatView::User(other) => {
                self.user(user).await?;
                let status = if user == other.id || user == viewer.id {
                    MemberStatus::Member
                } else {
                    MemberStatus::Left
                };
                let mut member = Member::left(peer, user);
                member.status = status;
                Ok(member)
            }
            ChatView::Chat(_) => {
                self.user(user).await?;
                Ok(self
                    .membership(peer, user)
                    .await?
                    .unwrap_or_else(|| Member::left(peer, user)))
            }
        }
    }

    /// Members of a chat matching `filter`.
    ///
    /// # Errors
    /// `ChatNotFound`, or `Internal`.
    pub async fn chat_members(
        &self,
        viewer: &User,
        peer: Peer,
        filter: MemberFilter,
        offset: u32,
        limit: u32,
    ) -> CoreResult<Vec<Member>> {
        match self.chat_view(viewer, peer).await? {
            ChatView::User(other) => Ok(if filter == MemberFilter::Kicked {
                Vec::new()
            } else {
                [viewer.id, other.id]
                    .into_iter()
                    .map(|u| {
                        let mut m = Member::left(peer, u);
                        m.status = MemberStatus::Member;
                        m
                    })
                    .collect()
            }),
            ChatView::Chat(_) => {
                let now = self.now();
                let members = self.0.store.members(peer, filter, offset, limit).await?;
                // A ban past its `until_date` is over: the user is no longer kicked.
                Ok(members
                    .into_iter()
                    .map(|m| m.at(now))
                    .filter(|m| filter != MemberFilter::Kicked || m.status == MemberStatus::Kicked)
                    .collect())
            }
        }
    }

    /// How many members a chat has.
    ///
    /// # Errors
    /// `ChatNotFound`, or `Internal`.
    pub async fn member_count(&self, viewer: &User, peer: Peer) -> CoreResult<u32> {
        match self.chat_view(viewer, peer).await? {
            ChatView::User(other) => Ok(if other.id == viewer.id { 1 } else { 2 }),
            ChatView::Chat(_) => Ok(self.0.store.member_count(peer).await?),
        }
    }

    /// `viewer`'s own standing in a group or channel: what it may always know of a chat
    /// it is shown (as one a message of its refers to), whether or not it is a member.
    ///
    /// # Errors
    /// `ChatNotFound` for a private chat; `Internal` on storage failure.
    pub async fn standing(&self, viewer: UserId, peer: Peer) -> CoreResult<Standing> {
        if let Peer::User(_) = peer {
            return Err(CoreError::ChatNotFound);
        }
        Ok(Standing {
            membership: self.membership(peer, viewer).await?,
            member_count: self.0.store.member_count(peer).await?,
        })
    }

    pub(super) async fn send_service(
        &self,
        actor: &User,
        peer: Peer,
        action: ServiceAction,
    ) -> CoreResult<Sent> {
        self.send(
            actor,
            peer,
            Content::Service(action),
            SendOptions::default(),
            None,
            0,
        )
        .await
    }

    /// Stores membership records (and, for a new chat, the chat itself) in one commit, and
    /// queues `my_chat_member` for bots whose standing changed and `chat_member` for
    /// administrator bots that asked for it.
    pub(super) async fn commit_membership(
        &self,
        chat: &Chat,
        actor: UserId,
        members: Vec<Member>,
        record: ChatRecord,
        change: Change,
    ) -> CoreResult<()> {
        let create = record == ChatRecord::New;
        let mut changes = Vec::with_capacity(members.len());
        for new in members {
            let old = if create {
                Member::left(chat.peer, new.user)
            } else {
                self.membership(chat.peer, new.user)
                    .await?
                    .unwrap_or_else(|| Member::left(chat.peer, new.user))
            };
            changes.push((old, new));
        }
        // Bots told about their own change, and admin bots watching everyone's.
        let mut notices: Vec<(UserId, UpdateKind, usize)> = Vec::new();
        for (i, (_, new)) in changes.iter().enumerate() {
            if self.user(new.user).await?.is_bot() {
                notices.push((new.user, UpdateKind::MyChatMember, i));
            }
        }
        if !create {
            let admins = self
                .0
                .store
                .members(chat.peer, MemberFilter::Administrators, 0, u32::MAX)
                .await?;
            for admin in admins {
                if self.user(admin.user).await?.is_bot() {
                    for (i, (_, new)) in changes.iter().enumerate() {
                        if new.user != admin.user {
                            notices.push((admin.user, UpdateKind::ChatMember, i));
                        }
                    }
                }
            }
        }
        let bots: Vec<UserId> = notices.iter().map(|(b, _, _)| *b).collect();
        self.load_counters(&[], &bots).await?;
        let mut masks = Vec::with_capacity(notices.len());
        for (bot, _, _) in &notices {
            masks.push(self.bot_delivery(*bot).await?.allowed_updates);
        }

        let (submitted, ()) = self.transact(|tx| {
            if create {
                tx.push(Write::PutChat(Box::new(chat.clone())));
            }
            for (_, new) in &changes {
                tx.push(Write::PutMember(Box::new(new.clone())));
            }
            for write in change.writes {
                tx.push(write);
            }
            let date = tx.now;
            for ((bot, kind, i), mask) in notices.into_iter().zip(masks) {
                let (old, new) = &changes[i];
                let update = MemberUpdate {
                    chat: chat.peer,
                    actor,
                    date,
                    old: old.clone(),
                    new: new.clone(),
                    invite_link: change.invite_link.clone(),
                    via_join_request: change.via_join_request,
                };
                let update = match kind {
                    UpdateKind::ChatMember => BotUpdate::ChatMember(update),
                    _ => BotUpdate::MyChatMember(update),
                };
                tx.queue(bot, mask, update, date + MESSAGE_UPDATE_TTL)?;
            }
            Ok(())
        })?;
        submitted.wait().await?;
        if create {
            self.cache_chat(chat.clone());
        }
        Ok(())
    }
}

/// What else goes with a membership change: how the user came in, for the updates that
/// report it, and writes to commit with it.
#[derive(Clone, Debug, Default)]
pub(super) struct Change {
    /// The invite link the user joined through.
    pub(super) invite_link: Option<InviteLink>,
    /// The user joined after their join request was approved.
    pub(super) via_join_request: bool,
    /// More writes to commit atomically with the membership records.
    pub(super) writes: Vec<Write>,
}

/// Whether a membership commit creates the chat too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ChatRecord {
    /// The chat is new: stored with its first members, who had no records before.
    New,
    /// The chat exists.
    Existing,
}

/// `PrivateChatMembership` for a private chat, which has no membership to change.
pub(super) fn has_members(peer: Peer) -> CoreResult<()> {
    match peer {
        Peer::User(_) => Err(CoreError::PrivateChatMembership),
        Peer::Group(_) | Peer::Channel(_) => Ok(()),
    }
}

pub(super) fn check_title(title: &str) -> CoreResult<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(CoreError::ChatTitleEmpty);
    }
    Ok(title.to_owned())
}

pub(super) fn check_can_join(user: &User) -> CoreResult<()> {
    match &user.bot {
        Some(info) if !info.can_join_groups => Err(CoreError::Refused {
            name: "BOT_GROUPS_BLOCKED",
        }),
        _ => Ok(()),
    }
}

fn new_member(chat: &Chat, user: UserId, status: MemberStatus, inviter: Option<UserId>) -> Member {
    Member::joined(chat.peer, user, status, inviter, chat.date)
}

/// The administrator rights a member holds: every right for the creator, the granted ones
/// for an administrator, none for anyone else.
pub(super) fn rights_of(member: &Member) -> AdminRights {
    match member.status {
        MemberStatus::Creator => AdminRights::all(),
        MemberStatus::Administrator => member.rights,
        _ => AdminRights::default(),
    }
}

/// Carries a restriction over to a record of the same user: a restricted user who leaves
/// stays restricted out of the chat, and one who comes back is a restricted member.
pub(super) fn keep_restrictions(member: &mut Member, old: Option<&Member>) {
    let Some(old) = old.filter(|o| o.permissions.is_some()) else {
        return;
    };
    member.permissions = old.permissions;
    member.until_date = old.until_date;
    member.restricted_by = old.restricted_by;
    if member.status == MemberStatus::Member {
        member.status = MemberStatus::Restricted;
    }
}
