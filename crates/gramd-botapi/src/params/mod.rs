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

mod body;
#[cfg(test)]
mod tests;

use body::{Reader, is_space, multipart_boundary};

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
