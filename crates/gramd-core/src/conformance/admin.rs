//! Chat administration: the store's invite links, join requests, pins and bot rights, and
//! the core's rules for banning, restricting, promoting, permissions, links and pins
//! (Telegram's, see the `admin`, `pins` and `invites` service modules).

use std::sync::Arc;

use super::{commit, user};

use crate::chats::{AdminRights, ChannelKind, MemberFilter, MemberStatus, Permissions, SendRight};
use crate::clock::ManualClock;
use crate::error::{AdminAction, CoreError, MessagePurpose};
use crate::ids::{BoxId, ChannelId, GroupId, MessageId, Peer, UserId};
use crate::invites::{InviteCheck, InviteLink, JoinRequest, LinkSpec};
use crate::messages::{
    Content, ContentKind, HistoryQuery, OutgoingText, RemovedHistory, SendOptions, ServiceAction,
};
use crate::store::{Store, Write};
use crate::updates::BotUpdate;
use crate::users::{BotInfo, NewUser, User};
use crate::{Core, CoreConfig};

/// When the tests' clock starts.
const START: i64 = 1_800_000_000;

async fn core_at(store: Arc<dyn Store>) -> (Core, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(START));
    let core = Core::open(store, clock.clone(), CoreConfig::default())
        .await
        .expect("open the core");
    (core, clock)
}

async fn person(core: &Core, name: &str, phone: &str) -> Arc<User> {
    core.create_user(user(name, None, Some(phone)))
        .await
        .expect("create a user")
}

async fn bot(core: &Core, username: &str) -> Arc<User> {
    let new = NewUser {
        first_name: "Bot".into(),
        last_name: None,
        username: Some(username.into()),
        phone: None,
        bot: None,
    };
    core.create_bot(new, BotInfo::default())
        .await
        .expect("create a bot")
        .0
}

fn text(text: &str) -> OutgoingText {
    OutgoingText {
        text: text.into(),
        ..OutgoingText::default()
    }
}

fn rights(f: impl FnOnce(&mut AdminRights)) -> AdminRights {
    let mut rights = AdminRights::default();
    f(&mut rights);
    rights
}

async fn status(core: &Core, peer: Peer, user: &User) -> MemberStatus {
    core.standing(user.id, peer)
        .await
        .unwrap()
        .membership
        .map_or(MemberStatus::Left, |m| m.status)
}

