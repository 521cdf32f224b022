//! `updates.getState` and `updates.getDifference` for the caller's common box.

use gramd_core::ids::BoxId;
use gramd_core::updates::BoxUpdate;
use grammers_tl_types::functions as f;
use serde_json::Value;

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{Obj, peer};

/// Most events one `getDifference` returns; more come as a `differenceSlice`.
const DIFFERENCE_LIMIT: u32 = 1000;

fn state(pts: i32, date: i64) -> Value {
    Obj::new("updates.state")
        .set("pts", pts)
        .set("qts", 0)
        .set("date", date)
        .set("seq", 0)
        .set("unread_count", 0)
        .build()
}

pub(crate) async fn get_state(
    ctx: &Ctx<'_>,
    _req: f::updates::GetState,
) -> Result<Value, RpcError> {
    let pts = ctx.core.current_pts(BoxId::User(ctx.me().id)).await?;
    Ok(state(pts, ctx.core.now()))
}

pub(crate) async fn get_difference(
    ctx: &Ctx<'_>,
    req: f::updates::GetDifference,
) -> Result<Value, RpcError> {
    let box_id = BoxId::User(ctx.me().id);
    let now = ctx.core.now();
    let current = ctx.core.current_pts(box_id).await?;
    if req.pts >= current {
        return Ok(Obj::new("updates.differenceEmpty")
            .set("date", now)
            .set("seq", 0)
            .build());
    }
    let limit = req
        .pts_total_limit
        .and_then(|l| u32::try_from(l).ok())
        .filter(|l| *l > 0)
        .map_or(DIFFERENCE_LIMIT, |l| l.min(DIFFERENCE_LIMIT));
    let diff = ctx.core.difference(box_id, req.pts.max(0), limit).await?;
    let view = ctx.view();
    let mut new_messages = Vec::new();
    let mut other_updates = Vec::new();
    let mut shown = Vec::new();
    let mut last_pts = req.pts;
    for event in &diff.updates {
        last_pts = event.pts;
        let pts = |o: Obj| {
            o.set("pts", event.pts)
                .set("pts_count", event.pts_count)
                .build()
        };
        match &event.update {
            BoxUpdate::NewMessage { id } => {
                if let Some(msg) = diff.messages.get(id) {
                    new_messages.push(view.message(msg, false));
                    shown.push(msg.clone());
                }
            }
            BoxUpdate::EditMessage { id } => {
                if let Some(msg) = diff.messages.get(id) {
                    other_updates.push(pts(
                        Obj::new("updateEditMessage").set("message", view.message(msg, false))
                    ));
                    shown.push(msg.clone());
                }
            }
            BoxUpdate::DeleteMessages { ids } => other_updates
                .push(pts(Obj::new("updateDeleteMessages")
                    .set("messages", ids.iter().map(|i| i.0).collect::<Vec<_>>()))),
            BoxUpdate::ReadHistoryInbox { peer: p, max_id } => {
                other_updates.push(pts(Obj::new("updateReadHistoryInbox")
                    .set("peer", peer(*p))
                    .set("max_id", max_id.0)
                    .set("still_unread_count", 0)))
            }
            BoxUpdate::ReadHistoryOutbox { peer: p, max_id } => {
                other_updates.push(pts(Obj::new("updateReadHistoryOutbox")
                    .set("peer", peer(*p))
                    .set("max_id", max_id.0)))
            }
        }
    }
    let (users, chats) = view.users_and_chats(&shown, []).await?;
    let (name, state_key) = if diff.complete {
        ("updates.difference", "state")
    } else {
        ("updates.differenceSlice", "intermediate_state")
    };
    Ok(Obj::new(name)
        .set("new_messages", new_messages)
        .set("new_encrypted_messages", Vec::<Value>::new())
        .set("other_updates", other_updates)
        .set("chats", chats)
        .set("users", users)
        .set(state_key, state(last_pts, now))
        .build())
}
