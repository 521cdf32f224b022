//! Bot API request parameters: parsing and typed access.
//!
//! A Bot API request carries its parameters in the query string and in the body, in any of the
//! encodings listed under [Making requests](https://core.telegram.org/bots/api#making-requests).
//! This module follows the reference server (tdlib/telegram-bot-api and td's `HttpReader`):
//!
//! * The query string is always parsed (`+` is a space, `%XX` is decoded).
//! * The body is parsed by `Content-Type`, matched as a substring of the lower-cased header:
//!   `multipart/form-data`, then `application/x-www-form-urlencoded`, then `application/json`.
//!   Any other type, or none, means the body is ignored. An empty body is never parsed.
//! * All parameters go into one ordered list; a lookup returns the first match, so the query
//!   string wins over the body. An absent parameter and an empty one read the same.
//! * Every value is text. Non-string JSON members keep their raw JSON text (`123` → `"123"`),
//!   and malformed JSON keeps the members read before the error.
//!
//! Parse failures are bare HTTP responses ([`ParamsError`]); typed-getter failures are
//! `400 Bad Request` answers in the usual JSON envelope ([`ArgError`]).
//!
//! Known deviations: empty `&&` pairs are skipped instead of becoming a parameter named `""`;
//! multipart field values count towards one 1 MiB total (the reference checks each value
//! against the total without adding it); the per-file 4000 MiB check is left to the caller,
//! which bounds the whole body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;

#[cfg(test)]
mod tests;

/// Most bytes of non-file parameters (query string plus body parameters) in one request.
pub(crate) const MAX_PARAMETERS_LENGTH: usize = 1 << 20;
/// Most files one request may attach.
pub(crate) const MAX_FILES: usize = 50;
/// Longest accepted multipart boundary.
const MAX_BOUNDARY_LENGTH: usize = 70;
/// Most bytes of multipart part headers in one request.
const MAX_PART_HEADERS_LENGTH: usize = 256 << 10;
/// Nesting allowed inside one JSON member value.
const MAX_JSON_DEPTH: i32 = 100;

/// A request the parser refuses. The reference answers these with a bare HTTP response
/// (status line, `Content-Length: 0`, connection closed, no JSON body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamsError {
    /// HTTP status code, e.g. 400 or 413.
    pub(crate) status: u16,
    /// Reason text for the status line, e.g. `Bad Request: boundary not found`.
    pub(crate) reason: &'static str,
}

impl ParamsError {
    const fn new(status: u16, reason: &'static str) -> Self {
        Self { status, reason }
    }
}

/// 413 for more than [`MAX_PARAMETERS_LENGTH`] bytes of parameters.
const TOO_MANY_PARAMETERS: ParamsError =
    ParamsError::new(413, "Request Entity Too Large: too many parameters");
/// 413 for too many parameter bytes inside multipart form data.
const TOO_MANY_FORM_PARAMETERS: ParamsError = ParamsError::new(
    413,
    "Request Entity Too Large: too many parameters in form data",
);
/// 413 for more than [`MAX_FILES`] files.
const TOO_MANY_FILES: ParamsError =
    ParamsError::new(413, "Request Entity Too Large: too many files attached");
/// 400 for a body that ends before the multipart structure does.
const UNEXPECTED_END: ParamsError =
    ParamsError::new(400, "Bad Request: unexpected end of request content");
/// 400 for part headers that are not `Name: value` lines.
const BAD_PART_HEADERS: ParamsError =
    ParamsError::new(400, "Bad Request: can't parse form data headers");
/// 431 for too many bytes of part headers.
const HEADERS_TOO_LARGE: ParamsError = ParamsError::new(
    431,
    "Request Header Fields Too Large: total headers size exceeded",
);

impl fmt::Display for ParamsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.reason)
    }
}

impl std::error::Error for ParamsError {}

/// A typed-getter failure, answered as error 400 with the description
/// `Bad Request: <description>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArgError {
    /// The description without the `Bad Request: ` prefix, e.g. `chat_id is empty`.
    pub(crate) description: Cow<'static, str>,
}

impl ArgError {
    fn new(description: impl Into<Cow<'static, str>>) -> Self {
        Self {
            description: description.into(),
        }
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bad Request: {}", self.description)
    }
}

