use super::*;
use crate::entity::EntityKind as K;

fn e(kind: K, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

fn link() -> K {
    K::TextLink {
        url: "t.me".to_owned(),
    }
}

fn mention() -> K {
    K::TextMention { user_id: 1 }
}

/// TDLib's test defaults: empty allowed, no trimming, entities detected.
fn loose() -> NormalizeOptions {
    NormalizeOptions {
        allow_empty: true,
        skip_trim: true,
        detect_entities: true,
        skip_bot_commands: false,
    }
}

/// The options of a message: trimmed, non-empty, entities detected.
fn strict() -> NormalizeOptions {
    NormalizeOptions::message()
}

fn run(
    text: &str,
    entities: &[MessageEntity],
    options: NormalizeOptions,
) -> Result<FormattedText, NormalizeError> {
    normalize_with(
        FormattedText {
            text: text.to_owned(),
            entities: entities.to_vec(),
        },
        options,
    )
}

#[track_caller]
fn ok(
    text: &str,
    entities: &[MessageEntity],
    options: NormalizeOptions,
    expected: &str,
    expected_entities: &[MessageEntity],
) {
    match run(text, entities, options) {
        Ok(ft) => {
            assert_eq!(ft.text, expected, "{text:?} {entities:?}");
            assert_eq!(ft.entities, expected_entities, "{text:?} {entities:?}");
        }
        Err(error) => panic!("{text:?} {entities:?}: {error}"),
    }
}

#[track_caller]
fn fails(text: &str, entities: &[MessageEntity], options: NormalizeOptions) -> NormalizeError {
    match run(text, entities, options) {
        Ok(ft) => panic!("{text:?} {entities:?} accepted as {ft:?}"),
        Err(error) => error,
    }
}

/// The UTF-16 units `start..start + length` of `s`.
fn utf16_substr(s: &str, start: usize, length: usize) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    String::from_utf16(&units[start..start + length]).unwrap_or_default()
}

#[test]
fn control_characters_and_blank_texts() {
    let controls: String = (0u8..=32).map(char::from).collect();
    let fixed: String = (0u8..=32)
        .filter(|&c| c != b'\r')
        .map(|c| if c == b'\n' { '\n' } else { ' ' })
        .collect();
    for options in [
        loose(),
        NormalizeOptions {
            allow_empty: true,
            ..strict()
        },
    ] {
        ok(&controls, &[], options, "", &[]);
    }
    assert_eq!(fails(&controls, &[], strict()), NormalizeError::EmptyText);
    assert_eq!(
        fails(&controls, &[], NormalizeOptions::default()).to_string(),
        "Text must be non-empty"
    );
    ok("  aba\n ", &[], loose(), "  aba\n ", &[]);
    ok(
        "  aba\n ",
        &[],
        NormalizeOptions {
            allow_empty: true,
            ..strict()
        },
        "aba",
        &[],
    );
    ok("  \n ", &[], loose(), "", &[]);
    assert_eq!(fails("  \n ", &[], strict()), NormalizeError::EmptyText);
    assert_eq!(
        fails("\u{200b}\u{a0}\u{2800}\u{e0041}", &[], strict()),
        NormalizeError::EmptyText
    );
    assert_eq!(
        run("\u{200b}a", &[], strict()).map(|ft| ft.text),
        Ok("\u{200b}a".to_owned())
    );

    let text = format!("{controls}a  \r\n  ");
    let fixed = format!("{fixed}a  \n  ");
    for length in 33..=35 {
        for kind in [K::Pre { language: None }, K::Bold] {
            ok(
                &text,
                &[e(kind.clone(), 0, length)],
                loose(),
                &fixed,
                &[e(kind.clone(), 0, length - 1)],
            );
            let trimmed_length = if length == 33 { 32 } else { 33 };
            ok(
                &text,
                &[e(kind.clone(), 0, length)],
                strict(),
                &fixed[..33],
                &[e(kind.clone(), 0, trimmed_length)],
            );
        }
    }
}

