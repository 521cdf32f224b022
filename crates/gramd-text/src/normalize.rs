//! What Telegram does to a formatted text before it stores it as a message.
//!
//! This follows TDLib's `fix_formatted_text` (`td/telegram/MessageEntity.cpp`), which every
//! outgoing message text goes through:
//!
//! 1. entities of zero length, `text_link`s without a URL, `text_mention`s of an invalid user
//!    id, custom emoji with id 0 and date-times at Unix time 0 or earlier are dropped, and
//!    the rest are made to nest as <https://core.telegram.org/bots/api#formatting-options>
//!    requires (overlapping links and code keep the first; style entities are merged per
//!    style, cut at every boundary of another entity and dropped inside code);
//! 2. the text is cleaned: control characters become spaces (except `\n`), `\r` and
//!    U+2028..U+202E are removed, as are the combining characters U+030A, U+0333 and U+033F;
//!    a run of LRM/RLM marks keeps only its last mark, the others become ZWNJ (U+200C);
//!    entity offsets follow the removals;
//! 3. unless `skip_trim`, trailing spaces and newlines are cut (with the entities over them),
//!    and leading ones up to the first entity;
//! 4. a text that is empty or only blank characters is an error (or, with `allow_empty`,
//!    becomes the empty text with no entities); a text over 35000 bytes is cut;
//! 5. optionally, mentions, hashtags, URLs and the like found by [`crate::detect`] are added
//!    where they do not collide with explicit entities ([`with_detected`]).
//!
//! Entities that reach past the end of the text, or start or end between the halves of a
//! surrogate pair, are an error (as in Telegram), not clamped. Entity kinds a sender may not
//! set (see [`EntityKind::is_explicit`]) are kept; filter them out first for Bot API input.
//! The 4096-character limit of a message is not checked here.

use std::fmt;

use crate::entity::{EntityKind, FormattedText, MessageEntity};
use crate::fix::{self, end, fix_entities, merge_new_entities};
use crate::link::MAX_USER_ID;
use crate::unicode::{is_char_start, utf16_units_of_lead};

/// How [`normalize_with`] treats a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// Return the empty text (with no entities) instead of [`NormalizeError::EmptyText`]
    /// when nothing but blank characters is left.
    pub allow_empty: bool,
    /// Keep leading and trailing spaces and newlines.
    pub skip_trim: bool,
    /// Add the entities [`crate::detect`] finds (as TDLib does for a message sent by a bot
    /// or a user).
    pub detect_entities: bool,
    /// With `detect_entities`, do not add bot commands (TDLib does this in private chats
    /// with non-bots).
    pub skip_bot_commands: bool,
}

impl NormalizeOptions {
    /// The options for the text of a new message: trimmed, non-empty, with detected
    /// entities, bot commands included.
    #[must_use]
    pub fn message() -> Self {
        Self {
            detect_entities: true,
            ..Self::default()
        }
    }
}

/// Why Telegram refuses a formatted text; `Display` gives TDLib's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NormalizeError {
    /// An entity offset over 1000000.
    BadOffset(u32),
    /// An entity length over 1000000.
    BadLength(u32),
    /// An entity starts between the two halves of a surrogate pair.
    BeginsInsideCharacter {
        /// Byte offset of the character after the split one.
        byte_offset: usize,
    },
    /// An entity ends between the two halves of a surrogate pair.
    EndsInsideCharacter {
        /// The entity's UTF-16 offset.
        entity_offset: u32,
        /// Byte offset of the character after the split one.
        byte_offset: usize,
    },
    /// An entity starts after the end of the text.
    BeginsAfterEnd {
        /// The entity's UTF-16 offset.
        entity_offset: u32,
    },
    /// An entity ends after the end of the text.
    EndsAfterEnd {
        /// The entity's UTF-16 offset.
        entity_offset: u32,
        /// The entity's UTF-16 end.
        entity_end: u64,
    },
    /// Nothing but blank characters (the Bot API says `message text is empty`).
    EmptyText,
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadOffset(offset) => {
                write!(f, "Receive an entity with incorrect offset {offset}")
            }
            Self::BadLength(length) => {
                write!(f, "Receive an entity with incorrect length {length}")
            }
            Self::BeginsInsideCharacter { byte_offset } => write!(
                f,
                "Entity begins in a middle of a UTF-16 symbol at byte offset {byte_offset}"
            ),
            Self::EndsInsideCharacter {
                entity_offset,
                byte_offset,
            } => write!(
                f,
                "Entity beginning at UTF-16 offset {entity_offset} ends in a middle of a UTF-16 \
                 symbol at byte offset {byte_offset}"
            ),
            Self::BeginsAfterEnd { entity_offset } => write!(
                f,
                "Entity begins after the end of the text at UTF-16 offset {entity_offset}"
            ),
            Self::EndsAfterEnd {
                entity_offset,
                entity_end,
            } => write!(
                f,
                "Entity beginning at UTF-16 offset {entity_offset} ends after the end of the text \
                 at UTF-16 offset {entity_end}"
            ),
            Self::EmptyText => f.write_str("Text must be non-empty"),
        }
    }
}

