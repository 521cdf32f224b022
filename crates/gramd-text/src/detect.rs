//! The entities Telegram finds by itself in a message text.
//!
//! Bot API entity types `mention`, `hashtag`, `cashtag`, `bot_command`, `url` and `email`
//! (<https://core.telegram.org/bots/api#messageentity>), found with TDLib's rules
//! (`find_entities` in `td/telegram/MessageEntity.cpp`):
//!
//! - `@username`: 2 to 32 of `[A-Za-z0-9_]`, not touching a letter, digit or `_`; names of
//!   fewer than 4 characters only for `@gif`, `@nft`, `@pic`, `@ufc` and `@vid`;
//! - `/command` or `/command@bot`: 1 to 64 of `[A-Za-z0-9_]` (the bot name 3 to 32), not
//!   touching a letter, digit, `_`, `/`, `<` or `>`;
//! - `#hashtag` and `#hashtag@chat`: letters, decimal digits, `_`, `·`, ZWNJ and Sinhala, at
//!   least one letter, at most 256 characters, not followed by `#`;
//! - `$CASHTAG` and `$CASHTAG@chat`: 1 to 8 capital Latin letters, or `$1INCH`;
//! - URLs with or without `http://`, `https://`, `ftp://` or `tonsite://` (a bare domain
//!   needs a known top-level domain), `tg://`, `ton://` and `tonsite://` links, and e-mail
//!   addresses; see [`crate::url`].
//!
//! Bank card numbers are found too, only to settle overlaps as Telegram does; the Bot API
//! never shows them, so they are not returned. Phone numbers are found by Telegram's servers,
//! not by TDLib, and are not detected here.

use std::cmp::Reverse;

use crate::entity::{EntityKind, MessageEntity};
use crate::unicode::{Category, category, is_word_char};
use crate::url::{find_tg_urls, find_urls};

/// A span found in the text, in bytes; `kind` is `None` for a bank card number.
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Option<EntityKind>,
}

impl Found {
    pub(crate) fn new(start: usize, end: usize, kind: EntityKind) -> Self {
        Self {
            start,
            end,
            kind: Some(kind),
        }
    }
}

/// Finds mentions, bot commands, hashtags, cashtags, URLs and e-mail addresses in `text`.
///
/// The result is sorted, never overlaps, and counts offsets in UTF-16 code units. Where two
/// candidates overlap, the one starting first (then the longer) wins.
#[must_use]
pub fn detect(text: &str) -> Vec<MessageEntity> {
    find_entities(text, false)
}

/// Like [`detect`], without bot commands (as Telegram does in private chats with users).
#[must_use]
pub fn detect_except_bot_commands(text: &str) -> Vec<MessageEntity> {
    find_entities(text, true)
}

pub(crate) fn find_entities(text: &str, skip_bot_commands: bool) -> Vec<MessageEntity> {
    let mut found = find_mentions(text);
    if !skip_bot_commands {
        found.extend(find_bot_commands(text));
    }
    found.extend(find_hashtags(text));
    found.extend(find_cashtags(text));
    found.extend(find_bank_card_numbers(text));
    found.extend(find_tg_urls(text));
    found.extend(find_urls(text));

    found.sort_by_key(|f| (f.start, Reverse(f.end - f.start)));
    let mut last_end = 0;
    found.retain(|f| {
        let keep = f.start >= last_end;
        if keep {
            last_end = f.end;
        }
        keep
    });

    let mut entities = Vec::with_capacity(found.len());
    let (mut byte, mut units) = (0, 0);
    for f in found {
        let Some(kind) = f.kind else { continue };
        units += crate::utf16_len(&text[byte..f.start]);
        let length = crate::utf16_len(&text[f.start..f.end]);
        entities.push(MessageEntity {
            kind,
            offset: units,
            length,
        });
        units += length;
        byte = f.end;
    }
    entities
}

/// The character just before byte `at`.
pub(crate) fn char_before(text: &str, at: usize) -> char {
    text[..at].chars().next_back().unwrap_or('\0')
}

/// The character at byte `at` (NUL at the end).
pub(crate) fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or('\0')
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Positions of `needle` in `bytes` at or after `from`.
fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| from + p)
}

fn name_end(bytes: &[u8], from: usize) -> usize {
    from + bytes[from..]
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count()
}

