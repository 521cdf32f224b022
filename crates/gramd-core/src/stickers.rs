//! Sticker sets: a user's named collection of stickers (regular, mask or custom emoji),
//! created by the user or by a bot on the user's behalf, as Telegram has them
//! (<https://core.telegram.org/stickers>, <https://core.telegram.org/bots/api#stickers>).
//!
//! A sticker in a set is a document of kind [`DocumentKind::Sticker`] whose
//! [`StickerSetLink`] names the set, the sticker type and (for masks) its position; the set
//! keeps the list of its stickers in order with each one's emoji and keywords. A custom
//! emoji's id is its document's id.
//!
//! The rules here are Telegram's: names of 1-64 English letters, digits and underscores
//! beginning with a letter, without consecutive underscores, ending in
//! `_by_<bot username>` when a bot creates the set (`PACK_SHORT_NAME_INVALID`); titles of
//! 1-64 characters (`PACK_TITLE_INVALID`); 1-20 emoji per sticker
//! (`STICKER_EMOJI_INVALID`); 0-20 keywords of 64 characters in all; up to 120 stickers in
//! a regular or mask set and 200 in a custom emoji set (`STICKERS_TOO_MUCH`); static
//! stickers of 512 pixels on their longer side (100x100 for custom emoji;
//! `STICKER_PNG_DIMENSIONS`).

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::media::{Document, DocumentKind, StickerFormat};

/// Longest set name and title, in characters.
pub const MAX_NAME_LENGTH: usize = 64;
/// Most emoji a sticker may stand for.
pub const MAX_EMOJI: usize = 20;
/// Most keywords a sticker may have.
pub const MAX_KEYWORDS: usize = 20;
/// Most characters the keywords of one sticker may have together.
pub const MAX_KEYWORDS_LENGTH: usize = 64;
/// Most stickers in a regular or mask set.
pub const MAX_REGULAR_STICKERS: usize = 120;
/// Most stickers in a custom emoji set.
pub const MAX_CUSTOM_EMOJI_STICKERS: usize = 200;
/// Side of a static regular or mask sticker's longer edge, in pixels.
pub const STICKER_SIDE: u32 = 512;
/// Side of a static custom emoji sticker (and of a set thumbnail), in pixels.
pub const CUSTOM_EMOJI_SIDE: u32 = 100;

/// The kind of stickers a set holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StickerType {
    /// Ordinary stickers.
    #[default]
    Regular,
    /// Masks, placed on faces in photos.
    Mask,
    /// Custom emoji, used inside text.
    CustomEmoji,
}

impl StickerType {
    /// Telegram's name of the type (`regular`, `mask`, `custom_emoji`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Mask => "mask",
            Self::CustomEmoji => "custom_emoji",
        }
    }

    /// The type of this name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "regular" => Some(Self::Regular),
            "mask" => Some(Self::Mask),
            "custom_emoji" => Some(Self::CustomEmoji),
            _ => None,
        }
    }

    /// Most stickers a set of this type may hold.
    #[must_use]
    pub fn max_stickers(self) -> usize {
        match self {
            Self::CustomEmoji => MAX_CUSTOM_EMOJI_STICKERS,
            Self::Regular | Self::Mask => MAX_REGULAR_STICKERS,
        }
    }
}

/// The part of a face a mask is placed relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaskPoint {
    /// The forehead.
    Forehead,
    /// The eyes.
    Eyes,
    /// The mouth.
    Mouth,
    /// The chin.
    Chin,
}

impl MaskPoint {
    /// Every point, in the order of their TL numbers (`maskCoords.n`).
    pub const ALL: [Self; 4] = [Self::Forehead, Self::Eyes, Self::Mouth, Self::Chin];

    /// The Bot API name (`forehead`, `eyes`, `mouth`, `chin`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Forehead => "forehead",
            Self::Eyes => "eyes",
            Self::Mouth => "mouth",
            Self::Chin => "chin",
        }
    }

    /// The TL number (`maskCoords.n`).
    #[must_use]
    pub fn number(self) -> i32 {
        match self {
            Self::Forehead => 0,
            Self::Eyes => 1,
            Self::Mouth => 2,
            Self::Chin => 3,
        }
    }
}

/// Where a mask goes on a face.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaskPosition {
    /// The part of the face.
    pub point: MaskPoint,
    /// Shift along X in mask widths.
    pub x_shift: f64,
    /// Shift along Y in mask heights.
    pub y_shift: f64,
    /// Scaling factor.
    pub scale: f64,
}

