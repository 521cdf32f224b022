use super::*;

fn tg_urls(text: &str) -> Vec<&str> {
    find_tg_urls(text)
        .iter()
        .map(|f| &text[f.start..f.end])
        .collect()
}

/// (URLs, e-mail addresses) found in `text`.
fn urls(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut result = (Vec::new(), Vec::new());
    for f in find_urls(text) {
        match f.kind {
            Some(EntityKind::Email) => result.1.push(&text[f.start..f.end]),
            _ => result.0.push(&text[f.start..f.end]),
        }
    }
    result
}

#[track_caller]
fn check(text: &str, expected_urls: &[&str]) {
    assert_eq!(urls(text), (expected_urls.to_vec(), vec![]), "{text:?}");
}

#[track_caller]
fn check_emails(text: &str, expected_urls: &[&str], expected_emails: &[&str]) {
    assert_eq!(
        urls(text),
        (expected_urls.to_vec(), expected_emails.to_vec()),
        "{text:?}"
    );
}

#[test]
fn tg_links() {
    assert!(tg_urls("tg://").is_empty());
    assert_eq!(tg_urls("tg://a"), ["tg://a"]);
    assert_eq!(tg_urls("stg://a"), ["tg://a"]);
    assert_eq!(
        tg_urls(
            "asd  asdas das ton:asd tg:test ton://resolve tg://resolve TON://_-RESOLVE_- TG://-_RESOLVE-_"
        ),
        [
            "ton://resolve",
            "tg://resolve",
            "TON://_-RESOLVE_-",
            "TG://-_RESOLVE-_"
        ]
    );
    assert!(tg_urls("tg:test/").is_empty());
    assert!(tg_urls("tg:/test/").is_empty());
    assert_eq!(tg_urls("tg://test/"), ["tg://test/"]);
    assert_eq!(tg_urls("tg://test/?"), ["tg://test/"]);
    assert_eq!(tg_urls("tg://test/#"), ["tg://test/#"]);
    assert_eq!(tg_urls("tg://test?"), ["tg://test"]);
    assert_eq!(tg_urls("tg://test#"), ["tg://test"]);
    assert_eq!(
        tg_urls("tg://test/―asd―?asd=asd&asdas=―#――――"),
        ["tg://test/―asd―?asd=asd&asdas=―#――――"]
    );
    assert_eq!(tg_urls("tg://test/?.:;,('?!`.:;,('?!`"), ["tg://test/"]);
    assert_eq!(tg_urls("tg://test?as‖df"), ["tg://test?as"]);
    assert_eq!(tg_urls("tg://test?sa<df"), ["tg://test?sa"]);
    assert_eq!(tg_urls("tg://test?as«df"), ["tg://test?as"]);
    assert_eq!(tg_urls("tg://test?as(df"), ["tg://test?as(df"]);
    assert_eq!(tg_urls("tg://test?as%df"), ["tg://test?as%df"]);
    assert!(tg_urls("tg://%30/sccct").is_empty());
    assert_eq!(tg_urls("tg://test:asd@google.com:80"), ["tg://test"]);
    assert_eq!(tg_urls("tg://google.com"), ["tg://google"]);
    assert_eq!(tg_urls("tg://127.0.0.1"), ["tg://127"]);
    assert!(tg_urls("tg://б.а.н.а.на").is_empty());
    assert_eq!(tg_urls("tonsite://a-b"), ["tonsite://a-b"]);
}

