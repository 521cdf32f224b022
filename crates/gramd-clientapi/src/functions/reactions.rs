//! Reactions on the client API (<https://core.telegram.org/api/reactions>):
//! `messages.sendReaction`, `messages.getMessagesReactions`,
//! `messages.getMessageReactionsList`, `messages.setChatAvailableReactions` and
//! `messages.getAvailableReactions`, and the `messageReactions` that messages and
//! `updateMessageReactions` carry.
//!
//! A message's reactions are shown as the viewer sees them: the counts, the viewer's own
//! reactions marked (`chosen_order`), and, outside broadcast channels (whose reactions are
//! anonymous), who reacted most recently (`recent_reactions`, `can_see_list`).
//! `messages.getAvailableReactions` lists Telegram's standard reactions; gramd has no
//! animations for them, so their documents are `documentEmpty`.

use gramd_core::Mentioned;
use gramd_core::ids::{MessageId, Peer, UserId};
use gramd_core::messages::Message;
use gramd_core::reactions::{
    AvailableReactions, MAX_REACTIONS_PAGE, MessageReactions, Reaction, STANDARD_EMOJI,
};
use grammers_tl_types::{enums, functions as f, types};

use super::messages::is_broadcast;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{int, peer};

/// Most recent reactors a message shows.
const MAX_RECENT_REACTIONS: usize = 5;

/// The core reaction of a TL `Reaction`; `None` for `reactionEmpty`.
fn input_reaction(reaction: &enums::Reaction) -> Result<Option<Reaction>, RpcError> {
    Ok(match reaction {
        enums::Reaction::Empty => None,
        enums::Reaction::Emoji(r) => Some(Reaction::Emoji(r.emoticon.clone())),
        enums::Reaction::CustomEmoji(r) => Some(Reaction::CustomEmoji(r.document_id)),
        enums::Reaction::Paid => return Err(RpcError::bad_request("REACTION_INVALID")),
    })
}

/// A TL `Reaction`.
pub(crate) fn reaction(reaction: &Reaction) -> enums::Reaction {
    match reaction {
        Reaction::Emoji(emoji) => enums::Reaction::Emoji(types::ReactionEmoji {
            emoticon: emoji.clone(),
        }),
        Reaction::CustomEmoji(id) => {
            enums::Reaction::CustomEmoji(types::ReactionCustomEmoji { document_id: *id })
        }
    }
}

/// A chat's available reactions as `ChatReactions`.
pub(crate) fn chat_reactions(available: &AvailableReactions) -> enums::ChatReactions {
    match available {
        AvailableReactions::All => enums::ChatReactions::All(types::ChatReactionsAll {
            allow_custom: false,
        }),
        AvailableReactions::Some(list) => enums::ChatReactions::Some(types::ChatReactionsSome {
            reactions: list.iter().map(reaction).collect(),
        }),
        AvailableReactions::None => enums::ChatReactions::None,
    }
}

/// `messageReactions` of a message as `viewer` sees them.
pub(crate) fn message_reactions(
    reactions: &MessageReactions,
    viewer: UserId,
    broadcast: bool,
) -> enums::MessageReactions {
    let mine = reactions.of(viewer);
    let results = reactions
        .counts()
        .into_iter()
        .map(|count| {
            let chosen_order = mine
                .iter()
                .position(|r| *r == count.reaction)
                .map(|i| int(i64::try_from(i).unwrap_or(0)));
            enums::ReactionCount::Count(types::ReactionCount {
                chosen_order,
                reaction: reaction(&count.reaction),
                count: int(count.count),
            })
        })
        .collect();
    let recent_reactions = (!broadcast).then(|| {
        reactions
            .by_user
            .iter()
            .rev()
            .flat_map(|r| r.reactions.iter().map(move |x| (r, x)))
            .take(MAX_RECENT_REACTIONS)
            .map(|(r, x)| peer_reaction(r.user, x, r.big, r.date, viewer))
            .collect()
    });
    enums::MessageReactions::Reactions(types::MessageReactions {
        min: false,
        can_see_list: !broadcast,
        reactions_as_tags: false,
        results,
        recent_reactions,
        top_reactors: None,
    })
}