#[test]
fn entities_must_fit_the_text() {
    let text = "👉 👉  ";
    for offset in 0..10 {
        let entities = [e(K::Bold, offset, 1)];
        let no_detect = NormalizeOptions {
            detect_entities: false,
            ..loose()
        };
        if ![2, 5, 6].contains(&offset) {
            fails(text, &entities, no_detect);
            fails(text, &entities, strict());
            continue;
        }
        ok(text, &entities, no_detect, text, &entities);
        let kept: &[MessageEntity] = if offset == 2 { &entities } else { &[] };
        ok(text, &entities, strict(), "👉 👉", kept);
    }
    assert_eq!(
        fails(text, &[e(K::Bold, 1, 1)], loose()).to_string(),
        "Entity begins in a middle of a UTF-16 symbol at byte offset 4"
    );
    assert_eq!(
        fails(text, &[e(K::Bold, 0, 1)], loose()).to_string(),
        "Entity beginning at UTF-16 offset 0 ends in a middle of a UTF-16 symbol at byte offset 4"
    );
    assert_eq!(
        fails(text, &[e(K::Bold, 8, 1)], loose()).to_string(),
        "Entity begins after the end of the text at UTF-16 offset 8"
    );
    assert_eq!(
        fails(text, &[e(K::Bold, 6, 2)], loose()).to_string(),
        "Entity beginning at UTF-16 offset 6 ends after the end of the text at UTF-16 offset 8"
    );
    assert_eq!(
        fails("a", &[e(K::Bold, 1_000_001, 1)], loose()),
        NormalizeError::BadOffset(1_000_001)
    );
    assert_eq!(
        fails("a", &[e(K::Bold, 0, 1_000_001)], loose()).to_string(),
        "Receive an entity with incorrect length 1000001"
    );

    let text = "aba caba";
    for length in 0..=10 {
        for offset in 0..=10 {
            let entities = [e(K::Bold, offset, length)];
            if length > 0 && offset + length > 8 {
                fails(
                    text,
                    &entities,
                    NormalizeOptions {
                        allow_empty: true,
                        ..strict()
                    },
                );
                fails(
                    text,
                    &entities,
                    NormalizeOptions {
                        skip_trim: true,
                        ..strict()
                    },
                );
                continue;
            }
            let fixed: &[MessageEntity] = if length > 0 { &entities } else { &[] };
            ok(
                text,
                &entities,
                NormalizeOptions {
                    allow_empty: true,
                    ..strict()
                },
                text,
                fixed,
            );
            ok(
                text,
                &entities,
                NormalizeOptions {
                    skip_trim: true,
                    ..strict()
                },
                text,
                fixed,
            );
        }
    }
}

#[test]
fn detection_with_and_without_trimming() {
    let text = "  /test @abaca #ORD $ABC  telegram.org ";
    for skip_trim in [false, true] {
        let shift = if skip_trim { 2 } else { 0 };
        let expected = if skip_trim {
            text
        } else {
            &text[2..text.len() - 1]
        };
        for detect_entities in [false, true] {
            for skip_bot_commands in [false, true] {
                let mut entities = Vec::new();
                if detect_entities {
                    if !skip_bot_commands {
                        entities.push(e(K::BotCommand, shift, 5));
                    }
                    entities.push(e(K::Mention, shift + 6, 6));
                    entities.push(e(K::Hashtag, shift + 13, 4));
                    entities.push(e(K::Cashtag, shift + 18, 4));
                    entities.push(e(K::Url, shift + 24, 12));
                }
                for allow_empty in [false, true] {
                    let options = NormalizeOptions {
                        allow_empty,
                        skip_trim,
                        detect_entities,
                        skip_bot_commands,
                    };
                    ok(text, &[], options, expected, &entities);
                }
            }
        }
    }
}