#[test]
fn email_addresses() {
    for (text, expected) in [
        ("telegram.org", false),
        ("security@telegram.org", true),
        ("", false),
        ("@", false),
        ("A@a.a.a.ab", true),
        ("Test@aa.aa.aa.aa", true),
        ("a.bc@d.ef", true),
        ("a@a.a.a.a.a.a.a.ab", false),
        ("a@a.a.a.a.a.a.ab", true),
        ("a.a.a.a.a.a.a.a.a.a.a@a.ab", true),
        ("a.a.a.a.a.a.a.a.a.a.a.a@a.ab", false),
        ("+.+.+.+.+._@a.ab", true),
        ("a..a@a.ab", true),
        ("a.a.@a.ab", false),
        ("a.a.abcdefghijklmnopqrstuvwxyz012345678@a.ab", true),
        ("a.a.abcdefghijklmnopqrstuvwxyz0123456789@a.ab", false),
        ("abcdefghijklmnopqrstuvwxyz0.a.a@a.ab", false),
        ("a@abcdefghijklmnopqrstuvwxyz0123.ab", true),
        ("a@abcdefghijklmnopqrstuvwxyz01234.ab", false),
        ("a@a.abcdefghi", false),
        ("a@a.ab9yz", false),
        ("a@-b.ab", false),
        ("a@b-.ab", false),
        ("a@b_c.ab", true),
        ("a@a..ab", false),
        ("a*@a.ab", false),
    ] {
        assert_eq!(is_email_address(text.as_bytes()), expected, "{text:?}");
    }
}

#[test]
fn urls_without_scheme() {
    check("telegram.org", &["telegram.org"]);
    check("(telegram.org)", &["telegram.org"]);
    check("\ntelegram.org)", &["telegram.org"]);
    check(".telegram.org)", &[]);
    check("()telegram.org/?q=()", &["telegram.org/?q=()"]);
    check("\"telegram.org\"", &["telegram.org"]);
    check(
        " telegram. org. www. com... telegram.org... ...google.com...",
        &["telegram.org"],
    );
    check(
        "Такой сайт: http://www.google.com или такой telegram.org ",
        &["http://www.google.com", "telegram.org"],
    );
    check(" telegram.org. ", &["telegram.org"]);
    check("telegram.ton", &["telegram.ton"]);
    check("telegram.onion", &["telegram.onion"]);
    check("telegram.tonsite", &[]);
    check("a.ab", &[]);
    check("test.abd", &[]);
    check("ТеСт.Москва", &[]);
    check("ТеСт.МоСкВΑ", &[]);
    check("ТеСт.МоСкВа", &["ТеСт.МоСкВа"]);
    check("ТеСт.МоСкВач", &[]);
    check("ÀÁ.com. ÀÁ.com.", &["ÀÁ.com", "ÀÁ.com"]);
    check("ÀÁ.com,ÀÁ.com.", &["ÀÁ.com", "ÀÁ.com"]);
    check("teiegram.org/test", &[]);
    check("TeiegraM.org/test", &[]);
    check("telegram.Org", &[]);
    check("telegram.ORG", &["telegram.ORG"]);
    check("a.b.c.com.a.b.c", &[]);
    check("www.🤙.tk", &["www.🤙.tk"]);
    check("127.0.0.1", &["127.0.0.1"]);
    for text in [
        "127.001",
        "127.0.0.01",
        "127.0.0.256",
        "127.0.0.300",
        "127.0.0.1000",
        "1.0",
    ] {
        check(text, &[]);
    }
    check("'views.py'", &["views.py"]);
    check(".views.py", &[]);
    check("/.b/..a    @.....@/. a.ba", &["a.ba"]);
    check("_.test.com", &["_.test.com"]);
    check("test_.com", &[]);
    check("_test.com", &[]);
    check("xn--80afpi2a3c.xn--p1ai", &["xn--80afpi2a3c.xn--p1ai"]);
    check("abc.xn--p", &[]);
    check("abc.xn--p1", &["abc.xn--p1"]);
    check("abc.xn--p-1", &[]);
    check("google.com:᪉᪉᪉᪉᪉", &["google.com"]);
}

