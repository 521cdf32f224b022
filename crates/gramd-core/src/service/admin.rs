//! Chat administration: banning, restricting and promoting members, custom titles, the
//! chat's title, photo, description and permissions, and the rights bots ask for.
//!
//! The rules are Telegram's (<https://core.telegram.org/bots/api#banchatmember> and the
//! following methods, `channels.editBanned`, `channels.editAdmin`):
//! - an actor needs the administrator right for what it does (`can_restrict_members` to
//!   ban, unban, restrict and change the chat's permissions, `can_promote_members` to
//!   promote, `can_change_info` for the title, photo and description); members who are not
//!   administrators may change them where the chat's permissions let them (bots only as
//!   administrators in basic groups);
//! - nobody acts on the chat's owner, nor on an administrator it may not edit (the owner
//!   edits every administrator, others those they promoted), nor on itself;
//! - an administrator grants only rights it holds;
//! - restrictions are for supergroups; promotion and unbanning for supergroups and
//!   channels; basic groups know only removal;
//! - a ban or restriction ends at its `until_date`, which counts as forever when it is
//!   less than 30 seconds or more than 366 days away ([`restriction_end`]).
//!
//! Every change goes through `commit_membership`, which tells bots (`my_chat_member`,
//! `chat_member`), and a removal from a group is announced with a service message.

use std::sync::Arc;

use crate::chats::{
    AdminRights, Chat, ChatKind, Member, MemberStatus, Permissions, restriction_end,
};
use crate::error::{AdminAction, CoreError, CoreResult};
use crate::ids::{BoxId, Peer, UserId};
use crate::media::{Media, Photo};
use crate::messages::{RemovedHistory, Sent, ServiceAction};
use crate::store::Write;
use crate::users::User;

use super::Core;
use super::chats::{Change, ChatRecord, check_can_join, check_title, rights_of};

/// The chats where unbanning and promoting exist.
const SUPERGROUPS_AND_CHANNELS: &[ChatKind] = &[ChatKind::Supergroup, ChatKind::Channel];
/// The chats where administrators have custom titles and members permissions.
const GROUPS: &[ChatKind] = &[ChatKind::Group, ChatKind::Supergroup];

/// Longest custom title of an administrator, in characters.
const MAX_CUSTOM_TITLE: usize = 16;
/// Longest chat description, in characters.
const MAX_DESCRIPTION: usize = 255;

/// Who acts in a chat and what it may do there.
pub(super) struct Acting {
    pub(super) chat: Arc<Chat>,
    pub(super) actor: Arc<User>,
    pub(super) member: Member,
}

impl Acting {
    pub(super) fn rights(&self) -> AdminRights {
        rights_of(&self.member)
    }

    fn is_creator(&self) -> bool {
        self.member.status == MemberStatus::Creator
    }

    /// Whether the actor may edit (demote, restrict, retitle) the administrator `target`:
    /// the owner may edit every administrator; an administrator who may promote, those it
    /// promoted.
    fn may_edit_admin(&self, target: &Member) -> bool {
        self.is_creator()
            || (self.rights().can_promote_members && target.promoted_by == Some(self.actor.id))
    }

    /// Whether the actor may change the chat's info: by its right, or as a member where
    /// the chat's permissions allow it (bots only as administrators of basic groups, as
    /// Telegram has it).
    fn may_change_info(&self) -> bool {
        self.rights().can_change_info || self.member_may(|p| p.can_change_info)
    }

    /// Whether the actor may pin messages: by its right (editing messages, in a broadcast
    /// channel), or as a member where the chat's permissions allow it.
    pub(super) fn may_pin(&self) -> bool {
        if self.chat.kind == ChatKind::Channel {
            self.rights().can_edit_messages
        } else {
            self.rights().can_pin_messages || self.member_may(|p| p.can_pin_messages)
        }
    }

    fn member_may(&self, permission: impl Fn(Permissions) -> bool) -> bool {
        self.chat.kind != ChatKind::Channel
            && self.member.status.is_member()
            && !(self.actor.is_bot() && self.chat.kind == ChatKind::Group)
            && permission(self.member.permissions_in(&self.chat))
    }

