//! Link checking for text links, user mentions by id, custom emoji and date-time links.
//!
//! Telegram accepts a `text_link` URL only after normalising it: the scheme must be `http`,
//! `https` (the default), `tg`, `ton` or `tonsite`; the host is lower-cased; a missing path
//! becomes `/`; bytes up to U+0020 in the path are percent-encoded. `tg://user?id=N` links are
//! turned into `text_mention` entities instead
//! (<https://core.telegram.org/bots/api#formatting-options>), `tg://emoji?id=N` and
//! `tg://time?unix=N&format=F` links (MarkdownV2 `![..](..)`) into custom emoji and date-time
//! entities (<https://core.telegram.org/bots/api#date-time-entity-formatting>).
//!
//! The rules follow TDLib (`LinkManager::check_link`, `get_link_user_id`,
//! `get_link_custom_emoji_id`, `get_link_formatted_date` and `td/utils/HttpUrl.cpp`).
//! The functions work on bytes because legacy Markdown can hand them a byte string that is
//! not valid UTF-8 (see [`crate::markdown`]).

use std::fmt;

/// The largest user identifier Telegram accepts (2^40 - 1).
pub(crate) const MAX_USER_ID: i64 = (1 << 40) - 1;

/// Why a URL was refused; `Display` gives TDLib's reason text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// A scheme other than `http`/`https` before `://`.
    UnsupportedProtocol,
    /// The port is not a number in 1..=65535.
    WrongPort,
    /// `[...]` host that is not an IPv6 address.
    WrongIpv6Address,
    /// IPv6 host with characters outside `[0-9a-f:.]`.
    WrongIpv6Host,
    /// Nothing between the scheme and the path.
    EmptyHost,
    /// The host is `.`.
    InvalidHost,
    /// A `%` not followed by two hex digits in the host.
    BadPercentInHost,
    /// A `%` not followed by two hex digits in the user info.
    BadPercentInUserinfo,
    /// A forbidden ASCII character in the host.
    DisallowedInHost,
    /// A forbidden ASCII character in the user info.
    DisallowedInUserinfo,
    /// A `tg:` link with a port, user info, `https` or an IPv6 host.
    WrongTgUrl,
    /// A `ton:`/`tonsite:` link with a port, user info, `https` or an IPv6 host.
    WrongTonUrl,
    /// A `tg:`/`ton:` host with characters other than letters, digits, `-` and `_`.
    UnallowedHostCharacters,
    /// An `http(s)` host without a dot.
    WrongHttpUrl,
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnsupportedProtocol => "Unsupported URL protocol",
            Self::WrongPort => "Wrong port number specified in the URL",
            Self::WrongIpv6Address => "Wrong IPv6 address specified in the URL",
            Self::WrongIpv6Host => "Wrong IPv6 URL host",
            Self::EmptyHost => "URL host is empty",
            Self::InvalidHost => "Host is invalid",
            Self::BadPercentInHost => "Wrong percent-encoded symbol in URL host",
            Self::BadPercentInUserinfo => "Wrong percent-encoded symbol in URL userinfo",
            Self::DisallowedInHost => "Disallowed character in URL host",
            Self::DisallowedInUserinfo => "Disallowed character in URL userinfo",
            Self::WrongTgUrl => "Wrong tg URL",
            Self::WrongTonUrl => "Wrong ton URL",
            Self::UnallowedHostCharacters => "Unallowed characters in URL host",
            Self::WrongHttpUrl => "Wrong HTTP URL",
        })
    }
}

/// A URL Telegram would not accept as a `text_link`.
///
/// `Display` gives TDLib's text, `URL '<url>' is invalid: <reason>`; the Bot API prefixes it
/// with `Entity ` when the URL came from an explicit `text_link` entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUrl {
    /// The URL as given.
    pub url: String,
    /// What is wrong with it.
    pub problem: UrlProblem,
}

impl fmt::Display for InvalidUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "URL '{}' is invalid: {}", self.url, self.problem)
    }
}

impl std::error::Error for InvalidUrl {}

/// Normalises `url` as Telegram does for a `text_link`, or says why it is refused.
///
/// `telegram.org` becomes `http://telegram.org/`, `HTTPS://A.B/c?d` becomes `https://a.b/c?d`,
/// `tg:resolve?domain=x` becomes `tg://resolve?domain=x`.
pub fn check_url(url: &str) -> Result<String, InvalidUrl> {
    match check_link(url.as_bytes()) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(problem) => Err(InvalidUrl {
            url: url.to_owned(),
            problem,
        }),
    }
}

/// The user a `tg://user?id=<id>` link mentions, if `url` is such a link with a valid id.
pub fn mentioned_user_id(url: &str) -> Option<i64> {
    user_id_from_link(url.as_bytes())
}

