//! Finding URLs and e-mail addresses in plain text, with TDLib's rules (`match_urls`,
//! `match_tg_urls`, `fix_url`, `is_email_address` and `is_common_tld` in
//! `td/telegram/MessageEntity.cpp`).
//!
//! A candidate grows around every `.` over "domain" characters, then takes an optional port
//! and a path (`/`, `?` or `#` and what follows, up to a space, a newline, `<`, `>`, `"`, `«`
//! or `»`, without trailing `.:;,('?!` and backquote, and cut at the first unbalanced
//! closing bracket). A scheme other than `http`, `https`, `ftp` and `tonsite` disqualifies it,
//! as does a word character, `/`, `#` or `@` just before a scheme-less candidate. A
//! scheme-less domain needs a known top-level domain (see [`crate::tlds`]) or an `xn--` one;
//! `a.b.c.d` IPv4 addresses are accepted.
//!
//! One deliberate deviation: TDLib starts a `tonsite://host` link found by `match_tg_urls`
//! at `ite://`; here it starts at `tonsite://`.

use crate::detect::{Found, char_at, char_before};
use crate::entity::EntityKind;
use crate::tlds::TLDS;
use crate::unicode::{Category, category, is_word_char};

/// Characters after which a URL path may not end.
const BAD_PATH_END: &[u8] = b".:;,('?!`";

fn is_url_unicode_symbol(c: char) -> bool {
    if ('\u{2000}'..='\u{206f}').contains(&c) {
        return matches!(c, '\u{200c}' | '\u{200d}' | '\u{2010}'..='\u{2015}');
    }
    category(c) != Category::Separator
}

fn is_url_path_symbol(c: char) -> bool {
    !matches!(c, '\n' | '<' | '>' | '"' | '«' | '»') && is_url_unicode_symbol(c)
}

fn is_protocol_symbol(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '+' || c == '-'
    } else {
        category(c) != Category::Separator
    }
}

fn is_user_data_symbol(c: char) -> bool {
    !matches!(
        c,
        '\n' | '/'
            | '['
            | ']'
            | '{'
            | '}'
            | '('
            | ')'
            | '\''
            | '`'
            | '<'
            | '>'
            | '"'
            | '@'
            | '«'
            | '»'
    ) && is_url_unicode_symbol(c)
}

fn is_domain_symbol(c: char) -> bool {
    if (c as u32) < 0xc0 {
        c == '.' || c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '~')
    } else {
        is_url_unicode_symbol(c)
    }
}

/// End of a URL path starting with the `/`, `?` or `#` at `at`, if it counts as one.
fn path_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = at + 1;
    for c in text[at + 1..]
        .chars()
        .take_while(|&c| is_url_path_symbol(c))
    {
        end += c.len_utf8();
    }
    while end > at + 1 && BAD_PATH_END.contains(&bytes[end - 1]) {
        end -= 1;
    }
    (bytes[at] == b'/' || end > at + 1).then_some(end)
}

/// `tg://`, `ton://` and `tonsite://` links, whose host has only `[A-Za-z0-9_-]`.
pub(crate) fn find_tg_urls(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut result = Vec::new();
    let mut pos = 0;
    while bytes.len() - pos > 5 {
        let Some(colon) = bytes[pos..]
            .iter()
            .position(|&b| b == b':')
            .map(|p| pos + p)
        else {
            break;
        };
        pos = colon + 1;
        if !bytes[colon..].starts_with(b"://") {
            continue;
        }
        let scheme_ends = |scheme: &[u8]| {
            colon >= scheme.len() && bytes[colon - scheme.len()..colon].eq_ignore_ascii_case(scheme)
        };
        // TDLib starts a `tonsite://` match at `ite://`, which is clearly unintended; the
        // whole scheme is taken here.
        let Some(start) = [b"tg".as_slice(), b"ton", b"tonsite"]
            .into_iter()
            .find(|scheme| scheme_ends(scheme))
            .map(|scheme| colon - scheme.len())
        else {
            continue;
        };
        let host = colon + 3;
        let mut end = host
            + bytes[host..]
                .iter()
                .take(253)
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                .count();
        pos = end;
        if end == host {
            continue;
        }
        if matches!(bytes.get(end), Some(b'/' | b'?' | b'#'))
            && let Some(path) = path_end(text, end)
        {
            end = path;
        }
        pos = end;
        result.push(Found::new(start, end, EntityKind::Url));
    }
    result
}