/// Invite links, join requests, pins and bots' default rights round-trip.
pub async fn administration_records_round_trip(store: Arc<dyn Store>) {
    let chat = Peer::Channel(ChannelId(2_000_000_500));
    let link = |hash: &str, creator: i64, date: i64| InviteLink {
        hash: hash.into(),
        chat,
        creator: UserId(creator),
        date,
        name: Some("n".into()),
        expire_date: 0,
        member_limit: 3,
        creates_join_request: false,
        is_primary: false,
        is_revoked: false,
        usage: 1,
        pending_join_requests: 0,
    };
    let put = |l: InviteLink| Write::PutInviteLink(Box::new(l));
    commit(
        &store,
        vec![
            put(link("aaa", 1, 10)),
            put(link("bbb", 2, 20)),
            put(link("ccc", 1, 30)),
        ],
    )
    .await;
    assert_eq!(
        store.invite_link("bbb").await.unwrap(),
        Some(link("bbb", 2, 20))
    );
    assert_eq!(store.invite_link("zzz").await.unwrap(), None);
    let hashes = |links: Vec<InviteLink>| links.into_iter().map(|l| l.hash).collect::<Vec<_>>();
    assert_eq!(
        hashes(store.invite_links(chat, None).await.unwrap()),
        ["ccc", "bbb", "aaa"]
    );
    assert_eq!(
        hashes(store.invite_links(chat, Some(UserId(1))).await.unwrap()),
        ["ccc", "aaa"]
    );
    let mut revoked = link("aaa", 1, 10);
    revoked.is_revoked = true;
    commit(&store, vec![put(revoked.clone())]).await;
    assert_eq!(store.invite_link("aaa").await.unwrap(), Some(revoked));

    let request = |user: i64, date: i64| JoinRequest {
        chat,
        user: UserId(user),
        date,
        link: Some("bbb".into()),
    };
    commit(
        &store,
        vec![
            Write::PutJoinRequest(Box::new(request(8, 50))),
            Write::PutJoinRequest(Box::new(request(7, 40))),
        ],
    )
    .await;
    assert_eq!(
        store.join_request(chat, UserId(8)).await.unwrap(),
        Some(request(8, 50))
    );
    assert_eq!(
        store.join_requests(chat).await.unwrap(),
        [request(7, 40), request(8, 50)]
    );
    commit(
        &store,
        vec![Write::DeleteJoinRequest {
            chat,
            user: UserId(7),
        }],
    )
    .await;
    assert_eq!(store.join_requests(chat).await.unwrap(), [request(8, 50)]);

    let box_id = BoxId::User(UserId(9));
    let group = Peer::Group(GroupId(4_000_000_900));
    let pin = |ids: &[i32], pinned| Write::PinMessages {
        box_id,
        peer: group,
        ids: ids.iter().copied().map(MessageId).collect(),
        pinned,
    };
    commit(&store, vec![pin(&[3, 9, 5], true), pin(&[3], true)]).await;
    assert_eq!(
        store.pinned(box_id, group).await.unwrap(),
        [MessageId(9), MessageId(5), MessageId(3)]
    );
    assert!(store.pinned(box_id, chat).await.unwrap().is_empty());
    commit(&store, vec![pin(&[9], false)]).await;
    assert_eq!(
        store.pinned(box_id, group).await.unwrap(),
        [MessageId(5), MessageId(3)]
    );
    commit(
        &store,
        vec![Write::UnpinAll {
            box_id,
            peer: group,
        }],
    )
    .await;
    assert!(store.pinned(box_id, group).await.unwrap().is_empty());

    let bot = UserId(70);
    let wanted = rights(|r| r.can_invite_users = true);
    let set = |for_channels, rights| Write::SetDefaultAdminRights {
        bot,
        for_channels,
        rights,
    };
    commit(&store, vec![set(false, Some(wanted))]).await;
    assert_eq!(
        store.default_admin_rights(bot, false).await.unwrap(),
        Some(wanted)
    );
    assert_eq!(store.default_admin_rights(bot, true).await.unwrap(), None);
    commit(&store, vec![set(false, None)]).await;
    assert_eq!(store.default_admin_rights(bot, false).await.unwrap(), None);
}

