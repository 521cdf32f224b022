//! Whole-crate tests: the Bot API documentation examples end to end, and property tests
//! over many random and adversarial inputs.

use crate::*;

fn e(kind: EntityKind, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

/// A small deterministic generator (xorshift64*), so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that exercise every parser and detector.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    " ",
    "  ",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\0",
    "\u{1}",
    "\u{b}",
    "\\",
    "_",
    "__",
    "*",
    "**",
    "~",
    "|",
    "||",
    "`",
    "```",
    "```py\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    ">",
    "**>",
    "<",
    "</",
    "/>",
    "&",
    "&lt;",
    "&amp",
    "&#128512;",
    "&#xD83D;",
    "&#0;",
    "\"",
    "'",
    "=",
    "#",
    "$",
    "@",
    "/",
    ".",
    ",",
    ":",
    "-",
    "!",
    "😀",
    "👍🏽",
    "➡️",
    "é",
    "\u{301}",
    "\u{200f}",
    "\u{200e}",
    "\u{2028}",
    "\u{30a}",
    "\u{a0}",
    "\u{200b}",
    "ж",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<a href=\"",
    "<pre><code class=\"language-c\">",
    "</code></pre>",
    "<code>",
    "</code>",
    "<tg-spoiler>",
    "</tg-spoiler>",
    "<span class=\"tg-spoiler\">",
    "</span>",
    "<blockquote>",
    "<blockquote expandable>",
    "</blockquote>",
    "<tg-emoji emoji-id=\"5\">",
    "</tg-emoji>",
    "<tg-time unix=\"9\" format=\"wDt\">",
    "</tg-time>",
    "](",
    "](http://a.bc)",
    "](tg://user?id=7)",
    "](tg://emoji?id=3)",
    "](tg://time?unix=4&format=r)",
    "@durov",
    "/start",
    "/cmd@some_bot",
    "#tag",
    "$USD",
    "telegram.org",
    "http://x.com/a?b#c",
    "tg://resolve?domain=a",
    "a@b.co",
    "mailto:",
    "4111 1111 1111 1111",
    "xn--p1ai",
    ".рф",
];

fn random_text(rng: &mut Rng, max_pieces: usize) -> String {
    let count = rng.below(max_pieces + 1);
    (0..count).map(|_| *rng.pick(PIECES)).collect()
}

#[track_caller]
fn assert_well_formed(ft: &FormattedText, context: &str) {
    let units = utf16_len(&ft.text);
    let mut sorted = ft.entities.clone();
    sort_entities(&mut sorted);
    assert_eq!(sorted, ft.entities, "not sorted: {context}");
    for entity in &ft.entities {
        assert!(entity.length > 0, "empty entity {entity:?}: {context}");
        assert!(
            entity.offset + entity.length <= units,
            "entity {entity:?} out of text: {context}"
        );
        let prefix: Vec<u16> = ft
            .text
            .encode_utf16()
            .take(entity.offset as usize)
            .collect();
        assert!(
            String::from_utf16(&prefix).is_ok(),
            "entity {entity:?} starts inside a character: {context}"
        );
    }
}

fn is_style(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Bold
            | EntityKind::Italic
            | EntityKind::Underline
            | EntityKind::Strikethrough
            | EntityKind::Spoiler
    )
}

fn is_quote(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Blockquote | EntityKind::ExpandableBlockquote
    )
}

fn is_code(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Code | EntityKind::Pre { .. } | EntityKind::DateTime { .. }
    )
}

/// The nesting rules of <https://core.telegram.org/bots/api#formatting-options>.
#[track_caller]
fn assert_properly_nested(entities: &[MessageEntity], context: &str) {
    for (i, outer) in entities.iter().enumerate() {
        let outer_end = outer.offset + outer.length;
        for inner in &entities[i + 1..] {
            if inner.offset >= outer_end {
                continue;
            }
            let inner_end = inner.offset + inner.length;
            assert!(
                inner_end <= outer_end,
                "{outer:?} and {inner:?} overlap: {context}"
            );
            assert_ne!(outer.kind, inner.kind, "same kind nested: {context}");
            assert!(
                !is_code(&outer.kind),
                "{outer:?} contains {inner:?}: {context}"
            );
            if !is_style(&outer.kind) && !is_quote(&outer.kind) {
                assert!(
                    is_style(&inner.kind),
                    "{outer:?} contains {inner:?}: {context}"
                );
            }
            if is_quote(&outer.kind) {
                assert!(!is_quote(&inner.kind), "nested blockquotes: {context}");
            }
        }
    }
}