fn lower(bytes: &[u8]) -> Vec<u8> {
    bytes.to_ascii_lowercase()
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// TDLib's `to_integer_safe`: the whole input must be the canonical decimal form.
pub(crate) fn parse_canonical_i64(bytes: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(bytes).ok()?;
    let value: i64 = text.parse().ok()?;
    (value.to_string() == text).then_some(value)
}

/// TDLib's lenient `to_integer<int32>`: an optional `-`, then digits up to the first
/// non-digit, wrapping on overflow.
pub(crate) fn parse_lenient_i32(bytes: &[u8]) -> i32 {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut value: u32 = 0;
    for &b in digits.iter().take_while(|b| b.is_ascii_digit()) {
        value = value.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
    }
    let mut negative = negative;
    if value > i32::MAX as u32 {
        value = value.wrapping_neg();
        negative = !negative;
        if value > i32::MAX as u32 {
            return i32::MIN;
        }
    }
    let value = value as i32;
    if negative { -value } else { value }
}

/// The id of a `tg://user?id=<id>` link (any letter case, `//` optional), if valid.
pub(crate) fn user_id_from_link(url: &[u8]) -> Option<i64> {
    let query = tg_link_query(url, b"user")?;
    let id = first_parameter(query, |key| key.eq_ignore_ascii_case(b"id"))?;
    parse_canonical_i64(id).filter(|id| (1..=MAX_USER_ID).contains(id))
}

/// The value of the first parameter of `query` whose key `is_wanted` accepts.
fn first_parameter(query: &[u8], is_wanted: impl Fn(&[u8]) -> bool) -> Option<&[u8]> {
    query
        .split(|&b| b == b'&')
        .map(|parameter| split_once(parameter, b'='))
        .find(|(key, _)| is_wanted(key))
        .map(|(_, value)| value)
}

fn split_once(bytes: &[u8], sep: u8) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == sep) {
        Some(pos) => (&bytes[..pos], &bytes[pos + 1..]),
        None => (bytes, &[]),
    }
}

/// The query of a `tg://<host>?<query>` link, the `#fragment` cut off.
fn tg_link_query<'a>(url: &'a [u8], host: &[u8]) -> Option<&'a [u8]> {
    if !starts_with_ignore_case(url, b"tg:") {
        return None;
    }
    let mut rest = &url[3..];
    rest = rest.strip_prefix(b"//").unwrap_or(rest);
    if !starts_with_ignore_case(rest, host) {
        return None;
    }
    rest = &rest[host.len()..];
    if let Some(&next) = rest.first()
        && !matches!(next, b'/' | b'?' | b'#')
    {
        return None;
    }
    rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let mut query = rest.strip_prefix(b"?")?;
    if let Some(hash) = query.iter().position(|&b| b == b'#') {
        query = &query[..hash];
    }
    Some(query)
}

/// The custom emoji of a `tg://emoji?id=<id>` link.
pub(crate) fn custom_emoji_id_from_link(url: &[u8]) -> Option<i64> {
    let query = tg_link_query(url, b"emoji")?;
    let id = first_parameter(query, |key| key == b"id")?;
    parse_canonical_i64(id).filter(|&id| id != 0)
}

/// Flag bits of a date-time format, as TDLib keeps them.
pub(crate) mod date_flags {
    pub(crate) const RELATIVE: u8 = 1;
    pub(crate) const SHORT_TIME: u8 = 2;
    pub(crate) const LONG_TIME: u8 = 4;
    pub(crate) const SHORT_DATE: u8 = 8;
    pub(crate) const LONG_DATE: u8 = 16;
    pub(crate) const DAY_OF_WEEK: u8 = 32;
}

/// Parses a date-time format (`r`, `R`, or any mix of `tTdDwW`); `None` if invalid.
pub(crate) fn parse_date_format(format: &[u8]) -> Option<u8> {
    use date_flags::*;
    if format == b"r" || format == b"R" {
        return Some(RELATIVE);
    }
    format.iter().try_fold(0, |flags, &b| {
        Some(
            flags
                | match b {
                    b't' => SHORT_TIME,
                    b'T' => LONG_TIME,
                    b'd' => SHORT_DATE,
                    b'D' => LONG_DATE,
                    b'w' | b'W' => DAY_OF_WEEK,
                    _ => return None,
                },
        )
    })
}