fn peer_reaction(
    user: UserId,
    x: &Reaction,
    big: bool,
    date: i64,
    viewer: UserId,
) -> enums::MessagePeerReaction {
    enums::MessagePeerReaction::Reaction(types::MessagePeerReaction {
        big,
        unread: false,
        my: user == viewer,
        peer_id: peer(Peer::User(user)),
        date: int(date),
        reaction: reaction(x),
    })
}

/// `updateMessageReactions` for message `id` of `chat` (in forum topic `topic`).
pub(crate) fn update_message_reactions(
    (chat, id, topic): (Peer, MessageId, Option<MessageId>),
    reactions: &MessageReactions,
    viewer: UserId,
    broadcast: bool,
) -> enums::Update {
    enums::Update::MessageReactions(types::UpdateMessageReactions {
        peer: peer(chat),
        msg_id: id.0,
        top_msg_id: topic.map(|t| t.0),
        saved_peer_id: None,
        reactions: message_reactions(reactions, viewer, broadcast),
    })
}

/// Sets the `reactions` of a rendered message from what `mentioned` loaded for it.
pub(crate) fn with_reactions(
    mut rendered: enums::Message,
    msg: &Message,
    mentioned: &Mentioned,
    viewer: UserId,
    broadcast: bool,
) -> enums::Message {
    if let Some(found) = mentioned.reactions(msg.gid) {
        let shown = message_reactions(found, viewer, broadcast);
        match &mut rendered {
            enums::Message::Message(m) => m.reactions = Some(shown),
            enums::Message::Service(m) => m.reactions = Some(shown),
            enums::Message::Empty(_) => {}
        }
    }
    rendered
}

pub(crate) async fn send_reaction(
    ctx: &Ctx<'_>,
    req: f::messages::SendReaction,
) -> Result<enums::Updates, RpcError> {
    let chat: Peer = ctx.input_peer(&req.peer).await?;
    let mut wanted = Vec::new();
    for r in req.reaction.iter().flatten() {
        wanted.extend(input_reaction(r)?);
    }
    let me = ctx.me().id;
    let (msg, reactions) = ctx
        .core
        .set_reactions(me, chat, MessageId(req.msg_id), wanted, req.big)
        .await?;
    let broadcast = is_broadcast(ctx, chat).await?;
    let update = update_message_reactions((msg.peer, msg.id, msg.topic), &reactions, me, broadcast);
    Ok(ctx.view().updates(vec![update], &[], [chat]).await?)
}

pub(crate) async fn get_messages_reactions(
    ctx: &Ctx<'_>,
    req: f::messages::GetMessagesReactions,
) -> Result<enums::Updates, RpcError> {
    let chat: Peer = ctx.input_peer(&req.peer).await?;
    let ids: Vec<MessageId> = req.id.iter().map(|id| MessageId(*id)).collect();
    let me = ctx.me().id;
    let found = ctx.core.messages_reactions(me, chat, &ids).await?;
    let broadcast = is_broadcast(ctx, chat).await?;
    let updates = found
        .iter()
        .map(|(msg, reactions)| {
            update_message_reactions((msg.peer, msg.id, msg.topic), reactions, me, broadcast)
        })
        .collect();
    Ok(ctx.view().updates(updates, &[], [chat]).await?)
}

