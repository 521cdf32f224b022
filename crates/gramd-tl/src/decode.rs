//! TL bytes to JSON.
//!
//! Decoding reads untrusted bytes: every read is bounds-checked, nesting is limited to
//! [`MAX_DEPTH`], and a vector's announced length is checked against the bytes that remain
//! before anything is allocated for it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::MAX_DEPTH;
use crate::encode::{BOOL_FALSE_ID, BOOL_TRUE_ID, VECTOR_ID};
use crate::error::{CodecError, Path};
use crate::schema::{Combinator, MAX_FLAG_FIELDS, ParamKind, Schema, Ty};

impl Schema {
    /// Decodes TL bytes holding one value of the type expression `ty` (`"Updates"`,
    /// `"Vector<User>"`, `"Bool"`, `"vector<long>"`, a bare `"inputPeerUser"`...) to JSON.
    ///
    /// All of `bytes` must be used: leftovers are [`CodecError::TrailingData`].
    pub fn decode(&self, ty: &str, bytes: &[u8]) -> Result<Value, CodecError> {
        let ty = self
            .parse_type(ty)
            .ok_or_else(|| CodecError::UnknownType { name: ty.into() })?;
        self.decode_ty(&ty, bytes)
    }

    /// Decodes a serialized function call (constructor id, then fields) to a JSON object
    /// whose `"_"` is the function's name: the inverse of [`Schema::encode_function`].
    pub fn decode_function(&self, bytes: &[u8]) -> Result<Value, CodecError> {
        self.decode_ty(&Ty::Generic, bytes)
    }

    /// The type expression a call of `function` with these `params` returns, e.g.
    /// `"Updates"`; for generic wrappers (`invokeWithLayer`, `initConnection`...) the result
    /// type of the function object in their `query` field, followed through nested wrappers.
    pub fn result_type(&self, function: &str, params: &Value) -> Result<String, CodecError> {
        let (func, _) = self.resolve_result(function, params)?;
        Ok(func.type_name().to_owned())
    }

    /// Decodes the result of a call of `function` with `params` (see
    /// [`Schema::result_type`]; `params` only matters for generic wrappers).
    pub fn decode_result(
        &self,
        function: &str,
        params: &Value,
        bytes: &[u8],
    ) -> Result<Value, CodecError> {
        let (_, ty) = self.resolve_result(function, params)?;
        self.decode_ty(ty, bytes)
    }

    /// The innermost non-generic function of a call and its result type.
    fn resolve_result<'s>(
        &'s self,
        function: &str,
        params: &Value,
    ) -> Result<(&'s Combinator, &'s Ty), CodecError> {
        let mut func = self
            .function(function)
            .ok_or_else(|| CodecError::UnknownFunction {
                name: function.into(),
            })?;
        let mut params = params;
        for _ in 0..=MAX_DEPTH {
            if func.result != Ty::Generic {
                return Ok((func, &func.result));
            }
            let missing = || CodecError::GenericResult {
                function: function.into(),
            };
            let query = func
                .generic_param()
                .and_then(|p| params.get(p.name()))
                .ok_or_else(missing)?;
            let name = query.get("_").and_then(Value::as_str).ok_or_else(missing)?;
            func = self
                .function(name)
                .ok_or_else(|| CodecError::UnknownFunction { name: name.into() })?;
            params = query;
        }
        Err(CodecError::TooDeep {
            path: String::new(),
        })
    }

    fn decode_ty(&self, ty: &Ty, bytes: &[u8]) -> Result<Value, CodecError> {
        let mut dec = Decoder {
            schema: self,
            buf: bytes,
            pos: 0,
            path: Path::default(),
            depth: 0,
        };
        let value = dec.value(ty)?;
        match bytes.len() - dec.pos {
            0 => Ok(value),
            remaining => Err(CodecError::TrailingData { remaining }),
        }
    }
}

/// Decoding state: input, position, current path and depth.
struct Decoder<'s, 'b> {
    schema: &'s Schema,
    buf: &'b [u8],
    pos: usize,
    path: Path<'s>,
    depth: usize,
}

