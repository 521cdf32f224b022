//! Tests for the parameter parser and the typed getters.

use super::*;

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

fn parse(
    query: Option<&str>,
    content_type: Option<&str>,
    body: impl Into<Vec<u8>>,
) -> Result<Params, ParamsError> {
    Params::parse(query, content_type, &Bytes::from(body.into()))
}

fn ok(query: Option<&str>, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Params {
    parse(query, content_type, body).expect("request should parse")
}

fn pairs(params: &Params) -> Vec<(&str, &str)> {
    params.iter().collect()
}

/// One multipart part: name, optional filename, optional content type, data.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

fn multipart(boundary: &str, parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = b"preamble\r\n".to_vec();
    for (name, file_name, content_type, data) in parts {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").bytes(),
        );
        if let Some(file_name) = file_name {
            body.extend(format!("; filename=\"{file_name}\"").bytes());
        }
        if let Some(content_type) = content_type {
            body.extend(format!("\r\nContent-Type: {content_type}").bytes());
        }
        body.extend(b"\r\n\r\n");
        body.extend(*data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\nepilogue").bytes());
    body
}

#[test]
fn query_string_is_decoded() {
    let params = ok(Some("a=1+2%2B3&b=%E2%9C%93&c&&d=%zz%4&e=x=y"), None, "");
    assert_eq!(
        pairs(&params),
        [
            ("a", "1 2+3"),
            ("b", "✓"),
            ("c", ""),
            ("d", "%zz%4"),
            ("e", "x=y")
        ]
    );
    assert!(params.has("c") && !params.has("z"));
    assert_eq!(params.arg("z"), "");
}

#[test]
fn form_body_and_query_merge_with_query_first() {
    let params = ok(Some("chat_id=1"), FORM, "chat_id=2&text=hi+there");
    assert_eq!(params.arg("chat_id"), "1");
    assert_eq!(params.arg("text"), "hi there");
    assert_eq!(
        pairs(&params),
        [("chat_id", "1"), ("chat_id", "2"), ("text", "hi there")]
    );
    let params = ok(Some("chat_id=1"), JSON, r#"{"chat_id":2}"#);
    assert_eq!(params.arg("chat_id"), "1");
}

#[test]
fn content_type_is_a_case_insensitive_substring() {
    let params = ok(
        None,
        Some("Application/JSON; charset=utf-8"),
        r#"{"a":"b"}"#,
    );
    assert_eq!(params.arg("a"), "b");
    let params = ok(None, Some("x; APPLICATION/X-WWW-FORM-URLENCODED"), "a=c");
    assert_eq!(params.arg("a"), "c");
}

#[test]
fn other_content_types_ignore_the_body() {
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/octet-stream"),
        Some("json"),
    ] {
        let params = ok(Some("q=1"), content_type, r#"{"a":"b"}"#);
        assert_eq!(pairs(&params), [("q", "1")], "{content_type:?}");
    }
}

#[test]
fn json_values_keep_raw_text() {
    let body = r#" {"chat_id":123,"reply_markup":{"a":[1, 2]},"x":null,"b":true,"s":"t\"\n\u00e9\ud83d\ude00\/\q","f":-1.5e3} "#;
    let params = ok(None, JSON, body);
    assert_eq!(
        pairs(&params),
        [
            ("chat_id", "123"),
            ("reply_markup", r#"{"a":[1, 2]}"#),
            ("x", "null"),
            ("b", "true"),
            ("s", "t\"\né😀/q"),
            ("f", "-1.5e3"),
        ]
    );
    assert!(params.bool_arg("b"));
    assert_eq!(params.chat_id("chat_id"), Ok(ChatRef::Id(123)));
    assert_eq!(
        params.json_value("reply_markup").unwrap(),
        Some(serde_json::json!({"a": [1, 2]}))
    );
}

#[test]
fn malformed_json_keeps_the_members_before_the_error() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            r#"{"chat_id":1,"text":"hi","bad":tru,"later":2}"#,
            &[("chat_id", "1"), ("text", "hi")],
        ),
        (r#"{"a":1 "b":2}"#, &[("a", "1")]),
        (r#"{"a":"x","b":[1,2"#, &[("a", "x")]),
        (r#"{"a":nullx,"b":1}"#, &[("a", "null")]),
        (r#"{"a":1,}"#, &[("a", "1")]),
        (r#"{"a":1} trailing"#, &[("a", "1")]),
        (r#"{"a":"\u12"}"#, &[]),
        (r#"{a:1}"#, &[]),
        ("[1,2]", &[]),
        ("123", &[]),
        (r#""text" "#, &[]),
    ];
    for (body, expected) in cases {
        assert_eq!(pairs(&ok(None, JSON, *body)), *expected, "{body}");
    }
}

#[test]
fn json_depth_is_limited() {
    let deep = |n: usize| format!(r#"{{"ok":1,"deep":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    assert_eq!(ok(None, JSON, deep(101)).arg("deep").len(), 202);
    assert_eq!(pairs(&ok(None, JSON, deep(102))), [("ok", "1")]);
    assert_eq!(pairs(&ok(None, JSON, deep(100_000))), [("ok", "1")]);
}

#[test]
fn top_level_json_string_is_content() {
    let params = ok(None, JSON, r#"  "hello\tworld""#);
    assert_eq!(pairs(&params), [("content", "hello\tworld")]);
}

#[test]
fn invalid_utf8_is_reported_by_text_arg() {
    let params = ok(
        Some("a=%FF&b=ok"),
        JSON,
        r#"{"c":"\ud800","d":"\udc00x","e":"\udc00\ud800"}"#,
    );
    // Any two surrogates combine, as in the reference, even in the wrong order.
    assert_eq!(params.text_arg("e"), Ok("\u{10000}"));
    for name in ["a", "c", "d"] {
        assert_eq!(
            params.text_arg(name).unwrap_err().description,
            "strings must be encoded in UTF-8"
        );
        assert!(params.arg(name).contains('\u{FFFD}'), "{name}");
    }
    assert_eq!(params.text_arg("b"), Ok("ok"));
    assert_eq!(params.text_arg("missing"), Ok(""));
}

#[test]
fn multipart_fields_and_files() {
    let body = multipart(
        "XyZ",
        &[
            ("chat_id", None, None, b"42"),
            (
                "photo",
                Some("a%20b.jpg"),
                Some("image/jpeg"),
                b"\x00\xffbin\r\n--Xy",
            ),
            (
                "extra",
                None,
                Some("application/x-www-form-urlencoded"),
                b"k=v+w&chat_id=7",
            ),
            ("doc", Some(""), None, b""),
            ("caption", None, Some("text/plain"), "é".as_bytes()),
        ],
    );
    let content_type = "multipart/form-data; charset=utf-8; BOUNDARY=\"XyZ\"";
    let params = ok(Some("q=1"), Some(content_type), body);
    assert_eq!(
        pairs(&params),
        [
            ("q", "1"),
            ("chat_id", "42"),
            ("k", "v w"),
            ("chat_id", "7"),
            ("caption", "é")
        ]
    );
    let photo = params.file("photo").unwrap();
    assert_eq!(photo.file_name, "a b.jpg");
    assert_eq!(photo.content_type, "image/jpeg");
    assert_eq!(&photo.data[..], b"\x00\xffbin\r\n--Xy");
    let doc = params.file("doc").unwrap();
    assert_eq!(
        (
            doc.file_name.as_str(),
            doc.content_type.as_str(),
            doc.data.len()
        ),
        ("", "application/octet-stream", 0)
    );
    assert_eq!(params.files().len(), 2);
    assert!(params.file("chat_id").is_none());
}

#[test]
fn multipart_disposition_quoting() {
    let body = "--b\r\nContent-Disposition: form-data;name=plain ; filename=\"q\\\"x.txt\"\r\n\r\nv\r\n--b--";
    let params = ok(None, Some("multipart/form-data; boundary=b"), body);
    assert_eq!(params.file("plain").unwrap().file_name, "q\"x.txt");
}

#[test]
fn multipart_errors() {
    let form = |content_type: &str, body: &str| {
        parse(None, Some(content_type), body)
            .map(|_| ())
            .map_err(|e| e.reason)
    };
    let body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";
    assert_eq!(
        form("multipart/form-data", body),
        Err("Bad Request: boundary not found")
    );
    assert_eq!(
        form("multipart/form-data; boundary", body),
        Err("Bad Request: boundary value not found")
    );
    assert_eq!(
        form("multipart/form-data; boundary=\"\"", body),
        Err("Bad Request: boundary too big or empty")
    );
    let long = format!("multipart/form-data; boundary={}", "b".repeat(71));
    assert_eq!(
        form(&long, body),
        Err("Bad Request: boundary too big or empty")
    );
    assert_eq!(
        form("multipart/form-data", ""),
        Ok(()),
        "an empty body is not parsed"
    );
    let ct = "multipart/form-data; boundary=b";
    assert_eq!(form(ct, body), Ok(()));
    for truncated in [
        &body[..body.len() - 4],
        "no boundary at all",
        "--b\r\nContent-Disposition: form-data; name=\"a\"",
    ] {
        assert_eq!(
            form(ct, truncated),
            Err("Bad Request: unexpected end of request content"),
            "{truncated:?}"
        );
    }
    let bad = [
        (
            "--b\r\n\r\nx\r\n--b--",
            "Bad Request: headers in multipart/form-data are empty",
        ),
        (
            "--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--",
            "Bad Request: expected form-data content disposition",
        ),
        (
            "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
            "Bad Request: field name in multipart/form-data not found",
        ),
        (
            "--b\r\nNo colon here\r\n\r\nx\r\n--b--",
            "Bad Request: can't parse form data headers",
        ),
        (
            "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--",
            "Bad Request: unclosed quoted string in Content-Disposition header",
        ),
        (
            "--b\r\nContent-Disposition: form-data; name=\"a\" x\r\n\r\nx\r\n--b--",
            "Bad Request: expected ';' in Content-Disposition header",
        ),
    ];
    for (body, reason) in bad {
        assert_eq!(form(ct, body), Err(reason), "{body:?}");
    }
}

#[test]
fn parameter_size_limit() {
    let too_many = Err(TOO_MANY_PARAMETERS);
    let big = |n: usize| format!("a={}", "x".repeat(n - 2));
    assert!(parse(Some(&big(MAX_PARAMETERS_LENGTH)), None, "").is_ok());
    assert_eq!(
        parse(Some(&big(MAX_PARAMETERS_LENGTH + 1)), None, "").map(|_| ()),
        too_many
    );
    assert!(parse(None, FORM, big(MAX_PARAMETERS_LENGTH)).is_ok());
    assert_eq!(
        parse(Some("q=1"), FORM, big(MAX_PARAMETERS_LENGTH - 2)).map(|_| ()),
        too_many
    );
    let json = |n: usize| format!(r#"{{"a":"{}"}}"#, "x".repeat(n - 8));
    assert!(parse(None, JSON, json(MAX_PARAMETERS_LENGTH)).is_ok());
    assert_eq!(
        parse(None, JSON, json(MAX_PARAMETERS_LENGTH + 1)).map(|_| ()),
        too_many
    );
    // Files do not count; fields do, across parts.
    let half = vec![b'x'; MAX_PARAMETERS_LENGTH / 2 + 1];
    let ct = Some("multipart/form-data; boundary=b");
    let files = multipart(
        "b",
        &[("f", Some("f"), None, &half), ("g", Some("g"), None, &half)],
    );
    assert!(parse(None, ct, files).is_ok());
    let fields = multipart("b", &[("f", None, None, &half), ("g", None, None, &half)]);
    assert_eq!(
        parse(None, ct, fields).map(|_| ()),
        Err(TOO_MANY_FORM_PARAMETERS)
    );
}

#[test]
fn file_count_limit() {
    let names: Vec<String> = (0..=MAX_FILES).map(|i| format!("f{i}")).collect();
    let parts: Vec<Part<'_>> = names
        .iter()
        .map(|name| (name.as_str(), Some("x.bin"), None, &b"data"[..]))
        .collect();
    let ct = Some("multipart/form-data; boundary=b");
    let params = ok(None, ct, multipart("b", &parts[..MAX_FILES]));
    assert_eq!(params.files().len(), MAX_FILES);
    assert_eq!(
        parse(None, ct, multipart("b", &parts)).map(|_| ()),
        Err(TOO_MANY_FILES)
    );
}

#[test]
fn integers_follow_to_integer() {
    let cases = [
        ("5", 5),
        ("-5", -5),
        ("12abc", 12),
        ("abc", 0),
        (" 5", 0),
        ("+5", 0),
        ("--5", 0),
        ("-", 0),
        ("2147483647", i32::MAX),
        ("2147483648", i32::MIN),
        ("-2147483648", i32::MIN),
        ("3000000000", -1_294_967_296),
        ("4294967297", 1),
        ("99999999999", 1_215_752_191),
    ];
    for (text, expected) in cases {
        assert_eq!(to_i32(text), expected, "{text}");
    }
    assert_eq!(to_i64("-1001234567890"), -1_001_234_567_890);
    assert_eq!(to_i64("9223372036854775808"), i64::MIN);
    assert_eq!(to_i64("18446744073709551617"), 1);
    let params = ok(
        Some("limit=abc&offset=-5&timeout=999&big=99999999999&small=-99999999999"),
        None,
        "",
    );
    assert_eq!(params.i32_arg("limit", 100, 1, 100), 1);
    assert_eq!(params.i32_arg("offset", 0, i32::MIN, i32::MAX), -5);
    assert_eq!(params.i32_arg("timeout", 0, 0, 50), 50);
    assert_eq!(params.i32_arg("absent", 100, 1, 100), 100);
    assert_eq!(params.i32_arg("big", 0, 0, i32::MAX), 1_215_752_191);
    assert_eq!(
        params.i64_arg("small", 0, i64::MIN, i64::MAX),
        -99_999_999_999
    );
    assert_eq!(
        params.i32_arg("absent", 7, 10, 1),
        10,
        "min > max does not panic"
    );
    assert_eq!(params.message_id("offset"), 0);
}

#[test]
fn booleans_and_floats() {
    let params = ok(
        Some("a=True&b=+yes+&c=0&d=1&e=false&f=tru&g=%0B1%00"),
        None,
        "",
    );
    let read: Vec<bool> = ["a", "b", "c", "d", "e", "f", "g", "absent"]
        .map(|n| params.bool_arg(n))
        .into();
    assert_eq!(read, [true, true, false, true, false, false, true, false]);
    for (text, expected) in [
        ("1.5", 1.5),
        (" -2e3x", -2000.0),
        (".5", 0.5),
        ("1e", 0.0),
        ("abc", 0.0),
        ("", 0.0),
        ("7.", 7.0),
    ] {
        assert_eq!(to_f64(text), expected, "{text:?}");
    }
}

#[test]
fn chat_ids_users_and_required() {
    let params = ok(
        Some("c=%40channel&n=-1001234&j=junk&u=0&v=77&empty="),
        None,
        "",
    );
    assert_eq!(params.chat_id("c"), Ok(ChatRef::Username("channel".into())));
    assert_eq!(params.chat_id("n"), Ok(ChatRef::Id(-1_001_234)));
    assert_eq!(params.chat_id("j"), Ok(ChatRef::Id(0)));
    assert_eq!(
        params.chat_id("chat_id").unwrap_err().description,
        "chat_id is empty"
    );
    assert_eq!(
        params.chat_id("empty").unwrap_err().to_string(),
        "Bad Request: empty is empty"
    );
    assert_eq!(params.user_id("v"), Ok(77));
    assert_eq!(
        params.user_id("u").unwrap_err().description,
        "invalid u specified"
    );
    assert_eq!(params.required("v"), Ok("77"));
    assert_eq!(
        params.required("empty").unwrap_err().to_string(),
        "Bad Request: parameter \"empty\" is required"
    );
}

#[test]
fn json_value_distinguishes_absent_and_invalid() {
    let params = ok(Some("e=&bad=%7B&arr=%5B1%2C2%5D"), None, "");
    assert!(params.json_value("absent").unwrap().is_none());
    assert!(params.json_value("e").unwrap().is_none());
    assert!(params.json_value("bad").is_err());
    assert_eq!(
        params.json_value("arr").unwrap(),
        Some(serde_json::json!([1, 2]))
    );
}

#[test]
fn method_fallback() {
    let params = ok(None, JSON, r#"{"method":"SendMessage"}"#);
    assert_eq!(params.method_name(""), "sendmessage");
    assert_eq!(params.method_name("GetMe"), "getme");
    assert_eq!(Params::default().method_name(""), "");
}

/// Truncations and byte garbling of valid bodies, plus random noise: parsing must never panic.
#[test]
fn adversarial_inputs_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let special = b"\"\\{}[],:-+.0123456789eEtrufalsn \r\n\t%&=+-;@bu\x00\xff\xc3";
    let mp = multipart(
        "b",
        &[
            ("a", None, None, b"1"),
            ("f", Some("x\\\"y"), Some("t/x"), b"\r\n--"),
            (
                "u",
                None,
                Some("application/x-www-form-urlencoded"),
                b"k=%4",
            ),
        ],
    );
    let seeds: [(Option<&str>, Vec<u8>); 4] = [
        (
            JSON,
            br#"{"a":"\u00e9\ud83d\ude00","b":[1,{"c":null}],"d":-1.5e+3,"e":true}"#.to_vec(),
        ),
        (JSON, br#""\ud800x""#.to_vec()),
        (FORM, b"a=1&b=%E2%9C%93+x&c&=d".to_vec()),
        (Some("multipart/form-data; boundary=\"b\""), mp),
    ];
    for (content_type, body) in &seeds {
        let mut variants: Vec<Vec<u8>> = (0..=body.len()).map(|n| body[..n].to_vec()).collect();
        for _ in 0..2000 {
            let mut garbled = body.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % garbled.len() as u64) as usize;
                match next() % 3 {
                    0 => garbled[at] = special[(next() % special.len() as u64) as usize],
                    1 => drop(garbled.remove(at)),
                    _ => garbled.insert(at, special[(next() % special.len() as u64) as usize]),
                }
            }
            variants.push(garbled);
        }
        for _ in 0..500 {
            variants.push(
                (0..next() % 64)
                    .map(|_| special[(next() % special.len() as u64) as usize])
                    .collect(),
            );
        }
        for variant in variants {
            let query = String::from_utf8_lossy(&variant).into_owned();
            for params in [
                parse(Some(&query), None, ""),
                parse(None, *content_type, variant),
            ]
            .into_iter()
            .flatten()
            {
                for (name, _) in params.iter() {
                    let _ = (
                        params.i32_arg(name, 0, 1, 100),
                        params.bool_arg(name),
                        params.f64_arg(name),
                    );
                    let _ = (
                        params.chat_id(name),
                        params.json_value(name),
                        params.text_arg(name),
                    );
                }
            }
        }
    }
}
