//! The schema: every constructor and function of a TL text, with parameter types resolved
//! once at load time so that encoding and decoding only follow indices.

use std::collections::HashMap;

use grammers_tl_parser::errors::ParseError;
use grammers_tl_parser::parse_tl_file;
use grammers_tl_parser::tl::{Category, Definition, ParameterType};

use crate::error::SchemaError;

/// The TL text of layer 230 (`api.tl`), embedded in the crate.
pub(crate) const API_TL: &str = include_str!("../schema/api.tl");

/// Most `#` fields one combinator may have (`flags`, `flags2`, ...).
pub(crate) const MAX_FLAG_FIELDS: usize = 8;

/// Deepest type expression accepted (`Vector<Vector<...>>`).
const MAX_TYPE_DEPTH: usize = 16;

/// A resolved TL type, as encoding and decoding see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `int`: 32-bit signed, JSON number.
    Int,
    /// `long`: 64-bit signed, JSON decimal string.
    Long,
    /// `double`: JSON number.
    Double,
    /// `string`: JSON string.
    String,
    /// `bytes`: JSON base64 string.
    Bytes,
    /// `int128`: base64 of 16 bytes.
    Int128,
    /// `int256`: base64 of 32 bytes.
    Int256,
    /// `Bool`: JSON `true`/`false`, TL `boolTrue`/`boolFalse`.
    Bool,
    /// Bare `true`: no bytes, JSON `true`.
    True,
    /// `Vector<T>`: id `0x1cb5c415`, count, elements.
    Vector(Box<Ty>),
    /// `vector<T>`: count, elements.
    BareVector(Box<Ty>),
    /// A boxed type (index into the schema's types): constructor id, then fields.
    Boxed(usize),
    /// A bare constructor (index into the schema's constructors): fields only.
    Bare(usize),
    /// `!X`: a function call (id and fields). As a function's result: the result of that
    /// call.
    Generic,
}

/// Where a flagged parameter's bit lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FlagBit {
    /// Which `#` field of the combinator (0 for the first one, usually `flags`).
    pub(crate) slot: usize,
    /// The bit's mask.
    pub(crate) mask: u32,
}

/// What a parameter holds.
#[derive(Debug, Clone)]
pub(crate) enum ParamKind {
    /// A `#` field, the `slot`-th of its combinator.
    Flags {
        /// Index among the combinator's `#` fields.
        slot: usize,
    },
    /// An ordinary field, possibly present only when a flag bit is set.
    Value {
        /// Its type.
        ty: Ty,
        /// The bit that tells whether it is present, for `flags.N?T` fields.
        flag: Option<FlagBit>,
    },
}

/// One parameter (field) of a [`Combinator`].
#[derive(Debug, Clone)]
pub struct Param {
    name: String,
    type_text: String,
    flag: Option<(String, u32)>,
    pub(crate) kind: ParamKind,
}

impl Param {
    /// The field name, as used in JSON.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type as written in the schema, without any flag prefix (`"Vector<InputPeer>"`,
    /// `"true"`, `"#"` for flags fields, `"!X"` for a generic query).
    pub fn type_name(&self) -> &str {
        &self.type_text
    }

    /// For an optional `flags.N?T` field: the `#` field's name and the bit index `N`.
    pub fn flag(&self) -> Option<(&str, u32)> {
        self.flag.as_ref().map(|(name, bit)| (name.as_str(), *bit))
    }

    /// Whether this is a `#` field, derived from the others (never present in JSON).
    pub fn is_flags(&self) -> bool {
        matches!(self.kind, ParamKind::Flags { .. })
    }
}

/// A constructor or function of the schema: `name#id params = Type`.
#[derive(Debug, Clone)]
pub struct Combinator {
    name: String,
    id: u32,
    params: Vec<Param>,
    type_text: String,
    function: bool,
    /// For a constructor `Boxed(type index)`, for a function its result type.
    pub(crate) result: Ty,
}

