//! Inline mode (<https://core.telegram.org/bots/inline>, <https://core.telegram.org/api/bots/inline>):
//! a user types `@bot query` in any chat, the bot answers with a list of results, and the
//! user sends one of them into the chat as their own message "via @bot".
//!
//! The values here are the rules and the shapes; the service (`Core::ask_inline_bot`,
//! `Core::answer_inline_query`, `Core::send_inline_result`, …) keeps the queries. Like
//! Telegram's, inline queries are short-lived: pending queries, answered ones, cached
//! answers and prepared messages live in memory and are gone after a restart (a client
//! then asks again, as it does when a query expires).

use serde::{Deserialize, Serialize};

use crate::attachments::Attachment;
use crate::error::CoreError;
use crate::ids::UserId;
use crate::markup::ReplyMarkup;
use crate::media::{DocumentKind, Media};
use crate::messages::{Content, OutgoingText};

/// Most results in one answer.
pub const MAX_RESULTS: usize = 50;
/// Longest result id, in bytes.
pub const MAX_RESULT_ID_BYTES: usize = 64;
/// Longest `next_offset`, in bytes.
pub const MAX_NEXT_OFFSET_BYTES: usize = 64;
/// Longest inline query text, in characters (Telegram's limit).
pub const MAX_QUERY_LENGTH: usize = 256;
/// Longest time an answer may be cached, in seconds (the reference server's clamp).
pub const MAX_CACHE_TIME: i32 = 86_400;
/// How long an answered query's results can still be sent, in seconds.
pub const ANSWER_LIFETIME: i64 = 3_600;
/// How long a prepared inline message can be used, in seconds.
pub const PREPARED_MESSAGE_LIFETIME: i64 = 86_400;

/// The kind of chat an inline query was typed in (Bot API `chat_type`, TL
/// `InlineQueryPeerType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InlineChatType {
    /// The private chat of the user with the bot itself.
    Sender,
    /// A private chat with a person.
    Private,
    /// A private chat with another bot.
    BotPrivate,
    /// A basic group.
    Group,
    /// A supergroup.
    Supergroup,
    /// A broadcast channel.
    Channel,
}

impl InlineChatType {
    /// Every type, in the order of `savePreparedInlineMessage`'s `allow_*` flags.
    pub const ALL: [Self; 6] = [
        Self::Sender,
        Self::Private,
        Self::BotPrivate,
        Self::Group,
        Self::Supergroup,
        Self::Channel,
    ];

    /// The Bot API `chat_type` (a chat with another bot is `private` there too).
    #[must_use]
    pub fn bot_api_name(self) -> &'static str {
        match self {
            Self::Sender => "sender",
            Self::Private | Self::BotPrivate => "private",
            Self::Group => "group",
            Self::Supergroup => "supergroup",
            Self::Channel => "channel",
        }
    }
}

/// An inline query, as delivered to the bot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineQuery {
    /// Unique query id (decimal digits).
    pub id: String,
    /// Who typed it.
    pub from: UserId,
    /// The text (at most 256 characters).
    pub query: String,
    /// The offset of the results to return, as the bot set it in `next_offset`.
    pub offset: String,
    /// Where it was typed, when the client said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<InlineChatType>,
}

/// A result a user chose and sent, as delivered to a bot with inline feedback on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenInlineResult {
    /// The result's id.
    pub result_id: String,
    /// Who chose it.
    pub from: UserId,
    /// The query it answered.
    pub query: String,
    /// The message sent, when it has an inline keyboard (so the bot may edit it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_message_id: Option<String>,
}

/// The kinds of inline result (the Bot API's `InlineQueryResult*` types; each cached
/// variant is the same kind with a file id instead of a URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum InlineResultKind {
    Article,
    Photo,
    Gif,
    Mpeg4Gif,
    Video,
    Audio,
    Voice,
    Document,
    Location,
    Venue,
    Contact,
    Sticker,
    Game,
}