/// Bans and restrictions: the right to restrict is needed, the owner, the actor itself and
/// administrators the actor did not promote are out of reach; a ban keeps the user out, a
/// restriction keeps them from sending; both end by themselves at `until_date`.
pub async fn bans_and_restrictions_follow_the_rules(store: Arc<dyn Store>) {
    let (core, clock) = core_at(store).await;
    let alice = person(&core, "Alice", "15551001").await;
    let bob = person(&core, "Bob", "15551002").await;
    let carol = person(&core, "Carol", "15551003").await;
    let dave = person(&core, "Dave", "15551004").await;
    let (group, _) = core
        .create_channel(alice.id, "Talk", "", ChannelKind::Supergroup)
        .await
        .unwrap();
    let peer = group.peer;
    for u in [&bob, &carol, &dave] {
        core.add_member(alice.id, peer, u.id).await.unwrap();
    }
    let restrict = rights(|r| r.can_restrict_members = true);
    core.set_admin(alice.id, peer, bob.id, Some(restrict), None)
        .await
        .unwrap();
    core.set_admin(alice.id, peer, carol.id, Some(restrict), None)
        .await
        .unwrap();

    let ban = |actor: &Arc<User>, target: &Arc<User>, until| {
        let (core, actor, target) = (core.clone(), actor.id, target.id);
        async move {
            core.ban_member(actor, peer, target, until, RemovedHistory::Keep)
                .await
        }
    };
    assert_eq!(
        ban(&bob, &alice, 0).await,
        Err(CoreError::TargetIsOwner {
            action: AdminAction::Ban
        })
    );
    assert_eq!(
        ban(&bob, &bob, 0).await,
        Err(CoreError::SelfTarget {
            action: AdminAction::Ban
        })
    );
    assert_eq!(ban(&bob, &carol, 0).await, Err(CoreError::UserIsAdmin));
    assert_eq!(
        ban(&dave, &bob, 0).await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::Ban
        })
    );
    assert_eq!(
        ban(&carol, &dave, 0).await.and(Ok(())),
        Ok(()),
        "an administrator with the right bans a member"
    );
    assert_eq!(status(&core, peer, &dave).await, MemberStatus::Kicked);
    assert_eq!(
        core.send_text(dave.id, peer, text("hi"), SendOptions::default())
            .await
            .map(|_| ()),
        Err(CoreError::Kicked {
            kind: crate::chats::ChatKind::Supergroup
        })
    );
    assert_eq!(
        core.add_member(carol.id, peer, dave.id).await.map(|_| ()),
        Ok(()),
        "an administrator may add a banned user back"
    );
    assert_eq!(status(&core, peer, &dave).await, MemberStatus::Member);
    // Members without the right may not ban; the owner bans an administrator it promoted.
    let erin = person(&core, "Erin", "15551005").await;
    core.add_member(alice.id, peer, erin.id).await.unwrap();
    assert_eq!(
        core.ban_member(dave.id, peer, erin.id, 0, RemovedHistory::Keep)
            .await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::Ban
        })
    );
    ban(&alice, &carol, 0).await.unwrap();
    assert_eq!(status(&core, peer, &carol).await, MemberStatus::Kicked);

    // A ban for 60 s ends by itself: the user is out, not banned, and may be added again.
    ban(&bob, &erin, START + 60).await.unwrap();
    let record = core.chat_member(&alice, peer, erin.id).await.unwrap();
    assert_eq!(
        (record.status, record.until_date),
        (MemberStatus::Kicked, START + 60)
    );
    let kicked = core
        .chat_members(&alice, peer, MemberFilter::Kicked, 0, 10)
        .await
        .unwrap();
    assert!(kicked.iter().any(|m| m.user == erin.id));
    clock.advance(61);
    let record = core.chat_member(&alice, peer, erin.id).await.unwrap();
    assert_eq!((record.status, record.until_date), (MemberStatus::Left, 0));
    let kicked = core
        .chat_members(&alice, peer, MemberFilter::Kicked, 0, 10)
        .await
        .unwrap();
    assert!(!kicked.iter().any(|m| m.user == erin.id));
    core.add_member(dave.id, peer, erin.id).await.unwrap();

    // A restriction keeps a member from sending text until it ends; 10 s counts as
    // forever.
    let no_text = Permissions {
        can_send_messages: false,
        ..Permissions::none()
    };
    let now = core.now();
    core.restrict_member(bob.id, peer, erin.id, no_text, now + 10)
        .await
        .unwrap();
    let record = core.chat_member(&alice, peer, erin.id).await.unwrap();
    assert_eq!(
        (record.status, record.until_date, record.permissions),
        (MemberStatus::Restricted, 0, Some(no_text))
    );
    core.restrict_member(bob.id, peer, erin.id, no_text, now + 120)
        .await
        .unwrap();
    assert_eq!(
        core.send_text(erin.id, peer, text("hi"), SendOptions::default())
            .await
            .map(|_| ()),
        Err(CoreError::SendForbidden {
            right: SendRight::Text,
            kind: ContentKind::Text,
        })
    );
    assert_eq!(
        core.restrict_member(bob.id, peer, alice.id, no_text, 0)
            .await,
        Err(CoreError::TargetIsOwner {
            action: AdminAction::Restrict
        })
    );
    assert_eq!(
        core.restrict_member(dave.id, peer, bob.id, no_text, 0)
            .await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::Restrict
        })
    );
    clock.advance(121);
    core.send_text(erin.id, peer, text("free again"), SendOptions::default())
        .await
        .unwrap();
    assert_eq!(status(&core, peer, &erin).await, MemberStatus::Member);

    // Every permission allowed lifts a restriction at once.
    core.restrict_member(bob.id, peer, erin.id, no_text, 0)
        .await
        .unwrap();
    core.restrict_member(bob.id, peer, erin.id, Permissions::all(), 0)
        .await
        .unwrap();
    let record = core.chat_member(&alice, peer, erin.id).await.unwrap();
    assert_eq!(
        (record.status, record.permissions),
        (MemberStatus::Member, None)
    );

    // Unbanning a member removes them (they may come back); with only_if_banned it does
    // nothing to a member.
    core.unban_member(bob.id, peer, erin.id, true)
        .await
        .unwrap();
    assert_eq!(status(&core, peer, &erin).await, MemberStatus::Member);
    core.unban_member(bob.id, peer, erin.id, false)
        .await
        .unwrap();
    assert_eq!(status(&core, peer, &erin).await, MemberStatus::Left);
    core.unban_member(alice.id, peer, carol.id, true)
        .await
        .unwrap();
    assert_eq!(status(&core, peer, &carol).await, MemberStatus::Left);

    // Restrictions are for supergroups; unbanning for supergroups and channels.
    let (basic, _) = core.create_group(alice.id, "G", &[bob.id]).await.unwrap();
    assert_eq!(
        core.restrict_member(alice.id, basic.peer, bob.id, no_text, 0)
            .await,
        Err(CoreError::WrongChatKind {
            action: AdminAction::Restrict,
            private: false
        })
    );
    assert_eq!(
        core.unban_member(alice.id, basic.peer, bob.id, false).await,
        Err(CoreError::WrongChatKind {
            action: AdminAction::Unban,
            private: false
        })
    );
    assert_eq!(
        core.ban_member(
            alice.id,
            Peer::User(bob.id),
            bob.id,
            0,
            RemovedHistory::Keep
        )
        .await,
        Err(CoreError::WrongChatKind {
            action: AdminAction::Ban,
            private: true
        })
    );
    core.ban_member(alice.id, basic.peer, bob.id, 0, RemovedHistory::Keep)
        .await
        .unwrap();
    assert_eq!(status(&core, basic.peer, &bob).await, MemberStatus::Kicked);
}