impl Combinator {
    /// The full name, with namespace: `"messages.sendMessage"`, `"inputPeerUser"`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The constructor id (CRC32 of the definition, or as written after `#`).
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The parameters, in schema (and wire) order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// The type it builds (constructor) or returns (function), as written in the schema:
    /// `"InputPeer"`, `"Vector<User>"`, `"!X"` for generic functions.
    pub fn type_name(&self) -> &str {
        &self.type_text
    }

    /// Whether this is a function (from the `---functions---` section).
    pub fn is_function(&self) -> bool {
        self.function
    }

    /// The parameter holding the `!X` query of a generic function, if any.
    pub(crate) fn generic_param(&self) -> Option<&Param> {
        self.params.iter().find(|p| {
            matches!(
                p.kind,
                ParamKind::Value {
                    ty: Ty::Generic,
                    ..
                }
            )
        })
    }
}

/// A boxed type and its constructors.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) constructors: Vec<usize>,
}

/// A loaded TL schema: lookups by name and id, and the JSON codec
/// ([`encode_function`](Schema::encode_function), [`decode`](Schema::decode), ...).
///
/// Build it once at start-up ([`Schema::layer_230`]) and share it by reference.
#[derive(Debug, Clone)]
pub struct Schema {
    layer: Option<i32>,
    pub(crate) constructors: Vec<Combinator>,
    pub(crate) functions: Vec<Combinator>,
    pub(crate) types: Vec<TypeDef>,
    constructor_by_name: HashMap<String, usize>,
    constructor_by_id: HashMap<u32, usize>,
    function_by_name: HashMap<String, usize>,
    function_by_id: HashMap<u32, usize>,
    type_by_name: HashMap<String, usize>,
}

impl Schema {
    /// The schema of layer 230 embedded in this crate (`schema/api.tl`).
    ///
    /// # Panics
    ///
    /// Never in practice: the embedded text is fixed and the crate's tests load it.
    pub fn layer_230() -> Schema {
        match Schema::from_tl(API_TL) {
            Ok(schema) => schema,
            Err(e) => panic!("embedded api.tl does not load: {e}"),
        }
    }

