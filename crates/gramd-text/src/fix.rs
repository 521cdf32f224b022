//! Ordering of entities and Telegram's rules for how they may nest.
//!
//! From <https://core.telegram.org/bots/api#formatting-options>: two entities either do not
//! overlap or one contains the other; bold, italic, underline, strikethrough and spoiler may
//! contain and be part of anything except pre and code; blockquotes do not nest; other
//! entities do not contain each other. [`fix_entities`] enforces this the way TDLib's
//! `fix_entities` does: overlapping "continuous" entities (links, mentions, code, ...) keep
//! the first; style entities are merged per style and cut at every boundary of another
//! entity, and dropped inside code, pre and date-time entities.

use std::cmp::Reverse;

use crate::entity::{EntityKind, MessageEntity};

/// Sort rank among entities with the same offset and length (TDLib's type priority).
fn priority(kind: &EntityKind) -> u8 {
    match kind {
        EntityKind::Blockquote | EntityKind::ExpandableBlockquote => 0,
        EntityKind::Pre { language: Some(_) } => 10,
        EntityKind::Pre { language: None } => 11,
        EntityKind::Code => 20,
        EntityKind::DateTime { .. } => 30,
        EntityKind::TextLink { .. } | EntityKind::TextMention { .. } => 49,
        EntityKind::Mention
        | EntityKind::Hashtag
        | EntityKind::Cashtag
        | EntityKind::BotCommand
        | EntityKind::Url
        | EntityKind::Email
        | EntityKind::PhoneNumber => 50,
        EntityKind::Bold => 90,
        EntityKind::Italic => 91,
        EntityKind::Underline => 92,
        EntityKind::Strikethrough => 93,
        EntityKind::Spoiler => 94,
        EntityKind::CustomEmoji { .. } => 99,
    }
}

/// Sorts entities as Telegram does: by offset, then longest first, then by a fixed order of
/// kinds (blockquote, pre, code, date-time, text links, detected entities, bold, italic,
/// underline, strikethrough, spoiler, custom emoji). The sort is stable.
pub fn sort_entities(entities: &mut [MessageEntity]) {
    entities.sort_by_key(|e| (e.offset, Reverse(e.length), priority(&e.kind)));
}

pub(crate) fn end(e: &MessageEntity) -> u64 {
    u64::from(e.offset) + u64::from(e.length)
}

/// Index of a style entity, in TDLib's order; `None` for other kinds.
fn style_index(kind: &EntityKind) -> Option<usize> {
    match kind {
        EntityKind::Bold => Some(0),
        EntityKind::Italic => Some(1),
        EntityKind::Underline => Some(2),
        EntityKind::Strikethrough => Some(3),
        EntityKind::Spoiler => Some(4),
        _ => None,
    }
}

fn style_kind(index: usize) -> EntityKind {
    match index {
        0 => EntityKind::Bold,
        1 => EntityKind::Italic,
        2 => EntityKind::Underline,
        3 => EntityKind::Strikethrough,
        _ => EntityKind::Spoiler,
    }
}

pub(crate) fn is_blockquote(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Blockquote | EntityKind::ExpandableBlockquote
    )
}

/// Code, pre and date-time entities: nothing may be nested inside them.
pub(crate) fn is_pre(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Code | EntityKind::Pre { .. } | EntityKind::DateTime { .. }
    )
}

/// One bit per entity type (pre with and without a language are different types).
fn type_bit(kind: &EntityKind) -> u32 {
    1 << match kind {
        EntityKind::Mention => 0,
        EntityKind::Hashtag => 1,
        EntityKind::BotCommand => 2,
        EntityKind::Url => 3,
        EntityKind::Email => 4,
        EntityKind::Bold => 5,
        EntityKind::Italic => 6,
        EntityKind::Code => 7,
        EntityKind::Pre { language: None } => 8,
        EntityKind::Pre { language: Some(_) } => 9,
        EntityKind::TextLink { .. } => 10,
        EntityKind::TextMention { .. } => 11,
        EntityKind::Cashtag => 12,
        EntityKind::PhoneNumber => 13,
        EntityKind::Underline => 14,
        EntityKind::Strikethrough => 15,
        EntityKind::Blockquote => 16,
        EntityKind::Spoiler => 19,
        EntityKind::CustomEmoji { .. } => 20,
        EntityKind::ExpandableBlockquote => 21,
        EntityKind::DateTime { .. } => 22,
    }
}

