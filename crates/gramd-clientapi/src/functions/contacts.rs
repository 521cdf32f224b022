//! `contacts.block`, `contacts.unblock`, `contacts.getBlocked`: a user's block list.
//! Bots keep none (the access table answers them `BOT_METHOD_INVALID`); the stories-only
//! list (`my_stories_from`) is not kept apart and reads as empty.

use gramd_core::ids::Peer;
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{int, peer};

/// Most entries one `contacts.getBlocked` call returns.
const MAX_PAGE: i32 = 100;

pub(crate) async fn block(ctx: &Ctx<'_>, req: f::contacts::Block) -> Result<bool, RpcError> {
    let target = blockable(ctx, &req.id).await?;
    ctx.core.block(ctx.me().id, target).await?;
    Ok(true)
}

pub(crate) async fn unblock(ctx: &Ctx<'_>, req: f::contacts::Unblock) -> Result<bool, RpcError> {
    let target = blockable(ctx, &req.id).await?;
    ctx.core.unblock(ctx.me().id, target).await?;
    Ok(true)
}

pub(crate) async fn get_blocked(
    ctx: &Ctx<'_>,
    req: f::contacts::GetBlocked,
) -> Result<enums::contacts::Blocked, RpcError> {
    let (offset, limit) = if req.my_stories_from {
        (0, 0)
    } else {
        (
            u32::try_from(req.offset.max(0)).unwrap_or(0),
            u32::try_from(req.limit.clamp(0, MAX_PAGE)).unwrap_or(0),
        )
    };
    let page = ctx.core.blocked(ctx.me().id, offset, limit).await?;
    let total = if req.my_stories_from { 0 } else { page.total };
    let peers: Vec<Peer> = page.entries.iter().map(|e| e.peer).collect();
    let (users, chats) = ctx.view().users_and_chats(&[], peers).await?;
    let blocked = page
        .entries
        .iter()
        .map(|e| {
            enums::PeerBlocked::Blocked(types::PeerBlocked {
                peer_id: peer(e.peer),
                date: int(e.date),
            })
        })
        .collect::<Vec<_>>();
    // The whole list in one answer is `contacts.blocked`, a part of it a slice.
    Ok(if offset == 0 && blocked.len() as u64 == u64::from(total) {
        enums::contacts::Blocked::Blocked(types::contacts::Blocked {
            blocked,
            chats,
            users,
        })
    } else {
        enums::contacts::Blocked::Slice(types::contacts::BlockedSlice {
            count: i32::try_from(total).unwrap_or(i32::MAX),
            blocked,
            chats,
            users,
        })
    })
}

/// The user a block or unblock names: only users can be blocked.
async fn blockable(ctx: &Ctx<'_>, input: &enums::InputPeer) -> Result<Peer, RpcError> {
    match ctx.input_peer(input).await? {
        peer @ Peer::User(_) => Ok(peer),
        _ => Err(RpcError::bad_request("PEER_ID_INVALID")),
    }
}
