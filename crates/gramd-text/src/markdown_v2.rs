//! The Bot API `MarkdownV2` parse mode
//! (<https://core.telegram.org/bots/api#markdownv2-style>).
//!
//! `*bold*`, `_italic_`, `__underline__`, `~strikethrough~`, `||spoiler||`, `` `code` ``,
//! ```` ```lang ```` blocks, `[text](url)` (a `tg://user?id=N` URL makes a text mention),
//! `![emoji](tg://emoji?id=N)` custom emoji and `![text](tg://time?unix=N&format=F)`
//! date-times, `>` block quotation lines, and `**>` ... `||` expandable ones. Entities nest
//! freely. Any ASCII character from 1 to 126 can be escaped with `\`; outside code the
//! characters ``_*[]()~`>#+-=|{}.!`` must be; inside code and pre only `` ` `` and `\`;
//! inside a link URL `)` and `\`.
//!
//! The behaviour and error texts are TDLib's `parse_markdown_v2`
//! (`td/telegram/MessageEntity.cpp`). Byte offsets in errors are those of the input.

use crate::entity::{EntityKind, FormattedText, MessageEntity};
use crate::fix::sort_entities;
use crate::link::{self, LinkTarget};
use crate::parse_mode::{MarkupEntity as M, ParseError};
use crate::unicode::{is_char_start, is_space_byte, utf16_units_of_lead};

/// An entity whose opening mark has been read.
struct Open {
    kind: M,
    language: String,
    offset: u32,
    byte_offset: usize,
    out_pos: usize,
}

fn reserved(c: u8) -> ParseError {
    ParseError::ReservedCharacter {
        character: char::from(c),
    }
}

fn unclosed(open: &Open) -> ParseError {
    ParseError::UnclosedEntity {
        entity: open.kind,
        byte_offset: open.byte_offset,
    }
}

fn is_escapable(b: u8) -> bool {
    (1..=126).contains(&b)
}

/// Reads the `(...)` part of a link; `i` is on the `(` and ends on the `)`.
fn read_url(src: &[u8], i: &mut usize) -> Result<Vec<u8>, ParseError> {
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    *i += 1;
    let start = *i;
    let mut url = Vec::new();
    while *i < src.len() && src[*i] != b')' {
        if src[*i] == b'\\' && is_escapable(at(*i + 1)) {
            url.push(src[*i + 1]);
            *i += 2;
            continue;
        }
        url.push(src[*i]);
        *i += 1;
    }
    if at(*i) != b')' {
        return Err(ParseError::UnclosedUrl { byte_offset: start });
    }
    Ok(url)
}

