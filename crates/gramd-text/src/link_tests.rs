use super::*;

fn ok(url: &str) -> String {
    match check_url(url) {
        Ok(checked) => checked,
        Err(e) => panic!("{url:?} refused: {e}"),
    }
}

fn refused(url: &str) -> UrlProblem {
    match check_url(url) {
        Ok(checked) => panic!("{url:?} accepted as {checked:?}"),
        Err(e) => e.problem,
    }
}

#[test]
fn http_links_are_normalised() {
    assert_eq!(ok("telegram.org"), "http://telegram.org/");
    assert_eq!(ok("telegram.org?<"), "http://telegram.org/?<");
    assert_eq!(
        ok("https://telegram.org/asdsa?asdasdwe#12e3we"),
        "https://telegram.org/asdsa?asdasdwe#12e3we"
    );
    assert_eq!(ok("https://telegram.dog?"), "https://telegram.dog/?");
    assert_eq!(ok("https://telegram.dog?\\("), "https://telegram.dog/?\\(");
    assert_eq!(
        ok("HTTP://User:Pw@EXAMPLE.com/Path"),
        "http://User:Pw@example.com/Path"
    );
    assert_eq!(ok("http://x.com:080/a"), "http://x.com:80/a");
    assert_eq!(ok("http://x.com:65535"), "http://x.com:65535/");
    assert_eq!(ok("http://a.com/ b \t\n"), "http://a.com/%20b");
    assert_eq!(ok("http://a.com/\u{1}"), "http://a.com/%01");
    assert_eq!(ok("http://[::1]/x"), "http://[::1]/x");
    assert_eq!(ok("пример.рф"), "http://пример.рф/");
    assert_eq!(ok("a.b#frag"), "http://a.b/#frag");
}

#[test]
fn bad_http_links() {
    assert_eq!(refused(""), UrlProblem::EmptyHost);
    assert_eq!(refused("as"), UrlProblem::WrongHttpUrl);
    assert_eq!(refused("ftp://x.com"), UrlProblem::UnsupportedProtocol);
    assert_eq!(refused("http://x.com:0"), UrlProblem::WrongPort);
    assert_eq!(refused("http://x.com:"), UrlProblem::WrongPort);
    assert_eq!(refused("http://x.com:65536"), UrlProblem::WrongPort);
    assert_eq!(refused("http://x.com:-5"), UrlProblem::WrongPort);
    assert_eq!(refused("http://[zz]/"), UrlProblem::WrongIpv6Address);
    assert_eq!(refused("http://a b.com"), UrlProblem::DisallowedInHost);
    assert_eq!(refused("http://a%zz.com"), UrlProblem::BadPercentInHost);
    assert_eq!(refused("http://a%4"), UrlProblem::BadPercentInHost);
    assert_eq!(
        refused("http://us\"er@a.com"),
        UrlProblem::DisallowedInUserinfo
    );
    assert_eq!(
        refused("http://us%r@a.com"),
        UrlProblem::BadPercentInUserinfo
    );
    assert_eq!(refused("http://."), UrlProblem::InvalidHost);
    assert_eq!(
        check_url("as").unwrap_err().to_string(),
        "URL 'as' is invalid: Wrong HTTP URL"
    );
}

#[test]
fn tg_and_ton_links() {
    assert_eq!(ok("tg:resolve?domain=x"), "tg://resolve?domain=x");
    assert_eq!(ok("tg://resolve/?domain=x"), "tg://resolve?domain=x");
    assert_eq!(ok("tg://resolve"), "tg://resolve/");
    assert_eq!(ok("TON://abc"), "ton://abc/");
    assert_eq!(ok("tonsite://a.ton"), "tonsite://a.ton/");
    assert_eq!(refused("tg://http://x"), UrlProblem::WrongTgUrl);
    assert_eq!(refused("tg://https://x"), UrlProblem::WrongTgUrl);
    assert_eq!(refused("tg://a:1"), UrlProblem::WrongTgUrl);
    assert_eq!(refused("ton://u@a"), UrlProblem::WrongTonUrl);
    assert_eq!(refused("tg://a.b"), UrlProblem::UnallowedHostCharacters);
}