    /// Errors unless the actor may change `target`'s standing for `action`: not the owner,
    /// not itself, with the right to restrict, and not an administrator it may not edit.
    fn check_restrict_target(&self, target: &Member, action: AdminAction) -> CoreResult<()> {
        if target.status == MemberStatus::Creator {
            return Err(CoreError::TargetIsOwner { action });
        }
        if target.user == self.actor.id {
            return Err(CoreError::SelfTarget { action });
        }
        if !self.rights().can_restrict_members {
            return Err(CoreError::NotEnoughRights { action });
        }
        if target.status == MemberStatus::Administrator && !self.may_edit_admin(target) {
            return Err(CoreError::UserIsAdmin);
        }
        Ok(())
    }
}

/// The chat, unless it is a private chat (`None`) or not of one of `kinds`
/// (`WrongChatKind`).
fn require_kind(
    chat: Option<Arc<Chat>>,
    action: AdminAction,
    kinds: &[ChatKind],
) -> CoreResult<Arc<Chat>> {
    match chat {
        None => Err(CoreError::WrongChatKind {
            action,
            private: true,
        }),
        Some(chat) if !kinds.contains(&chat.kind) => Err(CoreError::WrongChatKind {
            action,
            private: false,
        }),
        Some(chat) => Ok(chat),
    }
}

impl Core {
    /// The chat of `peer`, `None` for a private chat (after checking the user exists).
    pub(super) async fn admin_chat(&self, peer: Peer) -> CoreResult<Option<Arc<Chat>>> {
        match peer {
            Peer::User(id) => {
                self.find_user(id).await?.ok_or(CoreError::ChatNotFound)?;
                Ok(None)
            }
            Peer::Group(_) | Peer::Channel(_) => Ok(Some(self.chat(peer).await?)),
        }
    }

    /// The actor's standing in a group or channel of one of `kinds`, where it does
    /// `action`.
    async fn acting_in(
        &self,
        actor: UserId,
        peer: Peer,
        action: AdminAction,
        kinds: &[ChatKind],
    ) -> CoreResult<Acting> {
        let chat = require_kind(self.admin_chat(peer).await?, action, kinds)?;
        self.acting(chat, actor).await
    }

    /// Stores a changed record of one member, telling bots.
    async fn commit_member(&self, acting: &Acting, member: Member) -> CoreResult<()> {
        self.commit_membership(
            &acting.chat,
            acting.actor.id,
            vec![member],
            ChatRecord::Existing,
            Change::default(),
        )
        .await
    }

    /// The actor's standing in `chat`, which it must be a member of.
    pub(super) async fn acting(&self, chat: Arc<Chat>, actor: UserId) -> CoreResult<Acting> {
        let actor = self.user(actor).await?;
        let member = self.require_member(&chat, actor.id).await?;
        Ok(Acting {
            chat,
            actor,
            member,
        })
    }

    /// `user`'s record in a chat (a `Left` one if they never had one), after checking the
    /// user exists.
    pub(super) async fn target(&self, chat: &Chat, user: UserId) -> CoreResult<Member> {
        self.user(user).await?;
        Ok(self
            .membership(chat.peer, user)
            .await?
            .unwrap_or_else(|| Member::left(chat.peer, user)))
    }

    /// Bans `user` from a group or channel until `until_date` (see [`restriction_end`]):
    /// they are removed and may not come back, by themselves or by link. In a basic group
    /// (which has no bans with an end) the user is removed, as `messages.deleteChatUser`,
    /// and with `RemovedHistory::Delete` their copy of the group's history goes too.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked` (the actor),
    /// `UserNotFound`, `TargetIsOwner`, `SelfTarget`, `NotEnoughRights`, `UserIsAdmin`,
    /// `ChatAdminRequired` (basic groups), or `Internal`.
    pub async fn ban_member(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        until_date: i64,
        history: RemovedHistory,
    ) -> CoreResult<()> {
        let action = AdminAction::Ban;
        let Some(chat) = self.admin_chat(peer).await? else {
            return Err(CoreError::WrongChatKind {
                action,
                private: true,
            });
        };
        if chat.kind == ChatKind::Group {
            self.user(user).await?;
            self.remove_as(actor, peer, user, MemberStatus::Kicked)
                .await?;
            if history == RemovedHistory::Delete {
                self.delete_box_history(BoxId::User(user), peer).await?;
            }
            return Ok(());
        }
        let acting = self.acting(chat, actor).await?;
        let target = self.target(&acting.chat, user).await?;
        acting.check_restrict_target(&target, action)?;
        let mut banned = Member::left(peer, user);
        banned.status = MemberStatus::Kicked;
        banned.date = self.now();
        banned.until_date = restriction_end(until_date, self.now());
        banned.restricted_by = Some(acting.actor.id);
        banned.inviter = target.inviter;
        self.expel(&acting.chat, &acting.actor, &target, banned)
            .await
    }

