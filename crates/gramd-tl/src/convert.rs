//! Conversion between two layers of the API: a value read with one layer's schema, written
//! with another's.
//!
//! Telegram changes a constructor's id whenever it adds a field, so a client of an older
//! layer cannot read what the newer layer writes (layer 198's `user#4b46c37e` is layer
//! 230's `user#b1b8cc83`), nor can the server read the older client's calls
//! (`messages.sendMessage#983f9745` against `#fef48f62`). Constructors keep their *names*
//! across layers, and that is what conversion matches on. A [`Bridge`] holds a client's
//! schema and the server's and converts calls up (client to server) and results down
//! (server to client), through the JSON form of [`Schema::decode`]:
//!
//! - A constructor becomes the target's constructor of the same name. Its fields are the
//!   target's: a field the target lacks is dropped; a required field the target adds gets a
//!   neutral value (0, `""`, `false`, an empty vector, a boxed type's field-less `…Empty`
//!   constructor); an optional field that does not convert is left out.
//! - A constructor the target layer does not have becomes the target type's field-less
//!   `…Unsupported` (or `…Empty`) constructor when there is one (`messageMediaUnsupported`);
//!   inside a vector of a boxed type it is dropped (an update the old client cannot read);
//!   elsewhere conversion fails with [`CodecError::NoCounterpart`].
//! - A field whose type became a one-field wrapper converts both ways: layer 230's
//!   `user.stories_max_id:RecentStory` is layer 198's `int` (`recentStory.max_id`).
//! - `int` and `long` convert into each other when the value fits.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::MAX_DEPTH;
use crate::error::{CodecError, Path};
use crate::schema::{Combinator, ParamKind, Schema, Ty};

/// The layer-198 schema (`schema/api-198.tl`, from GramJS 2.26.22), embedded in the crate.
const API_198_TL: &str = include_str!("../schema/api-198.tl");

impl Schema {
    /// The schema of layer 198 embedded in this crate (`schema/api-198.tl`): what GramJS
    /// 2.26.22 speaks.
    ///
    /// # Panics
    ///
    /// Never in practice: the embedded text is fixed and the crate's tests load it.
    pub fn layer_198() -> Schema {
        match Schema::from_tl(API_198_TL) {
            Ok(schema) => schema,
            Err(e) => panic!("embedded api-198.tl does not load: {e}"),
        }
    }
}

/// Converts `value`, a JSON value written by `from` (as [`Schema::decode`] gives it), to the
/// JSON of the type expression `ty` of `to` (see the [module docs](self) for the rules).
pub fn convert(from: &Schema, to: &Schema, ty: &str, value: &Value) -> Result<Value, CodecError> {
    let dst = to
        .parse_type(ty)
        .ok_or_else(|| CodecError::UnknownType { name: ty.into() })?;
    let src = from
        .parse_type(ty)
        .ok_or_else(|| CodecError::UnknownType { name: ty.into() })?;
    Converter::new(from, to).value(&src, &dst, value)
}

/// A client's layer and the server's, and conversion between them.
#[derive(Debug, Clone)]
pub struct Bridge {
    client: Schema,
    server: Schema,
}

/// A client's call converted for the server ([`Bridge::call_to_server`]).
#[derive(Debug, Clone)]
pub struct BridgedCall {
    /// The call in the server's layer: constructor id and fields.
    pub bytes: Vec<u8>,
    client_call: Value,
    server_call: Value,
}

