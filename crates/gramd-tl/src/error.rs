//! Errors of the codec ([`CodecError`]) and of schema loading ([`SchemaError`]), plus the
//! field path that encoding and decoding keep to say *where* something went wrong.

use std::fmt;

/// Why a JSON value could not be encoded to TL, or TL bytes could not be decoded to JSON.
///
/// Every variant that concerns a place inside the value carries a `path` such as
/// `peer.user_id` or `multi_media[2].message` (empty for the value itself). The
/// [`Display`](fmt::Display) text is detailed and meant for logs and debugging headers;
/// [`CodecError::rpc_error_name`] gives the Telegram error string to send to a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// No function of that name (or id) exists in the schema.
    UnknownFunction {
        /// The name that was asked for (`#xxxxxxxx` when looked up by id).
        name: String,
    },
    /// A type expression given to [`Schema::encode`](crate::Schema::encode) or
    /// [`Schema::decode`](crate::Schema::decode) names no type of the schema.
    UnknownType {
        /// The type expression as given.
        name: String,
    },
    /// `"_"` names no constructor of the schema.
    UnknownConstructor {
        /// Where the object is.
        path: String,
        /// The name given in `"_"`.
        name: String,
    },
    /// Binary data carries a constructor id the schema does not know.
    UnknownConstructorId {
        /// Where the value is.
        path: String,
        /// The id read.
        id: u32,
    },
    /// The constructor exists but builds another type than the one expected here.
    WrongConstructor {
        /// Where the value is.
        path: String,
        /// The constructor found.
        name: String,
        /// The type expected at this place.
        expected: String,
    },
    /// An object of a boxed type has no `"_"` naming its constructor.
    MissingConstructor {
        /// Where the object is.
        path: String,
        /// The type expected at this place.
        expected: String,
    },
    /// A required field is absent (or `null`).
    MissingField {
        /// The field, e.g. `peer.user_id`.
        path: String,
    },
    /// The object has a field its constructor does not define.
    UnknownField {
        /// The field, e.g. `peer.usr_id`.
        path: String,
    },
    /// The JSON value has the wrong JSON type for the TL type of the field.
    WrongType {
        /// The field.
        path: String,
        /// What the TL type accepts, e.g. `"long (decimal string or integer)"`.
        expected: &'static str,
        /// The JSON type found, e.g. `"object"`.
        found: &'static str,
    },
    /// A `bytes`, `int128` or `int256` field is not valid base64.
    InvalidBase64 {
        /// The field.
        path: String,
    },
    /// An `int128` or `int256` field does not decode to 16 or 32 bytes.
    WrongLength {
        /// The field.
        path: String,
        /// Number of bytes required.
        expected: usize,
        /// Number of bytes given.
        found: usize,
    },
    /// A number does not fit the TL type (`int` is 32-bit, `long` 64-bit, both signed).
    NumberOutOfRange {
        /// The field.
        path: String,
    },
    /// A string, byte string or vector is longer than TL can represent.
    TooLong {
        /// The field.
        path: String,
        /// Its length (bytes or elements).
        len: usize,
    },
    /// The binary data ended in the middle of a value.
    UnexpectedEnd {
        /// Where the value being read is.
        path: String,
    },
    /// The value was complete but bytes remain after it.
    TrailingData {
        /// How many bytes were left over.
        remaining: usize,
    },
    /// The binary data is malformed in another way (bad `Bool`, negative vector length...).
    InvalidData {
        /// Where the value is.
        path: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The value nests deeper than [`MAX_DEPTH`](crate::MAX_DEPTH).
    TooDeep {
        /// Where the limit was reached.
        path: String,
    },
    /// A value has no counterpart in the layer it is converted to
    /// ([`convert`](crate::convert::convert)): a constructor that layer lacks, with no
    /// field-less stand-in, or a value of an unrelated type.
    NoCounterpart {
        /// Where the value is, in the converted value.
        path: String,
        /// The constructor (or type) that does not convert.
        name: String,
        /// The target schema's layer, if it says.
        layer: Option<i32>,
    },
    /// The result type of a generic function (`invokeWithLayer` etc.) depends on its
    /// `query`, which is missing or is not a function object.
    GenericResult {
        /// The function whose result was asked for.
        function: String,
    },
}

impl CodecError {
    /// The Telegram RPC error string to answer a client with:
    /// `INPUT_METHOD_INVALID` for an unknown function, `INPUT_CONSTRUCTOR_INVALID` for an
    /// unknown, missing or misplaced constructor, and `INPUT_FETCH_ERROR` for anything else
    /// (missing field, wrong JSON type, bad base64, number out of range, truncated data...).
    pub fn rpc_error_name(&self) -> &'static str {
        match self {
            Self::UnknownFunction { .. } => "INPUT_METHOD_INVALID",
            Self::UnknownConstructor { .. }
            | Self::UnknownConstructorId { .. }
            | Self::WrongConstructor { .. }
            | Self::MissingConstructor { .. }
            | Self::NoCounterpart { .. } => "INPUT_CONSTRUCTOR_INVALID",
            _ => "INPUT_FETCH_ERROR",
        }
    }

    /// The path of the field the error is about, if it concerns one (`""` is the value itself).
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::UnknownConstructor { path, .. }
            | Self::UnknownConstructorId { path, .. }
            | Self::WrongConstructor { path, .. }
            | Self::MissingConstructor { path, .. }
            | Self::MissingField { path }
            | Self::UnknownField { path }
            | Self::WrongType { path, .. }
            | Self::InvalidBase64 { path }
            | Self::WrongLength { path, .. }
            | Self::NumberOutOfRange { path }
            | Self::TooLong { path, .. }
            | Self::UnexpectedEnd { path }
            | Self::InvalidData { path, .. }
            | Self::TooDeep { path }
            | Self::NoCounterpart { path, .. } => Some(path),
            Self::UnknownFunction { .. }
            | Self::UnknownType { .. }
            | Self::TrailingData { .. }
            | Self::GenericResult { .. } => None,
        }
    }
}