    /// Lifts a ban: the user is not a member afterwards but may join again. Unless
    /// `only_if_banned`, a member is removed too (`unbanChatMember`'s guarantee).
    ///
    /// # Errors
    /// As [`Core::ban_member`]; `WrongChatKind` for private chats and basic groups.
    pub async fn unban_member(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        only_if_banned: bool,
    ) -> CoreResult<()> {
        let action = AdminAction::Unban;
        let acting = self
            .acting_in(actor, peer, action, SUPERGROUPS_AND_CHANNELS)
            .await?;
        let target = self.target(&acting.chat, user).await?;
        let banned = target.status == MemberStatus::Kicked;
        if only_if_banned && !banned {
            return Ok(());
        }
        if target.status == MemberStatus::Left && target.permissions.is_none() {
            // Neither banned nor in the chat: nothing to lift.
            return Ok(());
        }
        acting.check_restrict_target(&target, action)?;
        let mut left = Member::left(peer, user);
        left.date = self.now();
        self.expel(&acting.chat, &acting.actor, &target, left).await
    }

    /// Restricts `user` in a supergroup to `permissions` until `until_date`; with every
    /// permission allowed, lifts their restrictions. A user who is not a member is
    /// restricted should they join.
    ///
    /// # Errors
    /// As [`Core::ban_member`]; `WrongChatKind` for anything but a supergroup.
    pub async fn restrict_member(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        permissions: Permissions,
        until_date: i64,
    ) -> CoreResult<()> {
        let lift = permissions == Permissions::all();
        let action = if lift {
            AdminAction::Unban
        } else {
            AdminAction::Restrict
        };
        let acting = self
            .acting_in(actor, peer, AdminAction::Restrict, &[ChatKind::Supergroup])
            .await?;
        let target = self.target(&acting.chat, user).await?;
        acting.check_restrict_target(&target, action)?;
        let in_chat = target.status.is_member();
        let mut member = target.clone();
        member.rights = AdminRights::default();
        member.custom_title = None;
        member.promoted_by = None;
        if lift {
            member.status = if in_chat {
                MemberStatus::Member
            } else {
                MemberStatus::Left
            };
            member.permissions = None;
            member.until_date = 0;
            member.restricted_by = None;
        } else {
            member.status = if in_chat {
                MemberStatus::Restricted
            } else {
                MemberStatus::Left
            };
            member.permissions = Some(permissions);
            member.until_date = restriction_end(until_date, self.now());
            member.restricted_by = Some(acting.actor.id);
        }
        if member == target {
            return Ok(());
        }
        member.date = self.now();
        self.commit_member(&acting, member).await
    }