/// Candidate URLs (with and without scheme) and e-mail addresses.
pub(crate) fn find_urls(text: &str) -> Vec<Found> {
    let mut result = Vec::new();
    for (start, end) in match_urls(text) {
        let candidate = &text.as_bytes()[start..end];
        if is_email_address(candidate) {
            result.push(Found::new(start, end, EntityKind::Email));
        } else if candidate.starts_with(b"mailto:") && is_email_address(&candidate[7..]) {
            result.push(Found::new(start + 7, end, EntityKind::Email));
        } else if let Some(length) = fix_url(candidate) {
            result.push(Found::new(start, start + length, EntityKind::Url));
        }
    }
    result
}

fn match_urls(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut result = Vec::new();
    let mut begin = 0;
    while let Some(dot) = bytes[begin..]
        .iter()
        .position(|&b| b == b'.')
        .map(|p| begin + p)
    {
        if dot + 1 == len {
            break;
        }
        if bytes[dot + 1] == b' ' {
            begin = dot + 2;
            continue;
        }
        let walk_back = |mut at: usize, keep: fn(char) -> bool| {
            while at != begin {
                let c = char_before(text, at);
                if !keep(c) {
                    break;
                }
                at -= c.len_utf8();
            }
            at
        };

        let mut domain_start = walk_back(dot, is_domain_symbol);
        let mut domain_end = dot;
        let mut last_at = None;
        while domain_end != len {
            let c = char_at(text, domain_end);
            if c == '@' {
                last_at = Some(domain_end);
            } else if !is_domain_symbol(c) {
                break;
            }
            domain_end += c.len_utf8();
        }
        if last_at.is_some() {
            domain_start = walk_back(domain_start, is_user_data_symbol);
        }

        let mut url_end = domain_end;
        if bytes.get(url_end) == Some(&b':') {
            let digits_end = url_end
                + 1
                + bytes[url_end + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            let port = &bytes[url_end + 1..digits_end];
            let significant = &port[port.iter().take_while(|&&b| b == b'0').count()..];
            if !significant.is_empty()
                && significant.len() <= 5
                && significant
                    .iter()
                    .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
                    <= 65535
            {
                url_end = digits_end;
            }
        }
        if matches!(bytes.get(url_end), Some(b'/' | b'?' | b'#'))
            && let Some(path) = path_end(text, url_end)
        {
            url_end = path;
        }
        while url_end > dot + 1 && bytes[url_end - 1] == b'.' {
            url_end -= 1;
        }

        let mut is_bad = false;
        let mut url_start = domain_start;
        if url_start != begin && bytes[url_start - 1] == b'@' {
            if last_at.is_some() {
                is_bad = true;
            }
            let user_start = walk_back(url_start - 1, is_user_data_symbol);
            if user_start == url_start - 1 {
                is_bad = true;
            }
            url_start = user_start;
        }
        if url_start != begin {
            let prefix = &bytes[begin..url_start];
            if prefix.len() >= 6 && prefix.ends_with(b"://") {
                let scheme_start = walk_back(url_start - 3, is_protocol_symbol);
                let scheme = bytes[scheme_start..url_start - 3].to_ascii_lowercase();
                let scheme = scheme.as_slice();
                if scheme.ends_with(b"http") && scheme != b"shttp" {
                    url_start -= 7;
                } else if scheme.ends_with(b"https") {
                    url_start -= 8;
                } else if scheme.ends_with(b"ftp") && scheme != b"tftp" && scheme != b"sftp" {
                    url_start -= 6;
                } else if scheme.ends_with(b"tonsite") {
                    url_start -= 10;
                } else {
                    is_bad = true;
                }
            } else {
                let c = char_before(text, url_start);
                if is_word_char(c) || matches!(c, '/' | '#' | '@') {
                    is_bad = true;
                }
            }
        }

        if is_bad {
            while bytes[url_end - 1] != b'.' {
                url_end -= 1;
            }
        } else {
            if url_end > dot + 1 {
                result.push((url_start, url_end));
            }
            while url_end != len && bytes[url_end] == b'.' {
                url_end += 1;
            }
        }
        begin = url_end.max(dot + 1);
    }
    result
}

/// Whether `s` is an e-mail address as Telegram recognises one.
pub(crate) fn is_email_address(s: &[u8]) -> bool {
    let Some(at) = s.iter().position(|&b| b == b'@') else {
        return false;
    };
    let (user, domain) = (&s[..at], &s[at + 1..]);
    if domain.is_empty() {
        return false;
    }
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let user_parts: Vec<&[u8]> = user.split(|&b| b == b'.' || b == b'+').collect();
    let (last_user, other_user) = user_parts.split_last().unwrap_or((&user, &[]));
    if user_parts.len() >= 12
        || other_user.iter().any(|part| part.len() > 26)
        || !user.iter().all(|&b| is_name(b) || b == b'.' || b == b'+')
        || last_user.is_empty()
        || last_user.len() > 35
    {
        return false;
    }
    let parts: Vec<&[u8]> = domain.split(|&b| b == b'.').collect();
    let Some((tld, labels)) = parts.split_last() else {
        return false;
    };
    if parts.len() < 2 || parts.len() > 7 || !(2..=8).contains(&tld.len()) {
        return false;
    }
    tld.iter().all(u8::is_ascii_alphabetic)
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 30
                && label.iter().all(|&b| is_name(b))
                && label[0].is_ascii_alphanumeric()
                && label[label.len() - 1].is_ascii_alphanumeric()
        })
}

