//! The Bot API `HTML` parse mode (<https://core.telegram.org/bots/api#html-style>).
//!
//! Tags: `b`/`strong`, `i`/`em`, `u`/`ins`, `s`/`strike`/`del`, `span class="tg-spoiler"`,
//! `tg-spoiler`, `a href`, `tg-emoji emoji-id`, `tg-time unix format`, `code`, `pre`
//! (`<pre><code class="language-x">` sets the language), `blockquote` and
//! `blockquote expandable`. Named references `&lt;` `&gt;` `&amp;` `&quot;` and numeric
//! ones (`&#NNN;`, `&#xHHH;`) are decoded; anything else after `&` is kept as is.
//!
//! The behaviour, including the exact error cases, is TDLib's `parse_html`
//! (`td/telegram/MessageEntity.cpp`). Like TDLib, the parser treats a NUL byte inside the
//! text as the end of a tag. `</>` closes whatever tag is open.
//!
//! One deviation: a numeric reference to a UTF-16 surrogate inside an attribute value
//! (`href="&#xD800;"`) becomes U+FFFD, where TDLib would keep the invalid bytes. In the text
//! itself such a reference is the error TDLib gives.

use crate::entity::{EntityKind, FormattedText, MessageEntity};
use crate::fix::sort_entities;
use crate::link::{self, LinkTarget};
use crate::parse_mode::ParseError;
use crate::unicode::{is_char_start, is_space_byte, utf16_units_of_lead};

const TAGS: [&str; 17] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "tg-time",
    "span",
    "pre",
    "code",
    "blockquote",
];

/// An open tag.
struct Open {
    tag: String,
    /// `href`, `class` suffix, `emoji-id`, `format` or the `expandable` mark.
    argument: String,
    /// `unix` of `tg-time`.
    date: i32,
    offset: u32,
    out_pos: usize,
}

/// An entity with the language a `<code class="language-x">` gave it, which only matters
/// if a `<pre>` with the same extent wraps it.
struct Parsed {
    entity: MessageEntity,
    code_language: String,
}

/// Decodes the character reference starting with the `&` at `pos`: its code point and the
/// position after it, or `None` if it is not one Telegram decodes.
fn decode_reference(src: &[u8], pos: usize) -> Option<(u32, usize)> {
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut end = pos + 1;
    let code = if at(pos + 1) == b'#' {
        end += 1;
        let mut code: u32 = 0;
        if at(pos + 2) == b'x' {
            end += 1;
            while let Some(digit) = char::from(at(end)).to_digit(16) {
                code = code.wrapping_mul(16).wrapping_add(digit);
                end += 1;
            }
        } else {
            while at(end).is_ascii_digit() {
                code = code
                    .wrapping_mul(10)
                    .wrapping_add(u32::from(at(end) - b'0'));
                end += 1;
            }
        }
        if code == 0 || code >= 0x10ffff || end - pos >= 10 {
            return None;
        }
        code
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        match &src[pos + 1..end] {
            b"lt" => u32::from(b'<'),
            b"gt" => u32::from(b'>'),
            b"amp" => u32::from(b'&'),
            b"quot" => u32::from(b'"'),
            _ => return None,
        }
    };
    if at(end) == b';' {
        end += 1;
    }
    Some((code, end))
}

/// Appends a decoded code point; a lone surrogate (which Telegram rejects at the end of
/// parsing) is replaced by U+FFFD.
fn push_code_point(out: &mut Vec<u8>, code: u32) -> bool {
    let (c, ok) = match char::from_u32(code) {
        Some(c) => (c, true),
        None => (char::REPLACEMENT_CHARACTER, false),
    };
    let mut buf = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    ok
}

fn lower_ascii(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}

