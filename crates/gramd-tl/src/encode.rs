//! JSON to TL bytes.
//!
//! Encoding walks the resolved schema types and the JSON value together. Flags (`#`) fields
//! are computed from which optional fields are present; a field present in the JSON but not
//! in the schema is an error, so typos do not pass silently.
//!
//! A function's required `int`, `long`, `double` and vector parameters may be left out: they
//! are then 0 or empty, as most of a call's numbers are (`messages.getHistory` needs only
//! `peer` and `limit`). Everything else that is required must be given: a left-out object,
//! `string` or `bytes` has no value a caller could mean by default, an explicit `null` is
//! not a number, and inside objects every field is required, so that a partial object is an
//! error rather than a guess.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};
use serde_json::{Map, Value};

use crate::MAX_DEPTH;
use crate::error::{CodecError, Path};
use crate::schema::{Combinator, MAX_FLAG_FIELDS, ParamKind, Schema, Ty};

/// Constructor id of `Vector<T>`.
pub(crate) const VECTOR_ID: u32 = 0x1cb5_c415;
/// Constructor id of `boolTrue`.
pub(crate) const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// Constructor id of `boolFalse`.
pub(crate) const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Longest `bytes`/`string` TL can carry (3-byte length).
const MAX_BYTES_LEN: usize = 0x00ff_ffff;

impl Schema {
    /// Encodes a call of the function `name` with the JSON object `params` into TL bytes,
    /// **including** the function's constructor id, so the result can be dispatched by id.
    ///
    /// `params` holds the fields by their schema names; it may also carry `"_"`, which must
    /// then equal `name`. `null` stands for `{}`.
    pub fn encode_function(&self, name: &str, params: &Value) -> Result<Vec<u8>, CodecError> {
        let func = self
            .function(name)
            .ok_or_else(|| CodecError::UnknownFunction { name: name.into() })?;
        let empty = Map::new();
        let obj = match params {
            Value::Object(obj) => obj,
            Value::Null => &empty,
            other => {
                return Err(CodecError::WrongType {
                    path: String::new(),
                    expected: "object",
                    found: json_kind(other),
                });
            }
        };
        let mut enc = Encoder::new(self);
        if let Some(given) = obj.get("_") {
            match given.as_str() {
                Some(n) if n == name => {}
                Some(n) => return Err(CodecError::UnknownFunction { name: n.into() }),
                None => return Err(enc.wrong_type_at("_", "string", given)),
            }
        }
        enc.out.extend_from_slice(&func.id().to_le_bytes());
        // One level, as the decoder counts a call it reads (a generic `!X` object).
        enc.nested(|enc| enc.fields(func, obj))?;
        Ok(enc.out)
    }

    /// Encodes a JSON value of the TL type expression `ty` (`"InputPeer"`, `"Vector<long>"`,
    /// `"Bool"`, `"int"`, `"inputPeerUser"` for a bare constructor, `"!X"` for a function
    /// object with `"_"`).
    pub fn encode(&self, ty: &str, value: &Value) -> Result<Vec<u8>, CodecError> {
        let ty = self
            .parse_type(ty)
            .ok_or_else(|| CodecError::UnknownType { name: ty.into() })?;
        let mut enc = Encoder::new(self);
        enc.value(&ty, value)?;
        Ok(enc.out)
    }
}

/// Encoding state: output buffer, current path and depth.
struct Encoder<'s> {
    schema: &'s Schema,
    out: Vec<u8>,
    path: Path<'s>,
    depth: usize,
}

impl<'s> Encoder<'s> {
    fn new(schema: &'s Schema) -> Self {
        Encoder {
            schema,
            out: Vec::new(),
            path: Path::default(),
            depth: 0,
        }
    }

    fn wrong_type(&self, expected: &'static str, found: &Value) -> CodecError {
        CodecError::WrongType {
            path: self.path.render(),
            expected,
            found: json_kind(found),
        }
    }

    fn wrong_type_at(&self, key: &str, expected: &'static str, found: &Value) -> CodecError {
        CodecError::WrongType {
            path: self.path.render_with(key),
            expected,
            found: json_kind(found),
        }
    }