    /// Loads a schema from TL text (the format of `api.tl`).
    ///
    /// The built-in definitions (`int ? = Int;`, `vector {t:Type} # [ t ] = Vector t;`) are
    /// skipped: the codec knows them by itself. Every parameter type must name a known
    /// type, constructor or built-in, and names and ids must be unique per section.
    pub fn from_tl(text: &str) -> Result<Schema, SchemaError> {
        let mut schema = Schema {
            layer: layer_of(text),
            constructors: Vec::new(),
            functions: Vec::new(),
            types: Vec::new(),
            constructor_by_name: HashMap::new(),
            constructor_by_id: HashMap::new(),
            function_by_name: HashMap::new(),
            function_by_id: HashMap::new(),
            type_by_name: HashMap::new(),
        };
        let mut defs = Vec::new();
        for def in parse_tl_file(text) {
            match def {
                Ok(def) if def.name == "vector" && def.namespace.is_empty() => {}
                Ok(def) => defs.push(def),
                // Built-in definitions such as `int ? = Int;`.
                Err(ParseError::NotImplemented) => {}
                Err(e) => {
                    return Err(SchemaError {
                        definition: String::new(),
                        reason: format!("{e:?}"),
                    });
                }
            }
        }

        // First pass: names, ids and boxed types, so that parameters can refer to anything.
        for def in &defs {
            let name = def.full_name();
            let comb = Combinator {
                name: name.clone(),
                id: def.id,
                params: Vec::new(),
                type_text: def.ty.to_string(),
                function: def.category == Category::Functions,
                result: Ty::Generic,
            };
            let dup = |what: &str| SchemaError {
                definition: def.to_string(),
                reason: format!("duplicate {what}"),
            };
            if comb.function {
                let idx = schema.functions.len();
                if schema.function_by_name.insert(name, idx).is_some() {
                    return Err(dup("function name"));
                }
                if schema.function_by_id.insert(def.id, idx).is_some() {
                    return Err(dup("function id"));
                }
                schema.functions.push(comb);
            } else {
                let idx = schema.constructors.len();
                if schema.constructor_by_name.insert(name, idx).is_some() {
                    return Err(dup("constructor name"));
                }
                if schema.constructor_by_id.insert(def.id, idx).is_some() {
                    return Err(dup("constructor id"));
                }
                let type_name = def.ty.to_string();
                let t = match schema.type_by_name.get(&type_name) {
                    Some(&t) => t,
                    None => {
                        schema.types.push(TypeDef {
                            name: type_name.clone(),
                            constructors: Vec::new(),
                        });
                        schema
                            .type_by_name
                            .insert(type_name, schema.types.len() - 1);
                        schema.types.len() - 1
                    }
                };
                schema.types[t].constructors.push(idx);
                schema.constructors.push(comb);
            }
        }

        // Second pass: resolve parameter and result types.
        let (mut ci, mut fi) = (0, 0);
        for def in &defs {
            let params = schema.resolve_params(def)?;
            if def.category == Category::Functions {
                let text = def.ty.to_string();
                let result = schema.parse_type(&text).ok_or_else(|| SchemaError {
                    definition: def.to_string(),
                    reason: format!("unknown result type `{text}`"),
                })?;
                schema.functions[fi].params = params;
                schema.functions[fi].result = result;
                fi += 1;
            } else {
                let t = schema.type_by_name[&def.ty.to_string()];
                schema.constructors[ci].params = params;
                schema.constructors[ci].result = Ty::Boxed(t);
                ci += 1;
            }
        }
        Ok(schema)
    }

    /// Resolves the parameters of one definition.
    fn resolve_params(&self, def: &Definition) -> Result<Vec<Param>, SchemaError> {
        let err = |reason: String| SchemaError {
            definition: def.to_string(),
            reason,
        };
        let mut params: Vec<Param> = Vec::with_capacity(def.params.len());
        let mut flag_fields: Vec<&str> = Vec::new();
        for p in &def.params {
            let param = match &p.ty {
                ParameterType::Flags => {
                    if flag_fields.len() == MAX_FLAG_FIELDS {
                        return Err(err("too many `#` fields".into()));
                    }
                    flag_fields.push(&p.name);
                    Param {
                        name: p.name.clone(),
                        type_text: "#".into(),
                        flag: None,
                        kind: ParamKind::Flags {
                            slot: flag_fields.len() - 1,
                        },
                    }
                }
                ParameterType::Normal { ty, flag } => {
                    let type_text = ty.to_string();
                    let resolved = self
                        .parse_type(&type_text)
                        .ok_or_else(|| err(format!("unknown type `{type_text}`")))?;
                    let flag = match flag {
                        None => None,
                        Some(f) => {
                            let slot = flag_fields
                                .iter()
                                .position(|n| *n == f.name)
                                .ok_or_else(|| err(format!("unknown flags field `{}`", f.name)))?;
                            if f.index >= 32 {
                                return Err(err(format!("flag bit {} out of range", f.index)));
                            }
                            Some((f.name.clone(), f.index as u32, slot))
                        }
                    };
                    Param {
                        name: p.name.clone(),
                        type_text,
                        flag: flag.as_ref().map(|(n, b, _)| (n.clone(), *b)),
                        kind: ParamKind::Value {
                            ty: resolved,
                            flag: flag.map(|(_, bit, slot)| FlagBit {
                                slot,
                                mask: 1 << bit,
                            }),
                        },
                    }
                }
            };
            if params.iter().any(|q| q.name == param.name) {
                return Err(err(format!("duplicate parameter `{}`", param.name)));
            }
            params.push(param);
        }
        Ok(params)
    }