/// The Bot API spelling of format flags (`r`, or `w?[dD]?[tT]?`); `None` for no format.
pub(crate) fn date_format_string(flags: u8) -> Option<String> {
    use date_flags::*;
    if flags == 0 {
        return None;
    }
    if flags & RELATIVE != 0 {
        return Some("r".to_owned());
    }
    let mut out = String::new();
    if flags & DAY_OF_WEEK != 0 {
        out.push('w');
    }
    if flags & SHORT_DATE != 0 {
        out.push('d');
    } else if flags & LONG_DATE != 0 {
        out.push('D');
    }
    if flags & SHORT_TIME != 0 {
        out.push('t');
    } else if flags & LONG_TIME != 0 {
        out.push('T');
    }
    Some(out)
}

/// The Unix time and format of a `tg://time?unix=<time>&format=<format>` link.
pub(crate) fn date_from_link(url: &[u8]) -> Option<(i64, Option<String>)> {
    let query = tg_link_query(url, b"time")?;
    let mut date = 0i64;
    let mut format: &[u8] = b"";
    for parameter in query.split(|&b| b == b'&') {
        let (key, value) = split_once(parameter, b'=');
        if key == b"unix" {
            date = parse_canonical_i64(value).filter(|&d| d > 0 && d <= i64::from(i32::MAX))?;
        }
        if key == b"format" {
            format = value;
        }
    }
    if date == 0 {
        return None;
    }
    Some((date, date_format_string(parse_date_format(format)?)))
}

/// A parsed `http(s)` URL, as TDLib's `HttpUrl`.
struct HttpUrl {
    https: bool,
    userinfo: Vec<u8>,
    host: Vec<u8>,
    is_ipv6: bool,
    specified_port: u32,
    query: Vec<u8>,
}

/// Checks the characters of a host or user info; the error says whether a `%` escape was bad.
fn check_url_part(part: &[u8], allow_colon: bool) -> Result<(), bool> {
    let mut i = 0;
    while i < part.len() {
        let c = part[i];
        let plain = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'.' | b'-'
                    | b'_'
                    | b'!'
                    | b'$'
                    | b','
                    | b'~'
                    | b'*'
                    | b'\''
                    | b'('
                    | b')'
                    | b';'
                    | b'&'
                    | b'+'
                    | b'='
            )
            || (allow_colon && c == b':')
            || c >= 0x80;
        if plain {
            i += 1;
            continue;
        }
        if c == b'%' {
            let hex = |j: usize| part.get(j).is_some_and(u8::is_ascii_hexdigit);
            if hex(i + 1) && hex(i + 2) {
                i += 3;
                continue;
            }
            return Err(true);
        }
        return Err(false);
    }
    Ok(())
}

fn parse_http_url(url: &[u8]) -> Result<HttpUrl, UrlProblem> {
    let scheme_end = url
        .iter()
        .position(|b| b":/?#@[]".contains(b))
        .unwrap_or(url.len());
    let (https, rest) = if url[scheme_end..].starts_with(b"://") {
        match lower(&url[..scheme_end]).as_slice() {
            b"http" => (false, &url[scheme_end + 3..]),
            b"https" => (true, &url[scheme_end + 3..]),
            _ => return Err(UrlProblem::UnsupportedProtocol),
        }
    } else {
        (false, url)
    };
    let authority_end = rest
        .iter()
        .position(|b| b"/?#".contains(b))
        .unwrap_or(rest.len());
    let (authority, query) = rest.split_at(authority_end);

    let mut port: i64 = 0;
    let mut userinfo_host = authority;
    let mut colon = authority.len().saturating_sub(1);
    while colon > 0 && !matches!(authority[colon], b':' | b']' | b'@') {
        colon -= 1;
    }
    if colon > 0 && authority[colon] == b':' {
        let mut digits = &authority[colon + 1..];
        while digits.len() > 1 && digits[0] == b'0' {
            digits = &digits[1..];
        }
        port = match parse_canonical_i64(digits) {
            Some(p) if p != 0 && i32::try_from(p).is_ok() => p,
            _ => -1,
        };
        userinfo_host = &authority[..colon];
    }
    if !(0..=65535).contains(&port) {
        return Err(UrlProblem::WrongPort);
    }
    let (userinfo, host) = match userinfo_host.iter().rposition(|&b| b == b'@') {
        Some(at) => (&userinfo_host[..at], &userinfo_host[at + 1..]),
        None => (&userinfo_host[..0], userinfo_host),
    };
    let is_ipv6 = host.len() >= 2 && host[0] == b'[' && host[host.len() - 1] == b']';
    if is_ipv6 {
        let inner = std::str::from_utf8(&host[1..host.len() - 1]).unwrap_or("-");
        if inner.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(UrlProblem::WrongIpv6Address);
        }
    }
    if host.is_empty() {
        return Err(UrlProblem::EmptyHost);
    }
    if host == b"." {
        return Err(UrlProblem::InvalidHost);
    }

    let mut query = query;
    while let Some((&last, init)) = query.split_last()
        && crate::unicode::is_space_byte(last)
    {
        query = init;
    }
    let query = if query.is_empty() { b"/" } else { query };
    let mut query_out = Vec::with_capacity(query.len() + 1);
    if query[0] != b'/' {
        query_out.push(b'/');
    }
    for &c in query {
        if c <= 0x20 {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            query_out.extend_from_slice(&[
                b'%',
                HEX[usize::from(c / 16)],
                HEX[usize::from(c % 16)],
            ]);
        } else {
            query_out.push(c);
        }
    }

    let host = lower(host);
    if is_ipv6 {
        let inner = &host[1..host.len() - 1];
        if !inner
            .iter()
            .all(|&c| matches!(c, b':' | b'0'..=b'9' | b'a'..=b'f' | b'.'))
        {
            return Err(UrlProblem::WrongIpv6Host);
        }
    } else {
        check_url_part(&host, false).map_err(|percent| {
            if percent {
                UrlProblem::BadPercentInHost
            } else {
                UrlProblem::DisallowedInHost
            }
        })?;
        check_url_part(userinfo, true).map_err(|percent| {
            if percent {
                UrlProblem::BadPercentInUserinfo
            } else {
                UrlProblem::DisallowedInUserinfo
            }
        })?;
    }
    Ok(HttpUrl {
        https,
        userinfo: userinfo.to_vec(),
        host,
        is_ipv6,
        specified_port: u32::try_from(port).unwrap_or(0),
        query: query_out,
    })
}

