//! A bot's qts updates on the client API: its business connections and the messages in
//! the chats they cover, as `updateBotBusinessConnect`, `updateBotNewBusinessMessage`,
//! `updateBotEditBusinessMessage` and `updateBotDeleteBusinessMessage`
//! (<https://core.telegram.org/api/bots/connected-business-bots>). Their qts is the bot's
//! update queue's `update_id` ([`Core::bot_qts_updates`](gramd_core::Core::bot_qts_updates)),
//! read by `updates.getState` and `updates.getDifference` without confirming anything.

use gramd_core::ids::Peer;
use gramd_core::messages::Message;
use gramd_core::updates::BotUpdate;
use grammers_tl_types::{enums, types};

use super::business::connection_to_tl;
use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::peer;

/// A bot's qts updates after some qts.
pub(crate) struct QtsDifference {
    /// The updates, oldest first.
    pub(crate) updates: Vec<enums::Update>,
    /// Their users and chats.
    pub(crate) users: Vec<enums::User>,
    /// Their chats.
    pub(crate) chats: Vec<enums::Chat>,
    /// The qts the client has once it has these.
    pub(crate) qts: i32,
    /// Whether that is the end of the queue.
    pub(crate) complete: bool,
}

/// A qts as TL carries it (update ids stay far below `i32::MAX`).
fn qts(update_id: i64) -> i32 {
    i32::try_from(update_id).unwrap_or(i32::MAX)
}

/// The bot's current qts.
pub(crate) async fn current(ctx: &Ctx<'_>) -> Result<i32, RpcError> {
    Ok(qts(ctx.core.bot_qts(ctx.me().id).await?))
}

/// The bot's qts updates after `after`.
pub(crate) async fn difference(ctx: &Ctx<'_>, after: i32) -> Result<QtsDifference, RpcError> {
    let page = ctx
        .core
        .bot_qts_updates(ctx.me().id, i64::from(after.max(0)))
        .await?;
    let view = ctx.view();
    let mut updates = Vec::with_capacity(page.updates.len());
    let mut messages: Vec<Message> = Vec::new();
    let mut peers = Vec::new();
    for queued in page.updates {
        let qts = qts(queued.update_id);
        updates.push(match queued.update {
            BotUpdate::BusinessConnection(connection) => {
                peers.push(Peer::User(connection.user));
                enums::Update::BotBusinessConnect(types::UpdateBotBusinessConnect {
                    connection: connection_to_tl(&connection),
                    qts,
                })
            }
            BotUpdate::BusinessMessage(new) => {
                let update = types::UpdateBotNewBusinessMessage {
                    connection_id: new.connection_id,
                    message: view.message(&new.message, false),
                    reply_to_message: None,
                    qts,
                };
                messages.push(new.message);
                enums::Update::BotNewBusinessMessage(update)
            }
            BotUpdate::EditedBusinessMessage(edited) => {
                let update = types::UpdateBotEditBusinessMessage {
                    connection_id: edited.connection_id,
                    message: view.message(&edited.message, false),
                    reply_to_message: None,
                    qts,
                };
                messages.push(edited.message);
                enums::Update::BotEditBusinessMessage(update)
            }
            BotUpdate::DeletedBusinessMessages(deleted) => {
                peers.push(deleted.chat);
                enums::Update::BotDeleteBusinessMessage(types::UpdateBotDeleteBusinessMessage {
                    connection_id: deleted.connection_id,
                    peer: peer(deleted.chat),
                    messages: deleted.ids.iter().map(|id| id.0).collect(),
                    qts,
                })
            }
            // Only business updates are read as qts updates (see the core).
            _ => continue,
        });
    }
    let (users, chats) = view.users_and_chats(&messages, peers).await?;
    Ok(QtsDifference {
        updates,
        users,
        chats,
        qts: qts(page.qts),
        complete: page.complete,
    })
}