const STYLE_BITS: u32 = (1 << 5) | (1 << 6) | (1 << 14) | (1 << 15) | (1 << 19);
const BLOCKQUOTE_BITS: u32 = (1 << 16) | (1 << 21);
const CONTINUOUS_BITS: u32 = 0b1_1111 | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 20);
const PRE_BITS: u32 = (1 << 7) | (1 << 8) | (1 << 9) | (1 << 22);

/// Whether sorted `entities` already follow the nesting rules (and need no fixing).
fn are_valid(entities: &[MessageEntity]) -> bool {
    let mut style_end = [None::<u64>; 5];
    let mut stack: Vec<&MessageEntity> = Vec::new();
    let mut mask = 0u32;
    for e in entities {
        while let Some(top) = stack.last()
            && u64::from(e.offset) >= end(top)
        {
            mask &= !type_bit(&top.kind);
            stack.pop();
        }
        let bit = type_bit(&e.kind);
        // A nested entity must end inside its parent, differ in type from all its
        // ancestors, not be inside code, not be code inside anything but a blockquote, not be
        // a link-like entity or a blockquote inside a link-like entity, not be a nested
        // blockquote, and not be inside a style (styles are re-cut instead).
        if let Some(parent) = stack.last()
            && (end(e) > end(parent)
                || mask & bit != 0
                || bit & PRE_BITS != 0 && mask & !BLOCKQUOTE_BITS != 0
                || type_bit(&parent.kind) & PRE_BITS != 0
                || bit & (CONTINUOUS_BITS | BLOCKQUOTE_BITS) != 0 && mask & CONTINUOUS_BITS != 0
                || bit & BLOCKQUOTE_BITS != 0 && mask & BLOCKQUOTE_BITS != 0
                || mask & STYLE_BITS != 0)
        {
            return false;
        }
        if let Some(index) = style_index(&e.kind) {
            if style_end[index].is_some_and(|last_end| last_end >= u64::from(e.offset)) {
                return false;
            }
            style_end[index] = Some(end(e));
        }
        stack.push(e);
        mask |= bit;
    }
    true
}

/// Keeps, of sorted entities, each one that starts at or after the end of the last kept one.
fn remove_intersecting(entities: &mut Vec<MessageEntity>) {
    let mut last_end = 0u64;
    entities.retain(|e| {
        let keep = u64::from(e.offset) >= last_end;
        if keep {
            last_end = end(e);
        }
        keep
    });
}

/// Drops entities that cross a blockquote boundary (both lists sorted and non-overlapping).
fn remove_crossing_blockquotes(entities: &mut Vec<MessageEntity>, quotes: &[MessageEntity]) {
    let mut q = 0;
    entities.retain(|e| {
        while q < quotes.len() && end(&quotes[q]) <= u64::from(e.offset) {
            q += 1;
        }
        let Some(quote) = quotes.get(q) else {
            return true;
        };
        !(end(quote) < end(e) || (e.offset < quote.offset && u64::from(quote.offset) < end(e)))
    });
}

/// The style entities cut at the boundaries of the other entities, as TDLib's
/// `split_entities`: per style, touching or overlapping spans are merged; every start of a
/// style span and every start and end of another entity cuts all open spans; parts inside
/// code, pre and date-time entities are dropped.
struct Splitter<'a> {
    styles: &'a [MessageEntity],
    next: usize,
    begin: [u64; 5],
    end: [u64; 5],
    result: Vec<MessageEntity>,
}

impl Splitter<'_> {
    fn flush(&mut self, offset: u64) {
        for index in 0..5 {
            if self.end[index] != 0 && self.begin[index] < offset {
                let cut = self.end[index].min(offset);
                self.result.push(MessageEntity {
                    kind: style_kind(index),
                    offset: self.begin[index] as u32,
                    length: (cut - self.begin[index]) as u32,
                });
                if self.end[index] <= offset {
                    self.begin[index] = 0;
                    self.end[index] = 0;
                } else {
                    self.begin[index] = offset;
                }
            }
        }
    }

    fn advance_to(&mut self, offset: u64) {
        while let Some(e) = self.styles.get(self.next)
            && u64::from(e.offset) < offset
        {
            let index = style_index(&e.kind).unwrap_or(4);
            let (start, stop) = (u64::from(e.offset), end(e));
            if self.end[index] != 0 && start <= self.end[index] {
                self.end[index] = self.end[index].max(stop);
            } else {
                self.flush(start);
                self.begin[index] = start;
                self.end[index] = stop;
            }
            self.next += 1;
        }
        self.flush(offset);
    }
}

