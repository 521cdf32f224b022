//! Inline mode on the client API (<https://core.telegram.org/api/bots/inline>):
//! `messages.getInlineBotResults` (ask a bot; waits for its answer),
//! `messages.sendInlineBotResult` (send a result "via" the bot), and
//! `messages.getPreparedInlineMessage` (a result a bot prepared for a mini app to share);
//! and for bots, `messages.setInlineBotResults` (the same answer as the Bot API's
//! `answerInlineQuery`).
//!
//! Results are shown as `botInlineMediaResult` when they carry a photo or a document (a
//! cached result, or a URL the Bot API fetched), else as `botInlineResult` with its
//! thumbnail as a `webDocumentNoProxy`.

use std::sync::Arc;

use gramd_core::attachments::{Attachment, Contact, Venue};
use gramd_core::inline::{
    InlineAnswer, InlineAnswerInput, InlineChatType, InlineMessageInput, InlineResult,
    InlineResultInput, InlineResultKind, ResultsButton, WebThumbnail,
};
use gramd_core::markup::{InlineAction, InlineButton, ReplyMarkup};
use gramd_core::media::Media;
use gramd_core::messages::{Content, LinkPreview, OutgoingText, SendOptions};
use grammers_tl_types::{enums, functions as f, types};

use super::media::geo;
use super::messages::{
    claim_random_ids, input_entities, message_id_update, message_update, reply_error, reply_target,
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

/// The inline keyboard of a result (`replyInlineMarkup`; buttons that open a URL, send a
/// callback, open a mini app, switch to inline mode or copy a text).
fn input_inline_markup(markup: &enums::ReplyMarkup) -> Result<ReplyMarkup, RpcError> {
    let enums::ReplyMarkup::ReplyInlineMarkup(inline) = markup else {
        return Err(RpcError::bad_request("REPLY_MARKUP_INVALID"));
    };
    let mut rows = Vec::with_capacity(inline.rows.len());
    for row in &inline.rows {
        let enums::KeyboardInlineButtonRow::Row(row) = row;
        let mut buttons = Vec::with_capacity(row.buttons.len());
        for button in &row.buttons {
            let enums::KeyboardInlineButton::Button(button) = button;
            use enums::InlineButtonType as T;
            let action = match &button.r#type {
                T::Url(b) => InlineAction::Url { url: b.url.clone() },
                T::Callback(b) => InlineAction::Callback {
                    data: String::from_utf8(b.data.clone())
                        .map_err(|_| RpcError::bad_request("BUTTON_DATA_INVALID"))?,
                },
                T::WebView(b) => InlineAction::WebApp { url: b.url.clone() },
                T::SwitchInline(b) if b.peer_types.is_none() => InlineAction::SwitchInline {
                    query: b.query.clone(),
                    current_chat: b.same_peer,
                },
                T::Copy(b) => InlineAction::CopyText {
                    text: b.copy_text.clone(),
                },
                _ => return Err(RpcError::bad_request("BUTTON_TYPE_INVALID")),
            };
            buttons.push(InlineButton {
                text: button.text.clone(),
                style: None,
                icon_custom_emoji_id: None,
                action,
            });
        }
        rows.push(buttons);
    }
    Ok(ReplyMarkup::Inline { rows })
}

/// What an `InputBotInlineMessage` sends, and its keyboard.
fn input_inline_message(
    message: &enums::InputBotInlineMessage,
) -> Result<(InlineMessageInput, Option<ReplyMarkup>), RpcError> {
    use enums::InputBotInlineMessage as M;
    let (input, markup) = match message {
        M::Text(m) => (
            InlineMessageInput::Text(OutgoingText {
                text: m.message.clone(),
                entities: input_entities(m.entities.as_ref()),
                link_preview: (m.no_webpage || m.invert_media).then(|| LinkPreview {
                    is_disabled: m.no_webpage,
                    show_above_text: m.invert_media,
                    ..LinkPreview::default()
                }),
            }),
            m.reply_markup.as_ref(),
        ),
        M::MediaAuto(m) => (
            InlineMessageInput::Media {
                caption: OutgoingText {
                    text: m.message.clone(),
                    entities: input_entities(m.entities.as_ref()),
                    link_preview: None,
                },
                show_caption_above_media: m.invert_media,
            },
            m.reply_markup.as_ref(),
        ),
        M::MediaGeo(m) => {
            let mut place = geo(&m.geo_point)?;
            place.heading = m.heading;
            place.live_period = m.period;
            place.proximity_alert_radius = m.proximity_notification_radius;
            (
                InlineMessageInput::Attachment(Attachment::Location(place)),
                m.reply_markup.as_ref(),
            )
        }
        M::MediaVenue(m) => (
            InlineMessageInput::Attachment(Attachment::Venue(Venue {
                location: geo(&m.geo_point)?,
                title: m.title.clone(),
                address: m.address.clone(),
                provider: m.provider.clone(),
                venue_id: m.venue_id.clone(),
                venue_type: m.venue_type.clone(),
            })),
            m.reply_markup.as_ref(),
        ),
        M::MediaContact(m) => (
            InlineMessageInput::Attachment(Attachment::Contact(Contact {
                phone_number: m.phone_number.clone(),
                first_name: m.first_name.clone(),
                last_name: m.last_name.clone(),
                vcard: m.vcard.clone(),
                user_id: None,
            })),
            m.reply_markup.as_ref(),
        ),
        // Games, invoices, web page previews and rich messages are not in gramd.
        _ => return Err(RpcError::bad_request("SEND_MESSAGE_TYPE_INVALID")),
    };
    Ok((input, markup.map(input_inline_markup).transpose()?))
}