impl<'s> Decoder<'s, '_> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&[u8], CodecError> {
        if n > self.remaining() {
            return Err(CodecError::UnexpectedEnd {
                path: self.path.render(),
            });
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, CodecError> {
        self.array().map(u32::from_le_bytes)
    }

    fn invalid(&self, reason: &'static str) -> CodecError {
        CodecError::InvalidData {
            path: self.path.render(),
            reason,
        }
    }

    /// Decodes one value of type `ty`.
    fn value(&mut self, ty: &'s Ty) -> Result<Value, CodecError> {
        Ok(match ty {
            Ty::Int => Value::from(i32::from_le_bytes(self.array()?)),
            Ty::Long => Value::String(i64::from_le_bytes(self.array()?).to_string()),
            Ty::Double => {
                let d = f64::from_le_bytes(self.array()?);
                if d.is_nan() {
                    Value::from("NaN")
                } else if d == f64::INFINITY {
                    Value::from("Infinity")
                } else if d == f64::NEG_INFINITY {
                    Value::from("-Infinity")
                } else {
                    Value::from(d)
                }
            }
            Ty::String => Value::String(String::from_utf8_lossy(self.bytes()?).into_owned()),
            Ty::Bytes => Value::String(STANDARD.encode(self.bytes()?)),
            Ty::Int128 => Value::String(STANDARD.encode(self.take(16)?)),
            Ty::Int256 => Value::String(STANDARD.encode(self.take(32)?)),
            Ty::Bool => match self.u32()? {
                BOOL_TRUE_ID => Value::Bool(true),
                BOOL_FALSE_ID => Value::Bool(false),
                _ => return Err(self.invalid("Bool is neither boolTrue nor boolFalse")),
            },
            Ty::True => Value::Bool(true),
            Ty::Vector(elem) => {
                let id = self.u32()?;
                if id != VECTOR_ID {
                    return Err(self.invalid("expected the Vector constructor id"));
                }
                self.vector(elem)?
            }
            Ty::BareVector(elem) => self.vector(elem)?,
            Ty::Boxed(t) => {
                let id = self.u32()?;
                let schema = self.schema;
                let ctor = schema.constructor_by_id(id).ok_or_else(|| {
                    CodecError::UnknownConstructorId {
                        path: self.path.render(),
                        id,
                    }
                })?;
                if ctor.result != Ty::Boxed(*t) {
                    return Err(CodecError::WrongConstructor {
                        path: self.path.render(),
                        name: ctor.name().into(),
                        expected: schema.types[*t].name.clone(),
                    });
                }
                self.nested(|dec| dec.fields(ctor))?
            }
            Ty::Bare(c) => {
                let ctor = &self.schema.constructors[*c];
                self.nested(|dec| dec.fields(ctor))?
            }
            Ty::Generic => {
                let id = self.u32()?;
                let schema = self.schema;
                let func =
                    schema
                        .function_by_id(id)
                        .ok_or_else(|| CodecError::UnknownFunction {
                            name: format!("#{id:08x}"),
                        })?;
                self.nested(|dec| dec.fields(func))?
            }
        })
    }

    /// Runs `f` one nesting level deeper, failing past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<Value, CodecError>,
    ) -> Result<Value, CodecError> {
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

    /// Count and elements of a vector (the boxed id, if any, is already read).
    fn vector(&mut self, elem: &'s Ty) -> Result<Value, CodecError> {
        let count = i32::from_le_bytes(self.array()?);
        let count = usize::try_from(count).map_err(|_| self.invalid("negative vector length"))?;
        // Every element of every type the schemas use takes at least one byte, so a count
        // beyond the remaining bytes cannot be honest; this also bounds the loop below.
        if count > self.remaining() {
            return Err(CodecError::UnexpectedEnd {
                path: self.path.render(),
            });
        }
        self.nested(|dec| {
            let mut items = Vec::with_capacity(count.min(dec.remaining() / 4));
            for i in 0..count {
                dec.path.index(i);
                items.push(dec.value(elem)?);
                dec.path.pop();
            }
            Ok(Value::Array(items))
        })
    }

    /// The fields of a constructor or function, as an object with `"_"` first.
    fn fields(&mut self, comb: &'s Combinator) -> Result<Value, CodecError> {
        let mut obj = Map::new();
        obj.insert("_".into(), Value::String(comb.name().into()));
        let mut flags = [0u32; MAX_FLAG_FIELDS];
        for p in comb.params() {
            match &p.kind {
                ParamKind::Flags { slot } => {
                    self.path.field(p.name());
                    flags[*slot] = self.u32()?;
                    self.path.pop();
                }
                ParamKind::Value { ty, flag } => {
                    if let Some(bit) = flag
                        && flags[bit.slot] & bit.mask == 0
                    {
                        continue;
                    }
                    self.path.field(p.name());
                    let v = self.value(ty)?;
                    self.path.pop();
                    obj.insert(p.name().into(), v);
                }
            }
        }
        Ok(Value::Object(obj))
    }

    /// A TL `bytes`/`string`: 1-byte length below 254, or 0xfe and a 3-byte length; then the
    /// data and padding to a multiple of 4 (padding bytes are not checked).
    fn bytes(&mut self) -> Result<&[u8], CodecError> {
        let first = self.take(1)?[0];
        let (len, header) = match first {
            0..=253 => (usize::from(first), 1),
            254 => {
                let [a, b, c] = self.array()?;
                (usize::from_le_bytes([a, b, c, 0, 0, 0, 0, 0]), 4)
            }
            255 => return Err(self.invalid("byte string length marker 0xff")),
        };
        let padding = (4 - (header + len) % 4) % 4;
        if len + padding > self.remaining() {
            return Err(CodecError::UnexpectedEnd {
                path: self.path.render(),
            });
        }
        let start = self.pos;
        self.pos += len + padding;
        Ok(&self.buf[start..start + len])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_headers() {
        let s = Schema::layer_230();
        assert_eq!(s.decode("bytes", &[0, 0, 0, 0]).unwrap(), "");
        assert_eq!(s.decode("string", &[3, b'a', b'b', b'c']).unwrap(), "abc");
        let mut long = vec![254, 0, 1, 0];
        long.extend(std::iter::repeat_n(b'x', 256));
        assert_eq!(s.decode("string", &long).unwrap(), "x".repeat(256));
        // Missing padding.
        assert!(matches!(
            s.decode("string", &[1, b'a']),
            Err(CodecError::UnexpectedEnd { .. })
        ));
        assert!(matches!(
            s.decode("string", &[255, 0, 0, 0]),
            Err(CodecError::InvalidData { .. })
        ));
        assert!(matches!(
            s.decode("string", &[254, 0xff, 0xff, 0xff]),
            Err(CodecError::UnexpectedEnd { .. })
        ));
    }

    #[test]
    fn vector_length_is_checked_before_allocating() {
        let s = Schema::layer_230();
        let mut b = VECTOR_ID.to_le_bytes().to_vec();
        b.extend_from_slice(&i32::MAX.to_le_bytes());
        assert!(matches!(
            s.decode("Vector<long>", &b),
            Err(CodecError::UnexpectedEnd { .. })
        ));
        let mut b = VECTOR_ID.to_le_bytes().to_vec();
        b.extend_from_slice(&(-1i32).to_le_bytes());
        assert!(matches!(
            s.decode("Vector<long>", &b),
            Err(CodecError::InvalidData { .. })
        ));
    }
}
