//! Business connections (`account.updateConnectedBot`, `account.getConnectedBots`,
//! `account.toggleConnectedBotPaused`, `account.disablePeerConnectedBot`,
//! `account.getBotBusinessConnection`) and bot custom requests (`bots.sendCustomRequest`).
//!
//! Who may call them is in the access table: connecting bots is for people (a bot gets
//! `BOT_METHOD_INVALID`), the other two for bots (a person gets `USER_BOT_INVALID`, 403,
//! as <https://core.telegram.org/method/bots.sendCustomRequest> lists).

use gramd_core::business::{BusinessConnection, BusinessRecipients, BusinessRights};
use gramd_core::ids::{Peer, UserId};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::int;

/// The data center a business connection's wrapped queries go to: gramd has one.
const DC_ID: i32 = 1;

fn rights_from_tl(rights: Option<&enums::BusinessBotRights>) -> BusinessRights {
    let Some(enums::BusinessBotRights::Rights(r)) = rights else {
        return BusinessRights::default();
    };
    BusinessRights {
        can_reply: r.reply,
        can_read_messages: r.read_messages,
        can_delete_sent_messages: r.delete_sent_messages,
        can_delete_all_messages: r.delete_received_messages,
        can_edit_name: r.edit_name,
        can_edit_bio: r.edit_bio,
        can_edit_profile_photo: r.edit_profile_photo,
        can_edit_username: r.edit_username,
        can_view_gifts_and_stars: r.view_gifts,
        can_convert_gifts_to_stars: r.sell_gifts,
        can_change_gift_settings: r.change_gift_settings,
        can_transfer_and_upgrade_gifts: r.transfer_and_upgrade_gifts,
        can_transfer_stars: r.transfer_stars,
        can_manage_stories: r.manage_stories,
    }
}

fn rights_to_tl(r: BusinessRights) -> enums::BusinessBotRights {
    enums::BusinessBotRights::Rights(types::BusinessBotRights {
        reply: r.can_reply,
        read_messages: r.can_read_messages,
        delete_sent_messages: r.can_delete_sent_messages,
        delete_received_messages: r.can_delete_all_messages,
        edit_name: r.can_edit_name,
        edit_bio: r.can_edit_bio,
        edit_profile_photo: r.can_edit_profile_photo,
        edit_username: r.can_edit_username,
        view_gifts: r.can_view_gifts_and_stars,
        sell_gifts: r.can_convert_gifts_to_stars,
        change_gift_settings: r.can_change_gift_settings,
        transfer_and_upgrade_gifts: r.can_transfer_and_upgrade_gifts,
        transfer_stars: r.can_transfer_stars,
        manage_stories: r.can_manage_stories,
    })
}

async fn input_users(
    ctx: &Ctx<'_>,
    users: Option<&Vec<enums::InputUser>>,
) -> Result<Vec<UserId>, RpcError> {
    let mut ids = Vec::new();
    for user in users.into_iter().flatten() {
        ids.push(ctx.input_user(user).await?);
    }
    Ok(ids)
}

fn recipients_to_tl(r: &BusinessRecipients) -> enums::BusinessBotRecipients {
    let ids = |list: &[UserId]| {
        Some(list.iter().map(|u| u.0).collect()).filter(|v: &Vec<i64>| !v.is_empty())
    };
    enums::BusinessBotRecipients::Recipients(types::BusinessBotRecipients {
        existing_chats: r.existing_chats,
        new_chats: r.new_chats,
        contacts: r.contacts,
        non_contacts: r.non_contacts,
        exclude_selected: r.exclude_selected,
        users: ids(&r.users),
        exclude_users: ids(&r.exclude_users),
    })
}

pub(crate) fn connection_to_tl(c: &BusinessConnection) -> enums::BotBusinessConnection {
    enums::BotBusinessConnection::Connection(types::BotBusinessConnection {
        disabled: !c.enabled,
        connection_id: c.id.clone(),
        user_id: c.user.0,
        dc_id: DC_ID,
        date: int(c.date),
        rights: c.enabled.then(|| rights_to_tl(c.rights)),
    })
}