#[test]
fn bot_api_examples_end_to_end() {
    let html = "<b>bold</b>, <strong>bold</strong>\n<i>italic</i>, <em>italic</em>\n<a \
                href=\"http://www.example.com/\">inline URL</a>\n<code>inline fixed-width \
                code</code>\n";
    let parsed = parse(html, ParseMode::Html).unwrap();
    let stored = normalize_with(parsed, NormalizeOptions::message()).unwrap();
    assert_eq!(
        stored.text,
        "bold, bold\nitalic, italic\ninline URL\ninline fixed-width code"
    );
    assert_eq!(
        stored.entities,
        [
            e(EntityKind::Bold, 0, 4),
            e(EntityKind::Bold, 6, 4),
            e(EntityKind::Italic, 11, 6),
            e(EntityKind::Italic, 19, 6),
            e(
                EntityKind::TextLink {
                    url: "http://www.example.com/".into()
                },
                26,
                10
            ),
            e(EntityKind::Code, 37, 23),
        ]
    );

    let markdown = "*bold \\*text*\n_italic \\*text_\n__underline__\n~strikethrough~\n||spoiler||";
    let stored = normalize(parse(markdown, ParseMode::MarkdownV2).unwrap()).unwrap();
    assert_eq!(
        stored.text,
        "bold *text\nitalic *text\nunderline\nstrikethrough\nspoiler"
    );
    assert_eq!(
        stored.entities,
        [
            e(EntityKind::Bold, 0, 10),
            e(EntityKind::Italic, 11, 12),
            e(EntityKind::Underline, 24, 9),
            e(EntityKind::Strikethrough, 34, 13),
            e(EntityKind::Spoiler, 48, 7),
        ]
    );

    // nested styles come back cut at every inner boundary, as Telegram returns them
    let stored = normalize(parse("<b>a <i>b</i> c</b>", ParseMode::Html).unwrap()).unwrap();
    assert_eq!(
        stored.entities,
        [
            e(EntityKind::Bold, 0, 2),
            e(EntityKind::Bold, 2, 3),
            e(EntityKind::Italic, 2, 1),
        ]
    );

    let stored = normalize_with(
        parse("  `code with @mention` and @mention  ", ParseMode::Markdown).unwrap(),
        NormalizeOptions::message(),
    )
    .unwrap();
    assert_eq!(stored.text, "code with @mention and @mention");
    assert_eq!(
        stored.entities,
        [e(EntityKind::Code, 0, 18), e(EntityKind::Mention, 23, 8)]
    );
}

#[test]
fn random_inputs_never_panic_and_stay_well_formed() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..4000 {
        let text = random_text(&mut rng, 12);
        for mode in [ParseMode::Html, ParseMode::MarkdownV2, ParseMode::Markdown] {
            if let Ok(parsed) = parse(&text, mode) {
                let context = format!("{mode:?} {text:?}");
                assert_well_formed(&parsed, &context);
                for options in [
                    NormalizeOptions::default(),
                    NormalizeOptions::message(),
                    NormalizeOptions {
                        allow_empty: true,
                        skip_trim: true,
                        ..NormalizeOptions::message()
                    },
                ] {
                    if let Ok(stored) = normalize_with(parsed.clone(), options) {
                        assert_well_formed(&stored, &context);
                        assert_properly_nested(&stored.entities, &context);
                        let again = normalize_with(stored.clone(), options);
                        assert_eq!(again.as_ref(), Ok(&stored), "not idempotent: {context}");
                    }
                }
            }
        }
        let found = detect(&text);
        let ft = FormattedText {
            text: text.clone(),
            entities: found,
        };
        assert_well_formed(&ft, &text);
        assert_properly_nested(&ft.entities, &text);
        let merged = with_detected(FormattedText {
            text: text.clone(),
            entities: vec![],
        });
        assert_eq!(merged, ft, "round {round}");
    }
}

#[test]
fn every_prefix_and_suffix_of_tricky_inputs() {
    let inputs = [
        "<b>bold <i>italic <u>u</u> <s>s <tg-spoiler>x</tg-spoiler></s></i></b> &#128512; \
         <a href='tg://user?id=5'>m</a> <tg-emoji emoji-id=\"1\">👍</tg-emoji> <pre><code \
         class=\"language-rust\">fn</code></pre><blockquote expandable>q</blockquote>",
        "*b _i ~s ||p||~ __u___ b* [l](http://x.y/\\)) ![e](tg://emoji?id=1) `c` ```py\nz\n```\n\
         >q1\n>q2\n**>e1\n>e2||\n\\. \\! end",
        "*b* _i_ `c` ```\npre``` [l](x.com) [example.com] \\* \\_ 😀 @user #tag $TAG /cmd \
         telegram.org/path?(q) mail@example.com",
    ];
    for input in inputs {
        let cuts: Vec<usize> = input
            .char_indices()
            .map(|(i, _)| i)
            .chain([input.len()])
            .collect();
        for &cut in &cuts {
            for piece in [&input[..cut], &input[cut..]] {
                for mode in [ParseMode::Html, ParseMode::MarkdownV2, ParseMode::Markdown] {
                    if let Ok(parsed) = parse(piece, mode) {
                        assert_well_formed(&parsed, piece);
                        if let Ok(stored) = normalize_with(parsed, NormalizeOptions::message()) {
                            assert_well_formed(&stored, piece);
                            assert_properly_nested(&stored.entities, piece);
                        }
                    }
                }
                let _ = detect(piece);
            }
        }
    }
    for (input, mode) in
        inputs
            .iter()
            .zip([ParseMode::Html, ParseMode::MarkdownV2, ParseMode::Markdown])
    {
        assert!(parse(input, mode).is_ok(), "{mode:?} rejects {input:?}");
    }
}

