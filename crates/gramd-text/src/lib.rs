//! Formatted text: the message entities of Telegram and the ways to produce them.
//!
//! A message is plain text plus a list of [`MessageEntity`] spans whose offsets and lengths
//! count **UTF-16 code units**, as in both the Bot API
//! (<https://core.telegram.org/bots/api#messageentity>) and the TL schema
//! (<https://core.telegram.org/api/entities>).
//!
//! This crate has no I/O and no dependencies on the rest of gramd. It provides:
//! - the entity types ([`MessageEntity`], [`EntityKind`], [`FormattedText`]);
//! - the Bot API parse modes HTML, MarkdownV2 and legacy Markdown ([`parse`], [`ParseMode`],
//!   see <https://core.telegram.org/bots/api#formatting-options>), with Telegram's error
//!   texts ([`ParseError`]);
//! - detection of the entities Telegram finds by itself in text ([`detect`]): bot commands,
//!   mentions, hashtags, cashtags, URLs and e-mail addresses;
//! - normalisation of a formatted text as Telegram does before storing a message
//!   ([`normalize`], [`normalize_with`], [`with_detected`]);
//! - the URL checks behind text links ([`check_url`], [`mentioned_user_id`]).
//!
//! A Bot API `sendMessage` with `parse_mode` is, in these terms:
//!
//! ```
//! use gramd_text::{NormalizeOptions, ParseMode, normalize_with, parse};
//!
//! let mode = ParseMode::from_bot_api("HTML").unwrap().unwrap();
//! let parsed = parse("<b>Hi</b> @durov ", mode).unwrap();
//! let stored = normalize_with(parsed, NormalizeOptions::message()).unwrap();
//! assert_eq!(stored.text, "Hi @durov");
//! assert_eq!(stored.entities.len(), 2); // bold, mention
//! ```
//!
//! The rules are those of TDLib (<https://github.com/tdlib/td>, `td/telegram/MessageEntity.cpp`),
//! the library behind the official Bot API server, reimplemented from its observable
//! behaviour; the differences are listed in the module documentation where they exist. The
//! Unicode character classes come from a table generated from the Unicode Character
//! Database (`tools/gen_unicode_table.py`), and the known top-level domains from TDLib's
//! list, so the crate needs no dependency besides `serde`.

mod detect;
mod entity;
mod fix;
mod html;
mod link;
mod markdown;
mod markdown_v2;
mod normalize;
mod parse_mode;
mod tlds;
mod unicode;
mod unicode_table;
mod url;

pub use detect::{detect, detect_except_bot_commands};
pub use entity::{EntityKind, FormattedText, MessageEntity, utf16_len};
pub use fix::sort_entities;
pub use link::{InvalidUrl, UrlProblem, check_url, mentioned_user_id};
pub use normalize::{NormalizeError, NormalizeOptions, normalize, normalize_with, with_detected};
pub use parse_mode::{MarkupEntity, ParseError, ParseMode, UnsupportedParseMode, parse};

#[cfg(test)]
mod tests;
