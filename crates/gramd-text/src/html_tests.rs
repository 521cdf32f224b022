use super::*;
use crate::entity::EntityKind as K;

fn e(kind: K, offset: u32, length: u32) -> MessageEntity {
    MessageEntity {
        kind,
        offset,
        length,
    }
}

fn link(url: &str) -> K {
    K::TextLink {
        url: url.to_owned(),
    }
}

fn pre(language: &str) -> K {
    K::Pre {
        language: Some(language.to_owned()),
    }
}

const PRE: K = K::Pre { language: None };

#[track_caller]
fn ok(input: &str, text: &str, entities: &[MessageEntity]) {
    match parse_html(input) {
        Ok(ft) => {
            assert_eq!(ft.text, text, "{input:?}");
            assert_eq!(ft.entities, entities, "{input:?}");
        }
        Err(error) => panic!("{input:?}: {error}"),
    }
}

#[track_caller]
fn err(input: &str, message: &str) {
    match parse_html(input) {
        Ok(ft) => panic!("{input:?} parsed as {ft:?}"),
        Err(error) => assert_eq!(error.to_string(), message, "{input:?}"),
    }
}

#[test]
fn errors() {
    let surrogates = "Text contains invalid Unicode characters after decoding HTML entities, check \
                      for unmatched surrogate code units";
    err("&#57311;", surrogates);
    err("&#xDFDF;", surrogates);
    err("&#xDFDF", surrogates);
    err("&#xD83D;&#xDE00;", surrogates);
    err("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13");
    err(
        "🏟 🏟&lt;<abac aba>",
        "Unsupported start tag \"abac\" at byte offset 13",
    );
    err(
        "🏟 🏟&lt;<abac>",
        "Unsupported start tag \"abac\" at byte offset 13",
    );
    err(
        "🏟 🏟&lt;<i   =aba>",
        "Empty attribute name in the tag \"i\" at byte offset 13",
    );
    err(
        "🏟 🏟&lt;<i    aba>",
        "Can't find end tag corresponding to start tag \"i\"",
    );
    err(
        "🏟 🏟&lt;<i    aba  =  ",
        "Unclosed start tag \"i\" at byte offset 13",
    );
    err(
        "🏟 🏟&lt;<i    aba  =  190azAz-.,",
        "Unexpected end of name token at byte offset 27",
    );
    err(
        "🏟 🏟&lt;<i    aba  =  \"&lt;&gt;&quot;>",
        "Unclosed start tag at byte offset 13",
    );
    err(
        "🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;>",
        "Unclosed start tag at byte offset 13",
    );
    err("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13");
    err("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20");
    err("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17");
    err(
        "🏟 🏟&lt;<i>a</em   >",
        "Unmatched end tag at byte offset 17, expected \"</i>\", found \"</em>\"",
    );
    err(
        "<b>x</i>",
        "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"",
    );
    err("<x>", "Unsupported start tag \"x\" at byte offset 0");
    err("<B/>", "Unsupported start tag \"b/\" at byte offset 0");
    err(
        "<b />",
        "Empty attribute name in the tag \"b\" at byte offset 0",
    );
    err(
        "<b ",
        "Empty attribute name in the tag \"b\" at byte offset 0",
    );
    err("<b a", "Unclosed start tag \"b\" at byte offset 0");
    err("<", "Unclosed start tag at byte offset 0");
    err("a<b\0>", "Unclosed start tag at byte offset 1");
    err(
        "<span>x</span>",
        "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0",
    );
    err(
        "<span class=\"spoiler\">x</span>",
        "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0",
    );
    err(
        "<tg-emoji emoji-id=\"x\">👍</tg-emoji>",
        "Invalid custom emoji identifier specified",
    );
    err(
        "<tg-emoji emoji-id=\"0\">👍</tg-emoji>",
        "Invalid custom emoji identifier specified",
    );
    err(
        "<tg-emoji>👍</tg-emoji>",
        "Invalid custom emoji identifier specified",
    );
    err(
        "➡️ ➡️<tg-time unix = \"12345\", format = \"rt\">➡️ ➡️</tg-time>",
        "Invalid date format used",
    );
    err(
        "➡️ ➡️<tg-time unix = \"12345\", format = \"ts\">➡️ ➡️</tg-time>",
        "Invalid date format used",
    );
    // errors found before the end win over the surrogate error
    err(
        "&#xDFDF;<b>",
        "Can't find end tag corresponding to start tag \"b\"",
    );
}