impl std::error::Error for ArgError {}

/// How a `chat_id`-like parameter names a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChatRef {
    /// A numeric id; junk text reads as 0, which the caller reports as `chat not found`.
    Id(i64),
    /// A public username, given as `@username`; the `@` is removed here.
    Username(String),
}

/// A file uploaded as a multipart part with a `filename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UploadedFile {
    /// The part's `name`, which `attach://<name>` and the file parameters refer to.
    pub(crate) field_name: String,
    /// The part's `filename` (may be empty).
    pub(crate) file_name: String,
    /// The part's `Content-Type`, `application/octet-stream` when it has none.
    pub(crate) content_type: String,
    /// The file contents (a slice of the request body, not copied).
    pub(crate) data: Bytes,
}

/// One parameter: name, text and whether the raw bytes were valid UTF-8.
#[derive(Debug, Clone)]
struct Arg {
    name: String,
    value: String,
    utf8: bool,
}

/// The parameters of one Bot API request, in arrival order, plus its uploaded files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    args: Vec<Arg>,
    files: Vec<UploadedFile>,
}

impl Params {
    /// Parses a request's parameters.
    ///
    /// `query` is the raw query string (without `?`), `content_type` the raw `Content-Type`
    /// header and `body` the whole (already decompressed) body. GET and POST are treated alike.
    pub(crate) fn parse(
        query: Option<&str>,
        content_type: Option<&str>,
        body: &Bytes,
    ) -> Result<Self, ParamsError> {
        let mut reader = Reader::default();
        if let Some(query) = query {
            reader.urlencoded(query.as_bytes())?;
        }
        if body.is_empty() {
            return Ok(reader.params);
        }
        let content_type = content_type.unwrap_or("application/octet-stream");
        let lower = content_type.to_ascii_lowercase();
        if lower.contains("multipart/form-data") {
            let boundary = multipart_boundary(content_type, &lower)?;
            reader.multipart(body, boundary)?;
        } else {
            let form = lower.contains("application/x-www-form-urlencoded");
            if form || lower.contains("application/json") {
                if body.len() > MAX_PARAMETERS_LENGTH - reader.total {
                    return Err(TOO_MANY_PARAMETERS);
                }
                if form {
                    reader.urlencoded(body)?;
                } else {
                    reader.json(body);
                }
            }
        }
        Ok(reader.params)
    }

