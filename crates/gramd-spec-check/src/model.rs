//! The parsed form of `api.json`: types, fields, methods and the rules extracted from
//! their descriptions.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::extract;

/// A parsed type string: `Integer`, `Array of Message`, `ChatMember`, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeExpr {
    Integer,
    Float,
    Boolean,
    String,
    /// A file upload; it can never be part of a JSON value.
    InputFile,
    /// A type from the `types` section.
    Named(String),
    /// `Array of X`.
    Array(Box<TypeExpr>),
}

impl TypeExpr {
    /// Parses a type string of the spec. Unknown names become [`TypeExpr::Named`].
    pub(crate) fn parse(s: &str) -> TypeExpr {
        if let Some(inner) = s.strip_prefix("Array of ") {
            return TypeExpr::Array(Box::new(TypeExpr::parse(inner)));
        }
        match s {
            "Integer" => TypeExpr::Integer,
            "Float" => TypeExpr::Float,
            "Boolean" => TypeExpr::Boolean,
            "String" => TypeExpr::String,
            "InputFile" => TypeExpr::InputFile,
            other => TypeExpr::Named(other.to_owned()),
        }
    }

    /// The type name at the core of this expression (`Message` for `Array of Message`).
    pub(crate) fn named(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(n) => Some(n),
            TypeExpr::Array(inner) => inner.named(),
            _ => None,
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Integer => f.write_str("Integer"),
            TypeExpr::Float => f.write_str("Float"),
            TypeExpr::Boolean => f.write_str("Boolean"),
            TypeExpr::String => f.write_str("String"),
            TypeExpr::InputFile => f.write_str("InputFile"),
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::Array(inner) => write!(f, "Array of {inner}"),
        }
    }
}

/// A value rule documented in a field description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Constraint {
    /// A String field whose value must be one of these (one entry: a constant).
    OneOf(Vec<String>),
    /// An Integer field that is always this value ("Always 0.").
    IntEquals(i64),
    /// An Integer field that is "always a positive number".
    Positive,
    /// An identifier or size with "at most 52 significant bits".
    Bits52,
    /// A Unix time, which must be in seconds (not milliseconds).
    UnixSeconds,
    /// `Optional. For "text_link" only`: the field may be present only when the type's
    /// enumerated field (MessageEntity.type) has this value.
    OnlyFor(String),
    /// `Returned only in getMe.`: the field may appear only on the User that getMe
    /// returns.
    GetMeOnly,
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::OneOf(v) if v.len() == 1 => write!(f, "always {:?}", v[0]),
            Constraint::OneOf(v) => write!(f, "one of {v:?}"),
            Constraint::IntEquals(n) => write!(f, "always {n}"),
            Constraint::Positive => f.write_str("positive"),
            Constraint::Bits52 => f.write_str("at most 52 significant bits"),
            Constraint::UnixSeconds => f.write_str("Unix time in seconds"),
            Constraint::OnlyFor(v) => write!(f, "only for {v:?}"),
            Constraint::GetMeOnly => f.write_str("returned only in getMe"),
        }
    }
}

/// A field of a type, or a parameter of a method.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) types: Vec<TypeExpr>,
    pub(crate) required: bool,
    pub(crate) constraints: Vec<Constraint>,
}

/// How many fields of a group may be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cardinality {
    AtMostOne,
    ExactlyOne,
}

/// "At most one of the optional fields can be present", "Exactly one of the fields data or
/// game_short_name will be present", ...
#[derive(Debug, Clone)]
pub(crate) struct GroupRule {
    pub(crate) kind: Cardinality,
    pub(crate) fields: Vec<String>,
    /// The sentence the rule comes from.
    pub(crate) text: String,
}

/// How the variant of an abstract type is chosen.
#[derive(Debug, Clone)]
pub(crate) enum Discriminator {
    /// A String field that is a documented constant in every object variant. Several
    /// variants may share a value (InlineQueryResultPhoto / InlineQueryResultCachedPhoto).
    Str {
        field: String,
        /// (value, variant), in the order of `subtypes`.
        variants: Vec<(String, String)>,
    },
    /// One variant has an Integer field that is always `value` (InaccessibleMessage.date is
    /// always 0); any other value of that field selects one of the other variants.
    IntConst {
        field: String,
        value: i64,
        variant: String,
    },
}