/// Promotion: the right to promote is needed, only rights the actor holds may be granted,
/// and an administrator is edited only by the owner or whoever promoted it; the chat's
/// permissions bind members but not administrators.
pub async fn promotion_and_permissions_follow_the_rules(store: Arc<dyn Store>) {
    let (core, _clock) = core_at(store).await;
    let alice = person(&core, "Alice", "15551101").await;
    let bob = person(&core, "Bob", "15551102").await;
    let carol = person(&core, "Carol", "15551103").await;
    let dave = person(&core, "Dave", "15551104").await;
    let (group, _) = core
        .create_channel(alice.id, "Talk", "", ChannelKind::Supergroup)
        .await
        .unwrap();
    let peer = group.peer;
    for u in [&bob, &carol, &dave] {
        core.add_member(alice.id, peer, u.id).await.unwrap();
    }
    let promoter = rights(|r| {
        r.can_promote_members = true;
        r.can_invite_users = true;
    });
    core.set_admin(
        alice.id,
        peer,
        bob.id,
        Some(promoter),
        Some("Deputy".into()),
    )
    .await
    .unwrap();
    let record = core.chat_member(&alice, peer, bob.id).await.unwrap();
    assert_eq!(
        (
            record.status,
            record.promoted_by,
            record.custom_title.as_deref()
        ),
        (MemberStatus::Administrator, Some(alice.id), Some("Deputy"))
    );
    assert_eq!(
        core.set_admin(
            bob.id,
            peer,
            carol.id,
            Some(rights(|r| r.can_change_info = true)),
            None
        )
        .await,
        Err(CoreError::RightForbidden)
    );
    let inviter = rights(|r| r.can_invite_users = true);
    core.set_admin(bob.id, peer, carol.id, Some(inviter), None)
        .await
        .unwrap();
    assert_eq!(
        core.set_admin(dave.id, peer, carol.id, None, None).await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::Promote
        })
    );
    assert_eq!(
        core.set_admin(bob.id, peer, alice.id, Some(inviter), None)
            .await,
        Err(CoreError::TargetIsOwner {
            action: AdminAction::Promote
        })
    );
    assert_eq!(
        core.set_admin(bob.id, peer, bob.id, Some(inviter), None)
            .await,
        Err(CoreError::SelfTarget {
            action: AdminAction::Promote
        })
    );
    // Carol was promoted by Bob: Bob may retitle and demote her; she may not touch Bob,
    // whom Alice promoted.
    core.set_custom_title(bob.id, peer, carol.id, "Greeter")
        .await
        .unwrap();
    assert_eq!(
        core.set_custom_title(bob.id, peer, carol.id, "12345678901234567")
            .await,
        Err(CoreError::CustomTitleInvalid)
    );
    assert_eq!(
        core.set_custom_title(bob.id, peer, alice.id, "x").await,
        Err(CoreError::TargetIsOwner {
            action: AdminAction::EditCustomTitle
        })
    );
    assert_eq!(
        core.set_custom_title(bob.id, peer, dave.id, "x").await,
        Err(CoreError::NotAdministrator)
    );
    core.set_admin(alice.id, peer, dave.id, Some(promoter), None)
        .await
        .unwrap();
    assert_eq!(
        core.set_admin(dave.id, peer, carol.id, None, None).await,
        Err(CoreError::ChatAdminRequired)
    );
    assert_eq!(
        core.set_custom_title(dave.id, peer, carol.id, "x").await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::EditCustomTitle
        })
    );
    core.set_admin(bob.id, peer, carol.id, None, None)
        .await
        .unwrap();
    let record = core.chat_member(&alice, peer, carol.id).await.unwrap();
    assert_eq!(
        (record.status, record.custom_title),
        (MemberStatus::Member, None)
    );

    // The chat's permissions: only administrators who may restrict change them; members
    // are bound, administrators are not.
    let read_only = Permissions::none();
    assert_eq!(
        core.set_chat_permissions(carol.id, peer, read_only).await,
        Err(CoreError::NotEnoughRights {
            action: AdminAction::ChangePermissions
        })
    );
    assert_eq!(
        core.set_chat_permissions(alice.id, peer, read_only).await,
        Ok(true)
    );
    assert_eq!(
        core.set_chat_permissions(alice.id, peer, read_only).await,
        Ok(false)
    );
    assert_eq!(core.chat(peer).await.unwrap().permissions, read_only);
    assert_eq!(
        core.send_text(carol.id, peer, text("hi"), SendOptions::default())
            .await
            .map(|_| ()),
        Err(CoreError::SendForbidden {
            right: SendRight::Text,
            kind: ContentKind::Text,
        })
    );
    core.send_text(bob.id, peer, text("admins may"), SendOptions::default())
        .await
        .unwrap();
    let (news, _) = core
        .create_channel(alice.id, "News", "", ChannelKind::Broadcast)
        .await
        .unwrap();
    assert_eq!(
        core.set_chat_permissions(alice.id, news.peer, read_only)
            .await,
        Err(CoreError::WrongChatKind {
            action: AdminAction::ChangePermissions,
            private: false
        })
    );

    // Title and description: members need the permission, which the chat just took away.
    assert_eq!(
        core.set_chat_title(carol.id, peer, "Mine")
            .await
            .map(|_| ()),
        Err(CoreError::NotEnoughRights {
            action: AdminAction::ChangeTitle
        })
    );
    let sent = core
        .set_chat_title(alice.id, peer, "Renamed")
        .await
        .unwrap()
        .expect("a service message");
    assert_eq!(
        sent.message.content,
        Content::Service(ServiceAction::TitleChanged {
            title: "Renamed".into()
        })
    );
    assert_eq!(
        core.set_chat_title(alice.id, peer, "Renamed").await,
        Ok(None)
    );
    assert_eq!(core.chat(peer).await.unwrap().title, "Renamed");
    core.set_chat_description(alice.id, peer, "About us")
        .await
        .unwrap();
    assert_eq!(
        core.set_chat_description(alice.id, peer, "About us").await,
        Err(CoreError::ChatAboutNotModified)
    );
    assert_eq!(
        core.set_chat_description(alice.id, peer, &"x".repeat(256))
            .await,
        Err(CoreError::ChatAboutTooLong)
    );
    assert_eq!(
        core.chat(peer).await.unwrap().description.as_deref(),
        Some("About us")
    );
}