impl InlineResultKind {
    /// The kind with this Bot API `type` (case-insensitive, as the reference reads it).
    #[must_use]
    pub fn from_bot_api(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "article" => Self::Article,
            "photo" => Self::Photo,
            "gif" => Self::Gif,
            "mpeg4_gif" => Self::Mpeg4Gif,
            "video" => Self::Video,
            "audio" => Self::Audio,
            "voice" => Self::Voice,
            "document" => Self::Document,
            "location" => Self::Location,
            "venue" => Self::Venue,
            "contact" => Self::Contact,
            "sticker" => Self::Sticker,
            "game" => Self::Game,
            _ => return None,
        })
    }

    /// The `type` of the client API's `botInlineResult` (TDLib's names: a document is a
    /// `file`, a location a `geo`, both gif kinds a `gif`).
    #[must_use]
    pub fn tl_type(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Photo => "photo",
            Self::Gif | Self::Mpeg4Gif => "gif",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Voice => "voice",
            Self::Document => "file",
            Self::Location => "geo",
            Self::Venue => "venue",
            Self::Contact => "contact",
            Self::Sticker => "sticker",
            Self::Game => "game",
        }
    }

    /// The kind of a client API `type` (the inverse of [`Self::tl_type`]; `gif` is
    /// [`Self::Gif`]).
    #[must_use]
    pub fn from_tl_type(name: &str) -> Option<Self> {
        Some(match name {
            "file" => Self::Document,
            "geo" => Self::Location,
            other => return Self::from_bot_api(other).filter(|k| *k != Self::Mpeg4Gif),
        })
    }

    /// Whether clients show results of this kind as a grid of pictures.
    fn is_gallery(self) -> bool {
        matches!(
            self,
            Self::Photo | Self::Gif | Self::Mpeg4Gif | Self::Sticker
        )
    }

    /// Whether `media` is of this kind (a cached result's file id must name a file of
    /// its own kind).
    #[must_use]
    pub fn accepts(self, media: &Media) -> bool {
        match (self, media) {
            (Self::Photo, Media::Photo(_)) => true,
            (_, Media::Photo(_)) => false,
            (kind, Media::Document(document)) => matches!(
                (kind, &document.kind),
                (Self::Gif | Self::Mpeg4Gif, DocumentKind::Animation { .. })
                    | (Self::Video, DocumentKind::Video { .. })
                    | (Self::Audio, DocumentKind::Audio { .. })
                    | (Self::Voice, DocumentKind::Voice { .. })
                    | (Self::Sticker, DocumentKind::Sticker { .. })
                    | (Self::Document, _)
            ),
        }
    }
}

/// A picture shown with a result in the list (a URL the client loads itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebThumbnail {
    /// Its URL.
    pub url: String,
    /// Its MIME type.
    pub mime_type: String,
    /// Width in pixels, 0 when unknown.
    pub width: i32,
    /// Height in pixels, 0 when unknown.
    pub height: i32,
}

/// What sending a result sends, as the bot described it.
#[derive(Clone, Debug, PartialEq)]
pub enum InlineMessageInput {
    /// A text message (`InputTextMessageContent`).
    Text(OutgoingText),
    /// The result's own media with this caption (no `input_message_content`).
    Media {
        /// The caption.
        caption: OutgoingText,
        /// Show the caption above the media.
        show_caption_above_media: bool,
    },
    /// A contact, location or venue (its `InputMessageContent`, or the result's own).
    Attachment(Attachment),
}

/// One result as a bot gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct InlineResultInput {
    /// Its id, 1 to 64 bytes, unique in the answer.
    pub id: String,
    /// Its kind.
    pub kind: InlineResultKind,
    /// Title shown in the list.
    pub title: Option<String>,
    /// Description shown in the list.
    pub description: Option<String>,
    /// URL of the result (articles).
    pub url: Option<String>,
    /// Picture shown in the list.
    pub thumbnail: Option<WebThumbnail>,
    /// The media of a media result (a cached one's file, or a fetched URL).
    pub media: Option<Media>,
    /// What sending it sends.
    pub message: InlineMessageInput,
    /// The inline keyboard sent with it.
    pub reply_markup: Option<ReplyMarkup>,
}

/// One result, checked and ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineResult {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: InlineResultKind,
    /// Title shown in the list.
    pub title: Option<String>,
    /// Description shown in the list.
    pub description: Option<String>,
    /// URL of the result.
    pub url: Option<String>,
    /// Picture shown in the list.
    pub thumbnail: Option<WebThumbnail>,
    /// The media of a media result.
    pub media: Option<Media>,
    /// The content of the message sending it sends.
    pub message: Content,
    /// The inline keyboard (normalized).
    pub reply_markup: Option<ReplyMarkup>,
}