pub(crate) async fn get_message_reactions_list(
    ctx: &Ctx<'_>,
    req: f::messages::GetMessageReactionsList,
) -> Result<enums::messages::MessageReactionsList, RpcError> {
    let chat: Peer = ctx.input_peer(&req.peer).await?;
    let filter = match &req.reaction {
        Some(r) => input_reaction(r)?,
        None => None,
    };
    let offset = match req.offset.as_deref() {
        None | Some("") => 0,
        Some(text) => text
            .parse::<usize>()
            .map_err(|_| RpcError::bad_request("OFFSET_INVALID"))?,
    };
    let limit = usize::try_from(req.limit.max(1))
        .unwrap_or(1)
        .min(MAX_REACTIONS_PAGE);
    let me = ctx.me().id;
    let (total, page) = ctx
        .core
        .reactions_list(me, chat, MessageId(req.id), filter.as_ref(), offset, limit)
        .await?;
    let next = offset + page.len();
    let next_offset = (next < total).then(|| next.to_string());
    let reactions = page
        .iter()
        .map(|(user, x, big, date)| peer_reaction(*user, x, *big, *date, me))
        .collect();
    let (users, chats) = ctx
        .view()
        .users_and_chats(&[], page.iter().map(|(user, ..)| Peer::User(*user)))
        .await?;
    Ok(enums::messages::MessageReactionsList::List(
        types::messages::MessageReactionsList {
            count: int(i64::try_from(total).unwrap_or(i64::MAX)),
            reactions,
            chats,
            users,
            next_offset,
        },
    ))
}

pub(crate) async fn set_chat_available_reactions(
    ctx: &Ctx<'_>,
    req: f::messages::SetChatAvailableReactions,
) -> Result<enums::Updates, RpcError> {
    let chat: Peer = ctx.input_peer(&req.peer).await?;
    let available = match &req.available_reactions {
        enums::ChatReactions::All(_) => AvailableReactions::All,
        enums::ChatReactions::None => AvailableReactions::None,
        enums::ChatReactions::Some(some) => {
            let mut list = Vec::with_capacity(some.reactions.len());
            for r in &some.reactions {
                list.extend(input_reaction(r)?);
            }
            AvailableReactions::some(list)?
        }
    };
    ctx.core
        .set_available_reactions(ctx.me().id, chat, available)
        .await?;
    Ok(ctx.view().updates(Vec::new(), &[], [chat]).await?)
}

/// The hash of the standard reactions list, for `messages.getAvailableReactions`.
fn reactions_hash() -> i32 {
    // Any value that changes with the list does: a client that sends it back is told the
    // list did not change.
    let mut hash: u64 = 0;
    for (i, emoji) in STANDARD_EMOJI.iter().enumerate() {
        for value in [i as u64, emoji.len() as u64] {
            hash ^= hash >> 21;
            hash ^= hash << 35;
            hash ^= hash >> 4;
            hash = hash.wrapping_add(value);
        }
    }
    // The low 31 bits, as a positive `int`.
    i32::try_from(hash & 0x7fff_ffff).unwrap_or(0)
}

pub(crate) async fn get_available_reactions(
    _ctx: &Ctx<'_>,
    req: f::messages::GetAvailableReactions,
) -> Result<enums::messages::AvailableReactions, RpcError> {
    let hash = reactions_hash();
    if req.hash == hash {
        return Ok(enums::messages::AvailableReactions::NotModified);
    }
    let reactions = STANDARD_EMOJI
        .iter()
        .enumerate()
        .map(|(i, emoji)| {
            let empty = || {
                enums::Document::Empty(types::DocumentEmpty {
                    id: i64::try_from(i).unwrap_or(0) + 1,
                })
            };
            enums::AvailableReaction::Reaction(types::AvailableReaction {
                inactive: false,
                premium: false,
                reaction: (*emoji).to_owned(),
                title: (*emoji).to_owned(),
                static_icon: empty(),
                appear_animation: empty(),
                select_animation: empty(),
                activate_animation: empty(),
                effect_animation: empty(),
                around_animation: None,
                center_icon: None,
            })
        })
        .collect();
    Ok(enums::messages::AvailableReactions::Reactions(
        types::messages::AvailableReactions { hash, reactions },
    ))
}