    /// Resolves a type expression such as `int`, `Vector<User>`, `vector<%Message>`,
    /// `updates.State`, `inputPeerUser` (bare) or `!X`.
    pub(crate) fn parse_type(&self, text: &str) -> Option<Ty> {
        self.parse_type_at(text.trim(), 0)
    }

    fn parse_type_at(&self, text: &str, depth: usize) -> Option<Ty> {
        if depth > MAX_TYPE_DEPTH {
            return None;
        }
        if let Some(inner) = text
            .strip_prefix("Vector<")
            .and_then(|r| r.strip_suffix('>'))
        {
            return Some(Ty::Vector(Box::new(self.parse_type_at(inner, depth + 1)?)));
        }
        if let Some(inner) = text
            .strip_prefix("vector<")
            .and_then(|r| r.strip_suffix('>'))
        {
            return Some(Ty::BareVector(Box::new(
                self.parse_type_at(inner, depth + 1)?,
            )));
        }
        let ty = match text {
            "int" => Ty::Int,
            "long" => Ty::Long,
            "double" => Ty::Double,
            "string" => Ty::String,
            "bytes" => Ty::Bytes,
            "int128" => Ty::Int128,
            "int256" => Ty::Int256,
            "Bool" => Ty::Bool,
            "true" => Ty::True,
            _ => {
                if let Some(generic) = text.strip_prefix('!') {
                    return is_ident(generic).then_some(Ty::Generic);
                }
                if let Some(boxed) = text.strip_prefix('%') {
                    // `%T`: the bare form of a type with exactly one constructor.
                    let t = &self.types[*self.type_by_name.get(boxed)?];
                    return match t.constructors[..] {
                        [c] => Some(Ty::Bare(c)),
                        _ => None,
                    };
                }
                let last = text.rsplit('.').next().unwrap_or(text);
                if last.starts_with(|c: char| c.is_ascii_uppercase()) {
                    Ty::Boxed(*self.type_by_name.get(text)?)
                } else {
                    Ty::Bare(*self.constructor_by_name.get(text)?)
                }
            }
        };
        Some(ty)
    }

    /// The layer from the `// LAYER N` comment of the TL text, if it has one.
    pub fn layer(&self) -> Option<i32> {
        self.layer
    }

    /// The function named `name` (`"messages.sendMessage"`).
    pub fn function(&self, name: &str) -> Option<&Combinator> {
        self.function_by_name.get(name).map(|&i| &self.functions[i])
    }

    /// The function with constructor id `id`.
    pub fn function_by_id(&self, id: u32) -> Option<&Combinator> {
        self.function_by_id.get(&id).map(|&i| &self.functions[i])
    }

    /// The constructor named `name` (`"inputPeerUser"`, `"updates.state"`).
    pub fn constructor(&self, name: &str) -> Option<&Combinator> {
        self.constructor_by_name
            .get(name)
            .map(|&i| &self.constructors[i])
    }

    /// The constructor with id `id`.
    pub fn constructor_by_id(&self, id: u32) -> Option<&Combinator> {
        self.constructor_by_id
            .get(&id)
            .map(|&i| &self.constructors[i])
    }

    /// The constructors of the boxed type `ty` (`"InputPeer"`, `"updates.State"`), in schema
    /// order; `None` if the schema defines no such type.
    pub fn type_constructors(&self, ty: &str) -> Option<impl Iterator<Item = &Combinator> + '_> {
        let t = &self.types[*self.type_by_name.get(ty)?];
        Some(t.constructors.iter().map(|&i| &self.constructors[i]))
    }

    /// Every function, in schema order.
    pub fn functions(&self) -> impl Iterator<Item = &Combinator> + '_ {
        self.functions.iter()
    }

    /// Every constructor, in schema order.
    pub fn constructors(&self) -> impl Iterator<Item = &Combinator> + '_ {
        self.constructors.iter()
    }
}