#[test]
fn removed_characters_move_entities() {
    let text = "aba \r\n caba ";
    for length in 1..=3u32 {
        for offset in 0..=(text.len() as u32 - length) {
            for kind in [K::Bold, K::Url, link(), mention()] {
                for skip_trim in [false, true] {
                    let fixed_text = if skip_trim {
                        "aba \n caba "
                    } else {
                        "aba \n caba"
                    };
                    let mut fixed_length = if offset <= 4 && offset + length >= 5 {
                        length - 1
                    } else {
                        length
                    };
                    let fixed_offset = if offset >= 5 { offset - 1 } else { offset };
                    while (fixed_offset + fixed_length) as usize > fixed_text.len() {
                        fixed_length -= 1;
                    }
                    let fixed: Vec<MessageEntity> = if fixed_length > 0 {
                        vec![e(kind.clone(), fixed_offset, fixed_length)]
                    } else {
                        vec![]
                    };
                    let options = NormalizeOptions {
                        skip_trim,
                        ..loose()
                    };
                    ok(
                        text,
                        &[e(kind.clone(), offset, length)],
                        options,
                        fixed_text,
                        &fixed,
                    );
                }
            }
        }
    }
    for text in ["\t", "\r", "\n", "\t ", "\r ", "\n "] {
        for kind in [K::Bold, link()] {
            ok(text, &[e(kind, 0, 1)], loose(), "", &[]);
        }
    }
    ok(
        "\r ",
        &[e(K::Bold, 0, 2), e(K::Underline, 0, 1)],
        loose(),
        "",
        &[],
    );
    ok(
        "a \r",
        &[e(K::Bold, 0, 3), e(K::Underline, 2, 1)],
        loose(),
        "a ",
        &[e(K::Bold, 0, 2)],
    );
    ok(
        "a \r ",
        &[e(K::Bold, 0, 4), e(K::Underline, 2, 1)],
        loose(),
        "a  ",
        &[e(K::Bold, 0, 3)],
    );
    ok(
        "a \r b",
        &[e(K::Bold, 0, 5), e(K::Underline, 2, 1)],
        loose(),
        "a  b",
        &[e(K::Bold, 0, 4)],
    );
    ok(
        "a\rbc\r",
        &[
            e(K::Italic, 0, 1),
            e(K::Bold, 0, 2),
            e(K::Italic, 3, 2),
            e(K::Bold, 3, 1),
        ],
        loose(),
        "abc",
        &[
            e(K::Bold, 0, 1),
            e(K::Italic, 0, 1),
            e(K::Bold, 2, 1),
            e(K::Italic, 2, 1),
        ],
    );
    ok(
        "a ",
        &[e(K::Italic, 0, 2), e(K::Bold, 0, 1)],
        strict(),
        "a",
        &[e(K::Bold, 0, 1), e(K::Italic, 0, 1)],
    );
    let bold_italic = [
        e(K::Bold, 0, 1),
        e(K::Italic, 0, 1),
        e(K::Bold, 2, 1),
        e(K::Italic, 2, 1),
    ];
    ok(
        "a\rb",
        &bold_italic,
        loose(),
        "ab",
        &[e(K::Bold, 0, 2), e(K::Italic, 0, 2)],
    );
    ok("a\nb", &bold_italic, loose(), "a\nb", &bold_italic);
    ok(
        "a\u{2028}b\u{30a}c\u{0}",
        &[e(K::Bold, 0, 6)],
        loose(),
        "abc ",
        &[e(K::Bold, 0, 4)],
    );
}

#[test]
fn overlapping_text_links() {
    let text = "abadcaba";
    for length in 1..=7u32 {
        for offset in 0..=8 - length {
            for length2 in 1..=7u32 {
                for offset2 in 0..=8 - length2 {
                    if offset == offset2 {
                        continue;
                    }
                    let mut entities = vec![e(link(), offset, length), e(link(), offset2, length2)];
                    let mut fixed = entities.clone();
                    entities.push(e(K::TextLink { url: String::new() }, offset2 + length2, 1));
                    crate::sort_entities(&mut fixed);
                    if fixed[0].offset + fixed[0].length > fixed[1].offset {
                        fixed.pop();
                    }
                    ok(text, &entities, strict(), text, &fixed);
                }
            }
        }
    }
}

#[test]
fn trimming_keeps_entities_in_place() {
    for text in [" \n ➡️ ➡️ ➡️ ➡️  \n ", "\n\n\nab cd ef gh        "] {
        let length = crate::utf16_len(text);
        let mut entities = Vec::new();
        let mut fixed = Vec::new();
        for i in 0..10 {
            if (i + 1) * 3 + 2 <= length {
                entities.push(e(K::Bold, (i + 1) * 3, 2));
            }
            if (i + 2) * 3 <= length {
                entities.push(e(K::Italic, (i + 1) * 3 + 2, 1));
            }
            if i < 4 {
                fixed.push(e(K::Bold, i * 3, 2));
            }
            if i < 3 {
                fixed.push(e(K::Italic, i * 3 + 2, 1));
            }
        }
        ok(
            text,
            &entities,
            strict(),
            &utf16_substr(text, 3, 11),
            &fixed,
        );
    }
}

