//! The validator: walks a JSON value against a type expression and records violations.

use serde_json::{Map, Value};

use crate::model::{Cardinality, Constraint, Discriminator, Field, TypeDef, TypeExpr};
use crate::{Spec, Violation};

/// Largest magnitude allowed for "at most 52 significant bits" values.
const BITS52: u64 = 1 << 52;
/// A Unix time at or beyond this many seconds (year 5138) is taken to be milliseconds.
const UNIX_SECONDS_LIMIT: i64 = 100_000_000_000;

/// `a` + `b` → `a.b` (or `b` at the root).
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A short description of a JSON value's kind, for messages.
pub(crate) fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("float {n}"),
        Value::Number(n) => format!("integer {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".to_owned(),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Collects violations during one check.
pub(crate) struct Checker<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) out: Vec<Violation>,
    /// The path of the object on which getMe-only User fields are accepted: the root
    /// for [`Spec::check_type`], `result` for getMe's result, nowhere otherwise.
    pub(crate) get_me_root: Option<String>,
}

impl Checker<'_> {
    pub(crate) fn push(&mut self, path: &str, message: impl Into<String>) {
        self.out.push(Violation {
            path: path.to_owned(),
            message: message.into(),
        });
    }

    /// Runs `f` with a fresh violation list and returns what it recorded.
    fn trial(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Violation> {
        let saved = std::mem::take(&mut self.out);
        f(self);
        std::mem::replace(&mut self.out, saved)
    }

    /// The value must match at least one of `types` (a field's or a method's union).
    pub(crate) fn check_any(&mut self, types: &[TypeExpr], v: &Value, path: &str) {
        if let [only] = types {
            self.check_expr(only, v, path);
            return;
        }
        let mut kind_matches = Vec::new();
        for t in types {
            let found = self.trial(|c| c.check_expr(t, v, path));
            if found.is_empty() {
                return;
            }
            if self.kind_fits(t, v) {
                kind_matches.push(found);
            }
        }
        if kind_matches.len() == 1 {
            self.out.append(&mut kind_matches[0]);
        } else {
            let names: Vec<String> = types.iter().map(ToString::to_string).collect();
            self.push(
                path,
                format!("expected one of {}, got {}", names.join(" or "), kind(v)),
            );
        }
    }

    /// Whether the JSON kind of `v` is the one `t` is written as.
    fn kind_fits(&self, t: &TypeExpr, v: &Value) -> bool {
        match t {
            TypeExpr::Integer | TypeExpr::Float => v.is_number(),
            TypeExpr::Boolean => v.is_boolean(),
            TypeExpr::String => v.is_string(),
            TypeExpr::InputFile => false,
            TypeExpr::Array(_) => v.is_array(),
            // RichText may also be a String or an array; any other named type is an object.
            TypeExpr::Named(n) => {
                let def = self.spec.model.types.get(n);
                let plain = |t: &TypeExpr| !matches!(t, TypeExpr::Named(_));
                v.is_object() || def.is_some_and(|d| d.subtypes.iter().any(plain))
            }
        }
    }

    pub(crate) fn check_expr(&mut self, t: &TypeExpr, v: &Value, path: &str) {
        match t {
            TypeExpr::Integer => match v {
                Value::Number(n) if n.is_i64() => {}
                Value::Number(n) if n.is_u64() => {
                    self.push(
                        path,
                        format!("integer {n} does not fit in a signed 64-bit Integer"),
                    );
                }
                _ => self.push(path, format!("expected Integer, got {}", kind(v))),
            },
            TypeExpr::Float => {
                if !v.is_number() {
                    self.push(path, format!("expected Float, got {}", kind(v)));
                }
            }
            TypeExpr::Boolean => {
                if !v.is_boolean() {
                    self.push(path, format!("expected Boolean, got {}", kind(v)));
                }
            }
            TypeExpr::String => {
                if !v.is_string() {
                    self.push(path, format!("expected String, got {}", kind(v)));
                }
            }
            TypeExpr::InputFile => {
                self.push(
                    path,
                    "InputFile is an upload and cannot appear in a JSON value",
                );
            }
            TypeExpr::Array(inner) => match v {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check_expr(inner, item, &format!("{path}[{i}]"));
                    }
                }
                _ => self.push(path, format!("expected {t}, got {}", kind(v))),
            },
            TypeExpr::Named(name) => self.check_named(name, v, path),
        }
    }

    pub(crate) fn check_named(&mut self, name: &str, v: &Value, path: &str) {
        let spec = self.spec;
        let Some(def) = spec.model.types.get(name) else {
            self.push(path, format!("the spec has no type {name}"));
            return;
        };
        if def.is_abstract() {
            self.check_union(def, v, path);
            return;
        }
        match v {
            Value::Object(obj) => self.check_object(def, obj, path),
            _ => self.push(path, format!("expected {name} object, got {}", kind(v))),
        }
    }

    fn check_object(&mut self, def: &TypeDef, obj: &Map<String, Value>, path: &str) {
        for f in def.fields.iter().filter(|f| f.required) {
            if !obj.contains_key(&f.name) {
                let p = join(path, &f.name);
                self.push(&p, format!("missing required field of {}", def.name));
            }
        }
        for (key, value) in obj {
            let p = join(path, key);
            match def.field(key) {
                None if self
                    .spec
                    .extra_fields
                    .contains(&(def.name.clone(), key.clone())) => {}
                None => self.push(&p, format!("unknown field (not in {})", def.name)),
                Some(_) if value.is_null() => {
                    self.push(&p, "null is not a value; omit the field instead");
                }
                Some(field) => {
                    let before = self.out.len();
                    self.check_any(&field.types, value, &p);
                    if self.out.len() == before {
                        self.check_constraints(def, obj, field, value, &p);
                    }
                }
            }
        }
        for rule in &def.rules {
            let present: Vec<&str> = rule
                .fields
                .iter()
                .filter(|f| obj.contains_key(f.as_str()))
                .map(String::as_str)
                .collect();
            let ok = match rule.kind {
                Cardinality::AtMostOne => present.len() <= 1,
                Cardinality::ExactlyOne => present.len() == 1,
            };
            if !ok {
                self.push(
                    path,
                    format!(
                        "{} has {} of the fields {:?} (\"{}\")",
                        def.name,
                        present.len(),
                        rule.fields,
                        rule.text
                    ),
                );
            }
        }
    }

    fn check_constraints(
        &mut self,
        def: &TypeDef,
        obj: &Map<String, Value>,
        field: &Field,
        v: &Value,
        path: &str,
    ) {
        for c in &field.constraints {
            match (c, v) {
                (Constraint::GetMeOnly, _) => {
                    let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
                    if self.get_me_root.as_deref() != Some(parent) {
                        let msg = format!("{}.{} is returned only in getMe", def.name, field.name);
                        self.push(path, msg);
                    }
                }
                (Constraint::OnlyFor(x), _) => {
                    let selector = def.fields.iter().find(|f| {
                        let lists_x =
                            |c: &Constraint| matches!(c, Constraint::OneOf(v) if v.contains(x));
                        f.constraints.iter().any(lists_x)
                    });
                    if let Some(sel) = selector {
                        let actual = obj.get(&sel.name).and_then(Value::as_str);
                        if actual != Some(x.as_str()) {
                            let msg = format!(
                                "only allowed when {} is {x:?} (it is {actual:?})",
                                sel.name
                            );
                            self.push(path, msg);
                        }
                    }
                }
                (Constraint::OneOf(values), Value::String(s)) => {
                    let key = (def.name.clone(), field.name.clone());
                    let extra = self.spec.extra_values.get(&key);
                    let allowed = values.contains(s) || extra.is_some_and(|e| e.contains(s));
                    if !allowed {
                        let msg = if values.len() == 1 {
                            format!(
                                "{s:?} is not allowed; {}.{} is always {:?}",
                                def.name, field.name, values[0]
                            )
                        } else {
                            format!(
                                "{s:?} is not an allowed value of {}.{}; expected one of {values:?}",
                                def.name, field.name
                            )
                        };
                        self.push(path, msg);
                    }
                }
                (Constraint::IntEquals(n), Value::Number(x)) if x.as_i64() != Some(*n) => {
                    let msg = format!("{}.{} is always {n}, got {x}", def.name, field.name);
                    self.push(path, msg);
                }
                (Constraint::Positive, Value::Number(x)) if x.as_i64().is_none_or(|x| x <= 0) => {
                    let msg = format!("{}.{} is always positive, got {x}", def.name, field.name);
                    self.push(path, msg);
                }
                (Constraint::Bits52, Value::Number(x))
                    if x.as_i64().is_none_or(|x| x.unsigned_abs() >= BITS52) =>
                {
                    let msg = format!("{x} has more than 52 significant bits");
                    self.push(path, msg);
                }
                (Constraint::UnixSeconds, Value::Number(x))
                    if x.as_i64().is_none_or(|x| x.abs() >= UNIX_SECONDS_LIMIT) =>
                {
                    let msg = format!("{x} is not a Unix time in seconds (milliseconds?)");
                    self.push(path, msg);
                }
                _ => {}
            }
        }
    }

    fn check_union(&mut self, u: &TypeDef, v: &Value, path: &str) {
        let Value::Object(obj) = v else {
            let alternatives: Vec<TypeExpr> = u
                .subtypes
                .iter()
                .filter(|t| !matches!(t, TypeExpr::Named(_)))
                .cloned()
                .collect();
            if alternatives.is_empty() {
                self.push(path, format!("expected {} object, got {}", u.name, kind(v)));
            } else {
                self.check_any(&alternatives, v, path);
            }
            return;
        };
        match &u.discriminator {
            Some(Discriminator::Str { field, variants }) => {
                let p = join(path, field);
                let known: Vec<&str> = variants.iter().map(|(value, _)| value.as_str()).collect();
                match obj.get(field) {
                    None => self.push(
                        &p,
                        format!(
                            "missing the field that selects the {} variant (one of {known:?})",
                            u.name
                        ),
                    ),
                    Some(Value::String(s)) => {
                        let candidates: Vec<&str> = variants
                            .iter()
                            .filter(|(value, _)| value == s)
                            .map(|(_, variant)| variant.as_str())
                            .collect();
                        if candidates.is_empty() {
                            self.push(
                                &p,
                                format!(
                                    "{s:?} selects no variant of {}; expected one of {known:?}",
                                    u.name
                                ),
                            );
                        } else {
                            self.exactly_one(u, &candidates, v, path);
                        }
                    }
                    Some(other) => {
                        self.push(&p, format!("expected String, got {}", kind(other)));
                    }
                }
            }
            Some(Discriminator::IntConst {
                field,
                value,
                variant,
            }) => match obj.get(field).and_then(Value::as_i64) {
                Some(x) if x == *value => self.check_named(variant, v, path),
                Some(_) => {
                    let others: Vec<&str> = u.named_variants().filter(|n| n != variant).collect();
                    self.exactly_one(u, &others, v, path);
                }
                None => {
                    let all: Vec<&str> = u.named_variants().collect();
                    self.exactly_one(u, &all, v, path);
                }
            },
            None => {
                let all: Vec<&str> = u.named_variants().collect();
                self.exactly_one(u, &all, v, path);
            }
        }
    }

    /// The object must be valid as exactly one of `candidates`.
    fn exactly_one(&mut self, u: &TypeDef, candidates: &[&str], v: &Value, path: &str) {
        if let [only] = candidates {
            self.check_named(only, v, path);
            return;
        }
        let mut passing = Vec::new();
        let mut best: Option<Vec<Violation>> = None;
        for name in candidates {
            let found = self.trial(|c| c.check_named(name, v, path));
            if found.is_empty() {
                passing.push(*name);
            } else if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        }
        match passing.len() {
            1 => {}
            0 => {
                let msg = format!(
                    "matches no variant of {} (tried {}); closest variant's problems follow",
                    u.name,
                    candidates.join(", ")
                );
                self.push(path, msg);
                self.out.extend(best.unwrap_or_default());
            }
            _ => {
                let msg = format!(
                    "ambiguous {}: matches several variants ({})",
                    u.name,
                    passing.join(", ")
                );
                self.push(path, msg);
            }
        }
    }
}