/// Whether `s` is a plain identifier (`X`, `t`).
fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Finds the `// LAYER N` comment of a TL text; usable in constants.
pub(crate) const fn layer_of(text: &str) -> Option<i32> {
    const MARK: &[u8] = b"LAYER";
    let b = text.as_bytes();
    let mut line_start = 0;
    while line_start < b.len() {
        // Skip leading blanks, then require `//`.
        let mut i = line_start;
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'/' && b[i + 1] == b'/' {
            i += 2;
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let mut j = 0;
            while j < MARK.len() && i + j < b.len() && b[i + j] == MARK[j] {
                j += 1;
            }
            if j == MARK.len() {
                i += j;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                let mut n: i32 = 0;
                let mut digits = 0;
                while i < b.len() && b[i].is_ascii_digit() && digits < 9 {
                    n = n * 10 + (b[i] - b'0') as i32;
                    digits += 1;
                    i += 1;
                }
                if digits > 0 {
                    return Some(n);
                }
            }
        }
        // Next line.
        while line_start < b.len() && b[line_start] != b'\n' {
            line_start += 1;
        }
        line_start += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_comment() {
        assert_eq!(layer_of("// LAYER 230\nfoo = Bar;"), Some(230));
        assert_eq!(layer_of("a = B;\n  //LAYER 7"), Some(7));
        assert_eq!(layer_of("// no layer here"), None);
        assert_eq!(layer_of("// LAYER x"), None);
        assert_eq!(layer_of(""), None);
    }

    #[test]
    fn embedded_schema_loads() {
        let s = Schema::layer_230();
        assert_eq!(s.layer(), Some(230));
        assert!(s.constructors.len() > 1000, "{}", s.constructors.len());
        assert!(s.functions.len() > 500, "{}", s.functions.len());
        let f = s.function("messages.sendMessage").unwrap();
        assert_eq!(f.type_name(), "Updates");
        assert!(f.params()[0].is_flags());
        assert_eq!(s.function("invokeWithLayer").unwrap().type_name(), "!X");
        let c = s.constructor("inputPeerUser").unwrap();
        assert_eq!(c.id(), 0xdde8a54c);
        assert_eq!(
            s.constructor_by_id(0xdde8a54c).unwrap().name(),
            "inputPeerUser"
        );
        let names: Vec<_> = s
            .type_constructors("InputPeer")
            .unwrap()
            .map(Combinator::name)
            .collect();
        assert_eq!(names[0], "inputPeerEmpty");
        assert_eq!(names.len(), 7);
        assert!(s.type_constructors("Nope").is_none());
    }

    #[test]
    fn type_expressions() {
        let s = Schema::layer_230();
        assert_eq!(s.parse_type("int"), Some(Ty::Int));
        assert_eq!(
            s.parse_type("Vector<long>"),
            Some(Ty::Vector(Box::new(Ty::Long)))
        );
        assert_eq!(
            s.parse_type("vector<Bool>"),
            Some(Ty::BareVector(Box::new(Ty::Bool)))
        );
        assert!(matches!(s.parse_type("updates.State"), Some(Ty::Boxed(_))));
        assert!(matches!(s.parse_type("%updates.State"), Some(Ty::Bare(_))));
        assert!(matches!(s.parse_type("inputPeerUser"), Some(Ty::Bare(_))));
        assert_eq!(s.parse_type("%InputPeer"), None);
        assert_eq!(s.parse_type("Nope"), None);
        assert_eq!(s.parse_type("Vector<Nope>"), None);
        assert_eq!(s.parse_type("Vector<int"), None);
        assert_eq!(s.parse_type(""), None);
        let deep = format!("{}int{}", "Vector<".repeat(100), ">".repeat(100));
        assert_eq!(s.parse_type(&deep), None);
    }
}
