//! The core's own rules and views, on a core over the backend: what every edge relies on
//! whichever database is behind it.

use std::sync::Arc;

use gramd_text::{EntityKind, MessageEntity};

use super::user;
use crate::chat_actions::{ChatAction, ChatActionEvent};
use crate::chats::{ChannelKind, MemberStatus};
use crate::clock::SystemClock;
use crate::error::{CoreError, MessagePurpose};
use crate::ids::{BoxId, Peer, SessionId, UserId};
use crate::messages::{
    ForwardMode, HistoryQuery, OutgoingText, RemovedHistory, ReplyTarget, SendOptions,
};
use crate::store::Store;
use crate::users::User;
use crate::{Core, CoreConfig, SessionUpdate};

async fn core(store: Arc<dyn Store>) -> Core {
    Core::open(store, Arc::new(SystemClock), CoreConfig::default())
        .await
        .expect("open the core")
}

async fn person(core: &Core, name: &str, phone: &str) -> Arc<User> {
    core.create_user(user(name, None, Some(phone)))
        .await
        .expect("create a user")
}

fn text(text: &str) -> OutgoingText {
    OutgoingText {
        text: text.into(),
        ..OutgoingText::default()
    }
}

fn ids(users: &[Arc<User>]) -> Vec<UserId> {
    users.iter().map(|u| u.id).collect()
}

const ALL: HistoryQuery = HistoryQuery::newest(100);

/// History and the difference come with every user and chat their messages refer to:
/// senders, chats, forward origins, users mentioned by id; ids that name nobody are left
/// out.
pub async fn messages_come_with_what_they_refer_to(store: Arc<dyn Store>) {
    let core = core(store).await;
    let alice = person(&core, "Alice", "15550101").await;
    let bob = person(&core, "Bob", "15550102").await;
    let carol = person(&core, "Carol", "15550103").await;
    let (channel, _) = core
        .create_channel(alice.id, "News", "", ChannelKind::Broadcast)
        .await
        .unwrap();
    let post = core
        .send_text(alice.id, channel.peer, text("post"), SendOptions::default())
        .await
        .unwrap();
    let to_bob = Peer::User(bob.id);
    core.forward_messages(
        alice.id,
        channel.peer,
        &[post.message.id],
        to_bob,
        ForwardMode::Forward,
        SendOptions::default(),
    )
    .await
    .unwrap();
    let mention = |user_id: UserId| OutgoingText {
        text: "hi you".into(),
        entities: vec![MessageEntity {
            kind: EntityKind::TextMention { user_id: user_id.0 },
            offset: 3,
            length: 3,
        }],
        link_preview: None,
    };
    core.send_text(alice.id, to_bob, mention(carol.id), SendOptions::default())
        .await
        .unwrap();
    core.send_text(
        alice.id,
        to_bob,
        mention(UserId(999_999_999)),
        SendOptions::default(),
    )
    .await
    .unwrap();

    let history = core
        .history(bob.id, Peer::User(alice.id), ALL)
        .await
        .unwrap();
    assert_eq!(history.messages.len(), 3);
    assert_eq!(ids(&history.mentioned.users), [alice.id, carol.id]);
    assert_eq!(history.mentioned.chats.len(), 1);
    assert_eq!(
        history
            .mentioned
            .chat(channel.peer)
            .map(|c| c.title.as_str()),
        Some("News")
    );

    let difference = core.difference(BoxId::User(bob.id), 0, 100).await.unwrap();
    assert_eq!(difference.messages.len(), 3);
    assert_eq!(difference.mentioned, history.mentioned);

    // An empty chat still comes with the chat itself; Alice's own messages with Bob.
    let empty = core
        .history(bob.id, Peer::User(carol.id), ALL)
        .await
        .unwrap();
    assert!(empty.messages.is_empty());
    assert_eq!(ids(&empty.mentioned.users), [carol.id]);
    let mine = core.history(alice.id, to_bob, ALL).await.unwrap();
    assert_eq!(ids(&mine.mentioned.users), [alice.id, bob.id, carol.id]);

    let extra = core
        .mentioned(&[], [Peer::User(bob.id), channel.peer])
        .await
        .unwrap();
    assert_eq!(ids(&extra.users), [bob.id]);
    assert_eq!(extra.chats.len(), 1);
}

/// The message a message replies to is read from the same box, and only the owner of
/// that box may read it; a message's view has it, and the users and chats both refer to.
pub async fn replies_are_read_from_the_viewers_own_box(store: Arc<dyn Store>) {
    let core = core(store).await;
    let alice = person(&core, "Alice", "15550201").await;
    let bob = person(&core, "Bob", "15550202").await;
    let question = core
        .send_text(
            alice.id,
            Peer::User(bob.id),
            text("question"),
            SendOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        core.replied_to(alice.id, &question.message).await.unwrap(),
        None
    );
    let bobs_copy = core
        .history(bob.id, Peer::User(alice.id), ALL)
        .await
        .unwrap();
    let options = SendOptions {
        reply_to: Some(ReplyTarget {
            message_id: bobs_copy.messages[0].id,
            allow_without_reply: false,
        }),
        ..SendOptions::default()
    };
    let answer = core
        .send_text(bob.id, Peer::User(alice.id), text("answer"), options)
        .await
        .unwrap();
    let replied = core
        .replied_to(bob.id, &answer.message)
        .await
        .unwrap()
        .expect("the question");
    assert_eq!(
        (replied.box_id, replied.text()),
        (BoxId::User(bob.id), "question")
    );
    let view = core.message_view(bob.id, &answer.message).await.unwrap();
    assert_eq!(view.replied.map(|m| m.id), Some(bobs_copy.messages[0].id));
    assert_eq!(ids(&view.mentioned.users), [alice.id, bob.id]);
    let alices_copy = core
        .history(alice.id, Peer::User(bob.id), ALL)
        .await
        .unwrap();
    let replied = core
        .replied_to(alice.id, &alices_copy.messages[0])
        .await
        .unwrap()
        .expect("the question");
    assert_eq!(replied.id, question.message.id);
    assert_eq!(
        core.replied_to(alice.id, &answer.message).await,
        Err(CoreError::MessageNotFound {
            purpose: MessagePurpose::Get
        })
    );
}