    fn find(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|arg| arg.name == name)
    }

    /// Whether the parameter was sent at all, even with an empty value.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The first value of the parameter, or `""` when absent. Invalid UTF-8 reads as U+FFFD.
    pub(crate) fn arg(&self, name: &str) -> &str {
        self.find(name).map_or("", |arg| arg.value.as_str())
    }

    /// Like [`Params::arg`], but fails with `strings must be encoded in UTF-8` when the sent
    /// bytes were not valid UTF-8 (use it for text that is stored or shown to users).
    pub(crate) fn text_arg(&self, name: &str) -> Result<&str, ArgError> {
        match self.find(name) {
            Some(arg) if !arg.utf8 => Err(ArgError::new("strings must be encoded in UTF-8")),
            Some(arg) => Ok(&arg.value),
            None => Ok(""),
        }
    }

    /// The parameter's value, failing with `parameter "<name>" is required` when it is empty.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ArgError> {
        match self.arg(name) {
            "" => Err(ArgError::new(format!("parameter \"{name}\" is required"))),
            value => Ok(value),
        }
    }

    /// All parameters as `(name, value)` pairs in arrival order, duplicates included.
    #[allow(dead_code)] // for the media and location methods of later issues
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.args
            .iter()
            .map(|arg| (arg.name.as_str(), arg.value.as_str()))
    }

    /// An `Integer` parameter: the default when empty, else [`to_i32`], then clamped to
    /// `[min, max]` (values out of range are clamped silently, never rejected).
    pub(crate) fn i32_arg(&self, name: &str, default: i32, min: i32, max: i32) -> i32 {
        let value = match self.arg(name) {
            "" => default,
            value => to_i32(value),
        };
        clamp(value, min, max)
    }

    /// A 64-bit integer parameter: the default when empty, else [`to_i64`], then clamped.
    #[allow(dead_code)] // for the media and location methods of later issues
    pub(crate) fn i64_arg(&self, name: &str, default: i64, min: i64, max: i64) -> i64 {
        let value = match self.arg(name) {
            "" => default,
            value => to_i64(value),
        };
        clamp(value, min, max)
    }

    /// A `Boolean` parameter, read with [`to_bool`]; absent is false.
    pub(crate) fn bool_arg(&self, name: &str) -> bool {
        to_bool(self.arg(name))
    }

    /// A `Float` parameter, read with [`to_f64`]; absent or junk is 0.
    #[allow(dead_code)] // for the media and location methods of later issues
    pub(crate) fn f64_arg(&self, name: &str) -> f64 {
        to_f64(self.arg(name))
    }

    /// A message id: absent, junk or negative reads as 0.
    pub(crate) fn message_id(&self, name: &str) -> i32 {
        to_i32(self.arg(name)).max(0)
    }

    /// A user id: must read as a positive integer, else `invalid <name> specified`.
    pub(crate) fn user_id(&self, name: &str) -> Result<i64, ArgError> {
        match to_i64(self.arg(name)) {
            id if id > 0 => Ok(id),
            _ => Err(ArgError::new(format!("invalid {name} specified"))),
        }
    }

    /// A `chat_id`-like parameter: empty fails with `<name> is empty`; `@username` is a
    /// [`ChatRef::Username`]; anything else goes through [`to_i64`] (junk is id 0).
    pub(crate) fn chat_id(&self, name: &str) -> Result<ChatRef, ArgError> {
        match self.arg(name) {
            "" => Err(ArgError::new(format!("{name} is empty"))),
            value => Ok(match value.strip_prefix('@') {
                Some(username) => ChatRef::Username(username.to_owned()),
                None => ChatRef::Id(to_i64(value)),
            }),
        }
    }

    /// A JSON-serialized parameter (`reply_markup`, `entities`, `allowed_updates`, …):
    /// `Ok(None)` when absent or empty, `Err` when the text is not valid JSON. The caller turns
    /// the error into its own description, e.g. `can't parse reply keyboard markup JSON object`.
    pub(crate) fn json_value(
        &self,
        name: &str,
    ) -> Result<Option<serde_json::Value>, serde_json::Error> {
        match self.arg(name) {
            "" => Ok(None),
            value => serde_json::from_str(value).map(Some),
        }
    }

    /// The first uploaded file sent under this part name.
    pub(crate) fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|file| file.field_name == name)
    }

    /// All uploaded files in arrival order.
    #[allow(dead_code)] // for the media and location methods of later issues
    pub(crate) fn files(&self) -> &[UploadedFile] {
        &self.files
    }

    /// The method to dispatch on, lower-cased: the URL's method segment, or the `method`
    /// parameter when that segment is empty (`POST /bot<token>/` with `{"method": …}`).
    pub(crate) fn method_name(&self, url_method: &str) -> String {
        let method = if url_method.is_empty() {
            self.arg("method")
        } else {
            url_method
        };
        method.to_ascii_lowercase()
    }
}

/// Clamps without panicking when `min > max` (then `min` wins, as in td's `clamp`).
fn clamp<T: PartialOrd>(value: T, min: T, max: T) -> T {
    if value < min {
        min
    } else if value > max {
        max
    } else {
        value
    }
}

/// Reads an optional `-` and the leading ASCII digits, wrapping modulo 2^64.
fn leading_integer(text: &str) -> u64 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0u64, |acc, digit| {
            acc.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'))
        });
    if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    }
}

/// td's `to_integer<int32>`: optional `-`, leading digits, stop at the first non-digit
/// (`"abc"` → 0, `"12abc"` → 12, `" 5"` → 0); overflow wraps modulo 2^32.
pub(crate) fn to_i32(text: &str) -> i32 {
    // Truncation is the point: the reference accumulates in a 32-bit unsigned integer.
    leading_integer(text) as u32 as i32
}

/// td's `to_integer<int64>`: like [`to_i32`], wrapping modulo 2^64.
pub(crate) fn to_i64(text: &str) -> i64 {
    leading_integer(text) as i64
}

/// The reference's `to_bool`: ASCII-lower-cased and trimmed, true iff `true`, `yes` or `1`.
pub(crate) fn to_bool(text: &str) -> bool {
    let text = text.trim_matches(|c| is_space(c as u32));
    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("yes") || text == "1"
}