    /// Makes `user` an administrator of a supergroup or channel with `rights`, or with no
    /// right (`None`, or nothing set) demotes them. `custom_title`, if given, replaces the
    /// administrator's title (`Some("")` clears it).
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked` (the actor), `UserNotFound`,
    /// `TargetIsOwner`, `SelfTarget`, `NotEnoughRights`, `ChatAdminRequired` (an
    /// administrator the actor did not promote), `RightForbidden`,
    /// `Refused { USER_NOT_PARTICIPANT }`, the custom title's errors, or `Internal`.
    pub async fn set_admin(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        rights: Option<AdminRights>,
        custom_title: Option<String>,
    ) -> CoreResult<()> {
        let action = AdminAction::Promote;
        let acting = self
            .acting_in(actor, peer, action, SUPERGROUPS_AND_CHANNELS)
            .await?;
        let target = self.target(&acting.chat, user).await?;
        let rights = rights
            .map(|r| r.for_kind(acting.chat.kind))
            .filter(|r| !r.is_empty());
        let custom_title = custom_title.map(|t| check_custom_title(&t)).transpose()?;
        // A bot that is not in the chat yet joins as an administrator in one change, as
        // on Telegram: one `my_chat_member` from left to administrator, and the service
        // message of its joining (a person has to join first).
        let bot_joins = rights.is_some()
            && target.status == MemberStatus::Left
            && acting.rights().can_promote_members
            && {
                let bot = self.user(user).await?;
                check_can_join(&bot)?;
                bot.is_bot()
            };
        if target.status == MemberStatus::Creator {
            return Err(CoreError::TargetIsOwner { action });
        }
        if target.user == acting.actor.id {
            return Err(CoreError::SelfTarget { action });
        }
        if !acting.rights().can_promote_members {
            return Err(CoreError::NotEnoughRights { action });
        }
        if target.status == MemberStatus::Administrator && !acting.may_edit_admin(&target) {
            return Err(CoreError::ChatAdminRequired);
        }
        let mut member = target.clone();
        match rights {
            Some(rights) => {
                if !acting.is_creator() && !rights.within(acting.rights()) {
                    return Err(CoreError::RightForbidden);
                }
                if !target.status.is_member() && !bot_joins {
                    return Err(CoreError::Refused {
                        name: "USER_NOT_PARTICIPANT",
                    });
                }
                if bot_joins {
                    member.inviter = Some(acting.actor.id);
                    member.date = self.now();
                }
                member.status = MemberStatus::Administrator;
                member.rights = rights;
                member.promoted_by = Some(acting.actor.id);
                member.permissions = None;
                member.until_date = 0;
                member.restricted_by = None;
                if let Some(title) = custom_title {
                    member.custom_title = title;
                }
            }
            None => {
                if target.status != MemberStatus::Administrator {
                    return Ok(());
                }
                demote(&mut member);
            }
        }
        if member == target {
            return Ok(());
        }
        self.commit_member(&acting, member).await?;
        if bot_joins {
            let added = ServiceAction::MembersAdded { users: vec![user] };
            self.send_service(&acting.actor, peer, added).await?;
        }
        Ok(())
    }

    /// Makes a member of a basic group an administrator (`messages.editChatAdmin`), or an
    /// ordinary member again. A basic group's administrators all hold the same rights
    /// ([`AdminRights::basic_group_admin`]), and only its creator appoints them.
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked` (the actor),
    /// `ChatAdminRequired` (the actor is not the creator), `UserNotFound`,
    /// `TargetIsOwner`, `Refused { USER_NOT_PARTICIPANT }`, or `Internal`.
    pub async fn set_basic_group_admin(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        is_admin: bool,
    ) -> CoreResult<()> {
        let action = AdminAction::Promote;
        let acting = self
            .acting_in(actor, peer, action, &[ChatKind::Group])
            .await?;
        if !acting.is_creator() {
            return Err(CoreError::ChatAdminRequired);
        }
        let target = self.target(&acting.chat, user).await?;
        if target.status == MemberStatus::Creator {
            return Err(CoreError::TargetIsOwner { action });
        }
        if !target.status.is_member() {
            return Err(CoreError::Refused {
                name: "USER_NOT_PARTICIPANT",
            });
        }
        let mut member = target.clone();
        if is_admin {
            member.status = MemberStatus::Administrator;
            member.rights = AdminRights::basic_group_admin();
            member.promoted_by = Some(acting.actor.id);
        } else {
            demote(&mut member);
        }
        if member == target {
            return Ok(());
        }
        member.date = self.now();
        self.commit_member(&acting, member).await
    }

