//! The Bot API `parse_mode` values and the errors of parsing marked-up text.
//!
//! See <https://core.telegram.org/bots/api#formatting-options>. The error texts are TDLib's
//! (`parse_html`, `parse_markdown`, `parse_markdown_v2` in `td/telegram/MessageEntity.cpp`),
//! which the Bot API prints as `Bad Request: can't parse entities: <text>`.

use std::fmt;

use crate::entity::FormattedText;

/// A Bot API `parse_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParseMode {
    /// `HTML`: <https://core.telegram.org/bots/api#html-style>.
    Html,
    /// `MarkdownV2`: <https://core.telegram.org/bots/api#markdownv2-style>.
    MarkdownV2,
    /// `Markdown`, the legacy mode: <https://core.telegram.org/bots/api#markdown-style>.
    Markdown,
}

/// A `parse_mode` the Bot API does not know.
///
/// `Display` gives `Unsupported parse_mode`; the Bot API answers
/// `Bad Request: unsupported parse_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsupportedParseMode;

impl fmt::Display for UnsupportedParseMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unsupported parse_mode")
    }
}

impl std::error::Error for UnsupportedParseMode {}

impl ParseMode {
    /// Reads a Bot API `parse_mode` parameter, ignoring ASCII case.
    ///
    /// `""` (or an absent parameter, which the caller maps to `""`) and `"none"` mean plain
    /// text: `Ok(None)`. `"html"`, `"markdownv2"` and `"markdown"` in any case are the three
    /// modes. Anything else is [`UnsupportedParseMode`].
    ///
    /// Note that the Bot API only looks at `parse_mode` when the text is not empty: with an
    /// empty text even an unknown mode is not an error (the empty text is refused later).
    pub fn from_bot_api(value: &str) -> Result<Option<Self>, UnsupportedParseMode> {
        match value.to_ascii_lowercase().as_str() {
            "" | "none" => Ok(None),
            "html" => Ok(Some(Self::Html)),
            "markdownv2" => Ok(Some(Self::MarkdownV2)),
            "markdown" => Ok(Some(Self::Markdown)),
            _ => Err(UnsupportedParseMode),
        }
    }

    /// The canonical Bot API spelling: `HTML`, `MarkdownV2` or `Markdown`.
    #[must_use]
    pub fn bot_api_name(self) -> &'static str {
        match self {
            Self::Html => "HTML",
            Self::MarkdownV2 => "MarkdownV2",
            Self::Markdown => "Markdown",
        }
    }
}

/// An entity under construction in MarkdownV2, named as in TDLib's error texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkupEntity {
    /// `*bold*`.
    Bold,
    /// `_italic_`.
    Italic,
    /// `__underline__`.
    Underline,
    /// `~strikethrough~`.
    Strikethrough,
    /// `||spoiler||`.
    Spoiler,
    /// `` `code` ``.
    Code,
    /// ```` ``` ```` block without a language.
    Pre,
    /// ```` ```lang ```` block.
    PreCode,
    /// `[text](url)`.
    TextUrl,
    /// `![emoji](tg://emoji?id=...)` or `![text](tg://time?unix=...)`.
    CustomEmoji,
    /// `>quote`.
    BlockQuote,
}

impl fmt::Display for MarkupEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Bold => "Bold",
            Self::Italic => "Italic",
            Self::Underline => "Underline",
            Self::Strikethrough => "Strikethrough",
            Self::Spoiler => "Spoiler",
            Self::Code => "Code",
            Self::Pre => "Pre",
            Self::PreCode => "PreCode",
            Self::TextUrl => "TextUrl",
            Self::CustomEmoji => "CustomEmoji",
            Self::BlockQuote => "BlockQuote",
        })
    }
}