fn split_styles(styles: &[MessageEntity], others: &[MessageEntity]) -> Vec<MessageEntity> {
    let mut splitter = Splitter {
        styles,
        next: 0,
        begin: [0; 5],
        end: [0; 5],
        result: Vec::new(),
    };
    let mut stack: Vec<&MessageEntity> = Vec::new();
    let boundary = |splitter: &mut Splitter<'_>, stack: &mut Vec<&MessageEntity>, at: u64| {
        while let Some(top) = stack.last()
            && at >= end(top)
        {
            let before = splitter.result.len();
            splitter.advance_to(end(top));
            if is_pre(&top.kind) {
                splitter.result.truncate(before);
            }
            stack.pop();
        }
        splitter.advance_to(at);
    };
    for other in others {
        boundary(&mut splitter, &mut stack, u64::from(other.offset));
        stack.push(other);
    }
    boundary(&mut splitter, &mut stack, u64::MAX);
    let mut result = splitter.result;
    sort_entities(&mut result);
    result
}

fn resplit(styles: &[MessageEntity], mut others: Vec<MessageEntity>) -> Vec<MessageEntity> {
    if styles.is_empty() {
        return others;
    }
    others.extend(split_styles(styles, &others));
    sort_entities(&mut others);
    others
}

/// Splits entities into (continuous and pre, blockquotes, styles), keeping the order.
fn partition(
    entities: Vec<MessageEntity>,
) -> (Vec<MessageEntity>, Vec<MessageEntity>, Vec<MessageEntity>) {
    let (mut continuous, mut quotes, mut styles) = (Vec::new(), Vec::new(), Vec::new());
    for e in entities {
        if style_index(&e.kind).is_some() {
            styles.push(e);
        } else if is_blockquote(&e.kind) {
            quotes.push(e);
        } else {
            continuous.push(e);
        }
    }
    (continuous, quotes, styles)
}

/// Sorts entities and makes them follow Telegram's nesting rules (TDLib's `fix_entities`).
/// Entities must be non-empty and within the text.
pub(crate) fn fix_entities(entities: &mut Vec<MessageEntity>) {
    sort_entities(entities);
    if are_valid(entities) {
        return;
    }
    let (mut continuous, mut quotes, styles) = partition(std::mem::take(entities));
    remove_intersecting(&mut continuous);
    if !quotes.is_empty() {
        remove_intersecting(&mut quotes);
        remove_crossing_blockquotes(&mut continuous, &quotes);
        continuous.append(&mut quotes);
        sort_entities(&mut continuous);
    }
    *entities = resplit(&styles, continuous);
}

/// Adds detected entities to fixed `entities` where they fit (TDLib's `merge_new_entities`):
/// a detected entity is dropped if it overlaps an explicit non-style entity or crosses a
/// blockquote boundary; style entities are re-cut around the added ones.
pub(crate) fn merge_new_entities(entities: &mut Vec<MessageEntity>, mut found: Vec<MessageEntity>) {
    if found.is_empty() {
        return;
    }
    let (continuous, mut quotes, styles) = partition(std::mem::take(entities));
    remove_crossing_blockquotes(&mut found, &quotes);

    let mut merged = Vec::with_capacity(continuous.len() + found.len());
    let mut found = found.into_iter().peekable();
    for old in continuous {
        while let Some(new) = found.next_if(|new| end(new) <= u64::from(old.offset)) {
            merged.push(new);
        }
        let old_end = end(&old);
        merged.push(old);
        while found
            .next_if(|new| u64::from(new.offset) < old_end)
            .is_some()
        {}
    }
    merged.extend(found);

    if !quotes.is_empty() {
        merged.append(&mut quotes);
        sort_entities(&mut merged);
    }
    *entities = resplit(&styles, merged);
}

#[cfg(test)]
#[path = "fix_tests.rs"]
mod tests;