impl std::error::Error for NormalizeError {}

/// Cleans and trims a text with the default [`NormalizeOptions`]: non-empty, trimmed, no
/// entity detection. See the module documentation for the steps.
pub fn normalize(ft: FormattedText) -> Result<FormattedText, NormalizeError> {
    normalize_with(ft, NormalizeOptions::default())
}

/// Cleans a text as Telegram does before storing it (TDLib's `fix_formatted_text`).
pub fn normalize_with(
    ft: FormattedText,
    options: NormalizeOptions,
) -> Result<FormattedText, NormalizeError> {
    let FormattedText { text, mut entities } = ft;
    let mut text = if entities.is_empty() {
        clean_text(&text, &mut [], Some(LENGTH_LIMIT - 3))?
    } else {
        for e in &entities {
            if e.offset > 1_000_000 {
                return Err(NormalizeError::BadOffset(e.offset));
            }
            if e.length > 1_000_000 {
                return Err(NormalizeError::BadLength(e.length));
            }
        }
        entities.retain(is_meaningful);
        fix_entities(&mut entities);
        clean_text(&text, &mut entities, None)?
    };
    entities.retain(is_meaningful);

    let Some((last_byte, last_unit)) = last_non_blank(&text) else {
        return if options.allow_empty {
            Ok(FormattedText::default())
        } else {
            Err(NormalizeError::EmptyText)
        };
    };
    fix_entities(&mut entities);

    if !options.skip_trim {
        text.truncate(last_byte);
        let text_end = u64::from(last_unit);
        while entities
            .last()
            .is_some_and(|e| u64::from(e.offset) >= text_end)
        {
            entities.pop();
        }
        let mut cut = false;
        for e in &mut entities {
            if end(e) > text_end {
                e.length = last_unit - e.offset;
                cut = true;
            }
        }
        if cut {
            fix::sort_entities(&mut entities);
        }
        let first_entity = entities.first().map_or(text.len(), |e| e.offset as usize);
        let leading = text
            .bytes()
            .take(first_entity)
            .take_while(|&b| b == b' ' || b == b'\n')
            .count();
        if leading > 0 {
            text.drain(..leading);
            for e in &mut entities {
                e.offset -= leading as u32;
            }
        }
    }

    if is_blank(&text) {
        if !options.allow_empty {
            return Err(NormalizeError::EmptyText);
        }
        text.clear();
        entities.clear();
    }

    if text.len() > LENGTH_LIMIT {
        let mut cut = LENGTH_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        let units = u64::from(crate::utf16_len(&text));
        entities.retain(|e| end(e) <= units);
    }

    if options.detect_entities {
        let found = crate::detect::find_entities(&text, options.skip_bot_commands);
        merge_new_entities(&mut entities, found);
    }
    Ok(FormattedText { text, entities })
}

/// Adds the entities [`crate::detect`] finds in `ft.text` where Telegram would: not inside
/// or across explicit entities other than styles (bold, italic, ...) and blockquotes, and
/// not across a blockquote boundary. Style entities are cut around the added ones, as
/// Telegram does. `ft` should already be normalised; its entities are fixed first.
#[must_use]
pub fn with_detected(ft: FormattedText) -> FormattedText {
    let FormattedText { text, mut entities } = ft;
    let units = u64::from(crate::utf16_len(&text));
    entities.retain(|e| is_meaningful(e) && end(e) <= units);
    fix_entities(&mut entities);
    let found = crate::detect::find_entities(&text, false);
    merge_new_entities(&mut entities, found);
    FormattedText { text, entities }
}

/// Server-side limit on the size of a message text, in bytes.
const LENGTH_LIMIT: usize = 35000;

/// Whether an entity can exist at all (TDLib's `remove_empty_entities`).
fn is_meaningful(e: &MessageEntity) -> bool {
    e.length > 0
        && match &e.kind {
            EntityKind::TextLink { url } => !url.is_empty(),
            EntityKind::TextMention { user_id } => (1..=MAX_USER_ID).contains(user_id),
            EntityKind::CustomEmoji { custom_emoji_id } => {
                custom_emoji_id.parse::<i64>().is_ok_and(|id| id != 0)
            }
            EntityKind::DateTime { unix_time, .. } => *unix_time > 0,
            _ => true,
        }
}