/// Writes ` at `path`` unless the path is empty (the value itself).
struct At<'a>(&'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " at `{}`", self.0)
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFunction { name } => write!(f, "unknown function `{name}`"),
            Self::UnknownType { name } => write!(f, "unknown type `{name}`"),
            Self::UnknownConstructor { path, name } => {
                write!(f, "unknown constructor `{name}`{}", At(path))
            }
            Self::UnknownConstructorId { path, id } => {
                write!(f, "unknown constructor id {id:#010x}{}", At(path))
            }
            Self::WrongConstructor {
                path,
                name,
                expected,
            } => write!(
                f,
                "constructor `{name}` is not of type `{expected}`{}",
                At(path)
            ),
            Self::MissingConstructor { path, expected } => write!(
                f,
                "missing `_` naming a constructor of `{expected}`{}",
                At(path)
            ),
            Self::MissingField { path } => write!(f, "missing field `{path}`"),
            Self::UnknownField { path } => write!(f, "unknown field `{path}`"),
            Self::WrongType {
                path,
                expected,
                found,
            } => write!(
                f,
                "wrong JSON type{}: expected {expected}, found {found}",
                At(path)
            ),
            Self::InvalidBase64 { path } => write!(f, "invalid base64{}", At(path)),
            Self::WrongLength {
                path,
                expected,
                found,
            } => write!(
                f,
                "wrong length{}: expected {expected} bytes, found {found}",
                At(path)
            ),
            Self::NumberOutOfRange { path } => write!(f, "number out of range{}", At(path)),
            Self::TooLong { path, len } => {
                write!(f, "too long for TL ({len} bytes or elements){}", At(path))
            }
            Self::UnexpectedEnd { path } => write!(f, "unexpected end of data{}", At(path)),
            Self::TrailingData { remaining } => {
                write!(f, "{remaining} bytes of trailing data after the value")
            }
            Self::InvalidData { path, reason } => write!(f, "invalid data{}: {reason}", At(path)),
            Self::TooDeep { path } => write!(
                f,
                "nesting deeper than {} levels{}",
                crate::MAX_DEPTH,
                At(path)
            ),
            Self::NoCounterpart { path, name, layer } => {
                write!(f, "`{name}` has no counterpart")?;
                if let Some(layer) = layer {
                    write!(f, " in layer {layer}")?;
                }
                write!(f, "{}", At(path))
            }
            Self::GenericResult { function } => write!(
                f,
                "the result type of `{function}` depends on a `query` function object that is missing"
            ),
        }
    }
}

impl std::error::Error for CodecError {}

/// Why a TL schema text could not be loaded by [`Schema::from_tl`](crate::Schema::from_tl).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The definition (or type expression) at fault, as far as known.
    pub definition: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad TL definition `{}`: {}",
            self.definition, self.reason
        )
    }
}

impl std::error::Error for SchemaError {}

/// One step of a [`Path`].
#[derive(Debug, Clone, Copy)]
enum Step<'s> {
    Field(&'s str),
    Index(usize),
}

/// The place inside a value being encoded or decoded, kept as a stack of steps and rendered
/// (`peer.user_id`, `entities[3].offset`) only when an error is built.
#[derive(Debug, Default)]
pub(crate) struct Path<'s> {
    steps: Vec<Step<'s>>,
}

impl<'s> Path<'s> {
    /// Enters the field `name`.
    pub(crate) fn field(&mut self, name: &'s str) {
        self.steps.push(Step::Field(name));
    }

    /// Enters element `index` of a vector.
    pub(crate) fn index(&mut self, index: usize) {
        self.steps.push(Step::Index(index));
    }

    /// Leaves the innermost step.
    pub(crate) fn pop(&mut self) {
        self.steps.pop();
    }

    /// The path as text.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            match step {
                Step::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The path of a field `name` of the current object, for errors about keys of the input.
    pub(crate) fn render_with(&self, name: &str) -> String {
        let mut out = self.render();
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(name);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rendering() {
        let mut p = Path::default();
        assert_eq!(p.render(), "");
        assert_eq!(p.render_with("_"), "_");
        p.field("multi_media");
        p.index(2);
        p.field("message");
        assert_eq!(p.render(), "multi_media[2].message");
        p.pop();
        assert_eq!(p.render_with("x"), "multi_media[2].x");
    }

    #[test]
    fn display_and_rpc_names() {
        let e = CodecError::MissingField {
            path: "peer.user_id".into(),
        };
        assert_eq!(e.to_string(), "missing field `peer.user_id`");
        assert_eq!(e.rpc_error_name(), "INPUT_FETCH_ERROR");
        let e = CodecError::UnknownFunction { name: "x.y".into() };
        assert_eq!(e.rpc_error_name(), "INPUT_METHOD_INVALID");
        let e = CodecError::UnknownConstructor {
            path: String::new(),
            name: "foo".into(),
        };
        assert_eq!(e.to_string(), "unknown constructor `foo`");
        assert_eq!(e.rpc_error_name(), "INPUT_CONSTRUCTOR_INVALID");
    }
}