// `MaskPosition::new` refuses values that are not finite, so equality is reflexive.
impl Eq for MaskPosition {}

impl MaskPosition {
    /// A mask position; `None` when a shift or the scale is not a finite number.
    #[must_use]
    pub fn new(point: MaskPoint, x_shift: f64, y_shift: f64, scale: f64) -> Option<Self> {
        [x_shift, y_shift, scale]
            .iter()
            .all(|v| v.is_finite())
            .then_some(Self {
                point,
                x_shift,
                y_shift,
                scale,
            })
    }
}

/// What a sticker document records of the set it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickerSetLink {
    /// The set's id.
    pub set_id: i64,
    /// The set's name (names never change).
    pub set_name: String,
    /// The set's type.
    pub sticker_type: StickerType,
    /// A mask's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask_position: Option<MaskPosition>,
    /// A custom emoji recoloured to the text colour.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_repainting: bool,
}

/// One sticker of a set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSticker {
    /// The sticker's document, linked to the set.
    pub document: Document,
    /// The emoji it stands for, 1-20.
    pub emoji: Vec<String>,
    /// Search keywords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

impl SetSticker {
    /// The document's id (a custom emoji's id).
    #[must_use]
    pub fn id(&self) -> i64 {
        self.document.id
    }

    /// The set link of its document.
    #[must_use]
    pub fn link(&self) -> Option<&StickerSetLink> {
        match &self.document.kind {
            DocumentKind::Sticker { set, .. } => set.as_deref(),
            _ => None,
        }
    }

    /// Its emoji joined, as Telegram's `alt` and `stickerPack` keep them.
    #[must_use]
    pub fn emoji_text(&self) -> String {
        self.emoji.concat()
    }
}

/// A sticker set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickerSet {
    /// Its id (random, as Telegram's).
    pub id: i64,
    /// Its short name, unique case-insensitively (`t.me/addstickers/<name>`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// The type of its stickers.
    pub sticker_type: StickerType,
    /// Custom emoji are recoloured to the text colour.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_repainting: bool,
    /// The user who owns it.
    pub owner: UserId,
    /// The bot that created it (and may edit it), if a bot did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<UserId>,
    /// Its stickers, in order.
    pub stickers: Vec<SetSticker>,
    /// A thumbnail of its own (a regular or mask set's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Document>,
    /// The custom emoji shown as its thumbnail (a custom emoji set's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_custom_emoji: Option<i64>,
    /// Counts changes; Telegram's `hash` and `thumb_version` come from it.
    #[serde(default)]
    pub version: i32,
    /// When it was created.
    pub created_at: i64,
}

impl StickerSet {
    /// Where the sticker with this document id is in the set.
    #[must_use]
    pub fn position_of(&self, document_id: i64) -> Option<usize> {
        self.stickers.iter().position(|s| s.id() == document_id)
    }

    /// The link its stickers' documents carry, for a mask at `mask_position`.
    #[must_use]
    pub fn link(&self, mask_position: Option<MaskPosition>) -> StickerSetLink {
        StickerSetLink {
            set_id: self.id,
            set_name: self.name.clone(),
            sticker_type: self.sticker_type,
            mask_position: mask_position.filter(|_| self.sticker_type == StickerType::Mask),
            needs_repainting: self.needs_repainting,
        }
    }

    /// Whether a sticker with the same file is in the set already.
    #[must_use]
    pub fn has_file(&self, document: &Document) -> bool {
        self.stickers
            .iter()
            .any(|s| s.document.file.hash == document.file.hash)
    }
}

/// Checks a set name: 1-64 English letters, digits and underscores, beginning with a
/// letter, without two underscores in a row or one at the end; a bot's set ends in
/// `_by_<bot username>` (case-insensitively).
#[must_use]
pub fn is_valid_set_name(name: &str, bot_username: Option<&str>) -> bool {
    let shape_ok = (1..=MAX_NAME_LENGTH).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.as_bytes()[0].is_ascii_alphabetic()
        && !name.contains("__")
        && !name.ends_with('_');
    let suffix_ok = bot_username.is_none_or(|bot| {
        let suffix = format!("_by_{}", bot.to_ascii_lowercase());
        name.len() > suffix.len() && name.to_ascii_lowercase().ends_with(&suffix)
    });
    shape_ok && suffix_ok
}