/// A viewer's standing in a chat: its own membership record (none if it never had one)
/// and the member count.
pub async fn standing_is_the_viewers_own_membership(store: Arc<dyn Store>) {
    let core = core(store).await;
    let alice = person(&core, "Alice", "15550301").await;
    let bob = person(&core, "Bob", "15550302").await;
    let carol = person(&core, "Carol", "15550303").await;
    let (group, _) = core.create_group(alice.id, "G", &[bob.id]).await.unwrap();
    let standing = core.standing(bob.id, group.peer).await.unwrap();
    assert_eq!(
        standing.membership.map(|m| m.status),
        Some(MemberStatus::Member)
    );
    assert_eq!(standing.member_count, 2);
    let outsider = core.standing(carol.id, group.peer).await.unwrap();
    assert_eq!(outsider.membership, None);
    assert_eq!(outsider.member_count, 2);
    assert_eq!(
        core.standing(alice.id, Peer::User(bob.id)).await,
        Err(CoreError::ChatNotFound)
    );
}

/// The creator cannot leave their supergroup or channel, whichever way they try; the
/// creator of a basic group can, as anyone else; a private chat has no membership to
/// change.
pub async fn the_creator_cannot_leave(store: Arc<dyn Store>) {
    let core = core(store).await;
    let alice = person(&core, "Alice", "15550401").await;
    let bob = person(&core, "Bob", "15550402").await;
    let (group, _) = core.create_group(alice.id, "G", &[bob.id]).await.unwrap();
    for kind in [ChannelKind::Supergroup, ChannelKind::Broadcast] {
        let (channel, _) = core.create_channel(alice.id, "C", "", kind).await.unwrap();
        assert_eq!(
            core.remove_member(alice.id, channel.peer, alice.id, RemovedHistory::Keep)
                .await,
            Err(CoreError::CreatorCantLeave)
        );
        assert_eq!(
            core.leave_chat(&alice, channel.peer).await,
            Err(CoreError::CreatorCantLeave)
        );
        let standing = core.standing(alice.id, channel.peer).await.unwrap();
        assert_eq!(
            standing.membership.map(|m| m.status),
            Some(MemberStatus::Creator)
        );
    }
    core.leave_chat(&bob, group.peer).await.unwrap();
    let standing = core.standing(bob.id, group.peer).await.unwrap();
    assert_eq!(
        standing.membership.map(|m| m.status),
        Some(MemberStatus::Left)
    );
    // Bob is gone, and the group is private: he no longer sees it.
    assert_eq!(
        core.leave_chat(&bob, group.peer).await,
        Err(CoreError::ChatNotFound)
    );
    core.leave_chat(&alice, group.peer).await.unwrap();
    let standing = core.standing(alice.id, group.peer).await.unwrap();
    assert_eq!(
        (standing.membership.map(|m| m.status), standing.member_count),
        (Some(MemberStatus::Left), 0)
    );
    assert_eq!(
        core.leave_chat(&alice, Peer::User(bob.id)).await,
        Err(CoreError::PrivateChatMembership)
    );
    assert_eq!(
        core.remove_member(alice.id, Peer::User(bob.id), bob.id, RemovedHistory::Keep)
            .await,
        Err(CoreError::PrivateChatMembership)
    );
}

/// A chat action needs the chat to be visible and, in a group, membership; the chat's
/// other people get it as a session update, as the chat they see it in.
pub async fn chat_actions_need_membership(store: Arc<dyn Store>) {
    let core = core(store).await;
    let alice = person(&core, "Alice", "15550501").await;
    let bob = person(&core, "Bob", "15550502").await;
    let carol = person(&core, "Carol", "15550503").await;
    let (group, _) = core.create_group(alice.id, "G", &[bob.id]).await.unwrap();
    let session = SessionId(1);
    core.send_chat_action(&bob, group.peer, None, ChatAction::Typing)
        .await
        .unwrap();
    assert_eq!(
        core.take_session_updates(alice.id, session),
        [SessionUpdate::ChatAction(Box::new(ChatActionEvent {
            from: bob.id,
            chat: group.peer,
            thread: None,
            action: ChatAction::Typing,
        }))]
    );
    assert_eq!(core.take_session_updates(bob.id, session), []);
    core.send_chat_action(&carol, Peer::User(alice.id), None, ChatAction::UploadPhoto)
        .await
        .unwrap();
    assert_eq!(
        core.take_session_updates(alice.id, session),
        [SessionUpdate::ChatAction(Box::new(ChatActionEvent {
            from: carol.id,
            chat: Peer::User(carol.id),
            thread: None,
            action: ChatAction::UploadPhoto,
        }))]
    );
    assert_eq!(
        core.send_chat_action(&carol, group.peer, None, ChatAction::Typing)
            .await,
        Err(CoreError::ChatNotFound)
    );
    core.remove_member(alice.id, group.peer, bob.id, RemovedHistory::Keep)
        .await
        .unwrap();
    assert_eq!(
        core.send_chat_action(&bob, group.peer, None, ChatAction::Typing)
            .await,
        Err(CoreError::ChatNotFound)
    );
    assert_eq!(core.take_session_updates(alice.id, session), []);
}
