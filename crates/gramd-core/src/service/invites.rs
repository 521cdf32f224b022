//! Invite links and join requests: creating, editing and revoking links, joining through
//! them, and answering the requests of links that need approval
//! (<https://core.telegram.org/api/invites>, `createChatInviteLink`, `approveChatJoinRequest`
//! and the rest).
//!
//! Managing links and requests needs an administrator who may invite users (or the owner).
//! An administrator manages its own links; the owner manages everyone's. Each administrator
//! has one primary link, made on first need (`getChat` shows it, as Telegram) and replaced
//! by `exportChatInviteLink`; revoking it makes a new one.
//!
//! A link lets nobody in once revoked, expired (`INVITE_HASH_EXPIRED`) or used up
//! (`USERS_TOO_MUCH`). Joining through a link that needs approval files a join request
//! (`INVITE_REQUEST_SENT`), which administrator bots that may invite users hear of
//! (`chat_join_request`); approving it makes the user a member, declining drops it.

use std::sync::Arc;

use crate::chats::{Chat, ChatKind, Member, MemberFilter, MemberStatus};
use crate::error::{AdminAction, CoreError, CoreResult};
use crate::ids::{Peer, UserId};
use crate::invites::{
    InviteCheck, InviteLink, JoinRequest, LinkSpec, MAX_LINK_NAME, MAX_MEMBER_LIMIT, parse_link,
};
use crate::messages::{Sent, ServiceAction};
use crate::store::Write;
use crate::updates::{BotUpdate, JoinRequestUpdate, MESSAGE_UPDATE_TTL};
use crate::users::User;

use super::admin::Acting;
use super::chats::{
    Change, ChatRecord, MAX_GROUP_MEMBERS, check_can_join, keep_restrictions, rights_of,
};
use super::{Core, random_token};

/// Characters of a new link's hash.
const HASH_LENGTH: usize = 16;

/// `Refused { name }`.
fn refused(name: &'static str) -> CoreError {
    CoreError::refused(name)
}

impl Core {
    /// The actor's standing in a chat where it manages links or requests.
    async fn link_manager(
        &self,
        actor: UserId,
        peer: Peer,
        action: AdminAction,
    ) -> CoreResult<Acting> {
        self.acting_if(actor, peer, action, |acting| {
            acting.rights().can_invite_users
        })
        .await
    }

    /// One of the chat's links the actor may manage (its own, or any for the owner).
    async fn managed_link(&self, acting: &Acting, link: &str) -> CoreResult<InviteLink> {
        let hash = parse_link(link).ok_or_else(|| refused("INVITE_HASH_EXPIRED"))?;
        let link = self
            .0
            .store
            .invite_link(hash)
            .await?
            .filter(|l| l.chat == acting.chat.peer)
            .ok_or_else(|| refused("INVITE_HASH_EXPIRED"))?;
        if link.creator != acting.actor.id && acting.member.status != MemberStatus::Creator {
            return Err(CoreError::ChatAdminRequired);
        }
        Ok(link)
    }

    /// Creates an additional invite link of a group or channel.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights { ManageInviteLinks }`, `MemberLimitWithJoinRequest`,
    /// `Refused { EXPIRE_DATE_INVALID | USAGE_LIMIT_INVALID }`, or `Internal`.
    pub async fn create_invite_link(
        &self,
        actor: UserId,
        peer: Peer,
        spec: LinkSpec,
    ) -> CoreResult<InviteLink> {
        let acting = self
            .link_manager(actor, peer, AdminAction::ManageInviteLinks)
            .await?;
        let spec = self.check_spec(spec)?;
        let link = self.new_link(&acting, spec, false);
        self.put_links(vec![link.clone()]).await?;
        Ok(link)
    }

    /// Changes an invite link of the actor's (the owner may change anyone's).
    ///
    /// # Errors
    /// As [`Core::create_invite_link`], and `Refused { INVITE_HASH_EXPIRED }` for a link
    /// that is not one of the chat's or was revoked, `ChatAdminRequired` for another
    /// administrator's link.
    pub async fn edit_invite_link(
        &self,
        actor: UserId,
        peer: Peer,
        link: &str,
        spec: LinkSpec,
    ) -> CoreResult<InviteLink> {
        let acting = self
            .link_manager(actor, peer, AdminAction::ManageInviteLinks)
            .await?;
        let spec = self.check_spec(spec)?;
        let mut link = self.managed_link(&acting, link).await?;
        if link.is_revoked {
            return Err(refused("INVITE_HASH_EXPIRED"));
        }
        link.name = spec.name;
        link.expire_date = spec.expire_date;
        link.member_limit = spec.member_limit;
        link.creates_join_request = spec.creates_join_request;
        self.put_links(vec![link.clone()]).await?;
        self.with_pending(link).await
    }