#[test]
fn urls_with_scheme_port_and_path() {
    check("http://google,.com", &[]);
    check(
        "http://telegram.org/?asd=123#123.",
        &["http://telegram.org/?asd=123#123"],
    );
    check("[http://google.com](test)", &["http://google.com"]);
    check("http://@google.com", &[]);
    check("http://@@google.com", &[]);
    check("http://a@google.com", &["http://a@google.com"]);
    check("https://telegram.org", &["https://telegram.org"]);
    check("ftp://telegram.org", &["ftp://telegram.org"]);
    check("ftps://telegram.org", &[]);
    check("sftp://telegram.org", &[]);
    check("tonsite://telegram.ton", &["tonsite://telegram.ton"]);
    check("hTtPs://telegram.org", &["hTtPs://telegram.org"]);
    check("аHTTP://telegram.org", &["HTTP://telegram.org"]);
    check("sHTTP://telegram.org", &[]);
    check("://telegram.org", &[]);
    check(",ahttp://google.com", &["http://google.com"]);
    check(".ahttp://google.com", &[]);
    check("http://1.0", &[]);
    check("http://a.a", &[]);
    check("google.com:1#ab c", &["google.com:1#ab"]);
    check("google.com:1#", &["google.com:1"]);
    check("google.com:00000001/abs", &["google.com:00000001/abs"]);
    check("google.com:000000065536/abs", &["google.com"]);
    check("google.com:0/abs", &["google.com"]);
    check("google.com:65535", &["google.com:65535"]);
    check("google.com:65536", &["google.com"]);
    check(
        "http://test.google.com/?q=abc()}[]def",
        &["http://test.google.com/?q=abc()"],
    );
    check(
        "http://test.google.com/?q=abc([{)]}def",
        &["http://test.google.com/?q=abc([{)]}def"],
    );
    check(
        "http://test.google.com/?q=abc){}[]def",
        &["http://test.google.com/?q=abc"],
    );
    check("http://test-.google.com", &[]);
    check("http://test_.google.com", &["http://test_.google.com"]);
    check("http://google_.com", &[]);
    check("http://[2001:4860:0:2001::68]/", &[]);
    check("http://google.com?", &["http://google.com"]);
    check("http://google.com##", &["http://google.com##"]);
    check("https://www.google.com/ab,", &["https://www.google.com/ab"]);
    check("http://ÀТеСт.МоСкВач", &["http://ÀТеСт.МоСкВач"]);
    check(
        "('http://telegram.org/a-b/?br=ie&lang=en',)",
        &["http://telegram.org/a-b/?br=ie&lang=en"],
    );
    check(
        "https://ai.telegram.org/bot%20bot/test-...",
        &["https://ai.telegram.org/bot%20bot/test-"],
    );
    check(
        "<http://www.ics.uci.edu/pub/ietf/uri/historical.html#WARNING>",
        &["http://www.ics.uci.edu/pub/ietf/uri/historical.html#WARNING"],
    );
    check("https://t.me/abcdef…", &["https://t.me/abcdef"]);
    check("https://t.m…", &[]);
    check("👉http://ab.com/cdefgh-1IJ", &["http://ab.com/cdefgh-1IJ"]);
    check("http://google.com/‖", &["http://google.com/"]);
    check(
        "http://test―‑@―google―.―com―/―–―‐―/―/―/―?―‑―#―――",
        &["http://test―‑@―google―.―com―/―–―‐―/―/―/―?―‑―#―――"],
    );
    check("bug.http://test.com/test/+#", &[]);
    check("Look :test@example.com", &[":test@example.com"]);
}

#[test]
fn urls_and_emails_together() {
    check_emails("a.bc@c.com", &[], &["a.bc@c.com"]);
    check_emails("https://a.bc@c.com", &["https://a.bc@c.com"], &[]);
    check_emails("https://a.de[bc@c.com", &["https://a.de"], &["bc@c.com"]);
    check_emails("https://a.de/bc@c.com", &["https://a.de/bc@c.com"], &[]);
    check_emails("https://de[bc@c.com", &[], &["bc@c.com"]);
    check_emails("https://de/bc@c.com", &[], &[]);
    check_emails(
        "https://a.bc@test.com:cd.com",
        &["https://a.bc@test.com", "cd.com"],
        &[],
    );
    check_emails("Look mailto:test@example.com", &[], &["test@example.com"]);
    check_emails("a@b@c.com", &[], &[]);
    check_emails("a@b.com:c@1", &[], &["a@b.com"]);
    check_emails("test@test.software", &[], &["test@test.software"]);
    check_emails("a:b?@gmail.com", &[], &[]);
    check_emails("a!:b@gmail.com", &["a!:b@gmail.com"], &[]);
}