/// Parses the attributes of a start tag; `i` is just after the tag name and ends on `>`.
fn parse_attributes(
    src: &[u8],
    i: &mut usize,
    tag: &str,
    tag_offset: usize,
) -> Result<(String, i32), ParseError> {
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let unclosed_named = || ParseError::UnclosedStartTagNamed {
        tag: tag.to_owned(),
        byte_offset: tag_offset,
    };
    let mut argument = String::new();
    let mut date = 0;
    while at(*i) != b'>' {
        while at(*i) != 0 && is_space_byte(at(*i)) {
            *i += 1;
        }
        if at(*i) == b'>' {
            break;
        }
        let name_start = *i;
        while !is_space_byte(at(*i)) && !matches!(at(*i), b'=' | b'>' | b'/' | b'"' | b'\'') {
            *i += 1;
        }
        let name = &src[name_start..*i];
        if name.is_empty() {
            return Err(ParseError::EmptyAttributeName {
                tag: tag.to_owned(),
                byte_offset: tag_offset,
            });
        }
        while at(*i) != 0 && is_space_byte(at(*i)) {
            *i += 1;
        }
        if at(*i) != b'=' {
            if at(*i) == 0 {
                return Err(unclosed_named());
            }
            if tag == "blockquote" && name == b"expandable" {
                argument = "1".to_owned();
            }
            continue;
        }
        *i += 1;
        while at(*i) != 0 && is_space_byte(at(*i)) {
            *i += 1;
        }
        if at(*i) == 0 {
            return Err(unclosed_named());
        }
        let value = if at(*i) != b'\'' && at(*i) != b'"' {
            let token_start = *i;
            while at(*i).is_ascii_alphanumeric() || at(*i) == b'.' || at(*i) == b'-' {
                *i += 1;
            }
            if !is_space_byte(at(*i)) && at(*i) != b'>' {
                return Err(ParseError::UnexpectedEndOfNameToken {
                    byte_offset: token_start,
                });
            }
            lower_ascii(&src[token_start..*i])
        } else {
            let quote = at(*i);
            *i += 1;
            let mut value = Vec::new();
            while at(*i) != quote && at(*i) != 0 {
                if at(*i) == b'&'
                    && let Some((code, next)) = decode_reference(src, *i)
                {
                    push_code_point(&mut value, code);
                    *i = next;
                    continue;
                }
                value.push(at(*i));
                *i += 1;
            }
            if at(*i) == quote {
                *i += 1;
            }
            String::from_utf8_lossy(&value).into_owned()
        };
        if at(*i) == 0 {
            return Err(ParseError::UnclosedStartTag {
                byte_offset: tag_offset,
            });
        }
        match (tag, name) {
            ("a", b"href") | ("tg-emoji", b"emoji-id") | ("tg-time", b"format") => {
                argument = value;
            }
            ("code", b"class") if value.starts_with("language-") => {
                argument = value["language-".len()..].to_owned();
            }
            ("span", b"class") if value.starts_with("tg-") => {
                argument = value["tg-".len()..].to_owned();
            }
            ("blockquote", b"expandable") => argument = "1".to_owned(),
            ("tg-time", b"unix") => date = link::parse_lenient_i32(value.as_bytes()),
            _ => {}
        }
    }
    Ok((argument, date))
}

/// The entity a closed tag makes, given its non-empty extent.
fn close_tag(
    open: Open,
    length: u32,
    out: &[u8],
    entities: &mut Vec<Parsed>,
) -> Result<(), ParseError> {
    let offset = open.offset;
    let same_extent = |p: &Parsed| p.entity.offset == offset && p.entity.length == length;
    let (kind, code_language) = match open.tag.as_str() {
        "i" | "em" => (EntityKind::Italic, String::new()),
        "b" | "strong" => (EntityKind::Bold, String::new()),
        "s" | "strike" | "del" => (EntityKind::Strikethrough, String::new()),
        "u" | "ins" => (EntityKind::Underline, String::new()),
        "tg-spoiler" | "span" => (EntityKind::Spoiler, String::new()),
        "tg-emoji" => {
            let id = link::parse_canonical_i64(open.argument.as_bytes())
                .filter(|&id| id != 0)
                .ok_or(ParseError::InvalidCustomEmojiId)?;
            (
                EntityKind::CustomEmoji {
                    custom_emoji_id: id.to_string(),
                },
                String::new(),
            )
        }
        "tg-time" => {
            let flags = link::parse_date_format(open.argument.as_bytes())
                .ok_or(ParseError::InvalidDateFormat)?;
            if open.date <= 0 {
                return Ok(());
            }
            let kind = EntityKind::DateTime {
                unix_time: i64::from(open.date),
                date_time_format: link::date_format_string(flags),
            };
            (kind, String::new())
        }
        "a" => {
            let url = if open.argument.is_empty() {
                &out[open.out_pos..]
            } else {
                open.argument.as_bytes()
            };
            match link::link_target(url) {
                Some(LinkTarget::User(user_id)) => {
                    (EntityKind::TextMention { user_id }, String::new())
                }
                Some(LinkTarget::Url(url)) => (EntityKind::TextLink { url }, String::new()),
                None => return Ok(()),
            }
        }
        "pre" => match entities.last_mut() {
            Some(last)
                if last.entity.kind == EntityKind::Code
                    && same_extent(last)
                    && !last.code_language.is_empty() =>
            {
                last.entity.kind = EntityKind::Pre {
                    language: Some(std::mem::take(&mut last.code_language)),
                };
                return Ok(());
            }
            _ => (EntityKind::Pre { language: None }, String::new()),
        },
        "code" => match entities.last_mut() {
            Some(last)
                if last.entity.kind == (EntityKind::Pre { language: None })
                    && same_extent(last)
                    && !open.argument.is_empty() =>
            {
                last.entity.kind = EntityKind::Pre {
                    language: Some(open.argument),
                };
                return Ok(());
            }
            _ => (EntityKind::Code, open.argument),
        },
        _ if open.argument.is_empty() => (EntityKind::Blockquote, String::new()),
        _ => (EntityKind::ExpandableBlockquote, String::new()),
    };
    entities.push(Parsed {
        entity: MessageEntity {
            kind,
            offset,
            length,
        },
        code_language,
    });
    Ok(())
}