    /// Revokes an invite link of the actor's (the owner may revoke anyone's); returns it
    /// revoked. A revoked primary link is replaced by a new one.
    ///
    /// # Errors
    /// As [`Core::edit_invite_link`] (a revoked link is returned as it is).
    pub async fn revoke_invite_link(
        &self,
        actor: UserId,
        peer: Peer,
        link: &str,
    ) -> CoreResult<InviteLink> {
        let acting = self
            .link_manager(actor, peer, AdminAction::ManageInviteLinks)
            .await?;
        let mut link = self.managed_link(&acting, link).await?;
        if link.is_revoked {
            return self.with_pending(link).await;
        }
        let mut writes = Vec::with_capacity(2);
        if link.is_primary {
            link.is_primary = false;
            let mut replacement = self.new_link(&acting, LinkSpec::default(), true);
            replacement.creator = link.creator;
            writes.push(replacement);
        }
        link.is_revoked = true;
        writes.push(link.clone());
        self.put_links(writes).await?;
        self.with_pending(link).await
    }

    /// Replaces the actor's primary link with a new one (the old one is revoked); returns
    /// the new link (`exportChatInviteLink`).
    ///
    /// # Errors
    /// As [`Core::create_invite_link`].
    pub async fn replace_primary_link(&self, actor: UserId, peer: Peer) -> CoreResult<InviteLink> {
        let acting = self
            .link_manager(actor, peer, AdminAction::ManageInviteLinks)
            .await?;
        let mut writes = Vec::with_capacity(2);
        if let Some(mut old) = self.own_primary(&acting).await? {
            old.is_primary = false;
            old.is_revoked = true;
            writes.push(old);
        }
        let link = self.new_link(&acting, LinkSpec::default(), true);
        writes.push(link.clone());
        self.put_links(writes).await?;
        Ok(link)
    }