/// Whether `tld` (without the dot) is a top-level domain a bare domain may end with.
/// All lower case or all upper case and the like match; only a capitalised first letter
/// (`Com`) does not.
fn is_common_tld(tld: &[u8]) -> bool {
    let lookup = |key: &[u8]| TLDS.binary_search_by(|t| t.as_bytes().cmp(key)).is_ok();
    if tld.iter().all(u8::is_ascii_lowercase) {
        return lookup(tld);
    }
    let Ok(tld) = std::str::from_utf8(tld) else {
        return false;
    };
    let lowered: String = tld
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    if lowered != tld && lowered.chars().skip(1).eq(tld.chars().skip(1)) {
        return false;
    }
    lookup(lowered.as_bytes())
}

/// The length of the part of a candidate that is a URL, if any (TDLib's `fix_url`).
fn fix_url(url: &[u8]) -> Option<usize> {
    let head = url[..url.len().min(10)].to_ascii_lowercase();
    let has_scheme = [b"http://".as_slice(), b"https://", b"ftp://", b"tonsite://"]
        .iter()
        .any(|scheme| head.starts_with(scheme));
    let rest = match url.iter().position(|&b| b == b':') {
        Some(colon) if has_scheme => &url[colon + 3..],
        _ => url,
    };
    let domain_end = rest
        .iter()
        .position(|b| b"/?#".contains(b))
        .unwrap_or(rest.len());
    let (mut domain, path) = rest.split_at(domain_end);
    if let Some(at) = domain.iter().position(|&b| b == b'@') {
        domain = &domain[at + 1..];
    }
    if let Some(colon) = domain.iter().rposition(|&b| b == b':') {
        domain = &domain[..colon];
    }
    if domain.eq_ignore_ascii_case(b"teiegram.org") {
        return None;
    }

    let mut balance = [0i32; 3];
    let mut path_len = 0;
    while path_len < path.len() {
        match path[path_len] {
            b'(' => balance[0] += 1,
            b'[' => balance[1] += 1,
            b'{' => balance[2] += 1,
            b')' => balance[0] -= 1,
            b']' => balance[1] -= 1,
            b'}' => balance[2] -= 1,
            _ => {}
        }
        if balance.iter().any(|&b| b < 0) {
            break;
        }
        path_len += 1;
    }
    while path_len > 0 && BAD_PATH_END.contains(&path[path_len - 1]) {
        path_len -= 1;
    }
    let length = url.len() - (path.len() - path_len);

    let labels: Vec<&[u8]> = domain.split(|&b| b == b'.').collect();
    let mut is_ipv4 = true;
    let mut has_non_digit = false;
    for label in &labels {
        if label.is_empty() || label.len() >= 64 || label.last() == Some(&b'-') {
            return None;
        }
        if label.iter().any(|b| !b.is_ascii_digit()) {
            is_ipv4 = false;
            has_non_digit = true;
        }
        if is_ipv4 && (label.len() > 3 || (label.len() == 3 && label > &b"255".as_slice()))
            || label.len() >= 2 && label[0] == b'0'
        {
            is_ipv4 = false;
        }
    }
    if labels.len() == 1 {
        return None;
    }
    if is_ipv4 && labels.len() == 4 {
        return Some(length);
    }
    if !has_non_digit {
        return None;
    }
    let (tld, rest) = labels.split_last()?;
    if tld.iter().filter(|&&b| b & 0xc0 != 0x80).count() <= 1 {
        return None;
    }
    if let Some(punycode) = tld.strip_prefix(b"xn--") {
        if tld.len() <= 5 || !punycode.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
    } else if tld.contains(&b'_') || tld.contains(&b'-') || (!has_scheme && !is_common_tld(tld)) {
        return None;
    }
    if rest.last().is_some_and(|second| second.contains(&b'_')) {
        return None;
    }
    Some(length)
}

#[cfg(test)]
#[path = "url_tests.rs"]
mod tests;
