use super::*;

fn spans(found: &[Found], text: &str) -> Vec<String> {
    found
        .iter()
        .map(|f| text[f.start..f.end].to_owned())
        .collect()
}

fn mentions(text: &str) -> Vec<String> {
    spans(&find_mentions(text), text)
}

fn commands(text: &str) -> Vec<String> {
    spans(&find_bot_commands(text), text)
}

fn hashtags(text: &str) -> Vec<String> {
    spans(&find_hashtags(text), text)
}

fn cashtags(text: &str) -> Vec<String> {
    spans(&find_cashtags(text), text)
}

fn cards(text: &str) -> Vec<String> {
    spans(&find_bank_card_numbers(text), text)
}

#[test]
fn mention_rules() {
    assert_eq!(mentions("@mention"), ["@mention"]);
    assert_eq!(mentions(" @mention "), ["@mention"]);
    assert!(mentions("@abc @xyz @abc @xyz @xxx@yyy @ttt").is_empty());
    assert_eq!(
        mentions("@abcde @xyzxy @abcde @xyzxy @xxxxx@yyyyy @ttttt"),
        ["@abcde", "@xyzxy", "@abcde", "@xyzxy", "@xxxxx", "@ttttt"]
    );
    assert!(mentions("no@mention").is_empty());
    assert!(mentions("@n").is_empty());
    assert_eq!(
        mentions("@abcdefghijklmnopqrstuvwxyz123456"),
        ["@abcdefghijklmnopqrstuvwxyz123456"]
    );
    assert!(mentions("@abcdefghijklmnopqrstuvwxyz1234567").is_empty());
    assert!(mentions("нет@mention").is_empty());
    assert!(mentions("@mentionж").is_empty());
    assert_eq!(
        mentions(
            "@ya @gif @wiki @vid @bing @pic @bold @imdb @ImDb @coub @like @vote @giff @cap ya cap \
             @y @yar @bingg @bin @NFT @ufc"
        ),
        [
            "@gif", "@wiki", "@vid", "@bing", "@pic", "@bold", "@imdb", "@ImDb", "@coub", "@like",
            "@vote", "@giff", "@bingg", "@NFT", "@ufc"
        ]
    );
}

#[test]
fn bot_command_rules() {
    assert_eq!(commands("/abc"), ["/abc"]);
    assert_eq!(commands(" /abc "), ["/abc"]);
    assert_eq!(commands("/a@abc"), ["/a@abc"]);
    assert!(commands("/a@b").is_empty());
    assert!(commands("/@bfdsa").is_empty());
    assert!(commands("/test/").is_empty());
    assert!(commands("a/test").is_empty());
    assert!(commands("</test>").is_empty());
    assert_eq!(commands("(/start)"), ["/start"]);
    assert_eq!(
        commands(&format!("/{}", "a".repeat(64))),
        [format!("/{}", "a".repeat(64))]
    );
    assert!(commands(&format!("/{}", "a".repeat(65))).is_empty());
}

#[test]
fn hashtag_rules() {
    for text in ["", "#", "##", "###", " я#a ", " #a# ", " #123 ", " #123a# "] {
        assert!(hashtags(text).is_empty(), "{text:?}");
    }
    assert_eq!(hashtags("#a"), ["#a"]);
    assert_eq!(hashtags(" #я "), ["#я"]);
    assert_eq!(hashtags(" #123a "), ["#123a"]);
    assert!(hashtags(&format!(" #{}", "1".repeat(300))).is_empty());
    assert!(hashtags(&format!(" #{}a ", "1".repeat(256))).is_empty());
    let long = format!("#{}a", "1".repeat(255));
    assert_eq!(hashtags(&format!(" {long}")), std::slice::from_ref(&long));
    assert!(hashtags(&format!(" {long}{}# ", "b".repeat(255))).is_empty());
    assert_eq!(hashtags("#a#b #c #d"), ["#c", "#d"]);
    assert_eq!(hashtags("#test@"), ["#test"]);
    assert_eq!(hashtags("#test@ab"), ["#test"]);
    assert_eq!(hashtags("#test@abc"), ["#test@abc"]);
    assert_eq!(hashtags("#test@a-c"), ["#test"]);
    let chat = "abcdefghijabcdefghijabcdefghijab";
    assert_eq!(
        hashtags(&format!("#test@{chat}")),
        [format!("#test@{chat}")]
    );
    assert_eq!(
        hashtags(&format!("#test@{chat}c")),
        [format!("#test@{chat}")]
    );
    assert_eq!(hashtags("#te·st"), ["#te·st"]);
    let text = format!("😄😄😄😄 😄😄😄#{}ООО{}", "1".repeat(200), "2".repeat(200));
    assert_eq!(
        hashtags(&text),
        [format!("#{}ООО{}", "1".repeat(200), "2".repeat(53))]
    );
    assert_eq!(hashtags("#a\u{2122}"), ["#a"]);
    assert_eq!(hashtags("#a൹"), ["#a"]);
    assert_eq!(hashtags("#aඁං෴ก฿"), ["#aඁං෴ก"]);
}

