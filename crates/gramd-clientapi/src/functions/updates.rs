//! `updates.getState` and `updates.getDifference` for the caller's common box.

use gramd_core::ids::BoxId;
use gramd_core::updates::BoxUpdate;
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::functions::web_apps::session_update;
use crate::rpc::Ctx;
use crate::tl::{int, peer};

/// Most events one `getDifference` returns; more come as a `differenceSlice`.
const DIFFERENCE_LIMIT: u32 = 1000;

fn state(pts: i32, date: i64) -> types::updates::State {
    types::updates::State {
        pts,
        qts: 0,
        date: int(date),
        seq: 0,
        unread_count: 0,
    }
}

pub(crate) async fn get_state(
    ctx: &Ctx<'_>,
    _req: f::updates::GetState,
) -> Result<enums::updates::State, RpcError> {
    let pts = ctx.core.current_pts(BoxId::User(ctx.me().id)).await?;
    Ok(enums::updates::State::State(state(pts, ctx.core.now())))
}

pub(crate) async fn get_difference(
    ctx: &Ctx<'_>,
    req: f::updates::GetDifference,
) -> Result<enums::updates::Difference, RpcError> {
    let box_id = BoxId::User(ctx.me().id);
    let now = ctx.core.now();
    let current = ctx.core.current_pts(box_id).await?;
    // Updates without a pts, which the JSON edge cannot push: each session reads them once.
    let session_updates: Vec<enums::Update> = ctx
        .core
        .take_session_updates(ctx.me().id, ctx.session.id)
        .into_iter()
        .map(session_update)
        .collect();
    if req.pts >= current {
        if session_updates.is_empty() {
            return Ok(enums::updates::Difference::Empty(
                types::updates::DifferenceEmpty {
                    date: int(now),
                    seq: 0,
                },
            ));
        }
        return Ok(enums::updates::Difference::Difference(
            types::updates::Difference {
                new_messages: Vec::new(),
                new_encrypted_messages: Vec::new(),
                other_updates: session_updates,
                chats: Vec::new(),
                users: Vec::new(),
                state: enums::updates::State::State(state(current, now)),
            },
        ));
    }
    let limit = req
        .pts_total_limit
        .and_then(|l| u32::try_from(l).ok())
        .filter(|l| *l > 0)
        .map_or(DIFFERENCE_LIMIT, |l| l.min(DIFFERENCE_LIMIT));
    let diff = ctx.core.difference(box_id, req.pts.max(0), limit).await?;
    let view = ctx.view();
    let mut new_messages = Vec::new();
    let mut other_updates = session_updates;
    let mut last_pts = req.pts;
    for event in &diff.updates {
        last_pts = event.pts;
        let (pts, pts_count) = (event.pts, event.pts_count);
        match &event.update {
            BoxUpdate::NewMessage { id } => {
                if let Some(msg) = diff.messages.get(id) {
                    new_messages.push(view.message(msg, false));
                }
            }
            BoxUpdate::EditMessage { id } => {
                if let Some(msg) = diff.messages.get(id) {
                    other_updates.push(enums::Update::EditMessage(types::UpdateEditMessage {
                        message: view.message(msg, false),
                        pts,
                        pts_count,
                    }));
                }
            }
            BoxUpdate::DeleteMessages { ids } => {
                other_updates.push(enums::Update::DeleteMessages(types::UpdateDeleteMessages {
                    messages: ids.iter().map(|i| i.0).collect(),
                    pts,
                    pts_count,
                }));
            }
            BoxUpdate::ReadHistoryInbox { peer: p, max_id } => {
                other_updates.push(enums::Update::ReadHistoryInbox(
                    types::UpdateReadHistoryInbox {
                        folder_id: None,
                        peer: peer(*p),
                        top_msg_id: None,
                        max_id: max_id.0,
                        still_unread_count: 0,
                        pts,
                        pts_count,
                    },
                ));
            }
            BoxUpdate::PinnedMessages {
                peer: p,
                ids,
                pinned,
            } => {
                other_updates.push(enums::Update::PinnedMessages(types::UpdatePinnedMessages {
                    pinned: *pinned,
                    peer: peer(*p),
                    messages: ids.iter().map(|i| i.0).collect(),
                    pts,
                    pts_count,
                }));
            }
            BoxUpdate::ReadHistoryOutbox { peer: p, max_id } => {
                other_updates.push(enums::Update::ReadHistoryOutbox(
                    types::UpdateReadHistoryOutbox {
                        peer: peer(*p),
                        max_id: max_id.0,
                        pts,
                        pts_count,
                    },
                ));
            }
        }
    }
    let (users, chats) = view.mentioned(&diff.mentioned).await?;
    let state = enums::updates::State::State(state(last_pts, now));
    Ok(if diff.complete {
        enums::updates::Difference::Difference(types::updates::Difference {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            state,
        })
    } else {
        enums::updates::Difference::Slice(types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            intermediate_state: state,
        })
    })
}