/// The button shown above the results (`InlineQueryResultsButton`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultsButton {
    /// Opens the private chat with the bot and sends `/start <start_parameter>`.
    Start {
        /// Its label.
        text: String,
        /// The deep-link parameter: 1 to 64 of `A-Za-z0-9_-`.
        start_parameter: String,
    },
    /// Opens a mini app, which may switch back to inline mode.
    WebApp {
        /// Its label.
        text: String,
        /// The app's URL.
        url: String,
    },
}

impl ResultsButton {
    /// Checks Telegram's rules.
    ///
    /// # Errors
    /// `SWITCH_PM_TEXT_EMPTY`, `START_PARAM_INVALID`, `SWITCH_WEBVIEW_URL_INVALID`.
    pub fn validate(&self) -> Result<(), CoreError> {
        match self {
            Self::Start {
                text,
                start_parameter,
            } => {
                if text.trim().is_empty() {
                    return Err(CoreError::refused("SWITCH_PM_TEXT_EMPTY"));
                }
                let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
                if start_parameter.is_empty()
                    || start_parameter.len() > 64
                    || !start_parameter.chars().all(allowed)
                {
                    return Err(CoreError::refused("START_PARAM_INVALID"));
                }
            }
            Self::WebApp { text, url } => {
                if text.trim().is_empty() {
                    return Err(CoreError::refused("SWITCH_PM_TEXT_EMPTY"));
                }
                if !url.starts_with("https://") || url.len() <= "https://".len() {
                    return Err(CoreError::refused("SWITCH_WEBVIEW_URL_INVALID"));
                }
            }
        }
        Ok(())
    }
}

/// A bot's answer to an inline query, as it gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct InlineAnswerInput {
    /// The results (at most 50).
    pub results: Vec<InlineResultInput>,
    /// How long the answer may be cached, in seconds (clamped to 0..=86400).
    pub cache_time: i32,
    /// Cache it for the asking user only.
    pub is_personal: bool,
    /// The offset the client sends for more results; empty: no more.
    pub next_offset: String,
    /// The button above the results.
    pub button: Option<ResultsButton>,
}

impl InlineAnswerInput {
    /// Checks the rules that do not depend on each result's content: the count, the ids,
    /// the offset and the button.
    ///
    /// # Errors
    /// `RESULTS_TOO_MUCH`, `RESULT_ID_INVALID`, `RESULT_ID_DUPLICATE`,
    /// `NEXT_OFFSET_INVALID`, and the button's errors.
    pub fn validate_shape(&self) -> Result<(), CoreError> {
        if self.results.len() > MAX_RESULTS {
            return Err(CoreError::refused("RESULTS_TOO_MUCH"));
        }
        let mut seen = std::collections::HashSet::with_capacity(self.results.len());
        for result in &self.results {
            check_result_id(&result.id)?;
            if !seen.insert(result.id.as_str()) {
                return Err(CoreError::refused("RESULT_ID_DUPLICATE"));
            }
        }
        if self.next_offset.len() > MAX_NEXT_OFFSET_BYTES {
            return Err(CoreError::refused("NEXT_OFFSET_INVALID"));
        }
        if let Some(button) = &self.button {
            button.validate()?;
        }
        Ok(())
    }
}

/// Checks a result id: 1 to 64 bytes.
///
/// # Errors
/// `RESULT_ID_INVALID`.
pub fn check_result_id(id: &str) -> Result<(), CoreError> {
    if id.is_empty() || id.len() > MAX_RESULT_ID_BYTES {
        return Err(CoreError::refused("RESULT_ID_INVALID"));
    }
    Ok(())
}

/// A checked answer, as users get it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineAnswer {
    /// The bot that answered.
    pub bot: UserId,
    /// The results.
    pub results: Vec<InlineResult>,
    /// How long it may be cached, in seconds.
    pub cache_time: i32,
    /// Cached for the asking user only.
    pub is_personal: bool,
    /// The offset for more results; empty: no more.
    pub next_offset: String,
    /// The button above the results.
    pub button: Option<ResultsButton>,
}