    /// `viewer`'s primary link of a group or channel, made now if it has none; `None` if
    /// the viewer may not manage links there (`getChat`'s `invite_link`).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn primary_link(&self, viewer: UserId, peer: Peer) -> CoreResult<Option<InviteLink>> {
        let acting = match self
            .link_manager(viewer, peer, AdminAction::ManageInviteLinks)
            .await
        {
            Ok(acting) => acting,
            Err(CoreError::Internal { detail }) => return Err(CoreError::Internal { detail }),
            Err(_) => return Ok(None),
        };
        if let Some(link) = self.own_primary(&acting).await? {
            return Ok(Some(self.with_pending(link).await?));
        }
        let link = self.new_link(&acting, LinkSpec::default(), true);
        self.put_links(vec![link.clone()]).await?;
        Ok(Some(link))
    }

    /// What an invite link leads to, for `user` deciding whether to join.
    ///
    /// # Errors
    /// `Refused { INVITE_HASH_INVALID }` (no such link), `Refused { INVITE_HASH_EXPIRED }`
    /// (revoked, expired or used up), or `Internal`.
    pub async fn check_invite(&self, user: UserId, hash: &str) -> CoreResult<InviteCheck> {
        let (link, chat) = self.link_by_hash(hash).await?;
        let member = self.membership(chat.peer, user).await?;
        if member.is_some_and(|m| m.status.is_member()) {
            return Ok(InviteCheck::Already(chat));
        }
        if link.is_spent(self.now()) {
            return Err(refused("INVITE_HASH_EXPIRED"));
        }
        Ok(InviteCheck::Invite {
            member_count: self.0.store.member_count(chat.peer).await?,
            request_needed: link.creates_join_request,
            chat,
        })
    }

    /// The join requests of a chat waiting for an answer, oldest first, for those who may
    /// answer them.
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights { ManageJoinRequests }`, or `Internal`.
    pub async fn join_requests(&self, viewer: UserId, peer: Peer) -> CoreResult<Vec<JoinRequest>> {
        self.link_manager(viewer, peer, AdminAction::ManageJoinRequests)
            .await?;
        Ok(self.0.store.join_requests(peer).await?)
    }

    /// `user` joins a chat through an invite link; returns the chat and the service
    /// message announcing it, as the user sees it (none in broadcast channels). A link that
    /// needs approval files a join request instead and answers
    /// `Refused { INVITE_REQUEST_SENT }`.
    ///
    /// # Errors
    /// `BotMethodInvalid` (bots join only when added), `Refused { INVITE_HASH_INVALID |
    /// INVITE_HASH_EXPIRED | USERS_TOO_MUCH | INVITE_REQUEST_SENT }`,
    /// `UserAlreadyParticipant`, `Kicked`, or `Internal`.
    pub async fn join_by_link(
        &self,
        user: UserId,
        hash: &str,
    ) -> CoreResult<(Arc<Chat>, Option<Sent>)> {
        let user = self.user(user).await?;
        if user.is_bot() {
            return Err(CoreError::BotMethodInvalid);
        }
        let (link, chat) = self.link_by_hash(hash).await?;
        let old = self.membership(chat.peer, user.id).await?;
        match old.as_ref().map(|m| m.status) {
            Some(s) if s.is_member() => return Err(CoreError::UserAlreadyParticipant),
            Some(MemberStatus::Kicked) => return Err(CoreError::Kicked { kind: chat.kind }),
            _ => {}
        }
        let now = self.now();
        if link.is_revoked || (link.expire_date != 0 && link.expire_date <= now) {
            return Err(refused("INVITE_HASH_EXPIRED"));
        }
        if link.is_spent(now) {
            return Err(refused("USERS_TOO_MUCH"));
        }
        if link.creates_join_request {
            self.file_join_request(&chat, &user, &link).await?;
            return Err(refused("INVITE_REQUEST_SENT"));
        }
        let sent = self
            .admit(&chat, &user, old.as_ref(), link.creator, Some(link), false)
            .await?;
        Ok((chat, sent))
    }

    /// Approves (the user becomes a member) or declines a user's join request; returns the
    /// service message of an approval as the joining user sees it, if the chat has one.
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked` (the actor),
    /// `NotEnoughRights { ManageJoinRequests }`, `UserNotFound`,
    /// `Refused { HIDE_REQUESTER_MISSING }` (no such request), `UserAlreadyParticipant`,
    /// or `Internal`.
    pub async fn answer_join_request(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        approve: bool,
    ) -> CoreResult<Option<Sent>> {
        let acting = self
            .link_manager(actor, peer, AdminAction::ManageJoinRequests)
            .await?;
        let user = self.user(user).await?;
        let request = self
            .0
            .store
            .join_request(peer, user.id)
            .await?
            .ok_or_else(|| refused("HIDE_REQUESTER_MISSING"))?;
        let old = self.membership(peer, user.id).await?;
        let already = old.as_ref().is_some_and(|m| m.status.is_member());
        if !approve || already {
            let (submitted, ()) = self.transact(|tx| {
                tx.push(Write::DeleteJoinRequest {
                    chat: peer,
                    user: user.id,
                });
                Ok(())
            })?;
            submitted.wait().await?;
            return if already {
                Err(CoreError::UserAlreadyParticipant)
            } else {
                Ok(None)
            };
        }
        let link = match &request.link {
            Some(hash) => self.0.store.invite_link(hash).await?,
            None => None,
        };
        self.admit(
            &acting.chat,
            &user,
            old.as_ref(),
            acting.actor.id,
            link,
            true,
        )
        .await
    }

    /// Makes `user` a member who came in through `link` (counting the use) or by an
    /// approved request, and announces it with a service message from the user.
    async fn admit(
        &self,
        chat: &Chat,
        user: &User,
        old: Option<&Member>,
        inviter: UserId,
        link: Option<InviteLink>,
        via_request: bool,
    ) -> CoreResult<Option<Sent>> {
        check_can_join(user)?;
        if chat.kind == ChatKind::Group
            && self.0.store.member_count(chat.peer).await? >= MAX_GROUP_MEMBERS
        {
            return Err(refused("USERS_TOO_MUCH"));
        }
        let mut member = Member::joined(
            chat.peer,
            user.id,
            MemberStatus::Member,
            Some(inviter),
            self.now(),
        );
        keep_restrictions(&mut member, old);
        let mut change = Change {
            via_join_request: via_request,
            ..Change::default()
        };
        if via_request {
            change.writes.push(Write::DeleteJoinRequest {
                chat: chat.peer,
                user: user.id,
            });
        }
        if let Some(mut link) = link {
            link.usage += 1;
            change
                .writes
                .push(Write::PutInviteLink(Box::new(link.clone())));
            change.invite_link = Some(self.with_pending(link).await?);
        }
        self.commit_membership(chat, user.id, vec![member], ChatRecord::Existing, change)
            .await?;
        if chat.kind == ChatKind::Channel {
            return Ok(None);
        }
        let action = if via_request {
            ServiceAction::MemberJoined
        } else {
            ServiceAction::JoinedByLink { inviter }
        };
        Ok(Some(self.send_service(user, chat.peer, action).await?))
    }

    /// Files `user`'s request to join through `link` (once) and tells the administrator
    /// bots that may answer it.
    async fn file_join_request(
        &self,
        chat: &Chat,
        user: &User,
        link: &InviteLink,
    ) -> CoreResult<()> {
        if self
            .0
            .store
            .join_request(chat.peer, user.id)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let request = JoinRequest {
            chat: chat.peer,
            user: user.id,
            date: self.now(),
            link: Some(link.hash.clone()),
        };
        let admins = self
            .0
            .store
            .members(chat.peer, MemberFilter::Administrators, 0, u32::MAX)
            .await?;
        let mut bots = Vec::new();
        for admin in admins {
            if rights_of(&admin).can_invite_users && self.user(admin.user).await?.is_bot() {
                bots.push((
                    admin.user,
                    self.bot_delivery(admin.user).await?.allowed_updates,
                ));
            }
        }
        let ids: Vec<UserId> = bots.iter().map(|(b, _)| *b).collect();
        self.load_counters(&[], &ids).await?;
        let mut shown = link.clone();
        shown.pending_join_requests = self.pending_requests(chat.peer, &link.hash).await? + 1;
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutJoinRequest(Box::new(request.clone())));
            for (bot, mask) in bots {
                let update = BotUpdate::ChatJoinRequest(JoinRequestUpdate {
                    chat: chat.peer,
                    user: user.id,
                    date: request.date,
                    invite_link: Some(shown.clone()),
                });
                tx.queue(bot, mask, update, request.date + MESSAGE_UPDATE_TTL)?;
            }
            Ok(())
        })?;
        submitted.wait().await
    }

    /// A link and its chat by hash.
    async fn link_by_hash(&self, hash: &str) -> CoreResult<(InviteLink, Arc<Chat>)> {
        let hash = parse_link(hash).ok_or_else(|| refused("INVITE_HASH_INVALID"))?;
        let link = self
            .0
            .store
            .invite_link(hash)
            .await?
            .ok_or_else(|| refused("INVITE_HASH_INVALID"))?;
        let chat = match self.chat(link.chat).await {
            Ok(chat) => chat,
            Err(CoreError::ChatNotFound) => return Err(refused("INVITE_HASH_INVALID")),
            Err(err) => return Err(err),
        };
        Ok((link, chat))
    }

    /// The actor's current primary link of the chat.
    async fn own_primary(&self, acting: &Acting) -> CoreResult<Option<InviteLink>> {
        Ok(self
            .0
            .store
            .invite_links(acting.chat.peer, Some(acting.actor.id))
            .await?
            .into_iter()
            .find(|l| l.is_primary && !l.is_revoked))
    }

    /// A new link of the actor's.
    fn new_link(&self, acting: &Acting, spec: LinkSpec, is_primary: bool) -> InviteLink {
        InviteLink {
            hash: random_token(HASH_LENGTH),
            chat: acting.chat.peer,
            creator: acting.actor.id,
            date: self.now(),
            name: spec.name,
            expire_date: spec.expire_date,
            member_limit: spec.member_limit,
            creates_join_request: spec.creates_join_request,
            is_primary,
            is_revoked: false,
            usage: 0,
            pending_join_requests: 0,
        }
    }

    /// Checks a link's settings as Telegram does (the name is cut to 32 characters).
    fn check_spec(&self, mut spec: LinkSpec) -> CoreResult<LinkSpec> {
        if spec.creates_join_request && spec.member_limit > 0 {
            return Err(CoreError::MemberLimitWithJoinRequest);
        }
        if spec.member_limit > MAX_MEMBER_LIMIT {
            return Err(refused("USAGE_LIMIT_INVALID"));
        }
        if spec.expire_date < 0 || (spec.expire_date != 0 && spec.expire_date <= self.now()) {
            return Err(refused("EXPIRE_DATE_INVALID"));
        }
        spec.name = spec
            .name
            .map(|n| n.trim().chars().take(MAX_LINK_NAME).collect::<String>())
            .filter(|n| !n.is_empty());
        Ok(spec)
    }

    /// A link with its count of pending join requests.
    async fn with_pending(&self, mut link: InviteLink) -> CoreResult<InviteLink> {
        link.pending_join_requests = self.pending_requests(link.chat, &link.hash).await?;
        Ok(link)
    }

    /// How many join requests through the link `hash` wait for an answer.
    async fn pending_requests(&self, chat: Peer, hash: &str) -> CoreResult<u32> {
        let requests = self.0.store.join_requests(chat).await?;
        let count = requests
            .iter()
            .filter(|r| r.link.as_deref() == Some(hash))
            .count();
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// Stores links in one commit.
    async fn put_links(&self, links: Vec<InviteLink>) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            for link in links {
                tx.push(Write::PutInviteLink(Box::new(link)));
            }
            Ok(())
        })?;
        submitted.wait().await
    }
}