/// Normalises a link for a `text_link` entity (TDLib's `check_link_impl`).
pub(crate) fn check_link(link: &[u8]) -> Result<Vec<u8>, UrlProblem> {
    let (scheme, rest): (Option<&str>, &[u8]) = if starts_with_ignore_case(link, b"tg:") {
        (Some("tg"), &link[3..])
    } else if starts_with_ignore_case(link, b"ton:") {
        (Some("ton"), &link[4..])
    } else if starts_with_ignore_case(link, b"tonsite:") {
        (Some("tonsite"), &link[8..])
    } else {
        (None, link)
    };
    let rest = match scheme {
        Some(_) => rest.strip_prefix(b"//").unwrap_or(rest),
        None => rest,
    };
    let url = parse_http_url(rest)?;
    if let Some(scheme) = scheme {
        if starts_with_ignore_case(rest, b"http://")
            || url.https
            || !url.userinfo.is_empty()
            || url.specified_port != 0
            || url.is_ipv6
        {
            return Err(if scheme == "tg" {
                UrlProblem::WrongTgUrl
            } else {
                UrlProblem::WrongTonUrl
            });
        }
        let mut query = url.query.as_slice();
        if query.len() > 1 && query[1] == b'?' {
            query = &query[1..];
        }
        let tonsite = scheme == "tonsite";
        if !url
            .host
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || (tonsite && c == b'.'))
        {
            return Err(UrlProblem::UnallowedHostCharacters);
        }
        let mut out = Vec::with_capacity(scheme.len() + 3 + url.host.len() + query.len());
        out.extend_from_slice(scheme.as_bytes());
        out.extend_from_slice(b"://");
        out.extend_from_slice(&url.host);
        out.extend_from_slice(query);
        return Ok(out);
    }
    if !url.host.contains(&b'.') && !url.is_ipv6 {
        return Err(UrlProblem::WrongHttpUrl);
    }
    let mut out = Vec::with_capacity(url.host.len() + url.query.len() + 16);
    out.extend_from_slice(if url.https { b"https://" } else { b"http://" });
    if !url.userinfo.is_empty() {
        out.extend_from_slice(&url.userinfo);
        out.push(b'@');
    }
    out.extend_from_slice(&url.host);
    if url.specified_port > 0 {
        out.push(b':');
        out.extend_from_slice(url.specified_port.to_string().as_bytes());
    }
    out.extend_from_slice(&url.query);
    Ok(out)
}

/// What a link in markup (`<a href>`, `[..](..)`) turns into, if anything.
pub(crate) enum LinkTarget {
    /// `tg://user?id=N`.
    User(i64),
    /// Any other acceptable link, normalised.
    Url(String),
}

/// Classifies a markup link: user mention, valid URL, or nothing (the entity is dropped).
pub(crate) fn link_target(url: &[u8]) -> Option<LinkTarget> {
    if let Some(user_id) = user_id_from_link(url) {
        return Some(LinkTarget::User(user_id));
    }
    let checked = check_link(url).ok()?;
    String::from_utf8(checked).ok().map(LinkTarget::Url)
}

#[cfg(test)]
#[path = "link_tests.rs"]
mod tests;
