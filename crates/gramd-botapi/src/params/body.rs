//! Decoding request bodies into parameters: urlencoded, multipart and (lenient) JSON, with
//! the reference server's limits and error texts.

use super::*;

/// td's `is_space`: space, `\t`, `\r`, `\n`, NUL and `\v`.
pub(super) fn is_space(c: u32) -> bool {
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
pub(super) fn multipart_boundary<'a>(
    content_type: &'a str,
    lower: &str,
) -> Result<&'a [u8], ParamsError> {
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
pub(super) struct Reader {
    pub(super) params: Params,
    pub(super) total: usize,
}

impl Reader {
    fn push(&mut self, name: Vec<u8>, value: Vec<u8>) {
        let (name, _) = into_text(name);
        let (value, utf8) = into_text(value);
        self.params.args.push(Arg { name, value, utf8 });
    }

    /// `a=1&b=2` pairs, as in the query string and form bodies.
    pub(super) fn urlencoded(&mut self, data: &[u8]) -> Result<(), ParamsError> {
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
    pub(super) fn json(&mut self, data: &[u8]) {
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
    pub(super) fn multipart(&mut self, body: &Bytes, boundary: &[u8]) -> Result<(), ParamsError> {
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