impl InlineAnswer {
    /// Whether clients show the results as a grid of pictures: every result is a photo,
    /// a gif or a sticker (TDLib's `gallery`).
    #[must_use]
    pub fn is_gallery(&self) -> bool {
        !self.results.is_empty() && self.results.iter().all(|r| r.kind.is_gallery())
    }

    /// The result with this id.
    #[must_use]
    pub fn result(&self, id: &str) -> Option<&InlineResult> {
        self.results.iter().find(|r| r.id == id)
    }
}

/// A prepared inline message (`savePreparedInlineMessage`): one result a mini app may
/// offer its user to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedInlineMessage {
    /// Its id.
    pub id: String,
    /// When it stops being usable (Unix time).
    pub expiration_date: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> InlineResultInput {
        InlineResultInput {
            id: id.into(),
            kind: InlineResultKind::Article,
            title: Some("t".into()),
            description: None,
            url: None,
            thumbnail: None,
            media: None,
            message: InlineMessageInput::Text(OutgoingText {
                text: "x".into(),
                ..OutgoingText::default()
            }),
            reply_markup: None,
        }
    }

    fn answer(results: Vec<InlineResultInput>) -> InlineAnswerInput {
        InlineAnswerInput {
            results,
            cache_time: 0,
            is_personal: false,
            next_offset: String::new(),
            button: None,
        }
    }

    #[test]
    fn the_shape_of_an_answer_is_checked() {
        assert_eq!(
            answer(vec![article("a"), article("b")]).validate_shape(),
            Ok(())
        );
        let refused = |a: InlineAnswerInput| match a.validate_shape() {
            Err(CoreError::Refused { name }) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(answer(vec![article("a"), article("a")])),
            "RESULT_ID_DUPLICATE"
        );
        assert_eq!(refused(answer(vec![article("")])), "RESULT_ID_INVALID");
        assert_eq!(
            refused(answer(vec![article(&"x".repeat(65))])),
            "RESULT_ID_INVALID"
        );
        assert_eq!(
            answer(vec![article(&"x".repeat(64))]).validate_shape(),
            Ok(())
        );
        let many = (0..51).map(|i| article(&i.to_string())).collect();
        assert_eq!(refused(answer(many)), "RESULTS_TOO_MUCH");
        let fifty = (0..50).map(|i| article(&i.to_string())).collect();
        assert_eq!(answer(fifty).validate_shape(), Ok(()));
        let mut long_offset = answer(vec![]);
        long_offset.next_offset = "o".repeat(65);
        assert_eq!(refused(long_offset), "NEXT_OFFSET_INVALID");
        let mut bad_start = answer(vec![]);
        bad_start.button = Some(ResultsButton::Start {
            text: "Go".into(),
            start_parameter: "has space".into(),
        });
        assert_eq!(refused(bad_start), "START_PARAM_INVALID");
        let mut no_text = answer(vec![]);
        no_text.button = Some(ResultsButton::Start {
            text: " ".into(),
            start_parameter: "ok".into(),
        });
        assert_eq!(refused(no_text), "SWITCH_PM_TEXT_EMPTY");
        let mut http_app = answer(vec![]);
        http_app.button = Some(ResultsButton::WebApp {
            text: "Open".into(),
            url: "http://example.com".into(),
        });
        assert_eq!(refused(http_app), "SWITCH_WEBVIEW_URL_INVALID");
    }

    #[test]
    fn kinds_have_their_names_on_both_apis() {
        for kind in [
            InlineResultKind::Article,
            InlineResultKind::Photo,
            InlineResultKind::Gif,
            InlineResultKind::Video,
            InlineResultKind::Audio,
            InlineResultKind::Voice,
            InlineResultKind::Document,
            InlineResultKind::Location,
            InlineResultKind::Venue,
            InlineResultKind::Contact,
            InlineResultKind::Sticker,
            InlineResultKind::Game,
        ] {
            assert_eq!(InlineResultKind::from_tl_type(kind.tl_type()), Some(kind));
        }
        assert_eq!(
            InlineResultKind::from_bot_api("MPEG4_GIF"),
            Some(InlineResultKind::Mpeg4Gif)
        );
        assert_eq!(InlineResultKind::Mpeg4Gif.tl_type(), "gif");
        assert_eq!(InlineResultKind::from_bot_api("file"), None);
        assert_eq!(InlineChatType::BotPrivate.bot_api_name(), "private");
    }
}