fn find_mentions(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut result = Vec::new();
    let mut pos = 0;
    while let Some(at) = find_byte(bytes, pos, b'@') {
        if at > 0 && is_word_char(char_before(text, at)) {
            pos = at + 1;
            continue;
        }
        let end = name_end(bytes, at + 1);
        pos = end;
        let name = &text[at + 1..end];
        if !(2..=32).contains(&name.len()) || is_word_char(char_at(text, end)) {
            continue;
        }
        let short_ok = || {
            ["gif", "nft", "pic", "ufc", "vid"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
        };
        if name.len() >= 4 || short_ok() {
            result.push(Found::new(at, end, EntityKind::Mention));
        }
    }
    result
}

fn find_bot_commands(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut result = Vec::new();
    let mut pos = 0;
    let blocks = |c: char| is_word_char(c) || matches!(c, '/' | '<' | '>');
    while let Some(slash) = find_byte(bytes, pos, b'/') {
        if slash > 0 && blocks(char_before(text, slash)) {
            pos = slash + 1;
            continue;
        }
        let mut end = name_end(bytes, slash + 1);
        pos = end;
        if !(1..=64).contains(&(end - slash - 1)) {
            continue;
        }
        if bytes.get(end) == Some(&b'@') {
            let bot_end = name_end(bytes, end + 1);
            pos = bot_end;
            if !(3..=32).contains(&(bot_end - end - 1)) {
                continue;
            }
            end = bot_end;
        }
        if blocks(char_at(text, end)) {
            continue;
        }
        result.push(Found::new(slash, end, EntityKind::BotCommand));
    }
    result
}

/// Characters a hashtag is made of.
pub(crate) fn is_hashtag_letter(c: char) -> bool {
    matches!(c, '_' | '\u{200c}' | '\u{b7}' | '\u{d80}'..='\u{dff}')
        || matches!(category(c), Category::Letter | Category::DecimalNumber)
}

fn find_hashtags(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut result = Vec::new();
    let mut pos = 0;
    while let Some(hash) = find_byte(bytes, pos, b'#') {
        if hash > 0 && is_hashtag_letter(char_before(text, hash)) {
            pos = hash + 1;
            continue;
        }
        let mut end = hash + 1;
        let mut count = 0;
        let mut cut = None;
        let mut has_letter = false;
        for c in text[hash + 1..]
            .chars()
            .take_while(|&c| is_hashtag_letter(c))
        {
            end += c.len_utf8();
            if count == 255 {
                cut = Some(end);
            }
            if count != 256 {
                has_letter |= category(c) == Category::Letter;
                count += 1;
            }
        }
        pos = end;
        let mut tag_end = cut.unwrap_or(end);
        if count == 0 {
            continue;
        }
        if tag_end == end && bytes.get(end) == Some(&b'@') {
            let chat_len = bytes[end + 1..]
                .iter()
                .take(32)
                .take_while(|&&b| is_name_byte(b))
                .count();
            if chat_len >= 3 {
                end += 1 + chat_len;
                tag_end = end;
                pos = end;
            }
        }
        if bytes.get(end) == Some(&b'#') || !has_letter {
            continue;
        }
        result.push(Found::new(hash, tag_end, EntityKind::Hashtag));
    }
    result
}

fn find_cashtags(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut result = Vec::new();
    let mut pos = 0;
    let blocks = |c: char| is_hashtag_letter(c) || c == '$';
    while let Some(dollar) = find_byte(bytes, pos, b'$') {
        if dollar > 0 && blocks(char_before(text, dollar)) {
            pos = dollar + 1;
            continue;
        }
        let start = dollar + 1;
        let mut end = if bytes[start..].starts_with(b"1INCH") {
            start + 5
        } else {
            start
                + bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_uppercase())
                    .count()
        };
        pos = end;
        if !(1..=8).contains(&(end - start)) {
            continue;
        }
        if bytes.get(end) == Some(&b'@') {
            let chat_end = name_end(bytes, end + 1);
            if (3..=32).contains(&(chat_end - end - 1)) {
                end = chat_end;
                pos = end;
            }
        }
        if end != bytes.len() && blocks(char_at(text, end)) {
            continue;
        }
        result.push(Found::new(dollar, end, EntityKind::Cashtag));
    }
    result
}

fn is_valid_bank_card(card: &[u8]) -> bool {
    let digits: Vec<u32> = card
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| u32::from(b - b'0'))
        .collect();
    let count = digits.len();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else if d < 5 {
                2 * d
            } else {
                2 * d - 9
            }
        })
        .sum();
    if !sum.is_multiple_of(10) || count < 4 {
        return false;
    }
    let prefix = |n: usize| digits[..n].iter().fold(0, |acc, &d| acc * 10 + d);
    let (p1, p2, p4) = (prefix(1), prefix(2), prefix(4));
    if p1 == 4 {
        matches!(count, 13 | 16 | 18 | 19)
    } else if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) {
        count == 16
    } else if p2 == 34 || p2 == 37 {
        count == 15
    } else if p2 == 62 || p2 == 81 {
        count >= 16
    } else if (2200..=2204).contains(&p4) {
        count == 16
    } else {
        true
    }
}

fn find_bank_card_numbers(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let is_card_byte = |b: u8| b.is_ascii_digit() || b == b' ' || b == b'-';
    let mut result = Vec::new();
    let mut pos = 0;
    loop {
        while pos < bytes.len() && !bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos == bytes.len() {
            break;
        }
        if pos > 0 {
            let prev = char_before(text, pos);
            if matches!(prev, '.' | ',' | '+' | '-' | '_') || category(prev) == Category::Letter {
                while pos < bytes.len() && is_card_byte(bytes[pos]) {
                    pos += 1;
                }
                continue;
            }
        }
        let start = pos;
        let mut digits = 0;
        while pos < bytes.len() && is_card_byte(bytes[pos]) {
            if bytes[pos] == b' ' && (16..=19).contains(&digits) && digits == pos - start {
                break;
            }
            digits += usize::from(bytes[pos].is_ascii_digit());
            pos += 1;
        }
        if !(13..=19).contains(&digits) {
            continue;
        }
        let mut end = pos;
        while !bytes[end - 1].is_ascii_digit() {
            end -= 1;
        }
        if end - start > 2 * digits - 1 {
            continue;
        }
        if end != bytes.len() {
            let next = char_at(text, end);
            if next == '-' || next == '_' || category(next) == Category::Letter {
                continue;
            }
        }
        if is_valid_bank_card(&bytes[start..end]) {
            result.push(Found {
                start,
                end,
                kind: None,
            });
        }
    }
    result
}

#[cfg(test)]
#[path = "detect_tests.rs"]
mod tests;