/// Parses MarkdownV2-style marked-up text.
pub(crate) fn parse_markdown_v2(text: &str) -> Result<FormattedText, ParseError> {
    let src = text.as_bytes();
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut entities: Vec<MessageEntity> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut units: u32 = 0;
    let mut in_blockquote = false;
    let mut line_start = true;
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'\\' && is_escapable(at(i + 1)) {
            i += 1;
            units += 1;
            out.push(src[i]);
            if src[i] != b'\r' {
                line_start = src[i] == b'\n';
            }
            i += 1;
            continue;
        }
        let in_code = stack
            .last()
            .is_some_and(|o| matches!(o.kind, M::Code | M::Pre | M::PreCode));
        let is_markup = if in_code {
            c == b'`'
        } else {
            b"_*[]()~`>#+-=|{}.!\n".contains(&c)
        };
        if !is_markup {
            if is_char_start(c) {
                units += utf16_units_of_lead(c);
                if c != b'\r' {
                    line_start = false;
                }
            }
            out.push(c);
            i += 1;
            continue;
        }

        let closes = stack.last().is_some_and(|top| {
            if in_blockquote && c == b'\n' && at(i + 1) != b'>' {
                return true;
            }
            match top.kind {
                M::Bold => c == b'*',
                M::Italic => c == b'_' && at(i + 1) != b'_',
                M::Code => c == b'`',
                M::Pre | M::PreCode => c == b'`' && at(i + 1) == b'`' && at(i + 2) == b'`',
                M::TextUrl | M::CustomEmoji => c == b']',
                M::Underline => c == b'_' && at(i + 1) == b'_',
                M::Strikethrough => c == b'~',
                M::Spoiler => c == b'|' && at(i + 1) == b'|',
                M::BlockQuote => false,
            }
        });

        if !closes {
            let byte_offset = i;
            let mut language = String::new();
            let kind = match c {
                b'_' if at(i + 1) == b'_' => {
                    i += 1;
                    M::Underline
                }
                b'_' => M::Italic,
                b'*' => M::Bold,
                b'~' => M::Strikethrough,
                b'|' if at(i + 1) == b'|' => {
                    i += 1;
                    M::Spoiler
                }
                b'[' => M::TextUrl,
                b'`' if at(i + 1) == b'`' && at(i + 2) == b'`' => {
                    i += 3;
                    let mut language_end = i;
                    while !is_space_byte(at(language_end)) && at(language_end) != b'`' {
                        language_end += 1;
                    }
                    let mut kind = M::Pre;
                    if i != language_end && language_end < src.len() && at(language_end) != b'`' {
                        kind = M::PreCode;
                        language = String::from_utf8_lossy(&src[i..language_end]).into_owned();
                        i = language_end;
                    }
                    if matches!(at(i), b'\n' | b'\r') {
                        let pair = matches!(at(i + 1), b'\n' | b'\r') && at(i) != at(i + 1);
                        i += if pair { 2 } else { 1 };
                    }
                    stack.push(Open {
                        kind,
                        language,
                        offset: units,
                        byte_offset,
                        out_pos: out.len(),
                    });
                    continue;
                }
                b'`' => M::Code,
                b'!' if at(i + 1) == b'[' => {
                    i += 1;
                    M::CustomEmoji
                }
                b'\n' => {
                    units += 1;
                    out.push(b'\n');
                    line_start = true;
                    i += 1;
                    continue;
                }
                b'>' if line_start && in_blockquote => {
                    i += 1;
                    continue;
                }
                b'>' if line_start => {
                    in_blockquote = true;
                    M::BlockQuote
                }
                other => return Err(reserved(other)),
            };
            stack.push(Open {
                kind,
                language,
                offset: units,
                byte_offset,
                out_pos: out.len(),
            });
            i += 1;
            continue;
        }

        let Some(mut top) = stack.pop() else { break };
        let mut expandable = false;
        if c == b'\n' && top.kind != M::BlockQuote {
            let mark_before_newline = top.kind == M::Spoiler
                && (top.byte_offset + 2 == i
                    || (top.byte_offset + 3 == i && out.last() == Some(&b'\r')));
            if !mark_before_newline {
                return Err(unclosed(&top));
            }
            top = match stack.pop() {
                Some(quote) if quote.kind == M::BlockQuote => quote,
                Some(other) => return Err(unclosed(&other)),
                None => return Err(unclosed(&top)),
            };
            expandable = true;
        }
        let mut skip = units == top.offset;
        let kind = match top.kind {
            M::Bold => Some(EntityKind::Bold),
            M::Italic => Some(EntityKind::Italic),
            M::Code => Some(EntityKind::Code),
            M::Strikethrough => Some(EntityKind::Strikethrough),
            M::Underline => {
                i += 1;
                Some(EntityKind::Underline)
            }
            M::Spoiler => {
                i += 1;
                Some(EntityKind::Spoiler)
            }
            M::Pre => {
                i += 2;
                Some(EntityKind::Pre { language: None })
            }
            M::PreCode => {
                i += 2;
                Some(EntityKind::Pre {
                    language: Some(std::mem::take(&mut top.language)),
                })
            }
            M::TextUrl => {
                let url = if at(i + 1) == b'(' {
                    i += 1;
                    read_url(src, &mut i)?
                } else {
                    out[top.out_pos..].to_vec()
                };
                match link::link_target(&url) {
                    Some(LinkTarget::User(user_id)) => Some(EntityKind::TextMention { user_id }),
                    Some(LinkTarget::Url(url)) => Some(EntityKind::TextLink { url }),
                    None => {
                        skip = true;
                        None
                    }
                }
            }
            M::CustomEmoji => {
                if at(i + 1) != b'(' {
                    return Err(ParseError::MissingEmojiUrl);
                }
                i += 1;
                let url = read_url(src, &mut i)?;
                if let Some(id) = link::custom_emoji_id_from_link(&url) {
                    Some(EntityKind::CustomEmoji {
                        custom_emoji_id: id.to_string(),
                    })
                } else if let Some((unix_time, date_time_format)) = link::date_from_link(&url) {
                    Some(EntityKind::DateTime {
                        unix_time,
                        date_time_format,
                    })
                } else {
                    return Err(ParseError::InvalidEmojiUrl);
                }
            }
            M::BlockQuote => {
                in_blockquote = false;
                out.push(c);
                line_start = true;
                units += 1;
                skip = false;
                Some(if expandable {
                    EntityKind::ExpandableBlockquote
                } else {
                    EntityKind::Blockquote
                })
            }
        };
        if let Some(kind) = kind
            && !skip
        {
            entities.push(MessageEntity {
                kind,
                offset: top.offset,
                length: units - top.offset,
            });
        }
        i += 1;
    }

    if in_blockquote {
        let mut expandable = false;
        if let Some(top) = stack.last()
            && top.kind == M::Spoiler
            && top.byte_offset + 2 == src.len()
        {
            stack.pop();
            expandable = true;
        }
        if let Some(top) = stack.last()
            && top.kind == M::BlockQuote
        {
            if units != top.offset {
                let kind = if expandable {
                    EntityKind::ExpandableBlockquote
                } else {
                    EntityKind::Blockquote
                };
                entities.push(MessageEntity {
                    kind,
                    offset: top.offset,
                    length: units - top.offset,
                });
            }
            stack.pop();
        }
    }
    if let Some(top) = stack.last() {
        return Err(unclosed(top));
    }
    sort_entities(&mut entities);
    let text =
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    Ok(FormattedText { text, entities })
}

#[cfg(test)]
#[path = "markdown_v2_tests.rs"]
mod tests;