/// Invite links admit users until revoked, expired or used up; links that need approval
/// file join requests, which admin bots hear of and administrators answer.
pub async fn invite_links_and_join_requests(store: Arc<dyn Store>) {
    let (core, clock) = core_at(store).await;
    let alice = person(&core, "Alice", "15551201").await;
    let bob = person(&core, "Bob", "15551202").await;
    let carol = person(&core, "Carol", "15551203").await;
    let dave = person(&core, "Dave", "15551204").await;
    let helper = bot(&core, "helper_bot").await;
    let (group, _) = core
        .create_channel(alice.id, "Club", "", ChannelKind::Supergroup)
        .await
        .unwrap();
    let peer = group.peer;
    core.add_member(alice.id, peer, helper.id).await.unwrap();
    core.set_admin(
        alice.id,
        peer,
        helper.id,
        Some(rights(|r| r.can_invite_users = true)),
        None,
    )
    .await
    .unwrap();

    assert_eq!(
        core.create_invite_link(bob.id, peer, LinkSpec::default())
            .await,
        Err(CoreError::NotMember {
            kind: crate::chats::ChatKind::Supergroup
        })
    );
    assert_eq!(
        core.create_invite_link(
            helper.id,
            peer,
            LinkSpec {
                member_limit: 2,
                creates_join_request: true,
                ..LinkSpec::default()
            }
        )
        .await,
        Err(CoreError::MemberLimitWithJoinRequest)
    );
    let one_use = core
        .create_invite_link(
            helper.id,
            peer,
            LinkSpec {
                name: Some("once".into()),
                member_limit: 1,
                ..LinkSpec::default()
            },
        )
        .await
        .unwrap();
    assert!(one_use.url().starts_with("https://t.me/+"));
    match core.check_invite(bob.id, &one_use.hash).await.unwrap() {
        InviteCheck::Invite {
            member_count,
            request_needed,
            ..
        } => assert_eq!((member_count, request_needed), (2, false)),
        other => panic!("{other:?}"),
    }
    let (_, sent) = core.join_by_link(bob.id, &one_use.url()).await.unwrap();
    assert_eq!(
        sent.map(|s| s.message.content),
        Some(Content::Service(ServiceAction::JoinedByLink {
            inviter: helper.id
        }))
    );
    assert!(matches!(
        core.check_invite(bob.id, &one_use.hash).await,
        Ok(InviteCheck::Already(_))
    ));
    assert_eq!(
        core.join_by_link(carol.id, &one_use.hash).await.map(|_| ()),
        Err(CoreError::Refused {
            name: "USERS_TOO_MUCH"
        })
    );
    assert_eq!(
        core.join_by_link(carol.id, "nosuchlink").await.map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_HASH_INVALID"
        })
    );

    // Expiry and revocation.
    let short = core
        .create_invite_link(
            helper.id,
            peer,
            LinkSpec {
                expire_date: START + 100,
                ..LinkSpec::default()
            },
        )
        .await
        .unwrap();
    clock.advance(100);
    assert_eq!(
        core.join_by_link(carol.id, &short.hash).await.map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_HASH_EXPIRED"
        })
    );
    let primary = core.primary_link(helper.id, peer).await.unwrap().unwrap();
    assert!(primary.is_primary);
    assert_eq!(
        core.primary_link(helper.id, peer)
            .await
            .unwrap()
            .map(|l| l.hash),
        Some(primary.hash.clone()),
        "the primary link stays until replaced"
    );
    assert_eq!(core.primary_link(bob.id, peer).await, Ok(None));
    let revoked = core
        .revoke_invite_link(helper.id, peer, &primary.url())
        .await
        .unwrap();
    assert!(revoked.is_revoked && !revoked.is_primary);
    let replacement = core.primary_link(helper.id, peer).await.unwrap().unwrap();
    assert_ne!(replacement.hash, primary.hash);
    assert_eq!(
        core.join_by_link(carol.id, &primary.hash).await.map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_HASH_EXPIRED"
        })
    );
    let exported = core.replace_primary_link(helper.id, peer).await.unwrap();
    assert_eq!(
        core.join_by_link(carol.id, &replacement.hash)
            .await
            .map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_HASH_EXPIRED"
        })
    );
    assert_ne!(exported.hash, replacement.hash);

    // A link that needs approval: the request reaches the admin bot, is counted, and is
    // answered once.
    let gated = core
        .create_invite_link(
            helper.id,
            peer,
            LinkSpec {
                creates_join_request: true,
                ..LinkSpec::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        core.join_by_link(carol.id, &gated.hash).await.map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_REQUEST_SENT"
        })
    );
    assert_eq!(status(&core, peer, &carol).await, MemberStatus::Left);
    let edited = core
        .edit_invite_link(
            helper.id,
            peer,
            &gated.url(),
            LinkSpec {
                name: Some("gate".into()),
                creates_join_request: true,
                ..LinkSpec::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (edited.name.as_deref(), edited.pending_join_requests),
        (Some("gate"), 1)
    );
    let updates = core
        .get_updates(
            helper.id,
            crate::GetUpdates {
                offset: 0,
                limit: 100,
                timeout: std::time::Duration::ZERO,
                allowed_updates: None,
            },
        )
        .await
        .unwrap();
    let request = updates
        .iter()
        .find_map(|u| match &u.update {
            BotUpdate::ChatJoinRequest(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a chat_join_request update");
    assert_eq!((request.chat, request.user), (peer, carol.id));
    assert_eq!(
        request
            .invite_link
            .map(|l| (l.hash, l.pending_join_requests)),
        Some((gated.hash.clone(), 1))
    );
    assert_eq!(
        core.answer_join_request(bob.id, peer, carol.id, true)
            .await
            .map(|_| ()),
        Err(CoreError::NotEnoughRights {
            action: AdminAction::ManageJoinRequests
        })
    );
    let sent = core
        .answer_join_request(helper.id, peer, carol.id, true)
        .await
        .unwrap();
    assert_eq!(
        sent.map(|s| s.message.content),
        Some(Content::Service(ServiceAction::MemberJoined))
    );
    assert_eq!(status(&core, peer, &carol).await, MemberStatus::Member);
    assert_eq!(
        core.answer_join_request(helper.id, peer, carol.id, true)
            .await
            .map(|_| ()),
        Err(CoreError::Refused {
            name: "HIDE_REQUESTER_MISSING"
        })
    );
    assert_eq!(
        core.join_by_link(dave.id, &gated.hash).await.map(|_| ()),
        Err(CoreError::Refused {
            name: "INVITE_REQUEST_SENT"
        })
    );
    assert_eq!(
        core.answer_join_request(helper.id, peer, dave.id, false)
            .await,
        Ok(None)
    );
    assert_eq!(status(&core, peer, &dave).await, MemberStatus::Left);
    assert_eq!(
        core.answer_join_request(helper.id, peer, dave.id, false)
            .await,
        Err(CoreError::Refused {
            name: "HIDE_REQUESTER_MISSING"
        })
    );
    // A banned user does not get in through a link.
    core.ban_member(alice.id, peer, dave.id, 0, RemovedHistory::Keep)
        .await
        .unwrap();
    assert_eq!(
        core.join_by_link(dave.id, &exported.hash).await.map(|_| ()),
        Err(CoreError::Kicked {
            kind: crate::chats::ChatKind::Supergroup
        })
    );
    assert_eq!(
        core.create_invite_link(alice.id, Peer::User(bob.id), LinkSpec::default())
            .await,
        Err(CoreError::WrongChatKind {
            action: AdminAction::ManageInviteLinks,
            private: true
        })
    );
}

/// Pins are kept on every copy: each member of a basic group sees the pin on their own
/// copy, with a service message replying to it; unpinning all clears every view.
pub async fn pins_reach_every_copy(store: Arc<dyn Store>) {
    let (core, _clock) = core_at(store).await;
    let alice = person(&core, "Alice", "15551301").await;
    let bob = person(&core, "Bob", "15551302").await;
    let (group, _) = core.create_group(alice.id, "G", &[bob.id]).await.unwrap();
    let peer = group.peer;
    let sent = core
        .send_text(bob.id, peer, text("remember this"), SendOptions::default())
        .await
        .unwrap();
    assert_eq!(
        core.pin_message(bob.id, peer, MessageId(999), false)
            .await
            .map(|_| ()),
        Err(CoreError::MessageNotFound {
            purpose: MessagePurpose::Pin
        })
    );
    let change = core
        .pin_message(bob.id, peer, sent.message.id, false)
        .await
        .unwrap();
    assert!(change.pinned && change.pts > 0);
    let service = change.service.expect("a service message");
    assert_eq!(
        service.message.content,
        Content::Service(ServiceAction::Pinned)
    );
    assert_eq!(service.message.reply_to, Some(sent.message.id));
    for viewer in [&alice, &bob] {
        let pinned = core
            .pinned_message(viewer.id, peer)
            .await
            .unwrap()
            .expect("a pinned message");
        assert_eq!(
            (pinned.box_id, pinned.text()),
            (BoxId::User(viewer.id), "remember this")
        );
    }
    let history = core
        .history(alice.id, peer, HistoryQuery::newest(1))
        .await
        .unwrap();
    assert_eq!(
        core.pin_message(alice.id, peer, history.messages[0].id, false)
            .await
            .map(|_| ()),
        Err(CoreError::MessageNotPinnable)
    );
    core.unpin_all(alice.id, peer).await.unwrap();
    for viewer in [&alice, &bob] {
        assert_eq!(core.pinned_message(viewer.id, peer).await, Ok(None));
    }
    assert_eq!(
        core.unpin_message(alice.id, peer, None).await.map(|_| ()),
        Err(CoreError::MessageNotFound {
            purpose: MessagePurpose::Unpin
        })
    );
    // In a supergroup, members pin only if the chat's permissions allow it.
    let (talk, _) = core
        .create_channel(alice.id, "Talk", "", ChannelKind::Supergroup)
        .await
        .unwrap();
    core.add_member(alice.id, talk.peer, bob.id).await.unwrap();
    let post = core
        .send_text(bob.id, talk.peer, text("pin me"), SendOptions::default())
        .await
        .unwrap();
    core.set_chat_permissions(
        alice.id,
        talk.peer,
        Permissions {
            can_pin_messages: false,
            ..Permissions::all()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        core.pin_message(bob.id, talk.peer, post.message.id, true)
            .await
            .map(|_| ()),
        Err(CoreError::NotEnoughRights {
            action: AdminAction::PinMessages
        })
    );
    core.pin_message(alice.id, talk.peer, post.message.id, true)
        .await
        .unwrap();
    assert_eq!(
        core.pinned_message(bob.id, talk.peer)
            .await
            .unwrap()
            .map(|m| m.id),
        Some(post.message.id)
    );
    core.unpin_message(alice.id, talk.peer, None).await.unwrap();
    assert_eq!(core.pinned_message(bob.id, talk.peer).await, Ok(None));
}