#[test]
fn found_entities_and_explicit_ones() {
    ok(
        "@tests @tests",
        &[e(K::Italic, 0, 13)],
        loose(),
        "@tests @tests",
        &[
            e(K::Mention, 0, 6),
            e(K::Italic, 0, 6),
            e(K::Italic, 6, 1),
            e(K::Mention, 7, 6),
            e(K::Italic, 7, 6),
        ],
    );
    let url = |offset, length| e(K::Url, offset, length);
    ok("example.com", &[], loose(), "example.com", &[url(0, 11)]);
    ok(
        "example.com",
        &[e(K::Pre { language: None }, 0, 3)],
        loose(),
        "example.com",
        &[e(K::Pre { language: None }, 0, 3)],
    );
    ok(
        "example.com",
        &[e(K::Blockquote, 0, 3)],
        loose(),
        "example.com",
        &[e(K::Blockquote, 0, 3)],
    );
    ok(
        "example.com",
        &[e(K::Blockquote, 0, 11)],
        loose(),
        "example.com",
        &[e(K::Blockquote, 0, 11), url(0, 11)],
    );
    ok(
        "example.com",
        &[e(K::Italic, 0, 11)],
        loose(),
        "example.com",
        &[url(0, 11), e(K::Italic, 0, 11)],
    );
    ok(
        "example.com",
        &[e(K::Italic, 0, 3)],
        loose(),
        "example.com",
        &[url(0, 11), e(K::Italic, 0, 3)],
    );
    ok(
        "example.com a",
        &[e(K::Italic, 0, 13)],
        loose(),
        "example.com a",
        &[url(0, 11), e(K::Italic, 0, 11), e(K::Italic, 11, 2)],
    );
    ok(
        "a example.com",
        &[e(K::Italic, 0, 13)],
        loose(),
        "a example.com",
        &[e(K::Italic, 0, 2), url(2, 11), e(K::Italic, 2, 11)],
    );
    ok(
        "@abcd x.com",
        &[e(link(), 0, 3)],
        loose(),
        "@abcd x.com",
        &[e(link(), 0, 3), url(6, 5)],
    );
    assert_eq!(
        with_detected(FormattedText {
            text: "see example.com".into(),
            entities: vec![e(K::Code, 4, 3), e(K::Bold, 0, 15)],
        }),
        FormattedText {
            text: "see example.com".into(),
            entities: vec![e(K::Bold, 0, 4), e(K::Code, 4, 3), e(K::Bold, 7, 8)],
        }
    );
}

#[test]
fn direction_marks_and_length_limit() {
    ok(
        "\u{200f}\u{200f}  \u{200e}\u{200e}\u{200e}\u{200c} \u{200f}\u{200e} \u{200f} a",
        &[],
        loose(),
        "\u{200c}\u{200f}  \u{200c}\u{200c}\u{200e}\u{200c} \u{200c}\u{200e} \u{200f} a",
        &[],
    );
    let marks_only = "\u{200f}\u{200f}  \u{200e}\u{200e}\u{200e}\u{200c} \u{200f}\u{200e} \u{200f}";
    assert_eq!(
        fails(
            marks_only,
            &[],
            NormalizeOptions {
                skip_trim: true,
                ..strict()
            }
        ),
        NormalizeError::EmptyText
    );
    ok(marks_only, &[], loose(), "", &[]);

    let long = "a".repeat(40000);
    assert_eq!(run(&long, &[], strict()).map(|ft| ft.text.len()), Ok(34996));
    let result = run(&long, &[e(K::Bold, 0, 2), e(K::Italic, 34999, 2)], loose());
    assert_eq!(
        result.map(|ft| (ft.text.len(), ft.entities)),
        Ok((35000, vec![e(K::Bold, 0, 2)]))
    );
    let wide = "😀".repeat(10000);
    let result = run(&wide, &[e(K::Bold, 0, 2)], loose());
    assert_eq!(result.map(|ft| ft.text.len()), Ok(35000));
}