/// td's `to_double` (a C++ stream read): skips leading white space and reads the longest
/// decimal float prefix; junk, or an exponent without digits, reads as 0.
#[allow(dead_code)] // for the media and location methods of later issues
pub(crate) fn to_f64(text: &str) -> f64 {
    let text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let bytes = text.as_bytes();
    let digits_from = |i: usize| i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let int_end = digits_from(end);
    let mut mantissa_digits = int_end - end;
    end = int_end;
    if bytes.get(end) == Some(&b'.') {
        let frac_end = digits_from(end + 1);
        mantissa_digits += frac_end - end - 1;
        end = frac_end;
    }
    if mantissa_digits == 0 {
        return 0.0;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exp_end = digits_from(end + 1 + sign);
        if exp_end == end + 1 + sign {
            return 0.0;
        }
        end = exp_end;
    }
    text[..end].parse().unwrap_or(0.0)
}

/// td's `is_space`: space, `\t`, `\r`, `\n`, NUL and `\v`.
fn is_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0d | 0x0a | 0x00 | 0x0b)
}

/// Removes td white space from the start of a byte slice.
fn trim_start(mut bytes: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = bytes
        && is_space(u32::from(*first))
    {
        bytes = rest;
    }
    bytes
}

/// Trims td white space from both ends of a byte slice.
fn trim(bytes: &[u8]) -> &[u8] {
    let mut bytes = trim_start(bytes);
    while let [rest @ .., last] = bytes
        && is_space(u32::from(*last))
    {
        bytes = rest;
    }
    bytes
}

/// Decodes `%XX` escapes (invalid ones are kept as they are) and, if asked, `+` as space.
fn url_decode(bytes: &[u8], plus_as_space: bool) -> Vec<u8> {
    let spaced: Cow<'_, [u8]> = if plus_as_space && bytes.contains(&b'+') {
        bytes
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect::<Vec<u8>>()
            .into()
    } else {
        bytes.into()
    };
    percent_encoding::percent_decode(&spaced).collect()
}

/// Bytes to text, with invalid UTF-8 replaced; the flag tells whether the bytes were valid.
fn into_text(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, true),
        Err(error) => (
            String::from_utf8_lossy(error.as_bytes()).into_owned(),
            false,
        ),
    }
}

/// The first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + offset;
        if haystack.get(at + 1..)?.starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The multipart boundary from the `Content-Type` header, located as the reference does:
/// the word `boundary` in the lower-cased header, then `=`, then up to `;`, quotes removed.
fn multipart_boundary<'a>(content_type: &'a str, lower: &str) -> Result<&'a [u8], ParamsError> {
    let header = content_type.as_bytes();
    let after_word = lower
        .find("boundary")
        .ok_or(ParamsError::new(400, "Bad Request: boundary not found"))?
        + "boundary".len();
    let start = header[after_word..]
        .iter()
        .position(|&b| b == b'=')
        .ok_or(ParamsError::new(
            400,
            "Bad Request: boundary value not found",
        ))?
        + after_word
        + 1;
    let end = header[start..]
        .iter()
        .position(|&b| b == b';')
        .map_or(header.len(), |i| start + i);
    let mut boundary = &header[start..end];
    if let [b'"', inner @ .., b'"'] = boundary {
        boundary = inner;
    }
    if boundary.is_empty() || boundary.len() > MAX_BOUNDARY_LENGTH {
        return Err(ParamsError::new(
            400,
            "Bad Request: boundary too big or empty",
        ));
    }
    Ok(boundary)
}

/// What a multipart part's headers say about it.
struct PartHeaders {
    name: Vec<u8>,
    file_name: Option<Vec<u8>>,
    content_type: Vec<u8>,
}

