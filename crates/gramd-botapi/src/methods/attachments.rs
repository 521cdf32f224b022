//! sendContact, sendLocation, sendVenue and sendDice
//! (<https://core.telegram.org/bots/api#sendlocation> and the three after it), and moving
//! and stopping live locations (editMessageLiveLocation, stopMessageLiveLocation).
//!
//! Arguments are read as the reference server reads them (`latitude is empty` before the
//! chat lookup); what is wrong with their values is the core's to say, as Telegram's server
//! says it (`GEO_POINT_INVALID`, `EMOTICON_INVALID`).

use gramd_core::attachments::{Attachment, Contact, Location, Venue};
use gramd_core::messages::{LiveLocationEdit, MessageEdit};

use super::messages::input::{reply_markup, reply_parameters};
use super::messages::{apply_edit, send_options_for};
use super::{Call, Outcome};
use crate::error::ApiError;
use crate::params::Params;

pub(super) async fn send_location(call: &Call<'_>) -> Outcome {
    let location = location(call.params)?;
    send(call, Attachment::Location(location)).await
}

pub(super) async fn send_venue(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let location = location(p)?;
    let (provider, venue_id, venue_type) = if p.has("google_place_id") {
        (
            "gplaces",
            p.arg("google_place_id"),
            p.arg("google_place_type"),
        )
    } else if p.has("foursquare_id") {
        (
            "foursquare",
            p.arg("foursquare_id"),
            p.arg("foursquare_type"),
        )
    } else {
        ("", "", "")
    };
    let venue = Venue {
        location,
        title: p.text_arg("title")?.to_owned(),
        address: p.text_arg("address")?.to_owned(),
        provider: provider.to_owned(),
        venue_id: venue_id.to_owned(),
        venue_type: venue_type.to_owned(),
    };
    send(call, Attachment::Venue(venue)).await
}

pub(super) async fn send_contact(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let contact = Contact {
        phone_number: p.required("phone_number")?.to_owned(),
        first_name: p.text_arg("first_name")?.to_owned(),
        last_name: p.text_arg("last_name")?.to_owned(),
        vcard: p.text_arg("vcard")?.to_owned(),
        user_id: None,
    };
    send(call, Attachment::Contact(contact)).await
}

pub(super) async fn send_dice(call: &Call<'_>) -> Outcome {
    let emoji = call.params.text_arg("emoji")?.to_owned();
    send(call, Attachment::Dice { emoji }).await
}

pub(super) async fn edit_message_live_location(call: &Call<'_>) -> Outcome {
    let moved = location(call.params)?;
    edit_live_location(call, LiveLocationEdit::Move(moved)).await
}

pub(super) async fn stop_message_live_location(call: &Call<'_>) -> Outcome {
    edit_live_location(call, LiveLocationEdit::Stop).await
}

async fn edit_live_location(call: &Call<'_>, live: LiveLocationEdit) -> Outcome {
    let edit = MessageEdit {
        live_location: Some(live),
        ..MessageEdit::default()
    };
    apply_edit(call, edit).await
}

/// The location of sendLocation and sendVenue, with its live fields (0 or absent: none).
fn location(p: &Params) -> Result<Location, ApiError> {
    for field in ["latitude", "longitude"] {
        if p.arg(field).trim().is_empty() {
            return Err(ApiError::bad_request(format!("{field} is empty")));
        }
    }
    let positive = |name: &str| Some(p.i32_arg(name, 0, 0, i32::MAX)).filter(|v| *v > 0);
    Ok(Location {
        latitude: p.f64_arg("latitude"),
        longitude: p.f64_arg("longitude"),
        horizontal_accuracy: Some(p.f64_arg("horizontal_accuracy")).filter(|a| *a > 0.0),
        live_period: positive("live_period"),
        heading: positive("heading"),
        proximity_alert_radius: positive("proximity_alert_radius"),
    })
}

/// Sends an attachment into the request's chat, as the bot or as the user of its business
/// connection.
async fn send(call: &Call<'_>, attachment: Attachment) -> Outcome {
    let reply = reply_parameters(call.params)?;
    let markup = reply_markup(call.params)?;
    let chat = call.chat("chat_id").await?;
    let options = send_options_for(call, chat, reply, markup).await?;
    let sent = match call.business_connection_id() {
        Some(connection) => {
            call.core
                .send_business_attachment(call.bot.id, connection, chat, attachment, options)
                .await?
        }
        None => {
            call.core
                .send_attachment(call.bot.id, chat, attachment, options)
                .await?
        }
    };
    call.reply_message(&sent.message).await
}