/// Removes control characters and other unwanted characters, moving the entities along
/// (TDLib's `clean_input_string_with_entities`, or `clean_input_string` when `limit` is set
/// and there are no entities). Entities must be sorted and properly nested.
fn clean_text(
    text: &str,
    entities: &mut [MessageEntity],
    limit: Option<usize>,
) -> Result<String, NormalizeError> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut units: u64 = 0;
    let mut skipped: u64 = 0;
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut next = 0;
    let mut pos = 0;
    loop {
        let at_end = pos == bytes.len();
        if at_end || is_char_start(bytes[pos]) {
            while let Some(&(index, skipped_before)) = open.last() {
                let e = &mut entities[index];
                let e_end = end(e);
                if units < e_end {
                    break;
                }
                if units != e_end {
                    return Err(NormalizeError::EndsInsideCharacter {
                        entity_offset: e.offset,
                        byte_offset: pos,
                    });
                }
                e.offset -= skipped_before as u32;
                e.length -= (skipped - skipped_before) as u32;
                open.pop();
            }
            while next < entities.len() && units >= u64::from(entities[next].offset) {
                if units != u64::from(entities[next].offset) {
                    return Err(NormalizeError::BeginsInsideCharacter { byte_offset: pos });
                }
                open.push((next, skipped));
                next += 1;
            }
        }
        if at_end {
            break;
        }
        let c = bytes[pos];
        let removed = match c {
            b'\r' => 1,
            0xe2 if pos + 2 < bytes.len()
                && bytes[pos + 1] == 0x80
                && (0xa8..=0xae).contains(&bytes[pos + 2]) =>
            {
                3
            }
            0xcc if pos + 1 < bytes.len() && matches!(bytes[pos + 1], 0xb3 | 0xbf | 0x8a) => 2,
            _ => 0,
        };
        if is_char_start(c) {
            units += u64::from(utf16_units_of_lead(c));
        }
        if removed > 0 {
            skipped += 1;
            pos += removed;
            continue;
        }
        if is_char_start(c) && limit.is_some_and(|limit| out.len() + 1 >= limit) {
            break;
        }
        out.push(if c <= 0x20 && c != b'\n' { b' ' } else { c });
        pos += 1;
    }
    if let Some(e) = entities.get(next) {
        return Err(NormalizeError::BeginsAfterEnd {
            entity_offset: e.offset,
        });
    }
    if let Some(&(index, _)) = open.last() {
        let e = &entities[index];
        return Err(NormalizeError::EndsAfterEnd {
            entity_offset: e.offset,
            entity_end: end(e),
        });
    }
    replace_direction_mark_runs(&mut out);
    Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()))
}

/// In a run of LRM/RLM marks, every mark but the last becomes ZWNJ (same size in UTF-8 and
/// UTF-16, so offsets are unaffected).
fn replace_direction_mark_runs(bytes: &mut [u8]) {
    let is_mark = |b: &[u8], at: usize| {
        b.get(at..at + 3)
            .is_some_and(|s| s[0] == 0xe2 && s[1] == 0x80 && matches!(s[2], 0x8e | 0x8f))
    };
    let mut pos = 0;
    while pos < bytes.len() {
        if is_mark(bytes, pos) {
            while is_mark(bytes, pos + 3) {
                bytes[pos + 2] = 0x8c;
                pos += 3;
            }
            pos += 2;
        }
        pos += 1;
    }
}

/// Byte end and UTF-16 end of the text without trailing spaces and newlines; `None` if
/// nothing else is left.
fn last_non_blank(text: &str) -> Option<(usize, u32)> {
    let trimmed = text.trim_end_matches([' ', '\n']);
    (!trimmed.is_empty()).then(|| (trimmed.len(), crate::utf16_len(trimmed)))
}

/// Whether Telegram considers the text empty (TDLib's `is_empty_string`): nothing but
/// spaces, newlines, blank and zero-width characters.
fn is_blank(text: &str) -> bool {
    let is_space_like = |c: char| {
        matches!(
            c,
            '\u{1680}'
                | '\u{180e}'
                | '\u{2000}'..='\u{200a}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{2800}'
                | '\u{3000}'
                | '\u{fffc}'
                | '\u{e0000}'..='\u{e007f}'
        )
    };
    let is_tdlib_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n' | '\0' | '\u{b}');
    let trimmed = text.trim_matches(|c| is_space_like(c) || is_tdlib_space(c));
    trimmed.chars().all(|c| {
        is_space_like(c)
            || matches!(
                c,
                ' ' | '\n' | '\u{200b}'..='\u{200f}' | '\u{202e}' | '\u{feff}' | '\u{a0}'
            )
    })
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