/// Parses one part's header block (`Name: value\r\n` lines, folded lines allowed).
fn parse_part_headers(mut block: &[u8]) -> Result<PartHeaders, ParamsError> {
    let mut part = PartHeaders {
        name: Vec::new(),
        file_name: None,
        content_type: b"application/octet-stream".to_vec(),
    };
    while !block.is_empty() {
        let colon = block
            .iter()
            .position(|&b| b == b':')
            .ok_or(BAD_PART_HEADERS)?;
        let name = trim(&block[..colon]).to_ascii_lowercase();
        let value_start = &block[colon + 1..];
        block = value_start;
        let value_len = loop {
            let cr = block
                .iter()
                .position(|&b| b == b'\r')
                .ok_or(BAD_PART_HEADERS)?;
            let value_len = value_start.len() - block.len() + cr;
            block = block
                .get(cr + 1..)
                .and_then(|b| b.strip_prefix(b"\n"))
                .ok_or(BAD_PART_HEADERS)?;
            if !matches!(block.first(), Some(b' ' | b'\t')) {
                break value_len;
            }
        };
        let value = trim(&value_start[..value_len]);
        if name == b"content-disposition" {
            let params = value.strip_prefix(b"form-data;").ok_or(ParamsError::new(
                400,
                "Bad Request: expected form-data content disposition",
            ))?;
            parse_disposition_params(params, &mut part)?;
        } else if name == b"content-type" {
            part.content_type = value.to_vec();
        }
    }
    Ok(part)
}

/// Parses the `key=value; key="quoted"` list after `form-data;`, keeping `name` and `filename`.
fn parse_disposition_params(mut rest: &[u8], part: &mut PartHeaders) -> Result<(), ParamsError> {
    loop {
        rest = trim(rest);
        let Some(eq) = rest.iter().position(|&b| b == b'=') else {
            return Ok(());
        };
        let key = trim(&rest[..eq]);
        rest = trim_start(&rest[eq + 1..]);
        let value = if let Some(quoted) = rest.strip_prefix(b"\"") {
            let mut value = Vec::new();
            let mut i = 0;
            loop {
                let &c = quoted.get(i).ok_or(ParamsError::new(
                    400,
                    "Bad Request: unclosed quoted string in Content-Disposition header",
                ))?;
                i += 1;
                match c {
                    b'"' => break,
                    b'\\' => {
                        value.push(*quoted.get(i).ok_or(ParamsError::new(
                            400,
                            "Bad Request: wrong escape sequence in Content-Disposition header",
                        ))?);
                        i += 1;
                    }
                    _ => value.push(c),
                }
            }
            rest = trim_start(&quoted[i..]);
            if let Some((&first, tail)) = rest.split_first() {
                if first != b';' {
                    let reason = "Bad Request: expected ';' in Content-Disposition header";
                    return Err(ParamsError::new(400, reason));
                }
                rest = tail;
            }
            value
        } else {
            let end = rest.iter().position(|&b| b == b';');
            let value = trim(&rest[..end.unwrap_or(rest.len())]).to_vec();
            rest = end.map_or(&[][..], |end| &rest[end + 1..]);
            value
        };
        let value = url_decode(&value, false);
        match key {
            b"name" => part.name = value,
            b"filename" => part.file_name = Some(value),
            _ => {}
        }
    }
}

/// Parser state: the parameters so far and the parameter bytes counted against the limit.
#[derive(Default)]
struct Reader {
    params: Params,
    total: usize,
}

impl Reader {
    fn push(&mut self, name: Vec<u8>, value: Vec<u8>) {
        let (name, _) = into_text(name);
        let (value, utf8) = into_text(value);
        self.params.args.push(Arg { name, value, utf8 });
    }