/// A type of the `types` section.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) fields: Vec<Field>,
    /// Non-empty for abstract (union) types.
    pub(crate) subtypes: Vec<TypeExpr>,
    pub(crate) rules: Vec<GroupRule>,
    pub(crate) discriminator: Option<Discriminator>,
}

impl TypeDef {
    pub(crate) fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub(crate) fn is_abstract(&self) -> bool {
        !self.subtypes.is_empty()
    }

    /// The variants that are object types (named), in spec order.
    pub(crate) fn named_variants(&self) -> impl Iterator<Item = &str> {
        self.subtypes.iter().filter_map(|t| match t {
            TypeExpr::Named(n) => Some(n.as_str()),
            _ => None,
        })
    }
}

/// A method of the `methods` section.
#[derive(Debug, Clone)]
pub(crate) struct MethodDef {
    pub(crate) name: String,
    pub(crate) returns: Vec<TypeExpr>,
    pub(crate) params: Vec<Field>,
    /// The method returns Boolean and its description says `True` is returned, so a
    /// Boolean result must be `true`.
    pub(crate) true_only: bool,
}

/// The whole parsed spec, before allow-lists.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) version: String,
    pub(crate) types: HashMap<String, TypeDef>,
    /// Keyed by the lower-cased method name.
    pub(crate) methods: HashMap<String, MethodDef>,
}

fn str_of<'a>(v: &'a Value, key: &str, ctx: &str) -> &'a str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("api.json: {ctx}: `{key}` is not a string"))
}

fn strings_of(v: &Value, key: &str, ctx: &str) -> Vec<String> {
    match v.get(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .unwrap_or_else(|| panic!("api.json: {ctx}: `{key}` has a non-string"))
                    .to_owned()
            })
            .collect(),
        Some(_) => panic!("api.json: {ctx}: `{key}` is not an array"),
    }
}

fn parse_fields(v: &Value, ctx: &str) -> Vec<Field> {
    let Some(items) = v.get("fields") else {
        return Vec::new();
    };
    let items = items
        .as_array()
        .unwrap_or_else(|| panic!("api.json: {ctx}: `fields` is not an array"));
    items
        .iter()
        .map(|f| {
            let name = str_of(f, "name", ctx).to_owned();
            let ctx = format!("{ctx}.{name}");
            let types: Vec<TypeExpr> = strings_of(f, "types", &ctx)
                .iter()
                .map(|s| TypeExpr::parse(s))
                .collect();
            let required = f
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or_else(|| panic!("api.json: {ctx}: `required` is not a bool"));
            let description = str_of(f, "description", &ctx);
            let constraints = extract::field_constraints(&types, description);
            Field {
                name,
                types,
                required,
                constraints,
            }
        })
        .collect()
}

impl Model {
    /// Adds a field that `api.json` does not list (see `LATER_FIELDS`). Panics on an
    /// unknown type or a field already listed: the amendment would be stale.
    pub(crate) fn add_field(
        &mut self,
        type_name: &str,
        field: &str,
        type_str: &str,
        required: bool,
    ) {
        let def = self
            .types
            .get_mut(type_name)
            .unwrap_or_else(|| panic!("later field: no type {type_name}"));
        assert!(
            def.field(field).is_none(),
            "later field: {type_name}.{field} is already in api.json"
        );
        def.fields.push(Field {
            name: field.to_owned(),
            types: vec![TypeExpr::parse(type_str)],
            required,
            constraints: Vec::new(),
        });
    }

