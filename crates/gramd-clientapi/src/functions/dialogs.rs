//! `messages.getDialogs`: the caller's chat list, newest first, in pages
//! (<https://core.telegram.org/api/offsets>, <https://core.telegram.org/api/dialogs>).

use gramd_core::DialogsQuery;
use gramd_core::chats::ChatKind;
use gramd_core::ids::{BoxId, Peer};
use grammers_tl_types::{enums, functions as f, types};

use super::info::notify_settings;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{int, peer};

pub(crate) async fn get_dialogs(
    ctx: &Ctx<'_>,
    req: f::messages::GetDialogs,
) -> Result<enums::messages::Dialogs, RpcError> {
    // Archived chats (folder 1) are not kept apart: the archive is empty.
    if req.folder_id == Some(1) {
        return Ok(enums::messages::Dialogs::Dialogs(
            types::messages::Dialogs {
                dialogs: Vec::new(),
                messages: Vec::new(),
                chats: Vec::new(),
                users: Vec::new(),
            },
        ));
    }
    let offset_peer = match &req.offset_peer {
        enums::InputPeer::Empty => None,
        other => ctx.input_peer(other).await.ok(),
    };
    let query = DialogsQuery {
        offset_date: i64::from(req.offset_date),
        offset_id: req.offset_id,
        offset_peer,
        limit: u32::try_from(req.limit).unwrap_or(0),
    };
    let page = ctx.core.dialogs(ctx.me().id, query).await?;
    let view = ctx.view();
    let mut dialogs = Vec::with_capacity(page.entries.len());
    let mut messages = Vec::with_capacity(page.entries.len());
    for entry in &page.entries {
        let (broadcast, pts) = match entry.peer {
            Peer::Channel(id) => {
                let chat = ctx.core.chat(entry.peer).await?;
                let pts = ctx.core.current_pts(BoxId::Channel(id)).await?;
                (chat.kind == ChatKind::Channel, Some(pts))
            }
            _ => (false, None),
        };
        messages.push(super::reactions::with_reactions(
            view.message(&entry.top, broadcast),
            &entry.top,
            &page.mentioned,
            view.me.id,
            broadcast,
        ));
        dialogs.push(enums::Dialog::Dialog(types::Dialog {
            pinned: false,
            unread_mark: false,
            view_forum_as_messages: false,
            peer: peer(entry.peer),
            top_message: entry.top.id.0,
            read_inbox_max_id: entry.read_inbox_max_id.0,
            read_outbox_max_id: entry.read_outbox_max_id.0,
            unread_count: int(i64::from(entry.unread_count)),
            unread_mentions_count: 0,
            unread_reactions_count: 0,
            unread_poll_votes_count: 0,
            notify_settings: notify_settings(),
            pts,
            draft: None,
            folder_id: None,
            ttl_period: None,
        }));
    }
    let (users, chats) = view.mentioned(&page.mentioned).await?;
    let returned = u32::try_from(dialogs.len()).unwrap_or(u32::MAX);
    Ok(if req.offset_date == 0 && returned == page.total {
        enums::messages::Dialogs::Dialogs(types::messages::Dialogs {
            dialogs,
            messages,
            chats,
            users,
        })
    } else {
        enums::messages::Dialogs::Slice(types::messages::DialogsSlice {
            count: int(i64::from(page.total)),
            dialogs,
            messages,
            chats,
            users,
        })
    })
}
