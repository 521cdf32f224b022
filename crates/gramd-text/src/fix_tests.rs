use super::*;
use crate::entity::EntityKind as K;

fn e(kind: K, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

const PRE: K = K::Pre { language: None };

#[track_caller]
fn check(input: &[MessageEntity], expected: &[MessageEntity]) {
    let mut entities = input.to_vec();
    fix_entities(&mut entities);
    assert_eq!(entities, expected, "{input:?}");
}

#[test]
fn sort_order() {
    let mut entities = vec![
        e(K::Bold, 0, 1),
        e(K::Italic, 0, 1),
        e(K::Spoiler, 0, 1),
        e(
            K::CustomEmoji {
                custom_emoji_id: "1".into(),
            },
            0,
            1,
        ),
        e(K::Code, 0, 1),
        e(PRE, 0, 1),
        e(
            K::Pre {
                language: Some("c".into()),
            },
            0,
            1,
        ),
        e(K::Blockquote, 0, 1),
        e(K::Url, 0, 1),
        e(K::TextLink { url: "u".into() }, 0, 1),
        e(K::Underline, 0, 5),
        e(K::Strikethrough, 1, 1),
    ];
    sort_entities(&mut entities);
    let kinds: Vec<&str> = entities.iter().map(|e| e.kind.bot_api_name()).collect();
    assert_eq!(
        kinds,
        [
            "underline",
            "blockquote",
            "pre",
            "pre",
            "code",
            "text_link",
            "url",
            "bold",
            "italic",
            "spoiler",
            "custom_emoji",
            "strikethrough"
        ]
    );
    assert_eq!(
        entities[2].kind,
        K::Pre {
            language: Some("c".into())
        }
    );
}

#[test]
fn styles_merge_and_split() {
    check(
        &[e(K::Italic, 1, 1), e(K::Italic, 0, 1)],
        &[e(K::Italic, 0, 2)],
    );
    check(
        &[e(K::Italic, 1, 1), e(K::Italic, 1, 1)],
        &[e(K::Italic, 1, 1)],
    );
    check(
        &[e(K::Italic, 0, 2), e(K::Italic, 1, 2)],
        &[e(K::Italic, 0, 3)],
    );
    check(
        &[e(K::Italic, 0, 2), e(K::Italic, 2, 1)],
        &[e(K::Italic, 0, 3)],
    );
    check(
        &[e(K::Italic, 0, 1), e(K::Italic, 2, 1)],
        &[e(K::Italic, 0, 1), e(K::Italic, 2, 1)],
    );
    check(
        &[e(K::Italic, 0, 2), e(K::Bold, 1, 2)],
        &[e(K::Italic, 0, 1), e(K::Bold, 1, 2), e(K::Italic, 1, 1)],
    );
    check(
        &[e(K::Italic, 0, 2), e(K::Bold, 2, 1)],
        &[e(K::Italic, 0, 2), e(K::Bold, 2, 1)],
    );
    check(
        &[e(K::Underline, 0, 2), e(K::Strikethrough, 1, 1)],
        &[
            e(K::Underline, 0, 1),
            e(K::Underline, 1, 1),
            e(K::Strikethrough, 1, 1),
        ],
    );
    check(
        &[
            e(K::Underline, 0, 1),
            e(K::Underline, 1, 1),
            e(K::Strikethrough, 1, 1),
        ],
        &[
            e(K::Underline, 0, 1),
            e(K::Underline, 1, 1),
            e(K::Strikethrough, 1, 1),
        ],
    );
    check(
        &[e(K::Strikethrough, 0, 2), e(K::Underline, 1, 1)],
        &[
            e(K::Strikethrough, 0, 1),
            e(K::Underline, 1, 1),
            e(K::Strikethrough, 1, 1),
        ],
    );
    check(
        &[e(K::Underline, 0, 2), e(K::Spoiler, 0, 1)],
        &[e(K::Underline, 0, 2), e(K::Spoiler, 0, 1)],
    );
    check(
        &[
            e(K::Underline, 0, 1),
            e(K::Underline, 1, 1),
            e(K::Spoiler, 0, 1),
        ],
        &[e(K::Underline, 0, 2), e(K::Spoiler, 0, 1)],
    );
    // HTML `<b>a<i>b</i>c</b>`: the bold is cut where the italic starts
    check(
        &[e(K::Bold, 0, 3), e(K::Italic, 1, 1)],
        &[e(K::Bold, 0, 1), e(K::Bold, 1, 2), e(K::Italic, 1, 1)],
    );
}

#[test]
fn pre_and_blockquotes() {
    check(&[e(PRE, 0, 1), e(K::Spoiler, 0, 1)], &[e(PRE, 0, 1)]);
    check(&[e(K::Spoiler, 0, 1), e(PRE, 0, 1)], &[e(PRE, 0, 1)]);
    check(&[e(PRE, 0, 3), e(K::Strikethrough, 1, 1)], &[e(PRE, 0, 3)]);
    check(
        &[e(PRE, 1, 1), e(K::Strikethrough, 0, 3)],
        &[
            e(K::Strikethrough, 0, 1),
            e(PRE, 1, 1),
            e(K::Strikethrough, 2, 1),
        ],
    );
    check(
        &[e(PRE, 1, 1), e(K::Strikethrough, 1, 2)],
        &[e(PRE, 1, 1), e(K::Strikethrough, 2, 1)],
    );
    check(
        &[e(PRE, 1, 1), e(K::Strikethrough, 0, 2)],
        &[e(K::Strikethrough, 0, 1), e(PRE, 1, 1)],
    );
    check(
        &[e(PRE, 0, 3), e(K::Blockquote, 1, 1)],
        &[e(K::Blockquote, 1, 1)],
    );
    check(
        &[e(K::Blockquote, 0, 3), e(PRE, 1, 1)],
        &[e(K::Blockquote, 0, 3), e(PRE, 1, 1)],
    );
    check(&[e(PRE, 0, 3), e(K::Code, 0, 3)], &[e(PRE, 0, 3)]);
    check(
        &[e(K::Blockquote, 0, 3), e(K::ExpandableBlockquote, 1, 3)],
        &[e(K::Blockquote, 0, 3)],
    );
    check(
        &[e(K::Code, 0, 2), e(K::TextLink { url: "u".into() }, 1, 2)],
        &[e(K::Code, 0, 2)],
    );
}

#[test]
fn merging_found_entities() {
    let mut entities = vec![e(K::Italic, 0, 13)];
    merge_new_entities(
        &mut entities,
        vec![e(K::Mention, 0, 6), e(K::Mention, 7, 6)],
    );
    assert_eq!(
        entities,
        [
            e(K::Mention, 0, 6),
            e(K::Italic, 0, 6),
            e(K::Italic, 6, 1),
            e(K::Mention, 7, 6),
            e(K::Italic, 7, 6)
        ]
    );
    let mut entities = vec![e(K::Code, 2, 3), e(K::Blockquote, 10, 5)];
    merge_new_entities(
        &mut entities,
        vec![
            e(K::Url, 0, 3),
            e(K::Url, 5, 2),
            e(K::Url, 8, 4),
            e(K::Url, 11, 2),
        ],
    );
    assert_eq!(
        entities,
        [
            e(K::Code, 2, 3),
            e(K::Url, 5, 2),
            e(K::Blockquote, 10, 5),
            e(K::Url, 11, 2)
        ]
    );
}