    /// `a=1&b=2` pairs, as in the query string and form bodies.
    fn urlencoded(&mut self, data: &[u8]) -> Result<(), ParamsError> {
        self.total += data.len();
        if self.total > MAX_PARAMETERS_LENGTH {
            return Err(TOO_MANY_PARAMETERS);
        }
        for pair in data.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                None => (pair, &[][..]),
            };
            self.push(url_decode(name, true), url_decode(value, true));
        }
        Ok(())
    }

    /// A JSON body. Never fails: a syntax error ends parsing, keeping what came before it.
    fn json(&mut self, data: &[u8]) {
        self.total += data.len();
        let mut p = JsonScanner { data, pos: 0 };
        p.skip_spaces();
        if p.peek() == b'"' {
            if let Ok(content) = p.string()
                && p.pos == data.len()
            {
                self.push(b"content".to_vec(), content);
            }
            return;
        }
        if !p.eat(b'{') {
            return;
        }
        loop {
            p.skip_spaces();
            if p.eat(b'}') || p.pos == data.len() {
                return;
            }
            let Ok(name) = p.string() else { return };
            p.skip_spaces();
            if !p.eat(b':') {
                return;
            }
            p.skip_spaces();
            let value = if p.peek() == b'"' {
                p.string()
            } else {
                let start = p.pos;
                p.skip_value(MAX_JSON_DEPTH)
                    .map(|()| data[start..p.pos].to_vec())
            };
            let Ok(value) = value else { return };
            self.push(name, value);
            p.skip_spaces();
            if p.peek() != b'}' && !p.eat(b',') {
                return;
            }
        }
    }

    /// A `multipart/form-data` body with the given boundary.
    fn multipart(&mut self, body: &Bytes, boundary: &[u8]) -> Result<(), ParamsError> {
        let delimiter = [b"\r\n--", boundary].concat();
        let data: &[u8] = body;
        let first = find(data, &delimiter[2..]).ok_or(UNEXPECTED_END)?;
        let mut pos = first + delimiter.len() - 2;
        let mut headers_total = 0;
        loop {
            let rest = &data[pos..];
            let Some(headers_len) = find(rest, b"\r\n\r\n") else {
                let too_big = headers_total + rest.len() > MAX_PART_HEADERS_LENGTH;
                return Err(if too_big {
                    HEADERS_TOO_LARGE
                } else {
                    UNEXPECTED_END
                });
            };
            headers_total += headers_len;
            if headers_total > MAX_PART_HEADERS_LENGTH {
                return Err(HEADERS_TOO_LARGE);
            }
            if headers_len == 0 {
                return Err(ParamsError::new(
                    400,
                    "Bad Request: headers in multipart/form-data are empty",
                ));
            }
            // Skip the line break after the delimiter; keep the one ending the last header.
            let part = parse_part_headers(&rest[2..headers_len + 2])?;
            pos += headers_len + 4;
            if part.name.is_empty() {
                return Err(ParamsError::new(
                    400,
                    "Bad Request: field name in multipart/form-data not found",
                ));
            }
            let rest = &data[pos..];
            let value_len = find(rest, &delimiter);
            if let Some(file_name) = part.file_name {
                if self.params.files.len() == MAX_FILES {
                    return Err(TOO_MANY_FILES);
                }
                let len = value_len.ok_or(UNEXPECTED_END)?;
                self.params.files.push(UploadedFile {
                    field_name: into_text(part.name).0,
                    file_name: into_text(file_name).0,
                    content_type: into_text(part.content_type).0,
                    data: body.slice(pos..pos + len),
                });
                pos += len + delimiter.len();
            } else {
                let Some(len) = value_len else {
                    let too_big = self.total + rest.len() > MAX_PARAMETERS_LENGTH;
                    return Err(if too_big {
                        TOO_MANY_FORM_PARAMETERS
                    } else {
                        UNEXPECTED_END
                    });
                };
                if self.total + len > MAX_PARAMETERS_LENGTH {
                    return Err(TOO_MANY_FORM_PARAMETERS);
                }
                let value = &rest[..len];
                if part
                    .content_type
                    .starts_with(b"application/x-www-form-urlencoded")
                {
                    self.urlencoded(value)?;
                } else {
                    self.total += len;
                    self.push(part.name, value.to_vec());
                }
                pos += len + delimiter.len();
            }
            match data.get(pos..pos + 2) {
                None => return Err(UNEXPECTED_END),
                Some(b"--") => return Ok(()),
                Some(_) => {}
            }
        }
    }
}

/// A lenient JSON scanner with the reference's acceptance rules (numbers are any run of
/// `-+.0-9eE`, unknown escapes drop the backslash, lone surrogates are encoded as is).
struct JsonScanner<'a> {
    data: &'a [u8],
    pos: usize,
}