/// A title as Telegram keeps it: trimmed and cut to 64 characters; `None` if empty.
#[must_use]
pub fn clean_title(title: &str) -> Option<String> {
    let title: String = title.trim().chars().take(MAX_NAME_LENGTH).collect();
    let title = title.trim_end().to_owned();
    (!title.is_empty()).then_some(title)
}

/// Whether the emoji of a sticker are acceptable: 1-20 of them, each one emoji.
#[must_use]
pub fn emoji_are_valid(emoji: &[String]) -> bool {
    (1..=MAX_EMOJI).contains(&emoji.len()) && emoji.iter().all(|e| is_emoji(e))
}

/// Keywords as Telegram keeps them: trimmed, empty ones dropped, commas and line breaks
/// made spaces; `None` when there are more than 20 or longer than 64 characters together.
#[must_use]
pub fn clean_keywords(keywords: &[String]) -> Option<Vec<String>> {
    let cleaned: Vec<String> = keywords
        .iter()
        .map(|k| k.replace([',', '\n'], " ").trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    let length: usize = cleaned.iter().map(|k| k.chars().count()).sum();
    (cleaned.len() <= MAX_KEYWORDS && length <= MAX_KEYWORDS_LENGTH).then_some(cleaned)
}

/// Whether `text` is one emoji (a single pictograph with its modifiers, a ZWJ sequence, a
/// flag or a keycap).
///
/// This is gramd's approximation of Unicode's emoji property, by code point ranges: it
/// accepts every emoji and refuses letters, digits alone, punctuation and text longer
/// than one emoji sequence.
#[must_use]
pub fn is_emoji(text: &str) -> bool {
    let split = split_emoji(text);
    split.len() == 1 && split[0] == text
}

/// Splits text made of emoji into the emoji (`😀👍🏽🇺🇦` into three); what is not an
/// emoji ends the split (it returns what came before).
#[must_use]
pub fn split_emoji(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        if is_regional_indicator(c) {
            if chars.get(i + 1).copied().is_some_and(is_regional_indicator) {
                i += 2;
            } else {
                break;
            }
        } else if c.is_ascii_digit() || c == '#' || c == '*' {
            // A keycap: the character, an optional VS16, then U+20E3.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\u{FE0F}') {
                j += 1;
            }
            if chars.get(j) == Some(&'\u{20E3}') {
                i = j + 1;
            } else {
                break;
            }
        } else if is_pictograph(c) {
            i += 1;
            loop {
                match chars.get(i) {
                    Some(&m) if is_modifier(m) => i += 1,
                    Some('\u{200D}') if chars.get(i + 1).copied().is_some_and(is_pictograph) => {
                        i += 2;
                    }
                    _ => break,
                }
            }
            // Subdivision flags: a black flag followed by tag characters.
            while chars
                .get(i)
                .is_some_and(|t| ('\u{E0020}'..='\u{E007F}').contains(t))
            {
                i += 1;
            }
        } else {
            break;
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_modifier(c: char) -> bool {
    c == '\u{FE0F}' || c == '\u{20E3}' || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21AA}' | '\u{231A}'..='\u{23FF}' | '\u{24C2}'
        | '\u{25AA}'..='\u{25FE}' | '\u{2600}'..='\u{27BF}' | '\u{2934}' | '\u{2935}'
        | '\u{2B05}'..='\u{2B55}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{1F000}'..='\u{1FAFF}')
        && !is_regional_indicator(c)
        && !('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// The MIME type of a sticker file of this format.
#[must_use]
pub fn mime_type(format: StickerFormat) -> &'static str {
    match format {
        StickerFormat::Static => "image/webp",
        StickerFormat::Animated => "application/x-tgsticker",
        StickerFormat::Video => "video/webm",
    }
}

/// Whether bytes look like a file of the format: a gzip stream for an animated (`.tgs`)
/// sticker, a Matroska/WebM (EBML) file for a video one. Static stickers are checked by
/// decoding them.
#[must_use]
pub fn has_format_signature(bytes: &[u8], format: StickerFormat) -> bool {
    match format {
        StickerFormat::Static => true,
        StickerFormat::Animated => bytes.starts_with(&[0x1f, 0x8b]),
        StickerFormat::Video => bytes.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]),
    }
}