#[test]
fn cashtag_rules() {
    for text in [
        "",
        "$",
        "$$",
        "$a",
        " $я ",
        "$abc",
        "$ABС",
        "$АBC",
        "$ABCDEFGHJ",
        "$ABCDEFGH1",
        " $$XYZ ",
        " $XYZ$ ",
        " $ABC1 ",
        " $1ABC ",
        " 1$ABC ",
        " А$ABC ",
        "$1INC",
        "$1inch",
        "$1INCHA",
        "$1INCHА",
        "$ABCඁ",
        "$ABCก",
    ] {
        assert!(cashtags(text).is_empty(), "{text:?}");
    }
    assert_eq!(cashtags("$A"), ["$A"]);
    assert_eq!(cashtags("$ABCDEFGH"), ["$ABCDEFGH"]);
    assert_eq!(cashtags(" $XYZ "), ["$XYZ"]);
    assert_eq!(cashtags("$ABC$DEF $GHI $KLM"), ["$GHI", "$KLM"]);
    assert_eq!(cashtags("$TEST@a"), ["$TEST"]);
    assert_eq!(cashtags("$TEST@abc"), ["$TEST@abc"]);
    let chat = "abcdefghijabcdefghijabcdefghijab";
    assert_eq!(
        cashtags(&format!("$TEST@{chat}")),
        [format!("$TEST@{chat}")]
    );
    assert_eq!(cashtags(&format!("$TEST@{chat}c")), ["$TEST"]);
    assert_eq!(cashtags("...$1INCH..."), ["$1INCH"]);
    assert_eq!(cashtags("\u{2122}$ABC\u{2122}"), ["$ABC"]);
    assert_eq!(cashtags("$ABC൹"), ["$ABC"]);
    assert_eq!(cashtags("$ABC฿"), ["$ABC"]);
}

#[test]
fn bank_card_rules() {
    assert!(cards("1234567890127").is_empty());
    assert_eq!(cards("1234567890128"), ["1234567890128"]);
    assert_eq!(cards("1234567890128000000"), ["1234567890128000000"]);
    assert!(cards("12345678901500910000").is_empty());
    assert_eq!(
        cards(" - - - - 1 - -- 234 - - 56- - 7890150000  - - - -"),
        ["1 - -- 234 - - 56- - 7890150000"]
    );
    assert_eq!(
        cards("4916-3385-0608-2832; 5280 9342 8317 1080 ;345936346788903"),
        [
            "4916-3385-0608-2832",
            "5280 9342 8317 1080",
            "345936346788903"
        ]
    );
    for text in [
        "a1234567890128",
        "1234567890128а",
        "_1234567890128",
        "+1234567890128",
    ] {
        assert!(cards(text).is_empty(), "{text:?}");
    }
    assert_eq!(cards("\"1234567890128"), ["1234567890128"]);
}

fn entity(kind: EntityKind, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

#[test]
fn detect_counts_utf16_and_resolves_overlaps() {
    assert_eq!(
        detect("😀 @user_name /start #tag $USD telegram.org a@b.co"),
        [
            entity(EntityKind::Mention, 3, 10),
            entity(EntityKind::BotCommand, 14, 6),
            entity(EntityKind::Hashtag, 21, 4),
            entity(EntityKind::Cashtag, 26, 4),
            entity(EntityKind::Url, 31, 12),
            entity(EntityKind::Email, 44, 6),
        ]
    );
    assert_eq!(
        detect_except_bot_commands("/start @jobs_bot"),
        [entity(EntityKind::Mention, 7, 9)]
    );
    assert_eq!(
        detect("/start @jobs_bot"),
        [
            entity(EntityKind::BotCommand, 0, 6),
            entity(EntityKind::Mention, 7, 9)
        ]
    );
    assert_eq!(
        detect("/start@jobs_bot x"),
        [entity(EntityKind::BotCommand, 0, 15)]
    );
    // the bank card number wins over the URL starting inside it, and is not reported
    assert!(detect("4111 1111 1111 1111.com").is_empty());
    assert_eq!(
        detect("4111111111111111.com"),
        [entity(EntityKind::Url, 0, 20)]
    );
    assert_eq!(
        detect("https://t.me/@name"),
        [entity(EntityKind::Url, 0, 18)]
    );
    assert_eq!(detect("mailto:a@b.co"), [entity(EntityKind::Email, 7, 6)]);
    assert_eq!(
        detect("tg://resolve?domain=x tonsite://abc"),
        [
            entity(EntityKind::Url, 0, 21),
            entity(EntityKind::Url, 22, 13)
        ]
    );
}
