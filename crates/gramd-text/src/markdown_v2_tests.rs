use super::*;
use crate::entity::EntityKind as K;

fn e(kind: K, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

fn pre(language: &str) -> K {
    K::Pre {
        language: Some(language.to_owned()),
    }
}

fn link(url: &str) -> K {
    K::TextLink {
        url: url.to_owned(),
    }
}

#[track_caller]
fn ok(input: &str, text: &str, entities: &[MessageEntity]) {
    match parse_markdown_v2(input) {
        Ok(ft) => {
            assert_eq!(ft.text, text, "{input:?}");
            assert_eq!(ft.entities, entities, "{input:?}");
        }
        Err(error) => panic!("{input:?}: {error}"),
    }
}

#[track_caller]
fn err(input: &str, message: &str) {
    match parse_markdown_v2(input) {
        Ok(ft) => panic!("{input:?} parsed as {ft:?}"),
        Err(error) => assert_eq!(error.to_string(), message, "{input:?}"),
    }
}

#[test]
fn single_characters() {
    for c in 1u8..126 {
        if b"_*[~`>".contains(&c) {
            continue;
        }
        let text = char::from(c).to_string();
        if b"]()>#+-=|{}.!".contains(&c) {
            err(
                &text,
                &format!(
                    "Character '{}' is reserved and must be escaped with the preceding '\\'",
                    char::from(c)
                ),
            );
            ok(&format!("\\{text}"), &text, &[]);
        } else {
            ok(&text, &text, &[]);
        }
    }
}

#[test]
fn errors() {
    err(
        "🏟 🏟_abacaba",
        "Can't find end of Italic entity at byte offset 9",
    );
    err(
        "🏟 🏟_abac * asd ",
        "Can't find end of Bold entity at byte offset 15",
    );
    err(
        "🏟 🏟_abac * asd _",
        "Can't find end of Italic entity at byte offset 21",
    );
    err("🏟 🏟`", "Can't find end of Code entity at byte offset 9");
    err("🏟 🏟```", "Can't find end of Pre entity at byte offset 9");
    err("🏟 🏟```a", "Can't find end of Pre entity at byte offset 9");
    err(
        "🏟 🏟```a ",
        "Can't find end of PreCode entity at byte offset 9",
    );
    err(
        "🏟 🏟__🏟 🏟_",
        "Can't find end of Italic entity at byte offset 20",
    );
    err(
        "🏟 🏟_🏟 🏟__",
        "Can't find end of Underline entity at byte offset 19",
    );
    err(
        "🏟 🏟```🏟 🏟`",
        "Can't find end of Code entity at byte offset 21",
    );
    err(
        "🏟 🏟```🏟 🏟_",
        "Can't find end of PreCode entity at byte offset 9",
    );
    err(
        "🏟 🏟```🏟 🏟\\`",
        "Can't find end of PreCode entity at byte offset 9",
    );
    err(
        "[telegram\\.org](asd\\)",
        "Can't find end of a URL at byte offset 16",
    );
    err(
        "[telegram\\.org](",
        "Can't find end of a URL at byte offset 16",
    );
    err(
        "[telegram\\.org](asd",
        "Can't find end of a URL at byte offset 16",
    );
    err(
        "[telegram",
        "Can't find end of TextUrl entity at byte offset 0",
    );
    err(
        "🏟 🏟__🏟 _🏟___",
        "Can't find end of Italic entity at byte offset 23",
    );
    err(
        "🏟 🏟__",
        "Can't find end of Underline entity at byte offset 9",
    );
    err(
        "🏟 🏟||test\\|",
        "Can't find end of Spoiler entity at byte offset 9",
    );
    err(
        "~a",
        "Can't find end of Strikethrough entity at byte offset 0",
    );
    err("*a", "Can't find end of Bold entity at byte offset 0");
    err(
        "🏟 🏟!",
        "Character '!' is reserved and must be escaped with the preceding '\\'",
    );
    err(
        "🏟 🏟>",
        "Character '>' is reserved and must be escaped with the preceding '\\'",
    );
    err(
        "Hello, world!",
        "Character '!' is reserved and must be escaped with the preceding '\\'",
    );
    err(
        "a|b",
        "Character '|' is reserved and must be escaped with the preceding '\\'",
    );
    err(
        "🏟 🏟![",
        "Can't find end of CustomEmoji entity at byte offset 9",
    );
    err(
        "🏟 🏟![👍",
        "Can't find end of CustomEmoji entity at byte offset 9",
    );
    err(
        "🏟 🏟![👍]",
        "The entity must contain a tg://emoji or tg://time URL",
    );
    err(
        "🏟 🏟![👍](tg://emoji?id=1234",
        "Can't find end of a URL at byte offset 17",
    );
    let invalid = "Invalid tg://emoji or tg://time URL specified";
    for url in [
        "t://emoji?id=1234",
        "tg:emojis?id=1234",
        "tg://emoji#test",
        "tg://emoji?test=1#&id=25",
        "tg://emoji?test=1231&id=025",
        "t://time?id=1234",
        "tg:times?id=1234",
        "tg://time#test",
        "tg://time?test=1#&date=25",
        "tg://time?test=1231&date=025",
        "tg://time?unix=5&format=x",
    ] {
        err(&format!("🏟 🏟![👍]({url})"), invalid);
    }
    err(
        "🏟 🏟![👍](tg://time?id=1234",
        "Can't find end of a URL at byte offset 17",
    );
    err(
        ">*b\n>ld \n>bo\nld*\nasd\ndef",
        "Can't find end of Bold entity at byte offset 1",
    );
    err(
        ">\n*a*>2",
        "Character '>' is reserved and must be escaped with the preceding '\\'",
    );
    err(
        ">asd\n>q||e||w||\n||asdad",
        "Can't find end of Spoiler entity at byte offset 16",
    );
    err(
        ">asd\n>q||ew\n||asdad",
        "Can't find end of Spoiler entity at byte offset 7",
    );
    err(
        ">asd\n>q||e||w__\n||asdad",
        "Can't find end of Underline entity at byte offset 13",
    );
    err(
        ">asd\n>q||e||w||a\n||asdad",
        "Can't find end of Spoiler entity at byte offset 13",
    );
    err(">*a||\nb", "Can't find end of Bold entity at byte offset 1");
}

#[test]
fn escapes_and_styles() {
    ok("", "", &[]);
    ok("\\\\", "\\", &[]);
    ok("\\\\\\", "\\\\", &[]);
    ok("\\\\\\\\\\_\\*\\`", "\\\\_*`", &[]);
    ok("➡️ ➡️", "➡️ ➡️", &[]);
    ok("🏟 🏟``", "🏟 🏟", &[]);
    ok(
        "🏟 🏟_abac \\* asd _",
        "🏟 🏟abac * asd ",
        &[e(K::Italic, 5, 11)],
    );
    ok("🏟 \\.🏟_🏟\\. 🏟_", "🏟 .🏟🏟. 🏟", &[e(K::Italic, 6, 6)]);
    ok(
        "\\\\\\a\\b\\c\\d\\e\\f\\1\\2\\3\\4\\➡️\\",
        "\\abcdef1234\\➡️\\",
        &[],
    );
    ok("➡️ ➡️_➡️ ➡️_", "➡️ ➡️➡️ ➡️", &[e(K::Italic, 5, 5)]);
    ok(
        "➡️ ➡️_➡️ ➡️_*➡️ ➡️*",
        "➡️ ➡️➡️ ➡️➡️ ➡️",
        &[e(K::Italic, 5, 5), e(K::Bold, 10, 5)],
    );
    ok(
        "🏟 🏟_🏟 *🏟*_",
        "🏟 🏟🏟 🏟",
        &[e(K::Italic, 5, 5), e(K::Bold, 8, 2)],
    );
    ok(
        "🏟 🏟_🏟 __🏟___",
        "🏟 🏟🏟 🏟",
        &[e(K::Italic, 5, 5), e(K::Underline, 8, 2)],
    );
    ok(
        "🏟 🏟__🏟 _🏟_ __",
        "🏟 🏟🏟 🏟 ",
        &[e(K::Underline, 5, 6), e(K::Italic, 8, 2)],
    );
    ok(
        "🏟 🏟__🏟 _🏟_\\___",
        "🏟 🏟🏟 🏟_",
        &[e(K::Underline, 5, 6), e(K::Italic, 8, 2)],
    );
    ok("🏟 🏟**", "🏟 🏟", &[]);
    ok("||test||", "test", &[e(K::Spoiler, 0, 4)]);
    ok("🏟 🏟____", "🏟 🏟", &[]);
    ok("~strike~", "strike", &[e(K::Strikethrough, 0, 6)]);
    ok("*bold \\*text*", "bold *text", &[e(K::Bold, 0, 10)]);
    ok(
        "*bold _italic bold ~italic bold strikethrough ||italic bold strikethrough spoiler||~ \
         __underline italic bold___ bold*",
        "bold italic bold italic bold strikethrough italic bold strikethrough spoiler underline \
         italic bold bold",
        &[
            e(K::Bold, 0, 103),
            e(K::Italic, 5, 93),
            e(K::Strikethrough, 17, 59),
            e(K::Spoiler, 43, 33),
            e(K::Underline, 77, 21),
        ],
    );
    ok(
        "___italic underline_**__",
        "italic underline",
        &[e(K::Italic, 0, 16), e(K::Underline, 0, 16)],
    );
}

#[test]
fn code_and_pre() {
    ok("🏟 🏟`🏟 🏟```", "🏟 🏟🏟 🏟", &[e(K::Code, 5, 5)]);
    ok("🏟 🏟```🏟 🏟```", "🏟 🏟 🏟", &[e(pre("🏟"), 5, 3)]);
    ok("🏟 🏟```🏟\n🏟```", "🏟 🏟🏟", &[e(pre("🏟"), 5, 2)]);
    ok("🏟 🏟```🏟\r🏟```", "🏟 🏟🏟", &[e(pre("🏟"), 5, 2)]);
    ok("🏟 🏟```🏟\n\r🏟```", "🏟 🏟🏟", &[e(pre("🏟"), 5, 2)]);
    ok("🏟 🏟```🏟\r\n🏟```", "🏟 🏟🏟", &[e(pre("🏟"), 5, 2)]);
    ok("🏟 🏟```🏟\n\n🏟```", "🏟 🏟\n🏟", &[e(pre("🏟"), 5, 3)]);
    ok("🏟 🏟```🏟\r\r🏟```", "🏟 🏟\r🏟", &[e(pre("🏟"), 5, 3)]);
    ok("🏟 🏟```🏟 \\\\\\`🏟```", "🏟 🏟 \\`🏟", &[e(pre("🏟"), 5, 5)]);
    ok("🏟 🏟``````", "🏟 🏟", &[]);
    ok("```py```", "py", &[e(K::Pre { language: None }, 0, 2)]);
    ok(
        "```python\npre-formatted fixed-width code block written in the Python programming language\n```",
        "pre-formatted fixed-width code block written in the Python programming language\n",
        &[e(pre("python"), 0, 80)],
    );
    ok("`a.b!`", "a.b!", &[e(K::Code, 0, 4)]);
    ok(
        "`_* *_`__*` `*__",
        "_* *_ ",
        &[
            e(K::Code, 0, 5),
            e(K::Code, 5, 1),
            e(K::Bold, 5, 1),
            e(K::Underline, 5, 1),
        ],
    );
    ok(
        "_* * ` `_",
        "   ",
        &[e(K::Italic, 0, 3), e(K::Bold, 0, 1), e(K::Code, 2, 1)],
    );
}

#[test]
fn links_and_custom_emoji() {
    ok("[](telegram.org)", "", &[]);
    ok(
        "[ ](telegram.org)",
        " ",
        &[e(link("http://telegram.org/"), 0, 1)],
    );
    ok("[ ](as)", " ", &[]);
    ok(
        "[telegram\\.org]",
        "telegram.org",
        &[e(link("http://telegram.org/"), 0, 12)],
    );
    ok(
        "[telegram\\.org]a",
        "telegram.orga",
        &[e(link("http://telegram.org/"), 0, 12)],
    );
    ok(
        "[telegram\\.org](telegram.dog)",
        "telegram.org",
        &[e(link("http://telegram.dog/"), 0, 12)],
    );
    ok(
        "[telegram\\.org](https://telegram.dog?)",
        "telegram.org",
        &[e(link("https://telegram.dog/?"), 0, 12)],
    );
    ok(
        "[telegram\\.org](https://telegram.dog?\\\\\\()",
        "telegram.org",
        &[e(link("https://telegram.dog/?\\("), 0, 12)],
    );
    ok("[telegram\\.org]()", "telegram.org", &[]);
    ok("[telegram\\.org](asdasd)", "telegram.org", &[]);
    ok(
        "[telegram\\.org](tg:user?id=123456)",
        "telegram.org",
        &[e(K::TextMention { user_id: 123456 }, 0, 12)],
    );
    ok(
        "[inline URL](http://www.example.com/)",
        "inline URL",
        &[e(link("http://www.example.com/"), 0, 10)],
    );
    let emoji = |id: &str| K::CustomEmoji {
        custom_emoji_id: id.to_owned(),
    };
    ok(
        "🏟 🏟![👍](TG://EMoJI/?test=1231&id=25#id=32)a",
        "🏟 🏟👍a",
        &[e(emoji("25"), 5, 2)],
    );
    ok(
        "![👍](tg://emoji?id=5368324170671202286)",
        "👍",
        &[e(emoji("5368324170671202286"), 0, 2)],
    );
    let date = |unix: i64, format: Option<&str>| K::DateTime {
        unix_time: unix,
        date_time_format: format.map(str::to_owned),
    };
    for (format, expected) in [
        ("", None),
        ("&format=R", Some("r")),
        ("&format=dt", Some("dt")),
        ("&format=DT", Some("DT")),
        ("&format=w", Some("w")),
        ("&format=Wt", Some("wt")),
    ] {
        ok(
            &format!("🏟 🏟![👍](TG://TiME/?test=1231{format}&unix=25#unix=32)a"),
            "🏟 🏟👍a",
            &[e(date(25, expected), 5, 2)],
        );
    }
    ok(
        "![22:45 tomorrow](tg://time?unix=1647531900&format=wDT)",
        "22:45 tomorrow",
        &[e(date(1647531900, Some("wDT")), 0, 14)],
    );
}

#[test]
fn blockquotes() {
    ok("> \n> \n>", " \n \n", &[e(K::Blockquote, 0, 4)]);
    ok("> \\>\n \\> \n>", " >\n > \n", &[e(K::Blockquote, 0, 3)]);
    ok(
        "abc\n> \n> \n>\ndef",
        "abc\n \n \n\ndef",
        &[e(K::Blockquote, 4, 5)],
    );
    ok(">", "", &[]);
    ok(">a", "a", &[e(K::Blockquote, 0, 1)]);
    ok("\r>a", "\ra", &[e(K::Blockquote, 1, 1)]);
    ok(
        "\r\r>\r\ra\r\n\r",
        "\r\r\r\ra\r\n\r",
        &[e(K::Blockquote, 2, 5)],
    );
    ok(
        ">*b\n>ld \n>bo\n>ld*\nasd\ndef",
        "b\nld \nbo\nld\nasd\ndef",
        &[e(K::Blockquote, 0, 12), e(K::Bold, 0, 11)],
    );
    ok(
        "*a\n>b\n>ld \n>bo\n>ld\nasd*\ndef",
        "a\nb\nld \nbo\nld\nasd\ndef",
        &[e(K::Bold, 0, 17), e(K::Blockquote, 2, 12)],
    );
    ok(
        ">`b\n>ld \n>bo\nld`\n>asd\ndef",
        "b\n>ld \n>bo\nld\nasd\ndef",
        &[e(K::Blockquote, 0, 18), e(K::Code, 0, 13)],
    );
    ok(
        "`>b\n>ld \n>bo\nld`\n>asd\ndef",
        ">b\n>ld \n>bo\nld\nasd\ndef",
        &[e(K::Code, 0, 14), e(K::Blockquote, 15, 4)],
    );
    ok(">\n1", "\n1", &[e(K::Blockquote, 0, 1)]);
    ok(
        ">\n\r>2",
        "\n\r2",
        &[e(K::Blockquote, 0, 1), e(K::Blockquote, 2, 1)],
    );
    ok(
        ">\n**>2",
        "\n2",
        &[e(K::Blockquote, 0, 1), e(K::Blockquote, 1, 1)],
    );
    ok(">**\n>2", "\n2", &[e(K::Blockquote, 0, 2)]);
    ok(
        ">*abcd*",
        "abcd",
        &[e(K::Blockquote, 0, 4), e(K::Bold, 0, 4)],
    );
    ok(
        ">*abcd*\n",
        "abcd\n",
        &[e(K::Blockquote, 0, 5), e(K::Bold, 0, 4)],
    );
    ok(
        "*>abcd\n*",
        "abcd\n",
        &[e(K::Blockquote, 0, 5), e(K::Bold, 0, 5)],
    );
    ok(
        "abc\n>def\n>def\n\r>ghi2\njkl",
        "abc\ndef\ndef\n\rghi2\njkl",
        &[e(K::Blockquote, 4, 8), e(K::Blockquote, 13, 5)],
    );
    ok(
        ">asd\n>q||e||w||\nasdad",
        "asd\nqew\nasdad",
        &[e(K::ExpandableBlockquote, 0, 8), e(K::Spoiler, 5, 1)],
    );
    ok(
        ">asd\n>q||ew||\nasdad",
        "asd\nqew\nasdad",
        &[e(K::Blockquote, 0, 8), e(K::Spoiler, 5, 2)],
    );
    ok(
        ">asd\r\n>q||e||w||\r\nasdad",
        "asd\r\nqew\r\nasdad",
        &[e(K::ExpandableBlockquote, 0, 10), e(K::Spoiler, 6, 1)],
    );
    ok(
        ">asd\r\n>q||e||w||\r\n",
        "asd\r\nqew\r\n",
        &[e(K::ExpandableBlockquote, 0, 10), e(K::Spoiler, 6, 1)],
    );
    ok(
        ">asd\r\n>q||ew||\r\n",
        "asd\r\nqew\r\n",
        &[e(K::Blockquote, 0, 10), e(K::Spoiler, 6, 2)],
    );
    ok(
        ">asd\r\n>q||e||w||",
        "asd\r\nqew",
        &[e(K::ExpandableBlockquote, 0, 8), e(K::Spoiler, 6, 1)],
    );
    ok(
        ">asd\r\n>q||ew||",
        "asd\r\nqew",
        &[e(K::Blockquote, 0, 8), e(K::Spoiler, 6, 2)],
    );
    ok(">||", "", &[]);
    ok(
        ">Block quotation started\n>Block quotation continued\n>The last line\n**>The expandable \
         block quotation\n>Hidden part||",
        "Block quotation started\nBlock quotation continued\nThe last line\nThe expandable block \
         quotation\nHidden part",
        &[e(K::Blockquote, 0, 64), e(K::ExpandableBlockquote, 64, 42)],
    );
}

#[test]
fn never_panics() {
    let samples = [
        "*b _i ~s ||sp||~ __u___ b* [l](tg://user?id=1) ![👍](tg://emoji?id=5)\\! `c\\`` ```rs\nx```",
        ">q\n>||e||w||\n**>x||\r\n\\>a ![t](tg://time?unix=1&format=wT)[x\\]](a.b\\)) _\\_",
        "||\n|| ``` ```\r\n```\n`` [](), \\\u{1}\\\u{7f}\\é🏟\0>\0\n>\0",
    ];
    for sample in samples {
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            for (start, _) in sample[..end].char_indices() {
                let _ = parse_markdown_v2(&sample[start..end]);
            }
        }
    }
}