    /// Sets the custom title of an administrator of a group or supergroup (`""` clears
    /// it). The owner may set its own.
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked` (the actor), `UserNotFound`,
    /// `TargetIsOwner`, `NotAdministrator`, `NotEnoughRights`, `CustomTitleInvalid`,
    /// `CustomTitleEmoji`, or `Internal`.
    pub async fn set_custom_title(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        title: &str,
    ) -> CoreResult<()> {
        let action = AdminAction::EditCustomTitle;
        let acting = self.acting_in(actor, peer, action, GROUPS).await?;
        let target = self.target(&acting.chat, user).await?;
        let own = target.user == acting.actor.id && target.status == MemberStatus::Creator;
        if target.status == MemberStatus::Creator && !own {
            return Err(CoreError::TargetIsOwner { action });
        }
        if !target.status.is_admin() {
            return Err(CoreError::NotAdministrator);
        }
        let may_edit = acting.rights().can_promote_members && acting.may_edit_admin(&target);
        if !(own || may_edit) {
            return Err(CoreError::NotEnoughRights { action });
        }
        let title = check_custom_title(title)?;
        if title == target.custom_title {
            return Ok(());
        }
        let mut member = target;
        member.custom_title = title;
        self.commit_member(&acting, member).await
    }

    /// Sets the tag of a regular member of a group or supergroup (`""` clears it): an
    /// administrator with `can_manage_tags` may set anyone's, and a member their own where
    /// the chat's permissions (or their restrictions) let them edit it. Tags follow the
    /// custom title's rules (16 characters, no emoji).
    ///
    /// # Errors
    /// `WrongChatKind`, `ChatNotFound`, `NotMember`/`Kicked` (the actor), `UserNotFound`,
    /// `UserIsAdmin` (an administrator has a custom title instead), `NotEnoughRights`,
    /// `CustomTitleInvalid`, `CustomTitleEmoji`, or `Internal`.
    pub async fn set_member_tag(
        &self,
        actor: UserId,
        peer: Peer,
        user: UserId,
        tag: &str,
    ) -> CoreResult<()> {
        let action = AdminAction::EditTag;
        let acting = self.acting_in(actor, peer, action, GROUPS).await?;
        let target = self.target(&acting.chat, user).await?;
        if target.status.is_admin() {
            return Err(CoreError::UserIsAdmin);
        }
        if !target.status.is_member() {
            return Err(CoreError::NotMember {
                kind: acting.chat.kind,
            });
        }
        let own = target.user == acting.actor.id
            && acting.chat.permissions.can_edit_tag
            && target.permissions.is_none_or(|own| own.can_edit_tag);
        let manager = acting.member.status.is_admin() && acting.rights().can_manage_tags;
        if !(own || manager) {
            return Err(CoreError::NotEnoughRights { action });
        }
        let tag = check_custom_title(tag)?;
        if tag == target.custom_title {
            return Ok(());
        }
        let mut member = target;
        member.custom_title = tag;
        self.commit_member(&acting, member).await
    }

    /// Sets what members of a group or supergroup may do; returns whether anything
    /// changed.
    ///
    /// # Errors
    /// `WrongChatKind` (private chats, broadcast channels), `ChatNotFound`,
    /// `NotMember`/`Kicked`, `NotEnoughRights`, or `Internal`.
    pub async fn set_chat_permissions(
        &self,
        actor: UserId,
        peer: Peer,
        permissions: Permissions,
    ) -> CoreResult<bool> {
        let action = AdminAction::ChangePermissions;
        let acting = self.acting_in(actor, peer, action, GROUPS).await?;
        if !acting.rights().can_restrict_members {
            return Err(CoreError::NotEnoughRights { action });
        }
        if acting.chat.permissions == permissions {
            return Ok(false);
        }
        let mut chat = (*acting.chat).clone();
        chat.permissions = permissions;
        self.put_chat(chat).await?;
        Ok(true)
    }

    /// Changes the title of a group or channel; returns the service message as the actor
    /// sees it, or `None` if the title is the same.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights`, `ChatTitleEmpty`, or `Internal`.
    pub async fn set_chat_title(
        &self,
        actor: UserId,
        peer: Peer,
        title: &str,
    ) -> CoreResult<Option<Sent>> {
        let acting = self
            .info_changer(actor, peer, AdminAction::ChangeTitle)
            .await?;
        let title = check_title(title)?;
        if title == acting.chat.title {
            return Ok(None);
        }
        let mut chat = (*acting.chat).clone();
        chat.title.clone_from(&title);
        self.put_chat(chat).await?;
        let sent = self
            .send_service(&acting.actor, peer, ServiceAction::TitleChanged { title })
            .await?;
        Ok(Some(sent))
    }

    /// Changes the photo of a group or channel (a photo made by [`Core::upload_photo`]), or
    /// with `None` removes it; returns the service message as the actor sees it.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights`, `Refused { CHAT_NOT_MODIFIED }` (removing a photo the chat does
    /// not have), or `Internal`.
    pub async fn set_chat_photo(
        &self,
        actor: UserId,
        peer: Peer,
        photo: Option<Photo>,
    ) -> CoreResult<Sent> {
        let acting = self
            .info_changer(actor, peer, AdminAction::ChangePhoto)
            .await?;
        if photo.is_none() && acting.chat.photo.is_none() {
            return Err(CoreError::Refused {
                name: "CHAT_NOT_MODIFIED",
            });
        }
        let mut chat = (*acting.chat).clone();
        chat.photo.clone_from(&photo);
        let (submitted, ()) = self.transact(|tx| {
            if let Some(photo) = &photo {
                tx.push(Write::PutMedia(Box::new(Media::Photo(photo.clone()))));
            }
            tx.push(Write::PutChat(Box::new(chat.clone())));
            Ok(())
        })?;
        submitted.wait().await?;
        self.cache_chat(chat);
        let action = match photo {
            Some(photo) => ServiceAction::PhotoChanged { photo },
            None => ServiceAction::PhotoDeleted,
        };
        self.send_service(&acting.actor, peer, action).await
    }

