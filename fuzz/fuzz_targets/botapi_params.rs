//! The Bot API request parser: query string, urlencoded, JSON and multipart bodies, then
//! every argument reader the methods use (chat ids, text with parse modes and entities,
//! reply markup, commands...).
//!
//! Input: one mode byte, then for modes that need it a header line ending in `\n`, then the
//! body. Modes: 0 query string only; 1 urlencoded; 2 JSON; 3 multipart with the boundary
//! `gramdfuzz`; 4 any `Content-Type` (the header line) with the body; 5 a query string
//! (the header line) plus a JSON body.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (line, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&rest[..0], rest),
    };
    let line = String::from_utf8_lossy(line);
    match mode % 6 {
        0 => {
            let query = String::from_utf8_lossy(rest);
            gramd_botapi::fuzzing::parse_request(Some(&query), None, b"");
        }
        1 => {
            gramd_botapi::fuzzing::parse_request(
                None,
                Some("application/x-www-form-urlencoded"),
                rest,
            );
        }
        2 => {
            gramd_botapi::fuzzing::parse_request(None, Some("application/json"), rest);
        }
        3 => {
            gramd_botapi::fuzzing::parse_request(
                None,
                Some("multipart/form-data; boundary=gramdfuzz"),
                rest,
            );
        }
        4 => {
            gramd_botapi::fuzzing::parse_request(None, Some(&line), body);
        }
        _ => {
            gramd_botapi::fuzzing::parse_request(Some(&line), Some("application/json"), body);
        }
    }
});