impl BridgedCall {
    /// The function's name (the same in both layers).
    pub fn function(&self) -> &str {
        self.server_call
            .get("_")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

impl Bridge {
    /// Conversion between a client speaking `client` and a server speaking `server`.
    pub fn new(client: Schema, server: Schema) -> Bridge {
        Bridge { client, server }
    }

    /// Layer 198 clients (GramJS 2.26.22) and the layer-230 server.
    pub fn layer_198_to_230() -> Bridge {
        Bridge::new(Schema::layer_198(), Schema::layer_230())
    }

    /// The client's schema.
    pub fn client(&self) -> &Schema {
        &self.client
    }

    /// The server's schema.
    pub fn server(&self) -> &Schema {
        &self.server
    }

    /// A serialized call of the client's layer, converted to the server's.
    pub fn call_to_server(&self, bytes: &[u8]) -> Result<BridgedCall, CodecError> {
        let client_call = self.client.decode_function(bytes)?;
        let server_call = Converter::new(&self.client, &self.server).value(
            &Ty::Generic,
            &Ty::Generic,
            &client_call,
        )?;
        let name = server_call
            .get("_")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let bytes = self.server.encode_function(name, &server_call)?;
        Ok(BridgedCall {
            bytes,
            client_call,
            server_call,
        })
    }

    /// The server's serialized result of `call`, converted to the client's layer.
    pub fn result_to_client(
        &self,
        call: &BridgedCall,
        bytes: &[u8],
    ) -> Result<Vec<u8>, CodecError> {
        let name = call.function();
        let value = self.server.decode_result(name, &call.server_call, bytes)?;
        let src = self
            .server
            .parse_type(&self.server.result_type(name, &call.server_call)?)
            .ok_or_else(|| CodecError::UnknownFunction { name: name.into() })?;
        let ty = self.client.result_type(name, &call.client_call)?;
        let dst = self
            .client
            .parse_type(&ty)
            .ok_or_else(|| CodecError::UnknownType { name: ty.clone() })?;
        let converted = Converter::new(&self.server, &self.client).value(&src, &dst, &value)?;
        self.client.encode(&ty, &converted)
    }

    /// A serialized value of the server's type `ty` (`"Updates"` for a push), converted to
    /// the client's layer.
    pub fn value_to_client(&self, ty: &str, bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
        let value = self.server.decode(ty, bytes)?;
        let converted = convert(&self.server, &self.client, ty, &value)?;
        self.client.encode(ty, &converted)
    }
}

/// Why one value did not convert; optional fields that fail are dropped, so most of these
/// never reach the caller.
type Converted = Result<Value, CodecError>;

/// Conversion state: both schemas, the path in the target value, the depth.
struct Converter<'s> {
    from: &'s Schema,
    to: &'s Schema,
    path: Path<'s>,
    depth: usize,
}

impl<'s> Converter<'s> {
    fn new(from: &'s Schema, to: &'s Schema) -> Self {
        Converter {
            from,
            to,
            path: Path::default(),
            depth: 0,
        }
    }

    fn mismatch(&self, name: &str) -> CodecError {
        CodecError::NoCounterpart {
            path: self.path.render(),
            name: name.into(),
            layer: self.to.layer(),
        }
    }

    /// Converts `v`, of the source type `src`, to the target type `dst`.
    fn value(&mut self, src: &'s Ty, dst: &'s Ty, v: &Value) -> Converted {
        if self.depth >= MAX_DEPTH {
            return Err(CodecError::TooDeep {
                path: self.path.render(),
            });
        }
        self.depth += 1;
        let r = self.value_inner(src, dst, v);
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, src: &'s Ty, dst: &'s Ty, v: &Value) -> Converted {
        match (src, dst) {
            (Ty::Int, Ty::Int)
            | (Ty::Long, Ty::Long)
            | (Ty::Double, Ty::Double)
            | (Ty::String, Ty::String)
            | (Ty::Bytes, Ty::Bytes)
            | (Ty::Int128, Ty::Int128)
            | (Ty::Int256, Ty::Int256)
            | (Ty::Bool, Ty::Bool)
            | (Ty::True, Ty::True) => Ok(v.clone()),
            (Ty::Int, Ty::Long) => v
                .as_i64()
                .map(|n| Value::from(n.to_string()))
                .ok_or_else(|| self.mismatch("int")),
            (Ty::Long, Ty::Int) => v
                .as_str()
                .and_then(|s| s.parse::<i32>().ok())
                .map(Value::from)
                .ok_or_else(|| self.mismatch("long")),
            (Ty::Vector(s) | Ty::BareVector(s), Ty::Vector(d) | Ty::BareVector(d)) => {
                self.vector(s, d, v)
            }
            (Ty::Boxed(_) | Ty::Bare(_), Ty::Boxed(t)) => self.boxed(*t, v),
            (Ty::Boxed(_) | Ty::Bare(_), Ty::Bare(c)) => {
                let src = self.source_combinator(v)?;
                self.fields(src, &self.to.constructors[*c], v)
            }
            (Ty::Generic, Ty::Generic) => {
                let name = v.get("_").and_then(Value::as_str).unwrap_or_default();
                let (Some(src), Some(dst)) = (self.from.function(name), self.to.function(name))
                else {
                    return Err(CodecError::UnknownFunction { name: name.into() });
                };
                self.fields(src, dst, v)
            }
            // A one-field wrapper on the source side (`recentStory` to `int`).
            (Ty::Boxed(_) | Ty::Bare(_), _) => {
                let src = self.source_combinator(v)?;
                match single_field(src).and_then(|(param, ty)| Some((v.get(param)?, ty))) {
                    Some((inner, ty)) => self.value(ty, dst, inner),
                    None => Err(self.mismatch(src.name())),
                }
            }
            // A one-field wrapper on the target side (`int` to `recentStory`).
            (scalar, Ty::Boxed(t)) if is_scalar(scalar) => {
                let mut wrappers = self.to.types[*t]
                    .constructors
                    .iter()
                    .map(|&c| &self.to.constructors[c])
                    .filter_map(|c| single_field(c).map(|(p, ty)| (c, p, ty)))
                    .filter(|(_, _, ty)| *ty == scalar);
                match (wrappers.next(), wrappers.next()) {
                    (Some((ctor, param, _)), None) => {
                        let mut obj = Map::new();
                        obj.insert("_".into(), ctor.name().into());
                        obj.insert(param.into(), v.clone());
                        Ok(Value::Object(obj))
                    }
                    _ => Err(self.mismatch(&self.to.types[*t].name)),
                }
            }
            _ => Err(self.mismatch("value")),
        }
    }