    /// Changes the description of a group or channel.
    ///
    /// # Errors
    /// `WrongChatKind` (private chat), `ChatNotFound`, `NotMember`/`Kicked`,
    /// `NotEnoughRights`, `ChatAboutTooLong`, `ChatAboutNotModified`, or `Internal`.
    pub async fn set_chat_description(
        &self,
        actor: UserId,
        peer: Peer,
        description: &str,
    ) -> CoreResult<()> {
        let acting = self
            .info_changer(actor, peer, AdminAction::ChangeDescription)
            .await?;
        let description = description.trim();
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(CoreError::ChatAboutTooLong);
        }
        let description = (!description.is_empty()).then(|| description.to_owned());
        if description == acting.chat.description {
            return Err(CoreError::ChatAboutNotModified);
        }
        let mut chat = (*acting.chat).clone();
        chat.description = description;
        self.put_chat(chat).await
    }

    /// The administrator rights a bot asks for when added to groups (or channels); none
    /// set if it never said.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn default_admin_rights(
        &self,
        bot: UserId,
        for_channels: bool,
    ) -> CoreResult<AdminRights> {
        Ok(self
            .0
            .store
            .default_admin_rights(bot, for_channels)
            .await?
            .unwrap_or_default())
    }

    /// Sets (or with `None` clears) the administrator rights a bot asks for when added to
    /// groups (or channels).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn set_default_admin_rights(
        &self,
        bot: UserId,
        for_channels: bool,
        rights: Option<AdminRights>,
    ) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetDefaultAdminRights {
                bot,
                for_channels,
                rights,
            });
            Ok(())
        })?;
        submitted.wait().await
    }

    /// The actor's standing in a group or channel whose info (title, photo, description)
    /// it changes, which needs the right or the members' permission to.
    async fn info_changer(
        &self,
        actor: UserId,
        peer: Peer,
        action: AdminAction,
    ) -> CoreResult<Acting> {
        self.acting_if(actor, peer, action, Acting::may_change_info)
            .await
    }

    /// The actor's standing in a group or channel (`WrongChatKind` for a private chat),
    /// where it may do `action` if `allowed` (`NotEnoughRights` otherwise).
    pub(super) async fn acting_if(
        &self,
        actor: UserId,
        peer: Peer,
        action: AdminAction,
        allowed: impl Fn(&Acting) -> bool,
    ) -> CoreResult<Acting> {
        let Some(chat) = self.admin_chat(peer).await? else {
            return Err(CoreError::WrongChatKind {
                action,
                private: true,
            });
        };
        let acting = self.acting(chat, actor).await?;
        if !allowed(&acting) {
            return Err(CoreError::NotEnoughRights { action });
        }
        Ok(acting)
    }

    /// Stores a changed chat and caches it.
    pub(super) async fn put_chat(&self, chat: Chat) -> CoreResult<()> {
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutChat(Box::new(chat.clone())));
            Ok(())
        })?;
        submitted.wait().await?;
        self.cache_chat(chat);
        Ok(())
    }
}

/// A custom title as Telegram takes it: trimmed, at most 16 characters, no emoji; `None`
/// when empty.
fn check_custom_title(title: &str) -> CoreResult<Option<String>> {
    let title = title.trim();
    if title.chars().count() > MAX_CUSTOM_TITLE {
        return Err(CoreError::CustomTitleInvalid);
    }
    if title.chars().any(is_emoji) {
        return Err(CoreError::CustomTitleEmoji);
    }
    Ok((!title.is_empty()).then(|| title.to_owned()))
}

/// Whether a character is an emoji (the pictographic blocks and the symbols emoji are
/// drawn from).
fn is_emoji(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F
    )
}

/// An administrator made an ordinary member again: no rights, title or promoter.
fn demote(member: &mut Member) {
    member.status = MemberStatus::Member;
    member.rights = AdminRights::default();
    member.custom_title = None;
    member.promoted_by = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_titles_are_short_and_emoji_free() {
        assert_eq!(check_custom_title("  Boss "), Ok(Some("Boss".into())));
        assert_eq!(check_custom_title(""), Ok(None));
        assert_eq!(
            check_custom_title("sixteen chars ok"),
            Ok(Some("sixteen chars ok".into()))
        );
        assert_eq!(
            check_custom_title("seventeen chars!!"),
            Err(CoreError::CustomTitleInvalid)
        );
        assert_eq!(
            check_custom_title("boss 😎"),
            Err(CoreError::CustomTitleEmoji)
        );
    }
}