/// Why marked-up text could not be parsed.
///
/// `Display` gives exactly Telegram's text, the part after
/// `Bad Request: can't parse entities: `. Byte offsets count UTF-8 bytes of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The text has more than 65536 characters.
    TextTooLong,
    /// HTML: `<` without a closing `>`, or a quoted attribute value running to the end.
    UnclosedStartTag {
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: the text ends inside a tag's attributes.
    UnclosedStartTagNamed {
        /// The tag name, lower-cased.
        tag: String,
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: a tag Telegram does not support.
    UnsupportedStartTag {
        /// The tag name, lower-cased.
        tag: String,
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: something like `<b =x>` or `<b />`.
    EmptyAttributeName {
        /// The tag name, lower-cased.
        tag: String,
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: an unquoted attribute value with a character other than `[A-Za-z0-9.-]`.
    UnexpectedEndOfNameToken {
        /// Offset of the value.
        byte_offset: usize,
    },
    /// HTML: `<span>` without `class="tg-spoiler"`.
    SpanWithoutSpoilerClass {
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: an end tag with nothing open.
    UnexpectedEndTag {
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: `</` without a closing `>`.
    UnclosedEndTag {
        /// Offset of the `<`.
        byte_offset: usize,
    },
    /// HTML: the end tag does not close the innermost open tag.
    UnmatchedEndTag {
        /// Offset of the `<`.
        byte_offset: usize,
        /// The innermost open tag.
        expected: String,
        /// The end tag found, lower-cased.
        found: String,
    },
    /// HTML: a tag left open at the end of the text.
    MissingEndTag {
        /// The innermost open tag.
        tag: String,
    },
    /// HTML: `<tg-emoji>` without a valid non-zero `emoji-id`.
    InvalidCustomEmojiId,
    /// HTML: `<tg-time>` whose `format` is not `r` or a mix of `tTdDwW`.
    InvalidDateFormat,
    /// HTML: a numeric character reference to a UTF-16 surrogate.
    UnmatchedSurrogates,
    /// MarkdownV2: an unescaped reserved character.
    ReservedCharacter {
        /// The character.
        character: char,
    },
    /// MarkdownV2: an entity left open.
    UnclosedEntity {
        /// The entity.
        entity: MarkupEntity,
        /// Offset of its opening mark.
        byte_offset: usize,
    },
    /// MarkdownV2: `(` of a link without its `)`.
    UnclosedUrl {
        /// Offset of the first byte after `(`.
        byte_offset: usize,
    },
    /// MarkdownV2: `![...]` not followed by `(`.
    MissingEmojiUrl,
    /// MarkdownV2: `![...](...)` with neither a `tg://emoji` nor a `tg://time` link.
    InvalidEmojiUrl,
    /// Legacy Markdown: an entity left open.
    UnclosedLegacyEntity {
        /// Offset of its opening mark.
        byte_offset: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TextTooLong => f.write_str("Text is too long"),
            Self::UnclosedStartTag { byte_offset } => {
                write!(f, "Unclosed start tag at byte offset {byte_offset}")
            }
            Self::UnclosedStartTagNamed { tag, byte_offset } => {
                write!(
                    f,
                    "Unclosed start tag \"{tag}\" at byte offset {byte_offset}"
                )
            }
            Self::UnsupportedStartTag { tag, byte_offset } => {
                write!(
                    f,
                    "Unsupported start tag \"{tag}\" at byte offset {byte_offset}"
                )
            }
            Self::EmptyAttributeName { tag, byte_offset } => {
                write!(
                    f,
                    "Empty attribute name in the tag \"{tag}\" at byte offset {byte_offset}"
                )
            }
            Self::UnexpectedEndOfNameToken { byte_offset } => {
                write!(
                    f,
                    "Unexpected end of name token at byte offset {byte_offset}"
                )
            }
            Self::SpanWithoutSpoilerClass { byte_offset } => write!(
                f,
                "Tag \"span\" must have class \"tg-spoiler\" at byte offset {byte_offset}"
            ),
            Self::UnexpectedEndTag { byte_offset } => {
                write!(f, "Unexpected end tag at byte offset {byte_offset}")
            }
            Self::UnclosedEndTag { byte_offset } => {
                write!(f, "Unclosed end tag at byte offset {byte_offset}")
            }
            Self::UnmatchedEndTag {
                byte_offset,
                expected,
                found,
            } => write!(
                f,
                "Unmatched end tag at byte offset {byte_offset}, expected \"</{expected}>\", \
                 found \"</{found}>\""
            ),
            Self::MissingEndTag { tag } => {
                write!(f, "Can't find end tag corresponding to start tag \"{tag}\"")
            }
            Self::InvalidCustomEmojiId => f.write_str("Invalid custom emoji identifier specified"),
            Self::InvalidDateFormat => f.write_str("Invalid date format used"),
            Self::UnmatchedSurrogates => f.write_str(
                "Text contains invalid Unicode characters after decoding HTML entities, check for \
                 unmatched surrogate code units",
            ),
            Self::ReservedCharacter { character } => write!(
                f,
                "Character '{character}' is reserved and must be escaped with the preceding '\\'"
            ),
            Self::UnclosedEntity {
                entity,
                byte_offset,
            } => {
                write!(
                    f,
                    "Can't find end of {entity} entity at byte offset {byte_offset}"
                )
            }
            Self::UnclosedUrl { byte_offset } => {
                write!(f, "Can't find end of a URL at byte offset {byte_offset}")
            }
            Self::MissingEmojiUrl => {
                f.write_str("The entity must contain a tg://emoji or tg://time URL")
            }
            Self::InvalidEmojiUrl => f.write_str("Invalid tg://emoji or tg://time URL specified"),
            Self::UnclosedLegacyEntity { byte_offset } => {
                write!(
                    f,
                    "Can't find end of the entity starting at byte offset {byte_offset}"
                )
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses `text` marked up in `mode` into plain text and entities, as Telegram does.
///
/// This is the raw result of the parser (TDLib's `parseTextEntities`): entities are sorted
/// but not yet cleaned up, and the text is neither trimmed nor scanned for mentions, URLs
/// and the like. Pass the result through [`crate::normalize_with`] to get what Telegram
/// stores. Entities of zero length are never produced; HTML `<a>` and MarkdownV2 `[..](..)`
/// links that are not valid URLs are dropped silently; `tg://user?id=N` links become
/// [`crate::EntityKind::TextMention`].
pub fn parse(text: &str, mode: ParseMode) -> Result<FormattedText, ParseError> {
    if text.chars().count() > 65536 {
        return Err(ParseError::TextTooLong);
    }
    match mode {
        ParseMode::Html => crate::html::parse_html(text),
        ParseMode::MarkdownV2 => crate::markdown_v2::parse_markdown_v2(text),
        ParseMode::Markdown => crate::markdown::parse_markdown(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_api_names() {
        assert_eq!(ParseMode::from_bot_api(""), Ok(None));
        assert_eq!(ParseMode::from_bot_api("None"), Ok(None));
        assert_eq!(ParseMode::from_bot_api("HTML"), Ok(Some(ParseMode::Html)));
        assert_eq!(ParseMode::from_bot_api("html"), Ok(Some(ParseMode::Html)));
        assert_eq!(
            ParseMode::from_bot_api("MarkdownV2"),
            Ok(Some(ParseMode::MarkdownV2))
        );
        assert_eq!(
            ParseMode::from_bot_api("MARKDOWNV2"),
            Ok(Some(ParseMode::MarkdownV2))
        );
        assert_eq!(
            ParseMode::from_bot_api("markdown"),
            Ok(Some(ParseMode::Markdown))
        );
        assert_eq!(
            ParseMode::from_bot_api("Markdown2"),
            Err(UnsupportedParseMode)
        );
        assert_eq!(ParseMode::from_bot_api(" html"), Err(UnsupportedParseMode));
        assert_eq!(
            ParseMode::from_bot_api("x").unwrap_err().to_string(),
            "Unsupported parse_mode"
        );
        for mode in [ParseMode::Html, ParseMode::MarkdownV2, ParseMode::Markdown] {
            assert_eq!(ParseMode::from_bot_api(mode.bot_api_name()), Ok(Some(mode)));
        }
    }

    #[test]
    fn error_texts() {
        let cases: [(ParseError, &str); 8] = [
            (ParseError::TextTooLong, "Text is too long"),
            (
                ParseError::UnmatchedEndTag {
                    byte_offset: 17,
                    expected: "i".into(),
                    found: "em".into(),
                },
                "Unmatched end tag at byte offset 17, expected \"</i>\", found \"</em>\"",
            ),
            (
                ParseError::ReservedCharacter { character: '!' },
                "Character '!' is reserved and must be escaped with the preceding '\\'",
            ),
            (
                ParseError::UnclosedEntity {
                    entity: MarkupEntity::Bold,
                    byte_offset: 0,
                },
                "Can't find end of Bold entity at byte offset 0",
            ),
            (
                ParseError::UnclosedLegacyEntity { byte_offset: 5 },
                "Can't find end of the entity starting at byte offset 5",
            ),
            (
                ParseError::UnsupportedStartTag {
                    tag: "x".into(),
                    byte_offset: 0,
                },
                "Unsupported start tag \"x\" at byte offset 0",
            ),
            (
                ParseError::SpanWithoutSpoilerClass { byte_offset: 3 },
                "Tag \"span\" must have class \"tg-spoiler\" at byte offset 3",
            ),
            (
                ParseError::UnmatchedSurrogates,
                "Text contains invalid Unicode characters after decoding HTML entities, check \
                 for unmatched surrogate code units",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
    }

    #[test]
    fn too_long() {
        let text = "a".repeat(65537);
        for mode in [ParseMode::Html, ParseMode::MarkdownV2, ParseMode::Markdown] {
            assert_eq!(parse(&text, mode), Err(ParseError::TextTooLong));
            assert_eq!(parse(&text[1..], mode).map(|ft| ft.text.len()), Ok(65536));
        }
    }
}