/// TDLib's randomised `fix_formatted_text` test: random explicit entities over a text that
/// may contain a URL; style coverage must survive outside code, and the URL must be found
/// exactly when nothing but styles and an enclosing blockquote touches it.
#[test]
fn random_entities_follow_the_nesting_rules() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let kinds = [
        EntityKind::Email,
        EntityKind::Cashtag,
        EntityKind::PhoneNumber,
        EntityKind::Bold,
        EntityKind::Italic,
        EntityKind::Underline,
        EntityKind::Strikethrough,
        EntityKind::Spoiler,
        EntityKind::Code,
        EntityKind::Pre { language: None },
        EntityKind::Pre {
            language: Some("c".into()),
        },
        EntityKind::TextLink {
            url: "http://t.me/".into(),
        },
        EntityKind::TextMention { user_id: 5 },
        EntityKind::CustomEmoji {
            custom_emoji_id: "7".into(),
        },
        EntityKind::DateTime {
            unix_time: 9,
            date_time_format: None,
        },
        EntityKind::Blockquote,
        EntityKind::ExpandableBlockquote,
    ];
    for round in 0..20000 {
        let with_url = rng.below(2) == 0;
        let (text, url) = if with_url {
            let text = format!(
                "{}:example.com:{}",
                "a".repeat(1 + rng.below(5)),
                "a".repeat(1 + rng.below(5))
            );
            let start = text.find('e').unwrap_or(0) as u32;
            (text, Some(e(EntityKind::Url, start, 11)))
        } else {
            ("a".repeat(1 + rng.below(20)), None)
        };
        let size = text.len();
        let mut entities = Vec::new();
        for _ in 0..1 + rng.below(20) {
            let offset = rng.below(size);
            let mut max_length = size - offset;
            if round % 2 == 1 && max_length > 4 {
                max_length = 4;
            }
            let length = rng.below(max_length + 1);
            entities.push(e(rng.pick(&kinds).clone(), offset as u32, length as u32));
        }
        let styles_at = |entities: &[MessageEntity], pos: u32| -> Vec<&'static str> {
            let mut styles: Vec<&'static str> = entities
                .iter()
                .filter(|e| is_style(&e.kind) && e.offset <= pos && pos < e.offset + e.length)
                .map(|e| e.kind.bot_api_name())
                .collect();
            styles.sort_unstable();
            styles.dedup();
            styles
        };
        let options = NormalizeOptions {
            skip_bot_commands: true,
            ..NormalizeOptions::message()
        };
        let input = FormattedText {
            text: text.clone(),
            entities: entities.clone(),
        };
        let stored = normalize_with(input, options).expect("valid entities");
        let context = format!("{text:?} {entities:?} -> {:?}", stored.entities);
        assert_eq!(stored.text, text);
        assert_well_formed(&stored, &context);
        assert_properly_nested(&stored.entities, &context);
        for pos in 0..size as u32 {
            let in_code = stored
                .entities
                .iter()
                .any(|e| is_code(&e.kind) && e.offset <= pos && pos < e.offset + e.length);
            let after = styles_at(&stored.entities, pos);
            if in_code {
                assert!(after.is_empty(), "style inside code at {pos}: {context}");
            } else {
                assert_eq!(
                    after,
                    styles_at(&entities, pos),
                    "styles changed at {pos}: {context}"
                );
            }
        }
        if let Some(url) = url {
            let url_end = url.offset + url.length;
            let keep = stored.entities.iter().filter(|e| **e != url).all(|e| {
                is_style(&e.kind)
                    || e.offset + e.length <= url.offset
                    || url_end <= e.offset
                    || (is_quote(&e.kind)
                        && e.offset <= url.offset
                        && url_end <= e.offset + e.length)
            });
            let found = stored.entities.iter().filter(|e| **e == url).count();
            assert_eq!(found, usize::from(keep), "url: {context}");
        }
    }
}