#[test]
fn plain_text_and_references() {
    ok("", "", &[]);
    ok("➡️ ➡️", "➡️ ➡️", &[]);
    ok(
        "&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;",
        "&ge;<>&\"&laquo;&raquo;&#12345678;",
        &[],
    );
    ok("&Or;", "&Or;", &[]);
    ok(
        "&LT; &lt &#65 &#x41; &#X41; &#0; &#1114111; &#1114110;",
        "&LT; < A A &#X41; &#0; &#1114111; \u{10fffe}",
        &[],
    );
    ok("a & b &amp c", "a & b & c", &[]);
    ok("&#128512;x", "😀x", &[]);
}

#[test]
fn styles() {
    ok("➡️ ➡️<i>➡️ ➡️</i>", "➡️ ➡️➡️ ➡️", &[e(K::Italic, 5, 5)]);
    ok("➡️ ➡️<em>➡️ ➡️</em>", "➡️ ➡️➡️ ➡️", &[e(K::Italic, 5, 5)]);
    ok("➡️ ➡️<b>➡️ ➡️</b>", "➡️ ➡️➡️ ➡️", &[e(K::Bold, 5, 5)]);
    ok(
        "➡️ ➡️<strong>➡️ ➡️</strong>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Bold, 5, 5)],
    );
    ok("➡️ ➡️<u>➡️ ➡️</u>", "➡️ ➡️➡️ ➡️", &[e(K::Underline, 5, 5)]);
    ok(
        "➡️ ➡️<ins>➡️ ➡️</ins>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Underline, 5, 5)],
    );
    ok(
        "➡️ ➡️<s>➡️ ➡️</s>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Strikethrough, 5, 5)],
    );
    ok(
        "➡️ ➡️<strike>➡️ ➡️</strike>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Strikethrough, 5, 5)],
    );
    ok(
        "➡️ ➡️<DEL>➡️ ➡️</del>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Strikethrough, 5, 5)],
    );
    ok(
        "➡️ ➡️<blockquote>➡️ ➡️</blockquote>",
        "➡️ ➡️➡️ ➡️",
        &[e(K::Blockquote, 5, 5)],
    );
    ok(
        "➡️ ➡️<i>➡️ ➡️</i><b>➡️ ➡️</b>",
        "➡️ ➡️➡️ ➡️➡️ ➡️",
        &[e(K::Italic, 5, 5), e(K::Bold, 10, 5)],
    );
    ok("🏟 🏟<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟", &[e(K::Italic, 5, 6)]);
    ok(
        "🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>",
        "🏟 🏟🏟 ><🏟",
        &[e(K::Italic, 5, 7), e(K::Bold, 9, 3)],
    );
    ok(
        "🏟 🏟&lt;<i    aba  =  190azAz-.   >a</i>",
        "🏟 🏟<a",
        &[e(K::Italic, 6, 1)],
    );
    ok(
        "🏟 🏟&lt;<i    aba  =  190azAz-.>a</i>",
        "🏟 🏟<a",
        &[e(K::Italic, 6, 1)],
    );
    ok(
        "🏟 🏟&lt;<i    aba  =  \"&lt;&gt;&quot;\">a</i>",
        "🏟 🏟<a",
        &[e(K::Italic, 6, 1)],
    );
    ok(
        "🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>",
        "🏟 🏟<a",
        &[e(K::Italic, 6, 1)],
    );
    ok("🏟 🏟&lt;<i>🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", &[e(K::Italic, 6, 6)]);
    ok("🏟 🏟&lt;<i>a</    >", "🏟 🏟<a", &[e(K::Italic, 6, 1)]);
    ok("🏟 🏟&lt;<i>a</i   >", "🏟 🏟<a", &[e(K::Italic, 6, 1)]);
    ok("🏟 🏟&lt;<b></b>", "🏟 🏟<", &[]);
    ok("<i>\t</i>", "\t", &[e(K::Italic, 0, 1)]);
    ok("<i>\r</i>", "\r", &[e(K::Italic, 0, 1)]);
    ok("<i>\n</i>", "\n", &[e(K::Italic, 0, 1)]);
    ok(
        "<b>bold <i>italic bold <s>italic bold strikethrough <span class=\"tg-spoiler\">italic \
         bold strikethrough spoiler</span></s> <u>underline italic bold</u></i> bold</b>",
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
}

#[test]
fn spoilers_and_custom_emoji() {
    ok(
        "➡️ ➡️<span class = \"tg-spoiler\">➡️ ➡️</span><b>➡️ ➡️</b>",
        "➡️ ➡️➡️ ➡️➡️ ➡️",
        &[e(K::Spoiler, 5, 5), e(K::Bold, 10, 5)],
    );
    ok(
        "<span class=tg-spoiler>a</span>",
        "a",
        &[e(K::Spoiler, 0, 1)],
    );
    ok(
        "🏟 🏟<tg-spoiler>🏟 &lt🏟</tg-spoiler>",
        "🏟 🏟🏟 <🏟",
        &[e(K::Spoiler, 5, 6)],
    );
    let emoji = |id: &str| K::CustomEmoji {
        custom_emoji_id: id.to_owned(),
    };
    ok(
        "➡️ ➡️<tg-emoji emoji-id = \"12345\">➡️ ➡️</tg-emoji><b>➡️ ➡️</b>",
        "➡️ ➡️➡️ ➡️➡️ ➡️",
        &[e(emoji("12345"), 5, 5), e(K::Bold, 10, 5)],
    );
    ok(
        "🏟 🏟<b aba   =   caba><tg-emoji emoji-id=\"1\">🏟</tg-emoji>1</b>",
        "🏟 🏟🏟1",
        &[e(K::Bold, 5, 3), e(emoji("1"), 5, 2)],
    );
    ok(
        "<tg-emoji emoji-id=5368324170671202286>👍</tg-emoji>",
        "👍",
        &[e(emoji("5368324170671202286"), 0, 2)],
    );
    // an empty entity is dropped before its attributes are checked
    ok("<tg-emoji emoji-id=\"x\"></tg-emoji>", "", &[]);
}

#[test]
fn date_times() {
    let date = |unix: i64, format: Option<&str>| K::DateTime {
        unix_time: unix,
        date_time_format: format.map(str::to_owned),
    };
    for (format, expected) in [
        ("r", Some("r")),
        ("t", Some("t")),
        ("T", Some("T")),
        ("d", Some("d")),
        ("D", Some("D")),
        ("w", Some("w")),
        ("W", Some("w")),
        ("tttTTdDwW", Some("wdt")),
        ("", None),
    ] {
        ok(
            &format!(
                "➡️ ➡️<tg-time unix = \"12345\", format = \"{format}\">➡️ ➡️</tg-time><b>➡️ ➡️</b>"
            ),
            "➡️ ➡️➡️ ➡️➡️ ➡️",
            &[e(date(12345, expected), 5, 5), e(K::Bold, 10, 5)],
        );
    }
    ok(
        "<tg-time unix=\"1647531900\" format=\"wDT\">22:45 tomorrow</tg-time>",
        "22:45 tomorrow",
        &[e(date(1647531900, Some("wDT")), 0, 14)],
    );
    // an unquoted value is lower-cased
    ok(
        "<tg-time unix=5 format=T>x</tg-time>",
        "x",
        &[e(date(5, Some("t")), 0, 1)],
    );
    ok(
        "<tg-time unix=12x>x</tg-time>",
        "x",
        &[e(date(12, None), 0, 1)],
    );
    err(
        "<tg-time unix=12+>x</tg-time>",
        "Unexpected end of name token at byte offset 14",
    );
    ok(
        "<tg-time unix=\"12x\">x</tg-time>",
        "x",
        &[e(date(12, None), 0, 1)],
    );
    ok("<tg-time unix=\"-5\">x</tg-time>", "x", &[]);
    ok("<tg-time>x</tg-time>", "x", &[]);
}

#[test]
fn links() {
    ok(
        "<a href=telegram.org>\t</a>",
        "\t",
        &[e(link("http://telegram.org/"), 0, 1)],
    );
    ok(
        "<a href  =\"telegram.org\"   > </a>",
        " ",
        &[e(link("http://telegram.org/"), 0, 1)],
    );
    ok(
        "<a   href=  'telegram.org?&lt;'   > </a>",
        " ",
        &[e(link("http://telegram.org/?<"), 0, 1)],
    );
    ok("<a> </a>", " ", &[]);
    ok("<a>telegram.org </a>", "telegram.org ", &[]);
    ok(
        "<a>telegram.org</a>",
        "telegram.org",
        &[e(link("http://telegram.org/"), 0, 12)],
    );
    ok(
        "<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>",
        "https://telegram.org/asdsa?asdasdwe#12e3we",
        &[e(link("https://telegram.org/asdsa?asdasdwe#12e3we"), 0, 42)],
    );
    ok(
        "<a href=\"http://www.example.com/\">inline URL</a>",
        "inline URL",
        &[e(link("http://www.example.com/"), 0, 10)],
    );
    ok(
        "<a href=\"tg://user?id=123456789\">inline mention of a user</a>",
        "inline mention of a user",
        &[e(K::TextMention { user_id: 123456789 }, 0, 24)],
    );
    // an invalid user id makes an ordinary tg: link
    ok(
        "<a href=\"tg://user?id=0\">x</a>",
        "x",
        &[e(link("tg://user?id=0"), 0, 1)],
    );
    ok("<a HREF=\"telegram.org\">x</a>", "x", &[]);
    ok("<a href=\"javascript:alert(1)\">x</a>", "x", &[]);
}

#[test]
fn code_and_pre() {
    ok(
        "<code><i><b> </b></i></code><i><b><code> </code></b></i>",
        "  ",
        &[
            e(K::Code, 0, 1),
            e(K::Bold, 0, 1),
            e(K::Italic, 0, 1),
            e(K::Code, 1, 1),
            e(K::Bold, 1, 1),
            e(K::Italic, 1, 1),
        ],
    );
    ok("🏟 🏟&lt;<pre  >🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", &[e(PRE, 6, 6)]);
    ok("🏟 🏟&lt;<code >🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", &[e(K::Code, 6, 6)]);
    ok(
        "🏟 🏟&lt;<pre><code>🏟 🏟&lt;</code></>",
        "🏟 🏟<🏟 🏟<",
        &[e(PRE, 6, 6), e(K::Code, 6, 6)],
    );
    ok(
        "🏟 🏟&lt;<pre><code class=\"language-\">🏟 🏟&lt;</code></>",
        "🏟 🏟<🏟 🏟<",
        &[e(PRE, 6, 6), e(K::Code, 6, 6)],
    );
    ok(
        "🏟 🏟&lt;<pre><code class=\"language-fift\">🏟 🏟&lt;</></>",
        "🏟 🏟<🏟 🏟<",
        &[e(pre("fift"), 6, 6)],
    );
    ok(
        "🏟 🏟&lt;<code class=\"language-fift\"><pre>🏟 🏟&lt;</></>",
        "🏟 🏟<🏟 🏟<",
        &[e(pre("fift"), 6, 6)],
    );
    ok(
        "🏟 🏟&lt;<pre><code class=\"language-fift\">🏟 🏟&lt;</> </>",
        "🏟 🏟<🏟 🏟< ",
        &[e(PRE, 6, 7), e(K::Code, 6, 6)],
    );
    ok(
        "🏟 🏟&lt;<pre> <code class=\"language-fift\">🏟 🏟&lt;</></>",
        "🏟 🏟< 🏟 🏟<",
        &[e(PRE, 6, 7), e(K::Code, 7, 6)],
    );
    ok(
        "<pre><code class=\"language-python\">pre-formatted fixed-width code block written in the \
         Python programming language</code></pre>",
        "pre-formatted fixed-width code block written in the Python programming language",
        &[e(pre("python"), 0, 79)],
    );
    ok(
        "<code class=\"language-c\">x</code>",
        "x",
        &[e(K::Code, 0, 1)],
    );
}

#[test]
fn blockquotes() {
    ok(
        "<blockquote   cite=\"\" askdlbas nasjdbaj nj12b3>a&lt;<pre  >b;</></>",
        "a<b;",
        &[e(K::Blockquote, 0, 4), e(PRE, 2, 2)],
    );
    ok(
        "<blockquote   expandable>a&lt;<pre  >b;</></>",
        "a<b;",
        &[e(K::ExpandableBlockquote, 0, 4), e(PRE, 2, 2)],
    );
    ok(
        "<blockquote   expandable   asd>a&lt;<pre  >b;</></>",
        "a<b;",
        &[e(K::ExpandableBlockquote, 0, 4), e(PRE, 2, 2)],
    );
    ok(
        "<blockquote   expandable=false>a&lt;<pre  >b;</></>",
        "a<b;",
        &[e(K::ExpandableBlockquote, 0, 4), e(PRE, 2, 2)],
    );
    ok(
        "<blockquote Expandable>a</blockquote>",
        "a",
        &[e(K::Blockquote, 0, 1)],
    );
}

#[test]
fn never_panics() {
    let samples = [
        "<b>bold <i>it</i></b> &lt;&#128512;&#xD83D;<a href='x.com'>l</a>",
        "<pre><code class=\"language-rust\">fn main() {}</code></pre><tg-time unix=1 format=r>t</tg-time>",
        "<blockquote expandable>q\n<tg-emoji emoji-id=\"5\">👍</tg-emoji></blockquote>&quot&amp",
        "<span class='tg-spoiler'>s</span><  >< / ><a =b></a><\u{0}>&#9999999999;&#xFFFFFFFFFF;",
    ];
    for sample in samples {
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            for (start, _) in sample[..end].char_indices() {
                let _ = parse_html(&sample[start..end]);
            }
        }
    }
}