    /// Parses the text of `api.json`. Panics on malformed data (the file is embedded and
    /// covered by tests).
    pub(crate) fn parse(text: &str) -> Model {
        let root: Value = serde_json::from_str(text).expect("api.json is valid JSON");
        let version = str_of(&root, "version", "root").to_owned();
        let mut types = HashMap::new();
        let raw_types = root["types"].as_object().expect("api.json: `types` object");
        for (name, t) in raw_types {
            let fields = parse_fields(t, name);
            let description = strings_of(t, "description", name).join(" ");
            let rules = extract::group_rules(&description, &fields);
            let subtypes = strings_of(t, "subtypes", name)
                .iter()
                .map(|s| TypeExpr::parse(s))
                .collect();
            let def = TypeDef {
                name: name.clone(),
                fields,
                subtypes,
                rules,
                discriminator: None,
            };
            types.insert(name.clone(), def);
        }
        let discriminators: Vec<(String, Discriminator)> = types
            .values()
            .filter(|t| t.is_abstract())
            .filter_map(|t| discriminator(t, &types).map(|d| (t.name.clone(), d)))
            .collect();
        for (name, d) in discriminators {
            if let Some(t) = types.get_mut(&name) {
                t.discriminator = Some(d);
            }
        }
        let mut methods = HashMap::new();
        let raw_methods = root["methods"]
            .as_object()
            .expect("api.json: `methods` object");
        for (name, m) in raw_methods {
            let returns: Vec<TypeExpr> = strings_of(m, "returns", name)
                .iter()
                .map(|s| TypeExpr::parse(s))
                .collect();
            let description = strings_of(m, "description", name).join(" ");
            let true_only =
                returns.contains(&TypeExpr::Boolean) && extract::returns_true(&description);
            let def = MethodDef {
                name: name.clone(),
                returns,
                params: parse_fields(m, name),
                true_only,
            };
            methods.insert(name.to_ascii_lowercase(), def);
        }
        Model {
            version,
            types,
            methods,
        }
    }
}

/// The single constant value of a String field, if it has one.
fn constant_of(field: &Field) -> Option<&str> {
    field.constraints.iter().find_map(|c| match c {
        Constraint::OneOf(v) if v.len() == 1 => Some(v[0].as_str()),
        _ => None,
    })
}

/// Finds how to select the variant of the abstract type `u`.
fn discriminator(u: &TypeDef, types: &HashMap<String, TypeDef>) -> Option<Discriminator> {
    let variants: Vec<&TypeDef> = u.named_variants().filter_map(|n| types.get(n)).collect();
    let first = variants.first()?;
    // A String field that is a constant in every variant.
    for candidate in &first.fields {
        let values: Option<Vec<(String, String)>> = variants
            .iter()
            .map(|v| {
                let value = constant_of(v.field(&candidate.name)?)?;
                Some((value.to_owned(), v.name.clone()))
            })
            .collect();
        if let Some(variants) = values {
            return Some(Discriminator::Str {
                field: candidate.name.clone(),
                variants,
            });
        }
    }
    // One variant has an Integer constant that the other variants also carry.
    for v in &variants {
        for f in &v.fields {
            let Some(value) = f.constraints.iter().find_map(|c| match c {
                Constraint::IntEquals(n) => Some(*n),
                _ => None,
            }) else {
                continue;
            };
            let others_have_it = variants
                .iter()
                .filter(|o| o.name != v.name)
                .all(|o| o.field(&f.name).is_some_and(|of| of.required));
            if others_have_it {
                return Some(Discriminator::IntConst {
                    field: f.name.clone(),
                    value,
                    variant: v.name.clone(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referenced_type_exists() {
        let model = Model::parse(crate::API_JSON);
        assert_eq!(model.types.len(), 359);
        assert_eq!(model.methods.len(), 180);
        let exists = |t: &TypeExpr| t.named().is_none_or(|n| model.types.contains_key(n));
        for t in model.types.values() {
            for f in &t.fields {
                assert!(f.types.iter().all(exists), "{}.{}", t.name, f.name);
            }
            assert!(t.subtypes.iter().all(exists), "{}", t.name);
        }
        for m in model.methods.values() {
            assert!(m.returns.iter().all(exists), "{}", m.name);
            for p in &m.params {
                assert!(p.types.iter().all(exists), "{}.{}", m.name, p.name);
            }
        }
    }

    #[test]
    fn type_strings_round_trip() {
        for s in [
            "Integer",
            "Array of Array of PhotoSize",
            "InputFile",
            "Array of String",
        ] {
            assert_eq!(TypeExpr::parse(s).to_string(), s);
        }
    }
}