/// One result a bot gives on the client API.
async fn input_result(
    ctx: &Ctx<'_>,
    result: &enums::InputBotInlineResult,
) -> Result<InlineResultInput, RpcError> {
    use enums::InputBotInlineResult as R;
    let kind_of = |name: &str| {
        InlineResultKind::from_tl_type(name)
            .ok_or_else(|| RpcError::bad_request("RESULT_TYPE_INVALID"))
    };
    let (id, kind, title, description, url, thumbnail, media, message) = match result {
        R::Result(r) => {
            let thumbnail = r.thumb.as_ref().map(|thumb| {
                let enums::InputWebDocument::Document(doc) = thumb;
                let (width, height) = doc
                    .attributes
                    .iter()
                    .find_map(|a| match a {
                        enums::DocumentAttribute::ImageSize(size) => Some((size.w, size.h)),
                        _ => None,
                    })
                    .unwrap_or((0, 0));
                WebThumbnail {
                    url: doc.url.clone(),
                    mime_type: doc.mime_type.clone(),
                    width,
                    height,
                }
            });
            (
                &r.id,
                kind_of(&r.r#type)?,
                r.title.clone(),
                r.description.clone(),
                r.url.clone(),
                thumbnail,
                None,
                &r.send_message,
            )
        }
        R::Photo(r) => (
            &r.id,
            kind_of(&r.r#type)?,
            None,
            None,
            None,
            None,
            Some(ctx.input_photo(&r.photo).await?),
            &r.send_message,
        ),
        R::Document(r) => (
            &r.id,
            kind_of(&r.r#type)?,
            r.title.clone(),
            r.description.clone(),
            None,
            None,
            Some(ctx.input_document(&r.document).await?),
            &r.send_message,
        ),
        // gramd has no games.
        R::Game(_) => return Err(RpcError::bad_request("RESULT_TYPE_INVALID")),
    };
    let (message, reply_markup) = input_inline_message(message)?;
    Ok(InlineResultInput {
        id: id.clone(),
        kind,
        title,
        description,
        url,
        thumbnail,
        media,
        message,
        reply_markup,
    })
}

pub(crate) async fn set_inline_bot_results(
    ctx: &Ctx<'_>,
    req: f::messages::SetInlineBotResults,
) -> Result<bool, RpcError> {
    if req.results.len() > gramd_core::inline::MAX_RESULTS {
        return Err(RpcError::bad_request("RESULTS_TOO_MUCH"));
    }
    let mut results = Vec::with_capacity(req.results.len());
    for result in &req.results {
        results.push(input_result(ctx, result).await?);
    }
    let button = match (req.switch_pm, req.switch_webview) {
        (Some(enums::InlineBotSwitchPm::Pm(pm)), _) => Some(ResultsButton::Start {
            text: pm.text,
            start_parameter: pm.start_param,
        }),
        (None, Some(enums::InlineBotWebView::View(view))) => Some(ResultsButton::WebApp {
            text: view.text,
            url: view.url,
        }),
        (None, None) => None,
    };
    let answer = InlineAnswerInput {
        results,
        cache_time: req.cache_time,
        is_personal: req.private,
        next_offset: req.next_offset.unwrap_or_default(),
        button,
    };
    ctx.core
        .answer_inline_query(ctx.me().id, &req.query_id.to_string(), answer)
        .await?;
    Ok(true)
}
