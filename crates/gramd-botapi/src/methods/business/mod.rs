//! Business connections: reading a connection, reading and deleting the messages of the
//! chats it covers as the connected user, and changing the account's names, bio and
//! username. Sending and editing as the user are the
//! ordinary methods with `business_connection_id` (see [`Call::business_connection_id`]).

use gramd_core::ids::MessageId;
use gramd_core::{CoreError, ProfileChange};

use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::methods::messages::input::message_ids;

pub(super) async fn get_business_connection(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let connection = match call.core.bot_business_connection(call.bot.id, id).await {
        Err(CoreError::Refused {
            name: "CONNECTION_ID_INVALID",
        }) => return Err(ApiError::bad_request("business connection not found")),
        other => other?,
    };
    Reply::of(&call.renderer().business_connection(&connection).await?)
}

pub(super) async fn read_business_message(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let message_id = call.params.message_id("message_id");
    if message_id == 0 {
        return Err(ApiError::bad_request("Message identifier is not specified"));
    }
    let chat = call.chat("chat_id").await?;
    call.core
        .read_business_message(call.bot.id, id, chat, MessageId(message_id))
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn delete_business_messages(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let ids = message_ids(call.params)?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "Message identifiers are not specified",
        ));
    }
    call.core
        .delete_business_messages(call.bot.id, id, &ids)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_business_account_name(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let first_name = call.params.required("first_name")?;
    let change = ProfileChange {
        first_name: Some(first_name.to_owned()),
        last_name: Some(call.params.arg("last_name").to_owned()),
        about: None,
    };
    call.core
        .business_update_profile(call.bot.id, id, change)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_business_account_bio(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let change = ProfileChange {
        about: Some(call.params.arg("bio").to_owned()),
        ..ProfileChange::default()
    };
    call.core
        .business_update_profile(call.bot.id, id, change)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn set_business_account_username(call: &Call<'_>) -> Outcome {
    let id = call.params.required("business_connection_id")?;
    let username = call.params.arg("username");
    call.core
        .business_set_username(call.bot.id, id, Some(username))
        .await?;
    Ok(Reply::ok())
}
