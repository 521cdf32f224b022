//! Inline mode on the client API (<https://core.telegram.org/api/bots/inline>):
//! `messages.getInlineBotResults` (ask a bot; waits for its answer),
//! `messages.sendInlineBotResult` (send a result "via" the bot), and
//! `messages.getPreparedInlineMessage` (a result a bot prepared for a mini app to share).
//!
//! Results are shown as `botInlineMediaResult` when they carry a photo or a document (a
//! cached result, or a URL the Bot API fetched), else as `botInlineResult` with its
//! thumbnail as a `webDocumentNoProxy`.

use std::sync::Arc;

use gramd_core::inline::{InlineAnswer, InlineChatType, InlineResult, ResultsButton};
use gramd_core::markup::ReplyMarkup;
use gramd_core::media::Media;
use gramd_core::messages::{Content, SendOptions};
use grammers_tl_types::{enums, functions as f, types};

use super::messages::{
    claim_random_ids, message_id_update, message_update, reply_error, reply_target,
};
use crate::error::RpcError;
use crate::media::geo_point;
use crate::rpc::Ctx;
use crate::tl::{entities, markup};

/// `InlineQueryPeerType` of a kind of chat.
fn peer_type(chat: InlineChatType) -> enums::InlineQueryPeerType {
    match chat {
        InlineChatType::Sender => enums::InlineQueryPeerType::SameBotPm,
        InlineChatType::Private => enums::InlineQueryPeerType::Pm,
        InlineChatType::BotPrivate => enums::InlineQueryPeerType::BotPm,
        InlineChatType::Group => enums::InlineQueryPeerType::Chat,
        InlineChatType::Supergroup => enums::InlineQueryPeerType::Megagroup,
        InlineChatType::Channel => enums::InlineQueryPeerType::Broadcast,
    }
}

/// The `BotInlineMessage` a result sends.
fn inline_message(result: &InlineResult) -> enums::BotInlineMessage {
    let reply_markup = result
        .reply_markup
        .as_ref()
        .filter(|m| matches!(m, ReplyMarkup::Inline { .. }))
        .map(markup);
    let some_entities =
        |list: &[gramd_core::text::MessageEntity]| (!list.is_empty()).then(|| entities(list));
    match &result.message {
        Content::Media(media) => {
            enums::BotInlineMessage::MediaAuto(types::BotInlineMessageMediaAuto {
                invert_media: media.show_caption_above_media,
                message: media.caption.clone(),
                entities: some_entities(&media.entities),
                reply_markup,
            })
        }
        Content::Location(place) => {
            enums::BotInlineMessage::MediaGeo(types::BotInlineMessageMediaGeo {
                geo: geo_point(place),
                heading: place.heading,
                period: place.live_period,
                proximity_notification_radius: place.proximity_alert_radius,
                reply_markup,
            })
        }
        Content::Venue(venue) => {
            enums::BotInlineMessage::MediaVenue(types::BotInlineMessageMediaVenue {
                geo: geo_point(&venue.location),
                title: venue.title.clone(),
                address: venue.address.clone(),
                provider: venue.provider.clone(),
                venue_id: venue.venue_id.clone(),
                venue_type: venue.venue_type.clone(),
                reply_markup,
            })
        }
        Content::Contact(contact) => {
            enums::BotInlineMessage::MediaContact(types::BotInlineMessageMediaContact {
                phone_number: contact.phone_number.clone(),
                first_name: contact.first_name.clone(),
                last_name: contact.last_name.clone(),
                vcard: contact.vcard.clone(),
                reply_markup,
            })
        }
        other => {
            let (text, list, preview) = match other {
                Content::Text {
                    text,
                    entities,
                    link_preview,
                } => (text.as_str(), entities.as_slice(), link_preview.as_ref()),
                _ => ("", &[][..], None),
            };
            enums::BotInlineMessage::Text(types::BotInlineMessageText {
                no_webpage: preview.is_some_and(|p| p.is_disabled),
                invert_media: preview.is_some_and(|p| p.show_above_text),
                message: text.to_owned(),
                entities: some_entities(list),
                reply_markup,
            })
        }
    }
}