pub(crate) async fn update_connected_bot(
    ctx: &Ctx<'_>,
    req: f::account::UpdateConnectedBot,
) -> Result<enums::Updates, RpcError> {
    let bot = ctx.input_user(&req.bot).await?;
    let me = ctx.me().id;
    if req.deleted {
        ctx.core.disconnect_business_bot(me, bot).await?;
    } else {
        let enums::InputBusinessBotRecipients::Recipients(r) = &req.recipients;
        let recipients = BusinessRecipients {
            existing_chats: r.existing_chats,
            new_chats: r.new_chats,
            contacts: r.contacts,
            non_contacts: r.non_contacts,
            exclude_selected: r.exclude_selected,
            users: input_users(ctx, r.users.as_ref()).await?,
            exclude_users: input_users(ctx, r.exclude_users.as_ref()).await?,
        };
        let rights = rights_from_tl(req.rights.as_ref());
        ctx.core
            .connect_business_bot(me, bot, rights, recipients)
            .await?;
    }
    Ok(ctx
        .view()
        .updates(Vec::new(), &[], [Peer::User(bot)])
        .await?)
}

pub(crate) async fn toggle_connected_bot_paused(
    ctx: &Ctx<'_>,
    req: f::account::ToggleConnectedBotPaused,
) -> Result<bool, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    ctx.core
        .exclude_business_peer(ctx.me().id, peer, req.paused)
        .await?;
    Ok(true)
}

pub(crate) async fn disable_peer_connected_bot(
    ctx: &Ctx<'_>,
    req: f::account::DisablePeerConnectedBot,
) -> Result<bool, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    if !ctx
        .core
        .exclude_business_peer(ctx.me().id, peer, true)
        .await?
    {
        return Err(RpcError::bad_request("BOT_ALREADY_DISABLED"));
    }
    Ok(true)
}

pub(crate) async fn get_connected_bots(
    ctx: &Ctx<'_>,
    _req: f::account::GetConnectedBots,
) -> Result<enums::account::ConnectedBots, RpcError> {
    let connections = ctx.core.connected_bots(ctx.me().id).await?;
    let bots: Vec<Peer> = connections.iter().map(|c| Peer::User(c.bot)).collect();
    let (users, _) = ctx.view().users_and_chats(&[], bots).await?;
    let connected_bots = connections
        .iter()
        .map(|c| {
            enums::ConnectedBot::Bot(types::ConnectedBot {
                bot_id: c.bot.0,
                recipients: recipients_to_tl(&c.recipients),
                rights: rights_to_tl(c.rights),
                device: None,
                date: Some(int(c.date)),
                location: None,
            })
        })
        .collect();
    Ok(enums::account::ConnectedBots::Bots(
        types::account::ConnectedBots {
            connected_bots,
            users,
        },
    ))
}

pub(crate) async fn get_bot_business_connection(
    ctx: &Ctx<'_>,
    req: f::account::GetBotBusinessConnection,
) -> Result<enums::Updates, RpcError> {
    let connection = ctx
        .core
        .bot_business_connection(ctx.me().id, &req.connection_id)
        .await?;
    let update = enums::Update::BotBusinessConnect(types::UpdateBotBusinessConnect {
        connection: connection_to_tl(&connection),
        qts: 0,
    });
    Ok(ctx
        .view()
        .updates(vec![update], &[], [Peer::User(connection.user)])
        .await?)
}

pub(crate) async fn send_custom_request(
    ctx: &Ctx<'_>,
    req: f::bots::SendCustomRequest,
) -> Result<enums::DataJson, RpcError> {
    let enums::DataJson::Json(params) = &req.params;
    let data = ctx
        .core
        .send_custom_request(ctx.me().id, &req.custom_method, &params.data)
        .await?;
    Ok(enums::DataJson::Json(types::DataJson { data }))
}

/// The answer to a send or edit a bot made through a business connection
/// (`invokeWithBusinessConnection`): `updates` with the message as the connected user's
/// chat holds it, in `updateBotNewBusinessMessage` (after `updateMessageID` for a send) or
/// `updateBotEditBusinessMessage`.
pub(crate) async fn business_answer(
    ctx: &Ctx<'_>,
    connection_id: &str,
    message: &gramd_core::messages::Message,
    random_id: Option<i64>,
) -> Result<enums::Updates, RpcError> {
    let view = ctx.view();
    let mut updates = Vec::with_capacity(2);
    let rendered = view.message(message, false);
    match random_id {
        Some(random_id) => {
            updates.push(super::messages::message_id_update(message.id, random_id));
            updates.push(enums::Update::BotNewBusinessMessage(
                types::UpdateBotNewBusinessMessage {
                    connection_id: connection_id.to_owned(),
                    message: rendered,
                    reply_to_message: None,
                    qts: 0,
                },
            ));
        }
        None => updates.push(enums::Update::BotEditBusinessMessage(
            types::UpdateBotEditBusinessMessage {
                connection_id: connection_id.to_owned(),
                message: rendered,
                reply_to_message: None,
                qts: 0,
            },
        )),
    }
    Ok(view
        .updates(updates, std::slice::from_ref(message), [])
        .await?)
}