impl JsonScanner<'_> {
    /// The next byte, or 0 at the end.
    fn peek(&self) -> u8 {
        self.data.get(self.pos).copied().unwrap_or(0)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.pos < self.data.len() && self.data[self.pos] == byte;
        self.pos += usize::from(hit);
        hit
    }

    fn skip_spaces(&mut self) {
        while self.pos < self.data.len() && is_space(u32::from(self.data[self.pos])) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ()> {
        if !self.data[self.pos..].starts_with(word) {
            return Err(());
        }
        self.pos += word.len();
        Ok(())
    }

    /// Reads a string literal and returns its unescaped bytes.
    fn string(&mut self) -> Result<Vec<u8>, ()> {
        if !self.eat(b'"') {
            return Err(());
        }
        let start = self.pos;
        let mut end = start;
        while end < self.data.len() && self.data[end] != b'"' {
            end += if self.data[end] == b'\\' { 2 } else { 1 };
        }
        if end >= self.data.len() {
            return Err(());
        }
        self.pos = end + 1;
        let src = &self.data[start..end];
        let mut out = Vec::with_capacity(src.len());
        let mut i = 0;
        while i < src.len() {
            let c = src[i];
            i += 1;
            if c != b'\\' {
                out.push(c);
                continue;
            }
            let escaped = match *src.get(i).ok_or(())? {
                b'"' => b'"',
                b'\\' => b'\\',
                b'/' => b'/',
                b'b' => 0x08,
                b'f' => 0x0c,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'u' => {
                    let mut code = hex4(src.get(i + 1..i + 5).ok_or(())?)?;
                    i += 5;
                    if (0xD800..0xE000).contains(&code)
                        && let Some(next) = src.get(i..i + 6)
                        && next.starts_with(b"\\u")
                    {
                        let low = hex4(&next[2..])?;
                        if (0xD800..0xE000).contains(&low) {
                            code = (((code & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                            i += 6;
                        }
                    }
                    push_code_point(&mut out, code);
                    continue;
                }
                // An unknown escape: drop the backslash, keep the character.
                _ => continue,
            };
            out.push(escaped);
            i += 1;
        }
        Ok(out)
    }

    /// Skips one value of any type, nested at most `depth` more levels.
    fn skip_value(&mut self, depth: i32) -> Result<(), ()> {
        if depth < 0 {
            return Err(());
        }
        self.skip_spaces();
        match self.peek() {
            b'f' => self.literal(b"false"),
            b't' => self.literal(b"true"),
            b'n' => self.literal(b"null"),
            b'"' => self.string().map(drop),
            open @ (b'[' | b'{') => {
                let close = if open == b'[' { b']' } else { b'}' };
                self.pos += 1;
                self.skip_spaces();
                if self.eat(close) {
                    return Ok(());
                }
                loop {
                    if self.pos == self.data.len() {
                        return Err(());
                    }
                    if open == b'{' {
                        self.string()?;
                        self.skip_spaces();
                        if !self.eat(b':') {
                            return Err(());
                        }
                    }
                    self.skip_value(depth - 1)?;
                    self.skip_spaces();
                    if self.eat(close) {
                        return Ok(());
                    }
                    if !self.eat(b',') {
                        return Err(());
                    }
                    self.skip_spaces();
                }
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                while matches!(self.peek(), b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.pos += 1;
                }
                Ok(())
            }
            _ => Err(()),
        }
    }
}

/// Four hex digits.
fn hex4(digits: &[u8]) -> Result<u32, ()> {
    digits.iter().try_fold(0, |acc, &d| {
        Ok(acc * 16 + char::from(d).to_digit(16).ok_or(())?)
    })
}

/// UTF-8-style encoding of any code point up to 0x10FFFF, surrogates included (those make
/// the text invalid UTF-8, which [`Params::text_arg`] reports).
fn push_code_point(out: &mut Vec<u8>, code: u32) {
    // Every value below is masked or bounded to fit a byte.
    let byte = |bits: u32| bits as u8;
    match code {
        0..0x80 => out.push(byte(code)),
        0x80..0x800 => out.extend([byte(0xC0 | code >> 6), byte(0x80 | (code & 0x3F))]),
        0x800..0x10000 => out.extend([
            byte(0xE0 | code >> 12),
            byte(0x80 | ((code >> 6) & 0x3F)),
            byte(0x80 | (code & 0x3F)),
        ]),
        _ => out.extend([
            byte(0xF0 | code >> 18),
            byte(0x80 | ((code >> 12) & 0x3F)),
            byte(0x80 | ((code >> 6) & 0x3F)),
            byte(0x80 | (code & 0x3F)),
        ]),
    }
}