/// Whether a static sticker's size suits a set of `sticker_type`: 100x100 for custom
/// emoji, else 512 pixels on one side and at most 512 on the other.
#[must_use]
pub fn static_size_fits(sticker_type: StickerType, width: u32, height: u32) -> bool {
    match sticker_type {
        StickerType::CustomEmoji => width == CUSTOM_EMOJI_SIDE && height == CUSTOM_EMOJI_SIDE,
        StickerType::Regular | StickerType::Mask => {
            width.max(height) == STICKER_SIDE && width.min(height) >= 1
        }
    }
}

/// Largest sticker file of a format and type, in bytes (TDLib's limits: 512 KB static,
/// 128 KB static custom emoji, 64 KB animated, 256 KB video, 64 KB video custom emoji).
#[must_use]
pub fn max_file_size(format: StickerFormat, sticker_type: StickerType) -> u64 {
    let custom = sticker_type == StickerType::CustomEmoji;
    match format {
        StickerFormat::Static if custom => 128 << 10,
        StickerFormat::Static => 512 << 10,
        StickerFormat::Animated => 64 << 10,
        StickerFormat::Video if custom => 64 << 10,
        StickerFormat::Video => 256 << 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_names_follow_telegrams_rules() {
        assert!(is_valid_set_name("animals_by_MyBot", Some("mybot")));
        assert!(is_valid_set_name("a1_by_mybot", Some("MyBot")));
        assert!(!is_valid_set_name("animals", Some("mybot")), "no suffix");
        assert!(
            !is_valid_set_name("_by_mybot", Some("mybot")),
            "nothing before it"
        );
        assert!(!is_valid_set_name("animals_by_otherbot", Some("mybot")));
        assert!(!is_valid_set_name("1animals_by_mybot", Some("mybot")));
        assert!(!is_valid_set_name("ani__mals_by_mybot", Some("mybot")));
        assert!(!is_valid_set_name("ani-mals_by_mybot", Some("mybot")));
        assert!(is_valid_set_name("animals", None), "people need no suffix");
        assert!(!is_valid_set_name("animals_", None));
        assert!(!is_valid_set_name("", None));
        assert!(!is_valid_set_name(&"a".repeat(65), None));
    }

    #[test]
    fn emoji_are_told_from_text() {
        for emoji in ["😀", "👍🏽", "🇺🇦", "1️⃣", "❤️", "👨‍👩‍👧", "🏴‍☠️", "✈️"]
        {
            assert!(is_emoji(emoji), "{emoji}");
        }
        for text in ["a", "1", "😀😀", "😀a", "", ":)", "🇺"] {
            assert!(!is_emoji(text), "{text:?}");
        }
        assert_eq!(split_emoji("😀👍🏽🇺🇦"), ["😀", "👍🏽", "🇺🇦"]);
        assert!(emoji_are_valid(&["😀".into()]));
        assert!(!emoji_are_valid(&[]));
        assert!(!emoji_are_valid(&vec!["😀".to_owned(); 21]));
    }

    #[test]
    fn keywords_are_cleaned_and_limited() {
        assert_eq!(
            clean_keywords(&[" cat ".into(), "a,b".into(), String::new()]),
            Some(vec!["cat".to_owned(), "a b".to_owned()])
        );
        assert_eq!(clean_keywords(&vec!["k".to_owned(); 21]), None);
        assert_eq!(clean_keywords(&["x".repeat(65)]), None);
        assert!(clean_keywords(&["x".repeat(64)]).is_some());
    }

    #[test]
    fn titles_are_trimmed_and_cut() {
        assert_eq!(clean_title("  Cats "), Some("Cats".to_owned()));
        assert_eq!(clean_title("   "), None);
        assert_eq!(clean_title(&"t".repeat(70)).unwrap().len(), 64);
    }

    #[test]
    fn static_sizes_depend_on_the_type() {
        assert!(static_size_fits(StickerType::Regular, 512, 300));
        assert!(!static_size_fits(StickerType::Regular, 500, 300));
        assert!(static_size_fits(StickerType::CustomEmoji, 100, 100));
        assert!(!static_size_fits(StickerType::CustomEmoji, 512, 512));
    }

    #[test]
    fn mask_positions_are_finite() {
        assert!(MaskPosition::new(MaskPoint::Eyes, 0.5, -1.0, 2.0).is_some());
        assert!(MaskPosition::new(MaskPoint::Eyes, f64::NAN, 0.0, 1.0).is_none());
        assert!(MaskPosition::new(MaskPoint::Eyes, 0.0, 0.0, f64::INFINITY).is_none());
    }
}