/// A result as the client API shows it.
fn bot_inline_result(ctx: &Ctx<'_>, result: &InlineResult) -> enums::BotInlineResult {
    let view = ctx.view();
    let send_message = inline_message(result);
    let kind = result.kind.tl_type().to_owned();
    match &result.media {
        Some(media) => enums::BotInlineResult::BotInlineMediaResult(types::BotInlineMediaResult {
            id: result.id.clone(),
            r#type: kind,
            photo: match media {
                Media::Photo(photo) => Some(view.photo(photo)),
                Media::Document(_) => None,
            },
            document: match media {
                Media::Document(doc) => Some(view.document(doc)),
                Media::Photo(_) => None,
            },
            title: result.title.clone(),
            description: result.description.clone(),
            send_message,
        }),
        None => enums::BotInlineResult::Result(types::BotInlineResult {
            id: result.id.clone(),
            r#type: kind,
            title: result.title.clone(),
            description: result.description.clone(),
            url: result.url.clone(),
            thumb: result.thumbnail.as_ref().map(|thumb| {
                let attributes = if thumb.width > 0 && thumb.height > 0 {
                    vec![enums::DocumentAttribute::ImageSize(
                        types::DocumentAttributeImageSize {
                            w: thumb.width,
                            h: thumb.height,
                        },
                    )]
                } else {
                    Vec::new()
                };
                enums::WebDocument::NoProxy(types::WebDocumentNoProxy {
                    url: thumb.url.clone(),
                    size: 0,
                    mime_type: thumb.mime_type.clone(),
                    attributes,
                })
            }),
            content: None,
            send_message,
        }),
    }
}

/// The bot's user, for the `users` of a result.
async fn bot_users(ctx: &Ctx<'_>, answer: &InlineAnswer) -> Result<Vec<enums::User>, RpcError> {
    let bot = ctx.core.user(answer.bot).await?;
    Ok(vec![ctx.view().user(&bot)])
}

pub(crate) async fn get_inline_bot_results(
    ctx: &Ctx<'_>,
    req: f::messages::GetInlineBotResults,
) -> Result<enums::messages::BotResults, RpcError> {
    let bot = ctx
        .input_user(&req.bot)
        .await
        .map_err(|_| RpcError::bad_request("BOT_INVALID"))?;
    let peer = match &req.peer {
        enums::InputPeer::Empty => None,
        other => Some(ctx.input_peer(other).await?),
    };
    let results = ctx
        .core
        .ask_inline_bot(ctx.me().id, bot, peer, &req.query, &req.offset)
        .await?;
    let answer: &Arc<InlineAnswer> = &results.answer;
    let (switch_pm, switch_webview) = match &answer.button {
        Some(ResultsButton::Start {
            text,
            start_parameter,
        }) => (
            Some(enums::InlineBotSwitchPm::Pm(types::InlineBotSwitchPm {
                text: text.clone(),
                start_param: start_parameter.clone(),
            })),
            None,
        ),
        Some(ResultsButton::WebApp { text, url }) => (
            None,
            Some(enums::InlineBotWebView::View(types::InlineBotWebView {
                text: text.clone(),
                url: url.clone(),
            })),
        ),
        None => (None, None),
    };
    Ok(enums::messages::BotResults::Results(
        types::messages::BotResults {
            gallery: answer.is_gallery(),
            query_id: results.query_id,
            next_offset: (!answer.next_offset.is_empty()).then(|| answer.next_offset.clone()),
            switch_pm,
            switch_webview,
            results: answer
                .results
                .iter()
                .map(|r| bot_inline_result(ctx, r))
                .collect(),
            cache_time: answer.cache_time,
            users: bot_users(ctx, answer).await?,
        },
    ))
}

pub(crate) async fn send_inline_bot_result(
    ctx: &Ctx<'_>,
    req: f::messages::SendInlineBotResult,
) -> Result<enums::Updates, RpcError> {
    let peer = ctx.input_peer(&req.peer).await?;
    let options = SendOptions {
        reply_to: reply_target(req.reply_to.as_ref()),
        silent: req.silent,
        ..SendOptions::default()
    };
    let claim = claim_random_ids(ctx, &[req.random_id])?;
    let sent = ctx
        .core
        .send_inline_result(ctx.me().id, peer, req.query_id, &req.id, options)
        .await
        .map_err(reply_error)?;
    claim.keep();
    let msg = &sent.message;
    let updates = vec![
        message_id_update(msg.id, req.random_id),
        message_update(ctx, msg, sent.pts, false).await?,
    ];
    Ok(ctx
        .view()
        .updates(updates, std::slice::from_ref(msg), [])
        .await?)
}

pub(crate) async fn get_prepared_inline_message(
    ctx: &Ctx<'_>,
    req: f::messages::GetPreparedInlineMessage,
) -> Result<enums::messages::PreparedInlineMessage, RpcError> {
    let bot = ctx
        .input_user(&req.bot)
        .await
        .map_err(|_| RpcError::bad_request("BOT_INVALID"))?;
    let prepared = ctx.core.prepared_inline_message(ctx.me(), bot, &req.id)?;
    let result = prepared
        .answer
        .results
        .first()
        .map(|r| bot_inline_result(ctx, r))
        .ok_or_else(|| RpcError::bad_request("MESSAGE_ID_INVALID"))?;
    Ok(enums::messages::PreparedInlineMessage::Message(
        types::messages::PreparedInlineMessage {
            query_id: prepared.query_id,
            result,
            peer_types: prepared.peer_types.iter().copied().map(peer_type).collect(),
            cache_time: prepared.answer.cache_time,
            users: bot_users(ctx, &prepared.answer).await?,
        },
    ))
}
