//! The legacy Bot API `Markdown` parse mode
//! (<https://core.telegram.org/bots/api#markdown-style>).
//!
//! `*bold*`, `_italic_`, `` `code` ``, ```` ```lang ```` blocks and `[text](url)` links;
//! entities do not nest (marks inside an entity are plain text), and `\` escapes only
//! `_`, `*`, `` ` `` and `[` outside entities. There is one error, an entity left open.
//!
//! The behaviour is TDLib's `parse_markdown` (`td/telegram/MessageEntity.cpp`), including a
//! quirk: a link written `[text]` without `(url)` takes its URL from the bytes after `[` in
//! TDLib's buffer, which the output has partly overwritten by then (so `[example.com]` at
//! the start of a message links to `http://xample.comm/`). A URL that this makes invalid
//! UTF-8 drops the link.

use crate::entity::{EntityKind, FormattedText, MessageEntity};
use crate::link::{self, LinkTarget};
use crate::parse_mode::ParseError;
use crate::unicode::{is_char_start, is_space_byte, utf16_units_of_lead};

/// Parses legacy-Markdown-style marked-up text.
pub(crate) fn parse_markdown(text: &str) -> Result<FormattedText, ParseError> {
    let src = text.as_bytes();
    let at = |i: usize| src.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(src.len());
    let mut entities = Vec::new();
    let mut units: u32 = 0;
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'\\' && matches!(at(i + 1), b'_' | b'*' | b'`' | b'[') {
            out.push(src[i + 1]);
            units += 1;
            i += 2;
            continue;
        }
        if !matches!(c, b'_' | b'*' | b'`' | b'[') {
            if is_char_start(c) {
                units += utf16_units_of_lead(c);
            }
            out.push(c);
            i += 1;
            continue;
        }

        let start = i;
        let end_mark = if c == b'[' { b']' } else { c };
        let mut language = None;
        let is_pre = c == b'`' && at(i + 1) == b'`' && at(i + 2) == b'`';
        i += 1;
        if is_pre {
            i += 2;
            let mut language_end = i;
            while !is_space_byte(at(language_end)) && at(language_end) != b'`' {
                language_end += 1;
            }
            if i != language_end && language_end < src.len() && at(language_end) != b'`' {
                language = Some(String::from_utf8_lossy(&src[i..language_end]).into_owned());
                i = language_end;
            }
            if matches!(at(i), b'\n' | b'\r') {
                let pair = matches!(at(i + 1), b'\n' | b'\r') && at(i) != at(i + 1);
                i += if pair { 2 } else { 1 };
            }
        }

        let offset = units;
        while i < src.len()
            && (src[i] != end_mark || (is_pre && !(at(i + 1) == b'`' && at(i + 2) == b'`')))
        {
            if is_char_start(src[i]) {
                units += utf16_units_of_lead(src[i]);
            }
            out.push(src[i]);
            i += 1;
        }
        if i >= src.len() {
            return Err(ParseError::UnclosedLegacyEntity { byte_offset: start });
        }

        if units != offset {
            let length = units - offset;
            let kind = match c {
                b'_' => Some(EntityKind::Italic),
                b'*' => Some(EntityKind::Bold),
                b'[' => {
                    let url: Vec<u8> = if at(i + 1) == b'(' {
                        let url_start = i + 2;
                        i = url_start
                            + src[url_start.min(src.len())..]
                                .iter()
                                .take_while(|&&b| b != b')')
                                .count();
                        src[url_start.min(src.len())..i].to_vec()
                    } else {
                        // TDLib reads the URL back from its buffer, where the output so far
                        // has overwritten the input.
                        (start + 1..i)
                            .map(|k| out.get(k).copied().unwrap_or(src[k]))
                            .collect()
                    };
                    match link::link_target(&url) {
                        Some(LinkTarget::User(user_id)) => {
                            Some(EntityKind::TextMention { user_id })
                        }
                        Some(LinkTarget::Url(url)) => Some(EntityKind::TextLink { url }),
                        None => None,
                    }
                }
                _ if is_pre => Some(EntityKind::Pre { language }),
                _ => Some(EntityKind::Code),
            };
            if let Some(kind) = kind {
                entities.push(MessageEntity {
                    kind,
                    offset,
                    length,
                });
            }
        }
        if is_pre {
            i += 2;
        }
        i += 1;
    }
    let text =
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    Ok(FormattedText { text, entities })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityKind as K;

    fn e(kind: K, offset: u32, length: u32) -> MessageEntity {
        MessageEntity {
            kind,
            offset,
            length,
        }
    }

    #[track_caller]
    fn ok(input: &str, text: &str, entities: &[MessageEntity]) {
        let ft = parse_markdown(input).unwrap_or_else(|error| panic!("{input:?}: {error}"));
        assert_eq!(
            (ft.text.as_str(), ft.entities.as_slice()),
            (text, entities),
            "{input:?}"
        );
    }

    #[track_caller]
    fn err(input: &str, message: &str) {
        match parse_markdown(input) {
            Ok(ft) => panic!("{input:?} parsed as {ft:?}"),
            Err(error) => assert_eq!(error.to_string(), message, "{input:?}"),
        }
    }

    #[test]
    fn documented_examples() {
        ok("*bold text*", "bold text", &[e(K::Bold, 0, 9)]);
        ok("_italic text_", "italic text", &[e(K::Italic, 0, 11)]);
        ok(
            "[inline URL](http://www.example.com/)",
            "inline URL",
            &[e(
                K::TextLink {
                    url: "http://www.example.com/".into(),
                },
                0,
                10,
            )],
        );
        ok(
            "[inline mention of a user](tg://user?id=123456789)",
            "inline mention of a user",
            &[e(K::TextMention { user_id: 123456789 }, 0, 24)],
        );
        ok(
            "`inline fixed-width code`",
            "inline fixed-width code",
            &[e(K::Code, 0, 23)],
        );
        ok(
            "```\npre-formatted```",
            "pre-formatted",
            &[e(K::Pre { language: None }, 0, 13)],
        );
        ok(
            "```python\nprint(1)\n```",
            "print(1)\n",
            &[e(
                K::Pre {
                    language: Some("python".into()),
                },
                0,
                9,
            )],
        );
        ok(
            "_snake_\\__case_",
            "snake_case",
            &[e(K::Italic, 0, 5), e(K::Italic, 6, 4)],
        );
        ok(
            "*2*\\**2=4*",
            "2*2=4",
            &[e(K::Bold, 0, 1), e(K::Bold, 2, 3)],
        );
    }

    #[test]
    fn no_nesting_and_escapes() {
        ok("*a _b_ c*", "a _b_ c", &[e(K::Bold, 0, 7)]);
        ok("`a\\`", "a\\", &[e(K::Code, 0, 2)]);
        ok("\\_\\*\\`\\[\\a\\", "_*`[\\a\\", &[]);
        ok("a]b)c!.", "a]b)c!.", &[]);
        ok("**", "", &[]);
        ok("[](http://x.com)", "(http://x.com)", &[]);
        ok("😀*😀*", "😀😀", &[e(K::Bold, 2, 2)]);
        ok("``````", "", &[]);
        ok("```py```", "py", &[e(K::Pre { language: None }, 0, 2)]);
        ok(
            "[a](b.c",
            "a",
            &[e(
                K::TextLink {
                    url: "http://b.c/".into(),
                },
                0,
                1,
            )],
        );
    }

    #[test]
    fn link_without_url_quirk() {
        let link = |url: &str| K::TextLink { url: url.into() };
        ok(
            "[example.com]",
            "example.com",
            &[e(link("http://xample.comm/"), 0, 11)],
        );
        ok(
            "*b*[example.com]",
            "bexample.com",
            &[e(K::Bold, 0, 1), e(link("http://mple.comcom/"), 1, 11)],
        );
        ok("[abc]", "abc", &[]);
    }

    #[test]
    fn errors() {
        err(
            "*bold",
            "Can't find end of the entity starting at byte offset 0",
        );
        err(
            "😀 _x",
            "Can't find end of the entity starting at byte offset 5",
        );
        err(
            "a [b](c)`",
            "Can't find end of the entity starting at byte offset 8",
        );
        err(
            "```\ncode``",
            "Can't find end of the entity starting at byte offset 0",
        );
        err(
            "[a",
            "Can't find end of the entity starting at byte offset 0",
        );
    }

    #[test]
    fn never_panics() {
        let sample = "*b* _i_ `c` ```py\nx``` [l](tg://user?id=1) [é🏟] \\_ \\ \0 [x](";
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            for (start, _) in sample[..end].char_indices() {
                let _ = parse_markdown(&sample[start..end]);
            }
        }
    }
}