    fn int(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    /// Encodes one value of type `ty`.
    fn value(&mut self, ty: &'s Ty, v: &Value) -> Result<(), CodecError> {
        match ty {
            Ty::Int => {
                let n = self.integer(v, "int (integer)")?;
                let n = i32::try_from(n).map_err(|_| self.out_of_range())?;
                self.int(n);
            }
            Ty::Long => {
                let n = self.integer(v, "long (decimal string or integer)")?;
                self.out.extend_from_slice(&n.to_le_bytes());
            }
            Ty::Double => {
                let d = self.double(v)?;
                self.out.extend_from_slice(&d.to_le_bytes());
            }
            Ty::String => {
                let s = v.as_str().ok_or_else(|| self.wrong_type("string", v))?;
                self.bytes(s.as_bytes())?;
            }
            Ty::Bytes => {
                let b = self.base64(v, "bytes (base64 string)")?;
                self.bytes(&b)?;
            }
            Ty::Int128 => self.fixed(v, 16, "int128 (base64 of 16 bytes)")?,
            Ty::Int256 => self.fixed(v, 32, "int256 (base64 of 32 bytes)")?,
            Ty::Bool => match v {
                Value::Bool(true) => self.u32(BOOL_TRUE_ID),
                Value::Bool(false) => self.u32(BOOL_FALSE_ID),
                _ => return Err(self.wrong_type("Bool (true or false)", v)),
            },
            Ty::True => {
                if !matches!(v, Value::Bool(true)) {
                    return Err(self.wrong_type("true", v));
                }
            }
            Ty::Vector(elem) => {
                self.u32(VECTOR_ID);
                self.vector(elem, v)?;
            }
            Ty::BareVector(elem) => self.vector(elem, v)?,
            Ty::Boxed(t) => {
                let obj = self.object(v, "object with `_`")?;
                let expected = &self.schema.types[*t].name;
                let name = match obj.get("_") {
                    None | Some(Value::Null) => {
                        return Err(CodecError::MissingConstructor {
                            path: self.path.render(),
                            expected: expected.clone(),
                        });
                    }
                    Some(Value::String(name)) => name,
                    Some(other) => return Err(self.wrong_type_at("_", "string", other)),
                };
                let schema = self.schema;
                let ctor =
                    schema
                        .constructor(name)
                        .ok_or_else(|| CodecError::UnknownConstructor {
                            path: self.path.render(),
                            name: name.clone(),
                        })?;
                if ctor.result != Ty::Boxed(*t) {
                    return Err(CodecError::WrongConstructor {
                        path: self.path.render(),
                        name: name.clone(),
                        expected: expected.clone(),
                    });
                }
                self.u32(ctor.id());
                self.nested(|enc| enc.fields(ctor, obj))?;
            }
            Ty::Bare(c) => {
                let obj = self.object(v, "object")?;
                let ctor = &self.schema.constructors[*c];
                match obj.get("_") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(name)) if name == ctor.name() => {}
                    Some(Value::String(name)) => {
                        return Err(CodecError::WrongConstructor {
                            path: self.path.render(),
                            name: name.clone(),
                            expected: ctor.name().into(),
                        });
                    }
                    Some(other) => return Err(self.wrong_type_at("_", "string", other)),
                }
                self.nested(|enc| enc.fields(ctor, obj))?;
            }
            Ty::Generic => {
                let obj = self.object(v, "function object with `_`")?;
                let name = match obj.get("_") {
                    Some(Value::String(name)) => name,
                    None | Some(Value::Null) => {
                        return Err(CodecError::MissingField {
                            path: self.path.render_with("_"),
                        });
                    }
                    Some(other) => return Err(self.wrong_type_at("_", "string", other)),
                };
                let schema = self.schema;
                let func = schema
                    .function(name)
                    .ok_or_else(|| CodecError::UnknownFunction { name: name.clone() })?;
                self.u32(func.id());
                self.nested(|enc| enc.fields(func, obj))?;
            }
        }
        Ok(())
    }

    /// Runs `f` one nesting level deeper, failing past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<(), CodecError>,
    ) -> Result<(), CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(CodecError::TooDeep {
                path: self.path.render(),
            });
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn object<'v>(
        &self,
        v: &'v Value,
        expected: &'static str,
    ) -> Result<&'v Map<String, Value>, CodecError> {
        v.as_object().ok_or_else(|| self.wrong_type(expected, v))
    }

    /// Count and elements of a vector (the boxed id, if any, is already written).
    fn vector(&mut self, elem: &'s Ty, v: &Value) -> Result<(), CodecError> {
        let items = v.as_array().ok_or_else(|| self.wrong_type("array", v))?;
        let len = i32::try_from(items.len()).map_err(|_| CodecError::TooLong {
            path: self.path.render(),
            len: items.len(),
        })?;
        self.int(len);
        self.nested(|enc| {
            for (i, item) in items.iter().enumerate() {
                enc.path.index(i);
                enc.value(elem, item)?;
                enc.path.pop();
            }
            Ok(())
        })
    }

    /// The fields of a constructor or function, flags computed from presence.
    fn fields(&mut self, comb: &'s Combinator, obj: &Map<String, Value>) -> Result<(), CodecError> {
        // Every key must be `_` or a parameter.
        for key in obj.keys() {
            if key != "_" && !comb.params().iter().any(|p| p.name() == key) {
                return Err(CodecError::UnknownField {
                    path: self.path.render_with(key),
                });
            }
        }
        // Compute the flags fields from which optional fields are present.
        let mut flags = [0u32; MAX_FLAG_FIELDS];
        for p in comb.params() {
            let ParamKind::Value {
                ty,
                flag: Some(bit),
            } = &p.kind
            else {
                continue;
            };
            let present = match (ty, obj.get(p.name())) {
                (_, None | Some(Value::Null)) => false,
                (Ty::True, Some(Value::Bool(set))) => *set,
                (Ty::True, Some(other)) => {
                    return Err(self.wrong_type_at(p.name(), "true or false", other));
                }
                (_, Some(_)) => true,
            };
            if present {
                flags[bit.slot] |= bit.mask;
            }
        }
        for p in comb.params() {
            match &p.kind {
                ParamKind::Flags { slot } => self.u32(flags[*slot]),
                ParamKind::Value { ty, flag } => {
                    // Unset, or a `true` flag (no bytes of its own).
                    if let Some(bit) = flag
                        && (flags[bit.slot] & bit.mask == 0 || *ty == Ty::True)
                    {
                        continue;
                    }
                    let given = obj.get(p.name());
                    if given.is_none()
                        && flag.is_none()
                        && comb.is_function()
                        && let Some(zero) = zero_value(ty)
                    {
                        self.out.extend_from_slice(zero);
                        continue;
                    }
                    match given {
                        None | Some(Value::Null) if *ty == Ty::True && flag.is_none() => {}
                        None | Some(Value::Null) => {
                            return Err(CodecError::MissingField {
                                path: self.path.render_with(p.name()),
                            });
                        }
                        Some(v) => {
                            self.path.field(p.name());
                            self.value(ty, v)?;
                            self.path.pop();
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// A TL `bytes`/`string`: length (1 byte below 254, else 0xfe and 3 bytes), data, and
    /// zero padding to a multiple of 4.
    fn bytes(&mut self, data: &[u8]) -> Result<(), CodecError> {
        let header = if data.len() < 254 {
            self.out.push(data.len() as u8);
            1
        } else if data.len() <= MAX_BYTES_LEN {
            let [a, b, c, _] = (data.len() as u32).to_le_bytes();
            self.out.extend_from_slice(&[254, a, b, c]);
            4
        } else {
            return Err(CodecError::TooLong {
                path: self.path.render(),
                len: data.len(),
            });
        };
        self.out.extend_from_slice(data);
        let padding = (4 - (header + data.len()) % 4) % 4;
        self.out.extend(std::iter::repeat_n(0u8, padding));
        Ok(())
    }

    fn out_of_range(&self) -> CodecError {
        CodecError::NumberOutOfRange {
            path: self.path.render(),
        }
    }

    /// An integer from a JSON number or a decimal string.
    fn integer(&self, v: &Value, expected: &'static str) -> Result<i64, CodecError> {
        match v {
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Ok(i)
                } else if n.is_u64() {
                    Err(self.out_of_range())
                } else {
                    // A float: accept it only if it is integral and exact.
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    if f.fract() != 0.0 || !f.is_finite() {
                        Err(self.wrong_type(expected, v))
                    } else if f.abs() > 9_007_199_254_740_992.0 {
                        Err(self.out_of_range())
                    } else {
                        Ok(f as i64)
                    }
                }
            }
            Value::String(s) => s.parse::<i64>().map_err(|e| match e.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                    self.out_of_range()
                }
                _ => self.wrong_type(expected, v),
            }),
            _ => Err(self.wrong_type(expected, v)),
        }
    }

    /// A double from a JSON number, a numeric string, or `"NaN"`/`"Infinity"`/`"-Infinity"`.
    fn double(&self, v: &Value) -> Result<f64, CodecError> {
        const EXPECTED: &str = "double (number)";
        match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| self.wrong_type(EXPECTED, v)),
            Value::String(s) => match s.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                s => s
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| self.wrong_type(EXPECTED, v)),
            },
            _ => Err(self.wrong_type(EXPECTED, v)),
        }
    }

    /// Base64, standard or URL-safe alphabet, padded or not.
    fn base64(&self, v: &Value, expected: &'static str) -> Result<Vec<u8>, CodecError> {
        let s = v.as_str().ok_or_else(|| self.wrong_type(expected, v))?;
        STANDARD_PAD_INDIFFERENT
            .decode(s)
            .or_else(|_| URL_SAFE_PAD_INDIFFERENT.decode(s))
            .map_err(|_| CodecError::InvalidBase64 {
                path: self.path.render(),
            })
    }

    /// `int128`/`int256`: exactly `len` raw bytes.
    fn fixed(&mut self, v: &Value, len: usize, expected: &'static str) -> Result<(), CodecError> {
        let b = self.base64(v, expected)?;
        if b.len() != len {
            return Err(CodecError::WrongLength {
                path: self.path.render(),
                expected: len,
                found: b.len(),
            });
        }
        self.out.extend_from_slice(&b);
        Ok(())
    }
}