#[test]
fn user_links() {
    assert_eq!(mentioned_user_id("tg://user?id=123"), Some(123));
    assert_eq!(mentioned_user_id("TG:USER?ID=5"), Some(5));
    assert_eq!(mentioned_user_id("tg://user/?id=1#x"), Some(1));
    assert_eq!(mentioned_user_id("tg://user?x=1&id=2&id=3"), Some(2));
    assert_eq!(
        mentioned_user_id("tg://user?id=1099511627775"),
        Some(MAX_USER_ID)
    );
    assert_eq!(mentioned_user_id("tg://user?id=1099511627776"), None);
    assert_eq!(mentioned_user_id("tg://user?id=0"), None);
    assert_eq!(mentioned_user_id("tg://user?id=-1"), None);
    assert_eq!(mentioned_user_id("tg://user?id=07"), None);
    assert_eq!(mentioned_user_id("tg://user?id=1&"), Some(1));
    assert_eq!(mentioned_user_id("tg://users?id=1"), None);
    assert_eq!(mentioned_user_id("tg://user#?id=1"), None);
    assert_eq!(mentioned_user_id("tg://user"), None);
    assert_eq!(mentioned_user_id("http://user?id=1"), None);
}

#[test]
fn custom_emoji_links() {
    let id = |url: &str| custom_emoji_id_from_link(url.as_bytes());
    assert_eq!(
        id("tg://emoji?id=5368324170671202286"),
        Some(5368324170671202286)
    );
    assert_eq!(id("TG://EMoJI/?test=1231&id=25#id=32"), Some(25));
    assert_eq!(id("tg:emoji?id=-3"), Some(-3));
    assert_eq!(id("tg://emoji?test=1231&id=025"), None);
    assert_eq!(id("tg:emojis?id=1234"), None);
    assert_eq!(id("tg://emoji#test"), None);
    assert_eq!(id("tg://emoji?test=1#&id=25"), None);
    assert_eq!(id("t://emoji?id=1234"), None);
    assert_eq!(id("tg://emoji?id=0"), None);
    assert_eq!(id("tg://emoji?id="), None);
}

#[test]
fn date_links() {
    let date = |url: &str| date_from_link(url.as_bytes());
    let some = |unix: i64, format: &str| Some((unix, Some(format.to_owned())));
    assert_eq!(
        date("tg://time?unix=1647531900&format=wDT"),
        some(1647531900, "wDT")
    );
    assert_eq!(
        date("TG://TiME/?test=1231&format=Wt&unix=25#unix=32"),
        some(25, "wt")
    );
    assert_eq!(date("tg://time?unix=25&format=dt"), some(25, "dt"));
    assert_eq!(date("tg://time?unix=25&format=TD"), some(25, "DT"));
    assert_eq!(date("tg://time?unix=25&format=R"), some(25, "r"));
    assert_eq!(date("tg://time?unix=25"), Some((25, None)));
    assert_eq!(date("tg://time?unix=25&format="), Some((25, None)));
    assert_eq!(date("tg://time?test=1231&date=025"), None);
    assert_eq!(date("tg://time?unix=25&format=rt"), None);
    assert_eq!(date("tg://time?unix=-5"), None);
    assert_eq!(date("tg://time?unix=2147483648"), None);
    assert_eq!(date("tg://time?unix=2147483647"), Some((2147483647, None)));
    assert_eq!(date("tg://time?unix=1&unix=0"), None);
}

#[test]
fn date_formats() {
    assert_eq!(parse_date_format(b""), Some(0));
    assert_eq!(parse_date_format(b"tttTTdDwW"), Some(62));
    assert_eq!(date_format_string(62).as_deref(), Some("wdt"));
    assert_eq!(parse_date_format(b"rt"), None);
    assert_eq!(parse_date_format(b"ts"), None);
    assert_eq!(date_format_string(0), None);
    assert_eq!(
        date_format_string(date_flags::LONG_DATE).as_deref(),
        Some("D")
    );
}

#[test]
fn integers() {
    assert_eq!(parse_canonical_i64(b"007"), None);
    assert_eq!(parse_canonical_i64(b"-0"), None);
    assert_eq!(parse_canonical_i64(b"+5"), None);
    assert_eq!(parse_canonical_i64(b""), None);
    assert_eq!(parse_canonical_i64(b"-9223372036854775808"), Some(i64::MIN));
    assert_eq!(parse_canonical_i64(b"9223372036854775808"), None);
    assert_eq!(parse_lenient_i32(b"12345"), 12345);
    assert_eq!(parse_lenient_i32(b"-7x"), -7);
    assert_eq!(parse_lenient_i32(b"abc"), 0);
    assert_eq!(parse_lenient_i32(b"4294967295"), -1);
    assert_eq!(parse_lenient_i32(b"2147483648"), i32::MIN);
    assert_eq!(parse_lenient_i32(b"-2147483648"), i32::MIN);
}
