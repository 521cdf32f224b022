//! Reading parameters that carry JSON objects, shared by the areas' `input` modules: the
//! getters of TDLib's `JsonObject`, whose error texts the reference server answers with:
//! `Can't find field "x"`, `Field "x" must be of type String`, `Field "x" must be a Number`.

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::params::Params;

/// A JSON object.
pub(crate) type Obj = Map<String, Value>;
/// A field's value, or the text of what is wrong with it.
pub(crate) type FieldResult<T> = Result<T, String>;

fn field_type_error(name: &str, ty: &str) -> String {
    format!("Field \"{name}\" must be of type {ty}")
}

fn missing(name: &str) -> String {
    format!("Can't find field \"{name}\"")
}

/// TDLib's `get_optional_string_field`: strings, and numbers as their text.
pub(crate) fn opt_string(obj: &Obj, name: &str) -> FieldResult<Option<String>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(field_type_error(name, "String")),
    }
}

pub(crate) fn req_string(obj: &Obj, name: &str) -> FieldResult<String> {
    opt_string(obj, name)?.ok_or_else(|| missing(name))
}

pub(crate) fn opt_bool(obj: &Obj, name: &str) -> FieldResult<bool> {
    match obj.get(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(field_type_error(name, "Boolean")),
    }
}

/// TDLib's integer getters: numbers or numeric strings that fit.
pub(crate) fn opt_int<T: TryFrom<i64>>(obj: &Obj, name: &str) -> FieldResult<Option<T>> {
    let text = match obj.get(name) {
        None => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(format!("Field \"{name}\" must be a Number")),
    };
    text.parse::<i64>()
        .ok()
        .and_then(|v| T::try_from(v).ok())
        .map(Some)
        .ok_or_else(|| format!("Field \"{name}\" must be a valid Number"))
}

pub(crate) fn req_int<T: TryFrom<i64>>(obj: &Obj, name: &str) -> FieldResult<T> {
    opt_int(obj, name)?.ok_or_else(|| missing(name))
}

pub(crate) fn opt_object<'a>(obj: &'a Obj, name: &str) -> FieldResult<Option<&'a Obj>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(field_type_error(name, "Object")),
    }
}

pub(crate) fn req_object<'a>(obj: &'a Obj, name: &str) -> FieldResult<&'a Obj> {
    opt_object(obj, name)?.ok_or_else(|| missing(name))
}

pub(crate) fn opt_array<'a>(obj: &'a Obj, name: &str) -> FieldResult<Option<&'a Vec<Value>>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(_) => Err(field_type_error(name, "Array")),
    }
}

/// Decodes a JSON parameter; `Ok(None)` when absent or empty.
pub(crate) fn json_param(
    params: &Params,
    name: &str,
    unparsable: &'static str,
) -> Result<Option<Value>, ApiError> {
    params
        .json_value(name)
        .map_err(|_| ApiError::bad_request(unparsable))
}