/// Parses HTML-style marked-up text.
pub(crate) fn parse_html(text: &str) -> Result<FormattedText, ParseError> {
    let src = text.as_bytes();
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut entities: Vec<Parsed> = Vec::new();
    let mut open_tags: Vec<Open> = Vec::new();
    let mut units: u32 = 0;
    let mut has_surrogate = false;
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'&'
            && let Some((code, next)) = decode_reference(src, i)
        {
            units += if code > 0xffff { 2 } else { 1 };
            has_surrogate |= !push_code_point(&mut out, code);
            i = next;
            continue;
        }
        if c != b'<' {
            if is_char_start(c) {
                units += utf16_units_of_lead(c);
            }
            out.push(c);
            i += 1;
            continue;
        }

        let tag_offset = i;
        i += 1;
        if at(i) != b'/' {
            while !is_space_byte(at(i)) && at(i) != b'>' {
                i += 1;
            }
            if at(i) == 0 {
                return Err(ParseError::UnclosedStartTag {
                    byte_offset: tag_offset,
                });
            }
            let tag = lower_ascii(&src[tag_offset + 1..i]);
            if !TAGS.contains(&tag.as_str()) {
                return Err(ParseError::UnsupportedStartTag {
                    tag,
                    byte_offset: tag_offset,
                });
            }
            let (argument, date) = parse_attributes(src, &mut i, &tag, tag_offset)?;
            if tag == "span" && argument != "spoiler" {
                return Err(ParseError::SpanWithoutSpoilerClass {
                    byte_offset: tag_offset,
                });
            }
            open_tags.push(Open {
                tag,
                argument,
                date,
                offset: units,
                out_pos: out.len(),
            });
        } else {
            if open_tags.is_empty() {
                return Err(ParseError::UnexpectedEndTag {
                    byte_offset: tag_offset,
                });
            }
            while !is_space_byte(at(i)) && at(i) != b'>' {
                i += 1;
            }
            let end_tag = lower_ascii(&src[tag_offset + 2..i]);
            while at(i) != 0 && is_space_byte(at(i)) {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(ParseError::UnclosedEndTag {
                    byte_offset: tag_offset,
                });
            }
            let Some(open) = open_tags.pop() else {
                return Err(ParseError::UnexpectedEndTag {
                    byte_offset: tag_offset,
                });
            };
            if !end_tag.is_empty() && end_tag != open.tag {
                return Err(ParseError::UnmatchedEndTag {
                    byte_offset: tag_offset,
                    expected: open.tag,
                    found: end_tag,
                });
            }
            if units > open.offset {
                let length = units - open.offset;
                close_tag(open, length, &out, &mut entities)?;
            }
        }
        i += 1;
    }
    if let Some(open) = open_tags.pop() {
        return Err(ParseError::MissingEndTag { tag: open.tag });
    }
    let mut entities: Vec<MessageEntity> = entities.into_iter().map(|p| p.entity).collect();
    sort_entities(&mut entities);
    if has_surrogate {
        return Err(ParseError::UnmatchedSurrogates);
    }
    let text =
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    Ok(FormattedText { text, entities })
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