/// The bytes of 0 or an empty vector, for the types a function's parameter may default
/// to when left out (see the module docs).
fn zero_value(ty: &Ty) -> Option<&'static [u8]> {
    const EMPTY_VECTOR: [u8; 8] = {
        let id = VECTOR_ID.to_le_bytes();
        [id[0], id[1], id[2], id[3], 0, 0, 0, 0]
    };
    match ty {
        Ty::Int | Ty::BareVector(_) => Some(&[0; 4]),
        Ty::Long | Ty::Double => Some(&[0; 8]),
        Ty::Vector(_) => Some(&EMPTY_VECTOR),
        _ => None,
    }
}

/// The JSON type of a value, for error messages.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc_bytes(data: &[u8]) -> Vec<u8> {
        let schema = Schema::layer_230();
        let mut enc = Encoder::new(&schema);
        enc.bytes(data).unwrap();
        enc.out
    }

    #[test]
    fn bytes_padding() {
        assert_eq!(enc_bytes(b""), [0, 0, 0, 0]);
        assert_eq!(enc_bytes(b"a"), [1, b'a', 0, 0]);
        assert_eq!(enc_bytes(b"abc"), [3, b'a', b'b', b'c']);
        assert_eq!(enc_bytes(b"abcd"), [4, b'a', b'b', b'c', b'd', 0, 0, 0]);
        let out = enc_bytes(&[7; 253]);
        assert_eq!((out[0], out.len()), (253, 256));
        let out = enc_bytes(&[7; 254]);
        assert_eq!(&out[..4], [254, 254, 0, 0]);
        assert_eq!(out.len(), 4 + 256);
        let out = enc_bytes(&[7; 0x1234]);
        assert_eq!(&out[..4], [254, 0x34, 0x12, 0]);
        assert_eq!(out.len() % 4, 0);
    }
}