    /// The source constructor an object names with `"_"`.
    fn source_combinator(&self, v: &Value) -> Result<&'s Combinator, CodecError> {
        let name = v.get("_").and_then(Value::as_str).unwrap_or_default();
        self.from
            .constructor(name)
            .ok_or_else(|| CodecError::UnknownConstructor {
                path: self.path.render(),
                name: name.into(),
            })
    }

    /// Elements one by one; an element of a boxed type that the target cannot express is
    /// dropped.
    fn vector(&mut self, src: &'s Ty, dst: &'s Ty, v: &Value) -> Converted {
        let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            self.path.index(i);
            let converted = self.value(src, dst, item);
            self.path.pop();
            match converted {
                Ok(item) => out.push(item),
                Err(CodecError::NoCounterpart { .. }) if matches!(dst, Ty::Boxed(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Value::Array(out))
    }

    /// An object of the boxed target type `t`: the constructor of the same name, or the
    /// type's field-less fallback.
    fn boxed(&mut self, t: usize, v: &Value) -> Converted {
        let src = self.source_combinator(v)?;
        let same = self
            .to
            .constructor(src.name())
            .filter(|c| c.result == Ty::Boxed(t));
        match same {
            Some(dst) => self.fields(src, dst, v),
            None => match self.fallback(t) {
                Some(dst) => Ok(Value::Object(Map::from_iter([(
                    "_".to_owned(),
                    Value::from(dst.name()),
                )]))),
                None => Err(self.mismatch(src.name())),
            },
        }
    }

    /// The constructor of type `t` standing for one the target layer lacks:
    /// `…Unsupported`, else `…Empty`, with no required field.
    fn fallback(&self, t: usize) -> Option<&'s Combinator> {
        let constructors = || {
            self.to.types[t]
                .constructors
                .iter()
                .map(|&c| &self.to.constructors[c])
                .filter(|c| required(c).next().is_none())
        };
        constructors()
            .find(|c| c.name().ends_with("Unsupported"))
            .or_else(|| constructors().find(|c| c.name().ends_with("Empty")))
    }

    /// The fields of `dst` from an object of `src`.
    fn fields(&mut self, src: &'s Combinator, dst: &'s Combinator, v: &Value) -> Converted {
        let mut obj = Map::new();
        obj.insert("_".into(), dst.name().into());
        for p in dst.params() {
            let ParamKind::Value { ty, flag } = &p.kind else {
                continue;
            };
            let given = v.get(p.name()).filter(|v| !v.is_null());
            let src_ty = src.params().iter().find_map(|q| match &q.kind {
                ParamKind::Value { ty, .. } if q.name() == p.name() => Some(ty),
                _ => None,
            });
            self.path.field(p.name());
            let converted = match (given, src_ty) {
                (Some(given), Some(src_ty)) => match self.value(src_ty, ty, given) {
                    Err(CodecError::NoCounterpart { .. }) if flag.is_some() => None,
                    Err(CodecError::NoCounterpart { .. }) => Some(self.default(ty)?),
                    r => Some(r?),
                },
                _ if flag.is_some() => None,
                _ => Some(self.default(ty)?),
            };
            self.path.pop();
            if let Some(value) = converted {
                obj.insert(p.name().into(), value);
            }
        }
        self.complete_shared_bits(dst, &mut obj)?;
        Ok(Value::Object(obj))
    }

    /// Fields sharing a flag bit go together (`views` and `forwards` of `message`): when one
    /// converted and another did not, the other gets a neutral value.
    fn complete_shared_bits(
        &mut self,
        dst: &'s Combinator,
        obj: &mut Map<String, Value>,
    ) -> Result<(), CodecError> {
        for p in dst.params() {
            let ParamKind::Value {
                ty,
                flag: Some(bit),
            } = &p.kind
            else {
                continue;
            };
            if *ty == Ty::True || obj.contains_key(p.name()) {
                continue;
            }
            let partner_present = dst.params().iter().any(|q| {
                matches!(&q.kind, ParamKind::Value { ty, flag: Some(b) }
                    if b == bit && *ty != Ty::True && obj.contains_key(q.name()))
            });
            if partner_present {
                self.path.field(p.name());
                let value = self.default(ty)?;
                self.path.pop();
                obj.insert(p.name().into(), value);
            }
        }
        Ok(())
    }

    /// A neutral value for a required field the source does not give.
    fn default(&mut self, ty: &'s Ty) -> Converted {
        Ok(match ty {
            Ty::Int | Ty::Double => Value::from(0),
            Ty::Long => Value::from("0"),
            Ty::String | Ty::Bytes => Value::from(""),
            Ty::Int128 => Value::from(STANDARD.encode([0; 16])),
            Ty::Int256 => Value::from(STANDARD.encode([0; 32])),
            Ty::Bool => Value::Bool(false),
            Ty::True => Value::Bool(true),
            Ty::Vector(_) | Ty::BareVector(_) => Value::Array(Vec::new()),
            Ty::Boxed(t) => {
                let empty = self.to.types[*t]
                    .constructors
                    .iter()
                    .map(|&c| &self.to.constructors[c])
                    .filter(|c| required(c).next().is_none())
                    .min_by_key(|c| !c.name().ends_with("Empty"));
                match empty {
                    Some(c) => {
                        Value::Object(Map::from_iter([("_".to_owned(), Value::from(c.name()))]))
                    }
                    None => {
                        return Err(CodecError::MissingField {
                            path: self.path.render(),
                        });
                    }
                }
            }
            Ty::Bare(c) => {
                let dst = &self.to.constructors[*c];
                self.fields(dst, dst, &Value::Null)?
            }
            Ty::Generic => {
                return Err(CodecError::MissingField {
                    path: self.path.render(),
                });
            }
        })
    }
}

/// Whether a type is a number, string, byte string or `Bool`.
fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Int
            | Ty::Long
            | Ty::Double
            | Ty::String
            | Ty::Bytes
            | Ty::Int128
            | Ty::Int256
            | Ty::Bool
    )
}

/// The required value fields of a combinator.
fn required(c: &Combinator) -> impl Iterator<Item = &str> {
    c.params().iter().filter_map(|p| match &p.kind {
        ParamKind::Value { flag: None, .. } => Some(p.name()),
        _ => None,
    })
}

/// The one field, other than `#` and `true` flags, of a wrapper constructor such as
/// `recentStory flags:# live:flags.0?true max_id:flags.1?int`.
fn single_field(c: &Combinator) -> Option<(&str, &Ty)> {
    let mut fields = c.params().iter().filter_map(|p| match &p.kind {
        ParamKind::Value { ty, .. } if *ty != Ty::True => Some((p.name(), ty)),
        _ => None,
    });
    match (fields.next(), fields.next()) {
        (Some(field), None) => Some(field),
        _ => None,
    }
}
